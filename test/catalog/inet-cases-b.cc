/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: TCP EOF and half-close, resets, timeouts, state errors and address
 * conflicts (spec inet-sockets.md IN13-IN27).
 */

#include "inet-test-util.h"
#include "sockbench-catalog.h"

#include "ns3/enum.h"
#include "ns3/simulator.h"
#include "ns3/sockbench-fault-helper.h"
#include "ns3/uinteger.h"

#include <cerrno>
#include <csignal>
#include <functional>
#include <memory>
#include <poll.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/time.h>
#include <variant>
#include <vector>

namespace ns3
{

namespace
{

using E = TraceExpectation;

/// poll bits of a connection whose peer sent FIN (spec H, CLOSE_WAIT)
constexpr short PEER_FIN_BITS = POLLIN | POLLRDNORM | POLLRDHUP | POLLOUT | POLLWRNORM;
/// poll bits after an RST or a timeout, error not yet read (spec H)
constexpr short RESET_BITS =
    POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM | POLLRDHUP;
/// poll bits of an idle established connection
constexpr short IDLE_BITS = POLLOUT | POLLWRNORM;

/// \return the outcome of recv(); the bytes read go to \p out \param host host \param fd socket
/// \param out data read \param flags recv flags \param max capacity
CallResult
RecvText(Ptr<SockbenchHost> host,
         int fd,
         std::string* out = nullptr,
         int flags = 0,
         size_t max = 64)
{
    std::vector<char> buf(max);
    ssize_t n = host->Recv(fd, buf.data(), buf.size(), flags);
    CallResult r = Outcome(host, n);
    if (out)
    {
        *out = n > 0 ? std::string(buf.data(), static_cast<size_t>(n)) : std::string();
    }
    return r;
}

/// \return setsockopt(SO_RCVTIMEO or SO_RCVTIMEO) outcome \param host host \param fd socket
/// \param name option \param sec tv_sec \param usec tv_usec
CallResult
SetTimeout(Ptr<SockbenchHost> host, int fd, int name, long sec, long usec)
{
    struct timeval tv;
    tv.tv_sec = sec;
    tv.tv_usec = usec;
    return Outcome(host, host->SetSockOpt(fd, SOL_SOCKET, name, &tv, sizeof(tv)));
}

/// \return getsockopt of an int option (-1000 on failure) \param host host \param fd socket
/// \param level level \param name option
int
GetInt(Ptr<SockbenchHost> host, int fd, int level, int name)
{
    int v = -1000;
    socklen_t len = sizeof(v);
    if (host->GetSockOpt(fd, level, name, &v, &len) < 0)
    {
        return -1000;
    }
    return v;
}

/// \return poll revents for \p events only, without waiting \param host host \param fd fd
/// \param events requested events
short
PollFor(Ptr<SockbenchHost> host, int fd, short events)
{
    struct pollfd p = {fd, events, 0};
    host->Poll(&p, 1, 0);
    return p.revents;
}

/// \return "r", "w", "x" for the sets select() marks \p fd in (zero timeout)
/// \param host host \param fd socket
std::string
SelectNow(Ptr<SockbenchHost> host, int fd)
{
    fd_set r;
    fd_set w;
    fd_set x;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_ZERO(&x);
    FD_SET(fd, &r);
    FD_SET(fd, &w);
    FD_SET(fd, &x);
    struct timeval tv = {0, 0};
    host->Select(fd + 1, &r, &w, &x, &tv);
    std::string s;
    s += FD_ISSET(fd, &r) ? "r" : "-";
    s += FD_ISSET(fd, &w) ? "w" : "-";
    s += FD_ISSET(fd, &x) ? "x" : "-";
    return s;
}

/// \return a socket connected to \p ip:\p port, or -1 \param host host \param ip server
/// \param port port
int
ConnectTo(Ptr<SockbenchHost> host, Ipv4Address ip, uint16_t port)
{
    int fd = host->Socket(AF_INET, SOCK_STREAM, 0);
    InetAddr dest(ip, port);
    if (fd < 0 || host->Connect(fd, dest.Addr(), dest.len) != 0)
    {
        host->Close(fd);
        return -1;
    }
    return fd;
}

/// \return STATE records named \p name on the node of \p host, with field \p key == \p value
/// (any value when \p key is empty)
/// \param ctx context \param host host \param name record name \param key field
/// \param value its string value
uint32_t
CountStates(ConformanceContext& ctx,
            Ptr<SockbenchHost> host,
            const std::string& name,
            const std::string& key = "",
            const std::string& value = "")
{
    uint32_t n = 0;
    for (const auto& r : ctx.Trace()->GetRecords())
    {
        if (r.kind != TraceKind::STATE || r.name != name || r.node != host->GetNodeId())
        {
            continue;
        }
        if (key.empty())
        {
            ++n;
            continue;
        }
        for (const auto& f : r.fields)
        {
            if (f.key == key && std::holds_alternative<std::string>(f.value) &&
                std::get<std::string>(f.value) == value)
            {
                ++n;
            }
        }
    }
    return n;
}

/**
 * \brief One TCP connection between node 0 (client) and node 1 (server): the server thread
 * listens on \p port and accepts once (the listener is closed at once), the client thread
 * connects at \p clientStart. Each body gets its connected descriptor and must close it.
 * \param ctx context (CreateLinkedNodes already called)
 * \param port server port
 * \param client client body
 * \param server server body
 * \param clientStart when the client thread starts
 */
void
Pair(ConformanceContext& ctx,
     uint16_t port,
     std::function<void(int)> client,
     std::function<void(int)> server,
     Time clientStart = MilliSeconds(10))
{
    Ptr<SockbenchHost> c = ctx.Host(0);
    Ptr<SockbenchHost> s = ctx.Host(1);
    Ipv4Address ip = ctx.GetIpv4(1);
    ConformanceContext* pctx = &ctx;
    s->Spawn(
        "server:" + std::to_string(port),
        [pctx, s, port, server] {
            int l = TcpListener(s, port);
            pctx->Check(l >= 0, "server listens on " + std::to_string(port));
            int a = s->Accept(l, nullptr, nullptr);
            pctx->Check(a >= 0, "server accepts on " + std::to_string(port));
            s->Close(l);
            if (a >= 0)
            {
                server(a);
            }
        },
        clientStart > MilliSeconds(5) ? clientStart - MilliSeconds(5) : Seconds(0));
    c->Spawn(
        "client:" + std::to_string(port),
        [pctx, c, ip, port, client] {
            int fd = ConnectTo(c, ip, port);
            pctx->Check(fd >= 0, "client connects to " + std::to_string(port));
            if (fd >= 0)
            {
                client(fd);
            }
        },
        clientStart);
}

// ---- C. EOF and half-close ------------------------------------------------------------------

void
IN13(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    // Connection 1: data and FIN arrive before the server reads.
    Pair(
        ctx,
        5001,
        [client](int fd) {
            client->Send(fd, "hello", 5, 0);
            client->Close(fd);
        },
        [&ctx, server](int fd) {
            server->Sleep(MilliSeconds(200));
            ctx.CheckEqual(PollName(PollNow(server, fd)),
                           PollName(PEER_FIN_BITS),
                           "poll after data and FIN (no POLLHUP)");
            std::string got;
            ctx.CheckEqual(RecvText(server, fd, &got), Ok(5), "recv the queued data");
            ctx.CheckEqual(got, std::string("hello"), "data before EOF");
            ctx.CheckEqual(RecvText(server, fd), Ok(0), "recv after the data: EOF");
            ctx.CheckEqual(RecvText(server, fd), Ok(0), "recv again: EOF again");
            ctx.CheckEqual(PollName(PollNow(server, fd)),
                           PollName(PEER_FIN_BITS),
                           "poll after reading EOF");
            ctx.CheckEqual(server->Shutdown(fd, SHUT_WR), 0, "own SHUT_WR in CLOSE_WAIT");
            ctx.CheckEqual(PollName(PollNow(server, fd)),
                           PollName(PEER_FIN_BITS | POLLHUP),
                           "poll once both directions are shut: POLLHUP");
            server->Close(fd);
        });
    // Connection 2: a blocked recv wakes with 0 at the FIN.
    Time closedAt;
    Time wokeAt;
    Pair(
        ctx,
        5002,
        [client, &closedAt](int fd) {
            client->Sleep(Seconds(1));
            closedAt = Simulator::Now();
            client->Close(fd);
        },
        [&ctx, server, &wokeAt](int fd) {
            ctx.CheckEqual(RecvText(server, fd), Ok(0), "blocked recv wakes with 0 at the FIN");
            wokeAt = Simulator::Now();
            ctx.CheckEqual(RecvText(server, fd), Ok(0), "recv after EOF: 0");
            server->Close(fd);
        },
        MilliSeconds(20));
    ctx.Run(Seconds(30));
    ctx.Check(wokeAt > closedAt && wokeAt < closedAt + MilliSeconds(5),
              "the blocked recv woke one link delay after the peer's close");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::State("tcp-fin-received").OnNode(server->GetNodeId()))
                        .Expect(E::State("tcp-fin-received").OnNode(server->GetNodeId())));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

void
IN14(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    // The client closes at once (FIN); the server keeps sending in CLOSE_WAIT. The client's
    // socket is gone, so it answers the data with RST; the server then gets EPIPE.
    auto closeAtOnce = [client](int fd) { client->Close(fd); };
    Pair(ctx, 5001, closeAtOnce, [&ctx, server](int fd) {
        server->Sleep(MilliSeconds(100));
        ctx.CheckEqual(RecvText(server, fd), Ok(0), "EOF after the peer's FIN");
        ctx.CheckEqual(SendText(server, fd, "more"), Ok(4), "send in CLOSE_WAIT works");
        server->Sleep(MilliSeconds(100)); // the RST comes back
        ctx.CheckEqual(PollName(PollNow(server, fd)),
                       PollName(RESET_BITS),
                       "poll after the RST in CLOSE_WAIT");
        uint32_t before = server->GetSignalCount(SIGPIPE);
        ctx.CheckEqual(SendText(server, fd, "x"), Failed(EPIPE), "send after RST in CLOSE_WAIT");
        ctx.CheckEqual(server->GetSignalCount(SIGPIPE), before + 1, "that send raised SIGPIPE");
        ctx.CheckEqual(RecvText(server, fd), Ok(0), "recv keeps returning 0 (EOF first)");
        server->Close(fd);
    });
    Pair(
        ctx,
        5002,
        closeAtOnce,
        [&ctx, server](int fd) {
            server->Sleep(MilliSeconds(100));
            ctx.CheckEqual(SendText(server, fd, "more"), Ok(4), "send in CLOSE_WAIT works");
            server->Sleep(MilliSeconds(100));
            ctx.CheckEqual(RecvText(server, fd), Ok(0), "recv: EOF before the error");
            ctx.CheckEqual(SoError(server, fd), EPIPE, "SO_ERROR read first: EPIPE");
            ctx.CheckEqual(SoError(server, fd), 0, "SO_ERROR is cleared");
            server->Close(fd);
        },
        MilliSeconds(20));
    ctx.Run(Seconds(30));
    ctx.CheckEqual(CountStates(ctx, server, "tcp-done", "error", std::to_string(EPIPE)),
                   2u,
                   "both server connections ended with EPIPE (tcp-done)");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

void
IN15(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Pair(
        ctx,
        5001,
        [&ctx, client](int fd) {
            ctx.CheckEqual(SendText(client, fd, "abc"), Ok(3), "send before SHUT_WR");
            ctx.CheckEqual(Outcome(client, client->Shutdown(fd, SHUT_WR)), Ok(), "SHUT_WR");
            uint32_t before = client->GetSignalCount(SIGPIPE);
            ctx.CheckEqual(SendText(client, fd, "d"), Failed(EPIPE), "send after SHUT_WR");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), before + 1, "with SIGPIPE");
            ctx.CheckEqual(SendText(client, fd, "d", MSG_NOSIGNAL),
                           Failed(EPIPE),
                           "send with MSG_NOSIGNAL after SHUT_WR");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), before + 1, "MSG_NOSIGNAL: no SIGPIPE");
            ctx.CheckEqual(SoError(client, fd), 0, "SO_ERROR stays 0");
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(IDLE_BITS),
                           "poll after own SHUT_WR");
            ctx.CheckEqual(Outcome(client, client->Shutdown(fd, SHUT_WR)),
                           Ok(),
                           "a second SHUT_WR");
            std::string got;
            ctx.CheckEqual(RecvText(client, fd, &got), Ok(5), "reading goes on");
            ctx.CheckEqual(got, std::string("reply"), "the server's reply");
            ctx.CheckEqual(RecvText(client, fd), Ok(0), "then the server's FIN");
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(PEER_FIN_BITS | POLLHUP),
                           "poll once the peer closed too");
            client->Close(fd);
        },
        [&ctx, server](int fd) {
            std::string got;
            ctx.CheckEqual(RecvText(server, fd, &got), Ok(3), "the peer reads the data");
            ctx.CheckEqual(got, std::string("abc"), "data");
            ctx.CheckEqual(RecvText(server, fd), Ok(0), "then 0");
            server->Sleep(MilliSeconds(100));
            ctx.CheckEqual(SendText(server, fd, "reply"), Ok(5), "the peer answers");
            server->Close(fd);
        });
    ctx.Run(Seconds(30));
    ctx.ExpectTrace(TraceMatcher().Expect(E::State("signal").OnNode(client->GetNodeId())));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

