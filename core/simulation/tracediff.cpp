#include "core/simulation/tracediff.h"

#include "core/trace/argswriter.h"
#include "core/trace/traceformat.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

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

// Myers' O((N+M)D) shortest edit script over interned line ids. The walk back needs, for every
// step d, the furthest x of each diagonal k in [-d, d] as step d found them: only those 2d+1
// entries are kept (32-bit), so memory is O(D^2) — about 4 bytes x D^2, 100 MB at the default
// bound of 5,000 edits — and does not grow with the lengths of the traces. nullopt when D would
// exceed maxEdits.
std::optional<std::vector<Op>> shortestEdit(
    const std::vector<std::uint32_t> &a, const std::vector<std::uint32_t> &b, std::size_t maxEdits)
{
    const auto n = static_cast<std::ptrdiff_t>(a.size());
    const auto m = static_cast<std::ptrdiff_t>(b.size());
    const std::ptrdiff_t limit
        = std::min<std::ptrdiff_t>(n + m, static_cast<std::ptrdiff_t>(maxEdits));
    // v over k in [-limit-1, limit+1], the current step's; steps[d] = v[k] for k in [-d, d].
    std::vector<std::ptrdiff_t> v(static_cast<std::size_t>(2 * limit + 3), 0);
    const auto at = [&](std::ptrdiff_t k) -> std::ptrdiff_t & {
        return v[static_cast<std::size_t>(k + limit + 1)];
    };
    std::vector<std::vector<std::int32_t>> steps;
    std::ptrdiff_t found = -1;
    for (std::ptrdiff_t d = 0; d <= limit && found < 0; ++d) {
        for (std::ptrdiff_t k = -d; k <= d; k += 2) {
            std::ptrdiff_t x
                = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
            std::ptrdiff_t y = x - k;
            while (x < n && y < m
                && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) {
                ++x;
                ++y;
            }
            at(k) = x;
            if (x >= n && y >= m)
                found = d;
        }
        std::vector<std::int32_t> row(static_cast<std::size_t>(2 * d + 1));
        for (std::ptrdiff_t k = -d; k <= d; ++k)
            row[static_cast<std::size_t>(k + d)] = static_cast<std::int32_t>(at(k));
        steps.push_back(std::move(row));
    }
    if (found < 0)
        return std::nullopt;
    const auto xAt = [&](std::ptrdiff_t d, std::ptrdiff_t k) -> std::ptrdiff_t {
        return steps[static_cast<std::size_t>(d)][static_cast<std::size_t>(k + d)];
    };
    std::vector<Op> ops;
    std::ptrdiff_t x = n, y = m;
    for (std::ptrdiff_t d = found; d > 0; --d) {
        const std::ptrdiff_t k = x - y;
        // How step d reached diagonal k: from k+1 (an insertion) or k-1 (a deletion) of step d-1.
        const bool down = k == -d || (k != d && xAt(d - 1, k - 1) < xAt(d - 1, k + 1));
        const std::ptrdiff_t prevK = down ? k + 1 : k - 1;
        const std::ptrdiff_t prevX = xAt(d - 1, prevK);
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

// The edit script between two id sequences: the common prefix and suffix need no search; the middle
// goes through shortestEdit, or is replaced whole (gaveUp) when it is too different.
std::vector<Op> align(const std::vector<std::uint32_t> &ia, const std::vector<std::uint32_t> &ib,
    std::size_t maxEdits, bool &gaveUp)
{
    std::size_t prefix = 0;
    while (prefix < ia.size() && prefix < ib.size() && ia[prefix] == ib[prefix])
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < ia.size() - prefix && suffix < ib.size() - prefix
        && ia[ia.size() - 1 - suffix] == ib[ib.size() - 1 - suffix])
        ++suffix;
    std::vector<Op> ops(prefix, Op::Keep);
    if (prefix == ia.size() && prefix == ib.size())
        return ops;
    const std::vector<std::uint32_t> ma(ia.begin() + static_cast<std::ptrdiff_t>(prefix),
        ia.end() - static_cast<std::ptrdiff_t>(suffix));
    const std::vector<std::uint32_t> mb(ib.begin() + static_cast<std::ptrdiff_t>(prefix),
        ib.end() - static_cast<std::ptrdiff_t>(suffix));
    if (auto middle = shortestEdit(ma, mb, maxEdits)) {
        ops.insert(ops.end(), middle->begin(), middle->end());
    } else {
        gaveUp = true;
        ops.insert(ops.end(), ma.size(), Op::Delete);
        ops.insert(ops.end(), mb.size(), Op::Insert);
    }
    ops.insert(ops.end(), suffix, Op::Keep);
    return ops;
}

bool isHexNumberText(std::string_view s)
{
    if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        return false;
    bool nonZero = false;
    for (const char ch : s.substr(2)) {
        if (!std::isxdigit(static_cast<unsigned char>(ch)))
            return false;
        nonZero = nonZero || ch != '0';
    }
    return nonZero;
}

// Which arguments a line shows, and how: the ignored keys (DiffOptions) and the masked ones.
class ArgRules
{
public:
    explicit ArgRules(const std::vector<std::string> &ignored)
    {
        for (const auto &k : ignored) {
            const auto dot = k.find('.');
            if (dot == std::string::npos)
                m_ignored.insert(k);
            else
                m_ignoredOn.insert(k); // "Method.KEY"
        }
        for (const auto &k : defaultMaskedArgs())
            (k.find('.') == std::string::npos ? m_masked : m_maskedOn).insert(k);
    }

    // "k=v k=v" for one record (ignored keys left out, run-specific values masked).
    std::string text(const trace::TraceStore &store, const trace::TraceRecord &r) const
    {
        std::string out;
        const std::string method(trace::str(r.method));
        for (const trace::ArgValue &v : store.args(r)) {
            std::string key(v.type == trace::ArgType::Dropped ? "(dropped)" : trace::str(v.key));
            const std::string onMethod = method + "." + key;
            if (m_ignored.count(key) || m_ignoredOn.count(onMethod))
                continue;
            if (!out.empty())
                out.push_back(' ');
            out += key;
            out.push_back('=');
            out += value(v, m_masked.count(key) || m_maskedOn.count(onMethod));
        }
        return out;
    }

private:
    static std::string value(const trace::ArgValue &v, bool handle)
    {
        if (v.type == trace::ArgType::ObjectRef)
            return v.u ? "*" : "null";
        if (handle) {
            // A handle's value depends on what was opened before; 0 (NULL) and words
            // ("INVALID_HANDLE_VALUE") say what happened and are kept.
            const bool number = v.type == trace::ArgType::U64 || v.type == trace::ArgType::Hex32
                || v.type == trace::ArgType::I64;
            if (number && (v.u || v.i))
                return "*";
            if (v.type == trace::ArgType::String && isHexNumberText(v.text))
                return "*";
        }
        return trace::argValueToText(v);
    }

    std::unordered_set<std::string> m_ignored, m_ignoredOn, m_masked, m_maskedOn;
};

} // namespace

