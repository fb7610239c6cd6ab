#include "widgets/models/findingsmodel.h"

#include "widgets/models/tracetablemodel.h"

#include <algorithm>

namespace umdfx::gui {

FindingsModel::FindingsModel(QObject *parent)
    : RowListModel({ tr("#"), tr("Rule"), tr("Name"), tr("Device"), tr("Message") }, parent)
{ }

void FindingsModel::setTraceModel(TraceTableModel *model)
{
    if (m_trace)
        disconnect(m_trace, nullptr, this, nullptr);
    m_trace = model;
    m_records.clear();
    clearRows();
    if (!model)
        return;
    connect(model, &TraceTableModel::recordsAppended, this, &FindingsModel::scan);
    connect(model, &TraceTableModel::storeChanged, this, [this] {
        m_records.clear();
        clearRows();
    });
    if (model->recordCount() > 0)
        scan(0, model->recordCount() - 1);
}

void FindingsModel::scan(qint64 first, qint64 last)
{
    const trace::TraceStore *store = m_trace ? m_trace->store() : nullptr;
    if (!store)
        return;
    std::vector<Row> rows;
    for (qint64 i = first; i <= last; ++i) {
        const trace::TraceRecord &r = store->at(std::size_t(i));
        if (r.kind != trace::Kind::Verifier)
            continue;
        trace::ArgValue name, message;
        const trace::ArgsView args = store->args(r);
        args.find("rule", name);
        args.find("message", message);
        Row row;
        row.key = QString::number(i);
        const auto text
            = [](std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); };
        row.cells = QStringList { QString::number(i), text(trace::str(r.method)), text(name.text),
            text(trace::str(r.device)), text(message.text) };
        row.roles.insert(RecordIndexRole, i);
        rows.push_back(std::move(row));
        m_records.push_back(i);
    }
    appendRows(std::move(rows));
}

qint64 FindingsModel::nextFinding(qint64 afterRecord) const
{
    auto it = std::upper_bound(m_records.begin(), m_records.end(), afterRecord);
    return it == m_records.end() ? -1 : *it;
}

qint64 FindingsModel::previousFinding(qint64 beforeRecord) const
{
    auto it = std::lower_bound(m_records.begin(), m_records.end(), beforeRecord);
    return it == m_records.begin() ? -1 : *(it - 1);
}

} // namespace umdfx::gui
