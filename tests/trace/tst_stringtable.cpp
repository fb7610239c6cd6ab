// The process-wide string table: ids are stable, views stay valid, and threads interning and
// reading at once agree on one id per string.
#include "core/trace/stringtable.h"

#include <QtTest/QtTest>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

using umdfx::trace::intern;
using umdfx::trace::internedCount;
using umdfx::trace::str;
using umdfx::trace::StrId;

namespace {

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

class tst_StringTable : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void emptyStringIsZero();
    void sameTextSameId();
    void idsAreDenseAndCounted();
    void unknownIdsAreEmpty();
    void viewsStayValidAsTheTableGrows();
    void concurrentInterningAgrees_data();
    void concurrentInterningAgrees();
};

void tst_StringTable::roundTrip_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addRow("method") << QByteArray("OnWrite");
    QTest::addRow("instance id with backslashes") << QByteArray("ROOT\\ECHO\\0000");
    QTest::addRow("utf-8") << QByteArray("Gerät \xE2\x86\x92 Treiber");
    QTest::addRow("embedded NUL") << QByteArray("a\0b", 3);
    QTest::addRow("one byte") << QByteArray("x");
    QTest::addRow("longer than a text block") << QByteArray(100 * 1024, 'L');
}

void tst_StringTable::roundTrip()
{
    QFETCH(QByteArray, text);
    const std::string_view s(text.constData(), static_cast<std::size_t>(text.size()));
    const StrId id = intern(s);
    QVERIFY(id != 0);
    QCOMPARE(str(id).size(), s.size());
    QVERIFY(str(id) == s);
    // The table keeps its own copy: the caller's buffer may go away.
    QVERIFY(str(id).data() != s.data());
    QCOMPARE(intern(std::string(s)), id);
}

void tst_StringTable::emptyStringIsZero()
{
    QCOMPARE(intern(""), StrId(0));
    QCOMPARE(intern(std::string_view()), StrId(0));
    QVERIFY(str(0).empty());
}

void tst_StringTable::sameTextSameId()
{
    const StrId a = intern("IQueueCallbackWrite");
    QCOMPARE(intern("IQueueCallbackWrite"), a);
    QVERIFY(intern("IQueueCallbackRead") != a);
    QVERIFY(intern("iqueuecallbackwrite") != a); // case matters
    QVERIFY(intern("IQueueCallbackWrite ") != a);
}

void tst_StringTable::idsAreDenseAndCounted()
{
    const std::size_t before = internedCount();
    const StrId first = intern("tst_StringTable dense 1");
    const StrId second = intern("tst_StringTable dense 2");
    intern("tst_StringTable dense 1"); // not new
    QCOMPARE(std::size_t(first), before);
    QCOMPARE(second, first + 1);
    QCOMPARE(internedCount(), before + 2);
}

void tst_StringTable::unknownIdsAreEmpty()
{
    const auto next = static_cast<StrId>(internedCount());
    QVERIFY(str(next).empty());
    QVERIFY(str(0x7FFFFFF0).empty());
    QVERIFY(str(0xFFFFFFFF).empty());
}

void tst_StringTable::viewsStayValidAsTheTableGrows()
{
    const StrId id = intern("tst_StringTable stays put");
    const std::string_view before = str(id);
    // Enough new strings to grow the hash index several times and fill more than one id chunk.
    std::vector<StrId> ids;
    for (int i = 0; i < 20000; ++i)
        ids.push_back(intern("tst_StringTable growth " + std::to_string(i)));
    const std::string_view after = str(id);
    QCOMPARE(static_cast<const void *>(after.data()), static_cast<const void *>(before.data()));
    QCOMPARE(toQString(after), QStringLiteral("tst_StringTable stays put"));
    QCOMPARE(intern("tst_StringTable stays put"), id);
    for (int i = 0; i < 20000; i += 997) {
        QCOMPARE(toQString(str(ids[static_cast<std::size_t>(i)])),
            QStringLiteral("tst_StringTable growth %1").arg(i));
        QCOMPARE(intern("tst_StringTable growth " + std::to_string(i)),
            ids[static_cast<std::size_t>(i)]);
    }
}

void tst_StringTable::concurrentInterningAgrees_data()
{
    QTest::addColumn<bool>("sameOrder");
    // All threads racing to add the same string at the same moment...
    QTest::addRow("same order") << true;
    // ...and threads adding different strings at once (the index grows under them).
    QTest::addRow("different orders") << false;
}

void tst_StringTable::concurrentInterningAgrees()
{
    // Four threads intern the same 4999 new strings while a fifth reads back every id there is;
    // all must agree on one id per string.
    QFETCH(bool, sameOrder);
    constexpr int kThreads = 4;
    constexpr int kStrings = 4999; // a prime: every stride below visits every string
    const std::size_t before = internedCount();
    const std::string prefix
        = std::string("tst_StringTable concurrent ") + (sameOrder ? "same " : "different ");
    const auto text = [&prefix](int i) { return prefix + std::to_string(i); };
    std::vector<std::vector<StrId>> seen(kThreads, std::vector<StrId>(kStrings, 0));
    std::atomic<int> started { 0 };
    std::atomic<bool> done { false };
    std::atomic<int> badReads { 0 };
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            ++started;
            while (started.load() < kThreads) { }
            for (int k = 0; k < kStrings; ++k) {
                const int i = sameOrder ? k : (k * (2 * t + 1) + t * 977) % kStrings;
                seen[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)] = intern(text(i));
            }
        });
    }
    std::thread reader([&] {
        while (!done.load()) {
            // Whatever exists is complete text from this test or earlier ones, never garbage.
            const std::size_t n = internedCount();
            for (std::size_t id = before; id < n; ++id) {
                const std::string_view s = str(static_cast<StrId>(id));
                if (s.rfind(prefix, 0) != 0)
                    ++badReads;
            }
        }
    });
    for (auto &th : threads)
        th.join();
    done = true;
    reader.join();
    QCOMPARE(badReads.load(), 0);
    std::set<StrId> distinct;
    for (int i = 0; i < kStrings; ++i) {
        const StrId id = seen[0][static_cast<std::size_t>(i)];
        for (int t = 1; t < kThreads; ++t)
            QCOMPARE(seen[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)], id);
        QVERIFY(str(id) == text(i));
        distinct.insert(id);
    }
    QCOMPARE(distinct.size(), std::size_t(kStrings));
    QCOMPARE(internedCount(), before + kStrings);
}

QTEST_APPLESS_MAIN(tst_StringTable)
#include "tst_stringtable.moc"
