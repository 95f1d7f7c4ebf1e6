/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sockbench-helper.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/unix-socket.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SockbenchHelper");

SockbenchHelper::SockbenchHelper()
{
    m_hostFactory.SetTypeId(SockbenchHost::GetTypeId());
    m_trace = CreateObject<EventTrace>();
}

void
SockbenchHelper::SetHostAttribute(const std::string& name, const AttributeValue& value)
{
    m_hostFactory.Set(name, value);
}

SockbenchHostContainer
SockbenchHelper::Install(NodeContainer nodes) const
{
    SockbenchHostContainer hosts;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        hosts.push_back(Install(*it));
    }
    return hosts;
}

Ptr<SockbenchHost>
SockbenchHelper::Install(Ptr<Node> node) const
{
    if (Ptr<SockbenchHost> existing = node->GetObject<SockbenchHost>())
    {
        NS_LOG_WARN("node " << node->GetId() << " already has a SockbenchHost; keeping it");
        return existing;
    }
    Ptr<SockbenchHost> host = m_hostFactory.Create<SockbenchHost>();
    host->SetTrace(m_trace);
    node->AggregateObject(host);
    if (!node->GetObject<UnixSocketFactory>())
    {
        node->AggregateObject(CreateObject<UnixSocketFactory>()); // AF_UNIX for ns3::Socket
    }
    return host;
}

Ptr<EventTrace>
SockbenchHelper::GetTrace() const
{
    return m_trace;
}

bool
SockbenchHelper::EnableJsonLines(const std::string& path) const
{
    return m_trace->OpenJsonLinesFile(path);
}

Ptr<SockbenchHost>
SockbenchHelper::GetHost(Ptr<Node> node)
{
    return node ? node->GetObject<SockbenchHost>() : nullptr;
}

} // namespace ns3
