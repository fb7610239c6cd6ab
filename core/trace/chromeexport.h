#pragma once
// The trace as Chrome Trace Event JSON (the "JSON Object Format"), which Perfetto UI, speedscope
// and chrome://tracing open. Made only when a person exports; never on the recording path.
//
// Tracks, times, slices and flows as ExportLayout decides them (exportlayout.h):
//   - one track per logical thread of the simulation (thread_name / thread_sort_index metadata
//     in one process), and an extra track of that thread for a call that overlaps without
//     nesting (the PnP manager's messages to several hosts), so that every track nests strictly;
//   - a call is a complete event ("X") from the call to its return, named Interface::Method and
//     with no args: speedscope names a frame by its name and its args, so per-call args would
//     make every call a frame of its own (and its import superlinear); the same calls
//     aggregate by Interface::Method. The per-record fields are in the instants, the JSON Lines
//     and the Perfetto export;
//   - an event record (PnP change, notification, verifier finding, host event, action) is an
//     instant event ("i") with its fields as args;
//   - the records of one request are joined by a flow ("s", "t", "f", id = the request id) from
//     the Win32 call through the driver's callback to its completion.
// Timestamps are µs (with ns digits) of ExportLayout's time; every number written is an unsigned
// integer or such a decimal, valid JSON for any record a file can hold. Threads: any, for records
// below size().

#include "core/trace/tracestore.h"

#include <cstdint>
#include <ostream>

namespace umdfx::trace {

struct ChromeExportStats
{
    std::uint64_t events = 0, flows = 0, tracks = 0;
};

ChromeExportStats writeChromeTrace(const TraceStore &store, std::ostream &out);

} // namespace umdfx::trace
