#pragma once
// The part of ATL UMDF 1 drivers use, in namespace ATL (a "using namespace ATL" follows unless
// _ATL_NO_AUTOMATIC_NAMESPACE, as with ATL): CComPtr, CComQIPtr, ATLASSERT, CComCritSecLock, and
// the module classes a DLL server is built on — CAtlModule, CComModule, CAtlDllModuleT (DllMain,
// DllGetClassObject, DllCanUnloadNow, DllRegisterServer/DllUnregisterServer) over the object map
// that OBJECT_ENTRY_AUTO (atlcom.h) fills. Written from the documented behaviour: CComPtr holds one
// reference and releases it; `&p` asserts it is empty (so an out-parameter cannot leak the old
// pointer); CComQIPtr queries for its interface; a module counts locks (objects alive, LockServer)
// for DllCanUnloadNow and caches one class factory per class.
#include "core/compat/umdfx_compat.h"

#ifndef ATLASSERT
#ifdef _DEBUG
// An assertion a driver makes: reported like DebugBreak (the host's log and trace), not fatal.
#define ATLASSERT(expr) ((expr) ? (void)0 : umdfx_compat_debug_break(__FILE__, __LINE__))
#else
// As ATL's without _DEBUG (which WDK driver builds, debug ones included, do not define): not
// compiled at all — Microsoft's Toastmon asserts with a function it never declares.
#define ATLASSERT(expr) ((void)0)
#endif
#endif
#define ATLENSURE(expr) ATLASSERT(expr)
#define ATLVERIFY(expr) ATLASSERT(expr)
#define ATL_NO_VTABLE // an MSVC layout hint; clang ignores it outside Windows
#define ATLAPI inline HRESULT __stdcall
#define ATL_NOINLINE

