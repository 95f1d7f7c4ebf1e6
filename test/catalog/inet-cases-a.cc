/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: TCP connect, listen and accept (spec inet-sockets.md IN1-IN12).
 */

#include "inet-test-util.h"
#include "sockbench-catalog.h"

#include "ns3/arp-cache.h"
#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/event-trace.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/simulator.h"
#include "ns3/sockbench-fault-helper.h"
#include "ns3/sockbench-helper.h"
#include "ns3/uinteger.h"

#include <cerrno>
#include <climits>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/time.h>
#include <vector>

namespace ns3
{

namespace
{

using E = TraceExpectation;

/// poll bits of a failed connect (IN2) or a reset connection.
constexpr short POLL_FAILED =
    POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM | POLLRDHUP;

/// poll bits of a connected socket with nothing to read.
constexpr short POLL_CONNECTED = POLLOUT | POLLWRNORM;

/// \return "12.345 s" for messages \param t the time
std::string
Secs(Time t)
{
    return std::to_string(t.GetSeconds()) + " s";
}

/// \return a TCP socket of \p host, non-blocking when \p nonBlocking
/// \param host host \param nonBlocking SOCK_NONBLOCK
int
TcpSocket(Ptr<SockbenchHost> host, bool nonBlocking = false)
{
    return host->Socket(AF_INET, SOCK_STREAM | (nonBlocking ? SOCK_NONBLOCK : 0), 0);
}

/// Set SO_SNDTIMEO or SO_RCVTIMEO. \return the setsockopt result
/// \param host host \param fd socket \param name option \param t the timeout
int
SetTimeout(Ptr<SockbenchHost> host, int fd, int name, Time t)
{
    struct timeval tv;
    tv.tv_sec = static_cast<time_t>(t.GetMicroSeconds() / 1000000);
    tv.tv_usec = static_cast<suseconds_t>(t.GetMicroSeconds() % 1000000);
    return host->SetSockOpt(fd, SOL_SOCKET, name, &tv, sizeof(tv));
}

/// \return whether \p fd polls POLLOUT now (a non-blocking connect has completed)
/// \param host host \param fd socket
bool
IsConnectedNow(Ptr<SockbenchHost> host, int fd)
{
    return (PollNow(host, fd) & POLLOUT) != 0;
}

/// \return the number of trace records named \p name on node \p node
/// \param ctx context \param name record name \param node node id
/// \param before count only records before this time
size_t
CountRecords(ConformanceContext& ctx,
             const std::string& name,
             int64_t node,
             Time before = Time::Max())
{
    size_t n = 0;
    for (const auto& r : ctx.Trace()->GetRecords())
    {
        if (r.name == name && r.node == node && r.timeNs < before.GetNanoSeconds())
        {
            ++n;
        }
    }
    return n;
}

void
IN1(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    Time refusedAt;
    client->Spawn("client", [&] {
        int fd = client->Socket(AF_INET, SOCK_STREAM, 0);
        Time start = Simulator::Now();
        ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                       Failed(ECONNREFUSED),
                       "connect to a port without listener");
        refusedAt = Simulator::Now() - start;
        ctx.CheckEqual(SoError(client, fd), 0, "SO_ERROR after the refusal");
        ctx.CheckEqual(PollName(PollNow(client, fd)),
                       PollName(POLLOUT | POLLWRNORM | POLLHUP),
                       "poll after the refusal");
        struct sockaddr_storage ss;
        socklen_t len = sizeof(ss);
        ctx.CheckEqual(
            Outcome(client, client->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&ss), &len)),
            Failed(ENOTCONN),
            "getpeername after the refusal");
        client->Sleep(Seconds(1));
        ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                       Ok(),
                       "connect again, once a listener exists");
        client->Close(fd);
    });
    server->Spawn(
        "server",
        [&] {
            int l = TcpListener(server, 5001);
            int a = server->Accept(l, nullptr, nullptr);
            ctx.Check(a >= 0, "the second connect is accepted");
            server->Close(a);
            server->Close(l);
        },
        MilliSeconds(500));
    ctx.Run(Seconds(30));
    // One round trip on a 1 ms, 10 Mb/s link: 2 ms of delay plus two transmission times.
    ctx.Check(refusedAt > MilliSeconds(2) && refusedAt < MilliSeconds(3),
              "refused one round trip after the SYN (not after SYN retries)");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN2: a non-blocking connect that succeeds: EINPROGRESS (also on loopback), EALREADY while
// the SYN is outstanding, POLLOUT|POLLWRNORM and SO_ERROR 0, then 0 once, then EISCONN.
void
IN2Success(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    Time completedAfter;
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001);
        int a = server->Accept(l, nullptr, nullptr);
        ctx.Check(a >= 0, "the remote connection is accepted");
        // "even on loopback": the handshake could finish inside the call, but does not.
        int lo = TcpSocket(server, true);
        InetAddr loop(Ipv4Address::GetLoopback(), 5001);
        ctx.CheckEqual(Outcome(server, server->Connect(lo, loop.Addr(), loop.len)),
                       Failed(EINPROGRESS),
                       "non-blocking connect on loopback");
        struct pollfd p = {lo, POLLOUT, 0};
        ctx.CheckEqual(server->Poll(&p, 1, 1000), 1, "poll for the loopback handshake");
        ctx.CheckEqual(PollName(PollNow(server, lo)),
                       PollName(POLL_CONNECTED),
                       "poll after the loopback handshake");
        ctx.CheckEqual(SoError(server, lo), 0, "SO_ERROR after the loopback handshake");
        ctx.CheckEqual(Outcome(server, server->Connect(lo, loop.Addr(), loop.len)),
                       Ok(),
                       "loopback: first connect after success");
        int b = server->Accept(l, nullptr, nullptr);
        ctx.Check(b >= 0, "the loopback connection is accepted");
        server->Close(b);
        server->Close(lo);
        server->Close(a);
        server->Close(l);
    });
    client->Spawn(
        "client",
        [&] {
            int fd = TcpSocket(client, true);
            Time start = Simulator::Now();
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(EINPROGRESS),
                           "non-blocking connect");
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(EALREADY),
                           "connect while the SYN is outstanding");
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(0),
                           "poll while the SYN is outstanding");
            struct pollfd p = {fd, POLLOUT, 0};
            ctx.CheckEqual(client->Poll(&p, 1, -1), 1, "poll waits for the handshake");
            completedAfter = Simulator::Now() - start;
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(POLL_CONNECTED),
                           "poll after success");
            ctx.CheckEqual(SoError(client, fd), 0, "SO_ERROR after success");
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Ok(),
                           "first connect after success");
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(EISCONN),
                           "second connect after success");
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(EISCONN),
                           "third connect after success");
            client->Close(fd);
        },
        MilliSeconds(100));
    ctx.Run(Seconds(10));
    ctx.Check(completedAfter > MilliSeconds(2) && completedAfter < MilliSeconds(3),
              "the handshake completes one round trip after the SYN, got " + Secs(completedAfter));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN2: a non-blocking connect that fails (RST|ACK): the failure poll bits and SO_ERROR; then
