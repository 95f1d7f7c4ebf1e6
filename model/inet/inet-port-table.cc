/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: port conflicts (spec inet-sockets.md IN27; Linux inet_csk_bind_conflict,
 * inet_csk_listen_start, udp_lib_lport_inuse).
 */

#include "inet-port-table.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <cerrno>
#include <netinet/in.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("InetPortTable");
NS_OBJECT_ENSURE_REGISTERED(InetPortTable);

namespace
{
constexpr uint16_t EPHEMERAL_LOW = 32768; // net.ipv4.ip_local_port_range
constexpr uint16_t EPHEMERAL_HIGH = 60999;
} // namespace

TypeId
InetPortTable::GetTypeId()
{
    static TypeId tid = TypeId("ns3::InetPortTable")
                            .SetParent<Object>()
                            .SetGroupName("Sockbench")
                            .AddConstructor<InetPortTable>();
    return tid;
}

uint64_t
InetPortTable::NewOwner()
{
    return m_nextOwner++;
}

bool
InetPortTable::Overlaps(const Binding& a, const Binding& b)
{
    const InetSockAddr& x = a.local;
    const InetSockAddr& y = b.local;
    if (x.isV4 == y.isV4)
    {
        return x.IsAny() || y.IsAny() || (x.isV4 ? x.v4 == y.v4 : x.v6 == y.v6);
    }
    // One IPv4 claim and one IPv6 claim: only a dual-stack :: covers IPv4.
    const Binding& six = x.isV4 ? b : a;
    return six.local.IsAny() && !six.v6only;
}

bool
InetPortTable::Conflicts(int protocol, const Binding& a, const Binding& b)
{
    if (a.owner == b.owner || !Overlaps(a, b))
    {
        return false;
    }
    if (b.timeWaitUntil != Time::Max())
    {
        return !(a.reuse && b.reuse); // TIME_WAIT: both must have set SO_REUSEADDR
    }
    if (protocol == IPPROTO_UDP)
    {
        return !(a.reuse && b.reuse);
    }
    // TCP (inet_bind_conflict with relax): SO_REUSEADDR on both is enough unless the other
    // one listens; listen() runs the same test, so the second listener fails.
    return !(a.reuse && b.reuse && !b.listening);
}

void
InetPortTable::Expire(std::vector<Binding>& list)
{
    Time now = Simulator::Now();
    for (auto it = list.begin(); it != list.end();)
    {
        it = it->timeWaitUntil <= now ? list.erase(it) : it + 1;
    }
}

int
InetPortTable::Bind(int protocol, const Binding& binding, uint16_t& port)
{
    if (binding.local.port != 0)
    {
        auto& list = m_ports[{protocol, binding.local.port}];
        Expire(list);
        for (const auto& other : list)
        {
            if (Conflicts(protocol, binding, other))
            {
                return -EADDRINUSE;
            }
        }
        list.push_back(binding);
        port = binding.local.port;
        return 0;
    }
    // Ephemeral: the next port with no claim at all, in order (deterministic).
    uint16_t& next = m_nextEphemeral.emplace(protocol, EPHEMERAL_LOW).first->second;
    for (uint32_t tries = 0; tries <= uint32_t{EPHEMERAL_HIGH - EPHEMERAL_LOW}; ++tries)
    {
        uint16_t candidate = next;
        next = next == EPHEMERAL_HIGH ? EPHEMERAL_LOW : next + 1;
        auto& list = m_ports[{protocol, candidate}];
        Expire(list);
        if (list.empty())
        {
            Binding b = binding;
            b.local.port = candidate;
            list.push_back(b);
            port = candidate;
            return 0;
        }
    }
    return -EAGAIN;
}

void
InetPortTable::AddChild(int protocol, const Binding& binding)
{
    m_ports[{protocol, binding.local.port}].push_back(binding);
}

int
InetPortTable::Listen(int protocol, uint16_t port, uint64_t owner)
{
    auto& list = m_ports[{protocol, port}];
    Expire(list);
    Binding* self = nullptr;
    for (auto& b : list)
    {
        if (b.owner == owner)
        {
            self = &b;
        }
    }
    if (!self)
    {
        return -EADDRINUSE;
    }
    for (const auto& other : list)
    {
        if (Conflicts(protocol, *self, other))
        {
            return -EADDRINUSE;
        }
    }
    self->listening = true;
    return 0;
}

void
InetPortTable::Release(int protocol, uint16_t port, uint64_t owner)
{
    auto it = m_ports.find({protocol, port});
    if (it == m_ports.end())
    {
        return;
    }
    auto& list = it->second;
    for (auto b = list.begin(); b != list.end(); ++b)
    {
        if (b->owner == owner && b->timeWaitUntil == Time::Max())
        {
            list.erase(b);
            break;
        }
    }
    if (list.empty())
    {
        m_ports.erase(it);
    }
}

void
InetPortTable::EnterTimeWait(int protocol, uint16_t port, uint64_t owner, Time until)
{
    auto it = m_ports.find({protocol, port});
    if (it == m_ports.end())
    {
        return;
    }
    for (auto& b : it->second)
    {
        if (b.owner == owner)
        {
            b.listening = false;
            b.timeWaitUntil = until;
        }
    }
}

void
InetPortTable::KeepOrphan(uint64_t owner, Ptr<Object> orphan)
{
    m_orphans[owner] = orphan;
}

namespace
{
void
DisposeLater(Ptr<Object> orphan)
{
    orphan->Dispose();
}
} // namespace

void
InetPortTable::DropOrphan(uint64_t owner)
{
    auto it = m_orphans.find(owner);
    if (it != m_orphans.end())
    {
        Simulator::ScheduleNow(&DisposeLater, it->second);
        m_orphans.erase(it);
    }
}

void
InetPortTable::Crash()
{
    for (auto& entry : m_orphans)
    {
        entry.second->Dispose();
    }
    m_orphans.clear();
    m_ports.clear();
}

void
InetPortTable::DoDispose()
{
    for (auto& entry : m_orphans)
    {
        entry.second->Dispose();
    }
    m_orphans.clear();
    m_ports.clear();
    Object::DoDispose();
}

} // namespace ns3
