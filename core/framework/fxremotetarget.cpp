#include "core/framework/fxremotetarget.h"

#include "core/common/text.h"
#include "core/framework/fxdevice.h"
#include "core/framework/fxfile.h"
#include "core/framework/fxmemory.h"
#include "core/framework/fxobjectimpl.h"
#include "core/framework/fxremoteinterface.h"
#include "core/framework/fxrequest.h"

namespace umdfx::fx {

const char *FxRemoteTarget::stateName(WDF_IO_TARGET_STATE s)
{
    switch (s) {
    case WdfIoTargetStarted:
        return "WdfIoTargetStarted";
    case WdfIoTargetStopped:
        return "WdfIoTargetStopped";
    case WdfIoTargetClosedForQueryRemove:
        return "WdfIoTargetClosedForQueryRemove";
    case WdfIoTargetClosed:
        return "WdfIoTargetClosed";
    case WdfIoTargetDeleted:
        return "WdfIoTargetDeleted";
    default:
        return "WdfIoTargetStateUndefined";
    }
}

FxRemoteTarget::FxRemoteTarget(
    DriverHost &host, FxDevice &device, FxObjectBase *parent, IUnknown *callback)
    : FxObjectImpl<IWDFRemoteTarget>(host, device.driver(), "IWDFRemoteTarget", parent)
    , m_device(&device)
{
    // Reference §1.1: CreateRemoteTarget probes IRemoteTargetCallbackRemoval (and IObjectCleanup).
    m_removal = probe<IRemoteTargetCallbackRemoval>(*this, callback);
    setCreationCleanup(probe<IObjectCleanup>(*this, callback));
}

FxRemoteTarget::~FxRemoteTarget()
{
    dropCallbacks();
}

void FxRemoteTarget::dropCallbacks()
{
    releaseInterface(m_removal);
}

void FxRemoteTarget::onDeleting()
{
    // A target deleted while open closes its file (the handle the host held).
    if (m_file)
        closeFile(WdfIoTargetDeleted);
    m_state = WdfIoTargetDeleted;
    if (m_notification)
        host().kernel().unregisterTargetNotification(m_notification);
    m_notification = 0;
}

HRESULT FxRemoteTarget::open(const std::string &path, DWORD access)
{
    if (m_file)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE); // already open
    KernelFileId file = 0;
    const HRESULT hr = host().kernel().openFile(m_device->node(), path, access, &file);
    if (SUCCEEDED(hr)) {
        m_file = file;
        m_path = path;
        m_access = access;
        m_state = WdfIoTargetStarted; // a successful open starts the target (§6.1 step 4c)
        if (!m_notification)
            m_notification = host().kernel().registerTargetNotification(&host(), file, id());
    }
    return hr;
}

void FxRemoteTarget::closeFile(WDF_IO_TARGET_STATE newState)
{
    // Close completes or cancels everything sent to the target ([ddi] Close).
    for (FxRequest *r : std::set<FxRequest *>(m_sent))
        r->requestCancelSent();
    const KernelFileId file = m_file;
    m_file = 0;
    m_state = newState;
    if (file)
        host().kernel().closeFile(file);
}

void FxRemoteTarget::customEvent(const GUID &event, const std::vector<std::byte> &data)
{
    if (!m_file || !m_openedInterface)
        return; // events ride on the open handle: none while closed
    if (auto *ri = dynamic_cast<FxRemoteInterface *>(host().object(m_openedInterface)))
        ri->customEvent(event, data);
}

