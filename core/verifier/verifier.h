#pragma once

#include "core/runtime/tracer.h"

#include <cstdint>
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
    const std::vector<Finding> &findings() const { return m_findings; }

private:
    Tracer &m_tracer;
    std::vector<Finding> m_findings;
};

} // namespace umdfx
