#include "core/framework/fxdevice.h"

#include "core/common/text.h"
#include "core/framework/fxdeviceinit.h"
#include "core/framework/fxdriver.h"
#include "core/framework/fxfile.h"
#include "core/framework/fxioqueue.h"
#include "core/framework/fxobjectimpl.h"
#include "core/framework/fxpropertystore.h"
#include "core/framework/fxremoteinterface.h"
#include "core/framework/fxremotetarget.h"
#include "core/framework/fxrequest.h"
#include "core/framework/fxworkitem.h"
#include "core/wudf/guid.h"

#include <algorithm>
#include <cstring>

namespace umdfx::fx {

namespace {
// TARGET_DEVICE_CUSTOM_NOTIFICATION's header before CustomDataBuffer on x64 (§5.1).
constexpr DWORD kMaxPostEventData = 0xFFFF - 36;

const char *powerStateName(WDF_POWER_DEVICE_STATE s)
{
    switch (s) {
    case WdfPowerDeviceD0:
        return "WdfPowerDeviceD0";
    case WdfPowerDeviceD1:
        return "WdfPowerDeviceD1";
    case WdfPowerDeviceD2:
        return "WdfPowerDeviceD2";
    case WdfPowerDeviceD3:
        return "WdfPowerDeviceD3";
    case WdfPowerDeviceD3Final:
        return "WdfPowerDeviceD3Final";
    default:
        return "WdfPowerDeviceInvalid";
    }
}
} // namespace

FxDevice::FxDevice(DriverHost &host, FxDriver &driver, FxDeviceInit &init, IUnknown *callback)
    : FxObjectImpl<IWDFDevice3>(host, &driver, "IWDFDevice", &driver)
    , m_fxDriver(driver)
    , m_instanceId(init.instanceId())
    , m_instanceIdName(trace::intern(m_instanceId))
    , m_node(init.node())
    , m_filter(init.isFilter())
    , m_locking(init.lockingConstraint())
    , m_powerPolicyOwner(init.powerPolicyOwner())
    , m_parameters(init.parameters())
{
    // Reference §1.1: one QueryInterface per callback interface the framework knows here.
    m_pnp = probe<IPnpCallback>(*this, callback);
    m_hardware = probe<IPnpCallbackHardware>(*this, callback);
    m_hardware2 = probe<IPnpCallbackHardware2>(*this, callback);
    m_interrupt = probe<IPnpCallbackHardwareInterrupt>(*this, callback);
    m_selfManagedIo = probe<IPnpCallbackSelfManagedIo>(*this, callback);
    m_wakeFromS0 = probe<IPowerPolicyCallbackWakeFromS0>(*this, callback);
    m_wakeFromSx = probe<IPowerPolicyCallbackWakeFromSx>(*this, callback);
    m_fileCleanup = probe<IFileCallbackCleanup>(*this, callback);
    m_fileClose = probe<IFileCallbackClose>(*this, callback);
    setCreationCleanup(probe<IObjectCleanup>(*this, callback));
    m_remoteNotification = probe<IPnpCallbackRemoteInterfaceNotification>(*this, callback);
}

FxDevice::SerializedCallback::SerializedCallback(FxDevice *device)
{
    if (!device || !device->serializesCallbacks())
        return;
    device->host().kernelObjects().enterCriticalSection(
        &device->m_presentationLock, "the device's presentation lock");
    m_device = device;
}

FxDevice::SerializedCallback::~SerializedCallback()
{
    if (m_device)
        m_device->host().kernelObjects().leaveCriticalSection(&m_device->m_presentationLock);
}

FxDevice::~FxDevice()
{
    dropCallbacks();
}

void FxDevice::dropCallbacks()
{
    releaseInterface(m_pnp);
    releaseInterface(m_hardware);
    releaseInterface(m_hardware2);
    releaseInterface(m_interrupt);
    releaseInterface(m_selfManagedIo);
    releaseInterface(m_wakeFromS0);
    releaseInterface(m_wakeFromSx);
    releaseInterface(m_fileCleanup);
    releaseInterface(m_fileClose);
    releaseInterface(m_remoteNotification);
}

HRESULT FxDevice::driverDelete()
{
    // The device belongs to the framework ([ddi] DeleteWdfObject).
    return HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED);
}

HRESULT FxDevice::unsupported(trace::StrId iface, trace::StrId method)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(iface, method));
    notSimulated(iface, method);
    call.done(static_cast<std::uint32_t>(E_NOTIMPL));
    return E_NOTIMPL;
}

void FxDevice::notSimulated(trace::StrId iface, trace::StrId method)
{
    Tracer::Site s = ddiSite(iface, method);
    s.kind = trace::Kind::Host;
    s.from = lanes::framework();
    s.to = driverLane();
    trace::ArgsWriter args;
    args.string("note", "not simulated yet: the call returns E_NOTIMPL");
    tracer().event(s, static_cast<std::uint32_t>(E_NOTIMPL), &args);
}

