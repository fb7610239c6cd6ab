// libFuzzer target: the trace file reader on arbitrary bytes. It must never crash, leak, read out
// of bounds or allocate without bound (AddressSanitizer + UndefinedBehaviorSanitizer build); what
// it reads it must be able to render.
//
// Random bytes almost never get past a chunk's CRC-32 and zstd, so most inputs would only test
// the checksum-mismatch path. The custom mutator below knows the format (docs/trace-format.md):
// it splits an input into its header and chunks, mutates one thing — a chunk header field, the
// decompressed payload of a compressed chunk (then compresses it again), a plain payload, the
// order or number of chunks, or the bytes as a whole — and then makes every checksum right again
// (the header's and each chunk's, at its new offset), most of the time: so the parsers behind the
// checksums see well-formed-looking, wrong contents.
#include "core/trace/tracefile.h"
#include "core/trace/traceformat.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t *data, std::size_t size, std::size_t maxSize);

namespace {

namespace tf = umdfx::trace::tracefile;

struct Chunk
{
    std::uint32_t type = 0, count = 0;
    std::vector<std::uint8_t> payload;
};

struct Parsed
{
    std::uint16_t major = 0;
    std::vector<std::uint8_t> header;
    std::vector<Chunk> chunks;
    std::vector<std::uint8_t> tail; // bytes after the last whole chunk
};

bool parse(const std::uint8_t *data, std::size_t size, Parsed &out)
{
    if (size < tf::kHeaderBytes || std::memcmp(data, tf::kMagic, sizeof tf::kMagic) != 0)
        return false;
    std::memcpy(&out.major, data + 8, 2);
    if (out.major != 1 && out.major != 2)
        return false;
    std::uint32_t headerBytes = 0;
    std::memcpy(&headerBytes, data + 12, 4);
    headerBytes = std::clamp<std::uint32_t>(headerBytes, tf::kHeaderBytes,
        static_cast<std::uint32_t>(std::min<std::size_t>(size, tf::kMaxHeaderBytes)));
    out.header.assign(data, data + headerBytes);
    std::size_t at = headerBytes;
    while (size - at >= tf::kChunkHeaderBytes) {
        std::uint32_t h[4];
        std::memcpy(h, data + at, sizeof h);
        if (h[1] > size - at - tf::kChunkHeaderBytes)
            break;
        Chunk c;
        c.type = h[0];
        c.count = out.major >= 2 ? h[2] : h[3];
        c.payload.assign(
            data + at + tf::kChunkHeaderBytes, data + at + tf::kChunkHeaderBytes + h[1]);
        out.chunks.push_back(std::move(c));
        at += tf::kChunkHeaderBytes + h[1];
    }
    out.tail.assign(data + at, data + size);
    return true;
}

std::uint32_t crc(std::uint32_t c, const void *p, std::size_t n)
{
    return static_cast<std::uint32_t>(
        crc32(c, static_cast<const Bytef *>(p), static_cast<uInt>(n)));
}

// The file again, every checksum made right (format 2: the header's and each chunk's over its
// offset, type, size, count and payload; format 1: each payload's).
std::vector<std::uint8_t> serialize(const Parsed &p)
{
    std::vector<std::uint8_t> out = p.header;
    if (p.major >= 2 && out.size() >= tf::kHeaderBytes) {
        std::uint32_t c = crc(crc(0, nullptr, 0), out.data(), 28);
        c = crc(c, out.data() + tf::kHeaderBytes, out.size() - tf::kHeaderBytes);
        std::memcpy(out.data() + 28, &c, 4);
    }
    for (const Chunk &ch : p.chunks) {
        const std::uint64_t offset = out.size();
        const std::uint32_t size = static_cast<std::uint32_t>(ch.payload.size());
        std::uint32_t h[4];
        if (p.major >= 2) {
            h[0] = ch.type;
            h[1] = size;
            h[2] = ch.count;
            std::uint32_t c = crc(crc(0, nullptr, 0), &offset, 8);
            c = crc(c, h, 12);
            h[3] = crc(c, ch.payload.data(), ch.payload.size());
        } else {
            h[0] = ch.type;
            h[1] = size;
            h[2] = crc(crc(0, nullptr, 0), ch.payload.data(), ch.payload.size());
            h[3] = ch.count;
        }
        const auto *hb = reinterpret_cast<const std::uint8_t *>(h);
        out.insert(out.end(), hb, hb + sizeof h);
        out.insert(out.end(), ch.payload.begin(), ch.payload.end());
    }
    out.insert(out.end(), p.tail.begin(), p.tail.end());
    return out;
}

bool compressed(std::uint32_t type)
{
    return type >= 1 && type <= 7 && type != 6;
}

// Mutates a byte vector in place with libFuzzer's own mutations, growing it by at most `room`.
void mutateBytes(std::vector<std::uint8_t> &bytes, std::size_t room)
{
    const std::size_t size = bytes.size();
    bytes.resize(size + room + 1);
    const std::size_t n = LLVMFuzzerMutate(bytes.data(), size, bytes.size());
    bytes.resize(n);
}

void mutateChunk(Parsed &p, Chunk &c, std::minstd_rand &rng)
{
    switch (rng() % 6) {
    case 0: // the count, by a little or to anything
        c.count = rng() % 2 ? c.count + static_cast<std::uint32_t>(rng() % 5) - 2
                            : static_cast<std::uint32_t>(rng());
        return;
    case 1: // the type
        c.type
            = rng() % 2 ? static_cast<std::uint32_t>(rng() % 9) : static_cast<std::uint32_t>(rng());
        return;
    default:
        break;
    }
    if (p.major >= 2 && compressed(c.type) && rng() % 8) {
        // The payload as the parsers see it: decompressed, mutated, compressed again.
        const unsigned long long size
            = ZSTD_getFrameContentSize(c.payload.data(), c.payload.size());
        if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1u << 22))
            return mutateBytes(c.payload, 64);
        // Contexts kept between calls: making them costs more than the compression.
        static ZSTD_DCtx *const dctx = ZSTD_createDCtx();
        static ZSTD_CCtx *const cctx = ZSTD_createCCtx();
        std::vector<std::uint8_t> raw(size);
        if (ZSTD_isError(ZSTD_decompressDCtx(
                dctx, raw.data(), raw.size(), c.payload.data(), c.payload.size())))
            return mutateBytes(c.payload, 64);
        mutateBytes(raw, 256);
        c.payload.resize(ZSTD_compressBound(raw.size()));
        const std::size_t n = ZSTD_compressCCtx(
            cctx, c.payload.data(), c.payload.size(), raw.data(), raw.size(), 1);
        c.payload.resize(ZSTD_isError(n) ? 0 : n);
        return;
    }
    mutateBytes(c.payload, 64);
}

} // namespace

