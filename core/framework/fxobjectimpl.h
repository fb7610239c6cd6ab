#pragma once
// Definitions of FxObjectImpl's members; included by the .cpp of each framework object class.

#include "core/framework/fxobject.h"
#include "core/host/driverhost.h"

namespace umdfx::fx {

template<class I> HRESULT STDMETHODCALLTYPE FxObjectImpl<I>::QueryInterface(REFIID riid, void **ppv)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    const char *name = umdfx::wudf::interfaceName(riid);
    args.string("riid", name ? name : "?");
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IUnknown"), UMDFX_STR("QueryInterface")), &args);
    HRESULT hr = E_NOINTERFACE;
    if (!ppv) {
        hr = E_POINTER;
    } else if (riid == IID_IUnknown || riid == IID_IWDFObject || answersInterface(riid)) {
        *ppv = static_cast<I *>(this);
        addRef();
        hr = S_OK;
    } else {
        *ppv = nullptr;
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

template<class I> HRESULT STDMETHODCALLTYPE FxObjectImpl<I>::DeleteWdfObject()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFObject"), UMDFX_STR("DeleteWdfObject")));
    const HRESULT hr = driverDelete();
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

template<class I>
HRESULT STDMETHODCALLTYPE FxObjectImpl<I>::AssignContext(
    IObjectCleanup *pCleanupCallback, void *pContext)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.boolean("pCleanupCallback", pCleanupCallback != nullptr);
    args.boolean("pContext", pContext != nullptr);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFObject"), UMDFX_STR("AssignContext")), &args);
    const HRESULT hr = assignContextImpl(pCleanupCallback, pContext);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

template<class I> HRESULT STDMETHODCALLTYPE FxObjectImpl<I>::RetrieveContext(void **ppvContext)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFObject"), UMDFX_STR("RetrieveContext")));
    const HRESULT hr = retrieveContextImpl(ppvContext);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

template<class I> void STDMETHODCALLTYPE FxObjectImpl<I>::AcquireLock()
{
    // The presentation lock (reference §7.2): the one the framework holds around the callbacks
    // it serializes (FxDevice::SerializedCallback). It is a lock of the calling logical thread,
    // not the world lock: a driver's thread that waits while holding it keeps it, and the
    // framework's serialized callbacks wait for it meanwhile.
    std::lock_guard lock(host().world().lock);
    const Tracer::Site s = ddiSite(UMDFX_STR("IWDFObject"), UMDFX_STR("AcquireLock"));
    CRITICAL_SECTION *const cs = presentationLock();
    trace::ArgsWriter args;
    if (!cs)
        args.string("lock", "none: only device and queue objects have a presentation lock");
    // By hand: the caller may wait for the lock while other threads run.
    const std::uint32_t id = tracer().call(s, &args);
    if (cs)
        host().kernelObjects().enterCriticalSection(cs, "IWDFObject::AcquireLock");
    tracer().ret(s, id, std::nullopt);
}

template<class I> void STDMETHODCALLTYPE FxObjectImpl<I>::ReleaseLock()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFObject"), UMDFX_STR("ReleaseLock")));
    CRITICAL_SECTION *const cs = presentationLock();
    if (cs && !host().kernelObjects().leaveCriticalSection(cs)) {
        trace::ArgsWriter out;
        out.string("lock", "not held by this thread: nothing released");
        call.done(std::nullopt, &out);
    }
}

} // namespace umdfx::fx