namespace ATL {

// What CComPtr's -> gives: the interface with AddRef and Release made private, so that
// `ptr->Release()` (which would leave the smart pointer holding a released object) does not
// compile, as with ATL. Never instantiated: only a pointer type to call through.
template<class T> class NoAddRefReleaseOnCComPtr : public T
{
private:
    STDMETHOD_(ULONG, AddRef)() = 0;
    STDMETHOD_(ULONG, Release)() = 0;
};

template<class T> class CComPtr
{
public:
    CComPtr() = default;
    CComPtr(T *p)
        : p(p)
    {
        if (p)
            p->AddRef();
    }
    CComPtr(const CComPtr &other)
        : CComPtr(other.p)
    { }
    CComPtr(CComPtr &&other) noexcept
        : p(other.p)
    {
        other.p = nullptr;
    }
    ~CComPtr() { Release(); }
    CComPtr &operator=(T *other)
    {
        if (other)
            other->AddRef();
        Release();
        p = other;
        return *this;
    }
    CComPtr &operator=(const CComPtr &other) { return *this = other.p; }
    CComPtr &operator=(CComPtr &&other) noexcept
    {
        if (this != &other) {
            Release();
            p = other.p;
            other.p = nullptr;
        }
        return *this;
    }
    operator T *() const { return p; }
    T &operator*() const { return *p; }
    T **operator&()
    {
        ATLASSERT(p == nullptr);
        return &p;
    }
    NoAddRefReleaseOnCComPtr<T> *operator->() const
    {
        ATLASSERT(p != nullptr);
        return static_cast<NoAddRefReleaseOnCComPtr<T> *>(p);
    }
    bool operator!() const { return p == nullptr; }
    bool operator==(T *other) const { return p == other; }
    bool operator!=(T *other) const { return p != other; }
    void Release()
    {
        T *old = p;
        if (old) {
            p = nullptr;
            old->Release();
        }
    }
    void Attach(T *other)
    {
        Release();
        p = other;
    }
    T *Detach()
    {
        T *old = p;
        p = nullptr;
        return old;
    }
    HRESULT CopyTo(T **out) const
    {
        if (!out)
            return E_POINTER;
        *out = p;
        if (p)
            p->AddRef();
        return S_OK;
    }
    template<class Q> HRESULT QueryInterface(Q **out) const
    {
        return p ? p->QueryInterface(__uuidof(Q), reinterpret_cast<void **>(out)) : E_POINTER;
    }

    T *p = nullptr;
};

template<class T> class CComQIPtr : public CComPtr<T>
{
public:
    CComQIPtr() = default;
    CComQIPtr(T *p)
        : CComPtr<T>(p)
    { }
    CComQIPtr(IUnknown *unknown)
    {
        if (unknown)
            unknown->QueryInterface(__uuidof(T), reinterpret_cast<void **>(&this->p));
    }
    CComQIPtr &operator=(IUnknown *unknown)
    {
        this->Release();
        if (unknown)
            unknown->QueryInterface(__uuidof(T), reinterpret_cast<void **>(&this->p));
        return *this;
    }
};

class CComCriticalSection
{
public:
    HRESULT Init()
    {
        InitializeCriticalSection(&m_sec);
        return S_OK;
    }
    HRESULT Term()
    {
        DeleteCriticalSection(&m_sec);
        return S_OK;
    }
    HRESULT Lock()
    {
        EnterCriticalSection(&m_sec);
        return S_OK;
    }
    HRESULT Unlock()
    {
        LeaveCriticalSection(&m_sec);
        return S_OK;
    }
    CRITICAL_SECTION m_sec;
};
class CComAutoCriticalSection : public CComCriticalSection
{
public:
    CComAutoCriticalSection() { Init(); }
    ~CComAutoCriticalSection() { Term(); }
};
template<class Section> class CComCritSecLock
{
public:
    explicit CComCritSecLock(Section &s, bool initialLock = true)
        : m_s(s)
    {
        if (initialLock)
            Lock();
    }
    ~CComCritSecLock()
    {
        if (m_locked)
            Unlock();
    }
    void Lock()
    {
        m_s.Lock();
        m_locked = true;
    }
    void Unlock()
    {
        m_s.Unlock();
        m_locked = false;
    }

private:
    Section &m_s;
    bool m_locked = false;
};

// ---- modules and the object map ---------------------------------------------------------------
// One entry per creatable class (OBJECT_ENTRY_AUTO): its CLSID, how to make its class factory and
// its objects, and its registry script. The map is the module's own (an inline function with
// hidden visibility in every plugin).
using _ATL_CREATORFUNC = HRESULT WINAPI(void *pv, REFIID riid, LPVOID *ppv);
using _ATL_UPDATEREGISTRYFUNC = HRESULT WINAPI(BOOL bRegister);
struct _ATL_OBJMAP_ENTRY
{
    CLSID clsid;
    _ATL_UPDATEREGISTRYFUNC *pfnUpdateRegistry;
    _ATL_CREATORFUNC *pfnGetClassObject;
    _ATL_CREATORFUNC *pfnCreateInstance;
    IUnknown *pCF; // the class factory, made on first request and kept
};
inline std::vector<_ATL_OBJMAP_ENTRY> &atlObjectMap()
{
    static std::vector<_ATL_OBJMAP_ENTRY> map;
    return map;
}
// What OBJECT_ENTRY_AUTO defines: registers a class in the map when the module is loaded.
struct _ATL_OBJMAP_AUTO
{
    _ATL_OBJMAP_AUTO(REFCLSID clsid, _ATL_UPDATEREGISTRYFUNC *updateRegistry,
        _ATL_CREATORFUNC *getClassObject, _ATL_CREATORFUNC *createInstance)
    {
        atlObjectMap().push_back(
            { clsid, updateRegistry, getClassObject, createInstance, nullptr });
    }
};

class CAtlModule;
inline CAtlModule *_pAtlModule = nullptr; // the module's one module object

class CAtlModule
{
public:
    CAtlModule() { _pAtlModule = this; }
    virtual ~CAtlModule()
    {
        if (_pAtlModule == this)
            _pAtlModule = nullptr;
    }
    CAtlModule(const CAtlModule &) = delete;
    CAtlModule &operator=(const CAtlModule &) = delete;
    virtual LONG Lock() { return InterlockedIncrement(&m_nLockCnt); }
    virtual LONG Unlock() { return InterlockedDecrement(&m_nLockCnt); }
    virtual LONG GetLockCount() { return m_nLockCnt; }
    // There is no registry in the simulator (WUDFHost never registers a driver's classes either):
    // a registry script (.rgs resource) has nothing to update.
    HRESULT WINAPI UpdateRegistryFromResource(UINT, BOOL) { return S_OK; }
    HRESULT WINAPI UpdateRegistryFromResourceS(UINT, BOOL) { return S_OK; }

