#include "core/simulation/simulation.h"

#include "core/common/messagetext.h"
#include "core/common/text.h"
#include "core/framework/fxnames.h"

#include <filesystem>
#include <stdexcept>

namespace umdfx {

// The kernel side's end of the reflector boundary: what a host may ask of the kernel.
class Simulation::KernelEndpoint final : public KernelPort
{
public:
    KernelEndpoint(World &world, PnpManager &pnp, IoManager &io, InterfaceRegistry &interfaces,
        NotificationManager &notifications)
        : m_world(world)
        , m_pnp(pnp)
        , m_io(io)
        , m_interfaces(interfaces)
        , m_notifications(notifications)
    { }

    void registerRemoteInterfaceNotification(
        DevNodeId listener, HostPort *host, const GUID &cls, bool includeExisting) override
    {
        const DeviceNode *n = m_pnp.find(listener);
        if (!n)
            return;
        // Each host hears PnP notifications on a pump of its own, one at a time (§6.1), not
        // serialized with its dispatcher (§7.2: remote-interface callbacks are not).
        const trace::StrId thread = notifyThreadOf(trace::intern(n->hostName));
        m_notifications.registerDriver(listener, host, thread, cls);
        if (!includeExisting)
            return;
        // Existing interfaces arrive asynchronously, shortly after the registration (§6.1,
        // inferred).
        for (const auto *i : m_interfaces.present(cls)) {
            const std::string link = i->symbolicLink;
            m_world.scheduler.post(thread,
                [host, listener, cls, link] { host->remoteInterfaceArrival(listener, cls, link); });
        }
    }

    // The logical thread a host hears PnP notifications on: "host1.notify" for any of host1's.
    static trace::StrId notifyThreadOf(trace::StrId thread)
    {
        const std::string_view name = trace::str(thread);
        return trace::intern(std::string(name.substr(0, name.find('.'))) + ".notify");
    }

    // The logical thread a host's own I/O completes on: "host1.io" for work issued on "host1".
    static trace::StrId ioThreadOf(trace::StrId thread)
    {
        const std::string_view name = trace::str(thread);
        return trace::intern(std::string(name.substr(0, name.find('.'))) + ".io");
    }

    HRESULT openFile(
        DevNodeId client, const std::string &path, DWORD desiredAccess, KernelFileId *file) override
    {
        // The host's own process id: what GetRequestorProcessId shows the target's driver.
        const std::uint32_t pid = 1000 + client;
        const trace::StrId caller = m_world.scheduler.currentThread();
        const trace::StrId io = ioThreadOf(caller);
        if (caller == notifyThreadOf(caller) && softwareEnumeratedTarget(path))
            return swenumDeadlock(client, path);
        std::variant<Irp *, std::uint32_t> created = std::uint32_t(0);
        {
            Scheduler::ThreadScope scope(m_world.scheduler, io);
            created = m_io.create(path, desiredAccess, FILE_SHARE_READ | FILE_SHARE_WRITE, pid);
        }
        if (auto *err = std::get_if<std::uint32_t>(&created))
            return HRESULT_FROM_WIN32(*err);
        Irp *irp = std::get<Irp *>(created);
        // CreateFile is synchronous: the calling thread waits (its other work stays queued, so
        // notifications stay one at a time) while the target's stack handles the create.
        m_world.threads.wait([irp] { return irp->done; }, std::nullopt, "CreateFile",
            io == caller ? trace::StrId(0) : caller);
        if (!irp->done)
            return HRESULT_FROM_WIN32(ERROR_IO_PENDING); // the target's driver holds the create
        const HRESULT status = irp->status;
        if (SUCCEEDED(status) && file)
            *file = irp->file;
        m_io.forget(irp->id);
        return status;
    }

