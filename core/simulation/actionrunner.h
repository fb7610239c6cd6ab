#pragma once

#include "core/scenario/action.h"
#include "core/win32/application.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace umdfx {

class Simulation;
struct World;

// Why the world's run was stopped (Scheduler::requestStop), for people: "the run reached its
// record limit, 5,000,000 trace records (knob maxRecords; ...)". Empty when it was not.
std::string describeStop(const World &w);

// Checks a whole script before it runs: its `advance` durations must add up to no more than
// virtual time may run (kMaxVirtualTimeNs); the first advance that goes past is the error, at its
// duration. (Waits move time too; the runner refuses an advance past the end at run time.)
std::optional<scenario::LoadError> checkVirtualTime(const std::vector<scenario::Action> &actions);

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
    // Once the world's run is stopped (a limit reached, a signal), every action fails with why,
    // without running.
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

    // The script's name for one of an application's handles ("" if it has none). A handle that
    // the application's window procedure opened again after a cancelled removal keeps the name.
    std::string nameOf(const std::string &app, HANDLE h);

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
    std::map<std::string, std::uint32_t> m_registrations; // "app h1" / "app {guid}" -> HDEVNOTIFY
    std::map<std::string, LastCall> m_last;
    std::size_t m_sinceAction = 0; // first trace record of the last non-expect action
    std::map<std::string, std::size_t> m_completionsSeen; // per application
};

} // namespace umdfx
