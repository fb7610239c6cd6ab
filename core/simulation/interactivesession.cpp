#include "core/simulation/interactivesession.h"

#include "core/scenario/actionparser.h"

#include <set>
#include <type_traits>
#include <variant>

namespace umdfx {

using namespace scenario;

namespace {

// The verb and the handle a parsed action names, for the explorer's lists.
void describe(const Action &a, InteractiveSession::Outcome &out)
{
    out.verb = actionVerb(a);
    std::visit(
        [&out](const auto &op) {
            if constexpr (requires { op.handle; })
                out.handle = op.handle;
            using T = std::decay_t<decltype(op)>;
            if constexpr (std::is_same_v<T, RegisterNotifyAction>) {
                if (op.handleNotification && !op.unregister)
                    out.verb = "register-notify-handle";
            }
        },
        a.op);
}

bool makesWin32Call(const Action &a)
{
    return std::holds_alternative<OpenAction>(a.op) || std::holds_alternative<WriteAction>(a.op)
        || std::holds_alternative<ReadAction>(a.op) || std::holds_alternative<IoctlAction>(a.op)
        || std::holds_alternative<CancelAction>(a.op) || std::holds_alternative<CloseAction>(a.op)
        || std::holds_alternative<RegisterNotifyAction>(a.op);
}

std::set<std::uint64_t> handleValues(Simulation &sim, const std::string &app)
{
    std::set<std::uint64_t> values;
    auto it = sim.applications().find(app);
    if (it == sim.applications().end())
        return values;
    for (const auto &h : it->second->handles())
        values.insert(reinterpret_cast<std::uintptr_t>(h.handle));
    return values;
}

} // namespace

InteractiveSession::InteractiveSession(
    const scenario::Scenario &scenario, const DriverModuleRegistry &modules)
    : m_sim(scenario, modules)
    , m_runner(m_sim)
{ }

InteractiveSession::~InteractiveSession() = default;

void InteractiveSession::powerOn()
{
    m_sim.powerOn();
}

InteractiveSession::Outcome InteractiveSession::run(std::string_view line, int lineNo)
{
    Outcome out;
    auto parsed = parseActionLine(line, "explorer", lineNo);
    if (auto *err = std::get_if<LoadError>(&parsed)) {
        out.message = err->toString();
        return out;
    }
    const Action &action = std::get<Action>(parsed);
    out.parsed = true;
    out.canonical = formatAction(action);
    out.app = action.app;
    describe(action, out);

    std::lock_guard lock(m_sim.world().lock);
    World &w = m_sim.world();
    out.virtualTimeBefore = w.scheduler.now();
    out.firstRecord = w.trace.size();
    const bool opening = std::holds_alternative<OpenAction>(action.op);
    const auto before = opening ? handleValues(m_sim, action.app) : std::set<std::uint64_t>();

    const ActionRunner::Result result = m_runner.run(action);
    out.ok = result.ok;
    out.message = result.message;
    out.madeWin32Call = result.ok && makesWin32Call(action);
    out.last = m_runner.lastCall(action.app);
    out.endRecord = w.trace.size();
    out.virtualTimeAfter = w.scheduler.now();

    if (opening && result.ok && out.last.result) {
        // The runner named the new handle; the application's table shows which value it got.
        for (std::uint64_t v : handleValues(m_sim, action.app)) {
            if (!before.contains(v))
                m_names[{ action.app, v }] = out.handle;
        }
    }
    return out;
}

void InteractiveSession::advance(std::int64_t ns)
{
    std::lock_guard lock(m_sim.world().lock);
    m_sim.world().scheduler.advance(ns);
    m_sim.world().scheduler.runUntilIdle();
}

std::int64_t InteractiveSession::virtualTimeNs()
{
    std::lock_guard lock(m_sim.world().lock);
    return m_sim.world().scheduler.now();
}

DeviceTreeSnapshot InteractiveSession::snapshot()
{
    std::lock_guard lock(m_sim.world().lock);
    DeviceTreeSnapshot tree = takeSnapshot(m_sim);
    for (auto &app : tree.applications) {
        for (auto &h : app.handles) {
            auto it = m_names.find({ app.name, h.value });
            if (it != m_names.end())
                h.name = it->second;
            else // a handle the application opened again on its own keeps the script's name
                h.name = m_runner.nameOf(
                    app.name, reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(h.value)));
        }
    }
    return tree;
}

} // namespace umdfx
