/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Zephyr socket services: the release table, section order, and bad input (every argument
 * gets one of Zephyr's return codes, nothing crashes).
 */

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/sockbench-module.h"

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <set>
#include <sys/eventfd.h>

using namespace ns3;

namespace
{
int g_calls = 0;

void
CountingHandler(struct net_socket_service_event* /* pev */)
{
    ++g_calls;
}

std::vector<std::pair<std::string, int64_t>> g_times; //!< (service, time in us) per call

void
TimingHandler(struct net_socket_service_event* pev)
{
    uint64_t v;
    ZephyrNode::Current()->GetHost()->Read(pev->event.fd, &v, sizeof(v));
    g_times.emplace_back(pev->svc->name, Simulator::Now().GetMicroSeconds());
}
} // namespace

// Names chosen so that byte order differs from definition order and from case-folded order.
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(ut_a_b, CountingHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(ut_a, CountingHandler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(ut_B, CountingHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(ut_a0, CountingHandler, 3);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(ut_t1, TimingHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(ut_t2, TimingHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(ut_t3, TimingHandler, 1);

BOOST_AUTO_TEST_SUITE(zephyr)

BOOST_AUTO_TEST_CASE(SM11_release_table_is_the_spec_table)
{
    // spec socket-service.md §5, one row per field, columns V3_6 V4_0 V4_1 V4_2 V4_3 MAIN.
    struct Row
    {
        const char* name;
        bool ZephyrVersionTraits::*field;
        bool values[6];
    } rows[] = {
        {"work_q argument", &ZephyrVersionTraits::workQueueShape, {1, 0, 0, 0, 0, 0}},
        {"ASYNC variant", &ZephyrVersionTraits::asyncServices, {1, 0, 0, 0, 0, 0}},
        {"register writes polled array",
         &ZephyrVersionTraits::registerPatchesPolledArray,
         {1, 0, 0, 0, 0, 0}},
        {"restart check before dispatch",
         &ZephyrVersionTraits::restartCheckBeforeDispatch,
         {1, 1, 0, 0, 0, 0}},
        {"ret>0 bug", &ZephyrVersionTraits::restartSkippedIfCallbackRan, {0, 0, 1, 1, 0, 0}},
        {"lookup miss rebuilds", &ZephyrVersionTraits::lookupMissAbandonsRound, {0, 0, 1, 1, 1, 1}},
        {"register empties", &ZephyrVersionTraits::registerEmptiesAllSlots, {0, 0, 0, 1, 1, 1}},
        {"close", &ZephyrVersionTraits::hasServiceClose, {0, 0, 0, 0, 1, 1}},
        {"skip or disarm", &ZephyrVersionTraits::skipOrDisarmReconfigured, {0, 0, 0, 0, 0, 1}},
        {"copy back all", &ZephyrVersionTraits::copyBackAllSlots, {1, 1, 0, 0, 0, 0}},
        {"register hangs", &ZephyrVersionTraits::registerOnFailedThreadHangs, {1, 0, 0, 0, 0, 0}},
    };

    ZephyrSemantics versions[] =
        {ZEPHYR_V3_6, ZEPHYR_V4_0, ZEPHYR_V4_1, ZEPHYR_V4_2, ZEPHYR_V4_3, ZEPHYR_MAIN};
    for (const Row& row : rows)
    {
        for (int v = 0; v < 6; ++v)
        {
            ZephyrVersionTraits t = GetZephyrVersionTraits(versions[v]);
            BOOST_TEST((t.*row.field) == row.values[v],
                       row.name << " on " << ZephyrSemanticsName(versions[v]));
        }
    }
}

BOOST_AUTO_TEST_CASE(SS19_section_order_is_byte_order_of_name_and_underscore)
{
    NodeContainer nodes;
    nodes.Create(1);
    SockbenchHelper().Install(nodes);
    ZephyrHelper zephyr;
    zephyr.SetServices({&ut_a_b, &ut_a, &ut_B, &ut_a0, nullptr, &ut_a});
    Ptr<ZephyrNode> z = zephyr.Install(nodes.Get(0));
    std::vector<std::string> names;
    for (const auto* d : z->GetServices())
    {
        names.emplace_back(d->name);
    }
    // "ut_B_" < "ut_a0_" < "ut_a_" < "ut_a_b_" (B is 0x42, 0 is 0x30, _ is 0x5f).
    BOOST_TEST(names == (std::vector<std::string>{"ut_B", "ut_a0", "ut_a", "ut_a_b"}),
               boost::test_tools::per_element());
    BOOST_TEST(z->GetBaseIndex(&ut_B) == 1);
    BOOST_TEST(z->GetBaseIndex(&ut_a0) == 2);
    BOOST_TEST(z->GetBaseIndex(&ut_a) == 5);
    BOOST_TEST(z->GetBaseIndex(&ut_a_b) == 7);
    BOOST_TEST(z->GetPollArraySize() == 8u);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_CASE(SM5_handler_duration_attribute_and_callback_trace_source)
{
    // Three eventfds ready in one round: every handler takes HandlerDuration (2 ms), except
    // ut_t2's, set to 5 ms; each starts when the previous one ends (SM5).
    NodeContainer nodes;
    nodes.Create(1);
    Ptr<SockbenchHost> host = SockbenchHelper().Install(nodes).front();
    ZephyrHelper zephyr;
    zephyr.SetAttribute("HandlerDuration", TimeValue(MilliSeconds(2)));
    zephyr.SetServices({&ut_t1, &ut_t2, &ut_t3});
    Ptr<ZephyrNode> z = zephyr.Install(nodes.Get(0));
    z->SetHandlerDuration(&ut_t2, MilliSeconds(5));
    // The "Callback" trace source reports each call with its round.
    std::vector<std::string> traced;
    z->TraceConnectWithoutContext(
        "Callback",
        Callback<void, const std::string&, uint64_t, int, int, int>(
            [&traced](const std::string& service, uint64_t round, int, int, int revents) {
                if (revents == ZSOCK_POLLIN)
                {
                    traced.push_back(service + "/" + std::to_string(round));
                }
            }));
    g_times.clear();
    std::vector<int> fds;
    host->Spawn("app", [&] {
        const net_socket_service_desc* services[] = {&ut_t1, &ut_t2, &ut_t3};
        for (const auto* svc : services)
        {
            int fd = host->EventFd(1, EFD_NONBLOCK); // readable from the start
            fds.push_back(fd);
            zsock_pollfd p[1] = {{fd, ZSOCK_POLLIN, 0}};
            net_socket_service_register(svc, p, 1, nullptr);
        }
        host->Sleep(MilliSeconds(20));
        for (const auto* svc : services)
        {
            net_socket_service_unregister(svc);
        }
        host->Sleep(MilliSeconds(1));
        for (int fd : fds)
        {
            host->Close(fd);
        }
    });
    Simulator::Schedule(MilliSeconds(30), [z] { z->Shutdown(); });
    Simulator::Run();
    std::vector<std::pair<std::string, int64_t>> expected{{"ut_t1", 0},
                                                          {"ut_t2", 2000},
                                                          {"ut_t3", 7000}};
    BOOST_TEST(g_times == expected);
    BOOST_TEST(traced == (std::vector<std::string>{"ut_t1/2", "ut_t2/2", "ut_t3/2"}),
               boost::test_tools::per_element());
    BOOST_TEST(host->GetViolationCount() == 0u);
    BOOST_TEST(host->GetLiveThreadCount() == 0u);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_CASE(SS11_register_takes_any_argument)
{
    NodeContainer nodes;
    nodes.Create(1);
    Ptr<SockbenchHost> host = SockbenchHelper().Install(nodes).front();
    ZephyrHelper zephyr;
    zephyr.SetServices({&ut_a, &ut_B});
    Ptr<ZephyrNode> z = zephyr.Install(nodes.Get(0));
    g_calls = 0;
    std::set<int> results;
    uint64_t calls = 0;
    int unexpected = 0;
    int zsockUnexpected = 0;
    host->Spawn("fuzz", [&] {
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(7);
        int garbage = 0;
        const net_socket_service_desc* services[] = {
            &ut_a,
            &ut_B,
            &ut_a0, // defined, not installed on this node
            nullptr,
            reinterpret_cast<const net_socket_service_desc*>(&garbage)};
        int fdChoices[] = {-1, -2, INT_MIN, INT_MAX, 999, 1 << 21, 50, 63};
        void* uds[] = {nullptr, &garbage, NET_SOCKET_SERVICE_CLOSE_SOCKETS};
        zsock_pollfd fds[8];
        for (int i = 0; i < 20000; ++i)
        {
            const net_socket_service_desc* svc = services[rng->GetInteger(0, 4)];
            int len = static_cast<int>(rng->GetInteger(0, 12)) - 4; // -4 .. 8
            for (auto& p : fds)
            {
                p.fd = fdChoices[rng->GetInteger(0, 7)];
                p.events = static_cast<short>(rng->GetInteger(0, 0xffff));
                p.revents = static_cast<short>(rng->GetInteger(0, 0xffff));
            }
            bool nullFds = rng->GetInteger(0, 3) == 0;
            int r;
            switch (rng->GetInteger(0, 3))
            {
            case 0:
                r = net_socket_service_unregister(svc);
                break;
            case 1:
                r = net_socket_service_close(svc);
                break;
            default:
                r = net_socket_service_register(svc,
                                                nullFds ? nullptr : fds,
                                                len,
                                                uds[rng->GetInteger(0, 2)]);
            }
            ++calls;
            results.insert(r);
            if (r != 0 && r != -ENOENT && r != -ENOMEM)
            {
                ++unexpected;
            }
        }
        // zsock calls with garbage: -1 and an errno, never a crash.
        char buf[4];
        int bad[] = {-1, INT_MIN, INT_MAX, 777};
        for (int fd : bad)
        {
            zsockUnexpected += zsock_recv(fd, buf, sizeof(buf), 0) == -1 ? 0 : 1;
            zsockUnexpected += zsock_send(fd, nullptr, 10, 0) == -1 ? 0 : 1;
            zsockUnexpected += zsock_close(fd) == -1 && zsock_errno() == EBADF ? 0 : 1;
            zsockUnexpected += zsock_bind(fd, nullptr, 0) == -1 ? 0 : 1;
            zsockUnexpected += zsock_accept(fd, nullptr, nullptr) == -1 ? 0 : 1;
        }
        zsockUnexpected += zsock_poll(nullptr, -1, 0) == -1 ? 0 : 1;
        zsockUnexpected += zsock_inet_pton(AF_INET, nullptr, buf) == -1 ? 0 : 1;
        net_socket_service_foreach(nullptr, nullptr);
        // Leave nothing registered: none of the fuzzed fds is open, and a registered closed
        // fd would be POLLNVAL in every round (SS31).
        net_socket_service_unregister(&ut_a);
        net_socket_service_unregister(&ut_B);
    });
    Simulator::Schedule(Seconds(1), [z] { z->Shutdown(); });
    Simulator::Run();
    BOOST_TEST(calls == 20000u);
    BOOST_TEST(unexpected == 0);
    BOOST_TEST(zsockUnexpected == 0);
    BOOST_TEST(results.count(0) == 1u);
    BOOST_TEST(results.count(-ENOENT) == 1u);
    BOOST_TEST(results.count(-ENOMEM) == 1u);
    BOOST_TEST(results.count(-EINVAL) == 0u); // SS11: never
    BOOST_TEST(g_calls == 0);
    BOOST_TEST(host->GetViolationCount() == 0u);
    BOOST_TEST(host->GetOpenDescriptorCount() == 0u);
    BOOST_TEST(host->GetLiveThreadCount() == 0u);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_CASE(SS8_calls_outside_any_node_are_refused)
{
    // No simulated thread and no ZephyrScope: no node to belong to.
    zsock_pollfd fds[1] = {{0, ZSOCK_POLLIN, 0}};
    BOOST_TEST(net_socket_service_register(&ut_a, fds, 1, nullptr) == -ENOENT);
    BOOST_TEST(net_socket_service_unregister(&ut_a) == -ENOENT);
    BOOST_TEST(net_socket_service_close(&ut_a) == -ENOENT);
    BOOST_TEST(zsock_socket(AF_INET, SOCK_DGRAM, 0) == -1);
    BOOST_TEST(zsock_errno() == EBADF);
}

BOOST_AUTO_TEST_SUITE_END()
