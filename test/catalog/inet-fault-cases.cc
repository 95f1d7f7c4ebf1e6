/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: the TCP/UDP fault matrix (FM1-FM13). Each fault (FIN, RST, refused,
 * timeout, link down, node crash, and a lossy link) is injected once on a stream and once on
 * a datagram socket, and what EACH end observes is checked: return values, errno sequences,
 * poll bits and when they happen (spec inet-sockets.md; the IN rules each case exercises
 * follow its FM rule id). Faults come from SockbenchFaultHelper or from the socket calls
 * that make them (close for FIN, SO_LINGER {1, 0} + close for RST, a closed port for
 * refused, TCP_SYNCNT / TCP_USER_TIMEOUT for timeouts).
 *
 * Topology: ctx.CreateLinkedNodes(2): node 0 (10.0.1.1, 2001:db8:1::1) is the client, node 1
 * (10.0.1.2, 2001:db8:1::2) the server, 10 Mb/s and 1 ms one way, so a small segment takes
 * about 1.05 ms and a round trip about 2.1 ms. Timing profile LINUX (the default).
 */

#include "inet-test-util.h"
#include "sockbench-catalog.h"

#include "ns3/link-fault-model.h"
#include "ns3/posix-names.h"
#include "ns3/simulator.h"
#include "ns3/sockbench-fault-helper.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <vector>

namespace ns3
{

namespace
{
using E = TraceExpectation;

constexpr uint16_t PORT = 5001;

/// poll revents after an RST or a timeout, error unread (spec table H)
const short AFTER_RESET_UNREAD =
    POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM | POLLRDHUP;
/// poll revents after an RST or a timeout, error read (spec table H)
const short AFTER_RESET_READ = POLLIN | POLLOUT | POLLHUP | POLLRDNORM | POLLWRNORM | POLLRDHUP;
/// poll revents of a fresh or failed-and-reset TCP socket (spec table H)
const short TCP_FRESH = POLLOUT | POLLWRNORM | POLLHUP;
/// poll revents of an idle established TCP socket
const short TCP_IDLE = POLLOUT | POLLWRNORM;
/// poll revents of a TCP socket after the peer's FIN
const short TCP_CLOSE_WAIT = POLLIN | POLLRDNORM | POLLRDHUP | POLLOUT | POLLWRNORM;
/// poll revents of an idle UDP socket
const short UDP_IDLE = POLLOUT | POLLWRNORM | POLLWRBAND;

/// \return poll revents of \p fd (all events requested, no waiting), as text
std::string
Revents(Ptr<SockbenchHost> host, int fd)
{
    return PollName(PollNow(host, fd));
}

/// \return the text of the poll bits \p bits
std::string
Bits(short bits)
{
    return PollName(bits);
}

/// \return "[lo, hi]" check text for messages
std::string
Window(Time t, Time lo, Time hi)
{
    std::ostringstream os;
    os << t.As(Time::MS) << " not in [" << lo.As(Time::MS) << ", " << hi.As(Time::MS) << "]";
    return os.str();
}

/// Record a failure unless lo <= t <= hi.
void
CheckWithin(ConformanceContext& ctx, Time t, Time lo, Time hi, const std::string& what)
{
    ctx.Check(t >= lo && t <= hi, what + ": " + Window(t, lo, hi));
}

/// Set SO_RCVTIMEO. \return the setsockopt outcome
CallResult
SetRcvTimeout(Ptr<SockbenchHost> host, int fd, long sec, long usec)
{
    struct timeval tv = {sec, usec};
    return Outcome(host, host->SetSockOpt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
}

/// recv() into \p out (resized to what was read). \return the outcome
CallResult
RecvStr(Ptr<SockbenchHost> host, int fd, std::string& out, size_t max = 256, int flags = 0)
{
    std::vector<char> buf(max);
    ssize_t n = host->Recv(fd, buf.data(), buf.size(), flags);
    out.assign(buf.data(), n > 0 ? static_cast<size_t>(n) : 0);
    return Outcome(host, n);
}

/// recv() discarding the data. \return the outcome
CallResult
Recv(Ptr<SockbenchHost> host, int fd, size_t max = 256, int flags = 0)
{
    std::string ignored;
    return RecvStr(host, fd, ignored, max, flags);
}

/// poll() one descriptor for \p events, waiting up to \p timeoutMs. \return revents text
/// \param[out] ret poll's return value
std::string
PollWait(Ptr<SockbenchHost> host, int fd, short events, int timeoutMs, int& ret)
{
    struct pollfd p = {fd, events, 0};
    ret = host->Poll(&p, 1, timeoutMs);
    return Bits(p.revents);
}

/// \return a connected TCP socket (blocking connect from a thread), checking the outcome
int
ConnectTcp(ConformanceContext& ctx,
           Ptr<SockbenchHost> host,
           const InetAddr& dest,
           const std::string& what)
{
    int fd = host->Socket(dest.ss.ss_family, SOCK_STREAM, 0);
    ctx.CheckEqual(Outcome(host, host->Connect(fd, dest.Addr(), dest.len)), Ok(), what);
    return fd;
}

/// \return ETIMEDOUT etc. as the "error" field of tcp-done
std::string
ErrorField(int error)
{
    return std::to_string(error);
}

// ---- FM1: FIN on a stream ---------------------------------------------------------------------

/**
 * The client sends "hello", then close()s (FIN). Server: the data, then a blocked recv wakes
 * with 0 one segment time after the close, recv keeps giving 0, poll shows CLOSE_WAIT. A send
 * in CLOSE_WAIT works; the fully closed client answers it with RST, which sets EPIPE (not
 * ECONNRESET): poll gets ERR|HUP, send fails with EPIPE + SIGPIPE (every time), recv stays 0.
 * Client: close() returns 0 at once and the descriptor is gone; no signal, nothing else.
 */
void
FM1(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    Time closedAt;
    Time eofAt;

    server->Spawn("server", [&] {
        int l = TcpListener(server, PORT);
        int a = server->Accept(l, nullptr, nullptr);
        std::string data;
        ctx.CheckEqual(RecvStr(server, a, data), Ok(5), "server: recv the data before the FIN");
        ctx.CheckEqual(data, std::string("hello"), "server: data");
        ctx.CheckEqual(Recv(server, a), Ok(0), "server: a blocked recv wakes with 0 at the FIN");
        eofAt = Simulator::Now();
        ctx.CheckEqual(Recv(server, a), Ok(0), "server: recv keeps returning 0 (IN13)");
        ctx.CheckEqual(Revents(server, a), Bits(TCP_CLOSE_WAIT), "server: poll in CLOSE_WAIT");
        ctx.CheckEqual(SoError(server, a), 0, "server: SO_ERROR after the FIN");
        ctx.CheckEqual(SendText(server, a, "late"), Ok(4), "server: send in CLOSE_WAIT works");
        server->Sleep(MilliSeconds(50)); // the closed client answers with RST
        ctx.CheckEqual(Revents(server, a),
                       Bits(AFTER_RESET_UNREAD),
                       "server: poll after the RST in CLOSE_WAIT (error EPIPE unread)");
        ctx.CheckEqual(SendText(server, a, "x"),
                       Failed(EPIPE),
                       "server: send after the RST in CLOSE_WAIT (IN14)");
        ctx.CheckEqual(server->GetSignalCount(SIGPIPE), 1u, "server: SIGPIPE with that EPIPE");
        ctx.CheckEqual(SendText(server, a, "x"), Failed(EPIPE), "server: later sends: EPIPE");
        ctx.CheckEqual(server->GetSignalCount(SIGPIPE), 2u, "server: SIGPIPE again");
        ctx.CheckEqual(Recv(server, a), Ok(0), "server: recv after the RST: still EOF");
        ctx.CheckEqual(Revents(server, a), Bits(AFTER_RESET_READ), "server: poll, error read");
        server->Close(a);
        server->Close(l);
    });
    client->Spawn(
        "client",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "client: connect");
            ctx.CheckEqual(SendText(client, fd, "hello"), Ok(5), "client: send");
            client->Sleep(MilliSeconds(200));
            closedAt = Simulator::Now();
            ctx.CheckEqual(Outcome(client, client->Close(fd)), Ok(), "client: close (FIN)");
            ctx.CheckEqual(Simulator::Now(), closedAt, "client: close returns at once");
            ctx.CheckEqual(Recv(client, fd), Failed(EBADF), "client: the descriptor is gone");
        },
        MilliSeconds(100));
    ctx.Run(Seconds(10));
    CheckWithin(ctx,
                eofAt,
                closedAt + MilliSeconds(1),
                closedAt + MilliSeconds(3),
                "server: EOF one segment time after the client's close");
    ctx.CheckEqual(client->GetSignalCount(SIGPIPE), 0u, "client: no signal");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::State("tcp-fin-received").OnNode(1))
                        .Expect(E::State("tcp-rst-sent")
                                    .OnNode(0)
                                    .Field("why", "data-after-close")) // the closed client
                        .Expect(E::State("tcp-done")
                                    .OnNode(1)
                                    .Field("why", "rst-received")
                                    .Field("error", ErrorField(EPIPE))));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM2: "FIN" on datagrams ------------------------------------------------------------------

