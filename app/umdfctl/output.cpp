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
    std::string line = m_format == Format::Jsonl ? umdfx::trace::toJsonLine(m_store, r, false)
                                                 : umdfx::trace::toTextLine(m_store, r);
    if (m_notes) {
        if (const auto it = m_notes->find(r.seq); it != m_notes->end()) {
            std::string note;
            umdfx::trace::appendJsonString(note, it->second);
            if (m_format == Format::Jsonl)
                line.insert(line.size() - 1, ",\"note\":" + note);
            else
                line += "  note=" + note;
        }
    }
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
