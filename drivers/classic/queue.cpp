/*++

Module Name:

    queue.cpp

Abstract:

    The default queue: sequential, power-managed, zero-length requests completed by the framework.
    A create reports the file name the application opened; a write is stored (up to
    MAX_TRANSFER_SIZE, ERROR_MORE_DATA beyond), a read returns what was stored.

--*/

#include "internal.h"

#include "queue.tmh"

//
// FaultOnWrite 6: runaway recursion, until the stack overflows.
//
static
__declspec(noinline)
ULONG
Recurse(
    _In_ ULONG Depth
    )
{
    volatile UCHAR frame[512];

    frame[0] = (UCHAR)Depth;
    if (Depth == MAXULONG) {
        return 0;
    }
    return Recurse(Depth + 1) + frame[0];
}

//
// FaultOnWrite 4 and 9: the body of a thread the driver creates, which dereferences NULL (4) or
// overflows its stack (9).
//
static
DWORD
WINAPI
FaultingThread(
    _In_ LPVOID Parameter
    )
{
    ULONG * volatile nowhere = NULL;

    if ((ULONG_PTR)Parameter == 9) {
        return Recurse(0);
    }
    *nowhere = 4;
    return 0;
}

//
// FaultOnWrite 7: a function that promises not to throw, and calls one that does.
//
static
__declspec(noinline)
SIZE_T
ThrowingFault(
    _In_ SIZE_T Bytes
    )
{
    if (Bytes != 0) {
        throw std::bad_alloc();
    }
    return Bytes;
}

static
SIZE_T
NoThrowFault(
    _In_ SIZE_T Bytes
    ) throw()
{
    return ThrowingFault(Bytes + 1);
}

//
// The faults a person can ask for (FaultOnWrite), to watch the host die of them. Kinds 1 to 4
// happen in this function, which holds no object with a destructor, so the host unwinds them
// like any exception; 5 to 7 happen where C++ cannot unwind, and the host resumes its entry past
// them (docs/compat.md, "Crash containment").
//
static
__declspec(noinline)
SIZE_T
Fault(
    _In_ ULONG Kind,
    _In_ SIZE_T Bytes
    )
{
    switch (Kind) {
    case 1: {
        ULONG * volatile nowhere = NULL;
        *nowhere = 1;
        break;
    }
    case 2:
        throw std::bad_alloc();
    case 3: {
        volatile ULONG zero = 0;
        Bytes /= zero;
        break;
    }
    case 4:
    case 9: {
        //
        // A thread of the driver's own faults while OnWrite waits for it.
        //
        HANDLE thread = CreateThread(NULL, 0, FaultingThread, (LPVOID)(ULONG_PTR)Kind, 0, NULL);

        if (thread != NULL) {
            WaitForSingleObject(thread, INFINITE);
            CloseHandle(thread);
        }
        break;
    }
    case 6:
        Bytes += Recurse(0);
        break;
    case 7:
        Bytes = NoThrowFault(Bytes);
        break;
    default:
        break;
    }
    return Bytes;
}

HRESULT
CMyQueue::CreateInstance(
    _In_ PCMyDevice Device,
    _Out_ PCMyQueue *Queue
    )
{
    CComPtr<IUnknown> callback;
    CComPtr<IWDFIoQueue> fxQueue;
    PCMyQueue queue;
    HRESULT hr;

    *Queue = NULL;

    queue = new CMyQueue(Device);

    if (NULL == queue) {
        return E_OUTOFMEMORY;
    }

    callback.Attach(queue->QueryIUnknown());

    hr = Device->GetFxDevice()->CreateIoQueue(callback,
                                              TRUE,                          // default queue
                                              WdfIoQueueDispatchSequential,
                                              TRUE,                          // power-managed
                                              FALSE,                         // no zero-length
                                              &fxQueue);

    if (SUCCEEDED(hr)) {
        queue->m_FxQueue = fxQueue; // weak: the device owns its queues
        *Queue = queue;
    } else {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "%!FUNC!: CreateIoQueue %!HRESULT!", hr);
        queue->Release();
    }

    return hr;
}

HRESULT
CMyQueue::QueryInterface(
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackCreate))) {
        *Object = static_cast<IQueueCallbackCreate *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackWrite))) {
        *Object = static_cast<IQueueCallbackWrite *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackRead))) {
        *Object = static_cast<IQueueCallbackRead *>(this);
    } else {
        return CUnknown::QueryInterface(InterfaceId, Object);
    }

    AddRef();
    return S_OK;
}

VOID
CMyQueue::OnCreateFile(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ IWDFFile *FxFile
    )
{
    WCHAR fileName[MAX_PATH];
    DWORD length = 0;
    size_t chars = 0;
    HRESULT hr;

    UNREFERENCED_PARAMETER(FxQueue);

    //
    // The size first, then the name (with its terminating NUL).
    //
    hr = FxFile->RetrieveFileName(NULL, &length);

    if (SUCCEEDED(hr) && length <= _countof(fileName)) {
        hr = FxFile->RetrieveFileName(fileName, &length);
    } else if (SUCCEEDED(hr)) {
        hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }

    if (SUCCEEDED(hr)) {
        hr = StringCchLengthW(fileName, _countof(fileName), &chars);
    }

    if (SUCCEEDED(hr)) {
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "%!FUNC!: opened as \"%S\" (%d characters)",
                    fileName, (int)chars);
    } else {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "%!FUNC!: RetrieveFileName %!HRESULT!", hr);
    }

    FxRequest->Complete(hr);
}

VOID
CMyQueue::OnWrite(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToWrite
    )
{
    CComPtr<IWDFMemory> memory;
    HRESULT hr;

    UNREFERENCED_PARAMETER(FxQueue);

    //
    // The faults a person can ask for (FaultOnWrite), to watch the host die of them.
    //
    if (m_Device->FaultOnWrite() != 0) {
        NumOfBytesToWrite = Fault(m_Device->FaultOnWrite(), NumOfBytesToWrite);
    }

    //
    // FaultOnWrite 8: a bad pointer handed to the framework, which faults writing through it.
    //
    if (m_Device->FaultOnWrite() == 8) {
        FxRequest->GetInputMemory((IWDFMemory **)(ULONG_PTR)0x8);
    }

    FxRequest->GetInputMemory(&memory);

    //
    // FaultOnWrite 5: a NULL pointer write right here, with memory to release.
    //
    if (m_Device->FaultOnWrite() == 5) {
        ULONG * volatile nowhere = NULL;
        *nowhere = 5;
    }

    if (memory == NULL) {
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    } else {
        hr = m_Device->Store(memory, NumOfBytesToWrite);
    }

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "%!FUNC!: %I64u bytes: %!HRESULT!",
                (ULONGLONG)NumOfBytesToWrite, hr);

    //
    // Release the memory object before the request completes: it is the request's.
    //
    memory.Release();

    FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? NumOfBytesToWrite : 0);
}

VOID
CMyQueue::OnRead(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToRead
    )
{
    CComPtr<IWDFMemory> memory;
    SIZE_T copied = 0;

    UNREFERENCED_PARAMETER(FxQueue);

    FxRequest->GetOutputMemory(&memory);

    if (memory != NULL) {
        copied = m_Device->Retrieve(memory, NumOfBytesToRead);
    }

    memory.Release();

    FxRequest->CompleteWithInformation(S_OK, copied);
}
