#include "core/win32/application.h"

#include "core/common/text.h"
#include "core/wudf/guid.h"
#include "core/wudf/wudfstatus.h"

#include <cstdio>

namespace umdfx {

namespace {
// Bytes of an SP_DEVICE_INTERFACE_DETAIL_DATA_W: DWORD cbSize, then the NUL-terminated WCHAR path.
DWORD detailSizeFor(const std::string &path)
{
    return static_cast<DWORD>(sizeof(DWORD) + (toUtf16(path).size() + 1) * sizeof(char16_t));
}
} // namespace

Application::Application(World &world, IoManager &io, InterfaceRegistry &interfaces,
    NotificationManager &notifications, std::string name, std::uint32_t processId)
    : m_world(world)
    , m_io(io)
    , m_interfaces(interfaces)
    , m_notifications(notifications)
    , m_name(std::move(name))
    , m_lane(trace::intern(m_name))
    , m_pid(processId)
{ }

std::string Application::handleText(HANDLE h)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx",
        static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(h)));
    return buf;
}

Tracer::Site Application::site(
    const char *iface, const char *method, std::string_view device, IrpId request) const
{
    Tracer::Site s;
    s.kind = trace::Kind::Win32;
    s.from = m_lane;
    s.to = lanes::kernel();
    s.device = device.empty() ? 0 : trace::intern(device);
    s.iface = trace::intern(iface);
    s.method = trace::intern(method);
    s.request = request;
    return s;
}

static std::uint32_t win32Hr(DWORD error)
{
    return static_cast<std::uint32_t>(HRESULT_FROM_WIN32(error));
}

HDEVINFO Application::SetupDiGetClassDevs(const GUID &interfaceClass, DWORD flags)
{
    const auto s = site("setupapi", "SetupDiGetClassDevs");
    trace::ArgsWriter args;
    args.string("ClassGuid", wudf::guidToString(interfaceClass));
    args.hex32("Flags", flags);
    TracedCall call(m_world.tracer, s, &args);

    std::vector<std::string> paths;
    for (const auto *i : (flags & DIGCF_PRESENT) ? m_interfaces.present(interfaceClass)
                                                 : std::vector<const InterfaceInstance *> {}) {
        paths.push_back(i->symbolicLink);
    }
    if (!(flags & DIGCF_PRESENT)) {
        for (const auto *i : m_interfaces.all())
            if (i->interfaceClass == interfaceClass)
                paths.push_back(i->symbolicLink);
    }
    const HDEVINFO set = m_nextSet++;
    m_deviceInfoSets[set] = std::move(paths);
    m_lastError = ERROR_SUCCESS;
    trace::ArgsWriter out;
    out.hex32("result", static_cast<std::uint32_t>(set));
    out.u64("interfaces", m_deviceInfoSets[set].size());
    call.done(win32Hr(m_lastError), &out);
    return set;
}

BOOL Application::SetupDiEnumDeviceInterfaces(
    HDEVINFO set, const GUID &interfaceClass, DWORD index, SP_DEVICE_INTERFACE_DATA *data)
{
    const auto s = site("setupapi", "SetupDiEnumDeviceInterfaces");
    trace::ArgsWriter args;
    args.hex32("DeviceInfoSet", static_cast<std::uint32_t>(set));
    args.u64("MemberIndex", index);
    TracedCall call(m_world.tracer, s, &args);

    BOOL ok = FALSE;
    auto it = m_deviceInfoSets.find(set);
    if (it == m_deviceInfoSets.end() || !data) {
        m_lastError = ERROR_INVALID_HANDLE;
    } else if (index >= it->second.size()) {
        m_lastError = ERROR_NO_MORE_ITEMS;
    } else {
        data->InterfaceClassGuid = interfaceClass;
        data->Flags = SPINT_ACTIVE;
        data->Reserved = index;
        m_lastError = ERROR_SUCCESS;
        ok = TRUE;
    }
    trace::ArgsWriter out;
    out.boolean("result", ok);
    out.u64("lastError", m_lastError);
    call.done(win32Hr(m_lastError), &out);
    return ok;
}

