/*++

Module Name:

    queue.h

Abstract:

    The default queue's callback object: writes are kept, reads give back the oldest, two IOCTLs.

--*/

#pragma once

class ATL_NO_VTABLE CQueue :
    public CComObjectRootEx<CComMultiThreadModel>,
    public IQueueCallbackWrite,
    public IQueueCallbackRead,
    public IQueueCallbackDeviceIoControl
{
public:
    BEGIN_COM_MAP(CQueue)
        COM_INTERFACE_ENTRY(IQueueCallbackWrite)
        COM_INTERFACE_ENTRY(IQueueCallbackRead)
        COM_INTERFACE_ENTRY(IQueueCallbackDeviceIoControl)
    END_COM_MAP()

    VOID
    SetDevice(
        _In_ CDevice *Device
        )
    {
        m_Device = Device;
    }

    STDMETHOD_(void, OnWrite)(
        _In_ IWDFIoQueue *pWdfQueue,
        _In_ IWDFIoRequest *pWdfRequest,
        _In_ SIZE_T NumOfBytesToWrite
        );
    STDMETHOD_(void, OnRead)(
        _In_ IWDFIoQueue *pWdfQueue,
        _In_ IWDFIoRequest *pWdfRequest,
        _In_ SIZE_T NumOfBytesToRead
        );
    STDMETHOD_(void, OnDeviceIoControl)(
        _In_ IWDFIoQueue *pWdfQueue,
        _In_ IWDFIoRequest *pWdfRequest,
        _In_ ULONG ControlCode,
        _In_ SIZE_T InputBufferSizeInBytes,
        _In_ SIZE_T OutputBufferSizeInBytes
        );

private:
    CDevice *m_Device = NULL; // not referenced: the device callback object outlives its queues
};
