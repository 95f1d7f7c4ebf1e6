/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: the ns-3 TCP socket the TCP endpoint drives. A TcpSocketBase with the few
 * things a Linux application semantics needs and ns-3 does not offer: see every incoming
 * segment's flags before the state machine, send an RST on demand, forget a connection
 * silently (node crash, give-up), drain the receive buffer with a window update, and
 * user-timeout and give-up clocks.
 */

#ifndef SOCKBENCH_TCP_SOCKET_H
#define SOCKBENCH_TCP_SOCKET_H

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/tcp-socket-base.h"

#include <functional>

namespace ns3
{

class Node;

/**
 * \ingroup sockbench
 * \brief TcpSocketBase plus hooks for the TCP endpoint (spec inet-sockets.md, section I).
 *
 * Created by Create() from the node's TcpL4Protocol settings (RttEstimatorType, SocketType,
 * RecoveryType), like TcpL4Protocol::CreateSocket(). Forks of a listener are of this class
 * too, with no hooks until the endpoint that adopts them installs its own.
 */
class SockbenchTcpSocket : public TcpSocketBase
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SockbenchTcpSocket();
    /// \param sock the socket to copy (a fork)
    SockbenchTcpSocket(const SockbenchTcpSocket& sock);
    ~SockbenchTcpSocket() override;

    /**
     * \brief Make a socket on \p node configured as TcpL4Protocol would.
     * \param node a node with an internet stack
     * \return the socket, or null when the node has no TCP
     */
    static Ptr<SockbenchTcpSocket> Create(Ptr<Node> node);

    /// What the endpoint wants to hear about.
    struct Hooks
    {
        /// A segment arrived (before ns-3 processes it), with its flags and payload length;
        /// return false to ignore it.
        std::function<bool(uint8_t flags, uint32_t payload)> segment;
        /// The user timeout or the give-up clock ran out; the connection is already gone.
        std::function<void()> timedOut;
    };

    /// \param hooks the endpoint's hooks (replaces earlier ones)
    void SetHooks(Hooks hooks);
    /// Drop all hooks.
    void ClearHooks();

    /// \return the TCP state
    TcpStates_t GetTcpState() const;
    /// \return whether a connection endpoint (port, peer) is allocated
    bool HasEndPoint() const;

    /// Send an RST now and free the connection (no callback fires: clear them first).
    void Abort();
    /// Forget the connection without sending anything (node crash, a give-up clock).
    void Vanish();

    /**
     * \brief Take up to \p maxBytes from the receive buffer; when that reopens a closed
     * window, tell the peer (Linux tcp_cleanup_rbuf; ns-3's Recv() does not).
     * \param maxBytes the most to take
     * \return the data (null when none)
     */
    Ptr<Packet> Drain(uint32_t maxBytes);

    /**
     * \brief IPV6_V6ONLY for a listener: answer an IPv4 SYN that ns-3 passes on as
     * ::ffff:a.b.c.d with an RST, as if no listener existed.
     * \param reject whether to
     */
    void SetRejectV4Mapped(bool reject);

    /**
     * \brief Set the timer values of a timing profile directly (the same as the attributes
     * ConnTimeout, ConnCount, DataRetries, MinRto, MaxSegLifetime, TcpNoDelay, without the
     * cost of setting attributes by name on every socket).
     * \param connTimeout initial SYN timeout
     * \param synRetries SYNs before ns-3 gives up
     * \param dataRetries data retransmissions before ns-3 gives up
     * \param minRto minimum RTO
     * \param msl maximum segment lifetime
     * \param noDelay TCP_NODELAY
     */
    void Configure(Time connTimeout,
                   uint32_t synRetries,
                   uint32_t dataRetries,
                   Time minRto,
                   Time msl,
                   bool noDelay);

    /// \param noDelay TCP_NODELAY (Nagle off)
    void SetNoDelay(bool noDelay);

    /// \return bytes sent and not yet acknowledged, or still to send
    uint32_t GetPendingTxBytes() const;

    /**
     * \brief TCP_USER_TIMEOUT (IN5, IN23): give up when data stays unacknowledged this long.
     * \param timeout the limit (zero: off)
     */
    void SetUserTimeout(Time timeout);
    /// \return TCP_USER_TIMEOUT (zero: off)
    Time GetUserTimeout() const;

    /**
     * \brief The retransmission give-up clock (IN24): after the first retransmission of data
     * or of a FIN, give up at the first expiry at least this long after it.
     * \param deadline the limit (Time::Max(): leave it to ns-3's DataRetries)
     */
    void SetGiveUpDeadline(Time deadline);

  protected:
    Ptr<TcpSocketBase> Fork() override;
    void DoForwardUp(Ptr<Packet> packet,
                     const Address& fromAddress,
                     const Address& toAddress) override;
    void ReTxTimeout() override;
    void SendEmptyPacket(uint8_t flags) override;
    uint32_t SendDataPacket(SequenceNumber32 seq, uint32_t maxSize, bool withAck) override;
    void NewAck(const SequenceNumber32& seq, bool resetRTO) override;
    void DoDispose() override;

  private:
    /// Run the timedOut hook after forgetting the connection.
    void GiveUp();
    /// (Re)arm the user-timeout timer from m_unackedSince.
    void ArmUserTimer();

    Hooks m_hooks;                       //!< the endpoint's hooks
    bool m_rejectV4Mapped{false};        //!< IPV6_V6ONLY listener
    Time m_userTimeout{0};               //!< TCP_USER_TIMEOUT
    Time m_giveUpDeadline{Time::Max()};  //!< IN24 limit
    Time m_unackedSince{Time::Max()};    //!< oldest unacknowledged byte was sent then
    Time m_firstRetransmit{Time::Max()}; //!< first retransmission of the current data or FIN
    EventId m_userTimer;                 //!< user-timeout expiry
};

} // namespace ns3

#endif /* SOCKBENCH_TCP_SOCKET_H */
