/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * AF_UNIX conformance cases, part b (spec local-sockets.md).
 */

#include "sockbench-catalog.h"
#include "unix-test-util.h"

#include "ns3/enum.h"
#include "ns3/posix-names.h"
#include "ns3/simulator.h"

#include <cerrno>
#include <climits>
#include <csignal>
#include <fcntl.h>
#include <functional>
#include <map>
#include <poll.h>
#include <set>
#include <sstream>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <variant>
#include <vector>

namespace ns3
{

namespace
{
using E = TraceExpectation;

/// The events every poll of these cases asks for (as in the LS29 table).
constexpr short POLL_ALL = POLLIN | POLLPRI | POLLOUT | POLLRDHUP;

/// One call's outcome: return value, errno (0 on success) and simulated time.
struct Outcome
{
    int64_t ret{INT64_MIN}; //!< INT64_MIN: the call was never made
    int err{0};             //!< errno when ret < 0
    Time at{Seconds(0)};    //!< when it returned
};

/// \return the outcome of a call that just returned \p ret on the running thread
Outcome
Capture(Ptr<SockbenchHost> host, int64_t ret)
{
    return Outcome{ret, ret < 0 ? host->GetErrno() : 0, Simulator::Now()};
}

/// \return e.g. "-1 EAGAIN at 1.012000000 s"
std::string
Describe(const Outcome& o)
{
    if (o.ret == INT64_MIN)
    {
        return "never returned";
    }
    std::ostringstream os;
    os << o.ret;
    if (o.ret < 0)
    {
        os << " " << ErrnoName(o.err);
    }
    int64_t ns = o.at.GetNanoSeconds();
    char frac[16];
    std::snprintf(frac, sizeof(frac), "%09lld", static_cast<long long>(ns % 1000000000));
    os << " at " << ns / 1000000000 << "." << frac << " s";
    return os.str();
}

/// Check return value, errno and time of one call.
void
ExpectOutcome(ConformanceContext& ctx,
              const Outcome& o,
              int64_t ret,
              int err,
              Time at,
              const std::string& what)
{
    ctx.CheckEqual(Describe(o), Describe(Outcome{ret, err, at}), what);
}

/// \return poll revents of \p fd (events POLL_ALL, no waiting), as text
std::string
Revents(Ptr<SockbenchHost> host, int fd)
{
    struct pollfd p = {fd, POLL_ALL, 0};
    host->Poll(&p, 1, 0);
    return PollEventsName(static_cast<uint16_t>(p.revents));
}

/// \return the text of poll bits \p bits
std::string
Bits(uint32_t bits)
{
    return PollEventsName(bits);
}

/// \return SO_ERROR of \p fd (reads and clears it)
int
SoError(Ptr<SockbenchHost> host, int fd)
{
    int v = -1;
    socklen_t len = sizeof(v);
    host->GetSockOpt(fd, SOL_SOCKET, SO_ERROR, &v, &len);
    return v;
}

/// Set a timeval option (SO_SNDTIMEO, SO_RCVTIMEO).
void
SetTimeout(Ptr<SockbenchHost> host, int fd, int name, long sec, long usec)
{
    struct timeval tv = {sec, usec};
    host->SetSockOpt(fd, SOL_SOCKET, name, &tv, sizeof(tv));
}

/// Set SO_SNDBUF to its minimum (the kernel doubles and clamps: 4608 bytes).
void
SmallSndbuf(Ptr<SockbenchHost> host, int fd)
{
    int v = 1;
    host->SetSockOpt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
}

/// Fill \p fd's send buffer with non-blocking writes until EAGAIN; restore blocking mode.
/// \return bytes written
int64_t
FillSendBuffer(Ptr<SockbenchHost> host, int fd)
{
    std::vector<char> chunk(1024, 'f');
    int64_t total = 0;
    host->Fcntl(fd, F_SETFL, O_NONBLOCK);
    for (int i = 0; i < 1000; ++i)
    {
        ssize_t n = host->Write(fd, chunk.data(), chunk.size());
        if (n <= 0)
        {
            break;
        }
        total += n;
    }
    host->Fcntl(fd, F_SETFL, 0);
    return total;
}

/// Read \p fd into a string (at most \p max bytes) and record the outcome.
Outcome
ReadString(Ptr<SockbenchHost> host, int fd, size_t max, std::string& out, int flags = -1)
{
    std::vector<char> buf(max + 1, 0);
    ssize_t n =
        flags < 0 ? host->Read(fd, buf.data(), max) : host->Recv(fd, buf.data(), max, flags);
    Outcome o = Capture(host, n);
    out.assign(buf.data(), n > 0 ? static_cast<size_t>(n) : 0);
    return o;
}

/// STATE records named \p name made by one of \p threads.
std::function<bool(const TraceRecord&)>
StateOn(const std::string& name, std::set<uint32_t> threads)
{
    return [name, threads](const TraceRecord& r) {
        return r.kind == TraceKind::STATE && r.name == name && threads.count(r.thread) > 0;
    };
}

/// SIGPIPE records ("signal" STATE records with sig SIGPIPE).
bool
IsSigpipe(const TraceRecord& r)
{
    if (r.kind != TraceKind::STATE || r.name != "signal")
    {
        return false;
    }
    E sig = E::State("signal").Field("sig", "SIGPIPE");
    return sig.Matches(r, nullptr);
}

// ---- C. connect ------------------------------------------------------------------------------

// LS14: non-blocking connect to a full backlog: EAGAIN at once, every time; stays unconnected.
void
ConnectNonBlockingFull(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    std::string pollUnconnected;
    std::string pollConnected;
    std::vector<int> fds;
    host->Spawn("server", [&] {
        int lfd = UnixListener(host, "/tmp/ls14.sock", 0); // fd 0; backlog 0 admits 1 (LS9)
        fds.push_back(lfd);
        host->Sleep(Seconds(2));
        o["accept"] = Capture(host, host->Accept(lfd, nullptr, nullptr)); // frees the slot
        fds.push_back(static_cast<int>(o["accept"].ret));
    });
    host->Spawn(
        "client",
        [&] {
            fds.push_back(UnixConnect(host, "/tmp/ls14.sock")); // fd 1 takes the one slot
            UnixPath a("/tmp/ls14.sock");
            int fd = host->Socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0); // fd 2
            o["connect1"] = Capture(host, host->Connect(fd, a.Addr(), a.len));
            o["connect2"] = Capture(host, host->Connect(fd, a.Addr(), a.len));
            pollUnconnected = Revents(host, fd);
            struct sockaddr_un peer;
            socklen_t len = sizeof(peer);
            o["getpeername"] =
                Capture(host,
                        host->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&peer), &len));
            int fd2 = host->Socket(AF_UNIX, SOCK_STREAM, 0); // fd 3, O_NONBLOCK via fcntl
            host->Fcntl(fd2, F_SETFL, O_NONBLOCK);
            o["fcntl1"] = Capture(host, host->Connect(fd2, a.Addr(), a.len));
            host->Sleep(Seconds(2)); // the server accepts at 2 s
            o["retry"] = Capture(host, host->Connect(fd, a.Addr(), a.len)); // the freed slot
            pollConnected = Revents(host, fd);
            o["fcntl2"] = Capture(host, host->Connect(fd2, a.Addr(), a.len)); // full again
            fds.push_back(fd);
            fds.push_back(fd2);
            CloseAll(host, fds);
        },
        Seconds(1));
    ctx.Run();
    ExpectOutcome(ctx, o["connect1"], -1, EAGAIN, Seconds(1), "SOCK_NONBLOCK connect, full");
    ExpectOutcome(ctx, o["connect2"], -1, EAGAIN, Seconds(1), "second attempt, still full");
    ctx.CheckEqual(pollUnconnected, Bits(POLLOUT | POLLHUP), "poll of the refused socket");
    ExpectOutcome(ctx, o["getpeername"], -1, ENOTCONN, Seconds(1), "getpeername: unconnected");
    ExpectOutcome(ctx, o["fcntl1"], -1, EAGAIN, Seconds(1), "O_NONBLOCK connect, full");
    ExpectOutcome(ctx, o["accept"], 4, 0, Seconds(2), "accept frees the slot");
    ExpectOutcome(ctx, o["retry"], 0, 0, Seconds(3), "retry after the slot freed (LS12)");
    ctx.CheckEqual(pollConnected, Bits(POLLOUT), "poll once connected");
    ExpectOutcome(ctx, o["fcntl2"], -1, EAGAIN, Seconds(3), "O_NONBLOCK connect, full again");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("connect")
                        .OnThread(2)
                        .OnObject("fd:2")
                        .At(Seconds(1))
                        .Field("errno", "EAGAIN"))
            .Expect(E::Return("connect")
                        .OnThread(2)
                        .OnObject("fd:2")
                        .At(Seconds(1))
                        .Field("errno", "EAGAIN"))
            .Expect(
                E::Return("connect").OnThread(2).OnObject("fd:2").At(Seconds(3)).Field("ret", 0)));
    // The client never blocks in connect: its only block record is its 2 s sleep.
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("block records of the client", StateOn("block", {2}))
                        .Expect(E::State("block").At(Seconds(1)).Field("timeoutNs", 2000000000)));
    ctx.ExpectClean(host);
}

// LS15: blocking connect, no SO_SNDTIMEO: no timer; each accept lets exactly one connect.
void
ConnectBlocksUntilAccept(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int> fds;
    std::vector<Outcome> accepts;
    Outcome a;
    Outcome b;
    struct timeval sndtimeo = {-1, -1};
    host->Spawn("server", [&] {
        int lfd = UnixListener(host, "/tmp/ls15a.sock", 0);
        fds.push_back(lfd);
        host->Sleep(Seconds(5));
        accepts.push_back(Capture(host, host->Accept(lfd, nullptr, nullptr))); // 5 s
        host->Sleep(Seconds(2));
        accepts.push_back(Capture(host, host->Accept(lfd, nullptr, nullptr))); // 7 s
        host->Sleep(Seconds(1));
        accepts.push_back(Capture(host, host->Accept(lfd, nullptr, nullptr))); // 8 s
        for (const auto& acc : accepts)
        {
            fds.push_back(static_cast<int>(acc.ret));
        }
        CloseAll(host, fds);
    });
    host->Spawn(
        "first",
        [&] { fds.push_back(UnixConnect(host, "/tmp/ls15a.sock")); }, // takes the slot
        MilliSeconds(500));
    auto connector = [&](Outcome& out, bool readTimeout) {
        return [&, readTimeout] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            fds.push_back(fd);
            if (readTimeout)
            {
                socklen_t len = sizeof(sndtimeo);
                host->GetSockOpt(fd, SOL_SOCKET, SO_SNDTIMEO, &sndtimeo, &len);
            }
            UnixPath addr("/tmp/ls15a.sock");
            out = Capture(host, host->Connect(fd, addr.Addr(), addr.len));
        };
    };
    host->Spawn("connectorA", connector(a, true), Seconds(1));
    host->Spawn("connectorB", connector(b, false), Seconds(2));
    ctx.Run();
    ctx.Check(sndtimeo.tv_sec == 0 && sndtimeo.tv_usec == 0, "SO_SNDTIMEO reads 0 by default");
    ctx.CheckEqual(accepts.size(), 3u, "accepts");
    ctx.Check(accepts.size() == 3 && accepts[0].ret >= 0 && accepts[1].ret >= 0 &&
                  accepts[2].ret >= 0,
              "all three accepts succeed");
    // Exactly one connector completes per accept (which one is the kernel's choice).
    std::string first = Describe(Outcome{0, 0, Seconds(5)});
    std::string second = Describe(Outcome{0, 0, Seconds(7)});
    std::multiset<std::string> got{Describe(a), Describe(b)};
    std::ostringstream what;
    what << "connectors: got {" << Describe(a) << "; " << Describe(b) << "}, expected {" << first
         << "; " << second << "} (one per accept)";
    ctx.Check(got == std::multiset<std::string>{first, second}, what.str());
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("block").OnThread(3).At(Seconds(1)).Field("timeoutNs", -1))
            .Expect(E::State("block").OnThread(4).At(Seconds(2)).Field("timeoutNs", -1)));
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("wake records of the connectors", StateOn("wake", {3, 4}))
                        .Expect(E::State("wake").At(Seconds(5)).Field("result", "woken"))
                        .Expect(E::State("wake").At(Seconds(7)).Field("result", "woken")));
    ctx.ExpectClean(host);
}

