#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace umdfx::gui {

class BreakpointModel;

// The Breakpoints dock: the list (check to enable, Delete to remove, hits counted) and a field to
// add one in the debugger's words — OnWrite, IQueueCallbackWrite::OnWrite,
// device:ROOT\ECHO\0000, finding, finding:V5. A text that is no breakpoint is refused with the
// reason under the field and changes nothing.
// Threads: GUI thread. Ownership: the model is not owned.
class BreakpointsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit BreakpointsPanel(BreakpointModel *model, QWidget *parent = nullptr);
    QTableView *table() const { return m_table; }
    QLineEdit *lineEdit() const { return m_line; }
    QLabel *errorLabel() const { return m_error; }
    // Adds what the field holds; false (and the reason shown) when it is no breakpoint.
    bool addTyped();
    void removeSelected();

private:
    void showContextMenu(const QPoint &pos);
    BreakpointModel *m_model; // not owned
    QTableView *m_table = nullptr;
    QLineEdit *m_line = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace umdfx::gui