void
IN16(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Pair(
        ctx,
        5001,
        [&ctx, client](int fd) {
            ctx.CheckEqual(SendText(client, fd, "one"), Ok(3), "first data");
            client->Sleep(Seconds(1));
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(IDLE_BITS),
                           "SHUT_RD is invisible to the peer");
            ctx.CheckEqual(SendText(client, fd, "two"), Ok(3), "data after the peer's SHUT_RD");
            std::string got;
            ctx.CheckEqual(RecvText(client, fd, &got), Ok(2), "the shut-down side still sends");
            ctx.CheckEqual(got, std::string("ok"), "its data");
            ctx.CheckEqual(RecvText(client, fd), Ok(0), "SHUT_RDWR sent a FIN");
            client->Close(fd);
        },
        [&ctx, server](int fd) {
            server->Sleep(MilliSeconds(500));
            ctx.CheckEqual(Outcome(server, server->Shutdown(fd, SHUT_RD)), Ok(), "SHUT_RD");
            ctx.CheckEqual(PollName(PollNow(server, fd)),
                           PollName(PEER_FIN_BITS),
                           "poll after SHUT_RD (data queued)");
            std::string got;
            ctx.CheckEqual(RecvText(server, fd, &got), Ok(3), "queued data is still returned");
            ctx.CheckEqual(got, std::string("one"), "the queued data");
            ctx.CheckEqual(RecvText(server, fd), Ok(0), "then a blocking recv returns 0");
            ctx.CheckEqual(PollName(PollNow(server, fd)),
                           PollName(PEER_FIN_BITS),
                           "poll after SHUT_RD (empty)");
            server->Sleep(Seconds(1)); // "two" arrives at about 1.01 s
            int n = -1;
            server->Ioctl(fd, FIONREAD, &n);
            ctx.CheckEqual(n, 3, "data arriving after SHUT_RD is accepted (FIONREAD)");
            ctx.CheckEqual(RecvText(server, fd, &got), Ok(3), "and readable");
            ctx.CheckEqual(got, std::string("two"), "the late data");
            ctx.CheckEqual(RecvText(server, fd), Ok(0), "then 0 again");
            ctx.CheckEqual(SendText(server, fd, "ok"), Ok(2), "sending still works");
            ctx.CheckEqual(Outcome(server, server->Shutdown(fd, SHUT_RDWR)), Ok(), "SHUT_RDWR");
            ctx.CheckEqual(PollName(PollNow(server, fd)),
                           PollName(PEER_FIN_BITS | POLLHUP),
                           "SHUT_RDWR adds POLLHUP");
            server->Sleep(MilliSeconds(100));
            server->Close(fd);
        });
    ctx.Run(Seconds(30));
    ctx.CheckEqual(CountStates(ctx, client, "tcp-fin-received"),
                   1u,
                   "the client saw one FIN (from SHUT_RDWR), none from SHUT_RD");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

