/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: a TCP socket with Linux application semantics over an ns-3 TCP socket.
 * Spec: inet-sockets.md (IN1-IN27, IN33) and its section I; ns3-facts.md.
 */

#ifndef SOCKBENCH_TCP_ENDPOINT_H
#define SOCKBENCH_TCP_ENDPOINT_H

#include "inet-endpoint.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/socket-endpoint.h"
#include "ns3/trace-record.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

class InetPortTable;
class Node;
class Packet;
class Socket;
class SockbenchTcpSocket;

/**
 * \ingroup sockbench
 * \brief A TCP socket as a Linux application sees it, over an ns-3 TcpSocketBase.
 *
 * The endpoint keeps Linux's view: the socket state (unconnected, connecting, connected),
 * the TCP state as far as an application can tell, the shutdown bits, the pending error,
 * its own receive queue and accept queue. ns-3 supplies the packets; what ns-3 lacks is
 * added here (section I of the spec): refused connects at the RST|ACK, ECONNRESET and EPIPE
 * from received RSTs, a backlog, the SYN deadline of the timing profile, user timeouts, the
 * give-up clock for data and FINs, RST on close with unread data, and port conflicts.
 *
 * Every change of what an application can observe is traced as a state record
 * ("tcp-state", "tcp-error", "tcp-rst-sent", ...) on object "tcp:N".
 */
