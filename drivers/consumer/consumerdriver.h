#pragma once
// The interface consumer sample: a UMDF 1 driver that watches another device's interface class
// (the echo class by default) through remote interface notifications (reference §6.1, §6.3).

#include "core/wudf/wudfddi.h"

extern const CLSID CLSID_ConsumerDriver;
HRESULT ConsumerDllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv);
