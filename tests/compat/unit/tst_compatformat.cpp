// umdfx_compat_vformat (core/compat/compatruntime.h): printf with the conventions Windows driver
// code relies on — %s/%S swap meaning between narrow and wide contexts, l is 32 bits, I64 is 64,
// I is pointer-sized — into UTF-8, with snprintf's truncation contract. And umdfx_wpp_trace's
// %!NAME! extensions, seen through a recording sink on the log (outside a host a WPP message goes
// to the log only).
//
// Wide strings are passed as const char16_t *: this test is built by GCC with a 32-bit wchar_t,
// and UTF-16 is what a plugin built with -fshort-wchar passes for L"...".
#include "core/compat/compatruntime.h"
#include "core/runtime/log.h"
#include "core/wudf/wudftypes.h"

#include <QtTest/QtTest>

#include <spdlog/sinks/base_sink.h>

#include <cstring>
#include <functional>
#include <mutex>

namespace {

// The variadic front end a driver's StringCchPrintf has: the va_list is the one it would pass.
int format(char *out, std::size_t outChars, const void *fmt, int formatWide, int wideContext, ...)
{
    std::va_list args;
    va_start(args, wideContext);
    const int n = umdfx_compat_vformat(out, outChars, fmt, formatWide, wideContext, args);
    va_end(args);
    return n;
}

using Call = std::function<int(char *out, std::size_t outChars)>;
// A umdfx_wpp_trace call, given the caller's __PRETTY_FUNCTION__, level and flag name.
using WppCall = std::function<void(const char *function, unsigned level, const char *flag)>;

// A narrow format in a narrow context (StringCchPrintfA, printf).
template<typename... Args> Call narrow(const char *fmt, Args... args)
{
    return [=](char *out, std::size_t n) { return format(out, n, fmt, 0, 0, args...); };
}
// A UTF-16 format in a wide context (StringCchPrintfW).
template<typename... Args> Call wide(const char16_t *fmt, Args... args)
{
    return [=](char *out, std::size_t n) { return format(out, n, fmt, 1, 1, args...); };
}
// A narrow format read in a wide context: the API allows the two to differ.
template<typename... Args> Call narrowInWide(const char *fmt, Args... args)
{
    return [=](char *out, std::size_t n) { return format(out, n, fmt, 0, 1, args...); };
}

// A WPP call with a wide format (L"..." in a driver), as the .tmh's wchar_t overload makes it.
void wideWpp(const char *function, unsigned level, const char *flag, const char16_t *fmt, ...)
{
    std::va_list args;
    va_start(args, fmt);
    umdfx_wpp_vtrace("/src/drivers/x/dllsup.cpp", 7, function, level, flag, "Trace", fmt, 1, args);
    va_end(args);
}

QByteArray utf8(const char *s)
{
    return QByteArray(s);
}

// The log's messages while it is attached: what umdfx_wpp_trace writes outside a host.
class RecordingSink final : public spdlog::sinks::base_sink<std::mutex>
{
public:
    struct Line
    {
        spdlog::level::level_enum level;
        QByteArray text;
    };
    std::vector<Line> lines;

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override
    {
        lines.push_back({ msg.level, QByteArray(msg.payload.data(), int(msg.payload.size())) });
    }
    void flush_() override { }
};

} // namespace

Q_DECLARE_METATYPE(Call)
Q_DECLARE_METATYPE(WppCall)

class tst_CompatFormat : public QObject
{
    Q_OBJECT
private slots:
    void conversions_data();
    void conversions();
    void truncation_data();
    void truncation();
    void badFormat_data();
    void badFormat();
    void wppTrace_data();
    void wppTrace();
};

