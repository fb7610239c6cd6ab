#pragma once

#include "core/trace/argswriter.h"
#include "core/trace/tracerecord.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace umdfx::trace {

namespace detail {
// The wall clock of the recording path: the TSC where there is one (a few ns; steady_clock costs
// several times the whole append, DESIGN.md "Performance"), converted to ns only for display.
inline std::uint64_t wallTicks()
{
#if defined(__x86_64__) || defined(__i386__)
    return __builtin_ia32_rdtsc();
#else
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
#endif
}
} // namespace detail

// The append-only trace of one simulated world.
//
// Records live in chunks of kChunkRecords, allocated once when first needed and never moved or
// freed before the store dies, reached through a fixed table of chunk pointers: a reference
// returned by at() stays valid for the store's lifetime, and nothing ever copies the trace. Args
// blobs live in a byte arena of kArenaChunkBytes chunks, likewise never moved (a blob never
// straddles two chunks).
//
// Threads: append() may be called from any number of threads at once (Producers::Many) and takes
// no lock: one atomic add reserves the slot (with Producers::Serialized the caller keeps appends
// from overlapping, and a plain load and store do), the record is written with plain stores, and a
// per-slot flag is set with release — nothing else, so recording costs a few stores (the first
// record of a chunk also allocates it). size(), at(), args() and wallNs() may be called from any
// thread, concurrently with appends. size() is the length of the fully written prefix: it walks the
// slot flags forward from the last prefix it found complete (the bookkeeping is the readers'
// cost, not the writers'), so a reader that got n from size() may read every index below n and
// never sees a record that is still being written. With concurrent appenders, seq order is the
// order of reservation, and each thread's own records keep their order. A record appended after
// the store is full (kMaxRecords) is dropped and counted.
//
// Ownership: the store owns every record and blob; it is not copyable or movable (readers hold
// references into it). One per world.
class TraceStore
{
public:
    static constexpr std::size_t kChunkRecords = 4096;
    static constexpr std::size_t kMaxChunks = std::size_t(1) << 16;
    static constexpr std::size_t kMaxRecords = kChunkRecords * kMaxChunks; // 268M
    static constexpr std::size_t kArenaChunkBytes = std::size_t(1) << 20;
    static constexpr std::size_t kMaxArenaChunks = std::size_t(1) << 15; // 32 GiB of args

    // Who appends. Many: any number of threads at once (an atomic add reserves each slot).
    // Serialized: the caller guarantees that appends never overlap — the simulator's Tracer
    // appends only with the world lock held — so a slot is reserved with a plain load and store,
    // without the locked read-modify-write that costs as much as the rest of the append
    // (bench_trace). Readers are lock-free in both.
    enum class Producers : std::uint8_t { Many, Serialized };

    // recordWallTime: stamp each record with the TSC (a few ns more per record, see bench_trace).
    // Off in deterministic runs, where virtual time is the time that matters.
    explicit TraceStore(bool recordWallTime = false, Producers producers = Producers::Many);
    // A store for a trace read back from a file (tracefile.h): appendLoaded() gives each record
    // its recorded wall time in ns. Serialized producers (the reader).
    struct Loaded
    {
        bool hasWallTime = false;
    };
    explicit TraceStore(Loaded loaded);
    ~TraceStore();
    TraceStore(const TraceStore &) = delete;
    TraceStore &operator=(const TraceStore &) = delete;

    // Allocates and pre-faults the chunks for this many records and this many bytes of args now,
    // so that appends up to there never touch fresh memory (a first touch costs several times the
    // append itself). An args blob takes its encoded size (ArgsWriter::data()) + 2, rounded up
    // to 8 bytes.
    void reserve(std::size_t records, std::size_t argsBytes = 0);

    // Appends one record; returns its sequence number, which is 0-based and equal to the index
    // at() takes (>= kMaxRecords: the store was full and the record was dropped). The args are
    // copied; the writer may be reused at once.
    std::uint64_t append(const RecordFields &fields, const ArgsWriter *args = nullptr);
    // For a Loaded store: the args as an encoded blob (ArgsWriter's encoding, keys in this
    // process's string ids; at most 0xFFFF bytes) and the wall time in ns.
    std::uint64_t appendLoaded(
        const RecordFields &fields, std::span<const std::byte> argsBlob, std::uint64_t wallNs);

    // Records published so far: every index below is complete and readable.
    std::size_t size() const;
    // index < size(). The reference stays valid as long as the store.
    const TraceRecord &at(std::size_t index) const
    {
        return m_chunks[index / kChunkRecords]
            .load(std::memory_order_acquire)
            ->records[index % kChunkRecords];
    }
    ArgsView args(const TraceRecord &record) const;

    bool recordsWallTime() const { return m_recordWallTime; }
    // ns of wall time from the store's creation to the record (0 when wall time is not recorded).
    std::uint64_t wallNs(const TraceRecord &record) const;

