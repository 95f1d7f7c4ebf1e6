/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: link faults (down, loss) as an ns-3 ErrorModel.
 */

#include "link-fault-model.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/packet.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SockbenchLinkFault");
NS_OBJECT_ENSURE_REGISTERED(SockbenchLinkFault);

TypeId
SockbenchLinkFault::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SockbenchLinkFault")
            .SetParent<ErrorModel>()
            .SetGroupName("Sockbench")
            .AddConstructor<SockbenchLinkFault>()
            .AddAttribute("Down",
                          "Whether the link is down (every packet is lost).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SockbenchLinkFault::m_down),
                          MakeBooleanChecker())
            .AddAttribute("LossRate",
                          "Probability that a packet is lost while the link is up.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&SockbenchLinkFault::m_lossRate),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddTraceSource("Drop",
                            "A packet was lost on this link.",
                            MakeTraceSourceAccessor(&SockbenchLinkFault::m_dropTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

SockbenchLinkFault::SockbenchLinkFault()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

SockbenchLinkFault::~SockbenchLinkFault() = default;

void
SockbenchLinkFault::SetDown(bool down)
{
    m_down = down;
}

bool
SockbenchLinkFault::IsDown() const
{
    return m_down;
}

void
SockbenchLinkFault::SetLossRate(double rate)
{
    NS_ABORT_MSG_IF(rate < 0.0 || rate > 1.0, "loss rate outside [0, 1]: " << rate);
    m_lossRate = rate;
}

double
SockbenchLinkFault::GetLossRate() const
{
    return m_lossRate;
}

uint64_t
SockbenchLinkFault::GetDropCount() const
{
    return m_drops;
}

int64_t
SockbenchLinkFault::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

bool
SockbenchLinkFault::DoCorrupt(Ptr<Packet> p)
{
    // No draw while down or lossless: the random stream advances only for real draws.
    bool lost = m_down || (m_lossRate > 0.0 && m_random->GetValue() < m_lossRate);
    if (lost)
    {
        ++m_drops;
        m_dropTrace(p);
    }
    return lost;
}

void
SockbenchLinkFault::DoReset()
{
}

} // namespace ns3
