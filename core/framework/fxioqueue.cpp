#include "core/framework/fxioqueue.h"

#include "core/framework/fxdevice.h"
#include "core/framework/fxdriver.h"
#include "core/framework/fxfile.h"
#include "core/framework/fxobjectimpl.h"
#include "core/framework/fxrequest.h"

#include <algorithm>

namespace umdfx::fx {

void FxIoQueue::Callbacks::release()
{
    releaseInterface(create);
    releaseInterface(defaultIo);
    releaseInterface(ioctl);
    releaseInterface(read);
    releaseInterface(write);
    releaseInterface(ioStop);
    releaseInterface(ioResume);
    releaseInterface(stateChange);
    releaseInterface(canceledOnQueue);
}

const char *FxIoQueue::dispatchTypeName(WDF_IO_QUEUE_DISPATCH_TYPE t)
{
    switch (t) {
    case WdfIoQueueDispatchSequential:
        return "WdfIoQueueDispatchSequential";
    case WdfIoQueueDispatchParallel:
        return "WdfIoQueueDispatchParallel";
    case WdfIoQueueDispatchManual:
        return "WdfIoQueueDispatchManual";
    default:
        return "invalid";
    }
}

FxIoQueue::FxIoQueue(DriverHost &host, FxDevice &device, const Callbacks &cb, bool isDefault,
    WDF_IO_QUEUE_DISPATCH_TYPE type, bool powerManaged, bool allowZeroLength)
    : FxObjectImpl<IWDFIoQueue>(host, device.driver(), "IWDFIoQueue", &device)
    , m_device(&device)
    , m_cb(cb)
    , m_isDefault(isDefault)
    , m_type(type)
    , m_powerManaged(powerManaged)
    , m_allowZeroLength(allowZeroLength)
    , m_powerHeld(powerManaged)
{ }

HRESULT FxIoQueue::create(DriverHost &host, FxDevice &device, IUnknown *callback, bool isDefault,
    WDF_IO_QUEUE_DISPATCH_TYPE type, bool powerManaged, bool allowZeroLength, FxIoQueue **out)
{
    if (type != WdfIoQueueDispatchSequential && type != WdfIoQueueDispatchParallel
        && type != WdfIoQueueDispatchManual)
        return E_INVALIDARG;
    // A NULL callback object is allowed only for manual queues (1.9+) (§3.1).
    if (!callback && type != WdfIoQueueDispatchManual)
        return HRESULT_FROM_WIN32(ERROR_BAD_CONFIGURATION);

    // The probes are recorded against the device (the queue does not exist yet).
    Callbacks cb;
    cb.create = probe<IQueueCallbackCreate>(device, callback);
    cb.defaultIo = probe<IQueueCallbackDefaultIoHandler>(device, callback);
    cb.ioctl = probe<IQueueCallbackDeviceIoControl>(device, callback);
    cb.read = probe<IQueueCallbackRead>(device, callback);
    cb.write = probe<IQueueCallbackWrite>(device, callback);
    cb.ioStop = probe<IQueueCallbackIoStop>(device, callback);
    cb.ioResume = probe<IQueueCallbackIoResume>(device, callback);
    if (type == WdfIoQueueDispatchManual)
        cb.stateChange = probe<IQueueCallbackStateChange>(device, callback);
    cb.canceledOnQueue = probe<IQueueCallbackIoCanceledOnQueue>(device, callback);
    IObjectCleanup *cleanup = probe<IObjectCleanup>(device, callback);

    const bool bad = type == WdfIoQueueDispatchManual ? cb.anyDispatch() : !cb.anyDispatch();
    if (bad) {
        cb.release();
        releaseInterface(cleanup);
        return HRESULT_FROM_WIN32(ERROR_BAD_CONFIGURATION);
    }
    auto *q = new FxIoQueue(host, device, cb, isDefault, type, powerManaged, allowZeroLength);
    q->setCreationCleanup(cleanup);
    *out = q;
    return S_OK;
}

void FxIoQueue::dropCallbacks()
{
    m_cb.release();
}

WDF_IO_QUEUE_STATE FxIoQueue::state() const
{
    int s = 0;
    if (m_accepting)
        s |= WdfIoQueueAcceptRequests;
    if (m_dispatching)
        s |= WdfIoQueueDispatchRequests;
    if (m_queued.empty())
        s |= WdfIoQueueNoRequests;
    if (m_owned.empty())
        s |= WdfIoQueueDriverNoRequests;
    if (m_powerManaged && m_powerHeld)
        s |= WdfIoQueuePnpHeld;
    return static_cast<WDF_IO_QUEUE_STATE>(s);
}

void FxIoQueue::reject(FxRequest *r)
{
    // A queue that no longer accepts requests fails them (§3.3 step 6; the status is a knob).
    const bool cancelled = host().world().knobs.queueRejection == Knobs::QueueRejection::Cancelled;
    r->completeByFramework(cancelled ? HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED)
                                     : HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE),
        0, "the queue does not accept requests");
}

