/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: the per-node settings of the TCP/UDP endpoints (timing profile, backlog, close
 * policy). Spec: inet-sockets.md, section I.
 */

#ifndef SOCKBENCH_INET_CONFIG_H
#define SOCKBENCH_INET_CONFIG_H

#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief Which timer values the TCP endpoints use (spec inet-sockets.md, table in section I).
 */
enum TimingProfile
{
    TIMING_NS3,          //!< ns-3's own defaults (SYN failure at 189 s, MinRto 1 s, MSL 120 s)
    TIMING_LINUX,        //!< Linux 6.18: SYN deadline with linear timeouts, MinRto 200 ms, MSL 30 s
    TIMING_LINUX_LEGACY, //!< Linux <= 6.4: SYN backoff by pure doubling (fails at 127 s)
};

/**
 * \ingroup sockbench
 * \brief What close() sends when received data is still unread.
 */
enum TcpClosePolicy
{
    CLOSE_RST_IF_UNREAD, //!< Linux (RFC 2525): RST, the unread data is discarded (IN18)
    CLOSE_FIN_ALWAYS,    //!< Solaris and InterNiche: FIN; the unread data is discarded silently
};

/**
 * \ingroup sockbench
 * \brief Settings shared by the TCP and UDP endpoints of one node (from SockbenchHost
 * attributes).
 */
struct InetConfig
{
    TimingProfile profile{TIMING_LINUX};             //!< attribute TimingProfile
    TcpClosePolicy closePolicy{CLOSE_RST_IF_UNREAD}; //!< attribute TcpClosePolicy
    bool abortOnOverflow{false};                     //!< net.ipv4.tcp_abort_on_overflow (IN10)
    uint32_t synRetries{6};                          //!< net.ipv4.tcp_syn_retries (IN4)
    uint32_t retries2{15};                           //!< net.ipv4.tcp_retries2 (IN24)
    uint32_t hz{250};                                //!< kernel tick rate
    bool privileged{false}; //!< the threads may bind ports below 1024 (uid 0)

    /// \return the initial SYN timeout handed to ns-3 (ConnTimeout)
    Time GetConnTimeout() const;
    /// \return ns-3's ConnCount: SYNs before ns-3 itself gives up
    uint32_t GetConnCount() const;
    /// \return ns-3's MinRto
    Time GetMinRto() const;
    /// \return ns-3's MaxSegLifetime (TIME_WAIT is twice this)
    Time GetMaxSegLifetime() const;
    /// \return ns-3's DataRetries
    uint32_t GetDataRetries() const;
    /// \return whether the module, not ns-3, decides when a SYN_SENT socket gives up
    bool HasSynDeadline() const;
    /**
     * \brief When a connect gives up with ETIMEDOUT, from the first SYN (IN4).
     * \param synRetries tcp_syn_retries or the socket's TCP_SYNCNT
     * \return the failure instant relative to the first SYN
     */
    Time GetSynDeadline(uint32_t synRetries) const;
    /**
     * \brief tcp_model_timeout: how long after the first retransmission data gives up (IN24).
     * \return the limit (ns3 profile: 123 s, about where ns-3's DataRetries give up)
     */
    Time GetDataDeadline() const;
    /// \return how long an orphaned FIN_WAIT_2 socket waits for the peer's FIN
    /// (net.ipv4.tcp_fin_timeout; Time::Max() under the ns3 profile)
    Time GetFinTimeout() const;
};

} // namespace ns3

#endif /* SOCKBENCH_INET_CONFIG_H */
