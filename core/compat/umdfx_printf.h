#pragma once
// The Microsoft C library's printf family for driver code, narrow and wide: sprintf_s and
// swprintf_s, _snprintf and _snwprintf, _snprintf_s and _snwprintf_s, ISO swprintf (with the
// buffer's size), and their v forms. Each formats through the host with Microsoft's conventions
// (compatruntime.h: in a narrow format %S is a UTF-16 string, in a wide one a narrow string;
// %I64d is 64-bit) and keeps its own documented rules for a result that does not fit. One
// template per function serves both character types; only formatInto differs. ISO C's narrow
// sprintf and snprintf keep glibc's meaning: only names the standard library lacks, and the wide
// ones whose wchar_t glibc reads as 32-bit, are redirected. Included by umdfx_compat.h after
// umdfx_wide.h.

#include "core/compat/compatruntime.h"
#include "core/compat/umdfx_wide.h"

#include <cstdarg>
#include <cstddef>
#include <string>

namespace umdfx_printf {

// Formats into dst: at most cch-1 characters and a NUL when cch > 0; the full length, or -1 for
// a bad format (dst then empty).
inline int formatInto(wchar_t *dst, std::size_t cch, const wchar_t *format, std::va_list args)
{
    return umdfx_wide::vformat(dst, cch, format, args);
}
inline int formatInto(char *dst, std::size_t cch, const char *format, std::va_list args)
{
    const int n = umdfx_compat_vformat(dst, cch, format, 0, 0, args);
    if (n < 0 && dst && cch > 0)
        dst[0] = 0;
    return n;
}

// sprintf_s and swprintf_s (print_s): the characters written; a result that does not fit
// empties the buffer and gives -1 (where the CRT would call its invalid-parameter handler).
template<class C> int vprint_s(C *dst, std::size_t size, const C *format, std::va_list args)
{
    if (!dst || size == 0 || !format)
        return -1;
    const int n = formatInto(dst, size, format, args);
    if (n < 0 || static_cast<std::size_t>(n) >= size) {
        dst[0] = 0;
        return -1;
    }
    return n;
}
template<class C> int print_s(C *dst, std::size_t size, const C *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vprint_s(dst, size, format, args);
    va_end(args);
    return n;
}
template<class C, std::size_t N> int print_s(C (&dst)[N], const C *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vprint_s<C>(dst, N, format, args);
    va_end(args);
    return n;
}

// _snprintf and _snwprintf (nprint): at most `count` characters; the NUL only when there is room
// for it. Returns the length, or -1 when the result is longer than `count` (then unterminated).
template<class C> int vnprint(C *dst, std::size_t count, const C *format, std::va_list args)
{
    if (!format || (!dst && count > 0))
        return -1;
    std::basic_string<C> scratch(count + 1, C(0));
    const int n = formatInto(scratch.data(), count + 1, format, args);
    if (n < 0)
        return -1;
    const std::size_t length = static_cast<std::size_t>(n);
    const std::size_t copied = length < count ? length : count;
    for (std::size_t i = 0; i < copied; ++i)
        dst[i] = scratch[i];
    if (length < count)
        dst[length] = 0;
    return length <= count ? n : -1;
}
template<class C> int nprint(C *dst, std::size_t count, const C *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vnprint(dst, count, format, args);
    va_end(args);
    return n;
}

// _snprintf_s and _snwprintf_s (nprint_s): at most min(count, size - 1) characters and always a
// NUL. With count _TRUNCATE a result too long is cut to fit and -1 returned; otherwise it empties
// the buffer and gives -1.
template<class C>
int vnprint_s(C *dst, std::size_t size, std::size_t count, const C *format, std::va_list args)
{
    if (!dst || size == 0 || !format)
        return -1;
    const std::size_t limit = count < size ? count : size - 1;
    const int n = formatInto(dst, limit + 1, format, args);
    if (n < 0)
        return -1;
    if (static_cast<std::size_t>(n) <= limit)
        return n;
    if (count != _TRUNCATE)
        dst[0] = 0;
    return -1;
}
template<class C> int nprint_s(C *dst, std::size_t size, std::size_t count, const C *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vnprint_s(dst, size, count, format, args);
    va_end(args);
    return n;
}
template<class C, std::size_t N> int nprint_s(C (&dst)[N], std::size_t count, const C *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vnprint_s<C>(dst, N, count, format, args);
    va_end(args);
    return n;
}

// swprintf as ISO C has it, with the buffer's size (print_iso): the length, or -1 when it does
// not fit (the buffer then holds what fitted, terminated).
template<class C> int vprint_iso(C *dst, std::size_t count, const C *format, std::va_list args)
{
    if (!dst || count == 0 || !format)
        return -1;
    const int n = formatInto(dst, count, format, args);
    return n >= 0 && static_cast<std::size_t>(n) < count ? n : -1;
}
template<class C> int print_iso(C *dst, std::size_t count, const C *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vprint_iso(dst, count, format, args);
    va_end(args);
    return n;
}

} // namespace umdfx_printf

#define sprintf_s umdfx_printf::print_s<char>
#define vsprintf_s umdfx_printf::vprint_s<char>
#define _snprintf umdfx_printf::nprint<char>
#define _vsnprintf umdfx_printf::vnprint<char>
#define _snprintf_s umdfx_printf::nprint_s<char>
#define _vsnprintf_s umdfx_printf::vnprint_s<char>
#define swprintf_s umdfx_printf::print_s<wchar_t>
#define vswprintf_s umdfx_printf::vprint_s<wchar_t>
#define _snwprintf umdfx_printf::nprint<wchar_t>
#define _vsnwprintf umdfx_printf::vnprint<wchar_t>
#define _snwprintf_s umdfx_printf::nprint_s<wchar_t>
#define _vsnwprintf_s umdfx_printf::vnprint_s<wchar_t>
#define swprintf umdfx_printf::print_iso<wchar_t>
#define vswprintf umdfx_printf::vprint_iso<wchar_t>
