#pragma once

#include <QWidget>

class QLabel;
class QSplitter;
class QTableView;
class QTreeView;

namespace umdfx::gui {

class HexView;
class InspectorModel;
class TraceFilterModel;
class TraceTableModel;

// The Inspector panel: every field of the selected trace record or device-tree item
// (InspectorModel), the selected buffer in a hex/ASCII view, and the history of the object the
// selection is about — its records in order, from a second TraceFilterModel over the same trace
// (object:N, or the device's records), so it costs no more than a filter. Double-clicking a row
// that names a record, or a history row, asks to show that record in the trace.
// Threads: GUI thread.
class InspectorWidget : public QWidget
{
    Q_OBJECT
public:
    explicit InspectorWidget(QWidget *parent = nullptr);

    void setTraceModel(TraceTableModel *model);
    InspectorModel *model() const { return m_model; }
    TraceFilterModel *historyModel() const { return m_history; }
    HexView *hexView() const { return m_hex; }

    void showRecord(qint64 record);
    // A device-tree item: its fields, and the history of its framework object (or device).
    void showItem(const QString &key, const QString &title, const QVariantList &properties,
        uint objectId, const QString &instanceId);
    // Fresh fields for the item shown, if it is still the one shown (a record may be by now).
    void updateItem(const QString &key, const QString &title, const QVariantList &properties,
        uint objectId, const QString &instanceId);
    void clear();

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

Q_SIGNALS:
    void recordRequested(qint64 record);

private:
    void setHistory(const QString &filter, const QString &label);

    TraceTableModel *m_trace = nullptr; // not owned
    InspectorModel *m_model = nullptr; // child
    TraceFilterModel *m_history = nullptr; // child
    QLabel *m_title = nullptr;
    QTreeView *m_fields = nullptr;
    HexView *m_hex = nullptr;
    QLabel *m_historyLabel = nullptr;
    QTableView *m_historyView = nullptr;
    QSplitter *m_splitter = nullptr;
    QString m_historyFilter;
    QString m_itemKey; // the tree item shown, "" when a record (or nothing) is
};

} // namespace umdfx::gui
