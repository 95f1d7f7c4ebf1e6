/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Conformance cases of the foundation rules (doc/sockbench.rst, "Foundation rules"):
 * simulated threads (TH), host descriptors and errno (HS), eventfd (EF) and poll (PO).
 */

#include "sockbench-catalog.h"

#include "ns3/eventfd-endpoint.h"
#include "ns3/simulator.h"
#include "ns3/sockbench-host.h"
#include "ns3/uinteger.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <poll.h>
#include <sys/eventfd.h>

namespace ns3
{

namespace
{
using E = TraceExpectation;

uint64_t
ReadCounter(Ptr<SockbenchHost> host, int fd, ssize_t* ret = nullptr)
{
    uint64_t value = 0;
    ssize_t r = host->Read(fd, &value, sizeof(value));
    if (ret)
    {
        *ret = r;
    }
    return r == 8 ? value : 0;
}

ssize_t
WriteCounter(Ptr<SockbenchHost> host, int fd, uint64_t value)
{
    return host->Write(fd, &value, sizeof(value));
}

// ---- TH: simulated threads --------------------------------------------------------------------

void
ThreadsStartInTimeOrder(ConformanceContext& ctx)
{
    ctx.CreateNodes(2);
    auto h0 = ctx.Host(0);
    auto h1 = ctx.Host(1);
    std::vector<std::string> order;
    auto body = [&order](std::string tag) { return [&order, tag] { order.push_back(tag); }; };
    ctx.CheckEqual(h0->Spawn("a", body("a"), Seconds(2)), 1u, "first thread id on node 0");
    ctx.CheckEqual(h0->Spawn("b", body("b"), Seconds(1)), 2u, "second thread id on node 0");
    ctx.CheckEqual(h0->Spawn("c", body("c"), Seconds(1)), 3u, "third thread id on node 0");
    ctx.CheckEqual(h1->Spawn("d", body("d"), Seconds(1)), 1u, "first thread id on node 1");
    ctx.Run();
    ctx.CheckEqual(order.size(), 4u, "threads run");
    ctx.Check(order == std::vector<std::string>{"b", "c", "d", "a"},
              "run order b, c, d (same instant: spawn order), then a");
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("thread start records", KindAndName(TraceKind::STATE, "start"))
                        .Expect(E::State("start").OnNode(0).OnThread(2).At(Seconds(1)))
                        .Expect(E::State("start").OnNode(0).OnThread(3).At(Seconds(1)))
                        .Expect(E::State("start").OnNode(1).OnThread(1).At(Seconds(1)))
                        .Expect(E::State("start").OnNode(0).OnThread(1).At(Seconds(2))));
    ctx.ExpectClean(h0);
}

void
SleepIsExact(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<Time> woke;
    host->Spawn(
        "sleeper",
        [&] {
            host->Sleep(MilliSeconds(1500));
            woke.push_back(Simulator::Now());
            host->Sleep(NanoSeconds(1));
            woke.push_back(Simulator::Now());
        },
        Seconds(1));
    ctx.Run();
    ctx.Check(woke == std::vector<Time>{MilliSeconds(2500), MilliSeconds(2500) + NanoSeconds(1)},
              "sleep(1.5 s) from t=1 s ends at 2.5 s, then sleep(1 ns) at 2.5 s + 1 ns");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::State("block").At(Seconds(1)).Field("timeoutNs", 1500000000))
                        .Expect(E::State("wake").At(MilliSeconds(2500)).Field("result", "timeout"))
                        .Expect(E::State("wake")
                                    .At(MilliSeconds(2500) + NanoSeconds(1))
                                    .Field("result", "timeout")));
    ctx.ExpectClean(host);
}

