/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * AF_UNIX conformance cases, part c (spec local-sockets.md).
 */

#include "sockbench-catalog.h"
#include "unix-test-util.h"

#include "ns3/enum.h"
#include "ns3/posix-names.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"
#include "ns3/unix-endpoint.h"
#include "ns3/unix-namespace.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <variant>

#ifndef SO_INQ
#define SO_INQ 84 // asm-generic/socket.h, Linux 6.17+
#endif

namespace ns3
{

namespace
{
using E = TraceExpectation;

/// The events every LS29 poll asks for.
constexpr short ALL_EVENTS = POLLIN | POLLPRI | POLLOUT | POLLRDHUP;
/// The revents of a socket whose both directions are shut (LS25, LS28, LS29).
constexpr short ALL_SHUT = POLLIN | POLLOUT | POLLHUP | POLLRDHUP;

/// Failed returns (ret == -1) of the call \p name.
std::function<bool(const TraceRecord&)>
FailedReturns(const std::string& name)
{
    return [name](const TraceRecord& r) {
        const TraceField* f = r.Find("ret");
        return r.kind == TraceKind::RETURN && r.name == name && f &&
               std::holds_alternative<int64_t>(f->value) && std::get<int64_t>(f->value) == -1;
    };
}

/// Returns whose errno is \p err.
std::function<bool(const TraceRecord&)>
ReturnsWithErrno(const std::string& err)
{
    return [err](const TraceRecord& r) {
        const TraceField* f = r.Find("errno");
        return r.kind == TraceKind::RETURN && f && std::holds_alternative<std::string>(f->value) &&
               std::get<std::string>(f->value) == err;
    };
}

/// Checks made from inside simulated threads; each failure names its step.
class Probe
{
  public:
    Probe(ConformanceContext& ctx, Ptr<SockbenchHost> host)
        : m_ctx(ctx),
          m_host(host)
    {
    }

    /// A call that must return \p want. \return \p got
    int64_t Ok(int64_t got, int64_t want, const std::string& what)
    {
        if (got != want)
        {
            m_ctx.Fail(what + ": got " + Outcome(got) + ", expected " + std::to_string(want));
        }
        return got;
    }

    /// A call that must return a descriptor. \return \p got
    int Fd(int got, const std::string& what)
    {
        if (got < 0)
        {
            m_ctx.Fail(what + ": got " + Outcome(got) + ", expected a descriptor");
        }
        return got;
    }

    /// A call that must fail with \p err.
    void Err(int64_t got, int err, const std::string& what)
    {
        int e = m_host->GetErrno();
        if (got != -1 || e != err)
        {
            m_ctx.Fail(what + ": got " + Outcome(got, e) + ", expected -1 " + ErrnoName(err));
        }
    }

    /// A plain condition.
    void True(bool condition, const std::string& what)
    {
        m_ctx.Check(condition, what);
    }

    /// poll() with IN|PRI|OUT|RDHUP gives exactly \p want, and select() agrees.
    void Revents(int fd, short want, const std::string& what)
    {
        Mask(fd, static_cast<short>(0xffff), want, what);
    }

    /// poll() with IN|PRI|OUT|RDHUP gives \p want in the bits \p mask, and select() agrees.
    void Mask(int fd, short mask, short want, const std::string& what)
    {
        struct pollfd p = {fd, ALL_EVENTS, 0};
        int n = m_host->Poll(&p, 1, 0);
        if ((p.revents & mask) != want || n != (p.revents ? 1 : 0))
        {
            m_ctx.Fail(what + ": poll revents " + PollEventsName(static_cast<uint16_t>(p.revents)) +
                       " (poll returned " + std::to_string(n) + "), expected " +
                       PollEventsName(static_cast<uint16_t>(want)) +
                       (mask == static_cast<short>(0xffff)
                            ? std::string()
                            : " in " + PollEventsName(static_cast<uint16_t>(mask))));
        }
        SelectAgrees(fd, p.revents, what);
    }

    /// select() marks \p fd as Linux maps \p revents: read IN|HUP|ERR, write OUT|ERR, except PRI.
    void SelectAgrees(int fd, short revents, const std::string& what)
    {
        fd_set r;
        fd_set w;
        fd_set e;
        FD_ZERO(&r);
        FD_ZERO(&w);
        FD_ZERO(&e);
        FD_SET(fd, &r);
        FD_SET(fd, &w);
        FD_SET(fd, &e);
        struct timeval tv = {0, 0};
        int n = m_host->Select(fd + 1, &r, &w, &e, &tv);
        bool wantR = (revents & (POLLIN | POLLHUP | POLLERR)) != 0;
        bool wantW = (revents & (POLLOUT | POLLERR)) != 0;
        bool wantE = (revents & POLLPRI) != 0;
        bool gotR = FD_ISSET(fd, &r);
        bool gotW = FD_ISSET(fd, &w);
        bool gotE = FD_ISSET(fd, &e);
        if (n != int(wantR) + int(wantW) + int(wantE) || gotR != wantR || gotW != wantW ||
            gotE != wantE)
        {
            m_ctx.Fail(what + ": select gave read/write/except " + std::to_string(gotR) + "/" +
                       std::to_string(gotW) + "/" + std::to_string(gotE) + " (ret " +
                       std::to_string(n) + "), poll implies " + std::to_string(wantR) + "/" +
                       std::to_string(wantW) + "/" + std::to_string(wantE));
        }
    }

    /// getsockopt of an int option must give \p want.
    void IntOpt(int fd, int name, int want, const std::string& what)
    {
        int v = -12345;
        socklen_t len = sizeof(v);
        Ok(m_host->GetSockOpt(fd, SOL_SOCKET, name, &v, &len), 0, what + " (getsockopt)");
        if (v != want || len != sizeof(int))
        {
            m_ctx.Fail(what + ": value " + std::to_string(v) + " (optlen " + std::to_string(len) +
                       "), expected " + std::to_string(want));
        }
    }

    /// SO_PEERCRED must succeed and give \p pid, \p uid, \p gid.
    void PeerCred(int fd, int32_t pid, uint32_t uid, uint32_t gid, const std::string& what)
    {
        struct ucred u = {-7, 7, 7};
        socklen_t len = sizeof(u);
        Ok(m_host->GetSockOpt(fd, SOL_SOCKET, SO_PEERCRED, &u, &len), 0, what + " (getsockopt)");
        if (u.pid != pid || u.uid != uid || u.gid != gid || len != sizeof(u))
        {
            m_ctx.Fail(what + ": pid/uid/gid " + std::to_string(u.pid) + "/" +
                       std::to_string(u.uid) + "/" + std::to_string(u.gid) + " (optlen " +
                       std::to_string(len) + "), expected " + std::to_string(pid) + "/" +
                       std::to_string(uid) + "/" + std::to_string(gid));
        }
    }

    /// A DGRAM socket bound to \p path. \return its descriptor
    int BoundDgram(const std::string& path)
    {
        int fd = Fd(m_host->Socket(AF_UNIX, SOCK_DGRAM, 0), "socket(DGRAM) for " + path);
        UnixPath a(path);
        Ok(m_host->Bind(fd, a.Addr(), a.len), 0, "bind " + path);
        return fd;
    }

    /// The name of a peer or sender, for comparisons.
    static std::string Name(const struct sockaddr_un& sun, socklen_t len)
    {
        if (len <= offsetof(struct sockaddr_un, sun_path))
        {
            return "";
        }
        return std::string(sun.sun_path);
    }

  private:
    std::string Outcome(int64_t got, int err = -1) const
    {
        if (got != -1)
        {
            return std::to_string(got);
        }
        return "-1 " + ErrnoName(err < 0 ? m_host->GetErrno() : err);
    }

    ConformanceContext& m_ctx;
    Ptr<SockbenchHost> m_host;
};

/// /proc/net/unix "St" of the socket behind \p fd.
std::string
ProcState(Ptr<SockbenchHost> host, int fd)
{
    Ptr<UnixEndpoint> u = DynamicCast<UnixEndpoint>(host->GetEndpoint(fd));
    return u ? u->GetProcState() : std::string("(no unix socket)");
}

// ---- LS29: readiness ---------------------------------------------------------------------------

// LS29: every row of the poll table, with select() agreeing on each.
void
PollReventsByState(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        char buf[16];
        int s = p.Fd(host->Socket(AF_UNIX, SOCK_STREAM, 0), "socket");
        p.Revents(s, POLLOUT | POLLHUP, "STREAM unconnected");
        UnixPath path("/tmp/ls29.sock");
        p.Ok(host->Bind(s, path.Addr(), path.len), 0, "bind");
        p.Revents(s, POLLOUT | POLLHUP, "STREAM bound");
        p.Ok(host->Listen(s, 5), 0, "listen");
        p.Revents(s, 0, "listening, empty queue");
        int c = p.Fd(host->Socket(AF_UNIX, SOCK_STREAM, 0), "client socket");
        p.Ok(host->Connect(c, path.Addr(), path.len), 0, "connect");
        p.Revents(s, POLLIN, "listening, connection pending");
        p.Revents(c, POLLOUT, "client connected (not yet accepted), idle");
        int a = p.Fd(host->Accept(s, nullptr, nullptr), "accept");
        p.Revents(a, POLLOUT, "accepted, idle");
        p.Revents(s, 0, "listening, queue drained again");
        p.Ok(host->Write(c, "x", 1), 1, "client write");
        p.Revents(a, POLLIN | POLLOUT, "connected, data queued");
        p.Ok(host->Close(c), 0, "client close (its own queue empty)");
        p.Revents(a, ALL_SHUT, "peer closed, no error");

        int sv[2] = {-1, -1};
        p.Ok(host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv), 0, "socketpair");
        p.Ok(host->Write(sv[0], "y", 1), 1, "write to the other end");
        p.Ok(host->Close(sv[1]), 0, "close the end holding unread data");
        p.Revents(sv[0], ALL_SHUT | POLLERR, "peer closed, ECONNRESET pending");
        p.Err(host->Recv(sv[0], buf, sizeof(buf), 0), ECONNRESET, "recv reports the error");
        p.Revents(sv[0], ALL_SHUT, "peer closed, error cleared");