template<class F>
HRESULT FxDevice::pnpCall(
    trace::StrId iface, trace::StrId method, const trace::ArgsWriter *args, F &&f)
{
    TracedCall call(tracer(), callbackSite(iface, method), args);
    const HRESULT hr = f();
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

template<class F>
void FxDevice::voidCall(
    trace::StrId iface, trace::StrId method, const trace::ArgsWriter *args, F &&f)
{
    TracedCall call(tracer(), callbackSite(iface, method), args);
    f();
}

// ---- queues and routing ---------------------------------------------------------------------

void FxDevice::addQueue(FxIoQueue *q)
{
    m_queues.push_back(q);
    if (q->isDefault())
        m_defaultQueue = q;
}

void FxDevice::removeQueue(FxIoQueue *q)
{
    std::erase(m_queues, q);
    if (m_defaultQueue == q)
        m_defaultQueue = nullptr;
    std::erase_if(m_routes, [q](const auto &kv) { return kv.second == q; });
}

FxIoQueue *FxDevice::queueFor(WDF_REQUEST_TYPE type) const
{
    auto it = m_routes.find(type);
    return it != m_routes.end() ? it->second : m_defaultQueue;
}

FxFile *FxDevice::file(KernelFileId id) const
{
    auto it = m_files.find(id);
    return it == m_files.end() ? nullptr : it->second;
}

// ---- PnP and power sequences -----------------------------------------------------------------

HRESULT FxDevice::startSequence(bool firstStart, WDF_POWER_DEVICE_STATE previousState)
{
    HRESULT hr = S_OK;
    if (m_hardware) {
        hr = pnpCall(UMDFX_STR("IPnpCallbackHardware"), UMDFX_STR("OnPrepareHardware"), nullptr,
            [&] { return m_hardware->OnPrepareHardware(this); });
    } else if (m_hardware2) {
        // The simulated devices have no hardware resources: both lists are empty (NULL).
        hr = pnpCall(UMDFX_STR("IPnpCallbackHardware2"), UMDFX_STR("OnPrepareHardware"), nullptr,
            [&] { return m_hardware2->OnPrepareHardware(this, nullptr, nullptr); });
    }
    if (FAILED(hr)) {
        // A failed OnPrepareHardware still gets OnReleaseHardware ([ddi] OnPrepareHardware).
        releaseHardware();
        return hr;
    }
    hr = enterD0(previousState, firstStart);
    if (SUCCEEDED(hr))
        m_started = true;
    return hr;
}

HRESULT FxDevice::enterD0(WDF_POWER_DEVICE_STATE previousState, bool firstStart)
{
    HRESULT hr = S_OK;
    if (m_pnp) {
        trace::ArgsWriter args;
        args.string("previousState", powerStateName(previousState));
        hr = pnpCall(UMDFX_STR("IPnpCallback"), UMDFX_STR("OnD0Entry"), &args,
            [&] { return m_pnp->OnD0Entry(this, previousState); });
        if (FAILED(hr))
            return hr; // no OnD0Exit for a failed entry
    }
    m_inD0 = true;
    if (m_interrupt) {
        trace::ArgsWriter args;
        args.string("PreviousState", powerStateName(previousState));
        hr = pnpCall(UMDFX_STR("IPnpCallbackHardwareInterrupt"),
            UMDFX_STR("OnD0EntryPostInterruptsEnabled"), &args,
            [&] { return m_interrupt->OnD0EntryPostInterruptsEnabled(this, previousState); });
        if (FAILED(hr))
            return hr;
    }
    for (auto *q : m_queues)
        q->powerUp();
    if (m_selfManagedIo) {
        if (firstStart || !m_selfManagedIoInitialized) {
            hr = pnpCall(UMDFX_STR("IPnpCallbackSelfManagedIo"), UMDFX_STR("OnSelfManagedIoInit"),
                nullptr, [&] { return m_selfManagedIo->OnSelfManagedIoInit(this); });
        } else {
            hr = pnpCall(UMDFX_STR("IPnpCallbackSelfManagedIo"),
                UMDFX_STR("OnSelfManagedIoRestart"), nullptr,
                [&] { return m_selfManagedIo->OnSelfManagedIoRestart(this); });
        }
        if (FAILED(hr)) {
            voidCall(UMDFX_STR("IPnpCallbackSelfManagedIo"), UMDFX_STR("OnSelfManagedIoFlush"),
                nullptr, [&] { m_selfManagedIo->OnSelfManagedIoFlush(this); });
            voidCall(UMDFX_STR("IPnpCallbackSelfManagedIo"), UMDFX_STR("OnSelfManagedIoCleanup"),
                nullptr, [&] { m_selfManagedIo->OnSelfManagedIoCleanup(this); });
            return hr;
        }
        m_selfManagedIoInitialized = true;
    }
    return S_OK;
}

void FxDevice::suspendForPowerDown()
{
    m_suspended = true;
    if (m_selfManagedIo)
        pnpCall(UMDFX_STR("IPnpCallbackSelfManagedIo"), UMDFX_STR("OnSelfManagedIoSuspend"),
            nullptr, [&] { return m_selfManagedIo->OnSelfManagedIoSuspend(this); });
    for (auto *q : m_queues)
        if (q->powerManaged())
            q->powerDown(WdfRequestStopActionSuspend);
}

bool FxDevice::powerDownHeldUp() const
{
    return std::any_of(
        m_queues.begin(), m_queues.end(), [](const FxIoQueue *q) { return q->holdsUpPowerDown(); });
}

void FxDevice::exitD0(WDF_POWER_DEVICE_STATE targetState)
{
    m_suspended = false;
    if (m_interrupt) {
        trace::ArgsWriter args;
        args.string("TargetState", powerStateName(targetState));
        pnpCall(UMDFX_STR("IPnpCallbackHardwareInterrupt"),
            UMDFX_STR("OnD0ExitPreInterruptsDisabled"), &args,
            [&] { return m_interrupt->OnD0ExitPreInterruptsDisabled(this, targetState); });
    }
    if (m_pnp) {
        trace::ArgsWriter args;
        args.string("newState", powerStateName(targetState));
        pnpCall(UMDFX_STR("IPnpCallback"), UMDFX_STR("OnD0Exit"), &args,
            [&] { return m_pnp->OnD0Exit(this, targetState); });
    }
    m_inD0 = false;
}

void FxDevice::releaseHardware()
{
    if (m_hardware)
        pnpCall(UMDFX_STR("IPnpCallbackHardware"), UMDFX_STR("OnReleaseHardware"), nullptr,
            [&] { return m_hardware->OnReleaseHardware(this); });
    else if (m_hardware2)
        pnpCall(UMDFX_STR("IPnpCallbackHardware2"), UMDFX_STR("OnReleaseHardware"), nullptr,
            [&] { return m_hardware2->OnReleaseHardware(this, nullptr); });
}

HRESULT FxDevice::queryStop()
{
    if (!m_pnp)
        return S_OK;
    return pnpCall(UMDFX_STR("IPnpCallback"), UMDFX_STR("OnQueryStop"), nullptr,
        [&] { return m_pnp->OnQueryStop(this); });
}

bool FxDevice::idleEnabled() const
{
    // WdfUseDefault enables idle unless the user turned it off in Device Manager, which the
    // simulation has no setting for.
    return m_powerPolicyOwner && m_idle.assigned && m_idle.enabled != WdfFalse;
}

ULONG FxDevice::idleTimeoutMs() const
{
    // 0 asks for the framework's default, 5 seconds (inferred from KMDF's
    // IdleTimeoutDefaultValue).
    return m_idle.idleTimeout ? m_idle.idleTimeout : 5000;
}

WDF_POWER_DEVICE_STATE FxDevice::idleTargetState() const
{
    switch (m_idle.dxState) {
    case PowerDeviceD1:
        return WdfPowerDeviceD1;
    case PowerDeviceD2:
        return WdfPowerDeviceD2;
    default:
        return WdfPowerDeviceD3;
    }
}

void FxDevice::powerManagedIoArrived()
{
    host().powerManagedIoArrived(m_node);
}

void FxDevice::powerManagedIoDone()
{
    host().powerManagedIoDone(m_node);
}

void FxDevice::enableInterfacesAfterStart()
{
    // §2.3 step 7 (inferred): interfaces become visible as the last step of a successful start.
    for (auto &i : m_interfaces) {
        if (i.enabled)
            host().kernel().setDeviceInterfaceState(
                m_node, i.interfaceClass, i.hasReference ? &i.reference : nullptr, true);
    }
}

void FxDevice::disableInterfaces()
{
    for (auto &i : m_interfaces)
        host().kernel().setDeviceInterfaceState(
            m_node, i.interfaceClass, i.hasReference ? &i.reference : nullptr, false);
}

HRESULT FxDevice::postEvent(const GUID &event, WDF_EVENT_TYPE type, const BYTE *data, DWORD size)
{
    if (type != WdfEventBroadcast || (!data && size > 0))
        return E_INVALIDARG;
    if (size > kMaxPostEventData)
        return HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
    std::vector<std::byte> bytes(size);
    if (size)
        std::memcpy(bytes.data(), data, size);
    host().kernel().postEvent(m_node, event, std::move(bytes));
    return S_OK;
}

HRESULT FxDevice::queryRemove()
{
    if (!m_pnp)
        return S_OK;
    return pnpCall(UMDFX_STR("IPnpCallback"), UMDFX_STR("OnQueryRemove"), nullptr,
        [&] { return m_pnp->OnQueryRemove(this); });
}

void FxDevice::removeSequence(bool surprise, bool wasInD0)
{
    const auto position = host().world().knobs.surpriseRemovalPosition;
    const auto surpriseCallback = [&] {
        if (!m_pnp)
            return;
        voidCall(UMDFX_STR("IPnpCallback"), UMDFX_STR("OnSurpriseRemoval"), nullptr,
            [&] { m_pnp->OnSurpriseRemoval(this); });
    };
    m_accepting = false;
    m_started = false;
    if (surprise && position == Knobs::SurpriseRemovalPosition::First)
        surpriseCallback();
    if (wasInD0 && m_inD0) {
        // The power-down of §2.4 with D3Final; a removal does not wait for requests the driver
        // keeps: the purge below asks about them again.
        if (!m_suspended)
            suspendForPowerDown();
        exitD0(WdfPowerDeviceD3Final);
    }
    m_inD0 = false;
    m_suspended = false;
    if (surprise && position == Knobs::SurpriseRemovalPosition::AfterD0Exit)
        surpriseCallback();
    // Always OnReleaseHardware on removal (reference §2.6 step 4, doc conflict resolved that way).
    releaseHardware();
    for (auto *q : m_queues)
        if (q->powerManaged())
            q->purgeForRemoval();
    if (m_selfManagedIo)
        voidCall(UMDFX_STR("IPnpCallbackSelfManagedIo"), UMDFX_STR("OnSelfManagedIoFlush"), nullptr,
            [&] { m_selfManagedIo->OnSelfManagedIoFlush(this); });
    for (auto *q : m_queues)
        if (!q->powerManaged())
            q->purgeForRemoval();
    if (m_selfManagedIo)
        voidCall(UMDFX_STR("IPnpCallbackSelfManagedIo"), UMDFX_STR("OnSelfManagedIoCleanup"),
            nullptr, [&] { m_selfManagedIo->OnSelfManagedIoCleanup(this); });
    if (surprise && position == Knobs::SurpriseRemovalPosition::Last)
        surpriseCallback();
}

void FxDevice::fileCleanup(FxFile *f)
{
    if (!m_fileCleanup)
        return;
    trace::ArgsWriter args;
    args.objectRef("pWdfFileObject", f->id());
    const SerializedCallback serialized(this);
    voidCall(UMDFX_STR("IFileCallbackCleanup"), UMDFX_STR("OnCleanupFile"), &args,
        [&] { m_fileCleanup->OnCleanupFile(f); });
}

void FxDevice::fileClose(FxFile *f)
{
    if (!m_fileClose)
        return;
    trace::ArgsWriter args;
    args.objectRef("pWdfFileObject", f->id());
    const SerializedCallback serialized(this);
    voidCall(UMDFX_STR("IFileCallbackClose"), UMDFX_STR("OnCloseFile"), &args,
        [&] { m_fileClose->OnCloseFile(f); });
}

HRESULT FxDevice::setInterfaceState(const GUID &cls, const std::u16string *reference, bool enable)
{
    for (auto &i : m_interfaces) {
        const bool refMatches = reference
            ? (i.hasReference && equalsIgnoreCase(toUtf8(i.reference), toUtf8(*reference)))
            : !i.hasReference;
        if (!(i.interfaceClass == cls) || !refMatches)
            continue;
        i.enabled = enable;
        // Before the device has started the state is remembered and applied at start (§4.1);
        // a started device out of D0 (idle, rebalance) keeps its interfaces as they are.
        if (m_started || m_inD0 || !enable)
            return host().kernel().setDeviceInterfaceState(m_node, cls, reference, enable);
        return S_OK;
    }
    return HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
}

// ---- IWDFDevice -------------------------------------------------------------------------------

HRESULT STDMETHODCALLTYPE FxDevice::RetrieveDevicePropertyStore(PCWSTR pcwszServiceName,
    WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore,
    WDF_PROPERTY_STORE_DISPOSITION *pDisposition)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.string("pcwszServiceName", pcwszServiceName ? toUtf8(pcwszServiceName) : "NULL");
    args.u64("Flags", static_cast<std::uint64_t>(Flags));
    TracedCall call(tracer(),
        ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("RetrieveDevicePropertyStore")), &args);
    HRESULT hr = S_OK;
    if (!ppPropStore) {
        hr = E_POINTER;
    } else {
        *ppPropStore = new FxPropertyStore(host(), driverLane(), m_instanceId, m_parameters);
        if (pDisposition)
            *pDisposition = WdfPropertyStoreOpenedExistingStore;
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

void STDMETHODCALLTYPE FxDevice::GetDriver(IWDFDriver **ppWdfDriver)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("GetDriver")));
    if (ppWdfDriver) {
        m_fxDriver.addRef();
        *ppWdfDriver = &m_fxDriver;
    }
}

