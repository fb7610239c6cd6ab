#include "core/scenario/actionparser.h"

#include "core/common/boundedread.h"
#include "core/common/messagetext.h"
#include "core/scenario/instanceid.h"
#include "core/scenario/win32errors.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <optional>

namespace umdfx::scenario {

const char *deviceOpWord(DeviceAction::Op op)
{
    switch (op) {
    case DeviceAction::Op::Start:
        return "start";
    case DeviceAction::Op::Stop:
        return "stop";
    case DeviceAction::Op::Remove:
        return "remove";
    case DeviceAction::Op::QueryRemove:
        return "query-remove";
    case DeviceAction::Op::SurpriseRemove:
        return "surprise-remove";
    case DeviceAction::Op::DisableDevice:
        return "disable-device";
    case DeviceAction::Op::EnableDevice:
        return "enable-device";
    }
    return "?";
}

const char *actionVerb(const Action &a)
{
    return std::visit(
        [](const auto &op) -> const char * {
            using T = std::decay_t<decltype(op)>;
            if constexpr (std::is_same_v<T, OpenAction>)
                return "open";
            else if constexpr (std::is_same_v<T, WriteAction>)
                return op.ex ? "writeex" : "write";
            else if constexpr (std::is_same_v<T, ReadAction>)
                return op.ex ? "readex" : "read";
            else if constexpr (std::is_same_v<T, IoctlAction>)
                return "ioctl";
            else if constexpr (std::is_same_v<T, CancelAction>)
                return "cancel";
            else if constexpr (std::is_same_v<T, CloseAction>)
                return "close";
            else if constexpr (std::is_same_v<T, InterfaceStateAction>)
                return op.enable ? "enable" : "disable";
            else if constexpr (std::is_same_v<T, DeviceAction>)
                return deviceOpWord(op.op);
            else if constexpr (std::is_same_v<T, PostEventAction>)
                return "post-event";
            else if constexpr (std::is_same_v<T, RegisterNotifyAction>)
                return op.unregister ? "unregister-notification" : "register-notify";
            else if constexpr (std::is_same_v<T, AdvanceAction>)
                return "advance";
            else if constexpr (std::is_same_v<T, SleepExAction>)
                return "sleepex";
            else if constexpr (std::is_same_v<T, RecordLimitAction>)
                return "record-limit";
            else
                return "expect";
        },
        a.op);
}

const std::vector<std::string> &deviceStateWords()
{
    // Must match deviceStateName() in core/pnp/pnpmanager.cpp (this layer cannot include it).
    static const std::vector<std::string> words = { "not-started", "starting", "started",
        "start-failed", "query-remove", "removing", "removed", "surprise-removed", "not-present",
        "no-driver", "host-failed", "query-stop", "stopped" };
    return words;
}

namespace {

// Buffers the executor allocates for read/ioctl: a bound keeps a typo from asking for gigabytes.
constexpr std::uint64_t kMaxBufferBytes = 64u << 20;
// record-limit N sets the knob maxRecords, a u32.
constexpr std::uint64_t kMaxRecordLimit = std::numeric_limits<std::uint32_t>::max();

constexpr std::string_view kVerbs[] = { "open", "write", "writeex", "read", "readex", "ioctl",
    "cancel", "close", "disable", "enable", "start", "stop", "remove", "query-remove",
    "surprise-remove", "disable-device", "enable-device", "post-event", "register-notification",
    "register-notify", "register-notify-handle", "unregister-notification", "advance",
    "record-limit", "expect" };
constexpr std::string_view kExpectations[]
    = { "result", "bytes", "data", "trace", "no-trace", "interface", "device", "handle" };

struct Token
{
    std::string text; // unescaped, for quoted strings
    std::size_t begin = 0; // byte offset in the line of the first character (a string's quote)
    std::size_t end = 0; // byte offset just past the token
    bool quoted = false;
};

// Thrown inside this file only; the entry points turn it into a LoadError.
struct Failure
{
    std::size_t offset; // byte offset in the line
    std::string message;
};

[[noreturn]] void fail(std::size_t offset, std::string message)
{
    throw Failure { offset, std::move(message) };
}

// Editors count characters, not bytes: UTF-8 continuation bytes do not start a column.
int columnAt(std::string_view line, std::size_t offset)
{
    int column = 1;
    for (std::size_t i = 0; i < offset && i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80)
            ++column;
    return column;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
        || c == '-';
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// A character as an error message shows it.
std::string shown(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u > 0x20 && u < 0x7F)
        return std::string("'") + c + "'";
    char buf[12];
    std::snprintf(buf, sizeof buf, "'\\x%02x'", u);
    return buf;
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min(
                { prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1) });
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// " (did you mean 'write'?)" for a near miss (at most two edits), "" otherwise.
template<class Words> std::string didYouMean(std::string_view word, const Words &known)
{
    std::string best;
    std::size_t bestDistance = 3;
    for (const auto &k : known) {
        // Lengths that differ by bestDistance or more cannot be closer: a 5 MB word costs
        // nothing (its edit distance to every verb would cost seconds).
        const std::size_t length = std::string_view(k).size();
        if ((word.size() > length ? word.size() - length : length - word.size()) >= bestDistance)
            continue;
        const auto d = editDistance(word, k);
        if (d < bestDistance && d < std::string_view(k).size()) {
            bestDistance = d;
            best = std::string(k);
        }
    }
    return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

template<class Words> std::string listed(const Words &words)
{
    std::string list;
    for (const auto &w : words)
        list += (list.empty() ? "" : ", ") + std::string(w);
    return list;
}

std::vector<Token> tokenize(std::string_view line)
{
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < line.size()) {
        const char c = line[i];
        if (c == '\n')
            fail(i, "an action is a single line");
        if (isBlank(c)) {
            ++i;
            continue;
        }
        if (c == '#')
            break; // a comment to the end of the line
        Token t;
        t.begin = i;
        if (c != '"') {
            while (i < line.size() && !isBlank(line[i]) && line[i] != '\n')
                t.text.push_back(line[i++]);
            t.end = i;
            tokens.push_back(std::move(t));
            continue;
        }
        t.quoted = true;
        ++i;
        bool closed = false;
        while (i < line.size() && line[i] != '\n') {
            const char d = line[i];
            if (d == '"') {
                closed = true;
                ++i;
                break;
            }
            if (d != '\\') {
                t.text.push_back(d);
                ++i;
                continue;
            }
            if (i + 1 >= line.size())
                break; // unterminated
            const char e = line[i + 1];
            switch (e) {
            case '\\':
            case '"':
                t.text.push_back(e);
                break;
            case 'n':
                t.text.push_back('\n');
                break;
            case 't':
                t.text.push_back('\t');
                break;
            case 'r':
                t.text.push_back('\r');
                break;
            case '0':
                t.text.push_back('\0');
                break;
            case 'x': {
                int v = 0;
                for (std::size_t k = i + 2; k <= i + 3; ++k) {
                    const int digit = k < line.size() ? hexDigit(line[k]) : -1;
                    if (digit < 0) {
                        if (k >= line.size() || line[k] == '"')
                            fail(k, "\\x needs two hex digits");
                        fail(k, "bad hex digit " + shown(line[k]) + " in \\x escape");
                    }
                    v = v * 16 + digit;
                }
                t.text.push_back(static_cast<char>(v));
                i += 2;
                break;
            }
            default:
                fail(i,
                    "unknown escape '\\" + std::string(1, e)
                        + "' (known: \\\\ \\\" \\n \\t \\r \\0 \\xHH)");
            }
            i += 2;
        }
        if (!closed)
            fail(t.begin, "unterminated string");
        if (i < line.size() && !isBlank(line[i]) && line[i] != '#' && line[i] != '\n')
            fail(i, "expected a space after the closing quote");
        t.end = i;
        tokens.push_back(std::move(t));
    }
    return tokens;
}

// Reads the tokens of one line in order; each method takes what the grammar expects next and
// fails at the offending token (or character) otherwise.
class LineParser
{
public:
    explicit LineParser(std::vector<Token> tokens)
        : m_tokens(std::move(tokens))
    { }

