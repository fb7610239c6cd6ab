#include "core/win32/iomanager.h"

#include "core/common/text.h"
#include "core/win32/statusmapping.h"
#include "core/wudf/wudfstatus.h"

namespace umdfx {

const char *irpTypeName(IrpType t)
{
    switch (t) {
    case IrpType::Create:
        return "IRP_MJ_CREATE";
    case IrpType::Read:
        return "IRP_MJ_READ";
    case IrpType::Write:
        return "IRP_MJ_WRITE";
    case IrpType::DeviceIoControl:
        return "IRP_MJ_DEVICE_CONTROL";
    case IrpType::Cleanup:
        return "IRP_MJ_CLEANUP";
    case IrpType::Close:
        return "IRP_MJ_CLOSE";
    }
    return "?";
}

IoManager::IoManager(World &world, PnpManager &pnp, InterfaceRegistry &interfaces)
    : m_world(world)
    , m_pnp(pnp)
    , m_interfaces(interfaces)
{ }

KernelFile *IoManager::file(KernelFileId id)
{
    auto it = m_files.find(id);
    return it == m_files.end() ? nullptr : it->second.get();
}

Irp *IoManager::irp(IrpId id)
{
    auto it = m_irps.find(id);
    return it == m_irps.end() ? nullptr : it->second.get();
}

void IoManager::forget(IrpId id)
{
    m_irps.erase(id);
}

std::size_t IoManager::openFiles(DevNodeId node) const
{
    std::size_t n = 0;
    for (const auto &[id, f] : m_files)
        n += f->node == node ? 1 : 0;
    return n;
}

std::size_t IoManager::openHandles(DevNodeId node) const
{
    std::size_t n = 0;
    for (const auto &[id, f] : m_files)
        n += (f->node == node && f->handles > 0 && !f->cleanupSent) ? 1 : 0;
    return n;
}

std::vector<const KernelFile *> IoManager::files() const
{
    std::vector<const KernelFile *> out;
    for (const auto &[id, f] : m_files)
        out.push_back(f.get());
    return out;
}

Irp &IoManager::newIrp(IrpType type, KernelFileId file, IrpId presetId)
{
    auto irp = std::make_unique<Irp>();
    // A driver-created request keeps its id through the IRP it becomes: one I/O, one id.
    irp->id = presetId ? presetId : m_world.newRequestId();
    irp->type = type;
    irp->file = file;
    irp->thread = m_world.scheduler.currentThread();
    Irp &ref = *irp;
    m_irps.emplace(ref.id, std::move(irp));
    return ref;
}

void IoManager::deliver(const IoMessage &msg, DevNodeId node)
{
    DeviceNode *n = m_pnp.find(node);
    if (!n || !n->host) {
        // No host serves this device any more: the reflector fails the request itself.
        ioCompleted(msg.irp, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE), 0, {});
        return;
    }
    HostPort *host = n->host;
    m_world.scheduler.post(trace::intern(n->hostName), [host, msg] { host->io(msg); });
}

std::variant<Irp *, std::uint32_t> IoManager::create(
    std::string_view path, std::uint32_t access, std::uint32_t share, std::uint32_t processId)
{
    auto resolved = m_interfaces.resolveOpen(path, m_world.knobs.disabledInterfaceOpen);
    if (auto *err = std::get_if<std::uint32_t>(&resolved))
        return *err;
    const auto &target = std::get<InterfaceRegistry::OpenTarget>(resolved);
    DeviceNode *n = m_pnp.find(target.instance->node);
    // An enabled interface means the stack has come up: its start may still be finishing (the
    // interfaces are enabled as the start's last step), but it takes I/O. A device stopped for
    // a resource rebalance keeps its interfaces, and the create waits in its queue (§2.5).
    if (!n
        || (n->state != DeviceState::Started && n->state != DeviceState::Starting
            && n->state != DeviceState::QueryStop && n->state != DeviceState::Stopped))
        return static_cast<std::uint32_t>(ERROR_FILE_NOT_FOUND);

    auto f = std::make_unique<KernelFile>();
    f->id = m_nextFile++;
    f->node = n->id;
    f->instanceId = n->instanceId;
    f->path = std::string(path);
    f->fileName = toUtf16(target.fileName);
    KernelFile &file = *f;
    m_files.emplace(file.id, std::move(f));

    Irp &irp = newIrp(IrpType::Create, file.id);
    IoMessage msg;
    msg.irp = irp.id;
    msg.type = IrpType::Create;
    msg.node = n->id;
    msg.file = file.id;
    msg.fileName = file.fileName;
    msg.desiredAccess = access;
    msg.shareAccess = share;
    msg.createOptions = 1u << 24; // FILE_OPEN disposition, what OPEN_EXISTING becomes
    msg.processId = processId;
    irp.onComplete = [this, fileId = file.id](Irp &done) {
        // A failed create leaves no file object behind: no cleanup or close will follow.
        if (FAILED(done.status))
            m_files.erase(fileId);
        else if (auto *kf = this->file(fileId))
            kf->handles = 1;
    };
    deliver(msg, n->id);
    return &irp;
}

