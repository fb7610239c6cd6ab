#include "core/trace/tracequery.h"

#include "core/common/messagetext.h"

#include "core/win32/hresulttext.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>

namespace umdfx::trace {

using trace::TraceRecord;
using trace::TraceStore;

namespace {

char lowerChar(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = lowerChar(c);
    return out;
}

// needle is lower case.
bool containsNoCase(std::string_view haystack, std::string_view needle)
{
    if (needle.empty())
        return true;
    if (haystack.size() < needle.size())
        return false;
    const char first = needle[0];
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (lowerChar(haystack[i]) != first)
            continue;
        std::size_t k = 1;
        while (k < needle.size() && lowerChar(haystack[i + k]) == needle[k])
            ++k;
        if (k == needle.size())
            return true;
    }
    return false;
}

bool equalsNoCase(std::string_view text, std::string_view lowered)
{
    if (text.size() != lowered.size())
        return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (lowerChar(text[i]) != lowered[i])
            return false;
    return true;
}

// * and ? over the whole text, case-insensitive (pattern is lower case).
bool globNoCase(std::string_view text, std::string_view pattern)
{
    std::size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == lowerChar(text[t]))) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

struct FieldName
{
    std::string_view name;
    TraceQuery::Field field;
};

constexpr std::array kFields {
    FieldName { "kind", TraceQuery::Field::Kind },
    FieldName { "k", TraceQuery::Field::Kind },
    FieldName { "phase", TraceQuery::Field::Phase },
    FieldName { "method", TraceQuery::Field::Method },
    FieldName { "m", TraceQuery::Field::Method },
    FieldName { "iface", TraceQuery::Field::Iface },
    FieldName { "interface", TraceQuery::Field::Iface },
    FieldName { "device", TraceQuery::Field::Device },
    FieldName { "dev", TraceQuery::Field::Device },
    FieldName { "thread", TraceQuery::Field::Thread },
    FieldName { "from", TraceQuery::Field::From },
    FieldName { "to", TraceQuery::Field::To },
    FieldName { "lane", TraceQuery::Field::Lane },
    FieldName { "request", TraceQuery::Field::Request },
    FieldName { "req", TraceQuery::Field::Request },
    FieldName { "object", TraceQuery::Field::Object },
    FieldName { "obj", TraceQuery::Field::Object },
    FieldName { "call", TraceQuery::Field::Call },
    FieldName { "seq", TraceQuery::Field::Seq },
    FieldName { "hr", TraceQuery::Field::Hr },
    FieldName { "result", TraceQuery::Field::Hr },
    FieldName { "arg", TraceQuery::Field::Arg },
};

struct KindName
{
    std::string_view name;
    trace::Kind kind;
};

constexpr std::array kKinds {
    KindName { "win32", trace::Kind::Win32 },
    KindName { "app", trace::Kind::Win32 },
    KindName { "application", trace::Kind::Win32 },
    KindName { "callback", trace::Kind::Callback },
    KindName { "ddi", trace::Kind::Ddi },
    KindName { "pnp", trace::Kind::Pnp },
    KindName { "notify", trace::Kind::Notify },
    KindName { "notification", trace::Kind::Notify },
    KindName { "verifier", trace::Kind::Verifier },
    KindName { "host", trace::Kind::Host },
    KindName { "action", trace::Kind::Action },
    KindName { "log", trace::Kind::Log },
};

struct Token
{
    std::string text; // quotes removed
    std::size_t position = 0;
    bool quoted = false;
};

std::variant<std::vector<Token>, TraceQuery::Error> tokenize(std::string_view s)
{
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < s.size()) {
        if (std::isspace(static_cast<unsigned char>(s[i]))) {
            ++i;
            continue;
        }
        Token t;
        t.position = i;
        while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) {
            if (s[i] == '"') {
                const std::size_t open = i++;
                while (i < s.size() && s[i] != '"')
                    t.text.push_back(s[i++]);
                if (i == s.size())
                    return TraceQuery::Error { open, "unterminated quote" };
                ++i;
                t.quoted = t.quoted || open == t.position; // "the whole token" is free text
                continue;
            }
            t.text.push_back(s[i++]);
        }
        tokens.push_back(std::move(t));
    }
    return tokens;
}

