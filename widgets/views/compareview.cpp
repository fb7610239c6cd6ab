#include "widgets/views/compareview.h"

#include "core/simulation/snapshot.h"
#include "widgets/models/devicetreemodel.h"
#include "widgets/models/replaybridge.h"
#include "widgets/models/tracecomparemodel.h"
#include "widgets/views/comparestyleproxy.h"
#include "widgets/views/devicetreeview.h"

#include <QAction>
#include <QEvent>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace umdfx::gui {

// One side's device tree: the replay of its trace, the model it fills, the view.
struct CompareView::Side
{
    ReplayBridge *replay = nullptr; // child of the view
    DeviceTreeModel *tree = nullptr; // child of the view
    DeviceTreeView *view = nullptr; // child of its group box
    QGroupBox *box = nullptr;
    qint64 recordCount = 0;
};

CompareView::CompareView(QWidget *parent)
    : QWidget(parent)
    , m_a(std::make_unique<Side>())
    , m_b(std::make_unique<Side>())
{
    m_model = new TraceCompareModel(this);
    m_style = new CompareStyleProxy(this);
    m_style->setSourceModel(m_model);
    m_style->setPalette(palette());

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_position = new QLabel(this);
    m_position->setObjectName(QStringLiteral("comparePosition"));
    // The selected row's lines in full, wrapped: the table elides long argument lists.
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("compareDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_previous = new QAction(tr("&Previous difference"), this);
    m_previous->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F7));
    m_previous->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_previous->setToolTip(tr("Previous difference (Shift+F7)"));
    m_next = new QAction(tr("&Next difference"), this);
    m_next->setShortcut(QKeySequence(Qt::Key_F7));
    m_next->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_next->setToolTip(tr("Next difference (F7)"));
    addAction(m_previous);
    addAction(m_next);
    connect(m_previous, &QAction::triggered, this, &CompareView::previousDifference);
    connect(m_next, &QAction::triggered, this, &CompareView::nextDifference);
    auto *previousButton = new QToolButton(this);
    previousButton->setDefaultAction(m_previous);
    previousButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *nextButton = new QToolButton(this);
    nextButton->setDefaultAction(m_next);
    nextButton->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setModel(m_style);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // A virtual table of possibly millions of rows: fixed row heights, no measuring of contents.
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(TraceCompareModel::MarkerColumn, QHeaderView::Fixed);
    header->resizeSection(TraceCompareModel::MarkerColumn, fontMetrics().height() + 8);
    for (int c : { int(TraceCompareModel::SeqAColumn), int(TraceCompareModel::SeqBColumn) }) {
        header->setSectionResizeMode(c, QHeaderView::Interactive);
        header->resizeSection(c, fontMetrics().horizontalAdvance(QStringLiteral("0000000")));
    }
    header->setSectionResizeMode(TraceCompareModel::LineAColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(TraceCompareModel::LineBColumn, QHeaderView::Stretch);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) { onCurrentRowChanged(current.row()); });

    auto *trees = new QSplitter(Qt::Horizontal, this);
    setUpSide(*m_a, tr("A"));
    setUpSide(*m_b, tr("B"));
    trees->addWidget(m_a->box);
    trees->addWidget(m_b->box);
    m_treeViewA = m_a->view;
    m_treeViewB = m_b->view;

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->addWidget(trees);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 0);
    split->setStretchFactor(2, 3);
    // Two lines of text, a third when one wraps; the table and the trees share the rest.
    const int detailHeight = QFontMetrics(m_detail->font()).lineSpacing() * 3 + 6;
    split->setSizes({ 500, detailHeight, 350 });

    auto *bar = new QHBoxLayout;
    bar->addWidget(previousButton);
    bar->addWidget(nextButton);
    bar->addWidget(m_position);
    bar->addStretch(1);
    auto *column = new QVBoxLayout(this);
    column->addWidget(m_summary);
    column->addLayout(bar);
    column->addWidget(split, 1);
    updatePosition();
}

CompareView::~CompareView() = default;

void CompareView::setUpSide(Side &side, const QString &title)
{
    side.replay = new ReplayBridge(this);
    side.tree = new DeviceTreeModel(this);
    side.box = new QGroupBox(title, this);
    side.view = new DeviceTreeView(side.box);
    side.view->setTreeModel(side.tree);
    side.view->setReadOnly(true);
    auto *layout = new QVBoxLayout(side.box);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(side.view);
    Side *s = &side;
    connect(side.replay, &ReplayBridge::replayStarted, this, [this, s](qint64 seq) {
        s->view->setStatusText(seq >= s->recordCount ? tr("Replaying to the end of the trace…")
                                                     : tr("Replaying to record #%L1…").arg(seq),
            true);
    });
    connect(side.replay, &ReplayBridge::treeReady, this,
        [this, s](qint64 seq, std::shared_ptr<const DeviceTreeSnapshot> tree) {
            s->tree->setSnapshot(std::move(tree));
            s->view->setStatusText(seq >= s->recordCount
                    ? tr("As it was at the end of the trace (replayed)")
                    : tr("As it was after record #%L1 (replayed)").arg(seq - 1));
        });
    connect(side.replay, &ReplayBridge::replayFailed, this, [s](const QString &message) {
        s->view->setStatusText(tr("The device tree cannot be replayed: %1").arg(message));
    });
}

