// The buggy sample (see buggydriver.h): the classic UMDF 1 shape — driver object, device callback
// object, queue callback object, remote-interface callback object — with one deliberate mistake
// switched on by the scenario. Every mistake is written the way it happens in real drivers, so
// that the verifier finding it produces reads like the bug report it would be.
#include "drivers/buggy/buggydriver.h"

#include "core/wudf/guid.h"
#include "core/wudf/win32host.h"

#include <atomic>
#include <string>
#include <string_view>

const CLSID CLSID_BuggyDriver
    = { 0x5e9a1c37, 0x2d4b, 0x4a6f, { 0x91, 0x8e, 0x3b, 0x2c, 0x1d, 0x0e, 0xff, 0x42 } };
const GUID GUID_DEVINTERFACE_UMDFX_BUGGY
    = { 0x3d8b5e61, 0x0a2c, 0x4f7e, { 0xb9, 0x14, 0x6c, 0x5d, 0x4e, 0x3f, 0x2a, 0x1b } };

namespace buggy {

// The interface classes it may watch: echo's, and the sensor's (a SWENUM device in the samples).
const GUID kEchoInterface
    = { 0xCDC35B6E, 0x0BE4, 0x4936, { 0xBF, 0x5F, 0x55, 0x37, 0x38, 0x0A, 0x7C, 0x1A } };
const GUID kSensorInterface
    = { 0x6c0a3f52, 0x8d1e, 0x4b7a, { 0xa2, 0xc9, 0x5e, 0x4f, 0x3d, 0x2b, 0x1a, 0x09 } };

class CUnknown
{
public:
    virtual ~CUnknown() = default;
    ULONG addRef() { return ++m_refs; }
    ULONG release()
    {
        const ULONG r = --m_refs;
        if (r == 0)
            delete this;
        return r;
    }

private:
    std::atomic<ULONG> m_refs { 1 };
};

struct Settings
{
    std::string mistake; // one of kBuggyMistakes, or "" for none
    DWORD hangMs = 70000; // HostTimeout: how long OnD0Entry sleeps
    bool pendReads = false; // PendReads: reads wait (cancelable) until cancelled
    bool is(std::string_view m) const { return mistake == m; }
    bool watchesInterfaces() const
    {
        return is("CreateRemoteInterfaceOutsideArrival") || is("SwenumOpenInsideArrival")
            || is("QueryRemoveWithoutClose") || is("RemoveCompleteWithoutClose")
            || is("RemoteInterfaceNotDeleted");
    }
};

// ---- the remote interface side ---------------------------------------------------------------

class CRemote final : public CUnknown,
                      public IRemoteInterfaceCallbackRemoval,
                      public IRemoteTargetCallbackRemoval
{
public:
    explicit CRemote(const Settings &s)
        : m_settings(s)
    { }
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_IRemoteInterfaceCallbackRemoval))
            *ppv = static_cast<IRemoteInterfaceCallbackRemoval *>(this);
        else if (IsEqualIID(riid, IID_IRemoteTargetCallbackRemoval))
            *ppv = static_cast<IRemoteTargetCallbackRemoval *>(this);
        else
            return E_NOINTERFACE;
        addRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }

    void STDMETHODCALLTYPE OnRemoteInterfaceRemoval(IWDFRemoteInterface *pRemote) override
    {
        if (m_settings.is("RemoteInterfaceNotDeleted"))
            return; // forgets DeleteWdfObject: the remote interface stays behind
        pRemote->DeleteWdfObject();
    }
    BOOL STDMETHODCALLTYPE OnRemoteTargetQueryRemove(IWDFRemoteTarget *pTarget) override
    {
        if (m_settings.is("QueryRemoveWithoutClose"))
            return TRUE; // "yes, go ahead" — while still holding the handle open
        pTarget->CloseForQueryRemove();
        return TRUE;
    }
    void STDMETHODCALLTYPE OnRemoteTargetRemoveCanceled(IWDFRemoteTarget *pTarget) override
    {
        if (FAILED(pTarget->Reopen()))
            pTarget->Close();
    }
    void STDMETHODCALLTYPE OnRemoteTargetRemoveComplete(IWDFRemoteTarget *pTarget) override
    {
        if (m_settings.is("RemoveCompleteWithoutClose"))
            return; // the target is left open on a device that is gone
        pTarget->Close();
    }