        int u = p.Fd(host->Socket(AF_UNIX, SOCK_STREAM, 0), "socket");
        p.Ok(host->Shutdown(u, SHUT_RDWR), 0, "shutdown(SHUT_RDWR) of an unconnected socket");
        p.Revents(u, ALL_SHUT, "unconnected after its own SHUT_RDWR");

        int d = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM, 0), "socket(DGRAM)");
        p.Revents(d, POLLOUT, "DGRAM unbound");
        int r = p.BoundDgram("/tmp/ls29.dgram");
        UnixPath rp("/tmp/ls29.dgram");
        p.Ok(host->Connect(d, rp.Addr(), rp.len), 0, "DGRAM connect");
        for (int i = 0; i < 11; ++i)
        {
            p.Ok(host->Send(d, "z", 1, MSG_DONTWAIT), 1, "datagram " + std::to_string(i + 1));
        }
        p.Err(host->Send(d, "z", 1, MSG_DONTWAIT), EAGAIN, "datagram 12: the receiver is full");
        p.Mask(d, POLLOUT, 0, "DGRAM connected to a full receiver that is not connected back");
        p.Ok(host->Recv(r, buf, sizeof(buf), 0), 1, "receiver takes one");
        p.Mask(d, POLLOUT, POLLOUT, "DGRAM connected, the receiver has room again");

        int q = p.Fd(host->Socket(AF_UNIX, SOCK_SEQPACKET, 0), "socket(SEQPACKET)");
        p.Revents(q, POLLOUT | POLLHUP, "SEQPACKET unconnected");

        for (int fd : {s, a, sv[0], u, d, r, q})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("listen").Field("ret", 0))
                        .Expect(E::Return("poll").Field("ret", 0)) // empty listener: nothing
                        .Expect(E::Return("select").Field("ret", 0))
                        .Expect(E::Return("connect").Field("ret", 0))
                        .Expect(E::Return("poll").Field("ret", 1))
                        .Expect(E::Return("select").Field("ret", 1)) // readable only
                        .Expect(E::Return("recv").Field("errno", "ECONNRESET")));
    ctx.ExpectClean(host);
}

// LS29 (and K): a listener is never writable on 6.x, for poll and select alike.
void
ListenerNeverWritable(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        int l = p.Fd(UnixListener(host, "/tmp/ls29l.sock", 5), "listener");
        struct pollfd pf = {l, POLLOUT, 0};
        p.Ok(host->Poll(&pf, 1, 0), 0, "poll(POLLOUT) on an empty listener");
        p.Mask(l, POLLOUT, 0, "empty listener: no OUT");
        int c = p.Fd(UnixConnect(host, "/tmp/ls29l.sock"), "connect");
        p.Ok(host->Poll(&pf, 1, 0), 0, "poll(POLLOUT) on a listener with a pending connection");
        p.Mask(l, POLLOUT, 0, "listener with a pending connection: no OUT");
        fd_set w;
        FD_ZERO(&w);
        FD_SET(l, &w);
        struct timeval tv = {0, 0};
        p.Ok(host->Select(l + 1, nullptr, &w, nullptr, &tv), 0, "select(write) on the listener");
        p.True(!FD_ISSET(l, &w), "select: the listener is not writable");
        p.Ok(host->Close(c), 0, "close client");
        p.Ok(host->Close(l), 0, "close listener");
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("listen").Field("ret", 0))
                        .Expect(E::Return("poll").Field("ret", 0))
                        .Expect(E::Return("connect").Field("ret", 0))
                        .Expect(E::Return("poll").Field("ret", 0))
                        .Expect(E::Return("select").Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS29, K: with KernelBehaviour LINUX_2_6_31 a listener reports POLLOUT.
void
ListenerWritable2631(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("KernelBehaviour", EnumValue(SockbenchHost::LINUX_2_6_31));
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        int l = p.Fd(UnixListener(host, "/tmp/ls29w.sock", 5), "listener");
        p.Revents(l, POLLOUT, "2.6.31: empty listener is writable");
        int c = p.Fd(UnixConnect(host, "/tmp/ls29w.sock"), "connect");
        p.Revents(l, POLLIN | POLLOUT, "2.6.31: listener with a pending connection");
        fd_set w;
        FD_ZERO(&w);
        FD_SET(l, &w);
        struct timeval tv = {0, 0};
        p.Ok(host->Select(l + 1, nullptr, &w, nullptr, &tv), 1, "select(write) on the listener");
        p.True(FD_ISSET(l, &w), "2.6.31: select reports the listener writable");
        p.Ok(host->Close(c), 0, "close client");
        p.Ok(host->Close(l), 0, "close listener");
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("listen").Field("ret", 0))
                        .Expect(E::Return("poll").Field("ret", 1))
                        .Expect(E::Return("select").Field("ret", 1)));
    ctx.ExpectClean(host);
}

// ---- LS30: SIGIO -------------------------------------------------------------------------------