void FxIoQueue::enqueue(FxRequest *r)
{
    r->setQueue(this);
    if (!m_accepting || !m_device->accepting()) {
        reject(r);
        return;
    }
    // Zero-length reads and writes are completed here when the queue does not allow them (§3.1).
    if (!m_allowZeroLength && (r->type() == WdfRequestRead || r->type() == WdfRequestWrite)
        && r->transferLength() == 0) {
        r->completeByFramework(S_OK, 0, "zero-length request on a queue that does not allow them");
        return;
    }
    r->setState(FxRequest::State::Queued);
    m_queued.push_back(r);
    // New I/O on a power-managed queue restarts the idle timer, or brings an idle device back to
    // D0 (§2.4, S10 step 4).
    if (m_powerManaged)
        m_device->powerManagedIoArrived();
    scheduleDispatch();
}

void FxIoQueue::scheduleDispatch()
{
    if (m_dispatchScheduled || m_type == WdfIoQueueDispatchManual)
        return;
    m_dispatchScheduled = true;
    addRef(); // the queue stays alive until the task ran
    host().post([this] {
        m_dispatchScheduled = false;
        if (lifecycle() == FxLifecycle::Alive)
            dispatch();
        release();
    });
}

CRITICAL_SECTION *FxIoQueue::presentationLock()
{
    return m_device->serializesCallbacks() ? m_device->devicePresentationLock() : &m_ownLock;
}

void FxIoQueue::dispatch()
{
    while (!m_queued.empty() && m_dispatching && !(m_powerManaged && m_powerHeld)) {
        if (m_type == WdfIoQueueDispatchManual)
            return;
        if (m_type == WdfIoQueueDispatchSequential && !m_owned.empty())
            return;
        FxRequest *r = m_queued.front();
        m_queued.pop_front();
        present(r);
    }
    checkStateOperationDone();
}

void FxIoQueue::present(FxRequest *r)
{
    r->setState(FxRequest::State::Owned);
    m_owned.push_back(r);
    IWDFIoQueue *self = this;
    Tracer::Site site = callbackSite(0, 0);
    site.request = r->irp();
    trace::ArgsWriter args;
    args.objectRef("pWdfQueue", id());
    args.objectRef("pWdfRequest", r->id());

    const auto call = [&](trace::StrId iface, trace::StrId method, auto &&f) {
        site.iface = iface;
        site.method = method;
        TracedCall traced(tracer(), site, &args);
        r->setDeliveredSeq(traced.seq());
        f();
    };

    const FxDevice::SerializedCallback serialized(m_device);
    switch (r->type()) {
    case WdfRequestCreate:
        if (m_cb.create) {
            args.objectRef("pWdfFileObject", r->file() ? r->file()->id() : 0);
            call(UMDFX_STR("IQueueCallbackCreate"), UMDFX_STR("OnCreateFile"),
                [&] { m_cb.create->OnCreateFile(self, r, r->file()); });
            return;
        }
        break;
    case WdfRequestWrite:
        if (m_cb.write) {
            args.u64("NumOfBytesToWrite", r->transferLength());
            call(UMDFX_STR("IQueueCallbackWrite"), UMDFX_STR("OnWrite"),
                [&] { m_cb.write->OnWrite(self, r, r->transferLength()); });
            return;
        }
        break;
    case WdfRequestRead:
        if (m_cb.read) {
            args.u64("NumOfBytesToRead", r->transferLength());
            call(UMDFX_STR("IQueueCallbackRead"), UMDFX_STR("OnRead"),
                [&] { m_cb.read->OnRead(self, r, r->transferLength()); });
            return;
        }
        break;
    case WdfRequestDeviceIoControl:
        if (m_cb.ioctl) {
            args.hex32("ControlCode", r->ioControlCode());
            args.u64("InputBufferSizeInBytes", r->inputLength());
            args.u64("OutputBufferSizeInBytes", r->outputLength());
            call(UMDFX_STR("IQueueCallbackDeviceIoControl"), UMDFX_STR("OnDeviceIoControl"), [&] {
                m_cb.ioctl->OnDeviceIoControl(
                    self, r, r->ioControlCode(), r->inputLength(), r->outputLength());
            });
            return;
        }
        break;
    default:
        break;
    }
    if (m_cb.defaultIo && r->type() != WdfRequestCreate) {
        call(UMDFX_STR("IQueueCallbackDefaultIoHandler"), UMDFX_STR("OnDefaultIoHandler"),
            [&] { m_cb.defaultIo->OnDefaultIoHandler(self, r); });
        return;
    }
    if (r->type() == WdfRequestCreate) {
        // No OnCreateFile: a function driver's creates succeed (§4.5).
        r->completeByFramework(S_OK, 0, "the queue has no IQueueCallbackCreate");
        return;
    }
    // No callback can take it: STATUS_INVALID_DEVICE_REQUEST (§3.3 step 7, inferred for UMDF 1).
    r->completeByFramework(
        HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST), 0, "no callback for this request type");
}