    IrpId sendIo(HostPort *client, KernelFileId file, IrpType type, std::vector<std::byte> input,
        std::uint64_t outputLength, std::uint32_t ioControlCode, IrpId requestId) override
    {
        Irp *irp = nullptr;
        {
            // Completion reaches the host on its I/O thread, not serialized with its dispatcher
            // (§7.2).
            Scheduler::ThreadScope scope(
                m_world.scheduler, ioThreadOf(m_world.scheduler.currentThread()));
            irp = m_io.sendIo(
                file, type, std::move(input), outputLength, 0, ioControlCode, 0, requestId);
        }
        if (!irp)
            return 0;
        irp->onComplete = [this, client](Irp &done) {
            // The IRP goes first: the driver may send the same request again from OnCompletion,
            // and the new IRP carries the same request id.
            const IrpId id = done.id;
            const HRESULT status = done.status;
            const std::uint64_t information = done.information;
            std::vector<std::byte> output = std::move(done.output);
            m_io.forget(id);
            client->targetIoCompleted(id, status, information, std::move(output));
        };
        return irp->id;
    }

    void cancelSentIo(IrpId irp) override { m_io.cancel(irp); }

    std::uint32_t registerTargetNotification(
        HostPort *host, KernelFileId file, std::uint32_t target) override
    {
        const KernelFile *f = m_io.file(file);
        if (!f)
            return 0;
        const trace::StrId thread = notifyThreadOf(m_world.scheduler.currentThread());
        return m_notifications.registerTarget(
            thread, f->node, [host, target](const DeviceChangeMessage &msg) {
                if (msg.change == DeviceChange::CustomEvent) {
                    host->remoteTargetCustomEvent(target, msg.eventGuid, msg.data);
                    return true;
                }
                return host->remoteTargetDeviceChange(target, static_cast<int>(msg.change));
            });
    }

    void hostFailed(HostPort *host, const std::string &reason) override
    {
        m_world.scheduler.post(lanes::pnp(), [this, host, reason] {
            for (const auto &n : m_pnp.nodes()) {
                if (n->host != host)
                    continue;
                m_io.failOutstanding(n->id, HRESULT_FROM_NT(STATUS_DRIVER_PROCESS_TERMINATED));
                m_pnp.hostFailed(n->id, reason);
            }
        });
    }

    void unregisterTargetNotification(std::uint32_t registration) override
    {
        m_notifications.unregister(registration);
    }

    void closeFile(KernelFileId file) override
    {
        const trace::StrId caller = m_world.scheduler.currentThread();
        const trace::StrId io = ioThreadOf(caller);
        Irp *cleanup = nullptr;
        {
            Scheduler::ThreadScope scope(m_world.scheduler, io);
            cleanup = m_io.closeLastHandle(file);
        }
        if (!cleanup)
            return;
        const IrpId id = cleanup->id;
        // CloseHandle returns once IRP_MJ_CLEANUP is done; the caller's other work waits.
        m_world.threads.wait([cleanup] { return cleanup->done; }, std::nullopt, "CloseHandle",
            io == caller ? trace::StrId(0) : caller);
        if (m_io.irp(id) && m_io.irp(id)->done)
            m_io.forget(id);
    }

    void postEvent(DevNodeId node, const GUID &event, std::vector<std::byte> data) override
    {
        // The reflector raises the target-device custom event; listeners hear it asynchronously.
        m_world.scheduler.post(lanes::pnp(), [this, node, event, data = std::move(data)] {
            m_notifications.customEvent(node, event, data);
        });
    }

    void pnpCompleted(
        DevNodeId node, PnpOperation op, HRESULT hr, const std::string &problem) override
    {
        m_world.scheduler.post(lanes::pnp(),
            [this, node, op, hr, problem] { m_pnp.pnpCompleted(node, op, hr, problem); });
    }

    void ioCompleted(IrpId irp, HRESULT status, std::uint64_t information,
        std::vector<std::byte> output) override
    {
        const Irp *i = m_io.irp(irp);
        const trace::StrId thread = i && i->thread ? i->thread : lanes::kernel();
        m_world.scheduler.post(
            thread, [this, irp, status, information, output = std::move(output)]() mutable {
                m_io.ioCompleted(irp, status, information, std::move(output));
            });
    }

    HRESULT registerDeviceInterface(
        DevNodeId node, const GUID &cls, const std::u16string *reference) override
    {
        const DeviceNode *n = m_pnp.find(node);
        if (!n)
            return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
        const std::string ref = reference ? toUtf8(*reference) : std::string();
        m_interfaces.registerInterface(node, n->instanceId, cls, reference ? &ref : nullptr);
        return S_OK;
    }