// LS30: one SIGIO per connect to an O_ASYNC listener with an owner; data and peer close on an
// O_ASYNC connected socket each send one; without O_ASYNC nothing is sent.
void
SigioOnConnectDataClose(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    uint32_t afterConnects = 99;
    uint32_t afterAccepts = 99;
    host->Spawn("server", [&] {
        uint32_t me = host->GetCurrentThreadId();
        int l = p.Fd(UnixListener(host, "/tmp/ls30.sock", 5), "async listener");
        p.Ok(host->Fcntl(l, F_SETOWN, static_cast<int>(me)), 0, "F_SETOWN");
        p.Ok(host->Fcntl(l, F_SETFL, O_ASYNC), 0, "F_SETFL O_ASYNC");
        int quiet = p.Fd(UnixListener(host, "/tmp/ls30q.sock", 5), "listener without O_ASYNC");
        p.Ok(host->Fcntl(quiet, F_SETOWN, static_cast<int>(me)), 0, "F_SETOWN (no O_ASYNC)");
        int ownerless = p.Fd(UnixListener(host, "/tmp/ls30n.sock", 5), "listener without owner");
        p.Ok(host->Fcntl(ownerless, F_SETFL, O_ASYNC), 0, "F_SETFL O_ASYNC (no owner)");
        host->Sleep(Seconds(1)); // four connects: two to l, one to quiet, one to ownerless
        afterConnects = host->GetSignalCount(SIGIO);
        int a1 = p.Fd(host->Accept(l, nullptr, nullptr), "accept 1");
        int a2 = p.Fd(host->Accept(l, nullptr, nullptr), "accept 2");
        int a3 = p.Fd(host->Accept(quiet, nullptr, nullptr), "accept 3");
        int a4 = p.Fd(host->Accept(ownerless, nullptr, nullptr), "accept 4");
        afterAccepts = host->GetSignalCount(SIGIO);
        p.Ok(host->Fcntl(a1, F_SETOWN, static_cast<int>(me)), 0, "F_SETOWN a1");
        p.Ok(host->Fcntl(a1, F_SETFL, O_ASYNC), 0, "F_SETFL O_ASYNC a1");
        p.Ok(host->Fcntl(a2, F_SETOWN, static_cast<int>(me)), 0, "F_SETOWN a2 (no O_ASYNC)");
        host->Sleep(Seconds(3)); // data at 2 s, closes at 2.5 s
        char buf[8];
        p.Ok(host->Read(a1, buf, sizeof(buf)), 1, "read a1");
        p.Ok(host->Read(a2, buf, sizeof(buf)), 1, "read a2");
        for (int fd : {a1, a2, a3, a4, l, quiet, ownerless})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    auto client = [&](const std::string& path, bool write, Time writeAt, Time closeAt) {
        return [&, path, write, writeAt, closeAt] {
            int c = p.Fd(UnixConnect(host, path), "connect to " + path);
            if (write)
            {
                host->Sleep(writeAt - Simulator::Now());
                p.Ok(host->Write(c, "d", 1), 1, "client write");
            }
            host->Sleep(closeAt - Simulator::Now());
            p.Ok(host->Close(c), 0, "client close");
        };
    };
    host->Spawn("client1",
                client("/tmp/ls30.sock", true, Seconds(2), MilliSeconds(2500)),
                MilliSeconds(100));
    host->Spawn("client2",
                client("/tmp/ls30.sock", true, Seconds(2), MilliSeconds(2600)),
                MilliSeconds(200));
    host->Spawn("client3",
                client("/tmp/ls30q.sock", false, Seconds(0), MilliSeconds(2700)),
                MilliSeconds(300));
    host->Spawn("client4",
                client("/tmp/ls30n.sock", false, Seconds(0), MilliSeconds(2800)),
                MilliSeconds(400));
    ctx.Run();
    ctx.CheckEqual(afterConnects,
                   2u,
                   "SIGIOs after two connects to the async listener and two to the others");
    ctx.CheckEqual(afterAccepts, 2u, "accept sends no SIGIO");
    ctx.CheckEqual(host->GetSignalCount(SIGIO), 4u, "SIGIOs in all (connect x2, data, peer close)");
    ctx.ExpectTrace(
        TraceMatcher(TraceMatcher::EXACT)
            .Only("signal records", KindAndName(TraceKind::STATE, "signal"))
            .Expect(E::State("signal").At(MilliSeconds(100)).Field("sig", "SIGIO").Field("to", 1))
            .Expect(E::State("signal").At(MilliSeconds(200)).Field("sig", "SIGIO").Field("to", 1))
            .Expect(E::State("signal").At(Seconds(2)).Field("sig", "SIGIO").Field("to", 1))
            .Expect(
                E::State("signal").At(MilliSeconds(2500)).Field("sig", "SIGIO").Field("to", 1)));
    ctx.ExpectClean(host);
}

// ---- LS31-LS35: SOCK_DGRAM ---------------------------------------------------------------------

// LS31: every sendto error, none raising SIGPIPE.
void
DgramSendtoErrors(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        int s = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM, 0), "sender");
        auto sendTo = [&](int fd, const UnixPath& to, const void* buf, size_t len, int flags) {
            return host->SendTo(fd, buf, len, flags, to.Addr(), to.len);
        };
        p.Err(sendTo(s, UnixPath("/tmp/ls31-missing"), "x", 1, 0), ENOENT, "missing path");

        p.Ok(host->GetUnixNamespace()->CreateFile("/tmp/ls31-file"), 0, "create a regular file");
        p.Err(sendTo(s, UnixPath("/tmp/ls31-file"), "x", 1, 0), ECONNREFUSED, "not a socket");

        int stale = p.BoundDgram("/tmp/ls31-stale");
        p.Ok(host->Close(stale), 0, "close (the file stays)");
        p.Err(sendTo(s, UnixPath("/tmp/ls31-stale"), "x", 1, 0), ECONNREFUSED, "stale socket");

        int st = p.Fd(host->Socket(AF_UNIX, SOCK_STREAM, 0), "stream socket");
        UnixPath sp("/tmp/ls31-stream");
        p.Ok(host->Bind(st, sp.Addr(), sp.len), 0, "bind stream");
        p.Err(sendTo(s, sp, "x", 1, 0), EPROTOTYPE, "STREAM path");

        p.Err(sendTo(s, UnixPath::Abstract("ls31-none"), "x", 1, 0),
              ECONNREFUSED,
              "unbound abstract name");

        int x = p.BoundDgram("/tmp/ls31-x");
        int r = p.BoundDgram("/tmp/ls31-r");
        UnixPath xp("/tmp/ls31-x");
        p.Ok(host->Connect(r, xp.Addr(), xp.len), 0, "receiver connects to someone else");
        p.Err(sendTo(s, UnixPath("/tmp/ls31-r"), "x", 1, 0), EPERM, "receiver connected elsewhere");

        int rd = p.BoundDgram("/tmp/ls31-rd");
        p.Ok(host->Shutdown(rd, SHUT_RD), 0, "receiver shutdown(SHUT_RD)");
        p.Err(sendTo(s, UnixPath("/tmp/ls31-rd"), "x", 1, 0), EPIPE, "receiver shut for reading");

        int w = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM, 0), "socket");
        p.Ok(host->Shutdown(w, SHUT_WR), 0, "own shutdown(SHUT_WR)");
        p.Err(sendTo(w, xp, "x", 1, 0), EPIPE, "own SHUT_WR");

        p.Err(host->Send(s, "x", 1, 0), ENOTCONN, "no address, not connected");

        int small = 4096;
        p.Ok(host->SetSockOpt(s, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0, "SO_SNDBUF");
        int sndbuf = 0;
        socklen_t len = sizeof(sndbuf);
        p.Ok(host->GetSockOpt(s, SOL_SOCKET, SO_SNDBUF, &sndbuf, &len), 0, "get SO_SNDBUF");
        std::vector<char> big(static_cast<size_t>(std::max(sndbuf, 64)), 'b');
        p.Err(sendTo(s, xp, big.data(), sndbuf - 31, 0), EMSGSIZE, "len = SO_SNDBUF-31");
        p.Ok(sendTo(s, xp, big.data(), sndbuf - 32, 0), sndbuf - 32, "len = SO_SNDBUF-32");
        p.Ok(host->Recv(x, big.data(), big.size(), 0), sndbuf - 32, "receiver gets it");

        p.Err(sendTo(s, xp, "x", 1, MSG_OOB), EOPNOTSUPP, "MSG_OOB");

        for (int fd : {s, st, x, r, rd, w})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.CheckEqual(host->GetSignalCount(SIGPIPE), 0u, "no SIGPIPE from datagram EPIPE");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("sendto").Field("ret", -1).Field("errno", "ENOENT"))
                        .Expect(E::Return("sendto").Field("errno", "ECONNREFUSED"))
                        .Expect(E::Return("sendto").Field("errno", "ECONNREFUSED"))
                        .Expect(E::Return("sendto").Field("errno", "EPROTOTYPE"))
                        .Expect(E::Return("sendto").Field("errno", "ECONNREFUSED"))
                        .Expect(E::Return("sendto").Field("errno", "EPERM"))
                        .Expect(E::Return("sendto").Field("errno", "EPIPE"))
                        .Expect(E::Return("sendto").Field("errno", "EPIPE"))
                        .Expect(E::Return("send").Field("errno", "ENOTCONN"))
                        .Expect(E::Return("sendto").Field("errno", "EMSGSIZE"))
                        .Expect(E::Return("sendto").Field("errno", "EOPNOTSUPP")));
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("signal records", KindAndName(TraceKind::STATE, "signal")));
    ctx.ExpectClean(host);
}

// LS32: qlen+1 datagrams, then EAGAIN; blocking waits for a recv; SO_SNDTIMEO gives EAGAIN at
// the timeout; each recv frees one place.
void
DgramQueueLimit(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    UnixPath rp("/tmp/ls32.sock");
    Time blockedReturned;
    Time timedOut;
    host->Spawn("receiver", [&] {
        int r = p.BoundDgram("/tmp/ls32.sock");
        char buf[8] = {0};
        host->Sleep(Seconds(2));
        p.Ok(host->Recv(r, buf, sizeof(buf), 0), 1, "recv at 2 s");
        p.Ok(buf[0], 0, "the first datagram comes first");
        host->Sleep(Seconds(1));
        p.Ok(host->Recv(r, buf, sizeof(buf), 0), 1, "recv at 3 s");
        host->Sleep(Seconds(2));
        int n = 0;
        while (n < 100 && host->Recv(r, buf, sizeof(buf), MSG_DONTWAIT) == 1)
        {
            ++n;
        }
        p.Ok(n, 11, "datagrams left at 5 s (a full queue)");
        p.Err(host->Recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "then the queue is empty");
        p.Ok(host->Close(r), 0, "close receiver");
    });
    host->Spawn(
        "sender",
        [&] {
            int s = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM, 0), "sender");
            for (char i = 0; i < 11; ++i)
            {
                p.Ok(host->SendTo(s, &i, 1, MSG_DONTWAIT, rp.Addr(), rp.len),
                     1,
                     "datagram " + std::to_string(i + 1) + " of qlen+1");
            }
            char z = 99;
            p.Err(host->SendTo(s, &z, 1, MSG_DONTWAIT, rp.Addr(), rp.len),
                  EAGAIN,
                  "MSG_DONTWAIT on a full receiver");
            int n = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0), "non-blocking");
            p.Err(host->SendTo(n, &z, 1, 0, rp.Addr(), rp.len),
                  EAGAIN,
                  "O_NONBLOCK on a full receiver");
            host->Sleep(MilliSeconds(500)); // t = 1 s
            p.Ok(host->SendTo(s, &z, 1, 0, rp.Addr(), rp.len), 1, "blocking send waits for a recv");
            blockedReturned = Simulator::Now();
            struct timeval tv = {0, 100000};
            p.Ok(host->SetSockOpt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)), 0, "SO_SNDTIMEO");
            p.Err(host->SendTo(s, &z, 1, 0, rp.Addr(), rp.len), EAGAIN, "SO_SNDTIMEO expires");
            timedOut = Simulator::Now();
            host->Sleep(MilliSeconds(1400)); // t = 3.5 s, after the recv at 3 s
            p.Ok(host->SendTo(s, &z, 1, MSG_DONTWAIT, rp.Addr(), rp.len), 1, "one place freed");
            p.Err(host->SendTo(s, &z, 1, MSG_DONTWAIT, rp.Addr(), rp.len),
                  EAGAIN,
                  "only one place");
            p.Ok(host->Close(s), 0, "close");
            p.Ok(host->Close(n), 0, "close");
        },
        MilliSeconds(500));
    ctx.Run();
    ctx.CheckEqual(blockedReturned, Seconds(2), "the blocked send returns at the recv");
    ctx.CheckEqual(timedOut, MilliSeconds(2100), "SO_SNDTIMEO 100 ms: EAGAIN at 2.1 s");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("sendto").OnThread(2).Field("ret", -1).Field("errno", "EAGAIN"))
            .Expect(E::Call("sendto").OnThread(2).At(Seconds(1)))
            .Expect(E::State("block").OnThread(2).At(Seconds(1)))
            .Expect(E::Return("recv").OnThread(1).At(Seconds(2)).Field("ret", 1))
            .Expect(E::Return("sendto").OnThread(2).At(Seconds(2)).Field("ret", 1))
            .Expect(E::State("block").OnThread(2).Field("timeoutNs", 100000000))
            .Expect(
                E::Return("sendto").OnThread(2).At(MilliSeconds(2100)).Field("errno", "EAGAIN")));
    ctx.ExpectClean(host);
}

