/*++

Module Name:

    queue.h

Abstract:

    The default queue's callback object: creates, writes and reads.

--*/

#pragma once

class CMyQueue :
    public CUnknown,
    public IQueueCallbackCreate,
    public IQueueCallbackWrite,
    public IQueueCallbackRead
{
private:

    //
    // Weak: the device outlives its queue.
    //
    PCMyDevice m_Device;
    IWDFIoQueue *m_FxQueue;

    CMyQueue(
        _In_ PCMyDevice Device
        ) :
        m_Device(Device),
        m_FxQueue(NULL)
    {
    }

public:

    static
    HRESULT
    CreateInstance(
        _In_ PCMyDevice Device,
        _Out_ PCMyQueue *Queue
        );

    //
    // IUnknown
    //
    STDMETHOD_(ULONG, AddRef)(
        VOID
        )
    {
        return __super::AddRef();
    }

    _At_(this, __drv_freesMem(object))
    STDMETHOD_(ULONG, Release)(
        VOID
        )
    {
        return __super::Release();
    }

    STDMETHOD_(HRESULT, QueryInterface)(
        _In_ REFIID InterfaceId,
        _Outptr_ PVOID *Object
        );

    //
    // IQueueCallbackCreate
    //
    STDMETHOD_(void, OnCreateFile)(
        _In_ IWDFIoQueue *FxQueue,
        _In_ IWDFIoRequest *FxRequest,
        _In_ IWDFFile *FxFile
        );

    //
    // IQueueCallbackWrite
    //
    STDMETHOD_(void, OnWrite)(
        _In_ IWDFIoQueue *FxQueue,
        _In_ IWDFIoRequest *FxRequest,
        _In_ SIZE_T NumOfBytesToWrite
        );

    //
    // IQueueCallbackRead
    //
    STDMETHOD_(void, OnRead)(
        _In_ IWDFIoQueue *FxQueue,
        _In_ IWDFIoRequest *FxRequest,
        _In_ SIZE_T NumOfBytesToRead
        );
};
