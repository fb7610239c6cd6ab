#pragma once
// The UMDF 1 (1.11) driver API: framework interfaces (IWDFxxx, implemented by the framework) and
// callback interfaces (implemented by drivers), with UMDF's names, method order (vtable order),
// parameter types and IIDs — written by us from the documented facts (reference §1.2, §2.1).
// A driver includes only this header.
//
// COM interfaces have no virtual destructor (it would change the vtable); each has a protected
// non-virtual one so nothing deletes an object through an interface pointer.

#include "core/wudf/iunknown.h"
#include "core/wudf/propvariant.h"
#include "core/wudf/wudfddi_types.h"
#include "core/wudf/wudfiids.h"
#include "core/wudf/wudfstatus.h"

#define UMDFX_INTERFACE_DTOR(Name)                                                                 \
protected:                                                                                         \
    ~Name() = default;

struct IWDFCmResourceList; // 1.11 hardware resources: not simulated, pointers only
struct IWDFInterrupt; // 1.11 interrupts: not simulated, pointers only

// ---- framework objects --------------------------------------------------------------------------

struct IWDFObject : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE DeleteWdfObject() = 0;
    virtual HRESULT STDMETHODCALLTYPE AssignContext(
        IObjectCleanup *pCleanupCallback, void *pContext)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveContext(void **ppvContext) = 0;
    virtual void STDMETHODCALLTYPE AcquireLock() = 0;
    virtual void STDMETHODCALLTYPE ReleaseLock() = 0;
    UMDFX_INTERFACE_DTOR(IWDFObject)
};

struct IWDFNamedPropertyStore : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE GetNamedValue(LPCWSTR pszName, PROPVARIANT *pv) = 0;
    virtual HRESULT STDMETHODCALLTYPE SetNamedValue(LPCWSTR pszName, const PROPVARIANT *pv) = 0;
    virtual HRESULT STDMETHODCALLTYPE GetNameCount(DWORD *pdwCount) = 0;
    virtual HRESULT STDMETHODCALLTYPE GetNameAt(DWORD index, PROPVARIANT *pv) = 0;
    UMDFX_INTERFACE_DTOR(IWDFNamedPropertyStore)
};

struct IWDFDriver : public IWDFObject
{
    virtual HRESULT STDMETHODCALLTYPE CreateDevice(
        IWDFDeviceInitialize *pDeviceInit, IUnknown *pCallbackInterface, IWDFDevice **ppDevice)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateWdfObject(
        IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFObject **ppWdfObject)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CreatePreallocatedWdfMemory(BYTE *pBuff, SIZE_T BufferSize,
        IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFMemory **ppWdfMemory)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateWdfMemory(SIZE_T BufferSize,
        IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFMemory **ppWdfMemory)
        = 0;
    virtual BOOL STDMETHODCALLTYPE IsVersionAvailable(UMDF_VERSION_DATA *pMinimumVersion) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveVersionString(PWSTR pVersion, DWORD *pdwVersionLength)
        = 0;
    UMDFX_INTERFACE_DTOR(IWDFDriver)
};

struct IWDFDeviceInitialize : public IUnknown
{
    virtual void STDMETHODCALLTYPE SetFilter() = 0;
    virtual void STDMETHODCALLTYPE SetLockingConstraint(WDF_CALLBACK_CONSTRAINT LockType) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveDevicePropertyStore(PCWSTR pcwszServiceName,
        WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore,
        WDF_PROPERTY_STORE_DISPOSITION *pDisposition)
        = 0;
    virtual void STDMETHODCALLTYPE SetPowerPolicyOwnership(BOOL fTrue) = 0;
    virtual void STDMETHODCALLTYPE AutoForwardCreateCleanupClose(WDF_TRI_STATE State) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveDeviceInstanceId(PWSTR Buffer, DWORD *pdwSizeInChars)
        = 0;
    virtual void STDMETHODCALLTYPE SetPnpCapability(
        WDF_PNP_CAPABILITY Capability, WDF_TRI_STATE Value)
        = 0;
    virtual WDF_TRI_STATE STDMETHODCALLTYPE GetPnpCapability(WDF_PNP_CAPABILITY Capability) = 0;
    UMDFX_INTERFACE_DTOR(IWDFDeviceInitialize)
};

