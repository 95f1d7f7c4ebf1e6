/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The event trace: records, JSON Lines, the matcher and determinism (TR rules).
 */

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/sockbench-module.h"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;
using E = TraceExpectation;

namespace
{
std::vector<TraceRecord>
SampleRecords()
{
    std::vector<TraceRecord> records;
    auto add = [&records](TraceKind kind, const std::string& name, uint32_t thread) {
        TraceRecord r;
        r.seq = records.size();
        r.timeNs = static_cast<int64_t>(records.size()) * 1000;
        r.node = 0;
        r.thread = thread;
        r.personality = "posix";
        r.object = "fd:3";
        r.kind = kind;
        r.name = name;
        records.push_back(r);
        return &records.back();
    };
    add(TraceKind::CALL, "read", 1)->Add("count", 8);
    add(TraceKind::STATE, "block", 1)->Add("timeoutNs", -1);
    add(TraceKind::CALL, "write", 2)->Add("count", 8);
    add(TraceKind::RETURN, "write", 2)->Add("ret", 8).Add("errno", "0");
    add(TraceKind::STATE, "wake", 1)->Add("result", "woken");
    add(TraceKind::RETURN, "read", 1)->Add("ret", -1).Add("errno", "EBADF");
    return records;
}

/// A small scenario with two threads, an eventfd and poll; returns its JSON Lines.
std::string
DeterminismScenario()
{
    NodeContainer nodes;
    nodes.Create(2);
    SockbenchHelper sockbench;
    SockbenchHostContainer hosts = sockbench.Install(nodes);
    for (auto host : hosts)
    {
        int fd = host->EventFd(0, 0);
        host->Spawn("consumer", [host, fd] {
            for (int i = 0; i < 3; ++i)
            {
                struct pollfd p = {fd, POLLIN, 0};
                host->Poll(&p, 1, 150);
                uint64_t v;
                host->Fcntl(fd, F_SETFL, O_NONBLOCK);
                host->Read(fd, &v, sizeof(v));
            }
            host->Close(fd);
        });
        host->Spawn(
            "producer",
            [host, fd] {
                for (int i = 0; i < 2; ++i)
                {
                    uint64_t one = 1;
                    host->Write(fd, &one, sizeof(one));
                    host->Sleep(MilliSeconds(100));
                }
            },
            MilliSeconds(50));
    }
    Simulator::Run();
    std::ostringstream os;
    sockbench.GetTrace()->WriteJsonLines(os);
    Simulator::Destroy();
    return os.str();
}
} // namespace

BOOST_AUTO_TEST_SUITE(trace)

