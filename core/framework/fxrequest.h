#pragma once

#include "core/framework/fxobject.h"
#include "core/host/hostport.h"
#include "core/verifier/verifier.h"

#include <vector>

namespace umdfx::fx {

class FxDevice;
class FxFile;
class FxIoQueue;
class FxMemory;
class FxRemoteTarget;

// IWDFIoRequest(2,3): one I/O request the framework delivers to a driver (reference §3.3-§3.5).
// It carries the reflector's IRP id as the trace's request id, a copy of the input buffer and an
// output buffer (buffered I/O, immediate retrieval), its queue, its owner, and the cancel state.
// Completing it sends the status back to the kernel and deletes it from the tree; the object
// stays readable until the last reference goes, and every use after completion is a verifier
// finding (V7), as is completing twice (V5).
//
// Threads: world lock. Owned by the framework until completed (not in the tree: the host's
// request table and its queue hold it); then by its remaining COM references.
class FxRequest final : public FxObjectImpl<IWDFIoRequest3>
{
public:
    enum class State : std::uint8_t { Queued, Owned, Completed };

    FxRequest(DriverHost &host, FxDevice &device, const IoMessage &msg, FxFile *file);
    // A request the driver creates (IWDFDevice::CreateRequest) to send to an I/O target.
    FxRequest(DriverHost &host, FxDevice &device, FxObjectBase *parent);

    bool driverCreated() const { return m_driverCreated; }
    void forgetFrameworkReferences() override
    {
        m_file = nullptr;
        m_formatInput = m_formatOutput = nullptr;
        m_inputMemory = m_outputMemory = nullptr;
    }
    // FormatRequestFor*: what the request carries when it is sent.
    void format(WDF_REQUEST_TYPE type, FxRemoteTarget *target, FxMemory *input,
        const WDFMEMORY_OFFSET *inputOffset, FxMemory *output, const WDFMEMORY_OFFSET *outputOffset,
        ULONG ioctl);
    // The target completed what Send sent: status, bytes, OnCompletion.
    void targetCompleted(HRESULT status, std::uint64_t information, std::vector<std::byte> output);
    // Asks the I/O manager to cancel what Send sent; false when nothing is in flight.
    bool requestCancelSent();
    ~FxRequest() override;

    std::uint32_t requestId() const override { return m_irp; }
    FxDevice *device() const override { return m_device; }
    IrpId irp() const { return m_irp; }
    WDF_REQUEST_TYPE type() const { return m_type; }
    FxFile *file() const { return m_file; }
    State state() const { return m_state; }
    FxIoQueue *queue() const { return m_queue; }
    void setQueue(FxIoQueue *q) { m_queue = q; }
    void setState(State s) { m_state = s; }
    // The records a verifier finding about this request cites: where the framework delivered it
    // to the driver (the callback, or RetrieveNextRequest) and where it was first completed.
    std::uint64_t deliveredSeq() const { return m_deliveredSeq; }
    void setDeliveredSeq(std::uint64_t seq) { m_deliveredSeq = seq; }
    std::uint64_t completedSeq() const { return m_completedSeq; }
    SIZE_T transferLength() const; // NumOfBytesToRead/Write, or the IOCTL's input size
    ULONG ioControlCode() const { return m_ioctl; }
    SIZE_T outputLength() const { return m_output.size(); }
    SIZE_T inputLength() const { return m_input.size(); }
    bool cancelable() const { return m_cancelCallback != nullptr; }
    bool cancelRequested() const { return m_cancelRequested; }

    // The framework completes it (zero-length, no callback, cancelled in the queue, ...).
    void completeByFramework(HRESULT status, SIZE_T information, std::string_view why);
    // The application cancelled it (CancelIoEx or cleanup).
    void requestCancel();
    // Removal/power: the framework asks the driver about a request it still owns.
    void callIoStop(ULONG actionFlags);
    // The driver kept it with StopAcknowledge(FALSE) in the OnIoStop of the power-down in
    // progress (reference §3.7): it no longer holds that power-down up, and gets OnIoResume at D0.
    bool keptAcrossPowerDown() const { return m_stopAcknowledged; }
    // Back in D0: OnIoResume for a request kept with StopAcknowledge(FALSE) (§2.3 step 5).
    void callIoResume();