const std::vector<std::string> &defaultMaskedArgs()
{
    // Handles and addresses the simulated Win32 layer and host hand out: their values depend on
    // what was opened or created before, not on the behaviour being compared.
    // "Method.KEY": the handles some calls return as their result (other results are compared).
    static const std::vector<std::string> keys { "hFile", "hObject", "hDevice", "hTimer",
        "phNewTimer", "hdevnotify", "dbch_handle", "DeviceInfoSet", "lpOverlapped", "dwThreadId",
        "ExceptionAddress", "faultingAddress", "CreateFile.result", "SetupDiGetClassDevs.result",
        "RegisterDeviceNotification.result" };
    return keys;
}

std::vector<DiffLine> diffLines(const trace::TraceStore &store, const DiffOptions &options)
{
    const ArgRules rules(options.ignoredArgs);
    std::vector<DiffLine> out;
    auto golden = goldenLinesWithRecords(store);
    out.reserve(golden.size());
    for (auto &g : golden) {
        DiffLine line;
        line.shape = std::move(g.text);
        line.seq = g.seq;
        line.request = g.request;
        const trace::TraceRecord &r = store.at(static_cast<std::size_t>(g.seq));
        if (options.compareArgs && r.kind != trace::Kind::Action) {
            line.args = rules.text(store, r);
            if (g.returnSeq) {
                const std::string back
                    = rules.text(store, store.at(static_cast<std::size_t>(*g.returnSeq)));
                if (!back.empty())
                    line.args += (line.args.empty() ? "out: " : "  out: ") + back;
            }
        }
        out.push_back(std::move(line));
    }
    return out;
}

