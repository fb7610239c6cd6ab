#include "core/pnp/interfaceregistry.h"

#include "core/common/text.h"
#include "core/pnp/symboliclink.h"
#include "core/wudf/wudfstatus.h"

#include <memory>

namespace umdfx {

static bool sameReference(const InterfaceInstance &i, const std::string *reference)
{
    if (!reference)
        return !i.hasReference;
    return i.hasReference && equalsIgnoreCase(i.reference, *reference);
}

const InterfaceInstance *InterfaceRegistry::find(
    DevNodeId node, const GUID &cls, const std::string *reference) const
{
    for (const auto &i : m_instances) {
        if (i->node == node && i->interfaceClass == cls && sameReference(*i, reference))
            return i.get();
    }
    return nullptr;
}

const InterfaceInstance &InterfaceRegistry::registerInterface(
    DevNodeId node, std::string_view instanceId, const GUID &cls, const std::string *reference)
{
    if (const auto *existing = find(node, cls, reference))
        return *existing;
    auto i = std::make_unique<InterfaceInstance>();
    i->id = static_cast<std::uint32_t>(m_instances.size() + 1);
    i->node = node;
    i->instanceId = std::string(instanceId);
    i->interfaceClass = cls;
    i->hasReference = reference != nullptr;
    if (reference)
        i->reference = *reference;
    i->symbolicLink = makeSymbolicLink(
        instanceId, cls, reference ? std::string_view(*reference) : std::string_view());
    m_instances.push_back(std::move(i));
    return *m_instances.back();
}

HRESULT InterfaceRegistry::setState(
    DevNodeId node, const GUID &cls, const std::string *reference, bool enable)
{
    auto *i = const_cast<InterfaceInstance *>(find(node, cls, reference));
    if (!i)
        return HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
    if (i->enabled != enable) {
        i->enabled = enable;
        if (m_listener)
            m_listener(*i, enable);
    }
    return S_OK;
}

void InterfaceRegistry::disableAll(DevNodeId node)
{
    for (auto &i : m_instances) {
        if (i->node == node && i->enabled) {
            i->enabled = false;
            if (m_listener)
                m_listener(*i, false);
        }
    }
}

std::vector<const InterfaceInstance *> InterfaceRegistry::present(const GUID &cls) const
{
    std::vector<const InterfaceInstance *> out;
    for (const auto &i : m_instances) {
        if (i->enabled && i->interfaceClass == cls)
            out.push_back(i.get());
    }
    return out;
}

std::vector<const InterfaceInstance *> InterfaceRegistry::all() const
{
    std::vector<const InterfaceInstance *> out;
    for (const auto &i : m_instances)
        out.push_back(i.get());
    return out;
}

std::variant<InterfaceRegistry::OpenTarget, std::uint32_t> InterfaceRegistry::resolveOpen(
    std::string_view path, Knobs::DisabledInterfaceOpen policy) const
{
    const auto parsed = parseSymbolicLink(path);
    if (!parsed)
        return static_cast<std::uint32_t>(ERROR_FILE_NOT_FOUND);
    const std::uint32_t notFound
        = parsed->remainder.empty() ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;

    // The kernel link object \GLOBAL??\<munged>#{guid} exists while any instance of this class on
    // this device is enabled: it is shared by all reference strings (§4.1).
    const InterfaceInstance *exact = nullptr;
    const InterfaceInstance *anyEnabled = nullptr;
    for (const auto &i : m_instances) {
        if (!(i->interfaceClass == parsed->interfaceClass))
            continue;
        std::string munged = i->instanceId;
        for (char &c : munged)
            if (c == '\\')
                c = '#';
        if (!equalsIgnoreCase(munged, parsed->mungedInstance))
            continue;
        if (i->enabled && !anyEnabled)
            anyEnabled = i.get();
        const bool refMatches = i->hasReference
            ? equalsIgnoreCase(i->reference, parsed->firstComponent)
            : parsed->firstComponent.empty();
        if (refMatches && (!exact || (i->enabled && !exact->enabled)))
            exact = i.get();
    }
    if (!anyEnabled)
        return notFound;
    if (exact && exact->enabled)
        return OpenTarget { exact, parsed->remainder };
    if (policy == Knobs::DisabledInterfaceOpen::KernelLink) {
        // The shared link survives: the create reaches the driver with whatever name followed it.
        return OpenTarget { exact ? exact : anyEnabled, parsed->remainder };
    }
    return notFound;
}

} // namespace umdfx
