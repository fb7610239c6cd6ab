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
// is turned into an exception at the faulting instruction. The unwinder takes it through the
// driver's frames (their destructors do not run: the process would be gone on Windows) and the
// framework's (whose locks RAII releases) to the host's entry. A fault that corrupted the
// simulator's memory, a stack overflow, a driver thread the host does not know (not made by
// CreateThread), or a fault at a non-call instruction of a frame with destructors to run (the
// unwinder can leave a frame only from a call; clang has no -fnon-call-exceptions) is not
// contained: the program stops as it would without this.
void installDriverFaultHandler();
bool driverFaultHandlerInstalled();

// Entered while a host runs code on this OS thread (DriverHost::contain): only then does a fault
// become a DriverFault.
class DriverFaultScope
{
public:
    DriverFaultScope();
    ~DriverFaultScope();
    DriverFaultScope(const DriverFaultScope &) = delete;
    DriverFaultScope &operator=(const DriverFaultScope &) = delete;
};

// The fault a caught exception stands for: a DriverFault as thrown, or one describing a C++
// exception (its type and what()).
DriverFault driverFaultFrom(std::exception_ptr e);

} // namespace umdfx