std::vector<std::string> splitValues(const std::string &v)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = v.find(',', start);
        out.push_back(
            v.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

std::optional<std::uint64_t> parseNumber(std::string_view s)
{
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s.remove_prefix(2);
        base = 16;
    }
    if (s.empty())
        return std::nullopt;
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::string joinNames(bool kinds)
{
    std::string out;
    if (kinds) {
        for (const auto &k : kKinds) {
            if (k.name == "app" || k.name == "application" || k.name == "notification")
                continue;
            out += out.empty() ? "" : ", ";
            out += k.name;
        }
    } else {
        for (auto f : TraceQuery::fieldNames()) {
            out += out.empty() ? "" : ", ";
            out += f;
        }
    }
    return out;
}

} // namespace

const std::vector<std::string_view> &TraceQuery::fieldNames()
{
    static const std::vector<std::string_view> names { "kind", "phase", "method", "iface", "device",
        "thread", "from", "to", "lane", "request", "object", "call", "seq", "hr", "arg" };
    return names;
}

TraceQuery TraceQuery::nothing()
{
    TraceQuery q;
    Term t;
    t.field = Field::Kind; // an empty kind mask: no kind is allowed
    q.m_terms.push_back(std::move(t));
    return q;
}

bool TraceQuery::StringMatcher::testText(std::string_view text) const
{
    for (const std::string &p : patterns) {
        const bool wild = p.find_first_of("*?") != std::string::npos;
        if (wild ? globNoCase(text, p) : exact ? equalsNoCase(text, p) : containsNoCase(text, p))
            return true;
    }
    return false;
}

bool TraceQuery::StringMatcher::test(trace::StrId id)
{
    if (id >= cache.size())
        cache.resize(std::max<std::size_t>(id + 1, cache.size() * 2), 0);
    std::int8_t &c = cache[id];
    if (c == 0)
        c = testText(trace::str(id)) ? 1 : -1;
    return c > 0;
}

