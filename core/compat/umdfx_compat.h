#pragma once
// The Windows environment a UMDF 1 driver's unmodified sources expect, on Linux: base types with
// Windows sizes, COM macros, MSVC-isms, and the Win32 subset such drivers use (critical sections,
// threads, events, Interlocked*, last error, debug output). Written from the documented API; none
// of it is taken from Microsoft's headers.
//
// Build a driver with clang: -fms-extensions -fdeclspec -fshort-wchar -DUMDFX_COMPAT_WCHAR_T,
// with core/compat first on the include path (umdf_add_driver in UmdfDriver.cmake does all of
// it). What the headers need from the host process (formatting, debug output, the clock, WPP)
// comes through compatruntime.h.

#if !defined(UMDFX_COMPAT_WCHAR_T)
#error                                                                                             \
    "core/compat is for driver sources built with -fshort-wchar -DUMDFX_COMPAT_WCHAR_T (umdf_add_driver)"
#endif

// The standard library comes first, and broadly: the SAL 1 annotations sal.h defines as empty
// (__in, __out, __inout, ...) are names libstdc++ uses for its own parameters, so any standard
// header parsed after sal.h fails to compile. Headers included here are guarded, so a driver that
// includes <vector> after windows.h gets the copy already parsed.
// The same holds for windows.h's min and max macros (defined at the end of this file): a standard
// header parsed after them fails, so the common ones are parsed here, before.
#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cmath>
#include <condition_variable>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <cwctype>
#include <deque>
#include <functional>
#include <iostream>
#include <iterator>
#include <limits>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <numeric>
#include <optional>
#include <queue>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "core/compat/compatruntime.h"
#include "core/wudf/iunknown.h"
#include "core/wudf/win32host.h"
#include "core/wudf/wudfiids.h"
#include "core/wudf/wudfstatus.h"
#include "core/wudf/wudftypes.h"

#include "core/compat/sal.h"
#include "core/compat/umdfx_narrow.h"
#include "core/compat/umdfx_printf.h"
#include "core/compat/umdfx_wide.h"

// ---- calling conventions and declaration macros (all empty or trivial on x64) -------------------
#ifndef WINAPI
#define WINAPI
#endif
#define CALLBACK
#define APIENTRY
#define STDAPICALLTYPE
// The x86 calling conventions, which x64 Windows ignores too (clang would warn on each).
#define __stdcall
#define __cdecl
#define __fastcall
#define __thiscall
#define CDECL
#define NTAPI
#define EXTERN_C extern "C"
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
// Visible: a plugin is built with -fvisibility=hidden, and what a Windows driver exports through
// its .def file (DllGetClassObject, DllCanUnloadNow) is declared STDAPI.
#define STDAPI EXTERN_C __attribute__((visibility("default"))) HRESULT STDAPICALLTYPE
#define STDAPI_(type) EXTERN_C __attribute__((visibility("default"))) type STDAPICALLTYPE
#define STDMETHOD(method) virtual HRESULT STDMETHODCALLTYPE method
#define STDMETHOD_(type, method) virtual type STDMETHODCALLTYPE method
#define STDMETHODIMP HRESULT STDMETHODCALLTYPE
#define STDMETHODIMP_(type) type STDMETHODCALLTYPE
#define IFACEMETHOD(method) STDMETHOD(method)
#define IFACEMETHOD_(type, method) STDMETHOD_(type, method)
#define IFACEMETHODIMP STDMETHODIMP
#define IFACEMETHODIMP_(type) STDMETHODIMP_(type)
#define PURE = 0
#define interface struct
#define DECLSPEC_UUID(x) __declspec(uuid(x))
// novtable is an MSVC layout hint clang ignores (and warns about) outside Windows: empty.
#define DECLSPEC_NOVTABLE
#define DECLSPEC_SELECTANY __declspec(selectany)
#define DECLSPEC_NOINLINE __declspec(noinline)
#define DECLSPEC_NORETURN __declspec(noreturn)
#define MIDL_INTERFACE(x) struct DECLSPEC_UUID(x) DECLSPEC_NOVTABLE
#ifndef __forceinline
#define __forceinline inline __attribute__((always_inline))
#endif
#define FORCEINLINE __forceinline
#define VOID void
#define CONST const
#define UNALIGNED
#define OPTIONAL
#define IN
#define OUT

