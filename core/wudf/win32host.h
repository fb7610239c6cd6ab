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
// Blocks the calling thread for dwMilliseconds of (virtual) time. The host's other threads go on
// meanwhile (a callback's Sleep lets the driver's own threads and timers run).
void Sleep(DWORD dwMilliseconds);
DWORD SleepEx(DWORD dwMilliseconds, BOOL bAlertable);

// ---- threads and kernel objects (processthreadsapi.h, synchapi.h) ------------------------------
// Served by the host (core/host/kernelobjects.h): a driver's threads are real threads that run one
// at a time, switching only where they wait (DESIGN.md "Threading"); waits and sleeps are on the
// virtual clock. Handles are the host's, small multiples of 4 as Windows gives them.
DWORD GetCurrentThreadId(void);
HANDLE CreateThread(void *lpThreadAttributes, SIZE_T dwStackSize,
    LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter, DWORD dwCreationFlags,
    DWORD *lpThreadId);
DWORD ResumeThread(HANDLE hThread);
[[noreturn]] void ExitThread(DWORD dwExitCode);
BOOL GetExitCodeThread(HANDLE hThread, DWORD *lpExitCode);
HANDLE CreateEventW(
    void *lpEventAttributes, BOOL bManualReset, BOOL bInitialState, const WCHAR *lpName);
BOOL SetEvent(HANDLE hEvent);
BOOL ResetEvent(HANDLE hEvent);
HANDLE CreateSemaphoreW(
    void *lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount, const WCHAR *lpName);
BOOL ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LONG *lpPreviousCount);
HANDLE CreateMutexW(void *lpMutexAttributes, BOOL bInitialOwner, const WCHAR *lpName);
BOOL ReleaseMutex(HANDLE hMutex);
DWORD WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
DWORD WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable);
DWORD WaitForMultipleObjects(
    DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds);
DWORD WaitForMultipleObjectsEx(
    DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds, BOOL bAlertable);
DWORD SignalObjectAndWait(
    HANDLE hObjectToSignal, HANDLE hObjectToWaitOn, DWORD dwMilliseconds, BOOL bAlertable);
BOOL CloseHandle(HANDLE hObject);

// Critical sections, SRW locks and condition variables: user-mode objects, in the driver's memory
// with Windows' sizes. Contended, they block like a wait (the thread hands the baton on).
struct RTL_CRITICAL_SECTION
{
    void *DebugInfo;
    LONG LockCount;
    LONG RecursionCount;
    HANDLE OwningThread; // the owner's thread id, 0 when free
    HANDLE LockSemaphore;
    ULONG_PTR SpinCount;
};
using CRITICAL_SECTION = RTL_CRITICAL_SECTION;
using PCRITICAL_SECTION = RTL_CRITICAL_SECTION *;
using LPCRITICAL_SECTION = RTL_CRITICAL_SECTION *;
void InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
BOOL InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount);
BOOL InitializeCriticalSectionEx(
    LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount, DWORD Flags);
void EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
BOOL TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
void LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
void DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
struct RTL_SRWLOCK
{
    void *Ptr;
};
using SRWLOCK = RTL_SRWLOCK;
using PSRWLOCK = RTL_SRWLOCK *;
void InitializeSRWLock(PSRWLOCK SRWLock);
void AcquireSRWLockExclusive(PSRWLOCK SRWLock);
void AcquireSRWLockShared(PSRWLOCK SRWLock);
BOOLEAN TryAcquireSRWLockExclusive(PSRWLOCK SRWLock);
BOOLEAN TryAcquireSRWLockShared(PSRWLOCK SRWLock);
void ReleaseSRWLockExclusive(PSRWLOCK SRWLock);
void ReleaseSRWLockShared(PSRWLOCK SRWLock);
struct RTL_CONDITION_VARIABLE
{
    void *Ptr;
};
using CONDITION_VARIABLE = RTL_CONDITION_VARIABLE;
using PCONDITION_VARIABLE = RTL_CONDITION_VARIABLE *;
void InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable);
BOOL SleepConditionVariableCS(
    PCONDITION_VARIABLE ConditionVariable, PCRITICAL_SECTION CriticalSection, DWORD dwMilliseconds);
BOOL SleepConditionVariableSRW(
    PCONDITION_VARIABLE ConditionVariable, PSRWLOCK SRWLock, DWORD dwMilliseconds, ULONG Flags);
void WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable);
void WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable);

} // extern "C"