    bool atEnd() const { return m_pos >= m_tokens.size(); }
    const Token *peek() const { return atEnd() ? nullptr : &m_tokens[m_pos]; }
    const Token &last() const { return m_tokens[m_pos - 1]; }

    const Token &next(std::string_view what)
    {
        if (atEnd())
            fail(m_tokens.empty() ? 0 : m_tokens.back().end, "missing " + std::string(what));
        return m_tokens[m_pos++];
    }

    // An optional keyword (`async`, `repeat`, `out`, `count`): never a quoted string.
    bool optionalWord(std::string_view word)
    {
        if (atEnd() || m_tokens[m_pos].quoted || m_tokens[m_pos].text != word)
            return false;
        ++m_pos;
        return true;
    }

    // The action is complete; `optional` lists keywords that could have come here.
    void done(std::initializer_list<std::string_view> optional = {})
    {
        if (atEnd())
            return;
        const Token &t = m_tokens[m_pos];
        std::string hint = t.quoted ? std::string() : didYouMean(t.text, optional);
        fail(t.begin, "unexpected '" + excerpt(t.text) + "' at the end of the action" + hint);
    }

    // Where the character at `index` of a token's text is in the line. Inside a quoted string
    // escapes break the correspondence, so errors there point at the string.
    static std::size_t at(const Token &t, std::size_t index)
    {
        return t.quoted ? t.begin : t.begin + index;
    }

