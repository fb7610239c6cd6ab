// The baton (core/runtime/cooperativethreads.h) on its own: real OS threads that run one at a
// time, switch only where they wait, in an order the scheduler alone decides; virtual time that
// jumps when everyone waits; waits that can go no further said so (Stuck).
#include "core/runtime/world.h"

#include <QtTest/QtTest>

#include <string>
#include <vector>

using umdfx::CooperativeThreads;
using umdfx::World;

namespace {

constexpr std::int64_t kMs = 1'000'000;

// A world with a log the threads write to (under the baton: no lock needed, which is the point).
struct Fixture
{
    World world { umdfx::Knobs {} };
    std::vector<std::string> log;
    std::lock_guard<umdfx::WorldLock> lock { world.lock };

    std::uint32_t spawn(const std::string &name, std::function<void()> body)
    {
        return world.threads.spawn(umdfx::trace::intern(name), nullptr, std::move(body), [] {});
    }
    // A sleep on the virtual clock, as a driver thread's Sleep does it.
    void sleep(std::int64_t ns)
    {
        world.threads.wait([] { return false; }, world.scheduler.now() + ns, "sleep");
    }
};

} // namespace

class tst_CooperativeThreads : public QObject
{
    Q_OBJECT
private slots:
    void threadsRunOneAtATimeInTaskOrder();
    void sleepsAreVirtualTime();
    void waitOnTheSimulationThreadRunsTheThreads();
    void waitForAFlagSetByAnotherThread();
    void stuckWhenNothingCanHappen();
    void stuckAtTheWaitLimit();
    void sameRunSameOrder();
    void terminateEndsAParkedThread();
    void spawnNowRunsInsideTheCallingTask();
    void resumeNowOnlyWhenTheWaitIsOver();
};

void tst_CooperativeThreads::threadsRunOneAtATimeInTaskOrder()
{
    Fixture f;
    int running = 0, most = 0;
    for (const char *name : { "a", "b", "c" }) {
        f.spawn(name, [&f, &running, &most, name] {
            for (int i = 0; i < 3; ++i) {
                most = std::max(most, ++running);
                f.log.push_back(std::string(name) + std::to_string(i));
                --running;
                f.sleep(10 * kMs);
            }
        });
    }
    f.world.scheduler.runUntilIdle();
    QCOMPARE(f.log, (std::vector<std::string> { "a0", "b0", "c0" }));
    f.world.scheduler.advance(100 * kMs);
    QCOMPARE(
        f.log, (std::vector<std::string> { "a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2" }));
    QCOMPARE(most, 1);
    QVERIFY(f.world.threads.threads().empty()); // all three ended and were joined
}

void tst_CooperativeThreads::sleepsAreVirtualTime()
{
    Fixture f;
    std::vector<std::int64_t> woke;
    f.spawn("sleeper", [&] {
        f.sleep(100 * kMs);
        woke.push_back(f.world.scheduler.now());
        f.sleep(250 * kMs);
        woke.push_back(f.world.scheduler.now());
    });
    f.world.scheduler.runUntilIdle();
    QVERIFY(woke.empty());
    QCOMPARE(f.world.threads.threads().size(), std::size_t(1));
    QCOMPARE(f.world.threads.threads()[0].state, CooperativeThreads::State::Waiting);
    QCOMPARE(*f.world.threads.threads()[0].wakeAt, 100 * kMs);
    f.world.scheduler.advance(99 * kMs);
    QVERIFY(woke.empty());
    f.world.scheduler.advance(1 * kMs);
    QCOMPARE(woke, (std::vector<std::int64_t> { 100 * kMs }));
    f.world.scheduler.advance(1000 * kMs);
    QCOMPARE(woke, (std::vector<std::int64_t> { 100 * kMs, 350 * kMs }));
}

void tst_CooperativeThreads::waitOnTheSimulationThreadRunsTheThreads()
{
    // The simulation's own thread waits (an application's synchronous call): time jumps from
    // deadline to deadline while the thread works, and the wait ends when it is done.
    Fixture f;
    bool done = false;
    f.spawn("worker", [&] {
        f.sleep(100 * kMs);
        f.log.push_back("worked");
        done = true;
    });
    const auto outcome = f.world.threads.wait([&] { return done; }, std::nullopt, "done");
    QCOMPARE(outcome, CooperativeThreads::WaitOutcome::Acquired);
    QCOMPARE(f.world.scheduler.now(), 100 * kMs);
    QCOMPARE(f.log, (std::vector<std::string> { "worked" }));
}

void tst_CooperativeThreads::waitForAFlagSetByAnotherThread()
{
    // A driver thread parks until another sets what it waits for; the world lock is free while
    // the other runs (a DDI on it takes the lock as usual).
    Fixture f;
    bool flag = false;
    bool lockWasFree = false;
    f.spawn("waiter", [&] {
        f.world.threads.wait([&] { return flag; }, std::nullopt, "flag");
        f.log.push_back("waiter saw the flag");
    });
    f.spawn("setter", [&] {
        f.sleep(5 * kMs);
        std::lock_guard inner(f.world.lock); // as a DDI does
        lockWasFree = f.world.lock.heldByThisThread() == 1;
        f.log.push_back("setter sets it");
        flag = true;
    });
    f.world.scheduler.advance(10 * kMs);
    QCOMPARE(f.log, (std::vector<std::string> { "setter sets it", "waiter saw the flag" }));
    QVERIFY(lockWasFree);
}

