// The sequence diagram's bookkeeping over a real trace: lifelines in the diagram's order, the
// activation levels of nested calls, the calls open at any record (from checkpoints, checked
// against a scan from the start), and the same answers however the records arrive in batches.
#include "widgets/models/sequencelayout.h"

#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "drivers/builtin/builtindrivers.h"

#include <QFile>
#include <QtTest/QtTest>

#include <bit>
#include <memory>
#include <random>

using namespace umdfx;
using umdfx::gui::SequenceLayout;

namespace {

// The tests' echo scenario, run with these action lines.
std::unique_ptr<Simulation> run(const char *script)
{
    QFile f(QStringLiteral(UMDFX_SOURCE_DIR "/tests/widgets/data/echo.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no echo.json");
    const QByteArray text = f.readAll();
    auto loaded = scenario::loadScenario(
        std::string(text.constData(), std::size_t(text.size())), "echo.json");
    auto sim = std::make_unique<Simulation>(std::get<scenario::Scenario>(loaded), builtinDrivers());
    sim->powerOn();
    ActionRunner runner(*sim);
    const auto parsed = scenario::parseActions(script, "t");
    for (const auto &a : std::get<std::vector<scenario::Action>>(parsed))
        runner.run(a);
    return sim;
}

const char *const kSession = "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
                             "write h1 \"hello\"\nread h1 16\nclose h1\n";

std::string name(const trace::TraceRecord &r)
{
    return std::string(trace::str(r.iface)) + "::" + std::string(trace::str(r.method));
}

std::int64_t find(const trace::TraceStore &store, const std::string &method, trace::Phase phase,
    std::size_t from = 0)
{
    for (std::size_t i = from; i < store.size(); ++i)
        if (name(store.at(i)) == method && store.at(i).phase == phase)
            return std::int64_t(i);
    return -1;
}

} // namespace

class tst_SequenceLayout : public QObject
{
    Q_OBJECT
private slots:
    void lifelinesInDiagramOrder();
    void nestedCallsGetLevels();
    void openCallsMatchAScanFromTheStart();
    void batchesGiveTheSameLayout();
    void summaryOfARange();
};

void tst_SequenceLayout::lifelinesInDiagramOrder()
{
    const auto sim = run(kSession);
    const auto &store = sim->world().trace;
    SequenceLayout layout;
    layout.append(store, store.size());
    QCOMPARE(layout.size(), store.size());
    QStringList names, groups;
    for (const int lane : layout.displayOrder()) {
        const auto &l = layout.lanes()[std::size_t(lane)];
        names << QString::fromUtf8(trace::str(l.name).data(), qsizetype(trace::str(l.name).size()));
        groups << QString::fromUtf8(SequenceLayout::groupName(l.group).data());
    }
    QCOMPARE(
        names.join(QLatin1Char(' ')), QStringLiteral("user app1 kernel pnp host framework echo"));
    QCOMPARE(groups.join(QLatin1Char(',')),
        QStringLiteral("user,application,kernel,PnP manager,driver host,framework,driver"));
    QCOMPARE(layout.laneOf(trace::intern("no-such-lane-ever")), -1);
}

void tst_SequenceLayout::nestedCallsGetLevels()
{
    const auto sim = run(kSession);
    const auto &store = sim->world().trace;
    SequenceLayout layout;
    layout.append(store, store.size());
    const int echo = layout.laneOf(trace::intern("echo"));
    const int framework = layout.laneOf(trace::intern("framework"));

    // OnWrite opens the first activation on echo; the framework, calling it, runs none.
    const auto onWrite = find(store, "IQueueCallbackWrite::OnWrite", trace::Phase::Call);
    QVERIFY(onWrite >= 0);
    auto p = layout.placement(store.at(std::size_t(onWrite)), std::size_t(onWrite));
    QCOMPARE(int(p.to), echo);
    QCOMPARE(int(p.toLevel), 0);
    QCOMPARE(int(p.fromLevel), -1);
    // A DDI inside it: from echo's activation to a new one on the framework; its return closes
    // that one and lands on echo's.
    const auto ddi = find(
        store, "IWDFIoRequest::GetWriteParameters", trace::Phase::Call, std::size_t(onWrite));
    QVERIFY(ddi > onWrite);
    p = layout.placement(store.at(std::size_t(ddi)), std::size_t(ddi));
    QCOMPARE(int(p.from), echo);
    QCOMPARE(int(p.to), framework);
    QCOMPARE(int(p.fromLevel), 0);
    QCOMPARE(int(p.toLevel), 0);
    const auto ddiReturn
        = find(store, "IWDFIoRequest::GetWriteParameters", trace::Phase::Return, std::size_t(ddi));
    p = layout.placement(store.at(std::size_t(ddiReturn)), std::size_t(ddiReturn));
    QCOMPARE(int(p.fromLevel), 0);
    QCOMPARE(int(p.toLevel), 0);
    // The framework probing the driver from inside OnDeviceAdd: a second activation on echo.
    const auto add = find(store, "IDriverEntry::OnDeviceAdd", trace::Phase::Call);
    bool nested = false;
    for (std::size_t i = std::size_t(add); i < store.size() && !nested; ++i) {
        const auto &r = store.at(i);
        if (trace::str(r.method) == "QueryInterface" && r.phase == trace::Phase::Call
            && layout.laneOf(r.to) == echo)
            nested = layout.placement(r, i).toLevel == 1;
    }
    QVERIFY(nested);
}

void tst_SequenceLayout::openCallsMatchAScanFromTheStart()
{
    // Enough records for several checkpoints.
    const auto sim = run("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
                         "write h1 \"abc\" repeat 1300\nread h1 4\n");
    const auto &store = sim->world().trace;
    QVERIFY(store.size() > 3 * SequenceLayout::kCheckpointRecords);
    SequenceLayout layout;
    layout.append(store, store.size());
    std::vector<std::uint64_t> open; // the calls open just before record i, in record order
    std::size_t checked = 0;
    for (std::size_t i = 0; i <= store.size(); ++i) {
        if (i % 97 == 0 || i % SequenceLayout::kCheckpointRecords == 0 || i == store.size()) {
            QCOMPARE(layout.openCallsAt(store, i), open);
            ++checked;
        }
        if (i == store.size())
            break;
        const auto &r = store.at(i);
        if (r.call && r.phase == trace::Phase::Call)
            open.push_back(i);
        else if (r.call && r.phase == trace::Phase::Return)
            std::erase_if(open, [&](std::uint64_t c) { return store.at(c).call == r.call; });
    }
    QVERIFY(checked > 100);
    // Inside OnWrite, both the application's WriteFile and the driver's OnWrite are running.
    const auto onWrite = find(store, "IQueueCallbackWrite::OnWrite", trace::Phase::Call, 6000);
    const auto inside = layout.openCallsAt(store, std::size_t(onWrite) + 2);
    QCOMPARE(inside.size(), std::size_t(3)); // WriteFile, OnWrite, GetWriteParameters
    QCOMPARE(name(store.at(inside[0])), std::string("kernel32::WriteFile"));
    QCOMPARE(inside[1], std::uint64_t(onWrite));
}

void tst_SequenceLayout::batchesGiveTheSameLayout()
{
    const auto sim = run("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
                         "write h1 \"abc\" repeat 500\nclose h1\n");
    const auto &store = sim->world().trace;
    SequenceLayout once, pieces;
    once.append(store, store.size());
    std::mt19937 random(7);
    while (pieces.size() < store.size())
        pieces.append(store, pieces.size() + 1 + random() % 3000); // clamps to the store
    QCOMPARE(pieces.lanes().size(), once.lanes().size());
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto a = once.placement(store.at(i), i), b = pieces.placement(store.at(i), i);
        if (a.from != b.from || a.to != b.to || a.fromLevel != b.fromLevel
            || a.toLevel != b.toLevel)
            QFAIL(qPrintable(QStringLiteral("record %1 differs").arg(i)));
    }
    QCOMPARE(pieces.openCallsAt(store, 5000), once.openCallsAt(store, 5000));
    once.clear();
    QCOMPARE(once.size(), std::size_t(0));
    QVERIFY(once.lanes().empty());
}

