#include "widgets/views/traceview.h"

#include "widgets/models/findingsmodel.h"
#include "widgets/models/helplinks.h"
#include "widgets/models/tracefiltermodel.h"
#include "widgets/models/tracetablemodel.h"
#include "widgets/views/icons.h"
#include "widgets/views/sequencediagramview.h"
#include "widgets/views/tracestyleproxy.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDataStream>
#include <QDesktopServices>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace umdfx::gui {

namespace {
constexpr quint32 kStateMagic = 0x55545632; // "UTV2": + the tab, the diagram's zoom

QString quoteTerm(const QString &value)
{
    return value.contains(u' ') ? QLatin1Char('"') + value + QLatin1Char('"') : value;
}
} // namespace

TraceView::TraceView(QWidget *parent)
    : QWidget(parent)
    , m_filter(new TraceFilterModel(this))
    , m_style(new TraceStyleProxy(this))
{
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("traceFilter"));
    m_filterEdit->setClearButtonEnabled(true);
    // One more than a filter may hold: a paste cut there can be told from a filter exactly at it.
    m_filterEdit->setMaxLength(kMaxFilterCharacters + 1);
    m_filterEdit->setPlaceholderText(
        tr("Filter: free text, or method:OnWrite device:ECHO request:7 kind:callback hr:!0 "
           "-QueryInterface (Enter applies)"));
    m_filterEdit->setToolTip(
        tr("<p>All terms must hold. <b>FIELD:VALUE</b> with fields kind, phase, method, iface, "
           "device, thread, from, to, lane, request, object, call, seq, hr, arg.</p>"
           "<p>Text matches as a substring (<b>:=</b> for the whole text, * and ? as "
           "wildcards); numbers as N, A-B, &gt;N, &lt;N; hr: as a value, a name (E_NOINTERFACE, "
           "ERROR_FILE_NOT_FOUND) or ok/failed. Commas separate alternatives; <b>-</b> or "
           "<b>!</b> negates.</p>"));
    m_filterError = new QLabel(this);
    m_filterError->setObjectName(QStringLiteral("traceFilterError"));
    m_filterError->setVisible(false);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("traceCount"));
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(true);
    m_progress->setVisible(false);
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the filter scan; the previous filter stays"));
    m_cancel->setVisible(false);
    m_followButton = new QToolButton(this);
    m_followButton->setObjectName(QStringLiteral("followLive"));
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    m_followButton->setIcon(themeIcon(QStringLiteral("follow")));
    m_followButton->setText(tr("Follow"));
    m_followButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_followButton->setToolTip(tr("Keep the newest record in view (Ctrl+L)"));
    auto *findingButton = new QToolButton(this);
    findingButton->setIcon(themeIcon(QStringLiteral("finding")));
    findingButton->setToolTip(tr("Next verifier finding (F8; Shift+F8 for the previous one)"));

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_progress);
    bar->addWidget(m_cancel);
    bar->addWidget(m_count);
    bar->addWidget(findingButton);
    bar->addWidget(m_followButton);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("traceTable"));
    m_style->setSourceModel(m_filter);
    m_style->setPalette(palette());
    m_table->setModel(m_style);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setCornerButtonEnabled(false);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setTextElideMode(Qt::ElideRight);
    // Fixed row heights: the view never measures rows, whatever the count (DESIGN.md).
    QHeaderView *vh = m_table->verticalHeader();
    vh->setVisible(false);
    vh->setSectionResizeMode(QHeaderView::Fixed);
    vh->setDefaultSectionSize(fontMetrics().height() + 4);
    QHeaderView *hh = m_table->horizontalHeader();
    hh->setSectionResizeMode(QHeaderView::Interactive);
    hh->setStretchLastSection(true);
    hh->setHighlightSections(false);
    hh->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    m_diagram = new SequenceDiagramView(this);
    m_diagram->setModel(m_style);
    // One selection for both views: an arrow selected is the row selected, and the other way.
    QItemSelectionModel *own = m_diagram->selectionModel();
    m_diagram->setSelectionModel(m_table->selectionModel());
    delete own;
    m_diagram->setContextMenuPolicy(Qt::CustomContextMenu);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("traceTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_table, themeIcon(QStringLiteral("table")), tr("&Table"));
    m_tabs->addTab(
        makeDiagramPage(), themeIcon(QStringLiteral("sequence")), tr("Se&quence diagram"));
    m_tabs->setTabToolTip(0, tr("One row per record (Alt+T)"));
    m_tabs->setTabToolTip(1,
        tr("Lifelines per party, an arrow per call, a dashed one per return (Alt+Q); "
           "Ctrl+wheel zooms"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_filterError);
    layout->addWidget(m_tabs, 1);

    connect(m_filterEdit, &QLineEdit::returnPressed, this, &TraceView::applyTypedFilter);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &t) {
        if (t.isEmpty())
            applyTypedFilter(); // the clear button
        else if (t.size() > kMaxFilterCharacters)
            showFilterError(tooLongMessage()); // most likely a paste, cut: say so now
    });
    connect(m_cancel, &QToolButton::clicked, m_filter, &TraceFilterModel::cancelScan);
    connect(m_followButton, &QToolButton::toggled, this, &TraceView::setFollowLive);
    connect(findingButton, &QToolButton::clicked, this, &TraceView::nextFinding);
    connect(m_filter, &TraceFilterModel::scanStarted, this, &TraceView::onScanStarted);
    connect(m_filter, &TraceFilterModel::scanProgress, this, &TraceView::onScanProgress);
    connect(m_filter, &TraceFilterModel::filterApplied, this, &TraceView::onFilterApplied);
    connect(m_filter, &TraceFilterModel::scanCancelled, this, [this](const QString &f) {
        m_progress->setVisible(false);
        m_cancel->setVisible(false);
        Q_EMIT statusMessage(tr("Filter \"%1\" cancelled").arg(f));
        updateCountLabel();
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &TraceView::onRowsInserted);
    connect(m_filter, &QAbstractItemModel::modelAboutToBeReset, this,
        [this] { m_keepRecord = currentRecord(); });
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        const int row = m_filter->rowForRecord(m_keepRecord, true);
        if (row >= 0 && m_keepRecord >= 0) {
            const int column = std::max(0, m_table->horizontalHeader()->logicalIndexAt(0));
            m_table->setCurrentIndex(m_style->index(row, column));
            m_table->scrollTo(m_table->currentIndex(), QAbstractItemView::PositionAtCenter);
        } else if (m_follow) {
            m_table->scrollToBottom();
            m_diagram->scrollToBottom();
        }
        updateCountLabel();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            Q_EMIT currentRecordChanged(
                current.isValid() ? m_filter->recordAt(current.row()) : qint64(-1));
        });
    connect(m_table, &QTableView::customContextMenuRequested, this, [this](const QPoint &pos) {
        showContextMenu(m_table->indexAt(pos), m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_diagram, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        showContextMenu(m_diagram->indexAt(pos), m_diagram->viewport()->mapToGlobal(pos));
    });
    connect(m_table, &QTableView::pressed, this, [this] { setFollowLive(false); });
    connect(m_diagram, &QAbstractItemView::pressed, this, [this] { setFollowLive(false); });
    connect(m_diagram->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this](int action) {
        QScrollBar *sb = m_diagram->verticalScrollBar();
        if (action == QAbstractSlider::SliderToMaximum)
            setFollowLive(true);
        else if (sb->sliderPosition() < sb->maximum())
            setFollowLive(false);
    });
    connect(m_table->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this](int action) {
        // A person scrolling up stops following; scrolling to the end starts it again.
        QScrollBar *sb = m_table->verticalScrollBar();
        if (action == QAbstractSlider::SliderToMaximum)
            setFollowLive(true);
        else if (sb->sliderPosition() < sb->maximum())
            setFollowLive(false);
    });

    const auto addShortcut = [this](const QKeySequence &keys, auto slot, QWidget *scope) {
        auto *a = new QAction(this);
        a->setShortcut(keys);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, slot);
        scope->addAction(a);
        return a;
    };
    addShortcut(QKeySequence::Copy, &TraceView::copySelection, m_table);
    addShortcut(QKeySequence::Copy, &TraceView::copySelection, m_diagram);
    addShortcut(QKeySequence(Qt::Key_F8), &TraceView::nextFinding, this);
    addShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F8), &TraceView::previousFinding, this);
    addShortcut(
        QKeySequence(Qt::CTRL | Qt::Key_L), [this] { setFollowLive(!m_follow); }, this);
    addShortcut(
        QKeySequence::Find,
        [this] {
            m_filterEdit->setFocus();
            m_filterEdit->selectAll();
        },
        this);
    addShortcut(
        QKeySequence(Qt::Key_Escape),
        [this] {
            if (m_filter->isScanning())
                m_filter->cancelScan();
        },
        this);
    updateCountLabel();
}

