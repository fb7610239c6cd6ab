/*++

Module Name:

    threadecho.cpp

Abstract:

    An echo driver whose requests are completed by a thread of its own, as the Windows echo
    sample does it: OnWrite and OnRead only park the request; the completion thread wakes every
    100 ms, takes the parked request under the queue's critical section, and completes it after
    leaving the lock. On cleanup the device asks the thread to exit and waits for it, while the
    thread may still be completing a request through the framework.

    Device interface {7a1c9e52-3b6d-4f08-a2e4-5d9c1b7f3e60}; writes keep up to 4 KiB, reads
    return what the last write kept. Device parameter ForgetToStopThread = 1 makes the classic
    mistake: cleanup waits for the thread without telling it to exit, a wait that never ends.
    SpinRounds = N makes the thread busy-loop N million rounds before its first sleep, calling
    nothing: a thread that never reaches a switch point.
    PoolHandOff = 1 completes each write from a thread-pool work item (QueueUserWorkItem)
    instead; the work item then stays until cleanup releases it (an event) and waits for it to
    say it is done (another event): a callback that waits for pool work that itself waits.
    LockedPoll = 1 makes the thread take the queue's presentation lock (IWDFObject::AcquireLock)
    for each poll and hold it across a 50 ms Sleep: the framework presents no request meanwhile.
    LockedPoll = 2 also makes OnWrite wait until the thread has polled: OnWrite holds the lock
    the thread then waits for, the deadlock the AcquireLock documentation warns of.

--*/

#include <windows.h>
#include <wudfddi.h>

// {3E9B7C21-5A48-4D1F-8E6B-2C7D9A0F1B34}
static const CLSID CLSID_ThreadEchoDriver
    = { 0x3e9b7c21, 0x5a48, 0x4d1f, { 0x8e, 0x6b, 0x2c, 0x7d, 0x9a, 0x0f, 0x1b, 0x34 } };
// {7A1C9E52-3B6D-4F08-A2E4-5D9C1B7F3E60}
static const GUID GUID_DEVINTERFACE_THREADECHO
    = { 0x7a1c9e52, 0x3b6d, 0x4f08, { 0xa2, 0xe4, 0x5d, 0x9c, 0x1b, 0x7f, 0x3e, 0x60 } };

#define COMPLETION_PERIOD_MS 100
#define MAX_ECHO_BYTES 4096
#define LOCK_HOLD_MS 50

//
// The IUnknown every callback object here shares: a reference count and nothing else.
//
class CUnknownBase
{
protected:
    LONG m_Refs;
    CUnknownBase() : m_Refs(1) {}
    virtual ~CUnknownBase() {}
    ULONG AddRefImpl() { return InterlockedIncrement(&m_Refs); }
    ULONG ReleaseImpl()
    {
        LONG refs = InterlockedDecrement(&m_Refs);
        if (refs == 0) {
            delete this;
        }
        return refs;
    }
};

#define IMPLEMENT_REFCOUNT()                                                                      \
    STDMETHOD_(ULONG, AddRef)() { return AddRefImpl(); }                                          \
    STDMETHOD_(ULONG, Release)() { return ReleaseImpl(); }

//
// The queue: parks one request at a time for the completion thread.
//
class CEchoQueue : public CUnknownBase, public IQueueCallbackWrite, public IQueueCallbackRead
{
public:
    CRITICAL_SECTION m_Lock;
    IWDFIoRequest *m_CurrentRequest; // parked, referenced
    SIZE_T m_Information;
    BYTE m_Buffer[MAX_ECHO_BYTES];
    SIZE_T m_Length;
    volatile LONG m_ExitThread;
    ULONG m_SpinRounds;
    BOOL m_PoolHandOff;
    HANDLE m_PoolRelease; // manual-reset: cleanup lets the pool work go
    HANDLE m_PoolDone; // manual-reset: the pool work has ended
    LONG m_PoolPending; // pool work items queued and not yet ended
    ULONG m_LockedPoll;
    IWDFIoQueue *m_FxQueue; // not referenced: the framework's queue outlives the thread
    HANDLE m_Polled; // auto-reset: the thread finished a locked poll

