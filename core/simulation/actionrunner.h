#pragma once

#include "core/scenario/action.h"
#include "core/win32/application.h"

#include <map>
#include <string>

namespace umdfx {

class Simulation;

// Performs actions of the action language on a Simulation, as the person at the keyboard or an
// application would, and checks `expect` lines. Each action is a trace record (kind "action")
// followed by what it caused; the world runs until idle before the next action.
//
// Threads: like Simulation (world lock held by the caller or a single-threaded run).
class ActionRunner
{
public:
    explicit ActionRunner(Simulation &sim);

    struct Result
    {
        bool ok = true;
        std::string message; // "file:line:col: what failed" when !ok
    };
    Result run(const scenario::Action &action);

    // What the last Win32 call of an application returned.
    struct LastCall
    {
        bool valid = false;
        bool returned = true;
        BOOL result = FALSE;
        DWORD error = 0;
        std::uint64_t bytes = 0;
        std::vector<std::byte> data;
    };
    const LastCall &lastCall(const std::string &app) { return m_last[app]; }

private:
    struct ScriptHandle
    {
        std::string app;
        HANDLE handle = nullptr;
        bool closed = false;
    };

    Result perform(const scenario::Action &a);
    Result check(const scenario::Action &a, const scenario::ExpectAction &e);
    Result failure(const scenario::Action &a, const std::string &message) const;
    ScriptHandle *handle(const std::string &name);
    // The message for a synchronous call whose request did not complete within the wait limit.
    std::string stillPending(std::uint32_t request) const;
    std::string resolvePath(const scenario::InterfacePath &p, Application &app, std::string &error);

    Simulation &m_sim;
    std::map<std::string, ScriptHandle> m_handles;
    std::map<std::string, std::string> m_failedOpens; // handle name -> why its last open failed
    std::map<std::string, LastCall> m_last;
    std::size_t m_sinceAction = 0; // first trace record of the last non-expect action
    std::map<std::string, std::size_t> m_completionsSeen; // per application
};

} // namespace umdfx