class TcpEndpoint : public InetEndpoint
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpEndpoint();
    ~TcpEndpoint() override;

    /**
     * \brief Make a fresh socket.
     * \param family AF_INET or AF_INET6
     * \param node the node (with an internet stack)
     * \param ports the node's port table
     * \param config the node's settings
     * \param emit where state records go
     * \return 0 or -errno (-EAFNOSUPPORT when the node lacks that family)
     */
    int Setup(int family,
              Ptr<Node> node,
              Ptr<InetPortTable> ports,
              const InetConfig& config,
              EmitFunction emit);

    /// \param policy what close() sends with unread data (a personality chooses)
    void SetClosePolicy(TcpClosePolicy policy);
    /// \return the close policy
    TcpClosePolicy GetClosePolicy() const;
    /// \return the TCP state an application could infer: "CLOSE", "LISTEN", "SYN_SENT",
    /// "ESTABLISHED", "CLOSE_WAIT", "FIN_WAIT", "LAST_ACK", "TIME_WAIT"
    std::string GetStateName() const;

    // ---- SocketEndpoint --------------------------------------------------------------------
    uint32_t GetReadiness() const override;
    void Release() override;
    void Crash() override;
    int GetSocketType() const override;
    bool IsListening() const override;
    int GetProtocol() const override;
    int Bind(const struct sockaddr* addr, socklen_t len) override;
    int Listen(uint32_t backlog, const SocketCredentials& cred) override;
    SocketOp Connect(const struct sockaddr* addr,
                     socklen_t len,
                     const SocketCredentials& cred) override;
    SocketOp ContinueConnect(const struct sockaddr* addr,
                             socklen_t len,
                             const SocketCredentials& cred) override;
    SocketOp Accept(Ptr<SocketEndpoint>& accepted) override;
    SocketOp Send(const uint8_t* buf,
                  size_t len,
                  int flags,
                  const struct sockaddr* addr,
                  socklen_t addrLen,
                  SendProgress& progress) override;
    SocketOp Recv(uint8_t* buf,
                  size_t len,
                  int flags,
                  struct sockaddr* from,
                  socklen_t* fromLen,
                  int& msgFlags) override;
    int Shutdown(int how) override;
    int GetName(struct sockaddr* addr, socklen_t* len) const override;
    int GetPeerName(struct sockaddr* addr, socklen_t* len) const override;
    int64_t GetReadableBytes() const override;
    int SetOption(int level, int name, const void* value, socklen_t len) override;
    int GetOption(int level, int name, void* value, socklen_t* len) override;

  protected:
    const char* GetProtocolName() const override;
    int GetProtocolNumber() const override;
    void DoDispose() override;

  private:
    /// What an application can tell of the TCP state.
    enum State
    {
        CLOSE,       //!< fresh, failed, reset, timed out
        LISTEN,      //!< listening
        SYN_SENT,    //!< connecting
        ESTABLISHED, //!< synchronized; see m_peerFin and m_finSent
    };

    /// The socket layer's state (struct socket.state).
    enum SocketState
    {
        SS_UNCONNECTED, //!< no connect() under way or finished
        SS_CONNECTING,  //!< connect() called; the outcome not yet reported by connect()
        SS_CONNECTED,   //!< connect() returned 0 (or accepted)
    };

    static constexpr uint8_t RCV_SHUTDOWN = 1;  //!< sk_shutdown bit
    static constexpr uint8_t SEND_SHUTDOWN = 2; //!< sk_shutdown bit

    /// Make a fresh ns-3 socket with the profile's attributes. \return it (null: no TCP)
    Ptr<SockbenchTcpSocket> NewNs3Socket();
    /// Install callbacks and hooks on m_socket.
    void Attach();
    /// Remove callbacks and hooks from m_socket.
    void Detach();
    /// Close and forget the queued and held connections. \param how what to do to each
    void DropChildren(const std::function<void(TcpEndpoint&)>& how);
    /// Take over a fork accepted by \p listener \param listener the listening endpoint
    /// \param socket the fork \param peer the client's address
    void Adopt(const TcpEndpoint& listener, Ptr<SockbenchTcpSocket> socket, const Address& peer);
    /// Bind the ns-3 socket to m_local. \return 0 or -errno
    int BindNs3();
    /// tcp_disconnect: back to CLOSE, queues purged, shutdown bits cleared. \param reset
    /// send an RST if a connection exists
    void Disconnect(bool reset);
    /// The connection ended (RST, timeout, refusal): tcp_done. \param error the errno to
    /// report (0: none) \param why trace reason
    void Done(int error, const std::string& why);
    /// Start a new connect attempt. \param dest the destination \return an attempt
    SocketOp StartConnect(const InetSockAddr& dest);
    /// The outcome of an attempt under way, for connect(). \return an attempt
    SocketOp ConnectOutcome(bool freshCall);
    /// Everything observable may have changed: wake waiters, notify listeners.
    void Changed();
    /// Move data from the ns-3 receive buffer into the module queue.
    void Pull();
    /// Admit connections held back while the accept queue was full (IN10).
    void AdmitHeld();

    // ns-3 callbacks and hooks
    void OnConnected(Ptr<Socket> s);           //!< handshake done
    void OnConnectFailed(Ptr<Socket> s);       //!< ns-3 gave up the SYNs (ns3 profile)
    void OnNormalClose(Ptr<Socket> s);         //!< FIN (or an RST, classified by OnSegment)
    void OnErrorClose(Ptr<Socket> s);          //!< ns-3 gave up data retransmission
    void OnRecv(Ptr<Socket> s);                //!< data arrived
    void OnSendSpace(Ptr<Socket> s, uint32_t); //!< room in the send buffer
    bool OnRequest(Ptr<Socket> s, const Address& from);       //!< SYN at a listener
    void OnNewConnection(Ptr<Socket> s, const Address& from); //!< a fork is established
    bool OnSegment(uint8_t flags, uint32_t payload);          //!< every incoming segment, first
    void OnTimedOut();                                        //!< user timeout or give-up clock
    void OnSynDeadline(); //!< the profile's connect deadline (IN4, IN5)
    /// An ICMPv4 error for this connection. \param source sender \param ttl TTL
    /// \param type ICMP type \param code ICMP code \param info extra
    void OnIcmp(Ipv4Address source, uint8_t ttl, uint8_t type, uint8_t code, uint32_t info);
    /// An ICMPv6 error for this connection. \param source sender \param ttl hop limit
    /// \param type ICMPv6 type \param code ICMPv6 code \param info extra
    void OnIcmp6(Ipv6Address source, uint8_t ttl, uint8_t type, uint8_t code, uint32_t info);
    /// tcp_v4_err: fatal in SYN_SENT, a soft error otherwise. \param error the errno
    /// \param from the ICMP's sender
    void OnIcmpError(int error, const std::string& from);

    TcpClosePolicy m_closePolicy{CLOSE_RST_IF_UNREAD}; //!< close() with unread data

    Ptr<SockbenchTcpSocket> m_socket;        //!< the ns-3 socket (null before connect/listen)
    State m_state{CLOSE};                    //!< TCP state as observable
    SocketState m_sockState{SS_UNCONNECTED}; //!< socket layer state
    uint8_t m_shutdown{0};                   //!< sk_shutdown bits
    bool m_peerFin{false};                   //!< SOCK_DONE: the peer's FIN arrived
    bool m_finSent{false};                   //!< our FIN was sent (SHUT_WR or close)
    bool m_reset{false};                     //!< the connection ended by RST, timeout or abort
    int m_softError{0};                      //!< sk_err_soft: an ICMP error reported at a timeout

    bool m_noDelay{false};       //!< TCP_NODELAY
    uint32_t m_synCount{0};      //!< TCP_SYNCNT (0: tcp_syn_retries)
    Time m_userTimeout{0};       //!< TCP_USER_TIMEOUT
    uint32_t m_keepIdle{7200};   //!< TCP_KEEPIDLE (s)
    uint32_t m_keepInterval{75}; //!< TCP_KEEPINTVL (s)
    uint32_t m_keepCount{9};     //!< TCP_KEEPCNT
    EventId m_synDeadline;       //!< connect deadline

    std::deque<uint8_t> m_rxQueue;  //!< received, unread bytes
    std::vector<uint8_t> m_scratch; //!< reused buffer for draining ns-3

    uint32_t m_backlog{0};                      //!< listen() backlog
    std::deque<Ptr<TcpEndpoint>> m_acceptQueue; //!< established, not yet accepted
    std::deque<Ptr<TcpEndpoint>> m_held;        //!< established while the queue was full
    bool m_connectStartedHere{false};           //!< the running connect() started it
};

} // namespace ns3

#endif /* SOCKBENCH_TCP_ENDPOINT_H */