void tst_SequenceLayout::summaryOfARange()
{
    const auto sim = run("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
                         "write h1 \"abc\" repeat 300\nread h1 4\n");
    const auto &store = sim->world().trace;
    SequenceLayout layout;
    layout.append(store, store.size());
    const auto exact = [&](std::size_t first, std::size_t last) {
        std::uint64_t mask = 0;
        for (std::size_t i = first; i <= last && i < store.size(); ++i)
            for (const auto name : { store.at(i).from, store.at(i).to })
                mask |= std::uint64_t(1) << std::min(layout.laneOf(name), 63);
        return mask;
    };
    std::mt19937 random(3);
    const std::size_t block = SequenceLayout::kBlockRecords;
    for (int n = 0; n < 200; ++n) {
        const std::size_t a = random() % store.size(), b = a + random() % 700;
        const std::size_t last = std::min(b, store.size() - 1);
        int finding = 0;
        const std::uint64_t mask = layout.lanesIn(a, last, &finding);
        // Every lane the records touch, and none beyond the blocks they lie in.
        QCOMPARE(mask & exact(a, last), exact(a, last));
        QCOMPARE(
            mask & ~exact(a / block * block, (last / block + 1) * block - 1), std::uint64_t(0));
        QCOMPARE(finding, -1); // the echo driver makes no mistakes
    }
    // The whole trace: the user, the application, the kernel side, the PnP manager, the host,
    // the framework and the driver.
    QCOMPARE(std::popcount(layout.lanesIn(0, store.size() - 1, nullptr)), 7);
}

QTEST_APPLESS_MAIN(tst_SequenceLayout)
#include "tst_sequencelayout.moc"
