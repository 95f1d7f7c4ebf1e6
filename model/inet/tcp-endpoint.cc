/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: TCP with Linux application semantics over ns-3 (spec inet-sockets.md, IN1-IN27,
 * IN33, section I). Linux function names in comments are from net/ipv4 (tcp.c, tcp_input.c,
 * af_inet.c, inet_connection_sock.c).
 */

#include "tcp-endpoint.h"

#include "inet-icmp.h"
#include "inet-port-table.h"
#include "sockbench-tcp-socket.h"

#include "ns3/boolean.h"
#include "ns3/callback.h"
#include "ns3/double.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpEndpoint");
NS_OBJECT_ENSURE_REGISTERED(TcpEndpoint);

namespace
{

/// Keeps an ns-3 socket alive until the event that is running has returned.
void
DropLater(Ptr<SockbenchTcpSocket>)
{
}

/// Let go of an ns-3 socket without destroying it inside its own call stack.
void
Retire(Ptr<SockbenchTcpSocket> socket)
{
    if (socket)
    {
        Simulator::ScheduleNow(&DropLater, socket);
    }
}

/**
 * \ingroup sockbench
 * \brief A closed socket whose connection still finishes (FIN handshake, TIME_WAIT): it holds
 * the ns-3 socket and the port until the connection is gone, and bounds the wait (orphan
 * FIN_WAIT_2 timeout, the give-up clock for a FIN into a dead link).
 */
class TcpOrphan : public Object
{
  public:
    /**
     * \brief Get the type ID (ns-3 >= 3.46 aborts in CreateObject for an Object subclass
     * without its own TypeId).
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid =
            TypeId("ns3::SockbenchTcpOrphan").SetParent<Object>().SetGroupName("Sockbench");
        return tid;
    }

    /// Take over \p socket. \param socket the ns-3 socket \param ports port table
    /// \param port the port \param owner the endpoint serial \param config settings
    /// \param emit trace sink \param object trace object
    void Start(Ptr<SockbenchTcpSocket> socket,
               Ptr<InetPortTable> ports,
               uint16_t port,
               uint64_t owner,
               const InetConfig& config,
               TcpEndpoint::EmitFunction emit,
               std::string object)
    {
        m_socket = socket;
        m_ports = ports;
        m_port = port;
        m_owner = owner;
        m_msl = config.GetMaxSegLifetime();
        m_finTimeout = config.GetFinTimeout();
        m_emit = std::move(emit);
        m_object = std::move(object);
        SockbenchTcpSocket::Hooks hooks;
        hooks.timedOut = [this] { Finish("gave-up", false); };
        hooks.segment = [this](uint8_t flags, uint32_t payload) {
            // tcp_rcv_state_process: data for a socket the application has closed (FIN_WAIT1/2
            // with RCV_SHUTDOWN) is answered with an RST (TCPABORTONDATA).
            TcpSocket::TcpStates_t s = m_socket->GetTcpState();
            if (payload > 0 && !(flags & TcpHeader::RST) &&
                (s == TcpSocket::FIN_WAIT_1 || s == TcpSocket::FIN_WAIT_2))
            {
                m_socket->Abort();
                if (m_emit)
                {
                    m_emit(m_object, "tcp-rst-sent", {{"why", "data-after-close"}});
                }
                Finish("closed", false);
                return false;
            }
            return true;
        };
        m_socket->SetHooks(hooks);
        m_socket->TraceConnectWithoutContext("State", MakeCallback(&TcpOrphan::OnState, this));
        m_ports->KeepOrphan(m_owner, this);
        OnState(TcpSocket::CLOSED, m_socket->GetTcpState());
    }

  protected:
    void DoDispose() override
    {
        m_finTimer.Cancel();
        if (m_socket)
        {
            m_socket->TraceDisconnectWithoutContext("State",
                                                    MakeCallback(&TcpOrphan::OnState, this));
            m_socket->ClearHooks();
            if (!m_done)
            {
                m_socket->Vanish(); // crash or end of simulation: forget the connection
            }
            Retire(m_socket);
            m_socket = nullptr;
        }
        m_ports = nullptr;
        Object::DoDispose();
    }

  private:
    void OnState(TcpSocket::TcpStates_t, TcpSocket::TcpStates_t now)
    {
        if (now == TcpSocket::CLOSED)
        {
            Finish("closed", false);
        }
        else if (now == TcpSocket::TIME_WAIT)
        {
            Finish("time-wait", true);
        }
        else if (now == TcpSocket::FIN_WAIT_2 && m_finTimeout != Time::Max() &&
                 m_finTimer.IsExpired()) // 3.37 has only IsRunning(), 3.48 only IsPending()
        {
            // tcp_fin_timeout: an orphan does not wait for the peer's FIN for ever.
            m_finTimer = Simulator::Schedule(m_finTimeout, [this] {
                m_socket->Vanish();
                Finish("fin-timeout", false);
            });
        }
    }

    void Finish(const std::string& why, bool timeWait)
    {
        if (m_done)
        {
            return;
        }
        m_done = true;
        m_finTimer.Cancel();
        if (timeWait)
        {
            m_ports->EnterTimeWait(IPPROTO_TCP, m_port, m_owner, Simulator::Now() + m_msl * 2);
        }
        else
        {
            m_ports->Release(IPPROTO_TCP, m_port, m_owner);
        }
        if (m_emit)
        {
            m_emit(m_object, "tcp-orphan-end", {{"why", why}});
        }
        m_ports->DropOrphan(m_owner); // disposes this object after the running event
    }

    Ptr<SockbenchTcpSocket> m_socket; //!< the closing connection
    Ptr<InetPortTable> m_ports;       //!< port table
    uint16_t m_port{0};               //!< port held
    uint64_t m_owner{0};              //!< owner serial
    Time m_msl;                       //!< MaxSegLifetime
    Time m_finTimeout;                //!< orphan FIN_WAIT_2 limit
    EventId m_finTimer;               //!< FIN_WAIT_2 timer
    bool m_done{false};               //!< finished
    TcpEndpoint::EmitFunction m_emit; //!< trace sink
    std::string m_object;             //!< trace object
};

} // namespace

TypeId
TcpEndpoint::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpEndpoint")
                            .SetParent<InetEndpoint>()
                            .SetGroupName("Sockbench")
                            .AddConstructor<TcpEndpoint>();
    return tid;
}

TcpEndpoint::TcpEndpoint()
{
    recvBuffer = 131072; // net.ipv4.tcp_rmem default
    sendBuffer = 16384;  // net.ipv4.tcp_wmem default
}

TcpEndpoint::~TcpEndpoint() = default;

int
TcpEndpoint::Setup(int family,
                   Ptr<Node> node,
                   Ptr<InetPortTable> ports,
                   const InetConfig& config,
                   EmitFunction emit)
{
    int r = InetEndpoint::Setup(family, node, ports, config, std::move(emit));
    m_closePolicy = config.closePolicy;
    return r;
}

void
TcpEndpoint::SetClosePolicy(TcpClosePolicy policy)
{
    m_closePolicy = policy;
}

TcpClosePolicy
TcpEndpoint::GetClosePolicy() const
{
    return m_closePolicy;
}

std::string
TcpEndpoint::GetStateName() const
{
    switch (m_state)
    {
    case CLOSE:
        return "CLOSE";
    case LISTEN:
        return "LISTEN";
    case SYN_SENT:
        return "SYN_SENT";
    case ESTABLISHED:
        if (m_peerFin && m_finSent)
        {
            return m_socket && m_socket->GetTcpState() == TcpSocket::TIME_WAIT ? "TIME_WAIT"
                                                                               : "LAST_ACK";
        }
        return m_peerFin ? "CLOSE_WAIT" : (m_finSent ? "FIN_WAIT" : "ESTABLISHED");
    }
    return "?";
}

int
TcpEndpoint::GetProtocolNumber() const
{
    return IPPROTO_TCP;
}

const char*
TcpEndpoint::GetProtocolName() const
{
    return "tcp";
}

int
TcpEndpoint::GetSocketType() const
{
    return SOCK_STREAM;
}

bool
TcpEndpoint::IsListening() const
{
    return m_state == LISTEN;
}

int
TcpEndpoint::GetProtocol() const
{
    return IPPROTO_TCP;
}

uint32_t
TcpEndpoint::GetReadiness() const
{
    // tcp_poll
    if (m_state == LISTEN)
    {
        return m_acceptQueue.empty() ? 0 : (POLLIN | POLLRDNORM);
    }
    uint32_t mask = 0;
    if (m_shutdown == (RCV_SHUTDOWN | SEND_SHUTDOWN) || m_state == CLOSE)
    {
        mask |= POLLHUP;
    }
    if (m_shutdown & RCV_SHUTDOWN)
    {
        mask |= POLLIN | POLLRDNORM | POLLRDHUP;
    }
    if (m_state != SYN_SENT)
    {
        if (!m_rxQueue.empty())
        {
            mask |= POLLIN | POLLRDNORM;
        }
        bool room = !m_socket || m_state != ESTABLISHED || m_socket->GetTxAvailable() > 0;
        if ((m_shutdown & SEND_SHUTDOWN) || room)
        {
            mask |= POLLOUT | POLLWRNORM;
        }
    }
    if (GetPendingError() != 0)
    {
        mask |= POLLERR;
    }
    return mask;
}

void
TcpEndpoint::Changed()
{
    NotifyReadinessChanged();
    if (m_state == LISTEN)
    {
        GetReadWaiters().WakeOne(); // accept waits exclusively
    }
    else
    {
        GetReadWaiters().WakeAll();
    }
    GetWriteWaiters().WakeAll();
}

// ---- ns-3 socket plumbing -------------------------------------------------------------------

Ptr<SockbenchTcpSocket>
TcpEndpoint::NewNs3Socket()
{
    Ptr<SockbenchTcpSocket> s = SockbenchTcpSocket::Create(m_node);
    if (!s)
    {
        return nullptr;
    }
    if (m_config.profile != TIMING_NS3 || m_noDelay)
    {
        // Linux profiles: Nagle is on unless TCP_NODELAY (ns-3's own default is off).
        bool noDelay = m_config.profile == TIMING_NS3 ? true : m_noDelay;
        s->Configure(m_config.GetConnTimeout(),
                     m_config.GetConnCount(),
                     m_config.GetDataRetries(),
                     m_config.GetMinRto(),
                     m_config.GetMaxSegLifetime(),
                     noDelay);
    } // the ns3 profile keeps the attribute defaults as they are
    s->SetGiveUpDeadline(m_config.GetDataDeadline());
    s->SetUserTimeout(m_userTimeout);
    return s;
}

void
TcpEndpoint::Attach()
{
    Ptr<TcpEndpoint> self(this);
    m_socket->SetConnectCallback(MakeCallback(&TcpEndpoint::OnConnected, self),
                                 MakeCallback(&TcpEndpoint::OnConnectFailed, self));
    m_socket->SetCloseCallbacks(MakeCallback(&TcpEndpoint::OnNormalClose, self),
                                MakeCallback(&TcpEndpoint::OnErrorClose, self));
    m_socket->SetRecvCallback(MakeCallback(&TcpEndpoint::OnRecv, self));
    m_socket->SetSendCallback(MakeCallback(&TcpEndpoint::OnSendSpace, self));
    m_socket->SetAttribute("IcmpCallback", CallbackValue(MakeCallback(&TcpEndpoint::OnIcmp, self)));
    m_socket->SetAttribute("IcmpCallback6",
                           CallbackValue(MakeCallback(&TcpEndpoint::OnIcmp6, self)));
    if (m_state == LISTEN)
    {
        m_socket->SetAcceptCallback(MakeCallback(&TcpEndpoint::OnRequest, self),
                                    MakeCallback(&TcpEndpoint::OnNewConnection, self));
    }
    SockbenchTcpSocket::Hooks hooks;
    hooks.segment = [this](uint8_t flags, uint32_t payload) { return OnSegment(flags, payload); };
    hooks.timedOut = [this] { OnTimedOut(); };
    m_socket->SetHooks(hooks);
}

void
TcpEndpoint::Detach()
{
    if (!m_socket)
    {
        return;
    }
    m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                 MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    m_socket->SetAttribute(
        "IcmpCallback",
        CallbackValue(MakeNullCallback<void, Ipv4Address, uint8_t, uint8_t, uint8_t, uint32_t>()));
    m_socket->SetAttribute(
        "IcmpCallback6",
        CallbackValue(MakeNullCallback<void, Ipv6Address, uint8_t, uint8_t, uint8_t, uint32_t>()));
    m_socket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeNullCallback<void, Ptr<Socket>, const Address&>());
    m_socket->ClearHooks();
}

int
TcpEndpoint::BindNs3()
{
    InetSockAddr at = m_local;
    if (m_family == AF_INET6 && !at.isV4 && at.IsAny() && m_peer.isV4)
    {
        at = InetSockAddr::Any(AF_INET); // dual stack: an IPv4 destination (IN33)
        at.port = m_local.port;
    }
    return m_socket->Bind(at.ToNs3()) == 0 ? 0 : -EADDRINUSE;
}

void
TcpEndpoint::Pull()
{
    if (!m_socket)
    {
        return;
    }
    while (m_rxQueue.size() < recvBuffer)
    {
        Ptr<Packet> p = m_socket->Drain(static_cast<uint32_t>(recvBuffer - m_rxQueue.size()));
        if (!p || p->GetSize() == 0)
        {
            break;
        }
        m_scratch.resize(p->GetSize());
        p->CopyData(m_scratch.data(), p->GetSize());
        m_rxQueue.insert(m_rxQueue.end(), m_scratch.begin(), m_scratch.end());
    }
}

// ---- state changes ------------------------------------------------------------------------

void
TcpEndpoint::Done(int error, const std::string& why)
{
    // tcp_done (after tcp_reset or tcp_write_err): CLOSE, both directions shut, the receive
    // queue is kept (IN19), an automatically chosen port is given back.
    Simulator::Cancel(m_synDeadline);
    if (m_socket)
    {
        Pull();
        Detach();
        Retire(m_socket);
        m_socket = nullptr;
    }
    m_state = CLOSE;
    m_shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
    m_reset = true;
    if (!m_userBound)
    {
        ReleasePort();
    }
    Note("tcp-done",
         {{"why", why}, {"error", error == 0 ? std::string("0") : std::to_string(error)}});
    if (error != 0)
    {
        SetPendingError(error);
    }
    Changed();
}

void
TcpEndpoint::Disconnect(bool reset)
{
    // tcp_disconnect
    Simulator::Cancel(m_synDeadline);
    if (m_state == LISTEN)
    {
        if (m_socket)
        {
            Detach();
            m_socket->Close();
            Retire(m_socket);
            m_socket = nullptr;
        }
        // inet_csk_listen_stop: queued children are reset.
        DropChildren([](TcpEndpoint& child) { child.Disconnect(true); });
        if (m_bound)
        {
            InetSockAddr keep = m_local;
            bool user = m_userBound;
            ReleasePort();
            if (user)
            {
                ClaimPort(keep); // still bound, no longer listening
                m_userBound = true;
            }
        }
    }
    else if (m_socket)
    {
        bool connected = m_state == ESTABLISHED && !m_reset;
        Detach();
        if (reset && connected)
        {
            m_socket->Abort();
            Note("tcp-rst-sent", {{"why", "disconnect"}});
            SetPendingError(ECONNRESET);
        }
        else
        {
            if (reset && m_state == SYN_SENT)
            {
                SetPendingError(ECONNRESET);
            }
            m_socket->Vanish();
        }
        Retire(m_socket);
        m_socket = nullptr;
    }
    m_rxQueue.clear();
    m_shutdown = 0;
    m_peerFin = false;
    m_finSent = false;
    m_reset = false;
    m_state = CLOSE;
    m_sockState = SS_UNCONNECTED;
    m_peer = InetSockAddr::Any(m_family);
    if (!m_userBound)
    {
        ReleasePort();
    }
    Note("tcp-state", {{"state", "CLOSE"}});
    Changed();
}

void
TcpEndpoint::Adopt(const TcpEndpoint& listener, Ptr<SockbenchTcpSocket> socket, const Address& peer)
{
    CopySetup(listener);
    m_closePolicy = listener.m_closePolicy;
    // Options a child inherits from its listener.
    reuseAddress = listener.reuseAddress;
    keepAlive = listener.keepAlive;
    lingerOn = listener.lingerOn;
    lingerSeconds = listener.lingerSeconds;
    recvBuffer = listener.recvBuffer;
    sendBuffer = listener.sendBuffer;
    m_noDelay = listener.m_noDelay;
    m_userTimeout = listener.m_userTimeout;
    m_keepIdle = listener.m_keepIdle;
    m_keepInterval = listener.m_keepInterval;
    m_keepCount = listener.m_keepCount;

    m_socket = socket;
    m_state = ESTABLISHED;
    m_sockState = SS_CONNECTED;
    m_peer = InetSockAddr::FromNs3(peer);
    Address local;
    socket->GetSockName(local);
    m_local = InetSockAddr::FromNs3(local);
    InetPortTable::Binding b;
    b.owner = m_id;
    b.local = m_local;
    b.reuse = reuseAddress;
    m_ports->AddChild(IPPROTO_TCP, b);
    m_bound = true;
    m_userBound = true;
    socket->SetUserTimeout(m_userTimeout);
    Attach();
}

// ---- ns-3 events --------------------------------------------------------------------------

bool
TcpEndpoint::OnSegment(uint8_t flags, uint32_t payload)
{
    if (!(flags & TcpHeader::RST))
    {
        if (payload > 0 && m_state == ESTABLISHED && m_finSent && !m_peerFin &&
            (m_shutdown & RCV_SHUTDOWN) && !m_reset)
        {
            // tcp_rcv_state_process, FIN_WAIT1/2 with RCV_SHUTDOWN: new data is answered with
            // an RST and the socket is reset (TCPABORTONDATA).
            m_socket->Abort();
            Note("tcp-rst-sent", {{"why", "data-after-shutdown"}});
            Done(ECONNRESET, "data-after-shutdown");
            return false;
        }
        return true;
    }
    if (m_state == SYN_SENT)
    {
        // tcp_rcv_synsent_state_process: an acceptable RST|ACK is a refusal (IN1); ns-3
        // ignores it and would fail after its SYN retries. A bare RST is discarded.
        if (flags & TcpHeader::ACK)
        {
            m_socket->Vanish();
            Done(ECONNREFUSED, "rst-in-syn-sent");
        }
        return false;
    }
    if (m_state == ESTABLISHED && !m_reset)
    {
        if (m_socket->GetTcpState() == TcpSocket::TIME_WAIT)
        {
            return true; // a TIME_WAIT socket dies quietly
        }
        // tcp_reset: EPIPE in CLOSE_WAIT (IN14), ECONNRESET otherwise (IN19).
        int error = (m_peerFin && !m_finSent) ? EPIPE : ECONNRESET;
        Done(error, "rst-received");
        return true; // ns-3 closes its side (callbacks are detached)
    }
    return true;
}

void
TcpEndpoint::OnConnected(Ptr<Socket> s)
{
    if (s != m_socket || m_state != SYN_SENT)
    {
        return;
    }
    Simulator::Cancel(m_synDeadline);
    m_state = ESTABLISHED;
    Address local;
    m_socket->GetSockName(local);
    InetSockAddr actual = InetSockAddr::FromNs3(local);
    m_local.isV4 = actual.isV4;
    m_local.v4 = actual.v4;
    m_local.v6 = actual.v6;
    Note("tcp-state", {{"state", "ESTABLISHED"}, {"peer", m_peer.ToString()}});
    if (keepAlive)
    {
        Note("tcp-keepalive", {{"modelled", false}}); // IN25: a documented choice
    }
    Changed();
}

void
TcpEndpoint::OnConnectFailed(Ptr<Socket> s)
{
    if (s == m_socket && m_state == SYN_SENT)
    {
        Done(m_softError ? m_softError : ETIMEDOUT, "syn-retries"); // ns3: ConnCount ran out
    }
}

void
TcpEndpoint::OnSynDeadline()
{
    if (m_state == SYN_SENT && m_socket)
    {
        m_socket->Vanish();
        Done(m_softError ? m_softError : ETIMEDOUT,
             m_userTimeout.IsStrictlyPositive() ? "user-timeout" : "syn-timeout");
    }
}

void
TcpEndpoint::OnNormalClose(Ptr<Socket> s)
{
    if (s != m_socket || m_reset || m_state != ESTABLISHED)
    {
        return;
    }
    // An RST was classified by OnSegment already: this is the peer's FIN (CLOSE_WAIT, or
    // TIME_WAIT when our FIN went first).
    Pull();
    m_peerFin = true;
    m_shutdown |= RCV_SHUTDOWN;
    Note("tcp-fin-received", {{"state", GetStateName()}});
    Changed();
}

void
TcpEndpoint::OnErrorClose(Ptr<Socket> s)
{
    if (s == m_socket && !m_reset)
    {
        Done(m_softError ? m_softError : ETIMEDOUT, "retransmit"); // ns3: DataRetries ran out
    }
}

void
TcpEndpoint::OnRecv(Ptr<Socket> s)
{
    if (s != m_socket)
    {
        return;
    }
    size_t before = m_rxQueue.size();
    Pull();
    if (m_rxQueue.size() != before)
    {
        NotifyReadinessChanged();
        GetReadWaiters().WakeAll(); // data wakes readers only
    }
}

void
TcpEndpoint::OnSendSpace(Ptr<Socket> s, uint32_t)
{
    if (s == m_socket)
    {
        // ns-3 reports room after every send and ACK: writers (and poll) only, so that a
        // reader blocked in recv() is not woken for nothing.
        NotifyReadinessChanged();
        GetWriteWaiters().WakeAll();
    }
}

void
TcpEndpoint::OnTimedOut()
{
    // The ns-3 socket is gone already (user timeout or the give-up clock): no RST (IN23).
    // tcp_write_err: a soft ICMP error recorded meanwhile replaces ETIMEDOUT (IN24).
    Done(m_softError ? m_softError : ETIMEDOUT,
         m_state == SYN_SENT ? "user-timeout" : "retransmit-timeout");
}

void
TcpEndpoint::OnIcmp(Ipv4Address source, uint8_t, uint8_t type, uint8_t code, uint32_t)
{
    if (type == 3 && code == 4)
    {
        return; // fragmentation needed: path MTU, not an error for TCP
    }
    IcmpError e = ConvertIcmpv4(type, code);
    if (e.error != 0)
    {
        std::ostringstream os;
        os << source;
        OnIcmpError(e.error, os.str());
    }
}

void
TcpEndpoint::OnIcmp6(Ipv6Address source, uint8_t, uint8_t type, uint8_t code, uint32_t)
{
    if (type == 2)
    {
        return; // packet too big: path MTU
    }
    IcmpError e = ConvertIcmpv6(type, code);
    if (e.error != 0)
    {
        std::ostringstream os;
        os << source;
        OnIcmpError(e.error, os.str());
    }
}

void
TcpEndpoint::OnIcmpError(int error, const std::string& from)
{
    // tcp_v4_err / tcp_v6_err: in SYN_SENT the error ends the attempt (IN6); on a
    // synchronized connection it is only kept, to replace ETIMEDOUT at a timeout (IN24).
    if (m_state == SYN_SENT && m_socket)
    {
        m_socket->Vanish();
        Done(error, "icmp-in-syn-sent");
    }
    else if (m_state == ESTABLISHED && !m_reset)
    {
        m_softError = error;
        Note("tcp-icmp-soft", {{"from", from}, {"error", std::to_string(error)}});
    }
}

bool
TcpEndpoint::OnRequest(Ptr<Socket>, const Address& from)
{
    if (m_state != LISTEN)
    {
        return false;
    }
    // sk_acceptq_is_full: more than the backlog queued. The SYN is dropped silently (IN9).
    if (m_acceptQueue.size() > m_backlog)
    {
        Note("tcp-syn-dropped", {{"from", InetSockAddr::FromNs3(from).ToString()}});
        return false;
    }
    return true;
}

void
TcpEndpoint::OnNewConnection(Ptr<Socket> s, const Address& from)
{
    Ptr<SockbenchTcpSocket> fork = DynamicCast<SockbenchTcpSocket>(s);
    if (!fork)
    {
        return;
    }
    if (m_state != LISTEN || !m_ports)
    {
        // The listener closed while this connection was half-open: reset it.
        fork->Abort();
        Retire(fork);
        return;
    }
    Ptr<TcpEndpoint> child = CreateObject<TcpEndpoint>();
    child->Adopt(*this, fork, from);
    if (m_acceptQueue.size() > m_backlog)
    {
        // IN10: the queue filled up between SYN and ACK.
        if (m_config.abortOnOverflow)
        {
            Note("tcp-overflow", {{"child", child->GetObjectName()}, {"action", "reset"}});
            child->Disconnect(true);
            child->Dispose();
        }
        else
        {
            Note("tcp-overflow", {{"child", child->GetObjectName()}, {"action", "hold"}});
            m_held.push_back(child);
        }
        return;
    }
    m_acceptQueue.push_back(child);
    Note("tcp-queued",
         {{"child", child->GetObjectName()},
          {"peer", child->m_peer.ToString()},
          {"queued", static_cast<int64_t>(m_acceptQueue.size())}});
    Changed();
}

void
TcpEndpoint::AdmitHeld()
{
    while (!m_held.empty() && m_acceptQueue.size() <= m_backlog)
    {
        m_acceptQueue.push_back(m_held.front());
        m_held.pop_front();
        Note("tcp-queued",
             {{"child", m_acceptQueue.back()->GetObjectName()},
              {"peer", m_acceptQueue.back()->m_peer.ToString()},
              {"queued", static_cast<int64_t>(m_acceptQueue.size())}});
    }
}

// ---- socket calls -------------------------------------------------------------------------

int
TcpEndpoint::Bind(const struct sockaddr* addr, socklen_t len)
{
    InetSockAddr a;
    if (int r = CheckBindAddress(addr, len, a))
    {
        return r;
    }
    if (m_state != CLOSE || m_bound)
    {
        return -EINVAL;
    }
    if (int r = ClaimPort(a))
    {
        return r;
    }
    m_userBound = true;
    Note("tcp-bound", {{"local", m_local.ToString()}});
    return 0;
}

int
TcpEndpoint::Listen(uint32_t backlog, const SocketCredentials&)
{
    // inet_listen
    if (m_sockState != SS_UNCONNECTED || (m_state != CLOSE && m_state != LISTEN))
    {
        return -EINVAL;
    }
    if (m_state == LISTEN)
    {
        m_backlog = backlog; // a second listen() replaces the backlog (IN8)
        AdmitHeld();
        Note("tcp-backlog", {{"backlog", int64_t{backlog}}});
        Changed();
        return 0;
    }
    if (!m_bound)
    {
        if (int r = ClaimPort(InetSockAddr::Any(m_family)))
        {
            return r;
        }
    }
    if (int r = m_ports->Listen(IPPROTO_TCP, m_local.port, m_id))
    {
        return r;
    }
    m_socket = NewNs3Socket();
    if (!m_socket || BindNs3() != 0 || m_socket->Listen() != 0)
    {
        if (m_socket)
        {
            Retire(m_socket);
        }
        m_socket = nullptr;
        return -EADDRINUSE;
    }
    m_state = LISTEN;
    m_backlog = backlog;
    Attach();
    // ns-3 hands IPv4 segments that match no IPv4 endpoint to IPv6 endpoints as
    // ::ffff:a.b.c.d, so an AF_INET6 listener on :: is dual-stack by itself (IN33); with
    // IPV6_V6ONLY those SYNs must find no listener and get an RST instead.
    m_socket->SetRejectV4Mapped(m_family == AF_INET6 && m_v6only);
    Note("tcp-state",
         {{"state", "LISTEN"}, {"local", m_local.ToString()}, {"backlog", int64_t{backlog}}});
    Changed();
    return 0;
}

SocketOp
TcpEndpoint::StartConnect(const InetSockAddr& destination)
{
    InetSockAddr dest = destination;
    if (dest.mapped && m_v6only)
    {
        return SocketOp::Done(-ENETUNREACH); // IN33
    }
    if (dest.IsAny())
    {
        // Linux connects to the loopback address when given the wildcard.
        if (dest.isV4)
        {
            dest.v4 = Ipv4Address::GetLoopback();
        }
        else
        {
            dest.v6 = Ipv6Address::GetLoopback();
        }
    }
    if (!dest.isV4 && m_family == AF_INET6 && !m_node->GetObject<Ipv6>())
    {
        return SocketOp::Done(-ENETUNREACH);
    }
    if (dest.isV4 && !m_node->GetObject<Ipv4>())
    {
        return SocketOp::Done(-ENETUNREACH);
    }
    bool autoBound = false;
    if (!m_bound)
    {
        if (int r = ClaimPort(InetSockAddr::Any(m_family)))
        {
            return SocketOp::Done(r);
        }
        autoBound = true;
    }
    m_peer = dest;
    m_socket = NewNs3Socket();
    if (!m_socket || BindNs3() != 0)
    {
        Retire(m_socket);
        m_socket = nullptr;
        if (autoBound)
        {
            ReleasePort();
        }
        return SocketOp::Done(-EADDRINUSE);
    }
    m_state = SYN_SENT; // before Connect(): the SYN may be answered at once
    m_sockState = SS_CONNECTING;
    TakePendingError(); // tcp_connect_init: sk_err = 0 (an old ECONNRESET, IN7)
    m_softError = 0;
    Attach();
    if (m_socket->Connect(dest.ToNs3()) != 0)
    {
        // No route (IN6): ENETUNREACH at once.
        Detach();
        m_socket->Vanish();
        Retire(m_socket);
        m_socket = nullptr;
        m_state = CLOSE;
        m_sockState = SS_UNCONNECTED;
        m_peer = InetSockAddr::Any(m_family);
        if (autoBound)
        {
            ReleasePort();
        }
        return SocketOp::Done(-ENETUNREACH);
    }
    Address local;
    m_socket->GetSockName(local);
    InetSockAddr actual = InetSockAddr::FromNs3(local);
    if (!actual.IsAny())
    {
        m_local.isV4 = actual.isV4;
        m_local.v4 = actual.v4;
        m_local.v6 = actual.v6;
    }
    Time deadline = Time::Max();
    if (m_userTimeout.IsStrictlyPositive())
    {
        deadline = m_userTimeout; // IN5: the user timeout bounds SYN_SENT instead
    }
    else if (m_config.HasSynDeadline())
    {
        deadline = m_config.GetSynDeadline(m_synCount ? m_synCount : m_config.synRetries);
    }
    if (deadline != Time::Max())
    {
        m_synDeadline = Simulator::Schedule(deadline, &TcpEndpoint::OnSynDeadline, this);
    }
    Note("tcp-state", {{"state", "SYN_SENT"}, {"peer", m_peer.ToString()}});
    NotifyReadinessChanged();
    SocketOp op = SocketOp::Block(GetWriteWaiters());
    op.blockErrno = EINPROGRESS;
    return op;
}

SocketOp
TcpEndpoint::ConnectOutcome(bool freshCall)
{
    switch (m_state)
    {
    case SYN_SENT: {
        SocketOp op = SocketOp::Block(GetWriteWaiters());
        op.blockErrno = freshCall ? EALREADY : EINPROGRESS;
        return op;
    }
    case CLOSE: {
        // sock_error path: the cause if nobody read it, else ECONNABORTED; then disconnect.
        int error = TakePendingError();
        Disconnect(false);
        return SocketOp::Done(-(error != 0 ? error : ECONNABORTED));
    }
    default:
        m_sockState = SS_CONNECTED;
        return SocketOp::Done(0);
    }
}

SocketOp
TcpEndpoint::Connect(const struct sockaddr* addr, socklen_t len, const SocketCredentials&)
{
    // __inet_stream_connect
    if (!addr)
    {
        return SocketOp::Done(-EFAULT);
    }
    if (len < sizeof(sa_family_t))
    {
        return SocketOp::Done(-EINVAL);
    }
    sa_family_t family;
    std::memcpy(&family, addr, sizeof(family));
    if (family == AF_UNSPEC)
    {
        Disconnect(true); // IN7: RST to the peer, back to unconnected
        return SocketOp::Done(0);
    }
    switch (m_sockState)
    {
    case SS_CONNECTED:
        return SocketOp::Done(-EISCONN);
    case SS_CONNECTING:
        m_connectStartedHere = false;
        return ConnectOutcome(true);
    case SS_UNCONNECTED:
        break;
    }
    if (m_state != CLOSE)
    {
        return SocketOp::Done(-EISCONN);
    }
    InetSockAddr dest;
    bool unspec = false;
    if (int r = ParseInetSockaddr(m_family, addr, len, dest, unspec))
    {
        return SocketOp::Done(r);
    }
    m_connectStartedHere = true;
    return StartConnect(dest);
}

SocketOp
TcpEndpoint::ContinueConnect(const struct sockaddr*, socklen_t, const SocketCredentials&)
{
    if (m_sockState != SS_CONNECTING)
    {
        return SocketOp::Done(m_sockState == SS_CONNECTED ? 0 : -ECONNABORTED);
    }
    return ConnectOutcome(!m_connectStartedHere);
}

SocketOp
TcpEndpoint::Accept(Ptr<SocketEndpoint>& accepted)
{
    if (m_state != LISTEN)
    {
        return SocketOp::Done(-EINVAL); // IN11
    }
    if (m_acceptQueue.empty())
    {
        return SocketOp::Block(GetReadWaiters());
    }
    Ptr<TcpEndpoint> child = m_acceptQueue.front();
    m_acceptQueue.pop_front();
    AdmitHeld();
    accepted = child;
    Note("tcp-accepted", {{"child", child->GetObjectName()}, {"state", child->GetStateName()}});
    NotifyReadinessChanged();
    return SocketOp::Done(0);
}

SocketOp
TcpEndpoint::Send(const uint8_t* buf,
                  size_t len,
                  int flags,
                  const struct sockaddr*,
                  socklen_t,
                  SendProgress& progress)
{
    // tcp_sendmsg_locked; a destination address is ignored (IN26).
    if (m_state != ESTABLISHED)
    {
        // sk_stream_wait_connect: the pending error first, then wait while connecting.
        if (int error = TakePendingError())
        {
            NotifyReadinessChanged();
            if (error == EPIPE)
            {
                return SocketOp::BrokenPipe();
            }
            return SocketOp::Done(-error); // found first: no SIGPIPE (IN20)
        }
        if (m_state == SYN_SENT)
        {
            return SocketOp::Block(GetWriteWaiters());
        }
        return SocketOp::BrokenPipe(); // IN26: EPIPE, not ENOTCONN
    }
    if (GetPendingError() != 0 || (m_shutdown & SEND_SHUTDOWN))
    {
        if (progress.sent > 0)
        {
            return SocketOp::Done(static_cast<int64_t>(progress.sent));
        }
        int error = TakePendingError();
        NotifyReadinessChanged();
        if (error != 0 && error != EPIPE)
        {
            return SocketOp::Done(-error);
        }
        return SocketOp::BrokenPipe(); // IN15: EPIPE after our own SHUT_WR
    }
    if (flags & MSG_OOB)
    {
        Note("tcp-urgent", {{"modelled", false}}); // sent as ordinary data
    }
    while (progress.sent < len)
    {
        uint32_t room = m_socket->GetTxAvailable();
        if (room == 0)
        {
            return SocketOp::Block(GetWriteWaiters());
        }
        size_t n = std::min<size_t>(room, len - progress.sent);
        Ptr<Packet> p = Create<Packet>(buf + progress.sent, static_cast<uint32_t>(n));
        if (m_socket->Send(p, 0) < 0)
        {
            return SocketOp::Block(GetWriteWaiters());
        }
        progress.sent += n;
    }
    NotifyReadinessChanged();
    return SocketOp::Done(static_cast<int64_t>(len));
}

SocketOp
TcpEndpoint::Recv(uint8_t* buf,
                  size_t len,
                  int flags,
                  struct sockaddr* from,
                  socklen_t* fromLen,
                  int& msgFlags)
{
    // tcp_recvmsg_locked: the queue first, then EOF, the error, shutdown, state.
    msgFlags = 0;
    if (m_state == LISTEN)
    {
        return SocketOp::Done(-ENOTCONN);
    }
    if (flags & MSG_OOB)
    {
        return SocketOp::Done(-EINVAL); // no urgent data is ever pending (not modelled)
    }
    if (len == 0)
    {
        return SocketOp::Done(0);
    }
    if (!m_rxQueue.empty())
    {
        size_t n = std::min(len, m_rxQueue.size());
        std::copy(m_rxQueue.begin(), m_rxQueue.begin() + static_cast<long>(n), buf);
        if (!(flags & MSG_PEEK))
        {
            m_rxQueue.erase(m_rxQueue.begin(), m_rxQueue.begin() + static_cast<long>(n));
            Pull(); // room freed: take more from ns-3 (and reopen its window)
            NotifyReadinessChanged();
        }
        if (from && fromLen)
        {
            WriteInetSockaddr(m_family, m_peer, from, fromLen);
        }
        return SocketOp::Done(static_cast<int64_t>(n));
    }
    if (fromLen)
    {
        *fromLen = 0;
    }
    if (m_peerFin)
    {
        return SocketOp::Done(0); // SOCK_DONE: EOF before errors (IN13, IN14)
    }
    if (int error = TakePendingError())
    {
        NotifyReadinessChanged();
        return SocketOp::Done(-error); // once (IN19, IN23)
    }
    if (m_shutdown & RCV_SHUTDOWN)
    {
        return SocketOp::Done(0); // IN16, and 0 for ever after a reset (IN19)
    }
    if (m_state == CLOSE)
    {
        return SocketOp::Done(-ENOTCONN); // IN26
    }
    return SocketOp::Block(GetReadWaiters());
}

int
TcpEndpoint::Shutdown(int how)
{
    // inet_shutdown
    if (how < SHUT_RD || how > SHUT_RDWR)
    {
        return -EINVAL;
    }
    uint8_t bits = static_cast<uint8_t>(how + 1);
    if (m_sockState == SS_CONNECTING)
    {
        m_sockState = (m_state == SYN_SENT || m_state == CLOSE) ? SS_UNCONNECTED : SS_CONNECTED;
    }
    int error = 0;
    switch (m_state)
    {
    case CLOSE:
        error = -ENOTCONN; // the bits are still recorded (IN17)
        m_shutdown |= bits;
        Note("tcp-shutdown", {{"how", int64_t{how}}, {"state", "CLOSE"}});
        break;
    case LISTEN:
        if (bits & RCV_SHUTDOWN)
        {
            Disconnect(false); // IN11: the listener stops
        }
        break;
    case SYN_SENT:
        Disconnect(true);
        break;
    case ESTABLISHED:
        m_shutdown |= bits;
        if ((bits & SEND_SHUTDOWN) && !m_finSent && !m_reset)
        {
            m_finSent = true;
            m_socket->ShutdownSend(); // FIN after the queued data (IN15)
        }
        Note("tcp-shutdown", {{"how", int64_t{how}}, {"state", GetStateName()}});
        break;
    }
    Changed();
    return error;
}

int
TcpEndpoint::GetName(struct sockaddr* addr, socklen_t* len) const
{
    WriteInetSockaddr(m_family, m_local, addr, len);
    return 0;
}

int
TcpEndpoint::GetPeerName(struct sockaddr* addr, socklen_t* len) const
{
    if (m_state == CLOSE || m_state == SYN_SENT || m_state == LISTEN)
    {
        return -ENOTCONN;
    }
    WriteInetSockaddr(m_family, m_peer, addr, len);
    return 0;
}

int64_t
TcpEndpoint::GetReadableBytes() const
{
    if (m_state == LISTEN)
    {
        return -EINVAL;
    }
    return static_cast<int64_t>(m_rxQueue.size());
}

int
TcpEndpoint::SetOption(int level, int name, const void* value, socklen_t len)
{
    if (level == IPPROTO_IPV6)
    {
        if (m_family != AF_INET6)
        {
            return -ENOPROTOOPT;
        }
        if (name != IPV6_V6ONLY)
        {
            return -ENOPROTOOPT;
        }
        int v = 0;
        if (int r = ReadIntOption(value, len, v))
        {
            return r;
        }
        if (m_bound || m_state != CLOSE)
        {
            return -EINVAL;
        }
        m_v6only = v != 0;
        return 0;
    }
    if (level != IPPROTO_TCP)
    {
        return -ENOPROTOOPT;
    }
    int v = 0;
    if (int r = ReadIntOption(value, len, v))
    {
        return r;
    }
    switch (name)
    {
    case TCP_NODELAY:
        m_noDelay = v != 0;
        if (m_socket)
        {
            m_socket->SetNoDelay(m_noDelay);
        }
        return 0;
    case TCP_SYNCNT:
        if (v < 1 || v > 127)
        {
            return -EINVAL;
        }
        m_synCount = static_cast<uint32_t>(v);
        return 0;
    case TCP_USER_TIMEOUT:
        if (v < 0)
        {
            return -EINVAL;
        }
        m_userTimeout = MilliSeconds(v);
        if (m_socket)
        {
            m_socket->SetUserTimeout(m_userTimeout);
        }
        return 0;
    case TCP_KEEPIDLE:
    case TCP_KEEPINTVL:
        if (v < 1 || v > 32767)
        {
            return -EINVAL;
        }
        (name == TCP_KEEPIDLE ? m_keepIdle : m_keepInterval) = static_cast<uint32_t>(v);
        return 0;
    case TCP_KEEPCNT:
        if (v < 1 || v > 127)
        {
            return -EINVAL;
        }
        m_keepCount = static_cast<uint32_t>(v);
        return 0;
    default:
        return -ENOPROTOOPT;
    }
}

int
TcpEndpoint::GetOption(int level, int name, void* value, socklen_t* len)
{
    if (level == IPPROTO_IPV6)
    {
        if (m_family != AF_INET6 || name != IPV6_V6ONLY)
        {
            return -ENOPROTOOPT;
        }
        return WriteIntOption(m_v6only ? 1 : 0, value, len);
    }
    if (level != IPPROTO_TCP)
    {
        return -ENOPROTOOPT;
    }
    switch (name)
    {
    case TCP_NODELAY:
        return WriteIntOption(m_noDelay ? 1 : 0, value, len);
    case TCP_SYNCNT:
        return WriteIntOption(static_cast<int>(m_synCount ? m_synCount : m_config.synRetries),
                              value,
                              len);
    case TCP_USER_TIMEOUT:
        return WriteIntOption(static_cast<int>(m_userTimeout.GetMilliSeconds()), value, len);
    case TCP_KEEPIDLE:
        return WriteIntOption(static_cast<int>(m_keepIdle), value, len);
    case TCP_KEEPINTVL:
        return WriteIntOption(static_cast<int>(m_keepInterval), value, len);
    case TCP_KEEPCNT:
        return WriteIntOption(static_cast<int>(m_keepCount), value, len);
    default:
        return -ENOPROTOOPT;
    }
}

// ---- close --------------------------------------------------------------------------------

void
TcpEndpoint::Release()
{
    // tcp_close (__tcp_close)
    Simulator::Cancel(m_synDeadline);
    if (m_state == LISTEN)
    {
        m_userBound = false;
        Disconnect(false);
        return;
    }
    if (m_socket && m_state == ESTABLISHED && !m_reset)
    {
        bool unread = !m_rxQueue.empty() || m_socket->GetRxAvailable() > 0;
        bool linger0 = lingerOn && lingerSeconds == 0;
        Detach();
        if (linger0 || (unread && m_closePolicy == CLOSE_RST_IF_UNREAD))
        {
            m_socket->Abort(); // IN18: RST, close() returns 0 at once
            Note("tcp-rst-sent", {{"why", linger0 ? "linger-0" : "unread-data"}});
            Retire(m_socket);
            m_socket = nullptr;
            ReleasePort();
        }
        else
        {
            while (m_socket->Drain(UINT32_MAX))
            {
                // FIN_ALWAYS: unread data is dropped (ns-3 would answer it with an RST)
            }
            if (!m_finSent)
            {
                m_socket->Close(); // FIN after the queued data
                m_finSent = true;
            }
            Note("tcp-close", {{"state", GetStateName()}});
            Ptr<TcpOrphan> orphan = CreateObject<TcpOrphan>();
            orphan->Start(m_socket, m_ports, m_local.port, m_id, m_config, m_emit, GetObjectName());
            m_socket = nullptr;
            m_bound = false; // the orphan holds the port now
        }
    }
    else
    {
        if (m_socket)
        {
            Detach();
            m_socket->Vanish(); // SYN_SENT: nothing is sent
            Retire(m_socket);
            m_socket = nullptr;
        }
        ReleasePort();
    }
    m_rxQueue.clear();
    m_state = CLOSE;
}

void
TcpEndpoint::DropChildren(const std::function<void(TcpEndpoint&)>& how)
{
    for (auto* list : {&m_acceptQueue, &m_held})
    {
        for (auto& child : *list)
        {
            how(*child);
            child->Dispose();
        }
        list->clear();
    }
}

void
TcpEndpoint::Crash()
{
    Simulator::Cancel(m_synDeadline);
    DropChildren([](TcpEndpoint& child) { child.Crash(); });
    if (m_socket)
    {
        Detach();
        m_socket->Vanish();
        Retire(m_socket);
        m_socket = nullptr;
    }
    ReleasePort();
    m_rxQueue.clear();
    m_state = CLOSE;
}

void
TcpEndpoint::DoDispose()
{
    Simulator::Cancel(m_synDeadline);
    if (m_socket)
    {
        Detach();
        m_socket = nullptr;
    }
    DropChildren([](TcpEndpoint&) {});
    InetEndpoint::DoDispose();
}

} // namespace ns3
