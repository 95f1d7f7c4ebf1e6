/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sockbench-host.h"

#include "eventfd-endpoint.h"
#include "posix-names.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/event-trace.h"
#include "ns3/inet-port-table.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/ns3-compat.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"
#include "ns3/unix-namespace.h"

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <sys/eventfd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SockbenchHost");
NS_OBJECT_ENSURE_REGISTERED(SockbenchHost);

namespace
{
const char* const HOST = "host";
const char* const POSIX = "posix";

std::string
ThreadObject(uint32_t id)
{
    return "thread:" + std::to_string(id);
}

int64_t
TimeoutField(Time timeout)
{
    return timeout == Time::Max() ? -1 : timeout.GetNanoSeconds();
}
} // namespace

// ---- WaitQueue (needs the host to schedule resumptions) ------------------------------------

WaitQueue::~WaitQueue()
{
    WakeAll();
}

bool
WaitQueue::IsEmpty() const
{
    return m_waiters.empty();
}

uint32_t
WaitQueue::GetSize() const
{
    return static_cast<uint32_t>(m_waiters.size());
}

uint32_t
WaitQueue::WakeOne()
{
    if (m_waiters.empty())
    {
        return 0;
    }
    WaitEntry* entry = m_waiters.front();
    m_waiters.pop_front();
    entry->queue = nullptr;
    entry->host->WakeEntry(entry);
    return 1;
}

uint32_t
WaitQueue::WakeAll()
{
    std::list<WaitEntry*> waiters;
    waiters.swap(m_waiters);
    for (WaitEntry* entry : waiters)
    {
        entry->queue = nullptr;
        entry->host->WakeEntry(entry);
    }
    return static_cast<uint32_t>(waiters.size());
}

// ---- SockbenchHost -------------------------------------------------------------------------

