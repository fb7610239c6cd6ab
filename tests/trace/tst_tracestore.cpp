// The trace store: records and args round-trip, chunk boundaries, concurrent appenders, and
// readers that only ever see complete records.
#include "core/trace/traceformat.h"
#include "core/trace/tracestore.h"

#include <QtTest/QtTest>

#include <atomic>
#include <thread>

using namespace umdfx::trace;

class tst_TraceStore : public QObject
{
    Q_OBJECT
private slots:
    void interning();
    void appendAndReadAcrossChunks();
    void argsRoundTrip();
    void bytesAreTruncatedAndCounted();
    void concurrentAppenders();
    void jsonEscapingAndNulls();
    void textLine();
};

void tst_TraceStore::interning()
{
    const StrId a = intern("OnWrite");
    QCOMPARE(intern("OnWrite"), a);
    QVERIFY(intern("OnRead") != a);
    QCOMPARE(QString::fromLatin1(str(a).data(), int(str(a).size())), QStringLiteral("OnWrite"));
    QCOMPARE(intern(""), StrId(0));
    QVERIFY(str(0).empty());
    QVERIFY(str(0x7FFFFFF0).empty()); // an id never handed out
    // Interning from several threads gives one id per string.
    std::vector<StrId> ids(8);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&ids, t] {
            for (int i = 0; i < 1000; ++i)
                intern("s" + std::to_string(i));
            ids[t] = intern("s500");
        });
    for (auto &th : threads)
        th.join();
    for (StrId id : ids)
        QCOMPARE(id, ids[0]);
}

void tst_TraceStore::appendAndReadAcrossChunks()
{
    TraceStore store;
    const std::size_t n = TraceStore::kChunkRecords * 2 + 7;
    for (std::size_t i = 0; i < n; ++i) {
        RecordFields f;
        f.tNs = static_cast<std::int64_t>(i);
        f.call = static_cast<std::uint32_t>(i + 1);
        f.kind = Kind::Callback;
        QCOMPARE(store.append(f), std::uint64_t(i));
    }
    QCOMPARE(store.size(), n);
    for (std::size_t i :
        { std::size_t(0), TraceStore::kChunkRecords - 1, TraceStore::kChunkRecords, n - 1 }) {
        QCOMPARE(store.at(i).seq, std::uint64_t(i));
        QCOMPARE(store.at(i).tNs, std::int64_t(i));
        QCOMPARE(store.at(i).call, std::uint32_t(i + 1));
        QVERIFY(store.args(store.at(i)).empty());
    }
}

void tst_TraceStore::argsRoundTrip()
{
    TraceStore store;
    ArgsWriter w;
    const std::byte bytes[] = { std::byte { 'h' }, std::byte { 'i' } };
    std::array<std::uint8_t, 16> guid {};
    guid[0] = 0x6e;
    guid[3] = 0xcd;
    w.u64("u", 1ull << 40)
        .i64("i", -5)
        .hex32("h", 0x80070002u)
        .boolean("b", true)
        .string("s", "ROOT\\ECHO")
        .bytes("buf", bytes)
        .guid("g", guid)
        .objectRef("o", 42);
    RecordFields f;
    store.append(f, &w);
    ArgsView v = store.args(store.at(0));
    ArgValue a;
    QVERIFY(v.next(a) && str(a.key) == "u" && a.type == ArgType::U64 && a.u == (1ull << 40));
    QVERIFY(v.next(a) && a.type == ArgType::I64 && a.i == -5);
    QVERIFY(v.next(a) && a.type == ArgType::Hex32 && a.u == 0x80070002u);
    QVERIFY(v.next(a) && a.type == ArgType::Bool && a.u == 1);
    QVERIFY(v.next(a) && a.type == ArgType::String && a.text == "ROOT\\ECHO");
    QVERIFY(v.next(a) && a.type == ArgType::Bytes && a.bytes.size() == 2 && a.fullLength == 2);
    QVERIFY(v.next(a) && a.type == ArgType::Guid && a.bytes.size() == 16);
    QVERIFY(v.next(a) && a.type == ArgType::ObjectRef && a.u == 42);
    QVERIFY(!v.next(a));
    const std::string json = toJsonLine(store, store.at(0), false);
    QVERIFY2(
        json.find(
            R"("args":{"u":1099511627776,"i":-5,"h":"0x80070002","b":true,"s":"ROOT\\ECHO","buf":{"len":2,"hex":"6869"},"g":"{cd00006e-0000-0000-0000-000000000000}","o":42})")
            != std::string::npos,
        json.c_str());
}

