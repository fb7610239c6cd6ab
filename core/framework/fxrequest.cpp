#include "core/framework/fxrequest.h"

#include "core/framework/fxdevice.h"
#include "core/framework/fxdriver.h"
#include "core/framework/fxfile.h"
#include "core/framework/fxioqueue.h"
#include "core/framework/fxmemory.h"
#include "core/framework/fxobjectimpl.h"
#include "core/framework/fxremotetarget.h"
#include "core/win32/statusmapping.h"

#include <algorithm>

namespace umdfx::fx {

namespace {
WDF_REQUEST_TYPE requestType(IrpType t)
{
    switch (t) {
    case IrpType::Create:
        return WdfRequestCreate;
    case IrpType::Read:
        return WdfRequestRead;
    case IrpType::Write:
        return WdfRequestWrite;
    case IrpType::DeviceIoControl:
        return WdfRequestDeviceIoControl;
    case IrpType::Cleanup:
        return WdfRequestCleanup;
    case IrpType::Close:
        return WdfRequestClose;
    }
    return WdfRequestUndefined;
}
} // namespace

FxRequest::FxRequest(DriverHost &host, FxDevice &device, const IoMessage &msg, FxFile *file)
    : FxObjectImpl<IWDFIoRequest3>(host, device.driver(), "IWDFIoRequest", nullptr)
    , m_device(&device)
    , m_irp(msg.irp)
    , m_type(requestType(msg.type))
    , m_file(file)
    , m_input(msg.input)
    , m_output(static_cast<std::size_t>(msg.outputLength))
    , m_offset(msg.offset)
    , m_ioctl(msg.ioControlCode)
    , m_pid(msg.processId)
    , m_createOptions(msg.createOptions)
    , m_shareAccess(static_cast<USHORT>(msg.shareAccess))
    , m_desiredAccess(msg.desiredAccess)
{
    if (m_file)
        m_file->addRef();
    host.trackRequest(m_irp, this);
}

FxRequest::FxRequest(DriverHost &host, FxDevice &device, FxObjectBase *parent)
    : FxObjectImpl<IWDFIoRequest3>(host, device.driver(), "IWDFIoRequest", parent)
    , m_device(&device)
    , m_irp(host.world().newRequestId())
    , m_type(WdfRequestUndefined)
    , m_file(nullptr)
    , m_state(State::Owned)
    , m_driverCreated(true)
{ }

void FxRequest::format(WDF_REQUEST_TYPE type, FxRemoteTarget *target, FxMemory *input,
    const WDFMEMORY_OFFSET *inputOffset, FxMemory *output, const WDFMEMORY_OFFSET *outputOffset,
    ULONG ioctl)
{
    clearFormat();
    m_type = type;
    m_formatTarget = target;
    m_formatted = true;
    m_ioctl = ioctl;
    m_input.clear();
    m_output.clear();
    if (input) {
        input->addRef();
        m_formatInput = input;
        const SIZE_T off = inputOffset ? inputOffset->BufferOffset : 0;
        const SIZE_T len = inputOffset ? inputOffset->BufferLength
                                       : input->size() - std::min(off, input->size());
        if (off <= input->size() && len <= input->size() - off)
            m_input.assign(input->data() + off, input->data() + off + len);
    }
    if (output) {
        output->addRef();
        m_formatOutput = output;
        m_outputOffset = outputOffset ? outputOffset->BufferOffset : 0;
        const SIZE_T len = outputOffset
            ? outputOffset->BufferLength
            : output->size() - std::min<SIZE_T>(m_outputOffset, output->size());
        m_output.resize(len);
    }
}

void FxRequest::clearFormat()
{
    releaseInterface(m_formatInput);
    releaseInterface(m_formatOutput);
    m_outputOffset = 0;
}

void FxRequest::targetCompleted(
    HRESULT status, std::uint64_t information, std::vector<std::byte> output)
{
    m_sentIrp = 0;
    m_status = status;
    m_information = static_cast<ULONG_PTR>(information);
    m_targetCompleted = true;
    if (m_formatOutput && !output.empty()) {
        const SIZE_T room
            = m_formatOutput->size() - std::min<SIZE_T>(m_outputOffset, m_formatOutput->size());
        const SIZE_T n = std::min<SIZE_T>(room, output.size());
        std::copy_n(output.begin(), n, m_formatOutput->data() + m_outputOffset);
    }
    FxRemoteTarget *target = m_sentTarget;
    m_sentTarget = nullptr;
    if (target)
        target->finished(this);
    if (m_completionCallback) {
        // OnCompletion is not serialized with the device's queue callbacks (§7.2).
        IRequestCallbackRequestCompletion *cb = m_completionCallback;
        cb->AddRef();
        FxCompletionParams *params = new FxCompletionParams(m_status, m_information, m_type,
            m_type == WdfRequestRead ? m_formatOutput : m_formatInput);
        trace::ArgsWriter args;
        args.objectRef("pWdfRequest", id());
        args.objectRef("pIoTarget", target ? target->id() : 0);
        args.hex32("CompletionStatus", static_cast<std::uint32_t>(m_status));
        args.u64("Information", m_information);
        TracedCall call(tracer(),
            callbackSite(UMDFX_STR("IRequestCallbackRequestCompletion"), UMDFX_STR("OnCompletion")),
            &args);
        cb->OnCompletion(this, target, params, m_completionContext);
        params->Release();
        cb->Release();
    }
    release(); // the in-flight reference
}

FxRequest::~FxRequest()
{
    if (m_sentIrp)
        host().untrackSent(m_sentIrp);
    releaseInterface(m_completionCallback);
    clearFormat();
    if (m_file)
        m_file->release();
    host().untrackRequest(m_irp);
}

SIZE_T FxRequest::transferLength() const
{
    switch (m_type) {
    case WdfRequestRead:
        return m_output.size();
    case WdfRequestWrite:
        return m_input.size();
    case WdfRequestDeviceIoControl:
        return m_input.size();
    default:
        return 0;
    }
}

void FxRequest::notSimulated(trace::StrId method, std::string_view what)
{
    Tracer::Site s = ddiSite(UMDFX_STR("IWDFIoRequest"), method);
    s.kind = trace::Kind::Host;
    s.from = lanes::framework();
    s.to = driverLane();
    trace::ArgsWriter args;
    args.string("note", std::string("not simulated yet: ") + std::string(what));
    tracer().event(s, static_cast<std::uint32_t>(E_NOTIMPL), &args);
}

bool FxRequest::usedAfterCompletion(trace::StrId method)
{
    if (m_state != State::Completed)
        return false;
    host().world().verifier.report(ddiSite(UMDFX_STR("IWDFIoRequest"), method), "V7",
        "RequestUsedAfterCompletion",
        "the driver called a method of a request it had already completed; the request "
        "object is invalid once Complete returns",
        { m_deliveredSeq, m_completedSeq });
    return true;
}

bool FxRequest::ownedByDriver(trace::StrId method)
{
    if (m_state == State::Owned)
        return true;
    if (usedAfterCompletion(method))
        return false;
    host().world().verifier.report(ddiSite(UMDFX_STR("IWDFIoRequest"), method), "V10",
        "RequestNotOwned", "the driver used a request that the framework has not delivered to it",
        { m_deliveredSeq });
    return false;
}

void FxRequest::complete(HRESULT status, SIZE_T information, bool byFramework)
{
    if (m_driverCreated) {
        host().world().verifier.report(ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Complete")),
            "V18", "CompletedDriverCreatedRequest",
            "a request the driver created is never completed: delete it (DeleteWdfObject) or Reuse "
            "it",
            { createdSeq() });
        return;
    }
    if (m_state == State::Completed) {
        host().world().verifier.report(ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Complete")),
            "V5", "DoubleCompletion",
            "the request was completed a second time; a request is completed exactly once",
            { m_deliveredSeq, m_completedSeq });
        return;
    }
    if (!byFramework && m_state == State::Queued) {
        // Forwarded or requeued: the queue owns it now, not the driver (§3.4).
        host().world().verifier.report(ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Complete")),
            "V10", "CompletedNotOwned",
            "the driver completed a request it does not own: it waits in a queue (forwarded or "
            "requeued) and only the queue's next delivery gives it back to the driver",
            { m_deliveredSeq });
        return;
    }
    if (!byFramework && m_cancelCallback && !m_cancelDelivered) {
        host().world().verifier.report(ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Complete")),
            "V10", "CompletedWhileCancelable",
            "a cancelable request was completed without UnmarkCancelable first",
            { m_deliveredSeq });
    }
    if (!byFramework && !isTranslatableStatus(status)) {
        host().world().verifier.report(ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Complete")),
            "V28", "UntranslatableStatus",
            "the completion status is not S_OK-like, HRESULT_FROM_WIN32 or HRESULT_FROM_NT "
            "shaped; the host cannot turn it into an NTSTATUS for the application",
            { m_deliveredSeq });
    }
    for (FxMemory *m : { m_inputMemory, m_outputMemory }) {
        // The tree holds one reference; any other is the driver's, from Get*Memory.
        if (!byFramework && m && m->lifecycle() == FxLifecycle::Alive && m->refCount() > 1) {
            host().world().verifier.report(
                ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Complete")), "V8",
                "MemoryNotReleased",
                "a memory object from GetInputMemory/GetOutputMemory was not released "
                "before the request was completed",
                { m_deliveredSeq });
        }
    }
    const State before = m_state;
    m_state = State::Completed;
    m_completedSeq = tracer().innermostCall().value_or(tracer().lastSeq());
    m_status = status;
    m_information = information;

    std::vector<std::byte> output;
    if (SUCCEEDED(status) && (m_type == WdfRequestRead || m_type == WdfRequestDeviceIoControl)) {
        const std::size_t n = std::min<std::size_t>(information, m_output.size());
        output.assign(m_output.begin(), m_output.begin() + static_cast<std::ptrdiff_t>(n));
    }
    if (m_queue) {
        if (before == State::Queued)
            m_queue->takeQueued(this);
        else
            m_queue->released(this);
    }
    host().untrackRequest(m_irp);
    if (m_type == WdfRequestCreate && FAILED(status) && m_file) {
        // A failed create leaves no file object behind: no cleanup or close will come for it.
        m_device->removeFile(m_file->kernelFile());
        m_file->deleteTree();
    }
    host().kernel().ioCompleted(m_irp, status, information, std::move(output));
    // The request is invalid once Complete returns; keep the object (retired) so a late use is a
    // verifier finding instead of a crash.
    host().retire(this);
    deleteTree();
}

void FxRequest::completeByFramework(HRESULT status, SIZE_T information, std::string_view why)
{
    Tracer::Site s = ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("CompleteWithInformation"));
    s.kind = trace::Kind::Host;
    s.from = lanes::framework();
    s.to = lanes::framework();
    trace::ArgsWriter args;
    args.hex32("CompletionStatus", static_cast<std::uint32_t>(status));
    args.u64("Information", information);
    args.string("reason", why);
    tracer().event(s, static_cast<std::uint32_t>(status), &args);
    complete(status, information, true);
}

