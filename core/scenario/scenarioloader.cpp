#include "core/scenario/scenarioloader.h"

#include "core/common/messagetext.h"

#include "core/common/boundedread.h"
#include "core/scenario/instanceid.h"
#include "core/scenario/jsondocument.h"
#include "core/scenario/knobs.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace umdfx::scenario {

namespace {

using Type = JsonValue::Type;

// Thrown inside the loader only; loadScenario turns it into a LoadError.
struct Failure
{
    int offset;
    std::string message;
};

class Loader
{
public:
    Loader(const JsonDocument &doc, std::string_view fileName)
        : m_doc(doc)
        , m_fileName(fileName)
    { }

    Scenario load()
    {
        const JsonValue &root = m_doc.root();
        expectType(root, Type::Object, "the scenario");
        checkKeys(root, { "name", "description", "drivers", "devices", "knobs" }, "the scenario");
        Scenario s;
        s.name = requiredString(root, "name", "the scenario");
        if (const auto *d = root.member("description"))
            s.description = stringValue(*d, "description");
        const JsonValue &drivers = required(root, "drivers", "the scenario");
        expectType(drivers, Type::Array, "\"drivers\"");
        std::set<std::string> driverNames;
        for (const auto &d : drivers.items) {
            DriverSpec spec = loadDriver(d);
            if (!driverNames.insert(spec.name).second)
                fail(d.member("name")->offset,
                    "duplicate driver name \"" + excerpt(spec.name) + "\"");
            s.drivers.push_back(std::move(spec));
        }
        const JsonValue &devices = required(root, "devices", "the scenario");
        expectType(devices, Type::Array, "\"devices\"");
        std::map<std::string, std::size_t> byId; // upper-cased instance id -> index
        std::vector<int> parentOffsets;
        for (const auto &d : devices.items) {
            DeviceSpec spec = loadDevice(d, driverNames);
            if (!byId.emplace(instanceIdKey(spec.instanceId), s.devices.size()).second)
                fail(d.member("instanceId")->offset,
                    "duplicate instance ID \"" + excerpt(spec.instanceId) + "\"");
            parentOffsets.push_back(d.member("parent") ? d.member("parent")->offset : d.offset);
            s.devices.push_back(std::move(spec));
        }
        for (std::size_t i = 0; i < s.devices.size(); ++i) {
            const auto &p = s.devices[i].parent;
            if (!p.empty() && !byId.count(instanceIdKey(p)))
                fail(parentOffsets[i],
                    "unknown parent \"" + excerpt(p) + "\" (no device has that instance ID)");
        }
        s.devices = orderParentsFirst(s.devices, byId, parentOffsets);
        if (const auto *k = root.member("knobs"))
            s.knobs = loadKnobs(*k);
        return s;
    }

private:
    [[noreturn]] void fail(int offset, std::string message) const
    {
        throw Failure { offset, std::move(message) };
    }

    void expectType(const JsonValue &v, Type t, const std::string &what) const
    {
        if (v.type == t)
            return;
        JsonValue expected;
        expected.type = t;
        fail(v.offset, what + " must be " + expected.typeName() + ", not " + v.typeName());
    }

    void checkKeys(const JsonValue &obj, std::initializer_list<std::string_view> allowed,
        const std::string &what) const
    {
        for (std::size_t i = 0; i < obj.members.size(); ++i) {
            const auto &key = obj.members[i].first;
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                std::string list;
                for (auto a : allowed)
                    list += (list.empty() ? "" : ", ") + std::string(a);
                fail(obj.keyOffsets[i],
                    "unknown key \"" + excerpt(key) + "\" in " + what + " (expected one of: " + list
                        + ")");
            }
        }
    }

    const JsonValue &required(
        const JsonValue &obj, std::string_view key, const std::string &what) const
    {
        const JsonValue *v = obj.member(key);
        if (!v)
            fail(obj.offset, what + " needs \"" + std::string(key) + "\"");
        return *v;
    }

    std::string stringValue(const JsonValue &v, const std::string &what) const
    {
        expectType(v, Type::String, "\"" + what + "\"");
        return v.text;
    }

    std::string requiredString(
        const JsonValue &obj, std::string_view key, const std::string &what) const
    {
        const JsonValue &v = required(obj, key, what);
        std::string s = stringValue(v, std::string(key));
        if (s.empty())
            fail(v.offset, "\"" + std::string(key) + "\" must not be empty");
        return s;
    }

    SourceLocation where(const JsonValue &v) const { return m_doc.locate(v.offset); }

