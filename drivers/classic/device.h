/*++

Module Name:

    device.h

Abstract:

    The device callback object: hardware and file callbacks, the echo buffer, and the remote
    targets the device opens on the echo devices it finds (when it watches them).

--*/

#pragma once

class CMyDevice :
    public CUnknown,
    public IPnpCallbackHardware,
    public IPnpCallbackRemoteInterfaceNotification,
    public IFileCallbackCleanup
{
private:

    //
    // Weak: the framework owns the device; a reference here would never let it go.
    //
    IWDFDevice *m_FxDevice;
    IWDFDriver *m_FxDriver;

    PCMyQueue m_DefaultQueue;

    //
    // The echo buffer, shared by the queue's write and read callbacks.
    //
    CRITICAL_SECTION m_Lock;
    BYTE m_Buffer[MAX_TRANSFER_SIZE];
    SIZE_T m_BufferLength;

    //
    // Device parameters (the INF's AddReg, the scenario's parameters).
    //
    BOOL m_WatchEcho;

    //
    // PollEcho = 1: each remote target also gets a thread of its own that, as Toastmon's does,
    // wakes every 100 ms, asks the target's state and, while it is started, writes to it
    // synchronously; the target's cleanup waits for that thread.
    //
    BOOL m_PollEcho;

    //
    // FaultOnWrite: 0 none; 1 a NULL pointer write, 2 a C++ exception, 3 an integer divide by
    // zero, 4 a NULL pointer write on a thread of the driver's own, 5 a NULL pointer write in
    // OnWrite itself (a CComPtr in scope), 6 a stack overflow, 7 a C++ exception out of a
    // function declared throw(), 8 a bad pointer given to IWDFIoRequest::GetInputMemory (the
    // framework faults), 9 a stack overflow on a thread of the driver's own. For seeing what a crashing driver does to its host (README).
    //
    ULONG m_FaultOnWrite;

    //
    // The remote targets this device has open (CMyRemoteTarget::m_Entry).
    //
    LIST_ENTRY m_RemoteTargets;

    CMyDevice(
        VOID
        );

    ~CMyDevice(
        VOID
        );

    HRESULT
    Initialize(
        _In_ IWDFDriver *FxDriver,
        _In_ IWDFDeviceInitialize *FxDeviceInit
        );

    HRESULT
    ReadSettings(
        _In_ IWDFDeviceInitialize *FxDeviceInit
        );

public:

    static
    HRESULT
    CreateInstance(
        _In_ IWDFDriver *FxDriver,
        _In_ IWDFDeviceInitialize *FxDeviceInit,
        _Out_ PCMyDevice *Device
        );

    HRESULT
    Configure(
        VOID
        );

    IWDFDevice *
    GetFxDevice(
        VOID
        )
    {
        return m_FxDevice;
    }

    ULONG
    FaultOnWrite(
        VOID
        )
    {
        return m_FaultOnWrite;
    }

    BOOL
    PollEcho(
        VOID
        )
    {
        return m_PollEcho;
    }

    //
    // The echo buffer.
    //
    HRESULT
    Store(
        _In_ IWDFMemory *Memory,
        _In_ SIZE_T Length
        );

    SIZE_T
    Retrieve(
        _In_ IWDFMemory *Memory,
        _In_ SIZE_T Length
        );

    VOID
    ForgetRemoteTarget(
        _In_ PCMyRemoteTarget Target
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
    // IPnpCallbackHardware
    //
    STDMETHOD_(HRESULT, OnPrepareHardware)(
        _In_ IWDFDevice *FxDevice
        );

    STDMETHOD_(HRESULT, OnReleaseHardware)(
        _In_ IWDFDevice *FxDevice
        );

    //
    // IPnpCallbackRemoteInterfaceNotification
    //
    STDMETHOD_(void, OnRemoteInterfaceArrival)(
        _In_ IWDFRemoteInterfaceInitialize *FxRemoteInterfaceInit
        );

    //
    // IFileCallbackCleanup
    //
    STDMETHOD_(VOID, OnCleanupFile)(
        _In_ IWDFFile *FxFile
        );
};
