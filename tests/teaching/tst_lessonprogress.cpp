// LessonProgress, the contract the Lessons dock relies on, over a trace store filled by hand:
// windows (an action step sees only what follows its action; a "just look" step sees the last
// action's records, or the start-up's), in-order and any-order matching, absent records, returns
// ignored, records arriving in several batches, skipping and finishing.
#include "core/teaching/lessonprogress.h"
#include "core/trace/stringtable.h"

#include <QtTest/QtTest>

using namespace umdfx;
using teaching::Expectation;
using teaching::Lesson;
using teaching::LessonProgress;
using teaching::LessonStep;

namespace {

Expectation ex(const std::string &name)
{
    const auto sep = name.find("::");
    return { name.substr(0, sep), name.substr(sep + 2), {} };
}

LessonStep step(std::vector<std::string> expect, bool withAction, bool inOrder = true,
    std::vector<std::string> absent = {})
{
    LessonStep s;
    s.text = "t";
    if (withAction) {
        s.action = scenario::Action {};
        s.actionLine = "advance 1s";
    }
    for (const auto &e : expect)
        s.expect.push_back(ex(e));
    for (const auto &a : absent)
        s.absent.push_back(ex(a));
    s.inOrder = inOrder;
    return s;
}

void add(trace::TraceStore &store, const std::string &name, trace::Phase phase = trace::Phase::Call,
    trace::Kind kind = trace::Kind::Callback)
{
    const auto sep = name.find("::");
    trace::RecordFields f;
    f.kind = kind;
    f.phase = phase;
    f.iface = trace::intern(name.substr(0, sep));
    f.method = trace::intern(name.substr(sep + 2));
    store.append(f);
}

// "+-" per expected tick, then "|" and the absent ticks: "++-|+".
QString ticks(const LessonProgress &p)
{
    QString s;
    for (const auto &t : p.expected())
        s += t.seen ? u'+' : u'-';
    if (!p.absent().empty()) {
        s += u'|';
        for (const auto &t : p.absent())
            s += t.seen ? u'+' : u'-';
    }
    return s;
}

} // namespace

class tst_LessonProgress : public QObject
{
    Q_OBJECT
private slots:
    void lookStepWatchesTheStartUp();
    void actionStepWaitsForItsAction();
    void inOrderNeedsTheOrder();
    void anyOrder();
    void repeatedNames();
    void absentRecords();
    void returnsDoNotMatch();
    void batches();
    void lookStepAfterAnAction();
    void skipAndFinish();
};

void tst_LessonProgress::lookStepWatchesTheStartUp()
{
    trace::TraceStore store;
    add(store, "PnP::AddDevice", trace::Phase::Call, trace::Kind::Pnp);
    add(store, "IDriverEntry::OnDeviceAdd");
    Lesson lesson;
    lesson.steps = { step({ "PnP::AddDevice", "IDriverEntry::OnDeviceAdd" }, false) };
    LessonProgress p(lesson, 0);
    QVERIFY(!p.awaitingAction());
    QCOMPARE(p.windowStart(), std::optional<std::size_t>(0));
    QVERIFY(!p.stepComplete());
    QVERIFY(p.update(store));
    QCOMPARE(ticks(p), QStringLiteral("++"));
    QVERIFY(p.stepComplete());
    QCOMPARE(p.expected()[1].seq, std::uint64_t(1));
    QVERIFY(!p.update(store)); // nothing new
    // A lesson started later sees only what came after its first record.
    LessonProgress later(lesson, 1);
    later.update(store);
    QCOMPARE(ticks(later), QStringLiteral("--"));
}

void tst_LessonProgress::actionStepWaitsForItsAction()
{
    trace::TraceStore store;
    add(store, "IQueueCallbackWrite::OnWrite"); // before the action: must not count
    Lesson lesson;
    lesson.steps = { step({ "IQueueCallbackWrite::OnWrite" }, true) };
    LessonProgress p(lesson, 0);
    QVERIFY(p.awaitingAction());
    QVERIFY(!p.windowStart());
    QVERIFY(!p.update(store));
    QVERIFY(!p.stepComplete());
    p.actionStarted(store.size());
    QVERIFY(!p.awaitingAction());
    QCOMPARE(p.windowStart(), std::optional<std::size_t>(1));
    p.update(store);
    QCOMPARE(ticks(p), QStringLiteral("-"));
    add(store, "IQueueCallbackWrite::OnWrite");
    QVERIFY(p.update(store));
    QVERIFY(p.stepComplete());
    QCOMPARE(p.expected()[0].seq, std::uint64_t(1));
    p.actionStarted(0); // only once per step
    QCOMPARE(p.windowStart(), std::optional<std::size_t>(1));
}

void tst_LessonProgress::inOrderNeedsTheOrder()
{
    trace::TraceStore store;
    add(store, "IFileCallbackClose::OnCloseFile");
    add(store, "IFileCallbackCleanup::OnCleanupFile");
    Lesson lesson;
    lesson.steps = { step(
        { "IFileCallbackCleanup::OnCleanupFile", "IFileCallbackClose::OnCloseFile" }, false) };
    LessonProgress p(lesson);
    p.update(store);
    QCOMPARE(ticks(p), QStringLiteral("+-")); // the close came first: it does not count
    add(store, "IFileCallbackClose::OnCloseFile");
    p.update(store);
    QCOMPARE(ticks(p), QStringLiteral("++"));
}

