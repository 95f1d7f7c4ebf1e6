/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench, Zephyr personality: a node's socket-service thread and its services.
 */

#ifndef SOCKBENCH_ZEPHYR_NODE_H
#define SOCKBENCH_ZEPHYR_NODE_H

#include "zephyr-socket-service.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/sockbench-host.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class Node;

/**
 * \ingroup sockbench
 * \brief Which Zephyr release the socket services behave like (spec socket-service.md §5).
 */
enum ZephyrSemantics
{
    ZEPHYR_V3_6, //!< v3.6: work_q argument, ASYNC services, register patches the polled array
    ZEPHYR_V4_0, //!< v4.0: v4 handler type; restart checked before dispatch
    ZEPHYR_V4_1, //!< v4.1: restart after dispatch, skipped when a callback ran; lookup miss
    ZEPHYR_V4_2, //!< v4.2: as v4.1, and register empties all slots first
    ZEPHYR_V4_3, //!< v4.3: the ret>0 bug fixed; net_socket_service_close (backport)
    ZEPHYR_MAIN, //!< upstream main after PR #115800 (the default)
};

/// \return "V3_6", ..., "MAIN" (the attribute's value names) \param s the semantics
const char* ZephyrSemanticsName(ZephyrSemantics s);

/**
 * \ingroup sockbench
 * \brief The rows of the spec's version table (§5) for one release. The engine tests these
 * booleans, never release numbers (SM11).
 */
struct ZephyrVersionTraits
{
    bool workQueueShape;              //!< DEFINE takes work_q, handler is a k_work (≤v3.7)
    bool asyncServices;               //!< ASYNC_DEFINE exists (v3.6)
    bool registerPatchesPolledArray;  //!< register writes the polled array directly (v3.6)
    bool restartCheckBeforeDispatch;  //!< eventfd checked before dispatch (≤v4.0)
    bool restartSkippedIfCallbackRan; //!< the ret>0 bug (v4.1, v4.2)
    bool lookupMissAbandonsRound;     //!< lookup miss: abandon the round, rebuild (≥v4.1)
    bool registerEmptiesAllSlots;     //!< every register empties the service first (≥v4.2)
    bool hasServiceClose;             //!< net_socket_service_close (v4.3 backport, main)
    bool skipOrDisarmReconfigured;    //!< SS24 and the conditional re-enable of SS25 (main)
    bool copyBackAllSlots;            //!< re-enable copies back all the service's slots (≤v4.0)
    bool registerOnFailedThreadHangs; //!< register hangs instead of -EIO (v3.6, SB1)
};

/// \return the table row of \p s \param s the semantics
ZephyrVersionTraits GetZephyrVersionTraits(ZephyrSemantics s);

/**
 * \brief What Zephyr's poll reports for an endpoint (spec SS30, SM8), from the host's
 * Linux-shaped readiness: a pending error is POLLERR; Zephyr has no POLLRDHUP, a peer's FIN is
 * POLLHUP; POLLHUP means EOF or an error only (Linux also reports it for a socket that never
 * connected, Zephyr does not); and a socket with POLLHUP or POLLERR is not POLLOUT (Zephyr
 * has no half-close).
 * \param endpoint the endpoint (null: POLLNVAL)
 * \return POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLNVAL bits
 */
uint32_t ZephyrReadiness(Ptr<HostEndpoint> endpoint);

/// \copydoc ZephyrReadiness(Ptr<HostEndpoint>)
/// \param socket whether \p endpoint is a SocketEndpoint (known by the caller)
uint32_t ZephyrReadiness(const HostEndpoint* endpoint, bool socket);

/**
 * \ingroup sockbench
 * \brief A node running Zephyr socket services (spec socket-service.md SM1-SM12).
 *
 * Aggregated to a node that has a SockbenchHost (ZephyrHelper::Install()). It owns the one
 * service thread of the node, "net_socket_service" (SS17): a simulated thread of the host
 * that polls all registered sockets and calls the services' handlers.
 *
 * How it runs (the SM rules):
 * - the global poll array is laid out once: entry 0 is an eventfd (the restart counter),
 *   then each service's slots in name order (SS18, SS19);
 * - while the thread waits in poll, a readiness change of any enabled entry wakes it with
 *   exactly one resume event; the round's snapshot is taken when that event executes (SM4);
 * - a round dispatches the ready entries in index order (SS22-SS25), each handler taking
 *   HandlerDuration of simulated time; then the restart check and rebuild (SS26, SS20);
 * - readiness is level-triggered (SS27): an undrained socket comes back next round. After
 *   BusyLoopLimit rounds at one instant the thread stops and records the violation
 *   "busy-loop" instead of hanging the simulation (SM7).
 *
 * Nothing scans all descriptors per event: readiness listeners feed an ordered set of ready
 * entries, and the handler lookup by fd is indexed.
 *
 * Trace records (personality "zephyr"): the calls, UPCALL "callback" per handler call, STATE
 * "round", "rebuild", "lookup-miss", "entry-skipped", "entry-disarmed", "service-thread", and
 * the violations "busy-loop", "close-while-polled", "api-not-in-version", "register-hang".
 */
