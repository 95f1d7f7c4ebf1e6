/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SockbenchHost: the socket calls. Argument checks and generic SOL_SOCKET options live here;
 * the protocol's rules live in the endpoints (model/unix). Spec: local-sockets.md.
 */

#include "posix-names.h"
#include "sockbench-host.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/unix-endpoint.h"
#include "ns3/unix-namespace.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/time.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SockbenchHostSockets");

namespace
{
const char* const POSIX = "posix";

constexpr int SOCK_TYPE_MASK = 0xf;
constexpr int SOCK_MAX = 11;               // socket types are below this (EINVAL above)
constexpr uint32_t SOCK_MIN_SNDBUF = 4608; // 2 * (2048 + sizeof(struct sk_buff)) on x86_64
constexpr uint32_t SOCK_MIN_RCVBUF = 2304;
constexpr int SO_INQ_LINUX = 84; // SO_INQ (Linux 6.17+; not in Debian 12's headers)

} // namespace

Ptr<UnixNamespace>
SockbenchHost::GetUnixNamespace()
{
    if (!m_unixNamespace)
    {
        m_unixNamespace = CreateObject<UnixNamespace>();
    }
    return m_unixNamespace;
}

Ptr<SocketEndpoint>
SockbenchHost::GetSocket(int fd, int& error) const
{
    Ptr<HostEndpoint> endpoint = GetEndpoint(fd);
    if (!endpoint)
    {
        error = EBADF;
        return nullptr;
    }
    Ptr<SocketEndpoint> socket = DynamicCast<SocketEndpoint>(endpoint);
    error = socket ? 0 : ENOTSOCK;
    return socket;
}

SocketCredentials
SockbenchHost::Credentials() const
{
    SocketCredentials c;
    c.pid = static_cast<int32_t>(m_currentThread); // a simulated thread stands for a process
    c.uid = m_uid;
    c.gid = m_gid;
    return c;
}

void
SockbenchHost::SetSignalHandler(uint32_t thread,
                                int sig,
                                std::function<void(int)> handler,
                                bool restart)
{
    m_signalHandlers[std::make_pair(thread, sig)] = SignalHandler{std::move(handler), restart};
}

void
SockbenchHost::Kill(uint32_t thread, int sig)
{
    RaiseSignal(thread, sig);
}

uint32_t
SockbenchHost::GetSignalCount(int sig) const
{
    auto it = m_signalCounts.find(sig);
    return it == m_signalCounts.end() ? 0 : it->second;
}

void
SockbenchHost::RaiseSignal(uint32_t thread, int sig)
{
    ++m_signalCounts[sig];
    Emit(TraceKind::STATE,
         "host",
         "thread:" + std::to_string(thread),
         "signal",
         {{"sig", SignalName(sig)}, {"to", int64_t{thread}}});
    auto handler = m_signalHandlers.find(std::make_pair(thread, sig));
    if (handler == m_signalHandlers.end() || !handler->second.function)
    {
        return; // not caught: traced only
    }
    m_pendingSignals[thread].push_back(sig);
    if (thread == m_currentThread)
    {
        DeliverPendingSignals(); // raised by the thread itself (SIGPIPE): handled at once
        return;
    }
    auto slot = m_threads.find(thread);
    if (slot != m_threads.end() && slot->second.wait && !slot->second.wait->resumeScheduled)
    {
        // A caught signal interrupts a blocked call (LS17).
        WaitEntry* entry = slot->second.wait;
        entry->interrupted = true;
        if (entry->queue)
        {
            entry->queue->m_waiters.erase(entry->position);
            entry->queue = nullptr;
        }
        slot->second.restartAfterSignal = handler->second.restart;
        WakeEntry(entry);
    }
}

