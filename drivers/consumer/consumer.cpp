// A UMDF 1 driver in the classic shape, smaller than echo: a driver object, a device callback
// object that answers IPnpCallbackRemoteInterfaceNotification, and one callback object per remote
// interface it creates. On each arrival it reads the class and symbolic link (size first) and
// creates a remote interface; when that interface leaves it deletes the object — unless its
// HandleRemoval parameter is 0, which shows the framework's default (it deletes it itself).
// Opening the interface as a remote I/O target comes with the remote-target work.
#include "drivers/consumer/consumerdriver.h"

#include <atomic>
#include <vector>

namespace consumer {

// {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}: the echo interface class, watched by default.
const GUID kEchoInterface
    = { 0xCDC35B6E, 0x0BE4, 0x4936, { 0xBF, 0x5F, 0x55, 0x37, 0x38, 0x0A, 0x7C, 0x1A } };

class CUnknownBase
{
public:
    virtual ~CUnknownBase() = default;
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

// One per remote interface: its removal callback.
class CRemoteInterface final : public CUnknownBase, public IRemoteInterfaceCallbackRemoval
{
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        if (!IsEqualIID(riid, IID_IUnknown)
            && !IsEqualIID(riid, IID_IRemoteInterfaceCallbackRemoval))
            return E_NOINTERFACE;
        *ppv = static_cast<IRemoteInterfaceCallbackRemoval *>(this);
        addRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }

    // The interface left: this driver's cleanup is to delete the remote interface object.
    void STDMETHODCALLTYPE OnRemoteInterfaceRemoval(
        IWDFRemoteInterface *pWdfRemoteInterface) override
    {
        pWdfRemoteInterface->DeleteWdfObject();
    }
};

class CMyDevice final : public CUnknownBase, public IPnpCallbackRemoteInterfaceNotification
{
public:
    explicit CMyDevice(bool handleRemoval)
        : m_handleRemoval(handleRemoval)
    { }
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        if (!IsEqualIID(riid, IID_IUnknown)
            && !IsEqualIID(riid, IID_IPnpCallbackRemoteInterfaceNotification))
            return E_NOINTERFACE;
        *ppv = static_cast<IPnpCallbackRemoteInterfaceNotification *>(this);
        addRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }

    void setDevice(IWDFDevice2 *device) { m_device = device; } // weak: the framework owns it

    void STDMETHODCALLTYPE OnRemoteInterfaceArrival(IWDFRemoteInterfaceInitialize *init) override
    {
        GUID cls {};
        init->GetInterfaceGuid(&cls);
        DWORD cch = 0;
        if (FAILED(init->RetrieveSymbolicLink(nullptr, &cch)) || cch == 0)
            return;
        std::vector<WCHAR> link(cch);
        if (FAILED(init->RetrieveSymbolicLink(link.data(), &cch)))
            return;
        CRemoteInterface *callback = m_handleRemoval ? new CRemoteInterface() : nullptr;
        IWDFRemoteInterface *remote = nullptr;
        const HRESULT hr = m_device->CreateRemoteInterface(init,
            callback ? static_cast<IRemoteInterfaceCallbackRemoval *>(callback) : nullptr, &remote);
        if (callback)
            callback->Release(); // the framework keeps its own reference
        if (SUCCEEDED(hr))
            remote->Release(); // the framework's object tree keeps it alive
    }

private:
    bool m_handleRemoval;
    IWDFDevice2 *m_device = nullptr;
};

class CMyDriver final : public CUnknownBase, public IDriverEntry
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
        bool handleRemoval = true;
        IWDFNamedPropertyStore *store = nullptr;
        if (SUCCEEDED(init->RetrieveDevicePropertyStore(
                nullptr, WdfPropertyStoreNormal, &store, nullptr))) {
            PROPVARIANT v;
            PropVariantInit(&v);
            if (SUCCEEDED(store->GetNamedValue(u"HandleRemoval", &v)) && v.vt == VT_UI4)
                handleRemoval = v.ulVal != 0;
            PropVariantClear(&v);
            store->Release();
        }
        auto *callback = new CMyDevice(handleRemoval);
        IWDFDevice *device = nullptr;
        HRESULT hr = driver->CreateDevice(
            init, static_cast<IPnpCallbackRemoteInterfaceNotification *>(callback), &device);
        if (SUCCEEDED(hr)) {
            IWDFDevice2 *device2 = nullptr;
            hr = device->QueryInterface(IID_IWDFDevice2, reinterpret_cast<void **>(&device2));
            if (SUCCEEDED(hr)) {
                callback->setDevice(device2);
                // Existing interfaces too: the echo device may already be running.
                hr = device2->RegisterRemoteInterfaceNotification(&kEchoInterface, TRUE);
                device2->Release();
            }
            device->Release();
        }
        callback->Release();
        return hr;
    }
};

class CClassFactory final : public CUnknownBase, public IClassFactory
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
        driver->Release();
        return hr;
    }
    HRESULT STDMETHODCALLTYPE LockServer(BOOL) override { return S_OK; }
};

} // namespace consumer

// {8e1b0c2d-3a4f-4b6c-9d7e-1f2a3b4c5d6e}: the consumer driver's DriverCLSID (ours).
const CLSID CLSID_ConsumerDriver
    = { 0x8e1b0c2d, 0x3a4f, 0x4b6c, { 0x9d, 0x7e, 0x1f, 0x2a, 0x3b, 0x4c, 0x5d, 0x6e } };

HRESULT ConsumerDllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = nullptr;
    if (!IsEqualCLSID(clsid, CLSID_ConsumerDriver))
        return CLASS_E_CLASSNOTAVAILABLE;
    auto *factory = new consumer::CClassFactory();
    const HRESULT hr = factory->QueryInterface(riid, ppv);
    factory->Release();
    return hr;
}
