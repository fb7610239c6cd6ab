#pragma once
// Process-wide interned strings for trace records: records store 32-bit ids, never text.

#include <cstdint>
#include <string_view>

namespace umdfx::trace {

using StrId = std::uint32_t; // 0 = the empty string / "none"

// Returns the id of s, adding it on first use. Thread-safe (a mutex on insertion only).
StrId intern(std::string_view s);
// The text of an id handed out by intern(). Lock-free; the view stays valid for the process
// lifetime. An id never handed out gives "".
std::string_view str(StrId id);
// How many distinct strings exist (diagnostics, tests).
std::size_t internedCount();

} // namespace umdfx::trace
