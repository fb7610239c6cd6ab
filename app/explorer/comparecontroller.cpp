#include "app/explorer/comparecontroller.h"

#include "app/explorer/tracefilecontroller.h"
#include "widgets/models/comparedtraces.h"
#include "widgets/views/compareview.h"
#include "widgets/views/messagebar.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QProgressDialog>
#include <QSettings>
#include <QTableView>

namespace umdfx::gui {

CompareController::CompareController(
    TraceFileController *files, MessageBar *notices, QSettings *settings, QWidget *window)
    : QObject(window)
    , m_files(files)
    , m_notices(notices)
    , m_settings(settings)
    , m_window(window)
    , m_job(new BackgroundJob(this))
{ }

CompareController::~CompareController() = default;

CompareView *CompareController::lastView() const
{
    return m_lastView.data();
}

QString CompareController::dialogDirectory() const
{
    // The directory the trace files were last opened from (TraceFileController's setting).
    return m_settings->value(QStringLiteral("files/traceDir"), QDir::homePath()).toString();
}

void CompareController::compareWithDialog()
{
    const QString filter = tr("UMDF traces (*.umdftrace);;All files (*)");
    QString pathA;
    if (!m_files->isTraceShown()) {
        pathA = QFileDialog::getOpenFileName(
            m_window, tr("Compare: the first trace (A)"), dialogDirectory(), filter);
        if (pathA.isEmpty())
            return;
    }
    const QString shown
        = m_files->isTraceShown() ? m_files->current().fileName() : QFileInfo(pathA).fileName();
    const QString pathB
        = QFileDialog::getOpenFileName(m_window, tr("Compare %1 with (B)").arg(shown),
            pathA.isEmpty() ? dialogDirectory() : QFileInfo(pathA).absolutePath(), filter);
    if (!pathB.isEmpty())
        compare(pathA, pathB);
}

void CompareController::compare(const QString &pathA, const QString &pathB)
{
    if (m_job->isRunning()) {
        m_notices->showMessage(MessageBar::Kind::Warning,
            tr("Still comparing (%1); try again when it is done").arg(m_job->title()));
        return;
    }
    const LoadedTrace knownA = pathA.isEmpty() ? m_files->current() : LoadedTrace();
    if (pathA.isEmpty() && !knownA.isValid()) {
        m_notices->showMessage(MessageBar::Kind::Error, tr("No trace file to compare"));
        return;
    }
    const QString nameA = knownA.isValid() ? knownA.fileName() : QFileInfo(pathA).fileName();
    const QString title = tr("Comparing %1 with %2").arg(nameA, QFileInfo(pathB).fileName());

    auto *dialog = new QProgressDialog(title, tr("Cancel"), 0, 5, m_window);
    dialog->setWindowTitle(tr("UMDF Explorer"));
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(400);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    m_progress = dialog;
    connect(dialog, &QProgressDialog::canceled, m_job, &BackgroundJob::cancel);
    const QStringList steps { tr("Reading %1…").arg(nameA),
        tr("Reading %1…").arg(QFileInfo(pathB).fileName()), tr("Lining up %1…").arg(nameA),
        tr("Lining up %1…").arg(QFileInfo(pathB).fileName()), tr("Aligning the two traces…") };
    const auto progress
        = connect(m_job, &BackgroundJob::progress, dialog, [dialog, steps](qint64 done, qint64) {
              dialog->setValue(int(done));
              if (done < steps.size())
                  dialog->setLabelText(steps[int(done)]);
          });

    auto result = std::make_shared<std::variant<ComparedTraces, QString>>();
    const auto finished = std::make_shared<QMetaObject::Connection>();
    *finished = connect(m_job, &BackgroundJob::finished, this,
        [this, result, finished, progress, title](
            const QString &, const QString &error, bool cancelled) {
            disconnect(*finished);
            disconnect(progress);
            if (m_progress)
                m_progress->deleteLater();
            if (cancelled)
                return;
            QString message = error;
            if (auto *refused = std::get_if<QString>(result.get()))
                message = *refused;
            if (!message.isEmpty()) {
                m_notices->showMessage(
                    MessageBar::Kind::Error, tr("Not compared: %1").arg(message));
                Q_EMIT compareFailed(message);
                return;
            }
            const auto &traces = std::get<ComparedTraces>(*result);
            auto *view = new CompareView(m_window);
            view->setWindowFlag(Qt::Window);
            view->setAttribute(Qt::WA_DeleteOnClose);
            view->setObjectName(QStringLiteral("compareWindow"));
            view->setWindowTitle(
                tr("%1 ↔ %2 — UMDF Explorer").arg(traces.a.fileName(), traces.b.fileName()));
            view->resize(m_window->size().expandedTo(QSize(1200, 800)));
            view->setTraces(traces);
            view->show();
            view->table()->setFocus();
            m_lastView = view;
            Q_EMIT compareOpened(view);
        });
    m_job->start(title, [result, knownA, pathA, pathB](JobProgress &p) -> QString {
        *result = compareTraceFiles(knownA, pathA, pathB, DiffOptions(), p);
        return {};
    });
}

} // namespace umdfx::gui
