// Comparing two traces (core/simulation/tracediff.h): arguments are compared and shown,
// run-specific values are masked, chosen keys are ignored, and lines are aligned by request, so a
// request's path stands beside the other trace's same request whatever else happened in between.
#include "tests/trace/syntheticstore.h"

#include "core/simulation/tracediff.h"

#include <QtTest/QtTest>

#include <functional>
#include <random>

using testing::Rec;
using umdfx::DiffOptions;
using umdfx::DiffRow;
using umdfx::trace::ArgsWriter;
using umdfx::trace::Kind;
using umdfx::trace::Phase;
using umdfx::trace::TraceStore;

namespace {

// A driver reads one named value: the call names it, the return carries what was read.
void namedValue(TraceStore &s, std::uint32_t call, std::string_view name,
    const std::function<void(ArgsWriter &)> &out)
{
    ArgsWriter in;
    in.string("pszName", name);
    testing::add(s,
        { Kind::Ddi, Phase::Call, "IWDFNamedPropertyStore", "GetNamedValue", "ROOT\\ECHO\\0000",
            "host1", "echo", "framework", 3, 0, call },
        &in);
    ArgsWriter back;
    out(back);
    testing::add(s,
        { Kind::Ddi, Phase::Return, "IWDFNamedPropertyStore", "GetNamedValue", "ROOT\\ECHO\\0000",
            "host1", "framework", "echo", 3, 0, call, true, 0 },
        &back);
}

// A step of one request, as a top-level event line: "host a->b Req::STEP".
void step(TraceStore &s, std::uint32_t request, std::string_view what, std::uint32_t bytes = 5)
{
    ArgsWriter args;
    args.u64("bytes", bytes);
    testing::add(s,
        { Kind::Host, Phase::Event, "Req", what, "ROOT\\ECHO\\0000", "host1", "framework", "echo",
            0, request },
        &args);
}

void action(TraceStore &s, std::string_view text)
{
    ArgsWriter args;
    args.string("text", text);
    testing::add(s, { Kind::Action, Phase::Event, "action", "write", {}, "user", "user" }, &args);
}

void unrelated(TraceStore &s, std::string_view what)
{
    testing::add(s, { Kind::Pnp, Phase::Event, "Pnp", what, "ROOT\\ECHO\\0000", "pnp", "pnp" });
}

QString joined(const std::vector<std::string> &lines)
{
    QStringList out;
    for (const auto &l : lines)
        out << QString::fromStdString(l);
    return out.join(QLatin1Char('\n'));
}

} // namespace

class tst_TraceDiff : public QObject
{
    Q_OBJECT
private slots:
    void changedArgumentIsOneChangedLine();
    void runSpecificValuesAreMasked_data();
    void runSpecificValuesAreMasked();
    void ignoredArguments_data();
    void ignoredArguments();
    void alignsByRequest();
    void unrelatedInsertionStaysOneLine();
    void requestsMatchedByTheirPath();
    void actionStaysAboveItsRequest();
    void linesAreTheGoldenLines();
    void nestedLinesJoinTheirRequestOnTheirThread();
    void alignmentIsAShortestEditScript();
};

void tst_TraceDiff::changedArgumentIsOneChangedLine()
{
    TraceStore a, b;
    namedValue(a, 1, "ReferenceStrings", [](ArgsWriter &w) { w.string("value", "Port1"); });
    namedValue(a, 2, "MaxWriteLength", [](ArgsWriter &w) { w.u64("value", 4096); });
    namedValue(b, 1, "ReferenceStrings", [](ArgsWriter &w) { w.string("value", "Port1"); });
    namedValue(b, 2, "MaxWriteLength", [](ArgsWriter &w) { w.u64("value", 4095); });

    DiffOptions shapes;
    shapes.compareArgs = false;
    const auto shapesOnly = umdfx::compareTraces(a, b, shapes);
    QVERIFY(shapesOnly.identical); // what diff saw before it read arguments

    const auto c = umdfx::compareTraces(a, b);
    QVERIFY(!c.identical);
    QCOMPARE(c.changed, 1u);
    QCOMPARE(c.onlyInA, 0u);
    QCOMPARE(c.onlyInB, 0u);
    QCOMPARE(c.same, 1u);
    QVERIFY(c.firstDifference);
    QCOMPARE(c.rows[*c.firstDifference].a, 1u);
    QCOMPARE(int(c.rows[*c.firstDifference].status), int(DiffRow::Status::Changed));
    const QString diff = joined(umdfx::unifiedDiff(c, "A", "B"));
    const QString shape
        = QStringLiteral("ddi echo->framework IWDFNamedPropertyStore::GetNamedValue => 0x00000000  "
                         "pszName=\"MaxWriteLength\"  out: value=");
    QVERIFY2(diff.contains(QStringLiteral("\n-") + shape + QStringLiteral("4096\n+") + shape
                 + QStringLiteral("4095")),
        qPrintable(diff));
    QVERIFY2(diff.startsWith(QStringLiteral("--- A\n+++ B\n@@ -1,2 +1,2 @@\n ")), qPrintable(diff));
    const QString summary = QString::fromStdString(umdfx::diffSummary(c));
    QVERIFY2(summary.startsWith(QStringLiteral("first divergence at A line 2 (record #2), B line 2 "
                                               "(record #2); 0 lines only in A, 0 only in B, 1 "
                                               "with other arguments, 1 the same")),
        qPrintable(summary));
}

