#include "core/scenario/actionparser.h"

#include "core/scenario/win32errors.h"
#include "core/wudf/guid.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

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
    }
    return "?";
}

namespace {

constexpr std::string_view kDeviceStates[]
    = { "not-started", "starting", "started", "start-failed", "query-remove", "removing", "removed",
          "surprise-removed", "not-present", "no-driver", "host-failed" };

struct Token
{
    std::string text; // unescaped for strings
    int column = 0; // 1-based
    bool quoted = false;
};

struct Failure
{
    int column;
    std::string message;
};

[[noreturn]] void fail(int column, std::string message)
{
    throw Failure { column, std::move(message) };
}

std::vector<Token> tokenize(std::string_view line)
{
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < line.size()) {
        const char c = line[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '#')
            break; // comment to end of line
        Token t;
        t.column = static_cast<int>(i) + 1;
        if (c == '"') {
            t.quoted = true;
            ++i;
            bool closed = false;
            while (i < line.size()) {
                const char d = line[i];
                if (d == '"') {
                    closed = true;
                    ++i;
                    break;
                }
                if (d == '\\') {
                    if (i + 1 >= line.size())
                        fail(static_cast<int>(i) + 1, "unfinished escape at the end of the line");
                    const char e = line[i + 1];
                    switch (e) {
                    case '\\':
                        t.text.push_back('\\');
                        break;
                    case '"':
                        t.text.push_back('"');
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
                        if (i + 3 >= line.size() + 0 && i + 3 > line.size())
                            fail(static_cast<int>(i) + 1, "\\x needs two hex digits");
                        int v = 0;
                        for (int k = 2; k <= 3; ++k) {
                            const char h = i + static_cast<std::size_t>(k) < line.size()
                                ? line[i + static_cast<std::size_t>(k)]
                                : '\0';
                            const int d2 = (h >= '0' && h <= '9') ? h - '0'
                                : (h >= 'a' && h <= 'f')          ? h - 'a' + 10
                                : (h >= 'A' && h <= 'F')          ? h - 'A' + 10
                                                                  : -1;
                            if (d2 < 0)
                                fail(static_cast<int>(i) + 1 + k, "\\x needs two hex digits");
                            v = v * 16 + d2;
                        }
                        t.text.push_back(static_cast<char>(v));
                        i += 2;
                        break;
                    }
                    default:
                        fail(static_cast<int>(i) + 1, std::string("unknown escape '\\") + e + "'");
                    }
                    i += 2;
                    continue;
                }
                t.text.push_back(d);
                ++i;
            }
            if (!closed)
                fail(t.column, "unterminated string");
        } else {
            while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
                t.text.push_back(line[i++]);
        }
        tokens.push_back(std::move(t));
    }
    return tokens;
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

constexpr std::string_view kVerbs[]
    = { "open", "write", "writeex", "read", "readex", "ioctl", "cancel", "close", "disable",
          "enable", "start", "stop", "remove", "query-remove", "surprise-remove", "post-event",
          "register-notify", "register-notify-handle", "advance", "expect" };

class LineParser
{
public:
    explicit LineParser(std::vector<Token> tokens, int endColumn)
        : m_tokens(std::move(tokens))
        , m_end(endColumn)
    { }

    bool atEnd() const { return m_pos >= m_tokens.size(); }
    const Token &next(const char *what)
    {
        if (atEnd())
            fail(m_end, std::string("missing ") + what);
        return m_tokens[m_pos++];
    }
    const Token *peek() const { return atEnd() ? nullptr : &m_tokens[m_pos]; }
    void done()
    {
        if (!atEnd())
            fail(m_tokens[m_pos].column,
                "unexpected '" + m_tokens[m_pos].text + "' at the end of the action");
    }