    DriverSpec loadDriver(const JsonValue &d) const
    {
        expectType(d, Type::Object, "a driver");
        checkKeys(d, { "name", "module" }, "a driver");
        DriverSpec spec;
        spec.name = requiredString(d, "name", "a driver");
        spec.module = requiredString(d, "module", "a driver");
        const bool builtin = spec.module.rfind("builtin:", 0) == 0 && spec.module.size() > 8;
        const bool plugin
            = spec.module.size() > 3 && spec.module.compare(spec.module.size() - 3, 3, ".so") == 0;
        if (!builtin && !plugin)
            fail(d.member("module")->offset,
                "module \"" + excerpt(spec.module)
                    + "\" must be builtin:<name> or a path to a plugin .so");
        if (plugin)
            spec.module = resolvePluginPath(spec.module);
        spec.where = where(d);
        spec.moduleWhere = where(*d.member("module"));
        return spec;
    }

    // A plugin path with a '/' that is relative is relative to the scenario file (as an #include
    // is to its source); a bare file name is the scenario directory's if it is there, else it is
    // left bare for the module registry's search path (DriverModuleRegistry). Scenarios that are
    // not files (embedded:NAME, text from the GUI editor) have no directory: paths stay as
    // written.
    std::string resolvePluginPath(const std::string &module) const
    {
        namespace fs = std::filesystem;
        const fs::path path(module);
        if (path.is_absolute() || m_fileName.empty() || m_fileName.rfind("embedded:", 0) == 0)
            return module;
        const fs::path dir = fs::path(m_fileName).parent_path();
        const fs::path joined = (dir / path).lexically_normal();
        if (module.find('/') != std::string::npos)
            return joined.string();
        std::error_code ec;
        if (!fs::exists(joined, ec))
            return module;
        // Beside a scenario given by a bare name ("echo.json"): joined is a bare name too, which
        // the registry would take for a search-path lookup. Name the file itself.
        const fs::path absolute = fs::absolute(joined, ec);
        return ec ? joined.string() : absolute.lexically_normal().string();
    }

    void checkInstanceId(const JsonValue &v) const
    {
        if (auto problem = instanceIdProblem(v.text))
            fail(v.offset, "instance ID \"" + excerpt(v.text) + "\" " + problem->message);
    }

    DeviceSpec loadDevice(const JsonValue &d, const std::set<std::string> &driverNames) const
    {
        expectType(d, Type::Object, "a device");
        checkKeys(d,
            { "instanceId", "parent", "hardwareIds", "description", "enumerator", "drivers",
                "kernelService", "parameters", "startOnLoad" },
            "a device");
        DeviceSpec spec;
        spec.where = where(d);
        const JsonValue &id = required(d, "instanceId", "a device");
        spec.instanceId = stringValue(id, "instanceId");
        checkInstanceId(id);
        if (const auto *p = d.member("parent"))
            spec.parent = stringValue(*p, "parent");
        const JsonValue &hw = required(d, "hardwareIds", "a device");
        expectType(hw, Type::Array, "\"hardwareIds\"");
        if (hw.items.empty())
            fail(hw.offset, "\"hardwareIds\" needs at least one hardware ID");
        for (const auto &h : hw.items) {
            std::string s = stringValue(h, "hardwareIds");
            if (s.empty())
                fail(h.offset, "a hardware ID must not be empty");
            if (auto problem = hardwareIdProblem(s))
                fail(h.offset, "hardware ID \"" + excerpt(s) + "\" " + problem->message);
            spec.hardwareIds.push_back(std::move(s));
        }
        if (const auto *desc = d.member("description"))
            spec.description = stringValue(*desc, "description");
        spec.enumerator = spec.instanceId.substr(0, spec.instanceId.find('\\'));
        if (const auto *e = d.member("enumerator")) {
            spec.enumerator = stringValue(*e, "enumerator");
            if (spec.enumerator.empty())
                fail(e->offset, "\"enumerator\" must not be empty");
        }
        if (const auto *drv = d.member("drivers")) {
            expectType(*drv, Type::Array, "\"drivers\"");
            for (const auto &n : drv->items) {
                std::string name = stringValue(n, "drivers");
                if (!driverNames.count(name))
                    fail(n.offset,
                        "unknown driver \"" + excerpt(name)
                            + "\" (not in the scenario's \"drivers\")");
                // A service loads once per device stack.
                if (std::find(spec.drivers.begin(), spec.drivers.end(), name) != spec.drivers.end())
                    fail(n.offset,
                        "driver \"" + excerpt(name) + "\" is already in this device's stack");
                spec.drivers.push_back(std::move(name));
            }
        }
        if (const auto *k = d.member("kernelService")) {
            spec.kernelService = stringValue(*k, "kernelService");
            if (spec.kernelService.empty())
                fail(k->offset, "\"kernelService\" must not be empty");
        }
        if (const auto *params = d.member("parameters")) {
            expectType(*params, Type::Object, "\"parameters\"");
            for (const auto &[key, value] : params->members)
                spec.parameters[key] = parameterValue(key, value);
        }
        if (const auto *start = d.member("startOnLoad")) {
            expectType(*start, Type::Bool, "\"startOnLoad\"");
            spec.startOnLoad = start->boolean;
        }
        return spec;
    }

