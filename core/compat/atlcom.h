#pragma once
// atlcom.h: ATL's COM object implementation as UMDF 1 drivers use it (Microsoft's toaster): a class
// derives from CComObjectRootEx<ThreadModel> (its reference count and lock), CComCoClass<T, &CLSID>
// (its class factory and creator) and its interfaces, lists the interfaces in a COM map, and is
// made creatable by OBJECT_ENTRY_AUTO; CComObject<T> supplies IUnknown. Written from ATL's
// documented behaviour: QueryInterface walks the COM map (IID_IUnknown is the first entry's
// interface), FinalConstruct runs after construction and a failure deletes the object, every live
// CComObject holds a module lock (DllCanUnloadNow), class factories do not. Aggregation is not
// supported: creating with an outer IUnknown fails with CLASS_E_NOAGGREGATION.
#include "core/compat/atlbase.h"

namespace ATL {

// ---- thread models ------------------------------------------------------------------------------
class CComFakeCriticalSection
{
public:
    HRESULT Lock() { return S_OK; }
    HRESULT Unlock() { return S_OK; }
    HRESULT Init() { return S_OK; }
    HRESULT Term() { return S_OK; }
};

class CComMultiThreadModelNoCS
{
public:
    static ULONG WINAPI Increment(LONG volatile *p) { return InterlockedIncrement(p); }
    static ULONG WINAPI Decrement(LONG volatile *p) { return InterlockedDecrement(p); }
    using AutoCriticalSection = CComFakeCriticalSection;
    using AutoDeleteCriticalSection = CComFakeCriticalSection;
    using CriticalSection = CComFakeCriticalSection;
    using ThreadModelNoCS = CComMultiThreadModelNoCS;
};

class CComMultiThreadModel
{
public:
    static ULONG WINAPI Increment(LONG volatile *p) { return InterlockedIncrement(p); }
    static ULONG WINAPI Decrement(LONG volatile *p) { return InterlockedDecrement(p); }
    using AutoCriticalSection = CComAutoCriticalSection;
    using AutoDeleteCriticalSection = CComAutoCriticalSection;
    using CriticalSection = CComCriticalSection;
    using ThreadModelNoCS = CComMultiThreadModelNoCS;
};

class CComSingleThreadModel
{
public:
    static ULONG WINAPI Increment(LONG volatile *p) { return static_cast<ULONG>(++(*p)); }
    static ULONG WINAPI Decrement(LONG volatile *p) { return static_cast<ULONG>(--(*p)); }
    using AutoCriticalSection = CComFakeCriticalSection;
    using AutoDeleteCriticalSection = CComFakeCriticalSection;
    using CriticalSection = CComFakeCriticalSection;
    using ThreadModelNoCS = CComSingleThreadModel;
};

#if defined(_ATL_SINGLE_THREADED) || defined(_ATL_APARTMENT_THREADED)
using CComObjectThreadModel = CComSingleThreadModel;
using CComGlobalsThreadModel = CComSingleThreadModel;
#else
using CComObjectThreadModel = CComMultiThreadModel;
using CComGlobalsThreadModel = CComMultiThreadModel;
#endif

// ---- the COM map --------------------------------------------------------------------------------
using _ATL_CREATORARGFUNC = HRESULT WINAPI(void *pv, REFIID riid, LPVOID *ppv, DWORD_PTR dw);
struct _ATL_INTMAP_ENTRY
{
    const IID *piid; // nullptr ends the map
    DWORD_PTR dw; // the interface's offset in the object
    _ATL_CREATORARGFUNC *pFunc; // _ATL_SIMPLEMAPENTRY: an interface of the object itself
};
#define _ATL_SIMPLEMAPENTRY ((ATL::_ATL_CREATORARGFUNC *)1)
#define _ATL_PACKING 8
#define offsetofclass(base, derived)                                                               \
    ((DWORD_PTR)(static_cast<base *>((derived *)_ATL_PACKING)) - _ATL_PACKING)

class CComObjectRootBase
{
public:
    HRESULT FinalConstruct() { return S_OK; }
    void FinalRelease() { }
    HRESULT _AtlInitialConstruct() { return S_OK; }
    void InternalFinalConstructAddRef() { }
    void InternalFinalConstructRelease() { }
    void SetVoid(void *) { }
    static void WINAPI ObjectMain(bool) { }

