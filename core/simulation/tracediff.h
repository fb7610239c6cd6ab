#pragma once
// Comparing two traces as a person compares them: by their callback sequence, then by the
// arguments of the calls that line up.
//
// Lines. Each trace becomes its golden lines (goldentrace.h: kind, lanes, Interface::Method and
// result, nested) — the line's *shape* — and each line also carries its arguments: the call
// record's, and the return record's (the out values, "out: value=4096"). Action lines carry no
// arguments (their text is the shape; where the script said it is provenance, not behaviour).
//
// Alignment, in two levels, so that an inserted or reordered unrelated record does not misalign
// everything after it:
//  1. Units. A line that belongs to a request (the record's request id, or that of the line it is
//     nested in on the same thread: a driver's DDI calls inside OnWrite) is gathered with every
//     other line of that request into one unit, placed where the request's first line is; every
//     other line is a unit of its own. The units of the two traces are aligned by a shortest edit
//     script (Myers) over their keys: a line's shape, or for a request its whole path (shapes and
//     arguments), so the same request is found even beside requests that opened the same way.
//     Request ids are never compared: the same request can have another id in the other run.
//  2. Pairs. In a run of edits, a request deleted from A and one inserted in B that opened the
//     same way (the same WriteFile) are one request that went another way: they are paired, in
//     the deleted one's place, with B's unpaired units that come before it in B shown first.
//     Two paired or matched requests have their lines aligned the same way over their shapes, so
//     a request's whole path stands beside the other trace's same request even when the two runs
//     interleaved requests differently (a pending read completed later, say).
// Lines whose shapes line up are then compared by their arguments; a difference makes the pair
// Changed (shown as a - and a + line), not an insertion, so one changed value stays one change.
//
// Arguments that are run-specific are masked, not compared by value: framework object ids (an
// ObjectRef argument shows as key=* when it names an object and key=null when it is 0, so a
// missing object still shows), and handle values under the keys defaultMaskedArgs() lists
// ("KEY", or "Method.KEY" for the calls whose result is a handle: a number or "0x…" text shows as
// key=*; 0 and words such as "INVALID_HANDLE_VALUE" are kept).
// Record header fields (object, request and call ids, times, threads) are not part of a line. More
// keys can be left out entirely (DiffOptions::ignoredArgs): "KEY" on every record, or
// "Method.KEY" (e.g. "GetNamedValue.value") on one method only.
//
// Pure functions of their arguments; any thread may call them while no one appends to the stores.

#include "core/simulation/goldentrace.h"
#include "core/trace/tracestore.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace umdfx {

struct DiffOptions
{
    bool compareArgs = true; // false: shapes only (the comparison before arguments were seen)
    bool byRequest = true; // false: one flat alignment of the lines
    std::vector<std::string> ignoredArgs; // "KEY" or "Method.KEY": neither compared nor shown
    // The alignment gives up beyond this many edits (tooDifferent): its memory is ~4 B x maxEdits².
    std::size_t maxEdits = 5000;
};

// The keys whose values are run-specific handles, masked as described above.
const std::vector<std::string> &defaultMaskedArgs();

// One trace's line as the diff shows it.
struct DiffLine
{
    std::string shape; // the golden line (indentation included)
    std::string args; // "k=v k=v  out: k=v" as compared (masked, ignored keys left out); may be ""
    std::uint64_t seq = 0; // the record the line starts with
    std::uint32_t request = 0; // 0: none
    std::string text() const { return args.empty() ? shape : shape + "  " + args; }
};

struct DiffRow
{
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    enum class Status : std::uint8_t { Same, Changed, OnlyA, OnlyB };
    Status status = Status::Same;
    std::size_t a = kNone, b = kNone; // line indexes (kNone on the side that has no line)
};

struct TraceComparison
{
    std::vector<DiffLine> linesA, linesB;
    std::vector<DiffRow> rows; // every line of both traces, aligned, in display order
    bool identical = true;
    std::size_t onlyInA = 0, onlyInB = 0, changed = 0, same = 0;
    std::optional<std::size_t> firstDifference; // index into rows
    bool tooDifferent = false; // an alignment gave up (more than maxEdits edits): hunks are coarse
};

// The lines of a trace as compareTraces() sees them.
std::vector<DiffLine> diffLines(const trace::TraceStore &store, const DiffOptions &options = {});

TraceComparison compareTraces(
    const trace::TraceStore &a, const trace::TraceStore &b, const DiffOptions &options = {});
// The same over lines already made (tests, and callers that made them off another thread).
TraceComparison compareLines(
    std::vector<DiffLine> a, std::vector<DiffLine> b, const DiffOptions &options = {});

// The comparison as a unified diff: "--- A", "+++ B", "@@ -l,n +l,n @@" hunks (l: the 1-based
// golden line number, as `umdfctl show --golden` prints them, of the hunk's first line on that
// side; with request alignment a hunk may gather lines of one request that were apart in time),
// then " ", "-" and "+" lines (shape, two blanks, arguments), at most maxLines lines (then
// "… N more lines"); empty when identical.
std::vector<std::string> unifiedDiff(const TraceComparison &c, const std::string &nameA,
    const std::string &nameB, std::size_t context = 3, std::size_t maxLines = 400);

// "first divergence at A line 57 (record #312), B line 57 (record #312); 4 lines only in A, 6
// only in B, 1 with other arguments, 1,204 the same" — one line for people.
std::string diffSummary(const TraceComparison &c);

} // namespace umdfx
