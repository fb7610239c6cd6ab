#pragma once

#include "drivers/echo/comsup.h"

namespace echo {

class CMyDevice;

// The default queue's callback object: sequential, power-managed. Writes replace the device's
// buffer (up to MaxWriteLength, else ERROR_MORE_DATA as the classic echo sample does); reads return
// it. With PendReadsWhenEmpty a read that finds nothing is kept, cancelable, until cancelled or
// until data arrives.
class CMyQueue final : public CUnknown,
                       public IQueueCallbackCreate,
                       public IQueueCallbackWrite,
                       public IQueueCallbackRead,
                       public IQueueCallbackDeviceIoControl,
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

    ~CMyQueue() override;

private:
    explicit CMyQueue(CMyDevice *device);
    void CompleteRead(IWDFIoRequest *request, SIZE_T size);

    CMyDevice *m_device; // referenced
    IWDFIoRequest *m_pendingRead = nullptr; // owned by the driver while pended (no COM reference)
};

} // namespace echo