    // Appends refused because the store was full; args blobs lost because the arena was full.
    std::uint64_t droppedRecords() const;
    std::uint64_t droppedArgs() const { return m_droppedArgs.load(std::memory_order_relaxed); }

private:
    struct Chunk
    {
        // Left uninitialised by `new Chunk` (TraceRecord is plain data); only ready is zeroed.
        TraceRecord records[kChunkRecords];
        std::atomic<std::uint8_t> ready[kChunkRecords] {}; // 1 = the record is complete
    };
    struct ArenaChunk
    {
        std::byte bytes[kArenaChunkBytes];
    };

    Chunk *allocateChunk(std::size_t chunkIndex, bool prefault);
    ArenaChunk *allocateArenaChunk(std::size_t chunkIndex, bool prefault);
    std::uint32_t storeArgs(std::span<const std::byte> blob);
    std::uint32_t storeArgsSlow(std::span<const std::byte> blob, std::uint64_t start);

    // The chunk tables come from calloc, not new[]: fresh zero pages that are touched only where
    // a chunk is installed, so a store costs no 768 KiB of zeroing when made (a trace file read
    // makes one per file; the reader's fuzzer one per input). All-zero bits are a null atomic
    // pointer on every platform this builds for.
    struct FreeTable
    {
        void operator()(void *p) const { std::free(p); }
    };
    std::unique_ptr<std::atomic<Chunk *>[], FreeTable> m_chunks; // kMaxChunks, null until used
    std::unique_ptr<std::atomic<ArenaChunk *>[], FreeTable> m_arena; // kMaxArenaChunks entries
    // One past the highest table index installed: the destructor frees below it only.
    std::atomic<std::size_t> m_chunksEnd { 0 }, m_arenaEnd { 0 };
    std::atomic<std::uint64_t> m_reserved { 0 }; // slots handed out (may exceed kMaxRecords)
    mutable std::atomic<std::uint64_t> m_published { 0 }; // a prefix known to be complete
    std::atomic<std::uint64_t> m_arenaReserved { 8 }; // 8: argsRef 0 means "no args"
    std::atomic<std::uint64_t> m_droppedArgs { 0 };
    const bool m_recordWallTime;
    const bool m_serialized; // Producers::Serialized
    const bool m_wallInNs = false; // a Loaded store: wallTicks hold ns
    const std::uint64_t m_epochTicks; // wall ticks at construction
};

inline std::uint64_t TraceStore::append(const RecordFields &f, const ArgsWriter *args)
{
    std::uint64_t seq;
    if (m_serialized) {
        seq = m_reserved.load(std::memory_order_relaxed);
        m_reserved.store(seq + 1, std::memory_order_relaxed);
    } else {
        seq = m_reserved.fetch_add(1, std::memory_order_relaxed);
    }
    if (seq >= kMaxRecords) [[unlikely]]
        return seq;
    const std::size_t chunkIndex = seq / kChunkRecords;
    const std::size_t slot = seq % kChunkRecords;
    Chunk *c = m_chunks[chunkIndex].load(std::memory_order_acquire);
    if (!c) [[unlikely]]
        c = allocateChunk(chunkIndex, false);
    // Field by field: the caller's RecordFields is usually still in registers, and a block copy
    // of a just-written struct stalls on store forwarding (DESIGN.md "Performance").
    TraceRecord &r = c->records[slot];
    r.seq = seq;
    r.tNs = f.tNs;
    r.wallTicks = m_recordWallTime ? detail::wallTicks() : 0;
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
    r.argsRef = args && !args->empty() ? storeArgs(args->data()) : 0;
    r.kind = f.kind;
    r.phase = f.phase;
    r.hasHr = f.hasHr;
    c->ready[slot].store(1, std::memory_order_release);
    return seq;
}

// Blob layout in the arena: length (u16), the bytes; 8-byte aligned, so that a 32-bit argsRef
// (the offset / 8) reaches the whole arena.
inline std::uint32_t TraceStore::storeArgs(std::span<const std::byte> blob)
{
    static_assert(ArgsWriter::kCapacity <= 0xFFFF);
    static_assert(kMaxArenaChunks * kArenaChunkBytes / 8 <= std::uint64_t(0xFFFFFFFF) + 1);
    const std::size_t n = blob.size();
    const std::size_t need = (2 + n + 7) & ~std::size_t(7);
    std::uint64_t start;
    if (m_serialized) {
        start = m_arenaReserved.load(std::memory_order_relaxed);
        m_arenaReserved.store(start + need, std::memory_order_relaxed);
    } else {
        start = m_arenaReserved.fetch_add(need, std::memory_order_relaxed);
    }
    const std::size_t chunkIndex = start / kArenaChunkBytes;
    const std::size_t offset = start % kArenaChunkBytes;
    ArenaChunk *c = chunkIndex < kMaxArenaChunks
        ? m_arena[chunkIndex].load(std::memory_order_acquire)
        : nullptr;
    if (!c || offset + need > kArenaChunkBytes) [[unlikely]]
        return storeArgsSlow(blob, start);
    std::byte *p = c->bytes + offset;
    const auto length = static_cast<std::uint16_t>(n);
    std::memcpy(p, &length, 2);
    std::memcpy(p + 2, blob.data(), n);
    return static_cast<std::uint32_t>(start / 8);
}

} // namespace umdfx::trace
