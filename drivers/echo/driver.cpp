#include "drivers/echo/driver.h"

#include "drivers/echo/device.h"

namespace echo {

HRESULT CMyDriver::CreateInstance(CMyDriver **driver)
{
    *driver = new CMyDriver();
    return S_OK;
}

HRESULT STDMETHODCALLTYPE CMyDriver::QueryInterface(REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, IID_IDriverEntry)) {
        AddRef();
        *ppv = static_cast<IDriverEntry *>(this);
        return S_OK;
    }
    return CUnknown::QueryInterface(riid, ppv);
}

HRESULT STDMETHODCALLTYPE CMyDriver::OnInitialize(IWDFDriver *)
{
    return S_OK;
}

HRESULT STDMETHODCALLTYPE CMyDriver::OnDeviceAdd(
    IWDFDriver *pWdfDriver, IWDFDeviceInitialize *pWdfDeviceInit)
{
    CMyDevice *device = nullptr;
    HRESULT hr = CMyDevice::CreateInstance(pWdfDriver, pWdfDeviceInit, &device);
    if (SUCCEEDED(hr))
        hr = device->Configure();
    // The framework keeps its own references to the device's callback object.
    if (device)
        device->Release();
    return hr;
}

void STDMETHODCALLTYPE CMyDriver::OnDeinitialize(IWDFDriver *) { }

} // namespace echo
