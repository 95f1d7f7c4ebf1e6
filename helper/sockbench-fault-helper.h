/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: fault injection for tests and users (links down and up, loss, node crash and
 * restart, a peer abort).
 */

#ifndef SOCKBENCH_FAULT_HELPER_H
#define SOCKBENCH_FAULT_HELPER_H

#include "ns3/net-device-container.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

namespace ns3
{

class SockbenchLinkFault;

/**
 * \ingroup sockbench
 * \brief Schedule faults. Every fault is also written to the event trace of the affected
 * node's SockbenchHost (state records "link-down", "link-up", "link-loss", "crash",
 * "restart", "abort"), so a trace shows cause and effect together.
 *
 * \code
 *   SockbenchFaultHelper faults;
 *   faults.LinkDown(link, Seconds(5));    // both devices of a point-to-point link
 *   faults.LinkUp(link, Seconds(8));
 *   faults.SetLossRate(link, 0.01, Seconds(0));
 *   faults.CrashNode(nodes.Get(1), Seconds(10));
 * \endcode
 *
 * Link faults use a SockbenchLinkFault as the devices' ReceiveErrorModel (point-to-point and
 * CSMA devices have one). Times are absolute simulation times.
 */
class SockbenchFaultHelper
{
  public:
    /// Take the devices' links down at \p at: packets are lost silently both ways.
    /// \param devices the devices (usually both ends of a link) \param at when
    void LinkDown(NetDeviceContainer devices, Time at) const;
    /// Bring the devices' links up again at \p at. \param devices devices \param at when
    void LinkUp(NetDeviceContainer devices, Time at) const;
    /**
     * \brief From \p at on, lose each packet received by \p devices with probability \p rate.
     * \param devices the devices
     * \param rate loss probability in [0, 1]
     * \param at when
     */
    void SetLossRate(NetDeviceContainer devices, double rate, Time at) const;
    /**
     * \brief Fix the random streams of the devices' fault models.
     * \param devices the devices
     * \param stream first stream number
     * \return the number of streams used
     */
    int64_t AssignStreams(NetDeviceContainer devices, int64_t stream) const;

    /**
     * \brief Crash \p node at \p at: its simulated threads die, its sockets vanish without a
     * packet (SockbenchHost::Crash), and its IPv4/IPv6 interfaces go down, so nothing enters
     * or leaves it. Peers notice only through their own timers.
     * \param node the node (it must have a SockbenchHost)
     * \param at when
     */
    void CrashNode(Ptr<Node> node, Time at) const;
    /**
     * \brief Restart a crashed node: its interfaces come up with no sockets, so segments of
     * old connections are answered with RST, as after a reboot.
     * \param node the node
     * \param at when
     */
    void RestartNode(Ptr<Node> node, Time at) const;
    /**
     * \brief Abort a connection at \p at, as an application does with SO_LINGER {1, 0} and
     * close(): an RST goes to the peer.
     * \param node the node that aborts
     * \param fd its descriptor
     * \param at when
     */
    void AbortConnection(Ptr<Node> node, int fd, Time at) const;

    /**
     * \brief The fault model of a device, installed on first use.
     * \param device a device with a ReceiveErrorModel attribute
     * \return its SockbenchLinkFault
     */
    static Ptr<SockbenchLinkFault> GetFaultModel(Ptr<NetDevice> device);
};

} // namespace ns3

#endif /* SOCKBENCH_FAULT_HELPER_H */