void tst_TraceDiff::runSpecificValuesAreMasked_data()
{
    // 0 object reference, 1 handle text, 2 handle number, 3 SetupDiGetClassDevs' result (a
    // handle), 4 IWDFIoQueue::GetState's result (the queue's state: compared)
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("valueA");
    QTest::addColumn<QString>("valueB");
    QTest::addColumn<bool>("same");
    QTest::addRow("two objects") << 0 << "5"
                                 << "9" << true;
    QTest::addRow("an object and none") << 0 << "0"
                                        << "9" << false;
    QTest::addRow("two handles") << 1 << "0x80"
                                 << "0x84" << true;
    QTest::addRow("a handle and a failure") << 1 << "0x80"
                                            << "INVALID_HANDLE_VALUE" << false;
    QTest::addRow("a handle and NULL") << 1 << "0x80"
                                       << "0x0" << false;
    QTest::addRow("two timer handles") << 2 << "17"
                                       << "18" << true;
    QTest::addRow("a timer handle and none") << 2 << "17"
                                             << "0" << false;
    QTest::addRow("two device information sets") << 3 << "4096"
                                                 << "4097" << true;
    QTest::addRow("two queue states") << 4 << "1"
                                      << "3" << false;
}

void tst_TraceDiff::runSpecificValuesAreMasked()
{
    QFETCH(int, kind);
    QFETCH(QString, valueA);
    QFETCH(QString, valueB);
    QFETCH(bool, same);
    const auto make = [&](TraceStore &s, const QString &v) {
        ArgsWriter w;
        if (kind == 0)
            w.objectRef("pWdfRequest", v.toUInt());
        else if (kind == 1)
            w.string("hFile", v.toStdString());
        else if (kind == 2)
            w.u64("hTimer", v.toULongLong());
        else
            w.hex32("result", v.toUInt());
        const std::string_view method = kind == 3 ? "SetupDiGetClassDevs"
            : kind == 4                           ? "GetState"
                                                  : "Thing";
        testing::add(s, { Kind::Win32, Phase::Event, "kernel32", method, {}, "app1", "app1" }, &w);
    };
    TraceStore a, b;
    make(a, valueA);
    make(b, valueB);
    const auto c = umdfx::compareTraces(a, b);
    QCOMPARE(c.identical, same);
    if (!same)
        QCOMPARE(c.changed, 1u);
}

void tst_TraceDiff::ignoredArguments_data()
{
    QTest::addColumn<QStringList>("ignored");
    QTest::addColumn<bool>("identical");
    QTest::addRow("none") << QStringList() << false;
    QTest::addRow("the key") << QStringList { "value" } << true;
    QTest::addRow("the key on its method") << QStringList { "GetNamedValue.value" } << true;
    QTest::addRow("the key on another method") << QStringList { "OnWrite.value" } << false;
    QTest::addRow("another key") << QStringList { "pszName" } << false;
}

void tst_TraceDiff::ignoredArguments()
{
    QFETCH(QStringList, ignored);
    QFETCH(bool, identical);
    TraceStore a, b;
    namedValue(a, 1, "MaxWriteLength", [](ArgsWriter &w) { w.u64("value", 4096); });
    namedValue(b, 1, "MaxWriteLength", [](ArgsWriter &w) { w.u64("value", 4095); });
    DiffOptions options;
    for (const QString &k : ignored)
        options.ignoredArgs.push_back(k.toStdString());
    const auto c = umdfx::compareTraces(a, b, options);
    QCOMPARE(c.identical, identical);
    // An ignored key is not shown either.
    const bool shown = QString::fromStdString(c.linesA[0].args).contains(QStringLiteral("value="));
    QCOMPARE(shown, !identical);
}

