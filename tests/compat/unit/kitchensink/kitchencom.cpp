/*++

Module Name:

    kitchencom.cpp

Abstract:

    The kitchen sink's COM side, written as a sample's dllsup.cpp and comsup.cpp are: the one
    translation unit that includes initguid.h (so its DEFINE_GUIDs define the GUIDs the other
    units only declare), DllMain, DllGetClassObject, the reference-counted base, the class
    factory and the object it makes.

--*/

#include <initguid.h>
#include "kitchensink.h"

#include "kitchencom.tmh"

LONG CKitchenUnknown::s_ObjectCount = 0;
LONG CKitchenFactory::s_LockCount = 0;

BOOL
WINAPI
DllMain(
    HINSTANCE ModuleHandle,
    DWORD Reason,
    PVOID Reserved
    )
{
    UNREFERENCED_PARAMETER(ModuleHandle);
    UNREFERENCED_PARAMETER(Reserved);

    if (DLL_PROCESS_ATTACH == Reason) {
        WPP_INIT_TRACING(L"UMDFExplorer\\KitchenSink");
    } else if (DLL_PROCESS_DETACH == Reason) {
        WPP_CLEANUP();
    }

    return TRUE;
}

__control_entrypoint(DllExport)
STDAPI
DllGetClassObject(
    _In_ REFCLSID ClassId,
    _In_ REFIID InterfaceId,
    _Outptr_ LPVOID *Interface
    )
{
    CKitchenFactory *factory;
    HRESULT hr;

    *Interface = NULL;

    if (!IsEqualCLSID(ClassId, CLSID_KitchenSink)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_COM, "%!FUNC!: asked for class %!GUID!", &ClassId);
        return CLASS_E_CLASSNOTAVAILABLE;
    }

    factory = new CKitchenFactory();

    hr = factory->QueryInterface(InterfaceId, Interface);
    factory->Release();

    return hr;
}

CKitchenUnknown::CKitchenUnknown(
    VOID
    ) : m_ReferenceCount(1)
{
    InterlockedIncrement(&s_ObjectCount);
}

CKitchenUnknown::~CKitchenUnknown(
    VOID
    )
{
    InterlockedDecrement(&s_ObjectCount);
}

HRESULT
STDMETHODCALLTYPE
CKitchenUnknown::QueryInterface(
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Interface
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IUnknown))) {
        AddRef();
        *Interface = static_cast<IUnknown *>(this);
        return S_OK;
    }

    *Interface = NULL;
    return E_NOINTERFACE;
}

ULONG
STDMETHODCALLTYPE
CKitchenUnknown::AddRef(
    VOID
    )
{
    return InterlockedIncrement(&m_ReferenceCount);
}

ULONG
STDMETHODCALLTYPE
CKitchenUnknown::Release(
    VOID
    )
{
    ULONG count = InterlockedDecrement(&m_ReferenceCount);

    if (count == 0) {
        delete this;
    }
    return count;
}

HRESULT
STDMETHODCALLTYPE
CKitchenObject::QueryInterface(
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Interface
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IKitchenSink))) {
        AddRef();
        *Interface = static_cast<IKitchenSink *>(this);
        return S_OK;
    }

    if (InlineIsEqualGUID(InterfaceId, IID_IKitchenTap)) {
        AddRef();
        *Interface = static_cast<IKitchenTap *>(this);
        return S_OK;
    }

    return CKitchenUnknown::QueryInterface(InterfaceId, Interface);
}

HRESULT
STDMETHODCALLTYPE
CKitchenObject::Stir(
    _In_ LONG Times,
    _Out_ LONG *Total
    )
{
    if (Times < 0) {
        Trace(TRACE_LEVEL_ERROR, "%!FUNC!: Times=%d: %!HRESULT!", Times, E_INVALIDARG);
        return E_INVALIDARG;
    }

    *Total = InterlockedExchangeAdd(&m_Total, Times) + Times;

    Trace(TRACE_LEVEL_WARNING, "%!FUNC!: %S stirred %d times, total %ld", L"sink", Times, *Total);

    return S_OK;
}

ULONG
STDMETHODCALLTYPE
CKitchenObject::Depth(
    VOID
    )
{
    return static_cast<ULONG>(m_Total);
}

HRESULT
STDMETHODCALLTYPE
CKitchenObject::Pour(
    _Out_writes_(Count) WCHAR *Buffer,
    _In_ SIZE_T Count
    )
{
    return StringCchPrintfW(Buffer, Count, L"poured %ld", m_Total);
}

HRESULT
STDMETHODCALLTYPE
CKitchenFactory::QueryInterface(
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Interface
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IClassFactory))) {
        AddRef();
        *Interface = static_cast<IClassFactory *>(this);
        return S_OK;
    }

    return CKitchenUnknown::QueryInterface(InterfaceId, Interface);
}

HRESULT
STDMETHODCALLTYPE
CKitchenFactory::CreateInstance(
    _In_opt_ IUnknown *OuterObject,
    _In_ REFIID InterfaceId,
    _Outptr_ PVOID *Object
    )
{
    CKitchenObject *object;
    HRESULT hr;

    *Object = NULL;

    if (OuterObject != NULL) {
        return CLASS_E_NOAGGREGATION;
    }

    object = new CKitchenObject();

    hr = object->QueryInterface(InterfaceId, Object);
    object->Release();

    return hr;
}

HRESULT
STDMETHODCALLTYPE
CKitchenFactory::LockServer(
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
