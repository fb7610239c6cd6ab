#include "core/trace/argswriter.h"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace umdfx::trace {

namespace {
std::atomic<std::size_t> g_bytesCap { 256 };
}

void ArgsWriter::setBytesCap(std::size_t cap)
{
    g_bytesCap.store(cap, std::memory_order_relaxed);
}
std::size_t ArgsWriter::bytesCap()
{
    return g_bytesCap.load(std::memory_order_relaxed);
}

bool ArgsWriter::begin(StrId key, ArgType type, std::size_t payload)
{
    if (m_truncated || m_size + 5 + payload > kCapacity) {
        m_truncated = true;
        return false;
    }
    put(&key, 4);
    const auto t = static_cast<std::uint8_t>(type);
    put(&t, 1);
    return true;
}

void ArgsWriter::put(const void *p, std::size_t n)
{
    if (n)
        std::memcpy(m_buffer.data() + m_size, p, n);
    m_size += n;
}

ArgsWriter &ArgsWriter::u64(StrId key, std::uint64_t v)
{
    if (begin(key, ArgType::U64, 8))
        put(&v, 8);
    return *this;
}

ArgsWriter &ArgsWriter::i64(std::string_view key, std::int64_t v)
{
    if (begin(intern(key), ArgType::I64, 8))
        put(&v, 8);
    return *this;
}

ArgsWriter &ArgsWriter::hex32(std::string_view key, std::uint32_t v)
{
    if (begin(intern(key), ArgType::Hex32, 4))
        put(&v, 4);
    return *this;
}

ArgsWriter &ArgsWriter::boolean(std::string_view key, bool v)
{
    const std::uint8_t b = v ? 1 : 0;
    if (begin(intern(key), ArgType::Bool, 1))
        put(&b, 1);
    return *this;
}

ArgsWriter &ArgsWriter::string(std::string_view key, std::string_view v)
{
    const auto n = static_cast<std::uint16_t>(std::min<std::size_t>(v.size(), 0xFFFF));
    if (begin(intern(key), ArgType::String, 2 + std::size_t(n))) {
        put(&n, 2);
        put(v.data(), n);
    }
    return *this;
}

ArgsWriter &ArgsWriter::bytes(std::string_view key, std::span<const std::byte> v)
{
    const auto full = static_cast<std::uint32_t>(std::min<std::size_t>(v.size(), 0xFFFFFFFFu));
    const auto kept = static_cast<std::uint16_t>(
        std::min<std::size_t>({ v.size(), bytesCap(), std::size_t(0xFFFF) }));
    if (begin(intern(key), ArgType::Bytes, 6 + std::size_t(kept))) {
        put(&full, 4);
        put(&kept, 2);
        put(v.data(), kept);
    }
    return *this;
}

ArgsWriter &ArgsWriter::guid(std::string_view key, const std::array<std::uint8_t, 16> &rawGuid)
{
    if (begin(intern(key), ArgType::Guid, 16))
        put(rawGuid.data(), 16);
    return *this;
}

ArgsWriter &ArgsWriter::objectRef(std::string_view key, std::uint32_t objectId)
{
    if (begin(intern(key), ArgType::ObjectRef, 4))
        put(&objectId, 4);
    return *this;
}

bool ArgsView::next(ArgValue &out)
{
    const auto need = [this](std::size_t n) { return m_pos + n <= m_blob.size(); };
    const auto read = [this](void *p, std::size_t n) {
        std::memcpy(p, m_blob.data() + m_pos, n);
        m_pos += n;
    };
    if (!need(5))
        return false;
    out = ArgValue {};
    read(&out.key, 4);
    std::uint8_t t = 0;
    read(&t, 1);
    out.type = static_cast<ArgType>(t);
    switch (out.type) {
    case ArgType::U64:
    case ArgType::I64:
        if (!need(8))
            return false;
        read(out.type == ArgType::U64 ? static_cast<void *>(&out.u) : static_cast<void *>(&out.i),
            8);
        return true;
    case ArgType::Hex32:
    case ArgType::ObjectRef: {
        if (!need(4))
            return false;
        std::uint32_t v = 0;
        read(&v, 4);
        out.u = v;
        return true;
    }
    case ArgType::Bool: {
        if (!need(1))
            return false;
        std::uint8_t b = 0;
        read(&b, 1);
        out.u = b;
        return true;
    }
    case ArgType::String: {
        std::uint16_t n = 0;
        if (!need(2))
            return false;
        read(&n, 2);
        if (!need(n))
            return false;
        out.text = std::string_view(reinterpret_cast<const char *>(m_blob.data() + m_pos), n);
        m_pos += n;
        return true;
    }
    case ArgType::Bytes: {
        std::uint16_t kept = 0;
        if (!need(6))
            return false;
        read(&out.fullLength, 4);
        read(&kept, 2);
        if (!need(kept))
            return false;
        out.bytes = m_blob.subspan(m_pos, kept);
        m_pos += kept;
        return true;
    }
    case ArgType::Guid:
        if (!need(16))
            return false;
        out.bytes = m_blob.subspan(m_pos, 16);
        m_pos += 16;
        return true;
    }
    return false;
}

bool ArgsView::find(std::string_view key, ArgValue &out) const
{
    ArgsView copy(m_blob);
    ArgValue v;
    while (copy.next(v)) {
        if (str(v.key) == key) {
            out = v;
            return true;
        }
    }
    return false;
}

} // namespace umdfx::trace
