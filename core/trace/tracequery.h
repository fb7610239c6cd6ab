#pragma once
// The trace filter language: free words plus structured terms, all of which must hold.
//
//   method:OnWrite device:ECHO request:7 kind:callback hr:!0 -QueryInterface
//
// A term is FIELD:VALUE. Text fields (method, iface, device, thread, from, to, lane, arg) match
// when the value is a case-insensitive substring; FIELD:=VALUE asks for the whole text, and * ?
// make the value a wildcard pattern. method:IFACE::METHOD names both. Number fields (request,
// object, call, seq) take N, A-B, >N, >=N, <N, <=N (decimal or 0x hex). kind takes win32 (or
// app), callback, ddi, pnp, notify, verifier, host, action, log; phase takes call, return,
// event. hr takes numbers, names (S_OK, E_NOINTERFACE, ERROR_FILE_NOT_FOUND, STATUS_CANCELLED)
// and the words ok / failed; a record without an HRESULT matches no hr term, so hr:!0 is "has
// one, and it is not S_OK". Several values separated by commas are alternatives
// (kind:callback,ddi). FIELD:!VALUE and a leading - or ! negate a term. "Quoted text" keeps
// spaces. A free word matches the interned names of the record (interface, method, device,
// thread, lanes) and the text of its string and buffer arguments.
//
// Threads: a TraceQuery caches per-string decisions as it matches, so one object is used by one
// thread at a time; copy it for another thread (the copy starts with the same caches).

#include "core/trace/tracestore.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace umdfx::trace {

class TraceQuery
{
public:
    struct Error
    {
        std::size_t position = 0; // 0-based character offset of the offending token
        std::string message;
    };

    TraceQuery() = default; // matches everything
    static std::variant<TraceQuery, Error> parse(std::string_view text);
    static TraceQuery nothing(); // matches no record

    bool isEmpty() const { return m_terms.empty(); }
    bool matches(const trace::TraceStore &store, const trace::TraceRecord &record);

    // "kind, phase, method, ..." for messages and completion.
    static const std::vector<std::string_view> &fieldNames();

    enum class Field : std::uint8_t {
        Free,
        Kind,
        Phase,
        Method,
        Iface,
        Device,
        Thread,
        From,
        To,
        Lane,
        Request,
        Object,
        Call,
        Seq,
        Hr,
        Arg
    };

private:
    // A decision per interned string id, made the first time the id is seen.
    struct StringMatcher
    {
        std::vector<std::string> patterns; // lower case; any may match
        bool exact = false;
        std::vector<std::int8_t> cache; // by StrId: 0 unknown, 1 match, -1 no match
        bool test(trace::StrId id);
        bool testText(std::string_view text) const;
    };
    struct Range
    {
        std::uint64_t lo = 0, hi = 0; // inclusive
    };
    enum class HrMode : std::uint8_t { Values, Failed, Succeeded };
    struct Term
    {
        Field field = Field::Free;
        bool negate = false;
        StringMatcher text; // text fields, free words; method: the method part
        StringMatcher ifacePart; // method:IFACE::METHOD
        bool hasIfacePart = false;
        std::vector<Range> ranges; // number fields
        std::uint16_t kindMask = 0;
        std::uint8_t phaseMask = 0;
        HrMode hrMode = HrMode::Values;
        std::vector<std::uint32_t> hrValues;
        bool hrNegateValues = false; // hr:!X: has an hr, and it is none of these
    };

    bool test(Term &t, const trace::TraceStore &store, const trace::TraceRecord &r);
    static bool argsContain(
        const trace::TraceStore &store, const trace::TraceRecord &r, const StringMatcher &m);

    std::vector<Term> m_terms;
};

} // namespace umdfx::trace
