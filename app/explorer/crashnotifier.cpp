#include "app/explorer/crashnotifier.h"

#include "widgets/models/tracetablemodel.h"
#include "widgets/views/messagebar.h"
#include "widgets/views/traceview.h"

#include "core/trace/tracestore.h"

#include <QAction>

namespace umdfx::gui {

namespace {

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

CrashNotifier::CrashNotifier(
    TraceTableModel *trace, TraceView *view, MessageBar *bar, QObject *parent)
    : QObject(parent)
    , m_trace(trace)
    , m_view(view)
    , m_bar(bar)
    , m_show(new QAction(tr("Show the record"), this))
{
    m_show->setObjectName(QStringLiteral("showCrashRecord"));
    m_show->setToolTip(tr("Select the record that ended the host in the trace"));
    connect(m_show, &QAction::triggered, this, [this] {
        if (m_record >= 0)
            m_view->selectRecord(m_record);
    });
    connect(trace, &TraceTableModel::recordsAppended, this, &CrashNotifier::scan);
    connect(trace, &TraceTableModel::storeChanged, this, [this] {
        m_record = -1;
        m_crashes = 0;
    });
}

void CrashNotifier::setLive(bool live)
{
    m_live = live;
}

void CrashNotifier::scan(qint64 first, qint64 last)
{
    const trace::TraceStore *store = m_trace->store();
    if (!m_live || !store)
        return;
    qint64 found = -1;
    for (qint64 i = first; i <= last; ++i) {
        const trace::TraceRecord &r = store->at(std::size_t(i));
        if (r.kind != trace::Kind::Host || trace::str(r.iface) != "WUDFHost")
            continue;
        const std::string_view method = trace::str(r.method);
        if (method == "UnhandledException" || method == "Deadlock" || method == "ThreadSpinning") {
            found = i;
            ++m_crashes;
        }
    }
    if (found < 0)
        return;
    m_record = found;
    const trace::TraceRecord &r = store->at(std::size_t(found));
    const trace::ArgsView args = store->args(r);
    const std::string_view method = trace::str(r.method);
    trace::ArgValue host, exception, during, thread, threads, reason, limit;
    args.find("host", host);
    args.find("exception", exception);
    args.find("during", during);
    args.find("thread", thread);
    args.find("threads", threads);
    args.find("reason", reason);
    args.find("spinLimitMs", limit);
    QString message;
    if (method == "Deadlock") {
        // A hang found instead of suffered (DESIGN.md "Threading").
        message = tr("Driver host %1 deadlocked: %2 (%3)")
                      .arg(text(host.text), text(threads.text), text(reason.text));
    } else if (method == "ThreadSpinning") {
        message = tr("Driver host %1: thread %2 ran %3 ms without waiting, sleeping or ending")
                      .arg(text(host.text), text(thread.text))
                      .arg(limit.u);
    } else {
        message = tr("Driver host %1 crashed: %2").arg(text(host.text), text(exception.text));
        if (!during.text.empty())
            message += (thread.text.empty() ? tr(", in %1")
                                            : tr(", on a thread of the driver's own "
                                                 "while %1 was running"))
                           .arg(text(during.text));
    }
    message += tr(". Only that host ended: its devices show the problem, their I/O fails with "
                  "ERROR_DRIVER_PROCESS_TERMINATED, and the rest of the machine goes on.");
    if (m_crashes > 1)
        message += tr(" (%n hosts ended this way in this session.)", nullptr, m_crashes);
    m_bar->showMessage(MessageBar::Kind::Error, message, { m_show });
}

} // namespace umdfx::gui
