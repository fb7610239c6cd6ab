// The trace store and the args encoding: records and args round-trip, chunk and arena
// boundaries, truncation that is never silent, wall time, and concurrent appenders with readers
// that only ever see complete records.
#include "core/trace/tracestore.h"

#include <QtTest/QtTest>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace umdfx::trace;

namespace {

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::vector<std::byte> bytesOf(std::string_view s)
{
    std::vector<std::byte> out;
    for (char c : s)
        out.push_back(static_cast<std::byte>(c));
    return out;
}

std::string_view textOf(std::span<const std::byte> b)
{
    return { reinterpret_cast<const char *>(b.data()), b.size() };
}

std::vector<ArgValue> decode(const TraceStore &store, const TraceRecord &r)
{
    std::vector<ArgValue> out;
    for (const ArgValue &v : store.args(r))
        out.push_back(v);
    return out;
}

// Restores the process-wide byte cap when a test ends, whatever happens.
struct BytesCapGuard
{
    explicit BytesCapGuard(std::size_t cap) { ArgsWriter::setBytesCap(cap); }
    ~BytesCapGuard() { ArgsWriter::setBytesCap(m_saved); }
    std::size_t m_saved = ArgsWriter::bytesCap();
};

} // namespace

class tst_TraceStore : public QObject
{
    Q_OBJECT
private slots:
    void kindAndPhaseNames_data();
    void kindAndPhaseNames();
    void emptyStore();
    void everyFieldRoundTrips();
    void chunkBoundaries_data();
    void chunkBoundaries();
    void referencesStayValidAsTheStoreGrows();
    void argsOfEveryType();
    void argsWithInternedKeys();
    void emptyWriterStoresNoArgs();
    void bytesCap_data();
    void bytesCap();
    void stringCutToFitAtCharacterBoundary();
    void overflowDropsAndCounts();
    void argsAcrossArenaChunks();
    void malformedBlobEndsIteration();
    void wallTime();
    void concurrentAppenders();
};

void tst_TraceStore::kindAndPhaseNames_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("name");
    QTest::addRow("win32") << int(Kind::Win32) << QStringLiteral("win32");
    QTest::addRow("callback") << int(Kind::Callback) << QStringLiteral("callback");
    QTest::addRow("ddi") << int(Kind::Ddi) << QStringLiteral("ddi");
    QTest::addRow("pnp") << int(Kind::Pnp) << QStringLiteral("pnp");
    QTest::addRow("notify") << int(Kind::Notify) << QStringLiteral("notify");
    QTest::addRow("verifier") << int(Kind::Verifier) << QStringLiteral("verifier");
    QTest::addRow("host") << int(Kind::Host) << QStringLiteral("host");
    QTest::addRow("action") << int(Kind::Action) << QStringLiteral("action");
    QTest::addRow("log") << int(Kind::Log) << QStringLiteral("log");
}

void tst_TraceStore::kindAndPhaseNames()
{
    QFETCH(int, kind);
    QFETCH(QString, name);
    QCOMPARE(toQString(kindName(static_cast<Kind>(kind))), name);
    QCOMPARE(toQString(phaseName(Phase::Call)), QStringLiteral("call"));
    QCOMPARE(toQString(phaseName(Phase::Return)), QStringLiteral("return"));
    QCOMPARE(toQString(phaseName(Phase::Event)), QStringLiteral("event"));
}

void tst_TraceStore::emptyStore()
{
    TraceStore store;
    QCOMPARE(store.size(), std::size_t(0));
    QCOMPARE(store.droppedRecords(), std::uint64_t(0));
    QCOMPARE(store.droppedArgs(), std::uint64_t(0));
    QVERIFY(!store.recordsWallTime());
}