    std::string identifier(const char *what)
    {
        const Token &t = next(what);
        if (t.quoted || t.text.empty())
            fail(t.column, std::string("expected ") + what);
        for (char c : t.text) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok)
                fail(t.column,
                    std::string(what) + " '" + t.text
                        + "' may contain only letters, digits, '_' and '-'");
        }
        return t.text;
    }

    std::uint64_t number(const char *what, std::uint64_t max)
    {
        const Token &t = next(what);
        return parseNumber(t, what, max);
    }

    static std::uint64_t parseNumber(const Token &t, const char *what, std::uint64_t max)
    {
        std::string_view s = t.text;
        int base = 10;
        if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
            s.remove_prefix(2);
            base = 16;
        }
        std::uint64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
        if (t.quoted || s.empty() || ec != std::errc() || p != s.data() + s.size())
            fail(t.column, std::string("expected ") + what + " (a number), got '" + t.text + "'");
        if (v > max)
            fail(t.column,
                std::string(what) + " " + t.text + " is too large (at most " + std::to_string(max)
                    + ")");
        return v;
    }

    Data data(const char *what)
    {
        const Token &t = next(what);
        Data d;
        if (t.quoted) {
            for (char c : t.text)
                d.bytes.push_back(static_cast<std::byte>(c));
            return d;
        }
        if (t.text.rfind("hex:", 0) != 0)
            fail(t.column, std::string("expected ") + what + ": \"text\" or hex:0a1b…");
        d.hex = true;
        const std::string_view hex = std::string_view(t.text).substr(4);
        if (hex.size() % 2)
            fail(t.column + 4, "hex data needs an even number of digits");
        for (std::size_t i = 0; i < hex.size(); i += 2) {
            int v = 0;
            for (std::size_t k = 0; k < 2; ++k) {
                const char h = hex[i + k];
                const int dv = (h >= '0' && h <= '9') ? h - '0'
                    : (h >= 'a' && h <= 'f')          ? h - 'a' + 10
                    : (h >= 'A' && h <= 'F')          ? h - 'A' + 10
                                                      : -1;
                if (dv < 0)
                    fail(t.column + 4 + static_cast<int>(i + k),
                        std::string("bad hex digit '") + h + "'");
                v = v * 16 + dv;
            }
            d.bytes.push_back(static_cast<std::byte>(v));
        }
        return d;
    }

    static GuidBytes toBytes(const GUID &g)
    {
        GuidBytes b {};
        for (int i = 0; i < 4; ++i)
            b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(g.Data1 >> (8 * i));
        b[4] = static_cast<std::uint8_t>(g.Data2);
        b[5] = static_cast<std::uint8_t>(g.Data2 >> 8);
        b[6] = static_cast<std::uint8_t>(g.Data3);
        b[7] = static_cast<std::uint8_t>(g.Data3 >> 8);
        for (int i = 0; i < 8; ++i)
            b[8 + static_cast<std::size_t>(i)] = g.Data4[i];
        return b;
    }

    std::pair<GuidBytes, std::string> guid(const char *what)
    {
        const Token &t = next(what);
        if (t.text.size() != 38 || t.text.front() != '{' || t.text.back() != '}')
            fail(t.column,
                std::string("expected ") + what
                    + " in braces, e.g. {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}");
        const auto g = wudf::parseGuid(t.text);
        if (!g)
            fail(t.column, "'" + t.text + "' is not a GUID");
        return { toBytes(*g), wudf::guidToString(*g) };
    }

    InterfacePath interfacePath()
    {
        const Token &t = next("interface path ({guid}\\Ref or \\\\?\\… symbolic link)");
        InterfacePath p;
        p.text = t.text;
        if (t.text.rfind("\\\\?\\", 0) == 0) {
            if (t.text.find("#{") == std::string::npos)
                fail(
                    t.column, "'" + t.text + "' is not a device interface path (no #{class guid})");
            return p;
        }
        if (t.text.empty() || t.text.front() != '{' || t.text.size() < 38)
            fail(t.column,
                "expected an interface path: {guid}, {guid}\\Ref or a \\\\?\\… symbolic link");
        const auto g = wudf::parseGuid(t.text.substr(0, 38));
        if (!g || t.text[37] != '}')
            fail(t.column, "'" + t.text.substr(0, 38) + "' is not a GUID");
        p.isShortForm = true;
        p.guid = toBytes(*g);
        if (t.text.size() > 38) {
            if (t.text[38] != '\\' || t.text.size() == 39)
                fail(t.column + 38, "after the GUID comes \\ and a reference string");
            p.hasReference = true;
            p.reference = t.text.substr(39);
        }
        return p;
    }

    std::string instanceId()
    {
        const Token &t = next("device instance ID (e.g. ROOT\\ECHO\\0000)");
        if (t.text.find('\\') == std::string::npos)
            fail(t.column,
                "'" + t.text + "' is not a device instance ID (ENUMERATOR\\DEVICE\\INSTANCE)");
        return t.text;
    }

    std::int64_t duration(std::string &text)
    {
        const Token &t = next("duration (e.g. 100ms)");
        text = t.text;
        std::size_t digits = 0;
        while (digits < t.text.size() && t.text[digits] >= '0' && t.text[digits] <= '9')
            ++digits;
        if (digits == 0)
            fail(t.column, "expected a duration such as 100ms, got '" + t.text + "'");
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
            fail(t.column + static_cast<int>(digits), "duration needs a unit (ns, us, ms, s)");
        else
            fail(t.column + static_cast<int>(digits),
                "unknown duration unit '" + unit + "' (ns, us, ms, s)");
        std::uint64_t v = 0;
        std::from_chars(t.text.data(), t.text.data() + digits, v);
        if (v > static_cast<std::uint64_t>(INT64_MAX / scale))
            fail(t.column, "duration " + t.text + " is too long");
        return static_cast<std::int64_t>(v) * scale;
    }

    std::pair<std::string, std::string> methodName()
    {
        const Token &t = next("Interface::Method");
        const auto sep = t.text.find("::");
        if (sep == std::string::npos || sep == 0 || sep + 2 >= t.text.size())
            fail(t.column,
                "expected Interface::Method (e.g. IQueueCallbackWrite::OnWrite), got '" + t.text
                    + "'");
        return { t.text.substr(0, sep), t.text.substr(sep + 2) };
    }

    std::string oneOf(const char *what, std::initializer_list<std::string_view> words)
    {
        const Token &t = next(what);
        for (auto w : words)
            if (t.text == w)
                return t.text;
        std::string list;
        for (auto w : words)
            list += (list.empty() ? "" : ", ") + std::string(w);
        fail(t.column, "expected " + std::string(what) + " (" + list + "), got '" + t.text + "'");
    }

    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    int m_end;
};

