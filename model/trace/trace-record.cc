/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "trace-record.h"

#include <nlohmann/json.hpp>
#include <sstream>

namespace ns3
{

namespace
{
const char* const g_kindNames[] = {"call", "return", "upcall", "state", "violation", "note"};
} // namespace

const char*
TraceKindName(TraceKind kind)
{
    return g_kindNames[static_cast<uint8_t>(kind)];
}

bool
ParseTraceKind(const std::string& name, TraceKind& kind)
{
    for (uint8_t i = 0; i < sizeof(g_kindNames) / sizeof(g_kindNames[0]); ++i)
    {
        if (name == g_kindNames[i])
        {
            kind = static_cast<TraceKind>(i);
            return true;
        }
    }
    return false;
}

std::string
TraceValueToString(const TraceValue& value)
{
    if (const auto* i = std::get_if<int64_t>(&value))
    {
        return std::to_string(*i);
    }
    return std::get<std::string>(value);
}

const TraceField*
TraceRecord::Find(const std::string& key) const
{
    for (const auto& f : fields)
    {
        if (f.key == key)
        {
            return &f;
        }
    }
    return nullptr;
}

TraceRecord&
TraceRecord::Add(const std::string& key, int64_t value)
{
    fields.push_back(TraceField{key, value});
    return *this;
}

TraceRecord&
TraceRecord::Add(const std::string& key, const std::string& value)
{
    fields.push_back(TraceField{key, value});
    return *this;
}

std::string
TraceRecord::ToJson() const
{
    // ordered_json keeps insertion order, so the bytes depend only on the record.
    nlohmann::ordered_json j;
    j["seq"] = seq;
    j["t"] = timeNs;
    j["node"] = node;
    j["thread"] = thread;
    j["pers"] = personality;
    j["obj"] = object;
    j["kind"] = TraceKindName(kind);
    j["name"] = name;
    nlohmann::ordered_json f = nlohmann::ordered_json::object();
    for (const auto& field : fields)
    {
        if (const auto* i = std::get_if<int64_t>(&field.value))
        {
            f[field.key] = *i;
        }
        else
        {
            f[field.key] = std::get<std::string>(field.value);
        }
    }
    j["fields"] = std::move(f);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool
TraceRecord::FromJson(const std::string& line, TraceRecord& record, std::string* error)
{
    auto fail = [error](const std::string& why) {
        if (error)
        {
            *error = why;
        }
        return false;
    };
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object())
    {
        return fail("not a JSON object");
    }
    try
    {
        TraceRecord r;
        r.seq = j.at("seq").get<uint64_t>();
        r.timeNs = j.at("t").get<int64_t>();
        r.node = j.at("node").get<int64_t>();
        r.thread = j.at("thread").get<uint32_t>();
        r.personality = j.at("pers").get<std::string>();
        r.object = j.at("obj").get<std::string>();
        if (!ParseTraceKind(j.at("kind").get<std::string>(), r.kind))
        {
            return fail("unknown kind '" + j.at("kind").get<std::string>() + "'");
        }
        r.name = j.at("name").get<std::string>();
        for (const auto& [key, value] : j.at("fields").items())
        {
            if (value.is_number_integer())
            {
                r.fields.push_back(TraceField{key, value.get<int64_t>()});
            }
            else if (value.is_string())
            {
                r.fields.push_back(TraceField{key, value.get<std::string>()});
            }
            else
            {
                return fail("field '" + key + "' is neither an integer nor a string");
            }
        }
        record = std::move(r);
        return true;
    }
    catch (const nlohmann::ordered_json::exception& e)
    {
        return fail(e.what());
    }
}

std::string
TraceRecord::ToShortString() const
{
    std::ostringstream os;
    os << "#" << seq << " t=" << timeNs << "ns";
    if (node != NO_NODE)
    {
        os << " n" << node;
    }
    if (thread != NO_THREAD)
    {
        os << " th" << thread;
    }
    os << " " << personality << " " << object << " " << TraceKindName(kind) << " " << name;
    for (const auto& f : fields)
    {
        os << " " << f.key << "=";
        if (std::holds_alternative<std::string>(f.value))
        {
            os << '"' << std::get<std::string>(f.value) << '"';
        }
        else
        {
            os << std::get<int64_t>(f.value);
        }
    }
    return os.str();
}

} // namespace ns3
