#include "widgets/models/simulationbridge.h"

#include "core/win32/hresulttext.h"
#include "widgets/models/threadcheck.h"

#include "core/common/boundedread.h"
#include "core/runtime/log.h"
#include "core/scenario/actionparser.h"
#include "core/scenario/jsondocument.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/interactivesession.h"
#include "core/simulation/simulation.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace umdfx::gui {

namespace {

constexpr int kClockTickMs = 50;
constexpr qint64 kMaxTickNs = 1'000'000'000; // a stalled tick does not jump further than 1 s
// While a timer waits, the clock's time is paid in steps of at least this much (ns): each step is
// a recorded advance line, and the scheduler does not say when its next timer is due, so a step
// per tick would record twenty lines a second. Timers still fire at their exact virtual time; on
// the wall clock they may come up to this late.
constexpr qint64 kTimerStepNs = 500'000'000;
// A paced wait sleeps in slices this long, so that a pause or the end interrupts it soon, and
// never longer than kMaxPaceNs a jump (a wait limit of hours is not sat through).
constexpr std::int64_t kPaceSliceNs = 20'000'000;
constexpr std::int64_t kMaxPaceNs = 60'000'000'000;

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

// One simulation and its debugger. The session's tracer holds the debugger as its gate until the
// session is gone: the debugger is let go and unhooked first, then the session dies, then it.
struct LiveSession
{
    LiveSession(const scenario::Scenario &scenario, std::shared_ptr<Debugger> gate)
        : debugger(std::move(gate))
        , session(scenario, builtinDrivers())
    {
        session.simulation().world().tracer.setGate(debugger.get());
    }
    ~LiveSession()
    {
        debugger->detach();
        session.simulation().world().tracer.setGate(nullptr);
    }
    LiveSession(const LiveSession &) = delete;
    LiveSession &operator=(const LiveSession &) = delete;

    std::shared_ptr<Debugger> debugger; // shared with the bridge, which sends it the commands
    InteractiveSession session;
};

namespace {

DebugStop toStop(const Debugger::Stop &s)
{
    DebugStop d;
    d.beforeCallback = s.beforeCallback;
    d.seq = static_cast<qint64>(s.seq);
    d.kind = qs(s.kind);
    d.phase = qs(s.phase);
    d.iface = qs(s.iface);
    d.method = qs(s.method);
    d.device = qs(s.device);
    d.request = s.request;
    d.reason = qs(s.reason);
    d.description = qs(s.description());
    return d;
}

} // namespace

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

    void start(const scenario::Scenario &scenario, std::shared_ptr<Debugger> debugger)
    {
        m_live.reset();
        m_lastSnapshot.reset();
        m_owedNs = 0;
        std::shared_ptr<LiveSession> live;
        try {
            live = std::make_shared<LiveSession>(scenario, std::move(debugger));
        } catch (const std::exception &e) {
            failed(QString::fromUtf8(e.what()));
            return;
        }
        installStopHook(live);
        m_lineNo = 0;
        // The GUI gets the store before the devices start, so that a stop during the start-up
        // (a breakpoint on OnDeviceAdd, a restart paused) shows the records made so far.
        auto snap = std::make_shared<const DeviceTreeSnapshot>(live->session.snapshot());
        m_lastSnapshot = snap;
        QMetaObject::invokeMethod(
            m_bridge, [b = m_bridge, live, snap] { b->onSessionStarted(live, snap); });
        try {
            live->session.powerOn();
        } catch (const std::exception &e) {
            failed(QString::fromUtf8(e.what()));
            return;
        }
        m_live = std::move(live);
        m_stopReported = false;
        installPacer();
        publishIfChanged();
        m_elapsed.restart();
        const LiveSession *identity = m_live.get();
        QMetaObject::invokeMethod(m_bridge, [b = m_bridge, identity] {
            if (b->m_session.get() == identity)
                Q_EMIT b->poweredOn();
        });
    }

    void setClock(bool on)
    {
        m_clockOn = on;
        if (on) {
            m_queue->stopPacing.store(false);
            m_elapsed.restart();
            m_clock.start();
        } else {
            m_clock.stop();
        }
        installPacer();
    }

