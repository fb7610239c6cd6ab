#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace umdfx::gui {

// The breakpoints list: one row per breakpoint in the debugger's words (core/host/debugger.h:
// "OnWrite", "IQueueCallbackWrite::OnWrite", "device:ROOT\ECHO\0000", "finding", "finding:V5"),
// checkable to enable or disable it without losing it, with how often it stopped the simulation.
// A text that is not a breakpoint is refused with the reason and changes nothing; a duplicate
// (compared without case, as the debugger matches) is refused too. breakpointsChanged() says
// when the enabled set changed, so the owner hands enabledTexts() to the bridge.
//
// Threads: GUI thread (asserted in every mutator). Ownership: owns its rows.
class BreakpointModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { BreakpointColumn, KindColumn, HitsColumn, ColumnCount };
    enum Role {
        TextRole = Qt::UserRole + 1, // QString: the canonical text
        EnabledRole // bool
    };

    explicit BreakpointModel(QObject *parent = nullptr);

    // "" when added; else why not ("not a method name ...", "already set").
    QString addBreakpoint(const QString &text);
    // Adds it, or removes it when it is there already. Returns whether it is set afterwards;
    // *error (when given) says why a bad text was refused.
    bool toggleBreakpoint(const QString &text, QString *error = nullptr);
    void removeBreakpoint(int row);
    void removeAll();
    void setEnabled(int row, bool enabled);
    int rowForText(const QString &text) const; // -1 when absent

    QStringList texts() const; // every breakpoint, enabled or not
    QStringList enabledTexts() const;
    // Replaces the list (from the settings): "!" before a text means disabled. Texts that are
    // not breakpoints are skipped; returns how many were.
    int restore(const QStringList &saved);
    QStringList saved() const;

    // The debugger stopped for this reason ("breakpoint OnWrite"): counts a hit on that row.
    void noteStop(const QString &reason);

    // "OnWrite" -> "OnWrite", "device:root\echo\0000" -> "device:root\echo\0000", with the kind
    // word ("method", "device", "finding"); "" and the reason in *error when it is no breakpoint.
    static QString canonicalText(const QString &text, QString *kind, QString *error);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void breakpointsChanged();

private:
    struct Row
    {
        QString text;
        QString kind;
        bool enabled = true;
        int hits = 0;
    };
    std::vector<Row> m_rows;
};

} // namespace umdfx::gui
