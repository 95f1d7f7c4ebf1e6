/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "unix-socket.h"

#include "sockbench-host.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/ns3-compat.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"
#include "ns3/unix-endpoint.h"

#include <cerrno>
#include <poll.h>
#include <sys/ioctl.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UnixSocket");
NS_OBJECT_ENSURE_REGISTERED(UnixSocket);
NS_OBJECT_ENSURE_REGISTERED(UnixSocketFactory);

TypeId
UnixSocket::GetTypeId()
{
    static TypeId tid = TypeId("ns3::UnixSocket")
                            .SetParent<Socket>()
                            .SetGroupName("Sockbench")
                            .AddConstructor<UnixSocket>()
                            .AddAttribute("Backlog",
                                          "listen() backlog of Listen() (clamped to Somaxconn).",
                                          UintegerValue(128),
                                          MakeUintegerAccessor(&UnixSocket::m_backlog),
                                          MakeUintegerChecker<uint32_t>());
    return tid;
}

UnixSocket::UnixSocket()
    : m_backlog(128)
{
    NS_LOG_FUNCTION(this);
}

UnixSocket::~UnixSocket()
{
    NS_LOG_FUNCTION(this);
}

bool
UnixSocket::Setup(Ptr<SockbenchHost> host, int type, int fd)
{
    m_host = host;
    m_type = type;
    m_fd = fd >= 0 ? fd : host->Socket(AF_UNIX, type | SOCK_NONBLOCK, 0);
    if (m_fd < 0)
    {
        m_linuxErrno = host->GetErrno();
        return false;
    }
    host->GetEndpoint(m_fd)->SetNonBlocking(true);
    m_listenerId = host->GetEndpoint(m_fd)->AddChangeListener(
        [this](uint32_t readiness) { OnReadiness(readiness); });
    m_lastReadiness = host->GetEndpoint(m_fd)->GetReadiness();
    return true;
}

void
UnixSocket::DoDispose()
{
    if (m_fd >= 0 && m_host)
    {
        Close();
    }
    m_host = nullptr;
    Socket::DoDispose();
}

int
UnixSocket::GetDescriptor() const
{
    return m_fd;
}

int
UnixSocket::GetLinuxErrno() const
{
    return m_linuxErrno;
}

int
UnixSocket::Fail()
{
    m_linuxErrno = m_host ? m_host->GetErrno() : EBADF;
    return -1;
}

Socket::SocketErrno
UnixSocket::GetErrno() const
{
    switch (m_linuxErrno)
    {
    case 0:
        return ERROR_NOTERROR;
    case EISCONN:
        return ERROR_ISCONN;
    case ENOTCONN:
        return ERROR_NOTCONN;
    case EMSGSIZE:
        return ERROR_MSGSIZE;
    case EAGAIN:
        return ERROR_AGAIN;
    case EPIPE:
    case ECONNRESET:
        return ERROR_SHUTDOWN;
    case EOPNOTSUPP:
        return ERROR_OPNOTSUPP;
    case EAFNOSUPPORT:
        return ERROR_AFNOSUPPORT;
    case EBADF:
        return ERROR_BADF;
    case ECONNREFUSED:
    case ENOENT:
        return ERROR_NOROUTETOHOST;
    case EADDRINUSE:
        return ERROR_ADDRINUSE;
    default:
        return ERROR_INVAL;
    }
}

Socket::SocketType
UnixSocket::GetSocketType() const
{
    switch (m_type)
    {
    case SOCK_DGRAM:
        return NS3_SOCK_DGRAM;
    case SOCK_SEQPACKET:
        return NS3_SOCK_SEQPACKET;
    default:
        return NS3_SOCK_STREAM;
    }
}

Ptr<Node>
UnixSocket::GetNode() const
{
    return m_host ? m_host->GetObject<Node>() : nullptr;
}

int
UnixSocket::Bind(const Address& address)
{
    if (!UnixSocketAddress::IsMatchingType(address))
    {
        m_linuxErrno = EINVAL;
        return -1;
    }
    struct sockaddr_un sun;
    socklen_t len = UnixSocketAddress::ConvertFrom(address).ToSockaddr(sun);
    return m_host->Bind(m_fd, reinterpret_cast<struct sockaddr*>(&sun), len) == 0 ? 0 : Fail();
}

int
UnixSocket::Bind()
{
    struct sockaddr_un sun;
    socklen_t len = UnixSocketAddress().ToSockaddr(sun); // length 2: autobind (LS4)
    return m_host->Bind(m_fd, reinterpret_cast<struct sockaddr*>(&sun), len) == 0 ? 0 : Fail();
}

int
UnixSocket::Bind6()
{
    return Bind();
}