BOOL Application::SetupDiGetDeviceInterfaceDetail(HDEVINFO set,
    const SP_DEVICE_INTERFACE_DATA &data, std::string *devicePath, DWORD detailSize,
    DWORD *requiredSize)
{
    const auto s = site("setupapi", "SetupDiGetDeviceInterfaceDetail");
    trace::ArgsWriter args;
    args.hex32("DeviceInfoSet", static_cast<std::uint32_t>(set));
    args.u64("DeviceInterfaceDetailDataSize", detailSize);
    TracedCall call(m_world.tracer, s, &args);

    BOOL ok = FALSE;
    trace::ArgsWriter out;
    auto it = m_deviceInfoSets.find(set);
    if (it == m_deviceInfoSets.end() || data.Reserved >= it->second.size()) {
        m_lastError = ERROR_INVALID_PARAMETER;
    } else {
        const std::string &path = it->second[data.Reserved];
        const DWORD need = detailSizeFor(path);
        if (requiredSize)
            *requiredSize = need;
        out.u64("RequiredSize", need);
        if (!devicePath || detailSize < need) {
            m_lastError = ERROR_INSUFFICIENT_BUFFER;
        } else {
            *devicePath = path;
            out.string("DevicePath", path);
            m_lastError = ERROR_SUCCESS;
            ok = TRUE;
        }
    }
    out.boolean("result", ok);
    out.u64("lastError", m_lastError);
    call.done(win32Hr(m_lastError), &out);
    return ok;
}

BOOL Application::SetupDiDestroyDeviceInfoList(HDEVINFO set)
{
    const auto s = site("setupapi", "SetupDiDestroyDeviceInfoList");
    trace::ArgsWriter args;
    args.hex32("DeviceInfoSet", static_cast<std::uint32_t>(set));
    TracedCall call(m_world.tracer, s, &args);
    const BOOL ok = m_deviceInfoSets.erase(set) ? TRUE : FALSE;
    m_lastError = ok ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
    trace::ArgsWriter out;
    out.boolean("result", ok);
    call.done(win32Hr(m_lastError), &out);
    return ok;
}

void Application::waitForIrp(const Irp &irp, std::string_view call)
{
    // The application's thread waits; virtual time runs to whatever completes it (a driver's
    // thread, a timer), up to the wait limit. Its completion comes on this thread: not blocked.
    m_world.threads.wait(
        [&irp] { return irp.done; }, std::nullopt, std::string(call), trace::StrId(0));
}

