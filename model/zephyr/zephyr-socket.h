/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench, Zephyr personality: the zsock_* socket calls (Zephyr's <zephyr/net/socket.h>).
 */

#ifndef SOCKBENCH_ZEPHYR_SOCKET_H
#define SOCKBENCH_ZEPHYR_SOCKET_H

#include <cstddef>
#include <sys/socket.h>
#include <sys/types.h>

/**
 * \ingroup sockbench
 * \brief Zephyr's pollfd (layout of struct pollfd).
 */
struct zsock_pollfd
{
    int fd;        //!< descriptor; negative entries are ignored
    short events;  //!< requested ZSOCK_POLL* bits
    short revents; //!< returned bits
};

/// \name Zephyr poll bits (the same values as Linux's)
/// @{
#define ZSOCK_POLLIN 0x1
#define ZSOCK_POLLPRI 0x2
#define ZSOCK_POLLOUT 0x4
#define ZSOCK_POLLERR 0x8
#define ZSOCK_POLLHUP 0x10
#define ZSOCK_POLLNVAL 0x20
/// @}

/// \name Zephyr socket flags and options used by the samples
/// @{
#define ZSOCK_MSG_PEEK MSG_PEEK
#define ZSOCK_MSG_DONTWAIT MSG_DONTWAIT
#define ZSOCK_SHUT_RD SHUT_RD
#define ZSOCK_SHUT_WR SHUT_WR
#define ZSOCK_SHUT_RDWR SHUT_RDWR
/// @}

/*
 * The zsock_* calls of the node whose simulated thread is running (or of the ZephyrScope set
 * by code running in an ns-3 event). They are the host's POSIX calls (Linux conventions for
 * address families, types and errno names) with the Zephyr differences applied:
 *  - zsock_poll reports a peer's FIN as POLLIN|POLLHUP (Zephyr has no POLLRDHUP, SS30);
 *  - TCP sockets close with a FIN even when received data is unread (Zephyr's tcp.c has no
 *    RST-on-unread-data rule);
 *  - zsock_close tells the node's socket service, which then sees POLLNVAL on that number.
 * They return -1 and set the calling thread's errno (zsock_errno()) on failure.
 */

/// socket(). \return descriptor or -1 \param family AF_INET, AF_INET6 or AF_UNIX
/// \param type SOCK_STREAM or SOCK_DGRAM \param proto 0, IPPROTO_TCP or IPPROTO_UDP
int zsock_socket(int family, int type, int proto);
/// socketpair() (AF_UNIX). \return 0 or -1 \param family \param type \param proto \param sv
int zsock_socketpair(int family, int type, int proto, int* sv);
/// close(). \return 0 or -1 (EBADF) \param sock descriptor
int zsock_close(int sock);
/// shutdown(). \return 0 or -1 \param sock descriptor \param how ZSOCK_SHUT_*
int zsock_shutdown(int sock, int how);
/// bind(). \return 0 or -1 \param sock descriptor \param addr address \param addrlen length
int zsock_bind(int sock, const struct sockaddr* addr, socklen_t addrlen);
/// connect(). \return 0 or -1 \param sock descriptor \param addr peer \param addrlen length
int zsock_connect(int sock, const struct sockaddr* addr, socklen_t addrlen);
/// listen(). \return 0 or -1 \param sock descriptor \param backlog backlog
int zsock_listen(int sock, int backlog);
/// accept(). \return descriptor or -1 \param sock listener \param addr peer out (may be null)
/// \param addrlen capacity in, length out
int zsock_accept(int sock, struct sockaddr* addr, socklen_t* addrlen);
/// send(). \return bytes or -1 \param sock descriptor \param buf data \param len bytes
/// \param flags ZSOCK_MSG_*
ssize_t zsock_send(int sock, const void* buf, size_t len, int flags);
/// recv(). \return bytes, 0 at EOF, or -1 \param sock descriptor \param buf buffer
/// \param max_len capacity \param flags ZSOCK_MSG_*
ssize_t zsock_recv(int sock, void* buf, size_t max_len, int flags);
/// sendto(). \return bytes or -1 \param sock descriptor \param buf data \param len bytes
/// \param flags flags \param dest_addr destination \param addrlen its length
ssize_t zsock_sendto(int sock,
                     const void* buf,
                     size_t len,
                     int flags,
                     const struct sockaddr* dest_addr,
                     socklen_t addrlen);
/// recvfrom(). \return bytes or -1 \param sock descriptor \param buf buffer
/// \param max_len capacity \param flags flags \param src_addr sender out \param addrlen length
ssize_t zsock_recvfrom(int sock,
                       void* buf,
                       size_t max_len,
                       int flags,
                       struct sockaddr* src_addr,
                       socklen_t* addrlen);
/// fcntl() (F_GETFL, F_SETFL with O_NONBLOCK). \return as fcntl \param sock descriptor
/// \param cmd command \param flags argument
int zsock_fcntl(int sock, int cmd, int flags);
/// poll(). \return ready entries, 0 on timeout, or -1 \param fds entries \param nfds count
/// \param timeout milliseconds, negative waits forever
int zsock_poll(struct zsock_pollfd* fds, int nfds, int timeout);
/// setsockopt(). \return 0 or -1 \param sock descriptor \param level level \param optname
/// option \param optval value \param optlen its length
int zsock_setsockopt(int sock, int level, int optname, const void* optval, socklen_t optlen);
/// getsockopt(). \return 0 or -1 \param sock descriptor \param level level \param optname
/// option \param optval buffer \param optlen capacity in, length out
int zsock_getsockopt(int sock, int level, int optname, void* optval, socklen_t* optlen);
/// getsockname(). \return 0 or -1 \param sock descriptor \param addr out \param addrlen length
int zsock_getsockname(int sock, struct sockaddr* addr, socklen_t* addrlen);
/// inet_pton(). \return 1, 0 (not an address) or -1 \param family AF_INET or AF_INET6
/// \param src text \param dst binary out
int zsock_inet_pton(int family, const char* src, void* dst);
/// \return errno of the calling thread after a failed zsock_* call (Linux numbering)
int zsock_errno();

#endif /* SOCKBENCH_ZEPHYR_SOCKET_H */
