#include "core/trace/tracefile.h"

#include "core/common/boundedread.h"
#include "core/common/messagetext.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <utility>

namespace umdfx::trace {

static_assert(std::endian::native == std::endian::little,
    "the trace file is little-endian and written by memcpy of little-endian values");

namespace tracefile {
const char *chunkTypeName(std::uint32_t type)
{
    switch (static_cast<ChunkType>(type)) {
    case ChunkType::Meta:
        return "Meta";
    case ChunkType::Scenario:
        return "Scenario";
    case ChunkType::Strings:
        return "Strings";
    case ChunkType::Records:
        return "Records";
    case ChunkType::Actions:
        return "Actions";
    case ChunkType::End:
        return "End";
    case ChunkType::Marks:
        return "Marks";
    }
    return "unknown";
}
} // namespace tracefile

using namespace tracefile;

namespace {

// Ops of a Marks chunk's entries.
enum class MarkOp : std::uint8_t { ClearAll = 0, Set = 1, Remove = 2 };

std::uint32_t crc32Update(std::uint32_t crc, std::span<const std::byte> bytes)
{
    // zlib's crc32 takes a uInt length: feed large payloads in pieces.
    uLong c = crc;
    std::size_t done = 0;
    while (done < bytes.size()) {
        const std::size_t n = std::min<std::size_t>(bytes.size() - done, 1u << 30);
        c = crc32(c, reinterpret_cast<const Bytef *>(bytes.data() + done), static_cast<uInt>(n));
        done += n;
    }
    return static_cast<std::uint32_t>(c);
}

std::uint32_t crc32Of(std::span<const std::byte> bytes)
{
    return crc32Update(static_cast<std::uint32_t>(crc32(0L, Z_NULL, 0)), bytes);
}

// Format 2's chunk checksum: the chunk's offset in the file, its header's type, size and count,
// then its payload. The offset makes a chunk copied, moved or left out somewhere else fail.
std::uint32_t chunkCrcV2(
    std::uint64_t offset, const std::uint32_t (&head)[3], std::span<const std::byte> payload)
{
    std::uint32_t crc = crc32Of(std::as_bytes(std::span(&offset, 1)));
    crc = crc32Update(crc, std::as_bytes(std::span(head)));
    return crc32Update(crc, payload);
}

// Format 2's header checksum: bytes 0–27 and whatever a later minor version adds after byte 32.
std::uint32_t headerCrcV2(std::span<const std::byte> header)
{
    // The writer passes the first 28 bytes alone (the CRC goes after them).
    const std::uint32_t crc = crc32Of(header.first(28));
    return header.size() > kHeaderBytes ? crc32Update(crc, header.subspan(kHeaderBytes)) : crc;
}

std::array<std::byte, kChunkHeaderBytes> chunkHeaderV2(
    std::uint64_t offset, ChunkType type, std::uint32_t count, std::span<const std::byte> payload)
{
    const std::uint32_t head[3]
        = { static_cast<std::uint32_t>(type), static_cast<std::uint32_t>(payload.size()), count };
    const std::uint32_t crc = chunkCrcV2(offset, head, payload);
    std::array<std::byte, kChunkHeaderBytes> out;
    std::memcpy(out.data(), head, sizeof head);
    std::memcpy(out.data() + 12, &crc, 4);
    return out;
}

bool compressedType(std::uint32_t type)
{
    switch (static_cast<ChunkType>(type)) {
    case ChunkType::Meta:
    case ChunkType::Scenario:
    case ChunkType::Strings:
    case ChunkType::Records:
    case ChunkType::Actions:
    case ChunkType::Marks:
        return true;
    case ChunkType::End:
        return false;
    }
    return false;
}

template<class T> void put(std::vector<std::byte> &out, T v)
{
    const auto at = out.size();
    out.resize(at + sizeof(T));
    std::memcpy(out.data() + at, &v, sizeof(T));
}

void putBytes(std::vector<std::byte> &out, const void *p, std::size_t n)
{
    const auto at = out.size();
    out.resize(at + n);
    if (n)
        std::memcpy(out.data() + at, p, n);
}

void putString(std::vector<std::byte> &out, std::string_view s)
{
    put<std::uint32_t>(out, static_cast<std::uint32_t>(s.size()));
    putBytes(out, s.data(), s.size());
}

std::string hex(std::uint64_t v)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

std::uint64_t zigzag64(std::uint64_t delta)
{
    return (delta << 1) ^ (0 - (delta >> 63));
}
std::uint64_t unzigzag64(std::uint64_t z)
{
    return (z >> 1) ^ (0 - (z & 1));
}
std::uint32_t zigzag32(std::uint32_t delta)
{
    return (delta << 1) ^ (0u - (delta >> 31));
}
std::uint32_t unzigzag32(std::uint32_t z)
{
    return (z >> 1) ^ (0u - (z & 1));
}

// A column of LEB128 varints, written through a raw pointer into storage sized for the worst case
// up front (the writer's hot loop; push_back per byte costs several times more).
class VarintColumn
{
public:
    void start(std::size_t values)
    {
        m_bytes.resize(values * 10);
        m_end = m_bytes.data();
    }
    void add(std::uint64_t v)
    {
        while (v >= 0x80) {
            *m_end++ = static_cast<std::uint8_t>(v | 0x80);
            v >>= 7;
        }
        *m_end++ = static_cast<std::uint8_t>(v);
    }
    void addByte(std::uint8_t b) { *m_end++ = b; }
    std::span<const std::byte> bytes() const
    {
        return std::as_bytes(
            std::span(m_bytes.data(), static_cast<std::size_t>(m_end - m_bytes.data())));
    }

private:
    std::vector<std::uint8_t> m_bytes;
    std::uint8_t *m_end = nullptr;
};

} // namespace

std::string withThousands(std::uint64_t n)
{
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

// ---- writer -------------------------------------------------------------------------------------

// The columns of one Records chunk (docs/trace-format.md "Records"), kept between chunks so that
// their storage is reused.
struct TraceFileWriter::Columns
{
    VarintColumn kinds, time, wall, ids[6], object, hr, call, request, argsSize;
};

struct TraceFileWriter::Compressor
{
    Compressor()
        : cctx(ZSTD_createCCtx())
    { }
    ~Compressor() { ZSTD_freeCCtx(cctx); }
    Compressor(const Compressor &) = delete;
    Compressor &operator=(const Compressor &) = delete;
    ZSTD_CCtx *cctx;
};

TraceFileWriter::TraceFileWriter(
    const TraceStore &store, TraceFileInfo info, std::chrono::milliseconds flushInterval)
    : m_store(store)
    , m_info(std::move(info))
    , m_interval(flushInterval)
    , m_columns(std::make_unique<Columns>())
    , m_compressor(std::make_unique<Compressor>())
{ }

TraceFileWriter::~TraceFileWriter()
{
    close();
}

std::optional<std::string> TraceFileWriter::open(const std::string &path)
{
    std::lock_guard lock(m_fileMutex);
    m_path = path;
    if (!m_compressor->cctx)
        return m_error = path + ": cannot create a zstd compression context";
    m_file = std::fopen(path.c_str(), "wb");
    if (!m_file)
        return m_error = path + ": cannot create the trace file: " + std::strerror(errno);
    std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);

    std::vector<std::byte> header;
    putBytes(header, kMagic, sizeof kMagic);
    put<std::uint16_t>(header, kVersionMajor);
    put<std::uint16_t>(header, kVersionMinor);
    put<std::uint32_t>(header, kHeaderBytes);
    put<std::uint64_t>(header,
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::system_clock::now().time_since_epoch())
                                       .count()));
    put<std::uint32_t>(header, m_store.recordsWallTime() ? 1u : 0u); // flags: bit 0 wall time
    put<std::uint32_t>(header, headerCrcV2(header));
    if (std::fwrite(header.data(), 1, header.size(), m_file) != header.size()) {
        fail(path + ": cannot write: " + std::strerror(errno));
        return m_error;
    }
    m_bytesWritten = header.size();

    std::vector<std::byte> meta;
    for (const auto &[k, v] : m_info.meta) {
        putString(meta, k);
        putString(meta, v);
    }
    writeCompressed(ChunkType::Meta, static_cast<std::uint32_t>(m_info.meta.size()), meta);
    writeCompressed(ChunkType::Scenario, 1,
        std::as_bytes(std::span(m_info.scenarioText.data(), m_info.scenarioText.size())));
    if (std::fflush(m_file) != 0)
        fail(path + ": cannot write: " + std::strerror(errno));
    if (m_error)
        return m_error;
    m_thread = std::thread([this] { run(); });
    return std::nullopt;
}

