/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: TCP connect, listen and accept (spec inet-sockets.md IN1-IN12).
 */

#include "inet-test-util.h"
#include "sockbench-catalog.h"

#include "ns3/simulator.h"

#include <poll.h>

namespace ns3
{

namespace
{

void
IN1(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    Time refusedAt;
    client->Spawn("client", [&] {
        int fd = client->Socket(AF_INET, SOCK_STREAM, 0);
        Time start = Simulator::Now();
        ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                       Failed(ECONNREFUSED),
                       "connect to a port without listener");
        refusedAt = Simulator::Now() - start;
        ctx.CheckEqual(SoError(client, fd), 0, "SO_ERROR after the refusal");
        ctx.CheckEqual(PollName(PollNow(client, fd)),
                       PollName(POLLOUT | POLLWRNORM | POLLHUP),
                       "poll after the refusal");
        struct sockaddr_storage ss;
        socklen_t len = sizeof(ss);
        ctx.CheckEqual(
            Outcome(client, client->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&ss), &len)),
            Failed(ENOTCONN),
            "getpeername after the refusal");
        client->Sleep(Seconds(1));
        ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                       Ok(),
                       "connect again, once a listener exists");
        client->Close(fd);
    });
    server->Spawn(
        "server",
        [&] {
            int l = TcpListener(server, 5001);
            int a = server->Accept(l, nullptr, nullptr);
            ctx.Check(a >= 0, "the second connect is accepted");
            server->Close(a);
            server->Close(l);
        },
        MilliSeconds(500));
    ctx.Run(Seconds(30));
    // One round trip on a 1 ms, 10 Mb/s link: 2 ms of delay plus two transmission times.
    ctx.Check(refusedAt > MilliSeconds(2) && refusedAt < MilliSeconds(3),
              "refused one round trip after the SYN (not after SYN retries)");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

} // namespace

void
RegisterInetCases_a(ConformanceCatalog& catalog)
{
    catalog.Add({"IN1_connect_refused_at_once",
                 {"IN1"},
                 "RST|ACK to a SYN: ECONNREFUSED at once; the socket can connect again",
                 IN1});
}

} // namespace ns3
