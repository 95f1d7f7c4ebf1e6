/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Host and thread behaviour that the conformance catalog cannot show in-process.
 */

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/sockbench-module.h"

#include <boost/test/unit_test.hpp>
#include <csignal>
#include <fcntl.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;

namespace
{
/// Recurse with a 1 KiB frame per level, \p depth levels deep.
int
Recurse(int depth)
{
    volatile char frame[1024];
    frame[0] = static_cast<char>(depth);
    return depth == 0 ? frame[0] : Recurse(depth - 1) + frame[0];
}

/// Run a thread that recurses \p depth KiB deep with \p stackSize bytes of stack, in a child
/// process. \return the child's wait status; \p err receives its stderr
int
RunRecursionInChild(uint32_t stackSize, int depth, std::string& err)
{
    int pipeFds[2];
    BOOST_TEST_REQUIRE(pipe(pipeFds) == 0);
    pid_t pid = fork();
    BOOST_TEST_REQUIRE(pid >= 0);
    if (pid == 0)
    {
        dup2(pipeFds[1], STDERR_FILENO);
        close(pipeFds[0]);
        signal(SIGSEGV, SIG_DFL); // as in a plain program, not under Boost.Test's monitor
        NodeContainer nodes;
        nodes.Create(1);
        SockbenchHelper sockbench;
        sockbench.SetHostAttribute("StackSize", UintegerValue(stackSize));
        Ptr<SockbenchHost> host = sockbench.Install(nodes).front();
        host->Spawn("deep", [depth] { Recurse(depth); });
        Simulator::Run();
        Simulator::Destroy();
        _exit(0);
    }
    close(pipeFds[1]);
    char buf[512];
    ssize_t n;
    while ((n = read(pipeFds[0], buf, sizeof(buf))) > 0)
    {
        err.append(buf, static_cast<size_t>(n));
    }
    close(pipeFds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}
} // namespace

BOOST_AUTO_TEST_SUITE(host)

BOOST_AUTO_TEST_CASE(TH10_stack_within_limit_runs)
{
    std::string err;
    int status = RunRecursionInChild(256 * 1024, 128, err); // ~128 KiB of 256 KiB
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0, err);
}

#ifndef __SANITIZE_ADDRESS__
BOOST_AUTO_TEST_CASE(TH10_stack_overflow_detected)
{
    std::string err;
    int status = RunRecursionInChild(64 * 1024, 256, err); // ~256 KiB on a 64 KiB stack
    BOOST_TEST_REQUIRE(WIFSIGNALED(status));
    BOOST_TEST(WTERMSIG(status) == SIGSEGV);
    BOOST_TEST(err.find("sockbench: simulated thread 'deep' overflowed its stack (65536 bytes)") !=
                   std::string::npos,
               err);
}
#endif

BOOST_AUTO_TEST_CASE(HS7_host_installed_once_per_node)
{
    NodeContainer nodes;
    nodes.Create(2);
    SockbenchHelper sockbench;
    SockbenchHostContainer hosts = sockbench.Install(nodes);
    BOOST_TEST(hosts.size() == 2u);
    BOOST_TEST(SockbenchHelper::GetHost(nodes.Get(1)) == hosts[1]);
    BOOST_TEST(hosts[0]->GetNodeId() == static_cast<int64_t>(nodes.Get(0)->GetId()));
    BOOST_TEST(sockbench.Install(nodes.Get(0)) == hosts[0]);
    BOOST_TEST(hosts[0]->GetTrace() == sockbench.GetTrace());
    Simulator::Destroy();
}