/**
 * UDP has no FIN. The client's shutdown(SHUT_WR) is local: its sends fail with EPIPE and no
 * SIGPIPE, it still receives, and the server sees nothing (its recv times out with EAGAIN,
 * never 0). After the client's close() the server still notices nothing while it is
 * unconnected (the ICMP port unreachable is ignored, IN29); once connected to the client, one
 * send later it gets ECONNREFUSED once (IN28).
 */
void
FM2(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    Time recvStart;
    Time recvEnd;

    server->Spawn("server", [&] {
        int s = UdpBound(server, AF_INET, PORT);
        struct sockaddr_storage from;
        socklen_t fromLen = sizeof(from);
        char buf[64];
        ctx.CheckEqual(Outcome(server,
                               server->RecvFrom(s,
                                                buf,
                                                sizeof(buf),
                                                0,
                                                reinterpret_cast<struct sockaddr*>(&from),
                                                &fromLen)),
                       Ok(4),
                       "server: the first datagram");
        ctx.CheckEqual(SetRcvTimeout(server, s, 0, 300000), Ok(), "server: SO_RCVTIMEO");
        recvStart = Simulator::Now();
        ctx.CheckEqual(Recv(server, s),
                       Failed(EAGAIN),
                       "server: the client's SHUT_WR is invisible (no EOF, EAGAIN)");
        recvEnd = Simulator::Now();
        ctx.CheckEqual(Revents(server, s), Bits(UDP_IDLE), "server: poll after the SHUT_WR");
        ctx.CheckEqual(
            Outcome(
                server,
                server
                    ->SendTo(s, "pong", 4, 0, reinterpret_cast<struct sockaddr*>(&from), fromLen)),
            Ok(4),
            "server: sendto the half-closed client");
        server->Sleep(MilliSeconds(500)); // the client closes at 0.7 s
        ctx.CheckEqual(
            Outcome(
                server,
                server
                    ->SendTo(s, "more", 4, 0, reinterpret_cast<struct sockaddr*>(&from), fromLen)),
            Ok(4),
            "server: sendto the closed client, unconnected");
        server->Sleep(MilliSeconds(20));
        ctx.CheckEqual(Revents(server, s),
                       Bits(UDP_IDLE),
                       "server: an unconnected socket ignores the ICMP (IN29)");
        ctx.CheckEqual(Recv(server, s, 64, MSG_DONTWAIT), Failed(EAGAIN), "server: nothing");
        ctx.CheckEqual(SoError(server, s), 0, "server: SO_ERROR, unconnected");
        ctx.CheckEqual(
            Outcome(server, server->Connect(s, reinterpret_cast<struct sockaddr*>(&from), fromLen)),
            Ok(),
            "server: connect to the client");
        ctx.CheckEqual(SendText(server, s, "more"), Ok(4), "server: send, connected");
        server->Sleep(MilliSeconds(20));
        ctx.CheckEqual(Revents(server, s),
                       Bits(UDP_IDLE | POLLERR),
                       "server: POLLERR after the ICMP (IN28)");
        ctx.CheckEqual(Recv(server, s), Failed(ECONNREFUSED), "server: the error, once");
        ctx.CheckEqual(Recv(server, s, 64, MSG_DONTWAIT), Failed(EAGAIN), "server: then EAGAIN");
        ctx.CheckEqual(Revents(server, s), Bits(UDP_IDLE), "server: POLLERR gone");
        server->Close(s);
    });
    client->Spawn(
        "client",
        [&] {
            int c = UdpBound(client, AF_INET, 6001);
            client->Connect(c, dest.Addr(), dest.len);
            ctx.CheckEqual(SendText(client, c, "ping"), Ok(4), "client: send");
            ctx.CheckEqual(Outcome(client, client->Shutdown(c, SHUT_WR)),
                           Ok(),
                           "client: shutdown(SHUT_WR), connected");
            ctx.CheckEqual(SendText(client, c, "ping"),
                           Failed(EPIPE),
                           "client: send after SHUT_WR (IN30)");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), 0u, "client: no SIGPIPE for UDP");
            ctx.CheckEqual(Revents(client, c), Bits(UDP_IDLE), "client: poll after SHUT_WR");
            std::string data;
            ctx.CheckEqual(RecvStr(client, c, data), Ok(4), "client: still receives");
            ctx.CheckEqual(data, std::string("pong"), "client: the server's datagram");
            client->Sleep(Seconds(0.7) - Simulator::Now());
            ctx.CheckEqual(Outcome(client, client->Close(c)), Ok(), "client: close");
        },
        MilliSeconds(100));
    ctx.Run(Seconds(5));
    CheckWithin(ctx,
                recvEnd - recvStart,
                MilliSeconds(300),
                MilliSeconds(300),
                "server: SO_RCVTIMEO ran out in full");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("udp-icmp-ignored").OnNode(1))
            .Expect(E::State("udp-icmp-error").OnNode(1).Field("errno", int64_t{ECONNREFUSED})));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM3: RST on a stream ---------------------------------------------------------------------

/**
 * Three connections to one server (accepted as A, B, C).
 * - B: the server close()s with unread data at 1 s: RST, not FIN (IN18); close returns at
 *   once. The client's blocked recv wakes with ECONNRESET (not 0) one segment time later;
 *   then recv gives 0, send EPIPE + SIGPIPE, getpeername and shutdown ENOTCONN (IN19, IN20).
 * - A: SockbenchFaultHelper::AbortConnection (SO_LINGER {1, 0} + close) at 1.5 s while the
 *   client has 100 unread bytes: poll ERR|HUP..., recv gives the 100 bytes, then ECONNRESET
 *   once, then 0 (IN19).
 * - C: aborted likewise; the client's send finds the error first: ECONNRESET without
 *   SIGPIPE, then EPIPE with SIGPIPE; SO_ERROR then 0 (IN20).
 * The server is told nothing (its descriptors are gone); the trace shows the abort records
 * and the RSTs it sent.
 */
void
FM3(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    SockbenchFaultHelper faults;
    Time closeB;
    Time resetB;

    server->Spawn("server", [&] {
        int l = TcpListener(server, PORT);
        int a = server->Accept(l, nullptr, nullptr);
        std::string block(100, 'a');
        ctx.CheckEqual(SendText(server, a, block), Ok(100), "server: 100 bytes on A");
        int b = server->Accept(l, nullptr, nullptr);
        int c = server->Accept(l, nullptr, nullptr);
        faults.AbortConnection(server->GetObject<Node>(), a, Seconds(1.5));
        faults.AbortConnection(server->GetObject<Node>(), c, Seconds(1.5));
        server->Sleep(Seconds(1) - Simulator::Now());
        int unread = -1;
        server->Ioctl(b, FIONREAD, &unread);
        ctx.CheckEqual(unread, 10, "server: B holds the client's 10 unread bytes");
        closeB = Simulator::Now();
        ctx.CheckEqual(Outcome(server, server->Close(b)), Ok(), "server: close B, data unread");
        ctx.CheckEqual(Simulator::Now(), closeB, "server: close with unread data returns at once");
        server->Close(l);
    });
    client->Spawn(
        "A",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "A: connect");
            client->Sleep(Seconds(2) - Simulator::Now()); // the abort came at 1.5 s
            ctx.CheckEqual(Revents(client, fd), Bits(AFTER_RESET_UNREAD), "A: poll after RST");
            std::string data;
            ctx.CheckEqual(RecvStr(client, fd, data, 1000),
                           Ok(100),
                           "A: recv returns the data that had arrived (IN19)");
            ctx.CheckEqual(Recv(client, fd), Failed(ECONNRESET), "A: then ECONNRESET once");
            ctx.CheckEqual(Recv(client, fd), Ok(0), "A: then 0");
            ctx.CheckEqual(Recv(client, fd), Ok(0), "A: 0 for ever");
            ctx.CheckEqual(Revents(client, fd), Bits(AFTER_RESET_READ), "A: poll, error read");
            client->Close(fd);
        },
        MilliSeconds(100));
    client->Spawn(
        "B",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "B: connect");
            ctx.CheckEqual(SendText(client, fd, "unread-xyz"), Ok(10), "B: send (never read)");
            ctx.CheckEqual(Recv(client, fd),
                           Failed(ECONNRESET),
                           "B: a blocked recv wakes with ECONNRESET: the close sent RST");
            resetB = Simulator::Now();
            ctx.CheckEqual(Recv(client, fd), Ok(0), "B: then 0");
            uint32_t before = client->GetSignalCount(SIGPIPE);
            ctx.CheckEqual(SendText(client, fd, "x"), Failed(EPIPE), "B: send after the error");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), before + 1, "B: with SIGPIPE");
            struct sockaddr_storage ss;
            socklen_t len = sizeof(ss);
            ctx.CheckEqual(
                Outcome(client,
                        client->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&ss), &len)),
                Failed(ENOTCONN),
                "B: getpeername after the RST");
            ctx.CheckEqual(Outcome(client, client->Shutdown(fd, SHUT_RDWR)),
                           Failed(ENOTCONN),
                           "B: shutdown after the RST");
            client->Close(fd);
        },
        MilliSeconds(200));
    client->Spawn(
        "C",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "C: connect");
            client->Sleep(Seconds(2.5) - Simulator::Now());
            uint32_t before = client->GetSignalCount(SIGPIPE);
            ctx.CheckEqual(SendText(client, fd, "x"),
                           Failed(ECONNRESET),
                           "C: the first send finds the reset");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), before, "C: without SIGPIPE");
            ctx.CheckEqual(SendText(client, fd, "x"), Failed(EPIPE), "C: the next send");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), before + 1, "C: with SIGPIPE");
            ctx.CheckEqual(SendText(client, fd, "x", MSG_NOSIGNAL),
                           Failed(EPIPE),
                           "C: MSG_NOSIGNAL suppresses only the signal");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), before + 1, "C: no signal then");
            ctx.CheckEqual(SoError(client, fd), 0, "C: SO_ERROR after send took the error");
            ctx.CheckEqual(Recv(client, fd), Ok(0), "C: recv 0");
            client->Close(fd);
        },
        MilliSeconds(300));
    ctx.Run(Seconds(10));
    CheckWithin(ctx,
                resetB,
                closeB + MilliSeconds(1),
                closeB + MilliSeconds(3),
                "B: the reset arrives one segment time after the close");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::State("tcp-rst-sent").OnNode(1).Field("why", "unread-data"))
                        .Expect(E::State("tcp-done")
                                    .OnNode(0)
                                    .Field("why", "rst-received")
                                    .Field("error", ErrorField(ECONNRESET)))
                        .Expect(E::State("abort").OnNode(1).OfPersonality("fault"))
                        .Expect(E::State("tcp-rst-sent").OnNode(1).Field("why", "linger-0"))
                        .Expect(E::State("abort").OnNode(1).OfPersonality("fault"))
                        .Expect(E::State("tcp-rst-sent").OnNode(1).Field("why", "linger-0")));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM4: "RST" on datagrams ------------------------------------------------------------------

