#include "core/host/driverfault.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <ucontext.h>

#include <array>
#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <typeinfo>
#include <utility>

namespace umdfx {

namespace {

constexpr std::uint32_t kStatusAccessViolation = 0xC0000005;
constexpr std::uint32_t kStatusDatatypeMisalignment = 0x80000002;
constexpr std::uint32_t kStatusIllegalInstruction = 0xC000001D;
constexpr std::uint32_t kStatusIntegerDivideByZero = 0xC0000094;
constexpr std::uint32_t kStatusFloatInvalidOperation = 0xC0000090;
constexpr std::uint32_t kStatusStackOverflow = 0xC00000FD;
constexpr std::uint32_t kStatusStackBufferOverrun = 0xC0000409; // __fastfail: what abort() raises
constexpr std::uint32_t kMsvcCppException = 0xE06D7363; // what MSVC's throw raises

std::atomic<bool> g_installed { false };

// Where a crash that C++ cannot unwind resumes: the innermost runContained on the thread.
struct ResumePoint
{
    sigjmp_buf buffer;
    ResumePoint *outer = nullptr;
};
thread_local ResumePoint *t_resume = nullptr; // non-null: this thread runs a host's code
constexpr int kResumedFromTerminate = 1;
constexpr int kResumedFromOverflow = 2;
// What onTerminate resumes with.
thread_local std::exception_ptr t_resumedWith;

// A fault as the signal handler sees it. A stack overflow is kept as this, because the handler
// resumes straight away and must not allocate; runContained describes it afterwards.
struct RawFault
{
    int signal = 0;
    int code = 0; // si_code
    std::uintptr_t address = 0;
    std::uintptr_t pc = 0;
    bool write = false;
};
thread_local RawFault t_overflow;

// The thread's stack, to tell a stack overflow from other faults, and an alternate stack for the
// signal handler to run on when the thread has none (a thread that overflowed its stack has no
// room left for the handler). Made the first time the thread runs a host's code.
struct ThreadStack
{
    static constexpr std::size_t kAlternateSize = 64 * 1024;
    std::uintptr_t low = 0; // the lowest address of the stack proper; 0: not known
    std::unique_ptr<std::byte[]> alternate; // ours, if the thread had no alternate stack

