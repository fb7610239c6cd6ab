#include "core/trace/perfettoexport.h"

#include "core/trace/exportlayout.h"
#include "core/trace/traceformat.h"

#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

namespace umdfx::trace {

namespace {

// Field numbers of Perfetto's protos (protos/perfetto/trace/trace.proto, trace_packet.proto,
// track_event/*.proto, interned_data/interned_data.proto).
namespace field {
constexpr int kTracePacket = 1; // Trace.packet
// TracePacket
constexpr int kTimestamp = 8;
constexpr int kTrustedPacketSequenceId = 10;
constexpr int kTrackEvent = 11;
constexpr int kInternedData = 12;
constexpr int kSequenceFlags = 13;
constexpr int kTrackDescriptor = 60;
// TrackDescriptor
constexpr int kUuid = 1;
constexpr int kTrackName = 2;
constexpr int kProcess = 3;
constexpr int kThread = 4;
constexpr int kParentUuid = 5;
// ProcessDescriptor / ThreadDescriptor
constexpr int kPid = 1;
constexpr int kTid = 2;
constexpr int kProcessName = 6;
constexpr int kThreadName = 5;
// TrackEvent
constexpr int kCategoryIids = 3;
constexpr int kDebugAnnotations = 4;
constexpr int kType = 9;
constexpr int kNameIid = 10;
constexpr int kTrackUuid = 11;
constexpr int kFlowIds = 47;
constexpr int kTerminatingFlowIds = 48;
// DebugAnnotation
constexpr int kAnnotationNameIid = 1;
constexpr int kUintValue = 3;
constexpr int kStringValue = 6;
// InternedData; EventCategory, EventName, DebugAnnotationName are { iid = 1; name = 2; }
constexpr int kEventCategories = 1;
constexpr int kEventNames = 2;
constexpr int kDebugAnnotationNames = 3;
constexpr int kIid = 1;
constexpr int kInternedName = 2;
} // namespace field

constexpr std::uint32_t kSliceBegin = 1, kSliceEnd = 2, kInstant = 3; // TrackEvent.Type
constexpr std::uint32_t kIncrementalStateCleared = 1, kNeedsIncrementalState = 2;
constexpr std::uint32_t kSequenceId = 1;
constexpr std::uint64_t kProcessUuid = 1, kFirstThreadUuid = 100;

// The protobuf wire format, the few pieces used: varints, fixed64, length-delimited fields. A
// nested message is built in a string of its own and appended with its length.
class Message
{
public:
    void varint(int fieldNumber, std::uint64_t v)
    {
        tag(fieldNumber, 0);
        putVarint(v);
    }
    void fixed64(int fieldNumber, std::uint64_t v)
    {
        tag(fieldNumber, 1);
        for (int i = 0; i < 8; ++i)
            m_bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
    void bytes(int fieldNumber, std::string_view b)
    {
        tag(fieldNumber, 2);
        putVarint(b.size());
        m_bytes.append(b);
    }
    // A protobuf string must be UTF-8: a byte that starts no valid sequence (a damaged file's
    // text) becomes U+FFFD.
    void text(int fieldNumber, std::string_view s) { bytes(fieldNumber, validUtf8(s)); }
    void message(int fieldNumber, const Message &m) { bytes(fieldNumber, m.m_bytes); }
    const std::string &data() const { return m_bytes; }
    bool empty() const { return m_bytes.empty(); }

private:
    void tag(int fieldNumber, int wireType)
    {
        putVarint((static_cast<std::uint64_t>(fieldNumber) << 3) | static_cast<unsigned>(wireType));
    }
    void putVarint(std::uint64_t v)
    {
        while (v >= 0x80) {
            m_bytes.push_back(static_cast<char>((v & 0x7F) | 0x80));
            v >>= 7;
        }
        m_bytes.push_back(static_cast<char>(v));
    }
    static std::string validUtf8(std::string_view s)
    {
        std::string out;
        out.reserve(s.size());
        for (std::size_t i = 0; i < s.size();) {
            const auto c = static_cast<unsigned char>(s[i]);
            std::size_t len = c < 0x80 ? 1
                : (c >> 5) == 0x6      ? 2
                : (c >> 4) == 0xE      ? 3
                : (c >> 3) == 0x1E     ? 4
                                       : 0;
            bool ok = len != 0 && i + len <= s.size() && (len != 2 || c >= 0xC2);
            for (std::size_t k = 1; ok && k < len; ++k)
                ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
            if (ok && len >= 3) {
                const auto c1 = static_cast<unsigned char>(s[i + 1]);
                // No overlong forms, no surrogates, nothing above U+10FFFF.
                ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0)
                    && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90) && c <= 0xF4;
            }
            if (ok) {
                out.append(s.substr(i, len));
                i += len;
            } else {
                out += "\xEF\xBF\xBD";
                ++i;
            }
        }
        return out;
    }