TypeId
SockbenchHost::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SockbenchHost")
            .SetParent<Object>()
            .SetGroupName("Sockbench")
            .AddConstructor<SockbenchHost>()
            .AddAttribute("StackSize",
                          "Usable stack of each simulated thread, in bytes (a guard page is added "
                          "below it; an overflow kills the process with SIGSEGV and a message).",
                          UintegerValue(64 * 1024),
                          MakeUintegerAccessor(&SockbenchHost::m_stackSize),
                          MakeUintegerChecker<uint32_t>(16 * 1024))
            .AddAttribute("ViolationsFatal",
                          "Stop the simulation (NS_FATAL_ERROR) at the first recorded violation.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SockbenchHost::m_violationsFatal),
                          MakeBooleanChecker())
            .AddAttribute("OpenMax",
                          "Descriptor limit (RLIMIT_NOFILE): descriptors are numbered below it, "
                          "and poll() accepts at most this many entries.",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&SockbenchHost::m_openMax),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Hz",
                          "Kernel tick rate: SO_SNDTIMEO/SO_RCVTIMEO round up to whole ticks.",
                          UintegerValue(250),
                          MakeUintegerAccessor(&SockbenchHost::m_hz),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("Somaxconn",
                          "net.core.somaxconn: listen() backlogs are clamped to it (LS8).",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&SockbenchHost::m_somaxconn),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxDgramQlen",
                          "net.unix.max_dgram_qlen: a receiver holds this + 1 datagrams from "
                          "senders it is not connected back to (LS32).",
                          UintegerValue(10),
                          MakeUintegerAccessor(&SockbenchHost::m_maxDgramQlen),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("WmemMax",
                          "net.core.wmem_max, bytes: SO_SNDBUF requests are clamped to it, "
                          "then doubled.",
                          UintegerValue(212992),
                          MakeUintegerAccessor(&SockbenchHost::m_wmemMax),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RmemMax",
                          "net.core.rmem_max, bytes: SO_RCVBUF requests are clamped to it, "
                          "then doubled.",
                          UintegerValue(212992),
                          MakeUintegerAccessor(&SockbenchHost::m_rmemMax),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Uid",
                          "User id of the simulated threads (SO_PEERCRED).",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&SockbenchHost::m_uid),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Gid",
                          "Group id of the simulated threads (SO_PEERCRED).",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&SockbenchHost::m_gid),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Umask",
                          "File mode creation mask: a bound socket file gets 0777 & ~Umask.",
                          UintegerValue(022),
                          MakeUintegerAccessor(&SockbenchHost::m_umask),
                          MakeUintegerChecker<uint32_t>(0, 0777))
            .AddAttribute(
                "KernelBehaviour",
                "Linux version whose AF_UNIX behaviour is modelled where versions "
                "differ (spec local-sockets.md, section K).",
                EnumValue(SockbenchHost::LINUX_6),
                sockbench::EnumAccessor<SockbenchHost::KernelBehaviour>(&SockbenchHost::m_kernel,
                                                                        0),
                MakeEnumChecker(SockbenchHost::LINUX_6,
                                "LINUX_6",
                                SockbenchHost::LINUX_2_6_31,
                                "LINUX_2_6_31"))
            .AddAttribute(
                "TimingProfile",
                "TCP timer values (spec inet-sockets.md, section I): NS3 (ns-3's "
                "defaults), LINUX (6.18) or LINUX_LEGACY (<= 6.4).",
                EnumValue(TIMING_LINUX),
                sockbench::EnumAccessor<TimingProfile>(&SockbenchHost::m_timingProfile, 0),
                MakeEnumChecker(TIMING_NS3,
                                "NS3",
                                TIMING_LINUX,
                                "LINUX",
                                TIMING_LINUX_LEGACY,
                                "LINUX_LEGACY"))
            .AddAttribute("TcpClosePolicy",
                          "What close() sends with unread data: RST_IF_UNREAD (Linux, IN18) or "
                          "FIN_ALWAYS (Solaris, InterNiche).",
                          EnumValue(CLOSE_RST_IF_UNREAD),
                          sockbench::EnumAccessor<TcpClosePolicy>(&SockbenchHost::m_closePolicy, 0),
                          MakeEnumChecker(CLOSE_RST_IF_UNREAD,
                                          "RST_IF_UNREAD",
                                          CLOSE_FIN_ALWAYS,
                                          "FIN_ALWAYS"))
            .AddAttribute("TcpAbortOnOverflow",
                          "net.ipv4.tcp_abort_on_overflow: a connection completing while the "
                          "accept queue is full is reset (IN10).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SockbenchHost::m_abortOnOverflow),
                          MakeBooleanChecker())
            .AddAttribute("TcpSynRetries",
                          "net.ipv4.tcp_syn_retries (IN4).",
                          UintegerValue(6),
                          MakeUintegerAccessor(&SockbenchHost::m_synRetries),
                          MakeUintegerChecker<uint32_t>(1, 127))
            .AddAttribute("TcpRetries2",
                          "net.ipv4.tcp_retries2 (IN24).",
                          UintegerValue(15),
                          MakeUintegerAccessor(&SockbenchHost::m_retries2),
                          MakeUintegerChecker<uint32_t>(1, 255))
            .AddAttribute("Trace",
                          "The event trace this host writes to.",
                          PointerValue(),
                          MakePointerAccessor(&SockbenchHost::m_trace),
                          MakePointerChecker<EventTrace>());
    return tid;
}

SockbenchHost::SockbenchHost()
    : m_stackSize(64 * 1024),
      m_violationsFatal(false),
      m_openMax(1024),
      m_hz(250),
      m_somaxconn(4096),
      m_maxDgramQlen(10),
      m_wmemMax(212992),
      m_rmemMax(212992),
      m_uid(1000),
      m_gid(1000),
      m_umask(022),
      m_kernel(LINUX_6),
      m_timingProfile(TIMING_LINUX),
      m_closePolicy(CLOSE_RST_IF_UNREAD),
      m_abortOnOverflow(false),
      m_synRetries(6),
      m_retries2(15)
{
    NS_LOG_FUNCTION(this);
}

void
SockbenchHost::UnwindThreads()
{
    // In id order; destroying a fiber unwinds its stack (destructors run).
    while (!m_threads.empty())
    {
        auto it = m_threads.begin();
        std::unique_ptr<SimThread> thread = std::move(it->second.thread);
        m_threads.erase(it);
        thread.reset();
    }
}

