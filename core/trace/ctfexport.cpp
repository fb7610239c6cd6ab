#include "core/trace/ctfexport.h"

#include "core/trace/traceformat.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace umdfx::trace {

namespace {

constexpr std::uint32_t kCtfMagic = 0xC1FC1FC1u;
constexpr std::size_t kEventsPerPacket = 65536;

// Event class ids are the Kind values; names as kindName() says them.
constexpr std::array<Kind, 9> kKinds = { Kind::Win32, Kind::Callback, Kind::Ddi, Kind::Pnp,
    Kind::Notify, Kind::Verifier, Kind::Host, Kind::Action, Kind::Log };

std::string uuidText(const std::array<std::uint8_t, 16> &u)
{
    char buf[40];
    std::snprintf(buf, sizeof buf,
        "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2],
        u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    return buf;
}

std::string metadata(const std::array<std::uint8_t, 16> &uuid)
{
    std::string m = R"(/* CTF 1.8 */
/* The trace of a UMDF Explorer simulation: one event per trace record (docs/trace-format.md). */

typealias integer { size = 8; align = 8; signed = false; } := uint8_t;
typealias integer { size = 32; align = 8; signed = false; } := uint32_t;
typealias integer { size = 64; align = 8; signed = false; } := uint64_t;
typealias integer { size = 64; align = 8; signed = true; } := int64_t;

trace {
    major = 1;
    minor = 8;
    uuid = ")"
        + uuidText(uuid) + R"(";
    byte_order = le;
    packet.header := struct {
        uint32_t magic;
        uint8_t uuid[16];
        uint32_t stream_id;
    };
};

env {
    producer = "UMDF Explorer";
    domain = "umdf1-simulation";
};

clock {
    name = "virtual";
    description = "virtual time of the simulation";
    freq = 1000000000;
    offset = 0;
};

typealias integer { size = 64; align = 8; signed = false; map = clock.virtual.value; } := uint64_clock_t;

stream {
    id = 0;
    packet.context := struct {
        uint64_clock_t timestamp_begin;
        uint64_clock_t timestamp_end;
        uint64_t content_size;
        uint64_t packet_size;
        uint64_t events_discarded;
    };
    event.header := struct {
        uint32_t id;
        uint64_clock_t timestamp;
    };
};
)";
    for (const Kind k : kKinds) {
        m += "\nevent {\n    name = \"umdfx:" + std::string(kindName(k))
            + "\";\n    id = " + std::to_string(static_cast<int>(k)) + R"(;
    stream_id = 0;
    fields := struct {
        uint64_t seq;
        int64_t t_ns;
        string phase;
        string thread;
        string from;
        string to;
        string device;
        string iface;
        string method;
        uint32_t object;
        uint8_t has_hr;
        uint32_t hr;
        uint32_t call;
        uint32_t request;
        string args;
    };
};
)";
    }
    return m;
}

template<class T> void put(std::vector<std::byte> &out, T v)
{
    const auto at = out.size();
    out.resize(at + sizeof(T));
    std::memcpy(out.data() + at, &v, sizeof(T));
}

void putString(std::vector<std::byte> &out, std::string_view s)
{
    // CTF strings end at the first NUL: one inside the text would cut it, so it is left out.
    for (const char c : s)
        if (c != '\0')
            out.push_back(static_cast<std::byte>(c));
    out.push_back(std::byte { 0 });
}

} // namespace