/**
 * SockbenchFaultHelper::AbortConnection on the server's UDP socket (SO_LINGER {1, 0} + close)
 * at 1 s sends nothing. A connected client notices nothing until it sends: the send succeeds,
 * the ICMP port unreachable then sets ECONNREFUSED (POLLERR), which the next recv returns once;
 * each later ICMP sets it again (IN28). An unconnected client never notices (IN29). The
 * server side: the port is free at once (no TIME_WAIT for UDP); a new socket bound to it at
 * 2 s receives the client's next datagram.
 */
void
FM4(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    SockbenchFaultHelper faults;

    server->Spawn("server", [&] {
        int s = UdpBound(server, AF_INET, PORT);
        ctx.CheckEqual(Recv(server, s), Ok(1), "server: the connected client's datagram");
        ctx.CheckEqual(Recv(server, s), Ok(1), "server: the unconnected client's datagram");
        faults.AbortConnection(server->GetObject<Node>(), s, Seconds(1));
    });
    server->Spawn(
        "server-again",
        [&] {
            int s = server->Socket(AF_INET, SOCK_DGRAM, 0);
            InetAddr any(Ipv4Address::GetAny(), PORT);
            ctx.CheckEqual(Outcome(server, server->Bind(s, any.Addr(), any.len)),
                           Ok(),
                           "server: the aborted socket's port is free at once");
            std::string data;
            ctx.CheckEqual(RecvStr(server, s, data), Ok(5), "server: the next datagram");
            ctx.CheckEqual(data, std::string("again"), "server: its content");
            server->Close(s);
        },
        Seconds(2));
    client->Spawn(
        "client",
        [&] {
            int c1 = client->Socket(AF_INET, SOCK_DGRAM, 0);
            client->Connect(c1, dest.Addr(), dest.len);
            int c2 = client->Socket(AF_INET, SOCK_DGRAM, 0);
            ctx.CheckEqual(SendText(client, c1, "a"), Ok(1), "c1: send");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(Outcome(client, client->SendTo(c2, "b", 1, 0, dest.Addr(), dest.len)),
                           Ok(1),
                           "c2: sendto");
            client->Sleep(Seconds(1.2) - Simulator::Now()); // the abort was at 1 s
            ctx.CheckEqual(Revents(client, c1), Bits(UDP_IDLE), "c1: the abort is invisible");
            ctx.CheckEqual(Recv(client, c1, 64, MSG_DONTWAIT), Failed(EAGAIN), "c1: nothing");
            ctx.CheckEqual(SendText(client, c1, "x"), Ok(1), "c1: send to the aborted peer");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(Revents(client, c1), Bits(UDP_IDLE | POLLERR), "c1: ICMP -> POLLERR");
            ctx.CheckEqual(Recv(client, c1), Failed(ECONNREFUSED), "c1: recv, once");
            ctx.CheckEqual(Recv(client, c1, 64, MSG_DONTWAIT), Failed(EAGAIN), "c1: then EAGAIN");
            ctx.CheckEqual(SendText(client, c1, "y"), Ok(1), "c1: works normally again");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(SoError(client, c1), ECONNREFUSED, "c1: each ICMP sets it again");
            ctx.CheckEqual(Revents(client, c1), Bits(UDP_IDLE), "c1: read by SO_ERROR");
            ctx.CheckEqual(Outcome(client, client->SendTo(c2, "z", 1, 0, dest.Addr(), dest.len)),
                           Ok(1),
                           "c2: sendto the aborted peer");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(Revents(client, c2), Bits(UDP_IDLE), "c2: unconnected: no POLLERR");
            ctx.CheckEqual(Recv(client, c2, 64, MSG_DONTWAIT), Failed(EAGAIN), "c2: EAGAIN");
            ctx.CheckEqual(SoError(client, c2), 0, "c2: SO_ERROR 0");
            client->Sleep(Seconds(2.5) - Simulator::Now());
            ctx.CheckEqual(SendText(client, c1, "again"), Ok(5), "c1: send to the new socket");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(Revents(client, c1), Bits(UDP_IDLE), "c1: no error: it arrived");
            client->Close(c1);
            client->Close(c2);
        },
        MilliSeconds(100));
    ctx.Run(Seconds(5));
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("abort").OnNode(1).OfPersonality("fault"))
            .Expect(E::State("udp-icmp-error").OnNode(0).Field("errno", int64_t{ECONNREFUSED}))
            .Expect(E::State("udp-icmp-error").OnNode(0))
            .Expect(E::State("udp-icmp-ignored").OnNode(0)));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM5: refused stream ----------------------------------------------------------------------

/**
 * The server has a TCP socket bound to the port but not listening, so the SYN is answered
 * with RST|ACK. Client: a blocking connect fails with ECONNREFUSED one round trip later
 * (IPv4 and IPv6); the socket is reset (SO_ERROR 0, poll OUT|WRNORM|HUP). A non-blocking
 * connect gives EINPROGRESS, then poll ERR|HUP..., SO_ERROR ECONNREFUSED; the next connect
 * ECONNABORTED (the error was read), the one after starts again (IN2). Server: its bound
 * socket is untouched (poll OUT|WRNORM|HUP, SO_ERROR 0, accept EINVAL); once it listens
 * (1 s) the same client socket connects.
 */
