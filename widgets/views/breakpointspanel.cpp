#include "widgets/views/breakpointspanel.h"

#include "widgets/models/breakpointmodel.h"
#include "widgets/views/icons.h"
#include "widgets/views/palette.h"
#include "widgets/views/tablepanels.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace umdfx::gui {

namespace {

// The red dot of a debugger's breakpoint list, hollow when disabled (the model has no icons).
class BreakpointStyleProxy : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::DecorationRole && index.column() == BreakpointModel::BreakpointColumn)
            return themeIcon(QIdentityProxyModel::data(index, BreakpointModel::EnabledRole).toBool()
                    ? QStringLiteral("breakpoint")
                    : QStringLiteral("breakpoint-disabled"));
        return QIdentityProxyModel::data(index, role);
    }
};

} // namespace

BreakpointsPanel::BreakpointsPanel(BreakpointModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_line = new QLineEdit(this);
    m_line->setObjectName(QStringLiteral("breakpointLine"));
    m_line->setClearButtonEnabled(true);
    m_line->setPlaceholderText(
        tr("Add: OnWrite, IQueueCallbackWrite::OnWrite, device:ROOT\\ECHO\\0000, finding:V5"));
    m_line->setToolTip(tr("<p>Stop the simulation before a framework\u2192driver callback:</p>"
                          "<ul><li><b>OnWrite</b> or <b>IQueueCallbackWrite::OnWrite</b>: "
                          "that method</li><li><b>device:ROOT\\ECHO\\0000</b>: any callback on "
                          "that device</li><li><b>finding</b>, <b>finding:V5</b>: just after a "
                          "verifier finding (any, or that rule)</li></ul>"));
    auto *add = new QPushButton(themeIcon(QStringLiteral("breakpoint")), tr("Add"), this);
    add->setObjectName(QStringLiteral("breakpointAdd"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("breakpointError"));
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, failureText(palette()));
    m_error->setPalette(p);

    m_table = makeListTable(this, QStringLiteral("breakpointTable"));
    auto *style = new BreakpointStyleProxy(this);
    style->setSourceModel(model);
    m_table->setModel(style);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->horizontalHeader()->setSectionResizeMode(
        BreakpointModel::BreakpointColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(
        BreakpointModel::KindColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(
        BreakpointModel::HitsColumn, QHeaderView::ResizeToContents);

    auto *remove = new QPushButton(tr("Remove"), this);
    remove->setObjectName(QStringLiteral("breakpointRemove"));
    auto *removeAll = new QPushButton(tr("Remove all"), this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_line, 1);
    bar->addWidget(add);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(remove);
    buttons->addWidget(removeAll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_line, &QLineEdit::returnPressed, this, &BreakpointsPanel::addTyped);
    connect(add, &QPushButton::clicked, this, &BreakpointsPanel::addTyped);
    connect(m_line, &QLineEdit::textChanged, this, [this] { m_error->setVisible(false); });
    connect(remove, &QPushButton::clicked, this, &BreakpointsPanel::removeSelected);
    connect(removeAll, &QPushButton::clicked, m_model, &BreakpointModel::removeAll);
    connect(
        m_table, &QTableView::customContextMenuRequested, this, &BreakpointsPanel::showContextMenu);
    auto *del = new QAction(this);
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(del, &QAction::triggered, this, &BreakpointsPanel::removeSelected);
    m_table->addAction(del);
}

bool BreakpointsPanel::addTyped()
{
    const QString text = m_line->text().trimmed();
    if (text.isEmpty())
        return false;
    const QString error = m_model->addBreakpoint(text);
    if (!error.isEmpty()) {
        m_error->setText(tr("Not added: %1").arg(error));
        m_error->setVisible(true);
        return false;
    }
    m_line->clear();
    return true;
}

void BreakpointsPanel::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        rows << i.row();
    if (rows.isEmpty() && m_table->currentIndex().isValid())
        rows << m_table->currentIndex().row();
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (int r : rows)
        m_model->removeBreakpoint(r);
}

void BreakpointsPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex idx = m_table->indexAt(pos);
    QMenu menu(this);
    if (idx.isValid()) {
        const int row = idx.row();
        const bool enabled = idx.data(BreakpointModel::EnabledRole).toBool();
        menu.addAction(enabled ? tr("Disable") : tr("Enable"), this,
            [this, row, enabled] { m_model->setEnabled(row, !enabled); });
        menu.addAction(tr("Remove"), this, [this, row] { m_model->removeBreakpoint(row); });
        menu.addSeparator();
    }
    menu.addAction(tr("Remove all"), m_model, &BreakpointModel::removeAll)
        ->setEnabled(m_model->rowCount() > 0);
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

} // namespace umdfx::gui
