#pragma once
// Reading the teaching files (explanation catalog, lessons) with every mistake located: a thin
// layer over scenario::JsonDocument (nlohmann-json's SAX parser with positions) shared by the two
// loaders, so that both report "file:line:column: what is wrong" the way the scenario loader does.

#include "core/scenario/jsondocument.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace umdfx::teaching::detail {

// Thrown by JsonReader's checks; the loaders catch it at their boundary and return the LoadError.
struct LoadFailure
{
    scenario::LoadError error;
};

// Typed access to one parsed document with located failures. Short-lived, one per file, used by
// one thread; it refers to the document and the text it was parsed from, which must outlive it.
class JsonReader
{
public:
    using Type = scenario::JsonValue::Type;

    JsonReader(const scenario::JsonDocument &doc, std::string_view text)
        : m_doc(doc)
        , m_text(text)
    { }

    const scenario::JsonValue &root() const { return m_doc.root(); }
    scenario::SourceLocation where(const scenario::JsonValue &v) const;
    scenario::SourceLocation where(int offset) const { return m_doc.locate(offset); }
    // Where the character at decodedIndex (0-based, in code points) of a string value is in the
    // file, escapes taken into account: a mistake inside a string is reported at its own column.
    scenario::SourceLocation whereInString(const scenario::JsonValue &s, int decodedIndex) const;

    [[noreturn]] void fail(int offset, std::string message) const;
    [[noreturn]] void fail(const scenario::SourceLocation &at, std::string message) const;

    void expectType(const scenario::JsonValue &v, Type t, const std::string &what) const;
    // A key of obj that is not allowed fails at that key, listing the allowed ones.
    void checkKeys(const scenario::JsonValue &obj, std::initializer_list<std::string_view> allowed,
        const std::string &what) const;
    const scenario::JsonValue &required(
        const scenario::JsonValue &obj, std::string_view key, const std::string &what) const;
    // A non-empty string (after trimming blanks) under key.
    std::string requiredText(
        const scenario::JsonValue &obj, std::string_view key, const std::string &what) const;
    // "" when key is absent; present, it must be a non-empty string.
    std::string optionalText(const scenario::JsonValue &obj, std::string_view key) const;
    // An array of non-empty strings (may be empty itself unless nonEmpty).
    std::vector<const scenario::JsonValue *> stringArray(
        const scenario::JsonValue &v, const std::string &what, bool nonEmpty) const;

private:
    const scenario::JsonDocument &m_doc;
    std::string_view m_text;
};

// "Interface::Method": both parts non-empty, no blanks, no second "::". Returns false otherwise.
bool splitName(std::string_view name, std::string &iface, std::string &method);

} // namespace umdfx::teaching::detail
