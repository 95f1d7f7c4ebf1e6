/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench, Zephyr personality: the socket-service thread (spec socket-service.md SM1-SM12).
 */

#include "zephyr-node.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/eventfd-endpoint.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/ns3-compat.h"
#include "ns3/simulator.h"
#include "ns3/socket-endpoint.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <poll.h>
#include <sys/eventfd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ZephyrNode");

NS_OBJECT_ENSURE_REGISTERED(ZephyrNode);

namespace
{
/// The events value of a slot marked for closing (spec SS14: INT16_MIN).
constexpr short CLOSE_MARK = INT16_MIN;

/// Poll bits Zephyr reports.
constexpr uint32_t ZEPHYR_BITS = POLLIN | POLLPRI | POLLOUT | POLLERR | POLLHUP | POLLNVAL;

/// \return the nodes that run services, in creation order (for ZephyrNode::Current())
std::vector<ZephyrNode*>&
LiveNodes()
{
    static std::vector<ZephyrNode*> nodes;
    return nodes;
}

/// The ZephyrScope in force, if any.
ZephyrNode* g_scope = nullptr;

/// \return the program's descriptors, in definition (static initialisation) order
std::vector<const net_socket_service_desc*>&
Descriptors()
{
    static std::vector<const net_socket_service_desc*> descriptors;
    return descriptors;
}

/// \return whether \p a comes before \p b in section order (SS19: name + "_" byte-wise;
/// equal names, possible with _STATIC services in two files, by file and line)
bool
SectionOrder(const net_socket_service_desc* a, const net_socket_service_desc* b)
{
    std::string ka = std::string(a->name) + "_";
    std::string kb = std::string(b->name) + "_";
    if (ka != kb)
    {
        return ka < kb;
    }
    int f = std::string(a->file).compare(b->file);
    if (f != 0)
    {
        return f < 0;
    }
    return a->line < b->line;
}
} // namespace

namespace zephyr
{
bool
RegisterDescriptor(const net_socket_service_desc* desc)
{
    Descriptors().push_back(desc);
    return true;
}
} // namespace zephyr

const char*
ZephyrSemanticsName(ZephyrSemantics s)
{
    switch (s)
    {
    case ZEPHYR_V3_6:
        return "V3_6";
    case ZEPHYR_V4_0:
        return "V4_0";
    case ZEPHYR_V4_1:
        return "V4_1";
    case ZEPHYR_V4_2:
        return "V4_2";
    case ZEPHYR_V4_3:
        return "V4_3";
    case ZEPHYR_MAIN:
        return "MAIN";
    }
    return "?";
}

ZephyrVersionTraits
GetZephyrVersionTraits(ZephyrSemantics s)
{
    // The rows of spec §5, one column per release.
    ZephyrVersionTraits t{};
    t.workQueueShape = s == ZEPHYR_V3_6;
    t.asyncServices = s == ZEPHYR_V3_6;
    t.registerPatchesPolledArray = s == ZEPHYR_V3_6;
    t.restartCheckBeforeDispatch = s == ZEPHYR_V3_6 || s == ZEPHYR_V4_0;
    t.restartSkippedIfCallbackRan = s == ZEPHYR_V4_1 || s == ZEPHYR_V4_2;
    t.lookupMissAbandonsRound = s >= ZEPHYR_V4_1;
    t.registerEmptiesAllSlots = s >= ZEPHYR_V4_2;
    t.hasServiceClose = s >= ZEPHYR_V4_3;
    t.skipOrDisarmReconfigured = s == ZEPHYR_MAIN;
    t.copyBackAllSlots = s == ZEPHYR_V3_6 || s == ZEPHYR_V4_0; // v4.0.0 too (read in the source)
    t.registerOnFailedThreadHangs = s == ZEPHYR_V3_6;
    return t;
}

uint32_t
ZephyrReadiness(Ptr<HostEndpoint> endpoint)
{
    return ZephyrReadiness(PeekPointer(endpoint),
                           endpoint && DynamicCast<SocketEndpoint>(endpoint) != nullptr);
}

uint32_t
ZephyrReadiness(const HostEndpoint* endpoint, bool socket)
{
    if (!endpoint)
    {
        return POLLNVAL; // SS30, SS31
    }
    uint32_t r = endpoint->GetPollReadiness();
    if (!socket)
    {
        return r & ZEPHYR_BITS;
    }
    if (r & POLLRDHUP)
    {
        r |= POLLHUP; // a peer's FIN (Zephyr has no POLLRDHUP)
    }
    else if (!(r & POLLERR))
    {
        r &= ~POLLHUP; // Linux's POLLHUP of a socket that never connected: not in Zephyr
    }
    if (r & (POLLHUP | POLLERR))
    {
        // Zephyr has no half-close (it answers a FIN with its own at once) and reports an
        // RST as POLLERR|POLLHUP: a dead connection is not writable, unlike Linux's.
        r &= ~POLLOUT;
    }
    return r & ZEPHYR_BITS;
}

// ---- FdIndex -------------------------------------------------------------------------------

uint32_t*
ZephyrNode::FdIndex::FirstSlot(int fd, bool grow)
{
    if (fd < 0)
    {
        return nullptr;
    }
    if (fd < DIRECT)
    {
        if (static_cast<size_t>(fd) >= m_first.size())
        {
            if (!grow)
            {
                return nullptr;
            }
            m_first.resize(fd + 1, NONE);
        }
        return &m_first[fd];
    }
    auto it = m_firstLarge.find(fd);
    if (it == m_firstLarge.end())
    {
        if (!grow)
        {
            return nullptr;
        }
        it = m_firstLarge.emplace(fd, NONE).first;
    }
    return &it->second;
}