void
SockbenchHost::DeliverPendingSignals()
{
    auto it = m_pendingSignals.find(m_currentThread);
    if (it == m_pendingSignals.end())
    {
        return;
    }
    std::vector<int> signals;
    signals.swap(it->second);
    m_pendingSignals.erase(it);
    for (int sig : signals)
    {
        auto handler = m_signalHandlers.find(std::make_pair(m_currentThread, sig));
        if (handler != m_signalHandlers.end() && handler->second.function)
        {
            Emit(TraceKind::UPCALL,
                 "host",
                 "thread:" + std::to_string(m_currentThread),
                 "signal-handler",
                 {{"sig", int64_t{sig}}});
            handler->second.function(sig);
        }
    }
}

Ptr<SocketEndpoint>
SockbenchHost::CreateSocket(int domain, int type, int protocol, int& error)
{
    // __sock_create order: family, type range, then unix_create: protocol, type (LS40).
    if (domain != AF_UNIX && domain != AF_INET && domain != AF_INET6)
    {
        error = EAFNOSUPPORT;
        return nullptr;
    }
    int base = type & SOCK_TYPE_MASK;
    if (type < 0 || base >= SOCK_MAX || (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC)))
    {
        error = EINVAL;
        return nullptr;
    }
    if (domain != AF_UNIX)
    {
        Ptr<SocketEndpoint> inet = CreateInetSocket(domain, base, protocol, error);
        if (inet)
        {
            inet->SetNonBlocking((type & SOCK_NONBLOCK) != 0);
        }
        return inet;
    }
    if (protocol != 0 && protocol != PF_UNIX)
    {
        error = EPROTONOSUPPORT;
        return nullptr;
    }
    if (base == SOCK_RAW)
    {
        base = SOCK_DGRAM; // unix_create turns RAW into DGRAM
    }
    if (base != SOCK_STREAM && base != SOCK_DGRAM && base != SOCK_SEQPACKET)
    {
        error = ESOCKTNOSUPPORT;
        return nullptr;
    }
    Ptr<UnixEndpoint> socket = CreateObject<UnixEndpoint>();
    UnixEndpoint::Config config;
    config.maxDgramQlen = m_maxDgramQlen;
    config.legacy2631 = m_kernel == LINUX_2_6_31;
    config.umask = m_umask;
    socket->Setup(
        base,
        GetUnixNamespace(),
        config,
        [this](int32_t owner, int sig) { RaiseSignal(static_cast<uint32_t>(owner), sig); },
        [this] { return Credentials(); });
    socket->SetNonBlocking((type & SOCK_NONBLOCK) != 0);
    error = 0;
    return socket;
}

int
SockbenchHost::Socket(int domain, int type, int protocol)
{
    TraceCall(
        "socket",
        NO_FD,
        {{"domain", int64_t{domain}}, {"type", int64_t{type}}, {"protocol", int64_t{protocol}}});
    int error = 0;
    Ptr<SocketEndpoint> socket = CreateSocket(domain, type, protocol, error);
    if (!socket)
    {
        return static_cast<int>(Finish("socket", NO_FD, -1, error));
    }
    int fd = AllocateDescriptor(socket);
    if (fd < 0)
    {
        socket->Dispose();
        return static_cast<int>(Finish("socket", NO_FD, -1, -fd));
    }
    m_descriptors[fd].closeOnExec = (type & SOCK_CLOEXEC) != 0;
    return static_cast<int>(Finish("socket", fd, fd, 0));
}

