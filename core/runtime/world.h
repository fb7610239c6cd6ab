#pragma once

#include "core/runtime/cooperativethreads.h"
#include "core/runtime/scheduler.h"
#include "core/runtime/tracer.h"
#include "core/runtime/worldlock.h"
#include "core/scenario/knobs.h"
#include "core/trace/tracestore.h"
#include "core/verifier/verifier.h"

#include <atomic>
#include <cstdint>

namespace umdfx {

// What every part of one simulated machine shares: the deterministic scheduler and virtual clock,
// the trace, the settings, and the id counters. Both sides of the reflector boundary see it, as
// both sides of a real machine see the same clock and the same ETW session; they still talk to
// each other only through HostPort/KernelPort.
//
// Threads: the world lock serializes everything that touches simulated state. Tasks run with it
// held; a driver's own thread runs only with the baton (CooperativeThreads) and takes the lock in
// the DDI entry, the thread that handed it the baton having given the lock back. Owned by
// Simulation; everything else holds a reference.
struct World
{
    explicit World(Knobs k)
        : knobs(k)
        , trace(false, trace::TraceStore::Producers::Serialized) // the Tracer appends under lock
        , tracer(trace, scheduler)
        , verifier(tracer)
        , threads(scheduler, lock)
    {
        threads.setDefaultLimit(static_cast<std::int64_t>(knobs.waitLimitMs) * 1'000'000);
        threads.setSpinLimit(std::chrono::milliseconds(knobs.spinLimitMs));
        threads.setGateSource(&tracer);
        tracer.setRecordLimit(knobs.maxRecords);
    }
    World(const World &) = delete;
    World &operator=(const World &) = delete;

    Knobs knobs;
    trace::TraceStore trace;
    Scheduler scheduler;
    Tracer tracer;
    Verifier verifier;
    WorldLock lock;
    // Driver-created threads and every wait: the baton (cooperativethreads.h).
    CooperativeThreads threads;

    std::uint32_t nextIrp = 1; // request ids: IRPs and driver-created requests share them
    std::uint32_t nextObject = 1; // framework object ids, across all hosts

    std::uint32_t newRequestId() { return nextIrp++; }
    std::uint32_t newObjectId() { return nextObject++; }
};

} // namespace umdfx