ExpectAction parseExpect(LineParser &p)
{
    ExpectAction e;
    const Token &kind = p.next(
        "what to expect (result, bytes, data, trace, no-trace, interface, device, handle)");
    if (kind.text == "result") {
        const std::string r = p.oneOf("result", { "ok", "error" });
        if (r == "ok") {
            e.what = ExpectAction::What::ResultOk;
        } else {
            e.what = ExpectAction::What::ResultError;
            const Token &t = p.next("error number or ERROR_NAME");
            if (!t.text.empty() && t.text[0] >= '0' && t.text[0] <= '9') {
                e.error = static_cast<std::uint32_t>(
                    LineParser::parseNumber(t, "error number", 0xFFFFFFFFu));
            } else if (auto code = win32ErrorByName(t.text)) {
                e.error = *code;
            } else {
                fail(t.column, "unknown Win32 error name '" + t.text + "'");
            }
        }
    } else if (kind.text == "bytes") {
        e.what = ExpectAction::What::Bytes;
        e.number = p.number("byte count", UINT64_MAX);
    } else if (kind.text == "data") {
        e.what = ExpectAction::What::ReadData;
        e.data = p.data("expected data");
    } else if (kind.text == "trace" || kind.text == "no-trace") {
        e.what = kind.text == "trace" ? ExpectAction::What::Trace : ExpectAction::What::NoTrace;
        std::tie(e.iface, e.method) = p.methodName();
        if (e.what == ExpectAction::What::Trace && p.peek() && p.peek()->text == "count") {
            p.next("count");
            e.hasCount = true;
            e.number = p.number("count", 1000000000);
        }
    } else if (kind.text == "interface") {
        e.what = ExpectAction::What::Interface;
        e.path = p.interfacePath();
        e.state = p.oneOf("interface state", { "enabled", "disabled", "absent" });
    } else if (kind.text == "device") {
        e.what = ExpectAction::What::Device;
        e.subject = p.instanceId();
        const Token &t = p.next("device state");
        if (std::find(std::begin(kDeviceStates), std::end(kDeviceStates), t.text)
            == std::end(kDeviceStates)) {
            std::string list;
            for (auto s : kDeviceStates)
                list += (list.empty() ? "" : ", ") + std::string(s);
            fail(t.column, "unknown device state '" + t.text + "' (" + list + ")");
        }
        e.state = t.text;
    } else if (kind.text == "handle") {
        e.what = ExpectAction::What::Handle;
        e.subject = p.identifier("handle name");
        e.state = p.oneOf("handle state", { "open", "closed", "pending" });
    } else {
        fail(kind.column,
            "unknown expectation '" + kind.text
                + "' (result, bytes, data, trace, no-trace, interface, device, handle)");
    }
    return e;
}

} // namespace

