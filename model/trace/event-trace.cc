/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "event-trace.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EventTrace");
NS_OBJECT_ENSURE_REGISTERED(EventTrace);

TypeId
EventTrace::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EventTrace")
            .SetParent<Object>()
            .SetGroupName("Sockbench")
            .AddConstructor<EventTrace>()
            .AddAttribute("KeepRecords",
                          "Keep every record in memory, for matchers and GetRecords().",
                          BooleanValue(true),
                          MakeBooleanAccessor(&EventTrace::m_keepRecords),
                          MakeBooleanChecker())
            .AddTraceSource("Record",
                            "A record was appended to the event trace.",
                            MakeTraceSourceAccessor(&EventTrace::m_recordTrace),
                            "ns3::EventTrace::RecordCallback");
    return tid;
}

EventTrace::EventTrace()
    : m_keepRecords(true)
{
    NS_LOG_FUNCTION(this);
}

EventTrace::~EventTrace()
{
    CloseJsonLinesFile();
}

void
EventTrace::DoDispose()
{
    NS_LOG_FUNCTION(this);
    CloseJsonLinesFile();
    Object::DoDispose();
}

bool
EventTrace::IsEnabled() const
{
    return m_keepRecords || m_file || !m_recordTrace.IsEmpty();
}

void
EventTrace::Emit(TraceRecord record)
{
    record.seq = m_nextSeq++;
    record.timeNs = Simulator::Now().GetNanoSeconds();
    NS_LOG_LOGIC(record.ToShortString());
    if (m_file)
    {
        *m_file << record.ToJson() << '\n';
    }
    m_recordTrace(record);
    if (m_keepRecords)
    {
        m_records.push_back(std::move(record));
    }
}

const std::vector<TraceRecord>&
EventTrace::GetRecords() const
{
    return m_records;
}

uint64_t
EventTrace::GetCount() const
{
    return m_nextSeq;
}

void
EventTrace::Clear()
{
    m_records.clear();
    m_nextSeq = 0;
}

bool
EventTrace::OpenJsonLinesFile(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    CloseJsonLinesFile();
    auto file = std::make_unique<std::ofstream>(path, std::ios::out | std::ios::trunc);
    if (!file->is_open())
    {
        return false;
    }
    m_file = std::move(file);
    return true;
}

void
EventTrace::CloseJsonLinesFile()
{
    if (m_file)
    {
        m_file->flush();
        m_file.reset();
    }
}

void
EventTrace::WriteJsonLines(std::ostream& os) const
{
    for (const auto& r : m_records)
    {
        os << r.ToJson() << '\n';
    }
}

bool
ReadTraceJsonLines(const std::string& path, std::vector<TraceRecord>& records, std::string* error)
{
    std::ifstream in(path);
    if (!in.is_open())
    {
        if (error)
        {
            *error = "cannot open " + path;
        }
        return false;
    }
    records.clear();
    std::string line;
    uint64_t lineNo = 0;
    while (std::getline(in, line))
    {
        ++lineNo;
        if (line.empty())
        {
            continue;
        }
        TraceRecord r;
        std::string why;
        if (!TraceRecord::FromJson(line, r, &why))
        {
            if (error)
            {
                *error = path + ":" + std::to_string(lineNo) + ": " + why;
            }
            return false;
        }
        records.push_back(std::move(r));
    }
    return true;
}

} // namespace ns3
