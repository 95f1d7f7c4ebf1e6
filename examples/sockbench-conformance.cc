/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench-conformance: runs the conformance catalog (all cases or a filter), prints a table,
 * writes JUnit XML and one JSON Lines trace per case, and exits non-zero on any failure.
 *
 *   sockbench-conformance [--filter=TH3,HS] [--junit=FILE] [--trace-dir=DIR] [--list]
 */

#include "sockbench-catalog.h"

#include "ns3/command-line.h"

#include <iostream>
#include <sys/stat.h>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string filter;
    std::string junit;
    std::string traceDir;
    bool list = false;
    CommandLine cmd(__FILE__);
    cmd.Usage("Run the sockbench conformance catalog.");
    cmd.AddValue("filter", "comma-separated case-id substrings or rule IDs (empty: all)", filter);
    cmd.AddValue("junit", "write JUnit XML to this file", junit);
    cmd.AddValue("trace-dir",
                 "write one <case>.jsonl trace per case into this directory",
                 traceDir);
    cmd.AddValue("list", "list the selected cases and exit", list);
    cmd.Parse(argc, argv);

    const ConformanceCatalog& catalog = SockbenchCatalog();
    std::vector<const ConformanceCase*> cases = catalog.Select(filter);
    if (cases.empty())
    {
        std::cerr << "sockbench-conformance: no case matches '" << filter << "'\n";
        return 2;
    }
    if (list)
    {
        for (const auto* c : cases)
        {
            std::cout << c->id << "\t" << c->title << "\n";
        }
        return 0;
    }
    if (!traceDir.empty())
    {
        mkdir(traceDir.c_str(), 0755); // an existing directory is fine
        struct stat st;
        if (stat(traceDir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        {
            std::cerr << "sockbench-conformance: cannot create " << traceDir << "\n";
            return 2;
        }
    }
    std::vector<ConformanceResult> results;
    bool allPassed = true;
    for (const auto* c : cases)
    {
        results.push_back(ConformanceCatalog::Run(*c, traceDir));
        allPassed = allPassed && results.back().passed;
    }
    ConformanceCatalog::PrintTable(results, std::cout);
    if (!junit.empty() && !ConformanceCatalog::WriteJUnit(results, junit))
    {
        std::cerr << "sockbench-conformance: cannot write " << junit << "\n";
        return 2;
    }
    return allPassed ? 0 : 1;
}
