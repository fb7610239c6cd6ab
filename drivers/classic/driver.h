/*++

Module Name:

    driver.h

Abstract:

    The driver callback object: IDriverEntry.

--*/

#pragma once

class CMyDriver : public CUnknown, public IDriverEntry
{
private:

    CMyDriver(
        VOID
        )
    {
    }

    IDriverEntry *
    QueryIDriverEntry(
        VOID
        )
    {
        AddRef();
        return static_cast<IDriverEntry *>(this);
    }

public:

    static
    HRESULT
    CreateInstance(
        _Out_ PCMyDriver *Driver
        );

    //
    // IDriverEntry
    //
    STDMETHOD(OnInitialize)(
        _In_ IWDFDriver *FxWdfDriver
        );

    STDMETHOD(OnDeviceAdd)(
        _In_ IWDFDriver *FxWdfDriver,
        _In_ IWDFDeviceInitialize *FxDeviceInit
        );

    STDMETHOD_(VOID, OnDeinitialize)(
        _In_ IWDFDriver *FxWdfDriver
        );

    //
    // IUnknown
    //
    STDMETHOD_(ULONG, AddRef)(
        VOID
        )
    {
        return __super::AddRef();
    }

    _At_(this, __drv_freesMem(object))
    STDMETHOD_(ULONG, Release)(
        VOID
        )
    {
        return __super::Release();
    }

    STDMETHOD_(HRESULT, QueryInterface)(
        _In_ REFIID InterfaceId,
        _Outptr_ PVOID *Object
        );
};
