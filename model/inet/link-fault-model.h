/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: an error model that takes a link down or drops a share of its packets, for
 * fault injection (SockbenchFaultHelper).
 */

#ifndef SOCKBENCH_LINK_FAULT_MODEL_H
#define SOCKBENCH_LINK_FAULT_MODEL_H

#include "ns3/error-model.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief Receive error model of a faulty link: while "down" every packet is lost; otherwise
 * each packet is lost with probability LossRate, drawn from an ns-3 random stream.
 *
 * A link that goes down loses packets silently in both directions, as a cut cable with
 * static ARP entries does on Linux (spec inet-sockets.md IN23): no ICMP, no callback.
 */
class SockbenchLinkFault : public ErrorModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SockbenchLinkFault();
    ~SockbenchLinkFault() override;

    /// \param down whether the link is down
    void SetDown(bool down);
    /// \return whether the link is down
    bool IsDown() const;
    /// \param rate loss probability in [0, 1] while up
    void SetLossRate(double rate);
    /// \return the loss probability
    double GetLossRate() const;
    /// \return packets dropped so far
    uint64_t GetDropCount() const;

    /**
     * \brief Use fixed random streams.
     * \param stream first stream number
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    bool m_down{false};                            //!< attribute Down
    double m_lossRate{0.0};                        //!< attribute LossRate
    Ptr<UniformRandomVariable> m_random;           //!< loss draws
    uint64_t m_drops{0};                           //!< packets dropped
    TracedCallback<Ptr<const Packet>> m_dropTrace; //!< trace source Drop
};

} // namespace ns3

#endif /* SOCKBENCH_LINK_FAULT_MODEL_H */
