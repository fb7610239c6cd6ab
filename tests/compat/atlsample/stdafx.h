/*++

Module Name:

    stdafx.h

Abstract:

    The headers every source of the ATL sample includes first: ATL, the generated IDL header.

--*/

#pragma once

#define _ATL_FREE_THREADED
#define _ATL_NO_AUTOMATIC_NAMESPACE

#include <atlbase.h>
#include <atlcom.h>

//
// Declared here with C++ linkage, defined by DEFINE_GUID in stdafx.cpp (as the toaster does).
//
extern const GUID GUID_DEVINTERFACE_ATLSAMPLE;

using namespace ATL;
