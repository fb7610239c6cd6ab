#pragma once

#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/simulation/snapshot.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace umdfx {

// A Simulation driven one action line at a time, the way a person at the explorer drives it:
// every line is parsed (a bad line is refused and changes nothing), run by an ActionRunner, and
// answered with what Windows would have shown (the Win32 result of the line's call); virtual
// time can be advanced between lines without a trace record (the explorer's real-time clock);
// and the device tree can be pictured with the handle names the `open` lines gave, which only
// this class knows (the runner keeps them private).
//
// Threads: not thread-safe; one thread drives it (the explorer's simulation worker). Each call
// takes the world lock for as long as it runs, so snapshots and actions never interleave with a
// driver's own threads. trace() may be read from any thread (TraceStore's rules).
// Ownership: owns the Simulation and the runner; the scenario is copied in.
class InteractiveSession
{
public:
    // Throws std::invalid_argument like Simulation for knobs that cannot be applied.
    InteractiveSession(const scenario::Scenario &scenario, const DriverModuleRegistry &modules);
    ~InteractiveSession();
    InteractiveSession(const InteractiveSession &) = delete;
    InteractiveSession &operator=(const InteractiveSession &) = delete;

    // Enumerates and starts the device tree (Simulation::powerOn()).
    void powerOn();

    struct Outcome
    {
        bool parsed = false; // false: the line was refused; message says why, nothing ran
        bool ok = false; // the runner performed it (an `expect` held)
        std::string message; // "explorer:3:7: what is wrong" when !parsed or !ok
        std::string canonical; // formatAction() of the parsed line
        std::string app; // "app1"
        std::string verb; // "open", "write", "disable", ...
        std::string handle; // the handle the line names, "" when none
        ActionRunner::LastCall last; // the application's last Win32 call after the line
        bool madeWin32Call = false; // whether `last` is this line's own result
        std::uint64_t firstRecord = 0; // the line's trace records are [firstRecord, endRecord)
        std::uint64_t endRecord = 0;
        std::int64_t virtualTimeBefore = 0; // ns, virtual time when the line started
        std::int64_t virtualTimeAfter = 0;
    };
    // Parses and runs one line. lineNo numbers it in messages and in the trace ("explorer:N:1").
    Outcome run(std::string_view line, int lineNo);

    // Moves virtual time forward by ns (timers fire on the way) and runs what became due.
    void advance(std::int64_t ns);
    std::int64_t virtualTimeNs();

    // The device tree and the applications' handle tables, with handle names filled in.
    DeviceTreeSnapshot snapshot();

    const trace::TraceStore &trace() { return m_sim.world().trace; }
    Simulation &simulation() { return m_sim; }
    const scenario::Scenario &scenario() const { return m_sim.scenario(); }

private:
    Simulation m_sim;
    ActionRunner m_runner;
    // (application, HANDLE value) -> the name its `open` line gave it.
    std::map<std::pair<std::string, std::uint64_t>, std::string> m_names;
};

} // namespace umdfx
