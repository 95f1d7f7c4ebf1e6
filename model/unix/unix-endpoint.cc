/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Check orders follow net/unix/af_unix.c as recorded in spec/local-sockets.md.
 */

#include "unix-endpoint.h"

#include "ns3/log.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <poll.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UnixEndpoint");
NS_OBJECT_ENSURE_REGISTERED(UnixEndpoint);

TypeId
UnixEndpoint::GetTypeId()
{
    static TypeId tid = TypeId("ns3::UnixEndpoint")
                            .SetParent<SocketEndpoint>()
                            .SetGroupName("Sockbench")
                            .AddConstructor<UnixEndpoint>();
    return tid;
}

UnixEndpoint::UnixEndpoint()
{
    NS_LOG_FUNCTION(this);
}

UnixEndpoint::~UnixEndpoint()
{
    NS_LOG_FUNCTION(this);
}

void
UnixEndpoint::DoDispose()
{
    if (!m_dead)
    {
        ReleaseSocket(m_embryo);
    }
    m_peer = nullptr;
    m_pending.clear();
    m_receiveQueue.clear();
    m_names = nullptr;
    m_signals = nullptr;
    m_caller = nullptr;
    SocketEndpoint::DoDispose();
}

void
UnixEndpoint::Setup(int type,
                    Ptr<UnixNamespace> names,
                    const Config& config,
                    SignalSink signals,
                    CallerSource caller)
{
    m_type = type;
    m_names = names;
    m_config = config;
    m_signals = std::move(signals);
    m_caller = std::move(caller);
    NotifyReadinessChanged();
}

void
UnixEndpoint::MakePair(Ptr<UnixEndpoint> a, Ptr<UnixEndpoint> b, const SocketCredentials& creator)
{
    a->m_peer = b;
    b->m_peer = a;
    a->m_state = CONNECTED;
    b->m_state = CONNECTED;
    a->m_peerCredentials = creator;
    b->m_peerCredentials = creator;
    a->NotifyReadinessChanged();
    b->NotifyReadinessChanged();
}

int
UnixEndpoint::GetDomain() const
{
    return AF_UNIX;
}

int
UnixEndpoint::GetSocketType() const
{
    return m_type;
}

bool
UnixEndpoint::IsListening() const
{
    return m_state == LISTENING;
}

std::string
UnixEndpoint::GetKindName() const
{
    switch (m_type)
    {
    case SOCK_DGRAM:
        return "unix-dgram";
    case SOCK_SEQPACKET:
        return "unix-seqpacket";
    default:
        return "unix-stream";
    }
}

bool
UnixEndpoint::IsStream() const
{
    return m_type == SOCK_STREAM;
}

bool
UnixEndpoint::IsConnectionOriented() const
{
    return m_type != SOCK_DGRAM;
}

uint32_t
UnixEndpoint::GetPendingCount() const
{
    return static_cast<uint32_t>(m_pending.size());
}

const UnixAddress&
UnixEndpoint::GetAddress() const
{
    return m_address;
}

std::string
UnixEndpoint::GetProcState() const
{
    if (m_embryo)
    {
        return "02";
    }
    return m_state == CONNECTED ? "03" : "01";
}

// ---- readiness (LS29) ------------------------------------------------------------------------

bool
UnixEndpoint::IsWritable() const
{
    // unix_writable: never a listener (6.x; 2.6.31 said POLLOUT), and sk_wmem_alloc*4 <= sndbuf
    if (m_state == LISTENING && !m_config.legacy2631)
    {
        return false;
    }
    return m_writeMemory * 4 <= sendBuffer;
}

bool
UnixEndpoint::ReceiveQueueFull() const
{
    if (m_state == LISTENING)
    {
        return m_pending.size() > m_backlog; // LS9: backlog+1 may be pending
    }
    return m_receiveQueue.size() > m_config.maxDgramQlen; // LS32: qlen+1 datagrams
}

