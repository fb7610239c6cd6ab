#pragma once

#include "core/framework/fxobject.h"
#include "core/host/hostport.h"

#include <map>
#include <string>
#include <vector>

namespace umdfx::fx {

class FxDeviceInit;
class FxFile;
class FxIoQueue;
class FxRequest;

// IWDFDevice(2,3): one device object of a UMDF stack (reference §1.2). CreateDevice finds the
// device callbacks by QueryInterface (§1.1) and caches them; the device keeps its queues and
// request routing (§3.1), the interfaces it created (§4.1), its file objects (§4.5), and runs the
// PnP/power callbacks in the orders of §2.3-§2.7 when the host asks.
//
// Threads: world lock. Owned by the tree (parent: the driver); the driver may not delete it.
class FxDevice final : public FxObjectImpl<IWDFDevice3>
{
public:
    FxDevice(DriverHost &host, FxDriver &driver, FxDeviceInit &init, IUnknown *callback);
    ~FxDevice() override;

    FxDevice *device() const override { return const_cast<FxDevice *>(this); }
    trace::StrId instanceIdName() const { return m_instanceIdName; }
    const std::string &instanceId() const { return m_instanceId; }
    DevNodeId node() const { return m_node; }
    bool isFilter() const { return m_filter; }
    bool inD0() const { return m_inD0; }
    bool accepting() const { return m_accepting; }

    // A callback WdfDeviceLevel serializes (reference §7.2: the queues' dispatch, state and
    // stop/resume callbacks, OnCancel, the file callbacks, serialized work items) runs inside
    // one: it holds the device's presentation lock, waiting first while a driver's thread holds
    // it (IWDFObject::AcquireLock). Nothing under WdfSyncScopeNone.
    class SerializedCallback
    {
    public:
        explicit SerializedCallback(FxDevice *device);
        ~SerializedCallback();
        SerializedCallback(const SerializedCallback &) = delete;
        SerializedCallback &operator=(const SerializedCallback &) = delete;

    private:
        FxDevice *m_device = nullptr; // set once the lock is held
    };
    bool serializesCallbacks() const { return m_locking == WdfDeviceLevel; }
    CRITICAL_SECTION *devicePresentationLock() { return &m_presentationLock; }

    // Queues and routing.
    void addQueue(FxIoQueue *q);
    void removeQueue(FxIoQueue *q);
    const std::vector<FxIoQueue *> &queues() const { return m_queues; }
    FxIoQueue *defaultQueue() const { return m_defaultQueue; }
    FxIoQueue *queueFor(WDF_REQUEST_TYPE type) const;
    HRESULT route(FxIoQueue *q, WDF_REQUEST_TYPE type, bool forward);

    // Device interfaces this device registered.
    struct DeviceInterface
    {
        GUID interfaceClass {};
        bool hasReference = false;
        std::u16string reference;
        bool enabled = false;
    };
    const std::vector<DeviceInterface> &interfaces() const { return m_interfaces; }
    HRESULT setInterfaceState(const GUID &cls, const std::u16string *reference, bool enable);

    // Files.
    FxFile *file(KernelFileId id) const;
    void addFile(KernelFileId id, FxFile *f) { m_files[id] = f; }
    void removeFile(KernelFileId id) { m_files.erase(id); }
    const std::map<KernelFileId, FxFile *> &files() const { return m_files; }

