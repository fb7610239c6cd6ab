#pragma once

#include "core/wudf/wudfddi.h"

#include <memory>
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

// The modules a host can load: built-in drivers compiled into the simulator, and plugins — a
// driver built from its Windows sources into a .so (core/compat, umdf_add_driver) that exports
// DllGetClassObject (and optionally DllMain), with its INF beside it (NAME.inf for NAME.so) naming
// the DriverCLSID the host asks the class factory for, as WUDFHost reads it from the INF's
// registry settings. Scenario files name a module as "builtin:<name>" or by the .so's path.
//
// A plugin named by a bare file name ("classic.so", no '/') is searched for, as dlopen searches
// for a library: in the directories of UMDFX_PLUGIN_PATH (':'-separated), then in the plugins/
// directory of the build tree or installation the program runs from (see defaultSearchPath()).
// A name with a '/' is a path and is used as it is. (The scenario loader has already made a
// relative path relative to its scenario file.)
//
// Threads: built-ins are added before a simulation starts; find() may be called from any thread
// (a plugin is loaded once, on first use, under a lock, and stays loaded for the process).
class DriverModuleRegistry
{
public:
    DriverModuleRegistry();
    ~DriverModuleRegistry();
    DriverModuleRegistry(const DriverModuleRegistry &) = delete;
    DriverModuleRegistry &operator=(const DriverModuleRegistry &) = delete;
    DriverModuleRegistry(DriverModuleRegistry &&) noexcept;
    DriverModuleRegistry &operator=(DriverModuleRegistry &&) noexcept;

    void add(DriverModule module);
    // "builtin:echo", or "/path/to/driver.so" (loaded on first use). nullptr when there is no
    // such module; why() then says why.
    const DriverModule *find(std::string_view moduleSpec) const;
    std::string why(std::string_view moduleSpec) const;
    // Whether the module exists, without loading it: a built-in of that name, or a plugin file
    // that resolvePlugin() finds and that is a regular file. std::nullopt when it does; otherwise
    // what was looked for and where, for a message ("no built-in driver module \"nosuch\" (built
    // in: echo, consumer)", "nosuch.so is in none of: /a, /b"). `scenarioDir`: the directory the
    // scenario loader looked in first for a bare plugin name, named in the message when not empty.
    std::optional<std::string> notFound(
        std::string_view moduleSpec, const std::string &scenarioDir = {}) const;
    std::vector<std::string> names() const;

    // Where bare plugin names are searched, in order. Starts as defaultSearchPath().
    void setSearchPath(std::vector<std::string> directories);
    const std::vector<std::string> &searchPath() const { return m_searchPath; }
    // UMDFX_PLUGIN_PATH's directories, then <program dir>/../plugins (bin/ of an installation and
    // app/X/ of the build tree both find their plugins/ this way: ../plugins and ../../plugins).
    static std::vector<std::string> defaultSearchPath();
    // The file a plugin spec names: itself when it has a '/', else the first match on the search
    // path; empty when a bare name is found nowhere.
    std::string resolvePlugin(std::string_view spec) const;

private:
    const DriverModule *loadPlugin(const std::string &path) const;

    std::vector<DriverModule> m_modules;
    std::vector<std::string> m_searchPath;
    struct Plugins;
    std::unique_ptr<Plugins> m_plugins; // loaded plugins and failures, under its own lock
};

// The DriverCLSID an INF names ("DriverCLSID = {…}" in any section; ';' starts a comment), or why
// there is none. A value written as a %token% is the token's value in the INF's [Strings]
// section, as Windows' INF processing substitutes it. Pure function.
// infText is the file's bytes: UTF-16LE with a byte-order mark, UTF-8 (with or without one) or
// ASCII, as Windows' Setup reads INF files.
std::optional<CLSID> driverClsidFromInf(std::string_view infText, std::string *error);

// An INF file's bytes as UTF-8 text: UTF-16LE with a BOM is converted, a UTF-8 BOM dropped, any
// other text returned as it is. Pure function.
std::string infTextAsUtf8(std::string_view bytes);

} // namespace umdfx
