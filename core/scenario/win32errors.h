#pragma once
// The one table of Win32 error names and numbers: what the simulator's applications can see
// (reference §0.4 plus the errors of the Win32 calls it simulates), what `expect result error`
// accepts, what the GUI and the trace show. Immutable; any thread may call these.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace umdfx::scenario {

struct Win32Error
{
    std::uint32_t code;
    std::string_view name; // "ERROR_MORE_DATA"
};

std::span<const Win32Error> win32Errors(); // ascending by code
std::optional<std::uint32_t> win32ErrorByName(std::string_view name); // "ERROR_MORE_DATA" -> 234
std::string_view win32ErrorName(std::uint32_t code); // 234 -> "ERROR_MORE_DATA", "" if unknown

} // namespace umdfx::scenario