    // With the real-time clock on, a wait that lets virtual time jump (a driver's thread sleeps
    // while an application waits for its I/O) takes that long on the wall clock too; the time
    // slept is the clock's, so the next tick does not pay it again.
    void installPacer()
    {
        if (!m_live)
            return;
        CooperativeThreads &threads = m_live->session.simulation().world().threads;
        if (!m_clockOn) {
            threads.setPacer(nullptr);
            return;
        }
        threads.setPacer([this](std::int64_t from, std::int64_t to) {
            QElapsedTimer slept;
            slept.start();
            const std::int64_t span = std::min<std::int64_t>(to - from, kMaxPaceNs);
            while (!m_queue->stopPacing.load() && slept.nsecsElapsed() < span) {
                const std::int64_t left = span - slept.nsecsElapsed();
                std::this_thread::sleep_for(
                    std::chrono::nanoseconds(std::min<std::int64_t>(left, kPaceSliceNs)));
            }
            m_elapsed.restart();
        });
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
        if (!m_live) {
            result.ticket = cmd.ticket;
            result.line = cmd.line;
            result.parsed = true;
            result.message = QObject::tr("no simulation is running");
        } else {
            payOwedTime();
            const auto outcome = m_live->session.run(cmd.line.toStdString(), ++m_lineNo);
            result = toResult(cmd.ticket, cmd.line, outcome);
            noteRecordLimit(result);
            publishIfChanged();
        }
        QMetaObject::invokeMethod(
            m_bridge, [b = m_bridge, result] { b->onActionFinished(result); });
        if (more)
            QMetaObject::invokeMethod(
                this, [this] { drain(); }, Qt::QueuedConnection);
    }

private:
    // A line that found the run stopped at the record limit says so (the GUI offers to raise
    // it); one that raised it (record-limit N) lets the stopped clock run again.
    void noteRecordLimit(ActionResult &result)
    {
        World &w = m_live->session.simulation().world();
        if (w.scheduler.stopReason() == StopReason::RecordLimit) {
            result.recordLimitReached = w.knobs.maxRecords;
            return;
        }
        if (m_stopReported && !w.scheduler.stopRequested()) {
            m_stopReported = false;
            if (m_clockOn) {
                m_elapsed.restart();
                m_clock.start();
            }
        }
    }

    void failed(const QString &message)
    {
        QMetaObject::invokeMethod(
            m_bridge, [b = m_bridge, message] { Q_EMIT b->sessionFailed(message); });
    }

    // At every stop (on the thread that stops, with the world lock held): the picture of that
    // moment, handed to the GUI with the stop.
    void installStopHook(const std::shared_ptr<LiveSession> &live)
    {
        std::weak_ptr<LiveSession> weak = live;
        const LiveSession *identity = live.get();
        live->debugger->setStoppedHook([this, weak, identity](const Debugger::Stop &s) {
            const auto session = weak.lock();
            if (!session)
                return;
            m_stopHappened.store(true, std::memory_order_relaxed);
            auto snap = std::make_shared<const DeviceTreeSnapshot>(session->session.snapshot());
            const DebugStop stop = toStop(s);
            QMetaObject::invokeMethod(m_bridge,
                [b = m_bridge, stop, snap, identity] { b->onStopped(stop, snap, identity); });
        });
    }

    bool timerWaiting()
    {
        Simulation &sim = m_live->session.simulation();
        std::lock_guard lock(sim.world().lock);
        return sim.world().scheduler.pendingTasks() > 0;
    }

    // The clock's time, as a recorded action line, so that a replay sees the same times.
    void payOwedTime()
    {
        const qint64 ms = m_owedNs / 1'000'000;
        if (ms <= 0 || !m_live)
            return;
        m_owedNs -= ms * 1'000'000;
        const std::string line = "advance " + std::to_string(ms) + "ms";
        const auto outcome = m_live->session.run(line, ++m_lineNo);
        // The clock's advance that found the run stopped (the knob maxRecords reached): shown
        // as the failed action it is, once, and the clock stops; every record made stays.
        if (!outcome.ok && !m_stopReported
            && m_live->session.simulation().world().scheduler.stopRequested()) {
            m_stopReported = true;
            m_clock.stop();
            ActionResult result = toResult(0, QString::fromStdString(outcome.canonical), outcome);
            noteRecordLimit(result);
            QMetaObject::invokeMethod(
                m_bridge, [b = m_bridge, result] { b->onActionFinished(result); });
        }
    }

    void tick()
    {
        if (!m_live)
            return;
        qint64 ns = std::min(m_elapsed.nsecsElapsed(), kMaxTickNs);
        m_elapsed.restart();
        // Time spent stopped in the debugger is the person's, not the simulation's.
        if (m_stopHappened.exchange(false, std::memory_order_relaxed))
            ns = 0;
        m_owedNs += ns;
        if (m_owedNs >= kTimerStepNs && timerWaiting())
            payOwedTime();
        const qint64 now = m_live->session.virtualTimeNs() + m_owedNs;
        QMetaObject::invokeMethod(m_bridge, [b = m_bridge, now] { b->onVirtualTime(now); });
        publishIfChanged();
    }

