#pragma once
// Enumerations and structures of the UMDF 1 DDI with their numeric values (reference Appendix A).

#include "core/wudf/wudftypes.h"

enum WDF_CALLBACK_CONSTRAINT {
    None = 0,
    WdfDeviceLevel = 1,
    WdfLevelReserved = 2,
    WdfLevelMaximum = 3
};

enum WDF_IO_QUEUE_DISPATCH_TYPE {
    WdfIoQueueDispatchSequential = 1,
    WdfIoQueueDispatchParallel = 2,
    WdfIoQueueDispatchManual = 3,
    WdfIoQueueDispatchMaximum = 4
};

enum WDF_IO_QUEUE_STATE {
    WdfIoQueueAcceptRequests = 0x1,
    WdfIoQueueDispatchRequests = 0x2,
    WdfIoQueueNoRequests = 0x4,
    WdfIoQueueDriverNoRequests = 0x8,
    WdfIoQueuePnpHeld = 0x10
};

enum WDF_REQUEST_TYPE {
    WdfRequestUndefined = 0,
    WdfRequestCreate = 1,
    WdfRequestCleanup = 2,
    WdfRequestRead = 3,
    WdfRequestWrite = 4,
    WdfRequestDeviceIoControl = 5,
    WdfRequestClose = 6,
    WdfRequestUsb = 7,
    WdfRequestOther = 8,
    WdfRequestInternalIoctl = 9,
    WdfRequestTypeNoFormat = 10,
    // 1.9+: the documented order after TypeNoFormat (values inferred from that order).
    WdfRequestFlushBuffers = 11,
    WdfRequestQueryInformation = 12,
    WdfRequestSetInformation = 13,
    WdfRequestMaximum = 14
};

enum WDF_REQUEST_STOP_ACTION_FLAGS {
    WdfRequestStopActionInvalid = 0,
    WdfRequestStopActionSuspend = 0x1,
    WdfRequestStopActionPurge = 0x2,
    WdfRequestStopRequestCancelable = 0x10000000
};

enum WDF_REQUEST_SEND_OPTIONS_FLAGS {
    WDF_REQUEST_SEND_OPTION_TIMEOUT = 0x1,
    WDF_REQUEST_SEND_OPTION_SYNCHRONOUS = 0x2,
    WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE = 0x4,
    WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET = 0x8
};

enum WDF_IO_TARGET_STATE {
    WdfIoTargetStateUndefined = 0,
    WdfIoTargetStarted = 1,
    WdfIoTargetStopped = 2,
    WdfIoTargetClosedForQueryRemove = 3,
    WdfIoTargetClosed = 4,
    WdfIoTargetDeleted = 5,
    WdfIoTargetStateMaximum = 6
};

enum WDF_IO_TARGET_SENT_IO_ACTION {
    WdfIoTargetSentIoUndefined = 0,
    WdfIoTargetCancelSentIo = 1,
    WdfIoTargetWaitForSentIoToComplete = 2,
    WdfIoTargetLeaveSentIoPending = 3,
    WdfIoTargetSentIoMaximum = 4
};

enum WDF_TRI_STATE { WdfUseDefault = 0, WdfFalse = 1, WdfTrue = 2 };

enum WDF_PNP_STATE {
    WdfPnpStateInvalid = 0,
    WdfPnpStateDisabled = 1,
    WdfPnpStateFailed = 2,
    WdfPnpStateRemoved = 3,
    WdfPnpStateResourcesChanged = 4,
    WdfPnpStateDontDisplayInUI = 5,
    WdfPnpStateNotDisableable = 6,
    WdfPnpStateMaximum = 7
};

enum WDF_PNP_CAPABILITY {
    WdfPnpCapInvalid = 0,
    WdfPnpCapLockSupported = 1,
    WdfPnpCapEjectSupported = 2,
    WdfPnpCapRemovable = 3,
    WdfPnpCapDockDevice = 4,
    WdfPnpCapSurpriseRemovalOk = 5,
    WdfPnpCapNoDisplayInUI = 6,
    WdfPnpCapMaximum = 7
};

enum WDF_POWER_DEVICE_STATE {
    WdfPowerDeviceInvalid = 0,
    WdfPowerDeviceD0 = 1,
    WdfPowerDeviceD1 = 2,
    WdfPowerDeviceD2 = 3,
    WdfPowerDeviceD3 = 4,
    WdfPowerDeviceD3Final = 5,
    WdfPowerDevicePrepareForHibernation = 6,
    WdfPowerDeviceMaximum = 7
};

enum WDF_EVENT_TYPE { WdfEventReserved = 0, WdfEventBroadcast = 1, WdfEventMaximum = 2 };

enum WDF_PROPERTY_STORE_RETRIEVE_FLAGS {
    WdfPropertyStoreNormal = 0,
    WdfPropertyStoreCreateIfMissing = 0x1
};

enum WDF_PROPERTY_STORE_DISPOSITION {
    WdfPropertyStoreCreatedNewStore = 0x1,
    WdfPropertyStoreOpenedExistingStore = 0x2
};

// 1.9: values follow the declaration order (inferred).
enum WDF_DEVICE_IO_TYPE {
    WdfDeviceIoUndefined = 0,
    WdfDeviceIoNeither = 1,
    WdfDeviceIoBuffered = 2,
    WdfDeviceIoDirect = 3,
    WdfDeviceIoBufferedOrDirect = 4,
    WdfDeviceIoMaximum = 5
};

