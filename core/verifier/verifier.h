#pragma once

#include "core/runtime/tracer.h"

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace umdfx {

// Run-time checks of the driver rules in reference §9. A finding is a trace record (kind
// "verifier") with the rule id, a message a learner understands, and the sequence numbers of the
// records it is about (it cites them). Two modes (knob verifierMode): teaching records the finding
// and goes on; strict also terminates the host of the device the finding is about, as UMDF's
// verifier does (reference §9) — except for the advisory rules V26 and V28.
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
        // The records it is about, in trace order: the call in progress when it was found (the
        // DDI that broke the rule, or the callback that did) and what the rule refers back to
        // (the first completion of a request completed twice, the object's creation, …).
        std::vector<std::uint64_t> cites;
    };
    static constexpr std::uint64_t kNoRecord = ~std::uint64_t(0); // a cite to leave out

    explicit Verifier(Tracer &tracer)
        : m_tracer(tracer)
    { }

    // `cites`: records besides the innermost open call (which is always cited); kNoRecord entries
    // are ignored.
    void report(const Tracer::Site &about, std::string_view rule, std::string_view name,
        std::string_view message, std::initializer_list<std::uint64_t> cites = {});

    // Strict mode: called after a finding with the device it is about (the Simulation fails that
    // device's host). Not called for V26 (leaks reported while the driver unloads anyway) nor V28
    // (an untranslatable completion status: the request completes, see verifier.cpp).
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
