// The device tree from real snapshots: Device Manager's view by connection, merged row by row as
// the simulation changes, with interface checkboxes that ask rather than change.
#include "widgets/models/devicetreemodel.h"

#include "core/scenario/scenarioloader.h"
#include "core/simulation/interactivesession.h"
#include "drivers/builtin/builtindrivers.h"

#include <QAbstractItemModelTester>
#include <QtTest/QtTest>

using umdfx::gui::DeviceTreeModel;

namespace {
const QString kEchoClass = QStringLiteral("{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}");

// The tests' own copies of the sample scenarios (tests/widgets/data).
std::unique_ptr<umdfx::InteractiveSession> session(std::string_view name)
{
    auto loaded = umdfx::scenario::loadScenarioFile(
        std::string(UMDFX_SOURCE_DIR) + "/tests/widgets/data/" + std::string(name) + ".json");
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
        qFatal("%s", err->toString().c_str());
    auto s = std::make_unique<umdfx::InteractiveSession>(
        std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
    s->powerOn();
    return s;
}

std::shared_ptr<const umdfx::DeviceTreeSnapshot> snap(umdfx::InteractiveSession &s)
{
    return std::make_shared<const umdfx::DeviceTreeSnapshot>(s.snapshot());
}
} // namespace

class tst_DeviceTreeModel : public QObject
{
    Q_OBJECT
private slots:
    void defaultScenario();
    void liveUpdatesMergeRows();
    void checkboxAsks();
    void removalStates();
    void remoteInterfaces();
};

void tst_DeviceTreeModel::defaultScenario()
{
    DeviceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.treeString(), QStringLiteral("HTREE\\ROOT\\0"));
    auto s = session("echo");
    model.setSnapshot(snap(*s));
    QCOMPARE(model.treeString(),
        QStringLiteral("HTREE\\ROOT\\0[UMDF Echo Sample[echo[Queue #5 (default)], "
                       "GUID_DEVINTERFACE_ECHO \\Port1, GUID_DEVINTERFACE_ECHO \\Port2]]"));
    const QModelIndex dev = model.deviceIndex(QStringLiteral("ROOT\\ECHO\\0000"));
    QVERIFY(dev.isValid());
    QCOMPARE(dev.data(DeviceTreeModel::StateRole).toString(), QStringLiteral("started"));
    QCOMPARE(dev.siblingAtColumn(DeviceTreeModel::DetailsColumn).data().toString(),
        QStringLiteral("Started \u00b7 ROOT\\ECHO\\0000"));
    const QModelIndex port1
        = model.indexForPath({ QStringLiteral("root"), QStringLiteral("dev:ROOT\\ECHO\\0000"),
            QStringLiteral("if:") + kEchoClass + QStringLiteral("\\Port1") });
    QVERIFY(port1.isValid());
    QCOMPARE(port1.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(port1.flags() & Qt::ItemIsUserCheckable);
    QCOMPARE(port1.data(DeviceTreeModel::SymbolicLinkRole).toString(),
        QStringLiteral("\\\\?\\ROOT#ECHO#0000#") + kEchoClass + QStringLiteral("\\Port1"));
    const QModelIndex queue = model.index(0, 0, model.index(0, 0, dev));
    QCOMPARE(queue.siblingAtColumn(DeviceTreeModel::DetailsColumn).data().toString(),
        QStringLiteral("sequential, power-managed \u00b7 0 queued \u00b7 0 in driver"));
    const QVariantList props = dev.data(DeviceTreeModel::PropertiesRole).toList();
    QVERIFY(props.contains(
        QVariant(QStringList { QStringLiteral("Hardware IDs"), QStringLiteral("WUDF\\Echo") })));
}

void tst_DeviceTreeModel::liveUpdatesMergeRows()
{
    DeviceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto s = session("echo");
    model.setSnapshot(snap(*s));
    const QPersistentModelIndex port2
        = model.indexForPath({ QStringLiteral("root"), QStringLiteral("dev:ROOT\\ECHO\\0000"),
            QStringLiteral("if:") + kEchoClass + QStringLiteral("\\Port2") });
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(reset.isValid());
    QVERIFY(inserted.isValid());
    QVERIFY(removed.isValid());

    QVERIFY(s->run("open h1 " + kEchoClass.toStdString() + "\\Port1", 1).ok);
    model.setSnapshot(snap(*s));
    QCOMPARE(inserted.count(), 1); // the file object, under the driver
    const QModelIndex driver
        = model.index(0, 0, model.deviceIndex(QStringLiteral("ROOT\\ECHO\\0000")));
    QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), driver);
    QCOMPARE(model.index(1, 0, driver).data().toString(), QStringLiteral("File #6 \\Port1"));

    QVERIFY(s->run("close h1", 2).ok);
    model.setSnapshot(snap(*s));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(reset.count(), 0);
    QVERIFY(port2.isValid()); // untouched rows keep their identity
}