HRESULT STDMETHODCALLTYPE FxDevice::RetrieveDeviceInstanceId(PWSTR Buffer, DWORD *pdwSizeInChars)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("RetrieveDeviceInstanceId")));
    const HRESULT hr = copyStringOut(toUtf16(m_instanceId), Buffer, pdwSizeInChars);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

void STDMETHODCALLTYPE FxDevice::GetDefaultIoTarget(IWDFIoTarget **ppWdfIoTarget)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("GetDefaultIoTarget")));
    notSimulated(UMDFX_STR("IWDFDevice"), UMDFX_STR("GetDefaultIoTarget"));
    if (ppWdfIoTarget)
        *ppWdfIoTarget = nullptr;
}

HRESULT STDMETHODCALLTYPE FxDevice::CreateWdfFile(LPCWSTR, IWDFDriverCreatedFile **ppFile)
{
    if (ppFile)
        *ppFile = nullptr;
    return unsupported(UMDFX_STR("IWDFDevice"), UMDFX_STR("CreateWdfFile"));
}

void STDMETHODCALLTYPE FxDevice::GetDefaultIoQueue(IWDFIoQueue **ppWdfIoQueue)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("GetDefaultIoQueue")));
    if (!ppWdfIoQueue)
        return;
    *ppWdfIoQueue = m_defaultQueue;
    if (m_defaultQueue)
        m_defaultQueue->addRef();
}

