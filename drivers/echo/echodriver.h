#pragma once
// The echo sample driver's exports, as the host loads them.

#include "core/wudf/wudfddi.h"

// DriverCLSID of the echo driver's INF (ours; any fixed CLSID works, the host matches it).
extern const CLSID CLSID_EchoDriver;
// The device interface class the echo device exposes.
extern const GUID GUID_DEVINTERFACE_ECHO;

// The DLL's class-object export: only CLSID_EchoDriver is available.
HRESULT EchoDllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv);
