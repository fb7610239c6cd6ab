/*++

Module Name:

    driver.cpp

Abstract:

    The driver object: makes the device, its callback objects (ATL COM objects), its queue and
    its interface, as the power policy owner with idle settings.

--*/

#include "stdafx.h"
#include "internal.h"
#include "public.h"

#include "driver.tmh"

STDMETHODIMP
CDriver::OnInitialize(
    _In_ IWDFDriver * /* pDriver */
    )
{
    return S_OK;
}

STDMETHODIMP_(void)
CDriver::OnDeinitialize(
    _In_ IWDFDriver * /* pDriver */
    )
{
}

STDMETHODIMP
CDriver::OnDeviceAdd(
    _In_ IWDFDriver *pDriver,
    _In_ IWDFDeviceInitialize *pDeviceInit
    )
{
    pDeviceInit->SetPowerPolicyOwnership(TRUE);

    CComObject<CDevice> *device = NULL;
    HRESULT hr = CComObject<CDevice>::CreateInstance(&device);
    if (FAILED(hr)) {
        return hr;
    }
    CComPtr<IUnknown> deviceCallback(device->GetUnknown());

    CComPtr<IWDFDevice> fxDevice;
    hr = pDriver->CreateDevice(pDeviceInit, deviceCallback, &fxDevice);

    CComObject<CQueue> *queue = NULL;
    if (SUCCEEDED(hr)) {
        hr = CComObject<CQueue>::CreateInstance(&queue);
    }
    CComPtr<IUnknown> queueCallback;
    if (SUCCEEDED(hr)) {
        queue->SetDevice(device);
        queueCallback = queue->GetUnknown();
        CComPtr<IWDFIoQueue> fxQueue;
        hr = fxDevice->CreateIoQueue(queueCallback,
                                     TRUE,
                                     WdfIoQueueDispatchSequential,
                                     FALSE,
                                     FALSE,
                                     &fxQueue);
    }

    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateDeviceInterface(&GUID_DEVINTERFACE_ATLSAMPLE, NULL);
    }

    if (SUCCEEDED(hr)) {
        CComQIPtr<IWDFDevice2> fxDevice2(fxDevice);
        hr = fxDevice2 ? fxDevice2->AssignS0IdleSettings(IdleCannotWakeFromS0,
                                                         PowerDeviceD3,
                                                         5000,
                                                         IdleAllowUserControl,
                                                         WdfTrue)
                       : E_NOINTERFACE;
    }

    Trace(TRACE_LEVEL_INFORMATION, "%!FUNC!: %!hresult!", hr);
    return hr;
}