std::optional<std::string> writeCtfTrace(const TraceStore &store, const std::string &directory)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    // Never written over: a CTF trace is a directory of files, and what is there may be anything.
    if (fs::exists(directory, ec) && !fs::is_directory(directory, ec))
        return directory
            + ": exists and is not a directory; a CTF trace is a directory, and "
              "export never overwrites: name a new or empty directory";
    if (fs::exists(directory, ec) && !fs::is_empty(directory, ec))
        return directory
            + ": exists and is not empty; export never overwrites: name a new or "
              "empty directory, or remove this one first";
    fs::create_directories(directory, ec);
    if (ec)
        return directory + ": cannot create: " + ec.message();
    const auto fail = [&](const std::string &why) {
        std::error_code ignored;
        fs::remove_all(directory, ignored);
        return std::optional<std::string>(why);
    };

    const std::size_t n = store.size();
    // A UUID of the trace's own (version 4 layout), from its size and times, so one export of the
    // same trace gives the same directory.
    std::array<std::uint8_t, 16> uuid {};
    std::uint64_t h = 1469598103934665603ull;
    const auto mix = [&](std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h ^= (v >> (8 * i)) & 0xFF;
            h *= 1099511628211ull;
        }
    };
    mix(n);
    if (n) {
        mix(static_cast<std::uint64_t>(store.at(0).tNs));
        mix(static_cast<std::uint64_t>(store.at(n - 1).tNs));
    }
    for (int i = 0; i < 16; ++i) {
        mix(static_cast<std::uint64_t>(i));
        uuid[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(h >> 24);
    }
    uuid[6] = static_cast<std::uint8_t>((uuid[6] & 0x0F) | 0x40);
    uuid[8] = static_cast<std::uint8_t>((uuid[8] & 0x3F) | 0x80);

    {
        std::ofstream meta(fs::path(directory) / "metadata", std::ios::binary | std::ios::trunc);
        meta << metadata(uuid);
        if (!meta)
            return fail(directory + "/metadata: cannot write");
    }
    std::ofstream stream(fs::path(directory) / "stream", std::ios::binary | std::ios::trunc);
    if (!stream)
        return fail(directory + "/stream: cannot create");

    // The clock: virtual time, never below 0, never above 2^62 ns (146 years) and never going
    // back: babeltrace2 refuses a stream whose clock snapshots decrease or come near the end of
    // an i64 of ns ("cannot convert clock cycles to nanoseconds from origin" at i64 max). The
    // recorded time, whatever it is, goes into the t_ns field.
    constexpr std::int64_t kMaxClock = std::int64_t(1) << 62;
    std::vector<std::uint64_t> clock(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto t
            = static_cast<std::uint64_t>(std::clamp<std::int64_t>(store.at(i).tNs, 0, kMaxClock));
        clock[i] = i == 0 ? t : std::max(t, clock[i - 1]);
    }

    std::vector<std::byte> events;
    for (std::size_t first = 0; first < n || (n == 0 && first == 0); first += kEventsPerPacket) {
        const std::size_t last = std::min(n, first + kEventsPerPacket);
        events.clear();
        for (std::size_t i = first; i < last; ++i) {
            const TraceRecord &r = store.at(i);
            put<std::uint32_t>(events, static_cast<std::uint32_t>(r.kind));
            put<std::uint64_t>(events, clock[i]);
            put<std::uint64_t>(events, r.seq);
            put<std::int64_t>(events, r.tNs);
            putString(events, phaseName(r.phase));
            putString(events, str(r.thread));
            putString(events, str(r.from));
            putString(events, str(r.to));
            putString(events, str(r.device));
            putString(events, str(r.iface));
            putString(events, str(r.method));
            put<std::uint32_t>(events, r.object);
            put<std::uint8_t>(events, r.hasHr ? 1 : 0);
            put<std::uint32_t>(events, r.hr);
            put<std::uint32_t>(events, r.call);
            put<std::uint32_t>(events, r.request);
            putString(events, argsToText(store, r));
        }
        // Packet header (24 bytes) and context (40 bytes), then the events; sizes in bits.
        std::vector<std::byte> packet;
        put<std::uint32_t>(packet, kCtfMagic);
        for (const auto b : uuid)
            put<std::uint8_t>(packet, b);
        put<std::uint32_t>(packet, 0); // stream id
        const std::uint64_t begin = first < n ? clock[first] : 0;
        const std::uint64_t end = last > first ? clock[last - 1] : begin;
        put<std::uint64_t>(packet, begin);
        put<std::uint64_t>(packet, end);
        const std::uint64_t bits = (packet.size() + 3 * 8 + events.size()) * 8;
        put<std::uint64_t>(packet, bits); // content_size
        put<std::uint64_t>(packet, bits); // packet_size
        put<std::uint64_t>(packet, store.droppedRecords()); // events_discarded
        stream.write(reinterpret_cast<const char *>(packet.data()),
            static_cast<std::streamsize>(packet.size()));
        stream.write(reinterpret_cast<const char *>(events.data()),
            static_cast<std::streamsize>(events.size()));
        if (n == 0)
            break;
    }
    stream.close();
    if (!stream)
        return fail(directory + "/stream: cannot write");
    return std::nullopt;
}

} // namespace umdfx::trace
