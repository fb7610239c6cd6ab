#pragma once

#include "core/trace/stringtable.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace umdfx::trace {

enum class ArgType : std::uint8_t { U64, I64, Hex32, Bool, String, Bytes, Guid, ObjectRef };

// Builds one record's arguments on the stack as typed values — no text formatting on the
// recording path. Layout of each entry: key id (u32), type (u8), payload. Strings keep at most
// 65535 bytes; byte buffers keep at most bytesCap() bytes and remember their full length. When
// the inline buffer is full further entries are dropped and truncated() says so.
class ArgsWriter
{
public:
    static constexpr std::size_t kCapacity = 1024;

    ArgsWriter &u64(std::string_view key, std::uint64_t v) { return u64(intern(key), v); }
    ArgsWriter &u64(StrId key, std::uint64_t v);
    ArgsWriter &i64(std::string_view key, std::int64_t v);
    ArgsWriter &hex32(std::string_view key, std::uint32_t v);
    ArgsWriter &boolean(std::string_view key, bool v);
    ArgsWriter &string(std::string_view key, std::string_view v);
    ArgsWriter &bytes(std::string_view key, std::span<const std::byte> v);
    ArgsWriter &guid(std::string_view key, const std::array<std::uint8_t, 16> &rawGuid);
    ArgsWriter &objectRef(std::string_view key, std::uint32_t objectId);

    bool empty() const { return m_size == 0; }
    bool truncated() const { return m_truncated; }
    std::span<const std::byte> data() const { return { m_buffer.data(), m_size }; }
    // Bytes of a buffer argument kept (the rest is counted): the world's traceBufferBytes knob.
    static void setBytesCap(std::size_t cap);
    static std::size_t bytesCap();

private:
    bool begin(StrId key, ArgType type, std::size_t payload);
    void put(const void *p, std::size_t n);

    std::array<std::byte, kCapacity> m_buffer;
    std::size_t m_size = 0;
    bool m_truncated = false;
};

// One decoded argument.
struct ArgValue
{
    StrId key = 0;
    ArgType type = ArgType::U64;
    std::uint64_t u = 0; // U64, Hex32, Bool, ObjectRef
    std::int64_t i = 0; // I64
    std::string_view text; // String
    std::span<const std::byte> bytes; // Bytes (kept part), Guid (16 raw bytes)
    std::uint32_t fullLength = 0; // Bytes: length before truncation
};

// Iterates an args blob. Validates as it goes: a malformed blob ends the iteration.
class ArgsView
{
public:
    ArgsView() = default;
    explicit ArgsView(std::span<const std::byte> blob)
        : m_blob(blob)
    { }
    bool next(ArgValue &out);
    bool empty() const { return m_blob.empty(); }
    // The first argument with this key, if any.
    bool find(std::string_view key, ArgValue &out) const;

private:
    std::span<const std::byte> m_blob;
    std::size_t m_pos = 0;
};

} // namespace umdfx::trace