// LS15: listen() with a larger backlog wakes every blocked connector; each retries.
void
ConnectLargerListenWakesAll(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int> fds;
    Outcome relisten;
    Outcome a;
    Outcome b;
    host->Spawn("server", [&] {
        int lfd = UnixListener(host, "/tmp/ls15b.sock", 0);
        fds.push_back(lfd);
        host->Sleep(Seconds(3));
        relisten = Capture(host, host->Listen(lfd, 4));
        host->Sleep(Seconds(1));
        CloseAll(host, fds);
    });
    host->Spawn(
        "first",
        [&] { fds.push_back(UnixConnect(host, "/tmp/ls15b.sock")); },
        MilliSeconds(500));
    auto connector = [&](Outcome& out) {
        return [&] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            fds.push_back(fd);
            UnixPath addr("/tmp/ls15b.sock");
            out = Capture(host, host->Connect(fd, addr.Addr(), addr.len));
        };
    };
    host->Spawn("connectorA", connector(a), Seconds(1));
    host->Spawn("connectorB", connector(b), Seconds(2));
    ctx.Run();
    ExpectOutcome(ctx, relisten, 0, 0, Seconds(3), "listen(4) on the listener");
    ExpectOutcome(ctx, a, 0, 0, Seconds(3), "connector A (blocked since 1 s)");
    ExpectOutcome(ctx, b, 0, 0, Seconds(3), "connector B (blocked since 2 s)");
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("wake records of the connectors", StateOn("wake", {3, 4}))
                        .Expect(E::State("wake").At(Seconds(3)).Field("result", "woken"))
                        .Expect(E::State("wake").At(Seconds(3)).Field("result", "woken")));
    ctx.ExpectClean(host);
}

// LS15: the listener closes: the blocked connector's retried lookup gives ECONNREFUSED.
void
ConnectBlockedListenerClose(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int> fds;
    Outcome c;
    host->Spawn("server", [&] {
        int lfd = UnixListener(host, "/tmp/ls15c.sock", 0);
        host->Sleep(Seconds(3));
        host->Close(lfd);
    });
    host->Spawn(
        "first",
        [&] { fds.push_back(UnixConnect(host, "/tmp/ls15c.sock")); },
        MilliSeconds(500));
    host->Spawn(
        "connector",
        [&] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            fds.push_back(fd);
            UnixPath addr("/tmp/ls15c.sock");
            c = Capture(host, host->Connect(fd, addr.Addr(), addr.len));
            CloseAll(host, fds);
        },
        Seconds(1));
    ctx.Run();
    ExpectOutcome(ctx, c, -1, ECONNREFUSED, Seconds(3), "blocked connect when the listener closes");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("block").OnThread(3).At(Seconds(1)).Field("timeoutNs", -1))
            .Expect(E::State("wake").OnThread(3).At(Seconds(3)).Field("result", "woken"))
            .Expect(
                E::Return("connect").OnThread(3).At(Seconds(3)).Field("errno", "ECONNREFUSED")));
    ctx.ExpectClean(host);
}

// LS15: each wakeup re-runs the whole LS12 sequence: the path was unlinked meanwhile, ENOENT.
void
ConnectWakeupRerunsLookup(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int> fds;
    Outcome unlinked;
    Outcome accepted;
    Outcome c;
    host->Spawn("server", [&] {
        int lfd = UnixListener(host, "/tmp/ls15d.sock", 0);
        fds.push_back(lfd);
        host->Sleep(Seconds(2));
        unlinked = Capture(host, host->Unlink("/tmp/ls15d.sock"));
        host->Sleep(Seconds(1));
        accepted = Capture(host, host->Accept(lfd, nullptr, nullptr)); // wakes the connector
        fds.push_back(static_cast<int>(accepted.ret));
        host->Sleep(Seconds(1));
        CloseAll(host, fds);
    });
    host->Spawn(
        "first",
        [&] { fds.push_back(UnixConnect(host, "/tmp/ls15d.sock")); },
        MilliSeconds(500));
    host->Spawn(
        "connector",
        [&] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            fds.push_back(fd);
            UnixPath addr("/tmp/ls15d.sock");
            c = Capture(host, host->Connect(fd, addr.Addr(), addr.len));
        },
        Seconds(1));
    ctx.Run();
    ExpectOutcome(ctx, unlinked, 0, 0, Seconds(2), "unlink of the listener's path");
    ctx.Check(accepted.ret >= 0, "accept at 3 s succeeds");
    ExpectOutcome(ctx, c, -1, ENOENT, Seconds(3), "woken connector re-runs the lookup");
    ctx.ExpectTrace(TraceMatcher().Expect(
        E::Return("connect").OnThread(3).At(Seconds(3)).Field("errno", "ENOENT")));
    ctx.ExpectClean(host);
}

// LS16: a full backlog with SO_SNDTIMEO = 100 ms: EAGAIN exactly 100 ms later.
void
ConnectSndtimeo(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    int result = 0;
    int err = 0;
    Time returned;
    host->Spawn("server", [&] {
        int lfd = UnixListener(host, "/tmp/ls16.sock", 0); // backlog 0 admits 1 (LS9)
        host->Sleep(Seconds(10));
        host->Close(lfd);
    });
    host->Spawn(
        "client",
        [&] {
            int first = UnixConnect(host, "/tmp/ls16.sock"); // takes the one slot
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            struct timeval tv = {0, 100000};
            host->SetSockOpt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
            UnixPath a("/tmp/ls16.sock");
            result = host->Connect(fd, a.Addr(), a.len);
            err = host->GetErrno();
            returned = Simulator::Now();
            host->Close(fd);
            host->Close(first);
        },
        Seconds(1));
    ctx.Run();
    ctx.CheckEqual(result, -1, "connect on a full backlog with SO_SNDTIMEO");
    ctx.CheckEqual(err, EAGAIN, "errno (not ETIMEDOUT, not EINPROGRESS)");
    ctx.CheckEqual(returned, MilliSeconds(1100), "returns exactly 100 ms later");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Call("connect").OnThread(2).At(Seconds(1)))
            .Expect(E::State("block").OnThread(2).Field("timeoutNs", 100000000))
            .Expect(
                E::Return("connect").OnThread(2).At(MilliSeconds(1100)).Field("errno", "EAGAIN")));
    ctx.ExpectNoViolations();
}

// LS18: shutdown(SHUT_RD) on a listener.
void
ListenerShutRd(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int> fds;
    std::map<std::string, Outcome> o;
    std::string pollAfterShutdown;
    std::string pollDrained;
    host->Spawn("server", [&] { // thread 1
        int lfd = UnixListener(host, "/tmp/ls18.sock", 0);
        fds.push_back(lfd);
        host->Sleep(MilliSeconds(500));
        o["shutdown"] = Capture(host, host->Shutdown(lfd, SHUT_RD));
        pollAfterShutdown = Revents(host, lfd);
        host->Sleep(MilliSeconds(1500));
        o["accept1"] = Capture(host, host->Accept(lfd, nullptr, nullptr)); // 2 s: drains A
        fds.push_back(static_cast<int>(o["accept1"].ret));
        o["accept2"] = Capture(host, host->Accept(lfd, nullptr, nullptr)); // empty: EINVAL
        pollDrained = Revents(host, lfd);
        host->Sleep(Seconds(1));
        CloseAll(host, fds);
    });
    host->Spawn( // thread 2: the pending connection
        "clientA",
        [&] { fds.push_back(UnixConnect(host, "/tmp/ls18.sock")); },
        MilliSeconds(100));
    host->Spawn( // thread 3: blocked, no timeout
        "connectorB",
        [&] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            fds.push_back(fd);
            UnixPath addr("/tmp/ls18.sock");
            o["B"] = Capture(host, host->Connect(fd, addr.Addr(), addr.len));
        },
        MilliSeconds(200));
    host->Spawn( // thread 4: blocked, SO_SNDTIMEO 1 s
        "connectorC",
        [&] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            fds.push_back(fd);
            SetTimeout(host, fd, SO_SNDTIMEO, 1, 0);
            UnixPath addr("/tmp/ls18.sock");
            o["C"] = Capture(host, host->Connect(fd, addr.Addr(), addr.len));
        },
        MilliSeconds(300));
    host->Spawn( // thread 5: new connects after the shutdown
        "connectorD",
        [&] {
            UnixPath addr("/tmp/ls18.sock");
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            fds.push_back(fd);
            o["D"] = Capture(host, host->Connect(fd, addr.Addr(), addr.len));
            int nb = host->Socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
            fds.push_back(nb);
            o["Dnb"] = Capture(host, host->Connect(nb, addr.Addr(), addr.len));
        },
        Seconds(1));
    ctx.Run();
    ExpectOutcome(ctx, o["shutdown"], 0, 0, MilliSeconds(500), "shutdown(SHUT_RD) on a listener");
    ctx.CheckEqual(pollAfterShutdown, Bits(POLLIN | POLLRDHUP), "poll of the listener");
    ExpectOutcome(ctx, o["D"], -1, ECONNREFUSED, Seconds(1), "new blocking connect");
    ExpectOutcome(ctx, o["Dnb"], -1, ECONNREFUSED, Seconds(1), "new non-blocking connect");
    ExpectOutcome(ctx,
                  o["C"],
                  -1,
                  ECONNREFUSED,
                  MilliSeconds(1300),
                  "connector with SO_SNDTIMEO: refused at its timer, not woken by shutdown");
    ExpectOutcome(ctx, o["accept1"], 6, 0, Seconds(2), "accept drains the pending connection");
    ExpectOutcome(ctx,
                  o["B"],
                  -1,
                  ECONNREFUSED,
                  Seconds(2),
                  "connector without timeout: refused at the accept's wakeup");
    ExpectOutcome(ctx, o["accept2"], -1, EINVAL, Seconds(2), "accept on the drained listener");
    ctx.CheckEqual(pollDrained, Bits(POLLIN | POLLRDHUP), "poll of the drained listener");
    // Nobody is woken at 0.5 s: C's timer at 1.3 s, then B by the accept at 2 s.
    ctx.ExpectTrace(
        TraceMatcher(TraceMatcher::EXACT)
            .Only("wake records of the blocked connectors", StateOn("wake", {3, 4}))
            .Expect(E::State("wake").OnThread(4).At(MilliSeconds(1300)).Field("result", "timeout"))
            .Expect(E::State("wake").OnThread(3).At(Seconds(2)).Field("result", "woken")));
    ctx.ExpectClean(host);
}