TraceView::~TraceView() = default;

QWidget *TraceView::makeDiagramPage()
{
    auto *page = new QWidget(this);
    auto *tools = new QHBoxLayout;
    tools->setContentsMargins(2, 2, 2, 0);
    tools->setSpacing(2);
    const auto button
        = [&](const QString &icon, const QString &text, const QString &tip, auto slot) {
              auto *b = new QToolButton(page);
              if (!icon.isEmpty())
                  b->setIcon(themeIcon(icon));
              b->setText(text);
              b->setToolTip(tip);
              b->setAutoRaise(true);
              b->setToolButtonStyle(
                  icon.isEmpty() ? Qt::ToolButtonTextOnly : Qt::ToolButtonTextBesideIcon);
              connect(b, &QToolButton::clicked, this, slot);
              tools->addWidget(b);
              return b;
          };
    button(
        QString(), tr("−"), tr("Zoom out (Ctrl+−, Ctrl+wheel)"), [this] { m_diagram->zoomOut(); });
    button(QString(), tr("+"), tr("Zoom in (Ctrl+=, Ctrl+wheel)"), [this] { m_diagram->zoomIn(); });
    button(QString(), tr("1:1"),
        tr("Readable rows and lifelines fitted to the width again (Ctrl+0)"), [this] {
            m_diagram->setLaneSpacing(0);
            m_diagram->resetZoom();
        });
    button(QStringLiteral("zoom-fit"), tr("Fit"), tr("The whole (filtered) trace on one screen"),
        [this] { m_diagram->zoomToFit(); });
    auto *zoom = new QLabel(page);
    zoom->setObjectName(QStringLiteral("sequenceZoom"));
    const auto showZoom = [this, zoom](qreal h) {
        const qreal readable = m_diagram->readableRowHeight();
        zoom->setText(h >= 1 ? tr("%1 px a record").arg(h, 0, 'f', h < 10 ? 1 : 0)
                             : tr("%L1 records a pixel").arg(qRound(1 / h)));
        zoom->setToolTip(
            h + 0.01 < readable ? tr("Labels show from %1 px a record").arg(readable) : QString());
    };
    connect(m_diagram, &SequenceDiagramView::zoomChanged, zoom, showZoom);
    showZoom(m_diagram->rowHeight());
    tools->addSpacing(8);
    tools->addWidget(zoom);
    tools->addStretch(1);
    button(QStringLiteral("export"), tr("Export visible…"),
        tr("The rows on screen as SVG or PNG, for slides and bug reports"),
        [this] { exportDiagram(false); });
    button(QString(), tr("Export selection…"),
        tr("The selected rows (first to last) as SVG or PNG"), [this] { exportDiagram(true); });
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(tools);
    layout->addWidget(m_diagram, 1);
    return page;
}

