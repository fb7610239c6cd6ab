#include "widgets/models/simulationbridge.h"

#include "core/win32/hresulttext.h"
#include "widgets/models/threadcheck.h"

#include "core/runtime/log.h"
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/interactivesession.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMetaObject>
#include <QThread>
#include <QTimer>

#include <stdexcept>

namespace umdfx::gui {

namespace {

constexpr int kClockTickMs = 50;
constexpr qint64 kMaxTickNs = 1'000'000'000; // a stalled tick does not jump further than 1 s

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

ActionResult toResult(quint64 ticket, const QString &line, const InteractiveSession::Outcome &o)
{
    ActionResult r;
    r.ticket = ticket;
    r.line = line;
    r.canonical = qs(o.canonical);
    r.app = qs(o.app);
    r.verb = qs(o.verb);
    r.handle = qs(o.handle);
    r.parsed = o.parsed;
    r.ok = o.ok;
    r.message = qs(o.message);
    r.madeWin32Call = o.madeWin32Call;
    r.returned = o.last.returned;
    r.result = o.last.result != 0;
    r.error = o.last.error;
    r.bytes = o.last.bytes;
    r.data = QByteArray(reinterpret_cast<const char *>(o.last.data.data()),
        static_cast<qsizetype>(o.last.data.size()));
    r.firstRecord = static_cast<qint64>(o.firstRecord);
    r.endRecord = static_cast<qint64>(o.endRecord);
    r.virtualTimeBefore = o.virtualTimeBefore;
    r.virtualTimeAfter = o.virtualTimeAfter;
    return r;
}

} // namespace

QString ActionResult::errorText() const
{
    return QString::fromStdString(win32ErrorText(error));
}

bool ActionResult::succeeded() const
{
    if (!parsed || !ok || cancelled)
        return false;
    if (!madeWin32Call || !returned)
        return true;
    return result || error == 997; // ERROR_IO_PENDING: overlapped I/O on its way
}

QString ActionResult::summary() const
{
    if (cancelled)
        return QObject::tr("cancelled before it ran");
    if (!parsed)
        return QObject::tr("refused: %1").arg(message);
    if (!ok)
        return QObject::tr("failed: %1").arg(message);
    if (!madeWin32Call)
        return QObject::tr("done");
    if (!returned)
        return QObject::tr("blocked: the call has not returned (the driver holds the request)");
    if (verb == QLatin1String("open")) {
        return result
            ? QObject::tr("TRUE: handle %1 opened").arg(handle)
            : QObject::tr("FALSE: INVALID_HANDLE_VALUE, GetLastError() = %1").arg(errorText());
    }
    if (!result) {
        if (error == 997)
            return QObject::tr("FALSE, GetLastError() = %1: overlapped, completes later")
                .arg(errorText());
        return QObject::tr("FALSE, GetLastError() = %1").arg(errorText());
    }
    if (verb.startsWith(QLatin1String("write")) || verb.startsWith(QLatin1String("read"))
        || verb == QLatin1String("ioctl"))
        return bytes == 1 ? QObject::tr("TRUE, 1 byte transferred")
                          : QObject::tr("TRUE, %1 bytes transferred").arg(bytes);
    return QObject::tr("TRUE");
}

// Lives on the bridge's thread: owns the session, drains the command queue one line per event
// loop turn (so clock ticks and new scenarios interleave with a long queue), runs the clock.
class SimulationWorker : public QObject
{
public:
    SimulationWorker(SimulationBridge *bridge, std::shared_ptr<SimulationBridge::Queue> queue)
        : m_bridge(bridge)
        , m_queue(std::move(queue))
    {
        m_clock.setParent(this); // moves to the worker's thread with it
        m_clock.setInterval(kClockTickMs);
        m_clock.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_clock, &QTimer::timeout, this, [this] { tick(); });
    }

