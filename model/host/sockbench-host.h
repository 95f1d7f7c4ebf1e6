/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: the per-node host (threads, descriptors, errno, blocking waits, poll).
 */

#ifndef SOCKBENCH_HOST_H
#define SOCKBENCH_HOST_H

#include "host-endpoint.h"
#include "sim-thread.h"
#include "socket-endpoint.h"
#include "wait-queue.h"

#include "ns3/event-id.h"
#include "ns3/inet-config.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/trace-record.h"

#include <climits>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <poll.h>
#include <set>
#include <string>
#include <sys/select.h>
#include <sys/socket.h>
#include <vector>

namespace ns3
{

class EventTrace;
class InetPortTable;
class Node;
class UnixNamespace;

/**
 * \ingroup sockbench
 * \brief How a wait ended.
 */
enum class WaitResult
{
    WOKEN,       //!< a WakeOne/WakeAll on the queue reached this thread
    TIMED_OUT,   //!< the timeout expired first
    INTERRUPTED, //!< a caught signal arrived (Kill(); the call gives EINTR or restarts, LS17)
    REFUSED,     //!< not called from a simulated thread (a violation is recorded)
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
    bool interrupted{false};                  //!< a caught signal ended it
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

    /// Signature of a descriptor observer: gets a number that was just opened or freed.
    using DescriptorObserver = std::function<void(int fd)>;
    /**
     * \brief Watch the descriptor table: \p observer is called after a number is bound to a
     * new endpoint (socket, accept, eventfd...) or freed (close, crash), in registration order.
     * \param observer the callback
     * \return an id for RemoveDescriptorObserver()
     */
    uint64_t AddDescriptorObserver(DescriptorObserver observer);
    /// \param id an observer to remove (unknown ids are ignored)
    void RemoveDescriptorObserver(uint64_t id);

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

    // ---- sockets (model/host/host-sockets.cc; Linux conventions, spec local-sockets.md) -----

    /// Behaviour of AF_UNIX where Linux versions differ (spec local-sockets.md, K).
    enum KernelBehaviour
    {
        LINUX_6,      //!< Linux 6.x (observed on 6.18), the default
        LINUX_2_6_31, //!< the seed's kernel
    };

