#pragma once

#include "drivers/echo/comsup.h"

namespace echo {

class CMyDevice;

// The default queue's callback object: sequential, power-managed. Writes replace the device's
// buffer (up to MaxWriteLength, else ERROR_MORE_DATA as the classic echo sample does); reads return
// it. With PendReadsWhenEmpty a read that finds nothing is kept, cancelable, until cancelled or
// until data arrives; with IoStop the queue also answers the framework's OnIoStop/OnIoResume for
// that read when the device leaves and re-enters D0.
class CMyQueue final : public CUnknown,
                       public IQueueCallbackCreate,
                       public IQueueCallbackWrite,
                       public IQueueCallbackRead,
                       public IQueueCallbackDeviceIoControl,
                       public IQueueCallbackIoStop,
                       public IQueueCallbackIoResume,
                       public IRequestCallbackCancel
{
public:
    static HRESULT CreateInstance(IWDFDevice *fxDevice, CMyDevice *device, CMyQueue **queue);

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override { return CUnknown::AddRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return CUnknown::Release(); }

    void STDMETHODCALLTYPE OnCreateFile(
        IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWDFRequest, IWDFFile *pWdfFileObject) override;
    void STDMETHODCALLTYPE OnWrite(
        IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToWrite) override;
    void STDMETHODCALLTYPE OnRead(
        IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToRead) override;
    void STDMETHODCALLTYPE OnDeviceIoControl(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest,
        ULONG ControlCode, SIZE_T InputBufferSizeInBytes, SIZE_T OutputBufferSizeInBytes) override;
    void STDMETHODCALLTYPE OnCancel(IWDFIoRequest *pWdfRequest) override;
    // Answered by QueryInterface only with the IoStop parameter (§3.7, S10).
    void STDMETHODCALLTYPE OnIoStop(
        IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, ULONG ActionFlags) override;
    void STDMETHODCALLTYPE OnIoResume(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest) override;

    ~CMyQueue() override;

private:
    explicit CMyQueue(CMyDevice *device);
    void CompleteRead(IWDFIoRequest *request, SIZE_T size);

    CMyDevice *m_device; // referenced
    IWDFIoRequest *m_pendingRead = nullptr; // owned by the driver while pended (no COM reference)
};

} // namespace echo