    std::string word(std::string_view what)
    {
        const Token &t = next(what);
        if (t.quoted)
            fail(t.begin, std::string(what) + " must be a plain word, not a quoted string");
        for (std::size_t i = 0; i < t.text.size(); ++i)
            if (!isWordChar(t.text[i]))
                fail(t.begin + i,
                    std::string(what) + " '" + excerpt(t.text)
                        + "' may contain only letters, digits, '_' and '-'");
        return t.text;
    }

    std::string handle() { return word("handle name"); }

    static std::uint64_t parseNumber(const Token &t, std::string_view what, std::uint64_t max)
    {
        std::string_view s = t.text;
        int base = 10;
        if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
            s.remove_prefix(2);
            base = 16;
        }
        std::uint64_t v = 0;
        const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
        const bool tooLarge = ec == std::errc::result_out_of_range;
        if (t.quoted || s.empty() || (ec != std::errc() && !tooLarge) || p != s.data() + s.size())
            fail(t.begin,
                "expected " + std::string(what) + " (a number), got '" + excerpt(t.text) + "'");
        if (tooLarge || v > max)
            fail(t.begin,
                std::string(what) + " " + excerpt(t.text) + " is too large (at most "
                    + std::to_string(max) + ")");
        return v;
    }

    std::uint64_t number(std::string_view what, std::uint64_t max)
    {
        return parseNumber(next(what), what, max);
    }

    Data data(std::string_view what)
    {
        const Token &t = next(what);
        Data d;
        if (t.quoted) {
            for (char c : t.text)
                d.bytes.push_back(static_cast<std::byte>(c));
            return d;
        }
        if (t.text.rfind("hex:", 0) != 0)
            fail(t.begin,
                "expected " + std::string(what) + ": \"text\" or hex:00ff…, got '" + excerpt(t.text)
                    + "'");
        d.hex = true;
        const std::string_view hex = std::string_view(t.text).substr(4);
        for (std::size_t i = 0; i < hex.size(); ++i)
            if (hexDigit(hex[i]) < 0)
                fail(t.begin + 4 + i, "bad hex digit " + shown(hex[i]));
        if (hex.size() % 2)
            fail(t.begin + 4, "hex data needs an even number of digits");
        for (std::size_t i = 0; i < hex.size(); i += 2)
            d.bytes.push_back(static_cast<std::byte>(hexDigit(hex[i]) * 16 + hexDigit(hex[i + 1])));
        return d;
    }

    // `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` at t.text[start…], any case.
    static GuidBytes guidAt(const Token &t, std::size_t start, std::string_view what)
    {
        const std::string_view s = std::string_view(t.text).substr(std::min(start, t.text.size()));
        const auto shapeError = [&] {
            fail(at(t, start),
                "expected " + std::string(what)
                    + " in braces, e.g. {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}");
        };
        if (s.size() < 38 || s[0] != '{' || s[37] != '}')
            shapeError();
        std::uint8_t text[16] = {}; // in the order the text spells them
        std::size_t n = 0;
        for (std::size_t i = 1; i < 37;) {
            if (i == 9 || i == 14 || i == 19 || i == 24) {
                if (s[i] != '-')
                    shapeError();
                ++i;
                continue;
            }
            for (std::size_t k = i; k < i + 2; ++k)
                if (hexDigit(s[k]) < 0)
                    fail(at(t, start + k), "bad hex digit " + shown(s[k]) + " in the GUID");
            text[n++] = static_cast<std::uint8_t>(hexDigit(s[i]) * 16 + hexDigit(s[i + 1]));
            i += 2;
        }
        // Windows memory layout: Data1, Data2 and Data3 are little-endian, Data4 is bytes.
        return { text[3], text[2], text[1], text[0], text[5], text[4], text[7], text[6], text[8],
            text[9], text[10], text[11], text[12], text[13], text[14], text[15] };
    }

