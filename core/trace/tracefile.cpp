#include "core/trace/tracefile.h"

#include "core/common/boundedread.h"
#include "core/common/messagetext.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
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
    }
    return "unknown";
}
} // namespace tracefile

using namespace tracefile;

namespace {

std::uint32_t crc32Of(std::span<const std::byte> bytes)
{
    // zlib's crc32 takes a uInt length: feed large payloads in pieces.
    uLong crc = crc32(0L, Z_NULL, 0);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const std::size_t n = std::min<std::size_t>(bytes.size() - done, 1u << 30);
        crc = crc32(
            crc, reinterpret_cast<const Bytef *>(bytes.data() + done), static_cast<uInt>(n));
        done += n;
    }
    return static_cast<std::uint32_t>(crc);
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

TraceFileWriter::TraceFileWriter(
    const TraceStore &store, TraceFileInfo info, std::chrono::milliseconds flushInterval)
    : m_store(store)
    , m_info(std::move(info))
    , m_interval(flushInterval)
{ }

TraceFileWriter::~TraceFileWriter()
{
    close();
}

std::optional<std::string> TraceFileWriter::open(const std::string &path)
{
    std::lock_guard lock(m_fileMutex);
    m_path = path;
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
    put<std::uint32_t>(header, 0); // reserved
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
    writeChunk(ChunkType::Meta, static_cast<std::uint32_t>(m_info.meta.size()), meta);
    writeChunk(ChunkType::Scenario, 1,
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
            writeChunk(ChunkType::Strings, static_cast<std::uint32_t>(id - first), m_buffer);
            first = id;
        }
        m_stringsWritten = strings;
    }