HRESULT STDMETHODCALLTYPE FxDevice::CreateIoQueue(IUnknown *pCallbackInterface, BOOL bDefaultQueue,
    WDF_IO_QUEUE_DISPATCH_TYPE DispatchType, BOOL bPowerManaged, BOOL bAllowZeroLengthRequests,
    IWDFIoQueue **ppIoQueue)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.boolean("bDefaultQueue", bDefaultQueue != FALSE);
    args.string("DispatchType", FxIoQueue::dispatchTypeName(DispatchType));
    args.boolean("bPowerManaged", bPowerManaged != FALSE);
    args.boolean("bAllowZeroLengthRequests", bAllowZeroLengthRequests != FALSE);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("CreateIoQueue")), &args);
    FxIoQueue *queue = nullptr;
    HRESULT hr = S_OK;
    if (!ppIoQueue)
        hr = E_POINTER;
    else if (bDefaultQueue && m_defaultQueue)
        hr = E_INVALIDARG; // one default queue per device (inferred status)
    else
        hr = FxIoQueue::create(host(), *this, pCallbackInterface, bDefaultQueue != FALSE,
            DispatchType, bPowerManaged != FALSE, bAllowZeroLengthRequests != FALSE, &queue);
    trace::ArgsWriter out;
    if (SUCCEEDED(hr)) {
        addQueue(queue);
        if (m_inD0)
            queue->powerUp();
        queue->addRef();
        *ppIoQueue = queue;
        out.objectRef("ppIoQueue", queue->id());
    }
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDevice::CreateDeviceInterface(
    LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.string("pDeviceInterfaceGuid",
        pDeviceInterfaceGuid ? wudf::guidToString(*pDeviceInterfaceGuid) : "NULL");
    args.string("pReferenceString", pReferenceString ? toUtf8(pReferenceString) : "NULL");
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("CreateDeviceInterface")), &args);
    HRESULT hr = S_OK;
    std::u16string ref = pReferenceString ? std::u16string(pReferenceString) : std::u16string();
    if (!pDeviceInterfaceGuid) {
        hr = E_INVALIDARG;
    } else if (pReferenceString
        && (ref.find(u'\\') != std::u16string::npos || ref.find(u'/') != std::u16string::npos)) {
        // The kernel rejects path separators in a reference string; UMDF's code is undocumented
        // (E_INVALIDARG, inferred).
        hr = E_INVALIDARG;
    } else {
        hr = host().kernel().registerDeviceInterface(
            m_node, *pDeviceInterfaceGuid, pReferenceString ? &ref : nullptr);
        if (SUCCEEDED(hr)) {
            const bool exists = std::any_of(
                m_interfaces.begin(), m_interfaces.end(), [&](const DeviceInterface &i) {
                    return i.interfaceClass == *pDeviceInterfaceGuid
                        && i.hasReference == (pReferenceString != nullptr)
                        && equalsIgnoreCase(toUtf8(i.reference), toUtf8(ref));
                });
            // A new instance starts disabled; the framework enables it when the device starts.
            if (!exists)
                m_interfaces.push_back(
                    { *pDeviceInterfaceGuid, pReferenceString != nullptr, ref, true });
        }
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDevice::AssignDeviceInterfaceState(
    LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString, BOOL Enable)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.string("pDeviceInterfaceGuid",
        pDeviceInterfaceGuid ? wudf::guidToString(*pDeviceInterfaceGuid) : "NULL");
    args.string("pReferenceString", pReferenceString ? toUtf8(pReferenceString) : "NULL");
    args.boolean("Enable", Enable != FALSE);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("AssignDeviceInterfaceState")), &args);
    HRESULT hr = E_INVALIDARG;
    if (pDeviceInterfaceGuid) {
        const std::u16string ref
            = pReferenceString ? std::u16string(pReferenceString) : std::u16string();
        hr = setInterfaceState(
            *pDeviceInterfaceGuid, pReferenceString ? &ref : nullptr, Enable != FALSE);
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDevice::RetrieveDeviceName(
    PWSTR pDeviceName, DWORD *pdwDeviceNameLength)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("RetrieveDeviceName")));
    // The reflector's device object, not the PDO ([ddi] RetrieveDeviceName); the exact naming is
    // not documented, so the simulator names it after the device node.
    const HRESULT hr = copyStringOut(
        toUtf16("\\Device\\WudfRd" + std::to_string(m_node)), pDeviceName, pdwDeviceNameLength);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDevice::PostEvent(
    REFGUID EventGuid, WDF_EVENT_TYPE EventType, BYTE *pbData, DWORD cbDataSize)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.string("EventGuid", wudf::guidToString(EventGuid));
    args.u64("EventType", static_cast<std::uint64_t>(EventType));
    args.u64("cbDataSize", cbDataSize);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("PostEvent")), &args);
    const HRESULT hr = postEvent(EventGuid, EventType, pbData, cbDataSize);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDevice::ConfigureRequestDispatching(
    IWDFIoQueue *pQueue, WDF_REQUEST_TYPE RequestType, BOOL Forward)
{
    std::lock_guard lock(host().world().lock);
    auto *q = dynamic_cast<FxIoQueue *>(pQueue);
    trace::ArgsWriter args;
    args.objectRef("pQueue", q ? q->id() : 0);
    args.u64("RequestType", static_cast<std::uint64_t>(RequestType));
    args.boolean("Forward", Forward != FALSE);
    TracedCall call(tracer(),
        ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("ConfigureRequestDispatching")), &args);
    const HRESULT hr
        = q ? q->configureRequestDispatching(RequestType, Forward != FALSE) : E_INVALIDARG;
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT FxDevice::route(FxIoQueue *q, WDF_REQUEST_TYPE type, bool forward)
{
    // Only create, read, write and device I/O control can be routed ([ddi]
    // ConfigureRequestDispatching).
    if (type != WdfRequestCreate && type != WdfRequestRead && type != WdfRequestWrite
        && type != WdfRequestDeviceIoControl)
        return E_INVALIDARG;
    if (!q || q->device() != this)
        return E_INVALIDARG;
    if (forward)
        m_routes[type] = q;
    else if (m_routes.count(type) && m_routes[type] == q)
        m_routes.erase(type);
    return S_OK;
}