    std::pair<GuidBytes, std::string> guid(std::string_view what)
    {
        const Token &t = next(what);
        const GuidBytes g = guidAt(t, 0, what);
        if (t.text.size() > 38)
            fail(at(t, 38), "unexpected '" + excerpt(t.text.substr(38)) + "' after the GUID");
        return { g, t.text };
    }

    // Reference strings name an interface instance; IoRegisterDeviceInterface forbids path
    // separators in them.
    static void checkReference(const Token &t, std::size_t start)
    {
        for (std::size_t i = start; i < t.text.size(); ++i)
            if (t.text[i] == '\\' || t.text[i] == '/')
                fail(at(t, i),
                    "a reference string cannot contain " + shown(t.text[i])
                        + " (to open a name below an interface, give the full \\\\?\\… path)");
    }

    std::string reference()
    {
        const Token &t = next("reference string");
        if (t.text.empty())
            fail(t.begin, "a reference string cannot be empty");
        checkReference(t, 0);
        return t.text;
    }

    InterfacePath interfacePath()
    {
        const Token &t = next("interface path ({guid}, {guid}\\Ref or \\\\?\\… symbolic link)");
        InterfacePath p;
        p.text = t.text;
        const std::string_view s = t.text;
        std::size_t guidStart = 0;
        if (s.rfind("\\\\?\\", 0) == 0) {
            // \\?\ENUMERATOR#DEVICE#INSTANCE#{guid}[\…] (reference §4.2): the instance ID has
            // exactly three parts, so the third '#' is the one before the GUID.
            int hashes = 0;
            for (std::size_t i = 4; i < s.size() && !guidStart; ++i)
                if (s[i] == '#' && ++hashes == 3)
                    guidStart = i + 1;
            if (!guidStart)
                fail(t.begin,
                    "'" + excerpt(t.text)
                        + "' is not a device interface path "
                          "(\\\\?\\ENUMERATOR#DEVICE#INSTANCE#{class guid}[\\Ref])");
            std::string instance(s.substr(4, guidStart - 5));
            std::replace(instance.begin(), instance.end(), '#', '\\');
            if (auto problem = instanceIdProblem(instance))
                fail(at(t, 4 + problem->index),
                    "instance ID '" + excerpt(instance) + "' in the path " + problem->message);
            p.instanceId = std::move(instance);
        } else if (s.empty() || s[0] != '{') {
            fail(t.begin,
                "expected an interface path: {guid}, {guid}\\Ref or a \\\\?\\… symbolic link, got '"
                    + excerpt(t.text) + "'");
        } else {
            p.isShortForm = true;
        }
        p.guid = guidAt(t, guidStart, "interface class GUID");
        const std::size_t after = guidStart + 38;
        if (after < s.size()) {
            if (s[after] != '\\')
                fail(at(t, after), "after the GUID comes \\ and a reference string");
            if (after + 1 == s.size())
                fail(at(t, after), "a reference string must follow '\\'");
            if (p.isShortForm)
                checkReference(t, after + 1);
            p.hasReference = true;
            p.reference = t.text.substr(after + 1);
        }
        return p;
    }

    std::string instanceId()
    {
        const Token &t = next("device instance ID (e.g. ROOT\\ECHO\\0000)");
        if (auto problem = instanceIdProblem(t.text))
            fail(
                at(t, problem->index), "instance ID '" + excerpt(t.text) + "' " + problem->message);
        return t.text;
    }

    std::int64_t duration()
    {
        const Token &t = next("duration (e.g. 100ms)");
        std::size_t digits = 0;
        while (digits < t.text.size() && t.text[digits] >= '0' && t.text[digits] <= '9')
            ++digits;
        if (t.quoted || digits == 0)
            fail(t.begin, "expected a duration such as 100ms, got '" + excerpt(t.text) + "'");
        const std::string unit = t.text.substr(digits);
        std::int64_t scale = 0;
        if (unit == "ns")
            scale = 1;
        else if (unit == "us")
            scale = 1000;
        else if (unit == "ms")
            scale = 1000000;
        else if (unit == "s")
            scale = 1000000000;
        else if (unit.empty())
            fail(t.begin + digits, "duration needs a unit (ns, us, ms, s)");
        else
            fail(t.begin + digits, "unknown duration unit '" + excerpt(unit) + "' (ns, us, ms, s)");
        std::uint64_t v = 0;
        const auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + digits, v);
        if (ec != std::errc()
            || v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max() / scale))
            fail(t.begin, "duration " + excerpt(t.text) + " is too long");
        return static_cast<std::int64_t>(v) * scale;
    }

    std::pair<std::string, std::string> methodName()
    {
        const Token &t = next("Interface::Method");
        const auto sep = t.text.find("::");
        if (t.quoted || sep == std::string::npos || sep == 0 || sep + 2 >= t.text.size())
            fail(t.begin,
                "expected Interface::Method (e.g. IQueueCallbackWrite::OnWrite), got '"
                    + excerpt(t.text) + "'");
        return { t.text.substr(0, sep), t.text.substr(sep + 2) };
    }

    template<class Words> std::string oneOf(std::string_view what, const Words &words)
    {
        const Token &t = next(what);
        for (const auto &w : words)
            if (!t.quoted && t.text == w)
                return t.text;
        fail(t.begin,
            "expected " + std::string(what) + " (" + listed(words) + "), got '" + excerpt(t.text)
                + "'" + didYouMean(t.text, words));
    }
    std::string oneOf(std::string_view what, std::initializer_list<std::string_view> words)
    {
        return oneOf<std::initializer_list<std::string_view>>(what, words);
    }