void TraceView::showSequenceDiagram(bool diagram)
{
    m_tabs->setCurrentIndex(diagram ? 1 : 0);
}

bool TraceView::isSequenceDiagramShown() const
{
    return m_tabs->currentIndex() == 1;
}

void TraceView::exportDiagram(bool selection)
{
    int first = 0, last = -1;
    if (selection) {
        const QList<qint64> records = selectedRecords();
        if (records.isEmpty()) {
            Q_EMIT statusMessage(tr("Select the rows to export first"));
            return;
        }
        first = m_filter->rowForRecord(records.first());
        last = m_filter->rowForRecord(records.last());
    } else {
        std::tie(first, last) = m_diagram->visibleRows();
    }
    if (first < 0 || last < first) {
        Q_EMIT statusMessage(tr("There is nothing to export"));
        return;
    }
    const QString dir = m_exportDir;
    QString chosen;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the sequence diagram"),
        dir + (dir.isEmpty() ? QString() : QStringLiteral("/")) + QStringLiteral("sequence.svg"),
        tr("SVG image (*.svg);;PNG image (*.png)"), &chosen);
    if (path.isEmpty())
        return;
    QString target = path;
    if (QFileInfo(target).suffix().isEmpty())
        target += chosen.contains(QLatin1String("png")) ? QStringLiteral(".png")
                                                        : QStringLiteral(".svg");
    m_exportDir = QFileInfo(target).absolutePath();
    const QString error = m_diagram->exportImage(target, first, last);
    if (error.isEmpty())
        Q_EMIT statusMessage(tr("Rows %L1–%L2 written to %3").arg(first).arg(last).arg(target));
    else
        Q_EMIT statusMessage(tr("Not exported: %1").arg(error));
}

