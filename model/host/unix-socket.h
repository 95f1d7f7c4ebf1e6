/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: AF_UNIX for plain ns-3 applications (the ns3::Socket API).
 */

#ifndef SOCKBENCH_UNIX_SOCKET_H
#define SOCKBENCH_UNIX_SOCKET_H

#include "ns3/socket-factory.h"
#include "ns3/socket.h"
#include "ns3/unix-socket-address.h"

namespace ns3
{

class SockbenchHost;

/**
 * \ingroup sockbench
 * \brief An ns3::Socket on an AF_UNIX socket of the node's SockbenchHost.
 *
 * Every operation is the host's call on a non-blocking descriptor, so it follows the same LS
 * rules and appears in the event trace (thread 0: event context). Callbacks are driven by the
 * endpoint's readiness changes, each delivered in its own event at the instant of the change:
 * connect succeeds at once (NotifyConnectionSucceeded is scheduled, as ns-3 sockets do); a
 * listener with pending connections calls the accept callbacks (a request callback returning
 * false closes that connection); data and EOF call the receive callback; peer close calls
 * NormalClose, or ErrorClose when ECONNRESET is pending; POLLOUT returning calls NotifySend.
 *
 * Errors: GetErrno() gives the nearest ns-3 value (ECONNREFUSED and ENOENT become
 * ERROR_NOROUTETOHOST, EPIPE ERROR_SHUTDOWN, EPROTOTYPE ERROR_INVAL); GetLinuxErrno() gives
 * the exact Linux errno. SIGPIPE is never raised (the calls use MSG_NOSIGNAL).
 */
class UnixSocket : public Socket
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UnixSocket();
    ~UnixSocket() override;

    /**
     * \brief Attach to a host, with a new socket or an existing descriptor.
     * \param host the node's host
     * \param type SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET
     * \param fd an open descriptor to adopt (accept), or -1 to create one
     * \return false when the socket cannot be created (see GetLinuxErrno())
     */
    bool Setup(Ptr<SockbenchHost> host, int type, int fd = -1);

    /// \return the host descriptor behind this socket (-1 after Close)
    int GetDescriptor() const;
    /// \return the Linux errno of the last failed call
    int GetLinuxErrno() const;

    SocketErrno GetErrno() const override;
    SocketType GetSocketType() const override;
    Ptr<Node> GetNode() const override;
    int Bind(const Address& address) override;
    int Bind() override;
    int Bind6() override;
    int Close() override;
    int ShutdownSend() override;
    int ShutdownRecv() override;
    int Connect(const Address& address) override;
    int Listen() override;
    uint32_t GetTxAvailable() const override;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    uint32_t GetRxAvailable() const override;
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    int GetSockName(Address& address) const override;
    int GetPeerName(Address& address) const override;
    bool SetAllowBroadcast(bool allowBroadcast) override;
    bool GetAllowBroadcast() const override;

  protected:
    void DoDispose() override;

  private:
    /// \return -1 after recording the host's errno
    int Fail();
    /// \return 0 or -1 \param peer getpeername (else getsockname) \param address the result
    int NameOf(bool peer, Address& address) const;
    /// Readiness changed: deliver callbacks in a new event (not inside the endpoint call).
    void OnReadiness(uint32_t readiness);
    /// Deliver the callbacks the current readiness calls for.
    void Deliver();

    Ptr<SockbenchHost> m_host;       //!< the node's host
    int m_fd{-1};                    //!< host descriptor
    int m_type{SOCK_STREAM};         //!< socket type
    int m_linuxErrno{0};             //!< last errno
    uint64_t m_listenerId{0};        //!< readiness listener on the endpoint
    uint32_t m_lastReadiness{0};     //!< readiness at the last delivery
    bool m_deliveryScheduled{false}; //!< a Deliver event is pending
    bool m_closeNotified{false};     //!< Normal/ErrorClose delivered
    bool m_listening{false};         //!< Listen() succeeded
    uint32_t m_backlog;              //!< attribute Backlog
};

/**
 * \ingroup sockbench
 * \brief Creates UnixSocket objects; aggregated to the node by SockbenchHelper::Install().
 *
 * \code
 *   Ptr<Socket> s = Socket::CreateSocket(node, UnixSocketFactory::GetTypeId());
 *   s->Bind(UnixSocketAddress("/tmp/app.sock"));
 * \endcode
 */
class UnixSocketFactory : public SocketFactory
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UnixSocketFactory();

    /// Socket types the factory makes (values of SOCK_*).
    enum Type
    {
        STREAM = SOCK_STREAM,
        DGRAM = SOCK_DGRAM,
        SEQPACKET = SOCK_SEQPACKET,
    };

    /// \return a new UnixSocket of the factory's Type on the node's host
    Ptr<Socket> CreateSocket() override;

  private:
    Type m_type; //!< attribute Type
};

} // namespace ns3

#endif /* SOCKBENCH_UNIX_SOCKET_H */