TraceComparison compareTraces(
    const trace::TraceStore &a, const trace::TraceStore &b, const DiffOptions &options)
{
    return compareLines(diffLines(a, options), diffLines(b, options), options);
}

TraceComparison compareLines(
    std::vector<DiffLine> a, std::vector<DiffLine> b, const DiffOptions &options)
{
    TraceComparison c;
    c.linesA = std::move(a);
    c.linesB = std::move(b);
    const auto &la = c.linesA;
    const auto &lb = c.linesB;

    // Shapes as small ids, shared by both traces.
    std::unordered_map<std::string_view, std::uint32_t> ids;
    const auto shapeIds = [&](const std::vector<DiffLine> &lines) {
        std::vector<std::uint32_t> out;
        out.reserve(lines.size());
        for (const auto &l : lines)
            out.push_back(
                ids.emplace(l.shape, static_cast<std::uint32_t>(ids.size())).first->second);
        return out;
    };
    const std::vector<std::uint32_t> sa = shapeIds(la), sb = shapeIds(lb);

    // Units (see the header): a line, or every line of one request, at its first line. A line's
    // key is its shape (its arguments are compared once it is paired); a request's key is its
    // whole path, shapes and arguments, so that the same request is found in the other trace
    // even beside requests that opened the same way. Requests left unmatched are paired up
    // afterwards by their opening shape (see below).
    std::unordered_map<std::string, std::uint32_t> unitIds;
    struct Units
    {
        std::vector<std::uint32_t> keys;
        std::vector<std::size_t> first; // the unit's first line
        std::unordered_map<std::uint32_t, std::vector<std::size_t>> requestLines;
    };
    const auto unitsOf = [&](const std::vector<DiffLine> &lines,
                             const std::vector<std::uint32_t> &shapes) {
        Units u;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const std::uint32_t req = options.byRequest ? lines[i].request : 0;
            if (req) {
                auto &path = u.requestLines[req];
                path.push_back(i);
                if (path.size() > 1)
                    continue;
            }
            u.keys.push_back(0);
            u.first.push_back(i);
        }
        for (std::size_t k = 0; k < u.first.size(); ++k) {
            const std::size_t i = u.first[k];
            const std::uint32_t req = options.byRequest ? lines[i].request : 0;
            std::string key;
            if (req) {
                key = "R";
                for (const std::size_t l : u.requestLines.at(req)) {
                    key += lines[l].shape;
                    key += '\x1f';
                    key += lines[l].args;
                    key += '\x1e';
                }
            } else {
                key = "L" + std::to_string(shapes[i]);
            }
            u.keys[k] = unitIds.emplace(std::move(key), static_cast<std::uint32_t>(unitIds.size()))
                            .first->second;
        }
        return u;
    };
    const Units ua = unitsOf(la, sa), ub = unitsOf(lb, sb);
    const auto linesOf = [&](const Units &u, std::size_t unit,
                             const std::vector<DiffLine> &lines) -> std::vector<std::size_t> {
        const std::size_t first = u.first[unit];
        const std::uint32_t req = options.byRequest ? lines[first].request : 0;
        if (!req)
            return { first };
        return u.requestLines.at(req);
    };
    const auto isRequest
        = [&](const Units &u, std::size_t unit, const std::vector<DiffLine> &lines) {
              return options.byRequest && lines[u.first[unit]].request != 0;
          };

    const auto pairRow = [&](std::size_t i, std::size_t j) {
        DiffRow row;
        row.a = i;
        row.b = j;
        row.status = la[i].args == lb[j].args ? DiffRow::Status::Same : DiffRow::Status::Changed;
        c.rows.push_back(row);
    };
    const auto soloRow = [&](DiffRow::Status status, std::size_t i) {
        DiffRow row;
        row.status = status;
        (status == DiffRow::Status::OnlyA ? row.a : row.b) = i;
        c.rows.push_back(row);
    };
    // Two matched units: their lines aligned by shape, then compared by arguments.
    const auto pairUnits = [&](std::size_t unitA, std::size_t unitB) {
        const auto pathA = linesOf(ua, unitA, la), pathB = linesOf(ub, unitB, lb);
        if (pathA.size() == 1 && pathB.size() == 1) {
            pairRow(pathA[0], pathB[0]);
            return;
        }
        std::vector<std::uint32_t> ka, kb;
        for (const std::size_t i : pathA)
            ka.push_back(sa[i]);
        for (const std::size_t j : pathB)
            kb.push_back(sb[j]);
        std::size_t qa = 0, qb = 0;
        for (const Op inner : align(ka, kb, options.maxEdits, c.tooDifferent)) {
            if (inner == Op::Delete)
                soloRow(DiffRow::Status::OnlyA, pathA[qa++]);
            else if (inner == Op::Insert)
                soloRow(DiffRow::Status::OnlyB, pathB[qb++]);
            else
                pairRow(pathA[qa++], pathB[qb++]);
        }
    };

    c.rows.reserve(std::max(la.size(), lb.size()));
    const std::vector<Op> ops = align(ua.keys, ub.keys, options.maxEdits, c.tooDifferent);
    std::size_t pa = 0, pb = 0;
    for (std::size_t o = 0; o < ops.size();) {
        if (ops[o] == Op::Keep) {
            pairUnits(pa++, pb++);
            ++o;
            continue;
        }
        // A run of edits: a request deleted here and one inserted here that opened the same way
        // are one request that went another way (or carried other values); they are shown side
        // by side, in the deleted one's place.
        std::size_t end = o;
        std::vector<std::size_t> deleted, inserted;
        for (std::size_t qa = pa, qb = pb; end < ops.size() && ops[end] != Op::Keep; ++end)
            (ops[end] == Op::Delete ? deleted : inserted)
                .push_back(ops[end] == Op::Delete ? qa++ : qb++);
        std::unordered_map<std::size_t, std::size_t>
            partner; // deleted unit -> its place in inserted
        std::vector<bool> taken(inserted.size(), false);
        // Inserted requests by their opening shape, in order: each deleted one takes the first.
        std::unordered_map<std::uint32_t, std::vector<std::size_t>> byOpening;
        for (std::size_t k = inserted.size(); k-- > 0;) {
            if (isRequest(ub, inserted[k], lb))
                byOpening[sb[ub.first[inserted[k]]]].push_back(
                    k); // last first: popped from the back
        }
        for (const std::size_t d : deleted) {
            if (!isRequest(ua, d, la))
                continue;
            auto it = byOpening.find(sa[ua.first[d]]);
            if (it == byOpening.end() || it->second.empty())
                continue;
            const std::size_t k = it->second.back();
            it->second.pop_back();
            taken[k] = true;
            partner.emplace(d, k);
        }
        // B's inserted units keep their order around the pairs: those B has before a paired
        // request are shown before the pair (the "+" action line that led to it stays above it).
        // Everything in inserted below `shownUpTo` is shown or taken: each is visited once.
        std::size_t shownUpTo = 0;
        const auto showInserted = [&](std::size_t upTo) {
            for (; shownUpTo < upTo; ++shownUpTo) {
                if (taken[shownUpTo])
                    continue;
                for (const std::size_t j : linesOf(ub, inserted[shownUpTo], lb))
                    soloRow(DiffRow::Status::OnlyB, j);
            }
        };
        for (; o < end; ++o) {
            if (ops[o] != Op::Delete)
                continue;
            if (auto it = partner.find(pa); it != partner.end()) {
                showInserted(it->second);
                pairUnits(pa, inserted[it->second]);
            } else {
                for (const std::size_t i : linesOf(ua, pa, la))
                    soloRow(DiffRow::Status::OnlyA, i);
            }
            ++pa;
        }
        showInserted(inserted.size());
        pb += inserted.size();
    }

    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        switch (c.rows[r].status) {
        case DiffRow::Status::Same:
            ++c.same;
            continue;
        case DiffRow::Status::Changed:
            ++c.changed;
            break;
        case DiffRow::Status::OnlyA:
            ++c.onlyInA;
            break;
        case DiffRow::Status::OnlyB:
            ++c.onlyInB;
            break;
        }
        if (!c.firstDifference)
            c.firstDifference = r;
    }
    c.identical = !c.firstDifference;
    return c;
}

