#include "drivers/echo/queue.h"

#include "drivers/echo/device.h"
#include "drivers/echo/filecontext.h"

#include <algorithm>
#include <vector>

namespace echo {

CMyQueue::CMyQueue(CMyDevice *device)
    : m_device(device)
{
    m_device->AddRef();
}

CMyQueue::~CMyQueue()
{
    m_device->Release();
}

HRESULT CMyQueue::CreateInstance(IWDFDevice *fxDevice, CMyDevice *device, CMyQueue **queue)
{
    *queue = nullptr;
    auto *self = new CMyQueue(device);
    IUnknown *callback = self->QueryIUnknown();
    IWDFIoQueue *fxQueue = nullptr;
    // The default queue: sequential, power-managed; zero-length reads/writes are completed by the
    // framework unless the AllowZeroLength parameter says otherwise.
    HRESULT hr = fxDevice->CreateIoQueue(callback, TRUE, WdfIoQueueDispatchSequential, TRUE,
        device->allowZeroLength() ? TRUE : FALSE, &fxQueue);
    callback->Release();
    if (FAILED(hr)) {
        self->Release();
        return hr;
    }
    fxQueue->Release(); // the framework owns the queue
    *queue = self;
    return S_OK;
}

HRESULT STDMETHODCALLTYPE CMyQueue::QueryInterface(REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (m_device->forgets(riid)) {
        *ppv = nullptr;
        return E_NOINTERFACE;
    }
    if (IsEqualIID(riid, IID_IQueueCallbackCreate)) {
        *ppv = static_cast<IQueueCallbackCreate *>(this);
    } else if (IsEqualIID(riid, IID_IQueueCallbackWrite)) {
        *ppv = static_cast<IQueueCallbackWrite *>(this);
    } else if (IsEqualIID(riid, IID_IQueueCallbackRead)) {
        *ppv = static_cast<IQueueCallbackRead *>(this);
    } else if (IsEqualIID(riid, IID_IQueueCallbackDeviceIoControl)) {
        *ppv = static_cast<IQueueCallbackDeviceIoControl *>(this);
    } else if (IsEqualIID(riid, IID_IQueueCallbackIoStop)
        && m_device->ioStopAction() != CMyDevice::IoStopAction::None) {
        *ppv = static_cast<IQueueCallbackIoStop *>(this);
    } else if (IsEqualIID(riid, IID_IQueueCallbackIoResume)
        && m_device->ioStopAction() != CMyDevice::IoStopAction::None) {
        *ppv = static_cast<IQueueCallbackIoResume *>(this);
    } else if (IsEqualIID(riid, IID_IRequestCallbackCancel)) {
        *ppv = static_cast<IRequestCallbackCancel *>(this);
    } else {
        return CUnknown::QueryInterface(riid, ppv);
    }
    AddRef();
    return S_OK;
}

void STDMETHODCALLTYPE CMyQueue::OnCreateFile(
    IWDFIoQueue *, IWDFIoRequest *pWDFRequest, IWDFFile *pWdfFileObject)
{
    // Learn the file name's size first, then fetch it: "\Port1" for the Port1 interface.
    DWORD cch = 0;
    HRESULT hr = pWdfFileObject->RetrieveFileName(nullptr, &cch);
    std::u16string name;
    if (SUCCEEDED(hr) && cch > 0) {
        std::vector<WCHAR> buffer(cch);
        hr = pWdfFileObject->RetrieveFileName(buffer.data(), &cch);
        if (SUCCEEDED(hr))
            name.assign(buffer.data());
    }
    if (SUCCEEDED(hr)) {
        auto *context = new CFileContext(name);
        hr = pWdfFileObject->AssignContext(context, context);
        context->Release(); // the framework holds it until OnCleanup
    }
    pWDFRequest->Complete(hr);
}

void CMyQueue::CompleteRead(IWDFIoRequest *request, SIZE_T size)
{
    auto &stored = m_device->buffer();
    const SIZE_T n = std::min<SIZE_T>(size, stored.size());
    IWDFMemory *memory = nullptr;
    request->GetOutputMemory(&memory);
    HRESULT hr = S_OK;
    if (memory) {
        hr = memory->CopyFromBuffer(0, stored.data(), n);
        memory->Release(); // before completing the request
    }
    request->CompleteWithInformation(hr, SUCCEEDED(hr) ? n : 0);
}

void STDMETHODCALLTYPE CMyQueue::OnWrite(
    IWDFIoQueue *, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToWrite)
{
    SIZE_T size = 0;
    LONGLONG offset = 0;
    pWdfRequest->GetWriteParameters(&size, &offset, nullptr);
    if (size > m_device->maxWriteLength()) {
        pWdfRequest->CompleteWithInformation(HRESULT_FROM_WIN32(ERROR_MORE_DATA), 0);
        return;
    }
    IWDFMemory *memory = nullptr;
    pWdfRequest->GetInputMemory(&memory);
    std::vector<BYTE> data(NumOfBytesToWrite);
    HRESULT hr = S_OK;
    if (memory) {
        hr = memory->CopyToBuffer(0, data.data(), data.size());
        memory->Release(); // before completing the request
    }
    if (FAILED(hr)) {
        pWdfRequest->CompleteWithInformation(hr, 0);
        return;
    }
    m_device->buffer() = std::move(data);
    pWdfRequest->CompleteWithInformation(S_OK, NumOfBytesToWrite);
    // A read that waited for data gets it now (only possible on a parallel queue; the echo queue
    // is sequential, so the write arrives after the read has finished).
    if (m_pendingRead && SUCCEEDED(m_pendingRead->UnmarkCancelable())) {
        IWDFIoRequest *read = m_pendingRead;
        m_pendingRead = nullptr;
        SIZE_T readSize = 0;
        read->GetReadParameters(&readSize, nullptr, nullptr);
        CompleteRead(read, readSize);
    }
}

void STDMETHODCALLTYPE CMyQueue::OnRead(
    IWDFIoQueue *, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToRead)
{
    if (m_device->buffer().empty() && m_device->pendReadsWhenEmpty() && !m_pendingRead) {
        // Keep the request until data arrives or the application cancels it.
        m_pendingRead = pWdfRequest;
        pWdfRequest->MarkCancelable(this);
        return;
    }
    CompleteRead(pWdfRequest, NumOfBytesToRead);
}

void STDMETHODCALLTYPE CMyQueue::OnDeviceIoControl(
    IWDFIoQueue *, IWDFIoRequest *pWdfRequest, ULONG, SIZE_T, SIZE_T)
{
    // The echo device defines no I/O control codes.
    pWdfRequest->Complete(HRESULT_FROM_WIN32(ERROR_INVALID_FUNCTION));
}

void STDMETHODCALLTYPE CMyQueue::OnIoStop(
    IWDFIoQueue *, IWDFIoRequest *pWdfRequest, ULONG ActionFlags)
{
    using Action = CMyDevice::IoStopAction;
    if (m_device->ioStopAction() == Action::Ignore)
        return; // the bug: neither completed nor acknowledged
    // A cancelable request must leave the cancelable state first; if its cancellation already
    // began, OnCancel completes it and there is nothing to do here.
    if ((ActionFlags & WdfRequestStopRequestCancelable)
        && pWdfRequest->UnmarkCancelable() == HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED))
        return;
    if (pWdfRequest == m_pendingRead)
        m_pendingRead = nullptr;
    if (ActionFlags & WdfRequestStopActionPurge) {
        pWdfRequest->Complete(HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED)); // the queue goes
        return;
    }
    IWDFIoRequest2 *request2 = nullptr;
    if (FAILED(pWdfRequest->QueryInterface(
            IID_IWDFIoRequest2, reinterpret_cast<void **>(&request2)))) {
        pWdfRequest->Complete(HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED));
        return;
    }
    if (m_device->ioStopAction() == Action::Requeue) {
        request2->StopAcknowledge(TRUE); // back into the queue: OnRead again after D0
    } else {
        m_pendingRead = pWdfRequest; // kept: OnIoResume after D0
        request2->StopAcknowledge(FALSE);
    }
    request2->Release();
}

void STDMETHODCALLTYPE CMyQueue::OnIoResume(IWDFIoQueue *, IWDFIoRequest *pWdfRequest)
{
    // The read kept across the power-down waits for data again, cancelable.
    if (pWdfRequest == m_pendingRead)
        pWdfRequest->MarkCancelable(this);
}

void STDMETHODCALLTYPE CMyQueue::OnCancel(IWDFIoRequest *pWdfRequest)
{
    if (pWdfRequest == m_pendingRead)
        m_pendingRead = nullptr;
    pWdfRequest->Complete(HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED));
}

} // namespace echo
