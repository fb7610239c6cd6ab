#pragma once
// The C library's wide-string functions for driver code built with -fshort-wchar: glibc's
// wcslen, wcscmp, ... take its own 32-bit wchar_t and would read a driver's 16-bit strings
// wrongly (without any diagnostic, since the prototypes match). Each name is redirected by a macro
// to an inline version for 16-bit units, plus the Microsoft extensions drivers use (_wcsicmp,
// wcscpy_s, swprintf_s, _wtoi). Case folding is ASCII-only, as the invariant-locale comparisons
// drivers make of interface names and reference strings need. Included by umdfx_compat.h after
// the standard headers, so that their declarations stay untouched.

#include <cerrno>
#include <cstdarg>
#include <cstddef>
#include <cstdlib>
#include <cwchar>

namespace umdfx_wide {

inline wchar_t foldAscii(wchar_t c)
{
    return c >= L'A' && c <= L'Z' ? static_cast<wchar_t>(c - L'A' + L'a') : c;
}

inline std::size_t wcslen(const wchar_t *s)
{
    std::size_t n = 0;
    while (s[n])
        ++n;
    return n;
}
inline std::size_t wcsnlen(const wchar_t *s, std::size_t max)
{
    std::size_t n = 0;
    while (n < max && s[n])
        ++n;
    return n;
}
inline int wcsncmp(const wchar_t *a, const wchar_t *b, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        const auto ca = static_cast<unsigned short>(a[i]);
        const auto cb = static_cast<unsigned short>(b[i]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (!ca)
            return 0;
    }
    return 0;
}
inline int wcscmp(const wchar_t *a, const wchar_t *b)
{
    return wcsncmp(a, b, static_cast<std::size_t>(-1));
}
inline int nicmp(const wchar_t *a, const wchar_t *b, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        const auto ca = static_cast<unsigned short>(foldAscii(a[i]));
        const auto cb = static_cast<unsigned short>(foldAscii(b[i]));
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (!ca)
            return 0;
    }
    return 0;
}
inline int icmp(const wchar_t *a, const wchar_t *b)
{
    return nicmp(a, b, static_cast<std::size_t>(-1));
}
inline wchar_t *wcscpy(wchar_t *dst, const wchar_t *src)
{
    std::size_t i = 0;
    for (; src[i]; ++i)
        dst[i] = src[i];
    dst[i] = 0;
    return dst;
}
inline wchar_t *wcsncpy(wchar_t *dst, const wchar_t *src, std::size_t n)
{
    std::size_t i = 0;
    for (; i < n && src[i]; ++i)
        dst[i] = src[i];
    for (; i < n; ++i)
        dst[i] = 0; // as C's strncpy: pads, and does not terminate a full copy
    return dst;
}
inline wchar_t *wcscat(wchar_t *dst, const wchar_t *src)
{
    wcscpy(dst + wcslen(dst), src);
    return dst;
}
inline wchar_t *wcsncat(wchar_t *dst, const wchar_t *src, std::size_t n)
{
    wchar_t *end = dst + wcslen(dst);
    std::size_t i = 0;
    for (; i < n && src[i]; ++i)
        end[i] = src[i];
    end[i] = 0;
    return dst;
}
inline wchar_t *wcschr(const wchar_t *s, wchar_t c)
{
    for (;; ++s) {
        if (*s == c)
            return const_cast<wchar_t *>(s);
        if (!*s)
            return nullptr;
    }
}
inline wchar_t *wcsrchr(const wchar_t *s, wchar_t c)
{
    const wchar_t *found = nullptr;
    for (;; ++s) {
        if (*s == c)
            found = s;
        if (!*s)
            return const_cast<wchar_t *>(found);
    }
}
inline wchar_t *wcsstr(const wchar_t *hay, const wchar_t *needle)
{
    const std::size_t n = wcslen(needle);
    for (; *hay; ++hay) {
        if (wcsncmp(hay, needle, n) == 0)
            return const_cast<wchar_t *>(hay);
    }
    return n == 0 ? const_cast<wchar_t *>(hay) : nullptr;
}
inline wchar_t *wmemcpy(wchar_t *dst, const wchar_t *src, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        dst[i] = src[i];
    return dst;
}
inline wchar_t *wmemmove(wchar_t *dst, const wchar_t *src, std::size_t n)
{
    if (dst < src) {
        for (std::size_t i = 0; i < n; ++i)
            dst[i] = src[i];
    } else {
        for (std::size_t i = n; i > 0; --i)
            dst[i - 1] = src[i - 1];
    }
    return dst;
}
inline wchar_t *wmemset(wchar_t *dst, wchar_t c, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        dst[i] = c;
    return dst;
}
inline int wmemcmp(const wchar_t *a, const wchar_t *b, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        const auto ca = static_cast<unsigned short>(a[i]);
        const auto cb = static_cast<unsigned short>(b[i]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return 0;
}

// The secure CRT's forms: errno_t, and an empty destination on failure.
using errno_t = int;
inline errno_t wcsncpy_s(wchar_t *dst, std::size_t size, const wchar_t *src, std::size_t count)
{
    if (!dst || size == 0)
        return EINVAL;
    if (!src) {
        dst[0] = 0;
        return EINVAL;
    }
    std::size_t i = 0;
    for (; i < count && src[i]; ++i) {
        if (i + 1 >= size) {
            dst[0] = 0;
            return ERANGE;
        }
        dst[i] = src[i];
    }
    dst[i] = 0;
    return 0;
}
inline errno_t wcscpy_s(wchar_t *dst, std::size_t size, const wchar_t *src)
{
    return wcsncpy_s(dst, size, src, static_cast<std::size_t>(-1));
}
inline errno_t wcscat_s(wchar_t *dst, std::size_t size, const wchar_t *src)
{
    if (!dst || size == 0)
        return EINVAL;
    const std::size_t have = wcsnlen(dst, size);
    if (have == size)
        return EINVAL; // not terminated
    const errno_t e = wcscpy_s(dst + have, size - have, src);
    if (e)
        dst[0] = 0;
    return e;
}
template<std::size_t N> errno_t wcscpy_s(wchar_t (&dst)[N], const wchar_t *src)
{
    return wcscpy_s(dst, N, src);
}
template<std::size_t N> errno_t wcscat_s(wchar_t (&dst)[N], const wchar_t *src)
{
    return wcscat_s(dst, N, src);
}

inline long wcstol(const wchar_t *s, wchar_t **end, int base)
{
    char narrowed[64];
    std::size_t i = 0;
    for (; i + 1 < sizeof narrowed && s[i] && s[i] < 0x80; ++i)
        narrowed[i] = static_cast<char>(s[i]);
    narrowed[i] = 0;
    char *stop = nullptr;
    const long v = std::strtol(narrowed, &stop, base);
    if (end)
        *end = const_cast<wchar_t *>(s + (stop - narrowed));
    return v;
}
inline unsigned long wcstoul(const wchar_t *s, wchar_t **end, int base)
{
    char narrowed[64];
    std::size_t i = 0;
    for (; i + 1 < sizeof narrowed && s[i] && s[i] < 0x80; ++i)
        narrowed[i] = static_cast<char>(s[i]);
    narrowed[i] = 0;
    char *stop = nullptr;
    const unsigned long v = std::strtoul(narrowed, &stop, base);
    if (end)
        *end = const_cast<wchar_t *>(s + (stop - narrowed));
    return v;
}
inline int wtoi(const wchar_t *s)
{
    return static_cast<int>(wcstol(s, nullptr, 10));
}
inline long wtol(const wchar_t *s)
{
    return wcstol(s, nullptr, 10);
}

} // namespace umdfx_wide

