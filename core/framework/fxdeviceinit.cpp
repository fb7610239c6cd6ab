#include "core/framework/fxdeviceinit.h"

#include "core/common/text.h"
#include "core/framework/fxdriver.h"
#include "core/framework/fxpropertystore.h"
#include "core/host/driverhost.h"

#include <algorithm>

namespace umdfx::fx {

HRESULT copyStringOut(const std::u16string &text, PWSTR buffer, DWORD *sizeInChars)
{
    if (!sizeInChars)
        return E_POINTER;
    const DWORD need = static_cast<DWORD>(text.size() + 1);
    if (!buffer) {
        *sizeInChars = need;
        return S_OK;
    }
    if (*sizeInChars < need) {
        *sizeInChars = need;
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    std::copy(text.begin(), text.end(), buffer);
    buffer[text.size()] = 0;
    *sizeInChars = need;
    return S_OK;
}

FxDeviceInit::FxDeviceInit(DriverHost &host, FxDriver &driver, DevNodeId node,
    std::string instanceId, const std::map<std::string, DeviceParameter> &parameters)
    : m_host(host)
    , m_driver(driver)
    , m_node(node)
    , m_instanceId(std::move(instanceId))
    , m_parameters(parameters)
    , m_id(host.world().newObjectId())
{ }

FxDeviceInit *FxDeviceInit::from(IWDFDeviceInitialize *p)
{
    return dynamic_cast<FxDeviceInit *>(p);
}

ULONG STDMETHODCALLTYPE FxDeviceInit::Release()
{
    const ULONG left = --m_refs;
    if (left == 0)
        delete this;
    return left;
}

Tracer::Site FxDeviceInit::site(trace::StrId method) const
{
    return { trace::Kind::Ddi, m_driver.lane(), lanes::framework(), trace::intern(m_instanceId),
        UMDFX_STR("IWDFDeviceInitialize"), method, m_id, 0 };
}

HRESULT STDMETHODCALLTYPE FxDeviceInit::QueryInterface(REFIID riid, void **ppv)
{
    std::lock_guard lock(m_host.world().lock);
    trace::ArgsWriter args;
    const char *name = umdfx::wudf::interfaceName(riid);
    args.string("riid", name ? name : "?");
    auto s = site(UMDFX_STR("QueryInterface"));
    s.iface = UMDFX_STR("IUnknown");
    TracedCall call(m_host.world().tracer, s, &args);
    HRESULT hr = E_NOINTERFACE;
    if (!ppv) {
        hr = E_POINTER;
    } else if (riid == IID_IUnknown || riid == IID_IWDFDeviceInitialize
        || riid == IID_IWDFDeviceInitialize2) {
        *ppv = static_cast<IWDFDeviceInitialize2 *>(this);
        AddRef();
        hr = S_OK;
    } else {
        *ppv = nullptr;
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

void STDMETHODCALLTYPE FxDeviceInit::SetFilter()
{
    std::lock_guard lock(m_host.world().lock);
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("SetFilter")));
    m_filter = true;
}

void STDMETHODCALLTYPE FxDeviceInit::SetLockingConstraint(WDF_CALLBACK_CONSTRAINT LockType)
{
    std::lock_guard lock(m_host.world().lock);
    trace::ArgsWriter args;
    args.string("LockType",
        LockType == WdfDeviceLevel ? "WdfDeviceLevel"
            : LockType == None     ? "None"
                                   : "invalid");
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("SetLockingConstraint")), &args);
    m_locking = LockType;
}

HRESULT STDMETHODCALLTYPE FxDeviceInit::RetrieveDevicePropertyStore(PCWSTR pcwszServiceName,
    WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore,
    WDF_PROPERTY_STORE_DISPOSITION *pDisposition)
{
    std::lock_guard lock(m_host.world().lock);
    trace::ArgsWriter args;
    args.string("pcwszServiceName", pcwszServiceName ? toUtf8(pcwszServiceName) : "NULL");
    args.u64("Flags", static_cast<std::uint64_t>(Flags));
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("RetrieveDevicePropertyStore")), &args);
    HRESULT hr = S_OK;
    if (!ppPropStore) {
        hr = E_POINTER;
    } else {
        // The device's hardware key: where the INF's AddReg (here: the scenario's parameters)
        // lands.
        *ppPropStore = new FxPropertyStore(m_host, m_driver.lane(), m_instanceId, m_parameters);
        if (pDisposition)
            *pDisposition = WdfPropertyStoreOpenedExistingStore;
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

void STDMETHODCALLTYPE FxDeviceInit::SetPowerPolicyOwnership(BOOL fTrue)
{
    std::lock_guard lock(m_host.world().lock);
    trace::ArgsWriter args;
    args.boolean("fTrue", fTrue != FALSE);
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("SetPowerPolicyOwnership")), &args);
    m_ppo = fTrue != FALSE;
}

void STDMETHODCALLTYPE FxDeviceInit::AutoForwardCreateCleanupClose(WDF_TRI_STATE State)
{
    std::lock_guard lock(m_host.world().lock);
    trace::ArgsWriter args;
    args.u64("State", static_cast<std::uint64_t>(State));
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("AutoForwardCreateCleanupClose")), &args);
    m_autoForward = State;
}

HRESULT STDMETHODCALLTYPE FxDeviceInit::RetrieveDeviceInstanceId(
    PWSTR Buffer, DWORD *pdwSizeInChars)
{
    std::lock_guard lock(m_host.world().lock);
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("RetrieveDeviceInstanceId")));
    const HRESULT hr = copyStringOut(toUtf16(m_instanceId), Buffer, pdwSizeInChars);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

void STDMETHODCALLTYPE FxDeviceInit::SetPnpCapability(
    WDF_PNP_CAPABILITY Capability, WDF_TRI_STATE Value)
{
    std::lock_guard lock(m_host.world().lock);
    trace::ArgsWriter args;
    args.u64("Capability", static_cast<std::uint64_t>(Capability));
    args.u64("Value", static_cast<std::uint64_t>(Value));
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("SetPnpCapability")), &args);
    m_capabilities[static_cast<int>(Capability)] = Value;
}

WDF_TRI_STATE STDMETHODCALLTYPE FxDeviceInit::GetPnpCapability(WDF_PNP_CAPABILITY Capability)
{
    std::lock_guard lock(m_host.world().lock);
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("GetPnpCapability")));
    auto it = m_capabilities.find(static_cast<int>(Capability));
    return it == m_capabilities.end() ? WdfUseDefault : it->second;
}

void STDMETHODCALLTYPE FxDeviceInit::SetIoTypePreference(
    WDF_DEVICE_IO_BUFFER_RETRIEVAL RetrievalMode, WDF_DEVICE_IO_TYPE ReadWritePreference,
    WDF_DEVICE_IO_TYPE IoControlPreference)
{
    std::lock_guard lock(m_host.world().lock);
    trace::ArgsWriter args;
    args.u64("RetrievalMode", static_cast<std::uint64_t>(RetrievalMode));
    args.u64("ReadWritePreference", static_cast<std::uint64_t>(ReadWritePreference));
    args.u64("IoControlPreference", static_cast<std::uint64_t>(IoControlPreference));
    auto s = site(UMDFX_STR("SetIoTypePreference"));
    s.iface = UMDFX_STR("IWDFDeviceInitialize2"); // a 1.9 method, of the 1.9 interface
    TracedCall call(m_host.world().tracer, s, &args);
}

} // namespace umdfx::fx