    // QueryInterface through a COM map: IID_IUnknown is the first entry's interface.
    static HRESULT WINAPI InternalQueryInterface(
        void *pThis, const _ATL_INTMAP_ENTRY *pEntries, REFIID iid, void **ppvObject)
    {
        if (!ppvObject)
            return E_POINTER;
        *ppvObject = nullptr;
        if (!pThis || !pEntries || !pEntries->piid)
            return E_NOINTERFACE;
        if (InlineIsEqualGUID(iid, __uuidof(IUnknown))) {
            auto *unknown = reinterpret_cast<IUnknown *>(static_cast<BYTE *>(pThis) + pEntries->dw);
            unknown->AddRef();
            *ppvObject = unknown;
            return S_OK;
        }
        for (; pEntries->piid; ++pEntries) {
            if (!InlineIsEqualGUID(iid, *pEntries->piid))
                continue;
            if (pEntries->pFunc == _ATL_SIMPLEMAPENTRY) {
                auto *unknown
                    = reinterpret_cast<IUnknown *>(static_cast<BYTE *>(pThis) + pEntries->dw);
                unknown->AddRef();
                *ppvObject = unknown;
                return S_OK;
            }
            return pEntries->pFunc(pThis, iid, ppvObject, pEntries->dw);
        }
        return E_NOINTERFACE;
    }

