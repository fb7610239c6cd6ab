// A UMDF 1 driver in the classic shape, smaller than echo: a driver object, a device callback
// object that answers IPnpCallbackRemoteInterfaceNotification, and one callback object per remote
// interface it creates (Toastmon's structure). It watches the interface classes of parameter
// InterfaceClasses (REG_MULTI_SZ of {guid}s; default: the echo class). On each arrival it reads
// the class and symbolic link (size first), creates a remote interface and a remote target
// parented to it, and opens the target; on an echo interface it then writes "hello" and reads it
// back (parameter WriteOnArrival, default 1). Custom events of an open target's device arrive in
// OnRemoteInterfaceEvent. When the interface leaves it deletes the remote interface — unless
// HandleRemoval is 0, which shows the framework's default (it deletes it itself).
//
// Where it opens (parameter OpenFrom): "auto" (default) opens inside OnRemoteInterfaceArrival,
// except for a SWENUM-enumerated interface (symbolic link \\?\SW#...), which it opens from a
// work item (IWDFDevice3::CreateWorkItem), as the SWENUM rule requires (reference §6.1 4d, S9);
// "arrival" always opens inside the callback (the S9 deadlock for SWENUM); "workitem" always
// defers; "threadpool" defers with kernel32's QueueUserWorkItem, the UMDF 1.9 way before work
// items existed. VetoQueryRemove = 1 makes OnRemoteTargetQueryRemove refuse (the S8 veto).
#include "drivers/consumer/consumerdriver.h"

#include "core/wudf/guid.h"
#include "core/wudf/win32host.h"

#include <atomic>
#include <string>
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

struct Settings
{
    std::vector<GUID> classes { kEchoInterface };
    bool handleRemoval = true;
    bool doIo = true;
    enum class OpenFrom { Auto, Arrival, WorkItem, ThreadPool } openFrom = OpenFrom::Auto;
    bool vetoQueryRemove = false;
};

bool ParseGuid(const WCHAR *text, GUID *guid)
{
    std::string s;
    for (; text && *text; ++text)
        s.push_back(static_cast<char>(*text));
    const auto parsed = umdfx::wudf::parseGuid(s);
    if (parsed)
        *guid = *parsed;
    return parsed.has_value();
}

bool StartsWithNoCase(const std::vector<WCHAR> &text, const char *prefix)
{
    for (std::size_t i = 0; prefix[i]; ++i) {
        if (i >= text.size())
            return false;
        WCHAR a = text[i];
        char b = prefix[i];
        if (a >= u'a' && a <= u'z')
            a = static_cast<WCHAR>(a - u'a' + u'A');
        if (b >= 'a' && b <= 'z')
            b = static_cast<char>(b - 'a' + 'A');
        if (a != static_cast<WCHAR>(b))
            return false;
    }
    return true;
}

