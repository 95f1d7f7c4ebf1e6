/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A first sockbench script: two simulated threads on one node talk through an eventfd.
 * The producer writes every 100 ms; the consumer poll()s with a 250 ms timeout and reads.
 * The event trace is printed and, with --trace=FILE, written as JSON Lines.
 *
 *   sockbench-threads-example [--rounds=5] [--trace=threads.jsonl]
 */

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/sockbench-module.h"

#include <iostream>
#include <poll.h>
#include <sys/eventfd.h>

using namespace ns3;

int
main(int argc, char* argv[])
{
    uint32_t rounds = 5;
    std::string tracePath;
    CommandLine cmd(__FILE__);
    cmd.AddValue("rounds", "how many values the producer writes", rounds);
    cmd.AddValue("trace", "write the event trace to this JSON Lines file", tracePath);
    cmd.Parse(argc, argv);

    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    Ptr<SockbenchHost> host = sockbench.Install(nodes).front();
    if (!tracePath.empty() && !sockbench.EnableJsonLines(tracePath))
    {
        std::cerr << "cannot write " << tracePath << "\n";
        return 1;
    }

    int fd = host->EventFd(0, EFD_SEMAPHORE);
    host->Spawn("producer", [host, fd, rounds] {
        for (uint32_t i = 1; i <= rounds; ++i)
        {
            host->Sleep(MilliSeconds(100));
            uint64_t one = 1;
            host->Write(fd, &one, sizeof(one));
        }
    });
    host->Spawn("consumer", [host, fd] {
        for (;;)
        {
            struct pollfd p = {fd, POLLIN, 0};
            if (host->Poll(&p, 1, 250) == 0)
            {
                std::cout << Simulator::Now().As(Time::MS) << ": poll timed out, consumer ends\n";
                break;
            }
            uint64_t value = 0;
            host->Read(fd, &value, sizeof(value));
            std::cout << Simulator::Now().As(Time::MS) << ": consumer read " << value << "\n";
        }
        host->Close(fd);
    });

    Simulator::Run();
    std::cout << "\n" << sockbench.GetTrace()->GetCount() << " trace records:\n";
    for (const auto& r : sockbench.GetTrace()->GetRecords())
    {
        std::cout << "  " << r.ToShortString() << "\n";
    }
    Simulator::Destroy();
    return 0;
}
