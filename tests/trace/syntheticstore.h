#pragma once
// Records made by hand for model tests: a store filled without a simulation, so a test states
// exactly what is in it.

#include "core/trace/tracestore.h"

#include <string_view>

namespace testing {

struct Rec
{
    // A constructor rather than an aggregate: tests name only the leading fields they need.
    Rec(umdfx::trace::Kind k, umdfx::trace::Phase p, std::string_view iface_,
        std::string_view method_, std::string_view device_ = {}, std::string_view thread_ = "host1",
        std::string_view from_ = "framework", std::string_view to_ = "echo",
        std::uint32_t object_ = 0, std::uint32_t request_ = 0, std::uint32_t call_ = 0,
        bool hasHr_ = false, std::uint32_t hr_ = 0)
        : kind(k)
        , phase(p)
        , iface(iface_)
        , method(method_)
        , device(device_)
        , thread(thread_)
        , from(from_)
        , to(to_)
        , object(object_)
        , request(request_)
        , call(call_)
        , hasHr(hasHr_)
        , hr(hr_)
    { }
    umdfx::trace::Kind kind;
    umdfx::trace::Phase phase;
    std::string_view iface, method, device, thread, from, to;
    std::uint32_t object, request, call;
    bool hasHr;
    std::uint32_t hr;
};

inline std::uint64_t add(umdfx::trace::TraceStore &store, const Rec &r,
    const umdfx::trace::ArgsWriter *args = nullptr, std::int64_t tNs = 0)
{
    using umdfx::trace::intern;
    umdfx::trace::RecordFields f;
    f.tNs = tNs;
    f.kind = r.kind;
    f.phase = r.phase;
    f.iface = intern(r.iface);
    f.method = intern(r.method);
    f.device = intern(r.device);
    f.thread = intern(r.thread);
    f.from = intern(r.from);
    f.to = intern(r.to);
    f.object = r.object;
    f.request = r.request;
    f.call = r.call;
    f.hasHr = r.hasHr;
    f.hr = r.hr;
    return store.append(f, args);
}

} // namespace testing
