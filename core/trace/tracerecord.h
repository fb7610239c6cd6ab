#pragma once

#include "core/trace/stringtable.h"

#include <cstdint>
#include <string_view>

namespace umdfx::trace {

// What kind of boundary crossing a record is (DESIGN.md "The trace").
enum class Kind : std::uint8_t { Win32, Callback, Ddi, Pnp, Notify, Verifier, Host, Action, Log };
enum class Phase : std::uint8_t { Call, Return, Event };
std::string_view kindName(
    Kind); // "win32", "callback", "ddi", "pnp", "notify", "verifier", "host", "action", "log"
std::string_view phaseName(Phase); // "call", "return", "event"

// What the recorder fills in; the store adds the sequence number and (optionally) wall time.
struct RecordFields
{
    std::int64_t tNs = 0; // virtual time, ns
    StrId thread = 0; // logical thread: "app1", "host1", "pnp"
    Kind kind = Kind::Host;
    Phase phase = Phase::Event;
    StrId from = 0, to = 0; // parties (lanes)
    StrId device = 0; // device instance id
    StrId iface = 0, method = 0;
    std::uint32_t object = 0; // framework object id (0 = none)
    std::uint32_t hr = 0;
    bool hasHr = false;
    std::uint32_t call = 0; // pairs a call with its return (0 = none)
    std::uint32_t request = 0; // follows one I/O end to end (0 = none)
};

// One trace record: fixed-size plain data (64 bytes); strings are interned ids, the args are a
// blob in the store's arena.
struct TraceRecord
{
    std::uint64_t seq = 0; // 0-based position in the store
    std::int64_t tNs = 0; // virtual time, ns
    std::uint64_t wallNs = 0; // steady-clock ns since the store was created (0 when not recorded)
    StrId thread = 0;
    StrId from = 0, to = 0, device = 0, iface = 0, method = 0;
    std::uint32_t object = 0;
    std::uint32_t hr = 0;
    std::uint32_t call = 0;
    std::uint32_t request = 0;
    std::uint32_t argsOffset = 0; // within the arena chunk argsChunk
    std::uint16_t argsChunk = 0;
    std::uint16_t argsSize = 0; // 0 = no args
    Kind kind = Kind::Host;
    Phase phase = Phase::Event;
    bool hasHr = false;
};

} // namespace umdfx::trace
