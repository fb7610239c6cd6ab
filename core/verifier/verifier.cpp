#include "core/verifier/verifier.h"

#include "core/runtime/log.h"

#include <algorithm>
#include <string>

namespace umdfx {

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
    if (m_strict && m_failureHook && rule != "V26" && about.device)
        m_failureHook(about.device,
            std::string(rule) + " " + std::string(name) + ": " + std::string(message));
}

} // namespace umdfx
