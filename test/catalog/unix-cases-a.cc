/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * AF_UNIX conformance cases, part a (spec local-sockets.md).
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

// LS11: connect completes at once, data written before accept() waits for the server.
void
ConnectCompletesAtOnce(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int64_t> r;
    std::string got;
    host->Spawn("server", [&] {
        int lfd = UnixListener(host, "/tmp/ls11.sock", 5);
        r.push_back(lfd);
        host->Sleep(Seconds(1)); // the client connects and writes meanwhile
        struct pollfd p = {lfd, POLLIN, 0};
        r.push_back(host->Poll(&p, 1, 0)); // the listener is readable: 1
        int cfd = host->Accept(lfd, nullptr, nullptr);
        char buf[16] = {0};
        r.push_back(host->Read(cfd, buf, sizeof(buf)));
        got = buf;
        host->Close(cfd);
        host->Close(lfd);
    });
    host->Spawn(
        "client",
        [&] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
            UnixPath a("/tmp/ls11.sock");
            r.push_back(host->Connect(fd, a.Addr(), a.len)); // 0 even non-blocking
            r.push_back(host->Write(fd, "hello", 5));
            host->Sleep(Seconds(2));
            host->Close(fd);
        },
        MilliSeconds(10));
    ctx.Run();
    ctx.Check(r == std::vector<int64_t>{0, 0, 5, 1, 5},
              "listener fd 0, connect 0, write 5, poll 1, read 5");
    ctx.CheckEqual(got, std::string("hello"), "data written before accept()");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("connect").OnThread(2).At(MilliSeconds(10)).Field("ret", 0))
            .Expect(E::Return("accept").OnThread(1).At(Seconds(1)).Field("ret", 2)));
    ctx.ExpectNoViolations();
}
} // namespace

void
RegisterUnixCases_a(ConformanceCatalog& catalog)
{
    catalog.Add({"LS11_connect_completes_at_once",
                 {"LS11"},
                 "connect returns 0 at once (also non-blocking); data before accept is queued",
                 ConnectCompletesAtOnce});
}

} // namespace ns3
