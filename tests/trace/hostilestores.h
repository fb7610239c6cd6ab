#pragma once
// Stores with the values a hostile or damaged trace file can hold (the reader accepts any i64
// time, any call and request ids, any bytes in a string): what every export must still write
// as valid output. Made by hand with syntheticstore.h, no simulation.
#include "syntheticstore.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace testing {

struct HostileStore
{
    std::string name;
    std::unique_ptr<umdfx::trace::TraceStore> store;
};

inline std::vector<HostileStore> hostileStores()
{
    using umdfx::trace::Kind;
    using umdfx::trace::Phase;
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    constexpr std::uint32_t kU32 = std::numeric_limits<std::uint32_t>::max();
    std::vector<HostileStore> out;

    // A request's path (Win32 call, callback, completion, returns) at the given times.
    const auto request = [](umdfx::trace::TraceStore &s, const std::vector<std::int64_t> &t,
                             std::uint32_t req, std::uint32_t call) {
        add(s,
            Rec(Kind::Win32, Phase::Call, "kernel32", "WriteFile", "", "app1", "app1", "kernel", 0,
                req, call),
            nullptr, t[0 % t.size()]);
        add(s,
            Rec(Kind::Callback, Phase::Call, "IQueueCallbackWrite", "OnWrite", "ROOT\\ECHO\\0000",
                "host1", "framework", "echo", 7, req, call + 1),
            nullptr, t[1 % t.size()]);
        umdfx::trace::ArgsWriter args;
        args.i64("min", kMin).i64("max", kMax).u64("u", ~std::uint64_t(0)).hex32("h", kU32);
        add(s,
            Rec(Kind::Ddi, Phase::Event, "IWDFIoRequest", "CompleteWithInformation",
                "ROOT\\ECHO\\0000", "host1", "echo", "framework", kU32, req, 0, true, kU32),
            &args, t[2 % t.size()]);
        add(s,
            Rec(Kind::Callback, Phase::Return, "IQueueCallbackWrite", "OnWrite", "ROOT\\ECHO\\0000",
                "host1", "echo", "framework", 7, req, call + 1, true, 0x80070057u),
            nullptr, t[3 % t.size()]);
        add(s,
            Rec(Kind::Win32, Phase::Return, "kernel32", "WriteFile", "", "app1", "kernel", "app1",
                0, req, call, true, 0),
            nullptr, t[4 % t.size()]);
    };
    const auto make = [&](const std::string &name) -> umdfx::trace::TraceStore & {
        out.push_back({ name, std::make_unique<umdfx::trace::TraceStore>() });
        return *out.back().store;
    };

    request(make("all at i64 max"), { kMax }, 1, 1);
    request(make("all at i64 min"), { kMin }, 1, 1);
    {
        auto &s = make("time jumps between the extremes");
        request(s, { 0, kMax, kMin, -1, kMax - 1 }, 1, 1);
        request(s, { kMin, kMin + 1, kMax, 0, -1000 }, kU32, kU32 - 1);
    }
    {
        auto &s = make("negative first, then rising");
        request(s, { kMin / 2, kMin / 4, -1, 0, 1 }, 2, 10);
        request(s, { 5, 6, 7, 8, 9 }, 3, 20);
    }
    {
        // A thread's calls overlap without nesting, more of them than any thread gets tracks;
        // returns with no call, call ids used twice, call id 0, calls never returned.
        auto &s = make("calls that pair badly");
        for (std::uint32_t c = 1; c <= 100; ++c)
            add(s,
                Rec(Kind::Pnp, Phase::Call, "PnP", "AddDevice", "", "pnp", "pnp", "framework", 0, 0,
                    c),
                nullptr, c);
        for (std::uint32_t c = 1; c <= 100; ++c)
            add(s,
                Rec(Kind::Pnp, Phase::Return, "PnP", "AddDevice", "", "pnp", "framework", "pnp", 0,
                    0, c),
                nullptr, 1000 + c);
        add(s,
            Rec(Kind::Ddi, Phase::Return, "IWDFDevice", "Orphan", "", "host1", "framework", "echo",
                0, 0, 555));
        add(s,
            Rec(Kind::Ddi, Phase::Call, "IWDFDevice", "Twice", "", "host1", "echo", "framework", 0,
                0, 9));
        add(s,
            Rec(Kind::Ddi, Phase::Call, "IWDFDevice", "Twice", "", "host1", "echo", "framework", 0,
                0, 9));
        add(s,
            Rec(Kind::Ddi, Phase::Return, "IWDFDevice", "Twice", "", "host1", "framework", "echo",
                0, 0, 9));
        add(s,
            Rec(Kind::Ddi, Phase::Call, "IWDFDevice", "NoId", "", "host1", "echo", "framework", 0,
                0, 0));
        add(s,
            Rec(Kind::Callback, Phase::Call, "IPnpCallback", "Never", "", "host2", "framework",
                "echo", 0, 4, 700));
        add(s,
            Rec(Kind::Callback, Phase::Call, "IPnpCallback", "NeverEither", "", "host2",
                "framework", "echo", 0, 4, 701));
    }
    {
        // Text that is not UTF-8, quotes, backslashes, control characters, an empty thread.
        auto &s = make("strings that are not text");
        const std::string bad
            = std::string("a\"b\\c\n\x01\x7f") + "\xff\xfe\xc0\x80\xed\xa0\x80\xf4\x90";
        umdfx::trace::ArgsWriter args;
        args.string("text", bad);
        add(s, Rec(Kind::Host, Phase::Call, bad, bad, bad, bad, bad, bad, kU32, kU32, 1), &args,
            kMax);
        add(s, Rec(Kind::Verifier, Phase::Event, bad, "", "", "", "", "", 0, kU32, 0, true, kU32),
            &args, kMin);
        add(s, Rec(Kind::Host, Phase::Return, bad, bad, bad, bad, bad, bad, kU32, 0, 1, true, kU32),
            nullptr, 3);
    }
    return out;
}

} // namespace testing
