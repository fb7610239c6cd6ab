#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace umdfx {

class Simulation;

// A plain, immutable picture of the device tree at one moment: what views and the CLI show.
// Taken under the world lock, then read from any thread. Every struct compares with == so that a
// publisher can tell whether anything changed since the last picture it handed out.
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
    bool operator==(const QueueSnapshot &) const = default;
};

struct InterfaceSnapshot
{
    std::string interfaceClass; // {cdc35b6e-...}
    bool hasReference = false;
    std::string reference;
    std::string symbolicLink;
    bool enabled = false;
    bool operator==(const InterfaceSnapshot &) const = default;
};

struct FileSnapshot
{
    std::uint32_t id = 0; // framework object id
    std::string name; // "\Port1"
    std::uint32_t kernelFile = 0;
    bool operator==(const FileSnapshot &) const = default;
};

// IWDFRemoteInterface (reference §6.1): another device's interface this driver created a remote
// interface object for.
struct RemoteInterfaceSnapshot
{
    std::uint32_t id = 0; // framework object id
    std::string interfaceClass; // {guid}
    std::string symbolicLink;
    bool operator==(const RemoteInterfaceSnapshot &) const = default;
};

// IWDFRemoteTarget (reference §6.2) and its WDF_IO_TARGET_STATE.
struct RemoteTargetSnapshot
{
    std::uint32_t id = 0; // framework object id
    std::string state; // "started", "stopped", "closed", "closed-for-query-remove", "deleted"
    std::string path; // what the last open used ("" = never opened)
    bool fileOpen = false; // the host holds a kernel file on the target
    bool operator==(const RemoteTargetSnapshot &) const = default;
};

// One live framework object of a device layer (the host's object registry), for inspectors.
struct ObjectSnapshot
{
    std::uint32_t id = 0;
    std::string type; // "IWDFIoQueue"
    std::uint32_t parent = 0; // framework object id, 0 = none
    std::uint32_t refCount = 0;
    std::string lifecycle; // "alive", "deleting", "deleted"
    bool hasContext = false;
    bool operator==(const ObjectSnapshot &) const = default;
};

struct DriverLayerSnapshot
{
    std::string name; // service name
    std::string module; // "builtin:echo"
    std::string fileName;
    std::uint32_t deviceObject = 0; // framework object id, 0 when not loaded
    std::vector<QueueSnapshot> queues;
    std::vector<FileSnapshot> files;
    std::vector<RemoteInterfaceSnapshot> remoteInterfaces;
    std::vector<RemoteTargetSnapshot> remoteTargets;
    std::vector<ObjectSnapshot> objects; // every live framework object whose device is this one
    bool operator==(const DriverLayerSnapshot &) const = default;
};

struct DeviceSnapshot
{
    std::string instanceId;
    std::string description;
    std::vector<std::string> hardwareIds;
    std::string enumerator;
    std::string state; // deviceStateName()
    // The stack's device power state: "D0", "D1"-"D3" (idle or stopped for a rebalance),
    // "D0 -> Dx" (a power-down in progress or held up); empty while not started.
    std::string powerState;
    std::string problem;
    std::string host;
    std::vector<DriverLayerSnapshot> stack; // lowest first
    std::vector<InterfaceSnapshot> interfaces;
    std::vector<std::size_t> children; // indexes into DeviceTreeSnapshot::devices
    bool hasParent = false;
    bool hostFailed = false; // the driver host process of this stack died (reference §2.8)
    std::uint32_t hostRestarts = 0;
    bool operator==(const DeviceSnapshot &) const = default;
};

// One open handle of a simulated application (its handle table, reference §4.4).
struct HandleSnapshot
{
    std::uint64_t value = 0; // the HANDLE value: 0x80, 0x84, ...
    std::string name; // the action language's name for it ("h1"); "" when not opened by name
    std::string path; // what CreateFile was given
    std::string instanceId; // the device the file object is on
    bool overlapped = false; // FILE_FLAG_OVERLAPPED
    std::size_t pending = 0; // requests outstanding on it
    bool operator==(const HandleSnapshot &) const = default;
};

struct ApplicationSnapshot
{
    std::string name; // "app1"
    std::uint32_t processId = 0;
    std::vector<HandleSnapshot> handles; // by HANDLE value
    bool operator==(const ApplicationSnapshot &) const = default;
};

// A thread of a driver host, as a debugger's Threads window shows it: the host's dispatcher
// ("host1", where framework callbacks run) and every thread a driver made (CreateThread:
// "host1.t1"), with what it waits on. DESIGN.md "Threading".
struct ThreadSnapshot
{
    std::string name; // "host1.t1"
    std::string host; // "host1"
    std::string kind; // "dispatcher", "driver thread", "thread pool"
    std::string state; // "idle", "ready", "running", "waiting", "ended"
    std::string waitingOn; // "Sleep(100)", "WaitForSingleObject(thread host1.t1)"
    std::int64_t wakeAtNs = -1; // ns, virtual time: a wait's timeout; -1 when it has none
    bool operator==(const ThreadSnapshot &) const = default;
};

struct DeviceTreeSnapshot
{
    std::vector<DeviceSnapshot> devices; // parents before children
    std::vector<std::size_t> roots; // children of the root enumerator
    std::vector<ApplicationSnapshot> applications; // by name
    std::vector<ThreadSnapshot> threads; // per host: its dispatcher, then its drivers' threads
    std::int64_t virtualTimeNs = 0; // ns, virtual time the picture was taken at
    bool operator==(const DeviceTreeSnapshot &) const = default;
};

// Call with the world lock held (or from the simulation's thread). Reads state only: it calls no
// framework or driver method, so taking a snapshot never adds a trace record. Handle names are
// left empty (only whoever ran the `open` actions knows them; see InteractiveSession).
DeviceTreeSnapshot takeSnapshot(Simulation &sim);

// "started", "stopped", ... for a WDF_IO_TARGET_STATE value.
const char *ioTargetStateWord(int state);

// "HTREE\ROOT\0" and the tree below it, one line per device/queue/interface, for people.
std::string formatTree(const DeviceTreeSnapshot &tree);
// One line per interface instance: class GUID, symbolic link, enabled.
std::string formatInterfaces(const DeviceTreeSnapshot &tree);

} // namespace umdfx
