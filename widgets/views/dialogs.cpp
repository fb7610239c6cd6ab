#include "widgets/views/dialogs.h"

#include "widgets/models/actiontext.h"
#include "widgets/models/simulationbridge.h"
#include "widgets/views/icons.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QUuid>
#include <QVBoxLayout>

#include <spdlog/version.h>

namespace umdfx::gui {

PostEventDialog::PostEventDialog(const QString &instanceId, QWidget *parent)
    : QDialog(parent)
    , m_instanceId(instanceId)
{
    setWindowTitle(tr("Post a custom event"));
    m_guid = new QLineEdit(QUuid::createUuid().toString(QUuid::WithBraces), this);
    m_guid->setObjectName(QStringLiteral("eventGuid"));
    m_data = new QLineEdit(this);
    m_data->setObjectName(QStringLiteral("eventData"));
    m_data->setPlaceholderText(tr("payload (optional)"));
    auto *text = new QRadioButton(tr("Text"), this);
    m_hex = new QRadioButton(tr("Hex"), this);
    text->setChecked(true);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    auto *kind = new QHBoxLayout;
    kind->addWidget(text);
    kind->addWidget(m_hex);
    kind->addStretch();
    auto *form = new QFormLayout;
    form->addRow(tr("Device:"), new QLabel(instanceId, this));
    form->addRow(tr("Event GUID:"), m_guid);
    form->addRow(tr("Payload:"), m_data);
    form->addRow(QString(), kind);
    auto *note = new QLabel(tr("The framework calls IWDFDevice::PostEvent(guid, WdfEventBroadcast, "
                               "payload) for the device, as its driver would. Applications with a "
                               "handle registration receive DBT_CUSTOMEVENT; drivers with a remote "
                               "target on the device receive OnRemoteInterfaceEvent."),
        this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Post"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!line().isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_guid, &QLineEdit::textChanged, this, &PostEventDialog::validate);
    connect(m_data, &QLineEdit::textChanged, this, &PostEventDialog::validate);
    connect(m_hex, &QRadioButton::toggled, this, &PostEventDialog::validate);
}

QString PostEventDialog::line() const
{
    QString payload;
    if (!m_data->text().isEmpty()) {
        QString error;
        payload = m_hex->isChecked() ? actionHexData(m_data->text(), &error)
                                     : actionTextData(m_data->text());
        if (payload.isEmpty())
            return {};
    }
    const QString l = QStringLiteral("post-event ") + actionWord(m_instanceId) + QLatin1Char(' ')
        + m_guid->text().trimmed() + (payload.isEmpty() ? QString() : QLatin1Char(' ') + payload);
    return SimulationBridge::checkLine(l).isEmpty() ? l : QString();
}

void PostEventDialog::validate()
{
    QString error;
    if (m_hex->isChecked() && !m_data->text().isEmpty())
        actionHexData(m_data->text(), &error);
    if (error.isEmpty()) {
        const QString l = QStringLiteral("post-event ") + actionWord(m_instanceId)
            + QLatin1Char(' ') + m_guid->text().trimmed();
        error = SimulationBridge::checkLine(l);
    }
    m_error->setText(error);
}

StressDialog::StressDialog(const QStringList &handles, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Stress: writes as fast as possible"));
    m_handle = new QComboBox(this);
    m_handle->addItems(handles);
    m_data = new QLineEdit(QStringLiteral("stress"), this);
    m_count = new QSpinBox(this);
    m_count->setRange(1, 50'000'000);
    m_count->setValue(100'000);
    m_count->setGroupSeparatorShown(true);
    m_chunk = new QSpinBox(this);
    m_chunk->setRange(1, 1'000'000);
    m_chunk->setValue(5000);
    m_chunk->setGroupSeparatorShown(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Handle:"), m_handle);
    form->addRow(tr("Data (text):"), m_data);
    form->addRow(tr("Writes:"), m_count);
    form->addRow(tr("Writes per action line:"), m_chunk);
    auto *note
        = new QLabel(tr("Each write is a WriteFile and about a dozen trace records. The lines "
                        "queue in the simulation thread; Simulation ▸ Cancel pending actions "
                        "stops between two lines. The explorer stays responsive meanwhile."),
            this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!handles.isEmpty());
    if (handles.isEmpty())
        note->setText(tr("Open a named handle first (Application panel)."));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QStringList StressDialog::stressLines(
    const QString &app, const QString &handle, const QString &data, qint64 writes, int chunk)
{
    QStringList out;
    const QString prefix = app.isEmpty() || app == QLatin1String("app1")
        ? QString()
        : QLatin1Char('@') + app + QLatin1Char(' ');
    const QString token = actionTextData(data.isEmpty() ? QStringLiteral("x") : data);
    chunk = std::max(1, chunk);
    for (qint64 done = 0; done < writes; done += chunk) {
        const qint64 n = std::min<qint64>(chunk, writes - done);
        out << prefix + QStringLiteral("write ") + actionWord(handle) + QLatin1Char(' ') + token
                + (n > 1 ? QStringLiteral(" repeat %1").arg(n) : QString());
    }
    return out;
}

QStringList StressDialog::lines() const
{
    const QStringList parts = m_handle->currentText().split(QLatin1Char('/'));
    if (parts.size() != 2)
        return {};
    return stressLines(parts[0], parts[1], m_data->text(), m_count->value(), m_chunk->value());
}

QString AboutDialog::versionsText(const QString &appVersion)
{
    return tr("UMDF Explorer %1\nQt %2 (built with %3)\nspdlog %4.%5.%6")
        .arg(appVersion, QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR))
        .arg(SPDLOG_VER_MAJOR)
        .arg(SPDLOG_VER_MINOR)
        .arg(SPDLOG_VER_PATCH);
}

BugReportDialog::BugReportDialog(const QStringList &included, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Save a bug report"));
    m_summary = new QLineEdit(this);
    m_summary->setObjectName(QStringLiteral("bugSummary"));
    m_summary->setPlaceholderText(tr("What went wrong, in one line"));
    m_description = new QPlainTextEdit(this);
    m_description->setObjectName(QStringLiteral("bugDescription"));
    m_description->setPlaceholderText(
        tr("What you did, what you expected, what happened instead. The trace shows the "
           "calls; say what in it surprised you (a record number helps)."));
    auto *what = new QLabel(this);
    what->setWordWrap(true);
    what->setTextFormat(Qt::RichText);
    QString list = tr("<p>One file (<tt>.umdftrace</tt>) that the receiver opens with <b>File "
                      "▸ Open trace</b> or <tt>umdfctl show / replay</tt>. It holds:</p><ul>");
    for (const QString &item : included)
        list += QStringLiteral("<li>") + item.toHtmlEscaped() + QStringLiteral("</li>");
    list += QStringLiteral("</ul>");
    what->setText(list);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Save);
    m_ok->setText(tr("Save…"));
    m_ok->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_summary, &QLineEdit::textChanged, this,
        [this](const QString &t) { m_ok->setEnabled(!t.trimmed().isEmpty()); });
    auto *form = new QFormLayout;
    form->addRow(tr("&Summary:"), m_summary);
    form->addRow(tr("&Description:"), m_description);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(what);
    layout->addWidget(buttons);
    resize(620, 460);
}

QString BugReportDialog::summary() const
{
    return m_summary->text().trimmed();
}

QString BugReportDialog::description() const
{
    return m_description->toPlainText().trimmed();
}

AboutDialog::AboutDialog(const QString &appVersion, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About UMDF Explorer"));
    auto *icon = new QLabel(this);
    icon->setPixmap(themeIcon(QStringLiteral("app")).pixmap(64, 64));
    auto *title = new QLabel(tr("<h3>UMDF Explorer</h3>"), this);
    auto *text = new QLabel(
        tr("<p>A device-stack explorer for UMDF 1, the COM-style User-Mode Driver Framework of "
           "Windows. A simulated machine runs UMDF 1 drivers; the explorer shows the PnP tree, "
           "acts "
           "as an application or as the PnP manager, and traces every call that crosses a "
           "boundary.</p>"),
        this);
    text->setWordWrap(true);
    auto *versions = new QLabel(versionsText(appVersion), this);
    versions->setObjectName(QStringLiteral("aboutVersions"));
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    auto *right = new QVBoxLayout;
    right->addWidget(title);
    right->addWidget(text);
    right->addWidget(versions);
    top->addLayout(right, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

} // namespace umdfx::gui
