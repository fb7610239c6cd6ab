#pragma once
// Where the explanation catalog plugs in (issue "Teaching": one short text per traced interface
// method, in our own words — built in core/teaching by another part of the project). The views
// ask explanationFor() for the inspector's Explanation section and for the tooltips of trace rows
// and diagram arrows; until a catalog is installed with setExplanationLookup() the answer is ""
// and nothing is shown.
//
// Threads: install once at start-up, before any view asks; then read from the GUI thread.

#include <QString>

#include <functional>

namespace umdfx::gui {

using ExplanationLookup = std::function<QString(const QString &iface, const QString &method)>;

void setExplanationLookup(ExplanationLookup lookup);
// "" when there is no catalog or no entry.
QString explanationFor(const QString &iface, const QString &method);

} // namespace umdfx::gui
