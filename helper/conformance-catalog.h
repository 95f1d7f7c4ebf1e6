/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: conformance cases, each checking spec rules on a fresh simulation.
 */

#ifndef SOCKBENCH_CONFORMANCE_CATALOG_H
#define SOCKBENCH_CONFORMANCE_CATALOG_H

#include "sockbench-helper.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/trace-matcher.h"

#include <functional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief What a conformance scenario works with: nodes with hosts, the trace, and checks.
 *
 * A failed check does not stop the scenario; every failure is reported.
 */
class ConformanceContext
{
  public:
    ConformanceContext();

    /**
     * \brief Create nodes and install a host on each.
     * \param count how many
     * \return the new nodes
     */
    NodeContainer CreateNodes(uint32_t count);

    /**
     * \brief Create a line of nodes joined by point-to-point links (n0 - n1 - n2 ...), with
     * IPv4 and IPv6 on every link, global IPv4 routes, and a host on each node.
     *
     * Link i (between node i and node i+1) is 10.0.(i+1).0/24 and 2001:db8:(i+1)::/64; node
     * i gets host number 1 on it, node i+1 host number 2. IPv6 is routed only between
     * neighbours.
     * \param count how many nodes (at least 2)
     * \param dataRate each link's rate
     * \param delay each link's delay
     * \return the new nodes
     */
    NodeContainer CreateLinkedNodes(uint32_t count,
                                    const std::string& dataRate = "10Mbps",
                                    Time delay = MilliSeconds(1));
    /// \return the IPv4 address of node \p index on its link towards node 0 (node 0: link 0)
    /// \param index node index
    Ipv4Address GetIpv4(uint32_t index) const;
    /// \return the IPv6 address of node \p index, as GetIpv4() \param index node index
    Ipv6Address GetIpv6(uint32_t index) const;
    /// \return the two devices of link \p index (node index, node index + 1) \param index link
    NetDeviceContainer GetLink(uint32_t index) const;

    /// \return the helper that installs hosts (set host attributes on it before CreateNodes)
    SockbenchHelper& Helper();

    /// \return the host of the i-th node created by this context \param index node index
    Ptr<SockbenchHost> Host(uint32_t index) const;

    /// \return the trace of this case
    Ptr<EventTrace> Trace() const;

    /**
     * \brief Run the simulation until no events are left, or until \p stop.
     * \param stop absolute stop time; Time::Max() runs to the end
     */
    void Run(Time stop = Time::Max());

    /**
     * \brief Record a failure unless \p condition holds.
     * \param condition the check
     * \param description what was expected
     */
    void Check(bool condition, const std::string& description);

    /**
     * \brief Record a failure unless \p actual equals \p expected.
     * \param actual observed value
     * \param expected expected value
     * \param what what the values are
     */
    template <typename A, typename B>
    void CheckEqual(const A& actual, const B& expected, const std::string& what)
    {
        if (!(actual == expected))
        {
            std::ostringstream os;
            os << what << ": got " << actual << ", expected " << expected;
            Fail(os.str());
        }
    }

    /**
     * \brief Match the trace so far against \p matcher; record its message on failure.
     * \param matcher the expectations
     */
    void ExpectTrace(const TraceMatcher& matcher);

    /// Record a failure if any host recorded a violation.
    void ExpectNoViolations();

    /**
     * \brief The usual end-of-scenario check: on \p host no thread is alive and no descriptor
     * is open; and no host recorded a violation.
     * \param host the host to check
     */
    void ExpectClean(Ptr<SockbenchHost> host);

    /// \param message a failure to report
    void Fail(const std::string& message);

    /// \return whether no check failed
    bool Passed() const;

    /// \return the failure messages, in order
    const std::vector<std::string>& GetFailures() const;

  private:
    SockbenchHelper m_helper;                //!< installs hosts, owns the trace
    NodeContainer m_nodes;                   //!< nodes of this case
    std::vector<NetDeviceContainer> m_links; //!< CreateLinkedNodes() links
    std::vector<Ipv4Address> m_ipv4;         //!< CreateLinkedNodes() addresses by node
    std::vector<Ipv6Address> m_ipv6;         //!< CreateLinkedNodes() addresses by node
    std::vector<std::string> m_failures;     //!< failed checks
};

/**
 * \ingroup sockbench
 * \brief One conformance case. Its id starts with the (first) rule ID it checks.
 */
struct ConformanceCase
{
    std::string id;                                    //!< e.g. "TH3_fifo_wake_one"
    std::vector<std::string> rules;                    //!< rule IDs checked
    std::string title;                                 //!< one line
    std::function<void(ConformanceContext&)> scenario; //!< builds, runs, checks
};

/**
 * \ingroup sockbench
 * \brief The outcome of one case.
 */
struct ConformanceResult
{
    std::string id;                 //!< case id
    std::vector<std::string> rules; //!< rule IDs
    std::string title;              //!< case title
    bool passed{false};             //!< verdict
    std::string message;            //!< failures, one per line
    Time simulatedTime;             //!< simulated time when the case ended
    uint64_t records{0};            //!< trace records emitted
    std::string tracePath;          //!< JSON Lines file written, if any
};

/**
 * \ingroup sockbench
 * \brief An ordered list of conformance cases and the means to run and report them.
 */
class ConformanceCatalog
{
  public:
    /**
     * \brief Add a case. Ids must be unique.
     * \param c the case
     */
    void Add(ConformanceCase c);

    /// \return all cases, in the order added
    const std::vector<ConformanceCase>& GetCases() const;

    /**
     * \brief Cases selected by a filter.
     * \param filter comma-separated terms; a case is selected when a term is a substring of
     *        its id or equals one of its rule IDs; empty selects all
     * \return the selected cases, in catalog order
     */
    std::vector<const ConformanceCase*> Select(const std::string& filter) const;

    /**
     * \brief Run one case on a fresh simulation (seed 1, run 1), then Simulator::Destroy().
     * \param c the case
     * \param traceDir where to write "<id>.jsonl"; empty writes nothing
     * \return the outcome
     */
    static ConformanceResult Run(const ConformanceCase& c, const std::string& traceDir = "");

    /**
     * \brief Print a table: rule, id, title, verdict, simulated time.
     * \param results outcomes
     * \param os the stream
     */
    static void PrintTable(const std::vector<ConformanceResult>& results, std::ostream& os);

    /**
     * \brief Write JUnit XML, one testcase per case, named by the case id.
     * \param results outcomes
     * \param path the file
     * \return false when the file cannot be written
     */
    static bool WriteJUnit(const std::vector<ConformanceResult>& results, const std::string& path);

  private:
    std::vector<ConformanceCase> m_cases; //!< in order added
};

} // namespace ns3

#endif /* SOCKBENCH_CONFORMANCE_CATALOG_H */
