#include "core/host/drivermodule.h"

#include "core/common/boundedread.h"
#include "core/common/messagetext.h"
#include "core/common/text.h"
#include "core/compat/compatruntime.h"
#include "core/host/driverfault.h"
#include "core/wudf/guid.h"
#include "core/wudf/win32host.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>

namespace umdfx {

// What a plugin finds in the host process by name (it is linked against nothing): referenced here
// so that the linker keeps them in every program that can load plugins, which exports them.
extern "C" {
__attribute__((used)) void *const umdfx_plugin_exports[] = {
    reinterpret_cast<void *>(&umdfx_compat_vformat),
    reinterpret_cast<void *>(&umdfx_compat_debug_output),
    reinterpret_cast<void *>(&umdfx_compat_debug_output_utf16),
    reinterpret_cast<void *>(&umdfx_compat_debug_break),
    reinterpret_cast<void *>(&umdfx_compat_tick_count_ms),
    reinterpret_cast<void *>(&umdfx_wpp_trace),
    reinterpret_cast<void *>(&umdfx_wpp_vtrace),
    reinterpret_cast<void *>(&CreateTimerQueueTimer),
    reinterpret_cast<void *>(&DeleteTimerQueueTimer),
    reinterpret_cast<void *>(&QueueUserWorkItem),
    reinterpret_cast<void *>(&Sleep),
    reinterpret_cast<void *>(&umdfx_last_error_slot),
    reinterpret_cast<void *>(&SleepEx),
    reinterpret_cast<void *>(&GetCurrentThreadId),
    reinterpret_cast<void *>(&CreateThread),
    reinterpret_cast<void *>(&ResumeThread),
    reinterpret_cast<void *>(&ExitThread),
    reinterpret_cast<void *>(&GetExitCodeThread),
    reinterpret_cast<void *>(&CreateEventW),
    reinterpret_cast<void *>(&SetEvent),
    reinterpret_cast<void *>(&ResetEvent),
    reinterpret_cast<void *>(&CreateSemaphoreW),
    reinterpret_cast<void *>(&ReleaseSemaphore),
    reinterpret_cast<void *>(&CreateMutexW),
    reinterpret_cast<void *>(&ReleaseMutex),
    reinterpret_cast<void *>(&WaitForSingleObject),
    reinterpret_cast<void *>(&WaitForSingleObjectEx),
    reinterpret_cast<void *>(&WaitForMultipleObjects),
    reinterpret_cast<void *>(&WaitForMultipleObjectsEx),
    reinterpret_cast<void *>(&SignalObjectAndWait),
    reinterpret_cast<void *>(&CloseHandle),
    reinterpret_cast<void *>(&InitializeCriticalSection),
    reinterpret_cast<void *>(&InitializeCriticalSectionAndSpinCount),
    reinterpret_cast<void *>(&InitializeCriticalSectionEx),
    reinterpret_cast<void *>(&EnterCriticalSection),
    reinterpret_cast<void *>(&TryEnterCriticalSection),
    reinterpret_cast<void *>(&LeaveCriticalSection),
    reinterpret_cast<void *>(&DeleteCriticalSection),
    reinterpret_cast<void *>(&InitializeSRWLock),
    reinterpret_cast<void *>(&AcquireSRWLockExclusive),
    reinterpret_cast<void *>(&AcquireSRWLockShared),
    reinterpret_cast<void *>(&TryAcquireSRWLockExclusive),
    reinterpret_cast<void *>(&TryAcquireSRWLockShared),
    reinterpret_cast<void *>(&ReleaseSRWLockExclusive),
    reinterpret_cast<void *>(&ReleaseSRWLockShared),
    reinterpret_cast<void *>(&InitializeConditionVariable),
    reinterpret_cast<void *>(&SleepConditionVariableCS),
    reinterpret_cast<void *>(&SleepConditionVariableSRW),
    reinterpret_cast<void *>(&WakeConditionVariable),
    reinterpret_cast<void *>(&WakeAllConditionVariable),
    reinterpret_cast<void *>(&CoTaskMemAlloc),
    reinterpret_cast<void *>(&CoTaskMemFree),
};
}

struct DriverModuleRegistry::Plugins
{
    std::mutex mutex;
    std::map<std::string, std::unique_ptr<DriverModule>> loaded; // by path
    std::map<std::string, std::string> failed; // path -> why
};

DriverModuleRegistry::DriverModuleRegistry()
    : m_searchPath(defaultSearchPath())
    , m_plugins(std::make_unique<Plugins>())
{ }

DriverModuleRegistry::~DriverModuleRegistry() = default;
DriverModuleRegistry::DriverModuleRegistry(DriverModuleRegistry &&) noexcept = default;
DriverModuleRegistry &DriverModuleRegistry::operator=(DriverModuleRegistry &&) noexcept = default;

void DriverModuleRegistry::add(DriverModule module)
{
    m_modules.push_back(std::move(module));
}

// Windows' own INF files are a few KiB to a few hundred; anything near this is not an INF.
constexpr std::size_t kMaxInfBytes = 4u << 20;

static bool isPluginPath(std::string_view spec)
{
    return spec.size() > 3 && spec.substr(spec.size() - 3) == ".so";
}

const DriverModule *DriverModuleRegistry::find(std::string_view spec) const
{
    if (isPluginPath(spec))
        return loadPlugin(std::string(spec));
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

std::string DriverModuleRegistry::why(std::string_view spec) const
{
    if (isPluginPath(spec)) {
        std::lock_guard lock(m_plugins->mutex);
        auto it = m_plugins->failed.find(std::string(spec));
        return it != m_plugins->failed.end() ? it->second : std::string();
    }
    if (find(spec))
        return {};
    return "no built-in driver module " + std::string(spec);
}

std::optional<std::string> DriverModuleRegistry::notFound(
    std::string_view spec, const std::string &scenarioDir) const
{
    if (isPluginPath(spec)) {
        const std::string path = resolvePlugin(spec);
        std::error_code ec;
        if (!path.empty() && std::filesystem::is_regular_file(path, ec))
            return std::nullopt;
        if (spec.find('/') != std::string_view::npos)
            return "no such plugin file: " + excerpt(spec);
        std::string dirs = scenarioDir;
        for (const auto &dir : m_searchPath)
            dirs += (dirs.empty() ? "" : ", ") + dir;
        return "no plugin file " + excerpt(spec) + " in "
            + (scenarioDir.empty() ? "" : "the scenario's directory, then ")
            + "UMDFX_PLUGIN_PATH's and the program's plugins/ directories; searched: "
            + (dirs.empty() ? std::string("none") : dirs);
    }
    constexpr std::string_view prefix = "builtin:";
    if (spec.substr(0, prefix.size()) == prefix) {
        const auto name = spec.substr(prefix.size());
        std::string builtins;
        for (const auto &m : m_modules) {
            if (m.name == name)
                return std::nullopt;
            builtins += (builtins.empty() ? "" : ", ") + m.name;
        }
        return "no built-in driver named \"" + excerpt(name)
            + "\" (built in: " + (builtins.empty() ? std::string("none") : builtins) + ")";
    }
    return "not a driver module: it must be builtin:<name> or a path to a plugin .so";
}

namespace {

struct InfLine
{
    std::string section; // the [section] it is in, as written
    std::string key, value; // trimmed; a quoted value without its quotes
};

// The key = value lines of an INF, comments stripped.
std::vector<InfLine> infLines(std::string_view infText)
{
    std::vector<InfLine> lines;
    std::istringstream in { std::string(infText) };
    std::string line, section;
    while (std::getline(in, line)) {
        if (const auto semicolon = line.find(';'); semicolon != std::string::npos)
            line.erase(semicolon);
        const std::string trimmed = trim(line);
        if (trimmed.size() >= 2 && trimmed.front() == '[' && trimmed.back() == ']') {
            section = trim(trimmed.substr(1, trimmed.size() - 2));
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        std::string value = trim(line.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        lines.push_back({ section, trim(line.substr(0, eq)), std::move(value) });
    }
    return lines;
}

} // namespace

std::string infTextAsUtf8(std::string_view bytes)
{
    // Windows' INF files are UTF-16LE with a byte-order mark more often than not (Microsoft's own
    // .inx files are); Setup also reads UTF-8 with a BOM and plain ANSI/ASCII.
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF
        && static_cast<unsigned char>(bytes[1]) == 0xFE) {
        std::u16string units;
        units.reserve(bytes.size() / 2);
        for (std::size_t i = 2; i + 1 < bytes.size(); i += 2)
            units.push_back(static_cast<char16_t>(static_cast<unsigned char>(bytes[i])
                | (static_cast<unsigned char>(bytes[i + 1]) << 8)));
        return toUtf8(units);
    }
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF")
        bytes.remove_prefix(3);
    return std::string(bytes);
}

std::optional<CLSID> driverClsidFromInf(std::string_view infBytes, std::string *error)
{
    const std::vector<InfLine> lines = infLines(infTextAsUtf8(infBytes));
    for (const InfLine &l : lines) {
        if (!equalsIgnoreCase(l.key, "DriverCLSID"))
            continue;
        std::string value = l.value;
        if (value.size() >= 2 && value.front() == '%' && value.back() == '%') {
            // %token%: the [Strings] section's value (keys compare without case).
            const std::string token = value.substr(1, value.size() - 2);
            const auto defined = std::find_if(lines.begin(), lines.end(), [&](const InfLine &s) {
                return equalsIgnoreCase(s.section, "Strings") && equalsIgnoreCase(s.key, token);
            });
            if (defined == lines.end()) {
                if (error)
                    *error = "its DriverCLSID is " + value
                        + ", which its [Strings] section does "
                          "not define";
                return std::nullopt;
            }
            value = defined->value;
        }
        if (auto clsid = wudf::parseGuid(value))
            return clsid;
        if (error)
            *error = "its DriverCLSID is not a GUID: '" + value + "'";
        return std::nullopt;
    }
    if (error)
        *error = "it names no DriverCLSID";
    return std::nullopt;
}

void DriverModuleRegistry::setSearchPath(std::vector<std::string> directories)
{
    m_searchPath = std::move(directories);
}

std::vector<std::string> DriverModuleRegistry::defaultSearchPath()
{
    std::vector<std::string> dirs;
    if (const char *env = std::getenv("UMDFX_PLUGIN_PATH")) {
        std::string_view rest(env);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const auto dir = rest.substr(0, colon);
            if (!dir.empty())
                dirs.emplace_back(dir);
            rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
        }
    }
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto dir = exe.parent_path();
        dirs.push_back((dir / "../plugins").lexically_normal().string());
        dirs.push_back((dir / "../../plugins").lexically_normal().string());
        dirs.push_back((dir / "../lib/umdfx/plugins").lexically_normal().string());
    }
    return dirs;
}

std::string DriverModuleRegistry::resolvePlugin(std::string_view spec) const
{
    if (spec.find('/') != std::string_view::npos)
        return std::string(spec);
    for (const auto &dir : m_searchPath) {
        const auto candidate = std::filesystem::path(dir) / spec;
        std::error_code ec;
        if (std::filesystem::is_regular_file(candidate, ec))
            return candidate.string();
    }
    return {};
}

const DriverModule *DriverModuleRegistry::loadPlugin(const std::string &spec) const
{
    std::lock_guard lock(m_plugins->mutex);
    if (auto it = m_plugins->loaded.find(spec); it != m_plugins->loaded.end())
        return it->second.get();
    const auto fail = [&](std::string why) -> const DriverModule * {
        m_plugins->failed[spec] = std::move(why);
        return nullptr;
    };
    const std::string path = resolvePlugin(spec);
    if (path.empty()) {
        std::string dirs;
        for (const auto &dir : m_searchPath)
            dirs += (dirs.empty() ? "" : ", ") + dir;
        return fail("not found on the plugin search path (UMDFX_PLUGIN_PATH, then the program's "
                    "plugins/ directories: "
            + (dirs.empty() ? std::string("none") : dirs) + ")");
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return fail("no such file: " + path);
    // The INF first: without a DriverCLSID the host has nothing to ask the module for.
    const std::string inf = path.substr(0, path.size() - 3) + ".inf";
    std::string infText, readError;
    if (!std::filesystem::exists(inf, ec))
        return fail("no INF beside the module (" + inf + ")");
    if (!readBoundedFile(inf, kMaxInfBytes, "an INF file", infText, readError))
        return fail(inf + ": " + readError);
    std::string why;
    const auto clsid = driverClsidFromInf(infText, &why);
    if (!clsid)
        return fail(inf + ": " + why);
    // RTLD_LOCAL: the driver's own symbols stay its own; the host's C API is found in the program.
    void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *err = dlerror();
        return fail(std::string("cannot load: ") + (err ? err : "unknown error"));
    }
    auto module = std::make_unique<DriverModule>();
    module->name = path;
    const auto slash = path.find_last_of('/');
    module->fileName = slash == std::string::npos ? path : path.substr(slash + 1);
    module->driverClsid = *clsid;
    module->dllGetClassObject
        = reinterpret_cast<DllGetClassObjectFn>(dlsym(handle, "DllGetClassObject"));
    module->dllMain = reinterpret_cast<DllMainFn>(dlsym(handle, "DllMain"));
    if (!module->dllGetClassObject) {
        dlclose(handle);
        return fail("it exports no DllGetClassObject");
    }
    // Kept loaded for the life of the process: framework objects may still hold its callbacks.
    m_plugins->failed.erase(spec);
    // From now on a fault in driver code takes down only its host (driverfault.h).
    installDriverFaultHandler();
    return m_plugins->loaded.emplace(spec, std::move(module)).first->second.get();
}

std::vector<std::string> DriverModuleRegistry::names() const
{
    std::vector<std::string> out;
    for (const auto &m : m_modules)
        out.push_back("builtin:" + m.name);
    return out;
}

} // namespace umdfx