uint32_t
UnixEndpoint::GetReadiness() const
{
    uint32_t mask = 0;
    if (m_shutdown == SHUTDOWN_MASK)
    {
        mask |= POLLHUP;
    }
    if (m_shutdown & RCV_SHUTDOWN)
    {
        mask |= POLLRDHUP | POLLIN | POLLRDNORM;
    }
    if (!m_receiveQueue.empty() || !m_pending.empty())
    {
        mask |= POLLIN | POLLRDNORM;
    }
    if (m_urgentQueued && !urgentInline)
    {
        mask |= POLLPRI; // LS24
    }
    if (IsConnectionOriented() && m_state == UNCONNECTED)
    {
        mask |= POLLHUP;
    }
    bool writable = IsWritable();
    if (writable && !IsStream() && m_peer && m_peer->m_peer != this && m_peer->ReceiveQueueFull())
    {
        writable = false; // unix_dgram_poll: a full receiver that is not connected back
    }
    if (writable)
    {
        mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
    }
    return mask;
}

void
UnixEndpoint::Changed(bool data, bool sigio)
{
    if (data && !IsStream())
    {
        GetReadWaiters().WakeOne(); // datagram readers wait exclusively
    }
    else
    {
        GetReadWaiters().WakeAll();
    }
    GetWriteWaiters().WakeAll();
    NotifyReadinessChanged();
    if (sigio && asyncNotify && owner != 0 && m_signals)
    {
        m_signals(owner, SIGIO); // LS30
    }
}

// ---- names -----------------------------------------------------------------------------------

int
UnixEndpoint::Autobind()
{
    if (m_address.kind != UnixAddress::UNNAMED)
    {
        return 0;
    }
    std::string name = m_names->NextAutobindName(m_type);
    int err = m_names->BindAbstract(m_type, name, this);
    if (err == 0)
    {
        m_address.kind = UnixAddress::ABSTRACT;
        m_address.name = name;
    }
    return err;
}

int
UnixEndpoint::Bind(const struct sockaddr* addr, socklen_t len)
{
    UnixAddress address;
    bool autobind = false;
    if (int err = ParseUnixAddress(addr, len, address, autobind))
    {
        return err;
    }
    if (autobind)
    {
        return Autobind(); // an already bound socket: 0, nothing changes (LS3)
    }
    bool bound = m_address.kind != UnixAddress::UNNAMED;
    if (address.kind == UnixAddress::ABSTRACT)
    {
        if (bound)
        {
            return -EINVAL;
        }
        if (int err = m_names->BindAbstract(m_type, address.name, this))
        {
            return err;
        }
    }
    else
    {
        // 6.x creates the node before it checks for an existing address (LS3): an existing
        // path gives EADDRINUSE even to a bound socket. 2.6.31 checked first (K).
        if (bound && (m_config.legacy2631 || !m_names->Exists(address.name)))
        {
            return -EINVAL;
        }
        SocketCredentials who = m_caller ? m_caller() : UnixNamespace::Root();
        if (int err = m_names->BindPath(address.name, this, 0777 & ~m_config.umask, who))
        {
            return err;
        }
    }
    m_address = address;
    return 0;
}

int
UnixEndpoint::GetName(struct sockaddr* addr, socklen_t* len) const
{
    CopyUnixAddressOut(m_address, addr, len);
    return 0;
}

int
UnixEndpoint::GetPeerName(struct sockaddr* addr, socklen_t* len) const
{
    if (!m_peer)
    {
        return -ENOTCONN;
    }
    CopyUnixAddressOut(m_peer->m_address, addr, len); // also after the peer closed (LS25)
    return 0;
}

SocketCredentials
UnixEndpoint::GetPeerCredentials() const
{
    return m_peerCredentials;
}