int
UnixSocket::Close()
{
    if (m_fd < 0)
    {
        m_linuxErrno = EBADF;
        return -1;
    }
    if (Ptr<HostEndpoint> endpoint = m_host->GetEndpoint(m_fd))
    {
        endpoint->RemoveChangeListener(m_listenerId);
    }
    int r = m_host->Close(m_fd);
    m_fd = -1;
    return r == 0 ? 0 : Fail();
}

int
UnixSocket::ShutdownSend()
{
    return m_host->Shutdown(m_fd, SHUT_WR) == 0 ? 0 : Fail();
}

int
UnixSocket::ShutdownRecv()
{
    return m_host->Shutdown(m_fd, SHUT_RD) == 0 ? 0 : Fail();
}

int
UnixSocket::Connect(const Address& address)
{
    if (!UnixSocketAddress::IsMatchingType(address))
    {
        m_linuxErrno = EINVAL;
        return -1;
    }
    struct sockaddr_un sun;
    socklen_t len = UnixSocketAddress::ConvertFrom(address).ToSockaddr(sun);
    if (m_host->Connect(m_fd, reinterpret_cast<struct sockaddr*>(&sun), len) != 0)
    {
        return Fail(); // e.g. ERROR_AGAIN on a full backlog (LS14), no callback
    }
    Simulator::ScheduleNow(&UnixSocket::NotifyConnectionSucceeded, Ptr<UnixSocket>(this));
    return 0;
}

int
UnixSocket::Listen()
{
    if (m_host->Listen(m_fd, static_cast<int>(m_backlog)) != 0)
    {
        return Fail();
    }
    m_listening = true;
    return 0;
}

uint32_t
UnixSocket::GetTxAvailable() const
{
    Ptr<SocketEndpoint> socket =
        m_host ? DynamicCast<SocketEndpoint>(m_host->GetEndpoint(m_fd)) : nullptr;
    if (!socket)
    {
        return 0;
    }
    return (socket->GetReadiness() & POLLOUT) ? socket->sendBuffer : 0;
}

int
UnixSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    std::vector<uint8_t> buf(p->GetSize());
    p->CopyData(buf.data(), buf.size());
    ssize_t n = m_host->Send(m_fd, buf.data(), buf.size(), static_cast<int>(flags) | MSG_NOSIGNAL);
    return n < 0 ? Fail() : static_cast<int>(n);
}

int
UnixSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress)
{
    if (!UnixSocketAddress::IsMatchingType(toAddress))
    {
        return Send(p, flags);
    }
    struct sockaddr_un sun;
    socklen_t len = UnixSocketAddress::ConvertFrom(toAddress).ToSockaddr(sun);
    std::vector<uint8_t> buf(p->GetSize());
    p->CopyData(buf.data(), buf.size());
    ssize_t n = m_host->SendTo(m_fd,
                               buf.data(),
                               buf.size(),
                               static_cast<int>(flags) | MSG_NOSIGNAL,
                               reinterpret_cast<struct sockaddr*>(&sun),
                               len);
    return n < 0 ? Fail() : static_cast<int>(n);
}

uint32_t
UnixSocket::GetRxAvailable() const
{
    Ptr<SocketEndpoint> socket =
        m_host ? DynamicCast<SocketEndpoint>(m_host->GetEndpoint(m_fd)) : nullptr;
    int64_t n = socket ? socket->GetReadableBytes() : 0;
    return n > 0 ? static_cast<uint32_t>(n) : 0;
}

Ptr<Packet>
UnixSocket::Recv(uint32_t maxSize, uint32_t flags)
{
    Address ignored;
    return RecvFrom(maxSize, flags, ignored);
}

Ptr<Packet>
UnixSocket::RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress)
{
    std::vector<uint8_t> buf(std::min<uint32_t>(maxSize, 1 << 20));
    struct sockaddr_un from;
    socklen_t fromLen = sizeof(from);
    ssize_t n = m_host->RecvFrom(m_fd,
                                 buf.data(),
                                 buf.size(),
                                 static_cast<int>(flags) | MSG_DONTWAIT,
                                 reinterpret_cast<struct sockaddr*>(&from),
                                 &fromLen);
    if (n < 0)
    {
        Fail();
        return nullptr;
    }
    UnixAddress a;
    bool autobind = false;
    if (fromLen > sizeof(sa_family_t) &&
        ParseUnixAddress(reinterpret_cast<struct sockaddr*>(&from), fromLen, a, autobind) == 0)
    {
        fromAddress = UnixSocketAddress::FromUnixAddress(a);
    }
    else
    {
        fromAddress = UnixSocketAddress();
    }
    // A 0-byte packet at end of file, as ns-3's TCP returns in CLOSE_WAIT.
    return Create<Packet>(buf.data(), static_cast<uint32_t>(n));
}