// LS32: the limit is taken from max_dgram_qlen when the receiving socket is created.
void
DgramQlenTakenAtCreation(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("MaxDgramQlen", UintegerValue(3));
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        int r1 = p.BoundDgram("/tmp/ls32-r1");
        host->SetAttribute("MaxDgramQlen", UintegerValue(6));
        int r2 = p.BoundDgram("/tmp/ls32-r2");
        int s = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM, 0), "sender");
        auto fill = [&](const std::string& path) {
            UnixPath a(path);
            int n = 0;
            while (n < 50 && host->SendTo(s, "q", 1, MSG_DONTWAIT, a.Addr(), a.len) == 1)
            {
                ++n;
            }
            p.Err(-1, EAGAIN, "the send that stopped filling " + path);
            return n;
        };
        p.Ok(fill("/tmp/ls32-r1"), 4, "r1 (created with qlen 3) holds qlen+1");
        p.Ok(fill("/tmp/ls32-r2"), 7, "r2 (created with qlen 6) holds qlen+1");
        p.Ok(fill("/tmp/ls32-r1"), 0, "r1 is still full at 4 after the sysctl changed");
        for (int fd : {r1, r2, s})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("failed sendto returns", FailedReturns("sendto"))
                        .Expect(E::Return("sendto").Field("errno", "EAGAIN"))
                        .Expect(E::Return("sendto").Field("errno", "EAGAIN"))
                        .Expect(E::Return("sendto").Field("errno", "EAGAIN")));
    ctx.ExpectClean(host);
}

// LS32: no queue limit when the receiver's peer is the sender; only SO_SNDBUF limits.
void
DgramNoLimitBetweenPeers(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        char buf[1024];
        int sv[2] = {-1, -1};
        p.Ok(host->SocketPair(AF_UNIX, SOCK_DGRAM, 0, sv), 0, "socketpair(DGRAM)");
        for (int i = 0; i < 50; ++i)
        {
            p.Ok(host->Send(sv[0], "p", 1, MSG_DONTWAIT),
                 1,
                 "socketpair datagram " + std::to_string(i + 1));
        }
        int a = p.BoundDgram("/tmp/ls32-a");
        int b = p.BoundDgram("/tmp/ls32-b");
        UnixPath ap("/tmp/ls32-a");
        UnixPath bp("/tmp/ls32-b");
        p.Ok(host->Connect(a, bp.Addr(), bp.len), 0, "a connects to b");
        p.Ok(host->Connect(b, ap.Addr(), ap.len), 0, "b connects back to a");
        for (int i = 0; i < 50; ++i)
        {
            p.Ok(host->Send(a, "m", 1, MSG_DONTWAIT),
                 1,
                 "mutual peers datagram " + std::to_string(i + 1));
        }
        int pv[2] = {-1, -1};
        p.Ok(host->SocketPair(AF_UNIX, SOCK_DGRAM, 0, pv), 0, "socketpair(DGRAM)");
        int minimum = 1;
        p.Ok(host->SetSockOpt(pv[0], SOL_SOCKET, SO_SNDBUF, &minimum, sizeof(minimum)),
             0,
             "SO_SNDBUF minimum");
        std::memset(buf, 'k', sizeof(buf));
        int sent = 0;
        while (sent < 200 && host->Send(pv[0], buf, 1000, MSG_DONTWAIT) == 1000)
        {
            ++sent;
        }
        p.Err(-1, EAGAIN, "a socketpair end stops at its SO_SNDBUF");
        p.True(sent >= 1 && sent < 11,
               "SO_SNDBUF (4608), not the queue limit, stopped it after " + std::to_string(sent) +
                   " datagrams");
        p.Ok(host->Recv(pv[1], buf, sizeof(buf), 0), 1000, "the peer reads one");
        p.Ok(host->Send(pv[0], buf, 1000, MSG_DONTWAIT), 1000, "room again");
        for (int fd : {sv[0], sv[1], a, b, pv[0], pv[1]})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("failed send returns", FailedReturns("send"))
                        .Expect(E::Return("send").OnObject("fd:4").Field("errno", "EAGAIN")));
    ctx.ExpectClean(host);
}

// LS33: dgram connect sets the peer, EPERM to a socket connected elsewhere, a connected socket
// accepts datagrams only from its peer, AF_UNSPEC disconnects.
void
DgramConnectPeerFiltering(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        char buf[16];
        int a = p.BoundDgram("/tmp/ls33-a");
        int b = p.BoundDgram("/tmp/ls33-b");
        int c = p.BoundDgram("/tmp/ls33-c");
        int d = p.BoundDgram("/tmp/ls33-d");
        UnixPath ap("/tmp/ls33-a");
        UnixPath bp("/tmp/ls33-b");
        p.Ok(host->Connect(a, bp.Addr(), bp.len), 0, "a connects to b");
        struct sockaddr_un sun;
        socklen_t len = sizeof(sun);
        p.Ok(host->GetPeerName(a, reinterpret_cast<struct sockaddr*>(&sun), &len),
             0,
             "getpeername(a)");
        p.True(Probe::Name(sun, len) == "/tmp/ls33-b" && len == bp.len, "a's peer is b");
        p.Ok(host->Send(a, "1", 1, 0), 1, "send without an address goes to the peer");
        len = sizeof(sun);
        p.Ok(host->RecvFrom(b,
                            buf,
                            sizeof(buf),
                            MSG_DONTWAIT,
                            reinterpret_cast<sockaddr*>(&sun),
                            &len),
             1,
             "b receives it");
        p.True(Probe::Name(sun, len) == "/tmp/ls33-a", "from a");

        p.Err(host->Connect(d, ap.Addr(), ap.len), EPERM, "connect to a (connected to b)");
        p.Err(host->SendTo(c, "2", 1, 0, ap.Addr(), ap.len), EPERM, "c sends to a: not a's peer");
        p.Ok(host->SendTo(b, "3", 1, 0, ap.Addr(), ap.len), 1, "b (a's peer) sends to a");
        p.Ok(host->Recv(a, buf, sizeof(buf), MSG_DONTWAIT), 1, "a gets only b's datagram");
        p.Err(host->Recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "nothing from c");

        struct sockaddr unspec;
        std::memset(&unspec, 0, sizeof(unspec));
        unspec.sa_family = AF_UNSPEC;
        p.Ok(host->Connect(a, &unspec, sizeof(unspec)), 0, "connect(AF_UNSPEC) disconnects");
        len = sizeof(sun);
        p.Err(host->GetPeerName(a, reinterpret_cast<struct sockaddr*>(&sun), &len),
              ENOTCONN,
              "getpeername after AF_UNSPEC");
        p.Err(host->Send(a, "4", 1, 0), ENOTCONN, "send after AF_UNSPEC");
        p.Ok(host->SendTo(c, "5", 1, 0, ap.Addr(), ap.len), 1, "c may send to a again");
        p.Ok(host->Connect(d, ap.Addr(), ap.len), 0, "d may connect to a again");
        p.Ok(host->Recv(a, buf, sizeof(buf), MSG_DONTWAIT), 1, "a gets c's datagram");
        for (int fd : {a, b, c, d})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("connect").OnObject("fd:0").Field("ret", 0))
                        .Expect(E::Return("connect").OnObject("fd:3").Field("errno", "EPERM"))
                        .Expect(E::Return("sendto").OnObject("fd:2").Field("errno", "EPERM"))
                        .Expect(E::Return("connect").OnObject("fd:0").Field("ret", 0))
                        .Expect(E::Return("sendto").OnObject("fd:2").Field("ret", 1)));
    ctx.ExpectClean(host);
}

