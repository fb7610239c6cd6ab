#pragma once
// The Microsoft C library's narrow-string extensions that drivers use and glibc does not have:
// the secure forms (sprintf_s, _snprintf_s, strcpy_s, strncpy_s, strcat_s, memcpy_s,
// memmove_s), _snprintf, and ASCII case-insensitive comparison (_stricmp, _strnicmp). The printf
// forms format through the host with Microsoft's conventions (compatruntime.h: %S is a UTF-16
// string, %I64d is 64-bit), as StringCchPrintfA does. ISO C's own sprintf and snprintf keep
// glibc's meaning (a driver that passes them %S or %I64d gets glibc's reading): only names the
// standard library lacks are defined here. Included by umdfx_compat.h after umdfx_wide.h.

#include "core/compat/compatruntime.h"
#include "core/compat/umdfx_wide.h"

#include <cerrno>
#include <cstdarg>
#include <cstddef>
#include <cstring>
#include <string>

namespace umdfx_narrow {

using umdfx_wide::errno_t;

inline char foldAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
inline int nicmp(const char *a, const char *b, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char ca = static_cast<unsigned char>(foldAscii(a[i]));
        const unsigned char cb = static_cast<unsigned char>(foldAscii(b[i]));
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (ca == 0)
            return 0;
    }
    return 0;
}
inline int icmp(const char *a, const char *b)
{
    return nicmp(a, b, static_cast<std::size_t>(-1));
}

// The host's formatter into dst (at most cch-1 bytes and a NUL when cch > 0): the full length,
// or -1 for a bad format.
inline int vformat(char *dst, std::size_t cch, const char *format, std::va_list args)
{
    const int n = umdfx_compat_vformat(dst, cch, format, 0, 0, args);
    if (n < 0 && dst && cch > 0)
        dst[0] = 0;
    return n;
}

// sprintf_s: the characters written; a result that does not fit empties the buffer and gives -1
// (where the CRT would call its invalid-parameter handler).
inline int vsprintf_s(char *dst, std::size_t size, const char *format, std::va_list args)
{
    if (!dst || size == 0 || !format)
        return -1;
    const int n = vformat(dst, size, format, args);
    if (n < 0 || static_cast<std::size_t>(n) >= size) {
        dst[0] = 0;
        return -1;
    }
    return n;
}
inline int sprintf_s(char *dst, std::size_t size, const char *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vsprintf_s(dst, size, format, args);
    va_end(args);
    return n;
}
template<std::size_t N> int sprintf_s(char (&dst)[N], const char *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vsprintf_s(dst, N, format, args);
    va_end(args);
    return n;
}

// _snprintf: at most `count` characters; the NUL only when there is room for it. Returns the
// length, or -1 when the result is longer than `count` (then unterminated).
inline int vsnprintf(char *dst, std::size_t count, const char *format, std::va_list args)
{
    if (!format || (!dst && count > 0))
        return -1;
    std::va_list copy;
    va_copy(copy, args);
    const int n = umdfx_compat_vformat(nullptr, 0, format, 0, 0, copy);
    va_end(copy);
    if (n < 0)
        return -1;
    const std::size_t length = static_cast<std::size_t>(n);
    if (length < count)
        return vformat(dst, count, format, args);
    // Longer than count (or exactly count): its first count characters, no NUL.
    std::string whole(length + 1, '\0');
    vformat(whole.data(), whole.size(), format, args);
    std::memcpy(dst, whole.data(), count);
    return length == count ? n : -1;
}
inline int snprintf(char *dst, std::size_t count, const char *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vsnprintf(dst, count, format, args);
    va_end(args);
    return n;
}

// _snprintf_s: at most min(count, size - 1) characters and always a NUL. With count _TRUNCATE a
// result too long is cut to fit and -1 returned; otherwise it empties the buffer and gives -1.
inline int vsnprintf_s(
    char *dst, std::size_t size, std::size_t count, const char *format, std::va_list args)
{
    if (!dst || size == 0 || !format)
        return -1;
    const std::size_t limit = count < size ? count : size - 1;
    const int n = vformat(dst, limit + 1, format, args);
    if (n < 0)
        return -1;
    if (static_cast<std::size_t>(n) <= limit)
        return n;
    if (count != _TRUNCATE)
        dst[0] = 0;
    return -1;
}
inline int snprintf_s(char *dst, std::size_t size, std::size_t count, const char *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vsnprintf_s(dst, size, count, format, args);
    va_end(args);
    return n;
}
template<std::size_t N> int snprintf_s(char (&dst)[N], std::size_t count, const char *format, ...)
{
    std::va_list args;
    va_start(args, format);
    const int n = vsnprintf_s(dst, N, count, format, args);
    va_end(args);
    return n;
}

// memcpy_s: copies count bytes when they fit; otherwise clears the destination and fails.
inline errno_t memcpy_s(void *dst, std::size_t size, const void *src, std::size_t count)
{
    if (count == 0)
        return 0;
    if (!dst)
        return EINVAL;
    if (!src || size < count) {
        std::memset(dst, 0, size);
        return src ? ERANGE : EINVAL;
    }
    std::memcpy(dst, src, count);
    return 0;
}
// memmove_s: the same for overlapping ranges, and the destination is left as it was on failure.
inline errno_t memmove_s(void *dst, std::size_t size, const void *src, std::size_t count)
{
    if (count == 0)
        return 0;
    if (!dst || !src)
        return EINVAL;
    if (size < count)
        return ERANGE;
    std::memmove(dst, src, count);
    return 0;
}

} // namespace umdfx_narrow

#define _stricmp umdfx_narrow::icmp
#define _strnicmp umdfx_narrow::nicmp
#define stricmp umdfx_narrow::icmp
#define strnicmp umdfx_narrow::nicmp
#define strcpy_s umdfx_wide::cpy_s<char>
#define strncpy_s umdfx_wide::ncpy_s<char>
#define strcat_s umdfx_wide::cat_s<char>
#define sprintf_s umdfx_narrow::sprintf_s
#define vsprintf_s umdfx_narrow::vsprintf_s
#define _snprintf umdfx_narrow::snprintf
#define _vsnprintf umdfx_narrow::vsnprintf
#define _snprintf_s umdfx_narrow::snprintf_s
#define _vsnprintf_s umdfx_narrow::vsnprintf_s
#define memcpy_s umdfx_narrow::memcpy_s
#define memmove_s umdfx_narrow::memmove_s
