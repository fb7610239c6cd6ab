#include "tests/framework/probedriver.h"

#include "drivers/echo/echodriver.h"

#include <atomic>
#include <vector>

namespace probe {

namespace {

const CLSID kProbeClsid
    = { 0x51f2e6a0, 0x1c3d, 0x4e5f, { 0x90, 0x81, 0x72, 0x63, 0x54, 0x45, 0x36, 0x27 } };
// {a7c3e1d2-5b64-4f8e-9a01-23456789abcd}: the probe device's interface class.
const GUID kProbeInterface
    = { 0xa7c3e1d2, 0x5b64, 0x4f8e, { 0x9a, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd } };

class Unknown : public IUnknown
{
public:
    virtual ~Unknown() = default;
    ULONG STDMETHODCALLTYPE AddRef() override { return ++m_refs; }
    ULONG STDMETHODCALLTYPE Release() override
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
    ULONG queueType = WdfIoQueueDispatchSequential;
    bool routeWrites = false, defaultOnly = false, hold = false, doubleComplete = false,
         badManual = false, lockingNone = false, powerManagedWrites = false;
    ULONG workItem = 0; // 0 none, 1 AutomaticSerialization, 2 without
};

// The write queue's callback object; which interfaces it answers depends on the settings.
class WriteQueue final : public Unknown,
                         public IQueueCallbackWrite,
                         public IQueueCallbackDefaultIoHandler
{
public:
    explicit WriteQueue(const Settings &s)
        : m_s(s)
    { }
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        *ppv = nullptr;
        const bool manual = m_s.queueType == WdfIoQueueDispatchManual && !m_s.badManual;
        if (riid == IID_IUnknown)
            *ppv = static_cast<IQueueCallbackWrite *>(this);
        else if (riid == IID_IQueueCallbackWrite && !manual && !m_s.defaultOnly)
            *ppv = static_cast<IQueueCallbackWrite *>(this);
        else if (riid == IID_IQueueCallbackDefaultIoHandler && !manual && m_s.defaultOnly)
            *ppv = static_cast<IQueueCallbackDefaultIoHandler *>(this);
        if (!*ppv)
            return E_NOINTERFACE;
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return Unknown::AddRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return Unknown::Release(); }

    void STDMETHODCALLTYPE OnWrite(IWDFIoQueue *, IWDFIoRequest *r, SIZE_T n) override
    {
        if (m_s.hold) {
            held.push_back(r);
            return;
        }
        r->CompleteWithInformation(S_OK, n);
        if (m_s.doubleComplete)
            r->CompleteWithInformation(S_OK, n);
    }
    void STDMETHODCALLTYPE OnDefaultIoHandler(IWDFIoQueue *, IWDFIoRequest *r) override
    {
        r->Complete(S_OK);
    }

    std::vector<IWDFIoRequest *> held;
    IWDFIoQueue *queue = nullptr; // weak
    bool doubleComplete() const { return m_s.doubleComplete; }

private:
    Settings m_s;
};

// The default queue: creates and IOCTLs (the test's control channel).
class ControlQueue final : public Unknown, public IQueueCallbackDeviceIoControl
{
public:
    explicit ControlQueue(WriteQueue *writes)
        : m_writes(writes)
    {
        m_writes->AddRef();
    }
    ~ControlQueue() override { m_writes->Release(); }
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        *ppv = nullptr;
        if (riid != IID_IUnknown && riid != IID_IQueueCallbackDeviceIoControl)
            return E_NOINTERFACE;
        *ppv = static_cast<IQueueCallbackDeviceIoControl *>(this);
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return Unknown::AddRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return Unknown::Release(); }