struct IWDFDeviceInitialize2 : public IWDFDeviceInitialize
{
    virtual void STDMETHODCALLTYPE SetIoTypePreference(WDF_DEVICE_IO_BUFFER_RETRIEVAL RetrievalMode,
        WDF_DEVICE_IO_TYPE ReadWritePreference, WDF_DEVICE_IO_TYPE IoControlPreference)
        = 0;
    UMDFX_INTERFACE_DTOR(IWDFDeviceInitialize2)
};

struct IWDFDevice : public IWDFObject
{
    virtual HRESULT STDMETHODCALLTYPE RetrieveDevicePropertyStore(PCWSTR pcwszServiceName,
        WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore,
        WDF_PROPERTY_STORE_DISPOSITION *pDisposition)
        = 0;
    virtual void STDMETHODCALLTYPE GetDriver(IWDFDriver **ppWdfDriver) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveDeviceInstanceId(PWSTR Buffer, DWORD *pdwSizeInChars)
        = 0;
    virtual void STDMETHODCALLTYPE GetDefaultIoTarget(IWDFIoTarget **ppWdfIoTarget) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateWdfFile(
        LPCWSTR pcwszFileName, IWDFDriverCreatedFile **ppFile)
        = 0;
    virtual void STDMETHODCALLTYPE GetDefaultIoQueue(IWDFIoQueue **ppWdfIoQueue) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateIoQueue(IUnknown *pCallbackInterface,
        BOOL bDefaultQueue, WDF_IO_QUEUE_DISPATCH_TYPE DispatchType, BOOL bPowerManaged,
        BOOL bAllowZeroLengthRequests, IWDFIoQueue **ppIoQueue)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateDeviceInterface(
        LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE AssignDeviceInterfaceState(
        LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString, BOOL Enable)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveDeviceName(
        PWSTR pDeviceName, DWORD *pdwDeviceNameLength)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE PostEvent(
        REFGUID EventGuid, WDF_EVENT_TYPE EventType, BYTE *pbData, DWORD cbDataSize)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE ConfigureRequestDispatching(
        IWDFIoQueue *pQueue, WDF_REQUEST_TYPE RequestType, BOOL Forward)
        = 0;
    virtual void STDMETHODCALLTYPE SetPnpState(WDF_PNP_STATE State, WDF_TRI_STATE Value) = 0;
    virtual WDF_TRI_STATE STDMETHODCALLTYPE GetPnpState(WDF_PNP_STATE State) = 0;
    virtual void STDMETHODCALLTYPE CommitPnpState() = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateRequest(
        IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFIoRequest **ppRequest)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateSymbolicLink(PCWSTR pSymbolicLink) = 0;
    UMDFX_INTERFACE_DTOR(IWDFDevice)
};

struct IWDFDevice2 : public IWDFDevice
{
    virtual HRESULT STDMETHODCALLTYPE AssignS0IdleSettings(
        WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps, DEVICE_POWER_STATE DxState,
        ULONG IdleTimeout, WDF_POWER_POLICY_S0_IDLE_USER_CONTROL UserControlOfIdleSettings,
        WDF_TRI_STATE Enabled)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE StopIdle(BOOL WaitForD0) = 0;
    virtual void STDMETHODCALLTYPE ResumeIdle() = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateSymbolicLinkWithReferenceString(
        PCWSTR pSymbolicLink, PCWSTR pReferenceString)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE RegisterRemoteInterfaceNotification(
        LPCGUID pDeviceInterfaceGuid, BOOL IncludeExistingInterfaces)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateRemoteInterface(
        IWDFRemoteInterfaceInitialize *pRemoteInterfaceInit, IUnknown *pCallbackInterface,
        IWDFRemoteInterface **ppRemoteInterface)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateRemoteTarget(
        IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFRemoteTarget **ppRemoteTarget)
        = 0;
    virtual void STDMETHODCALLTYPE GetDeviceStackIoTypePreference(
        WDF_DEVICE_IO_TYPE *ReadWritePreference, WDF_DEVICE_IO_TYPE *IoControlPreference)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE AssignSxWakeSettings(DEVICE_POWER_STATE DxState,
        WDF_POWER_POLICY_SX_WAKE_USER_CONTROL UserControlOfWakeSettings, WDF_TRI_STATE Enabled)
        = 0;
    virtual POWER_ACTION STDMETHODCALLTYPE GetSystemPowerAction() = 0;
    UMDFX_INTERFACE_DTOR(IWDFDevice2)
};

struct IWDFDevice3 : public IWDFDevice2
{
    virtual HRESULT STDMETHODCALLTYPE MapIoSpace(PHYSICAL_ADDRESS PhysicalAddress,
        SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType, void **pPseudoBaseAddress)
        = 0;
    virtual void STDMETHODCALLTYPE UnmapIoSpace(void *PseudoBaseAddress, SIZE_T NumberOfBytes) = 0;
    virtual void *STDMETHODCALLTYPE GetHardwareRegisterMappedAddress(void *PseudoBaseAddress) = 0;
    virtual SIZE_T STDMETHODCALLTYPE ReadFromHardware(WDF_DEVICE_HWACCESS_TARGET_TYPE Type,
        WDF_DEVICE_HWACCESS_TARGET_SIZE Size, void *Address, void *Buffer, ULONG Count)
        = 0;
    virtual void STDMETHODCALLTYPE WriteToHardware(WDF_DEVICE_HWACCESS_TARGET_TYPE Type,
        WDF_DEVICE_HWACCESS_TARGET_SIZE Size, void *Address, SIZE_T Value, void *Buffer,
        ULONG Count)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateInterrupt(
        PWUDF_INTERRUPT_CONFIG Config, IWDFInterrupt **ppInterrupt)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateWorkItem(
        PWUDF_WORKITEM_CONFIG pConfig, IWDFObject *pParentObject, IWDFWorkItem **ppWorkItem)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE AssignS0IdleSettingsEx(
        PWUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS IdleSettings)
        = 0;
    UMDFX_INTERFACE_DTOR(IWDFDevice3)
};

struct IWDFIoQueue : public IWDFObject
{
    virtual void STDMETHODCALLTYPE GetDevice(IWDFDevice **ppWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE ConfigureRequestDispatching(
        WDF_REQUEST_TYPE RequestType, BOOL Forward)
        = 0;
    virtual WDF_IO_QUEUE_STATE STDMETHODCALLTYPE GetState(
        ULONG *pulNumOfRequestsInQueue, ULONG *pulNumOfRequestsInDriver)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveNextRequest(IWDFIoRequest **ppRequest) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveNextRequestByFileObject(
        IWDFFile *pFile, IWDFIoRequest **ppRequest)
        = 0;
    virtual void STDMETHODCALLTYPE Start() = 0;
    virtual void STDMETHODCALLTYPE Stop(IQueueCallbackStateChange *pStopComplete) = 0;
    virtual void STDMETHODCALLTYPE StopSynchronously() = 0;
    virtual void STDMETHODCALLTYPE Drain(IQueueCallbackStateChange *pDrainComplete) = 0;
    virtual void STDMETHODCALLTYPE DrainSynchronously() = 0;
    virtual void STDMETHODCALLTYPE Purge(IQueueCallbackStateChange *pPurgeComplete) = 0;
    virtual void STDMETHODCALLTYPE PurgeSynchronously() = 0;
    UMDFX_INTERFACE_DTOR(IWDFIoQueue)
};

struct IWDFIoRequest : public IWDFObject
{
    virtual void STDMETHODCALLTYPE CompleteWithInformation(
        HRESULT CompletionStatus, SIZE_T Information)
        = 0;
    virtual void STDMETHODCALLTYPE SetInformation(ULONG_PTR Information) = 0;
    virtual void STDMETHODCALLTYPE Complete(HRESULT CompletionStatus) = 0;
    virtual void STDMETHODCALLTYPE SetCompletionCallback(
        IRequestCallbackRequestCompletion *pCompletionCallback, void *pContext)
        = 0;
    virtual WDF_REQUEST_TYPE STDMETHODCALLTYPE GetType() = 0;
    virtual void STDMETHODCALLTYPE GetCreateParameters(
        ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess)
        = 0;
    virtual void STDMETHODCALLTYPE GetReadParameters(
        SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey)
        = 0;
    virtual void STDMETHODCALLTYPE GetWriteParameters(
        SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey)
        = 0;
    virtual void STDMETHODCALLTYPE GetDeviceIoControlParameters(
        ULONG *pControlCode, SIZE_T *pInBufferSize, SIZE_T *pOutBufferSize)
        = 0;
    virtual void STDMETHODCALLTYPE GetOutputMemory(IWDFMemory **ppWdfMemory) = 0;
    virtual void STDMETHODCALLTYPE GetInputMemory(IWDFMemory **ppWdfMemory) = 0;
    virtual void STDMETHODCALLTYPE MarkCancelable(IRequestCallbackCancel *pCancelCallback) = 0;
    virtual HRESULT STDMETHODCALLTYPE UnmarkCancelable() = 0;
    virtual BOOL STDMETHODCALLTYPE CancelSentRequest() = 0;
    virtual HRESULT STDMETHODCALLTYPE ForwardToIoQueue(IWDFIoQueue *pDestination) = 0;
    virtual HRESULT STDMETHODCALLTYPE Send(IWDFIoTarget *pIoTarget, ULONG Flags, LONGLONG Timeout)
        = 0;
    virtual void STDMETHODCALLTYPE GetFileObject(IWDFFile **ppFileObject) = 0;
    virtual void STDMETHODCALLTYPE FormatUsingCurrentType() = 0;
    virtual ULONG STDMETHODCALLTYPE GetRequestorProcessId() = 0;
    virtual void STDMETHODCALLTYPE GetIoQueue(IWDFIoQueue **ppWdfIoQueue) = 0;
    virtual HRESULT STDMETHODCALLTYPE Impersonate(SECURITY_IMPERSONATION_LEVEL ImpersonationLevel,
        IImpersonateCallback *pCallback, void *pvCallbackContext)
        = 0;
    virtual BOOL STDMETHODCALLTYPE IsFrom32BitProcess() = 0;
    virtual void STDMETHODCALLTYPE GetCompletionParams(
        IWDFRequestCompletionParams **ppCompletionParams)
        = 0;
    UMDFX_INTERFACE_DTOR(IWDFIoRequest)
};

struct IWDFIoRequest2 : public IWDFIoRequest
{
    virtual void STDMETHODCALLTYPE Reuse(HRESULT hrNewStatus) = 0;
    virtual WDF_KPROCESSOR_MODE STDMETHODCALLTYPE GetRequestorMode() = 0;
    virtual BOOL STDMETHODCALLTYPE IsFromUserModeDriver() = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveInputBuffer(
        SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveOutputBuffer(
        SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveInputMemory(IWDFMemory **Memory) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveOutputMemory(IWDFMemory **Memory) = 0;
    virtual WDF_DEVICE_IO_TYPE STDMETHODCALLTYPE GetEffectiveIoType() = 0;
    virtual void STDMETHODCALLTYPE GetCreateParametersEx(
        ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess, ACCESS_MASK *pDesiredAccess)
        = 0;
    virtual void STDMETHODCALLTYPE GetQueryInformationParameters(
        WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes)
        = 0;
    virtual void STDMETHODCALLTYPE GetSetInformationParameters(
        WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes)
        = 0;
    virtual BOOL STDMETHODCALLTYPE IsCanceled() = 0;
    virtual HRESULT STDMETHODCALLTYPE GetStatus() = 0;
    virtual void STDMETHODCALLTYPE StopAcknowledge(BOOL Requeue) = 0;
    virtual HRESULT STDMETHODCALLTYPE Requeue() = 0;
    UMDFX_INTERFACE_DTOR(IWDFIoRequest2)
};

struct IWDFIoRequest3 : public IWDFIoRequest2
{
    virtual void STDMETHODCALLTYPE SetUserModeDriverInitiatedIo(BOOL IsUserModeDriverInitiated) = 0;
    virtual BOOL STDMETHODCALLTYPE GetUserModeDriverInitiatedIo() = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveActivityId(LPGUID ActivityId) = 0;
    virtual void STDMETHODCALLTYPE SetActivityId(LPGUID ActivityId) = 0;
    UMDFX_INTERFACE_DTOR(IWDFIoRequest3)
};

struct IWDFRequestCompletionParams : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE GetCompletionStatus() = 0;
    virtual ULONG_PTR STDMETHODCALLTYPE GetInformation() = 0;
    virtual WDF_REQUEST_TYPE STDMETHODCALLTYPE GetCompletedRequestType() = 0;
    UMDFX_INTERFACE_DTOR(IWDFRequestCompletionParams)
};

struct IWDFIoRequestCompletionParams : public IWDFRequestCompletionParams
{
    virtual void STDMETHODCALLTYPE GetWriteParameters(
        IWDFMemory **ppWriteMemory, SIZE_T *pBytesWritten, SIZE_T *pWriteMemoryOffset)
        = 0;
    virtual void STDMETHODCALLTYPE GetReadParameters(
        IWDFMemory **ppReadMemory, SIZE_T *pBytesRead, SIZE_T *pReadMemoryOffset)
        = 0;
    virtual void STDMETHODCALLTYPE GetIoctlParameters(ULONG *pIoControlCode,
        IWDFMemory **ppInputMemory, SIZE_T *pInputMemoryOffset, IWDFMemory **ppOutputMemory,
        SIZE_T *pOutputMemoryOffset, SIZE_T *pOutBytes)
        = 0;
    UMDFX_INTERFACE_DTOR(IWDFIoRequestCompletionParams)
};

struct IWDFFile : public IWDFObject
{
    virtual HRESULT STDMETHODCALLTYPE RetrieveFileName(
        PWSTR pFileName, DWORD *pdwFileNameLengthInChars)
        = 0;
    virtual void STDMETHODCALLTYPE GetDevice(IWDFDevice **ppWdfDevice) = 0;
    UMDFX_INTERFACE_DTOR(IWDFFile)
};

struct IWDFFile2 : public IWDFFile
{
    virtual HRESULT STDMETHODCALLTYPE RetrieveCountedFileName(
        WCHAR *pFileName, DWORD *pdwFileNameLengthInChars)
        = 0;
    virtual void STDMETHODCALLTYPE GetRelatedFileObject(IWDFFile **ppRelatedFileObj) = 0;
    UMDFX_INTERFACE_DTOR(IWDFFile2)
};

struct IWDFFile3 : public IWDFFile2
{
    virtual void STDMETHODCALLTYPE GetInitiatorProcessId(DWORD *pdwProcessId) = 0;
    UMDFX_INTERFACE_DTOR(IWDFFile3)
};

struct IWDFDriverCreatedFile : public IWDFFile
{
    virtual void STDMETHODCALLTYPE Close() = 0;
    UMDFX_INTERFACE_DTOR(IWDFDriverCreatedFile)
};

struct IWDFMemory : public IWDFObject
{
    virtual HRESULT STDMETHODCALLTYPE CopyFromMemory(
        IWDFMemory *Source, PWDFMEMORY_OFFSET SourceOffset)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CopyToBuffer(
        ULONG_PTR SourceOffset, void *TargetBuffer, SIZE_T NumOfBytesToCopyTo)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CopyFromBuffer(
        ULONG_PTR DestOffset, void *SourceBuffer, SIZE_T NumOfBytesToCopyFrom)
        = 0;
    virtual SIZE_T STDMETHODCALLTYPE GetSize() = 0;
    virtual void *STDMETHODCALLTYPE GetDataBuffer(SIZE_T *BufferSize) = 0;
    virtual void STDMETHODCALLTYPE SetBuffer(void *Buffer, SIZE_T BufferSize) = 0;
    UMDFX_INTERFACE_DTOR(IWDFMemory)
};

struct IWDFIoTarget : public IWDFObject
{
    virtual void STDMETHODCALLTYPE GetTargetFile(IWDFFile **ppWdfFile) = 0;
    virtual void STDMETHODCALLTYPE CancelSentRequestsForFile(IWDFFile *pFile) = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForRead(IWDFIoRequest *pRequest, IWDFFile *pFile,
        IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset, PLONGLONG DeviceOffset)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForWrite(IWDFIoRequest *pRequest,
        IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset,
        PLONGLONG DeviceOffset)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForIoctl(IWDFIoRequest *pRequest,
        ULONG IoctlCode, IWDFFile *pFile, IWDFMemory *pInputMemory,
        PWDFMEMORY_OFFSET pInputMemoryOffset, IWDFMemory *pOutputMemory,
        PWDFMEMORY_OFFSET pOutputMemoryOffset)
        = 0;
    UMDFX_INTERFACE_DTOR(IWDFIoTarget)
};

struct IWDFIoTarget2 : public IWDFIoTarget
{
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForFlush(
        IWDFIoRequest *pRequest, IWDFFile *pFile)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForQueryInformation(IWDFIoRequest *pRequest,
        WDF_FILE_INFORMATION_CLASS InformationClass, IWDFFile *pFile,
        IWDFMemory *pInformationMemory, PWDFMEMORY_OFFSET pInformationMemoryOffset)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForSetInformation(IWDFIoRequest *pRequest,
        WDF_FILE_INFORMATION_CLASS InformationClass, IWDFFile *pFile,
        IWDFMemory *pInformationMemory, PWDFMEMORY_OFFSET pInformationMemoryOffset)
        = 0;
    UMDFX_INTERFACE_DTOR(IWDFIoTarget2)
};

struct IWDFIoTargetStateManagement : public IUnknown
{
    virtual WDF_IO_TARGET_STATE STDMETHODCALLTYPE GetState() = 0;
    virtual HRESULT STDMETHODCALLTYPE Start() = 0;
    virtual HRESULT STDMETHODCALLTYPE Stop(WDF_IO_TARGET_SENT_IO_ACTION Action) = 0;
    virtual HRESULT STDMETHODCALLTYPE Remove(BOOL bIsSurpriseRemove) = 0;
    UMDFX_INTERFACE_DTOR(IWDFIoTargetStateManagement)
};

struct IWDFFileHandleTargetFactory : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE CreateFileHandleTarget(
        HANDLE hTarget, IWDFIoTarget **ppTarget)
        = 0;
    UMDFX_INTERFACE_DTOR(IWDFFileHandleTargetFactory)
};

struct IWDFRemoteInterfaceInitialize : public IUnknown
{
    virtual void STDMETHODCALLTYPE GetInterfaceGuid(LPGUID pDeviceInterfaceGuid) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveSymbolicLink(
        PWSTR pSymbolicLink, DWORD *pdwSymbolicLinkLengthInChars)
        = 0;
    UMDFX_INTERFACE_DTOR(IWDFRemoteInterfaceInitialize)
};

// No methods of its own in 1.11: a handle for context, deletion and parenting.
struct IWDFRemoteInterface : public IWDFObject
{
    UMDFX_INTERFACE_DTOR(IWDFRemoteInterface)
};

struct IWDFRemoteTarget : public IWDFIoTarget2
{
    virtual HRESULT STDMETHODCALLTYPE OpenRemoteInterface(IWDFRemoteInterface *pRemoteInterface,
        PCWSTR pszRelativeFileName, DWORD DesiredAccess, PUMDF_IO_TARGET_OPEN_PARAMS pOpenParams)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE OpenFileByName(
        PCWSTR pszFileName, DWORD DesiredAccess, PUMDF_IO_TARGET_OPEN_PARAMS pOpenParams)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE Close() = 0;
    virtual HRESULT STDMETHODCALLTYPE CloseForQueryRemove() = 0;
    virtual HRESULT STDMETHODCALLTYPE Reopen() = 0;
    virtual WDF_IO_TARGET_STATE STDMETHODCALLTYPE GetState() = 0;
    virtual HRESULT STDMETHODCALLTYPE Start() = 0;
    virtual HRESULT STDMETHODCALLTYPE Stop(WDF_IO_TARGET_SENT_IO_ACTION Action) = 0;
    UMDFX_INTERFACE_DTOR(IWDFRemoteTarget)
};

struct IWDFWorkItem : public IWDFObject
{
    virtual void STDMETHODCALLTYPE Enqueue() = 0;
    virtual void STDMETHODCALLTYPE Flush() = 0;
    virtual IWDFObject *STDMETHODCALLTYPE GetParentObject() = 0;
    UMDFX_INTERFACE_DTOR(IWDFWorkItem)
};

// ---- driver callbacks ---------------------------------------------------------------------------

struct IDriverEntry : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE OnInitialize(IWDFDriver *pWdfDriver) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnDeviceAdd(
        IWDFDriver *pWdfDriver, IWDFDeviceInitialize *pWdfDeviceInit)
        = 0;
    virtual void STDMETHODCALLTYPE OnDeinitialize(IWDFDriver *pWdfDriver) = 0;
    UMDFX_INTERFACE_DTOR(IDriverEntry)
};

struct IObjectCleanup : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnCleanup(IWDFObject *pWdfObject) = 0;
    UMDFX_INTERFACE_DTOR(IObjectCleanup)
};

