/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Small helpers shared by the AF_UNIX conformance cases.
 */

#ifndef SOCKBENCH_UNIX_TEST_UTIL_H
#define SOCKBENCH_UNIX_TEST_UTIL_H

#include "ns3/sockbench-host.h"

#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <vector>

namespace ns3
{

/// A sockaddr_un for a pathname, with its natural length (2 + strlen + 1).
struct UnixPath
{
    struct sockaddr_un sun;
    socklen_t len;

    explicit UnixPath(const std::string& path)
    {
        std::memset(&sun, 0, sizeof(sun));
        sun.sun_family = AF_UNIX;
        std::memcpy(sun.sun_path, path.data(), std::min(path.size(), sizeof(sun.sun_path)));
        len = static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + path.size() + 1);
    }

    /// An abstract name: "\0" + name, length exactly 2 + 1 + name.size().
    static UnixPath Abstract(const std::string& name)
    {
        UnixPath p("");
        p.sun.sun_path[0] = '\0';
        std::memcpy(p.sun.sun_path + 1, name.data(), name.size());
        p.len = static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + 1 + name.size());
        return p;
    }

    const struct sockaddr* Addr() const
    {
        return reinterpret_cast<const struct sockaddr*>(&sun);
    }
};

/// Close every descriptor in \p fds that is >= 0.
inline void
CloseAll(Ptr<SockbenchHost> host, const std::vector<int>& fds)
{
    for (int fd : fds)
    {
        if (fd >= 0)
        {
            host->Close(fd);
        }
    }
}

/// Create, bind and listen a socket of \p type on \p path; returns the fd (or -1).
inline int
UnixListener(Ptr<SockbenchHost> host, const std::string& path, int backlog, int type = SOCK_STREAM)
{
    int fd = host->Socket(AF_UNIX, type, 0);
    UnixPath a(path);
    if (host->Bind(fd, a.Addr(), a.len) != 0 || host->Listen(fd, backlog) != 0)
    {
        return -1;
    }
    return fd;
}

/// Connect a new socket of \p type to \p path; returns the fd, or -errno on failure.
inline int
UnixConnect(Ptr<SockbenchHost> host, const std::string& path, int type = SOCK_STREAM)
{
    int fd = host->Socket(AF_UNIX, type, 0);
    UnixPath a(path);
    if (host->Connect(fd, a.Addr(), a.len) != 0)
    {
        int err = host->GetErrno();
        host->Close(fd);
        return -err;
    }
    return fd;
}

} // namespace ns3

#endif /* SOCKBENCH_UNIX_TEST_UTIL_H */