void tst_TraceStore::everyFieldRoundTrips()
{
    TraceStore store;
    RecordFields f;
    f.tNs = 1234567890123;
    f.thread = intern("host1.dispatch");
    f.kind = Kind::Callback;
    f.phase = Phase::Return;
    f.from = intern("echo");
    f.to = intern("framework");
    f.device = intern("ROOT\\ECHO\\0000");
    f.iface = intern("IQueueCallbackWrite");
    f.method = intern("OnWrite");
    f.object = 17;
    f.hr = 0x80070057;
    f.hasHr = true;
    f.call = 41;
    f.request = 3;
    QCOMPARE(store.append(RecordFields {}), std::uint64_t(0));
    QCOMPARE(store.append(f), std::uint64_t(1));
    QCOMPARE(store.size(), std::size_t(2));
    const TraceRecord &r = store.at(1);
    QCOMPARE(r.seq, std::uint64_t(1));
    QCOMPARE(r.tNs, f.tNs);
    QCOMPARE(r.wallTicks, std::uint64_t(0)); // not recording wall time
    QCOMPARE(r.thread, f.thread);
    QCOMPARE(r.kind, Kind::Callback);
    QCOMPARE(r.phase, Phase::Return);
    QCOMPARE(r.from, f.from);
    QCOMPARE(r.to, f.to);
    QCOMPARE(r.device, f.device);
    QCOMPARE(r.iface, f.iface);
    QCOMPARE(r.method, f.method);
    QCOMPARE(r.object, 17u);
    QCOMPARE(r.hr, 0x80070057u);
    QVERIFY(r.hasHr);
    QCOMPARE(r.call, 41u);
    QCOMPARE(r.request, 3u);
    QVERIFY(store.args(r).empty());
    // The defaults of RecordFields give an empty record.
    const TraceRecord &empty = store.at(0);
    QCOMPARE(empty.seq, std::uint64_t(0));
    QCOMPARE(empty.thread, StrId(0));
    QCOMPARE(empty.kind, Kind::Host);
    QCOMPARE(empty.phase, Phase::Event);
    QVERIFY(!empty.hasHr);
}

void tst_TraceStore::chunkBoundaries_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("reserved");
    const int c = static_cast<int>(TraceStore::kChunkRecords);
    for (bool reserved : { false, true }) {
        const char *how = reserved ? "reserved" : "growing";
        QTest::addRow("1, %s", how) << 1 << reserved;
        QTest::addRow("chunk - 1, %s", how) << c - 1 << reserved;
        QTest::addRow("chunk, %s", how) << c << reserved;
        QTest::addRow("chunk + 1, %s", how) << c + 1 << reserved;
        QTest::addRow("3 chunks + 7, %s", how) << 3 * c + 7 << reserved;
    }
}

void tst_TraceStore::chunkBoundaries()
{
    QFETCH(int, count);
    QFETCH(bool, reserved);
    TraceStore store;
    if (reserved)
        store.reserve(static_cast<std::size_t>(count));
    QCOMPARE(store.size(), std::size_t(0)); // reserving publishes nothing
    const StrId key = intern("i");
    for (int i = 0; i < count; ++i) {
        RecordFields f;
        f.tNs = i * 10;
        f.call = static_cast<std::uint32_t>(i + 1);
        ArgsWriter args;
        if (i % 3 == 0)
            args.u64(key, static_cast<std::uint64_t>(i));
        QCOMPARE(store.append(f, &args), std::uint64_t(i));
    }
    QCOMPARE(store.size(), std::size_t(count));
    for (int i = 0; i < count; ++i) {
        const TraceRecord &r = store.at(static_cast<std::size_t>(i));
        QCOMPARE(r.seq, std::uint64_t(i));
        QCOMPARE(r.tNs, std::int64_t(i) * 10);
        QCOMPARE(r.call, std::uint32_t(i + 1));
        ArgValue v;
        QCOMPARE(store.args(r).find(key, v), i % 3 == 0);
        if (i % 3 == 0)
            QCOMPARE(v.u, std::uint64_t(i));
    }
}

void tst_TraceStore::referencesStayValidAsTheStoreGrows()
{
    TraceStore store;
    RecordFields f;
    f.call = 99;
    store.append(f);
    const TraceRecord *first = &store.at(0);
    for (std::size_t i = 0; i < 3 * TraceStore::kChunkRecords; ++i)
        store.append(RecordFields {});
    QCOMPARE(&store.at(0), first);
    QCOMPARE(first->call, 99u);
}

