// The breakpoints list: the debugger's words in, refused with the reason when they are no
// breakpoint, enabled and disabled by the check box, hits counted, saved and restored.
#include "widgets/models/breakpointmodel.h"

#include <QAbstractItemModelTester>
#include <QtTest/QtTest>

using umdfx::gui::BreakpointModel;

class tst_BreakpointModel : public QObject
{
    Q_OBJECT
private slots:
    void addsWhatTheDebuggerTakes_data();
    void addsWhatTheDebuggerTakes();
    void refusesWhatItDoesNot_data();
    void refusesWhatItDoesNot();
    void checkBoxEnables();
    void toggleAndRemove();
    void hitsAndRestore();
};

void tst_BreakpointModel::addsWhatTheDebuggerTakes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("kind");
    QTest::addRow("method") << "OnWrite"
                            << "OnWrite"
                            << "method";
    QTest::addRow("interface and method") << " IQueueCallbackWrite::OnWrite "
                                          << "IQueueCallbackWrite::OnWrite"
                                          << "method";
    QTest::addRow("device") << "device:ROOT\\ECHO\\0000"
                            << "device:ROOT\\ECHO\\0000"
                            << "device";
    QTest::addRow("any finding") << "finding"
                                 << "finding"
                                 << "verifier finding";
    QTest::addRow("one rule, lower case") << "finding:v5"
                                          << "finding:V5"
                                          << "verifier finding";
}

void tst_BreakpointModel::addsWhatTheDebuggerTakes()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    QFETCH(QString, kind);
    BreakpointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &BreakpointModel::breakpointsChanged);
    QVERIFY(changed.isValid());
    QCOMPARE(model.addBreakpoint(text), QString());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, BreakpointModel::BreakpointColumn).data().toString(), canonical);
    QCOMPARE(model.index(0, BreakpointModel::KindColumn).data().toString(), kind);
    QCOMPARE(model.index(0, BreakpointModel::HitsColumn).data().toInt(), 0);
    QCOMPARE(model.index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(model.enabledTexts(), QStringList { canonical });
    QCOMPARE(changed.count(), 1);
}

void tst_BreakpointModel::refusesWhatItDoesNot_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::addRow("empty") << "   "
                           << "an empty breakpoint";
    QTest::addRow("spaces") << "On Write"
                            << "not a method name";
    QTest::addRow("rule without V") << "finding:5"
                                    << "a finding breakpoint names a rule like V5";
    QTest::addRow("device without id") << "device:"
                                       << "device: needs an instance ID";
    QTest::addRow("duplicate, other case") << "onwrite"
                                           << "is set already";
}

void tst_BreakpointModel::refusesWhatItDoesNot()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    BreakpointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.addBreakpoint(QStringLiteral("OnWrite")), QString());
    QSignalSpy changed(&model, &BreakpointModel::breakpointsChanged);
    const QString why = model.addBreakpoint(text);
    QVERIFY2(why.contains(error), qPrintable(why));
    QCOMPARE(model.rowCount(), 1); // nothing else changed
    QCOMPARE(model.texts(), QStringList { QStringLiteral("OnWrite") });
    QCOMPARE(changed.count(), 0);
}

void tst_BreakpointModel::checkBoxEnables()
{
    BreakpointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addBreakpoint(QStringLiteral("OnWrite"));
    model.addBreakpoint(QStringLiteral("OnRead"));
    QSignalSpy changed(&model, &BreakpointModel::breakpointsChanged);
    const QModelIndex first = model.index(0, BreakpointModel::BreakpointColumn);
    QVERIFY(model.flags(first) & Qt::ItemIsUserCheckable);
    QVERIFY(!(model.flags(model.index(0, BreakpointModel::HitsColumn)) & Qt::ItemIsUserCheckable));
    QVERIFY(model.setData(first, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.enabledTexts(), QStringList { QStringLiteral("OnRead") });
    QCOMPARE(model.texts(), QStringList({ QStringLiteral("OnWrite"), QStringLiteral("OnRead") }));
    QVERIFY(!model.setData(first, QStringLiteral("x"), Qt::EditRole)); // only the check box
    QVERIFY(model.setData(first, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(model.enabledTexts().size(), 2);
}

void tst_BreakpointModel::toggleAndRemove()
{
    BreakpointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    QVERIFY(model.toggleBreakpoint(QStringLiteral("IQueueCallbackWrite::OnWrite"), &error));
    QVERIFY(error.isEmpty());
    QVERIFY(!model.toggleBreakpoint(QStringLiteral("iqueuecallbackwrite::onwrite"), &error));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.toggleBreakpoint(QStringLiteral("finding:x"), &error));
    QVERIFY(!error.isEmpty());
    model.addBreakpoint(QStringLiteral("OnWrite"));
    model.addBreakpoint(QStringLiteral("OnRead"));
    model.addBreakpoint(QStringLiteral("finding"));
    model.removeBreakpoint(1);
    QCOMPARE(model.texts(), QStringList({ QStringLiteral("OnWrite"), QStringLiteral("finding") }));
    model.removeBreakpoint(7); // out of range: nothing
    QCOMPARE(model.rowCount(), 2);
    model.removeAll();
    QCOMPARE(model.rowCount(), 0);
}

void tst_BreakpointModel::hitsAndRestore()
{
    BreakpointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addBreakpoint(QStringLiteral("OnWrite"));
    model.addBreakpoint(QStringLiteral("device:ROOT\\ECHO\\0000"));
    model.addBreakpoint(QStringLiteral("finding:V5"));
    // The debugger's reasons, as Debugger::Stop::reason words them.
    model.noteStop(QStringLiteral("breakpoint OnWrite"));
    model.noteStop(QStringLiteral("breakpoint OnWrite"));
    model.noteStop(QStringLiteral("breakpoint device:ROOT\\ECHO\\0000"));
    model.noteStop(QStringLiteral("breakpoint finding:V5"));
    model.noteStop(QStringLiteral("step")); // not a breakpoint's
    QCOMPARE(model.index(0, BreakpointModel::HitsColumn).data().toInt(), 2);
    QCOMPARE(model.index(1, BreakpointModel::HitsColumn).data().toInt(), 1);
    QCOMPARE(model.index(2, BreakpointModel::HitsColumn).data().toInt(), 1);

    model.setEnabled(1, false);
    const QStringList saved = model.saved();
    QCOMPARE(saved,
        QStringList({ QStringLiteral("OnWrite"), QStringLiteral("!device:ROOT\\ECHO\\0000"),
            QStringLiteral("finding:V5") }));
    BreakpointModel again;
    QAbstractItemModelTester tester2(
        &again, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(again.restore(
                 saved + QStringList { QStringLiteral("On Write"), QStringLiteral("onwrite") }),
        2); // the bad one and the duplicate are skipped
    QCOMPARE(again.texts(), model.texts());
    QCOMPARE(again.enabledTexts(),
        QStringList({ QStringLiteral("OnWrite"), QStringLiteral("finding:V5") }));
}

QTEST_GUILESS_MAIN(tst_BreakpointModel)
#include "tst_breakpointmodel.moc"
