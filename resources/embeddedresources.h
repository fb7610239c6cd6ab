#pragma once
// Files compiled into the program from resources/scenarios/ (see resources/CMakeLists.txt), without
// Qt, so that core, the CLI and the tests use the same bytes. Immutable data with static storage:
// any thread may call these, the views stay valid for the life of the program.

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

} // namespace umdfx::resources
