// The trace file (docs/trace-format.md): what a capture writes reads back record for record, a
// damaged file opens up to the damage and says where and what, a file that is not a trace, or of
// another major version, is refused, and the action log and scenario travel with the records.
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/replay.h"
#include "core/simulation/simulation.h"
#include "core/trace/tracefile.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>
#include <zlib.h>

#include <cstring>
#include <fstream>
#include <iterator>

using namespace umdfx;
using namespace umdfx::trace;

namespace {

const char *const kScript = "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
                            "write h1 \"hello\"\n"
                            "read h1 16\n"
                            "advance 2s\n"
                            "close h1\n";

// A capture of the default scenario and kScript, written to `path`; the simulation stays alive
// so that its store can be compared with what the file gives back.
struct Capture
{
    explicit Capture(const std::string &path)
    {
        auto loaded = scenario::loadScenario(resources::defaultScenario(), "embedded:default");
        scenario = std::get<scenario::Scenario>(loaded);
        sim = std::make_unique<Simulation>(scenario, builtinDrivers());
        TraceFileInfo info;
        info.meta["producer"] = "tst_tracefile";
        info.meta["scenario.file"] = "embedded:default";
        info.scenarioText = scenario.sourceText;
        writer = std::make_unique<TraceFileWriter>(sim->world().trace, info);
        if (auto err = writer->open(path))
            qFatal("%s", err->c_str());
        sim->powerOn();
        ActionRunner runner(*sim);
        const auto parsed = scenario::parseActions(kScript, "script");
        for (const auto &a : std::get<std::vector<scenario::Action>>(parsed))
            runner.run(a);
        if (auto err = writer->close())
            qFatal("%s", err->c_str());
    }
    scenario::Scenario scenario;
    std::unique_ptr<Simulation> sim;
    std::unique_ptr<TraceFileWriter> writer;
};

std::vector<std::byte> readBytes(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(chars.size());
    std::memcpy(out.data(), chars.data(), chars.size());
    return out;
}

struct ChunkAt
{
    std::size_t offset;
    std::uint32_t type, length, count;
};

// The chunks of a well-formed file, by walking their headers.
std::vector<ChunkAt> chunks(const std::vector<std::byte> &f)
{
    std::vector<ChunkAt> out;
    std::size_t at = tracefile::kHeaderBytes;
    while (at + tracefile::kChunkHeaderBytes <= f.size()) {
        std::uint32_t h[4];
        std::memcpy(h, f.data() + at, sizeof h);
        out.push_back({ at, h[0], h[1], h[3] });
        at += tracefile::kChunkHeaderBytes + h[1];
    }
    return out;
}

std::string hex(std::size_t v)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%zx", v);
    return buf;
}

} // namespace

class tst_TraceFile : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void roundTrip();
    void carriesScenarioAndActions();
    void replaysToTheSameRecords();
    void damage_data();
    void damage();
    void refused_data();
    void refused();
    void laterMinorVersionSkipsUnknownChunks();
    void cutOffCaptureOpens();
    void fuzzSeedsReadCleanly();

private:
    QTemporaryDir m_dir;
    std::string m_path;
    std::unique_ptr<Capture> m_capture;
    std::vector<std::byte> m_bytes;
};

void tst_TraceFile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("capture.umdftrace")).toStdString();
    m_capture = std::make_unique<Capture>(m_path);
    m_bytes = readBytes(m_path);
    QVERIFY(m_bytes.size() > 1000);
}

void tst_TraceFile::roundTrip()
{
    auto read = readTraceFile(m_path);
    if (auto *err = std::get_if<std::string>(&read))
        QFAIL(err->c_str());
    const TraceFile &f = std::get<TraceFile>(read);
    QVERIFY(f.complete);
    QVERIFY(!f.damage.has_value());
    const TraceStore &original = m_capture->sim->world().trace;
    QCOMPARE(f.store->size(), original.size());
    QCOMPARE(f.recordsRead, std::uint64_t(original.size()));
    for (std::size_t i = 0; i < original.size(); ++i)
        QVERIFY2(sameRecord(original, original.at(i), *f.store, f.store->at(i)),
            ("record " + std::to_string(i)).c_str());
    QCOMPARE(f.summary("capture.umdftrace"),
        "capture.umdftrace: " + withThousands(f.chunksRead) + " chunks ("
            + withThousands(original.size()) + " records) read");
}