// LS33: changing the peer purges the own receive queue; a connected-back old peer gets
// ECONNRESET, but only when the queue was not empty.
void
DgramRepeerEconnreset(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        char buf[16];
        int a = p.BoundDgram("/tmp/ls33r-a");
        int b = p.BoundDgram("/tmp/ls33r-b");
        int c = p.BoundDgram("/tmp/ls33r-c");
        UnixPath ap("/tmp/ls33r-a");
        UnixPath bp("/tmp/ls33r-b");
        UnixPath cp("/tmp/ls33r-c");
        p.Ok(host->Connect(a, bp.Addr(), bp.len), 0, "a connects to b");
        p.Ok(host->Connect(b, ap.Addr(), ap.len), 0, "b connects back to a");
        p.Ok(host->Send(b, "x", 1, 0), 1, "b sends to a (a's queue not empty)");
        p.Ok(host->Connect(a, cp.Addr(), cp.len), 0, "a changes its peer to c");
        p.Err(host->Recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "a's queue was purged");
        p.Mask(b, POLLERR, POLLERR, "b (connected back) has an error pending");
        p.Err(host->Recv(b, buf, sizeof(buf), MSG_DONTWAIT), ECONNRESET, "b gets ECONNRESET");
        p.Err(host->Recv(b, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "once");

        // Empty queue: no error for the old peer.
        int d = p.BoundDgram("/tmp/ls33r-d");
        int e = p.BoundDgram("/tmp/ls33r-e");
        UnixPath dp("/tmp/ls33r-d");
        UnixPath ep("/tmp/ls33r-e");
        p.Ok(host->Connect(d, ep.Addr(), ep.len), 0, "d connects to e");
        p.Ok(host->Connect(e, dp.Addr(), dp.len), 0, "e connects back to d");
        p.Ok(host->Connect(d, cp.Addr(), cp.len), 0, "d (empty queue) changes its peer to c");
        p.Mask(e, POLLERR, 0, "e: no error");
        p.Err(host->Recv(e, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "e: no ECONNRESET");

        // Old peer not connected back: the queue is purged, the old peer hears nothing.
        int f = p.BoundDgram("/tmp/ls33r-f");
        int g = p.BoundDgram("/tmp/ls33r-g");
        UnixPath fp("/tmp/ls33r-f");
        UnixPath gp("/tmp/ls33r-g");
        p.Ok(host->Connect(f, gp.Addr(), gp.len), 0, "f connects to g");
        p.Ok(host->SendTo(g, "y", 1, 0, fp.Addr(), fp.len), 1, "g (unconnected) sends to f");
        p.Ok(host->Connect(f, cp.Addr(), cp.len), 0, "f changes its peer to c");
        p.Err(host->Recv(f, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "f's queue was purged");
        p.Err(host->Recv(g, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "g: no ECONNRESET");
        for (int fd : {a, b, c, d, e, f, g})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("ECONNRESET returns", ReturnsWithErrno("ECONNRESET"))
                        .Expect(E::Return("recv").OnObject("fd:1")));
    ctx.ExpectClean(host);
}

// LS34: DGRAM peer close: ECONNREFUSED once, then ENOTCONN; no EOF; poll OUT.
void
DgramPeerClose(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    Time timedOut;
    Time gotLate;
    host->Spawn("survivor", [&] {
        char buf[16];
        int a = p.BoundDgram("/tmp/ls34-a");
        int b = p.BoundDgram("/tmp/ls34-b");
        UnixPath bp("/tmp/ls34-b");
        p.Ok(host->Connect(a, bp.Addr(), bp.len), 0, "a connects to b");
        p.Ok(host->Close(b), 0, "peer closes");
        p.Revents(a, POLLOUT, "after the peer closed");
        p.Err(host->Send(a, "x", 1, 0), ECONNREFUSED, "first send");
        p.Err(host->Send(a, "x", 1, 0), ENOTCONN, "second send");
        struct sockaddr_un sun;
        socklen_t len = sizeof(sun);
        p.Err(host->GetPeerName(a, reinterpret_cast<struct sockaddr*>(&sun), &len),
              ENOTCONN,
              "getpeername");
        p.Revents(a, POLLOUT, "after the disconnect");
        p.Err(host->Recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "non-blocking recv");
        struct timeval tv = {0, 100000};
        p.Ok(host->SetSockOpt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0, "SO_RCVTIMEO");
        p.Err(host->Recv(a, buf, sizeof(buf), 0), EAGAIN, "blocking recv: no EOF, times out");
        timedOut = Simulator::Now();
        tv = {0, 0};
        p.Ok(host->SetSockOpt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0, "no timeout");
        p.Ok(host->Recv(a, buf, sizeof(buf), 0), 1, "blocking recv waits for a datagram");
        gotLate = Simulator::Now();
        p.Ok(host->Close(a), 0, "close");
    });
    host->Spawn(
        "other",
        [&] {
            int c = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM, 0), "socket");
            UnixPath ap("/tmp/ls34-a");
            p.Ok(host->SendTo(c, "y", 1, 0, ap.Addr(), ap.len), 1, "sendto a");
            p.Ok(host->Close(c), 0, "close");
        },
        Seconds(3));
    ctx.Run();
    ctx.CheckEqual(timedOut, MilliSeconds(100), "SO_RCVTIMEO recv returns at the timeout");
    ctx.CheckEqual(gotLate, Seconds(3), "the blocking recv returns with the datagram at 3 s");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("send").OnThread(1).Field("ret", -1).Field("errno", "ECONNREFUSED"))
            .Expect(E::Return("send").OnThread(1).Field("ret", -1).Field("errno", "ENOTCONN"))
            .Expect(E::State("block").OnThread(1).At(Seconds(0)))
            .Expect(E::Return("recv").OnThread(1).At(MilliSeconds(100)).Field("errno", "EAGAIN"))
            .Expect(E::Return("recv").OnThread(1).At(Seconds(3)).Field("ret", 1)));
    ctx.ExpectClean(host);
}

// LS35: boundaries, truncation, MSG_TRUNC, zero-length datagrams, unbound sender, SIOCINQ,
// own SHUT_RD.
void
DgramBoundaries(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        char buf[64];
        int r = p.BoundDgram("/tmp/ls35-r");
        int t = p.BoundDgram("/tmp/ls35-t");
        int s = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM, 0), "unbound sender");
        UnixPath rp("/tmp/ls35-r");
        auto send = [&](int fd, const std::string& data) {
            return host->SendTo(fd, data.data(), data.size(), 0, rp.Addr(), rp.len);
        };
        p.Ok(send(s, "abc"), 3, "send abc");
        p.Ok(send(s, "defgh"), 5, "send defgh");
        int inq = -1;
        p.Ok(host->Ioctl(r, SIOCINQ, &inq), 0, "SIOCINQ");
        p.Ok(inq, 3, "SIOCINQ is the first datagram's size");
        p.Ok(host->Recv(r, buf, sizeof(buf), 0), 3, "one datagram per recv (abc)");
        p.Ok(host->Recv(r, buf, sizeof(buf), 0), 5, "then defgh");
        p.True(std::string(buf, 5) == "defgh", "defgh's bytes");

        p.Ok(send(s, "hello world"), 11, "send 11 bytes");
        p.Ok(host->Recv(r, buf, 5, 0), 5, "short buffer: truncated");
        p.True(std::string(buf, 5) == "hello", "the first 5 bytes");
        p.Err(host->Recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "the rest was discarded");
        p.Ok(send(s, "hello world"), 11, "send 11 bytes");
        p.Ok(host->Recv(r, buf, 5, MSG_TRUNC), 11, "MSG_TRUNC returns the full length");
        p.Err(host->Recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "and consumes it");

        p.Ok(send(s, ""), 0, "zero-length datagram");
        p.Revents(r, POLLIN | POLLOUT, "a zero-length datagram is readable");
        p.Ok(host->Ioctl(r, SIOCINQ, &inq), 0, "SIOCINQ");
        p.Ok(inq, 0, "SIOCINQ of a zero-length datagram");
        p.Ok(host->Recv(r, buf, sizeof(buf), MSG_DONTWAIT), 0, "recv returns 0");
        p.Err(host->Recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "and it was consumed");

        struct sockaddr_un sun;
        socklen_t len = sizeof(sun);
        p.Ok(send(s, "u"), 1, "send from an unbound socket");
        p.Ok(host->RecvFrom(r, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&sun), &len),
             1,
             "recvfrom");
        p.Ok(len, 0, "fromlen of an unbound sender");
        len = sizeof(sun);
        p.Ok(send(t, "b"), 1, "send from a bound socket");
        p.Ok(host->RecvFrom(r, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&sun), &len),
             1,
             "recvfrom");
        p.True(len == UnixPath("/tmp/ls35-t").len && Probe::Name(sun, len) == "/tmp/ls35-t",
               "fromlen and name of a bound sender");

        p.Ok(send(s, "1"), 1, "queue 1");
        p.Ok(send(s, "22"), 2, "queue 22");
        p.Ok(host->Shutdown(r, SHUT_RD), 0, "own shutdown(SHUT_RD)");
        p.Ok(host->Recv(r, buf, sizeof(buf), 0), 1, "queued datagram 1 still delivered");
        p.Ok(host->Recv(r, buf, sizeof(buf), 0), 2, "queued datagram 2 still delivered");
        p.Err(host->Recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "then non-blocking: EAGAIN");
        Time before = Simulator::Now();
        p.Ok(host->Recv(r, buf, sizeof(buf), 0), 0, "then blocking: 0");
        p.True(Simulator::Now() == before, "the blocking recv returned at once");
        for (int fd : {r, t, s})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("recv").Field("ret", 3))
                        .Expect(E::Return("recv").Field("ret", 5))
                        .Expect(E::Return("recv").Field("ret", 5))
                        .Expect(E::Return("recv").Field("errno", "EAGAIN"))
                        .Expect(E::Return("recv").Field("ret", 11))
                        .Expect(E::Return("shutdown").Field("ret", 0))
                        .Expect(E::Return("recv").Field("ret", 1))
                        .Expect(E::Return("recv").Field("ret", 2))
                        .Expect(E::Return("recv").Field("errno", "EAGAIN"))
                        .Expect(E::Return("recv").Field("ret", 0)));
    ctx.ExpectClean(host);
}

