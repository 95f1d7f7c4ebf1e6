/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: what every socket endpoint (unix now; tcp and udp later) offers the host.
 */

#ifndef SOCKBENCH_SOCKET_ENDPOINT_H
#define SOCKBENCH_SOCKET_ENDPOINT_H

#include "host-endpoint.h"

#include <cerrno>
#include <cstdint>
#include <sys/socket.h>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief Outcome of one attempt of a socket operation.
 *
 * A non-negative value is the result; a negative one is -errno. An attempt that would block
 * gives -EAGAIN and the queue to sleep on; the host then sleeps (blocking socket, time left)
 * and runs the attempt again, so every retry re-runs the full check sequence (spec L).
 */
struct SocketOp
{
    int64_t value{0};            //!< result, or -errno
    WaitQueue* blockOn{nullptr}; //!< with -EAGAIN: where a blocking caller sleeps
    bool raiseSigpipe{false};    //!< with -EPIPE: raise SIGPIPE (unless MSG_NOSIGNAL)
    int blockErrno{EAGAIN};      //!< what a would-block attempt returns when the caller
                                 //!< cannot or no longer may wait (TCP connect: EINPROGRESS)

    /// \return a finished attempt \param v result or -errno
    static SocketOp Done(int64_t v)
    {
        return SocketOp{v, nullptr, false};
    }

    /// \return an attempt that would block on \p queue \param queue the wait queue
    static SocketOp Block(WaitQueue& queue)
    {
        return SocketOp{-EAGAIN, &queue, false};
    }

    /// \return -EPIPE with SIGPIPE
    static SocketOp BrokenPipe()
    {
        return SocketOp{-EPIPE, nullptr, true};
    }
};

/**
 * \ingroup sockbench
 * \brief Progress of one send call across its attempts.
 */
struct SendProgress
{
    size_t sent{0};      //!< bytes already sent by earlier attempts (streams)
    bool resumed{false}; //!< the call has slept once: the kernel resumes inside its wait
};

/**
 * \ingroup sockbench
 * \brief Who made a call: the credentials SO_PEERCRED reports (LS39).
 */
struct SocketCredentials
{
    int32_t pid{0};    //!< the calling simulated thread's id (0: none)
    uint32_t uid{~0u}; //!< user id (-1: none)
    uint32_t gid{~0u}; //!< group id (-1: none)
};

/**
 * \ingroup sockbench
 * \brief A socket: HostEndpoint plus the generic SOL_SOCKET state and the socket operations.
 *
 * The host validates descriptors and arguments, handles generic options, blocks and traces;
 * the endpoint implements the protocol's rules. Operations return Linux results (a value or
 * -errno); the defaults give -EOPNOTSUPP.
 */
