#include "core/simulation/actionrunner.h"

#include "core/common/messagetext.h"
#include "core/common/text.h"
#include "core/scenario/win32errors.h"
#include "core/simulation/simulation.h"
#include "core/trace/tracefile.h"
#include "core/wudf/guid.h"

#include <cstdio>
#include <cstring>

namespace umdfx {

using namespace scenario;

namespace {

GUID toGuid(const GuidBytes &b)
{
    GUID g {};
    g.Data1 = std::uint32_t(b[0]) | (std::uint32_t(b[1]) << 8) | (std::uint32_t(b[2]) << 16)
        | (std::uint32_t(b[3]) << 24);
    g.Data2 = static_cast<std::uint16_t>(b[4] | (b[5] << 8));
    g.Data3 = static_cast<std::uint16_t>(b[6] | (b[7] << 8));
    std::memcpy(g.Data4, b.data() + 8, 8);
    return g;
}

// `expect data` that did not match: where the two first differ and a short excerpt of each from
// a little before that byte (a 1 MB read is not quoted whole; binary bytes are shown escaped).
std::string describeDataMismatch(
    const std::vector<std::byte> &expected, const std::vector<std::byte> &got)
{
    std::size_t first = 0;
    while (first < expected.size() && first < got.size() && expected[first] == got[first])
        ++first;
    constexpr std::size_t kContextBefore = 16;
    const std::size_t from = first > kContextBefore ? first - kContextBefore : 0;
    const auto quote = [from](const std::vector<std::byte> &bytes) {
        if (from >= bytes.size())
            return std::string("(ends before it)");
        const std::string_view view(
            reinterpret_cast<const char *>(bytes.data()) + from, bytes.size() - from);
        return std::string(from ? "\"…" : "\"") + excerpt(view, 48) + "\"";
    };
    return "expected other data: " + std::to_string(expected.size()) + " bytes expected, "
        + std::to_string(got.size()) + " read; they first differ at byte " + std::to_string(first)
        + "; from byte " + std::to_string(from) + " expected " + quote(expected) + ", read "
        + quote(got);
}

std::string describeError(DWORD e)
{
    const auto name = win32ErrorName(e);
    return std::to_string(e) + (name.empty() ? std::string() : " " + std::string(name));
}

// "1000000000000000000 ns (about 31.7 years)"
std::string virtualTimeEnd()
{
    char years[32];
    std::snprintf(years, sizeof years, "%.1f",
        static_cast<double>(kMaxVirtualTimeNs) / (365.25 * 24 * 3600 * 1e9));
    return std::to_string(kMaxVirtualTimeNs) + " ns (about " + years + " years)";
}

} // namespace

std::string describeStop(const World &w)
{
    switch (w.scheduler.stopReason()) {
    case StopReason::None:
        return {};
    case StopReason::RecordLimit:
        return "the run reached its record limit, " + trace::withThousands(w.knobs.maxRecords)
            + " trace records (knob maxRecords: raise it in the scenario's \"knobs\", 0 for no "
              "limit)";
    case StopReason::TraceFileLimit:
        return "the trace file reached its size limit (umdfctl --max-trace-bytes)";
    case StopReason::Interrupted:
        return "interrupted (SIGINT)";
    case StopReason::Terminated:
        return "terminated (SIGTERM)";
    }
    return "stopped";
}

std::optional<LoadError> checkVirtualTime(const std::vector<Action> &actions)
{
    std::int64_t total = 0;
    for (const Action &a : actions) {
        // An alertable wait may take its whole interval too.
        std::int64_t ns = 0;
        if (const auto *adv = std::get_if<AdvanceAction>(&a.op))
            ns = adv->ns;
        else if (const auto *sleep = std::get_if<SleepExAction>(&a.op))
            ns = sleep->ns;
        else
            continue;
        if (ns <= kMaxVirtualTimeNs - total) {
            total += ns;
            continue;
        }
        // At the duration: the line's last token (the text starts at a.where's column).
        SourceLocation at = a.where;
        const std::size_t space = a.text.find_last_of(" \t");
        if (space != std::string::npos) {
            for (std::size_t i = 0; i <= space; ++i) {
                if ((static_cast<unsigned char>(a.text[i]) & 0xC0) != 0x80)
                    ++at.column;
            }
        }
        return LoadError { at,
            "the script's advances add up to more than virtual time may run: at most "
                + virtualTimeEnd() + " in a run, and " + std::to_string(total)
                + " ns come before this one" };
    }
    return std::nullopt;
}

ActionRunner::ActionRunner(Simulation &sim)
    : m_sim(sim)
{ }

ActionRunner::Result ActionRunner::failure(const Action &a, const std::string &message) const
{
    return { false, a.where.toString() + ": " + message };
}

std::string ActionRunner::stillPending(std::uint32_t request) const
{
    // Where it is, from the trace: the last callback that carried it and returned.
    const World &w = m_sim.world();
    std::string where = "the driver has not completed it";
    for (std::uint64_t seq = w.trace.size(); seq > m_sinceAction; --seq) {
        const trace::TraceRecord &r = w.trace.at(seq - 1);
        if (r.request == request && r.kind == trace::Kind::Callback
            && r.phase == trace::Phase::Return) {
            where = std::string(trace::str(r.iface)) + "::" + std::string(trace::str(r.method))
                + " returned without completing it";
            break;
        }
    }
    return "request " + std::to_string(request) + " still pending in the driver after "
        + std::to_string(w.knobs.waitLimitMs / 1000) + " s of virtual time (" + where
        + "; knob waitLimitMs)";
}

ActionRunner::ScriptHandle *ActionRunner::handle(const std::string &name)
{
    auto it = m_handles.find(name);
    if (it == m_handles.end())
        return nullptr;
    // The application may have opened the device again on its own (DBT_DEVICEQUERYREMOVEFAILED):
    // the name follows the handle it uses now.
    ScriptHandle &h = it->second;
    if (!h.closed)
        h.handle = m_sim.application(h.app).currentHandle(h.handle);
    return &h;
}

std::string ActionRunner::nameOf(const std::string &app, HANDLE value)
{
    for (auto &[name, h] : m_handles) {
        if (h.app == app && !h.closed && handle(name)->handle == value)
            return name;
    }
    return {};
}

ActionRunner::Result ActionRunner::run(const Action &a)
{
    std::lock_guard lock(m_sim.world().lock);
    World &w = m_sim.world();
    // record-limit is the way on after the record limit stopped the run: it runs then too.
    const auto *limit = std::get_if<RecordLimitAction>(&a.op);
    const bool stoppedByRecords = w.scheduler.stopReason() == StopReason::RecordLimit;
    if (w.scheduler.stopRequested() && !(limit && stoppedByRecords))
        return failure(a, "not run: " + describeStop(w));
    if (limit) {
        if (limit->records != 0 && limit->records <= w.trace.size())
            return failure(a,
                "record-limit " + std::to_string(limit->records) + " is not above the "
                    + trace::withThousands(w.trace.size())
                    + " records the trace already holds (0: no limit)");
        w.knobs.maxRecords = static_cast<std::uint32_t>(limit->records);
        w.tracer.setRecordLimit(limit->records ? limit->records : ~std::uint64_t(0));
        if (stoppedByRecords)
            w.scheduler.clearStop(StopReason::RecordLimit);
    }
    const bool isExpect = std::holds_alternative<ExpectAction>(a.op);
    if (!isExpect)
        m_sinceAction = w.trace.size();
    {
        Tracer::Site site { trace::Kind::Action, lanes::user(), trace::intern(a.app), 0,
            trace::intern("action"), trace::intern(actionVerb(a)) };
        trace::ArgsWriter args;
        args.string("text", a.text);
        args.string("where", a.where.toString());
        Scheduler::ThreadScope scope(w.scheduler, lanes::user());
        w.tracer.event(site, std::nullopt, &args);
    }
    if (const auto *e = std::get_if<ExpectAction>(&a.op))
        return check(a, *e);
    Result r = perform(a);
    w.scheduler.runUntilIdle();
    if (w.scheduler.stopRequested()) // what the action was doing is cut short: say why
        return failure(a, "stopped: " + describeStop(w));
    // An overlapped request that completed meanwhile is what the application saw last (it waited
    // with GetOverlappedResult, or its completion routine ran).
    for (auto &[name, app] : m_sim.applications()) {
        std::size_t &seen = m_completionsSeen[name];
        const auto &done = app->completions();
        if (done.size() > seen) {
            const auto &c = done.back();
            m_last[name] = { true, true, c.result, c.error, c.bytes, c.data };
            seen = done.size();
        }
    }
    return r;
}

std::string ActionRunner::resolvePath(const InterfacePath &p, Application &app, std::string &error)
{
    if (!p.isShortForm)
        return p.text;
    // The application finds the path the way §4.4 shows: SetupDi enumeration of present
    // interfaces of the class, then the detail (size first) of each.
    const GUID cls = toGuid(p.guid);
    const HDEVINFO set = app.SetupDiGetClassDevs(cls, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    std::string found;
    for (DWORD i = 0;; ++i) {
        SP_DEVICE_INTERFACE_DATA data;
        if (!app.SetupDiEnumDeviceInterfaces(set, cls, i, &data))
            break;
        DWORD required = 0;
        app.SetupDiGetDeviceInterfaceDetail(set, data, nullptr, 0, &required);
        std::string path;
        if (!app.SetupDiGetDeviceInterfaceDetail(set, data, &path, required, nullptr))
            continue;
        const auto brace = path.rfind('}');
        const std::string suffix
            = brace == std::string::npos ? std::string() : path.substr(brace + 1);
        const bool matches
            = p.hasReference ? equalsIgnoreCase(suffix, "\\" + p.reference) : suffix.empty();
        if (matches) {
            found = path;
            break;
        }
    }
    app.SetupDiDestroyDeviceInfoList(set);
    if (found.empty())
        error = "no present interface " + p.text;
    return found;
}

ActionRunner::Result ActionRunner::perform(const Action &a)
{
    World &w = m_sim.world();
    Application &app = m_sim.application(a.app);
    Scheduler::ThreadScope scope(w.scheduler, app.lane());
    LastCall &last = m_last[a.app];

    const auto recordIo = [&](const Application::IoOutcome &o) -> std::optional<Result> {
        last = { true, o.returned, o.result, o.error, o.bytes, o.data };
        if (o.returned || !o.request)
            return std::nullopt;
        return failure(a, stillPending(o.request));
    };
    const auto styleFor = [](const ScriptHandle &h, Application &owner, bool ex) {
        if (ex)
            return Application::IoStyle::CompletionRoutine;
        const auto *oh = owner.handle(h.handle);
        return oh && oh->overlapped ? Application::IoStyle::Overlapped
                                    : Application::IoStyle::Synchronous;
    };
    const auto openHandle
        = [&](const std::string &name, ScriptHandle *&out) -> std::optional<Result> {
        out = handle(name);
        if (!out) {
            if (auto failed = m_failedOpens.find(name); failed != m_failedOpens.end())
                return failure(a, "handle '" + name + "' is not open: " + failed->second);
            return failure(a, "unknown handle '" + name + "' (open it first)");
        }
        if (out->app != a.app)
            return failure(a, "handle '" + name + "' belongs to " + out->app + ", not " + a.app);
        return std::nullopt;
    };

    if (const auto *o = std::get_if<OpenAction>(&a.op)) {
        if (auto *existing = handle(o->handle); existing && !existing->closed
            && m_sim.application(existing->app).handle(existing->handle))
            return failure(a, "handle '" + o->handle + "' is already open (close it first)");
        std::string error;
        const std::string path = resolvePath(o->path, app, error);
        if (path.empty()) {
            m_failedOpens[o->handle] = "its open found no interface to open"
                + (error.empty() ? std::string() : " (" + error + ")");
            last = { true, true, FALSE, ERROR_FILE_NOT_FOUND, 0, {} };
            return Result {}; // the application found nothing to open; `expect result error` checks
                              // it
        }
        const HANDLE h
            = app.CreateFile(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                OPEN_EXISTING, o->async ? FILE_FLAG_OVERLAPPED : FILE_ATTRIBUTE_NORMAL);
        last = { true, true, h != INVALID_HANDLE_VALUE ? TRUE : FALSE, app.GetLastError(), 0, {} };
        if (h != INVALID_HANDLE_VALUE) {
            m_handles[o->handle] = { a.app, h, false };
            m_failedOpens.erase(o->handle);
        } else {
            m_failedOpens[o->handle]
                = "its CreateFile failed with error " + std::to_string(app.GetLastError());
        }
        return Result {};
    }
    if (const auto *wr = std::get_if<WriteAction>(&a.op)) {
        ScriptHandle *h = nullptr;
        if (auto err = openHandle(wr->handle, h))
            return *err;
        // A stop (a limit reached) ends the repeats too: each write would still run to its end.
        for (std::uint32_t i = 0; i < wr->repeat && !w.scheduler.stopRequested(); ++i) {
            if (auto stuck
                = recordIo(app.WriteFile(h->handle, wr->data.bytes, styleFor(*h, app, wr->ex))))
                return *stuck;
            w.scheduler.runUntilIdle();
        }
        return Result {};
    }
    if (const auto *rd = std::get_if<ReadAction>(&a.op)) {
        ScriptHandle *h = nullptr;
        if (auto err = openHandle(rd->handle, h))
            return *err;
        return recordIo(app.ReadFile(h->handle, rd->size, styleFor(*h, app, rd->ex)))
            .value_or(Result {});
    }
    if (const auto *io = std::get_if<IoctlAction>(&a.op)) {
        ScriptHandle *h = nullptr;
        if (auto err = openHandle(io->handle, h))
            return *err;
        return recordIo(app.DeviceIoControl(h->handle, io->code, io->input.bytes, io->outputSize,
                            styleFor(*h, app, false)))
            .value_or(Result {});
    }
    if (const auto *c = std::get_if<CancelAction>(&a.op)) {
        ScriptHandle *h = nullptr;
        if (auto err = openHandle(c->handle, h))
            return *err;
        const BOOL ok = app.CancelIoEx(h->handle);
        last = { true, true, ok, app.GetLastError(), 0, {} };
        return Result {};
    }
    if (const auto *c = std::get_if<CloseAction>(&a.op)) {
        ScriptHandle *h = nullptr;
        if (auto err = openHandle(c->handle, h))
            return *err;
        const BOOL ok = app.CloseHandle(h->handle);
        last = { true, true, ok, app.GetLastError(), 0, {} };
        h->closed = true;
        return Result {};
    }
    if (const auto *s = std::get_if<InterfaceStateAction>(&a.op)) {
        DeviceNode *n = m_sim.pnp().find(s->instanceId);
        if (!n)
            return failure(a, "no device " + s->instanceId);
        if (!n->host || (n->state != DeviceState::Started && n->state != DeviceState::Starting))
            return failure(a,
                "device " + s->instanceId + " is " + deviceStateName(n->state)
                    + ": no driver to ask");
        const std::u16string ref = toUtf16(s->reference);
        // As the driver would call AssignDeviceInterfaceState: the host's framework does it.
        const HRESULT hr = n->host->assignInterfaceState(
            n->id, toGuid(s->guid), s->hasReference ? &ref : nullptr, s->enable);
        if (FAILED(hr)) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(hr));
            return failure(a,
                std::string("AssignDeviceInterfaceState failed with ") + buf
                    + (hr == HRESULT_FROM_WIN32(ERROR_NOT_FOUND) ? " (no such interface instance)"
                                                                 : ""));
        }
        return Result {};
    }
    if (const auto *d = std::get_if<DeviceAction>(&a.op)) {
        DeviceNode *n = m_sim.pnp().find(d->instanceId);
        if (!n)
            return failure(a, "no device " + d->instanceId);
        Scheduler::ThreadScope pnpScope(w.scheduler, lanes::pnp());
        std::optional<std::string> err;
        switch (d->op) {
        case DeviceAction::Op::Start:
        case DeviceAction::Op::EnableDevice:
            err = m_sim.pnp().start(n->id);
            break;
        case DeviceAction::Op::Remove:
        case DeviceAction::Op::DisableDevice:
            err = m_sim.pnp().remove(n->id);
            break;
        case DeviceAction::Op::QueryRemove:
            err = m_sim.pnp().queryRemove(n->id);
            break;
        case DeviceAction::Op::SurpriseRemove:
            err = m_sim.pnp().surpriseRemove(n->id);
            break;
        case DeviceAction::Op::Stop:
            err = m_sim.pnp().stop(n->id);
            break;
        }
        if (err)
            return failure(a, *err);
        return Result {};
    }
    if (const auto *r = std::get_if<RegisterNotifyAction>(&a.op)) {
        // The script's registrations by what they were made for: "h1", "{guid}" (per app).
        const std::string key = a.app + " "
            + (r->handleNotification ? r->handle : wudf::guidToString(toGuid(r->guid)));
        if (r->unregister) {
            auto it = m_registrations.find(key);
            if (it == m_registrations.end())
                return failure(a,
                    "no registration to unregister: register-notification "
                        + key.substr(a.app.size() + 1) + " first");
            const BOOL ok = app.UnregisterDeviceNotification(it->second);
            m_registrations.erase(it);
            last = { true, true, ok, app.GetLastError(), 0, {} };
            return Result {};
        }
        std::uint32_t id = 0;
        if (r->handleNotification) {
            ScriptHandle *h = nullptr;
            if (auto err = openHandle(r->handle, h))
                return *err;
            id = app.RegisterDeviceNotification(h->handle);
        } else {
            id = app.RegisterDeviceNotification(toGuid(r->guid));
        }
        if (id != 0)
            m_registrations[key] = id;
        last = { true, true, id != 0 ? TRUE : FALSE, app.GetLastError(), 0, {} };
        return Result {};
    }
    if (const auto *e = std::get_if<PostEventAction>(&a.op)) {
        DeviceNode *n = m_sim.pnp().find(e->instanceId);
        if (!n)
            return failure(a, "no device " + e->instanceId);
        if (!n->host || n->state != DeviceState::Started)
            return failure(a,
                "device " + e->instanceId + " is " + deviceStateName(n->state)
                    + ": no driver to post");
        // As the driver would call IWDFDevice::PostEvent: the host's framework does it.
        const HRESULT hr = n->host->postEvent(n->id, toGuid(e->guid), e->data.bytes);
        if (FAILED(hr)) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(hr));
            return failure(a, std::string("PostEvent failed with ") + buf);
        }
        return Result {};
    }
    if (const auto *adv = std::get_if<AdvanceAction>(&a.op)) {
        // Waits may have moved time on since a script was checked (checkVirtualTime).
        if (adv->ns > kMaxVirtualTimeNs - w.scheduler.now())
            return failure(a,
                "advance would take virtual time past its end: it may run at most "
                    + virtualTimeEnd() + ", and it is at " + std::to_string(w.scheduler.now())
                    + " ns");
        w.scheduler.advance(adv->ns);
        return Result {};
    }
    if (const auto *sleep = std::get_if<SleepExAction>(&a.op)) {
        // SleepEx takes whole milliseconds; INFINITE (0xFFFFFFFF) is not offered: a script's
        // wait must end.
        const std::int64_t ms = sleep->ns / 1'000'000 + (sleep->ns % 1'000'000 ? 1 : 0);
        if (ms >= 0xFFFFFFFFLL)
            return failure(a, "sleepex takes at most 4294967294 ms (INFINITE is not offered)");
        if (ms * 1'000'000 > kMaxVirtualTimeNs - w.scheduler.now())
            return failure(a,
                "sleepex would take virtual time past its end: it may run at most "
                    + virtualTimeEnd());
        app.SleepEx(static_cast<DWORD>(ms));
        return Result {};
    }
    if (std::holds_alternative<RecordLimitAction>(a.op))
        return Result {}; // set in run(), before the action's record
    return failure(a, "unsupported action");
}

