/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: UDP with Linux application semantics over ns-3 (spec inet-sockets.md IN11,
 * IN17, IN28-IN33; Linux net/ipv4/udp.c, net/core/datagram.c, net/ipv4/icmp.c).
 */

#include "udp-endpoint.h"

#include "inet-icmp.h"
#include "inet-port-table.h"

#include "ns3/callback.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UdpEndpoint");
NS_OBJECT_ENSURE_REGISTERED(UdpEndpoint);

namespace
{
constexpr size_t UDP_MAX_V4 = 65507;  // 65535 - 20 (IP) - 8 (UDP)  (IN32)
constexpr size_t UDP_MAX_V6 = 65527;  // 65535 - 8 (UDP); the IPv6 header is not counted
constexpr size_t UDP_MAX_NS3 = 65507; // UdpSocketImpl's limit for both families

} // namespace

TypeId
UdpEndpoint::GetTypeId()
{
    static TypeId tid = TypeId("ns3::UdpEndpoint")
                            .SetParent<InetEndpoint>()
                            .SetGroupName("Sockbench")
                            .AddConstructor<UdpEndpoint>();
    return tid;
}

UdpEndpoint::UdpEndpoint() = default;

UdpEndpoint::~UdpEndpoint() = default;

int
UdpEndpoint::GetProtocolNumber() const
{
    return IPPROTO_UDP;
}

const char*
UdpEndpoint::GetProtocolName() const
{
    return "udp";
}

int
UdpEndpoint::GetSocketType() const
{
    return SOCK_DGRAM;
}

bool
UdpEndpoint::IsListening() const
{
    return false;
}

int
UdpEndpoint::GetProtocol() const
{
    return IPPROTO_UDP;
}

uint32_t
UdpEndpoint::GetReadiness() const
{
    // datagram_poll (UDP is not connection based: no POLLHUP for an unconnected socket)
    uint32_t mask = POLLOUT | POLLWRNORM | POLLWRBAND;
    if (GetPendingError() != 0 || m_errorQueue > 0) // datagram_poll: sk_err or sk_error_queue
    {
        mask |= POLLERR;
    }
    if (m_shutdown & RCV_SHUTDOWN)
    {
        mask |= POLLIN | POLLRDNORM | POLLRDHUP;
    }
    if (m_shutdown == (RCV_SHUTDOWN | SEND_SHUTDOWN))
    {
        mask |= POLLHUP;
    }
    if (!m_queue.empty())
    {
        mask |= POLLIN | POLLRDNORM;
    }
    return mask;
}

void
UdpEndpoint::Changed()
{
    NotifyReadinessChanged();
    GetReadWaiters().WakeOne(); // datagram readers wait exclusively
    GetWriteWaiters().WakeAll();
}

Ptr<Socket>
UdpEndpoint::OpenNs3Socket(const InetSockAddr& at)
{
    Ptr<Socket> s = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    s->SetAttribute("RcvBufSize", UintegerValue(1u << 30)); // the module bounds the queue
    if (s->Bind(at.ToNs3()) != 0)
    {
        s->Close();
        return nullptr;
    }
    Ptr<UdpEndpoint> self(this);
    s->SetRecvCallback(MakeCallback(&UdpEndpoint::OnRecv, self));
    s->SetAttribute("IcmpCallback", CallbackValue(MakeCallback(&UdpEndpoint::OnIcmp, self)));
    s->SetAttribute("IcmpCallback6", CallbackValue(MakeCallback(&UdpEndpoint::OnIcmp6, self)));
    return s;
}

void
UdpEndpoint::CloseNs3Socket(Ptr<Socket>& s)
{
    if (!s)
    {
        return;
    }
    s->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    s->SetAttribute(
        "IcmpCallback",
        CallbackValue(MakeNullCallback<void, Ipv4Address, uint8_t, uint8_t, uint8_t, uint32_t>()));
    s->SetAttribute(
        "IcmpCallback6",
        CallbackValue(MakeNullCallback<void, Ipv6Address, uint8_t, uint8_t, uint8_t, uint32_t>()));
    s->Close();
    s = nullptr;
}

