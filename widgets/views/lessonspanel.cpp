#include "widgets/views/lessonspanel.h"

#include "widgets/models/lessonstepmodel.h"
#include "widgets/models/lessontracker.h"
#include "widgets/views/icons.h"
#include "widgets/views/palette.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace umdfx::gui {

namespace {

const QKeySequence kDoKey(Qt::CTRL | Qt::Key_Return);
const QKeySequence kNextKey(Qt::CTRL | Qt::SHIFT | Qt::Key_Right);

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString paragraph(const std::string &text)
{
    return QStringLiteral("<p>") + qs(text).toHtmlEscaped() + QStringLiteral("</p>");
}

// A tick's look: the model knows what was seen, the view draws it.
class TickStyleProxy : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override
    {
        const bool seen = QIdentityProxyModel::data(index, LessonStepModel::SeenRole).toBool();
        const bool forbidden
            = QIdentityProxyModel::data(index, LessonStepModel::ForbiddenRole).toBool();
        if (role == Qt::DecorationRole) {
            if (forbidden)
                return themeIcon(
                    seen ? QStringLiteral("result-error") : QStringLiteral("tick-forbidden"));
            return themeIcon(seen ? QStringLiteral("result-ok") : QStringLiteral("tick-pending"));
        }
        if (role == Qt::ForegroundRole) {
            const QPalette palette;
            if (forbidden && seen)
                return failureText(palette);
            if (!seen)
                return quietText(palette);
            return {};
        }
        return QIdentityProxyModel::data(index, role);
    }
};

} // namespace

LessonsPanel::LessonsPanel(LessonTracker *tracker, QWidget *parent)
    : QWidget(parent)
    , m_tracker(tracker)
{
    m_lessons = new QComboBox(this);
    m_lessons->setObjectName(QStringLiteral("lessonBox"));
    m_lessons->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_lessons->setMinimumContentsLength(16);
    m_start = new QPushButton(themeIcon(QStringLiteral("lesson")), tr("Start"), this);
    m_start->setObjectName(QStringLiteral("lessonStart"));
    m_start->setToolTip(tr("Load the lesson's scenario and begin at its first step"));
    m_stop = new QPushButton(tr("End"), this);
    m_stop->setObjectName(QStringLiteral("lessonStop"));
    m_stop->setToolTip(tr("End the lesson (the simulation keeps running)"));

    m_text = new QTextBrowser(this);
    m_text->setObjectName(QStringLiteral("lessonText"));
    m_text->setOpenExternalLinks(true);

    m_actionLine = new QLabel(this);
    m_actionLine->setObjectName(QStringLiteral("lessonAction"));
    m_actionLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_actionLine->setWordWrap(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_actionLine->setFont(mono);
    m_do = new QPushButton(themeIcon(QStringLiteral("debug-continue")), tr("Do it"), this);
    m_do->setObjectName(QStringLiteral("lessonDo"));
    m_do->setShortcut(kDoKey);
    m_do->setToolTip(tr("Perform the step's action (Ctrl+Return); doing the same with the "
                        "explorer's own widgets counts too"));

    // No mnemonics on these buttons: Alt+S, Alt+D, Alt+F open menus; the keys are Ctrl+Return and
    // Ctrl+Shift+Right.
    m_expectTitle = new QLabel(tr("You should now see:"), this);
    auto *style = new TickStyleProxy(this);
    style->setSourceModel(m_tracker->stepModel());
    m_expected = new QListView(this);
    m_expected->setObjectName(QStringLiteral("lessonExpected"));
    m_expected->setModel(style);
    m_expected->setUniformItemSizes(true);
    m_expected->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("lessonStatus"));
    m_status->setWordWrap(true);
    m_next = new QPushButton(tr("Next step"), this);
    m_next->setObjectName(QStringLiteral("lessonNext"));
    m_next->setShortcut(kNextKey);
    m_next->setToolTip(tr("On to the next step (Ctrl+Shift+Right), whether or not this one is "
                          "complete"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_lessons, 1);
    top->addWidget(m_start);
    top->addWidget(m_stop);
    auto *action = new QHBoxLayout;
    action->addWidget(m_actionLine, 1);
    action->addWidget(m_do);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_next);
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(4, 4, 4, 4);
    column->addLayout(top);
    column->addWidget(m_text, 3);
    column->addLayout(action);
    column->addWidget(m_expectTitle);
    column->addWidget(m_expected, 2);
    column->addLayout(bottom);

    connect(m_start, &QPushButton::clicked, this, &LessonsPanel::startSelected);
    connect(m_stop, &QPushButton::clicked, m_tracker, &LessonTracker::stop);
    connect(m_do, &QPushButton::clicked, this, [this] {
        if (!m_tracker->doAction())
            Q_EMIT statusMessage(tr("The step's action was not run"));
    });
    connect(m_next, &QPushButton::clicked, m_tracker, &LessonTracker::nextStep);
    connect(m_lessons, &QComboBox::currentIndexChanged, this, &LessonsPanel::updateView);
    connect(m_expected, &QListView::activated, this, [this](const QModelIndex &index) {
        const qint64 record = index.data(LessonStepModel::RecordRole).toLongLong();
        if (record >= 0)
            Q_EMIT recordRequested(record);
    });
    connect(m_tracker, &LessonTracker::changed, this, &LessonsPanel::updateView);
    connect(m_tracker, &LessonTracker::lessonStopped, this, &LessonsPanel::statusMessage);
    connect(m_tracker, &LessonTracker::lessonFinished, this, [this](int lesson) {
        const QString id = qs(m_tracker->lessons()[std::size_t(lesson)].id);
        if (!m_completed.contains(id))
            m_completed << id;
        updateLessonList();
        Q_EMIT statusMessage(
            tr("Lesson complete: %1").arg(qs(m_tracker->lessons()[std::size_t(lesson)].title)));
    });
    updateLessonList();
    updateView();
}