// ---- more base types (winnt.h / basetsd.h names, Windows sizes)
// ----------------------------------
using CHAR = char;
using PCHAR = char *;
using LPSTR = char *;
using PSTR = char *;
using LPCSTR = const char *;
using PCSTR = const char *;
using PWCHAR = WCHAR *;
using LPWCH = WCHAR *;
using PWCH = WCHAR *;
using LPCWCH = const WCHAR *;
using PCWCH = const WCHAR *;
using PBYTE = BYTE *;
using LPBYTE = BYTE *;
using PUCHAR = UCHAR *;
using PUSHORT = USHORT *;
using PSHORT = SHORT *;
using PLONG = LONG *;
using LPLONG = LONG *;
using PDWORD = DWORD *;
using LPDWORD = DWORD *;
using PBOOL = BOOL *;
using LPBOOL = BOOL *;
using PBOOLEAN = BOOLEAN *;
using INT_PTR = std::intptr_t;
using UINT_PTR = std::uintptr_t;
using PINT_PTR = INT_PTR *;
using PUINT_PTR = UINT_PTR *;
using PULONG_PTR = ULONG_PTR *;
using PSIZE_T = SIZE_T *;
using SSIZE_T = std::intptr_t;
using LONG64 = std::int64_t;
using ULONG64 = std::uint64_t;
using DWORD64 = std::uint64_t;
using INT64 = std::int64_t;
using UINT64 = std::uint64_t;
using INT32 = std::int32_t;
using UINT32 = std::uint32_t;
using INT16 = std::int16_t;
using UINT16 = std::uint16_t;
using INT8 = std::int8_t;
using UINT8 = std::uint8_t;
using PULONGLONG = ULONGLONG *;
using LPCVOID = const void *;
using PCVOID = const void *;
using HMODULE = HANDLE;
using HINSTANCE = HANDLE;
// A driver's DllMain, declared as a Windows DLL's entry point is known to the loader: with C
// linkage and exported, so that the host finds it by name whatever the driver's definition says.
EXTERN_C __attribute__((visibility("default"))) BOOL WINAPI DllMain(HINSTANCE, DWORD, LPVOID);
// Disables DLL_THREAD_ATTACH/DETACH calls of DllMain, which the host never makes: nothing to do.
inline BOOL DisableThreadLibraryCalls(HMODULE)
{
    return TRUE;
}
using HKEY = HANDLE;
using HWND = HANDLE;
using HLOCAL = HANDLE;
using LPHANDLE = HANDLE *;
using SCODE = LONG;
using LCID = DWORD;
using WORD = USHORT;
using PWORD = WORD *;
using LPWORD = WORD *;
using LANGID = WORD;
using REGSAM = ACCESS_MASK;
using KAFFINITY = ULONG_PTR;
// The largest and smallest values of the base types (winnt.h's names).
#define MINCHAR 0x80
#define MAXCHAR 0x7f
#define MINSHORT 0x8000
#define MAXSHORT 0x7fff
#define MINLONG 0x80000000
#define MAXLONG 0x7fffffff
#define MAXUCHAR 0xff
#define MAXUSHORT 0xffff
#define MAXULONG 0xffffffff
#define MAXBYTE 0xff
#define MAXWORD 0xffff
#define MAXDWORD 0xffffffff
#define MAXLONGLONG (0x7fffffffffffffffLL)
#define MAXULONGLONG (~0ULL)
#define MAXSIZE_T (~static_cast<SIZE_T>(0))
using PLARGE_INTEGER = LARGE_INTEGER *;
using PGUID = GUID *;
using LPUNKNOWN = IUnknown *;
using LPCLASSFACTORY = IClassFactory *;
using TCHAR = WCHAR; // UNICODE builds, as UMDF drivers are
using LPTSTR = WCHAR *;
using LPCTSTR = const WCHAR *;
#define TEXT(quote) L##quote
#define _T(quote) L##quote
#define __TEXT(quote) L##quote