    CEchoQueue()
        : m_CurrentRequest(NULL), m_Information(0), m_Length(0), m_ExitThread(0), m_SpinRounds(0),
          m_PoolHandOff(FALSE), m_PoolPending(0), m_LockedPoll(0), m_FxQueue(NULL)
    {
        m_Polled = CreateEvent(NULL, FALSE, FALSE, NULL);
        InitializeCriticalSectionAndSpinCount(&m_Lock, 0x80000400);
        m_PoolRelease = CreateEvent(NULL, TRUE, FALSE, NULL);
        m_PoolDone = CreateEvent(NULL, TRUE, TRUE, NULL);
    }
    ~CEchoQueue()
    {
        CloseHandle(m_Polled);
        CloseHandle(m_PoolDone);
        CloseHandle(m_PoolRelease);
        DeleteCriticalSection(&m_Lock);
    }

    IMPLEMENT_REFCOUNT()

    STDMETHOD(QueryInterface)(REFIID riid, void **ppv)
    {
        if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IQueueCallbackWrite))) {
            *ppv = static_cast<IQueueCallbackWrite *>(this);
        } else if (IsEqualIID(riid, __uuidof(IQueueCallbackRead))) {
            *ppv = static_cast<IQueueCallbackRead *>(this);
        } else {
            *ppv = NULL;
            return E_NOINTERFACE;
        }
        AddRef();
        return S_OK;
    }

    void Park(IWDFIoRequest *FxRequest, SIZE_T Information)
    {
        EnterCriticalSection(&m_Lock);
        FxRequest->AddRef();
        m_CurrentRequest = FxRequest;
        m_Information = Information;
        LeaveCriticalSection(&m_Lock);
    }

    STDMETHOD_(void, OnWrite)(IWDFIoQueue *, IWDFIoRequest *FxRequest, SIZE_T NumOfBytesToWrite)
    {
        IWDFMemory *memory = NULL;
        FxRequest->GetInputMemory(&memory);
        SIZE_T size = 0;
        void *data = memory->GetDataBuffer(&size);
        if (NumOfBytesToWrite > MAX_ECHO_BYTES) {
            memory->Release();
            FxRequest->CompleteWithInformation(HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER), 0);
            return;
        }
        EnterCriticalSection(&m_Lock);
        CopyMemory(m_Buffer, data, NumOfBytesToWrite);
        m_Length = NumOfBytesToWrite;
        LeaveCriticalSection(&m_Lock);
        memory->Release();
        if (m_PoolHandOff) {
            Park(FxRequest, NumOfBytesToWrite);
            if (InterlockedIncrement(&m_PoolPending) == 1) {
                ResetEvent(m_PoolDone);
            }
            AddRef();
            if (!QueueUserWorkItem(PoolCompletion, this, WT_EXECUTEDEFAULT)) {
                PoolEnded();
            }
            return;
        }
        Park(FxRequest, NumOfBytesToWrite);
        if (m_LockedPoll == 2) {
            WaitForSingleObject(m_Polled, INFINITE);
        }
    }

    void PoolEnded()
    {
        if (InterlockedDecrement(&m_PoolPending) == 0) {
            SetEvent(m_PoolDone);
        }
        Release();
    }

    //
    // A pool work item: completes the parked write at once, then stays until cleanup lets it go.
    //
    static DWORD WINAPI PoolCompletion(LPVOID Parameter)
    {
        CEchoQueue *queue = (CEchoQueue *)Parameter;
        EnterCriticalSection(&queue->m_Lock);
        IWDFIoRequest *request = queue->m_CurrentRequest;
        SIZE_T information = queue->m_Information;
        queue->m_CurrentRequest = NULL;
        LeaveCriticalSection(&queue->m_Lock);
        if (request != NULL) {
            request->CompleteWithInformation(S_OK, information);
            request->Release();
        }
        WaitForSingleObject(queue->m_PoolRelease, INFINITE);
        queue->PoolEnded();
        return 0;
    }

    STDMETHOD_(void, OnRead)(IWDFIoQueue *, IWDFIoRequest *FxRequest, SIZE_T NumOfBytesToRead)
    {
        IWDFMemory *memory = NULL;
        FxRequest->GetOutputMemory(&memory);
        EnterCriticalSection(&m_Lock);
        SIZE_T copied = NumOfBytesToRead < m_Length ? NumOfBytesToRead : m_Length;
        HRESULT hr = memory->CopyFromBuffer(0, m_Buffer, copied);
        LeaveCriticalSection(&m_Lock);
        memory->Release();
        if (FAILED(hr)) {
            FxRequest->CompleteWithInformation(hr, 0);
            return;
        }
        Park(FxRequest, copied);
    }

    //
    // The completion thread: the framework is called with no lock of the driver's held.
    //
    static DWORD WINAPI CompletionThread(LPVOID Parameter)
    {
        CEchoQueue *queue = (CEchoQueue *)Parameter;
        for (ULONG round = 0; round < queue->m_SpinRounds; round++) {
            for (volatile ULONG i = 0; i < 1000000; i = i + 1) {
            }
        }
        for (;;) {
            Sleep(COMPLETION_PERIOD_MS);
            if (queue->m_LockedPoll) {
                queue->m_FxQueue->AcquireLock();
                Sleep(LOCK_HOLD_MS);
            }
            EnterCriticalSection(&queue->m_Lock);
            IWDFIoRequest *request = queue->m_CurrentRequest;
            SIZE_T information = queue->m_Information;
            queue->m_CurrentRequest = NULL;
            LeaveCriticalSection(&queue->m_Lock);
            if (queue->m_LockedPoll) {
                queue->m_FxQueue->ReleaseLock();
                SetEvent(queue->m_Polled);
            }
            if (request != NULL) {
                request->CompleteWithInformation(S_OK, information);
                request->Release();
            }
            if (queue->m_ExitThread) {
                ExitThread(0);
            }
        }
    }
};