    /**
     * \brief socket(2) (LS40).
     * \param domain AF_UNIX
     * \param type SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET or SOCK_RAW (a DGRAM), optionally
     *        with SOCK_NONBLOCK and SOCK_CLOEXEC
     * \param protocol 0 or PF_UNIX
     * \return a descriptor, or -1 with errno EAFNOSUPPORT, EINVAL, EPROTONOSUPPORT,
     *         ESOCKTNOSUPPORT or EMFILE
     */
    int Socket(int domain, int type, int protocol);
    /// socketpair(2): two connected, unbound sockets (LS40). \return 0 or -1 with errno
    /// \param domain AF_UNIX \param type as Socket() \param protocol 0 \param sv the two fds
    int SocketPair(int domain, int type, int protocol, int sv[2]);
    /// bind(2) (LS1-LS6). \return 0 or -1 with errno \param fd socket \param addr address
    /// \param len its length
    int Bind(int fd, const struct sockaddr* addr, socklen_t len);
    /// listen(2); the backlog is read as unsigned and clamped to Somaxconn (LS7-LS10).
    /// \return 0 or -1 with errno \param fd socket \param backlog the backlog
    int Listen(int fd, int backlog);
    /// accept(2) (LS20, LS21). \return a descriptor or -1 with errno \param fd listener
    /// \param addr peer address out (may be null) \param len its capacity in, length out
    int Accept(int fd, struct sockaddr* addr, socklen_t* len);
    /// accept4(2): flags SOCK_NONBLOCK, SOCK_CLOEXEC. \return as Accept() \param fd listener
    /// \param addr peer address \param len its length \param flags the flags
    int Accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags);
    /// connect(2), check order LS12; blocks on a full backlog (LS14-LS16).
    /// \return 0 or -1 with errno \param fd socket \param addr target \param len its length
    int Connect(int fd, const struct sockaddr* addr, socklen_t len);
    /// send(2). \return bytes or -1 with errno \param fd socket \param buf data
    /// \param len bytes \param flags MSG_DONTWAIT, MSG_NOSIGNAL, ...
    ssize_t Send(int fd, const void* buf, size_t len, int flags);
    /// sendto(2). \return bytes or -1 with errno \param fd socket \param buf data
    /// \param len bytes \param flags flags \param addr destination \param addrLen its length
    ssize_t SendTo(int fd,
                   const void* buf,
                   size_t len,
                   int flags,
                   const struct sockaddr* addr,
                   socklen_t addrLen);
    /// recv(2). \return bytes (0: EOF) or -1 with errno \param fd socket \param buf buffer
    /// \param len capacity \param flags MSG_PEEK, MSG_DONTWAIT, MSG_TRUNC, ...
    ssize_t Recv(int fd, void* buf, size_t len, int flags);
    /// recvfrom(2). \return as Recv() \param fd socket \param buf buffer \param len capacity
    /// \param flags flags \param from sender out \param fromLen its capacity in, length out
    ssize_t RecvFrom(int fd,
                     void* buf,
                     size_t len,
                     int flags,
                     struct sockaddr* from,
                     socklen_t* fromLen);
    /// shutdown(2) (LS28). \return 0 or -1 with errno \param fd socket \param how SHUT_*
    int Shutdown(int fd, int how);
    /// getsockname(2) (LS6). \return 0 or -1 with errno \param fd socket
    /// \param addr buffer \param len capacity in, full length out
    int GetSockName(int fd, struct sockaddr* addr, socklen_t* len);
    /// getpeername(2). \return 0 or -1 with errno \param fd socket \param addr buffer
    /// \param len capacity in, full length out
    int GetPeerName(int fd, struct sockaddr* addr, socklen_t* len);
    /// setsockopt(2) (LS38). \return 0 or -1 with errno \param fd socket \param level level
    /// \param name option \param value its value \param len its length
    int SetSockOpt(int fd, int level, int name, const void* value, socklen_t len);
    /// getsockopt(2) (LS38, LS39). \return 0 or -1 with errno \param fd socket
    /// \param level level \param name option \param value buffer \param len capacity in, out
    int GetSockOpt(int fd, int level, int name, void* value, socklen_t* len);
    /// ioctl(2): FIONREAD/SIOCINQ, SIOCOUTQ, FIONBIO. \return 0 or -1 with errno
    /// \param fd descriptor \param request the request \param arg its int argument
    int Ioctl(int fd, unsigned long request, int* arg);
    /// select(2), on top of the poll core (LS29). \return ready count, 0, or -1 with errno
    /// \param nfds highest fd + 1 \param readfds \param writefds \param exceptfds sets
    /// \param timeout null waits forever; updated with the time left, as Linux does
    int Select(int nfds,
               fd_set* readfds,
               fd_set* writefds,
               fd_set* exceptfds,
               struct timeval* timeout);
    /// unlink(2) in the node's AF_UNIX namespace (LS2). \return 0 or -1 with errno
    /// \param path the name
    int Unlink(const std::string& path);
    /// \return the node's AF_UNIX file namespace
    Ptr<UnixNamespace> GetUnixNamespace();
    /// \return the node's TCP/UDP port table (IN27)
    Ptr<InetPortTable> GetPortTable();
    /// \return the TCP/UDP settings taken from the attributes
    const InetConfig& GetInetConfig() const;

    /**
     * \brief The node crashes now (fault injection): every descriptor is closed without
     * anything being sent (TCP connections are forgotten; peers notice only through their
     * own timers or, after a restart, through RSTs), and the simulated threads die (their
     * stacks unwind). Closing connections still under way are forgotten too.
     */
    void Crash();
    /// \return whether Crash() was called (and no Restart() since)
    bool IsCrashed() const;
    /// The node is up again after Crash(): new threads and sockets may be made.
    void Restart();

    /**
     * \brief Install a handler for a signal on a thread (SIGPIPE, SIGIO). Signals are always
     * traced (state record "signal"); without a handler nothing else happens.
     * \param thread thread id
     * \param sig signal number
     * \param handler called inside the thread's context when the signal is raised
     */
    void SetSignalHandler(uint32_t thread,
                          int sig,
                          std::function<void(int)> handler,
                          bool restart = false);

