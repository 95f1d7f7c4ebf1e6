/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: shared helpers of the Zephyr socket-service cases.
 */

#include "zephyr-test-util.h"

#include "ns3/enum.h"
#include "ns3/event-trace.h"
#include "ns3/simulator.h"
#include "ns3/zephyr-socket.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>

namespace ns3
{

std::vector<ZephyrCall>&
ZephyrCalls()
{
    static std::vector<ZephyrCall> calls;
    return calls;
}

void
ZephyrLogCall(const net_socket_service_event* pev)
{
    ZephyrCalls().push_back(ZephyrCall{Simulator::Now(),
                                       pev->svc ? pev->svc->name : "",
                                       pev->event.fd,
                                       pev->event.events,
                                       pev->event.revents,
                                       pev->user_data});
}

size_t
ZephyrCallCount(const std::string& name)
{
    size_t n = 0;
    for (const auto& c : ZephyrCalls())
    {
        n += name.empty() || c.service == name ? 1 : 0;
    }
    return n;
}

Ptr<ZephyrNode>
ZephyrInstall(Ptr<Node> node,
              const std::vector<const net_socket_service_desc*>& services,
              ZephyrSemantics semantics,
              const std::function<void(ZephyrHelper&)>& configure)
{
    ZephyrCalls().clear();
    ZephyrHelper helper;
    helper.SetAttribute("Semantics", EnumValue(semantics));
    helper.SetServices(services);
    if (configure)
    {
        configure(helper);
    }
    return helper.Install(node);
}

void
ZephyrThread(Ptr<SockbenchHost> host, const std::string& name, Time at, std::function<void()> body)
{
    host->Spawn(name, std::move(body), at);
}

int
ZephyrUdp(uint16_t port)
{
    int fd = zsock_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (fd < 0)
    {
        return -1;
    }
    struct sockaddr_in a;
    std::memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (zsock_bind(fd, reinterpret_cast<struct sockaddr*>(&a), sizeof(a)) < 0)
    {
        zsock_close(fd);
        return -1;
    }
    return fd;
}

int
ZephyrTcpListener(uint16_t port, int backlog)
{
    int fd = zsock_socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (fd < 0)
    {
        return -1;
    }
    struct sockaddr_in a;
    std::memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (zsock_bind(fd, reinterpret_cast<struct sockaddr*>(&a), sizeof(a)) < 0 ||
        zsock_listen(fd, backlog) < 0)
    {
        zsock_close(fd);
        return -1;
    }
    return fd;
}

std::vector<std::string>
ZephyrCallbackRecords(ConformanceContext& ctx)
{
    std::vector<std::string> out;
    for (const TraceRecord& r : ctx.Trace()->GetRecords())
    {
        if (r.personality != "zephyr" || r.kind != TraceKind::UPCALL || r.name != "callback")
        {
            continue;
        }
        std::string fd;
        for (const auto& f : r.fields)
        {
            if (f.key == "fd")
            {
                fd = TraceValueToString(f.value);
            }
        }
        out.push_back(r.object.substr(4) + "/" + fd);
    }
    return out;
}

void
ZephyrShutdownAt(Ptr<ZephyrNode> z, Time at)
{
    Simulator::Schedule(at - Simulator::Now(), [z] { z->Shutdown(); });
}

} // namespace ns3
