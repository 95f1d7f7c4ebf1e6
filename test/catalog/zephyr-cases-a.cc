/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: Zephyr socket services (spec socket-service.md SS1-SS17).
 *
 * Most cases use AF_UNIX datagram socket pairs: the registered end becomes readable at once
 * when the peer end sends, so readiness changes happen exactly when a case says so. The
 * shared pieces (pairs, registration, the end-of-case teardown, trace records) are in
 * zephyr-test-util.h.
 */

#include "sockbench-catalog.h"
#include "zephyr-test-util.h"

#include "ns3/boolean.h"
#include "ns3/event-trace.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"
#include "ns3/zephyr-socket.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

// SS3: a service with external linkage, declared before its definition and used through
// the declaration (as another translation unit would).
extern const struct net_socket_service_desc sa_ss3_ext;
// SS15: the other service a handler registers (defined below its handler).
extern const struct net_socket_service_desc sa_ss15_other_ext;

namespace
{
using namespace ns3;

/// \return the ss3 service reached through the extern declaration only
const net_socket_service_desc*
Ss3ExternRef()
{
    return &sa_ss3_ext;
}

// ---- helpers -------------------------------------------------------------------------------

/// A registered descriptor and the peer end that makes it readable.
using SaPair = ZephyrPair;

/// \return an AF_UNIX datagram pair of the calling node
SaPair
OpenPair()
{
    return ZephyrSocketPair(SOCK_DGRAM);
}

/// Make \p p.fd readable (one datagram).
void
Poke(const SaPair& p)
{
    zsock_send(p.peer, "x", 1, 0);
}

/// Close both ends of \p p.
void
ClosePair(const SaPair& p)
{
    zsock_close(p.fd);
    zsock_close(p.peer);
}

/// Read everything queued on \p fd (non-blocking).
void
Drain(int fd)
{
    char buf[64];
    while (zsock_recv(fd, buf, sizeof(buf), ZSOCK_MSG_DONTWAIT) > 0)
    {
    }
}

/// A handler that logs the call and drains its socket.
void
SaLogDrain(struct net_socket_service_event* pev)
{
    ZephyrLogCall(pev);
    Drain(pev->event.fd);
}

/// \return the "callback" records as "name/fd/revents/user_data" strings (node \p node)
std::string
CallbackList(ConformanceContext& ctx, int64_t node = -1)
{
    std::string out;
    for (const TraceRecord* r : ZephyrRecords(ctx, TraceKind::UPCALL, "callback", node))
    {
        out += (out.empty() ? "" : " ") + r->object.substr(4) + "/" + ZephyrField(r, "fd") + "/" +
               ZephyrField(r, "revents") + "/" + ZephyrField(r, "user_data");
    }
    return out;
}

/// \return the "rebuild" records of node \p node as "reason[closed]" strings
std::string
RebuildList(ConformanceContext& ctx, int64_t node = -1)
{
    std::string out;
    for (const TraceRecord* r : ZephyrRecords(ctx, TraceKind::STATE, "rebuild", node))
    {
        out += (out.empty() ? "" : " ") + ZephyrField(r, "reason") + "[" +
               ZephyrField(r, "closed") + "]";
    }
    return out;
}

/// \return the host of the calling Zephyr node
Ptr<SockbenchHost>
CurrentHost()
{
    return ZephyrNode::Current()->GetHost();
}

/// \return "ret/errno" of a zsock call result
std::string
Res(int ret)
{
    return std::to_string(ret) + "/" + std::to_string(ret < 0 ? zsock_errno() : 0);
}

/// \return "-1/EBADF" in Res() form
std::string
Ebadf()
{
    return "-1/" + std::to_string(EBADF);
}

/// Set one uinteger/boolean/time attribute of the helper.
std::function<void(ZephyrHelper&)>
Attr(const std::string& name, const AttributeValue& value)
{
    Ptr<AttributeValue> v = value.Copy();
    return [name, v](ZephyrHelper& h) { h.SetAttribute(name, *v); };
}

// ---- per-case state (handlers are plain functions) ----------------------------------------

struct Ss2State
{
    std::vector<net_socket_service_handler_t> callbacks;
} g_ss2;

void
Ss2Handler(struct net_socket_service_event* pev)
{
    ZephyrLogCall(pev);
    g_ss2.callbacks.push_back(pev->callback);
    Drain(pev->event.fd);
}

void
Ss3WorkHandler(struct k_work* work)
{
    // v3.6 shape (SS2, SS3): the handler gets the k_work embedded in the event.
    auto* pev = CONTAINER_OF(work, struct net_socket_service_event, work);
    ZephyrLogCall(pev);
    Drain(pev->event.fd);
}

struct Ss4State
{
    const net_socket_service_event* slot{nullptr}; //!< the node's slot 0
    std::vector<const net_socket_service_desc*> svcs;
    std::vector<bool> gotSlotItself;
} g_ss4;

void
Ss4Handler(struct net_socket_service_event* pev)
{
    ZephyrLogCall(pev);
    g_ss4.svcs.push_back(pev->svc);
    g_ss4.gotSlotItself.push_back(pev == g_ss4.slot);
    char buf[8];
    zsock_recv(pev->event.fd, buf, sizeof(buf), ZSOCK_MSG_DONTWAIT); // one datagram
    // Scribble on everything: a stack copy, so none of it may reach the slot (SS4).
    pev->event.fd = 999;
    pev->event.events = 0;
    pev->event.revents = 0;
    pev->user_data = nullptr;
    pev->svc = nullptr;
    pev->callback = nullptr;
}

struct Ss6State
{
    std::vector<std::string> names;
    std::vector<void*> userData;
} g_ss6;

void
Ss6Visit(const struct net_socket_service_desc* svc, void* user_data)
{
    g_ss6.names.push_back(svc->name);
    g_ss6.userData.push_back(user_data);
}

struct Ss11State
{
    int unregisterRet{1};
} g_ss11;

void
Ss11Handler(struct net_socket_service_event* pev)
{
    ZephyrLogCall(pev);
    if (pev->event.revents & ZSOCK_POLLNVAL)
    {
        // fd 999 is not open: poll says POLLNVAL; stop watching it from the handler.
        g_ss11.unregisterRet = net_socket_service_unregister(pev->svc);
        return;
    }
    Drain(pev->event.fd);
}

struct Ss15State
{
    int calls{0};
    SaPair a, b, c;
    std::vector<int> rets;
} g_ss15;

struct Ss16State
{
    int unregisterRet{1};
    std::string closeRes;
} g_ss16;

struct Ss17State
{
    std::vector<std::string> threads; //!< "node:thread" of each handler call
} g_ss17;

void
Ss16Handler(struct net_socket_service_event* pev)
{
    // The safe idiom (SS16): unregister, then close the socket from the handler itself.
    ZephyrLogCall(pev);
    g_ss16.unregisterRet = net_socket_service_unregister(pev->svc);
    g_ss16.closeRes = Res(zsock_close(pev->event.fd));
}

void
Ss17Handler(struct net_socket_service_event* pev)
{
    ZephyrLogCall(pev);
    Ptr<SockbenchHost> h = CurrentHost();
    g_ss17.threads.push_back(std::to_string(h->GetNodeId()) + ":" +
                             std::to_string(h->GetCurrentThreadId()));
    Drain(pev->event.fd);
}

void
Ss15Handler(struct net_socket_service_event* pev)
{
    // SS15: register, unregister and close from inside a handler.
    ZephyrLogCall(pev);
    Drain(pev->event.fd);
    Ss15State& s = g_ss15;
    ++s.calls;
    if (s.calls == 1)
    {
        zsock_pollfd mine[2] = {{s.a.fd, ZSOCK_POLLIN, 0}, {s.b.fd, ZSOCK_POLLIN, 0}};
        s.rets.push_back(net_socket_service_register(pev->svc, mine, 2, nullptr));
        s.rets.push_back(ZephyrRegister(&sa_ss15_other_ext, {ZephyrPollIn(s.c.fd)}));
    }
    else if (s.calls == 2)
    {
        s.rets.push_back(net_socket_service_unregister(pev->svc));
    }
    else if (s.calls == 3)
    {
        s.rets.push_back(net_socket_service_close(pev->svc));
    }
}

} // namespace

// The services. SS1's trace (with SocketLogDbg) shows sa_ss1's owner "file:line"; no other
// service of the Zephyr cases is traced with its owner.
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss1, SaLogDrain, 3);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss2, Ss2Handler, 3);
NET_SOCKET_SERVICE_SYNC_DEFINE(sa_ss3_ext, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss3_v36, nullptr, Ss3WorkHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss4, Ss4Handler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss5, SaLogDrain, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss6_b, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss6_a0, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss6_a, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss6_x, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss7, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss7_v36, nullptr, Ss3WorkHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss8_a, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss8_b, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss9, SaLogDrain, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss10, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss10_b, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss10_c, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss11, Ss11Handler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss12, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss13, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss13_never, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss14, SaLogDrain, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE(sa_ss15_other_ext, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss16, SaLogDrain, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss16_h, Ss16Handler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss17_a, Ss17Handler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss17_b, Ss17Handler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss17_c, Ss17Handler, 1);

NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sa_ss15, Ss15Handler, 2);

// SS3: the v4 handler type, and the shapes the DEFINE macros produce.
static_assert(std::is_same_v<net_socket_service_handler_t, void (*)(net_socket_service_event*)>,
              "SS3: v4 handler type");
static_assert(std::is_same_v<k_work_handler_t, void (*)(k_work*)>, "SS2: v3.6 handler type");
static_assert(std::is_same_v<decltype(sa_ss3_ext.callback), net_socket_service_handler_t>,
              "SS3: the descriptor holds a v4 handler");
static_assert(std::is_same_v<decltype(&SaLogDrain), net_socket_service_handler_t>,
              "SS3: a plain function is a handler");
// SS1: the descriptors are const objects.
static_assert(std::is_const_v<decltype(sa_ss1)>, "SS1: descriptor is const");
static_assert(std::is_const_v<decltype(sa_ss3_ext)>, "SS1: descriptor is const");
// SS2: a slot has callback, event (fd, events, revents), user_data and svc.
static_assert(std::is_same_v<decltype(net_socket_service_event::event), zsock_pollfd>, "SS2");
static_assert(std::is_same_v<decltype(net_socket_service_event::user_data), void*>, "SS2");
static_assert(
    std::is_same_v<decltype(net_socket_service_event::svc), const net_socket_service_desc*>,
    "SS2");

