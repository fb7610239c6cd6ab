// The filtered trace: its own vector of matching records, applied at once for small traces and
// in the background (with progress and cancel) for large ones, live while records arrive.
#include "tests/trace/syntheticstore.h"

#include "widgets/models/tracefiltermodel.h"
#include "widgets/models/tracetablemodel.h"

#include <QAbstractItemModelTester>
#include <QtTest/QtTest>

using umdfx::gui::TraceFilterModel;
using umdfx::gui::TraceTableModel;
using umdfx::trace::Kind;
using umdfx::trace::Phase;

class tst_TraceFilterModel : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void synchronousFilter();
    void liveAppendsAreFiltered();
    void backgroundScan();
    void cancelKeepsThePreviousFilter();
    void badFilterChangesNothing();
    void clearingShowsEverything();
    void resultChangesAreMapped();

private:
    // Record i is a callback OnWrite when i % 3 == 0, else a DDI Complete; request = i % 10.
    void fill(int count);
    std::shared_ptr<umdfx::trace::TraceStore> m_store;
    std::unique_ptr<TraceTableModel> m_trace;
    std::unique_ptr<TraceFilterModel> m_filter;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_TraceFilterModel::init()
{
    m_tester.reset();
    m_filter.reset();
    m_trace = std::make_unique<TraceTableModel>();
    m_trace->setPollInterval(0);
    m_store = std::make_shared<umdfx::trace::TraceStore>();
    m_trace->setStore(m_store);
    m_filter = std::make_unique<TraceFilterModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_filter.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_filter->setSourceModel(m_trace.get());
}

void tst_TraceFilterModel::fill(int count)
{
    const int base = int(m_store->size());
    for (int i = base; i < base + count; ++i) {
        if (i % 3 == 0)
            testing::add(*m_store,
                { Kind::Callback, Phase::Call, "IQueueCallbackWrite", "OnWrite", "ROOT\\ECHO\\0000",
                    "host1", "framework", "echo", 5, std::uint32_t(i % 10) });
        else
            testing::add(*m_store,
                { Kind::Ddi, Phase::Call, "IWDFIoRequest", "Complete", "ROOT\\ECHO\\0000", "host1",
                    "echo", "framework", 8, std::uint32_t(i % 10) });
    }
    m_trace->poll();
}

void tst_TraceFilterModel::synchronousFilter()
{
    fill(30);
    QCOMPARE(m_filter->rowCount(), 30);
    QSignalSpy applied(m_filter.get(), &TraceFilterModel::filterApplied);
    QVERIFY(applied.isValid());
    QCOMPARE(m_filter->setFilterText(QStringLiteral("method:OnWrite request:3")), QString());
    QCOMPARE(applied.count(), 1); // small: applied before setFilterText returned
    // i % 3 == 0 and i % 10 == 3: 3, and nothing else below 30 ... 3, 33 — so only 3.
    QCOMPARE(m_filter->rowCount(), 1);
    QCOMPARE(m_filter->recordAt(0), qint64(3));
    QCOMPARE(m_filter->rowForRecord(3), 0);
    QCOMPARE(m_filter->rowForRecord(4), -1);
    QCOMPARE(m_filter->rowForRecord(4, true), -1);
    QCOMPARE(m_filter->mapToSource(m_filter->index(0, 0)).row(), 3);
    QCOMPARE(m_filter->mapFromSource(m_trace->index(3, 2)).column(), 2);
    QVERIFY(!m_filter->mapFromSource(m_trace->index(4, 0)).isValid());
}

void tst_TraceFilterModel::liveAppendsAreFiltered()
{
    fill(9);
    m_filter->setFilterText(QStringLiteral("kind:callback"));
    QCOMPARE(m_filter->rowCount(), 3);
    QSignalSpy inserted(m_filter.get(), &QAbstractItemModel::rowsInserted);
    QVERIFY(inserted.isValid());
    fill(9); // records 9..17: callbacks at 9, 12, 15
    QCOMPARE(inserted.count(), 1); // one batch in, one batch out
    QCOMPARE(inserted.at(0).at(1).toInt(), 3);
    QCOMPARE(inserted.at(0).at(2).toInt(), 5);
    QCOMPARE(m_filter->rowCount(), 6);
    QCOMPARE(m_filter->recordAt(5), qint64(15));
    fill(2); // 18 (a callback), 19
    QCOMPARE(m_filter->rowCount(), 7);
}

