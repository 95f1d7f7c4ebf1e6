/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TCP benchmark: the cost of the POSIX layer over ns-3 TCP, measured in one run.
 *
 * Two nodes on one point-to-point link (100 Mb/s, 1 ms; the device queue and ns-3's default
 * fq_codel queue disc are made large enough that nothing is dropped, which is checked). N
 * clients on node 0 each connect to an echo server on node 1, send M messages of S bytes, each
 * time waiting for the whole echo, then close; the server echoes and closes on EOF. Client i
 * starts at i * gap. The same traffic is run in up to three forms:
 *  - raw:           ns-3 TcpSocketBase sockets driven by callbacks (no sockbench at all);
 *  - posix-threads: SockbenchHost calls, one simulated thread per connection on each node
 *                   (plus an acceptor thread), blocking calls;
 *  - posix-poll:    SockbenchHost calls, one simulated thread per node running a poll() loop
 *                   over non-blocking sockets (the client loop also starts the connections on
 *                   time, with poll timeouts).
 * The posix forms use TimingProfile NS3, so ns-3's own TCP defaults apply (timers, Nagle off)
 * as in the raw form. Every form must deliver the same bytes (the echoes are checked byte by
 * byte) and complete the same connections; otherwise the program exits with status 1.
 *
 * For each N it prints wall seconds of Simulator::Run() (best of --repeat), scheduler events,
 * events per connection, the simulated end time, and the ratio posix / raw (goal: <= 1.10).
 *
 *   sockbench-inet-bench [--n=10,1000] [--messages=10] [--size=512] [--repeat=3] [--gap=10]
 *                        [--variants=raw,posix-threads,posix-poll] [--baseline=1] [--stack=0]
 *                        [--trace=/tmp/inet-bench-]
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
#include <cerrno>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <vector>

using namespace ns3;

namespace
{
using sockbench_bench::Figure;
using sockbench_bench::g_ramp;
using sockbench_bench::g_scratch;
using sockbench_bench::RunMeasured;
using sockbench_bench::Seed;
using sockbench_bench::ServerSockaddr;
using sockbench_bench::Split;
using sockbench_bench::StartOf;
using sockbench_bench::Verify;
using Params = sockbench_bench::EchoParams;
using Tally = sockbench_bench::EchoTally;
using Outcome = sockbench_bench::EchoOutcome;
using Topology = sockbench_bench::EchoTopology;

const uint32_t MAX_SIZE = 65536; //!< one message always fits ns-3's send buffer (128 KiB)

/// --trace: where the posix forms write their JSON Lines traces (empty: no trace).
std::string g_tracePrefix;
/// --stack: the hosts' StackSize attribute (0: the host's default).
uint32_t g_stackSize = 0;

// ---- raw ns-3 ------------------------------------------------------------------------------

/// The raw form: sockbench_bench::RunRawEcho (callback clients and echo server).
Outcome
RunRaw(const Params& p)
{
    return sockbench_bench::RunRawEcho(p, "raw client: ");
}

// ---- posix ---------------------------------------------------------------------------------

/// \return a listening socket on the echo port of \p p, or -1 \param host host \param type
/// socket type \param p the run (port, backlog N) \param t tally for errors
int
Listener(Ptr<SockbenchHost> host, int type, const Params& p, Tally& t)
{
    return sockbench_bench::Listener(host, type, static_cast<int>(p.n), p.port, t, "posix");
}

/// Two nodes with hosts (TimingProfile NS3, tracing off).
struct PosixSetup
{
    Topology topo;
    Ptr<SockbenchHost> client;
    Ptr<SockbenchHost> server;

    PosixSetup(const Params& p, uint64_t* drops, const std::string& form)
        : topo(drops)
    {
        SockbenchHelper sockbench;
        sockbench_bench::ConfigureEchoHosts(sockbench, p);
        if (!g_tracePrefix.empty())
        {
            sockbench.EnableJsonLines(g_tracePrefix + form + "-" + std::to_string(p.n) + ".jsonl");
        }
        if (g_stackSize != 0)
        {
            sockbench.SetHostAttribute("StackSize", UintegerValue(g_stackSize));
        }
        SockbenchHostContainer hosts = sockbench.Install(topo.nodes);
        client = hosts[0];
        server = hosts[1];
    }

