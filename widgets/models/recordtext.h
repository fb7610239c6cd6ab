#pragma once
// The text of one trace record's cells, made only for what a view displays (DESIGN.md: never
// format on the recording path). Pure functions over a published record; any thread.

#include "core/trace/tracestore.h"

#include <cstdint>
#include <string>
#include <vector>

namespace umdfx::gui {

// Which record opened and which closed each call id (call ids are dense, 1, 2, 3, …): kept by
// the trace table model as records arrive, so a call row can show its return's result and the
// inspector can jump between the two. Indexes are record indexes + 1 (0 = not seen yet).
struct CallPairs
{
    std::vector<std::uint32_t> callRecord; // by call id
    std::vector<std::uint32_t> returnRecord; // by call id
    // The record paired with this one (a call's return, a return's call), or -1.
    std::int64_t pairOf(const trace::TraceRecord &r) const;
};

std::string timeText(std::int64_t tNs); // "0.000001000" (s, virtual time)
std::string lanesText(const trace::TraceRecord &r); // "framework → echo", "user"
std::string eventText(const trace::TraceRecord &r); // "IQueueCallbackWrite::OnWrite"
std::string objectsText(const trace::TraceRecord &r); // "obj 7 · req 3"

// What the record came to, as Windows and UMDF would show it:
//   a Win32 return       "TRUE, 5 bytes", "FALSE  2 ERROR_FILE_NOT_FOUND", "handle 0x80"
//   a record with an hr  "S_OK", "0x80004002 E_NOINTERFACE"
//   IWDFIoRequest::Complete*  "completes S_OK, 5 bytes"
//   a callback that handled a request  "completed S_OK, 5 bytes" / "request left pending"
//   any other call       its return's result, once the return is recorded
// "" when there is nothing to say. pairs may be null (no pairing known).
std::string resultText(
    const trace::TraceStore &store, const trace::TraceRecord &r, const CallPairs *pairs);

// Whether the record reports a failure a person should notice (FAILED(hr) that is not normal
// operation, a Win32 FALSE other than ERROR_IO_PENDING, a verifier finding).
bool isFailure(const trace::TraceStore &store, const trace::TraceRecord &r);

// Failures that are part of a documented protocol and shown quietly: QueryInterface probes that
// answer E_NOINTERFACE (the framework asking for an optional callback, reference §1.1), SetupAPI's
// size query (ERROR_INSUFFICIENT_BUFFER) and end of enumeration (ERROR_NO_MORE_ITEMS).
bool isRoutineProbe(const trace::TraceRecord &r);

} // namespace umdfx::gui
