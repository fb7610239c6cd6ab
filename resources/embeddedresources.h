#pragma once
// Files compiled into the program from resources/ (the scenarios), without Qt.

#include <optional>
#include <string_view>
#include <vector>

namespace umdfx::resources {

struct EmbeddedFile
{
    std::string_view name; // file name without extension: "default"
    std::string_view text;
};

const std::vector<EmbeddedFile> &embeddedScenarios();
std::string_view defaultScenario();
std::optional<std::string_view> scenario(std::string_view name);
std::vector<std::string_view> scenarioNames();

} // namespace umdfx::resources