void TraceView::setTraceModel(TraceTableModel *model)
{
    m_trace = model;
    m_filter->setSourceModel(model);
    m_diagram->setTraceModels(model, m_filter);
    setDefaultColumns();
    updateCountLabel();
}

void TraceView::setDefaultColumns()
{
    // Widths in digits of the current font; sections exist only once the model has columns.
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const int widths[] = { 9, 11, 11, 17, 7, 6, 36, 24, 14, 11, 40 };
    for (int c = 0; c < TraceTableModel::ColumnCount && c < m_style->columnCount(); ++c)
        m_table->setColumnWidth(c, widths[c] * ch + 10);
    m_table->setColumnHidden(
        TraceTableModel::PhaseColumn, true); // the Event column's arrow shows it
}

void TraceView::setFindingsModel(FindingsModel *model)
{
    m_findings = model;
}

QString TraceView::tooLongMessage() const
{
    return tr("a filter holds at most %1 characters; what was pasted was cut there")
        .arg(kMaxFilterCharacters);
}

void TraceView::showFilterError(const QString &error)
{
    m_filterError->setText(error.isEmpty() ? QString() : tr("Filter not applied: %1").arg(error));
    m_filterError->setVisible(!error.isEmpty());
    QPalette p = m_filterError->palette();
    p.setColor(QPalette::WindowText, QColor(0xd0, 0x3b, 0x3b));
    m_filterError->setPalette(p);
}

QString TraceView::setFilterText(const QString &text)
{
    // The bar cuts what is longer than it takes; a filter cut short is not the one asked for.
    if (text.size() > kMaxFilterCharacters) {
        const QString error = tooLongMessage();
        showFilterError(error);
        return error;
    }
    if (m_filterEdit->text() != text) {
        const QSignalBlocker block(m_filterEdit);
        m_filterEdit->setText(text);
    }
    const QString error = m_filter->setFilterText(text);
    showFilterError(error);
    return error;
}

QString TraceView::filterText() const
{
    return m_filter->filterText();
}

void TraceView::applyTypedFilter()
{
    setFilterText(m_filterEdit->text());
}

void TraceView::setFollowLive(bool on)
{
    if (on == m_follow)
        return;
    m_follow = on;
    {
        const QSignalBlocker block(m_followButton);
        m_followButton->setChecked(on);
    }
    if (on) {
        m_table->scrollToBottom();
        m_diagram->scrollToBottom();
    }
    Q_EMIT followLiveChanged(on);
}

void TraceView::onRowsInserted()
{
    updateCountLabel();
    if (!m_follow || m_scrollPending)
        return;
    // One scroll per event-loop turn, however many batches arrived.
    m_scrollPending = true;
    QTimer::singleShot(0, this, [this] {
        m_scrollPending = false;
        if (m_follow) {
            m_table->scrollToBottom();
            m_diagram->scrollToBottom();
        }
    });
}

void TraceView::onScanStarted(const QString &filter, qint64 records)
{
    Q_UNUSED(filter);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(tr("filtering %p%"));
    m_progress->setVisible(records > m_filter->synchronousLimit());
    m_cancel->setVisible(records > m_filter->synchronousLimit());
}

void TraceView::onScanProgress(qint64 scanned, qint64 total)
{
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    m_progress->setValue(total ? int(scanned * 1000 / total) : 0);
}

void TraceView::onFilterApplied(const QString &filter, qint64 matched, qint64 scanned, qint64 ms)
{
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    if (!filter.isEmpty())
        Q_EMIT statusMessage(tr("Filter \"%1\": %L2 of %L3 records (%4 ms)")
                                 .arg(filter)
                                 .arg(matched)
                                 .arg(scanned)
                                 .arg(ms));
    updateCountLabel();
}

void TraceView::updateCountLabel()
{
    const qint64 total = m_trace ? m_trace->recordCount() : 0;
    const qint64 shown = m_filter->rowCount();
    if (m_filter->appliedFilterText().isEmpty())
        m_count->setText(tr("%L1 records").arg(total));
    else
        m_count->setText(tr("%L1 of %L2").arg(shown).arg(total));
}

qint64 TraceView::currentRecord() const
{
    const QModelIndex cur = m_table->currentIndex();
    return cur.isValid() ? m_filter->recordAt(cur.row()) : -1;
}