int64_t
UnixEndpoint::GetReadableBytes() const
{
    if (m_state == LISTENING)
    {
        return -EINVAL;
    }
    if (m_type == SOCK_DGRAM)
    {
        return m_receiveQueue.empty() ? 0
                                      : static_cast<int64_t>(m_receiveQueue.front().data.size());
    }
    int64_t total = 0;
    for (const auto& m : m_receiveQueue)
    {
        total += static_cast<int64_t>(m.data.size() - m.offset);
    }
    return total;
}

int
UnixEndpoint::Lookup(const UnixAddress& address, Ptr<UnixEndpoint>& target) const
{
    if (address.kind == UnixAddress::ABSTRACT)
    {
        // Abstract names are per type: another type's name is simply not found (LS5).
        target = m_names->LookupAbstract(m_type, address.name);
        return target ? 0 : -ECONNREFUSED;
    }
    if (int err = m_names->LookupPath(address.name,
                                      target,
                                      m_caller ? m_caller() : UnixNamespace::Root()))
    {
        return err;
    }
    return target->m_type == m_type ? 0 : -EPROTOTYPE; // LS13
}

// ---- listen, connect, accept -----------------------------------------------------------------

int
UnixEndpoint::Listen(uint32_t backlog, const SocketCredentials& cred)
{
    if (m_type == SOCK_DGRAM)
    {
        return -EOPNOTSUPP; // the type is checked first (LS7)
    }
    if (m_address.kind == UnixAddress::UNNAMED || m_state == CONNECTED)
    {
        return -EINVAL;
    }
    bool grows = m_state == LISTENING && backlog > m_backlog;
    m_backlog = backlog;
    m_state = LISTENING;
    m_listenCredentials = cred;
    if (grows)
    {
        m_peerWait.WakeAll(); // LS10: every blocked connector retries
    }
    NotifyReadinessChanged();
    return 0;
}

SocketOp
UnixEndpoint::Connect(const struct sockaddr* addr, socklen_t len, const SocketCredentials& cred)
{
    UnixAddress address;
    bool autobind = false;
    int err = ParseUnixAddress(addr, len, address, autobind);
    if (m_type == SOCK_DGRAM)
    {
        // unix_dgram_connect: AF_UNSPEC disconnects (LS33).
        if (addr && len >= sizeof(sa_family_t) && addr->sa_family == AF_UNSPEC)
        {
            Ptr<UnixEndpoint> old = m_peer;
            m_peer = nullptr;
            m_state = UNCONNECTED;
            if (old)
            {
                DgramDisconnected(old);
            }
            NotifyReadinessChanged();
            return SocketOp::Done(0);
        }
        if (err != 0 || autobind)
        {
            return SocketOp::Done(err ? err : -EINVAL);
        }
        if (passCredentials)
        {
            Autobind();
        }
        Ptr<UnixEndpoint> target;
        if ((err = Lookup(address, target)))
        {
            return SocketOp::Done(err);
        }
        if (target->m_peer && target->m_peer != this)
        {
            return SocketOp::Done(-EPERM); // unix_may_send (LS33)
        }
        Ptr<UnixEndpoint> old = m_peer;
        m_peer = target;
        m_state = CONNECTED;
        if (old && old != target)
        {
            DgramDisconnected(old);
        }
        NotifyReadinessChanged();
        return SocketOp::Done(0);
    }

    // STREAM and SEQPACKET, in the order of LS12.
    if (err != 0 || autobind)
    {
        return SocketOp::Done(err ? err : -EINVAL); // 1. address
    }
    if (passCredentials)
    {
        Autobind(); // LS4
    }
    Ptr<UnixEndpoint> target;
    if ((err = Lookup(address, target)))
    {
        return SocketOp::Done(err); // 2. lookup
    }
    if (target->m_state != LISTENING || (target->m_shutdown & RCV_SHUTDOWN) || target->m_dead)
    {
        return SocketOp::Done(-ECONNREFUSED); // 3. not listening, or SHUT_RD (LS18)
    }
    if (target->ReceiveQueueFull())
    {
        return SocketOp::Block(target->m_peerWait); // 4. full: EAGAIN or wait (LS14-LS16)
    }
    if (m_state == CONNECTED)
    {
        return SocketOp::Done(-EISCONN); // 5. own state
    }
    if (m_state == LISTENING)
    {
        return SocketOp::Done(-EINVAL);
    }
    // Success: a new server-side socket, already connected to us, waits in the accept queue.
    Ptr<UnixEndpoint> embryo = CreateObject<UnixEndpoint>();
    embryo->Setup(m_type, m_names, target->m_config, target->m_signals, target->m_caller);
    embryo->sendBuffer = target->sendBuffer;
    embryo->recvBuffer = target->recvBuffer;
    embryo->m_address = target->m_address; // getsockname of the accepted socket (LS20)
    embryo->m_embryo = true;
    embryo->m_state = CONNECTED;
    embryo->m_peer = this;
    embryo->m_peerCredentials = cred;
    m_peer = embryo;
    m_state = CONNECTED;
    m_peerCredentials = target->m_listenCredentials; // LS39: who called listen()
    target->m_pending.push_back(embryo);
    NotifyReadinessChanged();
    embryo->NotifyReadinessChanged();
    target->GetReadWaiters().WakeOne(); // accept waits exclusively
    target->NotifyReadinessChanged();
    if (target->asyncNotify && target->owner != 0 && target->m_signals)
    {
        target->m_signals(target->owner, SIGIO); // LS30: one SIGIO per connect
    }
    return SocketOp::Done(0);
}