// LS19: closing a listener resets its pending connections and refuses blocked connectors.
void
ListenerCloseResetsPending(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int> fds;
    std::map<std::string, Outcome> o;
    std::map<std::string, std::string> s;
    int soError1 = -1;
    int soError2 = -1;
    uint32_t sigpipeBefore = 99;
    host->Spawn("server", [&] {                            // thread 1
        int lfd = UnixListener(host, "/tmp/ls19.sock", 1); // 2 may be pending (LS9)
        host->Sleep(MilliSeconds(500));
        int xs = host->Accept(lfd, nullptr, nullptr); // X's connection, accepted
        fds.push_back(xs);
        host->Sleep(MilliSeconds(1500));
        o["close"] = Capture(host, host->Close(lfd)); // 2 s
        host->Sleep(Seconds(1));
        o["x-read"] = ReadString(host, xs, 16, s["x-read"]); // 3 s
        o["x-write"] = Capture(host, host->Write(xs, "pong", 4));
        host->Sleep(Seconds(1));
        int late = host->Socket(AF_UNIX, SOCK_STREAM, 0);
        fds.push_back(late);
        UnixPath addr("/tmp/ls19.sock");
        o["later"] = Capture(host, host->Connect(late, addr.Addr(), addr.len)); // 4 s
        o["rebind"] = Capture(host, host->Bind(late, addr.Addr(), addr.len));   // the file stays
        host->Sleep(Seconds(1));
        CloseAll(host, fds);
    });
    host->Spawn( // thread 2: an accepted connection, not affected
        "clientX",
        [&] {
            int fd = UnixConnect(host, "/tmp/ls19.sock");
            fds.push_back(fd);
            host->Sleep(MilliSeconds(2400)); // 2.5 s
            o["X-write"] = Capture(host, host->Write(fd, "ping", 4));
            host->Sleep(Seconds(1)); // 3.5 s
            o["X-read"] = ReadString(host, fd, 16, s["X-read"]);
        },
        MilliSeconds(100));
    host->Spawn( // thread 3: pending, blocked in read
        "clientA",
        [&] {
            int fd = UnixConnect(host, "/tmp/ls19.sock");
            fds.push_back(fd);
            o["A-read1"] = ReadString(host, fd, 16, s["A-read1"]); // blocks until 2 s
            o["A-read2"] = ReadString(host, fd, 16, s["A-read2"]);
            sigpipeBefore = host->GetSignalCount(SIGPIPE);
            o["A-write"] = Capture(host, host->Write(fd, "a", 1));
        },
        Seconds(1));
    host->Spawn( // thread 4: pending, looks at 2.5 s
        "clientB",
        [&] {
            int fd = UnixConnect(host, "/tmp/ls19.sock");
            fds.push_back(fd);
            host->Sleep(MilliSeconds(1400)); // 2.5 s
            s["B-poll1"] = Revents(host, fd);
            soError1 = SoError(host, fd);
            soError2 = SoError(host, fd);
            s["B-poll2"] = Revents(host, fd);
            o["B-read"] = ReadString(host, fd, 16, s["B-read"]);
        },
        MilliSeconds(1100));
    host->Spawn( // thread 5: blocked connector (the queue holds A and B)
        "connectorC",
        [&] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            fds.push_back(fd);
            UnixPath addr("/tmp/ls19.sock");
            o["C"] = Capture(host, host->Connect(fd, addr.Addr(), addr.len));
        },
        MilliSeconds(1200));
    ctx.Run();
    ExpectOutcome(ctx, o["close"], 0, 0, Seconds(2), "close of the listener");
    ExpectOutcome(ctx, o["C"], -1, ECONNREFUSED, Seconds(2), "blocked connector");
    ExpectOutcome(ctx, o["A-read1"], -1, ECONNRESET, Seconds(2), "pending client A: blocked read");
    ExpectOutcome(ctx, o["A-read2"], 0, 0, Seconds(2), "pending client A: then EOF");
    ExpectOutcome(ctx, o["A-write"], -1, EPIPE, Seconds(2), "pending client A: write");
    ctx.CheckEqual(sigpipeBefore, 0u, "SIGPIPE count before A's write");
    ctx.CheckEqual(host->GetSignalCount(SIGPIPE), 1u, "SIGPIPE count after A's write");
    ctx.CheckEqual(s["B-poll1"],
                   Bits(POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDHUP),
                   "pending client B: poll with the error pending");
    ctx.CheckEqual(ErrnoName(soError1), std::string("ECONNRESET"), "pending client B: SO_ERROR");
    ctx.CheckEqual(ErrnoName(soError2), std::string("0"), "pending client B: SO_ERROR again");
    ctx.CheckEqual(s["B-poll2"],
                   Bits(POLLIN | POLLOUT | POLLHUP | POLLRDHUP),
                   "pending client B: poll after SO_ERROR");
    ExpectOutcome(ctx, o["B-read"], 0, 0, MilliSeconds(2500), "pending client B: read");
    ExpectOutcome(ctx, o["X-write"], 4, 0, MilliSeconds(2500), "accepted connection X: write");
    ExpectOutcome(ctx, o["x-read"], 4, 0, Seconds(3), "accepted connection: server reads");
    ctx.CheckEqual(s["x-read"], std::string("ping"), "server's data");
    ExpectOutcome(ctx, o["x-write"], 4, 0, Seconds(3), "accepted connection: server writes");
    ExpectOutcome(ctx, o["X-read"], 4, 0, MilliSeconds(3500), "accepted connection X: read");
    ctx.CheckEqual(s["X-read"], std::string("pong"), "X's data");
    ExpectOutcome(ctx,
                  o["later"],
                  -1,
                  ECONNREFUSED,
                  Seconds(4),
                  "later connect to the closed listener's path");
    ExpectOutcome(ctx, o["rebind"], -1, EADDRINUSE, Seconds(4), "bind: the socket file stays");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("close").OnThread(1).At(Seconds(2)).Field("ret", 0))
            .Expect(
                E::Return("connect").OnThread(5).At(Seconds(2)).Field("errno", "ECONNREFUSED")));
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("read").OnThread(3).At(Seconds(2)).Field("errno", "ECONNRESET"))
            .Expect(E::Return("read").OnThread(3).At(Seconds(2)).Field("ret", 0))
            .Expect(E::State("signal").At(Seconds(2)).Field("sig", "SIGPIPE").Field("to", 3))
            .Expect(E::Return("write").OnThread(3).At(Seconds(2)).Field("errno", "EPIPE")));
    ctx.ExpectClean(host);
}

// ---- D. accept -------------------------------------------------------------------------------

// LS20: accept errors; SO_RCVTIMEO on an empty queue.
void
AcceptErrors(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    host->Spawn("server", [&] {
        std::vector<int> fds;
        int u = host->Socket(AF_UNIX, SOCK_STREAM, 0);
        fds.push_back(u);
        o["unbound"] = Capture(host, host->Accept(u, nullptr, nullptr));
        UnixPath path("/tmp/ls20e.sock");
        host->Bind(u, path.Addr(), path.len);
        o["bound"] = Capture(host, host->Accept(u, nullptr, nullptr));
        int d = host->Socket(AF_UNIX, SOCK_DGRAM, 0);
        fds.push_back(d);
        o["dgram"] = Capture(host, host->Accept(d, nullptr, nullptr));
        int nb = UnixListener(host, "/tmp/ls20n.sock", 5, SOCK_STREAM | SOCK_NONBLOCK);
        fds.push_back(nb);
        o["nonblock"] = Capture(host, host->Accept(nb, nullptr, nullptr));
        int lfd = UnixListener(host, "/tmp/ls20t.sock", 5);
        fds.push_back(lfd);
        SetTimeout(host, lfd, SO_RCVTIMEO, 0, 10000); // 10 ms: 2.5 ticks, rounded up to 12 ms
        host->Sleep(Seconds(1));
        o["rcvtimeo"] = Capture(host, host->Accept(lfd, nullptr, nullptr));
        CloseAll(host, fds);
    });
    ctx.Run();
    ExpectOutcome(ctx, o["unbound"], -1, EINVAL, Seconds(0), "accept on an unbound socket");
    ExpectOutcome(ctx, o["bound"], -1, EINVAL, Seconds(0), "accept on a bound, not listening");
    ExpectOutcome(ctx, o["dgram"], -1, EOPNOTSUPP, Seconds(0), "accept on DGRAM");
    ExpectOutcome(ctx, o["nonblock"], -1, EAGAIN, Seconds(0), "empty, non-blocking");
    ExpectOutcome(ctx,
                  o["rcvtimeo"],
                  -1,
                  EAGAIN,
                  MilliSeconds(1012),
                  "empty, SO_RCVTIMEO 10 ms (3 ticks)");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Call("accept").OnThread(1).At(Seconds(1)))
            .Expect(E::State("block").OnThread(1).At(Seconds(1)).Field("timeoutNs", 12000000))
            .Expect(E::State("wake").OnThread(1).At(MilliSeconds(1012)).Field("result", "timeout"))
            .Expect(
                E::Return("accept").OnThread(1).At(MilliSeconds(1012)).Field("errno", "EAGAIN")));
    ctx.ExpectClean(host);
}

// LS20: FIFO order; the accepted socket's names and type.
void
AcceptFifoAndNames(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int> fds;
    std::vector<std::string> peers;  // from accept's address
    std::vector<std::string> gpeers; // from getpeername on the accepted socket
    std::vector<std::string> names;  // from getsockname on the accepted socket
    std::vector<int> types;          // SO_TYPE of the accepted sockets
    std::vector<Outcome> accepts;
    auto text = [](const struct sockaddr_un& a, socklen_t len) {
        std::ostringstream os;
        os << "len " << len << " '";
        if (len > 2)
        {
            os << std::string(a.sun_path, strnlen(a.sun_path, len - 2));
        }
        os << "'";
        return os.str();
    };
    auto expected = [&text](const std::string& path) {
        UnixPath p(path);
        return path.empty() ? std::string("len 2 ''") : text(p.sun, p.len);
    };
    host->Spawn("server", [&] { // thread 1
        int lfd = UnixListener(host, "/tmp/ls20.sock", 5);
        int qfd = UnixListener(host, "/tmp/ls20q.sock", 5, SOCK_SEQPACKET);
        fds.push_back(lfd);
        fds.push_back(qfd);
        host->Sleep(Seconds(1));
        for (int listener : {lfd, lfd, lfd, qfd})
        {
            struct sockaddr_un a;
            std::memset(&a, 0, sizeof(a));
            socklen_t len = sizeof(a);
            int fd = host->Accept(listener, reinterpret_cast<struct sockaddr*>(&a), &len);
            accepts.push_back(Capture(host, fd));
            fds.push_back(fd);
            peers.push_back(text(a, len));
            std::memset(&a, 0, sizeof(a));
            len = sizeof(a);
            host->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&a), &len);
            gpeers.push_back(text(a, len));
            std::memset(&a, 0, sizeof(a));
            len = sizeof(a);
            host->GetSockName(fd, reinterpret_cast<struct sockaddr*>(&a), &len);
            names.push_back(text(a, len));
            int type = -1;
            socklen_t tlen = sizeof(type);
            host->GetSockOpt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen);
            types.push_back(type);
        }
        CloseAll(host, fds);
    });
    auto client = [&](const std::string& bindPath, const std::string& target, int type) {
        return [&, bindPath, target, type] {
            int fd = host->Socket(AF_UNIX, type, 0);
            fds.push_back(fd);
            if (!bindPath.empty())
            {
                UnixPath b(bindPath);
                host->Bind(fd, b.Addr(), b.len);
            }
            UnixPath t(target);
            host->Connect(fd, t.Addr(), t.len);
        };
    };
    host->Spawn("clientA", client("/tmp/ls20-a", "/tmp/ls20.sock", SOCK_STREAM), MilliSeconds(100));
    host->Spawn("clientB", client("/tmp/ls20-b", "/tmp/ls20.sock", SOCK_STREAM), MilliSeconds(200));
    host->Spawn("clientU", client("", "/tmp/ls20.sock", SOCK_STREAM), MilliSeconds(300));
    host->Spawn("clientQ", client("", "/tmp/ls20q.sock", SOCK_SEQPACKET), MilliSeconds(400));
    ctx.Run();
    ctx.CheckEqual(accepts.size(), 4u, "accepts");
    for (size_t i = 0; i < accepts.size(); ++i)
    {
        ctx.Check(accepts[i].ret >= 0 && accepts[i].at == Seconds(1),
                  "accept " + std::to_string(i) + " succeeds at 1 s: " + Describe(accepts[i]));
    }
    std::vector<std::string> wantPeers{expected("/tmp/ls20-a"),
                                       expected("/tmp/ls20-b"),
                                       expected(""),
                                       expected("")};
    std::vector<std::string> wantNames{expected("/tmp/ls20.sock"),
                                       expected("/tmp/ls20.sock"),
                                       expected("/tmp/ls20.sock"),
                                       expected("/tmp/ls20q.sock")};
    for (size_t i = 0; i < 4 && i < peers.size(); ++i)
    {
        std::string n = " of accept " + std::to_string(i);
        ctx.CheckEqual(peers[i], wantPeers[i], "accept's peer address (FIFO order)" + n);
        ctx.CheckEqual(gpeers[i], wantPeers[i], "getpeername" + n);
        ctx.CheckEqual(names[i], wantNames[i], "getsockname: the listener's address" + n);
        ctx.CheckEqual(types[i], i < 3 ? SOCK_STREAM : SOCK_SEQPACKET, "SO_TYPE" + n);
    }
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("accept").OnThread(1).At(Seconds(1)).Field("errno", "0"))
            .Expect(E::Return("accept").OnThread(1).At(Seconds(1)).Field("errno", "0"))
            .Expect(E::Return("accept").OnThread(1).At(Seconds(1)).Field("errno", "0"))
            .Expect(E::Return("accept").OnThread(1).At(Seconds(1)).Field("errno", "0")));
    ctx.ExpectClean(host);
}