struct IPnpCallback : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE OnD0Entry(
        IWDFDevice *pWdfDevice, WDF_POWER_DEVICE_STATE previousState)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE OnD0Exit(
        IWDFDevice *pWdfDevice, WDF_POWER_DEVICE_STATE newState)
        = 0;
    virtual void STDMETHODCALLTYPE OnSurpriseRemoval(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnQueryRemove(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnQueryStop(IWDFDevice *pWdfDevice) = 0;
    UMDFX_INTERFACE_DTOR(IPnpCallback)
};

struct IPnpCallbackHardware : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE OnPrepareHardware(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnReleaseHardware(IWDFDevice *pWdfDevice) = 0;
    UMDFX_INTERFACE_DTOR(IPnpCallbackHardware)
};

struct IPnpCallbackHardware2 : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE OnPrepareHardware(IWDFDevice3 *pWdfDevice,
        IWDFCmResourceList *pWdfResourcesRaw, IWDFCmResourceList *pWdfResourcesTranslated)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE OnReleaseHardware(
        IWDFDevice3 *pWdfDevice, IWDFCmResourceList *pWdfResourcesTranslated)
        = 0;
    UMDFX_INTERFACE_DTOR(IPnpCallbackHardware2)
};

// Vtable order is Cleanup, Flush, Init, Suspend, Restart, Stop (reference §2.1).
struct IPnpCallbackSelfManagedIo : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnSelfManagedIoCleanup(IWDFDevice *pWdfDevice) = 0;
    virtual void STDMETHODCALLTYPE OnSelfManagedIoFlush(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnSelfManagedIoInit(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnSelfManagedIoSuspend(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnSelfManagedIoRestart(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnSelfManagedIoStop(IWDFDevice *pWdfDevice)
        = 0; // never called by UMDF
    UMDFX_INTERFACE_DTOR(IPnpCallbackSelfManagedIo)
};

struct IPnpCallbackHardwareInterrupt : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE OnD0EntryPostInterruptsEnabled(
        IWDFDevice3 *pWdfDevice, WDF_POWER_DEVICE_STATE PreviousState)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE OnD0ExitPreInterruptsDisabled(
        IWDFDevice3 *pWdfDevice, WDF_POWER_DEVICE_STATE TargetState)
        = 0;
    UMDFX_INTERFACE_DTOR(IPnpCallbackHardwareInterrupt)
};

struct IPowerPolicyCallbackWakeFromS0 : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE OnArmWakeFromS0(IWDFDevice *pWdfDevice) = 0;
    virtual void STDMETHODCALLTYPE OnDisarmWakeFromS0(IWDFDevice *pWdfDevice) = 0;
    virtual void STDMETHODCALLTYPE OnWakeFromS0Triggered(IWDFDevice *pWdfDevice) = 0;
    UMDFX_INTERFACE_DTOR(IPowerPolicyCallbackWakeFromS0)
};

struct IPowerPolicyCallbackWakeFromSx : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE OnArmWakeFromSx(IWDFDevice *pWdfDevice) = 0;
    virtual void STDMETHODCALLTYPE OnDisarmWakeFromSx(IWDFDevice *pWdfDevice) = 0;
    virtual void STDMETHODCALLTYPE OnWakeFromSxTriggered(IWDFDevice *pWdfDevice) = 0;
    UMDFX_INTERFACE_DTOR(IPowerPolicyCallbackWakeFromSx)
};

