#include "resources/embeddedresources.h"

namespace umdfx::resources {

std::optional<std::string_view> scenario(std::string_view name)
{
    for (const auto &f : embeddedScenarios())
        if (f.name == name)
            return f.text;
    return std::nullopt;
}

std::string_view defaultScenario()
{
    return scenario("default").value_or(std::string_view());
}

std::vector<std::string_view> scenarioNames()
{
    std::vector<std::string_view> names;
    for (const auto &f : embeddedScenarios())
        names.push_back(f.name);
    return names;
}

} // namespace umdfx::resources
