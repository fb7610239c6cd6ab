/*++

Module Name:

    driver.cpp

Abstract:

    The driver callback object: creates a CMyDevice for every device the host adds.

--*/

#include "internal.h"

#include "driver.tmh"

HRESULT
CMyDriver::CreateInstance(
    _Out_ PCMyDriver *Driver
    )
{
    PCMyDriver driver;

    driver = new CMyDriver();

    if (NULL == driver) {
        return E_OUTOFMEMORY;
    }

    *Driver = driver;
    return S_OK;
}

HRESULT
CMyDriver::QueryInterface(
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Interface
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IDriverEntry))) {
        *Interface = QueryIDriverEntry();
        return S_OK;
    }

    return CUnknown::QueryInterface(InterfaceId, Interface);
}

HRESULT
CMyDriver::OnInitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");
    return S_OK;
}

HRESULT
CMyDriver::OnDeviceAdd(
    _In_ IWDFDriver *FxWdfDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    HRESULT hr;
    PCMyDevice device = NULL;

    hr = CMyDevice::CreateInstance(FxWdfDriver, FxDeviceInit, &device);

    if (SUCCEEDED(hr)) {
        hr = device->Configure();
    }

    //
    // The framework keeps its own references to the device callback object.
    //
    if (NULL != device) {
        device->Release();
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!: %!HRESULT!", hr);

    return hr;
}

VOID
CMyDriver::OnDeinitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");
}