std::string
SockbenchHost::FdObject(int fd)
{
    return fd == NO_FD ? "-" : "fd:" + std::to_string(fd);
}

SockbenchHost::~SockbenchHost()
{
    NS_LOG_FUNCTION(this);
}

void
SockbenchHost::NotifyNewAggregate()
{
    if (m_nodeId < 0)
    {
        if (Ptr<Node> node = GetObject<Node>())
        {
            m_nodeId = node->GetId();
        }
    }
    Object::NotifyNewAggregate();
}

void
SockbenchHost::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_disposing = true;
    m_descriptorObservers.clear();
    UnwindThreads(); // first: their stacks may refer to endpoints
    for (auto& d : m_descriptors)
    {
        if (d.endpoint)
        {
            d.endpoint->Release();
            d.endpoint->Dispose();
            d.endpoint = nullptr;
        }
    }
    m_descriptors.clear();
    m_freeDescriptors.clear();
    m_openDescriptors = 0;
    if (m_unixNamespace)
    {
        m_unixNamespace->Dispose();
        m_unixNamespace = nullptr;
    }
    if (m_portTable)
    {
        m_portTable->Dispose();
        m_portTable = nullptr;
    }
    m_signalHandlers.clear();
    m_pendingSignals.clear();
    m_trace = nullptr;
    Object::DoDispose();
}

int64_t
SockbenchHost::GetNodeId() const
{
    return m_nodeId;
}

uint32_t
SockbenchHost::Context() const
{
    return m_nodeId < 0 ? Simulator::NO_CONTEXT : static_cast<uint32_t>(m_nodeId);
}

// ---- tracing ---------------------------------------------------------------------------------

Ptr<EventTrace>
SockbenchHost::GetTrace() const
{
    return m_trace;
}

void
SockbenchHost::SetTrace(Ptr<EventTrace> trace)
{
    m_trace = trace;
}

bool
SockbenchHost::IsTracing() const
{
    return m_trace && m_trace->IsEnabled();
}

void
SockbenchHost::Emit(TraceKind kind,
                    const std::string& personality,
                    const std::string& object,
                    const std::string& name,
                    std::vector<TraceField> fields)
{
    if (!IsTracing())
    {
        return;
    }
    TraceRecord r;
    r.node = m_nodeId;
    r.thread = m_currentThread;
    r.personality = personality;
    r.object = object;
    r.kind = kind;
    r.name = name;
    r.fields = std::move(fields);
    m_trace->Emit(std::move(r));
}

void
SockbenchHost::RecordViolation(const std::string& personality,
                               const std::string& object,
                               const std::string& name,
                               std::vector<TraceField> fields)
{
    ++m_violations;
    NS_LOG_WARN("violation " << name << " on " << object);
    Emit(TraceKind::VIOLATION, personality, object, name, std::move(fields));
    if (m_violationsFatal)
    {
        NS_FATAL_ERROR("sockbench violation on node " << m_nodeId << ": " << name << " (" << object
                                                      << ")");
    }
}

uint32_t
SockbenchHost::GetViolationCount() const
{
    return m_violations;
}

// ---- threads ---------------------------------------------------------------------------------

uint32_t
SockbenchHost::Spawn(const std::string& name, std::function<void()> body, Time delay)
{
    NS_LOG_FUNCTION(this << name << delay);
#ifndef __SANITIZE_ADDRESS__
    SimThread::InstallOverflowReporter(); // ASan has its own SIGSEGV report
#endif
    uint32_t id = m_nextThreadId++;
    m_threads[id].thread = std::make_unique<SimThread>(id, name, std::move(body), m_stackSize);
    Emit(TraceKind::STATE,
         HOST,
         ThreadObject(id),
         "spawn",
         {{"name", name}, {"startNs", (Simulator::Now() + delay).GetNanoSeconds()}});
    Simulator::ScheduleWithContext(Context(),
                                   delay,
                                   &SockbenchHost::StartThread,
                                   Ptr<SockbenchHost>(this),
                                   id);
    return id;
}