void STDMETHODCALLTYPE FxDevice::SetPnpState(WDF_PNP_STATE State, WDF_TRI_STATE Value)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.u64("State", static_cast<std::uint64_t>(State));
    args.u64("Value", static_cast<std::uint64_t>(Value));
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("SetPnpState")), &args);
    m_pnpState[static_cast<int>(State)] = Value;
}

WDF_TRI_STATE STDMETHODCALLTYPE FxDevice::GetPnpState(WDF_PNP_STATE State)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("GetPnpState")));
    auto it = m_pnpState.find(static_cast<int>(State));
    return it == m_pnpState.end() ? WdfUseDefault : it->second;
}

void STDMETHODCALLTYPE FxDevice::CommitPnpState()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("CommitPnpState")));
}

// Whether an object is this device or leads to it through its parents.
static bool leadsTo(const FxObjectBase *o, const FxDevice *device)
{
    for (; o; o = o->parent()) {
        if (o == device)
            return true;
    }
    return false;
}

HRESULT STDMETHODCALLTYPE FxDevice::CreateRequest(
    IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFIoRequest **ppRequest)
{
    std::lock_guard lock(host().world().lock);
    FxObjectBase *parent = pParentObject ? fromWdfObject(pParentObject) : this;
    trace::ArgsWriter args;
    args.objectRef("pParentObject", parent ? parent->id() : 0);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice"), UMDFX_STR("CreateRequest")), &args);
    HRESULT hr = S_OK;
    trace::ArgsWriter out;
    if (!ppRequest) {
        hr = E_POINTER;
    } else if (!parent || !leadsTo(parent, this) || parent->lifecycle() != FxLifecycle::Alive) {
        // The parent must be the device or lead to it ([ddi] CreateRequest).
        hr = E_INVALIDARG;
        *ppRequest = nullptr;
    } else {
        auto *r = new FxRequest(host(), *this, parent);
        r->setCreationCleanup(probe<IObjectCleanup>(*r, pCallbackInterface));
        r->addRef();
        *ppRequest = r;
        out.objectRef("ppRequest", r->id());
    }
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDevice::CreateSymbolicLink(PCWSTR)
{
    return unsupported(UMDFX_STR("IWDFDevice"), UMDFX_STR("CreateSymbolicLink"));
}

// ---- IWDFDevice2 ------------------------------------------------------------------------------

namespace {

bool validTriState(WDF_TRI_STATE v)
{
    return v == WdfUseDefault || v == WdfFalse || v == WdfTrue;
}

const char *triStateName(WDF_TRI_STATE v)
{
    switch (v) {
    case WdfUseDefault:
        return "WdfUseDefault";
    case WdfFalse:
        return "WdfFalse";
    case WdfTrue:
        return "WdfTrue";
    }
    return "(invalid)";
}

const char *devicePowerStateName(DEVICE_POWER_STATE v)
{
    switch (v) {
    case PowerDeviceUnspecified:
        return "PowerDeviceUnspecified";
    case PowerDeviceD0:
        return "PowerDeviceD0";
    case PowerDeviceD1:
        return "PowerDeviceD1";
    case PowerDeviceD2:
        return "PowerDeviceD2";
    case PowerDeviceD3:
        return "PowerDeviceD3";
    case PowerDeviceMaximum:
        return "PowerDeviceMaximum";
    }
    return "(invalid)";
}

// The low-power states a device can be sent to: D1, D2, D3.
bool lowPowerState(DEVICE_POWER_STATE v)
{
    return v == PowerDeviceD1 || v == PowerDeviceD2 || v == PowerDeviceD3;
}

} // namespace

HRESULT STDMETHODCALLTYPE FxDevice::AssignS0IdleSettings(
    WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps, DEVICE_POWER_STATE DxState, ULONG IdleTimeout,
    WDF_POWER_POLICY_S0_IDLE_USER_CONTROL UserControlOfIdleSettings, WDF_TRI_STATE Enabled)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.string("IdleCaps",
        IdleCaps == IdleCannotWakeFromS0          ? "IdleCannotWakeFromS0"
            : IdleCaps == IdleCanWakeFromS0       ? "IdleCanWakeFromS0"
            : IdleCaps == IdleUsbSelectiveSuspend ? "IdleUsbSelectiveSuspend"
                                                  : "(invalid)");
    args.string("DxState", devicePowerStateName(DxState));
    args.u64("IdleTimeout", IdleTimeout);
    args.string("UserControlOfIdleSettings",
        UserControlOfIdleSettings == IdleDoNotAllowUserControl  ? "IdleDoNotAllowUserControl"
            : UserControlOfIdleSettings == IdleAllowUserControl ? "IdleAllowUserControl"
                                                                : "(invalid)");
    args.string("Enabled", triStateName(Enabled));
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("AssignS0IdleSettings")), &args);
    // The documented failures, in this order: only the power policy owner assigns idle settings
    // (IWDFDeviceInitialize::SetPowerPolicyOwnership before CreateDevice); the enumerations must
    // be valid; the idle state must be a low-power one; a device whose bus cannot wake it cannot
    // idle with wake (simulated devices are root-enumerated and have no wake signal).
    HRESULT hr = S_OK;
    if (!m_powerPolicyOwner)
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    else if ((IdleCaps != IdleCannotWakeFromS0 && IdleCaps != IdleCanWakeFromS0
                 && IdleCaps != IdleUsbSelectiveSuspend)
        || (UserControlOfIdleSettings != IdleDoNotAllowUserControl
            && UserControlOfIdleSettings != IdleAllowUserControl)
        || !validTriState(Enabled))
        hr = HRESULT_FROM_NT(STATUS_INVALID_PARAMETER);
    else if (!lowPowerState(DxState) || IdleCaps != IdleCannotWakeFromS0)
        hr = HRESULT_FROM_NT(STATUS_POWER_STATE_INVALID);
    if (SUCCEEDED(hr)) {
        // Later calls change the settings (the driver may re-enable idle, change the timeout).
        m_idle = { true, IdleCaps, DxState, IdleTimeout, UserControlOfIdleSettings, Enabled };
        // A started device's idle timer starts (or restarts) with the new settings.
        host().idleSettingsChanged(m_node);
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDevice::StopIdle(BOOL WaitForD0)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.boolean("WaitForD0", WaitForD0 != FALSE);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("StopIdle")), &args);
    // Only the power policy owner controls idle ([ddi] StopIdle). Each successful call (S_OK, or
    // HRESULT_FROM_NT(STATUS_PENDING) when the device is still coming back) counts once and must
    // be balanced by one ResumeIdle; until then the device stays in D0 (§2.4).
    HRESULT hr = S_OK;
    if (!m_powerPolicyOwner) {
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    } else {
        ++m_stopIdleCount;
        hr = host().stopIdle(m_node, WaitForD0 != FALSE);
    }
    trace::ArgsWriter out;
    out.u64("stopIdleCount", m_stopIdleCount);
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

