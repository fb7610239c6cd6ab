// The explorer's trace models at scale, each against a baseline measured in the same run
// (DESIGN.md "Performance": figures as ratios, not promises).
//
//   BM_ScanBaseline/N        a plain loop over N records comparing one field: memory bandwidth
//   BM_QueryMatch/N          trace::TraceQuery::matches over N records (method + device + kind
//   terms);
//                            counter vs_scan = time / BM_ScanBaseline's time for the same N
//   BM_FilterModel/N         TraceFilterModel::setFilterText on N records, on the GUI thread
//                            (parse, scan, model reset), vs_scan as above
//   BM_FilterModelAsync/N    the same in the background scan, until filterApplied arrives
//   BM_StoreAppend           1M records appended to a TraceStore alone, in 30 batches
//   BM_AppendThroughView     the same 1M records, each batch followed by the model's poll and
//                            an offscreen TraceView (filter proxy, style proxy, QTableView with
//                            follow-live) processing its events and painting: 30 frames, as at
//                            1M records/s with 30 updates a second; counters ms_per_frame and
//                            vs_append = time / BM_StoreAppend's time
// The records cycle through the dozen a WriteFile on the echo driver makes.
#include "core/trace/tracequery.h"
#include "widgets/models/tracefiltermodel.h"
#include "widgets/models/tracetablemodel.h"
#include "widgets/views/traceview.h"

#include <QApplication>
#include <QEventLoop>
#include <QTableView>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <chrono>
#include <map>
#include <memory>

using namespace umdfx;
using namespace umdfx::gui;

