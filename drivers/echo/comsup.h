#pragma once
// COM support in the style of the UMDF 1 samples: a reference-counted base for every callback
// object, and the class factory the host asks for the driver object.

#include "core/wudf/wudfddi.h"

#include <atomic>

namespace echo {

class CUnknown : public IUnknown
{
public:
    virtual ~CUnknown() = default;

    // IUnknown
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override;
    ULONG STDMETHODCALLTYPE Release() override;

protected:
    IUnknown *QueryIUnknown()
    {
        AddRef();
        return static_cast<IUnknown *>(this);
    }

private:
    std::atomic<ULONG> m_refs { 1 };
};

class CClassFactory final : public CUnknown, public IClassFactory
{
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override { return CUnknown::AddRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return CUnknown::Release(); }

    HRESULT STDMETHODCALLTYPE CreateInstance(IUnknown *pUnkOuter, REFIID riid, void **ppv) override;
    HRESULT STDMETHODCALLTYPE LockServer(BOOL fLock) override;
};

} // namespace echo