void
SockbenchHost::StartThread(uint32_t id)
{
    auto it = m_threads.find(id);
    if (it == m_threads.end())
    {
        return;
    }
    m_currentThread = id; // the start record belongs to the thread
    Emit(TraceKind::STATE,
         HOST,
         ThreadObject(id),
         "start",
         {{"name", it->second.thread->GetName()}});
    m_currentThread = 0;
    RunThread(id);
}

void
SockbenchHost::RunThread(uint32_t id)
{
    auto it = m_threads.find(id);
    if (it == m_threads.end() || m_disposing)
    {
        return;
    }
    NS_ASSERT_MSG(m_currentThread == 0, "a simulated thread resumed another directly");
    SimThread* thread = it->second.thread.get();
    m_currentThread = id;
    thread->Resume();
    if (!thread->HasEnded())
    {
        m_currentThread = 0;
        return;
    }
    // Records of the ending are stamped with the thread that ended.
    if (thread->GetState() == SimThread::FAILED)
    {
        ++m_failedThreads;
        RecordViolation(HOST,
                        ThreadObject(id),
                        "uncaught-exception",
                        {{"name", thread->GetName()}, {"what", thread->GetFailure()}});
    }
    Emit(TraceKind::STATE,
         HOST,
         ThreadObject(id),
         "exit",
         {{"name", thread->GetName()}, {"status", SimThread::StateName(thread->GetState())}});
    m_currentThread = 0;
    m_threads.erase(id);
}

SimThread*
SockbenchHost::CurrentThread() const
{
    if (m_currentThread == 0)
    {
        return nullptr;
    }
    auto it = m_threads.find(m_currentThread);
    return it == m_threads.end() ? nullptr : it->second.thread.get();
}

uint32_t
SockbenchHost::GetCurrentThreadId() const
{
    return m_currentThread;
}

bool
SockbenchHost::InThread() const
{
    return m_currentThread != 0;
}

uint32_t
SockbenchHost::GetLiveThreadCount() const
{
    return static_cast<uint32_t>(m_threads.size());
}

uint32_t
SockbenchHost::GetFailedThreadCount() const
{
    return m_failedThreads;
}

WaitResult
SockbenchHost::Wait(WaitQueue& queue, Time timeout)
{
    NS_LOG_FUNCTION(this << timeout);
    SimThread* thread = CurrentThread();
    if (!thread || m_disposing)
    {
        RecordViolation(HOST, "host", "block-outside-thread", {{"call", "wait"}});
        return WaitResult::REFUSED;
    }
    uint32_t id = m_currentThread;
    WaitEntry entry;
    entry.host = this;
    entry.threadId = id;
    entry.serial = m_nextWaitSerial++;
    entry.queue = &queue;
    entry.position = queue.m_waiters.insert(queue.m_waiters.end(), &entry);
    if (timeout != Time::Max())
    {
        entry.timer = Simulator::Schedule(timeout,
                                          &SockbenchHost::OnWaitTimeout,
                                          Ptr<SockbenchHost>(this),
                                          id,
                                          entry.serial);
    }
    m_threads[id].wait = &entry;
    if (IsTracing())
    {
        Emit(TraceKind::STATE,
             HOST,
             ThreadObject(id),
             "block",
             {{"timeoutNs", TimeoutField(timeout)}});
    }

    // RAII: if the thread is destroyed while blocked, the unwinding passes through here.
    struct Leave
    {
        SockbenchHost* host;
        WaitEntry* entry;

        ~Leave()
        {
            if (entry->queue)
            {
                entry->queue->m_waiters.erase(entry->position);
                entry->queue = nullptr;
            }
            if (!host->m_disposing)
            {
                Simulator::Remove(
                    entry->timer); // not Cancel: a cancelled event still advances time
            }
            auto it = host->m_threads.find(entry->threadId);
            if (it != host->m_threads.end() && it->second.wait == entry)
            {
                it->second.wait = nullptr;
            }
        }
    } leave{this, &entry};

    m_currentThread = 0;
    thread->Suspend();
    m_currentThread = id;

    WaitResult result = entry.interrupted ? WaitResult::INTERRUPTED
                        : entry.woken     ? WaitResult::WOKEN
                                          : WaitResult::TIMED_OUT;
    if (IsTracing())
    {
        Emit(TraceKind::STATE,
             HOST,
             ThreadObject(id),
             "wake",
             {{"result",
               result == WaitResult::INTERRUPTED ? "interrupted"
               : result == WaitResult::WOKEN     ? "woken"
                                                 : "timeout"}});
    }
    DeliverPendingSignals(); // handlers run in the thread, before the call returns
    return result;
}