    /// Count what a clean end would not leave behind.
    uint32_t HostIssues() const
    {
        return sockbench_bench::HostIssues(client) + sockbench_bench::HostIssues(server);
    }
};

/// send() all of \p len bytes. \return whether it did
bool
SendAll(Ptr<SockbenchHost> host, int fd, const uint8_t* data, uint32_t len)
{
    uint32_t done = 0;
    while (done < len)
    {
        ssize_t r = host->Send(fd, data + done, len - done, 0);
        if (r <= 0)
        {
            return false;
        }
        done += static_cast<uint32_t>(r);
    }
    return true;
}

Outcome
RunPosixThreads(const Params& p)
{
    Outcome out;
    PosixSetup s(p, &out.drops, "posix-threads");
    Tally& t = out.tally;
    Ptr<SockbenchHost> server = s.server;
    Ptr<SockbenchHost> client = s.client;
    server->Spawn("acceptor", [server, &p, &t] {
        int lfd = Listener(server, SOCK_STREAM, p, t);
        if (lfd < 0)
        {
            return;
        }
        for (uint32_t i = 0; i < p.n; ++i)
        {
            int fd = server->Accept(lfd, nullptr, nullptr);
            if (fd < 0)
            {
                t.Error("posix-threads: accept errno " + std::to_string(server->GetErrno()));
                break;
            }
            server->Spawn("echo", [server, fd, &t] {
                // Not zeroed: a 64 KiB memset per connection would be the benchmark's cost.
                std::unique_ptr<uint8_t[]> buf(new uint8_t[MAX_SIZE]);
                ssize_t n;
                while ((n = server->Recv(fd, buf.get(), MAX_SIZE, 0)) > 0)
                {
                    t.serverEchoed += static_cast<uint64_t>(n);
                    if (!SendAll(server, fd, buf.get(), static_cast<uint32_t>(n)))
                    {
                        t.Error("posix-threads: server send errno " +
                                std::to_string(server->GetErrno()));
                        break;
                    }
                }
                if (n == 0)
                {
                    ++t.serverEof;
                }
                else
                {
                    t.Error("posix-threads: server recv errno " +
                            std::to_string(server->GetErrno()));
                }
                server->Close(fd);
            });
        }
        server->Close(lfd);
    });
    struct sockaddr_in to = ServerSockaddr(s.topo.serverAddress, p.port);
    for (uint32_t i = 0; i < p.n; ++i)
    {
        client->Spawn(
            "client",
            [client, i, to, &p, &t] {
                int fd = client->Socket(AF_INET, SOCK_STREAM, 0);
                if (client->Connect(fd, reinterpret_cast<const struct sockaddr*>(&to), sizeof(to)))
                {
                    t.Error("posix-threads: connect errno " + std::to_string(client->GetErrno()));
                    client->Close(fd);
                    return;
                }
                ++t.connected;
                std::unique_ptr<uint8_t[]> buf(new uint8_t[p.size]);
                for (uint32_t m = 0; m < p.messages; ++m)
                {
                    if (!SendAll(client, fd, g_ramp.data() + Seed(i, m), p.size))
                    {
                        t.Error("posix-threads: send errno " + std::to_string(client->GetErrno()));
                        client->Close(fd);
                        return;
                    }
                    t.clientSent += p.size;
                    uint32_t got = 0;
                    while (got < p.size)
                    {
                        ssize_t n = client->Recv(fd, buf.get() + got, p.size - got, 0);
                        if (n <= 0)
                        {
                            t.Error("posix-threads: recv " + std::to_string(n) + " errno " +
                                    std::to_string(client->GetErrno()));
                            client->Close(fd);
                            return;
                        }
                        got += static_cast<uint32_t>(n);
                    }
                    t.mismatched += Verify(buf.get(), p.size, i, m, 0);
                    t.clientReceived += p.size;
                }
                client->Close(fd);
                ++t.completed;
                t.lastDone = Simulator::Now();
            },
            StartOf(p, i));
    }
    RunMeasured(out, [&] {
        out.hostIssues = s.HostIssues();
        s.topo.CountQueueDiscDrops();
    });
    return out;
}

/// A client connection of the poll loop.
struct PollConn
{
    uint32_t id{0};
    bool connecting{true};
    uint32_t msg{0};
    uint32_t got{0};
};

/// The client side of posix-poll: one thread opens the connections on time and drives them.
void
PollClient(Ptr<SockbenchHost> host, struct sockaddr_in to, const Params& p, Tally& t)
{
    std::vector<struct pollfd> fds;
    std::vector<PollConn> conns;
    fds.reserve(p.n);
    conns.reserve(p.n);
    uint32_t started = 0;
    uint32_t finished = 0;
    auto fail = [&](size_t k, const std::string& what) {
        t.Error("posix-poll client: " + what + " errno " + std::to_string(host->GetErrno()));
        host->Close(fds[k].fd);
        fds[k].fd = -1;
        ++finished;
    };
    while (finished < p.n)
    {
        Time now = Simulator::Now();
        while (started < p.n && StartOf(p, started) <= now)
        {
            int fd = host->Socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            int r = host->Connect(fd, reinterpret_cast<const struct sockaddr*>(&to), sizeof(to));
            fds.push_back({fd, POLLOUT, 0});
            conns.push_back(PollConn{started, true, 0, 0});
            ++started;
            if (r != 0 && host->GetErrno() != EINPROGRESS)
            {
                fail(fds.size() - 1, "connect");
            }
        }
        Time timeout = started < p.n ? StartOf(p, started) - now : Time::Max();
        if (host->PollFor(fds.data(), fds.size(), timeout) < 0)
        {
            t.Error("posix-poll client: poll errno " + std::to_string(host->GetErrno()));
            for (auto& f : fds)
            {
                host->Close(f.fd);
            }
            return;
        }
        for (size_t k = 0; k < fds.size(); ++k)
        {
            if (fds[k].fd < 0 || fds[k].revents == 0)
            {
                continue;
            }
            int fd = fds[k].fd;
            PollConn& c = conns[k];
            if (c.connecting)
            {
                int error = 0;
                socklen_t len = sizeof(error);
                host->GetSockOpt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
                if (error != 0)
                {
                    host->SetErrno(error);
                    fail(k, "connect (SO_ERROR)");
                    continue;
                }
                c.connecting = false;
                ++t.connected;
                if (!SendAll(host, fd, g_ramp.data() + Seed(c.id, 0), p.size))
                {
                    fail(k, "send");
                    continue;
                }
                t.clientSent += p.size;
                fds[k].events = POLLIN;
                continue;
            }
            ssize_t n = host->Recv(fd, g_scratch.data(), p.size - c.got, 0);
            if (n < 0 && host->GetErrno() == EAGAIN)
            {
                continue;
            }
            if (n <= 0)
            {
                fail(k, "recv " + std::to_string(n));
                continue;
            }
            uint32_t size = static_cast<uint32_t>(n);
            t.mismatched += Verify(g_scratch.data(), size, c.id, c.msg, c.got);
            t.clientReceived += size;
            c.got += size;
            if (c.got < p.size)
            {
                continue;
            }
            c.got = 0;
            if (++c.msg < p.messages)
            {
                if (!SendAll(host, fd, g_ramp.data() + Seed(c.id, c.msg), p.size))
                {
                    fail(k, "send");
                    continue;
                }
                t.clientSent += p.size;
                continue;
            }
            host->Close(fd);
            fds[k].fd = -1;
            ++finished;
            ++t.completed;
            t.lastDone = Simulator::Now();
        }
        // Drop finished entries (swap with the last), as an event loop would.
        for (size_t k = 0; k < fds.size();)
        {
            if (fds[k].fd < 0)
            {
                fds[k] = fds.back();
                conns[k] = conns.back();
                fds.pop_back();
                conns.pop_back();
            }
            else
            {
                ++k;
            }
        }
    }
}

/// The server side of posix-poll: one thread accepts and echoes on non-blocking sockets.
void
PollServer(Ptr<SockbenchHost> host, const Params& p, Tally& t)
{
    int lfd = Listener(host, SOCK_STREAM | SOCK_NONBLOCK, p, t);
    if (lfd < 0)
    {
        return;
    }
    std::vector<struct pollfd> fds{{lfd, POLLIN, 0}};
    std::vector<uint8_t> buf(MAX_SIZE);
    uint32_t accepted = 0;
    while (fds[0].fd >= 0 || fds.size() > 1)
    {
        if (host->Poll(fds.data(), fds.size(), -1) < 0)
        {
            t.Error("posix-poll server: poll errno " + std::to_string(host->GetErrno()));
            break;
        }
        if (fds[0].fd >= 0 && fds[0].revents != 0)
        {
            int fd;
            while ((fd = host->Accept4(lfd, nullptr, nullptr, SOCK_NONBLOCK)) >= 0)
            {
                fds.push_back({fd, POLLIN, 0});
                ++accepted;
            }
            if (host->GetErrno() != EAGAIN)
            {
                t.Error("posix-poll server: accept errno " + std::to_string(host->GetErrno()));
            }
            if (accepted == p.n)
            {
                host->Close(lfd);
                fds[0].fd = -1;
            }
        }
        for (size_t k = 1; k < fds.size(); ++k)
        {
            if (fds[k].revents == 0)
            {
                continue;
            }
            int fd = fds[k].fd;
            ssize_t n = host->Recv(fd, buf.data(), buf.size(), 0);
            if (n < 0 && host->GetErrno() == EAGAIN)
            {
                continue;
            }
            if (n > 0)
            {
                t.serverEchoed += static_cast<uint64_t>(n);
                if (host->Send(fd, buf.data(), static_cast<size_t>(n), 0) == n)
                {
                    continue; // one message always fits the send buffer
                }
                t.Error("posix-poll server: send errno " + std::to_string(host->GetErrno()));
            }
            else if (n == 0)
            {
                ++t.serverEof;
            }
            else
            {
                t.Error("posix-poll server: recv errno " + std::to_string(host->GetErrno()));
            }
            host->Close(fd);
            fds[k].fd = -1;
        }
        for (size_t k = 1; k < fds.size();)
        {
            if (fds[k].fd < 0)
            {
                fds[k] = fds.back();
                fds.pop_back();
            }
            else
            {
                ++k;
            }
        }
    }
    if (fds[0].fd >= 0)
    {
        host->Close(lfd);
    }
}

Outcome
RunPosixPoll(const Params& p)
{
    Outcome out;
    PosixSetup s(p, &out.drops, "posix-poll");
    Tally& t = out.tally;
    Ptr<SockbenchHost> server = s.server;
    Ptr<SockbenchHost> client = s.client;
    server->Spawn("echo-poll", [server, &p, &t] { PollServer(server, p, t); });
    struct sockaddr_in to = ServerSockaddr(s.topo.serverAddress, p.port);
    client->Spawn("client-poll", [client, to, &p, &t] { PollClient(client, to, p, t); });
    RunMeasured(out, [&] {
        out.hostIssues = s.HostIssues();
        s.topo.CountQueueDiscDrops();
    });
    return out;
}

// ---- driver --------------------------------------------------------------------------------

struct Variant
{
    std::string name;
    Outcome (*run)(const Params&);
};

} // namespace