#define wcslen umdfx_wide::wcslen
#define wcsnlen umdfx_wide::wcsnlen
#define wcscmp umdfx_wide::wcscmp
#define wcsncmp umdfx_wide::wcsncmp
#define _wcsicmp umdfx_wide::icmp
#define _wcsnicmp umdfx_wide::nicmp
#define wcsicmp umdfx_wide::icmp
#define wcsnicmp umdfx_wide::nicmp
#define wcscpy umdfx_wide::wcscpy
#define wcsncpy umdfx_wide::wcsncpy
#define wcscat umdfx_wide::wcscat
#define wcsncat umdfx_wide::wcsncat
#define wcschr umdfx_wide::wcschr
#define wcsrchr umdfx_wide::wcsrchr
#define wcsstr umdfx_wide::wcsstr
#define wmemcpy umdfx_wide::wmemcpy
#define wmemmove umdfx_wide::wmemmove
#define wmemset umdfx_wide::wmemset
#define wmemcmp umdfx_wide::wmemcmp
#define wcscpy_s umdfx_wide::wcscpy_s
#define wcsncpy_s umdfx_wide::wcsncpy_s
#define wcscat_s umdfx_wide::wcscat_s
#define wcstol umdfx_wide::wcstol
#define wcstoul umdfx_wide::wcstoul
#define _wtoi umdfx_wide::wtoi
#define _wtol umdfx_wide::wtol
