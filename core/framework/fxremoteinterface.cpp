#include "core/framework/fxremoteinterface.h"

#include "core/common/text.h"
#include "core/framework/fxdevice.h"
#include "core/framework/fxdeviceinit.h"
#include "core/framework/fxobjectimpl.h"
#include "core/wudf/guid.h"

namespace umdfx::fx {

FxRemoteInterfaceInit::FxRemoteInterfaceInit(
    FxDevice &device, const GUID &cls, std::string symbolicLink)
    : m_device(device)
    , m_class(cls)
    , m_link(std::move(symbolicLink))
    , m_id(device.host().world().newObjectId())
{ }

FxRemoteInterfaceInit *FxRemoteInterfaceInit::from(IWDFRemoteInterfaceInitialize *p)
{
    return dynamic_cast<FxRemoteInterfaceInit *>(p);
}

ULONG STDMETHODCALLTYPE FxRemoteInterfaceInit::Release()
{
    const ULONG left = --m_refs;
    if (left == 0)
        delete this;
    return left;
}

Tracer::Site FxRemoteInterfaceInit::site(trace::StrId method) const
{
    Tracer::Site s = m_device.ddiSite(UMDFX_STR("IWDFRemoteInterfaceInitialize"), method);
    s.object = m_id;
    return s;
}

HRESULT STDMETHODCALLTYPE FxRemoteInterfaceInit::QueryInterface(REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (riid == IID_IUnknown || riid == IID_IWDFRemoteInterfaceInitialize) {
        *ppv = static_cast<IWDFRemoteInterfaceInitialize *>(this);
        AddRef();
        return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
}

void STDMETHODCALLTYPE FxRemoteInterfaceInit::GetInterfaceGuid(LPGUID pDeviceInterfaceGuid)
{
    std::lock_guard lock(m_device.host().world().lock);
    TracedCall call(m_device.tracer(), site(UMDFX_STR("GetInterfaceGuid")));
    if (pDeviceInterfaceGuid)
        *pDeviceInterfaceGuid = m_class;
    trace::ArgsWriter out;
    out.string("DeviceInterfaceGuid", wudf::guidToString(m_class));
    call.done(std::nullopt, &out);
}

HRESULT STDMETHODCALLTYPE FxRemoteInterfaceInit::RetrieveSymbolicLink(
    PWSTR pSymbolicLink, DWORD *pdwSymbolicLinkLengthInChars)
{
    std::lock_guard lock(m_device.host().world().lock);
    trace::ArgsWriter args;
    args.boolean("pSymbolicLink", pSymbolicLink != nullptr);
    args.u64("dwSymbolicLinkLengthInChars",
        pdwSymbolicLinkLengthInChars ? *pdwSymbolicLinkLengthInChars : 0);
    TracedCall call(m_device.tracer(), site(UMDFX_STR("RetrieveSymbolicLink")), &args);
    // The length includes the NUL; a too-small buffer gives E_NOT_SUFFICIENT_BUFFER and the size.
    const HRESULT hr = m_valid
        ? copyStringOut(toUtf16(m_link), pSymbolicLink, pdwSymbolicLinkLengthInChars)
        : HRESULT_FROM_WIN32(ERROR_INVALID_OPERATION);
    trace::ArgsWriter out;
    if (pdwSymbolicLinkLengthInChars)
        out.u64("dwSymbolicLinkLengthInChars", *pdwSymbolicLinkLengthInChars);
    if (SUCCEEDED(hr) && pSymbolicLink)
        out.string("SymbolicLink", m_link);
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

FxRemoteInterface::FxRemoteInterface(
    DriverHost &host, FxDevice &device, const FxRemoteInterfaceInit &init, IUnknown *callback)
    : FxObjectImpl<IWDFRemoteInterface>(host, device.driver(), "IWDFRemoteInterface", &device)
    , m_device(&device)
    , m_class(init.interfaceClass())
    , m_link(init.symbolicLink())
{
    // Reference §1.1: CreateRemoteInterface probes these two.
    m_event = probe<IRemoteInterfaceCallbackEvent>(*this, callback);
    m_removal = probe<IRemoteInterfaceCallbackRemoval>(*this, callback);
}

FxRemoteInterface::~FxRemoteInterface()
{
    dropCallbacks();
}

void FxRemoteInterface::dropCallbacks()
{
    releaseInterface(m_event);
    releaseInterface(m_removal);
}

void FxRemoteInterface::customEvent(const GUID &event, const std::vector<std::byte> &data)
{
    if (!m_event || lifecycle() != FxLifecycle::Alive)
        return;
    trace::ArgsWriter args;
    args.objectRef("pWdfRemoteInterface", id());
    args.string("EventGuid", wudf::guidToString(event));
    args.bytes("pbData", data);
    args.u64("cbDataSize", data.size());
    // A PostEvent payload carries no text: the name offset is the kernel's -1 (inferred).
    args.hex32("NameBufferOffset", 0xFFFFFFFFu);
    TracedCall call(tracer(),
        callbackSite(
            UMDFX_STR("IRemoteInterfaceCallbackEvent"), UMDFX_STR("OnRemoteInterfaceEvent")),
        &args);
    std::vector<BYTE> copy(data.size());
    for (std::size_t i = 0; i < data.size(); ++i)
        copy[i] = static_cast<BYTE>(data[i]);
    m_event->OnRemoteInterfaceEvent(this, event, copy.empty() ? nullptr : copy.data(),
        static_cast<DWORD>(copy.size()), 0xFFFFFFFFu);
}

void FxRemoteInterface::interfaceRemoved()
{
    if (lifecycle() != FxLifecycle::Alive)
        return;
    if (m_removal) {
        addRef(); // the callback may delete it
        std::uint64_t callbackSeq = 0;
        {
            trace::ArgsWriter args;
            args.objectRef("pWdfRemoteInterface", id());
            args.string("symbolicLink", m_link);
            TracedCall call(tracer(),
                callbackSite(UMDFX_STR("IRemoteInterfaceCallbackRemoval"),
                    UMDFX_STR("OnRemoteInterfaceRemoval")),
                &args);
            callbackSeq = call.seq();
            m_removal->OnRemoteInterfaceRemoval(this);
        }
        if (lifecycle() == FxLifecycle::Alive) {
            host().world().verifier.report(
                ddiSite(UMDFX_STR("IWDFObject"), UMDFX_STR("DeleteWdfObject")), "V25",
                "RemoteInterfaceNotDeleted",
                "OnRemoteInterfaceRemoval returned without deleting the remote interface object",
                { callbackSeq });
        }
        release();
        return;
    }
    // No removal callback: the framework deletes the remote interface itself (§6.3).
    Tracer::Site s = ddiSite(UMDFX_STR("IWDFObject"), UMDFX_STR("DeleteWdfObject"));
    s.kind = trace::Kind::Host;
    s.from = lanes::framework();
    s.to = lanes::framework();
    trace::ArgsWriter args;
    args.string(
        "reason", "the interface left and the driver has no IRemoteInterfaceCallbackRemoval");
    tracer().event(s, std::nullopt, &args);
    deleteTree();
}

} // namespace umdfx::fx