// ---- LS36, LS37: SOCK_SEQPACKET ----------------------------------------------------------------

// LS36: setup as STREAM; records keep boundaries, truncation loses the rest, zero-length records,
// SIOCINQ counts all bytes, sendto ignores the address, ENOTCONN unconnected.
void
SeqpacketRecords(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        char buf[64];
        int u = p.Fd(host->Socket(AF_UNIX, SOCK_SEQPACKET, 0), "socket(SEQPACKET)");
        p.Err(host->Listen(u, 5), EINVAL, "listen unbound (as STREAM)");
        p.Err(host->Send(u, "x", 1, 0), ENOTCONN, "send unconnected");
        p.Err(host->Recv(u, buf, sizeof(buf), MSG_DONTWAIT), ENOTCONN, "recv unconnected");
        p.Err(host->Recv(u, buf, sizeof(buf), 0), ENOTCONN, "blocking recv unconnected");

        int l = p.Fd(UnixListener(host, "/tmp/ls36.sock", 5, SOCK_SEQPACKET), "listener");
        int c = p.Fd(UnixConnect(host, "/tmp/ls36.sock", SOCK_SEQPACKET), "connect");
        int a = p.Fd(host->Accept(l, nullptr, nullptr), "accept");
        p.IntOpt(a, SO_TYPE, SOCK_SEQPACKET, "accepted socket's type");

        p.Ok(host->Send(c, "abc", 3, 0), 3, "send abc");
        p.Ok(host->Send(c, "defgh", 5, 0), 5, "send defgh");
        int inq = -1;
        p.Ok(host->Ioctl(a, SIOCINQ, &inq), 0, "SIOCINQ");
        p.Ok(inq, 8, "SIOCINQ counts all queued bytes");
        p.Ok(host->Recv(a, buf, sizeof(buf), 0), 3, "one record per recv (abc)");
        p.Ok(host->Recv(a, buf, sizeof(buf), 0), 5, "then defgh");

        p.Ok(host->Send(c, "hello world", 11, 0), 11, "send 11 bytes");
        p.Ok(host->Recv(a, buf, 5, 0), 5, "short buffer: truncated");
        p.Err(host->Recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "the rest is lost");

        p.Ok(host->Send(c, "", 0, 0), 0, "zero-length record");
        p.Ok(host->Send(c, "z", 1, 0), 1, "then z");
        p.Ok(host->Recv(a, buf, sizeof(buf), 0), 0, "the zero-length record");
        p.Ok(host->Recv(a, buf, sizeof(buf), 0), 1, "then z");
        p.True(buf[0] == 'z', "z's byte");

        UnixPath nowhere("/tmp/ls36-nowhere");
        p.Ok(host->SendTo(c, "q", 1, 0, nowhere.Addr(), nowhere.len),
             1,
             "sendto with an address when connected: the address is ignored");
        p.Ok(host->Recv(a, buf, sizeof(buf), MSG_DONTWAIT), 1, "the peer gets it");
        p.True(buf[0] == 'q', "q's byte");

        // Setup as STREAM: accept errors, backlog, type check.
        p.Err(host->Accept(u, nullptr, nullptr), EINVAL, "accept on a socket not listening");
        int l0 = p.Fd(UnixListener(host, "/tmp/ls36-b0.sock", 0, SOCK_SEQPACKET), "listen(0)");
        int c1 = p.Fd(UnixConnect(host, "/tmp/ls36-b0.sock", SOCK_SEQPACKET), "listen(0) admits 1");
        int c2 = p.Fd(host->Socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0), "socket");
        UnixPath b0("/tmp/ls36-b0.sock");
        p.Err(host->Connect(c2, b0.Addr(), b0.len), EAGAIN, "non-blocking connect, full backlog");
        int sl = p.Fd(UnixListener(host, "/tmp/ls36-st.sock", 5), "STREAM listener");
        p.Ok(UnixConnect(host, "/tmp/ls36-st.sock", SOCK_SEQPACKET),
             -EPROTOTYPE,
             "SEQPACKET connect to a STREAM listener");
        for (int fd : {u, l, c, a, l0, c1, c2, sl})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("send").OnObject("fd:0").Field("errno", "ENOTCONN"))
                        .Expect(E::Return("recv").OnObject("fd:0").Field("errno", "ENOTCONN"))
                        .Expect(E::Return("recv").OnObject("fd:3").Field("ret", 3))
                        .Expect(E::Return("recv").OnObject("fd:3").Field("ret", 5))
                        .Expect(E::Return("recv").OnObject("fd:3").Field("ret", 5))
                        .Expect(E::Return("recv").OnObject("fd:3").Field("errno", "EAGAIN"))
                        .Expect(E::Return("recv").OnObject("fd:3").Field("ret", 0))
                        .Expect(E::Return("sendto").OnObject("fd:2").Field("ret", 1))
                        .Expect(E::Return("accept").OnObject("fd:0").Field("errno", "EINVAL"))
                        .Expect(E::Return("connect").Field("errno", "EAGAIN"))
                        .Expect(E::Return("connect").Field("errno", "EPROTOTYPE")));
    ctx.ExpectClean(host);
}

// LS37: SEQPACKET peer close: 0 blocking or not; ECONNRESET before queued records; send gives the
// error first, then EPIPE, never SIGPIPE; poll IN|OUT|HUP|RDHUP (+ERR).
void
SeqpacketPeerClose(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        char buf[64];
        // Peer closes with its queue empty: no error.
        int e[2] = {-1, -1};
        p.Ok(host->SocketPair(AF_UNIX, SOCK_SEQPACKET, 0, e), 0, "socketpair 1");
        p.Ok(host->Close(e[1]), 0, "peer closes (queue empty)");
        p.Revents(e[0], ALL_SHUT, "peer closed, no error");
        p.Ok(host->Recv(e[0], buf, sizeof(buf), MSG_DONTWAIT), 0, "non-blocking recv: 0");
        p.Ok(host->Recv(e[0], buf, sizeof(buf), 0), 0, "blocking recv: 0");
        p.Err(host->Send(e[0], "x", 1, 0), EPIPE, "send: EPIPE");

        // Pending error reported before the queued records.
        int q[2] = {-1, -1};
        p.Ok(host->SocketPair(AF_UNIX, SOCK_SEQPACKET, 0, q), 0, "socketpair 2");
        p.Ok(host->Send(q[1], "r1", 2, 0), 2, "record r1 for the survivor");
        p.Ok(host->Send(q[1], "r2", 2, 0), 2, "record r2 for the survivor");
        p.Ok(host->Send(q[0], "u", 1, 0), 1, "data the peer never reads");
        p.Ok(host->Close(q[1]), 0, "peer closes with unread data");
        p.Revents(q[0], ALL_SHUT | POLLERR, "peer closed, ECONNRESET pending");
        p.Err(host->Recv(q[0], buf, sizeof(buf), 0), ECONNRESET, "the error first");
        p.Ok(host->Recv(q[0], buf, sizeof(buf), 0), 2, "then r1");
        p.True(std::string(buf, 2) == "r1", "r1's bytes");
        p.Ok(host->Recv(q[0], buf, sizeof(buf), 0), 2, "then r2");
        p.Ok(host->Recv(q[0], buf, sizeof(buf), 0), 0, "then 0");
        p.Revents(q[0], ALL_SHUT, "error cleared");

        // send: the pending error first (cleared), then EPIPE, no SIGPIPE.
        int w[2] = {-1, -1};
        p.Ok(host->SocketPair(AF_UNIX, SOCK_SEQPACKET, 0, w), 0, "socketpair 3");
        p.Ok(host->Send(w[0], "u", 1, 0), 1, "data the peer never reads");
        p.Ok(host->Close(w[1]), 0, "peer closes with unread data");
        p.Err(host->Send(w[0], "x", 1, 0), ECONNRESET, "send: the pending error");
        p.Err(host->Send(w[0], "x", 1, 0), EPIPE, "send: then EPIPE");
        p.Err(host->Send(w[0], "x", 1, 0), EPIPE, "send: EPIPE again");
        p.Ok(host->Recv(w[0], buf, sizeof(buf), MSG_DONTWAIT), 0, "recv: 0 (error cleared)");
        for (int fd : {e[0], q[0], w[0]})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.CheckEqual(host->GetSignalCount(SIGPIPE), 0u, "SEQPACKET never raises SIGPIPE");
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("signal records", KindAndName(TraceKind::STATE, "signal")));
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("send").Field("errno", "EPIPE"))
                        .Expect(E::Return("recv").Field("errno", "ECONNRESET"))
                        .Expect(E::Return("recv").Field("ret", 2))
                        .Expect(E::Return("recv").Field("ret", 2))
                        .Expect(E::Return("recv").Field("ret", 0))
                        .Expect(E::Return("send").Field("errno", "ECONNRESET"))
                        .Expect(E::Return("send").Field("errno", "EPIPE")));
    ctx.ExpectClean(host);
}

