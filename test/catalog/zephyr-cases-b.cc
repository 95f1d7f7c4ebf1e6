/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: Zephyr socket services (spec socket-service.md), part b: the service
 * thread (SS18-SS33).
 */

#include "inet-test-util.h"
#include "sockbench-catalog.h"
#include "zephyr-test-util.h"

#include "ns3/event-trace.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"
#include "ns3/zephyr-socket.h"

#include <cerrno>
#include <climits>
#include <cstring>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace
{
/// Per-case handler behaviour (reset by HookGuard); null: drain the socket.
std::function<void(struct net_socket_service_event*)> g_hook;

/// \return what one non-blocking recv of up to 256 bytes gives \param fd a socket
ssize_t
Drain(int fd)
{
    char buf[256];
    return zsock_recv(fd, buf, sizeof(buf), ZSOCK_MSG_DONTWAIT);
}

/// The v4 handler of every service of this file: log, then the case's hook.
void
SbbHandler(struct net_socket_service_event* pev)
{
    ns3::ZephyrLogCall(pev);
    if (g_hook)
    {
        g_hook(pev);
    }
    else
    {
        Drain(pev->event.fd);
    }
}

/// The v3.6 (k_work) handler: reach the event with CONTAINER_OF, then as SbbHandler.
void
SbbWorkHandler(struct k_work* work)
{
    SbbHandler(CONTAINER_OF(work, struct net_socket_service_event, work));
}

/// Clears the hook at case start and end (hooks capture the case's locals).
struct HookGuard
{
    HookGuard()
    {
        g_hook = nullptr;
    }

    ~HookGuard()
    {
        g_hook = nullptr;
    }
};
} // namespace

// SS18: counts 2, 1, 3 in section order.
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb18_x, SbbHandler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb18_y, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb18_z, SbbHandler, 3);
// SS19: "a" is defined (and registered) before "a0"; "a0_" < "a_".
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb19_a, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb19_a0, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb20_a, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb20_b, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb21, SbbHandler, 3);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb22_a, SbbHandler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb22_b, SbbHandler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb23d_a, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb23d_b, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb23m_a, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb23m_b, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb23m_c, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb24_a, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb24_b, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb25_s, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb25c_a, SbbHandler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb25c_b, SbbHandler, 1);
// SS25 on V3_6: the v3.6 shape (work_q argument, k_work handler).
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb25w_a, NULL, SbbWorkHandler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb25w_b, NULL, SbbWorkHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb26_a, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb26_b, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb27, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb28_a, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb28_b, SbbHandler, 2);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb29, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb30, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb31, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb32_a, SbbHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb32_b, SbbHandler, 1);
// SS33: v3.6 ASYNC (system work queue) and SYNC with a work_q that is ignored.
NET_SOCKET_SERVICE_ASYNC_DEFINE_STATIC(sbb33_async, NULL, SbbWorkHandler, 1);
NET_SOCKET_SERVICE_SYNC_DEFINE_STATIC(sbb33_sync, &k_sys_work_q, SbbWorkHandler, 1);

namespace ns3
{

namespace
{
/// An AF_UNIX stream pair: \c r is registered, \c w is written by the case.
struct Pair
{
    int r{-1}; //!< registered end
    int w{-1}; //!< the case writes here
};

/// \return a new pair of the calling node \param ctx the case
Pair
NewPair(ConformanceContext& ctx)
{
    int sv[2] = {-1, -1};
    ctx.CheckEqual(zsock_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0, "socketpair");
    return Pair{sv[0], sv[1]};
}

/// Write one byte to \p fd (the peer becomes readable at once).
void
Put(int fd)
{
    zsock_send(fd, "x", 1, 0);
}

/// Register \p fds (fd, events) with \p svc and check the 0 return.
void
Reg(ConformanceContext& ctx,
    const net_socket_service_desc* svc,
    std::vector<zsock_pollfd> fds,
    const std::string& what)
{
    ctx.CheckEqual(ZephyrRegister(svc, std::move(fds)), 0, what);
}

/// zsock_pollfd with POLLIN.
zsock_pollfd
In(int fd)
{
    return ZephyrPollIn(fd);
}

/// \return copies of the zephyr records of \p kind and \p name (all names when empty)
std::vector<TraceRecord>
ZRecs(ConformanceContext& ctx, TraceKind kind, const std::string& name)
{
    std::vector<TraceRecord> out;
    for (const TraceRecord* r : ZephyrRecords(ctx, kind, name))
    {
        out.push_back(*r);
    }
    return out;
}

/// \return the UPCALL "callback" records
std::vector<TraceRecord>
Callbacks(ConformanceContext& ctx)
{
    return ZRecs(ctx, TraceKind::UPCALL, "callback");
}

/// \return "svc/fd" of the callback records, space separated
std::string
Order(ConformanceContext& ctx)
{
    std::string s;
    for (const auto& r : ZephyrCallbackRecords(ctx))
    {
        s += (s.empty() ? "" : " ") + r;
    }
    return s;
}

/// \return "name/fd" \param svc a service \param fd a descriptor
std::string
Cb(const net_socket_service_desc* svc, int fd)
{
    return std::string(svc->name) + "/" + std::to_string(fd);
}

/// \return the records of the "rebuild" state with \p reason, in order
std::vector<TraceRecord>
Rebuilds(ConformanceContext& ctx, const std::string& reason)
{
    std::vector<TraceRecord> out;
    for (const TraceRecord& r : ZRecs(ctx, TraceKind::STATE, "rebuild"))
    {
        if (reason.empty() || ZephyrField(r, "reason") == reason)
        {
            out.push_back(r);
        }
    }
    return out;
}

/// \return the first callback record for \p svc (and \p fd when >= 0) at or after seq \p from
const TraceRecord*
FindCb(const std::vector<TraceRecord>& cbs,
       const net_socket_service_desc* svc,
       int fd = -1,
       uint64_t from = 0)
{
    for (const auto& r : cbs)
    {
        if (r.seq >= from && r.object == std::string("svc:") + svc->name &&
            (fd < 0 || ZephyrIntField(r, "fd") == fd))
        {
            return &r;
        }
    }
    return nullptr;
}

/// Configure a small busy-loop limit.
void
SmallBusyLoopLimit(ZephyrHelper& h)
{
    h.SetAttribute("BusyLoopLimit", UintegerValue(50));
}

// ---- SS23 lookup miss ------------------------------------------------------------------------

void
LookupMiss(ConformanceContext& ctx, ZephyrSemantics sem)
{
    HookGuard guard;
    Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb23m_a, &sbb23m_b, &sbb23m_c}, sem);
    Ptr<SockbenchHost> h = ctx.Host(0);
    Pair x, y, w;
    int unregRet = 1;
    g_hook = [&](net_socket_service_event* pev) {
        Drain(pev->event.fd);
        if (pev->svc == &sbb23m_a && unregRet == 1)
        {
            unregRet = net_socket_service_unregister(&sbb23m_b); // entry 2 is ready this round
        }
    };
    h->Spawn(
        "app",
        [&] {
            x = NewPair(ctx);
            y = NewPair(ctx);
            w = NewPair(ctx);
            Put(x.w);
            Put(y.w);
            Put(w.w);
            Reg(ctx, &sbb23m_c, {In(w.r)}, "register c");
            Reg(ctx, &sbb23m_b, {In(y.r)}, "register b");
            Reg(ctx, &sbb23m_a, {In(x.r)}, "register a");
        },
        MilliSeconds(1));
    ZephyrTeardownAt(h, MilliSeconds(50), {&sbb23m_a, &sbb23m_b, &sbb23m_c}, [&] {
        return std::vector<int>{x.r, x.w, y.r, y.w, w.r, w.w};
    });
    ZephyrShutdownAt(z, MilliSeconds(100));
    ctx.Run();
    ctx.CheckEqual(unregRet, 0, "unregister b from a's handler");
    ctx.CheckEqual(ZephyrCallCount("sbb23m_b"), size_t{0}, "callbacks of the unregistered b");
    auto misses = ZRecs(ctx, TraceKind::STATE, "lookup-miss");
    ctx.CheckEqual(misses.size(), size_t{1}, "lookup-miss records");
    if (!misses.empty())
    {
        ctx.CheckEqual(ZephyrIntField(misses[0], "index"), int64_t{2}, "lookup-miss index");
        ctx.CheckEqual(ZephyrIntField(misses[0], "fd"), int64_t{y.r}, "lookup-miss fd");
    }
    auto cbs = Callbacks(ctx);
    const TraceRecord* ca = FindCb(cbs, &sbb23m_a, x.r);
    const TraceRecord* cc = FindCb(cbs, &sbb23m_c, w.r);
    ctx.Check(ca && cc, "callbacks of a and c");
    auto lm = Rebuilds(ctx, "lookup-miss");
    if (sem == ZEPHYR_MAIN)
    {
        // ≥v4.1: the rest of the round is abandoned; rebuild at once without the eventfd read.
        ctx.CheckEqual(lm.size(), size_t{1}, "rebuilds for the lookup miss");
        if (ca && cc && !lm.empty() && !misses.empty())
        {
            ctx.CheckEqual(ZephyrIntField(*cc, "round"),
                           ZephyrIntField(*ca, "round") + 1,
                           "c served one round later");
            ctx.Check(misses[0].seq < lm[0].seq && lm[0].seq < cc->seq,
                      "lookup-miss, rebuild, then c's callback");
            // The eventfd (written by the unregister) was not read by that rebuild: the next
            // round has entry 0 ready and rebuilds for "restart".
            bool restartAfter = false;
            for (const auto& r : Rebuilds(ctx, "restart"))
            {
                restartAfter = restartAfter || (r.seq > lm[0].seq && r.seq > cc->seq);
            }
            ctx.Check(restartAfter, "a restart rebuild follows (eventfd still readable)");
        }
    }
    else
    {
        // ≤v4.0: the miss is logged and the round continues.
        ctx.CheckEqual(lm.size(), size_t{0}, "rebuilds for the lookup miss");
        if (ca && cc)
        {
            ctx.CheckEqual(ZephyrIntField(*cc, "round"),
                           ZephyrIntField(*ca, "round"),
                           "c served in the same round");
        }
    }
    ctx.ExpectClean(h);
}

// ---- SS24 ---------------------------------------------------------------------------------

