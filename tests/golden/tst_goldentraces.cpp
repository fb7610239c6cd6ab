// Golden-trace tests for the reference scenarios (S1-S12 and their variants): each runs an
// action script against a scenario and compares the nested call/result lines with the checked-in
// golden file. Every `expect` in the script must hold as well. UMDFX_UPDATE_GOLDENS=1 rewrites
// the golden files instead of comparing (review the diff before committing it).
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/goldentrace.h"
#include "core/simulation/simulation.h"
#include "core/trace/traceformat.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>

#include <fstream>
#include <sstream>

namespace {

const std::string kSource = UMDFX_SOURCE_DIR;

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

umdfx::scenario::Scenario loadScenarioOrFail(const QString &file)
{
    auto loaded = file.isEmpty()
        ? umdfx::scenario::loadScenario(umdfx::resources::defaultScenario(), "default")
        : umdfx::scenario::loadScenarioFile(kSource + "/" + file.toStdString());
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
        qFatal("%s", err->toString().c_str());
    return std::get<umdfx::scenario::Scenario>(loaded);
}

struct Run
{
    std::vector<std::string> golden;
    std::vector<std::string> jsonl;
    std::vector<std::string> failures;
};

Run runScript(const QString &scenarioFile, const QString &actionsFile)
{
    const auto scenario = loadScenarioOrFail(scenarioFile);
    const std::string actionsPath = kSource + "/tests/golden/" + actionsFile.toStdString();
    auto parsed = umdfx::scenario::parseActions(readFile(actionsPath), actionsPath);
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&parsed))
        qFatal("%s", err->toString().c_str());
    umdfx::Simulation sim(scenario, umdfx::builtinDrivers());
    sim.powerOn();
    umdfx::ActionRunner runner(sim);
    Run run;
    for (const auto &action : std::get<std::vector<umdfx::scenario::Action>>(parsed)) {
        const auto result = runner.run(action);
        if (!result.ok)
            run.failures.push_back(result.message);
    }
    run.golden = umdfx::goldenLines(sim.world().trace);
    const auto &store = sim.world().trace;
    for (std::size_t i = 0; i < store.size(); ++i)
        run.jsonl.push_back(umdfx::trace::toJsonLine(store, store.at(i), false));
    return run;
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        lines.push_back(line);
    return lines;
}

} // namespace

class tst_GoldenTraces : public QObject
{
    Q_OBJECT
private slots:
    void scenario_data();
    void scenario();
    void deterministic_data() { scenario_data(); }
    void deterministic();
};