private:
    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
};

ExpectAction parseExpect(LineParser &p)
{
    ExpectAction e;
    const Token &kind = p.next("what to expect (" + listed(kExpectations) + ")");
    const std::string &k = kind.text;
    if (kind.quoted
        || std::find(std::begin(kExpectations), std::end(kExpectations), k)
            == std::end(kExpectations)) {
        const std::string hint = didYouMean(k, kExpectations);
        fail(kind.begin,
            "unknown expectation '" + excerpt(k) + "'"
                + (hint.empty() ? " (expected " + listed(kExpectations) + ")" : hint));
    }
    if (k == "result") {
        if (p.oneOf("result", { "ok", "error" }) == "ok") {
            e.what = ExpectAction::What::ResultOk;
        } else {
            e.what = ExpectAction::What::ResultError;
            const Token &t = p.next("error number or ERROR_NAME");
            if (!t.text.empty() && t.text[0] >= '0' && t.text[0] <= '9') {
                e.error = static_cast<std::uint32_t>(
                    LineParser::parseNumber(t, "error number", 0xFFFFFFFFu));
            } else if (auto code = win32ErrorByName(t.text); code && !t.quoted) {
                e.error = *code;
            } else {
                std::vector<std::string_view> names;
                for (const auto &known : win32Errors())
                    names.push_back(known.name);
                fail(t.begin,
                    "unknown Win32 error name '" + excerpt(t.text) + "'"
                        + didYouMean(t.text, names));
            }
        }
        p.done();
    } else if (k == "bytes") {
        e.what = ExpectAction::What::Bytes;
        e.number = p.number("byte count", 0xFFFFFFFFu);
        p.done();
    } else if (k == "data") {
        e.what = ExpectAction::What::ReadData;
        e.data = p.data("expected data");
        p.done();
    } else if (k == "trace" || k == "no-trace") {
        e.what = k == "trace" ? ExpectAction::What::Trace : ExpectAction::What::NoTrace;
        std::tie(e.iface, e.method) = p.methodName();
        if (e.what == ExpectAction::What::Trace) {
            if (p.optionalWord("count")) {
                e.hasCount = true;
                e.number = p.number("count", 1000000000);
            }
            p.done({ "count" });
        } else {
            p.done();
        }
    } else if (k == "interface") {
        e.what = ExpectAction::What::Interface;
        e.path = p.interfacePath();
        e.state = p.oneOf("interface state", { "enabled", "disabled", "absent" });
        p.done();
    } else if (k == "device") {
        e.what = ExpectAction::What::Device;
        e.subject = p.instanceId();
        e.state = p.oneOf("device state", deviceStateWords());
        p.done();
    } else {
        e.what = ExpectAction::What::Handle;
        e.subject = p.handle();
        e.state = p.oneOf("handle state", { "open", "closed", "pending" });
        p.done();
    }
    return e;
}