bool FxRemoteTarget::deviceChange(DeviceChange change)
{
    const auto defaultAction = [this](trace::StrId what) {
        // The driver has no IRemoteTargetCallbackRemoval: the framework acts for it (§6.3).
        Tracer::Site s = ddiSite(UMDFX_STR("IWDFRemoteTarget"), what);
        s.kind = trace::Kind::Host;
        s.from = lanes::framework();
        s.to = lanes::framework();
        trace::ArgsWriter args;
        args.string("reason", "framework default: the driver has no IRemoteTargetCallbackRemoval");
        tracer().event(s, std::nullopt, &args);
    };
    const auto site = [this](trace::StrId method) {
        return callbackSite(UMDFX_STR("IRemoteTargetCallbackRemoval"), method);
    };
    addRef(); // the callbacks may delete the target
    bool allow = true;
    switch (change) {
    case DeviceChange::QueryRemove:
        if (!m_file)
            break; // nothing open: nothing to give up
        if (m_removal) {
            TracedCall call(tracer(), site(UMDFX_STR("OnRemoteTargetQueryRemove")));
            const std::uint64_t callbackSeq = call.seq();
            allow = m_removal->OnRemoteTargetQueryRemove(this) != FALSE;
            trace::ArgsWriter out;
            out.boolean("result", allow);
            call.done(std::nullopt, &out);
            if (allow && m_file) {
                host().world().verifier.report(
                    ddiSite(UMDFX_STR("IWDFRemoteTarget"), UMDFX_STR("CloseForQueryRemove")), "V25",
                    "QueryRemoveWithoutClose",
                    "OnRemoteTargetQueryRemove returned TRUE without calling CloseForQueryRemove: "
                    "the handle it keeps open still blocks the removal",
                    { callbackSeq });
            }
        } else {
            defaultAction(UMDFX_STR("CloseForQueryRemove"));
            closeFile(WdfIoTargetClosedForQueryRemove);
        }
        break;
    case DeviceChange::QueryRemoveFailed:
        if (m_state != WdfIoTargetClosedForQueryRemove)
            break;
        if (m_removal) {
            TracedCall call(tracer(), site(UMDFX_STR("OnRemoteTargetRemoveCanceled")));
            m_removal->OnRemoteTargetRemoveCanceled(this);
        } else {
            defaultAction(UMDFX_STR("Reopen"));
            if (FAILED(open(m_path, m_access)))
                m_state = WdfIoTargetClosed;
        }
        break;
    case DeviceChange::RemoveComplete:
        if (m_state == WdfIoTargetDeleted)
            break;
        if (m_removal) {
            TracedCall call(tracer(), site(UMDFX_STR("OnRemoteTargetRemoveComplete")));
            m_removal->OnRemoteTargetRemoveComplete(this);
            call.done(std::nullopt);
            if (m_file) {
                host().world().verifier.report(
                    ddiSite(UMDFX_STR("IWDFRemoteTarget"), UMDFX_STR("Close")), "V25",
                    "RemoveCompleteWithoutClose",
                    "OnRemoteTargetRemoveComplete returned without closing the target",
                    { call.seq() });
            }
        } else {
            defaultAction(UMDFX_STR("Close"));
            closeFile(WdfIoTargetClosed);
        }
        break;
    default:
        break;
    }
    release();
    return allow;
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::OpenRemoteInterface(IWDFRemoteInterface *pRemoteInterface,
    PCWSTR pszRelativeFileName, DWORD DesiredAccess, PUMDF_IO_TARGET_OPEN_PARAMS)
{
    std::lock_guard lock(host().world().lock);
    auto *ri = dynamic_cast<FxRemoteInterface *>(pRemoteInterface);
    const std::string relative = pszRelativeFileName ? toUtf8(pszRelativeFileName) : std::string();
    trace::ArgsWriter args;
    args.objectRef("pRemoteInterface", ri ? ri->id() : 0);
    args.string("pszRelativeFileName", pszRelativeFileName ? relative : std::string("NULL"));
    args.hex32("DesiredAccess", DesiredAccess);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFRemoteTarget"), UMDFX_STR("OpenRemoteInterface")), &args);
    HRESULT hr = E_INVALIDARG;
    if (ri && ri->lifecycle() == FxLifecycle::Alive) {
        std::string path = ri->symbolicLink();
        if (!relative.empty())
            path += (relative.front() == '\\' ? "" : "\\") + relative; // appended to the link
        hr = open(path, DesiredAccess);
        if (SUCCEEDED(hr))
            m_openedInterface = ri->id();
    }
    trace::ArgsWriter out;
    out.string("state", stateName(m_state));
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::OpenFileByName(
    PCWSTR pszFileName, DWORD DesiredAccess, PUMDF_IO_TARGET_OPEN_PARAMS)
{
    std::lock_guard lock(host().world().lock);
    const std::string name = pszFileName ? toUtf8(pszFileName) : std::string();
    trace::ArgsWriter args;
    args.string("pszFileName", name);
    args.hex32("DesiredAccess", DesiredAccess);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFRemoteTarget"), UMDFX_STR("OpenFileByName")), &args);
    const HRESULT hr = name.empty() ? E_INVALIDARG : open(name, DesiredAccess);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::Close()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFRemoteTarget"), UMDFX_STR("Close")));
    closeFile(WdfIoTargetClosed);
    call.done(static_cast<std::uint32_t>(S_OK)); // Close always succeeds
    return S_OK;
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::CloseForQueryRemove()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFRemoteTarget"), UMDFX_STR("CloseForQueryRemove")));
    closeFile(WdfIoTargetClosedForQueryRemove);
    call.done(static_cast<std::uint32_t>(S_OK));
    return S_OK;
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::Reopen()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFRemoteTarget"), UMDFX_STR("Reopen")));
    // Reopen uses the name of the last open ([ddi] Reopen).
    const HRESULT hr
        = m_path.empty() ? HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE) : open(m_path, m_access);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

WDF_IO_TARGET_STATE STDMETHODCALLTYPE FxRemoteTarget::GetState()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFRemoteTarget"), UMDFX_STR("GetState")));
    trace::ArgsWriter out;
    out.string("result", stateName(m_state));
    call.done(std::nullopt, &out);
    return m_state;
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::Start()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFRemoteTarget"), UMDFX_STR("Start")));
    HRESULT hr = S_OK;
    if (m_state == WdfIoTargetDeleted || !m_file)
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    else
        m_state = WdfIoTargetStarted;
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::Stop(WDF_IO_TARGET_SENT_IO_ACTION Action)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.u64("Action", static_cast<std::uint64_t>(Action));
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFRemoteTarget"), UMDFX_STR("Stop")), &args);
    if (m_state == WdfIoTargetStarted)
        m_state = WdfIoTargetStopped;
    if (Action == WdfIoTargetCancelSentIo) {
        for (FxRequest *r : std::set<FxRequest *>(m_sent))
            r->requestCancelSent();
    }
    call.done(static_cast<std::uint32_t>(S_OK)); // Stop always succeeds
    return S_OK;
}

HRESULT FxRemoteTarget::format(IWDFIoRequest *pRequest, WDF_REQUEST_TYPE type, IWDFMemory *input,
    PWDFMEMORY_OFFSET inputOffset, IWDFMemory *output, PWDFMEMORY_OFFSET outputOffset, ULONG ioctl,
    trace::StrId method)
{
    std::lock_guard lock(host().world().lock);
    auto *r = dynamic_cast<FxRequest *>(pRequest);
    auto *in = dynamic_cast<FxMemory *>(input);
    auto *out = dynamic_cast<FxMemory *>(output);
    trace::ArgsWriter args;
    args.objectRef("pRequest", r ? r->id() : 0);
    if (in)
        args.objectRef("pInputMemory", in->id());
    if (out)
        args.objectRef("pOutputMemory", out->id());
    Tracer::Site site = ddiSite(UMDFX_STR("IWDFIoTarget"), method);
    if (r)
        site.request = r->requestId();
    TracedCall call(tracer(), site, &args);
    HRESULT hr = S_OK;
    if (!r || (input && !in) || (output && !out))
        hr = E_INVALIDARG;
    else if (!r->driverCreated())
        hr = E_NOTIMPL; // formatting a received request for a target is not simulated yet
    else
        r->format(type, this, in, inputOffset, out, outputOffset, ioctl);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::FormatRequestForRead(IWDFIoRequest *pRequest, IWDFFile *,
    IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset, PLONGLONG)
{
    return format(pRequest, WdfRequestRead, nullptr, nullptr, pOutputMemory, pOutputMemoryOffset, 0,
        UMDFX_STR("FormatRequestForRead"));
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::FormatRequestForWrite(IWDFIoRequest *pRequest, IWDFFile *,
    IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, PLONGLONG)
{
    return format(pRequest, WdfRequestWrite, pInputMemory, pInputMemoryOffset, nullptr, nullptr, 0,
        UMDFX_STR("FormatRequestForWrite"));
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::FormatRequestForIoctl(IWDFIoRequest *pRequest,
    ULONG IoctlCode, IWDFFile *, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset,
    IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset)
{
    return format(pRequest, WdfRequestDeviceIoControl, pInputMemory, pInputMemoryOffset,
        pOutputMemory, pOutputMemoryOffset, IoctlCode, UMDFX_STR("FormatRequestForIoctl"));
}

static HRESULT notSimulatedTarget(FxRemoteTarget &t, trace::StrId method)
{
    std::lock_guard lock(t.host().world().lock);
    TracedCall call(t.tracer(), t.ddiSite(UMDFX_STR("IWDFIoTarget2"), method));
    Tracer::Site s = t.ddiSite(UMDFX_STR("IWDFIoTarget2"), method);
    s.kind = trace::Kind::Host;
    trace::ArgsWriter args;
    args.string("note", "not simulated yet: the call returns E_NOTIMPL");
    t.tracer().event(s, static_cast<std::uint32_t>(E_NOTIMPL), &args);
    call.done(static_cast<std::uint32_t>(E_NOTIMPL));
    return E_NOTIMPL;
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::FormatRequestForFlush(IWDFIoRequest *, IWDFFile *)
{
    return notSimulatedTarget(*this, UMDFX_STR("FormatRequestForFlush"));
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::FormatRequestForQueryInformation(
    IWDFIoRequest *, WDF_FILE_INFORMATION_CLASS, IWDFFile *, IWDFMemory *, PWDFMEMORY_OFFSET)
{
    return notSimulatedTarget(*this, UMDFX_STR("FormatRequestForQueryInformation"));
}

HRESULT STDMETHODCALLTYPE FxRemoteTarget::FormatRequestForSetInformation(
    IWDFIoRequest *, WDF_FILE_INFORMATION_CLASS, IWDFFile *, IWDFMemory *, PWDFMEMORY_OFFSET)
{
    return notSimulatedTarget(*this, UMDFX_STR("FormatRequestForSetInformation"));
}

void STDMETHODCALLTYPE FxRemoteTarget::GetTargetFile(IWDFFile **ppWdfFile)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoTarget"), UMDFX_STR("GetTargetFile")));
    // A remote target's file is the host's handle on the other device, not a framework file object.
    if (ppWdfFile)
        *ppWdfFile = nullptr;
}

void STDMETHODCALLTYPE FxRemoteTarget::CancelSentRequestsForFile(IWDFFile *)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoTarget"), UMDFX_STR("CancelSentRequestsForFile")));
    for (FxRequest *r : std::set<FxRequest *>(m_sent))
        r->requestCancelSent();
}

// ---- FxCompletionParams ----------------------------------------------------------------------

FxCompletionParams::FxCompletionParams(
    HRESULT status, ULONG_PTR information, WDF_REQUEST_TYPE type, FxMemory *memory)
    : m_status(status)
    , m_information(information)
    , m_type(type)
    , m_memory(memory)
{
    if (m_memory)
        m_memory->addRef();
}

FxCompletionParams::~FxCompletionParams()
{
    if (m_memory)
        m_memory->release();
}

ULONG STDMETHODCALLTYPE FxCompletionParams::Release()
{
    const ULONG left = --m_refs;
    if (left == 0)
        delete this;
    return left;
}

HRESULT STDMETHODCALLTYPE FxCompletionParams::QueryInterface(REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (riid == IID_IUnknown || riid == IID_IWDFRequestCompletionParams
        || riid == IID_IWDFIoRequestCompletionParams) {
        *ppv = static_cast<IWDFIoRequestCompletionParams *>(this);
        AddRef();
        return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
}

void STDMETHODCALLTYPE FxCompletionParams::GetWriteParameters(
    IWDFMemory **ppWriteMemory, SIZE_T *pBytesWritten, SIZE_T *pWriteMemoryOffset)
{
    const bool write = m_type == WdfRequestWrite;
    if (ppWriteMemory) {
        *ppWriteMemory = write ? m_memory : nullptr;
        if (*ppWriteMemory)
            m_memory->addRef();
    }
    if (pBytesWritten)
        *pBytesWritten = write ? m_information : 0;
    if (pWriteMemoryOffset)
        *pWriteMemoryOffset = 0;
}

void STDMETHODCALLTYPE FxCompletionParams::GetReadParameters(
    IWDFMemory **ppReadMemory, SIZE_T *pBytesRead, SIZE_T *pReadMemoryOffset)
{
    const bool read = m_type == WdfRequestRead;
    if (ppReadMemory) {
        *ppReadMemory = read ? m_memory : nullptr;
        if (*ppReadMemory)
            m_memory->addRef();
    }
    if (pBytesRead)
        *pBytesRead = read ? m_information : 0;
    if (pReadMemoryOffset)
        *pReadMemoryOffset = 0;
}

void STDMETHODCALLTYPE FxCompletionParams::GetIoctlParameters(ULONG *pIoControlCode,
    IWDFMemory **ppInputMemory, SIZE_T *pInputMemoryOffset, IWDFMemory **ppOutputMemory,
    SIZE_T *pOutputMemoryOffset, SIZE_T *pOutBytes)
{
    if (pIoControlCode)
        *pIoControlCode = 0;
    if (ppInputMemory)
        *ppInputMemory = nullptr;
    if (pInputMemoryOffset)
        *pInputMemoryOffset = 0;
    if (ppOutputMemory)
        *ppOutputMemory = nullptr;
    if (pOutputMemoryOffset)
        *pOutputMemoryOffset = 0;
    if (pOutBytes)
        *pOutBytes = m_type == WdfRequestDeviceIoControl ? m_information : 0;
}

} // namespace umdfx::fx