void tst_LessonProgress::anyOrder()
{
    trace::TraceStore store;
    add(store, "WM_DEVICECHANGE::DBT_CUSTOMEVENT", trace::Phase::Event, trace::Kind::Notify);
    add(store, "IRemoteInterfaceCallbackEvent::OnRemoteInterfaceEvent");
    Lesson lesson;
    lesson.steps = { step({ "IRemoteInterfaceCallbackEvent::OnRemoteInterfaceEvent",
                              "WM_DEVICECHANGE::DBT_CUSTOMEVENT" },
        false, false) };
    LessonProgress p(lesson);
    p.update(store);
    QCOMPARE(ticks(p), QStringLiteral("++"));
    QVERIFY(p.stepComplete());
}

void tst_LessonProgress::repeatedNames()
{
    // A name listed twice needs two records, in order and in any order.
    for (const bool inOrder : { true, false }) {
        trace::TraceStore store;
        add(store, "IWDFFile::RetrieveFileName", trace::Phase::Call, trace::Kind::Ddi);
        Lesson lesson;
        lesson.steps = { step(
            { "IWDFFile::RetrieveFileName", "IWDFFile::RetrieveFileName" }, false, inOrder) };
        LessonProgress p(lesson);
        p.update(store);
        QCOMPARE(ticks(p), QStringLiteral("+-"));
        add(store, "IWDFFile::RetrieveFileName", trace::Phase::Call, trace::Kind::Ddi);
        p.update(store);
        QCOMPARE(ticks(p), QStringLiteral("++"));
        QCOMPARE(p.expected()[1].seq, std::uint64_t(1));
    }
}

void tst_LessonProgress::absentRecords()
{
    trace::TraceStore store;
    Lesson lesson;
    lesson.steps = { step(
        { "kernel32::CreateFile" }, true, true, { "IQueueCallbackCreate::OnCreateFile" }) };
    LessonProgress p(lesson);
    p.actionStarted(0);
    add(store, "kernel32::CreateFile", trace::Phase::Call, trace::Kind::Win32);
    p.update(store);
    QCOMPARE(ticks(p), QStringLiteral("+|-"));
    QVERIFY(p.stepComplete());
    add(store, "IQueueCallbackCreate::OnCreateFile");
    QVERIFY(p.update(store));
    QCOMPARE(ticks(p), QStringLiteral("+|+"));
    QVERIFY(!p.stepComplete()); // a forbidden record appeared
    QCOMPARE(p.absent()[0].seq, std::uint64_t(1));
}

void tst_LessonProgress::returnsDoNotMatch()
{
    trace::TraceStore store;
    add(store, "IQueueCallbackWrite::OnWrite", trace::Phase::Return);
    Lesson lesson;
    lesson.steps = { step({ "IQueueCallbackWrite::OnWrite" }, false) };
    LessonProgress p(lesson);
    p.update(store);
    QCOMPARE(ticks(p), QStringLiteral("-"));
    add(store, "IQueueCallbackWrite::OnWrite", trace::Phase::Event);
    p.update(store);
    QCOMPARE(ticks(p), QStringLiteral("+"));
}

void tst_LessonProgress::batches()
{
    // The dock calls update() once per batch the bridge delivers; the result is the same.
    trace::TraceStore store;
    Lesson lesson;
    lesson.steps = { step({ "A::a", "B::b", "C::c" }, false) };
    LessonProgress p(lesson);
    add(store, "A::a");
    QVERIFY(p.update(store));
    add(store, "X::x");
    QVERIFY(!p.update(store));
    add(store, "B::b");
    add(store, "C::c");
    QVERIFY(p.update(store));
    QCOMPARE(ticks(p), QStringLiteral("+++"));
}

void tst_LessonProgress::lookStepAfterAnAction()
{
    trace::TraceStore store;
    add(store, "PnP::AddDevice", trace::Phase::Call, trace::Kind::Pnp); // the start-up
    Lesson lesson;
    lesson.steps = {
        step({ "PnP::AddDevice" }, false), step({ "kernel32::WriteFile" }, true),
        step({ "IQueueCallbackWrite::OnWrite" }, false), // looks at the write's records
        step({ "PnP::AddDevice" }, false), // also the write's: the start-up is out of view
    };
    LessonProgress p(lesson);
    p.update(store);
    QVERIFY(p.stepComplete());
    p.advance();
    QCOMPARE(p.stepIndex(), std::size_t(1));
    QVERIFY(p.awaitingAction());
    p.actionStarted(store.size());
    add(store, "kernel32::WriteFile", trace::Phase::Call, trace::Kind::Win32);
    add(store, "IQueueCallbackWrite::OnWrite");
    p.update(store);
    QVERIFY(p.stepComplete());
    p.advance();
    QVERIFY(!p.awaitingAction());
    QCOMPARE(p.windowStart(), std::optional<std::size_t>(1));
    QVERIFY(!p.stepComplete()); // not examined yet
    p.update(store);
    QVERIFY(p.stepComplete());
    p.advance();
    p.update(store);
    QCOMPARE(ticks(p), QStringLiteral("-"));
}

void tst_LessonProgress::skipAndFinish()
{
    trace::TraceStore store;
    Lesson lesson;
    lesson.steps = { step({ "A::a" }, true), step({ "B::b" }, false) };
    LessonProgress p(lesson);
    QVERIFY(!p.finished());
    QCOMPARE(p.step()->actionLine, std::string("advance 1s"));
    p.advance(); // skipped without doing it
    QCOMPARE(p.stepIndex(), std::size_t(1));
    p.advance();
    QVERIFY(p.finished());
    QVERIFY(!p.step());
    QVERIFY(!p.awaitingAction());
    QVERIFY(!p.stepComplete());
    QVERIFY(!p.update(store));
    p.advance(); // stays finished
    QCOMPARE(p.stepIndex(), std::size_t(2));
    QCOMPARE(p.lesson().steps.size(), std::size_t(2));
}

QTEST_APPLESS_MAIN(tst_LessonProgress)
#include "tst_lessonprogress.moc"