void tst_TraceFile::carriesScenarioAndActions()
{
    const TraceFile f = std::get<TraceFile>(readTraceFile(m_path));
    QCOMPARE(f.info.scenarioText, std::string(resources::defaultScenario()));
    QCOMPARE(f.info.meta.at("producer"), std::string("tst_tracefile"));
    QCOMPARE(f.actions.size(), std::size_t(5));
    QCOMPARE(f.actions[1].second, std::string("write h1 \"hello\""));
    QCOMPARE(f.store->at(f.actions[1].first).kind, Kind::Action);
}

void tst_TraceFile::replaysToTheSameRecords()
{
    const TraceFile f = std::get<TraceFile>(readTraceFile(m_path));
    const ReplayResult r = replayTrace(f, builtinDrivers());
    QVERIFY2(r.matches, r.summary.c_str());
    QCOMPARE(r.compared, std::uint64_t(f.store->size()));
}

void tst_TraceFile::damage_data()
{
    // Each row damages the capture one way; the reader reads what comes before and names the
    // chunk where it stopped.
    QTest::addColumn<QString>("how");
    QTest::addRow("a flipped byte in the last records chunk") << "flip";
    QTest::addRow("cut inside a chunk") << "cut";
    QTest::addRow("a chunk that claims too many bytes") << "length";
    QTest::addRow("a huge chunk length") << "huge";
    QTest::addRow("a cut chunk header") << "header";
}

void tst_TraceFile::damage()
{
    QFETCH(QString, how);
    std::vector<std::byte> f = m_bytes;
    const auto all = chunks(f);
    std::size_t lastRecords = 0;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].type == std::uint32_t(tracefile::ChunkType::Records))
            lastRecords = i;
    QVERIFY(lastRecords > 0);
    const ChunkAt c = all[lastRecords];
    std::string expect
        = "chunk " + std::to_string(lastRecords) + " at offset " + hex(c.offset) + ": ";
    if (how == QStringLiteral("flip")) {
        f[c.offset + tracefile::kChunkHeaderBytes + 20] ^= std::byte { 0x40 };
        expect += "checksum mismatch";
    } else if (how == QStringLiteral("cut")) {
        f.resize(c.offset + tracefile::kChunkHeaderBytes + c.length / 2);
        expect += "truncated";
    } else if (how == QStringLiteral("length")) {
        const std::uint32_t bigger = c.length + 1000000;
        std::memcpy(f.data() + c.offset + 4, &bigger, 4);
        expect += "truncated";
    } else if (how == QStringLiteral("huge")) {
        const std::uint32_t huge = 0xFFFFFFF0u;
        std::memcpy(f.data() + c.offset + 4, &huge, 4);
        expect += "a Records chunk of";
    } else {
        f.resize(c.offset + 7);
        expect += "truncated chunk header (7 bytes)";
    }
    auto read = readTraceBytes(f);
    QVERIFY(std::holds_alternative<TraceFile>(read));
    const TraceFile &t = std::get<TraceFile>(read);
    QVERIFY(t.damage.has_value());
    QVERIFY2(t.damage->rfind(expect, 0) == 0, t.damage->c_str());
    QVERIFY(!t.complete);
    QCOMPARE(t.chunksRead, lastRecords);
    // Every record of the chunks before the damaged one was read, and the summary says so.
    std::size_t before = 0;
    for (std::size_t i = 0; i < lastRecords; ++i)
        if (all[i].type == std::uint32_t(tracefile::ChunkType::Records))
            before += all[i].count;
    QCOMPARE(t.store->size(), before);
    QCOMPARE(t.summary("f"),
        "f: " + *t.damage + "; " + withThousands(lastRecords) + " chunks (" + withThousands(before)
            + " records) read");
}