void
IN17(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Ipv4Address ip = ctx.GetIpv4(1);
    client->Spawn("tcp", [&ctx, client, ip] {
        int fd = client->Socket(AF_INET, SOCK_STREAM, 0);
        ctx.CheckEqual(Outcome(client, client->Shutdown(fd, 3)), Failed(EINVAL), "how = 3");
        ctx.CheckEqual(Outcome(client, client->Shutdown(fd, -1)), Failed(EINVAL), "how = -1");
        ctx.CheckEqual(Outcome(client, client->Shutdown(fd, SHUT_WR)),
                       Failed(ENOTCONN),
                       "SHUT_WR on an unconnected TCP socket");
        InetAddr dest(ip, 5001);
        ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                       Ok(),
                       "connect after the failed shutdown");
        uint32_t before = client->GetSignalCount(SIGPIPE);
        ctx.CheckEqual(SendText(client, fd, "x"), Failed(EPIPE), "the shutdown bit was kept");
        ctx.CheckEqual(client->GetSignalCount(SIGPIPE), before + 1, "with SIGPIPE");
        client->Sleep(Seconds(1));
        client->Close(fd);
    });
    server->Spawn("tcp-server", [&ctx, server] {
        int l = TcpListener(server, 5001);
        int a = server->Accept(l, nullptr, nullptr);
        server->Close(l);
        server->Sleep(MilliSeconds(500));
        ctx.CheckEqual(RecvText(server, a, nullptr, MSG_DONTWAIT),
                       Failed(EAGAIN),
                       "no FIN and no data reached the server");
        // After an RST (state CLOSE): ENOTCONN.
        struct linger lg = {1, 0};
        server->SetSockOpt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
        server->Close(a);
    });
    client->Spawn(
        "tcp-reset",
        [&ctx, client, ip] {
            int fd = ConnectTo(client, ip, 5002);
            ctx.CheckEqual(RecvText(client, fd), Failed(ECONNRESET), "the peer resets");
            ctx.CheckEqual(Outcome(client, client->Shutdown(fd, SHUT_RDWR)),
                           Failed(ENOTCONN),
                           "shutdown after an RST");
            client->Close(fd);
        },
        MilliSeconds(10));
    server->Spawn("tcp-reset-server", [server] {
        int l = TcpListener(server, 5002);
        int a = server->Accept(l, nullptr, nullptr);
        server->Close(l);
        server->Sleep(MilliSeconds(100));
        struct linger lg = {1, 0};
        server->SetSockOpt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
        server->Close(a);
    });
    client->Spawn("udp", [&ctx, client, ip] {
        int fd = client->Socket(AF_INET, SOCK_DGRAM, 0);
        ctx.CheckEqual(Outcome(client, client->Shutdown(fd, 7)), Failed(EINVAL), "UDP how = 7");
        ctx.CheckEqual(Outcome(client, client->Shutdown(fd, SHUT_RD)),
                       Failed(ENOTCONN),
                       "SHUT_RD on an unconnected UDP socket");
        ctx.CheckEqual(RecvText(client, fd), Ok(0), "UDP recv after SHUT_RD: 0");
        ctx.CheckEqual(Outcome(client, client->Shutdown(fd, SHUT_WR)),
                       Failed(ENOTCONN),
                       "SHUT_WR on an unconnected UDP socket");
        InetAddr dest(ip, 6000);
        uint32_t before = client->GetSignalCount(SIGPIPE);
        ctx.CheckEqual(Outcome(client, client->SendTo(fd, "u", 1, 0, dest.Addr(), dest.len)),
                       Failed(EPIPE),
                       "UDP sendto after SHUT_WR");
        ctx.CheckEqual(client->GetSignalCount(SIGPIPE), before, "no SIGPIPE for UDP");
        client->Close(fd);
    });
    ctx.Run(Seconds(30));
    ctx.CheckEqual(CountStates(ctx, server, "tcp-fin-received"),
                   0u,
                   "the connected-after-shutdown socket sent no FIN before close");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- D. Resets ------------------------------------------------------------------------------

void
IN18(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    // Close with unread data: RST.
    Pair(
        ctx,
        5001,
        [&ctx, client](int fd) {
            ctx.CheckEqual(SendText(client, fd, "unread"), Ok(6), "data the server never reads");
            ctx.CheckEqual(RecvText(client, fd), Failed(ECONNRESET), "the peer sees ECONNRESET");
            client->Close(fd);
        },
        [&ctx, server](int fd) {
            server->Sleep(MilliSeconds(100));
            Time before = Simulator::Now();
            ctx.CheckEqual(Outcome(server, server->Close(fd)), Ok(), "close with unread data");
            ctx.CheckEqual(Simulator::Now(), before, "close returns at once");
        });
    // SO_LINGER {1, 0}: RST, unsent data dropped.
    const size_t bulk = 200000;
    int64_t received = 0;
    Pair(
        ctx,
        5002,
        [&ctx, client, &received](int fd) {
            std::vector<char> buf(4096);
            while (true)
            {
                ssize_t n = client->Recv(fd, buf.data(), buf.size(), 0);
                if (n <= 0)
                {
                    ctx.CheckEqual(Outcome(client, n),
                                   Failed(ECONNRESET),
                                   "reader of the lingering peer: ECONNRESET");
                    break;
                }
                received += n;
            }
            client->Close(fd);
        },
        [&ctx, server, bulk](int fd) {
            struct linger lg = {1, 0};
            ctx.CheckEqual(
                Outcome(server, server->SetSockOpt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg))),
                Ok(),
                "SO_LINGER {1, 0}");
            std::vector<char> data(bulk, 'b');
            ctx.CheckEqual(Outcome(server, server->Send(fd, data.data(), data.size(), 0)),
                           Ok(static_cast<int64_t>(bulk)),
                           "queue a bulk send");
            Time before = Simulator::Now();
            ctx.CheckEqual(Outcome(server, server->Close(fd)), Ok(), "close with SO_LINGER 0");
            ctx.CheckEqual(Simulator::Now(), before, "close returns at once");
        },
        MilliSeconds(20));
    ctx.Run(Seconds(30));
    ctx.Check(received < static_cast<int64_t>(bulk),
              "SO_LINGER 0 drops unsent data (received " + std::to_string(received) + ")");
    ctx.CheckEqual(CountStates(ctx, server, "tcp-rst-sent", "why", "unread-data"),
                   1u,
                   "tcp-rst-sent why=unread-data");
    ctx.CheckEqual(CountStates(ctx, server, "tcp-rst-sent", "why", "linger-0"),
                   1u,
                   "tcp-rst-sent why=linger-0");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