void STDMETHODCALLTYPE FxDevice::ResumeIdle()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("ResumeIdle")));
    if (!m_powerPolicyOwner)
        return;
    if (m_stopIdleCount == 0) {
        // More ResumeIdle than StopIdle: the count stays at zero, and the trace says so.
        Tracer::Site s = ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("ResumeIdle"));
        s.kind = trace::Kind::Host;
        s.from = lanes::framework();
        s.to = driverLane();
        s.iface = UMDFX_STR("Power");
        s.method = UMDFX_STR("ResumeIdleUnbalanced");
        trace::ArgsWriter args;
        args.string("note", "ResumeIdle without a matching StopIdle: ignored");
        tracer().event(s, std::nullopt, &args);
        return;
    }
    if (--m_stopIdleCount == 0)
        host().idleSettingsChanged(m_node); // the idle timer runs again
}

HRESULT STDMETHODCALLTYPE FxDevice::CreateSymbolicLinkWithReferenceString(PCWSTR, PCWSTR)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(),
        ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("CreateSymbolicLinkWithReferenceString")));
    notSimulated(UMDFX_STR("IWDFDevice2"), UMDFX_STR("CreateSymbolicLinkWithReferenceString"));
    call.done(static_cast<std::uint32_t>(E_NOTIMPL));
    return E_NOTIMPL;
}

