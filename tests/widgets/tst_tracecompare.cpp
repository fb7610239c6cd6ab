// File > Compare with…: the model over a comparison (QAbstractItemModelTester on it and on its
// style proxy), the compare window clicked and keyed as a person uses it (F7 / Shift+F7, a click
// on a row gives each side's device tree at its record), and the explorer's controller that reads
// and aligns two real captures off the GUI thread.
#include "tests/widgets/explorertestutils.h"

#include "app/explorer/comparecontroller.h"
#include "app/explorer/tracefilecontroller.h"
#include "widgets/models/comparedtraces.h"
#include "widgets/models/devicetreemodel.h"
#include "widgets/models/tracecomparemodel.h"
#include "widgets/views/comparestyleproxy.h"
#include "widgets/views/compareview.h"
#include "widgets/views/devicetreeview.h"
#include "widgets/views/messagebar.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QProcess>
#include <QTreeView>

using namespace umdfx;
using namespace umdfx::gui;

class tst_TraceCompare : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void modelOverAComparison();
    void windowKeysAndClicks();
    void explorerComparesTwoFiles();
    void menuComparesTheShownTrace();

private:
    // Runs umdfctl; its exit status.
    int umdfctl(const QStringList &args, const QByteArray &input);
    ComparedTraces compared() const;

    QTemporaryDir m_dir;
    QString m_a, m_b; // echo with MaxWriteLength 4096 writing "hello"; 4095 writing "hello!"
};

int tst_TraceCompare::umdfctl(const QStringList &args, const QByteArray &input)
{
    QProcess p;
    p.start(QStringLiteral(UMDFCTL_PATH), args);
    if (!p.waitForStarted(10000))
        return -1;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        return -1;
    return p.exitCode();
}

void tst_TraceCompare::initTestCase()
{
    qRegisterMetaType<umdfx::gui::CompareView *>(); // for the QSignalSpy on compareOpened
    QVERIFY(m_dir.isValid());
    QFile source(testutils::kScenario);
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray echo = source.readAll();
    QVERIFY(echo.contains("\"MaxWriteLength\": 4096"));
    QByteArray smaller = echo;
    smaller.replace("\"MaxWriteLength\": 4096", "\"MaxWriteLength\": 4095");
    const QString scenarioB = m_dir.filePath(QStringLiteral("echo4095.json"));
    QFile b(scenarioB);
    QVERIFY(b.open(QIODevice::WriteOnly));
    b.write(smaller);
    b.close();
    const QByteArray open = "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n";
    m_a = m_dir.filePath(QStringLiteral("a.umdftrace"));
    m_b = m_dir.filePath(QStringLiteral("b.umdftrace"));
    QCOMPARE(umdfctl({ QStringLiteral("run"), testutils::kScenario, QStringLiteral("--actions"),
                         QStringLiteral("-"), QStringLiteral("--trace"), m_a },
                 open + "write h1 \"hello\"\nclose h1\n"),
        0);
    QCOMPARE(umdfctl({ QStringLiteral("run"), scenarioB, QStringLiteral("--actions"),
                         QStringLiteral("-"), QStringLiteral("--trace"), m_b },
                 open + "write h1 \"hello!\"\nclose h1\n"),
        0);
}

ComparedTraces tst_TraceCompare::compared() const
{
    JobProgress progress;
    auto result = compareTraceFiles(LoadedTrace(), m_a, m_b, DiffOptions(), progress);
    if (auto *error = std::get_if<QString>(&result))
        qFatal("not compared: %s", qPrintable(*error));
    if (progress.done != 5 || progress.total != 5)
        qFatal("progress did not reach its end");
    return std::get<ComparedTraces>(result);
}

