#include "widgets/views/inspectorwidget.h"

#include "widgets/models/inspectormodel.h"
#include "widgets/models/tracefiltermodel.h"
#include "widgets/models/tracetablemodel.h"
#include "widgets/views/hexview.h"
#include "widgets/views/tracestyleproxy.h"

#include <QDesktopServices>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

namespace umdfx::gui {

InspectorWidget::InspectorWidget(QWidget *parent)
    : QWidget(parent)
    , m_model(new InspectorModel(this))
    , m_history(new TraceFilterModel(this))
{
    m_title = new QLabel(tr("Select a trace record or a device-tree item"), this);
    m_title->setObjectName(QStringLiteral("inspectorTitle"));
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);

    m_fields = new QTreeView(this);
    m_fields->setObjectName(QStringLiteral("inspectorFields"));
    m_fields->setModel(m_model);
    m_fields->setUniformRowHeights(true);
    m_fields->setAlternatingRowColors(true);
    m_fields->setRootIsDecorated(true);
    m_fields->setWordWrap(false);
    m_fields->header()->setStretchLastSection(true);
    m_fields->setColumnWidth(
        InspectorModel::FieldColumn, fontMetrics().horizontalAdvance(QLatin1Char('0')) * 22);

    m_hex = new HexView(this);
    m_hex->setObjectName(QStringLiteral("inspectorHex"));

    m_historyLabel = new QLabel(tr("History"), this);
    m_historyView = new QTableView(this);
    m_historyView->setObjectName(QStringLiteral("inspectorHistory"));
    auto *style = new TraceStyleProxy(this);
    style->setSourceModel(m_history);
    style->setPalette(palette());
    m_historyView->setModel(style);
    m_historyView->verticalHeader()->setVisible(false);
    m_historyView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_historyView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_historyView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_historyView->setShowGrid(false);
    m_historyView->setWordWrap(false);
    m_historyView->horizontalHeader()->setStretchLastSection(true);
    auto *historyBox = new QWidget(this);
    auto *hl = new QVBoxLayout(historyBox);
    hl->setContentsMargins(0, 0, 0, 0);
    hl->addWidget(m_historyLabel);
    hl->addWidget(m_historyView);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("inspectorSplitter"));
    m_splitter->addWidget(m_fields);
    m_splitter->addWidget(m_hex);
    m_splitter->addWidget(historyBox);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_title);
    layout->addWidget(m_splitter, 1);

    connect(m_fields, &QTreeView::doubleClicked, this, [this](const QModelIndex &idx) {
        const qint64 linked = idx.data(InspectorModel::LinkedRecordRole).toLongLong();
        if (linked >= 0)
            Q_EMIT recordRequested(linked);
        const QString url = idx.data(InspectorModel::UrlRole).toString();
        if (!url.isEmpty())
            QDesktopServices::openUrl(QUrl(url));
    });
    connect(m_fields->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &idx) {
            const QByteArray bytes = idx.data(InspectorModel::BytesRole).toByteArray();
            if (!bytes.isEmpty())
                m_hex->setData(bytes);
        });
    connect(m_historyView, &QTableView::doubleClicked, this,
        [this](const QModelIndex &idx) { Q_EMIT recordRequested(m_history->recordAt(idx.row())); });
    connect(m_history, &TraceFilterModel::filterApplied, this,
        [this](const QString &, qint64 matched, qint64, qint64) {
            if (!m_historyFilter.isEmpty())
                m_historyLabel->setText(
                    m_historyLabel->text().section(QLatin1String(" \u2014"), 0, 0)
                    + tr(" \u2014 %n record(s)", nullptr, int(matched)));
        });
}

void InspectorWidget::setTraceModel(TraceTableModel *model)
{
    m_trace = model;
    m_history->setSourceModel(model);
    m_history->showNothing(); // until something is selected
    // Sections exist once the model has columns.
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    for (int c = 0; c < TraceTableModel::ColumnCount; ++c) {
        const bool shown = c == TraceTableModel::SeqColumn || c == TraceTableModel::EventColumn
            || c == TraceTableModel::ResultColumn;
        m_historyView->setColumnHidden(c, !shown);
    }
    m_historyView->setColumnWidth(TraceTableModel::SeqColumn, 6 * ch);
    m_historyView->setColumnWidth(TraceTableModel::EventColumn, 32 * ch);
    m_historyFilter.clear();
}

void InspectorWidget::setHistory(const QString &filter, const QString &label)
{
    m_historyLabel->setText(label);
    if (filter == m_historyFilter)
        return;
    m_historyFilter = filter;
    if (filter.isEmpty())
        m_history->showNothing();
    else
        m_history->setFilterText(filter);
}

void InspectorWidget::showRecord(qint64 record)
{
    if (!m_trace || !m_trace->store() || record < 0) {
        clear();
        return;
    }
    m_itemKey.clear();
    m_model->showRecord(*m_trace->store(), record, &m_trace->callPairs());
    m_fields->expandAll();
    m_hex->setData(m_model->firstBuffer());
    const QString event = m_trace->cellText(record, TraceTableModel::EventColumn);
    m_title->setText(tr("#%1  %2").arg(record).arg(event));
    const trace::TraceRecord &r = m_trace->store()->at(std::size_t(record));
    if (r.object)
        setHistory(
            QStringLiteral("object:%1").arg(r.object), tr("History of object #%1").arg(r.object));
    else if (r.request)
        setHistory(
            QStringLiteral("request:%1").arg(r.request), tr("Path of request %1").arg(r.request));
    else
        setHistory(QString(), tr("History"));
}

void InspectorWidget::updateItem(const QString &key, const QString &title,
    const QVariantList &properties, uint objectId, const QString &instanceId)
{
    if (!m_itemKey.isEmpty() && key == m_itemKey)
        showItem(key, title, properties, objectId, instanceId);
}

void InspectorWidget::showItem(const QString &key, const QString &title,
    const QVariantList &properties, uint objectId, const QString &instanceId)
{
    m_itemKey = key;
    m_model->showProperties(title, properties);
    m_fields->expandAll();
    m_hex->setData({});
    m_title->setText(title);
    if (objectId)
        setHistory(
            QStringLiteral("object:%1").arg(objectId), tr("History of object #%1").arg(objectId));
    else if (!instanceId.isEmpty())
        setHistory(QStringLiteral("device:=\"%1\" -kind:action").arg(instanceId),
            tr("History of %1").arg(instanceId));
    else
        setHistory(QString(), tr("History"));
}

void InspectorWidget::clear()
{
    m_itemKey.clear();
    m_model->clear();
    m_hex->setData({});
    m_title->setText(tr("Select a trace record or a device-tree item"));
    setHistory(QString(), tr("History"));
}

QByteArray InspectorWidget::saveState() const
{
    return m_splitter->saveState();
}

bool InspectorWidget::restoreState(const QByteArray &state)
{
    return m_splitter->restoreState(state);
}

} // namespace umdfx::gui
