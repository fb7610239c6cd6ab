#include "widgets/models/inspectormodel.h"

#include "widgets/models/explanations.h"

#include "core/win32/hresulttext.h"
#include "widgets/models/helplinks.h"
#include "widgets/models/threadcheck.h"

#include "core/trace/traceformat.h"

namespace umdfx::gui {

namespace {

// Internal ids: a section header has id 0; an item of section s has id s + 1.
constexpr quintptr kSectionId = 0;

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString argTypeName(trace::ArgType t)
{
    switch (t) {
    case trace::ArgType::U64:
        return QStringLiteral("unsigned");
    case trace::ArgType::I64:
        return QStringLiteral("signed");
    case trace::ArgType::Hex32:
        return QStringLiteral("32-bit value");
    case trace::ArgType::Bool:
        return QStringLiteral("BOOL");
    case trace::ArgType::String:
        return QStringLiteral("string");
    case trace::ArgType::Bytes:
        return QStringLiteral("buffer");
    case trace::ArgType::Guid:
        return QStringLiteral("GUID");
    case trace::ArgType::ObjectRef:
        return QStringLiteral("framework object");
    case trace::ArgType::Dropped:
        return QStringLiteral("dropped for lack of room");
    }
    return {};
}

bool looksLikeStatus(std::string_view key)
{
    return key.find("Status") != std::string_view::npos || key == "hr" || key == "hrStatus";
}

} // namespace

InspectorModel::InspectorModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

void InspectorModel::setSections(std::vector<Section> sections, qint64 record)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    beginResetModel();
    m_sections = std::move(sections);
    m_record = record;
    endResetModel();
}

void InspectorModel::clear()
{
    setSections({}, -1);
}

void InspectorModel::showRecord(
    const trace::TraceStore &store, qint64 index, const CallPairs *pairs)
{
    if (index < 0 || index >= qint64(store.size())) {
        clear();
        return;
    }
    const trace::TraceRecord &r = store.at(std::size_t(index));
    std::vector<Section> sections;

    Section rec { tr("Record"), {} };
    const auto add = [](Section &s, QString field, QString value, QString tip = QString()) {
        s.items.push_back(Item { std::move(field), std::move(value), std::move(tip), {}, -1, {} });
    };
    add(rec, tr("Sequence"), QString::number(r.seq));
    add(rec, tr("Kind"), qs(trace::kindName(r.kind)));
    add(rec, tr("Phase"), qs(trace::phaseName(r.phase)));
    add(rec, tr("Virtual time"), qs(timeText(r.tNs)) + tr(" s"), tr("%1 ns").arg(r.tNs));
    if (store.recordsWallTime())
        add(rec, tr("Wall time"), tr("%1 ns since the trace began").arg(store.wallNs(r)));
    add(rec, tr("Thread"), qs(trace::str(r.thread)));
    add(rec, tr("From"), qs(trace::str(r.from)));
    add(rec, tr("To"), qs(trace::str(r.to)));
    add(rec, tr("Interface"), qs(trace::str(r.iface)));
    add(rec, tr("Method"), qs(trace::str(r.method)));
    add(rec, tr("Device"), r.device ? qs(trace::str(r.device)) : tr("-"));
    add(rec, tr("Object"), r.object ? QStringLiteral("#%1").arg(r.object) : tr("-"));
    add(rec, tr("Request"), r.request ? QString::number(r.request) : tr("-"),
        tr("follows one I/O from the application's call to its completion"));
    add(rec, tr("Call id"), r.call ? QString::number(r.call) : tr("-"));
    const std::int64_t pair = pairs ? pairs->pairOf(r) : -1;
    if (r.call && r.phase != trace::Phase::Event) {
        Item link { r.phase == trace::Phase::Call ? tr("Returns at") : tr("Called at"),
            pair >= 0 ? QStringLiteral("#%1").arg(pair) : tr("not yet returned"),
            tr("double-click to go there"), {}, pair, {} };
        rec.items.push_back(std::move(link));
    }
    sections.push_back(std::move(rec));

    Section result { tr("Result"), {} };
    if (r.hasHr) {
        add(result, tr("HRESULT"), qs(hresultDecoded(r.hr)));
        if (r.hr & 0x80000000u)
            add(result, tr("The application sees"), qs(win32ErrorForStatus(r.hr)),
                tr("HRESULT -> NTSTATUS -> Win32 error, as the reflector and the I/O manager "
                   "translate it (reference §0.4)"));
    }
    const std::string summary = resultText(store, r, pairs);
    if (!summary.empty())
        add(result, tr("Summary"), qs(summary));
    if (!result.items.empty())
        sections.push_back(std::move(result));

    Section args { tr("Arguments"), {} };
    for (const trace::ArgValue &v : store.args(r)) {
        Item item;
        item.field = v.type == trace::ArgType::Dropped ? tr("(dropped)") : qs(trace::str(v.key));
        item.value = qs(trace::argValueToText(v));
        item.toolTip = argTypeName(v.type);
        if (v.type == trace::ArgType::Hex32 && looksLikeStatus(trace::str(v.key)))
            item.value = qs(hresultDecoded(static_cast<std::uint32_t>(v.u)));
        if (v.type == trace::ArgType::Bytes) {
            item.bytes = QByteArray(
                reinterpret_cast<const char *>(v.bytes.data()), qsizetype(v.bytes.size()));
            item.toolTip = tr("buffer of %n byte(s)", nullptr, int(v.fullLength))
                + (v.isCut() ? tr(", %n kept in the trace", nullptr, int(v.bytes.size()))
                             : QString());
        }
        if (v.type == trace::ArgType::ObjectRef)
            item.value = QStringLiteral("#%1").arg(v.u);
        args.items.push_back(std::move(item));
    }
    if (!args.items.empty())
        sections.push_back(std::move(args));

    // The explanation catalog's entry (explanations.h): what it is for, when, what to do.
    const teaching::Explanation *entry = explanationOf(r);
    if (entry) {
        Section why { tr("Explanation"), {} };
        const auto addText = [&why](const QString &field, const std::string &text) {
            if (!text.empty())
                why.items.push_back(Item { field, qs(text), qs(text), {}, -1, {} });
        };
        addText(tr("In short"), entry->summary);
        addText(tr("What for"), entry->purpose);
        addText(tr("When"), entry->when);
        addText(tr("Must do"), entry->mustDo);
        addText(tr("Common mistakes"), entry->mistakes);
        addText(tr("By the framework"), entry->byFramework);
        sections.push_back(std::move(why));
    }

    // The catalog's page first; the built-in table covers names the catalog leaves out.
    const std::string url = entry && !entry->docs.empty()
        ? entry->docs
        : methodDocumentationUrl(trace::str(r.iface), trace::str(r.method));
    if (!url.empty()) {
        Section docs { tr("Documentation"), {} };
        docs.items.push_back(Item { qs(eventText(r)), QString::fromStdString(url),
            tr("double-click to open Microsoft's page"), {}, -1, QString::fromStdString(url) });
        sections.push_back(std::move(docs));
    }
    setSections(std::move(sections), index);
}

