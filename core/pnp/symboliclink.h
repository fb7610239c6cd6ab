#pragma once
// Device interface symbolic links in the exact form Windows gives applications (reference §4.2):
//   \\?\<instance id with every '\' replaced by '#'>#{<class guid, lower case>}[\<reference>]
// Only the instance ID's backslashes are escaped; the instance ID keeps its case; the kernel form
// uses the prefix \??\ instead. Lookups are case-insensitive, as the object manager's are.

#include "core/wudf/wudftypes.h"

#include <optional>
#include <string>
#include <string_view>

namespace umdfx {

std::string makeSymbolicLink(
    std::string_view instanceId, const GUID &interfaceClass, std::string_view reference = {});

struct ParsedSymbolicLink
{
    std::string linkName; // up to and including '}', user-mode prefix: \\?\ROOT#ECHO#0000#{guid}
    std::string mungedInstance; // ROOT#ECHO#0000
    GUID interfaceClass {};
    std::string remainder; // "" or "\Port1" or "\Port1\extra": the kernel file name
    std::string firstComponent; // "Port1" (the reference string part), "" when no remainder
};

// Accepts the user-mode (\\?\) and kernel (\??\) prefixes. nullopt when the text is not a device
// interface path at all.
std::optional<ParsedSymbolicLink> parseSymbolicLink(std::string_view path);

} // namespace umdfx
