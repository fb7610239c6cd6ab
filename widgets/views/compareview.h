#pragma once

#include "widgets/models/comparedtraces.h"

#include <QWidget>

class QAction;
class QLabel;
class QSplitter;
class QTableView;

namespace umdfx::gui {

class CompareStyleProxy;
class DeviceTreeModel;
class DeviceTreeView;
class ReplayBridge;
class TraceCompareModel;

// File > Compare with…: two traces aligned side by side (TraceCompareModel under
// CompareStyleProxy in a virtual table: a row per aligned pair, differences tinted and marked),
// and under it each side's device tree as it was after the selected row's record there, replayed
// off the GUI thread by a ReplayBridge per side (as the main window does for one opened trace).
// F7 / Shift+F7 (nextAction / previousAction) go to the next / previous block of differences.
//
// Threads: GUI thread. Ownership: the models, proxies, replays and views are children; the
// traces and the comparison are shared (immutable).
class CompareView : public QWidget
{
    Q_OBJECT
public:
    explicit CompareView(QWidget *parent = nullptr);
    ~CompareView() override;

    void setTraces(const ComparedTraces &traces);
    const ComparedTraces &traces() const { return m_traces; }

    TraceCompareModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    DeviceTreeView *treeViewA() const { return m_treeViewA; }
    DeviceTreeView *treeViewB() const { return m_treeViewB; }
    QAction *nextAction() const { return m_next; }
    QAction *previousAction() const { return m_previous; }
    QString summaryText() const;
    int currentRow() const;
    void setCurrentRow(int row);

    void nextDifference();
    void previousDifference();

    // The selected row's two lines in full (the table elides them): "A: …\nB: …".
    QString detailText() const;

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    struct Side;
    void onCurrentRowChanged(int row);
    void setUpSide(Side &side, const QString &title);
    void updatePosition();

    TraceCompareModel *m_model = nullptr; // child
    CompareStyleProxy *m_style = nullptr; // child
    QTableView *m_table = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_position = nullptr;
    QLabel *m_detail = nullptr;
    QAction *m_next = nullptr;
    QAction *m_previous = nullptr;
    DeviceTreeView *m_treeViewA = nullptr;
    DeviceTreeView *m_treeViewB = nullptr;
    std::unique_ptr<Side> m_a, m_b;
    ComparedTraces m_traces;
};

} // namespace umdfx::gui
