#include "widgets/models/recordtext.h"

#include "core/win32/hresulttext.h"

#include "core/trace/traceformat.h"

#include <cstdio>

namespace umdfx::gui {

using trace::ArgType;
using trace::ArgValue;
using trace::TraceRecord;
using trace::TraceStore;

namespace {

constexpr std::uint32_t kErrorIoPending = 997;
constexpr std::size_t kSpanScanLimit = 512; // records searched for a request's completion

bool findArg(const TraceStore &store, const TraceRecord &r, std::string_view key, ArgValue &out)
{
    return r.argsRef && store.args(r).find(key, out);
}

bool isCompletion(const TraceRecord &r)
{
    if (r.kind != trace::Kind::Ddi || r.phase != trace::Phase::Call)
        return false;
    const std::string_view m = trace::str(r.method);
    return trace::str(r.iface).starts_with("IWDFIoRequest")
        && (m == "Complete" || m == "CompleteWithInformation");
}

std::string completionText(const TraceStore &store, const TraceRecord &r)
{
    ArgValue status, info;
    std::string out = findArg(store, r, "CompletionStatus", status)
        ? hresultShort(static_cast<std::uint32_t>(status.u))
        : std::string("?");
    if (findArg(store, r, "Information", info) && info.u)
        out += ", " + std::to_string(info.u) + " bytes";
    return out;
}

std::string win32ReturnText(const TraceStore &store, const TraceRecord &r)
{
    ArgValue result, error, bytes;
    if (!findArg(store, r, "result", result))
        return {};
    const bool hasError = findArg(store, r, "lastError", error);
    std::string out;
    bool failed = false;
    if (result.type == ArgType::Bool) {
        failed = result.u == 0;
        out = failed ? "FALSE" : "TRUE";
    } else if (result.type == ArgType::String) {
        if (result.text == "INVALID_HANDLE_VALUE") {
            out = "INVALID_HANDLE_VALUE";
            failed = true;
        } else if (result.text == "blocked") {
            return "blocked in the driver";
        } else {
            out = "handle " + std::string(result.text);
        }
    } else if (result.type == ArgType::Hex32 || result.type == ArgType::U64) {
        out = trace::argValueToText(result);
    } else {
        return {};
    }
    if (failed && hasError) {
        out += "  " + win32ErrorText(static_cast<std::uint32_t>(error.u));
        if (error.u == kErrorIoPending)
            out += " (overlapped: completes later)";
    } else if (findArg(store, r, "bytes", bytes)) {
        out += ", " + std::to_string(bytes.u) + (bytes.u == 1 ? " byte" : " bytes");
    }
    return out;
}

} // namespace

std::int64_t CallPairs::pairOf(const TraceRecord &r) const
{
    if (!r.call || r.call >= callRecord.size())
        return -1;
    const std::uint32_t other
        = r.phase == trace::Phase::Call ? returnRecord[r.call] : callRecord[r.call];
    return other ? std::int64_t(other) - 1 : -1;
}

std::string timeText(std::int64_t tNs)
{
    char buf[40];
    const bool negative = tNs < 0;
    const std::uint64_t t
        = negative ? 0 - static_cast<std::uint64_t>(tNs) : static_cast<std::uint64_t>(tNs);
    std::snprintf(buf, sizeof buf, "%s%llu.%09llu", negative ? "-" : "",
        static_cast<unsigned long long>(t / 1000000000),
        static_cast<unsigned long long>(t % 1000000000));
    return buf;
}

std::string lanesText(const TraceRecord &r)
{
    std::string out(trace::str(r.from));
    if (r.to && r.to != r.from) {
        out += r.from ? " \u2192 " : "\u2192 ";
        out += trace::str(r.to);
    }
    return out;
}

std::string eventText(const TraceRecord &r)
{
    std::string name(trace::str(r.iface));
    if (r.iface && r.method)
        name += "::";
    name += trace::str(r.method);
    return name;
}

std::string objectsText(const TraceRecord &r)
{
    std::string out;
    if (r.object)
        out = "obj " + std::to_string(r.object);
    if (r.request) {
        if (!out.empty())
            out += " \u00b7 ";
        out += "req " + std::to_string(r.request);
    }
    return out;
}

std::string resultText(const TraceStore &store, const TraceRecord &r, const CallPairs *pairs)
{
    if (r.kind == trace::Kind::Win32 && r.phase == trace::Phase::Return) {
        std::string w = win32ReturnText(store, r);
        if (!w.empty())
            return w;
    }
    if (r.hasHr)
        return hresultShort(r.hr);
    if (isCompletion(r))
        return "completes " + completionText(store, r);
    if (r.kind == trace::Kind::Verifier) {
        ArgValue rule;
        return findArg(store, r, "rule", rule) ? std::string(rule.text) : std::string("finding");
    }
    const std::int64_t pair = pairs ? pairs->pairOf(r) : -1;
    if (r.kind == trace::Kind::Callback && r.request && r.call) {
        // A request-handling callback (OnWrite, OnCreateFile, ...): what happened to the request
        // inside it is what a learner wants to see on the row.
        const std::size_t callIndex = r.phase == trace::Phase::Call ? r.seq
            : pair >= 0                                             ? std::size_t(pair)
                                                                    : r.seq;
        const std::size_t end = r.phase == trace::Phase::Call
            ? (pair >= 0 ? std::size_t(pair) : store.size())
            : r.seq;
        for (std::size_t i = callIndex + 1; i < end && i - callIndex < kSpanScanLimit; ++i) {
            const TraceRecord &x = store.at(i);
            if (x.request == r.request && isCompletion(x))
                return "completed " + completionText(store, x);
        }
        if (r.phase == trace::Phase::Return || pair >= 0)
            return "request left pending";
        return {};
    }
    if (r.phase == trace::Phase::Call && pair >= 0) {
        const TraceRecord &ret = store.at(std::size_t(pair));
        return resultText(store, ret, nullptr);
    }
    return {};
}

bool isRoutineProbe(const TraceRecord &r)
{
    if (!r.hasHr)
        return false;
    if (r.hr == 0x80004002u)
        return trace::str(r.method) == "QueryInterface";
    // SetupAPI's documented protocols: ask for the size first (ERROR_INSUFFICIENT_BUFFER), and
    // enumerate until ERROR_NO_MORE_ITEMS.
    return (r.hr == 0x8007007au || r.hr == 0x80070103u) && trace::str(r.iface) == "setupapi";
}

bool isFailure(const TraceStore &store, const TraceRecord &r)
{
    if (r.kind == trace::Kind::Verifier)
        return true;
    if (isRoutineProbe(r))
        return false;
    if (r.kind == trace::Kind::Win32 && r.phase == trace::Phase::Return) {
        ArgValue result, error;
        if (findArg(store, r, "result", result)) {
            const bool failed = (result.type == ArgType::Bool && result.u == 0)
                || (result.type == ArgType::String && result.text == "INVALID_HANDLE_VALUE");
            if (failed)
                return !(findArg(store, r, "lastError", error) && error.u == kErrorIoPending);
            return false;
        }
    }
    return r.hasHr && isFailureHresult(r.hr) && !isRoutineProbe(r);
}

} // namespace umdfx::gui