    ThreadStack()
    {
        pthread_attr_t attr;
        if (pthread_getattr_np(pthread_self(), &attr) == 0) {
            void *address = nullptr;
            std::size_t size = 0;
            if (pthread_attr_getstack(&attr, &address, &size) == 0)
                low = reinterpret_cast<std::uintptr_t>(address);
            pthread_attr_destroy(&attr);
        }
        stack_t current {};
        if (sigaltstack(nullptr, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
            alternate = std::make_unique<std::byte[]>(kAlternateSize);
            stack_t mine {};
            mine.ss_sp = alternate.get();
            mine.ss_size = kAlternateSize;
            if (sigaltstack(&mine, nullptr) != 0)
                alternate.reset();
        }
    }
    ~ThreadStack()
    {
        if (!alternate)
            return;
        stack_t off {};
        off.ss_flags = SS_DISABLE;
        sigaltstack(&off, nullptr);
    }
    ThreadStack(const ThreadStack &) = delete;
    ThreadStack &operator=(const ThreadStack &) = delete;

    // An access just below the stack's end (its guard page, or past it by a large frame).
    bool overflowedBy(std::uintptr_t address) const
    {
        constexpr std::uintptr_t kBelow = 1024 * 1024, kAbove = 16 * 1024;
        return low != 0 && address + kBelow >= low && address < low + kAbove;
    }
};
thread_local ThreadStack t_stack;

constexpr std::array<int, 4> kSignals { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
struct sigaction g_previous[kSignals.size()];

std::string moduleOf(std::uintptr_t pc)
{
    Dl_info info {};
    if (pc == 0 || dladdr(reinterpret_cast<void *>(pc), &info) == 0 || !info.dli_fname)
        return {};
    const std::string file = std::filesystem::path(info.dli_fname).filename().string();
    char offset[32];
    std::snprintf(offset, sizeof offset, "+0x%" PRIxPTR,
        pc - reinterpret_cast<std::uintptr_t>(info.dli_fbase));
    return (file.empty() ? std::string("the program") : file) + offset;
}

std::string hex(std::uintptr_t v)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%016" PRIxPTR, v);
    return buf;
}

RawFault raw(int sig, const siginfo_t *info, const ucontext_t *context)
{
    RawFault r;
    r.signal = sig;
    r.code = info->si_code;
    r.address = reinterpret_cast<std::uintptr_t>(info->si_addr);
#if defined(__x86_64__)
    r.pc = static_cast<std::uintptr_t>(context->uc_mcontext.gregs[REG_RIP]);
    // The page-fault error code: bit 1 set for a write.
    r.write = (context->uc_mcontext.gregs[REG_ERR] & 0x2) != 0;
#elif defined(__aarch64__)
    r.pc = static_cast<std::uintptr_t>(context->uc_mcontext.pc);
#else
    (void)context;
#endif
    return r;
}

DriverFault describe(const RawFault &r, bool stackOverflow)
{
    DriverFault f;
    f.signal = r.signal;
    f.address = r.address;
    f.pc = r.pc;
    f.write = r.write;
    f.module = moduleOf(f.pc);
    const std::string at = f.module.empty() ? std::string() : " at " + f.module;
    if (stackOverflow) {
        f.exceptionCode = kStatusStackOverflow;
        f.description = "stack overflow (" + std::string(f.write ? "writing " : "reading ")
            + hex(f.address) + ")" + at;
        return f;
    }
    switch (r.signal) {
    case SIGSEGV:
        f.exceptionCode = kStatusAccessViolation;
        f.description = std::string("access violation ") + (f.write ? "writing " : "reading ")
            + hex(f.address) + at;
        break;
    case SIGBUS:
        f.exceptionCode = kStatusDatatypeMisalignment;
        f.description = "bus error at address " + hex(f.address) + at;
        break;
    case SIGFPE:
        f.exceptionCode
            = r.code == FPE_INTDIV ? kStatusIntegerDivideByZero : kStatusFloatInvalidOperation;
        f.description
            = std::string(r.code == FPE_INTDIV ? "integer divide by zero" : "arithmetic exception")
            + at;
        break;
    default:
        f.exceptionCode = kStatusIllegalInstruction;
        f.description = "illegal instruction" + at;
        break;
    }
    return f;
}

void onFault(int sig, siginfo_t *info, void *context)
{
    // Synchronous faults only: a signal sent by kill() is not the driver's doing.
    // (SA_NODEFER: the signal is not blocked in here, so leaving by a throw or a jump, without
    // the sigreturn that would unblock it, leaves the thread able to fault again.)
    if (ResumePoint *resume = t_resume; resume && info->si_code > 0) {
        const RawFault r = raw(sig, info, static_cast<const ucontext_t *>(context));
        // No stack left to unwind on: resume the host's entry from here (this handler runs on
        // the alternate stack), without allocating.
        if (sig == SIGSEGV && t_stack.overflowedBy(r.address)) {
            t_overflow = r;
            siglongjmp(resume->buffer, kResumedFromOverflow);
        }
        throw describe(r, false);
    }
    // Not a host's code: whoever handled it before us (a sanitizer), or the default action
    // (re-executing the faulting instruction then stops the program with a core dump).
    for (std::size_t i = 0; i < kSignals.size(); ++i) {
        if (kSignals[i] != sig)
            continue;
        const struct sigaction &prev = g_previous[i];
        if ((prev.sa_flags & SA_SIGINFO) && prev.sa_sigaction) {
            prev.sa_sigaction(sig, info, context);
            return;
        }
        if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN && prev.sa_handler) {
            prev.sa_handler(sig);
            return;
        }
        signal(sig, SIG_DFL);
        return;
    }
}

std::terminate_handler g_previousTerminate = nullptr;

// std::terminate on a thread running a host's code: a DriverFault from onFault that the unwinder
// could not take out of a frame (the faulting instruction is not a call, in a function with
// destructors to run, so the C++ personality routine has no entry for it), an exception out of a
// noexcept function, or the driver's own call. On Windows each ends the host's process; here the
// host's entry is resumed with it (runContained). Elsewhere the program must stop, and says why
// first when a driver fault got there.
[[noreturn]] void onTerminate()
{
    if (ResumePoint *resume = t_resume) {
        t_resumedWith = std::current_exception();
        if (t_resumedWith) {
            // The catch std::terminate began (__cxa_call_terminate): the frames that would
            // end it are skipped.
            abi::__cxa_end_catch();
        } else {
            DriverFault f;
            f.exceptionCode = kStatusStackBufferOverrun;
            f.description = "std::terminate called with no exception (abort)";
            t_resumedWith = std::make_exception_ptr(std::move(f));
        }
        siglongjmp(resume->buffer, kResumedFromTerminate);
    }
    if (const std::exception_ptr e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (const DriverFault &f) {
            std::fprintf(stderr,
                "umdfx: a driver fault could not be contained: %s. It reached std::terminate "
                "outside every host's entry, so the program stops instead of only the driver's "
                "host (docs/compat.md, \"Crash containment\").\n",
                f.description.c_str());
            std::fflush(stderr);
        } catch (...) { }
    }
    if (g_previousTerminate)
        g_previousTerminate();
    std::abort();
}

std::string demangled(const char *name)
{
    int status = 0;
    char *d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    std::string out = status == 0 && d ? d : name;
    std::free(d);
    return out;
}

} // namespace

void installDriverFaultHandler()
{
    static std::once_flag once;
    std::call_once(once, [] {
        for (std::size_t i = 0; i < kSignals.size(); ++i) {
            struct sigaction sa
            { };
            sa.sa_sigaction = onFault;
            sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
            sigemptyset(&sa.sa_mask);
            sigaction(kSignals[i], &sa, &g_previous[i]);
        }
        g_previousTerminate = std::set_terminate(onTerminate);
        g_installed = true;
    });
}

bool driverFaultHandlerInstalled()
{
    return g_installed;
}

ContainedRun runContained(void (*body)(void *), void *context)
{
    (void)t_stack; // its bounds and alternate stack, before a fault needs them
    ResumePoint point;
    point.outer = t_resume;
    // Nothing in this frame changes between here and a jump back (sigsetjmp's rule). The signal
    // mask is not saved: saving it is a system call on every entry into a host, and there is
    // nothing to restore — onFault runs with SA_NODEFER and an empty sa_mask, so a jump out of it
    // leaves the mask as the thread had it.
    switch (sigsetjmp(point.buffer, 0)) {
    case 0:
        break;
    case kResumedFromTerminate:
        t_resume = point.outer;
        return { std::exchange(t_resumedWith, nullptr), true };
    default:
        t_resume = point.outer;
        return { std::make_exception_ptr(describe(t_overflow, true)), true };
    }
    t_resume = &point;
    try {
        body(context);
    } catch (...) {
        t_resume = point.outer;
        return { std::current_exception(), false };
    }
    t_resume = point.outer;
    return {};
}

void leaveContainedRun(std::exception_ptr why)
{
    ResumePoint *point = t_resume;
    if (!point)
        std::terminate();
    while (point->outer)
        point = point->outer;
    t_resumedWith = std::move(why);
    t_resume = point;
    siglongjmp(point->buffer, kResumedFromTerminate);
}

DriverFault driverFaultFrom(std::exception_ptr e)
{
    try {
        std::rethrow_exception(e);
    } catch (const DriverFault &f) {
        return f;
    } catch (const std::exception &x) {
        DriverFault f;
        f.exceptionCode = kMsvcCppException;
        f.description = "unhandled C++ exception " + demangled(typeid(x).name()) + ": " + x.what();
        return f;
    } catch (...) {
        DriverFault f;
        f.exceptionCode = kMsvcCppException;
        const std::type_info *type = abi::__cxa_current_exception_type();
        f.description = "unhandled C++ exception"
            + (type ? " of type " + demangled(type->name()) : std::string());
        return f;
    }
}

} // namespace umdfx