void FxIoQueue::released(FxRequest *r)
{
    std::erase(m_owned, r);
    if (m_type == WdfIoQueueDispatchSequential)
        scheduleDispatch();
    checkStateOperationDone();
    if (m_powerManaged)
        m_device->powerManagedIoDone();
}

bool FxIoQueue::takeQueued(FxRequest *r)
{
    auto it = std::find(m_queued.begin(), m_queued.end(), r);
    if (it == m_queued.end())
        return false;
    m_queued.erase(it);
    if (m_powerManaged)
        m_device->powerManagedIoDone();
    return true;
}

void FxIoQueue::requeueAtHead(FxRequest *r)
{
    r->setState(FxRequest::State::Queued);
    m_queued.push_front(r);
}

void FxIoQueue::powerUp()
{
    if (!m_powerHeld)
        return;
    m_powerHeld = false;
    for (FxRequest *r : std::vector<FxRequest *>(m_owned))
        r->callIoResume();
    scheduleDispatch();
}

void FxIoQueue::powerDown(ULONG action)
{
    if (m_powerManaged)
        m_powerHeld = true;
    for (FxRequest *r : std::vector<FxRequest *>(m_owned))
        r->callIoStop(action);
}

bool FxIoQueue::holdsUpPowerDown() const
{
    // Without OnIoStop the framework waits for the driver to complete what it owns (inferred
    // from KMDF, whose power-down waits for such requests).
    return m_powerManaged && m_powerHeld
        && std::any_of(m_owned.begin(), m_owned.end(),
            [](const FxRequest *r) { return !r->keptAcrossPowerDown(); });
}

void FxIoQueue::purgeForRemoval()
{
    m_accepting = false;
    m_dispatching = false;
    // Queued requests are cancelled by the framework; the driver never sees them (§3.5).
    while (!m_queued.empty()) {
        FxRequest *r = m_queued.front();
        m_queued.pop_front();
        r->completeByFramework(
            HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED), 0, "queue purged at device removal");
    }
    for (FxRequest *r : std::vector<FxRequest *>(m_owned))
        r->callIoStop(WdfRequestStopActionPurge);
    for (FxRequest *r : std::vector<FxRequest *>(m_owned)) {
        // Neither completed nor cancelled when its queue was purged for removal (V6): on
        // Windows the removal waits for it; here the framework cancels it so the application is
        // not left waiting, and says so.
        host().world().verifier.report(
            r->ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Complete")), "V6",
            "RequestNotCompleted",
            "a request was still owned by the driver when its queue was purged for device removal; "
            "the driver must complete it (in OnIoStop, OnCancel or OnCleanupFile)",
            { r->deliveredSeq() });
        r->completeByFramework(
            HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED), 0, "owned request at queue purge");
    }
}

