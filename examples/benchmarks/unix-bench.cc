/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * AF_UNIX benchmark, compared in the same run with the foundation baseline (empty events):
 *  1. stream ping-pong between two threads over a connected pair: round trips per second and
 *     scheduler events per round trip (goal: at most 2);
 *  2. N clients (default 10,000) connecting to one listener, each sending one message that
 *     the server accepts and reads: wall time and events per client.
 *
 *   unix-bench [--roundtrips=200000] [--clients=10000] [--message=64]
 */

#include "baseline.h"

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/sockbench-module.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <sys/un.h>

using namespace ns3;

namespace
{
using sockbench_bench::Figure;
using sockbench_bench::Measure;

Ptr<SockbenchHost>
OneHost(uint32_t openMax)
{
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    sockbench.GetTrace()->SetAttribute("KeepRecords", BooleanValue(false));
    sockbench.SetHostAttribute("OpenMax", UintegerValue(openMax));
    return sockbench.Install(nodes).front();
}
} // namespace

int
main(int argc, char* argv[])
{
    uint64_t roundTrips = 200000;
    uint32_t clients = 10000;
    uint32_t message = 64;
    CommandLine cmd(__FILE__);
    cmd.AddValue("roundtrips", "ping-pong round trips", roundTrips);
    cmd.AddValue("clients", "clients connecting to one listener", clients);
    cmd.AddValue("message", "message size in bytes", message);
    cmd.Parse(argc, argv);

    const uint64_t emptyEvents = 2000000;
    Figure empty = sockbench_bench::MeasureEmptyEvents(emptyEvents);

    uint64_t completed = 0;
    Figure pingPong = Measure([&] {
        Ptr<SockbenchHost> host = OneHost(16);
        auto sv = std::make_shared<std::array<int, 2>>();
        host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv->data());
        host->Spawn("ping", [host, sv, roundTrips, message, &completed] {
            std::vector<char> buf(message, 'x');
            for (uint64_t i = 0; i < roundTrips; ++i)
            {
                host->Write((*sv)[0], buf.data(), message);
                size_t got = 0;
                while (got < message)
                {
                    got += static_cast<size_t>(host->Read((*sv)[0], buf.data(), message - got));
                }
                ++completed;
            }
            host->Close((*sv)[0]);
        });
        host->Spawn("pong", [host, sv, message] {
            std::vector<char> buf(message);
            ssize_t n;
            while ((n = host->Read((*sv)[1], buf.data(), message)) > 0)
            {
                host->Write((*sv)[1], buf.data(), static_cast<size_t>(n));
            }
            host->Close((*sv)[1]);
        });
    });

    uint32_t accepted = 0;
    Figure connects = Measure([&] {
        Ptr<SockbenchHost> host = OneHost(2 * clients + 16);
        host->Spawn("server", [host, clients, message, &accepted] {
            int lfd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            struct sockaddr_un a = {};
            a.sun_family = AF_UNIX;
            std::strcpy(a.sun_path, "/tmp/bench.sock");
            host->Bind(lfd, reinterpret_cast<struct sockaddr*>(&a), sizeof(a));
            host->Listen(lfd, 4096);
            std::vector<char> buf(message);
            for (uint32_t i = 0; i < clients; ++i)
            {
                int fd = host->Accept(lfd, nullptr, nullptr);
                host->Read(fd, buf.data(), message);
                host->Close(fd);
                ++accepted;
            }
            host->Close(lfd);
        });
        for (uint32_t i = 0; i < clients; ++i)
        {
            host->Spawn(
                "client",
                [host, message] {
                    int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
                    struct sockaddr_un a = {};
                    a.sun_family = AF_UNIX;
                    std::strcpy(a.sun_path, "/tmp/bench.sock");
                    host->Connect(fd, reinterpret_cast<struct sockaddr*>(&a), sizeof(a));
                    std::vector<char> buf(message, 'c');
                    host->Write(fd, buf.data(), message);
                    host->Close(fd);
                },
                MicroSeconds(1 + i)); // one connect per microsecond
        }
    });

    double emptyNs = empty.wallSeconds * 1e9 / static_cast<double>(emptyEvents);
    double rtNs = pingPong.wallSeconds * 1e9 / static_cast<double>(completed);
    double clientUs = connects.wallSeconds * 1e6 / static_cast<double>(accepted);
    std::cout << std::fixed << std::setprecision(2);
    std::cout << "sockbench AF_UNIX benchmark\n";
    std::cout << "  baseline: empty event " << emptyNs << " ns ("
              << emptyEvents / empty.wallSeconds / 1e6 << " M events/s)\n";
    std::cout << "  stream ping-pong, " << message << " B: " << completed << " round trips in "
              << pingPong.wallSeconds << " s = " << completed / pingPong.wallSeconds / 1e3
              << " k round trips/s (" << 2 * completed / pingPong.wallSeconds / 1e3
              << " k messages/s), " << rtNs << " ns each = " << rtNs / emptyNs << " empty events; "
              << static_cast<double>(pingPong.events) / static_cast<double>(completed)
              << " scheduler events per round trip (goal <= 2)\n";
    std::cout << "  " << accepted
              << " clients connect+write+close to one listener: " << connects.wallSeconds << " s, "
              << clientUs << " us per client = " << clientUs * 1000 / emptyNs << " empty events; "
              << static_cast<double>(connects.events) / static_cast<double>(accepted)
              << " scheduler events per client\n";
    return 0;
}
