/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The TCP echo workload shared by inet-bench and zephyr-bench: N clients on node 0 of a
 * two-node point-to-point link each connect to an echo server on node 1, send M messages of
 * S bytes (waiting for the whole echo of each), then close; the server echoes and closes on
 * EOF. Here: the parameters, the tally of what was delivered, the topology, the measured run,
 * the raw ns-3 callback client and echo server (no sockbench at all), and the report line.
 * The servers on sockbench hosts stay with the benchmark that measures them.
 */

#ifndef SOCKBENCH_BENCH_ECHO_WORKLOAD_H
#define SOCKBENCH_BENCH_ECHO_WORKLOAD_H

#include "baseline.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/sockbench-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <memory>
#include <netinet/in.h>
#include <sstream>
#include <string>
#include <time.h>
#include <vector>

namespace sockbench_bench
{

// ---- small utilities -----------------------------------------------------------------------

/// \return the wall-clock seconds since \p start
inline double
WallSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// \return CPU seconds used by the process (simulated threads are fibers of the one thread);
/// printed next to wall time because it does not count time spent waiting for a CPU
inline double
CpuNow()
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// \return the non-empty items of the comma-separated \p text
inline std::vector<std::string>
Split(const std::string& text)
{
    std::vector<std::string> parts;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        if (!item.empty())
        {
            parts.push_back(item);
        }
    }
    return parts;
}

// ---- what a run is asked to do, and what it delivered --------------------------------------

/// What one echo run is asked to do.
struct EchoParams
{
    uint32_t n{10};        //!< connections
    uint32_t messages{10}; //!< messages per connection
    uint32_t size{512};    //!< bytes per message
    uint32_t gapUs{10};    //!< client i starts at i * gapUs microseconds
    uint16_t port{5000};   //!< the echo server's TCP port
};

/// What one run delivered; equal across the forms of one N.
struct EchoTally
{
    uint64_t clientSent{0};     //!< bytes the clients sent
    uint64_t clientReceived{0}; //!< echo bytes the clients received
    uint64_t serverEchoed{0};   //!< bytes the server received and sent back
    uint64_t mismatched{0};     //!< echo bytes that differ from what was sent
    uint32_t connected{0};      //!< client connections established
    uint32_t completed{0};      //!< clients that got all echoes and closed
    uint32_t serverEof{0};      //!< server connections that ended with EOF
    uint32_t errors{0};         //!< unexpected results (calls, callbacks)
    std::string firstError;     //!< the first of them
    ns3::Time lastDone;         //!< when the last client completed

    /// Count an unexpected result \p what (the first one is kept).
    void Error(const std::string& what)
    {
        if (errors++ == 0)
        {
            firstError = what;
        }
    }

    /// \return whether \p o moved the same traffic (byte and connection counts)
    bool SameTraffic(const EchoTally& o) const
    {
        return clientSent == o.clientSent && clientReceived == o.clientReceived &&
               serverEchoed == o.serverEchoed && connected == o.connected &&
               completed == o.completed && serverEof == o.serverEof;
    }
};

/// One measured echo run.
struct EchoOutcome
{
    Figure figure;          //!< wall seconds and scheduler events of Simulator::Run()
    double cpuSeconds{0};   //!< CPU time of Simulator::Run()
    ns3::Time simEnd;       //!< simulated time of the last event
    uint64_t drops{0};      //!< packets dropped by queues (expected 0)
    uint32_t hostIssues{0}; //!< host forms: threads alive or failed, fds open, violations
    uint64_t rounds{0};     //!< zephyr: service-thread rounds
    uint64_t callbacks{0};  //!< zephyr: handler calls
    EchoTally tally;        //!< delivered traffic
};

/// \return whether \p o delivered all of the traffic of \p p: no errors, every echo byte-exact,
/// every connection completed, nothing dropped, the hosts left clean
inline bool
DeliveredAll(const EchoOutcome& o, const EchoParams& p)
{
    const uint64_t expected = uint64_t{p.n} * p.messages * p.size;
    const EchoTally& t = o.tally;
    return t.errors == 0 && t.mismatched == 0 && t.completed == p.n && t.serverEof == p.n &&
           t.connected == p.n && t.clientSent == expected && t.clientReceived == expected &&
           t.serverEchoed == expected && o.drops == 0 && o.hostIssues == 0;
}

