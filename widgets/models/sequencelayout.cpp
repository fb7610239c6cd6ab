#include "widgets/models/sequencelayout.h"

#include <algorithm>

namespace umdfx::gui {

namespace {

std::int8_t clampLevel(int level)
{
    return static_cast<std::int8_t>(std::clamp(level, -1, 127));
}

} // namespace

SequenceLayout::Group SequenceLayout::groupOfName(std::string_view name)
{
    if (name == "user")
        return Group::User;
    if (name == "kernel")
        return Group::Kernel;
    if (name == "pnp")
        return Group::Pnp;
    if (name == "host")
        return Group::Host;
    if (name == "framework")
        return Group::Framework;
    return Group::Other;
}

std::string_view SequenceLayout::groupName(Group g)
{
    switch (g) {
    case Group::User:
        return "user";
    case Group::Application:
        return "application";
    case Group::Kernel:
        return "kernel";
    case Group::Pnp:
        return "PnP manager";
    case Group::Host:
        return "driver host";
    case Group::Framework:
        return "framework";
    case Group::Driver:
        return "driver";
    case Group::Other:
        return "other";
    }
    return "other";
}

void SequenceLayout::clear()
{
    *this = SequenceLayout {};
}

int SequenceLayout::laneOf(trace::StrId name) const
{
    return name < m_laneByString.size() ? m_laneByString[name] - 1 : -1;
}

int SequenceLayout::lane(trace::StrId name, Group role, std::uint64_t record)
{
    if (name >= m_laneByString.size())
        m_laneByString.resize(std::max<std::size_t>(name + 1, m_laneByString.size() * 2), 0);
    std::int32_t &slot = m_laneByString[name];
    if (slot) {
        Lane &l = m_lanes[std::size_t(slot - 1)];
        if (l.group == Group::Other && role != Group::Other)
            l.group = role; // first seen in a record that did not say what it is
        return slot - 1;
    }
    if (m_lanes.size() >= kMaxLanes)
        return 0;
    const Group known = groupOfName(trace::str(name));
    m_lanes.push_back({ name, known != Group::Other ? known : role, record });
    m_openPerLane.push_back(0);
    slot = std::int32_t(m_lanes.size());
    return slot - 1;
}

std::int8_t SequenceLayout::innermost(int laneIndex) const
{
    return clampLevel(m_openPerLane[std::size_t(laneIndex)] - 1);
}

void SequenceLayout::note(const trace::TraceRecord &r, std::uint64_t record)
{
    using trace::Kind;
    using trace::Phase;
    // What each end of the record is, from what kind of crossing it is.
    Group fromRole = Group::Other, toRole = Group::Other;
    const bool isReturn = r.phase == Phase::Return;
    switch (r.kind) {
    case Kind::Action:
        fromRole = Group::User;
        toRole = Group::Application;
        break;
    case Kind::Win32:
        fromRole = isReturn ? Group::Kernel : Group::Application;
        toRole = isReturn ? Group::Application : Group::Kernel;
        break;
    case Kind::Callback:
    case Kind::Host:
        (isReturn ? fromRole : toRole) = Group::Driver;
        break;
    case Kind::Ddi:
        (isReturn ? toRole : fromRole) = Group::Driver;
        (isReturn ? fromRole : toRole) = Group::Framework;
        break;
    case Kind::Pnp:
        (isReturn ? toRole : fromRole) = Group::Pnp;
        break;
    default:
        break;
    }
    const int from = lane(r.from, fromRole, record);
    const int to = lane(r.to, toRole, record);

    std::int8_t fromLevel = innermost(from), toLevel = innermost(to);
    if (r.phase == Phase::Call && r.call) {
        toLevel = clampLevel(m_openPerLane[std::size_t(to)]++);
        m_open.push_back({ record, r.call, std::uint16_t(to), toLevel });
        if (m_open.size() > kMaxOpenCalls) {
            --m_openPerLane[m_open.front().lane];
            m_open.erase(m_open.begin());
        }
    } else if (isReturn && r.call) {
        for (auto it = m_open.rbegin(); it != m_open.rend(); ++it) {
            if (it->call == r.call) {
                fromLevel = it->level;
                --m_openPerLane[it->lane];
                m_open.erase(std::next(it).base());
                break;
            }
        }
        toLevel = innermost(to);
    }
    m_fromLevels.push_back(fromLevel);
    m_toLevels.push_back(toLevel);

    if (record % kBlockRecords == 0) {
        m_blockLanes.push_back(0);
        m_blockFinding.push_back(-1);
    }
    const auto bit = [](int lane) { return std::uint64_t(1) << std::min(lane, 63); };
    m_blockLanes.back() |= bit(from) | bit(to);
    if (r.kind == Kind::Verifier)
        m_blockFinding.back() = std::int16_t(std::min(from, 0x7FFF));
}

std::uint64_t SequenceLayout::lanesIn(std::size_t first, std::size_t last, int *findingLane) const
{
    std::uint64_t lanes = 0;
    int finding = -1;
    if (!m_blockLanes.empty() && first <= last) {
        const std::size_t b0 = first / kBlockRecords;
        const std::size_t b1 = std::min(last / kBlockRecords, m_blockLanes.size() - 1);
        for (std::size_t b = b0; b <= b1; ++b) {
            lanes |= m_blockLanes[b];
            if (m_blockFinding[b] >= 0)
                finding = m_blockFinding[b];
        }
    }
    if (findingLane)
        *findingLane = finding;
    return lanes;
}

void SequenceLayout::append(const trace::TraceStore &store, std::size_t end)
{
    end = std::min(end, store.size());
    for (std::size_t i = size(); i < end; ++i) {
        if (i % kCheckpointRecords == 0) {
            std::vector<std::uint64_t> open;
            open.reserve(m_open.size());
            for (const Open &o : m_open)
                open.push_back(o.record);
            m_checkpoints.push_back(std::move(open));
        }
        note(store.at(i), i);
    }
}

SequenceLayout::Placement SequenceLayout::placement(
    const trace::TraceRecord &r, std::size_t record) const
{
    Placement p;
    p.from = std::uint16_t(std::max(0, laneOf(r.from)));
    p.to = std::uint16_t(std::max(0, laneOf(r.to)));
    if (record < size()) {
        p.fromLevel = m_fromLevels[record];
        p.toLevel = m_toLevels[record];
    }
    return p;
}

std::vector<int> SequenceLayout::displayOrder() const
{
    std::vector<int> order(m_lanes.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        return m_lanes[std::size_t(a)].group < m_lanes[std::size_t(b)].group;
    });
    return order;
}

std::vector<std::uint64_t> SequenceLayout::openCallsAt(
    const trace::TraceStore &store, std::size_t record) const
{
    std::vector<std::uint64_t> open;
    if (record >= size()) {
        for (const Open &o : m_open)
            open.push_back(o.record);
        return open;
    }
    const std::size_t checkpoint = record / kCheckpointRecords;
    open = m_checkpoints[checkpoint];
    for (std::size_t i = checkpoint * kCheckpointRecords; i < record; ++i) {
        const trace::TraceRecord &r = store.at(i);
        if (!r.call)
            continue;
        if (r.phase == trace::Phase::Call) {
            open.push_back(i);
            if (open.size() > kMaxOpenCalls)
                open.erase(open.begin());
        } else if (r.phase == trace::Phase::Return) {
            for (auto it = open.rbegin(); it != open.rend(); ++it) {
                if (store.at(std::size_t(*it)).call == r.call) {
                    open.erase(std::next(it).base());
                    break;
                }
            }
        }
    }
    return open;
}

} // namespace umdfx::gui
