// The Chrome export imported by speedscope's own importer (the npm package, run in node by
// speedscope-import.mjs): no warnings (every track nests, nothing left open), and frames that
// aggregate by Interface::Method — exactly one frame per distinct called Interface::Method —
// on the default capture and on a capture of 20,000 writes. The import's time is printed, not
// judged: only a generous timeout guards against a hang (speed belongs to benchmarks).
//
// Skips, saying why, when node or the package is absent; scripts/bootstrap installs node and
// npm, and scripts/fetch-speedscope (run by scripts/test) installs the package into
// build/speedscope, or UMDFX_SPEEDSCOPE_DIR names a directory that holds node_modules/speedscope.
#include "core/trace/chromeexport.h"
#include "core/trace/exportlayout.h"

#include "exportcapture.h"

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace umdfx;

class tst_SpeedscopeImport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void importsWithoutWarnings_data();
    void importsWithoutWarnings();

private:
    QString m_node, m_package;
    QTemporaryDir m_dir;
};

void tst_SpeedscopeImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (m_node.isEmpty())
        QSKIP("node is not installed (scripts/bootstrap installs it): speedscope's importer "
              "cannot run");
    const QString base = qEnvironmentVariableIsSet("UMDFX_SPEEDSCOPE_DIR")
        ? qEnvironmentVariable("UMDFX_SPEEDSCOPE_DIR")
        : QStringLiteral(UMDFX_BINARY_DIR "/speedscope");
    m_package = base + QStringLiteral("/node_modules/speedscope");
    if (!QFileInfo::exists(m_package + QStringLiteral("/package.json")))
        QSKIP(qPrintable(QStringLiteral("speedscope is not installed in %1 (run "
                                        "scripts/fetch-speedscope, which scripts/test runs)")
                             .arg(m_package)));
}

void tst_SpeedscopeImport::importsWithoutWarnings_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("actions");
    QTest::addRow("default") << QStringLiteral("default")
                             << QString::fromStdString(testing::captureScripts().front().second);
    QString writes = QStringLiteral("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n");
    for (int i = 0; i < 20000; ++i)
        writes += QStringLiteral("write h1 \"x\"\n");
    writes += QStringLiteral("close h1\n");
    QTest::addRow("20k writes") << QStringLiteral("echo") << writes;
}

void tst_SpeedscopeImport::importsWithoutWarnings()
{
    QFETCH(QString, scenario);
    QFETCH(QString, actions);
    std::string error;
    const auto sim = testing::capture(scenario.toStdString(), actions.toStdString(), &error);
    QVERIFY2(sim, error.c_str());
    const auto &store = sim->world().trace;
    const QString file = m_dir.filePath(scenario + QStringLiteral(".json"));
    {
        std::ofstream out(file.toStdString(), std::ios::binary | std::ios::trunc);
        trace::writeChromeTrace(store, out);
        QVERIFY(out.good());
    }

    QProcess p;
    p.start(m_node,
        { QStringLiteral(UMDFX_SOURCE_DIR "/tests/trace/speedscope-import.mjs"), m_package, file });
    // A hang guard only: the 20k-write import takes seconds (speedscope's own cost grows faster
    // than linearly with the events of one track).
    QVERIFY2(p.waitForFinished(900000), "speedscope's import did not end within 15 minutes");
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, err.constData());
    const auto result = nlohmann::json::parse(p.readAllStandardOutput().toStdString());

    QVERIFY2(result["warnings"].empty(), result["warnings"].dump(1).c_str());
    std::set<std::string> frames;
    for (const auto &f : result["frames"])
        frames.insert(f.get<std::string>());
    const auto names = testing::callNames(store);
    QCOMPARE(frames, names);
    // A profile per track that has slices.
    const trace::ExportLayout layout(store);
    std::set<std::uint32_t> sliceTracks;
    for (std::size_t i = 0; i < store.size(); ++i)
        if (store.at(i).phase == trace::Phase::Call)
            sliceTracks.insert(layout.track(i));
    QCOMPARE(result["profiles"].get<std::size_t>(), sliceTracks.size());
    qInfo("%zu records, %zu frames, %d profiles: speedscope imported it in %.0f ms", store.size(),
        frames.size(), result["profiles"].get<int>(), result["ms"].get<double>());
}

QTEST_GUILESS_MAIN(tst_SpeedscopeImport)
#include "tst_speedscopeimport.moc"
