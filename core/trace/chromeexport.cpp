#include "core/trace/chromeexport.h"

#include "core/trace/traceformat.h"

#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace umdfx::trace {

namespace {

// µs with ns resolution, as text: virtual time plus 1 ns per record.
std::string timestamp(const TraceRecord &r)
{
    const std::int64_t ns = r.tNs + static_cast<std::int64_t>(r.seq);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ns / 1000),
        static_cast<long long>(ns % 1000));
    return buf;
}

std::string durationUs(std::int64_t ns)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ns / 1000),
        static_cast<long long>(ns % 1000));
    return buf;
}

std::int64_t timeNs(const TraceRecord &r)
{
    return r.tNs + static_cast<std::int64_t>(r.seq);
}

// Applications first, then the kernel side, the PnP manager, the host, the framework, the drivers.
int sortIndex(std::string_view lane)
{
    if (lane.rfind("app", 0) == 0)
        return 0;
    if (lane == "user")
        return 1;
    if (lane == "kernel")
        return 2;
    if (lane == "pnp")
        return 3;
    if (lane == "host")
        return 4;
    if (lane == "framework")
        return 5;
    if (lane == "verifier")
        return 7;
    return 6; // drivers
}

} // namespace

ChromeExportStats writeChromeTrace(const TraceStore &store, std::ostream &out)
{
    ChromeExportStats stats;
    const std::size_t n = store.size();

    // Pass 1: each call's return, each request's records (flow points), the parties.
    std::unordered_map<std::uint32_t, std::size_t> returnOf; // call id -> record index
    std::unordered_map<std::uint32_t, std::vector<std::size_t>> flowPoints; // request -> records
    std::map<StrId, int> tracks; // lane -> tid
    const auto trackOf = [&](StrId lane) {
        auto it = tracks.find(lane);
        if (it == tracks.end())
            it = tracks.emplace(lane, static_cast<int>(tracks.size()) + 1).first;
        return it->second;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const TraceRecord &r = store.at(i);
        if (r.phase == Phase::Return)
            returnOf[r.call] = i;
        if (r.request && r.phase != Phase::Return)
            flowPoints[r.request].push_back(i);
    }
    // The party that runs a record: the callee of a call, the receiver of an event.
    const auto runner = [](const TraceRecord &r) { return r.to ? r.to : r.from; };

    out << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"producer\":\"UMDF Explorer\","
           "\"clock\":\"virtual time + 1 ns per record\"},\"traceEvents\":[\n";
    bool firstEvent = true;
    const auto begin = [&]() -> std::ostream & {
        if (!firstEvent)
            out << ",\n";
        firstEvent = false;
        ++stats.events;
        return out;
    };
    std::string s;
    const auto json = [&s](std::string_view text) {
        s.clear();
        appendJsonString(s, text);
        return s;
    };

    // Metadata first: the process, then every track with its name and order.
    for (std::size_t i = 0; i < n; ++i) {
        const TraceRecord &r = store.at(i);
        trackOf(runner(r));
        if (r.from)
            trackOf(r.from);
    }
    begin()
        << R"({"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"simulated machine"}})";
    for (const auto &[lane, tid] : tracks) {
        const std::string name(str(lane));
        begin() << R"({"name":"thread_name","ph":"M","pid":1,"tid":)" << tid
                << R"(,"args":{"name":)" << json(name.empty() ? "(none)" : name) << "}}";
        begin() << R"({"name":"thread_sort_index","ph":"M","pid":1,"tid":)" << tid
                << R"(,"args":{"sort_index":)" << sortIndex(name) * 1000 + tid << "}}";
    }
    stats.tracks = tracks.size();

    // Pass 2, in record order (so timestamps rise on every track): slices, instants, flows.
    for (std::size_t i = 0; i < n; ++i) {
        const TraceRecord &r = store.at(i);
        if (r.phase == Phase::Return)
            continue;
        const int tid = trackOf(runner(r));
        const std::string name = std::string(str(r.iface)) + "::" + std::string(str(r.method));
        const std::string ts = timestamp(r);
        std::string args = "{\"seq\":" + std::to_string(r.seq);
        args += ",\"from\":" + json(str(r.from));
        args += ",\"to\":" + json(str(r.to));
        if (r.device)
            args += ",\"device\":" + json(str(r.device));
        if (r.object)
            args += ",\"object\":" + std::to_string(r.object);
        if (r.request)
            args += ",\"request\":" + std::to_string(r.request);
        const std::string argText = argsToText(store, r);
        if (!argText.empty())
            args += ",\"args\":" + json(argText);
        if (r.phase == Phase::Call) {
            const auto ret = returnOf.find(r.call);
            const std::int64_t end = ret != returnOf.end() ? timeNs(store.at(ret->second))
                                                           : timeNs(store.at(n - 1)) + 1;
            if (ret != returnOf.end() && store.at(ret->second).hasHr) {
                char hr[16];
                std::snprintf(hr, sizeof hr, "0x%08x", store.at(ret->second).hr);
                args += ",\"hr\":\"" + std::string(hr) + "\"";
            }
            args += "}";
            begin() << R"({"name":)" << json(name) << R"(,"cat":")" << kindName(r.kind)
                    << R"(","ph":"X","ts":)" << ts << R"(,"dur":)"
                    << durationUs(std::max<std::int64_t>(end - timeNs(r), 0))
                    << R"(,"pid":1,"tid":)" << tid << R"(,"args":)" << args << "}";
        } else {
            if (r.hasHr) {
                char hr[16];
                std::snprintf(hr, sizeof hr, "0x%08x", r.hr);
                args += ",\"hr\":\"" + std::string(hr) + "\"";
            }
            args += "}";
            begin() << R"({"name":)" << json(name) << R"(,"cat":")" << kindName(r.kind)
                    << R"(","ph":"i","s":"t","ts":)" << ts << R"(,"pid":1,"tid":)" << tid
                    << R"(,"args":)" << args << "}";
        }
        if (r.request) {
            const auto &points = flowPoints[r.request];
            if (points.size() >= 2) {
                const char *ph = i == points.front() ? "s" : i == points.back() ? "f" : "t";
                begin() << R"({"name":"request )" << r.request << R"(","cat":"request","ph":")"
                        << ph << R"(","id":)" << r.request << R"(,"ts":)" << ts
                        << R"(,"pid":1,"tid":)" << tid << (ph[0] == 'f' ? R"(,"bp":"e"})" : "}");
                if (ph[0] == 's')
                    ++stats.flows;
            }
        }
    }
    out << "\n]}\n";
    return stats;
}

} // namespace umdfx::trace
