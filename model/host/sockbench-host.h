/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: the per-node host (threads, descriptors, errno, blocking waits, poll).
 */

#ifndef SOCKBENCH_HOST_H
#define SOCKBENCH_HOST_H

#include "host-endpoint.h"
#include "sim-thread.h"
#include "wait-queue.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/trace-record.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <poll.h>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

class EventTrace;
class Node;

/**
 * \ingroup sockbench
 * \brief How a wait ended.
 */
enum class WaitResult
{
    WOKEN,     //!< a WakeOne/WakeAll on the queue reached this thread
    TIMED_OUT, //!< the timeout expired first
    REFUSED,   //!< not called from a simulated thread (a violation is recorded)
};

/**
 * \ingroup sockbench
 * \brief A thread's place in a WaitQueue (internal; lives on the waiting thread's stack).
 */
struct WaitEntry
{
    SockbenchHost* host{nullptr};             //!< the waiting thread's host
    uint32_t threadId{0};                     //!< the waiting thread
    uint64_t serial{0};                       //!< identifies this wait on its host
    WaitQueue* queue{nullptr};                //!< the queue, while queued
    std::list<WaitEntry*>::iterator position; //!< place in queue->m_waiters
    bool woken{false};                        //!< a wake reached it
    bool resumeScheduled{false};              //!< the resume event exists
    EventId timer;                            //!< timeout event
};

/**
 * \ingroup sockbench
 * \brief The operating-system side of one node: simulated threads, the descriptor table,
 * errno, blocking waits with timeouts, poll, and POSIX-shaped calls with Linux conventions.
 *
 * Aggregated to an ns3::Node by SockbenchHelper::Install(). Everything it does is recorded
 * in the EventTrace given by the "Trace" attribute.
 *
 * Threads: Spawn() schedules a thread to start after a delay. A thread runs until it blocks
 * (Wait, Sleep, a blocking call) or returns; it never runs concurrently with anything.
 * Threads started at the same instant start in spawn order. Thread ids count from 1 per node.
 *
 * Same-instant rule (a choice, see the Design section of the docs): when a wakeup and the
 * timeout of one wait fall on the same simulated instant, **the wakeup wins** if it executes
 * before the thread has resumed. The timeout event does not resume the thread directly; it
 * schedules the resumption as a new event at the same instant, and any wake that executes
 * before that event turns the result into WOKEN.
 *
 * POSIX calls return -1 and set the calling thread's errno on failure (GetErrno()). A call
 * made outside any simulated thread (from an ns-3 event or callback) uses one errno slot of
 * the host. A call that would block outside a thread is refused with EDEADLK and recorded as
 * the violation "block-outside-thread".
 */