void
IN19(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    auto abortLater = [server](int fd) {
        server->Send(fd, "abc", 3, 0);
        server->Sleep(MilliSeconds(100));
        struct linger lg = {1, 0};
        server->SetSockOpt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
        server->Close(fd);
    };
    // Data, then ECONNRESET once, then 0.
    Pair(
        ctx,
        5001,
        [&ctx, client](int fd) {
            client->Sleep(MilliSeconds(500));
            std::string got;
            ctx.CheckEqual(RecvText(client, fd, &got), Ok(3), "data that arrived before the RST");
            ctx.CheckEqual(got, std::string("abc"), "its bytes");
            ctx.CheckEqual(RecvText(client, fd), Failed(ECONNRESET), "then ECONNRESET");
            ctx.CheckEqual(RecvText(client, fd), Ok(0), "then 0");
            ctx.CheckEqual(RecvText(client, fd), Ok(0), "0 for ever");
            client->Close(fd);
        },
        abortLater);
    // A blocked recv wakes with ECONNRESET.
    Time wokeAt;
    Pair(
        ctx,
        5002,
        [&ctx, client, &wokeAt](int fd) {
            std::string got;
            ctx.CheckEqual(RecvText(client, fd, &got), Ok(3), "data");
            ctx.CheckEqual(RecvText(client, fd), Failed(ECONNRESET), "blocked recv: ECONNRESET");
            wokeAt = Simulator::Now();
            client->Close(fd);
        },
        abortLater,
        MilliSeconds(20));
    ctx.Run(Seconds(30));
    ctx.Check(Within(wokeAt, MilliSeconds(120), MilliSeconds(135)),
              "the blocked recv woke when the RST arrived (about 0.12 s)");
    ctx.CheckEqual(CountStates(ctx, client, "tcp-done", "why", "rst-received"),
                   2u,
                   "two resets received");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

void
IN20(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    auto abortSoon = [server](int fd) {
        server->Sleep(MilliSeconds(50));
        struct linger lg = {1, 0};
        server->SetSockOpt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
        server->Close(fd);
    };
    // send finds the error first.
    Pair(
        ctx,
        5001,
        [&ctx, client](int fd) {
            client->Sleep(MilliSeconds(200));
            uint32_t sig = client->GetSignalCount(SIGPIPE);
            ctx.CheckEqual(SendText(client, fd, "x"), Failed(ECONNRESET), "send finds the RST");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), sig, "ECONNRESET without SIGPIPE");
            ctx.CheckEqual(SendText(client, fd, "x"), Failed(EPIPE), "later send: EPIPE");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), sig + 1, "with SIGPIPE");
            ctx.CheckEqual(SendText(client, fd, "x", MSG_NOSIGNAL),
                           Failed(EPIPE),
                           "MSG_NOSIGNAL: still EPIPE");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), sig + 1, "but no signal");
            ctx.CheckEqual(RecvText(client, fd), Ok(0), "recv: the error was taken by send");
            ctx.CheckEqual(SoError(client, fd), 0, "SO_ERROR: taken");
            client->Close(fd);
        },
        abortSoon);
    // SO_ERROR first; poll and select.
    Pair(
        ctx,
        5002,
        [&ctx, client](int fd) {
            client->Sleep(MilliSeconds(200));
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(RESET_BITS),
                           "poll after an RST, error unread");
            ctx.CheckEqual(PollName(PollFor(client, fd, 0)),
                           PollName(POLLERR | POLLHUP),
                           "POLLERR and POLLHUP although not requested");
            ctx.CheckEqual(SelectNow(client, fd), std::string("rw-"), "select: readable+writable");
            ctx.CheckEqual(SoError(client, fd), ECONNRESET, "SO_ERROR looks first");
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(RESET_BITS & ~POLLERR),
                           "POLLERR gone once the error is read");
            ctx.CheckEqual(SelectNow(client, fd), std::string("rw-"), "select after reading it");
            ctx.CheckEqual(RecvText(client, fd), Ok(0), "recv: 0 (error taken)");
            struct sockaddr_storage ss;
            socklen_t len = sizeof(ss);
            ctx.CheckEqual(
                Outcome(client,
                        client->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&ss), &len)),
                Failed(ENOTCONN),
                "getpeername after an RST");
            ctx.CheckEqual(Outcome(client, client->Shutdown(fd, SHUT_WR)),
                           Failed(ENOTCONN),
                           "shutdown after an RST");
            uint32_t sig = client->GetSignalCount(SIGPIPE);
            ctx.CheckEqual(SendText(client, fd, "x"), Failed(EPIPE), "send: EPIPE");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), sig + 1, "with SIGPIPE");
            client->Close(fd);
        },
        abortSoon,
        MilliSeconds(20));
    // recv first; then send gets EPIPE.
    Pair(
        ctx,
        5003,
        [&ctx, client](int fd) {
            client->Sleep(MilliSeconds(200));
            ctx.CheckEqual(RecvText(client, fd), Failed(ECONNRESET), "recv looks first");
            uint32_t sig = client->GetSignalCount(SIGPIPE);
            ctx.CheckEqual(SendText(client, fd, "x"), Failed(EPIPE), "then send: EPIPE");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), sig + 1, "with SIGPIPE");
            client->Close(fd);
        },
        abortSoon,
        MilliSeconds(30));
    ctx.Run(Seconds(30));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- E. Timeouts ----------------------------------------------------------------------------

