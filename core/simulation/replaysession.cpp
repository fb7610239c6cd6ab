#include "core/simulation/replaysession.h"

#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"

namespace umdfx {

// One replay on its own thread, stopped by its debugger before record n; at each stop the
// debugger's hook (on the replay's thread, which holds the world lock) takes the snapshot.
class ReplaySession::Run
{
public:
    Run(PreparedReplay prepared, const DriverModuleRegistry &modules)
        : m_prepared(std::move(prepared))
        , m_sim(m_prepared.scenario, modules)
    {
        m_debugger.setStoppedHook([this](const Debugger::Stop &stop) {
            DeviceTreeSnapshot tree = takeSnapshot(m_sim);
            std::lock_guard lock(m_mutex);
            m_tree = std::move(tree);
            m_position = stop.seq;
            m_stopped = true;
            m_changed.notify_all();
        });
        m_sim.world().tracer.setGate(&m_debugger);
    }
    ~Run()
    {
        m_debugger.detach();
        if (m_thread.joinable())
            m_thread.join();
        m_sim.world().tracer.setGate(nullptr);
    }

    DeviceTreeSnapshot runTo(std::uint64_t seq)
    {
        std::unique_lock lock(m_mutex);
        m_stopped = false;
        if (!m_thread.joinable()) {
            m_debugger.runToRecord(seq);
            m_thread = std::thread([this] { play(); });
        } else if (!m_done) {
            m_debugger.runToRecord(seq);
        }
        m_changed.wait(lock, [this] { return m_stopped || m_done; });
        if (m_stopped)
            return m_tree;
        // The replay ended before record seq: the tree at its end.
        lock.unlock();
        std::lock_guard world(m_sim.world().lock);
        return takeSnapshot(m_sim);
    }
    std::uint64_t position() const
    {
        std::lock_guard lock(m_mutex);
        return m_position;
    }
    // The tree of the stop the replay stands at, when that is record seq (running on would pass
    // it).
    std::optional<DeviceTreeSnapshot> cachedAt(std::uint64_t seq) const
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped && !m_done && m_position == seq)
            return m_tree;
        return std::nullopt;
    }
    bool done() const
    {
        std::lock_guard lock(m_mutex);
        return m_done;
    }

private:
    void play()
    {
        m_sim.powerOn();
        ActionRunner runner(m_sim);
        for (const auto &a : m_prepared.actions)
            runner.run(a);
        std::lock_guard lock(m_mutex);
        m_done = true;
        m_position = m_sim.world().trace.size();
        m_changed.notify_all();
    }

    PreparedReplay m_prepared;
    Simulation m_sim;
    Debugger m_debugger;
    std::thread m_thread;
    mutable std::mutex m_mutex; // the fields below
    std::condition_variable m_changed;
    DeviceTreeSnapshot m_tree;
    std::uint64_t m_position = 0;
    bool m_stopped = false;
    bool m_done = false;
};

ReplaySession::ReplaySession(const trace::TraceFile &file, const DriverModuleRegistry &modules)
    : m_file(file)
    , m_modules(modules)
{ }

ReplaySession::~ReplaySession() = default;

std::uint64_t ReplaySession::position() const
{
    return m_run ? m_run->position() : 0;
}

std::variant<DeviceTreeSnapshot, std::string> ReplaySession::startAndRunTo(std::uint64_t seq)
{
    m_run.reset();
    auto prepared = prepareReplay(m_file);
    if (auto *err = std::get_if<std::string>(&prepared))
        return *err;
    m_run = std::make_unique<Run>(std::get<PreparedReplay>(std::move(prepared)), m_modules);
    return m_run->runTo(seq);
}

std::variant<DeviceTreeSnapshot, std::string> ReplaySession::treeAt(std::uint64_t seq)
{
    // On from where the replay stands when it can; from the start when the record lies behind.
    if (!m_run || seq < m_run->position())
        return startAndRunTo(seq);
    if (auto same = m_run->cachedAt(seq))
        return *same; // stopped right there already
    return m_run->runTo(seq);
}

} // namespace umdfx