namespace ns3
{

namespace
{

/// SS9: [a,b] then [c]; data on b and c. \p replace: the ≥v4.2 behaviour expected.
void
Ss9Scenario(ConformanceContext& ctx, ZephyrSemantics semantics, bool replace)
{
    Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss9}, semantics);
    Ptr<SockbenchHost> h = ctx.Host(0);
    SaPair a, b, c;
    int r1 = 1, r2 = 1, r3 = 1;
    int slot1Fd = -2;
    bool bPolled = false, bPolledAfterUnregister = true;
    h->Spawn(
        "app",
        [&] {
            a = OpenPair();
            b = OpenPair();
            c = OpenPair();
            zsock_pollfd ab[2] = {{a.fd, ZSOCK_POLLIN, 0}, {b.fd, ZSOCK_POLLIN, 0}};
            r1 = net_socket_service_register(&sa_ss9, ab, 2, nullptr);
            h->Sleep(MilliSeconds(1));
            r2 = ZephyrRegister(&sa_ss9, {ZephyrPollIn(c.fd)});
            h->Sleep(MilliSeconds(1));
            slot1Fd = z->GetSlots(&sa_ss9)[1].event.fd;
            bPolled = z->IsPolled(b.fd);
            Poke(b);
            h->Sleep(MilliSeconds(1));
            Poke(c);
            h->Sleep(MilliSeconds(1));
            r3 = net_socket_service_unregister(&sa_ss9);
            h->Sleep(MilliSeconds(1));
            bPolledAfterUnregister = z->IsPolled(b.fd) || z->IsPolled(c.fd);
            ClosePair(a);
            ClosePair(b);
            ClosePair(c);
        },
        MilliSeconds(1));
    ZephyrShutdownAt(z, MilliSeconds(20));
    ctx.Run();
    ctx.CheckEqual(r1, 0, "register [a,b]");
    ctx.CheckEqual(r2, 0, "register [c]");
    ctx.CheckEqual(r3, 0, "unregister");
    ctx.CheckEqual(slot1Fd, replace ? -1 : b.fd, "slot 1 after register [c]");
    ctx.CheckEqual(bPolled, !replace, "b still polled after register [c]");
    std::string expected = replace ? "" : "sa_ss9/" + std::to_string(b.fd) + "/1/null ";
    expected += "sa_ss9/" + std::to_string(c.fd) + "/1/null";
    ctx.CheckEqual(CallbackList(ctx), expected, "callbacks (b then c)");
    ctx.Check(!bPolledAfterUnregister, "unregister (fds == NULL) empties every slot");
    ctx.ExpectClean(h);
}

/// SS10: a register with len > count. \p sideEffect: the ≥v4.2 lazy unregister expected.
void
Ss10Scenario(ConformanceContext& ctx, ZephyrSemantics semantics, bool sideEffect)
{
    Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss10, &sa_ss10_b, &sa_ss10_c}, semantics);
    Ptr<SockbenchHost> h = ctx.Host(0);
    SaPair a, b, c;
    std::vector<int> rets;
    int slotAfter = -2;
    bool eventfdWritten = true, aPolledAfterEnomem = false, aPolledAfterData = true;
    bool bPolledAfterEnomem = false, bPolledAfterUnrelated = true;
    uint64_t rebuildsBefore = 0, rebuildsAfter = 0;
    std::string rebuildsAtEnomem;
    h->Spawn(
        "app",
        [&] {
            a = OpenPair();
            b = OpenPair();
            c = OpenPair();
            zsock_pollfd fa[2] = {{a.fd, ZSOCK_POLLIN, 0}, {b.fd, ZSOCK_POLLIN, 0}};
            zsock_pollfd fb[2] = {{b.fd, ZSOCK_POLLIN, 0}, {a.fd, ZSOCK_POLLIN, 0}};
            zsock_pollfd fc[1] = {{c.fd, ZSOCK_POLLIN, 0}};
            rets.push_back(net_socket_service_register(&sa_ss10, fa, 1, nullptr));
            rets.push_back(net_socket_service_register(&sa_ss10_b, fb, 1, nullptr));
            h->Sleep(MilliSeconds(1));
            rebuildsBefore = z->GetRebuildCount();
            // len 2 > count 1
            rets.push_back(net_socket_service_register(&sa_ss10, fa, 2, nullptr));
            eventfdWritten = (h->GetEndpoint(z->GetEventFd())->GetReadiness() & ZSOCK_POLLIN) != 0;
            slotAfter = z->GetSlots(&sa_ss10)[0].event.fd;
            h->Sleep(MilliSeconds(1));
            rebuildsAfter = z->GetRebuildCount();
            aPolledAfterEnomem = z->IsPolled(a.fd);
            // Data on a: ≥v4.2 the slot is empty, the lookup misses (SS23); before, a fires.
            Poke(a);
            h->Sleep(MilliSeconds(1));
            aPolledAfterData = z->IsPolled(a.fd);
            Drain(a.fd);
            if (sideEffect)
            {
                // The other way the dropped set goes: any later rebuild (an unrelated register).
                rets.push_back(net_socket_service_register(&sa_ss10_b, fb, 2, nullptr));
                h->Sleep(MilliSeconds(1));
                bPolledAfterEnomem = z->IsPolled(b.fd);
                rets.push_back(net_socket_service_register(&sa_ss10_c, fc, 1, nullptr));
                h->Sleep(MilliSeconds(1));
                bPolledAfterUnrelated = z->IsPolled(b.fd);
                Poke(b);
                h->Sleep(MilliSeconds(1));
                Drain(b.fd);
            }
            ZephyrTeardown(h,
                           {&sa_ss10, &sa_ss10_b, &sa_ss10_c},
                           {a.fd, a.peer, b.fd, b.peer, c.fd, c.peer});
        },
        MilliSeconds(1));
    ZephyrShutdownAt(z, MilliSeconds(20));
    ctx.Run();
    std::vector<int> expectRets = {0, 0, -ENOMEM};
    if (sideEffect)
    {
        expectRets.push_back(-ENOMEM);
        expectRets.push_back(0);
    }
    ctx.Check(rets == expectRets, "register results (0, 0, -ENOMEM ...)");
    ctx.Check(!eventfdWritten, "-ENOMEM signals no restart");
    ctx.CheckEqual(rebuildsAfter, rebuildsBefore, "rebuilds caused by -ENOMEM");
    ctx.CheckEqual(slotAfter, sideEffect ? -1 : a.fd, "slot 0 after -ENOMEM");
    ctx.Check(aPolledAfterEnomem, "a still in the polled array after -ENOMEM (no rebuild)");
    auto misses = ZephyrRecords(ctx, TraceKind::STATE, "lookup-miss");
    if (sideEffect)
    {
        ctx.CheckEqual(misses.size(), size_t{1}, "lookup misses");
        if (!misses.empty())
        {
            ctx.CheckEqual(ZephyrField(misses[0], "fd"), std::to_string(a.fd), "lookup-miss fd");
        }
        ctx.Check(!aPolledAfterData, "a dropped at the lookup-miss rebuild");
        ctx.Check(bPolledAfterEnomem, "b still polled after its -ENOMEM");
        ctx.Check(!bPolledAfterUnrelated, "b dropped at the next (unrelated) rebuild");
        ctx.CheckEqual(CallbackList(ctx), std::string(), "no callback for a dropped set");
        ctx.Check(RebuildList(ctx).find("lookup-miss[]") != std::string::npos,
                  "a lookup-miss rebuild happened: " + RebuildList(ctx));
    }
    else
    {
        ctx.CheckEqual(misses.size(), size_t{0}, "lookup misses");
        ctx.Check(aPolledAfterData, "a still polled");
        ctx.CheckEqual(CallbackList(ctx),
                       "sa_ss10/" + std::to_string(a.fd) + "/1/null",
                       "a still served after -ENOMEM");
    }
    ctx.ExpectClean(h);
}

} // namespace