void FxRequest::requestCancel()
{
    if (m_state == State::Completed)
        return;
    m_cancelRequested = true;
    if (m_state == State::Queued) {
        // Not yet delivered: the framework completes it; the driver never sees it (§3.5).
        completeByFramework(
            HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED), 0, "cancelled while waiting in the queue");
        return;
    }
    if (!m_cancelCallback || m_cancelDelivered)
        return; // the driver polls IsCanceled, or OnCancel is already on its way
    m_cancelDelivered = true;
    IRequestCallbackCancel *cb = m_cancelCallback;
    cb->AddRef();
    addRef();
    host().post([this, cb] {
        if (m_state != State::Completed) {
            trace::ArgsWriter args;
            args.objectRef("pWdfRequest", id());
            const FxDevice::SerializedCallback serialized(device());
            TracedCall call(tracer(),
                callbackSite(UMDFX_STR("IRequestCallbackCancel"), UMDFX_STR("OnCancel")), &args);
            cb->OnCancel(this);
        }
        cb->Release();
        release();
    });
}

void FxRequest::callIoStop(ULONG actionFlags)
{
    if (m_state != State::Owned || !m_queue)
        return;
    IQueueCallbackIoStop *stop = m_queue->callbacks().ioStop;
    if (!stop) {
        // No OnIoStop: on purge the framework cancels what it can (inferred from KMDF).
        if ((actionFlags & WdfRequestStopActionPurge) && m_cancelCallback)
            requestCancel();
        return;
    }
    if (m_cancelCallback && !m_cancelDelivered)
        actionFlags |= WdfRequestStopRequestCancelable;
    trace::ArgsWriter args;
    args.objectRef("pWdfQueue", m_queue->id());
    args.objectRef("pWdfRequest", id());
    args.hex32("ActionFlags", actionFlags);
    const FxDevice::SerializedCallback serialized(device());
    TracedCall call(
        tracer(), callbackSite(UMDFX_STR("IQueueCallbackIoStop"), UMDFX_STR("OnIoStop")), &args);
    m_inStopCallback = true;
    m_stopAcknowledged = false;
    addRef();
    stop->OnIoStop(m_queue, this, actionFlags);
    m_inStopCallback = false;
    release();
}

