/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "host-endpoint.h"

#include "ns3/log.h"

#include <algorithm>
#include <cerrno>
#include <poll.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HostEndpoint");
NS_OBJECT_ENSURE_REGISTERED(HostEndpoint);

TypeId
HostEndpoint::GetTypeId()
{
    static TypeId tid = TypeId("ns3::HostEndpoint").SetParent<Object>().SetGroupName("Sockbench");
    return tid;
}

HostEndpoint::HostEndpoint()
{
    NS_LOG_FUNCTION(this);
}

HostEndpoint::~HostEndpoint()
{
    NS_LOG_FUNCTION(this);
}

void
HostEndpoint::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_listeners.clear();
    m_readWaiters.WakeAll();
    m_writeWaiters.WakeAll();
    Object::DoDispose();
}

ssize_t
HostEndpoint::Read(uint8_t*, size_t)
{
    return -EINVAL;
}

ssize_t
HostEndpoint::Write(const uint8_t*, size_t)
{
    return -EINVAL;
}

void
HostEndpoint::Release()
{
    NS_LOG_FUNCTION(this);
    m_readWaiters.WakeAll();
    m_writeWaiters.WakeAll();
}

bool
HostEndpoint::IsNonBlocking() const
{
    return m_nonBlocking;
}

void
HostEndpoint::SetNonBlocking(bool nonBlocking)
{
    m_nonBlocking = nonBlocking;
}

int
HostEndpoint::GetPendingError() const
{
    return m_pendingError;
}

int
HostEndpoint::TakePendingError()
{
    int error = m_pendingError;
    if (error != 0)
    {
        m_pendingError = 0;
        NotifyReadinessChanged();
    }
    return error;
}

uint32_t
HostEndpoint::GetPollReadiness() const
{
    // A pending error is POLLERR for every endpoint type.
    return GetReadiness() | (m_pendingError != 0 ? POLLERR : 0);
}

void
HostEndpoint::SetPendingError(int error)
{
    m_pendingError = error;
    NotifyReadinessChanged();
}

uint64_t
HostEndpoint::AddChangeListener(ChangeListener listener)
{
    uint64_t id = m_nextListenerId++;
    m_listeners.emplace(id, std::move(listener));
    return id;
}

void
HostEndpoint::RemoveChangeListener(uint64_t id)
{
    m_listeners.erase(id);
}

size_t
HostEndpoint::GetChangeListenerCount() const
{
    return m_listeners.size();
}

void
HostEndpoint::AddPollWaiter(WaitQueue* queue)
{
    m_pollWaiters.push_back(queue);
}

void
HostEndpoint::RemovePollWaiter(WaitQueue* queue)
{
    auto it = std::find(m_pollWaiters.begin(), m_pollWaiters.end(), queue);
    if (it != m_pollWaiters.end())
    {
        m_pollWaiters.erase(it); // keeps the order of the others
    }
}

WaitQueue&
HostEndpoint::GetReadWaiters()
{
    return m_readWaiters;
}

WaitQueue&
HostEndpoint::GetWriteWaiters()
{
    return m_writeWaiters;
}

void
HostEndpoint::NotifyReadinessChanged()
{
    // An error-only change must reach the listeners and blocked polls too.
    uint32_t now = GetPollReadiness();
    if (m_readinessKnown && now == m_lastReadiness)
    {
        return;
    }
    m_readinessKnown = true;
    m_lastReadiness = now;
    // A listener may remove itself (or others) while we iterate: walk by id.
    uint64_t next = 0;
    for (;;)
    {
        auto it = m_listeners.lower_bound(next);
        if (it == m_listeners.end())
        {
            break;
        }
        next = it->first + 1;
        ChangeListener listener = it->second; // copy: the entry may be erased by the call
        listener(now);
    }
    // Waking only schedules resumptions: the list cannot change under this loop.
    for (WaitQueue* queue : m_pollWaiters)
    {
        queue->WakeAll();
    }
}

} // namespace ns3
