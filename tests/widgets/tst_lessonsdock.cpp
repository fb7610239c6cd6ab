// The Lessons dock and the explanations, clicked as a learner would (issue "Teaching"): every
// embedded lesson walked through in the window with Start, Do it and Next step, each step's
// records ticked off by the live trace; the step's action done with the explorer's own widgets
// or typed in the Actions dock counts too; a simulation the lesson did not start ends it; the
// finished lessons are remembered; the inspector and the trace rows' tooltips show the catalog's
// entry. QAbstractItemModelTester watches the step model throughout.

#include "explorertestutils.h"

#include "core/teaching/explanationcatalog.h"
#include "core/teaching/lessonloader.h"
#include "widgets/models/inspectormodel.h"
#include "widgets/models/lessonstepmodel.h"
#include "widgets/models/lessontracker.h"
#include "widgets/views/inspectorwidget.h"
#include "widgets/views/lessonspanel.h"
#include "widgets/views/traceview.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QListView>
#include <QTextBrowser>

using namespace umdfx;
using namespace umdfx::gui;
using testutils::child;

namespace {

// Every tick of the step seen, none forbidden, as the dock shows them.
bool allTicked(QAbstractItemModel *m)
{
    for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex i = m->index(r, 0);
        const bool seen = i.data(LessonStepModel::SeenRole).toBool();
        if (seen == i.data(LessonStepModel::ForbiddenRole).toBool())
            return false;
    }
    return true;
}

int lessonIndex(const LessonTracker &t, const std::string &id)
{
    for (std::size_t i = 0; i < t.lessons().size(); ++i)
        if (t.lessons()[i].id == id)
            return int(i);
    return -1;
}

} // namespace

class tst_LessonsDock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void everyLessonInTheWindow_data();
    void everyLessonInTheWindow();
    void ownWidgetsCountAsTheAction();
    void keyboard();
    void anotherScenarioEndsTheLesson();
    void finishedLessonsAreRemembered();
    void explanationsInInspectorAndTooltips();

private:
    std::unique_ptr<MainWindow> window();
    // Selects the lesson in the dock's list and clicks Start; waits for its first step.
    void start(MainWindow &w, int index);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void tst_LessonsDock::init()
{
    QVERIFY(testutils::freshSettings(m_dir, m_settings));
}

std::unique_ptr<MainWindow> tst_LessonsDock::window()
{
    auto w = testutils::makeWindow(*m_settings);
    new QAbstractItemModelTester(
        w->lessons()->stepModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, w.get());
    return w;
}