    /**
     * \brief Send a signal to a thread (pthread_kill). It is traced; with a handler installed
     * the handler runs in that thread, and a call it is blocked in is interrupted: it fails
     * with EINTR, or restarts when the handler has SA_RESTART and the call has no timeout
     * (LS17). Without a handler the signal is only traced.
     * \param thread thread id on this node
     * \param sig signal number
     */
    void Kill(uint32_t thread, int sig);

    /// \return signals of number \p sig raised so far on this host \param sig the signal
    uint32_t GetSignalCount(int sig) const;

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
        bool restartAfterSignal{false};    //!< last interruption: SA_RESTART handler
    };

    /// One descriptor's entry.
    struct Descriptor
    {
        Ptr<HostEndpoint> endpoint; //!< null when the number is free
        bool closeOnExec{false};    //!< FD_CLOEXEC
    };

    /// The fd argument of trace records of calls that have no descriptor (eventfd, poll).
    static constexpr int NO_FD = INT32_MIN;
    /// \return "fd:N", or "-" for NO_FD \param fd descriptor
    static std::string FdObject(int fd);

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

    /**
     * \brief Run \p attempt; while it would block and the call may block, sleep on the queue
     * it names and run it again (spec L: every wakeup and the timeout re-run the checks).
     * \param call name for violations
     * \param fd descriptor for violations
     * \param nonBlocking O_NONBLOCK, MSG_DONTWAIT or a zero timeout
     * \param timeoutJiffies SO_SNDTIMEO/SO_RCVTIMEO in ticks; -1: no timer
     * \param attempt one attempt
     * \param retry the attempts after a wait (empty: \p attempt again)
     * \return the last attempt
     */
    SocketOp RunBlocking(const char* call,
                         int fd,
                         bool nonBlocking,
                         int64_t timeoutJiffies,
                         const std::function<SocketOp()>& attempt,
                         const std::function<SocketOp()>& retry = {});

    /// \return the socket behind \p fd, or nullptr with \p error EBADF or ENOTSOCK
    Ptr<SocketEndpoint> GetSocket(int fd, int& error) const;
    /// Apply the timing profile's ARP settings to the node's interfaces (once).
    /// \param node the node
    void ConfigureArp(Ptr<Node> node);
    /// Destroy every simulated thread of this host (stacks unwind), in id order.
    void UnwindThreads();
    /// Create a socket endpoint. \return it, or nullptr with \p error set
    Ptr<SocketEndpoint> CreateSocket(int domain, int type, int protocol, int& error);
    /// Create an AF_INET/AF_INET6 socket (model/host/host-inet.cc). \return it, or nullptr
    /// with \p error set \param domain family \param type base type \param protocol protocol
    /// \param error errno out
    Ptr<SocketEndpoint> CreateInetSocket(int domain, int type, int protocol, int& error);
    /// \return the calling thread's credentials (LS39)
    SocketCredentials Credentials() const;
    /// Raise \p sig for thread \p thread (0: the host): trace it, call its handler.
    void RaiseSignal(uint32_t thread, int sig);
    /// Shared body of Send/SendTo/Write on sockets.
    ssize_t SocketSend(const char* name,
                       int fd,
                       const void* buf,
                       size_t len,
                       int flags,
                       const struct sockaddr* addr,
                       socklen_t addrLen);
    /// Shared body of Recv/RecvFrom/Read on sockets.
    ssize_t SocketRecv(const char* name,
                       int fd,
                       void* buf,
                       size_t len,
                       int flags,
                       struct sockaddr* from,
                       socklen_t* fromLen);
    /// Finish a call that returns 0 or -1. \return 0, or -1 with errno -\p result
    /// \param name call \param fd descriptor \param result 0 or -errno
    int FinishStatus(const char* name, int fd, int result);
    /// The socket of a sockopt call. \return it, or nullptr with \p error EBADF, ENOTSOCK or
    /// EOPNOTSUPP (a level other than SOL_SOCKET) \param fd descriptor \param level level
    Ptr<SocketEndpoint> OptionTarget(int fd, int level, int& error) const;
    /// The socket of a data call. \return it, or nullptr with \p error EBADF, ENOTSOCK or
    /// EFAULT (null buffer) \param fd descriptor \param buf buffer \param len its length
    Ptr<SocketEndpoint> DataTarget(int fd, const void* buf, size_t len, int& error) const;
    /// Finish a call with the last attempt's result. \return the value, or -1 with errno
    /// \param name call \param fd descriptor \param op the attempt
    int64_t FinishOp(const char* name, int fd, const SocketOp& op);
    /// Shared body of GetSockName/GetPeerName. \return as they do
    int NameCall(const char* name, int fd, struct sockaddr* addr, socklen_t* len, bool peer);
    /// Shared body of Accept/Accept4.
    int DoAccept(const char* name, int fd, struct sockaddr* addr, socklen_t* len, int flags);

    /// Fill revents of every entry. \return entries with non-zero revents
    int PollScan(struct pollfd* fds, nfds_t nfds) const;

    uint32_t m_stackSize;               //!< attribute StackSize
    bool m_violationsFatal;             //!< attribute ViolationsFatal
    uint32_t m_openMax;                 //!< attribute OpenMax
    uint32_t m_hz;                      //!< attribute Hz
    uint32_t m_somaxconn;               //!< attribute Somaxconn
    uint32_t m_maxDgramQlen;            //!< attribute MaxDgramQlen
    uint32_t m_wmemMax;                 //!< attribute WmemMax
    uint32_t m_rmemMax;                 //!< attribute RmemMax
    uint32_t m_uid;                     //!< attribute Uid
    uint32_t m_gid;                     //!< attribute Gid
    uint32_t m_umask;                   //!< attribute Umask
    KernelBehaviour m_kernel;           //!< attribute KernelBehaviour
    Ptr<UnixNamespace> m_unixNamespace; //!< AF_UNIX names of this node
    TimingProfile m_timingProfile;      //!< attribute TimingProfile
    TcpClosePolicy m_closePolicy;       //!< attribute TcpClosePolicy
    bool m_abortOnOverflow;             //!< attribute TcpAbortOnOverflow
    uint32_t m_synRetries;              //!< attribute TcpSynRetries
    uint32_t m_retries2;                //!< attribute TcpRetries2
    mutable InetConfig m_inet;          //!< the above, for the endpoints
    Ptr<InetPortTable> m_portTable;     //!< TCP/UDP ports of this node
    bool m_crashed{false};              //!< Crash() was called
    bool m_arpConfigured{false};        //!< ConfigureArp() ran

    /// A signal handler: the function and its SA_RESTART flag.
    struct SignalHandler
    {
        std::function<void(int)> function; //!< called in the thread
        bool restart{false};               //!< SA_RESTART
    };

    std::map<std::pair<uint32_t, int>, SignalHandler> m_signalHandlers; //!< by thread, sig
    std::map<uint32_t, std::vector<int>> m_pendingSignals;              //!< caught, not yet handled
    /// Run the handlers of signals pending for the running thread.
    void DeliverPendingSignals();
    std::map<int, uint32_t> m_signalCounts; //!< signals raised, by number
    Ptr<EventTrace> m_trace;                //!< attribute Trace
    int64_t m_nodeId{-1};                   //!< aggregated node's id
    bool m_disposing{false};                //!< in DoDispose

    std::map<uint32_t, ThreadSlot> m_threads; //!< live threads by id (ordered: determinism)
    uint32_t m_nextThreadId{1};               //!< id of the next spawned thread
    uint32_t m_failedThreads{0};              //!< threads that ended by exception
    uint32_t m_currentThread{0};              //!< running thread, 0 when none
    uint64_t m_nextWaitSerial{1};             //!< serial of the next wait
    int m_hostErrno{0};                       //!< errno outside threads

    std::vector<Descriptor> m_descriptors; //!< indexed by descriptor number
    std::set<int> m_freeDescriptors;       //!< free numbers below m_descriptors.size()
    uint32_t m_openDescriptors{0};         //!< open descriptors
    std::map<uint64_t, DescriptorObserver> m_descriptorObservers; //!< by id
    uint64_t m_nextObserverId{1};                                 //!< next observer id
    /// Call the descriptor observers. \param fd the descriptor that changed
    void NotifyDescriptor(int fd);
    uint32_t m_violations{0}; //!< violations recorded
};

} // namespace ns3

#endif /* SOCKBENCH_HOST_H */
