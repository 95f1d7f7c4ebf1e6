/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: a Linux eventfd(2) counter.
 */

#ifndef SOCKBENCH_EVENTFD_ENDPOINT_H
#define SOCKBENCH_EVENTFD_ENDPOINT_H

#include "host-endpoint.h"

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief An eventfd(2): a 64-bit counter that read() takes and write() adds to.
 *
 * Linux semantics (fs/eventfd.c): reads and writes move exactly 8 bytes (shorter buffers give
 * EINVAL); a read on a zero counter blocks or gives EAGAIN; a read returns the whole counter
 * and zeroes it, or with EFD_SEMAPHORE returns 1 and decrements; a write of 0xffffffffffffffff
 * gives EINVAL; a write that would push the counter past 0xfffffffffffffffe blocks or gives
 * EAGAIN. POLLIN while the counter is above 0, POLLOUT while it is below the maximum.
 * Every change wakes all waiters (they re-check), as the kernel does.
 */
class EventFdEndpoint : public HostEndpoint
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Largest counter value (ULLONG_MAX - 1).
    static constexpr uint64_t MAX_COUNT = 0xfffffffffffffffeULL;

    EventFdEndpoint();

    /**
     * \brief Set the initial state.
     * \param initialValue the counter's value
     * \param semaphore EFD_SEMAPHORE reads
     */
    void Configure(uint64_t initialValue, bool semaphore);

    /// \return the counter's value
    uint64_t GetCount() const;

    std::string GetKindName() const override;
    uint32_t GetReadiness() const override;
    ssize_t Read(uint8_t* buf, size_t len) override;
    ssize_t Write(const uint8_t* buf, size_t len) override;

  private:
    /// Wake everybody and notify listeners after the counter changed.
    void CounterChanged();

    uint64_t m_count{0};     //!< the counter
    bool m_semaphore{false}; //!< EFD_SEMAPHORE
};

} // namespace ns3

#endif /* SOCKBENCH_EVENTFD_ENDPOINT_H */
