/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: a Linux AF_UNIX socket (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET).
 */

#ifndef SOCKBENCH_UNIX_ENDPOINT_H
#define SOCKBENCH_UNIX_ENDPOINT_H

#include "unix-address.h"
#include "unix-namespace.h"

#include "ns3/socket-endpoint.h"

#include <deque>
#include <functional>
#include <vector>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief An AF_UNIX socket with Linux 6.x semantics (spec local-sockets.md, LS rules).
 *
 * No packets are exchanged: connect, accept and send complete inside the calling event
 * (spec L). Checks run in the order the kernel runs them (LS12 for connect, LS22-LS28 for
 * stream data, LS31-LS37 for datagrams and records), and every call returns a value or a
 * negative errno. Blocking is left to the host: an attempt that would block names the wait
 * queue the kernel would sleep on.
 *
 * Wait queues used: the listener's connector queue (LS15: accept wakes one, a larger listen
 * and close wake all), each socket's reader queue (data, shutdown, peer close) and writer
 * queue (buffer space), and a receiver's queue of blocked datagram senders (LS32).
 */
class UnixEndpoint : public SocketEndpoint
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Behaviour switches taken from the host at creation.
    struct Config
    {
        uint32_t maxDgramQlen{10}; //!< net.unix.max_dgram_qlen, taken at creation (LS32)
        bool legacy2631{false};    //!< Linux 2.6.31 behaviour where the spec lists one (K)
        uint32_t umask{022};       //!< a bound socket file's mode is 0777 & ~umask (LS2)
    };

    /// Called to deliver SIGIO/SIGURG: (owner thread or 0, signal number).
    using SignalSink = std::function<void(int32_t owner, int sig)>;
    /// Gives the credentials of the caller (for file permissions, LS2, LS12).
    using CallerSource = std::function<SocketCredentials()>;

    UnixEndpoint();
    ~UnixEndpoint() override;

    /**
     * \brief Finish creation.
     * \param type SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET
     * \param names the node's namespace
     * \param config behaviour switches
     * \param signals where SIGIO goes
     * \param caller who is calling
     */
    void Setup(int type,
               Ptr<UnixNamespace> names,
               const Config& config,
               SignalSink signals,
               CallerSource caller);

    /**
     * \brief Connect two fresh sockets as socketpair() does (LS40).
     * \param a one end
     * \param b the other end
     * \param creator both ends' peer credentials (LS39)
     */
    static void MakePair(Ptr<UnixEndpoint> a,
                         Ptr<UnixEndpoint> b,
                         const SocketCredentials& creator);

    int GetDomain() const override;
    int GetSocketType() const override;
    bool IsListening() const override;
    std::string GetKindName() const override;
    uint32_t GetReadiness() const override;
    void Release() override;

    int Bind(const struct sockaddr* addr, socklen_t len) override;
    int Listen(uint32_t backlog, const SocketCredentials& cred) override;
    SocketOp Connect(const struct sockaddr* addr,
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
    SocketCredentials GetPeerCredentials() const override;
    int64_t GetReadableBytes() const override;

    /// \return connections waiting for accept() (listeners)
    uint32_t GetPendingCount() const;
    /// \return the bound address
    const UnixAddress& GetAddress() const;
    /// \return "01" unconnected/listening, "02" pending, "03" connected (/proc/net/unix, LS41)
    std::string GetProcState() const;

  protected:
    void DoDispose() override;

  private:
    /// Connection state.
    enum State
    {
        UNCONNECTED, //!< TCP_CLOSE
        LISTENING,   //!< TCP_LISTEN
        CONNECTED,   //!< TCP_ESTABLISHED (also after the peer closed, as in Linux)
    };

    /// A queued message (stream chunk, datagram or record).
    struct Message
    {
        std::vector<uint8_t> data; //!< payload
        size_t offset{0};          //!< bytes already read (streams)
        Ptr<UnixEndpoint> sender;  //!< charged for the bytes until they are read
        UnixAddress from;          //!< sender's address (datagrams)
        bool urgent{false};        //!< the current out-of-band byte (LS24)
    };

    static constexpr uint8_t RCV_SHUTDOWN = 1;  //!< read side shut
    static constexpr uint8_t SEND_SHUTDOWN = 2; //!< write side shut
    static constexpr uint8_t SHUTDOWN_MASK = 3; //!< both

    bool IsStream() const;
    bool IsConnectionOriented() const;
    bool IsWritable() const;
    bool ReceiveQueueFull() const;
    /// \return 0 or -errno; finds the socket an address names (LS12 step 2, LS13)
    int Lookup(const UnixAddress& address, Ptr<UnixEndpoint>& target) const;
    /// Assign an abstract name (LS4). \return 0 or -errno
    int Autobind();
    /// Queue \p len bytes for \p receiver, charged to this socket.
    void Deliver(Ptr<UnixEndpoint> receiver, const uint8_t* buf, size_t len);
    /// Queue one out-of-band byte for \p receiver (queue_oob, LS24).
    void DeliverUrgent(Ptr<UnixEndpoint> receiver, uint8_t byte);
    /// recv(MSG_OOB) on a stream. \return an attempt
    SocketOp ReceiveUrgent(uint8_t* buf, size_t len, int flags);
    /// Drop the charge of a consumed or purged message.
    static void Uncharge(Message& message);
    /// Purge our receive queue after a dgram disconnect (LS33).
    void DgramDisconnected(Ptr<UnixEndpoint> oldPeer);
    /// Readiness changed: wake waiters, notify listeners, SIGIO (LS30).
    void Changed(bool data, bool sigio);
    /// unix_release_sock. \param embryo the socket was never accepted
    void ReleaseSocket(bool embryo);
    SocketOp StreamSend(const uint8_t* buf,
                        size_t len,
                        int flags,
                        bool hasAddr,
                        SendProgress& progress);
    SocketOp StreamRecv(uint8_t* buf, size_t len, int flags);
    SocketOp DgramSend(const uint8_t* buf,
                       size_t len,
                       int flags,
                       const struct sockaddr* addr,
                       socklen_t addrLen);
    SocketOp DgramRecv(uint8_t* buf,
                       size_t len,
                       int flags,
                       struct sockaddr* from,
                       socklen_t* fromLen,
                       int& msgFlags);

    int m_type{SOCK_STREAM};                 //!< socket type
    State m_state{UNCONNECTED};              //!< connection state
    uint8_t m_shutdown{0};                   //!< RCV_SHUTDOWN | SEND_SHUTDOWN
    bool m_dead{false};                      //!< closed (SOCK_DEAD)
    bool m_embryo{false};                    //!< connected but not yet accepted
    UnixAddress m_address;                   //!< bound address
    Ptr<UnixNamespace> m_names;              //!< the node's namespace
    Config m_config;                         //!< behaviour switches
    SignalSink m_signals;                    //!< SIGIO delivery
    CallerSource m_caller;                   //!< the calling thread's credentials
    Ptr<UnixEndpoint> m_peer;                //!< peer (kept after the peer closes)
    std::deque<Message> m_receiveQueue;      //!< data, datagrams or records
    std::deque<Ptr<UnixEndpoint>> m_pending; //!< listeners: connections not yet accepted
    uint32_t m_backlog{0};                   //!< listeners: backlog (after clamping)
    uint64_t m_writeMemory{0};               //!< bytes sent and not yet read (sk_wmem_alloc)
    bool m_urgentQueued{false};              //!< an urgent byte waits (oob_skb): POLLPRI
    SocketCredentials m_listenCredentials;   //!< who called listen()
    SocketCredentials m_peerCredentials;     //!< SO_PEERCRED
    WaitQueue m_peerWait;                    //!< connectors / datagram senders waiting on us
};

} // namespace ns3

#endif /* SOCKBENCH_UNIX_ENDPOINT_H */