// ---- LS38-LS41: options, credentials, creation, /proc ------------------------------------------

// LS38: other levels EOPNOTSUPP, unknown SOL_SOCKET names ENOPROTOOPT, generic options succeed,
// SO_TYPE/SO_DOMAIN/SO_PROTOCOL/SO_ACCEPTCONN.
void
SockoptLevelsAndNames(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        const std::vector<std::pair<int, int>> foreign = {{IPPROTO_TCP, TCP_NODELAY},
                                                          {IPPROTO_TCP, TCP_INFO},
                                                          {IPPROTO_IP, IP_TOS},
                                                          {500, 1}};
        for (int type : {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET})
        {
            std::string t = "type " + std::to_string(type);
            int fd = p.Fd(host->Socket(AF_UNIX, type, 0), "socket " + t);
            for (const auto& [level, name] : foreign)
            {
                std::string what =
                    t + " level " + std::to_string(level) + " name " + std::to_string(name);
                int one = 1;
                p.Err(host->SetSockOpt(fd, level, name, &one, sizeof(one)),
                      EOPNOTSUPP,
                      "setsockopt " + what);
                char out[256];
                socklen_t len = sizeof(out);
                p.Err(host->GetSockOpt(fd, level, name, out, &len),
                      EOPNOTSUPP,
                      "getsockopt " + what);
            }
            int v = 1;
            socklen_t len = sizeof(v);
            p.Err(host->SetSockOpt(fd, SOL_SOCKET, 9999, &v, sizeof(v)),
                  ENOPROTOOPT,
                  "setsockopt unknown SOL_SOCKET name, " + t);
            p.Err(host->GetSockOpt(fd, SOL_SOCKET, 9999, &v, &len),
                  ENOPROTOOPT,
                  "getsockopt unknown SOL_SOCKET name, " + t);
            for (int name : {SO_KEEPALIVE, SO_REUSEADDR, SO_PASSCRED})
            {
                p.Ok(host->SetSockOpt(fd, SOL_SOCKET, name, &v, sizeof(v)),
                     0,
                     "generic option " + std::to_string(name) + ", " + t);
            }
            int sndbuf = 65536;
            p.Ok(host->SetSockOpt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)),
                 0,
                 "SO_SNDBUF, " + t);
            struct linger lg = {1, 5};
            p.Ok(host->SetSockOpt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)),
                 0,
                 "SO_LINGER, " + t);
            p.IntOpt(fd, SO_TYPE, type, "SO_TYPE, " + t);
            p.IntOpt(fd, SO_DOMAIN, AF_UNIX, "SO_DOMAIN, " + t);
            p.IntOpt(fd, SO_PROTOCOL, 0, "SO_PROTOCOL, " + t);
            p.IntOpt(fd, SO_ACCEPTCONN, 0, "SO_ACCEPTCONN unconnected, " + t);
            p.Ok(host->Close(fd), 0, "close");
        }
        int l = p.Fd(UnixListener(host, "/tmp/ls38.sock", 5), "stream listener");
        p.IntOpt(l, SO_ACCEPTCONN, 1, "SO_ACCEPTCONN of a listener");
        int c = p.Fd(UnixConnect(host, "/tmp/ls38.sock"), "connect");
        int a = p.Fd(host->Accept(l, nullptr, nullptr), "accept");
        p.IntOpt(c, SO_ACCEPTCONN, 0, "SO_ACCEPTCONN of a connected client");
        p.IntOpt(a, SO_ACCEPTCONN, 0, "SO_ACCEPTCONN of an accepted socket");
        int sl = p.Fd(UnixListener(host, "/tmp/ls38s.sock", 5, SOCK_SEQPACKET), "seq listener");
        p.IntOpt(sl, SO_ACCEPTCONN, 1, "SO_ACCEPTCONN of a SEQPACKET listener");
        for (int fd : {l, c, a, sl})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Call("setsockopt").Field("level", int{IPPROTO_TCP}))
            .Expect(E::Return("setsockopt").Field("errno", "EOPNOTSUPP"))
            .Expect(E::Call("setsockopt").Field("level", SOL_SOCKET).Field("name", 9999))
            .Expect(E::Return("setsockopt").Field("errno", "ENOPROTOOPT")));
    ctx.ExpectClean(host);
}

// LS38: SO_INQ (6.17+) can be set on STREAM sockets only.
void
SoInqStreamOnly(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        int one = 1;
        int s = p.Fd(host->Socket(AF_UNIX, SOCK_STREAM, 0), "stream");
        p.Ok(host->SetSockOpt(s, SOL_SOCKET, SO_INQ, &one, sizeof(one)), 0, "SO_INQ on STREAM");
        int d = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM, 0), "dgram");
        p.Err(host->SetSockOpt(d, SOL_SOCKET, SO_INQ, &one, sizeof(one)),
              ENOPROTOOPT,
              "SO_INQ on DGRAM");
        int q = p.Fd(host->Socket(AF_UNIX, SOCK_SEQPACKET, 0), "seqpacket");
        p.Err(host->SetSockOpt(q, SOL_SOCKET, SO_INQ, &one, sizeof(one)),
              ENOPROTOOPT,
              "SO_INQ on SEQPACKET");
        for (int fd : {s, d, q})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("setsockopt").OnObject("fd:0").Field("ret", 0))
            .Expect(E::Return("setsockopt").OnObject("fd:1").Field("errno", "ENOPROTOOPT"))
            .Expect(E::Return("setsockopt").OnObject("fd:2").Field("errno", "ENOPROTOOPT")));
    ctx.ExpectClean(host);
}

