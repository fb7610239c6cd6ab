// The sequence diagram beside the trace table: clicking an arrow selects its row (and the
// inspector), selecting a row in the table brings its arrow into view, a filter ("the request's
// whole path") shows only its arrows and lifelines, zooming out to a summary paints, and the
// visible part and a selection export as SVG and PNG. Real widgets, offscreen platform.
#include "explorertestutils.h"

#include "core/teaching/explanationcatalog.h"
#include "widgets/models/tracefiltermodel.h"
#include "widgets/views/sequencediagramview.h"
#include "widgets/views/traceview.h"

#include <QImage>
#include <QLabel>
#include <QScrollBar>
#include <QTabWidget>
#include <QToolTip>

using namespace umdfx;
using namespace umdfx::gui;
using namespace testutils;

class tst_SequenceDiagram : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void clickSelectsTheRow();
    void arrowToolTipExplains();
    void tableSelectionScrollsTheDiagram();
    void followsTheFilter();
    void zoomsToASummary();
    void exportsSvgAndPng();

private:
    // The diagram's row of a record.
    int rowOf(qint64 record) const { return m_view->filterModel()->rowForRecord(record); }

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    TraceView *m_view = nullptr;
    SequenceDiagramView *m_diagram = nullptr;
    qint64 m_onWrite = -1, m_writeFile = -1;
};

void tst_SequenceDiagram::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_settings = std::make_unique<QSettings>(
        m_dir.filePath(QStringLiteral("explorer.ini")), QSettings::IniFormat);
    m_window = makeWindow(*m_settings);
    m_window->resize(1500, 900);
    openAndWrite(*m_window);
    TraceTableModel *trace = m_window->traceModel();
    QTRY_VERIFY_WITH_TIMEOUT(
        findRecord(trace, QStringLiteral("WriteFile"), QStringLiteral("return")) >= 0, 10000);
    m_onWrite = findRecord(trace, QStringLiteral("OnWrite"), QStringLiteral("call"));
    m_writeFile = findRecord(trace, QStringLiteral("WriteFile"), QStringLiteral("call"));
    QVERIFY(m_onWrite > m_writeFile && m_writeFile > 0);
    m_view = m_window->traceView();
    m_diagram = m_view->sequenceDiagram();
    m_view->setFollowLive(false);
    // The tab, as a person opens it (Alt+Q).
    QTest::keyClick(m_window.get(), Qt::Key_Q, Qt::AltModifier);
    QTRY_VERIFY(m_view->isSequenceDiagramShown());
    QTRY_VERIFY(m_diagram->isVisible());
}

void tst_SequenceDiagram::cleanupTestCase()
{
    m_window.reset();
}

void tst_SequenceDiagram::clickSelectsTheRow()
{
    m_view->setFilterText(QString());
    m_diagram->scrollTo(
        m_diagram->model()->index(rowOf(m_onWrite), 0), QAbstractItemView::PositionAtCenter);
    const QRect arrow = m_diagram->visualRect(m_diagram->model()->index(rowOf(m_onWrite), 0));
    QVERIFY(m_diagram->viewport()->rect().intersects(arrow));
    // On the arrow, between the framework's and the driver's lifelines.
    const int x
        = (m_diagram->laneX(QStringLiteral("framework")) + m_diagram->laneX(QStringLiteral("echo")))
        / 2;
    QVERIFY(x > 0);
    QTest::mouseClick(m_diagram->viewport(), Qt::LeftButton, {}, QPoint(x, arrow.center().y()));
    QCOMPARE(m_view->currentRecord(), m_onWrite);
    QCOMPARE(m_view->selectedRecords(), QList<qint64> { m_onWrite });
    // One selection: the table's row is the one selected, and the inspector shows it.
    QTableView *table = m_view->table();
    QVERIFY(table->selectionModel()->isRowSelected(rowOf(m_onWrite), QModelIndex()));
    QTRY_VERIFY(child<QLabel>(*m_window, "inspectorTitle")
                    ->text()
                    .contains(QLatin1String("IQueueCallbackWrite::OnWrite")));
    // Keyboard: Down moves to the next record, as in the table.
    QTest::keyClick(m_diagram->viewport(), Qt::Key_Down);
    QCOMPARE(m_view->currentRecord(), m_onWrite + 1);
}

void tst_SequenceDiagram::arrowToolTipExplains()
{
    // Hovering the OnWrite arrow: its record, then the catalog's entry for OnWrite.
    m_view->setFilterText(QString());
    m_diagram->scrollTo(
        m_diagram->model()->index(rowOf(m_onWrite), 0), QAbstractItemView::PositionAtCenter);
    const QRect arrow = m_diagram->visualRect(m_diagram->model()->index(rowOf(m_onWrite), 0));
    const int x
        = (m_diagram->laneX(QStringLiteral("framework")) + m_diagram->laneX(QStringLiteral("echo")))
        / 2;
    const QPoint at(x, arrow.center().y());
    QHelpEvent help(QEvent::ToolTip, at, m_diagram->viewport()->mapToGlobal(at));
    QCoreApplication::sendEvent(m_diagram->viewport(), &help);
    const teaching::Explanation *entry
        = teaching::ExplanationCatalog::embedded().find("IQueueCallbackWrite", "OnWrite");
    QVERIFY(entry);
    QTRY_VERIFY2(QToolTip::text().contains(QString::fromStdString(entry->summary).toHtmlEscaped()),
        qPrintable(QToolTip::text()));
    QVERIFY(QToolTip::text().contains(QStringLiteral("#%1").arg(m_onWrite)));
    QToolTip::hideText();
}

