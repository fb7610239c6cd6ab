#pragma once
// A scenario: the device tree, which driver each device loads, the parameters that reach the
// drivers through their device property store, and the simulator knobs (docs/scenario-format.md).

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
    int column = 0; // 1-based
    std::string toString() const; // "file:3:7"
};

struct LoadError
{
    SourceLocation where;
    std::string message;
    std::string toString() const; // "file:3:7: message"
};

// REG_DWORD, REG_SZ, REG_MULTI_SZ.
using ParameterValue = std::variant<std::uint32_t, std::string, std::vector<std::string>>;

struct DriverSpec
{
    std::string name; // service name; the driver's lane in the trace
    std::string module; // "builtin:echo"
    SourceLocation where;
};

struct DeviceSpec
{
    std::string instanceId; // ROOT\ECHO\0000
    std::string parent; // "" = the root enumerator
    std::vector<std::string> hardwareIds;
    std::string description;
    std::string enumerator; // first component of the instance id unless given
    std::vector<std::string> drivers; // UMDF stack, lowest first
    std::map<std::string, ParameterValue> parameters;
    bool startOnLoad = true;
    SourceLocation where;
};

struct Scenario
{
    std::string name;
    std::string description;
    std::vector<DriverSpec> drivers;
    std::vector<DeviceSpec> devices; // parents before children
    std::map<std::string, std::string> knobs;
    std::string sourceText; // the file as loaded (trace files embed it)
};

} // namespace umdfx::scenario
