#include "app/explorer/tracefilecontroller.h"

#include "widgets/models/backgroundjob.h"
#include "widgets/models/findingsmodel.h"
#include "widgets/models/replaybridge.h"
#include "widgets/models/simulationbridge.h"
#include "widgets/models/tracecapture.h"
#include "widgets/models/traceinfomodel.h"
#include "widgets/models/tracetablemodel.h"
#include "widgets/views/dialogs.h"
#include "widgets/views/icons.h"
#include "widgets/views/messagebar.h"
#include "widgets/views/tablepanels.h"

#include "core/scenario/scenarioloader.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QSysInfo>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace umdfx::gui {

namespace {

QString withSuffix(QString path, const QString &suffix)
{
    if (!suffix.isEmpty() && QFileInfo(path).suffix().compare(suffix, Qt::CaseInsensitive) != 0)
        path += QLatin1Char('.') + suffix;
    return path;
}

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes);
}

} // namespace

TraceFileController::TraceFileController(SimulationBridge *bridge, TraceTableModel *trace,
    FindingsModel *findings, MessageBar *notices, QSettings *settings, const QString &appVersion,
    QWidget *window)
    : QObject(window)
    , m_bridge(bridge)
    , m_trace(trace)
    , m_findings(findings)
    , m_notices(notices)
    , m_settings(settings)
    , m_appVersion(appVersion)
    , m_window(window)
    , m_capture(new TraceCapture(this))
    , m_replay(new ReplayBridge(this))
    , m_loader(new BackgroundJob(this))
    , m_writer(new BackgroundJob(this))
{
    m_captureAction
        = new QAction(themeIcon(QStringLiteral("capture")), tr("&Capture trace to…"), this);
    m_captureAction->setCheckable(true);
    m_captureAction->setIconText(tr("Capture"));
    m_captureAction->setToolTip(tr("Stream the live trace to a .umdftrace file while the "
                                   "simulation runs (flushed every 100 ms); again to stop"));
    connect(m_captureAction, &QAction::triggered, this, [this](bool on) {
        if (on)
            startCaptureDialog();
        else
            stopCapture();
    });
    m_captureLabel = new QLabel;
    m_captureLabel->setObjectName(QStringLiteral("captureStatus"));
    m_captureLabel->setVisible(false);
    auto *tick = new QTimer(this);
    tick->setInterval(500);
    connect(tick, &QTimer::timeout, this, &TraceFileController::updateCaptureLabel);
    tick->start();

    connect(m_capture, &TraceCapture::started, this, [this](const QString &path) {
        m_captureAction->setChecked(true);
        m_captureAction->setText(tr("Stop &capture"));
        m_captureAction->setIconText(tr("Stop capture"));
        m_captureAction->setIcon(themeIcon(QStringLiteral("capture-stop")));
        updateCaptureLabel();
        Q_EMIT statusMessage(tr("Capturing to %1").arg(path));
    });
    connect(m_capture, &TraceCapture::stopped, this,
        [this](const QString &path, qint64 records, qint64 bytes, const QString &error,
            const QString &why) {
            m_captureAction->setChecked(m_capture->isCapturing());
            if (!m_capture->isCapturing()) {
                m_captureAction->setText(tr("&Capture trace to…"));
                m_captureAction->setIconText(tr("Capture"));
                m_captureAction->setIcon(themeIcon(QStringLiteral("capture")));
            }
            updateCaptureLabel();
            if (!error.isEmpty()) {
                notify(int(MessageBar::Kind::Error), tr("The capture failed: %1").arg(error));
                return;
            }
            QString text = tr("Capture saved: %1 \u2014 %L2 records, %3")
                               .arg(path)
                               .arg(records)
                               .arg(sizeText(bytes));
            if (!why.isEmpty())
                text = tr("The capture ended (%1). %2").arg(why, text);
            notify(int(MessageBar::Kind::Positive), text);
            Q_EMIT fileWritten(path);
            Q_EMIT recentFileUsed(path);
        });
    // A new simulation is a new trace: the capture of the old one is complete.
    connect(m_bridge, &SimulationBridge::sessionStarted, this, [this] {
        if (m_capture->isCapturing() && m_capture->store() != m_bridge->traceStore().get())
            stopCapture(tr("the simulation was reset"));
    });
}

TraceFileController::~TraceFileController() = default;

void TraceFileController::notify(int kind, const QString &text)
{
    Q_EMIT statusMessage(text);
    if (m_notices) {
        m_notices->showMessage(MessageBar::Kind(kind), text);
        m_notices->setCloseButtonVisible(true);
    }
}

QString TraceFileController::dialogDirectory() const
{
    return m_settings->value(QStringLiteral("files/traceDir"), QDir::homePath()).toString();
}

