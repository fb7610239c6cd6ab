#pragma once

#include <cstdint>
#include <exception>
#include <string>

namespace umdfx {

// A driver's code crashed inside a simulated host: what WUDFHost's unhandled-exception filter
// would see. Made from a hardware fault (the signal handler below throws one, so the host's entry
// catches it like any C++ exception) or from a C++ exception that escaped driver code.
struct DriverFault
{
    std::uint32_t exceptionCode = 0; // 0xC0000005 STATUS_ACCESS_VIOLATION, ...; 0xE06D7363 for C++
    int signal = 0; // SIGSEGV, SIGBUS, SIGFPE, SIGILL; 0 for a C++ exception
    std::uintptr_t address = 0; // the address accessed (faults)
    std::uintptr_t pc = 0; // where it happened (faults)
    bool write = false; // an access violation writing (else reading)
    std::string module; // "classic.so+0x1a2b": the module holding pc, with the offset
    std::string
        description; // one line: "access violation reading 0x0000000000000000 at classic.so+0x1a2b"
};

// Hardware faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL) on a thread running a host's code become a
// thrown DriverFault, so that only that host terminates (reference §2.8, S12) while the
// simulator, the other hosts and the GUI go on. Installed once per process, when the first plugin
// module loads (DriverModuleRegistry): built-in drivers are the simulator's own code, and a fault
// there is a bug in it that must stop the program as usual (and the sanitizers see it).
//
// How far this goes (docs/compat.md "Crash containment"): the host runs in-process, so a fault
// is turned into an exception at the faulting instruction, and the unwinder takes it through the
// driver's frames and the framework's (whose locks RAII releases) to the host's entry. Where C++
// cannot unwind — a fault at a plain instruction of a function with objects to destroy (the
// unwind tables describe only its calls; clang has no -fnon-call-exceptions), an exception out
// of a noexcept function — the unwinder calls std::terminate; the handler installed here then
// resumes the innermost runContained on the thread instead, skipping the frames in between
// (runContained says so, and the host gives back what they held). A stack overflow resumes it
// straight from the signal handler, which runs on an alternate stack. What is not contained: a
// fault that corrupted the simulator's memory first, or one on a thread the host does not know
// (not made by CreateThread): the program stops as it would without this.
void installDriverFaultHandler();
bool driverFaultHandlerInstalled();

// How a contained run ended.
struct ContainedRun
{
    // What escaped the body: a C++ exception, or a DriverFault; null when it returned.
    std::exception_ptr crash;
    // The crash could not be unwound: the frames between runContained and it were left without
    // running their destructors, and whatever they held (the world lock, open TracedCalls, the
    // current host) is the caller's to give back.
    bool resumed = false;
};

// Runs body(context) as a host's code on this OS thread: only inside it does a fault become a
// DriverFault. Returns what ended it. Nests (the innermost run on the thread is resumed).
ContainedRun runContained(void (*body)(void *), void *context);

// Leaves the outermost runContained on this thread at once, without unwinding (as ExitThread
// ends a thread on Windows: no destructors run): it returns { why, resumed = true }. Only on a
// thread inside runContained.
[[noreturn]] void leaveContainedRun(std::exception_ptr why);

// The fault a caught exception stands for: a DriverFault as thrown, or one describing a C++
// exception (its type and what()).
DriverFault driverFaultFrom(std::exception_ptr e);

} // namespace umdfx
