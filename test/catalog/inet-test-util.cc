/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: shared helpers of the TCP/UDP cases.
 */

#include "inet-test-util.h"

#include "ns3/icmpv4.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-raw-socket-factory.h"
#include "ns3/packet.h"
#include "ns3/posix-names.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"

#include <poll.h>

namespace ns3
{

std::string
ToString(const CallResult& r)
{
    return std::to_string(r.ret) + "/" + (r.error ? ErrnoName(r.error) : std::string("0"));
}

int
TcpListener(Ptr<SockbenchHost> host, uint16_t port, int backlog, int family, bool reuse)
{
    int fd = host->Socket(family, SOCK_STREAM, 0);
    if (fd < 0)
    {
        return -1;
    }
    if (reuse)
    {
        int one = 1;
        host->SetSockOpt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    InetAddr any = family == AF_INET ? InetAddr(Ipv4Address::GetAny(), port)
                                     : InetAddr(Ipv6Address::GetAny(), port);
    if (host->Bind(fd, any.Addr(), any.len) < 0 || host->Listen(fd, backlog) < 0)
    {
        host->Close(fd);
        return -1;
    }
    return fd;
}

CallResult
SetInt(Ptr<SockbenchHost> host, int fd, int level, int name, int value)
{
    return Outcome(host, host->SetSockOpt(fd, level, name, &value, sizeof(value)));
}

CallResult
SendText(Ptr<SockbenchHost> host, int fd, const std::string& text, int flags)
{
    return Outcome(host, host->Send(fd, text.data(), text.size(), flags));
}

int
UdpBound(Ptr<SockbenchHost> host, int family, uint16_t port)
{
    int fd = host->Socket(family, SOCK_DGRAM, 0);
    InetAddr any = family == AF_INET ? InetAddr(Ipv4Address::GetAny(), port)
                                     : InetAddr(Ipv6Address::GetAny(), port);
    if (fd >= 0 && host->Bind(fd, any.Addr(), any.len) < 0)
    {
        host->Close(fd);
        return -1;
    }
    return fd;
}

short
PollNow(Ptr<SockbenchHost> host, int fd)
{
    struct pollfd p = {fd,
                       static_cast<short>(POLLIN | POLLOUT | POLLPRI | POLLRDHUP | POLLRDNORM |
                                          POLLWRNORM | POLLRDBAND | POLLWRBAND),
                       0};
    host->Poll(&p, 1, 0);
    return p.revents;
}

std::string
PollName(short revents)
{
    return PollEventsName(static_cast<uint32_t>(revents));
}

int
SoError(Ptr<SockbenchHost> host, int fd)
{
    int v = -1;
    socklen_t len = sizeof(v);
    host->GetSockOpt(fd, SOL_SOCKET, SO_ERROR, &v, &len);
    return v;
}

void
InjectIcmpv4(Ptr<Node> from,
             Ipv4Address victim,
             uint16_t victimPort,
             Ipv4Address quoted,
             uint16_t quotedPort,
             uint8_t protocol,
             uint8_t type,
             uint8_t code)
{
    Ptr<Socket> raw = Socket::CreateSocket(from, Ipv4RawSocketFactory::GetTypeId());
    raw->SetAttribute("Protocol", UintegerValue(1)); // ICMP
    Ipv4Header ip;
    ip.SetSource(victim);
    ip.SetDestination(quoted);
    ip.SetProtocol(protocol);
    ip.SetTtl(64);
    ip.SetPayloadSize(8);
    // The first 8 bytes of the original transport header: both ports lead, for TCP and UDP.
    uint8_t head[8] = {static_cast<uint8_t>(victimPort >> 8),
                       static_cast<uint8_t>(victimPort & 0xff),
                       static_cast<uint8_t>(quotedPort >> 8),
                       static_cast<uint8_t>(quotedPort & 0xff),
                       0,
                       0,
                       0,
                       0};
    Ptr<Packet> p = Create<Packet>();
    Ptr<Packet> original = Create<Packet>(head, sizeof(head));
    Icmpv4Header icmp;
    icmp.SetType(type);
    icmp.SetCode(code);
    if (type == Icmpv4Header::ICMPV4_TIME_EXCEEDED)
    {
        Icmpv4TimeExceeded te;
        te.SetHeader(ip);
        te.SetData(original);
        p->AddHeader(te);
    }
    else
    {
        Icmpv4DestinationUnreachable unreach;
        unreach.SetHeader(ip);
        unreach.SetData(original);
        unreach.SetNextHopMtu(0);
        p->AddHeader(unreach);
    }
    p->AddHeader(icmp);
    raw->SendTo(p, 0, InetSocketAddress(victim, 0));
    raw->Close();
}

} // namespace ns3
