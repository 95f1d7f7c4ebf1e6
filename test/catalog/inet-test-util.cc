/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: shared helpers of the TCP/UDP cases.
 */

#include "inet-test-util.h"

#include "ns3/posix-names.h"

#include <poll.h>

namespace ns3
{

std::string
ToString(const CallResult& r)
{
    return std::to_string(r.ret) + "/" + (r.error ? ErrnoName(r.error) : std::string("0"));
}

int
TcpListener(Ptr<SockbenchHost> host, uint16_t port, int backlog, int family, bool reuse)
{
    int fd = host->Socket(family, SOCK_STREAM, 0);
    if (fd < 0)
    {
        return -1;
    }
    if (reuse)
    {
        int one = 1;
        host->SetSockOpt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    InetAddr any = family == AF_INET ? InetAddr(Ipv4Address::GetAny(), port)
                                     : InetAddr(Ipv6Address::GetAny(), port);
    if (host->Bind(fd, any.Addr(), any.len) < 0 || host->Listen(fd, backlog) < 0)
    {
        host->Close(fd);
        return -1;
    }
    return fd;
}

short
PollNow(Ptr<SockbenchHost> host, int fd)
{
    struct pollfd p = {fd,
                       static_cast<short>(POLLIN | POLLOUT | POLLPRI | POLLRDHUP | POLLRDNORM |
                                          POLLWRNORM | POLLRDBAND | POLLWRBAND),
                       0};
    host->Poll(&p, 1, 0);
    return p.revents;
}

std::string
PollName(short revents)
{
    return PollEventsName(static_cast<uint32_t>(revents));
}

int
SoError(Ptr<SockbenchHost> host, int fd)
{
    int v = -1;
    socklen_t len = sizeof(v);
    host->GetSockOpt(fd, SOL_SOCKET, SO_ERROR, &v, &len);
    return v;
}

} // namespace ns3
