#pragma once
// The action language (DESIGN.md, docs/action-language.md): one line per action, the same words in
// the CLI, in the trace's action log, in tests and behind every GUI button. These are the parsed
// forms (actionparser.h makes them and prints them back); the simulation's ActionRunner executes
// them. Plain values, no behaviour: any thread may copy them.

#include "core/scenario/scenario.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace umdfx::scenario {

// A GUID's 16 bytes in Windows memory layout: Data1, Data2, Data3 little-endian, then Data4.
using GuidBytes = std::array<std::uint8_t, 16>;

struct Data // `"text"` (C escapes) or `hex:00ff10`
{
    std::vector<std::byte> bytes;
    bool hex = false; // written as hex: (kept so that the canonical line keeps the author's choice)
    bool operator==(const Data &) const = default;
};

// What `open` and `expect interface` name: a full symbolic link (reference §4.2)
// `\\?\ROOT#ECHO#0000#{guid}\Port1`, or the short form `{guid}` / `{guid}\Port1` (the first present
// interface of the class with that reference string, found the way an application enumerates).
struct InterfacePath
{
    std::string text; // as written: for the full form, exactly what the application passes
    bool isShortForm = false;
    GuidBytes guid {}; // the interface class (both forms)
    bool hasReference = false;
    // Short form: the reference string. Full form: everything after the GUID's '\', which may go
    // on past the reference string (`\Port1\extra`, reference §4.3).
    std::string reference;
    std::string instanceId; // full form: the device instance ID, '#' turned back into '\'
    bool operator==(const InterfacePath &) const = default;
};

struct OpenAction // open H PATH [async]
{
    std::string handle;
    InterfacePath path;
    bool async = false; // FILE_FLAG_OVERLAPPED
    bool operator==(const OpenAction &) const = default;
};
struct WriteAction // write H DATA [repeat N] | writeex H DATA
{
    std::string handle;
    Data data;
    bool ex = false; // WriteFileEx with a completion routine
    std::uint32_t repeat = 1; // write only
    bool operator==(const WriteAction &) const = default;
};
struct ReadAction // read H N | readex H N
{
    std::string handle;
    std::uint32_t size = 0; // bytes
    bool ex = false; // ReadFileEx with a completion routine
    bool operator==(const ReadAction &) const = default;
};
struct IoctlAction // ioctl H CODE [DATA] [out N]
{
    std::string handle;
    std::uint32_t code = 0;
    Data input; // empty: no input buffer
    std::uint32_t outputSize = 0; // bytes
    bool operator==(const IoctlAction &) const = default;
};
struct CancelAction // cancel H: CancelIoEx on everything pending on the handle
{
    std::string handle;
    bool operator==(const CancelAction &) const = default;
};
struct CloseAction // close H
{
    std::string handle;
    bool operator==(const CloseAction &) const = default;
};
struct InterfaceStateAction // disable|enable DEV {guid} [REF]: AssignDeviceInterfaceState
{
    bool enable = false;
    std::string instanceId;
    GuidBytes guid {};
    std::string guidText; // as written; "" = print the canonical lower-case form
    bool hasReference = false;
    std::string reference;
    bool operator==(const InterfaceStateAction &) const = default;
};
// start|stop|remove|query-remove|surprise-remove|disable-device|enable-device DEV
struct DeviceAction
{
    // DisableDevice/EnableDevice are Device Manager's Disable and Enable: an orderly removal
    // that leaves the device disabled, and a start.
    enum class Op { Start, Stop, Remove, QueryRemove, SurpriseRemove, DisableDevice, EnableDevice };
    Op op = Op::Start;
    std::string instanceId;
    bool operator==(const DeviceAction &) const = default;
};
struct PostEventAction // post-event DEV {guid} [DATA]
{
    std::string instanceId;
    GuidBytes guid {};
    std::string guidText; // as written; "" = canonical
    Data data;
    bool operator==(const PostEventAction &) const = default;
};
// register-notification {guid} | register-notification H (also register-notify[-handle]);
// unregister-notification {guid} | H: UnregisterDeviceNotification of the script's latest
// registration of that kind
struct RegisterNotifyAction
{
    bool handleNotification = false; // DEV_BROADCAST_HANDLE rather than an interface class
    GuidBytes guid {};
    std::string guidText; // as written; "" = canonical
    std::string handle;
    bool unregister = false;
    bool operator==(const RegisterNotifyAction &) const = default;
};
struct AdvanceAction // advance 100ms
{
    std::int64_t ns = 0; // virtual time
    bool operator==(const AdvanceAction &) const = default;
};
// sleepex 100ms: SleepEx(ms, TRUE), the application's alertable wait, where the completion
// routines of its ReadFileEx/WriteFileEx run
struct SleepExAction
{
    std::int64_t ns = 0; // the interval (virtual time); SleepEx gets it in whole milliseconds
    bool operator==(const SleepExAction &) const = default;
};
// record-limit N: the knob maxRecords from here on (0: no limit). The way on after a run reached
// its record limit, and a line of the action log, so that a replay raises it at the same point.
struct RecordLimitAction
{
    std::uint64_t records = 0;
    bool operator==(const RecordLimitAction &) const = default;
};

struct ExpectAction
{
    enum class What {
        ResultOk, // expect result ok
        ResultError, // expect result error N|ERROR_NAME
        Bytes, // expect bytes N
        ReadData, // expect data DATA
        Trace, // expect trace I::M [count N]
        NoTrace, // expect no-trace I::M
        Interface, // expect interface PATH enabled|disabled|absent
        Device, // expect device DEV STATE
        Handle // expect handle H open|closed|pending
    };
    What what = What::ResultOk;
    std::uint32_t error = 0; // ResultError: the Win32 error code
    std::uint64_t number = 0; // Bytes; Trace: the count
    bool hasCount = false; // Trace
    Data data; // ReadData
    std::string iface, method; // Trace / NoTrace
    InterfacePath path; // Interface
    // Interface: enabled|disabled|absent; Device: a state word (deviceStateWords()); Handle:
    // open|closed|pending.
    std::string state;
    std::string subject; // Device: the instance ID; Handle: the handle name
    bool operator==(const ExpectAction &) const = default;
};

struct Action
{
    SourceLocation where; // file, line, column of the first token
    std::string app = "app1"; // the simulated application that performs it (`@name` prefix)
    std::string text; // the line as written, without surrounding blanks and trailing comment
    std::variant<OpenAction, WriteAction, ReadAction, IoctlAction, CancelAction, CloseAction,
        InterfaceStateAction, DeviceAction, PostEventAction, RegisterNotifyAction, AdvanceAction,
        SleepExAction, RecordLimitAction, ExpectAction>
        op;
    bool operator==(const Action &) const = default;
};

const char *deviceOpWord(DeviceAction::Op op); // "surprise-remove"
// The verb that names an action in the trace ("write", "surprise-remove", "expect"; both forms of
// register-notification are "register-notify").
const char *actionVerb(const Action &a);
// The device states `expect device` accepts, as the PnP manager names them.
const std::vector<std::string> &deviceStateWords();

} // namespace umdfx::scenario
