/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: Linux's conversion of ICMP errors into errno values (icmp_err_convert,
 * icmpv6_err_convert), shared by the TCP and UDP endpoints.
 */

#ifndef SOCKBENCH_INET_ICMP_H
#define SOCKBENCH_INET_ICMP_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief What an ICMP error means to a socket.
 */
struct IcmpError
{
    int error{0};      //!< the errno (0: the message does not concern sockets)
    bool fatal{false}; //!< a "hard" error: reported without IP_RECVERR (UDP, IN28)
};

/**
 * \brief Convert an ICMPv4 error (net/ipv4/icmp.c icmp_err_convert, udp.c __udp4_lib_err).
 * Destination unreachable codes follow the table; fragmentation needed is EMSGSIZE and hard
 * (path MTU discovery is on by default, IP_PMTUDISC_WANT); time exceeded is EHOSTUNREACH,
 * parameter problem EPROTO (both soft).
 * \param type ICMP type
 * \param code ICMP code
 * \return the meaning (error 0: ignore)
 */
IcmpError ConvertIcmpv4(uint8_t type, uint8_t code);

/**
 * \brief Convert an ICMPv6 error (net/ipv6/icmp.c icmpv6_err_convert, udp.c __udp6_lib_err).
 * \param type ICMPv6 type (1 destination unreachable, 2 packet too big, 3 time exceeded,
 *        4 parameter problem)
 * \param code its code
 * \return the meaning (error 0: ignore)
 */
IcmpError ConvertIcmpv6(uint8_t type, uint8_t code);

} // namespace ns3

#endif /* SOCKBENCH_INET_ICMP_H */
