#pragma once
// The device tree as it was at any record of a captured trace. The trace file holds records, not
// states; the simulation is deterministic, so the state at record n is what a replay of the
// trace's scenario and actions shows just before it records n. A ReplaySession keeps such a
// replay paused on a thread of its own: asking for a later record runs it on from where it
// stands, asking for an earlier one starts it again.
//
// Threads: treeAt() from one thread at a time (the explorer's worker); the replay runs on the
// session's own thread. Owns its replay; the TraceFile must outlive it.

#include "core/host/debugger.h"
#include "core/simulation/replay.h"
#include "core/simulation/snapshot.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

namespace umdfx {

class ReplaySession
{
public:
    ReplaySession(const trace::TraceFile &file, const DriverModuleRegistry &modules);
    ~ReplaySession();
    ReplaySession(const ReplaySession &) = delete;
    ReplaySession &operator=(const ReplaySession &) = delete;

    // The device tree just before record `seq` was recorded (past the end: after the last one).
    // An error when the trace's scenario or actions do not load.
    std::variant<DeviceTreeSnapshot, std::string> treeAt(std::uint64_t seq);
    // Where the paused replay stands (the next record it would record); 0 before the first ask.
    std::uint64_t position() const;

private:
    class Run;
    std::variant<DeviceTreeSnapshot, std::string> startAndRunTo(std::uint64_t seq);

    const trace::TraceFile &m_file;
    const DriverModuleRegistry &m_modules;
    std::unique_ptr<Run> m_run;
};

} // namespace umdfx
