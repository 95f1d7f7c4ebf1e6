/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Foundation baseline: in one run, the ns-3 scheduler's rate for empty events and the cost
 * of one block/resume through SockbenchHost::Wait, and their ratio. Later benchmarks compare
 * against these figures.
 *
 *   sockbench-foundation-bench [--events=2000000] [--switches=1000000] [--trace=0|1]
 *
 * Wall time is measured here (and only here): benchmarks print figures; tests never time.
 */

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/sockbench-module.h"

#include <chrono>
#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{
uint64_t g_remaining = 0;

void
EmptyEvent()
{
    if (--g_remaining > 0)
    {
        Simulator::Schedule(NanoSeconds(1), &EmptyEvent);
    }
}

double
Seconds(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

struct Figure
{
    double wallSeconds;
    uint64_t events;
};

/// A chain of N empty events, each scheduling the next 1 ns later.
Figure
MeasureEmptyEvents(uint64_t n)
{
    g_remaining = n;
    Simulator::Schedule(NanoSeconds(1), &EmptyEvent);
    auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    Figure f{Seconds(std::chrono::steady_clock::now() - start), Simulator::GetEventCount()};
    Simulator::Destroy();
    return f;
}

/// Two threads take turns N times: each waits on its queue until it is its turn (a condition
/// re-checked after every wakeup, as real code does), then hands the turn over.
Figure
MeasureBlockResume(uint64_t n, bool trace, uint64_t& blocks)
{
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    sockbench.GetTrace()->SetAttribute("KeepRecords", BooleanValue(trace));
    Ptr<SockbenchHost> host = sockbench.Install(nodes).front();
    WaitQueue queues[2];
    int turn = 0;
    blocks = 0;
    for (int me = 0; me < 2; ++me)
    {
        host->Spawn(me == 0 ? "ping" : "pong", [&, me] {
            for (uint64_t i = 0; i < n / 2; ++i)
            {
                while (turn != me)
                {
                    host->Wait(queues[me]);
                    ++blocks;
                }
                turn = 1 - me;
                queues[1 - me].WakeOne();
            }
        });
    }
    auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    Figure f{Seconds(std::chrono::steady_clock::now() - start), Simulator::GetEventCount()};
    Simulator::Destroy();
    return f;
}
} // namespace

int
main(int argc, char* argv[])
{
    uint64_t events = 2000000;
    uint64_t switches = 1000000;
    CommandLine cmd(__FILE__);
    cmd.AddValue("events", "empty events to run", events);
    cmd.AddValue("switches", "block/resume operations to run", switches);
    cmd.Parse(argc, argv);

    Figure empty = MeasureEmptyEvents(events);
    uint64_t blocks = 0;
    uint64_t tracedBlocks = 0;
    Figure blockResume = MeasureBlockResume(switches, false, blocks);
    Figure traced = MeasureBlockResume(switches / 10, true, tracedBlocks);

    double emptyNs = empty.wallSeconds * 1e9 / static_cast<double>(events);
    double switchNs = blockResume.wallSeconds * 1e9 / static_cast<double>(blocks);
    double tracedNs = traced.wallSeconds * 1e9 / static_cast<double>(tracedBlocks);
    std::cout << std::fixed << std::setprecision(3);
    std::cout << "sockbench foundation benchmark\n";
    std::cout << "  empty events:        " << events << " in " << empty.wallSeconds
              << " s = " << static_cast<double>(events) / empty.wallSeconds / 1e6 << " M events/s ("
              << emptyNs << " ns/event)\n";
    std::cout << "  block/resume:        " << blocks << " in " << blockResume.wallSeconds
              << " s = " << switchNs << " ns each, "
              << static_cast<double>(blockResume.events) / static_cast<double>(blocks)
              << " scheduler events each (trace off)\n";
    std::cout << "  block/resume traced: " << tracedNs
              << " ns each (trace kept in memory: 2 records per block/resume)\n";
    std::cout << "  ratio block/resume : empty event = " << std::setprecision(2)
              << switchNs / emptyNs << " (traced " << tracedNs / emptyNs << ")\n";
    return 0;
}
