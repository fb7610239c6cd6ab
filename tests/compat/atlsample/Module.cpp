/*++

Module Name:

    module.cpp

Abstract:

    The DLL's exports, through ATL's module (as Microsoft's toaster writes them). DllCanUnloadNow
    is written without STDAPI, as the skeleton samples write DllGetClassObject: it is the C
    function the SDK declares, which the .def file exports.

--*/

#include "stdafx.h"
#include "internal.h"

#include "module.tmh"

class CAtlSampleModule : public CAtlDllModuleT<CAtlSampleModule>
{
public:
    DECLARE_LIBID(LIBID_AtlSampleLib)
};

CAtlSampleModule _AtlModule;

extern "C" BOOL WINAPI DllMain(HINSTANCE hInstance, DWORD dwReason, LPVOID lpReserved)
{
    if (dwReason == DLL_PROCESS_ATTACH) {
        WPP_INIT_TRACING(ATLSAMPLE_TRACING_ID);
        DisableThreadLibraryCalls(hInstance);
        Trace(TRACE_LEVEL_INFORMATION,
              L"%!FUNC!: the type library is %!GUID!, the driver class %s",
              &CAtlModule::m_libid,
              L"AtlSampleDriver");
    } else if (dwReason == DLL_PROCESS_DETACH) {
        WPP_CLEANUP();
    }
    return _AtlModule.DllMain(dwReason, lpReserved);
}

_Check_return_
STDAPI DllGetClassObject(_In_ REFCLSID rclsid, _In_ REFIID riid, _Outptr_ LPVOID *ppv)
{
    return _AtlModule.DllGetClassObject(rclsid, riid, ppv);
}

HRESULT
STDAPICALLTYPE
DllCanUnloadNow(
    VOID
    )
{
    return _AtlModule.DllCanUnloadNow();
}

//
// Not in exports.def: hidden, as a DLL exports only what its .def file names.
//
STDAPI DllRegisterServer(void)
{
    return _AtlModule.DllRegisterServer();
}

STDAPI DllUnregisterServer(void)
{
    return _AtlModule.DllUnregisterServer();
}
