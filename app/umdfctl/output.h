#pragma once
// What every umdfctl command shares: error messages, trace printing in the three formats.

#include "core/trace/tracestore.h"

#include <cstdio>
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

private:
    void printOne(const umdfx::trace::TraceRecord &r);

    const umdfx::trace::TraceStore &m_store;
    Format m_format;
    std::FILE *m_out;
    std::size_t m_next = 0;
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
