// The sequence diagram over a million records (issue "Teaching": it draws only what is visible
// and scrolls and zooms smoothly), each figure against a baseline measured in the same run
// (DESIGN.md "Performance": ratios, not promises). The trace is a real one: the echo driver's
// records for 85,000 WriteFile calls (1,020,111 records), as the explorer would show it.
//
// H is a row height in px; 0 stands for the readable height (the font's, where labels show).
//
//   BM_PlainLines/H          the baseline: one viewport's worth of rows (viewport height / H)
//                            drawn as one QPainter::drawLine each into the same 1200x800 image
//   BM_LinesAndLabels/H      the same rows as a line plus a 28-character label each: the least a
//                            readable sequence diagram must draw
//   BM_DiagramViewport/H     SequenceDiagramView painting one viewport (row height H px) at a
//                            different place of the 1M records each iteration (mid-trace rows,
//                            with their activation bars, labels and record numbers); counters
//                            vs_lines and vs_labels = time / the baselines' time for that H
//   BM_DiagramZoomed/R       zoomed out to R records a pixel (a summary per pixel row)
//   BM_DiagramWholeTrace     all 1M records on one screen (zoom to fit)
//   BM_LayoutAppend          SequenceLayout's bookkeeping for the 1M records, vs a loop that
//                            reads every record (counter vs_read, ns_per_record)
#include "widgets/models/sequencelayout.h"
#include "widgets/models/tracefiltermodel.h"
#include "widgets/models/tracetablemodel.h"
#include "widgets/views/sequencediagramview.h"

#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QScrollBar>

#include <benchmark/benchmark.h>

#include <chrono>
#include <map>
#include <memory>

using namespace umdfx;
using namespace umdfx::gui;

namespace {

constexpr int kWidth = 1200, kHeight = 800;

// One simulation with its million records, shared by every benchmark.
std::shared_ptr<Simulation> simulation()
{
    static std::shared_ptr<Simulation> sim = [] {
        auto loaded = scenario::loadScenario(std::string(*resources::scenario("echo")), "echo");
        auto s
            = std::make_shared<Simulation>(std::get<scenario::Scenario>(loaded), builtinDrivers());
        s->powerOn();
        ActionRunner runner(*s);
        const auto parsed = scenario::parseActions(
            "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nwrite h1 \"x\" repeat 85000\n",
            "bench");
        for (const auto &a : std::get<std::vector<scenario::Action>>(parsed))
            runner.run(a);
        return s;
    }();
    return sim;
}

std::shared_ptr<const trace::TraceStore> store()
{
    const auto sim = simulation();
    return std::shared_ptr<const trace::TraceStore>(sim, &sim->world().trace);
}

// The explorer's model chain and the view, offscreen, at the viewport size.
struct Diagram
{
    TraceTableModel trace;
    TraceFilterModel filter;
    SequenceDiagramView view;
    Diagram()
    {
        trace.setPollInterval(0);
        trace.setStore(store());
        filter.setSourceModel(&trace);
        view.setModel(&filter);
        view.setTraceModels(&trace, &filter);
        view.resize(kWidth + 40, kHeight + 80);
        view.show();
        QCoreApplication::processEvents();
    }
};

// Made on first use, destroyed by main() while the application still exists.
std::unique_ptr<Diagram> g_diagram;

Diagram &diagram()
{
    if (!g_diagram)
        g_diagram = std::make_unique<Diagram>();
    return *g_diagram;
}

std::map<int, double> g_lines, g_labels; // baseline seconds per iteration, by row height

double seconds(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

int rowsFor(double rowHeight)
{
    return int(kHeight / rowHeight) + 1;
}

double heightFor(std::int64_t arg)
{
    return arg == 0 ? diagram().view.readableRowHeight() : double(arg);
}

void BM_PlainLines(benchmark::State &state)
{
    const double h = heightFor(state.range(0));
    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    const int rows = rowsFor(h);
    double total = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        QPainter p(&image);
        p.fillRect(image.rect(), Qt::white);
        p.setRenderHint(QPainter::Antialiasing, true);
        for (int r = 0; r < rows; ++r) {
            const double y = r * h + h - 4;
            p.drawLine(QPointF(300 + r % 7 * 40, y), QPointF(700 + r % 5 * 30, y));
        }
        p.end();
        total += seconds(std::chrono::steady_clock::now() - t0);
    }
    g_lines[int(state.range(0))] = total / double(state.iterations());
    state.counters["rows"] = rows;
}

void BM_LinesAndLabels(benchmark::State &state)
{
    const double h = heightFor(state.range(0));
    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    const int rows = rowsFor(h);
    const QString label = QStringLiteral("IQueueCallbackWrite::OnWrite");
    double total = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        QPainter p(&image);
        p.fillRect(image.rect(), Qt::white);
        p.setRenderHint(QPainter::Antialiasing, true);
        for (int r = 0; r < rows; ++r) {
            const double y = r * h + h - 4;
            p.drawLine(QPointF(300 + r % 7 * 40, y), QPointF(700 + r % 5 * 30, y));
            p.drawText(QPointF(320, y - 4), label);
        }
        p.end();
        total += seconds(std::chrono::steady_clock::now() - t0);
    }
    g_labels[int(state.range(0))] = total / double(state.iterations());
    state.counters["rows"] = rows;
}

