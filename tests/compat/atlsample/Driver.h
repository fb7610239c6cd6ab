/*++

Module Name:

    driver.h

Abstract:

    The driver object: an ATL COM class the host creates through the module's class factory.

--*/

#pragma once

#include "AtlSample.h"

#define IDR_ATLSAMPLEDRIVER 101

class ATL_NO_VTABLE CDriver :
    public CComObjectRootEx<CComMultiThreadModel>,
    public CComCoClass<CDriver, &CLSID_AtlSampleDriver>,
    public IDriverEntry
{
public:
    CDriver()
    {
    }

    DECLARE_REGISTRY_RESOURCEID(IDR_ATLSAMPLEDRIVER)
    DECLARE_NOT_AGGREGATABLE(CDriver)

    BEGIN_COM_MAP(CDriver)
        COM_INTERFACE_ENTRY(IDriverEntry)
    END_COM_MAP()

public:
    STDMETHOD(OnDeviceAdd)(
        _In_ IWDFDriver *pDriver,
        _In_ IWDFDeviceInitialize *pDeviceInit
        );
    STDMETHOD(OnInitialize)(
        _In_ IWDFDriver *pDriver
        );
    STDMETHOD_(void, OnDeinitialize)(
        _In_ IWDFDriver *pDriver
        );
};

OBJECT_ENTRY_AUTO(__uuidof(AtlSampleDriver), CDriver)
