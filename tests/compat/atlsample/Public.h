/*++

Module Name:

    public.h

Abstract:

    What applications share with the ATL sample: its interface class and its I/O control codes.

--*/

#pragma once

#include <devioctl.h>

DEFINE_GUID(GUID_DEVINTERFACE_ATLSAMPLE,
    0x4f1b7d2e, 0x93a5, 0x4c08, 0xb6, 0x1e, 0x2d, 0x7a, 0x90, 0xc3, 0x5e, 0x41);
// {4f1b7d2e-93a5-4c08-b61e-2d7a90c35e41}

//
// Input: two ULONGs. Output: the larger one.
//
#define IOCTL_ATLSAMPLE_MAX \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

//
// Input: nothing. Output: the number of writes the device has kept.
//
#define IOCTL_ATLSAMPLE_COUNT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)