// Paints the viewport at a row height, at different places through the trace. key: the
// baselines' argument to compare with (-1: none).
void paintAt(benchmark::State &state, double rowHeight, bool fit, int key)
{
    Diagram &d = diagram();
    if (fit)
        d.view.zoomToFit();
    else
        d.view.setRowHeight(rowHeight);
    QImage image(d.view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QScrollBar *v = d.view.verticalScrollBar();
    const int places = 97;
    int place = 0;
    double total = 0;
    for (auto _ : state) {
        // Somewhere in the middle half of the trace, a different place each time.
        if (v->maximum() > 0)
            v->setValue(
                int(v->maximum() / 4 + qint64(v->maximum() / 2) * (place++ % places) / places));
        const auto t0 = std::chrono::steady_clock::now();
        d.view.viewport()->render(&image);
        total += seconds(std::chrono::steady_clock::now() - t0);
    }
    state.counters["ms_per_paint"] = total / double(state.iterations()) * 1000;
    state.counters["row_px"] = d.view.rowHeight();
    if (g_lines.count(key))
        state.counters["vs_lines"] = (total / double(state.iterations())) / g_lines[key];
    if (g_labels.count(key))
        state.counters["vs_labels"] = (total / double(state.iterations())) / g_labels[key];
    state.counters["records"] = double(d.trace.recordCount());
}

void BM_DiagramViewport(benchmark::State &state)
{
    // The baselines for this height have run just before (registration order).
    paintAt(state, heightFor(state.range(0)), false, int(state.range(0)));
}

void BM_DiagramZoomed(benchmark::State &state)
{
    paintAt(state, 1.0 / double(state.range(0)), false, -1);
}

void BM_DiagramWholeTrace(benchmark::State &state)
{
    paintAt(state, 0, true, -1);
}

double g_readSeconds = 0;

void BM_ReadEveryRecord(benchmark::State &state)
{
    const auto s = store();
    double total = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        std::uint64_t sum = 0;
        for (std::size_t i = 0, n = s->size(); i < n; ++i) {
            const auto &r = s->at(i);
            sum += r.from + r.to + r.call + std::uint64_t(r.phase);
        }
        benchmark::DoNotOptimize(sum);
        total += seconds(std::chrono::steady_clock::now() - t0);
    }
    g_readSeconds = total / double(state.iterations());
}

void BM_LayoutAppend(benchmark::State &state)
{
    const auto s = store();
    double total = 0;
    for (auto _ : state) {
        SequenceLayout layout;
        const auto t0 = std::chrono::steady_clock::now();
        layout.append(*s, s->size());
        total += seconds(std::chrono::steady_clock::now() - t0);
        benchmark::DoNotOptimize(layout.size());
    }
    const double each = total / double(state.iterations());
    state.counters["ns_per_record"] = each / double(s->size()) * 1e9;
    if (g_readSeconds > 0)
        state.counters["vs_read"] = each / g_readSeconds;
}

} // namespace

BENCHMARK(BM_PlainLines)->Arg(0)->Arg(6)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LinesAndLabels)->Arg(0)->Arg(6)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DiagramViewport)->Arg(0)->Arg(6)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DiagramZoomed)->Arg(4)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DiagramWholeTrace)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadEveryRecord)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LayoutAppend)->Unit(benchmark::kMillisecond);

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    g_diagram.reset();
    return 0;
}
