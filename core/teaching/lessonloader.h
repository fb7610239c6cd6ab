#pragma once
// Loading guided lessons (docs/teaching.md). Pure functions of their arguments (the embedded
// lessons are immutable program data): any thread may call them.

#include "core/scenario/scenario.h"
#include "core/teaching/lesson.h"

#include <optional>
#include <string_view>
#include <variant>
#include <vector>

namespace umdfx::teaching {

// Loads and checks one lesson: its keys and types, a known scenario reference, at least one step,
// each step's action parsed with the action-language parser (a bad line is reported at its own
// column inside the JSON string; an `expect` line is refused: a learner performs actions, tests
// assert), each expected record of the form Interface::Method. The first problem is a LoadError
// at file:line:column. `id` becomes Lesson::id.
std::variant<Lesson, scenario::LoadError> loadLesson(
    std::string_view text, std::string_view fileName, std::string_view id);

// Every lesson compiled in from resources/lessons/, in file-name order (which is the order they
// are meant to be taken in: the files are numbered). The first malformed one is the error.
std::variant<std::vector<Lesson>, scenario::LoadError> loadEmbeddedLessons();

// The scenario text a lesson's reference names ("embedded:echo", "lesson:swenum-open-in-arrival"),
// or nullopt when there is no such embedded file.
std::optional<std::string_view> lessonScenarioText(std::string_view reference);

} // namespace umdfx::teaching