void
ReconfiguredEntry(ConformanceContext& ctx, ZephyrSemantics sem)
{
    HookGuard guard;
    Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb24_a, &sbb24_b}, sem);
    Ptr<SockbenchHost> h = ctx.Host(0);
    Pair x, y;
    int regRet = 1;
    g_hook = [&](net_socket_service_event* pev) {
        if (pev->svc == &sbb24_a)
        {
            Drain(pev->event.fd);
            if (regRet == 1)
            {
                zsock_pollfd f[1] = {{y.r, ZSOCK_POLLOUT, 0}};
                regRet = net_socket_service_register(&sbb24_b, f, 1, nullptr);
            }
        }
        else if (pev->event.revents & ZSOCK_POLLOUT)
        {
            net_socket_service_unregister(&sbb24_b);
        }
        else
        {
            Drain(pev->event.fd);
        }
    };
    h->Spawn(
        "app",
        [&] {
            x = NewPair(ctx);
            y = NewPair(ctx);
            Put(x.w);
            Put(y.w);
            Reg(ctx, &sbb24_b, {In(y.r)}, "register b");
            Reg(ctx, &sbb24_a, {In(x.r)}, "register a");
        },
        MilliSeconds(1));
    ZephyrTeardownAt(h, MilliSeconds(50), {&sbb24_a, &sbb24_b}, [&] {
        return std::vector<int>{x.r, x.w, y.r, y.w};
    });
    ZephyrShutdownAt(z, MilliSeconds(100));
    ctx.Run();
    ctx.CheckEqual(regRet, 0, "re-register b with POLLOUT from a's handler");
    auto cbs = Callbacks(ctx);
    const TraceRecord* ca = FindCb(cbs, &sbb24_a, x.r);
    const TraceRecord* cb = FindCb(cbs, &sbb24_b, y.r);
    ctx.Check(ca && cb, "callbacks of a and b");
    ctx.CheckEqual(ZephyrCallCount("sbb24_b"), size_t{1}, "callbacks of b");
    auto skipped = ZRecs(ctx, TraceKind::STATE, "entry-skipped");
    if (sem == ZEPHYR_MAIN)
    {
        ctx.CheckEqual(skipped.size(), size_t{1}, "entry-skipped records");
        if (!skipped.empty())
        {
            ctx.CheckEqual(skipped[0].object, std::string("svc:sbb24_b"), "skipped object");
            ctx.CheckEqual(ZephyrIntField(skipped[0], "index"), int64_t{2}, "skipped index");
            ctx.CheckEqual(ZephyrIntField(skipped[0], "fd"), int64_t{y.r}, "skipped fd");
            ctx.CheckEqual(ZephyrIntField(skipped[0], "events"),
                           int64_t{ZSOCK_POLLIN},
                           "polled events");
            ctx.CheckEqual(ZephyrIntField(skipped[0], "slot_events"),
                           int64_t{ZSOCK_POLLOUT},
                           "slot events");
        }
        if (ca && cb && !skipped.empty())
        {
            ctx.CheckEqual(ZephyrIntField(*cb, "events"),
                           int64_t{ZSOCK_POLLOUT},
                           "b's callback events");
            ctx.CheckEqual(ZephyrIntField(*cb, "revents"),
                           int64_t{ZSOCK_POLLOUT},
                           "b's callback revents");
            ctx.Check(ZephyrIntField(*cb, "round") > ZephyrIntField(*ca, "round"),
                      "b only after the rebuild");
            bool rebuildBetween = false;
            for (const auto& r : Rebuilds(ctx, "restart"))
            {
                rebuildBetween = rebuildBetween || (r.seq > skipped[0].seq && r.seq < cb->seq);
            }
            ctx.Check(rebuildBetween, "skip, rebuild, then b polled with POLLOUT");
        }
    }
    else
    {
        ctx.CheckEqual(skipped.size(), size_t{0}, "entry-skipped records");
        if (ca && cb)
        {
            ctx.CheckEqual(ZephyrIntField(*cb, "round"),
                           ZephyrIntField(*ca, "round"),
                           "b dispatched in a's round");
            ctx.CheckEqual(ZephyrIntField(*cb, "events"),
                           int64_t{ZSOCK_POLLIN},
                           "b's stale events");
        }
    }
    ctx.ExpectClean(h);
}

// ---- SS25 ---------------------------------------------------------------------------------

void
ReenableOwnEntry(ConformanceContext& ctx, ZephyrSemantics sem)
{
    HookGuard guard;
    Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb25_s}, sem);
    Ptr<SockbenchHost> h = ctx.Host(0);
    Pair x;
    int calls = 0;
    int regRet = 1;
    g_hook = [&](net_socket_service_event* pev) {
        if (++calls == 1)
        {
            // Reconfigure the own fd to POLLOUT, leaving the data unread.
            zsock_pollfd f[1] = {{x.r, ZSOCK_POLLOUT, 0}};
            regRet = net_socket_service_register(&sbb25_s, f, 1, nullptr);
            return;
        }
        if (pev->event.events & ZSOCK_POLLIN)
        {
            Drain(pev->event.fd);
        }
        net_socket_service_unregister(&sbb25_s);
    };
    h->Spawn(
        "app",
        [&] {
            x = NewPair(ctx);
            Reg(ctx, &sbb25_s, {In(x.r)}, "register");
            h->Sleep(MilliSeconds(9));
            Put(x.w);
        },
        MilliSeconds(1));
    ZephyrTeardownAt(h, MilliSeconds(50), {&sbb25_s}, [&] { return std::vector<int>{x.r, x.w}; });
    ZephyrShutdownAt(z, MilliSeconds(100));
    ctx.Run();
    ctx.CheckEqual(regRet, 0, "re-register from the handler");
    const auto& log = ZephyrCalls();
    ctx.CheckEqual(log.size(), size_t{2}, "callbacks");
    auto disarmed = ZRecs(ctx, TraceKind::STATE, "entry-disarmed");
    if (log.size() == 2)
    {
        ctx.CheckEqual(log[0].events, short{ZSOCK_POLLIN}, "first callback events");
        if (sem == ZEPHYR_MAIN)
        {
            // Not re-armed with the old mask: the next callback has the new one.
            ctx.CheckEqual(log[1].events, short{ZSOCK_POLLOUT}, "second callback events");
            ctx.CheckEqual(log[1].revents, short{ZSOCK_POLLOUT}, "second callback revents");
        }
        else
        {
            // v4.1: re-armed unconditionally, one more callback with the old mask.
            ctx.CheckEqual(log[1].events, short{ZSOCK_POLLIN}, "second callback events");
            ctx.CheckEqual(log[1].revents, short{ZSOCK_POLLIN}, "second callback revents");
        }
    }
    if (sem == ZEPHYR_MAIN)
    {
        // Disarmed after call 1 (new mask) and after call 2 (unregistered: slot fd -1).
        ctx.CheckEqual(disarmed.size(), size_t{2}, "entry-disarmed records");
        if (disarmed.size() == 2)
        {
            ctx.CheckEqual(ZephyrIntField(disarmed[1], "slot_fd"),
                           int64_t{-1},
                           "2nd disarm slot fd");
        }
        if (!disarmed.empty())
        {
            // Disabled until the rebuild: the next snapshot has only the eventfd.
            std::string next;
            for (const auto& r : ZRecs(ctx, TraceKind::STATE, "round"))
            {
                if (next.empty() && r.seq > disarmed[0].seq)
                {
                    next = ZephyrField(r, "revents");
                }
            }
            ctx.CheckEqual(next, std::string("0:1"), "snapshot after the disarm");
            ctx.CheckEqual(ZephyrIntField(disarmed[0], "index"), int64_t{1}, "disarmed index");
            ctx.CheckEqual(ZephyrIntField(disarmed[0], "fd"), int64_t{x.r}, "disarmed fd");
            ctx.CheckEqual(ZephyrIntField(disarmed[0], "slot_fd"),
                           int64_t{x.r},
                           "disarmed slot fd");
            ctx.CheckEqual(ZephyrIntField(disarmed[0], "slot_events"),
                           int64_t{ZSOCK_POLLOUT},
                           "disarmed slot events");
        }
    }
    else
    {
        ctx.CheckEqual(disarmed.size(), size_t{0}, "entry-disarmed records");
    }
    ctx.ExpectClean(h);
}

/// SS25 ≤v4.0: after a handler all the service's slots are copied back into the array, so a
/// register from a handler reaches the array before any rebuild.
void
CopyBackAll(ConformanceContext& ctx,
            ZephyrSemantics sem,
            const net_socket_service_desc* a,
            const net_socket_service_desc* b,
            bool expectPolled)
{
    HookGuard guard;
    Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {a, b}, sem);
    Ptr<SockbenchHost> h = ctx.Host(0);
    z->SetHandlerDuration(b, MilliSeconds(5));
    Pair x, w, zz;
    int regRet = 1;
    bool polledZ = !expectPolled;
    uint64_t rebuildsAtCheck = 0;
    uint64_t rebuildsBefore = 0;
    g_hook = [&](net_socket_service_event* pev) {
        Drain(pev->event.fd);
        if (pev->svc == a && pev->event.fd == x.r && regRet == 1)
        {
            rebuildsBefore = z->GetRebuildCount();
            zsock_pollfd f[2] = {In(x.r), In(zz.r)};
            regRet = net_socket_service_register(a, f, 2, nullptr);
        }
    };
    h->Spawn(
        "app",
        [&] {
            x = NewPair(ctx);
            w = NewPair(ctx);
            zz = NewPair(ctx);
            Put(x.w);
            Put(w.w);
            Put(zz.w);
            h->Sleep(MilliSeconds(9));
            Reg(ctx, b, {In(w.r)}, "register b");
            Reg(ctx, a, {In(x.r), zsock_pollfd{-1, 0, 0}}, "register a");
        },
        MilliSeconds(1));
    // b's handler runs 10..15 ms; a's handler (10 ms) registered [x, z].
    h->Spawn(
        "observer",
        [&] {
            polledZ = z->IsPolled(zz.r);
            rebuildsAtCheck = z->GetRebuildCount();
        },
        MilliSeconds(12));
    ZephyrTeardownAt(h, MilliSeconds(50), {a, b}, [&] {
        return std::vector<int>{x.r, x.w, w.r, w.w, zz.r, zz.w};
    });
    ZephyrShutdownAt(z, MilliSeconds(100));
    ctx.Run();
    ctx.CheckEqual(regRet, 0, "register [x, z] from a's handler");
    ctx.CheckEqual(rebuildsAtCheck, rebuildsBefore, "no rebuild between the handler and 12 ms");
    ctx.CheckEqual(polledZ, expectPolled, "z polled during b's handler (copy-back of all slots)");
    auto cbs = Callbacks(ctx);
    ctx.Check(FindCb(cbs, a, zz.r) != nullptr, "z served eventually");
    ctx.ExpectClean(h);
}