inline constexpr std::size_t MAX_PATH = 260;
inline constexpr DWORD INFINITE = 0xFFFFFFFFu;
inline constexpr DWORD WAIT_OBJECT_0 = 0;
inline constexpr DWORD STILL_ACTIVE = 259; // GetExitCodeThread of a running thread
inline constexpr DWORD WAIT_ABANDONED = 0x80;
inline constexpr DWORD WAIT_TIMEOUT = 258;
inline constexpr DWORD WAIT_FAILED = 0xFFFFFFFFu;
inline constexpr DWORD FILE_SHARE_DELETE = 0x4;
inline constexpr DWORD CREATE_NEW = 1;
inline constexpr DWORD CREATE_ALWAYS = 2;
inline constexpr DWORD OPEN_ALWAYS = 4;
inline constexpr DWORD TRUNCATE_EXISTING = 5;
inline constexpr DWORD FILE_FLAG_OVERLAPPED = 0x40000000u;
inline constexpr DWORD GENERIC_EXECUTE = 0x20000000u;
inline constexpr DWORD GENERIC_ALL = 0x10000000u;
inline constexpr DWORD DLL_PROCESS_DETACH = 0;
inline constexpr DWORD DLL_PROCESS_ATTACH = 1;
inline constexpr DWORD DLL_THREAD_ATTACH = 2;
inline constexpr DWORD DLL_THREAD_DETACH = 3;

// ---- HRESULT helpers (winerror.h)
// -----------------------------------------------------------------
inline constexpr HRESULT E_UNEXPECTED = static_cast<HRESULT>(0x8000FFFFu);
inline constexpr HRESULT E_ABORT = static_cast<HRESULT>(0x80004004u);
inline constexpr HRESULT E_HANDLE = static_cast<HRESULT>(0x80070006u);
inline constexpr HRESULT CLASS_E_NOAGGREGATION = static_cast<HRESULT>(0x80040110u);
inline constexpr DWORD FACILITY_WIN32 = 7;
inline constexpr DWORD FACILITY_NT_BIT = 0x10000000u;
#define MAKE_HRESULT(sev, fac, code)                                                               \
    ((HRESULT)(((unsigned long)(sev) << 31) | ((unsigned long)(fac) << 16)                         \
        | ((unsigned long)(code))))
#define HRESULT_CODE(hr) ((hr)&0xFFFF)
#define SCODE_CODE(sc) ((sc)&0xFFFF)
#define HRESULT_FACILITY(hr) (((hr) >> 16) & 0x1fff)
#define HRESULT_SEVERITY(hr) (((hr) >> 31) & 0x1)
#define IS_ERROR(status) ((unsigned long)(status) >> 31 == 1)

// ---- MSVC-isms
// ------------------------------------------------------------------------------------
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define C_ASSERT(e) static_assert(e, #e)
#ifndef _countof
#define _countof(array) (sizeof(array) / sizeof((array)[0]))
#endif
#define ARRAYSIZE(array) _countof(array)
#define RTL_NUMBER_OF(array) _countof(array)
#define FIELD_OFFSET(type, field) ((LONG) __builtin_offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define CONTAINING_RECORD(address, type, field)                                                    \
    ((type *)((char *)(address) - (ULONG_PTR)(&((type *)0)->field)))

// ---- GUIDs
// ----------------------------------------------------------------------------------------
// DEFINE_GUID declares a GUID; with INITGUID defined before it (initguid.h) it also defines it,
// once for all translation units (selectany). With C++ linkage, unlike Windows' EXTERN_C: MSVC
// lets a driver declare the same GUID "extern const GUID X;" (Microsoft's toaster does, in
// stdafx.h) and then DEFINE_GUID it, which clang rejects as a change of language linkage. The
// GUIDs are the module's own, so the linkage is seen by nobody else.
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                               \
    extern DECLSPEC_SELECTANY const GUID name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) extern const GUID name
