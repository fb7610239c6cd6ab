// The trace table: one batch per poll, cells formatted from the records, a call row that learns
// its return's result.
#include "tests/trace/syntheticstore.h"

#include "widgets/models/tracetablemodel.h"

#include <QAbstractItemModelTester>
#include <QtTest/QtTest>

using umdfx::gui::TraceTableModel;
using umdfx::trace::Kind;
using umdfx::trace::Phase;

class tst_TraceTableModel : public QObject
{
    Q_OBJECT
private slots:
    void insertsOneBatchPerPoll();
    void cells();
    void callRowShowsItsReturn();
    void storeSwitchResets();
};

static QString spyText(const QSignalSpy &spy)
{
    QStringList parts;
    for (const auto &args : spy)
        parts << QStringLiteral("rowsInserted(%1-%2)")
                     .arg(args.at(1).toInt())
                     .arg(args.at(2).toInt());
    return parts.join(QLatin1Char(' '));
}

void tst_TraceTableModel::insertsOneBatchPerPoll()
{
    auto store = std::make_shared<umdfx::trace::TraceStore>();
    TraceTableModel model;
    model.setPollInterval(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(store);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(inserted.isValid());
    for (int i = 0; i < 4096; ++i)
        testing::add(*store, { Kind::Ddi, Phase::Event, "IWDFIoRequest", "Complete" });
    QCOMPARE(model.poll(), qint64(4096));
    for (int i = 0; i < 10; ++i)
        testing::add(*store, { Kind::Pnp, Phase::Event, "PnP", "DeviceStateChange" });
    QCOMPARE(model.poll(), qint64(10));
    QCOMPARE(model.poll(), qint64(0)); // nothing new: no signal
    QCOMPARE(spyText(inserted), QStringLiteral("rowsInserted(0-4095) rowsInserted(4096-4105)"));
    QCOMPARE(model.rowCount(), 4106);
}

void tst_TraceTableModel::cells()
{
    auto store = std::make_shared<umdfx::trace::TraceStore>();
    TraceTableModel model;
    model.setPollInterval(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(store);
    umdfx::trace::ArgsWriter args;
    args.boolean("result", false);
    args.u64("lastError", 2);
    testing::add(*store,
        { Kind::Win32, Phase::Return, "kernel32", "CreateFile", "ROOT\\ECHO\\0000", "app1",
            "kernel", "app1", 0, 4, 0, true, 0x80070002u },
        &args, 1'500'000'000);
    model.poll();
    const auto cell = [&](int column) { return model.index(0, column).data().toString(); };
    QCOMPARE(cell(TraceTableModel::SeqColumn), QStringLiteral("0"));
    QCOMPARE(cell(TraceTableModel::TimeColumn), QStringLiteral("1.500000000"));
    QCOMPARE(cell(TraceTableModel::ThreadColumn), QStringLiteral("app1"));
    QCOMPARE(cell(TraceTableModel::LanesColumn), QStringLiteral("kernel \u2192 app1"));
    QCOMPARE(cell(TraceTableModel::KindColumn), QStringLiteral("win32"));
    QCOMPARE(cell(TraceTableModel::EventColumn), QStringLiteral("kernel32::CreateFile"));
    QCOMPARE(cell(TraceTableModel::DeviceColumn), QStringLiteral("ROOT\\ECHO\\0000"));
    QCOMPARE(cell(TraceTableModel::ObjectsColumn), QStringLiteral("req 4"));
    QCOMPARE(cell(TraceTableModel::ResultColumn), QStringLiteral("FALSE  2 ERROR_FILE_NOT_FOUND"));
    QCOMPARE(cell(TraceTableModel::DetailsColumn), QStringLiteral("result=false lastError=2"));
    QCOMPARE(model.index(0, 0).data(TraceTableModel::FailureRole).toBool(), true);
    QCOMPARE(model.index(0, 0).data(TraceTableModel::HrRole).toUInt(), 0x80070002u);
    QVERIFY(model.index(0, 0)
                .data(TraceTableModel::TextLineRole)
                .toString()
                .contains(QLatin1String("hr=0x80070002")));
}

void tst_TraceTableModel::callRowShowsItsReturn()
{
    auto store = std::make_shared<umdfx::trace::TraceStore>();
    TraceTableModel model;
    model.setPollInterval(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(store);
    testing::add(*store,
        { Kind::Ddi, Phase::Call, "IWDFDevice", "CreateDeviceInterface", "ROOT\\ECHO\\0000",
            "host1", "echo", "framework", 4, 0, 1 });
    model.poll();
    QCOMPARE(model.index(0, TraceTableModel::ResultColumn).data().toString(), QString());
    QCOMPARE(model.index(0, 0).data(TraceTableModel::PairedRecordRole).toLongLong(), qint64(-1));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(changed.isValid());
    testing::add(*store,
        { Kind::Ddi, Phase::Return, "IWDFDevice", "CreateDeviceInterface", "ROOT\\ECHO\\0000",
            "host1", "framework", "echo", 4, 0, 1, true, 0x80004005u });
    model.poll();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(model.index(0, TraceTableModel::ResultColumn).data().toString(),
        QStringLiteral("0x80004005 E_FAIL"));
    QCOMPARE(model.index(0, 0).data(TraceTableModel::PairedRecordRole).toLongLong(), qint64(1));
    QCOMPARE(model.index(1, 0).data(TraceTableModel::PairedRecordRole).toLongLong(), qint64(0));
}

void tst_TraceTableModel::storeSwitchResets()
{
    auto a = std::make_shared<umdfx::trace::TraceStore>();
    auto b = std::make_shared<umdfx::trace::TraceStore>();
    testing::add(*a, { Kind::Pnp, Phase::Event, "PnP", "DeviceEnumerated" });
    testing::add(*a, { Kind::Pnp, Phase::Event, "PnP", "DeviceEnumerated" });
    testing::add(*b, { Kind::Host, Phase::Event, "host", "loaded" });
    TraceTableModel model;
    model.setPollInterval(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &TraceTableModel::storeChanged);
    QVERIFY(changed.isValid());
    model.setStore(a);
    QCOMPARE(model.rowCount(), 2);
    model.setStore(b);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(model.index(0, TraceTableModel::EventColumn).data().toString(),
        QStringLiteral("host::loaded"));
}

QTEST_GUILESS_MAIN(tst_TraceTableModel)
#include "tst_tracetablemodel.moc"