// ---- SS26 ---------------------------------------------------------------------------------

void
RestartTiming(ConformanceContext& ctx, ZephyrSemantics sem)
{
    HookGuard guard;
    Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb26_a, &sbb26_b}, sem);
    Ptr<SockbenchHost> h = ctx.Host(0);
    Pair x, y;
    h->Spawn(
        "app",
        [&] {
            x = NewPair(ctx);
            y = NewPair(ctx);
            Reg(ctx, &sbb26_a, {In(x.r)}, "register a");
            h->Sleep(MilliSeconds(14));
            Put(y.w);
            h->Sleep(MilliSeconds(5));
            // 20 ms: data on a's fd and a restart request at the same instant.
            Put(x.w);
            Reg(ctx, &sbb26_b, {In(y.r)}, "register b");
        },
        MilliSeconds(1));
    ZephyrTeardownAt(h, MilliSeconds(50), {&sbb26_a, &sbb26_b}, [&] {
        return std::vector<int>{x.r, x.w, y.r, y.w};
    });
    ZephyrShutdownAt(z, MilliSeconds(100));
    ctx.Run();
    auto cbs = Callbacks(ctx);
    const TraceRecord* ca = FindCb(cbs, &sbb26_a, x.r);
    const TraceRecord* cb = FindCb(cbs, &sbb26_b, y.r);
    ctx.Check(ca && cb, "callbacks of a and b");
    std::vector<TraceRecord> at20;
    for (const auto& r : Rebuilds(ctx, "restart"))
    {
        if (r.timeNs == MilliSeconds(20).GetNanoSeconds())
        {
            at20.push_back(r);
        }
    }
    ctx.CheckEqual(at20.size(), size_t{1}, "restart rebuilds at 20 ms");
    if (!ca || !cb || at20.empty())
    {
        return;
    }
    ctx.CheckEqual(ca->timeNs, MilliSeconds(20).GetNanoSeconds(), "a's callback time");
    ctx.CheckEqual(cb->timeNs, MilliSeconds(20).GetNanoSeconds(), "b's callback time");
    if (sem == ZEPHYR_MAIN)
    {
        // After dispatch: a's callback, then the rebuild, then b in the next round.
        ctx.Check(ca->seq < at20[0].seq && at20[0].seq < cb->seq, "callback, rebuild, callback");
        ctx.CheckEqual(ZephyrIntField(*cb, "round"),
                       ZephyrIntField(*ca, "round") + 1,
                       "b one round after a");
    }
    else
    {
        // ≤v4.0: checked before dispatch: the round with the restart runs no callback.
        ctx.Check(at20[0].seq < ca->seq, "rebuild before a's callback");
        ctx.CheckEqual(ZephyrIntField(*cb, "round"),
                       ZephyrIntField(*ca, "round"),
                       "a and b in one round");
        bool cbInRebuildRound = false;
        for (const auto& r : ZRecs(ctx, TraceKind::STATE, "round"))
        {
            if (r.seq < at20[0].seq && r.timeNs == at20[0].timeNs)
            {
                cbInRebuildRound = ZephyrIntField(r, "n") == ZephyrIntField(*ca, "round");
            }
        }
        ctx.Check(!cbInRebuildRound, "no callback in the rebuild's round");
    }
    ctx.ExpectClean(h);
}

/// SS26 v4.1-v4.2: no restart in a round where a callback ran (the ret>0 bug).
void
RestartPostponed(ConformanceContext& ctx, ZephyrSemantics sem)
{
    HookGuard guard;
    Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb26_a, &sbb26_b}, sem);
    Ptr<SockbenchHost> h = ctx.Host(0);
    z->SetHandlerDuration(&sbb26_a, MilliSeconds(1));
    Pair x, y;
    ssize_t appDrain = 0;
    g_hook = [&](net_socket_service_event* pev) {
        if (pev->svc == &sbb26_b)
        {
            Drain(pev->event.fd);
        }
        // a: never drains (the app does at 30.5 ms)
    };
    h->Spawn(
        "app",
        [&] {
            x = NewPair(ctx);
            y = NewPair(ctx);
            Reg(ctx, &sbb26_a, {In(x.r)}, "register a");
            h->Sleep(MilliSeconds(9));
            Put(x.w); // 10 ms: a is called every 1 ms from now on
            Put(y.w);
            h->Sleep(MicroSeconds(10500));
            Reg(ctx, &sbb26_b, {In(y.r)}, "register b"); // 20.5 ms
            h->Sleep(MilliSeconds(10));
            appDrain = Drain(x.r); // 30.5 ms
        },
        MilliSeconds(1));
    ZephyrTeardownAt(h, MilliSeconds(50), {&sbb26_a, &sbb26_b}, [&] {
        return std::vector<int>{x.r, x.w, y.r, y.w};
    });
    ZephyrShutdownAt(z, MilliSeconds(100));
    ctx.Run();
    ctx.CheckEqual(appDrain, ssize_t{1}, "the app drains a's fd at 30.5 ms");
    auto cbs = Callbacks(ctx);
    const TraceRecord* cb = FindCb(cbs, &sbb26_b, y.r);
    ctx.Check(cb != nullptr, "b's callback");
    auto postponed = ZRecs(ctx, TraceKind::STATE, "restart-postponed");
    if (sem == ZEPHYR_MAIN)
    {
        // 20.5 ms: the round of 21 ms sees the eventfd and rebuilds at its end (22 ms); the
        // next round serves a (22..23 ms), then b.
        ctx.CheckEqual(postponed.size(), size_t{0}, "restart-postponed records");
        bool at22 = false;
        for (const auto& r : Rebuilds(ctx, "restart"))
        {
            at22 = at22 || r.timeNs == MilliSeconds(22).GetNanoSeconds();
        }
        ctx.Check(at22, "restart rebuild at the end of the 21 ms round");
        if (cb)
        {
            ctx.CheckEqual(cb->timeNs, MilliSeconds(23).GetNanoSeconds(), "b's callback time");
        }
    }
    else
    {
        ctx.Check(postponed.size() >= 9, "restart postponed in every round from 21 to 30 ms");
        for (const auto& r : Rebuilds(ctx, "restart"))
        {
            ctx.Check(r.timeNs <= MilliSeconds(10).GetNanoSeconds() ||
                          r.timeNs > MicroSeconds(30500).GetNanoSeconds(),
                      "no rebuild while a's callback runs every round");
        }
        if (cb)
        {
            ctx.Check(cb->timeNs > MicroSeconds(30500).GetNanoSeconds(),
                      "b served only after a's fd is drained");
        }
    }
    ctx.ExpectClean(h);
}

// ---- SS27 ---------------------------------------------------------------------------------

void
BusyLoop(ConformanceContext& ctx, bool udpPollOut)
{
    HookGuard guard;
    NodeContainer nodes = udpPollOut ? ctx.CreateLinkedNodes(2) : ctx.CreateNodes(1);
    Ptr<Node> node = nodes.Get(nodes.GetN() - 1);
    Ptr<SockbenchHost> h = ctx.Host(nodes.GetN() - 1);
    Ptr<ZephyrNode> z = ZephyrInstall(node, {&sbb27}, ZEPHYR_MAIN, SmallBusyLoopLimit);
    g_hook = [](net_socket_service_event*) {}; // never consumes the readiness
    Pair x;
    int u = -1;
    int fd = -1;
    int lateRet = 1;
    ZephyrNode::ThreadState lateState = ZephyrNode::RUNNING;
    h->Spawn(
        "app",
        [&] {
            if (udpPollOut)
            {
                u = ZephyrUdp(7270);
                fd = u;
                h->Sleep(MilliSeconds(9));
                Reg(ctx, &sbb27, {zsock_pollfd{u, ZSOCK_POLLOUT, 0}}, "register POLLOUT");
            }
            else
            {
                x = NewPair(ctx);
                fd = x.r;
                Reg(ctx, &sbb27, {In(x.r)}, "register");
                h->Sleep(MilliSeconds(9));
                Put(x.w);
            }
        },
        MilliSeconds(1));
    h->Spawn(
        "late",
        [&] {
            lateState = z->GetThreadState();
            zsock_pollfd f[1] = {In(fd)};
            lateRet = net_socket_service_register(&sbb27, f, 1, nullptr);
            for (int c : {x.r, x.w, u})
            {
                if (c >= 0)
                {
                    zsock_close(c);
                }
            }
        },
        MilliSeconds(20));
    ZephyrShutdownAt(z, MilliSeconds(100));
    ctx.Run();
    short want = udpPollOut ? ZSOCK_POLLOUT : ZSOCK_POLLIN;
    if (const TraceRecord* v = ZephyrOneViolation(ctx, "busy-loop"))
    {
        ctx.CheckEqual(v->object, std::string("svc:sbb27"), "violation object");
        ctx.CheckEqual(ZephyrIntField(*v, "fd"), int64_t{fd}, "violation fd");
        ctx.CheckEqual(ZephyrIntField(*v, "revents"), int64_t{want}, "violation revents");
        ctx.CheckEqual(ZephyrIntField(*v, "rounds"),
                       int64_t{50},
                       "violation rounds (BusyLoopLimit)");
        ctx.CheckEqual(v->timeNs, MilliSeconds(10).GetNanoSeconds(), "violation time");
    }
    ctx.CheckEqual(h->GetViolationCount(), 1u, "violations on the host");
    ctx.Check(ZephyrCallCount() >= 45 && ZephyrCallCount() <= 50,
              "about BusyLoopLimit back-to-back callbacks");
    bool allSame = true;
    for (const auto& c : ZephyrCalls())
    {
        allSame = allSame && c.revents == want && c.time == MilliSeconds(10);
    }
    ctx.Check(allSame, "every callback at 10 ms with the same revents");
    ctx.CheckEqual(lateState, ZephyrNode::STOPPED, "thread state after the guard");
    ctx.CheckEqual(lateRet, -EIO, "register after the guard");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(TraceExpectation::Violation("busy-loop"))
                        .Expect(TraceExpectation::State("service-thread")
                                    .OnObject("thread:net_socket_service")
                                    .Field("state", "stopped")));
}