#endif
inline constexpr GUID GUID_NULL = {};
inline constexpr IID IID_NULL = {};
inline constexpr CLSID CLSID_NULL = {};
// __uuidof for the COM interfaces themselves (wudfddi.h adds the UMDF ones).
struct __declspec(uuid("00000000-0000-0000-C000-000000000046")) IUnknown;
struct __declspec(uuid("00000001-0000-0000-C000-000000000046")) IClassFactory;
#define IID_PPV_ARGS(ppType) __uuidof(**(ppType)), IID_PPV_ARGS_Helper(ppType)
template<typename T> void **IID_PPV_ARGS_Helper(T **pp)
{
    return reinterpret_cast<void **>(pp);
}
inline bool InlineIsEqualGUID(REFGUID a, REFGUID b)
{
    return a == b;
}
struct __declspec(uuid("00000000-0000-0000-C000-000000000046")) IUnknown;
struct __declspec(uuid("00000001-0000-0000-C000-000000000046")) IClassFactory;

// ---- memory
// ---------------------------------------------------------------------------------------
#define ZeroMemory(destination, length) std::memset((destination), 0, (length))
#define RtlZeroMemory(destination, length) std::memset((destination), 0, (length))
#define SecureZeroMemory(destination, length) std::memset((destination), 0, (length))
#define CopyMemory(destination, source, length) std::memcpy((destination), (source), (length))
#define RtlCopyMemory(destination, source, length) std::memcpy((destination), (source), (length))
#define MoveMemory(destination, source, length) std::memmove((destination), (source), (length))
#define RtlMoveMemory(destination, source, length) std::memmove((destination), (source), (length))
#define FillMemory(destination, length, fill) std::memset((destination), (fill), (length))

// ---- last error, debugging, time
// ------------------------------------------------------------------
namespace umdfx_compat {
inline DWORD &lastError()
{
    return *umdfx_last_error_slot(); // shared with the host's kernel32 (win32host.h)
}
} // namespace umdfx_compat
inline DWORD GetLastError()
{
    return umdfx_compat::lastError();
}
inline void SetLastError(DWORD error)
{
    umdfx_compat::lastError() = error;
}
inline void OutputDebugStringA(LPCSTR text)
{
    umdfx_compat_debug_output(text ? text : "");
}
inline void OutputDebugStringW(LPCWSTR text)
{
    umdfx_compat_debug_output_utf16(reinterpret_cast<const std::uint16_t *>(text));
}
#define OutputDebugString OutputDebugStringW
inline void DebugBreak_compat(const char *file, int line)
{
    umdfx_compat_debug_break(file, line);
}
#define DebugBreak() DebugBreak_compat(__FILE__, __LINE__)
inline DWORD GetTickCount()
{
    return static_cast<DWORD>(umdfx_compat_tick_count_ms());
}
inline ULONGLONG GetTickCount64()
{
    return umdfx_compat_tick_count_ms();
}

// ---- Interlocked*
// ---------------------------------------------------------------------------------
inline LONG InterlockedIncrement(LONG volatile *p)
{
    return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}
inline LONG InterlockedDecrement(LONG volatile *p)
{
    return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST);
}
inline LONG InterlockedExchange(LONG volatile *p, LONG v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}
inline LONG InterlockedExchangeAdd(LONG volatile *p, LONG v)
{
    return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}
