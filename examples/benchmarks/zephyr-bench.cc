/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Zephyr socket-service benchmark (spec socket-service.md, SM4-SM6): what the service thread
 * costs, measured in one run. Two figures:
 *
 * (a) dispatch: one node, one service of N slots (N = 10, 1000, 100000: three services, one
 *     installed per run, PollMax = N + 2, OpenMax above N). N non-blocking eventfds are
 *     registered in one call during a setup phase (timed apart). Then a chain of ns-3 events,
 *     one every 1 us, writes 8 bytes to eventfd k = LCG(i) mod N; the service's handler reads
 *     it (read(2) of the node's host). Every write makes one round with one callback. Tracing
 *     is off. Printed per N: setup wall time, wall time of the event phase per dispatched
 *     callback, scheduler events, and the max/min ratio of the per-callback cost over the Ns
 *     (goal: <= 1.10, i.e. no O(N) work per event). A second series (--active, default 10)
 *     writes to only 10 of the N eventfds, spread over them: the same working set for every
 *     N, so what still grows with N there is the engine's own work, while the first series
 *     also pays the cache misses of touching N eventfds at random.
 *
 * (b) echo: the TCP echo traffic of inet-bench (N clients on node 0, each sending M messages
 *     of S bytes and waiting for each echo, over a 100 Mb/s 1 ms link; client i starts at
 *     i * gap) against two servers on node 1, with the same client code (ns-3 socket
 *     callbacks, no sockbench):
 *      - raw:    ns-3 TcpSocketBase echo driven by RecvCallback (as inet-bench's raw server);
 *      - zephyr: the echo_service sample of Zephyr >= v4.3 (spec SE2) on a SockbenchHost
 *                (TimingProfile NS3) with a ZephyrNode (Semantics MAIN): services
 *                zb_service_accept (1), zb_service_tcp (ZB_MAX_CLIENTS), all work in the
 *                handlers (accept + re-register the whole array; recvfrom + send loop; close,
 *                free the slot and re-register at EOF). Differences from the sample: the
 *                listener backlog is N (the sample's 5 would drop SYNs of this burst), and
 *                after the N-th accept the accept service is unregistered and the listener
 *                closed, after the N-th EOF the service thread is shut down, so the host ends
 *                clean (checked).
 *      - host-poll: a control: the same server work on the same kind of host, one thread in a
 *                poll() loop (inet-bench's posix-poll server). zephyr - host-poll is the cost
 *                of the service thread; host-poll - raw is the cost of the host's TCP layer.
 *     All must deliver identical byte counts, all echoes byte-exact, nothing dropped; else
 *     the program exits with status 1. Printed: wall seconds of Simulator::Run() (best of
 *     --repeat, the forms interleaved) and the ratio zephyr / raw (goal: <= 1.10), with the
 *     CPU time next to it (steadier than wall time on a busy machine).
 *
 *   sockbench-zephyr-bench [--quick=1] [--events=200000] [--slots=10,1000,100000]
 *                          [--active=0,10] [--n=10,100] [--messages=100] [--size=512]
 *                          [--gap=10] [--repeat=3] [--servers=raw,zephyr,host-poll]
 *                          [--figures=dispatch,echo] [--baseline=1]
 *
 * Wall time is measured here (benchmarks only): the model never reads the wall clock.
 */

#include "echo-workload.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/sockbench-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/eventfd.h>
#include <vector>

using namespace ns3;

namespace
{
using sockbench_bench::CpuNow;
using sockbench_bench::Figure;
using sockbench_bench::Split;
using sockbench_bench::WallSince;

// ---- (a) dispatch --------------------------------------------------------------------------

SockbenchHost* g_dispatchHost = nullptr; //!< the node's host (the handler reads through it)
uint64_t g_dispatched = 0;               //!< handler calls
uint64_t g_readErrors = 0;               //!< reads that did not return 8

void
DispatchHandler(struct net_socket_service_event* pev)
{
    uint64_t value;
    if (g_dispatchHost->Read(pev->event.fd, &value, sizeof(value)) != sizeof(value))
    {
        ++g_readErrors;
    }
    ++g_dispatched;
}

} // namespace

NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(zb_dispatch_10, DispatchHandler, 10);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(zb_dispatch_1000, DispatchHandler, 1000);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(zb_dispatch_100000, DispatchHandler, 100000);

namespace
{

/// One dispatch run.
struct DispatchOutcome
{
    uint32_t n{0};
    double setupSeconds{0}; //!< install, eventfds, register, start-up rebuild (wall)
    Figure run;             //!< the event phase
    double cpuSeconds{0};   //!< CPU time of the event phase
    uint64_t dispatched{0};
    uint64_t rounds{0};
    uint64_t errors{0};
};

/// The writer: one ns-3 event per write, 1 us apart, eventfd picked by an LCG.
struct Writer
{
    std::vector<Ptr<HostEndpoint>> endpoints;
    std::vector<int> fds;             //!< the eventfds (read back at once in the control run)
    SockbenchHost* readBack{nullptr}; //!< control run: read through this host, no service
    size_t active{0};                 //!< eventfds in use: every (size / active)-th one
    uint64_t remaining{0};
    uint64_t state{0x2545F4914F6CDD1DULL};
    uint64_t errors{0};

    void Next()
    {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t k = static_cast<size_t>((state >> 33) % active) * (endpoints.size() / active);
        uint64_t one = 1;
        if (endpoints[k]->Write(reinterpret_cast<const uint8_t*>(&one), sizeof(one)) != sizeof(one))
        {
            ++errors;
        }
        if (readBack)
        {
            // The control: what the handler's read costs the host, without the service.
            uint64_t value;
            if (readBack->Read(fds[k], &value, sizeof(value)) != sizeof(value))
            {
                ++errors;
            }
            ++g_dispatched;
        }
        if (--remaining > 0)
        {
            Simulator::Schedule(MicroSeconds(1), &Writer::Next, this);
        }
    }
};

/**
 * One dispatch run.
 * \param n eventfds (and slots) \param events writes \param active eventfds written to
 * \param control no service: the writer reads each eventfd back at once through the host
 * \return the outcome
 */
DispatchOutcome
RunDispatch(uint32_t n, uint64_t events, uint32_t active, bool control = false)
{
    const net_socket_service_desc* svc = n == 10     ? &zb_dispatch_10
                                         : n == 1000 ? &zb_dispatch_1000
                                                     : &zb_dispatch_100000;
    DispatchOutcome out;
    out.n = n;
    g_dispatched = 0;
    g_readErrors = 0;
    auto setupStart = std::chrono::steady_clock::now();
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    sockbench.GetTrace()->SetAttribute("KeepRecords", BooleanValue(false)); // tracing off
    sockbench.SetHostAttribute("OpenMax", UintegerValue(n + 64));
    Ptr<SockbenchHost> host = sockbench.Install(nodes.Get(0));
    g_dispatchHost = PeekPointer(host);
    ZephyrHelper zephyr;
    zephyr.SetAttribute("PollMax", UintegerValue(n + 2));
    zephyr.SetServices({svc});
    Ptr<ZephyrNode> z = control ? nullptr : zephyr.Install(nodes.Get(0));
    std::vector<int> fds;
    int registered = 1;
    host->Spawn("setup", [&] {
        std::vector<zsock_pollfd> p;
        p.reserve(n);
        for (uint32_t k = 0; k < n; ++k)
        {
            int fd = host->EventFd(0, EFD_NONBLOCK);
            fds.push_back(fd);
            p.push_back({fd, ZSOCK_POLLIN, 0});
        }
        registered =
            control ? 0 : net_socket_service_register(svc, p.data(), static_cast<int>(n), nullptr);
    });
    Simulator::Stop(MilliSeconds(1)); // the register's rebuild happens in this phase
    Simulator::Run();
    Writer writer;
    for (int fd : fds)
    {
        writer.endpoints.push_back(host->GetEndpoint(fd));
    }
    writer.fds = fds;
    writer.readBack = control ? PeekPointer(host) : nullptr;
    out.setupSeconds = WallSince(setupStart);
    if (registered != 0 || fds.size() != n || (z && !z->IsPolled(fds.back())))
    {
        std::cerr << "dispatch N=" << n << ": setup failed (register " << registered << ")\n";
        out.errors = 1;
        Simulator::Destroy();
        return out;
    }
    writer.remaining = events;
    writer.active = active == 0 ? n : std::min(active, n);
    uint64_t eventsBefore = Simulator::GetEventCount();
    uint64_t roundsBefore = z ? z->GetRoundCount() : 0;
    Simulator::Schedule(MicroSeconds(1), &Writer::Next, &writer);
    auto start = std::chrono::steady_clock::now();
    double cpuStart = CpuNow();
    Simulator::Run(); // ends when the chain is over and the service thread idles
    out.run.wallSeconds = WallSince(start);
    out.cpuSeconds = CpuNow() - cpuStart;
    out.run.events = Simulator::GetEventCount() - eventsBefore;
    out.dispatched = g_dispatched;
    out.rounds = z ? z->GetRoundCount() - roundsBefore : 0;
    out.errors =
        writer.errors + g_readErrors + host->GetViolationCount() + (g_dispatched == events ? 0 : 1);
    Simulator::Destroy();
    g_dispatchHost = nullptr;
    return out;
}

// ---- (b) echo ------------------------------------------------------------------------------

using sockbench_bench::HostIssues;
using sockbench_bench::RunMeasured;
using sockbench_bench::ServerSockaddr;
using sockbench_bench::StartClients;
using Params = sockbench_bench::EchoParams;
using Tally = sockbench_bench::EchoTally;
using Outcome = sockbench_bench::EchoOutcome;
using Topology = sockbench_bench::EchoTopology;
using RawClient = sockbench_bench::RawEchoClient;

const uint16_t ECHO_PORT = 4242;
const uint32_t MAX_SIZE = 1500 * 40;

/// The most clients the zephyr server takes (its TCP service's slot count).
constexpr size_t ZB_MAX_CLIENTS = 128;

/// The prefix of the error texts of the (raw ns-3) clients, the same for all servers.
const char* const CLIENT = "client: ";

/// The raw server: sockbench_bench::RunRawEcho (inet-bench's raw form).
Outcome
RunRaw(const Params& p)
{
    return sockbench_bench::RunRawEcho(p, CLIENT);
}

// The zephyr server: the SE2 sample's handlers, as file-scope functions and statics.
struct ZephyrServerState
{
    const Params* p{nullptr};
    Tally* t{nullptr};
    Ptr<ZephyrNode> z;
    int listener{-1};
    uint32_t accepted{0};
    zsock_pollfd slots[ZB_MAX_CLIENTS];
};

ZephyrServerState g_zs;

void ZbAcceptHandler(struct net_socket_service_event* pev);
void ZbTcpHandler(struct net_socket_service_event* pev);

} // namespace

NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(zb_service_accept, ZbAcceptHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(zb_service_tcp, ZbTcpHandler, ZB_MAX_CLIENTS);

namespace
{

void
ZbRegisterClients()
{
    int ret = net_socket_service_register(&zb_service_tcp, g_zs.slots, ZB_MAX_CLIENTS, nullptr);
    if (ret < 0)
    {
        g_zs.t->Error("zephyr: register " + std::to_string(ret));
    }
}

void
ZbAcceptHandler(struct net_socket_service_event* pev)
{
    int client = zsock_accept(pev->event.fd, nullptr, nullptr);
    if (client < 0)
    {
        g_zs.t->Error("zephyr: accept errno " + std::to_string(zsock_errno()));
        return;
    }
    bool added = false;
    for (auto& s : g_zs.slots)
    {
        if (s.fd == -1)
        {
            s.fd = client;
            s.events = ZSOCK_POLLIN;
            ZbRegisterClients();
            added = true;
            break;
        }
    }
    if (!added)
    {
        g_zs.t->Error("zephyr: max capacity reached");
        zsock_close(client);
    }
    if (++g_zs.accepted == g_zs.p->n)
    {
        // All clients are in: stop accepting (not in the sample, which accepts forever).
        net_socket_service_unregister(&zb_service_accept);
        zsock_close(g_zs.listener);
        g_zs.listener = -1;
    }
}

void
ZbTcpHandler(struct net_socket_service_event* pev)
{
    static uint8_t buf[1500];
    int client = pev->event.fd;
    ssize_t len = zsock_recvfrom(client, buf, sizeof(buf), 0, nullptr, nullptr);
    if (len <= 0)
    {
        if (len == 0)
        {
            ++g_zs.t->serverEof;
        }
        else
        {
            g_zs.t->Error("zephyr: recv errno " + std::to_string(zsock_errno()));
        }
        for (auto& s : g_zs.slots)
        {
            if (s.fd == client)
            {
                zsock_close(client);
                s.fd = -1;
                ZbRegisterClients();
                break;
            }
        }
        if (g_zs.t->serverEof == g_zs.p->n)
        {
            Simulator::ScheduleNow(&ZephyrNode::Shutdown, g_zs.z); // the run is over
        }
        return;
    }
    g_zs.t->serverEchoed += static_cast<uint64_t>(len);
    const uint8_t* p = buf;
    do
    {
        ssize_t out = zsock_send(client, p, static_cast<size_t>(len), 0);
        if (out < 0)
        {
            g_zs.t->Error("zephyr: send errno " + std::to_string(zsock_errno()));
            break;
        }
        p += out;
        len -= out;
    } while (len > 0);
}

/**
 * One echo run against a server on a sockbench host on node 1 (the zephyr and host-poll forms):
 * the topology, the host (sockbench_bench::ConfigureEchoHosts), the raw clients, the measured
 * run, and the host's leftovers.
 * \param p the run
 * \param serve called with node 1, its host and the outcome before the run: starts the server
 * \param collect called with the outcome after the run, before the simulation is destroyed
 * \return the outcome
 */
template <typename Serve, typename Collect>
Outcome
RunWithServerHost(const Params& p, Serve&& serve, Collect&& collect)
{
    Outcome out;
    Topology topo(&out.drops);
    SockbenchHelper sockbench;
    sockbench_bench::ConfigureEchoHosts(sockbench, p);
    Ptr<SockbenchHost> host = sockbench.Install(topo.nodes.Get(1));
    serve(topo.nodes.Get(1), host, out);
    std::vector<std::unique_ptr<RawClient>> clients;
    StartClients(p, topo, out.tally, clients, CLIENT);
    RunMeasured(out, [&] {
        out.hostIssues = HostIssues(host);
        collect(out);
        topo.CountQueueDiscDrops();
    });
    return out;
}

Outcome
RunZephyr(const Params& p)
{
    Ptr<ZephyrNode> z;
    Outcome out = RunWithServerHost(
        p,
        [&p, &z](Ptr<Node> node, Ptr<SockbenchHost> host, Outcome& o) {
            ZephyrHelper zephyr;
            zephyr.SetAttribute("Semantics", StringValue("MAIN"));
            zephyr.SetAttribute("PollMax", UintegerValue(ZB_MAX_CLIENTS + 2));
            zephyr.SetServices({&zb_service_accept, &zb_service_tcp});
            z = zephyr.Install(node);
            g_zs = ZephyrServerState{};
            g_zs.p = &p;
            g_zs.t = &o.tally;
            g_zs.z = z;
            for (auto& s : g_zs.slots)
            {
                s = {-1, 0, 0};
            }
            Tally& t = o.tally;
            host->Spawn("sys_init", [&p, &t] {
                int l = zsock_socket(AF_INET, SOCK_STREAM, 0);
                struct sockaddr_in any = ServerSockaddr(Ipv4Address::GetAny(), p.port);
                zsock_pollfd pfd = {l, ZSOCK_POLLIN, 0};
                if (l < 0 ||
                    zsock_bind(l, reinterpret_cast<struct sockaddr*>(&any), sizeof(any)) != 0 ||
                    zsock_listen(l, static_cast<int>(p.n)) != 0 ||
                    net_socket_service_register(&zb_service_accept, &pfd, 1, nullptr) != 0)
                {
                    t.Error("zephyr: listener errno " + std::to_string(zsock_errno()));
                    return;
                }
                g_zs.listener = l;
            });
        },
        [&z](Outcome& o) {
            o.rounds = z->GetRoundCount();
            o.callbacks = z->GetCallbackCount();
        });
    g_zs = ZephyrServerState{};
    return out;
}

/// The host-poll server: one thread accepts and echoes on non-blocking sockets in a poll()
/// loop, \p t counting.
void
HostPollServer(Ptr<SockbenchHost> host, const Params& p, Tally& t)
{
    int l = sockbench_bench::Listener(host,
                                      SOCK_STREAM | SOCK_NONBLOCK,
                                      static_cast<int>(p.n),
                                      p.port,
                                      t,
                                      "host-poll");
    if (l < 0)
    {
        return;
    }
    std::vector<struct pollfd> fds{{l, POLLIN, 0}};
    uint8_t buf[1500];
    uint32_t accepted = 0;
    while (fds[0].fd >= 0 || fds.size() > 1)
    {
        if (host->Poll(fds.data(), fds.size(), -1) < 0)
        {
            t.Error("host-poll: poll errno " + std::to_string(host->GetErrno()));
            break;
        }
        if (fds[0].fd >= 0 && fds[0].revents != 0)
        {
            int fd;
            while ((fd = host->Accept4(l, nullptr, nullptr, SOCK_NONBLOCK)) >= 0)
            {
                fds.push_back({fd, POLLIN, 0});
                ++accepted;
            }
            if (accepted == p.n)
            {
                host->Close(l);
                fds[0].fd = -1;
            }
        }
        for (size_t k = 1; k < fds.size(); ++k)
        {
            if (fds[k].revents == 0)
            {
                continue;
            }
            ssize_t n = host->Recv(fds[k].fd, buf, sizeof(buf), 0);
            if (n < 0 && host->GetErrno() == EAGAIN)
            {
                continue;
            }
            if (n > 0)
            {
                t.serverEchoed += static_cast<uint64_t>(n);
                if (host->Send(fds[k].fd, buf, static_cast<size_t>(n), 0) != n)
                {
                    t.Error("host-poll: send errno " + std::to_string(host->GetErrno()));
                }
                continue;
            }
            if (n == 0)
            {
                ++t.serverEof;
            }
            else
            {
                t.Error("host-poll: recv errno " + std::to_string(host->GetErrno()));
            }
            host->Close(fds[k].fd);
            fds[k] = fds.back();
            fds.pop_back();
            --k;
        }
    }
}

/// The control: the same server work on the same host, as one thread in a poll() loop (the
/// server of inet-bench's posix-poll form, with the 1500-byte buffer of the sample). What it
/// costs above raw is the host's TCP layer; what zephyr costs above it is the service thread.
Outcome
RunHostPoll(const Params& p)
{
    return RunWithServerHost(
        p,
        [&p](Ptr<Node>, Ptr<SockbenchHost> host, Outcome& o) {
            Tally& t = o.tally;
            host->Spawn("echo-poll", [host, &p, &t] { HostPollServer(host, p, t); });
        },
        [](Outcome&) {});
}

/// A server form of the echo figure.
struct Server
{
    std::string name;
    Outcome (*run)(const Params&);
};

} // namespace

int
main(int argc, char* argv[])
{
    bool quick = false;
    uint64_t events = 0;
    std::string activeList = "0,10";
    std::string slotList = "10,1000,100000";
    std::string ns = "10,100";
    std::string figures = "dispatch,echo";
    std::string serverList = "raw,zephyr,host-poll";
    Params p;
    p.port = ECHO_PORT;
    p.messages = 0; // 0: 100, --quick 10
    uint32_t repeat = 0;
    bool baseline = true;
    CommandLine cmd(__FILE__);
    cmd.AddValue("quick", "CI size: 20000 dispatch events, one repetition", quick);
    cmd.AddValue("events", "dispatch: events per N (default 200000, --quick 20000)", events);
    cmd.AddValue("active",
                 "dispatch: runs writing to only this many of the N eventfds, spread out over "
                 "them, comma-separated (0: all N; a fixed count keeps the working set the "
                 "same for every N, which separates the engine's cost from cache misses)",
                 activeList);
    cmd.AddValue("slots", "dispatch: slot counts N (10, 1000, 100000)", slotList);
    cmd.AddValue("n", "echo: client counts, comma-separated (at most 128)", ns);
    cmd.AddValue("messages", "echo: messages per connection (default 100, --quick 10)", p.messages);
    cmd.AddValue("size", "echo: bytes per message (at most 1500: the sample's buffer)", p.size);
    cmd.AddValue("gap", "echo: microseconds between client starts", p.gapUs);
    cmd.AddValue("repeat",
                 "runs of each measurement; the fastest counts (default 3, quick 1)",
                 repeat);
    cmd.AddValue("figures", "dispatch,echo", figures);
    cmd.AddValue("servers",
                 "echo: server forms, the first is the reference: raw,zephyr,host-poll",
                 serverList);
    cmd.AddValue("baseline", "measure the empty-event baseline first (0: skip)", baseline);
    cmd.Parse(argc, argv);
    if (events == 0)
    {
        events = quick ? 20000 : 200000;
    }
    if (repeat == 0)
    {
        repeat = quick ? 1 : 3;
    }
    if (p.messages == 0)
    {
        p.messages = quick ? 10 : 100;
    }
    if (p.size == 0 || p.size > 1500 || p.messages == 0)
    {
        std::cerr << "need 0 < size <= 1500, messages > 0\n";
        return 2;
    }
    sockbench_bench::InitPayload(p.size, MAX_SIZE);
    std::vector<Server> servers;
    for (const auto& name : Split(serverList))
    {
        if (name == "raw" || name == "zephyr" || name == "host-poll")
        {
            servers.push_back({name,
                               name == "raw"      ? &RunRaw
                               : name == "zephyr" ? &RunZephyr
                                                  : &RunHostPoll});
        }
        else
        {
            std::cerr << "unknown server " << name << "\n";
            return 2;
        }
    }
    if (servers.empty())
    {
        std::cerr << "no servers\n";
        return 2;
    }
    bool doDispatch = figures.find("dispatch") != std::string::npos;
    bool doEcho = figures.find("echo") != std::string::npos;

    std::cout << std::fixed;
    std::cout << "sockbench Zephyr socket-service benchmark" << (quick ? " (quick)" : "")
              << ", best of " << repeat << "\n";
    if (baseline)
    {
        const uint64_t emptyEvents = 2000000;
        Figure empty = sockbench_bench::MeasureEmptyEvents(emptyEvents);
        std::cout << "  baseline: empty event " << std::setprecision(2)
                  << empty.wallSeconds * 1e9 / static_cast<double>(emptyEvents) << " ns ("
                  << emptyEvents / empty.wallSeconds / 1e6 << " M events/s)\n";
    }

    bool ok = true;
    if (doDispatch)
    {
        std::cout << "\n  (a) dispatch: one service of N eventfds, " << events
                  << " writes 1 us apart to eventfd LCG(i) mod N (\"all\"), or to one of A "
                     "eventfds spread over the N (\"A\": the same working set for every N); "
                     "one read per callback. \"host ns\": the same writes, each read back "
                     "at once by the writer, no service (the host's own cost of touching the "
                     "eventfds); \"service ns\": ns/callback minus that, the socket service's "
                     "share\n";
        std::cout << "    " << std::right << std::setw(8) << "N" << std::setw(8) << "active"
                  << std::setw(11) << "setup s" << std::setw(11) << "run s" << std::setw(12)
                  << "callbacks" << std::setw(11) << "rounds" << std::setw(12) << "sched ev"
                  << std::setw(13) << "ns/callback" << std::setw(11) << "ns/event" << std::setw(12)
                  << "cpu ns/cb" << std::setw(10) << "host ns" << std::setw(12) << "service ns"
                  << "\n";
        for (const auto& activeText : Split(activeList))
        {
            uint32_t active = static_cast<uint32_t>(std::stoul(activeText));
            double lo = 0;
            double hi = 0;
            double cpuLo = 0;
            double cpuHi = 0;
            double svcLo = 0;
            double svcHi = 0;
            for (const auto& text : Split(slotList))
            {
                uint32_t n = static_cast<uint32_t>(std::stoul(text));
                if (n != 10 && n != 1000 && n != 100000)
                {
                    std::cerr << "slots: only 10, 1000 and 100000 are defined\n";
                    return 2;
                }
                DispatchOutcome best;
                double bestCpu = 0;
                uint64_t errors = 0;
                for (uint32_t r = 0; r < repeat; ++r)
                {
                    DispatchOutcome o = RunDispatch(n, events, active);
                    errors += o.errors;
                    if (r == 0 || o.run.wallSeconds < best.run.wallSeconds)
                    {
                        best = o;
                    }
                    bestCpu = r == 0 ? o.cpuSeconds : std::min(bestCpu, o.cpuSeconds);
                }
                DispatchOutcome control;
                for (uint32_t r = 0; r < repeat; ++r)
                {
                    DispatchOutcome o = RunDispatch(n, events, active, true);
                    errors += o.errors;
                    if (r == 0 || o.run.wallSeconds < control.run.wallSeconds)
                    {
                        control = o;
                    }
                }
                const double hostPerEvent =
                    control.run.wallSeconds * 1e9 /
                    static_cast<double>(std::max<uint64_t>(1, control.dispatched));
                const double calls = static_cast<double>(std::max<uint64_t>(1, best.dispatched));
                double perCallback = best.run.wallSeconds * 1e9 / calls;
                double cpuPerCallback = bestCpu * 1e9 / calls;
                lo = lo == 0 ? perCallback : std::min(lo, perCallback);
                hi = std::max(hi, perCallback);
                cpuLo = cpuLo == 0 ? cpuPerCallback : std::min(cpuLo, cpuPerCallback);
                cpuHi = std::max(cpuHi, cpuPerCallback);
                std::cout << "    " << std::setw(8) << n << std::setw(8)
                          << (active == 0 || active >= n ? std::string("all")
                                                         : std::to_string(active))
                          << std::setprecision(4) << std::setw(11) << best.setupSeconds
                          << std::setw(11) << best.run.wallSeconds << std::setw(12)
                          << best.dispatched << std::setw(11) << best.rounds << std::setw(12)
                          << best.run.events << std::setprecision(1) << std::setw(13) << perCallback
                          << std::setw(11)
                          << best.run.wallSeconds * 1e9 / static_cast<double>(best.run.events)
                          << std::setw(12) << cpuPerCallback << std::setw(10) << hostPerEvent
                          << std::setw(12) << perCallback - hostPerEvent
                          << (errors == 0 ? "" : "  ERRORS") << "\n";
                ok = ok && errors == 0;
                double svc = perCallback - hostPerEvent;
                svcLo = svcLo == 0 ? svc : std::min(svcLo, svc);
                svcHi = std::max(svcHi, svc);
            }
            if (lo > 0)
            {
                std::cout << "    max/min service ns per callback = " << std::setprecision(3)
                          << (svcLo > 0 ? svcHi / svcLo : 0.0) << " (goal <= 1.10"
                          << (svcLo > 0 && svcHi / svcLo <= 1.10 ? ", met" : ", NOT met") << ")\n";
                double ratio = hi / lo;
                std::cout << "    max/min ns per callback, "
                          << (active == 0 ? std::string("all active")
                                          : std::to_string(active) + " active")
                          << " = " << std::setprecision(3) << ratio << " (goal <= 1.10"
                          << (ratio <= 1.10 ? ", met" : ", NOT met") << "); CPU time "
                          << cpuHi / cpuLo << "\n";
            }
        }
    }

    if (doEcho)
    {
        std::cout << "\n  (b) echo: " << p.messages << " messages of " << p.size
                  << " B per connection, p2p 100 Mb/s 1 ms, client i starts at i*" << p.gapUs
                  << " us; the same ns-3 callback clients against each server\n";
        for (const auto& text : Split(ns))
        {
            p.n = static_cast<uint32_t>(std::stoul(text));
            if (p.n == 0 || p.n > ZB_MAX_CLIENTS)
            {
                std::cerr << "n: 1.." << ZB_MAX_CLIENTS << "\n";
                return 2;
            }
            std::vector<Outcome> best(servers.size());
            std::vector<double> cpu(servers.size(), 0);
            std::vector<uint32_t> bad(servers.size(), 0);
            for (uint32_t r = 0; r < repeat; ++r)
            {
                // Interleaved, so that a slow spell of the machine hits every form alike.
                for (size_t v = 0; v < servers.size(); ++v)
                {
                    Outcome o = servers[v].run(p);
                    bad[v] += sockbench_bench::DeliveredAll(o, p) &&
                                      (v == 0 || o.tally.SameTraffic(best[0].tally))
                                  ? 0
                                  : 1;
                    if (r == 0 || o.figure.wallSeconds < best[v].figure.wallSeconds)
                    {
                        best[v] = o;
                    }
                    cpu[v] = r == 0 ? o.cpuSeconds : std::min(cpu[v], o.cpuSeconds);
                }
            }
            const Outcome& raw = best[0];
            std::cout << "\n    N = " << p.n << " connections\n";
            std::cout << "    " << std::left << std::setw(11) << "server" << std::right
                      << std::setw(11) << "wall s" << std::setw(12) << "events" << std::setw(11)
                      << "ns/event" << std::setw(12) << "sim end s" << std::setw(13)
                      << "last done s" << std::setw(10) << "rounds" << std::setw(11) << "callbacks"
                      << std::setw(10) << "ratio" << std::setw(10) << "cpu s" << std::setw(11)
                      << "cpu ratio"
                      << "\n";
            for (size_t v = 0; v < servers.size(); ++v)
            {
                const Outcome& o = best[v];
                bool zephyr = servers[v].name == "zephyr";
                std::cout << "    " << std::left << std::setw(11) << servers[v].name << std::right
                          << std::setprecision(4) << std::setw(11) << o.figure.wallSeconds
                          << std::setw(12) << o.figure.events << std::setprecision(1)
                          << std::setw(11)
                          << o.figure.wallSeconds * 1e9 / static_cast<double>(o.figure.events)
                          << std::setprecision(3) << std::setw(12) << o.simEnd.GetSeconds()
                          << std::setprecision(6) << std::setw(13) << o.tally.lastDone.GetSeconds()
                          << std::setw(10) << (zephyr ? std::to_string(o.rounds) : std::string("-"))
                          << std::setw(11)
                          << (zephyr ? std::to_string(o.callbacks) : std::string("-"))
                          << std::setprecision(3) << std::setw(9)
                          << o.figure.wallSeconds / raw.figure.wallSeconds << "x"
                          << std::setprecision(4) << std::setw(10) << cpu[v] << std::setprecision(3)
                          << std::setw(10) << cpu[v] / cpu[0] << "x\n";
            }
            for (size_t v = 0; v < servers.size(); ++v)
            {
                sockbench_bench::PrintDelivery(servers[v].name, 11, best[v], bad[v], repeat);
                ok = ok && bad[v] == 0;
            }
            for (size_t v = 1; v < servers.size(); ++v)
            {
                double ratio = best[v].figure.wallSeconds / raw.figure.wallSeconds;
                std::cout << "    ratio " << servers[v].name << "/raw = " << std::setprecision(3)
                          << ratio;
                if (servers[v].name == "zephyr")
                {
                    std::cout << " (goal <= 1.10" << (ratio <= 1.10 ? ", met" : ", NOT met") << ")";
                }
                std::cout << "; CPU time " << cpu[v] / cpu[0] << "\n";
            }
        }
    }
    if (!ok)
    {
        std::cout << "FAILED: errors, or the servers did not deliver the same traffic\n";
        return 1;
    }
    return 0;
}