void
FM5(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    InetAddr dest6(ctx.GetIpv6(1), PORT);
    Time refused4;
    Time refused6;
    Time pollAt;

    server->Spawn("server", [&] {
        int b = server->Socket(AF_INET, SOCK_STREAM, 0);
        InetAddr any(Ipv4Address::GetAny(), PORT);
        server->Bind(b, any.Addr(), any.len);
        int b6 = server->Socket(AF_INET6, SOCK_STREAM, 0);
        InetAddr any6(Ipv6Address::GetAny(), PORT + 1);
        server->Bind(b6, any6.Addr(), any6.len);
        server->Sleep(Seconds(1) - Simulator::Now()); // the refusals happen meanwhile
        ctx.CheckEqual(Revents(server, b), Bits(TCP_FRESH), "server: bound socket untouched");
        ctx.CheckEqual(SoError(server, b), 0, "server: no error on the bound socket");
        ctx.CheckEqual(Outcome(server, server->Accept(b, nullptr, nullptr)),
                       Failed(EINVAL),
                       "server: accept on the non-listening socket");
        ctx.CheckEqual(Outcome(server, server->Listen(b, 4)), Ok(), "server: listen now");
        int a = server->Accept(b, nullptr, nullptr);
        ctx.Check(a >= 0, "server: the client's retry is accepted");
        ctx.CheckEqual(Recv(server, a), Ok(0), "server: the client closes");
        server->Close(a);
        server->Close(b);
        server->Close(b6);
    });
    client->Spawn(
        "client",
        [&] {
            int fd = client->Socket(AF_INET, SOCK_STREAM, 0);
            Time start = Simulator::Now();
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(ECONNREFUSED),
                           "client: blocking connect to a bound, non-listening port");
            refused4 = Simulator::Now() - start;
            ctx.CheckEqual(SoError(client, fd), 0, "client: SO_ERROR after the refusal");
            ctx.CheckEqual(Revents(client, fd), Bits(TCP_FRESH), "client: poll after refusal");

            int fd6 = client->Socket(AF_INET6, SOCK_STREAM, 0);
            start = Simulator::Now();
            ctx.CheckEqual(Outcome(client, client->Connect(fd6, dest6.Addr(), dest6.len)),
                           Failed(ECONNREFUSED),
                           "client: IPv6 connect refused (IN33)");
            refused6 = Simulator::Now() - start;
            client->Close(fd6);

            int nb = client->Socket(AF_INET, SOCK_STREAM, 0);
            client->Fcntl(nb, F_SETFL, O_NONBLOCK);
            ctx.CheckEqual(Outcome(client, client->Connect(nb, dest.Addr(), dest.len)),
                           Failed(EINPROGRESS),
                           "client: non-blocking connect");
            start = Simulator::Now();
            int ret = 0;
            ctx.CheckEqual(PollWait(client, nb, POLLOUT, 1000, ret),
                           Bits(POLLOUT | POLLERR | POLLHUP),
                           "client: poll(POLLOUT) wakes at the refusal");
            pollAt = Simulator::Now() - start;
            ctx.CheckEqual(ret, 1, "client: poll returns 1");
            ctx.CheckEqual(Revents(client, nb),
                           Bits(AFTER_RESET_UNREAD),
                           "client: all bits after the refusal (IN2)");
            ctx.CheckEqual(SoError(client, nb), ECONNREFUSED, "client: SO_ERROR is the cause");
            ctx.CheckEqual(Outcome(client, client->Connect(nb, dest.Addr(), dest.len)),
                           Failed(ECONNABORTED),
                           "client: connect after the error was read");
            ctx.CheckEqual(Outcome(client, client->Connect(nb, dest.Addr(), dest.len)),
                           Failed(EINPROGRESS),
                           "client: the next connect starts a new attempt");
            client->Sleep(MilliSeconds(10));
            client->Close(nb);

            client->Sleep(Seconds(1.1) - Simulator::Now()); // the server listens since 1 s
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Ok(),
                           "client: the refused socket connects once a listener exists");
            client->Close(fd);
        },
        MilliSeconds(100));
    ctx.Run(Seconds(5));
    CheckWithin(ctx, refused4, MilliSeconds(2), MilliSeconds(3), "IPv4 refused after one RTT");
    CheckWithin(ctx, refused6, MilliSeconds(2), MilliSeconds(3), "IPv6 refused after one RTT");
    CheckWithin(ctx, pollAt, MilliSeconds(2), MilliSeconds(3), "poll woke after one RTT");
    ctx.ExpectTrace(
        TraceMatcher(TraceMatcher::EXACT)
            .Only("tcp-done records", KindAndName(TraceKind::STATE, "tcp-done"))
            .Expect(E::State("tcp-done").OnNode(0).Field("error", ErrorField(ECONNREFUSED)))
            .Expect(E::State("tcp-done").OnNode(0).Field("error", ErrorField(ECONNREFUSED)))
            .Expect(E::State("tcp-done").OnNode(0).Field("error", ErrorField(ECONNREFUSED)))
            .Expect(E::State("tcp-done").OnNode(0).Field("error", ErrorField(ECONNREFUSED))));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM6: refused datagrams -------------------------------------------------------------------

/**
 * Datagrams to a port without a socket. Connected client (IPv4 and IPv6): the send succeeds,
 * the ICMP port unreachable sets ECONNREFUSED (POLLERR) one round trip later; recv returns it
 * once, then EAGAIN; a send that finds it returns it and sends nothing; the next send works
 * (IN28). Unconnected client: nothing, ever (IN29). Server: once a socket is bound (1 s) it
 * receives exactly the datagrams sent after that, and nothing of what the refused send held.
 */
void
FM6(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    InetAddr dest6(ctx.GetIpv6(1), PORT);
    Time errorAt;

    server->Spawn(
        "server",
        [&] {
            int s = UdpBound(server, AF_INET, PORT);
            std::string data;
            ctx.CheckEqual(RecvStr(server, s, data), Ok(4), "server: the first datagram");
            ctx.CheckEqual(data, std::string("late"), "server: only what came after the bind");
            ctx.CheckEqual(Recv(server, s, 64, MSG_DONTWAIT), Failed(EAGAIN), "server: no more");
            server->Close(s);
        },
        Seconds(1));
    client->Spawn(
        "client",
        [&] {
            int c = client->Socket(AF_INET, SOCK_DGRAM, 0);
            client->Connect(c, dest.Addr(), dest.len);
            Time sentAt = Simulator::Now();
            ctx.CheckEqual(SendText(client, c, "x"), Ok(1), "connected: send to a closed port");
            ctx.CheckEqual(Revents(client, c), Bits(UDP_IDLE), "connected: no error yet");
            int ret = 0;
            PollWait(client, c, POLLIN, 1000, ret); // POLLERR ends the wait
            errorAt = Simulator::Now() - sentAt;
            ctx.CheckEqual(ret, 1, "connected: poll woken by the error");
            ctx.CheckEqual(Revents(client, c), Bits(UDP_IDLE | POLLERR), "connected: POLLERR");
            ctx.CheckEqual(Recv(client, c), Failed(ECONNREFUSED), "connected: recv, once");
            ctx.CheckEqual(Recv(client, c, 64, MSG_DONTWAIT), Failed(EAGAIN), "connected: then");
            ctx.CheckEqual(SendText(client, c, "y"), Ok(1), "connected: send again");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(SendText(client, c, "lost"),
                           Failed(ECONNREFUSED),
                           "connected: a send that finds the error returns it");
            ctx.CheckEqual(SendText(client, c, "z"), Ok(1), "connected: the next send works");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(SoError(client, c), ECONNREFUSED, "connected: set again by 'z'");

            int u = client->Socket(AF_INET, SOCK_DGRAM, 0);
            ctx.CheckEqual(Outcome(client, client->SendTo(u, "u", 1, 0, dest.Addr(), dest.len)),
                           Ok(1),
                           "unconnected: sendto a closed port");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(Revents(client, u), Bits(UDP_IDLE), "unconnected: no POLLERR (IN29)");
            ctx.CheckEqual(Recv(client, u, 64, MSG_DONTWAIT), Failed(EAGAIN), "unconnected");
            ctx.CheckEqual(SoError(client, u), 0, "unconnected: SO_ERROR 0");

            int c6 = client->Socket(AF_INET6, SOCK_DGRAM, 0);
            client->Connect(c6, dest6.Addr(), dest6.len);
            ctx.CheckEqual(SendText(client, c6, "v6"), Ok(2), "IPv6: send to a closed port");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(Recv(client, c6),
                           Failed(ECONNREFUSED),
                           "IPv6: ICMPv6 port unreachable -> ECONNREFUSED");
            client->Sleep(Seconds(1.5) - Simulator::Now()); // the server has a socket now
            ctx.CheckEqual(SendText(client, c, "late"), Ok(4), "connected: send to the bound port");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(Revents(client, c), Bits(UDP_IDLE), "connected: no error now");
            client->Close(c);
            client->Close(u);
            client->Close(c6);
        },
        MilliSeconds(100));
    ctx.Run(Seconds(5));
    CheckWithin(ctx, errorAt, MilliSeconds(2), MilliSeconds(3), "ICMP one round trip later");
    // Exactly these ICMPs: the send that returned the error sent nothing (IN28).
    ctx.ExpectTrace(
        TraceMatcher(TraceMatcher::EXACT)
            .Only("udp icmp records",
                  [](const TraceRecord& r) {
                      return r.kind == TraceKind::STATE && r.name.rfind("udp-icmp", 0) == 0;
                  })
            .Expect(E::State("udp-icmp-error").OnNode(0))
            .Expect(E::State("udp-icmp-error").OnNode(0))
            .Expect(E::State("udp-icmp-error").OnNode(0))
            .Expect(E::State("udp-icmp-ignored").OnNode(0))
            .Expect(E::State("udp-icmp-error").OnNode(0).Field("errno", int64_t{ECONNREFUSED})));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM7: timeouts on a stream ----------------------------------------------------------------

/**
 * A peer that never answers a SYN: the server's listener has backlog 0 and one queued
 * connection, so further SYNs are dropped silently (IN9). Client 2 with TCP_SYNCNT 1 fails
 * with ETIMEDOUT 3 s after its connect (IN4); client 3 with TCP_USER_TIMEOUT 1500 ms after
 * 1.5 s (IN5). Both sockets are reset after the failure (SO_ERROR 0, poll OUT|WRNORM|HUP,
 * getpeername ENOTCONN). Server: it dropped their SYNs (trace); at 4 s it accepts only the
 * first connection, and the queue is then empty (EAGAIN).
 */
void
FM7(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    Time failed2;
    Time failed3;

    server->Spawn("server", [&] {
        int l = TcpListener(server, PORT, 0);
        server->Sleep(Seconds(4));
        ctx.CheckEqual(Revents(server, l), Bits(POLLIN | POLLRDNORM), "server: one queued");
        int a = server->Accept(l, nullptr, nullptr);
        ctx.Check(a >= 0, "server: accepts the first connection");
        std::string data;
        ctx.CheckEqual(RecvStr(server, a, data), Ok(5), "server: its data");
        server->Fcntl(l, F_SETFL, O_NONBLOCK);
        ctx.CheckEqual(Outcome(server, server->Accept(l, nullptr, nullptr)),
                       Failed(EAGAIN),
                       "server: nothing else queued (the timed-out clients left nothing)");
        server->Close(a);
        server->Close(l);
    });
    client->Spawn(
        "first",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "first: connect (queued)");
            ctx.CheckEqual(SendText(client, fd, "first"), Ok(5), "first: send");
            client->Sleep(Seconds(5));
            client->Close(fd);
        },
        MilliSeconds(100));
    auto failing = [&](const std::string& who, int option, int value, Time& failedAfter) {
        int fd = client->Socket(AF_INET, SOCK_STREAM, 0);
        SetInt(client, fd, IPPROTO_TCP, option, value);
        Time start = Simulator::Now();
        ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                       Failed(ETIMEDOUT),
                       who + ": connect to a peer that drops the SYNs");
        failedAfter = Simulator::Now() - start;
        ctx.CheckEqual(SoError(client, fd), 0, who + ": SO_ERROR after the failure");
        ctx.CheckEqual(Revents(client, fd), Bits(TCP_FRESH), who + ": poll after the failure");
        struct sockaddr_storage ss;
        socklen_t len = sizeof(ss);
        ctx.CheckEqual(
            Outcome(client, client->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&ss), &len)),
            Failed(ENOTCONN),
            who + ": getpeername");
        client->Close(fd);
    };
    client->Spawn(
        "syncnt",
        [&] { failing("syncnt", TCP_SYNCNT, 1, failed2); },
        MilliSeconds(200));
    client->Spawn(
        "user-timeout",
        [&] { failing("user-timeout", TCP_USER_TIMEOUT, 1500, failed3); },
        MilliSeconds(300));
    ctx.Run(Seconds(10));
    ctx.CheckEqual(failed2, Seconds(3), "TCP_SYNCNT 1: ETIMEDOUT after 3 s");
    ctx.CheckEqual(failed3, MilliSeconds(1500), "TCP_USER_TIMEOUT 1500: ETIMEDOUT after 1.5 s");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::State("tcp-syn-dropped").OnNode(1))
                        .Expect(E::State("tcp-done")
                                    .OnNode(0)
                                    .Field("why", "user-timeout")
                                    .Field("error", ErrorField(ETIMEDOUT)))
                        .Expect(E::State("tcp-done")
                                    .OnNode(0)
                                    .Field("why", "syn-timeout")
                                    .Field("error", ErrorField(ETIMEDOUT))));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM8: timeouts on datagrams ---------------------------------------------------------------

