// libFuzzer target: the scenario loader and the action parser on arbitrary text (the first byte
// picks which). Bad input must give a LoadError with a position, never a crash; what parses must
// print back (formatAction) and parse again to the same action.
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);
    if (data[0] & 1) {
        auto loaded = umdfx::scenario::loadScenario(text, "fuzz.json");
        if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded)) {
            if (err->message.empty())
                __builtin_trap();
        }
        return 0;
    }
    auto parsed = umdfx::scenario::parseActions(text, "fuzz.actions");
    if (auto *actions = std::get_if<std::vector<umdfx::scenario::Action>>(&parsed)) {
        for (const auto &a : *actions) {
            const std::string line = umdfx::scenario::formatAction(a);
            auto again = umdfx::scenario::parseActionLine(line, "again", 1);
            const auto *b = std::get_if<umdfx::scenario::Action>(&again);
            if (!b || b->op != a.op || b->app != a.app)
                __builtin_trap(); // formatAction's promise: the canonical line parses back
        }
    } else if (std::get<umdfx::scenario::LoadError>(parsed).message.empty()) {
        __builtin_trap();
    }
    return 0;
}