int
UnixSocket::NameOf(bool peer, Address& address) const
{
    struct sockaddr_un sun;
    socklen_t len = sizeof(sun);
    auto* sa = reinterpret_cast<struct sockaddr*>(&sun);
    if ((peer ? m_host->GetPeerName(m_fd, sa, &len) : m_host->GetSockName(m_fd, sa, &len)) != 0)
    {
        return -1;
    }
    UnixAddress a;
    bool autobind = false;
    if (len <= sizeof(sa_family_t) || ParseUnixAddress(sa, len, a, autobind) != 0)
    {
        a = UnixAddress(); // unnamed
    }
    address = UnixSocketAddress::FromUnixAddress(a);
    return 0;
}

int
UnixSocket::GetSockName(Address& address) const
{
    return NameOf(false, address);
}

int
UnixSocket::GetPeerName(Address& address) const
{
    return NameOf(true, address);
}

bool
UnixSocket::SetAllowBroadcast(bool allowBroadcast)
{
    return !allowBroadcast;
}

bool
UnixSocket::GetAllowBroadcast() const
{
    return false;
}

void
UnixSocket::OnReadiness(uint32_t)
{
    if (!m_deliveryScheduled)
    {
        m_deliveryScheduled = true;
        Simulator::ScheduleNow(&UnixSocket::Deliver, Ptr<UnixSocket>(this));
    }
}

void
UnixSocket::Deliver()
{
    m_deliveryScheduled = false;
    Ptr<HostEndpoint> endpoint = m_fd >= 0 && m_host ? m_host->GetEndpoint(m_fd) : nullptr;
    if (!endpoint)
    {
        return;
    }
    uint32_t now = endpoint->GetReadiness();
    uint32_t rose = now & ~m_lastReadiness;
    m_lastReadiness = now;
    if (m_listening)
    {
        while (m_fd >= 0 && (m_host->GetEndpoint(m_fd)->GetReadiness() & POLLIN))
        {
            struct sockaddr_un from;
            socklen_t fromLen = sizeof(from);
            int fd = m_host->Accept4(m_fd,
                                     reinterpret_cast<struct sockaddr*>(&from),
                                     &fromLen,
                                     SOCK_NONBLOCK);
            if (fd < 0)
            {
                return;
            }
            UnixAddress a;
            bool autobind = false;
            if (fromLen <= sizeof(sa_family_t) ||
                ParseUnixAddress(reinterpret_cast<struct sockaddr*>(&from), fromLen, a, autobind))
            {
                a = UnixAddress();
            }
            Address peer = UnixSocketAddress::FromUnixAddress(a);
            if (!NotifyConnectionRequest(peer))
            {
                m_host->Close(fd);
                continue;
            }
            Ptr<UnixSocket> socket = CreateObject<UnixSocket>();
            socket->Setup(m_host, m_type, fd);
            NotifyNewConnectionCreated(socket, peer);
        }
        return;
    }
    if (rose & (POLLIN | POLLRDHUP))
    {
        NotifyDataRecv();
    }
    if (rose & POLLOUT)
    {
        NotifySend(GetTxAvailable());
    }
    if ((now & POLLHUP) && !m_closeNotified && m_type != SOCK_DGRAM)
    {
        m_closeNotified = true;
        if (endpoint->GetPendingError() == ECONNRESET)
        {
            NotifyErrorClose();
        }
        else
        {
            NotifyNormalClose();
        }
    }
}

TypeId
UnixSocketFactory::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::UnixSocketFactory")
            .SetParent<SocketFactory>()
            .SetGroupName("Sockbench")
            .AddConstructor<UnixSocketFactory>()
            .AddAttribute(
                "Type",
                "Type of the sockets created: SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET.",
                EnumValue(UnixSocketFactory::STREAM),
                sockbench::EnumAccessor<UnixSocketFactory::Type>(&UnixSocketFactory::m_type, 0),
                MakeEnumChecker(UnixSocketFactory::STREAM,
                                "SOCK_STREAM",
                                UnixSocketFactory::DGRAM,
                                "SOCK_DGRAM",
                                UnixSocketFactory::SEQPACKET,
                                "SOCK_SEQPACKET"));
    return tid;
}

UnixSocketFactory::UnixSocketFactory()
    : m_type(STREAM)
{
}

Ptr<Socket>
UnixSocketFactory::CreateSocket()
{
    Ptr<SockbenchHost> host = GetObject<SockbenchHost>();
    NS_ABORT_MSG_UNLESS(host, "UnixSocketFactory needs a SockbenchHost on the node");
    Ptr<UnixSocket> socket = CreateObject<UnixSocket>();
    if (!socket->Setup(host, m_type))
    {
        return nullptr;
    }
    return socket;
}

} // namespace ns3