Irp *IoManager::sendIo(KernelFileId fileId, IrpType type, std::vector<std::byte> input,
    std::uint64_t outputLength, std::int64_t offset, std::uint32_t ioControlCode,
    std::uint32_t processId, IrpId requestId)
{
    KernelFile *f = file(fileId);
    if (!f)
        return nullptr;
    Irp &irp = newIrp(type, fileId, requestId);
    ++f->outstanding;
    IoMessage msg;
    msg.irp = irp.id;
    msg.type = type;
    msg.node = f->node;
    msg.file = fileId;
    msg.input = std::move(input);
    msg.outputLength = outputLength;
    msg.offset = offset;
    msg.ioControlCode = ioControlCode;
    msg.processId = processId;
    deliver(msg, f->node);
    return &irp;
}

void IoManager::failOutstanding(DevNodeId node, HRESULT status)
{
    std::vector<std::pair<IrpId, bool>> victims;
    for (const auto &[id, irp] : m_irps) {
        const KernelFile *f = file(irp->file);
        if (!irp->done && f && f->node == node)
            victims.emplace_back(id, irp->type == IrpType::Cleanup || irp->type == IrpType::Close);
    }
    for (const auto &[id, housekeeping] : victims)
        ioCompleted(id, housekeeping ? S_OK : status, 0, {});
}

void IoManager::cancel(IrpId id)
{
    Irp *i = irp(id);
    if (!i || i->done)
        return;
    i->cancelRequested = true;
    KernelFile *f = file(i->file);
    DeviceNode *n = f ? m_pnp.find(f->node) : nullptr;
    if (!n || !n->host)
        return;
    HostPort *host = n->host;
    m_world.scheduler.post(trace::intern(n->hostName), [host, id] { host->cancelIo(id); });
}

Irp *IoManager::closeLastHandle(KernelFileId fileId)
{
    KernelFile *f = file(fileId);
    if (!f || f->cleanupSent)
        return nullptr;
    f->handles = 0;
    f->cleanupSent = true;
    Irp &irp = newIrp(IrpType::Cleanup, fileId);
    IoMessage msg;
    msg.irp = irp.id;
    msg.type = IrpType::Cleanup;
    msg.node = f->node;
    msg.file = fileId;
    irp.onComplete = [this, fileId](Irp &) {
        if (auto *kf = this->file(fileId))
            maybeClose(*kf);
    };
    deliver(msg, f->node);
    return &irp;
}

void IoManager::maybeClose(KernelFile &f)
{
    // IRP_MJ_CLOSE follows when the last reference to the file object goes: after cleanup and
    // after every request on the file has completed.
    if (!f.cleanupSent || f.closeSent || f.outstanding > 0)
        return;
    f.closeSent = true;
    Irp &irp = newIrp(IrpType::Close, f.id);
    IoMessage msg;
    msg.irp = irp.id;
    msg.type = IrpType::Close;
    msg.node = f.node;
    msg.file = f.id;
    irp.onComplete = [this, fileId = f.id, node = f.node](Irp &done) {
        m_files.erase(fileId);
        const IrpId id = done.id;
        m_world.scheduler.post(lanes::pnp(), [this, node, id] {
            forget(id);
            m_pnp.fileClosed(node);
        });
    };
    deliver(msg, f.node);
}

void IoManager::ioCompleted(
    IrpId id, HRESULT status, std::uint64_t information, std::vector<std::byte> output)
{
    Irp *i = irp(id);
    if (!i || i->done)
        return;
    i->done = true;
    i->status = status;
    i->win32Error = win32ErrorFromStatus(status);
    i->information = information;
    i->output = std::move(output);
    KernelFile *f = file(i->file);
    const bool counted = i->type == IrpType::Read || i->type == IrpType::Write
        || i->type == IrpType::DeviceIoControl;
    if (f && counted && f->outstanding > 0)
        --f->outstanding;
    // The callback may forget the IRP (it owns the callback): run it from a local copy, and do
    // not touch the IRP afterwards.
    if (auto onComplete = std::move(i->onComplete))
        onComplete(*i);
    if (f && counted)
        maybeClose(*f);
}

} // namespace umdfx