/**
 * A UDP server that never answers. Client: recv with SO_RCVTIMEO 500 ms fails with EAGAIN
 * after exactly 500 ms (IN21, a multiple of the 4 ms tick); recvfrom on an unconnected socket
 * likewise after 200 ms; poll with a 300 ms timeout returns 0; tv_usec of 1000000 gives EDOM.
 * Server: the requests are queued, FIONREAD gives the first one's size.
 */
void
FM8(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    Time waited1;
    Time waited2;
    Time waited3;

    server->Spawn("server", [&] {
        int s = UdpBound(server, AF_INET, PORT);
        server->Sleep(Seconds(2));
        int next = -1;
        server->Ioctl(s, FIONREAD, &next);
        ctx.CheckEqual(next, 7, "server: FIONREAD: the first request");
        ctx.CheckEqual(Recv(server, s, 64, MSG_DONTWAIT), Ok(7), "server: request 1");
        ctx.CheckEqual(Recv(server, s, 64, MSG_DONTWAIT), Ok(8), "server: request 2");
        ctx.CheckEqual(Recv(server, s, 64, MSG_DONTWAIT), Failed(EAGAIN), "server: no more");
        server->Close(s);
    });
    client->Spawn(
        "client",
        [&] {
            int c = client->Socket(AF_INET, SOCK_DGRAM, 0);
            client->Connect(c, dest.Addr(), dest.len);
            ctx.CheckEqual(SetRcvTimeout(client, c, 0, 1000000),
                           Failed(EDOM),
                           "client: SO_RCVTIMEO with tv_usec 1000000");
            ctx.CheckEqual(SetRcvTimeout(client, c, 0, 500000), Ok(), "client: SO_RCVTIMEO");
            ctx.CheckEqual(SendText(client, c, "request"), Ok(7), "client: send");
            Time start = Simulator::Now();
            ctx.CheckEqual(Recv(client, c), Failed(EAGAIN), "client: recv times out");
            waited1 = Simulator::Now() - start;
            int u = client->Socket(AF_INET, SOCK_DGRAM, 0);
            SetRcvTimeout(client, u, 0, 200000);
            client->SendTo(u, "request2", 8, 0, dest.Addr(), dest.len);
            start = Simulator::Now();
            struct sockaddr_storage from;
            socklen_t fromLen = sizeof(from);
            char buf[16];
            ctx.CheckEqual(Outcome(client,
                                   client->RecvFrom(u,
                                                    buf,
                                                    sizeof(buf),
                                                    0,
                                                    reinterpret_cast<struct sockaddr*>(&from),
                                                    &fromLen)),
                           Failed(EAGAIN),
                           "client: recvfrom times out");
            waited2 = Simulator::Now() - start;
            start = Simulator::Now();
            int ret = -1;
            ctx.CheckEqual(PollWait(client, c, POLLIN, 300, ret), Bits(0), "client: poll");
            waited3 = Simulator::Now() - start;
            ctx.CheckEqual(ret, 0, "client: poll times out with 0");
            ctx.CheckEqual(SoError(client, c), 0, "client: no error: silence is not an error");
            client->Close(c);
            client->Close(u);
        },
        MilliSeconds(100));
    ctx.Run(Seconds(5));
    ctx.CheckEqual(waited1, MilliSeconds(500), "SO_RCVTIMEO 500 ms");
    ctx.CheckEqual(waited2, MilliSeconds(200), "SO_RCVTIMEO 200 ms");
    ctx.CheckEqual(waited3, MilliSeconds(300), "poll 300 ms");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM9: link down under a stream ------------------------------------------------------------

/**
 * Two connections; the link goes down at 1 s and up at 5 s. Both client sockets have
 * TCP_USER_TIMEOUT 2000 ms.
 * - Conn 1: the client sends 1000 bytes at 1.1 s (send returns at once). **Choice** (spec
 *   section I): the user timeout runs from the send of the oldest unacknowledged byte, so the
 *   connection is aborted at 3.1 s (Linux: about 2.4 s after the send, from its first
 *   retransmission). A poll for POLLIN wakes then with IN|ERR|HUP; recv gives ETIMEDOUT once,
 *   then 0; send EPIPE + SIGPIPE (IN23). No RST is sent: the server notices nothing (its poll
 *   times out, revents OUT|WRNORM). After the link is up, its next send is answered with an
 *   RST by the client's stack, which has forgotten the connection: ECONNRESET (IN19).
 * - Conn 2 stays idle through the outage and survives (nothing unacknowledged: no timeout);
 *   data flows again after the link is up.
 * The trace shows the link-down and link-up fault records around the effects.
 */
void
FM9(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    SockbenchFaultHelper faults;
    faults.LinkDown(ctx.GetLink(0), Seconds(1));
    faults.LinkUp(ctx.GetLink(0), Seconds(5));
    Time timedOutAt;
    Time serverPollEnd;
    Time resetAt;

    server->Spawn("server", [&] {
        int l = TcpListener(server, PORT);
        int a1 = server->Accept(l, nullptr, nullptr);
        int a2 = server->Accept(l, nullptr, nullptr);
        server->Sleep(Seconds(1.5) - Simulator::Now());
        int ret = -1;
        ctx.CheckEqual(PollWait(server, a1, POLLIN, 3000, ret),
                       Bits(0),
                       "server: nothing arrives on conn 1 while the link is down");
        serverPollEnd = Simulator::Now();
        ctx.CheckEqual(ret, 0, "server: poll times out: the client's abort sent nothing");
        ctx.CheckEqual(Revents(server, a1), Bits(TCP_IDLE), "server: conn 1 looks idle");
        ctx.CheckEqual(SoError(server, a1), 0, "server: no error on conn 1");
        server->Sleep(Seconds(5.5) - Simulator::Now()); // the link is up since 5 s
        ctx.CheckEqual(SendText(server, a1, "late"), Ok(4), "server: send on conn 1 (queued)");
        ctx.CheckEqual(Recv(server, a1),
                       Failed(ECONNRESET),
                       "server: the client's stack answers with RST");
        resetAt = Simulator::Now();
        ctx.CheckEqual(Recv(server, a1), Ok(0), "server: then 0");
        std::string data;
        ctx.CheckEqual(RecvStr(server, a2, data), Ok(5), "server: conn 2 survived");
        ctx.CheckEqual(data, std::string("alive"), "server: conn 2 data");
        ctx.CheckEqual(SendText(server, a2, "ok"), Ok(2), "server: conn 2 reply");
        ctx.CheckEqual(Recv(server, a2), Ok(0), "server: conn 2 closed by the client");
        server->Close(a1);
        server->Close(a2);
        server->Close(l);
    });
    client->Spawn(
        "conn1",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "conn1: connect");
            SetInt(client, fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 2000);
            client->Sleep(Seconds(1.1) - Simulator::Now());
            std::string block(1000, 'd');
            ctx.CheckEqual(SendText(client, fd, block), Ok(1000), "conn1: send into the dead link");
            int ret = -1;
            ctx.CheckEqual(PollWait(client, fd, POLLIN, -1, ret),
                           Bits(POLLIN | POLLERR | POLLHUP),
                           "conn1: poll(POLLIN) wakes at the user timeout");
            timedOutAt = Simulator::Now();
            ctx.CheckEqual(Revents(client, fd), Bits(AFTER_RESET_UNREAD), "conn1: all bits");
            ctx.CheckEqual(Recv(client, fd), Failed(ETIMEDOUT), "conn1: recv, once (IN23)");
            ctx.CheckEqual(Recv(client, fd), Ok(0), "conn1: then 0");
            uint32_t before = client->GetSignalCount(SIGPIPE);
            ctx.CheckEqual(SendText(client, fd, "x"), Failed(EPIPE), "conn1: send after it");
            ctx.CheckEqual(client->GetSignalCount(SIGPIPE), before + 1, "conn1: with SIGPIPE");
            ctx.CheckEqual(Revents(client, fd), Bits(AFTER_RESET_READ), "conn1: error read");
            client->Close(fd);
        },
        MilliSeconds(100));
    client->Spawn(
        "conn2",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "conn2: connect");
            SetInt(client, fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 2000);
            client->Sleep(Seconds(4) - Simulator::Now());
            ctx.CheckEqual(Revents(client, fd),
                           Bits(TCP_IDLE),
                           "conn2: idle through the outage, no timeout");
            ctx.CheckEqual(SoError(client, fd), 0, "conn2: no error");
            client->Sleep(Seconds(5.2) - Simulator::Now());
            ctx.CheckEqual(SendText(client, fd, "alive"), Ok(5), "conn2: send after link up");
            std::string data;
            ctx.CheckEqual(RecvStr(client, fd, data), Ok(2), "conn2: the reply");
            client->Close(fd);
        },
        MilliSeconds(200));
    ctx.Run(Seconds(15));
    CheckWithin(ctx,
                timedOutAt,
                Seconds(3.1),
                Seconds(3.1) + MilliSeconds(1),
                "conn1: ETIMEDOUT 2 s after the unacknowledged send");
    CheckWithin(ctx, serverPollEnd, Seconds(4.5), Seconds(4.5), "server: full poll timeout");
    CheckWithin(ctx,
                resetAt,
                Seconds(5.5) + MilliSeconds(2),
                Seconds(5.5) + MilliSeconds(3),
                "server: RST one round trip after its send");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("link-down").OnNode(0).OfPersonality("fault").At(Seconds(1)))
            .Expect(E::State("link-down").OnNode(1).OfPersonality("fault").At(Seconds(1)))
            .Expect(E::State("tcp-done").OnNode(0).Field("error", ErrorField(ETIMEDOUT)))
            .Expect(E::State("link-up").OnNode(0).OfPersonality("fault").At(Seconds(5)))
            .Expect(E::State("link-up").OnNode(1).OfPersonality("fault").At(Seconds(5)))
            .Expect(E::State("tcp-done")
                        .OnNode(1)
                        .Field("why", "rst-received")
                        .Field("error", ErrorField(ECONNRESET))));
    // The user timeout sends no RST (IN23): no endpoint records one, on either node.
    ctx.ExpectTrace(
        TraceMatcher(TraceMatcher::EXACT)
            .Only("tcp-rst-sent records", KindAndName(TraceKind::STATE, "tcp-rst-sent")));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM10: link down under datagrams ----------------------------------------------------------