void
WakeOneIsFifo(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    auto queue = std::make_shared<WaitQueue>();
    std::vector<std::string> woke;
    for (int i = 1; i <= 3; ++i)
    {
        std::string name = "waiter" + std::to_string(i);
        // Arrival order 3, 1, 2 (start times 1 s, 2 s, 3 s): FIFO is by arrival, not by id.
        Time start = Seconds(i == 3 ? 1 : i + 1);
        host->Spawn(
            name,
            [host, queue, &woke, name] {
                WaitResult r = host->Wait(*queue);
                woke.push_back(name + (r == WaitResult::WOKEN ? "" : "!"));
            },
            start);
    }
    host->Spawn(
        "waker",
        [host, queue, &woke] {
            for (int i = 0; i < 4; ++i)
            {
                woke.push_back("wake:" + std::to_string(queue->WakeOne()));
                host->Sleep(Seconds(1));
            }
        },
        Seconds(10));
    ctx.Run();
    ctx.Check(woke == std::vector<std::string>{"wake:1",
                                               "waiter3",
                                               "wake:1",
                                               "waiter1",
                                               "wake:1",
                                               "waiter2",
                                               "wake:0"},
              "WakeOne wakes the oldest waiter (3, 1, 2), then finds none");
    ctx.ExpectTrace(
        TraceMatcher(TraceMatcher::EXACT)
            .Only("wakes", KindAndName(TraceKind::STATE, "wake"))
            .Expect(E::State("wake").OnThread(3).At(Seconds(10)).Field("result", "woken"))
            .Expect(E::State("wake").OnThread(4).At(Seconds(11)))
            .Expect(E::State("wake").OnThread(1).At(Seconds(11)))
            .Expect(E::State("wake").OnThread(4).At(Seconds(12)))
            .Expect(E::State("wake").OnThread(2).At(Seconds(12)))
            .Expect(E::State("wake").OnThread(4).At(Seconds(13)))
            .Expect(E::State("wake").OnThread(4).At(Seconds(14))));
    ctx.ExpectClean(host);
}

void
WakeAllInArrivalOrder(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    auto queue = std::make_shared<WaitQueue>();
    std::vector<uint32_t> resumed;
    for (int i = 0; i < 4; ++i)
    {
        host->Spawn(
            "w" + std::to_string(i),
            [host, queue, &resumed] {
                host->Wait(*queue);
                resumed.push_back(host->GetCurrentThreadId());
            },
            MilliSeconds(40 - 10 * i)); // arrival order: w3, w2, w1, w0
    }
    uint32_t woken = 0;
    host->Spawn(
        "waker",
        [host, queue, &woken] { woken = queue->WakeAll(); },
        Seconds(1));
    ctx.Run();
    ctx.CheckEqual(woken, 4u, "WakeAll's count");
    ctx.Check(resumed == std::vector<uint32_t>{4, 3, 2, 1}, "resumed in arrival order");
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("wakes", KindAndName(TraceKind::STATE, "wake"))
                        .Expect(E::State("wake").OnThread(4).At(Seconds(1)))
                        .Expect(E::State("wake").OnThread(3).At(Seconds(1)))
                        .Expect(E::State("wake").OnThread(2).At(Seconds(1)))
                        .Expect(E::State("wake").OnThread(1).At(Seconds(1))));
    ctx.ExpectClean(host);
}

void
TimeoutIsExact(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    WaitQueue queue;
    WaitResult result = WaitResult::REFUSED;
    Time ended;
    host->Spawn(
        "waiter",
        [&] {
            result = host->Wait(queue, MilliSeconds(300));
            ended = Simulator::Now();
        },
        MilliSeconds(700));
    ctx.Run();
    ctx.Check(result == WaitResult::TIMED_OUT, "nobody woke it: TIMED_OUT");
    ctx.CheckEqual(ended, Seconds(1), "timeout of 300 ms from 0.7 s ends at exactly 1 s");
    ctx.Check(queue.IsEmpty(), "a timed-out waiter leaves the queue");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("block").At(MilliSeconds(700)).Field("timeoutNs", 300000000))
            .Expect(E::State("wake").At(Seconds(1)).Field("result", "timeout")));
    ctx.ExpectClean(host);
}

void
SameInstantWakeupWins(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    WaitQueue early;
    WaitQueue late;
    WaitResult earlyResult = WaitResult::REFUSED;
    WaitResult lateResult = WaitResult::REFUSED;
    // (a) the wake event is scheduled before the wait (and its timer) exists
    Simulator::Schedule(Seconds(2), [&early] { early.WakeOne(); });
    host->Spawn(
        "a",
        [&] { earlyResult = host->Wait(early, Seconds(1)); },
        Seconds(1));
    // (b) the waker is spawned after the waiter, so its event comes after the timer's
    host->Spawn(
        "b",
        [&] { lateResult = host->Wait(late, Seconds(1)); },
        Seconds(4));
    host->Spawn(
        "waker",
        [&late] { late.WakeOne(); },
        Seconds(5));
    ctx.Run();
    ctx.Check(earlyResult == WaitResult::WOKEN, "(a) wake scheduled before the wait: WOKEN");
    ctx.Check(lateResult == WaitResult::WOKEN, "(b) wake after the timer event: still WOKEN");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("wake").OnThread(1).At(Seconds(2)).Field("result", "woken"))
            .Expect(E::State("wake").OnThread(2).At(Seconds(5)).Field("result", "woken")));
    ctx.ExpectClean(host);
}