/// Print the delivery line of form \p name (padded to \p width) and, where \p badRuns of the
/// \p repeat runs failed or errors were counted, the lines that say so.
inline void
PrintDelivery(const std::string& name,
              int width,
              const EchoOutcome& o,
              uint32_t badRuns,
              uint32_t repeat)
{
    const EchoTally& t = o.tally;
    std::cout << "    " << std::left << std::setw(width) << name << std::right << "bytes sent "
              << t.clientSent << ", echoed " << t.serverEchoed << ", received " << t.clientReceived
              << " (mismatched " << t.mismatched << "); connections " << t.completed
              << " completed, " << t.serverEof << " EOFs at the server; drops " << o.drops;
    if (name != "raw")
    {
        std::cout << "; host leftovers " << o.hostIssues;
    }
    std::cout << (badRuns == 0 ? "  OK" : "  MISMATCH") << "\n";
    if (badRuns != 0)
    {
        std::cout << "      " << badRuns << " of " << repeat
                  << " runs did not deliver the expected traffic\n";
    }
    if (t.errors != 0)
    {
        std::cout << "      " << t.errors << " errors, first: " << t.firstError << "\n";
    }
}

// ---- payload -------------------------------------------------------------------------------

/// The payload source: ramp[k] = k mod 256. Message m of connection c is S bytes from
/// ramp + Seed(c, m), so an echo byte at offset o of the message must be ramp[seed + o].
inline std::vector<uint8_t> g_ramp;
/// Scratch for received data.
inline std::vector<uint8_t> g_scratch;

/// Fill the ramp for messages of \p size bytes and size the scratch to \p scratchBytes.
inline void
InitPayload(uint32_t size, size_t scratchBytes)
{
    g_ramp.resize(256 + size);
    for (size_t k = 0; k < g_ramp.size(); ++k)
    {
        g_ramp[k] = static_cast<uint8_t>(k & 0xff);
    }
    g_scratch.resize(scratchBytes);
}

/// \return the ramp offset of message \p msg of connection \p conn
inline uint32_t
Seed(uint32_t conn, uint32_t msg)
{
    return (conn * 7 + msg * 13) & 0xff;
}

/// Compare \p n received bytes at \p offset of message \p msg of \p conn. \return mismatches
inline uint64_t
Verify(const uint8_t* data, uint32_t n, uint32_t conn, uint32_t msg, uint32_t offset)
{
    const uint8_t* expected = g_ramp.data() + Seed(conn, msg) + offset;
    if (std::memcmp(data, expected, n) == 0)
    {
        return 0;
    }
    uint64_t bad = 0;
    for (uint32_t i = 0; i < n; ++i)
    {
        bad += data[i] != expected[i] ? 1 : 0;
    }
    return bad;
}

/// \return when client \p conn of \p p starts
inline ns3::Time
StartOf(const EchoParams& p, uint32_t conn)
{
    return ns3::MicroSeconds(static_cast<int64_t>(p.gapUs) * conn);
}

// ---- topology and measured run -------------------------------------------------------------

/// Two nodes, one p2p link 100 Mb/s, 1 ms; queues large enough that nothing is dropped.
struct EchoTopology
{
    ns3::NodeContainer nodes;        //!< node 0: clients, node 1: server
    ns3::NetDeviceContainer devices; //!< the link's two devices
    ns3::Ipv4Address serverAddress;  //!< node 1's address
    uint64_t* drops{nullptr};        //!< where drops are counted

    /// Trace sink: one more drop in \p drops.
    static void CountDrop(uint64_t* drops, ns3::Ptr<const ns3::Packet>)
    {
        ++*drops;
    }

