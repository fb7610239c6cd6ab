/*++

Module Name:

    internal.h

Abstract:

    Common definitions of the classic sample: a UMDF 1 driver written the way the Windows samples
    are written (its own CUnknown and class factory, __super, WPP tracing, CComPtr, an INF), built
    from these unmodified sources on Windows with the WDK or on Linux through UMDF Explorer's
    compatibility layer (core/compat, umdf_add_driver).

    The device is an echo: what is written is stored and read back. With the device parameter
    WatchEcho = 1 it also watches the echo interface class and talks to every echo device it finds
    through a remote I/O target: it writes to it and reads the data back.

--*/

#pragma once

#include <windows.h>
#include <atlbase.h>
#include <strsafe.h>
#include <specstrings.h>

#include "wudfddi.h"
#include "wudfwdm.h"
#include "public.h"

//
// WPP: the control GUID and the trace macros (the WPP preprocessor, or umdfx_wppgen, reads the
// configuration block below).
//
#define WPP_CONTROL_GUIDS                                                                    \
    WPP_DEFINE_CONTROL_GUID(                                                                 \
        ClassicTraceControl, (1f2e3d4c, 5b6a, 4789, 8a9b, 0c1d2e3f4a5b),                     \
        WPP_DEFINE_BIT(CLASSIC_ALL_INFO)                                                     \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                                         \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                                         \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                                          \
        )

//
// begin_wpp config
// FUNC Trace{FLAG=CLASSIC_ALL_INFO}(LEVEL, MSG, ...);
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//

#define MYDRIVER_TRACING_ID L"Microsoft\\UMDF\\ClassicSample"

//
// The driver's class id: must match DriverCLSID in classic.inx.
//
// {5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D}
DEFINE_GUID(CLSID_MyDriverCoClass,
    0x5d1c8a3b, 0x7e2f, 0x4b69, 0x9c, 0x0d, 0x1e, 0x2f, 0x3a, 0x4b, 0x5c, 0x6d);

#define SAFE_RELEASE(p)                                                                      \
    {                                                                                        \
        if ((p)) {                                                                           \
            (p)->Release();                                                                  \
            (p) = NULL;                                                                      \
        }                                                                                    \
    }

#define MAX_TRANSFER_SIZE 4096

//
// Forward definitions of classes in the other header files.
//
typedef class CMyDriver *PCMyDriver;
typedef class CMyDevice *PCMyDevice;
typedef class CMyQueue *PCMyQueue;
typedef class CMyRemoteTarget *PCMyRemoteTarget;

#include "comsup.h"
#include "driver.h"
#include "device.h"
#include "queue.h"
#include "remotetarget.h"
