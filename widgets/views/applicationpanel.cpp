#include "widgets/views/applicationpanel.h"

#include "widgets/models/actiontext.h"
#include "widgets/models/simulationbridge.h"
#include "widgets/models/snapshotlistmodels.h"
#include "widgets/views/hexview.h"
#include "widgets/views/icons.h"
#include "widgets/views/palette.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDataStream>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace umdfx::gui {

namespace {

constexpr quint32 kStateMagic = 0x55415031; // "UAP1"

QTableView *makeTable(QWidget *parent, const QString &name)
{
    auto *t = new QTableView(parent);
    t->setObjectName(name);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setShowGrid(false);
    t->setWordWrap(false);
    t->setAlternatingRowColors(true);
    t->verticalHeader()->setVisible(false);
    t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setHighlightSections(false);
    return t;
}

} // namespace

ApplicationPanel::ApplicationPanel(SimulationBridge *bridge, QWidget *parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_handles(new HandleListModel(this))
    , m_interfaces(new InterfaceListModel(this))
{
    // Find and open.
    auto *findBox = new QGroupBox(tr("Present interfaces"), this);
    findBox->setToolTip(tr("What SetupDiGetClassDevs(DIGCF_PRESENT | DIGCF_DEVICEINTERFACE) lists: "
                           "the enabled device interfaces, in registration order"));
    m_interfaceView = makeTable(findBox, QStringLiteral("interfaceTable"));
    m_interfaceView->setModel(m_interfaces);
    m_interfaceView->setColumnHidden(InterfaceListModel::LinkColumn, true);
    m_path = new QLineEdit(findBox);
    m_path->setObjectName(QStringLiteral("openPath"));
    m_path->setPlaceholderText(tr("\\\\?\\ROOT#ECHO#0000#{guid}\\Port1  or  {guid}\\Port1"));
    m_path->setToolTip(tr("What CreateFile is given: a symbolic link as is, or {guid}[\\Ref] to "
                          "pick the first present interface of the class with that reference "
                          "string, as an application enumerating with SetupDi would"));
    m_app = new QComboBox(findBox);
    m_app->setObjectName(QStringLiteral("openApp"));
    m_app->setEditable(true);
    m_app->addItems({ QStringLiteral("app1"), QStringLiteral("app2"), QStringLiteral("app3") });
    m_app->setToolTip(tr("The simulated application (process) that calls CreateFile"));
    m_name = new QLineEdit(QStringLiteral("h1"), findBox);
    m_name->setObjectName(QStringLiteral("openName"));
    m_name->setMaximumWidth(80);
    m_name->setToolTip(tr("The handle's name in the action language"));
    m_overlapped = new QCheckBox(tr("FILE_FLAG_OVERLAPPED"), findBox);
    m_overlapped->setObjectName(QStringLiteral("openOverlapped"));
    m_openButton = new QPushButton(themeIcon(QStringLiteral("handle")), tr("&CreateFile"), findBox);
    m_openButton->setObjectName(QStringLiteral("openButton"));
    m_openButton->setToolTip(tr("Open a handle (Enter in the path field)"));
    auto *openRow = new QHBoxLayout;
    openRow->addWidget(new QLabel(tr("as"), findBox));
    openRow->addWidget(m_app);
    openRow->addWidget(new QLabel(tr("name"), findBox));
    openRow->addWidget(m_name);
    openRow->addWidget(m_overlapped);
    openRow->addStretch();
    openRow->addWidget(m_openButton);
    auto *findLayout = new QVBoxLayout(findBox);
    findLayout->addWidget(m_interfaceView, 1);
    findLayout->addWidget(m_path);
    findLayout->addLayout(openRow);

    // Open handles.
    auto *handleBox = new QGroupBox(tr("Open handles"), this);
    m_handleView = makeTable(handleBox, QStringLiteral("handleTable"));
    m_handleView->setModel(m_handles);
    m_handleView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_handleView->setColumnHidden(HandleListModel::ValueColumn, false);
    m_cancelButton = new QPushButton(tr("CancelIo&Ex"), handleBox);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_closeButton = new QPushButton(tr("Close&Handle"), handleBox);
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    auto *handleButtons = new QHBoxLayout;
    handleButtons->addStretch();
    handleButtons->addWidget(m_cancelButton);
    handleButtons->addWidget(m_closeButton);
    auto *handleLayout = new QVBoxLayout(handleBox);
    handleLayout->addWidget(m_handleView, 1);
    handleLayout->addLayout(handleButtons);

    // The composer.
    auto *ioBox = new QGroupBox(tr("I/O"), this);
    m_target = new QLabel(ioBox);
    m_target->setObjectName(QStringLiteral("ioTarget"));
    m_text = new QRadioButton(tr("Text"), ioBox);
    m_hex = new QRadioButton(tr("Hex"), ioBox);
    m_text->setChecked(true);
    auto *kind = new QButtonGroup(ioBox);
    kind->addButton(m_text);
    kind->addButton(m_hex);
    m_data = new QLineEdit(QStringLiteral("hello"), ioBox);
    m_data->setObjectName(QStringLiteral("writeData"));
    m_data->setPlaceholderText(tr("bytes to write"));
    m_repeat = new QSpinBox(ioBox);
    m_repeat->setObjectName(QStringLiteral("writeRepeat"));
    m_repeat->setRange(1, 1'000'000);
    m_repeat->setPrefix(tr("\u00d7 "));
    m_repeat->setToolTip(tr("Repeat count (WriteFile only): the writes run back to back"));
    m_writeCall = new QComboBox(ioBox);
    m_writeCall->setObjectName(QStringLiteral("writeCall"));
    m_writeCall->addItems({ QStringLiteral("WriteFile"), QStringLiteral("WriteFileEx") });
    m_writeButton = new QPushButton(tr("&Write"), ioBox);
    m_writeButton->setObjectName(QStringLiteral("writeButton"));
    m_writeButton->setToolTip(tr("Write (Enter in the data field)"));
    m_readSize = new QSpinBox(ioBox);
    m_readSize->setObjectName(QStringLiteral("readSize"));
    m_readSize->setRange(0, 1 << 20);
    m_readSize->setValue(16);
    m_readSize->setSuffix(tr(" bytes"));
    m_readCall = new QComboBox(ioBox);
    m_readCall->addItems({ QStringLiteral("ReadFile"), QStringLiteral("ReadFileEx") });
    m_readButton = new QPushButton(tr("&Read"), ioBox);
    m_readButton->setObjectName(QStringLiteral("readButton"));
    m_ioctlCode = new QLineEdit(QStringLiteral("0x00222000"), ioBox);
    m_ioctlCode->setObjectName(QStringLiteral("ioctlCode"));
    m_ioctlCode->setMaximumWidth(110);
    m_ioctlCode->setToolTip(tr("dwIoControlCode (CTL_CODE value, decimal or 0x hex)"));
    m_ioctlInput = new QLineEdit(ioBox);
    m_ioctlInput->setPlaceholderText(tr("input (text/hex as above)"));
    m_ioctlOut = new QSpinBox(ioBox);
    m_ioctlOut->setRange(0, 1 << 20);
    m_ioctlOut->setPrefix(tr("out "));
    m_ioctlOut->setSuffix(tr(" B"));
    m_ioctlButton = new QPushButton(tr("&DeviceIoControl"), ioBox);
    m_ioctlButton->setObjectName(QStringLiteral("ioctlButton"));
    m_resultIcon = new QLabel(ioBox);
    m_resultIcon->setFixedSize(18, 18);
    m_result = new QLabel(tr("No call made yet."), ioBox);
    m_result->setObjectName(QStringLiteral("resultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_resultHex = new HexView(ioBox);
    m_resultHex->setObjectName(QStringLiteral("resultHex"));

    auto *grid = new QGridLayout;
    grid->addWidget(m_text, 0, 0);
    grid->addWidget(m_hex, 0, 1);
    grid->addWidget(m_data, 0, 2, 1, 2);
    grid->addWidget(m_repeat, 0, 4);
    grid->addWidget(m_writeCall, 0, 5);
    grid->addWidget(m_writeButton, 0, 6);
    grid->addWidget(new QLabel(tr("Read"), ioBox), 1, 0, 1, 2);
    grid->addWidget(m_readSize, 1, 2);
    grid->addWidget(m_readCall, 1, 5);
    grid->addWidget(m_readButton, 1, 6);
    grid->addWidget(new QLabel(tr("IOCTL"), ioBox), 2, 0, 1, 2);
    grid->addWidget(m_ioctlCode, 2, 2);
    grid->addWidget(m_ioctlInput, 2, 3);
    grid->addWidget(m_ioctlOut, 2, 4);
    grid->addWidget(m_ioctlButton, 2, 5, 1, 2);
    grid->setColumnStretch(3, 1);
    auto *resultRow = new QHBoxLayout;
    resultRow->addWidget(m_resultIcon, 0, Qt::AlignTop);
    resultRow->addWidget(m_result, 1);
    auto *ioLayout = new QVBoxLayout(ioBox);
    ioLayout->addWidget(m_target);
    ioLayout->addLayout(grid);
    ioLayout->addLayout(resultRow);
    ioLayout->addWidget(m_resultHex, 1);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("applicationSplitter"));
    m_splitter->addWidget(findBox);
    m_splitter->addWidget(handleBox);
    m_splitter->addWidget(ioBox);
    for (QWidget *w : { static_cast<QWidget *>(findBox), static_cast<QWidget *>(handleBox),
             static_cast<QWidget *>(ioBox) })
        w->setMinimumWidth(120);
    m_data->setMinimumWidth(60);
    m_ioctlInput->setMinimumWidth(40);
    m_path->setMinimumWidth(60);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setStretchFactor(2, 5);
    m_splitter->setSizes({ 300, 170, 520 });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_splitter);

    connect(m_interfaceView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &cur) {
            if (cur.isValid())
                m_path->setText(cur.data(InterfaceListModel::SymbolicLinkRole).toString());
        });
    connect(m_interfaceView, &QTableView::doubleClicked, this, &ApplicationPanel::open);
    connect(m_path, &QLineEdit::returnPressed, this, &ApplicationPanel::open);
    connect(m_openButton, &QPushButton::clicked, this, &ApplicationPanel::open);
    connect(m_writeButton, &QPushButton::clicked, this, &ApplicationPanel::write);
    connect(m_data, &QLineEdit::returnPressed, this, &ApplicationPanel::write);
    connect(m_readButton, &QPushButton::clicked, this, &ApplicationPanel::read);
    connect(m_ioctlButton, &QPushButton::clicked, this, &ApplicationPanel::ioctl);
    connect(m_cancelButton, &QPushButton::clicked, this, &ApplicationPanel::cancelIo);
    connect(m_closeButton, &QPushButton::clicked, this, &ApplicationPanel::closeHandle);
    connect(m_writeCall, &QComboBox::currentIndexChanged, this, &ApplicationPanel::updateComposer);
    connect(m_handleView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &ApplicationPanel::updateComposer);
    connect(m_handleView, &QTableView::customContextMenuRequested, this,
        &ApplicationPanel::showHandleMenu);
    connect(m_bridge, &SimulationBridge::snapshotChanged, this, &ApplicationPanel::onSnapshot);
    connect(m_bridge, &SimulationBridge::actionFinished, this, [this](const ActionResult &r) {
        // What this panel asked for, and any other line that made an application's Win32 call
        // (typed in the Actions dock, or a script): the panel is the applications' side.
        if (m_tickets.remove(r.ticket) || (r.madeWin32Call && !r.cancelled))
            showResult(r);
    });
    connect(m_bridge, &SimulationBridge::sessionStarted, this, [this] {
        m_tickets.clear();
        m_name->setText(QStringLiteral("h1"));
    });
    onSnapshot();
    updateComposer();
}