void
IN21(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Time recvDone;
    Time recvfromDone;
    Time acceptDone;
    Time udpDone;
    Time start;
    Pair(
        ctx,
        5001,
        [&](int fd) {
            ctx.CheckEqual(SetTimeout(client, fd, SO_RCVTIMEO, 0, 1000000),
                           Failed(EDOM),
                           "tv_usec = 1000000");
            ctx.CheckEqual(SetTimeout(client, fd, SO_RCVTIMEO, 1, 2000000),
                           Failed(EDOM),
                           "tv_usec = 2000000");
            ctx.CheckEqual(SetTimeout(client, fd, SO_RCVTIMEO, 0, 500000), Ok(), "500 ms");
            struct timeval tv = {9, 9};
            socklen_t len = sizeof(tv);
            client->GetSockOpt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
            ctx.Check(tv.tv_sec == 0 && tv.tv_usec == 500000, "SO_RCVTIMEO reads back 500 ms");
            start = Simulator::Now();
            ctx.CheckEqual(RecvText(client, fd), Failed(EAGAIN), "recv times out");
            recvDone = Simulator::Now() - start;
            start = Simulator::Now();
            struct sockaddr_storage ss;
            socklen_t sl = sizeof(ss);
            char b[8];
            ctx.CheckEqual(Outcome(client,
                                   client->RecvFrom(fd,
                                                    b,
                                                    sizeof(b),
                                                    0,
                                                    reinterpret_cast<struct sockaddr*>(&ss),
                                                    &sl)),
                           Failed(EAGAIN),
                           "recvfrom times out");
            recvfromDone = Simulator::Now() - start;
            std::string got;
            ctx.CheckEqual(RecvText(client, fd, &got), Ok(4), "data within the timeout");
            client->Close(fd);
        },
        [&](int fd) {
            server->Sleep(Seconds(1) + MilliSeconds(200));
            server->Send(fd, "late", 4, 0);
            server->Sleep(MilliSeconds(100));
            server->Close(fd);
        });
    server->Spawn("accept", [&] {
        int l = TcpListener(server, 5002);
        ctx.CheckEqual(SetTimeout(server, l, SO_RCVTIMEO, 0, 300000), Ok(), "300 ms on listener");
        Time t0 = Simulator::Now();
        ctx.CheckEqual(Outcome(server, server->Accept(l, nullptr, nullptr)),
                       Failed(EAGAIN),
                       "accept times out");
        acceptDone = Simulator::Now() - t0;
        server->Close(l);
    });
    client->Spawn("udp", [&] {
        int u = client->Socket(AF_INET, SOCK_DGRAM, 0);
        InetAddr any(Ipv4Address::GetAny(), 6000);
        client->Bind(u, any.Addr(), any.len);
        ctx.CheckEqual(SetTimeout(client, u, SO_RCVTIMEO, 0, 250000), Ok(), "UDP 250 ms");
        Time t0 = Simulator::Now();
        char b[8];
        ctx.CheckEqual(Outcome(client, client->RecvFrom(u, b, sizeof(b), 0, nullptr, nullptr)),
                       Failed(EAGAIN),
                       "UDP recvfrom times out");
        udpDone = Simulator::Now() - t0;
        client->Close(u);
    });
    ctx.Run(Seconds(30));
    // HZ 250: 4 ms ticks; these timeouts are whole ticks.
    ctx.CheckEqual(recvDone, MilliSeconds(500), "recv timed out after 500 ms");
    ctx.CheckEqual(recvfromDone, MilliSeconds(500), "recvfrom timed out after 500 ms");
    ctx.CheckEqual(acceptDone, MilliSeconds(300), "accept timed out after 300 ms");
    // 250 ms is 62.5 ticks of 4 ms: rounded up to 63 ticks (sock_set_timeout).
    ctx.CheckEqual(udpDone, MilliSeconds(252), "UDP recvfrom timed out after 252 ms");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

void
IN22(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Time partialTook;
    Time fullTook;
    int64_t partial = -2;
    Pair(
        ctx,
        5001,
        [&](int fd) {
            ctx.CheckEqual(SetTimeout(client, fd, SO_SNDTIMEO, 0, 1000000),
                           Failed(EDOM),
                           "SO_SNDTIMEO tv_usec = 1000000");
            ctx.CheckEqual(SetTimeout(client, fd, SO_SNDTIMEO, 1, 0), Ok(), "SO_SNDTIMEO 1 s");
            // The peer never reads: a 2 MB send queues what fits, then times out.
            std::vector<char> big(2 * 1024 * 1024, 'z');
            Time t0 = Simulator::Now();
            ssize_t n = client->Send(fd, big.data(), big.size(), 0);
            partialTook = Simulator::Now() - t0;
            partial = n;
            ctx.Check(n > 0 && n < static_cast<ssize_t>(big.size()),
                      "a send that queued something returns the partial count (" +
                          std::to_string(n) + ")");
            ctx.Check((PollNow(client, fd) & POLLOUT) == 0, "a full socket does not poll POLLOUT");
            t0 = Simulator::Now();
            ctx.CheckEqual(SendText(client, fd, "more"),
                           Failed(EAGAIN),
                           "a send that queued nothing: EAGAIN");
            fullTook = Simulator::Now() - t0;
            ctx.CheckEqual(SendText(client, fd, "more", MSG_DONTWAIT),
                           Failed(EAGAIN),
                           "MSG_DONTWAIT on the full socket");
            client->Close(fd);
        },
        [&](int fd) {
            server->Sleep(Seconds(10)); // never reads
            server->Close(fd);
        });
    ctx.Run(Seconds(30));
    ctx.CheckEqual(fullTook, Seconds(1), "EAGAIN after the 1 s timeout");
    ctx.Check(Within(partialTook, Seconds(1), Seconds(1) + MilliSeconds(4)),
              "the partial send ended at the timeout");
    ctx.Check(partial > 131072, "more than one buffer's worth was queued before it filled up");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

void
IN23(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    SockbenchFaultHelper faults;
    faults.LinkDown(ctx.GetLink(0), Seconds(1));
    Time sentAt;
    Time erroredAt;
    Pair(
        ctx,
        5001,
        [&](int fd) {
            ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 2000),
                           Ok(),
                           "TCP_USER_TIMEOUT 2000 ms");
            ctx.CheckEqual(GetInt(client, fd, IPPROTO_TCP, TCP_USER_TIMEOUT), 2000, "reads back");
            client->Sleep(Seconds(1.5) - Simulator::Now());
            sentAt = Simulator::Now();
            ctx.CheckEqual(SendText(client, fd, "lost"), Ok(4), "send into the dead link");
            struct pollfd p = {fd, POLLIN, 0};
            ctx.CheckEqual(client->Poll(&p, 1, -1), 1, "poll wakes at the timeout");
            erroredAt = Simulator::Now();
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(RESET_BITS),
                           "poll after the user timeout");
            ctx.CheckEqual(RecvText(client, fd), Failed(ETIMEDOUT), "recv: ETIMEDOUT once");
            ctx.CheckEqual(RecvText(client, fd), Ok(0), "then 0");
            uint32_t sig = client->GetSignalCount(SIGPIPE);
            ctx.CheckEqual(SendText(client, fd, "x"), Failed(EPIPE), "send: EPIPE");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), sig + 1, "with SIGPIPE");
            client->Close(fd);
        },
        [&](int fd) {
            // An idle connection with nothing unacknowledged never times out.
            ctx.CheckEqual(SetInt(server, fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 500),
                           Ok(),
                           "server TCP_USER_TIMEOUT 500 ms");
            server->Sleep(Seconds(20));
            ctx.CheckEqual(PollName(PollNow(server, fd)),
                           PollName(IDLE_BITS),
                           "the peer noticed nothing; the idle side did not time out");
            ctx.CheckEqual(SoError(server, fd), 0, "no error on the idle side");
            server->Close(fd);
        });
    ctx.Run(Seconds(25));
    // choice (spec I): the clock starts when the oldest unacknowledged byte was sent, so
    // ETIMEDOUT comes exactly 2 s after the send (Linux: about 2.4 s, from its first RTO).
    ctx.Check(Within(erroredAt - sentAt, Seconds(2), Seconds(2) + MilliSeconds(1)),
              "ETIMEDOUT 2 s after the send of the oldest unacknowledged byte");
    ctx.CheckEqual(CountStates(ctx, client, "tcp-rst-sent"), 0u, "no RST was sent");
    ctx.CheckEqual(CountStates(ctx, client, "tcp-done", "error", std::to_string(ETIMEDOUT)),
                   1u,
                   "tcp-done with ETIMEDOUT");
    ctx.CheckEqual(CountStates(ctx, server, "tcp-done"), 0u, "the server's connection lives");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

/// IN24 scenario: data into a dead link from 1 s on; \return how long after the send recv
/// failed \param ctx context (nodes created) \param stop when the simulation stops
Time
DataTimeout(ConformanceContext& ctx, Time stop)
{
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    SockbenchFaultHelper faults;
    faults.LinkDown(ctx.GetLink(0), Seconds(1));
    auto took = std::make_shared<Time>(Time::Max());
    Pair(
        ctx,
        5001,
        [&ctx, client, took](int fd) {
            client->Sleep(Seconds(1.5) - Simulator::Now());
            Time sentAt = Simulator::Now();
            ctx.CheckEqual(SendText(client, fd, "lost"), Ok(4), "send into the dead link");
            ctx.CheckEqual(RecvText(client, fd), Failed(ETIMEDOUT), "recv: ETIMEDOUT");
            *took = Simulator::Now() - sentAt;
            ctx.CheckEqual(RecvText(client, fd), Ok(0), "then 0");
            client->Close(fd);
        },
        [server](int fd) {
            server->Sleep(Seconds(10));
            server->Close(fd); // an orphan FIN into the dead link
        });
    ctx.Run(stop);
    ctx.CheckEqual(CountStates(ctx, client, "tcp-rst-sent"), 0u, "no RST was sent");
    return *took;
}

void
IN24Linux(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("TimingProfile", EnumValue(TIMING_LINUX));
    ctx.CreateLinkedNodes(2);
    Time took = DataTimeout(ctx, Seconds(1200));
    // tcp_retries2 = 15: 924.6 s after the first retransmission (which follows the send by one
    // RTO of at least 200 ms). choice (spec I): ns-3 caps the RTO at 60 s, not 120 s, so the
    // expiry that finds the deadline passed comes up to one 60 s RTO later.
    ctx.Check(Within(took, Seconds(924.6 + 0.2), Seconds(924.6 + 1 + 60)),
              "ETIMEDOUT about 924.6 s after the first retransmission (took " +
                  std::to_string(took.GetSeconds()) + " s)");
    ctx.ExpectClean(ctx.Host(0));
    ctx.ExpectClean(ctx.Host(1));
}