// LS39: SO_PEERCRED: the listen() caller, the connecting process (also after it exited), the
// socketpair creator; pid 0 / uid -1 / gid -1 when unconnected or DGRAM.
void
PeerCred(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("Uid", UintegerValue(1234));
    ctx.Helper().SetHostAttribute("Gid", UintegerValue(567));
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    int l = -1;
    host->Spawn("listener", [&] {
        l = p.Fd(UnixListener(host, "/tmp/ls39.sock", 5), "listener (thread 1 calls listen)");
    });
    host->Spawn(
        "client",
        [&] {
            int c = p.Fd(UnixConnect(host, "/tmp/ls39.sock"), "connect (thread 2)");
            p.PeerCred(c, 1, 1234, 567, "client sees the listen() caller");
            p.Ok(host->Close(c), 0, "client closes and exits");
        },
        Seconds(1));
    host->Spawn(
        "server",
        [&] {
            int a = p.Fd(host->Accept(l, nullptr, nullptr), "accept (thread 3)");
            p.PeerCred(a, 2, 1234, 567, "accepted socket sees the connecting thread (exited)");
            int sv[2] = {-1, -1};
            p.Ok(host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv), 0, "socketpair (thread 3)");
            p.PeerCred(sv[0], 3, 1234, 567, "socketpair end 0 sees its creator");
            p.PeerCred(sv[1], 3, 1234, 567, "socketpair end 1 sees its creator");
            int u = p.Fd(host->Socket(AF_UNIX, SOCK_STREAM, 0), "unconnected stream");
            p.PeerCred(u, 0, ~0u, ~0u, "unconnected STREAM");
            int d = p.BoundDgram("/tmp/ls39-d");
            int e = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM, 0), "dgram");
            UnixPath dp("/tmp/ls39-d");
            p.Ok(host->Connect(e, dp.Addr(), dp.len), 0, "DGRAM connect");
            p.PeerCred(d, 0, ~0u, ~0u, "bound DGRAM");
            p.PeerCred(e, 0, ~0u, ~0u, "connected DGRAM");
            for (int fd : {a, sv[0], sv[1], u, d, e, l})
            {
                p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
            }
        },
        Seconds(2));
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("listen").OnThread(1).Field("ret", 0))
                        .Expect(E::State("exit").OnThread(2).At(Seconds(1)))
                        .Expect(E::Return("accept").OnThread(3).At(Seconds(2)).Field("ret", 1))
                        .Expect(E::Return("getsockopt").OnThread(3).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS40: socket() creation errors; socketpair ends unbound and connected.
void
SocketCreation(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        for (int type : {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET})
        {
            int fd = p.Fd(host->Socket(AF_UNIX, type, 0), "socket type " + std::to_string(type));
            p.IntOpt(fd, SO_TYPE, type, "SO_TYPE");
            p.Ok(host->Close(fd), 0, "close");
        }
        int raw = p.Fd(host->Socket(AF_UNIX, SOCK_RAW, 0), "socket(SOCK_RAW)");
        p.IntOpt(raw, SO_TYPE, SOCK_DGRAM, "SOCK_RAW becomes SOCK_DGRAM");
        p.Ok(host->Close(raw), 0, "close");
        int pu = p.Fd(host->Socket(AF_UNIX, SOCK_STREAM, PF_UNIX), "protocol PF_UNIX");
        p.Ok(host->Close(pu), 0, "close");
        for (int type : {0, int{SOCK_RDM}, int{SOCK_PACKET}})
        {
            p.Err(host->Socket(AF_UNIX, type, 0),
                  ESOCKTNOSUPPORT,
                  "socket type " + std::to_string(type));
        }
        for (int type : {11, 15})
        {
            p.Err(host->Socket(AF_UNIX, type, 0),
                  EINVAL,
                  "socket type " + std::to_string(type) + " (out of range)");
        }
        for (int protocol : {2, 6, -1})
        {
            p.Err(host->Socket(AF_UNIX, SOCK_STREAM, protocol),
                  EPROTONOSUPPORT,
                  "protocol " + std::to_string(protocol));
        }
        for (int family : {AF_MAX, 12345})
        {
            p.Err(host->Socket(family, SOCK_STREAM, 0),
                  EAFNOSUPPORT,
                  "family " + std::to_string(family));
        }
        for (int type : {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET})
        {
            std::string t = "socketpair type " + std::to_string(type);
            int sv[2] = {-1, -1};
            p.Ok(host->SocketPair(AF_UNIX, type, 0, sv), 0, t);
            for (int i = 0; i < 2; ++i)
            {
                struct sockaddr_un sun;
                socklen_t len = sizeof(sun);
                p.Ok(host->GetSockName(sv[i], reinterpret_cast<sockaddr*>(&sun), &len),
                     0,
                     t + " getsockname");
                p.Ok(len, 2, t + " end " + std::to_string(i) + " is unbound (addrlen 2)");
                len = sizeof(sun);
                p.Ok(host->GetPeerName(sv[i], reinterpret_cast<sockaddr*>(&sun), &len),
                     0,
                     t + " end " + std::to_string(i) + " is connected (getpeername)");
                p.Ok(len, 2, t + " peer addrlen 2");
                char c = static_cast<char>('0' + i);
                char got = 0;
                p.Ok(host->Send(sv[i], &c, 1, 0), 1, t + " send without an address");
                p.Ok(host->Recv(sv[1 - i], &got, 1, MSG_DONTWAIT), 1, t + " the other end gets it");
                p.True(got == c, t + " the byte");
            }
            p.Ok(host->Close(sv[0]), 0, "close");
            p.Ok(host->Close(sv[1]), 0, "close");
        }
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Call("socket").Field("type", int{SOCK_RAW}))
                        .Expect(E::Return("socket").Field("ret", 0))
                        .Expect(E::Call("socket").Field("type", 0))
                        .Expect(E::Return("socket").Field("errno", "ESOCKTNOSUPPORT"))
                        .Expect(E::Call("socket").Field("type", 11))
                        .Expect(E::Return("socket").Field("errno", "EINVAL"))
                        .Expect(E::Return("socket").Field("errno", "EPROTONOSUPPORT"))
                        .Expect(E::Return("socket").Field("errno", "EAFNOSUPPORT"))
                        .Expect(E::Return("socketpair").Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS41: /proc/net/unix St: 01 unconnected, bound, listening; 03 connected, also after the peer
// closed.
void
ProcNetUnixState(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Probe p(ctx, host);
    host->Spawn("t", [&] {
        auto st = [&](int fd, const std::string& want, const std::string& what) {
            std::string got = ProcState(host, fd);
            p.True(got == want, what + ": St " + got + ", expected " + want);
        };
        int s = p.Fd(host->Socket(AF_UNIX, SOCK_STREAM, 0), "socket");
        st(s, "01", "unconnected");
        UnixPath path("/tmp/ls41.sock");
        p.Ok(host->Bind(s, path.Addr(), path.len), 0, "bind");
        st(s, "01", "bound");
        p.Ok(host->Listen(s, 5), 0, "listen");
        st(s, "01", "listening");
        int c = p.Fd(UnixConnect(host, "/tmp/ls41.sock"), "connect");
        st(c, "03", "client of a pending connection");
        st(s, "01", "listening with a pending connection");
        int a = p.Fd(host->Accept(s, nullptr, nullptr), "accept");
        st(a, "03", "accepted");
        st(c, "03", "client after accept");
        p.Ok(host->Close(c), 0, "client closes");
        st(a, "03", "accepted, peer closed");
        int sv[2] = {-1, -1};
        p.Ok(host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv), 0, "socketpair");
        st(sv[0], "03", "socketpair end");
        p.Ok(host->Close(sv[1]), 0, "close the other end");
        st(sv[0], "03", "socketpair end, peer closed");
        int d = p.Fd(host->Socket(AF_UNIX, SOCK_DGRAM, 0), "dgram");
        st(d, "01", "unbound DGRAM");
        for (int fd : {s, a, sv[0], d})
        {
            p.Ok(host->Close(fd), 0, "close " + std::to_string(fd));
        }
    });
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("listen").Field("ret", 0))
                        .Expect(E::Return("connect").Field("ret", 0))
                        .Expect(E::Return("accept").Field("ret", 2)));
    ctx.ExpectClean(host);
}
} // namespace

void
RegisterUnixCases_c(ConformanceCatalog& catalog)
{
    catalog.Add({"LS29_poll_revents_by_state",
                 {"LS29"},
                 "every row of the poll table (IN|PRI|OUT|RDHUP), select agreeing",
                 PollReventsByState});
    catalog.Add({"LS29_listener_never_writable",
                 {"LS29"},
                 "a listener, empty or with pending connections, is never writable",
                 ListenerNeverWritable});
    catalog.Add({"LS29_listener_writable_linux_2_6_31",
                 {"LS29"},
                 "KernelBehaviour LINUX_2_6_31: a listener reports POLLOUT",
                 ListenerWritable2631});
    catalog.Add({"LS30_sigio_connect_data_close",
                 {"LS30"},
                 "SIGIO to the owner per connect, data and peer close; none without O_ASYNC",
                 SigioOnConnectDataClose});
    catalog.Add({"LS31_dgram_sendto_errors",
                 {"LS31"},
                 "every DGRAM sendto error, no SIGPIPE",
                 DgramSendtoErrors});
    catalog.Add({"LS32_dgram_queue_limit",
                 {"LS32"},
                 "qlen+1 datagrams, then EAGAIN / blocking until a recv / SO_SNDTIMEO EAGAIN",
                 DgramQueueLimit});
    catalog.Add({"LS32_qlen_taken_at_creation",
                 {"LS32"},
                 "max_dgram_qlen is taken when the receiving socket is created",
                 DgramQlenTakenAtCreation});
    catalog.Add({"LS32_no_limit_between_peers",
                 {"LS32"},
                 "no queue limit between a socketpair or mutual peers; only SO_SNDBUF limits",
                 DgramNoLimitBetweenPeers});
    catalog.Add({"LS33_dgram_connect_peer_filtering",
                 {"LS33"},
                 "dgram connect sets the peer, EPERM, peer-only receive, AF_UNSPEC disconnects",
                 DgramConnectPeerFiltering});
    catalog.Add({"LS33_dgram_repeer_econnreset",
                 {"LS33"},
                 "changing the peer purges the queue; a connected-back old peer gets ECONNRESET",
                 DgramRepeerEconnreset});
    catalog.Add({"LS34_dgram_peer_close",
                 {"LS34"},
                 "dgram peer close: ECONNREFUSED once, then ENOTCONN; no EOF; poll OUT",
                 DgramPeerClose});
    catalog.Add({"LS35_dgram_boundaries",
                 {"LS35"},
                 "boundaries, truncation, MSG_TRUNC, zero length, fromlen 0, SIOCINQ, SHUT_RD",
                 DgramBoundaries});
    catalog.Add({"LS36_seqpacket_records",
                 {"LS36"},
                 "seqpacket records: boundaries, truncation, zero length, SIOCINQ, ENOTCONN",
                 SeqpacketRecords});
    catalog.Add({"LS37_seqpacket_peer_close",
                 {"LS37"},
                 "seqpacket peer close: 0, ECONNRESET before records, then EPIPE, no SIGPIPE",
                 SeqpacketPeerClose});
    catalog.Add({"LS38_sockopt_levels_and_names",
                 {"LS38"},
                 "other levels EOPNOTSUPP, unknown names ENOPROTOOPT, SO_TYPE/DOMAIN/PROTOCOL",
                 SockoptLevelsAndNames});
    catalog.Add({"LS38_so_inq_stream_only",
                 {"LS38"},
                 "SO_INQ is accepted on STREAM only; other types give ENOPROTOOPT",
                 SoInqStreamOnly});
    catalog.Add({"LS39_so_peercred",
                 {"LS39"},
                 "SO_PEERCRED: listen caller, connector, socketpair creator, or none",
                 PeerCred});
    catalog.Add({"LS40_socket_creation",
                 {"LS40"},
                 "socket() type/protocol/family errors; socketpair ends unbound and connected",
                 SocketCreation});
    catalog.Add({"LS41_proc_net_unix_state",
                 {"LS41"},
                 "/proc/net/unix St: 01 unconnected/bound/listening, 03 connected",
                 ProcNetUnixState});
}

} // namespace ns3
