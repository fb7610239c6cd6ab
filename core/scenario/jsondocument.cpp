#include "core/scenario/jsondocument.h"

#include "core/common/messagetext.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>
#include <tuple>

namespace umdfx::scenario {

std::string SourceLocation::toString() const
{
    if (line <= 0)
        return file;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string LoadError::toString() const
{
    return where.toString() + ": " + message;
}

namespace {

std::size_t bomLength(std::string_view text)
{
    return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

// Moves a (line, column) position over text[from, to).
void advance(std::string_view text, std::size_t from, std::size_t to, int &line, int &column)
{
    for (std::size_t i = std::max(from, bomLength(text)); i < to && i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) { // continuation bytes belong to the previous character
            ++column;
        }
    }
}

} // namespace

SourceLocation locateOffset(std::string_view text, std::string_view file, std::size_t offset)
{
    SourceLocation loc { std::string(file), 1, 1 };
    advance(text, 0, offset, loc.line, loc.column);
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
        if (!checkDepth())
            return false;
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
            m_error = "duplicate key \"" + excerpt(k) + "\"";
            return false;
        }
        m_pendingKey = k;
        m_pendingKeyOffset = start;
        return true;
    }
    bool end_object() override { return finishContainer(); }
    bool start_array(std::size_t) override
    {
        if (!checkDepth())
            return false;
        m_containerKeys.emplace_back(m_pendingKey, m_pendingKeyOffset);
        m_stack.push_back(scalar(JsonValue::Type::Array, static_cast<int>(m_consumed) - 1));
        m_keys.emplace_back();
        return true;
    }
    bool end_array() override { return finishContainer(); }
    bool parse_error(
        std::size_t position, const std::string &, const nlohmann::detail::exception &ex) override
    {
        // nlohmann counts the characters it read; the last one is where the error was found.
        const int at = position > 0 ? static_cast<int>(position) - 1 : 0;
        m_errorOffset = at;
        if (ex.id == 406) { // out_of_range.406: a number too large for a double
            m_errorOffset = numberStartBefore(at + 1);
            m_error = "number " + numberText(m_errorOffset) + " is out of range";
            return false;
        }
        m_error = describeSyntaxError(ex.what());
        m_errorOffset = tokenStart(m_error, at);
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
    // The lexer has consumed the closing quote: find the opening one.
    int stringStart() const { return stringStartBefore(static_cast<int>(m_consumed) - 1); }
    // The lexer has read one character past the number (and put it back).
    int numberStart() const { return numberStartBefore(static_cast<int>(m_consumed)); }

    // The last unescaped '"' before end (exclusive). Inside a JSON string every '"' is escaped, so
    // scanning back from within or just after a string finds its opening quote.
    int stringStartBefore(int end) const
    {
        int i = std::min(end, static_cast<int>(m_text.size())) - 1;
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
    static bool isNumberChar(char c)
    {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }
    // The start of the last run of number characters before end (exclusive).
    int numberStartBefore(int end) const
    {
        int i = std::min(end, static_cast<int>(m_text.size())) - 1;
        while (i > 0 && !isNumberChar(m_text[static_cast<std::size_t>(i)]))
            --i;
        while (i > 0 && isNumberChar(m_text[static_cast<std::size_t>(i - 1)]))
            --i;
        return i < 0 ? 0 : i;
    }
    std::string numberText(int start) const
    {
        std::size_t end = static_cast<std::size_t>(start);
        while (end < m_text.size() && isNumberChar(m_text[end]))
            ++end;
        return std::string(m_text.substr(static_cast<std::size_t>(start), end - start));
    }
    // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 5:
    // syntax error while parsing value - invalid literal; last read: '…'; expected '}'". The
    // position is ours; "last read" holds everything since the last string or number, which
    // confuses more than it helps.
    static std::string describeSyntaxError(std::string what)
    {
        if (const auto column = what.find(", column "); column != std::string::npos) {
            if (const auto colon = what.find(": ", column); colon != std::string::npos)
                what.erase(0, colon + 2);
        }
        if (const auto lastRead = what.find("; last read: '"); lastRead != std::string::npos) {
            const auto expected = what.rfind("; expected ");
            what.erase(lastRead,
                expected != std::string::npos && expected > lastRead ? expected - lastRead
                                                                     : std::string::npos);
        }
        return what;
    }
    // nlohmann reports where it stopped reading; a person looks for the start of the token.
    int tokenStart(const std::string &message, int at) const
    {
        const auto has = [&](const char *s) { return message.find(s) != std::string::npos; };
        // An unterminated string is found at the end of the text: show its opening quote.
        if (has("missing closing quote"))
            return stringStartBefore(at + 1);
        if (has("unexpected string literal")) // found at its closing quote
            return stringStartBefore(at);
        if (has("unexpected number literal"))
            return numberStartBefore(at + 1);
        if (has("unexpected true literal") || has("unexpected null literal"))
            return at - 3;
        if (has("unexpected false literal"))
            return at - 4;
        if (has("invalid literal")) { // "tru}": found at '}', the literal starts at 't'
            int i = at;
            while (i > 0 && std::isalpha(static_cast<unsigned char>(m_text[std::size_t(i - 1)])))
                --i;
            return i;
        }
        return at;
    }
    bool checkDepth()
    {
        if (static_cast<int>(m_stack.size()) < JsonDocument::kMaxDepth)
            return true;
        m_errorOffset = static_cast<int>(m_consumed) - 1;
        m_error = "nested deeper than " + std::to_string(JsonDocument::kMaxDepth) + " levels";
        return false;
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
            parent.members.push_back({ m_pendingKey, std::move(v) });
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
    if (text.size() > kMaxSize)
        return LoadError { locateOffset(text, fileName, 0),
            "the file is " + std::to_string(text.size()) + " bytes long (at most "
                + std::to_string(kMaxSize) + ")" };
    std::size_t consumed = 0;
    Builder builder(text, consumed);
    CountingIterator first { text.data(), &consumed };
    CountingIterator last { text.data() + text.size(), &consumed };
    const bool ok = nlohmann::json::sax_parse(first, last, &builder);
    if (!ok || !builder.m_haveRoot) {
        const std::string message
            = builder.m_error.empty() ? "the file holds no JSON value" : builder.m_error;
        return LoadError {
            locateOffset(text, fileName, static_cast<std::size_t>(builder.m_errorOffset)), message
        };
    }
    JsonDocument doc;
    doc.m_file = std::string(fileName);
    doc.m_text = std::string(text);
    // Every value of a large file gets located; checkpoints keep each lookup short.
    int line = 1, column = 1;
    for (std::size_t at = 0;; at += kCheckpointBytes) {
        doc.m_checkpoints.emplace_back(line, column);
        if (at + kCheckpointBytes > text.size())
            break;
        advance(text, at, at + kCheckpointBytes, line, column);
    }
    doc.m_root = std::make_shared<JsonValue>(std::move(builder.m_root));
    return doc;
}

SourceLocation JsonDocument::locate(int offset) const
{
    const auto target = static_cast<std::size_t>(offset < 0 ? 0 : offset);
    const std::size_t index = std::min(target / kCheckpointBytes, m_checkpoints.size() - 1);
    SourceLocation loc { m_file, m_checkpoints[index].first, m_checkpoints[index].second };
    advance(m_text, index * kCheckpointBytes, target, loc.line, loc.column);
    return loc;
}

} // namespace umdfx::scenario
