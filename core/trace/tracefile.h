#pragma once
// The trace file (.umdftrace, docs/trace-format.md): a header, then chunks — metadata, the
// scenario, interned strings, records with their args, the action log, marks — each with its
// length and a CRC-32 that covers its header and payload, little-endian, versioned. Format 2
// stores records column by column, delta-coded and zstd-compressed per chunk; format 1 files
// (fixed 68-byte records, headers outside the CRC) are still read. Written while the simulation
// runs; read back as hostile input.

#include "core/trace/tracestore.h"

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace umdfx::trace {

namespace tracefile {
inline constexpr char kMagic[8] = { 'U', 'M', 'D', 'F', 'T', 'R', 'C', '\x1a' };
inline constexpr std::uint16_t kVersionMajor = 2; // what the writer writes
inline constexpr std::uint16_t kVersionMinor = 0;
inline constexpr std::uint16_t kOldestMajor = 1; // the reader reads majors 1 and 2
inline constexpr std::uint32_t kHeaderBytes = 32;
inline constexpr std::uint32_t kMaxHeaderBytes = 4096; // a later minor may grow the header
inline constexpr std::uint32_t kChunkHeaderBytes = 16;
inline constexpr std::uint32_t kRecordBytesV1 = 68; // one format-1 record on disk, args apart
// A reader refuses larger chunks: the stored payload and, in format 2, its decompressed size.
inline constexpr std::uint32_t kMaxChunkPayload = 64u << 20;
inline constexpr std::uint32_t kMaxStringBytes = 1u << 20;
// What the writer puts in one Records chunk at most (format 2; a reader refuses more): bounded
// by count and by the uncompressed size, so that one chunk's memory stays small.
inline constexpr std::uint32_t kRecordsPerChunk = 65536;
inline constexpr std::uint32_t kRecordsChunkRawBytes = 16u << 20;
inline constexpr std::uint32_t kRecordsPerChunkV1 = 16384; // the format-1 writer's
inline constexpr int kZstdLevel = 3; // measured in bench_tracefile

enum class ChunkType : std::uint32_t {
    Meta = 1, // key/value pairs: producer, scenario.name, scenario.file
    Scenario = 2, // the scenario file's exact text
    Strings = 3, // interned strings, ids contiguous
    Records = 4, // records and their args
    Actions = 5, // the action log: the sequence number of each action's record and its line
    End = 6, // a clean end: the totals
    Marks = 7, // format 2: marks and notes on records, set, removed or all cleared
};
const char *chunkTypeName(std::uint32_t type);
} // namespace tracefile

// What a trace file says about itself, besides the records.
struct TraceFileInfo
{
    std::map<std::string, std::string> meta; // "producer", "scenario.name", "scenario.file", …
    std::string scenarioText;
};

// A mark a person put on a record (like a packet comment in a capture tool): the record's
// sequence number and a note, which may be empty (a mark without words).
struct TraceMark
{
    std::uint64_t seq = 0;
    std::string note;
    friend bool operator==(const TraceMark &, const TraceMark &) = default;
};

// Streams a TraceStore to a file while the simulation goes on. A thread of its own drains the
// records published so far (the store's lock-free reads) into chunks and hands them to the OS at
// least every flushInterval, so a process killed with SIGKILL leaves a file that opens with
// everything up to the last flush. close() writes the rest and the End chunk.
//
// Threads: the writer's own thread reads the store and writes the file; flush(), close() and
// error() may be called from any thread. Owns its file and thread; the store must outlive it.
class TraceFileWriter
{
public:
    TraceFileWriter(const TraceStore &store, TraceFileInfo info,
        std::chrono::milliseconds flushInterval = std::chrono::milliseconds(100));
    ~TraceFileWriter(); // close()s
    TraceFileWriter(const TraceFileWriter &) = delete;
    TraceFileWriter &operator=(const TraceFileWriter &) = delete;

    // Creates (truncates) the file and writes the header, metadata and scenario; then starts the
    // drain thread. An error message when the file cannot be written.
    std::optional<std::string> open(const std::string &path);
    // Drains and hands everything published so far to the OS, now.
    void flush();
    // Drains, writes the End chunk, closes. Returns the first error, if any ever happened.
    std::optional<std::string> close();
    std::optional<std::string> error() const;
    // A size the file should stay near: once a drain leaves it at or past `bytes`, `reached` is
    // called, once, on the thread draining (the writer's own, with the file's mutex held: it
    // must only signal, e.g. Scheduler::requestStop). The writer goes on writing what the store
    // publishes — the simulation stopping is what ends the file, a little past the limit (the
    // records of one flush interval) — so nothing recorded is lost. Set before open().
    void setSizeLimit(std::uint64_t bytes, std::function<void()> reached);
    std::uint64_t recordsWritten() const;
    std::uint64_t bytesWritten() const;

    // Marks on records of the store (TraceMark): set (a new mark, or a new note for a marked
    // record) or removed. Any thread, before or after open(); written with the next drain, after
    // the records they point at (a mark on a record the store has not published yet waits for
    // it). A mark on a sequence number the store never reaches is dropped at close().
    void setMark(std::uint64_t seq, std::string note);
    void removeMark(std::uint64_t seq);

private:
    void run();
    void drainLocked(); // with m_fileMutex
    void writeRecordsChunk(std::size_t first, std::size_t n);
    void writeMarksLocked(std::uint64_t below); // the pending marks on records below `below`
    // Compresses `raw` (format 2's compressed chunk types) and writes the chunk.
    bool writeCompressed(
        tracefile::ChunkType type, std::uint32_t count, std::span<const std::byte> raw);
    bool writeChunk(
        tracefile::ChunkType type, std::uint32_t count, std::span<const std::byte> payload);
    void fail(std::string message);

    const TraceStore &m_store;
    TraceFileInfo m_info;
    std::chrono::milliseconds m_interval;
    std::string m_path;
    std::FILE *m_file = nullptr;
    std::mutex m_fileMutex; // the file, the counters below, m_error
    std::uint64_t m_recordsWritten = 0;
    std::uint64_t m_bytesWritten = 0;
    std::size_t m_stringsWritten = 1; // ids below are in the file (0, the empty string, always)
    std::optional<std::string> m_error;
    std::uint64_t m_sizeLimit = ~std::uint64_t(0);
    std::function<void()> m_sizeLimitReached; // called once, then emptied
    std::vector<std::byte> m_buffer; // reused chunk payload, uncompressed
    std::vector<std::byte> m_compressed; // reused: m_buffer compressed
    struct Columns; // reused column buffers of a Records chunk (tracefile.cpp)
    std::unique_ptr<Columns> m_columns;
    struct Compressor; // a reused zstd context
    std::unique_ptr<Compressor> m_compressor;
    struct PendingMark
    {
        std::uint64_t seq;
        bool set; // false: removed
        std::string note;
    };
    std::mutex m_marksMutex; // m_pendingMarks: setMark() never waits for a drain
    std::vector<PendingMark> m_pendingMarks; // in the order they were made
    std::mutex m_wakeMutex;
    std::condition_variable m_wake;
    bool m_stop = false; // with m_wakeMutex
    std::thread m_thread;
};

// A trace file read back: its records in a store of their own, the scenario and the action log,
// and how complete it was.
struct TraceFile
{
    TraceFileInfo info;
    std::vector<std::pair<std::uint64_t, std::string>> actions; // (record seq, action line)
    // The marks in force at the end of what was read, in sequence order, one per record; each
    // points at a record of `store`.
    std::vector<TraceMark> marks;
    std::unique_ptr<TraceStore> store;
    bool complete = false; // the End chunk was read: the capture ended cleanly
    std::size_t chunksRead = 0;
    std::uint64_t recordsRead = 0;
    std::uint16_t versionMajor = 0;
    std::uint16_t versionMinor = 0;
    // Why reading stopped before the end, when it did: "chunk 12 at offset 0x3f00: checksum
    // mismatch". Everything before it was read.
    std::optional<std::string> damage;
    // One line for people: "trace.umdftrace: 11 chunks (45,056 records) read" with the damage
    // or "no End chunk: the capture was cut off" first when there is one.
    std::string summary(const std::string &fileName) const;
};

// Reads a trace file, treating it as hostile: every size, count, string index and checksum is
// checked before use and memory stays bounded by the file's size. A file damaged after its start
// is read up to the damage (TraceFile::damage says where and what); a file that is not a trace
// file, or whose header is damaged, is refused with a message.
std::variant<TraceFile, std::string> readTraceFile(const std::string &path);
std::variant<TraceFile, std::string> readTraceBytes(std::span<const std::byte> bytes);

// Replaces the marks of a complete, undamaged format-2 trace file with `marks` (each on a record
// of the file; sorted or not; at most one per record), never losing what the file holds: the
// file is copied up to its End chunk into a temporary file beside it, a Marks chunk that clears
// the old marks and sets these is appended, then the End chunk again; the copy is flushed to disk
// and renamed over the file. A format-1 file is rewritten as format 2 (its records read back
// and written again). A damaged or cut-off file, or a mark past the last record, is refused with
// a message and the file is left as it was.
std::optional<std::string> saveTraceMarks(
    const std::string &path, std::span<const TraceMark> marks);

// Writes a whole store as a format-1 file (the writer of format 1, kept for tests and for the
// benchmark's baseline; nothing else writes format 1 any more). An error message on failure.
std::optional<std::string> writeTraceFileV1(
    const TraceStore &store, const TraceFileInfo &info, const std::string &path);

// "45,056": thousands separated, for the messages above.
std::string withThousands(std::uint64_t n);

} // namespace umdfx::trace