    static inline GUID m_libid {}; // DECLARE_LIBID

protected:
    LONG m_nLockCnt = 0;
};

template<class T> class CAtlModuleT : public CAtlModule
{
public:
    CAtlModuleT()
    {
        // The map is made first, so it is destroyed after the module, whose destructor reads it.
        atlObjectMap();
        T::InitLibId();
    }
    // As ATL's module term does when the DLL unloads: the class factories the object map cached
    // are released (the module object is the DLL's static, destroyed at process exit here).
    ~CAtlModuleT() override
    {
        for (_ATL_OBJMAP_ENTRY &e : atlObjectMap()) {
            if (e.pCF) {
                IUnknown *factory = e.pCF;
                e.pCF = nullptr;
                factory->Release();
            }
        }
    }
    static void InitLibId() { }
    HRESULT RegisterServer(BOOL = FALSE, const CLSID *pCLSID = nullptr)
    {
        return updateRegistry(TRUE, pCLSID);
    }
    HRESULT UnregisterServer(BOOL = FALSE, const CLSID *pCLSID = nullptr)
    {
        return updateRegistry(FALSE, pCLSID);
    }
    // The class factory of a class in the object map, or CLASS_E_CLASSNOTAVAILABLE.
    HRESULT GetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
    {
        if (!ppv)
            return E_POINTER;
        *ppv = nullptr;
        for (_ATL_OBJMAP_ENTRY &e : atlObjectMap()) {
            if (!InlineIsEqualGUID(e.clsid, rclsid))
                continue;
            if (!e.pCF) {
                CComCritSecLock<CComCriticalSection> lock(m_csObjMap);
                if (!e.pCF) {
                    HRESULT hr = e.pfnGetClassObject(reinterpret_cast<void *>(e.pfnCreateInstance),
                        __uuidof(IUnknown), reinterpret_cast<LPVOID *>(&e.pCF));
                    if (FAILED(hr))
                        return hr;
                }
            }
            return e.pCF->QueryInterface(riid, ppv);
        }
        return CLASS_E_CLASSNOTAVAILABLE;
    }

protected:
    HRESULT updateRegistry(BOOL reg, const CLSID *only)
    {
        for (const _ATL_OBJMAP_ENTRY &e : atlObjectMap()) {
            if (only && !InlineIsEqualGUID(e.clsid, *only))
                continue;
            if (e.pfnUpdateRegistry) {
                const HRESULT hr = e.pfnUpdateRegistry(reg);
                if (FAILED(hr))
                    return hr;
            }
        }
        return S_OK;
    }
    CComAutoCriticalSection m_csObjMap;
};

// The module object of an in-process server (a driver DLL): what its exported functions call.
template<class T> class CAtlDllModuleT : public CAtlModuleT<T>
{
public:
    BOOL WINAPI DllMain(DWORD, LPVOID) { return TRUE; }
    HRESULT DllCanUnloadNow() { return this->GetLockCount() == 0 ? S_OK : S_FALSE; }
    HRESULT DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
    {
        return static_cast<T *>(this)->GetClassObject(rclsid, riid, ppv);
    }
    HRESULT DllRegisterServer(BOOL bRegTypeLib = TRUE)
    {
        return static_cast<T *>(this)->RegisterServer(bRegTypeLib);
    }
    HRESULT DllUnregisterServer(BOOL bUnRegTypeLib = TRUE)
    {
        return static_cast<T *>(this)->UnregisterServer(bUnRegTypeLib);
    }
};

// ATL 3's module class, which older drivers declare (Microsoft's Toastmon: "extern CComModule
// _Module;"); the object map is OBJECT_ENTRY_AUTO's, so Init's map argument is not needed.
class CComModule : public CAtlDllModuleT<CComModule>
{
public:
    HRESULT Init(_ATL_OBJMAP_ENTRY * = nullptr, HINSTANCE h = nullptr, const GUID *plibid = nullptr)
    {
        m_hInst = h;
        if (plibid)
            m_libid = *plibid;
        return S_OK;
    }
    void Term() { }
    HINSTANCE GetModuleInstance() const { return m_hInst; }
    HINSTANCE GetResourceInstance() const { return m_hInst; }

private:
    HINSTANCE m_hInst = nullptr;
};

} // namespace ATL

#ifndef _ATL_NO_AUTOMATIC_NAMESPACE
using namespace ATL;
#endif
