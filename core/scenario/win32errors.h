#pragma once
// Win32 error names and numbers the simulator produces and the action language accepts.

#include <cstdint>
#include <optional>
#include <string_view>

namespace umdfx::scenario {

std::optional<std::uint32_t> win32ErrorByName(std::string_view name); // "ERROR_MORE_DATA" -> 234
std::string_view win32ErrorName(std::uint32_t code); // 234 -> "ERROR_MORE_DATA", "" if unknown

} // namespace umdfx::scenario
