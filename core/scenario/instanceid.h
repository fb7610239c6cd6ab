#pragma once
// The rules Windows puts on device identification strings, shared by the scenario loader and the
// action parser so that both reject the same instance IDs with the same words.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace umdfx::scenario {

// MAX_DEVICE_ID_LEN (cfgmgr32.h): an ID must be shorter than this, not counting the NUL.
inline constexpr std::size_t kMaxDeviceIdLength = 200;

struct IdProblem
{
    std::size_t index; // byte offset of the offending character in the ID (0 for a form problem)
    std::string message; // e.g. "contains ',' (…)"; the caller prefixes what it checked
};

// A device instance ID is ENUMERATOR\DEVICE\INSTANCE: three non-empty parts of printable ASCII.
// IRP_MN_QUERY_ID makes characters <= 0x20, > 0x7F and ',' illegal in IDs; '#' and '/' are
// refused too because the symbolic link (reference §4.2) turns '\' into '#' and must be reversible.
std::optional<IdProblem> instanceIdProblem(std::string_view id);
// A hardware ID: the same character rules, any number of '\'-separated parts.
std::optional<IdProblem> hardwareIdProblem(std::string_view id);

// Windows compares device instance IDs without regard to (ASCII) case.
bool sameInstanceId(std::string_view a, std::string_view b);
std::string instanceIdKey(std::string_view id); // upper-cased: a map key that compares like Windows

} // namespace umdfx::scenario
