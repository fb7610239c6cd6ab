#pragma once

#include "core/trace/argswriter.h"
#include "core/trace/tracerecord.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

namespace umdfx::trace {

// The append-only trace of one simulated world. Records live in fixed-size chunks allocated once
// and never moved or freed before the store dies; args blobs live in a chunked byte arena (a
// blob never straddles two chunks). Appending takes no lock: a slot is reserved with one atomic
// add, filled, and marked ready — nothing else, so the recording path stays a few stores. The
// readers do the bookkeeping: size() walks the ready flags past the last published prefix and
// returns the length of the fully written prefix, so readers on any thread see only complete
// records and may read any index below it while appends go on.
//
// Threads: append() from any number of threads; size()/at()/args() from any thread.
// Owns every record and blob; references returned by at() stay valid for the store's lifetime.
class TraceStore
{
public:
    static constexpr std::size_t kChunkRecords = 4096;
    static constexpr std::size_t kMaxChunks = 1 << 16; // 268M records
    static constexpr std::size_t kArenaChunkBytes = 1 << 20; // args blobs are far smaller
    static constexpr std::size_t kMaxArenaChunks = 1 << 16;

    // recordWallTime: stamp each record with a steady-clock time (costs a clock read per record;
    // off in deterministic runs, where virtual time is the time that matters).
    explicit TraceStore(bool recordWallTime = false);
    ~TraceStore();
    TraceStore(const TraceStore &) = delete;
    TraceStore &operator=(const TraceStore &) = delete;

    // Allocates (and so pre-faults) the chunks for this many records now, so that appends up to
    // there never touch fresh memory (first touch costs several times the append itself).
    void reserve(std::size_t records);

    // Returns the record's sequence number (0-based, = its index).
    std::uint64_t append(const RecordFields &fields, const ArgsWriter *args = nullptr);

    std::size_t size() const;
    const TraceRecord &at(std::size_t index) const
    {
        return m_chunks[index / kChunkRecords]
            .load(std::memory_order_acquire)
            ->records[index % kChunkRecords];
    }
    ArgsView args(const TraceRecord &r) const;

private:
    struct Chunk
    {
        std::array<TraceRecord, kChunkRecords> records;
        std::array<std::atomic<std::uint8_t>, kChunkRecords> ready {};
    };
    struct ArenaChunk
    {
        std::byte bytes[kArenaChunkBytes];
    };

    Chunk *chunkFor(std::size_t index);
    ArenaChunk *arenaChunk(std::size_t index);
    bool storeArgs(std::span<const std::byte> blob, TraceRecord &r);

    std::unique_ptr<std::atomic<Chunk *>[]> m_chunks;
    std::unique_ptr<std::atomic<ArenaChunk *>[]> m_arena;
    std::atomic<std::uint64_t> m_reserved { 0 };
    mutable std::atomic<std::uint64_t> m_published { 0 }; // a prefix known to be complete
    std::atomic<std::uint64_t> m_arenaReserved { 0 };
    bool m_recordWallTime;
    std::chrono::steady_clock::time_point m_epoch;
};

} // namespace umdfx::trace
