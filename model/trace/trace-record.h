/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: one record of the event trace.
 */

#ifndef SOCKBENCH_TRACE_RECORD_H
#define SOCKBENCH_TRACE_RECORD_H

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief What a trace record reports.
 */
enum class TraceKind : uint8_t
{
    CALL,      //!< an API call entered (arguments in the fields)
    RETURN,    //!< an API call returned (return value and errno in the fields)
    UPCALL,    //!< a callback into user code
    STATE,     //!< a state change of a thread, endpoint or service
    VIOLATION, //!< an API misuse that was refused
    NOTE,      //!< anything else worth seeing (scenario markers, figures)
};

/**
 * \brief Name of a kind as written in JSON Lines ("call", "return", ...).
 * \param kind the kind
 * \return its lower-case name
 */
const char* TraceKindName(TraceKind kind);

/**
 * \brief Parse a kind name.
 * \param name "call", "return", "upcall", "state", "violation" or "note"
 * \param[out] kind the parsed kind
 * \return true when \p name is a kind name
 */
bool ParseTraceKind(const std::string& name, TraceKind& kind);

/**
 * \ingroup sockbench
 * \brief A field value: an integer or a string (JSON number or string).
 */
using TraceValue = std::variant<int64_t, std::string>;

/**
 * \ingroup sockbench
 * \brief One named field of a record. Fields keep the order in which they were added.
 */
struct TraceField
{
    std::string key;  //!< field name
    TraceValue value; //!< field value
};

/**
 * \ingroup sockbench
 * \brief One entry of the event trace.
 *
 * Records are totally ordered by \c seq. Nothing in a record depends on the wall clock or on
 * pointer values, so the same scenario gives the same records in every run.
 */
struct TraceRecord
{
    static constexpr int64_t NO_NODE = -1;   //!< \c node of a record not tied to a node
    static constexpr uint32_t NO_THREAD = 0; //!< \c thread of a record made outside threads

    uint64_t seq{0};                 //!< position in the stream, from 0
    int64_t timeNs{0};               //!< simulated time in nanoseconds
    int64_t node{NO_NODE};           //!< ns-3 node id, or NO_NODE
    uint32_t thread{NO_THREAD};      //!< simulated thread id (per node), or NO_THREAD
    std::string personality;         //!< "posix", "host", "zephyr", "interniche", "solaris"
    std::string object;              //!< "fd:3", "thread:2", "svc:echo", ...
    TraceKind kind{TraceKind::NOTE}; //!< what the record reports
    std::string name;                //!< call, callback, state or violation name
    std::vector<TraceField> fields;  //!< ordered fields

    /**
     * \brief Find a field.
     * \param key the field name
     * \return the first field with that name, or nullptr
     */
    const TraceField* Find(const std::string& key) const;

    /**
     * \brief Append an integer field.
     * \param key field name
     * \param value field value
     * \return *this, to chain
     */
    TraceRecord& Add(const std::string& key, int64_t value);

    /**
     * \brief Append a string field.
     * \param key field name
     * \param value field value
     * \return *this, to chain
     */
    TraceRecord& Add(const std::string& key, const std::string& value);

    /**
     * \brief Serialise as one line of JSON (no newline), keys in a fixed order.
     * \return the JSON text
     */
    std::string ToJson() const;

    /**
     * \brief Parse one line written by ToJson().
     * \param line the JSON text
     * \param[out] record the parsed record
     * \param[out] error why parsing failed (may be nullptr)
     * \return true on success
     */
    static bool FromJson(const std::string& line, TraceRecord& record, std::string* error);

    /**
     * \brief A compact one-line human-readable form, for failure messages and logs.
     * \return the text
     */
    std::string ToShortString() const;
};

/**
 * \brief Render a field value as text (integers in decimal, strings as they are).
 * \param value the value
 * \return the text
 */
std::string TraceValueToString(const TraceValue& value);

} // namespace ns3

#endif /* SOCKBENCH_TRACE_RECORD_H */