HANDLE Application::CreateFile(std::string_view path, DWORD desiredAccess, DWORD shareMode,
    DWORD creationDisposition, DWORD flagsAndAttributes)
{
    auto s = site("kernel32", "CreateFile");
    trace::ArgsWriter args;
    args.string("lpFileName", path);
    args.hex32("dwDesiredAccess", desiredAccess);
    args.hex32("dwShareMode", shareMode);
    args.u64("dwCreationDisposition", creationDisposition);
    args.hex32("dwFlagsAndAttributes", flagsAndAttributes);

    auto created = m_io.create(path, desiredAccess, shareMode, m_pid);
    HANDLE result = INVALID_HANDLE_VALUE;
    if (auto *err = std::get_if<std::uint32_t>(&created)) {
        TracedCall call(m_world.tracer, s, &args);
        m_lastError = *err;
        trace::ArgsWriter out;
        out.string("result", "INVALID_HANDLE_VALUE");
        out.u64("lastError", m_lastError);
        call.done(win32Hr(m_lastError), &out);
        return result;
    }
    Irp *irp = std::get<Irp *>(created);
    KernelFile *kf = m_io.file(irp->file);
    s.device = trace::intern(kf->instanceId);
    s.request = irp->id;
    TracedCall call(m_world.tracer, s, &args);
    // CreateFile is synchronous even on overlapped handles.
    waitForIrp(*irp, "CreateFile");
    trace::ArgsWriter out;
    if (!irp->done) {
        // The driver holds the create: the application's thread stays blocked in CreateFile.
        m_lastError = ERROR_IO_PENDING;
        out.string("result", "blocked");
        call.done(std::nullopt, &out);
        return result;
    }
    if (FAILED(irp->status)) {
        m_lastError = irp->win32Error;
        out.string("result", "INVALID_HANDLE_VALUE");
    } else {
        const std::uintptr_t value = m_nextHandle;
        m_nextHandle += 4;
        result = reinterpret_cast<HANDLE>(value);
        OpenHandle oh;
        oh.handle = result;
        oh.file = irp->file;
        oh.path = std::string(path);
        oh.instanceId = kf ? kf->instanceId : std::string();
        oh.overlapped = (flagsAndAttributes & FILE_FLAG_OVERLAPPED) != 0;
        oh.desiredAccess = desiredAccess;
        oh.shareMode = shareMode;
        oh.flagsAndAttributes = flagsAndAttributes;
        m_handles.emplace(value, std::move(oh));
        m_lastError = ERROR_SUCCESS;
        out.string("result", handleText(result));
    }
    out.u64("lastError", m_lastError);
    m_io.forget(irp->id);
    call.done(win32Hr(m_lastError), &out);
    return result;
}

const Application::OpenHandle *Application::handle(HANDLE h) const
{
    auto it = m_handles.find(reinterpret_cast<std::uintptr_t>(h));
    return it == m_handles.end() ? nullptr : &it->second;
}

std::vector<Application::OpenHandle> Application::handles() const
{
    std::vector<OpenHandle> out;
    for (const auto &[v, oh] : m_handles)
        out.push_back(oh);
    return out;
}

Application::IoOutcome Application::startIo(const char *method, HANDLE h, IrpType type,
    std::vector<std::byte> input, DWORD outputSize, DWORD ioControlCode, IoStyle style,
    trace::ArgsWriter &callArgs)
{
    IoOutcome outcome;
    auto it = m_handles.find(reinterpret_cast<std::uintptr_t>(h));
    if (it == m_handles.end()) {
        TracedCall call(m_world.tracer, site("kernel32", method), &callArgs);
        m_lastError = ERROR_INVALID_HANDLE;
        outcome.error = m_lastError;
        trace::ArgsWriter out;
        out.boolean("result", false);
        out.u64("lastError", m_lastError);
        call.done(win32Hr(m_lastError), &out);
        return outcome;
    }
    OpenHandle &oh = it->second;
    if (style == IoStyle::CompletionRoutine && !oh.overlapped) {
        // ReadFileEx/WriteFileEx need a handle opened with FILE_FLAG_OVERLAPPED (documented);
        // Windows fails the call with ERROR_INVALID_PARAMETER and sends nothing (the code is
        // inferred: the documentation names only the requirement).
        TracedCall call(m_world.tracer, site("kernel32", method, oh.instanceId), &callArgs);
        m_lastError = ERROR_INVALID_PARAMETER;
        outcome.error = m_lastError;
        trace::ArgsWriter out;
        out.boolean("result", false);
        out.u64("lastError", m_lastError);
        out.string("why", "the handle was not opened with FILE_FLAG_OVERLAPPED");
        call.done(win32Hr(m_lastError), &out);
        return outcome;
    }
    if (style == IoStyle::Synchronous && oh.overlapped) {
        // Allowed on Windows only with an OVERLAPPED; the simulator's applications always pass one
        // for overlapped handles, so treat it as overlapped.
        style = IoStyle::Overlapped;
    }
    Irp *irp = m_io.sendIo(oh.file, type, std::move(input), outputSize, 0, ioControlCode, m_pid);
    auto s = site("kernel32", method, oh.instanceId, irp->id);
    const std::uint32_t callId = m_world.tracer.call(s, &callArgs);
    oh.pending.push_back(irp->id);
    outcome.request = irp->id;

    if (style == IoStyle::Synchronous) {
        waitForIrp(*irp, method);
        if (!irp->done) {
            // Blocked in the driver: the return record is written when the request completes.
            outcome.returned = false;
            irp->onComplete = [this, h, s, callId](Irp &done) {
                auto hit = m_handles.find(reinterpret_cast<std::uintptr_t>(h));
                if (hit != m_handles.end())
                    finish(hit->second, done, s, callId, IoStyle::Synchronous, true);
            };
            return outcome;
        }
        finish(oh, *irp, s, callId, style, false);
        outcome.result = SUCCEEDED(irp->status) ? TRUE : FALSE;
        outcome.error = irp->win32Error;
        outcome.bytes = irp->information;
        outcome.data = irp->output;
        m_lastError = outcome.error;
        m_io.forget(irp->id);
        return outcome;
    }

    // Overlapped and WriteFileEx/ReadFileEx: the reflector always pends UMDF I/O, so the call
    // returns at once; completion is reported later.
    trace::ArgsWriter out;
    if (style == IoStyle::Overlapped) {
        m_lastError = ERROR_IO_PENDING;
        outcome.result = FALSE;
        out.boolean("result", false);
        out.u64("lastError", m_lastError);
    } else {
        m_lastError = ERROR_SUCCESS;
        outcome.result = TRUE;
        out.boolean("result", true);
    }
    outcome.error = m_lastError;
    m_world.tracer.ret(s, callId, win32Hr(m_lastError), &out);
    irp->onComplete = [this, h, s, callId, style](Irp &done) {
        auto hit = m_handles.find(reinterpret_cast<std::uintptr_t>(h));
        if (hit != m_handles.end())
            finish(hit->second, done, s, callId, style, false);
    };
    return outcome;
}

