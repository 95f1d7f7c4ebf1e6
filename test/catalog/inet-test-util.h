/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: shared helpers of the TCP/UDP cases (spec inet-sockets.md).
 */

#ifndef SOCKBENCH_INET_TEST_UTIL_H
#define SOCKBENCH_INET_TEST_UTIL_H

#include "ns3/conformance-catalog.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/sockbench-host.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>

namespace ns3
{

/// A sockaddr_in or sockaddr_in6 with its length.
struct InetAddr
{
    struct sockaddr_storage ss;
    socklen_t len;

    /// An IPv4 address and port.
    InetAddr(Ipv4Address ip, uint16_t port)
    {
        std::memset(&ss, 0, sizeof(ss));
        auto* sin = reinterpret_cast<struct sockaddr_in*>(&ss);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        sin->sin_addr.s_addr = htonl(ip.Get());
        len = sizeof(struct sockaddr_in);
    }

    /// An IPv6 address and port.
    InetAddr(Ipv6Address ip, uint16_t port)
    {
        std::memset(&ss, 0, sizeof(ss));
        auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(&ss);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        ip.GetBytes(sin6->sin6_addr.s6_addr);
        len = sizeof(struct sockaddr_in6);
    }

    /// ::ffff:a.b.c.d for an AF_INET6 socket.
    static InetAddr Mapped(Ipv4Address ip, uint16_t port)
    {
        return InetAddr(Ipv6Address::MakeIpv4MappedAddress(ip), port);
    }

    /// AF_UNSPEC (connect: dissolve the association).
    static InetAddr Unspec()
    {
        InetAddr a(Ipv4Address::GetAny(), 0);
        a.ss.ss_family = AF_UNSPEC;
        return a;
    }

    const struct sockaddr* Addr() const
    {
        return reinterpret_cast<const struct sockaddr*>(&ss);
    }

    /// \return the port in host order (either family)
    uint16_t Port() const
    {
        if (ss.ss_family == AF_INET6)
        {
            return ntohs(reinterpret_cast<const struct sockaddr_in6*>(&ss)->sin6_port);
        }
        return ntohs(reinterpret_cast<const struct sockaddr_in*>(&ss)->sin_port);
    }
};

/// The outcome of one call: return value and errno.
struct CallResult
{
    int64_t ret;
    int error;

    bool operator==(const CallResult& o) const
    {
        return ret == o.ret && error == o.error;
    }
};

/// \return "ret/ERRNO" for messages
std::string ToString(const CallResult& r);

/// Print a CallResult (for CheckEqual).
inline std::ostream&
operator<<(std::ostream& os, const CallResult& r)
{
    return os << ToString(r);
}

/// \return the result of \p ret with the calling thread's errno (0 when ret >= 0)
inline CallResult
Outcome(Ptr<SockbenchHost> host, int64_t ret)
{
    return CallResult{ret, ret < 0 ? host->GetErrno() : 0};
}

/// A failure with \p error.
inline CallResult
Failed(int error)
{
    return CallResult{-1, error};
}

/// A success with \p ret.
inline CallResult
Ok(int64_t ret = 0)
{
    return CallResult{ret, 0};
}

/// \return a TCP (or UDP) listener bound to \p port on any address, or -1
/// \param host host \param port port \param backlog backlog \param family AF_INET/AF_INET6
/// \param reuse set SO_REUSEADDR first
int TcpListener(Ptr<SockbenchHost> host,
                uint16_t port,
                int backlog = 16,
                int family = AF_INET,
                bool reuse = false);

/// \return poll revents of \p fd (all events requested), without waiting
short PollNow(Ptr<SockbenchHost> host, int fd);

/// \return "IN|OUT|..." for \p revents
std::string PollName(short revents);

/// \return whether \p t lies in [\p lo, \p hi] \param t time \param lo low \param hi high
inline bool
Within(Time t, Time lo, Time hi)
{
    return t >= lo && t <= hi;
}

/// \return the outcome of setsockopt() of an int option \param host host \param fd socket
/// \param level level \param name option \param value the value
CallResult SetInt(Ptr<SockbenchHost> host, int fd, int level, int name, int value);

/// \return the outcome of send(\p text) \param host host \param fd socket \param text data
/// \param flags send flags
CallResult SendText(Ptr<SockbenchHost> host, int fd, const std::string& text, int flags = 0);

/// \return a UDP socket bound to \p port on the wildcard address of \p family, or -1
/// \param host host \param family AF_INET or AF_INET6 \param port port
int UdpBound(Ptr<SockbenchHost> host, int family, uint16_t port);

/// \return SO_ERROR of \p fd (reads and clears it)
int SoError(Ptr<SockbenchHost> host, int fd);

/**
 * \brief Send an ICMPv4 error from \p from to \p victim quoting a segment or datagram
 * victim:victimPort -> quoted:quotedPort of \p protocol, as a router or the peer would
 * (ns-3 matches it to the socket by the quoted addresses and ports).
 * \param from the sending node
 * \param victim the original sender (gets the ICMP)
 * \param victimPort its port
 * \param quoted the original destination
 * \param quotedPort its port
 * \param protocol 6 (TCP) or 17 (UDP)
 * \param type ICMP type (3: destination unreachable)
 * \param code ICMP code
 */
void InjectIcmpv4(Ptr<Node> from,
                  Ipv4Address victim,
                  uint16_t victimPort,
                  Ipv4Address quoted,
                  uint16_t quotedPort,
                  uint8_t protocol,
                  uint8_t type,
                  uint8_t code);

} // namespace ns3

#endif /* SOCKBENCH_INET_TEST_UTIL_H */
