// libFuzzer target: an action script parsed and RUN against the embedded echo scenario, so that
// legal but absurd scripts (huge advances, a million repeats, handles used after removal, I/O on
// a device that is gone) are explored, not only parsing. The run is bounded as umdfctl bounds it:
// a small record cap (knob maxRecords) and a virtual-time budget; the script's advances must fit
// before the end of virtual time (checkVirtualTime), as umdfctl checks. A run must end, never
// crash, and never take virtual time backwards or past its end.
#include "core/runtime/scheduler.h"
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

constexpr std::uint32_t kMaxRecords = 20000;
constexpr std::int64_t kVirtualTimeBudgetNs = 3600LL * 1'000'000'000; // an hour of virtual time

const umdfx::scenario::Scenario &echoScenario()
{
    static const umdfx::scenario::Scenario scenario = [] {
        // The embedded echo scenario with the cap as a knob.
        std::string text(*umdfx::resources::scenario("echo"));
        text.resize(text.rfind('}'));
        text += ", \"knobs\": { \"maxRecords\": " + std::to_string(kMaxRecords) + " } }\n";
        auto loaded = umdfx::scenario::loadScenario(text, "embedded:echo");
        if (!std::holds_alternative<umdfx::scenario::Scenario>(loaded))
            __builtin_trap();
        return std::get<umdfx::scenario::Scenario>(std::move(loaded));
    }();
    return scenario;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    auto parsed = umdfx::scenario::parseActions(text, "fuzz.actions");
    const auto *actions = std::get_if<std::vector<umdfx::scenario::Action>>(&parsed);
    if (!actions || umdfx::checkVirtualTime(*actions))
        return 0;
    umdfx::Simulation sim(echoScenario(), umdfx::builtinDrivers());
    sim.powerOn();
    umdfx::ActionRunner runner(sim);
    umdfx::Scheduler &scheduler = sim.world().scheduler;
    std::int64_t last = scheduler.now();
    for (auto a : *actions) {
        if (scheduler.now() > kVirtualTimeBudgetNs)
            break;
        // record-limit may move the cap, within the fuzzer's own: never off, never above it.
        if (auto *limit = std::get_if<umdfx::scenario::RecordLimitAction>(&a.op);
            limit && (limit->records == 0 || limit->records > kMaxRecords))
            limit->records = kMaxRecords;
        const auto result = runner.run(a);
        if (!result.ok && result.message.empty())
            __builtin_trap(); // a failure always says why
        const std::int64_t now = scheduler.now();
        if (now < last || now > umdfx::kMaxVirtualTimeNs)
            __builtin_trap(); // time never goes back nor past its end
        last = now;
        if (scheduler.stopRequested())
            break;
    }
    // The cap holds: the task that reached it may add a few records, not thousands.
    if (sim.world().trace.size() > kMaxRecords + 5000)
        __builtin_trap();
    return 0;
}