    // The action log: each action's record and its line, for replay.
    m_buffer.clear();
    std::uint32_t actions = 0;
    for (std::size_t i = m_recordsWritten; i < published; ++i) {
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
        writeChunk(ChunkType::Actions, actions, m_buffer);

    while (m_recordsWritten < published && !m_error) {
        const std::size_t first = m_recordsWritten;
        const std::size_t n = std::min<std::size_t>(published - first, kRecordsPerChunk);
        // Sized once, then filled in place: the records, then the args area after them.
        std::size_t argsBytes = 0;
        for (std::size_t i = first; i < first + n; ++i)
            argsBytes += m_store.args(m_store.at(i)).blob().size();
        const std::size_t recordsEnd = 8 + n * kRecordBytes;
        m_buffer.resize(recordsEnd + 4 + argsBytes);
        std::byte *out = m_buffer.data();
        const auto write = [&out](const void *p, std::size_t size) {
            std::memcpy(out, p, size);
            out += size;
        };
        const std::uint64_t firstSeq = first;
        write(&firstSeq, 8);
        std::byte *args = m_buffer.data() + recordsEnd + 4;
        std::uint32_t argsAt = 0;
        for (std::size_t i = first; i < first + n; ++i) {
            const TraceRecord &r = m_store.at(i);
            // The encoded blob as the store keeps it: copied as is, keys being string ids.
            const std::span<const std::byte> blob = m_store.args(r).blob();
            const std::uint64_t wall = m_store.wallNs(r);
            const std::uint32_t fields[12] = { r.thread, r.from, r.to, r.device, r.iface, r.method,
                r.object, r.hr, r.call, r.request, argsAt, 0 };
            const std::uint16_t size = static_cast<std::uint16_t>(blob.size());
            const std::uint8_t tail[6]
                = { static_cast<std::uint8_t>(r.kind), static_cast<std::uint8_t>(r.phase),
                      static_cast<std::uint8_t>(r.hasHr ? 1 : 0), 0, 0, 0 };
            write(&r.tNs, 8);
            write(&wall, 8);
            write(fields, 11 * 4);
            write(&size, 2);
            write(tail, 6);
            if (!blob.empty())
                std::memcpy(args + argsAt, blob.data(), blob.size());
            argsAt += static_cast<std::uint32_t>(blob.size());
        }
        const auto argsTotal = static_cast<std::uint32_t>(argsBytes);
        write(&argsTotal, 4);
        if (!writeChunk(ChunkType::Records, static_cast<std::uint32_t>(n), m_buffer))
            break;
        m_recordsWritten = first + n;
    }
    if (m_bytesWritten >= m_sizeLimit && m_sizeLimitReached)
        std::exchange(m_sizeLimitReached, nullptr)();
}

void TraceFileWriter::setSizeLimit(std::uint64_t bytes, std::function<void()> reached)
{
    std::lock_guard lock(m_fileMutex);
    m_sizeLimit = bytes;
    m_sizeLimitReached = std::move(reached);
}

bool TraceFileWriter::writeChunk(
    ChunkType type, std::uint32_t count, std::span<const std::byte> payload)
{
    if (!m_file || m_error)
        return false;
    std::byte header[kChunkHeaderBytes];
    const std::uint32_t fields[4] = { static_cast<std::uint32_t>(type),
        static_cast<std::uint32_t>(payload.size()), crc32Of(payload), count };
    std::memcpy(header, fields, sizeof fields);
    if (std::fwrite(header, 1, sizeof header, m_file) != sizeof header
        || (!payload.empty()
            && std::fwrite(payload.data(), 1, payload.size(), m_file) != payload.size())) {
        fail(m_path + ": cannot write: " + std::strerror(errno));
        return false;
    }
    m_bytesWritten += sizeof header + payload.size();
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

    std::variant<TraceFile, std::string> read()
    {
        std::byte header[kHeaderBytes];
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
        if (major != kVersionMajor)
            return "trace file version " + std::to_string(major) + "." + std::to_string(minor)
                + ": this program reads version " + std::to_string(kVersionMajor) + ".x";
        if (headerBytes < kHeaderBytes || headerBytes > m_size)
            return "damaged header: it claims " + std::to_string(headerBytes) + " bytes";
        m_file.versionMinor = minor;
        m_file.store = std::make_unique<TraceStore>(TraceStore::Loaded { (flags & 1u) != 0 });
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
            const std::uint32_t type = h[0], length = h[1], crc = h[2], count = h[3];
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
            if (crc32Of(m_payload) != crc) {
                m_file.damage = where + ": checksum mismatch";
                break;
            }
            if (auto err = parse(type, count)) {
                m_file.damage = where + ": " + chunkTypeName(type) + " chunk: " + err->message;
                break;
            }
            offset += kChunkHeaderBytes + length;
            ++index;
            m_file.chunksRead = index;
        }
        m_file.recordsRead = m_file.store->size();
        return std::move(m_file);
    }

private:
    std::optional<ChunkError> parse(std::uint32_t type, std::uint32_t count)
    {
        Cursor c(m_payload);
        switch (static_cast<ChunkType>(type)) {
        case ChunkType::Meta:
            for (std::uint32_t i = 0; i < count; ++i) {
                std::string k, v;
                if (!c.string(k) || !c.string(v))
                    return ChunkError { "entry " + std::to_string(i) + " runs past the chunk" };
                m_file.info.meta[k] = v;
            }
            return std::nullopt;
        case ChunkType::Scenario:
            m_file.info.scenarioText.assign(
                reinterpret_cast<const char *>(m_payload.data()), m_payload.size());
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
            m_ids.insert(m_ids.end(), added.begin(), added.end());
            return std::nullopt;
        }
        case ChunkType::Actions: {
            std::vector<std::pair<std::uint64_t, std::string>> actions;
            for (std::uint32_t i = 0; i < count; ++i) {
                std::uint64_t seq = 0;
                std::string line;
                if (!c.get(seq) || !c.string(line))
                    return ChunkError { "action " + std::to_string(i) + " runs past the chunk" };
                actions.emplace_back(seq, std::move(line));
            }
            m_file.actions.insert(m_file.actions.end(), actions.begin(), actions.end());
            return std::nullopt;
        }
        case ChunkType::Records:
            return parseRecords(c, count);
        case ChunkType::End: {
            std::uint64_t total = 0, dropped = 0;
            if (!c.get(total) || !c.get(dropped))
                return ChunkError { "the totals are missing" };
            if (total != m_file.store->size())
                return ChunkError { "it counts " + withThousands(total)
                    + " records, the file holds " + withThousands(m_file.store->size()) };
            m_file.complete = true;
            return std::nullopt;
        }
        }
        return std::nullopt; // a chunk type of a later version: skipped, its checksum held
    }

    std::optional<ChunkError> parseRecords(Cursor &c, std::uint32_t count)
    {
        std::uint64_t first = 0;
        if (!c.get(first))
            return ChunkError { "no first sequence number" };
        const std::uint64_t have = m_file.store->size();
        if (first != have)
            return ChunkError { "records from #" + withThousands(first) + ", but "
                + withThousands(have) + " were read before: records must be contiguous" };
        if (std::uint64_t(count) * kRecordBytes > c.remaining())
            return ChunkError { withThousands(count) + " records do not fit in the chunk" };
        if (have + count > TraceStore::kMaxRecords)
            return ChunkError { "more records than a trace may hold" };
        std::vector<PendingRecord> records(count);
        const auto idOk = [this](std::uint32_t id) { return id < m_ids.size(); };
        for (std::uint32_t i = 0; i < count; ++i) {
            PendingRecord &p = records[i];
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
            for (const int s : { 0, 1, 2, 3, 4, 5 })
                if (!idOk(v[s]))
                    return ChunkError { which() + ": string id " + std::to_string(v[s])
                        + " was never defined" };
            if (kind > static_cast<std::uint8_t>(Kind::Log))
                return ChunkError { which() + ": unknown kind " + std::to_string(kind) };
            if (phase > static_cast<std::uint8_t>(Phase::Event))
                return ChunkError { which() + ": unknown phase " + std::to_string(phase) };
            if (hasHr > 1)
                return ChunkError { which() + ": damaged flags" };
            p.fields.thread = m_ids[v[0]];
            p.fields.from = m_ids[v[1]];
            p.fields.to = m_ids[v[2]];
            p.fields.device = m_ids[v[3]];
            p.fields.iface = m_ids[v[4]];
            p.fields.method = m_ids[v[5]];
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
        // Check every record's args before storing any: a damaged chunk adds nothing. The
        // remapped blobs go into one buffer, each record keeping its offset into it.
        m_remapped.clear();
        std::vector<std::size_t> at(count);
        for (std::uint32_t i = 0; i < count; ++i) {
            const PendingRecord &p = records[i];
            if (std::uint64_t(p.argsOffset) + p.argsSize > args.size())
                return ChunkError { "record #" + withThousands(first + i)
                    + ": its args lie outside the args area" };
            at[i] = m_remapped.size();
            if (p.argsSize && !remapArgs(args.subspan(p.argsOffset, p.argsSize), m_ids, m_remapped))
                return ChunkError { "record #" + withThousands(first + i)
                    + ": damaged args (a bad type, length or string id)" };
        }
        for (std::uint32_t i = 0; i < count; ++i)
            m_file.store->appendLoaded(records[i].fields,
                std::span(m_remapped).subspan(at[i], records[i].argsSize), records[i].wallNs);
        return std::nullopt;
    }

    std::uint64_t m_size;
    ReadAt m_readAt;
    TraceFile m_file;
    std::vector<StrId> m_ids; // file string id -> this process's id
    std::vector<std::byte> m_payload;
    std::vector<std::byte> m_remapped; // a Records chunk's args, keys remapped
};

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
    return result;
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

} // namespace umdfx::trace
