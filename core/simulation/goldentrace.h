#pragma once

#include "core/trace/tracestore.h"

#include <optional>
#include <string>
#include <vector>

namespace umdfx {

// The trace as the reference's scenarios (§10) write it: one line per call or event, nested by
// what was open when it happened, with the call's result appended when it returned:
//   callback framework->echo IQueueCallbackWrite::OnWrite => void
//     ddi echo->framework IWDFIoRequest::CompleteWithInformation => void
// Actions appear as "> <action line>". This is what the golden-trace tests compare; arguments,
// times and threads are left out so the goldens state the callback order and results, nothing
// incidental.
std::vector<std::string> goldenLines(const trace::TraceStore &store, std::size_t first = 0);

// The same lines, each with the sequence number of the record it starts with and what a diff
// needs to follow it: the record that returned it, the request it belongs to and the line it is
// nested in.
struct GoldenLine
{
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::string text;
    std::uint64_t seq = 0;
    std::optional<std::uint64_t> returnSeq; // the Return record of a call, once it returned
    std::uint32_t request = 0; // the record's, or else that of the enclosing line on its thread
    std::size_t parent = kNone; // index of the line it is nested in (kNone at the top)
};
std::vector<GoldenLine> goldenLinesWithRecords(
    const trace::TraceStore &store, std::size_t first = 0);

} // namespace umdfx
