#include "core/verifier/verifier.h"

#include "core/runtime/log.h"

#include <algorithm>
#include <string>

namespace umdfx {

namespace {

// Findings that never end a host, in strict mode either. V26 (leaks) is reported while the driver
// unloads anyway. V28 (a completion status the host cannot translate, such as E_FAIL, which
// Microsoft's toaster returns for an unknown IOCTL): UMDF's verifier does not check completion
// statuses — the host turns any HRESULT into an NTSTATUS for the reflector and the request
// completes; "use HRESULT_FROM_WIN32/HRESULT_FROM_NT" is advice for the application to see the
// intended error (reference §0.4, completing-i-o-requests-umdf), not a rule the host enforces. The
// finding stays, as advice; the application gets ERROR_GEN_FAILURE (core/win32/statusmapping).
bool endsHost(std::string_view rule)
{
    return rule != "V26" && rule != "V28";
}

} // namespace

void Verifier::report(const Tracer::Site &about, std::string_view rule, std::string_view name,
    std::string_view message, std::initializer_list<std::uint64_t> cites)
{
    std::vector<std::uint64_t> cited;
    if (const auto call = m_tracer.innermostCall())
        cited.push_back(*call);
    for (const std::uint64_t c : cites)
        if (c != kNoRecord)
            cited.push_back(c);
    std::sort(cited.begin(), cited.end());
    cited.erase(std::unique(cited.begin(), cited.end()), cited.end());
    std::string citeText;
    for (const std::uint64_t c : cited)
        citeText += (citeText.empty() ? "" : " ") + std::to_string(c);

    Tracer::Site site = about;
    site.kind = trace::Kind::Verifier;
    site.from = trace::intern("verifier");
    site.to = about.from;
    site.iface = trace::intern("UMDFVerifier");
    site.method = trace::intern(rule);
    trace::ArgsWriter args;
    args.string("rule", name);
    args.string("message", message);
    args.string("cites", citeText); // sequence numbers, space-separated
    m_tracer.event(site, std::nullopt, &args);
    log()->info("verifier {} ({}): {} [records {}]", rule, name, message, citeText);
    m_findings.push_back({ std::string(rule), std::string(name), std::string(message),
        m_tracer.lastSeq(), std::move(cited) });
    if (CallGate *gate = m_tracer.gate())
        gate->afterFinding(site, m_tracer.lastSeq(), m_tracer.openCalls().size());
    if (m_strict && m_failureHook && endsHost(rule) && about.device)
        m_failureHook(about.device,
            std::string(rule) + " " + std::string(name) + ": " + std::string(message));
}

} // namespace umdfx