int
UdpEndpoint::DoBind(const InetSockAddr& wanted)
{
    if (int r = ClaimPort(wanted))
    {
        return r;
    }
    InetSockAddr at = m_local;
    // ns-3 sockets are single-family. An AF_INET6 socket bound to :: without IPV6_V6ONLY
    // takes IPv4 too (IN33): it gets a second ns-3 socket, IPv4, on the same port.
    bool dual = !at.isV4 && at.IsAny() && !m_v6only && m_node->GetObject<Ipv4>();
    Ptr<Socket> main = OpenNs3Socket(at);
    Ptr<Socket> four;
    if (main && dual)
    {
        InetSockAddr any4 = InetSockAddr::Any(AF_INET);
        any4.port = at.port;
        four = OpenNs3Socket(any4);
    }
    if (!main || (dual && !four))
    {
        CloseNs3Socket(main);
        CloseNs3Socket(four);
        ReleasePort();
        return -EADDRINUSE;
    }
    if (at.isV4)
    {
        m_socket4 = main;
    }
    else
    {
        m_socket6 = main;
        m_socket4 = four;
    }
    return 0;
}

int
UdpEndpoint::AutoBind()
{
    if (m_bound)
    {
        return 0;
    }
    return DoBind(InetSockAddr::Any(m_family)); // AF_INET6: dual stack unless IPV6_V6ONLY
}

Ptr<Socket>
UdpEndpoint::SocketFor(const InetSockAddr& dest) const
{
    return dest.isV4 ? m_socket4 : m_socket6;
}

void
UdpEndpoint::Unbind()
{
    CloseNs3Socket(m_socket4);
    CloseNs3Socket(m_socket6);
    ReleasePort();
}

int
UdpEndpoint::Bind(const struct sockaddr* addr, socklen_t len)
{
    InetSockAddr a;
    if (int r = CheckBindAddress(addr, len, a))
    {
        return r;
    }
    if (m_bound)
    {
        return -EINVAL;
    }
    if (int r = DoBind(a))
    {
        return r;
    }
    m_userBound = true;
    Note("udp-bound", {{"local", m_local.ToString()}});
    return 0;
}

SocketOp
UdpEndpoint::Connect(const struct sockaddr* addr, socklen_t len, const SocketCredentials&)
{
    // ip4_datagram_connect / ip6_datagram_connect
    InetSockAddr dest;
    bool unspec = false;
    if (int r = ParseInetSockaddr(m_family, addr, len, dest, unspec))
    {
        return SocketOp::Done(r);
    }
    if (unspec)
    {
        // __udp_disconnect: dissolve the association (IN30); an automatic port goes back.
        m_connected = false;
        m_peer = InetSockAddr::Any(m_family);
        if (!m_userBound)
        {
            Unbind();
        }
        Note("udp-disconnected");
        Changed();
        return SocketOp::Done(0);
    }
    if (dest.mapped && m_v6only)
    {
        return SocketOp::Done(-ENETUNREACH);
    }
    if (dest.IsAny())
    {
        if (dest.isV4)
        {
            dest.v4 = Ipv4Address::GetLoopback();
        }
        else
        {
            dest.v6 = Ipv6Address::GetLoopback();
        }
    }
    if (int r = AutoBind())
    {
        return SocketOp::Done(r);
    }
    if (!SocketFor(dest))
    {
        return SocketOp::Done(-ENETUNREACH); // the other family is not reachable (IN33)
    }
    m_connected = true;
    m_peer = dest;
    Note("udp-connected", {{"peer", m_peer.ToString()}});
    return SocketOp::Done(0);
}

SocketOp
UdpEndpoint::Send(const uint8_t* buf,
                  size_t len,
                  int flags,
                  const struct sockaddr* addr,
                  socklen_t addrLen,
                  SendProgress&)
{
    // udp_sendmsg order: size, MSG_OOB, destination, size by family, error, shutdown.
    if (len > 0xFFFF)
    {
        return SocketOp::Done(-EMSGSIZE);
    }
    if (flags & MSG_OOB)
    {
        return SocketOp::Done(-EOPNOTSUPP);
    }
    InetSockAddr dest;
    if (addr)
    {
        bool unspec = false;
        if (int r = ParseInetSockaddr(m_family, addr, addrLen, dest, unspec))
        {
            return SocketOp::Done(r);
        }
        if (unspec)
        {
            if (!m_connected)
            {
                return SocketOp::Done(-EDESTADDRREQ);
            }
            dest = m_peer;
        }
        else if (dest.port == 0)
        {
            return SocketOp::Done(-EINVAL);
        }
    }
    else
    {
        if (!m_connected)
        {
            return SocketOp::Done(-EDESTADDRREQ); // IN30
        }
        dest = m_peer;
    }
    if (dest.mapped && m_v6only)
    {
        return SocketOp::Done(-ENETUNREACH);
    }
    size_t limit = dest.isV4 ? UDP_MAX_V4 : UDP_MAX_V6;
    if (len > limit)
    {
        return SocketOp::Done(-EMSGSIZE); // IN32: nothing is sent
    }
    if (int error = TakePendingError())
    {
        NotifyReadinessChanged();
        return SocketOp::Done(-error); // IN28: reported once, nothing sent
    }
    if (m_shutdown & SEND_SHUTDOWN)
    {
        return SocketOp::Done(-EPIPE); // IN17, IN30: no SIGPIPE for UDP
    }
    if (len > UDP_MAX_NS3)
    {
        // 65508-65527 bytes over IPv6: Linux sends it, ns-3 cannot (a documented gap).
        Note("udp-not-sendable", {{"len", static_cast<int64_t>(len)}});
        return SocketOp::Done(-EMSGSIZE);
    }
    if (int r = AutoBind())
    {
        return SocketOp::Done(r);
    }
    Ptr<Socket> socket = SocketFor(dest);
    if (!socket)
    {
        return SocketOp::Done(-ENETUNREACH);
    }
    Ptr<Packet> p = Create<Packet>(buf, static_cast<uint32_t>(len));
    if (socket->SendTo(p, 0, dest.ToNs3()) < 0)
    {
        Socket::SocketErrno e = socket->GetErrno();
        return SocketOp::Done(e == Socket::ERROR_MSGSIZE ? -EMSGSIZE : -ENETUNREACH);
    }
    return SocketOp::Done(static_cast<int64_t>(len));
}

