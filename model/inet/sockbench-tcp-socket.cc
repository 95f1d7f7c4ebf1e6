/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: TcpSocketBase with endpoint hooks (spec inet-sockets.md, section I).
 */

#include "sockbench-tcp-socket.h"

#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/rtt-estimator.h"
#include "ns3/simulator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/type-id.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SockbenchTcpSocket");
NS_OBJECT_ENSURE_REGISTERED(SockbenchTcpSocket);

TypeId
SockbenchTcpSocket::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SockbenchTcpSocket")
                            .SetParent<TcpSocketBase>()
                            .SetGroupName("Sockbench")
                            .AddConstructor<SockbenchTcpSocket>();
    return tid;
}

SockbenchTcpSocket::SockbenchTcpSocket() = default;

SockbenchTcpSocket::SockbenchTcpSocket(const SockbenchTcpSocket& sock)
    : TcpSocketBase(sock),
      m_userTimeout(sock.m_userTimeout),
      m_giveUpDeadline(sock.m_giveUpDeadline)
{
    // A fork starts without hooks and clocks: its endpoint installs its own.
}

SockbenchTcpSocket::~SockbenchTcpSocket() = default;

Ptr<SockbenchTcpSocket>
SockbenchTcpSocket::Create(Ptr<Node> node)
{
    Ptr<TcpL4Protocol> tcp = node ? node->GetObject<TcpL4Protocol>() : nullptr;
    if (!tcp)
    {
        return nullptr;
    }
    TypeIdValue rttType;
    TypeIdValue congestionType;
    TypeIdValue recoveryType;
    tcp->GetAttribute("RttEstimatorType", rttType);
    tcp->GetAttribute("SocketType", congestionType);
    tcp->GetAttribute("RecoveryType", recoveryType);
    ObjectFactory rtt;
    ObjectFactory congestion;
    ObjectFactory recovery;
    rtt.SetTypeId(rttType.Get());
    congestion.SetTypeId(congestionType.Get());
    recovery.SetTypeId(recoveryType.Get());
    Ptr<SockbenchTcpSocket> socket = CreateObject<SockbenchTcpSocket>();
    socket->SetNode(node);
    socket->SetTcp(tcp);
    socket->SetRtt(rtt.Create<RttEstimator>());
    socket->SetCongestionControlAlgorithm(congestion.Create<TcpCongestionOps>());
    socket->SetRecoveryAlgorithm(recovery.Create<TcpRecoveryOps>());
    tcp->AddSocket(socket);
    return socket;
}

void
SockbenchTcpSocket::SetHooks(Hooks hooks)
{
    m_hooks = std::move(hooks);
}

void
SockbenchTcpSocket::ClearHooks()
{
    m_hooks = Hooks{};
}

TcpSocket::TcpStates_t
SockbenchTcpSocket::GetTcpState() const
{
    return m_state.Get();
}

bool
SockbenchTcpSocket::HasEndPoint() const
{
    return m_endPoint != nullptr || m_endPoint6 != nullptr;
}

void
SockbenchTcpSocket::Abort()
{
    NS_LOG_FUNCTION(this);
    m_userTimer.Cancel();
    if (HasEndPoint())
    {
        SendRST(); // RST, NotifyErrorClose (callbacks cleared by the caller), free the port
    }
    m_state = CLOSED;
}

void
SockbenchTcpSocket::Vanish()
{
    NS_LOG_FUNCTION(this);
    m_userTimer.Cancel();
    DeallocateEndPoint(); // cancels every timer, frees the port; sends nothing
    m_state = CLOSED;
}

void
SockbenchTcpSocket::GiveUp()
{
    // The owner hears why first; the State trace then reports CLOSED.
    auto hook = m_hooks.timedOut;
    m_userTimer.Cancel();
    if (hook)
    {
        hook();
    }
    Vanish();
}

Ptr<Packet>
SockbenchTcpSocket::Drain(uint32_t maxBytes)
{
    if (maxBytes == 0 || m_tcb->m_rxBuffer->Size() == 0)
    {
        return nullptr;
    }
    uint32_t segment = GetSegSize();
    bool wasClosed = AdvertisedWindowSize(false) < segment;
    Ptr<Packet> p = m_tcb->m_rxBuffer->Extract(maxBytes);
    if (wasClosed && AdvertisedWindowSize(false) >= segment && HasEndPoint() &&
        (m_state == ESTABLISHED || m_state == FIN_WAIT_1 || m_state == FIN_WAIT_2))
    {
        SendEmptyPacket(TcpHeader::ACK); // window update
    }
    return p;
}

uint32_t
SockbenchTcpSocket::GetPendingTxBytes() const
{
    return m_txBuffer->Size();
}

void
SockbenchTcpSocket::SetUserTimeout(Time timeout)
{
    m_userTimeout = timeout;
    ArmUserTimer();
}

Time
SockbenchTcpSocket::GetUserTimeout() const
{
    return m_userTimeout;
}

void
SockbenchTcpSocket::SetGiveUpDeadline(Time deadline)
{
    m_giveUpDeadline = deadline;
}

void
SockbenchTcpSocket::ArmUserTimer()
{
    m_userTimer.Cancel();
    if (m_userTimeout.IsStrictlyPositive() && m_unackedSince != Time::Max())
    {
        Time at = m_unackedSince + m_userTimeout;
        Time delay = at > Simulator::Now() ? at - Simulator::Now() : Seconds(0);
        m_userTimer = Simulator::Schedule(delay, &SockbenchTcpSocket::GiveUp, this);
    }
}

