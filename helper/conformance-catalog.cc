/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "conformance-catalog.h"

#include "ns3/abort.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/node.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <fstream>
#include <iomanip>

namespace ns3
{

ConformanceContext::ConformanceContext() {}

NodeContainer
ConformanceContext::CreateNodes(uint32_t count)
{
    NodeContainer created;
    created.Create(count);
    m_helper.Install(created);
    m_nodes.Add(created);
    return created;
}

NodeContainer
ConformanceContext::CreateLinkedNodes(uint32_t count, const std::string& dataRate, Time delay)
{
    NS_ABORT_MSG_IF(count < 2, "CreateLinkedNodes needs at least 2 nodes");
    NS_ABORT_MSG_IF(m_nodes.GetN() != 0, "CreateLinkedNodes must create the case's first nodes");
    NodeContainer created;
    created.Create(count);
    InternetStackHelper internet;
    internet.Install(created);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(dataRate));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    m_ipv4.assign(count, Ipv4Address());
    m_ipv6.assign(count, Ipv6Address());
    for (uint32_t i = 0; i + 1 < count; ++i)
    {
        NetDeviceContainer link = p2p.Install(created.Get(i), created.Get(i + 1));
        m_links.push_back(link);
        Ipv4AddressHelper v4;
        std::string net = "10.0." + std::to_string(i + 1) + ".0";
        v4.SetBase(Ipv4Address(net.c_str()), "255.255.255.0");
        Ipv4InterfaceContainer a4 = v4.Assign(link);
        Ipv6AddressHelper v6;
        std::string net6 = "2001:db8:" + std::to_string(i + 1) + "::";
        v6.SetBase(Ipv6Address(net6.c_str()), Ipv6Prefix(64));
        Ipv6InterfaceContainer a6 = v6.Assign(link);
        a6.SetForwarding(0, true);
        a6.SetForwarding(1, true);
        if (i == 0)
        {
            m_ipv4[0] = a4.GetAddress(0);
            m_ipv6[0] = a6.GetAddress(0, 1);
        }
        m_ipv4[i + 1] = a4.GetAddress(1);
        m_ipv6[i + 1] = a6.GetAddress(1, 1);
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    m_helper.Install(created);
    m_nodes.Add(created);
    return created;
}

Ipv4Address
ConformanceContext::GetIpv4(uint32_t index) const
{
    NS_ABORT_MSG_IF(index >= m_ipv4.size(), "no linked node " << index);
    return m_ipv4[index];
}

Ipv6Address
ConformanceContext::GetIpv6(uint32_t index) const
{
    NS_ABORT_MSG_IF(index >= m_ipv6.size(), "no linked node " << index);
    return m_ipv6[index];
}

NetDeviceContainer
ConformanceContext::GetLink(uint32_t index) const
{
    NS_ABORT_MSG_IF(index >= m_links.size(), "no link " << index);
    return m_links[index];
}

SockbenchHelper&
ConformanceContext::Helper()
{
    return m_helper;
}

Ptr<SockbenchHost>
ConformanceContext::Host(uint32_t index) const
{
    NS_ABORT_MSG_IF(index >= m_nodes.GetN(), "no node " << index << " in this case");
    return SockbenchHelper::GetHost(m_nodes.Get(index));
}

Ptr<EventTrace>
ConformanceContext::Trace() const
{
    return m_helper.GetTrace();
}

void
ConformanceContext::Run(Time stop)
{
    if (stop != Time::Max())
    {
        Simulator::Stop(stop - Simulator::Now());
    }
    Simulator::Run();
}

void
ConformanceContext::Check(bool condition, const std::string& description)
{
    if (!condition)
    {
        Fail("check failed: " + description);
    }
}

void
ConformanceContext::ExpectTrace(const TraceMatcher& matcher)
{
    TraceMatchResult r = matcher.Match(Trace()->GetRecords());
    if (!r.matched)
    {
        Fail("trace mismatch: " + r.message);
    }
}

void
ConformanceContext::ExpectNoViolations()
{
    for (uint32_t i = 0; i < m_nodes.GetN(); ++i)
    {
        Ptr<SockbenchHost> host = Host(i);
        if (host && host->GetViolationCount() > 0)
        {
            Fail("node " + std::to_string(i) + " recorded " +
                 std::to_string(host->GetViolationCount()) + " violation(s)");
        }
    }
}

void
ConformanceContext::ExpectClean(Ptr<SockbenchHost> host)
{
    CheckEqual(host->GetLiveThreadCount(), 0u, "live threads at the end");
    CheckEqual(host->GetOpenDescriptorCount(), 0u, "open descriptors at the end");
    ExpectNoViolations();
}

void
ConformanceContext::Fail(const std::string& message)
{
    m_failures.push_back(message);
}

bool
ConformanceContext::Passed() const
{
    return m_failures.empty();
}

const std::vector<std::string>&
ConformanceContext::GetFailures() const
{
    return m_failures;
}

void
ConformanceCatalog::Add(ConformanceCase c)
{
    for (const auto& existing : m_cases)
    {
        NS_ABORT_MSG_IF(existing.id == c.id, "duplicate conformance case id " << c.id);
    }
    NS_ABORT_MSG_IF(c.rules.empty() || c.id.rfind(c.rules.front(), 0) != 0,
                    "case id " << c.id << " must start with its first rule ID");
    m_cases.push_back(std::move(c));
}

const std::vector<ConformanceCase>&
ConformanceCatalog::GetCases() const
{
    return m_cases;
}

std::vector<const ConformanceCase*>
ConformanceCatalog::Select(const std::string& filter) const
{
    std::vector<std::string> terms;
    std::stringstream ss(filter);
    std::string term;
    while (std::getline(ss, term, ','))
    {
        if (!term.empty())
        {
            terms.push_back(term);
        }
    }
    std::vector<const ConformanceCase*> selected;
    for (const auto& c : m_cases)
    {
        bool take = terms.empty();
        for (const auto& t : terms)
        {
            take = take || c.id.find(t) != std::string::npos;
            for (const auto& rule : c.rules)
            {
                take = take || rule == t;
            }
        }
        if (take)
        {
            selected.push_back(&c);
        }
    }
    return selected;
}

ConformanceResult
ConformanceCatalog::Run(const ConformanceCase& c, const std::string& traceDir)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    ConformanceResult result;
    result.id = c.id;
    result.rules = c.rules;
    result.title = c.title;
    {
        ConformanceContext context;
        try
        {
            c.scenario(context);
        }
        catch (const std::exception& e)
        {
            context.Fail(std::string("scenario threw: ") + e.what());
        }
        result.simulatedTime = Simulator::Now();
        result.records = context.Trace()->GetCount();
        if (!traceDir.empty())
        {
            result.tracePath = traceDir + "/" + c.id + ".jsonl";
            std::ofstream out(result.tracePath, std::ios::trunc);
            context.Trace()->WriteJsonLines(out);
            if (!out)
            {
                context.Fail("cannot write " + result.tracePath);
            }
        }
        result.passed = context.Passed();
        for (const auto& f : context.GetFailures())
        {
            result.message += f + "\n";
        }
        Simulator::Destroy();
    }
    return result;
}

