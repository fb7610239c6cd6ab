#pragma once
// A record's arguments: typed (key, value) pairs encoded into a small blob on the recording path,
// decoded only when something displays or exports them.

#include "core/trace/stringtable.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <span>
#include <string_view>

namespace umdfx::trace {

// Dropped is not written by a caller: it marks entries that did not fit (see ArgsWriter).
enum class ArgType : std::uint8_t {
    U64,
    I64,
    Hex32,
    Bool,
    String,
    Bytes,
    Guid,
    ObjectRef,
    Dropped
};

// Builds one record's arguments on the stack as typed values: no text formatting and no heap on
// the recording path. Keys are interned strings; every setter has a StrId overload for keys a
// caller interns once. The blob (host byte order, in memory only) is, per entry: key id (u32),
// type (u8), then the payload: 8 bytes (U64, I64), 4 (Hex32, ObjectRef), 1 (Bool), 16 (Guid), or
// full length (u32) + kept length (u16) + the kept bytes (String, Bytes).
//
// Limits, none of them silent: a byte buffer keeps at most bytesCap() bytes (the world's
// traceBufferBytes knob) and always its full length. The inline buffer holds kCapacity bytes; the
// entry that overflows it is cut to fit when it is a string or a byte buffer (a string at a UTF-8
// character boundary), and every entry after it is dropped and counted in a final Dropped entry,
// so the kept arguments are always a prefix of what was written. truncated() says whether any of
// that happened.
//
// Threads: an ArgsWriter is a local of the recording thread. bytesCap() is process-wide.
class ArgsWriter
{
public:
    static constexpr std::size_t kCapacity = 1024; // bytes of encoded args, Dropped entry included

    ArgsWriter &u64(StrId key, std::uint64_t v) { return fixed(key, ArgType::U64, &v, 8); }
    ArgsWriter &i64(StrId key, std::int64_t v) { return fixed(key, ArgType::I64, &v, 8); }
    // Rendered "0x%08x": status codes, flags, control codes.
    ArgsWriter &hex32(StrId key, std::uint32_t v) { return fixed(key, ArgType::Hex32, &v, 4); }
    ArgsWriter &boolean(StrId key, bool v)
    {
        const std::uint8_t b = v ? 1 : 0;
        return fixed(key, ArgType::Bool, &b, 1);
    }
    // Copied, not interned: values are mostly one-off (file names, written text).
    ArgsWriter &string(StrId key, std::string_view v);
    ArgsWriter &bytes(StrId key, std::span<const std::byte> v);
    // A GUID in its raw memory layout: Data1 (u32 LE), Data2 (u16 LE), Data3 (u16 LE), Data4[8].
    ArgsWriter &guid(StrId key, const std::array<std::uint8_t, 16> &rawGuid)
    {
        return fixed(key, ArgType::Guid, rawGuid.data(), 16);
    }
    // The id of a framework object (the same ids as TraceRecord::object).
    ArgsWriter &objectRef(StrId key, std::uint32_t objectId)
    {
        return fixed(key, ArgType::ObjectRef, &objectId, 4);
    }

    ArgsWriter &u64(std::string_view key, std::uint64_t v) { return u64(intern(key), v); }
    ArgsWriter &i64(std::string_view key, std::int64_t v) { return i64(intern(key), v); }
    ArgsWriter &hex32(std::string_view key, std::uint32_t v) { return hex32(intern(key), v); }
    ArgsWriter &boolean(std::string_view key, bool v) { return boolean(intern(key), v); }
    ArgsWriter &string(std::string_view key, std::string_view v) { return string(intern(key), v); }
    ArgsWriter &bytes(std::string_view key, std::span<const std::byte> v)
    {
        return bytes(intern(key), v);
    }
    ArgsWriter &guid(std::string_view key, const std::array<std::uint8_t, 16> &rawGuid)
    {
        return guid(intern(key), rawGuid);
    }
    ArgsWriter &objectRef(std::string_view key, std::uint32_t objectId)
    {
        return objectRef(intern(key), objectId);
    }

    bool empty() const { return m_size == 0; }
    // Whether something was cut or dropped for lack of room (the byte cap does not count).
    bool truncated() const { return m_full; }
    std::span<const std::byte> data() const { return { m_buffer.data(), m_size }; }

