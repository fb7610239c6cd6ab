// The CTF 1.8 export as real tools read it: babeltrace2 (Debian's package) prints the directory
// without an error, one line per record, and python3-bt2 reads every event's fields back equal to
// the records they came from. Both tools are installed by scripts/bootstrap; without them the test
// fails and says so (it does not skip: CI must run it). Stores with the values a hostile file can
// hold (i64 extremes, time going back, bad pairing, non-UTF-8 text) export to directories that
// babeltrace2 indexes and prints all the same.
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/ctfexport.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include "hostilestores.h"

#include <QtTest/QtTest>

using namespace umdfx;

namespace {

// Reads a CTF trace with the bt2 Python bindings: one line per event message,
// "name seq iface method has_hr hr timestamp t_ns".
const char *const kReader = R"(
import sys
import bt2
for m in bt2.TraceCollectionMessageIterator(sys.argv[1]):
    if type(m) is bt2._EventMessageConst:
        e = m.event
        p = e.payload_field
        text = lambda f: str(p[f]).replace('\n', '\\n')  # one line per event
        print(e.name, int(p['seq']), text('iface'), text('method'), int(p['has_hr']),
              int(p['hr']), m.default_clock_snapshot.value, int(p['t_ns']))
)";

} // namespace

class tst_CtfExport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void babeltracePrintsIt();
    void fieldsReadBack();
    void refusesANonEmptyDirectory();
    void hostileValuesIndex_data();
    void hostileValuesIndex();

private:
    QTemporaryDir m_dir;
    QString m_ctf;
    std::unique_ptr<Simulation> m_sim;
};

void tst_CtfExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (QStandardPaths::findExecutable(QStringLiteral("babeltrace2")).isEmpty())
        QFAIL("babeltrace2 is not installed (scripts/bootstrap installs it)");
    auto loaded = scenario::loadScenario(resources::defaultScenario(), "default");
    m_sim = std::make_unique<Simulation>(std::get<scenario::Scenario>(loaded), builtinDrivers());
    m_sim->powerOn();
    ActionRunner runner(*m_sim);
    const auto parsed = scenario::parseActions(
        "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nwrite h1 \"hello\"\n"
        "advance 2s\nclose h1\n",
        "script");
    for (const auto &a : std::get<std::vector<scenario::Action>>(parsed))
        QVERIFY(runner.run(a).ok);
    m_ctf = m_dir.filePath(QStringLiteral("ctf"));
    const auto err = trace::writeCtfTrace(m_sim->world().trace, m_ctf.toStdString());
    QVERIFY2(!err, err ? err->c_str() : "");
    QVERIFY(QFileInfo::exists(m_ctf + QStringLiteral("/metadata")));
    QVERIFY(QFileInfo::exists(m_ctf + QStringLiteral("/stream")));
}

void tst_CtfExport::babeltracePrintsIt()
{
    QProcess p;
    p.start(QStringLiteral("babeltrace2"), { m_ctf });
    QVERIFY(p.waitForFinished(60000));
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(err.isEmpty(), err.constData());
    const auto lines = p.readAllStandardOutput().split('\n');
    QCOMPARE(std::size_t(lines.size() - 1), m_sim->world().trace.size()); // last: empty
    QVERIFY(lines[0].contains("umdfx:pnp: { seq = 0"));
}

void tst_CtfExport::fieldsReadBack()
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"),
        { QStringLiteral("-c"), QString::fromUtf8(kReader), m_ctf });
    QVERIFY(p.waitForFinished(120000));
    const QByteArray err = p.readAllStandardError();
    if (err.contains("No module named 'bt2'"))
        QFAIL("python3-bt2 is not installed (scripts/bootstrap installs it)");
    QCOMPARE(p.exitCode(), 0);
    const auto lines = p.readAllStandardOutput().trimmed().split('\n');
    const auto &store = m_sim->world().trace;
    QCOMPARE(std::size_t(lines.size()), store.size());
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto &r = store.at(i);
        const auto f = lines[qsizetype(i)].split(' ');
        QCOMPARE(f.size(), qsizetype(8));
        QCOMPARE(f[0].toStdString(), "umdfx:" + std::string(trace::kindName(r.kind)));
        QCOMPARE(f[1].toULongLong(), r.seq);
        QCOMPARE(f[2].toStdString(), std::string(trace::str(r.iface)));
        QCOMPARE(f[3].toStdString(), std::string(trace::str(r.method)));
        QCOMPARE(f[4].toInt(), r.hasHr ? 1 : 0);
        QCOMPARE(f[5].toUInt(), r.hr);
        QCOMPARE(f[6].toLongLong(), r.tNs); // the clock: virtual time, which rises here
        QCOMPARE(f[7].toLongLong(), r.tNs);
    }
}

void tst_CtfExport::refusesANonEmptyDirectory()
{
    const auto err = trace::writeCtfTrace(m_sim->world().trace, m_ctf.toStdString());
    QVERIFY(err.has_value());
    QVERIFY(err->find("exists and is not empty") != std::string::npos);
    QVERIFY(QFileInfo::exists(m_ctf + QStringLiteral("/metadata"))); // the first export stays
}

void tst_CtfExport::hostileValuesIndex_data()
{
    QTest::addColumn<int>("index");
    const auto stores = testing::hostileStores();
    for (std::size_t i = 0; i < stores.size(); ++i)
        QTest::addRow("%s", stores[i].name.c_str()) << int(i);
}

void tst_CtfExport::hostileValuesIndex()
{
    QFETCH(int, index);
    const auto stores = testing::hostileStores();
    const trace::TraceStore &store = *stores[std::size_t(index)].store;
    const QString dir = m_dir.filePath(QStringLiteral("hostile-%1").arg(index));
    const auto err = trace::writeCtfTrace(store, dir.toStdString());
    QVERIFY2(!err, err ? err->c_str() : "");
    QProcess p;
    p.start(QStringLiteral("babeltrace2"), { dir });
    QVERIFY(p.waitForFinished(60000));
    const QByteArray errText = p.readAllStandardError();
    QVERIFY2(p.exitCode() == 0 && errText.isEmpty(), errText.constData());
    // One event per record; an event starts a line with its "[time]" (a string's own newline
    // does not).
    const QByteArray printed = '\n' + p.readAllStandardOutput();
    QCOMPARE(std::size_t(printed.count("\n[")), store.size());

    // Every recorded time comes back in t_ns, and the clock never goes back.
    QProcess r;
    r.start(QStringLiteral("/usr/bin/python3"),
        { QStringLiteral("-c"), QString::fromUtf8(kReader), dir });
    QVERIFY(r.waitForFinished(120000));
    QCOMPARE(r.exitCode(), 0);
    const auto lines = r.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(std::size_t(lines.size()), store.size());
    long long clock = 0;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto f = lines[qsizetype(i)].split(' ');
        QCOMPARE(f.size(), qsizetype(8));
        QVERIFY(f[6].toLongLong() >= clock);
        clock = f[6].toLongLong();
        QCOMPARE(f[7].toLongLong(), store.at(i).tNs);
    }
}

QTEST_GUILESS_MAIN(tst_CtfExport)
#include "tst_ctfexport.moc"
