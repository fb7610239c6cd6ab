// The trace file's size and speed, format 2 against format 1 and against format 1 compressed
// with zstd -3, all in the same run:
//   BM_MemcpyFileBytes     memcpy of as many bytes as the format-1 file holds (a floor)
//   BM_WriteV1             writeTraceFileV1: the store's records as format 1, to a file
//   BM_WriteV2             TraceFileWriter: the store's records as format 2, to a file
//   BM_ZstdV1File          libzstd level 3 (what `zstd -3` does) over the format-1 file's bytes
//   BM_ReadV1              readTraceBytes of the format-1 file, every check made
//   BM_ReadV2              readTraceBytes of the format-2 file, every check made
//   BM_UnzstdReadV1        the zstd -3 copy decompressed, then read as format 1
//   BM_ReadV2_10M          readTraceBytes of a format-2 file of ~10M records (one iteration)
// Counters: records, bytes_per_record of the file each one makes or reads (v1, v2, v1.zst), and
// bytes_per_second of the records' format-1 size (so MB/s compare across rows). The records are
// a real run: echo, one open, then BENCH_WRITES writes (default 100,000: ~1.2M records);
// BM_ReadV2_10M makes its own capture of 800,000 writes (~9.6M records).
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/tracefile.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <benchmark/benchmark.h>
#include <zstd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

namespace {

std::vector<std::byte> readBytes(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), {});
    std::vector<std::byte> bytes(chars.size());
    std::memcpy(bytes.data(), chars.data(), chars.size());
    return bytes;
}

struct Fixture
{
    explicit Fixture(long writes)
    {
        // Echo with the record limit lifted (knob maxRecords 0): the large capture goes past the
        // default 5M.
        std::string json(*umdfx::resources::scenario("echo"));
        json.insert(json.find('{') + 1, "\n  \"knobs\": { \"maxRecords\": 0 },");
        auto loaded = umdfx::scenario::loadScenario(json, "echo");
        sim = std::make_unique<umdfx::Simulation>(
            std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
        sim->powerOn();
        umdfx::ActionRunner runner(*sim);
        const auto parsed = umdfx::scenario::parseActions(
            "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
            "write h1 \"hello, trace\" repeat "
                + std::to_string(writes) + "\n",
            "bench");
        for (const auto &a : std::get<std::vector<umdfx::scenario::Action>>(parsed))
            runner.run(a);
        info.scenarioText = sim->scenario().sourceText;
        writeV1();
        v1 = readBytes(pathV1);
        writeV2();
        v2 = readBytes(pathV2);
        v1zst.resize(ZSTD_compressBound(v1.size()));
        v1zst.resize(ZSTD_compress(v1zst.data(), v1zst.size(), v1.data(), v1.size(), 3));
    }
    void writeV1()
    {
        if (umdfx::trace::writeTraceFileV1(sim->world().trace, info, pathV1))
            std::abort();
    }
    void writeV2()
    {
        umdfx::trace::TraceFileWriter writer(sim->world().trace, info);
        if (writer.open(pathV2) || writer.close())
            std::abort();
    }
    std::size_t records() const { return sim->world().trace.size(); }

    std::unique_ptr<umdfx::Simulation> sim;
    umdfx::trace::TraceFileInfo info;
    std::string pathV1 = "/tmp/bench_tracefile.v1.umdftrace";
    std::string pathV2 = "/tmp/bench_tracefile.v2.umdftrace";
    std::vector<std::byte> v1, v2, v1zst;
};

Fixture &fixture()
{
    const char *env = std::getenv("BENCH_WRITES");
    static Fixture f(env ? std::atol(env) : 100000);
    return f;
}

void report(benchmark::State &state, const Fixture &f, std::size_t fileBytes)
{
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.v1.size()));
    state.counters["records"] = static_cast<double>(f.records());
    state.counters["bytes_per_record"]
        = static_cast<double>(fileBytes) / static_cast<double>(f.records());
}

void BM_MemcpyFileBytes(benchmark::State &state)
{
    Fixture &f = fixture();
    std::vector<std::byte> target(f.v1.size());
    for (auto _ : state) {
        std::memcpy(target.data(), f.v1.data(), f.v1.size());
        benchmark::DoNotOptimize(target.data());
        benchmark::ClobberMemory();
    }
    report(state, f, f.v1.size());
}

void BM_WriteV1(benchmark::State &state)
{
    Fixture &f = fixture();
    for (auto _ : state)
        f.writeV1();
    report(state, f, f.v1.size());
}

void BM_WriteV2(benchmark::State &state)
{
    Fixture &f = fixture();
    for (auto _ : state)
        f.writeV2();
    report(state, f, f.v2.size());
}

void BM_ZstdV1File(benchmark::State &state)
{
    Fixture &f = fixture();
    std::vector<std::byte> out(ZSTD_compressBound(f.v1.size()));
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    for (auto _ : state) {
        const std::size_t n
            = ZSTD_compressCCtx(cctx, out.data(), out.size(), f.v1.data(), f.v1.size(), 3);
        benchmark::DoNotOptimize(n);
    }
    ZSTD_freeCCtx(cctx);
    report(state, f, f.v1zst.size());
}

template<class Bytes> void readBack(benchmark::State &state, const Bytes &bytes)
{
    auto read = umdfx::trace::readTraceBytes(bytes);
    const auto *file = std::get_if<umdfx::trace::TraceFile>(&read);
    if (!file || !file->complete || file->damage)
        state.SkipWithError("the file did not read back whole");
    benchmark::DoNotOptimize(read);
}

void BM_ReadV1(benchmark::State &state)
{
    Fixture &f = fixture();
    for (auto _ : state)
        readBack(state, f.v1);
    report(state, f, f.v1.size());
}

void BM_ReadV2(benchmark::State &state)
{
    Fixture &f = fixture();
    for (auto _ : state)
        readBack(state, f.v2);
    report(state, f, f.v2.size());
}

void BM_UnzstdReadV1(benchmark::State &state)
{
    Fixture &f = fixture();
    std::vector<std::byte> plain(f.v1.size());
    for (auto _ : state) {
        const std::size_t n
            = ZSTD_decompress(plain.data(), plain.size(), f.v1zst.data(), f.v1zst.size());
        if (n != f.v1.size())
            state.SkipWithError("zstd did not give the file back");
        readBack(state, plain);
    }
    report(state, f, f.v1zst.size());
}

void BM_ReadV2_10M(benchmark::State &state)
{
    // Its own capture, made once: 800,000 writes, about 10M records.
    static Fixture big(800000);
    for (auto _ : state)
        readBack(state, big.v2);
    state.counters["records"] = static_cast<double>(big.records());
    state.counters["bytes_per_record"]
        = static_cast<double>(big.v2.size()) / static_cast<double>(big.records());
    state.counters["v1_bytes_per_record"]
        = static_cast<double>(big.v1.size()) / static_cast<double>(big.records());
}

} // namespace

BENCHMARK(BM_MemcpyFileBytes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteV1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteV2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ZstdV1File)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadV1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadV2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_UnzstdReadV1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadV2_10M)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_MAIN();