void tst_CooperativeThreads::stuckWhenNothingCanHappen()
{
    Fixture f;
    f.spawn("forever", [&] { f.world.threads.wait([] { return false; }, std::nullopt, "never"); });
    const auto outcome = f.world.threads.wait([] { return false; }, std::nullopt, "never either");
    QCOMPARE(outcome, CooperativeThreads::WaitOutcome::Stuck);
    QCOMPARE(f.world.scheduler.now(), std::int64_t(0)); // nothing was due: time did not move
    const auto threads = f.world.threads.threads();
    QCOMPARE(threads.size(), std::size_t(1));
    QCOMPARE(threads[0].waitingOn, std::string("never"));
}

void tst_CooperativeThreads::stuckAtTheWaitLimit()
{
    // A thread that polls for ever keeps something due: the wait ends at the limit, not never.
    Fixture f;
    f.world.threads.setDefaultLimit(2000 * kMs);
    f.spawn("poller", [&] {
        for (;;)
            f.sleep(100 * kMs);
    });
    const auto outcome = f.world.threads.wait([] { return false; }, std::nullopt, "never");
    QCOMPARE(outcome, CooperativeThreads::WaitOutcome::Stuck);
    QCOMPARE(f.world.scheduler.now(), 2000 * kMs);
    // A wait with a timeout of its own times out instead.
    const auto timed
        = f.world.threads.wait([] { return false; }, f.world.scheduler.now() + 250 * kMs, "t");
    QCOMPARE(timed, CooperativeThreads::WaitOutcome::TimedOut);
    QCOMPARE(f.world.scheduler.now(), 2250 * kMs);
}

void tst_CooperativeThreads::sameRunSameOrder()
{
    // Threads that hand work to each other through flags, run 50 times: the same interleaving
    // every time, whatever the OS scheduler does.
    const auto once = [] {
        Fixture f;
        int turn = 0;
        for (int id = 0; id < 4; ++id) {
            f.spawn("t" + std::to_string(id), [&f, &turn, id] {
                for (int round = 0; round < 5; ++round) {
                    f.world.threads.wait(
                        [&turn, id] { return turn % 4 == id; }, std::nullopt, "turn");
                    f.log.push_back(
                        std::to_string(id) + "@" + std::to_string(f.world.scheduler.now()));
                    ++turn;
                    f.sleep((id + 1) * kMs);
                }
            });
        }
        f.world.scheduler.advance(1000 * kMs);
        return f.log;
    };
    const auto first = once();
    QCOMPARE(first.size(), std::size_t(20));
    for (int i = 0; i < 50; ++i)
        QCOMPARE(once(), first);
}

void tst_CooperativeThreads::terminateEndsAParkedThread()
{
    Fixture f;
    bool exited = false;
    const auto id = f.world.threads.spawn(
        umdfx::trace::intern("victim"), nullptr,
        [&] {
            f.world.threads.wait([] { return false; }, std::nullopt, "never");
            f.log.push_back("returned from the wait"); // must not happen
        },
        [&] {
            // A host jumps back to the thread's entry here; without that, the wait throws
            // CooperativeThreads::Terminated to the entry.
            exited = true;
        });
    f.world.scheduler.runUntilIdle();
    QCOMPARE(f.world.threads.threads().size(), std::size_t(1));
    f.world.threads.terminate(id);
    QVERIFY(exited);
    QVERIFY(f.log.empty());
    QVERIFY(f.world.threads.threads().empty());
}

void tst_CooperativeThreads::spawnNowRunsInsideTheCallingTask()
{
    // A pool thread takes the work a task hands it at once: the work runs where the task stands
    // in the scheduler's order, on a logical thread of its own (where it can park).
    Fixture f;
    const auto worker = umdfx::trace::intern("worker");
    f.world.scheduler.post(umdfx::trace::intern("first"), [&] {
        f.log.push_back("task before");
        f.world.threads.spawnNow(
            worker, nullptr,
            [&] {
                f.log.push_back(
                    "work on " + std::string(umdfx::trace::str(f.world.scheduler.currentThread())));
                QVERIFY(f.world.threads.parkable() != nullptr);
                f.sleep(10 * kMs);
                f.log.push_back("work after its sleep");
            },
            [] {});
        f.log.push_back("task after");
    });
    f.world.scheduler.post(umdfx::trace::intern("second"), [&] { f.log.push_back("next task"); });
    f.world.scheduler.runUntilIdle();
    QCOMPARE(f.log,
        (std::vector<std::string> { "task before", "work on worker", "task after", "next task" }));
    f.world.scheduler.advance(10 * kMs);
    QCOMPARE(f.log.back(), std::string("work after its sleep"));
    QVERIFY(f.world.threads.threads().empty());
}

void tst_CooperativeThreads::resumeNowOnlyWhenTheWaitIsOver()
{
    Fixture f;
    bool go = false;
    int rounds = 0;
    const auto id = f.world.threads.spawn(
        umdfx::trace::intern("idle"), nullptr,
        [&] {
            for (;;) {
                f.world.threads.wait([&] { return go; }, std::nullopt, "work");
                go = false;
                ++rounds;
            }
        },
        [] {});
    f.world.scheduler.runUntilIdle();
    QCOMPARE(rounds, 0);
    // Its wait is not over: nothing happens.
    QVERIFY(!f.world.threads.resumeNow(id));
    QCOMPARE(rounds, 0);
    // Now it is: the thread runs at once, before anything else, and parks again.
    go = true;
    QVERIFY(f.world.threads.resumeNow(id));
    QCOMPARE(rounds, 1);
    QCOMPARE(f.world.scheduler.pendingTasks(), std::size_t(0)); // no resume task was left
    QVERIFY(!f.world.threads.resumeNow(id + 1)); // no such thread
    f.world.threads.terminate(id);
    QVERIFY(f.world.threads.threads().empty());
}

QTEST_APPLESS_MAIN(tst_CooperativeThreads)
#include "tst_cooperativethreads.moc"
