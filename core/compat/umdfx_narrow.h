#pragma once
// The Microsoft C library's narrow-string extensions that drivers use and glibc does not have:
// the secure copies (strcpy_s, strncpy_s, strcat_s, memcpy_s, memmove_s) and ASCII
// case-insensitive comparison (_stricmp, _strnicmp). The narrow printf forms (sprintf_s,
// _snprintf, ...) are umdfx_printf.h's. Included by umdfx_compat.h after umdfx_wide.h.

#include "core/compat/umdfx_wide.h"

#include <cerrno>
#include <cstddef>
#include <cstring>

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
#define memcpy_s umdfx_narrow::memcpy_s
#define memmove_s umdfx_narrow::memmove_s