Ptr<TcpSocketBase>
SockbenchTcpSocket::Fork()
{
    return CopyObject<SockbenchTcpSocket>(this);
}

void
SockbenchTcpSocket::Configure(Time connTimeout,
                              uint32_t synRetries,
                              uint32_t dataRetries,
                              Time minRto,
                              Time msl,
                              bool noDelay)
{
    SetConnTimeout(connTimeout);
    SetSynRetries(synRetries);
    SetDataRetries(dataRetries);
    SetMinRto(minRto);
    m_msl = msl.GetSeconds();
    SetTcpNoDelay(noDelay);
}

void
SockbenchTcpSocket::SetNoDelay(bool noDelay)
{
    SetTcpNoDelay(noDelay);
}

void
SockbenchTcpSocket::SetRejectV4Mapped(bool reject)
{
    m_rejectV4Mapped = reject;
}

void
SockbenchTcpSocket::DoForwardUp(Ptr<Packet> packet,
                                const Address& fromAddress,
                                const Address& toAddress)
{
    if (m_rejectV4Mapped && Inet6SocketAddress::IsMatchingType(fromAddress) &&
        Inet6SocketAddress::ConvertFrom(fromAddress).GetIpv6().IsIpv4MappedAddress())
    {
        TcpHeader in;
        packet->PeekHeader(in);
        if (!(in.GetFlags() & TcpHeader::RST))
        {
            // What TcpL4Protocol does when no endpoint matches: RST|ACK.
            TcpHeader out;
            out.SetFlags(TcpHeader::RST | TcpHeader::ACK);
            out.SetSequenceNumber(SequenceNumber32(0));
            out.SetAckNumber(in.GetSequenceNumber() + 1);
            out.SetSourcePort(in.GetDestinationPort());
            out.SetDestinationPort(in.GetSourcePort());
            Ptr<Packet> rst = ns3::Create<Packet>();
            m_tcp->SendPacket(rst,
                              out,
                              Inet6SocketAddress::ConvertFrom(toAddress).GetIpv6(),
                              Inet6SocketAddress::ConvertFrom(fromAddress).GetIpv6(),
                              m_boundnetdevice);
        }
        return;
    }
    if (m_hooks.segment)
    {
        // Flags (byte 13) and data offset (byte 12) without parsing the options.
        uint8_t head[14];
        if (packet->CopyData(head, sizeof(head)) < sizeof(head))
        {
            return; // not even a TCP header
        }
        uint32_t headerLength = (head[12] >> 4) * 4u;
        uint32_t size = packet->GetSize();
        uint32_t payload = size > headerLength ? size - headerLength : 0;
        if (!m_hooks.segment(head[13], payload))
        {
            return;
        }
    }
    TcpSocketBase::DoForwardUp(packet, fromAddress, toAddress);
}

void
SockbenchTcpSocket::ReTxTimeout()
{
    if (m_state != CLOSED && m_state != TIME_WAIT && m_state != SYN_SENT && m_txBuffer->Size() > 0)
    {
        if (m_firstRetransmit == Time::Max())
        {
            m_firstRetransmit = Simulator::Now();
        }
        else if (Simulator::Now() - m_firstRetransmit >= m_giveUpDeadline)
        {
            GiveUp(); // tcp_write_timeout: ETIMEDOUT, no RST
            return;
        }
    }
    // Linux never applies Nagle to a retransmission; ns-3 retransmits through
    // SendPendingData, whose Nagle test would hold back a lost sub-MSS tail segment (and then
    // no timer is re-armed).
    bool noDelay = m_noDelay;
    m_noDelay = true;
    TcpSocketBase::ReTxTimeout();
    m_noDelay = noDelay;
}

void
SockbenchTcpSocket::SendEmptyPacket(uint8_t flags)
{
    bool finRetransmit = (flags & TcpHeader::FIN) && !(flags & TcpHeader::SYN) &&
                         (m_state == FIN_WAIT_1 || m_state == CLOSING || m_state == LAST_ACK) &&
                         m_txBuffer->Size() == 0;
    if (finRetransmit)
    {
        // ns-3 resends a lost FIN for ever; Linux gives up like for data (IN24).
        if (m_firstRetransmit == Time::Max())
        {
            m_firstRetransmit = Simulator::Now();
        }
        else if (Simulator::Now() - m_firstRetransmit >= m_giveUpDeadline)
        {
            GiveUp();
            return;
        }
    }
    TcpSocketBase::SendEmptyPacket(flags);
}

uint32_t
SockbenchTcpSocket::SendDataPacket(SequenceNumber32 seq, uint32_t maxSize, bool withAck)
{
    if (m_unackedSince == Time::Max())
    {
        m_unackedSince = Simulator::Now();
        ArmUserTimer();
    }
    return TcpSocketBase::SendDataPacket(seq, maxSize, withAck);
}

void
SockbenchTcpSocket::NewAck(const SequenceNumber32& seq, bool resetRTO)
{
    TcpSocketBase::NewAck(seq, resetRTO);
    m_firstRetransmit = Time::Max();
    m_unackedSince = m_txBuffer->Size() > 0 ? Simulator::Now() : Time::Max();
    ArmUserTimer();
}

void
SockbenchTcpSocket::DoDispose()
{
    m_userTimer.Cancel();
    m_hooks = Hooks{};
    TcpSocketBase::DoDispose();
}

} // namespace ns3