int
main(int argc, char* argv[])
{
    std::string ns = "10,1000";
    std::string variantList = "raw,posix-threads,posix-poll";
    Params p;
    uint32_t repeat = 3;
    bool baseline = true;
    CommandLine cmd(__FILE__);
    cmd.AddValue("n", "connection counts, comma-separated", ns);
    cmd.AddValue("messages", "messages per connection", p.messages);
    cmd.AddValue("size", "bytes per message", p.size);
    cmd.AddValue("repeat", "runs of each form; the fastest counts", repeat);
    cmd.AddValue("gap", "microseconds between client starts", p.gapUs);
    cmd.AddValue("variants",
                 "forms to run: raw,posix-threads,posix-poll (the first is the reference of "
                 "the ratios)",
                 variantList);
    cmd.AddValue("stack", "StackSize of the simulated threads in bytes (0: default)", g_stackSize);
    cmd.AddValue("trace",
                 "debugging: the posix forms write JSON Lines traces to <trace><form>-<n>.jsonl "
                 "(the wall times then include tracing)",
                 g_tracePrefix);
    cmd.AddValue("baseline",
                 "measure the empty-event baseline first (0: skip, for profiling)",
                 baseline);
    cmd.Parse(argc, argv);
    if (p.size == 0 || p.size > MAX_SIZE || p.messages == 0 || repeat == 0)
    {
        std::cerr << "need 0 < size <= " << MAX_SIZE << ", messages > 0, repeat > 0\n";
        return 2;
    }
    sockbench_bench::InitPayload(p.size, 4 * MAX_SIZE);

    std::vector<Variant> all = {{"raw", &RunRaw},
                                {"posix-threads", &RunPosixThreads},
                                {"posix-poll", &RunPosixPoll}};
    std::vector<Variant> variants;
    for (const auto& name : Split(variantList))
    {
        auto it =
            std::find_if(all.begin(), all.end(), [&](const Variant& v) { return v.name == name; });
        if (it == all.end())
        {
            std::cerr << "unknown variant " << name << "\n";
            return 2;
        }
        variants.push_back(*it);
    }

    const uint64_t emptyEvents = baseline ? 2000000 : 0;
    Figure empty = baseline ? sockbench_bench::MeasureEmptyEvents(emptyEvents) : Figure{};

    std::cout << std::fixed;
    std::cout << "sockbench TCP echo benchmark: " << p.messages << " messages of " << p.size
              << " B per connection, p2p 100 Mb/s 1 ms, client i starts at i*" << p.gapUs
              << " us, best of " << repeat << "\n";
    if (baseline)
    {
        std::cout << "  baseline: empty event " << std::setprecision(2)
                  << empty.wallSeconds * 1e9 / static_cast<double>(emptyEvents) << " ns ("
                  << emptyEvents / empty.wallSeconds / 1e6 << " M events/s)\n";
    }

    bool ok = true;
    for (const auto& nText : Split(ns))
    {
        p.n = static_cast<uint32_t>(std::stoul(nText));
        // All of the traffic, nothing dropped, hosts clean, and the same as the reference.
        auto good = [&](const Outcome& o, const Tally& reference) {
            return sockbench_bench::DeliveredAll(o, p) && o.tally.SameTraffic(reference);
        };
        std::vector<Outcome> best(variants.size());
        std::vector<uint32_t> badRuns(variants.size(), 0);
        Tally reference;
        for (uint32_t r = 0; r < repeat; ++r)
        {
            for (size_t v = 0; v < variants.size(); ++v)
            {
                Outcome o = variants[v].run(p);
                if (r == 0 && v == 0)
                {
                    reference = o.tally;
                }
                if (!good(o, reference))
                {
                    ++badRuns[v];
                }
                if (r == 0 || o.figure.wallSeconds < best[v].figure.wallSeconds)
                {
                    best[v] = o;
                }
            }
        }
        std::cout << "\n  N = " << p.n << " connections\n";
        std::cout << "    " << std::left << std::setw(14) << "variant" << std::right
                  << std::setw(11) << "wall s" << std::setw(12) << "events" << std::setw(11)
                  << "ev/conn" << std::setw(11) << "ns/event" << std::setw(12) << "sim end s"
                  << std::setw(13) << "last done s" << std::setw(11) << "ratio"
                  << "\n";
        const Outcome& base = best[0];
        for (size_t v = 0; v < variants.size(); ++v)
        {
            const Outcome& o = best[v];
            std::cout << "    " << std::left << std::setw(14) << variants[v].name << std::right
                      << std::setprecision(4) << std::setw(11) << o.figure.wallSeconds
                      << std::setw(12) << o.figure.events << std::setprecision(1) << std::setw(11)
                      << static_cast<double>(o.figure.events) / static_cast<double>(p.n)
                      << std::setw(11)
                      << o.figure.wallSeconds * 1e9 / static_cast<double>(o.figure.events)
                      << std::setprecision(3) << std::setw(12) << o.simEnd.GetSeconds()
                      << std::setprecision(6) << std::setw(13) << o.tally.lastDone.GetSeconds()
                      << std::setprecision(3) << std::setw(10)
                      << o.figure.wallSeconds / base.figure.wallSeconds << "x\n";
        }
        // Same traffic everywhere, and all of it.
        for (size_t v = 0; v < variants.size(); ++v)
        {
            sockbench_bench::PrintDelivery(variants[v].name, 14, best[v], badRuns[v], repeat);
            ok = ok && badRuns[v] == 0;
        }
        for (size_t v = 1; v < variants.size(); ++v)
        {
            double ratio = best[v].figure.wallSeconds / base.figure.wallSeconds;
            std::cout << "    ratio " << variants[v].name << "/" << variants[0].name << " = "
                      << std::setprecision(3) << ratio << " (goal <= 1.10"
                      << (ratio <= 1.10 ? ", met" : ", NOT met") << "); events "
                      << std::setprecision(3)
                      << static_cast<double>(best[v].figure.events) /
                             static_cast<double>(base.figure.events)
                      << "x\n";
        }
    }
    if (!ok)
    {
        std::cout << "FAILED: the forms did not deliver the same traffic\n";
        return 1;
    }
    return 0;
}
