/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The seed's local-socket IPC programs (seeds/003: "linux进程间通信--本地socket"), ported
 * faithfully to simulated threads on one node:
 *
 *  - server (ct_ipc_sock_create + ct_select_run): socket, setsockopt(SOL_SOCKET, TCP_NODELAY),
 *    unlink, bind, listen(MAX_LISTEN_BACKLOG); then forever: select on the listener, accept,
 *    read the request, write the answer "ACK", close.
 *  - client (do_filter_notify): socket, SO_SNDTIMEO = UNIX_SOCK_CONNECT_TIMEO, connect, write
 *    the request, select with a CLI_TIME_OUT timeout, read, compare with "ack", close.
 *
 * Runs (--run=):
 *  normal        3 clients, a quick server: every client gets "ACK".
 *  backlog-full  a slow server (it spends --handler-ms per request) and 8 clients at once:
 *                the backlog (MAX_LISTEN_BACKLOG + 1 pending, LS9) fills, and the clients
 *                that find it full wait in connect() until SO_SNDTIMEO expires: EAGAIN at
 *                exactly connect time + 1 s (LS16).
 *  seed-bugs     the seed's mistakes kept visible: accept() gets the uninitialised addrLen
 *                (here the garbage value -1): the connection is dequeued, accept fails with
 *                EINVAL (LS21) and the dropped socket still holds the client's unread
 *                request, so the client's read gets ECONNRESET (LS26; with no request sent it
 *                would read EOF). setsockopt(SOL_SOCKET, TCP_NODELAY)
 *                really sets SO_DEBUG: value 0 succeeds and does nothing, value 1 is EACCES.
 *  fixed         the same as seed-bugs with addrLen initialised: every client gets "ACK".
 *
 *   unix-ipc-example [--run=backlog-full] [--clients=8] [--handler-ms=3000] [--trace=t.jsonl]
 */

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/sockbench-module.h"

#include <cstring>
#include <iostream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>

using namespace ns3;

namespace
{
// The seed's constants (values not in the seed are chosen here and named as such).
const char* const UNIX_DOMAIN_CLOUD = "/tmp/ct_cloud.sock"; // chosen
const int MAX_LISTEN_BACKLOG = 2;                           // chosen: small, to fill
const int UNIX_SOCK_CONNECT_TIMEO = 1;                      // seconds, chosen
const int CLI_TIME_OUT = 5;                                 // "Wait up to five seconds."
const int MAX_BUF = 128;

struct Options
{
    std::string run = "normal";
    uint32_t clients = 3;
    uint32_t handlerMs = 0;
    bool seedAddrLen = false; // pass the uninitialised addrLen to accept
};

/// Outcome of one client, as do_filter_notify reports it.
struct ClientResult
{
    std::string outcome; // "ACK", "connect: EAGAIN", ...
    Time at;
};

std::string
Name(Ptr<SockbenchHost> host)
{
    return ErrnoName(host->GetErrno());
}

/// ct_ipc_sock_create(CLIENT_SOCKET) + ct_select_run().
void
Server(Ptr<SockbenchHost> host, const Options& opt)
{
    int result = 0;
    int fd = host->Socket(PF_UNIX, SOCK_STREAM, 0);
    // The seed's mistake: TCP_NODELAY (1) at SOL_SOCKET level is SO_DEBUG; 0 does nothing.
    host->SetSockOpt(fd, SOL_SOCKET, TCP_NODELAY, &result, sizeof(int));
    struct sockaddr_un srvAddr;
    std::memset(&srvAddr, 0, sizeof(srvAddr));
    srvAddr.sun_family = AF_UNIX;
    std::strncpy(srvAddr.sun_path, UNIX_DOMAIN_CLOUD, sizeof(srvAddr.sun_path) - 1);
    host->Unlink(UNIX_DOMAIN_CLOUD);
    if (host->Bind(fd, reinterpret_cast<struct sockaddr*>(&srvAddr), sizeof(srvAddr)) == -1 ||
        host->Listen(fd, MAX_LISTEN_BACKLOG) == -1)
    {
        host->Close(fd);
        return;
    }
    fd_set allset;
    FD_ZERO(&allset);
    FD_SET(fd, &allset);
    for (;;)
    {
        fd_set rset = allset;
        if (host->Select(fd + 1, &rset, nullptr, nullptr, nullptr) < 0)
        {
            return;
        }
        if (!FD_ISSET(fd, &rset))
        {
            continue;
        }
        struct sockaddr_in addr; // the seed's type: sockaddr_in for an AF_UNIX peer
        socklen_t addrLen = opt.seedAddrLen ? static_cast<socklen_t>(-1) // "uninitialised"
                                            : sizeof(addr);
        int cloudfd = host->Accept(fd, reinterpret_cast<struct sockaddr*>(&addr), &addrLen);
        if (cloudfd < 0)
        {
            continue;
        }
        char dataBuf[MAX_BUF] = {0};
        int readNum = static_cast<int>(host->Read(cloudfd, dataBuf, MAX_BUF));
        if (opt.handlerMs > 0)
        {
            host->Sleep(MilliSeconds(opt.handlerMs)); // the work behind the answer
        }
        if (readNum > 0)
        {
            char rsp[] = "ACK";
            host->Write(cloudfd, rsp, sizeof(rsp));
        }
        host->Close(cloudfd);
    }
}

/// do_filter_notify().
ClientResult
Client(Ptr<SockbenchHost> host)
{
    char recvBuf[128] = {0};
    int clientFd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
    struct timeval t = {UNIX_SOCK_CONNECT_TIMEO, 0};
    host->SetSockOpt(clientFd, SOL_SOCKET, SO_SNDTIMEO, &t, sizeof(t));
    struct sockaddr_un srvAddr;
    std::memset(&srvAddr, 0, sizeof(srvAddr));
    srvAddr.sun_family = AF_UNIX;
    std::memcpy(srvAddr.sun_path, UNIX_DOMAIN_CLOUD, std::strlen(UNIX_DOMAIN_CLOUD));
    ClientResult r;
    if (host->Connect(clientFd, reinterpret_cast<struct sockaddr*>(&srvAddr), sizeof(srvAddr)) ==
        -1)
    {
        r.outcome = "connect: " + Name(host);
    }
    else
    {
        const char attr[] = "filter-notify";
        if (host->Write(clientFd, attr, sizeof(attr)) == sizeof(attr))
        {
            fd_set rset;
            FD_ZERO(&rset);
            FD_SET(clientFd, &rset);
            struct timeval tv = {CLI_TIME_OUT, 0};
            host->Select(clientFd + 1, &rset, nullptr, nullptr, &tv);
            if (FD_ISSET(clientFd, &rset))
            {
                ssize_t num = host->Read(clientFd, recvBuf, sizeof(recvBuf));
                r.outcome = num < 0                           ? "read error: " + Name(host)
                            : num == 0                        ? "read error: EOF"
                            : strcasecmp(recvBuf, "ack") == 0 ? "ACK"
                                                              : "unexpected answer";
            }
            else
            {
                r.outcome = "no response (select timeout)";
            }
        }
        else
        {
            r.outcome = "write: " + Name(host);
        }
    }
    host->Close(clientFd);
    r.at = Simulator::Now();
    return r;
}
} // namespace