void
ExceptionIsReported(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    bool otherRan = false;
    host->Spawn("thrower", [host] {
        host->Sleep(Seconds(1));
        throw std::runtime_error("handler bug");
    });
    host->Spawn("other", [&] {
        host->Sleep(Seconds(2));
        otherRan = true;
    });
    ctx.Run();
    ctx.Check(otherRan, "the other thread keeps running");
    ctx.CheckEqual(host->GetFailedThreadCount(), 1u, "failed threads");
    ctx.CheckEqual(host->GetViolationCount(), 1u, "violations");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Violation("uncaught-exception")
                        .OnThread(1)
                        .At(Seconds(1))
                        .Field("what", "handler bug"))
            .Expect(E::State("exit").OnThread(1).Field("status", "failed"))
            .Expect(E::State("exit").OnThread(2).At(Seconds(2)).Field("status", "finished")));
}

void
BlockingOutsideThreadRefused(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    int fd = -2;
    ssize_t readRet = 0;
    int readErrno = 0;
    int pollRet = 0;
    int pollErrno = 0;
    WaitResult waitResult = WaitResult::WOKEN;
    Simulator::Schedule(Seconds(1), [&] {
        fd = host->EventFd(0, 0); // a blocking eventfd with nothing to read
        uint64_t v;
        readRet = host->Read(fd, &v, sizeof(v));
        readErrno = host->GetErrno();
        struct pollfd p = {fd, POLLIN, 0};
        pollRet = host->Poll(&p, 1, 100);
        pollErrno = host->GetErrno();
        WaitQueue q;
        waitResult = host->Wait(q, Seconds(1));
        host->Close(fd);
    });
    ctx.Run();
    ctx.CheckEqual(readRet, -1, "read() outside a thread");
    ctx.CheckEqual(readErrno, EDEADLK, "its errno");
    ctx.CheckEqual(pollRet, -1, "poll() outside a thread");
    ctx.CheckEqual(pollErrno, EDEADLK, "its errno");
    ctx.Check(waitResult == WaitResult::REFUSED, "Wait() outside a thread is REFUSED");
    ctx.CheckEqual(host->GetViolationCount(), 3u, "one violation per refused call");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Violation("block-outside-thread").Field("call", "read"))
                        .Expect(E::Return("read").Field("ret", -1).Field("errno", "EDEADLK"))
                        .Expect(E::Violation("block-outside-thread").Field("call", "poll"))
                        .Expect(E::Return("poll").Field("ret", -1).Field("errno", "EDEADLK"))
                        .Expect(E::Violation("block-outside-thread").Field("call", "wait")));
}

void
TeardownUnwindsBlockedThreads(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    auto destroyed = std::make_shared<int>(0);

    struct Guard
    {
        std::shared_ptr<int> count;

        ~Guard()
        {
            ++*count;
        }
    };

    for (int i = 0; i < 3; ++i)
    {
        host->Spawn("blocked" + std::to_string(i), [host, destroyed] {
            Guard guard{destroyed};
            int fd = host->EventFd(0, 0);
            uint64_t v;
            host->Read(fd, &v, sizeof(v)); // blocks forever
        });
    }
    ctx.Run();
    ctx.CheckEqual(host->GetLiveThreadCount(), 3u, "threads still blocked when events run out");
    ctx.CheckEqual(*destroyed, 0, "guards alive while blocked");
    ctx.CheckEqual(host->GetOpenDescriptorCount(), 3u, "descriptors open while blocked");
    Simulator::Destroy();
    ctx.CheckEqual(*destroyed, 3, "Simulator::Destroy() unwound every blocked stack");
    ctx.CheckEqual(host->GetLiveThreadCount(), 0u, "no thread left");
    ctx.CheckEqual(host->GetOpenDescriptorCount(), 0u, "no descriptor left");
}

