/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "unix-address.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <sys/un.h>

namespace ns3
{

uint32_t
UnixAddress::Length() const
{
    switch (kind)
    {
    case PATHNAME:
        return static_cast<uint32_t>(sizeof(sa_family_t) + name.size() + 1);
    case ABSTRACT:
        return static_cast<uint32_t>(sizeof(sa_family_t) + 1 + name.size());
    default:
        return sizeof(sa_family_t);
    }
}

std::string
UnixAddress::ToString() const
{
    switch (kind)
    {
    case PATHNAME:
        return name;
    case ABSTRACT:
        return "@" + name;
    default:
        return "unnamed";
    }
}

bool
UnixAddress::operator==(const UnixAddress& other) const
{
    return kind == other.kind && name == other.name;
}

int
ParseUnixAddress(const struct sockaddr* addr, socklen_t len, UnixAddress& out, bool& autobind)
{
    autobind = false;
    // The socket layer copies at most sizeof(sockaddr_storage) (128) bytes (LS1).
    if (static_cast<int>(len) < 0 || len > sizeof(struct sockaddr_storage))
    {
        return -EINVAL;
    }
    if (!addr && len > 0)
    {
        return -EFAULT;
    }
    if (len < offsetof(struct sockaddr_un, sun_path) || addr->sa_family != AF_UNIX)
    {
        return -EINVAL; // not EAFNOSUPPORT (LS1)
    }
    if (len == sizeof(sa_family_t))
    {
        autobind = true;
        out = UnixAddress();
        return 0;
    }
    if (len > sizeof(struct sockaddr_un))
    {
        return -EINVAL;
    }
    const auto* sun = reinterpret_cast<const struct sockaddr_un*>(addr);
    size_t pathBytes = len - offsetof(struct sockaddr_un, sun_path);
    if (sun->sun_path[0] != '\0')
    {
        // The name ends at the first NUL; a 108-byte path without NUL is accepted (LS1).
        size_t n = strnlen(sun->sun_path, pathBytes);
        out.kind = UnixAddress::PATHNAME;
        out.name.assign(sun->sun_path, n);
        return 0;
    }
    out.kind = UnixAddress::ABSTRACT;
    out.name.assign(sun->sun_path + 1, pathBytes - 1); // trailing NULs count
    return 0;
}

void
CopyUnixAddressOut(const UnixAddress& address, struct sockaddr* addr, socklen_t* len)
{
    if (!len)
    {
        return;
    }
    struct sockaddr_storage full;
    std::memset(&full, 0, sizeof(full));
    auto* sun = reinterpret_cast<struct sockaddr_un*>(&full);
    sun->sun_family = AF_UNIX;
    uint32_t length = address.Length();
    if (address.kind == UnixAddress::PATHNAME)
    {
        std::memcpy(sun->sun_path, address.name.data(), address.name.size());
    }
    else if (address.kind == UnixAddress::ABSTRACT)
    {
        std::memcpy(sun->sun_path + 1, address.name.data(), address.name.size());
    }
    if (addr)
    {
        std::memcpy(addr, &full, std::min<size_t>(*len, length));
    }
    *len = length;
}

} // namespace ns3