void tst_TraceDiff::alignsByRequest()
{
    // Two requests whose steps interleave differently in the two runs, with other request ids.
    TraceStore a, b;
    step(a, 1, "Start");
    step(a, 2, "Start");
    step(a, 1, "Done");
    step(a, 2, "Done");
    step(b, 11, "Start");
    step(b, 11, "Done");
    step(b, 12, "Start");
    step(b, 12, "Done");

    const auto c = umdfx::compareTraces(a, b);
    QVERIFY2(c.identical, qPrintable(joined(umdfx::unifiedDiff(c, "A", "B"))));
    // Each request's path is shown together: A's lines 0, 2 (request 1) then 1, 3 (request 2).
    QCOMPARE(c.rows.size(), 4u);
    QCOMPARE(c.rows[0].a, 0u);
    QCOMPARE(c.rows[1].a, 2u);
    QCOMPARE(c.rows[1].b, 1u);
    QCOMPARE(c.rows[2].a, 1u);
    QCOMPARE(c.rows[2].b, 2u);

    DiffOptions flat;
    flat.byRequest = false;
    const auto f = umdfx::compareTraces(a, b, flat);
    QVERIFY(!f.identical); // line by line, the interleaving is a difference
    QCOMPARE(f.onlyInA + f.onlyInB, 2u);
}

void tst_TraceDiff::unrelatedInsertionStaysOneLine()
{
    TraceStore a, b;
    for (TraceStore *s : { &a, &b }) {
        unrelated(*s, "Started");
        step(*s, 1, "Start");
        if (s == &b)
            unrelated(*s, "Notified"); // in the middle of request 1's path
        step(*s, 1, "Forward");
        step(*s, 1, "Done");
        step(*s, 2, "Start");
        step(*s, 2, "Done");
        unrelated(*s, "Stopped");
    }
    const auto c = umdfx::compareTraces(a, b);
    QCOMPARE(c.onlyInB, 1u);
    QCOMPARE(c.onlyInA, 0u);
    QCOMPARE(c.changed, 0u);
    QCOMPARE(c.same, 7u);
    const DiffRow &only = c.rows[*c.firstDifference];
    QCOMPARE(int(only.status), int(DiffRow::Status::OnlyB));
    QCOMPARE(QString::fromStdString(c.linesB[only.b].shape),
        QStringLiteral("pnp pnp->echo Pnp::Notified"));
}

void tst_TraceDiff::requestsMatchedByTheirPath()
{
    // Two requests that open the same way, in the other order in B: each is found by its path
    // (here its byte counts), not paired with whichever comes first.
    TraceStore a, b;
    step(a, 1, "Start", 3);
    step(a, 1, "Done", 3);
    step(a, 2, "Start", 7);
    step(a, 2, "Done", 7);
    step(b, 1, "Start", 7);
    step(b, 1, "Done", 7);
    step(b, 2, "Start", 3);
    step(b, 2, "Done", 3);
    const auto c = umdfx::compareTraces(a, b);
    QCOMPARE(c.changed, 0u); // nothing is shown as a changed count: one request moved
    QCOMPARE(c.same, 2u);
    QCOMPARE(c.onlyInA, 2u);
    QCOMPARE(c.onlyInB, 2u);

    // One request whose values differ is shown as changed lines, in its place.
    TraceStore d, e;
    step(d, 1, "Start", 3);
    step(d, 1, "Done", 3);
    unrelated(d, "Stopped");
    step(e, 1, "Start", 4);
    step(e, 1, "Done", 4);
    unrelated(e, "Stopped");
    const auto g = umdfx::compareTraces(d, e);
    QCOMPARE(g.changed, 2u);
    QCOMPARE(g.onlyInA + g.onlyInB, 0u);
    QCOMPARE(g.rows[0].a, 0u);
    QCOMPARE(g.rows[0].b, 0u);
}

void tst_TraceDiff::actionStaysAboveItsRequest()
{
    // Another action led to the same request with other values: the two action lines, then the
    // request's lines side by side — not the B action after the request.
    TraceStore a, b;
    action(a, "write h1 \"abc\"");
    step(a, 1, "Start", 3);
    step(a, 1, "Done", 3);
    action(b, "write h1 \"abcd\"");
    step(b, 1, "Start", 4);
    step(b, 1, "Done", 4);
    const auto c = umdfx::compareTraces(a, b);
    QCOMPARE(c.rows.size(), 4u);
    QCOMPARE(int(c.rows[0].status), int(DiffRow::Status::OnlyA));
    QCOMPARE(int(c.rows[1].status), int(DiffRow::Status::OnlyB));
    QCOMPARE(
        QString::fromStdString(c.linesB[c.rows[1].b].shape), QStringLiteral("> write h1 \"abcd\""));
    QCOMPARE(int(c.rows[2].status), int(DiffRow::Status::Changed));
    QCOMPARE(int(c.rows[3].status), int(DiffRow::Status::Changed));
}

