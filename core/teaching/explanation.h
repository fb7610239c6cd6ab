#pragma once
// One entry of the explanation catalog (resources/explanations/, docs/teaching.md): what a traced
// Interface::Method is for, when it happens, what the driver (or application) must do, the common
// mistakes, and its Microsoft documentation page. Plain values: any thread may read a copy.

#include "core/scenario/scenario.h"
#include "core/trace/tracerecord.h"

#include <string>
#include <vector>

namespace umdfx::teaching {

struct Explanation
{
    // The names as the trace records them: "IQueueCallbackWrite" / "OnWrite", "kernel32" /
    // "WriteFile", "WM_DEVICECHANGE" / "DBT_CUSTOMEVENT", "UMDFVerifier" / "V5". An interface of
    // "*" stands for any: the host's per-module records, whose interface column is the driver's
    // file name ("WUDFEchoDriver.dll::DllGetClassObject"); such an entry matches only records of
    // its kinds.
    std::string interfaceName;
    std::string method;
    // The record kinds the entry explains (a callback, a DDI, both for IUnknown::QueryInterface).
    std::vector<trace::Kind> kinds;
    // Other Interface::Method names under which the simulator's trace records the same thing
    // (a DDI of IWDFDevice2 traced as IWDFDevice, say). Lookups by an alias find this entry.
    std::vector<std::string> aliases;

    std::string summary; // one line, for tooltips
    std::string purpose; // what it is for
    std::string when; // when the framework calls it, or when a driver/application calls it
    std::string mustDo; // what the driver (application) must do; for a verifier rule: the fix
    std::string mistakes; // the common mistakes
    // When the framework performs the call itself (a "host" record: the default removal handling,
    // a request the framework completes, an action done on the driver's behalf). "" if never.
    std::string byFramework;
    std::string docs; // https://learn.microsoft.com/... (the Microsoft documentation page)

    scenario::SourceLocation where; // the entry's object in its file

    std::string name() const
    {
        return interfaceName + "::" + method;
    } // "IQueueCallbackWrite::OnWrite"
    bool explainsKind(trace::Kind kind) const;
};

} // namespace umdfx::teaching
