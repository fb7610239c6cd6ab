#include "core/trace/traceformat.h"

#include <charconv>
#include <cstdio>

namespace umdfx::trace {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6"; // U+2026, marks a cut value
constexpr std::string_view kDroppedKey = "(dropped)";

template<typename Int> void appendNumber(std::string &out, Int v)
{
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    out.append(buf, end);
}

void appendHex32(std::string &out, std::uint32_t v)
{
    char buf[10] = { '0', 'x' };
    for (int i = 0; i < 8; ++i)
        buf[2 + i] = kHexDigits[(v >> (28 - 4 * i)) & 0xF];
    out.append(buf, sizeof buf);
}

void appendHexBytes(std::string &out, std::span<const std::byte> bytes)
{
    for (std::byte b : bytes) {
        const auto v = static_cast<unsigned>(b);
        out.push_back(kHexDigits[v >> 4]);
        out.push_back(kHexDigits[v & 0xF]);
    }
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8Sequence(std::string_view s, std::size_t i)
{
    const auto at = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = at(i);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF; // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size() || at(i + 1) < lo || at(i + 1) > hi)
        return 0;
    for (std::size_t k = 2; k < n; ++k) {
        if ((at(i + k) & 0xC0) != 0x80)
            return 0;
    }
    return n;
}

void appendStrIdJson(std::string &out, StrId id)
{
    appendJsonString(out, str(id));
}

void appendOptionalNumber(std::string &out, std::uint32_t v)
{
    if (v)
        appendNumber(out, v);
    else
        out += "null";
}

void appendArgJson(std::string &out, const ArgValue &v)
{
    switch (v.type) {
    case ArgType::U64:
    case ArgType::ObjectRef:
    case ArgType::Dropped:
        appendNumber(out, v.u);
        return;
    case ArgType::I64:
        appendNumber(out, v.i);
        return;
    case ArgType::Hex32:
        out.push_back('"');
        appendHex32(out, static_cast<std::uint32_t>(v.u));
        out.push_back('"');
        return;
    case ArgType::Bool:
        out += v.u ? "true" : "false";
        return;
    case ArgType::String:
        if (v.isCut()) {
            std::string cut(v.text);
            cut += kEllipsis;
            appendJsonString(out, cut);
        } else {
            appendJsonString(out, v.text);
        }
        return;
    case ArgType::Guid:
        appendJsonString(out, guidToText(v.bytes));
        return;
    case ArgType::Bytes:
        out += "{\"len\":";
        appendNumber(out, v.fullLength);
        out += ",\"hex\":\"";
        appendHexBytes(out, v.bytes);
        out.push_back('"');
        if (v.isCut())
            out += ",\"truncated\":true";
        out.push_back('}');
        return;
    }
}

// A quoted string for people: \" and control characters escaped, everything else as it is.
void appendQuotedText(std::string &out, std::string_view s)
{
    out.push_back('"');
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '"') {
            out += "\\\"";
        } else if (ch == '\n') {
            out += "\\n";
        } else if (ch == '\r') {
            out += "\\r";
        } else if (ch == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            out += "\\x";
            out.push_back(kHexDigits[c >> 4]);
            out.push_back(kHexDigits[c & 0xF]);
        } else {
            out.push_back(ch);
        }
    }
    out.push_back('"');
}

void pad(std::string &out, std::string_view s, std::size_t width)
{
    if (s.empty())
        s = "-";
    out += s;
    if (s.size() < width)
        out.append(width - s.size(), ' ');
    out += "  ";
}

} // namespace

void appendJsonString(std::string &out, std::string_view s)
{
    out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            if (const std::size_t n = utf8Sequence(s, i)) {
                out.append(s.substr(i, n));
                i += n;
            } else {
                out += "\\ufffd";
                ++i;
            }
            continue;
        }
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out.push_back(kHexDigits[c >> 4]);
                out.push_back(kHexDigits[c & 0xF]);
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
        ++i;
    }
    out.push_back('"');
}

