/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The baseline every sockbench benchmark prints next to its own figures: the ns-3 scheduler's
 * rate for empty events, measured in the same run.
 */

#ifndef SOCKBENCH_BENCH_BASELINE_H
#define SOCKBENCH_BENCH_BASELINE_H

#include "ns3/simulator.h"

#include <chrono>

namespace sockbench_bench
{

/// Wall time and scheduler events of one measured run.
struct Figure
{
    double wallSeconds{0}; //!< wall-clock seconds of Simulator::Run()
    uint64_t events{0};    //!< Simulator::GetEventCount() at the end
};

/// Run the simulation set up by \p setup, time it, destroy it. \return the figure
template <typename F>
Figure
Measure(F&& setup)
{
    setup();
    auto start = std::chrono::steady_clock::now();
    ns3::Simulator::Run();
    Figure f{std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
             ns3::Simulator::GetEventCount()};
    ns3::Simulator::Destroy();
    return f;
}

/// \return the time of a chain of \p n empty events, each scheduling the next 1 ns later
inline Figure
MeasureEmptyEvents(uint64_t n)
{
    static uint64_t remaining;

    struct Chain
    {
        static void Next()
        {
            if (--remaining > 0)
            {
                ns3::Simulator::Schedule(ns3::NanoSeconds(1), &Chain::Next);
            }
        }
    };

    return Measure([n] {
        remaining = n;
        ns3::Simulator::Schedule(ns3::NanoSeconds(1), &Chain::Next);
    });
}

} // namespace sockbench_bench

#endif /* SOCKBENCH_BENCH_BASELINE_H */
