// The host side of core/compat (compatruntime.h): what drivers built from Windows sources ask of
// the simulated host — printf with Microsoft's conventions, debug output, the clock, and WPP's
// trace messages, which become trace records of kind "log" and lines in the log.
#include "core/compat/compatruntime.h"

#include "core/common/text.h"

#include "core/framework/fxnames.h"
#include "core/host/driverhost.h"
#include "core/host/msvcfunctionname.h"
#include "core/runtime/log.h"
#include "core/win32/hresulttext.h"
#include "core/wudf/guid.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

namespace umdfx {

namespace {

// One position in a format string that is either UTF-8 bytes or UTF-16 units.
class FormatReader
{
public:
    FormatReader(const void *format, bool wide)
        : m_narrow(wide ? nullptr : static_cast<const char *>(format))
        , m_wide(wide ? static_cast<const std::uint16_t *>(format) : nullptr)
    { }
    std::uint32_t peek() const
    {
        if (m_narrow)
            return static_cast<unsigned char>(m_narrow[m_pos]);
        return m_wide ? m_wide[m_pos] : 0;
    }
    std::uint32_t next() { return peek() ? (++m_pos, at(m_pos - 1)) : 0; }
    // A literal run of the format, as UTF-8 (UTF-16 is converted; surrogate pairs joined).
    void appendLiteral(std::string &out, std::uint32_t c)
    {
        if (m_narrow) {
            out.push_back(static_cast<char>(c));
            return;
        }
        if (c >= 0xD800 && c < 0xDC00 && peek() >= 0xDC00 && peek() < 0xE000)
            c = 0x10000 + ((c - 0xD800) << 10) + (next() - 0xDC00);
        appendUtf8(out, c);
    }
    // A code point as UTF-8; an unpaired surrogate becomes U+FFFD.
    static void appendUtf8(std::string &out, std::uint32_t c)
    {
        umdfx::appendUtf8(out, c >= 0xD800 && c < 0xE000 ? U'\uFFFD' : char32_t(c));
    }

private:
    std::uint32_t at(std::size_t i) const
    {
        return m_narrow ? static_cast<unsigned char>(m_narrow[i]) : m_wide[i];
    }
    const char *m_narrow;
    const std::uint16_t *m_wide;
    std::size_t m_pos = 0;
};

std::string utf16ToUtf8(const std::uint16_t *s, long maxUnits)
{
    std::string out;
    for (long i = 0; s[i] && (maxUnits < 0 || i < maxUnits); ++i) {
        std::uint32_t c = s[i];
        if (c >= 0xD800 && c < 0xDC00 && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000
            && (maxUnits < 0 || i + 1 < maxUnits)) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            ++i;
        }
        FormatReader::appendUtf8(out, c);
    }
    return out;
}

// What WPP's %!NAME! extensions read besides the arguments.
struct WppContext
{
    const char *function = "";
    const char *file = "";
    int line = 0;
    const char *level = "";
    const char *flags = "";
};

const char *levelName(unsigned level)
{
    switch (level) {
    case 0:
        return "TRACE_LEVEL_NONE";
    case 1:
        return "TRACE_LEVEL_CRITICAL";
    case 2:
        return "TRACE_LEVEL_ERROR";
    case 3:
        return "TRACE_LEVEL_WARNING";
    case 4:
        return "TRACE_LEVEL_INFORMATION";
    case 5:
        return "TRACE_LEVEL_VERBOSE";
    }
    return "TRACE_LEVEL_RESERVED";
}

// snprintf of one conversion, appended whole however long it is.
template<class T> void appendFormatted(std::string &out, const std::string &spec, T value)
{
    char small[128];
    const int n = std::snprintf(small, sizeof small, spec.c_str(), value);
    if (n < 0)
        return;
    if (static_cast<std::size_t>(n) < sizeof small) {
        out.append(small, static_cast<std::size_t>(n));
        return;
    }
    const std::size_t at = out.size();
    out.resize(at + static_cast<std::size_t>(n) + 1);
    std::snprintf(out.data() + at, static_cast<std::size_t>(n) + 1, spec.c_str(), value);
    out.resize(at + static_cast<std::size_t>(n));
}

// Pads text to the field width of spec ("%-12" and the like), in characters of the UTF-8 text
// (code points, not bytes).
void appendPadded(std::string &out, const std::string &spec, std::string text)
{
    std::size_t i = 1; // after '%': the flags, then the width
    while (i < spec.size() && std::strchr("-+ #0", spec[i]))
        ++i;
    std::size_t width = 0;
    for (; i < spec.size() && spec[i] >= '0' && spec[i] <= '9'; ++i)
        width = width * 10 + static_cast<std::size_t>(spec[i] - '0');
    std::size_t chars = 0;
    for (const char ch : text)
        chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
    if (width > chars) {
        const std::string fill(width - chars, ' ');
        text = spec.find('-') != std::string::npos ? text + fill : fill + text;
    }
    out += text;
}

// printf with Microsoft's meaning of the size prefixes (l is 32 bits: LONG/DWORD, as on Windows;
// ll, I64 are 64; z, I are pointer-sized) and of %s/%S in narrow and wide contexts; with a WPP
// context, the %!NAME! extensions too. Returns false for a malformed conversion.
bool format(
    std::string &out, FormatReader in, bool wideContext, std::va_list args, const WppContext *wpp)
{
    for (std::uint32_t c = in.next(); c; c = in.next()) {
        if (c != '%') {
            in.appendLiteral(out, c);
            continue;
        }
        if (in.peek() == '%') {
            in.next();
            out.push_back('%');
            continue;
        }
        if (in.peek() == '!') {
            in.next();
            std::string name;
            for (std::uint32_t k = in.next(); k && k != '!'; k = in.next())
                name.push_back(static_cast<char>(k));
            if (!wpp) {
                out += "%!" + name + "!";
                continue;
            }
            const std::string nameAsWritten = name;
            // WPP's type names are known in any case (%!hresult! as %!HRESULT!).
            std::transform(name.begin(), name.end(), name.begin(), [](char k) {
                return static_cast<char>(std::toupper(static_cast<unsigned char>(k)));
            });
            if (name == "FUNC") {
                out += wpp->function;
            } else if (name == "FILE") {
                out += wpp->file;
            } else if (name == "LINE") {
                out += std::to_string(wpp->line);
            } else if (name == "LEVEL") {
                out += wpp->level;
            } else if (name == "FLAGS") {
                out += wpp->flags;
            } else if (name == "HRESULT" || name == "STATUS") {
                out += hresultShort(static_cast<std::uint32_t>(va_arg(args, int)));
            } else if (name == "WINERROR") {
                out += win32ErrorText(static_cast<std::uint32_t>(va_arg(args, int)));
            } else if (name == "GUID") {
                const auto *g = va_arg(args, const GUID *);
                out += g ? wudf::guidToString(*g) : "(null)";
            } else if (name == "BOOL" || name == "BOOLEAN") {
                out += va_arg(args, int) ? "TRUE" : "FALSE";
            } else {
                // an extension the simulator does not know: kept as written
                out += "%!" + std::string(nameAsWritten) + "!";
            }
            continue;
        }
        // flags, width, precision, size
        std::string spec = "%";
        while (in.peek() == '-' || in.peek() == '+' || in.peek() == ' ' || in.peek() == '#'
            || in.peek() == '0')
            spec.push_back(static_cast<char>(in.next()));
        if (in.peek() == '*') {
            in.next();
            spec += std::to_string(va_arg(args, int));
        } else {
            while (in.peek() >= '0' && in.peek() <= '9')
                spec.push_back(static_cast<char>(in.next()));
        }
        long precision = -1;
        if (in.peek() == '.') {
            in.next();
            spec.push_back('.');
            if (in.peek() == '*') {
                in.next();
                precision = va_arg(args, int);
                spec += std::to_string(precision);
            } else {
                std::string digits;
                while (in.peek() >= '0' && in.peek() <= '9')
                    digits.push_back(static_cast<char>(in.next()));
                precision = digits.empty() ? 0 : std::stol(digits);
                spec += digits;
            }
        }
        enum class Size { Default, Char, Short, Long32, Long64, Pointer } size = Size::Default;
        bool forceWide = false, forceNarrow = false;
        for (bool more = true; more;) {
            switch (in.peek()) {
            case 'h':
                in.next();
                size = Size::Short;
                forceNarrow = true;
                if (in.peek() == 'h') {
                    in.next();
                    size = Size::Char;
                }
                break;
            case 'l':
                in.next();
                forceWide = true;
                size = Size::Long32;
                if (in.peek() == 'l') {
                    in.next();
                    size = Size::Long64;
                    forceWide = false;
                }
                break;
            case 'w':
                in.next();
                forceWide = true;
                break;
            case 'z':
            case 'j':
            case 't':
                in.next();
                size = Size::Pointer;
                break;
            case 'I':
                in.next();
                if (in.peek() == '6') {
                    in.next();
                    if (in.next() != '4')
                        return false;
                    size = Size::Long64;
                } else if (in.peek() == '3') {
                    in.next();
                    if (in.next() != '2')
                        return false;
                    size = Size::Long32;
                } else {
                    size = Size::Pointer;
                }
                break;
            default:
                more = false;
            }
        }
        const std::uint32_t conv = in.next();
        switch (conv) {
        case 'd':
        case 'i': {
            long long v = size == Size::Long64 || size == Size::Pointer
                ? static_cast<long long>(va_arg(args, long long))
                : static_cast<long long>(va_arg(args, int));
            if (size == Size::Short)
                v = static_cast<short>(v);
            else if (size == Size::Char)
                v = static_cast<signed char>(v);
            appendFormatted(out, spec + "lld", v);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            unsigned long long v = size == Size::Long64 || size == Size::Pointer
                ? va_arg(args, unsigned long long)
                : static_cast<unsigned long long>(va_arg(args, unsigned));
            if (size == Size::Short)
                v &= 0xFFFF;
            else if (size == Size::Char)
                v &= 0xFF;
            appendFormatted(out, spec + "ll" + static_cast<char>(conv), v);
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            appendFormatted(out, spec + static_cast<char>(conv), va_arg(args, double));
            break;
        case 'p': {
            // As MSVC prints a pointer: 16 upper-case hex digits, no prefix.
            appendFormatted(out, std::string("%016llX"),
                static_cast<unsigned long long>(
                    reinterpret_cast<std::uintptr_t>(va_arg(args, void *))));
            break;
        }
        case 'c':
        case 'C': {
            const int v = va_arg(args, int);
            std::string ch;
            FormatReader::appendUtf8(ch, static_cast<std::uint32_t>(v & 0xFFFF));
            appendPadded(out, spec, std::move(ch));
            break;
        }
        case 's':
        case 'S': {
            // s: the context's width; S: the other; l/w force wide, h forces narrow.
            bool wide = conv == 's' ? wideContext : !wideContext;
            if (forceWide)
                wide = true;
            if (forceNarrow)
                wide = false;
            std::string text;
            if (wide) {
                const auto *w = va_arg(args, const std::uint16_t *);
                text = w ? utf16ToUtf8(w, precision) : "(null)";
            } else {
                const char *n = va_arg(args, const char *);
                text = n ? (precision >= 0
                               ? std::string(n, strnlen(n, static_cast<std::size_t>(precision)))
                               : std::string(n))
                         : "(null)";
            }
            appendPadded(out, spec, std::move(text));
            break;
        }
        case 'n':
            return false; // never: writing through a format is how formats get exploited
        default:
            return false;
        }
    }
    return true;
}

DriverHost *currentHost()
{
    return DriverHost::current();
}

void recordLog(const char *iface, const char *method, unsigned level, const std::string &message,
    const char *function, const char *file, int line, const char *flags)
{
    DriverHost *host = currentHost();
    const int spdLevel = level <= 1 ? spdlog::level::critical
        : level == 2                ? spdlog::level::err
        : level == 3                ? spdlog::level::warn
        : level == 4                ? spdlog::level::info
                                    : spdlog::level::debug;
    if (!host) {
        // A driver's own thread, outside every host callback: the log only.
        log()->log(static_cast<spdlog::level::level_enum>(spdLevel), "{}: {}", iface, message);
        return;
    }
    std::lock_guard lock(host->world().lock);
    Tracer::Site s = host->kernel32().callerSite(trace::intern(iface), trace::intern(method));
    s.kind = trace::Kind::Log;
    trace::ArgsWriter args;
    if (level != ~0u)
        args.string("level", levelName(level));
    if (flags && *flags)
        args.string("flags", flags);
    if (function && *function)
        args.string("function", function);
    if (file && *file) {
        const char *slash = std::strrchr(file, '/');
        args.string("where", std::string(slash ? slash + 1 : file) + ":" + std::to_string(line));
    }
    args.string("message", message);
    host->world().tracer.event(s, std::nullopt, &args);
    log()->log(
        static_cast<spdlog::level::level_enum>(spdLevel), "[{}] {}", trace::str(s.from), message);
}

} // namespace

} // namespace umdfx

