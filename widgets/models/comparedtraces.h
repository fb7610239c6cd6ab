#pragma once

#include "core/simulation/tracediff.h"
#include "widgets/models/backgroundjob.h"
#include "widgets/models/loadedtrace.h"

#include <memory>
#include <variant>

namespace umdfx::gui {

// Two trace files read and compared for File > Compare with…: both traces (for their device
// trees) and their comparison. Plain value; any thread once made.
struct ComparedTraces
{
    LoadedTrace a, b;
    std::shared_ptr<const TraceComparison> comparison;
};

// Reads both files as hostile input and compares them (tracediff.h), reporting five steps (read
// A, read B, lines of A, lines of B, alignment) through progress and stopping between steps
// when asked to. A trace given already read (isValid) is not read again. Blocks: call it on a
// job thread. The error says which file was refused and why; "cancelled" when progress said so.
std::variant<ComparedTraces, QString> compareTraceFiles(const LoadedTrace &knownA,
    const QString &pathA, const QString &pathB, const DiffOptions &options, JobProgress &progress);

} // namespace umdfx::gui