class SocketEndpoint : public HostEndpoint
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SocketEndpoint();

    /// \return AF_UNIX, AF_INET, ...
    virtual int GetDomain() const = 0;
    /// \return SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET
    virtual int GetSocketType() const = 0;
    /// \return whether listen() succeeded on it (SO_ACCEPTCONN)
    virtual bool IsListening() const = 0;

    /// \return 0 or -errno \param addr address \param len its length
    virtual int Bind(const struct sockaddr* addr, socklen_t len);
    /// \return 0 or -errno \param backlog requested backlog (already clamped)
    /// \param cred the caller
    virtual int Listen(uint32_t backlog, const SocketCredentials& cred);
    /// \return an attempt \param addr address \param len its length \param cred the caller
    virtual SocketOp Connect(const struct sockaddr* addr,
                             socklen_t len,
                             const SocketCredentials& cred);
    /**
     * \brief A later attempt of the same connect() call, after a wait.
     *
     * The default runs Connect() again (AF_UNIX re-runs the full check sequence); TCP checks
     * the attempt that is under way.
     * \param addr address \param len its length \param cred the caller
     * \return an attempt
     */
    virtual SocketOp ContinueConnect(const struct sockaddr* addr,
                                     socklen_t len,
                                     const SocketCredentials& cred);
    /// \return an attempt; on success \p accepted is the new socket \param[out] accepted it
    virtual SocketOp Accept(Ptr<SocketEndpoint>& accepted);
    /**
     * \brief One attempt to send.
     * \param buf data
     * \param len bytes
     * \param flags MSG_* flags
     * \param addr destination (may be null)
     * \param addrLen its length
     * \param[in,out] progress what earlier attempts of this call did
     * \return an attempt
     */
    virtual SocketOp Send(const uint8_t* buf,
                          size_t len,
                          int flags,
                          const struct sockaddr* addr,
                          socklen_t addrLen,
                          SendProgress& progress);
    /**
     * \brief One attempt to receive.
     * \param buf destination
     * \param len capacity
     * \param flags MSG_* flags
     * \param[out] from sender's address (may be null)
     * \param[in,out] fromLen its capacity in, full length out (may be null)
     * \param[out] msgFlags MSG_TRUNC, ... of the message
     * \return an attempt
     */
    virtual SocketOp Recv(uint8_t* buf,
                          size_t len,
                          int flags,
                          struct sockaddr* from,
                          socklen_t* fromLen,
                          int& msgFlags);
    /// \return 0 or -errno \param how SHUT_RD, SHUT_WR or SHUT_RDWR
    virtual int Shutdown(int how);
    /// \return 0 or -errno \param addr buffer \param len capacity in, length out
    virtual int GetName(struct sockaddr* addr, socklen_t* len) const;
    /// \return 0 or -errno \param addr buffer \param len capacity in, length out
    virtual int GetPeerName(struct sockaddr* addr, socklen_t* len) const;
    /// \return the credentials of the peer (LS39)
    virtual SocketCredentials GetPeerCredentials() const;
    /// \return bytes a FIONREAD/SIOCINQ ioctl reports
    virtual int64_t GetReadableBytes() const;
    /**
     * \brief Read an int option value as setsockopt does (optlen < sizeof(int): EINVAL).
     * \param value the application's buffer \param len its length \param[out] out the value
     * \return 0, -EINVAL or -EFAULT
     */
    static int ReadIntOption(const void* value, socklen_t len, int& out);
    /**
     * \brief Write an int option value as getsockopt does (truncated to the caller's length).
     * \param v the value \param value the application's buffer \param len capacity in,
     * length out \return 0 or -EFAULT
     */
    static int WriteIntOption(int v, void* value, socklen_t* len);

    /// \return the SO_PROTOCOL value (0 for AF_UNIX)
    virtual int GetProtocol() const;

    /**
     * \brief setsockopt() at a level other than SOL_SOCKET.
     * \param level IPPROTO_TCP, IPPROTO_IP, ...
     * \param name option
     * \param value the application's buffer (may be null)
     * \param len its length
     * \return 0 or -errno (the default: -EOPNOTSUPP, as AF_UNIX, LS38)
     */
    virtual int SetOption(int level, int name, const void* value, socklen_t len);
    /**
     * \brief getsockopt() at a level other than SOL_SOCKET.
     * \param level IPPROTO_TCP, IPPROTO_IP, ...
     * \param name option
     * \param value the application's buffer (may be null)
     * \param len capacity in, length out (not null, not negative: the host checks)
     * \return 0 or -errno (the default: -EOPNOTSUPP)
     */
    virtual int GetOption(int level, int name, void* value, socklen_t* len);

    /**
     * \brief The node crashed: forget everything at once, without sending anything.
     * The default is Release().
     */
    virtual void Crash();

    // ---- generic SOL_SOCKET state ----------------------------------------------------------

    int64_t sendTimeoutJiffies{-1}; //!< SO_SNDTIMEO in ticks; -1: no timer (the default)
    int64_t recvTimeoutJiffies{-1}; //!< SO_RCVTIMEO in ticks; -1: no timer (the default)
    uint32_t sendBuffer{212992};    //!< SO_SNDBUF (bytes, as getsockopt reports)
    uint32_t recvBuffer{212992};    //!< SO_RCVBUF (bytes, as getsockopt reports)
    bool passCredentials{false};    //!< SO_PASSCRED
    bool urgentInline{false};       //!< SO_OOBINLINE
    bool receiveQueueLength{false}; //!< SO_INQ (Linux 6.17+, STREAM)
    bool reuseAddress{false};       //!< SO_REUSEADDR
    bool keepAlive{false};          //!< SO_KEEPALIVE
    bool lingerOn{false};           //!< SO_LINGER l_onoff
    int32_t lingerSeconds{0};       //!< SO_LINGER l_linger
    bool asyncNotify{false};        //!< O_ASYNC
    int32_t owner{0};               //!< F_SETOWN: thread id that gets SIGIO (0: none)
    uint32_t pendingSigio{0};       //!< SIGIOs raised and not yet delivered by the host
};

} // namespace ns3

#endif /* SOCKBENCH_SOCKET_ENDPOINT_H */
