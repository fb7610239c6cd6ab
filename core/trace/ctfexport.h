#pragma once
// The trace as a Common Trace Format 1.8 trace: a directory with a TSDL `metadata` file and one
// binary stream (`stream`), which babeltrace2 prints and Trace Compass opens. One event class per
// record kind (umdfx:callback, umdfx:ddi, umdfx:win32, …), every record one event with the same
// fields as the JSON Lines output (t_ns: the recorded virtual time); the clock is virtual time in
// ns, held at 0 below 0 and never going back, so babeltrace2 indexes any trace. Threads: any, for
// records below size().

#include "core/trace/tracestore.h"

#include <optional>
#include <string>

namespace umdfx::trace {

// Creates `directory` (it must not exist, or be empty) and writes the trace into it. An error
// message on failure; the directory is then left out (removed).
std::optional<std::string> writeCtfTrace(const TraceStore &store, const std::string &directory);

} // namespace umdfx::trace
