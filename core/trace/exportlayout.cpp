#include "core/trace/exportlayout.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace umdfx::trace {

namespace {

// Far below 2^64 and below what any record count can add to it: times stay unsigned and never
// wrap, whatever a file holds.
constexpr std::uint64_t kMaxTimeNs = std::uint64_t(1) << 62;

// Applications first, then the user side, the kernel, the PnP manager, the hosts, the rest.
std::uint64_t threadCategory(std::string_view thread)
{
    if (thread.rfind("app", 0) == 0)
        return 0;
    if (thread == "user")
        return 1;
    if (thread == "kernel")
        return 2;
    if (thread == "pnp")
        return 3;
    if (thread.rfind("host", 0) == 0)
        return 4;
    return 5;
}

} // namespace

ExportLayout::ExportLayout(const TraceStore &store)
{
    const std::size_t n = store.size();
    m_time.resize(n);
    m_endNs.assign(n, 0);
    m_return.assign(n, n);
    m_track.assign(n, kNoTrack);
    m_flow.assign(n, FlowRole::None);

    // Time: virtual time from an origin that is 0, or the first time when that is negative.
    const std::int64_t origin = n && store.at(0).tNs < 0 ? store.at(0).tNs : 0;
    std::uint64_t previous = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t t = store.at(i).tNs;
        // t - origin in unsigned arithmetic is exact for t >= origin (at most 2^64 - 1).
        std::uint64_t rel
            = t < origin ? 0 : static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(origin);
        rel = std::min(rel, kMaxTimeNs);
        m_time[i] = i == 0 ? rel : std::max(rel, previous + 1);
        previous = m_time[i];
    }

    // Pairs: a call with the next return that has its call id. A call id used again before the
    // return leaves the earlier call unreturned.
    std::unordered_map<std::uint32_t, std::size_t> open; // call id -> call index
    struct Points
    {
        std::size_t first, last;
    };
    std::unordered_map<std::uint32_t, Points> requests;
    for (std::size_t i = 0; i < n; ++i) {
        const TraceRecord &r = store.at(i);
        if (r.phase == Phase::Call && r.call) {
            open[r.call] = i;
        } else if (r.phase == Phase::Return) {
            if (const auto it = open.find(r.call); it != open.end()) {
                m_return[it->second] = i;
                open.erase(it);
            }
        }
        if (r.request && r.phase != Phase::Return) {
            const auto [it, fresh] = requests.try_emplace(r.request, Points { i, i });
            if (!fresh)
                it->second.last = i;
        }
    }
    for (const auto &[request, p] : requests) {
        if (p.first == p.last)
            continue;
        m_flow[p.first] = FlowRole::Start;
        m_flow[p.last] = FlowRole::End;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const TraceRecord &r = store.at(i);
        if (m_flow[i] == FlowRole::None && r.request && r.phase != Phase::Return) {
            const Points &p = requests[r.request];
            if (p.first != p.last)
                m_flow[i] = FlowRole::Step;
        }
    }

    // Ends in one order (an "end ordinal"): a return's index, or for an unreturned call n + k,
    // the latest-made unreturned call getting k = 0 so that unreturned calls nest.
    std::vector<std::uint64_t> endOrdinal(n, 0);
    std::uint64_t k = 0;
    for (std::size_t i = n; i-- > 0;) {
        if (store.at(i).phase != Phase::Call)
            continue;
        endOrdinal[i] = m_return[i] < n ? m_return[i] : n + k++;
    }
    const std::uint64_t last = n ? m_time[n - 1] : 0;
    const auto timeOfOrdinal = [&](std::uint64_t ordinal) {
        return ordinal < n ? m_time[ordinal] : last + 1 + (ordinal - n);
    };

    // Tracks: per thread, the first of its tracks on which the call nests (every slice still
    // open there contains it), else a new one.
    struct Thread
    {
        std::uint64_t rank;
        std::vector<std::uint32_t> tracks;
        std::vector<std::vector<std::uint64_t>> open; // per track: end ordinals, innermost last
    };
    std::unordered_map<StrId, Thread> threads;
    const auto threadOf = [&](StrId id) -> Thread & {
        auto [it, fresh] = threads.try_emplace(id);
        if (fresh)
            it->second.rank = threads.size() - 1;
        return it->second;
    };
    const auto addTrack = [&](StrId id, Thread &t) {
        const int lane = static_cast<int>(t.tracks.size());
        std::string name(str(id));
        if (name.empty())
            name = "(no thread)";
        if (lane)
            name += " [" + std::to_string(lane + 1) + "]";
        const std::uint64_t order
            = (threadCategory(str(id)) << 56) | (t.rank << 8) | static_cast<std::uint64_t>(lane);
        t.tracks.push_back(static_cast<std::uint32_t>(m_tracks.size()));
        t.open.emplace_back();
        m_tracks.push_back(ExportTrack { std::move(name), id, lane, order });
    };
    for (std::size_t i = 0; i < n; ++i) {
        const TraceRecord &r = store.at(i);
        if (r.phase == Phase::Return)
            continue;
        Thread &t = threadOf(r.thread);
        if (t.tracks.empty())
            addTrack(r.thread, t);
        if (r.phase != Phase::Call) {
            m_track[i] = t.tracks[0];
            continue;
        }
        const std::uint64_t end = endOrdinal[i];
        std::size_t chosen = t.tracks.size();
        for (std::size_t lane = 0; lane < t.tracks.size(); ++lane) {
            auto &stack = t.open[lane];
            while (!stack.empty() && stack.back() < i)
                stack.pop_back();
            if (stack.empty() || stack.back() > end) {
                chosen = lane;
                break;
            }
        }
        if (chosen == t.tracks.size() && t.tracks.size() < std::size_t(kMaxTracksPerThread))
            addTrack(r.thread, t);
        if (chosen == t.tracks.size() && chosen == std::size_t(kMaxTracksPerThread)) {
            // Fits nowhere: a slice of no duration nests inside whatever is open on track 0.
            m_track[i] = t.tracks[0];
            m_endNs[i] = m_time[i];
            ++m_cut;
            continue;
        }
        t.open[chosen].push_back(end);
        m_track[i] = t.tracks[chosen];
        m_endNs[i] = timeOfOrdinal(end);
    }
}

std::vector<std::uint32_t> ExportLayout::trackOrder() const
{
    std::vector<std::uint32_t> ids(m_tracks.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        ids[i] = static_cast<std::uint32_t>(i);
    std::sort(ids.begin(), ids.end(),
        [this](std::uint32_t a, std::uint32_t b) { return m_tracks[a].order < m_tracks[b].order; });
    return ids;
}

} // namespace umdfx::trace
