/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sim-thread.h"

#include "ns3/log.h"

#include <boost/context/protected_fixedsize_stack.hpp>
#include <boost/context/stack_traits.hpp>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define SOCKBENCH_ASAN 1
#endif

#include <csignal>
#include <cstring>
#include <exception>
#include <map>
#include <unistd.h>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SimThread");

namespace
{
/// The thread now running, for the overflow reporter (signal handlers can read only this).
const SimThread* g_running = nullptr;
uintptr_t g_runningGuardLow = 0;
uintptr_t g_runningGuardHigh = 0;
const char* g_runningName = nullptr;
size_t g_runningStackSize = 0;
struct sigaction g_previousAction;

void
WriteAll(const char* text)
{
    size_t len = std::strlen(text);
    while (len > 0)
    {
        ssize_t n = ::write(STDERR_FILENO, text, len);
        if (n <= 0)
        {
            return;
        }
        text += n;
        len -= static_cast<size_t>(n);
    }
}

/**
 * Fiber stacks freed by ended threads, kept for the next ones (per size, most recent first):
 * reusing a mapping saves mmap/mprotect/munmap and the first-touch page faults of a fresh
 * one, and its pages are likely still in cache. At most MAX_POOLED per size are kept.
 */
class StackPool
{
  public:
    static constexpr size_t MAX_POOLED = 1024;

    ~StackPool()
    {
        for (auto& entry : m_free)
        {
            boost::context::protected_fixedsize_stack inner(entry.first);
            for (auto& sc : entry.second)
            {
                inner.deallocate(sc);
            }
        }
    }

    /// \return a pooled stack of \p size, or false \param size size \param[out] sc the stack
    bool Take(size_t size, boost::context::stack_context& sc)
    {
        auto it = m_free.find(size);
        if (it == m_free.end() || it->second.empty())
        {
            return false;
        }
        sc = it->second.back();
        it->second.pop_back();
        return true;
    }

    /// \return whether the stack was kept \param size its size \param sc the stack
    bool Give(size_t size, const boost::context::stack_context& sc)
    {
        auto& list = m_free[size];
        if (list.size() >= MAX_POOLED)
        {
            return false;
        }
        list.push_back(sc);
        return true;
    }

  private:
    std::map<size_t, std::vector<boost::context::stack_context>> m_free; //!< by size
};

StackPool&
Pool()
{
    static StackPool pool;
    return pool;
}

/**
 * Boost.Context stack allocator: protected_fixedsize_stack (one PROT_NONE guard page at the
 * low end of the mapping) that also remembers where the guard page is; stacks are recycled
 * through the StackPool.
 */
class GuardedStack
{
  public:
    GuardedStack(size_t size, uintptr_t* guardLow, uintptr_t* guardHigh, uintptr_t* top)
        : m_size(size),
          m_inner(size),
          m_guardLow(guardLow),
          m_guardHigh(guardHigh),
          m_top(top)
    {
    }

    boost::context::stack_context allocate()
    {
        boost::context::stack_context sc;
        if (!Pool().Take(m_size, sc))
        {
            sc = m_inner.allocate();
        }
        // The mapping is [sp - size, sp); its lowest page is the guard.
        *m_guardLow = reinterpret_cast<uintptr_t>(sc.sp) - sc.size;
        *m_guardHigh = *m_guardLow + boost::context::stack_traits::page_size();
        *m_top = reinterpret_cast<uintptr_t>(sc.sp);
#ifdef SOCKBENCH_ASAN
        // Pages of an earlier fiber stack can come back here with that fiber's frame
        // redzones still poisoned: start clean.
        __asan_unpoison_memory_region(reinterpret_cast<void*>(*m_guardHigh), *m_top - *m_guardHigh);
#endif
        return sc;
    }

    void deallocate(boost::context::stack_context& sc) noexcept
    {
#ifdef SOCKBENCH_ASAN
        size_t page = boost::context::stack_traits::page_size();
        __asan_unpoison_memory_region(static_cast<char*>(sc.sp) - sc.size + page, sc.size - page);
#endif
        if (!Pool().Give(m_size, sc))
        {
            m_inner.deallocate(sc);
        }
    }

  private:
    size_t m_size;
    boost::context::protected_fixedsize_stack m_inner;
    uintptr_t* m_guardLow;
    uintptr_t* m_guardHigh;
    uintptr_t* m_top;
};

void
OverflowHandler(int sig, siginfo_t* info, void*)
{
    auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
    if (g_running && addr >= g_runningGuardLow && addr < g_runningGuardHigh)
    {
        char size[32];
        size_t n = g_runningStackSize;
        int i = sizeof(size) - 1;
        size[i] = '\0';
        do
        {
            size[--i] = static_cast<char>('0' + n % 10);
            n /= 10;
        } while (n && i > 0);
        WriteAll("sockbench: simulated thread '");
        WriteAll(g_runningName);
        WriteAll("' overflowed its stack (");
        WriteAll(&size[i]);
        WriteAll(" bytes); raise the SockbenchHost StackSize attribute\n");
    }
    // Hand the fault to the handler that was there before (the default action kills the
    // process with SIGSEGV; a test framework reports it): restore it and return, so the
    // faulting instruction runs again under it.
    sigaction(sig, &g_previousAction, nullptr);
}
} // namespace

