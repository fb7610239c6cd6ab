#pragma once
// Where and when each record goes in a timeline export (Chrome Trace Event JSON, Perfetto): the
// one place that decides tracks, timestamps, call slices and request flows, so both exports show
// the same picture.
//
//   - Tracks: a track is a logical thread of the simulation (the record's thread: "app1",
//     "pnp", "host1", "host2.notify"). Calls made on one logical thread nest (a callee returns
//     before its caller), except where the simulation sends a message and goes on: the PnP
//     manager's AddDevice and IRP_MN_START_DEVICE go to three hosts at once and return in any
//     order. Such an overlapping call goes on an extra track of that thread ("pnp [2]"), chosen
//     so that every track nests strictly: two slices on one track are either disjoint or one
//     lies wholly inside the other. A thread gets at most kMaxTracksPerThread tracks; a call that
//     still fits none (only a hostile file does that) is shown with no duration.
//   - Time: ns of virtual time made strictly increasing: a record gets its virtual time, or 1 ns
//     after the record before it when that is later (records at one virtual instant keep their
//     order; a damaged file's time that goes backwards is held). Unsigned and far from overflow
//     for any i64 a file can hold: a trace whose first time is negative starts at 0 instead.
//   - Slices: a call lasts until the return with its call id; a call that never returned lasts
//     past the last record, the later-made ones ending first, so they too nest.
//   - Flows: the records of one request (not its returns), from the first to the last.
//
// Threads: built on any thread from the records below store.size() at construction; immutable
// after. Holds no reference to the store.

#include "core/trace/tracestore.h"

#include <cstdint>
#include <string>
#include <vector>

namespace umdfx::trace {

struct ExportTrack
{
    std::string name; // the thread's name, "pnp [2]" for its second track
    StrId thread = 0;
    int lane = 0; // 0: the thread's own track, 1.. its extra tracks
    // Sort key: applications, user, kernel, PnP, hosts, the rest; then the thread's first use;
    // then the lane.
    std::uint64_t order = 0;
};

enum class FlowRole : std::uint8_t { None, Start, Step, End };

class ExportLayout
{
public:
    static constexpr int kMaxTracksPerThread = 64;
    static constexpr std::uint32_t kNoTrack = 0xFFFFFFFFu;

    explicit ExportLayout(const TraceStore &store);

    std::size_t size() const { return m_time.size(); }
    // Tracks in the order of their ids (the index), which is the order of first use; sort by
    // ExportTrack::order to show them.
    const std::vector<ExportTrack> &tracks() const { return m_tracks; }

    // ns, virtual time, strictly increasing with the index.
    std::uint64_t timeNs(std::size_t index) const { return m_time[index]; }
    // The track of a call or an event record; kNoTrack for a return (shown as its call's end).
    std::uint32_t track(std::size_t index) const { return m_track[index]; }
    // For a call: when its slice ends (ns, > its start unless it was cut), whether it returned,
    // and the index of its return. The end of an unreturned call is after every record.
    std::uint64_t endNs(std::size_t index) const { return m_endNs[index]; }
    bool returned(std::size_t index) const { return m_return[index] < size(); }
    std::size_t returnIndex(std::size_t index) const { return m_return[index]; }
    FlowRole flowRole(std::size_t index) const { return m_flow[index]; }
    // Slices that fitted no track (shown with no duration).
    std::size_t cutSlices() const { return m_cut; }
    // Track ids sorted by ExportTrack::order: the order to show them in.
    std::vector<std::uint32_t> trackOrder() const;

private:
    std::vector<std::uint64_t> m_time;
    std::vector<std::uint64_t> m_endNs; // calls only
    std::vector<std::size_t> m_return; // calls only: the return's index, or size()
    std::vector<std::uint32_t> m_track;
    std::vector<FlowRole> m_flow;
    std::vector<ExportTrack> m_tracks;
    std::size_t m_cut = 0;
};

} // namespace umdfx::trace