struct IQueueCallbackCreate : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnCreateFile(
        IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWDFRequest, IWDFFile *pWdfFileObject)
        = 0;
    UMDFX_INTERFACE_DTOR(IQueueCallbackCreate)
};

struct IQueueCallbackRead : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnRead(
        IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToRead)
        = 0;
    UMDFX_INTERFACE_DTOR(IQueueCallbackRead)
};

struct IQueueCallbackWrite : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnWrite(
        IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToWrite)
        = 0;
    UMDFX_INTERFACE_DTOR(IQueueCallbackWrite)
};

struct IQueueCallbackDeviceIoControl : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnDeviceIoControl(IWDFIoQueue *pWdfQueue,
        IWDFIoRequest *pWdfRequest, ULONG ControlCode, SIZE_T InputBufferSizeInBytes,
        SIZE_T OutputBufferSizeInBytes)
        = 0;
    UMDFX_INTERFACE_DTOR(IQueueCallbackDeviceIoControl)
};

struct IQueueCallbackDefaultIoHandler : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnDefaultIoHandler(
        IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest)
        = 0;
    UMDFX_INTERFACE_DTOR(IQueueCallbackDefaultIoHandler)
};

struct IQueueCallbackStateChange : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnStateChange(
        IWDFIoQueue *pWdfQueue, WDF_IO_QUEUE_STATE QueueState)
        = 0;
    UMDFX_INTERFACE_DTOR(IQueueCallbackStateChange)
};

