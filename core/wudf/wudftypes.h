#pragma once
// Windows base types as a UMDF 1 driver sees them, with their Windows sizes on an LP64 host
// (ULONG/LONG/DWORD are 32 bits; WCHAR is a UTF-16 code unit). Written from the documented
// type definitions; the global names are exactly the Windows ones so driver code reads as usual.

#include <cstddef>
#include <cstdint>

using BYTE = std::uint8_t;
using UCHAR = std::uint8_t;
using BOOLEAN = std::uint8_t;
using BOOL = int;
using SHORT = std::int16_t;
using USHORT = std::uint16_t;
using LONG = std::int32_t;
using ULONG = std::uint32_t;
using DWORD = std::uint32_t;
using INT = int;
using UINT = unsigned int;
using LONGLONG = std::int64_t;
using ULONGLONG = std::uint64_t;
using SIZE_T = std::size_t;
using ULONG_PTR = std::uintptr_t;
using LONG_PTR = std::intptr_t;
using DWORD_PTR = std::uintptr_t;
using PVOID = void *;
using LPVOID = void *;
using HANDLE = void *;
// A UTF-16 code unit. Drivers built from unmodified Windows sources (core/compat, clang with
// -fshort-wchar) write L"..." literals: for them WCHAR is wchar_t, two bytes there, as on Windows.
// Both spellings have the same size and layout, so the interfaces' vtables are the same.
#if defined(UMDFX_COMPAT_WCHAR_T)
static_assert(sizeof(wchar_t) == 2, "build Windows driver sources with -fshort-wchar");
using WCHAR = wchar_t;
#else
using WCHAR = char16_t;
#endif
using PWSTR = WCHAR *;
using LPWSTR = WCHAR *;
using PCWSTR = const WCHAR *;
using LPCWSTR = const WCHAR *;
using HRESULT = std::int32_t;
using NTSTATUS = std::int32_t;
using ACCESS_MASK = ULONG;
using PLONGLONG = LONGLONG *;
using PULONG = ULONG *;

inline constexpr BOOL TRUE = 1;
inline constexpr BOOL FALSE = 0;

#ifndef STDMETHODCALLTYPE
#define STDMETHODCALLTYPE
#endif

// Named _GUID as in Windows' headers: clang's __uuidof (MS extensions) yields a const _GUID.
struct _GUID
{
    std::uint32_t Data1;
    std::uint16_t Data2;
    std::uint16_t Data3;
    std::uint8_t Data4[8];
};
using GUID = _GUID;
static_assert(sizeof(GUID) == 16);

using IID = GUID;
using CLSID = GUID;
using LPGUID = GUID *;
using LPCGUID = const GUID *;
using REFGUID = const GUID &;
using REFIID = const IID &;
using REFCLSID = const CLSID &;

constexpr bool operator==(const GUID &a, const GUID &b)
{
    if (a.Data1 != b.Data1 || a.Data2 != b.Data2 || a.Data3 != b.Data3)
        return false;
    for (int i = 0; i < 8; ++i) {
        if (a.Data4[i] != b.Data4[i])
            return false;
    }
    return true;
}
inline bool IsEqualGUID(REFGUID a, REFGUID b)
{
    return a == b;
}
inline bool IsEqualIID(REFIID a, REFIID b)
{
    return a == b;
}
inline bool IsEqualCLSID(REFCLSID a, REFCLSID b)
{
    return a == b;
}

union LARGE_INTEGER {
    struct
    {
        ULONG LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
};
using PHYSICAL_ADDRESS = LARGE_INTEGER;

// CreateFile and device-access constants (winnt.h / fileapi.h values).
inline constexpr DWORD GENERIC_READ = 0x80000000u;
inline constexpr DWORD GENERIC_WRITE = 0x40000000u;
inline constexpr DWORD FILE_SHARE_READ = 0x1;
inline constexpr DWORD FILE_SHARE_WRITE = 0x2;
inline constexpr DWORD OPEN_EXISTING = 3;
inline constexpr DWORD FILE_ATTRIBUTE_NORMAL = 0x80;
inline const HANDLE INVALID_HANDLE_VALUE = reinterpret_cast<HANDLE>(~std::uintptr_t(0));

// CoTaskMemAlloc/CoTaskMemFree: the allocator PROPVARIANT strings use.
extern "C" void *CoTaskMemAlloc(SIZE_T cb);
extern "C" void CoTaskMemFree(void *pv);
