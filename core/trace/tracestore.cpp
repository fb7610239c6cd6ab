#include "core/trace/tracestore.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <new>
#include <thread>

namespace umdfx::trace {

std::string_view kindName(Kind kind)
{
    switch (kind) {
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

std::string_view phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Call:
        return "call";
    case Phase::Return:
        return "return";
    case Phase::Event:
        return "event";
    }
    return "?";
}

namespace {

// Converts wall ticks to ns. The TSC rate is measured against steady_clock from an anchor taken
// when the first wall-time store is made; the longer the process has run, the better the figure,
// so it is re-measured each time the span has grown fourfold (rarely, and only on display paths).
class TickClock
{
public:
    TickClock()
        : m_anchorTicks(detail::wallTicks())
        , m_anchor(std::chrono::steady_clock::now())
    { }

    double nsPerTick()
    {
#if defined(__x86_64__) || defined(__i386__)
        std::lock_guard lock(m_mutex);
        auto elapsed = std::chrono::steady_clock::now() - m_anchor;
        if (m_nsPerTick > 0 && elapsed < 4 * m_measuredOver)
            return m_nsPerTick;
        // Too short a span gives a poor rate: wait once, right after start-up at worst.
        constexpr auto kMinSpan = std::chrono::milliseconds(20);
        if (elapsed < kMinSpan)
            std::this_thread::sleep_for(kMinSpan - elapsed);
        const std::uint64_t ticks = detail::wallTicks();
        elapsed = std::chrono::steady_clock::now() - m_anchor;
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count();
        if (ticks > m_anchorTicks) {
            m_nsPerTick = static_cast<double>(ns) / static_cast<double>(ticks - m_anchorTicks);
            m_measuredOver = elapsed;
        }
        return m_nsPerTick > 0 ? m_nsPerTick : 1.0;
#else
        return 1.0; // the ticks are steady_clock ns already
#endif
    }

private:
    std::mutex m_mutex;
    const std::uint64_t m_anchorTicks;
    const std::chrono::steady_clock::time_point m_anchor;
    double m_nsPerTick = 0;
    std::chrono::steady_clock::duration m_measuredOver {};
};

TickClock &tickClock()
{
    static TickClock clock;
    return clock;
}

} // namespace

namespace {
template<class T> std::atomic<T *> *zeroedTable(std::size_t entries)
{
    static_assert(sizeof(std::atomic<T *>) == sizeof(T *));
    void *p = std::calloc(entries, sizeof(std::atomic<T *>));
    if (!p)
        throw std::bad_alloc();
    return static_cast<std::atomic<T *> *>(p);
}

void raiseTo(std::atomic<std::size_t> &end, std::size_t value)
{
    std::size_t seen = end.load(std::memory_order_relaxed);
    while (seen < value && !end.compare_exchange_weak(seen, value, std::memory_order_relaxed)) { }
}
} // namespace

TraceStore::TraceStore(bool recordWallTime, Producers producers)
    : m_chunks(zeroedTable<Chunk>(kMaxChunks))
    , m_arena(zeroedTable<ArenaChunk>(kMaxArenaChunks))
    , m_recordWallTime(recordWallTime)
    , m_serialized(producers == Producers::Serialized)
    , m_epochTicks(recordWallTime ? (tickClock(), detail::wallTicks()) : 0)
{ }

TraceStore::TraceStore(Loaded loaded)
    : m_chunks(zeroedTable<Chunk>(kMaxChunks))
    , m_arena(zeroedTable<ArenaChunk>(kMaxArenaChunks))
    , m_recordWallTime(loaded.hasWallTime)
    , m_serialized(true)
    , m_wallInNs(true)
    , m_epochTicks(0)
{ }

std::uint64_t TraceStore::appendLoaded(
    const RecordFields &fields, std::span<const std::byte> argsBlob, std::uint64_t wallNs)
{
    // A record like any other, then its wall time and args put in place before it is published:
    // the reader appends with no concurrent writer, so the slot is its own until ready is set.
    const std::uint64_t seq = m_reserved.load(std::memory_order_relaxed);
    if (seq >= kMaxRecords) {
        m_reserved.store(seq + 1, std::memory_order_relaxed);
        return seq;
    }
    m_reserved.store(seq + 1, std::memory_order_relaxed);
    const std::size_t chunkIndex = seq / kChunkRecords;
    const std::size_t slot = seq % kChunkRecords;
    Chunk *c = m_chunks[chunkIndex].load(std::memory_order_acquire);
    if (!c)
        c = allocateChunk(chunkIndex, false);
    TraceRecord &r = c->records[slot];
    r = TraceRecord {};
    r.seq = seq;
    r.tNs = fields.tNs;
    r.wallTicks = wallNs;
    r.thread = fields.thread;
    r.from = fields.from;
    r.to = fields.to;
    r.device = fields.device;
    r.iface = fields.iface;
    r.method = fields.method;
    r.object = fields.object;
    r.hr = fields.hr;
    r.call = fields.call;
    r.request = fields.request;
    r.argsRef = argsBlob.empty() || argsBlob.size() > 0xFFFF ? 0 : storeArgs(argsBlob);
    r.kind = fields.kind;
    r.phase = fields.phase;
    r.hasHr = fields.hasHr;
    c->ready[slot].store(1, std::memory_order_release);
    return seq;
}

TraceStore::~TraceStore()
{
    const std::size_t chunks = m_chunksEnd.load(std::memory_order_acquire);
    for (std::size_t i = 0; i < chunks; ++i)
        delete m_chunks[i].load(std::memory_order_relaxed);
    const std::size_t arena = m_arenaEnd.load(std::memory_order_acquire);
    for (std::size_t i = 0; i < arena; ++i)
        delete m_arena[i].load(std::memory_order_relaxed);
}

TraceStore::Chunk *TraceStore::allocateChunk(std::size_t chunkIndex, bool prefault)
{
    auto &slot = m_chunks[chunkIndex];
    Chunk *c = slot.load(std::memory_order_acquire);
    if (c)
        return c;
    auto *fresh = new Chunk;
    if (prefault)
        std::memset(static_cast<void *>(fresh->records), 0, sizeof fresh->records);
    // Whoever needs it first installs it; the loser of a race frees its copy.
    if (slot.compare_exchange_strong(c, fresh, std::memory_order_acq_rel)) {
        raiseTo(m_chunksEnd, chunkIndex + 1);
        return fresh;
    }
    delete fresh;
    return c;
}

TraceStore::ArenaChunk *TraceStore::allocateArenaChunk(std::size_t chunkIndex, bool prefault)
{
    auto &slot = m_arena[chunkIndex];
    ArenaChunk *c = slot.load(std::memory_order_acquire);
    if (c)
        return c;
    auto *fresh = new ArenaChunk;
    if (prefault)
        std::memset(fresh->bytes, 0, sizeof fresh->bytes);
    if (slot.compare_exchange_strong(c, fresh, std::memory_order_acq_rel)) {
        raiseTo(m_arenaEnd, chunkIndex + 1);
        return fresh;
    }
    delete fresh;
    return c;
}

void TraceStore::reserve(std::size_t records, std::size_t argsBytes)
{
    const std::size_t chunks = std::min(kMaxChunks, (records + kChunkRecords - 1) / kChunkRecords);
    for (std::size_t i = 0; i < chunks; ++i)
        allocateChunk(i, true);
    const std::size_t arenaChunks
        = std::min(kMaxArenaChunks, (argsBytes + kArenaChunkBytes - 1) / kArenaChunkBytes);
    for (std::size_t i = 0; i < arenaChunks; ++i)
        allocateArenaChunk(i, true);
}

// The uncommon cases of storeArgs(): the chunk is not there yet, the blob would straddle two
// chunks (the tail of that chunk stays unused and the blob goes to the next one), or the arena
// is full (the args are dropped and counted).
std::uint32_t TraceStore::storeArgsSlow(std::span<const std::byte> blob, std::uint64_t start)
{
    const std::size_t n = blob.size();
    const std::size_t need = (2 + n + 7) & ~std::size_t(7);
    for (;;) {
        const std::size_t chunkIndex = start / kArenaChunkBytes;
        const std::size_t offset = start % kArenaChunkBytes;
        if (chunkIndex >= kMaxArenaChunks) {
            m_droppedArgs.fetch_add(1, std::memory_order_relaxed);
            return 0;
        }
        if (offset + need <= kArenaChunkBytes) {
            std::byte *p = allocateArenaChunk(chunkIndex, false)->bytes + offset;
            const auto length = static_cast<std::uint16_t>(n);
            std::memcpy(p, &length, 2);
            std::memcpy(p + 2, blob.data(), n);
            return static_cast<std::uint32_t>(start / 8);
        }
        start = m_arenaReserved.fetch_add(need, std::memory_order_relaxed);
    }
}

std::size_t TraceStore::size() const
{
    // Walk forward from the last known complete prefix over slots whose writer has finished.
    const std::uint64_t known = m_published.load(std::memory_order_acquire);
    const std::uint64_t end
        = std::min<std::uint64_t>(m_reserved.load(std::memory_order_acquire), kMaxRecords);
    std::uint64_t p = known;
    while (p < end) {
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

ArgsView TraceStore::args(const TraceRecord &record) const
{
    if (record.argsRef == 0)
        return {};
    const std::uint64_t start = std::uint64_t(record.argsRef) * 8;
    const ArenaChunk *c = m_arena[start / kArenaChunkBytes].load(std::memory_order_acquire);
    const std::byte *p = c->bytes + start % kArenaChunkBytes;
    std::uint16_t length = 0;
    std::memcpy(&length, p, 2);
    return ArgsView(std::span<const std::byte>(p + 2, length));
}

std::uint64_t TraceStore::wallNs(const TraceRecord &record) const
{
    if (m_wallInNs)
        return m_recordWallTime ? record.wallTicks : 0;
    if (!m_recordWallTime || record.wallTicks <= m_epochTicks)
        return 0;
    const double ns
        = static_cast<double>(record.wallTicks - m_epochTicks) * tickClock().nsPerTick();
    return static_cast<std::uint64_t>(std::llround(ns));
}

std::uint64_t TraceStore::droppedRecords() const
{
    const std::uint64_t reserved = m_reserved.load(std::memory_order_relaxed);
    return reserved > kMaxRecords ? reserved - kMaxRecords : 0;
}

} // namespace umdfx::trace
