#pragma once

#include "core/host/hostport.h"
#include "core/pnp/interfaceregistry.h"
#include "core/pnp/pnpmanager.h"
#include "core/runtime/world.h"

#include <functional>
#include <map>
#include <memory>
#include <variant>

namespace umdfx {

// A kernel file object: what a successful CreateFile on a device interface made.
struct KernelFile
{
    KernelFileId id = 0;
    DevNodeId node = 0;
    std::string instanceId;
    std::string path; // what the application opened
    std::u16string fileName; // the FILE_OBJECT name relative to the device: u"\\Port1"
    std::uint32_t handles = 0; // open handles
    std::uint32_t outstanding = 0; // IRPs sent and not completed (cleanup/close excluded)
    bool cleanupSent = false;
    bool closeSent = false;
};

// One I/O request packet as the I/O manager tracks it.
struct Irp
{
    IrpId id = 0;
    IrpType type = IrpType::Create;
    KernelFileId file = 0;
    bool done = false;
    HRESULT status = 0; // as the driver completed it
    std::uint32_t win32Error = 0; // what GetLastError shows for it
    std::uint64_t information = 0;
    std::vector<std::byte> output;
    bool cancelRequested = false;
    trace::StrId thread = 0; // the logical thread that issued it: completion is delivered there
    std::function<void(Irp &)> onComplete; // runs on completion (application side bookkeeping)
};

// The kernel's I/O path for UMDF devices: the I/O manager's file objects and IRPs and the
// reflector that turns them into host messages (reference §3.3). CreateFile resolves the path in
// the interface registry; read/write/IOCTL go to the device's host; closing the last handle sends
// cleanup, and close once the file's I/O has drained (§4.5).
//
// Threads: kernel side, world lock held; completions arrive as tasks. Owns files and IRPs.
class IoManager
{
public:
    IoManager(World &world, PnpManager &pnp, InterfaceRegistry &interfaces);

    // IRP_MJ_CREATE for a path. Either the IRP in flight or the Win32 error of a failed lookup.
    std::variant<Irp *, std::uint32_t> create(
        std::string_view path, std::uint32_t access, std::uint32_t share, std::uint32_t processId);
    Irp *sendIo(KernelFileId file, IrpType type, std::vector<std::byte> input,
        std::uint64_t outputLength, std::int64_t offset, std::uint32_t ioControlCode,
        std::uint32_t processId, IrpId requestId = 0);
    void cancel(IrpId irp);
    // The device's host died: what it had outstanding completes with this status (§2.8);
    // cleanup and close complete normally so applications can close their handles.
    void failOutstanding(DevNodeId node, HRESULT status);
    // The application closed its last handle on this file: IRP_MJ_CLEANUP now, IRP_MJ_CLOSE when
    // the file's outstanding I/O is done. Returns the cleanup IRP.
    Irp *closeLastHandle(KernelFileId file);

    // KernelPort, via the kernel endpoint.
    void ioCompleted(
        IrpId irp, HRESULT status, std::uint64_t information, std::vector<std::byte> output);

    KernelFile *file(KernelFileId id);
    Irp *irp(IrpId id);
    void forget(IrpId id); // the caller has consumed a completed IRP
    std::size_t openFiles(DevNodeId node) const;
    // Files with an application handle still open (not yet in cleanup).
    std::size_t openHandles(DevNodeId node) const;
    std::vector<const KernelFile *> files() const;

private:
    Irp &newIrp(IrpType type, KernelFileId file, IrpId presetId = 0);
    void deliver(const IoMessage &msg, DevNodeId node);
    void maybeClose(KernelFile &f);

    World &m_world;
    PnpManager &m_pnp;
    InterfaceRegistry &m_interfaces;
    std::map<KernelFileId, std::unique_ptr<KernelFile>> m_files;
    std::map<IrpId, std::unique_ptr<Irp>> m_irps;
    KernelFileId m_nextFile = 1;
};

} // namespace umdfx
