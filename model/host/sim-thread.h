/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: a simulated thread (a Boost.Context fiber run inside ns-3 events).
 */

#ifndef SOCKBENCH_SIM_THREAD_H
#define SOCKBENCH_SIM_THREAD_H

#include <boost/context/fiber.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief User code that runs on its own stack and blocks in simulated time.
 *
 * A SimThread never runs concurrently with anything: SockbenchHost switches into it from an
 * ns-3 event (Resume) and it switches back when it blocks or ends (Suspend). Its stack has a
 * guard page below it, so an overflow faults at once instead of corrupting memory; the fault is
 * reported with the thread's name (see InstallOverflowReporter()).
 *
 * Threads are created and owned by SockbenchHost; user code does not make them directly.
 */
class SimThread
{
  public:
    /// Life cycle of a thread.
    enum State
    {
        CREATED,  //!< spawned, start event pending
        RUNNING,  //!< executing user code
        BLOCKED,  //!< suspended in a wait or sleep
        FINISHED, //!< body returned
        FAILED,   //!< body ended with an exception (see GetFailure())
    };

    /**
     * \brief Create a thread; it does not run until Resume().
     * \param id thread id, unique on its node, from 1
     * \param name a name for traces and messages
     * \param body the code to run
     * \param stackSize usable stack bytes (rounded up to pages; one guard page is added)
     */
    SimThread(uint32_t id, std::string name, std::function<void()> body, size_t stackSize);

    /// Destroying a suspended thread unwinds its stack (destructors run), then frees it.
    ~SimThread();

    SimThread(const SimThread&) = delete;
    SimThread& operator=(const SimThread&) = delete;

    /// \return the thread id
    uint32_t GetId() const;
    /// \return the thread name
    const std::string& GetName() const;
    /// \return the life-cycle state
    State GetState() const;
    /// \return true when FINISHED or FAILED
    bool HasEnded() const;
    /// \return the exception text when FAILED, else empty
    const std::string& GetFailure() const;
    /// \return this thread's errno slot
    int& Errno();

    /**
     * \brief Run the thread until it suspends or ends. Call from scheduler context only.
     */
    void Resume();

    /**
     * \brief Give control back to the scheduler. Call from inside this thread only; returns
     * when the thread is resumed.
     */
    void Suspend();

    /**
     * \brief Install (unless it is already the active one) a SIGSEGV handler on an alternate
     * stack that names the simulated thread whose guard page was hit, then passes the fault
     * to the handler that was active before (by default: the process dies with SIGSEGV).
     */
    static void InstallOverflowReporter();

    /// \return the name of a state \param state the state
    static const char* StateName(State state);

  private:
    /// Fiber entry: runs the body, records how it ended.
    void Run();

    void AsanEnterThread();            //!< scheduler side, before switching into the thread
    void AsanBackInScheduler();        //!< scheduler side, after the thread switched back
    void AsanArrivedInThread();        //!< thread side, after a switch into it
    void AsanLeaveThread(bool ending); //!< thread side, before switching out (for good?)

    uint32_t m_id;                              //!< thread id
    std::string m_name;                         //!< thread name
    std::function<void()> m_body;               //!< user code
    State m_state{CREATED};                     //!< life-cycle state
    std::string m_failure;                      //!< exception text when FAILED
    int m_errno{0};                             //!< per-thread errno
    boost::context::fiber m_fiber;              //!< the thread, while suspended
    boost::context::fiber m_scheduler;          //!< the scheduler, while the thread runs
    uintptr_t m_guardLow{0};                    //!< lowest address of the guard page
    uintptr_t m_guardHigh{0};                   //!< one past the guard page
    uintptr_t m_stackTop{0};                    //!< one past the highest stack address
    size_t m_stackSize;                         //!< usable stack bytes
    void* m_asanSchedulerFakeStack{nullptr};    //!< ASan: scheduler's fake stack while away
    void* m_asanThreadFakeStack{nullptr};       //!< ASan: this thread's fake stack while away
    const void* m_asanSchedulerBottom{nullptr}; //!< ASan: scheduler stack bounds
    size_t m_asanSchedulerSize{0};              //!< ASan: scheduler stack size
};

} // namespace ns3

#endif /* SOCKBENCH_SIM_THREAD_H */