//
// The device: owns the completion thread from OnSelfManagedIoInit to OnSelfManagedIoCleanup.
//
class CEchoDevice : public CUnknownBase, public IPnpCallbackSelfManagedIo
{
public:
    CEchoQueue *m_Queue; // referenced
    HANDLE m_Thread;
    BOOL m_ForgetToStopThread;

    CEchoDevice() : m_Queue(NULL), m_Thread(NULL), m_ForgetToStopThread(FALSE) {}
    ~CEchoDevice()
    {
        if (m_Queue != NULL) {
            m_Queue->Release();
        }
    }

    IMPLEMENT_REFCOUNT()

    STDMETHOD(QueryInterface)(REFIID riid, void **ppv)
    {
        if (IsEqualIID(riid, __uuidof(IUnknown))
            || IsEqualIID(riid, __uuidof(IPnpCallbackSelfManagedIo))) {
            *ppv = static_cast<IPnpCallbackSelfManagedIo *>(this);
            AddRef();
            return S_OK;
        }
        *ppv = NULL;
        return E_NOINTERFACE;
    }

    STDMETHOD_(HRESULT, OnSelfManagedIoInit)(IWDFDevice *)
    {
        m_Thread = CreateThread(NULL, 0, CEchoQueue::CompletionThread, m_Queue, 0, NULL);
        return m_Thread != NULL ? S_OK : HRESULT_FROM_WIN32(GetLastError());
    }
    STDMETHOD_(void, OnSelfManagedIoCleanup)(IWDFDevice *)
    {
        if (m_Queue->m_PoolHandOff) {
            SetEvent(m_Queue->m_PoolRelease);
            WaitForSingleObject(m_Queue->m_PoolDone, INFINITE);
        }
        if (m_Thread != NULL) {
            if (!m_ForgetToStopThread) {
                InterlockedExchange(&m_Queue->m_ExitThread, 1);
            }
            WaitForSingleObject(m_Thread, INFINITE);
            CloseHandle(m_Thread);
            m_Thread = NULL;
        }
    }
    STDMETHOD_(void, OnSelfManagedIoFlush)(IWDFDevice *) {}
    STDMETHOD_(HRESULT, OnSelfManagedIoSuspend)(IWDFDevice *) { return S_OK; }
    STDMETHOD_(HRESULT, OnSelfManagedIoRestart)(IWDFDevice *) { return S_OK; }
    STDMETHOD_(HRESULT, OnSelfManagedIoStop)(IWDFDevice *) { return S_OK; }
};

class CEchoDriver : public CUnknownBase, public IDriverEntry
{
public:
    IMPLEMENT_REFCOUNT()

