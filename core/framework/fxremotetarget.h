#pragma once

#include "core/framework/fxobject.h"
#include "core/host/hostport.h"
#include "core/pnp/notificationmanager.h"

#include <set>
#include <string>

namespace umdfx::fx {

class FxDevice;
class FxMemory;
class FxRemoteInterface;
class FxRequest;

// IWDFRemoteTarget: a remote I/O target (reference §6.2, §6.4). Opening it performs a CreateFile
// in the host on the remote interface's symbolic link, so the other device's driver sees
// OnCreateFile; requests formatted for it are sent through the reflector as that file's I/O.
// State machine of §6.2: created (Closed, never opened) -> Started <-> Stopped;
// ClosedForQueryRemove -> Reopen -> Started; Close -> Closed; deletion -> Deleted.
//
// Threads: world lock. Owned by the tree (parent: the device or an object leading to it).
class FxRemoteTarget final : public FxObjectImpl<IWDFRemoteTarget>
{
public:
    FxRemoteTarget(DriverHost &host, FxDevice &device, FxObjectBase *parent, IUnknown *callback);
    ~FxRemoteTarget() override;

    FxDevice *device() const override { return m_device; }
    WDF_IO_TARGET_STATE state() const { return m_state; }
    const std::string &path() const { return m_path; }
    bool canSend() const { return m_state == WdfIoTargetStarted && m_file != 0; }
    KernelFileId file() const { return m_file; }
    void sent(FxRequest *r) { m_sent.insert(r); }
    void finished(FxRequest *r) { m_sent.erase(r); }
    // The device behind the target is going (§6.3); returns whether the target lets it go.
    bool deviceChange(DeviceChange change);
    // PostEvent on the device: reaches the remote interface the target was opened with, only
    // while the target is open (§5.2).
    void customEvent(const GUID &event, const std::vector<std::byte> &data);

    // IWDFIoTarget
    void STDMETHODCALLTYPE GetTargetFile(IWDFFile **ppWdfFile) override;
    void STDMETHODCALLTYPE CancelSentRequestsForFile(IWDFFile *pFile) override;
    HRESULT STDMETHODCALLTYPE FormatRequestForRead(IWDFIoRequest *pRequest, IWDFFile *pFile,
        IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset,
        PLONGLONG DeviceOffset) override;
    HRESULT STDMETHODCALLTYPE FormatRequestForWrite(IWDFIoRequest *pRequest, IWDFFile *pFile,
        IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset,
        PLONGLONG DeviceOffset) override;
    HRESULT STDMETHODCALLTYPE FormatRequestForIoctl(IWDFIoRequest *pRequest, ULONG IoctlCode,
        IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset,
        IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset) override;
    // IWDFIoTarget2
    HRESULT STDMETHODCALLTYPE FormatRequestForFlush(
        IWDFIoRequest *pRequest, IWDFFile *pFile) override;
    HRESULT STDMETHODCALLTYPE FormatRequestForQueryInformation(IWDFIoRequest *pRequest,
        WDF_FILE_INFORMATION_CLASS InformationClass, IWDFFile *pFile,
        IWDFMemory *pInformationMemory, PWDFMEMORY_OFFSET pInformationMemoryOffset) override;
    HRESULT STDMETHODCALLTYPE FormatRequestForSetInformation(IWDFIoRequest *pRequest,
        WDF_FILE_INFORMATION_CLASS InformationClass, IWDFFile *pFile,
        IWDFMemory *pInformationMemory, PWDFMEMORY_OFFSET pInformationMemoryOffset) override;
    // IWDFRemoteTarget
    HRESULT STDMETHODCALLTYPE OpenRemoteInterface(IWDFRemoteInterface *pRemoteInterface,
        PCWSTR pszRelativeFileName, DWORD DesiredAccess,
        PUMDF_IO_TARGET_OPEN_PARAMS pOpenParams) override;
    HRESULT STDMETHODCALLTYPE OpenFileByName(
        PCWSTR pszFileName, DWORD DesiredAccess, PUMDF_IO_TARGET_OPEN_PARAMS pOpenParams) override;
    HRESULT STDMETHODCALLTYPE Close() override;
    HRESULT STDMETHODCALLTYPE CloseForQueryRemove() override;
    HRESULT STDMETHODCALLTYPE Reopen() override;
    WDF_IO_TARGET_STATE STDMETHODCALLTYPE GetState() override;
    HRESULT STDMETHODCALLTYPE Start() override;
    HRESULT STDMETHODCALLTYPE Stop(WDF_IO_TARGET_SENT_IO_ACTION Action) override;

protected:
    bool answersInterface(REFIID riid) const override
    {
        return riid == IID_IWDFIoTarget || riid == IID_IWDFIoTarget2
            || riid == IID_IWDFRemoteTarget;
    }
    void onDeleting() override;
    void dropCallbacks() override;

private:
    HRESULT open(const std::string &path, DWORD access);
    void closeFile(WDF_IO_TARGET_STATE newState);
    HRESULT format(IWDFIoRequest *pRequest, WDF_REQUEST_TYPE type, IWDFMemory *input,
        PWDFMEMORY_OFFSET inputOffset, IWDFMemory *output, PWDFMEMORY_OFFSET outputOffset,
        ULONG ioctl, trace::StrId method);
    static const char *stateName(WDF_IO_TARGET_STATE s);

