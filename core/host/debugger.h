#pragma once
// Pausing the simulation for a person (issue "Teaching": stepping and breakpoints). The debugger
// is the Tracer's CallGate: before each framework->driver callback is delivered (and after each
// verifier finding) it decides whether to stop, and if so blocks the simulation thread until told
// to go on. It writes nothing to the trace, so a run with pauses records exactly what a run
// without them records.
//
//   pause()        stop before the next callback
//   step()         deliver the pending callback, stop before the one after it (nested or not)
//   stepOver()     deliver it and everything it causes; stop at the next callback once it returned
//   resume()       go on until a breakpoint
//   runToRecord(n) go on until the trace holds n records: stop just before record n is recorded,
//                  whatever its kind
//
// Breakpoints: a method ("OnWrite" or "IQueueCallbackWrite::OnWrite", any case), a device
// instance ID, or a verifier finding (any, or one rule: "V5").
//
// Threads: the gate runs on the simulation thread with the world lock held; the commands, the
// breakpoints and pending() may be called from any thread (a mutex guards the state). Owned by
// whoever runs the simulation; it must outlive the simulation's use of it (setGate(nullptr)).

#include "core/runtime/tracer.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace umdfx {

class Debugger final : public CallGate
{
public:
    struct Breakpoint
    {
        enum class Kind { Method, Device, Finding } kind = Kind::Method;
        std::string text; // "OnWrite", "IQueueCallbackWrite::OnWrite", "ROOT\ECHO\0000", "V5" or ""
    };
    // "OnWrite", "device:ROOT\ECHO\0000", "finding", "finding:V5" -> a breakpoint; nullopt (and
    // the reason) for anything else.
    static std::optional<Breakpoint> parseBreakpoint(std::string_view text, std::string *error);

    // What the simulation is stopped before (or after, for a finding).
    struct Stop
    {
        bool beforeCallback = true; // false: stopped after a verifier finding
        std::uint64_t seq = 0; // the record to come (a callback's call record, or record n of
                               // runToRecord), or the finding's record
        std::string kind = "callback", phase = "call"; // of that record
        std::string iface, method, device;
        std::uint32_t request = 0;
        std::string reason; // "breakpoint OnWrite", "step", "pause", "record 120 reached", …
        // "next: IQueueCallbackWrite::OnWrite on ROOT\ECHO\0000, request 7"
        std::string description() const;
    };

    void setBreakpoints(std::vector<Breakpoint> breakpoints);
    std::vector<Breakpoint> breakpoints() const;

    void pause();
    void step();
    void stepOver();
    void resume();
    void runToRecord(std::uint64_t records);
    // Lets a stopped simulation go and never stops again (the run is ending, the view closing).
    void detach();

    std::optional<Stop> stopped() const;
    // Called on the simulation thread each time it stops, before it blocks (e.g. to tell the GUI).
    void setStoppedHook(std::function<void(const Stop &)> hook);

    // CallGate
    void beforeRecord(const Tracer::Site &site, trace::Phase phase, std::uint64_t nextSeq,
        std::size_t depth) override;
    void afterFinding(const Tracer::Site &finding, std::uint64_t seq, std::size_t depth) override;
    bool isHolding() const override;

private:
    enum class Mode { Run, Pause, Step, StepOver, RunToRecord, Detached };
    void stop(std::unique_lock<std::mutex> &lock, Stop s, std::size_t depth);
    bool matches(const Breakpoint &b, const Tracer::Site &site) const;

    mutable std::mutex m_mutex;
    std::condition_variable m_go;
    Mode m_mode = Mode::Run;
    std::size_t m_overDepth = 0; // StepOver: stop at a callback at this depth or shallower
    std::uint64_t m_toRecord = 0; // RunToRecord
    std::vector<Breakpoint> m_breakpoints;
    std::optional<Stop> m_stopped;
    std::uint64_t m_generation = 0; // bumped by every command that releases a stop
    std::function<void(const Stop &)> m_hook;
};

} // namespace umdfx