    LONG m_dwRef = 0;
};

template<class ThreadModel> class CComObjectRootEx : public CComObjectRootBase
{
public:
    using _ThreadModel = ThreadModel;
    using _CritSec = typename ThreadModel::AutoCriticalSection;
    ULONG InternalAddRef() { return ThreadModel::Increment(&m_dwRef); }
    ULONG InternalRelease() { return ThreadModel::Decrement(&m_dwRef); }
    void Lock() { m_critsec.Lock(); }
    void Unlock() { m_critsec.Unlock(); }

private:
    _CritSec m_critsec;
};

// BEGIN_COM_MAP ... END_COM_MAP: the interfaces QueryInterface hands out. The class stays abstract
// (IUnknown's methods are CComObject's).
#define BEGIN_COM_MAP(x)                                                                           \
public:                                                                                            \
    typedef x _ComMapClass;                                                                        \
    IUnknown *GetUnknown()                                                                         \
    {                                                                                              \
        return reinterpret_cast<IUnknown *>(reinterpret_cast<BYTE *>(this) + _GetEntries()->dw);   \
    }                                                                                              \
    HRESULT _InternalQueryInterface(REFIID iid, void **ppvObject)                                  \
    {                                                                                              \
        return this->InternalQueryInterface(this, _GetEntries(), iid, ppvObject);                  \
    }                                                                                              \
    static const ATL::_ATL_INTMAP_ENTRY *WINAPI _GetEntries()                                      \
    {                                                                                              \
        static const ATL::_ATL_INTMAP_ENTRY _entries[] = {
#define COM_INTERFACE_ENTRY(x)                                                                     \
    { &__uuidof(x), offsetofclass(x, _ComMapClass), _ATL_SIMPLEMAPENTRY },
#define COM_INTERFACE_ENTRY_IID(iid, x)                                                            \
    { &iid, offsetofclass(x, _ComMapClass), _ATL_SIMPLEMAPENTRY },
#define COM_INTERFACE_ENTRY2(x, x2)                                                                \
    { &__uuidof(x),                                                                                \
        reinterpret_cast<DWORD_PTR>(                                                               \
            static_cast<x *>(static_cast<x2 *>(reinterpret_cast<_ComMapClass *>(_ATL_PACKING))))   \
            - _ATL_PACKING,                                                                        \
        _ATL_SIMPLEMAPENTRY },
#define END_COM_MAP()                                                                              \
    {                                                                                              \
        nullptr, 0, nullptr                                                                        \
    }                                                                                              \
    }                                                                                              \
    ;                                                                                              \
    return _entries;                                                                               \
    }                                                                                              \
    virtual ULONG STDMETHODCALLTYPE AddRef() = 0;                                                  \
    virtual ULONG STDMETHODCALLTYPE Release() = 0;                                                 \
    STDMETHOD(QueryInterface)(REFIID, void **) = 0;

// ---- objects: IUnknown on top of a class with a COM map -----------------------------------------
template<class Base> class CComObject : public Base
{
public:
    explicit CComObject(void * = nullptr)
    {
        if (_pAtlModule)
            _pAtlModule->Lock();
    }
    virtual ~CComObject()
    {
        this->m_dwRef = -(MAXLONG / 2); // as ATL: a Release from FinalRelease cannot delete again
        this->FinalRelease();
        if (_pAtlModule)
            _pAtlModule->Unlock();
    }
    STDMETHOD_(ULONG, AddRef)() override { return this->InternalAddRef(); }
    STDMETHOD_(ULONG, Release)() override
    {
        const ULONG l = this->InternalRelease();
        if (l == 0)
            delete this;
        return l;
    }
    STDMETHOD(QueryInterface)(REFIID iid, void **ppvObject) override
    {
        return this->_InternalQueryInterface(iid, ppvObject);
    }
    template<class Q> HRESULT STDMETHODCALLTYPE QueryInterface(Q **pp)
    {
        return QueryInterface(__uuidof(Q), reinterpret_cast<void **>(pp));
    }
    // A new object with no reference yet (the caller AddRefs it), FinalConstruct done.
    static HRESULT WINAPI CreateInstance(CComObject<Base> **pp)
    {
        if (!pp)
            return E_POINTER;
        *pp = nullptr;
        auto *p = new (std::nothrow) CComObject<Base>();
        if (!p)
            return E_OUTOFMEMORY;
        p->SetVoid(nullptr);
        p->InternalFinalConstructAddRef();
        HRESULT hr = p->_AtlInitialConstruct();
        if (SUCCEEDED(hr))
            hr = p->FinalConstruct();
        p->InternalFinalConstructRelease();
        if (FAILED(hr)) {
            delete p;
            return hr;
        }
        *pp = p;
        return S_OK;
    }
};

// The same without a module lock: class factories, which the module keeps (ATL's
// CComObjectNoLock and CComObjectCached).
template<class Base> class CComObjectNoLock : public Base
{
public:
    explicit CComObjectNoLock(void * = nullptr) { }
    virtual ~CComObjectNoLock()
    {
        this->m_dwRef = -(MAXLONG / 2); // as ATL: a Release from FinalRelease cannot delete again
        this->FinalRelease();
    }
    STDMETHOD_(ULONG, AddRef)() override { return this->InternalAddRef(); }
    STDMETHOD_(ULONG, Release)() override
    {
        const ULONG l = this->InternalRelease();
        if (l == 0)
            delete this;
        return l;
    }
    STDMETHOD(QueryInterface)(REFIID iid, void **ppvObject) override
    {
        return this->_InternalQueryInterface(iid, ppvObject);
    }
};
template<class Base> using CComObjectCached = CComObjectNoLock<Base>;

// ---- creators -----------------------------------------------------------------------------------
template<class T1> class CComCreator
{
public:
    static HRESULT WINAPI CreateInstance(void *pv, REFIID riid, LPVOID *ppv)
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        auto *p = new (std::nothrow) T1(pv);
        if (!p)
            return E_OUTOFMEMORY;
        p->SetVoid(pv);
        p->InternalFinalConstructAddRef();
        HRESULT hr = p->_AtlInitialConstruct();
        if (SUCCEEDED(hr))
            hr = p->FinalConstruct();
        p->InternalFinalConstructRelease();
        if (SUCCEEDED(hr))
            hr = p->QueryInterface(riid, ppv);
        if (FAILED(hr))
            delete p;
        return hr;
    }
};
template<HRESULT hr> class CComFailCreator
{
public:
    static HRESULT WINAPI CreateInstance(void *, REFIID, LPVOID *ppv)
    {
        if (ppv)
            *ppv = nullptr;
        return hr;
    }
};
// T1 without an outer IUnknown, T2 with one.
template<class T1, class T2> class CComCreator2
{
public:
    static HRESULT WINAPI CreateInstance(void *pv, REFIID riid, LPVOID *ppv)
    {
        return pv == nullptr ? T1::CreateInstance(nullptr, riid, ppv)
                             : T2::CreateInstance(pv, riid, ppv);
    }
};

// ---- the class factory --------------------------------------------------------------------------
class CComClassFactory : public IClassFactory, public CComObjectRootEx<CComGlobalsThreadModel>
{
public:
    BEGIN_COM_MAP(CComClassFactory)
    COM_INTERFACE_ENTRY(IClassFactory)
    END_COM_MAP()

    virtual ~CComClassFactory() = default;