    // IWDFIoRequest
    void STDMETHODCALLTYPE CompleteWithInformation(
        HRESULT CompletionStatus, SIZE_T Information) override;
    void STDMETHODCALLTYPE SetInformation(ULONG_PTR Information) override;
    void STDMETHODCALLTYPE Complete(HRESULT CompletionStatus) override;
    void STDMETHODCALLTYPE SetCompletionCallback(
        IRequestCallbackRequestCompletion *pCompletionCallback, void *pContext) override;
    WDF_REQUEST_TYPE STDMETHODCALLTYPE GetType() override;
    void STDMETHODCALLTYPE GetCreateParameters(
        ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess) override;
    void STDMETHODCALLTYPE GetReadParameters(
        SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey) override;
    void STDMETHODCALLTYPE GetWriteParameters(
        SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey) override;
    void STDMETHODCALLTYPE GetDeviceIoControlParameters(
        ULONG *pControlCode, SIZE_T *pInBufferSize, SIZE_T *pOutBufferSize) override;
    void STDMETHODCALLTYPE GetOutputMemory(IWDFMemory **ppWdfMemory) override;
    void STDMETHODCALLTYPE GetInputMemory(IWDFMemory **ppWdfMemory) override;
    void STDMETHODCALLTYPE MarkCancelable(IRequestCallbackCancel *pCancelCallback) override;
    HRESULT STDMETHODCALLTYPE UnmarkCancelable() override;
    BOOL STDMETHODCALLTYPE CancelSentRequest() override;
    HRESULT STDMETHODCALLTYPE ForwardToIoQueue(IWDFIoQueue *pDestination) override;
    HRESULT STDMETHODCALLTYPE Send(IWDFIoTarget *pIoTarget, ULONG Flags, LONGLONG Timeout) override;
    void STDMETHODCALLTYPE GetFileObject(IWDFFile **ppFileObject) override;
    void STDMETHODCALLTYPE FormatUsingCurrentType() override;
    ULONG STDMETHODCALLTYPE GetRequestorProcessId() override;
    void STDMETHODCALLTYPE GetIoQueue(IWDFIoQueue **ppWdfIoQueue) override;
    HRESULT STDMETHODCALLTYPE Impersonate(SECURITY_IMPERSONATION_LEVEL ImpersonationLevel,
        IImpersonateCallback *pCallback, void *pvCallbackContext) override;
    BOOL STDMETHODCALLTYPE IsFrom32BitProcess() override;
    void STDMETHODCALLTYPE GetCompletionParams(
        IWDFRequestCompletionParams **ppCompletionParams) override;
    // IWDFIoRequest2
    void STDMETHODCALLTYPE Reuse(HRESULT hrNewStatus) override;
    WDF_KPROCESSOR_MODE STDMETHODCALLTYPE GetRequestorMode() override;
    BOOL STDMETHODCALLTYPE IsFromUserModeDriver() override;
    HRESULT STDMETHODCALLTYPE RetrieveInputBuffer(
        SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb) override;
    HRESULT STDMETHODCALLTYPE RetrieveOutputBuffer(
        SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb) override;
    HRESULT STDMETHODCALLTYPE RetrieveInputMemory(IWDFMemory **Memory) override;
    HRESULT STDMETHODCALLTYPE RetrieveOutputMemory(IWDFMemory **Memory) override;
    WDF_DEVICE_IO_TYPE STDMETHODCALLTYPE GetEffectiveIoType() override;
    void STDMETHODCALLTYPE GetCreateParametersEx(ULONG *pOptions, USHORT *pFileAttributes,
        USHORT *pShareAccess, ACCESS_MASK *pDesiredAccess) override;
    void STDMETHODCALLTYPE GetQueryInformationParameters(
        WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes) override;
    void STDMETHODCALLTYPE GetSetInformationParameters(
        WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes) override;
    BOOL STDMETHODCALLTYPE IsCanceled() override;
    HRESULT STDMETHODCALLTYPE GetStatus() override;
    void STDMETHODCALLTYPE StopAcknowledge(BOOL Requeue) override;
    HRESULT STDMETHODCALLTYPE Requeue() override;
    // IWDFIoRequest3
    void STDMETHODCALLTYPE SetUserModeDriverInitiatedIo(BOOL IsUserModeDriverInitiated) override;
    BOOL STDMETHODCALLTYPE GetUserModeDriverInitiatedIo() override;
    HRESULT STDMETHODCALLTYPE RetrieveActivityId(LPGUID ActivityId) override;
    void STDMETHODCALLTYPE SetActivityId(LPGUID ActivityId) override;

protected:
    bool answersInterface(REFIID riid) const override
    {
        return riid == IID_IWDFIoRequest || riid == IID_IWDFIoRequest2
            || riid == IID_IWDFIoRequest3;
    }
    HRESULT driverDelete() override;

private:
    void complete(HRESULT status, SIZE_T information, bool byFramework);
    // A driver call on a request it may no longer touch: verifier V7, and true (caller returns).
    bool usedAfterCompletion(trace::StrId method);
    bool ownedByDriver(trace::StrId method);
    FxMemory *memoryFor(std::vector<std::byte> &storage, FxMemory *&cache);
    void clearFormat();
    HRESULT retrieveBuffer(
        bool input, SIZE_T minimumRequiredCb, PVOID *buffer, SIZE_T *bufferCb, trace::StrId method);
    HRESULT retrieveMemory(bool input, IWDFMemory **memory, trace::StrId method);
    void notSimulated(trace::StrId method, std::string_view what);