void ApplicationPanel::onSnapshot()
{
    const auto snap = m_bridge->snapshot();
    const QString current = currentApp() + QLatin1Char('/') + currentHandle();
    m_interfaces->setSnapshot(snap.get());
    m_handles->setSnapshot(snap.get());
    const QString want = m_selectAfter.isEmpty() ? current : m_selectAfter;
    const QStringList parts = want.split(QLatin1Char('/'));
    if (parts.size() == 2 && m_handles->rowForHandle(parts[0], parts[1]) >= 0) {
        selectHandle(parts[0], parts[1]);
        m_selectAfter.clear();
    } else if (!m_handleView->currentIndex().isValid() && m_handles->rowCount() > 0) {
        m_handleView->setCurrentIndex(m_handles->index(m_handles->rowCount() - 1, 0));
    }
    if (!m_interfaceView->currentIndex().isValid() && m_interfaces->rowCount() > 0
        && m_path->text().isEmpty())
        m_interfaceView->setCurrentIndex(m_interfaces->index(0, 0));
    updateComposer();
}

void ApplicationPanel::preparePath(const QString &symbolicLink)
{
    m_path->setText(symbolicLink);
    m_name->setText(suggestHandleName());
    m_path->setFocus();
}

QString ApplicationPanel::currentApp() const
{
    const QModelIndex cur = m_handleView->currentIndex();
    return cur.isValid() ? cur.data(HandleListModel::AppRole).toString() : QString();
}

