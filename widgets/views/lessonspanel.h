#pragma once

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QTextBrowser;

namespace umdfx::gui {

class LessonTracker;

// The Lessons dock (issue "Teaching"): pick a guided lesson and start it (its scenario loads),
// read each step, perform its action with "Do it" (or with the explorer's own widgets), and watch
// the records the step names tick off as the trace shows them; "Next step" moves on whenever the
// learner wants. Lessons finished are marked in the list and remembered (completedLessons(),
// saved by the main window). Double-clicking a ticked record shows it in the trace.
// Keyboard: Ctrl+Return does the step's action, Ctrl+Shift+Right goes to the next step.
// Threads: GUI thread. Ownership: the tracker is not owned.
class LessonsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LessonsPanel(LessonTracker *tracker, QWidget *parent = nullptr);

    QComboBox *lessonBox() const { return m_lessons; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *doButton() const { return m_do; }
    QPushButton *nextButton() const { return m_next; }
    QTextBrowser *textView() const { return m_text; }
    QListView *expectedView() const { return m_expected; }
    QLabel *statusLabel() const { return m_status; }

    // The ids of the lessons finished ("s2-open-write-close"), for the settings.
    QStringList completedLessons() const { return m_completed; }
    void setCompletedLessons(const QStringList &ids);
    // The lesson panel is live only with the live simulation (not over a trace file shown).
    void setLive(bool live);

Q_SIGNALS:
    void recordRequested(qint64 record);
    void statusMessage(const QString &text);

private:
    void startSelected();
    void updateView();
    void updateLessonList();
    QString stepHtml() const;

    LessonTracker *m_tracker; // not owned
    QComboBox *m_lessons = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QTextBrowser *m_text = nullptr;
    QLabel *m_actionLine = nullptr;
    QPushButton *m_do = nullptr;
    QLabel *m_expectTitle = nullptr;
    QListView *m_expected = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_next = nullptr;
    QStringList m_completed;
    QString m_shownHtml; // what m_text shows
    int m_shownStep = -1;
    bool m_live = true;
};

} // namespace umdfx::gui