void Application::finish(OpenHandle &oh, Irp &irp, const Tracer::Site &s, std::uint32_t callId,
    IoStyle style, bool callStillOpen)
{
    std::erase(oh.pending, irp.id);
    const BOOL ok = SUCCEEDED(irp.status) ? TRUE : FALSE;
    trace::ArgsWriter out;
    out.boolean("result", ok);
    out.u64("bytes", irp.information);
    out.u64("lastError", irp.win32Error);
    if (!irp.output.empty())
        out.bytes("data", irp.output);

    if (style == IoStyle::Synchronous) {
        m_world.tracer.ret(s, callId, win32Hr(irp.win32Error), &out);
        if (callStillOpen) {
            m_lastError = irp.win32Error;
            m_completions.push_back(
                { oh.handle, irp.id, ok, irp.win32Error, irp.information, irp.output });
            m_io.forget(irp.id);
        }
        return;
    }
    const Completion done { oh.handle, irp.id, ok, irp.win32Error, irp.information, irp.output };
    Tracer::Site ev = s;
    ev.from = lanes::kernel();
    ev.to = m_lane;
    if (style == IoStyle::CompletionRoutine) {
        // The I/O manager queues the FileIOCompletionRoutine as a user-mode APC to the thread
        // that issued the call; it runs when that thread waits alertably (SleepEx).
        ev.kind = trace::Kind::Win32;
        ev.iface = trace::intern("APC");
        ev.method = trace::intern("Queued");
        trace::ArgsWriter apcArgs;
        apcArgs.string("routine", "FileIOCompletionRoutine");
        apcArgs.u64("dwErrorCode", irp.win32Error);
        apcArgs.u64("dwNumberOfBytesTransfered", irp.information);
        apcArgs.u64("queued", m_apcs.size() + 1);
        m_world.tracer.event(ev, std::nullopt, &apcArgs);
        m_apcs.push_back({ done, s });
    } else {
        m_completions.push_back(done);
        ev.method = trace::intern("GetOverlappedResult");
        m_world.tracer.event(ev, win32Hr(irp.win32Error), &out);
    }
    m_io.forget(irp.id);
}

