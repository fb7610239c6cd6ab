#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace umdfx {

class Simulation;

// A plain, immutable picture of the device tree at one moment: what views and the CLI show.
// Taken under the world lock, then read from any thread.
struct QueueSnapshot
{
    std::uint32_t id = 0;
    bool isDefault = false;
    std::string dispatchType; // "sequential", "parallel", "manual"
    bool powerManaged = false;
    bool allowZeroLength = false;
    std::size_t queued = 0;
    std::size_t inDriver = 0;
    std::uint32_t state = 0; // WDF_IO_QUEUE_STATE bits
};

struct InterfaceSnapshot
{
    std::string interfaceClass; // {cdc35b6e-...}
    bool hasReference = false;
    std::string reference;
    std::string symbolicLink;
    bool enabled = false;
};

struct FileSnapshot
{
    std::uint32_t id = 0; // framework object id
    std::string name; // "\Port1"
    std::uint32_t kernelFile = 0;
};

struct DriverLayerSnapshot
{
    std::string name; // service name
    std::string module; // "builtin:echo"
    std::string fileName;
    std::uint32_t deviceObject = 0; // framework object id, 0 when not loaded
    std::vector<QueueSnapshot> queues;
    std::vector<FileSnapshot> files;
};

struct DeviceSnapshot
{
    std::string instanceId;
    std::string description;
    std::vector<std::string> hardwareIds;
    std::string enumerator;
    std::string state; // deviceStateName()
    std::string problem;
    std::string host;
    std::vector<DriverLayerSnapshot> stack; // lowest first
    std::vector<InterfaceSnapshot> interfaces;
    std::vector<std::size_t> children; // indexes into DeviceTreeSnapshot::devices
    bool hasParent = false;
};

struct DeviceTreeSnapshot
{
    std::vector<DeviceSnapshot> devices; // parents before children
    std::vector<std::size_t> roots; // children of the root enumerator
};

// Call with the world lock held (or from the simulation's thread).
DeviceTreeSnapshot takeSnapshot(Simulation &sim);

// "HTREE\ROOT\0" and the tree below it, one line per device/queue/interface, for people.
std::string formatTree(const DeviceTreeSnapshot &tree);
// One line per interface instance: class GUID, symbolic link, enabled.
std::string formatInterfaces(const DeviceTreeSnapshot &tree);

} // namespace umdfx