// LS20: the client closed before accept: accept succeeds, its data is readable, then EOF.
void
AcceptAfterClientClose(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Outcome acc;
    Outcome r1;
    Outcome r2;
    std::string data;
    std::string rest;
    host->Spawn("server", [&] {
        int lfd = UnixListener(host, "/tmp/ls20c.sock", 5);
        host->Sleep(Seconds(1));
        acc = Capture(host, host->Accept(lfd, nullptr, nullptr));
        int fd = static_cast<int>(acc.ret);
        r1 = ReadString(host, fd, 16, data);
        r2 = ReadString(host, fd, 16, rest);
        CloseAll(host, {fd, lfd});
    });
    host->Spawn(
        "client",
        [&] {
            int fd = UnixConnect(host, "/tmp/ls20c.sock");
            host->Write(fd, "bye", 3);
            host->Close(fd);
        },
        MilliSeconds(100));
    ctx.Run();
    ExpectOutcome(ctx, acc, 1, 0, Seconds(1), "accept after the client closed");
    ExpectOutcome(ctx, r1, 3, 0, Seconds(1), "read the client's data");
    ctx.CheckEqual(data, std::string("bye"), "data");
    ExpectOutcome(ctx, r2, 0, 0, Seconds(1), "then EOF");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("close").OnThread(2).At(MilliSeconds(100)))
                        .Expect(E::Return("accept").OnThread(1).At(Seconds(1)).Field("ret", 1))
                        .Expect(E::Return("read").OnThread(1).At(Seconds(1)).Field("ret", 3))
                        .Expect(E::Return("read").OnThread(1).At(Seconds(1)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS21: accept with *addrlen < 0: EINVAL after dequeuing; the client reads EOF.
void
AcceptNegativeAddrlen(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Outcome acc;
    Outcome again;
    Outcome clientRead;
    std::string pollAfter;
    std::string data;
    host->Spawn("server", [&] { // thread 1
        int lfd = UnixListener(host, "/tmp/ls21.sock", 5);
        host->Sleep(Seconds(1));
        struct sockaddr_un a;
        socklen_t len = static_cast<socklen_t>(-1);
        acc = Capture(host, host->Accept(lfd, reinterpret_cast<struct sockaddr*>(&a), &len));
        pollAfter = Revents(host, lfd); // the queue is empty now
        host->Fcntl(lfd, F_SETFL, O_NONBLOCK);
        again = Capture(host, host->Accept(lfd, nullptr, nullptr));
        host->Sleep(Seconds(1));
        host->Close(lfd);
    });
    host->Spawn( // thread 2
        "client",
        [&] {
            int fd = UnixConnect(host, "/tmp/ls21.sock");
            clientRead = ReadString(host, fd, 16, data); // blocks until the accept at 1 s
            host->Close(fd);
        },
        MilliSeconds(100));
    ctx.Run();
    ExpectOutcome(ctx, acc, -1, EINVAL, Seconds(1), "accept with *addrlen = -1");
    ctx.CheckEqual(pollAfter, Bits(0), "poll of the listener: the connection was dequeued");
    ExpectOutcome(ctx, again, -1, EAGAIN, Seconds(1), "non-blocking accept: queue empty");
    ExpectOutcome(ctx, clientRead, 0, 0, Seconds(1), "the client's blocked read: EOF");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("accept").OnThread(1).At(Seconds(1)).Field("errno", "EINVAL"))
            .Expect(E::Return("read").OnThread(2).At(Seconds(1)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS21: recvfrom with *fromlen < 0 consumes the data, then gives EINVAL.
void
RecvfromNegativeFromlen(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Outcome rf;
    Outcome after;
    int inq = -1;
    host->Spawn(
        "t",
        [&] {
            int sv[2];
            host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv);
            host->Write(sv[0], "abcd", 4);
            char buf[16];
            struct sockaddr_un from;
            socklen_t len = static_cast<socklen_t>(-1);
            rf = Capture(host,
                         host->RecvFrom(sv[1],
                                        buf,
                                        sizeof(buf),
                                        0,
                                        reinterpret_cast<struct sockaddr*>(&from),
                                        &len));
            host->Ioctl(sv[1], FIONREAD, &inq);
            after = Capture(host, host->Recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
            CloseAll(host, {sv[0], sv[1]});
        },
        Seconds(1));
    ctx.Run();
    ExpectOutcome(ctx, rf, -1, EINVAL, Seconds(1), "recvfrom with *fromlen = -1");
    ctx.CheckEqual(inq, 0, "SIOCINQ after it: the data was consumed");
    ExpectOutcome(ctx, after, -1, EAGAIN, Seconds(1), "recv(MSG_DONTWAIT) after it");
    ctx.ExpectTrace(TraceMatcher().Expect(
        E::Return("recvfrom").OnThread(1).At(Seconds(1)).Field("errno", "EINVAL")));
    ctx.ExpectClean(host);
}

// ---- E. stream data --------------------------------------------------------------------------

// LS22: I/O on unconnected and listening stream sockets; sendto with an address.
void
StreamIoStateErrors(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    host->Spawn("t", [&] {
        char buf[8];
        UnixPath target("/tmp/ls22.sock");
        int u = host->Socket(AF_UNIX, SOCK_STREAM, 0);
        o["u-read"] = Capture(host, host->Read(u, buf, sizeof(buf)));
        o["u-recv"] = Capture(host, host->Recv(u, buf, sizeof(buf), 0));
        o["u-write"] = Capture(host, host->Write(u, "x", 1));
        o["u-send"] = Capture(host, host->Send(u, "x", 1, 0));
        int l = UnixListener(host, "/tmp/ls22.sock", 5);
        o["l-read"] = Capture(host, host->Read(l, buf, sizeof(buf)));
        o["l-write"] = Capture(host, host->Write(l, "x", 1));
        o["u-sendto"] = Capture(host, host->SendTo(u, "x", 1, 0, target.Addr(), target.len));
        int sv[2];
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv);
        o["c-sendto"] = Capture(host, host->SendTo(sv[0], "x", 1, 0, target.Addr(), target.len));
        CloseAll(host, {u, l, sv[0], sv[1]});
    });
    ctx.Run();
    ExpectOutcome(ctx, o["u-read"], -1, EINVAL, Seconds(0), "read, unconnected");
    ExpectOutcome(ctx, o["u-recv"], -1, EINVAL, Seconds(0), "recv, unconnected");
    ExpectOutcome(ctx, o["u-write"], -1, ENOTCONN, Seconds(0), "write, unconnected");
    ExpectOutcome(ctx, o["u-send"], -1, ENOTCONN, Seconds(0), "send, unconnected");
    ExpectOutcome(ctx, o["l-read"], -1, EINVAL, Seconds(0), "read, listening");
    ExpectOutcome(ctx, o["l-write"], -1, ENOTCONN, Seconds(0), "write, listening");
    ExpectOutcome(ctx, o["u-sendto"], -1, EOPNOTSUPP, Seconds(0), "sendto+address, unconnected");
    ExpectOutcome(ctx, o["c-sendto"], -1, EISCONN, Seconds(0), "sendto+address, connected");
    ctx.CheckEqual(host->GetSignalCount(SIGPIPE), 0u, "no SIGPIPE");
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT).Only("SIGPIPE records", IsSigpipe));
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("write").OnObject("fd:0").Field("errno", "ENOTCONN"))
                        .Expect(E::Return("write").OnObject("fd:1").Field("errno", "ENOTCONN")));
    ctx.ExpectClean(host);
}

// LS22: a byte stream: writes coalesce, partial reads, MSG_PEEK, MSG_DONTWAIT.
void
StreamByteStream(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    std::map<std::string, std::string> s;
    int inq = -1;
    int sv[2] = {-1, -1};
    host->Spawn("writer", [&] { // thread 1
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv);
        host->Write(sv[0], "abc", 3);
        host->Write(sv[0], "def", 3);
        host->Ioctl(sv[1], FIONREAD, &inq);
        o["peek"] = ReadString(host, sv[1], 16, s["peek"], MSG_PEEK);
        o["part1"] = ReadString(host, sv[1], 4, s["part1"], 0);
        o["part2"] = ReadString(host, sv[1], 16, s["part2"]);
        o["dontwait"] = ReadString(host, sv[1], 16, s["dontwait"], MSG_DONTWAIT);
        host->Sleep(Seconds(2));
        host->Write(sv[0], "ghi", 3); // 2 s: the blocked reader returns 3 at once
        host->Sleep(Seconds(1));
        host->Write(sv[0], "jk", 2); // 3 s
        o["peek2"] = ReadString(host, sv[1], 16, s["peek2"], MSG_PEEK | MSG_DONTWAIT);
        o["last"] = ReadString(host, sv[1], 16, s["last"], MSG_DONTWAIT);
        CloseAll(host, {sv[0], sv[1]});
    });
    host->Spawn( // thread 2
        "reader",
        [&] { o["blocked"] = ReadString(host, sv[1], 100, s["blocked"]); },
        Seconds(1));
    ctx.Run();
    ctx.CheckEqual(inq, 6, "SIOCINQ after two writes");
    ExpectOutcome(ctx, o["peek"], 6, 0, Seconds(0), "MSG_PEEK: the writes coalesce");
    ctx.CheckEqual(s["peek"], std::string("abcdef"), "peeked data");
    ExpectOutcome(ctx, o["part1"], 4, 0, Seconds(0), "recv of 4 after the peek");
    ctx.CheckEqual(s["part1"], std::string("abcd"), "data");
    ExpectOutcome(ctx, o["part2"], 2, 0, Seconds(0), "read of the rest: partial");
    ctx.CheckEqual(s["part2"], std::string("ef"), "data");
    ExpectOutcome(ctx, o["dontwait"], -1, EAGAIN, Seconds(0), "MSG_DONTWAIT on an empty queue");
    ExpectOutcome(ctx, o["blocked"], 3, 0, Seconds(2), "blocked read returns what arrived");
    ctx.CheckEqual(s["blocked"], std::string("ghi"), "data");
    ExpectOutcome(ctx, o["peek2"], 2, 0, Seconds(3), "MSG_PEEK|MSG_DONTWAIT");
    ExpectOutcome(ctx, o["last"], 2, 0, Seconds(3), "the peeked bytes are still there");
    ctx.CheckEqual(s["last"], std::string("jk"), "data");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::State("block").OnThread(2).At(Seconds(1)).Field("timeoutNs", -1))
                        .Expect(E::Return("read").OnThread(2).At(Seconds(2)).Field("ret", 3)));
    ctx.ExpectClean(host);
}

