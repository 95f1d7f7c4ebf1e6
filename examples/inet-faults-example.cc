/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A client and a server on two nodes joined through a router by point-to-point links
 * (client - router - server), walking through the faults an application meets, with Linux
 * semantics (spec inet-sockets.md). For each scene both sides print the calls they made and
 * what came back, with the simulated time; the whole run is one event trace.
 *
 * Scenes (--run=all runs them one after the other in one simulation):
 *  refused   connect to a port nobody listens on: ECONNREFUSED one round trip later (IN1;
 *            plain ns-3 would retry SYNs for 189 s).
 *  normal    request, shutdown(SHUT_WR), reply, EOF on both sides (IN13, IN15).
 *  reset     the server closes with the request unread: an RST; the client's recv gives
 *            ECONNRESET, its next send EPIPE and SIGPIPE (IN18-IN20).
 *  backlog   listen(fd, 1) and a server that waits 3 s before accepting: two connections
 *            wait in the accept queue, the SYNs of the other clients are dropped silently,
 *            and they complete with a SYN retransmission once accept() makes room (IN9).
 *  link      the server-side link goes down mid-connection: the client's TCP_USER_TIMEOUT
 *            (4 s) ends it with ETIMEDOUT and no RST (IN23). When the link is back, the
 *            server's next segment meets no connection and is answered with an RST, so the
 *            server sees ECONNRESET.
 *
 *   inet-faults-example [--run=all|refused|normal|reset|backlog|link] [--trace=faults.jsonl]
 *                       [--profile=LINUX|LINUX_LEGACY|NS3]
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/sockbench-module.h"

#include <arpa/inet.h>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{

/// What one side did and saw, in order.
class Journal
{
  public:
    Journal(std::string side, Ptr<SockbenchHost> host)
        : m_side(std::move(side)),
          m_host(std::move(host))
    {
    }

    /// Record a call's result (errno when it failed) and return it.
    int64_t Log(const std::string& call, int64_t ret)
    {
        std::ostringstream os;
        os << std::fixed << std::setprecision(6) << std::setw(11) << Simulator::Now().GetSeconds()
           << " s  " << m_side << ": " << call << " -> " << ret;
        if (ret < 0)
        {
            os << " " << ErrnoName(m_host->GetErrno());
        }
        m_lines.push_back(os.str());
        return ret;
    }

    /// Record a remark.
    void Say(const std::string& what)
    {
        std::ostringstream os;
        os << std::fixed << std::setprecision(6) << std::setw(11) << Simulator::Now().GetSeconds()
           << " s  " << m_side << ": " << what;
        m_lines.push_back(os.str());
    }

    const std::vector<std::string>& Lines() const
    {
        return m_lines;
    }

  private:
    std::string m_side;
    Ptr<SockbenchHost> m_host;
    std::vector<std::string> m_lines;
};

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

/// socket + SO_REUSEADDR + bind(INADDR_ANY:port) + listen.
int
Listener(Ptr<SockbenchHost> host, Journal& j, uint16_t port, int backlog)
{
    int fd = static_cast<int>(j.Log("socket", host->Socket(AF_INET, SOCK_STREAM, 0)));
    int one = 1;
    host->SetSockOpt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in any = To(Ipv4Address::GetAny(), port);
    j.Log("bind :" + std::to_string(port), host->Bind(fd, Sa(any), sizeof(any)));
    j.Log("listen backlog " + std::to_string(backlog), host->Listen(fd, backlog));
    return fd;
}

/// A scene: its name, its start time and what it sets up.
struct Scene
{
    std::string name;
    Time start;
    std::function<void(Time)> setup;
};

} // namespace