int
SockbenchHost::SocketPair(int domain, int type, int protocol, int sv[2])
{
    TraceCall(
        "socketpair",
        NO_FD,
        {{"domain", int64_t{domain}}, {"type", int64_t{type}}, {"protocol", int64_t{protocol}}});
    if (!sv)
    {
        return static_cast<int>(Finish("socketpair", NO_FD, -1, EFAULT));
    }
    int error = 0;
    Ptr<SocketEndpoint> a = CreateSocket(domain, type, protocol, error);
    Ptr<SocketEndpoint> b = a ? CreateSocket(domain, type, protocol, error) : nullptr;
    if (!b)
    {
        return static_cast<int>(Finish("socketpair", NO_FD, -1, error));
    }
    int fa = AllocateDescriptor(a);
    int fb = fa >= 0 ? AllocateDescriptor(b) : -EMFILE;
    if (fb < 0)
    {
        if (fa >= 0)
        {
            m_descriptors[fa].endpoint = nullptr;
            m_freeDescriptors.insert(fa);
            --m_openDescriptors;
            NotifyDescriptor(fa);
        }
        a->Dispose();
        b->Dispose();
        return static_cast<int>(Finish("socketpair", NO_FD, -1, EMFILE));
    }
    UnixEndpoint::MakePair(DynamicCast<UnixEndpoint>(a),
                           DynamicCast<UnixEndpoint>(b),
                           Credentials());
    sv[0] = fa;
    sv[1] = fb;
    Emit(TraceKind::RETURN,
         POSIX,
         FdObject(fa),
         "socketpair",
         {{"ret", int64_t{0}}, {"errno", "0"}, {"sv0", int64_t{fa}}, {"sv1", int64_t{fb}}});
    return 0;
}

int
SockbenchHost::Bind(int fd, const struct sockaddr* addr, socklen_t len)
{
    TraceCall("bind", fd, {{"addrlen", int64_t{len}}});
    int error = 0;
    Ptr<SocketEndpoint> socket = GetSocket(fd, error);
    if (!socket)
    {
        return static_cast<int>(Finish("bind", fd, -1, error));
    }
    int r = socket->Bind(addr, len);
    return FinishStatus("bind", fd, r);
}

int
SockbenchHost::Listen(int fd, int backlog)
{
    TraceCall("listen", fd, {{"backlog", int64_t{backlog}}});
    int error = 0;
    Ptr<SocketEndpoint> socket = GetSocket(fd, error);
    if (!socket)
    {
        return static_cast<int>(Finish("listen", fd, -1, error));
    }
    // __sys_listen reads the backlog as unsigned and clamps it to somaxconn (LS8).
    uint32_t clamped = std::min(static_cast<uint32_t>(backlog), m_somaxconn);
    int r = socket->Listen(clamped, Credentials());
    return FinishStatus("listen", fd, r);
}

int
SockbenchHost::Accept(int fd, struct sockaddr* addr, socklen_t* len)
{
    return DoAccept("accept", fd, addr, len, 0);
}

int
SockbenchHost::Accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags)
{
    return DoAccept("accept4", fd, addr, len, flags);
}

int
SockbenchHost::DoAccept(const char* name, int fd, struct sockaddr* addr, socklen_t* len, int flags)
{
    TraceCall(name, fd, {{"flags", int64_t{flags}}});
    if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
    {
        return static_cast<int>(Finish(name, fd, -1, EINVAL));
    }
    int error = 0;
    Ptr<SocketEndpoint> socket = GetSocket(fd, error);
    if (!socket)
    {
        return static_cast<int>(Finish(name, fd, -1, error));
    }
    Ptr<SocketEndpoint> accepted;
    SocketOp op = RunBlocking(name, fd, socket->IsNonBlocking(), socket->recvTimeoutJiffies, [&] {
        return socket->Accept(accepted);
    });
    if (op.value < 0)
    {
        return static_cast<int>(Finish(name, fd, -1, static_cast<int>(-op.value)));
    }
    // The connection is dequeued before the address is copied out: a negative *addrlen
    // loses it, and its client reads EOF (LS21).
    if (addr && len && static_cast<int>(*len) < 0)
    {
        accepted->Release();
        accepted->Dispose();
        return static_cast<int>(Finish(name, fd, -1, EINVAL));
    }
    accepted->SetNonBlocking((flags & SOCK_NONBLOCK) != 0);
    int newFd = AllocateDescriptor(accepted);
    if (newFd < 0)
    {
        accepted->Release();
        accepted->Dispose();
        return static_cast<int>(Finish(name, fd, -1, -newFd));
    }
    m_descriptors[newFd].closeOnExec = (flags & SOCK_CLOEXEC) != 0;
    if (addr && len)
    {
        accepted->GetPeerName(addr, len);
    }
    return static_cast<int>(Finish(name, fd, newFd, 0));
}

