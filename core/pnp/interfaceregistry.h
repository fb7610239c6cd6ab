#pragma once

#include "core/host/hostport.h"
#include "core/scenario/knobs.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace umdfx {

// One registered device interface instance: (device, interface class, reference string).
struct InterfaceInstance
{
    std::uint32_t id = 0;
    DevNodeId node = 0;
    std::string instanceId;
    GUID interfaceClass {};
    bool hasReference = false;
    std::string reference; // UTF-8; meaningful when hasReference
    std::string symbolicLink; // \\?\ROOT#ECHO#0000#{guid}\Port1
    bool enabled = false;
};

// The kernel's registry of device interfaces (IoRegisterDeviceInterface /
// IoSetDeviceInterfaceState / the DeviceClasses key): instances, their symbolic links and enabled
// state, and the name lookup CreateFile performs. A new instance starts disabled (§4.1).
// Registrations outlive a device's removal, disabled, as the DeviceClasses key does.
//
// Threads: kernel side, world lock held. Instances are owned here and never move (ids stable).
class InterfaceRegistry
{
public:
    using ChangeListener = std::function<void(const InterfaceInstance &, bool enabled)>;
    void setChangeListener(ChangeListener listener) { m_listener = std::move(listener); }

    // IoRegisterDeviceInterface: registering an existing (device, class, reference) returns it.
    const InterfaceInstance &registerInterface(
        DevNodeId node, std::string_view instanceId, const GUID &cls, const std::string *reference);
    // IoSetDeviceInterfaceState. A null reference matches the instance without one.
    // Returns S_OK, or HRESULT_FROM_WIN32(ERROR_NOT_FOUND) for an unknown instance (inferred).
    HRESULT setState(DevNodeId node, const GUID &cls, const std::string *reference, bool enable);
    // Disables every instance of a device (removal); listeners hear each change.
    void disableAll(DevNodeId node);

    const InterfaceInstance *find(
        DevNodeId node, const GUID &cls, const std::string *reference) const;
    // SetupDiGetClassDevs(DIGCF_PRESENT | DIGCF_DEVICEINTERFACE) order: registration order.
    std::vector<const InterfaceInstance *> present(const GUID &cls) const;
    std::vector<const InterfaceInstance *> all() const;

    struct OpenTarget
    {
        const InterfaceInstance *instance = nullptr;
        std::string fileName; // what follows the link: "" or "\Port1" or "\Port1\extra"
    };
    // The object-manager lookup of CreateFile on an interface path. On failure the Win32 error:
    // ERROR_FILE_NOT_FOUND, or ERROR_PATH_NOT_FOUND when a "\..." suffix follows (§4.1, inferred).
    std::variant<OpenTarget, std::uint32_t> resolveOpen(
        std::string_view path, Knobs::DisabledInterfaceOpen policy) const;

private:
    std::vector<std::unique_ptr<InterfaceInstance>> m_instances;
    ChangeListener m_listener;
};

} // namespace umdfx