struct IQueueCallbackIoStop : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnIoStop(
        IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, ULONG ActionFlags)
        = 0;
    UMDFX_INTERFACE_DTOR(IQueueCallbackIoStop)
};

struct IQueueCallbackIoResume : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnIoResume(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest)
        = 0;
    UMDFX_INTERFACE_DTOR(IQueueCallbackIoResume)
};

struct IQueueCallbackIoCanceledOnQueue : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnIoCanceledOnQueue(
        IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest)
        = 0;
    UMDFX_INTERFACE_DTOR(IQueueCallbackIoCanceledOnQueue)
};

struct IRequestCallbackCancel : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnCancel(IWDFIoRequest *pWdfRequest) = 0;
    UMDFX_INTERFACE_DTOR(IRequestCallbackCancel)
};

struct IRequestCallbackRequestCompletion : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnCompletion(IWDFIoRequest *pWdfRequest, IWDFIoTarget *pIoTarget,
        IWDFRequestCompletionParams *pParams, void *pContext)
        = 0;
    UMDFX_INTERFACE_DTOR(IRequestCallbackRequestCompletion)
};

struct IFileCallbackCleanup : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnCleanupFile(IWDFFile *pWdfFileObject) = 0;
    UMDFX_INTERFACE_DTOR(IFileCallbackCleanup)
};