std::string guidToText(std::span<const std::byte> raw)
{
    if (raw.size() != 16)
        return "{?}";
    std::uint8_t b[16];
    for (std::size_t i = 0; i < 16; ++i)
        b[i] = static_cast<std::uint8_t>(raw[i]);
    // Data1..3 are little-endian integers in memory; Data4 is a byte array printed in order.
    const std::uint32_t d1 = std::uint32_t(b[0]) | (std::uint32_t(b[1]) << 8)
        | (std::uint32_t(b[2]) << 16) | (std::uint32_t(b[3]) << 24);
    const unsigned d2 = unsigned(b[4]) | (unsigned(b[5]) << 8);
    const unsigned d3 = unsigned(b[6]) | (unsigned(b[7]) << 8);
    char buf[40];
    std::snprintf(buf, sizeof buf, "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", d1, d2, d3,
        b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return buf;
}

std::string argValueToText(const ArgValue &v)
{
    std::string out;
    switch (v.type) {
    case ArgType::Hex32:
        appendHex32(out, static_cast<std::uint32_t>(v.u));
        break;
    case ArgType::String:
        appendQuotedText(out, v.text);
        if (v.isCut())
            out += kEllipsis;
        break;
    case ArgType::Bytes: {
        bool printable = true;
        for (std::byte b : v.bytes) {
            const auto c = static_cast<unsigned>(b);
            printable = printable && c >= 0x20 && c < 0x7F;
        }
        if (printable) {
            appendQuotedText(out,
                std::string_view(reinterpret_cast<const char *>(v.bytes.data()), v.bytes.size()));
        } else {
            out += "hex:";
            appendHexBytes(out, v.bytes);
        }
        if (v.isCut()) {
            out += kEllipsis;
            out += '(';
            appendNumber(out, v.fullLength);
            out += " bytes)";
        }
        break;
    }
    case ArgType::Guid:
        out = guidToText(v.bytes);
        break;
    default:
        appendArgJson(out, v); // numbers and booleans read the same in both
        break;
    }
    return out;
}

std::string argsToText(const TraceStore &store, const TraceRecord &record)
{
    std::string out;
    for (const ArgValue &v : store.args(record)) {
        if (!out.empty())
            out += ' ';
        out += v.type == ArgType::Dropped ? kDroppedKey : str(v.key);
        out += '=';
        out += argValueToText(v);
    }
    return out;
}

std::string toJsonLine(const TraceStore &store, const TraceRecord &r, bool includeWallTime)
{
    std::string out;
    out.reserve(320);
    out += "{\"seq\":";
    appendNumber(out, r.seq);
    out += ",\"t_ns\":";
    appendNumber(out, r.tNs);
    out += ",\"thread\":";
    appendStrIdJson(out, r.thread);
    out += ",\"kind\":";
    appendJsonString(out, kindName(r.kind));
    out += ",\"phase\":";
    appendJsonString(out, phaseName(r.phase));
    out += ",\"from\":";
    appendStrIdJson(out, r.from);
    out += ",\"to\":";
    appendStrIdJson(out, r.to);
    out += ",\"device\":";
    if (r.device)
        appendStrIdJson(out, r.device);
    else
        out += "null";
    out += ",\"iface\":";
    appendStrIdJson(out, r.iface);
    out += ",\"method\":";
    appendStrIdJson(out, r.method);
    out += ",\"object\":";
    appendOptionalNumber(out, r.object);
    out += ",\"args\":{";
    bool first = true;
    for (const ArgValue &v : store.args(r)) {
        if (!first)
            out.push_back(',');
        first = false;
        appendJsonString(out, v.type == ArgType::Dropped ? kDroppedKey : str(v.key));
        out.push_back(':');
        appendArgJson(out, v);
    }
    out += "},\"hr\":";
    if (r.hasHr) {
        out.push_back('"');
        appendHex32(out, r.hr);
        out.push_back('"');
    } else {
        out += "null";
    }
    out += ",\"call\":";
    appendOptionalNumber(out, r.call);
    out += ",\"request\":";
    appendOptionalNumber(out, r.request);
    if (includeWallTime) {
        out += ",\"wall_ns\":";
        if (store.recordsWallTime())
            appendNumber(out, store.wallNs(r));
        else
            out += "null";
    }
    out.push_back('}');
    return out;
}

std::string toTextLine(const TraceStore &store, const TraceRecord &r)
{
    std::string out;
    out.reserve(200);
    char head[64];
    const bool negative = r.tNs < 0;
    const std::uint64_t t
        = negative ? 0 - static_cast<std::uint64_t>(r.tNs) : static_cast<std::uint64_t>(r.tNs);
    std::snprintf(head, sizeof head, "%6llu  %s%4llu.%09llu  ",
        static_cast<unsigned long long>(r.seq), negative ? "-" : "",
        static_cast<unsigned long long>(t / 1000000000),
        static_cast<unsigned long long>(t % 1000000000));
    out += head;
    pad(out, str(r.thread), 14);
    // "from -> to"; an event with one party shows just it ("user"), or "-> to".
    std::string lanes(str(r.from));
    if (r.to) {
        lanes += r.from ? " -> " : "-> ";
        lanes += str(r.to);
    }
    pad(out, lanes, 24);
    pad(out, kindName(r.kind), 8);
    pad(out, phaseName(r.phase), 6);
    std::string name(str(r.iface));
    if (r.iface && r.method)
        name += "::";
    name += str(r.method);
    pad(out, name, 40);
    if (r.hasHr) {
        out += "hr=";
        appendHex32(out, r.hr);
        out += "  ";
    }
    if (r.device) {
        out += str(r.device);
        out += "  ";
    }
    if (r.object) {
        out += "obj=";
        appendNumber(out, r.object);
        out += ' ';
    }
    if (r.request) {
        out += "req=";
        appendNumber(out, r.request);
        out += ' ';
    }
    if (r.object || r.request)
        out += ' ';
    out += argsToText(store, r);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

} // namespace umdfx::trace