    // Bytes of a byte-buffer argument kept (the rest is counted): the traceBufferBytes knob.
    static void setBytesCap(std::size_t cap);
    static std::size_t bytesCap();

private:
    static constexpr std::size_t kHeaderBytes = 5; // key + type
    static constexpr std::size_t kDroppedBytes = kHeaderBytes + 2; // + count
    static constexpr std::size_t kUsable = kCapacity - kDroppedBytes; // room is kept for the marker

    ArgsWriter &fixed(StrId key, ArgType type, const void *payload, std::size_t n)
    {
        if (m_full || m_size + kHeaderBytes + n > kUsable) [[unlikely]]
            return drop();
        std::byte *p = m_buffer.data() + m_size;
        std::memcpy(p, &key, 4);
        p[4] = static_cast<std::byte>(type);
        std::memcpy(p + kHeaderBytes, payload, n);
        m_size = static_cast<std::uint16_t>(m_size + kHeaderBytes + n);
        return *this;
    }
    ArgsWriter &variable(
        StrId key, ArgType type, const void *data, std::size_t full, std::size_t keep);
    ArgsWriter &drop();

    // Uninitialised on purpose (only the first m_size bytes mean anything): constructing a
    // writer costs nothing.
    std::array<std::byte, kCapacity> m_buffer;
    std::uint16_t m_size = 0;
    std::uint16_t m_droppedAt = 0; // offset of the Dropped entry (valid when m_dropped > 0)
    std::uint16_t m_dropped = 0;
    bool m_full = false; // something was cut or dropped: everything after is dropped
};

// One decoded argument. Views point into the store's arena (valid as long as the store).
struct ArgValue
{
    StrId key = 0; // 0 for Dropped
    ArgType type = ArgType::U64;
    std::uint64_t u = 0; // U64, Hex32, Bool (0/1), ObjectRef; Dropped: how many entries
    std::int64_t i = 0; // I64
    std::string_view text; // String: the kept part
    std::span<const std::byte> bytes; // Bytes: the kept part; Guid: the 16 raw bytes
    std::uint32_t fullLength = 0; // String, Bytes: the length before any cut
    bool isCut() const { return text.size() + bytes.size() < fullLength; }
};

// Iterates an args blob, in the order the args were written. Validates as it goes: a malformed
// blob ends the iteration. Owns nothing: it views the store's arena (or an ArgsWriter's buffer)
// and is valid as long as that is. Cheap to copy; any thread may read a published record's args
// (see TraceStore).
class ArgsView
{
public:
    ArgsView() = default;
    explicit ArgsView(std::span<const std::byte> blob)
        : m_blob(blob)
    { }

    // Decodes the next argument into out; false at the end.
    bool next(ArgValue &out);
    bool empty() const { return m_blob.empty(); }
    // The encoded bytes (ArgsWriter's encoding), e.g. to save them.
    std::span<const std::byte> blob() const { return m_blob; }
    // The first argument with this key, if any (from the start, whatever next() consumed).
    bool find(StrId key, ArgValue &out) const;
    bool find(std::string_view key, ArgValue &out) const;

    // Range-for over the remaining arguments: `for (const ArgValue &v : store.args(r))`.
    class Iterator;
    Iterator begin() const;
    Iterator end() const;

private:
    std::span<const std::byte> m_blob;
    std::size_t m_pos = 0;
};

// An input iterator over an ArgsView; only comparison with end() is meaningful.
class ArgsView::Iterator
{
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = ArgValue;
    using difference_type = std::ptrdiff_t;
    using pointer = const ArgValue *;
    using reference = const ArgValue &;

    Iterator() = default;
    explicit Iterator(ArgsView view)
        : m_view(view)
        , m_atEnd(!m_view.next(m_value))
    { }
    reference operator*() const { return m_value; }
    pointer operator->() const { return &m_value; }
    Iterator &operator++()
    {
        m_atEnd = !m_view.next(m_value);
        return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const Iterator &a, const Iterator &b) { return a.m_atEnd && b.m_atEnd; }

private:
    ArgsView m_view;
    ArgValue m_value;
    bool m_atEnd = true;
};

inline ArgsView::Iterator ArgsView::begin() const
{
    return Iterator(*this);
}

inline ArgsView::Iterator ArgsView::end() const
{
    return Iterator();
}

} // namespace umdfx::trace