// IN24: an ICMP soft error recorded while retransmitting replaces ETIMEDOUT (tcp_write_err:
// sk_err = sk_err_soft ?: ETIMEDOUT). client n0 - router n1 - server n2; the n1-n2 link goes
// down, and the router reports "host unreachable" for the client's segments. The ICMP alone
// does not end the established connection (tcp_v4_err keeps it as a soft error).
void
IN24SoftError(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(3);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(2);
    Ptr<Node> router = ctx.Host(1)->GetObject<Node>();
    SockbenchFaultHelper faults;
    faults.LinkDown(ctx.GetLink(1), Seconds(1));
    Time sentAt;
    Time erroredAt;
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001);
        int a = server->Accept(l, nullptr, nullptr);
        server->Close(l);
        server->Sleep(Seconds(20)); // sees nothing of it
        ctx.CheckEqual(SoError(server, a), 0, "the server has no error");
        server->Close(a);
    });
    client->Spawn(
        "client",
        [&] {
            int fd = ConnectTo(client, ctx.GetIpv4(2), 5001);
            ctx.Check(fd >= 0, "connected");
            ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 3000),
                           Ok(),
                           "TCP_USER_TIMEOUT 3000 ms");
            struct sockaddr_in local;
            socklen_t len = sizeof(local);
            client->GetSockName(fd, reinterpret_cast<struct sockaddr*>(&local), &len);
            uint16_t port = ntohs(local.sin_port);
            client->Sleep(Seconds(1.5) - Simulator::Now());
            sentAt = Simulator::Now();
            ctx.CheckEqual(SendText(client, fd, "lost"), Ok(4), "send into the dead link");
            Ipv4Address victim = ctx.GetIpv4(0);
            Ipv4Address quoted = ctx.GetIpv4(2);
            Simulator::Schedule(MilliSeconds(500), [=] {
                InjectIcmpv4(router, victim, port, quoted, 5001, 6, 3, 1); // host unreachable
            });
            client->Sleep(Seconds(1));
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(IDLE_BITS),
                           "after the ICMP: still established, no POLLERR");
            ctx.CheckEqual(SoError(client, fd), 0, "no error yet (a soft error)");
            ctx.CheckEqual(RecvText(client, fd), Failed(EHOSTUNREACH), "recv at the timeout");
            erroredAt = Simulator::Now();
            ctx.CheckEqual(RecvText(client, fd), Ok(0), "then 0");
            client->Close(fd);
        },
        MilliSeconds(10));
    ctx.Run(Seconds(30));
    ctx.Check(Within(erroredAt - sentAt, Seconds(3), Seconds(3) + MilliSeconds(1)),
              "EHOSTUNREACH instead of ETIMEDOUT, at the user timeout");
    ctx.CheckEqual(CountStates(ctx, client, "tcp-icmp-soft", "error", std::to_string(EHOSTUNREACH)),
                   1u,
                   "the ICMP was kept as a soft error");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
    ctx.ExpectClean(ctx.Host(1));
}

void
IN24Ns3(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("TimingProfile", EnumValue(TIMING_NS3));
    ctx.CreateLinkedNodes(2);
    Time took = DataTimeout(ctx, Seconds(400));
    // ns3 profile: ns-3's own DataRetries (6, MinRto 1 s, cap 60 s) give up about 123 s
    // after the loss.
    ctx.Check(Within(took, Seconds(118), Seconds(128)),
              "ETIMEDOUT about 123 s after the send (took " + std::to_string(took.GetSeconds()) +
                  " s)");
    ctx.ExpectClean(ctx.Host(0));
    ctx.ExpectClean(ctx.Host(1));
}

void
IN24Fin(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("TimingProfile", EnumValue(TIMING_LINUX));
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    SockbenchFaultHelper faults;
    faults.LinkDown(ctx.GetLink(0), Seconds(1));
    Time took = Time::Max();
    // After shutdown(SHUT_WR), a waiting recv gets ETIMEDOUT.
    Pair(
        ctx,
        5001,
        [&](int fd) {
            client->Sleep(Seconds(1.5) - Simulator::Now());
            Time t0 = Simulator::Now();
            ctx.CheckEqual(Outcome(client, client->Shutdown(fd, SHUT_WR)),
                           Ok(),
                           "FIN into a dead link");
            ctx.CheckEqual(RecvText(client, fd), Failed(ETIMEDOUT), "recv: ETIMEDOUT");
            took = Simulator::Now() - t0;
            client->Close(fd);
        },
        [&](int fd) {
            server->Sleep(Seconds(5));
            server->Close(fd);
        });
    // After close(), the closing connection is dropped when the clock runs out.
    Pair(
        ctx,
        5002,
        [&](int fd) {
            client->Sleep(Seconds(1.5) - Simulator::Now());
            client->Close(fd);
        },
        [&](int fd) {
            server->Sleep(Seconds(5));
            server->Close(fd);
        },
        MilliSeconds(20));
    ctx.Run(Seconds(1500));
    ctx.Check(Within(took, Seconds(924.6), Seconds(924.6 + 1 + 60)),
              "the FIN gives up like data (took " + std::to_string(took.GetSeconds()) + " s)");
    ctx.Check(CountStates(ctx, client, "tcp-orphan-end", "why", "gave-up") == 1,
              "the closed connection's FIN gave up (tcp-orphan-end why=gave-up)");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

void
IN25(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Ipv4Address ip = ctx.GetIpv4(1);
    SockbenchFaultHelper faults;
    faults.LinkDown(ctx.GetLink(0), Seconds(1));
    client->Spawn(
        "client",
        [&] {
            int fd = client->Socket(AF_INET, SOCK_STREAM, 0);
            ctx.CheckEqual(SetInt(client, fd, SOL_SOCKET, SO_KEEPALIVE, 1), Ok(), "SO_KEEPALIVE");
            ctx.CheckEqual(GetInt(client, fd, SOL_SOCKET, SO_KEEPALIVE), 1, "SO_KEEPALIVE reads 1");
            ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_KEEPIDLE, 1), Ok(), "KEEPIDLE 1");
            ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_KEEPINTVL, 1), Ok(), "KEEPINTVL 1");
            ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_KEEPCNT, 2), Ok(), "KEEPCNT 2");
            ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_KEEPIDLE, 0),
                           Failed(EINVAL),
                           "KEEPIDLE 0");
            ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_KEEPIDLE, 32768),
                           Failed(EINVAL),
                           "KEEPIDLE 32768");
            ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_KEEPINTVL, 0),
                           Failed(EINVAL),
                           "KEEPINTVL 0");
            ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_KEEPCNT, 128),
                           Failed(EINVAL),
                           "KEEPCNT 128");
            ctx.CheckEqual(GetInt(client, fd, IPPROTO_TCP, TCP_KEEPIDLE), 1, "KEEPIDLE stored");
            ctx.CheckEqual(GetInt(client, fd, IPPROTO_TCP, TCP_KEEPINTVL), 1, "KEEPINTVL stored");
            ctx.CheckEqual(GetInt(client, fd, IPPROTO_TCP, TCP_KEEPCNT), 2, "KEEPCNT stored");
            InetAddr dest(ip, 5001);
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Ok(),
                           "connect");
            // choice (spec I, IN25): keepalive is not reproduced. On Linux this idle
            // connection to a dead peer fails with ETIMEDOUT after 1 + 2 x 1 = 3 s; here it
            // stays up, and a tcp-keepalive record says so.
            client->Sleep(Seconds(30));
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(IDLE_BITS),
                           "not reproduced: the idle connection is not timed out");
            ctx.CheckEqual(SoError(client, fd), 0, "no error after 30 s");
            client->Close(fd);
        },
        MilliSeconds(10));
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001);
        int a = server->Accept(l, nullptr, nullptr);
        server->Close(l);
        server->Sleep(Seconds(31));
        server->Close(a);
    });
    ctx.Run(Seconds(40));
    ctx.ExpectTrace(TraceMatcher().Expect(
        E::State("tcp-keepalive").OnNode(client->GetNodeId()).Field("modelled", int64_t{0})));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- F. State errors and addresses ----------------------------------------------------------

