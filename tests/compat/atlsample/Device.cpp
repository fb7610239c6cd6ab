/*++

Module Name:

    device.cpp

Abstract:

    The device callback object and the writes it keeps in its (own) list.

--*/

#include "stdafx.h"
#include "internal.h"

#include "device.tmh"

CDevice::~CDevice()
{
    while (!IsListEmpty(&m_Records)) {
        delete CONTAINING_RECORD(RemoveHeadList(&m_Records), ATLSAMPLE_RECORD, Link);
    }
}

STDMETHODIMP
CDevice::OnPrepareHardware(
    _In_ IWDFDevice * /* pDevice */
    )
{
    Trace(TRACE_LEVEL_INFORMATION, "%!FUNC!");
    return S_OK;
}

STDMETHODIMP
CDevice::OnReleaseHardware(
    _In_ IWDFDevice * /* pDevice */
    )
{
    Trace(TRACE_LEVEL_INFORMATION, "%!FUNC!: %d writes kept", m_Count);
    return S_OK;
}

VOID
CDevice::Keep(
    _In_reads_bytes_(Length) const BYTE *Data,
    _In_ SIZE_T Length
    )
{
    PATLSAMPLE_RECORD record = new ATLSAMPLE_RECORD;
    record->Length = min(Length, sizeof(record->Data));
    CopyMemory(record->Data, Data, record->Length);
    InsertTailList(&m_Records, &record->Link);
    m_Count++;
}

SIZE_T
CDevice::TakeOldest(
    _Out_writes_bytes_(Capacity) BYTE *Data,
    _In_ SIZE_T Capacity
    )
{
    if (IsListEmpty(&m_Records)) {
        return 0;
    }
    PATLSAMPLE_RECORD record = CONTAINING_RECORD(RemoveHeadList(&m_Records), ATLSAMPLE_RECORD, Link);
    SIZE_T length = min(record->Length, Capacity);
    CopyMemory(Data, record->Data, length);
    delete record;
    m_Count--;
    return length;
}