struct IFileCallbackClose : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnCloseFile(IWDFFile *pWdfFileObject) = 0;
    UMDFX_INTERFACE_DTOR(IFileCallbackClose)
};

struct IImpersonateCallback : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnImpersonate(void *Context) = 0;
    UMDFX_INTERFACE_DTOR(IImpersonateCallback)
};

struct IPnpCallbackRemoteInterfaceNotification : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnRemoteInterfaceArrival(
        IWDFRemoteInterfaceInitialize *pWdfRemoteInterfaceInit)
        = 0;
    UMDFX_INTERFACE_DTOR(IPnpCallbackRemoteInterfaceNotification)
};

struct IRemoteInterfaceCallbackRemoval : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnRemoteInterfaceRemoval(
        IWDFRemoteInterface *pWdfRemoteInterface)
        = 0;
    UMDFX_INTERFACE_DTOR(IRemoteInterfaceCallbackRemoval)
};

struct IRemoteInterfaceCallbackEvent : public IUnknown
{
    virtual void STDMETHODCALLTYPE OnRemoteInterfaceEvent(IWDFRemoteInterface *pWdfRemoteInterface,
        REFGUID EventGuid, BYTE *pbData, DWORD cbDataSize, DWORD NameBufferOffset)
        = 0;
    UMDFX_INTERFACE_DTOR(IRemoteInterfaceCallbackEvent)
};

struct IRemoteTargetCallbackRemoval : public IUnknown
{
    virtual BOOL STDMETHODCALLTYPE OnRemoteTargetQueryRemove(IWDFRemoteTarget *pWdfRemoteTarget)
        = 0;
    virtual void STDMETHODCALLTYPE OnRemoteTargetRemoveCanceled(IWDFRemoteTarget *pWdfRemoteTarget)
        = 0;
    virtual void STDMETHODCALLTYPE OnRemoteTargetRemoveComplete(IWDFRemoteTarget *pWdfRemoteTarget)
        = 0;
    UMDFX_INTERFACE_DTOR(IRemoteTargetCallbackRemoval)
};

#undef UMDFX_INTERFACE_DTOR

// The framework version this header describes (UMDF 1.11).
inline constexpr UMDF_VERSION_DATA Microsoft_WDF_UMDF_Version = { 1, 11, 0 };