void TraceFileController::rememberDirectory(const QString &path)
{
    m_settings->setValue(QStringLiteral("files/traceDir"), QFileInfo(path).absolutePath());
}

trace::TraceFileInfo TraceFileController::liveInfo() const
{
    trace::TraceFileInfo info;
    info.meta["producer"] = QString(QStringLiteral("umdf-explorer ") + m_appVersion).toStdString();
    info.meta["scenario.name"] = m_bridge->scenarioName().toStdString();
    info.meta["scenario.file"] = m_bridge->scenarioFile().toStdString();
    info.scenarioText = m_bridge->scenarioText().toStdString();
    return info;
}

trace::TraceFileInfo TraceFileController::shownInfo() const
{
    return m_current.isValid() ? m_current.file->info : liveInfo();
}

std::shared_ptr<const trace::TraceStore> TraceFileController::shownStore() const
{
    return m_current.isValid() ? m_current.store() : m_bridge->traceStore();
}

// ---- opening ------------------------------------------------------------------------------------

void TraceFileController::openTraceDialog()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open a trace"),
        dialogDirectory(), tr("UMDF traces (*.umdftrace);;All files (*)"));
    if (!path.isEmpty())
        openTrace(path);
}

void TraceFileController::openTrace(const QString &path)
{
    if (m_loader->isRunning()) {
        Q_EMIT statusMessage(tr("Still opening %1").arg(m_loader->title()));
        return;
    }
    rememberDirectory(path);
    auto result = std::make_shared<std::variant<LoadedTrace, QString>>();
    connect(
        m_loader, &BackgroundJob::finished, this,
        [this, path, result](const QString &, const QString &error, bool) {
            if (!error.isEmpty()) {
                Q_EMIT openFailed(path, error);
                return;
            }
            if (auto *message = std::get_if<QString>(result.get())) {
                notify(int(MessageBar::Kind::Error), tr("Not opened: %1").arg(*message));
                Q_EMIT openFailed(path, *message);
                return;
            }
            m_current = std::get<LoadedTrace>(*result);
            m_replay->setTrace(m_current.file);
            if (m_notices)
                m_notices->hide();
            Q_EMIT traceOpened(m_current);
            Q_EMIT recentFileUsed(path);
        },
        Qt::SingleShotConnection);
    Q_EMIT statusMessage(tr("Opening %1…").arg(path));
    m_loader->start(QFileInfo(path).fileName(), [path, result](JobProgress &) {
        *result = loadTraceFile(path);
        return QString();
    });
}

void TraceFileController::closeTrace()
{
    if (!m_current.isValid())
        return;
    m_current = LoadedTrace {};
    m_replay->setTrace(nullptr);
    Q_EMIT traceClosed();
}

// ---- capture ------------------------------------------------------------------------------------

void TraceFileController::startCaptureDialog()
{
    const QString name
        = QStringLiteral("capture-%1-%2.umdftrace")
              .arg(m_bridge->scenarioName().isEmpty() ? QStringLiteral("trace")
                                                      : m_bridge->scenarioName(),
                  QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Capture the trace to"),
        QDir(dialogDirectory()).filePath(name), tr("UMDF traces (*.umdftrace)"));
    if (path.isEmpty()) {
        m_captureAction->setChecked(m_capture->isCapturing());
        return;
    }
    const QString error = startCapture(withSuffix(path, QStringLiteral("umdftrace")));
    if (!error.isEmpty())
        notify(int(MessageBar::Kind::Error), tr("The capture did not start: %1").arg(error));
}

QString TraceFileController::startCapture(const QString &path)
{
    rememberDirectory(path);
    const QString error = m_capture->start(m_bridge->traceStore(), liveInfo(), path);
    m_captureAction->setChecked(m_capture->isCapturing());
    return error;
}

void TraceFileController::stopCapture(const QString &why)
{
    m_capture->stop(why);
}

void TraceFileController::updateCaptureLabel()
{
    if (!m_capture->isCapturing()) {
        m_captureLabel->setVisible(false);
        return;
    }
    m_captureLabel->setVisible(true);
    m_captureLabel->setText(
        tr("\u25cf REC %1 \u00b7 %2")
            .arg(QFileInfo(m_capture->path()).fileName(), sizeText(m_capture->bytesOnDisk())));
    m_captureLabel->setToolTip(
        tr("Capturing the live trace to %1 (flushed every 100 ms)").arg(m_capture->path()));
    QPalette p = m_captureLabel->palette();
    p.setColor(QPalette::WindowText, QColor(0xd6, 0x45, 0x45));
    m_captureLabel->setPalette(p);
}

// ---- writing ------------------------------------------------------------------------------------

