#include "core/scenario/jsondocument.h"

#include <nlohmann/json.hpp>

#include <iterator>
#include <set>
#include <tuple>

namespace umdfx::scenario {

std::string SourceLocation::toString() const
{
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string LoadError::toString() const
{
    return where.toString() + ": " + message;
}

SourceLocation locateOffset(std::string_view text, std::string_view file, std::size_t offset)
{
    SourceLocation loc { std::string(file), 1, 1 };
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++loc.line;
            loc.column = 1;
        } else {
            ++loc.column;
        }
    }
    return loc;
}

const JsonValue *JsonValue::member(std::string_view key) const
{
    for (const auto &[k, v] : members) {
        if (k == key)
            return &v;
    }
    return nullptr;
}

const char *JsonValue::typeName() const
{
    switch (type) {
    case Type::Null:
        return "null";
    case Type::Bool:
        return "a boolean";
    case Type::Number:
        return "a number";
    case Type::String:
        return "a string";
    case Type::Array:
        return "an array";
    case Type::Object:
        return "an object";
    }
    return "?";
}

namespace {

// An input iterator that counts what the lexer consumed, so SAX events know where they are.
struct CountingIterator
{
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char *;
    using reference = const char &;

    const char *p = nullptr;
    std::size_t *consumed = nullptr;

    reference operator*() const { return *p; }
    CountingIterator &operator++()
    {
        ++p;
        ++*consumed;
        return *this;
    }
    CountingIterator operator++(int)
    {
        CountingIterator old = *this;
        ++*this;
        return old;
    }
    bool operator==(const CountingIterator &o) const { return p == o.p; }
    bool operator!=(const CountingIterator &o) const { return p != o.p; }
};

class Builder : public nlohmann::json_sax<nlohmann::json>
{
public:
    Builder(std::string_view text, const std::size_t &consumed)
        : m_text(text)
        , m_consumed(consumed)
    { }

    bool null() override { return add(scalar(JsonValue::Type::Null, literalStart(4))); }
    bool boolean(bool v) override
    {
        JsonValue j = scalar(JsonValue::Type::Bool, literalStart(v ? 4 : 5));
        j.boolean = v;
        return add(std::move(j));
    }
    bool number_integer(number_integer_t v) override
    {
        JsonValue j = scalar(JsonValue::Type::Number, numberStart());
        j.isInteger = true;
        j.isNegative = v < 0;
        j.unsignedValue = v < 0 ? 0 : static_cast<std::uint64_t>(v);
        j.number = static_cast<double>(v);
        return add(std::move(j));
    }
    bool number_unsigned(number_unsigned_t v) override
    {
        JsonValue j = scalar(JsonValue::Type::Number, numberStart());
        j.isInteger = true;
        j.unsignedValue = v;
        j.number = static_cast<double>(v);
        return add(std::move(j));
    }
    bool number_float(number_float_t v, const string_t &) override
    {
        JsonValue j = scalar(JsonValue::Type::Number, numberStart());
        j.number = v;
        j.isNegative = v < 0;
        return add(std::move(j));
    }
    bool string(string_t &v) override
    {
        JsonValue j = scalar(JsonValue::Type::String, stringStart());
        j.text = v;
        return add(std::move(j));
    }
    bool binary(binary_t &) override { return true; }
    bool start_object(std::size_t) override
    {
        m_containerKeys.emplace_back(m_pendingKey, m_pendingKeyOffset);
        m_stack.push_back(scalar(JsonValue::Type::Object, static_cast<int>(m_consumed) - 1));
        m_keys.emplace_back();
        return true;
    }
    bool key(string_t &k) override
    {
        const int start = stringStart();
        if (!m_keys.back().insert(k).second) {
            m_errorOffset = start;
            m_error = "duplicate key \"" + k + "\"";
            return false;
        }
        m_pendingKey = k;
        m_pendingKeyOffset = start;
        return true;
    }
    bool end_object() override { return finishContainer(); }
    bool start_array(std::size_t) override
    {
        m_containerKeys.emplace_back(m_pendingKey, m_pendingKeyOffset);
        m_stack.push_back(scalar(JsonValue::Type::Array, static_cast<int>(m_consumed) - 1));
        m_keys.emplace_back();
        return true;
    }
    bool end_array() override { return finishContainer(); }
    bool parse_error(
        std::size_t position, const std::string &, const nlohmann::detail::exception &ex) override
    {
        m_errorOffset = position > 0 ? static_cast<int>(position) - 1 : 0;
        // nlohmann's text: "[json.exception.parse_error.101] parse error at line 1, column 5:
        // <what>".
        std::string what = ex.what();
        const auto colon = what.find(": ");
        m_error = colon == std::string::npos ? what : what.substr(colon + 2);
        return false;
    }

