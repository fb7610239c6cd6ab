#pragma once
// The part of kernel32 a UMDF 1 driver calls inside its host process (WUDFHost) for work of its
// own: timer-queue timers (periodic work; UMDF 1 has no timer object), QueueUserWorkItem (the
// thread-pool work the UMDF 1.9 documentation suggests for the SWENUM rule, reference §6.1 4d)
// and Sleep. Declared from the documented Win32 signatures; the simulated host serves them on
// its own logical threads and its clock, so they are virtual-time and deterministic, and every
// call and callback is traced.
//
// Call them only from driver code the simulated host runs (callbacks, work items, timer
// callbacks): outside a host they fail (FALSE, GetLastError() = ERROR_INVALID_FUNCTION) and do
// nothing.

#include "core/wudf/wudftypes.h"

using PHANDLE = HANDLE *;

// WAITORTIMERCALLBACK: lpParameter as given to CreateTimerQueueTimer; TimerOrWaitFired is TRUE
// for a timer.
using WAITORTIMERCALLBACK = void (*)(PVOID lpParameter, BOOLEAN TimerOrWaitFired);
// LPTHREAD_START_ROUTINE, as QueueUserWorkItem runs it.
using LPTHREAD_START_ROUTINE = DWORD (*)(LPVOID lpThreadParameter);

inline constexpr ULONG WT_EXECUTEDEFAULT = 0x00000000;
inline constexpr ULONG WT_EXECUTEONLYONCE = 0x00000008;
inline constexpr ULONG WT_EXECUTELONGFUNCTION = 0x00000010;

// C linkage, as kernel32's exports have: a driver compiled by another compiler (core/compat) finds
// them by name.
extern "C" {
// The calling thread's last-error value: what these functions set when they fail, and what a
// plugin driver's GetLastError/SetLastError (core/compat) read and write.
DWORD *umdfx_last_error_slot();

// Creates a timer in the default timer queue (TimerQueue = NULL): Callback runs DueTime ms from
// now, then every Period ms (0 = once). Returns TRUE and the timer's handle in *phNewTimer.
BOOL CreateTimerQueueTimer(PHANDLE phNewTimer, HANDLE TimerQueue, WAITORTIMERCALLBACK Callback,
    PVOID Parameter, DWORD DueTime, DWORD Period, ULONG Flags);
// Cancels the timer: a callback not yet started never runs. CompletionEvent is accepted and
// ignored (the simulated host never runs a callback concurrently with its deletion).
BOOL DeleteTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, HANDLE CompletionEvent);
// Queues Function(Context) to a thread-pool thread of the host.
BOOL QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context, ULONG Flags);
// Blocks the calling thread for dwMilliseconds of (virtual) time.
void Sleep(DWORD dwMilliseconds);

// Threads a plugin driver creates itself (CreateThread in core/compat) belong to the host whose
// code created them, as they belong to WUDFHost's process on Windows: a fault or an escaping
// C++ exception on one terminates that host (WUDFHost::UnhandledException), not the program.
// The host the calling thread runs code of, or NULL outside a host.
void *umdfx_thread_owner(void);
// Runs Start(Parameter) for Owner (NULL: unowned, run as it is). A crash is kept as Owner's
// pending crash and its exception code returned as the thread's exit code; the thread then
// signals its handle and calls umdfx_driver_thread_ended.
DWORD umdfx_run_driver_thread(void *Owner, LPTHREAD_START_ROUTINE Start, LPVOID Parameter);
// After the thread's handle is signaled: a crash still pending terminates Owner now (under the
// world lock, which a callback waiting for the thread no longer holds up).
void umdfx_driver_thread_ended(void *Owner);
// TRUE when the host the calling thread runs code of has a crash pending from one of its
// threads: the process is gone on Windows, so a wait in its code does not return (core/compat's
// waits then unwind the callback).
BOOL umdfx_host_terminating(void);

} // extern "C"
