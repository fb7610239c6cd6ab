#pragma once

#include "core/trace/tracestore.h"

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

// The same lines, each with the sequence number of the record it starts with.
struct GoldenLine
{
    std::string text;
    std::uint64_t seq = 0;
};
std::vector<GoldenLine> goldenLinesWithRecords(
    const trace::TraceStore &store, std::size_t first = 0);

} // namespace umdfx
