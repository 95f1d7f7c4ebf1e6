/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: installs the Zephyr socket-service personality on nodes.
 */

#ifndef SOCKBENCH_ZEPHYR_HELPER_H
#define SOCKBENCH_ZEPHYR_HELPER_H

#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/zephyr-node.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief Installs a ZephyrNode (one socket-service thread) on nodes that have a SockbenchHost.
 *
 * \code
 *   SockbenchHelper sockbench;
 *   sockbench.Install(nodes);
 *   ZephyrHelper zephyr;
 *   zephyr.SetAttribute("Semantics", EnumValue(ZEPHYR_V4_2));
 *   zephyr.SetServices({&service_udp, &service_tcp});
 *   zephyr.Install(nodes.Get(0));
 * \endcode
 */
class ZephyrHelper
{
  public:
    ZephyrHelper();

    /**
     * \brief Set an attribute of the ZephyrNode objects to be created.
     * \param name attribute name (Semantics, StartTime, PollMax, BusyLoopLimit, ...)
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief The services the nodes run (their "firmware image"). Without this call a node
     * runs every service defined in the program.
     * \param services descriptors made by the DEFINE macros
     */
    void SetServices(const std::vector<const net_socket_service_desc*>& services);

    /**
     * \brief Install on each node and start its service thread (at StartTime).
     * \param nodes nodes that have a SockbenchHost (NS_FATAL_ERROR otherwise)
     * \return the ZephyrNode objects, in node order
     */
    std::vector<Ptr<ZephyrNode>> Install(NodeContainer nodes) const;

    /// \copydoc Install(NodeContainer) const \param node one node
    Ptr<ZephyrNode> Install(Ptr<Node> node) const;

  private:
    ObjectFactory m_factory;                                //!< makes ZephyrNode objects
    bool m_servicesSet{false};                              //!< SetServices() was called
    std::vector<const net_socket_service_desc*> m_services; //!< SetServices() list
};

} // namespace ns3

#endif /* SOCKBENCH_ZEPHYR_HELPER_H */
