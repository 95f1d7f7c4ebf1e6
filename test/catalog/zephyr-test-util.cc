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
#include <climits>
#include <cstring>
#include <netinet/in.h>
#include <sstream>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <variant>

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

Ptr<ZephyrNode>
ZephyrInstallOneNode(ConformanceContext& ctx,
                     const std::vector<const net_socket_service_desc*>& services,
                     ZephyrSemantics semantics,
                     const std::function<void(ZephyrHelper&)>& configure)
{
    NodeContainer nodes = ctx.CreateNodes(1);
    return ZephyrInstall(nodes.Get(0), services, semantics, configure);
}

namespace
{
/// \return a socket of the calling node of \p type bound to 0.0.0.0:\p port, or -1
int
BoundInetSocket(int type, int protocol, uint16_t port)
{
    int fd = zsock_socket(AF_INET, type, protocol);
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
} // namespace

int
ZephyrUdp(uint16_t port)
{
    return BoundInetSocket(SOCK_DGRAM, IPPROTO_UDP, port);
}

int
ZephyrTcpListener(uint16_t port, int backlog)
{
    int fd = BoundInetSocket(SOCK_STREAM, IPPROTO_TCP, port);
    if (fd >= 0 && zsock_listen(fd, backlog) < 0)
    {
        zsock_close(fd);
        return -1;
    }
    return fd;
}

ZephyrPair
ZephyrSocketPair(int type)
{
    int sv[2] = {-1, -1};
    zsock_socketpair(AF_UNIX, type, 0, sv);
    return ZephyrPair{sv[0], sv[1]};
}

int
ZephyrEventFd()
{
    return ZephyrNode::Current()->GetHost()->EventFd(0, EFD_NONBLOCK);
}

void
ZephyrSignal(int fd)
{
    uint64_t one = 1;
    ZephyrNode::Current()->GetHost()->Write(fd, &one, sizeof(one));
}

zsock_pollfd
ZephyrPollIn(int fd)
{
    return zsock_pollfd{fd, ZSOCK_POLLIN, 0};
}

int
ZephyrRegister(const net_socket_service_desc* svc, std::vector<zsock_pollfd> fds, void* userData)
{
    return net_socket_service_register(svc, fds.data(), static_cast<int>(fds.size()), userData);
}

void
ZephyrTeardown(Ptr<SockbenchHost> host,
               const std::vector<const net_socket_service_desc*>& svcs,
               const std::vector<int>& fds)
{
    for (const auto* s : svcs)
    {
        net_socket_service_unregister(s);
    }
    host->Sleep(MilliSeconds(1));
    for (int fd : fds)
    {
        if (fd >= 0)
        {
            zsock_close(fd);
        }
    }
}

void
ZephyrTeardownAt(Ptr<SockbenchHost> host,
                 Time at,
                 const std::vector<const net_socket_service_desc*>& svcs,
                 std::function<std::vector<int>()> fds)
{
    host->Spawn(
        "teardown",
        [host, svcs, fds] { ZephyrTeardown(host, svcs, fds()); },
        at);
}

std::vector<const TraceRecord*>
ZephyrRecords(ConformanceContext& ctx,
              TraceKind kind,
              const std::string& name,
              int64_t node,
              const std::string& personality)
{
    std::vector<const TraceRecord*> out;
    for (const TraceRecord& r : ctx.Trace()->GetRecords())
    {
        if (r.personality == personality && r.kind == kind && (name.empty() || r.name == name) &&
            (node < 0 || r.node == node))
        {
            out.push_back(&r);
        }
    }
    return out;
}

size_t
ZephyrRecordCount(ConformanceContext& ctx, TraceKind kind, const std::string& name, int64_t node)
{
    return ZephyrRecords(ctx, kind, name, node).size();
}

std::string
ZephyrField(const TraceRecord& r, const std::string& key)
{
    const TraceField* f = r.Find(key);
    return f ? TraceValueToString(f->value) : std::string();
}

std::string
ZephyrField(const TraceRecord* r, const std::string& key)
{
    return ZephyrField(*r, key);
}

int64_t
ZephyrIntField(const TraceRecord& r, const std::string& key)
{
    const TraceField* f = r.Find(key);
    const int64_t* v = f ? std::get_if<int64_t>(&f->value) : nullptr;
    return v ? *v : INT64_MIN;
}

std::vector<ZephyrRound>
ZephyrRounds(ConformanceContext& ctx)
{
    std::vector<ZephyrRound> out;
    for (const TraceRecord* r : ZephyrRecords(ctx, TraceKind::STATE, "round"))
    {
        ZephyrRound rr{r->seq, {}};
        std::stringstream ss(ZephyrField(*r, "polled"));
        std::string item;
        while (std::getline(ss, item, ','))
        {
            auto slash = item.find('/');
            if (slash != std::string::npos)
            {
                rr.polled.emplace_back(std::stoi(item.substr(0, slash)),
                                       std::stoi(item.substr(slash + 1)));
            }
        }
        out.push_back(rr);
    }
    return out;
}

std::vector<std::string>
ZephyrClosedByRebuild(ConformanceContext& ctx)
{
    std::vector<std::string> out;
    for (const TraceRecord* r : ZephyrRecords(ctx, TraceKind::STATE, "rebuild"))
    {
        std::string closed = ZephyrField(*r, "closed");
        if (!closed.empty())
        {
            out.push_back(closed);
        }
    }
    return out;
}

const TraceRecord*
ZephyrOneViolation(ConformanceContext& ctx, const std::string& name)
{
    auto v = ZephyrRecords(ctx, TraceKind::VIOLATION, name);
    ctx.CheckEqual(v.size(), size_t{1}, name + " violations");
    return v.empty() ? nullptr : v[0];
}

std::vector<std::string>
ZephyrCallbackRecords(ConformanceContext& ctx)
{
    std::vector<std::string> out;
    for (const TraceRecord* r : ZephyrRecords(ctx, TraceKind::UPCALL, "callback"))
    {
        out.push_back(r->object.substr(4) + "/" + ZephyrField(*r, "fd"));
    }
    return out;
}

void
ZephyrShutdownAt(Ptr<ZephyrNode> z, Time at)
{
    Simulator::Schedule(at - Simulator::Now(), [z] { z->Shutdown(); });
}

} // namespace ns3
