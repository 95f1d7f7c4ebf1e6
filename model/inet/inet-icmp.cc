/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: ICMP errors as errno values (Linux icmp_err_convert, icmpv6_err_convert).
 */

#include "inet-icmp.h"

#include <cerrno>

namespace ns3
{

IcmpError
ConvertIcmpv4(uint8_t type, uint8_t code)
{
    // icmp_err_convert[] for ICMP_DEST_UNREACH, indexed by code.
    static const IcmpError unreachable[] = {
        {ENETUNREACH, false},  // 0 net unreachable
        {EHOSTUNREACH, false}, // 1 host unreachable
        {ENOPROTOOPT, true},   // 2 protocol unreachable
        {ECONNREFUSED, true},  // 3 port unreachable
        {EMSGSIZE, true},      // 4 fragmentation needed (PMTU discovery: hard, __udp4_lib_err)
        {EOPNOTSUPP, false},   // 5 source route failed
        {ENETUNREACH, true},   // 6 net unknown
        {EHOSTDOWN, true},     // 7 host unknown
        {ENONET, true},        // 8 host isolated
        {ENETUNREACH, true},   // 9 net administratively prohibited
        {EHOSTUNREACH, true},  // 10 host administratively prohibited
        {ENETUNREACH, false},  // 11 net unreachable for TOS
        {EHOSTUNREACH, false}, // 12 host unreachable for TOS
        {EHOSTUNREACH, true},  // 13 communication administratively prohibited
        {EHOSTUNREACH, false}, // 14 host precedence violation
        {EHOSTUNREACH, false}, // 15 precedence cutoff
    };
    switch (type)
    {
    case 3:
        return code < sizeof(unreachable) / sizeof(unreachable[0]) ? unreachable[code]
                                                                   : IcmpError{};
    case 11:
        return {EHOSTUNREACH, false}; // time exceeded
    case 12:
        return {EPROTO, true}; // parameter problem
    default:
        return {};
    }
}

IcmpError
ConvertIcmpv6(uint8_t type, uint8_t code)
{
    // tab_unreach[] of icmpv6_err_convert, indexed by code.
    static const IcmpError unreachable[] = {
        {ENETUNREACH, false},  // 0 no route
        {EACCES, true},        // 1 administratively prohibited
        {EHOSTUNREACH, false}, // 2 beyond scope of source address
        {EHOSTUNREACH, false}, // 3 address unreachable
        {ECONNREFUSED, true},  // 4 port unreachable
        {EACCES, true},        // 5 source address failed policy
        {EACCES, true},        // 6 reject route
    };
    switch (type)
    {
    case 1:
        return code < sizeof(unreachable) / sizeof(unreachable[0]) ? unreachable[code]
                                                                   : IcmpError{};
    case 2:
        return {EMSGSIZE, true}; // packet too big (PMTU discovery on: hard)
    case 3:
        return {EHOSTUNREACH, false}; // time exceeded
    case 4:
        return {EPROTO, true}; // parameter problem
    default:
        return {};
    }
}

} // namespace ns3