Action parseTokens(
    std::string_view line, std::vector<Token> tokens, std::string_view fileName, int lineNo)
{
    Action a;
    a.where = { std::string(fileName), lineNo, columnAt(line, tokens.front().begin) };
    a.text
        = std::string(line.substr(tokens.front().begin, tokens.back().end - tokens.front().begin));
    LineParser p(std::move(tokens));
    if (!p.peek()->quoted && p.peek()->text[0] == '@') {
        const Token &t = p.next("application");
        a.app = t.text.substr(1);
        if (a.app.empty())
            fail(t.begin, "'@' must be followed by an application name");
        for (std::size_t i = 0; i < a.app.size(); ++i)
            if (!isWordChar(a.app[i]))
                fail(t.begin + 1 + i,
                    "application name '" + excerpt(a.app)
                        + "' may contain only letters, digits, '_' and '-'");
    }
    const Token &verb = p.next("verb (" + listed(kVerbs) + ")");
    const std::string &v = verb.text;
    if (verb.quoted)
        fail(verb.begin, "expected a verb, got the quoted string \"" + excerpt(v) + "\"");
    if (v == "open") {
        OpenAction o;
        o.handle = p.handle();
        o.path = p.interfacePath();
        o.async = p.optionalWord("async");
        p.done({ "async" });
        a.op = std::move(o);
    } else if (v == "write" || v == "writeex") {
        WriteAction w;
        w.ex = v == "writeex";
        w.handle = p.handle();
        w.data = p.data("data to write");
        if (!w.ex && p.optionalWord("repeat")) {
            w.repeat = static_cast<std::uint32_t>(p.number("repeat count", 1000000));
            if (w.repeat == 0)
                fail(p.last().begin, "repeat count must be at least 1");
        }
        if (w.ex)
            p.done();
        else
            p.done({ "repeat" });
        a.op = std::move(w);
    } else if (v == "read" || v == "readex") {
        ReadAction r;
        r.ex = v == "readex";
        r.handle = p.handle();
        r.size = static_cast<std::uint32_t>(p.number("byte count", kMaxBufferBytes));
        p.done();
        a.op = std::move(r);
    } else if (v == "ioctl") {
        IoctlAction io;
        io.handle = p.handle();
        io.code = static_cast<std::uint32_t>(p.number("IOCTL code", 0xFFFFFFFFu));
        if (!p.atEnd() && (p.peek()->quoted || p.peek()->text != "out"))
            io.input = p.data("IOCTL input");
        if (p.optionalWord("out"))
            io.outputSize = static_cast<std::uint32_t>(p.number("output size", kMaxBufferBytes));
        p.done({ "out" });
        a.op = std::move(io);
    } else if (v == "cancel") {
        a.op = CancelAction { p.handle() };
        p.done();
    } else if (v == "close") {
        a.op = CloseAction { p.handle() };
        p.done();
    } else if (v == "disable" || v == "enable") {
        InterfaceStateAction s;
        s.enable = v == "enable";
        s.instanceId = p.instanceId();
        std::tie(s.guid, s.guidText) = p.guid("interface class GUID");
        if (!p.atEnd()) {
            s.hasReference = true;
            s.reference = p.reference();
        }
        p.done();
        a.op = std::move(s);
    } else if (v == "start" || v == "stop" || v == "remove" || v == "query-remove"
        || v == "surprise-remove" || v == "disable-device" || v == "enable-device") {
        DeviceAction d;
        d.op = v == "start"         ? DeviceAction::Op::Start
            : v == "stop"           ? DeviceAction::Op::Stop
            : v == "remove"         ? DeviceAction::Op::Remove
            : v == "query-remove"   ? DeviceAction::Op::QueryRemove
            : v == "disable-device" ? DeviceAction::Op::DisableDevice
            : v == "enable-device"  ? DeviceAction::Op::EnableDevice
                                    : DeviceAction::Op::SurpriseRemove;
        d.instanceId = p.instanceId();
        p.done();
        a.op = std::move(d);
    } else if (v == "post-event") {
        PostEventAction e;
        e.instanceId = p.instanceId();
        std::tie(e.guid, e.guidText) = p.guid("event GUID");
        if (!p.atEnd())
            e.data = p.data("event data");
        p.done();
        a.op = std::move(e);
    } else if (v == "unregister-notification") {
        RegisterNotifyAction r;
        r.unregister = true;
        if (!p.atEnd() && !p.peek()->quoted && p.peek()->text.front() == '{') {
            std::tie(r.guid, r.guidText) = p.guid("interface class GUID");
        } else {
            r.handleNotification = true;
            r.handle = p.handle();
        }
        p.done();
        a.op = std::move(r);
    } else if (v == "register-notification") {
        // A class GUID registers for interface arrival/removal; a handle name for the events of
        // the handle's device.
        RegisterNotifyAction r;
        if (!p.atEnd() && !p.peek()->quoted && p.peek()->text.front() == '{') {
            std::tie(r.guid, r.guidText) = p.guid("interface class GUID");
        } else {
            r.handleNotification = true;
            r.handle = p.handle();
        }
        p.done();
        a.op = std::move(r);
    } else if (v == "register-notify") {
        RegisterNotifyAction r;
        std::tie(r.guid, r.guidText) = p.guid("interface class GUID");
        p.done();
        a.op = std::move(r);
    } else if (v == "register-notify-handle") {
        RegisterNotifyAction r;
        r.handleNotification = true;
        r.handle = p.handle();
        p.done();
        a.op = std::move(r);
    } else if (v == "advance") {
        a.op = AdvanceAction { p.duration() };
        p.done();
    } else if (v == "sleepex") {
        a.op = SleepExAction { p.duration() };
        p.done();
    } else if (v == "record-limit") {
        a.op = RecordLimitAction { p.number("record count (0: no limit)", kMaxRecordLimit) };
        p.done();
    } else if (v == "expect") {
        a.op = parseExpect(p);
    } else {
        fail(verb.begin, "unknown action '" + excerpt(v) + "'" + didYouMean(v, kVerbs));
    }
    return a;
}

} // namespace