    void publishIfChanged()
    {
        auto snap = std::make_shared<DeviceTreeSnapshot>(m_live->session.snapshot());
        // The time stamp alone does not make a new picture.
        if (m_lastSnapshot) {
            snap->virtualTimeNs = m_lastSnapshot->virtualTimeNs;
            if (*snap == *m_lastSnapshot)
                return;
            snap->virtualTimeNs = m_live->session.virtualTimeNs();
        }
        std::shared_ptr<const DeviceTreeSnapshot> published = std::move(snap);
        m_lastSnapshot = published;
        QMetaObject::invokeMethod(
            m_bridge, [b = m_bridge, published] { b->onSnapshot(published); });
    }

    SimulationBridge *m_bridge; // lives on the GUI thread; outlives the worker thread
    std::shared_ptr<SimulationBridge::Queue> m_queue;
    std::shared_ptr<LiveSession> m_live; // shared with the GUI's trace store pointers
    std::shared_ptr<const DeviceTreeSnapshot> m_lastSnapshot;
    QTimer m_clock;
    QElapsedTimer m_elapsed;
    qint64 m_owedNs = 0; // ns the clock made that the simulation has not been given yet
    bool m_clockOn = false; // the real-time clock runs (setClock)
    std::atomic<bool> m_stopHappened { false }; // set by the stop hook (any simulation thread)
    bool m_stopReported = false; // the run's stop (a limit reached) was shown; worker thread
    int m_lineNo = 0;
};

SimulationBridge::SimulationBridge(QObject *parent)
    : QObject(parent)
    , m_queue(std::make_shared<Queue>())
{
    qRegisterMetaType<DebugStop>();
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
    m_queue->stopPacing.store(true);
    {
        std::lock_guard lock(m_queue->mutex);
        m_queue->commands.clear();
    }
    // A stopped simulation would hold the worker forever: let it go, and the one being started.
    releaseCurrentDebugger();
    if (m_pendingDebugger)
        m_pendingDebugger->detach();
    // The worker (and the simulation it owns) is deleted on its own thread as the thread
    // finishes: QThread runs deferred deletes after emitting finished().
    m_thread->quit();
    m_thread->wait();
}

QString SimulationBridge::loadScenario(const QByteArray &text, const QString &fileName)
{
    return launch(text, fileName, [](Debugger &) {});
}

QString SimulationBridge::launch(
    const QByteArray &text, const QString &fileName, const std::function<void(Debugger &)> &arm)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    auto loaded = scenario::loadScenario(
        std::string_view(text.constData(), std::size_t(text.size())), fileName.toStdString());
    if (auto *err = std::get_if<scenario::LoadError>(&loaded))
        return QString::fromStdString(err->toString());
    auto parsed = std::get<scenario::Scenario>(std::move(loaded));
    if (auto missing = findDriverModules(parsed, builtinDrivers()))
        return QString::fromStdString(missing->toString());
    m_scenarioName = QString::fromStdString(parsed.name);
    m_scenarioDescription = QString::fromStdString(parsed.description);
    m_scenarioFile = fileName;
    m_scenarioText = text;
    m_scenario = parsed;
    cancelPending();
    log()->info("explorer: loading scenario {} from {}", parsed.name, fileName.toStdString());
    releaseCurrentDebugger();
    if (m_pendingDebugger)
        m_pendingDebugger->detach(); // a start still on its way, overtaken by this one
    auto debugger = nextDebugger();
    arm(*debugger);
    m_pendingDebugger = debugger;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, s = std::move(parsed), debugger] { w->start(s, debugger); });
    return {};
}

std::shared_ptr<Debugger> SimulationBridge::nextDebugger()
{
    auto debugger = std::make_shared<Debugger>();
    debugger->setBreakpoints(m_breakpoints);
    return debugger;
}

void SimulationBridge::releaseCurrentDebugger()
{
    // Let a stopped (or soon stopping) simulation run to the end of what it does: it is being
    // replaced, and the worker must come back to its event loop to start the next one.
    if (m_session)
        m_session->debugger->detach();
    m_stop = {};
    setDebugState(DebugState::Running);
}

