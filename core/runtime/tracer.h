#pragma once

#include "core/runtime/scheduler.h"
#include "core/trace/argswriter.h"
#include "core/trace/tracestore.h"

#include <cstdint>
#include <exception>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace umdfx {

// Well-known parties (lanes) of the trace. Applications and drivers use their own names.
namespace lanes {
trace::StrId kernel(); // the I/O manager + reflector: what a Win32 call enters
trace::StrId framework(); // UMDF inside the driver host
trace::StrId pnp(); // the PnP manager
trace::StrId host(); // the driver host process itself (module loading, failures)
trace::StrId user(); // the person at the keyboard: actions
} // namespace lanes

class CallGate;

// The simulator's single way to write trace records. It stamps each record with the virtual
// time and the logical thread of the running task, numbers calls so that a call and its return
// pair up, and never formats text (args are typed values; views format what they show).
//
// Threads: called with the world lock held. Owns nothing; the TraceStore belongs to the world.
class Tracer
{
public:
    Tracer(trace::TraceStore &store, Scheduler &scheduler)
        : m_store(store)
        , m_scheduler(scheduler)
    { }

    struct Site
    {
        trace::Kind kind = trace::Kind::Callback;
        trace::StrId from = 0, to = 0, device = 0, iface = 0, method = 0;
        std::uint32_t object = 0, request = 0;
    };

    // Appends the call record; returns its call id (for ret()).
    std::uint32_t call(const Site &site, const trace::ArgsWriter *args = nullptr);
    void ret(const Site &site, std::uint32_t callId, std::optional<std::uint32_t> hr,
        const trace::ArgsWriter *args = nullptr);
    void event(const Site &site, std::optional<std::uint32_t> hr = std::nullopt,
        const trace::ArgsWriter *args = nullptr);

    trace::TraceStore &store() { return m_store; }
    // The record cap (knob maxRecords): the append that makes the count reach it asks the
    // scheduler to stop (StopReason::RecordLimit); nothing is dropped, the run ends at the next
    // task boundary.
    void setRecordLimit(std::uint64_t records) { m_recordLimit = records; }
    std::uint64_t recordLimit() const { return m_recordLimit; }
    std::uint64_t recordsAppended() const { return m_appended; }
    // The debugger's gate (nullptr: never stop). Set before the simulation runs.
    void setGate(CallGate *gate) { m_gate = gate; }
    CallGate *gate() const { return m_gate; }

    // The sequence number of the last record this tracer appended (0 before the first).
    std::uint64_t lastSeq() const { return m_lastSeq; }
    // The call record of the innermost TracedCall still open: the call a verifier finding made
    // now is about. Calls paired by hand (call()/ret() across tasks) are not on this stack.
    std::optional<std::uint64_t> innermostCall() const
    {
        if (m_openCalls.empty())
            return std::nullopt;
        return m_openCalls.back();
    }

    // The innermost open framework->driver callback's call record (what a finding about a
    // callback that blocks cites), or Verifier's kNoRecord (~0) when none is open.
    std::uint64_t innermostCallback() const;

    // Every open TracedCall's call record, outermost first.
    const std::vector<std::uint64_t> &openCalls() const { return m_openCalls; }

    // The calls a crash left without a return (TracedCalls unwound by an exception), innermost
    // first, since the last take: what DriverHost::crashed() reports the driver was doing.
    std::vector<std::uint64_t> takeAbandonedCalls() { return std::exchange(m_abandoned, {}); }
    // A crash that could not be unwound skipped this thread's TracedCalls opened after the
    // first `from` open calls (DriverHost::contain, driverfault.h runContained): they are
    // abandoned, innermost first, as unwinding would have abandoned them.
    void abandonCallsOfThisThread(std::size_t from);

private:
    friend class TracedCall;
    trace::RecordFields fields(const Site &site, trace::Phase phase) const;
    void openCall(std::uint64_t seq)
    {
        m_openCalls.push_back(seq);
        m_openCallThreads.push_back(std::this_thread::get_id());
    }
    void closeCall(std::uint64_t seq);
    void abandonCall(std::uint64_t seq)
    {
        closeCall(seq);
        m_abandoned.push_back(seq);
    }

