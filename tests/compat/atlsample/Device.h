/*++

Module Name:

    device.h

Abstract:

    The device callback object, an ATL COM object too (CComObject<CDevice>).

--*/

#pragma once

class ATL_NO_VTABLE CDevice :
    public CComObjectRootEx<CComMultiThreadModel>,
    public IPnpCallbackHardware
{
public:
    CDevice()
    {
        InitializeListHead(&m_Records);
    }

    ~CDevice();

    BEGIN_COM_MAP(CDevice)
        COM_INTERFACE_ENTRY(IPnpCallbackHardware)
    END_COM_MAP()

    STDMETHOD(OnPrepareHardware)(
        _In_ IWDFDevice *pDevice
        );
    STDMETHOD(OnReleaseHardware)(
        _In_ IWDFDevice *pDevice
        );

    //
    // The writes kept, oldest first (the queue's callbacks are serialized: device-level locking).
    //
    VOID
    Keep(
        _In_reads_bytes_(Length) const BYTE *Data,
        _In_ SIZE_T Length
        );

    SIZE_T
    TakeOldest(
        _Out_writes_bytes_(Capacity) BYTE *Data,
        _In_ SIZE_T Capacity
        );

    ULONG
    Count(
        VOID
        ) const
    {
        return m_Count;
    }

private:
    LIST_ENTRY m_Records;
    ULONG m_Count = 0;
};
