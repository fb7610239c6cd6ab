#pragma once
// What every umdfctl command shares: error messages, trace printing in the three formats.

#include "core/trace/tracestore.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

namespace umdfctl {

void printError(const std::string &message); // "umdfctl: message" on standard error

enum class Format { Text, Jsonl, Golden };

// Prints a store's records to standard output as they arrive (golden: all at once at the end).
class TracePrinter
{
public:
    TracePrinter(const umdfx::trace::TraceStore &store, Format format, std::FILE *out = stdout)
        : m_store(store)
        , m_format(format)
        , m_out(out)
    { }
    // Prints what was appended since the last call (golden: nothing until finish()).
    // `accept` (optional) picks the records to print.
    template<class Accept> void flush(Accept accept);
    void flush()
    {
        flush([](const umdfx::trace::TraceRecord &) { return true; });
    }
    void finish();
    // Notes on records (a trace file's marks, by sequence number): a marked record's line gets
    // its note — jsonl: a "note" key last; text: note="…" (JSON string escapes) at the end.
    // Records without a mark print exactly as before.
    void setNotes(const std::map<std::uint64_t, std::string> *notes) { m_notes = notes; }

private:
    void printOne(const umdfx::trace::TraceRecord &r);

    const umdfx::trace::TraceStore &m_store;
    Format m_format;
    std::FILE *m_out;
    std::size_t m_next = 0;
    const std::map<std::uint64_t, std::string> *m_notes = nullptr;
};

template<class Accept> void TracePrinter::flush(Accept accept)
{
    if (m_format == Format::Golden)
        return;
    const std::size_t n = m_store.size();
    for (; m_next < n; ++m_next) {
        const auto &r = m_store.at(m_next);
        if (accept(r))
            printOne(r);
    }
}

} // namespace umdfctl
