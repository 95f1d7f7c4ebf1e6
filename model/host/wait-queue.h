/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: a FIFO of simulated threads waiting for something.
 */

#ifndef SOCKBENCH_WAIT_QUEUE_H
#define SOCKBENCH_WAIT_QUEUE_H

#include <cstdint>
#include <list>

namespace ns3
{

class SockbenchHost;
struct WaitEntry;

/**
 * \ingroup sockbench
 * \brief Threads blocked on one condition (a socket's readers, a listener's accept queue...).
 *
 * Threads join at the tail (SockbenchHost::Wait) and are woken from the head: WakeOne() wakes
 * the oldest waiter, WakeAll() every waiter in arrival order. A woken thread does not run
 * inside the waker: it resumes in its own ns-3 event at the same simulated time, after the
 * waker's event, and re-checks its condition. Destroying a queue wakes its waiters.
 */
class WaitQueue
{
  public:
    WaitQueue() = default;
    ~WaitQueue();

    WaitQueue(const WaitQueue&) = delete;
    WaitQueue& operator=(const WaitQueue&) = delete;

    /// \return whether no thread waits here
    bool IsEmpty() const;

    /// \return how many threads wait here
    uint32_t GetSize() const;

    /**
     * \brief Wake the oldest waiter.
     * \return 1 when a thread was woken, 0 when none waited
     */
    uint32_t WakeOne();

    /**
     * \brief Wake every waiter, oldest first.
     * \return how many threads were woken
     */
    uint32_t WakeAll();

  private:
    friend class SockbenchHost;
    std::list<WaitEntry*> m_waiters; //!< oldest first
};

} // namespace ns3

#endif /* SOCKBENCH_WAIT_QUEUE_H */