// ECONNABORTED when the error was read, or the error itself when not; then a new attempt.
void
IN2Failure(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    server->Spawn(
        "server",
        [&] {
            int l = TcpListener(server, 5001);
            int a[2];
            for (int& fd : a)
            {
                fd = server->Accept(l, nullptr, nullptr);
                ctx.Check(fd >= 0, "a new attempt is accepted");
            }
            char buf[4];
            for (int fd : a)
            {
                server->Recv(fd, buf, sizeof(buf), 0); // until the client closes
                server->Close(fd);
            }
            server->Close(l);
        },
        MilliSeconds(500));
    client->Spawn("client", [&] {
        // A: the error is read with SO_ERROR before connect is called again.
        // B: nobody reads it; connect returns it.
        int fa = TcpSocket(client, true);
        int fb = TcpSocket(client, true);
        ctx.CheckEqual(Outcome(client, client->Connect(fa, dest.Addr(), dest.len)),
                       Failed(EINPROGRESS),
                       "A: non-blocking connect, no listener");
        ctx.CheckEqual(Outcome(client, client->Connect(fb, dest.Addr(), dest.len)),
                       Failed(EINPROGRESS),
                       "B: non-blocking connect, no listener");
        struct pollfd p[2] = {{fa, POLLOUT, 0}, {fb, POLLOUT, 0}};
        client->Poll(p, 2, -1);
        client->Sleep(MilliSeconds(50)); // both refusals are in
        ctx.CheckEqual(PollName(PollNow(client, fa)), PollName(POLL_FAILED), "A: poll failed");
        ctx.CheckEqual(PollName(PollNow(client, fb)), PollName(POLL_FAILED), "B: poll failed");
        ctx.CheckEqual(SoError(client, fa), ECONNREFUSED, "A: SO_ERROR gives the cause");
        ctx.CheckEqual(Outcome(client, client->Connect(fa, dest.Addr(), dest.len)),
                       Failed(ECONNABORTED),
                       "A: connect after the error was read");
        ctx.CheckEqual(Outcome(client, client->Connect(fb, dest.Addr(), dest.len)),
                       Failed(ECONNREFUSED),
                       "B: connect returns the unread error");
        client->Sleep(Seconds(1)); // the listener exists now
        ctx.CheckEqual(Outcome(client, client->Connect(fa, dest.Addr(), dest.len)),
                       Failed(EINPROGRESS),
                       "A: the next call starts a new attempt");
        ctx.CheckEqual(Outcome(client, client->Connect(fb, dest.Addr(), dest.len)),
                       Failed(EINPROGRESS),
                       "B: the next call starts a new attempt");
        client->Sleep(MilliSeconds(50));
        for (int fd : {fa, fb})
        {
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(POLL_CONNECTED),
                           "the new attempt succeeds: poll");
            ctx.CheckEqual(SoError(client, fd), 0, "the new attempt succeeds: SO_ERROR");
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Ok(),
                           "the new attempt succeeds: connect");
            client->Close(fd);
        }
    });
    ctx.Run(Seconds(10));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN3: SO_SNDTIMEO runs out during the handshake: EINPROGRESS (not EAGAIN/ETIMEDOUT); the
// attempt goes on, the next connect gives EALREADY, and 0 once the handshake is done.
void
IN3(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    SockbenchFaultHelper faults;
    // The first SYNs are lost; one sent after 1.5 s gets through.
    faults.LinkDown(ctx.GetLink(0), Seconds(0));
    faults.LinkUp(ctx.GetLink(0), MilliSeconds(1500));
    Time first;
    Time second;
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001);
        int a = server->Accept(l, nullptr, nullptr);
        ctx.Check(a >= 0, "the connection is accepted");
        server->Close(a);
        server->Close(l);
    });
    client->Spawn(
        "client",
        [&] {
            int fd = TcpSocket(client);
            ctx.CheckEqual(SetTimeout(client, fd, SO_SNDTIMEO, MilliSeconds(500)),
                           0,
                           "SO_SNDTIMEO 500 ms");
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(EINPROGRESS),
                           "blocking connect, SO_SNDTIMEO runs out");
            first = Simulator::Now();
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(EALREADY),
                           "the next connect: the attempt continues");
            second = Simulator::Now();
            client->Sleep(Seconds(6) - Simulator::Now()); // the handshake is done by now
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Ok(),
                           "connect after the handshake completed");
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(EISCONN),
                           "connect once more");
            client->Close(fd);
        },
        MilliSeconds(100));
    ctx.Run(Seconds(20));
    ctx.CheckEqual(first, MilliSeconds(600), "EINPROGRESS when the 500 ms timer runs out");
    ctx.Check(second <= MilliSeconds(1100), "EALREADY within another SO_SNDTIMEO");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

