// Trace recording cost against the plain-data baseline measured in the same run (DESIGN.md
// "Performance": the goal is an append at most 2x a push of the same struct into a vector).
//
//   BM_VectorPushReserved    the 72-byte TraceRecord, filled field by field from the same
//                            RecordFields, into a std::vector reserved up front
//   BM_VectorPushGrowing     the same into a std::vector growing from empty
//   BM_TraceAppend           TraceStore::append, no args, chunks pre-faulted (TraceStore::reserve)
//   BM_TraceAppendSerialized the same on a Producers::Serialized store (the simulator's: appends
//                            under the world lock, no atomic read-modify-write)
//   BM_TraceAppendGrowing    the same, chunks allocated and first touched as the trace grows
//   BM_TraceAppendArgs       reserved, with a small args blob (two values, keys interned once)
//   BM_TraceAppendArgsByName the same with keys given as text (interned on every call)
//   BM_TraceAppendWallTime   reserved, no args, wall time (TSC) recorded
//   BM_TraceAppendContended  two threads appending to one store at once
// And, off the recording path: interning a known string, and formatting one record as a JSON
// line (by hand, as TraceFormat does, and with nlohmann::ordered_json for comparison) and as a
// text line.
#include "core/trace/traceformat.h"
#include "core/trace/tracestore.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <vector>

using namespace umdfx::trace;

namespace {

// Interned once, before any benchmark runs, so that sampleFields() inlines into the loops the way
// the Tracer's field filling inlines into its append.
struct SampleIds
{
    StrId thread = intern("host1.dispatch");
    StrId from = intern("framework");
    StrId to = intern("echo");
    StrId device = intern("ROOT\\ECHO\\0000");
    StrId iface = intern("IQueueCallbackWrite");
    StrId method = intern("OnWrite");
};
const SampleIds g_ids;

RecordFields sampleFields(std::size_t i)
{
    RecordFields f;
    f.tNs = static_cast<std::int64_t>(i);
    f.thread = g_ids.thread;
    f.kind = Kind::Callback;
    f.phase = Phase::Call;
    f.from = g_ids.from;
    f.to = g_ids.to;
    f.device = g_ids.device;
    f.iface = g_ids.iface;
    f.method = g_ids.method;
    f.object = 7;
    f.call = static_cast<std::uint32_t>(i);
    f.request = 9;
    return f;
}

// A fresh container every `batch` records (the benchmark's argument) keeps memory bounded; the
// swap is not timed. 64K records (4.5 MB) stay in the L3 cache, 1M (72 MB) go to DRAM: the
// first measures the work of an append, the second also the memory traffic of a long trace.
constexpr std::size_t kMaxBatch = std::size_t(1) << 20;

std::size_t batchOf(const benchmark::State &state)
{
    return static_cast<std::size_t>(state.range(0));
}

void fill(TraceRecord &r, const RecordFields &f, std::size_t i)
{
    r.seq = i;
    r.tNs = f.tNs;
    r.wallTicks = 0;
    r.thread = f.thread;
    r.from = f.from;
    r.to = f.to;
    r.device = f.device;
    r.iface = f.iface;
    r.method = f.method;
    r.object = f.object;
    r.hr = f.hr;
    r.call = f.call;
    r.request = f.request;
    r.argsRef = 0;
    r.kind = f.kind;
    r.phase = f.phase;
    r.hasHr = f.hasHr;
}

void BM_VectorPushReserved(benchmark::State &state)
{
    const std::size_t batch = batchOf(state);
    std::vector<TraceRecord> v;
    v.reserve(batch);
    std::size_t i = 0;
    for (auto _ : state) {
        const RecordFields f = sampleFields(i);
        TraceRecord &r = v.emplace_back();
        fill(r, f, i);
        benchmark::DoNotOptimize(r);
        if (++i == batch) {
            state.PauseTiming();
            v.clear(); // keeps the capacity: the same memory is written again, as the store's is
            i = 0;
            state.ResumeTiming();
        }
    }
}

void BM_VectorPushGrowing(benchmark::State &state)
{
    const std::size_t batch = batchOf(state);
    auto v = std::make_unique<std::vector<TraceRecord>>();
    std::size_t i = 0;
    for (auto _ : state) {
        const RecordFields f = sampleFields(i);
        TraceRecord &r = v->emplace_back();
        fill(r, f, i);
        benchmark::DoNotOptimize(r);
        if (++i == batch) {
            state.PauseTiming();
            v = std::make_unique<std::vector<TraceRecord>>();
            i = 0;
            state.ResumeTiming();
        }
    }
}

// The args benchmarks write 24 bytes of arena per record (a 22-byte blob + its length).
constexpr std::size_t kArgsBytesPerRecord = 24;

std::unique_ptr<TraceStore> freshStore(std::size_t batch, bool reserve, bool wallTime,
    TraceStore::Producers producers = TraceStore::Producers::Many)
{
    auto store = std::make_unique<TraceStore>(wallTime, producers);
    if (reserve)
        store->reserve(batch, batch * kArgsBytesPerRecord);
    return store;
}

template<typename Append>
void appendLoop(benchmark::State &state, bool reserve, bool wallTime, Append append,
    TraceStore::Producers producers = TraceStore::Producers::Many)
{
    const std::size_t batch = batchOf(state);
    auto store = freshStore(batch, reserve, wallTime, producers);
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(append(*store, i));
        if (++i == batch) {
            state.PauseTiming();
            store.reset();
            store = freshStore(batch, reserve, wallTime, producers);
            i = 0;
            state.ResumeTiming();
        }
    }
}