void tst_TraceFile::refused_data()
{
    QTest::addColumn<QByteArray>("prefix"); // replaces the start of the file
    QTest::addColumn<int>("keep"); // bytes kept (-1: all)
    QTest::addColumn<QString>("message");
    QTest::addRow("empty") << QByteArray() << 0 << "shorter than the 32-byte header";
    QTest::addRow("not a trace") << QByteArray("{\"name\":\"echo\"}") << -1
                                 << "no UMDFTRC signature";
    QTest::addRow("next major version") << QByteArray("UMDFTRC\x1a\x02\x00\x00\x00", 12) << -1
                                        << "trace file version 2.0: this program reads version 1.x";
    QTest::addRow("header size past the end")
        << QByteArray("UMDFTRC\x1a\x01\x00\x00\x00\xff\xff\xff\x7f", 16) << -1 << "damaged header";
}

void tst_TraceFile::refused()
{
    QFETCH(QByteArray, prefix);
    QFETCH(int, keep);
    QFETCH(QString, message);
    std::vector<std::byte> f = m_bytes;
    std::memcpy(f.data(), prefix.constData(), std::size_t(prefix.size()));
    if (keep >= 0)
        f.resize(std::size_t(keep));
    auto read = readTraceBytes(f);
    QVERIFY(std::holds_alternative<std::string>(read));
    QVERIFY2(std::get<std::string>(read).find(message.toStdString()) != std::string::npos,
        std::get<std::string>(read).c_str());
}

void tst_TraceFile::laterMinorVersionSkipsUnknownChunks()
{
    // A 1.1 file with a chunk type this reader does not know, before the End chunk: skipped.
    std::vector<std::byte> f = m_bytes;
    const std::uint16_t minor = 1;
    std::memcpy(f.data() + 10, &minor, 2);
    const auto all = chunks(f);
    const ChunkAt end = all.back();
    QCOMPARE(end.type, std::uint32_t(tracefile::ChunkType::End));
    const char payload[] = "from the future";
    std::vector<std::byte> extra(tracefile::kChunkHeaderBytes + sizeof payload);
    const std::uint32_t h[4] = { 99, sizeof payload, 0, 1 };
    std::memcpy(extra.data(), h, sizeof h);
    std::memcpy(extra.data() + sizeof h, payload, sizeof payload);
    const auto crc = static_cast<std::uint32_t>(
        crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(payload), sizeof payload));
    std::memcpy(extra.data() + 8, &crc, 4);
    f.insert(f.begin() + static_cast<std::ptrdiff_t>(end.offset), extra.begin(), extra.end());
    auto read = readTraceBytes(f);
    QVERIFY(std::holds_alternative<TraceFile>(read));
    const TraceFile &t = std::get<TraceFile>(read);
    QVERIFY2(!t.damage, t.damage ? t.damage->c_str() : "");
    QVERIFY(t.complete);
    QCOMPARE(t.versionMinor, std::uint16_t(1));
    QCOMPARE(t.store->size(), m_capture->sim->world().trace.size());
}

void tst_TraceFile::cutOffCaptureOpens()
{
    // No End chunk (a capture whose process died): everything written before opens.
    std::vector<std::byte> f = m_bytes;
    f.resize(chunks(f).back().offset);
    auto read = readTraceBytes(f);
    const TraceFile &t = std::get<TraceFile>(read);
    QVERIFY(!t.damage);
    QVERIFY(!t.complete);
    QCOMPARE(t.store->size(), m_capture->sim->world().trace.size());
    QVERIFY(t.summary("x").find("no End chunk: the capture was cut off") != std::string::npos);
}

void tst_TraceFile::fuzzSeedsReadCleanly()
{
    // The fuzzer's seed corpus (tests/data/fuzz/trace) must stay valid files of this format:
    // regenerate them with umdfctl run --trace when the format changes.
    const QDir seeds(QStringLiteral(UMDFX_SOURCE_DIR "/tests/data/fuzz/trace"));
    const auto files = seeds.entryList({ QStringLiteral("*.umdftrace") }, QDir::Files);
    QVERIFY(files.size() >= 3);
    for (const QString &name : files) {
        auto read = readTraceFile(seeds.filePath(name).toStdString());
        if (auto *err = std::get_if<std::string>(&read))
            QFAIL(err->c_str());
        const TraceFile &t = std::get<TraceFile>(read);
        QVERIFY2(t.complete && !t.damage, t.summary(name.toStdString()).c_str());
        QVERIFY(t.store->size() > 100);
        QVERIFY(!t.actions.empty());
    }
}

QTEST_APPLESS_MAIN(tst_TraceFile)
#include "tst_tracefile.moc"