void
RegisterZephyrCases_a(ConformanceCatalog& catalog)
{
    // ---- SS1 ---------------------------------------------------------------------------------
    catalog.Add(
        {"SS1_static_descriptor_per_node_slots",
         {"SS1", "SS18"},
         "a const descriptor: name, owner file:line (traced only with SocketLogDbg), pev_len, "
         "per-node slots and base index; no runtime creation",
         [](ConformanceContext& ctx) {
             ctx.CheckEqual(sa_ss1.pev_len, size_t{3}, "pev_len == count");
             ctx.CheckEqual(std::string(sa_ss1.name), std::string("sa_ss1"), "name");
             ctx.CheckEqual(std::string(sa_ss1.owner),
                            std::string(sa_ss1.file) + ":" + std::to_string(sa_ss1.line),
                            "owner is file:line");
             // The file's name without its directory (traces must not depend on where the
             // sources are checked out).
             ctx.CheckEqual(std::string(sa_ss1.file),
                            std::string("zephyr-cases-a.cc"),
                            "defining file");
             NodeContainer nodes = ctx.CreateNodes(2);
             Ptr<ZephyrNode> z0 = ZephyrInstall(nodes.Get(0),
                                                {&sa_ss1},
                                                ZEPHYR_MAIN,
                                                Attr("SocketLogDbg", BooleanValue(true)));
             Ptr<ZephyrNode> z1 = ZephyrInstall(nodes.Get(1), {&sa_ss1});
             Ptr<SockbenchHost> h0 = ctx.Host(0);
             Ptr<SockbenchHost> h1 = ctx.Host(1);
             size_t servicesBefore = z0->GetServices().size();
             SaPair p0, p1;
             int r0 = 1, r1 = 1;
             int n1SlotDuring = -2;
             h0->Spawn(
                 "app",
                 [&] {
                     p0 = OpenPair();
                     r0 = ZephyrRegister(&sa_ss1, {ZephyrPollIn(p0.fd)});
                     n1SlotDuring = z1->GetSlots(&sa_ss1)[0].event.fd;
                     h0->Sleep(MilliSeconds(1));
                     Poke(p0);
                     h0->Sleep(MilliSeconds(1));
                     ZephyrTeardown(h0, {&sa_ss1}, {p0.fd, p0.peer});
                 },
                 MilliSeconds(1));
             h1->Spawn(
                 "app",
                 [&] {
                     // Node 1 opens two extra fds first, so its fd differs from node 0's.
                     SaPair extra = OpenPair();
                     p1 = OpenPair();
                     r1 = ZephyrRegister(&sa_ss1, {ZephyrPollIn(p1.fd)});
                     h1->Sleep(MilliSeconds(1));
                     Poke(p1);
                     h1->Sleep(MilliSeconds(1));
                     ZephyrTeardown(h1, {&sa_ss1}, {p1.fd, p1.peer, extra.fd, extra.peer});
                 },
                 MilliSeconds(5));
             ZephyrShutdownAt(z0, MilliSeconds(20));
             ZephyrShutdownAt(z1, MilliSeconds(20));
             ctx.Run();
             ctx.CheckEqual(r0, 0, "register on node 0");
             ctx.CheckEqual(r1, 0, "register on node 1");
             ctx.CheckEqual(n1SlotDuring, -1, "node 1's slot untouched by node 0's register");
             ctx.Check(z0->GetSlots(&sa_ss1) != z1->GetSlots(&sa_ss1), "slots are per node");
             ctx.CheckEqual(z0->GetBaseIndex(&sa_ss1), 1, "base index (node 0)");
             ctx.CheckEqual(z1->GetBaseIndex(&sa_ss1), 1, "base index (node 1)");
             ctx.CheckEqual(z0->GetPollArraySize(), 4u, "poll array 1 + count");
             ctx.CheckEqual(z0->GetServices().size(), servicesBefore, "no services added");
             ctx.CheckEqual(servicesBefore, size_t{1}, "services installed");
             auto cbs0 = ZephyrRecords(ctx, TraceKind::UPCALL, "callback", h0->GetNodeId());
             auto cbs1 = ZephyrRecords(ctx, TraceKind::UPCALL, "callback", h1->GetNodeId());
             ctx.CheckEqual(cbs0.size(), size_t{1}, "callbacks on node 0");
             ctx.CheckEqual(cbs1.size(), size_t{1}, "callbacks on node 1");
             if (cbs0.size() == 1 && cbs1.size() == 1)
             {
                 ctx.CheckEqual(cbs0[0]->object,
                                std::string("svc:sa_ss1@") + sa_ss1.owner,
                                "owner shown with SocketLogDbg");
                 ctx.CheckEqual(cbs1[0]->object, std::string("svc:sa_ss1"), "no owner");
                 ctx.CheckEqual(ZephyrField(cbs0[0], "fd"), std::to_string(p0.fd), "node 0 fd");
                 ctx.CheckEqual(ZephyrField(cbs1[0], "fd"), std::to_string(p1.fd), "node 1 fd");
             }
             ctx.ExpectClean(h0);
             ctx.ExpectClean(h1);
         }});

    // ---- SS2 ---------------------------------------------------------------------------------
    catalog.Add(
        {"SS2_slots_start_empty_and_share_one_handler",
         {"SS2"},
         "every slot starts with fd -1, events 0 and the service's callback; two slots call "
         "the same handler",
         [](ConformanceContext& ctx) {
             g_ss2 = Ss2State{};
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss2});
             Ptr<SockbenchHost> h = ctx.Host(0);
             const net_socket_service_event* slots = z->GetSlots(&sa_ss2);
             ctx.Check(slots != nullptr, "slots exist");
             for (int i = 0; slots && i < 3; ++i)
             {
                 std::string s = "slot " + std::to_string(i);
                 ctx.CheckEqual(slots[i].event.fd, -1, s + " fd");
                 ctx.CheckEqual(slots[i].event.events, short{0}, s + " events");
                 ctx.Check(slots[i].callback == &Ss2Handler, s + " callback is cb");
                 ctx.Check(slots[i].svc == &sa_ss2, s + " svc back pointer");
             }
             SaPair a, b;
             int r = 1;
             h->Spawn(
                 "app",
                 [&] {
                     a = OpenPair();
                     b = OpenPair();
                     Poke(a);
                     Poke(b);
                     zsock_pollfd f[2] = {{a.fd, ZSOCK_POLLIN, 0}, {b.fd, ZSOCK_POLLIN, 0}};
                     r = net_socket_service_register(&sa_ss2, f, 2, nullptr);
                     h->Sleep(MilliSeconds(1));
                     ZephyrTeardown(h, {&sa_ss2}, {a.fd, a.peer, b.fd, b.peer});
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(z, MilliSeconds(10));
             ctx.Run();
             ctx.CheckEqual(r, 0, "register");
             ctx.CheckEqual(CallbackList(ctx),
                            "sa_ss2/" + std::to_string(a.fd) + "/1/null sa_ss2/" +
                                std::to_string(b.fd) + "/1/null",
                            "callbacks");
             ctx.CheckEqual(g_ss2.callbacks.size(), size_t{2}, "handler calls");
             for (auto cb : g_ss2.callbacks)
             {
                 ctx.Check(cb == &Ss2Handler, "pev->callback is the service's handler");
             }
             ctx.ExpectClean(h);
         }});

    // ---- SS3 ---------------------------------------------------------------------------------
    catalog.Add({"SS3_extern_service_with_v4_handler",
                 {"SS3"},
                 "NET_SOCKET_SERVICE_SYNC_DEFINE has external linkage: used through an extern "
                 "declaration; the handler is void(*)(struct net_socket_service_event *)",
                 [](ConformanceContext& ctx) {
                     const net_socket_service_desc* svc = Ss3ExternRef();
                     ctx.Check(svc == &sa_ss3_ext, "the extern declaration names the definition");
                     ctx.Check(svc->callback == &SaLogDrain, "v4 handler stored");
                     ctx.Check(svc->workHandler == nullptr, "no k_work handler");
                     Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {svc});
                     Ptr<SockbenchHost> h = ctx.Host(0);
                     SaPair a;
                     int r = 1, u = 1;
                     h->Spawn(
                         "app",
                         [&] {
                             a = OpenPair();
                             r = ZephyrRegister(svc, {ZephyrPollIn(a.fd)});
                             h->Sleep(MilliSeconds(1));
                             Poke(a);
                             h->Sleep(MilliSeconds(1));
                             u = net_socket_service_unregister(svc);
                             h->Sleep(MilliSeconds(1));
                             ClosePair(a);
                         },
                         MilliSeconds(1));
                     ZephyrShutdownAt(z, MilliSeconds(10));
                     ctx.Run();
                     ctx.CheckEqual(r, 0, "register");
                     ctx.CheckEqual(u, 0, "unregister");
                     ctx.CheckEqual(CallbackList(ctx),
                                    "sa_ss3_ext/" + std::to_string(a.fd) + "/1/null",
                                    "callbacks");
                     ctx.CheckEqual(ZephyrCallCount("sa_ss3_ext"), size_t{1}, "handler calls");
                     ctx.ExpectClean(h);
                 }});

    catalog.Add(
        {"SS3_v3_6_work_q_shape_only_on_v3_6",
         {"SS3", "SS2"},
         "the 4-argument (name, work_q, cb, count) k_work shape runs on V3_6 (CONTAINER_OF to "
         "the event); each shape is refused by the other release",
         [](ConformanceContext& ctx) {
             ctx.Check(sa_ss3_v36.callback == nullptr && sa_ss3_v36.workHandler == &Ss3WorkHandler,
                       "4-argument form stores a k_work handler");
             NodeContainer nodes = ctx.CreateNodes(2);
             Ptr<ZephyrNode> z36 =
                 ZephyrInstall(nodes.Get(0), {&sa_ss3_v36, &sa_ss3_ext}, ZEPHYR_V3_6);
             Ptr<ZephyrNode> zm = ZephyrInstall(nodes.Get(1), {&sa_ss3_v36, &sa_ss3_ext});
             Ptr<SockbenchHost> h36 = ctx.Host(0);
             Ptr<SockbenchHost> hm = ctx.Host(1);
             SaPair a, m;
             int r36 = 1, r36v4 = 1, rm = 1, rmv36 = 1;
             h36->Spawn(
                 "app",
                 [&] {
                     a = OpenPair();
                     r36 = ZephyrRegister(&sa_ss3_v36, {ZephyrPollIn(a.fd)});
                     r36v4 = ZephyrRegister(&sa_ss3_ext, {ZephyrPollIn(a.fd)});
                     h36->Sleep(MilliSeconds(1));
                     Poke(a);
                     h36->Sleep(MilliSeconds(1));
                     ZephyrTeardown(h36, {&sa_ss3_v36}, {a.fd, a.peer});
                 },
                 MilliSeconds(1));
             hm->Spawn(
                 "app",
                 [&] {
                     m = OpenPair();
                     rmv36 = ZephyrRegister(&sa_ss3_v36, {ZephyrPollIn(m.fd)});
                     rm = ZephyrRegister(&sa_ss3_ext, {ZephyrPollIn(m.fd)});
                     hm->Sleep(MilliSeconds(1));
                     ZephyrTeardown(hm, {&sa_ss3_ext}, {m.fd, m.peer});
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(z36, MilliSeconds(10));
             ZephyrShutdownAt(zm, MilliSeconds(10));
             ctx.Run();
             ctx.CheckEqual(r36, 0, "V3_6: register the work_q-shaped service");
             ctx.CheckEqual(r36v4, -ENOENT, "V3_6: the v4-shaped service is not installed");
             ctx.CheckEqual(rm, 0, "MAIN: register the v4 service");
             ctx.CheckEqual(rmv36, -ENOENT, "MAIN: the work_q-shaped service is not installed");
             ctx.CheckEqual(z36->GetServices().size(), size_t{1}, "V3_6 services");
             ctx.CheckEqual(zm->GetServices().size(), size_t{1}, "MAIN services");
             ctx.Check(z36->HasService(&sa_ss3_v36) && zm->HasService(&sa_ss3_ext),
                       "each node kept the shape of its release");
             ctx.CheckEqual(ZephyrCallCount("sa_ss3_v36"), size_t{1}, "k_work handler calls");
             if (!ZephyrCalls().empty())
             {
                 ctx.CheckEqual(ZephyrCalls()[0].fd, a.fd, "CONTAINER_OF reached the event");
                 ctx.CheckEqual(ZephyrCalls()[0].revents, short{ZSOCK_POLLIN}, "revents");
             }
             auto v36 =
                 ZephyrRecords(ctx, TraceKind::VIOLATION, "api-not-in-version", h36->GetNodeId());
             auto vm =
                 ZephyrRecords(ctx, TraceKind::VIOLATION, "api-not-in-version", hm->GetNodeId());
             ctx.CheckEqual(v36.size(), size_t{1}, "V3_6 violations");
             ctx.CheckEqual(vm.size(), size_t{1}, "MAIN violations");
             if (v36.size() == 1 && vm.size() == 1)
             {
                 ctx.CheckEqual(v36[0]->object, std::string("svc:sa_ss3_ext"), "V3_6 refused");
                 ctx.CheckEqual(vm[0]->object, std::string("svc:sa_ss3_v36"), "MAIN refused");
             }
             ctx.CheckEqual(h36->GetViolationCount(), 1u, "V3_6 host violations");
             ctx.CheckEqual(hm->GetViolationCount(), 1u, "MAIN host violations");
             ctx.CheckEqual(h36->GetOpenDescriptorCount() + hm->GetOpenDescriptorCount(),
                            0u,
                            "open descriptors at the end");
         }});

    // ---- SS4 ---------------------------------------------------------------------------------
    catalog.Add(
        {"SS4_handler_gets_a_stack_copy",
         {"SS4"},
         "the handler's pev is a copy: fd, registered events, round revents, user_data, svc; "
         "writes through it are discarded",
         [](ConformanceContext& ctx) {
             g_ss4 = Ss4State{};
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss4});
             Ptr<SockbenchHost> h = ctx.Host(0);
             g_ss4.slot = z->GetSlots(&sa_ss4);
             static int tag;
             SaPair a;
             int r = 1;
             zsock_pollfd slotAfter{-2, 0, 0};
             void* udAfter = nullptr;
             net_socket_service_handler_t cbAfter = nullptr;
             h->Spawn(
                 "app",
                 [&] {
                     a = OpenPair();
                     r = ZephyrRegister(&sa_ss4, {ZephyrPollIn(a.fd)}, &tag);
                     h->Sleep(MilliSeconds(1));
                     Poke(a);
                     h->Sleep(MilliSeconds(1));
                     Poke(a);
                     h->Sleep(MilliSeconds(1));
                     slotAfter = z->GetSlots(&sa_ss4)[0].event;
                     udAfter = z->GetSlots(&sa_ss4)[0].user_data;
                     cbAfter = z->GetSlots(&sa_ss4)[0].callback;
                     ZephyrTeardown(h, {&sa_ss4}, {a.fd, a.peer});
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(z, MilliSeconds(10));
             ctx.Run();
             ctx.CheckEqual(r, 0, "register");
             const auto& calls = ZephyrCalls();
             ctx.CheckEqual(calls.size(), size_t{2}, "handler calls");
             for (size_t i = 0; i < calls.size(); ++i)
             {
                 std::string s = "call " + std::to_string(i + 1);
                 ctx.CheckEqual(calls[i].fd, a.fd, s + " fd");
                 ctx.CheckEqual(calls[i].events, short{ZSOCK_POLLIN}, s + " events");
                 ctx.CheckEqual(calls[i].revents, short{ZSOCK_POLLIN}, s + " revents");
                 ctx.Check(calls[i].userData == &tag, s + " user_data");
                 ctx.CheckEqual(calls[i].service, std::string("sa_ss4"), s + " svc");
             }
             for (size_t i = 0; i < g_ss4.svcs.size(); ++i)
             {
                 ctx.Check(g_ss4.svcs[i] == &sa_ss4, "svc is the service");
                 ctx.Check(!g_ss4.gotSlotItself[i], "pev is not the slot itself");
             }
             ctx.CheckEqual(slotAfter.fd, a.fd, "slot fd after scribbling");
             ctx.CheckEqual(slotAfter.events, short{ZSOCK_POLLIN}, "slot events after");
             ctx.Check(udAfter == &tag, "slot user_data after");
             ctx.Check(cbAfter == &Ss4Handler, "slot callback after");
             ctx.ExpectClean(h);
         }});

    // ---- SS5 ---------------------------------------------------------------------------------
    catalog.Add({"SS5_user_data_per_register_call",
                 {"SS5"},
                 "every slot set by one register gets its user_data; a new register brings its own",
                 [](ConformanceContext& ctx) {
                     Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss5});
                     Ptr<SockbenchHost> h = ctx.Host(0);
                     static int x, y;
                     SaPair a, b;
                     int r1 = 1, r2 = 1;
                     void* slot1Ud = nullptr;
                     h->Spawn(
                         "app",
                         [&] {
                             a = OpenPair();
                             b = OpenPair();
                             Poke(a);
                             Poke(b);
                             zsock_pollfd f[2] = {{a.fd, ZSOCK_POLLIN, 0}, {b.fd, ZSOCK_POLLIN, 0}};
                             r1 = net_socket_service_register(&sa_ss5, f, 2, &x);
                             slot1Ud = z->GetSlots(&sa_ss5)[1].user_data;
                             h->Sleep(MilliSeconds(1));
                             r2 = net_socket_service_register(&sa_ss5, f, 1, &y);
                             h->Sleep(MilliSeconds(1));
                             Poke(a);
                             h->Sleep(MilliSeconds(1));
                             ZephyrTeardown(h, {&sa_ss5}, {a.fd, a.peer, b.fd, b.peer});
                         },
                         MilliSeconds(1));
                     ZephyrShutdownAt(z, MilliSeconds(10));
                     ctx.Run();
                     ctx.CheckEqual(r1, 0, "register [a,b] with x");
                     ctx.CheckEqual(r2, 0, "register [a] with y");
                     ctx.Check(slot1Ud == &x, "slot 1 got the call's user_data");
                     const auto& calls = ZephyrCalls();
                     ctx.CheckEqual(calls.size(), size_t{3}, "handler calls");
                     if (calls.size() == 3)
                     {
                         ctx.Check(calls[0].fd == a.fd && calls[0].userData == &x, "a carries x");
                         ctx.Check(calls[1].fd == b.fd && calls[1].userData == &x, "b carries x");
                         ctx.Check(calls[2].fd == a.fd && calls[2].userData == &y,
                                   "a then carries y");
                     }
                     std::string sa = std::to_string(a.fd), sb = std::to_string(b.fd);
                     ctx.CheckEqual(CallbackList(ctx),
                                    "sa_ss5/" + sa + "/1/ud:1 sa_ss5/" + sb + "/1/ud:1 sa_ss5/" +
                                        sa + "/1/ud:2",
                                    "traced user_data");
                     ctx.ExpectClean(h);
                 }});

    // ---- SS6 ---------------------------------------------------------------------------------
    catalog.Add(
        {"SS6_foreach_visits_in_section_order",
         {"SS6", "SS19"},
         "net_socket_service_foreach visits the node's services by name + \"_\" (a0 < a < b), "
         "with its user_data, once each",
         [](ConformanceContext& ctx) {
             g_ss6 = Ss6State{};
             NodeContainer nodes = ctx.CreateNodes(2);
             Ptr<ZephyrNode> z0 = ZephyrInstall(nodes.Get(0), {&sa_ss6_b, &sa_ss6_a, &sa_ss6_a0});
             Ptr<ZephyrNode> z1 = ZephyrInstall(nodes.Get(1), {&sa_ss6_x});
             static int tag;
             std::vector<std::string> n0, n1;
             ctx.Host(0)->Spawn(
                 "app",
                 [&] {
                     net_socket_service_foreach(&Ss6Visit, &tag);
                     n0 = g_ss6.names;
                     g_ss6.names.clear();
                 },
                 MilliSeconds(1));
             ctx.Host(1)->Spawn(
                 "app",
                 [&] {
                     net_socket_service_foreach(&Ss6Visit, nullptr);
                     n1 = g_ss6.names;
                 },
                 MilliSeconds(2));
             ZephyrShutdownAt(z0, MilliSeconds(5));
             ZephyrShutdownAt(z1, MilliSeconds(5));
             ctx.Run();
             std::string s0, s1;
             for (const auto& n : n0)
             {
                 s0 += n + " ";
             }
             for (const auto& n : n1)
             {
                 s1 += n + " ";
             }
             ctx.CheckEqual(s0, std::string("sa_ss6_a0 sa_ss6_a sa_ss6_b "), "node 0 order");
             ctx.CheckEqual(s1, std::string("sa_ss6_x "), "node 1 (own services only)");
             ctx.CheckEqual(g_ss6.userData.size(), size_t{4}, "visits");
             for (size_t i = 0; i < g_ss6.userData.size(); ++i)
             {
                 ctx.Check(g_ss6.userData[i] == (i < 3 ? static_cast<void*>(&tag) : nullptr),
                           "user_data passed on");
             }
             ctx.ExpectClean(ctx.Host(0));
             ctx.ExpectClean(ctx.Host(1));
         }});

    // ---- SS7 ---------------------------------------------------------------------------------
    catalog.Add(
        {"SS7_register_waits_for_thread_start",
         {"SS7", "SS18"},
         "a register made before the service thread started blocks until it runs (StartTime "
         "5 ms) and returns 0; the registered fd is then served",
         [](ConformanceContext& ctx) {
             Ptr<ZephyrNode> z =
                 ZephyrInstallOneNode(ctx,
                                      {&sa_ss7},
                                      ZEPHYR_MAIN,
                                      Attr("StartTime", TimeValue(MilliSeconds(5))));
             Ptr<SockbenchHost> h = ctx.Host(0);
             SaPair a;
             int r1 = 1, r2 = 1;
             Time t1, t2;
             ZephyrNode::ThreadState before = ZephyrNode::RUNNING;
             h->Spawn("app", [&] {
                 a = OpenPair();
                 Poke(a);
                 before = z->GetThreadState();
                 r1 = ZephyrRegister(&sa_ss7, {ZephyrPollIn(a.fd)});
                 t1 = Simulator::Now();
             });
             h->Spawn(
                 "app2",
                 [&] {
                     r2 = ZephyrRegister(&sa_ss7, {ZephyrPollIn(a.fd)});
                     t2 = Simulator::Now();
                     h->Sleep(MilliSeconds(2));
                     ZephyrTeardown(h, {&sa_ss7}, {a.fd, a.peer});
                 },
                 MilliSeconds(2));
             ZephyrShutdownAt(z, MilliSeconds(20));
             ctx.Run();
             ctx.CheckEqual(before, ZephyrNode::INIT, "thread state at t=0");
             ctx.CheckEqual(r1, 0, "register at 0 ms");
             ctx.CheckEqual(r2, 0, "register at 2 ms");
             ctx.CheckEqual(t1, MilliSeconds(5), "first register returns at the start");
             ctx.CheckEqual(t2, MilliSeconds(5), "second register returns at the start");
             auto running = ZephyrRecords(ctx, TraceKind::STATE, "service-thread");
             ctx.Check(!running.empty() && ZephyrField(running[0], "state") == "running" &&
                           running[0]->timeNs == MilliSeconds(5).GetNanoSeconds(),
                       "thread running at 5 ms");
             auto cbs = ZephyrRecords(ctx, TraceKind::UPCALL, "callback");
             ctx.CheckEqual(cbs.size(), size_t{1}, "the queued datagram is served once");
             ctx.ExpectClean(h);
         }});

    catalog.Add(
        {"SS7_failed_or_stopped_thread_gives_eio",
         {"SS7", "SS18", "SS29"},
         "a FAILED thread (PollMax too small) and a STOPPED one (poll failed) make register, "
         "unregister and close return -EIO",
         [](ConformanceContext& ctx) {
             NodeContainer nodes = ctx.CreateNodes(2);
             Ptr<ZephyrNode> zf = ZephyrInstall(nodes.Get(0),
                                                {&sa_ss7},
                                                ZEPHYR_MAIN,
                                                Attr("PollMax", UintegerValue(1)));
             Ptr<ZephyrNode> zs = ZephyrInstall(nodes.Get(1), {&sa_ss7});
             std::vector<int> failed, stopped;
             ZephyrNode::ThreadState sf = ZephyrNode::INIT, ss = ZephyrNode::INIT;
             ctx.Host(0)->Spawn(
                 "app",
                 [&] {
                     failed.push_back(ZephyrRegister(&sa_ss7, {ZephyrPollIn(-1)}));
                     failed.push_back(net_socket_service_unregister(&sa_ss7));
                     failed.push_back(net_socket_service_close(&sa_ss7));
                     sf = zf->GetThreadState();
                 },
                 MilliSeconds(1));
             Ptr<SockbenchHost> h1 = ctx.Host(1);
             h1->Spawn(
                 "app",
                 [&] {
                     SaPair a = OpenPair();
                     ZephyrRegister(&sa_ss7, {ZephyrPollIn(a.fd)});
                     h1->Sleep(MilliSeconds(1));
                     // The next poll fails (SS29); a readiness change makes sure a poll
                     // round happens (see bug ssa-1).
                     zs->FailNextPoll();
                     Poke(a);
                     h1->Sleep(MilliSeconds(1));
                     zsock_pollfd f[1] = {{-1, ZSOCK_POLLIN, 0}};
                     ss = zs->GetThreadState();
                     stopped.push_back(net_socket_service_register(&sa_ss7, f, 1, nullptr));
                     stopped.push_back(net_socket_service_unregister(&sa_ss7));
                     stopped.push_back(net_socket_service_close(&sa_ss7));
                     ClosePair(a);
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(zf, MilliSeconds(10));
             ZephyrShutdownAt(zs, MilliSeconds(10));
             ctx.Run();
             std::vector<int> eio = {-EIO, -EIO, -EIO};
             ctx.Check(failed == eio, "FAILED: register/unregister/close give -EIO");
             ctx.Check(stopped == eio, "STOPPED: register/unregister/close give -EIO");
             ctx.CheckEqual(sf, ZephyrNode::FAILED, "thread FAILED (1 + 1 > PollMax 1)");
             ctx.CheckEqual(ss, ZephyrNode::STOPPED, "thread STOPPED after the poll failure");
             auto st0 =
                 ZephyrRecords(ctx, TraceKind::STATE, "service-thread", ctx.Host(0)->GetNodeId());
             ctx.Check(!st0.empty() && ZephyrField(st0[0], "state") == "failed", "failed traced");
             ctx.CheckEqual(
                 ZephyrRecords(ctx, TraceKind::STATE, "poll-failed", ctx.Host(1)->GetNodeId())
                     .size(),
                 size_t{1},
                 "poll-failed traced");
             ctx.ExpectClean(ctx.Host(0));
             ctx.ExpectClean(ctx.Host(1));
         }});

    catalog.Add(
        {"SS7_v3_6_register_on_failed_thread_hangs",
         {"SS7"},
         "V3_6 (before PR #73524): a register on a FAILED thread never returns (register-hang); "
         "V4_0 returns -EIO",
         [](ConformanceContext& ctx) {
             NodeContainer nodes = ctx.CreateNodes(2);
             Ptr<ZephyrNode> z36 = ZephyrInstall(nodes.Get(0),
                                                 {&sa_ss7_v36},
                                                 ZEPHYR_V3_6,
                                                 Attr("PollMax", UintegerValue(1)));
             Ptr<ZephyrNode> z40 = ZephyrInstall(nodes.Get(1),
                                                 {&sa_ss7},
                                                 ZEPHYR_V4_0,
                                                 Attr("PollMax", UintegerValue(1)));
             bool returned36 = false;
             int r40 = 1;
             ctx.Host(0)->Spawn(
                 "app",
                 [&] {
                     ZephyrRegister(&sa_ss7_v36, {ZephyrPollIn(-1)});
                     returned36 = true;
                 },
                 MilliSeconds(1));
             ctx.Host(1)->Spawn(
                 "app",
                 [&] { r40 = ZephyrRegister(&sa_ss7, {ZephyrPollIn(-1)}); },
                 MilliSeconds(1));
             ctx.Run(Seconds(1));
             ctx.CheckEqual(z36->GetThreadState(), ZephyrNode::FAILED, "V3_6 thread FAILED");
             ctx.Check(!returned36, "V3_6: register never returns");
             ctx.CheckEqual(ctx.Host(0)->GetLiveThreadCount(), 1u, "V3_6: the caller is stuck");
             auto hang = ZephyrRecords(ctx, TraceKind::VIOLATION, "register-hang");
             ctx.CheckEqual(hang.size(), size_t{1}, "register-hang violations");
             if (hang.size() == 1)
             {
                 ctx.CheckEqual(hang[0]->node, ctx.Host(0)->GetNodeId(), "on the V3_6 node");
                 ctx.CheckEqual(hang[0]->object, std::string("svc:sa_ss7_v36"), "object");
             }
             ctx.CheckEqual(r40, -EIO, "V4_0: -EIO");
             ctx.CheckEqual(z40->GetThreadState(), ZephyrNode::FAILED, "V4_0 thread FAILED");
             ctx.CheckEqual(ctx.Host(1)->GetViolationCount(), 0u, "V4_0 violations");
             ctx.CheckEqual(ctx.Host(1)->GetLiveThreadCount(), 0u, "V4_0 live threads");
         }});

    // ---- SS8 ---------------------------------------------------------------------------------
    catalog.Add(
        {"SS8_enoent_for_null_and_foreign_service",
         {"SS8"},
         "NULL or a service not installed on the node: -ENOENT from register, unregister and "
         "close, no eventfd write, no rebuild, no slot change (here or on the other node)",
         [](ConformanceContext& ctx) {
             NodeContainer nodes = ctx.CreateNodes(2);
             Ptr<ZephyrNode> z0 = ZephyrInstall(nodes.Get(0), {&sa_ss8_a});
             Ptr<ZephyrNode> z1 = ZephyrInstall(nodes.Get(1), {&sa_ss8_b});
             Ptr<SockbenchHost> h0 = ctx.Host(0);
             Ptr<SockbenchHost> h1 = ctx.Host(1);
             SaPair a, q;
             std::vector<int> rets;
             bool written = true;
             uint64_t rebuilds0 = 0, rebuilds1 = 0, rounds0 = 0, rounds1 = 0;
             int slotA = -2, slotB = -2;
             h1->Spawn(
                 "app",
                 [&] {
                     q = OpenPair();
                     ZephyrRegister(&sa_ss8_b, {ZephyrPollIn(q.fd)});
                     h1->Sleep(MilliSeconds(5));
                     ZephyrTeardown(h1, {&sa_ss8_b}, {q.fd, q.peer});
                 },
                 MilliSeconds(1));
             h0->Spawn(
                 "app",
                 [&] {
                     a = OpenPair();
                     ZephyrRegister(&sa_ss8_a, {ZephyrPollIn(a.fd)});
                     h0->Sleep(MilliSeconds(1));
                     rebuilds0 = z0->GetRebuildCount();
                     rounds0 = z0->GetRoundCount();
                     rets.push_back(ZephyrRegister(nullptr, {ZephyrPollIn(a.peer)}));
                     rets.push_back(ZephyrRegister(&sa_ss8_b, {ZephyrPollIn(a.peer)}));
                     rets.push_back(net_socket_service_unregister(nullptr));
                     rets.push_back(net_socket_service_unregister(&sa_ss8_b));
                     rets.push_back(net_socket_service_close(nullptr));
                     rets.push_back(net_socket_service_close(&sa_ss8_b));
                     written =
                         (h0->GetEndpoint(z0->GetEventFd())->GetReadiness() & ZSOCK_POLLIN) != 0;
                     h0->Sleep(MilliSeconds(1));
                     rebuilds1 = z0->GetRebuildCount();
                     rounds1 = z0->GetRoundCount();
                     slotA = z0->GetSlots(&sa_ss8_a)[0].event.fd;
                     slotB = z1->GetSlots(&sa_ss8_b)[0].event.fd;
                     Poke(a);
                     h0->Sleep(MilliSeconds(1));
                     ZephyrTeardown(h0, {&sa_ss8_a}, {a.fd, a.peer});
                 },
                 MilliSeconds(2));
             ZephyrShutdownAt(z0, MilliSeconds(20));
             ZephyrShutdownAt(z1, MilliSeconds(20));
             ctx.Run();
             std::vector<int> enoent(6, -ENOENT);
             ctx.Check(rets == enoent, "all six calls give -ENOENT");
             ctx.Check(!written, "no eventfd write");
             ctx.CheckEqual(rebuilds1, rebuilds0, "no rebuild");
             ctx.CheckEqual(rounds1, rounds0, "no poll round");
             ctx.CheckEqual(slotA, a.fd, "own service's slot unchanged");
             ctx.CheckEqual(slotB, q.fd, "node 1's slot unchanged");
             ctx.CheckEqual(CallbackList(ctx, h0->GetNodeId()),
                            "sa_ss8_a/" + std::to_string(a.fd) + "/1/null",
                            "the own service still works");
             // The refused calls are traced with ret -ENOENT and no rebuild follows them.
             size_t refused = 0;
             for (const char* n : {"net_socket_service_register",
                                   "net_socket_service_unregister",
                                   "net_socket_service_close"})
             {
                 for (const TraceRecord* r :
                      ZephyrRecords(ctx, TraceKind::RETURN, n, h0->GetNodeId()))
                 {
                     refused += ZephyrField(r, "ret") == std::to_string(-ENOENT) ? 1 : 0;
                 }
             }
             ctx.CheckEqual(refused, size_t{6}, "traced -ENOENT returns");
             ctx.ExpectClean(h0);
             ctx.ExpectClean(h1);
         }});

    // ---- SS9 ---------------------------------------------------------------------------------
    catalog.Add({"SS9_main_register_replaces_whole_set",
                 {"SS9"},
                 "MAIN: [a,b] then [c]: slot 1 emptied, b no longer served, c served",
                 [](ConformanceContext& ctx) { Ss9Scenario(ctx, ZEPHYR_MAIN, true); }});
    catalog.Add({"SS9_v4_2_register_replaces_whole_set",
                 {"SS9"},
                 "V4_2 (PR #87344): the same replace semantics as MAIN",
                 [](ConformanceContext& ctx) { Ss9Scenario(ctx, ZEPHYR_V4_2, true); }});
    catalog.Add({"SS9_v4_1_shorter_register_keeps_old_slots",
                 {"SS9"},
                 "V4_1: [a,b] then [c] leaves b in slot 1, still served; only unregister empties",
                 [](ConformanceContext& ctx) { Ss9Scenario(ctx, ZEPHYR_V4_1, false); }});

    // ---- SS10 --------------------------------------------------------------------------------
    catalog.Add({"SS10_main_enomem_is_a_lazy_unregister",
                 {"SS10", "SS23"},
                 "MAIN: len > count gives -ENOMEM with no restart, but the set is already "
                 "gone: a lookup miss or the next rebuild drops the old fds, no callback",
                 [](ConformanceContext& ctx) { Ss10Scenario(ctx, ZEPHYR_MAIN, true); }});
    catalog.Add({"SS10_v4_1_enomem_has_no_side_effect",
                 {"SS10"},
                 "V4_1: -ENOMEM leaves the old set registered and served",
                 [](ConformanceContext& ctx) { Ss10Scenario(ctx, ZEPHYR_V4_1, false); }});

    // ---- SS11 --------------------------------------------------------------------------------
    catalog.Add(
        {"SS11_arguments_not_validated",
         {"SS11"},
         "len -1 or 0 with fds empties the service, fd 999 is accepted (POLLNVAL), negative fds "
         "are unused slots, fds[] copied verbatim; never -EINVAL",
         [](ConformanceContext& ctx) {
             g_ss11 = Ss11State{};
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss11});
             Ptr<SockbenchHost> h = ctx.Host(0);
             static int tag;
             SaPair a;
             std::vector<int> rets;
             bool polledAfterFirst = false, polledAfterMinus1 = true, polledNeg = true;
             int slotAfterMinus1 = -2, slotAfterZero = -2;
             net_socket_service_event s0{}, s1{};
             Time t999;
             h->Spawn(
                 "app",
                 [&] {
                     a = OpenPair();
                     zsock_pollfd fa[1] = {{a.fd, ZSOCK_POLLIN, 0}};
                     rets.push_back(net_socket_service_register(&sa_ss11, fa, 1, nullptr));
                     h->Sleep(MilliSeconds(1));
                     polledAfterFirst = z->IsPolled(a.fd);
                     // len -1 with non-NULL fds: registers nothing (empties, ≥v4.2).
                     rets.push_back(net_socket_service_register(&sa_ss11, fa, -1, nullptr));
                     slotAfterMinus1 = z->GetSlots(&sa_ss11)[0].event.fd;
                     h->Sleep(MilliSeconds(1));
                     polledAfterMinus1 = z->IsPolled(a.fd);
                     Poke(a); // not served
                     h->Sleep(MilliSeconds(1));
                     Drain(a.fd);
                     rets.push_back(net_socket_service_register(&sa_ss11, fa, 1, nullptr));
                     rets.push_back(net_socket_service_register(&sa_ss11, fa, 0, nullptr));
                     slotAfterZero = z->GetSlots(&sa_ss11)[0].event.fd;
                     h->Sleep(MilliSeconds(1));
                     // A negative fd is an unused slot; revents is copied verbatim.
                     zsock_pollfd fn[2] = {{-5, ZSOCK_POLLIN, 0},
                                           {a.fd, ZSOCK_POLLIN, ZSOCK_POLLOUT}};
                     rets.push_back(net_socket_service_register(&sa_ss11, fn, 2, &tag));
                     s0 = z->GetSlots(&sa_ss11)[0];
                     s1 = z->GetSlots(&sa_ss11)[1];
                     h->Sleep(MilliSeconds(1));
                     polledNeg = z->IsPolled(-5);
                     Poke(a);
                     h->Sleep(MilliSeconds(1));
                     // fd 999 is not open: accepted; poll reports POLLNVAL.
                     zsock_pollfd f9[1] = {{999, ZSOCK_POLLIN, 0}};
                     t999 = Simulator::Now();
                     rets.push_back(net_socket_service_register(&sa_ss11, f9, 1, nullptr));
                     h->Sleep(MilliSeconds(2));
                     rets.push_back(net_socket_service_unregister(&sa_ss11));
                     h->Sleep(MilliSeconds(1));
                     ClosePair(a);
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(z, MilliSeconds(20));
             ctx.Run();
             ctx.Check(rets == std::vector<int>(7, 0), "every call returns 0");
             for (int r : rets)
             {
                 ctx.Check(r != -EINVAL, "never -EINVAL");
             }
             ctx.Check(polledAfterFirst, "a polled after register [a]");
             ctx.CheckEqual(slotAfterMinus1, -1, "len -1 emptied the slot");
             ctx.Check(!polledAfterMinus1, "len -1: a no longer polled");
             ctx.CheckEqual(slotAfterZero, -1, "len 0 emptied the slot");
             ctx.CheckEqual(s0.event.fd, -5, "slot 0 keeps the negative fd verbatim");
             ctx.Check(s0.user_data == &tag, "the unused slot got user_data too");
             ctx.CheckEqual(s1.event.fd, a.fd, "slot 1 fd");
             ctx.CheckEqual(s1.event.revents, short{ZSOCK_POLLOUT}, "revents copied verbatim");
             ctx.Check(!polledNeg, "a negative fd is never polled");
             ctx.CheckEqual(g_ss11.unregisterRet, 0, "unregister from the POLLNVAL handler");
             std::string sa = std::to_string(a.fd);
             ctx.CheckEqual(CallbackList(ctx),
                            "sa_ss11/" + sa + "/1/ud:1 sa_ss11/999/32/null",
                            "callbacks: a (slot 1, poll's revents), then 999 POLLNVAL once");
             auto cbs = ZephyrRecords(ctx, TraceKind::UPCALL, "callback");
             if (cbs.size() == 2)
             {
                 ctx.CheckEqual(ZephyrField(cbs[0], "slot"), std::string("1"), "a is slot 1");
                 ctx.CheckEqual(ZephyrField(cbs[0], "index"),
                                std::to_string(z->GetBaseIndex(&sa_ss11) + 1),
                                "a's global index");
                 ctx.Check(cbs[1]->timeNs == t999.GetNanoSeconds(), "999 served at once");
             }
             ctx.ExpectClean(h);
         }});

    // ---- SS12 --------------------------------------------------------------------------------
    catalog.Add(
        {"SS12_registers_collapse_into_one_rebuild",
         {"SS12", "SS20"},
         "two registers before the thread runs: one eventfd read, one rebuild with the last "
         "set; register does not touch the polled array",
         [](ConformanceContext& ctx) {
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss12});
             Ptr<SockbenchHost> h = ctx.Host(0);
             SaPair a, b;
             int r1 = 1, r2 = 1;
             bool written = false, drained = false, aPolledNow = true, bPolledNow = true;
             bool aPolledLater = true, bPolledLater = false;
             uint64_t rebuilds0 = 0, rebuilds1 = 0;
             Time tReg;
             h->Spawn(
                 "app",
                 [&] {
                     a = OpenPair();
                     b = OpenPair();
                     Poke(a);
                     Poke(b);
                     h->Sleep(MilliSeconds(1));
                     rebuilds0 = z->GetRebuildCount();
                     tReg = Simulator::Now();
                     zsock_pollfd fa[1] = {{a.fd, ZSOCK_POLLIN, 0}};
                     zsock_pollfd fb[1] = {{b.fd, ZSOCK_POLLIN, 0}};
                     r1 = net_socket_service_register(&sa_ss12, fa, 1, nullptr);
                     r2 = net_socket_service_register(&sa_ss12, fb, 1, nullptr);
                     Ptr<HostEndpoint> ev = h->GetEndpoint(z->GetEventFd());
                     written = (ev->GetReadiness() & ZSOCK_POLLIN) != 0;
                     aPolledNow = z->IsPolled(a.fd);
                     bPolledNow = z->IsPolled(b.fd);
                     h->Sleep(MilliSeconds(1));
                     drained = (ev->GetReadiness() & ZSOCK_POLLIN) == 0;
                     rebuilds1 = z->GetRebuildCount();
                     aPolledLater = z->IsPolled(a.fd);
                     bPolledLater = z->IsPolled(b.fd);
                     ZephyrTeardown(h, {&sa_ss12}, {a.fd, a.peer, b.fd, b.peer});
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(z, MilliSeconds(10));
             ctx.Run();
             ctx.CheckEqual(r1, 0, "register [a]");
             ctx.CheckEqual(r2, 0, "register [b]");
             ctx.Check(written, "register wrote the eventfd");
             ctx.Check(!aPolledNow && !bPolledNow, "the polled array is untouched by register");
             ctx.Check(drained, "one read drained both writes");
             ctx.CheckEqual(rebuilds1 - rebuilds0, uint64_t{1}, "one rebuild for two registers");
             ctx.Check(!aPolledLater && bPolledLater, "the rebuild took the last set only");
             // Trace: at tReg one round with only the eventfd ready, one restart rebuild, then
             // b's callback; a (also readable) never gets one.
             int64_t t = tReg.GetNanoSeconds();
             std::vector<std::string> seq;
             for (const TraceRecord& r : ctx.Trace()->GetRecords())
             {
                 if (r.personality != "zephyr" || r.timeNs != t)
                 {
                     continue;
                 }
                 if (r.name == "round")
                 {
                     seq.push_back("round(" + ZephyrField(&r, "revents") + ")");
                 }
                 else if (r.name == "rebuild" || r.name == "callback")
                 {
                     seq.push_back(r.name == "rebuild" ? "rebuild:" + ZephyrField(&r, "reason")
                                                       : "callback:" + ZephyrField(&r, "fd"));
                 }
             }
             std::string got;
             for (const auto& s : seq)
             {
                 got += s + " ";
             }
             uint32_t ib = z->GetBaseIndex(&sa_ss12);
             ctx.CheckEqual(got,
                            "round(0:1) rebuild:restart round(" + std::to_string(ib) +
                                ":1) callback:" + std::to_string(b.fd) + " ",
                            "trace at the register instant");
             ctx.CheckEqual(CallbackList(ctx),
                            "sa_ss12/" + std::to_string(b.fd) + "/1/null",
                            "callbacks");
             ctx.ExpectClean(h);
         }});

    // ---- SS13 --------------------------------------------------------------------------------
    catalog.Add(
        {"SS13_unregister_returns_0_and_stops_callbacks",
         {"SS13", "SS23"},
         "unregister of a never-registered service gives 0; after unregister a ready fd gets "
         "no callback (lookup miss on the stale array); -EIO once stopped",
         [](ConformanceContext& ctx) {
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss13, &sa_ss13_never});
             Ptr<SockbenchHost> h = ctx.Host(0);
             SaPair a;
             std::vector<int> rets;
             bool polledAfter = true;
             int slot = -2;
             Time tStale;
             h->Spawn(
                 "app",
                 [&] {
                     a = OpenPair();
                     rets.push_back(net_socket_service_unregister(&sa_ss13_never));
                     rets.push_back(ZephyrRegister(&sa_ss13, {ZephyrPollIn(a.fd)}));
                     h->Sleep(MilliSeconds(1));
                     // a becomes ready and is unregistered before the thread runs: the
                     // stale array reports it, the lookup misses, nothing is called.
                     tStale = Simulator::Now();
                     Poke(a);
                     rets.push_back(net_socket_service_unregister(&sa_ss13));
                     slot = z->GetSlots(&sa_ss13)[0].event.fd;
                     h->Sleep(MilliSeconds(1));
                     polledAfter = z->IsPolled(a.fd);
                     Poke(a);
                     h->Sleep(MilliSeconds(1));
                     rets.push_back(net_socket_service_unregister(&sa_ss13));
                     h->Sleep(MilliSeconds(1));
                     // Stop the thread: the next poll fails. The register makes sure a
                     // poll round happens (see bug ssa-1).
                     z->FailNextPoll();
                     rets.push_back(ZephyrRegister(&sa_ss13, {ZephyrPollIn(a.fd)}));
                     h->Sleep(MilliSeconds(1));
                     rets.push_back(net_socket_service_unregister(&sa_ss13));
                     ClosePair(a);
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(z, MilliSeconds(20));
             ctx.Run();
             ctx.Check(rets == std::vector<int>({0, 0, 0, 0, 0, -EIO}),
                       "unregister(never) 0, register 0, unregister 0, again 0, register 0, "
                       "stopped -EIO");
             ctx.CheckEqual(slot, -1, "unregister empties the slot");
             ctx.Check(!polledAfter, "a no longer polled after the rebuild");
             ctx.CheckEqual(CallbackList(ctx), std::string(), "no callback after unregister");
             auto misses = ZephyrRecords(ctx, TraceKind::STATE, "lookup-miss");
             ctx.CheckEqual(misses.size(), size_t{1}, "one lookup miss");
             if (misses.size() == 1)
             {
                 ctx.CheckEqual(ZephyrField(misses[0], "fd"), std::to_string(a.fd), "miss fd");
                 ctx.CheckEqual(misses[0]->timeNs, tStale.GetNanoSeconds(), "miss time");
             }
             ctx.Check(RebuildList(ctx).find("lookup-miss[] restart[]") != std::string::npos,
                       "lookup-miss rebuild, then the restart: " + RebuildList(ctx));
             ctx.ExpectClean(h);
         }});

    // ---- SS14 --------------------------------------------------------------------------------
    catalog.Add({"SS14_close_closes_fds_at_next_rebuild",
                 {"SS14", "SS20"},
                 "net_socket_service_close returns 0, keeps the fds marked INT16_MIN; the service "
                 "thread closes them at its next rebuild (the app's close then gives EBADF)",
                 [](ConformanceContext& ctx) {
                     Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss14});
                     Ptr<SockbenchHost> h = ctx.Host(0);
                     SaPair a, b;
                     int r = 1, c = 1;
                     zsock_pollfd s0{}, s1{}, e0{}, e1{};
                     std::string closeA, closeB;
                     h->Spawn(
                         "app",
                         [&] {
                             a = OpenPair();
                             b = OpenPair();
                             zsock_pollfd f[2] = {{a.fd, ZSOCK_POLLIN, 0}, {b.fd, ZSOCK_POLLIN, 0}};
                             r = net_socket_service_register(&sa_ss14, f, 2, nullptr);
                             h->Sleep(MilliSeconds(1));
                             c = net_socket_service_close(&sa_ss14);
                             s0 = z->GetSlots(&sa_ss14)[0].event;
                             s1 = z->GetSlots(&sa_ss14)[1].event;
                             h->Sleep(MilliSeconds(1));
                             e0 = z->GetSlots(&sa_ss14)[0].event;
                             e1 = z->GetSlots(&sa_ss14)[1].event;
                             closeA = Res(zsock_close(a.fd));
                             closeB = Res(zsock_close(b.fd));
                             zsock_close(a.peer);
                             zsock_close(b.peer);
                         },
                         MilliSeconds(1));
                     ZephyrShutdownAt(z, MilliSeconds(10));
                     ctx.Run();
                     ctx.CheckEqual(r, 0, "register");
                     ctx.CheckEqual(c, 0, "close");
                     ctx.Check(s0.fd == a.fd && s1.fd == b.fd, "close keeps the fds");
                     ctx.Check(s0.events == INT16_MIN && s1.events == INT16_MIN, "slots marked");
                     ctx.Check(e0.fd == -1 && e1.fd == -1 && e0.events == 0 && e1.events == 0,
                               "slots emptied at the rebuild");
                     ctx.CheckEqual(closeA, Ebadf(), "app close of a after the service closed it");
                     ctx.CheckEqual(closeB, Ebadf(), "app close of b after the service closed it");
                     std::string closed = std::to_string(a.fd) + "," + std::to_string(b.fd);
                     ctx.CheckEqual(RebuildList(ctx),
                                    "start[] restart[] restart[" + closed + "]",
                                    "rebuilds (closes at the one after close)");
                     auto calls = ZephyrRecords(ctx, TraceKind::CALL, "net_socket_service_close");
                     ctx.Check(calls.size() == 1 &&
                                   ZephyrField(calls[0], "user_data") == "close-sockets" &&
                                   ZephyrField(calls[0], "len") == "0",
                               "close is register(svc, NULL, 0, CLOSE_SOCKETS)");
                     ctx.CheckEqual(CallbackList(ctx), std::string(), "no callbacks");
                     ctx.ExpectClean(h);
                 }});

    catalog.Add(
        {"SS14_register_before_rebuild_cancels_close",
         {"SS14"},
         "close then register (or unregister) before the thread's rebuild: the marks are wiped "
         "and the sockets are not closed",
         [](ConformanceContext& ctx) {
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss14, &sa_ss13});
             Ptr<SockbenchHost> h = ctx.Host(0);
             SaPair a, b, c;
             std::vector<int> rets;
             std::string closeA, closeB, closeC;
             bool aPolled = false;
             h->Spawn(
                 "app",
                 [&] {
                     a = OpenPair();
                     b = OpenPair();
                     c = OpenPair();
                     zsock_pollfd f[2] = {{a.fd, ZSOCK_POLLIN, 0}, {b.fd, ZSOCK_POLLIN, 0}};
                     zsock_pollfd fc[1] = {{c.fd, ZSOCK_POLLIN, 0}};
                     rets.push_back(net_socket_service_register(&sa_ss14, f, 2, nullptr));
                     rets.push_back(net_socket_service_register(&sa_ss13, fc, 1, nullptr));
                     h->Sleep(MilliSeconds(1));
                     rets.push_back(net_socket_service_close(&sa_ss14));
                     rets.push_back(net_socket_service_register(&sa_ss14, f, 1, nullptr));
                     rets.push_back(net_socket_service_close(&sa_ss13));
                     rets.push_back(net_socket_service_unregister(&sa_ss13));
                     h->Sleep(MilliSeconds(1));
                     aPolled = z->IsPolled(a.fd);
                     Poke(a);
                     h->Sleep(MilliSeconds(1));
                     net_socket_service_unregister(&sa_ss14);
                     h->Sleep(MilliSeconds(1));
                     closeA = Res(zsock_close(a.fd));
                     closeB = Res(zsock_close(b.fd));
                     closeC = Res(zsock_close(c.fd));
                     zsock_close(a.peer);
                     zsock_close(b.peer);
                     zsock_close(c.peer);
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(z, MilliSeconds(10));
             ctx.Run();
             ctx.Check(rets == std::vector<int>(6, 0), "all calls return 0");
             ctx.CheckEqual(closeA, std::string("0/0"), "a not closed by the service");
             ctx.CheckEqual(closeB, std::string("0/0"), "b not closed by the service");
             ctx.CheckEqual(closeC, std::string("0/0"), "c not closed by the service");
             ctx.Check(aPolled, "a registered again");
             ctx.CheckEqual(CallbackList(ctx),
                            "sa_ss14/" + std::to_string(a.fd) + "/1/null",
                            "a still served");
             for (const TraceRecord* r : ZephyrRecords(ctx, TraceKind::STATE, "rebuild"))
             {
                 ctx.CheckEqual(ZephyrField(r, "closed"), std::string(), "no rebuild closed fds");
             }
             ctx.ExpectClean(h);
         }});

    catalog.Add(
        {"SS14_close_only_in_v4_3_and_later",
         {"SS14"},
         "V4_2 has no net_socket_service_close (api-not-in-version, -ENOENT, nothing closed); "
         "V4_3 (backport) closes",
         [](ConformanceContext& ctx) {
             NodeContainer nodes = ctx.CreateNodes(2);
             Ptr<ZephyrNode> z42 = ZephyrInstall(nodes.Get(0), {&sa_ss14}, ZEPHYR_V4_2);
             Ptr<ZephyrNode> z43 = ZephyrInstall(nodes.Get(1), {&sa_ss14}, ZEPHYR_V4_3);
             Ptr<SockbenchHost> h42 = ctx.Host(0);
             Ptr<SockbenchHost> h43 = ctx.Host(1);
             int c42 = 1, c43 = 1;
             std::string close42, close43;
             auto body = [&](Ptr<SockbenchHost> h, int& c, std::string& res) {
                 SaPair a = OpenPair();
                 ZephyrRegister(&sa_ss14, {ZephyrPollIn(a.fd)});
                 h->Sleep(MilliSeconds(1));
                 c = net_socket_service_close(&sa_ss14);
                 h->Sleep(MilliSeconds(1));
                 net_socket_service_unregister(&sa_ss14);
                 h->Sleep(MilliSeconds(1));
                 res = Res(zsock_close(a.fd));
                 zsock_close(a.peer);
             };
             h42->Spawn(
                 "app",
                 [&] { body(h42, c42, close42); },
                 MilliSeconds(1));
             h43->Spawn(
                 "app",
                 [&] { body(h43, c43, close43); },
                 MilliSeconds(1));
             ZephyrShutdownAt(z42, MilliSeconds(10));
             ZephyrShutdownAt(z43, MilliSeconds(10));
             ctx.Run();
             ctx.CheckEqual(c42, -ENOENT, "V4_2 close");
             ctx.CheckEqual(close42, std::string("0/0"), "V4_2: the app closes its own fd");
             auto v = ZephyrRecords(ctx, TraceKind::VIOLATION, "api-not-in-version");
             ctx.Check(v.size() == 1 && v[0]->node == h42->GetNodeId() &&
                           ZephyrField(v[0], "call") == "net_socket_service_close",
                       "V4_2: api-not-in-version recorded");
             ctx.CheckEqual(c43, 0, "V4_3 close");
             ctx.CheckEqual(close43, Ebadf(), "V4_3: the service closed the fd");
             ctx.CheckEqual(h43->GetViolationCount(), 0u, "V4_3 violations");
             ctx.CheckEqual(h42->GetOpenDescriptorCount() + h43->GetOpenDescriptorCount(),
                            0u,
                            "open descriptors at the end");
         }});

    // ---- SS15 --------------------------------------------------------------------------------
    catalog.Add(
        {"SS15_register_unregister_close_from_handler",
         {"SS15", "SS14"},
         "a handler registers its own and another service, a later one unregisters, a third "
         "closes: all 0, no violation, the effects follow",
         [](ConformanceContext& ctx) {
             g_ss15 = Ss15State{};
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss15, &sa_ss15_other_ext});
             Ptr<SockbenchHost> h = ctx.Host(0);
             Ss15State& s = g_ss15;
             int r0 = 1, r1 = 1;
             bool bPolledAfterCall1 = false, cPolledAfterCall1 = false;
             bool polledAfterUnregister = true;
             std::string closeA;
             h->Spawn(
                 "app",
                 [&] {
                     s.a = OpenPair();
                     s.b = OpenPair();
                     s.c = OpenPair();
                     r0 = ZephyrRegister(&sa_ss15, {ZephyrPollIn(s.a.fd)});
                     h->Sleep(MilliSeconds(1));
                     Poke(s.a); // call 1: registers [a,b] and other [c]
                     h->Sleep(MilliSeconds(1));
                     bPolledAfterCall1 = z->IsPolled(s.b.fd);
                     cPolledAfterCall1 = z->IsPolled(s.c.fd);
                     Poke(s.b); // call 2: unregisters
                     Poke(s.c); // other service
                     h->Sleep(MilliSeconds(1));
                     polledAfterUnregister = z->IsPolled(s.a.fd) || z->IsPolled(s.b.fd);
                     r1 = ZephyrRegister(&sa_ss15, {ZephyrPollIn(s.a.fd)});
                     h->Sleep(MilliSeconds(1));
                     Poke(s.a); // call 3: close
                     h->Sleep(MilliSeconds(1));
                     closeA = Res(zsock_close(s.a.fd));
                     net_socket_service_unregister(&sa_ss15_other_ext);
                     h->Sleep(MilliSeconds(1));
                     zsock_close(s.a.peer);
                     ClosePair(s.b);
                     ClosePair(s.c);
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(z, MilliSeconds(20));
             ctx.Run();
             ctx.CheckEqual(r0, 0, "register [a]");
             ctx.CheckEqual(r1, 0, "register [a] again");
             ctx.Check(s.rets == std::vector<int>({0, 0, 0, 0}),
                       "register, register(other), unregister, close from handlers: 0");
             ctx.CheckEqual(s.calls, 3, "handler calls");
             ctx.Check(bPolledAfterCall1 && cPolledAfterCall1, "registers from call 1 applied");
             ctx.Check(!polledAfterUnregister, "unregister from call 2 applied");
             ctx.CheckEqual(closeA, Ebadf(), "close from call 3: the service closed a");
             std::string a = std::to_string(s.a.fd), b = std::to_string(s.b.fd),
                         c = std::to_string(s.c.fd);
             ctx.CheckEqual(CallbackList(ctx),
                            "sa_ss15/" + a + "/1/null sa_ss15/" + b + "/1/null sa_ss15_other_ext/" +
                                c + "/1/null sa_ss15/" + a + "/1/null",
                            "callbacks");
             ctx.CheckEqual(z->GetThreadState(), ZephyrNode::STOPPED, "shut down normally");
             ctx.ExpectClean(h);
         }});

    // ---- SS16 --------------------------------------------------------------------------------
    catalog.Add(
        {"SS16_close_after_unregister_races_poll",
         {"SS16"},
         "unregister then zsock_close from another thread while the service thread is still "
         "polling the fd: violation close-while-polled",
         [](ConformanceContext& ctx) {
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss16});
             Ptr<SockbenchHost> h = ctx.Host(0);
             SaPair a;
             int u = 1;
             std::string closeRes;
             h->Spawn(
                 "app",
                 [&] {
                     a = OpenPair();
                     ZephyrRegister(&sa_ss16, {ZephyrPollIn(a.fd)});
                     h->Sleep(MilliSeconds(1));
                     u = net_socket_service_unregister(&sa_ss16);
                     closeRes = Res(zsock_close(a.fd)); // the thread has not rebuilt yet
                     zsock_close(a.peer);
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(z, MilliSeconds(10));
             ctx.Run();
             ctx.CheckEqual(u, 0, "unregister");
             ctx.CheckEqual(closeRes, std::string("0/0"), "the close itself succeeds");
             auto v = ZephyrRecords(ctx, TraceKind::VIOLATION, "close-while-polled");
             ctx.CheckEqual(v.size(), size_t{1}, "close-while-polled violations");
             if (v.size() == 1)
             {
                 ctx.CheckEqual(ZephyrField(v[0], "fd"), std::to_string(a.fd), "violation fd");
                 ctx.CheckEqual(ZephyrField(v[0], "index"),
                                std::to_string(z->GetBaseIndex(&sa_ss16)),
                                "violation index");
                 ctx.CheckEqual(v[0]->object, std::string("svc:sa_ss16"), "violation object");
             }
             ctx.CheckEqual(h->GetViolationCount(), 1u, "violations");
             ctx.CheckEqual(CallbackList(ctx), std::string(), "no callback for the closed fd");
             ctx.CheckEqual(h->GetOpenDescriptorCount(), 0u, "open descriptors at the end");
             ctx.CheckEqual(h->GetLiveThreadCount(), 0u, "live threads at the end");
         }});

    catalog.Add(
        {"SS16_safe_close_patterns",
         {"SS16", "SS14", "SS15"},
         "net_socket_service_close, close from the handler, and close after the rebuild record "
         "no close-while-polled",
         [](ConformanceContext& ctx) {
             g_ss16 = Ss16State{};
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sa_ss16, &sa_ss16_h});
             Ptr<SockbenchHost> h = ctx.Host(0);
             SaPair a, b, c;
             int rc = 1, u = 1;
             std::string closeA, closeC;
             h->Spawn(
                 "app",
                 [&] {
                     a = OpenPair();
                     b = OpenPair();
                     c = OpenPair();
                     zsock_pollfd fa[1] = {{a.fd, ZSOCK_POLLIN, 0}};
                     zsock_pollfd fb[1] = {{b.fd, ZSOCK_POLLIN, 0}};
                     net_socket_service_register(&sa_ss16, fa, 1, nullptr);
                     net_socket_service_register(&sa_ss16_h, fb, 1, nullptr);
                     h->Sleep(MilliSeconds(1));
                     // 1. net_socket_service_close: the service thread closes a.
                     rc = net_socket_service_close(&sa_ss16);
                     h->Sleep(MilliSeconds(1));
                     closeA = Res(zsock_close(a.fd));
                     // 2. the handler of b unregisters and closes b itself.
                     Poke(b);
                     h->Sleep(MilliSeconds(1));
                     // 3. unregister, let the rebuild happen, then close.
                     ZephyrRegister(&sa_ss16, {ZephyrPollIn(c.fd)});
                     h->Sleep(MilliSeconds(1));
                     u = net_socket_service_unregister(&sa_ss16);
                     h->Sleep(MilliSeconds(1));
                     closeC = Res(zsock_close(c.fd));
                     zsock_close(a.peer);
                     zsock_close(b.peer);
                     zsock_close(c.peer);
                 },
                 MilliSeconds(1));
             ZephyrShutdownAt(z, MilliSeconds(10));
             ctx.Run();
             ctx.CheckEqual(rc, 0, "net_socket_service_close");
             ctx.CheckEqual(closeA, Ebadf(), "a was closed by the service thread");
             ctx.CheckEqual(g_ss16.unregisterRet, 0, "unregister in the handler");
             ctx.CheckEqual(g_ss16.closeRes, std::string("0/0"), "close in the handler");
             ctx.CheckEqual(u, 0, "unregister");
             ctx.CheckEqual(closeC, std::string("0/0"), "close after the rebuild");
             ctx.CheckEqual(ZephyrRecords(ctx, TraceKind::VIOLATION, "close-while-polled").size(),
                            size_t{0},
                            "close-while-polled");
             ctx.CheckEqual(CallbackList(ctx),
                            "sa_ss16_h/" + std::to_string(b.fd) + "/1/null",
                            "callbacks");
             ctx.ExpectClean(h);
         }});

    // ---- SS17 --------------------------------------------------------------------------------
    catalog.Add(
        {"SS17_one_service_thread_per_node",
         {"SS17"},
         "one thread named net_socket_service per node whatever the number of services; all "
         "handlers run on it; two nodes, two threads",
         [](ConformanceContext& ctx) {
             g_ss17 = Ss17State{};
             NodeContainer nodes = ctx.CreateNodes(2);
             std::vector<Ptr<ZephyrNode>> zs;
             zs.push_back(ZephyrInstall(nodes.Get(0), {&sa_ss17_a, &sa_ss17_b, &sa_ss17_c}));
             zs.push_back(ZephyrInstall(nodes.Get(1), {&sa_ss17_a, &sa_ss17_b, &sa_ss17_c}));
             SaPair p[2][3];
             for (uint32_t n = 0; n < 2; ++n)
             {
                 Ptr<SockbenchHost> h = ctx.Host(n);
                 h->Spawn(
                     "app",
                     [&, n, h] {
                         for (auto& q : p[n])
                         {
                             q = OpenPair();
                             Poke(q);
                         }
                         zsock_pollfd f0[1] = {{p[n][0].fd, ZSOCK_POLLIN, 0}};
                         zsock_pollfd f1[2] = {{p[n][1].fd, ZSOCK_POLLIN, 0}, {-1, 0, 0}};
                         zsock_pollfd f2[1] = {{p[n][2].fd, ZSOCK_POLLIN, 0}};
                         net_socket_service_register(&sa_ss17_a, f0, 1, nullptr);
                         net_socket_service_register(&sa_ss17_b, f1, 2, nullptr);
                         net_socket_service_register(&sa_ss17_c, f2, 1, nullptr);
                         h->Sleep(MilliSeconds(1));
                         net_socket_service_unregister(&sa_ss17_a);
                         net_socket_service_unregister(&sa_ss17_b);
                         net_socket_service_unregister(&sa_ss17_c);
                         h->Sleep(MilliSeconds(1));
                         for (auto& q : p[n])
                         {
                             ClosePair(q);
                         }
                     },
                     MilliSeconds(1));
                 ZephyrShutdownAt(zs[n], MilliSeconds(10));
             }
             ctx.Run();
             for (uint32_t n = 0; n < 2; ++n)
             {
                 Ptr<SockbenchHost> h = ctx.Host(n);
                 std::string node = "node " + std::to_string(n) + ": ";
                 size_t threads = 0;
                 for (const TraceRecord* r :
                      ZephyrRecords(ctx, TraceKind::STATE, "spawn", h->GetNodeId(), "host"))
                 {
                     threads += ZephyrField(r, "name") == "net_socket_service" ? 1 : 0;
                 }
                 ctx.CheckEqual(threads, size_t{1}, node + "net_socket_service threads");
                 ctx.Check(zs[n]->GetThreadId() != 0, node + "thread id");
                 auto cbs = ZephyrRecords(ctx, TraceKind::UPCALL, "callback", h->GetNodeId());
                 ctx.CheckEqual(cbs.size(), size_t{3}, node + "callbacks");
                 std::string services;
                 for (const TraceRecord* r : cbs)
                 {
                     services += r->object + " ";
                     ctx.CheckEqual(r->thread, zs[n]->GetThreadId(), node + "callback thread");
                 }
                 ctx.CheckEqual(services,
                                std::string("svc:sa_ss17_a svc:sa_ss17_b svc:sa_ss17_c "),
                                node + "services");
                 ctx.ExpectClean(h);
             }
             // The handlers saw the same thread per node.
             std::vector<std::string> expect;
             for (uint32_t n = 0; n < 2; ++n)
             {
                 for (int i = 0; i < 3; ++i)
                 {
                     expect.push_back(std::to_string(ctx.Host(n)->GetNodeId()) + ":" +
                                      std::to_string(zs[n]->GetThreadId()));
                 }
             }
             std::sort(g_ss17.threads.begin(), g_ss17.threads.end());
             std::sort(expect.begin(), expect.end());
             ctx.Check(g_ss17.threads == expect, "handlers run on their node's service thread");
             size_t all = 0;
             for (const TraceRecord* r : ZephyrRecords(ctx, TraceKind::STATE, "spawn", -1, "host"))
             {
                 all += ZephyrField(r, "name") == "net_socket_service" ? 1 : 0;
             }
             ctx.CheckEqual(all, size_t{2}, "service threads over both nodes");
         }});
}

} // namespace ns3
