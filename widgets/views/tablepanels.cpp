#include "widgets/views/tablepanels.h"

#include "widgets/models/actionlogmodel.h"
#include "widgets/models/findingsmodel.h"
#include "widgets/models/logmodel.h"
#include "widgets/models/simulationbridge.h"
#include "widgets/models/snapshotlistmodels.h"
#include "widgets/views/icons.h"
#include "widgets/views/palette.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <spdlog/common.h>

namespace umdfx::gui {

namespace {

// Colours the result column of a list whose rows say whether they succeeded.
class OutcomeStyleProxy : public QIdentityProxyModel
{
public:
    OutcomeStyleProxy(int okRole, int column, QObject *parent)
        : QIdentityProxyModel(parent)
        , m_okRole(okRole)
        , m_column(column)
    { }
    QPalette palette;
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::ForegroundRole && index.column() == m_column)
            return QIdentityProxyModel::data(index, m_okRole).toBool() ? successText(palette)
                                                                       : failureText(palette);
        if (role == Qt::DecorationRole && index.column() == 0)
            return themeIcon(QIdentityProxyModel::data(index, m_okRole).toBool()
                    ? QStringLiteral("result-ok")
                    : QStringLiteral("result-error"));
        return QIdentityProxyModel::data(index, role);
    }

private:
    int m_okRole;
    int m_column;
};

// Log levels as the filter's minimum: a row passes when its level is at least the chosen one.
class LevelFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    int minimum = 0;
    QPalette palette;
    void setMinimum(int level)
    {
        minimum = level;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        return sourceModel()->index(row, 0, parent).data(LogModel::LevelRole).toInt() >= minimum;
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::ForegroundRole) {
            const int level = QSortFilterProxyModel::data(index, LogModel::LevelRole).toInt();
            if (level >= spdlog::level::err)
                return failureText(palette);
            if (level == spdlog::level::warn)
                return QColor(0xc2, 0x7c, 0x0e);
            if (level <= spdlog::level::debug)
                return quietText(palette);
        }
        return QSortFilterProxyModel::data(index, role);
    }
};

} // namespace

QTableView *makeListTable(QWidget *parent, const QString &objectName)
{
    auto *t = new QTableView(parent);
    t->setObjectName(objectName);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::ExtendedSelection);
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

FindingsPanel::FindingsPanel(FindingsModel *model, QWidget *parent)
    : QWidget(parent)
{
    m_table = makeListTable(this, QStringLiteral("findingsTable"));
    m_table->setModel(model);
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(FindingsModel::SeqColumn, 8 * ch);
    m_table->setColumnWidth(FindingsModel::RuleColumn, 6 * ch);
    m_table->setColumnWidth(FindingsModel::NameColumn, 24 * ch);
    m_table->setColumnWidth(FindingsModel::DeviceColumn, 18 * ch);
    m_empty = new QLabel(tr("No verifier findings: every driver followed the rules so far."), this);
    m_empty->setObjectName(QStringLiteral("findingsEmpty"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);
    const auto update = [this, model] { m_empty->setVisible(model->rowCount() == 0); };
    connect(model, &QAbstractItemModel::rowsInserted, this, update);
    connect(model, &QAbstractItemModel::modelReset, this, update);
    update();
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &idx) {
        Q_EMIT recordRequested(idx.data(FindingsModel::RecordIndexRole).toLongLong());
    });
}

