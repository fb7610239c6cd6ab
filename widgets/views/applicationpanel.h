#pragma once

#include "widgets/models/actionresult.h"

#include <QSet>
#include <QWidget>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QSplitter;
class QTableView;

namespace umdfx::gui {

class HandleListModel;
class HexView;
class InterfaceListModel;
class SimulationBridge;

// The Application panel: the simulated applications' side of the machine. Find a present
// interface the way SetupDiGetClassDevs lists them (or paste a symbolic link), CreateFile it
// under a handle name, see the applications' open handles, and send I/O on the selected handle:
// WriteFile / WriteFileEx from a text-or-hex composer with a repeat count, ReadFile(Ex) with the
// bytes in a hex view, DeviceIoControl with a code and input, CancelIoEx, CloseHandle. Every
// button builds an action line and submits it through the bridge; the result is shown as
// Windows shows it (TRUE and bytes transferred, or FALSE with GetLastError's number and name).
// A field whose text cannot make a valid line says why and nothing runs.
// Threads: GUI thread. Ownership: the bridge is not owned; the list models are children.
class ApplicationPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ApplicationPanel(SimulationBridge *bridge, QWidget *parent = nullptr);

    HandleListModel *handles() const { return m_handles; }
    InterfaceListModel *interfaces() const { return m_interfaces; }
    // Puts a symbolic link in the path field (from the device tree's "Open a handle").
    void preparePath(const QString &symbolicLink);
    // The handle the I/O buttons act on: "app1" and "h1", or empty strings.
    QString currentApp() const;
    QString currentHandle() const;
    void selectHandle(const QString &app, const QString &name);
    // "app1/h1" for every open named handle.
    QStringList namedHandles() const;

    // The buttons, for keyboard shortcuts elsewhere and for tests.
    void open();
    void write();
    void read();
    void ioctl();
    void cancelIo();
    void closeHandle();

    QString lastResultText() const;
    HexView *resultHexView() const { return m_resultHex; }

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

private:
    void submit(const QString &line);
    void showResult(const ActionResult &result);
    void showProblem(const QString &text);
    void onSnapshot();
    void updateComposer();
    QString prefix() const; // "@app2 " or ""
    QString dataToken(const QString &text, bool hex, QString *error) const;
    QString suggestHandleName() const;
    void showHandleMenu(const QPoint &pos);

    SimulationBridge *m_bridge; // not owned
    HandleListModel *m_handles = nullptr;
    InterfaceListModel *m_interfaces = nullptr;
    QSet<quint64> m_tickets; // lines this panel submitted and waits for
    QString m_selectAfter; // "app/name" to select once the snapshot shows it

    QSplitter *m_splitter = nullptr;
    QTableView *m_interfaceView = nullptr;
    QLineEdit *m_path = nullptr;
    QComboBox *m_app = nullptr;
    QLineEdit *m_name = nullptr;
    QCheckBox *m_overlapped = nullptr;
    QPushButton *m_openButton = nullptr;
    QTableView *m_handleView = nullptr;
    QLabel *m_target = nullptr;
    QRadioButton *m_text = nullptr;
    QRadioButton *m_hex = nullptr;
    QLineEdit *m_data = nullptr;
    QSpinBox *m_repeat = nullptr;
    QComboBox *m_writeCall = nullptr;
    QPushButton *m_writeButton = nullptr;
    QSpinBox *m_readSize = nullptr;
    QComboBox *m_readCall = nullptr;
    QPushButton *m_readButton = nullptr;
    QLineEdit *m_ioctlCode = nullptr;
    QLineEdit *m_ioctlInput = nullptr;
    QSpinBox *m_ioctlOut = nullptr;
    QPushButton *m_ioctlButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_closeButton = nullptr;
    QLabel *m_resultIcon = nullptr;
    QLabel *m_result = nullptr;
    HexView *m_resultHex = nullptr;
};

} // namespace umdfx::gui