std::variant<Action, LoadError> parseActionLine(
    std::string_view line, std::string_view fileName, int lineNo)
{
    try {
        auto tokens = tokenize(line);
        if (tokens.empty())
            fail(0, "no action (the line is blank or a comment)");
        return parseTokens(line, std::move(tokens), fileName, lineNo);
    } catch (const Failure &f) {
        return LoadError { { std::string(fileName), lineNo, columnAt(line, f.offset) }, f.message };
    }
}

std::variant<std::vector<Action>, LoadError> parseActions(
    std::string_view text, std::string_view fileName)
{
    // Editors do not show a byte order mark, so it takes no column.
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    std::vector<Action> actions;
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto nl = text.find('\n', pos);
        const std::string_view line
            = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        ++lineNo;
        try {
            auto tokens = tokenize(line);
            if (!tokens.empty())
                actions.push_back(parseTokens(line, std::move(tokens), fileName, lineNo));
        } catch (const Failure &f) {
            return LoadError { { std::string(fileName), lineNo, columnAt(line, f.offset) },
                f.message };
        }
        if (nl == std::string_view::npos)
            break;
        pos = nl + 1;
    }
    return actions;
}

namespace {

std::string formatGuid(const GuidBytes &b)
{
    char buf[40];
    std::snprintf(buf, sizeof buf,
        "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}", b[3], b[2], b[1],
        b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return buf;
}

std::string guidText(const GuidBytes &b, const std::string &asWritten)
{
    return asWritten.empty() ? formatGuid(b) : asWritten;
}

// Length of the structurally valid UTF-8 sequence starting at s[i], 0 if there is none. Such
// sequences stay readable in the canonical line; other bytes become \xHH.
std::size_t utf8Length(std::string_view s, std::size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0xC2 ? 0 : c <= 0xDF ? 2 : c <= 0xEF ? 3 : c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
            return 0;
    return n;
}

std::string quoted(std::string_view s)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            if (const auto n = utf8Length(s, i)) {
                out.append(s.substr(i, n));
                i += n;
                continue;
            }
        }
        ++i;
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c >= 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

// A word as the tokenizer will read it back: bare when it can be, quoted otherwise.
std::string formatWord(std::string_view w)
{
    bool bare = !w.empty() && w[0] != '#' && w[0] != '@' && w[0] != '"';
    for (char c : w)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '"')
            bare = false;
    return bare ? std::string(w) : quoted(w);
}

std::string formatData(const Data &d)
{
    if (!d.hex)
        return quoted(
            std::string_view(reinterpret_cast<const char *>(d.bytes.data()), d.bytes.size()));
    std::string out = "hex:";
    char buf[4];
    for (std::byte b : d.bytes) {
        std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>(b));
        out += buf;
    }
    return out;
}

std::string formatPath(const InterfacePath &p)
{
    if (!p.text.empty())
        return formatWord(p.text);
    std::string text;
    if (!p.isShortForm) {
        std::string linkId = p.instanceId; // reference §4.2: every '\' of the ID becomes '#'
        std::replace(linkId.begin(), linkId.end(), '\\', '#');
        text = "\\\\?\\" + linkId + "#";
    }
    text += formatGuid(p.guid);
    if (p.hasReference)
        text += "\\" + p.reference;
    return formatWord(text);
}

std::string formatDuration(std::int64_t ns)
{
    if (ns % 1000000000 == 0)
        return std::to_string(ns / 1000000000) + "s";
    if (ns % 1000000 == 0)
        return std::to_string(ns / 1000000) + "ms";
    if (ns % 1000 == 0)
        return std::to_string(ns / 1000) + "us";
    return std::to_string(ns) + "ns";
}