void LessonsPanel::setCompletedLessons(const QStringList &ids)
{
    m_completed = ids;
    updateLessonList();
}

void LessonsPanel::setLive(bool live)
{
    m_live = live;
    updateView();
}

void LessonsPanel::updateLessonList()
{
    const int current = m_lessons->currentIndex();
    const QSignalBlocker block(m_lessons);
    m_lessons->clear();
    int n = 1;
    for (const teaching::Lesson &l : m_tracker->lessons()) {
        const bool done = m_completed.contains(qs(l.id));
        m_lessons->addItem(done ? themeIcon(QStringLiteral("result-ok")) : QIcon(),
            tr("%1. %2 (%3)").arg(n++).arg(qs(l.title), qs(l.reference)));
        m_lessons->setItemData(m_lessons->count() - 1,
            done ? tr("Done; start it again whenever you like") : qs(l.introduction),
            Qt::ToolTipRole);
    }
    m_lessons->setCurrentIndex(current >= 0 && current < m_lessons->count() ? current : 0);
}

void LessonsPanel::startSelected()
{
    const QString error = m_tracker->start(m_lessons->currentIndex());
    if (!error.isEmpty())
        Q_EMIT statusMessage(tr("The lesson cannot start: %1").arg(error));
}

QString LessonsPanel::stepHtml() const
{
    const auto &lessons = m_tracker->lessons();
    if (lessons.empty())
        return paragraph(m_tracker->loadError().isEmpty() ? std::string("No lessons are built in.")
                                                          : m_tracker->loadError().toStdString());
    const teaching::LessonProgress *p = m_tracker->progress();
    if (m_tracker->isStarting())
        return tr("<p><i>Starting the lesson's scenario…</i></p>");
    if (!p) {
        const int index = m_lessons->currentIndex();
        if (index < 0)
            return {};
        const teaching::Lesson &l = lessons[std::size_t(index)];
        return QStringLiteral("<h3>") + qs(l.title).toHtmlEscaped() + QStringLiteral("</h3>")
            + paragraph(l.introduction)
            + tr("<p><i>%n step(s), following scenario %1 of the reference. Press Start: the "
                 "lesson's scenario replaces the one running.</i></p>",
                nullptr, int(l.steps.size()))
                  .arg(qs(l.reference));
    }
    const teaching::Lesson &l = p->lesson();
    QString html = QStringLiteral("<h3>") + qs(l.title).toHtmlEscaped() + QStringLiteral("</h3>");
    if (p->finished())
        return html
            + tr("<p><b>Lesson complete.</b> Every step is behind you; the simulation keeps "
                 "running for you to explore. Pick the next lesson above.</p>");
    if (p->stepIndex() == 0)
        html += paragraph(l.introduction);
    const teaching::LessonStep &s = *p->step();
    html += tr("<p><b>Step %1 of %2</b></p>").arg(p->stepIndex() + 1).arg(l.steps.size());
    html += paragraph(s.text);
    if (p->stepComplete() && !s.note.empty())
        html += QStringLiteral("<p><a name=\"note\"></a><i>") + qs(s.note).toHtmlEscaped()
            + QStringLiteral("</i></p>");
    return html;
}