/// A SYN_SENT deadline scenario: the client connects at \p start over a link that loses all
/// SYNs (or to a crashed peer) and must fail with ETIMEDOUT \p expected later.
/// \param ctx context \param profile TimingProfile \param synCnt TCP_SYNCNT (0: unset)
/// \param crashPeer crash the server instead of taking the link down
/// \param expected failure time after the connect \param what description
void
SynTimeout(ConformanceContext& ctx,
           TimingProfile profile,
           int synCnt,
           bool crashPeer,
           Time expected,
           const std::string& what)
{
    ctx.Helper().SetHostAttribute("TimingProfile", EnumValue(profile));
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    SockbenchFaultHelper faults;
    Time start = Seconds(1);
    if (crashPeer)
    {
        server->Spawn("server", [&] {
            int l = TcpListener(server, 5001);
            server->Accept(l, nullptr, nullptr); // never returns: the node crashes
        });
        faults.CrashNode(nodes.Get(1), MilliSeconds(500));
    }
    else
    {
        faults.LinkDown(ctx.GetLink(0), Seconds(0));
    }
    Time blockingAfter;
    Time pollAfter;
    client->Spawn(
        "blocking",
        [&] {
            int fd = TcpSocket(client);
            if (synCnt != 0)
            {
                ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_SYNCNT, synCnt),
                               Ok(),
                               "TCP_SYNCNT");
            }
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(ETIMEDOUT),
                           what + ": blocking connect");
            blockingAfter = Simulator::Now() - start;
            ctx.CheckEqual(SoError(client, fd), 0, what + ": SO_ERROR after connect reported it");
            client->Close(fd);
        },
        start);
    client->Spawn(
        "nonblocking",
        [&] {
            int fd = TcpSocket(client, true);
            if (synCnt != 0)
            {
                SetInt(client, fd, IPPROTO_TCP, TCP_SYNCNT, synCnt);
            }
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Failed(EINPROGRESS),
                           what + ": non-blocking connect");
            struct pollfd p = {fd, POLLOUT, 0};
            client->Poll(&p, 1, -1);
            pollAfter = Simulator::Now() - start;
            ctx.CheckEqual(PollName(PollNow(client, fd)),
                           PollName(POLL_FAILED),
                           what + ": poll after the timeout");
            ctx.CheckEqual(SoError(client, fd), ETIMEDOUT, what + ": SO_ERROR");
            client->Close(fd);
        },
        start);
    ctx.Run(start + expected + Seconds(30));
    ctx.Check(Within(blockingAfter, expected, expected + MilliSeconds(1)),
              what + ": blocking connect fails at " + Secs(expected) + ", got " +
                  Secs(blockingAfter));
    ctx.Check(Within(pollAfter, expected, expected + MilliSeconds(1)),
              what + ": poll reports the failure at " + Secs(expected) + ", got " +
                  Secs(pollAfter));
    ctx.ExpectTrace(TraceMatcher().Expect(
        E::State("tcp-done").OnNode(0).Field("error", std::to_string(ETIMEDOUT))));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN4: linux profile, tcp_syn_retries 6: 10 retransmissions, ETIMEDOUT at 131 s.
void
IN4Linux(ConformanceContext& ctx)
{
    SynTimeout(ctx, TIMING_LINUX, 0, false, Seconds(131), "linux");
}

// IN4: TCP_SYNCNT 1 fails at 3 s, 2 at 7 s (linux profile).
void
IN4SynCnt(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    SockbenchFaultHelper faults;
    faults.LinkDown(ctx.GetLink(0), Seconds(0));
    std::vector<Time> failedAfter(3);
    for (int n = 1; n <= 2; ++n)
    {
        client->Spawn(
            "syncnt" + std::to_string(n),
            [&, n] {
                int fd = TcpSocket(client);
                int v = -1;
                socklen_t len = sizeof(v);
                client->GetSockOpt(fd, IPPROTO_TCP, TCP_SYNCNT, &v, &len);
                ctx.CheckEqual(v, 6, "TCP_SYNCNT defaults to tcp_syn_retries");
                ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_SYNCNT, n), Ok(), "TCP_SYNCNT");
                Time start = Simulator::Now();
                ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                               Failed(ETIMEDOUT),
                               "connect with TCP_SYNCNT " + std::to_string(n));
                failedAfter[n] = Simulator::Now() - start;
                client->Close(fd);
            },
            Seconds(1));
    }
    ctx.Run(Seconds(30));
    ctx.Check(Within(failedAfter[1], Seconds(3), Seconds(3) + MilliSeconds(1)),
              "TCP_SYNCNT 1 fails at 3 s, got " + Secs(failedAfter[1]));
    ctx.Check(Within(failedAfter[2], Seconds(7), Seconds(7) + MilliSeconds(1)),
              "TCP_SYNCNT 2 fails at 7 s, got " + Secs(failedAfter[2]));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN4: linux-legacy profile (<= 6.4, pure doubling): 127 s; the peer has crashed.
void
IN4Legacy(ConformanceContext& ctx)
{
    SynTimeout(ctx, TIMING_LINUX_LEGACY, 0, true, Seconds(127), "linux-legacy");
}

// IN4 with section I: the ns3 profile keeps ns-3's ConnTimeout 3 s x ConnCount 6: 189 s.
void
IN4Ns3(ConformanceContext& ctx)
{
    SynTimeout(ctx, TIMING_NS3, 0, false, Seconds(189), "ns3");
}