QString SimulationBridge::loadScenarioFile(const QString &path)
{
    // Read with the scenario's limit, checked while reading: /dev/zero, a FIFO or a 60 MB file
    // named here is a message, not a frozen window or the machine's memory.
    std::string text, error;
    if (!readBoundedFile(
            path.toStdString(), scenario::JsonDocument::kMaxSize, "a scenario", text, error))
        return path + QStringLiteral(": ") + QString::fromStdString(error);
    return loadScenario(QByteArray(text.data(), qsizetype(text.size())), path);
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

void SimulationBridge::restartPaused()
{
    if (m_scenarioText.isEmpty())
        return;
    launch(m_scenarioText, m_scenarioFile, [](Debugger &d) { d.pause(); });
    setDebugState(DebugState::Breaking);
}

void SimulationBridge::restartAndRunToRecord(qint64 records)
{
    if (m_scenarioText.isEmpty() || records < 0)
        return;
    launch(m_scenarioText, m_scenarioFile,
        [records](Debugger &d) { d.runToRecord(std::uint64_t(records)); });
    setDebugState(DebugState::Breaking);
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
    if (!on)
        m_queue->stopPacing.store(true);
    QMetaObject::invokeMethod(m_worker, [w = m_worker, on] { w->setClock(on); });
}

QString SimulationBridge::checkBreakpoint(const QString &text)
{
    std::string why;
    if (!Debugger::parseBreakpoint(text.trimmed().toStdString(), &why))
        return QString::fromStdString(why);
    return {};
}

QString SimulationBridge::setBreakpoints(const QStringList &texts)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    std::vector<Debugger::Breakpoint> parsed;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        std::string why;
        auto b = Debugger::parseBreakpoint(texts[i].trimmed().toStdString(), &why);
        if (!b)
            return tr("breakpoint %1: %2").arg(i + 1).arg(QString::fromStdString(why));
        parsed.push_back(std::move(*b));
    }
    m_breakpointTexts = texts;
    m_breakpoints = parsed;
    if (m_session)
        m_session->debugger->setBreakpoints(parsed);
    if (m_pendingDebugger)
        m_pendingDebugger->setBreakpoints(std::move(parsed));
    return {};
}

void SimulationBridge::pause()
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!m_session || m_debugState == DebugState::Stopped)
        return;
    m_queue->stopPacing.store(true);
    m_session->debugger->pause();
    setDebugState(DebugState::Breaking);
}

void SimulationBridge::step()
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!m_session)
        return;
    m_stop = {};
    m_session->debugger->step();
    setDebugState(DebugState::Breaking);
}

void SimulationBridge::stepOver()
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!m_session)
        return;
    m_stop = {};
    m_session->debugger->stepOver();
    setDebugState(DebugState::Breaking);
}

void SimulationBridge::resume()
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!m_session)
        return;
    m_stop = {};
    m_session->debugger->resume();
    setDebugState(DebugState::Running);
}

QString SimulationBridge::runToRecord(qint64 records)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!m_session || !m_store)
        return tr("no simulation is running");
    const auto recorded = qint64(m_store->size());
    if (records < recorded)
        return tr("record #%1 is recorded already (the trace holds %2); restart to run to it")
            .arg(records)
            .arg(recorded);
    m_stop = {};
    m_session->debugger->runToRecord(std::uint64_t(records));
    setDebugState(DebugState::Breaking);
    return {};
}

void SimulationBridge::setDebugState(DebugState state)
{
    if (state == m_debugState)
        return;
    m_debugState = state;
    Q_EMIT debugStateChanged(state);
}

void SimulationBridge::onSessionStarted(
    std::shared_ptr<LiveSession> session, std::shared_ptr<const DeviceTreeSnapshot> snap)
{
    if (session->debugger != m_pendingDebugger) {
        // A start that a later load overtook: let it die on the worker's thread.
        QMetaObject::invokeMethod(m_worker, [s = std::move(session)]() mutable { s.reset(); });
        return;
    }
    std::shared_ptr<const trace::TraceStore> oldStore = std::move(m_store);
    std::shared_ptr<LiveSession> oldSession = std::move(m_session);
    m_session = std::move(session);
    m_pendingDebugger.reset();
    m_store = std::shared_ptr<const trace::TraceStore>(m_session, &m_session->session.trace());
    m_snapshot = std::move(snap);
    m_virtualTime = m_snapshot ? m_snapshot->virtualTimeNs : 0;
    Q_EMIT sessionStarted();
    Q_EMIT snapshotChanged();
    // Every model switched to the new store: let the old simulation die on the worker's thread,
    // away from the GUI (tearing down a large trace frees a lot of memory).
    if (oldStore || oldSession)
        QMetaObject::invokeMethod(m_worker,
            [oldStore = std::move(oldStore), oldSession = std::move(oldSession)]() mutable {
                oldStore.reset();
                oldSession.reset();
            });
}

void SimulationBridge::onStopped(const DebugStop &stop,
    std::shared_ptr<const DeviceTreeSnapshot> snapshot, const LiveSession *session)
{
    if (!m_session || session != m_session.get())
        return; // an earlier simulation's
    // A command may have crossed this report: only a stop the debugger still holds counts.
    const auto held = m_session->debugger->stopped();
    if (!held || qint64(held->seq) != stop.seq
        || QString::fromStdString(held->reason) != stop.reason)
        return;
    m_snapshot = std::move(snapshot);
    Q_EMIT snapshotChanged();
    onVirtualTime(m_snapshot->virtualTimeNs);
    m_stop = stop;
    setDebugState(DebugState::Stopped);
    Q_EMIT stopped(stop);
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
