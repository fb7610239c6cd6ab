#include "widgets/models/lessontracker.h"

#include "widgets/models/actionresult.h"
#include "widgets/models/lessonstepmodel.h"
#include "widgets/models/simulationbridge.h"

#include "core/scenario/actionparser.h"
#include "core/teaching/lessonloader.h"

namespace umdfx::gui {

namespace {
constexpr int kPollMs = 100; // how often a step looks at new records (the trace table's pace)
}

LessonTracker::LessonTracker(SimulationBridge *bridge, QObject *parent)
    : QObject(parent)
    , m_bridge(bridge)
    , m_steps(new LessonStepModel(this))
{
    auto loaded = teaching::loadEmbeddedLessons();
    if (auto *lessons = std::get_if<std::vector<teaching::Lesson>>(&loaded))
        m_lessons = std::move(*lessons);
    else
        m_loadError = QString::fromStdString(std::get<scenario::LoadError>(loaded).toString());

    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &LessonTracker::poll);
    connect(m_bridge, &SimulationBridge::sessionStarted, this, &LessonTracker::onSessionStarted);
    connect(m_bridge, &SimulationBridge::actionFinished, this, &LessonTracker::onActionFinished);
}

LessonTracker::~LessonTracker() = default;

QString LessonTracker::start(int index)
{
    if (index < 0 || std::size_t(index) >= m_lessons.size())
        return tr("no lesson %1").arg(index + 1);
    const teaching::Lesson &lesson = m_lessons[std::size_t(index)];
    const auto text = teaching::lessonScenarioText(lesson.scenario);
    if (!text)
        return tr("lesson “%1”: no embedded scenario “%2”")
            .arg(QString::fromStdString(lesson.title), QString::fromStdString(lesson.scenario));
    const int previous = m_current;
    const bool wasStarting = m_starting;
    m_current = index; // before the load: its session must find the lesson it belongs to
    m_starting = true;
    m_ownSession = true;
    const QString error = m_bridge->loadScenario(
        QByteArray(text->data(), qsizetype(text->size())), QString::fromStdString(lesson.scenario));
    if (!error.isEmpty()) {
        // Nothing changes: the lesson being taken, if any, goes on.
        m_current = previous;
        m_starting = wasStarting;
        m_ownSession = false;
        return error;
    }
    m_poll.stop();
    m_progress.reset();
    m_store.reset();
    m_actionTicket = 0;
    m_wasComplete = false;
    m_steps->clear();
    Q_EMIT changed();
    return {};
}

void LessonTracker::stop()
{
    if (m_current < 0)
        return;
    m_poll.stop();
    m_progress.reset();
    m_store.reset();
    m_current = -1;
    m_starting = false;
    m_ownSession = false;
    m_steps->clear();
    Q_EMIT changed();
}

void LessonTracker::onSessionStarted()
{
    // The lesson's own load, unless another one overtook it before its simulation came up (the
    // bridge then starts only the later one, and the scenario it names is not the lesson's).
    if (m_ownSession && m_current >= 0
        && m_bridge->scenarioFile()
            == QString::fromStdString(m_lessons[std::size_t(m_current)].scenario)) {
        m_ownSession = false;
        m_starting = false;
        m_store = m_bridge->traceStore();
        // The scenario's records start at 0 in its fresh store: a first "just look" step
        // watches the start-up from there.
        m_progress.emplace(m_lessons[std::size_t(m_current)], 0);
        m_poll.start();
        refresh(true);
        poll();
        return;
    }
    m_ownSession = false;
    if (m_current >= 0) {
        const QString title = QString::fromStdString(m_lessons[std::size_t(m_current)].title);
        stop();
        Q_EMIT lessonStopped(tr("The lesson “%1” stopped: another simulation started").arg(title));
    }
}

bool LessonTracker::doAction()
{
    if (!m_progress || !m_progress->awaitingAction() || !m_store)
        return false;
    const std::size_t first = m_store->size();
    const quint64 ticket = m_bridge->submit(QString::fromStdString(m_progress->step()->actionLine));
    if (ticket == 0)
        return false;
    m_actionTicket = ticket;
    // Records made after this point belong to the action (a timer's event may slip in first:
    // it only ever adds records to look at, never hides one).
    m_progress->actionStarted(first);
    refresh(false);
    return true;
}

void LessonTracker::onActionFinished(const ActionResult &result)
{
    if (!m_progress || result.ticket == m_actionTicket)
        return;
    const teaching::LessonStep *step = m_progress->step();
    if (!step || !step->action || !m_progress->awaitingAction() || !result.parsed
        || result.cancelled)
        return;
    // The learner did it with the explorer's own widgets (or typed it): the same action counts.
    if (result.canonical != QString::fromStdString(scenario::formatAction(*step->action)))
        return;
    m_progress->actionStarted(std::size_t(std::max<qint64>(0, result.firstRecord)));
    refresh(false);
    poll();
}

void LessonTracker::nextStep()
{
    if (!m_progress || m_progress->finished())
        return;
    m_progress->advance();
    m_actionTicket = 0;
    m_wasComplete = false;
    refresh(true);
    poll();
    if (m_progress->finished())
        Q_EMIT lessonFinished(m_current);
}

void LessonTracker::poll()
{
    if (!m_progress || !m_store)
        return;
    if (m_progress->update(*m_store))
        refresh(false);
}

void LessonTracker::refresh(bool newStep)
{
    m_steps->setTicks(m_progress->expected(), m_progress->absent(), !newStep);
    const bool complete = m_progress->stepComplete();
    const bool justCompleted = complete && !m_wasComplete;
    m_wasComplete = complete;
    Q_EMIT changed();
    if (justCompleted)
        Q_EMIT stepCompleted(int(m_progress->stepIndex()));
}

} // namespace umdfx::gui