    // PnP/power sequences, run by the host (one driver layer each). previousState is what
    // OnD0Entry is told: WdfPowerDeviceD3Final for a first start, WdfPowerDeviceD3 after a
    // resource rebalance (§2.5).
    HRESULT startSequence(
        bool firstStart, WDF_POWER_DEVICE_STATE previousState = WdfPowerDeviceD3Final);
    void removeSequence(bool surprise, bool wasInD0);
    // The steps of a power-down (§2.4), which the host runs layer by layer, highest first, and
    // which a driver that does not answer OnIoStop holds up between the first two:
    // OnSelfManagedIoSuspend and the power-managed queues stopped (OnIoStop for owned requests);
    // then OnD0Exit(targetState).
    void suspendForPowerDown();
    bool powerDownHeldUp() const; // a power-managed queue still waits for the driver
    bool suspendedForPowerDown() const { return m_suspended; }
    void exitD0(WDF_POWER_DEVICE_STATE targetState);
    // Back to D0 from a low-power state (§2.4 "Return to D0"): OnD0Entry(previousState), queues
    // restart (OnIoResume), OnSelfManagedIoRestart.
    HRESULT enterD0(WDF_POWER_DEVICE_STATE previousState, bool firstStart = false);
    void releaseHardware();
    HRESULT queryStop();
    // Idle power-down (§2.4, S10): what the host's idle timer asks the power policy owner.
    bool idleEnabled() const; // AssignS0IdleSettings with Enabled WdfTrue or WdfUseDefault
    ULONG idleTimeoutMs() const;
    WDF_POWER_DEVICE_STATE idleTargetState() const;
    ULONG stopIdleCount() const { return m_stopIdleCount; }
    // From this device's power-managed queues: a request arrived; a request left (completed,
    // cancelled, forwarded). The host restarts the idle timer, wakes an idle stack, or goes on
    // with a power-down the driver held up.
    void powerManagedIoArrived();
    void powerManagedIoDone();
    void enableInterfacesAfterStart();
    void disableInterfaces();
    HRESULT queryRemove();
    // Remote interface notifications (reference §6.1, §6.3).
    void remoteInterfaceArrival(const GUID &cls, const std::string &symbolicLink);
    void remoteInterfaceRemoval(const GUID &cls, const std::string &symbolicLink);
    // PostEvent's rules (§5.1) and, when they hold, the event handed to the reflector.
    HRESULT postEvent(const GUID &event, WDF_EVENT_TYPE type, const BYTE *data, DWORD size);
    void fileCleanup(FxFile *f);
    void fileClose(FxFile *f);