std::string formatExpect(const ExpectAction &e)
{
    switch (e.what) {
    case ExpectAction::What::ResultOk:
        return "result ok";
    case ExpectAction::What::ResultError: {
        const auto name = win32ErrorName(e.error);
        return "result error " + (name.empty() ? std::to_string(e.error) : std::string(name));
    }
    case ExpectAction::What::Bytes:
        return "bytes " + std::to_string(e.number);
    case ExpectAction::What::ReadData:
        return "data " + formatData(e.data);
    case ExpectAction::What::Trace:
        return "trace " + e.iface + "::" + e.method
            + (e.hasCount ? " count " + std::to_string(e.number) : std::string());
    case ExpectAction::What::NoTrace:
        return "no-trace " + e.iface + "::" + e.method;
    case ExpectAction::What::Interface:
        return "interface " + formatPath(e.path) + " " + e.state;
    case ExpectAction::What::Device:
        return "device " + e.subject + " " + e.state;
    case ExpectAction::What::Handle:
        return "handle " + e.subject + " " + e.state;
    }
    return {};
}

} // namespace

std::string formatAction(const Action &a)
{
    std::string out = a.app == "app1" ? "" : "@" + a.app + " ";
    std::visit(
        [&](const auto &op) {
            using T = std::decay_t<decltype(op)>;
            if constexpr (std::is_same_v<T, OpenAction>) {
                out += "open " + op.handle + " " + formatPath(op.path) + (op.async ? " async" : "");
            } else if constexpr (std::is_same_v<T, WriteAction>) {
                out += std::string(op.ex ? "writeex " : "write ") + op.handle + " "
                    + formatData(op.data);
                if (!op.ex && op.repeat != 1)
                    out += " repeat " + std::to_string(op.repeat);
            } else if constexpr (std::is_same_v<T, ReadAction>) {
                out += std::string(op.ex ? "readex " : "read ") + op.handle + " "
                    + std::to_string(op.size);
            } else if constexpr (std::is_same_v<T, IoctlAction>) {
                char code[16];
                std::snprintf(code, sizeof code, "0x%x", op.code);
                out += "ioctl " + op.handle + " " + code;
                if (!op.input.bytes.empty() || op.input.hex)
                    out += " " + formatData(op.input);
                if (op.outputSize)
                    out += " out " + std::to_string(op.outputSize);
            } else if constexpr (std::is_same_v<T, CancelAction>) {
                out += "cancel " + op.handle;
            } else if constexpr (std::is_same_v<T, CloseAction>) {
                out += "close " + op.handle;
            } else if constexpr (std::is_same_v<T, InterfaceStateAction>) {
                out += std::string(op.enable ? "enable " : "disable ") + op.instanceId + " "
                    + guidText(op.guid, op.guidText);
                if (op.hasReference)
                    out += " " + formatWord(op.reference);
            } else if constexpr (std::is_same_v<T, DeviceAction>) {
                out += std::string(deviceOpWord(op.op)) + " " + op.instanceId;
            } else if constexpr (std::is_same_v<T, PostEventAction>) {
                out += "post-event " + op.instanceId + " " + guidText(op.guid, op.guidText);
                if (!op.data.bytes.empty() || op.data.hex)
                    out += " " + formatData(op.data);
            } else if constexpr (std::is_same_v<T, RegisterNotifyAction>) {
                out += op.unregister ? "unregister-notification " : "register-notification ";
                out += op.handleNotification ? op.handle : guidText(op.guid, op.guidText);
            } else if constexpr (std::is_same_v<T, AdvanceAction>) {
                out += "advance " + formatDuration(op.ns);
            } else if constexpr (std::is_same_v<T, SleepExAction>) {
                out += "sleepex " + formatDuration(op.ns);
            } else if constexpr (std::is_same_v<T, RecordLimitAction>) {
                out += "record-limit " + std::to_string(op.records);
            } else if constexpr (std::is_same_v<T, ExpectAction>) {
                out += "expect " + formatExpect(op);
            }
        },
        a.op);
    return out;
}

std::variant<std::vector<Action>, LoadError> parseActionsFile(const std::string &path)
{
    std::string text, error;
    if (!readBoundedFile(path, kMaxActionScriptBytes, "an action script", text, error))
        return LoadError { { inputName(path), 0, 0 }, error };
    return parseActions(text, inputName(path));
}

} // namespace umdfx::scenario