// LS23: a full send buffer: non-blocking EAGAIN, no POLLOUT; space again after the peer reads.
void
FlowControlNonBlocking(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    std::map<std::string, std::string> p;
    int64_t drained = 0;
    host->Spawn("t", [&] {
        int sv[2];
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv);
        SmallSndbuf(host, sv[0]);
        p["empty"] = Revents(host, sv[0]);
        std::vector<char> big(65536, 'w');
        host->Fcntl(sv[0], F_SETFL, O_NONBLOCK);
        o["first"] = Capture(host, host->Write(sv[0], big.data(), big.size()));
        o["second"] = Capture(host, host->Write(sv[0], big.data(), big.size()));
        host->Fcntl(sv[0], F_SETFL, 0);
        o["dontwait"] = Capture(host, host->Send(sv[0], big.data(), 100, MSG_DONTWAIT));
        p["full"] = Revents(host, sv[0]);
        host->Sleep(Seconds(1));
        std::vector<char> buf(65536);
        for (;;)
        {
            ssize_t n = host->Recv(sv[1], buf.data(), buf.size(), MSG_DONTWAIT);
            if (n <= 0)
            {
                break;
            }
            drained += n;
        }
        p["drained"] = Revents(host, sv[0]);
        o["again"] = Capture(host, host->Send(sv[0], big.data(), 100, MSG_DONTWAIT));
        CloseAll(host, {sv[0], sv[1]});
    });
    ctx.Run();
    ctx.CheckEqual(p["empty"], Bits(POLLOUT), "poll of the sender, buffer empty");
    ctx.Check(o["first"].ret > 0 && o["first"].ret < 65536 && o["first"].at == Seconds(0),
              "non-blocking write of 64 KiB with a 4608-byte SO_SNDBUF: part of it, at once: " +
                  Describe(o["first"]));
    ExpectOutcome(ctx, o["second"], -1, EAGAIN, Seconds(0), "non-blocking write, buffer full");
    ExpectOutcome(ctx, o["dontwait"], -1, EAGAIN, Seconds(0), "MSG_DONTWAIT send, buffer full");
    ctx.CheckEqual(p["full"], Bits(0), "poll of the sender, buffer full: no POLLOUT");
    ctx.CheckEqual(drained, o["first"].ret, "the peer reads what was accepted");
    ctx.CheckEqual(p["drained"], Bits(POLLOUT), "poll of the sender after the peer read");
    ExpectOutcome(ctx, o["again"], 100, 0, Seconds(1), "send after the peer read");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("write")
                        .OnObject("fd:0")
                        .At(Seconds(0))
                        .FieldWhere("ret",
                                    "> 0",
                                    [](const TraceValue* v) {
                                        return v && std::holds_alternative<int64_t>(*v) &&
                                               std::get<int64_t>(*v) > 0;
                                    }))
            .Expect(E::Return("write").OnObject("fd:0").At(Seconds(0)).Field("errno", "EAGAIN")));
    ctx.ExpectClean(host);
}

// LS23: a blocking write on a full buffer waits until the peer reads.
void
FlowControlBlockingWaits(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Outcome w;
    int64_t received = 0;
    bool intact = true;
    Time readerDone;
    int sv[2] = {-1, -1};
    host->Spawn("writer", [&] { // thread 1
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv);
        SmallSndbuf(host, sv[0]);
        std::vector<char> big(65536);
        for (size_t i = 0; i < big.size(); ++i)
        {
            big[i] = static_cast<char>(i * 7);
        }
        w = Capture(host, host->Write(sv[0], big.data(), big.size()));
        host->Close(sv[0]); // the reader then sees EOF
    });
    host->Spawn( // thread 2
        "reader",
        [&] {
            std::vector<char> buf(65536);
            for (;;)
            {
                ssize_t n = host->Read(sv[1], buf.data(), buf.size());
                if (n <= 0)
                {
                    break;
                }
                for (ssize_t i = 0; i < n; ++i)
                {
                    intact = intact && buf[i] == static_cast<char>((received + i) * 7);
                }
                received += n;
            }
            readerDone = Simulator::Now();
            host->Close(sv[1]);
        },
        Seconds(1));
    ctx.Run();
    ExpectOutcome(ctx, w, 65536, 0, Seconds(1), "blocking write of 64 KiB, peer reads at 1 s");
    ctx.CheckEqual(received, int64_t{65536}, "bytes received");
    ctx.Check(intact, "bytes arrive in order");
    ctx.CheckEqual(readerDone, Seconds(1), "the reader finishes at 1 s");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Call("write").OnThread(1).At(Seconds(0)))
            .Expect(E::State("block").OnThread(1).At(Seconds(0)).Field("timeoutNs", -1))
            .Expect(E::State("wake").OnThread(1).At(Seconds(1)).Field("result", "woken"))
            .Expect(E::Return("write").OnThread(1).At(Seconds(1)).Field("ret", 65536)));
    ctx.ExpectClean(host);
}

// LS23: SO_SNDTIMEO returns the bytes already sent, or EAGAIN; SO_RCVTIMEO on an empty queue.
void
FlowControlTimeouts(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Outcome w1;
    Outcome w2;
    Outcome r;
    int64_t filled = 0;
    host->Spawn("partial", [&] { // thread 1: the write starts with room for part of it
        int sv[2];
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv); // fds 0, 1
        SmallSndbuf(host, sv[0]);
        SetTimeout(host, sv[0], SO_SNDTIMEO, 0, 100000); // 100 ms = 25 ticks
        std::vector<char> big(65536, 'w');
        w1 = Capture(host, host->Write(sv[0], big.data(), big.size()));
        CloseAll(host, {sv[0], sv[1]});
    });
    host->Spawn(
        "full",
        [&] { // thread 2: the buffer is already full, nothing can be sent
            int sv[2];
            host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv);
            SmallSndbuf(host, sv[0]);
            filled = FillSendBuffer(host, sv[0]);
            SetTimeout(host, sv[0], SO_SNDTIMEO, 0, 100000);
            SetTimeout(host, sv[0], SO_RCVTIMEO, 0, 50000); // 50 ms = 12.5 ticks: 13 = 52 ms
            char chunk[1000] = {0};
            w2 = Capture(host, host->Write(sv[0], chunk, sizeof(chunk)));
            r = Capture(host, host->Read(sv[0], chunk, sizeof(chunk)));
            CloseAll(host, {sv[0], sv[1]});
        },
        Seconds(1));
    ctx.Run();
    ctx.Check(w1.ret > 0 && w1.ret < 65536 && w1.at == MilliSeconds(100),
              "write of 64 KiB with SO_SNDTIMEO 100 ms: the bytes already sent, at 100 ms; got " +
                  Describe(w1));
    ctx.Check(filled > 0, "the second buffer was filled");
    ExpectOutcome(ctx,
                  w2,
                  -1,
                  EAGAIN,
                  MilliSeconds(1100),
                  "write, nothing sent: EAGAIN at timeout");
    ExpectOutcome(ctx, r, -1, EAGAIN, MilliSeconds(1152), "read, SO_RCVTIMEO 50 ms (13 ticks)");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("block").OnThread(1).At(Seconds(0)).Field("timeoutNs", 100000000))
            .Expect(E::Return("write").OnThread(1).At(MilliSeconds(100)).Field("errno", "0")));
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("block").OnThread(2).At(Seconds(1)).Field("timeoutNs", 100000000))
            .Expect(E::Return("write").OnThread(2).At(MilliSeconds(1100)).Field("errno", "EAGAIN"))
            .Expect(
                E::State("block").OnThread(2).At(MilliSeconds(1100)).Field("timeoutNs", 52000000))
            .Expect(E::Return("read").OnThread(2).At(MilliSeconds(1152)).Field("errno", "EAGAIN")));
    ctx.ExpectClean(host);
}

// ---- F. close, EOF, reset, shutdown ----------------------------------------------------------

// LS25: the peer closed with its receive queue empty.
void
EofAfterPeerClose(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    std::map<std::string, std::string> s;
    int soError = -1;
    uint32_t sigAfterWrite = 99;
    uint32_t sigAfterSend = 99;
    std::string peerName;
    UnixPath listenerPath("/tmp/ls25.sock");
    socklen_t peerLen = 0;
    host->Spawn("server", [&] { // thread 1
        int lfd = UnixListener(host, "/tmp/ls25.sock", 5);
        int afd = host->Accept(lfd, nullptr, nullptr);
        host->Write(afd, "xyz", 3);
        host->Sleep(Seconds(1) - MilliSeconds(100));
        o["close"] = Capture(host, host->Close(afd)); // 1 s, nothing unread
        host->Close(lfd);
    });
    host->Spawn( // thread 2
        "client",
        [&] {
            int fd = UnixConnect(host, "/tmp/ls25.sock");
            host->Sleep(Seconds(2) - MilliSeconds(100)); // 2 s
            s["poll"] = Revents(host, fd);
            soError = SoError(host, fd);
            o["read1"] = ReadString(host, fd, 16, s["read1"]);
            o["read2"] = ReadString(host, fd, 16, s["read2"]);
            o["read3"] = ReadString(host, fd, 16, s["read3"]);
            o["recv-nb"] = ReadString(host, fd, 16, s["recv-nb"], MSG_DONTWAIT);
            o["write"] = Capture(host, host->Write(fd, "a", 1));
            sigAfterWrite = host->GetSignalCount(SIGPIPE);
            o["send-nosig"] = Capture(host, host->Send(fd, "a", 1, MSG_NOSIGNAL));
            sigAfterSend = host->GetSignalCount(SIGPIPE);
            struct sockaddr_un peer;
            std::memset(&peer, 0, sizeof(peer));
            peerLen = sizeof(peer);
            o["getpeername"] =
                Capture(host,
                        host->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&peer), &peerLen));
            peerName = peer.sun_path;
            host->Close(fd);
        },
        MilliSeconds(100));
    ctx.Run();
    ExpectOutcome(ctx, o["close"], 0, 0, Seconds(1), "the peer closes");
    ctx.CheckEqual(s["poll"], Bits(POLLIN | POLLOUT | POLLHUP | POLLRDHUP), "poll of the survivor");
    ctx.CheckEqual(ErrnoName(soError), std::string("0"), "SO_ERROR: no error");
    ExpectOutcome(ctx, o["read1"], 3, 0, Seconds(2), "read: the queued data");
    ctx.CheckEqual(s["read1"], std::string("xyz"), "data");
    ExpectOutcome(ctx, o["read2"], 0, 0, Seconds(2), "read: EOF");
    ExpectOutcome(ctx, o["read3"], 0, 0, Seconds(2), "read: EOF again");
    ExpectOutcome(ctx, o["recv-nb"], 0, 0, Seconds(2), "recv(MSG_DONTWAIT): EOF");
    ExpectOutcome(ctx, o["write"], -1, EPIPE, Seconds(2), "write");
    ctx.CheckEqual(sigAfterWrite, 1u, "SIGPIPE after write");
    ExpectOutcome(ctx, o["send-nosig"], -1, EPIPE, Seconds(2), "send(MSG_NOSIGNAL)");
    ctx.CheckEqual(sigAfterSend, 1u, "no SIGPIPE with MSG_NOSIGNAL");
    ExpectOutcome(ctx, o["getpeername"], 0, 0, Seconds(2), "getpeername still works");
    ctx.CheckEqual(peerName, std::string("/tmp/ls25.sock"), "peer name");
    ctx.CheckEqual(peerLen, listenerPath.len, "peer name length");
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("SIGPIPE records", IsSigpipe)
                        .Expect(E::State("signal").At(Seconds(2)).OnThread(2).Field("to", 2)));
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Call("write").OnThread(2).At(Seconds(2)))
            .Expect(E::State("signal").Field("sig", "SIGPIPE").Field("to", 2))
            .Expect(E::Return("write").OnThread(2).At(Seconds(2)).Field("errno", "EPIPE"))
            .Expect(E::Return("send").OnThread(2).At(Seconds(2)).Field("errno", "EPIPE")));
    ctx.ExpectClean(host);
}