    void start(const scenario::Scenario &scenario)
    {
        m_session.reset();
        m_lastSnapshot.reset();
        try {
            auto session = std::make_shared<InteractiveSession>(scenario, builtinDrivers());
            session->powerOn();
            m_session = std::move(session);
        } catch (const std::exception &e) {
            const QString message = QString::fromUtf8(e.what());
            QMetaObject::invokeMethod(
                m_bridge, [b = m_bridge, message] { Q_EMIT b->sessionFailed(message); });
            return;
        }
        m_lineNo = 0;
        auto snap = std::make_shared<const DeviceTreeSnapshot>(m_session->snapshot());
        m_lastSnapshot = snap;
        std::shared_ptr<const trace::TraceStore> store(m_session, &m_session->trace());
        QMetaObject::invokeMethod(
            m_bridge, [b = m_bridge, store, snap] { b->onSessionStarted(store, snap); });
        m_elapsed.restart();
    }

    void setClock(bool on)
    {
        if (on) {
            m_elapsed.restart();
            m_clock.start();
        } else {
            m_clock.stop();
        }
    }

    void drain()
    {
        SimulationBridge::Command cmd;
        bool more = false;
        {
            std::lock_guard lock(m_queue->mutex);
            if (m_queue->commands.empty())
                return;
            cmd = std::move(m_queue->commands.front());
            m_queue->commands.pop_front();
            more = !m_queue->commands.empty();
        }
        ActionResult result;
        if (!m_session) {
            result.ticket = cmd.ticket;
            result.line = cmd.line;
            result.parsed = true;
            result.message = QObject::tr("no simulation is running");
        } else {
            const auto outcome = m_session->run(cmd.line.toStdString(), ++m_lineNo);
            result = toResult(cmd.ticket, cmd.line, outcome);
            publishIfChanged();
        }
        QMetaObject::invokeMethod(
            m_bridge, [b = m_bridge, result] { b->onActionFinished(result); });
        if (more)
            QMetaObject::invokeMethod(
                this, [this] { drain(); }, Qt::QueuedConnection);
    }

private:
    void tick()
    {
        if (!m_session)
            return;
        const qint64 ns = std::min(m_elapsed.nsecsElapsed(), kMaxTickNs);
        m_elapsed.restart();
        m_session->advance(ns);
        const qint64 now = m_session->virtualTimeNs();
        QMetaObject::invokeMethod(m_bridge, [b = m_bridge, now] { b->onVirtualTime(now); });
        publishIfChanged();
    }

    void publishIfChanged()
    {
        auto snap = std::make_shared<DeviceTreeSnapshot>(m_session->snapshot());
        // The time stamp alone does not make a new picture.
        if (m_lastSnapshot) {
            snap->virtualTimeNs = m_lastSnapshot->virtualTimeNs;
            if (*snap == *m_lastSnapshot)
                return;
            snap->virtualTimeNs = m_session->virtualTimeNs();
        }
        std::shared_ptr<const DeviceTreeSnapshot> published = std::move(snap);
        m_lastSnapshot = published;
        QMetaObject::invokeMethod(
            m_bridge, [b = m_bridge, published] { b->onSnapshot(published); });
    }

    SimulationBridge *m_bridge; // lives on the GUI thread; outlives the worker thread
    std::shared_ptr<SimulationBridge::Queue> m_queue;
    std::shared_ptr<InteractiveSession> m_session; // shared with the GUI's trace store pointers
    std::shared_ptr<const DeviceTreeSnapshot> m_lastSnapshot;
    QTimer m_clock;
    QElapsedTimer m_elapsed;
    int m_lineNo = 0;
};

SimulationBridge::SimulationBridge(QObject *parent)
    : QObject(parent)
    , m_queue(std::make_shared<Queue>())
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("simulation"));
    m_worker = new SimulationWorker(this, m_queue);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->setClock(true); });
}

SimulationBridge::~SimulationBridge()
{
    {
        std::lock_guard lock(m_queue->mutex);
        m_queue->commands.clear();
    }
    // The worker (and the simulation it owns) is deleted on its own thread as the thread
    // finishes: QThread runs deferred deletes after emitting finished().
    m_thread->quit();
    m_thread->wait();
}

QString SimulationBridge::loadScenario(const QByteArray &text, const QString &fileName)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    auto loaded = scenario::loadScenario(
        std::string_view(text.constData(), std::size_t(text.size())), fileName.toStdString());
    if (auto *err = std::get_if<scenario::LoadError>(&loaded))
        return QString::fromStdString(err->toString());
    auto parsed = std::get<scenario::Scenario>(std::move(loaded));
    m_scenarioName = QString::fromStdString(parsed.name);
    m_scenarioDescription = QString::fromStdString(parsed.description);
    m_scenarioFile = fileName;
    m_scenarioText = text;
    cancelPending();
    log()->info("explorer: loading scenario {} from {}", parsed.name, fileName.toStdString());
    QMetaObject::invokeMethod(m_worker, [w = m_worker, s = std::move(parsed)] { w->start(s); });
    return {};
}