DWORD Application::SleepEx(DWORD milliseconds)
{
    trace::ArgsWriter args;
    args.u64("dwMilliseconds", milliseconds);
    args.boolean("bAlertable", true);
    TracedCall call(m_world.tracer, site("kernel32", "SleepEx"), &args);
    if (m_apcs.empty()) {
        // Virtual time runs to whatever queues an APC (a completion), or to the timeout.
        const std::int64_t deadline = addSaturated(
            m_world.scheduler.now(), static_cast<std::int64_t>(milliseconds) * 1'000'000);
        m_world.threads.wait(
            [this] { return !m_apcs.empty(); }, deadline, "SleepEx", trace::StrId(0));
    }
    const bool delivered = !m_apcs.empty();
    // Every APC queued runs, in order, before SleepEx returns.
    while (!m_apcs.empty()) {
        QueuedApc apc = std::move(m_apcs.front());
        m_apcs.erase(m_apcs.begin());
        Tracer::Site ev = apc.site;
        ev.from = lanes::kernel();
        ev.to = m_lane;
        ev.kind = trace::Kind::Win32;
        ev.method = trace::intern("FileIOCompletionRoutine");
        trace::ArgsWriter cbArgs;
        cbArgs.u64("dwErrorCode", apc.completion.error);
        cbArgs.u64("dwNumberOfBytesTransfered", apc.completion.bytes);
        const auto id = m_world.tracer.call(ev, &cbArgs);
        m_world.tracer.ret(ev, id, std::nullopt);
        m_completions.push_back(std::move(apc.completion));
    }
    const DWORD result = delivered ? WAIT_IO_COMPLETION : 0;
    trace::ArgsWriter out;
    out.string("result", delivered ? "WAIT_IO_COMPLETION" : "0 (the interval elapsed)");
    call.done(std::nullopt, &out);
    return result;
}

Application::IoOutcome Application::WriteFile(
    HANDLE h, std::span<const std::byte> data, IoStyle style)
{
    trace::ArgsWriter args;
    args.string("hFile", handleText(h));
    args.bytes("lpBuffer", data);
    args.u64("nNumberOfBytesToWrite", data.size());
    return startIo(style == IoStyle::CompletionRoutine ? "WriteFileEx" : "WriteFile", h,
        IrpType::Write, std::vector<std::byte>(data.begin(), data.end()), 0, 0, style, args);
}

Application::IoOutcome Application::ReadFile(HANDLE h, DWORD bytesToRead, IoStyle style)
{
    trace::ArgsWriter args;
    args.string("hFile", handleText(h));
    args.u64("nNumberOfBytesToRead", bytesToRead);
    return startIo(style == IoStyle::CompletionRoutine ? "ReadFileEx" : "ReadFile", h,
        IrpType::Read, {}, bytesToRead, 0, style, args);
}

Application::IoOutcome Application::DeviceIoControl(
    HANDLE h, DWORD code, std::span<const std::byte> input, DWORD outputSize, IoStyle style)
{
    trace::ArgsWriter args;
    args.string("hDevice", handleText(h));
    args.hex32("dwIoControlCode", code);
    args.bytes("lpInBuffer", input);
    args.u64("nOutBufferSize", outputSize);
    return startIo("DeviceIoControl", h, IrpType::DeviceIoControl,
        std::vector<std::byte>(input.begin(), input.end()), outputSize, code, style, args);
}