SocketOp
UnixEndpoint::Accept(Ptr<SocketEndpoint>& accepted)
{
    if (m_type == SOCK_DGRAM)
    {
        return SocketOp::Done(-EOPNOTSUPP);
    }
    if (m_state != LISTENING)
    {
        return SocketOp::Done(-EINVAL);
    }
    if (m_pending.empty())
    {
        if (m_shutdown & RCV_SHUTDOWN)
        {
            return SocketOp::Done(-EINVAL); // LS18: drained after SHUT_RD
        }
        return SocketOp::Block(GetReadWaiters());
    }
    Ptr<UnixEndpoint> socket = m_pending.front();
    m_pending.pop_front();
    socket->m_embryo = false;
    accepted = socket;
    m_peerWait.WakeOne(); // a slot is free: one blocked connector retries (LS15)
    NotifyReadinessChanged();
    return SocketOp::Done(0);
}

// ---- data ------------------------------------------------------------------------------------

void
UnixEndpoint::Deliver(Ptr<UnixEndpoint> receiver, const uint8_t* buf, size_t len)
{
    Message m;
    m.data.assign(buf, buf + len);
    m.sender = this;
    m.from = m_address;
    m_writeMemory += len;
    receiver->m_receiveQueue.push_back(std::move(m));
    NotifyReadinessChanged();
    receiver->Changed(true, true);
}

void
UnixEndpoint::Uncharge(Message& message)
{
    if (Ptr<UnixEndpoint> sender = message.sender)
    {
        sender->m_writeMemory -= std::min<uint64_t>(sender->m_writeMemory, message.data.size());
        message.sender = nullptr;
        sender->GetWriteWaiters().WakeAll(); // sock_wfree: buffer space
        sender->NotifyReadinessChanged();
    }
}

SocketOp
UnixEndpoint::Send(const uint8_t* buf,
                   size_t len,
                   int flags,
                   const struct sockaddr* addr,
                   socklen_t addrLen,
                   SendProgress& progress)
{
    if (IsStream())
    {
        return StreamSend(buf, len, flags, addr != nullptr || addrLen != 0, progress);
    }
    if (m_type == SOCK_SEQPACKET)
    {
        // unix_seqpacket_sendmsg: pending error first, then state; the address is ignored.
        if (int err = TakePendingError())
        {
            return SocketOp::Done(-err);
        }
        if (m_state != CONNECTED)
        {
            return SocketOp::Done(-ENOTCONN);
        }
        addr = nullptr;
        addrLen = 0;
    }
    SocketOp op = DgramSend(buf, len, flags, addr, addrLen);
    if (op.value >= 0)
    {
        progress.sent = static_cast<size_t>(op.value);
    }
    return op;
}