private:
    Settings m_settings;
};

// ---- the queue -------------------------------------------------------------------------------

class CMyDevice;

class CMyQueue final : public CUnknown,
                       public IQueueCallbackWrite,
                       public IQueueCallbackRead,
                       public IRequestCallbackCancel
{
public:
    CMyQueue(const Settings &s, CMyDevice *device)
        : m_settings(s)
        , m_device(device)
    { }
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_IQueueCallbackWrite))
            *ppv = static_cast<IQueueCallbackWrite *>(this);
        else if (IsEqualIID(riid, IID_IQueueCallbackRead))
            *ppv = static_cast<IQueueCallbackRead *>(this);
        else if (IsEqualIID(riid, IID_IRequestCallbackCancel))
            *ppv = static_cast<IRequestCallbackCancel *>(this);
        else
            return E_NOINTERFACE;
        addRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }

    void setQueues(IWDFIoQueue *defaultQueue, IWDFIoQueue *manualQueue)
    {
        m_queue = defaultQueue; // weak: the device owns its queues
        m_manual = manualQueue;
    }

    void STDMETHODCALLTYPE OnWrite(IWDFIoQueue *pQueue, IWDFIoRequest *pRequest, SIZE_T n) override;
    void STDMETHODCALLTYPE OnRead(IWDFIoQueue *, IWDFIoRequest *pRequest, SIZE_T) override
    {
        if (m_settings.pendReads) {
            pRequest->MarkCancelable(this); // completed by OnCancel
            return;
        }
        pRequest->CompleteWithInformation(S_OK, 0);
    }
    void STDMETHODCALLTYPE OnCancel(IWDFIoRequest *pRequest) override
    {
        pRequest->Complete(HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED));
    }

private:
    Settings m_settings;
    CMyDevice *m_device; // weak
    IWDFIoQueue *m_queue = nullptr; // weak
    IWDFIoQueue *m_manual = nullptr; // weak
};

// ---- the device ------------------------------------------------------------------------------