    /// Build the topology; device and queue drops are counted in \p dropCounter.
    explicit EchoTopology(uint64_t* dropCounter)
        : drops(dropCounter)
    {
        using namespace ns3;
        // ns-3.37's default root queue disc (Ipv4AddressHelper installs it) is fq_codel.
        Config::SetDefault("ns3::FqCoDelQueueDisc::MaxSize", StringValue("1000000p"));
        nodes.Create(2);
        InternetStackHelper internet;
        internet.SetIpv6StackInstall(false);
        internet.Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("1000000p"));
        devices = p2p.Install(nodes);
        Ipv4AddressHelper v4;
        v4.SetBase("10.0.1.0", "255.255.255.0");
        serverAddress = v4.Assign(devices).GetAddress(1);
        Config::ConnectWithoutContextFailSafe(
            "/NodeList/*/DeviceList/*/$ns3::PointToPointNetDevice/MacTxDrop",
            MakeBoundCallback(&EchoTopology::CountDrop, drops));
        Config::ConnectWithoutContextFailSafe(
            "/NodeList/*/DeviceList/*/$ns3::PointToPointNetDevice/TxQueue/Drop",
            MakeBoundCallback(&EchoTopology::CountDrop, drops));
    }

    /// Add the drops of the root queue discs.
    void CountQueueDiscDrops() const
    {
        for (uint32_t i = 0; i < devices.GetN(); ++i)
        {
            ns3::Ptr<ns3::NetDevice> device = devices.Get(i);
            auto tc = device->GetNode()->GetObject<ns3::TrafficControlLayer>();
            ns3::Ptr<ns3::QueueDisc> qdisc = tc ? tc->GetRootQueueDiscOnDevice(device) : nullptr;
            if (qdisc)
            {
                *drops += qdisc->GetStats().nTotalDroppedPackets;
            }
        }
    }
};

/// Time Simulator::Run() (wall and CPU) into \p out, call \p check to collect what the run
/// left, then destroy the simulation.
template <typename Check>
void
RunMeasured(EchoOutcome& out, Check&& check)
{
    auto start = std::chrono::steady_clock::now();
    double cpuStart = CpuNow();
    ns3::Simulator::Run();
    out.figure.wallSeconds = WallSince(start);
    out.cpuSeconds = CpuNow() - cpuStart;
    out.figure.events = ns3::Simulator::GetEventCount();
    out.simEnd = ns3::Simulator::Now();
    check();
    ns3::Simulator::Destroy();
}

// ---- sockbench hosts -----------------------------------------------------------------------

/// Set \p sockbench up for the echo servers and clients of \p p: tracing off (records not
/// kept), TimingProfile NS3 (ns-3's own TCP defaults), room for \p p.n connections.
inline void
ConfigureEchoHosts(ns3::SockbenchHelper& sockbench, const EchoParams& p)
{
    using namespace ns3;
    sockbench.GetTrace()->SetAttribute("KeepRecords", BooleanValue(false));
    sockbench.SetHostAttribute("TimingProfile", StringValue("NS3"));
    sockbench.SetHostAttribute("OpenMax", UintegerValue(p.n + 64));
    sockbench.SetHostAttribute("Somaxconn", UintegerValue(std::max<uint32_t>(p.n, 4096)));
}

/// \return what a clean end would not leave behind on \p host: threads alive or failed,
/// descriptors open, violations
inline uint32_t
HostIssues(ns3::Ptr<ns3::SockbenchHost> host)
{
    return host->GetLiveThreadCount() + host->GetFailedThreadCount() +
           host->GetOpenDescriptorCount() + host->GetViolationCount();
}

/// \return the sockaddr_in of \p ip, \p port
inline struct sockaddr_in
ServerSockaddr(ns3::Ipv4Address ip, uint16_t port)
{
    struct sockaddr_in a;
    std::memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(ip.Get());
    return a;
}

