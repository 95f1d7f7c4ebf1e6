/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "unix-socket-address.h"

#include "ns3/abort.h"
#include "ns3/ns3-compat.h"

#include <cstring>
#include <map>
#include <vector>

namespace ns3
{

namespace
{
/// Interned names: index in the vector, lookup by (kind, name).
struct NameTable
{
    std::vector<UnixAddress> names;
    std::map<std::pair<int, std::string>, uint32_t> index;

    uint32_t Intern(const UnixAddress& a)
    {
        auto key = std::make_pair(static_cast<int>(a.kind), a.name);
        auto it = index.find(key);
        if (it != index.end())
        {
            return it->second;
        }
        names.push_back(a);
        index[key] = static_cast<uint32_t>(names.size() - 1);
        return static_cast<uint32_t>(names.size() - 1);
    }
};

NameTable&
Names()
{
    static NameTable table;
    return table;
}
} // namespace

UnixSocketAddress::UnixSocketAddress() {}

UnixSocketAddress::UnixSocketAddress(const std::string& path)
{
    m_address.kind = UnixAddress::PATHNAME;
    m_address.name = path;
}

UnixSocketAddress
UnixSocketAddress::Abstract(const std::string& name)
{
    UnixSocketAddress a;
    a.m_address.kind = UnixAddress::ABSTRACT;
    a.m_address.name = name;
    return a;
}

UnixSocketAddress
UnixSocketAddress::FromUnixAddress(const UnixAddress& address)
{
    UnixSocketAddress a;
    a.m_address = address;
    return a;
}

const UnixAddress&
UnixSocketAddress::Get() const
{
    return m_address;
}

socklen_t
UnixSocketAddress::ToSockaddr(struct sockaddr_un& sun) const
{
    std::memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    size_t n = std::min(m_address.name.size(), sizeof(sun.sun_path) - 1);
    if (m_address.kind == UnixAddress::PATHNAME)
    {
        std::memcpy(sun.sun_path, m_address.name.data(), n);
    }
    else if (m_address.kind == UnixAddress::ABSTRACT)
    {
        std::memcpy(sun.sun_path + 1, m_address.name.data(), n);
    }
    return static_cast<socklen_t>(m_address.Length());
}

uint8_t
UnixSocketAddress::GetType()
{
    static uint8_t type = sockbench::RegisterAddressType("UnixSocketAddress", 4, 0);
    return type;
}

UnixSocketAddress::operator Address() const
{
    uint32_t id = Names().Intern(m_address);
    uint8_t buf[4];
    std::memcpy(buf, &id, sizeof(id));
    return Address(GetType(), buf, sizeof(buf));
}

UnixSocketAddress
UnixSocketAddress::ConvertFrom(const Address& address)
{
    NS_ABORT_MSG_UNLESS(IsMatchingType(address), "not a UnixSocketAddress");
    uint8_t buf[Address::MAX_SIZE];
    address.CopyTo(buf);
    uint32_t id;
    std::memcpy(&id, buf, sizeof(id));
    NS_ABORT_MSG_UNLESS(id < Names().names.size(), "unknown UnixSocketAddress index");
    return FromUnixAddress(Names().names[id]);
}

bool
UnixSocketAddress::IsMatchingType(const Address& address)
{
    return address.CheckCompatible(GetType(), 4);
}

} // namespace ns3
