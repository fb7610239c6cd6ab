#pragma once

#include "core/scenario/scenario.h"

#include <filesystem>
#include <string_view>
#include <variant>

namespace umdfx::scenario {

// Loads and validates a scenario (JSON, docs/scenario-format.md). Every problem — syntax, a
// wrong type, a missing or unknown key, a duplicate or malformed instance ID, an unknown driver
// or parent, a parent cycle, a bad parameter or knob — is a LoadError naming file:line:column.
// Devices come back ordered parents first.
std::variant<Scenario, LoadError> loadScenario(std::string_view text, std::string_view fileName);
std::variant<Scenario, LoadError> loadScenarioFile(const std::filesystem::path &path);

} // namespace umdfx::scenario
