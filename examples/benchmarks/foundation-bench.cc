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

#include "baseline.h"

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/sockbench-module.h"

#include <chrono>
#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{
using sockbench_bench::Figure;

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
    return sockbench_bench::Measure([] {});
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

    Figure empty = sockbench_bench::MeasureEmptyEvents(events);
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