    void STDMETHODCALLTYPE OnDeviceIoControl(
        IWDFIoQueue *, IWDFIoRequest *r, ULONG code, SIZE_T, SIZE_T) override
    {
        if (code == 1) {
            for (auto *w : m_writes->held) {
                w->CompleteWithInformation(S_OK, 1);
                if (m_writes->doubleComplete())
                    w->CompleteWithInformation(S_OK, 1); // the bug the verifier catches (V5)
            }
            m_writes->held.clear();
            r->Complete(S_OK);
        } else if (code == 2) {
            IWDFIoRequest *next = nullptr;
            const HRESULT hr = m_writes->queue->RetrieveNextRequest(&next);
            if (SUCCEEDED(hr)) {
                next->CompleteWithInformation(S_OK, 1);
                next->Release();
            }
            r->CompleteWithInformation(S_OK, SUCCEEDED(hr) ? 1 : 0);
        } else if ((code == 3 || code == 4) && workItem) {
            workItem->Enqueue();
            if (code == 3)
                workItem->Enqueue(); // not queued twice: one run handles both
            else
                workItem->Flush(); // returns once the run is over
            r->Complete(S_OK);
        } else if ((code == 8 || code == 9) && device2) {
            // Idle turned off (8) or on again (9) while the device runs.
            device2->AssignS0IdleSettings(IdleCannotWakeFromS0, PowerDeviceD3, 6000,
                IdleAllowUserControl, code == 8 ? WdfFalse : WdfTrue);
            r->Complete(S_OK);
        } else if ((code == 5 || code == 6 || code == 7) && device2) {
            // StopIdle(FALSE), StopIdle(TRUE), ResumeIdle: the test reads their results from the
            // trace. The control queue is not power-managed: it serves them in Dx too.
            if (code == 7)
                device2->ResumeIdle();
            else
                device2->StopIdle(code == 6 ? TRUE : FALSE);
            r->Complete(S_OK);
        } else {
            r->Complete(HRESULT_FROM_WIN32(ERROR_INVALID_FUNCTION));
        }
    }

    IWDFWorkItem *workItem = nullptr; // weak: the device's tree owns it
    IWDFDevice2 *device2 = nullptr; // weak: the framework owns the device

private:
    WriteQueue *m_writes;
};

void OnProbeWorkItem(IWDFWorkItem *) { }

class Driver final : public Unknown, public IDriverEntry
{
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        *ppv = nullptr;
        if (riid != IID_IUnknown && riid != IID_IDriverEntry)
            return E_NOINTERFACE;
        *ppv = static_cast<IDriverEntry *>(this);
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return Unknown::AddRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return Unknown::Release(); }

    HRESULT STDMETHODCALLTYPE OnInitialize(IWDFDriver *) override { return S_OK; }
    void STDMETHODCALLTYPE OnDeinitialize(IWDFDriver *) override { }
    HRESULT STDMETHODCALLTYPE OnDeviceAdd(IWDFDriver *driver, IWDFDeviceInitialize *init) override
    {
        Settings s;
        IWDFNamedPropertyStore *store = nullptr;
        HRESULT hr
            = init->RetrieveDevicePropertyStore(nullptr, WdfPropertyStoreNormal, &store, nullptr);
        if (FAILED(hr))
            return hr;
        const auto dword = [store](const char16_t *name, ULONG fallback) {
            PROPVARIANT v;
            PropVariantInit(&v);
            const ULONG out
                = SUCCEEDED(store->GetNamedValue(name, &v)) && v.vt == VT_UI4 ? v.ulVal : fallback;
            PropVariantClear(&v);
            return out;
        };
        s.queueType = dword(u"QueueType", WdfIoQueueDispatchSequential);
        s.routeWrites = dword(u"RouteWrites", 0) != 0;
        s.defaultOnly = dword(u"DefaultHandlerOnly", 0) != 0;
        s.hold = dword(u"HoldWrites", 0) != 0;
        s.doubleComplete = dword(u"DoubleComplete", 0) != 0;
        s.badManual = dword(u"ManualWithCallbacks", 0) != 0;
        s.workItem = dword(u"WorkItem", 0);
        s.lockingNone = dword(u"LockingNone", 0) != 0;
        s.powerManagedWrites = dword(u"PowerManagedWrites", 0) != 0;
        const bool powerPolicyOwner = dword(u"PowerPolicyOwner", 0) != 0;
        const ULONG assignIdle = dword(u"AssignIdle", 0);
        const ULONG idleCaps = dword(u"IdleCaps", IdleCannotWakeFromS0);
        const ULONG idleDx = dword(u"IdleDx", PowerDeviceD3);
        const ULONG idleUserControl = dword(u"IdleUserControl", IdleAllowUserControl);
        const ULONG idleEnabled = dword(u"IdleEnabled", WdfTrue);
        const ULONG assignWake = dword(u"AssignWake", 0);
        const ULONG wakeDx = dword(u"WakeDx", PowerDeviceD3);
        const ULONG wakeUserControl = dword(u"WakeUserControl", WakeAllowUserControl);
        store->Release();
        init->SetLockingConstraint(s.lockingNone ? None : WdfDeviceLevel);
        if (powerPolicyOwner)
            init->SetPowerPolicyOwnership(TRUE);

        IWDFDevice *device = nullptr;
        hr = driver->CreateDevice(init, nullptr, &device);
        if (FAILED(hr))
            return hr;
        auto *writes = new WriteQueue(s);
        auto *control = new ControlQueue(writes);
        IWDFIoQueue *q = nullptr;
        hr = device->CreateIoQueue(static_cast<IQueueCallbackDeviceIoControl *>(control), TRUE,
            WdfIoQueueDispatchSequential, FALSE, FALSE, &q);
        if (SUCCEEDED(hr)) {
            q->Release();
            IWDFIoQueue *wq = nullptr;
            hr = device->CreateIoQueue(static_cast<IQueueCallbackWrite *>(writes), FALSE,
                static_cast<WDF_IO_QUEUE_DISPATCH_TYPE>(s.queueType),
                s.powerManagedWrites ? TRUE : FALSE, FALSE, &wq);
            if (SUCCEEDED(hr)) {
                writes->queue = wq;
                hr = device->ConfigureRequestDispatching(wq, WdfRequestWrite, TRUE);
                wq->Release();
            }
        }
        if (SUCCEEDED(hr))
            hr = device->CreateDeviceInterface(&kProbeInterface, nullptr);
        // The power policy DDIs' results are the test's to read from the trace; the device
        // starts whatever they return.
        if (SUCCEEDED(hr) && (assignIdle || assignWake)) {
            IWDFDevice2 *device2 = nullptr;
            hr = device->QueryInterface(IID_IWDFDevice2, reinterpret_cast<void **>(&device2));
            if (SUCCEEDED(hr)) {
                if (assignIdle)
                    device2->AssignS0IdleSettings(
                        static_cast<WDF_POWER_POLICY_S0_IDLE_CAPABILITIES>(idleCaps),
                        static_cast<DEVICE_POWER_STATE>(idleDx), 6000,
                        static_cast<WDF_POWER_POLICY_S0_IDLE_USER_CONTROL>(idleUserControl),
                        static_cast<WDF_TRI_STATE>(idleEnabled));
                if (assignWake)
                    device2->AssignSxWakeSettings(static_cast<DEVICE_POWER_STATE>(wakeDx),
                        static_cast<WDF_POWER_POLICY_SX_WAKE_USER_CONTROL>(wakeUserControl),
                        WdfUseDefault);
                device2->Release();
            }
        }
        if (SUCCEEDED(hr) && (assignIdle || powerPolicyOwner)) {
            IWDFDevice2 *device2 = nullptr;
            if (SUCCEEDED(
                    device->QueryInterface(IID_IWDFDevice2, reinterpret_cast<void **>(&device2)))) {
                control->device2 = device2;
                device2->Release();
            }
        }
        if (SUCCEEDED(hr) && s.workItem) {
            IWDFDevice3 *device3 = nullptr;
            hr = device->QueryInterface(IID_IWDFDevice3, reinterpret_cast<void **>(&device3));
            if (SUCCEEDED(hr)) {
                WUDF_WORKITEM_CONFIG config;
                WUDF_WORKITEM_CONFIG_INIT(&config, &OnProbeWorkItem);
                config.AutomaticSerialization = s.workItem == 1 ? TRUE : FALSE;
                IWDFWorkItem *w = nullptr;
                hr = device3->CreateWorkItem(&config, nullptr, &w);
                if (SUCCEEDED(hr)) {
                    control->workItem = w;
                    w->Release();
                }
                device3->Release();
            }
        }
        control->Release();
        writes->Release();
        device->Release();
        return hr;
    }
};