/**
 * The link is down from 1 s to 5 s. Datagrams sent meanwhile are lost silently both ways:
 * sends succeed, no ICMP, no POLLERR, no error on either end; receivers time out (EAGAIN).
 * After the link is up, datagrams flow again. The link's fault models counted the drops.
 */
void
FM10(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    InetAddr clientAddr(ctx.GetIpv4(0), 6001);
    SockbenchFaultHelper faults;
    faults.LinkDown(ctx.GetLink(0), Seconds(1));
    faults.LinkUp(ctx.GetLink(0), Seconds(5));

    server->Spawn("server", [&] {
        int s = UdpBound(server, AF_INET, PORT);
        server->Connect(s, clientAddr.Addr(), clientAddr.len);
        std::string data;
        ctx.CheckEqual(RecvStr(server, s, data), Ok(6), "server: before the outage");
        SetRcvTimeout(server, s, 0, 500000);
        server->Sleep(Seconds(1.2) - Simulator::Now());
        ctx.CheckEqual(Recv(server, s), Failed(EAGAIN), "server: the datagram sent at 1.1 s");
        ctx.CheckEqual(SendText(server, s, "down"), Ok(4), "server: send into the dead link");
        server->Sleep(MilliSeconds(50));
        ctx.CheckEqual(Revents(server, s), Bits(UDP_IDLE), "server: no error, no POLLERR");
        ctx.CheckEqual(SoError(server, s), 0, "server: SO_ERROR 0");
        server->Sleep(Seconds(5.05) - Simulator::Now());
        ctx.CheckEqual(RecvStr(server, s, data), Ok(5), "server: after the outage");
        ctx.CheckEqual(data, std::string("after"), "server: the datagram sent after link up");
        ctx.CheckEqual(SendText(server, s, "ack"), Ok(3), "server: reply");
        server->Close(s);
    });
    client->Spawn(
        "client",
        [&] {
            int c = UdpBound(client, AF_INET, 6001);
            client->Connect(c, dest.Addr(), dest.len);
            ctx.CheckEqual(SendText(client, c, "before"), Ok(6), "client: send before");
            client->Sleep(Seconds(1.1) - Simulator::Now());
            ctx.CheckEqual(SendText(client, c, "during"), Ok(6), "client: send during the outage");
            client->Sleep(MilliSeconds(50));
            ctx.CheckEqual(Revents(client, c), Bits(UDP_IDLE), "client: no error, no POLLERR");
            client->Sleep(Seconds(2) - Simulator::Now());
            ctx.CheckEqual(Recv(client, c, 64, MSG_DONTWAIT),
                           Failed(EAGAIN),
                           "client: the server's datagram was lost");
            ctx.CheckEqual(SoError(client, c), 0, "client: SO_ERROR 0");
            client->Sleep(Seconds(5.1) - Simulator::Now());
            ctx.CheckEqual(SendText(client, c, "after"), Ok(5), "client: send after link up");
            std::string data;
            ctx.CheckEqual(RecvStr(client, c, data), Ok(3), "client: the reply");
            client->Close(c);
        },
        MilliSeconds(100));
    ctx.Run(Seconds(10));
    NetDeviceContainer link = ctx.GetLink(0);
    ctx.CheckEqual(SockbenchFaultHelper::GetFaultModel(link.Get(1))->GetDropCount(),
                   uint64_t{1},
                   "server's device dropped the one datagram sent to it while down");
    ctx.CheckEqual(SockbenchFaultHelper::GetFaultModel(link.Get(0))->GetDropCount(),
                   uint64_t{1},
                   "client's device dropped the one datagram sent to it while down");
    ctx.ExpectTrace(
        TraceMatcher(TraceMatcher::EXACT).Only("udp icmp records", [](const TraceRecord& r) {
            return r.kind == TraceKind::STATE && r.name.rfind("udp-icmp", 0) == 0;
        })); // none at all
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM11: node crash under a stream ----------------------------------------------------------

/**
 * The server node crashes at 1 s and restarts at 3 s; its service is started again at 5 s.
 * Client:
 * - conn A (TCP_USER_TIMEOUT 1500) sends at 1.1 s: ETIMEDOUT at 2.6 s, no other sign;
 * - conn B stays idle: nothing is noticed until its first segment after the restart (4 s),
 *   which the rebooted stack answers with RST: recv ECONNRESET, then 0, send EPIPE;
 * - a connect during the crash (TCP_USER_TIMEOUT 1000) gets no answer at all: ETIMEDOUT;
 * - a connect after the service restarted succeeds.
 * Server: its threads died in their calls (the blocked recv never returned), its descriptors
 * are gone and its port is free again after the restart.
 */
void
FM11(ConformanceContext& ctx)
{
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    SockbenchFaultHelper faults;
    faults.CrashNode(nodes.Get(1), Seconds(1));
    faults.RestartNode(nodes.Get(1), Seconds(3));
    bool serverRecvReturned = false;
    Time timedOutA;
    Time resetB;
    Time crashConnectFailed;

    server->Spawn("server", [&] {
        int l = TcpListener(server, PORT);
        int a = server->Accept(l, nullptr, nullptr);
        int b = server->Accept(l, nullptr, nullptr);
        Recv(server, a); // blocked when the node crashes
        serverRecvReturned = true;
        server->Close(b);
    });
    Simulator::Schedule(Seconds(2), [&] {
        ctx.Check(server->IsCrashed(), "server: crashed");
        ctx.CheckEqual(server->GetLiveThreadCount(), 0u, "server: its threads died");
        ctx.CheckEqual(server->GetOpenDescriptorCount(), 0u, "server: its descriptors are gone");
    });
    Simulator::Schedule(Seconds(5), [&] {
        server->Spawn("server-restarted", [&] {
            int l = TcpListener(server, PORT);
            ctx.Check(l >= 0, "server: the port is free after the restart");
            int a = server->Accept(l, nullptr, nullptr);
            std::string data;
            ctx.CheckEqual(RecvStr(server, a, data), Ok(3), "server: the new connection's data");
            ctx.CheckEqual(Recv(server, a), Ok(0), "server: then EOF");
            server->Close(a);
            server->Close(l);
        });
    });
    client->Spawn(
        "A",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "A: connect");
            SetInt(client, fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 1500);
            client->Sleep(Seconds(1.1) - Simulator::Now());
            ctx.CheckEqual(SendText(client, fd, std::string(100, 'a')),
                           Ok(100),
                           "A: send to the crashed peer (queued)");
            int ret = -1;
            ctx.CheckEqual(PollWait(client, fd, POLLIN, -1, ret),
                           Bits(POLLIN | POLLERR | POLLHUP),
                           "A: poll wakes at the user timeout");
            timedOutA = Simulator::Now();
            ctx.CheckEqual(Recv(client, fd), Failed(ETIMEDOUT), "A: recv ETIMEDOUT once");
            ctx.CheckEqual(Recv(client, fd), Ok(0), "A: then 0");
            client->Close(fd);
        },
        MilliSeconds(100));
    client->Spawn(
        "B",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "B: connect");
            client->Sleep(Seconds(2.5) - Simulator::Now());
            ctx.CheckEqual(Revents(client, fd), Bits(TCP_IDLE), "B: the crash is invisible");
            ctx.CheckEqual(SoError(client, fd), 0, "B: no error");
            client->Sleep(Seconds(4) - Simulator::Now());
            ctx.CheckEqual(SendText(client, fd, "after"), Ok(5), "B: send after the restart");
            ctx.CheckEqual(Recv(client, fd),
                           Failed(ECONNRESET),
                           "B: the rebooted stack answers with RST");
            resetB = Simulator::Now();
            ctx.CheckEqual(Recv(client, fd), Ok(0), "B: then 0");
            ctx.CheckEqual(SendText(client, fd, "x", MSG_NOSIGNAL), Failed(EPIPE), "B: send");
            client->Close(fd);
        },
        MilliSeconds(200));
    client->Spawn(
        "during",
        [&] {
            int fd = client->Socket(AF_INET, SOCK_STREAM, 0);
            SetInt(client, fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 1000);
            Time start = Simulator::Now();
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(ETIMEDOUT),
                           "during: connect to the crashed node: no answer at all");
            crashConnectFailed = Simulator::Now() - start;
            client->Close(fd);
        },
        Seconds(1.2));
    client->Spawn(
        "new",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "new: connect to the restarted service");
            ctx.CheckEqual(SendText(client, fd, "new"), Ok(3), "new: send");
            client->Close(fd);
        },
        Seconds(5.5));
    ctx.Run(Seconds(15));
    ctx.Check(!serverRecvReturned, "server: the recv blocked at the crash never returned");
    CheckWithin(ctx,
                timedOutA,
                Seconds(2.6),
                Seconds(2.6) + MilliSeconds(1),
                "A: ETIMEDOUT 1.5 s after its unacknowledged send");
    CheckWithin(ctx,
                resetB,
                Seconds(4) + MilliSeconds(2),
                Seconds(4) + MilliSeconds(3),
                "B: RST one round trip after its send");
    ctx.CheckEqual(crashConnectFailed, Seconds(1), "during: ETIMEDOUT after the user timeout");
    // The fault records carry personality "fault", like link-down and abort (task brief).
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("crash").OnNode(1).OfPersonality("fault").At(Seconds(1)))
            .Expect(E::State("tcp-done").OnNode(0).Field("error", ErrorField(ETIMEDOUT)))
            .Expect(E::State("restart").OnNode(1).OfPersonality("fault").At(Seconds(3)))
            .Expect(E::State("tcp-done")
                        .OnNode(0)
                        .Field("why", "rst-received")
                        .Field("error", ErrorField(ECONNRESET))));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM12: node crash under datagrams ---------------------------------------------------------

