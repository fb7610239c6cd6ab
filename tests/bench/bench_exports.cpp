// The timeline exports against JSON Lines of the same records, in the same run, over sizes:
//   BM_JsonLines         toJsonLine for every record into a null stream (the baseline)
//   BM_ExportLayout      ExportLayout alone: tracks, times, pairs, flows
//   BM_ChromeExport      writeChromeTrace into a null stream
//   BM_PerfettoExport    writePerfettoTrace into a null stream
//   BM_SpeedscopeImport  speedscope's own importer (node, tests/trace/speedscope-import.mjs) on
//                        the Chrome export; skipped without node or build/speedscope (run
//                        scripts/fetch-speedscope). Manual time: the import alone, as node
//                        measures it.
// The records are a real run: echo, one open, then N writes (about 13 records per write).
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/chromeexport.h"
#include "core/trace/exportlayout.h"
#include "core/trace/perfettoexport.h"
#include "core/trace/traceformat.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

namespace {

// Counts bytes and drops them.
class NullBuf : public std::streambuf
{
public:
    std::size_t bytes = 0;

protected:
    std::streamsize xsputn(const char *, std::streamsize n) override
    {
        bytes += static_cast<std::size_t>(n);
        return n;
    }
    int_type overflow(int_type ch) override
    {
        ++bytes;
        return traits_type::not_eof(ch);
    }
};

const umdfx::trace::TraceStore &capture(int writes)
{
    static std::map<int, std::unique_ptr<umdfx::Simulation>> sims;
    auto &sim = sims[writes];
    if (!sim) {
        auto loaded = umdfx::scenario::loadScenario(*umdfx::resources::scenario("echo"), "echo");
        sim = std::make_unique<umdfx::Simulation>(
            std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
        sim->powerOn();
        umdfx::ActionRunner runner(*sim);
        const auto parsed = umdfx::scenario::parseActions(
            "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nwrite h1 \"x\" repeat "
                + std::to_string(writes) + "\n",
            "bench");
        for (const auto &a : std::get<std::vector<umdfx::scenario::Action>>(parsed))
            runner.run(a);
    }
    return sim->world().trace;
}

void records(benchmark::State &state, const umdfx::trace::TraceStore &store)
{
    state.counters["records"] = double(store.size());
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(store.size()));
}

void BM_JsonLines(benchmark::State &state)
{
    const auto &store = capture(int(state.range(0)));
    for (auto _ : state) {
        NullBuf buf;
        std::ostream out(&buf);
        for (std::size_t i = 0; i < store.size(); ++i)
            out << umdfx::trace::toJsonLine(store, store.at(i), false) << '\n';
        benchmark::DoNotOptimize(buf.bytes);
    }
    records(state, store);
}

void BM_ExportLayout(benchmark::State &state)
{
    const auto &store = capture(int(state.range(0)));
    for (auto _ : state) {
        const umdfx::trace::ExportLayout layout(store);
        benchmark::DoNotOptimize(layout.tracks().size());
    }
    records(state, store);
}

void BM_ChromeExport(benchmark::State &state)
{
    const auto &store = capture(int(state.range(0)));
    std::size_t bytes = 0;
    for (auto _ : state) {
        NullBuf buf;
        std::ostream out(&buf);
        umdfx::trace::writeChromeTrace(store, out);
        bytes = buf.bytes;
    }
    records(state, store);
    state.counters["bytes_per_record"] = double(bytes) / double(store.size());
}

void BM_PerfettoExport(benchmark::State &state)
{
    const auto &store = capture(int(state.range(0)));
    std::size_t bytes = 0;
    for (auto _ : state) {
        NullBuf buf;
        std::ostream out(&buf);
        umdfx::trace::writePerfettoTrace(store, out);
        bytes = buf.bytes;
    }
    records(state, store);
    state.counters["bytes_per_record"] = double(bytes) / double(store.size());
}

void BM_SpeedscopeImport(benchmark::State &state)
{
    const std::string package = UMDFX_BINARY_DIR "/speedscope/node_modules/speedscope";
    if (!std::ifstream(package + "/package.json")
        || std::system("node --version >/dev/null 2>&1")) {
        state.SkipWithError("node or speedscope is absent (scripts/fetch-speedscope)");
        return;
    }
    const auto &store = capture(int(state.range(0)));
    const std::string file = "/tmp/bench_exports_" + std::to_string(state.range(0)) + ".json";
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        umdfx::trace::writeChromeTrace(store, out);
    }
    const std::string command = "node " UMDFX_SOURCE_DIR "/tests/trace/speedscope-import.mjs "
        + package + " " + file + " 2>/dev/null";
    for (auto _ : state) {
        std::FILE *p = popen(command.c_str(), "r");
        std::string output;
        char buffer[4096];
        while (p && std::fgets(buffer, sizeof buffer, p))
            output += buffer;
        if (!p || pclose(p) != 0) {
            state.SkipWithError("the import failed");
            break;
        }
        state.SetIterationTime(nlohmann::json::parse(output)["ms"].get<double>() / 1000.0);
    }
    std::remove(file.c_str());
    records(state, store);
}

} // namespace

BENCHMARK(BM_JsonLines)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExportLayout)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ChromeExport)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PerfettoExport)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SpeedscopeImport)
    ->Arg(2000)
    ->Arg(5000)
    ->Arg(20000)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