BOOL Application::CancelIoEx(HANDLE h)
{
    auto it = m_handles.find(reinterpret_cast<std::uintptr_t>(h));
    auto s = site("kernel32", "CancelIoEx",
        it == m_handles.end() ? std::string_view() : it->second.instanceId);
    trace::ArgsWriter args;
    args.string("hFile", handleText(h));
    args.string("lpOverlapped", "NULL");
    TracedCall call(m_world.tracer, s, &args);
    BOOL ok = FALSE;
    if (it == m_handles.end()) {
        m_lastError = ERROR_INVALID_HANDLE;
    } else if (it->second.pending.empty()) {
        m_lastError = ERROR_NOT_FOUND; // nothing to cancel, as CancelIoEx reports it
    } else {
        for (IrpId id : std::vector<IrpId>(it->second.pending))
            m_io.cancel(id);
        m_lastError = ERROR_SUCCESS;
        ok = TRUE;
    }
    trace::ArgsWriter out;
    out.boolean("result", ok);
    out.u64("lastError", m_lastError);
    call.done(win32Hr(m_lastError), &out);
    return ok;
}

BOOL Application::CloseHandle(HANDLE h)
{
    auto it = m_handles.find(reinterpret_cast<std::uintptr_t>(h));
    auto s = site("kernel32", "CloseHandle",
        it == m_handles.end() ? std::string_view() : it->second.instanceId);
    trace::ArgsWriter args;
    args.string("hObject", handleText(h));
    if (it == m_handles.end()) {
        TracedCall call(m_world.tracer, s, &args);
        m_lastError = ERROR_INVALID_HANDLE;
        trace::ArgsWriter out;
        out.boolean("result", false);
        out.u64("lastError", m_lastError);
        call.done(win32Hr(m_lastError), &out);
        return FALSE;
    }
    const KernelFileId file = it->second.file;
    Irp *cleanup = m_io.closeLastHandle(file);
    if (cleanup)
        s.request = cleanup->id;
    TracedCall call(m_world.tracer, s, &args);
    m_handles.erase(it);
    // CloseHandle returns once IRP_MJ_CLEANUP is done; IRP_MJ_CLOSE follows when the file's I/O
    // drains.
    if (cleanup) {
        waitForIrp(*cleanup, "CloseHandle");
        if (cleanup->done)
            m_io.forget(cleanup->id);
    }
    m_lastError = ERROR_SUCCESS;
    trace::ArgsWriter out;
    out.boolean("result", true);
    call.done(win32Hr(m_lastError), &out);
    return TRUE;
}

std::uint32_t Application::RegisterDeviceNotification(const GUID &interfaceClass)
{
    const auto s = site("user32", "RegisterDeviceNotification");
    trace::ArgsWriter args;
    args.string("NotificationFilter", "DEV_BROADCAST_DEVICEINTERFACE");
    args.string("dbcc_classguid", wudf::guidToString(interfaceClass));
    TracedCall call(m_world.tracer, s, &args);
    const std::uint32_t id = m_notifications.registerInterfaceClass(
        m_name, m_lane, interfaceClass, [this](const DeviceChangeMessage &msg) {
            onDeviceChange(msg, {});
            return true;
        });
    m_lastError = ERROR_SUCCESS;
    trace::ArgsWriter out;
    out.hex32("result", id);
    call.done(win32Hr(m_lastError), &out);
    return id;
}

std::uint32_t Application::RegisterDeviceNotification(HANDLE h)
{
    auto it = m_handles.find(reinterpret_cast<std::uintptr_t>(h));
    auto s = site("user32", "RegisterDeviceNotification",
        it == m_handles.end() ? std::string_view() : it->second.instanceId);
    trace::ArgsWriter args;
    args.string("NotificationFilter", "DEV_BROADCAST_HANDLE");
    args.string("dbch_handle", handleText(h));
    TracedCall call(m_world.tracer, s, &args);
    std::uint32_t id = 0;
    const KernelFile *file = it == m_handles.end() ? nullptr : m_io.file(it->second.file);
    if (!file) {
        m_lastError = ERROR_INVALID_HANDLE;
    } else {
        const std::string instanceId = it->second.instanceId;
        id = m_notifications.registerHandle(
            m_name, m_lane, file->node, h, [this, instanceId](const DeviceChangeMessage &msg) {
                onDeviceChange(msg, instanceId);
                return true; // a well-behaved application lets the device go
            });
        m_watches[id] = HandleWatch { h, it->second, false };
        m_lastError = ERROR_SUCCESS;
    }
    trace::ArgsWriter out;
    out.hex32("result", id);
    out.u64("lastError", m_lastError);
    call.done(win32Hr(m_lastError), &out);
    return id;
}