    FxDevice *m_device;
    IrpId m_irp;
    WDF_REQUEST_TYPE m_type;
    FxFile *m_file; // referenced
    FxIoQueue *m_queue = nullptr;
    State m_state = State::Queued;
    std::uint64_t m_deliveredSeq = Verifier::kNoRecord;
    std::uint64_t m_completedSeq = Verifier::kNoRecord;
    std::vector<std::byte> m_input;
    std::vector<std::byte> m_output;
    std::int64_t m_offset = 0;
    ULONG m_ioctl = 0;
    ULONG m_pid = 0;
    ULONG m_createOptions = 0;
    USHORT m_shareAccess = 0;
    ACCESS_MASK m_desiredAccess = 0;
    ULONG_PTR m_information = 0;
    HRESULT m_status = S_OK;
    FxMemory *m_inputMemory = nullptr; // child objects, created on first use
    FxMemory *m_outputMemory = nullptr;
    IRequestCallbackCancel *m_cancelCallback
        = nullptr; // not referenced: the queue's single cancel object
    bool m_cancelRequested = false;
    bool m_cancelDelivered = false; // OnCancel called (or scheduled)
    bool m_inStopCallback = false;
    // Driver-created requests and sending (§6.4).
    bool m_driverCreated = false;
    bool m_formatted = false;
    bool m_targetCompleted = false;
    FxRemoteTarget *m_formatTarget = nullptr; // not referenced: the target outlives its formatting
    FxRemoteTarget *m_sentTarget = nullptr;
    FxMemory *m_formatInput = nullptr; // referenced
    FxMemory *m_formatOutput = nullptr; // referenced
    SIZE_T m_outputOffset = 0;
    IrpId m_sentIrp = 0;
    IRequestCallbackRequestCompletion *m_completionCallback = nullptr; // referenced
    void *m_completionContext = nullptr;
    bool m_stopAcknowledged = false;
};

} // namespace umdfx::fx