    HRESULT setDeviceInterfaceState(
        DevNodeId node, const GUID &cls, const std::u16string *reference, bool enable) override
    {
        const std::string ref = reference ? toUtf8(*reference) : std::string();
        return m_interfaces.setState(node, cls, reference ? &ref : nullptr, enable);
    }

private:
    bool softwareEnumeratedTarget(const std::string &path) const
    {
        const auto found = m_interfaces.resolveOpen(path, m_world.knobs.disabledInterfaceOpen);
        const auto *target = std::get_if<InterfaceRegistry::OpenTarget>(&found);
        const DeviceNode *n = target ? m_pnp.find(target->instance->node) : nullptr;
        return n && n->softwareEnumerated();
    }

    // The SWENUM rule (§6.1 4d, S9). A host opens a SWENUM device's interface from inside a PnP
    // notification: SWENUM needs the PnP manager to bring the device up, and the PnP manager is
    // waiting for this very notification callback to return. The open never returns and no
    // notification moves system-wide, until the reflector's watchdog (knob hostTimeoutMs) kills
    // the host. The trace shows each step; the verifier names the rule.
    HRESULT swenumDeadlock(DevNodeId client, const std::string &path)
    {
        const DeviceNode *n = m_pnp.find(client);
        const trace::StrId device = n ? trace::intern(n->instanceId) : 0;
        Tracer::Site blocked { trace::Kind::Pnp, lanes::pnp(), lanes::pnp(), device,
            UMDFX_STR("PnP"), UMDFX_STR("NotificationPumpBlocked") };
        trace::ArgsWriter why;
        why.string("path", path);
        why.string("reason",
            "SWENUM needs the PnP manager to bring the device up; the PnP manager waits for the "
            "notification callback that is opening it");
        m_world.tracer.event(blocked, std::nullopt, &why);
        const std::uint64_t blockedSeq = m_world.tracer.lastSeq();
        m_world.scheduler.stall(static_cast<std::int64_t>(m_world.knobs.hostTimeoutMs) * 1000000);
        Tracer::Site timeout { trace::Kind::Host, lanes::kernel(), lanes::host(), device,
            UMDFX_STR("Reflector"), UMDFX_STR("HostTimeout") };
        trace::ArgsWriter fired;
        fired.string("operation", "a PnP notification");
        fired.u64("timeoutMs", m_world.knobs.hostTimeoutMs);
        m_world.tracer.event(timeout, std::nullopt, &fired);
        const std::uint64_t timeoutSeq = m_world.tracer.lastSeq();
        // The finding is about the driver's open call (the innermost call now).
        Tracer::Site about = blocked;
        if (const auto call = m_world.tracer.innermostCall()) {
            const trace::TraceRecord &r = m_world.trace.at(*call);
            about = { r.kind, r.from, r.to, r.device, r.iface, r.method, r.object, r.request };
        }
        // The watchdog ends the host first; the finding then says why.
        if (n && n->host)
            n->host->terminate("host timeout: a PnP notification callback never returned "
                               "(SWENUM interface opened inside it)");
        m_world.verifier.report(about, "V25", "SwenumOpenInsideArrival",
            "a SWENUM-enumerated interface was opened inside a PnP notification callback "
            "(OnRemoteInterfaceArrival): the open waits for the PnP manager, which waits for the "
            "callback; open it from a work item (IWDFDevice3::CreateWorkItem) instead",
            { blockedSeq, timeoutSeq });
        return HRESULT_FROM_NT(STATUS_DRIVER_PROCESS_TERMINATED);
    }