void FxRequest::callIoResume()
{
    if (!m_stopAcknowledged || m_state != State::Owned || !m_queue)
        return;
    m_stopAcknowledged = false;
    IQueueCallbackIoResume *resume = m_queue->callbacks().ioResume;
    if (!resume)
        return;
    trace::ArgsWriter args;
    args.objectRef("pWdfQueue", m_queue->id());
    args.objectRef("pWdfRequest", id());
    const FxDevice::SerializedCallback serialized(device()); // (inferred, §7.2)
    TracedCall call(tracer(),
        callbackSite(UMDFX_STR("IQueueCallbackIoResume"), UMDFX_STR("OnIoResume")), &args);
    addRef();
    resume->OnIoResume(m_queue, this);
    release();
}

FxMemory *FxRequest::memoryFor(std::vector<std::byte> &storage, FxMemory *&cache)
{
    if (!cache || cache->lifecycle() != FxLifecycle::Alive)
        cache = new FxMemory(host(), driver(), this, &storage);
    cache->addRef();
    return cache;
}

HRESULT FxRequest::driverDelete()
{
    // A request the framework delivered is completed, never deleted ([ddi] DeleteWdfObject); one
    // the driver created is deleted, never completed.
    if (!m_driverCreated)
        return HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED);
    deleteTree();
    return S_OK;
}