// ---- HS: descriptors and errno ----------------------------------------------------------------

void
LowestFreeDescriptor(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int> fds;
    host->Spawn("t", [&] {
        for (int i = 0; i < 3; ++i)
        {
            fds.push_back(host->EventFd(0, 0)); // 0 1 2
        }
        host->Close(1);
        fds.push_back(host->EventFd(0, 0)); // 1
        host->Close(2);
        host->Close(0);
        fds.push_back(host->EventFd(0, 0)); // 0
        fds.push_back(host->EventFd(0, 0)); // 2
        fds.push_back(host->EventFd(0, 0)); // 3
        for (int fd = 0; fd < 4; ++fd)
        {
            host->Close(fd);
        }
    });
    ctx.Run();
    ctx.Check(fds == std::vector<int>{0, 1, 2, 1, 0, 2, 3},
              "descriptors 0 1 2, then 1, 0, 2, 3: the lowest free number each time");
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("eventfd returns", KindAndName(TraceKind::RETURN, "eventfd"))
                        .Expect(E::Return("eventfd").Field("ret", 0))
                        .Expect(E::Return("eventfd").Field("ret", 1))
                        .Expect(E::Return("eventfd").Field("ret", 2))
                        .Expect(E::Return("eventfd").OnObject("fd:1").Field("ret", 1))
                        .Expect(E::Return("eventfd").Field("ret", 0))
                        .Expect(E::Return("eventfd").Field("ret", 2))
                        .Expect(E::Return("eventfd").Field("ret", 3)));
    ctx.ExpectClean(host);
}

void
BadDescriptor(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<std::pair<int64_t, int>> results;
    host->Spawn("t", [&] {
        uint64_t v = 1;
        auto note = [&](int64_t r) { results.emplace_back(r, host->GetErrno()); };
        note(host->Read(-1, &v, 8));
        note(host->Write(99, &v, 8));
        note(host->Fcntl(7, F_GETFL));
        int fd = host->EventFd(0, 0);
        note(host->Close(fd));
        note(host->Close(fd)); // twice
        note(host->Read(fd, &v, 8));
    });
    ctx.Run();
    std::vector<std::pair<int64_t, int>> expected{{-1, EBADF},
                                                  {-1, EBADF},
                                                  {-1, EBADF},
                                                  {0, 0},
                                                  {-1, EBADF},
                                                  {-1, EBADF}};
    expected[3].second = EBADF; // errno is untouched by the successful close
    ctx.Check(results == expected, "EBADF for -1, unopened, and closed descriptors");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("read").OnObject("fd:-1").Field("errno", "EBADF"))
                        .Expect(E::Return("write").OnObject("fd:99").Field("errno", "EBADF"))
                        .Expect(E::Return("fcntl").OnObject("fd:7").Field("errno", "EBADF"))
                        .Expect(E::Return("close").OnObject("fd:0").Field("ret", 0))
                        .Expect(E::Return("close").OnObject("fd:0").Field("errno", "EBADF"))
                        .Expect(E::Return("read").OnObject("fd:0").Field("errno", "EBADF")));
    ctx.ExpectClean(host);
}

void
ErrnoPerThread(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    int errnoA = -1;
    int errnoB = -1;
    host->Spawn(
        "a",
        [&] {
            uint64_t v;
            host->Read(42, &v, 8); // EBADF
            host->Sleep(Seconds(2));
            int fd = host->EventFd(1, 0); // a success leaves errno alone
            host->Close(fd);
            errnoA = host->GetErrno();
        },
        Seconds(1));
    host->Spawn(
        "b",
        [&] {
            host->EventFd(0, 0x7fff0000); // EINVAL
            host->Sleep(Seconds(2));
            errnoB = host->GetErrno();
        },
        Seconds(2));
    ctx.Run();
    ctx.CheckEqual(errnoA, EBADF, "thread a keeps its own errno");
    ctx.CheckEqual(errnoB, EINVAL, "thread b keeps its own errno");
    ctx.ExpectClean(host);
}

