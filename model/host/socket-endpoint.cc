/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "socket-endpoint.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(SocketEndpoint);

TypeId
SocketEndpoint::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SocketEndpoint").SetParent<HostEndpoint>().SetGroupName("Sockbench");
    return tid;
}

SocketEndpoint::SocketEndpoint() {}

int
SocketEndpoint::Bind(const struct sockaddr*, socklen_t)
{
    return -EOPNOTSUPP;
}

int
SocketEndpoint::Listen(uint32_t, const SocketCredentials&)
{
    return -EOPNOTSUPP;
}

SocketOp
SocketEndpoint::Connect(const struct sockaddr*, socklen_t, const SocketCredentials&)
{
    return SocketOp::Done(-EOPNOTSUPP);
}

SocketOp
SocketEndpoint::Accept(Ptr<SocketEndpoint>&)
{
    return SocketOp::Done(-EOPNOTSUPP);
}

SocketOp
SocketEndpoint::Send(const uint8_t*, size_t, int, const struct sockaddr*, socklen_t, SendProgress&)
{
    return SocketOp::Done(-EOPNOTSUPP);
}

SocketOp
SocketEndpoint::Recv(uint8_t*, size_t, int, struct sockaddr*, socklen_t*, int&)
{
    return SocketOp::Done(-EOPNOTSUPP);
}

int
SocketEndpoint::Shutdown(int)
{
    return -EOPNOTSUPP;
}

int
SocketEndpoint::GetName(struct sockaddr*, socklen_t*) const
{
    return -EOPNOTSUPP;
}

int
SocketEndpoint::GetPeerName(struct sockaddr*, socklen_t*) const
{
    return -ENOTCONN;
}

SocketCredentials
SocketEndpoint::GetPeerCredentials() const
{
    return SocketCredentials();
}

int64_t
SocketEndpoint::GetReadableBytes() const
{
    return 0;
}

SocketOp
SocketEndpoint::ContinueConnect(const struct sockaddr* addr,
                                socklen_t len,
                                const SocketCredentials& cred)
{
    return Connect(addr, len, cred);
}

int
SocketEndpoint::GetProtocol() const
{
    return 0;
}

int
SocketEndpoint::SetOption(int, int, const void*, socklen_t)
{
    return -EOPNOTSUPP;
}

int
SocketEndpoint::GetOption(int, int, void*, socklen_t*)
{
    return -EOPNOTSUPP;
}

void
SocketEndpoint::Crash()
{
    Release();
}

int
SocketEndpoint::ReadIntOption(const void* value, socklen_t len, int& out)
{
    if (len < sizeof(int))
    {
        return -EINVAL;
    }
    if (!value)
    {
        return -EFAULT;
    }
    std::memcpy(&out, value, sizeof(int));
    return 0;
}

int
SocketEndpoint::WriteIntOption(int v, void* value, socklen_t* len)
{
    socklen_t n = std::min<socklen_t>(*len, sizeof(int));
    if (n > 0 && !value)
    {
        return -EFAULT;
    }
    std::memcpy(value, &v, n);
    *len = n;
    return 0;
}

} // namespace ns3