/**
 * The server node crashes at 1 s, restarts at 2 s, and its service is started again at 3 s.
 * UDP peers never notice a crash: sends succeed, no ICMP comes back (nothing answers), no
 * POLLERR, receives time out. After the restart without a socket on the port, the stack
 * answers with ICMP port unreachable: the connected client gets ECONNREFUSED once. After
 * the service is back, datagrams are delivered again. Server: the blocked recv never
 * returned, threads and descriptors are gone, the port is free.
 */
void
FM12(ConformanceContext& ctx)
{
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    SockbenchFaultHelper faults;
    faults.CrashNode(nodes.Get(1), Seconds(1));
    faults.RestartNode(nodes.Get(1), Seconds(2));
    bool serverRecvReturned = false;

    server->Spawn("server", [&] {
        int s = UdpBound(server, AF_INET, PORT);
        struct sockaddr_storage from;
        socklen_t fromLen = sizeof(from);
        char buf[64];
        ctx.CheckEqual(Outcome(server,
                               server->RecvFrom(s,
                                                buf,
                                                sizeof(buf),
                                                0,
                                                reinterpret_cast<struct sockaddr*>(&from),
                                                &fromLen)),
                       Ok(4),
                       "server: ping");
        server->SendTo(s, "pong", 4, 0, reinterpret_cast<struct sockaddr*>(&from), fromLen);
        Recv(server, s); // blocked when the node crashes
        serverRecvReturned = true;
    });
    Simulator::Schedule(Seconds(1.5), [&] {
        ctx.CheckEqual(server->GetLiveThreadCount(), 0u, "server: its threads died");
        ctx.CheckEqual(server->GetOpenDescriptorCount(), 0u, "server: its descriptors are gone");
    });
    Simulator::Schedule(Seconds(3), [&] {
        server->Spawn("server-restarted", [&] {
            int s = server->Socket(AF_INET, SOCK_DGRAM, 0);
            InetAddr any(Ipv4Address::GetAny(), PORT);
            ctx.CheckEqual(Outcome(server, server->Bind(s, any.Addr(), any.len)),
                           Ok(),
                           "server: the port is free after the restart");
            std::string data;
            ctx.CheckEqual(RecvStr(server, s, data), Ok(5), "server: the next datagram");
            ctx.CheckEqual(data, std::string("again"), "server: only what came after");
            server->Close(s);
        });
    });
    client->Spawn(
        "client",
        [&] {
            int c = UdpBound(client, AF_INET, 6001);
            client->Connect(c, dest.Addr(), dest.len);
            int u = client->Socket(AF_INET, SOCK_DGRAM, 0);
            ctx.CheckEqual(SendText(client, c, "ping"), Ok(4), "client: ping");
            ctx.CheckEqual(Recv(client, c), Ok(4), "client: pong");
            client->Sleep(Seconds(1.2) - Simulator::Now());
            ctx.CheckEqual(SendText(client, c, "lost"), Ok(4), "client: send to the crashed node");
            ctx.CheckEqual(Outcome(client, client->SendTo(u, "lost", 4, 0, dest.Addr(), dest.len)),
                           Ok(4),
                           "unconnected: sendto the crashed node");
            SetRcvTimeout(client, c, 0, 300000);
            ctx.CheckEqual(Recv(client, c), Failed(EAGAIN), "client: no answer, no error");
            ctx.CheckEqual(Revents(client, c), Bits(UDP_IDLE), "client: no POLLERR");
            ctx.CheckEqual(Revents(client, u), Bits(UDP_IDLE), "unconnected: no POLLERR");
            client->Sleep(Seconds(2.5) - Simulator::Now()); // restarted, no socket yet
            ctx.CheckEqual(SendText(client, c, "refused"), Ok(7), "client: send after restart");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(Recv(client, c),
                           Failed(ECONNREFUSED),
                           "client: the restarted stack answers with port unreachable");
            client->Sleep(Seconds(3.5) - Simulator::Now()); // the service is back
            ctx.CheckEqual(SendText(client, c, "again"), Ok(5), "client: send to the new socket");
            client->Sleep(MilliSeconds(10));
            ctx.CheckEqual(Revents(client, c), Bits(UDP_IDLE), "client: no error");
            client->Close(c);
            client->Close(u);
        },
        MilliSeconds(100));
    ctx.Run(Seconds(10));
    ctx.Check(!serverRecvReturned, "server: the recv blocked at the crash never returned");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("crash").OnNode(1).OfPersonality("fault").At(Seconds(1)))
            .Expect(E::State("restart").OnNode(1).OfPersonality("fault").At(Seconds(2)))
            .Expect(E::State("udp-icmp-error").OnNode(0).Field("errno", int64_t{ECONNREFUSED})));
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("udp icmp records",
                              [](const TraceRecord& r) {
                                  return r.kind == TraceKind::STATE &&
                                         r.name.rfind("udp-icmp", 0) == 0;
                              })
                        .Expect(E::State("udp-icmp-error").OnNode(0))); // exactly one
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// ---- FM13: a lossy link under a stream --------------------------------------------------------

