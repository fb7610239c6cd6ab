#include "app/umdfctl/output.h"

#include "core/simulation/goldentrace.h"
#include "core/trace/traceformat.h"

namespace umdfctl {

void printError(const std::string &message)
{
    std::fprintf(stderr, "umdfctl: %s\n", message.c_str());
}

void TracePrinter::printOne(const umdfx::trace::TraceRecord &r)
{
    const std::string line = m_format == Format::Jsonl ? umdfx::trace::toJsonLine(m_store, r, false)
                                                       : umdfx::trace::toTextLine(m_store, r);
    std::fwrite(line.data(), 1, line.size(), m_out);
    std::fputc('\n', m_out);
}

void TracePrinter::finish()
{
    if (m_format != Format::Golden) {
        flush();
        return;
    }
    for (const auto &line : umdfx::goldenLines(m_store))
        std::fprintf(m_out, "%s\n", line.c_str());
}

} // namespace umdfctl