// LS26: the peer closed with unread data: data first, one ECONNRESET, then EOF; SO_ERROR; ERR.
void
ResetAfterUnreadData(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    std::map<std::string, std::string> s;
    int soError1 = -1;
    int soError2 = -1;
    uint32_t sigAfterWrite = 99;
    host->Spawn("t", [&] { // thread 1
        int p[2];
        int q[2];
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, p); // fds 0, 1
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, q); // fds 2, 3
        // Pair p: reads on the survivor p[0].
        host->Write(p[1], "data", 4);   // queued for p[0]
        host->Write(p[0], "unread", 6); // never read by p[1]
        host->Close(p[1]);
        // Pair q: write and SO_ERROR on the survivor q[0].
        host->Write(q[0], "x", 1);
        host->Close(q[1]);
        host->Sleep(Seconds(1));
        s["p-poll1"] = Revents(host, p[0]);
        o["p-read1"] = ReadString(host, p[0], 16, s["p-read1"]);
        o["p-read2"] = ReadString(host, p[0], 16, s["p-read2"]);
        s["p-poll2"] = Revents(host, p[0]);
        o["p-read3"] = ReadString(host, p[0], 16, s["p-read3"]);
        o["p-read4"] = ReadString(host, p[0], 16, s["p-read4"]);
        o["q-write"] = Capture(host, host->Write(q[0], "y", 1));
        sigAfterWrite = host->GetSignalCount(SIGPIPE);
        s["q-poll1"] = Revents(host, q[0]);
        soError1 = SoError(host, q[0]);
        soError2 = SoError(host, q[0]);
        s["q-poll2"] = Revents(host, q[0]);
        o["q-read"] = ReadString(host, q[0], 16, s["q-read"]);
        CloseAll(host, {p[0], q[0]});
    });
    ctx.Run();
    uint32_t hup = POLLIN | POLLOUT | POLLHUP | POLLRDHUP;
    ctx.CheckEqual(s["p-poll1"], Bits(hup | POLLERR), "poll with data and the error pending");
    ExpectOutcome(ctx, o["p-read1"], 4, 0, Seconds(1), "read: queued data first");
    ctx.CheckEqual(s["p-read1"], std::string("data"), "data");
    ExpectOutcome(ctx, o["p-read2"], -1, ECONNRESET, Seconds(1), "read: then ECONNRESET");
    ctx.CheckEqual(s["p-poll2"], Bits(hup), "poll after the error was read: no ERR");
    ExpectOutcome(ctx, o["p-read3"], 0, 0, Seconds(1), "read: then EOF");
    ExpectOutcome(ctx, o["p-read4"], 0, 0, Seconds(1), "read: EOF again");
    ExpectOutcome(ctx, o["q-write"], -1, EPIPE, Seconds(1), "write with the error pending");
    ctx.CheckEqual(sigAfterWrite, 1u, "SIGPIPE after the write");
    ctx.CheckEqual(s["q-poll1"], Bits(hup | POLLERR), "poll: the write left the error pending");
    ctx.CheckEqual(ErrnoName(soError1), std::string("ECONNRESET"), "SO_ERROR");
    ctx.CheckEqual(ErrnoName(soError2), std::string("0"), "SO_ERROR cleared");
    ctx.CheckEqual(s["q-poll2"], Bits(hup), "poll after SO_ERROR: no ERR");
    ExpectOutcome(ctx, o["q-read"], 0, 0, Seconds(1), "read after SO_ERROR cleared it: EOF");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("read").OnObject("fd:0").At(Seconds(1)).Field("ret", 4))
            .Expect(E::Return("read").OnObject("fd:0").At(Seconds(1)).Field("errno", "ECONNRESET"))
            .Expect(E::Return("read").OnObject("fd:0").At(Seconds(1)).Field("ret", 0))
            .Expect(E::State("signal").At(Seconds(1)).Field("sig", "SIGPIPE").Field("to", 1))
            .Expect(E::Return("write").OnObject("fd:2").At(Seconds(1)).Field("errno", "EPIPE")));
    ctx.ExpectClean(host);
}

// LS27: blocked readers woken by the peer's close: 0, or ECONNRESET when it had unread data.
void
BlockedReaderWokenByClose(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    std::map<std::string, std::string> s;
    int p[2] = {-1, -1};
    int q[2] = {-1, -1};
    host->Spawn("closer", [&] { // thread 1
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, p);
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, q);
        host->Write(q[0], "z", 1); // q[1] never reads it
        host->Sleep(Seconds(1));
        host->Close(p[1]); // 1 s: nothing unread
        host->Sleep(Seconds(1));
        host->Close(q[1]); // 2 s: unread data
    });
    host->Spawn( // thread 2
        "readerP",
        [&] {
            o["p"] = ReadString(host, p[0], 16, s["p"]);
            host->Close(p[0]);
        },
        MilliSeconds(100));
    host->Spawn( // thread 3
        "readerQ",
        [&] {
            o["q1"] = ReadString(host, q[0], 16, s["q1"]);
            o["q2"] = ReadString(host, q[0], 16, s["q2"]);
            host->Close(q[0]);
        },
        MilliSeconds(100));
    ctx.Run();
    ExpectOutcome(ctx, o["p"], 0, 0, Seconds(1), "blocked reader, peer closes: EOF");
    ExpectOutcome(ctx,
                  o["q1"],
                  -1,
                  ECONNRESET,
                  Seconds(2),
                  "blocked reader, peer closes with unread data");
    ExpectOutcome(ctx, o["q2"], 0, 0, Seconds(2), "then EOF");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("wake").OnThread(2).At(Seconds(1)).Field("result", "woken"))
            .Expect(E::Return("read").OnThread(2).At(Seconds(1)).Field("ret", 0))
            .Expect(E::State("wake").OnThread(3).At(Seconds(2)).Field("result", "woken"))
            .Expect(E::Return("read").OnThread(3).At(Seconds(2)).Field("errno", "ECONNRESET")));
    ctx.ExpectClean(host);
}

/// LS27: a writer blocked on a full buffer is woken by the reader: when the reader closes
/// (it had unread data) the write fails with ECONNRESET, when it calls shutdown(SHUT_RD) with
/// EPIPE; neither raises SIGPIPE. The next write is EPIPE with SIGPIPE (LS25, LS28).
void
BlockedWriterWokenByReader(ConformanceContext& ctx, bool readerCloses)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    Outcome w1;
    Outcome w2;
    int64_t filled = 0;
    uint32_t sigAfterW1 = 99;
    uint32_t sigAfterW2 = 99;
    int sv[2] = {-1, -1};
    host->Spawn("writer", [&] { // thread 1
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv);
        SmallSndbuf(host, sv[0]);
        filled = FillSendBuffer(host, sv[0]);
        char chunk[1000] = {0};
        w1 = Capture(host, host->Write(sv[0], chunk, sizeof(chunk))); // blocks, nothing sent
        sigAfterW1 = host->GetSignalCount(SIGPIPE);
        w2 = Capture(host, host->Write(sv[0], chunk, sizeof(chunk)));
        sigAfterW2 = host->GetSignalCount(SIGPIPE);
        CloseAll(host, {sv[0], readerCloses ? -1 : sv[1]});
    });
    host->Spawn( // thread 2
        "reader",
        [&] { readerCloses ? host->Close(sv[1]) : host->Shutdown(sv[1], SHUT_RD); },
        Seconds(1));
    ctx.Run();
    int blockedErrno = readerCloses ? ECONNRESET : EPIPE;
    ctx.Check(filled > 0, "the send buffer was filled");
    ExpectOutcome(ctx, w1, -1, blockedErrno, Seconds(1), "the blocked write");
    ctx.CheckEqual(sigAfterW1, 0u, "no SIGPIPE for the blocked write");
    ExpectOutcome(ctx, w2, -1, EPIPE, Seconds(1), "next write");
    ctx.CheckEqual(sigAfterW2, 1u, "SIGPIPE for the next write");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("block").OnThread(1).At(Seconds(0)).Field("timeoutNs", -1))
            .Expect(E::Return(readerCloses ? "close" : "shutdown").OnThread(2).At(Seconds(1)))
            .Expect(E::Return("write")
                        .OnThread(1)
                        .At(Seconds(1))
                        .Field("errno", ErrnoName(blockedErrno)))
            .Expect(E::State("signal").At(Seconds(1)).Field("sig", "SIGPIPE").Field("to", 1))
            .Expect(E::Return("write").OnThread(1).At(Seconds(1)).Field("errno", "EPIPE")));
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("SIGPIPE records", IsSigpipe)
                        .Expect(E::State("signal").At(Seconds(1))));
    ctx.ExpectClean(host);
}

void
BlockedWriterReaderCloses(ConformanceContext& ctx)
{
    BlockedWriterWokenByReader(ctx, true);
}

void
BlockedWriterReaderShutRd(ConformanceContext& ctx)
{
    BlockedWriterWokenByReader(ctx, false);
}