std::vector<std::string> unifiedDiff(const TraceComparison &c, const std::string &nameA,
    const std::string &nameB, std::size_t context, std::size_t maxLines)
{
    std::vector<std::string> out;
    if (c.identical)
        return out;
    const auto &rows = c.rows;
    const auto isEdit = [&](std::size_t r) { return rows[r].status != DiffRow::Status::Same; };
    out.push_back("--- " + nameA);
    out.push_back("+++ " + nameB);
    std::size_t emitted = 2, omitted = 0;
    // The last line index seen on each side before a row: a hunk with no line on one side says
    // where it would be, as a unified diff does.
    std::size_t lastA = 0, lastB = 0, scanned = 0;
    const auto advanceTo = [&](std::size_t r) {
        for (; scanned < r; ++scanned) {
            if (rows[scanned].a != DiffRow::kNone)
                lastA = rows[scanned].a + 1;
            if (rows[scanned].b != DiffRow::kNone)
                lastB = rows[scanned].b + 1;
        }
    };
    std::size_t i = 0;
    while (i < rows.size()) {
        while (i < rows.size() && !isEdit(i))
            ++i;
        if (i == rows.size())
            break;
        const std::size_t start = i >= context ? i - context : 0;
        std::size_t end = i;
        for (;;) {
            while (end < rows.size() && isEdit(end))
                ++end;
            std::size_t keep = end;
            while (keep < rows.size() && !isEdit(keep) && keep - end < 2 * context)
                ++keep;
            if (keep < rows.size() && isEdit(keep)) {
                end = keep; // the next edit is close: same hunk
                continue;
            }
            end = std::min(rows.size(), end + context);
            break;
        }
        advanceTo(start);
        std::size_t countA = 0, countB = 0;
        std::size_t firstA = DiffRow::kNone, firstB = DiffRow::kNone;
        for (std::size_t j = start; j < end; ++j) {
            if (rows[j].a != DiffRow::kNone) {
                ++countA;
                firstA = std::min(firstA, rows[j].a);
            }
            if (rows[j].b != DiffRow::kNone) {
                ++countB;
                firstB = std::min(firstB, rows[j].b);
            }
        }
        std::vector<std::string> hunk;
        hunk.push_back("@@ -" + std::to_string(countA ? firstA + 1 : lastA) + ","
            + std::to_string(countA) + " +" + std::to_string(countB ? firstB + 1 : lastB) + ","
            + std::to_string(countB) + " @@");
        for (std::size_t j = start; j < end; ++j) {
            const DiffRow &row = rows[j];
            switch (row.status) {
            case DiffRow::Status::Same:
                hunk.push_back(" " + c.linesA[row.a].text());
                break;
            case DiffRow::Status::Changed:
                hunk.push_back("-" + c.linesA[row.a].text());
                hunk.push_back("+" + c.linesB[row.b].text());
                break;
            case DiffRow::Status::OnlyA:
                hunk.push_back("-" + c.linesA[row.a].text());
                break;
            case DiffRow::Status::OnlyB:
                hunk.push_back("+" + c.linesB[row.b].text());
                break;
            }
        }
        for (auto &line : hunk) {
            if (emitted < maxLines) {
                out.push_back(std::move(line));
                ++emitted;
            } else {
                ++omitted;
            }
        }
        i = end;
    }
    if (omitted)
        out.push_back("… " + thousands(omitted) + " more lines");
    return out;
}

std::string diffSummary(const TraceComparison &c)
{
    if (c.identical)
        return "the traces match: " + thousands(c.linesA.size()) + " lines";
    // A side without a line there: the end of that trace, or the line that follows in it.
    const auto where = [&](std::size_t DiffRow::*side, const std::vector<DiffLine> &lines) {
        for (std::size_t r = *c.firstDifference; r < c.rows.size(); ++r) {
            const std::size_t l = c.rows[r].*side;
            if (l != DiffRow::kNone) {
                return (r == *c.firstDifference ? "line " : "before line ") + thousands(l + 1)
                    + " (record #" + thousands(lines[l].seq) + ")";
            }
        }
        return std::string("after its last line");
    };
    std::string s = "first divergence at A " + where(&DiffRow::a, c.linesA) + ", B "
        + where(&DiffRow::b, c.linesB);
    s += "; " + thousands(c.onlyInA) + " lines only in A, " + thousands(c.onlyInB) + " only in B, "
        + thousands(c.changed) + " with other arguments, " + thousands(c.same) + " the same";
    if (c.tooDifferent)
        s += " (too different to align line by line)";
    return s;
}

} // namespace umdfx
