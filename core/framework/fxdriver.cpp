#include "core/framework/fxdriver.h"

#include "core/common/text.h"
#include "core/framework/fxbaseobject.h"
#include "core/framework/fxdevice.h"
#include "core/framework/fxdeviceinit.h"
#include "core/framework/fxmemory.h"
#include "core/framework/fxobjectimpl.h"

#include <algorithm>
#include <cstring>

namespace umdfx::fx {

FxObjectBase *fromWdfObject(IWDFObject *o)
{
    if (!o)
        return nullptr;
    return dynamic_cast<FxObjectBase *>(o);
}

FxDriver::FxDriver(DriverHost &host, const DriverModule &module, std::string serviceName)
    : FxObjectImpl<IWDFDriver>(host, nullptr, "IWDFDriver", nullptr)
    , m_module(module)
    , m_serviceName(std::move(serviceName))
    , m_lane(trace::intern(m_serviceName))
{
    setOwningDriver(this);
}

FxDriver::~FxDriver()
{
    releaseInterface(m_entry);
}

void FxDriver::dropCallbacks()
{
    releaseInterface(m_entry);
}

HRESULT STDMETHODCALLTYPE FxDriver::CreateDevice(
    IWDFDeviceInitialize *pDeviceInit, IUnknown *pCallbackInterface, IWDFDevice **ppDevice)
{
    std::lock_guard lock(host().world().lock);
    auto *init = FxDeviceInit::from(pDeviceInit);
    trace::ArgsWriter args;
    args.objectRef("pDeviceInit", init ? init->id() : 0);
    args.boolean("pCallbackInterface", pCallbackInterface != nullptr);
    Tracer::Site site = ddiSite(UMDFX_STR("IWDFDriver"), UMDFX_STR("CreateDevice"));
    if (init)
        site.device = trace::intern(init->instanceId());
    TracedCall call(tracer(), site, &args);

    HRESULT hr = S_OK;
    if (!ppDevice) {
        hr = E_POINTER;
    } else if (!init || init->used() || init->driver() != this) {
        // The init object is valid once, for the OnDeviceAdd it was given to (§1.2).
        hr = E_INVALIDARG;
    } else {
        auto *device = new FxDevice(host(), *this, *init, pCallbackInterface);
        init->markUsed(device);
        deviceAdded();
        device->addRef(); // the caller's reference
        *ppDevice = device;
    }
    trace::ArgsWriter out;
    if (SUCCEEDED(hr))
        out.objectRef("ppDevice", static_cast<FxDevice *>(*ppDevice)->id());
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDriver::CreateWdfObject(
    IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFObject **ppWdfObject)
{
    std::lock_guard lock(host().world().lock);
    FxObjectBase *parent = pParentObject ? fromWdfObject(pParentObject) : this;
    trace::ArgsWriter args;
    args.objectRef("pParentObject", parent ? parent->id() : 0);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFDriver"), UMDFX_STR("CreateWdfObject")), &args);
    HRESULT hr = S_OK;
    if (!ppWdfObject) {
        hr = E_POINTER;
    } else if (!parent || parent->lifecycle() != FxLifecycle::Alive) {
        hr = E_INVALIDARG;
    } else {
        auto *o = new FxBaseObject(host(), this, parent);
        o->setCreationCleanup(probe<IObjectCleanup>(*o, pCallbackInterface));
        o->addRef();
        *ppWdfObject = o;
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

static HRESULT createMemory(FxDriver &driver, BYTE *buffer, SIZE_T size, IUnknown *cb,
    IWDFObject *pParent, IWDFMemory **pp, trace::StrId method)
{
    FxObjectBase *parent = pParent ? fromWdfObject(pParent) : &driver;
    trace::ArgsWriter args;
    args.u64("BufferSize", size);
    args.objectRef("pParentObject", parent ? parent->id() : 0);
    TracedCall call(driver.tracer(), driver.ddiSite(UMDFX_STR("IWDFDriver"), method), &args);
    HRESULT hr = S_OK;
    trace::ArgsWriter out;
    if (!pp) {
        hr = E_POINTER;
    } else if (!parent || parent->lifecycle() != FxLifecycle::Alive
        || (!buffer && method == UMDFX_STR("CreatePreallocatedWdfMemory"))) {
        hr = E_INVALIDARG;
    } else {
        auto *m = buffer ? new FxMemory(driver.host(), &driver, parent, buffer, size)
                         : new FxMemory(driver.host(), &driver, parent, size);
        m->setCreationCleanup(probe<IObjectCleanup>(*m, cb));
        m->addRef();
        *pp = m;
        out.objectRef("ppWdfMemory", m->id());
    }
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

HRESULT STDMETHODCALLTYPE FxDriver::CreatePreallocatedWdfMemory(BYTE *pBuff, SIZE_T BufferSize,
    IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFMemory **ppWdfMemory)
{
    std::lock_guard lock(host().world().lock);
    return createMemory(*this, pBuff, BufferSize, pCallbackInterface, pParentObject, ppWdfMemory,
        UMDFX_STR("CreatePreallocatedWdfMemory"));
}

HRESULT STDMETHODCALLTYPE FxDriver::CreateWdfMemory(SIZE_T BufferSize, IUnknown *pCallbackInterface,
    IWDFObject *pParentObject, IWDFMemory **ppWdfMemory)
{
    std::lock_guard lock(host().world().lock);
    return createMemory(*this, nullptr, BufferSize, pCallbackInterface, pParentObject, ppWdfMemory,
        UMDFX_STR("CreateWdfMemory"));
}

// The framework version the simulator implements: UMDF 1.11.
static constexpr ULONG kMajor = 1, kMinor = 11, kService = 0;

BOOL STDMETHODCALLTYPE FxDriver::IsVersionAvailable(UMDF_VERSION_DATA *pMinimumVersion)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDriver"), UMDFX_STR("IsVersionAvailable")));
    BOOL ok = FALSE;
    if (pMinimumVersion) {
        const auto &v = *pMinimumVersion;
        ok = (v.MajorNumber < kMajor || (v.MajorNumber == kMajor && v.MinorNumber < kMinor)
                 || (v.MajorNumber == kMajor && v.MinorNumber == kMinor
                     && v.ServiceNumber <= kService))
            ? TRUE
            : FALSE;
    }
    trace::ArgsWriter out;
    out.boolean("result", ok);
    call.done(std::nullopt, &out);
    return ok;
}

HRESULT STDMETHODCALLTYPE FxDriver::RetrieveVersionString(PWSTR pVersion, DWORD *pdwVersionLength)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFDriver"), UMDFX_STR("RetrieveVersionString")));
    const std::u16string text = u"1.11.0";
    HRESULT hr = S_OK;
    if (!pdwVersionLength) {
        hr = E_POINTER;
    } else {
        const DWORD need = static_cast<DWORD>(text.size() + 1);
        if (pVersion && *pdwVersionLength >= need) {
            std::copy(text.begin(), text.end(), pVersion);
            pVersion[text.size()] = 0;
        } else if (pVersion) {
            hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
        }
        *pdwVersionLength = need;
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

} // namespace umdfx::fx
