/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: what a descriptor refers to.
 */

#ifndef SOCKBENCH_HOST_ENDPOINT_H
#define SOCKBENCH_HOST_ENDPOINT_H

#include "wait-queue.h"

#include "ns3/object.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace ns3
{

class SockbenchHost;

/**
 * \ingroup sockbench
 * \brief The object behind a descriptor: readiness, pending error, change signal, wait queues.
 *
 * Concrete endpoints (eventfd now; unix, tcp and udp sockets later) keep their own state and
 * implement the I/O hooks. They return Linux results: a count, or a negative errno
 * (-EAGAIN when the call would block). The blocking loop, timeouts, errno and tracing live in
 * SockbenchHost, so every endpoint blocks the same way.
 *
 * After any change that may alter readiness, an endpoint calls NotifyReadinessChanged(). The
 * listeners registered with AddChangeListener() are then called, in registration order, if
 * the readiness bits differ from the last notification. poll() and socket services use this
 * instead of scanning descriptors.
 */
class HostEndpoint : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    HostEndpoint();
    ~HostEndpoint() override;

    /// Signature of a readiness listener: gets the new readiness bits.
    using ChangeListener = std::function<void(uint32_t readiness)>;

    /// \return a short kind name for traces ("eventfd", "unix-stream", ...)
    virtual std::string GetKindName() const = 0;

    /// \return the POLL* bits that are true now (POLLIN, POLLOUT, POLLERR, POLLHUP, ...)
    virtual uint32_t GetReadiness() const = 0;

    /**
     * \brief Read up to \p len bytes.
     * \param buf destination (not null; the host checks)
     * \param len capacity of \p buf
     * \return bytes read, 0 at end of file, or a negative errno (-EAGAIN: would block)
     */
    virtual ssize_t Read(uint8_t* buf, size_t len);

    /**
     * \brief Write \p len bytes.
     * \param buf source (not null; the host checks)
     * \param len bytes to write
     * \return bytes written, or a negative errno (-EAGAIN: would block)
     */
    virtual ssize_t Write(const uint8_t* buf, size_t len);

    /// Called when the last descriptor referring to this endpoint is closed.
    virtual void Release();

    /// \return whether O_NONBLOCK is set (file status flag, shared by all descriptors)
    bool IsNonBlocking() const;
    /// \param nonBlocking the new O_NONBLOCK state
    void SetNonBlocking(bool nonBlocking);

    /// \return the pending socket error (SO_ERROR), 0 when none
    int GetPendingError() const;
    /// \return GetReadiness(), plus POLLERR while an error is pending (what poll() and the
    /// readiness listeners see: an endpoint may leave the error out of its own bits)
    uint32_t GetPollReadiness() const;
    /// \return the pending socket error and clear it
    int TakePendingError();
    /// \param error a positive errno to report once (0 clears); notifies readiness listeners
    void SetPendingError(int error);

    /**
     * \brief Register a readiness listener.
     * \param listener called after readiness changed
     * \return an id for RemoveChangeListener()
     */
    uint64_t AddChangeListener(ChangeListener listener);

    /// \param id the listener to remove (unknown ids are ignored)
    void RemoveChangeListener(uint64_t id);

    /// \return how many listeners are registered
    size_t GetChangeListenerCount() const;

    /**
     * \brief A blocked poll() waits on \p queue: wake it at every readiness change (after the
     * listeners). Cheaper than a listener: no allocation; poll() registers one per descriptor
     * at every blocking call.
     * \param queue the poll call's queue
     */
    void AddPollWaiter(WaitQueue* queue);
    /// \param queue a queue given to AddPollWaiter() (unknown ones are ignored)
    void RemovePollWaiter(WaitQueue* queue);

    /// \return threads waiting to read
    WaitQueue& GetReadWaiters();
    /// \return threads waiting to write
    WaitQueue& GetWriteWaiters();

  protected:
    /// Compare readiness with the last notification; on a change, call the listeners.
    void NotifyReadinessChanged();

    void DoDispose() override;

  private:
    bool m_nonBlocking{false};                      //!< O_NONBLOCK
    int m_pendingError{0};                          //!< SO_ERROR
    uint32_t m_lastReadiness{0};                    //!< readiness at the last notification
    bool m_readinessKnown{false};                   //!< m_lastReadiness is valid
    uint64_t m_nextListenerId{1};                   //!< id of the next listener
    std::map<uint64_t, ChangeListener> m_listeners; //!< by id, i.e. registration order
    std::vector<WaitQueue*> m_pollWaiters;          //!< blocked poll calls, in order
    WaitQueue m_readWaiters;                        //!< blocked readers
    WaitQueue m_writeWaiters;                       //!< blocked writers
};

} // namespace ns3

#endif /* SOCKBENCH_HOST_ENDPOINT_H */