void tst_CompatFormat::conversions_data()
{
    QTest::addColumn<Call>("call");
    QTest::addColumn<QByteArray>("expected"); // UTF-8

    // Strings: which of %s/%S is UTF-16 depends on the context; l/w force wide, h narrow.
    QTest::newRow("narrow %s is narrow") << narrow("[%s]", "abc") << utf8("[abc]");
    QTest::newRow("narrow %S is UTF-16") << narrow("[%S]", u"wide") << utf8("[wide]");
    QTest::newRow("narrow %ls") << narrow("[%ls]", u"wide") << utf8("[wide]");
    QTest::newRow("narrow %ws") << narrow("[%ws]", u"wide") << utf8("[wide]");
    QTest::newRow("narrow %hs") << narrow("[%hs]", "abc") << utf8("[abc]");
    QTest::newRow("wide %s is UTF-16") << wide(u"[%s]", u"wide") << utf8("[wide]");
    QTest::newRow("wide %S is narrow") << wide(u"[%S]", "abc") << utf8("[abc]");
    QTest::newRow("wide %ls") << wide(u"[%ls]", u"wide") << utf8("[wide]");
    QTest::newRow("wide %ws") << wide(u"[%ws]", u"wide") << utf8("[wide]");
    QTest::newRow("wide %hs") << wide(u"[%hs]", "abc") << utf8("[abc]");
    QTest::newRow("wide context, narrow format: %s is UTF-16")
        << narrowInWide("[%s]", u"wide") << utf8("[wide]");
    QTest::newRow("wide context, narrow format: %S is narrow")
        << narrowInWide("[%S]", "abc") << utf8("[abc]");
    QTest::newRow("narrow %s null")
        << narrow("%s", static_cast<const char *>(nullptr)) << utf8("(null)");
    QTest::newRow("wide %s null") << wide(u"%s", static_cast<const char16_t *>(nullptr))
                                  << utf8("(null)");
    QTest::newRow("UTF-16 argument, non-ASCII")
        << narrow("%ls", u"caf\u00e9 \U0001F600") << utf8("caf\xC3\xA9 \xF0\x9F\x98\x80");
    QTest::newRow("UTF-16 argument, lone surrogate is U+FFFD")
        << narrow("%ls", u"a\xD800z") << utf8("a\xEF\xBF\xBDz");
    QTest::newRow("narrow argument passes bytes through")
        << narrow("%s", "caf\xC3\xA9") << utf8("caf\xC3\xA9");

    // Integers, with the Windows sizes: l is 32 bits (LONG, ULONG, DWORD), I64/ll 64, I/z the
    // pointer's.
    QTest::newRow("%d") << narrow("%d", -42) << utf8("-42");
    QTest::newRow("%i") << narrow("%i", 42) << utf8("42");
    QTest::newRow("%u") << narrow("%u", 4294967295u) << utf8("4294967295");
    QTest::newRow("%x") << narrow("%x", 0xbeefu) << utf8("beef");
    QTest::newRow("%X") << narrow("%X", 0xbeefu) << utf8("BEEF");
    QTest::newRow("%08X") << narrow("%08X", 0xbeefu) << utf8("0000BEEF");
    QTest::newRow("%08x of an HRESULT")
        << narrow("%08x", std::int32_t(0x80004005u)) << utf8("80004005");
    QTest::newRow("%#x") << narrow("%#x", 255u) << utf8("0xff");
    QTest::newRow("%o") << narrow("%o", 8u) << utf8("10");
    QTest::newRow("%+d") << narrow("%+d", 5) << utf8("+5");
    QTest::newRow("% d") << narrow("% d", 5) << utf8(" 5");
    QTest::newRow("%ld is 32-bit LONG") << narrow("%ld", std::int32_t(-5)) << utf8("-5");
    QTest::newRow("%lu is 32-bit ULONG")
        << narrow("%lu", std::uint32_t(0xFFFFFFFFu)) << utf8("4294967295");
    QTest::newRow("%lx is 32-bit DWORD")
        << narrow("%lx", std::uint32_t(0xDEADBEEFu)) << utf8("deadbeef");
    QTest::newRow("%lld") << narrow("%lld", -9000000000LL) << utf8("-9000000000");
    QTest::newRow("%llu") << narrow("%llu", 18446744073709551615ULL)
                          << utf8("18446744073709551615");
    QTest::newRow("%I64d") << narrow("%I64d", -9000000000LL) << utf8("-9000000000");
    QTest::newRow("%I64u") << narrow("%I64u", 18446744073709551615ULL)
                           << utf8("18446744073709551615");
    QTest::newRow("%I64x") << narrow("%I64x", 0x123456789abcdefULL) << utf8("123456789abcdef");
    QTest::newRow("%016I64X") << narrow("%016I64X", 0xabcULL) << utf8("0000000000000ABC");
    QTest::newRow("%I32d") << narrow("%I32d", -7) << utf8("-7");
    QTest::newRow("%I32x") << narrow("%I32x", 0xffu) << utf8("ff");
    QTest::newRow("%Iu is pointer-sized")
        << narrow("%Iu", std::size_t(1) << 40) << utf8("1099511627776");
    QTest::newRow("%Id is pointer-sized")
        << narrow("%Id", std::ptrdiff_t(-(std::ptrdiff_t(1) << 40))) << utf8("-1099511627776");
    QTest::newRow("%zu") << narrow("%zu", std::size_t(1) << 33) << utf8("8589934592");
    QTest::newRow("%hu keeps 16 bits") << narrow("%hu", 0x12345u) << utf8("9029");
    QTest::newRow("%hx keeps 16 bits") << narrow("%hx", 0x12345u) << utf8("2345");
    QTest::newRow("%hd keeps 16 bits") << narrow("%hd", 70000) << utf8("4464");
    QTest::newRow("%hhu keeps 8 bits") << narrow("%hhu", 0x1FFu) << utf8("255");
    QTest::newRow("integer after a 64-bit one")
        << narrow("%I64u %d", 1ULL << 40, 7) << utf8("1099511627776 7");
    QTest::newRow("wide integers")
        << wide(u"%d/%lu/%I64x", -1, std::uint32_t(7), 0xffULL) << utf8("-1/7/ff");

    // Pointers and characters.
    QTest::newRow("%p is 16 hex digits, as MSVC prints it") << narrow("%p",
        reinterpret_cast<void *>(std::uintptr_t(0xabc1234))) << utf8("000000000ABC1234");
    QTest::newRow("%p null") << narrow("%p", static_cast<void *>(nullptr))
                             << utf8("0000000000000000");
    QTest::newRow("%f") << narrow("%f|%.2f|%8.3f", 1.5, 2.0 / 3.0, -0.25)
                        << utf8("1.500000|0.67|  -0.250");
    QTest::newRow("%e %g %E %G") << narrow("%e %g %E %G", 12345.678, 0.0001, 1e10, 1e-10)
                                 << utf8("1.234568e+04 0.0001 1.000000E+10 1E-10");
    QTest::newRow("%lf is a double too") << narrow("%lf", 3.25) << utf8("3.250000");
    QTest::newRow("wide %f") << wide(u"%.1f%%", 99.5) << utf8("99.5%");
    QTest::newRow("%c") << narrow("[%c]", 'A') << utf8("[A]");
    QTest::newRow("%lc non-ASCII") << narrow("%lc", int(u'\u00e9')) << utf8("\xC3\xA9");
    QTest::newRow("%C") << narrow("%C", int(u'\u263A')) << utf8("\xE2\x98\xBA");
    QTest::newRow("wide %c") << wide(u"%c", int(u'\u00e9')) << utf8("\xC3\xA9");
    QTest::newRow("%wc") << narrow("%wc", int(u'\u00e9')) << utf8("\xC3\xA9");
    QTest::newRow("%3c pads") << narrow("[%3c]", 'a') << utf8("[  a]");

    // Widths and precision.
    QTest::newRow("%5d") << narrow("[%5d]", 42) << utf8("[   42]");
    QTest::newRow("%-5d") << narrow("[%-5d]", 42) << utf8("[42   ]");
    QTest::newRow("%05d") << narrow("[%05d]", -42) << utf8("[-0042]");
    QTest::newRow("%*d") << narrow("[%*d]", 6, 42) << utf8("[    42]");
    QTest::newRow("%.3d") << narrow("[%.3d]", 7) << utf8("[007]");
    QTest::newRow("%8s") << narrow("[%8s]", "ab") << utf8("[      ab]");
    QTest::newRow("%-4s") << narrow("[%-4s]", "ab") << utf8("[ab  ]");
    QTest::newRow("%.3s") << narrow("[%.3s]", "abcdef") << utf8("[abc]");
    QTest::newRow("%.*s") << narrow("[%.*s]", 2, "abcdef") << utf8("[ab]");
    QTest::newRow("%6.2s") << narrow("[%6.2s]", "abcdef") << utf8("[    ab]");
    QTest::newRow("%.2ls") << narrow("[%.2ls]", u"wxyz") << utf8("[wx]");
    QTest::newRow("%.1ls cutting a surrogate pair gives U+FFFD")
        << narrow("[%.1ls]", u"\U0001F600z") << utf8("[\xEF\xBF\xBD]");
    QTest::newRow("wide %-6s|") << wide(u"%-6s|", u"ab") << utf8("ab    |");
    QTest::newRow("%s wider than its width") << narrow("[%2s]", "abcd") << utf8("[abcd]");

    // Literal text.
    QTest::newRow("%%") << narrow("100%%") << utf8("100%");
    QTest::newRow("%% between conversions") << narrow("%d%%%d", 1, 2) << utf8("1%2");
    QTest::newRow("empty format") << narrow("") << utf8("");
    QTest::newRow("UTF-16 format, e-acute") << wide(u"caf\u00e9=%d", 1) << utf8("caf\xC3\xA9=1");
    QTest::newRow("UTF-16 format, surrogate pair")
        << wide(u"[\U0001F600]") << utf8("[\xF0\x9F\x98\x80]");
    QTest::newRow("UTF-16 format, CJK")
        << wide(u"\u4e2d\u6587") << utf8("\xE4\xB8\xAD\xE6\x96\x87");
    QTest::newRow("UTF-16 format, lone high surrogate")
        << wide(u"a\xD83Dz") << utf8("a\xEF\xBF\xBDz");
    QTest::newRow("UTF-8 format passes through")
        << narrow("caf\xC3\xA9 %s", "ok") << utf8("caf\xC3\xA9 ok");

    // WPP's extensions need the WPP context of umdfx_wpp_trace: here they are kept as written and
    // take no argument, so the next conversion still gets the first one.
    QTest::newRow("%!HRESULT! outside WPP is kept")
        << narrow("hr=%!HRESULT! n=%d", 7) << utf8("hr=%!HRESULT! n=7");
    QTest::newRow("%!FUNC! outside WPP is kept") << wide(u"%!FUNC!: go") << utf8("%!FUNC!: go");
}

