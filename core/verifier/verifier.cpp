#include "core/verifier/verifier.h"

#include "core/runtime/log.h"

namespace umdfx {

void Verifier::report(const Tracer::Site &about, std::string_view rule, std::string_view name,
    std::string_view message)
{
    Tracer::Site site = about;
    site.kind = trace::Kind::Verifier;
    site.from = trace::intern("verifier");
    site.to = about.from;
    site.iface = trace::intern("UMDFVerifier");
    site.method = trace::intern(rule);
    trace::ArgsWriter args;
    args.string("rule", name);
    args.string("message", message);
    m_tracer.event(site, std::nullopt, &args);
    log()->info("verifier {} ({}): {}", rule, name, message);
    m_findings.push_back({ std::string(rule), std::string(name), std::string(message),
        m_tracer.store().size() ? m_tracer.store().size() - 1 : 0 });
    if (m_strict && m_failureHook && rule != "V26" && about.device)
        m_failureHook(about.device,
            std::string(rule) + " " + std::string(name) + ": " + std::string(message));
}

} // namespace umdfx