class CMyDevice final : public CUnknown,
                        public IPnpCallback,
                        public IPnpCallbackRemoteInterfaceNotification
{
public:
    explicit CMyDevice(const Settings &s)
        : m_settings(s)
    { }
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_IPnpCallback))
            *ppv = static_cast<IPnpCallback *>(this);
        else if (IsEqualIID(riid, IID_IPnpCallbackRemoteInterfaceNotification)
            && m_settings.watchesInterfaces())
            *ppv = static_cast<IPnpCallbackRemoteInterfaceNotification *>(this);
        else
            return E_NOINTERFACE;
        addRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }

    HRESULT Configure(IWDFDriver *driver, IWDFDeviceInitialize *init)
    {
        m_driver = driver;
        init->SetLockingConstraint(WdfDeviceLevel);
        IWDFDevice *device = nullptr;
        HRESULT hr = driver->CreateDevice(init, static_cast<IPnpCallback *>(this), &device);
        if (FAILED(hr))
            return hr;
        m_device = device; // weak: the framework owns it
        device->Release();
        if (FAILED(
                m_device->QueryInterface(IID_IWDFDevice2, reinterpret_cast<void **>(&m_device2))))
            m_device2 = nullptr;
        else
            m_device2->Release(); // weak, like m_device
        if (FAILED(
                m_device->QueryInterface(IID_IWDFDevice3, reinterpret_cast<void **>(&m_device3))))
            m_device3 = nullptr;
        else
            m_device3->Release();

        auto *queue = new CMyQueue(m_settings, this);
        IWDFIoQueue *fxQueue = nullptr;
        hr = m_device->CreateIoQueue(static_cast<IQueueCallbackWrite *>(queue), TRUE,
            WdfIoQueueDispatchParallel, TRUE, FALSE, &fxQueue);
        if (SUCCEEDED(hr)) {
            // A manual queue the mistakes can give requests away to (no callbacks: 1.9+).
            IWDFIoQueue *manual = nullptr;
            hr = m_device->CreateIoQueue(
                nullptr, FALSE, WdfIoQueueDispatchManual, FALSE, FALSE, &manual);
            if (SUCCEEDED(hr)) {
                queue->setQueues(fxQueue, manual);
                manual->Release();
            }
            fxQueue->Release();
        }
        queue->release();
        if (FAILED(hr))
            return hr;
        hr = m_device->CreateDeviceInterface(&GUID_DEVINTERFACE_UMDFX_BUGGY, nullptr);
        if (FAILED(hr))
            return hr;

        if (m_settings.is("ObjectLeak")) {
            // A memory object parented to the driver, with a reference the driver never gives
            // back: it outlives the driver's unload.
            driver->CreateWdfMemory(64, nullptr, nullptr, &m_leaked);
        }
        if (m_settings.is("TimerLeak")) {
            HANDLE timer = nullptr;
            CreateTimerQueueTimer(&timer, nullptr, &CMyDevice::OnTimer, this, 1000, 1000, 0);
        }
        if (m_settings.watchesInterfaces() && m_device2) {
            const GUID &cls
                = m_settings.is("SwenumOpenInsideArrival") ? kSensorInterface : kEchoInterface;
            hr = m_device2->RegisterRemoteInterfaceNotification(&cls, TRUE);
        }
        if (m_settings.is("DeleteWorkItemInsideCallback") && m_device3) {
            WUDF_WORKITEM_CONFIG config;
            WUDF_WORKITEM_CONFIG_INIT(&config, &CMyDevice::OnDeleteMe);
            IWDFWorkItem *workItem = nullptr;
            if (SUCCEEDED(m_device3->CreateWorkItem(&config, m_device, &workItem))) {
                workItem->Enqueue();
                workItem->Release();
            }
        }
        return hr;
    }

    IWDFDevice *device() const { return m_device; }
    IWDFDriver *driver() const { return m_driver; }

    // IPnpCallback
    HRESULT STDMETHODCALLTYPE OnD0Entry(IWDFDevice *, WDF_POWER_DEVICE_STATE) override
    {
        if (m_settings.is("HostTimeout"))
            Sleep(m_settings.hangMs); // waits on something that never comes
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE OnD0Exit(IWDFDevice *, WDF_POWER_DEVICE_STATE) override
    {
        return S_OK;
    }
    void STDMETHODCALLTYPE OnSurpriseRemoval(IWDFDevice *) override { }
    HRESULT STDMETHODCALLTYPE OnQueryRemove(IWDFDevice *) override { return S_OK; }
    HRESULT STDMETHODCALLTYPE OnQueryStop(IWDFDevice *) override { return S_OK; }

    // IPnpCallbackRemoteInterfaceNotification
    void STDMETHODCALLTYPE OnRemoteInterfaceArrival(IWDFRemoteInterfaceInitialize *init) override
    {
        if (m_settings.is("CreateRemoteInterfaceOutsideArrival")) {
            // Keeps the init object to create the remote interface "later", on a worker: the
            // init object is only valid inside this callback.
            init->AddRef();
            m_savedInit = init;
            QueueUserWorkItem(&CMyDevice::OnLateCreate, this, 0);
            return;
        }
        auto *callback = new CRemote(m_settings);
        IWDFRemoteInterface *remote = nullptr;
        HRESULT hr = m_device2->CreateRemoteInterface(
            init, static_cast<IRemoteInterfaceCallbackRemoval *>(callback), &remote);
        if (SUCCEEDED(hr)) {
            IWDFRemoteTarget *target = nullptr;
            hr = m_device2->CreateRemoteTarget(
                static_cast<IRemoteTargetCallbackRemoval *>(callback), remote, &target);
            if (SUCCEEDED(hr)) {
                // Opened right here, inside the arrival — fine for echo, a deadlock for SWENUM.
                target->OpenRemoteInterface(remote, nullptr, GENERIC_READ | GENERIC_WRITE, nullptr);
                target->Release();
            }
            remote->Release();
        }
        callback->release();
    }

private:
    static void OnTimer(PVOID, BOOLEAN) { }
    static void OnDeleteMe(IWDFWorkItem *pWorkItem)
    {
        pWorkItem->DeleteWdfObject(); // not allowed from its own callback
    }
    static DWORD OnLateCreate(LPVOID context)
    {
        auto *self = static_cast<CMyDevice *>(context);
        IWDFRemoteInterface *remote = nullptr;
        if (SUCCEEDED(self->m_device2->CreateRemoteInterface(self->m_savedInit, nullptr, &remote)))
            remote->Release();
        self->m_savedInit->Release();
        self->m_savedInit = nullptr;
        return 0;
    }

    Settings m_settings;
    IWDFDriver *m_driver = nullptr; // weak
    IWDFDevice *m_device = nullptr; // weak
    IWDFDevice2 *m_device2 = nullptr; // weak
    IWDFDevice3 *m_device3 = nullptr; // weak
    IWDFMemory *m_leaked = nullptr; // referenced on purpose, never released (ObjectLeak)
    IWDFRemoteInterfaceInitialize *m_savedInit = nullptr; // referenced while a late create waits
};

