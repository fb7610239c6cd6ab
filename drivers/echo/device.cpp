#include "drivers/echo/device.h"

#include "drivers/echo/echodriver.h"
#include "drivers/echo/queue.h"

#include <algorithm>

namespace echo {

HRESULT CMyDevice::CreateInstance(
    IWDFDriver *fxDriver, IWDFDeviceInitialize *fxInit, CMyDevice **device)
{
    *device = nullptr;
    auto *self = new CMyDevice();
    HRESULT hr = self->ReadSettings(fxInit);
    if (SUCCEEDED(hr)) {
        // The echo device serializes its queue and file callbacks.
        fxInit->SetLockingConstraint(WdfDeviceLevel);
        // Only the power policy owner may assign idle settings (OnPrepareHardware does).
        if (self->m_idleTimeoutMs)
            fxInit->SetPowerPolicyOwnership(TRUE);
        IUnknown *callback = self->QueryIUnknown();
        IWDFDevice *fxDevice = nullptr;
        hr = fxDriver->CreateDevice(fxInit, callback, &fxDevice);
        callback->Release();
        if (SUCCEEDED(hr)) {
            // Keep a weak pointer: the framework keeps the device alive, and a counted reference
            // here would form a cycle with the framework's reference on this callback object.
            self->m_FxDevice = fxDevice;
            fxDevice->Release();
        }
    }
    if (FAILED(hr)) {
        self->Release();
        return hr;
    }
    *device = self;
    return S_OK;
}

HRESULT CMyDevice::ReadSettings(IWDFDeviceInitialize *fxInit)
{
    IWDFNamedPropertyStore *store = nullptr;
    HRESULT hr
        = fxInit->RetrieveDevicePropertyStore(nullptr, WdfPropertyStoreNormal, &store, nullptr);
    if (FAILED(hr))
        return hr;
    PROPVARIANT value;
    PropVariantInit(&value);
    if (SUCCEEDED(store->GetNamedValue(u"ReferenceStrings", &value))) {
        if (value.vt == (VT_VECTOR | VT_LPWSTR)) {
            for (ULONG i = 0; i < value.calpwstr.cElems; ++i)
                m_referenceStrings.emplace_back(value.calpwstr.pElems[i]);
        } else if (value.vt == VT_LPWSTR && value.pwszVal) {
            m_referenceStrings.emplace_back(value.pwszVal);
        }
        PropVariantClear(&value);
    }
    if (SUCCEEDED(store->GetNamedValue(u"MaxWriteLength", &value)) && value.vt == VT_UI4)
        m_maxWriteLength = value.ulVal;
    PropVariantClear(&value);
    if (SUCCEEDED(store->GetNamedValue(u"PendReadsWhenEmpty", &value)) && value.vt == VT_UI4)
        m_pendReadsWhenEmpty = value.ulVal != 0;
    PropVariantClear(&value);
    if (SUCCEEDED(store->GetNamedValue(u"AllowZeroLength", &value)) && value.vt == VT_UI4)
        m_allowZeroLength = value.ulVal != 0;
    PropVariantClear(&value);
    if (SUCCEEDED(store->GetNamedValue(u"VetoQueryRemove", &value)) && value.vt == VT_UI4)
        m_vetoQueryRemove = value.ulVal != 0;
    PropVariantClear(&value);
    if (SUCCEEDED(store->GetNamedValue(u"VetoQueryStop", &value)) && value.vt == VT_UI4)
        m_vetoQueryStop = value.ulVal != 0;
    PropVariantClear(&value);
    if (SUCCEEDED(store->GetNamedValue(u"IdleTimeoutMs", &value)) && value.vt == VT_UI4)
        m_idleTimeoutMs = value.ulVal;
    PropVariantClear(&value);
    if (SUCCEEDED(store->GetNamedValue(u"IoStop", &value)) && value.vt == VT_LPWSTR
        && value.pwszVal) {
        const std::u16string action(value.pwszVal);
        m_ioStopAction = action == u"requeue" ? IoStopAction::Requeue
            : action == u"ignore"             ? IoStopAction::Ignore
                                              : IoStopAction::Acknowledge;
    }
    PropVariantClear(&value);
    if (SUCCEEDED(store->GetNamedValue(u"ForgetInterfaces", &value))) {
        const auto narrow = [](const WCHAR *w) {
            std::string s;
            for (; w && *w; ++w)
                s.push_back(static_cast<char>(*w));
            return s;
        };
        if (value.vt == (VT_VECTOR | VT_LPWSTR)) {
            for (ULONG i = 0; i < value.calpwstr.cElems; ++i)
                m_forgotten.push_back(narrow(value.calpwstr.pElems[i]));
        } else if (value.vt == VT_LPWSTR) {
            m_forgotten.push_back(narrow(value.pwszVal));
        }
    }
    PropVariantClear(&value);
    store->Release();
    return S_OK;
}

HRESULT CMyDevice::Configure()
{
    CMyQueue *queue = nullptr;
    HRESULT hr = CMyQueue::CreateInstance(m_FxDevice, this, &queue);
    if (FAILED(hr))
        return hr;
    queue->Release(); // the framework holds the queue callback object now

    if (m_referenceStrings.empty())
        return m_FxDevice->CreateDeviceInterface(&GUID_DEVINTERFACE_ECHO, nullptr);
    for (const auto &ref : m_referenceStrings) {
        hr = m_FxDevice->CreateDeviceInterface(&GUID_DEVINTERFACE_ECHO, ref.c_str());
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}

bool CMyDevice::forgets(REFIID riid) const
{
    const char *name = umdfx::wudf::interfaceName(riid);
    return name && std::find(m_forgotten.begin(), m_forgotten.end(), name) != m_forgotten.end();
}

HRESULT STDMETHODCALLTYPE CMyDevice::QueryInterface(REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (forgets(riid)) {
        *ppv = nullptr;
        return E_NOINTERFACE;
    }
    if (IsEqualIID(riid, IID_IPnpCallback)) {
        *ppv = static_cast<IPnpCallback *>(this);
    } else if (IsEqualIID(riid, IID_IPnpCallbackHardware)) {
        *ppv = static_cast<IPnpCallbackHardware *>(this);
    } else if (IsEqualIID(riid, IID_IPnpCallbackSelfManagedIo)) {
        *ppv = static_cast<IPnpCallbackSelfManagedIo *>(this);
    } else if (IsEqualIID(riid, IID_IFileCallbackCleanup)) {
        *ppv = static_cast<IFileCallbackCleanup *>(this);
    } else if (IsEqualIID(riid, IID_IFileCallbackClose)) {
        *ppv = static_cast<IFileCallbackClose *>(this);
    } else {
        return CUnknown::QueryInterface(riid, ppv);
    }
    AddRef();
    return S_OK;
}

HRESULT STDMETHODCALLTYPE CMyDevice::OnD0Entry(IWDFDevice *, WDF_POWER_DEVICE_STATE)
{
    return S_OK;
}
HRESULT STDMETHODCALLTYPE CMyDevice::OnD0Exit(IWDFDevice *, WDF_POWER_DEVICE_STATE)
{
    return S_OK;
}
void STDMETHODCALLTYPE CMyDevice::OnSurpriseRemoval(IWDFDevice *) { }
HRESULT STDMETHODCALLTYPE CMyDevice::OnQueryRemove(IWDFDevice *)
{
    // A failure vetoes the removal (§2.6 step 3); the device stays started.
    return m_vetoQueryRemove ? HRESULT_FROM_WIN32(ERROR_BUSY) : S_OK;
}
HRESULT STDMETHODCALLTYPE CMyDevice::OnQueryStop(IWDFDevice *)
{
    // A failure vetoes the rebalance (§2.5); the device keeps its resources and stays started.
    return m_vetoQueryStop ? HRESULT_FROM_WIN32(ERROR_BUSY) : S_OK;
}
HRESULT STDMETHODCALLTYPE CMyDevice::OnPrepareHardware(IWDFDevice *pWdfDevice)
{
    if (!m_idleTimeoutMs)
        return S_OK;
    // As the OSR FX2 sample does: once the hardware is known, let it idle to D3 when unused.
    IWDFDevice2 *device2 = nullptr;
    HRESULT hr = pWdfDevice->QueryInterface(IID_IWDFDevice2, reinterpret_cast<void **>(&device2));
    if (SUCCEEDED(hr)) {
        hr = device2->AssignS0IdleSettings(
            IdleCannotWakeFromS0, PowerDeviceD3, m_idleTimeoutMs, IdleAllowUserControl, WdfTrue);
        device2->Release();
    }
    return hr;
}
HRESULT STDMETHODCALLTYPE CMyDevice::OnReleaseHardware(IWDFDevice *)
{
    return S_OK;
}
void STDMETHODCALLTYPE CMyDevice::OnSelfManagedIoCleanup(IWDFDevice *) { }
void STDMETHODCALLTYPE CMyDevice::OnSelfManagedIoFlush(IWDFDevice *) { }
HRESULT STDMETHODCALLTYPE CMyDevice::OnSelfManagedIoInit(IWDFDevice *)
{
    return S_OK;
}
HRESULT STDMETHODCALLTYPE CMyDevice::OnSelfManagedIoSuspend(IWDFDevice *)
{
    return S_OK;
}
HRESULT STDMETHODCALLTYPE CMyDevice::OnSelfManagedIoRestart(IWDFDevice *)
{
    return S_OK;
}
HRESULT STDMETHODCALLTYPE CMyDevice::OnSelfManagedIoStop(IWDFDevice *)
{
    return S_OK;
}
// After OnCleanupFile the framework cancels the file's requests still pending, which reaches a
// pended read through OnCancel; nothing else to release per file here.
void STDMETHODCALLTYPE CMyDevice::OnCleanupFile(IWDFFile *) { }
void STDMETHODCALLTYPE CMyDevice::OnCloseFile(IWDFFile *) { }

} // namespace echo
