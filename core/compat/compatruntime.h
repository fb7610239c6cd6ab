#pragma once
// What the compatibility headers ask of the simulated host, with C linkage so that a driver
// compiled by clang from Windows sources finds them in the host process by name. Implemented in
// core/host/compatruntime.cpp. Strings are UTF-8 unless a parameter says UTF-16.

#include <cstdarg>
#include <cstddef>
#include <cstdint>

extern "C" {

// printf-style formatting with the Microsoft conventions a driver's code relies on: in a wide
// context (StringCchPrintfW, WPP's wide strings) %s is a UTF-16 string and %S a narrow one; in a
// narrow context the other way round; %ls/%ws are always UTF-16, %hs always narrow; %I64d and
// %I64u/%I64x are 64-bit. The format is UTF-8 (narrow) or UTF-16 (formatWide != 0). Writes at most
// outChars-1 UTF-8 bytes and a NUL; returns the full length (as snprintf does), or -1 for a bad
// format.
int umdfx_compat_vformat(char *out, std::size_t outChars, const void *format, int formatWide,
    int wideContext, std::va_list args);

// OutputDebugString: a line in the host's log and a trace record (kind log) of the calling driver.
void umdfx_compat_debug_output(const char *utf8);
// OutputDebugStringW: the same for a UTF-16 text (an unpaired surrogate becomes U+FFFD).
void umdfx_compat_debug_output_utf16(const std::uint16_t *utf16);
// DebugBreak: on Windows without a debugger the host dies; here it is reported the same way.
void umdfx_compat_debug_break(const char *file, int line);
// GetTickCount64: milliseconds of the simulation's virtual clock.
std::uint64_t umdfx_compat_tick_count_ms();

// WPP's trace messages (core/compat/wpp): a record of kind log in the trace and a line in the log.
// level: TRACE_LEVEL_*; flagName: the WPP_DEFINE_BIT name; format: the message with WPP's %!FUNC!,
// %!HRESULT!, %!STATUS!, %!GUID!, %!LEVEL!, %!FLAGS! extensions (and %S/%ws for UTF-16 strings).
// function: the caller's __PRETTY_FUNCTION__, shown as MSVC's __FUNCTION__ would name it.
// The names of WPP's extensions are known in any case (%!hresult! is %!HRESULT!).
void umdfx_wpp_trace(const char *file, int line, const char *function, unsigned level,
    const char *flagName, const char *macro, const char *format, ...);
// The same with the arguments as a va_list, for a UTF-8 format (formatWide 0) or a UTF-16 one
// (formatWide != 0: the driver wrote L"..."), which is read as a wide printf reads it.
void umdfx_wpp_vtrace(const char *file, int line, const char *function, unsigned level,
    const char *flagName, const char *macro, const void *format, int formatWide, std::va_list args);

} // extern "C"