void
IN26(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Ipv4Address ip = ctx.GetIpv4(1);
    client->Spawn("unconnected", [&] {
        int fd = client->Socket(AF_INET, SOCK_STREAM, 0);
        char b[4];
        ctx.CheckEqual(RecvText(client, fd), Failed(ENOTCONN), "recv on an unconnected socket");
        ctx.CheckEqual(Outcome(client, client->Read(fd, b, sizeof(b))),
                       Failed(ENOTCONN),
                       "read on an unconnected socket");
        uint32_t sig = client->GetSignalCount(SIGPIPE);
        ctx.CheckEqual(SendText(client, fd, "x"), Failed(EPIPE), "send: EPIPE, not ENOTCONN");
        ctx.CheckEqual(client->GetSignalCount(SIGPIPE), sig + 1, "send raised SIGPIPE");
        ctx.CheckEqual(Outcome(client, client->Write(fd, "x", 1)), Failed(EPIPE), "write: EPIPE");
        ctx.CheckEqual(client->GetSignalCount(SIGPIPE), sig + 2, "write raised SIGPIPE");
        struct sockaddr_storage ss;
        socklen_t len = sizeof(ss);
        ctx.CheckEqual(
            Outcome(client, client->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&ss), &len)),
            Failed(ENOTCONN),
            "getpeername");
        ctx.CheckEqual(PollName(PollNow(client, fd)),
                       PollName(POLLOUT | POLLWRNORM | POLLHUP),
                       "poll on an unconnected socket");
        ctx.CheckEqual(SelectNow(client, fd), std::string("rw-"), "select: readable and writable");
        InetAddr any(Ipv4Address::GetAny(), 7001);
        ctx.CheckEqual(Outcome(client, client->Bind(fd, any.Addr(), any.len)), Ok(), "bind");
        InetAddr other(Ipv4Address::GetAny(), 7002);
        ctx.CheckEqual(Outcome(client, client->Bind(fd, other.Addr(), other.len)),
                       Failed(EINVAL),
                       "bind on a bound socket");
        InetAddr dest(ip, 5001);
        ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                       Ok(),
                       "connect");
        ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                       Failed(EISCONN),
                       "connect on a connected socket");
        InetAddr third(Ipv4Address::GetAny(), 7003);
        ctx.CheckEqual(Outcome(client, client->Bind(fd, third.Addr(), third.len)),
                       Failed(EINVAL),
                       "bind on a connected socket");
        InetAddr bogus(Ipv4Address("10.77.0.1"), 9);
        ctx.CheckEqual(Outcome(client, client->SendTo(fd, "hi", 2, 0, bogus.Addr(), bogus.len)),
                       Ok(2),
                       "sendto with an address on a connected socket");
        client->Sleep(MilliSeconds(200));
        client->Close(fd);
    });
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001);
        int a = server->Accept(l, nullptr, nullptr);
        server->Close(l);
        std::string got;
        ctx.CheckEqual(RecvText(server, a, &got), Ok(2), "the address was ignored");
        ctx.CheckEqual(got, std::string("hi"), "data reached the peer");
        server->Close(a);
    });
    ctx.Run(Seconds(10));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

/// \return bind() outcome of \p fd to any:\p port \param host host \param fd socket
/// \param port port
CallResult
BindPort(Ptr<SockbenchHost> host, int fd, uint16_t port)
{
    InetAddr any(Ipv4Address::GetAny(), port);
    return Outcome(host, host->Bind(fd, any.Addr(), any.len));
}

/// \return a socket of \p type with SO_REUSEADDR \p reuse \param host host \param type type
/// \param reuse SO_REUSEADDR
int
NewSocket(Ptr<SockbenchHost> host, int type, bool reuse)
{
    int fd = host->Socket(AF_INET, type, 0);
    if (reuse)
    {
        int one = 1;
        host->SetSockOpt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    return fd;
}

void
IN27Conflicts(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> host = ctx.Host(0);
    Ipv4Address mine = ctx.GetIpv4(0);
    host->Spawn("binder", [&] {
        // A listener's port: EADDRINUSE even with SO_REUSEADDR on both.
        int l = TcpListener(host, 6000, 16, AF_INET, true);
        ctx.Check(l >= 0, "listener with SO_REUSEADDR");
        int a = NewSocket(host, SOCK_STREAM, true);
        ctx.CheckEqual(BindPort(host, a, 6000), Failed(EADDRINUSE), "bind to a listener's port");
        // Two SO_REUSEADDR sockets share a port while neither listens.
        int b = NewSocket(host, SOCK_STREAM, true);
        int c = NewSocket(host, SOCK_STREAM, true);
        ctx.CheckEqual(BindPort(host, b, 6001), Ok(), "first SO_REUSEADDR bind");
        ctx.CheckEqual(BindPort(host, c, 6001), Ok(), "second SO_REUSEADDR bind");
        ctx.CheckEqual(Outcome(host, host->Listen(b, 4)), Ok(), "first listen");
        ctx.CheckEqual(Outcome(host, host->Listen(c, 4)), Failed(EADDRINUSE), "second listen");
        // Without SO_REUSEADDR a bound port is exclusive, TCP and UDP.
        int d = NewSocket(host, SOCK_STREAM, false);
        int e = NewSocket(host, SOCK_STREAM, false);
        ctx.CheckEqual(BindPort(host, d, 6002), Ok(), "TCP bind");
        ctx.CheckEqual(BindPort(host, e, 6002), Failed(EADDRINUSE), "TCP bind to a bound port");
        int f = NewSocket(host, SOCK_DGRAM, false);
        int g = NewSocket(host, SOCK_DGRAM, false);
        ctx.CheckEqual(BindPort(host, f, 6003), Ok(), "UDP bind");
        ctx.CheckEqual(BindPort(host, g, 6003), Failed(EADDRINUSE), "UDP bind to a bound port");
        // Addresses.
        int h = NewSocket(host, SOCK_STREAM, false);
        InetAddr foreign(Ipv4Address("10.99.0.1"), 6004);
        ctx.CheckEqual(Outcome(host, host->Bind(h, foreign.Addr(), foreign.len)),
                       Failed(EADDRNOTAVAIL),
                       "bind to a non-local address");
        InetAddr v6(Ipv6Address::GetAny(), 6004);
        ctx.CheckEqual(Outcome(host, host->Bind(h, v6.Addr(), v6.len)),
                       Failed(EAFNOSUPPORT),
                       "bind an AF_INET socket to an AF_INET6 address");
        InetAddr local(mine, 6004);
        ctx.CheckEqual(Outcome(host, host->Bind(h, local.Addr(), local.len)),
                       Ok(),
                       "bind to the node's own address");
        int p = NewSocket(host, SOCK_STREAM, false);
        ctx.CheckEqual(BindPort(host, p, 80), Failed(EACCES), "port 80 without privileges");
        int q = NewSocket(host, SOCK_DGRAM, false);
        ctx.CheckEqual(BindPort(host, q, 53), Failed(EACCES), "UDP port 53 without privileges");
        for (int fd : {l, a, b, c, d, e, f, g, h, p, q})
        {
            host->Close(fd);
        }
    });
    ctx.Run(Seconds(5));
    ctx.ExpectClean(ctx.Host(0));
    ctx.ExpectClean(ctx.Host(1));
}

void
IN27Privileged(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("Uid", UintegerValue(0));
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> host = ctx.Host(0);
    host->Spawn("root", [&] {
        int t = host->Socket(AF_INET, SOCK_STREAM, 0);
        ctx.CheckEqual(BindPort(host, t, 80), Ok(), "uid 0 binds TCP port 80");
        int u = host->Socket(AF_INET, SOCK_DGRAM, 0);
        ctx.CheckEqual(BindPort(host, u, 53), Ok(), "uid 0 binds UDP port 53");
        host->Close(t);
        host->Close(u);
    });
    ctx.Run(Seconds(5));
    ctx.ExpectClean(ctx.Host(0));
    ctx.ExpectClean(ctx.Host(1));
}

void
IN27TimeWait(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("TimingProfile", EnumValue(TIMING_LINUX));
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Ipv4Address ip = ctx.GetIpv4(1);
    // Three connections from fixed client ports: the client closes first, so the client's
    // side enters TIME_WAIT (at about t + 5 ms).
    //   7000: old socket without SO_REUSEADDR
    //   7001: old socket with SO_REUSEADDR
    //   7002: old socket with SO_REUSEADDR (expiry checked without SO_REUSEADDR)
    auto connectFrom = [&ctx, client, ip](uint16_t local, bool reuse) {
        int fd = NewSocket(client, SOCK_STREAM, reuse);
        ctx.CheckEqual(BindPort(client, fd, local), Ok(), "client bind " + std::to_string(local));
        InetAddr dest(ip, 5001);
        ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                       Ok(),
                       "connect from " + std::to_string(local));
        client->Close(fd); // active close: TIME_WAIT here
    };
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001);
        for (int i = 0; i < 3; ++i)
        {
            int a = server->Accept(l, nullptr, nullptr);
            ctx.CheckEqual(RecvText(server, a), Ok(0), "the client's FIN");
            server->Close(a);
        }
        server->Close(l);
    });
    client->Spawn(
        "client",
        [&] {
            connectFrom(7000, false);
            connectFrom(7001, true);
            connectFrom(7002, true);
            client->Sleep(Seconds(1) - Simulator::Now());
            int x = NewSocket(client, SOCK_STREAM, true);
            ctx.CheckEqual(BindPort(client, x, 7000),
                           Failed(EADDRINUSE),
                           "TIME_WAIT of a socket without SO_REUSEADDR blocks even a reuser");
            int y = NewSocket(client, SOCK_STREAM, false);
            ctx.CheckEqual(BindPort(client, y, 7001),
                           Failed(EADDRINUSE),
                           "new socket without SO_REUSEADDR: EADDRINUSE");
            ctx.CheckEqual(BindPort(client, x, 7001), Ok(), "both set SO_REUSEADDR: bound");
            client->Close(x);
            client->Close(y);
            // TIME_WAIT lasts 2 x MaxSegLifetime = 60 s under the LINUX profile.
            client->Sleep(Seconds(59) - Simulator::Now());
            int z = NewSocket(client, SOCK_STREAM, false);
            ctx.CheckEqual(BindPort(client, z, 7002), Failed(EADDRINUSE), "at 59 s: TIME_WAIT");
            client->Sleep(Seconds(61) - Simulator::Now());
            ctx.CheckEqual(BindPort(client, z, 7002), Ok(), "at 61 s: TIME_WAIT is over");
            client->Close(z);
        },
        MilliSeconds(10));
    // Server side: accepted sockets inherit SO_REUSEADDR from the listener.
    server->Spawn("tw-server", [&] {
        for (bool reuse : {true, false})
        {
            uint16_t port = reuse ? 5010 : 5011;
            int l = TcpListener(server, port, 16, AF_INET, reuse);
            int a = server->Accept(l, nullptr, nullptr);
            server->Close(a); // active close by the server: its child enters TIME_WAIT
            server->Close(l);
        }
        server->Sleep(Seconds(2) - Simulator::Now());
        int n1 = NewSocket(server, SOCK_STREAM, true);
        ctx.CheckEqual(BindPort(server, n1, 5010),
                       Ok(),
                       "child inherited SO_REUSEADDR: a reuser may bind");
        int n2 = NewSocket(server, SOCK_STREAM, true);
        ctx.CheckEqual(BindPort(server, n2, 5011),
                       Failed(EADDRINUSE),
                       "child without SO_REUSEADDR: EADDRINUSE");
        server->Close(n1);
        server->Close(n2);
    });
    client->Spawn(
        "tw-client",
        [&] {
            for (uint16_t port : {5010, 5011})
            {
                int fd = ConnectTo(client, ip, port);
                ctx.CheckEqual(RecvText(client, fd), Ok(0), "server closed first");
                client->Close(fd);
            }
        },
        MilliSeconds(300));
    ctx.Run(Seconds(70));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

} // namespace