bool
SockbenchHost::Sleep(Time duration)
{
    WaitQueue nobody;
    return Wait(nobody, duration) == WaitResult::TIMED_OUT;
}

void
SockbenchHost::WakeEntry(WaitEntry* entry)
{
    entry->woken = true;
    if (!entry->resumeScheduled)
    {
        if (!m_disposing)
        {
            Simulator::Remove(entry->timer); // not Cancel: a cancelled event still advances time
        }
        ScheduleResume(entry);
    }
}

void
SockbenchHost::ScheduleResume(WaitEntry* entry)
{
    if (m_disposing)
    {
        return;
    }
    entry->resumeScheduled = true;
    Simulator::ScheduleWithContext(Context(),
                                   Seconds(0),
                                   &SockbenchHost::OnWaitResume,
                                   Ptr<SockbenchHost>(this),
                                   entry->threadId,
                                   entry->serial);
}

WaitEntry*
SockbenchHost::FindWait(uint32_t id, uint64_t serial) const
{
    auto it = m_threads.find(id);
    if (it == m_threads.end() || !it->second.wait || it->second.wait->serial != serial)
    {
        return nullptr; // the thread is gone, or that wait is over
    }
    return it->second.wait;
}

void
SockbenchHost::OnWaitTimeout(uint32_t id, uint64_t serial)
{
    WaitEntry* entry = FindWait(id, serial);
    if (!entry || entry->resumeScheduled)
    {
        return; // over, or a wake came first
    }
    // The thread stays queued until it resumes: a wake executed before then wins.
    ScheduleResume(entry);
}

void
SockbenchHost::OnWaitResume(uint32_t id, uint64_t serial)
{
    WaitEntry* entry = FindWait(id, serial);
    if (!entry)
    {
        return;
    }
    if (entry->queue)
    {
        entry->queue->m_waiters.erase(entry->position);
        entry->queue = nullptr;
    }
    m_threads[id].wait = nullptr;
    RunThread(id);
}

// ---- errno and descriptors -------------------------------------------------------------------

int
SockbenchHost::GetErrno() const
{
    SimThread* thread = CurrentThread();
    return thread ? thread->Errno() : m_hostErrno;
}

void
SockbenchHost::SetErrno(int error)
{
    SimThread* thread = CurrentThread();
    (thread ? thread->Errno() : m_hostErrno) = error;
}

int
SockbenchHost::AllocateDescriptor(Ptr<HostEndpoint> endpoint)
{
    int fd;
    if (!m_freeDescriptors.empty())
    {
        fd = *m_freeDescriptors.begin();
    }
    else
    {
        fd = static_cast<int>(m_descriptors.size());
    }
    if (static_cast<uint32_t>(fd) >= m_openMax)
    {
        return -EMFILE;
    }
    if (!m_freeDescriptors.empty())
    {
        m_freeDescriptors.erase(m_freeDescriptors.begin());
    }
    else
    {
        m_descriptors.emplace_back();
    }
    m_descriptors[fd].endpoint = endpoint;
    m_descriptors[fd].closeOnExec = false;
    ++m_openDescriptors;
    NotifyDescriptor(fd);
    return fd;
}

uint64_t
SockbenchHost::AddDescriptorObserver(DescriptorObserver observer)
{
    uint64_t id = m_nextObserverId++;
    m_descriptorObservers.emplace(id, std::move(observer));
    return id;
}

void
SockbenchHost::RemoveDescriptorObserver(uint64_t id)
{
    m_descriptorObservers.erase(id);
}

void
SockbenchHost::NotifyDescriptor(int fd)
{
    if (m_descriptorObservers.empty())
    {
        return;
    }
    // Copy: an observer may add or remove observers.
    std::vector<DescriptorObserver> observers;
    observers.reserve(m_descriptorObservers.size());
    for (const auto& [id, observer] : m_descriptorObservers)
    {
        observers.push_back(observer);
    }
    for (const auto& observer : observers)
    {
        observer(fd);
    }
}