// ---- IWDFIoRequest ------------------------------------------------------------------------------

void STDMETHODCALLTYPE FxRequest::CompleteWithInformation(
    HRESULT CompletionStatus, SIZE_T Information)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.hex32("CompletionStatus", static_cast<std::uint32_t>(CompletionStatus));
    args.u64("Information", Information);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("CompleteWithInformation")), &args);
    complete(CompletionStatus, Information, false);
}

void STDMETHODCALLTYPE FxRequest::SetInformation(ULONG_PTR Information)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.u64("Information", Information);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("SetInformation")), &args);
    if (!usedAfterCompletion(UMDFX_STR("SetInformation")))
        m_information = Information;
}

void STDMETHODCALLTYPE FxRequest::Complete(HRESULT CompletionStatus)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.hex32("CompletionStatus", static_cast<std::uint32_t>(CompletionStatus));
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Complete")), &args);
    // Complete reports what SetInformation set (inferred, §3.4).
    complete(CompletionStatus, m_state == State::Completed ? 0 : m_information, false);
}

void STDMETHODCALLTYPE FxRequest::SetCompletionCallback(
    IRequestCallbackRequestCompletion *pCompletionCallback, void *pContext)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.boolean("pCompletionCallback", pCompletionCallback != nullptr);
    args.boolean("pContext", pContext != nullptr);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("SetCompletionCallback")), &args);
    if (usedAfterCompletion(UMDFX_STR("SetCompletionCallback")))
        return;
    if (pCompletionCallback)
        pCompletionCallback->AddRef();
    releaseInterface(m_completionCallback);
    m_completionCallback = pCompletionCallback;
    m_completionContext = pContext;
}

WDF_REQUEST_TYPE STDMETHODCALLTYPE FxRequest::GetType()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetType")));
    usedAfterCompletion(UMDFX_STR("GetType"));
    trace::ArgsWriter out;
    out.u64("result", static_cast<std::uint64_t>(m_type));
    call.done(std::nullopt, &out);
    return m_type;
}

void STDMETHODCALLTYPE FxRequest::GetCreateParameters(
    ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetCreateParameters")));
    usedAfterCompletion(UMDFX_STR("GetCreateParameters"));
    const bool isCreate = m_type == WdfRequestCreate;
    if (pOptions)
        *pOptions = isCreate ? m_createOptions : 0;
    if (pFileAttributes)
        *pFileAttributes = 0;
    if (pShareAccess)
        *pShareAccess = isCreate ? m_shareAccess : 0;
}

void STDMETHODCALLTYPE FxRequest::GetReadParameters(
    SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetReadParameters")));
    usedAfterCompletion(UMDFX_STR("GetReadParameters"));
    const bool ok = m_type == WdfRequestRead;
    if (pSizeInBytes)
        *pSizeInBytes = ok ? m_output.size() : 0;
    if (pullOffset)
        *pullOffset = ok ? m_offset : 0;
    if (pulKey)
        *pulKey = 0;
    trace::ArgsWriter out;
    out.u64("SizeInBytes", ok ? m_output.size() : 0);
    out.i64("Offset", ok ? m_offset : 0);
    call.done(std::nullopt, &out);
}

void STDMETHODCALLTYPE FxRequest::GetWriteParameters(
    SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetWriteParameters")));
    usedAfterCompletion(UMDFX_STR("GetWriteParameters"));
    const bool ok = m_type == WdfRequestWrite;
    if (pSizeInBytes)
        *pSizeInBytes = ok ? m_input.size() : 0;
    if (pullOffset)
        *pullOffset = ok ? m_offset : 0;
    if (pulKey)
        *pulKey = 0;
    trace::ArgsWriter out;
    out.u64("SizeInBytes", ok ? m_input.size() : 0);
    out.i64("Offset", ok ? m_offset : 0);
    call.done(std::nullopt, &out);
}