void
DescriptorLimit(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("OpenMax", UintegerValue(3));
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<std::pair<int, int>> results;
    host->Spawn("t", [&] {
        for (int i = 0; i < 4; ++i)
        {
            int fd = host->EventFd(0, 0);
            results.emplace_back(fd, fd < 0 ? host->GetErrno() : 0);
        }
        host->Close(1);
        int fd = host->EventFd(0, 0);
        results.emplace_back(fd, 0);
        for (int i = 0; i < 3; ++i)
        {
            host->Close(i);
        }
    });
    ctx.Run();
    ctx.Check(results ==
                  std::vector<std::pair<int, int>>{{0, 0}, {1, 0}, {2, 0}, {-1, EMFILE}, {1, 0}},
              "the fourth descriptor with OpenMax=3 fails with EMFILE; a freed number is reused");
    ctx.ExpectTrace(
        TraceMatcher().Expect(E::Return("eventfd").Field("ret", -1).Field("errno", "EMFILE")));
    ctx.ExpectClean(host);
}

void
NullBuffers(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<std::pair<int64_t, int>> results;
    host->Spawn("t", [&] {
        int fd = host->EventFd(5, 0);
        auto note = [&](int64_t r) { results.emplace_back(r, r < 0 ? host->GetErrno() : 0); };
        note(host->Read(fd, nullptr, 8));
        note(host->Write(fd, nullptr, 8));
        note(host->Poll(nullptr, 1, 0));
        note(host->Poll(nullptr, 0, 0)); // nothing to look at: 0, not EFAULT
        host->Close(fd);
    });
    ctx.Run();
    ctx.Check(
        results ==
            std::vector<std::pair<int64_t, int>>{{-1, EFAULT}, {-1, EFAULT}, {-1, EFAULT}, {0, 0}},
        "null buffers give EFAULT; poll(NULL, 0, 0) returns 0");
    ctx.ExpectClean(host);
}

void
NonBlockingFlag(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int64_t> results;
    host->Spawn("t", [&] {
        int fd = host->EventFd(0, EFD_CLOEXEC);
        results.push_back(host->Fcntl(fd, F_GETFL) & O_NONBLOCK);
        results.push_back(host->Fcntl(fd, F_GETFD));
        results.push_back(host->Fcntl(fd, F_SETFL, O_NONBLOCK));
        results.push_back(host->Fcntl(fd, F_GETFL) & O_NONBLOCK);
        uint64_t v;
        results.push_back(host->Read(fd, &v, 8));
        results.push_back(host->GetErrno());
        results.push_back(host->Fcntl(fd, F_SETFD, 0));
        results.push_back(host->Fcntl(fd, F_GETFD));
        results.push_back(host->Fcntl(fd, 12345));
        results.push_back(host->GetErrno());
        host->Close(fd);
    });
    ctx.Run();
    ctx.Check(results ==
                  std::vector<int64_t>{0, FD_CLOEXEC, 0, O_NONBLOCK, -1, EAGAIN, 0, 0, -1, EINVAL},
              "F_GETFL/F_SETFL toggle O_NONBLOCK, F_GETFD/F_SETFD FD_CLOEXEC, unknown cmd EINVAL");
    ctx.ExpectClean(host);
}

// ---- EF: eventfd ------------------------------------------------------------------------------

void
EventFdReadTakesCounter(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<uint64_t> values;
    host->Spawn("t", [&] {
        int fd = host->EventFd(3, EFD_NONBLOCK);
        WriteCounter(host, fd, 4);
        values.push_back(ReadCounter(host, fd)); // 7
        ssize_t r;
        ReadCounter(host, fd, &r);
        values.push_back(static_cast<uint64_t>(r)); // -1 (EAGAIN)
        int sem = host->EventFd(2, EFD_NONBLOCK | EFD_SEMAPHORE);
        values.push_back(ReadCounter(host, sem)); // 1
        values.push_back(ReadCounter(host, sem)); // 1
        ReadCounter(host, sem, &r);
        values.push_back(static_cast<uint64_t>(r)); // -1
        host->Close(fd);
        host->Close(sem);
    });
    ctx.Run();
    ctx.Check(
        values ==
            std::vector<uint64_t>{7, static_cast<uint64_t>(-1), 1, 1, static_cast<uint64_t>(-1)},
        "read returns the whole counter (7) and zeroes it; EFD_SEMAPHORE reads 1 each");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("read").OnObject("fd:0").Field("ret", 8))
                        .Expect(E::Return("read").OnObject("fd:0").Field("errno", "EAGAIN")));
    ctx.ExpectClean(host);
}

