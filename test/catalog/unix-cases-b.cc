/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * AF_UNIX conformance cases, part b (spec local-sockets.md).
 */

#include "sockbench-catalog.h"
#include "unix-test-util.h"

#include "ns3/simulator.h"

#include <cerrno>
#include <poll.h>

namespace ns3
{

namespace
{
using E = TraceExpectation;

// LS16: a full backlog with SO_SNDTIMEO = 100 ms: EAGAIN exactly 100 ms later.
void
ConnectSndtimeo(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    int result = 0;
    int err = 0;
    Time returned;
    host->Spawn("server", [&] {
        int lfd = UnixListener(host, "/tmp/ls16.sock", 0); // backlog 0 admits 1 (LS9)
        host->Sleep(Seconds(10));
        host->Close(lfd);
    });
    host->Spawn(
        "client",
        [&] {
            int first = UnixConnect(host, "/tmp/ls16.sock"); // takes the one slot
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            struct timeval tv = {0, 100000};
            host->SetSockOpt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
            UnixPath a("/tmp/ls16.sock");
            result = host->Connect(fd, a.Addr(), a.len);
            err = host->GetErrno();
            returned = Simulator::Now();
            host->Close(fd);
            host->Close(first);
        },
        Seconds(1));
    ctx.Run();
    ctx.CheckEqual(result, -1, "connect on a full backlog with SO_SNDTIMEO");
    ctx.CheckEqual(err, EAGAIN, "errno (not ETIMEDOUT, not EINPROGRESS)");
    ctx.CheckEqual(returned, MilliSeconds(1100), "returns exactly 100 ms later");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Call("connect").OnThread(2).At(Seconds(1)))
            .Expect(E::State("block").OnThread(2).Field("timeoutNs", 100000000))
            .Expect(
                E::Return("connect").OnThread(2).At(MilliSeconds(1100)).Field("errno", "EAGAIN")));
    ctx.ExpectNoViolations();
}
} // namespace

void
RegisterUnixCases_b(ConformanceCatalog& catalog)
{
    catalog.Add({"LS16_connect_sndtimeo_eagain",
                 {"LS16"},
                 "full backlog + SO_SNDTIMEO: EAGAIN exactly at the timeout",
                 ConnectSndtimeo});
}

} // namespace ns3
