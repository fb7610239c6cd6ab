#include "core/trace/traceformat.h"

#include <cstdio>

namespace umdfx::trace {

void appendJsonString(std::string &out, std::string_view s)
{
    out.push_back('"');
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
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
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out.push_back(ch);
            }
        }
    }
    out.push_back('"');
}

namespace {

void appendHex(std::string &out, std::span<const std::byte> bytes)
{
    static const char digits[] = "0123456789abcdef";
    for (std::byte b : bytes) {
        const auto v = static_cast<unsigned>(b);
        out.push_back(digits[v >> 4]);
        out.push_back(digits[v & 0xF]);
    }
}

std::string guidText(std::span<const std::byte> raw)
{
    std::uint8_t b[16];
    for (int i = 0; i < 16; ++i)
        b[i] = static_cast<std::uint8_t>(raw[static_cast<std::size_t>(i)]);
    const std::uint32_t d1 = std::uint32_t(b[0]) | (std::uint32_t(b[1]) << 8)
        | (std::uint32_t(b[2]) << 16) | (std::uint32_t(b[3]) << 24);
    const unsigned d2 = unsigned(b[4]) | (unsigned(b[5]) << 8);
    const unsigned d3 = unsigned(b[6]) | (unsigned(b[7]) << 8);
    char buf[40];
    std::snprintf(buf, sizeof buf, "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", d1, d2, d3,
        b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return buf;
}

void appendJsonValue(std::string &out, const ArgValue &v)
{
    char buf[32];
    switch (v.type) {
    case ArgType::U64:
    case ArgType::ObjectRef:
        std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(v.u));
        out += buf;
        return;
    case ArgType::I64:
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v.i));
        out += buf;
        return;
    case ArgType::Hex32:
        std::snprintf(buf, sizeof buf, "\"0x%08x\"", static_cast<unsigned>(v.u));
        out += buf;
        return;
    case ArgType::Bool:
        out += v.u ? "true" : "false";
        return;
    case ArgType::String:
        appendJsonString(out, v.text);
        return;
    case ArgType::Guid:
        appendJsonString(out, guidText(v.bytes));
        return;
    case ArgType::Bytes:
        std::snprintf(buf, sizeof buf, "{\"len\":%u,\"hex\":\"", v.fullLength);
        out += buf;
        appendHex(out, v.bytes);
        out += '"';
        if (v.bytes.size() < v.fullLength)
            out += ",\"truncated\":true";
        out += '}';
        return;
    }
}

void appendTextValue(std::string &out, const ArgValue &v)
{
    switch (v.type) {
    case ArgType::String:
        out += v.text;
        return;
    case ArgType::Bytes: {
        // Printable ASCII as a quoted string, anything else as hex.
        bool printable = true;
        for (std::byte b : v.bytes) {
            const auto c = static_cast<unsigned>(b);
            printable = printable && c >= 0x20 && c < 0x7F;
        }
        if (printable) {
            out += '"';
            for (std::byte b : v.bytes)
                out.push_back(static_cast<char>(b));
            out += '"';
        } else {
            out += "hex:";
            appendHex(out, v.bytes);
        }
        if (v.bytes.size() < v.fullLength)
            out += "…(" + std::to_string(v.fullLength) + " bytes)";
        return;
    }
    default:
        appendJsonValue(out, v);
        return;
    }
}

} // namespace

std::string argsToText(const TraceStore &store, const TraceRecord &r)
{
    std::string out;
    ArgsView view = store.args(r);
    ArgValue v;
    bool first = true;
    while (view.next(v)) {
        out += first ? "{" : ", ";
        first = false;
        out += str(v.key);
        out += '=';
        if (v.type == ArgType::Hex32) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(v.u));
            out += buf;
        } else {
            appendTextValue(out, v);
        }
    }
    if (!first)
        out += '}';
    return out;
}

std::string toJsonLine(const TraceStore &store, const TraceRecord &r, bool includeWallTime)
{
    std::string out;
    out.reserve(256);
    char buf[64];
    std::snprintf(buf, sizeof buf,
        "{\"seq\":%llu,\"t_ns\":%lld,\"thread\":", static_cast<unsigned long long>(r.seq),
        static_cast<long long>(r.tNs));
    out += buf;
    appendJsonString(out, str(r.thread));
    out += ",\"kind\":";
    appendJsonString(out, kindName(r.kind));
    out += ",\"phase\":";
    appendJsonString(out, phaseName(r.phase));
    out += ",\"from\":";
    appendJsonString(out, str(r.from));
    out += ",\"to\":";
    appendJsonString(out, str(r.to));
    out += ",\"device\":";
    if (r.device)
        appendJsonString(out, str(r.device));
    else
        out += "null";
    out += ",\"iface\":";
    appendJsonString(out, str(r.iface));
    out += ",\"method\":";
    appendJsonString(out, str(r.method));
    out += ",\"object\":";
    if (r.object) {
        std::snprintf(buf, sizeof buf, "%u", r.object);
        out += buf;
    } else {
        out += "null";
    }
    out += ",\"args\":{";
    ArgsView view = store.args(r);
    ArgValue v;
    bool first = true;
    while (view.next(v)) {
        if (!first)
            out += ',';
        first = false;
        appendJsonString(out, str(v.key));
        out += ':';
        appendJsonValue(out, v);
    }
    out += "},\"hr\":";
    if (r.hasHr) {
        std::snprintf(buf, sizeof buf, "\"0x%08x\"", r.hr);
        out += buf;
    } else {
        out += "null";
    }
    out += ",\"call\":";
    if (r.call) {
        std::snprintf(buf, sizeof buf, "%u", r.call);
        out += buf;
    } else {
        out += "null";
    }
    out += ",\"request\":";
    if (r.request) {
        std::snprintf(buf, sizeof buf, "%u", r.request);
        out += buf;
    } else {
        out += "null";
    }
    if (includeWallTime) {
        std::snprintf(
            buf, sizeof buf, ",\"wall_ns\":%llu", static_cast<unsigned long long>(r.wallNs));
        out += buf;
    }
    out += '}';
    return out;
}

std::string toTextLine(const TraceStore &store, const TraceRecord &r)
{
    char head[96];
    std::snprintf(head, sizeof head, "%6llu %6lld.%09lld  ", static_cast<unsigned long long>(r.seq),
        static_cast<long long>(r.tNs / 1000000000), static_cast<long long>(r.tNs % 1000000000));
    std::string out = head;
    const auto pad = [&out](std::string_view s, std::size_t width) {
        out += s;
        for (std::size_t i = s.size(); i < width; ++i)
            out += ' ';
        out += ' ';
    };
    pad(str(r.thread), 8);
    pad(std::string(str(r.from)) + " -> " + std::string(str(r.to)), 22);
    pad(kindName(r.kind), 8);
    pad(phaseName(r.phase), 6);
    std::string name = std::string(str(r.iface)) + "::" + std::string(str(r.method));
    pad(name, 44);
    if (r.device)
        pad(str(r.device), 0);
    if (r.request)
        out += "req=" + std::to_string(r.request) + ' ';
    if (r.hasHr) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "hr=0x%08x ", r.hr);
        out += buf;
    }
    out += argsToText(store, r);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

} // namespace umdfx::trace
