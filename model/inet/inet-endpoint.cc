/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: the common part of the TCP and UDP endpoints.
 */

#include "inet-endpoint.h"

#include "inet-port-table.h"

#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/node.h"

#include <cerrno>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(InetEndpoint);

TypeId
InetEndpoint::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::InetEndpoint").SetParent<SocketEndpoint>().SetGroupName("Sockbench");
    return tid;
}

int
InetEndpoint::Setup(int family,
                    Ptr<Node> node,
                    Ptr<InetPortTable> ports,
                    const InetConfig& config,
                    EmitFunction emit)
{
    bool hasFamily =
        family == AF_INET ? node->GetObject<Ipv4>() != nullptr : node->GetObject<Ipv6>() != nullptr;
    if (!hasFamily)
    {
        return -EAFNOSUPPORT;
    }
    m_family = family;
    m_node = node;
    m_ports = ports;
    m_config = config;
    m_emit = std::move(emit);
    m_id = ports->NewOwner();
    m_local = InetSockAddr::Any(family);
    m_peer = InetSockAddr::Any(family);
    return 0;
}

void
InetEndpoint::CopySetup(const InetEndpoint& other)
{
    m_family = other.m_family;
    m_node = other.m_node;
    m_ports = other.m_ports;
    m_config = other.m_config;
    m_emit = other.m_emit;
    m_id = m_ports->NewOwner();
    m_v6only = other.m_v6only;
}

std::string
InetEndpoint::GetObjectName() const
{
    return std::string(GetProtocolName()) + ":" + std::to_string(m_id);
}

std::string
InetEndpoint::GetKindName() const
{
    return std::string(GetProtocolName()) + (m_family == AF_INET ? "" : "6");
}

int
InetEndpoint::GetDomain() const
{
    return m_family;
}

void
InetEndpoint::Note(const std::string& name, std::vector<TraceField> fields) const
{
    if (m_emit)
    {
        m_emit(GetObjectName(), name, std::move(fields));
    }
}

int
InetEndpoint::CheckBindAddress(const struct sockaddr* addr, socklen_t len, InetSockAddr& a) const
{
    bool unspec = false;
    if (int r = ParseInetSockaddr(m_family, addr, len, a, unspec))
    {
        return r;
    }
    if (unspec && (m_family == AF_INET6 || !a.IsAny()))
    {
        return -EAFNOSUPPORT; // AF_UNSPEC is tolerated for INADDR_ANY on AF_INET only
    }
    if (a.mapped && m_v6only)
    {
        return -EINVAL;
    }
    if (!IsLocalAddress(m_node, a))
    {
        return -EADDRNOTAVAIL;
    }
    if (a.port != 0 && a.port < 1024 && !m_config.privileged)
    {
        return -EACCES; // CAP_NET_BIND_SERVICE (the host's Uid attribute 0 grants it)
    }
    a.mapped = false;
    return 0;
}

int
InetEndpoint::ClaimPort(const InetSockAddr& wanted)
{
    InetPortTable::Binding b;
    b.owner = m_id;
    b.local = wanted;
    b.v6only = m_v6only;
    b.reuse = reuseAddress;
    uint16_t port = 0;
    int r = m_ports->Bind(GetProtocolNumber(), b, port);
    if (r < 0)
    {
        return r == -EAGAIN ? -EADDRNOTAVAIL : r;
    }
    m_local = wanted;
    m_local.port = port;
    m_bound = true;
    return 0;
}

void
InetEndpoint::ReleasePort()
{
    if (m_bound)
    {
        m_ports->Release(GetProtocolNumber(), m_local.port, m_id);
        m_bound = false;
        m_userBound = false;
        m_local = InetSockAddr::Any(m_family);
    }
}

void
InetEndpoint::DoDispose()
{
    m_node = nullptr;
    m_ports = nullptr;
    m_emit = nullptr;
    SocketEndpoint::DoDispose();
}

} // namespace ns3
