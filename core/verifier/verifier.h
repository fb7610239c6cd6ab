#pragma once

#include "core/runtime/tracer.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace umdfx {

// Run-time checks of the driver rules in reference §9. A finding is a trace record (kind
// "verifier") with the rule id, a message a learner understands, and the sequence numbers of the
// records it is about. This is the teaching mode (record and continue); the strict mode that
// fails the host as UMDF's verifier does arrives with host failure.
//
// Threads: world lock. Owned by the world's user (Simulation); keeps the findings list.
class Verifier
{
public:
    struct Finding
    {
        std::string rule; // "V5"
        std::string name; // "DoubleCompletion"
        std::string message;
        std::uint64_t seq = 0; // the finding's own record
    };

    explicit Verifier(Tracer &tracer)
        : m_tracer(tracer)
    { }

    void report(const Tracer::Site &about, std::string_view rule, std::string_view name,
        std::string_view message);

    // Strict mode: called after a finding with the device it is about (the Simulation fails that
    // device's host). Not called for V26 (leaks reported while the driver unloads anyway).
    using FailureHook = std::function<void(trace::StrId device, const std::string &reason)>;
    void setStrict(bool strict, FailureHook hook)
    {
        m_strict = strict;
        m_failureHook = std::move(hook);
    }
    const std::vector<Finding> &findings() const { return m_findings; }

private:
    Tracer &m_tracer;
    std::vector<Finding> m_findings;
    bool m_strict = false;
    FailureHook m_failureHook;
};

} // namespace umdfx
