/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SockbenchHost: AF_INET/AF_INET6 sockets (TCP and UDP endpoints over ns-3) and node crashes.
 * Spec: inet-sockets.md.
 */

#include "sockbench-host.h"

#include "ns3/arp-cache.h"
#include "ns3/inet-port-table.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/tcp-endpoint.h"
#include "ns3/udp-endpoint.h"
#include "ns3/uinteger.h"

#include <cerrno>
#include <netinet/in.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SockbenchHostInet");

Ptr<InetPortTable>
SockbenchHost::GetPortTable()
{
    if (!m_portTable)
    {
        m_portTable = CreateObject<InetPortTable>();
    }
    return m_portTable;
}

const InetConfig&
SockbenchHost::GetInetConfig() const
{
    m_inet.profile = m_timingProfile;
    m_inet.closePolicy = m_closePolicy;
    m_inet.abortOnOverflow = m_abortOnOverflow;
    m_inet.synRetries = m_synRetries;
    m_inet.retries2 = m_retries2;
    m_inet.hz = m_hz;
    m_inet.privileged = m_uid == 0;
    return m_inet;
}

Ptr<SocketEndpoint>
SockbenchHost::CreateInetSocket(int domain, int type, int protocol, int& error)
{
    // inet_create: look the (type, protocol) pair up in the protocol switch.
    Ptr<Node> node = GetObject<Node>();
    if (type == SOCK_RAW)
    {
        error = EPERM; // needs CAP_NET_RAW; simulated threads are unprivileged
        return nullptr;
    }
    if (type != SOCK_STREAM && type != SOCK_DGRAM)
    {
        error = ESOCKTNOSUPPORT;
        return nullptr;
    }
    int wanted = type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
    if (protocol != 0 && protocol != wanted)
    {
        error = EPROTONOSUPPORT;
        return nullptr;
    }
    if (!node)
    {
        error = EAFNOSUPPORT; // a host that is not on a node has no network
        return nullptr;
    }
    ConfigureArp(node);
    auto emit =
        [this](const std::string& object, const std::string& name, std::vector<TraceField> fields) {
            Emit(TraceKind::STATE, "posix", object, name, std::move(fields));
        };
    if (type == SOCK_STREAM)
    {
        Ptr<TcpEndpoint> tcp = CreateObject<TcpEndpoint>();
        if (int r = tcp->Setup(domain, node, GetPortTable(), GetInetConfig(), emit))
        {
            error = -r;
            return nullptr;
        }
        error = 0;
        return tcp;
    }
    Ptr<UdpEndpoint> udp = CreateObject<UdpEndpoint>();
    if (int r = udp->Setup(domain, node, GetPortTable(), GetInetConfig(), emit))
    {
        error = -r;
        return nullptr;
    }
    error = 0;
    return udp;
}

void
SockbenchHost::ConfigureArp(Ptr<Node> node)
{
    // Profile table, ArpCache row (a choice): under the Linux profiles a neighbour that does
    // not answer is given up after 3 probes 1 s apart (about 3 s, as Linux); ns-3's own
    // default resends 3 times (about 4 s). Done once, at the node's first TCP/UDP socket.
    if (m_arpConfigured || m_timingProfile == TIMING_NS3)
    {
        return;
    }
    m_arpConfigured = true;
    Ptr<Ipv4L3Protocol> ip = node->GetObject<Ipv4L3Protocol>();
    for (uint32_t i = 0; ip && i < ip->GetNInterfaces(); ++i)
    {
        Ptr<ArpCache> cache = ip->GetInterface(i)->GetArpCache();
        if (cache)
        {
            cache->SetAttribute("WaitReplyTimeout", TimeValue(Seconds(1)));
            cache->SetAttribute("MaxRetries", UintegerValue(2));
        }
    }
}

void
SockbenchHost::Crash()
{
    NS_LOG_FUNCTION(this);
    if (InThread())
    {
        // A thread cannot unwind itself: crash in an event of its own, at the same instant.
        Simulator::ScheduleNow(&SockbenchHost::Crash, this);
        return;
    }
    Emit(TraceKind::STATE, "fault", "node", "crash", {});
    m_crashed = true;
    // The node's processes die (their stacks unwind, destructors run), then its sockets
    // vanish without a packet.
    UnwindThreads();
    for (size_t fd = 0; fd < m_descriptors.size(); ++fd)
    {
        Ptr<HostEndpoint> endpoint = m_descriptors[fd].endpoint;
        if (!endpoint)
        {
            continue;
        }
        m_descriptors[fd].endpoint = nullptr;
        m_freeDescriptors.insert(static_cast<int>(fd));
        --m_openDescriptors;
        if (auto socket = DynamicCast<SocketEndpoint>(endpoint))
        {
            socket->Crash();
        }
        else
        {
            endpoint->Release();
        }
        endpoint->Dispose();
        NotifyDescriptor(static_cast<int>(fd));
    }
    if (m_portTable)
    {
        m_portTable->Crash(); // closing connections are forgotten too
    }
    m_signalHandlers.clear();
    m_pendingSignals.clear();
}

void
SockbenchHost::Restart()
{
    Emit(TraceKind::STATE, "fault", "node", "restart", {});
    m_crashed = false;
}

bool
SockbenchHost::IsCrashed() const
{
    return m_crashed;
}

} // namespace ns3
