#include "core/simulation/goldentrace.h"

#include "core/trace/argswriter.h"

#include <algorithm>
#include <cstdio>

namespace umdfx {

std::vector<std::string> goldenLines(const trace::TraceStore &store, std::size_t first)
{
    std::vector<std::string> out;
    for (auto &l : goldenLinesWithRecords(store, first))
        out.push_back(std::move(l.text));
    return out;
}

std::vector<GoldenLine> goldenLinesWithRecords(const trace::TraceStore &store, std::size_t first)
{
    std::vector<GoldenLine> lines;
    struct Open
    {
        std::uint32_t call;
        std::size_t line;
        trace::StrId thread;
    };
    std::vector<Open> open;
    const std::size_t n = store.size();
    for (std::size_t i = first; i < n; ++i) {
        const trace::TraceRecord &r = store.at(i);
        if (r.kind == trace::Kind::Action) {
            // The action that caused what follows, as the script wrote it.
            trace::ArgValue text;
            GoldenLine g;
            g.text = std::string("> ")
                + (store.args(r).find("text", text) ? std::string(text.text) : "");
            g.seq = r.seq;
            lines.push_back(std::move(g));
            continue;
        }
        if (r.phase == trace::Phase::Return) {
            auto it = std::find_if(
                open.rbegin(), open.rend(), [&](const Open &o) { return o.call == r.call; });
            if (it == open.rend())
                continue;
            char buf[24];
            if (r.hasHr)
                std::snprintf(buf, sizeof buf, " => 0x%08x", r.hr);
            else
                std::snprintf(buf, sizeof buf, " => void");
            lines[it->line].text += buf;
            lines[it->line].returnSeq = r.seq;
            open.erase(std::next(it).base());
            continue;
        }
        std::string line(open.size() * 2, ' ');
        line += trace::kindName(r.kind);
        line += ' ';
        line += trace::str(r.from);
        line += "->";
        line += trace::str(r.to);
        line += ' ';
        line += trace::str(r.iface);
        line += "::";
        line += trace::str(r.method);
        // Probes name the interface asked for: a forgotten IID shows as E_NOINTERFACE on its line.
        trace::ArgValue riid;
        if (store.args(r).find("riid", riid))
            line += "(" + std::string(riid.text) + ")";
        if (r.phase == trace::Phase::Event && r.hasHr) {
            char buf[24];
            std::snprintf(buf, sizeof buf, " = 0x%08x", r.hr);
            line += buf;
        }
        GoldenLine g;
        g.text = std::move(line);
        g.seq = r.seq;
        g.request = r.request;
        if (!open.empty()) {
            g.parent = open.back().line;
            // A driver's own calls inside a callback belong to its request; what another thread
            // did while a call stayed open (a pended ReadFile) does not.
            if (!g.request && open.back().thread == r.thread)
                g.request = lines[g.parent].request;
        }
        lines.push_back(std::move(g));
        if (r.phase == trace::Phase::Call)
            open.push_back({ r.call, lines.size() - 1, r.thread });
    }
    return lines;
}

} // namespace umdfx
