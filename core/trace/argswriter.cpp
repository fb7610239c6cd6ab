#include "core/trace/argswriter.h"

#include <algorithm>
#include <atomic>

namespace umdfx::trace {

namespace {

std::atomic<std::size_t> g_bytesCap { 256 };

// How much of s fits in room bytes without splitting a UTF-8 sequence.
std::size_t utf8Prefix(std::string_view s, std::size_t room)
{
    if (room >= s.size())
        return s.size();
    std::size_t n = room;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n;
    return n;
}

} // namespace

void ArgsWriter::setBytesCap(std::size_t cap)
{
    g_bytesCap.store(cap, std::memory_order_relaxed);
}

std::size_t ArgsWriter::bytesCap()
{
    return g_bytesCap.load(std::memory_order_relaxed);
}

ArgsWriter &ArgsWriter::string(StrId key, std::string_view v)
{
    const std::size_t room
        = m_size + kHeaderBytes + 6 < kUsable ? kUsable - (m_size + kHeaderBytes + 6) : 0;
    return variable(key, ArgType::String, v.data(), v.size(), utf8Prefix(v, room));
}

ArgsWriter &ArgsWriter::bytes(StrId key, std::span<const std::byte> v)
{
    return variable(key, ArgType::Bytes, v.data(), v.size(), std::min(v.size(), bytesCap()));
}

ArgsWriter &ArgsWriter::variable(
    StrId key, ArgType type, const void *data, std::size_t full, std::size_t keep)
{
    constexpr std::size_t kLengths = 6; // full (u32) + kept (u16)
    if (m_full || m_size + kHeaderBytes + kLengths > kUsable)
        return drop();
    const std::size_t room = kUsable - (m_size + kHeaderBytes + kLengths);
    if (keep > room) {
        keep = room; // strings arrive here already cut at a character boundary
        m_full = true;
    }
    const auto full32 = static_cast<std::uint32_t>(std::min<std::size_t>(full, 0xFFFFFFFFu));
    const auto keep16 = static_cast<std::uint16_t>(keep);
    if (type == ArgType::String && keep < full)
        m_full = true; // a string is only ever cut for lack of room
    std::byte *p = m_buffer.data() + m_size;
    std::memcpy(p, &key, 4);
    p[4] = static_cast<std::byte>(type);
    std::memcpy(p + kHeaderBytes, &full32, 4);
    std::memcpy(p + kHeaderBytes + 4, &keep16, 2);
    if (keep)
        std::memcpy(p + kHeaderBytes + kLengths, data, keep);
    m_size = static_cast<std::uint16_t>(m_size + kHeaderBytes + kLengths + keep);
    return *this;
}

ArgsWriter &ArgsWriter::drop()
{
    m_full = true;
    if (m_dropped == 0) {
        // The first drop writes the marker in the room kept for it; later ones bump its count.
        m_droppedAt = m_size;
        const StrId none = 0;
        std::byte *p = m_buffer.data() + m_size;
        std::memcpy(p, &none, 4);
        p[4] = static_cast<std::byte>(ArgType::Dropped);
        m_size = static_cast<std::uint16_t>(m_size + kDroppedBytes);
    }
    if (m_dropped < 0xFFFF)
        ++m_dropped;
    std::memcpy(m_buffer.data() + m_droppedAt + kHeaderBytes, &m_dropped, 2);
    return *this;
}

bool ArgsView::next(ArgValue &out)
{
    const auto need = [this](std::size_t n) { return n <= m_blob.size() - m_pos; };
    const auto read = [this](void *p, std::size_t n) {
        std::memcpy(p, m_blob.data() + m_pos, n);
        m_pos += n;
    };
    if (m_pos > m_blob.size() || !need(5))
        return false;
    out = ArgValue {};
    read(&out.key, 4);
    std::uint8_t t = 0;
    read(&t, 1);
    out.type = static_cast<ArgType>(t);
    switch (out.type) {
    case ArgType::U64:
        if (!need(8))
            return false;
        read(&out.u, 8);
        return true;
    case ArgType::I64:
        if (!need(8))
            return false;
        read(&out.i, 8);
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
        out.u = b ? 1 : 0;
        return true;
    }
    case ArgType::String:
    case ArgType::Bytes: {
        std::uint16_t kept = 0;
        if (!need(6))
            return false;
        read(&out.fullLength, 4);
        read(&kept, 2);
        if (!need(kept))
            return false;
        if (out.type == ArgType::String)
            out.text
                = std::string_view(reinterpret_cast<const char *>(m_blob.data() + m_pos), kept);
        else
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
    case ArgType::Dropped: {
        if (!need(2))
            return false;
        std::uint16_t n = 0;
        read(&n, 2);
        out.u = n;
        return true;
    }
    }
    return false;
}

bool ArgsView::find(StrId key, ArgValue &out) const
{
    if (key == 0)
        return false;
    ArgsView from(m_blob);
    ArgValue v;
    while (from.next(v)) {
        if (v.key == key) {
            out = v;
            return true;
        }
    }
    return false;
}

bool ArgsView::find(std::string_view key, ArgValue &out) const
{
    ArgsView from(m_blob);
    ArgValue v;
    while (from.next(v)) {
        if (v.key != 0 && str(v.key) == key) {
            out = v;
            return true;
        }
    }
    return false;
}

} // namespace umdfx::trace