void tst_CompatFormat::conversions()
{
    QFETCH(Call, call);
    QFETCH(QByteArray, expected);
    char out[256];
    std::memset(out, 'X', sizeof out);
    const int n = call(out, sizeof out);
    QVERIFY2(n >= 0, "the format was rejected");
    QCOMPARE(QByteArray(out), expected);
    QCOMPARE(n, int(expected.size()));
    // The length query snprintf callers make first gives the same count.
    QCOMPARE(call(nullptr, 0), n);
}

void tst_CompatFormat::truncation_data()
{
    QTest::addColumn<Call>("call");
    QTest::addColumn<int>("outChars");
    QTest::addColumn<QByteArray>("expected"); // what the buffer holds
    QTest::addColumn<int>("length"); // what is returned: the full length

    QTest::newRow("fits exactly") << narrow("abcdef") << 7 << utf8("abcdef") << 6;
    QTest::newRow("one short") << narrow("abcdef") << 6 << utf8("abcde") << 6;
    QTest::newRow("four of six") << narrow("%s", "abcdef") << 4 << utf8("abc") << 6;
    QTest::newRow("room for the NUL only") << narrow("abcdef") << 1 << utf8("") << 6;
    QTest::newRow("a number cut") << narrow("n=%d", 123456) << 5 << utf8("n=12") << 8;
    QTest::newRow("wide format cut") << wide(u"%s!", u"wide") << 3 << utf8("wi") << 5;
    // outChars counts UTF-8 bytes: a cut may fall inside a character.
    QTest::newRow("cut inside UTF-8") << wide(u"\u00e9\u00e9") << 2 << utf8("\xC3") << 4;
    QTest::newRow("a number wider than 127")
        << narrow("%0300d", 1) << 11 << utf8("0000000000") << 300;
    QTest::newRow("a string field wider than 127")
        << narrow("%200s|", "ab") << 4 << utf8("   ") << 201;
}