    STDMETHOD(QueryInterface)(REFIID riid, void **ppv)
    {
        if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IDriverEntry))) {
            *ppv = static_cast<IDriverEntry *>(this);
            AddRef();
            return S_OK;
        }
        *ppv = NULL;
        return E_NOINTERFACE;
    }

    STDMETHOD(OnInitialize)(IWDFDriver *) { return S_OK; }
    STDMETHOD_(void, OnDeinitialize)(IWDFDriver *) {}

    STDMETHOD(OnDeviceAdd)(IWDFDriver *FxDriver, IWDFDeviceInitialize *FxDeviceInit)
    {
        CEchoDevice *device = new CEchoDevice();
        device->m_Queue = new CEchoQueue();
        IWDFNamedPropertyStore *store = NULL;
        if (SUCCEEDED(FxDeviceInit->RetrieveDevicePropertyStore(
                NULL, WdfPropertyStoreNormal, &store, NULL))) {
            PROPVARIANT value;
            PropVariantInit(&value);
            if (SUCCEEDED(store->GetNamedValue(L"ForgetToStopThread", &value))
                && value.vt == VT_UI4) {
                device->m_ForgetToStopThread = value.ulVal != 0;
            }
            PropVariantClear(&value);
            if (SUCCEEDED(store->GetNamedValue(L"SpinRounds", &value)) && value.vt == VT_UI4) {
                device->m_Queue->m_SpinRounds = value.ulVal;
            }
            PropVariantClear(&value);
            if (SUCCEEDED(store->GetNamedValue(L"PoolHandOff", &value)) && value.vt == VT_UI4) {
                device->m_Queue->m_PoolHandOff = value.ulVal != 0;
            }
            PropVariantClear(&value);
            if (SUCCEEDED(store->GetNamedValue(L"LockedPoll", &value)) && value.vt == VT_UI4) {
                device->m_Queue->m_LockedPoll = value.ulVal;
            }
            PropVariantClear(&value);
            store->Release();
        }
        IWDFDevice *fxDevice = NULL;
        HRESULT hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IPnpCallbackSelfManagedIo *>(device), &fxDevice);
        if (SUCCEEDED(hr)) {
            IWDFIoQueue *fxQueue = NULL;
            hr = fxDevice->CreateIoQueue(static_cast<IQueueCallbackWrite *>(device->m_Queue), TRUE,
                WdfIoQueueDispatchSequential, FALSE, FALSE, &fxQueue);
            if (SUCCEEDED(hr)) {
                device->m_Queue->m_FxQueue = fxQueue;
                fxQueue->Release();
                hr = fxDevice->CreateDeviceInterface(&GUID_DEVINTERFACE_THREADECHO, NULL);
            }
            if (SUCCEEDED(hr)) {
                hr = fxDevice->AssignDeviceInterfaceState(&GUID_DEVINTERFACE_THREADECHO, NULL, TRUE);
            }
            fxDevice->Release();
        }
        device->Release();
        return hr;
    }
};

class CClassFactory : public CUnknownBase, public IClassFactory
{
public:
    IMPLEMENT_REFCOUNT()

    STDMETHOD(QueryInterface)(REFIID riid, void **ppv)
    {
        if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IClassFactory))) {
            *ppv = static_cast<IClassFactory *>(this);
            AddRef();
            return S_OK;
        }
        *ppv = NULL;
        return E_NOINTERFACE;
    }

    STDMETHOD(CreateInstance)(IUnknown *Outer, REFIID riid, void **ppv)
    {
        if (Outer != NULL) {
            return CLASS_E_NOAGGREGATION;
        }
        CEchoDriver *driver = new CEchoDriver();
        HRESULT hr = driver->QueryInterface(riid, ppv);
        driver->Release();
        return hr;
    }
    STDMETHOD(LockServer)(BOOL) { return S_OK; }
};

STDAPI
DllGetClassObject(REFCLSID ClassId, REFIID InterfaceId, LPVOID *Interface)
{
    *Interface = NULL;
    if (!IsEqualCLSID(ClassId, CLSID_ThreadEchoDriver)) {
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    CClassFactory *factory = new CClassFactory();
    HRESULT hr = factory->QueryInterface(InterfaceId, Interface);
    factory->Release();
    return hr;
}
