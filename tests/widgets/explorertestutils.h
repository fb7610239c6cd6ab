#pragma once
// What the explorer's widget tests share (hotspot's testutils.h idea): a window on the tests'
// own echo scenario with the clock off, and the clicks a person makes in the Application panel.

#include "app/explorer/mainwindow.h"

#include "widgets/models/actionlogmodel.h"
#include "widgets/models/simulationbridge.h"
#include "widgets/models/tracetablemodel.h"

#include "core/trace/traceformat.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <memory>

namespace testutils {

inline const QString kScenario = QStringLiteral(UMDFX_SOURCE_DIR "/tests/widgets/data/echo.json");

template<class T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    if (!c)
        qFatal("no child %s", name);
    return c;
}

// A settings file of the test's own in a new temporary directory (a test's init()); false when
// the directory cannot be made.
inline bool freshSettings(std::unique_ptr<QTemporaryDir> &dir, std::unique_ptr<QSettings> &settings)
{
    dir = std::make_unique<QTemporaryDir>();
    if (!dir->isValid())
        return false;
    settings = std::make_unique<QSettings>(
        dir->filePath(QStringLiteral("explorer.ini")), QSettings::IniFormat);
    return true;
}

// A window on the echo scenario, shown, its simulation up. Settings in `dir`.
inline std::unique_ptr<umdfx::gui::MainWindow> makeWindow(QSettings &settings)
{
    umdfx::gui::ExplorerOptions options;
    options.realTimeClock = false; // deterministic: virtual time moves only when a test says so
    options.scenario = kScenario;
    auto w = std::make_unique<umdfx::gui::MainWindow>(&settings, options);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qFatal("the window was not exposed");
    if (!QTest::qWaitFor([&] { return w->bridge()->hasSession(); }, 10000)
        || !QTest::qWaitFor(
            [&] { return child<QTableView>(*w, "interfaceTable")->model()->rowCount() == 2; },
            10000))
        qFatal("the simulation did not start");
    return w;
}

// Opens h1 on Port1 from the SetupDi list, as a person would; then writes "hello" with it.
inline void openAndWrite(umdfx::gui::MainWindow &w, bool write = true)
{
    auto *interfaces = child<QTableView>(w, "interfaceTable");
    const QModelIndex port1 = interfaces->model()->index(0, 0);
    QTest::mouseClick(
        interfaces->viewport(), Qt::LeftButton, {}, interfaces->visualRect(port1).center());
    auto *name = child<QLineEdit>(w, "openName");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("h1"));
    QTest::mouseClick(child<QPushButton>(w, "openButton"), Qt::LeftButton);
    if (!write)
        return;
    if (!QTest::qWaitFor(
            [&] { return child<QTableView>(w, "handleTable")->model()->rowCount() == 1; }, 10000))
        qFatal("no handle opened");
    auto *data = child<QLineEdit>(w, "writeData");
    data->clear();
    QTest::keyClicks(data, QStringLiteral("hello"));
    QTest::mouseClick(child<QPushButton>(w, "writeButton"), Qt::LeftButton);
}

// Every record as its JSON line (without times), to compare two runs' traces.
inline QStringList jsonLines(const umdfx::trace::TraceStore &store)
{
    QStringList out;
    for (std::size_t i = 0; i < store.size(); ++i)
        out << QString::fromStdString(umdfx::trace::toJsonLine(store, store.at(i), false));
    return out;
}

// The first record with this method and phase, -1 if none (yet).
inline qint64 findRecord(umdfx::gui::TraceTableModel *model, const QString &method,
    const QString &phase, qint64 from = 0)
{
    for (qint64 r = from; r < model->rowCount(); ++r) {
        if (model->index(int(r), 0).data(umdfx::gui::TraceTableModel::MethodRole).toString()
                == method
            && model->cellText(r, umdfx::gui::TraceTableModel::PhaseColumn) == phase)
            return r;
    }
    return -1;
}

} // namespace testutils