int
main(int argc, char* argv[])
{
    Options opt;
    std::string tracePath;
    CommandLine cmd(__FILE__);
    cmd.AddValue("run", "normal, backlog-full, seed-bugs or fixed", opt.run);
    cmd.AddValue("clients", "number of clients (default 3; backlog-full: 8)", opt.clients);
    cmd.AddValue("handler-ms", "server time per request in ms (backlog-full: 3000)", opt.handlerMs);
    cmd.AddValue("trace", "write the event trace to this JSON Lines file", tracePath);
    cmd.Parse(argc, argv);
    if (opt.run == "backlog-full")
    {
        opt.clients = std::max<uint32_t>(opt.clients, 8);
        opt.handlerMs = opt.handlerMs ? opt.handlerMs : 3000;
    }
    else if (opt.run == "seed-bugs")
    {
        opt.seedAddrLen = true;
    }
    else if (opt.run != "normal" && opt.run != "fixed")
    {
        std::cerr << "unknown --run=" << opt.run << "\n";
        return 2;
    }

    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    Ptr<SockbenchHost> host = sockbench.Install(nodes).front();
    if (!tracePath.empty() && !sockbench.EnableJsonLines(tracePath))
    {
        std::cerr << "cannot write " << tracePath << "\n";
        return 1;
    }
    host->Spawn("server", [host, opt] { Server(host, opt); });
    std::vector<ClientResult> results(opt.clients);
    for (uint32_t i = 0; i < opt.clients; ++i)
    {
        host->Spawn(
            "client" + std::to_string(i + 1),
            [host, &results, i] { results[i] = Client(host); },
            MilliSeconds(100));
    }
    if (opt.run == "seed-bugs")
    {
        // setsockopt(SOL_SOCKET, TCP_NODELAY = SO_DEBUG) with value 1: unprivileged, EACCES.
        host->Spawn(
            "nodelay-probe",
            [host] {
                int one = 1;
                int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
                int r = host->SetSockOpt(fd, SOL_SOCKET, TCP_NODELAY, &one, sizeof(one));
                std::cout << "setsockopt(SOL_SOCKET, TCP_NODELAY, 1) = " << r << " ("
                          << ErrnoName(r < 0 ? host->GetErrno() : 0)
                          << "): it is SO_DEBUG, not TCP_NODELAY\n";
                host->Close(fd);
            },
            MilliSeconds(50));
    }
    Simulator::Stop(Seconds(60));
    Simulator::Run();

    std::cout << "run " << opt.run << ": " << opt.clients << " clients, backlog "
              << MAX_LISTEN_BACKLOG << " (" << MAX_LISTEN_BACKLOG + 1 << " may be pending)"
              << ", SO_SNDTIMEO " << UNIX_SOCK_CONNECT_TIMEO << " s, server " << opt.handlerMs
              << " ms per request\n";
    for (uint32_t i = 0; i < opt.clients; ++i)
    {
        std::cout << "  client" << i + 1 << ": " << results[i].outcome << " at "
                  << results[i].at.As(Time::MS) << "\n";
    }
    std::cout << sockbench.GetTrace()->GetCount() << " trace records"
              << (tracePath.empty() ? "" : " written to " + tracePath) << "\n";
    Simulator::Destroy();
    return 0;
}