int
SockbenchHost::Connect(int fd, const struct sockaddr* addr, socklen_t len)
{
    TraceCall("connect", fd, {{"addrlen", int64_t{len}}});
    int error = 0;
    Ptr<SocketEndpoint> socket = GetSocket(fd, error);
    if (!socket)
    {
        return static_cast<int>(Finish("connect", fd, -1, error));
    }
    SocketCredentials cred = Credentials();
    SocketOp op = RunBlocking(
        "connect",
        fd,
        socket->IsNonBlocking(),
        socket->sendTimeoutJiffies, // LS16, IN3: SO_SNDTIMEO bounds connect
        [&] { return socket->Connect(addr, len, cred); },
        [&] { return socket->ContinueConnect(addr, len, cred); });
    return static_cast<int>(FinishOp("connect", fd, op));
}

Ptr<SocketEndpoint>
SockbenchHost::DataTarget(int fd, const void* buf, size_t len, int& error) const
{
    Ptr<SocketEndpoint> socket = GetSocket(fd, error);
    if (socket && !buf && len > 0)
    {
        error = EFAULT;
        return nullptr;
    }
    return socket;
}

int64_t
SockbenchHost::FinishOp(const char* name, int fd, const SocketOp& op)
{
    return op.value < 0 ? Finish(name, fd, -1, static_cast<int>(-op.value))
                        : Finish(name, fd, op.value, 0);
}

ssize_t
SockbenchHost::SocketSend(const char* name,
                          int fd,
                          const void* buf,
                          size_t len,
                          int flags,
                          const struct sockaddr* addr,
                          socklen_t addrLen)
{
    TraceCall(name, fd, {{"len", static_cast<int64_t>(len)}, {"flags", int64_t{flags}}});
    int error = 0;
    Ptr<SocketEndpoint> socket = DataTarget(fd, buf, len, error);
    if (!socket)
    {
        return Finish(name, fd, -1, error);
    }
    const auto* bytes = static_cast<const uint8_t*>(buf);
    SendProgress progress;
    bool nonBlocking = socket->IsNonBlocking() || (flags & MSG_DONTWAIT);
    SocketOp op = RunBlocking(name, fd, nonBlocking, socket->sendTimeoutJiffies, [&] {
        SocketOp attempt = socket->Send(bytes, len, flags, addr, addrLen, progress);
        progress.resumed = true; // a next attempt follows a wait
        return attempt;
    });
    if (op.value == -EAGAIN && progress.sent > 0)
    {
        op = SocketOp::Done(static_cast<int64_t>(progress.sent)); // stopped part-way (LS23)
    }
    if (op.raiseSigpipe && !(flags & MSG_NOSIGNAL))
    {
        RaiseSignal(m_currentThread, SIGPIPE);
    }
    return FinishOp(name, fd, op);
}

ssize_t
SockbenchHost::SocketRecv(const char* name,
                          int fd,
                          void* buf,
                          size_t len,
                          int flags,
                          struct sockaddr* from,
                          socklen_t* fromLen)
{
    TraceCall(name, fd, {{"len", static_cast<int64_t>(len)}, {"flags", int64_t{flags}}});
    int error = 0;
    Ptr<SocketEndpoint> socket = DataTarget(fd, buf, len, error);
    if (!socket)
    {
        return Finish(name, fd, -1, error);
    }
    auto* bytes = static_cast<uint8_t*>(buf);
    int msgFlags = 0;
    bool nonBlocking =
        socket->IsNonBlocking() || (flags & MSG_DONTWAIT) || socket->recvTimeoutJiffies == 0;
    int effectiveFlags = flags | (nonBlocking ? MSG_DONTWAIT : 0);
    socklen_t capacity = fromLen ? *fromLen : 0;
    SocketOp op = RunBlocking(name, fd, nonBlocking, socket->recvTimeoutJiffies, [&] {
        if (fromLen)
        {
            *fromLen = capacity;
        }
        return socket->Recv(bytes, len, effectiveFlags, from, fromLen, msgFlags);
    });
    if (op.value >= 0 && fromLen && static_cast<int>(capacity) < 0)
    {
        return Finish(name, fd, -1, EINVAL); // the data is consumed already (LS21)
    }
    return FinishOp(name, fd, op);
}

