/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: ordered expectations over the event trace.
 */

#ifndef SOCKBENCH_TRACE_MATCHER_H
#define SOCKBENCH_TRACE_MATCHER_H

#include "trace-record.h"

#include "ns3/nstime.h"

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief One expected record: any subset of the record's header plus field predicates.
 *
 * Built fluently: `TraceExpectation::Return("read").OnNode(0).Field("ret", -1).Field("errno",
 * "EAGAIN")`. An unset part matches anything.
 */
class TraceExpectation
{
  public:
    /**
     * \brief A test on one field, with a description for failure messages.
     */
    struct FieldCheck
    {
        std::string key;                               //!< field name
        std::string description;                       //!< e.g. "== 3", "absent"
        std::function<bool(const TraceValue*)> accept; //!< gets nullptr when the field is absent
    };

    TraceExpectation() = default;

    /**
     * \brief Expect a record of a kind and name.
     * \param kind the kind
     * \param name the name
     */
    TraceExpectation(TraceKind kind, const std::string& name);

    /// \return an expectation of a CALL record named \p name \param name call name
    static TraceExpectation Call(const std::string& name);
    /// \return an expectation of a RETURN record named \p name \param name call name
    static TraceExpectation Return(const std::string& name);
    /// \return an expectation of an UPCALL record named \p name \param name callback name
    static TraceExpectation Upcall(const std::string& name);
    /// \return an expectation of a STATE record named \p name \param name state name
    static TraceExpectation State(const std::string& name);
    /// \return an expectation of a VIOLATION record named \p name \param name violation name
    static TraceExpectation Violation(const std::string& name);
    /// \return an expectation of a NOTE record named \p name \param name note name
    static TraceExpectation Note(const std::string& name);

    /// \return *this \param node the ns-3 node id the record must carry
    TraceExpectation& OnNode(int64_t node);
    /// \return *this \param thread the simulated thread id the record must carry
    TraceExpectation& OnThread(uint32_t thread);
    /// \return *this \param object the object the record must carry ("fd:3")
    TraceExpectation& OnObject(const std::string& object);
    /// \return *this \param personality the personality the record must carry
    TraceExpectation& OfPersonality(const std::string& personality);
    /// \return *this \param time the exact simulated time of the record
    TraceExpectation& At(Time time);

    /// \return *this \param key field name \param value the integer it must equal
    template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
    TraceExpectation& Field(const std::string& key, T value)
    {
        return FieldInteger(key, static_cast<int64_t>(value));
    }

    /// \return *this \param key field name \param value the integer it must equal
    TraceExpectation& FieldInteger(const std::string& key, int64_t value);
    /// \return *this \param key field name \param value the string it must equal
    TraceExpectation& Field(const std::string& key, const std::string& value);
    /// \return *this \param key field name \param value the string it must equal
    TraceExpectation& Field(const std::string& key, const char* value);
    /// \return *this \param key a field that must be absent
    TraceExpectation& NoField(const std::string& key);
    /**
     * \brief Add any predicate on a field.
     * \param key field name
     * \param description shown in failure messages
     * \param accept the test; it gets nullptr when the field is absent
     * \return *this
     */
    TraceExpectation& FieldWhere(const std::string& key,
                                 const std::string& description,
                                 std::function<bool(const TraceValue*)> accept);

    /**
     * \brief Test a record.
     * \param record the record
     * \param[out] why the first part that differs (may be nullptr)
     * \return true when every part matches
     */
    bool Matches(const TraceRecord& record, std::string* why) const;

    /// \return a readable form, e.g. `return read node=0 {ret == -1, errno == "EAGAIN"}`
    std::string ToString() const;

    /// \return whether kind and name (when set) match \p record \param record the record
    bool SameKindAndName(const TraceRecord& record) const;

  private:
    std::optional<TraceKind> m_kind;          //!< expected kind
    std::optional<std::string> m_name;        //!< expected name
    std::optional<int64_t> m_node;            //!< expected node
    std::optional<uint32_t> m_thread;         //!< expected thread
    std::optional<std::string> m_object;      //!< expected object
    std::optional<std::string> m_personality; //!< expected personality
    std::optional<int64_t> m_timeNs;          //!< expected time
    std::vector<FieldCheck> m_fields;         //!< field predicates
};

/**
 * \ingroup sockbench
 * \brief Outcome of TraceMatcher::Match().
 */
struct TraceMatchResult
{
    bool matched{false}; //!< every expectation was met
    std::string message; //!< on failure: the first mismatch with the surrounding records
};

/**
 * \ingroup sockbench
 * \brief Checks an ordered list of expectations against a trace.
 *
 * In SUBSEQUENCE mode the expectations must be met in order by records that may have other
 * records between them. In EXACT mode the records that pass the filter (all by default) must
 * match the expectations one to one, with none left over.
 */
class TraceMatcher
{
  public:
    /// How expectations relate to records.
    enum Mode
    {
        SUBSEQUENCE, //!< in order, gaps allowed
        EXACT,       //!< one to one, no gaps, no extra records
    };

    /**
     * \brief Create an empty matcher.
     * \param mode SUBSEQUENCE or EXACT
     */
    explicit TraceMatcher(Mode mode = SUBSEQUENCE);

    /**
     * \brief Append an expectation.
     * \param expectation the next expected record
     * \return *this
     */
    TraceMatcher& Expect(const TraceExpectation& expectation);

    /**
     * \brief Only consider records accepted by \p filter (both modes).
     * \param description shown in failure messages
     * \param filter the filter
     * \return *this
     */
    TraceMatcher& Only(const std::string& description,
                       std::function<bool(const TraceRecord&)> filter);

    /**
     * \brief Number of records shown on each side of a mismatch.
     * \param records how many (default 3)
     * \return *this
     */
    TraceMatcher& SetContext(uint32_t records);

    /**
     * \brief Run the expectations over \p records.
     * \param records the trace
     * \return whether they matched, and if not, a message naming the first mismatch
     */
    TraceMatchResult Match(const std::vector<TraceRecord>& records) const;

  private:
    /// \return lines showing records around \p center \param records the trace (filtered)
    /// \param center index to mark \param begin first index that may be shown
    std::string Context(const std::vector<const TraceRecord*>& records, size_t center) const;

    Mode m_mode;                                      //!< matching mode
    std::vector<TraceExpectation> m_expectations;     //!< the expectations, in order
    std::string m_filterDescription;                  //!< filter text for messages
    std::function<bool(const TraceRecord&)> m_filter; //!< record filter, or empty
    uint32_t m_context{3};                            //!< records of context
};

} // namespace ns3

#endif /* SOCKBENCH_TRACE_MATCHER_H */