void
RegisterInetCases_b(ConformanceCatalog& catalog)
{
    catalog.Add({"IN13_peer_fin_eof",
                 {"IN13"},
                 "peer FIN: data then 0 for ever, poll IN|RDHUP|OUT, HUP only when both shut, "
                 "blocked recv wakes with 0",
                 IN13});
    catalog.Add({"IN14_send_after_peer_fin_then_rst",
                 {"IN14"},
                 "send in CLOSE_WAIT works; the RST of a closed peer gives EPIPE+SIGPIPE, "
                 "SO_ERROR EPIPE, recv 0",
                 IN14});
    catalog.Add({"IN15_shutdown_wr",
                 {"IN15"},
                 "SHUT_WR: FIN after data, send EPIPE+SIGPIPE (MSG_NOSIGNAL), SO_ERROR 0, "
                 "POLLOUT, reading goes on",
                 IN15});
    catalog.Add({"IN16_shutdown_rd",
                 {"IN16"},
                 "SHUT_RD: invisible to the peer, queued data then 0, later data still "
                 "readable, sending works; SHUT_RDWR adds HUP",
                 IN16});
    catalog.Add({"IN17_shutdown_unconnected",
                 {"IN17"},
                 "shutdown on unconnected TCP/UDP: ENOTCONN but bits kept (EPIPE later); "
                 "EINVAL for bad how; ENOTCONN after RST",
                 IN17});
    catalog.Add({"IN18_close_unread_and_linger0_send_rst",
                 {"IN18"},
                 "close with unread data and SO_LINGER {1,0} send RST at once; the peer gets "
                 "ECONNRESET",
                 IN18});
    catalog.Add({"IN19_rst_data_then_econnreset_then_eof",
                 {"IN19"},
                 "RST: queued data, then ECONNRESET once, then 0; a blocked recv wakes",
                 IN19});
    catalog.Add({"IN20_who_sees_the_reset",
                 {"IN20"},
                 "first caller takes the error; send ECONNRESET without SIGPIPE then EPIPE with "
                 "it; poll/select after RST",
                 IN20});
    catalog.Add({"IN21_so_rcvtimeo",
                 {"IN21"},
                 "SO_RCVTIMEO: recv, recvfrom, accept, UDP give EAGAIN after the timeout; "
                 "tv_usec >= 1e6 EDOM",
                 IN21});
    catalog.Add({"IN22_so_sndtimeo",
                 {"IN22"},
                 "SO_SNDTIMEO on a full send buffer: partial count, then EAGAIN; no POLLOUT",
                 IN22});
    catalog.Add({"IN23_user_timeout_link_down",
                 {"IN23"},
                 "TCP_USER_TIMEOUT with the link down: ETIMEDOUT (choice: from the send), no "
                 "RST, idle side never times out",
                 IN23});
    catalog.Add({"IN24_data_timeout_linux_profile",
                 {"IN24"},
                 "default data timeout, linux profile: ETIMEDOUT about 924.6 s after the first "
                 "retransmission (choice: 60 s RTO cap)",
                 IN24Linux});
    catalog.Add({"IN24_data_timeout_ns3_profile",
                 {"IN24"},
                 "default data timeout, ns3 profile: ETIMEDOUT about 123 s after the loss",
                 IN24Ns3});
    catalog.Add({"IN24_icmp_soft_error_replaces_etimedout",
                 {"IN24", "IN23"},
                 "an ICMP host unreachable while retransmitting: kept as a soft error, then "
                 "EHOSTUNREACH instead of ETIMEDOUT at the timeout",
                 IN24SoftError});
    catalog.Add({"IN24_fin_into_dead_link_bounded",
                 {"IN24"},
                 "a FIN into a dead link gives up like data: recv ETIMEDOUT after SHUT_WR, "
                 "orphan dropped after close",
                 IN24Fin});
    catalog.Add({"IN25_keepalive_not_reproduced",
                 {"IN25"},
                 "choice: keepalive options stored and validated, tcp-keepalive modelled=false, "
                 "idle dead peer not timed out",
                 IN25});
    catalog.Add({"IN26_unconnected_state_errors",
                 {"IN26"},
                 "unconnected TCP: recv ENOTCONN, send EPIPE+SIGPIPE, poll OUT|HUP; EISCONN, "
                 "EINVAL rebind, sendto ignores address",
                 IN26});
    catalog.Add({"IN27_bind_conflicts_and_addresses",
                 {"IN27"},
                 "EADDRINUSE rules with SO_REUSEADDR and listen; EADDRNOTAVAIL, EAFNOSUPPORT, "
                 "EACCES below 1024",
                 IN27Conflicts});
    catalog.Add(
        {"IN27_privileged_port_uid0", {"IN27"}, "uid 0 may bind ports below 1024", IN27Privileged});
    catalog.Add({"IN27_time_wait_reuseaddr",
                 {"IN27"},
                 "TIME_WAIT port: rebind needs SO_REUSEADDR on both (children inherit); free "
                 "after 60 s under LINUX",
                 IN27TimeWait});
}

} // namespace ns3