void TraceFileWriter::run()
{
    std::unique_lock wake(m_wakeMutex);
    while (!m_stop) {
        m_wake.wait_for(wake, m_interval, [this] { return m_stop; });
        if (m_stop)
            break;
        wake.unlock();
        flush();
        wake.lock();
    }
}

void TraceFileWriter::flush()
{
    std::lock_guard lock(m_fileMutex);
    if (!m_file || m_error)
        return;
    drainLocked();
    if (!m_error && std::fflush(m_file) != 0)
        fail(m_path + ": cannot write: " + std::strerror(errno));
}

void TraceFileWriter::drainLocked()
{
    // Records first, strings after: a string a published record uses was interned before the
    // record was appended, so the count read afterwards covers every id of these records.
    const std::size_t published = m_store.size();
    const std::size_t strings = internedCount();
    const StrId textKey = intern("text");

    if (strings > m_stringsWritten) {
        // Strings chunks of at most ~16 MiB each.
        std::size_t first = m_stringsWritten;
        while (first < strings && !m_error) {
            m_buffer.clear();
            put<std::uint32_t>(m_buffer, static_cast<std::uint32_t>(first));
            std::size_t id = first;
            for (; id < strings && m_buffer.size() < (16u << 20); ++id) {
                const std::string_view s = str(static_cast<StrId>(id));
                putString(m_buffer, s.substr(0, kMaxStringBytes));
            }
            writeCompressed(ChunkType::Strings, static_cast<std::uint32_t>(id - first), m_buffer);
            first = id;
        }
        m_stringsWritten = strings;
    }

    const std::size_t firstNew = m_recordsWritten;
    while (m_recordsWritten < published && !m_error) {
        // At most kRecordsPerChunk records and kRecordsChunkRawBytes uncompressed per chunk (a
        // record's columns take at most 80 bytes, its args at most 64 KiB).
        const std::size_t first = m_recordsWritten;
        std::size_t n = 0, argsBytes = 0;
        while (first + n < published && n < kRecordsPerChunk
            && argsBytes < kRecordsChunkRawBytes - (1u << 20) - n * 80) {
            argsBytes += m_store.args(m_store.at(first + n)).blob().size();
            ++n;
        }
        writeRecordsChunk(first, n);
        if (m_error)
            break;
        m_recordsWritten = first + n;
    }

    // The action log of the records just written: each action's record and its line, for replay.
    // After the records, so that every action points at a record the file already holds.
    m_buffer.clear();
    std::uint32_t actions = 0;
    for (std::size_t i = firstNew; i < m_recordsWritten; ++i) {
        const TraceRecord &r = m_store.at(i);
        if (r.kind != Kind::Action)
            continue;
        ArgValue text;
        if (!m_store.args(r).find(textKey, text))
            continue;
        put<std::uint64_t>(m_buffer, r.seq);
        putString(m_buffer, text.text);
        ++actions;
    }
    if (actions)
        writeCompressed(ChunkType::Actions, actions, m_buffer);
    writeMarksLocked(m_recordsWritten);

    if (m_bytesWritten >= m_sizeLimit && m_sizeLimitReached)
        std::exchange(m_sizeLimitReached, nullptr)();
}

void TraceFileWriter::writeRecordsChunk(std::size_t first, std::size_t n)
{
    // Columns (docs/trace-format.md "Records"): values that repeat with the period of the
    // simulated traffic sit next to one another, which is what makes zstd's matches long.
    Columns &c = *m_columns;
    const bool wall = m_store.recordsWallTime();
    c.kinds.start(n);
    c.time.start(n);
    c.wall.start(wall ? n : 0);
    for (auto &col : c.ids)
        col.start(n);
    c.object.start(n);
    c.hr.start(n);
    c.call.start(n);
    c.request.start(n);
    c.argsSize.start(n);
    std::uint64_t prevT = 0, prevWall = 0;
    std::uint32_t prevCall = 0, prevRequest = 0;
    std::size_t argsBytes = 0;
    for (std::size_t i = first; i < first + n; ++i) {
        const TraceRecord &r = m_store.at(i);
        c.kinds.addByte(static_cast<std::uint8_t>(static_cast<std::uint8_t>(r.kind)
            | (static_cast<std::uint8_t>(r.phase) << 4) | (r.hasHr ? 0x40 : 0)));
        const auto t = static_cast<std::uint64_t>(r.tNs);
        c.time.add(zigzag64(t - prevT));
        prevT = t;
        if (wall) {
            const std::uint64_t w = m_store.wallNs(r);
            c.wall.add(zigzag64(w - prevWall));
            prevWall = w;
        }
        c.ids[0].add(r.thread);
        c.ids[1].add(r.from);
        c.ids[2].add(r.to);
        c.ids[3].add(r.device);
        c.ids[4].add(r.iface);
        c.ids[5].add(r.method);
        c.object.add(r.object);
        if (r.hasHr)
            c.hr.add(r.hr);
        c.call.add(zigzag32(r.call - prevCall));
        prevCall = r.call;
        c.request.add(zigzag32(r.request - prevRequest));
        prevRequest = r.request;
        const std::size_t size = m_store.args(r).blob().size();
        c.argsSize.add(size);
        argsBytes += size;
    }
    m_buffer.clear();
    put<std::uint64_t>(m_buffer, first);
    for (const VarintColumn *col : { &c.kinds, &c.time, &c.wall, &c.ids[0], &c.ids[1], &c.ids[2],
             &c.ids[3], &c.ids[4], &c.ids[5], &c.object, &c.hr, &c.call, &c.request, &c.argsSize })
        putBytes(m_buffer, col->bytes().data(), col->bytes().size());
    std::size_t at = m_buffer.size();
    m_buffer.resize(at + argsBytes);
    for (std::size_t i = first; i < first + n; ++i) {
        const std::span<const std::byte> blob = m_store.args(m_store.at(i)).blob();
        if (!blob.empty())
            std::memcpy(m_buffer.data() + at, blob.data(), blob.size());
        at += blob.size();
    }
    writeCompressed(ChunkType::Records, static_cast<std::uint32_t>(n), m_buffer);
}