QList<qint64> TraceView::selectedRecords() const
{
    QList<qint64> out;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        out << m_filter->recordAt(i.row());
    std::sort(out.begin(), out.end());
    return out;
}

QString TraceView::selectedText() const
{
    QStringList lines;
    for (qint64 r : selectedRecords()) {
        const int row = m_filter->rowForRecord(r);
        if (row >= 0)
            lines << m_filter->index(row, 0).data(TraceTableModel::TextLineRole).toString();
    }
    return lines.join(QLatin1Char('\n'));
}

void TraceView::copySelection()
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text + QLatin1Char('\n'));
}

void TraceView::selectRecord(qint64 record)
{
    if (record < 0)
        return;
    int row = m_filter->rowForRecord(record);
    if (row < 0 && !m_filter->appliedFilterText().isEmpty()) {
        Q_EMIT statusMessage(tr("Record #%1 is hidden by the filter: filter cleared").arg(record));
        setFilterText(QString());
        row = m_filter->rowForRecord(record);
    }
    if (row < 0)
        return;
    setFollowLive(false);
    // Column 0 keeps the horizontal scroll where it is (the row is what matters).
    const int column = m_table->horizontalHeader()->logicalIndexAt(0);
    const QModelIndex idx = m_style->index(row, column < 0 ? 0 : column);
    m_table->selectionModel()->setCurrentIndex(
        idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(idx, QAbstractItemView::PositionAtCenter);
    m_diagram->scrollTo(idx, QAbstractItemView::PositionAtCenter);
}

void TraceView::nextFinding()
{
    if (!m_findings)
        return;
    const qint64 next = m_findings->nextFinding(currentRecord());
    if (next < 0) {
        Q_EMIT statusMessage(tr("No verifier finding after this record"));
        return;
    }
    selectRecord(next);
}

void TraceView::previousFinding()
{
    if (!m_findings)
        return;
    const qint64 cur = currentRecord();
    const qint64 prev
        = m_findings->previousFinding(cur < 0 ? (m_trace ? m_trace->recordCount() : 0) : cur);
    if (prev < 0) {
        Q_EMIT statusMessage(tr("No verifier finding before this record"));
        return;
    }
    selectRecord(prev);
}

void TraceView::addTerm(const QString &term)
{
    const QString current = m_filter->filterText();
    setFilterText(current.isEmpty() ? term : current + QLatin1Char(' ') + term);
}

void TraceView::showContextMenu(const QModelIndex &idx, const QPoint &globalPos)
{
    QMenu menu(this);
    if (idx.isValid()) {
        const qint64 record = m_filter->recordAt(idx.row());
        const uint request = idx.data(TraceTableModel::RequestRole).toUInt();
        const uint object = idx.data(TraceTableModel::ObjectRole).toUInt();
        const QString device = idx.data(TraceTableModel::DeviceRole).toString();
        const QString method = idx.data(TraceTableModel::MethodRole).toString();
        const QString iface = idx.data(TraceTableModel::InterfaceRole).toString();
        const qint64 paired = idx.data(TraceTableModel::PairedRecordRole).toLongLong();

        QAction *path = menu.addAction(themeIcon(QStringLiteral("request-path")),
            tr("Show request %1's whole path").arg(request), this,
            [this, request] { setFilterText(QStringLiteral("request:%1").arg(request)); });
        path->setEnabled(request != 0);
        QAction *history = menu.addAction(tr("Show object #%1's history").arg(object), this,
            [this, object] { setFilterText(QStringLiteral("object:%1").arg(object)); });
        history->setEnabled(object != 0);
        QAction *pair = menu.addAction(
            idx.data(TraceTableModel::PhaseRole).toInt() == int(trace::Phase::Return)
                ? tr("Go to the call")
                : tr("Go to the return"),
            this, [this, paired] { selectRecord(paired); });
        pair->setEnabled(paired >= 0);
        menu.addSeparator();
        QMenu *only = menu.addMenu(tr("Filter on"));
        QMenu *hide = menu.addMenu(tr("Filter out"));
        const auto offer = [&](const QString &label, const QString &field, const QString &value) {
            if (value.isEmpty())
                return;
            const QString term = field + QStringLiteral(":=") + quoteTerm(value);
            only->addAction(label.arg(value), this, [this, term] { addTerm(term); });
            hide->addAction(
                label.arg(value), this, [this, term] { addTerm(QLatin1Char('-') + term); });
        };
        offer(tr("method %1"), QStringLiteral("method"), method);
        offer(tr("interface %1"), QStringLiteral("iface"), iface);
        offer(tr("device %1"), QStringLiteral("device"), device);
        offer(tr("thread %1"), QStringLiteral("thread"),
            m_trace ? m_trace->cellText(record, TraceTableModel::ThreadColumn) : QString());
        offer(tr("kind %1"), QStringLiteral("kind"),
            m_trace ? m_trace->cellText(record, TraceTableModel::KindColumn) : QString());
        menu.addAction(tr("Clear filter"), this, [this] { setFilterText(QString()); })
            ->setEnabled(!m_filter->filterText().isEmpty());
        menu.addSeparator();
        menu.addAction(tr("Copy selected rows as text"), this, &TraceView::copySelection)
            ->setShortcut(QKeySequence::Copy);
        const QString cell = idx.data(Qt::DisplayRole).toString();
        menu.addAction(tr("Copy cell"), this, [cell] { QApplication::clipboard()->setText(cell); });
        menu.addSeparator();
        menu.addAction(themeIcon(QStringLiteral("finding")), tr("Next verifier finding"), this,
                &TraceView::nextFinding)
            ->setShortcut(QKeySequence(Qt::Key_F8));
        if (m_debugCommands) {
            menu.addSeparator();
            const int kind = idx.data(TraceTableModel::KindRole).toInt();
            if (!method.isEmpty() && kind == int(trace::Kind::Callback))
                menu.addAction(themeIcon(QStringLiteral("breakpoint")),
                    tr("Break on %1::%2").arg(iface, method), this, [this, iface, method] {
                        Q_EMIT breakpointRequested(iface + QLatin1String("::") + method);
                    });
            if (!device.isEmpty())
                menu.addAction(tr("Break on callbacks to %1").arg(device), this, [this, device] {
                    Q_EMIT breakpointRequested(QStringLiteral("device:") + device);
                });
            if (kind == int(trace::Kind::Verifier))
                menu.addAction(themeIcon(QStringLiteral("breakpoint")),
                    tr("Break after finding %1").arg(method), this, [this, method] {
                        Q_EMIT breakpointRequested(QStringLiteral("finding:") + method);
                    });
            menu.addAction(themeIcon(QStringLiteral("debug-run-to")),
                    tr("Run to record #%1 (restart)").arg(record), this,
                    [this, record] { Q_EMIT runToRecordRequested(record); })
                ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F10));
        }
        const QString url = QString::fromStdString(
            methodDocumentationUrl(iface.toStdString(), method.toStdString()));
        if (!url.isEmpty()) {
            menu.addAction(themeIcon(QStringLiteral("help")),
                tr("Microsoft documentation for %1::%2").arg(iface, method), this,
                [url] { QDesktopServices::openUrl(QUrl(url)); });
        }
    } else {
        menu.addAction(tr("Clear filter"), this, [this] { setFilterText(QString()); });
    }
    if (isSequenceDiagramShown()) {
        menu.addSeparator();
        menu.addAction(themeIcon(QStringLiteral("export")),
            tr("Export the visible part as SVG/PNG…"), this, [this] { exportDiagram(false); });
        menu.addAction(
                tr("Export the selected rows as SVG/PNG…"), this, [this] { exportDiagram(true); })
            ->setEnabled(m_table->selectionModel()->hasSelection());
    }
    menu.exec(globalPos);
}

QByteArray TraceView::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kStateMagic << m_table->horizontalHeader()->saveState() << m_follow
        << qint32(m_tabs->currentIndex()) << double(m_diagram->rowHeight())
        << qint32(m_diagram->userLaneSpacing());
    return state;
}

bool TraceView::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray header;
    bool follow = true;
    qint32 tab = 0, spacing = 0;
    double rowHeight = 0;
    in >> magic >> header >> follow >> tab >> rowHeight >> spacing;
    if (magic != kStateMagic || in.status() != QDataStream::Ok)
        return false;
    m_table->horizontalHeader()->restoreState(header);
    setFollowLive(follow);
    showSequenceDiagram(tab == 1);
    // Zoomed out as far as a small trace allowed is no zoom to come back to.
    if (rowHeight >= 3)
        m_diagram->setRowHeight(rowHeight);
    m_diagram->setLaneSpacing(spacing);
    return true;
}

void TraceView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_style->setPalette(palette());
    QWidget::changeEvent(event);
}

} // namespace umdfx::gui