uint32_t
ZephyrNode::FdIndex::First(int fd) const
{
    if (fd >= 0 && fd < DIRECT)
    {
        return static_cast<size_t>(fd) < m_first.size() ? m_first[fd] : NONE;
    }
    auto it = m_firstLarge.find(fd);
    return it == m_firstLarge.end() ? NONE : it->second;
}

std::vector<uint32_t>
ZephyrNode::FdIndex::All(int fd) const
{
    std::vector<uint32_t> out;
    uint32_t first = First(fd);
    if (first == NONE)
    {
        return out;
    }
    out.push_back(first);
    auto it = m_more.find(fd);
    if (it != m_more.end())
    {
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    return out;
}

void
ZephyrNode::FdIndex::Add(int fd, uint32_t index)
{
    uint32_t* first = FirstSlot(fd, true);
    if (!first)
    {
        return;
    }
    if (*first == NONE)
    {
        *first = index;
        return;
    }
    std::vector<uint32_t>& more = m_more[fd];
    uint32_t other = index;
    if (index < *first)
    {
        other = *first;
        *first = index;
    }
    more.insert(std::lower_bound(more.begin(), more.end(), other), other);
}

void
ZephyrNode::FdIndex::Remove(int fd, uint32_t index)
{
    uint32_t* first = FirstSlot(fd, false);
    if (!first || *first == NONE)
    {
        return;
    }
    auto it = m_more.find(fd);
    if (*first == index)
    {
        if (it == m_more.end())
        {
            *first = NONE;
            if (fd >= DIRECT)
            {
                m_firstLarge.erase(fd);
            }
            return;
        }
        *first = it->second.front();
        it->second.erase(it->second.begin());
    }
    else if (it != m_more.end())
    {
        auto pos = std::lower_bound(it->second.begin(), it->second.end(), index);
        if (pos != it->second.end() && *pos == index)
        {
            it->second.erase(pos);
        }
    }
    if (it != m_more.end() && it->second.empty())
    {
        m_more.erase(it);
    }
}

// ---- ReadySet ------------------------------------------------------------------------------

void
ZephyrNode::ReadySet::Resize(size_t entries)
{
    m_flag.assign(entries, 0);
    m_list.clear();
    m_count = 0;
}

bool
ZephyrNode::ReadySet::Empty() const
{
    return m_count == 0;
}

void
ZephyrNode::ReadySet::Insert(uint32_t index)
{
    if (!m_flag[index])
    {
        m_flag[index] = 1;
        ++m_count;
        m_list.push_back(index);
    }
}

void
ZephyrNode::ReadySet::Erase(uint32_t index)
{
    if (index < m_flag.size() && m_flag[index])
    {
        m_flag[index] = 0;
        --m_count; // its m_list element is dropped by the next Ordered()
    }
}

void
ZephyrNode::ReadySet::Clear()
{
    for (uint32_t i : m_list)
    {
        m_flag[i] = 0;
    }
    m_list.clear();
    m_count = 0;
}

void
ZephyrNode::ReadySet::Ordered(std::vector<uint32_t>& out)
{
    out.clear();
    for (uint32_t i : m_list)
    {
        if (m_flag[i] == 1)
        {
            m_flag[i] = 2; // taken (an index may be listed twice)
            out.push_back(i);
        }
    }
    for (uint32_t i : out)
    {
        m_flag[i] = 1;
    }
    std::sort(out.begin(), out.end());
    m_list = out;
}

// ---- ZephyrNode ----------------------------------------------------------------------------

TypeId
ZephyrNode::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ZephyrNode")
            .SetParent<Object>()
            .SetGroupName("Sockbench")
            .AddConstructor<ZephyrNode>()
            .AddAttribute("Semantics",
                          "Which Zephyr release the socket services behave like (spec §5).",
                          EnumValue(ZEPHYR_MAIN),
                          sockbench::EnumAccessor<ZephyrSemantics>(&ZephyrNode::m_semantics, 0),
                          MakeEnumChecker(ZEPHYR_V3_6,
                                          "V3_6",
                                          ZEPHYR_V4_0,
                                          "V4_0",
                                          ZEPHYR_V4_1,
                                          "V4_1",
                                          ZEPHYR_V4_2,
                                          "V4_2",
                                          ZEPHYR_V4_3,
                                          "V4_3",
                                          ZEPHYR_MAIN,
                                          "MAIN"))
            .AddAttribute("StartTime",
                          "When the service thread starts (net_init at POST_KERNEL, SM1).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&ZephyrNode::m_startTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("PollMax",
                          "CONFIG_ZVFS_POLL_MAX: the largest poll array (SS18). The default is "
                          "the echo_service sample's prj.conf value (Zephyr's own default is 3).",
                          UintegerValue(20),
                          MakeUintegerAccessor(&ZephyrNode::m_pollMax),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("BusyLoopLimit",
                          "Rounds at one simulated instant after which the thread stops with "
                          "the violation busy-loop (SM7).",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&ZephyrNode::m_busyLoopLimit),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("HandlerDuration",
                          "Simulated time each handler call takes (SM5), for every service; "
                          "SetHandlerDuration() sets it per service.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&ZephyrNode::m_handlerDuration),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("PollLatency",
                          "Time from a readiness change to the poll returning (SM4).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&ZephyrNode::m_pollLatency),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("RoundOverhead",
                          "Time between a round and the next when entries are still ready "
                          "(SM6). Zero still lets other threads woken at that instant run "
                          "first: the service thread has the lowest priority (SS17).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&ZephyrNode::m_roundOverhead),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("PollErrorRecovery",
                          "A failed poll rebuilds the array and goes on, as in the fork of "
                          "PR #115800's author (ST7), instead of stopping the thread as "
                          "upstream does (SS29).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&ZephyrNode::m_pollErrorRecovery),
                          MakeBooleanChecker())
            .AddAttribute("SocketLogDbg",
                          "CONFIG_NET_SOCKETS_LOG_LEVEL_DBG: descriptors show their owner "
                          "(file:line) in traces (SS1).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&ZephyrNode::m_logDbg),
                          MakeBooleanChecker())
            .AddAttribute("TraceRounds",
                          "Each round record lists the polled entries (fd/events); costs a "
                          "scan of the array per round, for tests.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&ZephyrNode::m_traceRounds),
                          MakeBooleanChecker())
            .AddTraceSource("Callback",
                            "A handler is called (SS25): service, round, fd, events, revents.",
                            MakeTraceSourceAccessor(&ZephyrNode::m_callbackTrace),
                            "ns3::ZephyrNode::CallbackTracedCallback");
    return tid;
}

ZephyrNode::ZephyrNode()
{
    NS_LOG_FUNCTION(this);
}

ZephyrNode::~ZephyrNode()
{
    NS_LOG_FUNCTION(this);
    // Normally done by DoDispose(); a node destroyed without it must not stay findable.
    auto& nodes = LiveNodes();
    nodes.erase(std::remove(nodes.begin(), nodes.end(), this), nodes.end());
    if (g_scope == this)
    {
        g_scope = nullptr;
    }
}

const char*
ZephyrNode::ThreadStateName(ThreadState s)
{
    switch (s)
    {
    case INIT:
        return "init";
    case RUNNING:
        return "running";
    case FAILED:
        return "failed";
    case STOPPED:
        return "stopped";
    }
    return "?";
}

void
ZephyrNode::NotifyNewAggregate()
{
    if (!m_host)
    {
        if (Ptr<Node> node = GetObject<Node>())
        {
            m_host = node->GetObject<SockbenchHost>();
        }
    }
    Object::NotifyNewAggregate();
}

void
ZephyrNode::DoDispose()
{
    NS_LOG_FUNCTION(this);
    auto& nodes = LiveNodes();
    nodes.erase(std::remove(nodes.begin(), nodes.end(), this), nodes.end());
    if (g_scope == this)
    {
        g_scope = nullptr;
    }
    for (uint32_t i = 0; i < m_entries.size(); ++i)
    {
        Unwatch(i);
    }
    if (m_host && m_descriptorObserver)
    {
        m_host->RemoveDescriptorObserver(m_descriptorObserver);
    }
    m_descriptorObserver = 0;
    m_ready.Clear();
    m_entries.clear();
    m_slots.clear();
    m_eventEndpoint = nullptr;
    m_host = nullptr;
    Object::DoDispose();
}

void
ZephyrNode::SetServices(const std::vector<const net_socket_service_desc*>& services)
{
    NS_ABORT_MSG_IF(m_started, "ZephyrNode::SetServices after Start()");
    m_servicesSet = true;
    m_chosen = services;
}

Ptr<SockbenchHost>
ZephyrNode::GetHost() const
{
    return m_host;
}

ZephyrSemantics
ZephyrNode::GetSemantics() const
{
    return m_semantics;
}

const ZephyrVersionTraits&
ZephyrNode::GetTraits() const
{
    return m_traits;
}

void
ZephyrNode::Emit(TraceKind kind,
                 const std::string& object,
                 const std::string& name,
                 std::vector<TraceField> fields)
{
    if (m_host && m_host->IsTracing())
    {
        m_host->Emit(kind, "zephyr", object, name, std::move(fields));
    }
}

std::string
ZephyrNode::ServiceObject(uint32_t service) const
{
    const net_socket_service_desc* d = m_services[service].desc;
    std::string object = std::string("svc:") + d->name;
    if (m_logDbg && d->owner)
    {
        object += std::string("@") + d->owner;
    }
    return object;
}

void
ZephyrNode::Start()
{
    NS_LOG_FUNCTION(this);
    if (m_started)
    {
        return;
    }
    NS_ABORT_MSG_IF(!m_host,
                    "ZephyrNode::Start: the node has no SockbenchHost (install one with "
                    "SockbenchHelper first)");
    m_started = true;
    m_traits = GetZephyrVersionTraits(m_semantics);
    std::vector<const net_socket_service_desc*> chosen = m_servicesSet ? m_chosen : Descriptors();
    chosen.erase(std::remove(chosen.begin(), chosen.end(), nullptr), chosen.end());
    std::sort(chosen.begin(), chosen.end(), SectionOrder);
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    uint32_t base = 1;
    for (const net_socket_service_desc* d : chosen)
    {
        bool workShape = d->workHandler != nullptr;
        if (workShape != m_traits.workQueueShape || (d->async && !m_traits.asyncServices))
        {
            // A descriptor of another release's shape does not compile there (SS3, SS33).
            m_host->RecordViolation("zephyr",
                                    std::string("svc:") + d->name,
                                    "api-not-in-version",
                                    {{"semantics", std::string(ZephyrSemanticsName(m_semantics))},
                                     {"define",
                                      std::string(d->async    ? "ASYNC"
                                                  : workShape ? "SYNC(work_q)"
                                                              : "SYNC")}});
            continue;
        }
        m_serviceIndex[d] = static_cast<uint32_t>(m_services.size());
        m_services.push_back(Service{d, base, m_handlerDuration});
        base += static_cast<uint32_t>(d->pev_len);
    }
    m_entries.resize(base);
    m_ready.Resize(base);
    m_slots.resize(base);
    for (uint32_t k = 0; k < m_services.size(); ++k)
    {
        const Service& s = m_services[k];
        for (uint32_t j = 0; j < s.desc->pev_len; ++j)
        {
            net_socket_service_event& ev = m_slots[s.base + j];
            ev.work.handler = s.desc->workHandler;
            ev.callback = s.desc->callback;
            ev.event = zsock_pollfd{-1, 0, 0};
            ev.user_data = nullptr;
            ev.svc = s.desc;
            m_entries[s.base + j].service = k;
        }
    }
    LiveNodes().push_back(this);
    m_descriptorObserver = m_host->AddDescriptorObserver([this](int fd) { OnDescriptor(fd); });
    m_threadId = m_host->Spawn(
        "net_socket_service",
        [this] { Loop(); },
        m_startTime);
    bool async = false;
    for (const Service& s : m_services)
    {
        async = async || s.desc->async;
    }
    if (async)
    {
        m_host->Spawn(
            "sysworkq",
            [this] { RunWorkQueue(); },
            m_startTime);
    }
}

void
ZephyrNode::SetState(ThreadState state)
{
    m_state = state;
    Emit(TraceKind::STATE,
         "thread:net_socket_service",
         "service-thread",
         {{"state", std::string(ThreadStateName(state))}});
}

bool
ZephyrNode::StartUp()
{
    // SS18: no services, or an array larger than CONFIG_ZVFS_POLL_MAX: FAILED.
    if (m_services.empty() || m_entries.size() > m_pollMax)
    {
        Emit(TraceKind::NOTE,
             "thread:net_socket_service",
             "layout",
             {{"entries", static_cast<int64_t>(m_entries.size())},
              {"poll_max", static_cast<int64_t>(m_pollMax)}});
        SetState(FAILED);
        m_initQueue.WakeAll();
        return false;
    }
    int fd = m_host->EventFd(0, EFD_NONBLOCK);
    if (fd < 0)
    {
        // SB1 residual: the thread stops without waking registers waiting for the start.
        SetState(STOPPED);
        return false;
    }
    m_eventFd = fd;
    m_eventEndpoint = m_host->GetEndpoint(fd);
    SetState(RUNNING);
    SetEntry(0, fd, POLLIN);
    m_initQueue.WakeAll();
    Rebuild("start");
    return true;
}

void
ZephyrNode::Loop()
{
    if (m_shutdown || !StartUp())
    {
        return;
    }
    while (m_state == RUNNING && !m_shutdown)
    {
        if (m_ready.Empty() && !m_failNextPoll)
        {
            // Blocked in zsock_poll(): the first readiness change wakes the thread (SM4).
            m_idle = true;
            m_wakePending = false;
            m_host->Wait(m_idleQueue);
            m_idle = false;
            m_wakePending = false;
            if (m_pollLatency.IsStrictlyPositive() && m_state == RUNNING && !m_shutdown)
            {
                m_host->Sleep(m_pollLatency);
            }
            continue;
        }
        Round();
        if (m_state == RUNNING && !m_shutdown && !m_ready.Empty())
        {
            // Still ready (SS27): poll returns at once. The service thread has the lowest
            // priority, so threads woken at this instant run first (a zero sleep yields).
            m_host->Sleep(m_roundOverhead);
        }
    }
}

short
ZephyrNode::Revents(uint32_t index) const
{
    const Entry& e = m_entries[index];
    if (e.fd < 0)
    {
        return 0;
    }
    if (!e.endpoint)
    {
        return POLLNVAL; // SS30, SS31
    }
    uint32_t mask = static_cast<uint16_t>(e.events) | POLLERR | POLLHUP | POLLNVAL;
    return static_cast<short>(ZephyrReadiness(PeekPointer(e.endpoint), e.socket) & mask);
}

void
ZephyrNode::Update(uint32_t index)
{
    if (Revents(index) != 0)
    {
        m_ready.Insert(index);
        if (m_idle && !m_wakePending)
        {
            m_wakePending = true;
            m_idleQueue.WakeOne(); // the one wake event; the snapshot is taken when it runs
        }
    }
    else
    {
        m_ready.Erase(index);
    }
}

void
ZephyrNode::Watch(uint32_t index)
{
    Entry& e = m_entries[index];
    m_watchers.Add(e.watchFd, index);
    e.endpoint = m_host->GetEndpoint(e.watchFd);
    e.socket = DynamicCast<SocketEndpoint>(e.endpoint) != nullptr;
    if (e.endpoint)
    {
        e.listenerId = e.endpoint->AddChangeListener([this, index](uint32_t) { Update(index); });
    }
}

void
ZephyrNode::Unwatch(uint32_t index)
{
    Entry& e = m_entries[index];
    if (e.watchFd >= 0)
    {
        m_watchers.Remove(e.watchFd, index);
    }
    if (e.endpoint && e.listenerId)
    {
        e.endpoint->RemoveChangeListener(e.listenerId);
    }
    e.endpoint = nullptr;
    e.listenerId = 0;
    e.watchFd = -1;
}

void
ZephyrNode::SetEntry(uint32_t index, int fd, short events)
{
    Entry& e = m_entries[index];
    e.fd = fd;
    e.events = events;
    if (fd >= 0 && fd != e.watchFd)
    {
        Unwatch(index);
        e.watchFd = fd;
        Watch(index);
    }
    Update(index);
}

void
ZephyrNode::OnDescriptor(int fd)
{
    // A number was opened or freed: entries watching it follow the new endpoint (or none:
    // POLLNVAL), which is how a stale registration starts watching a new socket (SS31).
    for (uint32_t i : m_watchers.All(fd))
    {
        Unwatch(i);
        m_entries[i].watchFd = fd;
        Watch(i);
        Update(i);
    }
}

void
ZephyrNode::CopySlots(uint32_t first, uint32_t end)
{
    for (uint32_t i = first; i < end; ++i)
    {
        SetEntry(i, m_slots[i].event.fd, m_slots[i].event.events);
    }
}

void
ZephyrNode::SetSlotFd(uint32_t slot, int fd)
{
    int old = m_slots[slot].event.fd;
    if (old == fd)
    {
        return;
    }
    m_slotsByFd.Remove(old, slot);
    m_slotsByFd.Add(fd, slot);
    m_slots[slot].event.fd = fd;
}

void
ZephyrNode::Round()
{
    int64_t now = Simulator::Now().GetNanoSeconds();
    if (now == m_lastRoundNs)
    {
        ++m_roundsAtInstant;
    }
    else
    {
        m_lastRoundNs = now;
        m_roundsAtInstant = 1;
    }
    if (m_failNextPoll)
    {
        // SS29: poll failed; the thread exits. The egilll fork (ST7) rebuilds instead.
        m_failNextPoll = false;
        Emit(TraceKind::STATE,
             "thread:net_socket_service",
             "poll-failed",
             {{"recovered", int64_t{m_pollErrorRecovery ? 1 : 0}}});
        if (m_pollErrorRecovery)
        {
            Rebuild("poll-error");
            return;
        }
        Stop();
        return;
    }
    // The snapshot (SS21), in index order: only the ready entries are visited.
    m_snapshot.clear();
    m_ready.Ordered(m_order);
    for (uint32_t i : m_order)
    {
        m_snapshot.emplace_back(i, Revents(i));
    }
    ++m_rounds;
    if (m_roundsAtInstant > m_busyLoopLimit)
    {
        // SM7: a level-triggered spin (SS27, SS31) would never let time advance.
        uint32_t i = m_snapshot.empty() ? 0 : m_snapshot.front().first;
        if (i == 0 && m_snapshot.size() > 1)
        {
            i = m_snapshot[1].first;
        }
        std::string object =
            i == 0 ? "thread:net_socket_service" : ServiceObject(m_entries[i].service);
        m_host->RecordViolation(
            "zephyr",
            object,
            "busy-loop",
            {{"fd", int64_t{i == 0 ? m_eventFd : m_entries[i].fd}},
             {"revents", int64_t{m_snapshot.empty() ? 0 : m_snapshot.front().second}},
             {"rounds", static_cast<int64_t>(m_roundsAtInstant - 1)}});
        Stop();
        return;
    }
    if (m_host->IsTracing())
    {
        std::vector<TraceField> fields{{"n", static_cast<int64_t>(m_rounds)},
                                       {"ready", static_cast<int64_t>(m_snapshot.size())}};
        std::string list;
        for (const auto& [i, r] : m_snapshot)
        {
            list += (list.empty() ? "" : ",") + std::to_string(i) + ":" + std::to_string(r);
        }
        fields.push_back({"revents", list});
        if (m_traceRounds)
        {
            std::string polled;
            for (uint32_t i = 0; i < m_entries.size(); ++i)
            {
                if (m_entries[i].fd >= 0)
                {
                    polled += (polled.empty() ? "" : ",") + std::to_string(m_entries[i].fd) + "/" +
                              std::to_string(m_entries[i].events);
                }
            }
            fields.push_back({"polled", polled});
        }
        Emit(TraceKind::STATE, "thread:net_socket_service", "round", std::move(fields));
    }
    bool restart = !m_snapshot.empty() && m_snapshot.front().first == 0;
    auto drainAndRebuild = [this] {
        uint8_t buf[8];
        m_eventEndpoint->Read(buf, sizeof(buf));
        Rebuild("restart");
    };
    if (restart && m_traits.restartCheckBeforeDispatch)
    {
        drainAndRebuild(); // ≤v4.0: a pending restart means no callbacks this round (SS26)
        return;
    }
    bool callbackRan = false;
    for (size_t k = 0; k < m_snapshot.size(); ++k)
    {
        auto [index, revents] = m_snapshot[k];
        if (index == 0)
        {
            continue;
        }
        if (m_state != RUNNING || m_shutdown)
        {
            return;
        }
        Entry& e = m_entries[index];
        if (e.fd < 0)
        {
            continue; // disabled earlier in this round (SS22: fd < 0 is skipped)
        }
        // SS23: the first slot, in section order, whose current fd is the entry's fd.
        uint32_t slot = m_slotsByFd.First(e.fd);
        if (slot == FdIndex::NONE)
        {
            Emit(TraceKind::STATE,
                 ServiceObject(e.service),
                 "lookup-miss",
                 {{"index", int64_t{index}}, {"fd", int64_t{e.fd}}});
            if (m_traits.lookupMissAbandonsRound)
            {
                Rebuild("lookup-miss"); // without reading the eventfd
                return;
            }
            continue;
        }
        if (m_traits.skipOrDisarmReconfigured && m_slots[slot].event.events != e.events)
        {
            // SS24: re-registered with another mask or marked for close: no callback, and
            // the entry stays out of the array until the next rebuild.
            Emit(TraceKind::STATE,
                 ServiceObject(m_entries[slot].service),
                 "entry-skipped",
                 {{"index", int64_t{index}},
                  {"fd", int64_t{e.fd}},
                  {"events", int64_t{e.events}},
                  {"slot_events", int64_t{m_slots[slot].event.events}}});
            e.fd = -1;
            m_ready.Erase(index);
            continue;
        }
        Dispatch(index, revents, slot);
        callbackRan = true;
    }
    if (restart && m_state == RUNNING && !m_shutdown)
    {
        if (m_traits.restartSkippedIfCallbackRan && callbackRan)
        {
            // v4.1-v4.2 (SS26, SB5): a callback reset the variable; the restart waits.
            Emit(TraceKind::STATE, "thread:net_socket_service", "restart-postponed", {});
            return;
        }
        drainAndRebuild();
    }
}

void
ZephyrNode::Dispatch(uint32_t index, short revents, uint32_t slot)
{
    Entry& e = m_entries[index];
    uint32_t service = m_entries[slot].service;
    const Service& s = m_services[service];
    net_socket_service_event& pev = m_slots[slot];
    // SS25.1: the polled entry is copied into the slot.
    int fd = e.fd;
    short events = e.events;
    pev.event.events = events;
    pev.event.revents = revents;
    pev.svc = s.desc;
    // SS25.2: disabled while its handler runs.
    e.fd = -1;
    m_ready.Erase(index);
    ++m_callbacks;
    m_callbackTrace(s.desc->name, m_rounds, fd, events, revents);
    if (m_host->IsTracing())
    {
        Emit(TraceKind::UPCALL,
             ServiceObject(service),
             s.desc->async ? "submit" : "callback",
             {{"round", static_cast<int64_t>(m_rounds)},
              {"slot", int64_t{slot - s.base}},
              {"index", int64_t{index}},
              {"fd", int64_t{fd}},
              {"events", int64_t{events}},
              {"revents", int64_t{revents}},
              {"user_data", UserDataName(pev.user_data)}});
    }
    if (s.desc->async)
    {
        // SS33 (v3.6 ASYNC): the slot's k_work goes to the work queue and the entry stays
        // disabled until the work item has run; k_yield() lets the (higher-priority) work
        // queue thread run first.
        m_workItems.push_back(slot);
        m_workQueue.WakeOne();
        m_host->Sleep(Seconds(0));
        return;
    }
    // SS25.3: the handler runs on this thread with a stack copy (SS4).
    net_socket_service_event copy = pev;
    if (s.desc->workHandler)
    {
        s.desc->workHandler(&copy.work);
    }
    else if (s.desc->callback)
    {
        s.desc->callback(&copy);
    }
    if (s.handlerDuration.IsStrictlyPositive())
    {
        m_host->Sleep(s.handlerDuration);
    }
    if (m_state != RUNNING || m_shutdown)
    {
        return;
    }
    // SS25.4: re-enable, by version.
    if (m_traits.copyBackAllSlots)
    {
        CopySlots(s.base, s.base + s.desc->pev_len);
    }
    else if (!m_traits.skipOrDisarmReconfigured ||
             (m_slots[slot].event.fd == fd && m_slots[slot].event.events == events))
    {
        SetEntry(index, fd, events);
    }
    else
    {
        Emit(TraceKind::STATE,
             ServiceObject(service),
             "entry-disarmed",
             {{"index", int64_t{index}},
              {"fd", int64_t{fd}},
              {"slot_fd", int64_t{m_slots[slot].event.fd}},
              {"slot_events", int64_t{m_slots[slot].event.events}}});
    }
}

void
ZephyrNode::Rebuild(const char* reason)
{
    // SS20: pending closes first, then every slot into its fixed place.
    std::string closed;
    for (uint32_t i = 1; i < m_slots.size(); ++i)
    {
        zsock_pollfd& p = m_slots[i].event;
        if (p.events == CLOSE_MARK)
        {
            int fd = p.fd;
            SetSlotFd(i, -1); // before the close: the slot no longer names the number
            p.events = 0;
            if (fd >= 0)
            {
                m_host->Close(fd);
                closed += (closed.empty() ? "" : ",") + std::to_string(fd);
            }
        }
    }
    CopySlots(1, static_cast<uint32_t>(m_slots.size()));
    ++m_rebuilds;
    Emit(TraceKind::STATE,
         "thread:net_socket_service",
         "rebuild",
         {{"reason", std::string(reason)}, {"closed", closed}});
}

void
ZephyrNode::Stop()
{
    SetState(STOPPED);
    for (uint32_t i = 0; i < m_entries.size(); ++i)
    {
        Unwatch(i);
        m_entries[i].fd = -1;
    }
    m_ready.Clear();
    m_workQueue.WakeAll();
}

void
ZephyrNode::RunWorkQueue()
{
    while (!m_shutdown && m_state != FAILED)
    {
        if (m_workItems.empty())
        {
            m_host->Wait(m_workQueue);
            continue;
        }
        uint32_t slot = m_workItems.front();
        m_workItems.pop_front();
        uint32_t service = m_entries[slot].service;
        const Service& s = m_services[service];
        net_socket_service_event& pev = m_slots[slot];
        Emit(TraceKind::UPCALL,
             ServiceObject(service),
             "callback",
             {{"slot", int64_t{slot - s.base}},
              {"fd", int64_t{pev.event.fd}},
              {"revents", int64_t{pev.event.revents}},
              {"thread", std::string("sysworkq")}});
        // The work item is the slot's own k_work (not a copy).
        pev.work.handler(&pev.work);
        if (s.handlerDuration.IsStrictlyPositive())
        {
            m_host->Sleep(s.handlerDuration);
        }
        if (m_state != RUNNING || m_shutdown)
        {
            continue;
        }
        // v3.6: the work handler copies the service's slots back into the array.
        CopySlots(s.base, s.base + s.desc->pev_len);
    }
}

ZephyrNode::Service*
ZephyrNode::FindService(const net_socket_service_desc* svc)
{
    auto it = m_serviceIndex.find(svc);
    return it == m_serviceIndex.end() ? nullptr : &m_services[it->second];
}

const ZephyrNode::Service*
ZephyrNode::FindService(const net_socket_service_desc* svc) const
{
    auto it = m_serviceIndex.find(svc);
    return it == m_serviceIndex.end() ? nullptr : &m_services[it->second];
}

std::string
ZephyrNode::UserDataName(void* userData)
{
    if (!userData)
    {
        return "null";
    }
    if (userData == NET_SOCKET_SERVICE_CLOSE_SOCKETS)
    {
        return "close-sockets";
    }
    auto it = m_userDataIds.find(userData);
    if (it == m_userDataIds.end())
    {
        it = m_userDataIds.emplace(userData, static_cast<uint32_t>(m_userDataIds.size() + 1)).first;
    }
    return "ud:" + std::to_string(it->second);
}

int
ZephyrNode::Register(const net_socket_service_desc* svc,
                     zsock_pollfd* fds,
                     int len,
                     void* userData,
                     const char* call)
{
    // Only an installed descriptor is dereferenced: any other pointer is "outside the
    // section" (SS8), whatever it points to.
    Service* s = FindService(svc);
    std::string object =
        s ? std::string("svc:") + svc->name : std::string(svc ? "svc:unknown" : "svc:null");
    if (m_host->IsTracing())
    {
        std::vector<TraceField> args{{"len", int64_t{len}}};
        if (fds)
        {
            std::string list;
            for (int i = 0; i < len && i < 64; ++i)
            {
                list += (list.empty() ? "" : ",") + std::to_string(fds[i].fd) + "/" +
                        std::to_string(fds[i].events);
            }
            args.push_back({"fds", list});
        }
        args.push_back({"user_data", UserDataName(userData)});
        Emit(TraceKind::CALL, object, std::string("net_socket_service_") + call, std::move(args));
    }
    auto finish = [&](int result) {
        Emit(TraceKind::RETURN,
             object,
             std::string("net_socket_service_") + call,
             {{"ret", int64_t{result}}});
        return result;
    };
    if (!s)
    {
        return finish(-ENOENT); // SS8: not in this node's section (NULL included)
    }
    bool closeCall = std::string(call) == "close";
    if (closeCall && !m_traits.hasServiceClose)
    {
        m_host->RecordViolation("zephyr",
                                object,
                                "api-not-in-version",
                                {{"call", std::string("net_socket_service_close")},
                                 {"semantics", std::string(ZephyrSemanticsName(m_semantics))}});
        return finish(-ENOENT);
    }
    // SS7: wait for the thread's start.
    while (m_state == INIT && m_host->InThread())
    {
        m_host->Wait(m_initQueue);
    }
    if (m_state == INIT && m_entries.size() > m_pollMax)
    {
        return finish(-EIO); // the start will fail (outside a thread we cannot wait for it)
    }
    if (m_state == FAILED || m_state == STOPPED)
    {
        if (m_traits.registerOnFailedThreadHangs && m_host->InThread())
        {
            // v3.6 (#73523): the caller waits for a start that never comes.
            m_host->RecordViolation("zephyr", object, "register-hang", {});
            m_host->Wait(m_hangQueue);
        }
        return finish(-EIO);
    }
    size_t count = s->desc->pev_len;
    // The length is checked only for a non-NULL array (v4.1 and v4.2 sources).
    bool tooMany = fds && len > 0 && static_cast<size_t>(len) > count;
    if (tooMany && !m_traits.registerEmptiesAllSlots)
    {
        return finish(-ENOMEM); // before v4.2: no side effect (SS10)
    }
    if (m_traits.hasServiceClose && !fds && userData == NET_SOCKET_SERVICE_CLOSE_SOCKETS)
    {
        // SS14: keep the fds, mark every slot; the thread closes them at its next rebuild.
        for (uint32_t j = 0; j < count; ++j)
        {
            m_slots[s->base + j].event.events = CLOSE_MARK;
        }
    }
    else
    {
        if (m_traits.registerEmptiesAllSlots || !fds)
        {
            for (uint32_t j = 0; j < count; ++j)
            {
                SetSlotFd(s->base + j, -1);
                m_slots[s->base + j].event.events = 0;
                m_slots[s->base + j].event.revents = 0;
            }
        }
        if (tooMany)
        {
            return finish(-ENOMEM); // ≥v4.2: the set is already gone, no restart (SS10)
        }
        for (int i = 0; fds && i < len; ++i)
        {
            // SS11: copied verbatim, not validated.
            SetSlotFd(s->base + i, fds[i].fd);
            m_slots[s->base + i].event.events = fds[i].events;
            m_slots[s->base + i].event.revents = fds[i].revents;
            m_slots[s->base + i].user_data = userData;
        }
    }
    if (m_state == INIT)
    {
        return finish(0); // the start-up rebuild takes the slots
    }
    if (m_traits.registerPatchesPolledArray)
    {
        // v3.6 (SB3): the polled array is written directly.
        CopySlots(s->base, s->base + static_cast<uint32_t>(count));
    }
    // SS12: signal a restart (the eventfd is a counter; one read drains it).
    uint64_t one = 1;
    m_eventEndpoint->Write(reinterpret_cast<const uint8_t*>(&one), sizeof(one));
    return finish(0);
}

uint32_t
ZephyrNode::PolledEntry(int fd) const
{
    for (uint32_t i : m_watchers.All(fd))
    {
        if (m_entries[i].fd == fd)
        {
            return i;
        }
    }
    return FdIndex::NONE;
}

void
ZephyrNode::CheckClose(int fd)
{
    // SS16: closing a socket that the thread is polling right now, from another thread.
    if (m_state != RUNNING || !m_idle || m_host->GetCurrentThreadId() == m_threadId)
    {
        return;
    }
    uint32_t i = PolledEntry(fd);
    if (i != FdIndex::NONE)
    {
        m_host->RecordViolation("zephyr",
                                ServiceObject(m_entries[i].service),
                                "close-while-polled",
                                {{"fd", int64_t{fd}}, {"index", int64_t{i}}});
    }
}

void
ZephyrNode::SetHandlerDuration(const net_socket_service_desc* svc, Time duration)
{
    Service* s = FindService(svc);
    NS_ABORT_MSG_IF(!s, "ZephyrNode::SetHandlerDuration: service not installed on this node");
    s->handlerDuration = duration;
}

ZephyrNode::ThreadState
ZephyrNode::GetThreadState() const
{
    return m_state;
}

uint32_t
ZephyrNode::GetThreadId() const
{
    return m_threadId;
}

int
ZephyrNode::GetEventFd() const
{
    return m_eventFd;
}

std::vector<const net_socket_service_desc*>
ZephyrNode::GetServices() const
{
    std::vector<const net_socket_service_desc*> out;
    for (const Service& s : m_services)
    {
        out.push_back(s.desc);
    }
    return out;
}

bool
ZephyrNode::HasService(const net_socket_service_desc* svc) const
{
    return FindService(svc) != nullptr;
}

int
ZephyrNode::GetBaseIndex(const net_socket_service_desc* svc) const
{
    const Service* s = FindService(svc);
    return s ? static_cast<int>(s->base) : -1;
}

const net_socket_service_event*
ZephyrNode::GetSlots(const net_socket_service_desc* svc) const
{
    const Service* s = FindService(svc);
    return s ? &m_slots[s->base] : nullptr;
}

uint32_t
ZephyrNode::GetPollArraySize() const
{
    return static_cast<uint32_t>(m_entries.size());
}

bool
ZephyrNode::IsPolled(int fd, short* events) const
{
    uint32_t i = PolledEntry(fd);
    if (i != FdIndex::NONE && events)
    {
        *events = m_entries[i].events;
    }
    return i != FdIndex::NONE;
}

uint64_t
ZephyrNode::GetRoundCount() const
{
    return m_rounds;
}

uint64_t
ZephyrNode::GetCallbackCount() const
{
    return m_callbacks;
}

uint64_t
ZephyrNode::GetRebuildCount() const
{
    return m_rebuilds;
}

void
ZephyrNode::FailNextPoll()
{
    m_failNextPoll = true;
    if (m_idle && !m_wakePending)
    {
        m_wakePending = true;
        m_idleQueue.WakeOne();
    }
}

void
ZephyrNode::Shutdown()
{
    NS_LOG_FUNCTION(this);
    if (m_shutdown)
    {
        return;
    }
    m_shutdown = true;
    if (m_state == RUNNING || m_state == INIT)
    {
        Stop();
    }
    if (m_eventFd >= 0 && m_host->GetEndpoint(m_eventFd) == m_eventEndpoint)
    {
        m_host->Close(m_eventFd);
    }
    m_eventEndpoint = nullptr;
    m_idleQueue.WakeAll();
    m_initQueue.WakeAll();
    m_workQueue.WakeAll();
}

ZephyrNode*
ZephyrNode::Current()
{
    if (g_scope)
    {
        return g_scope;
    }
    for (ZephyrNode* n : LiveNodes())
    {
        if (n->m_host && n->m_host->InThread())
        {
            return n;
        }
    }
    return nullptr;
}

ZephyrScope::ZephyrScope(Ptr<Node> node)
    : m_previous(g_scope)
{
    Ptr<ZephyrNode> z = node ? node->GetObject<ZephyrNode>() : nullptr;
    NS_ABORT_MSG_IF(!z, "ZephyrScope: the node has no ZephyrNode (use ZephyrHelper::Install)");
    g_scope = PeekPointer(z);
}

ZephyrScope::~ZephyrScope()
{
    g_scope = m_previous;
}

} // namespace ns3