// IN5: TCP_USER_TIMEOUT bounds SYN_SENT, whatever TCP_SYNCNT says.
void
IN5(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    SockbenchFaultHelper faults;
    faults.LinkDown(ctx.GetLink(0), Seconds(0));

    struct Variant
    {
        int userTimeoutMs;
        int synCnt;
        Time expected;
    };

    // 2500 ms with TCP_SYNCNT 1 (3 s alone): the user timeout wins.
    std::vector<Variant> variants = {{1500, 0, MilliSeconds(1500)},
                                     {2500, 0, MilliSeconds(2500)},
                                     {2500, 1, MilliSeconds(2500)}};
    std::vector<Time> failedAfter(variants.size());
    for (size_t i = 0; i < variants.size(); ++i)
    {
        client->Spawn(
            "ut" + std::to_string(i),
            [&, i] {
                const Variant& v = variants[i];
                int fd = TcpSocket(client);
                ctx.CheckEqual(SetInt(client, fd, IPPROTO_TCP, TCP_USER_TIMEOUT, v.userTimeoutMs),
                               Ok(),
                               "TCP_USER_TIMEOUT");
                if (v.synCnt)
                {
                    SetInt(client, fd, IPPROTO_TCP, TCP_SYNCNT, v.synCnt);
                }
                Time start = Simulator::Now();
                ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                               Failed(ETIMEDOUT),
                               "connect under TCP_USER_TIMEOUT " + std::to_string(v.userTimeoutMs));
                failedAfter[i] = Simulator::Now() - start;
                client->Close(fd);
            },
            Seconds(1));
    }
    ctx.Run(Seconds(30));
    for (size_t i = 0; i < variants.size(); ++i)
    {
        ctx.Check(
            Within(failedAfter[i], variants[i].expected, variants[i].expected + MilliSeconds(1)),
            "TCP_USER_TIMEOUT " + std::to_string(variants[i].userTimeoutMs) + " ms (TCP_SYNCNT " +
                std::to_string(variants[i].synCnt) + "): fails at " + Secs(variants[i].expected) +
                ", got " + Secs(failedAfter[i]));
    }
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN6: no route: ENETUNREACH at once from connect (blocking or not, IPv4 and IPv6) and from
// UDP sendto; the socket can then connect elsewhere. An on-link address that never answers:
// Linux gives EHOSTUNREACH once ARP gives up (about 3 s). Section I leaves that as a
// **choice**; the model leaves an unanswered ARP to the SYN timeout. An ICMP error in
// SYN_SENT, however, ends the attempt at once (tcp_v4_err): here 10.0.2.9 is routed into a
// loop between n1 and n2 (their routes point at each other), the SYN's TTL runs out after 64
// hops and the ICMP time exceeded gives EHOSTUNREACH.
//
// The client is the middle node of n0 - n1 - n2: ns-3's global routing gives the stub nodes at
// the ends a default route, the middle node has none.
void
IN6(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(3);
    Ptr<SockbenchHost> client = ctx.Host(1);
    Ptr<SockbenchHost> server = ctx.Host(2);
    InetAddr dest(ctx.GetIpv4(2), 5001);
    InetAddr nowhere(Ipv4Address("192.0.2.1"), 80);
    InetAddr nowhere6(Ipv6Address("2001:db8:99::1"), 80);
    InetAddr onLinkSilent(Ipv4Address("10.0.2.9"), 80);
    Time onLinkAfter;
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001);
        int a = server->Accept(l, nullptr, nullptr);
        ctx.Check(a >= 0, "the later connect is accepted");
        server->Close(a);
        server->Close(l);
    });
    client->Spawn(
        "client",
        [&] {
            Time start = Simulator::Now();
            int fd = TcpSocket(client);
            ctx.CheckEqual(Outcome(client, client->Connect(fd, nowhere.Addr(), nowhere.len)),
                           Failed(ENETUNREACH),
                           "blocking connect without a route");
            int nb = TcpSocket(client, true);
            ctx.CheckEqual(Outcome(client, client->Connect(nb, nowhere.Addr(), nowhere.len)),
                           Failed(ENETUNREACH),
                           "non-blocking connect without a route (not EINPROGRESS)");
            int fd6 = client->Socket(AF_INET6, SOCK_STREAM, 0);
            ctx.CheckEqual(Outcome(client, client->Connect(fd6, nowhere6.Addr(), nowhere6.len)),
                           Failed(ENETUNREACH),
                           "IPv6 connect without a route");
            int u = client->Socket(AF_INET, SOCK_DGRAM, 0);
            ctx.CheckEqual(
                Outcome(client, client->SendTo(u, "x", 1, 0, nowhere.Addr(), nowhere.len)),
                Failed(ENETUNREACH),
                "UDP sendto without a route");
            ctx.CheckEqual(Simulator::Now(), start, "no route: no time passes");
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Ok(),
                           "the same socket connects to a reachable address");
            client->Close(fd);
            client->Close(nb);
            client->Close(fd6);
            client->Close(u);
            int silent = TcpSocket(client);
            SetInt(client, silent, IPPROTO_TCP, TCP_SYNCNT, 1);
            Time t0 = Simulator::Now();
            ctx.CheckEqual(
                Outcome(client, client->Connect(silent, onLinkSilent.Addr(), onLinkSilent.len)),
                Failed(EHOSTUNREACH),
                "a routing loop: ICMP time exceeded in SYN_SENT");
            onLinkAfter = Simulator::Now() - t0;
            client->Close(silent);
        },
        MilliSeconds(100));
    ctx.Run(Seconds(30));
    // 64 one-way hops of a 1 ms link and the ICMP's way back: well before any SYN timeout.
    ctx.Check(Within(onLinkAfter, MilliSeconds(60), MilliSeconds(80)),
              "routing loop: EHOSTUNREACH after the TTL ran out (about 67 ms), got " +
                  Secs(onLinkAfter));
    ctx.ExpectTrace(TraceMatcher().Expect(TraceExpectation::State("tcp-done")
                                              .OnNode(1)
                                              .Field("why", "icmp-in-syn-sent")
                                              .Field("error", std::to_string(EHOSTUNREACH))));
    ctx.ExpectClean(ctx.Host(0));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN7: connect(AF_UNSPEC) on a connected socket: RST to the peer (ECONNRESET there),
// POLLERR|POLLHUP here, and the socket can connect again.
void
IN7(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001);
        int a = server->Accept(l, nullptr, nullptr);
        char buf[16];
        ctx.CheckEqual(Outcome(server, server->Recv(a, buf, sizeof(buf), 0)),
                       Failed(ECONNRESET),
                       "peer: blocked recv after connect(AF_UNSPEC)");
        int b = server->Accept(l, nullptr, nullptr);
        ctx.Check(b >= 0, "the second connection is accepted");
        ctx.CheckEqual(Outcome(server, server->Recv(b, buf, sizeof(buf), 0)),
                       Ok(1),
                       "the second connection carries data");
        server->Close(b);
        server->Close(a);
        server->Close(l);
    });
    client->Spawn(
        "client",
        [&] {
            int fd = TcpSocket(client);
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Ok(),
                           "connect");
            client->Sleep(MilliSeconds(500));
            InetAddr unspec = InetAddr::Unspec();
            ctx.CheckEqual(Outcome(client, client->Connect(fd, unspec.Addr(), unspec.len)),
                           Ok(),
                           "connect(AF_UNSPEC)");
            short revents = PollNow(client, fd);
            ctx.CheckEqual(PollName(revents & (POLLERR | POLLHUP)),
                           PollName(POLLERR | POLLHUP),
                           "poll after connect(AF_UNSPEC) has POLLERR|POLLHUP (got " +
                               PollName(revents) + ")");
            struct sockaddr_storage ss;
            socklen_t len = sizeof(ss);
            ctx.CheckEqual(
                Outcome(client,
                        client->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&ss), &len)),
                Failed(ENOTCONN),
                "getpeername after connect(AF_UNSPEC)");
            client->Sleep(MilliSeconds(100));
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Ok(),
                           "connect again");
            ctx.CheckEqual(Outcome(client, client->Send(fd, "x", 1, MSG_NOSIGNAL)),
                           Ok(1),
                           "send on the new connection");
            client->Sleep(MilliSeconds(100));
            client->Close(fd);
        },
        MilliSeconds(100));
    ctx.Run(Seconds(10));
    ctx.ExpectTrace(TraceMatcher().Expect(E::State("tcp-rst-sent").OnNode(0)));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN8: the backlog is capped by somaxconn (read as unsigned: -1 and INT_MAX too), and
