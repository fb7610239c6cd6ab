#pragma once
// What a message shows of text a user gave (a word of an action script, a filter, a module
// name): control characters escaped (a NUL as \0, so that it cannot cut the message), and at most
// kExcerptCharacters characters, the rest replaced by "…" (a 5 MB word is not echoed back).
// Every message that quotes user input goes through it. And the article a computed word takes
// ("an IWDFDevice object", "an unknown chunk"). Pure functions.

#include <cstddef>
#include <string>
#include <string_view>

namespace umdfx {

inline constexpr std::size_t kExcerptCharacters = 80;

// "wr\0te", "abcdef…" (UTF-8 in, UTF-8 out; a multi-byte character is never cut; invalid bytes
// are shown as \xHH).
std::string excerpt(std::string_view text, std::size_t maxCharacters = kExcerptCharacters);

// "an IWDFDevice", "an unknown", "a Records": "an" before a vowel letter (as these words are
// spoken: IWDF… is "eye-double-u…"), else "a".
std::string withArticle(std::string_view word);

} // namespace umdfx