void STDMETHODCALLTYPE FxRequest::GetDeviceIoControlParameters(
    ULONG *pControlCode, SIZE_T *pInBufferSize, SIZE_T *pOutBufferSize)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetDeviceIoControlParameters")));
    usedAfterCompletion(UMDFX_STR("GetDeviceIoControlParameters"));
    const bool ok = m_type == WdfRequestDeviceIoControl;
    if (pControlCode)
        *pControlCode = ok ? m_ioctl : 0;
    if (pInBufferSize)
        *pInBufferSize = ok ? m_input.size() : 0;
    if (pOutBufferSize)
        *pOutBufferSize = ok ? m_output.size() : 0;
}

void STDMETHODCALLTYPE FxRequest::GetOutputMemory(IWDFMemory **ppWdfMemory)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetOutputMemory")));
    if (!ppWdfMemory)
        return;
    *ppWdfMemory = nullptr;
    if (usedAfterCompletion(UMDFX_STR("GetOutputMemory")))
        return;
    if (m_type == WdfRequestWrite) {
        host().world().verifier.report(
            ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetOutputMemory")), "V9",
            "WrongBufferForRequestType",
            "GetOutputMemory was called on a write request; writes have only an input buffer");
        return;
    }
    trace::ArgsWriter out;
    if (!m_output.empty()) {
        FxMemory *m = memoryFor(m_output, m_outputMemory);
        *ppWdfMemory = m;
        out.objectRef("ppWdfMemory", m->id());
        out.u64("size", m_output.size());
    }
    call.done(std::nullopt, &out);
}

void STDMETHODCALLTYPE FxRequest::GetInputMemory(IWDFMemory **ppWdfMemory)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetInputMemory")));
    if (!ppWdfMemory)
        return;
    *ppWdfMemory = nullptr;
    if (usedAfterCompletion(UMDFX_STR("GetInputMemory")))
        return;
    if (m_type == WdfRequestRead) {
        host().world().verifier.report(
            ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetInputMemory")), "V9",
            "WrongBufferForRequestType",
            "GetInputMemory was called on a read request; reads have only an output buffer");
        return;
    }
    trace::ArgsWriter out;
    if (!m_input.empty()) {
        FxMemory *m = memoryFor(m_input, m_inputMemory);
        *ppWdfMemory = m;
        out.objectRef("ppWdfMemory", m->id());
        out.u64("size", m_input.size());
    }
    call.done(std::nullopt, &out);
}

void STDMETHODCALLTYPE FxRequest::MarkCancelable(IRequestCallbackCancel *pCancelCallback)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("MarkCancelable")));
    if (!ownedByDriver(UMDFX_STR("MarkCancelable")) || !pCancelCallback)
        return;
    if (m_queue) {
        if (m_queue->cancelCallback() && m_queue->cancelCallback() != pCancelCallback) {
            host().world().verifier.report(
                ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("MarkCancelable")), "V11",
                "DifferentCancelCallbacks",
                "requests of one queue must all use the same IRequestCallbackCancel object");
        } else {
            m_queue->setCancelCallback(pCancelCallback);
        }
    }
    m_cancelCallback = pCancelCallback;
    // Already cancelled before it became cancelable: OnCancel comes now.
    if (m_cancelRequested && !m_cancelDelivered) {
        m_cancelRequested = false;
        requestCancel();
    }
}

HRESULT STDMETHODCALLTYPE FxRequest::UnmarkCancelable()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("UnmarkCancelable")));
    HRESULT hr = S_OK;
    if (!ownedByDriver(UMDFX_STR("UnmarkCancelable"))) {
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_OPERATION);
    } else if (m_cancelDelivered) {
        // Cancellation is in progress: OnCancel owns the completion (§3.5).
        hr = HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED);
    } else {
        m_cancelCallback = nullptr;
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

BOOL STDMETHODCALLTYPE FxRequest::CancelSentRequest()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("CancelSentRequest")));
    const BOOL delivered = requestCancelSent() ? TRUE : FALSE;
    trace::ArgsWriter out;
    out.boolean("result", delivered != FALSE);
    call.done(std::nullopt, &out);
    return delivered;
}

bool FxRequest::requestCancelSent()
{
    if (!m_sentIrp)
        return false;
    // The completion callback still runs, with the cancelled status (§3.5).
    host().kernel().cancelSentIo(m_sentIrp);
    return true;
}