SocketOp
UnixEndpoint::StreamSend(const uint8_t* buf,
                         size_t len,
                         int flags,
                         bool hasAddr,
                         SendProgress& progress)
{
    size_t& sent = progress.sent;
    // unix_stream_sendmsg returns the bytes already sent rather than a later error.
    auto fail = [&sent](SocketOp op) {
        return sent > 0 ? SocketOp::Done(static_cast<int64_t>(sent)) : op;
    };
    if (!progress.resumed)
    {
        // Checks made once, on entry. A woken writer resumes inside the buffer wait below
        // (sock_alloc_send_pskb), which reports a pending error first and never SIGPIPE (LS27).
        if ((flags & MSG_OOB) && (m_config.legacy2631 || len == 0))
        {
            return SocketOp::Done(-EOPNOTSUPP); // no OOB before 5.15; none in 0 bytes (LS24)
        }
        if (hasAddr)
        {
            return SocketOp::Done(m_state == CONNECTED ? -EISCONN : -EOPNOTSUPP); // LS22
        }
        if (!m_peer || m_state != CONNECTED)
        {
            return SocketOp::Done(-ENOTCONN); // no SIGPIPE (LS22)
        }
        if (m_shutdown & SEND_SHUTDOWN)
        {
            return SocketOp::BrokenPipe(); // LS25, LS28: EPIPE before ECONNRESET
        }
    }
    // With MSG_OOB the last byte goes separately, as the urgent byte (queue_oob).
    bool urgent = (flags & MSG_OOB) != 0;
    size_t dataLen = urgent ? len - 1 : len;
    while (sent < dataLen || (len == 0 && sent == 0) || (urgent && sent == dataLen))
    {
        // sock_alloc_send_pskb: pending error, then our shutdown, then buffer space.
        if (int err = TakePendingError())
        {
            return fail(SocketOp::Done(-err)); // ECONNRESET, no SIGPIPE (LS27)
        }
        if (m_shutdown & SEND_SHUTDOWN)
        {
            return fail(SocketOp::Done(-EPIPE)); // e.g. the reader's SHUT_RD (LS27)
        }
        if (m_writeMemory >= sendBuffer)
        {
            // Wait for space even part-way; on a timeout the host returns the bytes sent
            // (LS23), and a non-blocking call returns them at once.
            return SocketOp::Block(GetWriteWaiters());
        }
        if (!m_peer || m_peer->m_dead || (m_peer->m_shutdown & RCV_SHUTDOWN))
        {
            return fail(SocketOp::BrokenPipe());
        }
        if (len == 0)
        {
            return SocketOp::Done(0);
        }
        if (urgent && sent == dataLen)
        {
            DeliverUrgent(m_peer, buf[dataLen]);
            sent += 1;
            break;
        }
        size_t chunk = std::min<size_t>(dataLen - sent, std::max<size_t>(sendBuffer / 2 - 64, 1));
        Deliver(m_peer, buf + sent, chunk);
        sent += chunk;
    }
    return SocketOp::Done(static_cast<int64_t>(sent));
}

