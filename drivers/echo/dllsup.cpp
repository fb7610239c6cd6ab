// The module's exports: DllGetClassObject hands out the class factory for the driver CLSID.
#include "drivers/echo/comsup.h"
#include "drivers/echo/echodriver.h"

// {4a1c5d7e-2b3f-4c8a-9d6e-0f1e2d3c4b5a}: the echo driver's DriverCLSID (ours).
const CLSID CLSID_EchoDriver
    = { 0x4a1c5d7e, 0x2b3f, 0x4c8a, { 0x9d, 0x6e, 0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a } };
// {CDC35B6E-0BE4-4936-BF5F-5537380A7C1A}: GUID_DEVINTERFACE_ECHO, the echo sample's interface
// class.
const GUID GUID_DEVINTERFACE_ECHO
    = { 0xCDC35B6E, 0x0BE4, 0x4936, { 0xBF, 0x5F, 0x55, 0x37, 0x38, 0x0A, 0x7C, 0x1A } };

HRESULT EchoDllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = nullptr;
    if (!IsEqualCLSID(clsid, CLSID_EchoDriver))
        return CLASS_E_CLASSNOTAVAILABLE;
    auto *factory = new echo::CClassFactory();
    const HRESULT hr = factory->QueryInterface(riid, ppv);
    factory->Release();
    return hr;
}