void tst_TraceStore::bytesAreTruncatedAndCounted()
{
    std::vector<std::byte> big(1000, std::byte { 0x41 });
    const auto saved = ArgsWriter::bytesCap();
    ArgsWriter::setBytesCap(16);
    ArgsWriter w;
    w.bytes("data", big);
    ArgsWriter::setBytesCap(saved);
    TraceStore store;
    store.append(RecordFields {}, &w);
    ArgValue a;
    QVERIFY(store.args(store.at(0)).find("data", a));
    QCOMPARE(a.bytes.size(), std::size_t(16));
    QCOMPARE(a.fullLength, 1000u);
    QVERIFY(toJsonLine(store, store.at(0), false).find("\"truncated\":true") != std::string::npos);
    // A writer that overflows its buffer drops what does not fit and says so.
    ArgsWriter full;
    for (int i = 0; i < 200; ++i)
        full.string("k", "0123456789");
    QVERIFY(full.truncated());
    QVERIFY(full.data().size() <= ArgsWriter::kCapacity);
}

void tst_TraceStore::concurrentAppenders()
{
    TraceStore store;
    constexpr int kThreads = 4;
    constexpr int kPerThread = 20000;
    std::atomic<bool> done { false };
    std::atomic<int> tornReads { 0 };
    // A reader checks, while appends go on, that every published record is complete.
    std::thread reader([&] {
        while (!done.load()) {
            const std::size_t n = store.size();
            for (std::size_t i = n > 100 ? n - 100 : 0; i < n; ++i) {
                const auto &r = store.at(i);
                ArgValue a;
                if (r.call == 0 || !store.args(r).find("n", a) || a.u != r.call)
                    ++tornReads;
            }
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t)
        writers.emplace_back([&store, t] {
            for (int i = 1; i <= kPerThread; ++i) {
                RecordFields f;
                f.object = static_cast<std::uint32_t>(t);
                f.call = static_cast<std::uint32_t>(i);
                ArgsWriter w;
                w.u64("n", static_cast<std::uint64_t>(i));
                store.append(f, &w);
            }
        });
    for (auto &w : writers)
        w.join();
    done = true;
    reader.join();
    QCOMPARE(tornReads.load(), 0);
    QCOMPARE(store.size(), std::size_t(kThreads * kPerThread));
    // Every record exactly once, each thread's records in its own order.
    std::vector<std::uint32_t> last(kThreads, 0);
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto &r = store.at(i);
        QCOMPARE(r.call, last[r.object] + 1);
        last[r.object] = r.call;
    }
    for (auto l : last)
        QCOMPARE(l, std::uint32_t(kPerThread));
}

void tst_TraceStore::jsonEscapingAndNulls()
{
    TraceStore store;
    RecordFields f;
    f.kind = Kind::Ddi;
    f.phase = Phase::Call;
    f.thread = intern("host1");
    f.iface = intern("IWDFFile");
    f.method = intern("RetrieveFileName");
    ArgsWriter w;
    w.string("name", "a\"b\\c\n\x01");
    store.append(f, &w);
    const std::string line = toJsonLine(store, store.at(0), true);
    const std::string expected
        = std::string("{\"seq\":0,\"t_ns\":0,\"thread\":\"host1\",\"kind\":\"ddi\",")
        + "\"phase\":\"call\",\"from\":\"\",\"to\":\"\",\"device\":null,\"iface\":\"IWDFFile\","
        + "\"method\":\"RetrieveFileName\",\"object\":null,\"args\":{\"name\":"
          "\"a\\\"b\\\\c\\n\\u0001\"},"
        + "\"hr\":null,\"call\":null,\"request\":null,\"wall_ns\":0}";
    QCOMPARE(QString::fromStdString(line), QString::fromStdString(expected));
    QVERIFY(QJsonDocument::fromJson(QByteArray::fromStdString(line)).isObject());
}

void tst_TraceStore::textLine()
{
    TraceStore store;
    RecordFields f;
    f.kind = Kind::Callback;
    f.phase = Phase::Return;
    f.thread = intern("host1");
    f.from = intern("echo");
    f.to = intern("framework");
    f.device = intern("ROOT\\ECHO\\0000");
    f.iface = intern("IPnpCallback");
    f.method = intern("OnD0Entry");
    f.hr = 0x80004005;
    f.hasHr = true;
    f.request = 7;
    store.append(f);
    const QString line = QString::fromStdString(toTextLine(store, store.at(0)));
    QVERIFY2(line.contains(QStringLiteral("echo -> framework")), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("IPnpCallback::OnD0Entry")), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("ROOT\\ECHO\\0000")), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("req=7 hr=0x80004005")), qPrintable(line));
}

QTEST_APPLESS_MAIN(tst_TraceStore)
#include "tst_tracestore.moc"
