#pragma once
// The action language (DESIGN.md): one line per action, the same words in the CLI, in the trace's
// action log, in tests and behind every GUI button.

#include "core/scenario/scenario.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace umdfx::scenario {

using GuidBytes = std::array<std::uint8_t, 16>; // Windows memory layout (Data1..3 little-endian)

struct Data // `"text"` or `hex:00ff`
{
    std::vector<std::byte> bytes;
    bool hex = false;
};

// `{guid}` or `{guid}\Ref`, or a full symbolic link `\\?\…`.
struct InterfacePath
{
    std::string text; // as written
    bool isShortForm = false;
    GuidBytes guid {}; // short form
    std::string reference; // short form, "" = none
    bool hasReference = false;
};

struct OpenAction
{
    std::string handle;
    InterfacePath path;
    bool async = false;
};
struct WriteAction
{
    std::string handle;
    Data data;
    bool ex = false;
    std::uint32_t repeat = 1;
};
struct ReadAction
{
    std::string handle;
    std::uint32_t size = 0;
    bool ex = false;
};
struct IoctlAction
{
    std::string handle;
    std::uint32_t code = 0;
    Data input;
    std::uint32_t outputSize = 0;
};
struct CancelAction
{
    std::string handle;
};
struct CloseAction
{
    std::string handle;
};
struct InterfaceStateAction
{
    bool enable = false;
    std::string instanceId;
    GuidBytes guid {};
    std::string guidText;
    bool hasReference = false;
    std::string reference;
};
struct DeviceAction
{
    enum class Op { Start, Stop, Remove, QueryRemove, SurpriseRemove };
    Op op = Op::Start;
    std::string instanceId;
};
struct PostEventAction
{
    std::string instanceId;
    GuidBytes guid {};
    std::string guidText;
    Data data;
};
struct RegisterNotifyAction
{
    bool handleNotification = false;
    GuidBytes guid {};
    std::string guidText;
    std::string handle;
};
struct AdvanceAction
{
    std::int64_t ns = 0;
    std::string text;
};

struct ExpectAction
{
    enum class What {
        ResultOk,
        ResultError,
        Bytes,
        ReadData,
        Trace,
        NoTrace,
        Interface,
        Device,
        Handle
    };
    What what = What::ResultOk;
    std::uint32_t error = 0; // ResultError
    std::uint64_t number = 0; // Bytes; Trace count
    bool hasCount = false; // Trace
    Data data; // ReadData
    std::string iface, method; // Trace / NoTrace
    InterfacePath path; // Interface
    std::string state; // Interface: enabled|disabled|absent; Device: a state word; Handle:
                       // open|closed|pending
    std::string subject; // Device instance id / handle name
};

struct Action
{
    SourceLocation where;
    std::string app = "app1"; // who performs it (`@name` prefix)
    std::string text; // the line as written, trimmed
    std::variant<OpenAction, WriteAction, ReadAction, IoctlAction, CancelAction, CloseAction,
        InterfaceStateAction, DeviceAction, PostEventAction, RegisterNotifyAction, AdvanceAction,
        ExpectAction>
        op;
};

const char *deviceOpWord(DeviceAction::Op op);

} // namespace umdfx::scenario
