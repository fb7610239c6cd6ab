#pragma once

#include "drivers/echo/comsup.h"

#include <cstdint>
#include <string>
#include <vector>

namespace echo {

// The device callback object: PnP, hardware, self-managed I/O and file callbacks, the device's
// settings (read from its property store) and the bytes last written, which reads return.
class CMyDevice final : public CUnknown,
                        public IPnpCallback,
                        public IPnpCallbackHardware,
                        public IPnpCallbackSelfManagedIo,
                        public IFileCallbackCleanup,
                        public IFileCallbackClose
{
public:
    static HRESULT CreateInstance(
        IWDFDriver *fxDriver, IWDFDeviceInitialize *fxInit, CMyDevice **device);
    HRESULT Configure();

    ULONG maxWriteLength() const { return m_maxWriteLength; }
    bool pendReadsWhenEmpty() const { return m_pendReadsWhenEmpty; }
    bool allowZeroLength() const { return m_allowZeroLength; }
    // What the queue does in OnIoStop for a pended read (parameter IoStop; the queue implements
    // IQueueCallbackIoStop/IoResume only when it is set): keep it (StopAcknowledge(FALSE), the
    // default), requeue it (StopAcknowledge(TRUE)), or ignore the call (a driver bug that keeps
    // the device in D0).
    enum class IoStopAction { None, Acknowledge, Requeue, Ignore };
    IoStopAction ioStopAction() const { return m_ioStopAction; }
    std::vector<BYTE> &buffer() { return m_buffer; }
    // Teaching aid: the callback interfaces this device's objects pretend not to implement
    // (parameter ForgetInterfaces), to show a QueryInterface that forgets an IID.
    bool forgets(REFIID riid) const;

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override { return CUnknown::AddRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return CUnknown::Release(); }

    // IPnpCallback
    HRESULT STDMETHODCALLTYPE OnD0Entry(
        IWDFDevice *pWdfDevice, WDF_POWER_DEVICE_STATE previousState) override;
    HRESULT STDMETHODCALLTYPE OnD0Exit(
        IWDFDevice *pWdfDevice, WDF_POWER_DEVICE_STATE newState) override;
    void STDMETHODCALLTYPE OnSurpriseRemoval(IWDFDevice *pWdfDevice) override;
    HRESULT STDMETHODCALLTYPE OnQueryRemove(IWDFDevice *pWdfDevice) override;
    HRESULT STDMETHODCALLTYPE OnQueryStop(IWDFDevice *pWdfDevice) override;
    // IPnpCallbackHardware
    HRESULT STDMETHODCALLTYPE OnPrepareHardware(IWDFDevice *pWdfDevice) override;
    HRESULT STDMETHODCALLTYPE OnReleaseHardware(IWDFDevice *pWdfDevice) override;
    // IPnpCallbackSelfManagedIo
    void STDMETHODCALLTYPE OnSelfManagedIoCleanup(IWDFDevice *pWdfDevice) override;
    void STDMETHODCALLTYPE OnSelfManagedIoFlush(IWDFDevice *pWdfDevice) override;
    HRESULT STDMETHODCALLTYPE OnSelfManagedIoInit(IWDFDevice *pWdfDevice) override;
    HRESULT STDMETHODCALLTYPE OnSelfManagedIoSuspend(IWDFDevice *pWdfDevice) override;
    HRESULT STDMETHODCALLTYPE OnSelfManagedIoRestart(IWDFDevice *pWdfDevice) override;
    HRESULT STDMETHODCALLTYPE OnSelfManagedIoStop(IWDFDevice *pWdfDevice) override;
    // IFileCallbackCleanup / IFileCallbackClose
    void STDMETHODCALLTYPE OnCleanupFile(IWDFFile *pWdfFileObject) override;
    void STDMETHODCALLTYPE OnCloseFile(IWDFFile *pWdfFileObject) override;

private:
    CMyDevice() = default;
    HRESULT ReadSettings(IWDFDeviceInitialize *fxInit);

    IWDFDevice *m_FxDevice = nullptr; // weak: the framework owns the device
    std::vector<std::u16string>
        m_referenceStrings; // empty: one interface without a reference string
    ULONG m_maxWriteLength = 4096;
    bool m_pendReadsWhenEmpty = false;
    bool m_allowZeroLength = false;
    bool m_vetoQueryRemove = false; // parameter VetoQueryRemove: OnQueryRemove refuses (S8)
    bool m_vetoQueryStop = false; // parameter VetoQueryStop: OnQueryStop refuses (S11)
    // Parameter IdleTimeoutMs: the device is its stack's power policy owner and idles to D3
    // after that long without I/O (S10); 0 = no idle settings.
    ULONG m_idleTimeoutMs = 0;
    IoStopAction m_ioStopAction = IoStopAction::None;
    std::vector<std::string> m_forgotten; // interface names
    std::vector<BYTE> m_buffer;
};

} // namespace echo