void tst_TraceStore::argsOfEveryType()
{
    TraceStore store;
    const auto hello = bytesOf("hello");
    std::array<std::uint8_t, 16> guid {};
    for (std::size_t i = 0; i < 16; ++i)
        guid[i] = static_cast<std::uint8_t>(0x10 + i);
    ArgsWriter w;
    w.u64("u", 0xFFFFFFFFFFFFFFFFull)
        .i64("i", -5)
        .hex32("h", 0x80070002u)
        .boolean("t", true)
        .boolean("f", false)
        .string("s", "ROOT\\ECHO\\0000")
        .string("empty", "")
        .bytes("buf", hello)
        .bytes("none", {})
        .guid("g", guid)
        .objectRef("o", 42);
    QVERIFY(!w.empty());
    QVERIFY(!w.truncated());
    store.append(RecordFields {}, &w);
    const auto args = decode(store, store.at(0));
    QCOMPARE(args.size(), std::size_t(11));
    const auto key = [&](std::size_t i) { return toQString(str(args[i].key)); };
    QCOMPARE(key(0), QStringLiteral("u"));
    QCOMPARE(args[0].type, ArgType::U64);
    QCOMPARE(args[0].u, 0xFFFFFFFFFFFFFFFFull);
    QCOMPARE(key(1), QStringLiteral("i"));
    QCOMPARE(args[1].type, ArgType::I64);
    QCOMPARE(args[1].i, std::int64_t(-5));
    QCOMPARE(args[2].type, ArgType::Hex32);
    QCOMPARE(args[2].u, std::uint64_t(0x80070002u));
    QCOMPARE(args[3].type, ArgType::Bool);
    QCOMPARE(args[3].u, std::uint64_t(1));
    QCOMPARE(args[4].u, std::uint64_t(0));
    QCOMPARE(args[5].type, ArgType::String);
    QCOMPARE(toQString(args[5].text), QStringLiteral("ROOT\\ECHO\\0000"));
    QCOMPARE(args[5].fullLength, 14u);
    QVERIFY(!args[5].isCut());
    QCOMPARE(key(6), QStringLiteral("empty"));
    QVERIFY(args[6].text.empty());
    QCOMPARE(args[7].type, ArgType::Bytes);
    QCOMPARE(toQString(textOf(args[7].bytes)), QStringLiteral("hello"));
    QCOMPARE(args[7].fullLength, 5u);
    QCOMPARE(args[8].type, ArgType::Bytes);
    QCOMPARE(args[8].bytes.size(), std::size_t(0));
    QCOMPARE(args[9].type, ArgType::Guid);
    QCOMPARE(args[9].bytes.size(), std::size_t(16));
    for (std::size_t i = 0; i < 16; ++i)
        QCOMPARE(static_cast<int>(args[9].bytes[i]), int(0x10 + i));
    QCOMPARE(key(10), QStringLiteral("o"));
    QCOMPARE(args[10].type, ArgType::ObjectRef);
    QCOMPARE(args[10].u, std::uint64_t(42));
    // find() looks from the start by key text or id, whatever next() consumed.
    ArgValue v;
    QVERIFY(store.args(store.at(0)).find("o", v) && v.u == 42);
    QVERIFY(store.args(store.at(0)).find(intern("i"), v) && v.i == -5);
    QVERIFY(!store.args(store.at(0)).find("missing", v));
}

void tst_TraceStore::argsWithInternedKeys()
{
    // The StrId overloads write exactly what the string_view ones write.
    const auto data = bytesOf("xy");
    const std::array<std::uint8_t, 16> guid { 1, 2, 3 };
    ArgsWriter byName;
    byName.u64("a", 1).i64("b", -2).hex32("c", 3).boolean("d", true).string("e", "five");
    byName.bytes("f", data).guid("g", guid).objectRef("h", 8);
    ArgsWriter byId;
    byId.u64(intern("a"), 1).i64(intern("b"), -2).hex32(intern("c"), 3).boolean(intern("d"), true);
    byId.string(intern("e"), "five").bytes(intern("f"), data).guid(intern("g"), guid);
    byId.objectRef(intern("h"), 8);
    QCOMPARE(byId.data().size(), byName.data().size());
    QVERIFY(std::equal(byId.data().begin(), byId.data().end(), byName.data().begin()));
}

