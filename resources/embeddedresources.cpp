#include "resources/embeddedresources.h"

namespace umdfx::resources {

namespace {

std::optional<std::string_view> byName(
    const std::vector<EmbeddedFile> &files, std::string_view name)
{
    for (const auto &f : files)
        if (f.name == name)
            return f.text;
    return std::nullopt;
}

} // namespace

std::optional<std::string_view> scenario(std::string_view name)
{
    return byName(embeddedScenarios(), name);
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

std::optional<std::string_view> lessonScenario(std::string_view name)
{
    return byName(embeddedLessonScenarios(), name);
}

} // namespace umdfx::resources
