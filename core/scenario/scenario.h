#pragma once
// A scenario: the device tree, which driver each device loads, the parameters that reach the
// drivers through their device property store, and the simulator knobs (docs/scenario-format.md).
// Plain values: the loader (scenarioloader.h) builds them, any thread may read a copy.

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace umdfx::scenario {

struct SourceLocation
{
    std::string file;
    int line = 0; // 1-based
    int column = 0; // 1-based, in characters (UTF-8 code points), a tab counts as one
    // "file:3:7"; just "file" when there is no position (line 0), e.g. a file that cannot be read.
    std::string toString() const;
    bool operator==(const SourceLocation &) const = default;
};

struct LoadError
{
    SourceLocation where;
    std::string message;
    std::string toString() const; // "file:3:7: message"
    bool operator==(const LoadError &) const = default;
};

// REG_DWORD, REG_SZ, REG_MULTI_SZ.
using ParameterValue = std::variant<std::uint32_t, std::string, std::vector<std::string>>;

struct DriverSpec
{
    std::string name; // service name; the driver's lane in the trace
    std::string module; // "builtin:echo" or a path to a plugin ending in .so
    SourceLocation where; // the driver's object in the file
    SourceLocation moduleWhere; // its "module" value: where a module that is not found is reported
    bool operator==(const DriverSpec &) const = default;
};

struct DeviceSpec
{
    // ENUMERATOR\DEVICE\INSTANCE, case kept as written; compare with sameInstanceId() (Windows
    // compares device instance IDs without case).
    std::string instanceId;
    std::string parent; // instance ID of the parent device; "" = the root enumerator (HTREE\ROOT\0)
    std::vector<std::string> hardwareIds; // at least one
    std::string description; // the friendly name trees show
    std::string enumerator; // first component of the instance ID unless given
    std::vector<std::string>
        drivers; // UMDF stack, lowest first; names of DriverSpecs; may be empty
    std::map<std::string, ParameterValue> parameters; // reach the driver via its property store
    // A kernel-mode driver that serves the device outside the simulation ("swenum", the software
    // device enumerator): with no UMDF drivers, the device starts without a driver host.
    std::string kernelService;
    bool startOnLoad = true;
    SourceLocation where; // the device's object in the file
    bool operator==(const DeviceSpec &) const = default;
};

struct Scenario
{
    std::string name;
    std::string description;
    std::vector<DriverSpec> drivers;
    std::vector<DeviceSpec> devices; // parents before children
    std::map<std::string, std::string> knobs; // validated against knobSpecs() (knobs.h)
    std::string sourceText; // the exact file text (trace files embed it)
    bool operator==(const Scenario &) const = default;
};

} // namespace umdfx::scenario