QString ApplicationPanel::currentHandle() const
{
    const QModelIndex cur = m_handleView->currentIndex();
    return cur.isValid() ? cur.data(HandleListModel::HandleNameRole).toString() : QString();
}

void ApplicationPanel::selectHandle(const QString &app, const QString &name)
{
    const int row = m_handles->rowForHandle(app, name);
    if (row >= 0)
        m_handleView->setCurrentIndex(m_handles->index(row, 0));
}

QStringList ApplicationPanel::namedHandles() const
{
    QStringList out;
    for (int i = 0; i < m_handles->rowCount(); ++i) {
        const QModelIndex idx = m_handles->index(i, 0);
        const QString name = idx.data(HandleListModel::HandleNameRole).toString();
        if (!name.isEmpty())
            out << idx.data(HandleListModel::AppRole).toString() + QLatin1Char('/') + name;
    }
    return out;
}

QString ApplicationPanel::suggestHandleName() const
{
    int highest = 0;
    const QRegularExpression re(QStringLiteral("^h(\\d+)$"));
    for (int i = 0; i < m_handles->rowCount(); ++i) {
        const auto m
            = re.match(m_handles->index(i, 0).data(HandleListModel::HandleNameRole).toString());
        if (m.hasMatch())
            highest = std::max(highest, m.captured(1).toInt());
    }
    return QStringLiteral("h%1").arg(highest + 1);
}

