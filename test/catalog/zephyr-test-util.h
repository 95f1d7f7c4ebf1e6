/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: shared helpers of the Zephyr socket-service cases (spec
 * socket-service.md).
 */

#ifndef SOCKBENCH_ZEPHYR_TEST_UTIL_H
#define SOCKBENCH_ZEPHYR_TEST_UTIL_H

#include "ns3/conformance-catalog.h"
#include "ns3/event-trace.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/sockbench-host.h"
#include "ns3/zephyr-helper.h"
#include "ns3/zephyr-node.h"
#include "ns3/zephyr-socket-service.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
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
 * \brief Create one node (ctx.CreateNodes(1), host 0) and ZephyrInstall() on it.
 * \return the ZephyrNode (same parameters as ZephyrInstall)
 */
Ptr<ZephyrNode> ZephyrInstallOneNode(ConformanceContext& ctx,
                                     const std::vector<const net_socket_service_desc*>& services,
                                     ZephyrSemantics semantics = ZEPHYR_MAIN,
                                     const std::function<void(ZephyrHelper&)>& configure = {});

/// \return a UDP socket of the calling node bound to \p port on 0.0.0.0 (zsock_*), or -1
int ZephyrUdp(uint16_t port);

/// \return a TCP listener of the calling node on \p port (zsock_*), or -1
int ZephyrTcpListener(uint16_t port, int backlog = 4);

/// \return "svc:name" callback records of the trace as "name/fd" strings, in order
/// \param ctx the case
std::vector<std::string> ZephyrCallbackRecords(ConformanceContext& ctx);

// ---- local descriptors and registration (call these from a simulated thread) --------------

/// An AF_UNIX socket pair of the calling node: \c fd is the end given to a service, \c peer
/// the end the case writes to (the registered end is readable as soon as the peer sends).
struct ZephyrPair
{
    int fd{-1};   //!< the end given to the service
    int peer{-1}; //!< the end the case writes to
};

/// \return zsock_socketpair(AF_UNIX, \p type, 0) of the calling node as {sv[0], sv[1]}
/// ({-1, -1} on failure) \param type SOCK_DGRAM or SOCK_STREAM
ZephyrPair ZephyrSocketPair(int type);

/// \return a non-blocking eventfd (initial value 0) of the calling node; it is readable once
/// written (ZephyrSignal) and always writable
int ZephyrEventFd();

/// Add 1 to the eventfd \p fd of the calling node (makes it readable).
void ZephyrSignal(int fd);

/// \return {fd, ZSOCK_POLLIN, 0} \param fd a descriptor
zsock_pollfd ZephyrPollIn(int fd);

/**
 * \brief net_socket_service_register(svc, fds, len(fds), userData) with the entries in a
 * temporary array (the service copies them).
 * \param svc the service \param fds the entries (not empty) \param userData the user_data
 * \return what register returned
 */
int ZephyrRegister(const net_socket_service_desc* svc,
                   std::vector<zsock_pollfd> fds,
                   void* userData = nullptr);

/**
 * \brief The end-of-case sequence, from a thread of \p host: unregister every service of
 * \p svcs (in order), sleep 1 ms so that the service thread rebuilds (closing a descriptor it
 * still polls is a violation, SS16), then close the descriptors of \p fds that are >= 0, in
 * order.
 */
void ZephyrTeardown(Ptr<SockbenchHost> host,
                    const std::vector<const net_socket_service_desc*>& svcs,
                    const std::vector<int>& fds);

/**
 * \brief Spawn a thread "teardown" of \p host that runs ZephyrTeardown(host, svcs, fds()) at
 * \p at (before Run(): absolute).
 * \param fds called when the thread runs (cases open their descriptors in earlier threads)
 */
void ZephyrTeardownAt(Ptr<SockbenchHost> host,
                      Time at,
                      const std::vector<const net_socket_service_desc*>& svcs,
                      std::function<std::vector<int>()> fds);

// ---- trace records ----------------------------------------------------------------------

/**
 * \brief The records of the case's trace with \p kind and \p name.
 * \param ctx the case \param kind record kind \param name record name (all names when empty)
 * \param node only this node's records when >= 0
 * \param personality the personality ("zephyr"; "host" for thread spawns)
 * \return pointers into the trace, in order (valid until the trace changes)
 */
std::vector<const TraceRecord*> ZephyrRecords(ConformanceContext& ctx,
                                              TraceKind kind,
                                              const std::string& name,
                                              int64_t node = -1,
                                              const std::string& personality = "zephyr");

/// \return how many records ZephyrRecords(ctx, kind, name, node) would give
size_t ZephyrRecordCount(ConformanceContext& ctx,
                         TraceKind kind,
                         const std::string& name,
                         int64_t node = -1);

/// \return field \p key of \p r as text ("" when absent)
std::string ZephyrField(const TraceRecord& r, const std::string& key);

/// \return field \p key of \p *r as text ("" when absent)
std::string ZephyrField(const TraceRecord* r, const std::string& key);

/// \return integer field \p key of \p r, or INT64_MIN when absent or not an integer
int64_t ZephyrIntField(const TraceRecord& r, const std::string& key);

/// A "round" record of the service thread.
struct ZephyrRound
{
    uint64_t seq;                            //!< trace position
    std::vector<std::pair<int, int>> polled; //!< fd/events of the enabled entries
};

/// \return the "round" records, with the polled entries (field "polled", written only with
/// the TraceRounds attribute)
std::vector<ZephyrRound> ZephyrRounds(ConformanceContext& ctx);

/// \return the non-empty "closed" fields of the "rebuild" records, in order
std::vector<std::string> ZephyrClosedByRebuild(ConformanceContext& ctx);

/**
 * \brief Check that the trace has exactly one VIOLATION record \p name (message
 * "<name> violations").
 * \return that record, or nullptr when there is not exactly one
 */
const TraceRecord* ZephyrOneViolation(ConformanceContext& ctx, const std::string& name);

/// Schedule \p z->Shutdown() at \p at (absolute), so that ExpectClean can pass.
void ZephyrShutdownAt(Ptr<ZephyrNode> z, Time at);

} // namespace ns3

#endif /* SOCKBENCH_ZEPHYR_TEST_UTIL_H */
