/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * AF_UNIX through the plain ns-3 Socket API (UnixSocketFactory), as an ns-3 application
 * would use it: callbacks, no simulated threads.
 */

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/sockbench-module.h"

#include <boost/test/unit_test.hpp>

using namespace ns3;
using E = TraceExpectation;

namespace
{
/// A small echo server and a client on ns3::Socket callbacks; records what each side sees.
struct EchoScenario
{
    std::vector<std::string> events;
    Ptr<Socket> server;
    Ptr<Socket> client;
    std::vector<Ptr<Socket>> accepted;
};
} // namespace

BOOST_AUTO_TEST_SUITE(unix_socket_factory)

BOOST_AUTO_TEST_CASE(LS11_ns3_socket_api_echo_and_normal_close)
{
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    sockbench.Install(nodes);
    Ptr<Node> node = nodes.Get(0);
    EchoScenario s;
    auto note = [&s](const std::string& e) {
        s.events.push_back(std::to_string(Simulator::Now().GetMilliSeconds()) + "ms " + e);
    };

    s.server = Socket::CreateSocket(node, UnixSocketFactory::GetTypeId());
    BOOST_TEST_REQUIRE(s.server);
    BOOST_TEST(s.server->Bind(UnixSocketAddress("/tmp/echo.sock")) == 0);
    BOOST_TEST(s.server->Listen() == 0);
    s.server->SetAcceptCallback(
        [&](Ptr<Socket>, const Address&) {
            note("server: request");
            return true;
        },
        [&](Ptr<Socket> socket, const Address&) {
            note("server: new connection");
            s.accepted.push_back(socket);
            socket->SetRecvCallback([&](Ptr<Socket> sock) {
                Ptr<Packet> p = sock->Recv();
                note("server: recv " + std::to_string(p->GetSize()));
                if (p->GetSize() == 0)
                {
                    sock->Close(); // EOF: close our side
                    return;
                }
                sock->Send(p);
            });
        });

    Simulator::Schedule(Seconds(1), [&] {
        s.client = Socket::CreateSocket(node, UnixSocketFactory::GetTypeId());
        s.client->SetConnectCallback(
            [&](Ptr<Socket> sock) {
                note("client: connected");
                sock->Send(Create<Packet>(100));
            },
            [&](Ptr<Socket>) { note("client: connect failed"); });
        s.client->SetRecvCallback([&](Ptr<Socket> sock) {
            Ptr<Packet> p = sock->Recv();
            if (p && p->GetSize() > 0)
            {
                note("client: echo " + std::to_string(p->GetSize()));
                sock->ShutdownSend(); // half-close: the server reads EOF
            }
        });
        s.client->SetCloseCallbacks([&](Ptr<Socket>) { note("client: normal close"); },
                                    [&](Ptr<Socket>) { note("client: error close"); });
        BOOST_TEST(s.client->Connect(UnixSocketAddress("/tmp/echo.sock")) == 0);
    });
    Simulator::Run();
    std::vector<std::string> expected{"1000ms server: request",
                                      "1000ms server: new connection",
                                      "1000ms client: connected",
                                      "1000ms server: recv 100",
                                      "1000ms client: echo 100",
                                      "1000ms server: recv 0",
                                      "1000ms client: normal close"};
    BOOST_TEST(
        s.events == expected,
        "events:\n"
            << [&] {
                   std::string all;
                   for (const auto& e : s.events)
                   {
                       all += "  " + e + "\n";
                   }
                   return all;
               }());
    // The same calls appear in the trace as the host's, outside any thread.
    TraceMatchResult m = TraceMatcher()
                             .Expect(E::Return("listen").OnThread(0).Field("ret", 0))
                             .Expect(E::Return("connect").At(Seconds(1)).Field("ret", 0))
                             .Expect(E::Return("accept4").At(Seconds(1)))
                             .Expect(E::Return("shutdown").Field("ret", 0))
                             .Match(sockbench.GetTrace()->GetRecords());
    BOOST_TEST(m.matched, m.message);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_CASE(LS26_ns3_socket_api_reset_is_error_close)
{
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    sockbench.Install(nodes);
    Ptr<Node> node = nodes.Get(0);
    std::vector<std::string> events;
    Ptr<Socket> server = Socket::CreateSocket(node, UnixSocketFactory::GetTypeId());
    server->Bind(UnixSocketAddress::Abstract("reset"));
    server->Listen();
    std::vector<Ptr<Socket>> accepted;
    server->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                              [&](Ptr<Socket> socket, const Address&) {
                                  accepted.push_back(socket);
                                  socket->SetCloseCallbacks(
                                      [&](Ptr<Socket>) { events.push_back("server normal"); },
                                      [&](Ptr<Socket>) { events.push_back("server error"); });
                              });
    Ptr<Socket> client = Socket::CreateSocket(node, UnixSocketFactory::GetTypeId());
    client->SetCloseCallbacks([&](Ptr<Socket>) { events.push_back("client normal"); },
                              [&](Ptr<Socket>) { events.push_back("client error"); });
    Simulator::Schedule(Seconds(1), [&] {
        BOOST_TEST(client->Connect(UnixSocketAddress::Abstract("reset")) == 0);
    });
    Simulator::Schedule(Seconds(2), [&] {
        BOOST_TEST_REQUIRE(accepted.size() == 1u);
        accepted[0]->Send(Create<Packet>(10)); // unread by the client...
    });
    Simulator::Schedule(Seconds(3), [&] {
        client->Close(); // ...when it closes: the server's peer reset it (LS26)
    });
    Simulator::Run();
    BOOST_TEST((events == std::vector<std::string>{"server error"}));
    auto unixSocket = DynamicCast<UnixSocket>(accepted[0]);
    BOOST_TEST(accepted[0]->Recv() == nullptr); // nothing queued: the pending error is reported
    BOOST_TEST(unixSocket->GetLinuxErrno() == ECONNRESET);
    BOOST_TEST(accepted[0]->GetErrno() == Socket::ERROR_SHUTDOWN);
    Ptr<Socket> refused = Socket::CreateSocket(node, UnixSocketFactory::GetTypeId());
    BOOST_TEST(refused->Connect(UnixSocketAddress("/tmp/nobody.sock")) == -1);
    BOOST_TEST(DynamicCast<UnixSocket>(refused)->GetLinuxErrno() == ENOENT);
    BOOST_TEST(refused->GetErrno() == Socket::ERROR_NOROUTETOHOST);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()
