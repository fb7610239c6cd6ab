/*++

Module Name:

    device.cpp

Abstract:

    The classic sample's device: created in OnDeviceAdd, it configures the default queue and the
    device interface, and (WatchEcho = 1) registers for the echo interface class.

--*/

#include "internal.h"

#include "device.tmh"

CMyDevice::CMyDevice(
    VOID
    ) :
    m_FxDevice(NULL),
    m_FxDriver(NULL),
    m_DefaultQueue(NULL),
    m_BufferLength(0),
    m_WatchEcho(FALSE),
    m_PollEcho(FALSE),
    m_FaultOnWrite(0)
{
    InitializeCriticalSection(&m_Lock);
    InitializeListHead(&m_RemoteTargets);
    ZeroMemory(m_Buffer, sizeof(m_Buffer));
}

CMyDevice::~CMyDevice(
    VOID
    )
{
    SAFE_RELEASE(m_DefaultQueue);
    DeleteCriticalSection(&m_Lock);
}

HRESULT
CMyDevice::CreateInstance(
    _In_ IWDFDriver *FxDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit,
    _Out_ PCMyDevice *Device
    )
{
    PCMyDevice device;
    HRESULT hr;

    *Device = NULL;

    device = new CMyDevice();

    if (NULL == device) {
        return E_OUTOFMEMORY;
    }

    hr = device->Initialize(FxDriver, FxDeviceInit);

    if (SUCCEEDED(hr)) {
        *Device = device;
    } else {
        device->Release();
    }

    return hr;
}

HRESULT
CMyDevice::ReadSettings(
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    CComPtr<IWDFNamedPropertyStore> store;
    PROPVARIANT value;
    HRESULT hr;

    hr = FxDeviceInit->RetrieveDevicePropertyStore(NULL, WdfPropertyStoreNormal, &store, NULL);

    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "%!FUNC!: no property store: %!HRESULT!", hr);
        return hr;
    }

    PropVariantInit(&value);

    if (SUCCEEDED(store->GetNamedValue(L"WatchEcho", &value)) && VT_UI4 == value.vt) {
        m_WatchEcho = (value.ulVal != 0);
    }

    PropVariantClear(&value);

    if (SUCCEEDED(store->GetNamedValue(L"FaultOnWrite", &value)) && VT_UI4 == value.vt) {
        m_FaultOnWrite = value.ulVal;
    }

    PropVariantClear(&value);

    if (SUCCEEDED(store->GetNamedValue(L"PollEcho", &value)) && VT_UI4 == value.vt) {
        m_PollEcho = (value.ulVal != 0);
    }

    PropVariantClear(&value);

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_DEVICE, "%!FUNC!: WatchEcho %d FaultOnWrite %u",
                m_WatchEcho, m_FaultOnWrite);

    return S_OK;
}

HRESULT
CMyDevice::Initialize(
    _In_ IWDFDriver *FxDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    CComPtr<IUnknown> unknown;
    IWDFDevice *fxDevice = NULL;
    HRESULT hr;

    hr = ReadSettings(FxDeviceInit);

    if (FAILED(hr)) {
        return hr;
    }

    //
    // The queue's callbacks and the file callbacks run one at a time.
    //
    FxDeviceInit->SetLockingConstraint(WdfDeviceLevel);

    unknown.Attach(QueryIUnknown());

    hr = FxDriver->CreateDevice(FxDeviceInit, unknown, &fxDevice);

    if (SUCCEEDED(hr)) {
        m_FxDevice = fxDevice;
        m_FxDriver = FxDriver;

        //
        // Weak reference: see the declaration.
        //
        fxDevice->Release();
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!: CreateDevice %!HRESULT!", hr);

    return hr;
}

HRESULT
CMyDevice::Configure(
    VOID
    )
{
    HRESULT hr;

    hr = CMyQueue::CreateInstance(this, &m_DefaultQueue);

    if (FAILED(hr)) {
        return hr;
    }

    hr = m_FxDevice->CreateDeviceInterface(&GUID_DEVINTERFACE_CLASSIC, L"Classic");

    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "%!FUNC!: CreateDeviceInterface %!GUID! failed: %!HRESULT!",
                    &GUID_DEVINTERFACE_CLASSIC, hr);
        return hr;
    }

    if (m_WatchEcho) {
        CComQIPtr<IWDFDevice2> device2(m_FxDevice);

        ATLASSERT(device2 != NULL);

        //
        // Existing echo interfaces too: the echo devices may be running already.
        //
        hr = device2->RegisterRemoteInterfaceNotification(&GUID_DEVINTERFACE_ECHO, TRUE);

        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE,
                    "%!FUNC!: watching %!GUID!: %!HRESULT!", &GUID_DEVINTERFACE_ECHO, hr);
    }

    return hr;
}