// listen() on a listener replaces the backlog. Somaxconn 2: 3 connections wait.
void
IN8(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("Somaxconn", UintegerValue(2));
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    const std::vector<int> backlogs = {100, -1, INT_MAX, 0};
    const int perPort = 5;
    std::vector<int> listeners(backlogs.size(), -1);
    server->Spawn("server", [&] {
        for (size_t i = 0; i < backlogs.size(); ++i)
        {
            listeners[i] = TcpListener(server, static_cast<uint16_t>(5001 + i), backlogs[i]);
            ctx.Check(listeners[i] >= 0, "listen(" + std::to_string(backlogs[i]) + ")");
        }
        server->Sleep(Seconds(1) - Simulator::Now());
        ctx.CheckEqual(Outcome(server, server->Listen(listeners[3], 2)),
                       Ok(),
                       "listen() again replaces the backlog (0 -> 2)");
        ctx.CheckEqual(Outcome(server, server->Listen(listeners[0], 100)),
                       Ok(),
                       "listen() again on a listener");
        server->Sleep(Seconds(3) - Simulator::Now());
        for (int l : listeners)
        {
            server->Close(l);
        }
    });
    std::vector<std::vector<int>> fds(backlogs.size());
    std::vector<int> countEarly(backlogs.size(), 0);
    std::vector<int> countLate(backlogs.size(), 0);
    client->Spawn(
        "client",
        [&] {
            // One connect every 20 ms: each handshake ends before the next SYN.
            for (int k = 0; k < perPort; ++k)
            {
                for (size_t i = 0; i < backlogs.size(); ++i)
                {
                    InetAddr dest(ctx.GetIpv4(1), static_cast<uint16_t>(5001 + i));
                    int fd = TcpSocket(client, true);
                    client->Connect(fd, dest.Addr(), dest.len);
                    fds[i].push_back(fd);
                }
                client->Sleep(MilliSeconds(20));
            }
            client->Sleep(MilliSeconds(700) - Simulator::Now());
            for (size_t i = 0; i < backlogs.size(); ++i)
            {
                for (int fd : fds[i])
                {
                    countEarly[i] += IsConnectedNow(client, fd) ? 1 : 0;
                }
            }
            // The dropped SYNs are retransmitted 1 s after the first ones (ns-3 and Linux
            // agree on the first backoff); by 2 s the new backlog of port 5004 admitted two.
            client->Sleep(Seconds(2) - Simulator::Now());
            for (size_t i = 0; i < backlogs.size(); ++i)
            {
                for (int fd : fds[i])
                {
                    countLate[i] += IsConnectedNow(client, fd) ? 1 : 0;
                    client->Close(fd);
                }
            }
        },
        MilliSeconds(100));
    ctx.Run(Seconds(10));
    const std::vector<int> early = {3, 3, 3, 1};
    const std::vector<int> late = {3, 3, 3, 3};
    for (size_t i = 0; i < backlogs.size(); ++i)
    {
        ctx.CheckEqual(countEarly[i],
                       early[i],
                       "somaxconn 2, listen(" + std::to_string(backlogs[i]) +
                           "): connections admitted");
        ctx.CheckEqual(countLate[i],
                       late[i],
                       "somaxconn 2, listen(" + std::to_string(backlogs[i]) +
                           "), after the SYN retransmissions: connections admitted");
    }
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN9: the queue admits b + 1 (b = 0, 1, 4 -> 1, 2, 5); later SYNs are dropped silently,
// the clients stay in SYN_SENT (EALREADY, never EAGAIN or ECONNREFUSED).
void
IN9Limit(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    const std::vector<int> backlogs = {0, 1, 4};
    const int perPort = 7;
    server->Spawn("server", [&] {
        std::vector<int> ls;
        for (int b : backlogs)
        {
            ls.push_back(TcpListener(server, static_cast<uint16_t>(6000 + b), b));
        }
        server->Sleep(Seconds(2));
        for (int l : ls)
        {
            server->Close(l);
        }
    });
    std::vector<int> admitted(backlogs.size(), 0);
    client->Spawn(
        "client",
        [&] {
            std::vector<std::vector<int>> fds(backlogs.size());
            for (int k = 0; k < perPort; ++k)
            {
                for (size_t i = 0; i < backlogs.size(); ++i)
                {
                    InetAddr dest(ctx.GetIpv4(1), static_cast<uint16_t>(6000 + backlogs[i]));
                    int fd = TcpSocket(client, true);
                    ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                                   Failed(EINPROGRESS),
                                   "non-blocking connect");
                    fds[i].push_back(fd);
                }
                client->Sleep(MilliSeconds(20));
            }
            client->Sleep(MilliSeconds(700) - Simulator::Now());
            for (size_t i = 0; i < backlogs.size(); ++i)
            {
                InetAddr dest(ctx.GetIpv4(1), static_cast<uint16_t>(6000 + backlogs[i]));
                for (int fd : fds[i])
                {
                    if (IsConnectedNow(client, fd))
                    {
                        ++admitted[i];
                    }
                    else
                    {
                        ctx.CheckEqual(SoError(client, fd), 0, "a dropped SYN sets no error");
                        ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                                       Failed(EALREADY),
                                       "a client whose SYN was dropped is still connecting");
                    }
                }
            }
            for (auto& v : fds)
            {
                for (int fd : v)
                {
                    client->Close(fd);
                }
            }
        },
        MilliSeconds(100));
    ctx.Run(Seconds(10));
    for (size_t i = 0; i < backlogs.size(); ++i)
    {
        ctx.CheckEqual(admitted[i],
                       backlogs[i] + 1,
                       "listen(" + std::to_string(backlogs[i]) + "): connections admitted");
    }
    // 6 + 5 + 2 clients were refused room: at least one silent drop each.
    ctx.Check(CountRecords(ctx, "tcp-syn-dropped", 1) >= 13, "the SYNs are dropped");
    // (The listeners' close at 2 s resets the queued connections; count before that.)
    ctx.Check(CountRecords(ctx, "tcp-rst-sent", 1, Seconds(2)) == 0, "no RST for a full queue");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN9: a blocking connect into a full queue waits, and completes with the first SYN
