// A UMDF 1 driver in the classic shape, smaller than echo: a driver object, a device callback
// object that answers IPnpCallbackRemoteInterfaceNotification, and one callback object per remote
// interface it creates. On each arrival it reads the class and symbolic link (size first),
// creates a remote interface and a remote target parented to it, opens the target, writes
// "hello" and reads it back (parameter WriteOnArrival, default 1). When the interface leaves it
// deletes the remote interface — unless HandleRemoval is 0, which shows the framework's default
// (it deletes it itself, without the driver's callbacks).
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

// One per remote interface, in the style of Toastmon: the remote interface's removal callback,
// the remote target's removal callbacks and its I/O completion. It writes "hello" to the target
// and reads it back.
class CRemoteInterface final : public CUnknownBase,
                               public IRemoteInterfaceCallbackRemoval,
                               public IRemoteInterfaceCallbackEvent,
                               public IRemoteTargetCallbackRemoval,
                               public IRequestCallbackRequestCompletion
{
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_IRemoteInterfaceCallbackRemoval))
            *ppv = static_cast<IRemoteInterfaceCallbackRemoval *>(this);
        else if (IsEqualIID(riid, IID_IRemoteInterfaceCallbackEvent))
            *ppv = static_cast<IRemoteInterfaceCallbackEvent *>(this);
        else if (IsEqualIID(riid, IID_IRemoteTargetCallbackRemoval))
            *ppv = static_cast<IRemoteTargetCallbackRemoval *>(this);
        else if (IsEqualIID(riid, IID_IRequestCallbackRequestCompletion))
            *ppv = static_cast<IRequestCallbackRequestCompletion *>(this);
        else
            return E_NOINTERFACE;
        addRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }

    // Opens the interface as a remote target (parented to the remote interface, as Toastmon does)
    // and starts the write.
    HRESULT Start(IWDFDevice2 *device, IWDFDriver *driver, IWDFRemoteInterface *remote, bool doIo)
    {
        IWDFRemoteTarget *target = nullptr;
        HRESULT hr = device->CreateRemoteTarget(
            static_cast<IRemoteTargetCallbackRemoval *>(this), remote, &target);
        if (FAILED(hr))
            return hr;
        m_target = target; // weak after the release below: the tree owns it
        target->Release();
        hr = m_target->OpenRemoteInterface(remote, nullptr, GENERIC_READ | GENERIC_WRITE, nullptr);
        if (FAILED(hr) || !doIo)
            return hr;
        IWDFIoRequest *request = nullptr;
        hr = device->CreateRequest(nullptr, remote, &request);
        if (FAILED(hr))
            return hr;
        m_request = request; // weak: parented to the remote interface
        request->Release();
        IWDFMemory *memory = nullptr;
        hr = driver->CreateWdfMemory(5, nullptr, m_request, &memory);
        if (FAILED(hr))
            return hr;
        m_memory = memory;
        memory->Release();
        m_memory->CopyFromBuffer(0, const_cast<char *>("hello"), 5);
        return Send(WdfRequestWrite);
    }

    HRESULT Send(WDF_REQUEST_TYPE type)
    {
        HRESULT hr = type == WdfRequestWrite
            ? m_target->FormatRequestForWrite(m_request, nullptr, m_memory, nullptr, nullptr)
            : m_target->FormatRequestForRead(m_request, nullptr, m_memory, nullptr, nullptr);
        if (FAILED(hr))
            return hr;
        m_request->SetCompletionCallback(
            static_cast<IRequestCallbackRequestCompletion *>(this), nullptr);
        hr = m_request->Send(m_target, 0, 0);
        return hr;
    }

    void STDMETHODCALLTYPE OnCompletion(
        IWDFIoRequest *pWdfRequest, IWDFIoTarget *, IWDFRequestCompletionParams *, void *) override
    {
        IWDFRequestCompletionParams *params = nullptr;
        pWdfRequest->GetCompletionParams(&params);
        const HRESULT status = params ? params->GetCompletionStatus() : E_FAIL;
        const WDF_REQUEST_TYPE type
            = params ? params->GetCompletedRequestType() : WdfRequestUndefined;
        if (params)
            params->Release();
        IWDFIoRequest2 *request2 = nullptr;
        if (SUCCEEDED(pWdfRequest->QueryInterface(
                IID_IWDFIoRequest2, reinterpret_cast<void **>(&request2)))) {
            request2->Reuse(S_OK); // ready for the next send
            request2->Release();
        }
        // After the write, read the data back once.
        if (SUCCEEDED(status) && type == WdfRequestWrite)
            Send(WdfRequestRead);
    }

    // A custom event of the device (PostEvent). The consumer only receives it (the trace shows
    // it); a real driver would act on the event GUID it shares with the device's driver.
    void STDMETHODCALLTYPE OnRemoteInterfaceEvent(
        IWDFRemoteInterface *, REFGUID, BYTE *, DWORD, DWORD) override
    { }

    // The interface left: delete the remote interface (its target and request go with it).
    void STDMETHODCALLTYPE OnRemoteInterfaceRemoval(
        IWDFRemoteInterface *pWdfRemoteInterface) override
    {
        pWdfRemoteInterface->DeleteWdfObject();
    }

    // The remote device asks to be removed: stop using it and let it go.
    BOOL STDMETHODCALLTYPE OnRemoteTargetQueryRemove(IWDFRemoteTarget *pWdfRemoteTarget) override
    {
        pWdfRemoteTarget->CloseForQueryRemove();
        return TRUE;
    }
    void STDMETHODCALLTYPE OnRemoteTargetRemoveCanceled(IWDFRemoteTarget *pWdfRemoteTarget) override
    {
        if (FAILED(pWdfRemoteTarget->Reopen()))
            pWdfRemoteTarget->Close();
    }
    void STDMETHODCALLTYPE OnRemoteTargetRemoveComplete(IWDFRemoteTarget *pWdfRemoteTarget) override
    {
        pWdfRemoteTarget->Close();
    }

