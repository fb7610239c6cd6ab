#include "core/runtime/tracer.h"

namespace umdfx {

namespace lanes {
trace::StrId kernel()
{
    static const trace::StrId id = trace::intern("kernel");
    return id;
}
trace::StrId framework()
{
    static const trace::StrId id = trace::intern("framework");
    return id;
}
trace::StrId pnp()
{
    static const trace::StrId id = trace::intern("pnp");
    return id;
}
trace::StrId host()
{
    static const trace::StrId id = trace::intern("host");
    return id;
}
trace::StrId user()
{
    static const trace::StrId id = trace::intern("user");
    return id;
}
} // namespace lanes

trace::RecordFields Tracer::fields(const Site &site, trace::Phase phase) const
{
    trace::RecordFields f;
    f.tNs = m_scheduler.now();
    f.thread = m_scheduler.currentThread();
    f.kind = site.kind;
    f.phase = phase;
    f.from = site.from;
    f.to = site.to;
    f.device = site.device;
    f.iface = site.iface;
    f.method = site.method;
    f.object = site.object;
    f.request = site.request;
    return f;
}

std::uint32_t Tracer::call(const Site &site, const trace::ArgsWriter *args)
{
    if (m_gate)
        m_gate->beforeRecord(site, trace::Phase::Call, m_appended, m_openCalls.size());
    auto f = fields(site, trace::Phase::Call);
    f.call = m_nextCall++;
    appended(m_store.append(f, args));
    return f.call;
}

void Tracer::ret(const Site &site, std::uint32_t callId, std::optional<std::uint32_t> hr,
    const trace::ArgsWriter *args)
{
    // The return goes from callee back to caller, so the lanes swap.
    Site back = site;
    std::swap(back.from, back.to);
    if (m_gate)
        m_gate->beforeRecord(back, trace::Phase::Return, m_appended, m_openCalls.size());
    auto f = fields(back, trace::Phase::Return);
    f.call = callId;
    if (hr) {
        f.hr = *hr;
        f.hasHr = true;
    }
    appended(m_store.append(f, args));
}

void Tracer::event(const Site &site, std::optional<std::uint32_t> hr, const trace::ArgsWriter *args)
{
    if (m_gate)
        m_gate->beforeRecord(site, trace::Phase::Event, m_appended, m_openCalls.size());
    auto f = fields(site, trace::Phase::Event);
    if (hr) {
        f.hr = *hr;
        f.hasHr = true;
    }
    appended(m_store.append(f, args));
}

std::uint64_t Tracer::innermostCallback() const
{
    for (auto it = m_openCalls.rbegin(); it != m_openCalls.rend(); ++it) {
        if (m_store.at(*it).kind == trace::Kind::Callback)
            return *it;
    }
    return ~std::uint64_t(0);
}

void Tracer::closeCall(std::uint64_t seq)
{
    // Normally the last one; a scope closed out of order (done() then a sibling) is found anyway.
    for (auto it = m_openCalls.rbegin(); it != m_openCalls.rend(); ++it) {
        if (*it == seq) {
            const auto index = std::distance(m_openCalls.begin(), std::next(it).base());
            m_openCalls.erase(m_openCalls.begin() + index);
            m_openCallThreads.erase(m_openCallThreads.begin() + index);
            return;
        }
    }
}

void Tracer::abandonCallsOfThisThread(std::size_t from)
{
    const std::thread::id self = std::this_thread::get_id();
    for (std::size_t i = m_openCalls.size(); i > from; --i) {
        if (m_openCallThreads[i - 1] != self)
            continue;
        m_abandoned.push_back(m_openCalls[i - 1]);
        m_openCalls.erase(m_openCalls.begin() + static_cast<std::ptrdiff_t>(i - 1));
        m_openCallThreads.erase(m_openCallThreads.begin() + static_cast<std::ptrdiff_t>(i - 1));
    }
}

} // namespace umdfx