void tst_TraceStore::emptyWriterStoresNoArgs()
{
    TraceStore store;
    ArgsWriter w;
    QVERIFY(w.empty());
    store.append(RecordFields {}, &w);
    store.append(RecordFields {}, nullptr);
    QVERIFY(store.args(store.at(0)).empty());
    QVERIFY(store.args(store.at(1)).empty());
    QCOMPARE(store.at(0).argsRef, 0u);
}

void tst_TraceStore::bytesCap_data()
{
    QTest::addColumn<int>("cap");
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("kept");
    QTest::addRow("shorter than the cap") << 16 << 5 << 5;
    QTest::addRow("exactly the cap") << 16 << 16 << 16;
    QTest::addRow("longer than the cap") << 16 << 1000 << 16;
    QTest::addRow("cap 0 keeps only the length") << 0 << 1000 << 0;
    QTest::addRow("default cap 256") << 256 << 4096 << 256;
}

void tst_TraceStore::bytesCap()
{
    QFETCH(int, cap);
    QFETCH(int, length);
    QFETCH(int, kept);
    BytesCapGuard guard(static_cast<std::size_t>(cap));
    std::vector<std::byte> data;
    for (int i = 0; i < length; ++i)
        data.push_back(static_cast<std::byte>(i & 0xFF));
    ArgsWriter w;
    w.bytes("data", data).u64("after", 7);
    QVERIFY(!w.truncated()); // the cap is a setting, not a lack of room
    TraceStore store;
    store.append(RecordFields {}, &w);
    ArgValue v;
    QVERIFY(store.args(store.at(0)).find("data", v));
    QCOMPARE(v.bytes.size(), std::size_t(kept));
    QCOMPARE(v.fullLength, std::uint32_t(length));
    QCOMPARE(v.isCut(), kept < length);
    for (int i = 0; i < kept; ++i)
        QCOMPARE(static_cast<int>(v.bytes[static_cast<std::size_t>(i)]), i & 0xFF);
    QVERIFY(store.args(store.at(0)).find("after", v) && v.u == 7);
}

void tst_TraceStore::stringCutToFitAtCharacterBoundary()
{
    // "é" is two bytes: a cut that would fall between them backs off to the character start.
    std::string text;
    while (text.size() < 2 * ArgsWriter::kCapacity)
        text += "\xC3\xA9";
    for (std::size_t lead : { std::size_t(0), std::size_t(1) }) {
        ArgsWriter w;
        if (lead)
            w.string("pad", "x"); // shifts the cut by one byte
        w.string("s", text).u64("later", 1).u64("later2", 2);
        QVERIFY(w.truncated());
        QVERIFY(w.data().size() <= ArgsWriter::kCapacity);
        ArgsView view(w.data());
        ArgValue v;
        QVERIFY(view.find("s", v));
        QVERIFY(v.isCut());
        QCOMPARE(v.fullLength, std::uint32_t(text.size()));
        QVERIFY(v.text.size() > ArgsWriter::kCapacity / 2);
        QCOMPARE(v.text.size() % 2, std::size_t(0));
        QVERIFY(text.compare(0, v.text.size(), v.text) == 0);
        // What follows a cut entry is dropped and counted, never silently lost.
        QVERIFY(!view.find("later", v));
        std::vector<ArgValue> all;
        for (const ArgValue &a : view)
            all.push_back(a);
        QCOMPARE(all.back().type, ArgType::Dropped);
        QCOMPARE(all.back().u, std::uint64_t(2));
    }
}