    ParameterValue parameterValue(const std::string &key, const JsonValue &v) const
    {
        switch (v.type) {
        case Type::Number:
            if (!v.isInteger || v.isNegative || v.unsignedValue > 0xFFFFFFFFu)
                fail(v.offset,
                    "parameter \"" + excerpt(key)
                        + "\" must be an unsigned 32-bit integer (REG_DWORD)");
            return static_cast<std::uint32_t>(v.unsignedValue);
        case Type::String:
            return v.text;
        case Type::Array: {
            std::vector<std::string> list;
            for (const auto &item : v.items)
                list.push_back(stringValue(item, key));
            return list;
        }
        default:
            fail(v.offset,
                "parameter \"" + excerpt(key)
                    + "\" must be a number, a string or an array of strings, not " + v.typeName());
        }
    }

    std::vector<DeviceSpec> orderParentsFirst(const std::vector<DeviceSpec> &devices,
        const std::map<std::string, std::size_t> &byId, const std::vector<int> &parentOffsets) const
    {
        std::vector<DeviceSpec> ordered;
        ordered.reserve(devices.size());
        std::vector<int> state(devices.size(), 0); // 0 new, 1 on the current chain, 2 placed
        std::vector<std::size_t> chain;
        // Iterative, so that a long chain of devices cannot exhaust the stack.
        for (std::size_t first = 0; first < devices.size(); ++first) {
            chain.clear();
            for (std::size_t i = first; state[i] != 2;) {
                if (state[i] == 1)
                    fail(parentOffsets[i],
                        "device \"" + devices[i].instanceId
                            + "\" is its own ancestor (parent cycle)");
                state[i] = 1;
                chain.push_back(i);
                if (devices[i].parent.empty())
                    break;
                i = byId.at(instanceIdKey(devices[i].parent));
            }
            for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
                state[*it] = 2;
                ordered.push_back(devices[*it]);
            }
        }
        return ordered;
    }

    std::map<std::string, std::string> loadKnobs(const JsonValue &k) const
    {
        expectType(k, Type::Object, "\"knobs\"");
        std::map<std::string, std::string> out;
        for (std::size_t i = 0; i < k.members.size(); ++i) {
            // Named references, not a structured binding: the lambda below captures the name
            // (clang 14 cannot capture structured bindings).
            const std::string &name = k.members[i].first;
            const JsonValue &value = k.members[i].second;
            const auto &specs = knobSpecs();
            auto spec = std::find_if(
                specs.begin(), specs.end(), [&](const KnobSpec &s) { return s.name == name; });
            if (spec == specs.end()) {
                std::string list;
                for (const auto &s : specs)
                    list += (list.empty() ? "" : ", ") + s.name;
                fail(k.keyOffsets[i],
                    "unknown knob \"" + excerpt(name) + "\" (known: " + list + ")");
            }
            std::string text;
            if (spec->allowedValues.empty()) {
                if (value.type != Type::Number || !value.isInteger || value.isNegative
                    || value.unsignedValue > 0xFFFFFFFFu)
                    fail(
                        value.offset, "knob \"" + excerpt(name) + "\" must be an unsigned integer");
                text = std::to_string(value.unsignedValue);
            } else {
                text = stringValue(value, name);
                if (std::find(spec->allowedValues.begin(), spec->allowedValues.end(), text)
                    == spec->allowedValues.end()) {
                    std::string list;
                    for (const auto &a : spec->allowedValues)
                        list += (list.empty() ? "" : ", ") + a;
                    fail(value.offset,
                        "knob \"" + excerpt(name) + "\" cannot be \"" + excerpt(text)
                            + "\" (allowed: " + list + ")");
                }
            }
            out[name] = text;
        }
        return out;
    }

    const JsonDocument &m_doc;
    std::string m_fileName;
};

} // namespace

std::variant<Scenario, LoadError> loadScenario(std::string_view text, std::string_view fileName)
{
    auto parsed = JsonDocument::parse(text, fileName);
    if (auto *err = std::get_if<LoadError>(&parsed))
        return *err;
    const auto &doc = std::get<JsonDocument>(parsed);
    try {
        Scenario s = Loader(doc, fileName).load();
        s.sourceText = std::string(text);
        return s;
    } catch (const Failure &f) {
        return LoadError { doc.locate(f.offset), f.message };
    }
}

std::variant<Scenario, LoadError> loadScenarioFile(const std::filesystem::path &path)
{
    std::string text, error;
    if (!readBoundedFile(path.string(), JsonDocument::kMaxSize, "a scenario", text, error))
        return LoadError { { inputName(path.string()), 0, 0 }, error };
    return loadScenario(text, path.string());
}

} // namespace umdfx::scenario