/**
 * 5 % loss both ways (SetLossRate, streams fixed by AssignStreams): a 100 KiB transfer still
 * arrives complete and in order, and the client sees EOF after it. Both ends see only
 * successful calls. The outcome does not depend on which segments were retransmitted; the
 * fault models confirm that packets were lost.
 */
void
FM13(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), PORT);
    SockbenchFaultHelper faults;
    NetDeviceContainer link = ctx.GetLink(0);
    faults.SetLossRate(link, 0.05, Seconds(0));
    faults.AssignStreams(link, 1);
    const size_t total = 100 * 1024;
    std::vector<uint8_t> pattern(total);
    for (size_t i = 0; i < total; ++i)
    {
        pattern[i] = static_cast<uint8_t>((i * 7 + i / 251) % 256);
    }
    std::vector<uint8_t> received;
    bool sawEof = false;

    server->Spawn("server", [&] {
        int l = TcpListener(server, PORT);
        int a = server->Accept(l, nullptr, nullptr);
        std::vector<uint8_t> buf(4096);
        for (;;)
        {
            ssize_t n = server->Recv(a, buf.data(), buf.size(), 0);
            if (n <= 0)
            {
                ctx.CheckEqual(Outcome(server, n), Ok(0), "server: the stream ends with EOF");
                sawEof = n == 0;
                break;
            }
            received.insert(received.end(), buf.begin(), buf.begin() + n);
        }
        server->Close(a);
        server->Close(l);
    });
    client->Spawn(
        "client",
        [&] {
            int fd = ConnectTcp(ctx, client, dest, "client: connect over the lossy link");
            ssize_t sent = client->Send(fd, pattern.data(), pattern.size(), 0);
            ctx.CheckEqual(Outcome(client, sent), Ok(total), "client: one blocking send");
            ctx.CheckEqual(Outcome(client, client->Close(fd)), Ok(), "client: close");
        },
        MilliSeconds(100));
    ctx.Run(Seconds(20));
    ctx.CheckEqual(received.size(), total, "server: bytes received");
    size_t firstBad = 0;
    while (firstBad < std::min(received.size(), total) && received[firstBad] == pattern[firstBad])
    {
        ++firstBad;
    }
    ctx.CheckEqual(firstBad, received.size(), "server: first byte out of order or corrupted");
    ctx.Check(sawEof, "server: EOF after the last byte");
    uint64_t drops = SockbenchFaultHelper::GetFaultModel(link.Get(0))->GetDropCount() +
                     SockbenchFaultHelper::GetFaultModel(link.Get(1))->GetDropCount();
    ctx.Check(drops > 0, "the link lost packets (" + std::to_string(drops) + ")");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(
                E::State("link-loss").OnNode(0).OfPersonality("fault").Field("ppm", int64_t{50000}))
            .Expect(E::State("link-loss")
                        .OnNode(1)
                        .OfPersonality("fault")
                        .Field("ppm", int64_t{50000})));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

} // namespace

void
RegisterInetFaultCases(ConformanceCatalog& catalog)
{
    catalog.Add({"FM1_tcp_fin_eof_then_rst_epipe",
                 {"FM1", "IN13", "IN14"},
                 "TCP FIN: server reads data then 0, CLOSE_WAIT send provokes RST -> EPIPE; "
                 "client close returns at once",
                 FM1});
    catalog.Add({"FM2_udp_shutdown_and_close_invisible",
                 {"FM2", "IN30", "IN29", "IN28", "IN21"},
                 "UDP 'FIN': SHUT_WR is local (EPIPE, no SIGPIPE), the peer sees nothing; "
                 "after close only a connected peer gets ECONNREFUSED",
                 FM2});
    catalog.Add({"FM3_tcp_rst_unread_close_and_abort",
                 {"FM3", "IN18", "IN19", "IN20"},
                 "TCP RST: close with unread data and SO_LINGER{1,0} aborts; the client sees "
                 "data, ECONNRESET once, then 0 / EPIPE",
                 FM3});
    catalog.Add({"FM4_udp_abort_invisible_until_icmp",
                 {"FM4", "IN28", "IN29"},
                 "UDP 'RST' (SO_LINGER{1,0}+close): nothing sent; a connected peer gets "
                 "ECONNREFUSED after its next send, an unconnected one nothing",
                 FM4});
    catalog.Add({"FM5_tcp_refused_both_ends",
                 {"FM5", "IN1", "IN2", "IN33"},
                 "TCP refused: ECONNREFUSED after one RTT (v4, v6, non-blocking); the "
                 "server's bound socket is untouched, then accepts",
                 FM5});
    catalog.Add({"FM6_udp_refused_icmp",
                 {"FM6", "IN28", "IN29"},
                 "UDP refused: connected sockets get ECONNREFUSED once per ICMP (v4, v6), "
                 "unconnected nothing; the server gets only later datagrams",
                 FM6});
    catalog.Add({"FM7_tcp_connect_timeouts",
                 {"FM7", "IN4", "IN5", "IN9"},
                 "TCP timeout: SYNs dropped by a full queue; TCP_SYNCNT 1 fails at 3 s, "
                 "TCP_USER_TIMEOUT 1500 at 1.5 s; the server queued only the first",
                 FM7});
    catalog.Add({"FM8_udp_receive_timeouts",
                 {"FM8", "IN21"},
                 "UDP timeout: a silent server: SO_RCVTIMEO gives EAGAIN at the timeout, poll "
                 "0, no error; the server holds the requests",
                 FM8});
    catalog.Add({"FM9_tcp_link_down_user_timeout",
                 {"FM9", "IN23", "IN19", "IN20"},
                 "TCP link down: unacknowledged data times out (ETIMEDOUT, no RST; the peer "
                 "notices nothing, then ECONNRESET); an idle connection survives",
                 FM9});
    catalog.Add({"FM10_udp_link_down_silent_loss",
                 {"FM10", "IN21", "IN28"},
                 "UDP link down: datagrams lost silently both ways, no error on either end; "
                 "traffic resumes after link up",
                 FM10});
    catalog.Add({"FM11_tcp_node_crash_and_restart",
                 {"FM11", "IN23", "IN19", "IN5"},
                 "TCP node crash: peers notice only by timers (ETIMEDOUT) or, after the "
                 "restart, an RST -> ECONNRESET; the crashed server's calls never return",
                 FM11});
    catalog.Add({"FM12_udp_node_crash_and_restart",
                 {"FM12", "IN28", "IN21"},
                 "UDP node crash: invisible to peers; after the restart, port unreachable -> "
                 "ECONNREFUSED; the restarted service receives again",
                 FM12});
    catalog.Add({"FM13_tcp_lossy_link_transfer_intact",
                 {"FM13", "IN13"},
                 "TCP over 5% loss (fixed streams): 100 KiB arrive complete, in order, then EOF",
                 FM13});
}

} // namespace ns3