    std::string m_bytes;
};

// Interned strings of one kind (event names, categories, annotation names): an iid per string,
// and the entries first used since the last packet, to go into that packet's InternedData.
class Interner
{
public:
    explicit Interner(int internedDataField)
        : m_field(internedDataField)
    { }
    std::uint64_t iid(const std::string &s)
    {
        const auto [it, fresh] = m_iids.try_emplace(s, m_iids.size() + 1);
        if (fresh) {
            Message entry;
            entry.varint(field::kIid, it->second);
            entry.text(field::kInternedName, s);
            m_pending.push_back(std::move(entry));
        }
        return it->second;
    }
    void flushInto(Message &internedData)
    {
        for (const Message &m : m_pending)
            internedData.message(m_field, m);
        m_pending.clear();
    }

private:
    int m_field;
    std::unordered_map<std::string, std::uint64_t> m_iids;
    std::vector<Message> m_pending;
};

} // namespace

PerfettoExportStats writePerfettoTrace(const TraceStore &store, std::ostream &out)
{
    PerfettoExportStats stats;
    const ExportLayout layout(store);
    const std::size_t n = layout.size();

    const auto writePacket = [&](Message &packet) {
        packet.varint(field::kTrustedPacketSequenceId, kSequenceId);
        Message wrapper;
        wrapper.message(field::kTracePacket, packet);
        out.write(wrapper.data().data(), static_cast<std::streamsize>(wrapper.data().size()));
        ++stats.packets;
    };

    // The process track, then a thread track per layout track, in the layout's order (tid =
    // the position + 1).
    {
        Message process;
        process.varint(field::kPid, 1);
        process.text(field::kProcessName, "simulated machine");
        Message track;
        track.varint(field::kUuid, kProcessUuid);
        track.message(field::kProcess, process);
        Message packet;
        packet.message(field::kTrackDescriptor, track);
        packet.varint(field::kSequenceFlags, kIncrementalStateCleared);
        writePacket(packet);
    }
    const auto order = layout.trackOrder();
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const ExportTrack &t = layout.tracks()[order[rank]];
        Message thread;
        thread.varint(field::kPid, 1);
        thread.varint(field::kTid, rank + 1);
        thread.text(field::kThreadName, t.name);
        Message track;
        track.varint(field::kUuid, kFirstThreadUuid + order[rank]);
        track.varint(field::kParentUuid, kProcessUuid);
        track.text(field::kTrackName, t.name);
        track.message(field::kThread, thread);
        Message packet;
        packet.message(field::kTrackDescriptor, track);
        writePacket(packet);
    }
    stats.tracks = order.size();

    Interner names(field::kEventNames), categories(field::kEventCategories),
        annotationNames(field::kDebugAnnotationNames);
    const auto eventPacket = [&](std::uint64_t timeNs, const Message &event) {
        Message interned;
        names.flushInto(interned);
        categories.flushInto(interned);
        annotationNames.flushInto(interned);
        Message packet;
        packet.varint(field::kTimestamp, timeNs);
        packet.message(field::kTrackEvent, event);
        if (!interned.empty())
            packet.message(field::kInternedData, interned);
        packet.varint(field::kSequenceFlags, kNeedsIncrementalState);
        writePacket(packet);
    };
    const auto annotateText = [&](Message &event, const std::string &name, std::string_view v) {
        Message a;
        a.varint(field::kAnnotationNameIid, annotationNames.iid(name));
        a.text(field::kStringValue, v);
        event.message(field::kDebugAnnotations, a);
    };
    const auto annotateNumber = [&](Message &event, const std::string &name, std::uint64_t v) {
        Message a;
        a.varint(field::kAnnotationNameIid, annotationNames.iid(name));
        a.varint(field::kUintValue, v);
        event.message(field::kDebugAnnotations, a);
    };
    const auto hrText = [](std::uint32_t hr) {
        static const char digits[] = "0123456789abcdef";
        std::string s = "0x";
        for (int shift = 28; shift >= 0; shift -= 4)
            s.push_back(digits[(hr >> shift) & 0xF]);
        return s;
    };

    // Open slices by end time: their ends go out in time order between the records.
    using End = std::pair<std::uint64_t, std::uint64_t>; // (ns, track uuid)
    std::priority_queue<End, std::vector<End>, std::greater<End>> ends;
    const auto endSlicesUntil = [&](std::uint64_t timeNs) {
        while (!ends.empty() && ends.top().first <= timeNs) {
            Message event;
            event.varint(field::kType, kSliceEnd);
            event.varint(field::kTrackUuid, ends.top().second);
            eventPacket(ends.top().first, event);
            ends.pop();
        }
    };

    for (std::size_t i = 0; i < n; ++i) {
        endSlicesUntil(layout.timeNs(i));
        const TraceRecord &r = store.at(i);
        if (r.phase == Phase::Return)
            continue;
        const std::uint64_t trackUuid = kFirstThreadUuid + layout.track(i);
        std::string name(str(r.iface));
        name += "::";
        name += str(r.method);
        Message event;
        event.varint(field::kType, r.phase == Phase::Call ? kSliceBegin : kInstant);
        event.varint(field::kTrackUuid, trackUuid);
        event.varint(field::kNameIid, names.iid(name));
        event.varint(field::kCategoryIids, categories.iid(std::string(kindName(r.kind))));
        annotateNumber(event, "seq", r.seq);
        annotateText(event, "thread", str(r.thread));
        annotateText(event, "from", str(r.from));
        annotateText(event, "to", str(r.to));
        if (r.device)
            annotateText(event, "device", str(r.device));
        if (r.object)
            annotateNumber(event, "object", r.object);
        if (r.request)
            annotateNumber(event, "request", r.request);
        if (const std::string args = argsToText(store, r); !args.empty())
            annotateText(event, "args", args);
        if (r.phase == Phase::Call) {
            if (layout.returned(i)) {
                const TraceRecord &ret = store.at(layout.returnIndex(i));
                if (ret.hasHr)
                    annotateText(event, "hr", hrText(ret.hr));
                if (const std::string args = argsToText(store, ret); !args.empty())
                    annotateText(event, "returned", args);
            } else {
                annotateText(event, "returned", "never (no return in the trace)");
            }
        } else if (r.hasHr) {
            annotateText(event, "hr", hrText(r.hr));
        }
        const FlowRole role = layout.flowRole(i);
        if (role == FlowRole::Start || role == FlowRole::Step)
            event.fixed64(field::kFlowIds, r.request);
        else if (role == FlowRole::End)
            event.fixed64(field::kTerminatingFlowIds, r.request);
        if (role == FlowRole::Start)
            ++stats.flows;
        eventPacket(layout.timeNs(i), event);
        if (r.phase == Phase::Call) {
            ++stats.slices;
            ends.emplace(layout.endNs(i), trackUuid);
        } else {
            ++stats.instants;
        }
    }
    endSlicesUntil(~std::uint64_t(0));
    return stats;
}

} // namespace umdfx::trace