QString SimulationBridge::loadScenarioFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return tr("%1: cannot open: %2").arg(path, f.errorString());
    return loadScenario(f.readAll(), path);
}

QString SimulationBridge::loadEmbeddedScenario(const QString &name)
{
    const auto text = resources::scenario(name.toStdString());
    if (!text)
        return tr("no embedded scenario named '%1'").arg(name);
    return loadScenario(
        QByteArray(text->data(), qsizetype(text->size())), QStringLiteral("embedded:") + name);
}

void SimulationBridge::resetSimulation()
{
    if (!m_scenarioText.isEmpty())
        loadScenario(m_scenarioText, m_scenarioFile);
}

QString SimulationBridge::checkLine(const QString &line)
{
    auto parsed = scenario::parseActionLine(line.toStdString(), "line", 1);
    if (auto *err = std::get_if<scenario::LoadError>(&parsed))
        return tr("column %1: %2").arg(err->where.column).arg(QString::fromStdString(err->message));
    return {};
}

quint64 SimulationBridge::submit(const QString &line)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    const QString problem = checkLine(line);
    if (!problem.isEmpty()) {
        Q_EMIT actionRejected(line, problem);
        return 0;
    }
    const quint64 ticket = m_nextTicket++;
    int pending = 0;
    {
        std::lock_guard lock(m_queue->mutex);
        m_queue->commands.push_back({ ticket, line });
        pending = int(m_queue->commands.size());
    }
    if (pending == 1)
        kickWorker();
    Q_EMIT pendingCountChanged(pending);
    return ticket;
}

void SimulationBridge::kickWorker()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->drain(); });
}

int SimulationBridge::pendingCount() const
{
    std::lock_guard lock(m_queue->mutex);
    return int(m_queue->commands.size());
}

void SimulationBridge::cancelPending()
{
    UMDFX_ASSERT_OWN_THREAD(this);
    std::deque<Command> dropped;
    {
        std::lock_guard lock(m_queue->mutex);
        dropped.swap(m_queue->commands);
    }
    for (const Command &c : dropped) {
        ActionResult r;
        r.ticket = c.ticket;
        r.line = c.line;
        r.parsed = true;
        r.cancelled = true;
        Q_EMIT actionFinished(r);
    }
    if (!dropped.empty())
        Q_EMIT pendingCountChanged(0);
}

void SimulationBridge::setRealTimeClock(bool on)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    m_realTime = on;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, on] { w->setClock(on); });
}

void SimulationBridge::onSessionStarted(
    std::shared_ptr<const trace::TraceStore> store, std::shared_ptr<const DeviceTreeSnapshot> snap)
{
    std::shared_ptr<const trace::TraceStore> old = std::move(m_store);
    m_store = std::move(store);
    m_snapshot = std::move(snap);
    m_virtualTime = m_snapshot ? m_snapshot->virtualTimeNs : 0;
    Q_EMIT sessionStarted();
    Q_EMIT snapshotChanged();
    // Every model switched to the new store: let the old simulation die on the worker's thread,
    // away from the GUI (tearing down a large trace frees a lot of memory).
    if (old)
        QMetaObject::invokeMethod(m_worker, [old = std::move(old)]() mutable { old.reset(); });
}

void SimulationBridge::onSnapshot(std::shared_ptr<const DeviceTreeSnapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    Q_EMIT snapshotChanged();
}

void SimulationBridge::onActionFinished(const ActionResult &result)
{
    if (result.virtualTimeAfter != m_virtualTime && result.parsed && result.ok)
        onVirtualTime(result.virtualTimeAfter);
    Q_EMIT actionFinished(result);
    Q_EMIT pendingCountChanged(pendingCount());
}

void SimulationBridge::onVirtualTime(qint64 ns)
{
    if (ns == m_virtualTime)
        return;
    m_virtualTime = ns;
    Q_EMIT virtualTimeChanged(ns);
}

} // namespace umdfx::gui