void tst_TraceFilterModel::backgroundScan()
{
    fill(3000);
    m_filter->setSynchronousLimit(100); // force the background path
    QSignalSpy started(m_filter.get(), &TraceFilterModel::scanStarted);
    QSignalSpy applied(m_filter.get(), &TraceFilterModel::filterApplied);
    QVERIFY(started.isValid());
    QVERIFY(applied.isValid());
    QCOMPARE(m_filter->setFilterText(QStringLiteral("kind:callback")), QString());
    QCOMPARE(started.count(), 1);
    QVERIFY(m_filter->isScanning());
    // Meanwhile the previous result (everything) is still shown, and stays live.
    QCOMPARE(m_filter->rowCount(), 3000);
    fill(3); // 3000 (a callback), 3001, 3002: tested once the scan has replaced the rows
    QVERIFY(applied.wait(5000));
    QVERIFY(!m_filter->isScanning());
    QCOMPARE(applied.last().at(1).toLongLong(), qint64(1001));
    QCOMPARE(m_filter->rowCount(), 1001);
    QCOMPARE(m_filter->recordAt(1000), qint64(3000));
    QCOMPARE(m_filter->appliedFilterText(), QStringLiteral("kind:callback"));
}

void tst_TraceFilterModel::cancelKeepsThePreviousFilter()
{
    fill(3000);
    m_filter->setFilterText(QStringLiteral("request:1"));
    QCOMPARE(m_filter->rowCount(), 300);
    m_filter->setSynchronousLimit(10);
    QSignalSpy cancelled(m_filter.get(), &TraceFilterModel::scanCancelled);
    QSignalSpy applied(m_filter.get(), &TraceFilterModel::filterApplied);
    QVERIFY(cancelled.isValid());
    QVERIFY(applied.isValid());
    m_filter->setFilterText(QStringLiteral("kind:ddi"));
    QVERIFY(m_filter->isScanning());
    m_filter->cancelScan();
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(m_filter->rowCount(), 300);
    QCOMPARE(m_filter->filterText(), QStringLiteral("request:1"));
    // A later filter still applies; the cancelled scan's result never does.
    m_filter->setFilterText(QStringLiteral("request:2"));
    QVERIFY(applied.wait(5000));
    QCOMPARE(applied.count(), 1);
    QCOMPARE(applied.at(0).at(0).toString(), QStringLiteral("request:2"));
    QCOMPARE(m_filter->rowCount(), 300);
    QCOMPARE(m_filter->recordAt(0), qint64(2));
}

void tst_TraceFilterModel::badFilterChangesNothing()
{
    fill(30);
    m_filter->setFilterText(QStringLiteral("kind:callback"));
    const QString error = m_filter->setFilterText(QStringLiteral("kind:callback metod:x"));
    QVERIFY(error.contains(QLatin1String("column 15")));
    QVERIFY(error.contains(QLatin1String("unknown field 'metod'")));
    QCOMPARE(m_filter->filterText(), QStringLiteral("kind:callback"));
    QCOMPARE(m_filter->rowCount(), 10);
}

void tst_TraceFilterModel::clearingShowsEverything()
{
    fill(30);
    m_filter->setFilterText(QStringLiteral("kind:callback"));
    QCOMPARE(m_filter->rowCount(), 10);
    m_filter->setFilterText(QString());
    QCOMPARE(m_filter->rowCount(), 30);
    fill(5);
    QCOMPARE(m_filter->rowCount(), 35);
    m_filter->showNothing();
    QCOMPARE(m_filter->rowCount(), 0);
    fill(5);
    QCOMPARE(m_filter->rowCount(), 0);
}

void tst_TraceFilterModel::resultChangesAreMapped()
{
    // A call whose return arrives later changes its Result cell; the proxy maps the change.
    testing::add(*m_store,
        { Kind::Ddi, Phase::Call, "IWDFDevice", "CreateIoQueue", "", "host1", "echo", "framework",
            4, 0, 1 });
    testing::add(*m_store, { Kind::Pnp, Phase::Event, "PnP", "DeviceStateChange" });
    m_trace->poll();
    m_filter->setFilterText(QStringLiteral("iface:IWDFDevice"));
    QCOMPARE(m_filter->rowCount(), 1);
    QSignalSpy changed(m_filter.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(changed.isValid());
    testing::add(*m_store,
        { Kind::Ddi, Phase::Return, "IWDFDevice", "CreateIoQueue", "", "host1", "framework", "echo",
            4, 0, 1, true, 0 });
    m_trace->poll();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(m_filter->index(0, TraceTableModel::ResultColumn).data().toString(),
        QStringLiteral("S_OK"));
}

QTEST_GUILESS_MAIN(tst_TraceFilterModel)
#include "tst_tracefiltermodel.moc"
