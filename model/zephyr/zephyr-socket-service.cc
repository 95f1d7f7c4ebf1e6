/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench, Zephyr personality: net_socket_service_* (spec socket-service.md SS6-SS14).
 */

#include "zephyr-socket-service.h"

#include "zephyr-node.h"

#include "ns3/log.h"

#include <cerrno>

NS_LOG_COMPONENT_DEFINE("ZephyrSocketService");

struct k_work_q k_sys_work_q = {"sysworkq"};

namespace
{
/// Register, unregister or close on the calling node. \return as ZephyrNode::Register, or
/// -ENOENT outside any Zephyr node \param call "register", "unregister" or "close"
int
OnCallingNode(const net_socket_service_desc* svc,
              zsock_pollfd* fds,
              int len,
              void* userData,
              const char* call)
{
    ns3::ZephyrNode* node = ns3::ZephyrNode::Current();
    if (!node)
    {
        NS_LOG_WARN("net_socket_service_" << call << " outside any Zephyr node");
        return -ENOENT;
    }
    return node->Register(svc, fds, len, userData, call);
}
} // namespace

int
net_socket_service_register(const struct net_socket_service_desc* svc,
                            struct zsock_pollfd* fds,
                            int len,
                            void* user_data)
{
    return OnCallingNode(svc, fds, len, user_data, "register");
}

int
net_socket_service_unregister(const struct net_socket_service_desc* svc)
{
    return OnCallingNode(svc, nullptr, 0, nullptr, "unregister");
}

int
net_socket_service_close(const struct net_socket_service_desc* svc)
{
    return OnCallingNode(svc, nullptr, 0, NET_SOCKET_SERVICE_CLOSE_SOCKETS, "close");
}

void
net_socket_service_foreach(net_socket_service_cb_t cb, void* user_data)
{
    ns3::ZephyrNode* node = ns3::ZephyrNode::Current();
    if (!node || !cb)
    {
        return;
    }
    for (const net_socket_service_desc* svc : node->GetServices())
    {
        cb(svc, user_data);
    }
}