private:
    IWDFRemoteTarget *m_target = nullptr; // weak
    IWDFIoRequest *m_request = nullptr; // weak
    IWDFMemory *m_memory = nullptr; // weak
};

class CMyDevice final : public CUnknownBase, public IPnpCallbackRemoteInterfaceNotification
{
public:
    CMyDevice(bool handleRemoval, bool doIo)
        : m_handleRemoval(handleRemoval)
        , m_doIo(doIo)
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

    void setDevice(IWDFDevice2 *device, IWDFDriver *driver)
    {
        m_device = device; // weak: the framework owns both
        m_driver = driver;
    }

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
        if (SUCCEEDED(hr) && callback)
            callback->Start(m_device, m_driver, remote, m_doIo);
        if (callback)
            callback->Release(); // the framework keeps its own references
        if (SUCCEEDED(hr))
            remote->Release(); // the framework's object tree keeps it alive
    }

private:
    bool m_handleRemoval;
    bool m_doIo;
    IWDFDevice2 *m_device = nullptr;
    IWDFDriver *m_driver = nullptr;
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
        bool doIo = true;
        IWDFNamedPropertyStore *store = nullptr;
        if (SUCCEEDED(init->RetrieveDevicePropertyStore(
                nullptr, WdfPropertyStoreNormal, &store, nullptr))) {
            PROPVARIANT v;
            PropVariantInit(&v);
            if (SUCCEEDED(store->GetNamedValue(u"HandleRemoval", &v)) && v.vt == VT_UI4)
                handleRemoval = v.ulVal != 0;
            PropVariantClear(&v);
            if (SUCCEEDED(store->GetNamedValue(u"WriteOnArrival", &v)) && v.vt == VT_UI4)
                doIo = v.ulVal != 0;
            PropVariantClear(&v);
            store->Release();
        }
        auto *callback = new CMyDevice(handleRemoval, doIo);
        IWDFDevice *device = nullptr;
        HRESULT hr = driver->CreateDevice(
            init, static_cast<IPnpCallbackRemoteInterfaceNotification *>(callback), &device);
        if (SUCCEEDED(hr)) {
            IWDFDevice2 *device2 = nullptr;
            hr = device->QueryInterface(IID_IWDFDevice2, reinterpret_cast<void **>(&device2));
            if (SUCCEEDED(hr)) {
                callback->setDevice(device2, driver);
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