ActionRunner::Result ActionRunner::check(const Action &a, const ExpectAction &e)
{
    World &w = m_sim.world();
    const LastCall &last = m_last[a.app];
    const auto needLast = [&]() -> std::optional<Result> {
        if (!last.valid)
            return failure(a, "expect: " + a.app + " has made no Win32 call yet");
        if (!last.returned)
            return failure(a, "expect: " + a.app + "'s last call is still blocked in the driver");
        return std::nullopt;
    };
    switch (e.what) {
    case ExpectAction::What::ResultOk:
        if (auto err = needLast())
            return *err;
        if (!last.result)
            return failure(
                a, "expected success, the call failed with " + describeError(last.error));
        return {};
    case ExpectAction::What::ResultError:
        if (auto err = needLast())
            return *err;
        if (last.result)
            return failure(a, "expected error " + describeError(e.error) + ", the call succeeded");
        if (last.error != e.error)
            return failure(a,
                "expected error " + describeError(e.error) + ", got " + describeError(last.error));
        return {};
    case ExpectAction::What::Bytes:
        if (auto err = needLast())
            return *err;
        if (last.bytes != e.number)
            return failure(a,
                "expected " + std::to_string(e.number) + " bytes, got "
                    + std::to_string(last.bytes));
        return {};
    case ExpectAction::What::ReadData: {
        if (auto err = needLast())
            return *err;
        if (last.data != e.data.bytes)
            return failure(a, describeDataMismatch(e.data.bytes, last.data));
        return {};
    }
    case ExpectAction::What::Trace:
    case ExpectAction::What::NoTrace: {
        std::uint64_t count = 0;
        for (std::size_t i = m_sinceAction; i < w.trace.size(); ++i) {
            const auto &r = w.trace.at(i);
            if (r.phase != trace::Phase::Return && trace::str(r.iface) == e.iface
                && trace::str(r.method) == e.method)
                ++count;
        }
        const std::string name = e.iface + "::" + e.method;
        if (e.what == ExpectAction::What::NoTrace) {
            if (count)
                return failure(a,
                    "expected no " + name + " since the last action, found "
                        + std::to_string(count));
            return {};
        }
        if (e.hasCount ? count != e.number : count == 0)
            return failure(a,
                "expected " + (e.hasCount ? std::to_string(e.number) : std::string("at least one"))
                    + " " + name + " since the last action, found " + std::to_string(count));
        return {};
    }
    case ExpectAction::What::Interface: {
        const InterfaceInstance *found = nullptr;
        for (const auto *i : m_sim.interfaces().all()) {
            const bool match = e.path.isShortForm
                ? (i->interfaceClass == toGuid(e.path.guid)
                    && i->hasReference == e.path.hasReference
                    && (!e.path.hasReference || equalsIgnoreCase(i->reference, e.path.reference)))
                : equalsIgnoreCase(i->symbolicLink, e.path.text);
            if (match && (!found || i->enabled))
                found = i;
        }
        const std::string actual = !found ? "absent" : found->enabled ? "enabled" : "disabled";
        if (actual != e.state)
            return failure(
                a, "expected interface " + e.path.text + " " + e.state + ", it is " + actual);
        return {};
    }
    case ExpectAction::What::Device: {
        const DeviceNode *n = m_sim.pnp().find(e.subject);
        if (!n)
            return failure(a, "no device " + e.subject);
        if (e.state != deviceStateName(n->state))
            return failure(a,
                "expected device " + e.subject + " " + e.state + ", it is "
                    + deviceStateName(n->state)
                    + (n->problem.empty() ? "" : " (" + n->problem + ")"));
        return {};
    }
    case ExpectAction::What::Handle: {
        ScriptHandle *h = handle(e.subject);
        std::string actual = "closed";
        if (h && !h->closed) {
            const auto *oh = m_sim.application(h->app).handle(h->handle);
            actual = oh ? (oh->pending.empty() ? "open" : "pending") : "closed";
        }
        if (!h)
            return failure(a, "unknown handle '" + e.subject + "'");
        if (actual != e.state)
            return failure(a, "expected handle " + e.subject + " " + e.state + ", it is " + actual);
        return {};
    }
    }
    return {};
}

} // namespace umdfx