enum WDF_DEVICE_IO_BUFFER_RETRIEVAL {
    WdfDeviceIoBufferRetrievalInvalid = 0,
    WdfDeviceIoBufferRetrievalCopyImmediately = 1,
    WdfDeviceIoBufferRetrievalDeferred = 2,
    WdfDeviceIoBufferRetrievalMaximum = 3
};

enum DEVICE_POWER_STATE {
    PowerDeviceUnspecified = 0,
    PowerDeviceD0 = 1,
    PowerDeviceD1 = 2,
    PowerDeviceD2 = 3,
    PowerDeviceD3 = 4,
    PowerDeviceMaximum = 5
};

enum POWER_ACTION {
    PowerActionNone = 0,
    PowerActionReserved = 1,
    PowerActionSleep = 2,
    PowerActionHibernate = 3,
    PowerActionShutdown = 4,
    PowerActionShutdownReset = 5,
    PowerActionShutdownOff = 6,
    PowerActionWarmEject = 7
};

enum WDF_POWER_POLICY_S0_IDLE_CAPABILITIES {
    IdleCapsInvalid = 0,
    IdleCannotWakeFromS0 = 1,
    IdleCanWakeFromS0 = 2,
    IdleUsbSelectiveSuspend = 3
};

enum WDF_POWER_POLICY_S0_IDLE_USER_CONTROL {
    IdleUserControlInvalid = 0,
    IdleDoNotAllowUserControl = 1,
    IdleAllowUserControl = 2
};

enum WDF_POWER_POLICY_SX_WAKE_USER_CONTROL {
    WakeUserControlInvalid = 0,
    WakeDoNotAllowUserControl = 1,
    WakeAllowUserControl = 2
};

enum WDF_KPROCESSOR_MODE { WdfKernelMode = 0, WdfUserMode = 1 };

enum SECURITY_IMPERSONATION_LEVEL {
    SecurityAnonymous = 0,
    SecurityIdentification = 1,
    SecurityImpersonation = 2,
    SecurityDelegation = 3
};

// FILE_INFORMATION_CLASS values used by the query/set information requests.
enum WDF_FILE_INFORMATION_CLASS {
    WdfFileBasicInformation = 4,
    WdfFileStandardInformation = 5,
    WdfFilePositionInformation = 14,
    WdfFileEndOfFileInformation = 20,
};

enum MEMORY_CACHING_TYPE { MmNonCached = 0, MmCached = 1, MmWriteCombined = 2 };

enum WDF_DEVICE_HWACCESS_TARGET_TYPE {
    WdfDeviceHwAccessTargetTypeInvalid = 0,
    WdfDeviceHwAccessTargetTypeRegister = 1,
    WdfDeviceHwAccessTargetTypeRegisterBuffer = 2,
    WdfDeviceHwAccessTargetTypePort = 3,
    WdfDeviceHwAccessTargetTypePortBuffer = 4,
    WdfDeviceHwAccessTargetTypeMaximum = 5
};

enum WDF_DEVICE_HWACCESS_TARGET_SIZE {
    WdfDeviceHwAccessTargetSizeInvalid = 0,
    WdfDeviceHwAccessTargetSizeUchar = 1,
    WdfDeviceHwAccessTargetSizeUshort = 2,
    WdfDeviceHwAccessTargetSizeUlong = 3,
    WdfDeviceHwAccessTargetSizeUlong64 = 4,
    WdfDeviceHwAccessTargetSizeMaximum = 5
};

struct UMDF_VERSION_DATA
{
    ULONG MajorNumber;
    ULONG MinorNumber;
    ULONG ServiceNumber;
};

struct WDFMEMORY_OFFSET
{
    ULONG_PTR BufferOffset;
    ULONG_PTR BufferLength;
};
using PWDFMEMORY_OFFSET = WDFMEMORY_OFFSET *;

struct UMDF_IO_TARGET_OPEN_PARAMS
{
    DWORD dwShareMode;
    DWORD dwCreationDisposition;
    DWORD dwFlagsAndAttributes;
};
using PUMDF_IO_TARGET_OPEN_PARAMS = UMDF_IO_TARGET_OPEN_PARAMS *;

struct IWDFWorkItem;
using WUDF_WORKITEM_FUNCTION = void(IWDFWorkItem *pWorkItem);
using PFN_WUDF_WORKITEM = WUDF_WORKITEM_FUNCTION *;

struct WUDF_WORKITEM_CONFIG
{
    ULONG Size;
    PFN_WUDF_WORKITEM OnWorkItemFunc;
    BOOL AutomaticSerialization;
};
using PWUDF_WORKITEM_CONFIG = WUDF_WORKITEM_CONFIG *;

// Sets the size and callback and turns AutomaticSerialization on, as the documented macro does.
inline void WUDF_WORKITEM_CONFIG_INIT(PWUDF_WORKITEM_CONFIG Config, PFN_WUDF_WORKITEM Callback)
{
    *Config = WUDF_WORKITEM_CONFIG {};
    Config->Size = sizeof(WUDF_WORKITEM_CONFIG);
    Config->OnWorkItemFunc = Callback;
    Config->AutomaticSerialization = TRUE;
}

// Interrupt and idle-settings configuration (1.11) are not simulated; declared so the interfaces
// that take them keep their signatures.
struct WUDF_INTERRUPT_CONFIG;
using PWUDF_INTERRUPT_CONFIG = WUDF_INTERRUPT_CONFIG *;
struct WUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS;
using PWUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS = WUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS *;
