// The sensor sample, in the classic UMDF 1 shape: a driver object, a device callback object
// (self-managed I/O starts and stops the interval timer), a queue callback object for the IOCTLs.
// The periodic events come from a kernel32 timer-queue timer, as UMDF 1 drivers did it: UMDF 1
// has no timer object of its own.
#include "drivers/sensor/sensordriver.h"

#include "core/wudf/win32host.h"

#include <atomic>
#include <cstring>

const CLSID CLSID_SensorDriver
    = { 0x2f7d9c14, 0x6b3a, 0x4e51, { 0x8c, 0x0d, 0x7a, 0x6b, 0x5c, 0x4d, 0x3e, 0x2f } };
const GUID GUID_DEVINTERFACE_UMDFX_SENSOR
    = { 0x6c0a3f52, 0x8d1e, 0x4b7a, { 0xa2, 0xc9, 0x5e, 0x4f, 0x3d, 0x2b, 0x1a, 0x09 } };
const GUID GUID_UMDFX_SENSOR_READING
    = { 0x9b3e7d21, 0x4f6a, 0x4c8b, { 0x8e, 0x2d, 0x1a, 0x0b, 0x9c, 0x8d, 0x7e, 0x6f } };

namespace sensor {

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

class CMyDevice;

// The default queue (parallel): the two IOCTLs; nothing else is routed here.
class CMyQueue final : public CUnknown, public IQueueCallbackDeviceIoControl
{
public:
    explicit CMyQueue(CMyDevice *device)
        : m_device(device)
    { }
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        if (!IsEqualIID(riid, IID_IUnknown) && !IsEqualIID(riid, IID_IQueueCallbackDeviceIoControl))
            return E_NOINTERFACE;
        *ppv = static_cast<IQueueCallbackDeviceIoControl *>(this);
        addRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }

    void STDMETHODCALLTYPE OnDeviceIoControl(IWDFIoQueue *, IWDFIoRequest *pWdfRequest,
        ULONG ControlCode, SIZE_T InputBufferSizeInBytes, SIZE_T OutputBufferSizeInBytes) override;

private:
    CMyDevice *m_device; // weak: the device outlives its queue
};

class CMyDevice final : public CUnknown, public IPnpCallbackSelfManagedIo
{
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        if (!IsEqualIID(riid, IID_IUnknown) && !IsEqualIID(riid, IID_IPnpCallbackSelfManagedIo))
            return E_NOINTERFACE;
        *ppv = static_cast<IPnpCallbackSelfManagedIo *>(this);
        addRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }

    HRESULT Configure(IWDFDriver *driver, IWDFDeviceInitialize *init)
    {
        IWDFNamedPropertyStore *store = nullptr;
        if (SUCCEEDED(init->RetrieveDevicePropertyStore(
                nullptr, WdfPropertyStoreNormal, &store, nullptr))) {
            PROPVARIANT v;
            PropVariantInit(&v);
            if (SUCCEEDED(store->GetNamedValue(u"IntervalMs", &v)) && v.vt == VT_UI4)
                m_intervalMs = v.ulVal;
            PropVariantClear(&v);
            store->Release();
        }
        // Events and IOCTLs need no serialization with each other here.
        init->SetLockingConstraint(None);
        IWDFDevice *device = nullptr;
        HRESULT hr
            = driver->CreateDevice(init, static_cast<IPnpCallbackSelfManagedIo *>(this), &device);
        if (FAILED(hr))
            return hr;
        m_device = device; // weak: the framework owns it
        device->Release();
        auto *queue = new CMyQueue(this);
        IWDFIoQueue *fxQueue = nullptr;
        hr = m_device->CreateIoQueue(static_cast<IQueueCallbackDeviceIoControl *>(queue), TRUE,
            WdfIoQueueDispatchParallel, FALSE, FALSE, &fxQueue);
        queue->release(); // the framework keeps its reference
        if (FAILED(hr))
            return hr;
        fxQueue->Release();
        return m_device->CreateDeviceInterface(&GUID_DEVINTERFACE_UMDFX_SENSOR, nullptr);
    }

    // The next reading: deterministic, so that traces compare.
    SENSOR_READING NextReading()
    {
        ++m_sequence;
        m_last = { m_sequence, 21500 + static_cast<LONG>((m_sequence * 37) % 200) - 100 };
        return m_last;
    }
    SENSOR_READING LastReading() const { return m_last; }

    HRESULT PostReading(const BYTE *payload, DWORD size)
    {
        SENSOR_READING r {};
        if (!payload) {
            r = NextReading();
            payload = reinterpret_cast<const BYTE *>(&r);
            size = sizeof(r);
        }
        return m_device->PostEvent(
            GUID_UMDFX_SENSOR_READING, WdfEventBroadcast, const_cast<BYTE *>(payload), size);
    }

    // IPnpCallbackSelfManagedIo: the interval timer runs while the device is in D0.
    HRESULT STDMETHODCALLTYPE OnSelfManagedIoInit(IWDFDevice *) override { return StartTimer(); }
    HRESULT STDMETHODCALLTYPE OnSelfManagedIoRestart(IWDFDevice *) override { return StartTimer(); }
    HRESULT STDMETHODCALLTYPE OnSelfManagedIoSuspend(IWDFDevice *) override
    {
        StopTimer();
        return S_OK;
    }
    void STDMETHODCALLTYPE OnSelfManagedIoFlush(IWDFDevice *) override { }
    void STDMETHODCALLTYPE OnSelfManagedIoCleanup(IWDFDevice *) override { StopTimer(); }
    HRESULT STDMETHODCALLTYPE OnSelfManagedIoStop(IWDFDevice *) override { return S_OK; }

