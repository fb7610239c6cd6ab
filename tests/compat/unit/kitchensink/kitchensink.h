/*++

Module Name:

    kitchensink.h

Abstract:

    Common definitions of the compatibility layer's kitchen sink: a module written the way
    Windows driver code is written, using as much of what core/compat declares as it can, built
    by umdf_add_driver into plugins/compat_kitchensink.so. Its exported self-test
    (umdfx_kitchensink_selftest) checks at run time that each part behaves as on Windows;
    tests/compat/unit/tst_kitchensink.cpp loads it and runs it.

--*/

#pragma once

#include <windows.h>
#include <unknwn.h>
#include <objbase.h>
#include <atlbase.h>
#include <strsafe.h>
#include <specstrings.h>
#include <driverspecs.h>
#include <ntstatus.h>
#include <tchar.h>
#include <wudfwdm.h>

//
// WPP: the control GUID and the trace macros (umdfx_wppgen reads the configuration block).
//
#define WPP_CONTROL_GUIDS                                                                    \
    WPP_DEFINE_CONTROL_GUID(                                                                 \
        KitchenSinkTraceControl, (6a1b2c3d, 4e5f, 4a6b, 8c7d, 9e0f1a2b3c4d),                 \
        WPP_DEFINE_BIT(KITCHEN_ALL_INFO)                                                     \
        WPP_DEFINE_BIT(TRACE_COM)                                                            \
        )

//
// begin_wpp config
// FUNC Trace{FLAG=KITCHEN_ALL_INFO}(LEVEL, MSG, ...);
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//

//
// The module's class id: must match DriverCLSID in kitchensink.inx.
//
// {C0FFEE00-1234-4321-8765-0123456789AB}
DEFINE_GUID(CLSID_KitchenSink,
    0xc0ffee00, 0x1234, 0x4321, 0x87, 0x65, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab);

//
// The interfaces' IIDs as DEFINE_GUID names (declared here, defined in kitchenguids.cpp, which
// includes initguid.h first). They must equal the __uuidof of the interfaces below.
//
// {8D0C5B3A-6F1E-4A27-9B84-1C2D3E4F5A6B}
DEFINE_GUID(IID_IKitchenSink,
    0x8d0c5b3a, 0x6f1e, 0x4a27, 0x9b, 0x84, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b);
// {8D0C5B3A-6F1E-4A27-9B84-1C2D3E4F5A6C}
DEFINE_GUID(IID_IKitchenTap,
    0x8d0c5b3a, 0x6f1e, 0x4a27, 0x9b, 0x84, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6c);

//
// The module's export (kitchencom.cpp); the self-test calls it as the host does.
//
STDAPI
DllGetClassObject(
    _In_ REFCLSID ClassId,
    _In_ REFIID InterfaceId,
    _Outptr_ LPVOID *Interface
    );

//
// A local interface declared the way MIDL-generated headers declare them. MIDL itself writes
// MIDL_INTERFACE("..."), which adds __declspec(novtable): clang ignores novtable on ELF with a
// warning that -Werror makes an error, so the uuid is attached with DECLSPEC_UUID.
//
struct DECLSPEC_UUID("8D0C5B3A-6F1E-4A27-9B84-1C2D3E4F5A6B")
IKitchenSink : public IUnknown
{
public:
    STDMETHOD(Stir)(
        _In_ LONG Times,
        _Out_ LONG *Total
        ) PURE;

    STDMETHOD_(ULONG, Depth)(
        VOID
        ) PURE;
};

//
// And one declared the way hand-written headers do.
//
interface DECLSPEC_UUID("8D0C5B3A-6F1E-4A27-9B84-1C2D3E4F5A6C")
IKitchenTap : public IUnknown
{
    STDMETHOD(Pour)(
        _Out_writes_(Count) WCHAR *Buffer,
        _In_ SIZE_T Count
        ) PURE;
};

//
// A reference-counted base, as the samples' comsup.h has it.
//
class CKitchenUnknown : public IUnknown
{
private:

    LONG m_ReferenceCount;

protected:

    CKitchenUnknown(
        VOID
        );

    virtual ~CKitchenUnknown(
        VOID
        );

public:

    //
    // Objects alive in the module: the self-test checks that every reference was released.
    //
    static LONG s_ObjectCount;

    STDMETHOD_(ULONG, AddRef)(
        VOID
        );

    STDMETHOD_(ULONG, Release)(
        VOID
        );

    STDMETHOD_(HRESULT, QueryInterface)(
        _In_ REFIID InterfaceId,
        _Outptr_ PVOID *Object
        );
};

//
// The COM object the class factory makes: both interfaces.
//
class CKitchenObject : public CKitchenUnknown, public IKitchenSink, public IKitchenTap
{
private:

    LONG m_Total;

public:

    CKitchenObject(
        VOID
        ) : m_Total(0)
    {
    }

    STDMETHOD_(ULONG, AddRef)(
        VOID
        )
    {
        return __super::AddRef();
    }

    _At_(this, __drv_freesMem(object))
    STDMETHOD_(ULONG, Release)(
        VOID
        )
    {
        return __super::Release();
    }

    STDMETHOD_(HRESULT, QueryInterface)(
        _In_ REFIID InterfaceId,
        _Outptr_ PVOID *Object
        );

    //
    // IKitchenSink
    //
    STDMETHOD(Stir)(
        _In_ LONG Times,
        _Out_ LONG *Total
        );

    STDMETHOD_(ULONG, Depth)(
        VOID
        );

    //
    // IKitchenTap
    //
    STDMETHOD(Pour)(
        _Out_writes_(Count) WCHAR *Buffer,
        _In_ SIZE_T Count
        );
};

//
// The class factory DllGetClassObject hands out.
//
class CKitchenFactory : public CKitchenUnknown, public IClassFactory
{
public:

    static LONG s_LockCount;

    STDMETHOD_(ULONG, AddRef)(
        VOID
        )
    {
        return __super::AddRef();
    }

    _At_(this, __drv_freesMem(object))
    STDMETHOD_(ULONG, Release)(
        VOID
        )
    {
        return __super::Release();
    }

    STDMETHOD_(HRESULT, QueryInterface)(
        _In_ REFIID InterfaceId,
        _Outptr_ PVOID *Object
        );

    STDMETHOD_(HRESULT, CreateInstance)(
        _In_opt_ IUnknown *OuterObject,
        _In_ REFIID InterfaceId,
        _Outptr_ PVOID *Object
        );

    STDMETHOD_(HRESULT, LockServer)(
        _In_ BOOL Lock
        );
};