namespace {

struct Shape
{
    trace::Kind kind;
    trace::Phase phase;
    const char *iface;
    const char *method;
};
// One WriteFile through the echo driver, as the trace shows it.
constexpr Shape kWrite[] = {
    { trace::Kind::Action, trace::Phase::Event, "action", "write" },
    { trace::Kind::Win32, trace::Phase::Call, "kernel32", "WriteFile" },
    { trace::Kind::Callback, trace::Phase::Call, "IQueueCallbackWrite", "OnWrite" },
    { trace::Kind::Ddi, trace::Phase::Call, "IWDFIoRequest", "GetWriteParameters" },
    { trace::Kind::Ddi, trace::Phase::Return, "IWDFIoRequest", "GetWriteParameters" },
    { trace::Kind::Ddi, trace::Phase::Call, "IWDFIoRequest", "GetInputMemory" },
    { trace::Kind::Ddi, trace::Phase::Return, "IWDFIoRequest", "GetInputMemory" },
    { trace::Kind::Ddi, trace::Phase::Call, "IWDFMemory", "CopyToBuffer" },
    { trace::Kind::Ddi, trace::Phase::Return, "IWDFMemory", "CopyToBuffer" },
    { trace::Kind::Ddi, trace::Phase::Call, "IWDFIoRequest", "CompleteWithInformation" },
    { trace::Kind::Ddi, trace::Phase::Return, "IWDFIoRequest", "CompleteWithInformation" },
    { trace::Kind::Callback, trace::Phase::Return, "IQueueCallbackWrite", "OnWrite" },
    { trace::Kind::Win32, trace::Phase::Return, "kernel32", "WriteFile" },
};
constexpr std::size_t kShapes = std::size(kWrite);

struct Ids
{
    trace::StrId iface[kShapes], method[kShapes];
    trace::StrId device = trace::intern("ROOT\\ECHO\\0000");
    trace::StrId thread = trace::intern("host1");
    trace::StrId from = trace::intern("framework"), to = trace::intern("echo");
    Ids()
    {
        for (std::size_t i = 0; i < kShapes; ++i) {
            iface[i] = trace::intern(kWrite[i].iface);
            method[i] = trace::intern(kWrite[i].method);
        }
    }
};
const Ids &ids()
{
    static const Ids i;
    return i;
}

void appendRecords(trace::TraceStore &store, std::size_t count)
{
    const Ids &id = ids();
    const std::size_t base = store.size();
    for (std::size_t n = base; n < base + count; ++n) {
        const std::size_t s = n % kShapes;
        trace::RecordFields f;
        f.tNs = std::int64_t(n);
        f.kind = kWrite[s].kind;
        f.phase = kWrite[s].phase;
        f.iface = id.iface[s];
        f.method = id.method[s];
        f.device = id.device;
        f.thread = id.thread;
        f.from = id.from;
        f.to = id.to;
        f.object = 5;
        f.request = std::uint32_t(n / kShapes + 1);
        f.call = std::uint32_t(n / 2 + 1);
        store.append(f);
    }
}

// The stores the filter benchmarks share (built once: 10M records take ~1 s and 720 MB).
std::shared_ptr<trace::TraceStore> filledStore(std::size_t records)
{
    static std::map<std::size_t, std::shared_ptr<trace::TraceStore>> stores;
    auto &s = stores[records];
    if (!s) {
        s = std::make_shared<trace::TraceStore>();
        s->reserve(records);
        appendRecords(*s, records);
    }
    return s;
}

std::map<std::size_t, double> g_scanSeconds; // BM_ScanBaseline's time per iteration, by size
double g_appendSeconds = 0; // BM_StoreAppend's time per iteration

const char *const kFilter = "method:OnWrite device:ECHO kind:callback";

double seconds(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

void BM_ScanBaseline(benchmark::State &state)
{
    const auto store = filledStore(std::size_t(state.range(0)));
    const trace::StrId want = trace::intern("OnWrite");
    double total = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        std::size_t hits = 0;
        for (std::size_t i = 0, n = store->size(); i < n; ++i)
            hits += store->at(i).method == want;
        benchmark::DoNotOptimize(hits);
        total += seconds(std::chrono::steady_clock::now() - t0);
    }
    g_scanSeconds[std::size_t(state.range(0))] = total / double(state.iterations());
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void setVsScan(benchmark::State &state, double total)
{
    const double base = g_scanSeconds[std::size_t(state.range(0))];
    if (base > 0)
        state.counters["vs_scan"] = total / double(state.iterations()) / base;
}

void BM_QueryMatch(benchmark::State &state)
{
    const auto store = filledStore(std::size_t(state.range(0)));
    double total = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        trace::TraceQuery q = std::get<trace::TraceQuery>(trace::TraceQuery::parse(kFilter));
        std::size_t hits = 0;
        for (std::size_t i = 0, n = store->size(); i < n; ++i)
            hits += q.matches(*store, store->at(i));
        benchmark::DoNotOptimize(hits);
        total += seconds(std::chrono::steady_clock::now() - t0);
    }
    setVsScan(state, total);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_FilterModel(benchmark::State &state)
{
    const auto store = filledStore(std::size_t(state.range(0)));
    TraceTableModel trace;
    trace.setPollInterval(0);
    trace.setStore(store);
    TraceFilterModel filter;
    filter.setSourceModel(&trace);
    filter.setSynchronousLimit(std::numeric_limits<qint64>::max());
    double total = 0;
    int matched = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        filter.setFilterText(QString::fromLatin1(kFilter));
        total += seconds(std::chrono::steady_clock::now() - t0);
        state.PauseTiming();
        matched = filter.rowCount();
        filter.setFilterText(QString());
        state.ResumeTiming();
    }
    state.counters["matched"] = double(matched);
    setVsScan(state, total);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_FilterModelAsync(benchmark::State &state)
{
    const auto store = filledStore(std::size_t(state.range(0)));
    TraceTableModel trace;
    trace.setPollInterval(0);
    trace.setStore(store);
    TraceFilterModel filter;
    filter.setSourceModel(&trace);
    filter.setSynchronousLimit(0);
    double total = 0;
    for (auto _ : state) {
        QEventLoop loop;
        QObject::connect(&filter, &TraceFilterModel::filterApplied, &loop, &QEventLoop::quit);
        const auto t0 = std::chrono::steady_clock::now();
        filter.setFilterText(QString::fromLatin1(kFilter));
        loop.exec();
        total += seconds(std::chrono::steady_clock::now() - t0);
        state.PauseTiming();
        filter.setFilterText(QString());
        state.ResumeTiming();
    }
    setVsScan(state, total);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

constexpr std::size_t kAppendRecords = 1'000'000;
constexpr std::size_t kFrames = 30;

void BM_StoreAppend(benchmark::State &state)
{
    double total = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto store = std::make_unique<trace::TraceStore>();
        state.ResumeTiming();
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t f = 0; f < kFrames; ++f)
            appendRecords(*store, kAppendRecords / kFrames);
        total += seconds(std::chrono::steady_clock::now() - t0);
        state.PauseTiming();
        store.reset();
        state.ResumeTiming();
    }
    g_appendSeconds = total / double(state.iterations());
    state.SetItemsProcessed(state.iterations() * std::int64_t(kAppendRecords));
}

void BM_AppendThroughView(benchmark::State &state)
{
    double total = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto store = std::make_shared<trace::TraceStore>();
        TraceTableModel trace;
        trace.setPollInterval(0);
        trace.setStore(store);
        TraceView view;
        view.setTraceModel(&trace);
        view.resize(1200, 800);
        view.show();
        QCoreApplication::processEvents();
        state.ResumeTiming();
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t f = 0; f < kFrames; ++f) {
            appendRecords(*store, kAppendRecords / kFrames);
            trace.poll();
            view.table()->viewport()->repaint(); // paint the frame now, as the screen would
            QCoreApplication::processEvents();
        }
        total += seconds(std::chrono::steady_clock::now() - t0);
        state.PauseTiming();
        if (view.table()->model()->rowCount() != int(store->size()))
            state.SkipWithError("the view does not show every record");
        state.ResumeTiming();
    }
    const double perIteration = total / double(state.iterations());
    state.counters["ms_per_frame"] = perIteration * 1000.0 / double(kFrames);
    if (g_appendSeconds > 0)
        state.counters["vs_append"] = perIteration / g_appendSeconds;
    state.SetItemsProcessed(state.iterations() * std::int64_t(kAppendRecords));
}

} // namespace

BENCHMARK(BM_ScanBaseline)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QueryMatch)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FilterModel)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FilterModelAsync)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoreAppend)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AppendThroughView)->Unit(benchmark::kMillisecond);

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