extern "C" std::size_t LLVMFuzzerCustomMutator(
    std::uint8_t *data, std::size_t size, std::size_t maxSize, unsigned int seed)
{
    std::minstd_rand rng(seed);
    Parsed p;
    if (rng() % 10 == 0 || !parse(data, size, p))
        return LLVMFuzzerMutate(data, size, maxSize);
    const unsigned what = rng() % 10;
    if (p.chunks.empty() || what == 0) {
        mutateBytes(p.header, 8);
        if (p.header.size() < tf::kHeaderBytes)
            p.header.resize(tf::kHeaderBytes);
    } else if (what == 1 && p.chunks.size() > 1) {
        p.chunks.erase(p.chunks.begin() + static_cast<std::ptrdiff_t>(rng() % p.chunks.size()));
    } else if (what == 2) {
        const Chunk copy = p.chunks[rng() % p.chunks.size()];
        p.chunks.insert(
            p.chunks.begin() + static_cast<std::ptrdiff_t>(rng() % p.chunks.size()), copy);
    } else if (what == 3 && p.chunks.size() > 1) {
        std::swap(p.chunks[rng() % p.chunks.size()], p.chunks[rng() % p.chunks.size()]);
    } else {
        mutateChunk(p, p.chunks[rng() % p.chunks.size()], rng);
    }
    // Mostly right checksums (to reach the parsers), sometimes not (to keep the checks tested).
    std::vector<std::uint8_t> out = serialize(p);
    if (rng() % 16 == 0 && !out.empty())
        out[rng() % out.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    if (out.size() > maxSize)
        return LLVMFuzzerMutate(data, size, maxSize);
    std::memcpy(data, out.data(), out.size());
    return out.size();
}

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
        // Marks point at records the file holds, in order, one per record; actions too.
        for (std::size_t i = 0; i < file->marks.size(); ++i)
            if (file->marks[i].seq >= store.size()
                || (i && file->marks[i].seq <= file->marks[i - 1].seq))
                __builtin_trap();
        if (file->versionMajor >= 2)
            for (const auto &[seq, line] : file->actions)
                if (seq >= store.size())
                    __builtin_trap();
        if (file->complete && file->recordsRead != store.size())
            __builtin_trap();
        (void)file->summary("fuzz");
    }
    return 0;
}
