/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: Zephyr socket services (spec socket-service.md), part st: Zephyr's own
 * test suite tests/net/socket/service (ST1-ST6, §6) and the echo_service sample flows
 * (SE1-SE2, §4).
 *
 * ST1-ST6 follow the test source (upstream main after PR #115800; the PR #115800 tests as
 * in jukkar/zephyr@8114496): same services, same register calls, same handler bodies, same
 * assertions. Differences forced by the simulation are noted where they occur:
 *  - k_sem is a counter plus a WaitQueue (Sem below);
 *  - the mock fds of test_unregister_from_callback and test_reconfigure_from_callback are
 *    eventfds; "prepared by poll" is read from the round records (TraceRounds) and
 *    ZephyrNode::IsPolled();
 *  - ST1's clients are on another node (the real test uses ::1 on one board).
 */

#include "inet-test-util.h"
#include "sockbench-catalog.h"
#include "zephyr-test-util.h"

#include "ns3/boolean.h"
#include "ns3/event-trace.h"
#include "ns3/simulator.h"
#include "ns3/zephyr-socket.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <variant>
#include <vector>

namespace
{
using ns3::Ptr;
using ns3::SockbenchHost;
using ns3::Time;

/// Zephyr's k_sem as the tests use it: a counter and the threads waiting for it.
struct Sem
{
    uint32_t count{0};      //!< available
    ns3::WaitQueue waiters; //!< k_sem_take callers
};

void
SemReset(Sem& s)
{
    s.count = 0;
}

void
SemGive(Sem& s)
{
    ++s.count;
    s.waiters.WakeAll();
}

/// k_sem_take(&s, timeout): \return true when taken (0 in Zephyr), false on timeout
bool
SemTake(Ptr<SockbenchHost> host, Sem& s, Time timeout)
{
    Time end = ns3::Simulator::Now() + timeout;
    while (s.count == 0)
    {
        Time left = end - ns3::Simulator::Now();
        if (!left.IsStrictlyPositive())
        {
            return false;
        }
        host->Wait(s.waiters, left);
    }
    --s.count;
    return true;
}

/// The host of the node whose handler runs (handlers are plain functions).
Ptr<SockbenchHost>
HandlerHost()
{
    return ns3::ZephyrNode::Current()->GetHost();
}

// ---- ST1 test_service_sync ------------------------------------------------------------------

Sem g_waitData;    //!< wait_data
Sem g_waitDataTcp; //!< wait_data_tcp

void
St1ServerHandler(struct net_socket_service_event* pev)
{
    ns3::ZephyrLogCall(pev);
    SemGive(g_waitData);
}

void
St1TcpServerHandler(struct net_socket_service_event* pev)
{
    // k_yield(); Z_SPIN_DELAY(100): the 100 us are the service's HandlerDuration.
    ns3::ZephyrLogCall(pev);
    SemGive(g_waitDataTcp);
}

// ---- ST2-ST6: the PR #115800 tests ------------------------------------------------------------

/// struct reconfig_state
struct ReconfigState
{
    Sem cbSem;
    int cbCount{0};
    int cbResult[2]{0, 0};
    short revents[2]{0, 0};
    int fds[2]{-1, -1};
    zsock_pollfd replacement{-1, 0, 0};
};

ReconfigState g_state;

void
ReconfigStateInit(ReconfigState& st)
{
    SemReset(st.cbSem);
    st.cbCount = 0;
    st.cbResult[0] = st.cbResult[1] = 0;
    st.revents[0] = st.revents[1] = 0;
    st.fds[0] = st.fds[1] = -1;
    st.replacement = zsock_pollfd{-1, 0, 0};
}

void
ReconfigDrainUdp(int fd)
{
    char buf[32];
    while (zsock_recv(fd, buf, sizeof(buf), ZSOCK_MSG_DONTWAIT) >= 0)
    {
    }
}

void
ReconfigCloseHandler(struct net_socket_service_event* pev)
{
    ns3::ZephyrLogCall(pev);
    auto* state = static_cast<ReconfigState*>(pev->user_data);
    state->cbCount++;
    if (state->cbCount == 1)
    {
        state->cbResult[0] = net_socket_service_close(pev->svc);
    }
    else
    {
        // Only reachable if a stale poll entry was re-armed after the close request.
        for (int fd : state->fds)
        {
            if (fd >= 0)
            {
                ReconfigDrainUdp(fd);
            }
        }
        (void)net_socket_service_unregister(pev->svc);
    }
    SemGive(state->cbSem);
}

void
ReconfigEventsHandler(struct net_socket_service_event* pev)
{
    ns3::ZephyrLogCall(pev);
    auto* state = static_cast<ReconfigState*>(pev->user_data);
    state->cbCount++;
    if (state->cbCount == 1)
    {
        state->revents[0] = pev->event.revents;
        // The datagram stays unread: a stale POLLIN entry would stay ready.
        state->cbResult[0] = net_socket_service_register(pev->svc, &state->replacement, 1, state);
    }
    else
    {
        if (state->cbCount == 2)
        {
            state->revents[1] = pev->event.revents;
            state->cbResult[1] = net_socket_service_unregister(pev->svc);
        }
        else
        {
            (void)net_socket_service_unregister(pev->svc);
        }
        ReconfigDrainUdp(state->fds[0]);
    }
    SemGive(state->cbSem);
}

void
ReconfigUnregisterHandler(struct net_socket_service_event* pev)
{
    ns3::ZephyrLogCall(pev);
    auto* state = static_cast<ReconfigState*>(pev->user_data);
    state->cbCount++;
    state->cbResult[0] = net_socket_service_unregister(pev->svc);
    SemGive(state->cbSem);
}

void
ReconfigReplaceHandler(struct net_socket_service_event* pev)
{
    ns3::ZephyrLogCall(pev);
    auto* state = static_cast<ReconfigState*>(pev->user_data);
    state->cbCount++;
    if (state->cbCount == 1)
    {
        state->cbResult[0] = net_socket_service_register(pev->svc, &state->replacement, 1, state);
    }
    else if (state->cbCount == 2)
    {
        state->cbResult[1] = net_socket_service_close(pev->svc);
    }
    else
    {
        (void)net_socket_service_unregister(pev->svc);
    }
    SemGive(state->cbSem);
}

Sem g_witnessSem; //!< witness callbacks (the sync point of test_unregister_from_callback)

void
ReconfigWitnessHandler(struct net_socket_service_event* pev)
{
    // The real witness is never readable. Here the test makes it readable once to force a
    // poll round after the callback; the handler drains it.
    ns3::ZephyrLogCall(pev);
    uint64_t v;
    HandlerHost()->Read(pev->event.fd, &v, sizeof(v));
    SemGive(g_witnessSem);
}

/// The echo loop of both samples' receive_data(): send \p len bytes of \p buf back to
/// \p client (sendto \p addr for UDP) until all went or a send fails.
void
SampleSendBack(bool isUdp,
               int client,
               char* buf,
               ssize_t len,
               const struct sockaddr_in6& addr,
               socklen_t addrlen)
{
    char* p = buf;
    do
    {
        ssize_t out =
            isUdp
                ? zsock_sendto(client, p, len, 0, reinterpret_cast<const sockaddr*>(&addr), addrlen)
                : zsock_send(client, p, len, 0);
        if (out < 0)
        {
            break;
        }
        p += out;
        len -= out;
    } while (len);
}

// ---- SE1: the v3.7-v4.2 echo_service sample (8d6425a6; v4 handler type) ----------------------

zsock_pollfd g_se1SockfdTcp[1] = {{-1, 0, 0}}; //!< sockfd_tcp[1]
std::vector<int> g_se1Closed;                  //!< clients the handler closed (instrumentation)
std::vector<int> g_se1Reregister;              //!< its register results (instrumentation)

const struct net_socket_service_desc* Se1TcpService();

void
Se1ReceiveData(bool isUdp, struct net_socket_service_event* pev, char* buf, size_t buflen)
{
    int client = pev->event.fd;
    struct sockaddr_in6 addr;
    socklen_t addrlen = sizeof(addr);
    ssize_t len =
        zsock_recvfrom(client, buf, buflen, 0, reinterpret_cast<sockaddr*>(&addr), &addrlen);
    if (len <= 0)
    {
        // If the TCP socket is closed, mark it as non pollable.
        if (!isUdp && g_se1SockfdTcp[0].fd == client)
        {
            g_se1SockfdTcp[0].fd = -1;
            g_se1Reregister.push_back(
                net_socket_service_register(Se1TcpService(), g_se1SockfdTcp, 1, nullptr));
            zsock_close(client);
            g_se1Closed.push_back(client);
        }
        return;
    }
    SampleSendBack(isUdp, client, buf, len, addr, addrlen);
}

void
Se1TcpServiceHandler(struct net_socket_service_event* pev)
{
    static char buf[1500];
    ns3::ZephyrLogCall(pev);
    Se1ReceiveData(false, pev, buf, sizeof(buf));
}

void
Se1UdpServiceHandler(struct net_socket_service_event* pev)
{
    static char buf[1500];
    ns3::ZephyrLogCall(pev);
    Se1ReceiveData(true, pev, buf, sizeof(buf));
}

/// setup_tcp_socket / setup_udp_socket of the samples: AF_INET6, IPV6_V6ONLY off, [::]:port.
int
SampleSocket(int type, uint16_t port)
{
    int sock = zsock_socket(AF_INET6, type, type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP);
    if (sock < 0)
    {
        return -1;
    }
    int opt = 0;
    socklen_t optlen = sizeof(opt);
    if (zsock_getsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY, &opt, &optlen) == 0 && opt)
    {
        opt = 0;
        zsock_setsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY, &opt, optlen);
    }
    struct sockaddr_in6 addr;
    std::memset(&addr, 0, sizeof(addr));
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    if (zsock_bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) < 0 ||
        (type == SOCK_STREAM && zsock_listen(sock, 5) < 0))
    {
        zsock_close(sock);
        return -1;
    }
    return sock;
}