// ---- SS30 ---------------------------------------------------------------------------------

/// A peer closes (FIN, or RST with SO_LINGER 0) a connection the Zephyr node registered.
void
PeerClose(ConformanceContext& ctx, bool rst, short events, Time registerAt)
{
    HookGuard guard;
    NodeContainer nodes = ctx.CreateLinkedNodes(2);
    Ptr<SockbenchHost> client = ctx.Host(0);
    Ptr<SockbenchHost> server = ctx.Host(1);
    Ptr<ZephyrNode> z = ZephyrInstall(nodes.Get(1), {&sbb30});
    int lfd = -1;
    int conn = -1;
    int regRet = 1;
    ssize_t recvRet = 99;
    g_hook = [&](net_socket_service_event* pev) {
        if (pev->event.events & ZSOCK_POLLIN)
        {
            recvRet = Drain(pev->event.fd);
        }
        net_socket_service_unregister(pev->svc);
    };
    server->Spawn(
        "srv",
        [&] {
            lfd = ZephyrTcpListener(7300);
            conn = zsock_accept(lfd, nullptr, nullptr);
            if (Simulator::Now() < registerAt)
            {
                server->Sleep(registerAt - Simulator::Now());
            }
            zsock_pollfd f[1] = {{conn, events, 0}};
            regRet = net_socket_service_register(&sbb30, f, 1, nullptr);
        },
        MilliSeconds(1));
    Ipv4Address to = ctx.GetIpv4(1);
    client->Spawn(
        "cli",
        [&] {
            int c = client->Socket(AF_INET, SOCK_STREAM, 0);
            InetAddr d(to, 7300);
            ctx.CheckEqual(client->Connect(c, d.Addr(), d.len), 0, "connect");
            client->Sleep(MilliSeconds(50) - Simulator::Now());
            if (rst)
            {
                struct linger l;
                l.l_onoff = 1;
                l.l_linger = 0;
                client->SetSockOpt(c, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
            }
            client->Close(c);
        },
        MilliSeconds(10));
    ZephyrTeardownAt(server, MilliSeconds(300), {&sbb30}, [&] {
        return std::vector<int>{conn, lfd};
    });
    ZephyrShutdownAt(z, MilliSeconds(400));
    ctx.Run(Seconds(1)); // TCP timers of the closed connections run on
    ctx.Check(conn >= 0, "accepted");
    ctx.CheckEqual(regRet, 0, "register the connection");
    const auto& log = ZephyrCalls();
    ctx.CheckEqual(log.size(), size_t{1}, "callbacks");
    if (log.empty())
    {
        return;
    }
    short r = log[0].revents;
    std::string what = "revents " + PollName(r);
    if (!rst && (events & ZSOCK_POLLIN))
    {
        ctx.CheckEqual(r, short{ZSOCK_POLLIN | ZSOCK_POLLHUP}, "peer FIN: POLLIN|POLLHUP");
        ctx.CheckEqual(recvRet, ssize_t{0}, "recv after the FIN (EOF)");
    }
    else if (!rst)
    {
        ctx.Check((r & ZSOCK_POLLHUP) != 0, "POLLHUP reported with events=POLLOUT: " + what);
        ctx.Check((r & ZSOCK_POLLIN) == 0, "POLLIN not requested: " + what);
    }
    else
    {
        // The connection is gone: no POLLOUT (SS30: TCP POLLOUT only when connected);
        // POLLIN only when requested.
        short want = ZSOCK_POLLERR | ZSOCK_POLLHUP | (events & ZSOCK_POLLIN);
        ctx.CheckEqual(PollName(r), PollName(want), "RST revents");
        if (events & ZSOCK_POLLIN)
        {
            ctx.Check(recvRet <= 0, "recv after the RST gives no data");
        }
    }
    ctx.Check(log[0].time >= MilliSeconds(50) && log[0].time >= registerAt,
              "callback after the peer's close");
    ctx.ExpectClean(server);
}

} // namespace