SocketOp
UdpEndpoint::Recv(uint8_t* buf,
                  size_t len,
                  int flags,
                  struct sockaddr* from,
                  socklen_t* fromLen,
                  int& msgFlags)
{
    msgFlags = 0;
    if (flags & MSG_ERRQUEUE)
    {
        // ip_recv_error: one queued ICMP report per call (its details are not modelled).
        if (m_errorQueue == 0)
        {
            return SocketOp::Done(-EAGAIN);
        }
        --m_errorQueue;
        msgFlags = MSG_ERRQUEUE;
        if (fromLen)
        {
            *fromLen = 0;
        }
        NotifyReadinessChanged();
        return SocketOp::Done(0);
    }
    // __skb_recv_udp: the pending error comes first (IN28).
    if (int error = TakePendingError())
    {
        NotifyReadinessChanged();
        return SocketOp::Done(-error);
    }
    if (!m_queue.empty())
    {
        const Datagram& d = m_queue.front();
        size_t n = std::min(len, d.data.size());
        if (n > 0)
        {
            std::memcpy(buf, d.data.data(), n);
        }
        if (d.data.size() > len)
        {
            msgFlags |= MSG_TRUNC; // IN31: the rest is discarded
        }
        if (from && fromLen)
        {
            WriteInetSockaddr(m_family, d.from, from, fromLen);
        }
        else if (fromLen)
        {
            WriteInetSockaddr(m_family, d.from, nullptr, fromLen);
        }
        int64_t result =
            (flags & MSG_TRUNC) ? static_cast<int64_t>(d.data.size()) : static_cast<int64_t>(n);
        if (!(flags & MSG_PEEK))
        {
            m_queuedBytes -= d.data.size();
            m_queue.pop_front();
            NotifyReadinessChanged();
        }
        return SocketOp::Done(result);
    }
    if (fromLen)
    {
        *fromLen = 0;
    }
    if ((m_shutdown & RCV_SHUTDOWN) && !(flags & MSG_DONTWAIT))
    {
        return SocketOp::Done(0); // __skb_wait_for_more_packets: shut down, no error
    }
    return SocketOp::Block(GetReadWaiters());
}

int
UdpEndpoint::Shutdown(int how)
{
    if (how < SHUT_RD || how > SHUT_RDWR)
    {
        return -EINVAL;
    }
    m_shutdown |= static_cast<uint8_t>(how + 1);
    Note("udp-shutdown", {{"how", int64_t{how}}});
    Changed();
    return m_connected ? 0 : -ENOTCONN; // IN17: the bits are kept anyway
}

int
UdpEndpoint::GetName(struct sockaddr* addr, socklen_t* len) const
{
    WriteInetSockaddr(m_family, m_local, addr, len);
    return 0;
}

int
UdpEndpoint::GetPeerName(struct sockaddr* addr, socklen_t* len) const
{
    if (!m_connected)
    {
        return -ENOTCONN;
    }
    WriteInetSockaddr(m_family, m_peer, addr, len);
    return 0;
}

int64_t
UdpEndpoint::GetReadableBytes() const
{
    return m_queue.empty() ? 0 : static_cast<int64_t>(m_queue.front().data.size()); // IN31
}