HRESULT STDMETHODCALLTYPE FxDevice::RegisterRemoteInterfaceNotification(
    LPCGUID pDeviceInterfaceGuid, BOOL IncludeExistingInterfaces)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.string("pDeviceInterfaceGuid",
        pDeviceInterfaceGuid ? wudf::guidToString(*pDeviceInterfaceGuid) : std::string("NULL"));
    args.boolean("IncludeExistingInterfaces", IncludeExistingInterfaces != FALSE);
    TracedCall call(tracer(),
        ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("RegisterRemoteInterfaceNotification")), &args);
    HRESULT hr = S_OK;
    if (!pDeviceInterfaceGuid) {
        hr = E_INVALIDARG;
    } else if (!m_remoteNotification) {
        // The device callback object must answer IPnpCallbackRemoteInterfaceNotification (§6.1);
        // the failure code is undocumented (inferred).
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_OPERATION);
    } else if (std::find(m_remoteClasses.begin(), m_remoteClasses.end(), *pDeviceInterfaceGuid)
        == m_remoteClasses.end()) {
        m_remoteClasses.push_back(*pDeviceInterfaceGuid);
        host().kernel().registerRemoteInterfaceNotification(
            m_node, &host(), *pDeviceInterfaceGuid, IncludeExistingInterfaces != FALSE);
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDevice::CreateRemoteInterface(
    IWDFRemoteInterfaceInitialize *pRemoteInterfaceInit, IUnknown *pCallbackInterface,
    IWDFRemoteInterface **ppRemoteInterface)
{
    std::lock_guard lock(host().world().lock);
    auto *init = FxRemoteInterfaceInit::from(pRemoteInterfaceInit);
    trace::ArgsWriter args;
    args.objectRef("pRemoteInterfaceInit", init ? init->id() : 0);
    args.boolean("pCallbackInterface", pCallbackInterface != nullptr);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("CreateRemoteInterface")), &args);
    HRESULT hr = S_OK;
    trace::ArgsWriter out;
    if (!ppRemoteInterface) {
        hr = E_POINTER;
    } else if (!init || !init->valid() || init != m_activeRemoteInit) {
        // Only inside OnRemoteInterfaceArrival, with the init object it was given (§6.1, V25).
        host().world().verifier.report(
            ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("CreateRemoteInterface")), "V25",
            "CreateRemoteInterfaceOutsideArrival",
            "CreateRemoteInterface must be called from OnRemoteInterfaceArrival with the "
            "IWDFRemoteInterfaceInitialize it received");
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_OPERATION);
        *ppRemoteInterface = nullptr;
    } else {
        auto *ri = new FxRemoteInterface(host(), *this, *init, pCallbackInterface);
        ri->addRef();
        *ppRemoteInterface = ri;
        out.objectRef("ppRemoteInterface", ri->id());
        out.string("symbolicLink", ri->symbolicLink());
    }
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

void FxDevice::remoteInterfaceArrival(const GUID &cls, const std::string &symbolicLink)
{
    if (!m_remoteNotification || lifecycle() != FxLifecycle::Alive
        || std::find(m_remoteClasses.begin(), m_remoteClasses.end(), cls) == m_remoteClasses.end())
        return;
    auto *init = new FxRemoteInterfaceInit(*this, cls, symbolicLink);
    m_activeRemoteInit = init;
    {
        trace::ArgsWriter args;
        args.objectRef("pWdfRemoteInterfaceInit", init->id());
        args.string("symbolicLink", symbolicLink);
        TracedCall call(tracer(),
            callbackSite(UMDFX_STR("IPnpCallbackRemoteInterfaceNotification"),
                UMDFX_STR("OnRemoteInterfaceArrival")),
            &args);
        m_remoteNotification->OnRemoteInterfaceArrival(init);
    }
    m_activeRemoteInit = nullptr;
    init->invalidate(); // the init object is valid only inside the callback
    init->Release();
}

void FxDevice::remoteInterfaceRemoval(const GUID &cls, const std::string &symbolicLink)
{
    std::vector<FxRemoteInterface *> gone;
    for (auto *c : children()) {
        auto *ri = dynamic_cast<FxRemoteInterface *>(c);
        if (ri && ri->interfaceClass() == cls && equalsIgnoreCase(ri->symbolicLink(), symbolicLink))
            gone.push_back(ri);
    }
    for (auto *ri : gone)
        ri->interfaceRemoved();
}

HRESULT STDMETHODCALLTYPE FxDevice::CreateRemoteTarget(
    IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFRemoteTarget **ppRemoteTarget)
{
    std::lock_guard lock(host().world().lock);
    FxObjectBase *parent = pParentObject ? fromWdfObject(pParentObject) : this;
    trace::ArgsWriter args;
    args.objectRef("pParentObject", parent ? parent->id() : 0);
    args.boolean("pCallbackInterface", pCallbackInterface != nullptr);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("CreateRemoteTarget")), &args);
    HRESULT hr = S_OK;
    trace::ArgsWriter out;
    if (!ppRemoteTarget) {
        hr = E_POINTER;
    } else if (!parent || !leadsTo(parent, this) || parent->lifecycle() != FxLifecycle::Alive) {
        // ERROR_INVALID_PARAMETER when the parent does not lead to this device ([ddi]
        // CreateRemoteTarget).
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        *ppRemoteTarget = nullptr;
    } else {
        auto *t = new FxRemoteTarget(host(), *this, parent, pCallbackInterface);
        t->addRef();
        *ppRemoteTarget = t;
        out.objectRef("ppRemoteTarget", t->id());
    }
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

void STDMETHODCALLTYPE FxDevice::GetDeviceStackIoTypePreference(
    WDF_DEVICE_IO_TYPE *ReadWritePreference, WDF_DEVICE_IO_TYPE *IoControlPreference)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("GetDeviceStackIoTypePreference")));
    // The simulator copies every buffer (buffered I/O).
    if (ReadWritePreference)
        *ReadWritePreference = WdfDeviceIoBuffered;
    if (IoControlPreference)
        *IoControlPreference = WdfDeviceIoBuffered;
}

