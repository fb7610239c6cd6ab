#pragma once

#include "core/pnp/notificationmanager.h"
#include "core/runtime/world.h"
#include "core/win32/iomanager.h"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace umdfx {

// SetupAPI shapes the simulated applications use (values as in setupapi.h).
using HDEVINFO = std::uintptr_t;
inline constexpr HDEVINFO INVALID_HDEVINFO = ~std::uintptr_t(0);
inline constexpr DWORD DIGCF_PRESENT = 0x2;
inline constexpr DWORD DIGCF_DEVICEINTERFACE = 0x10;
inline constexpr DWORD FILE_FLAG_OVERLAPPED = 0x40000000;
struct SP_DEVICE_INTERFACE_DATA
{
    DWORD cbSize = sizeof(SP_DEVICE_INTERFACE_DATA);
    GUID InterfaceClassGuid {};
    DWORD Flags = 0;
    std::uintptr_t Reserved = 0;
};
inline constexpr DWORD SPINT_ACTIVE = 0x1;

// One simulated Win32 application: its handle table, its last-error value, and the Win32 calls of
// reference §4.4 and §3.3 (SetupDi enumeration, CreateFile, ReadFile/WriteFile(Ex),
// DeviceIoControl, CancelIoEx, CloseHandle). Every call and its return are trace records with
// the results Windows would give (BOOL + GetLastError). A synchronous call whose request the
// driver keeps pending leaves the call open: its return record appears when the request completes.
//
// Threads: world lock held; calls run on the application's logical thread (its name).
// Owns its handle table; the kernel objects belong to the I/O manager.
class Application
{
public:
    Application(World &world, IoManager &io, InterfaceRegistry &interfaces,
        NotificationManager &notifications, std::string name, std::uint32_t processId);

    const std::string &name() const { return m_name; }
    trace::StrId lane() const { return m_lane; }
    std::uint32_t processId() const { return m_pid; }

    HDEVINFO SetupDiGetClassDevs(const GUID &interfaceClass, DWORD flags);
    BOOL SetupDiEnumDeviceInterfaces(
        HDEVINFO set, const GUID &interfaceClass, DWORD index, SP_DEVICE_INTERFACE_DATA *data);
    // detailSize is the size in bytes of the caller's SP_DEVICE_INTERFACE_DETAIL_DATA_W buffer;
    // too small => FALSE, ERROR_INSUFFICIENT_BUFFER and *requiredSize set (the documented
    // protocol).
    BOOL SetupDiGetDeviceInterfaceDetail(HDEVINFO set, const SP_DEVICE_INTERFACE_DATA &data,
        std::string *devicePath, DWORD detailSize, DWORD *requiredSize);
    BOOL SetupDiDestroyDeviceInfoList(HDEVINFO set);

    HANDLE CreateFile(std::string_view path, DWORD desiredAccess, DWORD shareMode,
        DWORD creationDisposition, DWORD flagsAndAttributes);

    enum class IoStyle { Synchronous, Overlapped, CompletionRoutine };
    struct IoOutcome
    {
        bool returned = true; // false: a synchronous call still blocked in the driver
        BOOL result = FALSE;
        DWORD error
            = 0; // GetLastError after the call (ERROR_IO_PENDING for pending overlapped I/O)
        std::uint64_t bytes = 0;
        std::vector<std::byte> data; // ReadFile / DeviceIoControl output
        IrpId request = 0;
    };
    IoOutcome WriteFile(HANDLE h, std::span<const std::byte> data, IoStyle style);
    IoOutcome ReadFile(HANDLE h, DWORD bytesToRead, IoStyle style);
    IoOutcome DeviceIoControl(HANDLE h, DWORD ioControlCode, std::span<const std::byte> input,
        DWORD outputSize, IoStyle style);
    BOOL CancelIoEx(HANDLE h);
    BOOL CloseHandle(HANDLE h);
    // SleepEx(ms, bAlertable = TRUE): the application's thread waits alertably. The completion
    // routines of its ReadFileEx/WriteFileEx requests are user-mode APCs queued when the request
    // completes (traced APC::Queued); they run only here, each as a FileIOCompletionRoutine call,
    // and SleepEx then returns WAIT_IO_COMPLETION at once; with none queued it waits up to ms of
    // virtual time for one, else returns 0.
    DWORD SleepEx(DWORD milliseconds);
    static constexpr DWORD WAIT_IO_COMPLETION = 0xC0;
    std::size_t queuedApcs() const { return m_apcs.size(); }
    DWORD GetLastError() const { return m_lastError; }