void
EventFdBlockingRead(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    int fd = -1;
    uint64_t got = 0;
    Time when;
    host->Spawn("reader", [&] {
        fd = host->EventFd(0, 0);
        got = ReadCounter(host, fd);
        when = Simulator::Now();
        host->Close(fd);
    });
    host->Spawn(
        "writer",
        [&] { WriteCounter(host, fd, 9); },
        Seconds(3));
    ctx.Run();
    ctx.CheckEqual(got, 9u, "value read");
    ctx.CheckEqual(when, Seconds(3), "the blocked read returns when the write happens");
    ctx.ExpectTrace(TraceMatcher(TraceMatcher::EXACT)
                        .Only("node 0 calls, returns and waits",
                              [](const TraceRecord& r) {
                                  return r.kind == TraceKind::CALL || r.kind == TraceKind::RETURN ||
                                         r.name == "block" || r.name == "wake";
                              })
                        .Expect(E::Call("eventfd").OnThread(1))
                        .Expect(E::Return("eventfd").Field("ret", 0))
                        .Expect(E::Call("read").OnThread(1).At(Seconds(0)))
                        .Expect(E::State("block").OnThread(1).Field("timeoutNs", -1))
                        .Expect(E::Call("write").OnThread(2).At(Seconds(3)))
                        .Expect(E::Return("write").OnThread(2).Field("ret", 8))
                        .Expect(E::State("wake").OnThread(1).At(Seconds(3)))
                        .Expect(E::Return("read").OnThread(1).Field("ret", 8))
                        .Expect(E::Call("close").OnThread(1))
                        .Expect(E::Return("close").OnThread(1).Field("ret", 0)));
    ctx.ExpectClean(host);
}

void
EventFdInvalid(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<std::pair<int64_t, int>> results;
    host->Spawn("t", [&] {
        auto note = [&](int64_t r) { results.emplace_back(r, r < 0 ? host->GetErrno() : 0); };
        int fd = host->EventFd(1, 0);
        uint32_t small = 1;
        note(host->Read(fd, &small, sizeof(small)));
        note(host->Write(fd, &small, sizeof(small)));
        note(WriteCounter(host, fd, UINT64_MAX));
        note(host->EventFd(0, 0x40)); // not an EFD_ flag
        host->Close(fd);
    });
    ctx.Run();
    ctx.Check(results == std::vector<std::pair<int64_t, int>>{{-1, EINVAL},
                                                              {-1, EINVAL},
                                                              {-1, EINVAL},
                                                              {-1, EINVAL}},
              "4-byte read/write, writing 2^64-1 and unknown flags give EINVAL");
    ctx.ExpectClean(host);
}

void
EventFdOverflow(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int64_t> results;
    Time unblocked;
    int fd = -1;
    host->Spawn("writer", [&] {
        fd = host->EventFd(0, EFD_NONBLOCK);
        results.push_back(WriteCounter(host, fd, EventFdEndpoint::MAX_COUNT));
        results.push_back(WriteCounter(host, fd, 1));
        results.push_back(host->GetErrno());
        host->Fcntl(fd, F_SETFL, 0);
        results.push_back(WriteCounter(host, fd, 1)); // blocks until the read at 2 s
        unblocked = Simulator::Now();
        results.push_back(static_cast<int64_t>(ReadCounter(host, fd)));
        host->Close(fd);
    });
    host->Spawn(
        "reader",
        [&] { ReadCounter(host, fd); },
        Seconds(2));
    ctx.Run();
    ctx.Check(results == std::vector<int64_t>{8, -1, EAGAIN, 8, 1},
              "writing past 2^64-2 gives EAGAIN, or blocks until a read makes room");
    ctx.CheckEqual(unblocked, Seconds(2), "the blocked write completes at the read");
    ctx.ExpectClean(host);
}

// ---- PO: poll ---------------------------------------------------------------------------------