void tst_CompatFormat::truncation()
{
    QFETCH(Call, call);
    QFETCH(int, outChars);
    QFETCH(QByteArray, expected);
    QFETCH(int, length);
    char out[64];
    std::memset(out, 'X', sizeof out);
    QCOMPARE(call(out, std::size_t(outChars)), length);
    QVERIFY2(out[expected.size()] == '\0', "the truncated text is not NUL-terminated");
    QCOMPARE(QByteArray(out), expected);
    QVERIFY2(out[outChars] == 'X', "wrote past outChars");
}

void tst_CompatFormat::badFormat_data()
{
    QTest::addColumn<Call>("call");
    QTest::newRow("%n is refused") << narrow("abc%n", static_cast<int *>(nullptr));
    QTest::newRow("wide %n is refused") << wide(u"%n", static_cast<int *>(nullptr));
    QTest::newRow("unknown conversion %q") << narrow("%q", 1);
    QTest::newRow("unknown conversion %k after text") << narrow("ok %k");
    QTest::newRow("% at the end") << narrow("50%");
    QTest::newRow("wide % at the end") << wide(u"50%");
    QTest::newRow("%I6d") << narrow("%I6d", 1LL);
    QTest::newRow("%I3x") << narrow("%I3x", 1);
    QTest::newRow("%I64 without a conversion") << narrow("%I64");
    QTest::newRow("null format") << Call(
        [](char *out, std::size_t n) { return format(out, n, nullptr, 0, 0); });
    QTest::newRow("null wide format")
        << Call([](char *out, std::size_t n) { return format(out, n, nullptr, 1, 1); });
}