    void appended(std::uint64_t seq)
    {
        m_lastSeq = seq;
        if (++m_appended == m_recordLimit) [[unlikely]]
            m_scheduler.requestStop(StopReason::RecordLimit);
    }

    trace::TraceStore &m_store;
    Scheduler &m_scheduler;
    std::uint64_t m_recordLimit = ~std::uint64_t(0);
    std::uint32_t m_nextCall = 1;
    std::uint64_t m_lastSeq = 0;
    std::uint64_t m_appended = 0; // records this tracer appended: the next one's sequence number
    std::vector<std::uint64_t> m_openCalls; // seqs of the open TracedCalls' call records
    std::vector<std::thread::id> m_openCallThreads; // the thread that opened each
    std::vector<std::uint64_t> m_abandoned; // unwound by a crash, innermost first
    CallGate *m_gate = nullptr; // not owned
};

// Where the simulation may stop for a person (core/host/debugger.h implements it): the Tracer
// asks before it appends each record (a framework->driver callback's call record being the usual
// stop), and the verifier after a finding. A gate may block the calling (simulation) thread until
// told to go on; it records nothing, so a run with pauses gives exactly the trace of a run
// without.
class CallGate
{
public:
    virtual ~CallGate() = default;
    // site/phase: the record about to be appended (a return's lanes already swapped); nextSeq:
    // the sequence number it will get; depth: the TracedCalls open now.
    virtual void beforeRecord(
        const Tracer::Site &site, trace::Phase phase, std::uint64_t nextSeq, std::size_t depth)
        = 0;
    // finding: the finding record's site (its method is the rule, "V5"); seq: its record.
    virtual void afterFinding(const Tracer::Site &finding, std::uint64_t seq, std::size_t depth)
        = 0;
    // Whether the simulation is stopped here for a person now (any thread may ask): the threads'
    // spin watchdog does not fire while it is.
    virtual bool isHolding() const { return false; }
};

// A call record now and its return record when the scope ends (or at done()). Use it around
// every framework->driver callback and every driver->framework DDI so nested calls nest.
class TracedCall
{
public:
    TracedCall(Tracer &tracer, const Tracer::Site &site, const trace::ArgsWriter *args = nullptr)
        : m_tracer(tracer)
        , m_site(site)
        , m_id(tracer.call(site, args))
        , m_seq(tracer.lastSeq())
        , m_uncaught(std::uncaught_exceptions())
    {
        tracer.openCall(m_seq);
    }
    ~TracedCall()
    {
        if (m_done)
            return;
        // Unwound by a crash of driver code (DriverHost::contain): the call never returned, as
        // on Windows, where the host process is gone. No return record, no depth left open.
        if (std::uncaught_exceptions() > m_uncaught) {
            m_tracer.abandonCall(m_seq);
            return;
        }
        m_tracer.closeCall(m_seq);
        m_tracer.ret(m_site, m_id, std::nullopt);
    }
    TracedCall(const TracedCall &) = delete;
    TracedCall &operator=(const TracedCall &) = delete;

    void done(std::optional<std::uint32_t> hr, const trace::ArgsWriter *args = nullptr)
    {
        if (m_done)
            return;
        m_done = true;
        m_tracer.closeCall(m_seq);
        m_tracer.ret(m_site, m_id, hr, args);
    }
    std::uint32_t id() const { return m_id; }
    std::uint64_t seq() const { return m_seq; } // the call record's sequence number

private:
    Tracer &m_tracer;
    Tracer::Site m_site;
    std::uint32_t m_id;
    std::uint64_t m_seq;
    int m_uncaught; // exceptions in flight when it opened
    bool m_done = false;
};

} // namespace umdfx
