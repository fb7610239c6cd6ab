#include "core/trace/tracestore.h"

#include <algorithm>
#include <cstring>

namespace umdfx::trace {

std::string_view kindName(Kind k)
{
    switch (k) {
    case Kind::Win32:
        return "win32";
    case Kind::Callback:
        return "callback";
    case Kind::Ddi:
        return "ddi";
    case Kind::Pnp:
        return "pnp";
    case Kind::Notify:
        return "notify";
    case Kind::Verifier:
        return "verifier";
    case Kind::Host:
        return "host";
    case Kind::Action:
        return "action";
    case Kind::Log:
        return "log";
    }
    return "?";
}

std::string_view phaseName(Phase p)
{
    switch (p) {
    case Phase::Call:
        return "call";
    case Phase::Return:
        return "return";
    case Phase::Event:
        return "event";
    }
    return "?";
}

TraceStore::TraceStore(bool recordWallTime)
    : m_chunks(new std::atomic<Chunk *>[kMaxChunks])
    , m_arena(new std::atomic<ArenaChunk *>[kMaxArenaChunks])
    , m_recordWallTime(recordWallTime)
    , m_epoch(std::chrono::steady_clock::now())
{
    for (std::size_t i = 0; i < kMaxChunks; ++i)
        m_chunks[i].store(nullptr, std::memory_order_relaxed);
    for (std::size_t i = 0; i < kMaxArenaChunks; ++i)
        m_arena[i].store(nullptr, std::memory_order_relaxed);
    // The first chunks exist up front so the first appends do not allocate.
    m_chunks[0].store(new Chunk, std::memory_order_release);
    m_arena[0].store(new ArenaChunk, std::memory_order_release);
}

TraceStore::~TraceStore()
{
    for (std::size_t i = 0; i < kMaxChunks; ++i)
        delete m_chunks[i].load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < kMaxArenaChunks; ++i)
        delete m_arena[i].load(std::memory_order_relaxed);
}

TraceStore::Chunk *TraceStore::chunkFor(std::size_t index)
{
    auto &slot = m_chunks[index / kChunkRecords];
    Chunk *c = slot.load(std::memory_order_acquire);
    if (c)
        return c;
    // Whoever needs it first allocates it; a loser of the race frees its copy.
    auto *fresh = new Chunk;
    if (slot.compare_exchange_strong(c, fresh, std::memory_order_acq_rel))
        return fresh;
    delete fresh;
    return c;
}

TraceStore::ArenaChunk *TraceStore::arenaChunk(std::size_t index)
{
    auto &slot = m_arena[index];
    ArenaChunk *c = slot.load(std::memory_order_acquire);
    if (c)
        return c;
    auto *fresh = new ArenaChunk;
    if (slot.compare_exchange_strong(c, fresh, std::memory_order_acq_rel))
        return fresh;
    delete fresh;
    return c;
}

void TraceStore::reserve(std::size_t records)
{
    const std::size_t chunks = std::min(kMaxChunks, (records + kChunkRecords - 1) / kChunkRecords);
    for (std::size_t i = 0; i < chunks; ++i)
        chunkFor(i * kChunkRecords);
}

bool TraceStore::storeArgs(std::span<const std::byte> blob, TraceRecord &r)
{
    const std::size_t n = blob.size();
    if (n == 0 || n > 0xFFFF)
        return false;
    for (;;) {
        const std::uint64_t start = m_arenaReserved.fetch_add(n, std::memory_order_relaxed);
        const std::size_t chunk = start / kArenaChunkBytes;
        const std::size_t offset = start % kArenaChunkBytes;
        if (chunk >= kMaxArenaChunks)
            return false;
        if (offset + n > kArenaChunkBytes)
            continue; // would straddle: the tail of this chunk stays unused, try the next one
        std::memcpy(arenaChunk(chunk)->bytes + offset, blob.data(), n);
        r.argsChunk = static_cast<std::uint16_t>(chunk);
        r.argsOffset = static_cast<std::uint32_t>(offset);
        r.argsSize = static_cast<std::uint16_t>(n);
        return true;
    }
}

std::uint64_t TraceStore::append(const RecordFields &f, const ArgsWriter *args)
{
    const std::uint64_t seq = m_reserved.fetch_add(1, std::memory_order_relaxed);
    if (seq >= kMaxChunks * kChunkRecords)
        return seq; // full: dropped (a 268M-record trace is beyond what the simulator produces)
    Chunk *c = chunkFor(seq);
    TraceRecord &r = c->records[seq % kChunkRecords];
    // Field by field: measured faster than assigning a temporary (DESIGN.md).
    r.seq = seq;
    r.tNs = f.tNs;
    r.wallNs = m_recordWallTime
        ? static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::steady_clock::now() - m_epoch)
                                         .count())
        : 0;
    r.thread = f.thread;
    r.from = f.from;
    r.to = f.to;
    r.device = f.device;
    r.iface = f.iface;
    r.method = f.method;
    r.object = f.object;
    r.hr = f.hr;
    r.call = f.call;
    r.request = f.request;
    r.kind = f.kind;
    r.phase = f.phase;
    r.hasHr = f.hasHr;
    r.argsSize = 0;
    if (args && !args->empty())
        storeArgs(args->data(), r);
    c->ready[seq % kChunkRecords].store(1, std::memory_order_release);
    return seq;
}

std::size_t TraceStore::size() const
{
    // Walk forward from the last known complete prefix over slots whose writer has finished.
    const std::uint64_t known = m_published.load(std::memory_order_acquire);
    std::uint64_t p = known;
    const std::uint64_t reserved = m_reserved.load(std::memory_order_acquire);
    while (p < reserved && p < kMaxChunks * kChunkRecords) {
        const Chunk *c = m_chunks[p / kChunkRecords].load(std::memory_order_acquire);
        if (!c || !c->ready[p % kChunkRecords].load(std::memory_order_acquire))
            break;
        ++p;
    }
    // Remember the longer prefix for the next reader (monotonic; a lost race only costs a rescan).
    std::uint64_t current = known;
    while (p > current
        && !m_published.compare_exchange_weak(current, p, std::memory_order_acq_rel)) { }
    return static_cast<std::size_t>(p);
}

ArgsView TraceStore::args(const TraceRecord &r) const
{
    if (r.argsSize == 0)
        return {};
    const ArenaChunk *c = m_arena[r.argsChunk].load(std::memory_order_acquire);
    return ArgsView(std::span<const std::byte>(c->bytes + r.argsOffset, r.argsSize));
}

} // namespace umdfx::trace
