#pragma once
// Parsing and printing the action language (docs/action-language.md). Pure functions of their
// arguments: any thread may call them.

#include "core/scenario/action.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace umdfx::scenario {

// Parses a script: one action per line, '#' starts a comment, blank lines are ignored. The first
// bad line stops parsing with "file:line:column: what is wrong", the column being that of the
// offending token (or character, inside a token). Columns count characters, as editors do.
std::variant<std::vector<Action>, LoadError> parseActions(
    std::string_view text, std::string_view fileName);
// The largest action script read from a file or standard input: a script is lines a person (or
// a GUI session) wrote; 16 MiB is hundreds of thousands of actions.
inline constexpr std::size_t kMaxActionScriptBytes = 16u << 20;
// Reads and parses a script file ("-": standard input, named <stdin> in messages), reading at
// most kMaxActionScriptBytes; a FIFO, a device or a directory is refused
// (core/common/boundedread.h).
std::variant<std::vector<Action>, LoadError> parseActionsFile(const std::string &path);
// One line. A blank line or a line holding only a comment is an error here ("no action").
std::variant<Action, LoadError> parseActionLine(
    std::string_view line, std::string_view fileName, int lineNo);

// The canonical line of an action: single spaces, hex in lower case, IOCTL codes in hex, Win32
// errors by name, durations in their largest exact unit, words quoted only where they must be.
// For an action the parser made, parseActionLine(formatAction(a)) gives back a.op and a.app
// unchanged. Text fields left empty in a built action (guidText, InterfacePath::text) print in
// their canonical form.
std::string formatAction(const Action &a);

} // namespace umdfx::scenario
