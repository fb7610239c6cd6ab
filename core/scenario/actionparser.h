#pragma once

#include "core/scenario/action.h"

#include <string_view>
#include <variant>
#include <vector>

namespace umdfx::scenario {

// Parses an action script: one action per line, '#' comments, blank lines ignored. The first bad
// line stops parsing with "file:line:column: what is wrong" (the column of the offending token).
std::variant<std::vector<Action>, LoadError> parseActions(
    std::string_view text, std::string_view fileName);
// One line (no comment handling beyond a trailing '#').
std::variant<Action, LoadError> parseActionLine(
    std::string_view line, std::string_view fileName, int lineNo);

// The canonical text of an action: parseActionLine(formatAction(a)) gives back the same action.
std::string formatAction(const Action &a);

} // namespace umdfx::scenario