void TraceFileController::runWriter(
    const QString &title, const QString &path, BackgroundJob::Work work)
{
    if (m_writer->isRunning()) {
        notify(int(MessageBar::Kind::Warning),
            tr("%1 is still being written; try again when it is done").arg(m_writer->title()));
        return;
    }
    auto *dialog = new QProgressDialog(title, tr("Cancel"), 0, 0, m_window);
    dialog->setWindowTitle(tr("UMDF Explorer"));
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(400);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    m_progress = dialog;
    connect(dialog, &QProgressDialog::canceled, m_writer, &BackgroundJob::cancel);
    const auto progress = connect(
        m_writer, &BackgroundJob::progress, dialog, [dialog, title](qint64 done, qint64 total) {
            if (total > 0) {
                dialog->setMaximum(1000);
                dialog->setValue(int(done * 1000 / total));
                dialog->setLabelText(tr("%1\n%L2 of %L3").arg(title).arg(done).arg(total));
            } else if (done > 0) {
                dialog->setLabelText(tr("%1\n%2 written").arg(title, sizeText(done)));
            }
        });
    connect(
        m_writer, &BackgroundJob::finished, this,
        [this, dialog, path, progress](const QString &, const QString &error, bool cancelled) {
            disconnect(progress);
            dialog->close();
            dialog->deleteLater();
            if (cancelled) {
                notify(int(MessageBar::Kind::Information),
                    tr("Cancelled: %1 was left as it was").arg(path));
            } else if (!error.isEmpty()) {
                notify(int(MessageBar::Kind::Error), tr("Not written: %1").arg(error));
            } else {
                const QFileInfo info(path);
                notify(int(MessageBar::Kind::Positive),
                    tr("Written: %1 (%2)")
                        .arg(path, info.isDir() ? tr("a directory") : sizeText(info.size())));
                Q_EMIT fileWritten(path);
                if (path.endsWith(QLatin1String(".umdftrace"), Qt::CaseInsensitive))
                    Q_EMIT recentFileUsed(path); // a trace saved, a bug report: they open again
            }
        },
        Qt::SingleShotConnection);
    m_writer->start(title, std::move(work));
}

void TraceFileController::saveTraceAsDialog()
{
    const QString base = m_current.isValid()
        ? QFileInfo(m_current.path).completeBaseName() + QStringLiteral("-copy")
        : QStringLiteral("trace-%1").arg(m_bridge->scenarioName());
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save the trace as"),
        QDir(dialogDirectory()).filePath(base + QStringLiteral(".umdftrace")),
        tr("UMDF traces (*.umdftrace)"));
    if (!path.isEmpty())
        saveTraceAs(withSuffix(path, QStringLiteral("umdftrace")));
}

void TraceFileController::saveTraceAs(const QString &path)
{
    const auto store = shownStore();
    if (!store) {
        notify(int(MessageBar::Kind::Warning), tr("There is no trace to save"));
        return;
    }
    rememberDirectory(path);
    const trace::TraceFileInfo info = shownInfo();
    runWriter(tr("Saving %1").arg(QFileInfo(path).fileName()), path,
        [store, info, path](
            JobProgress &progress) { return saveTraceFile(*store, info, path, progress); });
}

void TraceFileController::exportDialog(ExportFormat format)
{
    const auto &formats = exportFormats();
    const auto it = std::find_if(formats.begin(), formats.end(),
        [format](const ExportFormatInfo &f) { return f.format == format; });
    if (it == formats.end())
        return;
    const QString base = m_current.isValid()
        ? QFileInfo(m_current.path).completeBaseName()
        : QStringLiteral("trace-%1").arg(m_bridge->scenarioName());
    const QString suggested = it->directory ? QString(base + QStringLiteral("-ctf"))
                                            : QString(base + QLatin1Char('.') + it->suffix);
    QString path = QFileDialog::getSaveFileName(m_window, tr("Export: %1").arg(it->name),
        QDir(dialogDirectory()).filePath(suggested), it->filter, nullptr,
        it->directory ? QFileDialog::DontConfirmOverwrite : QFileDialog::Options());
    if (path.isEmpty())
        return;
    if (it->directory) {
        const QFileInfo target(path);
        if (target.isDir() && !QDir(path).isEmpty()
            && QMessageBox::question(m_window, tr("Export"),
                   tr("%1 exists and is not empty. Replace it with the CTF trace?").arg(path))
                != QMessageBox::Yes)
            return;
    } else if (!it->otherSuffixes.contains(QFileInfo(path).suffix(), Qt::CaseInsensitive)) {
        path = withSuffix(path, it->suffix);
    }
    exportTo(format, path);
}

void TraceFileController::exportTo(ExportFormat format, const QString &path)
{
    const auto store = shownStore();
    if (!store) {
        notify(int(MessageBar::Kind::Warning), tr("There is no trace to export"));
        return;
    }
    rememberDirectory(path);
    runWriter(tr("Exporting %1").arg(QFileInfo(path).fileName()), path,
        [store, format, path](
            JobProgress &progress) { return exportTrace(*store, format, path, progress); });
}