void TraceFileWriter::writeMarksLocked(std::uint64_t below)
{
    std::vector<PendingMark> ready;
    {
        std::lock_guard marks(m_marksMutex);
        if (m_pendingMarks.empty())
            return;
        // In the order they were made: a set then a remove of one record must stay in order.
        std::vector<PendingMark> waiting;
        for (auto &m : m_pendingMarks)
            (m.seq < below ? ready : waiting).push_back(std::move(m));
        m_pendingMarks = std::move(waiting);
    }
    if (ready.empty())
        return;
    m_buffer.clear();
    for (const PendingMark &m : ready) {
        put<std::uint8_t>(
            m_buffer, static_cast<std::uint8_t>(m.set ? MarkOp::Set : MarkOp::Remove));
        put<std::uint64_t>(m_buffer, m.seq);
        if (m.set)
            putString(m_buffer, std::string_view(m.note).substr(0, kMaxStringBytes));
    }
    writeCompressed(ChunkType::Marks, static_cast<std::uint32_t>(ready.size()), m_buffer);
}

void TraceFileWriter::setMark(std::uint64_t seq, std::string note)
{
    std::lock_guard lock(m_marksMutex);
    m_pendingMarks.push_back({ seq, true, std::move(note) });
}

void TraceFileWriter::removeMark(std::uint64_t seq)
{
    std::lock_guard lock(m_marksMutex);
    m_pendingMarks.push_back({ seq, false, {} });
}

void TraceFileWriter::setSizeLimit(std::uint64_t bytes, std::function<void()> reached)
{
    std::lock_guard lock(m_fileMutex);
    m_sizeLimit = bytes;
    m_sizeLimitReached = std::move(reached);
}

bool TraceFileWriter::writeCompressed(
    ChunkType type, std::uint32_t count, std::span<const std::byte> raw)
{
    if (!m_file || m_error)
        return false;
    m_compressed.resize(ZSTD_compressBound(raw.size()));
    const std::size_t n = ZSTD_compressCCtx(m_compressor->cctx, m_compressed.data(),
        m_compressed.size(), raw.data(), raw.size(), kZstdLevel);
    if (ZSTD_isError(n)) {
        fail(m_path + ": cannot compress a " + chunkTypeName(static_cast<std::uint32_t>(type))
            + " chunk: " + ZSTD_getErrorName(n));
        return false;
    }
    return writeChunk(type, count, std::span(m_compressed).first(n));
}

bool TraceFileWriter::writeChunk(
    ChunkType type, std::uint32_t count, std::span<const std::byte> payload)
{
    if (!m_file || m_error)
        return false;
    const auto header = chunkHeaderV2(m_bytesWritten, type, count, payload);
    if (std::fwrite(header.data(), 1, header.size(), m_file) != header.size()
        || (!payload.empty()
            && std::fwrite(payload.data(), 1, payload.size(), m_file) != payload.size())) {
        fail(m_path + ": cannot write: " + std::strerror(errno));
        return false;
    }
    m_bytesWritten += header.size() + payload.size();
    return true;
}