class Factory final : public Unknown, public IClassFactory
{
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        *ppv = nullptr;
        if (riid != IID_IUnknown && riid != IID_IClassFactory)
            return E_NOINTERFACE;
        *ppv = static_cast<IClassFactory *>(this);
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return Unknown::AddRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return Unknown::Release(); }
    HRESULT STDMETHODCALLTYPE CreateInstance(IUnknown *, REFIID riid, void **ppv) override
    {
        auto *d = new Driver();
        const HRESULT hr = d->QueryInterface(riid, ppv);
        d->Release();
        return hr;
    }
    HRESULT STDMETHODCALLTYPE LockServer(BOOL) override { return S_OK; }
};

HRESULT probeGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    *ppv = nullptr;
    if (!(clsid == kProbeClsid))
        return CLASS_E_CLASSNOTAVAILABLE;
    auto *f = new Factory();
    const HRESULT hr = f->QueryInterface(riid, ppv);
    f->Release();
    return hr;
}

} // namespace

const umdfx::DriverModuleRegistry &registry()
{
    static const umdfx::DriverModuleRegistry r = [] {
        umdfx::DriverModuleRegistry reg;
        reg.add({ "probe", "ProbeDriver.dll", kProbeClsid, &probeGetClassObject, nullptr });
        reg.add(
            { "echo", "WUDFEchoDriver.dll", CLSID_EchoDriver, &EchoDllGetClassObject, nullptr });
        return reg;
    }();
    return r;
}

} // namespace probe
