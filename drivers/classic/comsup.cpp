/*++

Module Name:

    comsup.cpp

Abstract:

    The COM support classes: CUnknown and the class factory.

--*/

#include "internal.h"

#include "comsup.tmh"

CUnknown::CUnknown(
    VOID
    ) : m_ReferenceCount(1)
{
    return;
}

HRESULT
STDMETHODCALLTYPE
CUnknown::QueryInterface(
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Interface
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IUnknown))) {
        *Interface = QueryIUnknown();
        return S_OK;
    }

    *Interface = NULL;
    return E_NOINTERFACE;
}

IUnknown *
CUnknown::QueryIUnknown(
    VOID
    )
{
    AddRef();
    return static_cast<IUnknown *>(this);
}

ULONG
STDMETHODCALLTYPE
CUnknown::AddRef(
    VOID
    )
{
    return InterlockedIncrement(&m_ReferenceCount);
}

ULONG
STDMETHODCALLTYPE
CUnknown::Release(
    VOID
    )
{
    ULONG count = InterlockedDecrement(&m_ReferenceCount);

    if (count == 0) {
        delete this;
    }
    return count;
}

LONG CClassFactory::s_LockCount = 0;

IClassFactory *
CClassFactory::QueryIClassFactory(
    VOID
    )
{
    AddRef();
    return static_cast<IClassFactory *>(this);
}

HRESULT
STDMETHODCALLTYPE
CClassFactory::QueryInterface(
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Interface
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IClassFactory))) {
        *Interface = QueryIClassFactory();
        return S_OK;
    }

    return CUnknown::QueryInterface(InterfaceId, Interface);
}

HRESULT
STDMETHODCALLTYPE
CClassFactory::CreateInstance(
    _In_opt_ IUnknown * /* OuterObject */,
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Object
    )
{
    HRESULT hr;
    PCMyDriver driver;

    *Object = NULL;

    hr = CMyDriver::CreateInstance(&driver);

    if (SUCCEEDED(hr)) {
        hr = driver->QueryInterface(InterfaceId, Object);
        driver->Release();
    }

    Trace(TRACE_LEVEL_INFORMATION, "%!FUNC!: created the driver object: %!HRESULT!", hr);

    return hr;
}

HRESULT
STDMETHODCALLTYPE
CClassFactory::LockServer(
    _In_ BOOL Lock
    )
{
    if (Lock) {
        InterlockedIncrement(&s_LockCount);
    } else {
        InterlockedDecrement(&s_LockCount);
    }
    return S_OK;
}
