/*++

Module Name:

    internal.h

Abstract:

    The ATL sample's common definitions: the UMDF DDI, its trace configuration, its classes.

--*/

#pragma once

#include "wudfddi.h"
#include "specstrings.h"

//
// The sample's own list routines (no wudfddi.h or windows.h name may collide with them).
//
#include "List.h"

typedef class CDriver *PCDriver;
typedef class CDevice *PCDevice;
typedef class CQueue  *PCQueue;

#define WPP_CONTROL_GUIDS                                                   \
    WPP_DEFINE_CONTROL_GUID(                                                \
        AtlSampleTraceControl, (6d3f0a17,2b84,4e95,a1c6,7e5d9b0f2c38),      \
                                                                            \
        WPP_DEFINE_BIT(ATLSAMPLE_ALL_INFO)                                  \
        )

//
// begin_wpp config
// FUNC Trace{FLAG=ATLSAMPLE_ALL_INFO}(LEVEL, MSG, ...);
// end_wpp
//

#define ATLSAMPLE_TRACING_ID L"UMDFExplorer\\AtlSample"

//
// One write the device keeps, in its list.
//
typedef struct _ATLSAMPLE_RECORD {
    LIST_ENTRY Link;
    SIZE_T Length;
    BYTE Data[64];
} ATLSAMPLE_RECORD, *PATLSAMPLE_RECORD;

#include "driver.h"
#include "device.h"
#include "queue.h"
