/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: shared helpers of the Zephyr socket-service cases (spec
 * socket-service.md).
 */

#ifndef SOCKBENCH_ZEPHYR_TEST_UTIL_H
#define SOCKBENCH_ZEPHYR_TEST_UTIL_H

#include "ns3/conformance-catalog.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/sockbench-host.h"
#include "ns3/zephyr-helper.h"
#include "ns3/zephyr-node.h"
#include "ns3/zephyr-socket-service.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/// One handler call as a case's handler saw it.
struct ZephyrCall
{
    Time time;           //!< when
    std::string service; //!< pev->svc->name
    int fd;              //!< pev->event.fd
    short events;        //!< pev->event.events
    short revents;       //!< pev->event.revents
    void* userData;      //!< pev->user_data
};

/// \return the calls logged by ZephyrLogCall() since the last ZephyrInstall() (handlers are
/// plain functions, so the log is global; cases run one at a time)
std::vector<ZephyrCall>& ZephyrCalls();

/// Append \p pev to ZephyrCalls(). \param pev what the handler got
void ZephyrLogCall(const net_socket_service_event* pev);

/// \return how many logged calls went to service \p name (all when empty) \param name name
size_t ZephyrCallCount(const std::string& name = "");

/**
 * \brief Install the Zephyr personality on \p node with exactly \p services, and clear the
 * call log.
 * \param node a node with a host (ConformanceContext::CreateNodes/CreateLinkedNodes)
 * \param services the node's services
 * \param semantics the Semantics attribute
 * \param configure extra attributes on the helper (may be empty)
 * \return the ZephyrNode
 */
Ptr<ZephyrNode> ZephyrInstall(Ptr<Node> node,
                              const std::vector<const net_socket_service_desc*>& services,
                              ZephyrSemantics semantics = ZEPHYR_MAIN,
                              const std::function<void(ZephyrHelper&)>& configure = {});

/**
 * \brief Run \p body in a new simulated thread of \p host at \p at (absolute, before Run()).
 * \param host the host \param name thread name \param at start time \param body the code
 */
void ZephyrThread(Ptr<SockbenchHost> host,
                  const std::string& name,
                  Time at,
                  std::function<void()> body);

/// \return a UDP socket of the calling node bound to \p port on 0.0.0.0 (zsock_*), or -1
int ZephyrUdp(uint16_t port);

/// \return a TCP listener of the calling node on \p port (zsock_*), or -1
int ZephyrTcpListener(uint16_t port, int backlog = 4);

/// \return "svc:name" callback records of the trace as "name/fd" strings, in order
/// \param ctx the case
std::vector<std::string> ZephyrCallbackRecords(ConformanceContext& ctx);

/// Schedule \p z->Shutdown() at \p at (absolute), so that ExpectClean can pass.
void ZephyrShutdownAt(Ptr<ZephyrNode> z, Time at);

} // namespace ns3

#endif /* SOCKBENCH_ZEPHYR_TEST_UTIL_H */