private:
    HRESULT StartTimer()
    {
        if (m_intervalMs == 0 || m_timer)
            return S_OK;
        if (!CreateTimerQueueTimer(&m_timer, nullptr, &CMyDevice::OnTimer, this, m_intervalMs,
                m_intervalMs, WT_EXECUTEDEFAULT)) {
            m_timer = nullptr;
            return E_OUTOFMEMORY;
        }
        return S_OK;
    }
    void StopTimer()
    {
        if (m_timer)
            DeleteTimerQueueTimer(nullptr, m_timer, nullptr);
        m_timer = nullptr;
    }
    static void OnTimer(PVOID context, BOOLEAN)
    {
        static_cast<CMyDevice *>(context)->PostReading(nullptr, 0);
    }

    IWDFDevice *m_device = nullptr; // weak
    DWORD m_intervalMs = 0;
    HANDLE m_timer = nullptr;
    ULONG m_sequence = 0;
    SENSOR_READING m_last {};
};

void STDMETHODCALLTYPE CMyQueue::OnDeviceIoControl(IWDFIoQueue *, IWDFIoRequest *pWdfRequest,
    ULONG ControlCode, SIZE_T InputBufferSizeInBytes, SIZE_T OutputBufferSizeInBytes)
{
    IWDFIoRequest2 *request2 = nullptr;
    HRESULT hr
        = pWdfRequest->QueryInterface(IID_IWDFIoRequest2, reinterpret_cast<void **>(&request2));
    if (FAILED(hr)) {
        pWdfRequest->Complete(hr);
        return;
    }
    SIZE_T information = 0;
    if (ControlCode == IOCTL_UMDFX_SENSOR_POST_EVENT) {
        PVOID input = nullptr;
        if (InputBufferSizeInBytes > 0) {
            hr = request2->RetrieveInputBuffer(0, &input, nullptr);
            if (SUCCEEDED(hr))
                hr = m_device->PostReading(
                    static_cast<BYTE *>(input), static_cast<DWORD>(InputBufferSizeInBytes));
        } else {
            hr = m_device->PostReading(nullptr, 0);
        }
    } else if (ControlCode == IOCTL_UMDFX_SENSOR_GET_READING) {
        PVOID output = nullptr;
        hr = request2->RetrieveOutputBuffer(sizeof(SENSOR_READING), &output, nullptr);
        if (SUCCEEDED(hr)) {
            const SENSOR_READING r = m_device->LastReading();
            std::memcpy(output, &r, sizeof(r));
            information = sizeof(r);
        }
        (void)OutputBufferSizeInBytes;
    } else {
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_FUNCTION);
    }
    request2->Release();
    pWdfRequest->CompleteWithInformation(hr, information);
}

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
        auto *device = new CMyDevice();
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

} // namespace sensor

HRESULT SensorDllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = nullptr;
    if (!IsEqualCLSID(clsid, CLSID_SensorDriver))
        return CLASS_E_CLASSNOTAVAILABLE;
    auto *factory = new sensor::CClassFactory();
    const HRESULT hr = factory->QueryInterface(riid, ppv);
    factory->release();
    return hr;
}
