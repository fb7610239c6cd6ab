// The device tree as it was at a record of a captured trace (core/simulation/replaysession.h):
// a replay paused just before the record gives the state a live run had there — before the
// application's open no file object, after it one, at the end the final tree — forwards by
// running on, backwards by starting again.
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/replaysession.h"
#include "core/simulation/simulation.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>

using namespace umdfx;

namespace {

std::size_t filesOf(const DeviceTreeSnapshot &tree)
{
    std::size_t n = 0;
    for (const auto &d : tree.devices)
        for (const auto &layer : d.stack)
            n += layer.files.size();
    return n;
}

} // namespace

class tst_ReplaySession : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void treeAtRecords();
    void badTraceSaysWhy();

private:
    QTemporaryDir m_dir;
    std::optional<trace::TraceFile> m_file;
    DeviceTreeSnapshot m_final;
    std::uint64_t m_openAt = 0, m_created = 0, m_closed = 0;
};

void tst_ReplaySession::initTestCase()
{
    auto loaded = scenario::loadScenario(*resources::scenario("echo"), "embedded:echo");
    const auto &s = std::get<scenario::Scenario>(loaded);
    Simulation sim(s, builtinDrivers());
    trace::TraceFileInfo info;
    info.meta["scenario.file"] = "embedded:echo";
    info.scenarioText = s.sourceText;
    const std::string path = m_dir.filePath(QStringLiteral("t.umdftrace")).toStdString();
    {
        trace::TraceFileWriter writer(sim.world().trace, info);
        QVERIFY(!writer.open(path));
        sim.powerOn();
        ActionRunner runner(sim);
        const auto parsed = scenario::parseActions(
            "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nwrite h1 \"hi\"\nclose h1\n",
            "script");
        for (const auto &a : std::get<std::vector<scenario::Action>>(parsed))
            QVERIFY(runner.run(a).ok);
        QVERIFY(!writer.close());
    }
    std::lock_guard lock(sim.world().lock);
    m_final = takeSnapshot(sim);
    const auto &store = sim.world().trace;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const std::string_view method = trace::str(store.at(i).method);
        if (method == "CreateFile" && !m_openAt)
            m_openAt = i;
        if (method == "OnCreateFile" && store.at(i).phase == trace::Phase::Return)
            m_created = i + 1;
        if (method == "OnCloseFile" && store.at(i).phase == trace::Phase::Return)
            m_closed = i + 1;
    }
    QVERIFY(m_openAt && m_created > m_openAt && m_closed > m_created);
    auto read = trace::readTraceFile(path);
    QVERIFY(std::holds_alternative<trace::TraceFile>(read));
    m_file = std::get<trace::TraceFile>(std::move(read));
}

void tst_ReplaySession::treeAtRecords()
{
    ReplaySession session(*m_file, builtinDrivers());
    const auto before = session.treeAt(m_openAt);
    QVERIFY(std::holds_alternative<DeviceTreeSnapshot>(before));
    QCOMPARE(filesOf(std::get<DeviceTreeSnapshot>(before)), std::size_t(0));
    QCOMPARE(session.position(), m_openAt);

    const auto open = session.treeAt(m_created); // forwards: runs on
    QCOMPARE(filesOf(std::get<DeviceTreeSnapshot>(open)), std::size_t(1));
    QCOMPARE(session.treeAt(m_created), open); // the same record again: the same tree

    const auto end = session.treeAt(m_file->store->size() + 100); // past the end
    QVERIFY(std::get<DeviceTreeSnapshot>(end) == m_final);
    QCOMPARE(filesOf(std::get<DeviceTreeSnapshot>(end)), std::size_t(0));

    const auto again = session.treeAt(m_openAt); // backwards: starts again
    QVERIFY(again == before);
}

void tst_ReplaySession::badTraceSaysWhy()
{
    trace::TraceFile broken;
    broken.info.scenarioText = "{ not json";
    broken.store = std::make_unique<trace::TraceStore>(trace::TraceStore::Loaded {});
    ReplaySession session(broken, builtinDrivers());
    const auto r = session.treeAt(5);
    QVERIFY(std::holds_alternative<std::string>(r));
    QVERIFY(
        std::get<std::string>(r).find("the trace's scenario does not load") != std::string::npos);
}

QTEST_APPLESS_MAIN(tst_ReplaySession)
#include "tst_replaysession.moc"