void tst_TraceDiff::linesAreTheGoldenLines()
{
    TraceStore a;
    namedValue(a, 1, "MaxWriteLength", [](ArgsWriter &w) { w.u64("value", 4096); });
    step(a, 4, "Start");
    const auto golden = umdfx::goldenLines(a);
    const auto lines = umdfx::diffLines(a);
    QCOMPARE(lines.size(), golden.size());
    for (std::size_t i = 0; i < lines.size(); ++i)
        QCOMPARE(lines[i].shape, golden[i]);
    QCOMPARE(lines[0].args, std::string("pszName=\"MaxWriteLength\"  out: value=4096"));
    QCOMPARE(lines[1].request, 4u);
}

void tst_TraceDiff::nestedLinesJoinTheirRequestOnTheirThread()
{
    TraceStore s;
    // A ReadFile (request 5) that stays open on app1; inside it, OnRead on host1 (request 5
    // too), a DDI of the driver without a request on host1, and PnP's own event on another thread.
    testing::add(s,
        { Kind::Win32, Phase::Call, "kernel32", "ReadFile", {}, "app1", "app1", "kernel", 0, 5,
            1 });
    testing::add(s,
        { Kind::Callback, Phase::Call, "IQueueCallbackRead", "OnRead", {}, "host1", "framework",
            "echo", 0, 5, 2 });
    testing::add(s,
        { Kind::Ddi, Phase::Event, "IWDFMemory", "CopyFromBuffer", {}, "host1", "echo",
            "framework" });
    testing::add(s,
        { Kind::Callback, Phase::Return, "IQueueCallbackRead", "OnRead", {}, "host1", "echo",
            "framework", 0, 5, 2 });
    testing::add(s, { Kind::Pnp, Phase::Event, "Pnp", "Timer", {}, "pnp", "pnp", "pnp" });
    const auto lines = umdfx::diffLines(s);
    QCOMPARE(lines.size(), 4u);
    QCOMPARE(lines[0].request, 5u);
    QCOMPARE(lines[1].request, 5u);
    QCOMPARE(lines[2].request, 5u); // the driver's call inside OnRead, on OnRead's thread
    QCOMPARE(lines[3].request, 0u); // nested under the open ReadFile, but another thread's
}

void tst_TraceDiff::alignmentIsAShortestEditScript()
{
    // Random line sequences over a small alphabet: the rows give back both sequences in order, and
    // the lines on one side only are exactly n + m - 2 x LCS (a dynamic-programming LCS).
    std::mt19937 random(20261208);
    for (int round = 0; round < 200; ++round) {
        std::vector<umdfx::DiffLine> a, b;
        const auto fill = [&](std::vector<umdfx::DiffLine> &lines) {
            const int n = int(random() % 40);
            for (int i = 0; i < n; ++i) {
                umdfx::DiffLine l;
                l.shape = std::string(1, char('a' + random() % 4));
                lines.push_back(l);
            }
        };
        fill(a);
        fill(b);
        std::vector<std::vector<std::size_t>> lcs(
            a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
        for (std::size_t i = a.size(); i-- > 0;)
            for (std::size_t j = b.size(); j-- > 0;)
                lcs[i][j] = a[i].shape == b[j].shape ? lcs[i + 1][j + 1] + 1
                                                     : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        DiffOptions flat;
        flat.byRequest = false;
        const auto c = umdfx::compareLines(a, b, flat);
        QVERIFY(!c.tooDifferent);
        QCOMPARE(c.onlyInA + c.onlyInB, a.size() + b.size() - 2 * lcs[0][0]);
        std::size_t nextA = 0, nextB = 0;
        for (const DiffRow &row : c.rows) {
            if (row.a != DiffRow::kNone)
                QCOMPARE(row.a, nextA++);
            if (row.b != DiffRow::kNone)
                QCOMPARE(row.b, nextB++);
            if (row.a != DiffRow::kNone && row.b != DiffRow::kNone)
                QCOMPARE(a[row.a].shape, b[row.b].shape);
        }
        QCOMPARE(nextA, a.size());
        QCOMPARE(nextB, b.size());
    }

    // Beyond the bound, the middle is replaced whole, and said so.
    std::vector<umdfx::DiffLine> a(30), b(30);
    for (std::size_t i = 0; i < 30; ++i) {
        a[i].shape = "a" + std::to_string(i);
        b[i].shape = "b" + std::to_string(i);
    }
    a.front().shape = b.front().shape = "same";
    DiffOptions tight;
    tight.maxEdits = 10;
    const auto c = umdfx::compareLines(a, b, tight);
    QVERIFY(c.tooDifferent);
    QCOMPARE(c.same, 1u);
    QCOMPARE(c.onlyInA, 29u);
    QCOMPARE(c.onlyInB, 29u);
}

QTEST_APPLESS_MAIN(tst_TraceDiff)
#include "tst_tracediff.moc"
