/*++

Module Name:

    comsup.h

Abstract:

    COM support: a reference-counted base for every callback object, and the class factory the
    host asks for the driver object.

--*/

#pragma once

class CUnknown : public IUnknown
{
private:

    LONG m_ReferenceCount;

protected:

    CUnknown(
        VOID
        );

    virtual ~CUnknown(
        VOID
        )
    {
        return;
    }

public:

    IUnknown *
    QueryIUnknown(
        VOID
        );

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

class CClassFactory : public CUnknown, public IClassFactory
{
private:

    //
    // The number of LockServer(TRUE) calls not matched by LockServer(FALSE).
    //
    static LONG s_LockCount;

public:

    IClassFactory *
    QueryIClassFactory(
        VOID
        );

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
