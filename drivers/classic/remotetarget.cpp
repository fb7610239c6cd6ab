/*++

Module Name:

    remotetarget.cpp

Abstract:

    A remote I/O target on an echo device: opened in the arrival callback (echo is not a SWENUM
    device), then one write and one read of a greeting through it; every removal callback is
    handled as the documentation asks.

--*/

#include "internal.h"

#include "remotetarget.tmh"

static const CHAR c_Greeting[] = "hello from the classic sample";

CMyRemoteTarget::CMyRemoteTarget(
    _In_ PCMyDevice Device
    ) :
    m_Device(Device),
    m_FxTarget(NULL),
    m_FxRequest(NULL),
    m_FxMemory(NULL),
    m_Transfers(0),
    m_PollThread(NULL),
    m_FxPollRequest(NULL),
    m_FxPollMemory(NULL),
    m_StopPolling(0),
    m_Polls(0)
{
    InitializeListHead(&m_Entry);
}

HRESULT
CMyRemoteTarget::CreateInstance(
    _In_ PCMyDevice Device,
    _Out_ PCMyRemoteTarget *Target
    )
{
    *Target = new CMyRemoteTarget(Device);

    return (*Target != NULL) ? S_OK : E_OUTOFMEMORY;
}

HRESULT
CMyRemoteTarget::QueryInterface(
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IRemoteInterfaceCallbackRemoval))) {
        *Object = static_cast<IRemoteInterfaceCallbackRemoval *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IRemoteTargetCallbackRemoval))) {
        *Object = static_cast<IRemoteTargetCallbackRemoval *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IRequestCallbackRequestCompletion))) {
        *Object = static_cast<IRequestCallbackRequestCompletion *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IObjectCleanup))) {
        *Object = static_cast<IObjectCleanup *>(this);
    } else {
        return CUnknown::QueryInterface(InterfaceId, Object);
    }

    AddRef();
    return S_OK;
}

HRESULT
CMyRemoteTarget::Open(
    _In_ IWDFDevice2 *FxDevice,
    _In_ IWDFDriver *FxDriver,
    _In_ IWDFRemoteInterface *FxRemoteInterface
    )
{
    CComPtr<IWDFRemoteTarget> target;
    CComPtr<IWDFIoRequest> request;
    CComPtr<IWDFMemory> memory;
    HRESULT hr;

    //
    // Parented to the remote interface, as Toastmon does: when the interface goes, so do they.
    //
    hr = FxDevice->CreateRemoteTarget(QueryIUnknown(), FxRemoteInterface, &target);
    Release(); // QueryIUnknown's: the framework has its own references

    if (SUCCEEDED(hr)) {
        m_FxTarget = target;
        hr = target->OpenRemoteInterface(FxRemoteInterface, NULL,
                                         GENERIC_READ | GENERIC_WRITE, NULL);
    }

    if (SUCCEEDED(hr)) {
        hr = FxDevice->CreateRequest(NULL, FxRemoteInterface, &request);
    }

    if (SUCCEEDED(hr)) {
        m_FxRequest = request;
        hr = FxDriver->CreateWdfMemory(sizeof(c_Greeting) - 1, NULL, request, &memory);
    }

    if (SUCCEEDED(hr)) {
        m_FxMemory = memory;
        hr = memory->CopyFromBuffer(0, (PVOID)c_Greeting, sizeof(c_Greeting) - 1);
    }

    if (SUCCEEDED(hr)) {
        hr = Send(WdfRequestWrite);
    }

    //
    // Toastmon's way: a thread that keeps talking to the target while it is there.
    //
    if (SUCCEEDED(hr) && m_Device->PollEcho()) {
        CComPtr<IWDFIoRequest> pollRequest;
        CComPtr<IWDFMemory> pollMemory;

        hr = FxDevice->CreateRequest(NULL, FxRemoteInterface, &pollRequest);
        if (SUCCEEDED(hr)) {
            m_FxPollRequest = pollRequest;
            hr = FxDriver->CreateWdfMemory(sizeof(c_Greeting) - 1, NULL, pollRequest, &pollMemory);
        }
        if (SUCCEEDED(hr)) {
            m_FxPollMemory = pollMemory;
            hr = pollMemory->CopyFromBuffer(0, (PVOID)c_Greeting, sizeof(c_Greeting) - 1);
        }
        if (SUCCEEDED(hr)) {
            m_PollThread = CreateThread(NULL, 0, PollThread, this, 0, NULL);
            if (NULL == m_PollThread) {
                hr = HRESULT_FROM_WIN32(GetLastError());
            }
        }
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!: %!HRESULT!", hr);

    return hr;
}

HRESULT
CMyRemoteTarget::Send(
    _In_ WDF_REQUEST_TYPE Type
    )
{
    HRESULT hr;

    if (WdfRequestWrite == Type) {
        hr = m_FxTarget->FormatRequestForWrite(m_FxRequest, NULL, m_FxMemory, NULL, NULL);
    } else {
        hr = m_FxTarget->FormatRequestForRead(m_FxRequest, NULL, m_FxMemory, NULL, NULL);
    }

    if (SUCCEEDED(hr)) {
        m_FxRequest->SetCompletionCallback(this, NULL);
        hr = m_FxRequest->Send(m_FxTarget, 0, 0);
    }

    return hr;
}

VOID
CMyRemoteTarget::OnCompletion(
    _In_ IWDFIoRequest *FxRequest,
    _In_ IWDFIoTarget *FxIoTarget,
    _In_ IWDFRequestCompletionParams *Params,
    _In_ PVOID Context
    )
{
    CComQIPtr<IWDFIoRequest2> request2(FxRequest);
    HRESULT status = Params->GetCompletionStatus();
    ULONG_PTR information = Params->GetInformation();
    WDF_REQUEST_TYPE type = Params->GetCompletedRequestType();

    UNREFERENCED_PARAMETER(FxIoTarget);
    UNREFERENCED_PARAMETER(Context);

    InterlockedIncrement(&m_Transfers);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!: %s of %I64u bytes: %!HRESULT!",
                WdfRequestWrite == type ? "write" : "read", (ULONGLONG)information, status);

    //
    // Ready for the next send; after the write, read the greeting back once.
    //
    request2->Reuse(S_OK);

    if (SUCCEEDED(status) && WdfRequestWrite == type) {
        Send(WdfRequestRead);
    }
}

