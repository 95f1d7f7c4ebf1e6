/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: installs hosts on nodes and wires them to one event trace.
 */

#ifndef SOCKBENCH_HELPER_H
#define SOCKBENCH_HELPER_H

#include "ns3/event-trace.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/sockbench-host.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief Hosts installed by one SockbenchHelper::Install() call, in node order.
 */
using SockbenchHostContainer = std::vector<Ptr<SockbenchHost>>;

/**
 * \ingroup sockbench
 * \brief Aggregates a SockbenchHost to nodes; all hosts of one helper share one EventTrace.
 *
 * \code
 *   NodeContainer nodes;
 *   nodes.Create(2);
 *   SockbenchHelper sockbench;
 *   sockbench.SetHostAttribute("StackSize", UintegerValue(128 * 1024));
 *   SockbenchHostContainer hosts = sockbench.Install(nodes);
 *   sockbench.EnableJsonLines("trace.jsonl");
 * \endcode
 */
class SockbenchHelper
{
  public:
    /// Create a helper with a new EventTrace.
    SockbenchHelper();

    /**
     * \brief Set an attribute of the hosts created from now on.
     * \param name attribute name (e.g. "StackSize")
     * \param value its value
     */
    void SetHostAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install a host on each node (a node that has one keeps it).
     * \param nodes the nodes
     * \return the hosts, in node order
     */
    SockbenchHostContainer Install(NodeContainer nodes) const;

    /**
     * \brief Install a host on one node (a node that has one keeps it).
     * \param node the node
     * \return its host
     */
    Ptr<SockbenchHost> Install(Ptr<Node> node) const;

    /// \return the trace shared by the hosts of this helper
    Ptr<EventTrace> GetTrace() const;

    /**
     * \brief Stream the trace to a JSON Lines file from now on.
     * \param path the file
     * \return false when it cannot be opened
     */
    bool EnableJsonLines(const std::string& path) const;

    /**
     * \brief The host of a node.
     * \param node the node
     * \return its host, or nullptr when none is installed
     */
    static Ptr<SockbenchHost> GetHost(Ptr<Node> node);

  private:
    ObjectFactory m_hostFactory; //!< creates hosts
    Ptr<EventTrace> m_trace;     //!< shared trace
};

} // namespace ns3

#endif /* SOCKBENCH_HELPER_H */
