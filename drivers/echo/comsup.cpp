#include "drivers/echo/comsup.h"

#include "drivers/echo/driver.h"

namespace echo {

HRESULT STDMETHODCALLTYPE CUnknown::QueryInterface(REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, IID_IUnknown)) {
        *ppv = QueryIUnknown();
        return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
}

ULONG STDMETHODCALLTYPE CUnknown::AddRef()
{
    return ++m_refs;
}

ULONG STDMETHODCALLTYPE CUnknown::Release()
{
    const ULONG refs = --m_refs;
    if (refs == 0)
        delete this;
    return refs;
}

HRESULT STDMETHODCALLTYPE CClassFactory::QueryInterface(REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, IID_IClassFactory)) {
        AddRef();
        *ppv = static_cast<IClassFactory *>(this);
        return S_OK;
    }
    return CUnknown::QueryInterface(riid, ppv);
}

HRESULT STDMETHODCALLTYPE CClassFactory::CreateInstance(
    IUnknown *pUnkOuter, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = nullptr;
    if (pUnkOuter)
        return E_INVALIDARG; // no aggregation (CLASS_E_NOAGGREGATION in COM proper)
    CMyDriver *driver = nullptr;
    HRESULT hr = CMyDriver::CreateInstance(&driver);
    if (SUCCEEDED(hr)) {
        hr = driver->QueryInterface(riid, ppv);
        driver->Release();
    }
    return hr;
}

HRESULT STDMETHODCALLTYPE CClassFactory::LockServer(BOOL)
{
    return S_OK;
}

} // namespace echo
