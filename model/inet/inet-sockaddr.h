/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: struct sockaddr_in / sockaddr_in6 <-> ns-3 addresses, with Linux's checks.
 */

#ifndef SOCKBENCH_INET_SOCKADDR_H
#define SOCKBENCH_INET_SOCKADDR_H

#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <sys/socket.h>

namespace ns3
{

class Node;

/**
 * \ingroup sockbench
 * \brief An IPv4 or IPv6 transport address as a Linux socket sees it.
 *
 * IPv4 destinations of an AF_INET6 socket (::ffff:a.b.c.d) are kept as IPv4 with
 * `mapped` set, since ns-3 has no dual-stack sockets (IN33).
 */
struct InetSockAddr
{
    bool isV4{true};    //!< IPv4 (also a v4-mapped address of an AF_INET6 socket)
    bool mapped{false}; //!< written by the application as ::ffff:a.b.c.d
    Ipv4Address v4;     //!< the IPv4 address (isV4)
    Ipv6Address v6;     //!< the IPv6 address (!isV4)
    uint16_t port{0};   //!< host byte order

    /// \return whether the address is the wildcard (0.0.0.0 or ::)
    bool IsAny() const;
    /// \return the ns-3 InetSocketAddress or Inet6SocketAddress
    Address ToNs3() const;
    /// \return "10.1.1.1:80" or "[2001:db8::1]:80"
    std::string ToString() const;
    /// \return an address for \p a (InetSocketAddress or Inet6SocketAddress) \param a ns-3 one
    static InetSockAddr FromNs3(const Address& a);
    /// \return the wildcard of a family \param family AF_INET or AF_INET6
    static InetSockAddr Any(int family);
    /// \return whether both name the same address and port \param o the other
    bool operator==(const InetSockAddr& o) const;
};

/**
 * \brief Read a sockaddr given to bind/connect/sendto by a socket of \p family.
 * \param family AF_INET or AF_INET6 (the socket's)
 * \param addr the application's pointer
 * \param len its length
 * \param[out] out the address
 * \param[out] unspec the family was AF_UNSPEC (connect: dissolve; bind: "any" on AF_INET)
 * \return 0, -EINVAL (too short), -EFAULT (null) or -EAFNOSUPPORT
 */
int ParseInetSockaddr(int family,
                      const struct sockaddr* addr,
                      socklen_t len,
                      InetSockAddr& out,
                      bool& unspec);

/**
 * \brief Write an address for getsockname/getpeername/recvfrom/accept (Linux truncates to the
 * caller's capacity and reports the full length).
 * \param family the socket's family (an IPv4 address on AF_INET6 becomes ::ffff:a.b.c.d)
 * \param a the address
 * \param[out] addr buffer (may be null when *len is 0)
 * \param[in,out] len capacity in, full length out
 */
void WriteInetSockaddr(int family, const InetSockAddr& a, struct sockaddr* addr, socklen_t* len);

/**
 * \brief Whether a bind address belongs to the node (inet_addr_valid_or_nonlocal).
 * \param node the node
 * \param a the address (the wildcard, 127.0.0.0/8 and ::1 always do)
 * \return whether it is local
 */
bool IsLocalAddress(Ptr<Node> node, const InetSockAddr& a);

} // namespace ns3

#endif /* SOCKBENCH_INET_SOCKADDR_H */