HRESULT STDMETHODCALLTYPE FxRequest::ForwardToIoQueue(IWDFIoQueue *pDestination)
{
    std::lock_guard lock(host().world().lock);
    auto *dest = dynamic_cast<FxIoQueue *>(pDestination);
    trace::ArgsWriter args;
    args.objectRef("pDestination", dest ? dest->id() : 0);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("ForwardToIoQueue")), &args);
    HRESULT hr = S_OK;
    // The driver must own it; the destination must be another queue of the same device; the
    // request must not be cancelable ([ddi] ForwardToIoQueue). Status for a violation: inferred.
    if (!ownedByDriver(UMDFX_STR("ForwardToIoQueue")) || !dest || dest == m_queue
        || dest->device() != m_device || m_cancelCallback) {
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_OPERATION);
    } else {
        if (m_queue)
            m_queue->released(this);
        dest->enqueue(this);
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxRequest::Send(IWDFIoTarget *pIoTarget, ULONG Flags, LONGLONG Timeout)
{
    std::lock_guard lock(host().world().lock);
    auto *target = dynamic_cast<FxRemoteTarget *>(pIoTarget);
    trace::ArgsWriter args;
    args.objectRef("pIoTarget", target ? target->id() : 0);
    args.hex32("Flags", Flags);
    args.i64("Timeout", Timeout);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Send")), &args);
    HRESULT hr = S_OK;
    const bool ignoreState = (Flags & WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE) != 0;
    if (!target) {
        hr = E_INVALIDARG; // only remote targets are simulated so far
    } else if (!m_driverCreated) {
        hr = E_NOTIMPL; // forwarding a received request is not simulated yet
        notSimulated(
            UMDFX_STR("Send"), "sending a received request (only driver-created requests are)");
    } else if (!m_formatted || m_formatTarget != target) {
        host().world().verifier.report(ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Send")),
            "V19", "SendUnformattedRequest",
            "the request was sent without being formatted for that target first");
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    } else if (m_sentIrp) {
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE); // already in flight
    } else if (!target->canSend() && !(ignoreState && target->file())) {
        // A closed or query-remove-closed target refuses I/O (§6.2, KMDF behaviour, inferred).
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    } else {
        const IrpType type = m_type == WdfRequestRead ? IrpType::Read
            : m_type == WdfRequestWrite               ? IrpType::Write
                                                      : IrpType::DeviceIoControl;
        m_sentTarget = target;
        m_sentIrp = host().kernel().sendIo(
            &host(), target->file(), type, m_input, m_output.size(), m_ioctl, m_irp);
        if (!m_sentIrp) {
            m_sentTarget = nullptr;
            hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
        } else {
            target->sent(this);
            host().trackSent(m_sentIrp, this);
            addRef(); // in flight
            if (Flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) {
                // Send returns after the target completed it (the host thread waits).
                // A driver's own thread parks; the host's runs the simulation meanwhile.
                host().world().threads.wait([this] { return m_sentIrp == 0; }, std::nullopt,
                    "IWDFIoRequest::Send (synchronous)", trace::StrId(0));
            }
        }
    }
    if (FAILED(hr))
        m_status = hr; // GetStatus reports why the send failed (§6.4)
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

void STDMETHODCALLTYPE FxRequest::GetFileObject(IWDFFile **ppFileObject)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetFileObject")));
    usedAfterCompletion(UMDFX_STR("GetFileObject"));
    if (!ppFileObject)
        return;
    *ppFileObject = m_file;
    if (m_file)
        m_file->addRef();
}

void STDMETHODCALLTYPE FxRequest::FormatUsingCurrentType()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("FormatUsingCurrentType")));
    notSimulated(UMDFX_STR("FormatUsingCurrentType"), "forwarding a received request");
}

ULONG STDMETHODCALLTYPE FxRequest::GetRequestorProcessId()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetRequestorProcessId")));
    return m_pid;
}

void STDMETHODCALLTYPE FxRequest::GetIoQueue(IWDFIoQueue **ppWdfIoQueue)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetIoQueue")));
    if (!ppWdfIoQueue)
        return;
    *ppWdfIoQueue = m_queue;
    if (m_queue)
        m_queue->addRef();
}

HRESULT STDMETHODCALLTYPE FxRequest::Impersonate(
    SECURITY_IMPERSONATION_LEVEL, IImpersonateCallback *pCallback, void *pvCallbackContext)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Impersonate")));
    HRESULT hr = S_OK;
    if (!pCallback || !ownedByDriver(UMDFX_STR("Impersonate"))) {
        hr = E_INVALIDARG;
    } else {
        // The framework runs the callback at once, as the client (there is one user in the
        // simulator).
        TracedCall cb(
            tracer(), callbackSite(UMDFX_STR("IImpersonateCallback"), UMDFX_STR("OnImpersonate")));
        pCallback->OnImpersonate(pvCallbackContext);
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

BOOL STDMETHODCALLTYPE FxRequest::IsFrom32BitProcess()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("IsFrom32BitProcess")));
    return FALSE;
}

