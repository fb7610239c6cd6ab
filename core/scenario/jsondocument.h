#pragma once

#include "core/scenario/scenario.h"

#include <memory>
#include <string>
#include <string_view>
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
    std::vector<std::pair<std::string, JsonValue>> members; // Object, in file order
    std::vector<int> keyOffsets; // Object: offset of each member's key
    int offset = 0; // where the value starts (byte offset)

    const JsonValue *member(std::string_view key) const;
    const char *typeName() const;
};

class JsonDocument
{
public:
    // Parses text; on a syntax error or a duplicate key returns the error with its location.
    static std::variant<JsonDocument, LoadError> parse(
        std::string_view text, std::string_view fileName);

    const JsonValue &root() const { return *m_root; }
    SourceLocation locate(int offset) const;

private:
    std::string m_file;
    std::string m_text;
    std::shared_ptr<JsonValue> m_root;
};

// Byte offset -> 1-based line and column (columns count bytes).
SourceLocation locateOffset(std::string_view text, std::string_view file, std::size_t offset);

} // namespace umdfx::scenario
