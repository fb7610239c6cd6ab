/*++

Module Name:

    remotetarget.h

Abstract:

    One remote I/O target on an echo device, in the style of the Toastmon sample: the callback
    object of the remote interface (removal) and of the remote target (query-remove, cancel,
    remove-complete, I/O completion). It writes a greeting to the echo device and reads it back.

--*/

#pragma once

class CMyRemoteTarget :
    public CUnknown,
    public IRemoteInterfaceCallbackRemoval,
    public IRemoteTargetCallbackRemoval,
    public IRequestCallbackRequestCompletion,
    public IObjectCleanup
{
public:

    //
    // In the device's list of targets (CMyDevice::m_RemoteTargets).
    //
    LIST_ENTRY m_Entry;

private:

    PCMyDevice m_Device;                    // weak: the device outlives its targets
    IWDFRemoteTarget *m_FxTarget;           // weak: parented to the remote interface
    IWDFIoRequest *m_FxRequest;             // weak: parented to the remote interface
    IWDFMemory *m_FxMemory;                 // weak: parented to the request
    LONG m_Transfers;

    //
    // The polling thread (device parameter PollEcho): its handle, its own request and buffer
    // (weak, parented to the remote interface), and the flag that tells it to end.
    //
    HANDLE m_PollThread;
    IWDFIoRequest *m_FxPollRequest;
    IWDFMemory *m_FxPollMemory;
    volatile LONG m_StopPolling;
    LONG m_Polls;

    static
    DWORD
    WINAPI
    PollThread(
        _In_ LPVOID Parameter
        );

    VOID
    Poll(
        VOID
        );

    CMyRemoteTarget(
        _In_ PCMyDevice Device
        );

    HRESULT
    Send(
        _In_ WDF_REQUEST_TYPE Type
        );

public:

    static
    HRESULT
    CreateInstance(
        _In_ PCMyDevice Device,
        _Out_ PCMyRemoteTarget *Target
        );

    HRESULT
    Open(
        _In_ IWDFDevice2 *FxDevice,
        _In_ IWDFDriver *FxDriver,
        _In_ IWDFRemoteInterface *FxRemoteInterface
        );

    PLIST_ENTRY
    ListEntry(
        VOID
        )
    {
        return &m_Entry;
    }

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
    // IRemoteInterfaceCallbackRemoval
    //
    STDMETHOD_(void, OnRemoteInterfaceRemoval)(
        _In_ IWDFRemoteInterface *FxRemoteInterface
        );

    //
    // IRemoteTargetCallbackRemoval
    //
    STDMETHOD_(BOOL, OnRemoteTargetQueryRemove)(
        _In_ IWDFRemoteTarget *FxTarget
        );

    STDMETHOD_(VOID, OnRemoteTargetRemoveCanceled)(
        _In_ IWDFRemoteTarget *FxTarget
        );

    STDMETHOD_(VOID, OnRemoteTargetRemoveComplete)(
        _In_ IWDFRemoteTarget *FxTarget
        );

    //
    // IRequestCallbackRequestCompletion
    //
    STDMETHOD_(void, OnCompletion)(
        _In_ IWDFIoRequest *FxRequest,
        _In_ IWDFIoTarget *FxIoTarget,
        _In_ IWDFRequestCompletionParams *Params,
        _In_ PVOID Context
        );

    //
    // IObjectCleanup
    //
    STDMETHOD_(void, OnCleanup)(
        _In_ IWDFObject *FxObject
        );
};