void tst_DeviceTreeModel::checkboxAsks()
{
    DeviceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto s = session("echo");
    model.setSnapshot(snap(*s));
    const QModelIndex port1
        = model.indexForPath({ QStringLiteral("root"), QStringLiteral("dev:ROOT\\ECHO\\0000"),
            QStringLiteral("if:") + kEchoClass + QStringLiteral("\\Port1") });
    QSignalSpy asked(&model, &DeviceTreeModel::interfaceStateRequested);
    QVERIFY(asked.isValid());
    QVERIFY(model.setData(port1, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.at(0).at(0).toString(), QStringLiteral("ROOT\\ECHO\\0000"));
    QCOMPARE(asked.at(0).at(1).toString(), kEchoClass);
    QCOMPARE(asked.at(0).at(2).toBool(), true);
    QCOMPARE(asked.at(0).at(3).toString(), QStringLiteral("Port1"));
    QCOMPARE(asked.at(0).at(4).toBool(), false);
    // Nothing changed until the simulation says so.
    QCOMPARE(port1.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(changed.isValid());
    QVERIFY(s->run("disable ROOT\\ECHO\\0000 " + kEchoClass.toStdString() + " Port1", 1).ok);
    model.setSnapshot(snap(*s));
    QCOMPARE(port1.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QCOMPARE(port1.data(DeviceTreeModel::StateRole).toString(), QStringLiteral("disabled"));
    QVERIFY(changed.count() >= 1);
    // Asking for the state it already has asks nothing.
    QVERIFY(!model.setData(port1, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(asked.count(), 1);
}

void tst_DeviceTreeModel::removalStates()
{
    DeviceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto s = session("echo");
    model.setSnapshot(snap(*s));
    QVERIFY(s->run("surprise-remove ROOT\\ECHO\\0000", 1).ok);
    model.setSnapshot(snap(*s));
    const QModelIndex dev = model.deviceIndex(QStringLiteral("ROOT\\ECHO\\0000"));
    const QString state = dev.data(DeviceTreeModel::StateRole).toString();
    QVERIFY2(state == QLatin1String("not-present") || state == QLatin1String("surprise-removed"),
        qPrintable(state));
}

void tst_DeviceTreeModel::remoteInterfaces()
{
    DeviceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto s = session("consumer");
    model.setSnapshot(snap(*s));
    const QModelIndex consumer = model.deviceIndex(QStringLiteral("ROOT\\CONSUMER\\0000"));
    QVERIFY(consumer.isValid());
    const QModelIndex driver = model.index(0, 0, consumer);
    QCOMPARE(driver.data().toString(), QStringLiteral("consumer"));
    int remotes = 0;
    for (int r = 0; r < model.rowCount(driver); ++r)
        remotes += model.index(r, 0, driver).data(DeviceTreeModel::NodeKindRole).toInt()
            == DeviceTreeModel::RemoteInterfaceNode;
    QVERIFY(remotes >= 1); // one per echo interface the consumer heard arrive
}

QTEST_GUILESS_MAIN(tst_DeviceTreeModel)
#include "tst_devicetreemodel.moc"