BOOST_AUTO_TEST_CASE(HS3_errno_outside_threads_is_the_hosts)
{
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper sockbench;
    Ptr<SockbenchHost> host = sockbench.Install(nodes).front();
    BOOST_TEST(host->Close(5) == -1);
    BOOST_TEST(host->GetErrno() == EBADF);
    int threadErrno = -1;
    host->Spawn("t", [&] { threadErrno = host->GetErrno(); });
    Simulator::Run();
    BOOST_TEST(threadErrno == 0); // a new thread starts with errno 0
    BOOST_TEST(host->GetErrno() == EBADF);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_CASE(TH11_readiness_listeners_in_registration_order)
{
    Ptr<EventFdEndpoint> ep = CreateObject<EventFdEndpoint>();
    ep->Configure(0, false);
    std::vector<std::string> calls;
    uint64_t a =
        ep->AddChangeListener([&](uint32_t bits) { calls.push_back("a:" + PollEventsName(bits)); });
    uint64_t b = 0;
    b = ep->AddChangeListener([&](uint32_t bits) {
        calls.push_back("b:" + PollEventsName(bits));
        ep->RemoveChangeListener(b); // one-shot: removing itself while notified is safe
    });
    uint64_t one = 1;
    ep->Write(reinterpret_cast<const uint8_t*>(&one), 8); // readiness changes
    ep->Write(reinterpret_cast<const uint8_t*>(&one), 8); // no change: no call
    uint64_t v;
    ep->Read(reinterpret_cast<uint8_t*>(&v), 8);
    BOOST_TEST(v == 2u);
    ep->RemoveChangeListener(a);
    BOOST_TEST(ep->GetChangeListenerCount() == 0u);
    BOOST_TEST(
        (calls == std::vector<std::string>{"a:POLLIN|POLLOUT", "b:POLLIN|POLLOUT", "a:POLLOUT"}));
    ep->Dispose();
}

BOOST_AUTO_TEST_CASE(TH11_pending_error_is_a_readiness_change)
{
    // A pending error is POLLERR for listeners and blocked polls even when the endpoint's own
    // bits leave it out, and an error-only change is reported (then its clearing too).
    Ptr<EventFdEndpoint> ep = CreateObject<EventFdEndpoint>();
    ep->Configure(0, false);
    std::vector<std::string> calls;
    uint64_t id =
        ep->AddChangeListener([&](uint32_t bits) { calls.push_back(PollEventsName(bits)); });
    ep->SetPendingError(ECONNRESET);
    BOOST_TEST(ep->TakePendingError() == ECONNRESET);
    ep->RemoveChangeListener(id);
    BOOST_TEST((calls == std::vector<std::string>{"POLLOUT|POLLERR", "POLLOUT"}));
    ep->Dispose();
}

BOOST_AUTO_TEST_CASE(HS8_errno_names)
{
    BOOST_TEST(ErrnoName(EAGAIN) == "EAGAIN");
    BOOST_TEST(ErrnoName(ECONNRESET) == "ECONNRESET");
    BOOST_TEST(ErrnoName(0) == "0");
    BOOST_TEST(ErrnoName(4095) == "E?4095");
    BOOST_TEST(ErrnoFromName("EPIPE") == EPIPE);
    BOOST_TEST(ErrnoFromName("EWOULDBLOCK") == EAGAIN);
    BOOST_TEST(ErrnoFromName("ENOPE") == -1);
    BOOST_TEST(PollEventsName(POLLIN | POLLHUP) == "POLLIN|POLLHUP");
    BOOST_TEST(PollEventsName(0) == "0");
}

BOOST_AUTO_TEST_CASE(TH12_violations_fatal_attribute)
{
    // With ViolationsFatal the first violation ends the process (checked in a child).
    pid_t pid = fork();
    BOOST_TEST_REQUIRE(pid >= 0);
    if (pid == 0)
    {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, STDERR_FILENO);
        dup2(devnull, STDOUT_FILENO);
        NodeContainer nodes;
        nodes.Create(1);
        SockbenchHelper sockbench;
        sockbench.SetHostAttribute("ViolationsFatal", BooleanValue(true));
        Ptr<SockbenchHost> host = sockbench.Install(nodes).front();
        WaitQueue q;
        host->Wait(q); // outside a thread: a violation
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    BOOST_TEST(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

BOOST_AUTO_TEST_SUITE_END()