void LessonsPanel::updateView()
{
    const teaching::LessonProgress *p = m_tracker->progress();
    const bool active = p && !p->finished();
    const bool busy = m_tracker->isStarting() || active;
    m_start->setEnabled(m_live && !m_tracker->lessons().empty());
    m_start->setText(busy ? tr("Restart") : tr("Start"));
    m_stop->setEnabled(busy);
    m_lessons->setEnabled(true);

    // Set only when it changed: a tick must not scroll the learner back to the top; the note
    // a completed step adds keeps the place too.
    const QString html = stepHtml();
    if (html != m_shownHtml) {
        const int scroll = m_text->verticalScrollBar()->value();
        const bool sameStep = m_shownStep == (p ? int(p->stepIndex()) : -1);
        m_text->setHtml(html);
        m_shownHtml = html;
        m_shownStep = p ? int(p->stepIndex()) : -1;
        m_text->verticalScrollBar()->setValue(sameStep ? scroll : 0);
        // The note a completed step adds is what the learner should read next.
        if (sameStep && html.contains(QLatin1String("name=\"note\"")))
            m_text->scrollToAnchor(QStringLiteral("note"));
    }

    const teaching::LessonStep *step = active ? p->step() : nullptr;
    const bool hasAction = step && step->action;
    m_actionLine->setVisible(hasAction);
    m_do->setVisible(hasAction);
    if (hasAction)
        m_actionLine->setText(qs(step->actionLine));
    m_do->setEnabled(m_live && hasAction && p->awaitingAction());
    m_expectTitle->setVisible(active);
    m_expected->setVisible(active);
    m_next->setEnabled(active);
    m_next->setText(
        active && p->stepIndex() + 1 == p->lesson().steps.size() ? tr("Finish") : tr("Next step"));

    QString status;
    QColor color = quietText(palette());
    if (!m_live && busy) {
        status = tr("A trace file is shown: go back to the live simulation to go on");
    } else if (active && p->awaitingAction()) {
        status = tr("Perform the action: press Do it, or do the same yourself");
    } else if (active) {
        int seen = 0;
        for (const auto &t : p->expected())
            seen += t.seen ? 1 : 0;
        bool forbidden = false;
        for (const auto &t : p->absent())
            forbidden = forbidden || t.seen;
        if (forbidden) {
            status = tr("Something this step says must not happen did: see the red row");
            color = failureText(palette());
        } else if (p->stepComplete()) {
            status = tr("Step complete: every record is in the trace");
            color = successText(palette());
        } else {
            status = tr("%1 of %2 seen; waiting for the rest").arg(seen).arg(p->expected().size());
        }
    }
    m_status->setText(status);
    QPalette pal = m_status->palette();
    pal.setColor(QPalette::WindowText, color);
    m_status->setPalette(pal);
}

} // namespace umdfx::gui