void STDMETHODCALLTYPE FxRequest::GetCompletionParams(
    IWDFRequestCompletionParams **ppCompletionParams)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetCompletionParams")));
    if (!ppCompletionParams)
        return;
    *ppCompletionParams = nullptr;
    if (!m_targetCompleted) {
        host().world().verifier.report(
            ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("GetCompletionParams")), "V21",
            "CompletionParamsWithoutCompletion",
            "GetCompletionParams was called on a request that no target has completed (after a "
            "failed Send "
            "only GetStatus is valid)");
        return;
    }
    FxMemory *memory = m_type == WdfRequestRead ? m_formatOutput : m_formatInput;
    *ppCompletionParams = new FxCompletionParams(m_status, m_information, m_type, memory);
    trace::ArgsWriter out;
    out.hex32("CompletionStatus", static_cast<std::uint32_t>(m_status));
    out.u64("Information", m_information);
    call.done(std::nullopt, &out);
}

// ---- IWDFIoRequest2 -----------------------------------------------------------------------------

void STDMETHODCALLTYPE FxRequest::Reuse(HRESULT hrNewStatus)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.hex32("hrNewStatus", static_cast<std::uint32_t>(hrNewStatus));
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("Reuse")), &args);
    if (m_sentIrp)
        return; // still in flight: nothing to reuse yet
    // Ready to be formatted and sent again; the completion callback must be set again (§6.4).
    m_status = hrNewStatus;
    m_information = 0;
    m_formatted = false;
    m_targetCompleted = false;
    m_formatTarget = nullptr;
    releaseInterface(m_completionCallback);
    m_completionContext = nullptr;
    clearFormat();
}

WDF_KPROCESSOR_MODE STDMETHODCALLTYPE FxRequest::GetRequestorMode()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("GetRequestorMode")));
    return WdfUserMode;
}

BOOL STDMETHODCALLTYPE FxRequest::IsFromUserModeDriver()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("IsFromUserModeDriver")));
    return FALSE;
}

HRESULT FxRequest::retrieveBuffer(
    bool input, SIZE_T minimumRequiredCb, PVOID *buffer, SIZE_T *bufferCb, trace::StrId method)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.u64("MinimumRequiredCb", minimumRequiredCb);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), method), &args);
    std::vector<std::byte> &storage = input ? m_input : m_output;
    // A read has no input buffer and a write no output buffer; too small counts as none
    // ([ddi] RetrieveInputBuffer / RetrieveOutputBuffer).
    const WDF_REQUEST_TYPE excluded = input ? WdfRequestRead : WdfRequestWrite;
    HRESULT hr = S_OK;
    if (!buffer)
        hr = E_POINTER;
    else if (usedAfterCompletion(method))
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    else if (m_type == excluded || storage.empty() || storage.size() < minimumRequiredCb)
        hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    if (SUCCEEDED(hr)) {
        *buffer = storage.data();
        if (bufferCb)
            *bufferCb = storage.size();
    } else if (buffer) {
        *buffer = nullptr;
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT FxRequest::retrieveMemory(bool input, IWDFMemory **memory, trace::StrId method)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), method));
    const WDF_REQUEST_TYPE excluded = input ? WdfRequestRead : WdfRequestWrite;
    std::vector<std::byte> &storage = input ? m_input : m_output;
    HRESULT hr = S_OK;
    if (!memory)
        hr = E_POINTER;
    else if (usedAfterCompletion(method))
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    else if (m_type == excluded || storage.empty())
        hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    else
        *memory = memoryFor(storage, input ? m_inputMemory : m_outputMemory);
    if (FAILED(hr) && memory)
        *memory = nullptr;
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxRequest::RetrieveInputBuffer(
    SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb)
{
    return retrieveBuffer(
        true, MinimumRequiredCb, Buffer, BufferCb, UMDFX_STR("RetrieveInputBuffer"));
}

HRESULT STDMETHODCALLTYPE FxRequest::RetrieveOutputBuffer(
    SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb)
{
    return retrieveBuffer(
        false, MinimumRequiredCb, Buffer, BufferCb, UMDFX_STR("RetrieveOutputBuffer"));
}

HRESULT STDMETHODCALLTYPE FxRequest::RetrieveInputMemory(IWDFMemory **Memory)
{
    return retrieveMemory(true, Memory, UMDFX_STR("RetrieveInputMemory"));
}

