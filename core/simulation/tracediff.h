#pragma once
// Comparing two traces as a person compares them: by their callback sequence. Each trace becomes
// its golden lines (goldentrace.h: kind, lanes, Interface::Method and result, nested, without
// times, threads or arguments), the two are aligned with a shortest edit script (Myers), and the
// result reads like a unified diff. Pure functions of their arguments; any thread may call them.

#include "core/simulation/goldentrace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace umdfx {

struct TraceDiff
{
    bool identical = true;
    std::size_t linesA = 0, linesB = 0; // golden lines in each
    std::size_t onlyInA = 0, onlyInB = 0; // lines deleted / inserted by the alignment
    // Where they first part: the line index in each (0-based) and the record it starts with.
    struct Divergence
    {
        std::size_t lineA = 0, lineB = 0;
        std::optional<std::uint64_t> seqA, seqB; // none past the end of a trace
    };
    std::optional<Divergence> first;
    // The unified diff ("--- A", "+++ B", "@@ -l,n +l,n @@" hunks, " ", "-", "+" lines), at most
    // maxLines lines (then "… N more lines"); empty when identical.
    std::vector<std::string> unified;
    bool tooDifferent = false; // the alignment gave up (more than maxEdits edits): hunks are coarse
};

TraceDiff diffTraces(const std::vector<GoldenLine> &a, const std::vector<GoldenLine> &b,
    const std::string &nameA, const std::string &nameB, std::size_t context = 3,
    std::size_t maxLines = 400, std::size_t maxEdits = 20000);

// "first divergence at line 57 (A record #312, B record #312); 4 lines only in A, 6 only in B,
// 1,204 lines in common" — one line for people.
std::string diffSummary(const TraceDiff &d);

} // namespace umdfx
