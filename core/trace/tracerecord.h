#pragma once
// The record types of the trace (DESIGN.md "The trace"): what a recorder fills in, and the
// fixed-size plain record the store keeps.

#include "core/trace/stringtable.h"

#include <cstdint>
#include <string_view>
#include <type_traits>

namespace umdfx::trace {

// What kind of boundary crossing a record is.
enum class Kind : std::uint8_t { Win32, Callback, Ddi, Pnp, Notify, Verifier, Host, Action, Log };
enum class Phase : std::uint8_t { Call, Return, Event };
// "win32", "callback", "ddi", "pnp", "notify", "verifier", "host", "action", "log"
std::string_view kindName(Kind kind);
// "call", "return", "event"
std::string_view phaseName(Phase phase);

// What the recorder fills in; the store adds the sequence number, the wall timestamp (when it
// records one) and the location of the args.
struct RecordFields
{
    std::int64_t tNs = 0; // ns, virtual time
    StrId thread = 0; // logical thread: "app1", "host1.dispatch", "pnp"
    Kind kind = Kind::Host;
    Phase phase = Phase::Event;
    StrId from = 0, to = 0; // parties (lanes): "app1" -> "kernel", "framework" -> "echo"
    StrId device = 0; // device instance id: "ROOT\ECHO\0000"
    StrId iface = 0, method = 0; // "IQueueCallbackWrite", "OnWrite"; "kernel32", "WriteFile"
    std::uint32_t object = 0; // framework object the call is on (0 = none)
    std::uint32_t hr = 0; // HRESULT / NTSTATUS / Win32-as-HRESULT, meaningful when hasHr
    bool hasHr = false;
    std::uint32_t call = 0; // pairs a call with its return (0 = none)
    std::uint32_t request = 0; // follows one I/O end to end (0 = none)
};

// One trace record: 72 bytes of plain data. Strings are interned ids; the args are a blob in the
// store's arena, found through argsRef (read them with TraceStore::args()). No constructor and no
// default member initialisers on purpose: the store's chunks are allocated without writing every
// record twice. Value-initialise (`TraceRecord r {}`) when you make one yourself.
struct TraceRecord
{
    std::uint64_t seq; // 0-based position in the store (= the index at() takes)
    std::int64_t tNs; // ns, virtual time
    std::uint64_t wallTicks; // raw wall clock (TSC) reading; TraceStore::wallNs() converts it
    StrId thread;
    StrId from, to;
    StrId device;
    StrId iface, method;
    std::uint32_t object;
    std::uint32_t hr;
    std::uint32_t call;
    std::uint32_t request;
    std::uint32_t argsRef; // store-private locator of the args blob; 0 = no args
    Kind kind;
    Phase phase;
    bool hasHr;
};

static_assert(std::is_trivially_copyable_v<TraceRecord>);
static_assert(sizeof(TraceRecord) == 72);

} // namespace umdfx::trace