Ptr<HostEndpoint>
SockbenchHost::GetEndpoint(int fd) const
{
    if (fd < 0 || static_cast<size_t>(fd) >= m_descriptors.size())
    {
        return nullptr;
    }
    return m_descriptors[fd].endpoint;
}

uint32_t
SockbenchHost::GetOpenDescriptorCount() const
{
    return m_openDescriptors;
}

// ---- POSIX calls -----------------------------------------------------------------------------

void
SockbenchHost::TraceCall(const char* name, int fd, std::vector<TraceField> args)
{
    if (IsTracing())
    {
        Emit(TraceKind::CALL, POSIX, FdObject(fd), name, std::move(args));
    }
}

int64_t
SockbenchHost::Finish(const char* name, int fd, int64_t result, int error)
{
    if (result < 0)
    {
        SetErrno(error);
    }
    if (IsTracing())
    {
        Emit(TraceKind::RETURN,
             POSIX,
             FdObject(fd),
             name,
             {{"ret", result}, {"errno", result < 0 ? ErrnoName(error) : std::string("0")}});
    }
    return result;
}

SocketOp
SockbenchHost::RunBlocking(const char* call,
                           int fd,
                           bool nonBlocking,
                           int64_t timeoutJiffies,
                           const std::function<SocketOp()>& attempt,
                           const std::function<SocketOp()>& retry)
{
    // A would-block attempt that may not (or no longer) wait returns its blockErrno.
    auto giveBack = [](SocketOp op) {
        if (op.value == -EAGAIN && op.blockOn)
        {
            op.value = -op.blockErrno;
        }
        return op;
    };
    SocketOp op = attempt();
    if (op.value != -EAGAIN || !op.blockOn || nonBlocking || timeoutJiffies == 0)
    {
        return giveBack(op);
    }
    if (!InThread())
    {
        RecordViolation(POSIX, FdObject(fd), "block-outside-thread", {{"call", call}});
        return SocketOp::Done(-EDEADLK);
    }
    // A finite timeout is one timer at now+T, T in whole ticks (spec L); none: no timer.
    Time deadline = timeoutJiffies < 0
                        ? Time::Max()
                        : Simulator::Now() + NanoSeconds(timeoutJiffies * (1000000000LL / m_hz));
    for (;;)
    {
        Time left = deadline == Time::Max() ? Time::Max() : deadline - Simulator::Now();
        WaitResult w = Wait(*op.blockOn, left);
        if (w == WaitResult::INTERRUPTED &&
            !(m_threads[m_currentThread].restartAfterSignal && timeoutJiffies < 0))
        {
            return SocketOp::Done(-EINTR); // LS17: restarts only under SA_RESTART, no timeout
        }
        op = retry ? retry() : attempt(); // a wakeup and the timeout re-run the checks
        if (op.value != -EAGAIN || !op.blockOn || w == WaitResult::TIMED_OUT)
        {
            return giveBack(op);
        }
    }
}

int
SockbenchHost::EventFd(uint32_t initialValue, int flags)
{
    TraceCall("eventfd", NO_FD, {{"initval", int64_t{initialValue}}, {"flags", int64_t{flags}}});
    if (flags & ~(EFD_NONBLOCK | EFD_SEMAPHORE | EFD_CLOEXEC))
    {
        return static_cast<int>(Finish("eventfd", NO_FD, -1, EINVAL));
    }
    Ptr<EventFdEndpoint> endpoint = CreateObject<EventFdEndpoint>();
    endpoint->Configure(initialValue, (flags & EFD_SEMAPHORE) != 0);
    endpoint->SetNonBlocking((flags & EFD_NONBLOCK) != 0);
    int fd = AllocateDescriptor(endpoint);
    if (fd < 0)
    {
        endpoint->Dispose();
        return static_cast<int>(Finish("eventfd", NO_FD, -1, -fd));
    }
    m_descriptors[fd].closeOnExec = (flags & EFD_CLOEXEC) != 0;
    return static_cast<int>(Finish("eventfd", fd, fd, 0));
}

