/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench, Zephyr personality: zsock_* on the node's host.
 */

#include "zephyr-socket.h"

#include "zephyr-node.h"

#include "ns3/log.h"
#include "ns3/tcp-endpoint.h"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <vector>

NS_LOG_COMPONENT_DEFINE("ZephyrSocket");

namespace
{
/// errno of zsock_* calls made outside any Zephyr node.
int g_orphanErrno = 0;

/// \return the calling node's host, or null (errno EBADF) \param call for the log
ns3::SockbenchHost*
Host(const char* call)
{
    ns3::ZephyrNode* node = ns3::ZephyrNode::Current();
    if (!node || !node->GetHost())
    {
        NS_LOG_WARN(call << " outside any Zephyr node");
        g_orphanErrno = EBADF;
        return nullptr;
    }
    return ns3::PeekPointer(node->GetHost());
}

/// Zephyr's TCP closes with a FIN even with unread data. \param host host \param fd socket
void
ZephyrTcp(ns3::SockbenchHost* host, int fd)
{
    if (fd < 0)
    {
        return;
    }
    if (auto tcp = ns3::DynamicCast<ns3::TcpEndpoint>(host->GetEndpoint(fd)))
    {
        tcp->SetClosePolicy(ns3::CLOSE_FIN_ALWAYS);
    }
}
} // namespace

int
zsock_socket(int family, int type, int proto)
{
    ns3::SockbenchHost* host = Host("zsock_socket");
    if (!host)
    {
        return -1;
    }
    int fd = host->Socket(family, type, proto);
    ZephyrTcp(host, fd);
    return fd;
}

int
zsock_socketpair(int family, int type, int proto, int* sv)
{
    ns3::SockbenchHost* host = Host("zsock_socketpair");
    return host ? host->SocketPair(family, type, proto, sv) : -1;
}

int
zsock_close(int sock)
{
    ns3::SockbenchHost* host = Host("zsock_close");
    if (!host)
    {
        return -1;
    }
    ns3::ZephyrNode::Current()->CheckClose(sock);
    return host->Close(sock);
}

int
zsock_shutdown(int sock, int how)
{
    ns3::SockbenchHost* host = Host("zsock_shutdown");
    return host ? host->Shutdown(sock, how) : -1;
}

int
zsock_bind(int sock, const struct sockaddr* addr, socklen_t addrlen)
{
    ns3::SockbenchHost* host = Host("zsock_bind");
    return host ? host->Bind(sock, addr, addrlen) : -1;
}

int
zsock_connect(int sock, const struct sockaddr* addr, socklen_t addrlen)
{
    ns3::SockbenchHost* host = Host("zsock_connect");
    return host ? host->Connect(sock, addr, addrlen) : -1;
}

int
zsock_listen(int sock, int backlog)
{
    ns3::SockbenchHost* host = Host("zsock_listen");
    return host ? host->Listen(sock, backlog) : -1;
}

int
zsock_accept(int sock, struct sockaddr* addr, socklen_t* addrlen)
{
    ns3::SockbenchHost* host = Host("zsock_accept");
    if (!host)
    {
        return -1;
    }
    int fd = host->Accept(sock, addr, addrlen);
    ZephyrTcp(host, fd);
    return fd;
}

ssize_t
zsock_send(int sock, const void* buf, size_t len, int flags)
{
    ns3::SockbenchHost* host = Host("zsock_send");
    // Zephyr has no SIGPIPE: a send on a broken connection only fails with EPIPE.
    return host ? host->Send(sock, buf, len, flags | MSG_NOSIGNAL) : -1;
}

ssize_t
zsock_recv(int sock, void* buf, size_t max_len, int flags)
{
    ns3::SockbenchHost* host = Host("zsock_recv");
    return host ? host->Recv(sock, buf, max_len, flags) : -1;
}

ssize_t
zsock_sendto(int sock,
             const void* buf,
             size_t len,
             int flags,
             const struct sockaddr* dest_addr,
             socklen_t addrlen)
{
    ns3::SockbenchHost* host = Host("zsock_sendto");
    return host ? host->SendTo(sock, buf, len, flags | MSG_NOSIGNAL, dest_addr, addrlen) : -1;
}

ssize_t
zsock_recvfrom(int sock,
               void* buf,
               size_t max_len,
               int flags,
               struct sockaddr* src_addr,
               socklen_t* addrlen)
{
    ns3::SockbenchHost* host = Host("zsock_recvfrom");
    return host ? host->RecvFrom(sock, buf, max_len, flags, src_addr, addrlen) : -1;
}

int
zsock_fcntl(int sock, int cmd, int flags)
{
    ns3::SockbenchHost* host = Host("zsock_fcntl");
    return host ? host->Fcntl(sock, cmd, flags) : -1;
}

int
zsock_poll(struct zsock_pollfd* fds, int nfds, int timeout)
{
    ns3::SockbenchHost* host = Host("zsock_poll");
    if (!host)
    {
        return -1;
    }
    if (nfds < 0)
    {
        host->SetErrno(EINVAL);
        return -1;
    }
    // Zephyr has no POLLRDHUP: a peer's FIN is POLLHUP (spec SS30). Ask the host for RDHUP
    // and report it as HUP.
    std::vector<struct pollfd> p(static_cast<size_t>(nfds));
    for (int i = 0; fds && i < nfds; ++i)
    {
        p[i].fd = fds[i].fd;
        p[i].events = static_cast<short>(fds[i].events | POLLRDHUP);
        p[i].revents = 0;
    }
    int n = host->Poll(fds ? p.data() : nullptr, static_cast<nfds_t>(nfds), timeout);
    if (n < 0)
    {
        return n;
    }
    n = 0;
    for (int i = 0; fds && i < nfds; ++i)
    {
        // The host's revents, in Zephyr's terms (ns3::ZephyrReadiness).
        short r = p[i].revents;
        if (r && !(r & POLLNVAL))
        {
            uint32_t mask = static_cast<uint16_t>(fds[i].events) | POLLERR | POLLHUP;
            r = static_cast<short>(ns3::ZephyrReadiness(host->GetEndpoint(fds[i].fd)) & mask);
        }
        fds[i].revents = r;
        n += r != 0 ? 1 : 0;
    }
    return n;
}

int
zsock_setsockopt(int sock, int level, int optname, const void* optval, socklen_t optlen)
{
    ns3::SockbenchHost* host = Host("zsock_setsockopt");
    return host ? host->SetSockOpt(sock, level, optname, optval, optlen) : -1;
}

int
zsock_getsockopt(int sock, int level, int optname, void* optval, socklen_t* optlen)
{
    ns3::SockbenchHost* host = Host("zsock_getsockopt");
    return host ? host->GetSockOpt(sock, level, optname, optval, optlen) : -1;
}

int
zsock_getsockname(int sock, struct sockaddr* addr, socklen_t* addrlen)
{
    ns3::SockbenchHost* host = Host("zsock_getsockname");
    return host ? host->GetSockName(sock, addr, addrlen) : -1;
}

int
zsock_inet_pton(int family, const char* src, void* dst)
{
    if (!src || !dst)
    {
        return -1;
    }
    return inet_pton(family, src, dst);
}

int
zsock_errno()
{
    ns3::ZephyrNode* node = ns3::ZephyrNode::Current();
    if (!node || !node->GetHost())
    {
        return g_orphanErrno;
    }
    return node->GetHost()->GetErrno();
}
