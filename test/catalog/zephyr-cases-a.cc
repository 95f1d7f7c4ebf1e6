/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: Zephyr socket services (spec socket-service.md SS1-SS17).
 */

#include "inet-test-util.h"
#include "sockbench-catalog.h"
#include "zephyr-test-util.h"

#include "ns3/simulator.h"
#include "ns3/zephyr-socket.h"

#include <cerrno>
#include <cstring>

namespace
{
void
LogAndDrain(struct net_socket_service_event* pev)
{
    ns3::ZephyrLogCall(pev);
    char buf[64];
    zsock_recv(pev->event.fd, buf, sizeof(buf), ZSOCK_MSG_DONTWAIT);
}
} // namespace

NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(smoke_b, LogAndDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(smoke_a, LogAndDrain, 2);

namespace ns3
{

void
RegisterZephyrCases_a(ConformanceCatalog& catalog)
{
    catalog.Add(
        {"SS22_smoke_dispatch_in_index_order",
         {"SS22"},
         "three UDP sockets ready in one round are dispatched in service, slot order",
         [](ConformanceContext& ctx) {
             NodeContainer nodes = ctx.CreateLinkedNodes(2);
             Ptr<ZephyrNode> z = ZephyrInstall(nodes.Get(1), {&smoke_b, &smoke_a});
             Ptr<SockbenchHost> server = ctx.Host(1);
             Ptr<SockbenchHost> client = ctx.Host(0);
             int fds[3] = {-1, -1, -1};
             server->Spawn("open", [&] {
                 fds[0] = ZephyrUdp(7001);
                 fds[1] = ZephyrUdp(7002);
                 fds[2] = ZephyrUdp(7003);
             });
             // The datagrams are queued before the register: one round sees all.
             server->Spawn(
                 "app",
                 [&] {
                     zsock_pollfd a[2] = {{fds[1], ZSOCK_POLLIN, 0}, {fds[2], ZSOCK_POLLIN, 0}};
                     zsock_pollfd b[1] = {{fds[0], ZSOCK_POLLIN, 0}};
                     ctx.CheckEqual(net_socket_service_register(&smoke_a, a, 2, nullptr),
                                    0,
                                    "register a");
                     ctx.CheckEqual(net_socket_service_register(&smoke_b, b, 1, nullptr),
                                    0,
                                    "register b");
                 },
                 MilliSeconds(50));
             Ipv4Address to = ctx.GetIpv4(1);
             client->Spawn(
                 "client",
                 [&] {
                     int s = UdpBound(client, AF_INET, 9000);
                     for (uint16_t p : {7003, 7001, 7002})
                     {
                         InetAddr d(to, p);
                         client->SendTo(s, "x", 1, 0, d.Addr(), d.len);
                     }
                     client->Close(s);
                 },
                 MilliSeconds(10));
             server->Spawn(
                 "close",
                 [&] {
                     net_socket_service_unregister(&smoke_a);
                     net_socket_service_unregister(&smoke_b);
                     server->Sleep(MilliSeconds(1));
                     for (int fd : fds)
                     {
                         zsock_close(fd);
                     }
                 },
                 Seconds(1));
             ZephyrShutdownAt(z, Seconds(2));
             ctx.Run();
             ctx.CheckEqual(ZephyrCallCount(), size_t{3}, "callbacks");
             auto recs = ZephyrCallbackRecords(ctx);
             std::string order;
             for (const auto& r : recs)
             {
                 order += r + " ";
             }
             ctx.CheckEqual(order,
                            std::string("smoke_a/") + std::to_string(fds[1]) + " smoke_a/" +
                                std::to_string(fds[2]) + " smoke_b/" + std::to_string(fds[0]) + " ",
                            "order");
             ctx.ExpectClean(server);
         }});
}

} // namespace ns3
