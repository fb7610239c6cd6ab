#pragma once
// Text renderings of records, made only when something displays or exports them.

#include "core/trace/tracestore.h"

#include <string>

namespace umdfx::trace {

// One JSON object, keys in this order: seq, t_ns, thread, kind, phase, from, to, device, iface,
// method, object, args, hr ("0x%08x" or null), call (or null), request (or null), and wall_ns
// last when includeWallTime. Args keep their recorded order; byte buffers are
// {"len":N,"hex":"…"} (hex of the kept part; "truncated":true when the buffer was longer).
std::string toJsonLine(const TraceStore &store, const TraceRecord &r, bool includeWallTime);

// One line for people:
//   "    42  0.000001000  host1  framework -> echo  call    IQueueCallbackWrite::OnWrite
//   ROOT\ECHO\0000  req=3  {NumOfBytesToWrite=5}"
std::string toTextLine(const TraceStore &store, const TraceRecord &r);

// The args of a record as "{k=v, …}" (text) — shared by the text line and the views.
std::string argsToText(const TraceStore &store, const TraceRecord &r);

// JSON string escaping (quotes included).
void appendJsonString(std::string &out, std::string_view s);

} // namespace umdfx::trace
