#pragma once
// The small list panels: verifier findings, the log, the actions done.

#include <QWidget>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

class QComboBox;
class QIdentityProxyModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace umdfx::gui {

class ActionLogModel;
class FindingsModel;
class ThreadListModel;
class LogModel;
class SimulationBridge;

// A fixed-row-height table with the explorer's defaults.
QTableView *makeListTable(QWidget *parent, const QString &objectName);

// Verifier findings; activating one shows its record in the trace.
class FindingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsPanel(FindingsModel *model, QWidget *parent = nullptr);
    QTableView *table() const { return m_table; }
Q_SIGNALS:
    void recordRequested(qint64 record);

private:
    QTableView *m_table = nullptr;
    QLabel *m_empty = nullptr;
};

// The Threads dock: every driver host's dispatcher and driver threads, live from the published
// snapshot, with what each waits on (a debugger's Threads window).
class ThreadsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ThreadsPanel(ThreadListModel *model, QWidget *parent = nullptr);
    QTableView *table() const { return m_table; }

private:
    QTableView *m_table = nullptr;
    QLabel *m_empty = nullptr;
};

// The Log dock: spdlog messages, with a minimum-level filter.
class LogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LogPanel(LogModel *model, QWidget *parent = nullptr);
    QTableView *table() const { return m_table; }

private:
    QTableView *m_table = nullptr;
    QSortFilterProxyModel *m_filter = nullptr;
    QComboBox *m_level = nullptr;
};

// The Actions dock: what was done, a field to type any action line, and "copy as script".
class ActionsPanel : public QWidget
{
    Q_OBJECT
public:
    // The longest line the field runs (a write of 16 KiB as hex fits): a 5 MB paste is cut just
    // past it and refused with a message instead of freezing the window; longer data belongs in
    // a script.
    static constexpr int kMaxLineCharacters = 32768;
    ActionsPanel(ActionLogModel *model, SimulationBridge *bridge, QWidget *parent = nullptr);
    QTableView *table() const { return m_table; }
    QLineEdit *lineEdit() const { return m_line; }
    // A trace file's action log instead of the live actions (read-only), and back. times: the
    // virtual time (ns) of a record of the trace.
    void showRecordedActions(const std::vector<std::pair<std::uint64_t, std::string>> &actions,
        const QString &scenarioFile, const std::function<qint64(std::uint64_t)> &times);
    void showLiveActions();
    bool isShowingRecorded() const { return m_recordedShown; }
    QString script() const;
    void copyScript();
    void saveScript();
Q_SIGNALS:
    void recordRequested(qint64 record);

private:
    void runTyped();
    QString tooLongMessage() const;
    ActionLogModel *m_model; // not owned
    ActionLogModel *m_recorded = nullptr; // child: a trace file's actions
    QIdentityProxyModel *m_style = nullptr; // child
    QString m_recordedScenario;
    bool m_recordedShown = false;
    SimulationBridge *m_bridge; // not owned
    QTableView *m_table = nullptr;
    QLineEdit *m_line = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace umdfx::gui