// One per remote interface, in the style of Toastmon: the remote interface's removal and event
// callbacks, the remote target's removal callbacks and its I/O completion. On an echo interface
// it writes "hello" to the target and reads it back.
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

    CRemoteInterface(const Settings &settings, bool isEcho)
        : m_vetoQueryRemove(settings.vetoQueryRemove)
        , m_doIo(settings.doIo && isEcho)
    { }

    // The remote target, parented to the remote interface as Toastmon does: both go together.
    HRESULT CreateTarget(IWDFDevice2 *device, IWDFDriver *driver, IWDFRemoteInterface *remote)
    {
        m_device = device; // weak: the framework owns these
        m_driver = driver;
        m_remote = remote;
        IWDFRemoteTarget *target = nullptr;
        HRESULT hr = device->CreateRemoteTarget(
            static_cast<IRemoteTargetCallbackRemoval *>(this), remote, &target);
        if (FAILED(hr))
            return hr;
        m_target = target; // weak after the release below: the tree owns it
        target->Release();
        return S_OK;
    }

    // Opens the target and, on an echo interface, starts the write.
    HRESULT Open()
    {
        HRESULT hr = m_target->OpenRemoteInterface(
            m_remote, nullptr, GENERIC_READ | GENERIC_WRITE, nullptr);
        if (FAILED(hr) || !m_doIo)
            return hr;
        IWDFIoRequest *request = nullptr;
        hr = m_device->CreateRequest(nullptr, m_remote, &request);
        if (FAILED(hr))
            return hr;
        m_request = request; // weak: parented to the remote interface
        request->Release();
        IWDFMemory *memory = nullptr;
        hr = m_driver->CreateWdfMemory(5, nullptr, m_request, &memory);
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
        if (m_vetoQueryRemove)
            return FALSE; // keep using it: the removal is vetoed (discouraged, S8)
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

    // The work item that opens a SWENUM interface outside the arrival callback.
    static void OnOpenWorkItem(IWDFWorkItem *pWorkItem)
    {
        void *context = nullptr;
        if (SUCCEEDED(pWorkItem->RetrieveContext(&context)) && context)
            static_cast<CRemoteInterface *>(context)->Open();
    }

    // The same from a thread-pool thread (QueueUserWorkItem): the callback object was AddRef'd
    // for it. Unlike the work item, nothing ties it to the remote interface's life: a real driver
    // would check the interface is still there; here the framework objects outlive the callback.
    static DWORD OnOpenThreadPool(LPVOID context)
    {
        auto *self = static_cast<CRemoteInterface *>(context);
        self->Open();
        self->Release();
        return 0;
    }

private:
    bool m_vetoQueryRemove;
    bool m_doIo;
    IWDFDevice2 *m_device = nullptr; // weak
    IWDFDriver *m_driver = nullptr; // weak
    IWDFRemoteInterface *m_remote = nullptr; // weak: its tree owns this callback's objects
    IWDFRemoteTarget *m_target = nullptr; // weak
    IWDFIoRequest *m_request = nullptr; // weak
    IWDFMemory *m_memory = nullptr; // weak
};

class CMyDevice final : public CUnknownBase, public IPnpCallbackRemoteInterfaceNotification
{
public:
    explicit CMyDevice(Settings settings)
        : m_settings(std::move(settings))
    { }
    const Settings &settings() const { return m_settings; }
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

    void setDevice(IWDFDevice2 *device, IWDFDevice3 *device3, IWDFDriver *driver)
    {
        m_device = device; // weak: the framework owns them
        m_device3 = device3;
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
        CRemoteInterface *callback = m_settings.handleRemoval
            ? new CRemoteInterface(m_settings, IsEqualGUID(cls, kEchoInterface))
            : nullptr;
        IWDFRemoteInterface *remote = nullptr;
        const HRESULT hr = m_device->CreateRemoteInterface(init,
            callback ? static_cast<IRemoteInterfaceCallbackRemoval *>(callback) : nullptr, &remote);
        if (SUCCEEDED(hr) && callback
            && SUCCEEDED(callback->CreateTarget(m_device, m_driver, remote))) {
            const bool softwareEnumerated = StartsWithNoCase(link, "\\\\?\\SW#");
            if (m_settings.openFrom == Settings::OpenFrom::ThreadPool) {
                callback->AddRef(); // for the thread-pool callback, which releases it
                if (!QueueUserWorkItem(&CRemoteInterface::OnOpenThreadPool, callback, 0)) {
                    callback->Release();
                    callback->Open();
                }
            } else {
                const bool defer = m_settings.openFrom == Settings::OpenFrom::WorkItem
                    || (m_settings.openFrom == Settings::OpenFrom::Auto && softwareEnumerated);
                if (!defer || !OpenFromWorkItem(remote, callback))
                    callback->Open();
            }
        }
        if (callback)
            callback->Release(); // the framework keeps its own references
        if (SUCCEEDED(hr))
            remote->Release(); // the framework's object tree keeps it alive
    }

private:
    // A work item parented to the remote interface (it goes when the interface goes), with the
    // callback object as its context, queued now and run once this arrival has returned.
    bool OpenFromWorkItem(IWDFRemoteInterface *remote, CRemoteInterface *callback)
    {
        if (!m_device3)
            return false;
        WUDF_WORKITEM_CONFIG config;
        WUDF_WORKITEM_CONFIG_INIT(&config, &CRemoteInterface::OnOpenWorkItem);
        IWDFWorkItem *workItem = nullptr;
        if (FAILED(m_device3->CreateWorkItem(&config, remote, &workItem)))
            return false;
        workItem->AssignContext(nullptr, callback);
        workItem->Enqueue();
        workItem->Release(); // its parent keeps it
        return true;
    }