void STDMETHODCALLTYPE CMyQueue::OnWrite(IWDFIoQueue *, IWDFIoRequest *pRequest, SIZE_T n)
{
    const Settings &s = m_settings;
    if (s.is("DoubleCompletion")) {
        pRequest->CompleteWithInformation(S_OK, n);
        pRequest->CompleteWithInformation(S_OK, n); // "just to be sure"
    } else if (s.is("RequestNotCompleted")) {
        // Meant to complete it later from a worker that never runs: the request stays owned.
    } else if (s.is("UseAfterCompletion")) {
        pRequest->CompleteWithInformation(S_OK, n);
        SIZE_T size = 0;
        pRequest->GetWriteParameters(&size, nullptr, nullptr); // the request is gone already
    } else if (s.is("MemoryNotReleased")) {
        IWDFMemory *memory = nullptr;
        pRequest->GetInputMemory(&memory); // never released
        pRequest->CompleteWithInformation(S_OK, n);
    } else if (s.is("WrongBuffer")) {
        IWDFMemory *memory = nullptr;
        pRequest->GetOutputMemory(&memory); // a write has no output buffer
        if (memory)
            memory->Release();
        pRequest->CompleteWithInformation(S_OK, n);
    } else if (s.is("CompletedWhileCancelable")) {
        pRequest->MarkCancelable(this);
        pRequest->CompleteWithInformation(S_OK, n); // forgot UnmarkCancelable
    } else if (s.is("CompletedNotOwned")) {
        pRequest->ForwardToIoQueue(m_manual); // the manual queue owns it now
        pRequest->CompleteWithInformation(S_OK, n);
    } else if (s.is("QueueStateChangePending")) {
        m_queue->Stop(nullptr); // pending: this request is still in the driver
        m_queue->Drain(nullptr); // a second state change while the first is pending
        pRequest->CompleteWithInformation(S_OK, n);
    } else if (s.is("StopAcknowledgeOutsideOnIoStop")) {
        IWDFIoRequest2 *request2 = nullptr;
        if (SUCCEEDED(pRequest->QueryInterface(
                IID_IWDFIoRequest2, reinterpret_cast<void **>(&request2)))) {
            request2->StopAcknowledge(FALSE); // only valid inside OnIoStop
            request2->Release();
        }
        pRequest->CompleteWithInformation(S_OK, n);
    } else if (s.is("CompletedDriverCreatedRequest")) {
        IWDFIoRequest *mine = nullptr;
        if (SUCCEEDED(m_device->device()->CreateRequest(nullptr, nullptr, &mine))) {
            mine->Complete(S_OK); // a driver-created request is deleted, never completed
            mine->DeleteWdfObject();
            mine->Release();
        }
        pRequest->CompleteWithInformation(S_OK, n);
    } else if (s.is("SendUnformattedRequest")) {
        IWDFDevice2 *device2 = nullptr;
        IWDFIoRequest *mine = nullptr;
        IWDFRemoteTarget *target = nullptr;
        if (SUCCEEDED(m_device->device()->QueryInterface(
                IID_IWDFDevice2, reinterpret_cast<void **>(&device2)))) {
            if (SUCCEEDED(device2->CreateRemoteTarget(nullptr, nullptr, &target))
                && SUCCEEDED(m_device->device()->CreateRequest(nullptr, nullptr, &mine))) {
                mine->Send(target, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0); // never formatted
                mine->DeleteWdfObject();
                mine->Release();
            }
            if (target) {
                target->DeleteWdfObject();
                target->Release();
            }
            device2->Release();
        }
        pRequest->CompleteWithInformation(S_OK, n);
    } else if (s.is("UntranslatableStatus")) {
        // A private HRESULT (FACILITY_ITF): the host cannot map it to an NTSTATUS.
        pRequest->CompleteWithInformation(static_cast<HRESULT>(0x80040201), 0);
    } else {
        pRequest->CompleteWithInformation(S_OK, n);
    }
}

