#pragma once
// Replaying a captured trace (tracefile.h): the scenario and the action log it holds run again in
// a fresh simulation, and the records are compared one by one — everything but wall time, which
// no two runs share. The simulation is deterministic, so a trace captured by this version of the
// simulator replays to the same records; a difference means a different simulator or driver
// build, or a file that was edited.

#include "core/host/drivermodule.h"
#include "core/scenario/action.h"
#include "core/trace/tracefile.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace umdfx {

struct ReplayResult
{
    // The file's scenario or one of its action lines does not load: what and where.
    std::optional<std::string> error;
    bool matches = false;
    std::uint64_t compared = 0; // records compared
    std::uint64_t recorded = 0, replayed = 0; // records in the file, records the replay made
    std::optional<std::uint64_t> firstDifference; // seq of the first record that differs
    std::string expected, actual; // that record, as text, from the file and from the replay
    std::string summary; // one line for people
};

// A trace's scenario and action log, parsed, ready to run again (each action keeps the place it
// was written, part of its record). The error says what does not load.
struct PreparedReplay
{
    scenario::Scenario scenario;
    std::vector<scenario::Action> actions;
};
std::variant<PreparedReplay, std::string> prepareReplay(const trace::TraceFile &file);

// Runs the trace's scenario and actions with these driver modules and compares. Every recorded
// action runs, whatever the result of the one before (the file holds only what was performed).
ReplayResult replayTrace(const trace::TraceFile &file, const DriverModuleRegistry &modules);

// Whether two records are the same event: every field but wall time, and the same args.
bool sameRecord(const trace::TraceStore &a, const trace::TraceRecord &ra,
    const trace::TraceStore &b, const trace::TraceRecord &rb);

} // namespace umdfx