    Settings m_settings;
    IWDFDevice2 *m_device = nullptr;
    IWDFDevice3 *m_device3 = nullptr;
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
        Settings settings;
        IWDFNamedPropertyStore *store = nullptr;
        if (SUCCEEDED(init->RetrieveDevicePropertyStore(
                nullptr, WdfPropertyStoreNormal, &store, nullptr))) {
            PROPVARIANT v;
            PropVariantInit(&v);
            if (SUCCEEDED(store->GetNamedValue(u"HandleRemoval", &v)) && v.vt == VT_UI4)
                settings.handleRemoval = v.ulVal != 0;
            PropVariantClear(&v);
            if (SUCCEEDED(store->GetNamedValue(u"WriteOnArrival", &v)) && v.vt == VT_UI4)
                settings.doIo = v.ulVal != 0;
            PropVariantClear(&v);
            if (SUCCEEDED(store->GetNamedValue(u"VetoQueryRemove", &v)) && v.vt == VT_UI4)
                settings.vetoQueryRemove = v.ulVal != 0;
            PropVariantClear(&v);
            if (SUCCEEDED(store->GetNamedValue(u"OpenFrom", &v)) && v.vt == VT_LPWSTR) {
                const std::u16string from = v.pwszVal ? v.pwszVal : u"";
                if (from == u"arrival")
                    settings.openFrom = Settings::OpenFrom::Arrival;
                else if (from == u"workitem")
                    settings.openFrom = Settings::OpenFrom::WorkItem;
                else if (from == u"threadpool")
                    settings.openFrom = Settings::OpenFrom::ThreadPool;
            }
            PropVariantClear(&v);
            if (SUCCEEDED(store->GetNamedValue(u"InterfaceClasses", &v))) {
                std::vector<GUID> classes;
                GUID g {};
                if (v.vt == (VT_VECTOR | VT_LPWSTR)) {
                    for (ULONG i = 0; i < v.calpwstr.cElems; ++i)
                        if (ParseGuid(v.calpwstr.pElems[i], &g))
                            classes.push_back(g);
                } else if (v.vt == VT_LPWSTR && ParseGuid(v.pwszVal, &g)) {
                    classes.push_back(g);
                }
                if (!classes.empty())
                    settings.classes = classes;
            }
            PropVariantClear(&v);
            store->Release();
        }
        auto *callback = new CMyDevice(settings);
        IWDFDevice *device = nullptr;
        HRESULT hr = driver->CreateDevice(
            init, static_cast<IPnpCallbackRemoteInterfaceNotification *>(callback), &device);
        if (SUCCEEDED(hr)) {
            IWDFDevice2 *device2 = nullptr;
            IWDFDevice3 *device3 = nullptr;
            hr = device->QueryInterface(IID_IWDFDevice2, reinterpret_cast<void **>(&device2));
            if (FAILED(
                    device->QueryInterface(IID_IWDFDevice3, reinterpret_cast<void **>(&device3))))
                device3 = nullptr;
            if (SUCCEEDED(hr)) {
                callback->setDevice(device2, device3, driver);
                // Existing interfaces too: the devices may already be running. One call per class.
                for (const GUID &cls : callback->settings().classes) {
                    hr = device2->RegisterRemoteInterfaceNotification(&cls, TRUE);
                    if (FAILED(hr))
                        break;
                }
                device2->Release();
            }
            if (device3)
                device3->Release();
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
