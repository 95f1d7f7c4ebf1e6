/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Bad input never crashes and always gets a Linux errno: every socket call against bad
 * descriptors (negative, unopened, closed, not a socket), null pointers, odd lengths and
 * every socket type and state.
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/sockbench-module.h"

#include <boost/test/unit_test.hpp>
#include <climits>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/un.h>

using namespace ns3;

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(LS40_bad_descriptors_get_ebadf_or_enotsock)
{
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    Ptr<SockbenchHost> host = sockbench.Install(nodes).front();
    std::vector<std::string> problems;
    host->Spawn("t", [&] {
        int efd = host->EventFd(0, EFD_NONBLOCK);
        int closed = host->Socket(AF_UNIX, SOCK_STREAM, 0);
        host->Close(closed);
        struct sockaddr_un sun = {};
        sun.sun_family = AF_UNIX;
        std::strcpy(sun.sun_path, "/tmp/x");
        auto* sa = reinterpret_cast<struct sockaddr*>(&sun);
        socklen_t len = sizeof(sun);
        char buf[8] = {0};
        int v = 1;
        socklen_t vlen = sizeof(v);
        struct
        {
            int fd;
            int expected;
        } cases[] = {{-1, EBADF},
                     {INT_MIN, EBADF},
                     {9999, EBADF},
                     {closed, EBADF},
                     {efd, ENOTSOCK}};
        for (const auto& c : cases)
        {
            std::vector<std::pair<std::string, int64_t>> calls = {
                {"bind", host->Bind(c.fd, sa, len)},
                {"listen", host->Listen(c.fd, 1)},
                {"accept", host->Accept(c.fd, nullptr, nullptr)},
                {"connect", host->Connect(c.fd, sa, len)},
                {"send", host->Send(c.fd, buf, 1, 0)},
                {"sendto", host->SendTo(c.fd, buf, 1, 0, sa, len)},
                {"recv", host->Recv(c.fd, buf, 1, MSG_DONTWAIT)},
                {"recvfrom", host->RecvFrom(c.fd, buf, 1, MSG_DONTWAIT, nullptr, nullptr)},
                {"shutdown", host->Shutdown(c.fd, SHUT_RDWR)},
                {"getsockname", host->GetSockName(c.fd, sa, &len)},
                {"getpeername", host->GetPeerName(c.fd, sa, &len)},
                {"setsockopt", host->SetSockOpt(c.fd, SOL_SOCKET, SO_REUSEADDR, &v, vlen)},
                {"getsockopt", host->GetSockOpt(c.fd, SOL_SOCKET, SO_TYPE, &v, &vlen)},
            };
            for (const auto& [name, ret] : calls)
            {
                // The last call's errno is checked below; every call must fail.
                if (ret != -1)
                {
                    problems.push_back(name + " on fd " + std::to_string(c.fd) + " returned " +
                                       std::to_string(ret));
                }
            }
            int err = host->GetErrno();
            if (err != c.expected)
            {
                problems.push_back("fd " + std::to_string(c.fd) + ": errno " + ErrnoName(err) +
                                   ", expected " + ErrnoName(c.expected));
            }
        }
        host->Close(efd);
    });
    Simulator::Run();
    BOOST_TEST(problems.empty(), [&] {
        std::string all;
        for (const auto& p : problems)
        {
            all += p + "\n";
        }
        return all;
    }());
    BOOST_TEST(host->GetOpenDescriptorCount() == 0u);
    BOOST_TEST(host->GetViolationCount() == 0u);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_CASE(LS1_null_pointers_and_odd_lengths_never_crash)
{
    // Every combination of socket type and state x call x null/odd argument: the call returns
    // (no crash, no hang: non-blocking sockets) with -1 and a known errno, or succeeds.
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    Ptr<SockbenchHost> host = sockbench.Install(nodes).front();
    std::set<std::string> errnos;
    uint32_t calls = 0;
    host->Spawn("t", [&] {
        for (int type : {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET})
        {
            int lfd = -1;
            if (type != SOCK_DGRAM)
            {
                lfd = host->Socket(AF_UNIX, type | SOCK_NONBLOCK, 0);
                struct sockaddr_un sun = {};
                sun.sun_family = AF_UNIX;
                std::snprintf(sun.sun_path, sizeof(sun.sun_path), "/tmp/bad%d", type);
                host->Bind(lfd, reinterpret_cast<struct sockaddr*>(&sun), sizeof(sun));
                host->Listen(lfd, 1);
            }
            int sv[2];
            host->SocketPair(AF_UNIX, type | SOCK_NONBLOCK, 0, sv);
            int fresh = host->Socket(AF_UNIX, type | SOCK_NONBLOCK, 0);
            for (int fd : {fresh, sv[0], lfd})
            {
                if (fd < 0)
                {
                    continue;
                }
                for (socklen_t len : {0u, 1u, 2u, 3u, 110u, 111u, 128u, 129u, 0x80000000u, ~0u})
                {
                    // The argument (the call) runs first; errno is read right after it.
                    auto note = [&](int64_t ret) {
                        ++calls;
                        if (ret < 0)
                        {
                            errnos.insert(ErrnoName(host->GetErrno()));
                        }
                    };
                    note(host->Bind(fd, nullptr, len));
                    note(host->Connect(fd, nullptr, len));
                    note(host->SendTo(fd, nullptr, 0, MSG_DONTWAIT, nullptr, len));
                    note(host->SendTo(fd, nullptr, 5, MSG_DONTWAIT, nullptr, 0));
                    note(host->Recv(fd, nullptr, 5, MSG_DONTWAIT));
                    note(host->RecvFrom(fd, nullptr, 0, MSG_DONTWAIT, nullptr, nullptr));
                    note(host->SetSockOpt(fd, SOL_SOCKET, SO_SNDTIMEO, nullptr, len));
                    note(host->SetSockOpt(fd, SOL_SOCKET, SO_SNDBUF, nullptr, len));
                    note(host->GetSockOpt(fd, SOL_SOCKET, SO_PEERCRED, nullptr, nullptr));
                    note(host->GetSockName(fd, nullptr, nullptr));
                    note(host->GetPeerName(fd, nullptr, nullptr));
                    note(host->Accept(fd, nullptr, nullptr));
                    note(host->Shutdown(fd, static_cast<int>(len)));
                    note(host->Ioctl(fd, FIONREAD, nullptr));
                    note(host->Listen(fd, static_cast<int>(len)));
                    socklen_t negative = ~0u;
                    note(host->GetSockName(fd, nullptr, &negative));
                }
            }
            for (int fd : {lfd, sv[0], sv[1], fresh})
            {
                if (fd >= 0)
                {
                    host->Close(fd);
                }
            }
        }
    });
    Simulator::Run();
    BOOST_TEST(calls > 1000u);
    // Every errno seen is one a Linux socket call can give; none is unknown.
    for (const auto& e : errnos)
    {
        BOOST_TEST(e.rfind("E?", 0) != 0u, e);
    }
    BOOST_TEST(errnos.count("EFAULT") == 1u);
    BOOST_TEST(errnos.count("EINVAL") == 1u);
    BOOST_TEST(host->GetLiveThreadCount() == 0u);
    BOOST_TEST(host->GetOpenDescriptorCount() == 0u);
    BOOST_TEST(host->GetViolationCount() == 0u);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_CASE(IN26_inet_sockets_take_any_argument)
{
    // TCP and UDP, IPv4 and IPv6, fresh / listening / connected / connecting: every call with
    // null pointers, odd lengths, garbage families and option levels returns -1 with a known
    // errno or succeeds. Nothing crashes, every descriptor closes, no violation is recorded,
    // and the simulation then runs to its end (the packets those calls sent are handled).
    NodeContainer nodes;
    nodes.Create(2);
    InternetStackHelper internet;
    internet.Install(nodes);
    PointToPointHelper p2p;
    NetDeviceContainer link = p2p.Install(nodes);
    Ipv4AddressHelper v4;
    v4.SetBase("10.9.0.0", "255.255.255.0");
    v4.Assign(link);
    Ipv6AddressHelper v6;
    v6.SetBase(Ipv6Address("2001:db8:9::"), Ipv6Prefix(64));
    v6.Assign(link);
    SockbenchHelper sockbench;
    SockbenchHostContainer hosts = sockbench.Install(nodes);
    Ptr<SockbenchHost> host = hosts[0];
    std::set<std::string> errnos;
    uint32_t calls = 0;
    host->Spawn("t", [&] {
        auto note = [&](int64_t ret) {
            ++calls;
            if (ret < 0)
            {
                errnos.insert(ErrnoName(host->GetErrno()));
            }
        };
        for (int family : {AF_INET, AF_INET6})
        {
            for (int type : {SOCK_STREAM, SOCK_DGRAM})
            {
                std::vector<int> fds;
                fds.push_back(host->Socket(family, type | SOCK_NONBLOCK, 0)); // fresh
                int bound = host->Socket(family, type | SOCK_NONBLOCK, 0);
                struct sockaddr_storage any = {};
                any.ss_family = static_cast<sa_family_t>(family);
                socklen_t anyLen =
                    family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
                host->Bind(bound, reinterpret_cast<struct sockaddr*>(&any), anyLen);
                host->Listen(bound, 4);
                fds.push_back(bound);
                // Connecting to the other node (TCP stays in SYN_SENT during the calls).
                int connecting = host->Socket(family, type | SOCK_NONBLOCK, 0);
                struct sockaddr_storage peer = {};
                if (family == AF_INET)
                {
                    auto* sin = reinterpret_cast<struct sockaddr_in*>(&peer);
                    sin->sin_family = AF_INET;
                    sin->sin_port = htons(9);
                    sin->sin_addr.s_addr = htonl(0x0a090002);
                }
                else
                {
                    auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(&peer);
                    sin6->sin6_family = AF_INET6;
                    sin6->sin6_port = htons(9);
                    Ipv6Address("2001:db8:9::200:ff:fe00:2").GetBytes(sin6->sin6_addr.s6_addr);
                }
                note(host->Connect(connecting, reinterpret_cast<struct sockaddr*>(&peer), anyLen));
                fds.push_back(connecting);
                for (int fd : fds)
                {
                    for (socklen_t len : {0u, 1u, 2u, 15u, 16u, 23u, 24u, 28u, 128u, ~0u})
                    {
                        note(host->Bind(fd, nullptr, len));
                        note(host->Connect(fd, nullptr, len));
                        note(host->SendTo(fd, nullptr, 0, MSG_DONTWAIT, nullptr, len));
                        note(host->SendTo(fd, nullptr, 5, MSG_DONTWAIT, nullptr, 0));
                        note(host->Recv(fd, nullptr, 5, MSG_DONTWAIT));
                        note(host->RecvFrom(fd, nullptr, 0, MSG_DONTWAIT, nullptr, nullptr));
                        note(host->Shutdown(fd, static_cast<int>(len)));
                        note(host->Listen(fd, static_cast<int>(len)));
                        note(host->Ioctl(fd, FIONREAD, nullptr));
                        for (int level : {int{SOL_SOCKET},
                                          int{IPPROTO_TCP},
                                          int{IPPROTO_IP},
                                          int{IPPROTO_IPV6},
                                          9999})
                        {
                            for (int name : {0, 1, 4, 8, 26, 44, 99999, -1})
                            {
                                int v = static_cast<int>(len);
                                socklen_t vlen = len;
                                note(host->SetSockOpt(fd, level, name, nullptr, len));
                                note(host->SetSockOpt(fd, level, name, &v, std::min(len, 4u)));
                                note(host->GetSockOpt(fd, level, name, nullptr, &vlen));
                                vlen = std::min(len, 4u);
                                note(host->GetSockOpt(fd, level, name, &v, &vlen));
                            }
                        }
                        // Garbage families and lengths in an otherwise valid buffer.
                        for (int fam = 0; fam < 48; fam += 5)
                        {
                            struct sockaddr_storage junk = {};
                            junk.ss_family = static_cast<sa_family_t>(fam);
                            auto* sa = reinterpret_cast<struct sockaddr*>(&junk);
                            socklen_t l = std::min<socklen_t>(len, sizeof(junk));
                            note(host->Bind(fd, sa, l));
                            note(host->SendTo(fd, "x", 1, MSG_DONTWAIT, sa, l));
                        }
                    }
                    note(host->Accept(fd, nullptr, nullptr));
                    note(host->Recv(fd, nullptr, 0, MSG_OOB | MSG_DONTWAIT));
                    note(host->Send(fd, "x", 1, MSG_OOB | MSG_DONTWAIT | MSG_NOSIGNAL));
                }
                for (int fd : fds)
                {
                    note(host->Close(fd));
                }
            }
        }
        note(host->Socket(AF_INET, SOCK_SEQPACKET, 0));
        note(host->Socket(AF_INET, SOCK_RAW, 0));
        note(host->Socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
        note(host->Socket(AF_INET6, SOCK_DGRAM, IPPROTO_TCP));
    });
    Simulator::Stop(Seconds(300));
    Simulator::Run();
    BOOST_TEST(calls > 10000u);
    for (const auto& e : errnos)
    {
        BOOST_TEST(e.rfind("E?", 0) != 0u, e);
    }
    for (const char* e : {"EFAULT",
                          "EINVAL",
                          "EAFNOSUPPORT",
                          "ENOPROTOOPT",
                          "EOPNOTSUPP",
                          "ESOCKTNOSUPPORT",
                          "EPERM",
                          "EPROTONOSUPPORT"})
    {
        BOOST_TEST(errnos.count(e) == 1u, e);
    }
    BOOST_TEST(host->GetLiveThreadCount() == 0u);
    BOOST_TEST(host->GetOpenDescriptorCount() == 0u);
    BOOST_TEST(host->GetViolationCount() == 0u);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()
