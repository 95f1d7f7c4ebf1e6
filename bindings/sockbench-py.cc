/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Python module "sockbench": run conformance cases and read traces from Python.
 *
 *   import sockbench
 *   results = sockbench.run_cases("TH", trace_dir="/tmp/traces")
 *   records = sockbench.read_trace(results[0]["trace_path"])
 */

#include "sockbench-catalog.h"

#include "ns3/event-trace.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace ns3;

namespace
{
py::object
ValueToPython(const TraceValue& value)
{
    if (const auto* i = std::get_if<int64_t>(&value))
    {
        return py::int_(*i);
    }
    return py::str(std::get<std::string>(value));
}

py::dict
RecordToDict(const TraceRecord& r)
{
    py::dict fields;
    for (const auto& f : r.fields)
    {
        fields[py::str(f.key)] = ValueToPython(f.value);
    }
    py::dict d;
    d["seq"] = r.seq;
    d["t"] = r.timeNs;
    d["node"] = r.node;
    d["thread"] = r.thread;
    d["pers"] = r.personality;
    d["obj"] = r.object;
    d["kind"] = TraceKindName(r.kind);
    d["name"] = r.name;
    d["fields"] = fields;
    return d;
}

py::dict
CaseDict(const std::string& id, const std::vector<std::string>& rules, const std::string& title)
{
    py::dict d;
    d["id"] = id;
    d["rules"] = rules;
    d["title"] = title;
    return d;
}

py::list
ListCases(const std::string& filter)
{
    py::list out;
    for (const auto* c : SockbenchCatalog().Select(filter))
    {
        out.append(CaseDict(c->id, c->rules, c->title));
    }
    return out;
}

py::list
RunCases(const std::string& filter, const std::string& traceDir)
{
    auto cases = SockbenchCatalog().Select(filter);
    if (cases.empty())
    {
        throw py::value_error("no conformance case matches '" + filter + "'");
    }
    py::list out;
    for (const auto* c : cases)
    {
        ConformanceResult r = ConformanceCatalog::Run(*c, traceDir);
        py::dict d = CaseDict(r.id, r.rules, r.title);
        d["passed"] = r.passed;
        d["message"] = r.message;
        d["simulated_time_ns"] = r.simulatedTime.GetNanoSeconds();
        d["records"] = r.records;
        d["trace_path"] = r.tracePath;
        out.append(d);
    }
    return out;
}

py::list
ReadTrace(const std::string& path)
{
    std::vector<TraceRecord> records;
    std::string error;
    if (!ReadTraceJsonLines(path, records, &error))
    {
        throw py::value_error(error);
    }
    py::list out;
    for (const auto& r : records)
    {
        out.append(RecordToDict(r));
    }
    return out;
}
} // namespace

PYBIND11_MODULE(sockbench, m)
{
    m.doc() = "sockbench: event-driven socket APIs on ns-3 nodes, checked deterministically";
    m.attr("__version__") = "0.1";
    m.attr("version") = "0.1";
    m.def("list_cases",
          &ListCases,
          py::arg("filter") = "",
          "Conformance cases as dicts (id, rules, title); filter as sockbench-conformance's.");
    m.def("run_cases",
          &RunCases,
          py::arg("filter") = "",
          py::arg("trace_dir") = "",
          "Run conformance cases; returns one dict per case (id, rules, title, passed, message, "
          "simulated_time_ns, records, trace_path). Raises ValueError when nothing matches.");
    m.def("read_trace",
          &ReadTrace,
          py::arg("path"),
          "Read a JSON Lines trace; returns a list of dicts (seq, t, node, thread, pers, obj, "
          "kind, name, fields). Raises ValueError naming the bad line.");
}