// retransmission after accept() made room (about 1 s after its SYN), without an error.
void
IN9Blocked(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    Time secondDone;
    Time secondAccepted;
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001, 0);
        server->Sleep(MilliSeconds(500));
        int a = server->Accept(l, nullptr, nullptr);
        ctx.Check(a >= 0, "the queued connection is accepted");
        int b = server->Accept(l, nullptr, nullptr);
        secondAccepted = Simulator::Now();
        ctx.Check(b >= 0, "the waiting connection is accepted");
        server->Close(a);
        server->Close(b);
        server->Close(l);
    });
    client->Spawn(
        "first",
        [&] {
            int fd = TcpSocket(client);
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Ok(),
                           "the first connect fills listen(0)'s queue");
            client->Sleep(Seconds(3));
            client->Close(fd);
        },
        MilliSeconds(100));
    client->Spawn(
        "second",
        [&] {
            int fd = TcpSocket(client);
            ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                           Ok(),
                           "the second connect waits, then succeeds");
            secondDone = Simulator::Now();
            client->Sleep(Seconds(2));
            client->Close(fd);
        },
        MilliSeconds(200));
    ctx.Run(Seconds(10));
    // SYN at 0.2 s dropped, accept at 0.5 s, first retransmission at 1.2 s.
    ctx.Check(Within(secondDone, MilliSeconds(1200), MilliSeconds(1210)),
              "the blocked connect completes with the retransmitted SYN at 1.2 s, got " +
                  Secs(secondDone));
    ctx.Check(Within(secondAccepted, MilliSeconds(1200), MilliSeconds(1210)),
              "accept returns it then, got " + Secs(secondAccepted));
    ctx.ExpectTrace(TraceMatcher().Expect(E::State("tcp-syn-dropped").OnNode(1)));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

/// IN10: two handshakes start while listen(0)'s queue is empty; the second completes when
/// the queue is full. \param ctx context \param abortOnOverflow TcpAbortOnOverflow
void
QueueFillsDuringHandshake(ConformanceContext& ctx, bool abortOnOverflow)
{
    ctx.Helper().SetHostAttribute("TcpAbortOnOverflow", BooleanValue(abortOnOverflow));
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001, 0);
        server->Sleep(Seconds(1));
        int a = server->Accept(l, nullptr, nullptr);
        ctx.Check(a >= 0, "the first connection is accepted");
        char buf[16];
        ctx.CheckEqual(Outcome(server, server->Recv(a, buf, sizeof(buf), 0)),
                       Ok(1),
                       "the first connection's data");
        server->Fcntl(l, F_SETFL, O_NONBLOCK);
        int b = server->Accept(l, nullptr, nullptr);
        if (abortOnOverflow)
        {
            ctx.CheckEqual(Outcome(server, b), Failed(EAGAIN), "the reset one is gone");
        }
        else
        {
            // **choice** (section I): the held connection is admitted as soon as accept()
            // makes room; its data (already acknowledged by ns-3) is readable.
            ctx.Check(b >= 0, "the held connection is admitted when room appears");
            ctx.CheckEqual(Outcome(server, server->Recv(b, buf, sizeof(buf), 0)),
                           Ok(1),
                           "the held connection's data");
            server->Close(b);
        }
        server->Close(a);
        server->Close(l);
    });
    for (int k = 0; k < 2; ++k)
    {
        client->Spawn(
            k == 0 ? "first" : "second",
            [&, k] {
                int fd = TcpSocket(client);
                ctx.CheckEqual(Outcome(client, client->Connect(fd, dest.Addr(), dest.len)),
                               Ok(),
                               "connect returns 0 once the SYN-ACK arrives");
                ctx.CheckEqual(Outcome(client, client->Send(fd, "x", 1, MSG_NOSIGNAL)),
                               Ok(1),
                               "the client can send");
                char buf[16];
                if (k == 1 && abortOnOverflow)
                {
                    ctx.CheckEqual(Outcome(client, client->Recv(fd, buf, sizeof(buf), 0)),
                                   Failed(ECONNRESET),
                                   "TcpAbortOnOverflow: the next recv");
                }
                else
                {
                    ctx.CheckEqual(Outcome(client, client->Recv(fd, buf, sizeof(buf), 0)),
                                   Ok(0),
                                   "recv sees the server's close");
                }
                client->Close(fd);
            },
            MicroSeconds(100 + 10 * k));
    }
    ctx.Run(Seconds(10));
    ctx.ExpectTrace(TraceMatcher().Expect(
        E::State("tcp-overflow").OnNode(1).Field("action", abortOnOverflow ? "reset" : "hold")));
    if (!abortOnOverflow)
    {
        ctx.ExpectTrace(TraceMatcher().Expect(E::State("tcp-queued").OnNode(1).At(Seconds(1))));
    }
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN10 with tcp_abort_on_overflow=1: the client, already connected, gets ECONNRESET.
void
IN10Abort(ConformanceContext& ctx)
{
    QueueFillsDuringHandshake(ctx, true);
}

// IN10 with tcp_abort_on_overflow=0 (default): held, admitted when room appears (choice).
void
IN10Hold(ConformanceContext& ctx)
{
    QueueFillsDuringHandshake(ctx, false);
}

