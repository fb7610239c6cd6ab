/*++

Module Name:

    queue.cpp

Abstract:

    The queue's callbacks. An unknown IOCTL is completed with E_FAIL, as Microsoft's toaster does.

--*/

#include "stdafx.h"
#include "internal.h"
#include "public.h"

#include "queue.tmh"

STDMETHODIMP_(void)
CQueue::OnWrite(
    _In_ IWDFIoQueue * /* pWdfQueue */,
    _In_ IWDFIoRequest *pWdfRequest,
    _In_ SIZE_T NumOfBytesToWrite
    )
{
    CComPtr<IWDFMemory> memory;
    pWdfRequest->GetInputMemory(&memory);
    BYTE data[64];
    SIZE_T length = min(NumOfBytesToWrite, sizeof(data));
    HRESULT hr = memory->CopyToBuffer(0, data, length);
    if (SUCCEEDED(hr)) {
        m_Device->Keep(data, length);
    }
    memory.Release();
    pWdfRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? length : 0);
}

STDMETHODIMP_(void)
CQueue::OnRead(
    _In_ IWDFIoQueue * /* pWdfQueue */,
    _In_ IWDFIoRequest *pWdfRequest,
    _In_ SIZE_T NumOfBytesToRead
    )
{
    BYTE data[64];
    SIZE_T length = m_Device->TakeOldest(data, min(NumOfBytesToRead, sizeof(data)));
    HRESULT hr = S_OK;
    if (length) {
        CComPtr<IWDFMemory> memory;
        pWdfRequest->GetOutputMemory(&memory);
        hr = memory->CopyFromBuffer(0, data, length);
    }
    pWdfRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? length : 0);
}

STDMETHODIMP_(void)
CQueue::OnDeviceIoControl(
    _In_ IWDFIoQueue * /* pWdfQueue */,
    _In_ IWDFIoRequest *pWdfRequest,
    _In_ ULONG ControlCode,
    _In_ SIZE_T InputBufferSizeInBytes,
    _In_ SIZE_T OutputBufferSizeInBytes
    )
{
    HRESULT hr = S_OK;
    SIZE_T information = 0;
    ULONG result = 0;

    switch (ControlCode) {
    case IOCTL_ATLSAMPLE_MAX:
        if (InputBufferSizeInBytes < 2 * sizeof(ULONG) || OutputBufferSizeInBytes < sizeof(ULONG)) {
            hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
        } else {
            ULONG in[2];
            CComPtr<IWDFMemory> input;
            pWdfRequest->GetInputMemory(&input);
            hr = input->CopyToBuffer(0, in, sizeof(in));
            result = max(in[0], in[1]);
        }
        break;
    case IOCTL_ATLSAMPLE_COUNT:
        if (OutputBufferSizeInBytes < sizeof(ULONG)) {
            hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
        } else {
            result = m_Device->Count();
        }
        break;
    default:
        hr = E_FAIL; // an invalid request
        Trace(TRACE_LEVEL_ERROR, "%!FUNC!: unknown control code 0x%x: %!hresult!", ControlCode, hr);
        break;
    }

    if (SUCCEEDED(hr)) {
        CComPtr<IWDFMemory> output;
        pWdfRequest->GetOutputMemory(&output);
        hr = output->CopyFromBuffer(0, &result, sizeof(result));
        information = sizeof(result);
    }
    pWdfRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? information : 0);
}