ssize_t
SockbenchHost::Read(int fd, void* buf, size_t count)
{
    if (DynamicCast<SocketEndpoint>(GetEndpoint(fd)))
    {
        return SocketRecv("read", fd, buf, count, 0, nullptr, nullptr);
    }
    TraceCall("read", fd, {{"count", static_cast<int64_t>(count)}});
    Ptr<HostEndpoint> endpoint = GetEndpoint(fd);
    if (!endpoint)
    {
        return Finish("read", fd, -1, EBADF);
    }
    if (!buf && count > 0)
    {
        return Finish("read", fd, -1, EFAULT);
    }
    auto* bytes = static_cast<uint8_t*>(buf);
    SocketOp op = RunBlocking("read", fd, endpoint->IsNonBlocking(), -1, [&] {
        return SocketOp{endpoint->Read(bytes, count), &endpoint->GetReadWaiters(), false};
    });
    return FinishOp("read", fd, op);
}

ssize_t
SockbenchHost::Write(int fd, const void* buf, size_t count)
{
    if (DynamicCast<SocketEndpoint>(GetEndpoint(fd)))
    {
        return SocketSend("write", fd, buf, count, 0, nullptr, 0);
    }
    TraceCall("write", fd, {{"count", static_cast<int64_t>(count)}});
    Ptr<HostEndpoint> endpoint = GetEndpoint(fd);
    if (!endpoint)
    {
        return Finish("write", fd, -1, EBADF);
    }
    if (!buf && count > 0)
    {
        return Finish("write", fd, -1, EFAULT);
    }
    const auto* bytes = static_cast<const uint8_t*>(buf);
    SocketOp op = RunBlocking("write", fd, endpoint->IsNonBlocking(), -1, [&] {
        return SocketOp{endpoint->Write(bytes, count), &endpoint->GetWriteWaiters(), false};
    });
    return FinishOp("write", fd, op);
}

int
SockbenchHost::Close(int fd)
{
    TraceCall("close", fd, {});
    Ptr<HostEndpoint> endpoint = GetEndpoint(fd);
    if (!endpoint)
    {
        return static_cast<int>(Finish("close", fd, -1, EBADF));
    }
    m_descriptors[fd].endpoint = nullptr;
    m_descriptors[fd].closeOnExec = false;
    m_freeDescriptors.insert(fd);
    --m_openDescriptors;
    endpoint->Release();
    endpoint->Dispose();
    NotifyDescriptor(fd);
    return static_cast<int>(Finish("close", fd, 0, 0));
}

int
SockbenchHost::Fcntl(int fd, int cmd, int arg)
{
    TraceCall("fcntl", fd, {{"cmd", int64_t{cmd}}, {"arg", int64_t{arg}}});
    Ptr<HostEndpoint> endpoint = GetEndpoint(fd);
    if (!endpoint)
    {
        return static_cast<int>(Finish("fcntl", fd, -1, EBADF));
    }
    switch (cmd)
    {
    case F_GETFL: {
        auto socket = DynamicCast<SocketEndpoint>(endpoint);
        int flags = O_RDWR | (endpoint->IsNonBlocking() ? O_NONBLOCK : 0) |
                    (socket && socket->asyncNotify ? O_ASYNC : 0);
        return static_cast<int>(Finish("fcntl", fd, flags, 0));
    }
    case F_SETFL:
        // Linux changes only O_APPEND, O_ASYNC, O_DIRECT, O_NOATIME and O_NONBLOCK here and
        // silently ignores the rest; of those, sockbench models O_NONBLOCK and O_ASYNC.
        endpoint->SetNonBlocking((arg & O_NONBLOCK) != 0);
        if (auto socket = DynamicCast<SocketEndpoint>(endpoint))
        {
            socket->asyncNotify = (arg & O_ASYNC) != 0;
        }
        return static_cast<int>(Finish("fcntl", fd, 0, 0));
    case F_SETOWN:
        if (auto socket = DynamicCast<SocketEndpoint>(endpoint))
        {
            socket->owner = arg; // a thread id of this node receives SIGIO (LS30)
        }
        return static_cast<int>(Finish("fcntl", fd, 0, 0));
    case F_GETOWN: {
        auto socket = DynamicCast<SocketEndpoint>(endpoint);
        return static_cast<int>(Finish("fcntl", fd, socket ? socket->owner : 0, 0));
    }
    case F_GETFD:
        return static_cast<int>(
            Finish("fcntl", fd, m_descriptors[fd].closeOnExec ? FD_CLOEXEC : 0, 0));
    case F_SETFD:
        m_descriptors[fd].closeOnExec = (arg & FD_CLOEXEC) != 0;
        return static_cast<int>(Finish("fcntl", fd, 0, 0));
    default:
        return static_cast<int>(Finish("fcntl", fd, -1, EINVAL));
    }
}