void tst_TraceCompare::modelOverAComparison()
{
    TraceCompareModel model;
    CompareStyleProxy style;
    style.setSourceModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester styleTester(
        &style, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.nextDifference(-1, true), -1);

    const ComparedTraces traces = compared();
    model.setComparison(
        traces.comparison, QStringLiteral("a.umdftrace"), QStringLiteral("b.umdftrace"));
    const TraceComparison &c = *traces.comparison;
    QCOMPARE(model.rowCount(), int(c.rows.size()));
    QCOMPARE(model.headerData(TraceCompareModel::LineAColumn, Qt::Horizontal).toString(),
        QStringLiteral("A: a.umdftrace"));
    // Two blocks of differences: the value read at start-up, then the write.
    QCOMPARE(model.differenceBlocks(), 2);
    const int first = model.nextDifference(-1, true);
    const int second = model.nextDifference(first, true);
    QVERIFY(first >= 0 && second > first);
    QCOMPARE(model.nextDifference(second, true), -1);
    QCOMPARE(model.nextDifference(second, false), first);
    QCOMPARE(model.nextDifference(first, false), -1);
    QCOMPARE(model.nextDifference(-1, false), second);
    QCOMPARE(model.differenceBlocksUpTo(first - 1), 0);
    QCOMPARE(model.differenceBlocksUpTo(second), 2);

    const auto cell
        = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(cell(first, TraceCompareModel::MarkerColumn), QStringLiteral("≠"));
    QVERIFY2(cell(first, TraceCompareModel::LineAColumn)
                 .endsWith(QStringLiteral("pszName=\"MaxWriteLength\"  out: value=4096")),
        qPrintable(cell(first, TraceCompareModel::LineAColumn)));
    QVERIFY(cell(first, TraceCompareModel::LineBColumn).endsWith(QStringLiteral("value=4095")));
    const DiffRow &row = c.rows[std::size_t(first)];
    QCOMPARE(cell(first, TraceCompareModel::SeqAColumn), QString::number(c.linesA[row.a].seq));
    QCOMPARE(model.index(first, 0).data(TraceCompareModel::TreeSeqARole).toLongLong(),
        qint64(c.linesA[row.a].seq));
    QCOMPARE(model.index(first, 0).data(TraceCompareModel::StatusRole).toInt(),
        int(DiffRow::Status::Changed));
    // The second block starts with the differing action line, a row with one side only; that
    // side is tinted, the other is not, and its tree is the line before it on that side.
    const int status = model.index(second, 0).data(TraceCompareModel::StatusRole).toInt();
    QVERIFY(status == int(DiffRow::Status::OnlyA) || status == int(DiffRow::Status::OnlyB));
    const bool onlyA = status == int(DiffRow::Status::OnlyA);
    const int emptyLine = onlyA ? TraceCompareModel::LineBColumn : TraceCompareModel::LineAColumn;
    QCOMPARE(cell(second, emptyLine), QString());
    QVERIFY(!style.index(second, emptyLine).data(Qt::BackgroundRole).isValid());
    QVERIFY(
        style.index(second, onlyA ? TraceCompareModel::LineAColumn : TraceCompareModel::LineBColumn)
            .data(Qt::BackgroundRole)
            .isValid());
    QVERIFY(!style.index(first - 1, TraceCompareModel::LineAColumn)
                 .data(Qt::BackgroundRole)
                 .isValid()); // the same: untinted
    const int emptyTreeRole
        = onlyA ? TraceCompareModel::TreeSeqBRole : TraceCompareModel::TreeSeqARole;
    const qint64 before = model.index(second - 1, 0).data(emptyTreeRole).toLongLong();
    QCOMPARE(model.index(second, 0).data(emptyTreeRole).toLongLong(), before);

    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_TraceCompare::windowKeysAndClicks()
{
    CompareView view;
    view.resize(1200, 800);
    view.setTraces(compared());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    TraceCompareModel *model = view.model();
    const int first = model->nextDifference(-1, true);
    const int second = model->nextDifference(first, true);
    // It opens at the first difference, the two lines in full under the table.
    QCOMPARE(view.currentRow(), first);
    QVERIFY2(view.detailText().contains(QStringLiteral("out: value=4096"))
            && view.detailText().contains(QStringLiteral("out: value=4095")),
        qPrintable(view.detailText()));
    QVERIFY2(view.summaryText().contains(QStringLiteral("with other arguments")),
        qPrintable(view.summaryText()));
    auto *position = testutils::child<QLabel>(view, "comparePosition");
    QCOMPARE(position->text(), QStringLiteral("Difference 1 of 2"));

    // F7 and Shift+F7, pressed in the table.
    view.table()->setFocus();
    QTest::keyClick(view.table(), Qt::Key_F7);
    QCOMPARE(view.currentRow(), second);
    QCOMPARE(position->text(), QStringLiteral("Difference 2 of 2"));
    QTest::keyClick(view.table(), Qt::Key_F7); // no third: it stays
    QCOMPARE(view.currentRow(), second);
    QTest::keyClick(view.table(), Qt::Key_F7, Qt::ShiftModifier);
    QCOMPARE(view.currentRow(), first);

    // A click on a row: each side's device tree as it was after that row's record there.
    const int target = second + 4;
    QVERIFY(target < model->rowCount());
    const QModelIndex cell = view.table()->model()->index(target, TraceCompareModel::LineBColumn);
    view.table()->scrollTo(cell);
    QTest::mouseClick(
        view.table()->viewport(), Qt::LeftButton, {}, view.table()->visualRect(cell).center());
    QCOMPARE(view.currentRow(), target);
    const qint64 seqA = model->index(target, 0).data(TraceCompareModel::TreeSeqARole).toLongLong();
    const qint64 seqB = model->index(target, 0).data(TraceCompareModel::TreeSeqBRole).toLongLong();
    QVERIFY(seqA > 0 && seqB > 0);
    QTRY_COMPARE_WITH_TIMEOUT(view.treeViewA()->statusText(),
        QStringLiteral("As it was after record #%L1 (replayed)").arg(seqA), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(view.treeViewB()->statusText(),
        QStringLiteral("As it was after record #%L1 (replayed)").arg(seqB), 20000);
    // By then the write's handle is open on both sides: the echo device has its file object.
    for (DeviceTreeView *tree : { view.treeViewA(), view.treeViewB() }) {
        QAbstractItemModel *m = tree->tree()->model();
        QVERIFY(m->rowCount() > 0);
        tree->tree()->expandAll();
        QStringList texts;
        std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            for (int r = 0; r < m->rowCount(parent); ++r) {
                const QModelIndex i = m->index(r, 0, parent);
                texts << i.data().toString();
                walk(i);
            }
        };
        walk({});
        QVERIFY2(texts.filter(QStringLiteral("\\Port1")).size() >= 1, qPrintable(texts.join(u'|')));
    }
}

void tst_TraceCompare::explorerComparesTwoFiles()
{
    std::unique_ptr<QTemporaryDir> settingsDir;
    std::unique_ptr<QSettings> settings;
    QVERIFY(testutils::freshSettings(settingsDir, settings));
    auto window = testutils::makeWindow(*settings);
    auto *action = window->findChild<QAction *>(QStringLiteral("compareWithAction"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());

    CompareController *compares = window->compares();
    QSignalSpy opened(compares, &CompareController::compareOpened);
    QSignalSpy failed(compares, &CompareController::compareFailed);
    QVERIFY(opened.isValid() && failed.isValid());
    compares->compare(m_a, m_b);
    QVERIFY(compares->job()->isRunning() || opened.count() == 1); // off the GUI thread
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
    CompareView *view = compares->lastView();
    QVERIFY(view);
    QVERIFY(view->isVisible());
    QVERIFY(view->isWindow());
    QCOMPARE(view->windowTitle(), QStringLiteral("a.umdftrace ↔ b.umdftrace — UMDF Explorer"));
    QCOMPARE(view->model()->differenceBlocks(), 2);
    view->close(); // deleted on close
    QTRY_VERIFY(!compares->lastView());

    // A file that is not a trace: the window says so and opens nothing.
    const QString notATrace = m_dir.filePath(QStringLiteral("notes.umdftrace"));
    QFile f(notATrace);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a trace");
    f.close();
    compares->compare(m_a, notATrace);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("notes.umdftrace")),
        qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(opened.count(), 1);
    auto *notices = testutils::child<MessageBar>(*window, "noticeBar");
    QVERIFY(notices->isVisible());
}

void tst_TraceCompare::menuComparesTheShownTrace()
{
    // A person opens a.umdftrace, picks File > Compare with… and chooses b.umdftrace in the dialog.
    std::unique_ptr<QTemporaryDir> settingsDir;
    std::unique_ptr<QSettings> settings;
    QVERIFY(testutils::freshSettings(settingsDir, settings));
    auto window = testutils::makeWindow(*settings);
    QSignalSpy shown(window->traceFiles(), &TraceFileController::traceOpened);
    window->traceFiles()->openTrace(m_a);
    QVERIFY(shown.wait(30000));
    QSignalSpy opened(window->compares(), &CompareController::compareOpened);
    bool answered = false;
    int attempts = 0;
    QString dialogTitle;
    // The file dialog is modal: answer it from the event loop once it is up, again while it stays
    // open, and give up (reject, so that the test fails rather than hangs) after ~10 s.
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialogTitle = dialog->windowTitle();
        if (++attempts > 200) {
            dialog->reject();
            return;
        }
        // Typed into the dialog's file name field and confirmed with Enter, as a person does.
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        if (!name || !name->isVisible())
            return;
        answered = true;
        name->setText(m_b);
        QTest::keyClick(name, Qt::Key_Return);
    });
    poll.start(50);
    auto *action = window->findChild<QAction *>(QStringLiteral("compareWithAction"));
    QVERIFY(action);
    action->trigger();
    poll.stop();
    QVERIFY(answered);
    QVERIFY2(attempts <= 200, "the file dialog did not take the file");
    QCOMPARE(dialogTitle, QStringLiteral("Compare a.umdftrace with (B)"));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
    CompareView *view = window->compares()->lastView();
    QVERIFY(view);
    QCOMPARE(view->traces().a.path, m_a);
    QCOMPARE(view->traces().b.path, m_b);
    // The shown trace was not read again: the window's own file is shared.
    QCOMPARE(view->traces().a.file, window->traceFiles()->current().file);
    view->close();
}

QTEST_MAIN(tst_TraceCompare)
#include "tst_tracecompare.moc"