void
PollScansImmediately(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    int ret = -2;
    std::vector<short> revents;
    host->Spawn("t", [&] {
        int readable = host->EventFd(1, 0); // POLLIN|POLLOUT
        int empty = host->EventFd(0, 0);    // POLLOUT only
        struct pollfd fds[] = {
            {readable, POLLIN, 0},
            {empty, POLLIN, 0},
            {-1, POLLIN, 0},
            {17, POLLIN, 0},
            {empty, POLLOUT, 0},
        };
        ret = host->Poll(fds, 5, -1);
        for (const auto& p : fds)
        {
            revents.push_back(p.revents);
        }
        host->Close(readable);
        host->Close(empty);
    });
    ctx.Run();
    ctx.CheckEqual(ret, 3, "entries with events");
    ctx.Check(revents == std::vector<short>{POLLIN, 0, 0, POLLNVAL, POLLOUT},
              "revents masked by events; negative fd ignored; unopened fd POLLNVAL");
    ctx.ExpectTrace(TraceMatcher().Expect(E::Return("poll").At(Seconds(0)).Field("ret", 3)));
    ctx.ExpectClean(host);
}

void
PollWaitsForChange(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    int fd = -1;
    int ret = -2;
    short revents = 0;
    Time returned;
    host->Spawn("poller", [&] {
        fd = host->EventFd(0, 0);
        struct pollfd p = {fd, POLLIN, 0};
        ret = host->Poll(&p, 1, 10000);
        revents = p.revents;
        returned = Simulator::Now();
        host->Close(fd);
    });
    host->Spawn(
        "writer",
        [&] { WriteCounter(host, fd, 1); },
        MilliSeconds(1234));
    ctx.Run();
    ctx.CheckEqual(ret, 1, "poll's return");
    ctx.CheckEqual(revents, POLLIN, "revents");
    ctx.CheckEqual(returned, MilliSeconds(1234), "poll returns at the instant of the write");
    ctx.CheckEqual(host->GetEndpoint(fd), Ptr<HostEndpoint>(nullptr), "descriptor closed");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Call("poll").OnThread(1).Field("timeoutNs", 10000000000))
            .Expect(E::State("block").OnThread(1))
            .Expect(E::Return("write").OnThread(2).At(MilliSeconds(1234)))
            .Expect(E::Return("poll").OnThread(1).At(MilliSeconds(1234)).Field("ret", 1)));
    ctx.ExpectClean(host);
}

void
PollTimeout(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    int ret = -2;
    Time returned;
    host->Spawn(
        "poller",
        [&] {
            int fd = host->EventFd(0, 0);
            struct pollfd p = {fd, POLLIN, 0};
            ret = host->Poll(&p, 1, 250);
            returned = Simulator::Now();
            host->Close(fd);
        },
        Seconds(1));
    ctx.Run();
    ctx.CheckEqual(ret, 0, "poll's return on timeout");
    ctx.CheckEqual(returned, MilliSeconds(1250), "returns 250 ms after the call");
    ctx.ExpectTrace(TraceMatcher().Expect(
        E::Return("poll").At(MilliSeconds(1250)).Field("ret", 0).Field("errno", "0")));
    ctx.ExpectClean(host);
}

void
PollArguments(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("OpenMax", UintegerValue(4));
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<std::pair<int, int>> results;
    Time returned;
    host->Spawn("t", [&] {
        int fd = host->EventFd(0, 0);
        struct pollfd p[5] = {{fd, POLLIN, 0},
                              {fd, POLLIN, 0},
                              {fd, POLLIN, 0},
                              {fd, POLLIN, 0},
                              {fd, POLLIN, 0}};
        auto note = [&](int r) { results.emplace_back(r, r < 0 ? host->GetErrno() : 0); };
        note(host->Poll(p, 1, 0)); // timeout 0: never blocks
        note(host->Poll(p, 5, 0)); // above OpenMax
        note(host->Poll(p, 4, 0)); // at OpenMax
        returned = Simulator::Now();
        host->Close(fd);
    });
    ctx.Run();
    ctx.Check(results == std::vector<std::pair<int, int>>{{0, 0}, {-1, EINVAL}, {0, 0}},
              "timeout 0 returns 0 at once; nfds above OpenMax gives EINVAL");
    ctx.CheckEqual(returned, Seconds(0), "no simulated time passed");
    ctx.ExpectClean(host);
}
} // namespace