std::variant<Action, LoadError> parseActionLine(
    std::string_view line, std::string_view fileName, int lineNo)
{
    Action a;
    a.where = { std::string(fileName), lineNo, 1 };
    try {
        auto tokens = tokenize(line);
        if (tokens.empty())
            fail(1, "empty action");
        std::size_t textStart = static_cast<std::size_t>(tokens.front().column - 1);
        std::string_view trimmed = line.substr(textStart);
        if (const auto hash = trimmed.find(" #");
            hash != std::string_view::npos && !tokens.back().quoted)
            trimmed = trimmed.substr(0, hash);
        while (!trimmed.empty()
            && (trimmed.back() == ' ' || trimmed.back() == '\t' || trimmed.back() == '\r'))
            trimmed.remove_suffix(1);
        a.text = std::string(trimmed);
        a.where.column = tokens.front().column;
        LineParser p(std::move(tokens), static_cast<int>(line.size()) + 1);
        if (p.peek()->text.front() == '@' && !p.peek()->quoted) {
            const Token &app = p.next("application");
            a.app = app.text.substr(1);
            if (a.app.empty())
                fail(app.column, "'@' must be followed by an application name");
        }
        const Token &verb = p.next("action");
        const std::string &v = verb.text;
        if (v == "open") {
            OpenAction o;
            o.handle = p.identifier("handle name");
            o.path = p.interfacePath();
            if (p.peek() && p.peek()->text == "async") {
                p.next("async");
                o.async = true;
            }
            a.op = o;
        } else if (v == "write" || v == "writeex") {
            WriteAction w;
            w.ex = v == "writeex";
            w.handle = p.identifier("handle name");
            w.data = p.data("data to write");
            if (!w.ex && p.peek() && p.peek()->text == "repeat") {
                p.next("repeat");
                w.repeat = static_cast<std::uint32_t>(p.number("repeat count", 1000000));
                if (w.repeat == 0)
                    fail(p.m_tokens[p.m_pos - 1].column, "repeat count must be at least 1");
            }
            a.op = w;
        } else if (v == "read" || v == "readex") {
            ReadAction r;
            r.ex = v == "readex";
            r.handle = p.identifier("handle name");
            r.size = static_cast<std::uint32_t>(p.number("byte count", 0x7FFFFFFF));
            a.op = r;
        } else if (v == "ioctl") {
            IoctlAction io;
            io.handle = p.identifier("handle name");
            io.code = static_cast<std::uint32_t>(p.number("IOCTL code", 0xFFFFFFFFu));
            if (p.peek() && p.peek()->text != "out")
                io.input = p.data("IOCTL input");
            if (p.peek() && p.peek()->text == "out") {
                p.next("out");
                io.outputSize = static_cast<std::uint32_t>(p.number("output size", 0x7FFFFFFF));
            }
            a.op = io;
        } else if (v == "cancel") {
            a.op = CancelAction { p.identifier("handle name") };
        } else if (v == "close") {
            a.op = CloseAction { p.identifier("handle name") };
        } else if (v == "disable" || v == "enable") {
            InterfaceStateAction s;
            s.enable = v == "enable";
            s.instanceId = p.instanceId();
            std::tie(s.guid, s.guidText) = p.guid("interface class GUID");
            if (!p.atEnd()) {
                const Token &ref = p.next("reference string");
                s.hasReference = true;
                s.reference = ref.text;
            }
            a.op = s;
        } else if (v == "start" || v == "stop" || v == "remove" || v == "query-remove"
            || v == "surprise-remove") {
            DeviceAction d;
            d.op = v == "start"       ? DeviceAction::Op::Start
                : v == "stop"         ? DeviceAction::Op::Stop
                : v == "remove"       ? DeviceAction::Op::Remove
                : v == "query-remove" ? DeviceAction::Op::QueryRemove
                                      : DeviceAction::Op::SurpriseRemove;
            d.instanceId = p.instanceId();
            a.op = d;
        } else if (v == "post-event") {
            PostEventAction e;
            e.instanceId = p.instanceId();
            std::tie(e.guid, e.guidText) = p.guid("event GUID");
            if (!p.atEnd())
                e.data = p.data("event data");
            a.op = e;
        } else if (v == "register-notify") {
            RegisterNotifyAction r;
            std::tie(r.guid, r.guidText) = p.guid("interface class GUID");
            a.op = r;
        } else if (v == "register-notify-handle") {
            RegisterNotifyAction r;
            r.handleNotification = true;
            r.handle = p.identifier("handle name");
            a.op = r;
        } else if (v == "advance") {
            AdvanceAction adv;
            adv.ns = p.duration(adv.text);
            a.op = adv;
        } else if (v == "expect") {
            a.op = parseExpect(p);
        } else {
            std::string best;
            std::size_t bestDistance = 3;
            for (auto known : kVerbs) {
                const auto d = editDistance(v, known);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = std::string(known);
                }
            }
            fail(verb.column,
                "unknown action '" + v + "'"
                    + (best.empty() ? "" : " (did you mean '" + best + "'?)"));
        }
        p.done();
    } catch (const Failure &f) {
        return LoadError { { std::string(fileName), lineNo, f.column }, f.message };
    }
    return a;
}