SocketOp
UnixEndpoint::StreamRecv(uint8_t* buf, size_t len, int flags)
{
    if (m_state != CONNECTED)
    {
        return SocketOp::Done(-EINVAL); // not ENOTCONN (LS22)
    }
    if (flags & MSG_OOB)
    {
        return ReceiveUrgent(buf, len, flags);
    }
    size_t copied = 0;
    bool peek = (flags & MSG_PEEK) != 0;
    for (auto it = m_receiveQueue.begin(); it != m_receiveQueue.end() && copied < len;)
    {
        if (it->urgent && !urgentInline)
        {
            // manage_oob: a read stops at the mark; one that starts there skips the byte,
            // which is then lost to recv(MSG_OOB) too.
            if (copied > 0)
            {
                break;
            }
            if (peek)
            {
                ++it;
                continue;
            }
            Uncharge(*it);
            it = m_receiveQueue.erase(it);
            m_urgentQueued = false;
            continue;
        }
        if (it->urgent && !peek)
        {
            m_urgentQueued = false; // read inline (SO_OOBINLINE)
        }
        size_t n = std::min(len - copied, it->data.size() - it->offset);
        std::memcpy(buf + copied, it->data.data() + it->offset, n);
        copied += n;
        if (peek)
        {
            ++it;
            continue;
        }
        it->offset += n;
        if (it->offset == it->data.size())
        {
            Uncharge(*it);
            it = m_receiveQueue.erase(it);
        }
    }
    if (copied > 0 || len == 0)
    {
        if (!peek && copied > 0)
        {
            NotifyReadinessChanged();
        }
        return SocketOp::Done(static_cast<int64_t>(copied));
    }
    // Empty: data first, then the error (once), then EOF (LS26).
    if (int err = TakePendingError())
    {
        return SocketOp::Done(-err);
    }
    if (m_shutdown & RCV_SHUTDOWN)
    {
        return SocketOp::Done(0);
    }
    return SocketOp::Block(GetReadWaiters());
}

void
UnixEndpoint::DeliverUrgent(Ptr<UnixEndpoint> receiver, uint8_t byte)
{
    for (auto& m : receiver->m_receiveQueue)
    {
        m.urgent = false; // an older urgent byte becomes ordinary data
    }
    Message m;
    m.data.assign(1, byte);
    m.sender = this;
    m.urgent = true;
    m_writeMemory += 1;
    receiver->m_receiveQueue.push_back(std::move(m));
    receiver->m_urgentQueued = true;
    NotifyReadinessChanged();
    receiver->Changed(true, true);
    if (receiver->owner != 0 && receiver->m_signals)
    {
        receiver->m_signals(receiver->owner, SIGURG); // sk_send_sigurg
    }
}

SocketOp
UnixEndpoint::ReceiveUrgent(uint8_t* buf, size_t len, int flags)
{
    if (m_config.legacy2631)
    {
        return SocketOp::Done(-EOPNOTSUPP);
    }
    auto it = std::find_if(m_receiveQueue.begin(), m_receiveQueue.end(), [](const Message& m) {
        return m.urgent;
    });
    if (it == m_receiveQueue.end() || urgentInline)
    {
        return SocketOp::Done(-EINVAL); // none pending, or it is read inline (LS24)
    }
    if (len == 0)
    {
        return SocketOp::Done(0);
    }
    buf[0] = it->data[0];
    if (!(flags & MSG_PEEK))
    {
        Uncharge(*it);
        m_receiveQueue.erase(it);
        m_urgentQueued = false;
        NotifyReadinessChanged();
    }
    return SocketOp::Done(1);
}

