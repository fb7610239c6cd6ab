#include "core/trace/chromeexport.h"

#include "core/trace/exportlayout.h"
#include "core/trace/traceformat.h"

#include <string>

namespace umdfx::trace {

namespace {

// µs with ns resolution: unsigned digits, a point, three digits — valid JSON for any value.
void appendMicroseconds(std::string &out, std::uint64_t ns)
{
    out += std::to_string(ns / 1000);
    const auto frac = static_cast<unsigned>(ns % 1000);
    out.push_back('.');
    out.push_back(static_cast<char>('0' + frac / 100));
    out.push_back(static_cast<char>('0' + frac / 10 % 10));
    out.push_back(static_cast<char>('0' + frac % 10));
}

void appendHr(std::string &out, std::uint32_t hr)
{
    static const char digits[] = "0123456789abcdef";
    out += "\"0x";
    for (int shift = 28; shift >= 0; shift -= 4)
        out.push_back(digits[(hr >> shift) & 0xF]);
    out.push_back('"');
}

} // namespace

ChromeExportStats writeChromeTrace(const TraceStore &store, std::ostream &out)
{
    ChromeExportStats stats;
    const ExportLayout layout(store);
    const std::size_t n = layout.size();

    out << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"producer\":\"UMDF Explorer\","
           "\"clock\":\"virtual time, 1 ns apart where records share an instant\"},"
           "\"traceEvents\":[\n";
    std::string s; // one event at a time
    bool firstEvent = true;
    const auto emit = [&] {
        if (!firstEvent)
            out << ",\n";
        firstEvent = false;
        ++stats.events;
        out << s;
    };

    // Metadata first: the process, then every track with its name and order. tid = track id + 1.
    s = R"({"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"simulated machine"}})";
    emit();
    const auto order = layout.trackOrder();
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const ExportTrack &t = layout.tracks()[order[rank]];
        const std::string tid = std::to_string(order[rank] + 1);
        s = R"({"name":"thread_name","ph":"M","pid":1,"tid":)" + tid + R"(,"args":{"name":)";
        appendJsonString(s, t.name);
        s += "}}";
        emit();
        s = R"({"name":"thread_sort_index","ph":"M","pid":1,"tid":)" + tid
            + R"(,"args":{"sort_index":)" + std::to_string(rank) + "}}";
        emit();
    }
    stats.tracks = order.size();

    // In record order, so timestamps rise on every track: slices, instants, flows.
    for (std::size_t i = 0; i < n; ++i) {
        const TraceRecord &r = store.at(i);
        if (r.phase == Phase::Return)
            continue;
        const std::string tid = std::to_string(layout.track(i) + 1);
        std::string name(str(r.iface));
        name += "::";
        name += str(r.method);
        s = R"({"name":)";
        appendJsonString(s, name);
        s += R"(,"cat":")";
        s += kindName(r.kind);
        if (r.phase == Phase::Call) {
            s += R"(","ph":"X","ts":)";
            appendMicroseconds(s, layout.timeNs(i));
            s += R"(,"dur":)";
            appendMicroseconds(s, layout.endNs(i) - layout.timeNs(i));
            s += R"(,"pid":1,"tid":)" + tid + "}";
        } else {
            s += R"(","ph":"i","s":"t","ts":)";
            appendMicroseconds(s, layout.timeNs(i));
            s += R"(,"pid":1,"tid":)" + tid + R"(,"args":{"seq":)" + std::to_string(r.seq);
            s += ",\"from\":";
            appendJsonString(s, str(r.from));
            s += ",\"to\":";
            appendJsonString(s, str(r.to));
            if (r.device) {
                s += ",\"device\":";
                appendJsonString(s, str(r.device));
            }
            if (r.object)
                s += ",\"object\":" + std::to_string(r.object);
            if (r.request)
                s += ",\"request\":" + std::to_string(r.request);
            const std::string argText = argsToText(store, r);
            if (!argText.empty()) {
                s += ",\"args\":";
                appendJsonString(s, argText);
            }
            if (r.hasHr) {
                s += ",\"hr\":";
                appendHr(s, r.hr);
            }
            s += "}}";
        }
        emit();
        const FlowRole role = layout.flowRole(i);
        if (role != FlowRole::None) {
            const char *ph = role == FlowRole::Start ? "s" : role == FlowRole::End ? "f" : "t";
            const std::string id = std::to_string(r.request);
            s = R"({"name":"request )" + id + R"(","cat":"request","ph":")" + ph + R"(","id":)" + id
                + R"(,"ts":)";
            appendMicroseconds(s, layout.timeNs(i));
            s += R"(,"pid":1,"tid":)" + tid + (role == FlowRole::End ? R"(,"bp":"e"})" : "}");
            emit();
            if (role == FlowRole::Start)
                ++stats.flows;
        }
    }
    out << "\n]}\n";
    return stats;
}

} // namespace umdfx::trace