ssize_t
SockbenchHost::Send(int fd, const void* buf, size_t len, int flags)
{
    return SocketSend("send", fd, buf, len, flags, nullptr, 0);
}

ssize_t
SockbenchHost::SendTo(int fd,
                      const void* buf,
                      size_t len,
                      int flags,
                      const struct sockaddr* addr,
                      socklen_t addrLen)
{
    return SocketSend("sendto", fd, buf, len, flags, addr, addrLen);
}

ssize_t
SockbenchHost::Recv(int fd, void* buf, size_t len, int flags)
{
    return SocketRecv("recv", fd, buf, len, flags, nullptr, nullptr);
}

ssize_t
SockbenchHost::RecvFrom(int fd,
                        void* buf,
                        size_t len,
                        int flags,
                        struct sockaddr* from,
                        socklen_t* fromLen)
{
    return SocketRecv("recvfrom", fd, buf, len, flags, from, fromLen);
}

int
SockbenchHost::Shutdown(int fd, int how)
{
    TraceCall("shutdown", fd, {{"how", int64_t{how}}});
    int error = 0;
    Ptr<SocketEndpoint> socket = GetSocket(fd, error);
    if (!socket)
    {
        return static_cast<int>(Finish("shutdown", fd, -1, error));
    }
    int r = socket->Shutdown(how);
    return FinishStatus("shutdown", fd, r);
}

int
SockbenchHost::NameCall(const char* name, int fd, struct sockaddr* addr, socklen_t* len, bool peer)
{
    TraceCall(name, fd, {});
    int error = 0;
    Ptr<SocketEndpoint> socket = GetSocket(fd, error);
    if (socket && !len)
    {
        error = EFAULT;
    }
    else if (socket && static_cast<int>(*len) < 0)
    {
        error = EINVAL;
    }
    if (error != 0)
    {
        return static_cast<int>(Finish(name, fd, -1, error));
    }
    int r = peer ? socket->GetPeerName(addr, len) : socket->GetName(addr, len);
    return FinishStatus(name, fd, r);
}

int
SockbenchHost::GetSockName(int fd, struct sockaddr* addr, socklen_t* len)
{
    return NameCall("getsockname", fd, addr, len, false);
}

int
SockbenchHost::GetPeerName(int fd, struct sockaddr* addr, socklen_t* len)
{
    return NameCall("getpeername", fd, addr, len, true);
}

int
SockbenchHost::FinishStatus(const char* name, int fd, int result)
{
    return static_cast<int>(result < 0 ? Finish(name, fd, -1, -result) : Finish(name, fd, 0, 0));
}

Ptr<SocketEndpoint>
SockbenchHost::OptionTarget(int fd, int level, int& error) const
{
    Ptr<SocketEndpoint> socket = GetSocket(fd, error);
    if (socket && level != SOL_SOCKET && socket->GetDomain() == AF_UNIX)
    {
        error = EOPNOTSUPP; // AF_UNIX has no other level, whatever the name (LS38)
        return nullptr;
    }
    return socket;
}

