#pragma once
// The C library's wide-string functions for driver code built with -fshort-wchar: glibc's
// wcslen, wcscmp, ... take its own 32-bit wchar_t and would read a driver's 16-bit strings
// wrongly (without any diagnostic, since the prototypes match). Each name is redirected by a macro
// to an inline version for 16-bit units, plus the Microsoft extensions drivers use (_wcsicmp,
// wcscpy_s, _wtoi), and vformat, which formats with Microsoft's conventions through the host
// (the printf family built on it is umdfx_printf.h's). Case folding
// is ASCII-only, as the invariant-locale comparisons drivers make of interface names and reference
// strings need. Included by umdfx_compat.h after the standard headers, so that their declarations
// stay untouched.

#include "core/compat/compatruntime.h"

#include <cerrno>
#include <cstdarg>
#include <cstddef>
#include <cstdlib>
#include <cwchar>
#include <string>

#ifndef _TRUNCATE
#define _TRUNCATE (static_cast<std::size_t>(-1))
#endif
#ifndef STRUNCATE
#define STRUNCATE 80 // the secure CRT's "copied, but cut to fit"
#endif

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

// The secure CRT's forms: errno_t, and an empty destination on failure. One definition for both
// character types: wcsncpy_s and strncpy_s (umdfx_narrow.h) differ only in it.
using errno_t = int;
template<class C> errno_t ncpy_s(C *dst, std::size_t size, const C *src, std::size_t count)
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
            // _TRUNCATE: as much as fits, and STRUNCATE says it was cut.
            if (count == _TRUNCATE) {
                dst[i] = 0;
                return STRUNCATE;
            }
            dst[0] = 0;
            return ERANGE;
        }
        dst[i] = src[i];
    }
    dst[i] = 0;
    return 0;
}
template<class C> errno_t cpy_s(C *dst, std::size_t size, const C *src)
{
    return ncpy_s(dst, size, src, static_cast<std::size_t>(-2)); // not _TRUNCATE: no cutting
}
template<class C> errno_t cat_s(C *dst, std::size_t size, const C *src)
{
    if (!dst || size == 0)
        return EINVAL;
    std::size_t have = 0;
    while (have < size && dst[have])
        ++have;
    if (have == size)
        return EINVAL; // not terminated
    const errno_t e = cpy_s(dst + have, size - have, src);
    if (e)
        dst[0] = 0;
    return e;
}
template<class C, std::size_t N> errno_t cpy_s(C (&dst)[N], const C *src)
{
    return cpy_s(dst, N, src);
}
template<class C, std::size_t N> errno_t ncpy_s(C (&dst)[N], const C *src, std::size_t count)
{
    return ncpy_s(dst, N, src, count);
}
template<class C, std::size_t N> errno_t cat_s(C (&dst)[N], const C *src)
{
    return cat_s(dst, N, src);
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

// printf with a UTF-16 format into a UTF-16 buffer, through the host's formatter (Microsoft
// conventions: compatruntime.h). Writes at most cch-1 units and a NUL when cch > 0, never half of
// a surrogate pair; returns the full length in UTF-16 units, or -1 for a bad format. The callers
// below turn that into each function's documented return value.
inline int vformat(wchar_t *dst, std::size_t cch, const wchar_t *format, std::va_list args)
{
    char stackBuffer[1024];
    std::va_list copy;
    va_copy(copy, args);
    const int n = umdfx_compat_vformat(stackBuffer, sizeof stackBuffer, format, 1, 1, copy);
    va_end(copy);
    if (n < 0) {
        if (dst && cch > 0)
            dst[0] = 0;
        return -1;
    }
    std::string text;
    if (static_cast<std::size_t>(n) < sizeof stackBuffer) {
        text.assign(stackBuffer, static_cast<std::size_t>(n));
    } else {
        text.resize(static_cast<std::size_t>(n) + 1);
        umdfx_compat_vformat(text.data(), text.size(), format, 1, 1, args);
        text.resize(static_cast<std::size_t>(n));
    }
    // UTF-8 to UTF-16, counting every unit, storing those that fit.
    std::size_t units = 0, stored = 0;
    bool full = cch == 0 || !dst;
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t c = static_cast<unsigned char>(text[i]);
        const std::size_t extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        c &= extra == 0 ? 0x7F : extra == 1 ? 0x1F : extra == 2 ? 0x0F : 0x07;
        for (std::size_t k = 1; k <= extra && i + k < text.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        i += extra + 1;
        const std::size_t width = c >= 0x10000 ? 2 : 1;
        if (!full && stored + width < cch) {
            if (width == 2) {
                c -= 0x10000;
                dst[stored++] = static_cast<wchar_t>(0xD800 + (c >> 10));
                dst[stored++] = static_cast<wchar_t>(0xDC00 + (c & 0x3FF));
            } else {
                dst[stored++] = static_cast<wchar_t>(c);
            }
        } else {
            full = true;
        }
        units += width;
    }
    if (dst && cch > 0)
        dst[stored] = 0;
    return static_cast<int>(units);
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
#define wcscpy_s umdfx_wide::cpy_s<wchar_t>
#define wcsncpy_s umdfx_wide::ncpy_s<wchar_t>
#define wcscat_s umdfx_wide::cat_s<wchar_t>
#define wcstol umdfx_wide::wcstol
#define wcstoul umdfx_wide::wcstoul
#define _wtoi umdfx_wide::wtoi
#define _wtol umdfx_wide::wtol
