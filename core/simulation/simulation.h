#pragma once

#include "core/host/driverhost.h"
#include "core/pnp/interfaceregistry.h"
#include "core/pnp/notificationmanager.h"
#include "core/pnp/pnpmanager.h"
#include "core/runtime/world.h"
#include "core/scenario/scenario.h"
#include "core/win32/application.h"
#include "core/win32/iomanager.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace umdfx {

// The one facade app/ and widgets/ need: a simulated machine built from a scenario — the kernel
// side (PnP manager, interface registry, I/O manager + reflector), one driver host per device
// stack, and the simulated applications — sharing one deterministic world and one trace.
//
// Threads: not thread-safe by itself; every call must hold world().lock (the CLI and tests are
// single-threaded; the GUI runs a Simulation on a worker thread). Owns everything it built.
// Bad input found before anything runs: the first driver the scenario names whose module does
// not exist (DriverModuleRegistry::notFound), located at its "module" value:
// "s.json:4:37: driver module \"builtin:nosuch\" not found: no built-in driver named ...".
// A module that exists but fails to load is a run-time failure instead (the device's problem and
// the host's WUDFHost::LoadLibrary record say why). Pure function.
std::optional<scenario::LoadError> findDriverModules(
    const scenario::Scenario &scenario, const DriverModuleRegistry &modules);

class Simulation
{
public:
    // Builds the machine; nothing runs until powerOn(). Throws std::invalid_argument for a
    // scenario whose knobs cannot be applied (the loader validates them first).
    Simulation(const scenario::Scenario &scenario, const DriverModuleRegistry &modules);
    ~Simulation();
    Simulation(const Simulation &) = delete;
    Simulation &operator=(const Simulation &) = delete;

    // Enumerates the device tree and starts every device marked to start, then runs to idle.
    void powerOn();
    void runUntilIdle() { m_world.scheduler.runUntilIdle(); }

    World &world() { return m_world; }
    PnpManager &pnp() { return m_pnp; }
    InterfaceRegistry &interfaces() { return m_interfaces; }
    IoManager &io() { return m_io; }
    NotificationManager &notifications() { return m_notifications; }
    const scenario::Scenario &scenario() const { return m_scenario; }
    const std::vector<std::unique_ptr<DriverHost>> &hosts() const { return m_hosts; }

    // The simulated application with this name (created on first use: process ids 4000, 4004, ...).
    Application &application(const std::string &name);
    const std::map<std::string, std::unique_ptr<Application>> &applications() const
    {
        return m_apps;
    }

private:
    class KernelEndpoint;

    scenario::Scenario m_scenario;
    const DriverModuleRegistry &m_modules;
    World m_world;
    InterfaceRegistry m_interfaces;
    NotificationManager m_notifications;
    PnpManager m_pnp;
    IoManager m_io;
    std::unique_ptr<KernelEndpoint> m_kernel;
    std::vector<std::unique_ptr<DriverHost>> m_hosts;
    std::map<std::string, std::unique_ptr<Application>> m_apps;
};

} // namespace umdfx