    FxDevice *m_device;
    IRemoteTargetCallbackRemoval *m_removal = nullptr; // referenced
    WDF_IO_TARGET_STATE m_state = WdfIoTargetClosed; // never opened (inferred: "Closed/unopened")
    std::string m_path; // what the last open used (Reopen uses it again)
    DWORD m_access = 0;
    KernelFileId m_file = 0;
    std::set<FxRequest *> m_sent; // requests in flight (not owned)
    std::uint32_t m_notification = 0; // target-device notification registration
    std::uint32_t m_openedInterface = 0; // object id of the remote interface of the last open
};

// IWDFIoRequestCompletionParams: what a sent request's completion reports (reference §6.4).
// Threads: world lock. Reference counted; GetCompletionParams hands out a new reference.
class FxCompletionParams final : public IWDFIoRequestCompletionParams
{
public:
    FxCompletionParams(
        HRESULT status, ULONG_PTR information, WDF_REQUEST_TYPE type, FxMemory *memory);

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override { return ++m_refs; }
    ULONG STDMETHODCALLTYPE Release() override;
    HRESULT STDMETHODCALLTYPE GetCompletionStatus() override { return m_status; }
    ULONG_PTR STDMETHODCALLTYPE GetInformation() override { return m_information; }
    WDF_REQUEST_TYPE STDMETHODCALLTYPE GetCompletedRequestType() override { return m_type; }
    void STDMETHODCALLTYPE GetWriteParameters(
        IWDFMemory **ppWriteMemory, SIZE_T *pBytesWritten, SIZE_T *pWriteMemoryOffset) override;
    void STDMETHODCALLTYPE GetReadParameters(
        IWDFMemory **ppReadMemory, SIZE_T *pBytesRead, SIZE_T *pReadMemoryOffset) override;
    void STDMETHODCALLTYPE GetIoctlParameters(ULONG *pIoControlCode, IWDFMemory **ppInputMemory,
        SIZE_T *pInputMemoryOffset, IWDFMemory **ppOutputMemory, SIZE_T *pOutputMemoryOffset,
        SIZE_T *pOutBytes) override;

protected:
    ~FxCompletionParams();

private:
    HRESULT m_status;
    ULONG_PTR m_information;
    WDF_REQUEST_TYPE m_type;
    FxMemory *m_memory; // referenced (may be null)
    std::atomic<ULONG> m_refs { 1 };
};

} // namespace umdfx::fx