SocketOp
UnixEndpoint::DgramSend(const uint8_t* buf,
                        size_t len,
                        int flags,
                        const struct sockaddr* addr,
                        socklen_t addrLen)
{
    // unix_dgram_sendmsg, in its order (LS31-LS34).
    if (flags & MSG_OOB)
    {
        return SocketOp::Done(-EOPNOTSUPP);
    }
    UnixAddress address;
    bool hasAddress = addr != nullptr || addrLen != 0;
    if (hasAddress)
    {
        bool autobind = false;
        int err = ParseUnixAddress(addr, addrLen, address, autobind);
        if (err != 0 || autobind)
        {
            return SocketOp::Done(err ? err : -EINVAL);
        }
    }
    else if (!m_peer)
    {
        return SocketOp::Done(-ENOTCONN); // not EDESTADDRREQ
    }
    if (passCredentials)
    {
        Autobind();
    }
    if (len + 32 > sendBuffer)
    {
        return SocketOp::Done(-EMSGSIZE);
    }
    if (int err = TakePendingError())
    {
        return SocketOp::Done(-err);
    }
    if (m_shutdown & SEND_SHUTDOWN)
    {
        return SocketOp::Done(-EPIPE); // no SIGPIPE for datagrams and records
    }
    if (m_writeMemory >= sendBuffer)
    {
        return SocketOp::Block(GetWriteWaiters());
    }
    Ptr<UnixEndpoint> other = m_peer;
    if (hasAddress)
    {
        if (int err = Lookup(address, other))
        {
            return SocketOp::Done(err);
        }
    }
    if (other->m_dead)
    {
        if (!hasAddress)
        {
            // The connected peer closed: disconnect, report it once (LS34).
            m_peer = nullptr;
            m_state = UNCONNECTED;
            DgramDisconnected(other);
            NotifyReadinessChanged();
        }
        return SocketOp::Done(m_type == SOCK_SEQPACKET ? -EPIPE : -ECONNREFUSED);
    }
    if (other->m_peer && other->m_peer != this)
    {
        return SocketOp::Done(-EPERM); // the receiver is connected to someone else
    }
    if (other->m_shutdown & RCV_SHUTDOWN)
    {
        return SocketOp::Done(-EPIPE);
    }
    if (other->m_peer != this && other->ReceiveQueueFull())
    {
        return SocketOp::Block(other->m_peerWait); // LS32
    }
    Deliver(other, buf, len);
    return SocketOp::Done(static_cast<int64_t>(len));
}

SocketOp
UnixEndpoint::Recv(uint8_t* buf,
                   size_t len,
                   int flags,
                   struct sockaddr* from,
                   socklen_t* fromLen,
                   int& msgFlags)
{
    msgFlags = 0;
    if (IsStream())
    {
        SocketOp op = StreamRecv(buf, len, flags);
        if (op.value >= 0 && from && fromLen && m_peer)
        {
            CopyUnixAddressOut(m_peer->m_address, from, fromLen);
        }
        else if (op.value >= 0 && fromLen)
        {
            *fromLen = 0;
        }
        return op;
    }
    if (m_type == SOCK_SEQPACKET && m_state != CONNECTED)
    {
        return SocketOp::Done(-ENOTCONN);
    }
    return DgramRecv(buf, len, flags, from, fromLen, msgFlags);
}

SocketOp
UnixEndpoint::DgramRecv(uint8_t* buf,
                        size_t len,
                        int flags,
                        struct sockaddr* from,
                        socklen_t* fromLen,
                        int& msgFlags)
{
    if (flags & MSG_OOB)
    {
        return SocketOp::Done(-EOPNOTSUPP);
    }
    // __skb_try_recv_datagram: the pending error comes before queued records (LS37).
    if (int err = TakePendingError())
    {
        return SocketOp::Done(-err);
    }
    if (m_receiveQueue.empty())
    {
        if (m_shutdown & RCV_SHUTDOWN)
        {
            // SEQPACKET: 0, blocking or not (LS37); DGRAM: 0 when blocking, else EAGAIN (LS35).
            bool nonBlocking = (flags & MSG_DONTWAIT) != 0;
            return SocketOp::Done(m_type == SOCK_DGRAM && nonBlocking ? -EAGAIN : 0);
        }
        return SocketOp::Block(GetReadWaiters());
    }
    Message& m = m_receiveQueue.front();
    size_t size = m.data.size();
    size_t copied = std::min(len, size);
    if (copied > 0)
    {
        std::memcpy(buf, m.data.data(), copied);
    }
    if (copied < size)
    {
        msgFlags |= MSG_TRUNC; // the rest is lost (LS35, LS36)
    }
    if (fromLen)
    {
        if (m.from.kind == UnixAddress::UNNAMED)
        {
            *fromLen = 0; // an unbound sender (LS35)
        }
        else
        {
            CopyUnixAddressOut(m.from, from, fromLen);
        }
    }
    if (!(flags & MSG_PEEK))
    {
        Uncharge(m);
        m_receiveQueue.pop_front();
        m_peerWait.WakeAll(); // room for blocked datagram senders (LS32)
        NotifyReadinessChanged();
    }
    return SocketOp::Done(static_cast<int64_t>((flags & MSG_TRUNC) ? size : copied));
}

