#include "core/host/debugger.h"

#include "core/common/messagetext.h"

#include "core/common/text.h"
#include "core/trace/stringtable.h"

#include <cctype>

namespace umdfx {

std::optional<Debugger::Breakpoint> Debugger::parseBreakpoint(
    std::string_view text, std::string *error)
{
    const auto fail = [&](std::string why) -> std::optional<Breakpoint> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    if (text.empty())
        return fail("an empty breakpoint");
    if (text == "finding")
        return Breakpoint { Breakpoint::Kind::Finding, "" };
    if (text.rfind("finding:", 0) == 0) {
        const std::string rule(text.substr(8));
        if (rule.size() < 2 || (rule[0] != 'V' && rule[0] != 'v')
            || rule.find_first_not_of("0123456789", 1) != std::string::npos)
            return fail(
                "a finding breakpoint names a rule like V5: '" + excerpt(std::string(text)) + "'");
        return Breakpoint { Breakpoint::Kind::Finding, "V" + rule.substr(1) };
    }
    if (text.rfind("device:", 0) == 0) {
        if (text.size() == 7)
            return fail("device: needs an instance ID, e.g. device:ROOT\\ECHO\\0000");
        return Breakpoint { Breakpoint::Kind::Device, std::string(text.substr(7)) };
    }
    for (const char c : text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'))
            return fail("not a method name (OnWrite, IQueueCallbackWrite::OnWrite): '"
                + excerpt(std::string(text)) + "'");
    return Breakpoint { Breakpoint::Kind::Method, std::string(text) };
}

std::string Debugger::Stop::description() const
{
    std::string s = beforeCallback ? "next: " : "after the finding ";
    if (beforeCallback && (kind != "callback" || phase != "call"))
        s += kind + " " + phase + " ";
    s += iface + "::" + method;
    if (!device.empty())
        s += " on " + device;
    if (request)
        s += ", request " + std::to_string(request);
    s += " (record #" + std::to_string(seq) + ", " + reason + ")";
    return s;
}

void Debugger::setBreakpoints(std::vector<Breakpoint> breakpoints)
{
    std::lock_guard lock(m_mutex);
    m_breakpoints = std::move(breakpoints);
}

std::vector<Debugger::Breakpoint> Debugger::breakpoints() const
{
    std::lock_guard lock(m_mutex);
    return m_breakpoints;
}

void Debugger::pause()
{
    std::lock_guard lock(m_mutex);
    if (m_mode != Mode::Detached)
        m_mode = Mode::Pause;
}

void Debugger::step()
{
    std::lock_guard lock(m_mutex);
    if (m_mode == Mode::Detached)
        return;
    m_mode = Mode::Step;
    ++m_generation;
    m_go.notify_all();
}

void Debugger::stepOver()
{
    std::lock_guard lock(m_mutex);
    if (m_mode == Mode::Detached)
        return;
    // Over the pending callback: stop again once the depth is back where it was.
    m_mode = m_stopped && m_stopped->beforeCallback ? Mode::StepOver : Mode::Step;
    ++m_generation;
    m_go.notify_all();
}

void Debugger::resume()
{
    std::lock_guard lock(m_mutex);
    if (m_mode == Mode::Detached)
        return;
    m_mode = Mode::Run;
    ++m_generation;
    m_go.notify_all();
}

void Debugger::runToRecord(std::uint64_t records)
{
    std::lock_guard lock(m_mutex);
    if (m_mode == Mode::Detached)
        return;
    m_mode = Mode::RunToRecord;
    m_toRecord = records;
    ++m_generation;
    m_go.notify_all();
}

void Debugger::detach()
{
    std::lock_guard lock(m_mutex);
    m_mode = Mode::Detached;
    ++m_generation;
    m_go.notify_all();
}

std::optional<Debugger::Stop> Debugger::stopped() const
{
    std::lock_guard lock(m_mutex);
    return m_stopped;
}

void Debugger::setStoppedHook(std::function<void(const Stop &)> hook)
{
    std::lock_guard lock(m_mutex);
    m_hook = std::move(hook);
}

bool Debugger::matches(const Breakpoint &b, const Tracer::Site &site) const
{
    switch (b.kind) {
    case Breakpoint::Kind::Method: {
        const std::string method(trace::str(site.method));
        const std::string full = std::string(trace::str(site.iface)) + "::" + method;
        return equalsIgnoreCase(b.text, method) || equalsIgnoreCase(b.text, full);
    }
    case Breakpoint::Kind::Device:
        return equalsIgnoreCase(b.text, trace::str(site.device));
    case Breakpoint::Kind::Finding:
        return false;
    }
    return false;
}

void Debugger::beforeRecord(
    const Tracer::Site &site, trace::Phase phase, std::uint64_t nextSeq, std::size_t depth)
{
    std::unique_lock lock(m_mutex);
    std::string reason;
    if (m_mode == Mode::Detached)
        return;
    if (m_mode == Mode::RunToRecord && nextSeq >= m_toRecord) {
        reason = "record " + std::to_string(m_toRecord) + " reached";
    } else if (phase != trace::Phase::Call || site.kind != trace::Kind::Callback) {
        return; // the other modes and the breakpoints stop at callbacks only
    }
    switch (reason.empty() ? m_mode : Mode::Run) {
    case Mode::Detached:
        return;
    case Mode::Pause:
        reason = "paused";
        break;
    case Mode::Step:
        reason = "step";
        break;
    case Mode::StepOver:
        if (depth <= m_overDepth)
            reason = "step over";
        break;
    case Mode::RunToRecord:
    case Mode::Run:
        break;
    }
    if (reason.empty()) {
        for (const auto &b : m_breakpoints) {
            if (matches(b, site)) {
                reason = std::string("breakpoint ")
                    + (b.kind == Breakpoint::Kind::Device ? "device:" : "") + b.text;
                break;
            }
        }
    }
    if (reason.empty())
        return;
    Stop s;
    s.seq = nextSeq;
    s.kind = trace::kindName(site.kind);
    s.phase = trace::phaseName(phase);
    s.iface = trace::str(site.iface);
    s.method = trace::str(site.method);
    s.device = trace::str(site.device);
    s.request = site.request;
    s.reason = std::move(reason);
    stop(lock, std::move(s), depth);
}

void Debugger::afterFinding(const Tracer::Site &finding, std::uint64_t seq, std::size_t depth)
{
    std::unique_lock lock(m_mutex);
    if (m_mode == Mode::Detached)
        return;
    const std::string rule(trace::str(finding.method));
    for (const auto &b : m_breakpoints) {
        if (b.kind != Breakpoint::Kind::Finding
            || (!b.text.empty() && !equalsIgnoreCase(b.text, rule)))
            continue;
        Stop s;
        s.beforeCallback = false;
        s.seq = seq;
        s.kind = "verifier";
        s.phase = "event";
        s.iface = trace::str(finding.iface);
        s.method = rule;
        s.device = trace::str(finding.device);
        s.request = finding.request;
        s.reason = b.text.empty() ? "breakpoint finding" : "breakpoint finding:" + b.text;
        // The depth of what was running when the rule broke: a step over from here goes on
        // until that call has returned.
        stop(lock, std::move(s), depth);
        return;
    }
}

bool Debugger::isHolding() const
{
    std::lock_guard lock(m_mutex);
    return m_stopped.has_value();
}

void Debugger::stop(std::unique_lock<std::mutex> &lock, Stop s, std::size_t depth)
{
    m_mode = Mode::Pause;
    m_overDepth = depth;
    m_stopped = std::move(s);
    const std::uint64_t generation = m_generation;
    if (m_hook) {
        const Stop copy = *m_stopped;
        auto hook = m_hook;
        lock.unlock();
        hook(copy);
        lock.lock();
    }
    m_go.wait(lock, [&] { return m_generation != generation; });
    m_stopped.reset();
}

} // namespace umdfx
