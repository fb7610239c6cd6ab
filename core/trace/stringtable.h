#pragma once
// Process-wide interned strings for trace records: records store 32-bit ids, never text.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace umdfx::trace {

using StrId = std::uint32_t; // 0 = the empty string / "none"

// Returns the id of s, adding it on first use; the empty string is always 0. Thread-safe: a
// string already in the table is found without a lock (one hash and a probe), only the first
// intern of a new string takes the table's mutex. Ids are dense (1, 2, 3, … in order of first
// use) and stable for the process lifetime. Throws std::length_error past 67M distinct strings.
StrId intern(std::string_view s);

// The text of an id handed out by intern(). Lock-free; the view stays valid for the process
// lifetime (the table is never destroyed, not even at exit). An id never handed out gives "".
std::string_view str(StrId id);

// How many ids exist, the empty string's 0 included (diagnostics, tests).
std::size_t internedCount();

} // namespace umdfx::trace
