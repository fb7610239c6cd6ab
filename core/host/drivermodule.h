#pragma once

#include "core/wudf/wudfddi.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace umdfx {

using DllGetClassObjectFn = HRESULT (*)(REFCLSID clsid, REFIID riid, void **ppv);
using DllMainFn = BOOL (*)(HANDLE module, DWORD reason, void *reserved);
inline constexpr DWORD DLL_PROCESS_DETACH = 0;
inline constexpr DWORD DLL_PROCESS_ATTACH = 1;

// A UMDF driver module as the host sees it: the DLL's exports and the DriverCLSID its INF names.
struct DriverModule
{
    std::string name; // "echo": the spec after "builtin:"
    std::string fileName; // "WUDFEchoDriver.dll": shown in the trace
    CLSID driverClsid {};
    DllGetClassObjectFn dllGetClassObject = nullptr;
    DllMainFn dllMain = nullptr; // optional
};

// The modules a host can load: built-in drivers compiled into the simulator (and, later,
// plugin .so files). Scenario files name a module as "builtin:<name>".
//
// Threads: filled before a simulation starts, read-only afterwards.
class DriverModuleRegistry
{
public:
    void add(DriverModule module);
    const DriverModule *find(std::string_view moduleSpec) const; // "builtin:echo"
    std::vector<std::string> names() const;

private:
    std::vector<DriverModule> m_modules;
};

} // namespace umdfx
