#include "core/simulation/tracediff.h"

#include <algorithm>
#include <unordered_map>

namespace umdfx {

namespace {

enum class Op : std::uint8_t { Keep, Delete, Insert };

std::string thousands(std::uint64_t n)
{
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

// Myers' O((N+M)D) shortest edit script over interned line ids, with the V array of every step
// kept for the walk back (memory O(D^2): bounded by maxEdits). nullopt when D would exceed it.
std::optional<std::vector<Op>> shortestEdit(
    const std::vector<std::uint32_t> &a, const std::vector<std::uint32_t> &b, std::size_t maxEdits)
{
    const auto n = static_cast<std::ptrdiff_t>(a.size());
    const auto m = static_cast<std::ptrdiff_t>(b.size());
    const std::ptrdiff_t max = n + m;
    const std::ptrdiff_t limit
        = std::min<std::ptrdiff_t>(max, static_cast<std::ptrdiff_t>(maxEdits));
    std::vector<std::ptrdiff_t> v(static_cast<std::size_t>(2 * max + 2), 0);
    std::vector<std::vector<std::ptrdiff_t>> trace;
    const auto at = [&](std::vector<std::ptrdiff_t> &vec, std::ptrdiff_t k) -> std::ptrdiff_t & {
        return vec[static_cast<std::size_t>(k + max + 1)];
    };
    std::ptrdiff_t found = -1;
    for (std::ptrdiff_t d = 0; d <= limit && found < 0; ++d) {
        trace.push_back(v);
        for (std::ptrdiff_t k = -d; k <= d; k += 2) {
            std::ptrdiff_t x = (k == -d || (k != d && at(v, k - 1) < at(v, k + 1)))
                ? at(v, k + 1)
                : at(v, k - 1) + 1;
            std::ptrdiff_t y = x - k;
            while (x < n && y < m
                && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) {
                ++x;
                ++y;
            }
            at(v, k) = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0)
        return std::nullopt;
    std::vector<Op> ops;
    std::ptrdiff_t x = n, y = m;
    for (std::ptrdiff_t d = found; d > 0; --d) {
        auto &vd = trace[static_cast<std::size_t>(d)];
        const std::ptrdiff_t k = x - y;
        const bool down = k == -d || (k != d && at(vd, k - 1) < at(vd, k + 1));
        const std::ptrdiff_t prevK = down ? k + 1 : k - 1;
        const std::ptrdiff_t prevX = at(vd, prevK);
        const std::ptrdiff_t prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            ops.push_back(Op::Keep);
            --x;
            --y;
        }
        ops.push_back(down ? Op::Insert : Op::Delete);
        x = prevX;
        y = prevY;
    }
    while (x > 0 && y > 0) {
        ops.push_back(Op::Keep);
        --x;
        --y;
    }
    std::reverse(ops.begin(), ops.end());
    return ops;
}

} // namespace

TraceDiff diffTraces(const std::vector<GoldenLine> &a, const std::vector<GoldenLine> &b,
    const std::string &nameA, const std::string &nameB, std::size_t context, std::size_t maxLines,
    std::size_t maxEdits)
{
    TraceDiff d;
    d.linesA = a.size();
    d.linesB = b.size();
    // Lines as small ids; the common prefix and suffix need no search.
    std::unordered_map<std::string_view, std::uint32_t> ids;
    const auto idsOf = [&](const std::vector<GoldenLine> &lines) {
        std::vector<std::uint32_t> out;
        out.reserve(lines.size());
        for (const auto &l : lines)
            out.push_back(
                ids.emplace(l.text, static_cast<std::uint32_t>(ids.size())).first->second);
        return out;
    };
    const std::vector<std::uint32_t> ia = idsOf(a), ib = idsOf(b);
    std::size_t prefix = 0;
    while (prefix < ia.size() && prefix < ib.size() && ia[prefix] == ib[prefix])
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < ia.size() - prefix && suffix < ib.size() - prefix
        && ia[ia.size() - 1 - suffix] == ib[ib.size() - 1 - suffix])
        ++suffix;
    if (prefix == ia.size() && prefix == ib.size())
        return d; // identical