class SockbenchHost : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SockbenchHost();
    ~SockbenchHost() override;

    // ---- simulated threads ----------------------------------------------------------------

    /**
     * \brief Create a simulated thread.
     * \param name a name for traces
     * \param body the thread's code
     * \param delay when it starts, from now (before Simulator::Run(): absolute time)
     * \return the thread id (1, 2, ... on this node)
     */
    uint32_t Spawn(const std::string& name, std::function<void()> body, Time delay = Seconds(0));

    /// \return the id of the running thread of this host, or 0 outside threads
    uint32_t GetCurrentThreadId() const;

    /// \return whether a simulated thread of this host is running
    bool InThread() const;

    /**
     * \brief Block the running thread on \p queue until woken or until \p timeout passes.
     * \param queue the queue to join at its tail
     * \param timeout relative timeout; Time::Max() waits forever
     * \return WOKEN, TIMED_OUT, or REFUSED outside a simulated thread
     */
    WaitResult Wait(WaitQueue& queue, Time timeout = Time::Max());

    /**
     * \brief Suspend the running thread for \p duration of simulated time.
     * \param duration how long
     * \return false (and a violation) outside a simulated thread
     */
    bool Sleep(Time duration);

    /// \return threads that have not ended
    uint32_t GetLiveThreadCount() const;

    /// \return threads that ended with an exception
    uint32_t GetFailedThreadCount() const;

    // ---- errno and descriptors ------------------------------------------------------------

    /// \return errno of the running thread (or of the host outside threads)
    int GetErrno() const;
    /// \param error the new errno of the running thread (or of the host outside threads)
    void SetErrno(int error);

    /**
     * \brief Give an endpoint the lowest free descriptor number.
     * \param endpoint the endpoint
     * \return the descriptor, or -EMFILE when OpenMax descriptors are in use
     */
    int AllocateDescriptor(Ptr<HostEndpoint> endpoint);

    /// \return the endpoint behind \p fd, or nullptr \param fd a descriptor
    Ptr<HostEndpoint> GetEndpoint(int fd) const;

    /// \return how many descriptors are open
    uint32_t GetOpenDescriptorCount() const;

    // ---- POSIX calls (Linux conventions: -1 and errno on failure) ---------------------------

    /**
     * \brief eventfd(2).
     * \param initialValue the counter's initial value
     * \param flags EFD_NONBLOCK, EFD_SEMAPHORE, EFD_CLOEXEC
     * \return a descriptor, or -1 with errno EINVAL (unknown flags) or EMFILE
     */
    int EventFd(uint32_t initialValue, int flags);

    /**
     * \brief read(2).
     * \param fd descriptor
     * \param buf destination
     * \param count capacity
     * \return bytes read, or -1 with errno EBADF, EFAULT (null buffer), EINVAL, EAGAIN,
     *         EDEADLK (would block outside a thread)
     */
    ssize_t Read(int fd, void* buf, size_t count);

    /**
     * \brief write(2).
     * \param fd descriptor
     * \param buf source
     * \param count bytes
     * \return bytes written, or -1 with errno EBADF, EFAULT, EINVAL, EAGAIN, EDEADLK
     */
    ssize_t Write(int fd, const void* buf, size_t count);

    /**
     * \brief close(2). The number is free for reuse at once.
     * \param fd descriptor
     * \return 0, or -1 with errno EBADF
     */
    int Close(int fd);

    /**
     * \brief fcntl(2): F_GETFL, F_SETFL (O_NONBLOCK), F_GETFD, F_SETFD (FD_CLOEXEC).
     * \param fd descriptor
     * \param cmd command
     * \param arg argument of the set commands
     * \return the flags for the get commands, 0 for the set commands, or -1 with errno
     *         EBADF or EINVAL (unknown command)
     */
    int Fcntl(int fd, int cmd, int arg = 0);

    /**
     * \brief poll(2).
     * \param fds the entries (revents are written)
     * \param nfds number of entries
     * \param timeoutMs milliseconds; negative waits forever; 0 never blocks
     * \return entries with non-zero revents, 0 on timeout, or -1 with errno EFAULT, EINVAL
     *         (nfds above OpenMax) or EDEADLK
     */
    int Poll(struct pollfd* fds, nfds_t nfds, int timeoutMs);

    /**
     * \brief poll(2) with a simulated-time timeout.
     * \param fds the entries
     * \param nfds number of entries
     * \param timeout Time::Max() waits forever; zero never blocks
     * \return as Poll(fds, nfds, timeoutMs)
     */
    int PollFor(struct pollfd* fds, nfds_t nfds, Time timeout);

    // ---- tracing and violations -----------------------------------------------------------

    /// \return the event trace (may be null)
    Ptr<EventTrace> GetTrace() const;
    /// \param trace the event trace to write to
    void SetTrace(Ptr<EventTrace> trace);
    /// \return whether records are consumed (skip building them otherwise)
    bool IsTracing() const;

    /**
     * \brief Emit a record stamped with this node and the running thread.
     * \param kind kind of record
     * \param personality "posix", "host", ...
     * \param object "fd:3", "thread:1", ...
     * \param name call, state or violation name
     * \param fields ordered fields
     */
    void Emit(TraceKind kind,
              const std::string& personality,
              const std::string& object,
              const std::string& name,
              std::vector<TraceField> fields = {});

    /**
     * \brief Record a refused misuse. Fatal when the ViolationsFatal attribute is true.
     * \param personality who detected it
     * \param object what it concerns
     * \param name e.g. "block-outside-thread"
     * \param fields details
     */
    void RecordViolation(const std::string& personality,
                         const std::string& object,
                         const std::string& name,
                         std::vector<TraceField> fields = {});

    /// \return violations recorded on this host
    uint32_t GetViolationCount() const;

    /// \return the ns-3 node id, or -1 when not aggregated to a node
    int64_t GetNodeId() const;

  protected:
    void DoDispose() override;
    void NotifyNewAggregate() override;

  private:
    friend class WaitQueue;

    /// A thread and its current wait.
    struct ThreadSlot
    {
        std::unique_ptr<SimThread> thread; //!< the thread
        WaitEntry* wait{nullptr};          //!< its current wait, if blocked
    };

    /// One descriptor's entry.
    struct Descriptor
    {
        Ptr<HostEndpoint> endpoint; //!< null when the number is free
        bool closeOnExec{false};    //!< FD_CLOEXEC
    };

    void StartThread(uint32_t id);
    void RunThread(uint32_t id);
    /// \return the current wait of thread \p id if it is wait \p serial, else nullptr
    WaitEntry* FindWait(uint32_t id, uint64_t serial) const;
    void OnWaitTimeout(uint32_t id, uint64_t serial);
    void OnWaitResume(uint32_t id, uint64_t serial);
    void WakeEntry(WaitEntry* entry);
    void ScheduleResume(WaitEntry* entry);
    SimThread* CurrentThread() const;
    uint32_t Context() const;

    /// Emit the CALL record of a POSIX call.
    void TraceCall(const char* name, int fd, std::vector<TraceField> args);
    /// Finish a POSIX call: set errno on failure, emit the RETURN record, return \p result.
    int64_t Finish(const char* name, int fd, int64_t result, int error);

    /// Run \p attempt; while it gives -EAGAIN on a blocking endpoint, wait on \p queue and
    /// retry (until \p timeout). \return the last attempt's result (count or -errno)
    ssize_t BlockingRetry(HostEndpoint& endpoint,
                          WaitQueue& queue,
                          Time timeout,
                          const char* call,
                          int fd,
                          const std::function<ssize_t()>& attempt);

    /// Fill revents of every entry. \return entries with non-zero revents
    int PollScan(struct pollfd* fds, nfds_t nfds) const;

    uint32_t m_stackSize;    //!< attribute StackSize
    bool m_violationsFatal;  //!< attribute ViolationsFatal
    uint32_t m_openMax;      //!< attribute OpenMax
    Ptr<EventTrace> m_trace; //!< attribute Trace
    int64_t m_nodeId{-1};    //!< aggregated node's id
    bool m_disposing{false}; //!< in DoDispose

    std::map<uint32_t, ThreadSlot> m_threads; //!< live threads by id (ordered: determinism)
    uint32_t m_nextThreadId{1};               //!< id of the next spawned thread
    uint32_t m_failedThreads{0};              //!< threads that ended by exception
    uint32_t m_currentThread{0};              //!< running thread, 0 when none
    uint64_t m_nextWaitSerial{1};             //!< serial of the next wait
    int m_hostErrno{0};                       //!< errno outside threads

    std::vector<Descriptor> m_descriptors; //!< indexed by descriptor number
    std::set<int> m_freeDescriptors;       //!< free numbers below m_descriptors.size()
    uint32_t m_openDescriptors{0};         //!< open descriptors
    uint32_t m_violations{0};              //!< violations recorded
};

} // namespace ns3

#endif /* SOCKBENCH_HOST_H */