std::variant<std::vector<Action>, LoadError> parseActions(
    std::string_view text, std::string_view fileName)
{
    std::vector<Action> actions;
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto nl = text.find('\n', pos);
        const std::string_view line
            = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        ++lineNo;
        std::size_t first = line.find_first_not_of(" \t\r");
        if (first != std::string_view::npos && line[first] != '#') {
            auto parsed = parseActionLine(line, fileName, lineNo);
            if (auto *err = std::get_if<LoadError>(&parsed))
                return *err;
            actions.push_back(std::get<Action>(std::move(parsed)));
        }
        if (nl == std::string_view::npos)
            break;
        pos = nl + 1;
    }
    return actions;
}

namespace {

std::string formatData(const Data &d)
{
    std::string out;
    if (d.hex) {
        out = "hex:";
        char buf[4];
        for (std::byte b : d.bytes) {
            std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>(b));
            out += buf;
        }
        return out;
    }
    out = "\"";
    for (std::byte b : d.bytes) {
        const auto c = static_cast<unsigned char>(b);
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

} // namespace

std::string formatAction(const Action &a)
{
    std::string out = a.app == "app1" ? "" : "@" + a.app + " ";
    std::visit(
        [&](const auto &op) {
            using T = std::decay_t<decltype(op)>;
            if constexpr (std::is_same_v<T, OpenAction>) {
                out += "open " + op.handle + " " + op.path.text + (op.async ? " async" : "");
            } else if constexpr (std::is_same_v<T, WriteAction>) {
                out += std::string(op.ex ? "writeex " : "write ") + op.handle + " "
                    + formatData(op.data);
                if (op.repeat != 1)
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
                    + op.guidText;
                if (op.hasReference)
                    out += " " + op.reference;
            } else if constexpr (std::is_same_v<T, DeviceAction>) {
                out += std::string(deviceOpWord(op.op)) + " " + op.instanceId;
            } else if constexpr (std::is_same_v<T, PostEventAction>) {
                out += "post-event " + op.instanceId + " " + op.guidText;
                if (!op.data.bytes.empty() || op.data.hex)
                    out += " " + formatData(op.data);
            } else if constexpr (std::is_same_v<T, RegisterNotifyAction>) {
                out += op.handleNotification ? "register-notify-handle " + op.handle
                                             : "register-notify " + op.guidText;
            } else if constexpr (std::is_same_v<T, AdvanceAction>) {
                out += "advance " + op.text;
            } else if constexpr (std::is_same_v<T, ExpectAction>) {
                out += "expect ";
                switch (op.what) {
                case ExpectAction::What::ResultOk:
                    out += "result ok";
                    break;
                case ExpectAction::What::ResultError: {
                    const auto name = win32ErrorName(op.error);
                    out += "result error "
                        + (name.empty() ? std::to_string(op.error) : std::string(name));
                    break;
                }
                case ExpectAction::What::Bytes:
                    out += "bytes " + std::to_string(op.number);
                    break;
                case ExpectAction::What::ReadData:
                    out += "data " + formatData(op.data);
                    break;
                case ExpectAction::What::Trace:
                    out += "trace " + op.iface + "::" + op.method;
                    if (op.hasCount)
                        out += " count " + std::to_string(op.number);
                    break;
                case ExpectAction::What::NoTrace:
                    out += "no-trace " + op.iface + "::" + op.method;
                    break;
                case ExpectAction::What::Interface:
                    out += "interface " + op.path.text + " " + op.state;
                    break;
                case ExpectAction::What::Device:
                    out += "device " + op.subject + " " + op.state;
                    break;
                case ExpectAction::What::Handle:
                    out += "handle " + op.subject + " " + op.state;
                    break;
                }
            }
        },
        a.op);
    return out;
}

} // namespace umdfx::scenario