HRESULT STDMETHODCALLTYPE FxDevice::AssignSxWakeSettings(DEVICE_POWER_STATE DxState,
    WDF_POWER_POLICY_SX_WAKE_USER_CONTROL UserControlOfWakeSettings, WDF_TRI_STATE Enabled)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.string("DxState", devicePowerStateName(DxState));
    args.string("UserControlOfWakeSettings",
        UserControlOfWakeSettings == WakeDoNotAllowUserControl  ? "WakeDoNotAllowUserControl"
            : UserControlOfWakeSettings == WakeAllowUserControl ? "WakeAllowUserControl"
                                                                : "(invalid)");
    args.string("Enabled", triStateName(Enabled));
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("AssignSxWakeSettings")), &args);
    // As AssignS0IdleSettings: the power policy owner only, valid enumerations, a low-power
    // state (never D0). Then the device must be able to signal wake, which a simulated
    // (root-enumerated) device cannot: its bus reports no wake capability, so even valid
    // settings fail with STATUS_POWER_STATE_INVALID, as on Windows for such a device.
    HRESULT hr = HRESULT_FROM_NT(STATUS_POWER_STATE_INVALID);
    if (!m_powerPolicyOwner)
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    else if ((UserControlOfWakeSettings != WakeDoNotAllowUserControl
                 && UserControlOfWakeSettings != WakeAllowUserControl)
        || !validTriState(Enabled))
        hr = HRESULT_FROM_NT(STATUS_INVALID_PARAMETER);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

POWER_ACTION STDMETHODCALLTYPE FxDevice::GetSystemPowerAction()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice2"), UMDFX_STR("GetSystemPowerAction")));
    return PowerActionNone; // no system power transition is ever in progress in the simulator
}

// ---- IWDFDevice3 ------------------------------------------------------------------------------
// Simulated devices have no hardware: register access, interrupts and the extended idle settings
// report E_NOTIMPL (and a "not simulated" record); work items arrive with remote targets.

HRESULT STDMETHODCALLTYPE FxDevice::MapIoSpace(
    PHYSICAL_ADDRESS, SIZE_T, MEMORY_CACHING_TYPE, void **pPseudoBaseAddress)
{
    if (pPseudoBaseAddress)
        *pPseudoBaseAddress = nullptr;
    return unsupported(UMDFX_STR("IWDFDevice3"), UMDFX_STR("MapIoSpace"));
}

void STDMETHODCALLTYPE FxDevice::UnmapIoSpace(void *, SIZE_T)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice3"), UMDFX_STR("UnmapIoSpace")));
    notSimulated(UMDFX_STR("IWDFDevice3"), UMDFX_STR("UnmapIoSpace"));
}

void *STDMETHODCALLTYPE FxDevice::GetHardwareRegisterMappedAddress(void *)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice3"), UMDFX_STR("GetHardwareRegisterMappedAddress")));
    notSimulated(UMDFX_STR("IWDFDevice3"), UMDFX_STR("GetHardwareRegisterMappedAddress"));
    return nullptr;
}

SIZE_T STDMETHODCALLTYPE FxDevice::ReadFromHardware(
    WDF_DEVICE_HWACCESS_TARGET_TYPE, WDF_DEVICE_HWACCESS_TARGET_SIZE, void *, void *, ULONG)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice3"), UMDFX_STR("ReadFromHardware")));
    notSimulated(UMDFX_STR("IWDFDevice3"), UMDFX_STR("ReadFromHardware"));
    return 0;
}

void STDMETHODCALLTYPE FxDevice::WriteToHardware(
    WDF_DEVICE_HWACCESS_TARGET_TYPE, WDF_DEVICE_HWACCESS_TARGET_SIZE, void *, SIZE_T, void *, ULONG)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDevice3"), UMDFX_STR("WriteToHardware")));
    notSimulated(UMDFX_STR("IWDFDevice3"), UMDFX_STR("WriteToHardware"));
}

HRESULT STDMETHODCALLTYPE FxDevice::CreateInterrupt(
    PWUDF_INTERRUPT_CONFIG, IWDFInterrupt **ppInterrupt)
{
    if (ppInterrupt)
        *ppInterrupt = nullptr;
    return unsupported(UMDFX_STR("IWDFDevice3"), UMDFX_STR("CreateInterrupt"));
}

HRESULT STDMETHODCALLTYPE FxDevice::CreateWorkItem(
    PWUDF_WORKITEM_CONFIG pConfig, IWDFObject *pParentObject, IWDFWorkItem **ppWorkItem)
{
    std::lock_guard lock(host().world().lock);
    FxObjectBase *parent = pParentObject ? fromWdfObject(pParentObject) : this;
    trace::ArgsWriter args;
    args.objectRef("pParentObject", parent ? parent->id() : 0);
    args.boolean("AutomaticSerialization", pConfig && pConfig->AutomaticSerialization);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice3"), UMDFX_STR("CreateWorkItem")), &args);
    HRESULT hr = S_OK;
    trace::ArgsWriter out;
    if (!ppWorkItem || !pConfig) {
        hr = E_POINTER;
    } else if (pConfig->Size != sizeof(WUDF_WORKITEM_CONFIG) || !pConfig->OnWorkItemFunc || !parent
        || parent->lifecycle() != FxLifecycle::Alive) {
        hr = E_INVALIDARG;
        *ppWorkItem = nullptr;
    } else {
        // Serialized with the queue callbacks only with device-level locking (§6.5, §7.2).
        const bool serialized = pConfig->AutomaticSerialization && m_locking == WdfDeviceLevel;
        auto *w = new FxWorkItem(host(), *this, parent, *pConfig, serialized);
        w->addRef();
        *ppWorkItem = w;
        out.objectRef("ppWorkItem", w->id());
    }
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDevice::AssignS0IdleSettingsEx(PWUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDevice3"), UMDFX_STR("AssignS0IdleSettingsEx")));
    notSimulated(UMDFX_STR("IWDFDevice3"), UMDFX_STR("AssignS0IdleSettingsEx"));
    call.done(static_cast<std::uint32_t>(E_NOTIMPL));
    return E_NOTIMPL;
}

} // namespace umdfx::fx
