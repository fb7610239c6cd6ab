#pragma once

#include <QDialog>

class QComboBox;
class QPlainTextEdit;
class QPushButton;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace umdfx::gui {

// "Post a custom event": IWDFDevice::PostEvent(guid, WdfEventBroadcast, data) as the device's
// driver would call it (reference §5.1), as a post-event line.
class PostEventDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PostEventDialog(const QString &instanceId, QWidget *parent = nullptr);
    // The line to run; "" (and a message on the dialog) while the fields are not valid.
    QString line() const;

private:
    void validate();
    QString m_instanceId;
    QLineEdit *m_guid = nullptr;
    QLineEdit *m_data = nullptr;
    QRadioButton *m_hex = nullptr;
    QLabel *m_error = nullptr;
};

// "Stress": N writes as fast as the simulation runs them, as `write H DATA repeat K` lines of at
// most chunk writes each, so the queue can be cancelled between lines and the trace view shows
// the records arriving.
class StressDialog : public QDialog
{
    Q_OBJECT
public:
    // handles: "app1/h1" style entries of the open named handles.
    StressDialog(const QStringList &handles, QWidget *parent = nullptr);
    QStringList lines() const;
    static QStringList stressLines(
        const QString &app, const QString &handle, const QString &data, qint64 writes, int chunk);

private:
    QComboBox *m_handle = nullptr;
    QLineEdit *m_data = nullptr;
    QSpinBox *m_count = nullptr;
    QSpinBox *m_chunk = nullptr;
};

// Help > Save bug report: a one-line summary (required) and a description, with the list of
// what the report file will hold besides them, so the person knows what they send.
class BugReportDialog : public QDialog
{
    Q_OBJECT
public:
    BugReportDialog(const QStringList &included, QWidget *parent = nullptr);
    QString summary() const;
    QString description() const;

private:
    QLineEdit *m_summary = nullptr;
    QPlainTextEdit *m_description = nullptr;
    QPushButton *m_ok = nullptr;
};

// About: the application's, Qt's and spdlog's versions, and what the program is.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    AboutDialog(const QString &appVersion, QWidget *parent = nullptr);
    static QString versionsText(const QString &appVersion);
};

} // namespace umdfx::gui
