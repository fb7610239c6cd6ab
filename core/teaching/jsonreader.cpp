#include "core/teaching/jsonreader.h"

#include <algorithm>

namespace umdfx::teaching::detail {

using scenario::JsonValue;
using scenario::SourceLocation;

SourceLocation JsonReader::where(const JsonValue &v) const
{
    return m_doc.locate(v.offset);
}

namespace {

// The value of four hex digits ("00e9" -> 0xE9); anything else gives 0.
unsigned hex4(std::string_view digits)
{
    unsigned v = 0;
    if (digits.size() != 4)
        return 0;
    for (const char c : digits) {
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= static_cast<unsigned>(c - 'A' + 10);
        else
            return 0;
    }
    return v;
}

} // namespace

SourceLocation JsonReader::whereInString(const JsonValue &s, int decodedIndex) const
{
    // Walk the raw string from its opening quote, one decoded code point per step: an escape
    // (\n, \\, \u00e9, a \uD83D\uDE00 surrogate pair) is several raw bytes but one character.
    std::size_t i = static_cast<std::size_t>(s.offset) + 1;
    for (int decoded = 0; decoded < decodedIndex && i < m_text.size() && m_text[i] != '"';
         ++decoded) {
        if (m_text[i] == '\\') {
            const bool unicode = i + 1 < m_text.size() && m_text[i + 1] == 'u';
            const unsigned unit = unicode ? hex4(m_text.substr(i + 2, 4)) : 0;
            i = std::min(i + (unicode ? 6 : 2), m_text.size());
            // A high surrogate and the low one after it are one character.
            if (unit >= 0xD800 && unit <= 0xDBFF && i + 2 <= m_text.size()
                && m_text.substr(i, 2) == "\\u")
                i += 6;
        } else {
            ++i; // a UTF-8 lead byte; its continuation bytes follow
            while (i < m_text.size() && (static_cast<unsigned char>(m_text[i]) & 0xC0) == 0x80)
                ++i;
        }
    }
    return m_doc.locate(static_cast<int>(std::min(i, m_text.size())));
}

void JsonReader::fail(int offset, std::string message) const
{
    throw LoadFailure { { m_doc.locate(offset), std::move(message) } };
}

void JsonReader::fail(const SourceLocation &at, std::string message) const
{
    throw LoadFailure { { at, std::move(message) } };
}

void JsonReader::expectType(const JsonValue &v, Type t, const std::string &what) const
{
    if (v.type == t)
        return;
    JsonValue expected;
    expected.type = t;
    fail(v.offset, what + " must be " + expected.typeName() + ", not " + v.typeName());
}

void JsonReader::checkKeys(const JsonValue &obj, std::initializer_list<std::string_view> allowed,
    const std::string &what) const
{
    for (std::size_t i = 0; i < obj.members.size(); ++i) {
        const auto &key = obj.members[i].first;
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end())
            continue;
        std::string list;
        for (auto a : allowed)
            list += (list.empty() ? "" : ", ") + std::string(a);
        fail(obj.keyOffsets[i],
            "unknown key \"" + key + "\" in " + what + " (expected one of: " + list + ")");
    }
}

const JsonValue &JsonReader::required(
    const JsonValue &obj, std::string_view key, const std::string &what) const
{
    const JsonValue *v = obj.member(key);
    if (!v)
        fail(obj.offset, what + " needs \"" + std::string(key) + "\"");
    return *v;
}

namespace {

bool blank(std::string_view s)
{
    return std::all_of(
        s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

} // namespace

std::string JsonReader::requiredText(
    const JsonValue &obj, std::string_view key, const std::string &what) const
{
    const JsonValue &v = required(obj, key, what);
    expectType(v, Type::String, "\"" + std::string(key) + "\"");
    if (blank(v.text))
        fail(v.offset, "\"" + std::string(key) + "\" must not be empty");
    return v.text;
}

std::string JsonReader::optionalText(const JsonValue &obj, std::string_view key) const
{
    const JsonValue *v = obj.member(key);
    if (!v)
        return {};
    expectType(*v, Type::String, "\"" + std::string(key) + "\"");
    if (blank(v->text))
        fail(v->offset, "\"" + std::string(key) + "\" must not be empty (leave the key out)");
    return v->text;
}

std::vector<const JsonValue *> JsonReader::stringArray(
    const JsonValue &v, const std::string &what, bool nonEmpty) const
{
    expectType(v, Type::Array, what);
    if (nonEmpty && v.items.empty())
        fail(v.offset, what + " must not be empty");
    std::vector<const JsonValue *> out;
    for (const auto &item : v.items) {
        expectType(item, Type::String, "an entry of " + what);
        if (blank(item.text))
            fail(item.offset, "an entry of " + what + " must not be empty");
        out.push_back(&item);
    }
    return out;
}

bool splitName(std::string_view name, std::string &iface, std::string &method)
{
    const auto sep = name.find("::");
    if (sep == std::string_view::npos || sep == 0 || sep + 2 >= name.size())
        return false;
    if (name.find("::", sep + 2) != std::string_view::npos)
        return false;
    if (name.find_first_of(" \t\r\n") != std::string_view::npos)
        return false;
    iface = std::string(name.substr(0, sep));
    method = std::string(name.substr(sep + 2));
    return true;
}

} // namespace umdfx::teaching::detail
