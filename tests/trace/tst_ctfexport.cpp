// The CTF 1.8 export as real tools read it: babeltrace2 (Debian's package) prints the directory
// without an error, one line per record, and python3-bt2 reads every event's fields back equal to
// the records they came from. Both tools are installed by scripts/bootstrap; without them the test
// fails and says so (it does not skip: CI must run it).
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/ctfexport.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>

using namespace umdfx;

namespace {

// Reads a CTF trace with the bt2 Python bindings: one line per event message,
// "name seq iface method has_hr hr timestamp".
const char *const kReader = R"(
import sys
import bt2
for m in bt2.TraceCollectionMessageIterator(sys.argv[1]):
    if type(m) is bt2._EventMessageConst:
        e = m.event
        p = e.payload_field
        print(e.name, int(p['seq']), str(p['iface']), str(p['method']), int(p['has_hr']),
              int(p['hr']), m.default_clock_snapshot.value)
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
        QCOMPARE(f.size(), qsizetype(7));
        QCOMPARE(f[0].toStdString(), "umdfx:" + std::string(trace::kindName(r.kind)));
        QCOMPARE(f[1].toULongLong(), r.seq);
        QCOMPARE(f[2].toStdString(), std::string(trace::str(r.iface)));
        QCOMPARE(f[3].toStdString(), std::string(trace::str(r.method)));
        QCOMPARE(f[4].toInt(), r.hasHr ? 1 : 0);
        QCOMPARE(f[5].toUInt(), r.hr);
        QCOMPARE(f[6].toLongLong(), r.tNs);
    }
}

void tst_CtfExport::refusesANonEmptyDirectory()
{
    const auto err = trace::writeCtfTrace(m_sim->world().trace, m_ctf.toStdString());
    QVERIFY(err.has_value());
    QVERIFY(err->find("exists and is not empty") != std::string::npos);
    QVERIFY(QFileInfo::exists(m_ctf + QStringLiteral("/metadata"))); // the first export stays
}

QTEST_GUILESS_MAIN(tst_CtfExport)
#include "tst_ctfexport.moc"