void
RegisterFoundationCases(ConformanceCatalog& catalog)
{
    catalog.Add(
        {"TH1_threads_start_in_time_order",
         {"TH1"},
         "threads start at their start time; same instant: spawn order; ids from 1 per node",
         ThreadsStartInTimeOrder});
    catalog.Add({"TH2_sleep_is_exact", {"TH2"}, "Sleep(d) resumes exactly d later", SleepIsExact});
    catalog.Add({"TH3_wake_one_is_fifo",
                 {"TH3"},
                 "WakeOne wakes the oldest waiter; woken threads run after the waker",
                 WakeOneIsFifo});
    catalog.Add({"TH4_wake_all_in_arrival_order",
                 {"TH4"},
                 "WakeAll resumes every waiter in arrival order",
                 WakeAllInArrivalOrder});
    catalog.Add({"TH5_timeout_is_exact",
                 {"TH5"},
                 "a wait with timeout T returns TIMED_OUT exactly T later and leaves the queue",
                 TimeoutIsExact});
    catalog.Add({"TH6_same_instant_wakeup_wins",
                 {"TH6"},
                 "a wakeup at the instant of the timeout wins, whichever event was first",
                 SameInstantWakeupWins});
    catalog.Add({"TH7_uncaught_exception_reported",
                 {"TH7"},
                 "an exception escaping a thread is a violation with its message",
                 ExceptionIsReported});
    catalog.Add({"TH8_block_outside_thread_refused",
                 {"TH8"},
                 "a call that would block outside a thread: EDEADLK and a violation",
                 BlockingOutsideThreadRefused});
    catalog.Add({"TH9_teardown_unwinds_blocked_threads",
                 {"TH9"},
                 "Simulator::Destroy() unwinds blocked threads and frees descriptors",
                 TeardownUnwindsBlockedThreads});
    catalog.Add({"HS1_lowest_free_descriptor",
                 {"HS1"},
                 "a new descriptor takes the lowest free number; close frees it at once",
                 LowestFreeDescriptor});
    catalog.Add({"HS2_bad_descriptor_ebadf",
                 {"HS2"},
                 "negative, unopened and closed descriptors give EBADF (close twice too)",
                 BadDescriptor});
    catalog.Add({"HS3_errno_per_thread",
                 {"HS3"},
                 "each thread has its own errno; success leaves it unchanged",
                 ErrnoPerThread});
    catalog.Add({"HS4_descriptor_limit_emfile",
                 {"HS4"},
                 "descriptors numbered at or above OpenMax are refused with EMFILE",
                 DescriptorLimit});
    catalog.Add({"HS5_null_buffer_efault", {"HS5"}, "null buffers give EFAULT", NullBuffers});
    catalog.Add({"HS6_fcntl_flags",
                 {"HS6"},
                 "fcntl toggles O_NONBLOCK and FD_CLOEXEC; unknown commands give EINVAL",
                 NonBlockingFlag});
    catalog.Add({"EF1_read_takes_counter",
                 {"EF1"},
                 "eventfd read returns and zeroes the counter; EFD_SEMAPHORE reads 1",
                 EventFdReadTakesCounter});
    catalog.Add({"EF2_blocking_read_waits_for_write",
                 {"EF2"},
                 "a blocking eventfd read sleeps until a write, then returns the value",
                 EventFdBlockingRead});
    catalog.Add({"EF3_invalid_arguments_einval",
                 {"EF3"},
                 "short buffers, writing 2^64-1 and unknown flags give EINVAL",
                 EventFdInvalid});
    catalog.Add({"EF4_overflow_blocks_or_eagain",
                 {"EF4"},
                 "a write past 2^64-2 gives EAGAIN, or blocks until a read",
                 EventFdOverflow});
    catalog.Add({"PO1_poll_scans_immediately",
                 {"PO1"},
                 "poll reports ready entries at once; POLLNVAL; negative fds ignored",
                 PollScansImmediately});
    catalog.Add({"PO2_poll_waits_for_change",
                 {"PO2"},
                 "a blocked poll returns at the instant an entry becomes ready",
                 PollWaitsForChange});
    catalog.Add({"PO3_poll_timeout",
                 {"PO3"},
                 "poll with nothing ready returns 0 exactly at its timeout",
                 PollTimeout});
    catalog.Add({"PO4_poll_arguments",
                 {"PO4"},
                 "timeout 0 never blocks; more entries than OpenMax give EINVAL",
                 PollArguments});
}

} // namespace ns3