    JsonValue m_root;
    bool m_haveRoot = false;
    std::string m_error;
    int m_errorOffset = 0;

private:
    JsonValue scalar(JsonValue::Type t, int offset) const
    {
        JsonValue j;
        j.type = t;
        j.offset = offset < 0 ? 0 : offset;
        return j;
    }
    int literalStart(int length) const { return static_cast<int>(m_consumed) - length; }
    int stringStart() const
    {
        // The lexer has consumed the closing quote; find the opening one (not escaped).
        int i = static_cast<int>(m_consumed) - 2;
        for (; i >= 0; --i) {
            if (m_text[static_cast<std::size_t>(i)] != '"')
                continue;
            int backslashes = 0;
            for (int k = i - 1; k >= 0 && m_text[static_cast<std::size_t>(k)] == '\\'; --k)
                ++backslashes;
            if (backslashes % 2 == 0)
                return i;
        }
        return 0;
    }
    int numberStart() const
    {
        const auto isNumberChar = [](char c) {
            return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e'
                || c == 'E';
        };
        int i = std::min<int>(static_cast<int>(m_consumed), static_cast<int>(m_text.size())) - 1;
        while (i > 0 && !isNumberChar(m_text[static_cast<std::size_t>(i)]))
            --i;
        while (i > 0 && isNumberChar(m_text[static_cast<std::size_t>(i - 1)]))
            --i;
        return i < 0 ? 0 : i;
    }
    bool add(JsonValue v)
    {
        if (m_stack.empty()) {
            m_root = std::move(v);
            m_haveRoot = true;
            return true;
        }
        JsonValue &parent = m_stack.back();
        if (parent.type == JsonValue::Type::Object) {
            parent.members.emplace_back(m_pendingKey, std::move(v));
            parent.keyOffsets.push_back(m_pendingKeyOffset);
        } else {
            parent.items.push_back(std::move(v));
        }
        return true;
    }
    bool finishContainer()
    {
        JsonValue done = std::move(m_stack.back());
        m_stack.pop_back();
        m_keys.pop_back();
        // The key this container belongs to was pending when it started.
        std::tie(m_pendingKey, m_pendingKeyOffset) = m_containerKeys.back();
        m_containerKeys.pop_back();
        return add(std::move(done));
    }

    std::string_view m_text;
    const std::size_t &m_consumed;
    std::vector<JsonValue> m_stack;
    std::vector<std::set<std::string>> m_keys;
    std::vector<std::pair<std::string, int>> m_containerKeys;
    std::string m_pendingKey;
    int m_pendingKeyOffset = 0;
};

} // namespace

std::variant<JsonDocument, LoadError> JsonDocument::parse(
    std::string_view text, std::string_view fileName)
{
    std::size_t consumed = 0;
    Builder builder(text, consumed);
    CountingIterator first { text.data(), &consumed };
    CountingIterator last { text.data() + text.size(), &consumed };
    const bool ok = nlohmann::json::sax_parse(first, last, &builder);
    if (!ok || !builder.m_haveRoot) {
        const std::string message = builder.m_error.empty() ? "empty document" : builder.m_error;
        return LoadError {
            locateOffset(text, fileName, static_cast<std::size_t>(builder.m_errorOffset)), message
        };
    }
    JsonDocument doc;
    doc.m_file = std::string(fileName);
    doc.m_text = std::string(text);
    doc.m_root = std::make_shared<JsonValue>(std::move(builder.m_root));
    return doc;
}

SourceLocation JsonDocument::locate(int offset) const
{
    return locateOffset(m_text, m_file, static_cast<std::size_t>(offset < 0 ? 0 : offset));
}

} // namespace umdfx::scenario
