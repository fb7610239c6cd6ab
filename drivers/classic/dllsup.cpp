/*++

Module Name:

    dllsup.cpp

Abstract:

    The module's entry points: DllMain (WPP set-up and clean-up) and DllGetClassObject, which
    hands out the class factory for the driver's class id and nothing else.

--*/

#include <initguid.h>
#include "internal.h"

#include "dllsup.tmh"

const CLSID CLSID_MyDriver = CLSID_MyDriverCoClass;

BOOL
WINAPI
DllMain(
    HINSTANCE ModuleHandle,
    DWORD Reason,
    PVOID /* Reserved */
    )
{
    UNREFERENCED_PARAMETER(ModuleHandle);

    if (DLL_PROCESS_ATTACH == Reason) {
        WPP_INIT_TRACING(MYDRIVER_TRACING_ID);
        Trace(TRACE_LEVEL_INFORMATION, "%!FUNC!: the classic sample is loaded");
    } else if (DLL_PROCESS_DETACH == Reason) {
        Trace(TRACE_LEVEL_INFORMATION, "%!FUNC!: the classic sample unloads");
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
    CClassFactory *factory;
    HRESULT hr = S_OK;

    *Interface = NULL;

    if (IsEqualCLSID(ClassId, CLSID_MyDriver) == false) {
        Trace(TRACE_LEVEL_ERROR, "%!FUNC!: asked for class %!GUID!, not ours", &ClassId);
        return CLASS_E_CLASSNOTAVAILABLE;
    }

    factory = new CClassFactory();

    if (NULL == factory) {
        hr = E_OUTOFMEMORY;
    }

    if (SUCCEEDED(hr)) {
        hr = factory->QueryInterface(InterfaceId, Interface);
        factory->Release();
    }

    return hr;
}