/// \return a socket of \p type listening on \p port of any address of \p host with
/// \p backlog, or -1 after counting an error "<who>: listener errno N" in \p t
inline int
Listener(ns3::Ptr<ns3::SockbenchHost> host,
         int type,
         int backlog,
         uint16_t port,
         EchoTally& t,
         const std::string& who)
{
    int lfd = host->Socket(AF_INET, type, 0);
    struct sockaddr_in any = ServerSockaddr(ns3::Ipv4Address::GetAny(), port);
    if (lfd < 0 || host->Bind(lfd, reinterpret_cast<struct sockaddr*>(&any), sizeof(any)) != 0 ||
        host->Listen(lfd, backlog) != 0)
    {
        t.Error(who + ": listener errno " + std::to_string(host->GetErrno()));
        return -1;
    }
    return lfd;
}

// ---- raw ns-3 ------------------------------------------------------------------------------

/// One echo client written on ns-3 socket callbacks (no sockbench).
class RawEchoClient
{
  public:
    /**
     * \param id connection number (selects the payload) \param p the run \param t its tally
     * \param who prefix of the error texts, e.g. "client: "
     */
    RawEchoClient(uint32_t id, const EchoParams& p, EchoTally& t, const char* who)
        : m_id(id),
          m_p(p),
          m_t(t),
          m_who(who)
    {
    }

    /// Open a socket on \p node and connect it to \p server.
    void Start(ns3::Ptr<ns3::Node> node, ns3::Address server)
    {
        using namespace ns3;
        m_socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->SetConnectCallback(MakeCallback(&RawEchoClient::OnConnected, this),
                                     MakeCallback(&RawEchoClient::OnFailed, this));
        m_socket->SetRecvCallback(MakeCallback(&RawEchoClient::OnRecv, this));
        m_socket->SetSendCallback(MakeCallback(&RawEchoClient::OnSendSpace, this));
        m_socket->SetCloseCallbacks(MakeCallback(&RawEchoClient::OnNormalClose, this),
                                    MakeCallback(&RawEchoClient::OnErrorClose, this));
        m_socket->Connect(server);
    }

  private:
    void Error(const char* what)
    {
        m_t.Error(std::string(m_who) + what);
    }

    void OnConnected(ns3::Ptr<ns3::Socket>)
    {
        ++m_t.connected;
        SendMore();
    }

    void OnFailed(ns3::Ptr<ns3::Socket>)
    {
        Error("connect failed");
    }

    void OnNormalClose(ns3::Ptr<ns3::Socket>)
    {
        if (!m_closed)
        {
            Error("connection closed by the peer");
        }
    }

    void OnErrorClose(ns3::Ptr<ns3::Socket>)
    {
        Error("connection error");
    }

    void SendMore()
    {
        const uint8_t* data = g_ramp.data() + Seed(m_id, m_msg);
        while (m_sent < m_p.size)
        {
            uint32_t room = m_socket->GetTxAvailable();
            if (room == 0)
            {
                return; // OnSendSpace continues
            }
            uint32_t n = std::min(room, m_p.size - m_sent);
            if (m_socket->Send(ns3::Create<ns3::Packet>(data + m_sent, n)) < 0)
            {
                Error("send failed");
                return;
            }
            m_sent += n;
            m_t.clientSent += n;
        }
    }

    void OnSendSpace(ns3::Ptr<ns3::Socket>, uint32_t)
    {
        if (!m_closed && m_msg < m_p.messages && m_sent < m_p.size)
        {
            SendMore();
        }
    }

    void OnRecv(ns3::Ptr<ns3::Socket> s)
    {
        while (ns3::Ptr<ns3::Packet> packet = s->Recv())
        {
            uint32_t size = packet->GetSize();
            if (size == 0)
            {
                break; // EOF
            }
            if (m_closed || m_got + size > m_p.size)
            {
                Error("more echo than was sent");
                return;
            }
            packet->CopyData(g_scratch.data(), size);
            m_t.mismatched += Verify(g_scratch.data(), size, m_id, m_msg, m_got);
            m_t.clientReceived += size;
            m_got += size;
            if (m_got == m_p.size)
            {
                m_got = 0;
                m_sent = 0;
                if (++m_msg < m_p.messages)
                {
                    SendMore();
                }
                else
                {
                    m_closed = true;
                    m_socket->Close();
                    ++m_t.completed;
                    m_t.lastDone = ns3::Simulator::Now();
                }
            }
        }
    }