void
ConformanceCatalog::PrintTable(const std::vector<ConformanceResult>& results, std::ostream& os)
{
    size_t idWidth = 4;
    for (const auto& r : results)
    {
        idWidth = std::max(idWidth, r.id.size());
    }
    os << std::left << std::setw(6) << "rule"
       << "  " << std::setw(idWidth) << "case"
       << "  " << std::setw(7) << "verdict"
       << "  " << std::setw(14) << "sim time"
       << "  title\n";
    uint32_t failed = 0;
    for (const auto& r : results)
    {
        std::ostringstream t;
        t << std::fixed << std::setprecision(6) << r.simulatedTime.GetSeconds() << " s";
        os << std::left << std::setw(6) << r.rules.front() << "  " << std::setw(idWidth) << r.id
           << "  " << std::setw(7) << (r.passed ? "PASS" : "FAIL") << "  " << std::setw(14)
           << t.str() << "  " << r.title << "\n";
        if (!r.passed)
        {
            ++failed;
            std::stringstream lines(r.message);
            std::string line;
            while (std::getline(lines, line))
            {
                os << "        | " << line << "\n";
            }
        }
    }
    os << "conformance: " << results.size() - failed << " passed, " << failed << " failed\n";
}

namespace
{
std::string
XmlEscape(const std::string& text)
{
    std::string out;
    for (char ch : text)
    {
        switch (ch)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += ch;
        }
    }
    return out;
}
} // namespace

bool
ConformanceCatalog::WriteJUnit(const std::vector<ConformanceResult>& results,
                               const std::string& path)
{
    std::ofstream out(path, std::ios::trunc);
    if (!out)
    {
        return false;
    }
    uint32_t failures = 0;
    for (const auto& r : results)
    {
        failures += r.passed ? 0 : 1;
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<testsuites name=\"sockbench\" tests=\"" << results.size() << "\" failures=\""
        << failures << "\">\n"
        << "  <testsuite name=\"sockbench-conformance\" tests=\"" << results.size()
        << "\" failures=\"" << failures << "\" errors=\"0\" skipped=\"0\">\n";
    for (const auto& r : results)
    {
        std::string rules;
        for (const auto& rule : r.rules)
        {
            rules += (rules.empty() ? "" : ",") + rule;
        }
        out << "    <testcase classname=\"sockbench.conformance\" name=\"" << XmlEscape(r.id)
            << "\" time=\"0\">\n"
            << "      <properties>\n"
            << "        <property name=\"rules\" value=\"" << XmlEscape(rules) << "\"/>\n"
            << "        <property name=\"title\" value=\"" << XmlEscape(r.title) << "\"/>\n"
            << "        <property name=\"simulatedTimeNs\" value=\""
            << r.simulatedTime.GetNanoSeconds() << "\"/>\n"
            << "      </properties>\n";
        if (!r.passed)
        {
            out << "      <failure message=\"" << XmlEscape(r.title) << "\">"
                << XmlEscape(r.message) << "</failure>\n";
        }
        out << "    </testcase>\n";
    }
    out << "  </testsuite>\n</testsuites>\n";
    return static_cast<bool>(out);
}

} // namespace ns3
