#pragma once
// The part of ATL UMDF 1 drivers use: CComPtr, CComQIPtr, ATLASSERT, CComCritSecLock. Written from
// the documented behaviour: CComPtr holds one reference and releases it; `&p` asserts it is
// empty (so an out-parameter cannot leak the old pointer); CComQIPtr queries for its interface.
#include "core/compat/umdfx_compat.h"

#ifndef ATLASSERT
// An assertion a driver makes: reported like DebugBreak (the host's log and trace), not fatal.
#define ATLASSERT(expr) ((expr) ? (void)0 : umdfx_compat_debug_break(__FILE__, __LINE__))
#endif
#define ATLENSURE(expr) ATLASSERT(expr)
#define ATLVERIFY(expr) ATLASSERT(expr)
#define ATL_NO_VTABLE // an MSVC layout hint; clang ignores it outside Windows

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