QString ApplicationPanel::prefix() const
{
    const QString app = currentApp();
    return app.isEmpty() || app == QLatin1String("app1")
        ? QString()
        : QLatin1Char('@') + app + QLatin1Char(' ');
}

void ApplicationPanel::updateComposer()
{
    const QString name = currentHandle();
    const bool have = !name.isEmpty();
    if (have) {
        const QModelIndex cur = m_handleView->currentIndex();
        m_target->setText(
            tr("On <b>%1</b> (%2, HANDLE %3) \u2192 %4")
                .arg(name.toHtmlEscaped(), currentApp().toHtmlEscaped(),
                    cur.siblingAtColumn(HandleListModel::ValueColumn).data().toString(),
                    cur.data(HandleListModel::InstanceIdRole).toString().toHtmlEscaped()));
    } else {
        m_target->setText(tr("Open a handle to write, read or send an IOCTL."));
    }
    for (QWidget *w : { static_cast<QWidget *>(m_writeButton), static_cast<QWidget *>(m_readButton),
             static_cast<QWidget *>(m_ioctlButton), static_cast<QWidget *>(m_cancelButton),
             static_cast<QWidget *>(m_closeButton) })
        w->setEnabled(have);
    m_repeat->setEnabled(m_writeCall->currentIndex() == 0);
}

