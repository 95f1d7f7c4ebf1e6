/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "eventfd-endpoint.h"

#include "ns3/log.h"

#include <cerrno>
#include <cstring>
#include <poll.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EventFdEndpoint");
NS_OBJECT_ENSURE_REGISTERED(EventFdEndpoint);

TypeId
EventFdEndpoint::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EventFdEndpoint")
                            .SetParent<HostEndpoint>()
                            .SetGroupName("Sockbench")
                            .AddConstructor<EventFdEndpoint>();
    return tid;
}

EventFdEndpoint::EventFdEndpoint()
{
    NS_LOG_FUNCTION(this);
}

void
EventFdEndpoint::Configure(uint64_t initialValue, bool semaphore)
{
    m_count = initialValue;
    m_semaphore = semaphore;
    NotifyReadinessChanged();
}

uint64_t
EventFdEndpoint::GetCount() const
{
    return m_count;
}

std::string
EventFdEndpoint::GetKindName() const
{
    return "eventfd";
}

uint32_t
EventFdEndpoint::GetReadiness() const
{
    uint32_t bits = 0;
    if (m_count > 0)
    {
        bits |= POLLIN;
    }
    if (m_count < MAX_COUNT)
    {
        bits |= POLLOUT;
    }
    return bits;
}

ssize_t
EventFdEndpoint::Read(uint8_t* buf, size_t len)
{
    NS_LOG_FUNCTION(this << len);
    if (len < sizeof(uint64_t))
    {
        return -EINVAL;
    }
    if (m_count == 0)
    {
        return -EAGAIN;
    }
    uint64_t value = m_semaphore ? 1 : m_count;
    m_count -= value;
    std::memcpy(buf, &value, sizeof(value));
    CounterChanged();
    return sizeof(uint64_t);
}

ssize_t
EventFdEndpoint::Write(const uint8_t* buf, size_t len)
{
    NS_LOG_FUNCTION(this << len);
    if (len < sizeof(uint64_t))
    {
        return -EINVAL;
    }
    uint64_t value;
    std::memcpy(&value, buf, sizeof(value));
    if (value == UINT64_MAX)
    {
        return -EINVAL;
    }
    if (MAX_COUNT - m_count < value)
    {
        return -EAGAIN;
    }
    m_count += value;
    if (value > 0)
    {
        CounterChanged();
    }
    return sizeof(uint64_t);
}

void
EventFdEndpoint::CounterChanged()
{
    GetReadWaiters().WakeAll();
    GetWriteWaiters().WakeAll();
    NotifyReadinessChanged();
}

} // namespace ns3
