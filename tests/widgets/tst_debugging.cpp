// Stepping through callbacks in the explorer, as a learner does: a breakpoint typed in the
// Breakpoints dock stops the simulation before OnWrite, the stop bar says which callback is
// next, Step and Continue (its buttons, F5) go on, and the trace afterwards is the one a run
// without stops records. Bad breakpoint text is refused in the dock. Real widgets, offscreen.
#include "explorertestutils.h"

#include "app/explorer/debugcontroller.h"

#include "core/trace/traceformat.h"
#include "widgets/models/breakpointmodel.h"
#include "widgets/views/breakpointspanel.h"
#include "widgets/views/messagebar.h"
#include "widgets/views/sequencediagramview.h"
#include "widgets/views/traceview.h"

#include <QAction>
#include <QLabel>
#include <QToolButton>

using namespace umdfx;
using namespace umdfx::gui;
using namespace testutils;

namespace {

// The stop bar's button for this action.
QToolButton *buttonFor(MessageBar *bar, QAction *action)
{
    for (QToolButton *b : bar->findChildren<QToolButton *>())
        if (b->defaultAction() == action)
            return b;
    return nullptr;
}

const QString kLines[] = { QStringLiteral("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1"),
    QStringLiteral("write h1 \"hello\" repeat 2"), QStringLiteral("read h1 16") };

} // namespace

class tst_Debugging : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void breakpointStopsBeforeOnWrite();
    void badBreakpointIsRefusedInTheDock();

private:
    void type(MainWindow &w, const QString &line);
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void tst_Debugging::init()
{
    QVERIFY(testutils::freshSettings(m_dir, m_settings));
}

void tst_Debugging::type(MainWindow &w, const QString &line)
{
    QLineEdit *edit = child<QLineEdit>(w, "actionLine");
    edit->clear();
    QTest::keyClicks(edit, line);
    QTest::keyClick(edit, Qt::Key_Return);
}

void tst_Debugging::breakpointStopsBeforeOnWrite()
{
    // The trace of the same lines with no stop, for the comparison at the end.
    QStringList plain;
    {
        auto w = makeWindow(*m_settings);
        for (const QString &l : kLines)
            type(*w, l);
        QTRY_COMPARE_WITH_TIMEOUT(w->actionLog()->rowCount(), 3, 10000);
        plain = jsonLines(*w->bridge()->traceStore());
    }
    m_settings->clear();
    auto w = makeWindow(*m_settings);
    DebugController *debug = w->debugger();
    // A breakpoint, typed in the dock.
    QLineEdit *line = w->breakpointsPanel()->lineEdit();
    QTest::keyClicks(line, QStringLiteral("IQueueCallbackWrite::OnWrite"));
    QTest::keyClick(line, Qt::Key_Return);
    QCOMPARE(debug->breakpoints()->rowCount(), 1);
    QVERIFY(line->text().isEmpty());
    QCOMPARE(
        w->bridge()->breakpoints(), QStringList { QStringLiteral("IQueueCallbackWrite::OnWrite") });

    for (const QString &l : kLines)
        type(*w, l);
    // Stopped before the first OnWrite: the bar says what comes next.
    MessageBar *bar = w->stopBar();
    QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible() && bar->kind() == MessageBar::Kind::Stopped, 10000);
    QVERIFY2(bar->text().contains(
                 QLatin1String("next: IQueueCallbackWrite::OnWrite on ROOT\\ECHO\\0000, request ")),
        qPrintable(bar->text()));
    QVERIFY(bar->text().contains(QLatin1String("breakpoint IQueueCallbackWrite::OnWrite")));
    const DebugStop first = w->bridge()->currentStop();
    QVERIFY(first.isValid());
    QCOMPARE(qint64(w->bridge()->traceStore()->size()), first.seq); // not recorded yet
    QTRY_COMPARE(w->traceModel()->recordCount(), first.seq); // the table shows up to it
    QVERIFY(child<QLabel>(*w, "debugStatus")->text().contains(QString::number(first.seq)));
    QCOMPARE(w->traceView()->sequenceDiagram()->pending().seq, first.seq); // the ghost arrow
    QCOMPARE(debug->breakpoints()->index(0, BreakpointModel::HitsColumn).data().toInt(), 1);
    QVERIFY(!debug->pauseAction()->isEnabled());
    QVERIFY(debug->continueAction()->isEnabled());

    // Step, with the bar's button: the second write's OnWrite is the next callback.
    QToolButton *step = buttonFor(bar, debug->stepAction());
    QVERIFY(step);
    QTest::mouseClick(step, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        w->bridge()->currentStop().isValid() && w->bridge()->currentStop().seq > first.seq, 10000);
    const DebugStop second = w->bridge()->currentStop();
    QCOMPARE(second.method, QStringLiteral("OnWrite"));
    QCOMPARE(second.reason, QStringLiteral("step"));
    QTRY_VERIFY(bar->text().contains(QStringLiteral("(record #%1, step)").arg(second.seq)));

    // Continue, with F5: nothing else stops it; the lines finish.
    w->activateWindow();
    QTest::keyClick(w.get(), Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(w->actionLog()->rowCount(), 3, 10000);
    QTRY_VERIFY(!bar->isVisible());
    QCOMPARE(w->bridge()->debugState(), DebugState::Running);
    QVERIFY(!w->traceView()->sequenceDiagram()->pending().isValid());
    // Pausing recorded nothing: the trace is the run without stops.
    QCOMPARE(jsonLines(*w->bridge()->traceStore()), plain);
}

void tst_Debugging::badBreakpointIsRefusedInTheDock()
{
    auto w = makeWindow(*m_settings);
    QLineEdit *line = w->breakpointsPanel()->lineEdit();
    QTest::keyClicks(line, QStringLiteral("finding:5"));
    QTest::keyClick(line, Qt::Key_Return);
    QLabel *error = w->breakpointsPanel()->errorLabel();
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QLatin1String("a finding breakpoint names a rule like V5")),
        qPrintable(error->text()));
    QCOMPARE(w->debugger()->breakpoints()->rowCount(), 0);
    QCOMPARE(line->text(), QStringLiteral("finding:5")); // kept, to correct
    QVERIFY(w->bridge()->breakpoints().isEmpty());
    // Corrected, it goes in, and the breakpoints come back with the window.
    line->clear();
    QTest::keyClicks(line, QStringLiteral("finding:V5"));
    QTest::keyClick(line, Qt::Key_Return);
    QVERIFY(!error->isVisible());
    QCOMPARE(w->debugger()->breakpoints()->texts(), QStringList { QStringLiteral("finding:V5") });
    w->close();
    auto again = makeWindow(*m_settings);
    QCOMPARE(
        again->debugger()->breakpoints()->texts(), QStringList { QStringLiteral("finding:V5") });
    QCOMPARE(again->bridge()->breakpoints(), QStringList { QStringLiteral("finding:V5") });
}

QTEST_MAIN(tst_Debugging)
#include "tst_debugging.moc"