QString ApplicationPanel::dataToken(const QString &text, bool hex, QString *error) const
{
    return hex ? actionHexData(text, error) : actionTextData(text);
}

void ApplicationPanel::showProblem(const QString &text)
{
    m_resultIcon->setPixmap(themeIcon(QStringLiteral("result-error")).pixmap(16, 16));
    m_result->setText(text);
    QPalette p = m_result->palette();
    p.setColor(QPalette::WindowText, failureText(palette()));
    m_result->setPalette(p);
}

void ApplicationPanel::submit(const QString &line)
{
    const QString problem = SimulationBridge::checkLine(line);
    if (!problem.isEmpty()) {
        showProblem(tr("Not run: %1\n%2").arg(problem, line));
        return;
    }
    const quint64 ticket = m_bridge->submit(line);
    if (ticket) {
        m_tickets.insert(ticket);
        m_result->setText(tr("Running: %1").arg(line));
        m_result->setPalette(palette());
        m_resultIcon->clear();
    }
}

void ApplicationPanel::open()
{
    QString path = m_path->text().trimmed();
    const QString name = m_name->text().trimmed();
    if (path.isEmpty()) {
        showProblem(tr("Not run: give a path (pick an interface, or paste a symbolic link)."));
        return;
    }
    if (name.isEmpty()) {
        showProblem(tr("Not run: give the handle a name (h1, h2, …)."));
        return;
    }
    const QString app = m_app->currentText().trimmed();
    const QString pre = app.isEmpty() || app == QLatin1String("app1")
        ? QString()
        : QLatin1Char('@') + app + QLatin1Char(' ');
    m_selectAfter = (app.isEmpty() ? QStringLiteral("app1") : app) + QLatin1Char('/') + name;
    submit(pre + QStringLiteral("open ") + actionWord(name) + QLatin1Char(' ') + actionWord(path)
        + (m_overlapped->isChecked() ? QStringLiteral(" async") : QString()));
}

void ApplicationPanel::write()
{
    const QString h = currentHandle();
    if (h.isEmpty())
        return;
    QString error;
    const QString token = dataToken(m_data->text(), m_hex->isChecked(), &error);
    if (token.isEmpty()) {
        showProblem(tr("Not run: the data is not valid hex: %1").arg(error));
        return;
    }
    const bool ex = m_writeCall->currentIndex() == 1;
    QString line = prefix() + (ex ? QStringLiteral("writeex ") : QStringLiteral("write "))
        + actionWord(h) + QLatin1Char(' ') + token;
    if (!ex && m_repeat->value() > 1)
        line += QStringLiteral(" repeat %1").arg(m_repeat->value());
    submit(line);
}

void ApplicationPanel::read()
{
    const QString h = currentHandle();
    if (h.isEmpty())
        return;
    const bool ex = m_readCall->currentIndex() == 1;
    submit(prefix() + (ex ? QStringLiteral("readex ") : QStringLiteral("read ")) + actionWord(h)
        + QStringLiteral(" %1").arg(m_readSize->value()));
}