void tst_LessonsDock::start(MainWindow &w, int index)
{
    LessonsPanel *panel = w.lessonsPanel();
    panel->lessonBox()->setCurrentIndex(index);
    QTest::mouseClick(panel->startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(w.lessons()->progress() != nullptr, 10000);
    QCOMPARE(w.lessons()->currentLesson(), index);
    QCOMPARE(w.bridge()->scenarioFile(),
        QString::fromStdString(w.lessons()->lessons()[std::size_t(index)].scenario));
}

void tst_LessonsDock::everyLessonInTheWindow_data()
{
    QTest::addColumn<int>("index");
    auto lessons = teaching::loadEmbeddedLessons();
    QVERIFY(std::holds_alternative<std::vector<teaching::Lesson>>(lessons));
    const auto &all = std::get<std::vector<teaching::Lesson>>(lessons);
    QVERIFY(all.size() >= 6);
    for (std::size_t i = 0; i < all.size(); ++i)
        QTest::newRow(all[i].id.c_str()) << int(i);
}

void tst_LessonsDock::everyLessonInTheWindow()
{
    QFETCH(int, index);
    auto w = window();
    // Before Start: a first "just look" step is complete as soon as the start-up is recorded.
    QSignalSpy completed(w->lessons(), &LessonTracker::stepCompleted);
    QSignalSpy finished(w->lessons(), &LessonTracker::lessonFinished);
    start(*w, index);
    LessonsPanel *panel = w->lessonsPanel();
    QAbstractItemModel *ticks = panel->expectedView()->model();
    const teaching::Lesson lesson = w->lessons()->progress()->lesson();
    for (std::size_t s = 0; s < lesson.steps.size(); ++s) {
        const teaching::LessonStep &step = lesson.steps[s];
        QCOMPARE(w->lessons()->progress()->stepIndex(), s);
        QVERIFY2(panel->textView()->toPlainText().contains(
                     QStringLiteral("Step %1 of %2").arg(s + 1).arg(lesson.steps.size())),
            qPrintable(panel->textView()->toPlainText()));
        QCOMPARE(ticks->rowCount(), int(step.expect.size() + step.absent.size()));
        if (step.action) {
            // Nothing is watched until the learner acts: the step cannot be complete yet.
            QVERIFY(panel->doButton()->isVisible() && panel->doButton()->isEnabled());
            QVERIFY(!w->lessons()->progress()->stepComplete());
            QTest::mouseClick(panel->doButton(), Qt::LeftButton);
            QVERIFY(!panel->doButton()->isEnabled()); // once per step
        } else {
            QVERIFY(!panel->doButton()->isVisible());
        }
        QTRY_VERIFY2_WITH_TIMEOUT(w->lessons()->progress()->stepComplete(),
            qPrintable(QStringLiteral("step %1: %2").arg(s + 1).arg(panel->statusLabel()->text())),
            10000);
        QVERIFY(allTicked(ticks));
        QVERIFY(panel->statusLabel()->text().startsWith(QStringLiteral("Step complete")));
        // Each tick names the record that did it, and that record has the tick's name.
        for (int r = 0; r < int(step.expect.size()); ++r) {
            const QModelIndex i = ticks->index(r, 0);
            const qint64 record = i.data(LessonStepModel::RecordRole).toLongLong();
            QVERIFY(record >= 0 && record < qint64(w->bridge()->traceStore()->size()));
            QTRY_VERIFY_WITH_TIMEOUT(w->traceModel()->rowCount() > record, 5000);
            const QModelIndex row = w->traceModel()->index(int(record), 0);
            QCOMPARE(row.data(TraceTableModel::InterfaceRole).toString() + QStringLiteral("::")
                    + row.data(TraceTableModel::MethodRole).toString(),
                i.data(LessonStepModel::NameRole).toString());
        }
        if (!step.note.empty())
            QVERIFY(panel->textView()->toPlainText().contains(
                QString::fromStdString(step.note).left(40)));
        QTest::mouseClick(panel->nextButton(), Qt::LeftButton);
    }
    QCOMPARE(completed.count(), int(lesson.steps.size()));
    QCOMPARE(finished.count(), 1);
    QVERIFY(w->lessons()->progress()->finished());
    QVERIFY(panel->textView()->toPlainText().contains(QStringLiteral("Lesson complete")));
    QVERIFY(panel->completedLessons().contains(QString::fromStdString(lesson.id)));
}

void tst_LessonsDock::ownWidgetsCountAsTheAction()
{
    auto w = window();
    const int index = lessonIndex(*w->lessons(), "02-s2-open-write-close");
    QVERIFY(index >= 0);
    start(*w, index);
    LessonsPanel *panel = w->lessonsPanel();

    // Step 1 typed in the Actions dock, as its own line.
    auto *line = child<QLineEdit>(*w, "actionLine");
    line->clear();
    QTest::keyClicks(line, QString::fromStdString(w->lessons()->progress()->step()->actionLine));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(w->lessons()->progress()->stepComplete(), 10000);
    QVERIFY(!panel->doButton()->isEnabled());
    QTest::mouseClick(panel->nextButton(), Qt::LeftButton);

    // An action that is not the step's does not count: the step still waits.
    QVERIFY(w->lessons()->progress()->awaitingAction());
    line->clear();
    QTest::keyClicks(line, QStringLiteral("write h1 \"other\""));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(w->actionLog()->rowCount(), 2, 10000);
    QTest::qWait(300); // two polls
    QVERIFY(w->lessons()->progress()->awaitingAction());
    QVERIFY(panel->statusLabel()->text().startsWith(QStringLiteral("Perform the action")));

    // Step 2, write "hello", from the Application dock's composer.
    auto *data = child<QLineEdit>(*w, "writeData");
    data->clear();
    QTest::keyClicks(data, QStringLiteral("hello"));
    QTest::mouseClick(child<QPushButton>(*w, "writeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(w->lessons()->progress()->stepComplete(), 10000);
    QVERIFY(allTicked(panel->expectedView()->model()));

    // A ticked row shows its record in the trace when activated.
    QAbstractItemModel *ticks = panel->expectedView()->model();
    const QModelIndex first = ticks->index(0, 0);
    const qint64 record = first.data(LessonStepModel::RecordRole).toLongLong();
    // The tick reads the store; the table shows the record once its batch is in (25 ms polls).
    QTRY_VERIFY_WITH_TIMEOUT(w->traceModel()->rowCount() > record, 5000);
    const QPoint at = panel->expectedView()->visualRect(first).center();
    QTest::mouseClick(panel->expectedView()->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(panel->expectedView()->viewport(), Qt::LeftButton, {}, at);
    QTRY_COMPARE_WITH_TIMEOUT(w->inspector()->model()->record(), record, 5000);
}

void tst_LessonsDock::keyboard()
{
    // F1 shows the dock with the lesson list focused; Ctrl+Return does the step's action and
    // Ctrl+Shift+Right moves on, on every step (a button's text change must not drop its key).
    auto w = window();
    QTest::keyClick(w.get(), Qt::Key_F1);
    QTRY_VERIFY(w->lessonsPanel()->lessonBox()->hasFocus());
    const int index = lessonIndex(*w->lessons(), "02-s2-open-write-close");
    start(*w, index);
    for (int step = 0; step < 3; ++step) {
        // A button's shortcut clicks it animated (after ~100 ms): wait for the step.
        QTRY_COMPARE(w->lessons()->progress()->stepIndex(), std::size_t(step));
        QTest::keyClick(w->lessonsPanel()->lessonBox(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(w->lessons()->progress()->stepComplete(), 10000);
        QTest::keyClick(
            w->lessonsPanel()->lessonBox(), Qt::Key_Right, Qt::ControlModifier | Qt::ShiftModifier);
    }
    QTRY_COMPARE(w->lessons()->progress()->stepIndex(), std::size_t(3));
}

void tst_LessonsDock::anotherScenarioEndsTheLesson()
{
    auto w = window();
    start(*w, 0);
    QSignalSpy stopped(w->lessons(), &LessonTracker::lessonStopped);
    QVERIFY(w->openScenario(testutils::kScenario));
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 10000);
    QVERIFY(!w->lessons()->isActive());
    QCOMPARE(w->lessons()->currentLesson(), -1);
    QCOMPARE(w->lessonsPanel()->expectedView()->model()->rowCount(), 0);
    QVERIFY(!w->lessonsPanel()->nextButton()->isEnabled());
    QVERIFY(w->lessonsPanel()->startButton()->text().contains(QStringLiteral("Start")));

    // A scenario opened while the lesson's own is still starting overtakes it: the lesson must not
    // take the other simulation for its own.
    QTest::mouseClick(w->lessonsPanel()->startButton(), Qt::LeftButton);
    QVERIFY(w->lessons()->isStarting());
    QVERIFY(w->openScenario(testutils::kScenario));
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 2, 10000);
    QVERIFY(!w->lessons()->isActive());
    QVERIFY(!w->lessons()->isStarting());
    QCOMPARE(w->bridge()->scenarioFile(), testutils::kScenario);
}

void tst_LessonsDock::finishedLessonsAreRemembered()
{
    {
        auto w = window();
        const int index = lessonIndex(*w->lessons(), "01-s1-load-and-start");
        QVERIFY(index >= 0);
        start(*w, index);
        // Skipping counts as going through: Next past the last step finishes the lesson.
        while (!w->lessons()->progress()->finished())
            QTest::mouseClick(w->lessonsPanel()->nextButton(), Qt::LeftButton);
        w->close(); // saves the settings
    }
    auto w = window();
    QVERIFY(w->lessonsPanel()->completedLessons().contains(QStringLiteral("01-s1-load-and-start")));
    QComboBox *box = w->lessonsPanel()->lessonBox();
    QVERIFY(!box->itemIcon(0).isNull());
    QVERIFY(box->itemIcon(1).isNull());
}

void tst_LessonsDock::explanationsInInspectorAndTooltips()
{
    auto w = window();
    testutils::openAndWrite(*w);
    qint64 onWrite = -1;
    QTRY_VERIFY_WITH_TIMEOUT((onWrite = testutils::findRecord(w->traceModel(),
                                  QStringLiteral("OnWrite"), QStringLiteral("call")))
            >= 0,
        10000);
    const teaching::Explanation *entry
        = teaching::ExplanationCatalog::embedded().find("IQueueCallbackWrite", "OnWrite");
    QVERIFY(entry);

    w->traceView()->selectRecord(onWrite);
    QTRY_COMPARE_WITH_TIMEOUT(w->inspector()->model()->record(), onWrite, 5000);
    InspectorModel *inspector = w->inspector()->model();
    QCOMPARE(inspector->value(QStringLiteral("In short")), QString::fromStdString(entry->summary));
    QCOMPARE(inspector->value(QStringLiteral("Must do")), QString::fromStdString(entry->mustDo));
    // The catalog's documentation page.
    bool docs = false;
    for (int s = 0; s < inspector->rowCount(); ++s) {
        const QModelIndex section = inspector->index(s, 0);
        for (int r = 0; r < inspector->rowCount(section); ++r)
            docs = docs
                || inspector->index(r, 0, section).data(InspectorModel::UrlRole).toString()
                    == QString::fromStdString(entry->docs);
    }
    QVERIFY(docs);

    // The row's tooltip: its line, then the summary.
    QTableView *table = w->traceView()->table();
    const auto rowOfOnWrite = [&] {
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            const QModelIndex i = table->model()->index(r, 0);
            if (i.data(TraceTableModel::RecordIndexRole).toLongLong() == onWrite)
                return i;
        }
        return QModelIndex();
    };
    QModelIndex row;
    QTRY_VERIFY_WITH_TIMEOUT((row = rowOfOnWrite()).isValid(), 5000); // the table's proxies too
    const QString tip = row.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QString::fromStdString(entry->summary).toHtmlEscaped()), qPrintable(tip));
    QVERIFY(tip.contains(QStringLiteral("OnWrite")));
    // An action record has no entry: its tooltip is its line alone.
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        const QModelIndex i = table->model()->index(r, 0);
        if (trace::Kind(i.data(TraceTableModel::KindRole).toInt()) == trace::Kind::Action) {
            QCOMPARE(i.data(Qt::ToolTipRole).toString(),
                i.data(TraceTableModel::TextLineRole).toString());
            break;
        }
    }
}

QTEST_MAIN(tst_LessonsDock)
#include "tst_lessonsdock.moc"
