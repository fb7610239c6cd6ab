#pragma once

#include "drivers/echo/comsup.h"

namespace echo {

// The driver callback object: IDriverEntry. Creates one CMyDevice per device the host adds.
class CMyDriver final : public CUnknown, public IDriverEntry
{
public:
    static HRESULT CreateInstance(CMyDriver **driver);

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override { return CUnknown::AddRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return CUnknown::Release(); }

    HRESULT STDMETHODCALLTYPE OnInitialize(IWDFDriver *pWdfDriver) override;
    HRESULT STDMETHODCALLTYPE OnDeviceAdd(
        IWDFDriver *pWdfDriver, IWDFDeviceInitialize *pWdfDeviceInit) override;
    void STDMETHODCALLTYPE OnDeinitialize(IWDFDriver *pWdfDriver) override;

private:
    CMyDriver() = default;
};

} // namespace echo