int
main(int argc, char* argv[])
{
    std::string run = "all";
    std::string tracePath;
    std::string profile = "LINUX";
    CommandLine cmd(__FILE__);
    cmd.AddValue("run", "all, refused, normal, reset, backlog or link", run);
    cmd.AddValue("trace", "write the event trace (JSON Lines) to this file", tracePath);
    cmd.AddValue("profile", "TCP timing profile: LINUX, LINUX_LEGACY or NS3", profile);
    cmd.Parse(argc, argv);

    // client (n0) -- router (n1) -- server (n2)
    NodeContainer nodes;
    nodes.Create(3);
    InternetStackHelper internet;
    internet.Install(nodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("2ms"));
    NetDeviceContainer clientLink = p2p.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer serverLink = p2p.Install(nodes.Get(1), nodes.Get(2));
    Ipv4AddressHelper ipv4;
    ipv4.SetBase("10.1.1.0", "255.255.255.0");
    ipv4.Assign(clientLink);
    ipv4.SetBase("10.1.2.0", "255.255.255.0");
    Ipv4InterfaceContainer serverIf = ipv4.Assign(serverLink);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    Ipv4Address serverIp = serverIf.GetAddress(1);

    SockbenchHelper sockbench;
    sockbench.SetHostAttribute("TimingProfile", StringValue(profile));
    SockbenchHostContainer hosts = sockbench.Install(nodes);
    if (!tracePath.empty() && !sockbench.EnableJsonLines(tracePath))
    {
        std::cerr << "cannot write " << tracePath << "\n";
        return 1;
    }
    Ptr<SockbenchHost> client = hosts[0];
    Ptr<SockbenchHost> server = hosts[2];
    SockbenchFaultHelper faults;

    std::map<std::string, std::pair<Journal, Journal>> journals;
    auto journal = [&](const std::string& scene) -> std::pair<Journal, Journal>& {
        return journals
            .emplace(scene, std::make_pair(Journal("client", client), Journal("server", server)))
            .first->second;
    };

    std::vector<Scene> scenes;

    scenes.push_back(
        {"refused", Seconds(1), [&](Time at) {
             auto& [c, s] = journal("refused");
             client->Spawn(
                 "refused-client",
                 [&] {
                     int fd =
                         static_cast<int>(c.Log("socket", client->Socket(AF_INET, SOCK_STREAM, 0)));
                     struct sockaddr_in to = To(serverIp, 7001);
                     c.Log("connect 10.1.2.2:7001", client->Connect(fd, Sa(to), sizeof(to)));
                     c.Log("close", client->Close(fd));
                 },
                 at);
             Simulator::Schedule(at, [&s] {
                 s.Say("(nobody listens on 7001: the node answers SYNs with RST|ACK)");
             });
         }});

    scenes.push_back(
        {"normal", Seconds(2), [&](Time at) {
             auto& [c, s] = journal("normal");
             server->Spawn(
                 "normal-server",
                 [&] {
                     int l = Listener(server, s, 7002, 4);
                     int a = static_cast<int>(s.Log("accept", server->Accept(l, nullptr, nullptr)));
                     char buf[64];
                     s.Log("recv (request)", server->Recv(a, buf, sizeof(buf), 0));
                     s.Log("recv (EOF)", server->Recv(a, buf, sizeof(buf), 0));
                     s.Log("send reply", server->Send(a, "pong", 4, 0));
                     s.Log("close", server->Close(a));
                     s.Log("close listener", server->Close(l));
                 },
                 at);
             client->Spawn(
                 "normal-client",
                 [&] {
                     int fd =
                         static_cast<int>(c.Log("socket", client->Socket(AF_INET, SOCK_STREAM, 0)));
                     struct sockaddr_in to = To(serverIp, 7002);
                     c.Log("connect", client->Connect(fd, Sa(to), sizeof(to)));
                     c.Log("send request", client->Send(fd, "ping", 4, 0));
                     c.Log("shutdown SHUT_WR", client->Shutdown(fd, SHUT_WR));
                     char buf[64];
                     c.Log("recv (reply)", client->Recv(fd, buf, sizeof(buf), 0));
                     c.Log("recv (EOF)", client->Recv(fd, buf, sizeof(buf), 0));
                     c.Log("close", client->Close(fd));
                 },
                 at + MilliSeconds(10));
         }});

    scenes.push_back(
        {"reset", Seconds(4), [&](Time at) {
             auto& [c, s] = journal("reset");
             server->Spawn(
                 "reset-server",
                 [&] {
                     int l = Listener(server, s, 7003, 4);
                     int a = static_cast<int>(s.Log("accept", server->Accept(l, nullptr, nullptr)));
                     server->Sleep(MilliSeconds(100)); // the request arrives, nobody reads it
                     s.Log("close with the request unread", server->Close(a));
                     s.Log("close listener", server->Close(l));
                 },
                 at);
             client->Spawn(
                 "reset-client",
                 [&] {
                     client->SetSignalHandler(client->GetCurrentThreadId(), SIGPIPE, [](int) {});
                     int fd =
                         static_cast<int>(c.Log("socket", client->Socket(AF_INET, SOCK_STREAM, 0)));
                     struct sockaddr_in to = To(serverIp, 7003);
                     c.Log("connect", client->Connect(fd, Sa(to), sizeof(to)));
                     c.Log("send request", client->Send(fd, "ping", 4, 0));
                     char buf[64];
                     c.Log("recv", client->Recv(fd, buf, sizeof(buf), 0));
                     c.Log("recv again", client->Recv(fd, buf, sizeof(buf), 0));
                     c.Log("send", client->Send(fd, "more", 4, 0));
                     c.Say("SIGPIPE raised " + std::to_string(client->GetSignalCount(SIGPIPE)) +
                           " time(s)");
                     c.Log("close", client->Close(fd));
                 },
                 at + MilliSeconds(10));
         }});

    scenes.push_back(
        {"backlog", Seconds(6), [&](Time at) {
             auto& [c, s] = journal("backlog");
             const int clients = 4;
             server->Spawn(
                 "backlog-server",
                 [&] {
                     int l = Listener(server, s, 7004, 1);
                     s.Say("busy for 3 s: nobody accepts");
                     server->Sleep(Seconds(3));
                     for (int i = 0; i < clients; ++i)
                     {
                         int a =
                             static_cast<int>(s.Log("accept", server->Accept(l, nullptr, nullptr)));
                         s.Log("close", server->Close(a));
                     }
                     s.Log("close listener", server->Close(l));
                 },
                 at);
             for (int i = 0; i < clients; ++i)
             {
                 client->Spawn(
                     "backlog-client-" + std::to_string(i),
                     [&, i] {
                         int fd = static_cast<int>(
                             c.Log("socket", client->Socket(AF_INET, SOCK_STREAM, 0)));
                         struct sockaddr_in to = To(serverIp, 7004);
                         c.Log("client " + std::to_string(i) + " connect",
                               client->Connect(fd, Sa(to), sizeof(to)));
                         char buf[8];
                         c.Log("client " + std::to_string(i) + " recv (EOF)",
                               client->Recv(fd, buf, sizeof(buf), 0));
                         c.Log("close", client->Close(fd));
                     },
                     at + MilliSeconds(10 + 100 * i)); // one at a time: each SYN meets
                                                       // the queue as the previous left it
             }
         }});

    scenes.push_back(
        {"link", Seconds(20), [&](Time at) {
             auto& [c, s] = journal("link");
             server->Spawn(
                 "link-server",
                 [&] {
                     int l = Listener(server, s, 7005, 4);
                     int a = static_cast<int>(s.Log("accept", server->Accept(l, nullptr, nullptr)));
                     char buf[64];
                     s.Log("recv", server->Recv(a, buf, sizeof(buf), 0));
                     server->Sleep(Seconds(12)); // the link fails and comes back meanwhile
                     s.Log("send (the link is back)", server->Send(a, "late", 4, 0));
                     s.Log("recv", server->Recv(a, buf, sizeof(buf), 0));
                     s.Log("close", server->Close(a));
                     s.Log("close listener", server->Close(l));
                 },
                 at);
             client->Spawn(
                 "link-client",
                 [&] {
                     int fd =
                         static_cast<int>(c.Log("socket", client->Socket(AF_INET, SOCK_STREAM, 0)));
                     int ms = 4000;
                     c.Log("setsockopt TCP_USER_TIMEOUT 4000 ms",
                           client->SetSockOpt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &ms, sizeof(ms)));
                     struct sockaddr_in to = To(serverIp, 7005);
                     c.Log("connect", client->Connect(fd, Sa(to), sizeof(to)));
                     c.Log("send", client->Send(fd, "hi", 2, 0));
                     client->Sleep(Seconds(1));
                     c.Say("(the server-side link goes down now)");
                     c.Log("send (unacknowledged)", client->Send(fd, "lost", 4, 0));
                     char buf[64];
                     c.Log("recv", client->Recv(fd, buf, sizeof(buf), 0));
                     c.Log("close", client->Close(fd));
                 },
                 at + MilliSeconds(10));
             faults.LinkDown(serverLink, at + Seconds(1) + MilliSeconds(10));
             faults.LinkUp(serverLink, at + Seconds(9));
         }});

    bool any = false;
    for (auto& scene : scenes)
    {
        if (run == "all" || run == scene.name)
        {
            scene.setup(scene.start);
            any = true;
        }
    }
    if (!any)
    {
        std::cerr << "unknown --run=" << run << "\n";
        return 1;
    }
    Simulator::Stop(Seconds(60));
    Simulator::Run();

    for (auto& scene : scenes)
    {
        auto it = journals.find(scene.name);
        if (it == journals.end())
        {
            continue;
        }
        std::cout << "== " << scene.name << " ==\n";
        // Both sides, merged in time order (stable: client first at equal times).
        std::vector<std::string> lines = it->second.first.Lines();
        const auto& server = it->second.second.Lines();
        lines.insert(lines.end(), server.begin(), server.end());
        std::stable_sort(
            lines.begin(),
            lines.end(),
            [](const std::string& a, const std::string& b) { return std::stod(a) < std::stod(b); });
        for (const auto& line : lines)
        {
            std::cout << line << "\n";
        }
    }
    uint32_t violations = client->GetViolationCount() + server->GetViolationCount();
    Simulator::Destroy();
    if (violations != 0)
    {
        std::cerr << violations << " violation(s)\n";
        return 1;
    }
    return 0;
}