    World &m_world;
    PnpManager &m_pnp;
    IoManager &m_io;
    InterfaceRegistry &m_interfaces;
    NotificationManager &m_notifications;
};

static Knobs knobsFrom(const scenario::Scenario &s)
{
    Knobs k;
    if (auto err = applyKnobs(s.knobs, k))
        throw std::invalid_argument(*err);
    return k;
}

std::optional<scenario::LoadError> findDriverModules(
    const scenario::Scenario &scenario, const DriverModuleRegistry &modules)
{
    for (const scenario::DriverSpec &d : scenario.drivers) {
        // A bare plugin name the loader left bare was looked for beside a scenario file first.
        std::string scenarioDir;
        const std::string &file = d.moduleWhere.file;
        if (d.module.find('/') == std::string::npos && !file.empty()
            && file.rfind("embedded:", 0) != 0) {
            scenarioDir = std::filesystem::path(file).parent_path().string();
            if (scenarioDir.empty())
                scenarioDir = ".";
        }
        if (auto why = modules.notFound(d.module, scenarioDir))
            return scenario::LoadError { d.moduleWhere,
                "driver module \"" + excerpt(d.module) + "\" not found: " + *why };
    }
    return std::nullopt;
}

Simulation::Simulation(const scenario::Scenario &scenario, const DriverModuleRegistry &modules)
    : m_scenario(scenario)
    , m_modules(modules)
    , m_world(knobsFrom(scenario))
    , m_notifications(m_world)
    , m_pnp(m_world, m_interfaces)
    , m_io(m_world, m_pnp, m_interfaces)
    , m_kernel(
          std::make_unique<KernelEndpoint>(m_world, m_pnp, m_io, m_interfaces, m_notifications))
{
    m_pnp.setOpenFileCount([this](DevNodeId node) { return m_io.openFiles(node); });
    m_pnp.setOpenHandleCount([this](DevNodeId node) { return m_io.openHandles(node); });
    m_pnp.setNotifications(&m_notifications);
    // Strict verifier: a finding terminates the host of the device it is about (§9).
    m_world.verifier.setStrict(m_world.knobs.verifierMode == Knobs::VerifierMode::Strict,
        [this](trace::StrId device, const std::string &reason) {
            DeviceNode *n = m_pnp.find(trace::str(device));
            if (!n || !n->host)
                return;
            for (auto &h : m_hosts) {
                if (h.get() == n->host)
                    h->fail("verifier failure: " + reason);
            }
        });
    // A driver's thread that never reaches a switch point: its host is ended (the watchdog took
    // the baton back from it).
    m_world.threads.setSpinningHandler([this](const CooperativeThreads::ThreadInfo &t) {
        for (auto &h : m_hosts) {
            if (h.get() == t.owner)
                h->threadSpinning(std::string(trace::str(t.name)));
        }
    });
    m_pnp.setHostFactory([this](DeviceNode &n) -> HostPort * {
        // One WUDFHost per device stack (no device pooling).
        auto host = std::make_unique<DriverHost>(
            m_world, *m_kernel, m_modules, "host" + std::to_string(m_hosts.size() + 1));
        n.hostName = host->name();
        m_hosts.push_back(std::move(host));
        return m_hosts.back().get();
    });
}

Simulation::~Simulation()
{
    std::lock_guard lock(m_world.lock);
    // The drivers' own threads end first, while their hosts and modules are still there.
    m_world.threads.terminateAll();
    m_apps.clear();
    m_hosts.clear();
}

void Simulation::powerOn()
{
    std::lock_guard lock(m_world.lock);
    Scheduler::ThreadScope scope(m_world.scheduler, lanes::pnp());
    for (const auto &d : m_scenario.devices) {
        DeviceNode n;
        n.instanceId = d.instanceId;
        if (!d.parent.empty()) {
            if (auto *p = m_pnp.find(d.parent))
                n.parent = p->id;
        }
        n.hardwareIds = d.hardwareIds;
        n.description = d.description;
        n.enumerator = d.enumerator;
        n.kernelService = d.kernelService;
        for (const auto &name : d.drivers) {
            std::string module;
            for (const auto &drv : m_scenario.drivers)
                if (drv.name == name)
                    module = drv.module;
            n.stack.push_back({ name, module });
        }
        for (const auto &[key, value] : d.parameters)
            n.parameters[key] = value;
        n.startOnLoad = d.startOnLoad;
        m_pnp.addNode(std::move(n));
    }
    m_pnp.enumerate();
    m_world.scheduler.runUntilIdle();
}

Application &Simulation::application(const std::string &name)
{
    auto it = m_apps.find(name);
    if (it != m_apps.end())
        return *it->second;
    const auto pid = static_cast<std::uint32_t>(4000 + 4 * m_apps.size());
    auto app
        = std::make_unique<Application>(m_world, m_io, m_interfaces, m_notifications, name, pid);
    return *m_apps.emplace(name, std::move(app)).first->second;
}

} // namespace umdfx