int
SockbenchHost::SetSockOpt(int fd, int level, int name, const void* value, socklen_t len)
{
    TraceCall("setsockopt",
              fd,
              {{"level", int64_t{level}}, {"name", int64_t{name}}, {"optlen", int64_t{len}}});
    auto done = [&](int r) { return FinishStatus("setsockopt", fd, r); };
    int error = 0;
    Ptr<SocketEndpoint> socket = OptionTarget(fd, level, error);
    if (!socket)
    {
        return done(-error);
    }
    if (static_cast<int>(len) < 0)
    {
        return done(-EINVAL);
    }
    if (level != SOL_SOCKET)
    {
        return done(socket->SetOption(level, name, value, len));
    }
    if (name == SO_LINGER)
    {
        struct linger l;
        if (len < sizeof(l))
        {
            return done(-EINVAL);
        }
        if (!value)
        {
            return done(-EFAULT);
        }
        std::memcpy(&l, value, sizeof(l));
        socket->lingerOn = l.l_onoff != 0;
        socket->lingerSeconds = std::max(l.l_linger, 0);
        return done(0);
    }
    if (name == SO_SNDTIMEO || name == SO_RCVTIMEO)
    {
        // sock_set_timeout (LS16): ticks = sec*HZ + ceil(usec / (1e6/HZ)); {0,0} = no timer;
        // a negative tv_sec is stored as 0 (fails at once); tv_usec outside [0,1e6): EDOM.
        if (len < sizeof(struct timeval))
        {
            return done(-EINVAL);
        }
        if (!value)
        {
            return done(-EFAULT);
        }
        struct timeval tv;
        std::memcpy(&tv, value, sizeof(tv));
        if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
        {
            return done(-EDOM);
        }
        int64_t ticks;
        if (tv.tv_sec < 0)
        {
            ticks = 0;
        }
        else if (tv.tv_sec == 0 && tv.tv_usec == 0)
        {
            ticks = -1;
        }
        else
        {
            int64_t usecPerTick = 1000000 / m_hz;
            ticks = tv.tv_sec * m_hz + (tv.tv_usec + usecPerTick - 1) / usecPerTick;
        }
        (name == SO_SNDTIMEO ? socket->sendTimeoutJiffies : socket->recvTimeoutJiffies) = ticks;
        return done(0);
    }
    int v = 0;
    if (int err = SocketEndpoint::ReadIntOption(value, len, v))
    {
        return done(err);
    }
    switch (name)
    {
    case SO_SNDBUF:
        socket->sendBuffer =
            std::max(std::min(static_cast<uint32_t>(std::max(v, 0)), m_wmemMax) * 2,
                     SOCK_MIN_SNDBUF);
        return done(0);
    case SO_RCVBUF:
        socket->recvBuffer =
            std::max(std::min(static_cast<uint32_t>(std::max(v, 0)), m_rmemMax) * 2,
                     SOCK_MIN_RCVBUF);
        return done(0);
    case SO_PASSCRED:
        socket->passCredentials = v != 0;
        return done(0);
    case SO_OOBINLINE:
        socket->urgentInline = v != 0; // LS24: the urgent byte is read inline
        return done(0);
    case SO_INQ_LINUX:
        // Linux 6.17+: af_unix accepts SO_INQ on STREAM only (the queue-length control
        // message it enables is not modelled); 2.6.31 has no SO_INQ (LS38).
        if (socket->GetSocketType() != SOCK_STREAM || m_kernel == LINUX_2_6_31)
        {
            return done(-ENOPROTOOPT);
        }
        socket->receiveQueueLength = v != 0;
        return done(0);
    case SO_DEBUG:
        // Needs CAP_NET_ADMIN to set; simulated threads are unprivileged. This is what the
        // seed's setsockopt(fd, SOL_SOCKET, TCP_NODELAY, ...) really does (spec K).
        return done(v != 0 ? -EACCES : 0);
    case SO_REUSEADDR:
        socket->reuseAddress = v != 0; // IN27 (no effect on AF_UNIX, LS38)
        return done(0);
    case SO_KEEPALIVE:
        socket->keepAlive = v != 0; // IN25 (no effect on AF_UNIX, LS38)
        return done(0);
    case SO_REUSEPORT:
    case SO_BROADCAST:
    case SO_PRIORITY:
    case SO_DONTROUTE:
    case SO_RCVLOWAT:
        return done(0); // generic options: accepted, no effect (LS38)
    default:
        return done(-ENOPROTOOPT);
    }
}

