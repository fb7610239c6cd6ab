#pragma once
// What the sequence diagram needs to know about a trace beyond each record's own fields, kept as
// records arrive and read only for what is on screen: the parties (lifelines) in a stable order,
// the activation level of each call on its callee's lifeline, and which calls are still open at
// any record — so the activation bars that cross the top of the viewport can be drawn without
// scanning the trace from its start. Plain C++ (no Qt): the bookkeeping costs a few bytes and a
// few ns per record (tests/bench/bench_sequencediagram).

#include "core/trace/tracestore.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace umdfx::gui {

class SequenceLayout
{
public:
    // The kinds of party, in the left-to-right order of the diagram: the person's actions, the
    // applications, the kernel side (I/O manager + reflector), the PnP manager, the driver host,
    // the framework (UMDF in the host), the drivers.
    enum class Group : std::uint8_t {
        User,
        Application,
        Kernel,
        Pnp,
        Host,
        Framework,
        Driver,
        Other
    };

    struct Lane
    {
        trace::StrId name = 0;
        Group group = Group::Other;
        std::uint64_t firstRecord = 0;
    };

    // Where one record sits: its two lifelines (lane indexes) and activation levels. For a call,
    // toLevel is the level of the activation it opens on the callee's lifeline (0 = the first)
    // and fromLevel the innermost open activation on the caller's (-1 = none); a return carries
    // the level of the activation it closes as fromLevel; an event, the innermost on its lane.
    struct Placement
    {
        std::uint16_t from = 0, to = 0;
        std::int8_t fromLevel = -1, toLevel = -1;
    };

    static constexpr std::size_t kCheckpointRecords = 4096;
    // Records per block of the zoomed-out summary (lanesIn()).
    static constexpr std::size_t kBlockRecords = 64;
    // A checkpoint keeps at most this many open calls (the most recent): calls that never return
    // (an application blocked forever) must not grow every checkpoint without bound.
    static constexpr std::size_t kMaxOpenCalls = 512;
    static constexpr std::size_t kMaxLanes = 0xFFFF;

    void clear();
    // Takes in records [size(), end) of the store.
    void append(const trace::TraceStore &store, std::size_t end);
    std::size_t size() const { return m_toLevels.size(); }

    const std::vector<Lane> &lanes() const { return m_lanes; }
    // The lane a string id names, -1 when it names none (yet).
    int laneOf(trace::StrId name) const;
    Placement placement(const trace::TraceRecord &r, std::size_t record) const;
    // Lane indexes in display order: by group, then by first appearance.
    std::vector<int> displayOrder() const;

    // The call records still open just before `record` (the return comes at or after it, or
    // never), in record order. record <= size().
    std::vector<std::uint64_t> openCallsAt(
        const trace::TraceStore &store, std::size_t record) const;

    // What the records [first, last] touch, for a view zoomed out to many records a pixel: the
    // lanes as a bit mask (lane i < 63 is bit i; the lanes after share bit 63), and the lane of a
    // verifier finding among them (-1: none). Answered from blocks of kBlockRecords, so it may
    // include up to a block's worth of records on either side; cost (last - first) / 64.
    std::uint64_t lanesIn(std::size_t first, std::size_t last, int *findingLane) const;

    static Group groupOfName(std::string_view name); // the well-known lanes; Other otherwise
    static std::string_view groupName(Group g); // "application", "driver", …

private:
    struct Open
    {
        std::uint64_t record; // the call record
        std::uint32_t call; // its call id
        std::uint16_t lane; // the callee's
        std::int8_t level; // the activation's level on that lane
    };
    int lane(trace::StrId name, Group role, std::uint64_t record);
    void note(const trace::TraceRecord &r, std::uint64_t record);
    std::int8_t innermost(int lane) const;

    std::vector<Lane> m_lanes;
    std::vector<std::int32_t> m_laneByString; // by StrId: lane index + 1, 0 = none
    std::vector<std::int8_t> m_fromLevels, m_toLevels; // per record
    std::vector<std::vector<std::uint64_t>> m_checkpoints; // open call records at k * kCheckpoint
    // Calls open now, in record order. Calls nest per thread, so a return nearly always closes
    // one of the last entries: it is searched from the back.
    std::vector<Open> m_open;
    std::vector<int> m_openPerLane; // open activations per lane
    std::vector<std::uint64_t> m_blockLanes; // per block of kBlockRecords: lanes touched
    std::vector<std::int16_t> m_blockFinding; // per block: a finding's lane, -1 = none
};

} // namespace umdfx::gui