void CompareView::setTraces(const ComparedTraces &traces)
{
    m_traces = traces;
    const QString nameA = traces.a.isValid() ? traces.a.fileName() : QString();
    const QString nameB = traces.b.isValid() ? traces.b.fileName() : QString();
    m_model->setComparison(traces.comparison, nameA, nameB);
    for (auto [side, trace, name] : { std::tuple { m_a.get(), &traces.a, nameA },
             std::tuple { m_b.get(), &traces.b, nameB } }) {
        side->box->setTitle(side == m_a.get() ? tr("A: %1 — device tree").arg(name)
                                              : tr("B: %1 — device tree").arg(name));
        side->recordCount = trace->isValid() ? qint64(trace->store()->size()) : 0;
        side->tree->setSnapshot(std::make_shared<const DeviceTreeSnapshot>());
        side->replay->setTrace(trace->isValid() ? trace->file : nullptr);
        side->view->setStatusText(tr("Select a row to see the device tree at its record"));
    }
    QString summary;
    if (traces.comparison) {
        summary = QString::fromStdString(diffSummary(*traces.comparison));
        for (const LoadedTrace *t : { &traces.a, &traces.b })
            if (t->isValid() && !t->problem().isEmpty())
                summary += QLatin1Char('\n') + t->problem();
    }
    m_summary->setText(summary);
    updatePosition();
    // Start at the first difference, where there is one.
    const int first = m_model->nextDifference(-1, true);
    if (first >= 0)
        setCurrentRow(first);
}

QString CompareView::summaryText() const
{
    return m_summary->text();
}

int CompareView::currentRow() const
{
    return m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
}

void CompareView::setCurrentRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QModelIndex index = m_style->index(row, TraceCompareModel::LineAColumn);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void CompareView::nextDifference()
{
    const int row = m_model->nextDifference(currentRow(), true);
    if (row >= 0)
        setCurrentRow(row);
}

void CompareView::previousDifference()
{
    const int row = m_model->nextDifference(currentRow() < 0 ? 0 : currentRow(), false);
    if (row >= 0)
        setCurrentRow(row);
}

QString CompareView::detailText() const
{
    return m_detail->text();
}

void CompareView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The first difference was made current before the table had a size to centre it in.
    if (m_table->currentIndex().isValid())
        m_table->scrollTo(m_table->currentIndex(), QAbstractItemView::PositionAtCenter);
}

void CompareView::onCurrentRowChanged(int row)
{
    updatePosition();
    if (row < 0) {
        m_detail->clear();
        return;
    }
    const QModelIndex index = m_model->index(row, 0);
    const auto lineText = [&](int column) {
        const QString text = m_model->index(row, column).data().toString();
        return text.isEmpty() ? tr("(no line)") : text;
    };
    m_detail->setText(
        QStringLiteral("%1 A: %2\n%1 B: %3")
            .arg(index.data().toString().isEmpty() ? QStringLiteral(" ") : index.data().toString(),
                lineText(TraceCompareModel::LineAColumn),
                lineText(TraceCompareModel::LineBColumn)));
    for (auto [side, role] : { std::pair { m_a.get(), int(TraceCompareModel::TreeSeqARole) },
             std::pair { m_b.get(), int(TraceCompareModel::TreeSeqBRole) } }) {
        const qint64 seq = index.data(role).toLongLong();
        if (seq < 0) {
            side->tree->setSnapshot(std::make_shared<const DeviceTreeSnapshot>());
            side->view->setStatusText(tr("Before this trace's first line"));
            continue;
        }
        // As the main window does: the tree once the record happened (just before the next).
        side->replay->requestTreeAt(seq + 1);
    }
}

void CompareView::updatePosition()
{
    const int blocks = m_model->differenceBlocks();
    m_next->setEnabled(blocks > 0);
    m_previous->setEnabled(blocks > 0);
    if (!m_model->comparison()) {
        m_position->clear();
        return;
    }
    if (blocks == 0) {
        m_position->setText(tr("No differences"));
        return;
    }
    const int at = m_model->differenceBlocksUpTo(currentRow());
    m_position->setText(at > 0 ? tr("Difference %L1 of %L2").arg(at).arg(blocks)
                               : tr("%L1 differences").arg(blocks));
}

void CompareView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_style->setPalette(palette());
    QWidget::changeEvent(event);
}

} // namespace umdfx::gui