    // IWDFDevice
    HRESULT STDMETHODCALLTYPE RetrieveDevicePropertyStore(PCWSTR pcwszServiceName,
        WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore,
        WDF_PROPERTY_STORE_DISPOSITION *pDisposition) override;
    void STDMETHODCALLTYPE GetDriver(IWDFDriver **ppWdfDriver) override;
    HRESULT STDMETHODCALLTYPE RetrieveDeviceInstanceId(
        PWSTR Buffer, DWORD *pdwSizeInChars) override;
    void STDMETHODCALLTYPE GetDefaultIoTarget(IWDFIoTarget **ppWdfIoTarget) override;
    HRESULT STDMETHODCALLTYPE CreateWdfFile(
        LPCWSTR pcwszFileName, IWDFDriverCreatedFile **ppFile) override;
    void STDMETHODCALLTYPE GetDefaultIoQueue(IWDFIoQueue **ppWdfIoQueue) override;
    HRESULT STDMETHODCALLTYPE CreateIoQueue(IUnknown *pCallbackInterface, BOOL bDefaultQueue,
        WDF_IO_QUEUE_DISPATCH_TYPE DispatchType, BOOL bPowerManaged, BOOL bAllowZeroLengthRequests,
        IWDFIoQueue **ppIoQueue) override;
    HRESULT STDMETHODCALLTYPE CreateDeviceInterface(
        LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString) override;
    HRESULT STDMETHODCALLTYPE AssignDeviceInterfaceState(
        LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString, BOOL Enable) override;
    HRESULT STDMETHODCALLTYPE RetrieveDeviceName(
        PWSTR pDeviceName, DWORD *pdwDeviceNameLength) override;
    HRESULT STDMETHODCALLTYPE PostEvent(
        REFGUID EventGuid, WDF_EVENT_TYPE EventType, BYTE *pbData, DWORD cbDataSize) override;
    HRESULT STDMETHODCALLTYPE ConfigureRequestDispatching(
        IWDFIoQueue *pQueue, WDF_REQUEST_TYPE RequestType, BOOL Forward) override;
    void STDMETHODCALLTYPE SetPnpState(WDF_PNP_STATE State, WDF_TRI_STATE Value) override;
    WDF_TRI_STATE STDMETHODCALLTYPE GetPnpState(WDF_PNP_STATE State) override;
    void STDMETHODCALLTYPE CommitPnpState() override;
    HRESULT STDMETHODCALLTYPE CreateRequest(IUnknown *pCallbackInterface, IWDFObject *pParentObject,
        IWDFIoRequest **ppRequest) override;
    HRESULT STDMETHODCALLTYPE CreateSymbolicLink(PCWSTR pSymbolicLink) override;
    // IWDFDevice2
    HRESULT STDMETHODCALLTYPE AssignS0IdleSettings(WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps,
        DEVICE_POWER_STATE DxState, ULONG IdleTimeout,
        WDF_POWER_POLICY_S0_IDLE_USER_CONTROL UserControlOfIdleSettings,
        WDF_TRI_STATE Enabled) override;
    HRESULT STDMETHODCALLTYPE StopIdle(BOOL WaitForD0) override;
    void STDMETHODCALLTYPE ResumeIdle() override;
    HRESULT STDMETHODCALLTYPE CreateSymbolicLinkWithReferenceString(
        PCWSTR pSymbolicLink, PCWSTR pReferenceString) override;
    HRESULT STDMETHODCALLTYPE RegisterRemoteInterfaceNotification(
        LPCGUID pDeviceInterfaceGuid, BOOL IncludeExistingInterfaces) override;
    HRESULT STDMETHODCALLTYPE CreateRemoteInterface(
        IWDFRemoteInterfaceInitialize *pRemoteInterfaceInit, IUnknown *pCallbackInterface,
        IWDFRemoteInterface **ppRemoteInterface) override;
    HRESULT STDMETHODCALLTYPE CreateRemoteTarget(IUnknown *pCallbackInterface,
        IWDFObject *pParentObject, IWDFRemoteTarget **ppRemoteTarget) override;
    void STDMETHODCALLTYPE GetDeviceStackIoTypePreference(
        WDF_DEVICE_IO_TYPE *ReadWritePreference, WDF_DEVICE_IO_TYPE *IoControlPreference) override;
    HRESULT STDMETHODCALLTYPE AssignSxWakeSettings(DEVICE_POWER_STATE DxState,
        WDF_POWER_POLICY_SX_WAKE_USER_CONTROL UserControlOfWakeSettings,
        WDF_TRI_STATE Enabled) override;
    POWER_ACTION STDMETHODCALLTYPE GetSystemPowerAction() override;

    // The idle policy the power-policy owner assigned (AssignS0IdleSettings); the host's idle
    // timer powers the stack down with it (§2.4).
    struct IdleSettings
    {
        bool assigned = false;
        WDF_POWER_POLICY_S0_IDLE_CAPABILITIES idleCaps = IdleCapsInvalid;
        DEVICE_POWER_STATE dxState = PowerDeviceUnspecified;
        ULONG idleTimeout = 0; // ms
        WDF_POWER_POLICY_S0_IDLE_USER_CONTROL userControl = IdleUserControlInvalid;
        WDF_TRI_STATE enabled = WdfUseDefault;
    };
    IdleSettings idleSettings() const { return m_idle; }
    bool isPowerPolicyOwner() const { return m_powerPolicyOwner; }

