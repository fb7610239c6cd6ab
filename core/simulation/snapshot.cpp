#include "core/simulation/snapshot.h"

#include "core/common/text.h"

#include "core/framework/fxdevice.h"
#include "core/framework/fxdriver.h"
#include "core/framework/fxfile.h"
#include "core/framework/fxioqueue.h"
#include "core/framework/fxremoteinterface.h"
#include "core/framework/fxremotetarget.h"
#include "core/simulation/simulation.h"
#include "core/wudf/guid.h"
#include <algorithm>

#include <sstream>

namespace umdfx {

static std::string dispatchWord(WDF_IO_QUEUE_DISPATCH_TYPE t)
{
    switch (t) {
    case WdfIoQueueDispatchSequential:
        return "sequential";
    case WdfIoQueueDispatchParallel:
        return "parallel";
    case WdfIoQueueDispatchManual:
        return "manual";
    default:
        return "?";
    }
}

const char *ioTargetStateWord(int state)
{
    switch (state) {
    case WdfIoTargetStarted:
        return "started";
    case WdfIoTargetStopped:
        return "stopped";
    case WdfIoTargetClosedForQueryRemove:
        return "closed-for-query-remove";
    case WdfIoTargetClosed:
        return "closed";
    case WdfIoTargetDeleted:
        return "deleted";
    default:
        return "undefined";
    }
}

// The framework objects of one device object, from the host's registry: what a view lists as
// remote interfaces, remote targets and the object tree of that layer.
static void addObjects(const DriverHost &host, const fx::FxDevice *dev, DriverLayerSnapshot &layer)
{
    for (const fx::FxObjectBase *o : host.objects()) {
        if (o->device() != dev)
            continue;
        layer.objects.push_back({ o->id(), o->typeName(), o->parent() ? o->parent()->id() : 0,
            static_cast<std::uint32_t>(o->refCount()), fx::lifecycleName(o->lifecycle()),
            o->hasContext() });
        if (const auto *ri = dynamic_cast<const fx::FxRemoteInterface *>(o)) {
            layer.remoteInterfaces.push_back(
                { ri->id(), wudf::guidToString(ri->interfaceClass()), ri->symbolicLink() });
        } else if (const auto *rt = dynamic_cast<const fx::FxRemoteTarget *>(o)) {
            layer.remoteTargets.push_back(
                { rt->id(), ioTargetStateWord(rt->state()), rt->path(), rt->file() != 0 });
        }
    }
}

namespace {

const char *threadStateWord(CooperativeThreads::State state)
{
    switch (state) {
    case CooperativeThreads::State::Starting:
    case CooperativeThreads::State::Ready:
        return "ready";
    case CooperativeThreads::State::Running:
        return "running";
    case CooperativeThreads::State::Waiting:
        return "waiting";
    case CooperativeThreads::State::Ended:
        return "ended";
    }
    return "?";
}

void takeThreads(Simulation &sim, DeviceTreeSnapshot &tree)
{
    const World &w = sim.world();
    const auto driverThreads = w.threads.threads();
    const auto &blocked = w.scheduler.blockedThreads();
    for (const auto &h : sim.hosts()) {
        ThreadSnapshot dispatcher;
        dispatcher.name = h->name();
        dispatcher.host = h->name();
        dispatcher.kind = "dispatcher";
        const bool waits = std::find(blocked.begin(), blocked.end(), h->thread()) != blocked.end();
        dispatcher.state = h->failed() ? "ended" : waits ? "waiting" : "idle";
        tree.threads.push_back(std::move(dispatcher));
        for (const auto &t : driverThreads) {
            if (t.owner != h.get())
                continue;
            ThreadSnapshot s;
            s.name = std::string(trace::str(t.name));
            s.host = h->name();
            // The host's pool threads ("host1.pool", "host1.pool2", ...) run its timer callbacks
            // and work items; the others the driver made with CreateThread.
            s.kind = s.name.rfind(h->name() + ".pool", 0) == 0 ? "thread pool" : "driver thread";
            s.state = threadStateWord(t.state);
            s.waitingOn = t.waitingOn;
            s.wakeAtNs = t.wakeAt.value_or(-1);
            tree.threads.push_back(std::move(s));
        }
    }
}

} // namespace

DeviceTreeSnapshot takeSnapshot(Simulation &sim)
{
    DeviceTreeSnapshot tree;
    tree.virtualTimeNs = sim.world().scheduler.now();
    takeThreads(sim, tree);
    const auto &nodes = sim.pnp().nodes();
    for (const auto &n : nodes) {
        DeviceSnapshot d;
        d.instanceId = n->instanceId;
        d.description = n->description;
        d.hardwareIds = n->hardwareIds;
        d.enumerator = n->enumerator;
        d.state = deviceStateName(n->state);
        d.problem = n->problem;
        d.host = n->hostName;
        d.hasParent = n->parent != 0;
        d.hostRestarts = n->hostRestarts;
        const DriverHost *host = nullptr;
        for (const auto &h : sim.hosts())
            if (h->name() == n->hostName)
                host = h.get();
        d.hostFailed = host && host->failed();
        const DriverHost::Stack *stack = nullptr;
        if (host) {
            auto it = host->stacks().find(n->id);
            if (it != host->stacks().end())
                stack = &it->second;
        }
        if (stack) {
            using Power = DriverHost::Stack::Power;
            const std::string dx = stack->dxState == WdfPowerDeviceD1 ? "D1"
                : stack->dxState == WdfPowerDeviceD2                  ? "D2"
                                                                      : "D3";
            switch (stack->power) {
            case Power::D0:
                d.powerState = "D0";
                break;
            case Power::PoweringDown:
                d.powerState = "D0 -> " + dx;
                break;
            case Power::Dx:
            case Power::Stopped:
                d.powerState = dx;
                break;
            case Power::Off:
                break;
            }
        }
        for (std::size_t i = 0; i < n->stack.size(); ++i) {
            DriverLayerSnapshot layer;
            layer.name = n->stack[i].name;
            layer.module = n->stack[i].module;
            if (stack && i < stack->layers.size()) {
                const fx::FxDevice *dev = stack->layers[i];
                layer.deviceObject = dev->id();
                layer.fileName = dev->driver()
                    ? static_cast<fx::FxDriver *>(dev->driver())->module().fileName
                    : "";
                for (const auto *q : dev->queues()) {
                    layer.queues.push_back(
                        { q->id(), q->isDefault(), dispatchWord(q->dispatchType()),
                            q->powerManaged(), q->allowZeroLength(), q->queuedCount(),
                            q->ownedCount(), static_cast<std::uint32_t>(q->state()) });
                }
                for (const auto &[kf, f] : dev->files())
                    layer.files.push_back({ f->id(), toUtf8(f->name()), kf });
                addObjects(*host, dev, layer);
            }
            d.stack.push_back(std::move(layer));
        }
        for (const auto *i : sim.interfaces().all()) {
            if (i->node != n->id)
                continue;
            d.interfaces.push_back({ wudf::guidToString(i->interfaceClass), i->hasReference,
                i->reference, i->symbolicLink, i->enabled });
        }
        tree.devices.push_back(std::move(d));
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i]->parent == 0)
            tree.roots.push_back(i);
        else
            tree.devices[nodes[i]->parent - 1].children.push_back(i);
    }
    for (const auto &[name, app] : sim.applications()) {
        ApplicationSnapshot a;
        a.name = name;
        a.processId = app->processId();
        for (const auto &h : app->handles())
            a.handles.push_back({ reinterpret_cast<std::uintptr_t>(h.handle), std::string(), h.path,
                h.instanceId, h.overlapped, h.pending.size() });
        tree.applications.push_back(std::move(a));
    }
    return tree;
}

