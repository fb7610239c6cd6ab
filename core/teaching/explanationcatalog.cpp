#include "core/teaching/explanationcatalog.h"

#include "core/teaching/jsonreader.h"
#include "core/trace/stringtable.h"
#include "resources/embeddedresources.h"

#include <algorithm>
#include <stdexcept>

namespace umdfx::teaching {

using scenario::JsonDocument;
using scenario::JsonValue;
using scenario::LoadError;

bool Explanation::explainsKind(trace::Kind kind) const
{
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool explainableKind(std::string_view word, trace::Kind &kind)
{
    using trace::Kind;
    for (const Kind k : { Kind::Win32, Kind::Callback, Kind::Ddi, Kind::Pnp, Kind::Notify,
             Kind::Verifier, Kind::Host }) {
        if (trace::kindName(k) == word) {
            kind = k;
            return true;
        }
    }
    return false;
}

namespace {

constexpr std::size_t kMaxSummaryChars = 160; // a tooltip's first line
constexpr std::string_view kDocsPrefix = "https://learn.microsoft.com/";

std::uint64_t idKey(trace::StrId iface, trace::StrId method)
{
    return (std::uint64_t(iface) << 32) | method;
}

std::size_t codePoints(std::string_view s)
{
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Reads one file's entries, checking each; names already taken (by earlier files too) fail.
class CatalogReader
{
public:
    CatalogReader(const detail::JsonReader &json,
        std::map<std::string, scenario::SourceLocation, std::less<>> &taken)
        : m_json(json)
        , m_taken(taken)
    { }

    std::vector<Explanation> read() const
    {
        const JsonValue &root = m_json.root();
        m_json.expectType(root, JsonValue::Type::Object, "an explanation file");
        m_json.checkKeys(root, { "entries" }, "an explanation file");
        const JsonValue &entries = m_json.required(root, "entries", "an explanation file");
        m_json.expectType(entries, JsonValue::Type::Array, "\"entries\"");
        std::vector<Explanation> out;
        for (const auto &e : entries.items)
            out.push_back(entry(e));
        return out;
    }

private:
    Explanation entry(const JsonValue &e) const
    {
        m_json.expectType(e, JsonValue::Type::Object, "an entry");
        m_json.checkKeys(e,
            { "interface", "method", "kinds", "aliases", "summary", "purpose", "when", "mustDo",
                "mistakes", "byFramework", "docs" },
            "an entry");
        Explanation x;
        x.where = m_json.where(e);
        x.interfaceName = m_json.requiredText(e, "interface", "an entry");
        x.method = m_json.requiredText(e, "method", "an entry");
        std::string iface, method;
        if (!detail::splitName(x.name(), iface, method) || iface != x.interfaceName)
            m_json.fail(e.member("interface")->offset,
                "\"" + x.name() + "\" is not a name of the form Interface::Method");

        for (const JsonValue *k :
            m_json.stringArray(m_json.required(e, "kinds", "an entry"), "\"kinds\"", true)) {
            trace::Kind kind {};
            if (!explainableKind(k->text, kind))
                m_json.fail(k->offset,
                    "unknown record kind \"" + k->text
                        + "\" (expected one of: win32, callback, ddi, pnp, notify, verifier, "
                          "host)");
            if (x.explainsKind(kind))
                m_json.fail(k->offset, "record kind \"" + k->text + "\" is listed twice");
            x.kinds.push_back(kind);
        }
        if (const JsonValue *a = e.member("aliases")) {
            for (const JsonValue *alias : m_json.stringArray(*a, "\"aliases\"", true)) {
                if (!detail::splitName(alias->text, iface, method) || iface == "*")
                    m_json.fail(alias->offset,
                        "alias \"" + alias->text
                            + "\" is not a name of the form Interface::Method");
                if (alias->text == x.name())
                    m_json.fail(
                        alias->offset, "alias \"" + alias->text + "\" is the entry's own name");
                x.aliases.push_back(alias->text);
            }
        }

        x.summary = m_json.requiredText(e, "summary", "an entry");
        const JsonValue &summary = *e.member("summary");
        if (x.summary.find('\n') != std::string::npos)
            m_json.fail(summary.offset, "\"summary\" must be one line (it is the tooltip)");
        if (codePoints(x.summary) > kMaxSummaryChars)
            m_json.fail(summary.offset,
                "\"summary\" is longer than " + std::to_string(kMaxSummaryChars)
                    + " characters (it is the tooltip; the other fields say the rest)");
        x.purpose = m_json.requiredText(e, "purpose", "an entry");
        x.when = m_json.requiredText(e, "when", "an entry");
        x.mustDo = m_json.requiredText(e, "mustDo", "an entry");
        x.mistakes = m_json.requiredText(e, "mistakes", "an entry");
        x.byFramework = m_json.optionalText(e, "byFramework");
        x.docs = m_json.requiredText(e, "docs", "an entry");
        const JsonValue &docs = *e.member("docs");
        if (!x.docs.starts_with(kDocsPrefix) || x.docs.size() == kDocsPrefix.size()
            || x.docs.find_first_of(" \t\r\n\"<>") != std::string::npos)
            m_json.fail(docs.offset,
                "\"docs\" must be a link to the Microsoft documentation page, starting with "
                    + std::string(kDocsPrefix));

        claim(x.name(), *e.member("interface"));
        for (std::size_t i = 0; i < x.aliases.size(); ++i)
            claim(x.aliases[i], e.member("aliases")->items[i]);
        return x;
    }

    void claim(const std::string &name, const JsonValue &at) const
    {
        const auto [it, added] = m_taken.emplace(name, m_json.where(at));
        if (!added)
            m_json.fail(at.offset,
                name + " is already explained at " + it->second.toString()
                    + " (one entry per Interface::Method)");
    }

    const detail::JsonReader &m_json;
    std::map<std::string, scenario::SourceLocation, std::less<>> &m_taken;
};

} // namespace

std::variant<ExplanationCatalog, LoadError> ExplanationCatalog::load(
    const std::vector<SourceFile> &files)
{
    ExplanationCatalog catalog;
    std::map<std::string, scenario::SourceLocation, std::less<>> taken;
    for (const auto &file : files) {
        auto parsed = JsonDocument::parse(file.text, file.fileName);
        if (auto *err = std::get_if<LoadError>(&parsed))
            return *err;
        const auto &doc = std::get<JsonDocument>(parsed);
        const detail::JsonReader json(doc, file.text);
        try {
            for (auto &x : CatalogReader(json, taken).read())
                catalog.m_entries.push_back(std::move(x));
        } catch (const detail::LoadFailure &f) {
            return f.error;
        }
    }
    for (std::size_t i = 0; i < catalog.m_entries.size(); ++i) {
        const Explanation &x = catalog.m_entries[i];
        if (x.interfaceName == "*") {
            catalog.m_wildcards.emplace(x.method, i);
            continue;
        }
        std::vector<std::string> names { x.name() };
        names.insert(names.end(), x.aliases.begin(), x.aliases.end());
        for (const auto &name : names) {
            std::string iface, method;
            detail::splitName(name, iface, method); // checked while reading
            catalog.m_byName.emplace(name, i);
            catalog.m_byIds.emplace(idKey(trace::intern(iface), trace::intern(method)), i);
        }
    }
    return catalog;
}

std::variant<ExplanationCatalog, LoadError> ExplanationCatalog::load(
    std::string_view text, std::string_view fileName)
{
    return load(std::vector<SourceFile> { { std::string(fileName), text } });
}

std::vector<ExplanationCatalog::SourceFile> ExplanationCatalog::embeddedFiles()
{
    std::vector<SourceFile> files;
    for (const auto &f : resources::embeddedExplanations())
        files.push_back({ "explanations/" + std::string(f.name) + ".json", f.text });
    return files;
}

const ExplanationCatalog &ExplanationCatalog::embedded()
{
    static const ExplanationCatalog catalog = [] {
        auto loaded = load(embeddedFiles());
        if (auto *err = std::get_if<LoadError>(&loaded))
            throw std::runtime_error("the embedded explanation catalog: " + err->toString());
        return std::get<ExplanationCatalog>(std::move(loaded));
    }();
    return catalog;
}

const Explanation *ExplanationCatalog::find(std::string_view name) const
{
    if (const auto it = m_byName.find(name); it != m_byName.end())
        return &m_entries[it->second];
    const auto sep = name.find("::");
    if (sep == std::string_view::npos)
        return nullptr;
    const auto wildcard = m_wildcards.find(name.substr(sep + 2));
    return wildcard == m_wildcards.end() ? nullptr : &m_entries[wildcard->second];
}

const Explanation *ExplanationCatalog::find(
    std::string_view interfaceName, std::string_view method) const
{
    std::string name;
    name.reserve(interfaceName.size() + 2 + method.size());
    name.append(interfaceName).append("::").append(method);
    return find(name);
}

const Explanation *ExplanationCatalog::find(const trace::TraceRecord &record) const
{
    if (const auto it = m_byIds.find(idKey(record.iface, record.method)); it != m_byIds.end())
        return &m_entries[it->second];
    const auto [first, last] = m_wildcards.equal_range(trace::str(record.method));
    for (auto it = first; it != last; ++it) {
        const Explanation &x = m_entries[it->second];
        if (x.explainsKind(record.kind))
            return &x;
    }
    return nullptr;
}

} // namespace umdfx::teaching
