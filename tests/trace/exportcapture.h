#pragma once
// Real captures for the export tests: an embedded scenario powered on and driven by an action
// script, and the checks every timeline export must pass on it.
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace testing {

// The scenario by its embedded name ("default", "echo", "consumer"), run through `actions`;
// nullptr and *error when something fails.
inline std::unique_ptr<umdfx::Simulation> capture(
    const std::string &scenarioName, const std::string &actions, std::string *error)
{
    const auto text = umdfx::resources::scenario(scenarioName);
    if (!text) {
        *error = "no embedded scenario " + scenarioName;
        return nullptr;
    }
    auto loaded = umdfx::scenario::loadScenario(*text, scenarioName);
    if (!std::holds_alternative<umdfx::scenario::Scenario>(loaded)) {
        *error = "scenario " + scenarioName + " does not load";
        return nullptr;
    }
    auto sim = std::make_unique<umdfx::Simulation>(
        std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
    sim->powerOn();
    umdfx::ActionRunner runner(*sim);
    const auto parsed = umdfx::scenario::parseActions(actions, "script");
    if (!std::holds_alternative<std::vector<umdfx::scenario::Action>>(parsed)) {
        *error = "action script does not parse";
        return nullptr;
    }
    for (const auto &a : std::get<std::vector<umdfx::scenario::Action>>(parsed)) {
        if (!runner.run(a).ok) {
            *error = "an action failed";
            return nullptr;
        }
    }
    return sim;
}

// "Interface::Method" of every call record: what the slices must be named, and all the names
// speedscope may make frames of.
inline std::set<std::string> callNames(const umdfx::trace::TraceStore &store)
{
    std::set<std::string> names;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto &r = store.at(i);
        if (r.phase == umdfx::trace::Phase::Call)
            names.insert(std::string(umdfx::trace::str(r.iface))
                + "::" + std::string(umdfx::trace::str(r.method)));
    }
    return names;
}

// One slice on a track, in ns.
struct Slice
{
    std::uint64_t begin, end;
    std::string name;
};

// "" when the slices of every track nest strictly (two slices are disjoint or one lies wholly
// inside the other), else the first pair that does not, said in words.
inline std::string nestingViolation(std::map<std::string, std::vector<Slice>> tracks)
{
    for (auto &[track, slices] : tracks) {
        // Outer first: by begin, then the longer one.
        std::stable_sort(slices.begin(), slices.end(), [](const Slice &a, const Slice &b) {
            return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
        });
        std::vector<const Slice *> open;
        for (const Slice &s : slices) {
            if (s.end < s.begin)
                return track + ": " + s.name + " ends before it begins";
            while (!open.empty() && open.back()->end <= s.begin)
                open.pop_back();
            if (!open.empty() && s.end > open.back()->end)
                return track + ": " + s.name + " [" + std::to_string(s.begin) + ", "
                    + std::to_string(s.end) + "] overlaps " + open.back()->name + " ["
                    + std::to_string(open.back()->begin) + ", " + std::to_string(open.back()->end)
                    + "] without nesting";
            open.push_back(&s);
        }
    }
    return {};
}

// The action scripts of the real captures the export tests run.
inline const std::vector<std::pair<std::string, std::string>> &captureScripts()
{
    static const std::vector<std::pair<std::string, std::string>> scripts {
        { "default",
            "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1 async\n"
            "write h1 \"hello\"\nread h1 16\nadvance 2s\ncancel h1\nclose h1\n"
            "surprise-remove ROOT\\ECHO\\0000\n" },
        { "echo",
            "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nwrite h1 \"hello\"\n"
            "read h1 5\nopen h2 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1 async\n"
            "writeex h2 \"x\"\nsleepex 10ms\nadvance 1s\nclose h2\nclose h1\n" },
        { "consumer",
            "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nwrite h1 \"abc\"\n"
            "advance 2s\nclose h1\n" },
    };
    return scripts;
}

} // namespace testing
