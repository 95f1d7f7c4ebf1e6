/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: sockaddr conversions (spec inet-sockets.md IN27, IN33).
 */

#include "inet-sockaddr.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/node.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sstream>

namespace ns3
{

bool
InetSockAddr::IsAny() const
{
    return isV4 ? v4 == Ipv4Address::GetAny() : v6 == Ipv6Address::GetAny();
}

Address
InetSockAddr::ToNs3() const
{
    if (isV4)
    {
        return InetSocketAddress(v4, port);
    }
    return Inet6SocketAddress(v6, port);
}

std::string
InetSockAddr::ToString() const
{
    std::ostringstream os;
    if (isV4)
    {
        os << v4 << ":" << port;
    }
    else
    {
        os << "[" << v6 << "]:" << port;
    }
    return os.str();
}

InetSockAddr
InetSockAddr::FromNs3(const Address& a)
{
    InetSockAddr r;
    if (InetSocketAddress::IsMatchingType(a))
    {
        InetSocketAddress s = InetSocketAddress::ConvertFrom(a);
        r.isV4 = true;
        r.v4 = s.GetIpv4();
        r.port = s.GetPort();
    }
    else if (Inet6SocketAddress::IsMatchingType(a))
    {
        Inet6SocketAddress s = Inet6SocketAddress::ConvertFrom(a);
        r.isV4 = false;
        r.v6 = s.GetIpv6();
        r.port = s.GetPort();
    }
    return r;
}

InetSockAddr
InetSockAddr::Any(int family)
{
    InetSockAddr r;
    r.isV4 = family == AF_INET;
    r.v4 = Ipv4Address::GetAny();
    r.v6 = Ipv6Address::GetAny();
    return r;
}

bool
InetSockAddr::operator==(const InetSockAddr& o) const
{
    return isV4 == o.isV4 && port == o.port && (isV4 ? v4 == o.v4 : v6 == o.v6);
}

int
ParseInetSockaddr(int family,
                  const struct sockaddr* addr,
                  socklen_t len,
                  InetSockAddr& out,
                  bool& unspec)
{
    unspec = false;
    if (!addr)
    {
        return -EFAULT;
    }
    if (len < sizeof(sa_family_t))
    {
        return -EINVAL;
    }
    sa_family_t given;
    std::memcpy(&given, addr, sizeof(given));
    if (given == AF_UNSPEC)
    {
        unspec = true;
        out = InetSockAddr::Any(family);
        if (family == AF_INET && len >= sizeof(struct sockaddr_in))
        {
            struct sockaddr_in sin;
            std::memcpy(&sin, addr, sizeof(sin));
            out.port = ntohs(sin.sin_port);
        }
        return 0;
    }
    if (family == AF_INET)
    {
        if (len < sizeof(struct sockaddr_in))
        {
            return -EINVAL;
        }
        if (given != AF_INET)
        {
            return -EAFNOSUPPORT;
        }
        struct sockaddr_in sin;
        std::memcpy(&sin, addr, sizeof(sin));
        out = InetSockAddr{};
        out.isV4 = true;
        out.v4 = Ipv4Address(ntohl(sin.sin_addr.s_addr));
        out.port = ntohs(sin.sin_port);
        return 0;
    }
    // AF_INET6: the RFC 2133 length (24, without sin6_scope_id) is the minimum.
    if (len < 24)
    {
        return -EINVAL;
    }
    if (given != AF_INET6)
    {
        return -EAFNOSUPPORT;
    }
    struct sockaddr_in6 sin6;
    std::memset(&sin6, 0, sizeof(sin6));
    std::memcpy(&sin6, addr, std::min<size_t>(len, sizeof(sin6)));
    out = InetSockAddr{};
    Ipv6Address v6(sin6.sin6_addr.s6_addr);
    out.port = ntohs(sin6.sin6_port);
    if (v6.IsIpv4MappedAddress())
    {
        out.isV4 = true;
        out.mapped = true;
        out.v4 = v6.GetIpv4MappedAddress();
    }
    else
    {
        out.isV4 = false;
        out.v6 = v6;
    }
    return 0;
}

void
WriteInetSockaddr(int family, const InetSockAddr& a, struct sockaddr* addr, socklen_t* len)
{
    if (!len)
    {
        return;
    }
    socklen_t capacity = *len;
    if (family == AF_INET)
    {
        struct sockaddr_in sin;
        std::memset(&sin, 0, sizeof(sin));
        sin.sin_family = AF_INET;
        sin.sin_port = htons(a.port);
        sin.sin_addr.s_addr = htonl(a.v4.Get());
        if (addr)
        {
            std::memcpy(addr, &sin, std::min<size_t>(capacity, sizeof(sin)));
        }
        *len = sizeof(sin);
        return;
    }
    struct sockaddr_in6 sin6;
    std::memset(&sin6, 0, sizeof(sin6));
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(a.port);
    Ipv6Address v6 =
        a.isV4 ? (a.v4 == Ipv4Address::GetAny() ? Ipv6Address::GetAny()
                                                : Ipv6Address::MakeIpv4MappedAddress(a.v4))
               : a.v6;
    v6.GetBytes(sin6.sin6_addr.s6_addr);
    if (addr)
    {
        std::memcpy(addr, &sin6, std::min<size_t>(capacity, sizeof(sin6)));
    }
    *len = sizeof(sin6);
}

bool
IsLocalAddress(Ptr<Node> node, const InetSockAddr& a)
{
    if (a.IsAny())
    {
        return true;
    }
    if (a.isV4)
    {
        if ((a.v4.Get() >> 24) == 127)
        {
            return true;
        }
        Ptr<Ipv4> ip = node->GetObject<Ipv4>();
        for (uint32_t i = 0; ip && i < ip->GetNInterfaces(); ++i)
        {
            for (uint32_t j = 0; j < ip->GetNAddresses(i); ++j)
            {
                if (ip->GetAddress(i, j).GetLocal() == a.v4)
                {
                    return true;
                }
            }
        }
        return false;
    }
    if (a.v6 == Ipv6Address::GetLoopback())
    {
        return true;
    }
    Ptr<Ipv6> ip6 = node->GetObject<Ipv6>();
    for (uint32_t i = 0; ip6 && i < ip6->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ip6->GetNAddresses(i); ++j)
        {
            if (ip6->GetAddress(i, j).GetAddress() == a.v6)
            {
                return true;
            }
        }
    }
    return false;
}

} // namespace ns3