    // RegisterDeviceNotification with DEV_BROADCAST_DEVICEINTERFACE (class) or
    // DEV_BROADCAST_HANDLE. Returns the HDEVNOTIFY (0 on failure). WM_DEVICECHANGE messages arrive
    // later as trace records on the application's thread. A registration lives until
    // UnregisterDeviceNotification, not until its handle is closed. The window procedure is the
    // one Win32's "Processing a Request to Remove a Device" shows: on DBT_DEVICEQUERYREMOVE it
    // closes the handle, on DBT_DEVICEQUERYREMOVEFAILED it opens the device again (the same path
    // and flags; currentHandle() follows it), on DBT_DEVICEREMOVEPENDING it closes the handle, and
    // on DBT_DEVICEREMOVECOMPLETE it unregisters and closes what is still open.
    std::uint32_t RegisterDeviceNotification(const GUID &interfaceClass);
    std::uint32_t RegisterDeviceNotification(HANDLE handle);
    BOOL UnregisterDeviceNotification(std::uint32_t registration);
    // The handle that stands for h now: h itself, or the one its window procedure opened again
    // after a cancelled removal (and so on).
    HANDLE currentHandle(HANDLE h) const;
    // Every WM_DEVICECHANGE the application received, in order.
    const std::vector<DeviceChangeMessage> &deviceChanges() const { return m_deviceChanges; }

    // A request of this application that completed after its call returned (overlapped I/O,
    // WriteFileEx, or a blocked synchronous call): what the completion looked like.
    struct Completion
    {
        HANDLE handle = nullptr;
        IrpId request = 0;
        BOOL result = FALSE;
        DWORD error = 0;
        std::uint64_t bytes = 0;
        std::vector<std::byte> data;
    };
    const std::vector<Completion> &completions() const { return m_completions; }

    struct OpenHandle
    {
        HANDLE handle = nullptr;
        KernelFileId file = 0;
        std::string path;
        std::string instanceId;
        bool overlapped = false;
        DWORD desiredAccess = 0; // as opened: a window procedure's reopen uses the same
        DWORD shareMode = 0;
        DWORD flagsAndAttributes = 0;
        std::vector<IrpId> pending;
    };
    std::vector<OpenHandle> handles() const;
    const OpenHandle *handle(HANDLE h) const;

private:
    // A synchronous call waits for its IRP (CooperativeThreads::wait); irp.done may stay false.
    void waitForIrp(const Irp &irp, std::string_view call);
    IoOutcome startIo(const char *method, HANDLE h, IrpType type, std::vector<std::byte> input,
        DWORD outputSize, DWORD ioControlCode, IoStyle style, trace::ArgsWriter &callArgs);
    Tracer::Site site(const char *iface, const char *method, std::string_view device = {},
        IrpId request = 0) const;
    void finish(OpenHandle &oh, Irp &irp, const Tracer::Site &site, std::uint32_t callId,
        IoStyle style, bool callStillOpen);
    static std::string handleText(HANDLE h);

    World &m_world;
    IoManager &m_io;
    InterfaceRegistry &m_interfaces;
    NotificationManager &m_notifications;
    std::string m_name;
    trace::StrId m_lane;
    std::uint32_t m_pid;
    DWORD m_lastError = 0;
    std::map<std::uintptr_t, OpenHandle> m_handles;
    std::uintptr_t m_nextHandle = 0x80;
    std::map<HDEVINFO, std::vector<std::string>> m_deviceInfoSets; // path list per set
    HDEVINFO m_nextSet = 0x1000;
    std::vector<Completion> m_completions;
    // Completion routines of ReadFileEx/WriteFileEx waiting for an alertable wait, in order.
    struct QueuedApc
    {
        Completion completion;
        Tracer::Site site; // the call's, for the routine's records
    };
    std::vector<QueuedApc> m_apcs;
    std::vector<DeviceChangeMessage> m_deviceChanges;
    // A DBT_DEVTYP_HANDLE registration's window-procedure state (by HDEVNOTIFY).
    struct HandleWatch
    {
        HANDLE handle = nullptr; // the one open now (or last open)
        OpenHandle opened; // how it was opened, for the reopen
        bool closedForQuery = false; // closed on DBT_DEVICEQUERYREMOVE: reopen if cancelled
    };
    std::map<std::uint32_t, HandleWatch> m_watches;
    std::map<std::uintptr_t, HANDLE> m_reopened; // a handle closed for a query -> its reopen
    void onDeviceChange(const DeviceChangeMessage &msg, const std::string &instanceId);
    void onHandleDeviceChange(const DeviceChangeMessage &msg);
};

} // namespace umdfx