    uint32_t m_id;                  //!< connection number
    const EchoParams& m_p;          //!< the run
    EchoTally& m_t;                 //!< its tally
    const char* m_who;              //!< prefix of the error texts
    ns3::Ptr<ns3::Socket> m_socket; //!< the connection
    uint32_t m_msg{0};              //!< current message
    uint32_t m_sent{0};             //!< bytes of it sent
    uint32_t m_got{0};              //!< bytes of its echo received
    bool m_closed{false};           //!< all done, closed by us
};

/// Schedule the clients of \p p on node 0 of \p topo (client i at StartOf(p, i)), kept in
/// \p clients; \p who prefixes their error texts.
inline void
StartClients(const EchoParams& p,
             const EchoTopology& topo,
             EchoTally& t,
             std::vector<std::unique_ptr<RawEchoClient>>& clients,
             const char* who)
{
    ns3::Address to = ns3::InetSocketAddress(topo.serverAddress, p.port);
    clients.reserve(clients.size() + p.n);
    for (uint32_t i = 0; i < p.n; ++i)
    {
        clients.push_back(std::make_unique<RawEchoClient>(i, p, t, who));
        ns3::Simulator::Schedule(StartOf(p, i),
                                 &RawEchoClient::Start,
                                 clients.back().get(),
                                 topo.nodes.Get(0),
                                 to);
    }
}

/// The echo server on ns-3 socket callbacks (like ns-3's UdpEchoServer: the received packet
/// goes back as it is).
class RawEchoServer
{
  public:
    /// \param t the tally of the run
    explicit RawEchoServer(EchoTally& t)
        : m_t(t)
    {
    }

    /// Listen on \p port of \p node.
    void Start(ns3::Ptr<ns3::Node> node, uint16_t port)
    {
        using namespace ns3;
        m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&RawEchoServer::OnAccept, this));
    }

  private:
    void OnAccept(ns3::Ptr<ns3::Socket> s, const ns3::Address&)
    {
        s->SetRecvCallback(ns3::MakeCallback(&RawEchoServer::OnRecv, this));
        s->SetCloseCallbacks(ns3::MakeCallback(&RawEchoServer::OnPeerClose, this),
                             ns3::MakeCallback(&RawEchoServer::OnErrorClose, this));
    }

    void OnRecv(ns3::Ptr<ns3::Socket> s)
    {
        while (ns3::Ptr<ns3::Packet> packet = s->Recv())
        {
            uint32_t size = packet->GetSize();
            if (size == 0)
            {
                break;
            }
            m_t.serverEchoed += size;
            packet->RemoveAllPacketTags();
            packet->RemoveAllByteTags();
            if (s->GetTxAvailable() < size || s->Send(packet) < 0)
            {
                m_t.Error("raw: server send failed");
            }
        }
    }

    void OnPeerClose(ns3::Ptr<ns3::Socket> s)
    {
        ++m_t.serverEof;
        s->Close();
    }

    void OnErrorClose(ns3::Ptr<ns3::Socket>)
    {
        m_t.Error("raw: server connection error");
    }

    EchoTally& m_t;                   //!< the tally of the run
    ns3::Ptr<ns3::Socket> m_listener; //!< the listening socket
};

/// The raw form: RawEchoServer against the raw clients of \p p (error texts prefixed \p who).
/// \return the outcome
inline EchoOutcome
RunRawEcho(const EchoParams& p, const char* who)
{
    EchoOutcome out;
    EchoTopology topo(&out.drops);
    RawEchoServer server(out.tally);
    server.Start(topo.nodes.Get(1), p.port);
    std::vector<std::unique_ptr<RawEchoClient>> clients;
    StartClients(p, topo, out.tally, clients, who);
    RunMeasured(out, [&] { topo.CountQueueDiscDrops(); });
    return out;
}

} // namespace sockbench_bench

#endif /* SOCKBENCH_BENCH_ECHO_WORKLOAD_H */