std::optional<std::string> TraceFileWriter::close()
{
    {
        std::lock_guard wake(m_wakeMutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    std::lock_guard lock(m_fileMutex);
    if (m_file) {
        drainLocked();
        {
            // Marks on records the store never published have nothing to point at.
            std::lock_guard marks(m_marksMutex);
            m_pendingMarks.clear();
        }
        std::vector<std::byte> end;
        put<std::uint64_t>(end, m_recordsWritten);
        put<std::uint64_t>(end, m_store.droppedRecords());
        writeChunk(ChunkType::End, 0, end);
        if (std::fclose(m_file) != 0 && !m_error)
            m_error = m_path + ": cannot write: " + std::strerror(errno);
        m_file = nullptr;
    }
    return m_error;
}

void TraceFileWriter::fail(std::string message)
{
    if (!m_error)
        m_error = std::move(message);
}

std::optional<std::string> TraceFileWriter::error() const
{
    std::lock_guard lock(const_cast<std::mutex &>(m_fileMutex));
    return m_error;
}

std::uint64_t TraceFileWriter::recordsWritten() const
{
    std::lock_guard lock(const_cast<std::mutex &>(m_fileMutex));
    return m_recordsWritten;
}

std::uint64_t TraceFileWriter::bytesWritten() const
{
    std::lock_guard lock(const_cast<std::mutex &>(m_fileMutex));
    return m_bytesWritten;
}

// ---- reader -------------------------------------------------------------------------------------

namespace {

// A bounds-checked cursor over one chunk's payload. Every read says whether it fit.
class Cursor
{
public:
    explicit Cursor(std::span<const std::byte> bytes)
        : m_bytes(bytes)
    { }
    template<class T> bool get(T &v)
    {
        if (sizeof(T) > remaining())
            return false;
        std::memcpy(&v, m_bytes.data() + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return true;
    }
    bool bytes(std::size_t n, std::span<const std::byte> &out)
    {
        if (n > remaining())
            return false;
        out = m_bytes.subspan(m_pos, n);
        m_pos += n;
        return true;
    }
    bool string(std::string &out, std::uint32_t max = kMaxStringBytes)
    {
        std::uint32_t n = 0;
        std::span<const std::byte> b;
        if (!get(n) || n > max || !bytes(n, b))
            return false;
        out.assign(reinterpret_cast<const char *>(b.data()), b.size());
        return true;
    }
    // A LEB128 varint of at most `bits` bits in its shortest form (a longer one, or one past
    // the end, is damage: the writer never makes one).
    bool varint(std::uint64_t &out, unsigned bits = 64)
    {
        std::uint64_t v = 0;
        unsigned shift = 0;
        const std::size_t start = m_pos;
        while (m_pos < m_bytes.size()) {
            const auto b = static_cast<std::uint8_t>(m_bytes[m_pos++]);
            if (shift == 63 && b > 1)
                return false;
            v |= std::uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) {
                if (b == 0 && m_pos - start > 1)
                    return false; // overlong
                out = v;
                return bits == 64 || v < (std::uint64_t(1) << bits);
            }
            shift += 7;
            if (shift > 63)
                return false;
        }
        return false;
    }
    bool varint32(std::uint32_t &out)
    {
        std::uint64_t v = 0;
        if (!varint(v, 32))
            return false;
        out = static_cast<std::uint32_t>(v);
        return true;
    }
    std::size_t remaining() const { return m_bytes.size() - m_pos; }
    std::size_t position() const { return m_pos; }

private:
    std::span<const std::byte> m_bytes;
    std::size_t m_pos = 0;
};

struct ChunkError
{
    std::string message;
};

std::optional<ChunkError> trailing(const Cursor &c, const char *after)
{
    if (c.remaining() == 0)
        return std::nullopt;
    return ChunkError { withThousands(c.remaining()) + " bytes after " + after
        + " (the count and the payload disagree)" };
}

// Appends an args blob to `out`, rewriting its keys from file ids to this process's ids and
// checking its structure entry by entry. False for a malformed blob or an unknown key id.
bool remapArgs(
    std::span<const std::byte> blob, const std::vector<StrId> &ids, std::vector<std::byte> &out)
{
    // Appended: the caller collects a chunk's blobs in one buffer.
    std::size_t pos = out.size();
    out.insert(out.end(), blob.begin(), blob.end());
    const auto need = [&](std::size_t n) { return n <= out.size() - pos; };
    while (pos < out.size()) {
        if (!need(5))
            return false;
        std::uint32_t key = 0;
        std::memcpy(&key, out.data() + pos, 4);
        const auto type = static_cast<ArgType>(out[pos + 4]);
        if (key >= ids.size())
            return false;
        const StrId local = ids[key];
        std::memcpy(out.data() + pos, &local, 4);
        pos += 5;
        std::size_t payload = 0;
        switch (type) {
        case ArgType::U64:
        case ArgType::I64:
            payload = 8;
            break;
        case ArgType::Hex32:
        case ArgType::ObjectRef:
            payload = 4;
            break;
        case ArgType::Bool:
            payload = 1;
            break;
        case ArgType::Guid:
            payload = 16;
            break;
        case ArgType::Dropped:
            payload = 2;
            break;
        case ArgType::String:
        case ArgType::Bytes: {
            if (!need(6))
                return false;
            std::uint32_t full = 0;
            std::uint16_t kept = 0;
            std::memcpy(&full, out.data() + pos, 4);
            std::memcpy(&kept, out.data() + pos + 4, 2);
            if (kept > full)
                return false;
            payload = 6 + std::size_t(kept);
            break;
        }
        default:
            return false;
        }
        if (!need(payload))
            return false;
        pos += payload;
    }
    return true;
}

struct PendingRecord
{
    RecordFields fields;
    std::uint64_t wallNs = 0;
    std::uint32_t argsOffset = 0;
    std::uint16_t argsSize = 0;
};

class Reader
{
public:
    using ReadAt = std::function<bool(std::uint64_t offset, void *dst, std::size_t n)>;

    Reader(std::uint64_t size, ReadAt readAt)
        : m_size(size)
        , m_readAt(std::move(readAt))
    { }
    Reader(const Reader &) = delete;
    Reader &operator=(const Reader &) = delete;

    // The offset of the End chunk of the file read last (saveTraceMarks copies up to it).
    std::uint64_t endChunkOffset() const { return m_endOffset; }

    std::variant<TraceFile, std::string> read()
    {
        std::byte header[kMaxHeaderBytes];
        if (m_size < kHeaderBytes || !m_readAt(0, header, kHeaderBytes))
            return std::string("not a trace file: it is shorter than the 32-byte header");
        if (std::memcmp(header, kMagic, sizeof kMagic) != 0)
            return std::string("not a trace file: no UMDFTRC signature at its start");
        std::uint16_t major = 0, minor = 0;
        std::uint32_t headerBytes = 0, flags = 0;
        std::memcpy(&major, header + 8, 2);
        std::memcpy(&minor, header + 10, 2);
        std::memcpy(&headerBytes, header + 12, 4);
        std::memcpy(&flags, header + 24, 4);
        if (major < kOldestMajor || major > kVersionMajor)
            return "trace file version " + std::to_string(major) + "." + std::to_string(minor)
                + ": this program reads versions " + std::to_string(kOldestMajor) + ".x to "
                + std::to_string(kVersionMajor) + ".x";
        if (headerBytes < kHeaderBytes || headerBytes > m_size)
            return "damaged header: it claims " + std::to_string(headerBytes) + " bytes";
        m_v2 = major >= 2;
        if (m_v2) {
            // Every byte of the header is checked: its fields are behind its own CRC.
            if (headerBytes > kMaxHeaderBytes)
                return "damaged header: it claims " + std::to_string(headerBytes) + " bytes";
            if (headerBytes > kHeaderBytes
                && !m_readAt(kHeaderBytes, header + kHeaderBytes, headerBytes - kHeaderBytes))
                return std::string("damaged header: read error");
            std::uint32_t crc = 0;
            std::memcpy(&crc, header + 28, 4);
            if (headerCrcV2(std::span<const std::byte>(header, headerBytes)) != crc)
                return std::string("damaged header: checksum mismatch");
            // One context per thread, kept: making one costs more than a small file's reading.
            static thread_local std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx *)> context(
                ZSTD_createDCtx(), &ZSTD_freeDCtx);
            m_dctx = context.get();
            if (!m_dctx)
                return std::string("cannot create a zstd decompression context");
        }
        m_file.versionMajor = major;
        m_file.versionMinor = minor;
        m_hasWall = (flags & 1u) != 0;
        m_file.store = std::make_unique<TraceStore>(TraceStore::Loaded { m_hasWall });
        m_ids.push_back(0); // the empty string

        std::uint64_t offset = headerBytes;
        std::size_t index = 0;
        while (offset < m_size) {
            const std::string where
                = "chunk " + std::to_string(index) + " at offset " + hex(offset);
            if (m_file.complete) {
                m_file.damage = where + ": " + withThousands(m_size - offset)
                    + " bytes after the End chunk (ignored)";
                break;
            }
            if (m_size - offset < kChunkHeaderBytes) {
                m_file.damage = where + ": truncated chunk header ("
                    + std::to_string(m_size - offset) + " bytes)";
                break;
            }
            std::uint32_t h[4];
            if (!m_readAt(offset, h, sizeof h)) {
                m_file.damage = where + ": read error";
                break;
            }
            // Format 1: type, size, CRC of the payload, count. Format 2: type, size, count, CRC
            // of the offset, these three fields and the payload.
            const std::uint32_t type = h[0], length = h[1];
            const std::uint32_t count = m_v2 ? h[2] : h[3], crc = m_v2 ? h[3] : h[2];
            if (length > kMaxChunkPayload) {
                m_file.damage = where + ": " + withArticle(chunkTypeName(type)) + " chunk of "
                    + withThousands(length) + " bytes is larger than a chunk may be (64 MiB)";
                break;
            }
            if (length > m_size - offset - kChunkHeaderBytes) {
                m_file.damage = where + ": truncated: the chunk claims " + withThousands(length)
                    + " bytes, " + withThousands(m_size - offset - kChunkHeaderBytes) + " remain";
                break;
            }
            m_payload.resize(length);
            if (length && !m_readAt(offset + kChunkHeaderBytes, m_payload.data(), length)) {
                m_file.damage = where + ": read error";
                break;
            }
            const std::uint32_t head[3] = { type, length, count };
            if ((m_v2 ? chunkCrcV2(offset, head, m_payload) : crc32Of(m_payload)) != crc) {
                m_file.damage = where + ": checksum mismatch";
                break;
            }
            if (auto err = parse(type, count)) {
                m_file.damage = where + ": " + chunkTypeName(type) + " chunk: " + err->message;
                break;
            }
            if (type == static_cast<std::uint32_t>(ChunkType::End))
                m_endOffset = offset;
            offset += kChunkHeaderBytes + length;
            ++index;
            m_file.chunksRead = index;
        }
        m_file.recordsRead = m_file.store->size();
        m_file.marks.reserve(m_marks.size());
        for (auto &[seq, note] : m_marks)
            m_file.marks.push_back({ seq, std::move(note) });
        return std::move(m_file);
    }

private:
    // Format 2: the payload of a compressed chunk type is one zstd frame that records its
    // decompressed size, which must be within the chunk limit; nothing may follow the frame.
    std::optional<ChunkError> decompress()
    {
        const unsigned long long size
            = ZSTD_getFrameContentSize(m_payload.data(), m_payload.size());
        if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
            return ChunkError { "the payload is not a zstd frame that states its size" };
        if (size > kMaxChunkPayload)
            return ChunkError { "it decompresses to " + withThousands(size)
                + " bytes, more than a chunk may hold (64 MiB)" };
        const std::size_t frame = ZSTD_findFrameCompressedSize(m_payload.data(), m_payload.size());
        if (ZSTD_isError(frame))
            return ChunkError { std::string("damaged compressed data (") + ZSTD_getErrorName(frame)
                + ")" };
        if (frame != m_payload.size())
            return ChunkError { withThousands(m_payload.size() - frame)
                + " bytes after the compressed data" };
        m_raw.resize(size);
        const std::size_t got = ZSTD_decompressDCtx(
            m_dctx, m_raw.data(), m_raw.size(), m_payload.data(), m_payload.size());
        if (ZSTD_isError(got) || got != size)
            return ChunkError { std::string("damaged compressed data (")
                + (ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short") + ")" };
        return std::nullopt;
    }

    std::optional<ChunkError> parse(std::uint32_t type, std::uint32_t count)
    {
        std::span<const std::byte> body = m_payload;
        if (m_v2 && compressedType(type)) {
            if (auto err = decompress())
                return err;
            body = m_raw;
        }
        Cursor c(body);
        switch (static_cast<ChunkType>(type)) {
        case ChunkType::Meta:
            for (std::uint32_t i = 0; i < count; ++i) {
                std::string k, v;
                if (!c.string(k) || !c.string(v))
                    return ChunkError { "entry " + std::to_string(i) + " runs past the chunk" };
                m_file.info.meta[k] = v;
            }
            return trailing(c, "the last entry");
        case ChunkType::Scenario:
            if (m_v2 && count != 1)
                return ChunkError { "its count is " + std::to_string(count) + ", not 1" };
            m_file.info.scenarioText.assign(
                reinterpret_cast<const char *>(body.data()), body.size());
            return std::nullopt;
        case ChunkType::Strings: {
            std::uint32_t first = 0;
            if (!c.get(first))
                return ChunkError { "no first id" };
            if (first != m_ids.size())
                return ChunkError { "strings from id " + std::to_string(first) + ", but "
                    + std::to_string(m_ids.size()) + " are defined: ids must be contiguous" };
            std::vector<StrId> added;
            for (std::uint32_t i = 0; i < count; ++i) {
                std::string s;
                if (!c.string(s))
                    return ChunkError { "string " + std::to_string(first + i)
                        + " runs past the chunk" };
                added.push_back(intern(s));
            }
            if (auto err = trailing(c, "the last string"))
                return err;
            m_ids.insert(m_ids.end(), added.begin(), added.end());
            return std::nullopt;
        }
        case ChunkType::Actions: {
            std::vector<std::pair<std::uint64_t, std::string>> actions;
            std::uint64_t previous = m_file.actions.empty() ? 0 : m_file.actions.back().first;
            for (std::uint32_t i = 0; i < count; ++i) {
                std::uint64_t seq = 0;
                std::string line;
                if (!c.get(seq) || !c.string(line))
                    return ChunkError { "action " + std::to_string(i) + " runs past the chunk" };
                // Format 2 writes an action after its record, in order.
                if (m_v2 && seq >= m_file.store->size())
                    return ChunkError { "action " + std::to_string(i) + " points at record #"
                        + withThousands(seq) + ", which is not in the file" };
                if (m_v2 && (i > 0 || !m_file.actions.empty()) && seq <= previous)
                    return ChunkError { "action " + std::to_string(i) + " is out of order (record #"
                        + withThousands(seq) + ")" };
                previous = seq;
                actions.emplace_back(seq, std::move(line));
            }
            if (auto err = trailing(c, "the last action"))
                return err;
            m_file.actions.insert(m_file.actions.end(), actions.begin(), actions.end());
            return std::nullopt;
        }
        case ChunkType::Records:
            return m_v2 ? parseRecordsV2(c, count) : parseRecordsV1(c, count);
        case ChunkType::Marks:
            if (!m_v2)
                return std::nullopt; // no such type in format 1: skipped, like any unknown type
            return parseMarks(c, count);
        case ChunkType::End: {
            if (m_v2 && count != 0)
                return ChunkError { "its count is " + std::to_string(count) + ", not 0" };
            std::uint64_t total = 0, dropped = 0;
            if (!c.get(total) || !c.get(dropped))
                return ChunkError { "the totals are missing" };
            if (auto err = trailing(c, "the totals"))
                return err;
            if (total != m_file.store->size())
                return ChunkError { "it counts " + withThousands(total)
                    + " records, the file holds " + withThousands(m_file.store->size()) };
            m_file.complete = true;
            return std::nullopt;
        }
        }
        return std::nullopt; // a chunk type of a later version: skipped, its checksum held
    }

    std::optional<ChunkError> parseMarks(Cursor &c, std::uint32_t count)
    {
        // Applied to a copy: a damaged chunk changes nothing.
        std::map<std::uint64_t, std::string> marks = m_marks;
        for (std::uint32_t i = 0; i < count; ++i) {
            const auto which = [&] { return "entry " + std::to_string(i); };
            std::uint8_t op = 0;
            if (!c.get(op))
                return ChunkError { which() + " runs past the chunk" };
            if (op == static_cast<std::uint8_t>(MarkOp::ClearAll)) {
                marks.clear();
                continue;
            }
            if (op != static_cast<std::uint8_t>(MarkOp::Set)
                && op != static_cast<std::uint8_t>(MarkOp::Remove))
                return ChunkError { which() + ": unknown operation " + std::to_string(op) };
            std::uint64_t seq = 0;
            if (!c.get(seq))
                return ChunkError { which() + " runs past the chunk" };
            if (seq >= m_file.store->size())
                return ChunkError { which() + ": a mark on record #" + withThousands(seq)
                    + ", which is not in the file" };
            if (op == static_cast<std::uint8_t>(MarkOp::Remove)) {
                marks.erase(seq);
                continue;
            }
            std::string note;
            if (!c.string(note))
                return ChunkError { which() + " runs past the chunk" };
            marks[seq] = std::move(note);
        }
        if (auto err = trailing(c, "the last entry"))
            return err;
        m_marks = std::move(marks);
        return std::nullopt;
    }

    // Checks and stores a chunk's decoded records: ids, kinds, phases, flags and args, all
    // before any is stored, so that a damaged chunk adds nothing.
    std::optional<ChunkError> storeRecords(
        std::uint64_t first, std::span<const std::byte> args, std::span<const std::uint32_t> rawIds)
    {
        const std::size_t count = m_pending.size();
        for (std::size_t i = 0; i < count; ++i) {
            for (std::size_t s = 0; s < 6; ++s)
                if (rawIds[i * 6 + s] >= m_ids.size())
                    return ChunkError { "record #" + withThousands(first + i) + ": string id "
                        + std::to_string(rawIds[i * 6 + s]) + " was never defined" };
            RecordFields &f = m_pending[i].fields;
            f.thread = m_ids[rawIds[i * 6 + 0]];
            f.from = m_ids[rawIds[i * 6 + 1]];
            f.to = m_ids[rawIds[i * 6 + 2]];
            f.device = m_ids[rawIds[i * 6 + 3]];
            f.iface = m_ids[rawIds[i * 6 + 4]];
            f.method = m_ids[rawIds[i * 6 + 5]];
        }
        // The remapped blobs go into one buffer, each record keeping its offset into it.
        m_remapped.clear();
        m_at.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            const PendingRecord &p = m_pending[i];
            if (std::uint64_t(p.argsOffset) + p.argsSize > args.size())
                return ChunkError { "record #" + withThousands(first + i)
                    + ": its args lie outside the args area" };
            m_at[i] = m_remapped.size();
            if (p.argsSize && !remapArgs(args.subspan(p.argsOffset, p.argsSize), m_ids, m_remapped))
                return ChunkError { "record #" + withThousands(first + i)
                    + ": damaged args (a bad type, length or string id)" };
        }
        for (std::size_t i = 0; i < count; ++i)
            m_file.store->appendLoaded(m_pending[i].fields,
                std::span(m_remapped).subspan(m_at[i], m_pending[i].argsSize), m_pending[i].wallNs);
        return std::nullopt;
    }

    std::optional<ChunkError> checkFirst(Cursor &c, std::uint32_t count, std::uint64_t &first)
    {
        if (!c.get(first))
            return ChunkError { "no first sequence number" };
        const std::uint64_t have = m_file.store->size();
        if (first != have)
            return ChunkError { "records from #" + withThousands(first) + ", but "
                + withThousands(have) + " were read before: records must be contiguous" };
        if (have + count > TraceStore::kMaxRecords)
            return ChunkError { "more records than a trace may hold" };
        return std::nullopt;
    }

    std::optional<ChunkError> parseRecordsV2(Cursor &c, std::uint32_t count)
    {
        std::uint64_t first = 0;
        if (auto err = checkFirst(c, count, first))
            return err;
        if (count > kRecordsPerChunk)
            return ChunkError { withThousands(count) + " records: a chunk holds at most "
                + withThousands(kRecordsPerChunk) };
        // Each record takes at least 12 bytes of columns (flags, time, six string ids, object,
        // call, request, args size; a result only with has-hr, wall time only with the header's
        // flag): a count the payload cannot hold is refused before anything is allocated for it.
        if (std::uint64_t(count) * 12 > c.remaining())
            return ChunkError { withThousands(count) + " records do not fit in the chunk" };
        m_pending.assign(count, PendingRecord {});
        m_rawIds.resize(std::size_t(count) * 6);
        const auto bad = [&](const char *column, std::uint32_t i) {
            return ChunkError { "record #" + withThousands(first + i) + ": damaged " + column
                + " column" };
        };
        for (std::uint32_t i = 0; i < count; ++i) {
            std::uint8_t k = 0;
            c.get(k);
            const std::uint8_t kind = k & 0x0f, phase = (k >> 4) & 3;
            if (kind > static_cast<std::uint8_t>(Kind::Log))
                return ChunkError { "record #" + withThousands(first + i) + ": unknown kind "
                    + std::to_string(kind) };
            if (phase > static_cast<std::uint8_t>(Phase::Event))
                return ChunkError { "record #" + withThousands(first + i) + ": unknown phase "
                    + std::to_string(phase) };
            if (k & 0x80)
                return ChunkError { "record #" + withThousands(first + i) + ": damaged flags" };
            RecordFields &f = m_pending[i].fields;
            f.kind = static_cast<Kind>(kind);
            f.phase = static_cast<Phase>(phase);
            f.hasHr = (k & 0x40) != 0;
        }
        std::uint64_t t = 0;
        for (std::uint32_t i = 0; i < count; ++i) {
            std::uint64_t z = 0;
            if (!c.varint(z))
                return bad("time", i);
            t += unzigzag64(z);
            m_pending[i].fields.tNs = static_cast<std::int64_t>(t);
        }
        if (m_hasWall) {
            std::uint64_t w = 0;
            for (std::uint32_t i = 0; i < count; ++i) {
                std::uint64_t z = 0;
                if (!c.varint(z))
                    return bad("wall time", i);
                w += unzigzag64(z);
                m_pending[i].wallNs = w;
            }
        }
        for (std::uint32_t s = 0; s < 6; ++s)
            for (std::uint32_t i = 0; i < count; ++i)
                if (!c.varint32(m_rawIds[std::size_t(i) * 6 + s]))
                    return bad("string id", i);
        for (std::uint32_t i = 0; i < count; ++i)
            if (!c.varint32(m_pending[i].fields.object))
                return bad("object", i);
        for (std::uint32_t i = 0; i < count; ++i)
            if (m_pending[i].fields.hasHr && !c.varint32(m_pending[i].fields.hr))
                return bad("result", i);
        std::uint32_t call = 0, request = 0;
        for (std::uint32_t i = 0; i < count; ++i) {
            std::uint32_t z = 0;
            if (!c.varint32(z))
                return bad("call id", i);
            call += unzigzag32(z);
            m_pending[i].fields.call = call;
        }
        for (std::uint32_t i = 0; i < count; ++i) {
            std::uint32_t z = 0;
            if (!c.varint32(z))
                return bad("request id", i);
            request += unzigzag32(z);
            m_pending[i].fields.request = request;
        }
        std::uint64_t argsAt = 0;
        for (std::uint32_t i = 0; i < count; ++i) {
            std::uint64_t size = 0;
            if (!c.varint(size, 16))
                return bad("args size", i);
            m_pending[i].argsOffset = static_cast<std::uint32_t>(argsAt);
            m_pending[i].argsSize = static_cast<std::uint16_t>(size);
            argsAt += size;
        }
        // The args area is the rest of the chunk, exactly: no byte unaccounted for.
        std::span<const std::byte> args;
        if (argsAt > c.remaining() || !c.bytes(static_cast<std::size_t>(argsAt), args))
            return ChunkError { "the args area runs past the chunk" };
        if (auto err = trailing(c, "the args area"))
            return err;
        return storeRecords(first, args, m_rawIds);
    }

    std::optional<ChunkError> parseRecordsV1(Cursor &c, std::uint32_t count)
    {
        std::uint64_t first = 0;
        if (auto err = checkFirst(c, count, first))
            return err;
        if (std::uint64_t(count) * kRecordBytesV1 > c.remaining())
            return ChunkError { withThousands(count) + " records do not fit in the chunk" };
        m_pending.assign(count, PendingRecord {});
        m_rawIds.resize(std::size_t(count) * 6);
        for (std::uint32_t i = 0; i < count; ++i) {
            PendingRecord &p = m_pending[i];
            std::uint32_t v[10];
            std::uint8_t kind = 0, phase = 0, hasHr = 0, pad[3];
            c.get(p.fields.tNs);
            c.get(p.wallNs);
            for (auto &x : v)
                c.get(x);
            c.get(p.argsOffset);
            c.get(p.argsSize);
            c.get(kind);
            c.get(phase);
            c.get(hasHr);
            c.get(pad);
            const auto which = [&] { return "record #" + withThousands(first + i); };
            if (kind > static_cast<std::uint8_t>(Kind::Log))
                return ChunkError { which() + ": unknown kind " + std::to_string(kind) };
            if (phase > static_cast<std::uint8_t>(Phase::Event))
                return ChunkError { which() + ": unknown phase " + std::to_string(phase) };
            if (hasHr > 1)
                return ChunkError { which() + ": damaged flags" };
            std::memcpy(&m_rawIds[std::size_t(i) * 6], v, 6 * 4);
            p.fields.object = v[6];
            p.fields.hr = v[7];
            p.fields.call = v[8];
            p.fields.request = v[9];
            p.fields.kind = static_cast<Kind>(kind);
            p.fields.phase = static_cast<Phase>(phase);
            p.fields.hasHr = hasHr != 0;
        }
        std::uint32_t argsBytes = 0;
        std::span<const std::byte> args;
        if (!c.get(argsBytes) || !c.bytes(argsBytes, args))
            return ChunkError { "the args area runs past the chunk" };
        if (auto err = trailing(c, "the args area"))
            return err;
        return storeRecords(first, args, m_rawIds);
    }

    std::uint64_t m_size;
    ReadAt m_readAt;
    bool m_v2 = false;
    bool m_hasWall = false;
    ZSTD_DCtx *m_dctx = nullptr;
    std::uint64_t m_endOffset = 0;
    TraceFile m_file;
    std::map<std::uint64_t, std::string> m_marks;
    std::vector<StrId> m_ids; // file string id -> this process's id
    std::vector<std::byte> m_payload;
    std::vector<std::byte> m_raw; // a format-2 payload decompressed
    std::vector<std::byte> m_remapped; // a Records chunk's args, keys remapped
    std::vector<PendingRecord> m_pending; // a Records chunk's records, before they are stored
    std::vector<std::uint32_t> m_rawIds; // their string ids as the file gives them, 6 each
    std::vector<std::size_t> m_at;
};

// Reads a regular file through `reader`-style callbacks; the descriptor is closed on return.
template<class Body>
auto withRegularFile(const std::string &path, Body body) -> std::variant<TraceFile, std::string>
{
    // A FIFO, a device or a directory is refused before anything is read (a FIFO without a writer
    // would block an ordinary open for ever; /dev/zero has no size to bound the reading by).
    std::string error;
    const int fd = openRegularFile(path, error);
    if (fd < 0)
        return path + ": " + error;
    std::FILE *f = ::fdopen(fd, "rb");
    if (!f) {
        ::close(fd);
        return path + ": cannot open: " + std::strerror(errno);
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> closer(f, &std::fclose);
    if (std::fseek(f, 0, SEEK_END) != 0)
        return path + ": cannot seek: " + std::strerror(errno);
    const long end = std::ftell(f);
    if (end < 0)
        return path + ": cannot tell its size";
    Reader reader(
        static_cast<std::uint64_t>(end), [f](std::uint64_t offset, void *dst, std::size_t n) {
            return std::fseek(f, static_cast<long>(offset), SEEK_SET) == 0
                && std::fread(dst, 1, n, f) == n;
        });
    auto result = reader.read();
    if (auto *err = std::get_if<std::string>(&result))
        return path + ": " + *err;
    body(reader, f, static_cast<std::uint64_t>(end));
    return result;
}

} // namespace

std::string TraceFile::summary(const std::string &fileName) const
{
    std::string s = fileName + ": ";
    if (damage)
        s += *damage + "; ";
    else if (!complete)
        s += "no End chunk: the capture was cut off; ";
    s += withThousands(chunksRead) + " chunks (" + withThousands(recordsRead) + " records) read";
    return s;
}

std::variant<TraceFile, std::string> readTraceFile(const std::string &path)
{
    return withRegularFile(path, [](const Reader &, std::FILE *, std::uint64_t) {});
}

std::variant<TraceFile, std::string> readTraceBytes(std::span<const std::byte> bytes)
{
    Reader reader(bytes.size(), [bytes](std::uint64_t offset, void *dst, std::size_t n) {
        if (offset > bytes.size() || n > bytes.size() - offset)
            return false;
        std::memcpy(dst, bytes.data() + offset, n);
        return true;
    });
    return reader.read();
}

// ---- marks into an existing file ----------------------------------------------------------------

namespace {

bool syncAndClose(std::FILE *f)
{
    const bool ok = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    return std::fclose(f) == 0 && ok;
}

// Renames `temporary` over `path` and makes the rename durable (the directory's entry).
std::optional<std::string> replaceFile(const std::string &temporary, const std::string &path)
{
    // The file keeps its permissions: the copy takes them before it takes the file's place.
    struct stat st;
    if (::stat(path.c_str(), &st) == 0)
        ::chmod(temporary.c_str(), st.st_mode & 07777);
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(temporary.c_str());
        return path + ": cannot replace it: " + why;
    }
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d >= 0) {
        ::fsync(d);
        ::close(d);
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> saveTraceMarks(
    const std::string &path, std::span<const TraceMark> marksIn)
{
    std::uint64_t endOffset = 0, fileSize = 0;
    std::vector<std::byte> copy; // the file up to its End chunk, format 2
    auto read = withRegularFile(path, [&](const Reader &reader, std::FILE *f, std::uint64_t size) {
        endOffset = reader.endChunkOffset();
        fileSize = size;
        (void)f;
    });
    if (auto *err = std::get_if<std::string>(&read))
        return *err;
    TraceFile &file = std::get<TraceFile>(read);
    if (file.damage || !file.complete)
        return file.summary(path) + ": marks are saved only into a complete, undamaged file";

    std::vector<TraceMark> marks(marksIn.begin(), marksIn.end());
    std::sort(marks.begin(), marks.end(),
        [](const TraceMark &a, const TraceMark &b) { return a.seq < b.seq; });
    for (std::size_t i = 0; i < marks.size(); ++i) {
        if (marks[i].seq >= file.store->size())
            return path + ": a mark on record #" + withThousands(marks[i].seq) + ", but the file "
                + "holds " + withThousands(file.store->size()) + " records";
        if (i && marks[i].seq == marks[i - 1].seq)
            return path + ": two marks on record #" + withThousands(marks[i].seq);
        if (marks[i].note.size() > kMaxStringBytes)
            return path + ": the note on record #" + withThousands(marks[i].seq)
                + " is longer than a note may be (1 MiB)";
    }

    const std::string temporary = path + ".marks-part";
    if (file.versionMajor < 2) {
        // Format 1 has no Marks chunk: the file is written again as format 2, marks included.
        TraceFileWriter writer(*file.store, file.info);
        for (const TraceMark &m : marks)
            writer.setMark(m.seq, m.note);
        if (auto err = writer.open(temporary)) {
            std::remove(temporary.c_str());
            return err;
        }
        if (auto err = writer.close()) {
            std::remove(temporary.c_str());
            return err;
        }
        return replaceFile(temporary, path);
    }

    // Format 2: the bytes up to the End chunk as they are, a Marks chunk, the End chunk again.
    std::string error;
    const int fd = openRegularFile(path, error);
    if (fd < 0)
        return path + ": " + error;
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> in(::fdopen(fd, "rb"), &std::fclose);
    if (!in) {
        ::close(fd);
        return path + ": cannot open: " + std::strerror(errno);
    }
    copy.resize(fileSize);
    if (std::fread(copy.data(), 1, copy.size(), in.get()) != copy.size())
        return path + ": read error";
    in.reset();
    if (endOffset + kChunkHeaderBytes > copy.size())
        return path + ": no End chunk where the reader found it";
    const std::vector<std::byte> endPayload(
        copy.begin() + static_cast<std::ptrdiff_t>(endOffset + kChunkHeaderBytes), copy.end());
    copy.resize(endOffset);

    std::vector<std::byte> raw;
    put<std::uint8_t>(raw, static_cast<std::uint8_t>(MarkOp::ClearAll));
    for (const TraceMark &m : marks) {
        put<std::uint8_t>(raw, static_cast<std::uint8_t>(MarkOp::Set));
        put<std::uint64_t>(raw, m.seq);
        putString(raw, m.note);
    }
    std::vector<std::byte> compressed(ZSTD_compressBound(raw.size()));
    const std::size_t n
        = ZSTD_compress(compressed.data(), compressed.size(), raw.data(), raw.size(), kZstdLevel);
    if (ZSTD_isError(n))
        return path + ": cannot compress the marks: " + ZSTD_getErrorName(n);
    compressed.resize(n);
    if (compressed.size() > kMaxChunkPayload)
        return path + ": too many marks for one chunk";
    const auto appendChunk
        = [&copy](ChunkType type, std::uint32_t count, std::span<const std::byte> payload) {
              const auto header = chunkHeaderV2(copy.size(), type, count, payload);
              copy.insert(copy.end(), header.begin(), header.end());
              copy.insert(copy.end(), payload.begin(), payload.end());
          };
    appendChunk(ChunkType::Marks, static_cast<std::uint32_t>(marks.size() + 1), compressed);
    appendChunk(ChunkType::End, 0, endPayload);

    std::FILE *out = std::fopen(temporary.c_str(), "wb");
    if (!out)
        return temporary + ": cannot create: " + std::strerror(errno);
    const bool written = std::fwrite(copy.data(), 1, copy.size(), out) == copy.size();
    if (!syncAndClose(out) || !written) {
        const std::string why = std::strerror(errno);
        std::remove(temporary.c_str());
        return temporary + ": cannot write: " + why;
    }
    return replaceFile(temporary, path);
}

} // namespace umdfx::trace