// IN11: accept()/listen() errors, EAGAIN (non-blocking or SO_RCVTIMEO), O_NONBLOCK not
// inherited, shutdown(SHUT_RD) on a listener.
void
IN11(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr stopped(ctx.GetIpv4(1), 5002);
    Time rcvTimeoutAfter;
    server->Spawn("server", [&] {
        int t = TcpSocket(server);
        ctx.CheckEqual(Outcome(server, server->Accept(t, nullptr, nullptr)),
                       Failed(EINVAL),
                       "accept on an unbound TCP socket");
        InetAddr any(Ipv4Address::GetAny(), 6000);
        server->Bind(t, any.Addr(), any.len);
        ctx.CheckEqual(Outcome(server, server->Accept(t, nullptr, nullptr)),
                       Failed(EINVAL),
                       "accept on a bound TCP socket");
        int u = server->Socket(AF_INET, SOCK_DGRAM, 0);
        ctx.CheckEqual(Outcome(server, server->Accept(u, nullptr, nullptr)),
                       Failed(EOPNOTSUPP),
                       "accept on UDP");
        ctx.CheckEqual(Outcome(server, server->Listen(u, 5)), Failed(EOPNOTSUPP), "listen on UDP");

        int l = TcpListener(server, 5001);
        ctx.CheckEqual(server->Fcntl(l, F_SETFL, O_NONBLOCK), 0, "O_NONBLOCK on the listener");
        ctx.CheckEqual(Outcome(server, server->Accept(l, nullptr, nullptr)),
                       Failed(EAGAIN),
                       "accept on an empty non-blocking listener");
        InetAddr loop(Ipv4Address::GetLoopback(), 5001);
        int c = TcpSocket(server);
        ctx.CheckEqual(Outcome(server, server->Connect(c, loop.Addr(), loop.len)),
                       Ok(),
                       "loopback connect");
        ctx.CheckEqual(Outcome(server, server->Accept(c, nullptr, nullptr)),
                       Failed(EINVAL),
                       "accept on a connected TCP socket");
        ctx.CheckEqual(Outcome(server, server->Listen(c, 5)),
                       Failed(EINVAL),
                       "listen on a connected TCP socket");
        int a1 = server->Accept(l, nullptr, nullptr);
        ctx.Check(a1 >= 0, "accept from the non-blocking listener");
        ctx.CheckEqual(server->Fcntl(a1, F_GETFL) & O_NONBLOCK,
                       0,
                       "the accepted socket does not inherit O_NONBLOCK");
        int c2 = TcpSocket(server);
        server->Connect(c2, loop.Addr(), loop.len);
        int a2 = server->Accept4(l, nullptr, nullptr, SOCK_NONBLOCK);
        ctx.Check(a2 >= 0, "accept4 from the listener");
        ctx.CheckEqual(server->Fcntl(a2, F_GETFL) & O_NONBLOCK,
                       O_NONBLOCK,
                       "accept4(SOCK_NONBLOCK) sets O_NONBLOCK");

        int l2 = TcpListener(server, 5002);
        ctx.CheckEqual(SetTimeout(server, l2, SO_RCVTIMEO, MilliSeconds(500)),
                       0,
                       "SO_RCVTIMEO 500 ms");
        Time start = Simulator::Now();
        ctx.CheckEqual(Outcome(server, server->Accept(l2, nullptr, nullptr)),
                       Failed(EAGAIN),
                       "accept with SO_RCVTIMEO, nothing comes");
        rcvTimeoutAfter = Simulator::Now() - start;
        ctx.CheckEqual(Outcome(server, server->Shutdown(l2, SHUT_RD)),
                       Ok(),
                       "shutdown(SHUT_RD) on a listener");
        ctx.CheckEqual(Outcome(server, server->Accept(l2, nullptr, nullptr)),
                       Failed(EINVAL),
                       "accept after shutdown(SHUT_RD)");
        server->Sleep(Seconds(1)); // the client tries to connect meanwhile
        for (int fd : {t, u, l, c, a1, c2, a2, l2})
        {
            server->Close(fd);
        }
    });
    client->Spawn(
        "client",
        [&] {
            int fd = TcpSocket(client);
            ctx.CheckEqual(Outcome(client, client->Connect(fd, stopped.Addr(), stopped.len)),
                           Failed(ECONNREFUSED),
                           "connect to a listener stopped by shutdown(SHUT_RD)");
            client->Close(fd);
        },
        Seconds(1));
    ctx.Run(Seconds(10));
    ctx.CheckEqual(rcvTimeoutAfter, MilliSeconds(500), "accept's SO_RCVTIMEO");
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

// IN12: queued connections whose client reset or closed them are still accepted. Reset:
// data, then ECONNRESET. Closed: data, then 0; one send works, its RST makes the next EPIPE.
void
IN12(ConformanceContext& ctx)
{
    ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    InetAddr dest(ctx.GetIpv4(1), 5001);
    server->Spawn("server", [&] {
        int l = TcpListener(server, 5001);
        server->Sleep(Seconds(1)); // both clients are gone by now
        char buf[16];
        int reset = server->Accept(l, nullptr, nullptr);
        ctx.Check(reset >= 0, "the reset connection is accepted (no ECONNABORTED)");
        ctx.CheckEqual(Outcome(server, server->Recv(reset, buf, sizeof(buf), 0)),
                       Ok(3),
                       "reset: the data first");
        ctx.CheckEqual(Outcome(server, server->Recv(reset, buf, sizeof(buf), 0)),
                       Failed(ECONNRESET),
                       "reset: then ECONNRESET");
        ctx.CheckEqual(Outcome(server, server->Recv(reset, buf, sizeof(buf), 0)),
                       Ok(0),
                       "reset: then 0");
        int closed = server->Accept(l, nullptr, nullptr);
        ctx.Check(closed >= 0, "the closed connection is accepted (no ECONNABORTED)");
        ctx.CheckEqual(Outcome(server, server->Recv(closed, buf, sizeof(buf), 0)),
                       Ok(3),
                       "closed: the data first");
        ctx.CheckEqual(Outcome(server, server->Recv(closed, buf, sizeof(buf), 0)),
                       Ok(0),
                       "closed: then 0");
        ctx.CheckEqual(Outcome(server, server->Send(closed, "!", 1, MSG_NOSIGNAL)),
                       Ok(1),
                       "closed: one send succeeds");
        server->Sleep(MilliSeconds(100)); // the client's RST arrives
        ctx.CheckEqual(Outcome(server, server->Send(closed, "!", 1, MSG_NOSIGNAL)),
                       Failed(EPIPE),
                       "closed: the next send, after the RST");
        ctx.CheckEqual(Outcome(server, server->Send(closed, "!", 1, MSG_NOSIGNAL)),
                       Failed(EPIPE),
                       "closed: and the one after");
        server->Close(closed);
        server->Close(reset);
        server->Close(l);
    });
    client->Spawn(
        "client",
        [&] {
            int r = TcpSocket(client);
            ctx.CheckEqual(Outcome(client, client->Connect(r, dest.Addr(), dest.len)),
                           Ok(),
                           "connect (to be reset)");
            client->Send(r, "abc", 3, 0);
            client->Sleep(MilliSeconds(50));
            struct linger lg = {1, 0};
            client->SetSockOpt(r, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
            client->Close(r); // RST
            int c = TcpSocket(client);
            ctx.CheckEqual(Outcome(client, client->Connect(c, dest.Addr(), dest.len)),
                           Ok(),
                           "connect (to be closed)");
            client->Send(c, "xyz", 3, 0);
            client->Sleep(MilliSeconds(50));
            client->Close(c); // FIN
        },
        MilliSeconds(100));
    ctx.Run(Seconds(10));
    ctx.ExpectClean(client);
    ctx.ExpectClean(server);
}

} // namespace

// IN6 and the ArpCache row of the profile table (a choice): an on-link neighbour that never
// answers ARP is given up after 3 probes 1 s apart under the Linux profiles (about 3 s, as
// Linux), after 4 s under NS3 (ns-3's MaxRetries 3). The application is not told
// (EHOSTUNREACH after ARP is left to the SYN timeout): SO_ERROR stays 0, poll shows nothing.
// SimpleNetDevice links use ARP (point-to-point links do not).
void
IN6Arp(ConformanceContext& ctx)
{
    NodeContainer nodes;
    nodes.Create(2);
    InternetStackHelper internet;
    internet.Install(nodes);
    SimpleNetDeviceHelper simple;
    NetDeviceContainer devices = simple.Install(nodes);
    Ipv4AddressHelper v4;
    v4.SetBase("10.9.0.0", "255.255.255.0");
    v4.Assign(devices);
    ctx.Helper().SetHostAttribute("TimingProfile", EnumValue(TIMING_LINUX));
    Ptr<SockbenchHost> linuxHost = ctx.Helper().Install(nodes.Get(0));
    ctx.Helper().SetHostAttribute("TimingProfile", EnumValue(TIMING_NS3));
    Ptr<SockbenchHost> ns3Host = ctx.Helper().Install(nodes.Get(1));
    std::vector<Time> firstDrop(2, Time::Max());
    for (uint32_t n = 0; n < 2; ++n)
    {
        Ptr<ArpCache> cache =
            nodes.Get(n)->GetObject<Ipv4L3Protocol>()->GetInterface(1)->GetArpCache();
        cache->TraceConnectWithoutContext(
            "Drop",
            Callback<void, Ptr<const Packet>>([&firstDrop, n](Ptr<const Packet>) {
                firstDrop[n] = std::min(firstDrop[n], Simulator::Now());
            }));
    }
    InetAddr silent(Ipv4Address("10.9.0.77"), 80);
    for (Ptr<SockbenchHost> host : {linuxHost, ns3Host})
    {
        host->Spawn(
            "client",
            [&ctx, host, silent] {
                int fd = host->Socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
                ctx.CheckEqual(Outcome(host, host->Connect(fd, silent.Addr(), silent.len)),
                               Failed(EINPROGRESS),
                               "non-blocking connect to a silent neighbour");
                host->Sleep(Seconds(5));
                ctx.CheckEqual(SoError(host, fd), 0, "ARP gave up: no error reported (choice)");
                ctx.CheckEqual(PollName(PollNow(host, fd)),
                               PollName(0),
                               "still connecting: nothing ready");
                host->Close(fd);
            },
            MilliSeconds(100));
    }
    ctx.Run(Seconds(10));
    ctx.CheckEqual(firstDrop[0], MilliSeconds(3100), "LINUX profile: ARP gives up after 3 s");
    ctx.CheckEqual(firstDrop[1], MilliSeconds(4100), "NS3 profile: ns-3's 4 s");
    ctx.ExpectClean(linuxHost);
    ctx.ExpectClean(ns3Host);
}

void
RegisterInetCases_a(ConformanceCatalog& catalog)
{
    catalog.Add({"IN1_connect_refused_at_once",
                 {"IN1"},
                 "RST|ACK to a SYN: ECONNREFUSED at once; the socket can connect again",
                 IN1});
    catalog.Add({"IN2_nonblocking_connect_success",
                 {"IN2"},
                 "EINPROGRESS (also on loopback), EALREADY, POLLOUT and SO_ERROR 0, 0, EISCONN",
                 IN2Success});
    catalog.Add({"IN2_nonblocking_connect_failure_sequence",
                 {"IN2", "IN1"},
                 "refused: failure poll bits, SO_ERROR; ECONNABORTED or the error; new attempt",
                 IN2Failure});
    catalog.Add({"IN3_connect_sndtimeo_einprogress",
                 {"IN3"},
                 "SO_SNDTIMEO during the handshake: EINPROGRESS, then EALREADY, then 0",
                 IN3});
    catalog.Add({"IN4_syn_timeout_linux_131s",
                 {"IN4", "IN2"},
                 "linux profile, SYNs lost: ETIMEDOUT at 131 s (blocking and poll/SO_ERROR)",
                 IN4Linux});
    catalog.Add(
        {"IN4_tcp_syncnt_3s_7s", {"IN4"}, "TCP_SYNCNT 1 fails at 3 s, 2 at 7 s", IN4SynCnt});
    catalog.Add({"IN4_syn_timeout_linux_legacy_127s",
                 {"IN4"},
                 "linux-legacy profile, crashed peer: ETIMEDOUT at 127 s",
                 IN4Legacy});
    catalog.Add({"IN4_syn_timeout_ns3_profile_189s",
                 {"IN4"},
                 "ns3 profile (ConnTimeout 3 s, ConnCount 6): ETIMEDOUT at 189 s",
                 IN4Ns3});
    catalog.Add({"IN5_user_timeout_bounds_syn_sent",
                 {"IN5"},
                 "TCP_USER_TIMEOUT 1500/2500 ms ends SYN_SENT then, whatever TCP_SYNCNT",
                 IN5});
    catalog.Add({"IN6_no_route_enetunreach",
                 {"IN6"},
                 "no route: ENETUNREACH at once (TCP v4/v6, UDP); silent on-link: SYN timeout",
                 IN6});
    catalog.Add({"IN6_arp_gives_up_after_3s",
                 {"IN6"},
                 "choice: ARP to a silent neighbour gives up after 3 probes (LINUX) or 4 s (NS3); "
                 "the connect is not told",
                 IN6Arp});
    catalog.Add({"IN7_connect_unspec_aborts",
                 {"IN7"},
                 "connect(AF_UNSPEC): peer ECONNRESET, POLLERR|POLLHUP, connect again",
                 IN7});
    catalog.Add({"IN8_backlog_clamped_to_somaxconn",
                 {"IN8", "IN9"},
                 "Somaxconn 2: listen 100, -1, INT_MAX admit 3; listen again replaces backlog",
                 IN8});
    catalog.Add({"IN9_accept_queue_backlog_plus_one",
                 {"IN9"},
                 "listen(0, 1, 4) admit 1, 2, 5; the rest stay connecting (EALREADY)",
                 IN9Limit});
    catalog.Add({"IN9_blocked_connect_completes_after_accept",
                 {"IN9"},
                 "a blocking connect into a full queue completes at the SYN after accept",
                 IN9Blocked});
    catalog.Add({"IN10_abort_on_overflow_resets",
                 {"IN10"},
                 "queue full at the final ACK, TcpAbortOnOverflow: client gets ECONNRESET",
                 IN10Abort});
    catalog.Add({"IN10_overflow_held_then_admitted",
                 {"IN10"},
                 "queue full at the final ACK: held, admitted when accept makes room (choice)",
                 IN10Hold});
    catalog.Add({"IN11_accept_listen_errors",
                 {"IN11", "IN21"},
                 "EINVAL, EOPNOTSUPP, EAGAIN, O_NONBLOCK not inherited, SHUT_RD on listener",
                 IN11});
    catalog.Add({"IN12_accept_after_peer_gone",
                 {"IN12", "IN19"},
                 "reset or closed queued connections are accepted: data, then error or EOF",
                 IN12});
}

} // namespace ns3