void tst_TraceStore::overflowDropsAndCounts()
{
    ArgsWriter w;
    int written = 0;
    for (int i = 0; i < 200; ++i) {
        w.u64("n", static_cast<std::uint64_t>(i));
        if (!w.truncated())
            ++written;
    }
    QVERIFY(w.truncated());
    QVERIFY(w.data().size() <= ArgsWriter::kCapacity);
    TraceStore store;
    store.append(RecordFields {}, &w);
    const auto args = decode(store, store.at(0));
    QCOMPARE(int(args.size()), written + 1);
    for (int i = 0; i < written; ++i)
        QCOMPARE(args[static_cast<std::size_t>(i)].u, std::uint64_t(i)); // a prefix, in order
    QCOMPARE(args.back().type, ArgType::Dropped);
    QCOMPARE(args.back().key, StrId(0));
    QCOMPARE(int(args.back().u), 200 - written);
}

void tst_TraceStore::argsAcrossArenaChunks()
{
    // About 1000-byte blobs: an arena chunk holds about a thousand, so 2500 cross two chunk
    // boundaries, where a blob that would straddle moves to the next chunk whole.
    TraceStore store;
    for (int i = 0; i < 2500; ++i) {
        ArgsWriter w;
        w.u64("i", static_cast<std::uint64_t>(i))
            .string("fill", std::string(980 + i % 13, static_cast<char>('a' + i % 26)));
        store.append(RecordFields {}, &w);
    }
    QCOMPARE(store.droppedArgs(), std::uint64_t(0));
    for (int i = 0; i < 2500; ++i) {
        const auto args = decode(store, store.at(static_cast<std::size_t>(i)));
        QCOMPARE(args.size(), std::size_t(2));
        QCOMPARE(args[0].u, std::uint64_t(i));
        QCOMPARE(args[1].text.size(), std::size_t(980 + i % 13));
        QVERIFY(args[1].text.find_first_not_of(static_cast<char>('a' + i % 26))
            == std::string_view::npos);
    }
}

void tst_TraceStore::malformedBlobEndsIteration()
{
    ArgsWriter w;
    w.u64("a", 1).string("b", "text");
    const auto full = w.data();
    // Every cut of a valid blob decodes to a prefix of its entries, never past the end.
    for (std::size_t n = 0; n < full.size(); ++n) {
        int count = 0;
        for (const ArgValue &v : ArgsView(full.first(n))) {
            Q_UNUSED(v);
            ++count;
        }
        QVERIFY(count <= 1);
    }
    const std::byte badType[] = { std::byte { 1 }, std::byte { 0 }, std::byte { 0 },
        std::byte { 0 }, std::byte { 0xEE } };
    ArgValue v;
    ArgsView view(badType);
    QVERIFY(!view.next(v));
}

void tst_TraceStore::wallTime()
{
    TraceStore store(true);
    QVERIFY(store.recordsWallTime());
    const auto t0 = std::chrono::steady_clock::now();
    store.append(RecordFields {});
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    store.append(RecordFields {});
    const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now() - t0)
                             .count();
    const std::uint64_t a = store.wallNs(store.at(0));
    const std::uint64_t b = store.wallNs(store.at(1));
    QVERIFY(store.at(1).wallTicks > store.at(0).wallTicks);
    QVERIFY2(b > a, qPrintable(QStringLiteral("%1 then %2").arg(a).arg(b)));
    // The gap is the sleep, measured by the same clock as steady_clock give or take a few %.
    const double gap = static_cast<double>(b - a);
    QVERIFY2(gap >= 30e6 * 0.95 && gap <= static_cast<double>(elapsed) * 1.05,
        qPrintable(QStringLiteral("gap %1 ns, elapsed %2 ns").arg(gap).arg(elapsed)));
    QVERIFY(a < 30'000'000); // the first record came right after the store was made

    TraceStore virtualOnly;
    virtualOnly.append(RecordFields {});
    QCOMPARE(virtualOnly.at(0).wallTicks, std::uint64_t(0));
    QCOMPARE(virtualOnly.wallNs(virtualOnly.at(0)), std::uint64_t(0));
}