// ---- driver, class factory -------------------------------------------------------------------

class CMyDriver final : public CUnknown, public IDriverEntry
{
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        if (!IsEqualIID(riid, IID_IUnknown) && !IsEqualIID(riid, IID_IDriverEntry))
            return E_NOINTERFACE;
        *ppv = static_cast<IDriverEntry *>(this);
        addRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }

    HRESULT STDMETHODCALLTYPE OnInitialize(IWDFDriver *) override { return S_OK; }
    void STDMETHODCALLTYPE OnDeinitialize(IWDFDriver *) override { }
    HRESULT STDMETHODCALLTYPE OnDeviceAdd(IWDFDriver *driver, IWDFDeviceInitialize *init) override
    {
        Settings settings;
        IWDFNamedPropertyStore *store = nullptr;
        if (SUCCEEDED(init->RetrieveDevicePropertyStore(
                nullptr, WdfPropertyStoreNormal, &store, nullptr))) {
            PROPVARIANT v;
            PropVariantInit(&v);
            if (SUCCEEDED(store->GetNamedValue(u"Mistake", &v)) && v.vt == VT_LPWSTR) {
                for (const WCHAR *c = v.pwszVal; c && *c; ++c)
                    settings.mistake.push_back(static_cast<char>(*c));
            }
            PropVariantClear(&v);
            if (SUCCEEDED(store->GetNamedValue(u"HangMs", &v)) && v.vt == VT_UI4)
                settings.hangMs = v.ulVal;
            PropVariantClear(&v);
            if (SUCCEEDED(store->GetNamedValue(u"PendReads", &v)) && v.vt == VT_UI4)
                settings.pendReads = v.ulVal != 0;
            PropVariantClear(&v);
            store->Release();
        }
        if (settings.is("OnDeviceAddWithoutDevice"))
            return S_OK; // "nothing to do for this one" — but a device must be created
        auto *device = new CMyDevice(settings);
        const HRESULT hr = device->Configure(driver, init);
        device->release(); // the framework keeps its own references
        return hr;
    }
};

class CClassFactory final : public CUnknown, public IClassFactory
{
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        if (!IsEqualIID(riid, IID_IUnknown) && !IsEqualIID(riid, IID_IClassFactory))
            return E_NOINTERFACE;
        *ppv = static_cast<IClassFactory *>(this);
        addRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }
    HRESULT STDMETHODCALLTYPE CreateInstance(IUnknown *outer, REFIID riid, void **ppv) override
    {
        if (outer)
            return E_INVALIDARG;
        auto *driver = new CMyDriver();
        const HRESULT hr = driver->QueryInterface(riid, ppv);
        driver->release();
        return hr;
    }
    HRESULT STDMETHODCALLTYPE LockServer(BOOL) override { return S_OK; }
};

} // namespace buggy

HRESULT BuggyDllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = nullptr;
    if (!IsEqualCLSID(clsid, CLSID_BuggyDriver))
        return CLASS_E_CLASSNOTAVAILABLE;
    auto *factory = new buggy::CClassFactory();
    const HRESULT hr = factory->QueryInterface(riid, ppv);
    factory->release();
    return hr;
}
