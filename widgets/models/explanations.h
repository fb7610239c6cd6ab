#pragma once
// The explanation catalog in the explorer (issue "Teaching"; core/teaching, resources/
// explanations/): the entry of a traced record for the inspector's Explanation section, and the
// short text the tooltips of trace rows and diagram arrows add under the record's own line.
//
// The catalog is the embedded one, loaded on first use. A catalog that does not load is a build
// defect the teaching tests catch; here it only means no explanations (logged once), never a
// crash.
// Threads: any thread (the embedded catalog is immutable once built); the views call from the
// GUI thread.

#include "core/teaching/explanation.h"
#include "core/trace/tracerecord.h"

#include <QString>

#include <string_view>

namespace umdfx::gui {

// nullptr when the catalog has no entry for the record (actions, log lines, a name without one).
const teaching::Explanation *explanationOf(const trace::TraceRecord &record);
// By name, for views that hold the names rather than the record: a wildcard ("*") entry counts
// only for the kinds it explains, as for records.
const teaching::Explanation *explanationOf(
    std::string_view iface, std::string_view method, trace::Kind kind);

// Rich text for a tooltip: the summary, when it happens and what must be done; "" for nullptr.
QString explanationToolTipHtml(const teaching::Explanation *entry);

} // namespace umdfx::gui
