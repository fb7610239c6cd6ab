#pragma once

#include "core/scenario/scenario.h"
#include "core/teaching/explanation.h"
#include "core/trace/tracerecord.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace umdfx::teaching {

// The explanation catalog: one short entry per Interface::Method the simulator traces (callbacks,
// DDIs, the applications' Win32 calls, the host's kernel32, PnP and notification events, host
// events, verifier rules), read from JSON files (resources/explanations/*.json, format in
// docs/teaching.md). The inspector, the trace table's tooltips and the sequence diagram ask it
// for the entry of a record; the lessons' tests ask it for the names a lesson expects.
//
// Loading checks every entry (required fields, a single-line summary, a learn.microsoft.com
// link, known record kinds, names of the form Interface::Method, no name explained twice across
// all files) and reports the first problem as a LoadError at its file:line:column.
//
// Threads: load() runs on the calling thread; the catalog is immutable afterwards, and every const
// member may be called from any number of threads at once (lookups only read). embedded() may be
// called from any thread (a function-local static, built once). Ownership: the catalog owns its
// entries; a pointer find() returns stays valid as long as the catalog.
class ExplanationCatalog
{
public:
    struct SourceFile
    {
        std::string fileName; // what error messages call it: "explanations/IWDFIoRequest.json"
        std::string_view text; // must stay valid during load() only
    };

    // All files form one catalog; a name explained in two files is an error.
    static std::variant<ExplanationCatalog, scenario::LoadError> load(
        const std::vector<SourceFile> &files);
    static std::variant<ExplanationCatalog, scenario::LoadError> load(
        std::string_view text, std::string_view fileName);
    // The files compiled in from resources/explanations/ ("explanations/<name>.json").
    static std::vector<SourceFile> embeddedFiles();
    // The embedded catalog, loaded on first use. A malformed embedded file is a build defect (the
    // teaching tests load the same bytes): throws std::runtime_error with the located message.
    static const ExplanationCatalog &embedded();

    const std::vector<Explanation> &entries() const { return m_entries; }
    std::size_t size() const { return m_entries.size(); }

    // By the name or one of its aliases, else a wildcard ("*") entry for the method (so that
    // "WUDFEchoDriver.dll::DllGetClassObject", a name a lesson expects, finds the host's entry);
    // nullptr when the catalog has neither.
    const Explanation *find(std::string_view interfaceName, std::string_view method) const;
    const Explanation *find(std::string_view name) const; // "Interface::Method"
    // The entry explaining a trace record: its Interface::Method (or an alias), else a wildcard
    // entry for its method that explains the record's kind. A hash lookup on the record's string
    // ids, no text is built: cheap enough for a tooltip over any row. nullptr for records the
    // catalog does not cover (actions, log lines, a name with no entry).
    const Explanation *find(const trace::TraceRecord &record) const;

private:
    std::vector<Explanation> m_entries;
    std::map<std::string, std::size_t, std::less<>> m_byName; // names and aliases -> entry
    std::multimap<std::string, std::size_t, std::less<>> m_wildcards; // method -> "*" entries
    std::unordered_map<std::uint64_t, std::size_t> m_byIds; // interned (iface << 32 | method)
};

// "win32", "callback", "ddi", "pnp", "notify", "verifier", "host": the kinds an entry may explain
// (the trace's kindName()); false for anything else, actions and log lines included.
bool explainableKind(std::string_view word, trace::Kind &kind);

} // namespace umdfx::teaching