void tst_SequenceDiagram::tableSelectionScrollsTheDiagram()
{
    m_view->setFilterText(QString());
    m_diagram->scrollToTop();
    m_view->selectRecord(m_writeFile);
    const auto [first, last] = m_diagram->visibleRows();
    QVERIFY2(first <= rowOf(m_writeFile) && rowOf(m_writeFile) <= last,
        qPrintable(QStringLiteral("%1..%2").arg(first).arg(last)));
}

void tst_SequenceDiagram::followsTheFilter()
{
    const uint request = m_window->traceModel()
                             ->index(int(m_onWrite), 0)
                             .data(TraceTableModel::RequestRole)
                             .toUInt();
    QVERIFY(request);
    const QStringList all = m_diagram->laneNames();
    QVERIFY(all.contains(QLatin1String("pnp")));
    QCOMPARE(m_view->setFilterText(QStringLiteral("request:%1").arg(request)), QString());
    const int rows = m_diagram->model()->rowCount();
    QCOMPARE(rows, m_view->table()->model()->rowCount());
    QVERIFY(rows >= 6 && rows < 40);
    // Only the lifelines that request's arrows use: the application, the kernel side, the
    // framework, the driver — the PnP manager is not among them.
    const QStringList lanes = m_diagram->laneNames();
    QVERIFY2(lanes.contains(QLatin1String("app1")) && lanes.contains(QLatin1String("echo")),
        qPrintable(lanes.join(QLatin1Char(' '))));
    QVERIFY(!lanes.contains(QLatin1String("pnp")));
    QVERIFY(lanes.size() < all.size());
    // Row 0 is the request's first record, WriteFile; clicking it selects it.
    QCOMPARE(m_view->filterModel()->recordAt(0), m_writeFile);
    m_diagram->scrollToTop();
    const QRect top = m_diagram->visualRect(m_diagram->model()->index(0, 0));
    QTest::mouseClick(m_diagram->viewport(), Qt::LeftButton, {},
        QPoint(m_diagram->laneX(QStringLiteral("app1")) + 20, top.center().y()));
    QCOMPARE(m_view->currentRecord(), m_writeFile);
    // Painting the filtered diagram touches only its rows; it paints without complaint.
    const QImage shot = m_diagram->viewport()->grab().toImage();
    QVERIFY(!shot.isNull());
    m_view->setFilterText(QString());
    QCOMPARE(m_diagram->laneNames(), all);
}

void tst_SequenceDiagram::zoomsToASummary()
{
    m_view->setFilterText(QString());
    QSignalSpy zoomed(m_diagram, &SequenceDiagramView::zoomChanged);
    const qreal readable = m_diagram->readableRowHeight();
    m_diagram->zoomToFit();
    QVERIFY(m_diagram->rowHeight() < readable);
    QCOMPARE(m_diagram->verticalScrollBar()->maximum(), 0); // everything on one screen
    QVERIFY(!m_diagram->viewport()->grab().toImage().isNull());
    // Ctrl+wheel zooms in around the cursor.
    const qreal fitted = m_diagram->rowHeight();
    QWheelEvent wheel(QPointF(100, 100), m_diagram->viewport()->mapToGlobal(QPointF(100, 100)),
        QPoint(), QPoint(0, 120), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(m_diagram->viewport(), &wheel);
    QVERIFY(m_diagram->rowHeight() > fitted);
    QVERIFY(zoomed.count() >= 2);
    m_diagram->resetZoom();
    QCOMPARE(m_diagram->rowHeight(), readable);
}

void tst_SequenceDiagram::exportsSvgAndPng()
{
    m_view->setFilterText(QString());
    m_view->selectRecord(m_onWrite);
    const int row = rowOf(m_onWrite);
    const QString svg = m_dir.filePath(QStringLiteral("onwrite.svg"));
    QCOMPARE(m_diagram->exportImage(svg, row - 2, row + 10), QString());
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.startsWith("<?xml"));
    QVERIFY(text.contains("IQueueCallbackWrite::OnWrite"));
    QVERIFY(text.contains("framework"));
    const QString png = m_dir.filePath(QStringLiteral("visible.png"));
    const auto [first, last] = m_diagram->visibleRows();
    QCOMPARE(m_diagram->exportImage(png, first, last), QString());
    QImage image(png);
    QVERIFY(!image.isNull());
    // Drawn at twice the size, for a crisp image on slides.
    QCOMPARE(image.size(), m_diagram->renderSize(first, last) * 2);
    // Refused with the reason, nothing written.
    QVERIFY(
        !m_diagram->exportImage(m_dir.filePath(QStringLiteral("x.bmp")), first, last).isEmpty());
    QVERIFY(
        !m_diagram->exportImage(m_dir.filePath(QStringLiteral("y.svg")), last, first).isEmpty());
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("y.svg"))));
}

QTEST_MAIN(tst_SequenceDiagram)
#include "tst_sequencediagram.moc"