void ApplicationPanel::ioctl()
{
    const QString h = currentHandle();
    if (h.isEmpty())
        return;
    QString line = prefix() + QStringLiteral("ioctl ") + actionWord(h) + QLatin1Char(' ')
        + m_ioctlCode->text().trimmed();
    if (!m_ioctlInput->text().isEmpty()) {
        QString error;
        const QString token = dataToken(m_ioctlInput->text(), m_hex->isChecked(), &error);
        if (token.isEmpty()) {
            showProblem(tr("Not run: the IOCTL input is not valid hex: %1").arg(error));
            return;
        }
        line += QLatin1Char(' ') + token;
    }
    if (m_ioctlOut->value() > 0)
        line += QStringLiteral(" out %1").arg(m_ioctlOut->value());
    submit(line);
}

void ApplicationPanel::cancelIo()
{
    if (!currentHandle().isEmpty())
        submit(prefix() + QStringLiteral("cancel ") + actionWord(currentHandle()));
}

void ApplicationPanel::closeHandle()
{
    if (!currentHandle().isEmpty())
        submit(prefix() + QStringLiteral("close ") + actionWord(currentHandle()));
}

void ApplicationPanel::showResult(const ActionResult &r)
{
    const bool good = r.succeeded();
    m_resultIcon->setPixmap(
        themeIcon(good ? QStringLiteral("result-ok") : QStringLiteral("result-error"))
            .pixmap(16, 16));
    QString text = r.canonical.isEmpty() ? r.line : r.canonical;
    text += QStringLiteral("\n\u2192 ") + r.summary();
    m_result->setText(text);
    QPalette p = palette();
    p.setColor(QPalette::WindowText, good ? successText(palette()) : failureText(palette()));
    m_result->setPalette(p);
    if (r.verb.startsWith(QLatin1String("read")) || r.verb == QLatin1String("ioctl"))
        m_resultHex->setData(r.data);
    // The composer follows the handle the last call was on.
    const QString app = r.app.isEmpty() ? QStringLiteral("app1") : r.app;
    if (!r.handle.isEmpty() && r.verb != QLatin1String("close")) {
        if (m_handles->rowForHandle(app, r.handle) >= 0)
            selectHandle(app, r.handle);
        else
            m_selectAfter = app + QLatin1Char('/') + r.handle;
    }
    if (r.verb == QLatin1String("open") && r.succeeded())
        m_name->setText(suggestHandleName().isEmpty() ? QStringLiteral("h2") : suggestHandleName());
}

QString ApplicationPanel::lastResultText() const
{
    return m_result->text();
}

void ApplicationPanel::showHandleMenu(const QPoint &pos)
{
    const QModelIndex idx = m_handleView->indexAt(pos);
    if (!idx.isValid())
        return;
    m_handleView->setCurrentIndex(idx);
    QMenu menu(this);
    menu.addAction(tr("&Write “%1”").arg(m_data->text()), this, &ApplicationPanel::write);
    menu.addAction(tr("&Read %1 bytes").arg(m_readSize->value()), this, &ApplicationPanel::read);
    menu.addAction(tr("CancelIo&Ex"), this, &ApplicationPanel::cancelIo);
    menu.addSeparator();
    menu.addAction(tr("Close&Handle"), this, &ApplicationPanel::closeHandle);
    menu.exec(m_handleView->viewport()->mapToGlobal(pos));
}

QByteArray ApplicationPanel::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kStateMagic << m_splitter->saveState() << m_data->text() << m_hex->isChecked()
        << m_readSize->value();
    return state;
}

bool ApplicationPanel::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray splitter;
    QString text;
    bool hex = false;
    int readSize = 16;
    in >> magic >> splitter >> text >> hex >> readSize;
    if (magic != kStateMagic || in.status() != QDataStream::Ok)
        return false;
    m_splitter->restoreState(splitter);
    m_data->setText(text);
    (hex ? m_hex : m_text)->setChecked(true);
    m_readSize->setValue(readSize);
    return true;
}

} // namespace umdfx::gui