SimThread::SimThread(uint32_t id, std::string name, std::function<void()> body, size_t stackSize)
    : m_id(id),
      m_name(std::move(name)),
      m_body(std::move(body)),
      m_stackSize(stackSize)
{
    NS_LOG_FUNCTION(this << id << m_name << stackSize);
    GuardedStack allocator(stackSize, &m_guardLow, &m_guardHigh, &m_stackTop);
    m_fiber = boost::context::fiber(std::allocator_arg,
                                    allocator,
                                    [this](boost::context::fiber&& scheduler) {
                                        AsanArrivedInThread();
                                        m_scheduler = std::move(scheduler);
                                        Run();
                                        AsanLeaveThread(true);
                                        return std::move(m_scheduler);
                                    });
}

SimThread::~SimThread()
{
    NS_LOG_FUNCTION(this << m_id);
    // A suspended fiber is unwound by its destructor (forced_unwind is thrown at the
    // suspension point), so objects on the thread's stack are destroyed properly.
    const SimThread* previous = g_running;
    g_running = this;
    if (m_fiber)
    {
        AsanEnterThread();
        m_fiber = boost::context::fiber();
        AsanBackInScheduler();
    }
    g_running = previous;
}

// AddressSanitizer must be told about every stack switch (fibers are invisible to it).
// These follow the protocol of <sanitizer/common_interface_defs.h>; they compile to nothing
// in other builds.

void
SimThread::AsanEnterThread()
{
#ifdef SOCKBENCH_ASAN
    __sanitizer_start_switch_fiber(&m_asanSchedulerFakeStack,
                                   reinterpret_cast<const void*>(m_guardHigh),
                                   m_stackTop - m_guardHigh);
#endif
}

void
SimThread::AsanBackInScheduler()
{
#ifdef SOCKBENCH_ASAN
    __sanitizer_finish_switch_fiber(m_asanSchedulerFakeStack, nullptr, nullptr);
#endif
}

void
SimThread::AsanArrivedInThread()
{
#ifdef SOCKBENCH_ASAN
    __sanitizer_finish_switch_fiber(m_asanThreadFakeStack,
                                    &m_asanSchedulerBottom,
                                    &m_asanSchedulerSize);
#endif
}

void
SimThread::AsanLeaveThread(bool ending)
{
#ifdef SOCKBENCH_ASAN
    __sanitizer_start_switch_fiber(ending ? nullptr : &m_asanThreadFakeStack,
                                   m_asanSchedulerBottom,
                                   m_asanSchedulerSize);
#else
    (void)ending;
#endif
}

void
SimThread::Run()
{
    m_state = RUNNING;
    try
    {
        m_body();
        m_state = FINISHED;
    }
    catch (const boost::context::detail::forced_unwind&)
    {
        // Teardown of a suspended thread: let Boost.Context finish the unwinding; this stack
        // is left for good.
        AsanLeaveThread(true);
        throw;
    }
    catch (const std::exception& e)
    {
        m_failure = e.what();
        m_state = FAILED;
    }
    catch (...)
    {
        m_failure = "exception of unknown type";
        m_state = FAILED;
    }
    m_body = nullptr; // release captures while the thread still has its stack
}

uint32_t
SimThread::GetId() const
{
    return m_id;
}

const std::string&
SimThread::GetName() const
{
    return m_name;
}

SimThread::State
SimThread::GetState() const
{
    return m_state;
}

bool
SimThread::HasEnded() const
{
    return m_state == FINISHED || m_state == FAILED;
}

const std::string&
SimThread::GetFailure() const
{
    return m_failure;
}

int&
SimThread::Errno()
{
    return m_errno;
}

void
SimThread::Resume()
{
    NS_LOG_FUNCTION(this << m_id);
    if (HasEnded() || !m_fiber)
    {
        return;
    }
    const SimThread* previous = g_running;
    g_running = this;
    g_runningName = m_name.c_str();
    g_runningStackSize = m_stackSize;
    g_runningGuardLow = m_guardLow;
    g_runningGuardHigh = m_guardHigh;
    if (m_state == BLOCKED)
    {
        m_state = RUNNING;
    }
    AsanEnterThread();
    m_fiber = std::move(m_fiber).resume();
    AsanBackInScheduler();
    g_running = previous;
}

void
SimThread::Suspend()
{
    NS_LOG_FUNCTION(this << m_id);
    m_state = BLOCKED;
    AsanLeaveThread(false);
    try
    {
        m_scheduler = std::move(m_scheduler).resume();
    }
    catch (const boost::context::detail::forced_unwind&)
    {
        AsanArrivedInThread(); // resumed by the destructor, to unwind
        throw;
    }
    AsanArrivedInThread();
}

void
SimThread::InstallOverflowReporter()
{
    struct sigaction current;
    sigaction(SIGSEGV, nullptr, &current);
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == &OverflowHandler)
    {
        return; // still ours
    }
    static char altStack[64 * 1024];
    stack_t existing;
    if (sigaltstack(nullptr, &existing) != 0 || (existing.ss_flags & SS_DISABLE))
    {
        stack_t ss{};
        ss.ss_sp = altStack;
        ss.ss_size = sizeof(altStack);
        ss.ss_flags = 0;
        sigaltstack(&ss, nullptr);
    }

    struct sigaction sa
    {
    };

    sa.sa_sigaction = &OverflowHandler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &g_previousAction);
}

const char*
SimThread::StateName(State state)
{
    switch (state)
    {
    case CREATED:
        return "created";
    case RUNNING:
        return "running";
    case BLOCKED:
        return "blocked";
    case FINISHED:
        return "finished";
    case FAILED:
        return "failed";
    }
    return "?";
}

} // namespace ns3
