#pragma once

#include "core/framework/fxobject.h"

#include <deque>
#include <vector>

namespace umdfx::fx {

class FxDevice;
class FxFile;
class FxRequest;

// IWDFIoQueue: a framework queue of a device (reference §3.1-§3.7). Holds requests not yet
// presented, presents them according to the dispatch type (sequential: one owned at a time;
// parallel: as they arrive; manual: only through RetrieveNextRequest), holds power-managed
// dispatch while the device is out of D0, completes zero-length reads/writes itself when they are
// not allowed, and fails what no callback can take. Dispatching is a task on the host's
// dispatcher thread, never a nested call inside a driver's Complete.
//
// Threads: world lock. Owned by the tree (parent: the device).
class FxIoQueue final : public FxObjectImpl<IWDFIoQueue>
{
public:
    struct Callbacks // found by QueryInterface at CreateIoQueue, referenced
    {
        IQueueCallbackCreate *create = nullptr;
        IQueueCallbackDefaultIoHandler *defaultIo = nullptr;
        IQueueCallbackDeviceIoControl *ioctl = nullptr;
        IQueueCallbackRead *read = nullptr;
        IQueueCallbackWrite *write = nullptr;
        IQueueCallbackIoStop *ioStop = nullptr;
        IQueueCallbackIoResume *ioResume = nullptr;
        IQueueCallbackStateChange *stateChange = nullptr;
        IQueueCallbackIoCanceledOnQueue *canceledOnQueue = nullptr;
        void release();
        bool anyDispatch() const { return create || defaultIo || ioctl || read || write; }
    };

    // Validates the callback object as §3.1 says (ERROR_BAD_CONFIGURATION) and creates the queue.
    static HRESULT create(DriverHost &host, FxDevice &device, IUnknown *callback, bool isDefault,
        WDF_IO_QUEUE_DISPATCH_TYPE type, bool powerManaged, bool allowZeroLength, FxIoQueue **out);
    static const char *dispatchTypeName(WDF_IO_QUEUE_DISPATCH_TYPE t);

    FxDevice *device() const override { return m_device; }
    bool isDefault() const { return m_isDefault; }
    bool powerManaged() const { return m_powerManaged; }
    bool allowZeroLength() const { return m_allowZeroLength; }
    WDF_IO_QUEUE_DISPATCH_TYPE dispatchType() const { return m_type; }
    std::size_t queuedCount() const { return m_queued.size(); }
    std::size_t ownedCount() const { return m_owned.size(); }
    WDF_IO_QUEUE_STATE state() const;
    const Callbacks &callbacks() const { return m_cb; }
    IRequestCallbackCancel *cancelCallback() const { return m_cancelCallback; }
    void setCancelCallback(IRequestCallbackCancel *cb) { m_cancelCallback = cb; }

    // A request arrives from the host (or ForwardToIoQueue). Takes ownership of the request.
    void enqueue(FxRequest *r);
    // The driver completed or forwarded a request it owned from this queue.
    void released(FxRequest *r);
    // Removes a request that is still waiting in the queue (cancellation); false if not queued.
    bool takeQueued(FxRequest *r);
    std::vector<FxRequest *> queuedRequests() const { return { m_queued.begin(), m_queued.end() }; }
    std::vector<FxRequest *> ownedRequests() const { return m_owned; }

    // Device back in D0: OnIoResume for the requests kept with StopAcknowledge(FALSE), then
    // dispatching resumes (reference §2.3 step 5).
    void powerUp();
    // Device leaving D0: OnIoStop for every owned request with this action.
    void powerDown(ULONG action);
    // A power-managed queue that stopped for a power-down and still waits for the driver: a
    // request it owns was neither completed nor acknowledged in OnIoStop (§3.7).
    bool holdsUpPowerDown() const;
    // Removal: no more requests accepted; queued ones are cancelled; owned ones get
    // OnIoStop(Purge).
    void purgeForRemoval();
    HRESULT configureRequestDispatching(WDF_REQUEST_TYPE type, bool forward);
    void scheduleDispatch();
    // Requeue() on a manual queue: back to the head (§3.2).
    void requeueAtHead(FxRequest *r);

    // IWDFIoQueue
    void STDMETHODCALLTYPE GetDevice(IWDFDevice **ppWdfDevice) override;
    HRESULT STDMETHODCALLTYPE ConfigureRequestDispatching(
        WDF_REQUEST_TYPE RequestType, BOOL Forward) override;
    WDF_IO_QUEUE_STATE STDMETHODCALLTYPE GetState(
        ULONG *pulNumOfRequestsInQueue, ULONG *pulNumOfRequestsInDriver) override;
    HRESULT STDMETHODCALLTYPE RetrieveNextRequest(IWDFIoRequest **ppRequest) override;
    HRESULT STDMETHODCALLTYPE RetrieveNextRequestByFileObject(
        IWDFFile *pFile, IWDFIoRequest **ppRequest) override;
    void STDMETHODCALLTYPE Start() override;
    void STDMETHODCALLTYPE Stop(IQueueCallbackStateChange *pStopComplete) override;
    void STDMETHODCALLTYPE StopSynchronously() override;
    void STDMETHODCALLTYPE Drain(IQueueCallbackStateChange *pDrainComplete) override;
    void STDMETHODCALLTYPE DrainSynchronously() override;
    void STDMETHODCALLTYPE Purge(IQueueCallbackStateChange *pPurgeComplete) override;
    void STDMETHODCALLTYPE PurgeSynchronously() override;

protected:
    bool answersInterface(REFIID riid) const override { return riid == IID_IWDFIoQueue; }
    // The device's under WdfDeviceLevel (one lock serializes the device and all its queues); a
    // queue's own otherwise, which the framework never takes itself (WdfSyncScopeNone).
    CRITICAL_SECTION *presentationLock() override;
    void onDeleting() override;
    void dropCallbacks() override;

private:
    FxIoQueue(DriverHost &host, FxDevice &device, const Callbacks &cb, bool isDefault,
        WDF_IO_QUEUE_DISPATCH_TYPE type, bool powerManaged, bool allowZeroLength);
    void dispatch();
    void present(FxRequest *r);
    void reject(FxRequest *r);
    HRESULT retrieve(FxFile *file, IWDFIoRequest **ppRequest);
    void stateOperation(
        trace::StrId method, IQueueCallbackStateChange *cb, bool accept, bool dispatch, bool purge);
    void checkStateOperationDone();

    FxDevice *m_device; // parent
    CRITICAL_SECTION m_ownLock {};
    Callbacks m_cb;
    IRequestCallbackCancel *m_cancelCallback
        = nullptr; // first one used by MarkCancelable (not referenced)
    bool m_isDefault;
    WDF_IO_QUEUE_DISPATCH_TYPE m_type;
    bool m_powerManaged;
    bool m_allowZeroLength;
    bool m_accepting = true;
    bool m_dispatching = true;
    bool m_powerHeld = true; // power-managed queues wait for D0
    bool m_dispatchScheduled = false;
    std::deque<FxRequest *> m_queued;
    std::vector<FxRequest *> m_owned;
    // A Stop/Drain/Purge waiting for the driver to finish (only one at a time, §3.6).
    IQueueCallbackStateChange *m_pendingStateCallback = nullptr;
    bool m_stateOperationPending = false;
};

} // namespace umdfx::fx