HRESULT
CMyDevice::QueryInterface(
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackHardware))) {
        *Object = static_cast<IPnpCallbackHardware *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackRemoteInterfaceNotification))) {
        *Object = static_cast<IPnpCallbackRemoteInterfaceNotification *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IFileCallbackCleanup))) {
        *Object = static_cast<IFileCallbackCleanup *>(this);
    } else {
        return CUnknown::QueryInterface(InterfaceId, Object);
    }

    AddRef();
    return S_OK;
}

HRESULT
CMyDevice::OnPrepareHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!");
    return S_OK;
}

HRESULT
CMyDevice::OnReleaseHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!");
    return S_OK;
}

VOID
CMyDevice::OnCleanupFile(
    _In_ IWDFFile *FxFile
    )
{
    UNREFERENCED_PARAMETER(FxFile);

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_DEVICE, "%!FUNC!");
}

HRESULT
CMyDevice::Store(
    _In_ IWDFMemory *Memory,
    _In_ SIZE_T Length
    )
{
    HRESULT hr;

    C_ASSERT(sizeof(m_Buffer) == MAX_TRANSFER_SIZE);

    if (Length > _countof(m_Buffer)) {
        return HRESULT_FROM_WIN32(ERROR_MORE_DATA);
    }

    EnterCriticalSection(&m_Lock);

    hr = Memory->CopyToBuffer(0, m_Buffer, Length);

    if (SUCCEEDED(hr)) {
        m_BufferLength = Length;
    }

    LeaveCriticalSection(&m_Lock);

    return hr;
}

SIZE_T
CMyDevice::Retrieve(
    _In_ IWDFMemory *Memory,
    _In_ SIZE_T Length
    )
{
    SIZE_T copied = 0;

    EnterCriticalSection(&m_Lock);

    copied = m_BufferLength < Length ? m_BufferLength : Length;

    if (copied > 0 && FAILED(Memory->CopyFromBuffer(0, m_Buffer, copied))) {
        copied = 0;
    }

    LeaveCriticalSection(&m_Lock);

    return copied;
}

VOID
CMyDevice::OnRemoteInterfaceArrival(
    _In_ IWDFRemoteInterfaceInitialize *FxRemoteInterfaceInit
    )
{
    CComQIPtr<IWDFDevice2> device2(m_FxDevice);
    PCMyRemoteTarget target = NULL;
    IWDFRemoteInterface *remoteInterface = NULL;
    WCHAR link[256];
    DWORD linkLength = _countof(link);
    GUID interfaceGuid;
    HRESULT hr;

    FxRemoteInterfaceInit->GetInterfaceGuid(&interfaceGuid);

    hr = FxRemoteInterfaceInit->RetrieveSymbolicLink(link, &linkLength);

    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "%!FUNC!: RetrieveSymbolicLink failed: %!HRESULT!", hr);
        return;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!: %!GUID! arrived at %S",
                &interfaceGuid, link);

    hr = CMyRemoteTarget::CreateInstance(this, &target);

    if (SUCCEEDED(hr)) {
        hr = device2->CreateRemoteInterface(FxRemoteInterfaceInit,
                                           target->QueryIUnknown(),
                                           &remoteInterface);
        //
        // The framework holds its own reference on the callback object now.
        //
        target->Release();
    }

    if (SUCCEEDED(hr)) {
        hr = target->Open(device2, m_FxDriver, remoteInterface);
        remoteInterface->Release();
    }

    if (SUCCEEDED(hr)) {
        EnterCriticalSection(&m_Lock);
        InsertTailList(&m_RemoteTargets, target->ListEntry());
        LeaveCriticalSection(&m_Lock);
    }

    if (target != NULL) {
        target->Release();
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!: remote target %!HRESULT!", hr);
}

VOID
CMyDevice::ForgetRemoteTarget(
    _In_ PCMyRemoteTarget Target
    )
{
    EnterCriticalSection(&m_Lock);

    for (PLIST_ENTRY entry = m_RemoteTargets.Flink; entry != &m_RemoteTargets; entry = entry->Flink) {
        if (CONTAINING_RECORD(entry, CMyRemoteTarget, m_Entry) == Target) {
            RemoveEntryList(entry);
            break;
        }
    }

    LeaveCriticalSection(&m_Lock);
}