void
RegisterZephyrCases_b(ConformanceCatalog& catalog)
{
    // ---- SS18 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS18_layout_bases_and_eventfd_entry",
         {"SS18", "SS22"},
         "counts 2,1,3 give base indices 1,3,4 (array of 7); entry 0 is the eventfd (POLLIN)",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb18_z, &sbb18_x, &sbb18_y});
             Ptr<SockbenchHost> h = ctx.Host(0);
             ctx.CheckEqual(z->GetBaseIndex(&sbb18_x), 1, "base of x (count 2)");
             ctx.CheckEqual(z->GetBaseIndex(&sbb18_y), 3, "base of y (count 1)");
             ctx.CheckEqual(z->GetBaseIndex(&sbb18_z), 4, "base of z (count 3)");
             ctx.CheckEqual(z->GetPollArraySize(), 7u, "array size 1 + 6");
             int efd = -2;
             short ev0 = 0;
             bool polled0 = false;
             ZephyrNode::ThreadState st = ZephyrNode::INIT;
             Pair p[3];
             h->Spawn(
                 "app",
                 [&] {
                     st = z->GetThreadState();
                     efd = z->GetEventFd();
                     polled0 = z->IsPolled(efd, &ev0);
                     for (auto& q : p)
                     {
                         q = NewPair(ctx);
                         Put(q.w);
                     }
                     Reg(ctx,
                         &sbb18_z,
                         {zsock_pollfd{-1, 0, 0}, zsock_pollfd{-1, 0, 0}, In(p[2].r)},
                         "register z");
                     Reg(ctx, &sbb18_y, {In(p[1].r)}, "register y");
                     Reg(ctx, &sbb18_x, {zsock_pollfd{-1, 0, 0}, In(p[0].r)}, "register x");
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(50), {&sbb18_x, &sbb18_y, &sbb18_z}, [&] {
                 return std::vector<int>{p[0].r, p[0].w, p[1].r, p[1].w, p[2].r, p[2].w};
             });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.CheckEqual(st, ZephyrNode::RUNNING, "thread state");
             ctx.CheckEqual(efd, 0, "the eventfd is the lowest free fd");
             ctx.Check(polled0, "the eventfd is polled");
             ctx.CheckEqual(ev0, short{ZSOCK_POLLIN}, "entry 0 events");
             auto cbs = Callbacks(ctx);
             ctx.CheckEqual(cbs.size(), size_t{3}, "callbacks");
             const int64_t want[3][3] = {{p[0].r, 2, 1}, {p[1].r, 3, 0}, {p[2].r, 6, 2}};
             for (size_t i = 0; i < cbs.size() && i < 3; ++i)
             {
                 std::string n = "callback " + std::to_string(i);
                 ctx.CheckEqual(ZephyrIntField(cbs[i], "fd"), want[i][0], n + " fd");
                 ctx.CheckEqual(ZephyrIntField(cbs[i], "index"), want[i][1], n + " index");
                 ctx.CheckEqual(ZephyrIntField(cbs[i], "slot"), want[i][2], n + " slot");
             }
             ctx.ExpectTrace(TraceMatcher()
                                 .Expect(TraceExpectation::State("service-thread")
                                             .OnObject("thread:net_socket_service")
                                             .Field("state", "running"))
                                 .Expect(TraceExpectation::State("rebuild")
                                             .Field("reason", "start")
                                             .At(Seconds(0))));
             ctx.ExpectClean(h);
         }});

    catalog.Add({"SS18_failed_no_services",
                 {"SS18", "SS7"},
                 "no services: the thread goes FAILED, creates no eventfd, register fails",
                 [](ConformanceContext& ctx) {
                     HookGuard guard;
                     Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {});
                     Ptr<SockbenchHost> h = ctx.Host(0);
                     int ret = 1;
                     ZephyrNode::ThreadState st = ZephyrNode::INIT;
                     h->Spawn(
                         "app",
                         [&] {
                             st = z->GetThreadState();
                             zsock_pollfd f[1] = {{-1, ZSOCK_POLLIN, 0}};
                             ret = net_socket_service_register(&sbb18_x, f, 1, nullptr);
                         },
                         MilliSeconds(1));
                     ctx.Run();
                     ctx.CheckEqual(st, ZephyrNode::FAILED, "thread state");
                     ctx.CheckEqual(z->GetEventFd(), -1, "no eventfd");
                     // No service is in the (empty) section: -ENOENT (SS8) or -EIO (SS7).
                     ctx.Check(ret == -EIO || ret == -ENOENT,
                               "register fails (got " + std::to_string(ret) + ")");
                     ctx.ExpectTrace(
                         TraceMatcher().Expect(TraceExpectation::State("service-thread")
                                                   .OnObject("thread:net_socket_service")
                                                   .Field("state", "failed")));
                     ctx.ExpectClean(h);
                 }});

    catalog.Add({"SS18_failed_poll_max_too_small",
                 {"SS18", "SS7"},
                 "1 + sum(count) = 7: PollMax 6 gives FAILED and register -EIO, PollMax 7 runs",
                 [](ConformanceContext& ctx) {
                     HookGuard guard;
                     NodeContainer nodes = ctx.CreateNodes(2);
                     std::vector<Ptr<ZephyrNode>> z;
                     int ret[2] = {1, 1};
                     ZephyrNode::ThreadState st[2] = {ZephyrNode::INIT, ZephyrNode::INIT};
                     for (uint32_t i = 0; i < 2; ++i)
                     {
                         z.push_back(ZephyrInstall(nodes.Get(i),
                                                   {&sbb18_x, &sbb18_y, &sbb18_z},
                                                   ZEPHYR_MAIN,
                                                   [i](ZephyrHelper& hl) {
                                                       hl.SetAttribute("PollMax",
                                                                       UintegerValue(6 + i));
                                                   }));
                         Ptr<SockbenchHost> h = ctx.Host(i);
                         Ptr<ZephyrNode> zi = z.back();
                         // Registers at t=0, while the thread may still be INIT (SS7 waits).
                         h->Spawn("app", [&ret, &st, zi, i] {
                             zsock_pollfd f[1] = {{-1, ZSOCK_POLLIN, 0}};
                             ret[i] = net_socket_service_register(&sbb18_y, f, 1, nullptr);
                             st[i] = zi->GetThreadState();
                             net_socket_service_unregister(&sbb18_y);
                         });
                         ZephyrShutdownAt(zi, MilliSeconds(10));
                     }
                     ctx.Run();
                     ctx.CheckEqual(st[0], ZephyrNode::FAILED, "PollMax 6: state");
                     ctx.CheckEqual(ret[0], -EIO, "PollMax 6: register");
                     ctx.CheckEqual(st[1], ZephyrNode::RUNNING, "PollMax 7: state");
                     ctx.CheckEqual(ret[1], 0, "PollMax 7: register");
                     ctx.ExpectTrace(TraceMatcher().Expect(TraceExpectation::State("service-thread")
                                                               .OnNode(nodes.Get(0)->GetId())
                                                               .Field("state", "failed")));
                     ctx.ExpectClean(ctx.Host(0));
                     ctx.ExpectClean(ctx.Host(1));
                 }});

    // ---- SS19 ---------------------------------------------------------------------------
    catalog.Add({"SS19_a0_before_a",
                 {"SS19", "SS22"},
                 "\"a0_\" < \"a_\": a0 is dispatched first although a is defined and "
                 "registered first",
                 [](ConformanceContext& ctx) {
                     HookGuard guard;
                     Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb19_a, &sbb19_a0});
                     Ptr<SockbenchHost> h = ctx.Host(0);
                     auto svcs = z->GetServices();
                     ctx.CheckEqual(svcs.size(), size_t{2}, "services");
                     ctx.Check(svcs.size() == 2 && svcs[0] == &sbb19_a0 && svcs[1] == &sbb19_a,
                               "section order a0, a");
                     ctx.CheckEqual(z->GetBaseIndex(&sbb19_a0), 1, "base of a0");
                     ctx.CheckEqual(z->GetBaseIndex(&sbb19_a), 2, "base of a");
                     Pair pa, pa0;
                     h->Spawn(
                         "app",
                         [&] {
                             pa = NewPair(ctx);
                             pa0 = NewPair(ctx);
                             Put(pa.w);
                             Put(pa0.w);
                             Reg(ctx, &sbb19_a, {In(pa.r)}, "register a");
                             Reg(ctx, &sbb19_a0, {In(pa0.r)}, "register a0");
                         },
                         MilliSeconds(1));
                     ZephyrTeardownAt(h, MilliSeconds(50), {&sbb19_a, &sbb19_a0}, [&] {
                         return std::vector<int>{pa.r, pa.w, pa0.r, pa0.w};
                     });
                     ZephyrShutdownAt(z, MilliSeconds(100));
                     ctx.Run();
                     ctx.CheckEqual(Order(ctx),
                                    Cb(&sbb19_a0, pa0.r) + " " + Cb(&sbb19_a, pa.r),
                                    "dispatch order");
                     auto cbs = Callbacks(ctx);
                     if (cbs.size() == 2)
                     {
                         ctx.CheckEqual(ZephyrIntField(cbs[0], "round"),
                                        ZephyrIntField(cbs[1], "round"),
                                        "one round");
                     }
                     ctx.ExpectClean(h);
                 }});

    // ---- SS20 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS20_closes_before_copy_in_one_rebuild",
         {"SS20", "SS14", "SS12"},
         "close(a) and register(b) before one rebuild: a's fd is closed first and never polled "
         "again, b's fd is polled; one restart rebuild",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb20_a, &sbb20_b});
             Ptr<SockbenchHost> h = ctx.Host(0);
             Pair x, y;
             int closeRet = 1;
             int appClose = 0;
             int appCloseErr = 0;
             bool xPolled = true;
             bool yPolled = false;
             uint64_t rebuilds = 0;
             h->Spawn(
                 "app",
                 [&] {
                     x = NewPair(ctx);
                     y = NewPair(ctx);
                     Reg(ctx, &sbb20_a, {In(x.r)}, "register a");
                     h->Sleep(MilliSeconds(5));
                     // One instant: both requests before the thread's next rebuild.
                     closeRet = net_socket_service_close(&sbb20_a);
                     Reg(ctx, &sbb20_b, {In(y.r)}, "register b");
                     h->Sleep(MilliSeconds(5));
                     xPolled = z->IsPolled(x.r);
                     yPolled = z->IsPolled(y.r);
                     rebuilds = z->GetRebuildCount();
                     appClose = zsock_close(x.r);
                     appCloseErr = zsock_errno();
                     h->Sleep(MilliSeconds(10));
                     Put(y.w);
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(50), {&sbb20_a, &sbb20_b}, [&] {
                 return std::vector<int>{x.w, y.r, y.w};
             });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.CheckEqual(closeRet, 0, "net_socket_service_close");
             ctx.CheckEqual(rebuilds, uint64_t{3}, "rebuilds: start, register a, close+register");
             ctx.Check(!xPolled, "a's closed fd is not in the array");
             ctx.Check(yPolled, "b's fd is in the array after the same rebuild");
             ctx.CheckEqual(appClose, -1, "the app's close of a's fd");
             ctx.CheckEqual(appCloseErr, EBADF, "errno of the app's close");
             auto restarts = Rebuilds(ctx, "restart");
             ctx.CheckEqual(restarts.size(), size_t{3}, "restart rebuilds (+1 for teardown)");
             if (restarts.size() >= 2)
             {
                 ctx.CheckEqual(ZephyrField(restarts[1], "closed"),
                                std::to_string(x.r),
                                "closed field of the rebuild");
                 ctx.CheckEqual(restarts[1].timeNs,
                                MilliSeconds(6).GetNanoSeconds(),
                                "one rebuild at 6 ms");
             }
             ctx.CheckEqual(ZRecs(ctx, TraceKind::STATE, "lookup-miss").size(),
                            size_t{0},
                            "no POLLNVAL lookup miss for the closed fd");
             ctx.CheckEqual(Order(ctx), Cb(&sbb20_b, y.r), "callbacks");
             ctx.ExpectClean(h);
         }});

    // ---- SS21 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS21_data_during_handler_next_round",
         {"SS21", "SS22"},
         "with HandlerDuration 1 ms, data arriving during a handler is served in the next "
         "round; a negative fd is never in the snapshot",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb21});
             Ptr<SockbenchHost> h = ctx.Host(0);
             z->SetHandlerDuration(&sbb21, MilliSeconds(1));
             Pair p1, p2;
             h->Spawn(
                 "app",
                 [&] {
                     p1 = NewPair(ctx);
                     p2 = NewPair(ctx);
                     Reg(ctx,
                         &sbb21,
                         {zsock_pollfd{-1, ZSOCK_POLLIN, 0}, In(p1.r), In(p2.r)},
                         "register");
                     h->Sleep(MilliSeconds(9));
                     Put(p1.w); // 10 ms
                     h->Sleep(MicroSeconds(500));
                     Put(p2.w); // 10.5 ms: p1's handler is running
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(50), {&sbb21}, [&] {
                 return std::vector<int>{p1.r, p1.w, p2.r, p2.w};
             });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             const auto& log = ZephyrCalls();
             ctx.CheckEqual(log.size(), size_t{2}, "callbacks");
             if (log.size() == 2)
             {
                 ctx.CheckEqual(log[0].fd, p1.r, "first fd");
                 ctx.CheckEqual(log[0].time, MilliSeconds(10), "first time");
                 ctx.CheckEqual(log[1].fd, p2.r, "second fd");
                 ctx.CheckEqual(log[1].time, MilliSeconds(11), "second time (after the handler)");
             }
             auto cbs = Callbacks(ctx);
             if (cbs.size() == 2)
             {
                 ctx.CheckEqual(ZephyrIntField(cbs[1], "round"),
                                ZephyrIntField(cbs[0], "round") + 1,
                                "next round");
             }
             for (const auto& r : ZRecs(ctx, TraceKind::STATE, "round"))
             {
                 std::string list = "," + ZephyrField(r, "revents");
                 ctx.Check(list.find(",1:") == std::string::npos,
                           "the fd -1 entry (index 1) in a snapshot: " + list);
                 if (r.timeNs == MilliSeconds(10).GetNanoSeconds())
                 {
                     ctx.CheckEqual(ZephyrField(r, "revents"),
                                    std::string("2:1"),
                                    "snapshot at 10 ms");
                 }
             }
             ctx.ExpectClean(h);
         }});

    // ---- SS22 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS22_order_service_then_slot_position",
         {"SS22", "SS19"},
         "2 services x 2 slots all ready: (service, slot) order; [x] then [y,x]: y is slot 0 "
         "and fires first",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb22_b, &sbb22_a});
             Ptr<SockbenchHost> h = ctx.Host(0);
             Pair a0, a1, b0, b1;
             h->Spawn(
                 "app",
                 [&] {
                     a0 = NewPair(ctx);
                     a1 = NewPair(ctx);
                     b0 = NewPair(ctx);
                     b1 = NewPair(ctx);
                     for (int w : {b1.w, a1.w, b0.w, a0.w})
                     {
                         Put(w);
                     }
                     Reg(ctx, &sbb22_b, {In(b0.r), In(b1.r)}, "register b");
                     Reg(ctx, &sbb22_a, {In(a0.r), In(a1.r)}, "register a");
                     h->Sleep(MilliSeconds(19));
                     // x = a1 alone, then [y, x] = [a0, a1]; x becomes ready first.
                     Reg(ctx, &sbb22_a, {In(a1.r)}, "register a [x]");
                     h->Sleep(MilliSeconds(10));
                     Reg(ctx, &sbb22_a, {In(a0.r), In(a1.r)}, "register a [y, x]");
                     h->Sleep(MilliSeconds(10));
                     Put(a1.w); // 40 ms
                     Put(a0.w);
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(60), {&sbb22_a, &sbb22_b}, [&] {
                 return std::vector<int>{a0.r, a0.w, a1.r, a1.w, b0.r, b0.w, b1.r, b1.w};
             });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.CheckEqual(Order(ctx),
                            Cb(&sbb22_a, a0.r) + " " + Cb(&sbb22_a, a1.r) + " " +
                                Cb(&sbb22_b, b0.r) + " " + Cb(&sbb22_b, b1.r) + " " +
                                Cb(&sbb22_a, a0.r) + " " + Cb(&sbb22_a, a1.r),
                            "dispatch order");
             auto cbs = Callbacks(ctx);
             if (cbs.size() == 6)
             {
                 const int64_t slots[6] = {0, 1, 0, 1, 0, 1};
                 const int64_t idx[6] = {1, 2, 3, 4, 1, 2};
                 for (size_t i = 0; i < 6; ++i)
                 {
                     ctx.CheckEqual(ZephyrIntField(cbs[i], "slot"),
                                    slots[i],
                                    "slot " + std::to_string(i));
                     ctx.CheckEqual(ZephyrIntField(cbs[i], "index"),
                                    idx[i],
                                    "index " + std::to_string(i));
                 }
                 ctx.CheckEqual(ZephyrIntField(cbs[3], "round"),
                                ZephyrIntField(cbs[0], "round"),
                                "one round");
                 ctx.CheckEqual(cbs[4].timeNs, MilliSeconds(40).GetNanoSeconds(), "y at 40 ms");
                 ctx.CheckEqual(ZephyrIntField(cbs[5], "round"),
                                ZephyrIntField(cbs[4], "round"),
                                "y, x one round");
             }
             ctx.ExpectClean(h);
         }});

    // ---- SS23 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS23_same_fd_goes_to_first_service",
         {"SS23", "SS32"},
         "one fd registered in services a and b: both entries are served by a's handler, b "
         "never runs",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb23d_a, &sbb23d_b});
             Ptr<SockbenchHost> h = ctx.Host(0);
             Pair x;
             h->Spawn(
                 "app",
                 [&] {
                     x = NewPair(ctx);
                     Reg(ctx, &sbb23d_b, {In(x.r)}, "register b");
                     Reg(ctx, &sbb23d_a, {In(x.r)}, "register a");
                     h->Sleep(MilliSeconds(9));
                     Put(x.w);
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(50), {&sbb23d_a, &sbb23d_b}, [&] {
                 return std::vector<int>{x.r, x.w};
             });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.CheckEqual(ZephyrCallCount("sbb23d_b"), size_t{0}, "callbacks of b");
             ctx.CheckEqual(Order(ctx),
                            Cb(&sbb23d_a, x.r) + " " + Cb(&sbb23d_a, x.r),
                            "both entries go to a");
             auto cbs = Callbacks(ctx);
             if (cbs.size() == 2)
             {
                 ctx.CheckEqual(ZephyrIntField(cbs[0], "index"), int64_t{1}, "a's own entry");
                 ctx.CheckEqual(ZephyrIntField(cbs[1], "index"),
                                int64_t{2},
                                "b's entry, routed to a");
                 ctx.CheckEqual(ZephyrIntField(cbs[1], "slot"), int64_t{0}, "a's slot 0");
                 ctx.CheckEqual(ZephyrIntField(cbs[1], "round"),
                                ZephyrIntField(cbs[0], "round"),
                                "one round");
             }
             ctx.ExpectClean(h);
         }});

    catalog.Add({"SS23_lookup_miss_main_abandons_round",
                 {"SS23", "SS13", "SS20"},
                 "MAIN: a handler unregisters a service whose entry is ready: lookup-miss, the "
                 "rest of the round is dropped, rebuild \"lookup-miss\" without reading the "
                 "eventfd",
                 [](ConformanceContext& ctx) { LookupMiss(ctx, ZEPHYR_MAIN); }});

    catalog.Add({"SS23_lookup_miss_v4_0_continues",
                 {"SS23", "SS13"},
                 "V4_0: the lookup miss is only logged; later entries of the round are served",
                 [](ConformanceContext& ctx) { LookupMiss(ctx, ZEPHYR_V4_0); }});

    // ---- SS24 ---------------------------------------------------------------------------
    catalog.Add({"SS24_entry_skipped_main",
                 {"SS24", "SS20", "SS28"},
                 "MAIN: a handler re-registers a ready fd of another service with POLLOUT: "
                 "entry-skipped, no callback, polled with POLLOUT after the rebuild",
                 [](ConformanceContext& ctx) { ReconfiguredEntry(ctx, ZEPHYR_MAIN); }});

    catalog.Add({"SS24_dispatched_on_v4_3",
                 {"SS24", "SS25"},
                 "V4_3 (before PR #115800): the reconfigured ready entry is dispatched with "
                 "its stale POLLIN",
                 [](ConformanceContext& ctx) { ReconfiguredEntry(ctx, ZEPHYR_V4_3); }});

    // ---- SS25 ---------------------------------------------------------------------------
    catalog.Add({"SS25_main_disarms_reconfigured_entry",
                 {"SS25", "SS24"},
                 "MAIN: a handler re-registers its own fd with POLLOUT: entry-disarmed, the "
                 "next callback has the new mask",
                 [](ConformanceContext& ctx) { ReenableOwnEntry(ctx, ZEPHYR_MAIN); }});

    catalog.Add({"SS25_v4_1_rearms_unconditionally",
                 {"SS25", "SS26"},
                 "V4_1: the entry is re-armed with the old mask: one more callback with POLLIN",
                 [](ConformanceContext& ctx) { ReenableOwnEntry(ctx, ZEPHYR_V4_1); }});

    catalog.Add({"SS25_v4_0_copies_back_all_slots",
                 {"SS25"},
                 "V4_0: after a handler all its service's slots are copied back: a new fd it "
                 "registered is polled before any rebuild",
                 [](ConformanceContext& ctx) {
                     CopyBackAll(ctx, ZEPHYR_V4_0, &sbb25c_a, &sbb25c_b, true);
                 }});

    catalog.Add({"SS25_v3_6_copies_back_all_slots",
                 {"SS25", "SS33"},
                 "V3_6: the new fd registered by a handler is polled before any rebuild",
                 [](ConformanceContext& ctx) {
                     CopyBackAll(ctx, ZEPHYR_V3_6, &sbb25w_a, &sbb25w_b, true);
                 }});

    catalog.Add({"SS25_main_no_copy_back",
                 {"SS25", "SS28"},
                 "MAIN: only the handler's own entry is re-enabled; the new fd waits for the "
                 "rebuild",
                 [](ConformanceContext& ctx) {
                     CopyBackAll(ctx, ZEPHYR_MAIN, &sbb25c_a, &sbb25c_b, false);
                 }});

    // ---- SS26 ---------------------------------------------------------------------------
    catalog.Add({"SS26_main_callbacks_then_rebuild",
                 {"SS26", "SS20"},
                 "MAIN: restart request and ready data in one snapshot: callback first, then "
                 "the rebuild, the new fd in the next round",
                 [](ConformanceContext& ctx) { RestartTiming(ctx, ZEPHYR_MAIN); }});

    catalog.Add({"SS26_v4_0_rebuild_before_dispatch",
                 {"SS26", "SS20"},
                 "V4_0: the restart is checked before dispatch: no callback in that round",
                 [](ConformanceContext& ctx) { RestartTiming(ctx, ZEPHYR_V4_0); }});

    catalog.Add({"SS26_v4_1_restart_postponed_while_callbacks_run",
                 {"SS26"},
                 "V4_1: an undrained fd (handler 1 ms) keeps a callback in every round, so the "
                 "restart waits until the app drains it",
                 [](ConformanceContext& ctx) { RestartPostponed(ctx, ZEPHYR_V4_1); }});

    catalog.Add({"SS26_main_restart_not_postponed",
                 {"SS26"},
                 "MAIN: same scenario as the V4_1 case: the new fd is served at once",
                 [](ConformanceContext& ctx) { RestartPostponed(ctx, ZEPHYR_MAIN); }});

    // ---- SS27 ---------------------------------------------------------------------------
    catalog.Add({"SS27_undrained_busy_loop_guard",
                 {"SS27"},
                 "a handler that never reads: back-to-back callbacks, busy-loop after "
                 "BusyLoopLimit rounds, thread STOPPED, later register -EIO",
                 [](ConformanceContext& ctx) { BusyLoop(ctx, false); }});

    catalog.Add({"SS27_udp_pollout_busy_loop_guard",
                 {"SS27", "SS30"},
                 "POLLOUT registered on a UDP socket: writable every round, busy-loop",
                 [](ConformanceContext& ctx) { BusyLoop(ctx, true); }});

    // ---- SS28 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS28_register_from_handler_rebuild_next_round",
         {"SS28", "SS26", "SS15"},
         "register from a handler in round r: round r+1 serves the stale ready entries, then "
         "rebuilds",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb28_a, &sbb28_b});
             Ptr<SockbenchHost> h = ctx.Host(0);
             Pair x, y, w;
             int regRet = 1;
             int yCalls = 0;
             g_hook = [&](net_socket_service_event* pev) {
                 int fd = pev->event.fd;
                 if (fd == x.r)
                 {
                     Drain(fd);
                     if (regRet == 1)
                     {
                         zsock_pollfd f[1] = {In(x.r)};
                         regRet = net_socket_service_register(&sbb28_a, f, 1, nullptr);
                     }
                 }
                 else if (fd != y.r || ++yCalls > 1)
                 {
                     Drain(fd); // y is left ready after its first call
                 }
             };
             h->Spawn(
                 "app",
                 [&] {
                     x = NewPair(ctx);
                     y = NewPair(ctx);
                     w = NewPair(ctx);
                     Put(x.w);
                     Put(y.w);
                     Put(w.w);
                     Reg(ctx, &sbb28_b, {In(y.r), In(w.r)}, "register b");
                     Reg(ctx, &sbb28_a, {In(x.r)}, "register a");
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(50), {&sbb28_a, &sbb28_b}, [&] {
                 return std::vector<int>{x.r, x.w, y.r, y.w, w.r, w.w};
             });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.CheckEqual(regRet, 0, "register from the handler");
             ctx.CheckEqual(Order(ctx),
                            Cb(&sbb28_a, x.r) + " " + Cb(&sbb28_b, y.r) + " " + Cb(&sbb28_b, w.r) +
                                " " + Cb(&sbb28_b, y.r),
                            "callbacks");
             auto cbs = Callbacks(ctx);
             if (cbs.size() != 4)
             {
                 return;
             }
             int64_t r = ZephyrIntField(cbs[0], "round");
             ctx.CheckEqual(ZephyrIntField(cbs[2], "round"), r, "round r serves a, b/y, b/w");
             ctx.CheckEqual(ZephyrIntField(cbs[3], "round"), r + 1, "round r+1 serves the stale y");
             bool rebuildInR = false;
             const TraceRecord* rebuild = nullptr;
             for (const auto& rb : Rebuilds(ctx, "restart"))
             {
                 rebuildInR = rebuildInR || (rb.seq > cbs[0].seq && rb.seq < cbs[3].seq);
                 if (!rebuild && rb.seq > cbs[3].seq)
                 {
                     rebuild = &rb;
                 }
             }
             ctx.Check(!rebuildInR, "no rebuild at the end of round r");
             ctx.Check(rebuild != nullptr, "rebuild after round r+1's stale callback");
             bool roundOk = false;
             for (const auto& rr : ZRecs(ctx, TraceKind::STATE, "round"))
             {
                 if (ZephyrIntField(rr, "n") == r + 1)
                 {
                     roundOk = ZephyrField(rr, "revents") == "0:1,2:1";
                 }
             }
             ctx.Check(roundOk, "round r+1 snapshot has the eventfd and y (\"0:1,2:1\")");
             ctx.ExpectClean(h);
         }});

    // ---- SS29 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS29_poll_failure_stops_thread",
         {"SS29", "SS7"},
         "FailNextPoll: the thread goes STOPPED, no callback for ready data, register "
         "gives -EIO",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb29});
             Ptr<SockbenchHost> h = ctx.Host(0);
             Pair x;
             int lateRet = 1;
             ZephyrNode::ThreadState lateState = ZephyrNode::RUNNING;
             h->Spawn(
                 "app",
                 [&] {
                     x = NewPair(ctx);
                     Reg(ctx, &sbb29, {In(x.r)}, "register");
                     h->Sleep(MilliSeconds(19));
                     Put(x.w); // 20 ms
                     h->Sleep(MilliSeconds(10));
                     lateState = z->GetThreadState();
                     zsock_pollfd f[1] = {In(x.r)};
                     lateRet = net_socket_service_register(&sbb29, f, 1, nullptr);
                     zsock_close(x.r);
                     zsock_close(x.w);
                 },
                 MilliSeconds(1));
             Simulator::Schedule(MilliSeconds(10), [z] { z->FailNextPoll(); });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.CheckEqual(ZephyrCallCount(), size_t{0}, "callbacks");
             ctx.CheckEqual(lateState, ZephyrNode::STOPPED, "thread state");
             ctx.CheckEqual(lateRet, -EIO, "register after the poll failure");
             ctx.ExpectTrace(
                 TraceMatcher()
                     .Expect(TraceExpectation::State("poll-failed"))
                     .Expect(TraceExpectation::State("service-thread").Field("state", "stopped"))
                     .Expect(TraceExpectation::Return("net_socket_service_register")
                                 .Field("ret", -EIO)));
             ctx.ExpectClean(h);
         }});

    // ---- SS30 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS30_udp_always_pollout",
         {"SS30"},
         "UDP registered with POLLIN|POLLOUT and no data: revents POLLOUT",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             NodeContainer nodes = ctx.CreateLinkedNodes(2);
             Ptr<SockbenchHost> h = ctx.Host(1);
             Ptr<ZephyrNode> z = ZephyrInstall(nodes.Get(1), {&sbb30});
             g_hook = [](net_socket_service_event* pev) {
                 net_socket_service_unregister(pev->svc);
             };
             int u = -1;
             h->Spawn(
                 "app",
                 [&] {
                     u = ZephyrUdp(7301);
                     Reg(ctx,
                         &sbb30,
                         {zsock_pollfd{u, ZSOCK_POLLIN | ZSOCK_POLLOUT, 0}},
                         "register");
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(50), {&sbb30}, [&] { return std::vector<int>{u}; });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             const auto& log = ZephyrCalls();
             ctx.CheckEqual(log.size(), size_t{1}, "callbacks");
             if (!log.empty())
             {
                 ctx.CheckEqual(log[0].revents, short{ZSOCK_POLLOUT}, "revents");
                 ctx.CheckEqual(log[0].events,
                                short{ZSOCK_POLLIN | ZSOCK_POLLOUT},
                                "events as registered");
             }
             ctx.ExpectClean(h);
         }});

    catalog.Add({"SS30_listener_pending_connection_pollin",
                 {"SS30"},
                 "a TCP listener with a pending connection: revents POLLIN; accept then succeeds",
                 [](ConformanceContext& ctx) {
                     HookGuard guard;
                     NodeContainer nodes = ctx.CreateLinkedNodes(2);
                     Ptr<SockbenchHost> client = ctx.Host(0);
                     Ptr<SockbenchHost> h = ctx.Host(1);
                     Ptr<ZephyrNode> z = ZephyrInstall(nodes.Get(1), {&sbb30});
                     int lfd = -1;
                     int acc = -1;
                     g_hook = [&](net_socket_service_event* pev) {
                         acc = zsock_accept(pev->event.fd, nullptr, nullptr);
                     };
                     h->Spawn(
                         "app",
                         [&] {
                             lfd = ZephyrTcpListener(7302);
                             Reg(ctx, &sbb30, {In(lfd)}, "register the listener");
                         },
                         MilliSeconds(1));
                     Ipv4Address to = ctx.GetIpv4(1);
                     client->Spawn(
                         "cli",
                         [&] {
                             int c = client->Socket(AF_INET, SOCK_STREAM, 0);
                             InetAddr d(to, 7302);
                             ctx.CheckEqual(client->Connect(c, d.Addr(), d.len), 0, "connect");
                             client->Sleep(MilliSeconds(100));
                             client->Close(c);
                         },
                         MilliSeconds(10));
                     ZephyrTeardownAt(h, MilliSeconds(50), {&sbb30}, [&] {
                         return std::vector<int>{acc, lfd};
                     });
                     ZephyrShutdownAt(z, MilliSeconds(300));
                     ctx.Run(Seconds(1));
                     const auto& log = ZephyrCalls();
                     ctx.CheckEqual(log.size(), size_t{1}, "callbacks");
                     if (!log.empty())
                     {
                         ctx.CheckEqual(log[0].fd, lfd, "listener fd");
                         ctx.CheckEqual(log[0].revents, short{ZSOCK_POLLIN}, "revents");
                     }
                     ctx.Check(acc >= 0, "accept in the handler");
                     ctx.ExpectClean(h);
                 }});

    catalog.Add({"SS30_peer_fin_pollin_pollhup_then_recv_0",
                 {"SS30"},
                 "a peer's FIN: revents POLLIN|POLLHUP, recv gives 0",
                 [](ConformanceContext& ctx) { PeerClose(ctx, false, ZSOCK_POLLIN, Seconds(0)); }});

    catalog.Add({"SS30_peer_rst_pollerr_pollhup",
                 {"SS30"},
                 "a peer's RST (SO_LINGER 0): revents has POLLERR|POLLHUP",
                 [](ConformanceContext& ctx) { PeerClose(ctx, true, ZSOCK_POLLIN, Seconds(0)); }});

    catalog.Add(
        {"SS30_hup_reported_with_pollout_mask",
         {"SS30"},
         "events = POLLOUT after a peer's FIN: POLLHUP is reported anyway, POLLIN is "
         "not",
         [](ConformanceContext& ctx) { PeerClose(ctx, false, ZSOCK_POLLOUT, MilliSeconds(100)); }});

    catalog.Add(
        {"SS30_err_reported_with_pollout_mask",
         {"SS30"},
         "events = POLLOUT after a peer's RST: POLLERR|POLLHUP are reported anyway",
         [](ConformanceContext& ctx) { PeerClose(ctx, true, ZSOCK_POLLOUT, MilliSeconds(100)); }});

    // ---- SS31 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS31_closed_registered_fd_pollnval_busy_loop",
         {"SS31", "SS27"},
         "a handler closes its fd without re-registering: POLLNVAL every round, busy-loop",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z =
                 ZephyrInstallOneNode(ctx, {&sbb31}, ZEPHYR_MAIN, SmallBusyLoopLimit);
             Ptr<SockbenchHost> h = ctx.Host(0);
             Pair x;
             int closeRet = 1;
             g_hook = [&](net_socket_service_event* pev) {
                 if (pev->event.revents & ZSOCK_POLLIN)
                 {
                     Drain(pev->event.fd);
                     closeRet = zsock_close(pev->event.fd); // still registered
                 }
             };
             h->Spawn(
                 "app",
                 [&] {
                     x = NewPair(ctx);
                     Reg(ctx, &sbb31, {In(x.r)}, "register");
                     h->Sleep(MilliSeconds(9));
                     Put(x.w);
                 },
                 MilliSeconds(1));
             h->Spawn(
                 "late",
                 [&] { zsock_close(x.w); },
                 MilliSeconds(30));
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.CheckEqual(closeRet, 0, "close from the handler");
             const auto& log = ZephyrCalls();
             ctx.Check(log.size() >= 40, "back-to-back callbacks");
             bool nval = log.size() > 1;
             for (size_t i = 1; i < log.size(); ++i)
             {
                 nval = nval && log[i].revents == ZSOCK_POLLNVAL && log[i].fd == x.r &&
                        log[i].time == MilliSeconds(10);
             }
             ctx.Check(nval, "every later callback has POLLNVAL for the closed fd");
             if (const TraceRecord* v = ZephyrOneViolation(ctx, "busy-loop"))
             {
                 ctx.CheckEqual(ZephyrIntField(*v, "fd"), int64_t{x.r}, "violation fd");
                 ctx.CheckEqual(ZephyrIntField(*v, "revents"),
                                int64_t{ZSOCK_POLLNVAL},
                                "violation revents");
             }
             ctx.CheckEqual(h->GetViolationCount(), 1u, "violations (no close-while-polled)");
             ctx.CheckEqual(z->GetThreadState(), ZephyrNode::STOPPED, "thread state");
         }});

    catalog.Add(
        {"SS31_fd_reuse_stale_registration",
         {"SS31", "SS23"},
         "a handler closes its pair and opens a new one (same numbers): the stale "
         "registration fires for the new socket's data",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb31});
             Ptr<SockbenchHost> h = ctx.Host(0);
             Pair x, n;
             int calls = 0;
             g_hook = [&](net_socket_service_event* pev) {
                 Drain(pev->event.fd);
                 if (++calls == 1)
                 {
                     zsock_close(x.r);
                     zsock_close(x.w);
                     n = NewPair(ctx); // lowest free numbers: x.r, x.w
                 }
             };
             h->Spawn(
                 "app",
                 [&] {
                     x = NewPair(ctx);
                     Reg(ctx, &sbb31, {In(x.r)}, "register");
                     h->Sleep(MilliSeconds(9));
                     Put(x.w); // 10 ms
                     h->Sleep(MilliSeconds(10));
                     Put(n.w); // 20 ms: the new socket, never registered
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(50), {&sbb31}, [&] {
                 return std::vector<int>{n.r, n.w};
             });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.CheckEqual(n.r, x.r, "the new socket got the old number");
             const auto& log = ZephyrCalls();
             ctx.CheckEqual(log.size(), size_t{2}, "callbacks");
             if (log.size() == 2)
             {
                 ctx.CheckEqual(log[1].fd, x.r, "stale registration's fd");
                 ctx.CheckEqual(log[1].revents, short{ZSOCK_POLLIN}, "new socket's data");
                 ctx.CheckEqual(log[1].time, MilliSeconds(20), "when the new socket got data");
             }
             ctx.ExpectClean(h);
         }});

    // ---- SS32 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS32_blocking_handler_stalls_other_services",
         {"SS32", "SS17"},
         "a's handler blocks in recv for 10 ms: b's data (at 11 ms) is served only at 20 ms",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb32_a, &sbb32_b});
             Ptr<SockbenchHost> h = ctx.Host(0);
             Pair a, b;
             ssize_t blocked = 0;
             Time unblocked;
             g_hook = [&](net_socket_service_event* pev) {
                 Drain(pev->event.fd);
                 if (pev->svc == &sbb32_a && blocked == 0)
                 {
                     char c;
                     blocked = zsock_recv(pev->event.fd, &c, 1, 0); // nothing queued: blocks
                     unblocked = Simulator::Now();
                 }
             };
             h->Spawn(
                 "app",
                 [&] {
                     a = NewPair(ctx);
                     b = NewPair(ctx);
                     Reg(ctx, &sbb32_a, {In(a.r)}, "register a");
                     Reg(ctx, &sbb32_b, {In(b.r)}, "register b");
                     h->Sleep(MilliSeconds(9));
                     Put(a.w); // 10 ms
                     h->Sleep(MilliSeconds(1));
                     Put(b.w); // 11 ms
                     h->Sleep(MilliSeconds(9));
                     Put(a.w); // 20 ms: a's handler returns
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(50), {&sbb32_a, &sbb32_b}, [&] {
                 return std::vector<int>{a.r, a.w, b.r, b.w};
             });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.CheckEqual(blocked, ssize_t{1}, "blocking recv in a's handler");
             ctx.CheckEqual(unblocked, MilliSeconds(20), "a's handler unblocked");
             ctx.CheckEqual(Order(ctx), Cb(&sbb32_a, a.r) + " " + Cb(&sbb32_b, b.r), "order");
             const auto& log = ZephyrCalls();
             if (log.size() == 2)
             {
                 ctx.CheckEqual(log[0].time, MilliSeconds(10), "a's callback");
                 ctx.CheckEqual(log[1].time, MilliSeconds(20), "b waits for a's handler");
             }
             ctx.ExpectClean(h);
         }});

    catalog.Add(
        {"SS32_drained_entry_still_dispatched_eagain",
         {"SS32", "SS21"},
         "a's handler drains b's socket too: b is still called (snapshot revents) and its "
         "non-blocking recv gives EAGAIN",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb32_a, &sbb32_b});
             Ptr<SockbenchHost> h = ctx.Host(0);
             Pair a, b;
             ssize_t aDrainsB = 0;
             ssize_t bRecv = 0;
             int bErr = 0;
             g_hook = [&](net_socket_service_event* pev) {
                 if (pev->svc == &sbb32_a)
                 {
                     Drain(a.r);
                     aDrainsB = Drain(b.r);
                 }
                 else
                 {
                     bRecv = Drain(pev->event.fd);
                     bErr = zsock_errno();
                 }
             };
             h->Spawn(
                 "app",
                 [&] {
                     a = NewPair(ctx);
                     b = NewPair(ctx);
                     Put(a.w);
                     Put(b.w);
                     Reg(ctx, &sbb32_b, {In(b.r)}, "register b");
                     Reg(ctx, &sbb32_a, {In(a.r)}, "register a");
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(50), {&sbb32_a, &sbb32_b}, [&] {
                 return std::vector<int>{a.r, a.w, b.r, b.w};
             });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.CheckEqual(aDrainsB, ssize_t{1}, "a's handler read b's byte");
             ctx.CheckEqual(Order(ctx), Cb(&sbb32_a, a.r) + " " + Cb(&sbb32_b, b.r), "order");
             const auto& log = ZephyrCalls();
             if (log.size() == 2)
             {
                 ctx.CheckEqual(log[1].revents, short{ZSOCK_POLLIN}, "b's snapshot revents");
             }
             ctx.CheckEqual(bRecv, ssize_t{-1}, "b's recv");
             ctx.CheckEqual(bErr, EAGAIN, "b's errno");
             ctx.ExpectClean(h);
         }});

    // ---- SS33 ---------------------------------------------------------------------------
    catalog.Add(
        {"SS33_v3_6_async_runs_on_sysworkq",
         {"SS33", "SS25"},
         "V3_6 ASYNC: submit on the service thread, callback on sysworkq; the entry stays "
         "disabled until the work ran; SYNC(work_q) runs on the service thread",
         [](ConformanceContext& ctx) {
             HookGuard guard;
             Ptr<ZephyrNode> z =
                 ZephyrInstallOneNode(ctx, {&sbb33_async, &sbb33_sync}, ZEPHYR_V3_6);
             Ptr<SockbenchHost> h = ctx.Host(0);
             z->SetHandlerDuration(&sbb33_async, MilliSeconds(5));
             Pair x, s;
             bool polledDuring = true;
             bool polledAfter = false;
             h->Spawn(
                 "app",
                 [&] {
                     x = NewPair(ctx);
                     s = NewPair(ctx);
                     Reg(ctx, &sbb33_async, {In(x.r)}, "register async");
                     Reg(ctx, &sbb33_sync, {In(s.r)}, "register sync");
                     h->Sleep(MilliSeconds(9));
                     Put(x.w); // 10 ms: work item runs 10..15 ms
                     h->Sleep(MilliSeconds(2));
                     polledDuring = z->IsPolled(x.r);
                     Put(x.w); // 12 ms: not seen until the work copied the slots back
                     h->Sleep(MilliSeconds(9));
                     polledAfter = z->IsPolled(x.r); // 21 ms (second work ended at 20 ms)
                     h->Sleep(MilliSeconds(9));
                     Put(s.w); // 30 ms
                 },
                 MilliSeconds(1));
             ZephyrTeardownAt(h, MilliSeconds(50), {&sbb33_async, &sbb33_sync}, [&] {
                 return std::vector<int>{x.r, x.w, s.r, s.w};
             });
             ZephyrShutdownAt(z, MilliSeconds(100));
             ctx.Run();
             ctx.Check(!polledDuring, "entry disabled while the work item is pending/running");
             ctx.Check(polledAfter, "entry re-enabled after the work ran");
             auto submits = ZRecs(ctx, TraceKind::UPCALL, "submit");
             auto cbs = Callbacks(ctx);
             ctx.CheckEqual(submits.size(), size_t{2}, "submits");
             std::vector<TraceRecord> asyncCbs;
             std::vector<TraceRecord> syncCbs;
             for (const auto& r : cbs)
             {
                 (r.object == "svc:sbb33_async" ? asyncCbs : syncCbs).push_back(r);
             }
             ctx.CheckEqual(asyncCbs.size(), size_t{2}, "async callbacks");
             ctx.CheckEqual(syncCbs.size(), size_t{1}, "sync callbacks");
             if (submits.size() == 2 && asyncCbs.size() == 2)
             {
                 ctx.CheckEqual(submits[0].object, std::string("svc:sbb33_async"), "submit");
                 ctx.CheckEqual(submits[0].thread, z->GetThreadId(), "submit thread");
                 ctx.Check(submits[0].seq < asyncCbs[0].seq, "submit, then callback");
                 ctx.CheckEqual(ZephyrField(asyncCbs[0], "thread"),
                                std::string("sysworkq"),
                                "field");
                 ctx.Check(asyncCbs[0].thread != z->GetThreadId(),
                           "callback not on the service thread");
                 ctx.CheckEqual(submits[0].timeNs, MilliSeconds(10).GetNanoSeconds(), "1st");
                 ctx.CheckEqual(submits[1].timeNs,
                                MilliSeconds(15).GetNanoSeconds(),
                                "2nd submit only after the first work item ended");
             }
             if (!syncCbs.empty())
             {
                 ctx.CheckEqual(syncCbs[0].thread, z->GetThreadId(), "SYNC(work_q) thread");
                 ctx.CheckEqual(syncCbs[0].timeNs, MilliSeconds(30).GetNanoSeconds(), "sync");
             }
             ctx.CheckEqual(ZephyrCallCount("sbb33_async"), size_t{2}, "async handler calls");
             ctx.CheckEqual(ZephyrCallCount("sbb33_sync"), size_t{1}, "sync handler calls");
             ctx.ExpectClean(h);
         }});

    catalog.Add({"SS33_main_refuses_async_define",
                 {"SS33", "SS18"},
                 "MAIN: an ASYNC define is not in the version: api-not-in-version, the service "
                 "is left out",
                 [](ConformanceContext& ctx) {
                     HookGuard guard;
                     Ptr<ZephyrNode> z = ZephyrInstallOneNode(ctx, {&sbb33_async});
                     Ptr<SockbenchHost> h = ctx.Host(0);
                     int ret = 1;
                     h->Spawn(
                         "app",
                         [&] {
                             zsock_pollfd f[1] = {{-1, ZSOCK_POLLIN, 0}};
                             ret = net_socket_service_register(&sbb33_async, f, 1, nullptr);
                         },
                         MilliSeconds(1));
                     ctx.Run();
                     ctx.Check(!z->HasService(&sbb33_async), "not installed");
                     ctx.CheckEqual(z->GetServices().size(), size_t{0}, "services");
                     ctx.CheckEqual(ret, -ENOENT, "register of the refused service");
                     ctx.CheckEqual(h->GetViolationCount(), 1u, "violations");
                     ctx.ExpectTrace(
                         TraceMatcher().Expect(TraceExpectation::Violation("api-not-in-version")
                                                   .OnObject("svc:sbb33_async")
                                                   .Field("define", "ASYNC")
                                                   .Field("semantics", "MAIN")));
                     ctx.CheckEqual(z->GetThreadState(), ZephyrNode::FAILED, "no services left");
                 }});
}

} // namespace ns3
