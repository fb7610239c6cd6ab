// libFuzzer target: the trace file reader on arbitrary bytes. It must never crash, leak, read out
// of bounds or allocate without bound (AddressSanitizer + UndefinedBehaviorSanitizer build); what
// it reads it must be able to render.
#include "core/trace/tracefile.h"
#include "core/trace/traceformat.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto read
        = umdfx::trace::readTraceBytes(std::span(reinterpret_cast<const std::byte *>(data), size));
    if (auto *file = std::get_if<umdfx::trace::TraceFile>(&read)) {
        // Everything the reader accepted is well-formed enough to format.
        const auto &store = *file->store;
        for (std::size_t i = 0; i < store.size() && i < 64; ++i) {
            const std::string line = umdfx::trace::toJsonLine(store, store.at(i), true);
            if (line.empty())
                __builtin_trap();
        }
        (void)file->summary("fuzz");
    }
    return 0;
}