void tst_GoldenTraces::scenario_data()
{
    QTest::addColumn<QString>("scenarioFile"); // "" = the embedded default
    QTest::addColumn<QString>("script");
    const QString echo = QStringLiteral("resources/scenarios/echo.json");
    const QString pending = QStringLiteral("tests/data/scenarios/echo-pending-reads.json");
    QTest::addRow("S1 start") << echo << QStringLiteral("s1_start");
    QTest::addRow("S1 orderly removal") << echo << QStringLiteral("s1_orderly_removal");
    QTest::addRow("S1 removal vetoed by a handle") << echo << QStringLiteral("s1_removal_vetoed");
    QTest::addRow("S1 surprise removal") << echo << QStringLiteral("s1_surprise_removal");
    QTest::addRow("S2 reference string") << echo << QStringLiteral("s2_open_write_close");
    QTest::addRow("S2 no reference string")
        << QStringLiteral("tests/data/scenarios/echo-noref.json") << QStringLiteral("s2_noref");
    QTest::addRow("S2 no OnCreateFile")
        << QStringLiteral("tests/data/scenarios/echo-forget-create.json")
        << QStringLiteral("s2_no_create_callback");
    QTest::addRow("S3a zero-length write") << echo << QStringLiteral("s3_zero_length");
    QTest::addRow("S3b zero-length allowed")
        << QStringLiteral("tests/data/scenarios/echo-zero-length.json")
        << QStringLiteral("s3_zero_length_allowed");
    QTest::addRow("S3c no write callback")
        << QStringLiteral("tests/data/scenarios/echo-forget-write.json")
        << QStringLiteral("s3_no_write_callback");
    QTest::addRow("S3d oversize write") << QStringLiteral("tests/data/scenarios/echo-small.json")
                                        << QStringLiteral("s3_oversize_write");
    QTest::addRow("S4 disable and enable") << echo << QStringLiteral("s4_disable_enable");
    QTest::addRow("S4 shared kernel link")
        << QStringLiteral("tests/data/scenarios/echo-kernel-link.json")
        << QStringLiteral("s4_kernel_link");
    QTest::addRow("S4 class notifications") << echo << QStringLiteral("s4_class_notifications");
    QTest::addRow("S5 custom event to an application")
        << echo << QStringLiteral("s5_custom_event_app");
    QTest::addRow("S7 remote interface arrival and removal") << QStringLiteral(
        "resources/scenarios/consumer.json") << QStringLiteral("s7_remote_interface");
    QTest::addRow("S7 remote interface default removal")
        << QStringLiteral("tests/data/scenarios/consumer-default-removal.json")
        << QStringLiteral("s7_remote_interface_default_removal");
    QTest::addRow("S7 remote targets and surprise removal") << QStringLiteral(
        "resources/scenarios/consumer.json") << QStringLiteral("s7_surprise_removal");
    QTest::addRow("S7 remote targets, surprise removal, target first")
        << QStringLiteral("tests/data/scenarios/consumer-target-first.json")
        << QStringLiteral("s7_surprise_removal_target_first");
    QTest::addRow("S8 remote targets and query-remove") << QStringLiteral(
        "resources/scenarios/consumer.json") << QStringLiteral("s8_remote_target_query_remove");
    QTest::addRow("S5 custom event to a driver") << QStringLiteral(
        "resources/scenarios/consumer.json") << QStringLiteral("s5_custom_event_driver");
    QTest::addRow("S8 application closes on query-remove")
        << echo << QStringLiteral("s8_app_closes_on_query_remove");
    QTest::addRow("S8 application and surprise removal")
        << echo << QStringLiteral("s8_app_surprise_removal");
    QTest::addRow("S8 veto by the consumer's OnRemoteTargetQueryRemove") << QStringLiteral(
        "tests/data/scenarios/consumer-veto.json") << QStringLiteral("s8_veto_by_consumer");
    QTest::addRow("S8 veto by echo's OnQueryRemove") << QStringLiteral(
        "tests/data/scenarios/echo-veto.json") << QStringLiteral("s8_veto_by_driver");
    QTest::addRow("S8 remote targets and query-remove, interfaces first")
        << QStringLiteral("tests/data/scenarios/consumer-orderly-interface-first.json")
        << QStringLiteral("s8_remote_target_interface_first");
    QTest::addRow("S8 application reopens after a vetoed removal") << QStringLiteral(
        "tests/data/scenarios/echo-veto.json") << QStringLiteral("s8_app_reopens_after_veto");
    QTest::addRow("S9 SWENUM open inside the arrival") << QStringLiteral(
        "tests/data/scenarios/swenum-arrival.json") << QStringLiteral("s9_swenum_in_arrival");
    QTest::addRow("S9 SWENUM open from a work item") << QStringLiteral(
        "tests/data/scenarios/swenum-workitem.json") << QStringLiteral("s9_swenum_work_item");
    QTest::addRow("S9 SWENUM open from QueueUserWorkItem") << QStringLiteral(
        "tests/data/scenarios/swenum-threadpool.json") << QStringLiteral("s9_swenum_thread_pool");
    QTest::addRow("S12 host failure")
        << QStringLiteral("tests/data/scenarios/buggy-double-completion.json")
        << QStringLiteral("s12_host_failure");
    QTest::addRow("S5 sensor events on the default scenario")
        << QStringLiteral("resources/scenarios/default.json") << QStringLiteral("s5_sensor_events");
    QTest::addRow("S6 cancel a pending read")
        << pending << QStringLiteral("s6_cancel_pending_read");
    QTest::addRow("S6 cancel a queued read") << pending << QStringLiteral("s6_cancel_queued");
    QTest::addRow("S6 close with a pending read")
        << pending << QStringLiteral("s6_close_with_pending_read");
    QTest::addRow("S10 idle power-down with a request kept") << QStringLiteral(
        "tests/data/scenarios/echo-idle.json") << QStringLiteral("s10_idle_power_down");
    QTest::addRow("S10 idle power-down, request requeued") << QStringLiteral(
        "tests/data/scenarios/echo-idle-requeue.json") << QStringLiteral("s10_idle_requeue");
    QTest::addRow("S10 idle power-down blocked by an ignored OnIoStop") << QStringLiteral(
        "tests/data/scenarios/echo-idle-ignore.json") << QStringLiteral("s10_idle_blocked");
    QTest::addRow("S11 resource rebalance")
        << QStringLiteral("tests/data/scenarios/echo-rebalance.json")
        << QStringLiteral("s11_rebalance");
    QTest::addRow("S11 rebalance vetoed by OnQueryStop") << QStringLiteral(
        "tests/data/scenarios/echo-rebalance-veto.json") << QStringLiteral("s11_rebalance_vetoed");
}

void tst_GoldenTraces::scenario()
{
    QFETCH(QString, scenarioFile);
    QFETCH(QString, script);
    const Run run = runScript(scenarioFile, script + QStringLiteral(".actions"));
    for (const auto &f : run.failures)
        qWarning("%s", f.c_str());
    QVERIFY2(run.failures.empty(), "an action or expect of the script failed");

    const std::string goldenPath = kSource + "/tests/golden/" + script.toStdString() + ".golden";
    if (qEnvironmentVariableIsSet("UMDFX_UPDATE_GOLDENS")) {
        std::ofstream out(goldenPath, std::ios::binary);
        for (const auto &line : run.golden)
            out << line << '\n';
        QSKIP("golden file rewritten");
    }
    const auto expected = splitLines(readFile(goldenPath));
    QVERIFY2(!expected.empty(), ("missing golden file " + goldenPath).c_str());
    const std::size_t n = std::min(expected.size(), run.golden.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (expected[i] != run.golden[i]) {
            const std::string msg = "line " + std::to_string(i + 1)
                + ":\n  expected: " + expected[i] + "\n  actual:   " + run.golden[i];
            QFAIL(msg.c_str());
        }
    }
    QCOMPARE(run.golden.size(), expected.size());
}

void tst_GoldenTraces::deterministic()
{
    // The same scenario and actions give byte-identical JSONL (virtual time, logical threads).
    QFETCH(QString, scenarioFile);
    QFETCH(QString, script);
    const Run first = runScript(scenarioFile, script + QStringLiteral(".actions"));
    const Run second = runScript(scenarioFile, script + QStringLiteral(".actions"));
    QVERIFY(!first.jsonl.empty());
    QCOMPARE(first.jsonl.size(), second.jsonl.size());
    for (std::size_t i = 0; i < first.jsonl.size(); ++i)
        QCOMPARE(QString::fromStdString(second.jsonl[i]), QString::fromStdString(first.jsonl[i]));
}

QTEST_APPLESS_MAIN(tst_GoldenTraces)
#include "tst_goldentraces.moc"
