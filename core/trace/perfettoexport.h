#pragma once
// The trace as a native Perfetto trace (.perfetto-trace, .pftrace): a protobuf `Trace` of
// `TracePacket`s carrying TrackEvents, which Perfetto UI and trace_processor open directly.
//
//   - one process track ("simulated machine") and one thread track per ExportLayout track (a
//     logical thread of the simulation, an extra track where calls overlap without nesting),
//     as TrackDescriptor packets with process/thread descriptors;
//   - a call is a slice: TYPE_SLICE_BEGIN at the call, TYPE_SLICE_END at its return; an event
//     record is a TYPE_INSTANT; both carry the record's fields as debug annotations;
//   - event names (Interface::Method), categories (the record kind) and debug annotation names
//     are interned on the one packet sequence (InternedData, SEQ_INCREMENTAL_STATE_CLEARED on the
//     first packet, SEQ_NEEDS_INCREMENTAL_STATE on those that use it);
//   - one flow per request (flow_ids, terminating_flow_ids on the last) from its Win32 call
//     through the driver's callback to its completion, as in the Chrome export.
// Timestamps are ExportLayout's ns. The protobuf wire format is written here by a few lines of
// encoder: the subset is small, and libprotobuf would bring generated code and a build step for
// no gain. tests/trace/perfetto_subset.proto describes what is emitted (field numbers from
// Perfetto's protos/perfetto/trace/…) and tst_perfettoexport decodes the output with it.
// Threads: any, for records below size().

#include "core/trace/tracestore.h"

#include <cstdint>
#include <ostream>

namespace umdfx::trace {

struct PerfettoExportStats
{
    std::uint64_t packets = 0, slices = 0, instants = 0, flows = 0, tracks = 0;
};

PerfettoExportStats writePerfettoTrace(const TraceStore &store, std::ostream &out);

} // namespace umdfx::trace