class ZephyrNode : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ZephyrNode();
    ~ZephyrNode() override;

    /**
     * TracedCallback signature of the "Callback" trace source.
     * \param service the service's name
     * \param round the round number
     * \param fd the entry's fd
     * \param events the registered events
     * \param revents the round's revents
     */
    typedef void (*CallbackTracedCallback)(const std::string& service,
                                           uint64_t round,
                                           int fd,
                                           int events,
                                           int revents);

    /// States of the service thread (SS7, SS18, SS29).
    enum ThreadState
    {
        INIT,    //!< not started yet
        RUNNING, //!< polling or dispatching
        FAILED,  //!< start-up failed (no services, or the array exceeds PollMax)
        STOPPED, //!< poll failed, the busy-loop guard fired, or Shutdown()
    };

    /// \return "init", "running", "failed", "stopped" \param s a state
    static const char* ThreadStateName(ThreadState s);

    /**
     * \brief The services of this node (the "firmware image"). Call before Start(). Without
     * it the node takes every descriptor defined in the program.
     * \param services descriptors; duplicates are ignored
     */
    void SetServices(const std::vector<const net_socket_service_desc*>& services);

    /**
     * \brief Lay out the services and spawn the service thread at StartTime (SM1). Called by
     * ZephyrHelper::Install(). Descriptors whose shape does not fit Semantics are left out
     * with the violation "api-not-in-version".
     */
    void Start();

    /// \return the node's host
    Ptr<SockbenchHost> GetHost() const;

    /// \return the semantics (attribute Semantics)
    ZephyrSemantics GetSemantics() const;
    /// \return the version table row in use
    const ZephyrVersionTraits& GetTraits() const;

    /// \param svc a service \param duration simulated time each of its handler calls takes
    /// (SM5; overrides the HandlerDuration attribute for this service)
    void SetHandlerDuration(const net_socket_service_desc* svc, Time duration);

    /// \return the service thread's state
    ThreadState GetThreadState() const;
    /// \return the service thread's id on the host (0 before Start())
    uint32_t GetThreadId() const;
    /// \return the restart eventfd (-1 before the thread ran)
    int GetEventFd() const;
    /// \return the installed services in section order (SS19)
    std::vector<const net_socket_service_desc*> GetServices() const;
    /// \return whether \p svc is installed here \param svc a descriptor
    bool HasService(const net_socket_service_desc* svc) const;
    /// \return the base index of \p svc in the poll array, or -1 \param svc a service (SS18)
    int GetBaseIndex(const net_socket_service_desc* svc) const;
    /// \return the slots of \p svc (pev_len of them), or null \param svc a service (SS2)
    const net_socket_service_event* GetSlots(const net_socket_service_desc* svc) const;
    /// \return the size of the poll array (1 + sum of slot counts)
    uint32_t GetPollArraySize() const;
    /**
     * \brief Whether \p fd is in the poll array now (enabled), and with which events.
     * \param fd a descriptor
     * \param events the events of the first such entry, if any (may be null)
     * \return true when some enabled entry has \p fd
     */
    bool IsPolled(int fd, short* events = nullptr) const;
    /// \return poll rounds so far
    uint64_t GetRoundCount() const;
    /// \return handler calls so far
    uint64_t GetCallbackCount() const;
    /// \return rebuilds so far (start-up included)
    uint64_t GetRebuildCount() const;

    /// The next poll fails (as when k_poll events run out, SS29): the thread stops (or, with
    /// PollErrorRecovery, rebuilds and goes on: ST7).
    void FailNextPoll();
    /// Stop the service thread and close its eventfd (end of a scenario), as STOPPED.
    void Shutdown();

    // ---- used by the API functions (zephyr-socket-service.cc, zephyr-socket.cc) ----------

    /**
     * \brief The node a Zephyr call belongs to: the ZephyrScope in force, else the node whose
     * host has a simulated thread running.
     * \return the node, or null
     */
    static ZephyrNode* Current();

    /// register/unregister/close (SS7-SS14). \return 0 or a negative errno
    /// \param svc service \param fds sockets \param len count \param userData user data
    /// \param call "register", "unregister" or "close" (for traces)
    int Register(const net_socket_service_desc* svc,
                 zsock_pollfd* fds,
                 int len,
                 void* userData,
                 const char* call);
    /// zsock_close()'s check for a socket still in the polled array (SS16). \param fd the fd
    void CheckClose(int fd);

  protected:
    void DoDispose() override;
    void NotifyNewAggregate() override;

  private:
    /// One entry of the global poll array.
    struct Entry
    {
        int fd{-1};                 //!< polled fd; -1 while empty or disabled
        short events{0};            //!< polled events
        int watchFd{-1};            //!< the fd whose endpoint the listener watches
        Ptr<HostEndpoint> endpoint; //!< that endpoint (null: fd not open)
        bool socket{false};         //!< it is a SocketEndpoint (ZephyrReadiness)
        uint64_t listenerId{0};     //!< its listener, 0 when none
        uint32_t service{0};        //!< index of the owning service (entry 0: none)
    };

    /// Per-service data on this node.
    struct Service
    {
        const net_socket_service_desc* desc{nullptr}; //!< the descriptor
        uint32_t base{0};                             //!< base index (SS18)
        Time handlerDuration;                         //!< SM5
    };

    /// A descriptor -> entry indices index. The lowest index of each fd sits in a flat array
    /// (one cache line serves 16 fds: dispatch reads only that); further indices of the same
    /// fd (the same fd registered twice, SS23) in a map.
    class FdIndex
    {
      public:
        static constexpr uint32_t NONE = UINT32_MAX; //!< no index

        /// \return the lowest index of \p fd, or NONE \param fd a descriptor
        uint32_t First(int fd) const;
        /// \return all indices of \p fd, ascending \param fd a descriptor
        std::vector<uint32_t> All(int fd) const;
        /// \param fd descriptor (negative ones are not indexed) \param index entry to add
        void Add(int fd, uint32_t index);
        /// \param fd descriptor \param index entry to remove
        void Remove(int fd, uint32_t index);

      private:
        static constexpr int DIRECT = 1 << 20;       //!< fds below this use m_first
        std::vector<uint32_t> m_first;               //!< lowest index by fd
        std::map<int, uint32_t> m_firstLarge;        //!< lowest index of fds >= DIRECT
        std::map<int, std::vector<uint32_t>> m_more; //!< the other indices, sorted
        /// \return the lowest-index slot of \p fd, or null \param fd fd \param grow create
        uint32_t* FirstSlot(int fd, bool grow);
    };

    /// The enabled entries whose revents are not 0. Insert and erase are O(1) and allocate
    /// nothing once warm; the round takes them in ascending order (sorted then, O(k log k)).
    class ReadySet
    {
      public:
        /// \param entries the size of the poll array
        void Resize(size_t entries);
        /// \return whether no entry is ready
        bool Empty() const;
        /// \param index an entry that is ready
        void Insert(uint32_t index);
        /// \param index an entry that is not ready
        void Erase(uint32_t index);
        /// Forget every entry.
        void Clear();
        /// \param out the ready entries, ascending
        void Ordered(std::vector<uint32_t>& out);

      private:
        std::vector<uint8_t> m_flag;  //!< ready, by entry
        std::vector<uint32_t> m_list; //!< entries inserted since the last Ordered (may repeat)
        uint32_t m_count{0};          //!< ready entries
    };

    void Loop();
    bool StartUp();
    void Round();
    void Dispatch(uint32_t index, short revents, uint32_t slot);
    void Emit(TraceKind kind,
              const std::string& object,
              const std::string& name,
              std::vector<TraceField> fields);
    void Rebuild(const char* reason);
    void SetEntry(uint32_t index, int fd, short events);
    void Watch(uint32_t index);
    void Unwatch(uint32_t index);
    void Update(uint32_t index);
    short Revents(uint32_t index) const;
    void OnDescriptor(int fd);
    void SetSlotFd(uint32_t slot, int fd);
    /// Copy slots [\p first, \p end) into the same entries of the poll array.
    void CopySlots(uint32_t first, uint32_t end);
    /// \return the first enabled entry polling \p fd, or FdIndex::NONE \param fd the fd
    uint32_t PolledEntry(int fd) const;
    /// \return "ud:N" numbering user_data pointers in order of first use ("null" for null)
    /// \param userData a pointer
    std::string UserDataName(void* userData);
    void Stop();
    void RunWorkQueue();
    void SetState(ThreadState state);
    std::string ServiceObject(uint32_t service) const;
    Service* FindService(const net_socket_service_desc* svc);
    const Service* FindService(const net_socket_service_desc* svc) const;

    // attributes
    ZephyrSemantics m_semantics{ZEPHYR_MAIN}; //!< attribute Semantics
    ZephyrVersionTraits m_traits{};           //!< its table row
    Time m_startTime;                         //!< attribute StartTime
    uint32_t m_pollMax{20};                   //!< attribute PollMax
    uint32_t m_busyLoopLimit{1000};           //!< attribute BusyLoopLimit
    Time m_handlerDuration;                   //!< attribute HandlerDuration
    Time m_pollLatency;                       //!< attribute PollLatency
    Time m_roundOverhead;                     //!< attribute RoundOverhead
    bool m_logDbg{false};                     //!< attribute SocketLogDbg
    bool m_pollErrorRecovery{false};          //!< attribute PollErrorRecovery
    bool m_traceRounds{false};                //!< attribute TraceRounds

    Ptr<SockbenchHost> m_host;                                         //!< the node's host
    bool m_servicesSet{false};                                         //!< SetServices() was called
    std::vector<const net_socket_service_desc*> m_chosen;              //!< SetServices() list
    std::vector<Service> m_services;                                   //!< in section order
    std::map<const net_socket_service_desc*, uint32_t> m_serviceIndex; //!< lookup only
    std::vector<net_socket_service_event> m_slots;      //!< by entry index (slot 0 unused)
    std::vector<Entry> m_entries;                       //!< the poll array
    FdIndex m_slotsByFd;                                //!< slot fd -> slots (SS23 lookup)
    FdIndex m_watchers;                                 //!< watched fd -> entries
    ReadySet m_ready;                                   //!< enabled entries with revents != 0
    std::vector<uint32_t> m_order;                      //!< Round(): the ready entries
    std::vector<std::pair<uint32_t, short>> m_snapshot; //!< the round's snapshot
    ThreadState m_state{INIT};                          //!< service thread state
    bool m_started{false};                              //!< Start() ran
    bool m_idle{false};                                 //!< waiting in poll
    bool m_wakePending{false};                          //!< the wake event exists
    bool m_failNextPoll{false};                         //!< FailNextPoll()
    bool m_shutdown{false};                             //!< Shutdown()
    uint32_t m_threadId{0};                             //!< service thread
    int m_eventFd{-1};                                  //!< restart counter (entry 0)
    Ptr<HostEndpoint> m_eventEndpoint;                  //!< its endpoint
    WaitQueue m_idleQueue;                              //!< the thread waits here in poll
    WaitQueue m_initQueue;                              //!< registers waiting for the start
    WaitQueue m_hangQueue;                              //!< v3.6 registers on a failed thread
    /// trace source "Callback"
    TracedCallback<const std::string&, uint64_t, int, int, int> m_callbackTrace;
    uint64_t m_rounds{0};                    //!< rounds so far
    uint64_t m_callbacks{0};                 //!< handler calls so far
    uint64_t m_rebuilds{0};                  //!< rebuilds so far
    int64_t m_lastRoundNs{-1};               //!< time of the last round
    uint32_t m_roundsAtInstant{0};           //!< rounds at that time (SM7)
    uint64_t m_descriptorObserver{0};        //!< host observer id
    std::map<void*, uint32_t> m_userDataIds; //!< UserDataName() (lookup only)

    // v3.6 ASYNC services (SS33): the system work queue
    std::deque<uint32_t> m_workItems; //!< submitted slots (entry indices)
    WaitQueue m_workQueue;            //!< the work thread waits here
};

/**
 * \ingroup sockbench
 * \brief Make Zephyr calls made outside simulated threads (in ns-3 events) belong to a node,
 * for the lifetime of the object.
 */
class ZephyrScope
{
  public:
    /// \param node a node with a ZephyrNode
    explicit ZephyrScope(Ptr<Node> node);
    ~ZephyrScope();
    ZephyrScope(const ZephyrScope&) = delete;
    ZephyrScope& operator=(const ZephyrScope&) = delete;

  private:
    ZephyrNode* m_previous; //!< the scope in force before
};

} // namespace ns3

#endif /* SOCKBENCH_ZEPHYR_NODE_H */