int
UdpEndpoint::SetOption(int level, int name, const void* value, socklen_t len)
{
    int v = 0;
    if (level == IPPROTO_IP && m_family == AF_INET && name == IP_RECVERR)
    {
        if (int r = ReadIntOption(value, len, v))
        {
            return r;
        }
        m_recvErr = v != 0;
        if (!m_recvErr)
        {
            m_errorQueue = 0;
        }
        return 0;
    }
    if (level == IPPROTO_IPV6 && m_family == AF_INET6)
    {
        if (name == IPV6_RECVERR)
        {
            if (int r = ReadIntOption(value, len, v))
            {
                return r;
            }
            m_recvErr = v != 0;
            if (!m_recvErr)
            {
                m_errorQueue = 0;
            }
            return 0;
        }
        if (name == IPV6_V6ONLY)
        {
            if (int r = ReadIntOption(value, len, v))
            {
                return r;
            }
            if (m_bound)
            {
                return -EINVAL;
            }
            m_v6only = v != 0;
            return 0;
        }
    }
    return -ENOPROTOOPT;
}

int
UdpEndpoint::GetOption(int level, int name, void* value, socklen_t* len)
{
    int v;
    if (level == IPPROTO_IP && m_family == AF_INET && name == IP_RECVERR)
    {
        v = m_recvErr ? 1 : 0;
    }
    else if (level == IPPROTO_IPV6 && m_family == AF_INET6 && name == IPV6_RECVERR)
    {
        v = m_recvErr ? 1 : 0;
    }
    else if (level == IPPROTO_IPV6 && m_family == AF_INET6 && name == IPV6_V6ONLY)
    {
        v = m_v6only ? 1 : 0;
    }
    else
    {
        return -ENOPROTOOPT;
    }
    return WriteIntOption(v, value, len);
}

void
UdpEndpoint::OnRecv(Ptr<Socket> s)
{
    if (s != m_socket4 && s != m_socket6)
    {
        return;
    }
    Address fromAddress;
    bool changed = false;
    while (Ptr<Packet> p = s->RecvFrom(fromAddress))
    {
        InetSockAddr from = InetSockAddr::FromNs3(fromAddress);
        if (m_connected && !(from == m_peer))
        {
            continue; // a connected socket hears only its peer (IN30)
        }
        if (m_queuedBytes + p->GetSize() > recvBuffer)
        {
            Note("udp-drop", {{"from", from.ToString()}, {"len", int64_t{p->GetSize()}}});
            continue; // receive buffer full: dropped, as Linux does
        }
        Datagram d;
        d.from = from;
        d.data.resize(p->GetSize());
        p->CopyData(d.data.data(), p->GetSize());
        m_queuedBytes += d.data.size();
        m_queue.push_back(std::move(d));
        changed = true;
    }
    if (changed)
    {
        Changed();
    }
}

void
UdpEndpoint::OnIcmpError(const InetSockAddr& source, int error, bool fatal)
{
    // __udp4_lib_err: without IP_RECVERR only fatal errors on a connected socket count,
    // and ns-3 tells us the ICMP's sender: it must be the peer.
    bool fromPeer = m_connected && (source.isV4 ? source.v4 == m_peer.v4 : source.v6 == m_peer.v6);
    if (!m_recvErr && (!fatal || !fromPeer))
    {
        Note("udp-icmp-ignored", {{"from", source.ToString()}, {"errno", int64_t{error}}});
        return;
    }
    if (m_recvErr)
    {
        ++m_errorQueue;
    }
    Note("udp-icmp-error", {{"from", source.ToString()}, {"errno", int64_t{error}}});
    SetPendingError(error);
    Changed();
}

void
UdpEndpoint::OnIcmp(Ipv4Address source, uint8_t, uint8_t type, uint8_t code, uint32_t)
{
    IcmpError e = ConvertIcmpv4(type, code);
    if (e.error == 0)
    {
        return;
    }
    InetSockAddr from;
    from.isV4 = true;
    from.v4 = source;
    OnIcmpError(from, e.error, e.fatal);
}

void
UdpEndpoint::OnIcmp6(Ipv6Address source, uint8_t, uint8_t type, uint8_t code, uint32_t)
{
    IcmpError e = ConvertIcmpv6(type, code);
    if (e.error == 0)
    {
        return;
    }
    InetSockAddr from;
    from.isV4 = false;
    from.v6 = source;
    OnIcmpError(from, e.error, e.fatal);
}

void
UdpEndpoint::Release()
{
    Unbind();
    m_queue.clear();
    m_queuedBytes = 0;
}

void
UdpEndpoint::DoDispose()
{
    Unbind();
    m_queue.clear();
    InetEndpoint::DoDispose();
}

} // namespace ns3