// ---- SE2: the >=v4.3 echo_service sample (04be002b, PR #96109) --------------------------------

/// CONFIG_ZVFS_POLL_MAX of the sample's prj.conf (= the PollMax attribute's default).
constexpr int SE2_POLL_MAX = 20;
/// MAX_SERVICES
constexpr int SE2_MAX_SERVICES = SE2_POLL_MAX - 3;

zsock_pollfd g_se2SockfdTcp[SE2_MAX_SERVICES]; //!< sockfd_tcp
int g_se2TcpSocket = -1;                       //!< tcp_socket
int g_se2UdpSocket = -1;                       //!< udp_socket
// instrumentation
int g_se2Restarts = 0;           //!< restart_echo_service calls
std::vector<int> g_se2Accepted;  //!< accepted client fds, in order
std::vector<int> g_se2AddedSlot; //!< slot taken by each (-1: capacity reached, closed)

struct Se2Removal
{
    int fd;
    short revents;
    ssize_t len;
    int error;
};

std::vector<Se2Removal> g_se2Removed; //!< clients removed by the tcp handler

const struct net_socket_service_desc* Se2Service(int which); // 0 accept, 1 tcp, 2 udp
int Se2StartEchoService();
void Se2RestartEchoService();

void
Se2ClientListInit()
{
    for (auto& s : g_se2SockfdTcp)
    {
        s = zsock_pollfd{-1, 0, 0};
    }
}

void
Se2ClientListDeinit()
{
    (void)net_socket_service_unregister(Se2Service(1));
    for (auto& s : g_se2SockfdTcp)
    {
        if (s.fd != -1)
        {
            zsock_close(s.fd);
            s.fd = -1;
        }
    }
}

void
Se2ClientListTryAdd(int sock)
{
    // k_mutex lock: every caller runs on the service thread or before it polls.
    for (int i = 0; i < SE2_MAX_SERVICES; ++i)
    {
        if (g_se2SockfdTcp[i].fd == -1)
        {
            g_se2SockfdTcp[i].fd = sock;
            g_se2SockfdTcp[i].events = ZSOCK_POLLIN;
            g_se2AddedSlot.push_back(i);
            int ret = net_socket_service_register(Se2Service(1),
                                                  g_se2SockfdTcp,
                                                  SE2_MAX_SERVICES,
                                                  nullptr);
            if (ret < 0)
            {
                Se2RestartEchoService();
            }
            return;
        }
    }
    // "Max capacity reached"
    g_se2AddedSlot.push_back(-1);
    zsock_close(sock);
}

void
Se2ClientListRemove(int client)
{
    for (auto& s : g_se2SockfdTcp)
    {
        if (s.fd == client)
        {
            zsock_close(client);
            s.fd = -1;
            int ret = net_socket_service_register(Se2Service(1),
                                                  g_se2SockfdTcp,
                                                  SE2_MAX_SERVICES,
                                                  nullptr);
            if (ret < 0)
            {
                Se2RestartEchoService();
            }
            break;
        }
    }
}

void
Se2ReceiveData(bool isUdp, struct net_socket_service_event* pev, char* buf, size_t buflen)
{
    int client = pev->event.fd;
    struct sockaddr_in6 addr;
    socklen_t addrlen = sizeof(addr);
    ssize_t len =
        zsock_recvfrom(client, buf, buflen, 0, reinterpret_cast<sockaddr*>(&addr), &addrlen);
    if (len <= 0)
    {
        int error = len < 0 ? zsock_errno() : 0;
        if (!isUdp)
        {
            g_se2Removed.push_back(Se2Removal{client, pev->event.revents, len, error});
            Se2ClientListRemove(client);
        }
        return;
    }
    SampleSendBack(isUdp, client, buf, len, addr, addrlen);
}

void
Se2TcpServiceHandler(struct net_socket_service_event* pev)
{
    static char buf[1500];
    ns3::ZephyrLogCall(pev);
    Se2ReceiveData(false, pev, buf, sizeof(buf));
}

void
Se2UdpServiceHandler(struct net_socket_service_event* pev)
{
    static char buf[1500];
    ns3::ZephyrLogCall(pev);
    Se2ReceiveData(true, pev, buf, sizeof(buf));
}

void
Se2TcpAcceptHandler(struct net_socket_service_event* pev)
{
    ns3::ZephyrLogCall(pev);
    struct sockaddr_in6 clientAddr;
    socklen_t clientAddrLen = sizeof(clientAddr);
    int client =
        zsock_accept(pev->event.fd, reinterpret_cast<sockaddr*>(&clientAddr), &clientAddrLen);
    if (client < 0)
    {
        Se2RestartEchoService();
        return;
    }
    g_se2Accepted.push_back(client);
    Se2ClientListTryAdd(client);
}

int
Se2StartEchoService()
{
    Se2ClientListInit();
    int tcpSock = SampleSocket(SOCK_STREAM, 4242);
    if (tcpSock < 0)
    {
        return tcpSock;
    }
    int udpSock = SampleSocket(SOCK_DGRAM, 4242);
    if (udpSock < 0)
    {
        zsock_close(tcpSock);
        return -1;
    }
    zsock_pollfd sockfdAccept{tcpSock, ZSOCK_POLLIN, 0};
    zsock_pollfd sockfdUdp{udpSock, ZSOCK_POLLIN, 0};
    if (net_socket_service_register(Se2Service(0), &sockfdAccept, 1, nullptr) < 0 ||
        net_socket_service_register(Se2Service(2), &sockfdUdp, 1, nullptr) < 0)
    {
        zsock_close(udpSock);
        zsock_close(tcpSock);
        return -1;
    }
    g_se2TcpSocket = tcpSock;
    g_se2UdpSocket = udpSock;
    return 0;
}

void
Se2StopEchoService()
{
    Se2ClientListDeinit();
    (void)net_socket_service_unregister(Se2Service(2));
    (void)net_socket_service_unregister(Se2Service(0));
    if (g_se2TcpSocket >= 0)
    {
        zsock_close(g_se2TcpSocket);
        g_se2TcpSocket = -1;
    }
    if (g_se2UdpSocket >= 0)
    {
        zsock_close(g_se2UdpSocket);
        g_se2UdpSocket = -1;
    }
}

void
Se2RestartEchoService()
{
    ++g_se2Restarts;
    Se2StopEchoService();
    Se2StartEchoService();
}

} // namespace

namespace
{
/// ST7: drain the eventfd and log.
void
St7Handler(struct net_socket_service_event* pev)
{
    ns3::ZephyrLogCall(pev);
    uint64_t v;
    ns3::ZephyrNode::Current()->GetHost()->Read(pev->event.fd, &v, sizeof(v));
}
} // namespace

NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(st7_poll_error_service, St7Handler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE(st1_udp_service_sync, St1ServerHandler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE(st1_tcp_service_small_sync, St1TcpServerHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(st1_tcp_service_sync, St1TcpServerHandler, 2);

NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(st_reconfig_close_service, ReconfigCloseHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(st_reconfig_close_multi_service, ReconfigCloseHandler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(st_reconfig_events_service, ReconfigEventsHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(st_reconfig_unregister_service, ReconfigUnregisterHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(st_reconfig_replace_service, ReconfigReplaceHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(st_reconfig_witness_service, ReconfigWitnessHandler, 1);

NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(se1_service_udp, Se1UdpServiceHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(se1_service_tcp, Se1TcpServiceHandler, 1);

NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(se2_service_udp, Se2UdpServiceHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(se2_service_accept, Se2TcpAcceptHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(se2_service_tcp, Se2TcpServiceHandler, SE2_MAX_SERVICES);

namespace
{
const struct net_socket_service_desc*
Se1TcpService()
{
    return &se1_service_tcp;
}

const struct net_socket_service_desc*
Se2Service(int which)
{
    return which == 0 ? &se2_service_accept : which == 1 ? &se2_service_tcp : &se2_service_udp;
}
} // namespace

namespace ns3
{

namespace
{

/// \return "a b c " of \p v
template <typename T>
std::string
Join(const std::vector<T>& v)
{
    std::ostringstream os;
    for (const auto& x : v)
    {
        os << x << " ";
    }
    return os.str();
}

/// \return the trace positions of the callback records of service \p name
std::vector<uint64_t>
CallbackSeqs(ConformanceContext& ctx, const std::string& name)
{
    std::vector<uint64_t> out;
    for (const TraceRecord* r : ZephyrRecords(ctx, TraceKind::UPCALL, "callback"))
    {
        if (r->object == "svc:" + name)
        {
            out.push_back(r->seq);
        }
    }
    return out;
}

/// \return how many zephyr STATE records named \p name the trace has
size_t
StateCount(ConformanceContext& ctx, const std::string& name)
{
    return ZephyrRecordCount(ctx, TraceKind::STATE, name);
}

/// reconfig_wait_readable(): zsock_poll(POLLIN, WAIT_TIME) == 1
bool
WaitReadable(int fd)
{
    zsock_pollfd pfd{fd, ZSOCK_POLLIN, 0};
    return zsock_poll(&pfd, 1, 500) == 1;
}

/// reconfig_wait_fd_closed(): 0 once fcntl(F_GETFL) fails with EBADF, else -ETIMEDOUT (1 s)
int
WaitFdClosed(Ptr<SockbenchHost> host, int fd)
{
    for (int i = 0; i < 1000 / 10; ++i)
    {
        if (zsock_fcntl(fd, F_GETFL, 0) < 0 && zsock_errno() == EBADF)
        {
            return 0;
        }
        host->Sleep(MilliSeconds(10));
    }
    return -ETIMEDOUT;
}

/// \return a UDP socket of the calling node bound to [::1]:port (prepare_sock_udp_v6 + bind)
int
Udp6Loopback(uint16_t port, struct sockaddr_in6* addr)
{
    int fd = zsock_socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
    std::memset(addr, 0, sizeof(*addr));
    addr->sin6_family = AF_INET6;
    addr->sin6_port = htons(port);
    zsock_inet_pton(AF_INET6, "::1", &addr->sin6_addr);
    if (fd >= 0 && port != 0 &&
        zsock_bind(fd, reinterpret_cast<struct sockaddr*>(addr), sizeof(*addr)) < 0)
    {
        zsock_close(fd);
        return -1;
    }
    return fd;
}

/// sendto(c_sock, "test") to \p to \return bytes sent
ssize_t
SendTest(int c, const struct sockaddr_in6& to)
{
    return zsock_sendto(c, "test", 4, 0, reinterpret_cast<const struct sockaddr*>(&to), sizeof(to));
}

// ---- ST1 ------------------------------------------------------------------------------------

void
RunSt1(ConformanceContext& ctx, ZephyrSemantics semantics)
{
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<ZephyrNode> z =
        ZephyrInstall(nodes.Get(1),
                      {&st1_udp_service_sync, &st1_tcp_service_small_sync, &st1_tcp_service_sync},
                      semantics);
    z->SetHandlerDuration(&st1_tcp_service_sync, MicroSeconds(100));
    z->SetHandlerDuration(&st1_tcp_service_small_sync, MicroSeconds(100));
    SemReset(g_waitData);
    SemReset(g_waitDataTcp);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ipv4Address serverIp = ctx.GetIpv4(1);
    const bool newest = GetZephyrVersionTraits(semantics).hasServiceClose;

    int sUdp = -1;
    int sTcp = -1;
    int newSock = -1;
    int regUdp = 1;
    int regSmall = 1;
    int regTcp = 1;
    int regTcp2 = 1;
    int unTcp = 1;
    int releaseUdp = 1;
    int unSmall = 1;
    bool gotUdp = false;
    bool gotTcp1 = false;
    bool gotTcp2 = false;
    ssize_t recvUdp = -2;
    ssize_t recvTcp = -2;
    int bindUdp = 1;
    int bindTcp = 1;
    int listenTcp = 1;
    int closeNew = 1;
    int closeTcp = 1;
    CallResult closeUdp{1, 0};
    Time udpSent;
    Time udpCallback;

    server->Spawn("test_service_sync", [&] {
        struct sockaddr_in sAddr;
        std::memset(&sAddr, 0, sizeof(sAddr));
        sAddr.sin_family = AF_INET;
        sAddr.sin_port = htons(4242);
        sUdp = zsock_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        sTcp = zsock_socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        zsock_pollfd sock[3] = {{sUdp, ZSOCK_POLLIN, 0}, {-1, 0, 0}, {-1, 0, 0}};
        regUdp = net_socket_service_register(&st1_udp_service_sync, sock, 2, nullptr);
        sock[0] = zsock_pollfd{sTcp, ZSOCK_POLLIN, 0};
        // ARRAY_SIZE(sock) + 1 = 3 entries for a service of 1 slot.
        regSmall = net_socket_service_register(&st1_tcp_service_small_sync, sock, 3, nullptr);
        regTcp = net_socket_service_register(&st1_tcp_service_sync, sock, 2, nullptr);
        bindUdp = zsock_bind(sUdp, reinterpret_cast<struct sockaddr*>(&sAddr), sizeof(sAddr));
        gotUdp = SemTake(server, g_waitData, MilliSeconds(500));
        udpCallback = Simulator::Now();
        char buf[10];
        recvUdp = zsock_recv(sUdp, buf, sizeof(buf) - 1, 0);
        bindTcp = zsock_bind(sTcp, reinterpret_cast<struct sockaddr*>(&sAddr), sizeof(sAddr));
        listenTcp = zsock_listen(sTcp, 0);
        gotTcp1 = SemTake(server, g_waitDataTcp, MilliSeconds(500));
        newSock = zsock_accept(sTcp, nullptr, nullptr);
        sock[1] = zsock_pollfd{newSock, ZSOCK_POLLIN, 0};
        regTcp2 = net_socket_service_register(&st1_tcp_service_sync, sock, 2, nullptr);
        gotTcp2 = SemTake(server, g_waitDataTcp, MilliSeconds(500));
        recvTcp = zsock_recv(newSock, buf, sizeof(buf) - 1, 0);
        unTcp = net_socket_service_unregister(&st1_tcp_service_sync);
        // Newest test: net_socket_service_close(udp); the original: unregister.
        releaseUdp = newest ? net_socket_service_close(&st1_udp_service_sync)
                            : net_socket_service_unregister(&st1_udp_service_sync);
        unSmall = net_socket_service_unregister(&st1_tcp_service_small_sync);
        // The real test closes at once; here the rebuild runs first (SS16: closing a socket
        // another thread still polls is the GHSA-34wr-cg29-c4mw race the engine flags).
        server->Sleep(MilliSeconds(1));
        closeNew = zsock_close(newSock);
        closeTcp = zsock_close(sTcp);
        // Small sleep to allow the socket service to action the close itself.
        server->Sleep(MilliSeconds(10));
        int r = zsock_close(sUdp);
        closeUdp = CallResult{r, r < 0 ? zsock_errno() : 0};
    });
    client->Spawn(
        "client",
        [&] {
            int cUdp = UdpBound(client, AF_INET, 9898);
            InetAddr to(serverIp, 4242);
            client->Connect(cUdp, to.Addr(), to.len);
            udpSent = Simulator::Now();
            client->Send(cUdp, "test", 4, 0);
            client->Sleep(MilliSeconds(40));
            int cTcp = client->Socket(AF_INET, SOCK_STREAM, 0);
            ctx.CheckEqual(client->Connect(cTcp, to.Addr(), to.len), 0, "tcp connect");
            client->Sleep(MilliSeconds(10)); // let the network stack run
            ctx.CheckEqual(SendText(client, cTcp, "test"), Ok(4), "tcp send");
            client->Sleep(MilliSeconds(300));
            client->Close(cTcp);
            client->Close(cUdp);
        },
        MilliSeconds(10));
    ZephyrShutdownAt(z, Seconds(1));
    ctx.Run(Seconds(5));

    ctx.CheckEqual(regUdp, 0, "register udp [udp, -1]");
    ctx.CheckEqual(regSmall, -ENOMEM, "register tcp_small with len 3");
    ctx.CheckEqual(regTcp, 0, "register tcp [listen, -1]");
    ctx.CheckEqual(bindUdp, 0, "bind udp after register");
    ctx.Check(gotUdp, "UDP callback within WAIT_TIME (500 ms)");
    ctx.Check(udpCallback - udpSent <= MilliSeconds(500), "UDP callback within 500 ms of send");
    ctx.CheckEqual(recvUdp, ssize_t{4}, "recv after the callback: the data survived it");
    std::vector<std::string> udpCalls;
    std::vector<std::string> tcpCalls;
    for (const ZephyrCall& c : ZephyrCalls())
    {
        std::string s = std::to_string(c.fd) + "/" + std::to_string(c.revents);
        (c.service == "st1_udp_service_sync" ? udpCalls : tcpCalls)
            .push_back(c.service == "st1_tcp_service_small_sync" ? "small:" + s : s);
    }
    // The woken test thread (higher priority) reads before the next round: one callback.
    ctx.CheckEqual(Join(udpCalls), std::to_string(sUdp) + "/1 ", "udp callbacks fd/revents");
    ctx.CheckEqual(bindTcp, 0, "bind tcp");
    ctx.CheckEqual(listenTcp, 0, "listen tcp");
    ctx.Check(gotTcp1, "TCP callback for the pending connection");
    ctx.Check(newSock >= 0, "accept");
    ctx.CheckEqual(regTcp2, 0, "re-register tcp [listen, conn]");
    ctx.Check(gotTcp2, "TCP callback for the data on conn");
    ctx.CheckEqual(recvTcp, ssize_t{4}, "recv on conn");
    ctx.CheckEqual(Join(tcpCalls),
                   std::to_string(sTcp) + "/1 " + std::to_string(newSock) + "/1 ",
                   "tcp callbacks: listener (pending connection), then conn (data)");
    ctx.CheckEqual(unTcp, 0, "unregister tcp");
    ctx.CheckEqual(releaseUdp, 0, newest ? "close udp service" : "unregister udp");
    ctx.CheckEqual(unSmall, 0, "unregister tcp_small (never registered)");
    ctx.CheckEqual(closeNew, 0, "close conn");
    ctx.CheckEqual(closeTcp, 0, "close listener");
    if (newest)
    {
        ctx.CheckEqual(closeUdp, Failed(EBADF), "app close of the udp fd after service close");
        ctx.CheckEqual(Join(ZephyrClosedByRebuild(ctx)),
                       std::to_string(sUdp) + " ",
                       "the service thread closed the udp fd");
    }
    else
    {
        ctx.CheckEqual(closeUdp, Ok(0), "app close of the udp fd");
    }
    ctx.ExpectClean(server);
    ctx.ExpectClean(client);
}

// ---- ST2 test_close_from_callback -------------------------------------------------------------

void
RunSt2(ConformanceContext& ctx, ZephyrSemantics semantics)
{
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<ZephyrNode> z = ZephyrInstall(nodes.Get(0), {&st_reconfig_close_service}, semantics);
    Ptr<SockbenchHost> host = ctx.Host(0);
    ReconfigStateInit(g_state);
    int sSock = -1;
    int reg = 1;
    bool readable = false;
    bool cb = false;
    int closed = 1;
    int fallbackClose = 1;
    host->Spawn("test_close_from_callback", [&] {
        struct sockaddr_in6 cAddr;
        struct sockaddr_in6 sAddr;
        int cSock = Udp6Loopback(0, &cAddr);
        sSock = Udp6Loopback(4243, &sAddr);
        ctx.CheckEqual(SendTest(cSock, sAddr), ssize_t{4}, "sendto");
        // The unread datagram keeps the socket readable for the whole test.
        readable = WaitReadable(sSock);
        g_state.fds[0] = sSock;
        zsock_pollfd pollfd{sSock, ZSOCK_POLLIN, 0};
        reg = net_socket_service_register(&st_reconfig_close_service, &pollfd, 1, &g_state);
        cb = SemTake(host, g_state.cbSem, MilliSeconds(500));
        closed = cb ? WaitFdClosed(host, sSock) : -ETIMEDOUT;
        if (closed != 0)
        {
            (void)net_socket_service_unregister(&st_reconfig_close_service);
            fallbackClose = zsock_close(sSock);
        }
        zsock_close(cSock);
    });
    ZephyrShutdownAt(z, Seconds(2));
    ctx.Run();
    ctx.Check(readable, "datagram queued before register");
    ctx.CheckEqual(reg, 0, "register");
    ctx.Check(cb, "callback within 500 ms");
    ctx.CheckEqual(g_state.cbResult[0], 0, "net_socket_service_close from the callback");
    if (semantics == ZEPHYR_MAIN)
    {
        ctx.CheckEqual(closed, 0, "the service closed the fd (EBADF within 1 s)");
        ctx.CheckEqual(g_state.cbCount, 1, "callbacks (no callback after the close request)");
        ctx.CheckEqual(Join(ZephyrClosedByRebuild(ctx)),
                       std::to_string(sSock) + " ",
                       "rebuild closed");
    }
    else
    {
        // Before PR #115800 the entry is re-armed after the callback (SS25), the stale entry
        // is dispatched again and its copy overwrites the close mark (SB10): a second
        // callback, whose unregister wipes the request; the fd stays open.
        ctx.CheckEqual(g_state.cbCount, 2, "pre-fix: callbacks (one extra)");
        ctx.CheckEqual(closed, -ETIMEDOUT, "pre-fix: the service did not close the fd");
        ctx.CheckEqual(fallbackClose, 0, "pre-fix: the app closes the fd itself");
        ctx.CheckEqual(ZephyrClosedByRebuild(ctx).size(), size_t{0}, "pre-fix: no rebuild closed");
    }
    ctx.ExpectClean(host);
}

// ---- ST3 test_close_multiple_from_callback ----------------------------------------------------

void
RunSt3(ConformanceContext& ctx, ZephyrSemantics semantics)
{
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<ZephyrNode> z = ZephyrInstall(nodes.Get(0), {&st_reconfig_close_multi_service}, semantics);
    Ptr<SockbenchHost> host = ctx.Host(0);
    ReconfigStateInit(g_state);
    int sSock[2] = {-1, -1};
    int closed[2] = {1, 1};
    int fallbackClose[2] = {1, 1};
    int reg = 1;
    bool cb = false;
    bool readable = true;
    host->Spawn("test_close_multiple_from_callback", [&] {
        struct sockaddr_in6 cAddr;
        struct sockaddr_in6 sAddr[2];
        int cSock = Udp6Loopback(0, &cAddr);
        for (int i = 0; i < 2; ++i)
        {
            sSock[i] = Udp6Loopback(4244 + i, &sAddr[i]);
            ctx.CheckEqual(SendTest(cSock, sAddr[i]), ssize_t{4}, "sendto");
        }
        // Both readable before registering: both entries are ready in the same round.
        zsock_pollfd pollfd[2];
        for (int i = 0; i < 2; ++i)
        {
            readable = WaitReadable(sSock[i]) && readable;
            g_state.fds[i] = sSock[i];
            pollfd[i] = zsock_pollfd{sSock[i], ZSOCK_POLLIN, 0};
        }
        reg = net_socket_service_register(&st_reconfig_close_multi_service, pollfd, 2, &g_state);
        cb = SemTake(host, g_state.cbSem, MilliSeconds(500));
        for (int i = 0; i < 2; ++i)
        {
            closed[i] = cb ? WaitFdClosed(host, sSock[i]) : -ETIMEDOUT;
        }
        for (int i = 0; i < 2; ++i)
        {
            if (closed[i] != 0)
            {
                (void)net_socket_service_unregister(&st_reconfig_close_multi_service);
                fallbackClose[i] = zsock_close(sSock[i]);
            }
        }
        zsock_close(cSock);
    });
    ZephyrShutdownAt(z, Seconds(3));
    ctx.Run();
    ctx.Check(readable, "both datagrams queued before register");
    ctx.CheckEqual(reg, 0, "register");
    ctx.Check(cb, "callback within 500 ms");
    ctx.CheckEqual(g_state.cbResult[0], 0, "net_socket_service_close from the callback");
    std::vector<std::string> calls = ZephyrCallbackRecords(ctx);
    if (semantics == ZEPHYR_MAIN)
    {
        ctx.CheckEqual(closed[0], 0, "fd 0 closed by the service");
        ctx.CheckEqual(closed[1], 0, "fd 1 closed by the service");
        ctx.CheckEqual(g_state.cbCount, 1, "callbacks (the second ready fd got none)");
        ctx.CheckEqual(StateCount(ctx, "entry-skipped"), size_t{1}, "second entry skipped (SS24)");
        ctx.CheckEqual(Join(ZephyrClosedByRebuild(ctx)),
                       std::to_string(sSock[0]) + "," + std::to_string(sSock[1]) + " ",
                       "rebuild closed both");
    }
    else
    {
        // Pre-fix: the second ready entry of the same round is dispatched; the copy of the
        // polled entry overwrites its close mark (SB10) and its handler's unregister wipes
        // the rest: nothing is closed by the service.
        ctx.CheckEqual(g_state.cbCount, 2, "pre-fix: the second ready fd got a callback");
        ctx.CheckEqual(Join(calls),
                       "st_reconfig_close_multi_service/" + std::to_string(sSock[0]) +
                           " st_reconfig_close_multi_service/" + std::to_string(sSock[1]) + " ",
                       "pre-fix: callbacks");
        ctx.CheckEqual(closed[0], -ETIMEDOUT, "pre-fix: fd 0 not closed by the service");
        ctx.CheckEqual(closed[1], -ETIMEDOUT, "pre-fix: fd 1 not closed by the service");
        ctx.CheckEqual(fallbackClose[0], 0, "pre-fix: app closes fd 0");
        ctx.CheckEqual(fallbackClose[1], 0, "pre-fix: app closes fd 1");
    }
    ctx.ExpectClean(host);
}

// ---- ST4 test_reconfigure_events_from_callback ------------------------------------------------

void
RunSt4(ConformanceContext& ctx, ZephyrSemantics semantics)
{
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<ZephyrNode> z = ZephyrInstall(nodes.Get(0), {&st_reconfig_events_service}, semantics);
    Ptr<SockbenchHost> host = ctx.Host(0);
    ReconfigStateInit(g_state);
    int reg = 1;
    bool cb1 = false;
    bool cb2 = false;
    bool readable = false;
    host->Spawn("test_reconfigure_events_from_callback", [&] {
        struct sockaddr_in6 cAddr;
        struct sockaddr_in6 sAddr;
        int cSock = Udp6Loopback(0, &cAddr);
        int sSock = Udp6Loopback(4246, &sAddr);
        ctx.CheckEqual(SendTest(cSock, sAddr), ssize_t{4}, "sendto");
        readable = WaitReadable(sSock);
        g_state.fds[0] = sSock;
        g_state.replacement = zsock_pollfd{sSock, ZSOCK_POLLOUT, 0};
        zsock_pollfd pollfd{sSock, ZSOCK_POLLIN, 0};
        reg = net_socket_service_register(&st_reconfig_events_service, &pollfd, 1, &g_state);
        cb1 = SemTake(host, g_state.cbSem, MilliSeconds(500));
        cb2 = cb1 && SemTake(host, g_state.cbSem, MilliSeconds(500));
        (void)net_socket_service_unregister(&st_reconfig_events_service);
        // The real test closes at once; let the rebuild run first (SS16).
        host->Sleep(MilliSeconds(1));
        zsock_close(cSock);
        zsock_close(sSock);
    });
    ZephyrShutdownAt(z, Seconds(2));
    ctx.Run();
    ctx.Check(readable, "datagram queued before register");
    ctx.CheckEqual(reg, 0, "register");
    ctx.Check(cb1, "reconfigure callback");
    ctx.Check(cb2, "reconfigured callback");
    ctx.CheckEqual(g_state.cbCount, 2, "callbacks (none after unregister)");
    ctx.CheckEqual(g_state.cbResult[0], 0, "re-register with POLLOUT");
    ctx.CheckEqual(g_state.cbResult[1], 0, "unregister");
    ctx.Check((g_state.revents[0] & ZSOCK_POLLIN) != 0, "callback 1 reports POLLIN");
    if (semantics == ZEPHYR_MAIN)
    {
        ctx.Check((g_state.revents[1] & ZSOCK_POLLOUT) != 0, "callback 2: the new mask (POLLOUT)");
        ctx.Check((g_state.revents[1] & ZSOCK_POLLIN) == 0, "callback 2: no stale POLLIN");
    }
    else
    {
        // Pre-fix: the stale POLLIN entry is re-armed and dispatched; the copy of the polled
        // entry overwrites the new mask (SB10), so callback 2 reports POLLIN only.
        ctx.CheckEqual(g_state.revents[1], short{ZSOCK_POLLIN}, "pre-fix: callback 2 revents");
    }
    ctx.ExpectClean(host);
}

// ---- ST5 test_unregister_from_callback --------------------------------------------------------

void
RunSt5(ConformanceContext& ctx, ZephyrSemantics semantics)
{
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<ZephyrNode> z =
        ZephyrInstall(nodes.Get(0),
                      {&st_reconfig_unregister_service, &st_reconfig_witness_service},
                      semantics,
                      [](ZephyrHelper& h) { h.SetAttribute("TraceRounds", BooleanValue(true)); });
    Ptr<SockbenchHost> host = ctx.Host(0);
    ReconfigStateInit(g_state);
    SemReset(g_witnessSem);
    int fd = -1;
    int witnessFd = -1;
    int regWitness = 1;
    int reg = 1;
    bool polledBoth = false;
    bool cb = false;
    bool sync = false;
    bool repolledNow = true;
    int closeRet = 1;
    int witnessCloseRet = 1;
    int witnessClosed = 1;
    host->Spawn("test_unregister_from_callback", [&] {
        // The mock fds: eventfds (readable once written).
        fd = ZephyrEventFd();
        witnessFd = ZephyrEventFd();
        zsock_pollfd witnessPollfd{witnessFd, ZSOCK_POLLIN, 0};
        regWitness =
            net_socket_service_register(&st_reconfig_witness_service, &witnessPollfd, 1, nullptr);
        zsock_pollfd pollfd{fd, ZSOCK_POLLIN, 0};
        reg = net_socket_service_register(&st_reconfig_unregister_service, &pollfd, 1, &g_state);
        // k_sem_take(&mock.prepared) and (&witness.prepared): both in the poll array.
        for (int i = 0; i < 50 && !polledBoth; ++i)
        {
            host->Sleep(MilliSeconds(10));
            polledBoth = z->IsPolled(fd) && z->IsPolled(witnessFd);
        }
        ZephyrSignal(fd); // k_sem_give(&mock.readable)
        cb = SemTake(host, g_state.cbSem, MilliSeconds(500));
        // Sync point: the witness is made readable, forcing a poll round after the callback.
        host->Sleep(MilliSeconds(1));
        ZephyrSignal(witnessFd);
        sync = cb && SemTake(host, g_witnessSem, MilliSeconds(500));
        repolledNow = z->IsPolled(fd);
        if (!cb)
        {
            (void)net_socket_service_unregister(&st_reconfig_unregister_service);
        }
        closeRet = zsock_close(fd);
        witnessCloseRet = net_socket_service_close(&st_reconfig_witness_service);
        witnessClosed = WaitFdClosed(host, witnessFd);
        if (witnessClosed != 0)
        {
            (void)net_socket_service_unregister(&st_reconfig_witness_service);
            host->Sleep(MilliSeconds(1));
            zsock_close(witnessFd);
        }
    });
    ZephyrShutdownAt(z, Seconds(3));
    ctx.Run();
    ctx.CheckEqual(regWitness, 0, "register witness");
    ctx.CheckEqual(reg, 0, "register");
    ctx.Check(polledBoth, "registered fds polled");
    ctx.Check(cb, "callback");
    ctx.Check(sync, "the service thread ran another poll round");
    ctx.CheckEqual(g_state.cbCount, 1, "callbacks (none after unregister)");
    ctx.CheckEqual(g_state.cbResult[0], 0, "unregister from the callback");
    ctx.CheckEqual(closeRet, 0, "app close of the mock fd");
    ctx.CheckEqual(witnessCloseRet, 0, "net_socket_service_close(witness)");
    ctx.CheckEqual(witnessClosed, 0, "witness fd closed by the service");
    ctx.Check(!repolledNow, "mock fd not in the poll array after the sync round");
    // "prepared" = listed in the polled entries of a round after the callback.
    std::vector<uint64_t> cbs = CallbackSeqs(ctx, "st_reconfig_unregister_service");
    std::vector<std::string> polledAfter;
    size_t roundsAfter = 0;
    for (const ZephyrRound& r : ZephyrRounds(ctx))
    {
        if (cbs.empty() || r.seq < cbs.front())
        {
            continue;
        }
        ++roundsAfter;
        for (const auto& [f, ev] : r.polled)
        {
            if (f == fd)
            {
                polledAfter.push_back(std::to_string(r.seq));
            }
        }
    }
    ctx.Check(roundsAfter >= 2, "poll rounds after the callback");
    if (semantics == ZEPHYR_MAIN)
    {
        ctx.CheckEqual(polledAfter.size(), size_t{0}, "unregistered fd polled again (rounds)");
        ctx.CheckEqual(StateCount(ctx, "lookup-miss"), size_t{0}, "lookup misses");
    }
    else
    {
        // Pre-fix: the entry is re-armed after the callback (SS25) and polled once more; the
        // lookup misses and the round is abandoned (SS23). Still a single callback.
        ctx.CheckEqual(polledAfter.size(), size_t{1}, "pre-fix: rounds polling the stale fd");
        ctx.CheckEqual(StateCount(ctx, "lookup-miss"), size_t{1}, "pre-fix: lookup misses");
    }
    ctx.ExpectClean(host);
}

// ---- ST6 test_reconfigure_from_callback -------------------------------------------------------

void
RunSt6(ConformanceContext& ctx, ZephyrSemantics semantics)
{
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<ZephyrNode> z =
        ZephyrInstall(nodes.Get(0), {&st_reconfig_replace_service}, semantics, [](ZephyrHelper& h) {
            h.SetAttribute("TraceRounds", BooleanValue(true));
        });
    Ptr<SockbenchHost> host = ctx.Host(0);
    ReconfigStateInit(g_state);
    int fd = -1;
    int replacementFd = -1;
    int reg = 1;
    bool polled = false;
    bool cb1 = false;
    bool cb2 = false;
    int closed = 1;
    int closeA = 1;
    bool aPolledAtEnd = true;
    host->Spawn("test_reconfigure_from_callback", [&] {
        fd = ZephyrEventFd();
        replacementFd = ZephyrEventFd();
        g_state.replacement = zsock_pollfd{replacementFd, ZSOCK_POLLOUT, 0};
        zsock_pollfd pollfd{fd, ZSOCK_POLLIN, 0};
        reg = net_socket_service_register(&st_reconfig_replace_service, &pollfd, 1, &g_state);
        for (int i = 0; i < 50 && !polled; ++i)
        {
            host->Sleep(MilliSeconds(10));
            polled = z->IsPolled(fd);
        }
        // The replacement (an eventfd) is always writable: POLLOUT ready, as the real
        // replacement mock once given "readable". Then the original becomes readable.
        ZephyrSignal(fd);
        cb1 = SemTake(host, g_state.cbSem, MilliSeconds(500));
        cb2 = cb1 && SemTake(host, g_state.cbSem, MilliSeconds(500));
        closed = cb2 ? WaitFdClosed(host, replacementFd) : -ETIMEDOUT;
        aPolledAtEnd = z->IsPolled(fd);
        if (closed != 0)
        {
            (void)net_socket_service_unregister(&st_reconfig_replace_service);
            host->Sleep(MilliSeconds(1));
            zsock_close(replacementFd);
        }
        // The replaced fd is not closed by the service.
        closeA = zsock_close(fd);
    });
    ZephyrShutdownAt(z, Seconds(3));
    ctx.Run();
    ctx.CheckEqual(reg, 0, "register A");
    ctx.Check(polled, "A polled");
    ctx.Check(cb1, "reconfigure callback");
    ctx.Check(cb2, "replacement callback");
    ctx.CheckEqual(g_state.cbResult[0], 0, "re-register with B/POLLOUT");
    ctx.CheckEqual(g_state.cbResult[1], 0, "net_socket_service_close from callback 2");
    ctx.CheckEqual(closed, 0, "B closed by the service");
    ctx.CheckEqual(g_state.cbCount, 2, "callbacks");
    ctx.CheckEqual(closeA, 0, "A not closed by the service (app close succeeds)");
    ctx.Check(!aPolledAtEnd, "A not in the poll array at the end");
    std::vector<uint64_t> cbs = CallbackSeqs(ctx, "st_reconfig_replace_service");
    size_t aPolledAfter = 0;
    std::vector<int> bEvents;
    for (const ZephyrRound& r : ZephyrRounds(ctx))
    {
        for (const auto& [f, ev] : r.polled)
        {
            if (f == fd && !cbs.empty() && r.seq > cbs.front())
            {
                ++aPolledAfter;
            }
            if (f == replacementFd)
            {
                bEvents.push_back(ev);
            }
        }
    }
    ctx.Check(!bEvents.empty(), "B polled");
    bool onlyOut = true;
    for (int ev : bEvents)
    {
        onlyOut = onlyOut && ev == ZSOCK_POLLOUT;
    }
    ctx.Check(onlyOut, "B only polled with POLLOUT (no stale events): " + Join(bEvents));
    ctx.CheckEqual(Join(ZephyrClosedByRebuild(ctx)),
                   std::to_string(replacementFd) + " ",
                   "the rebuild closed B only");
    if (semantics == ZEPHYR_MAIN)
    {
        ctx.CheckEqual(aPolledAfter, size_t{0}, "rounds polling A after callback 1");
    }
    else
    {
        // Pre-fix: A is re-armed after callback 1 and polled once more (lookup miss, SS23).
        ctx.CheckEqual(aPolledAfter, size_t{1}, "pre-fix: rounds polling A after callback 1");
        ctx.CheckEqual(StateCount(ctx, "lookup-miss"), size_t{1}, "pre-fix: lookup misses");
    }
    ctx.ExpectClean(host);
}

// ---- SE1 / SE2 clients ------------------------------------------------------------------------

void
SleepUntil(Ptr<SockbenchHost> h, Time t)
{
    if (t > Simulator::Now())
    {
        h->Sleep(t - Simulator::Now());
    }
}

/// \return a TCP socket of \p h connected to ip:port, or -1
int
TcpConnect(Ptr<SockbenchHost> h, Ipv4Address ip, uint16_t port)
{
    int s = h->Socket(AF_INET, SOCK_STREAM, 0);
    InetAddr a(ip, port);
    if (h->Connect(s, a.Addr(), a.len) < 0)
    {
        h->Close(s);
        return -1;
    }
    return s;
}

/// \return what \p fd receives within \p t: the data, "<eof>", "<timeout>" or "<errno N>"
std::string
RecvWithin(Ptr<SockbenchHost> h, int fd, Time t)
{
    struct pollfd p
    {
        fd, POLLIN, 0
    };

    if (h->PollFor(&p, 1, t) <= 0)
    {
        return "<timeout>";
    }
    char buf[256];
    ssize_t n = h->Recv(fd, buf, sizeof(buf), 0);
    if (n < 0)
    {
        return "<errno " + std::to_string(h->GetErrno()) + ">";
    }
    return n == 0 ? "<eof>" : std::string(buf, n);
}

/// Send \p text on \p fd and \return the echo received within 100 ms
std::string
Echo(Ptr<SockbenchHost> h, int fd, const std::string& text)
{
    if (h->Send(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
    {
        return "<send failed>";
    }
    return RecvWithin(h, fd, MilliSeconds(100));
}

// ---- SE1 ------------------------------------------------------------------------------------

void
RunSe1(ConformanceContext& ctx)
{
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<ZephyrNode> z =
        ZephyrInstall(nodes.Get(1), {&se1_service_tcp, &se1_service_udp}, ZEPHYR_V4_2);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ipv4Address ip = ctx.GetIpv4(1);
    g_se1SockfdTcp[0] = zsock_pollfd{-1, 0, 0};
    g_se1Closed.clear();
    g_se1Reregister.clear();
    int regUdp = 1;
    std::vector<int> accepted;
    std::vector<int> regTcp;
    bool c1OpenUnpolled = false;
    std::string udpEcho;
    std::string c1First;
    std::string c1Second;
    std::string c2First;
    std::string c1AtEnd;
    Time c2Registered;

    server->Spawn("main", [&] {
        int tcpSock = SampleSocket(SOCK_STREAM, 4242);
        int udpSock = SampleSocket(SOCK_DGRAM, 4242);
        zsock_pollfd sockfdUdp[1] = {{udpSock, ZSOCK_POLLIN, 0}};
        regUdp = net_socket_service_register(&se1_service_udp, sockfdUdp, 1, nullptr);
        // while (1) { accept; sockfd_tcp[0] = client; register } -- two clients here.
        while (accepted.size() < 2)
        {
            struct sockaddr_in6 clientAddr;
            socklen_t clientAddrLen = sizeof(clientAddr);
            int c = zsock_accept(tcpSock, reinterpret_cast<sockaddr*>(&clientAddr), &clientAddrLen);
            if (c < 0)
            {
                continue;
            }
            accepted.push_back(c);
            g_se1SockfdTcp[0] = zsock_pollfd{c, ZSOCK_POLLIN, 0};
            regTcp.push_back(
                net_socket_service_register(&se1_service_tcp, g_se1SockfdTcp, 1, nullptr));
            c2Registered = Simulator::Now();
            if (regTcp.back() < 0)
            {
                break;
            }
        }
        SleepUntil(server, MilliSeconds(900));
        // The first client was replaced: still open, no longer polled.
        c1OpenUnpolled = zsock_fcntl(accepted[0], F_GETFL, 0) >= 0 && !z->IsPolled(accepted[0]);
        SleepUntil(server, MilliSeconds(1000));
        (void)net_socket_service_unregister(&se1_service_tcp);
        (void)net_socket_service_unregister(&se1_service_udp);
        server->Sleep(MilliSeconds(1)); // SS16: let the rebuild run before closing
        zsock_close(tcpSock);
        zsock_close(udpSock);
        zsock_close(accepted[0]); // the sample leaks the replaced client; the test closes it
    });
    client->Spawn(
        "udp-client",
        [&] {
            int s = UdpBound(client, AF_INET, 9000);
            InetAddr to(ip, 4242);
            client->SendTo(s, "udp-echo", 8, 0, to.Addr(), to.len);
            udpEcho = RecvWithin(client, s, MilliSeconds(100));
            client->Close(s);
        },
        MilliSeconds(20));
    client->Spawn(
        "tcp-client-1",
        [&] {
            int s = TcpConnect(client, ip, 4242);
            c1First = Echo(client, s, "c1-first");
            SleepUntil(client, MilliSeconds(300));
            c1Second = Echo(client, s, "c1-second");
            SleepUntil(client, MilliSeconds(1100));
            c1AtEnd = RecvWithin(client, s, MilliSeconds(100)); // queued echo? then FIN
            client->Close(s);
        },
        MilliSeconds(50));
    client->Spawn(
        "tcp-client-2",
        [&] {
            int s = TcpConnect(client, ip, 4242);
            c2First = Echo(client, s, "c2-first");
            SleepUntil(client, MilliSeconds(500));
            client->Close(s);
        },
        MilliSeconds(200));
    ZephyrShutdownAt(z, Seconds(1.5));
    ctx.Run(Seconds(5));

    ctx.CheckEqual(regUdp, 0, "register service_udp");
    ctx.CheckEqual(udpEcho, std::string("udp-echo"), "UDP echo");
    ctx.CheckEqual(accepted.size(), size_t{2}, "accepted clients");
    ctx.CheckEqual(Join(regTcp), std::string("0 0 "), "register service_tcp per accept");
    ctx.CheckEqual(c1First, std::string("c1-first"), "client 1 echoed while in the slot");
    ctx.CheckEqual(c2First, std::string("c2-first"), "client 2 echoed");
    ctx.CheckEqual(c1Second,
                   std::string("<timeout>"),
                   "client 1's data after client 2 replaced it is not echoed");
    ctx.Check(c1OpenUnpolled, "client 1's socket: open but no longer polled");
    if (accepted.size() == 2)
    {
        std::vector<std::string> c1Calls;
        std::vector<std::string> c2Calls;
        for (const ZephyrCall& c : ZephyrCalls())
        {
            if (c.service != "se1_service_tcp")
            {
                continue;
            }
            std::string r = std::to_string(c.revents);
            (c.fd == accepted[0] ? c1Calls : c2Calls).push_back(r);
            if (c.fd == accepted[0])
            {
                ctx.Check(c.time < c2Registered, "no callback for client 1 after the replacement");
            }
        }
        ctx.CheckEqual(Join(c1Calls), std::string("1 "), "client 1 callbacks (revents)");
        // Data, then the FIN (POLLIN|POLLHUP, SS30).
        ctx.CheckEqual(Join(c2Calls), std::string("1 17 "), "client 2 callbacks (revents)");
        ctx.CheckEqual(Join(g_se1Closed),
                       std::to_string(accepted[1]) + " ",
                       "on recv 0 the handler set -1, re-registered and closed client 2");
        ctx.CheckEqual(Join(g_se1Reregister), std::string("0 "), "re-register from the handler");
    }
    ctx.CheckEqual(c1AtEnd, std::string("<eof>"), "client 1 sees the test's close");
    ctx.ExpectClean(server);
    ctx.ExpectClean(client);
}

// ---- SE2 ------------------------------------------------------------------------------------

void
RunSe2(ConformanceContext& ctx)
{
    NodeContainer nodes = ctx.CreateLinkedNodes(3);
    Ptr<ZephyrNode> z = ZephyrInstall(nodes.Get(1),
                                      {&se2_service_udp, &se2_service_accept, &se2_service_tcp},
                                      ZEPHYR_MAIN);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Ptr<SockbenchHost> near = ctx.Host(0);
    Ptr<SockbenchHost> far = ctx.Host(2);
    Ipv4Address ip = ctx.GetIpv4(1);
    g_se2TcpSocket = -1;
    g_se2UdpSocket = -1;
    g_se2Restarts = 0;
    g_se2Accepted.clear();
    g_se2AddedSlot.clear();
    g_se2Removed.clear();
    Se2ClientListInit();
    int startRet = 1;
    std::map<std::string, std::string> got; // client -> what it saw
    std::vector<int> slotsAtEnd;

    server->Spawn("SYS_INIT(start_echo_service)", [&] { startRet = Se2StartEchoService(); });
    // Three clients on node 0, echoed concurrently.
    for (int i = 0; i < 3; ++i)
    {
        near->Spawn(
            "c" + std::to_string(i),
            [&, i] {
                std::string n = "c" + std::to_string(i);
                int s = TcpConnect(near, ip, 4242);
                got[n] = Echo(near, s, "hello-" + std::to_string(i));
                if (i == 1)
                {
                    // The resetting client: SO_LINGER {1, 0} then close -> RST.
                    SleepUntil(near, MilliSeconds(200));
                    struct linger l
                    {
                        1, 0
                    };
                    near->SetSockOpt(s, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
                    near->Close(s);
                    return;
                }
                if (i == 0)
                {
                    SleepUntil(near, MilliSeconds(600)); // normal close: frees slot 0
                    near->Close(s);
                    return;
                }
                // c2: its data starts the order round (a 5 ms handler, see below).
                SleepUntil(near, MilliSeconds(700));
                got[n + "-x"] = Echo(near, s, "x");
                SleepUntil(near, MilliSeconds(800));
                near->Close(s);
            },
            MilliSeconds(10 + i));
    }
    far->Spawn(
        "udp",
        [&] {
            int s = UdpBound(far, AF_INET, 9000);
            InetAddr to(ip, 4242);
            far->SendTo(s, "udp-1", 5, 0, to.Addr(), to.len);
            got["udp-1"] = RecvWithin(far, s, MilliSeconds(100));
            SleepUntil(far, MilliSeconds(701));
            far->SendTo(s, "udp-2", 5, 0, to.Addr(), to.len);
            got["udp-2"] = RecvWithin(far, s, MilliSeconds(100));
            far->Close(s);
        },
        MilliSeconds(100));
    // c3 takes the slot the reset client freed.
    near->Spawn(
        "c3",
        [&] {
            int s = TcpConnect(near, ip, 4242);
            got["c3"] = Echo(near, s, "hello-3");
            SleepUntil(near, MilliSeconds(701));
            near->Send(s, "y", 1, 0); // arrives while the 5 ms handler for c2 runs
            got["c3-y"] = RecvWithin(near, s, MilliSeconds(100));
            SleepUntil(near, MilliSeconds(800));
            near->Close(s);
        },
        MilliSeconds(300));
    // Fill the array: 14 more clients (17 slots).
    for (int i = 4; i < 4 + SE2_MAX_SERVICES - 3; ++i)
    {
        far->Spawn(
            "f" + std::to_string(i),
            [&, i] {
                int s = TcpConnect(far, ip, 4242);
                got["f" + std::to_string(i)] = Echo(far, s, "fill-" + std::to_string(i));
                SleepUntil(far, MilliSeconds(800));
                far->Close(s);
            },
            MilliSeconds(400 + 2 * (i - 4)));
    }
    // Array full: accepted and closed at once.
    far->Spawn(
        "full",
        [&] {
            int s = TcpConnect(far, ip, 4242);
            got["full"] = s < 0 ? "<connect failed>" : RecvWithin(far, s, MilliSeconds(100));
            far->Close(s);
        },
        MilliSeconds(500));
    // The order round: c19 connects (pending accept) while the tcp handler is busy.
    near->Spawn(
        "c19",
        [&] {
            int s = TcpConnect(near, ip, 4242);
            SleepUntil(near, MilliSeconds(750));
            got["c19"] = Echo(near, s, "hello-19");
            SleepUntil(near, MilliSeconds(800));
            near->Close(s);
        },
        MilliSeconds(700));
    Simulator::Schedule(MilliSeconds(690),
                        [z] { z->SetHandlerDuration(&se2_service_tcp, MilliSeconds(5)); });
    Simulator::Schedule(MilliSeconds(740),
                        [z] { z->SetHandlerDuration(&se2_service_tcp, Seconds(0)); });
    server->Spawn(
        "stop",
        [&] {
            for (const auto& s : g_se2SockfdTcp)
            {
                slotsAtEnd.push_back(s.fd);
            }
            // stop_echo_service(), with the rebuild let run before the closes (SS16).
            (void)net_socket_service_unregister(&se2_service_tcp);
            (void)net_socket_service_unregister(&se2_service_udp);
            (void)net_socket_service_unregister(&se2_service_accept);
            server->Sleep(MilliSeconds(1));
            Se2StopEchoService();
        },
        MilliSeconds(1000));
    ZephyrShutdownAt(z, Seconds(1.5));
    ctx.Run(Seconds(5));

    ctx.CheckEqual(startRet, 0, "start_echo_service");
    // MAX_SERVICES = CONFIG_ZVFS_POLL_MAX - 3: the array (1 + 1 + 17 + 1) is exactly PollMax.
    ctx.CheckEqual(z->GetPollArraySize(), uint32_t{SE2_POLL_MAX}, "poll array size");
    ctx.CheckEqual(g_se2Restarts, 0, "no register/accept error restarted the service");
    for (int i = 0; i < 3; ++i)
    {
        ctx.CheckEqual(got["c" + std::to_string(i)],
                       "hello-" + std::to_string(i),
                       "echo c" + std::to_string(i));
    }
    ctx.CheckEqual(got["udp-1"], std::string("udp-1"), "UDP echo");
    ctx.CheckEqual(got["c3"], std::string("hello-3"), "echo c3");
    for (int i = 4; i < 4 + SE2_MAX_SERVICES - 3; ++i)
    {
        ctx.CheckEqual(got["f" + std::to_string(i)],
                       "fill-" + std::to_string(i),
                       "echo f" + std::to_string(i));
    }
    ctx.CheckEqual(got["full"], std::string("<eof>"), "array full: the new client is closed");
    ctx.CheckEqual(got["c2-x"], std::string("x"), "echo c2 (order round)");
    ctx.CheckEqual(got["c3-y"], std::string("y"), "echo c3 (order round)");
    ctx.CheckEqual(got["udp-2"], std::string("udp-2"), "UDP echo (order round)");
    ctx.CheckEqual(got["c19"], std::string("hello-19"), "echo c19");
    // Slots: c0 0, c1 1, c2 2, (c1 reset) c3 1, f4..f17 3..16, full -1, (c0 closed) c19 0.
    std::vector<int> expectSlots{0, 1, 2, 1};
    for (int i = 3; i < SE2_MAX_SERVICES; ++i)
    {
        expectSlots.push_back(i);
    }
    expectSlots.push_back(-1);
    expectSlots.push_back(0);
    ctx.CheckEqual(Join(g_se2AddedSlot), Join(expectSlots), "slot taken per accepted client");
    // The reset client: POLLERR/POLLHUP or a recv error; removed; slot reused by c3.
    if (g_se2Accepted.size() >= 4 && !g_se2Removed.empty())
    {
        const Se2Removal& r = g_se2Removed.front();
        ctx.CheckEqual(r.fd, g_se2Accepted[1], "first removal is the reset client");
        ctx.Check((r.revents & (ZSOCK_POLLERR | ZSOCK_POLLHUP)) != 0 || r.len < 0,
                  "reset seen as POLLERR/POLLHUP or a recv error (revents " +
                      std::to_string(r.revents) + ", len " + std::to_string(r.len) + ", errno " +
                      std::to_string(r.error) + ")");
        ctx.CheckEqual(r.error, ECONNRESET, "recv error after the reset");
    }
    ctx.CheckEqual(g_se2Removed.size(),
                   size_t{SE2_MAX_SERVICES + 2},
                   "removed clients (c1 reset, c0, then c2, c3, f4-f17, c19 at 800 ms)");
    std::vector<int> empty(SE2_MAX_SERVICES, -1);
    ctx.CheckEqual(Join(slotsAtEnd), Join(empty), "every slot freed by the handlers");
    // The order round: accept < tcp < udp (SS19, SS22).
    std::map<int64_t, std::vector<std::string>> byRound;
    for (const TraceRecord& r : ctx.Trace()->GetRecords())
    {
        if (r.personality == "zephyr" && r.kind == TraceKind::UPCALL && r.name == "callback")
        {
            const TraceField* f = r.Find("round");
            byRound[f ? std::get<int64_t>(f->value) : -1].push_back(r.object.substr(4));
        }
    }
    bool found = false;
    for (const auto& [round, svcs] : byRound)
    {
        if (svcs.size() >= 3 && Join(svcs) == "se2_service_accept se2_service_tcp se2_service_udp ")
        {
            found = true;
        }
    }
    ctx.Check(found, "one round dispatched accept, tcp, udp in that order");
    ctx.ExpectClean(server);
    ctx.ExpectClean(near);
    ctx.ExpectClean(far);
}

} // namespace

void
RegisterZephyrCases_st(ConformanceCatalog& catalog)
{
    catalog.Add({"ST1_service_sync",
                 {"ST1", "SS10", "SS13", "SS14", "SS27"},
                 "test_service_sync: -ENOMEM, UDP/listener/conn callbacks, unregisters, "
                 "net_socket_service_close then the app's close gives EBADF",
                 [](ConformanceContext& ctx) { RunSt1(ctx, ZEPHYR_MAIN); }});
    for (auto [sem, tag] : {std::pair{ZEPHYR_V4_3, "v4_3"},
                            std::pair{ZEPHYR_V4_2, "v4_2"},
                            std::pair{ZEPHYR_V4_1, "v4_1"},
                            std::pair{ZEPHYR_V4_0, "v4_0"}})
    {
        ZephyrSemantics s = sem;
        catalog.Add({std::string("ST1_service_sync_") + tag,
                     {"ST1", "SS10", "SS13"},
                     std::string("test_service_sync on ") + ZephyrSemanticsName(s) +
                         (GetZephyrVersionTraits(s).hasServiceClose
                              ? " (with net_socket_service_close)"
                              : " (original test: unregister udp, app closes it)"),
                     [s](ConformanceContext& ctx) { RunSt1(ctx, s); }});
    }
    catalog.Add({"ST2_close_from_callback",
                 {"ST2", "SS14", "SS25"},
                 "close from the callback with a datagram unread: one callback, fd closed",
                 [](ConformanceContext& ctx) { RunSt2(ctx, ZEPHYR_MAIN); }});
    catalog.Add({"ST2_close_from_callback_v4_3_prefix",
                 {"ST2", "SB10", "SS25"},
                 "V4_3 (before PR #115800) fails ST2: a second callback, the close request "
                 "is lost and the fd stays open",
                 [](ConformanceContext& ctx) { RunSt2(ctx, ZEPHYR_V4_3); }});
    catalog.Add({"ST3_close_multiple_from_callback",
                 {"ST3", "SS14", "SS24"},
                 "two fds ready in one round, handler 1 closes: no callback for the second, "
                 "both closed",
                 [](ConformanceContext& ctx) { RunSt3(ctx, ZEPHYR_MAIN); }});
    catalog.Add({"ST3_close_multiple_from_callback_v4_3_prefix",
                 {"ST3", "SB10", "SS24"},
                 "V4_3 (before PR #115800) fails ST3: the second ready fd gets a callback and "
                 "neither fd is closed by the service",
                 [](ConformanceContext& ctx) { RunSt3(ctx, ZEPHYR_V4_3); }});
    catalog.Add({"ST4_reconfigure_events_from_callback",
                 {"ST4", "SS24", "SS25"},
                 "handler 1 re-registers with POLLOUT: callback 2 has POLLOUT and no POLLIN; "
                 "2 callbacks",
                 [](ConformanceContext& ctx) { RunSt4(ctx, ZEPHYR_MAIN); }});
    catalog.Add({"ST4_reconfigure_events_from_callback_v4_3_prefix",
                 {"ST4", "SB10", "SS25"},
                 "V4_3 (before PR #115800) fails ST4: callback 2 reports the stale POLLIN "
                 "and no POLLOUT",
                 [](ConformanceContext& ctx) { RunSt4(ctx, ZEPHYR_V4_3); }});
    catalog.Add({"ST5_unregister_from_callback",
                 {"ST5", "SS13", "SS25"},
                 "handler unregisters its mock fd: never polled again, one callback",
                 [](ConformanceContext& ctx) { RunSt5(ctx, ZEPHYR_MAIN); }});
    catalog.Add({"ST5_unregister_from_callback_v4_3_prefix",
                 {"ST5", "SS23", "SS25"},
                 "V4_3 (before PR #115800) fails ST5: the unregistered fd is re-armed and "
                 "polled once more (lookup miss); still one callback",
                 [](ConformanceContext& ctx) { RunSt5(ctx, ZEPHYR_V4_3); }});
    catalog.Add({"ST6_reconfigure_from_callback",
                 {"ST6", "SS14", "SS25"},
                 "handler 1 replaces A by B/POLLOUT, handler 2 closes: A never polled again, "
                 "B only with POLLOUT and closed by the service, A left open",
                 [](ConformanceContext& ctx) { RunSt6(ctx, ZEPHYR_MAIN); }});
    catalog.Add({"ST6_reconfigure_from_callback_v4_3_prefix",
                 {"ST6", "SS23", "SS25"},
                 "V4_3 (before PR #115800) fails ST6: the replaced fd A is re-armed and "
                 "polled once more (lookup miss); B still closed, 2 callbacks",
                 [](ConformanceContext& ctx) { RunSt6(ctx, ZEPHYR_V4_3); }});
    catalog.Add({"SE1_echo_v4_2_single_slot",
                 {"SE1", "SS9", "SS15"},
                 "v3.7-v4.2 echo_service on V4_2: UDP echo; main's accept loop puts each "
                 "client in the one slot, replacing the previous (no longer echoed); on EOF "
                 "the handler sets -1, re-registers, closes",
                 [](ConformanceContext& ctx) { RunSe1(ctx); }});
    catalog.Add({"SE2_echo_main_accept_service",
                 {"SE2", "SS15", "SS19", "SS22", "SS30"},
                 "v4.3+ echo_service: accept handler fills the first free slot; reset client "
                 "freed and its slot reused; array full closes the client; order accept < "
                 "tcp < udp",
                 [](ConformanceContext& ctx) { RunSe2(ctx); }});
    catalog.Add(
        {"ST7_poll_error_recovery",
         {"ST7", "SS29"},
         "test_poll_error_recovery (fork only): with PollErrorRecovery a failed poll rebuilds "
         "and callbacks go on; upstream (default) the thread stops and register gives -EIO",
         [](ConformanceContext& ctx) {
             NodeContainer nodes = ctx.CreateNodes(2);
             std::vector<Ptr<ZephyrNode>> z;
             std::vector<int> after(2, -1);
             for (uint32_t n = 0; n < 2; ++n)
             {
                 z.push_back(ZephyrInstall(nodes.Get(n),
                                           {&st7_poll_error_service},
                                           ZEPHYR_MAIN,
                                           [n](ZephyrHelper& h) {
                                               h.SetAttribute("PollErrorRecovery",
                                                              BooleanValue(n == 1));
                                           }));
             }
             for (uint32_t n = 0; n < 2; ++n)
             {
                 Ptr<SockbenchHost> host = ctx.Host(n);
                 Ptr<ZephyrNode> zn = z[n];
                 host->Spawn("test", [&after, host, zn, n] {
                     int efd = ZephyrEventFd();
                     zsock_pollfd p[1] = {{efd, ZSOCK_POLLIN, 0}};
                     net_socket_service_register(&st7_poll_error_service, p, 1, nullptr);
                     host->Sleep(MilliSeconds(1));
                     zn->FailNextPoll();
                     host->Sleep(MilliSeconds(1));
                     ZephyrSignal(efd); // served only if the thread lives
                     host->Sleep(MilliSeconds(1));
                     after[n] = net_socket_service_unregister(&st7_poll_error_service);
                     host->Sleep(MilliSeconds(1));
                     host->Close(efd);
                 });
                 ZephyrShutdownAt(zn, MilliSeconds(10));
             }
             ctx.Run();
             ctx.CheckEqual(after[0], -EIO, "upstream: unregister after the failed poll");
             ctx.CheckEqual(after[1], 0, "fork: unregister after the failed poll");
             ctx.CheckEqual(ZephyrCallCount(), size_t{1}, "callbacks (the fork's node only)");
             uint32_t rebuilds = 0;
             for (const TraceRecord& r : ctx.Trace()->GetRecords())
             {
                 if (r.name == "rebuild" && r.node == nodes.Get(1)->GetId() &&
                     TraceValueToString(r.fields.front().value) == "poll-error")
                 {
                     ++rebuilds;
                 }
             }
             ctx.CheckEqual(rebuilds, 1u, "poll-error rebuilds on the fork's node");
             ctx.ExpectClean(ctx.Host(0));
             ctx.ExpectClean(ctx.Host(1));
         }});
}

} // namespace ns3