ThreadsPanel::ThreadsPanel(ThreadListModel *model, QWidget *parent)
    : QWidget(parent)
{
    m_table = makeListTable(this, QStringLiteral("threadsTable"));
    m_table->setModel(model);
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(ThreadListModel::NameColumn, 12 * ch);
    m_table->setColumnWidth(ThreadListModel::StateColumn, 9 * ch);
    m_table->setColumnWidth(ThreadListModel::WaitColumn, 36 * ch);
    m_table->setColumnWidth(ThreadListModel::KindColumn, 14 * ch);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_empty = new QLabel(tr("No driver host is running."), this);
    m_empty->setObjectName(QStringLiteral("threadsEmpty"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);
    const auto update = [this, model] { m_empty->setVisible(model->rowCount() == 0); };
    connect(model, &QAbstractItemModel::rowsInserted, this, update);
    connect(model, &QAbstractItemModel::rowsRemoved, this, update);
    connect(model, &QAbstractItemModel::modelReset, this, update);
    update();
}

LogPanel::LogPanel(LogModel *model, QWidget *parent)
    : QWidget(parent)
{
    auto *filter = new LevelFilter(this);
    filter->palette = palette();
    filter->setSourceModel(model);
    m_filter = filter;
    m_table = makeListTable(this, QStringLiteral("logTable"));
    m_table->setModel(m_filter);
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(LogModel::TimeColumn, 13 * ch);
    m_table->setColumnWidth(LogModel::LevelColumn, 8 * ch);
    m_table->setColumnWidth(LogModel::LoggerColumn, 9 * ch);
    m_level = new QComboBox(this);
    m_level->addItem(tr("Trace and above"), int(spdlog::level::trace));
    m_level->addItem(tr("Debug and above"), int(spdlog::level::debug));
    m_level->addItem(tr("Info and above"), int(spdlog::level::info));
    m_level->addItem(tr("Warnings and errors"), int(spdlog::level::warn));
    m_level->addItem(tr("Errors"), int(spdlog::level::err));
    m_level->setCurrentIndex(0);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show:"), this));
    bar->addWidget(m_level);
    bar->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    connect(m_level, &QComboBox::currentIndexChanged, this,
        [this, filter](int) { filter->setMinimum(m_level->currentData().toInt()); });
    connect(model, &QAbstractItemModel::rowsInserted, m_table, &QTableView::scrollToBottom);
}

ActionsPanel::ActionsPanel(ActionLogModel *model, SimulationBridge *bridge, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_bridge(bridge)
{
    auto *style
        = new OutcomeStyleProxy(ActionLogModel::SucceededRole, ActionLogModel::ResultColumn, this);
    style->palette = palette();
    style->setSourceModel(model);
    m_style = style;
    m_recorded = new ActionLogModel(this);
    m_table = makeListTable(this, QStringLiteral("actionsTable"));
    m_table->setModel(style);
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(ActionLogModel::NumberColumn, 7 * ch);
    m_table->setColumnWidth(ActionLogModel::TimeColumn, 13 * ch);
    m_table->setColumnWidth(ActionLogModel::AppColumn, 6 * ch);
    m_table->setColumnWidth(ActionLogModel::ActionColumn, 44 * ch);
    m_line = new QLineEdit(this);
    m_line->setObjectName(QStringLiteral("actionLine"));
    // One more than a line may hold: a paste cut there can be told from a line exactly at it.
    m_line->setMaxLength(kMaxLineCharacters + 1);
    m_line->setPlaceholderText(
        tr("Type an action line and press Enter: write h1 \"hi\", advance 100ms, "
           "surprise-remove ROOT\\ECHO\\0000 …"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("actionLineError"));
    m_error->setVisible(false);
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, failureText(palette()));
    m_error->setPalette(p);
    auto *copy = new QPushButton(themeIcon(QStringLiteral("copy")), tr("Copy as script"), this);
    copy->setObjectName(QStringLiteral("copyScript"));
    copy->setToolTip(
        tr("Copy what was done as an action script that `umdfctl run --actions` replays"));
    auto *save = new QPushButton(tr("Save script…"), this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_line, 1);
    bar->addWidget(copy);
    bar->addWidget(save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addWidget(m_table, 1);
    connect(m_line, &QLineEdit::returnPressed, this, &ActionsPanel::runTyped);
    connect(m_line, &QLineEdit::textChanged, this, [this](const QString &text) {
        // Past the limit, the line was cut (a paste): say so now, not at Enter.
        const bool full = text.size() > kMaxLineCharacters;
        if (full)
            m_error->setText(tooLongMessage());
        m_error->setVisible(full);
    });
    connect(copy, &QPushButton::clicked, this, &ActionsPanel::copyScript);
    connect(save, &QPushButton::clicked, this, &ActionsPanel::saveScript);
    connect(model, &QAbstractItemModel::rowsInserted, m_table, &QTableView::scrollToBottom);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &idx) {
        Q_EMIT recordRequested(idx.data(ActionLogModel::FirstRecordRole).toLongLong());
    });
}

QString ActionsPanel::tooLongMessage() const
{
    return tr("Not run: an action line here holds at most %1 characters, and what was pasted was "
              "cut there. Put long data in an action script (umdf-explorer --actions FILE, "
              "umdfctl run --actions FILE).")
        .arg(kMaxLineCharacters);
}

void ActionsPanel::runTyped()
{
    // A line cut at the limit is not what was meant: a cut hex: write would send less data.
    if (m_line->text().size() > kMaxLineCharacters) {
        m_error->setText(tooLongMessage());
        m_error->setVisible(true);
        return;
    }
    const QString line = m_line->text().trimmed();
    if (line.isEmpty())
        return;
    const QString problem = SimulationBridge::checkLine(line);
    if (!problem.isEmpty()) {
        m_error->setText(tr("Not run: %1").arg(problem));
        m_error->setVisible(true);
        return;
    }
    m_bridge->submit(line);
    m_line->clear();
}

void ActionsPanel::showRecordedActions(
    const std::vector<std::pair<std::uint64_t, std::string>> &actions, const QString &scenarioFile,
    const std::function<qint64(std::uint64_t)> &times)
{
    m_recorded->clear();
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const auto &[seq, line] = actions[i];
        ActionResult r;
        r.ticket = i + 1;
        r.line = r.canonical = QString::fromStdString(line);
        r.parsed = r.ok = true;
        r.firstRecord = qint64(seq);
        r.endRecord = i + 1 < actions.size() ? qint64(actions[i + 1].first) : qint64(seq) + 1;
        // Each action ends where the next begins: the log holds what ran, its advance lines
        // included, so a script of it needs no advance added between them.
        r.virtualTimeBefore = times ? times(seq) : 0;
        r.virtualTimeAfter
            = i + 1 < actions.size() && times ? times(actions[i + 1].first) : r.virtualTimeBefore;
        m_recorded->append(r);
    }
    m_recordedScenario = scenarioFile;
    m_recordedShown = true;
    m_style->setSourceModel(m_recorded);
    m_line->setEnabled(false);
    m_line->setPlaceholderText(tr("A trace file's actions (read-only)"));
}

void ActionsPanel::showLiveActions()
{
    m_recordedShown = false;
    m_style->setSourceModel(m_model);
    m_recorded->clear();
    m_line->setEnabled(true);
    m_line->setPlaceholderText(
        tr("Type an action line and press Enter: write h1 \"hi\", advance 100ms, "
           "surprise-remove ROOT\\ECHO\\0000 …"));
}

QString ActionsPanel::script() const
{
    if (m_recordedShown)
        return m_recorded->script(m_recordedScenario);
    return m_model->script(m_bridge->scenarioFile());
}

void ActionsPanel::copyScript()
{
    QApplication::clipboard()->setText(script());
}

void ActionsPanel::saveScript()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save action script"),
        QStringLiteral("session.actions"), tr("Action scripts (*.actions *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(script().toUtf8()) < 0)
        QMessageBox::warning(
            this, tr("Save action script"), tr("Cannot write %1: %2").arg(path, f.errorString()));
}

} // namespace umdfx::gui