void tst_CompatFormat::badFormat()
{
    QFETCH(Call, call);
    char out[64] = {};
    QCOMPARE(call(out, sizeof out), -1);
    QCOMPARE(call(nullptr, 0), -1);
}

void tst_CompatFormat::wppTrace_data()
{
    QTest::addColumn<QByteArray>("function"); // __PRETTY_FUNCTION__ as clang spells it
    QTest::addColumn<unsigned>("level");
    QTest::addColumn<QByteArray>("flag");
    QTest::addColumn<WppCall>("trace");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("logLevel");
    const QByteArray method = "virtual HRESULT CMyDevice::OnPrepareHardware(IWDFDevice *)";
    const auto trace = [](const char *fmt, auto... args) {
        return WppCall([=](const char *function, unsigned level, const char *flag) {
            umdfx_wpp_trace(
                "/src/drivers/x/device.cpp", 42, function, level, flag, "Trace", fmt, args...);
        });
    };
    static const GUID kGuid
        = { 0xcdc35b6e, 0x0be4, 0x4936, { 0xbf, 0x5f, 0x55, 0x37, 0x38, 0x0a, 0x7c, 0x1a } };

    QTest::newRow("%!FUNC! is the qualified name")
        << method << 4u << QByteArray("TRACE_DEVICE") << trace("%!FUNC!: entered")
        << utf8("CMyDevice::OnPrepareHardware: entered") << int(spdlog::level::info);
    QTest::newRow("%!FUNC! of a free function")
        << QByteArray("long DllMain(void *, unsigned long, void *)") << 4u << QByteArray()
        << trace("%!FUNC!") << utf8("DllMain") << int(spdlog::level::info);
    QTest::newRow("%!HRESULT! S_OK") << method << 4u << QByteArray() << trace("%!HRESULT!", 0)
                                     << utf8("S_OK") << int(spdlog::level::info);
    QTest::newRow("%!HRESULT! E_NOINTERFACE")
        << method << 2u << QByteArray() << trace("hr=%!HRESULT!", std::int32_t(0x80004002u))
        << utf8("hr=0x80004002 E_NOINTERFACE") << int(spdlog::level::err);
    QTest::newRow("%!HRESULT! from Win32")
        << method << 3u << QByteArray() << trace("%!HRESULT!", std::int32_t(0x80070002u))
        << utf8("0x80070002 ERROR_FILE_NOT_FOUND") << int(spdlog::level::warn);
    QTest::newRow("%!HRESULT! unknown")
        << method << 4u << QByteArray() << trace("%!HRESULT!", std::int32_t(0x12345678))
        << utf8("0x12345678") << int(spdlog::level::info);
    QTest::newRow("%!STATUS!") << method << 4u << QByteArray()
                               << trace("%!STATUS!", std::int32_t(0xC0000120u))
                               << utf8("0xc0000120 STATUS_CANCELLED") << int(spdlog::level::info);
    QTest::newRow("%!WINERROR!") << method << 4u << QByteArray() << trace("%!WINERROR!", 2)
                                 << utf8("2 ERROR_FILE_NOT_FOUND") << int(spdlog::level::info);
    QTest::newRow("%!GUID!") << method << 4u << QByteArray() << trace("%!GUID!", &kGuid)
                             << utf8("{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}")
                             << int(spdlog::level::info);
    QTest::newRow("%!GUID! null") << method << 4u << QByteArray()
                                  << trace("%!GUID!", static_cast<const GUID *>(nullptr))
                                  << utf8("(null)") << int(spdlog::level::info);
    QTest::newRow("%!LEVEL!") << method << 3u << QByteArray() << trace("%!LEVEL!")
                              << utf8("TRACE_LEVEL_WARNING") << int(spdlog::level::warn);
    QTest::newRow("%!LEVEL! critical")
        << method << 1u << QByteArray() << trace("%!LEVEL!") << utf8("TRACE_LEVEL_CRITICAL")
        << int(spdlog::level::critical);
    QTest::newRow("%!LEVEL! verbose") << method << 5u << QByteArray() << trace("%!LEVEL!")
                                      << utf8("TRACE_LEVEL_VERBOSE") << int(spdlog::level::debug);
    QTest::newRow("%!FLAGS!") << method << 4u << QByteArray("TRACE_QUEUE") << trace("%!FLAGS!")
                              << utf8("TRACE_QUEUE") << int(spdlog::level::info);
    QTest::newRow("%!LINE!") << method << 4u << QByteArray() << trace("line %!LINE!")
                             << utf8("line 42") << int(spdlog::level::info);
    QTest::newRow("%!bool!") << method << 4u << QByteArray() << trace("%!bool!/%!bool!", 1, 0)
                             << utf8("TRUE/FALSE") << int(spdlog::level::info);
    QTest::newRow("unknown extension kept")
        << method << 4u << QByteArray() << trace("%!IPADDR! %d", 5) << utf8("%!IPADDR! 5")
        << int(spdlog::level::info);
    QTest::newRow("%S is UTF-16 in WPP")
        << method << 4u << QByteArray() << trace("name=%S", u"Port1") << utf8("name=Port1")
        << int(spdlog::level::info);
    QTest::newRow("%ws is UTF-16 in WPP")
        << method << 4u << QByteArray() << trace("name=%ws", u"Port1") << utf8("name=Port1")
        << int(spdlog::level::info);
    QTest::newRow("extensions and printf mixed")
        << method << 4u << QByteArray()
        << trace("%!FUNC!: %s hr=%!HRESULT! n=%Iu", "write", std::int32_t(0x80004005u),
               std::size_t(3))
        << utf8("CMyDevice::OnPrepareHardware: write hr=0x80004005 E_FAIL n=3")
        << int(spdlog::level::info);
    QTest::newRow("%!hresult! in lower case")
        << method << 4u << QByteArray() << trace("hr=%!hresult!", std::int32_t(0x80004005u))
        << utf8("hr=0x80004005 E_FAIL") << int(spdlog::level::info);
    QTest::newRow("%!Guid! in mixed case")
        << method << 4u << QByteArray() << trace("%!Guid!", &kGuid)
        << utf8("{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}") << int(spdlog::level::info);
    QTest::newRow("a wide format: %!GUID!, %s is UTF-16, %!FUNC!")
        << method << 2u << QByteArray()
        << WppCall([](const char *function, unsigned level, const char *flag) {
               wideWpp(
                   function, level, flag, u"%!FUNC!: class (%!GUID!) %s %d", &kGuid, u"Port1", 7);
           })
        << utf8("CMyDevice::OnPrepareHardware: class ({cdc35b6e-0be4-4936-bf5f-5537380a7c1a}) "
                "Port1 7")
        << int(spdlog::level::err);
    QTest::newRow("a wide format: non-ASCII text")
        << method << 4u << QByteArray()
        << WppCall([](const char *function, unsigned level, const char *flag) {
               wideWpp(function, level, flag, u"caf\u00e9 %!hresult!", std::int32_t(0));
           })
        << utf8("caf\xC3\xA9 S_OK") << int(spdlog::level::info);
    QTest::newRow("malformed format is reported")
        << method << 4u << QByteArray() << trace("bad %q")
        << utf8("(a malformed WPP format: bad %q)") << int(spdlog::level::info);
}

void tst_CompatFormat::wppTrace()
{
    QFETCH(QByteArray, function);
    QFETCH(unsigned, level);
    QFETCH(QByteArray, flag);
    QFETCH(WppCall, trace);
    QFETCH(QByteArray, message);
    QFETCH(int, logLevel);

    const auto logger = umdfx::log();
    const auto sink = std::make_shared<RecordingSink>();
    const auto savedLevel = logger->level();
    logger->sinks().push_back(sink);
    logger->set_level(spdlog::level::trace);
    trace(function.constData(), level, flag.constData());
    logger->set_level(savedLevel);
    logger->sinks().pop_back();

    QCOMPARE(sink->lines.size(), std::size_t(1));
    QCOMPARE(sink->lines[0].text, "WPP: " + message);
    QCOMPARE(int(sink->lines[0].level), logLevel);
}

QTEST_APPLESS_MAIN(tst_CompatFormat)
#include "tst_compatformat.moc"
