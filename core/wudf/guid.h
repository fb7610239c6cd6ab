#pragma once

#include "core/wudf/wudftypes.h"

#include <optional>
#include <string>
#include <string_view>

namespace umdfx::wudf {

// "{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}": braces, lower case, as Windows renders interface
// class GUIDs in symbolic links.
std::string guidToString(const GUID &g);
// Accepts the registry form with or without braces, any case. nullopt for anything else.
std::optional<GUID> parseGuid(std::string_view text);

} // namespace umdfx::wudf
