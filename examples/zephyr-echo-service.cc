/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Zephyr's echo_service sample (samples/net/sockets/echo_service) on a server node, served
 * through the Zephyr socket-service model (spec socket-service.md), with three clients on
 * other nodes, each on its own point-to-point link to the server (10 Mb/s, 2 ms):
 *
 *   udp-client   (n1) -- 10.1.1.0/24 --+
 *   tcp-client   (n2) -- 10.1.2.0/24 --+-- server (n0), port 4242 (TCP and UDP)
 *   reset-client (n3) -- 10.1.3.0/24 --+
 *
 * The udp-client sends datagrams and waits for each echo; the tcp-client sends a few messages,
 * waits for each echo and closes normally (FIN); the reset-client sends one message, waits for
 * its echo and closes with SO_LINGER {1, 0} (an RST).
 *
 * Flows (spec §4):
 *  se1  the v3.7-v4.2 sample (Semantics V4_2): services se1_service_tcp (1 slot) and
 *       se1_service_udp (1 slot); a main thread runs a blocking accept loop and puts each
 *       accepted client in the single TCP slot (a new client replaces the previous one, so
 *       the TCP clients here come one after the other); on recv <= 0 the handler sets the slot
 *       to -1, re-registers, then closes (SE1).
 *  se2  the >= v4.3 sample (Semantics MAIN): services se2_service_accept (1),
 *       se2_service_tcp (PollMax - 3) and se2_service_udp (1); no thread of its own: the accept
 *       handler adds the client to the first free slot and re-registers the whole array, the
 *       client handler closes, frees the slot and re-registers on recv <= 0 (SE2). The clients
 *       overlap; dispatch order in a round is accept < tcp < udp (SS19, SS22).
 *
 * Output: every call of every side with its result, in execution order, interleaved with the
 * service thread's rounds, callbacks and rebuilds (from the trace); then the dispatch rounds
 * (which callbacks ran in which round, in order) and the echo check. Exit status 1 when an echo
 * did not come back byte for byte, or the hosts are not clean at the end (threads, fds,
 * violations); 0 otherwise.
 *
 *   zephyr-echo-service [--flow=se1|se2] [--semantics=V4_0|V4_1|V4_2|V4_3|MAIN]
 *                       [--trace=echo.jsonl] [--overlap=1]
 *
 * --overlap=1 runs the se1 flow with the se2 schedule (the TCP clients overlap): the reset
 * client's accept replaces the tcp-client in the single slot, its later messages are never
 * echoed, and the program exits with status 1, as it should.
 *
 * Two deliberate departures from the sample, to end the run cleanly: the se1 accept loop stops
 * after the expected clients (the sample loops forever), and the shutdown unregisters first
 * and closes the sockets 1 ms later (the sample closes at once, which races with the service
 * thread's poll: SS16, SB9; the model would record the violation "close-while-polled").
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/sockbench-module.h"

#include <arpa/inet.h>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <map>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const uint16_t MY_PORT = 4242;
/// The se2 node's CONFIG_ZVFS_POLL_MAX (the sample's prj.conf value).
constexpr uint32_t SE2_POLL_MAX = 20;
/// The se2 sample's MAX_SERVICES.
constexpr size_t SE2_MAX_SERVICES = SE2_POLL_MAX - 3;

// ---- the journal: every side's calls, in execution (= time) order ------------------------

std::vector<std::string> g_lines;

std::string
Stamp()
{
    std::ostringstream os;
    os << std::fixed << std::setprecision(6) << std::setw(10) << Simulator::Now().GetSeconds()
       << " s  ";
    return os.str();
}

/// Record a remark of \p side.
void
Say(const std::string& side, const std::string& what)
{
    g_lines.push_back(Stamp() + side + ": " + what);
}

/// Record a call's result (with errno when it failed) and return it.
int64_t
Log(const std::string& side, const std::string& call, int64_t ret, int err)
{
    std::string line = Stamp() + side + ": " + call + " -> " + std::to_string(ret);
    if (ret < 0)
    {
        line += " " + ErrnoName(err);
    }
    g_lines.push_back(line);
    return ret;
}

/// A zsock_* call on the server (errno from zsock_errno()).
int64_t
Srv(const std::string& call, int64_t ret)
{
    return Log("server", call, ret, ret < 0 ? zsock_errno() : 0);
}

/// A net_socket_service_* call on the server (returns 0 or a negative errno).
int
SrvReg(const std::string& call, int ret)
{
    std::string line = Stamp() + "server: " + call + " -> " + std::to_string(ret);
    if (ret < 0)
    {
        line += " (-" + ErrnoName(-ret) + ")";
    }
    g_lines.push_back(line);
    return ret;
}

/// One dispatch round as the trace reported it.
struct Round
{
    double time;                        //!< seconds
    int64_t n;                          //!< round number
    std::string revents;                //!< "index:revents,..." of the snapshot
    std::vector<std::string> callbacks; //!< "service/fd revents" in order
    std::vector<std::string> notes;     //!< lookup misses, skips, postponed restarts
};

std::vector<Round> g_rounds;

std::string
Field(const TraceRecord& r, const std::string& key)
{
    const TraceField* f = r.Find(key);
    return f ? TraceValueToString(f->value) : "";
}

std::string
Hex(const std::string& decimal)
{
    std::ostringstream os;
    os << "0x" << std::hex << std::stol(decimal.empty() ? "0" : decimal);
    return os.str();
}

/// The "Record" sink: the service thread's rounds, callbacks and rebuilds go to the journal.
void
OnRecord(const TraceRecord& r)
{
    if (r.personality != "zephyr" || (r.kind != TraceKind::STATE && r.kind != TraceKind::UPCALL))
    {
        return;
    }
    std::string svc = r.object.rfind("svc:", 0) == 0 ? r.object.substr(4) : r.object;
    if (r.name == "round")
    {
        g_rounds.push_back({Simulator::Now().GetSeconds(),
                            std::stoll(Field(r, "n")),
                            Field(r, "revents"),
                            {},
                            {}});
        Say("zephyr",
            "round " + Field(r, "n") + ": " + Field(r, "ready") + " ready (index:revents " +
                Field(r, "revents") + ")");
    }
    else if (r.name == "callback")
    {
        std::string what = svc + "/" + Field(r, "fd") + " " + Hex(Field(r, "revents"));
        if (!g_rounds.empty())
        {
            g_rounds.back().callbacks.push_back(what);
        }
        Say("zephyr",
            "  callback " + svc + " slot " + Field(r, "slot") + " fd " + Field(r, "fd") +
                " revents " + Hex(Field(r, "revents")));
    }
    else if (r.name == "rebuild")
    {
        Say("zephyr", "rebuild (" + Field(r, "reason") + ")");
    }
    else if (r.name == "lookup-miss" || r.name == "entry-skipped" || r.name == "entry-disarmed" ||
             r.name == "restart-postponed")
    {
        std::string what = r.name + (svc.rfind("thread:", 0) == 0 ? "" : " " + svc);
        if (!Field(r, "fd").empty())
        {
            what += " fd " + Field(r, "fd");
        }
        if (!g_rounds.empty())
        {
            g_rounds.back().notes.push_back(what);
        }
        Say("zephyr", "  " + what);
    }
    else if (r.name == "service-thread")
    {
        Say("zephyr", "service thread " + Field(r, "state"));
    }
}

// ---- addresses -----------------------------------------------------------------------------

struct sockaddr_in
To(Ipv4Address ip, uint16_t port)
{
    struct sockaddr_in sin = {};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    sin.sin_addr.s_addr = htonl(ip.Get());
    return sin;
}

const struct sockaddr*
Sa(const struct sockaddr_in& sin)
{
    return reinterpret_cast<const struct sockaddr*>(&sin);
}

// ---- the server: shared by both flows ------------------------------------------------------

int g_tcpSocket = -1; //!< the listener
int g_udpSocket = -1; //!< the UDP socket

/// setup_tcp_socket(): socket, bind :4242, listen(5). \return the socket or -1
int
SetupTcpSocket()
{
    int sock = static_cast<int>(Srv("socket(TCP)", zsock_socket(AF_INET, SOCK_STREAM, 0)));
    if (sock < 0)
    {
        return -1;
    }
    struct sockaddr_in any = To(Ipv4Address::GetAny(), MY_PORT);
    if (Srv("bind :4242", zsock_bind(sock, Sa(any), sizeof(any))) < 0 ||
        Srv("listen 5", zsock_listen(sock, 5)) < 0)
    {
        zsock_close(sock);
        return -1;
    }
    return sock;
}

/// setup_udp_socket(): socket, bind :4242. \return the socket or -1
int
SetupUdpSocket()
{
    int sock = static_cast<int>(Srv("socket(UDP)", zsock_socket(AF_INET, SOCK_DGRAM, 0)));
    if (sock < 0)
    {
        return -1;
    }
    struct sockaddr_in any = To(Ipv4Address::GetAny(), MY_PORT);
    if (Srv("bind :4242", zsock_bind(sock, Sa(any), sizeof(any))) < 0)
    {
        zsock_close(sock);
        return -1;
    }
    return sock;
}

/// The echo loop of receive_data(): send (TCP) or sendto (UDP) until all is sent.
void
Echo(bool isUdp, int client, const char* buf, int len, const struct sockaddr_in& addr)
{
    const char* p = buf;
    do
    {
        ssize_t out = isUdp ? zsock_sendto(client, p, len, 0, Sa(addr), sizeof(addr))
                            : zsock_send(client, p, len, 0);
        Srv(std::string(isUdp ? "sendto" : "send") + " fd " + std::to_string(client) + " " +
                std::to_string(len) + " B",
            out);
        if (out < 0)
        {
            break;
        }
        p += out;
        len -= static_cast<int>(out);
    } while (len > 0);
}

/// recvfrom() of receive_data(). \return its result
int
Receive(int client, char* buf, size_t buflen, struct sockaddr_in* addr)
{
    socklen_t addrlen = sizeof(*addr);
    return static_cast<int>(Srv("recvfrom fd " + std::to_string(client),
                                zsock_recvfrom(client,
                                               buf,
                                               buflen,
                                               0,
                                               reinterpret_cast<struct sockaddr*>(addr),
                                               &addrlen)));
}

// ---- se1: the v3.7-v4.2 sample (v4 handler type), Semantics V4_2 -----------------------------

struct zsock_pollfd se1_sockfd_udp[1] = {{-1, 0, 0}};
struct zsock_pollfd se1_sockfd_tcp[1] = {{-1, 0, 0}};

void se1_tcp_service_handler(struct net_socket_service_event* pev);
void se1_udp_service_handler(struct net_socket_service_event* pev);

} // namespace

NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(se1_service_udp, se1_udp_service_handler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(se1_service_tcp, se1_tcp_service_handler, 1);

namespace
{

void
se1_receive_data(bool isUdp, struct net_socket_service_event* pev, char* buf, size_t buflen)
{
    int client = pev->event.fd;
    struct sockaddr_in addr = {};
    int len = Receive(client, buf, buflen, &addr);
    if (len <= 0)
    {
        // If the TCP socket is closed, mark it as non pollable (register, then close).
        if (!isUdp && se1_sockfd_tcp[0].fd == client)
        {
            se1_sockfd_tcp[0].fd = -1;
            SrvReg("register se1_service_tcp {-1}",
                   net_socket_service_register(&se1_service_tcp, se1_sockfd_tcp, 1, nullptr));
            Srv("close fd " + std::to_string(client), zsock_close(client));
        }
        return;
    }
    Echo(isUdp, client, buf, len, addr);
}

void
se1_tcp_service_handler(struct net_socket_service_event* pev)
{
    static char buf[1500];
    se1_receive_data(false, pev, buf, sizeof(buf));
}

void
se1_udp_service_handler(struct net_socket_service_event* pev)
{
    static char buf[1500];
    se1_receive_data(true, pev, buf, sizeof(buf));
}

/// main() of the se1 sample; \p clients accepts, then \p stopAt ends it.
void
Se1Main(Ptr<SockbenchHost> host, uint32_t clients, Time stopAt)
{
    int tcpSock = SetupTcpSocket();
    int udpSock = SetupUdpSocket();
    if (tcpSock < 0 || udpSock < 0)
    {
        return;
    }
    g_tcpSocket = tcpSock;
    g_udpSocket = udpSock;
    se1_sockfd_udp[0] = {udpSock, ZSOCK_POLLIN, 0};
    SrvReg("register se1_service_udp {" + std::to_string(udpSock) + "/POLLIN}",
           net_socket_service_register(&se1_service_udp, se1_sockfd_udp, 1, nullptr));
    Say("server", "single-threaded TCP/UDP echo server waits for a connection on port 4242");
    for (uint32_t k = 0; k < clients; ++k) // the sample: while (1)
    {
        struct sockaddr_in from = {};
        socklen_t fromLen = sizeof(from);
        int client = static_cast<int>(
            Srv("accept",
                zsock_accept(tcpSock, reinterpret_cast<struct sockaddr*>(&from), &fromLen)));
        if (client < 0)
        {
            continue;
        }
        se1_sockfd_tcp[0] = {client, ZSOCK_POLLIN, 0};
        if (SrvReg("register se1_service_tcp {" + std::to_string(client) + "/POLLIN}",
                   net_socket_service_register(&se1_service_tcp, se1_sockfd_tcp, 1, nullptr)) < 0)
        {
            break;
        }
    }
    host->Sleep(stopAt - Simulator::Now());
    SrvReg("unregister se1_service_tcp", net_socket_service_unregister(&se1_service_tcp));
    SrvReg("unregister se1_service_udp", net_socket_service_unregister(&se1_service_udp));
    host->Sleep(MilliSeconds(1)); // let the service thread rebuild before closing (SS16)
    Srv("close listener", zsock_close(tcpSock));
    Srv("close udp", zsock_close(udpSock));
}

// ---- se2: the >= v4.3 sample, Semantics MAIN -------------------------------------------------

struct zsock_pollfd se2_sockfd_tcp[SE2_MAX_SERVICES];

void se2_tcp_accept_handler(struct net_socket_service_event* pev);
void se2_tcp_service_handler(struct net_socket_service_event* pev);
void se2_udp_service_handler(struct net_socket_service_event* pev);

} // namespace

NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(se2_service_udp, se2_udp_service_handler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(se2_service_accept, se2_tcp_accept_handler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(se2_service_tcp, se2_tcp_service_handler, SE2_MAX_SERVICES);

namespace
{

bool g_se2Restart = false; //!< restart_echo_service() was asked for (printed; not expected)

void
se2_client_list_init()
{
    for (auto& p : se2_sockfd_tcp)
    {
        p.fd = -1;
    }
}

std::string
Se2Slots()
{
    std::string s;
    for (size_t i = 0; i < SE2_MAX_SERVICES; ++i)
    {
        if (se2_sockfd_tcp[i].fd >= 0)
        {
            s += (s.empty() ? "" : ",") + std::to_string(i) + ":" +
                 std::to_string(se2_sockfd_tcp[i].fd);
        }
    }
    return "{" + s + "}";
}

void
se2_client_list_try_add(int sock)
{
    // The sample takes an app mutex here; handlers run on one thread, so it is never contended.
    for (auto& p : se2_sockfd_tcp)
    {
        if (p.fd == -1)
        {
            p.fd = sock;
            p.events = ZSOCK_POLLIN;
            if (SrvReg("register se2_service_tcp " + Se2Slots() + " (len " +
                           std::to_string(SE2_MAX_SERVICES) + ")",
                       net_socket_service_register(&se2_service_tcp,
                                                   se2_sockfd_tcp,
                                                   SE2_MAX_SERVICES,
                                                   nullptr)) < 0)
            {
                g_se2Restart = true;
            }
            return;
        }
    }
    Say("server", "max capacity reached");
    Srv("close fd " + std::to_string(sock), zsock_close(sock));
}

void
se2_client_list_remove(int client)
{
    for (auto& p : se2_sockfd_tcp)
    {
        if (p.fd == client)
        {
            Srv("close fd " + std::to_string(client), zsock_close(client));
            p.fd = -1;
            if (SrvReg("register se2_service_tcp " + Se2Slots() + " (len " +
                           std::to_string(SE2_MAX_SERVICES) + ")",
                       net_socket_service_register(&se2_service_tcp,
                                                   se2_sockfd_tcp,
                                                   SE2_MAX_SERVICES,
                                                   nullptr)) < 0)
            {
                g_se2Restart = true;
            }
            break;
        }
    }
}

void
se2_receive_data(bool isUdp, struct net_socket_service_event* pev, char* buf, size_t buflen)
{
    int client = pev->event.fd;
    struct sockaddr_in addr = {};
    int len = Receive(client, buf, buflen, &addr);
    if (len <= 0)
    {
        if (!isUdp)
        {
            se2_client_list_remove(client);
            Say("server", "connection fd " + std::to_string(client) + " closed");
        }
        return;
    }
    Echo(isUdp, client, buf, len, addr);
}

void
se2_tcp_service_handler(struct net_socket_service_event* pev)
{
    static char buf[1500];
    se2_receive_data(false, pev, buf, sizeof(buf));
}

void
se2_udp_service_handler(struct net_socket_service_event* pev)
{
    static char buf[1500];
    se2_receive_data(true, pev, buf, sizeof(buf));
}

void
se2_tcp_accept_handler(struct net_socket_service_event* pev)
{
    struct sockaddr_in from = {};
    socklen_t fromLen = sizeof(from);
    int client = static_cast<int>(
        Srv("accept",
            zsock_accept(pev->event.fd, reinterpret_cast<struct sockaddr*>(&from), &fromLen)));
    if (client < 0)
    {
        g_se2Restart = true; // the sample restarts the whole service here
        return;
    }
    se2_client_list_try_add(client);
}

/// start_echo_service() (SYS_INIT in the sample: here a thread at t = 0).
void
Se2Start()
{
    se2_client_list_init();
    int tcpSock = SetupTcpSocket();
    int udpSock = SetupUdpSocket();
    if (tcpSock < 0 || udpSock < 0)
    {
        return;
    }
    zsock_pollfd accept = {tcpSock, ZSOCK_POLLIN, 0};
    zsock_pollfd udp = {udpSock, ZSOCK_POLLIN, 0};
    SrvReg("register se2_service_accept {" + std::to_string(tcpSock) + "/POLLIN}",
           net_socket_service_register(&se2_service_accept, &accept, 1, nullptr));
    SrvReg("register se2_service_udp {" + std::to_string(udpSock) + "/POLLIN}",
           net_socket_service_register(&se2_service_udp, &udp, 1, nullptr));
    g_tcpSocket = tcpSock;
    g_udpSocket = udpSock;
    Say("server", "single-threaded TCP/UDP echo server waits for a connection on port 4242");
}

/// stop_echo_service(), unregistering before closing (see the file comment).
void
Se2Stop(Ptr<SockbenchHost> host)
{
    SrvReg("unregister se2_service_tcp", net_socket_service_unregister(&se2_service_tcp));
    SrvReg("unregister se2_service_udp", net_socket_service_unregister(&se2_service_udp));
    SrvReg("unregister se2_service_accept", net_socket_service_unregister(&se2_service_accept));
    host->Sleep(MilliSeconds(1));
    for (auto& p : se2_sockfd_tcp)
    {
        if (p.fd != -1)
        {
            Srv("close fd " + std::to_string(p.fd), zsock_close(p.fd));
            p.fd = -1;
        }
    }
    Srv("close listener", zsock_close(g_tcpSocket));
    Srv("close udp", zsock_close(g_udpSocket));
}

// ---- the clients (plain POSIX calls of their hosts) ----------------------------------------

/// What one client sent and got back.
struct Tally
{
    std::string side;
    uint64_t sent{0};     //!< bytes sent
    uint64_t echoed{0};   //!< bytes received that equal what was sent
    uint64_t mismatch{0}; //!< bytes received that differ, or missing at the deadline
    uint32_t failures{0}; //!< calls that failed unexpectedly
};

int64_t
Cli(Tally& t, Ptr<SockbenchHost> host, const std::string& call, int64_t ret)
{
    return Log(t.side, call, ret, ret < 0 ? host->GetErrno() : 0);
}

void
SleepUntil(Ptr<SockbenchHost> host, Time at)
{
    if (at > Simulator::Now())
    {
        host->Sleep(at - Simulator::Now());
    }
}

/// Wait up to 1 s for the echo of \p expected on \p fd and compare. \return whether it came
bool
ExpectEcho(Tally& t, Ptr<SockbenchHost> host, int fd, const std::string& expected, bool udp)
{
    std::string got;
    while (got.size() < expected.size())
    {
        struct pollfd p = {fd, POLLIN, 0};
        if (host->Poll(&p, 1, 1000) <= 0)
        {
            Say(t.side, "no echo within 1 s");
            break;
        }
        char buf[256];
        ssize_t n = host->Recv(fd, buf, sizeof(buf), 0);
        Cli(t, host, udp ? "recv (echo datagram)" : "recv (echo)", n);
        if (n <= 0)
        {
            ++t.failures;
            break;
        }
        got.append(buf, static_cast<size_t>(n));
    }
    size_t same = 0;
    while (same < got.size() && same < expected.size() && got[same] == expected[same])
    {
        ++same;
    }
    t.echoed += same;
    t.mismatch += std::max(got.size(), expected.size()) - same;
    Say(t.side,
        "echo \"" + got + "\" " +
            (got == expected ? "matches" : "DIFFERS from \"" + expected + "\""));
    return got == expected;
}

void
UdpClient(Tally& t, Ptr<SockbenchHost> host, Ipv4Address server, const std::vector<Time>& at)
{
    int fd = static_cast<int>(Cli(t, host, "socket(UDP)", host->Socket(AF_INET, SOCK_DGRAM, 0)));
    struct sockaddr_in to = To(server, MY_PORT);
    for (size_t k = 0; k < at.size(); ++k)
    {
        SleepUntil(host, at[k]);
        std::string msg = "udp datagram " + std::to_string(k);
        if (k == 1)
        {
            // Arrive at the very instant of the tcp-client's "tcp message 2", sent at the same
            // time over an equal link, so that one round dispatches both (tcp before udp): as
            // long on the wire (its TCP header with timestamps is 24 B longer than a UDP
            // header) and one time step late (ns-3's TCP sends a segment one time step after
            // send(): TcpSocketBase schedules SendPendingData with TimeStep(1)).
            msg.resize(std::string("tcp message 2").size() + 24, '.');
            host->Sleep(TimeStep(1));
        }
        ssize_t n = Cli(t,
                        host,
                        "sendto :4242 \"" + msg + "\"",
                        host->SendTo(fd, msg.data(), msg.size(), 0, Sa(to), sizeof(to)));
        if (n > 0)
        {
            t.sent += static_cast<uint64_t>(n);
        }
        ExpectEcho(t, host, fd, msg, true);
    }
    Cli(t, host, "close", host->Close(fd));
}

/// A TCP client: connect at \p at[0], send message k at \p at[k+1] and wait for its echo; then
/// close normally, or with an RST when \p reset.
void
TcpClient(Tally& t,
          Ptr<SockbenchHost> host,
          Ipv4Address server,
          const std::vector<Time>& at,
          bool reset)
{
    SleepUntil(host, at[0]);
    int fd = static_cast<int>(Cli(t, host, "socket(TCP)", host->Socket(AF_INET, SOCK_STREAM, 0)));
    struct sockaddr_in to = To(server, MY_PORT);
    if (Cli(t, host, "connect :4242", host->Connect(fd, Sa(to), sizeof(to))) < 0)
    {
        ++t.failures;
        host->Close(fd);
        return;
    }
    for (size_t k = 1; k < at.size(); ++k)
    {
        SleepUntil(host, at[k]);
        std::string msg = (reset ? "doomed message " : "tcp message ") + std::to_string(k);
        ssize_t n = Cli(t, host, "send \"" + msg + "\"", host->Send(fd, msg.data(), msg.size(), 0));
        if (n > 0)
        {
            t.sent += static_cast<uint64_t>(n);
        }
        if (!ExpectEcho(t, host, fd, msg, false))
        {
            break; // give up, close
        }
    }
    if (reset)
    {
        struct linger l = {1, 0};
        Cli(t,
            host,
            "setsockopt SO_LINGER {1, 0}",
            host->SetSockOpt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
        Cli(t, host, "close (RST)", host->Close(fd));
    }
    else
    {
        Cli(t, host, "close (FIN)", host->Close(fd));
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string flow = "se2";
    std::string semantics;
    std::string tracePath;
    bool overlap = false;
    CommandLine cmd(__FILE__);
    cmd.AddValue("flow", "se1 (v3.7-v4.2 sample) or se2 (>= v4.3 sample)", flow);
    cmd.AddValue("semantics",
                 "Semantics of the server node: V4_0, V4_1, V4_2, V4_3 or MAIN (default: V4_2 "
                 "for se1, MAIN for se2)",
                 semantics);
    cmd.AddValue("trace", "write the event trace (JSON Lines) to this file", tracePath);
    cmd.AddValue("overlap",
                 "se1: start the reset-client while the tcp-client is connected, as se2 does "
                 "(shows SE1's single slot: the tcp-client is no longer served; exit status 1)",
                 overlap);
    cmd.Parse(argc, argv);
    if (flow != "se1" && flow != "se2")
    {
        std::cerr << "unknown --flow=" << flow << "\n";
        return 2;
    }
    const bool se1 = flow == "se1";
    if (semantics.empty())
    {
        semantics = se1 ? "V4_2" : "MAIN";
    }
    if (semantics == "V3_6")
    {
        std::cerr
            << "V3_6 takes the 4-argument (work_q) DEFINE form; this sample uses the v4 form\n";
        return 2;
    }

    // server (n0) with one link to each client (n1, n2, n3)
    NodeContainer nodes;
    nodes.Create(4);
    InternetStackHelper internet;
    internet.SetIpv6StackInstall(false);
    internet.Install(nodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("2ms"));
    Ipv4AddressHelper ipv4;
    std::vector<Ipv4Address> serverIp;
    for (uint32_t k = 1; k <= 3; ++k)
    {
        NetDeviceContainer link = p2p.Install(nodes.Get(0), nodes.Get(k));
        ipv4.SetBase(("10.1." + std::to_string(k) + ".0").c_str(), "255.255.255.0");
        serverIp.push_back(ipv4.Assign(link).GetAddress(0));
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    SockbenchHelper sockbench;
    sockbench.GetTrace()->SetAttribute("KeepRecords", BooleanValue(false));
    SockbenchHostContainer hosts = sockbench.Install(nodes);
    if (!tracePath.empty() && !sockbench.EnableJsonLines(tracePath))
    {
        std::cerr << "cannot write " << tracePath << "\n";
        return 1;
    }
    sockbench.GetTrace()->TraceConnectWithoutContext("Record", MakeCallback(&OnRecord));
    Ptr<SockbenchHost> server = hosts[0];

    ZephyrHelper zephyr;
    zephyr.SetAttribute("Semantics", StringValue(semantics));
    if (se1)
    {
        zephyr.SetServices({&se1_service_tcp, &se1_service_udp});
    }
    else
    {
        zephyr.SetAttribute("PollMax", UintegerValue(SE2_POLL_MAX));
        zephyr.SetServices({&se2_service_accept, &se2_service_tcp, &se2_service_udp});
    }
    Ptr<ZephyrNode> z = zephyr.Install(nodes.Get(0));

    const Time stopAt = Seconds(0.9);
    if (se1)
    {
        server->Spawn("main", [server, stopAt] { Se1Main(server, 2, stopAt); });
    }
    else
    {
        server->Spawn("sys_init", [] { Se2Start(); });
        server->Spawn(
            "shutdown",
            [server] { Se2Stop(server); },
            stopAt);
    }
    Simulator::Schedule(Seconds(0.95), [z] { z->Shutdown(); });

    // The clients. se1 has one TCP slot: the TCP clients come one after the other. se2 serves
    // them together; the tcp-client's message 2 and the udp-client's datagram 1 leave at the
    // same instant over equal links and arrive together: one round, tcp before udp.
    Tally udp{"udp-client"};
    Tally tcp{"tcp-client"};
    Tally rst{"reset-client"};
    auto ms = [](double v) { return MicroSeconds(static_cast<int64_t>(v * 1000)); };
    std::vector<Time> udpAt = {ms(10), ms(60)};
    std::vector<Time> tcpAt = {ms(20), ms(40), ms(60), ms(80)};
    std::vector<Time> rstAt =
        se1 && !overlap ? std::vector<Time>{ms(200), ms(220)} : std::vector<Time>{ms(30), ms(50)};
    hosts[1]->Spawn("udp-client", [&] { UdpClient(udp, hosts[1], serverIp[0], udpAt); });
    hosts[2]->Spawn("tcp-client", [&] { TcpClient(tcp, hosts[2], serverIp[1], tcpAt, false); });
    hosts[3]->Spawn("reset-client", [&] { TcpClient(rst, hosts[3], serverIp[2], rstAt, true); });

    Simulator::Stop(Seconds(2));
    Simulator::Run();

    std::cout << "zephyr echo_service, flow " << flow << " (Semantics " << semantics
              << "), server n0 10.1.{1,2,3}.1:4242\n\n";
    for (const auto& line : g_lines)
    {
        std::cout << line << "\n";
    }
    std::cout << "\ndispatch rounds (callbacks in dispatch order):\n";
    for (const auto& r : g_rounds)
    {
        std::ostringstream os;
        os << "  round " << std::setw(3) << r.n << " at " << std::fixed << std::setprecision(6)
           << r.time << " s  [" << r.revents << "]:";
        for (size_t k = 0; k < r.callbacks.size(); ++k)
        {
            os << (k ? ", " : " ") << r.callbacks[k];
        }
        if (r.callbacks.empty())
        {
            os << " no callback";
        }
        for (const auto& n : r.notes)
        {
            os << "; " << n;
        }
        std::cout << os.str() << "\n";
    }

    bool ok = true;
    std::cout << "\necho check:\n";
    for (const Tally* t : {&udp, &tcp, &rst})
    {
        bool good = t->sent > 0 && t->echoed == t->sent && t->mismatch == 0 && t->failures == 0;
        std::cout << "  " << std::left << std::setw(13) << t->side << std::right << " sent "
                  << t->sent << " B, echoed " << t->echoed << " B, wrong or missing " << t->mismatch
                  << " B" << (good ? "  OK" : "  FAILED") << "\n";
        ok = ok && good;
    }
    uint32_t leftovers = 0;
    for (const auto& h : hosts)
    {
        leftovers += h->GetLiveThreadCount() + h->GetFailedThreadCount() +
                     h->GetOpenDescriptorCount() + h->GetViolationCount();
    }
    std::cout << "  service thread: " << z->GetRoundCount() << " rounds, " << z->GetCallbackCount()
              << " callbacks, " << z->GetRebuildCount() << " rebuilds; host leftovers (threads, "
              << "fds, violations) " << leftovers
              << (g_se2Restart ? "; a restart was requested" : "") << "\n";
    Simulator::Destroy();
    if (!ok || leftovers != 0 || g_se2Restart)
    {
        std::cout << "FAILED\n";
        return 1;
    }
    return 0;
}