    d.identical = false;
    const std::vector<std::uint32_t> ma(ia.begin() + static_cast<std::ptrdiff_t>(prefix),
        ia.end() - static_cast<std::ptrdiff_t>(suffix));
    const std::vector<std::uint32_t> mb(ib.begin() + static_cast<std::ptrdiff_t>(prefix),
        ib.end() - static_cast<std::ptrdiff_t>(suffix));
    std::vector<Op> ops(prefix, Op::Keep);
    if (auto middle = shortestEdit(ma, mb, maxEdits)) {
        ops.insert(ops.end(), middle->begin(), middle->end());
    } else {
        // Too different to align within the budget: the whole middle is replaced.
        d.tooDifferent = true;
        ops.insert(ops.end(), ma.size(), Op::Delete);
        ops.insert(ops.end(), mb.size(), Op::Insert);
    }
    ops.insert(ops.end(), suffix, Op::Keep);

    // Positions of every op in A and B, the first divergence, the counts.
    struct Step
    {
        Op op;
        std::size_t ia, ib; // line index in A and B before this op
    };
    std::vector<Step> steps;
    steps.reserve(ops.size());
    std::size_t pa = 0, pb = 0;
    for (const Op op : ops) {
        steps.push_back({ op, pa, pb });
        if (op != Op::Insert)
            ++pa;
        if (op != Op::Delete)
            ++pb;
        if (op == Op::Delete)
            ++d.onlyInA;
        if (op == Op::Insert)
            ++d.onlyInB;
        if (op != Op::Keep && !d.first) {
            TraceDiff::Divergence div;
            div.lineA = steps.back().ia;
            div.lineB = steps.back().ib;
            if (div.lineA < a.size())
                div.seqA = a[div.lineA].seq;
            if (div.lineB < b.size())
                div.seqB = b[div.lineB].seq;
            d.first = div;
        }
    }

    // Hunks: runs of edits with `context` kept lines around them, merged when they touch.
    d.unified.push_back("--- " + nameA);
    d.unified.push_back("+++ " + nameB);
    std::size_t emitted = 2, omitted = 0;
    std::size_t i = 0;
    while (i < steps.size()) {
        while (i < steps.size() && steps[i].op == Op::Keep)
            ++i;
        if (i == steps.size())
            break;
        const std::size_t start = i >= context ? i - context : 0;
        std::size_t end = i;
        for (;;) {
            while (end < steps.size() && steps[end].op != Op::Keep)
                ++end;
            std::size_t keep = end;
            while (keep < steps.size() && steps[keep].op == Op::Keep && keep - end < 2 * context)
                ++keep;
            if (keep < steps.size() && steps[keep].op != Op::Keep) {
                end = keep; // the next edit is close: same hunk
                continue;
            }
            end = std::min(steps.size(), end + context);
            break;
        }
        std::size_t countA = 0, countB = 0;
        for (std::size_t j = start; j < end; ++j) {
            countA += steps[j].op != Op::Insert;
            countB += steps[j].op != Op::Delete;
        }
        std::vector<std::string> hunk;
        hunk.push_back("@@ -" + std::to_string(steps[start].ia + 1) + "," + std::to_string(countA)
            + " +" + std::to_string(steps[start].ib + 1) + "," + std::to_string(countB) + " @@");
        for (std::size_t j = start; j < end; ++j) {
            const Step &s = steps[j];
            if (s.op == Op::Keep)
                hunk.push_back(" " + a[s.ia].text);
            else if (s.op == Op::Delete)
                hunk.push_back("-" + a[s.ia].text);
            else
                hunk.push_back("+" + b[s.ib].text);
        }
        for (auto &line : hunk) {
            if (emitted < maxLines) {
                d.unified.push_back(std::move(line));
                ++emitted;
            } else {
                ++omitted;
            }
        }
        i = end;
    }
    if (omitted)
        d.unified.push_back("… " + thousands(omitted) + " more lines");
    return d;
}

std::string diffSummary(const TraceDiff &d)
{
    if (d.identical)
        return "the traces match: " + thousands(d.linesA) + " lines";
    std::string s = "first divergence at line ";
    const auto &f = *d.first;
    s += std::to_string(f.lineA + 1);
    s += " (A ";
    s += f.seqA ? "record #" + thousands(*f.seqA) : "ends";
    s += ", B ";
    s += f.seqB ? "record #" + thousands(*f.seqB) : "ends";
    s += "); " + thousands(d.onlyInA) + " lines only in A, " + thousands(d.onlyInB) + " only in B, "
        + thousands(d.linesA - d.onlyInA) + " in common";
    if (d.tooDifferent)
        s += " (too different to align line by line)";
    return s;
}

} // namespace umdfx