inline LONG InterlockedCompareExchange(LONG volatile *p, LONG exchange, LONG comparand)
{
    __atomic_compare_exchange_n(p, &comparand, exchange, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
inline LONG64 InterlockedIncrement64(LONG64 volatile *p)
{
    return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}
inline LONG64 InterlockedDecrement64(LONG64 volatile *p)
{
    return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST);
}
inline LONG64 InterlockedExchange64(LONG64 volatile *p, LONG64 v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}
inline LONG64 InterlockedCompareExchange64(LONG64 volatile *p, LONG64 exchange, LONG64 comparand)
{
    __atomic_compare_exchange_n(p, &comparand, exchange, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
inline PVOID InterlockedExchangePointer(PVOID volatile *p, PVOID v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}
inline PVOID InterlockedCompareExchangePointer(PVOID volatile *p, PVOID exchange, PVOID comparand)
{
    __atomic_compare_exchange_n(p, &comparand, exchange, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}

// ---- threads, kernel objects, critical sections, SRW locks, condition variables ----------------
// The host serves them (core/wudf/win32host.h, core/host/kernelobjects.h): a driver's threads run
// one at a time on the simulation's baton and its waits are on the virtual clock, so a callback
// may wait for a thread of the driver's while that thread calls the framework. Here: the
// character-set and C runtime spellings.
struct SECURITY_ATTRIBUTES
{
    DWORD nLength;
    LPVOID lpSecurityDescriptor;
    BOOL bInheritHandle;
};
using LPSECURITY_ATTRIBUTES = SECURITY_ATTRIBUTES *;
using PSECURITY_ATTRIBUTES = SECURITY_ATTRIBUTES *;
using PRTL_CRITICAL_SECTION = RTL_CRITICAL_SECTION *;
using PSRWLOCK = RTL_SRWLOCK *;
#define SRWLOCK_INIT                                                                               \
    {                                                                                              \
        nullptr                                                                                    \
    }
#define CONDITION_VARIABLE_INIT                                                                    \
    {                                                                                              \
        nullptr                                                                                    \
    }
#define CONDITION_VARIABLE_LOCKMODE_SHARED 0x1
#define CREATE_SUSPENDED 0x00000004
#define STACK_SIZE_PARAM_IS_A_RESERVATION 0x00010000

inline HANDLE CreateEventA(LPSECURITY_ATTRIBUTES a, BOOL manualReset, BOOL initialState, LPCSTR)
{
    return CreateEventW(a, manualReset, initialState, nullptr);
}
#define CreateEvent CreateEventW
inline HANDLE CreateSemaphoreA(LPSECURITY_ATTRIBUTES a, LONG initial, LONG maximum, LPCSTR)
{
    return CreateSemaphoreW(a, initial, maximum, nullptr);
}
#define CreateSemaphore CreateSemaphoreW
inline HANDLE CreateMutexA(LPSECURITY_ATTRIBUTES a, BOOL initialOwner, LPCSTR)
{
    return CreateMutexW(a, initialOwner, nullptr);
}
#define CreateMutex CreateMutexW
inline HANDLE GetCurrentThread()
{
    return reinterpret_cast<HANDLE>(~std::uintptr_t(1)); // the pseudo-handle
}

// The C runtime's thread functions (process.h): the same threads as CreateThread's.
inline std::uintptr_t _beginthreadex(void *security, unsigned stackSize, unsigned (*start)(void *),
    void *argument, unsigned flags, unsigned *threadId)
{
    DWORD id = 0;
    HANDLE h = CreateThread(
        security, stackSize, reinterpret_cast<LPTHREAD_START_ROUTINE>(start), argument, flags, &id);
    if (threadId)
        *threadId = id;
    return reinterpret_cast<std::uintptr_t>(h);
}
[[noreturn]] inline void _endthreadex(unsigned exitCode)
{
    ExitThread(exitCode);
}

// ---- doubly linked lists (LIST_ENTRY)
// ------------------------------------------------------------
// The structure is winnt.h's; the functions that manipulate it (InitializeListHead, InsertTailList,
// ...) are not in Windows' user-mode headers but in UMDF's wudfwdm.h (and the kernel's wdm.h), so
// they are in core/compat/wudfwdm.h: a driver that defines its own (Microsoft's Toastmon, list.h)
// builds.
struct LIST_ENTRY
{
    LIST_ENTRY *Flink;
    LIST_ENTRY *Blink;
};
using PLIST_ENTRY = LIST_ENTRY *;

// ---- COM DLL entry points (combaseapi.h, olectl.h) --------------------------------------------
// Declared as the SDK declares them (STDAPI: C linkage), so that a definition written without
// STDAPI — "HRESULT STDAPICALLTYPE DllGetClassObject(...)", as Microsoft's samples write it —
// is the same C function, exported by name as the .def file asks (umdf_add_driver DEF).
STDAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv);
STDAPI DllCanUnloadNow(void);
STDAPI DllRegisterServer(void);
STDAPI DllUnregisterServer(void);

// ---- min and max (windef.h), last: see the standard headers at the top -------------------------
#ifndef NOMINMAX
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#endif
