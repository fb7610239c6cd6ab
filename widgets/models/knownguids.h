#pragma once
// Friendly names for GUIDs a device explorer shows: device interface classes (reference §4.4's
// well-known values and the samples' private classes) and UMDF notification GUIDs.
// Immutable tables; any thread may call these.

#include <string>
#include <string_view>

namespace umdfx::gui {

// "GUID_DEVINTERFACE_ECHO" for "{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}" (any case, braces
// optional); "" when the GUID is not one we know.
std::string_view guidFriendlyName(std::string_view guidText);

// "GUID_DEVINTERFACE_ECHO {cdc35b6e-…}" when known, else the GUID as given.
std::string guidWithName(std::string_view guidText);

} // namespace umdfx::gui