// LS28: shutdown(SHUT_WR).
void
ShutdownWr(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    std::map<std::string, std::string> s;
    uint32_t sigAfterWrite = 99;
    int sv[2] = {-1, -1};  // A = sv[0] (fd 0), B = sv[1] (fd 1)
    host->Spawn("A", [&] { // thread 1
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv);
        host->Write(sv[0], "q", 1);
        host->Sleep(Seconds(1));
        o["shutdown"] = Capture(host, host->Shutdown(sv[0], SHUT_WR)); // 1 s
        o["A-write"] = Capture(host, host->Write(sv[0], "x", 1));
        sigAfterWrite = host->GetSignalCount(SIGPIPE);
        host->Sleep(Seconds(1)); // 2 s
        s["A-poll"] = Revents(host, sv[0]);
        s["B-poll"] = Revents(host, sv[1]);
        o["B-write"] = Capture(host, host->Write(sv[1], "r", 1));
        o["A-read"] = ReadString(host, sv[0], 16, s["A-read"]);
        o["again"] = Capture(host, host->Shutdown(sv[0], SHUT_WR));
        CloseAll(host, {sv[0], sv[1]});
    });
    host->Spawn( // thread 2
        "B",
        [&] {
            o["B-read1"] = ReadString(host, sv[1], 16, s["B-read1"]); // the queued "q"
            o["B-read2"] = ReadString(host, sv[1], 16, s["B-read2"]); // blocks until 1 s
            o["B-recv-nb"] = ReadString(host, sv[1], 16, s["B-recv-nb"], MSG_DONTWAIT);
            host->Fcntl(sv[1], F_SETFL, O_NONBLOCK);
            o["B-read-nb"] = ReadString(host, sv[1], 16, s["B-read-nb"]);
            host->Fcntl(sv[1], F_SETFL, 0);
        },
        MilliSeconds(500));
    ctx.Run();
    ExpectOutcome(ctx, o["B-read1"], 1, 0, MilliSeconds(500), "B drains");
    ExpectOutcome(ctx, o["shutdown"], 0, 0, Seconds(1), "shutdown(A, SHUT_WR)");
    ExpectOutcome(ctx, o["B-read2"], 0, 0, Seconds(1), "B's blocked read: EOF");
    ExpectOutcome(ctx, o["B-recv-nb"], 0, 0, Seconds(1), "B recv(MSG_DONTWAIT): EOF");
    ExpectOutcome(ctx, o["B-read-nb"], 0, 0, Seconds(1), "B read, O_NONBLOCK: EOF");
    ExpectOutcome(ctx, o["A-write"], -1, EPIPE, Seconds(1), "A writes");
    ctx.CheckEqual(sigAfterWrite, 1u, "SIGPIPE for A's write");
    ctx.CheckEqual(s["A-poll"], Bits(POLLOUT), "poll of A");
    ctx.CheckEqual(s["B-poll"], Bits(POLLIN | POLLOUT | POLLRDHUP), "poll of B");
    ExpectOutcome(ctx, o["B-write"], 1, 0, Seconds(2), "B can still write");
    ExpectOutcome(ctx, o["A-read"], 1, 0, Seconds(2), "A reads B's data");
    ctx.CheckEqual(s["A-read"], std::string("r"), "data");
    ExpectOutcome(ctx, o["again"], 0, 0, Seconds(2), "repeated shutdown");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("shutdown").OnThread(1).At(Seconds(1)).Field("ret", 0))
            .Expect(E::State("signal").At(Seconds(1)).Field("sig", "SIGPIPE").Field("to", 1))
            .Expect(E::Return("write").OnThread(1).At(Seconds(1)).Field("errno", "EPIPE"))
            .Expect(E::Return("read").OnThread(2).At(Seconds(1)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS28: shutdown(SHUT_RD).
void
ShutdownRd(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    std::map<std::string, std::string> s;
    uint32_t sigAfterWrite = 99;
    host->Spawn("t", [&] { // thread 1
        int sv[2];
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv); // A = fd 0, B = fd 1
        host->Write(sv[1], "s", 1);
        o["shutdown"] = Capture(host, host->Shutdown(sv[0], SHUT_RD));
        o["A-read1"] = ReadString(host, sv[0], 16, s["A-read1"]);
        o["A-read2"] = ReadString(host, sv[0], 16, s["A-read2"]); // blocking: 0 at once
        o["B-write"] = Capture(host, host->Write(sv[1], "u", 1));
        sigAfterWrite = host->GetSignalCount(SIGPIPE);
        o["A-write"] = Capture(host, host->Write(sv[0], "t", 1));
        o["B-read"] = ReadString(host, sv[1], 16, s["B-read"]);
        s["A-poll"] = Revents(host, sv[0]);
        s["B-poll"] = Revents(host, sv[1]);
        CloseAll(host, {sv[0], sv[1]});
    });
    ctx.Run();
    ExpectOutcome(ctx, o["shutdown"], 0, 0, Seconds(0), "shutdown(A, SHUT_RD)");
    ExpectOutcome(ctx, o["A-read1"], 1, 0, Seconds(0), "A reads the data already queued");
    ctx.CheckEqual(s["A-read1"], std::string("s"), "data");
    ExpectOutcome(ctx, o["A-read2"], 0, 0, Seconds(0), "then EOF");
    ExpectOutcome(ctx, o["B-write"], -1, EPIPE, Seconds(0), "B writes");
    ctx.CheckEqual(sigAfterWrite, 1u, "SIGPIPE for B's write");
    ExpectOutcome(ctx, o["A-write"], 1, 0, Seconds(0), "A can still write");
    ExpectOutcome(ctx, o["B-read"], 1, 0, Seconds(0), "B reads A's data");
    ctx.CheckEqual(s["B-read"], std::string("t"), "data");
    ctx.CheckEqual(s["A-poll"], Bits(POLLIN | POLLOUT | POLLRDHUP), "poll of A");
    ctx.CheckEqual(s["B-poll"], Bits(POLLOUT), "poll of B");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("shutdown").OnObject("fd:0").Field("ret", 0))
                        .Expect(E::Return("read").OnObject("fd:0").Field("ret", 1))
                        .Expect(E::Return("read").OnObject("fd:0").Field("ret", 0))
                        .Expect(E::State("signal").Field("sig", "SIGPIPE").Field("to", 1))
                        .Expect(E::Return("write").OnObject("fd:1").Field("errno", "EPIPE")));
    ctx.ExpectClean(host);
}

// LS28: both directions shut; bad how; unconnected sockets; repeated shutdown.
void
ShutdownBothAndArgs(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::map<std::string, Outcome> o;
    std::map<std::string, std::string> s;
    host->Spawn("t", [&] { // thread 1
        int p[2];
        int q[2];
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, p); // fds 0, 1
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, q); // fds 2, 3
        o["p-rdwr"] = Capture(host, host->Shutdown(p[0], SHUT_RDWR));
        s["p0"] = Revents(host, p[0]);
        s["p1"] = Revents(host, p[1]);
        host->Shutdown(q[0], SHUT_WR);
        host->Shutdown(q[1], SHUT_WR);
        s["q0"] = Revents(host, q[0]);
        s["q1"] = Revents(host, q[1]);
        o["how3"] = Capture(host, host->Shutdown(p[0], 3));
        o["how-1"] = Capture(host, host->Shutdown(p[0], -1));
        o["p-again"] = Capture(host, host->Shutdown(p[0], SHUT_RDWR));
        int u = host->Socket(AF_UNIX, SOCK_STREAM, 0); // fd 4
        o["u-rd"] = Capture(host, host->Shutdown(u, SHUT_RD));
        o["u-wr"] = Capture(host, host->Shutdown(u, SHUT_WR));
        o["u-rdwr"] = Capture(host, host->Shutdown(u, SHUT_RDWR));
        o["u-again"] = Capture(host, host->Shutdown(u, SHUT_RDWR));
        o["u-how3"] = Capture(host, host->Shutdown(u, 3));
        CloseAll(host, {p[0], p[1], q[0], q[1], u});
    });
    ctx.Run();
    std::string all = Bits(POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
    ExpectOutcome(ctx, o["p-rdwr"], 0, 0, Seconds(0), "shutdown(SHUT_RDWR)");
    ctx.CheckEqual(s["p0"], all, "poll of the side that shut both");
    ctx.CheckEqual(s["p1"], all, "poll of its peer");
    ctx.CheckEqual(s["q0"], all, "poll, both sides shut SHUT_WR: side 0");
    ctx.CheckEqual(s["q1"], all, "poll, both sides shut SHUT_WR: side 1");
    ExpectOutcome(ctx, o["how3"], -1, EINVAL, Seconds(0), "how = 3");
    ExpectOutcome(ctx, o["how-1"], -1, EINVAL, Seconds(0), "how = -1");
    ExpectOutcome(ctx, o["p-again"], 0, 0, Seconds(0), "repeated shutdown");
    ExpectOutcome(ctx, o["u-rd"], 0, 0, Seconds(0), "unconnected: SHUT_RD");
    ExpectOutcome(ctx, o["u-wr"], 0, 0, Seconds(0), "unconnected: SHUT_WR");
    ExpectOutcome(ctx, o["u-rdwr"], 0, 0, Seconds(0), "unconnected: SHUT_RDWR");
    ExpectOutcome(ctx, o["u-again"], 0, 0, Seconds(0), "unconnected: repeated");
    ExpectOutcome(ctx, o["u-how3"], -1, EINVAL, Seconds(0), "unconnected: how = 3");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("shutdown").OnObject("fd:0").Field("errno", "EINVAL"))
                        .Expect(E::Return("shutdown").OnObject("fd:0").Field("errno", "EINVAL"))
                        .Expect(E::Return("shutdown").OnObject("fd:4").Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS17: a caught signal interrupts a blocked connect: EINTR, or a transparent restart under
// SA_RESTART when there is no SO_SNDTIMEO; with SO_SNDTIMEO it is always EINTR. An uncaught
// signal is only traced; poll is never restarted.
void
SignalWhileBlocked(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    const int sig = SIGUSR1;
    std::map<std::string, std::pair<int, int>> results; // thread name -> (ret, errno)
    std::map<std::string, Time> when;
    uint32_t handled = 0;
    auto connectBlocked = [&](const std::string& name, bool timeout) {
        return [&, name, timeout] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            if (timeout)
            {
                struct timeval tv = {10, 0};
                host->SetSockOpt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
            }
            UnixPath a("/tmp/ls17.sock");
            int r = host->Connect(fd, a.Addr(), a.len);
            results[name] = {r, r < 0 ? host->GetErrno() : 0};
            when[name] = Simulator::Now();
            host->Close(fd);
        };
    };
    int lfd = -1;
    int first = -1;
    host->Spawn("server", [&] { // thread 1: a backlog of 0 holds one connection (LS9)
        lfd = UnixListener(host, "/tmp/ls17.sock", 0);
        first = UnixConnect(host, "/tmp/ls17.sock");
        host->Sleep(Seconds(5));
        int a1 = host->Accept(lfd, nullptr, nullptr); // frees the slot: the restarted one
        host->Sleep(Seconds(1));
        int a2 = host->Accept(lfd, nullptr, nullptr);
        host->Sleep(Seconds(1));
        for (int fd : {a1, a2, first, lfd})
        {
            host->Close(fd);
        }
    });
    host->Spawn("plain", connectBlocked("plain", false), Seconds(1));       // thread 2
    host->Spawn("restart", connectBlocked("restart", false), Seconds(1));   // thread 3
    host->Spawn("timeo", connectBlocked("timeo", true), Seconds(1));        // thread 4
    host->Spawn("uncaught", connectBlocked("uncaught", false), Seconds(1)); // thread 5
    int pollRet = 0;
    int pollErrno = 0;
    host->Spawn(
        "poller",
        [&] { // thread 6
            struct pollfd p = {-1, POLLIN, 0};
            pollRet = host->Poll(&p, 1, -1);
            pollErrno = host->GetErrno();
        },
        Seconds(1));
    auto count = [&handled](int) { ++handled; };
    host->SetSignalHandler(2, sig, count);
    host->SetSignalHandler(3, sig, count, true); // SA_RESTART
    host->SetSignalHandler(4, sig, count, true); // SA_RESTART, but SO_SNDTIMEO is set
    host->SetSignalHandler(6, sig, count, true); // poll: EINTR even under SA_RESTART
    Simulator::Schedule(Seconds(2), [&] {
        for (uint32_t thread : {2u, 3u, 4u, 5u, 6u})
        {
            host->Kill(thread, sig);
        }
    });
    ctx.Run();
    ctx.CheckEqual(handled, 4u, "handlers run in the four threads that catch the signal");
    auto check = [&](const std::string& name, int ret, int err, Time at) {
        ctx.CheckEqual(results[name].first, ret, name + ": connect's return");
        ctx.CheckEqual(ErrnoName(results[name].second), ErrnoName(err), name + ": errno");
        ctx.CheckEqual(when[name], at, name + ": when it returned");
    };
    check("plain", -1, EINTR, Seconds(2));
    check("restart", 0, 0, Seconds(6)); // restarted, queued again at 2 s: the 6 s accept
    check("timeo", -1, EINTR, Seconds(2));
    check("uncaught", 0, 0, Seconds(5)); // not interrupted: first in line, the 5 s accept
    ctx.CheckEqual(pollRet, -1, "poll's return");
    ctx.CheckEqual(ErrnoName(pollErrno), ErrnoName(EINTR), "poll's errno");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("signal").OnObject("thread:2").At(Seconds(2)))
            .Expect(E::State("wake").OnThread(2).Field("result", "interrupted"))
            .Expect(E::Upcall("signal-handler").OnThread(2).At(Seconds(2)))
            .Expect(E::Return("connect").OnThread(2).At(Seconds(2)).Field("errno", "EINTR")));
    ctx.ExpectClean(host);
}

