#include "core/host/drivermodule.h"

namespace umdfx {

void DriverModuleRegistry::add(DriverModule module)
{
    m_modules.push_back(std::move(module));
}

const DriverModule *DriverModuleRegistry::find(std::string_view spec) const
{
    constexpr std::string_view prefix = "builtin:";
    if (spec.substr(0, prefix.size()) != prefix)
        return nullptr;
    const auto name = spec.substr(prefix.size());
    for (const auto &m : m_modules) {
        if (m.name == name)
            return &m;
    }
    return nullptr;
}

std::vector<std::string> DriverModuleRegistry::names() const
{
    std::vector<std::string> out;
    for (const auto &m : m_modules)
        out.push_back("builtin:" + m.name);
    return out;
}

} // namespace umdfx
