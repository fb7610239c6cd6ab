// The format-1 writer (docs/trace-format.md, "Format 1"), kept so that tests can make format-1
// files for the reader's format-1 path and the benchmark can measure format 2 against it.
#include "core/trace/tracefile.h"

#include <zlib.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

namespace umdfx::trace {

using namespace tracefile;

namespace {

template<class T> void put(std::vector<std::byte> &out, T v)
{
    const auto at = out.size();
    out.resize(at + sizeof(T));
    std::memcpy(out.data() + at, &v, sizeof(T));
}

void putString(std::vector<std::byte> &out, std::string_view s)
{
    put<std::uint32_t>(out, static_cast<std::uint32_t>(s.size()));
    const auto at = out.size();
    out.resize(at + s.size());
    if (!s.empty())
        std::memcpy(out.data() + at, s.data(), s.size());
}

// Format 1's chunk header: type, payload size, CRC-32 of the payload alone, count.
bool writeChunkV1(
    std::FILE *f, ChunkType type, std::uint32_t count, std::span<const std::byte> payload)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(
        crc, reinterpret_cast<const Bytef *>(payload.data()), static_cast<uInt>(payload.size()));
    const std::uint32_t h[4] = { static_cast<std::uint32_t>(type),
        static_cast<std::uint32_t>(payload.size()), static_cast<std::uint32_t>(crc), count };
    return std::fwrite(h, 1, sizeof h, f) == sizeof h
        && (payload.empty() || std::fwrite(payload.data(), 1, payload.size(), f) == payload.size());
}

} // namespace

std::optional<std::string> writeTraceFileV1(
    const TraceStore &store, const TraceFileInfo &info, const std::string &path)
{
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> file(
        std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!file)
        return path + ": cannot create the trace file: " + std::strerror(errno);
    std::FILE *f = file.get();
    std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
    std::vector<std::byte> b;
    b.insert(b.end(), reinterpret_cast<const std::byte *>(kMagic),
        reinterpret_cast<const std::byte *>(kMagic) + sizeof kMagic);
    put<std::uint16_t>(b, 1);
    put<std::uint16_t>(b, 0);
    put<std::uint32_t>(b, kHeaderBytes);
    put<std::uint64_t>(b,
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::system_clock::now().time_since_epoch())
                                       .count()));
    put<std::uint32_t>(b, store.recordsWallTime() ? 1u : 0u);
    put<std::uint32_t>(b, 0);
    bool ok = std::fwrite(b.data(), 1, b.size(), f) == b.size();

    b.clear();
    for (const auto &[k, v] : info.meta) {
        putString(b, k);
        putString(b, v);
    }
    ok = ok && writeChunkV1(f, ChunkType::Meta, static_cast<std::uint32_t>(info.meta.size()), b);
    ok = ok
        && writeChunkV1(f, ChunkType::Scenario, 1,
            std::as_bytes(std::span(info.scenarioText.data(), info.scenarioText.size())));

    const std::size_t published = store.size();
    const std::size_t strings = internedCount();
    b.clear();
    put<std::uint32_t>(b, 1);
    for (std::size_t id = 1; id < strings; ++id)
        putString(b, str(static_cast<StrId>(id)).substr(0, kMaxStringBytes));
    if (strings > 1)
        ok = ok && writeChunkV1(f, ChunkType::Strings, static_cast<std::uint32_t>(strings - 1), b);

    const StrId textKey = intern("text");
    b.clear();
    std::uint32_t actions = 0;
    for (std::size_t i = 0; i < published; ++i) {
        const TraceRecord &r = store.at(i);
        ArgValue text;
        if (r.kind != Kind::Action || !store.args(r).find(textKey, text))
            continue;
        put<std::uint64_t>(b, r.seq);
        putString(b, text.text);
        ++actions;
    }
    if (actions)
        ok = ok && writeChunkV1(f, ChunkType::Actions, actions, b);

    for (std::size_t first = 0; ok && first < published; first += kRecordsPerChunkV1) {
        const std::size_t n = std::min<std::size_t>(published - first, kRecordsPerChunkV1);
        std::vector<std::byte> args;
        b.clear();
        put<std::uint64_t>(b, first);
        for (std::size_t i = first; i < first + n; ++i) {
            const TraceRecord &r = store.at(i);
            const std::span<const std::byte> blob = store.args(r).blob();
            put<std::int64_t>(b, r.tNs);
            put<std::uint64_t>(b, store.wallNs(r));
            for (const std::uint32_t v : { r.thread, r.from, r.to, r.device, r.iface, r.method,
                     r.object, r.hr, r.call, r.request, static_cast<std::uint32_t>(args.size()) })
                put<std::uint32_t>(b, v);
            put<std::uint16_t>(b, static_cast<std::uint16_t>(blob.size()));
            for (const std::uint8_t v : { static_cast<std::uint8_t>(r.kind),
                     static_cast<std::uint8_t>(r.phase), std::uint8_t(r.hasHr ? 1 : 0),
                     std::uint8_t(0), std::uint8_t(0), std::uint8_t(0) })
                put<std::uint8_t>(b, v);
            args.insert(args.end(), blob.begin(), blob.end());
        }
        put<std::uint32_t>(b, static_cast<std::uint32_t>(args.size()));
        b.insert(b.end(), args.begin(), args.end());
        ok = writeChunkV1(f, ChunkType::Records, static_cast<std::uint32_t>(n), b);
    }
    b.clear();
    put<std::uint64_t>(b, published);
    put<std::uint64_t>(b, store.droppedRecords());
    ok = ok && writeChunkV1(f, ChunkType::End, 0, b);
    if (!ok)
        return path + ": cannot write: " + std::strerror(errno);
    if (std::fclose(file.release()) != 0)
        return path + ": cannot write: " + std::strerror(errno);
    return std::nullopt;
}

} // namespace umdfx::trace