int
SockbenchHost::PollScan(struct pollfd* fds, nfds_t nfds) const
{
    int ready = 0;
    for (nfds_t i = 0; i < nfds; ++i)
    {
        fds[i].revents = 0;
        if (fds[i].fd < 0)
        {
            continue; // negative descriptors are ignored
        }
        Ptr<HostEndpoint> endpoint = GetEndpoint(fds[i].fd);
        uint32_t bits = endpoint ? endpoint->GetPollReadiness() : POLLNVAL;
        // POLLERR, POLLHUP and POLLNVAL are reported whatever was asked for.
        fds[i].revents = static_cast<short>(
            bits & (static_cast<uint16_t>(fds[i].events) | POLLERR | POLLHUP | POLLNVAL));
        if (fds[i].revents != 0)
        {
            ++ready;
        }
    }
    return ready;
}

int
SockbenchHost::Poll(struct pollfd* fds, nfds_t nfds, int timeoutMs)
{
    return PollFor(fds, nfds, timeoutMs < 0 ? Time::Max() : MilliSeconds(timeoutMs));
}

int
SockbenchHost::PollFor(struct pollfd* fds, nfds_t nfds, Time timeout)
{
    TraceCall("poll",
              NO_FD,
              {{"nfds", static_cast<int64_t>(nfds)}, {"timeoutNs", TimeoutField(timeout)}});
    if (nfds > m_openMax)
    {
        return static_cast<int>(Finish("poll", NO_FD, -1, EINVAL));
    }
    if (!fds && nfds > 0)
    {
        return static_cast<int>(Finish("poll", NO_FD, -1, EFAULT));
    }
    int ready = PollScan(fds, nfds);
    if (ready > 0 || timeout.IsZero())
    {
        return static_cast<int>(Finish("poll", NO_FD, ready, 0));
    }
    if (!InThread())
    {
        RecordViolation(POSIX, "-", "block-outside-thread", {{"call", "poll"}});
        return static_cast<int>(Finish("poll", NO_FD, -1, EDEADLK));
    }
    // Sleep until a polled endpoint signals a readiness change, then scan again.
    WaitQueue changed;

    struct Subscriptions
    {
        WaitQueue* queue;
        std::vector<Ptr<HostEndpoint>> list;

        ~Subscriptions()
        {
            for (auto& endpoint : list)
            {
                endpoint->RemovePollWaiter(queue);
            }
        }
    } subscriptions{&changed, {}};

    subscriptions.list.reserve(nfds);
    for (nfds_t i = 0; i < nfds; ++i)
    {
        if (Ptr<HostEndpoint> endpoint = GetEndpoint(fds[i].fd))
        {
            endpoint->AddPollWaiter(&changed);
            subscriptions.list.push_back(endpoint);
        }
    }
    Time deadline = timeout == Time::Max() ? Time::Max() : Simulator::Now() + timeout;
    for (;;)
    {
        Time left = deadline == Time::Max() ? Time::Max() : deadline - Simulator::Now();
        WaitResult w = Wait(changed, left);
        if (w == WaitResult::INTERRUPTED)
        {
            return static_cast<int>(Finish("poll", NO_FD, -1, EINTR)); // never restarted
        }
        ready = PollScan(fds, nfds);
        if (ready > 0 || w != WaitResult::WOKEN)
        {
            return static_cast<int>(Finish("poll", NO_FD, ready, 0));
        }
    }
}

} // namespace ns3