int
SockbenchHost::GetSockOpt(int fd, int level, int name, void* value, socklen_t* len)
{
    TraceCall("getsockopt", fd, {{"level", int64_t{level}}, {"name", int64_t{name}}});
    auto done = [&](int r) { return FinishStatus("getsockopt", fd, r); };
    int error = 0;
    Ptr<SocketEndpoint> socket = OptionTarget(fd, level, error);
    if (!socket)
    {
        return done(-error);
    }
    if (!len)
    {
        return done(-EFAULT);
    }
    if (static_cast<int>(*len) < 0)
    {
        return done(-EINVAL);
    }
    if (level != SOL_SOCKET)
    {
        return done(socket->GetOption(level, name, value, len));
    }
    auto put = [&](const void* data, socklen_t size) {
        socklen_t n = std::min(*len, size);
        if (n > 0 && !value)
        {
            return done(-EFAULT);
        }
        std::memcpy(value, data, n);
        *len = n;
        return done(0);
    };
    auto putInt = [&](int v) { return put(&v, sizeof(v)); };
    switch (name)
    {
    case SO_TYPE:
        return putInt(socket->GetSocketType());
    case SO_DOMAIN:
        return putInt(socket->GetDomain());
    case SO_PROTOCOL:
        return putInt(socket->GetProtocol());
    case SO_ACCEPTCONN:
        return putInt(socket->IsListening() ? 1 : 0);
    case SO_ERROR:
        return putInt(socket->TakePendingError()); // reads and clears (LS26)
    case SO_SNDBUF:
        return putInt(static_cast<int>(socket->sendBuffer));
    case SO_RCVBUF:
        return putInt(static_cast<int>(socket->recvBuffer));
    case SO_PASSCRED:
        return putInt(socket->passCredentials ? 1 : 0);
    case SO_OOBINLINE:
        return putInt(socket->urgentInline ? 1 : 0);
    case SO_SNDTIMEO:
    case SO_RCVTIMEO: {
        int64_t ticks =
            name == SO_SNDTIMEO ? socket->sendTimeoutJiffies : socket->recvTimeoutJiffies;

        struct timeval tv
        {
            0, 0
        };

        if (ticks > 0)
        {
            tv.tv_sec = ticks / m_hz;
            tv.tv_usec = (ticks % m_hz) * (1000000 / m_hz);
        }
        return put(&tv, sizeof(tv)); // no timer and a stored 0 both read {0, 0} (LS16)
    }
    case SO_PEERCRED: {
        SocketCredentials c = socket->GetPeerCredentials();
        struct ucred u;
        u.pid = c.pid;
        u.uid = c.uid;
        u.gid = c.gid;
        return put(&u, sizeof(u));
    }
    case SO_REUSEADDR:
        return putInt(socket->reuseAddress ? 1 : 0);
    case SO_KEEPALIVE:
        return putInt(socket->keepAlive ? 1 : 0);
    case SO_REUSEPORT:
    case SO_BROADCAST:
    case SO_DEBUG:
    case SO_DONTROUTE:
        return putInt(0);
    case SO_LINGER: {
        struct linger l
        {
            socket->lingerOn ? 1 : 0, socket->lingerSeconds
        };

        return put(&l, sizeof(l));
    }
    default:
        return done(-ENOPROTOOPT);
    }
}