extern "C" {

int umdfx_compat_vformat(char *out, std::size_t outChars, const void *format, int formatWide,
    int wideContext, std::va_list args)
{
    if (!format)
        return -1;
    std::string text;
    std::va_list copy;
    va_copy(copy, args);
    const bool ok = umdfx::format(
        text, umdfx::FormatReader(format, formatWide != 0), wideContext != 0, copy, nullptr);
    va_end(copy);
    if (!ok)
        return -1;
    if (out && outChars) {
        const std::size_t n = std::min(text.size(), outChars - 1);
        std::memcpy(out, text.data(), n);
        out[n] = '\0';
    }
    return static_cast<int>(text.size());
}

void umdfx_compat_debug_output(const char *utf8)
{
    std::string line = utf8 ? utf8 : "";
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.pop_back();
    umdfx::recordLog("kernel32", "OutputDebugString", ~0u, line, nullptr, nullptr, 0, nullptr);
}

void umdfx_compat_debug_output_utf16(const std::uint16_t *utf16)
{
    umdfx_compat_debug_output(utf16 ? umdfx::utf16ToUtf8(utf16, -1).c_str() : "");
}

void umdfx_compat_debug_break(const char *file, int line)
{
    // With no debugger attached, the breakpoint exception ends WUDFHost; here it is reported
    // (the trace and the log) and the driver goes on, which a person debugging prefers.
    umdfx::recordLog("kernel32", "DebugBreak", 1, "DebugBreak (or a failed ATLASSERT)", nullptr,
        file, line, nullptr);
}

std::uint64_t umdfx_compat_tick_count_ms()
{
    umdfx::DriverHost *host = umdfx::currentHost();
    if (!host)
        return 0;
    return static_cast<std::uint64_t>(host->world().scheduler.now() / 1000000);
}

void umdfx_wpp_vtrace(const char *file, int line, const char *function, unsigned level,
    const char *flagName, const char *macro, const void *format, int formatWide, std::va_list args)
{
    const std::string functionName = umdfx::msvcFunctionName(function ? function : "");
    umdfx::WppContext context { functionName.c_str(), file ? file : "", line,
        umdfx::levelName(level), flagName ? flagName : "" };
    std::string message;
    // A wide format (L"...") is read as a wide printf reads it: %s is UTF-16 there.
    const bool ok = format
        && umdfx::format(
            message, umdfx::FormatReader(format, formatWide != 0), formatWide != 0, args, &context);
    if (!ok) {
        const std::string text = !format ? std::string("null")
            : formatWide ? umdfx::utf16ToUtf8(static_cast<const std::uint16_t *>(format), -1)
                         : std::string(static_cast<const char *>(format));
        message = "(a malformed WPP format: " + text + ")";
    }
    umdfx::recordLog(
        "WPP", macro ? macro : "Trace", level, message, functionName.c_str(), file, line, flagName);
}

void umdfx_wpp_trace(const char *file, int line, const char *function, unsigned level,
    const char *flagName, const char *macro, const char *format, ...)
{
    std::va_list args;
    va_start(args, format);
    umdfx_wpp_vtrace(file, line, function, level, flagName, macro, format, 0, args);
    va_end(args);
}

} // extern "C"
