#pragma once

#include "core/scenario/scenario.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace umdfx::scenario {

// A JSON value that remembers where it was in its file, so that every semantic error can name
// its line and column (nlohmann-json's DOM keeps no positions; this is built from its SAX parser).
struct JsonValue
{
    enum class Type { Null, Bool, Number, String, Array, Object };
    Type type = Type::Null;
    bool boolean = false;
    bool isInteger = false; // integral number that fits std::int64_t / std::uint64_t
    bool isNegative = false;
    std::uint64_t unsignedValue = 0;
    double number = 0;
    std::string text; // String
    std::vector<JsonValue> items; // Array
    // Object, in file order. A struct of its own, not std::pair: a pair of a still-incomplete
    // JsonValue does not compile with clang and libstdc++ 12 (the fuzz build).
    struct Member;
    std::vector<Member> members;
    std::vector<int> keyOffsets; // Object: offset of each member's key
    int offset = 0; // where the value starts (byte offset)

    const JsonValue *member(std::string_view key) const;
    const char *typeName() const;
};

struct JsonValue::Member
{
    std::string first; // the key
    JsonValue second; // the value
};

// A parsed JSON text with the positions of its values. Syntax errors, duplicate keys, nesting
// deeper than kMaxDepth and texts larger than kMaxSize are LoadErrors with their location.
// Immutable after parse(); copies share the tree; any thread may read it.
class JsonDocument
{
public:
    static constexpr int kMaxDepth = 64; // scenarios nest 4 deep; the limit keeps recursion bounded
    static constexpr std::size_t kMaxSize = 16u << 20; // offsets are int; scenarios are small

    static std::variant<JsonDocument, LoadError> parse(
        std::string_view text, std::string_view fileName);

    const JsonValue &root() const { return *m_root; }
    SourceLocation locate(int offset) const;

private:
    static constexpr std::size_t kCheckpointBytes = 256;
    std::string m_file;
    std::string m_text;
    // (line, column) at every kCheckpointBytes-th byte: locate() scans at most that many bytes.
    std::vector<std::pair<int, int>> m_checkpoints;
    std::shared_ptr<JsonValue> m_root;
};

// Byte offset -> 1-based line and column. Columns count characters (UTF-8 code points, a tab is
// one) as editors do; a UTF-8 byte order mark at the start of the text is not counted.
SourceLocation locateOffset(std::string_view text, std::string_view file, std::size_t offset);

} // namespace umdfx::scenario