void tst_TraceStore::concurrentAppenders()
{
    // Four writers append N records each; every field of a record is derived from (writer, i),
    // so a reader that sees a half-written record notices. The reader runs all along.
    constexpr int kThreads = 4;
    constexpr int kPerThread = 50000;
    TraceStore store;
    std::vector<StrId> threadNames, methods;
    for (int t = 0; t < kThreads; ++t) {
        threadNames.push_back(intern("writer" + std::to_string(t)));
        methods.push_back(intern("Method" + std::to_string(t)));
    }
    const StrId keyN = intern("n");
    const auto expectedText
        = [](int t, int i) { return std::to_string(t) + ":" + std::to_string(i * 7); };
    const auto check = [&](const TraceRecord &r) {
        const int t = static_cast<int>(r.object) - 1;
        if (t < 0 || t >= kThreads)
            return false;
        const int i = static_cast<int>(r.call);
        if (r.tNs != std::int64_t(t) * 1'000'000'000 + i || r.request != r.call * 3 + 1
            || r.thread != threadNames[static_cast<std::size_t>(t)]
            || r.method != methods[static_cast<std::size_t>(t)] || r.hr != r.call
            || r.hasHr != (i % 2 == 0) || r.kind != Kind::Ddi || r.phase != Phase::Call)
            return false;
        ArgsView view = store.args(r);
        ArgValue n, s;
        if (!view.next(n) || n.key != keyN || n.u != r.call || !view.next(s))
            return false;
        return s.text == expectedText(t, i);
    };

    std::atomic<bool> go { false };
    std::atomic<bool> done { false };
    std::atomic<int> tornReads { 0 };
    std::atomic<int> shrinks { 0 };
    std::atomic<std::size_t> readerPasses { 0 };
    std::thread reader([&] {
        std::size_t last = 0;
        std::size_t checked = 0;
        while (!done.load()) {
            const std::size_t n = store.size();
            if (n < last)
                ++shrinks;
            last = n;
            // Every record below size() must be complete, the newest ones above all.
            for (std::size_t i = checked; i < n; ++i) {
                if (!check(store.at(i)))
                    ++tornReads;
            }
            checked = n;
            ++readerPasses;
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
        writers.emplace_back([&, t] {
            while (!go.load()) { }
            for (int i = 1; i <= kPerThread; ++i) {
                RecordFields f;
                f.tNs = std::int64_t(t) * 1'000'000'000 + i;
                f.thread = threadNames[static_cast<std::size_t>(t)];
                f.kind = Kind::Ddi;
                f.phase = Phase::Call;
                f.method = methods[static_cast<std::size_t>(t)];
                f.object = static_cast<std::uint32_t>(t + 1);
                f.call = static_cast<std::uint32_t>(i);
                f.request = f.call * 3 + 1;
                f.hr = f.call;
                f.hasHr = i % 2 == 0;
                ArgsWriter w;
                w.u64(keyN, f.call).string("s", expectedText(t, i));
                store.append(f, &w);
            }
        });
    }
    go = true;
    for (auto &w : writers)
        w.join();
    done = true;
    reader.join();
    QCOMPARE(tornReads.load(), 0);
    QCOMPARE(shrinks.load(), 0);
    QVERIFY(readerPasses.load() > 0);
    QCOMPARE(store.size(), std::size_t(kThreads) * kPerThread);
    // Every record exactly once, each writer's records in its own order, seq = index.
    std::vector<std::uint32_t> last(kThreads, 0);
    for (std::size_t i = 0; i < store.size(); ++i) {
        const TraceRecord &r = store.at(i);
        QCOMPARE(r.seq, std::uint64_t(i));
        QVERIFY(check(r));
        auto &prev = last[r.object - 1];
        QCOMPARE(r.call, prev + 1);
        prev = r.call;
    }
    for (auto l : last)
        QCOMPARE(l, std::uint32_t(kPerThread));
}

QTEST_APPLESS_MAIN(tst_TraceStore)
#include "tst_tracestore.moc"
