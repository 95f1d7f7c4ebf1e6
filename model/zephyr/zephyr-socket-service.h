/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench, Zephyr personality: socket services (Zephyr's <zephyr/net/socket_service.h>).
 */

#ifndef SOCKBENCH_ZEPHYR_SOCKET_SERVICE_H
#define SOCKBENCH_ZEPHYR_SOCKET_SERVICE_H

#include "zephyr-socket.h"

#include <cstddef>
#include <cstdint>

struct k_work;
struct k_work_q;
struct net_socket_service_desc;
struct net_socket_service_event;

/// A v3.6/v3.7 handler (spec SS2): it gets the k_work embedded in the event.
typedef void (*k_work_handler_t)(struct k_work* work);

/**
 * \ingroup sockbench
 * \brief Zephyr's work item, as far as the v3.6 socket services use it (SS2, SS33).
 */
struct k_work
{
    k_work_handler_t handler; //!< the function the work queue runs
};

/**
 * \ingroup sockbench
 * \brief A work queue. Only the system work queue is modelled: one simulated thread per node,
 * "sysworkq", started when a V3_6 node has an ASYNC service (SS33).
 */
struct k_work_q
{
    const char* name; //!< for traces
};

/// The system work queue (a NULL work_q means this one, as in Zephyr).
extern struct k_work_q k_sys_work_q;

/// Zephyr's CONTAINER_OF, for v3.6-style handlers that get the event's k_work.
#ifndef CONTAINER_OF
#define CONTAINER_OF(ptr, type, field)                                                             \
    (reinterpret_cast<type*>(reinterpret_cast<char*>(ptr) - offsetof(type, field)))
#endif

/// A v4 handler (spec SS3): it gets a pointer to a stack copy of the slot (SS4).
typedef void (*net_socket_service_handler_t)(struct net_socket_service_event* pev);

/**
 * \ingroup sockbench
 * \brief One slot of a service (spec SS2), and what a handler gets (a copy, SS4).
 */
struct net_socket_service_event
{
    struct k_work work;                        //!< v3.6/v3.7 only: what a k_work handler gets
    net_socket_service_handler_t callback;     //!< the service's handler
    struct zsock_pollfd event;                 //!< fd, events as registered, revents of the round
    void* user_data;                           //!< from the register call that set the slot
    const struct net_socket_service_desc* svc; //!< the service
};

/**
 * \ingroup sockbench
 * \brief A service descriptor (spec SS1): static and const, made by the DEFINE macros.
 *
 * Zephyr's descriptor points at the service's slot array and base index. Here one program
 * image serves many simulated nodes, so the slots and the base index are per node: see
 * ns3::ZephyrNode::GetSlots() and ns3::ZephyrNode::GetBaseIndex().
 */
struct net_socket_service_desc
{
    const char* name;                      //!< the DEFINE name (orders services, SS19)
    const char* owner;                     //!< "file:line" (shown with SocketLogDbg, SS1)
    net_socket_service_handler_t callback; //!< v4 handler, or null
    k_work_handler_t workHandler;          //!< v3.6/v3.7 handler, or null
    struct k_work_q* workQueue;            //!< v3.6/v3.7 work_q argument
    bool async;                            //!< NET_SOCKET_SERVICE_ASYNC_DEFINE (v3.6)
    size_t pev_len;                        //!< slot count
    const char* file;                      //!< defining file
    int line;                              //!< defining line
};

/// What net_socket_service_close() passes as user_data (spec SS14).
#define NET_SOCKET_SERVICE_CLOSE_SOCKETS ((void*)1)

namespace ns3
{
/// Registry of the descriptors defined in the program (internal; used by the DEFINE macros).
namespace zephyr
{
/// Add \p desc to the program's descriptor list. \return true \param desc a descriptor
bool RegisterDescriptor(const net_socket_service_desc* desc);
} // namespace zephyr
} // namespace ns3

/// \cond internal
// The owner string names the file without its directory, so that traces do not depend on
// where the sources were checked out.
#ifdef __FILE_NAME__
#define SB_ZEPHYR_FILE __FILE_NAME__
#else
#define SB_ZEPHYR_FILE __FILE__
#endif
#define SB_ZEPHYR_STR2(x) #x
#define SB_ZEPHYR_STR(x) SB_ZEPHYR_STR2(x)
#define SB_ZEPHYR_DESC(linkage, name, cb, wcb, wq, async, count)                                   \
    linkage const struct net_socket_service_desc name = {#name,                                    \
                                                         SB_ZEPHYR_FILE                            \
                                                         ":" SB_ZEPHYR_STR(__LINE__),              \
                                                         cb,                                       \
                                                         wcb,                                      \
                                                         wq,                                       \
                                                         async,                                    \
                                                         count,                                    \
                                                         SB_ZEPHYR_FILE,                           \
                                                         __LINE__};                                \
    [[maybe_unused]] static const bool sb_zephyr_registered_##name =                               \
        ::ns3::zephyr::RegisterDescriptor(&name)
#define SB_ZEPHYR_SYNC3(linkage, name, cb, count)                                                  \
    SB_ZEPHYR_DESC(linkage,                                                                        \
                   name,                                                                           \
                   static_cast<net_socket_service_handler_t>(cb),                                  \
                   nullptr,                                                                        \
                   nullptr,                                                                        \
                   false,                                                                          \
                   count)
#define SB_ZEPHYR_SYNC4(linkage, name, work_q, cb, count)                                          \
    SB_ZEPHYR_DESC(linkage, name, nullptr, static_cast<k_work_handler_t>(cb), work_q, false, count)
#define SB_ZEPHYR_PICK(_1, _2, _3, _4, NAME, ...) NAME
#define SB_ZEPHYR_EXTERN extern
#define SB_ZEPHYR_STATIC static
/// \endcond

/**
 * \brief Define a socket service with external linkage (spec SS3).
 *
 * v4 form `(name, cb, count)` with a net_socket_service_handler_t; v3.6/v3.7 form
 * `(name, work_q, cb, count)` with a k_work_handler_t. A node takes a descriptor only when
 * its shape matches the node's Semantics (the 4-argument form for ZEPHYR_V3_6).
 */
#define NET_SOCKET_SERVICE_SYNC_DEFINE(...)                                                        \
    SB_ZEPHYR_PICK(__VA_ARGS__, SB_ZEPHYR_SYNC4, SB_ZEPHYR_SYNC3, unused)                          \
    (SB_ZEPHYR_EXTERN, __VA_ARGS__)

/// Define a socket service with file scope (spec SS3); forms as NET_SOCKET_SERVICE_SYNC_DEFINE.
#define NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(...)                                                 \
    SB_ZEPHYR_PICK(__VA_ARGS__, SB_ZEPHYR_SYNC4, SB_ZEPHYR_SYNC3, unused)                          \
    (SB_ZEPHYR_STATIC, __VA_ARGS__)

/// v3.6 only (spec SS33): a service whose handler runs as a work item on \p work_q.
#define NET_SOCKET_SERVICE_ASYNC_DEFINE(name, work_q, cb, count)                                   \
    SB_ZEPHYR_DESC(extern, name, nullptr, static_cast<k_work_handler_t>(cb), work_q, true, count)

/// v3.6 only (spec SS33): NET_SOCKET_SERVICE_ASYNC_DEFINE with file scope.
#define NET_SOCKET_SERVICE_ASYNC_DEFINE_STATIC(name, work_q, cb, count)                            \
    SB_ZEPHYR_DESC(static, name, nullptr, static_cast<k_work_handler_t>(cb), work_q, true, count)

/**
 * \brief Register sockets with a service (spec SS7-SS12): replaces the service's set.
 * \param svc the service
 * \param fds the sockets (copied; fd < 0 marks an unused slot)
 * \param len how many
 * \param user_data given to the handler for every slot set by this call
 * \return 0, -ENOENT (\p svc not a service of this node), -ENOMEM (\p len above the slot
 *         count) or -EIO (the service thread failed or stopped); never -EINVAL
 */
int net_socket_service_register(const struct net_socket_service_desc* svc,
                                struct zsock_pollfd* fds,
                                int len,
                                void* user_data);

/// Remove a service's sockets (spec SS13). \return 0, -ENOENT or -EIO \param svc the service
int net_socket_service_unregister(const struct net_socket_service_desc* svc);

/**
 * \brief Have the service thread close the service's sockets at its next rebuild (spec SS14;
 * Semantics V4_3 and MAIN only: elsewhere the violation "api-not-in-version" and -ENOENT).
 * \param svc the service
 * \return 0, -ENOENT or -EIO
 */
int net_socket_service_close(const struct net_socket_service_desc* svc);

/// Callback of net_socket_service_foreach().
typedef void (*net_socket_service_cb_t)(const struct net_socket_service_desc* svc, void* user_data);

/// Call \p cb for each service of the calling node in section order (SS6, SS19).
/// \param cb the callback \param user_data passed on
void net_socket_service_foreach(net_socket_service_cb_t cb, void* user_data);

#endif /* SOCKBENCH_ZEPHYR_SOCKET_SERVICE_H */
