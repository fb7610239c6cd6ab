#pragma once
// Text renderings of records, made only when something displays or exports them (never on the
// recording path). Safe from any thread for records below TraceStore::size().

#include "core/trace/tracestore.h"

#include <string>
#include <string_view>

namespace umdfx::trace {

// One JSON object on one line (JSON Lines), keys in this order:
//   seq, t_ns, thread, kind, phase, from, to, device, iface, method, object, args, hr, call,
//   request, and wall_ns last when includeWallTime.
// thread, from, to, iface and method are always strings ("" when unset); device is a string or
// null; object, call and request are numbers or null when 0; hr is "0x%08x" or null when the
// record has none; wall_ns is ns since the store was created, or null when the store records no
// wall time. args is an object whose keys keep the order they were written in; values by type:
//   u64, i64, objectRef   a number
//   hex32                 "0x%08x"
//   boolean               true / false
//   string                the string; a string cut for lack of room ends with "…" (U+2026)
//   bytes                 {"len":N,"hex":"68656c6c6f"}: len is the full length, hex the kept
//                         bytes; ,"truncated":true is added when fewer than len were kept
//   guid                  "{6e1b3c4a-…}": lower case, with braces
//   (entries dropped for lack of room)  "(dropped)":N, last
// Strings are escaped per RFC 8259 (\" \\ \n \r \t \b \f, \u00XX for other control characters);
// bytes that are not valid UTF-8 become \ufffd, so every line is valid JSON.
std::string toJsonLine(const TraceStore &store, const TraceRecord &record, bool includeWallTime);

// One line for people (not for parsing; use JSON Lines for that). Columns, two spaces apart:
// seq (6, right-aligned), virtual time in seconds with 9 decimals, thread (14), the lanes
// "from -> to" (24; "from" alone when there is no "to"), kind (8), phase (6), iface::method (40),
// then only what is present: hr=0x%08x, the device instance id, obj=N and req=N (the framework
// object and the request), and the args as key=value pairs (argValueToText()). A column that is
// empty shows "-"; a value wider than its column pushes the rest right. Trailing blanks are
// trimmed. A call and its return, each one line (wrapped here after the name):
//     42     0.000001000  host1.dispatch  framework -> echo         callback  call    ...
//   IQueueCallbackWrite::OnWrite              ROOT\ECHO\0000  obj=7 req=3  NumOfBytesToWrite=5
//     43     0.000001000  host1.dispatch  echo -> framework         callback  return  ...
//   IQueueCallbackWrite::OnWrite              hr=0x00000000  ROOT\ECHO\0000  obj=7 req=3
std::string toTextLine(const TraceStore &store, const TraceRecord &record);

// The args of a record as space-separated key=value pairs, values as argValueToText() renders
// them ("" when the record has no args).
std::string argsToText(const TraceStore &store, const TraceRecord &record);

// One argument's value for people: numbers in decimal, hex32 as 0x%08x, booleans as true/false,
// strings in double quotes (\" and control characters escaped, backslashes kept as they are so
// that paths read naturally), byte buffers as a quoted string when all kept bytes are printable
// ASCII and as hex:68656c6c6f otherwise, a GUID as {…}. A cut string or buffer ends with "…";
// a buffer also gives its full length: "abc"…(1000 bytes).
std::string argValueToText(const ArgValue &value);

// A GUID's 16 raw bytes (see ArgsWriter::guid) as {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}.
std::string guidToText(std::span<const std::byte> rawGuid);

// Appends s as a JSON string, quotes included (escaping as toJsonLine describes).
void appendJsonString(std::string &out, std::string_view s);

} // namespace umdfx::trace