// ---- bug report ---------------------------------------------------------------------------------

void TraceFileController::bugReportDialog()
{
    const auto store = shownStore();
    if (!store) {
        notify(int(MessageBar::Kind::Warning), tr("There is no trace to report"));
        return;
    }
    QStringList included;
    included << tr("the trace: %L1 records%2")
                    .arg(store->size())
                    .arg(m_current.isValid() ? tr(" of %1").arg(m_current.fileName())
                                             : tr(" of the live simulation"));
    included << tr("the scenario \"%1\" (its file, exactly)")
                    .arg(m_current.isValid() ? m_current.meta("scenario.name")
                                             : m_bridge->scenarioName());
    included << tr("umdf-explorer %1, Qt %2, %3")
                    .arg(m_appVersion, QString::fromLatin1(qVersion()),
                        QSysInfo::prettyProductName());
    included << tr("each driver module with the SHA-256 of what identifies it (the executable "
                   "for built-in drivers, the file for a plugin)");
    included << tr("%n verifier finding(s)", nullptr, m_findings ? m_findings->rowCount() : 0);
    BugReportDialog dialog(included, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString name
        = QStringLiteral("bug-report-%1-%2.umdftrace")
              .arg(m_current.isValid() ? QFileInfo(m_current.path).completeBaseName()
                                       : m_bridge->scenarioName(),
                  QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save the bug report"),
        QDir(dialogDirectory()).filePath(name), tr("UMDF traces (*.umdftrace)"));
    if (!path.isEmpty())
        saveBugReport(
            withSuffix(path, QStringLiteral("umdftrace")), dialog.summary(), dialog.description());
}

void TraceFileController::saveBugReport(
    const QString &path, const QString &summary, const QString &description)
{
    const auto store = shownStore();
    if (!store)
        return;
    rememberDirectory(path);
    BugReportInput input;
    input.summary = summary;
    input.description = description;
    input.appVersion = m_appVersion;
    input.executable = QCoreApplication::applicationFilePath();
    input.records = qint64(store->size());
    if (m_current.isValid()) {
        input.scenarioName = m_current.meta("scenario.name");
        input.scenarioFile = m_current.meta("scenario.file");
        input.scenarioText = QByteArray::fromStdString(m_current.file->info.scenarioText);
        input.source = tr("trace file %1 (made by %2)")
                           .arg(m_current.fileName(), m_current.meta("producer"));
        input.baseMeta = m_current.file->info.meta;
        auto loaded = scenario::loadScenario(m_current.file->info.scenarioText, "scenario");
        if (auto *s = std::get_if<scenario::Scenario>(&loaded))
            input.drivers = s->drivers;
    } else {
        input.scenarioName = m_bridge->scenarioName();
        input.scenarioFile = m_bridge->scenarioFile();
        input.scenarioText = m_bridge->scenarioText();
        input.source = tr("live simulation");
        input.drivers = m_bridge->scenario().drivers;
    }
    if (m_findings) {
        for (int r = 0; r < m_findings->rowCount(); ++r) {
            QStringList cells;
            for (int c = 0; c < m_findings->columnCount(); ++c)
                cells << m_findings->index(r, c).data().toString();
            // "#412 V5 DoubleCompletion on ROOT\BUGGY\0000: message"
            input.findings << tr("#%1 %2 %3 on %4: %5")
                                  .arg(cells.value(FindingsModel::SeqColumn),
                                      cells.value(FindingsModel::RuleColumn),
                                      cells.value(FindingsModel::NameColumn),
                                      cells.value(FindingsModel::DeviceColumn),
                                      cells.value(FindingsModel::MessageColumn));
        }
    }
    runWriter(tr("Saving the bug report %1").arg(QFileInfo(path).fileName()), path,
        [store, input, path](JobProgress &progress) {
            const trace::TraceFileInfo info = bugReportInfo(input);
            return umdfx::gui::saveBugReport(*store, info, path, progress);
        });
}

// ---- properties ---------------------------------------------------------------------------------

void TraceFileController::showProperties()
{
    if (!m_current.isValid()) {
        Q_EMIT statusMessage(tr("Open a trace file to see its properties"));
        return;
    }
    QDialog dialog(m_window);
    dialog.setWindowTitle(tr("Trace properties \u2014 %1").arg(m_current.fileName()));
    auto *model = new TraceInfoModel(&dialog);
    model->setTrace(m_current);
    QTableView *table = makeListTable(&dialog, QStringLiteral("traceProperties"));
    table->setModel(model);
    table->setWordWrap(true);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setColumnWidth(
        TraceInfoModel::FieldColumn, table->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 26);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(table, 1);
    layout->addWidget(buttons);
    dialog.resize(820, 520);
    dialog.exec();
}

} // namespace umdfx::gui