std::variant<TraceQuery, TraceQuery::Error> TraceQuery::parse(std::string_view text)
{
    auto tokenized = tokenize(text);
    if (auto *err = std::get_if<Error>(&tokenized))
        return *err;
    TraceQuery q;
    for (Token &tok : std::get<std::vector<Token>>(tokenized)) {
        Term t;
        std::string body = tok.text;
        std::size_t pos = tok.position;
        if (!tok.quoted && body.size() > 1 && (body[0] == '-' || body[0] == '!')) {
            t.negate = true;
            body.erase(0, 1);
            ++pos;
        }
        const std::size_t colon = tok.quoted ? std::string::npos : body.find(':');
        const bool scoped = body.find("::") != std::string::npos;
        std::optional<Field> field;
        if (colon != std::string::npos && colon > 0) {
            const std::string name = lower(body.substr(0, colon));
            for (const auto &f : kFields)
                if (f.name == name)
                    field = f.field;
            if (!field && !(scoped && body.find("::") == colon))
                return Error { pos,
                    "unknown field '" + excerpt(body.substr(0, colon))
                        + "' (fields: " + joinNames(false) + ")" };
        }
        if (!field) {
            const std::string word = lower(body);
            const std::size_t sep = word.find("::");
            if (sep != std::string::npos && !tok.quoted) {
                // IFACE::METHOD as a word: the name the trace shows.
                t.field = Field::Method;
                t.hasIfacePart = true;
                t.ifacePart.patterns.push_back(word.substr(0, sep));
                t.text.patterns.push_back(word.substr(sep + 2));
            } else {
                t.field = Field::Free;
                t.text.patterns.push_back(word);
            }
            q.m_terms.push_back(std::move(t));
            continue;
        }
        t.field = *field;
        std::string value = body.substr(colon + 1);
        const std::size_t valuePos = pos + colon + 1;
        if (!value.empty() && value[0] == '!') {
            value.erase(0, 1);
            if (t.field == Field::Hr)
                t.hrNegateValues = true;
            else
                t.negate = !t.negate;
        }
        bool exact = false;
        if (!value.empty() && value[0] == '=') {
            value.erase(0, 1);
            exact = true;
        }
        if (value.empty())
            return Error { valuePos, "'" + excerpt(body.substr(0, colon)) + ":' needs a value" };

        switch (t.field) {
        case Field::Kind:
            for (const std::string &v : splitValues(lower(value))) {
                bool found = false;
                for (const auto &k : kKinds) {
                    if (k.name == v) {
                        t.kindMask
                            |= static_cast<std::uint16_t>(1u << static_cast<unsigned>(k.kind));
                        found = true;
                    }
                }
                if (!found)
                    return Error { valuePos,
                        "unknown kind '" + excerpt(v) + "' (kinds: " + joinNames(true) + ")" };
            }
            break;
        case Field::Phase:
            for (const std::string &v : splitValues(lower(value))) {
                if (v == "call")
                    t.phaseMask |= 1u << static_cast<unsigned>(trace::Phase::Call);
                else if (v == "return" || v == "ret")
                    t.phaseMask |= 1u << static_cast<unsigned>(trace::Phase::Return);
                else if (v == "event")
                    t.phaseMask |= 1u << static_cast<unsigned>(trace::Phase::Event);
                else
                    return Error { valuePos,
                        "unknown phase '" + excerpt(v) + "' (phases: call, return, event)" };
            }
            break;
        case Field::Request:
        case Field::Object:
        case Field::Call:
        case Field::Seq:
            for (const std::string &v : splitValues(value)) {
                Range r;
                std::optional<std::uint64_t> a, b;
                if (v.starts_with(">=")) {
                    a = parseNumber(std::string_view(v).substr(2));
                    r = { a.value_or(0), UINT64_MAX };
                } else if (v.starts_with("<=")) {
                    a = parseNumber(std::string_view(v).substr(2));
                    r = { 0, a.value_or(0) };
                } else if (v.starts_with('>')) {
                    a = parseNumber(std::string_view(v).substr(1));
                    r = { a.value_or(0) + 1, UINT64_MAX };
                } else if (v.starts_with('<')) {
                    a = parseNumber(std::string_view(v).substr(1));
                    if (a && *a == 0)
                        return Error { valuePos, "'<0' matches nothing" };
                    r = { 0, a.value_or(1) - 1 };
                } else if (const auto dash = v.find('-'); dash != std::string::npos && dash > 0) {
                    a = parseNumber(std::string_view(v).substr(0, dash));
                    b = parseNumber(std::string_view(v).substr(dash + 1));
                    if (!b)
                        a.reset();
                    r = { a.value_or(0), b.value_or(0) };
                    if (a && r.lo > r.hi)
                        return Error { valuePos, "empty range '" + excerpt(v) + "'" };
                } else {
                    a = parseNumber(v);
                    r = { a.value_or(0), a.value_or(0) };
                }
                if (!a)
                    return Error { valuePos,
                        "'" + excerpt(body.substr(0, colon))
                            + ":' takes numbers: N, A-B, >N, <N (got '" + excerpt(v) + "')" };
                t.ranges.push_back(r);
            }
            break;
        case Field::Hr:
            for (const std::string &v : splitValues(value)) {
                const std::string lv = lower(v);
                if (lv == "ok" || lv == "success" || lv == "succeeded") {
                    t.hrMode = HrMode::Succeeded;
                } else if (lv == "fail" || lv == "failed" || lv == "error") {
                    t.hrMode = HrMode::Failed;
                } else if (auto n = parseNumber(v)) {
                    t.hrValues.push_back(static_cast<std::uint32_t>(*n));
                } else if (auto named = hresultByName(v)) {
                    t.hrValues.push_back(*named);
                    if (*named & 0x10000000u && *named & 0x80000000u)
                        t.hrValues.push_back(*named & ~0x10000000u); // the bare NTSTATUS too
                } else {
                    return Error { valuePos,
                        "'hr:' takes a number, a name (S_OK, E_NOINTERFACE, "
                        "ERROR_FILE_NOT_FOUND, STATUS_CANCELLED), ok or failed (got '"
                            + excerpt(v) + "')" };
                }
            }
            if (t.hrMode != HrMode::Values && !t.hrValues.empty())
                return Error { valuePos, "'hr:' mixes ok/failed with values" };
            break;
        case Field::Method: {
            for (const std::string &v : splitValues(lower(value))) {
                const std::size_t sep = v.find("::");
                if (sep != std::string::npos) {
                    t.hasIfacePart = true;
                    t.ifacePart.patterns.push_back(v.substr(0, sep));
                    t.text.patterns.push_back(v.substr(sep + 2));
                } else {
                    t.text.patterns.push_back(v);
                }
            }
            if (t.hasIfacePart && t.text.patterns.size() > 1)
                return Error { valuePos, "IFACE::METHOD takes one value" };
            t.text.exact = t.ifacePart.exact = exact;
            break;
        }
        default:
            for (const std::string &v : splitValues(lower(value)))
                t.text.patterns.push_back(v);
            t.text.exact = exact;
            break;
        }
        q.m_terms.push_back(std::move(t));
    }
    return q;
}