// ---- shutdown and close ----------------------------------------------------------------------

int
UnixEndpoint::Shutdown(int how)
{
    if (how < SHUT_RD || how > SHUT_RDWR)
    {
        return -EINVAL;
    }
    uint8_t mode = static_cast<uint8_t>(how + 1); // SHUT_RD->RCV, SHUT_WR->SEND, both
    m_shutdown |= mode;
    Changed(false, false);
    if (m_peer && IsConnectionOriented())
    {
        uint8_t peerMode = 0;
        if (mode & RCV_SHUTDOWN)
        {
            peerMode |= SEND_SHUTDOWN;
        }
        if (mode & SEND_SHUTDOWN)
        {
            peerMode |= RCV_SHUTDOWN;
        }
        m_peer->m_shutdown |= peerMode;
        m_peer->Changed(false, true);
    }
    return 0;
}

void
UnixEndpoint::Release()
{
    ReleaseSocket(false);
    SocketEndpoint::Release();
}

void
UnixEndpoint::ReleaseSocket(bool embryo)
{
    if (m_dead)
    {
        return;
    }
    NS_LOG_FUNCTION(this << embryo);
    m_dead = true;
    if (m_names)
    {
        if (m_address.kind == UnixAddress::PATHNAME)
        {
            m_names->ReleasePath(m_address.name, this);
        }
        else if (m_address.kind == UnixAddress::ABSTRACT)
        {
            m_names->ReleaseAbstract(m_type, m_address.name, this); // reusable at once (LS5)
        }
    }
    State oldState = m_state;
    m_state = UNCONNECTED;
    m_shutdown = SHUTDOWN_MASK;
    Ptr<UnixEndpoint> peer = m_peer;
    m_peer = nullptr;
    if (peer && IsConnectionOriented() && oldState == CONNECTED)
    {
        peer->m_shutdown = SHUTDOWN_MASK;
        if (!m_receiveQueue.empty() || embryo)
        {
            peer->SetPendingError(ECONNRESET); // LS26, LS19
        }
        peer->Changed(false, true);
    }
    // Connectors blocked on us retry and find no listener: ECONNREFUSED (LS15, LS19).
    m_peerWait.WakeAll();
    // A listener's pending connections die as embryos: their clients get ECONNRESET (LS19).
    std::deque<Ptr<UnixEndpoint>> pending;
    pending.swap(m_pending);
    for (auto& socket : pending)
    {
        socket->ReleaseSocket(true);
    }
    for (auto& m : m_receiveQueue)
    {
        Uncharge(m);
    }
    m_receiveQueue.clear();
    m_urgentQueued = false;
    NotifyReadinessChanged();
}

void
UnixEndpoint::DgramDisconnected(Ptr<UnixEndpoint> oldPeer)
{
    if (m_receiveQueue.empty())
    {
        return;
    }
    for (auto& m : m_receiveQueue)
    {
        Uncharge(m);
    }
    m_receiveQueue.clear();
    m_peerWait.WakeAll();
    NotifyReadinessChanged();
    // One link of a bidirectional datagram pipe is gone: the old peer hears of it (LS33).
    if (!oldPeer->m_dead && oldPeer->m_peer == this)
    {
        oldPeer->SetPendingError(ECONNRESET);
        oldPeer->Changed(false, false);
    }
}

} // namespace ns3
