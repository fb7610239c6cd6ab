// Trace recording cost against the plain-data baseline measured in the same run:
//   BM_VectorPushReserved / BM_VectorPushGrowing: the same 80-byte struct into a std::vector
//   BM_TraceAppend: TraceStore::append into reserved chunks, BM_TraceAppendGrowing: into chunks
//   allocated as it goes, BM_TraceAppendArgs: reserved, with a small args blob
// Report append / push as a ratio; the goal is at most 2x.
#include "core/trace/tracestore.h"

#include <benchmark/benchmark.h>

#include <vector>

using namespace umdfx::trace;

namespace {

RecordFields sampleFields(std::size_t i)
{
    RecordFields f;
    f.tNs = static_cast<std::int64_t>(i);
    f.thread = 1;
    f.kind = Kind::Callback;
    f.phase = Phase::Call;
    f.from = 2;
    f.to = 3;
    f.device = 4;
    f.iface = 5;
    f.method = 6;
    f.object = 7;
    f.call = static_cast<std::uint32_t>(i);
    f.request = 9;
    return f;
}

// A fresh store every `batch` records keeps memory bounded; the store's first chunk is
// pre-allocated, later chunks are allocated as the trace grows, as in a real run.
constexpr std::size_t kBatch = 1 << 20;

void BM_VectorPushReserved(benchmark::State &state)
{
    std::vector<TraceRecord> v;
    v.reserve(kBatch);
    std::size_t i = 0;
    for (auto _ : state) {
        const RecordFields f = sampleFields(i);
        TraceRecord &r = v.emplace_back();
        r.seq = i;
        r.tNs = f.tNs;
        r.thread = f.thread;
        r.from = f.from;
        r.to = f.to;
        r.device = f.device;
        r.iface = f.iface;
        r.method = f.method;
        r.object = f.object;
        r.call = f.call;
        r.request = f.request;
        r.kind = f.kind;
        r.phase = f.phase;
        benchmark::DoNotOptimize(r);
        if (++i == kBatch) {
            state.PauseTiming();
            v.clear();
            i = 0;
            state.ResumeTiming();
        }
    }
}

void BM_VectorPushGrowing(benchmark::State &state)
{
    auto v = std::make_unique<std::vector<TraceRecord>>();
    std::size_t i = 0;
    for (auto _ : state) {
        TraceRecord r {};
        r.seq = i;
        r.call = static_cast<std::uint32_t>(i);
        v->push_back(r);
        benchmark::DoNotOptimize(v->back());
        if (++i == kBatch) {
            state.PauseTiming();
            v = std::make_unique<std::vector<TraceRecord>>();
            i = 0;
            state.ResumeTiming();
        }
    }
}

// Into pre-faulted chunks (TraceStore::reserve), like the reserved vector.
void BM_TraceAppend(benchmark::State &state)
{
    auto store = std::make_unique<TraceStore>();
    store->reserve(kBatch);
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(store->append(sampleFields(i)));
        if (++i == kBatch) {
            state.PauseTiming();
            store = std::make_unique<TraceStore>();
            store->reserve(kBatch);
            i = 0;
            state.ResumeTiming();
        }
    }
}

// Growing: chunks are allocated (and first touched) as the trace grows, as in a real run.
void BM_TraceAppendGrowing(benchmark::State &state)
{
    auto store = std::make_unique<TraceStore>();
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(store->append(sampleFields(i)));
        if (++i == kBatch) {
            state.PauseTiming();
            store = std::make_unique<TraceStore>();
            i = 0;
            state.ResumeTiming();
        }
    }
}

void BM_TraceAppendArgs(benchmark::State &state)
{
    auto store = std::make_unique<TraceStore>();
    store->reserve(kBatch);
    const StrId key = intern("NumOfBytesToWrite");
    std::size_t i = 0;
    for (auto _ : state) {
        ArgsWriter args;
        args.u64(key, i);
        benchmark::DoNotOptimize(store->append(sampleFields(i), &args));
        if (++i == kBatch) {
            state.PauseTiming();
            store = std::make_unique<TraceStore>();
            store->reserve(kBatch);
            i = 0;
            state.ResumeTiming();
        }
    }
}

} // namespace

BENCHMARK(BM_VectorPushReserved);
BENCHMARK(BM_VectorPushGrowing);
BENCHMARK(BM_TraceAppend);
BENCHMARK(BM_TraceAppendGrowing);
BENCHMARK(BM_TraceAppendArgs);
BENCHMARK_MAIN();