void FxIoQueue::onDeleting()
{
    purgeForRemoval();
    for (FxRequest *r : std::vector<FxRequest *>(m_owned)) {
        // Still owned when the queue goes away: the driver broke the OnIoStop contract (V6). The
        // framework cancels it so the application is not left waiting forever.
        host().world().verifier.report(
            r->ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("Complete")), "V6",
            "RequestNotCompleted",
            "a request was still owned by the driver when its queue was deleted at "
            "device removal; the framework cancelled it",
            { r->deliveredSeq() });
        r->completeByFramework(
            HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED), 0, "owned request at queue deletion");
    }
    m_device->removeQueue(this);
}

HRESULT FxIoQueue::configureRequestDispatching(WDF_REQUEST_TYPE type, bool forward)
{
    return m_device->route(this, type, forward);
}

// ---- IWDFIoQueue ------------------------------------------------------------------------------

void STDMETHODCALLTYPE FxIoQueue::GetDevice(IWDFDevice **ppWdfDevice)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoQueue"), UMDFX_STR("GetDevice")));
    if (ppWdfDevice) {
        m_device->addRef();
        *ppWdfDevice = m_device;
    }
}

HRESULT STDMETHODCALLTYPE FxIoQueue::ConfigureRequestDispatching(
    WDF_REQUEST_TYPE RequestType, BOOL Forward)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.u64("RequestType", static_cast<std::uint64_t>(RequestType));
    args.boolean("Forward", Forward != FALSE);
    TracedCall call(tracer(),
        ddiSite(UMDFX_STR("IWDFIoQueue"), UMDFX_STR("ConfigureRequestDispatching")), &args);
    const HRESULT hr = configureRequestDispatching(RequestType, Forward != FALSE);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

WDF_IO_QUEUE_STATE STDMETHODCALLTYPE FxIoQueue::GetState(
    ULONG *pulNumOfRequestsInQueue, ULONG *pulNumOfRequestsInDriver)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoQueue"), UMDFX_STR("GetState")));
    if (pulNumOfRequestsInQueue)
        *pulNumOfRequestsInQueue = static_cast<ULONG>(m_queued.size());
    if (pulNumOfRequestsInDriver)
        *pulNumOfRequestsInDriver = static_cast<ULONG>(m_owned.size());
    const auto s = state();
    trace::ArgsWriter out;
    out.hex32("result", static_cast<std::uint32_t>(s));
    out.u64("inQueue", m_queued.size());
    out.u64("inDriver", m_owned.size());
    call.done(std::nullopt, &out);
    return s;
}

HRESULT FxIoQueue::retrieve(FxFile *file, IWDFIoRequest **ppRequest)
{
    if (!ppRequest)
        return E_POINTER;
    *ppRequest = nullptr;
    if (m_type == WdfIoQueueDispatchParallel)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    if (!m_dispatching || (m_powerManaged && m_powerHeld))
        return HRESULT_FROM_NT(STATUS_WDF_PAUSED);
    auto it = std::find_if(m_queued.begin(), m_queued.end(),
        [file](FxRequest *r) { return !file || r->file() == file; });
    if (it == m_queued.end())
        return HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS);
    FxRequest *r = *it;
    m_queued.erase(it);
    r->setState(FxRequest::State::Owned);
    r->setDeliveredSeq(tracer().innermostCall().value_or(Verifier::kNoRecord));
    m_owned.push_back(r);
    if (m_powerManaged)
        m_device->powerManagedIoDone(); // no longer waiting in the queue
    r->addRef();
    *ppRequest = r;
    return S_OK;
}

HRESULT STDMETHODCALLTYPE FxIoQueue::RetrieveNextRequest(IWDFIoRequest **ppRequest)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoQueue"), UMDFX_STR("RetrieveNextRequest")));
    const HRESULT hr = retrieve(nullptr, ppRequest);
    trace::ArgsWriter out;
    if (SUCCEEDED(hr))
        out.objectRef("ppRequest", static_cast<FxRequest *>(*ppRequest)->id());
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