BOOST_AUTO_TEST_CASE(TR1_json_lines_round_trip)
{
    std::vector<TraceRecord> records = SampleRecords();
    records[2].Add("text", "quote \" backslash \\ newline \n tab \t unicode é");
    records[2].Add("big", INT64_MIN);
    std::string path = "sockbench-tr1.jsonl";
    {
        std::ofstream out(path);
        for (const auto& r : records)
        {
            out << r.ToJson() << "\n";
        }
    }
    std::vector<TraceRecord> back;
    std::string error;
    BOOST_TEST_REQUIRE(ReadTraceJsonLines(path, back, &error), error);
    BOOST_TEST_REQUIRE(back.size() == records.size());
    for (size_t i = 0; i < records.size(); ++i)
    {
        BOOST_TEST(back[i].ToJson() == records[i].ToJson());
    }
    BOOST_TEST(std::get<std::string>(back[2].Find("text")->value) ==
               "quote \" backslash \\ newline \n tab \t unicode é");
    BOOST_TEST(std::get<int64_t>(back[2].Find("big")->value) == INT64_MIN);
    // The key order of a line is fixed.
    BOOST_TEST(records[0].ToJson() ==
               R"({"seq":0,"t":0,"node":0,"thread":1,"pers":"posix","obj":"fd:3",)"
               R"("kind":"call","name":"read","fields":{"count":8}})");
    std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(TR1_json_lines_errors_name_the_line)
{
    std::string path = "sockbench-tr1-bad.jsonl";
    {
        std::ofstream out(path);
        out << SampleRecords()[0].ToJson() << "\n";
        out << R"({"seq":1,"t":0,"node":0,"thread":0,"pers":"x","obj":"y","kind":"bogus",)"
               R"("name":"n","fields":{}})"
            << "\n";
    }
    std::vector<TraceRecord> back;
    std::string error;
    BOOST_TEST(!ReadTraceJsonLines(path, back, &error));
    BOOST_TEST(error.find(":2: unknown kind 'bogus'") != std::string::npos, error);
    BOOST_TEST(!ReadTraceJsonLines("/nonexistent/x.jsonl", back, &error));
    TraceRecord r;
    BOOST_TEST(!TraceRecord::FromJson("{\"seq\":", r, &error));
    BOOST_TEST(!TraceRecord::FromJson("[1,2]", r, &error));
    std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(TR2_matcher_subsequence_and_exact)
{
    auto records = SampleRecords();
    BOOST_TEST(TraceMatcher()
                   .Expect(E::Call("read").OnThread(1))
                   .Expect(E::Return("write").Field("ret", 8))
                   .Expect(E::Return("read").Field("errno", "EBADF").At(NanoSeconds(5000)))
                   .Match(records)
                   .matched);
    BOOST_TEST(TraceMatcher(TraceMatcher::EXACT)
                   .Only("thread 2", [](const TraceRecord& r) { return r.thread == 2; })
                   .Expect(E::Call("write"))
                   .Expect(E::Return("write").NoField("what"))
                   .Match(records)
                   .matched);
    // Order matters in both modes.
    BOOST_TEST(
        !TraceMatcher().Expect(E::Return("read")).Expect(E::Call("read")).Match(records).matched);
}

BOOST_AUTO_TEST_CASE(TR2_matcher_failure_shows_first_mismatch_with_context)
{
    auto records = SampleRecords();
    TraceMatchResult r = TraceMatcher()
                             .Expect(E::Call("read"))
                             .Expect(E::Return("read").Field("errno", "EAGAIN"))
                             .Match(records);
    BOOST_TEST(!r.matched);
    BOOST_TEST(r.message.find("expectation #2 [return read {errno == \"EAGAIN\"}] not found") !=
                   std::string::npos,
               r.message);
    BOOST_TEST(r.message.find("closest record #5: field errno is \"EBADF\", expected == "
                              "\"EAGAIN\"") != std::string::npos,
               r.message);
    BOOST_TEST(r.message.find(">> #5 t=5000ns n0 th1 posix fd:3 return read ret=-1") !=
                   std::string::npos,
               r.message);
    BOOST_TEST(r.message.find("#4 t=4000ns") != std::string::npos, "context before: " + r.message);

    TraceMatchResult exact = TraceMatcher(TraceMatcher::EXACT)
                                 .Expect(E::Call("read"))
                                 .Expect(E::State("block").Field("timeoutNs", 5))
                                 .Match(records);
    BOOST_TEST(!exact.matched);
    BOOST_TEST(exact.message.find("expectation #2 [state block {timeoutNs == 5}] failed at "
                                  "record #1: field timeoutNs is -1, expected == 5") !=
                   std::string::npos,
               exact.message);

    TraceMatchResult extra =
        TraceMatcher(TraceMatcher::EXACT).Expect(E::Call("read")).Match(records);
    BOOST_TEST(extra.message.find("5 more record(s) follow; first extra record #1") !=
                   std::string::npos,
               extra.message);

    TraceMatchResult missing = TraceMatcher().Expect(E::Upcall("on_data")).Match(records);
    BOOST_TEST(missing.message.find("no record with that kind and name") != std::string::npos,
               missing.message);
}

BOOST_AUTO_TEST_CASE(TR3_same_scenario_twice_in_one_process_identical_bytes)
{
    std::string first = DeterminismScenario();
    std::string second = DeterminismScenario();
    BOOST_TEST(first.size() > 1000u);
    BOOST_TEST(first == second);
}

BOOST_AUTO_TEST_CASE(TR3_scenario_dump)
{
    // Helper of the two-process test: writes the scenario's trace when asked to.
    const char* path = std::getenv("SOCKBENCH_DUMP_TRACE");
    std::string trace = DeterminismScenario();
    if (path)
    {
        std::ofstream(path) << trace;
    }
    BOOST_TEST(!trace.empty());
}

BOOST_AUTO_TEST_CASE(TR3_same_scenario_in_two_processes_identical_bytes)
{
    std::string inProcess = DeterminismScenario();
    std::string path = "sockbench-tr3-child.jsonl";
    std::remove(path.c_str());
    pid_t pid = fork();
    BOOST_TEST_REQUIRE(pid >= 0);
    if (pid == 0)
    {
        setenv("SOCKBENCH_DUMP_TRACE", path.c_str(), 1);
        execl("/proc/self/exe",
              "sockbench-test",
              "--run_test=trace/TR3_scenario_dump",
              "--log_level=nothing",
              "--report_level=no",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    BOOST_TEST_REQUIRE(WIFEXITED(status));
    BOOST_TEST_REQUIRE(WEXITSTATUS(status) == 0);
    std::ifstream in(path);
    std::stringstream child;
    child << in.rdbuf();
    BOOST_TEST(child.str() == inProcess);
    std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(TR4_trace_source_and_file_see_every_record)
{
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    Ptr<SockbenchHost> host = sockbench.Install(nodes).front();
    std::vector<uint64_t> seen;
    sockbench.GetTrace()->TraceConnectWithoutContext(
        "Record",
        Callback<void, const TraceRecord&>(
            [&seen](const TraceRecord& r) { seen.push_back(r.seq); }));
    std::string path = "sockbench-tr4.jsonl";
    BOOST_TEST_REQUIRE(sockbench.EnableJsonLines(path));
    host->Spawn("t", [host] { host->Close(host->EventFd(0, 0)); });
    Simulator::Run();
    sockbench.GetTrace()->CloseJsonLinesFile();
    std::vector<TraceRecord> fromFile;
    std::string error;
    BOOST_TEST_REQUIRE(ReadTraceJsonLines(path, fromFile, &error), error);
    const auto& kept = sockbench.GetTrace()->GetRecords();
    BOOST_TEST(kept.size() == 7u); // spawn, start, call, return, call, return, exit
    BOOST_TEST(seen.size() == kept.size());
    BOOST_TEST_REQUIRE(fromFile.size() == kept.size());
    for (size_t i = 0; i < kept.size(); ++i)
    {
        BOOST_TEST(seen[i] == i);
        BOOST_TEST(fromFile[i].ToJson() == kept[i].ToJson());
    }
    Simulator::Destroy();
    std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(TR5_no_consumer_no_records)
{
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    sockbench.GetTrace()->SetAttribute("KeepRecords", BooleanValue(false));
    Ptr<SockbenchHost> host = sockbench.Install(nodes).front();
    BOOST_TEST(!host->IsTracing());
    host->Spawn("t", [host] { host->Close(host->EventFd(0, 0)); });
    Simulator::Run();
    BOOST_TEST(sockbench.GetTrace()->GetCount() == 0u);
    BOOST_TEST(sockbench.GetTrace()->GetRecords().empty());
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()
