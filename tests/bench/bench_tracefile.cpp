// The trace file's size and speed against a plain memcpy of the same bytes, in the same run:
//   BM_MemcpyFileBytes   memcpy of as many bytes as the file holds (the baseline)
//   BM_WriteTraceFile    TraceFileWriter: the store's records into chunks, to a file (page cache)
//   BM_ReadTraceBytes    readTraceBytes: the file's bytes back into a store, every check made
// Counters: bytes_per_record, and bytes_per_second of the file (MB/s in the output).
// The records are a real run: echo, one open, then 100,000 writes (~1.2M records).
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/tracefile.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

namespace {

struct Fixture
{
    Fixture()
    {
        auto loaded = umdfx::scenario::loadScenario(*umdfx::resources::scenario("echo"), "echo");
        sim = std::make_unique<umdfx::Simulation>(
            std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
        sim->powerOn();
        umdfx::ActionRunner runner(*sim);
        const auto parsed = umdfx::scenario::parseActions(
            "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
            "write h1 \"hello, trace\" repeat 100000\n",
            "bench");
        for (const auto &a : std::get<std::vector<umdfx::scenario::Action>>(parsed))
            runner.run(a);
        path = "/tmp/bench_tracefile.umdftrace";
        write();
        std::ifstream in(path, std::ios::binary);
        std::vector<char> chars((std::istreambuf_iterator<char>(in)), {});
        bytes.resize(chars.size());
        std::memcpy(bytes.data(), chars.data(), chars.size());
    }
    void write()
    {
        umdfx::trace::TraceFileInfo info;
        info.scenarioText = sim->scenario().sourceText;
        umdfx::trace::TraceFileWriter writer(sim->world().trace, info);
        if (writer.open(path) || writer.close())
            std::abort();
    }
    std::size_t records() const { return sim->world().trace.size(); }

    std::unique_ptr<umdfx::Simulation> sim;
    std::string path;
    std::vector<std::byte> bytes;
};

Fixture &fixture()
{
    static Fixture f;
    return f;
}

void report(benchmark::State &state, const Fixture &f)
{
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.bytes.size()));
    state.counters["records"] = static_cast<double>(f.records());
    state.counters["bytes_per_record"]
        = static_cast<double>(f.bytes.size()) / static_cast<double>(f.records());
}

void BM_MemcpyFileBytes(benchmark::State &state)
{
    Fixture &f = fixture();
    std::vector<std::byte> target(f.bytes.size());
    for (auto _ : state) {
        std::memcpy(target.data(), f.bytes.data(), f.bytes.size());
        benchmark::DoNotOptimize(target.data());
        benchmark::ClobberMemory();
    }
    report(state, f);
}

void BM_WriteTraceFile(benchmark::State &state)
{
    Fixture &f = fixture();
    for (auto _ : state)
        f.write();
    report(state, f);
}

void BM_ReadTraceBytes(benchmark::State &state)
{
    Fixture &f = fixture();
    for (auto _ : state) {
        auto read = umdfx::trace::readTraceBytes(f.bytes);
        benchmark::DoNotOptimize(read);
        if (!std::holds_alternative<umdfx::trace::TraceFile>(read))
            state.SkipWithError("the file did not read back");
    }
    report(state, f);
}

} // namespace

BENCHMARK(BM_MemcpyFileBytes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteTraceFile)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTraceBytes)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
