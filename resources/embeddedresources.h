#pragma once
// Files compiled into the program from resources/ (see resources/CMakeLists.txt), without Qt, so
// that core, the CLI and the tests use the same bytes: the scenarios (resources/scenarios/), the
// explanation catalog (resources/explanations/), the guided lessons (resources/lessons/) and the
// scenarios written for lessons (resources/lessons/scenarios/). Immutable data with static
// storage: any thread may call these, the views stay valid for the life of the program.

#include <optional>
#include <string_view>
#include <vector>

namespace umdfx::resources {

struct EmbeddedFile
{
    std::string_view name; // file name without its extension: "default"
    std::string_view text; // the file's bytes
};

const std::vector<EmbeddedFile> &embeddedScenarios(); // in file-name order
std::string_view defaultScenario(); // resources/scenarios/default.json
std::optional<std::string_view> scenario(std::string_view name); // by name, without ".json"
std::vector<std::string_view> scenarioNames(); // in file-name order

// resources/explanations/*.json: the explanation catalog (core/teaching/explanationcatalog.h
// reads it), in file-name order.
const std::vector<EmbeddedFile> &embeddedExplanations();
// resources/lessons/*.json: the guided lessons (core/teaching/lesson.h), in file-name order.
const std::vector<EmbeddedFile> &embeddedLessons();
// resources/lessons/scenarios/*.json: scenarios only lessons run on ("lesson:NAME").
const std::vector<EmbeddedFile> &embeddedLessonScenarios();
std::optional<std::string_view> lessonScenario(std::string_view name); // by name, without ".json"

} // namespace umdfx::resources
