/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: spelling differences between the ns-3 releases sockbench builds against
 * (Debian's 3.37 standalone, C++17; in-tree up to 3.48, C++23).
 */

#ifndef SOCKBENCH_NS3_COMPAT_H
#define SOCKBENCH_NS3_COMPAT_H

#include "ns3/address.h"
#include "ns3/enum.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace sockbench
{

/**
 * \brief MakeEnumAccessor for any release: ns-3 >= 3.41 needs the enum type spelled out
 * (MakeEnumAccessor<E>(member)); 3.37 rejects that form and deduces it.
 * \tparam E the enum type
 * \param member pointer to the enum member
 * \return the accessor
 */
template <typename E, typename M>
auto
EnumAccessor(M member, int) -> decltype(MakeEnumAccessor<E>(member))
{
    return MakeEnumAccessor<E>(member);
}

/// \copydoc EnumAccessor
template <typename E, typename M>
Ptr<const AttributeAccessor>
EnumAccessor(M member, long)
{
    return MakeEnumAccessor(member);
}

/**
 * \brief Address::Register for any release: ns-3 >= 3.45 registers a (kind, length) pair
 * (Address::Register(kind, length)); 3.37 has only Address::Register().
 * \tparam A Address (a template parameter so that the unusable form drops out)
 * \param kind the address kind, e.g. "UnixSocketAddress"
 * \param length the length of the address buffer
 * \return the new address type
 */
template <typename A = Address>
auto
RegisterAddressType(const std::string& kind, uint8_t length, int)
    -> decltype(A::Register(kind, length))
{
    return A::Register(kind, length);
}

/// \copydoc RegisterAddressType
template <typename A = Address>
auto
RegisterAddressType(const std::string& /* kind */, uint8_t /* length */, long)
    -> decltype(A::Register())
{
    return A::Register();
}

} // namespace sockbench
} // namespace ns3

#endif /* SOCKBENCH_NS3_COMPAT_H */
