/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "trace-matcher.h"

#include <sstream>

namespace ns3
{

namespace
{
std::string
Quote(const TraceValue& v)
{
    if (std::holds_alternative<std::string>(v))
    {
        return "\"" + std::get<std::string>(v) + "\"";
    }
    return std::to_string(std::get<int64_t>(v));
}
} // namespace

TraceExpectation::TraceExpectation(TraceKind kind, const std::string& name)
    : m_kind(kind),
      m_name(name)
{
}

TraceExpectation
TraceExpectation::Call(const std::string& name)
{
    return TraceExpectation(TraceKind::CALL, name);
}

TraceExpectation
TraceExpectation::Return(const std::string& name)
{
    return TraceExpectation(TraceKind::RETURN, name);
}

TraceExpectation
TraceExpectation::Upcall(const std::string& name)
{
    return TraceExpectation(TraceKind::UPCALL, name);
}

TraceExpectation
TraceExpectation::State(const std::string& name)
{
    return TraceExpectation(TraceKind::STATE, name);
}

TraceExpectation
TraceExpectation::Violation(const std::string& name)
{
    return TraceExpectation(TraceKind::VIOLATION, name);
}

TraceExpectation
TraceExpectation::Note(const std::string& name)
{
    return TraceExpectation(TraceKind::NOTE, name);
}

TraceExpectation&
TraceExpectation::OnNode(int64_t node)
{
    m_node = node;
    return *this;
}

TraceExpectation&
TraceExpectation::OnThread(uint32_t thread)
{
    m_thread = thread;
    return *this;
}

TraceExpectation&
TraceExpectation::OnObject(const std::string& object)
{
    m_object = object;
    return *this;
}

TraceExpectation&
TraceExpectation::OfPersonality(const std::string& personality)
{
    m_personality = personality;
    return *this;
}

TraceExpectation&
TraceExpectation::At(Time time)
{
    m_timeNs = time.GetNanoSeconds();
    return *this;
}

TraceExpectation&
TraceExpectation::FieldInteger(const std::string& key, int64_t value)
{
    return FieldWhere(key, "== " + std::to_string(value), [value](const TraceValue* v) {
        return v && std::holds_alternative<int64_t>(*v) && std::get<int64_t>(*v) == value;
    });
}

TraceExpectation&
TraceExpectation::Field(const std::string& key, const std::string& value)
{
    return FieldWhere(key, "== \"" + value + "\"", [value](const TraceValue* v) {
        return v && std::holds_alternative<std::string>(*v) && std::get<std::string>(*v) == value;
    });
}

TraceExpectation&
TraceExpectation::Field(const std::string& key, const char* value)
{
    return Field(key, std::string(value));
}

TraceExpectation&
TraceExpectation::NoField(const std::string& key)
{
    return FieldWhere(key, "absent", [](const TraceValue* v) { return v == nullptr; });
}

TraceExpectation&
TraceExpectation::FieldWhere(const std::string& key,
                             const std::string& description,
                             std::function<bool(const TraceValue*)> accept)
{
    m_fields.push_back(FieldCheck{key, description, std::move(accept)});
    return *this;
}

bool
TraceExpectation::SameKindAndName(const TraceRecord& record) const
{
    return (!m_kind || *m_kind == record.kind) && (!m_name || *m_name == record.name);
}

bool
TraceExpectation::Matches(const TraceRecord& record, std::string* why) const
{
    auto differ = [why](const std::string& what) {
        if (why)
        {
            *why = what;
        }
        return false;
    };
    if (m_kind && *m_kind != record.kind)
    {
        return differ(std::string("kind is ") + TraceKindName(record.kind) + ", expected " +
                      TraceKindName(*m_kind));
    }
    if (m_name && *m_name != record.name)
    {
        return differ("name is \"" + record.name + "\", expected \"" + *m_name + "\"");
    }
    if (m_node && *m_node != record.node)
    {
        return differ("node is " + std::to_string(record.node) + ", expected " +
                      std::to_string(*m_node));
    }
    if (m_thread && *m_thread != record.thread)
    {
        return differ("thread is " + std::to_string(record.thread) + ", expected " +
                      std::to_string(*m_thread));
    }
    if (m_object && *m_object != record.object)
    {
        return differ("object is \"" + record.object + "\", expected \"" + *m_object + "\"");
    }
    if (m_personality && *m_personality != record.personality)
    {
        return differ("personality is \"" + record.personality + "\", expected \"" +
                      *m_personality + "\"");
    }
    if (m_timeNs && *m_timeNs != record.timeNs)
    {
        return differ("time is " + std::to_string(record.timeNs) + "ns, expected " +
                      std::to_string(*m_timeNs) + "ns");
    }
    for (const auto& check : m_fields)
    {
        const TraceField* f = record.Find(check.key);
        if (!check.accept(f ? &f->value : nullptr))
        {
            return differ("field " + check.key + " is " + (f ? Quote(f->value) : "absent") +
                          ", expected " + check.description);
        }
    }
    return true;
}

std::string
TraceExpectation::ToString() const
{
    std::ostringstream os;
    os << (m_kind ? TraceKindName(*m_kind) : "any") << " " << (m_name ? *m_name : "*");
    if (m_node)
    {
        os << " node=" << *m_node;
    }
    if (m_thread)
    {
        os << " thread=" << *m_thread;
    }
    if (m_object)
    {
        os << " obj=" << *m_object;
    }
    if (m_personality)
    {
        os << " pers=" << *m_personality;
    }
    if (m_timeNs)
    {
        os << " t=" << *m_timeNs << "ns";
    }
    if (!m_fields.empty())
    {
        os << " {";
        for (size_t i = 0; i < m_fields.size(); ++i)
        {
            os << (i ? ", " : "") << m_fields[i].key << " " << m_fields[i].description;
        }
        os << "}";
    }
    return os.str();
}

TraceMatcher::TraceMatcher(Mode mode)
    : m_mode(mode)
{
}

TraceMatcher&
TraceMatcher::Expect(const TraceExpectation& expectation)
{
    m_expectations.push_back(expectation);
    return *this;
}

TraceMatcher&
TraceMatcher::Only(const std::string& description, std::function<bool(const TraceRecord&)> filter)
{
    m_filterDescription = description;
    m_filter = std::move(filter);
    return *this;
}

TraceMatcher&
TraceMatcher::SetContext(uint32_t records)
{
    m_context = records;
    return *this;
}

std::string
TraceMatcher::Context(const std::vector<const TraceRecord*>& records, size_t center) const
{
    std::ostringstream os;
    size_t first = center > m_context ? center - m_context : 0;
    size_t last = std::min(records.size(), center + m_context + 1);
    for (size_t i = first; i < last; ++i)
    {
        os << (i == center ? "  >> " : "     ") << records[i]->ToShortString() << "\n";
    }
    if (center >= records.size())
    {
        os << "  >> (end of trace)\n";
    }
    return os.str();
}

TraceMatchResult
TraceMatcher::Match(const std::vector<TraceRecord>& all) const
{
    std::vector<const TraceRecord*> records;
    records.reserve(all.size());
    for (const auto& r : all)
    {
        if (!m_filter || m_filter(r))
        {
            records.push_back(&r);
        }
    }
    std::string scope = m_filterDescription.empty() ? std::to_string(records.size()) + " records"
                                                    : std::to_string(records.size()) +
                                                          " records (" + m_filterDescription + ")";

    TraceMatchResult result;
    std::ostringstream msg;
    size_t pos = 0;
    for (size_t e = 0; e < m_expectations.size(); ++e)
    {
        const TraceExpectation& exp = m_expectations[e];
        if (m_mode == EXACT)
        {
            std::string why;
            if (pos >= records.size())
            {
                msg << "expectation #" << e + 1 << " [" << exp.ToString()
                    << "]: the trace ended after " << scope << "\n"
                    << Context(records, records.size());
                result.message = msg.str();
                return result;
            }
            if (!exp.Matches(*records[pos], &why))
            {
                msg << "expectation #" << e + 1 << " [" << exp.ToString() << "] failed at record #"
                    << records[pos]->seq << ": " << why << "\n"
                    << Context(records, pos);
                result.message = msg.str();
                return result;
            }
            ++pos;
            continue;
        }
        // SUBSEQUENCE: search forward; remember the first near miss (same kind and name).
        size_t start = pos;
        std::string nearWhy;
        size_t nearIndex = records.size();
        while (pos < records.size() && !exp.Matches(*records[pos], nullptr))
        {
            if (nearIndex == records.size() && exp.SameKindAndName(*records[pos]))
            {
                nearIndex = pos;
                exp.Matches(*records[pos], &nearWhy);
            }
            ++pos;
        }
        if (pos == records.size())
        {
            msg << "expectation #" << e + 1 << " [" << exp.ToString() << "] not found";
            if (start < records.size())
            {
                msg << " at or after record #" << records[start]->seq;
            }
            msg << " (searched " << records.size() - start << " of " << scope << ")\n";
            if (nearIndex < records.size())
            {
                msg << "closest record #" << records[nearIndex]->seq << ": " << nearWhy << "\n"
                    << Context(records, nearIndex);
            }
            else
            {
                msg << "no record with that kind and name; where the search began:\n"
                    << Context(records, start);
            }
            result.message = msg.str();
            return result;
        }
        ++pos;
    }
    if (m_mode == EXACT && pos < records.size())
    {
        msg << "all " << m_expectations.size() << " expectations met, but " << records.size() - pos
            << " more record(s) follow; first extra record #" << records[pos]->seq << ":\n"
            << Context(records, pos);
        result.message = msg.str();
        return result;
    }
    result.matched = true;
    return result;
}

} // namespace ns3