HRESULT STDMETHODCALLTYPE FxIoQueue::RetrieveNextRequestByFileObject(
    IWDFFile *pFile, IWDFIoRequest **ppRequest)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFIoQueue"), UMDFX_STR("RetrieveNextRequestByFileObject")));
    auto *file = dynamic_cast<FxFile *>(pFile);
    const HRESULT hr = file ? retrieve(file, ppRequest) : E_INVALIDARG;
    trace::ArgsWriter out;
    if (SUCCEEDED(hr))
        out.objectRef("ppRequest", static_cast<FxRequest *>(*ppRequest)->id());
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

void FxIoQueue::stateOperation(
    trace::StrId method, IQueueCallbackStateChange *cb, bool accept, bool dispatchOn, bool purge)
{
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoQueue"), method));
    if (m_stateOperationPending) {
        // Only one Stop/Drain/Purge at a time; UMDF terminates the host (V14).
        host().world().verifier.report(ddiSite(UMDFX_STR("IWDFIoQueue"), method), "V14",
            "QueueStateChangePending",
            "Stop, Drain or Purge was called while another one was still pending on "
            "the same queue; UMDF terminates the host for this");
        return;
    }
    m_accepting = accept;
    m_dispatching = dispatchOn;
    if (purge) {
        while (!m_queued.empty()) {
            FxRequest *r = m_queued.front();
            m_queued.pop_front();
            r->completeByFramework(HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED), 0, "queue purged");
        }
        for (FxRequest *r : std::vector<FxRequest *>(m_owned))
            if (r->cancelable())
                r->requestCancel();
    }
    if (cb)
        cb->AddRef();
    m_pendingStateCallback = cb;
    // In flight until done, with or without a callback to tell.
    m_stateOperationPending = true;
    scheduleDispatch();
    if (m_type == WdfIoQueueDispatchManual)
        checkStateOperationDone();
}

void FxIoQueue::checkStateOperationDone()
{
    if (!m_stateOperationPending)
        return;
    // Stop completes when the driver owns nothing; Drain/Purge also need an empty queue.
    if (!m_owned.empty() || (!m_accepting && !m_queued.empty()))
        return;
    m_stateOperationPending = false;
    IQueueCallbackStateChange *cb = m_pendingStateCallback;
    m_pendingStateCallback = nullptr;
    if (!cb)
        return;
    host().post([this, cb] {
        trace::ArgsWriter args;
        args.hex32("QueueState", static_cast<std::uint32_t>(state()));
        const FxDevice::SerializedCallback serialized(m_device);
        TracedCall call(tracer(),
            callbackSite(UMDFX_STR("IQueueCallbackStateChange"), UMDFX_STR("OnStateChange")),
            &args);
        cb->OnStateChange(this, state());
        cb->Release();
    });
}

void STDMETHODCALLTYPE FxIoQueue::Start()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFIoQueue"), UMDFX_STR("Start")));
    m_accepting = m_device->accepting();
    m_dispatching = true;
    scheduleDispatch();
}

void STDMETHODCALLTYPE FxIoQueue::Stop(IQueueCallbackStateChange *pStopComplete)
{
    std::lock_guard lock(host().world().lock);
    stateOperation(UMDFX_STR("Stop"), pStopComplete, true, false, false);
}

void STDMETHODCALLTYPE FxIoQueue::StopSynchronously()
{
    std::lock_guard lock(host().world().lock);
    stateOperation(UMDFX_STR("StopSynchronously"), nullptr, true, false, false);
}

void STDMETHODCALLTYPE FxIoQueue::Drain(IQueueCallbackStateChange *pDrainComplete)
{
    std::lock_guard lock(host().world().lock);
    stateOperation(UMDFX_STR("Drain"), pDrainComplete, false, true, false);
}

void STDMETHODCALLTYPE FxIoQueue::DrainSynchronously()
{
    std::lock_guard lock(host().world().lock);
    stateOperation(UMDFX_STR("DrainSynchronously"), nullptr, false, true, false);
}

void STDMETHODCALLTYPE FxIoQueue::Purge(IQueueCallbackStateChange *pPurgeComplete)
{
    std::lock_guard lock(host().world().lock);
    stateOperation(UMDFX_STR("Purge"), pPurgeComplete, false, false, true);
}

void STDMETHODCALLTYPE FxIoQueue::PurgeSynchronously()
{
    std::lock_guard lock(host().world().lock);
    stateOperation(UMDFX_STR("PurgeSynchronously"), nullptr, false, false, true);
}

} // namespace umdfx::fx