// LS24: MSG_OOB on 6.x: one urgent byte (the last of the send), POLLPRI, reads stop at the
// mark, recv(MSG_OOB) takes it (EINVAL when none), a read starting at the mark skips it,
// SO_OOBINLINE reads it inline, length 0 is EOPNOTSUPP; SIGURG to the owner.
void
UrgentData(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<std::string> seen;
    host->Spawn("t", [&] { // thread 1
        int sv[2];
        host->SocketPair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
        host->Fcntl(sv[1], F_SETOWN, 1);
        char buf[16] = {0};
        auto read = [&](int flags) {
            ssize_t n = host->Recv(sv[1], buf, sizeof(buf), flags);
            return n < 0 ? ErrnoName(host->GetErrno()) : std::string(buf, static_cast<size_t>(n));
        };
        auto revents = [&] {
            struct pollfd p = {sv[1], POLLIN | POLLPRI, 0};
            host->Poll(&p, 1, 0);
            return PollEventsName(static_cast<uint16_t>(p.revents));
        };
        ssize_t empty = host->Send(sv[0], "", 0, MSG_OOB); // then errno: two statements
        seen.push_back(std::to_string(empty) + " " + ErrnoName(host->GetErrno()));
        seen.push_back(read(MSG_OOB));                                       // EINVAL: none
        seen.push_back(std::to_string(host->Send(sv[0], "ab", 2, 0)));       // 2
        seen.push_back(std::to_string(host->Send(sv[0], "cd", 2, MSG_OOB))); // 2: 'd' urgent
        seen.push_back(revents());                                           // POLLIN|POLLPRI
        seen.push_back(read(0));                                             // "abc": stops at mark
        seen.push_back(read(MSG_OOB));                                       // "d"
        seen.push_back(revents());                                           // 0
        seen.push_back(host->Send(sv[0], "xy", 2, MSG_OOB) == 2 ? "sent" : "?"); // 'y' urgent
        seen.push_back(read(0));                                                 // "x"
        seen.push_back(read(0));       // EAGAIN: 'y' skipped
        seen.push_back(read(MSG_OOB)); // EINVAL: lost
        int one = 1;
        host->SetSockOpt(sv[1], SOL_SOCKET, SO_OOBINLINE, &one, sizeof(one));
        host->Send(sv[0], "pq", 2, MSG_OOB);
        seen.push_back(read(MSG_OOB)); // EINVAL: inline
        seen.push_back(read(0));       // "pq"
        host->Close(sv[0]);
        host->Close(sv[1]);
    });
    ctx.Run();
    std::vector<std::string> expected{"-1 EOPNOTSUPP",
                                      "EINVAL",
                                      "2",
                                      "2",
                                      "POLLIN|POLLPRI",
                                      "abc",
                                      "d",
                                      "0",
                                      "sent",
                                      "x",
                                      "EAGAIN",
                                      "EINVAL",
                                      "EINVAL",
                                      "pq"};
    ctx.CheckEqual(seen.size(), expected.size(), "steps");
    for (size_t i = 0; i < std::min(seen.size(), expected.size()); ++i)
    {
        ctx.CheckEqual(seen[i], expected[i], "step " + std::to_string(i + 1));
    }
    ctx.CheckEqual(host->GetSignalCount(SIGURG), 3u, "SIGURG to the owner, one per urgent byte");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("send").Field("ret", -1).Field("errno", "EOPNOTSUPP"))
                        .Expect(E::State("signal").Field("sig", "SIGURG"))
                        .Expect(E::Return("recv").Field("ret", 3))
                        .Expect(E::Return("recv").Field("ret", 1)));
    ctx.ExpectClean(host);
}

// LS24: Linux 2.6.31 has no MSG_OOB for AF_UNIX: EOPNOTSUPP both ways.
void
UrgentDataLegacy(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("KernelBehaviour", EnumValue(SockbenchHost::LINUX_2_6_31));
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int> errnos;
    host->Spawn("t", [&] {
        int sv[2];
        host->SocketPair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
        char c = 0;
        host->Send(sv[0], "a", 1, MSG_OOB);
        errnos.push_back(host->GetErrno());
        host->Recv(sv[1], &c, 1, MSG_OOB);
        errnos.push_back(host->GetErrno());
        host->Close(sv[0]);
        host->Close(sv[1]);
    });
    ctx.Run();
    ctx.Check(errnos == std::vector<int>{EOPNOTSUPP, EOPNOTSUPP}, "send and recv: EOPNOTSUPP");
    ctx.ExpectClean(host);
}
} // namespace

void
RegisterUnixCases_b(ConformanceCatalog& catalog)
{
    catalog.Add({"LS24_urgent_byte",
                 {"LS24"},
                 "MSG_OOB: one urgent byte, POLLPRI, reads stop at the mark, SO_OOBINLINE, SIGURG",
                 UrgentData});
    catalog.Add({"LS24_no_urgent_data_on_2_6_31",
                 {"LS24"},
                 "KernelBehaviour LINUX_2_6_31: MSG_OOB gives EOPNOTSUPP",
                 UrgentDataLegacy});
    catalog.Add({"LS17_signal_interrupts_blocked_connect",
                 {"LS17"},
                 "a caught signal: EINTR, or a restart under SA_RESTART without SO_SNDTIMEO",
                 SignalWhileBlocked});
    catalog.Add({"LS14_nonblocking_connect_full_backlog_eagain",
                 {"LS14"},
                 "non-blocking connect to a full backlog: EAGAIN at once, every time, unconnected",
                 ConnectNonBlockingFull});
    catalog.Add({"LS15_blocking_connect_waits_for_accept",
                 {"LS15"},
                 "blocking connect has no timer; each accept lets exactly one blocked connector in",
                 ConnectBlocksUntilAccept});
    catalog.Add({"LS15_larger_listen_wakes_all_connectors",
                 {"LS15", "LS10"},
                 "listen() with a larger backlog wakes every blocked connector",
                 ConnectLargerListenWakesAll});
    catalog.Add({"LS15_listener_close_refuses_blocked_connector",
                 {"LS15"},
                 "listener close: the blocked connector gets ECONNREFUSED at that instant",
                 ConnectBlockedListenerClose});
    catalog.Add({"LS15_wakeup_reruns_lookup",
                 {"LS15", "LS12"},
                 "a woken connector re-runs the whole check sequence (unlinked path: ENOENT)",
                 ConnectWakeupRerunsLookup});
    catalog.Add({"LS16_connect_sndtimeo_eagain",
                 {"LS16"},
                 "full backlog + SO_SNDTIMEO: EAGAIN exactly at the timeout",
                 ConnectSndtimeo});
    catalog.Add(
        {"LS18_listener_shut_rd",
         {"LS18"},
         "SHUT_RD on a listener: refuses new connects, wakes nobody, accept drains then EINVAL",
         ListenerShutRd});
    catalog.Add({"LS19_listener_close_resets_pending",
                 {"LS19"},
                 "listener close: pending clients ECONNRESET + shutdown, connectors ECONNREFUSED",
                 ListenerCloseResetsPending});
    catalog.Add({"LS20_accept_errors_and_rcvtimeo",
                 {"LS20"},
                 "accept: EINVAL, EOPNOTSUPP, EAGAIN; SO_RCVTIMEO EAGAIN at the rounded timeout",
                 AcceptErrors});
    catalog.Add({"LS20_accept_fifo_and_names",
                 {"LS20"},
                 "accept is FIFO; accepted socket's names and type",
                 AcceptFifoAndNames});
    catalog.Add({"LS20_accept_after_client_close",
                 {"LS20"},
                 "accept after the client closed: data, then EOF",
                 AcceptAfterClientClose});
    catalog.Add({"LS21_accept_negative_addrlen_drops_connection",
                 {"LS21"},
                 "accept with *addrlen < 0: EINVAL after dequeuing; the client reads EOF",
                 AcceptNegativeAddrlen});
    catalog.Add({"LS21_recvfrom_negative_fromlen_consumes",
                 {"LS21"},
                 "recvfrom with *fromlen < 0 consumes the data, then EINVAL",
                 RecvfromNegativeFromlen});
    catalog.Add({"LS22_stream_io_state_errors",
                 {"LS22"},
                 "unconnected/listening: read EINVAL, write ENOTCONN (no SIGPIPE); sendto+addr",
                 StreamIoStateErrors});
    catalog.Add({"LS22_stream_byte_stream",
                 {"LS22"},
                 "writes coalesce, partial reads, MSG_PEEK, MSG_DONTWAIT",
                 StreamByteStream});
    catalog.Add({"LS23_flow_control_nonblocking",
                 {"LS23"},
                 "full SO_SNDBUF: partial write, then EAGAIN, no POLLOUT until the peer reads",
                 FlowControlNonBlocking});
    catalog.Add({"LS23_flow_control_blocking_waits",
                 {"LS23"},
                 "blocking write on a full SO_SNDBUF waits until the peer reads",
                 FlowControlBlockingWaits});
    catalog.Add({"LS23_flow_control_timeouts",
                 {"LS23"},
                 "SO_SNDTIMEO returns the bytes sent, or EAGAIN; SO_RCVTIMEO EAGAIN",
                 FlowControlTimeouts});
    catalog.Add({"LS25_eof_after_peer_close",
                 {"LS25"},
                 "peer closed: data, then 0 every time; EPIPE+SIGPIPE; poll IN|OUT|HUP|RDHUP",
                 EofAfterPeerClose});
    catalog.Add({"LS26_econnreset_after_unread_data",
                 {"LS26"},
                 "peer closed with unread data: data, one ECONNRESET, then 0; SO_ERROR; POLLERR",
                 ResetAfterUnreadData});
    catalog.Add({"LS27_blocked_reader_woken_by_close",
                 {"LS27"},
                 "blocked reader woken by the peer's close: 0, or ECONNRESET",
                 BlockedReaderWokenByClose});
    catalog.Add(
        {"LS27_blocked_writer_reader_closes",
         {"LS27"},
         "blocked writer, the reader closes: ECONNRESET without SIGPIPE, then EPIPE+SIGPIPE",
         BlockedWriterReaderCloses});
    catalog.Add({"LS27_blocked_writer_reader_shut_rd",
                 {"LS27"},
                 "blocked writer, the reader shuts down reading: EPIPE without SIGPIPE",
                 BlockedWriterReaderShutRd});
    catalog.Add({"LS28_shutdown_wr",
                 {"LS28"},
                 "SHUT_WR: EPIPE+SIGPIPE for the shutter, EOF for the peer, poll bits",
                 ShutdownWr});
    catalog.Add({"LS28_shutdown_rd",
                 {"LS28"},
                 "SHUT_RD: queued data then EOF, peer EPIPE+SIGPIPE, poll bits",
                 ShutdownRd});
    catalog.Add({"LS28_shutdown_both_and_args",
                 {"LS28"},
                 "both directions shut: IN|OUT|HUP|RDHUP; bad how EINVAL; unconnected 0",
                 ShutdownBothAndArgs});
}

} // namespace ns3
