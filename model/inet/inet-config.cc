/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: timer values of the timing profiles (spec inet-sockets.md, IN4, IN24, section I).
 */

#include "inet-config.h"

#include <algorithm>

namespace ns3
{

namespace
{
constexpr uint32_t SYN_LINEAR_TIMEOUTS = 4; // net.ipv4.tcp_syn_linear_timeouts (6.5+)
constexpr int64_t TCP_RTO_MIN_MS = 200;
constexpr int64_t TCP_RTO_MAX_MS = 120000;
constexpr int64_t TCP_TIMEOUT_INIT_MS = 1000;
} // namespace

Time
InetConfig::GetConnTimeout() const
{
    return profile == TIMING_NS3 ? Seconds(3) : Seconds(1);
}

uint32_t
InetConfig::GetConnCount() const
{
    // Linux profiles: ns-3 keeps resending (pure doubling) and the module's deadline ends
    // the attempt first.
    return profile == TIMING_NS3 ? 6 : 64;
}

Time
InetConfig::GetMinRto() const
{
    return profile == TIMING_NS3 ? Seconds(1) : MilliSeconds(TCP_RTO_MIN_MS);
}

Time
InetConfig::GetMaxSegLifetime() const
{
    return profile == TIMING_NS3 ? Seconds(120) : Seconds(30);
}

uint32_t
InetConfig::GetDataRetries() const
{
    return profile == TIMING_NS3 ? 6 : 1000;
}

bool
InetConfig::HasSynDeadline() const
{
    return profile != TIMING_NS3;
}

Time
InetConfig::GetSynDeadline(uint32_t retries) const
{
    // tcp_write_timeout in SYN_SENT: give up at the first timer expiry where the number of
    // retransmissions has reached retries (+ syn_linear_timeouts since 6.5), or the time since
    // the first SYN has reached the tcp_model_timeout of (retries + 1) doublings from 1 s.
    uint32_t linear = profile == TIMING_LINUX ? SYN_LINEAR_TIMEOUTS : 0;
    uint32_t countLimit = retries + linear;
    int64_t timeLimitMs = ((int64_t{2} << std::min<uint32_t>(retries, 30)) - 1) * 1000;
    int64_t rto = TCP_TIMEOUT_INIT_MS;
    int64_t at = 0;
    for (uint32_t done = 0;; ++done)
    {
        at += rto; // expiry number done + 1; `done` retransmissions were made before it
        if (done >= countLimit || at >= timeLimitMs)
        {
            return MilliSeconds(at);
        }
        if (done >= linear)
        {
            rto = std::min(rto * 2, TCP_RTO_MAX_MS);
        }
    }
}

Time
InetConfig::GetDataDeadline() const
{
    if (profile == TIMING_NS3)
    {
        // ns-3's DataRetries (6) give up about 123 s after the first loss; a FIN, which
        // ns-3 resends for ever, gets the same bound.
        return Seconds(123);
    }
    // tcp_model_timeout(sk, boundary = tcp_retries2, rto_base = TCP_RTO_MIN).
    const uint32_t thresh = 9; // ilog2(TCP_RTO_MAX / TCP_RTO_MIN) = ilog2(600)
    int64_t ms;
    if (retries2 <= thresh)
    {
        ms = ((int64_t{2} << retries2) - 1) * TCP_RTO_MIN_MS;
    }
    else
    {
        ms = ((int64_t{2} << thresh) - 1) * TCP_RTO_MIN_MS +
             int64_t{retries2 - thresh} * TCP_RTO_MAX_MS;
    }
    return MilliSeconds(ms);
}

Time
InetConfig::GetFinTimeout() const
{
    return profile == TIMING_NS3 ? Time::Max() : Seconds(60);
}

} // namespace ns3