bool TraceQuery::argsContain(const TraceStore &store, const TraceRecord &r, const StringMatcher &m)
{
    if (!r.argsRef)
        return false;
    for (const trace::ArgValue &v : store.args(r)) {
        if (v.type == trace::ArgType::String) {
            if (m.testText(v.text))
                return true;
        } else if (v.type == trace::ArgType::Bytes) {
            if (m.testText(std::string_view(
                    reinterpret_cast<const char *>(v.bytes.data()), v.bytes.size())))
                return true;
        }
    }
    return false;
}

bool TraceQuery::test(Term &t, const TraceStore &store, const TraceRecord &r)
{
    const auto inRanges = [&t](std::uint64_t v) {
        for (const Range &x : t.ranges)
            if (v >= x.lo && v <= x.hi)
                return true;
        return false;
    };
    switch (t.field) {
    case Field::Free:
        return t.text.test(r.method) || t.text.test(r.iface) || t.text.test(r.device)
            || t.text.test(r.thread) || t.text.test(r.from) || t.text.test(r.to)
            || argsContain(store, r, t.text);
    case Field::Kind:
        return (t.kindMask >> static_cast<unsigned>(r.kind)) & 1u;
    case Field::Phase:
        return (t.phaseMask >> static_cast<unsigned>(r.phase)) & 1u;
    case Field::Method:
        return t.text.test(r.method) && (!t.hasIfacePart || t.ifacePart.test(r.iface));
    case Field::Iface:
        return t.text.test(r.iface);
    case Field::Device:
        return r.device != 0 && t.text.test(r.device);
    case Field::Thread:
        return t.text.test(r.thread);
    case Field::From:
        return t.text.test(r.from);
    case Field::To:
        return t.text.test(r.to);
    case Field::Lane:
        return t.text.test(r.from) || t.text.test(r.to);
    case Field::Request:
        return inRanges(r.request);
    case Field::Object:
        return inRanges(r.object);
    case Field::Call:
        return inRanges(r.call);
    case Field::Seq:
        return inRanges(r.seq);
    case Field::Hr: {
        if (!r.hasHr)
            return false;
        if (t.hrMode == HrMode::Failed)
            return (r.hr & 0x80000000u) != 0;
        if (t.hrMode == HrMode::Succeeded)
            return (r.hr & 0x80000000u) == 0;
        const bool listed
            = std::find(t.hrValues.begin(), t.hrValues.end(), r.hr) != t.hrValues.end();
        return t.hrNegateValues ? !listed : listed;
    }
    case Field::Arg:
        if (!r.argsRef)
            return false;
        for (const trace::ArgValue &v : store.args(r))
            if (v.key && t.text.test(v.key))
                return true;
        return false;
    }
    return false;
}

bool TraceQuery::matches(const TraceStore &store, const TraceRecord &record)
{
    for (Term &t : m_terms)
        if (test(t, store, record) == t.negate)
            return false;
    return true;
}

} // namespace umdfx::trace
