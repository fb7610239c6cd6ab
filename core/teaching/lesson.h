#pragma once
// A guided lesson (resources/lessons/*.json, docs/teaching.md): a scenario to run and steps to
// walk through, each a short text for the learner, the action to perform (or none: "just look"),
// and the records the learner should now see. Plain values made by lessonloader.h: any thread may
// read a copy.

#include "core/scenario/action.h"
#include "core/scenario/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace umdfx::teaching {

// One record the learner should see: an Interface::Method as the trace names it
// ("IQueueCallbackCreate::OnCreateFile", "WM_DEVICECHANGE::DBT_CUSTOMEVENT",
// "WUDFEchoDriver.dll::DllGetClassObject"). A call or an event of that name matches; returns do
// not (they repeat the call's name).
struct Expectation
{
    std::string interfaceName;
    std::string method;
    scenario::SourceLocation where;
    std::string name() const { return interfaceName + "::" + method; }
};

struct LessonStep
{
    std::string text; // what to do and what to look for, for a learner
    // Shown once the step is complete: why it happened that way (optional).
    std::string note;
    // The action to perform, as an action-language line; none: a "just look" step, which looks
    // at the records of the last step that had an action (or of the start-up, before any).
    std::optional<scenario::Action> action;
    std::string actionLine; // the line as written ("" when no action)
    // The records the learner should now see. In order (the default), each must come after the
    // previous one; with inOrder false, in any order. A name listed twice means two records.
    std::vector<Expectation> expect;
    bool inOrder = true;
    // Records that must NOT appear in the step ("no OnCreateFile reaches the driver").
    std::vector<Expectation> absent;
    scenario::SourceLocation where; // the step's object in the file
};

struct Lesson
{
    std::string id; // the file name without ".json": "s2-open-write-close"
    std::string title;
    std::string reference; // the reference scenario it follows: "S2"
    // The scenario it runs on: "embedded:NAME" (resources/scenarios/NAME.json) or "lesson:NAME"
    // (resources/lessons/scenarios/NAME.json). lessonScenarioText() resolves it.
    std::string scenario;
    std::string introduction; // what the lesson is about, before the first step
    std::vector<LessonStep> steps; // at least one
    scenario::SourceLocation where;
};

} // namespace umdfx::teaching
