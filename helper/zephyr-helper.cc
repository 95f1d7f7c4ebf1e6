/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: installs the Zephyr socket-service personality on nodes.
 */

#include "zephyr-helper.h"

#include "ns3/abort.h"
#include "ns3/node.h"
#include "ns3/sockbench-host.h"

namespace ns3
{

ZephyrHelper::ZephyrHelper()
{
    m_factory.SetTypeId(ZephyrNode::GetTypeId());
}

void
ZephyrHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
ZephyrHelper::SetServices(const std::vector<const net_socket_service_desc*>& services)
{
    m_servicesSet = true;
    m_services = services;
}

std::vector<Ptr<ZephyrNode>>
ZephyrHelper::Install(NodeContainer nodes) const
{
    std::vector<Ptr<ZephyrNode>> out;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        out.push_back(Install(*it));
    }
    return out;
}

Ptr<ZephyrNode>
ZephyrHelper::Install(Ptr<Node> node) const
{
    NS_ABORT_MSG_IF(!node, "ZephyrHelper::Install: null node");
    if (Ptr<ZephyrNode> existing = node->GetObject<ZephyrNode>())
    {
        return existing;
    }
    NS_ABORT_MSG_IF(!node->GetObject<SockbenchHost>(),
                    "ZephyrHelper::Install: node " << node->GetId()
                                                   << " has no SockbenchHost (call "
                                                      "SockbenchHelper::Install first)");
    Ptr<ZephyrNode> z = m_factory.Create<ZephyrNode>();
    if (m_servicesSet)
    {
        z->SetServices(m_services);
    }
    node->AggregateObject(z);
    z->Start();
    return z;
}

} // namespace ns3