    // Not marked override, as the COM map's IUnknown declarations cannot be.
    STDMETHOD(CreateInstance)(IUnknown *pUnkOuter, REFIID riid, void **ppvObj)
    {
        if (!ppvObj)
            return E_POINTER;
        *ppvObj = nullptr;
        // Aggregation asks for IUnknown only (COM's rule); it is not supported at all here.
        if (pUnkOuter)
            return CLASS_E_NOAGGREGATION;
        return m_pfnCreateInstance ? m_pfnCreateInstance(nullptr, riid, ppvObj) : E_UNEXPECTED;
    }
    STDMETHOD(LockServer)(BOOL fLock)
    {
        if (_pAtlModule) {
            if (fLock)
                _pAtlModule->Lock();
            else
                _pAtlModule->Unlock();
        }
        return S_OK;
    }
    void SetVoid(void *pv) { m_pfnCreateInstance = reinterpret_cast<_ATL_CREATORFUNC *>(pv); }

    _ATL_CREATORFUNC *m_pfnCreateInstance = nullptr;
};

#define DECLARE_CLASSFACTORY_EX(cf)                                                                \
    typedef ATL::CComCreator<ATL::CComObjectCached<cf>> _ClassFactoryCreatorClass;
#define DECLARE_CLASSFACTORY() DECLARE_CLASSFACTORY_EX(ATL::CComClassFactory)
#define DECLARE_NOT_AGGREGATABLE(x)                                                                \
public:                                                                                            \
    typedef ATL::CComCreator2<ATL::CComCreator<ATL::CComObject<x>>,                                \
        ATL::CComFailCreator<CLASS_E_NOAGGREGATION>>                                               \
        _CreatorClass;
// Aggregation is not supported: an aggregatable class is created like any other, and creating it
// with an outer IUnknown fails (the class factory refuses it).
#define DECLARE_AGGREGATABLE(x) DECLARE_NOT_AGGREGATABLE(x)
#define DECLARE_PROTECT_FINAL_CONSTRUCT()                                                          \
    void InternalFinalConstructAddRef()                                                            \
    {                                                                                              \
        InternalAddRef();                                                                          \
    }                                                                                              \
    void InternalFinalConstructRelease()                                                           \
    {                                                                                              \
        InternalRelease();                                                                         \
    }
// The registry script of the class (an .rgs resource): nothing to update without a registry.
#define DECLARE_REGISTRY_RESOURCEID(x)                                                             \
    static HRESULT WINAPI UpdateRegistry(BOOL bRegister)                                           \
    {                                                                                              \
        return ATL::_pAtlModule ? ATL::_pAtlModule->UpdateRegistryFromResource(x, bRegister)       \
                                : S_OK;                                                            \
    }
#define DECLARE_REGISTRY_RESOURCE(x) DECLARE_REGISTRY_RESOURCEID(0)
#define DECLARE_NO_REGISTRY()                                                                      \
    static HRESULT WINAPI UpdateRegistry(BOOL)                                                     \
    {                                                                                              \
        return S_OK;                                                                               \
    }
// The type library of the module (its CAtlDllModuleT class): kept in CAtlModule::m_libid.
#define DECLARE_LIBID(libid)                                                                       \
    static void InitLibId()                                                                        \
    {                                                                                              \
        ATL::CAtlModule::m_libid = libid;                                                          \
    }

template<class T, const CLSID *pclsid = &CLSID_NULL> class CComCoClass
{
public:
    DECLARE_CLASSFACTORY()
    DECLARE_AGGREGATABLE(T)
    static const CLSID &WINAPI GetObjectCLSID() { return *pclsid; }
    static LPCTSTR WINAPI GetObjectDescription() { return nullptr; }
    template<class Q> static HRESULT CreateInstance(IUnknown *punkOuter, Q **pp)
    {
        return T::_CreatorClass::CreateInstance(
            punkOuter, __uuidof(Q), reinterpret_cast<void **>(pp));
    }
    template<class Q> static HRESULT CreateInstance(Q **pp)
    {
        return T::_CreatorClass::CreateInstance(
            nullptr, __uuidof(Q), reinterpret_cast<void **>(pp));
    }
};

} // namespace ATL

// Makes class creatable through the module's DllGetClassObject: registered in the object map
// when the module is loaded. An inline variable, so that a header using it (Microsoft's toaster
// has it in driver.h) registers the class once however many sources include it.
#define OBJECT_ENTRY_AUTO(clsid, class)                                                            \
    inline ATL::_ATL_OBJMAP_AUTO __objMap_##class                                                  \
    {                                                                                              \
        clsid, &class ::UpdateRegistry, &class ::_ClassFactoryCreatorClass::CreateInstance,        \
            &class ::_CreatorClass::CreateInstance                                                 \
    };
#define OBJECT_ENTRY_NON_CREATEABLE_EX_AUTO(clsid, class)