static void formatDevice(const DeviceTreeSnapshot &tree, std::size_t index,
    const std::string &indent, bool last, std::ostringstream &out)
{
    const DeviceSnapshot &d = tree.devices[index];
    out << indent << (last ? "└─ " : "├─ ") << d.instanceId;
    if (!d.description.empty())
        out << "  \"" << d.description << '"';
    out << "  [" << d.state << ']';
    if (!d.problem.empty())
        out << "  (" << d.problem << ')';
    if (!d.host.empty())
        out << "  " << d.host;
    out << '\n';
    const std::string inner = indent + (last ? "   " : "│  ");
    std::vector<std::string> lines;
    for (const auto &layer : d.stack) {
        std::string l = "driver " + layer.name + " (" + layer.module + ")";
        if (!layer.deviceObject)
            l += " not loaded";
        lines.push_back(l);
        for (const auto &q : layer.queues) {
            std::ostringstream s;
            s << "  queue #" << q.id << (q.isDefault ? " default" : "") << ' ' << q.dispatchType
              << (q.powerManaged ? " power-managed" : "") << "  queued " << q.queued
              << ", in driver " << q.inDriver;
            lines.push_back(s.str());
        }
        for (const auto &f : layer.files)
            lines.push_back("  file #" + std::to_string(f.id) + " \"" + f.name + "\"");
    }
    for (const auto &i : d.interfaces)
        lines.push_back("interface " + i.interfaceClass
            + (i.hasReference ? "\\" + i.reference : std::string())
            + (i.enabled ? "  enabled  " : "  disabled  ") + i.symbolicLink);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const bool lastLine = i + 1 == lines.size() && d.children.empty();
        out << inner << (lastLine ? "└─ " : "├─ ") << lines[i] << '\n';
    }
    for (std::size_t c = 0; c < d.children.size(); ++c)
        formatDevice(tree, d.children[c], inner, c + 1 == d.children.size(), out);
}

std::string formatTree(const DeviceTreeSnapshot &tree)
{
    std::ostringstream out;
    out << "HTREE\\ROOT\\0\n";
    for (std::size_t r = 0; r < tree.roots.size(); ++r)
        formatDevice(tree, tree.roots[r], "", r + 1 == tree.roots.size(), out);
    return out.str();
}

std::string formatInterfaces(const DeviceTreeSnapshot &tree)
{
    std::ostringstream out;
    for (const auto &d : tree.devices) {
        for (const auto &i : d.interfaces)
            out << i.interfaceClass << "  " << (i.enabled ? "enabled " : "disabled") << "  "
                << i.symbolicLink << '\n';
    }
    return out.str();
}

} // namespace umdfx