void Application::onDeviceChange(const DeviceChangeMessage &msg, const std::string &instanceId)
{
    m_deviceChanges.push_back(msg);
    Tracer::Site s { trace::Kind::Notify, lanes::pnp(), m_lane,
        instanceId.empty() ? 0 : trace::intern(instanceId), trace::intern("WM_DEVICECHANGE"),
        trace::intern(deviceChangeName(msg.change)) };
    trace::ArgsWriter args;
    args.hex32("hdevnotify", msg.registration);
    if (!msg.symbolicLink.empty()) {
        args.string("dbcc_classguid", wudf::guidToString(msg.interfaceClass));
        args.string("dbcc_name", msg.symbolicLink);
    }
    if (msg.handle)
        args.string("dbch_handle", handleText(msg.handle));
    if (msg.change == DeviceChange::CustomEvent) {
        args.string("dbch_eventguid", wudf::guidToString(msg.eventGuid));
        args.i64("dbch_nameoffset", -1); // a PostEvent payload carries no text
        args.bytes("dbch_data", msg.data);
    }
    m_world.tracer.event(s, std::nullopt, &args);
    if (msg.handle)
        onHandleDeviceChange(msg);
}

void Application::onHandleDeviceChange(const DeviceChangeMessage &msg)
{
    auto w = m_watches.find(msg.registration);
    if (w == m_watches.end())
        return;
    HandleWatch &watch = w->second;
    const bool open = m_handles.count(reinterpret_cast<std::uintptr_t>(watch.handle)) > 0;
    switch (msg.change) {
    case DeviceChange::QueryRemove: // let the device go; open it again if the removal fails
        if (open) {
            CloseHandle(watch.handle);
            watch.closedForQuery = true;
        }
        break;
    case DeviceChange::QueryRemoveFailed:
        if (watch.closedForQuery) {
            watch.closedForQuery = false;
            const OpenHandle &how = watch.opened;
            const HANDLE again = CreateFile(
                how.path, how.desiredAccess, how.shareMode, OPEN_EXISTING, how.flagsAndAttributes);
            if (again != INVALID_HANDLE_VALUE) {
                m_reopened[reinterpret_cast<std::uintptr_t>(watch.handle)] = again;
                watch.handle = again;
            }
        }
        break;
    case DeviceChange::RemovePending:
        if (open)
            CloseHandle(watch.handle);
        break;
    case DeviceChange::RemoveComplete: {
        const HANDLE still = watch.handle;
        UnregisterDeviceNotification(msg.registration); // erases the watch
        if (open)
            CloseHandle(still);
        break;
    }
    default:
        break;
    }
}

BOOL Application::UnregisterDeviceNotification(std::uint32_t registration)
{
    auto s = site("user32", "UnregisterDeviceNotification");
    trace::ArgsWriter args;
    args.hex32("Handle", registration);
    TracedCall call(m_world.tracer, s, &args);
    const bool found = m_notifications.unregister(registration);
    m_watches.erase(registration);
    // Win32 reports a stale HDEVNOTIFY as an invalid handle (inferred: the documentation says
    // only that the function fails).
    m_lastError = found ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
    trace::ArgsWriter out;
    out.boolean("result", found);
    if (!found)
        out.u64("lastError", m_lastError);
    call.done(win32Hr(m_lastError), &out);
    return found ? TRUE : FALSE;
}

HANDLE Application::currentHandle(HANDLE h) const
{
    for (auto it = m_reopened.find(reinterpret_cast<std::uintptr_t>(h)); it != m_reopened.end();
         it = m_reopened.find(reinterpret_cast<std::uintptr_t>(h)))
        h = it->second;
    return h;
}

} // namespace umdfx
