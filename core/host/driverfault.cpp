#include "core/host/driverfault.h"

#include <cxxabi.h>
#include <dlfcn.h>
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
#include <mutex>
#include <typeinfo>

namespace umdfx {

namespace {

constexpr std::uint32_t kStatusAccessViolation = 0xC0000005;
constexpr std::uint32_t kStatusDatatypeMisalignment = 0x80000002;
constexpr std::uint32_t kStatusIllegalInstruction = 0xC000001D;
constexpr std::uint32_t kStatusIntegerDivideByZero = 0xC0000094;
constexpr std::uint32_t kStatusFloatInvalidOperation = 0xC0000090;
constexpr std::uint32_t kMsvcCppException = 0xE06D7363; // what MSVC's throw raises

thread_local int t_scopeDepth = 0;
std::atomic<bool> g_installed { false };

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

DriverFault describe(int sig, const siginfo_t *info, const ucontext_t *context)
{
    DriverFault f;
    f.signal = sig;
    f.address = reinterpret_cast<std::uintptr_t>(info->si_addr);
#if defined(__x86_64__)
    f.pc = static_cast<std::uintptr_t>(context->uc_mcontext.gregs[REG_RIP]);
    // The page-fault error code: bit 1 set for a write.
    f.write = (context->uc_mcontext.gregs[REG_ERR] & 0x2) != 0;
#elif defined(__aarch64__)
    f.pc = static_cast<std::uintptr_t>(context->uc_mcontext.pc);
#else
    (void)context;
#endif
    f.module = moduleOf(f.pc);
    const std::string at = f.module.empty() ? std::string() : " at " + f.module;
    switch (sig) {
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
        f.exceptionCode = info->si_code == FPE_INTDIV ? kStatusIntegerDivideByZero
                                                      : kStatusFloatInvalidOperation;
        f.description = std::string(info->si_code == FPE_INTDIV ? "integer divide by zero"
                                                                : "arithmetic exception")
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
    if (t_scopeDepth > 0) {
        // Synchronous faults only: a signal sent by kill() is not the driver's doing.
        // (SA_NODEFER: the signal is not blocked in here, so leaving by a throw, without the
        // sigreturn that would unblock it, leaves the thread able to fault again.)
        if (info->si_code > 0)
            throw describe(sig, info, static_cast<const ucontext_t *>(context));
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

// A DriverFault thrown from onFault that the unwinder could not take out of a frame: the
// faulting instruction is not a call, in a function with destructors to run (the C++ personality
// routine has no entry for it and calls std::terminate). The program must stop; it says why
// first, rather than dying of an unexplained abort.
[[noreturn]] void onTerminate()
{
    if (const std::exception_ptr e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (const DriverFault &f) {
            std::fprintf(stderr,
                "umdfx: a driver fault could not be contained: %s. It happened at an instruction "
                "of a function with objects to destroy, which C++ cannot unwind from a fault, so "
                "the program stops instead of only the driver's host (docs/compat.md, \"Crash "
                "containment\").\n",
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
            sa.sa_flags = SA_SIGINFO | SA_NODEFER;
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

DriverFaultScope::DriverFaultScope()
{
    ++t_scopeDepth;
}

DriverFaultScope::~DriverFaultScope()
{
    --t_scopeDepth;
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