void BM_TraceAppend(benchmark::State &state)
{
    appendLoop(
        state, true, false, [](TraceStore &s, std::size_t i) { return s.append(sampleFields(i)); });
}

void BM_TraceAppendSerialized(benchmark::State &state)
{
    appendLoop(
        state, true, false, [](TraceStore &s, std::size_t i) { return s.append(sampleFields(i)); },
        TraceStore::Producers::Serialized);
}

void BM_TraceAppendGrowing(benchmark::State &state)
{
    appendLoop(state, false, false,
        [](TraceStore &s, std::size_t i) { return s.append(sampleFields(i)); });
}

void BM_TraceAppendArgs(benchmark::State &state)
{
    const StrId bytesKey = intern("NumOfBytesToWrite");
    const StrId statusKey = intern("status");
    appendLoop(state, true, false, [&](TraceStore &s, std::size_t i) {
        ArgsWriter args;
        args.u64(bytesKey, i).hex32(statusKey, 0);
        return s.append(sampleFields(i), &args);
    });
}

void BM_TraceAppendArgsByName(benchmark::State &state)
{
    appendLoop(state, true, false, [](TraceStore &s, std::size_t i) {
        ArgsWriter args;
        args.u64("NumOfBytesToWrite", i).hex32("status", 0);
        return s.append(sampleFields(i), &args);
    });
}

void BM_TraceAppendWallTime(benchmark::State &state)
{
    appendLoop(
        state, true, true, [](TraceStore &s, std::size_t i) { return s.append(sampleFields(i)); });
}

// Two threads share one store; thread 0 makes it before and drops it after (google benchmark
// runs the setup and teardown of a multi-threaded benchmark on all threads, synchronised at the
// start and end of the loop).
TraceStore *g_shared = nullptr;

void BM_TraceAppendContended(benchmark::State &state)
{
    if (state.thread_index() == 0) {
        g_shared = new TraceStore;
        g_shared->reserve(kMaxBatch);
    }
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(g_shared->append(sampleFields(i)));
        ++i;
    }
    if (state.thread_index() == 0) {
        delete g_shared;
        g_shared = nullptr;
    }
}

void BM_InternKnown(benchmark::State &state)
{
    intern("IQueueCallbackWrite");
    for (auto _ : state)
        benchmark::DoNotOptimize(intern("IQueueCallbackWrite"));
}

// One representative record (the WriteFile call of the echo scenario) for the formatters.
struct FormatFixture
{
    FormatFixture()
    {
        RecordFields f = sampleFields(42);
        f.kind = Kind::Win32;
        const std::string_view hello = "hello";
        ArgsWriter args;
        args.string("hFile", "h1")
            .bytes("lpBuffer", { reinterpret_cast<const std::byte *>(hello.data()), hello.size() })
            .u64("nNumberOfBytesToWrite", 5);
        store.append(f, &args);
    }
    TraceStore store;
};

void BM_ToJsonLine(benchmark::State &state)
{
    FormatFixture fx;
    for (auto _ : state)
        benchmark::DoNotOptimize(toJsonLine(fx.store, fx.store.at(0), false));
}

void BM_ToJsonLineNlohmann(benchmark::State &state)
{
    FormatFixture fx;
    const auto null = [](std::uint32_t v) { return v ? nlohmann::ordered_json(v) : nullptr; };
    for (auto _ : state) {
        const TraceRecord &r = fx.store.at(0);
        nlohmann::ordered_json j;
        j["seq"] = r.seq;
        j["t_ns"] = r.tNs;
        j["thread"] = str(r.thread);
        j["kind"] = kindName(r.kind);
        j["phase"] = phaseName(r.phase);
        j["from"] = str(r.from);
        j["to"] = str(r.to);
        j["device"] = r.device ? nlohmann::ordered_json(str(r.device)) : nullptr;
        j["iface"] = str(r.iface);
        j["method"] = str(r.method);
        j["object"] = null(r.object);
        nlohmann::ordered_json args = nlohmann::ordered_json::object();
        for (const ArgValue &v : fx.store.args(r)) {
            auto &slot = args[std::string(str(v.key))];
            if (v.type == ArgType::String)
                slot = v.text;
            else if (v.type == ArgType::Bytes)
                slot = { { "len", v.fullLength }, { "hex", argValueToText(v) } };
            else
                slot = v.u;
        }
        j["args"] = std::move(args);
        j["hr"] = nullptr;
        j["call"] = null(r.call);
        j["request"] = null(r.request);
        benchmark::DoNotOptimize(j.dump());
    }
}

void BM_ToTextLine(benchmark::State &state)
{
    FormatFixture fx;
    for (auto _ : state)
        benchmark::DoNotOptimize(toTextLine(fx.store, fx.store.at(0)));
}

} // namespace

BENCHMARK(BM_VectorPushReserved)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK(BM_VectorPushGrowing)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK(BM_TraceAppend)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK(BM_TraceAppendSerialized)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK(BM_TraceAppendGrowing)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK(BM_TraceAppendArgs)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK(BM_TraceAppendArgsByName)->Arg(1 << 16);
BENCHMARK(BM_TraceAppendWallTime)->Arg(1 << 16);
// Each thread runs the iterations: together they fill the reserved kMaxBatch records.
BENCHMARK(BM_TraceAppendContended)->Threads(2)->Iterations(kMaxBatch / 2);
BENCHMARK(BM_InternKnown);
BENCHMARK(BM_ToJsonLine);
BENCHMARK(BM_ToJsonLineNlohmann);
BENCHMARK(BM_ToTextLine);
BENCHMARK_MAIN();