DWORD
WINAPI
CMyRemoteTarget::PollThread(
    _In_ LPVOID Parameter
    )
{
    static_cast<CMyRemoteTarget *>(Parameter)->Poll();
    return 0;
}

VOID
CMyRemoteTarget::Poll(
    VOID
    )
{
    //
    // Every 100 ms the target's state decides. Started: one synchronous write (the thread waits
    // in Send while the echo device handles it). Closed for a query-remove: wait for the outcome.
    // Gone: nothing more to do.
    //
    while (0 == m_StopPolling) {
        Sleep(100);
        if (0 != m_StopPolling) {
            break;
        }
        WDF_IO_TARGET_STATE state = m_FxTarget->GetState();
        if (WdfIoTargetStarted == state) {
            CComQIPtr<IWDFIoRequest2> request2(m_FxPollRequest);
            CComPtr<IWDFRequestCompletionParams> params;
            HRESULT hr = m_FxTarget->FormatRequestForWrite(m_FxPollRequest, NULL, m_FxPollMemory,
                                                           NULL, NULL);
            if (SUCCEEDED(hr)) {
                hr = m_FxPollRequest->Send(m_FxTarget, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0);
            }
            if (SUCCEEDED(hr)) {
                m_FxPollRequest->GetCompletionParams(&params);
                hr = params->GetCompletionStatus();
            }
            InterlockedIncrement(&m_Polls);
            TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_DEVICE, "%!FUNC!: poll %d: %!HRESULT!",
                        m_Polls, hr);
            request2->Reuse(S_OK);
        } else if (WdfIoTargetClosed == state || WdfIoTargetDeleted == state) {
            break;
        }
    }
}

VOID
CMyRemoteTarget::OnRemoteInterfaceRemoval(
    _In_ IWDFRemoteInterface *FxRemoteInterface
    )
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!");

    //
    // Deleting the remote interface deletes its children: the target and the request.
    //
    FxRemoteInterface->DeleteWdfObject();
}

BOOL
CMyRemoteTarget::OnRemoteTargetQueryRemove(
    _In_ IWDFRemoteTarget *FxTarget
    )
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!: letting it go");

    FxTarget->CloseForQueryRemove();
    return TRUE;
}

VOID
CMyRemoteTarget::OnRemoteTargetRemoveCanceled(
    _In_ IWDFRemoteTarget *FxTarget
    )
{
    HRESULT hr = FxTarget->Reopen();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!: Reopen %!HRESULT!", hr);

    if (FAILED(hr)) {
        FxTarget->Close();
    }
}

VOID
CMyRemoteTarget::OnRemoteTargetRemoveComplete(
    _In_ IWDFRemoteTarget *FxTarget
    )
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!");

    FxTarget->Close();
}

VOID
CMyRemoteTarget::OnCleanup(
    _In_ IWDFObject *FxObject
    )
{
    UNREFERENCED_PARAMETER(FxObject);

    //
    // The polling thread may be in the middle of a send: tell it to stop and wait for it, as
    // Toastmon's cleanup does, before the objects it uses go.
    //
    if (NULL != m_PollThread) {
        InterlockedExchange(&m_StopPolling, 1);
        WaitForSingleObject(m_PollThread, INFINITE);
        CloseHandle(m_PollThread);
        m_PollThread = NULL;
    }
    m_FxPollRequest = NULL;
    m_FxPollMemory = NULL;

    //
    // The target is being deleted: forget it (its parent, the remote interface, went away).
    //
    m_FxTarget = NULL;
    m_FxRequest = NULL;
    m_FxMemory = NULL;
    m_Device->ForgetRemoteTarget(this);
}