int
SockbenchHost::Ioctl(int fd, unsigned long request, int* arg)
{
    TraceCall("ioctl", fd, {{"request", static_cast<int64_t>(request)}});
    Ptr<HostEndpoint> endpoint = GetEndpoint(fd);
    if (!endpoint)
    {
        return static_cast<int>(Finish("ioctl", fd, -1, EBADF));
    }
    if (!arg)
    {
        return static_cast<int>(Finish("ioctl", fd, -1, EFAULT));
    }
    if (request == FIONBIO)
    {
        endpoint->SetNonBlocking(*arg != 0);
        return static_cast<int>(Finish("ioctl", fd, 0, 0));
    }
    Ptr<SocketEndpoint> socket = DynamicCast<SocketEndpoint>(endpoint);
    if (!socket)
    {
        return static_cast<int>(Finish("ioctl", fd, -1, ENOTTY));
    }
    if (request == FIONREAD) // == SIOCINQ
    {
        int64_t n = socket->GetReadableBytes();
        if (n < 0)
        {
            return static_cast<int>(Finish("ioctl", fd, -1, static_cast<int>(-n)));
        }
        *arg = static_cast<int>(n);
        return static_cast<int>(Finish("ioctl", fd, 0, 0));
    }
    return static_cast<int>(Finish("ioctl", fd, -1, ENOTTY));
}

int
SockbenchHost::Select(int nfds,
                      fd_set* readfds,
                      fd_set* writefds,
                      fd_set* exceptfds,
                      struct timeval* timeout)
{
    TraceCall("select", NO_FD, {{"nfds", int64_t{nfds}}});
    if (nfds < 0 || static_cast<uint32_t>(nfds) > std::max<uint32_t>(m_openMax, FD_SETSIZE))
    {
        return static_cast<int>(Finish("select", NO_FD, -1, EINVAL));
    }
    Time limit = Time::Max();
    if (timeout)
    {
        if (timeout->tv_sec < 0 || timeout->tv_usec < 0 || timeout->tv_usec >= 1000000)
        {
            return static_cast<int>(Finish("select", NO_FD, -1, EINVAL));
        }
        limit = Seconds(timeout->tv_sec) + MicroSeconds(timeout->tv_usec);
    }
    // Linux's select maps poll bits: readable = IN|HUP|ERR, writable = OUT|ERR, except = PRI.
    std::vector<struct pollfd> fds;
    for (int fd = 0; fd < nfds; ++fd)
    {
        short events = 0;
        events |= (readfds && FD_ISSET(fd, readfds)) ? POLLIN : 0;
        events |= (writefds && FD_ISSET(fd, writefds)) ? POLLOUT : 0;
        events |= (exceptfds && FD_ISSET(fd, exceptfds)) ? POLLPRI : 0;
        if (events == 0)
        {
            continue;
        }
        if (!GetEndpoint(fd))
        {
            return static_cast<int>(Finish("select", NO_FD, -1, EBADF));
        }
        fds.push_back({fd, events, 0});
    }
    Time start = Simulator::Now();
    int r = PollFor(fds.data(), fds.size(), limit);
    if (r < 0)
    {
        return static_cast<int>(Finish("select", NO_FD, -1, GetErrno()));
    }
    int count = 0;
    for (fd_set* set : {readfds, writefds, exceptfds})
    {
        if (set)
        {
            FD_ZERO(set);
        }
    }
    for (const auto& p : fds)
    {
        if (readfds && (p.events & POLLIN) && (p.revents & (POLLIN | POLLHUP | POLLERR)))
        {
            FD_SET(p.fd, readfds);
            ++count;
        }
        if (writefds && (p.events & POLLOUT) && (p.revents & (POLLOUT | POLLERR)))
        {
            FD_SET(p.fd, writefds);
            ++count;
        }
        if (exceptfds && (p.events & POLLPRI) && (p.revents & POLLPRI))
        {
            FD_SET(p.fd, exceptfds);
            ++count;
        }
    }
    if (timeout)
    {
        Time left = limit - (Simulator::Now() - start);
        if (left.IsNegative())
        {
            left = Seconds(0);
        }
        int64_t us = left.GetMicroSeconds();
        timeout->tv_sec = us / 1000000;
        timeout->tv_usec = us % 1000000;
    }
    return static_cast<int>(Finish("select", NO_FD, count, 0));
}

int
SockbenchHost::Unlink(const std::string& path)
{
    TraceCall("unlink", NO_FD, {{"path", path}});
    int r = GetUnixNamespace()->Unlink(path, Credentials());
    return FinishStatus("unlink", NO_FD, r);
}

} // namespace ns3
