/*++

Module Name:

    public.h

Abstract:

    What applications share with the classic sample: its device interface class.

--*/

#pragma once

//
// {7A3B9C1D-2E4F-4A6B-8C0D-9E1F2A3B4C5D}
//
DEFINE_GUID(GUID_DEVINTERFACE_CLASSIC,
    0x7a3b9c1d, 0x2e4f, 0x4a6b, 0x8c, 0x0d, 0x9e, 0x1f, 0x2a, 0x3b, 0x4c, 0x5d);

//
// The echo sample's interface class, which the classic sample can watch.
//
// {CDC35B6E-0BE4-4936-BF5F-5537380A7C1A}
//
DEFINE_GUID(GUID_DEVINTERFACE_ECHO,
    0xcdc35b6e, 0x0be4, 0x4936, 0xbf, 0x5f, 0x55, 0x37, 0x38, 0x0a, 0x7c, 0x1a);
