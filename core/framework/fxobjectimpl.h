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
    // The presentation lock is the device's callback lock; every simulated callback already runs
    // under the world lock, so taking that lock gives a driver thread the same exclusion.
    host().world().lock.lock();
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFObject"), UMDFX_STR("AcquireLock")));
}

template<class I> void STDMETHODCALLTYPE FxObjectImpl<I>::ReleaseLock()
{
    {
        TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFObject"), UMDFX_STR("ReleaseLock")));
    }
    host().world().lock.unlock();
}

} // namespace umdfx::fx
