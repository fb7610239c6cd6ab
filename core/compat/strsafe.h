#pragma once
// strsafe.h, the subset UMDF drivers use: counted string copy, concatenation, length and printf
// for wide (W) and narrow (A) strings, with the documented results (S_OK, and
// STRSAFE_E_INSUFFICIENT_BUFFER with a NUL-terminated truncated result). Formatting goes through
// the host (compatruntime.h) with the Microsoft meaning of %s/%S.
#include "core/compat/umdfx_compat.h"

inline constexpr HRESULT STRSAFE_E_INSUFFICIENT_BUFFER = static_cast<HRESULT>(0x8007007Au);
inline constexpr HRESULT STRSAFE_E_INVALID_PARAMETER = static_cast<HRESULT>(0x80070057u);
inline constexpr HRESULT STRSAFE_E_END_OF_FILE = static_cast<HRESULT>(0x80070026u);
inline constexpr std::size_t STRSAFE_MAX_CCH = 2147483647;

namespace umdfx_compat {
template<typename C> HRESULT copyN(C *dst, std::size_t cch, const C *src, std::size_t maxSrc)
{
    if (!dst || cch == 0 || cch > STRSAFE_MAX_CCH)
        return STRSAFE_E_INVALID_PARAMETER;
    std::size_t i = 0;
    for (; src && i < maxSrc && src[i]; ++i) {
        if (i + 1 >= cch) {
            dst[i] = 0;
            return STRSAFE_E_INSUFFICIENT_BUFFER;
        }
        dst[i] = src[i];
    }
    dst[i] = 0;
    return S_OK;
}
template<typename C> HRESULT length(const C *s, std::size_t max, std::size_t *len)
{
    if (!s || max > STRSAFE_MAX_CCH) {
        if (len)
            *len = 0;
        return STRSAFE_E_INVALID_PARAMETER;
    }
    std::size_t n = 0;
    while (n < max && s[n])
        ++n;
    if (len)
        *len = n < max ? n : 0;
    return n < max ? S_OK : STRSAFE_E_INVALID_PARAMETER;
}
template<typename C> HRESULT cat(C *dst, std::size_t cch, const C *src, std::size_t maxSrc)
{
    std::size_t have = 0;
    if (FAILED(length(dst, cch, &have)))
        return STRSAFE_E_INVALID_PARAMETER;
    return copyN(dst + have, cch - have, src, maxSrc);
}
// Formats through the host into UTF-8, then into the caller's buffer (UTF-16 for W).
inline HRESULT vprintfTo(WCHAR *dst, std::size_t cch, const WCHAR *format, std::va_list args)
{
    if (!dst || cch == 0 || cch > STRSAFE_MAX_CCH)
        return STRSAFE_E_INVALID_PARAMETER;
    const int n = umdfx_wide::vformat(dst, cch, format, args);
    if (n < 0)
        return STRSAFE_E_INVALID_PARAMETER;
    return static_cast<std::size_t>(n) < cch ? S_OK : STRSAFE_E_INSUFFICIENT_BUFFER;
}
inline HRESULT vprintfTo(char *dst, std::size_t cch, const char *format, std::va_list args)
{
    if (!dst || cch == 0 || cch > STRSAFE_MAX_CCH)
        return STRSAFE_E_INVALID_PARAMETER;
    const int n = umdfx_compat_vformat(dst, cch, format, 0, 0, args);
    if (n < 0) {
        dst[0] = 0;
        return STRSAFE_E_INVALID_PARAMETER;
    }
    return static_cast<std::size_t>(n) < cch ? S_OK : STRSAFE_E_INSUFFICIENT_BUFFER;
}
} // namespace umdfx_compat

inline HRESULT StringCchCopyW(LPWSTR dst, std::size_t cch, LPCWSTR src)
{
    return umdfx_compat::copyN(dst, cch, src, STRSAFE_MAX_CCH);
}
inline HRESULT StringCchCopyNW(LPWSTR dst, std::size_t cch, LPCWSTR src, std::size_t maxSrc)
{
    return umdfx_compat::copyN(dst, cch, src, maxSrc);
}
inline HRESULT StringCchCatW(LPWSTR dst, std::size_t cch, LPCWSTR src)
{
    return umdfx_compat::cat(dst, cch, src, STRSAFE_MAX_CCH);
}
inline HRESULT StringCchLengthW(LPCWSTR s, std::size_t max, std::size_t *len)
{
    return umdfx_compat::length(s, max, len);
}
inline HRESULT StringCbCopyW(LPWSTR dst, std::size_t cb, LPCWSTR src)
{
    return StringCchCopyW(dst, cb / sizeof(WCHAR), src);
}
inline HRESULT StringCbCatW(LPWSTR dst, std::size_t cb, LPCWSTR src)
{
    return StringCchCatW(dst, cb / sizeof(WCHAR), src);
}
inline HRESULT StringCbLengthW(LPCWSTR s, std::size_t maxCb, std::size_t *lenCb)
{
    std::size_t n = 0;
    const HRESULT hr = umdfx_compat::length(s, maxCb / sizeof(WCHAR), &n);
    if (lenCb)
        *lenCb = n * sizeof(WCHAR);
    return hr;
}
inline HRESULT StringCchVPrintfW(LPWSTR dst, std::size_t cch, LPCWSTR format, std::va_list args)
{
    return umdfx_compat::vprintfTo(dst, cch, format, args);
}
inline HRESULT StringCchPrintfW(LPWSTR dst, std::size_t cch, LPCWSTR format, ...)
{
    std::va_list args;
    va_start(args, format);
    const HRESULT hr = StringCchVPrintfW(dst, cch, format, args);
    va_end(args);
    return hr;
}
inline HRESULT StringCbPrintfW(LPWSTR dst, std::size_t cb, LPCWSTR format, ...)
{
    std::va_list args;
    va_start(args, format);
    const HRESULT hr = StringCchVPrintfW(dst, cb / sizeof(WCHAR), format, args);
    va_end(args);
    return hr;
}
inline HRESULT StringCchCopyA(LPSTR dst, std::size_t cch, LPCSTR src)
{
    return umdfx_compat::copyN(dst, cch, src, STRSAFE_MAX_CCH);
}
inline HRESULT StringCchCatA(LPSTR dst, std::size_t cch, LPCSTR src)
{
    return umdfx_compat::cat(dst, cch, src, STRSAFE_MAX_CCH);
}
inline HRESULT StringCchLengthA(LPCSTR s, std::size_t max, std::size_t *len)
{
    return umdfx_compat::length(s, max, len);
}
inline HRESULT StringCchVPrintfA(LPSTR dst, std::size_t cch, LPCSTR format, std::va_list args)
{
    return umdfx_compat::vprintfTo(dst, cch, format, args);
}
inline HRESULT StringCchPrintfA(LPSTR dst, std::size_t cch, LPCSTR format, ...)
{
    std::va_list args;
    va_start(args, format);
    const HRESULT hr = StringCchVPrintfA(dst, cch, format, args);
    va_end(args);
    return hr;
}
#define StringCchCopy StringCchCopyW
#define StringCchCopyN StringCchCopyNW
#define StringCchCat StringCchCatW
#define StringCchLength StringCchLengthW
#define StringCchPrintf StringCchPrintfW
#define StringCchVPrintf StringCchVPrintfW
#define StringCbCopy StringCbCopyW
#define StringCbCat StringCbCatW
#define StringCbLength StringCbLengthW
#define StringCbPrintf StringCbPrintfW