HRESULT STDMETHODCALLTYPE FxRequest::RetrieveOutputMemory(IWDFMemory **Memory)
{
    return retrieveMemory(false, Memory, UMDFX_STR("RetrieveOutputMemory"));
}

WDF_DEVICE_IO_TYPE STDMETHODCALLTYPE FxRequest::GetEffectiveIoType()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("GetEffectiveIoType")));
    return WdfDeviceIoBuffered;
}

void STDMETHODCALLTYPE FxRequest::GetCreateParametersEx(
    ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess, ACCESS_MASK *pDesiredAccess)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("GetCreateParametersEx")));
    const bool isCreate = m_type == WdfRequestCreate;
    if (pOptions)
        *pOptions = isCreate ? m_createOptions : 0;
    if (pFileAttributes)
        *pFileAttributes = 0;
    if (pShareAccess)
        *pShareAccess = isCreate ? m_shareAccess : 0;
    if (pDesiredAccess)
        *pDesiredAccess = isCreate ? m_desiredAccess : 0;
}

void STDMETHODCALLTYPE FxRequest::GetQueryInformationParameters(
    WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("GetQueryInformationParameters")));
    // The simulator never produces query-information requests.
    if (pInformationClass)
        *pInformationClass = static_cast<WDF_FILE_INFORMATION_CLASS>(0);
    if (pSizeInBytes)
        *pSizeInBytes = 0;
}

void STDMETHODCALLTYPE FxRequest::GetSetInformationParameters(
    WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("GetSetInformationParameters")));
    if (pInformationClass)
        *pInformationClass = static_cast<WDF_FILE_INFORMATION_CLASS>(0);
    if (pSizeInBytes)
        *pSizeInBytes = 0;
}

BOOL STDMETHODCALLTYPE FxRequest::IsCanceled()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("IsCanceled")));
    // FALSE when the driver does not own it or it is marked cancelable ([ddi] IsCanceled).
    const BOOL canceled
        = (m_state == State::Owned && !m_cancelCallback && m_cancelRequested) ? TRUE : FALSE;
    trace::ArgsWriter out;
    out.boolean("result", canceled);
    call.done(std::nullopt, &out);
    return canceled;
}

HRESULT STDMETHODCALLTYPE FxRequest::GetStatus()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("GetStatus")));
    call.done(static_cast<std::uint32_t>(m_status));
    return m_status;
}

void STDMETHODCALLTYPE FxRequest::StopAcknowledge(BOOL Requeue)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.boolean("Requeue", Requeue != FALSE);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("StopAcknowledge")), &args);
    if (!m_inStopCallback) {
        host().world().verifier.report(
            ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("StopAcknowledge")), "V15",
            "StopAcknowledgeOutsideOnIoStop",
            "StopAcknowledge may only be called from inside OnIoStop");
        return;
    }
    if (Requeue && m_queue) {
        // Back into the queue, at its head; presented again after the device returns to D0. It
        // is not new I/O: it does not bring an idle device back to D0 by itself.
        m_queue->released(this);
        if (m_device->accepting()) {
            m_queue->requeueAtHead(this);
        } else {
            m_state = State::Queued;
            m_queue->enqueue(this); // a removal: the queue rejects it
        }
        return;
    }
    m_stopAcknowledged = true;
}

HRESULT STDMETHODCALLTYPE FxRequest::Requeue()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest2"), UMDFX_STR("Requeue")));
    HRESULT hr = S_OK;
    if (m_state != State::Owned || !m_queue || m_cancelCallback
        || m_queue->dispatchType() != WdfIoQueueDispatchManual) {
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_OPERATION);
    } else {
        m_queue->released(this);
        m_queue->requeueAtHead(this);
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

// ---- IWDFIoRequest3 -----------------------------------------------------------------------------

void STDMETHODCALLTYPE FxRequest::SetUserModeDriverInitiatedIo(BOOL)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest3"), UMDFX_STR("SetUserModeDriverInitiatedIo")));
}

BOOL STDMETHODCALLTYPE FxRequest::GetUserModeDriverInitiatedIo()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest3"), UMDFX_STR("GetUserModeDriverInitiatedIo")));
    return FALSE;
}

HRESULT STDMETHODCALLTYPE FxRequest::RetrieveActivityId(LPGUID ActivityId)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoRequest3"), UMDFX_STR("RetrieveActivityId")));
    // No activity id is ever attached to a simulated request.
    const HRESULT hr = ActivityId ? HRESULT_FROM_WIN32(ERROR_NOT_FOUND) : E_POINTER;
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

void STDMETHODCALLTYPE FxRequest::SetActivityId(LPGUID)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoRequest3"), UMDFX_STR("SetActivityId")));
}

} // namespace umdfx::fx
