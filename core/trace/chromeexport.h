#pragma once
// The trace as Chrome Trace Event JSON (the "JSON Object Format"), which Perfetto UI, speedscope
// and chrome://tracing open. Made only when a person exports; never on the recording path.
//
//   - one track per party (each application, the kernel side, the PnP manager, the framework, the
//     host, each driver): thread_name / thread_sort_index metadata events in one process;
//   - a call is a complete event ("X", with its duration up to its return) on the track of the
//     party that runs it (the callee);
//   - an event record (PnP change, notification, verifier finding, host event, action) is an
//     instant event ("i");
//   - the records of one request are joined by a flow ("s", "t", "f", id = the request id) from
//     the Win32 call through the driver's callback to its completion.
// Timestamps are in microseconds of virtual time, plus 1 ns per record so that calls made at the
// same virtual instant keep their order and nesting. Threads: any, for records below size().

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
