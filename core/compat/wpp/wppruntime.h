#pragma once
// What every generated .tmh file includes: WPP's trace levels, WPP_INIT_TRACING/WPP_CLEANUP, and
// the control GUID's flag bits as names. A driver's trace macros (the FUNC lines of its
// "begin_wpp config" comment) are defined by its .tmh (umdfx_wppgen) and call umdfx_wpp_trace,
// which puts each message into the trace (kind log) and the log.
#include "core/compat/umdfx_compat.h"

#ifndef TRACE_LEVEL_NONE
#define TRACE_LEVEL_NONE 0
#define TRACE_LEVEL_CRITICAL 1
#define TRACE_LEVEL_FATAL 1
#define TRACE_LEVEL_ERROR 2
#define TRACE_LEVEL_WARNING 3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE 5
#define TRACE_LEVEL_RESERVED6 6
#define TRACE_LEVEL_RESERVED7 7
#define TRACE_LEVEL_RESERVED8 8
#define TRACE_LEVEL_RESERVED9 9
#endif

// There is no ETW session to register with: tracing is always on and goes to the host.
#define WPP_INIT_TRACING(...) ((void)0)
#define WPP_CLEANUP(...) ((void)0)
#define WPP_LEVEL_ENABLED(flag) (true)
#define WPP_FLAG_ENABLED(flag) (true)
#define WPP_LEVEL_FLAGS_ENABLED(level, flags) (true)

// A trace macro given a wide format string (Trace(TRACE_LEVEL_ERROR, L"...%!GUID!", &id), as
// Microsoft's samples write in dllsup.cpp): the same message, the format read as UTF-16.
inline void umdfx_wpp_trace(const char *file, int line, const char *function, unsigned level,
    const char *flagName, const char *macro, const wchar_t *format, ...)
{
    std::va_list args;
    va_start(args, format);
    umdfx_wpp_vtrace(file, line, function, level, flagName, macro, format, 1, args);
    va_end(args);
}
