// Requests per second through the whole simulator with tracing on: one application opens the
// echo interface once, then writes N times (WriteFile -> reflector -> host -> OnWrite ->
// CompleteWithInformation -> WriteFile returns). The baseline in the same run is a plain
// function call per request into a trivial in-memory echo, to give the simulator's cost a scale.
// Also the world lock's cost against the mutex it wraps.
#include "core/runtime/worldlock.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/simulation.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <mutex>

namespace {

void BM_EchoWrites(benchmark::State &state)
{
    auto loaded = umdfx::scenario::loadScenario(*umdfx::resources::scenario("echo"), "echo");
    const auto &scenario = std::get<umdfx::scenario::Scenario>(loaded);
    const auto writes = static_cast<std::size_t>(state.range(0));
    const std::byte payload[16] = {};
    std::size_t records = 0;
    for (auto _ : state) {
        state.PauseTiming();
        umdfx::Simulation sim(scenario, umdfx::builtinDrivers());
        sim.powerOn();
        auto &app = sim.application("app1");
        std::lock_guard lock(sim.world().lock);
        const HANDLE h
            = app.CreateFile("\\\\?\\ROOT#ECHO#0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1",
                GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, 0);
        const std::size_t before = sim.world().trace.size();
        state.ResumeTiming();
        for (std::size_t i = 0; i < writes; ++i) {
            const auto outcome
                = app.WriteFile(h, payload, umdfx::Application::IoStyle::Synchronous);
            benchmark::DoNotOptimize(outcome.bytes);
        }
        state.PauseTiming();
        records += sim.world().trace.size() - before;
        state.ResumeTiming();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * writes));
    state.counters["records_per_write"]
        = static_cast<double>(records) / static_cast<double>(state.iterations() * writes);
}

// The same writes to a driver whose own thread completes each request (drivers/threadecho, the
// Windows echo sample's model): every write is a Sleep(100) of virtual time on the driver's
// thread, two hand-overs of the baton (real OS thread switches) and a time jump. Compare with
// BM_EchoWrites in the same run: the price of a driver thread per request.
void BM_ThreadEchoWrites(benchmark::State &state)
{
    auto loaded = umdfx::scenario::loadScenario(R"({ "name": "threadecho",
  "drivers": [ { "name": "ThreadEcho", "module": "threadecho.so" } ],
  "devices": [ { "instanceId": "ROOT\\THREADECHO\\0000", "hardwareIds": ["WUDF\\ThreadEcho"],
                 "drivers": ["ThreadEcho"] } ] })",
        "threadecho.json");
    const auto &scenario = std::get<umdfx::scenario::Scenario>(loaded);
    const auto writes = static_cast<std::size_t>(state.range(0));
    const std::byte payload[16] = {};
    for (auto _ : state) {
        state.PauseTiming();
        umdfx::Simulation sim(scenario, umdfx::builtinDrivers());
        sim.powerOn();
        auto &app = sim.application("app1");
        std::lock_guard lock(sim.world().lock);
        const HANDLE h
            = app.CreateFile("\\\\?\\ROOT#THREADECHO#0000#{7a1c9e52-3b6d-4f08-a2e4-5d9c1b7f3e60}",
                GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, 0);
        if (h == INVALID_HANDLE_VALUE) {
            state.SkipWithError("threadecho.so did not open (is plugins/threadecho.so built?)");
            return;
        }
        state.ResumeTiming();
        for (std::size_t i = 0; i < writes; ++i) {
            const auto outcome
                = app.WriteFile(h, payload, umdfx::Application::IoStyle::Synchronous);
            if (!outcome.returned || outcome.bytes != sizeof payload) {
                state.SkipWithError("a write did not complete");
                return;
            }
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * writes));
}

// Baseline: the same bytes copied into a buffer by a direct call (what "an echo" costs without
// any framework, reflector or trace).
void BM_DirectEchoBaseline(benchmark::State &state)
{
    const auto writes = static_cast<std::size_t>(state.range(0));
    std::byte stored[16];
    const std::byte payload[16] = {};
    for (auto _ : state) {
        for (std::size_t i = 0; i < writes; ++i) {
            std::memcpy(stored, payload, sizeof payload);
            benchmark::DoNotOptimize(stored);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * writes));
}

// The world lock as every DDI takes it: once more while already held (the host's entry holds it),
// then released. WorldLock also keeps its owner's hold count (for a host resumed past a crash);
// the baseline in the same run is the std::recursive_mutex it wraps, taken the same way.
template<class Lock> void holdNested(benchmark::State &state)
{
    Lock lock;
    std::lock_guard entry(lock);
    for (auto _ : state) {
        lock.lock();
        benchmark::ClobberMemory();
        lock.unlock();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
void BM_WorldLockNestedHold(benchmark::State &state)
{
    holdNested<umdfx::WorldLock>(state);
}
void BM_RecursiveMutexNestedHoldBaseline(benchmark::State &state)
{
    holdNested<std::recursive_mutex>(state);
}

} // namespace

BENCHMARK(BM_WorldLockNestedHold);
BENCHMARK(BM_RecursiveMutexNestedHoldBaseline);
BENCHMARK(BM_EchoWrites)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ThreadEchoWrites)->Arg(200)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DirectEchoBaseline)->Arg(1000);
BENCHMARK_MAIN();