void InspectorModel::showProperties(const QString &title, const QVariantList &properties)
{
    Section s { title, {} };
    for (const QVariant &p : properties) {
        const QStringList pair = p.toStringList();
        if (pair.size() >= 2)
            s.items.push_back(Item { pair[0], pair[1], {}, {}, -1, {} });
    }
    std::vector<Section> sections;
    sections.push_back(std::move(s));
    setSections(std::move(sections), -1);
}

QByteArray InspectorModel::firstBuffer() const
{
    for (const Section &s : m_sections)
        for (const Item &i : s.items)
            if (!i.bytes.isEmpty())
                return i.bytes;
    return {};
}

QString InspectorModel::value(const QString &field) const
{
    for (const Section &s : m_sections)
        for (const Item &i : s.items)
            if (i.field == field)
                return i.value;
    return {};
}

QModelIndex InspectorModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kSectionId);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex InspectorModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kSectionId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kSectionId);
}

int InspectorModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_sections.size());
    if (parent.column() > 0 || parent.internalId() != kSectionId)
        return 0;
    return int(m_sections[std::size_t(parent.row())].items.size());
}

int InspectorModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant InspectorModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kSectionId) {
        const Section &s = m_sections[std::size_t(index.row())];
        if (role == Qt::DisplayRole && index.column() == FieldColumn)
            return s.title;
        if (role == SectionRole)
            return true;
        if (role == LinkedRecordRole)
            return qint64(-1);
        return {};
    }
    const Item &i = m_sections[std::size_t(index.internalId() - 1)].items[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == FieldColumn ? i.field : i.value;
    case Qt::ToolTipRole:
        return i.toolTip.isEmpty() ? QVariant() : QVariant(i.toolTip);
    case BytesRole:
        return i.bytes.isEmpty() ? QVariant() : QVariant(i.bytes);
    case LinkedRecordRole:
        return i.linkedRecord;
    case UrlRole:
        return i.url.isEmpty() ? QVariant() : QVariant(i.url);
    case SectionRole:
        return false;
    default:
        return {};
    }
}

QVariant InspectorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == FieldColumn ? tr("Field") : tr("Value");
}

} // namespace umdfx::gui