    // IWDFDevice3
    HRESULT STDMETHODCALLTYPE MapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes,
        MEMORY_CACHING_TYPE CacheType, void **pPseudoBaseAddress) override;
    void STDMETHODCALLTYPE UnmapIoSpace(void *PseudoBaseAddress, SIZE_T NumberOfBytes) override;
    void *STDMETHODCALLTYPE GetHardwareRegisterMappedAddress(void *PseudoBaseAddress) override;
    SIZE_T STDMETHODCALLTYPE ReadFromHardware(WDF_DEVICE_HWACCESS_TARGET_TYPE Type,
        WDF_DEVICE_HWACCESS_TARGET_SIZE Size, void *Address, void *Buffer, ULONG Count) override;
    void STDMETHODCALLTYPE WriteToHardware(WDF_DEVICE_HWACCESS_TARGET_TYPE Type,
        WDF_DEVICE_HWACCESS_TARGET_SIZE Size, void *Address, SIZE_T Value, void *Buffer,
        ULONG Count) override;
    HRESULT STDMETHODCALLTYPE CreateInterrupt(
        PWUDF_INTERRUPT_CONFIG Config, IWDFInterrupt **ppInterrupt) override;
    HRESULT STDMETHODCALLTYPE CreateWorkItem(PWUDF_WORKITEM_CONFIG pConfig,
        IWDFObject *pParentObject, IWDFWorkItem **ppWorkItem) override;
    HRESULT STDMETHODCALLTYPE AssignS0IdleSettingsEx(
        PWUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS IdleSettings) override;

protected:
    bool answersInterface(REFIID riid) const override
    {
        return riid == IID_IWDFDevice || riid == IID_IWDFDevice2 || riid == IID_IWDFDevice3;
    }
    CRITICAL_SECTION *presentationLock() override { return &m_presentationLock; }
    HRESULT driverDelete() override;
    void dropCallbacks() override;

private:
    // A framework->driver PnP callback, traced, with its HRESULT.
    template<class F>
    HRESULT pnpCall(trace::StrId iface, trace::StrId method, const trace::ArgsWriter *args, F &&f);
    // The same for a callback that returns nothing (its return record has no status).
    template<class F>
    void voidCall(trace::StrId iface, trace::StrId method, const trace::ArgsWriter *args, F &&f);
    void stopPowerManagedQueues(bool purge);
    void purgeQueues(bool powerManaged);
    void notSimulated(trace::StrId iface, trace::StrId method);
    // A DDI the simulator does not implement yet: traced, a "not simulated" record, E_NOTIMPL.
    HRESULT unsupported(trace::StrId iface, trace::StrId method);

    FxDriver &m_fxDriver;
    std::string m_instanceId;
    trace::StrId m_instanceIdName;
    DevNodeId m_node;
    bool m_filter;
    WDF_CALLBACK_CONSTRAINT m_locking;
    CRITICAL_SECTION m_presentationLock {}; // owned by a logical thread's token (KernelObjects)
    bool m_powerPolicyOwner; // IWDFDeviceInitialize::SetPowerPolicyOwnership(TRUE)
    IdleSettings m_idle;
    std::map<std::string, DeviceParameter> m_parameters;
    bool m_inD0 = false;
    bool m_started = false; // between a successful start and the removal (in D0 or not)
    bool m_suspended = false; // suspendForPowerDown ran; exitD0 not yet
    ULONG m_stopIdleCount = 0; // StopIdle calls not yet balanced by ResumeIdle
    bool m_accepting = true;
    bool m_selfManagedIoInitialized = false;

    // Callback interfaces found by QueryInterface at CreateDevice (referenced).
    IPnpCallback *m_pnp = nullptr;
    IPnpCallbackHardware *m_hardware = nullptr;
    IPnpCallbackHardware2 *m_hardware2 = nullptr;
    IPnpCallbackHardwareInterrupt *m_interrupt = nullptr;
    IPnpCallbackSelfManagedIo *m_selfManagedIo = nullptr;
    IPowerPolicyCallbackWakeFromS0 *m_wakeFromS0 = nullptr;
    IPowerPolicyCallbackWakeFromSx *m_wakeFromSx = nullptr;
    IFileCallbackCleanup *m_fileCleanup = nullptr;
    IFileCallbackClose *m_fileClose = nullptr;
    IPnpCallbackRemoteInterfaceNotification *m_remoteNotification = nullptr;

    std::vector<FxIoQueue *> m_queues; // not owned (tree children)
    FxIoQueue *m_defaultQueue = nullptr;
    std::map<WDF_REQUEST_TYPE, FxIoQueue *> m_routes;
    std::vector<DeviceInterface> m_interfaces;
    std::map<KernelFileId, FxFile *> m_files; // not owned (tree children)
    std::map<int, WDF_TRI_STATE> m_pnpState;
    std::vector<GUID>
        m_remoteClasses; // classes registered with RegisterRemoteInterfaceNotification
    class FxRemoteInterfaceInit *m_activeRemoteInit = nullptr; // during OnRemoteInterfaceArrival
};

} // namespace umdfx::fx
