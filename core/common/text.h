#pragma once
// Small text helpers shared by the kernel side and the host side: UTF-8 <-> UTF-16 (the UMDF API
// speaks WCHAR = char16_t, the rest of the simulator speaks UTF-8) and Windows-style
// case-insensitive comparison (object-manager names and instance IDs compare without case).

#include <string>
#include <string_view>

namespace umdfx {

std::u16string toUtf16(std::string_view utf8);
std::string toUtf8(std::u16string_view utf16);
// Appends one code point as UTF-8 (1 to 4 bytes); a surrogate is encoded as it is.
void appendUtf8(std::string &out, char32_t codePoint);

// ASCII case folding is what the object manager's name lookups need for the names we produce
// (instance IDs, GUIDs, reference strings are ASCII in every scenario we accept).
bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string toUpperAscii(std::string_view s);
std::string toLowerAscii(std::string_view s);
// Without the blanks (space, tab, CR, LF) at either end.
std::string trim(std::string_view s);

} // namespace umdfx
