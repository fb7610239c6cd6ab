// The text renderings of records: golden JSON lines and text lines for representative records,
// escaping, null fields, and the per-value renderings the views share.
#include "core/trace/traceformat.h"

#include <QtTest/QtTest>

#include <memory>

using namespace umdfx::trace;

namespace {

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::span<const std::byte> asBytes(std::string_view s)
{
    return { reinterpret_cast<const std::byte *>(s.data()), s.size() };
}

// {cdc35b6e-0be4-4936-bf5f-5537380a7c1a} in its raw memory layout.
constexpr std::array<std::uint8_t, 16> kEchoGuid { 0x6e, 0x5b, 0xc3, 0xcd, 0xe4, 0x0b, 0x36, 0x49,
    0xbf, 0x5f, 0x55, 0x37, 0x38, 0x0a, 0x7c, 0x1a };

// The representative records, by index in the fixture store.
enum Sample {
    WriteFileCall,
    OnWriteReturn,
    PnpEventNothingSet,
    DdiWithEveryArgType,
    Escaping,
    CutAndDropped,
    ActionRecord,
    SampleCount
};

} // namespace

class tst_TraceFormat : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void jsonLine_data();
    void jsonLine();
    void textLine_data();
    void textLine();
    void wallTimeIsLastInJson();
    void jsonString_data();
    void jsonString();
    void argValueText_data();
    void argValueText();
    void argsText();
    void guidText();

private:
    std::unique_ptr<TraceStore> m_store;
};

void tst_TraceFormat::initTestCase()
{
    m_store = std::make_unique<TraceStore>();
    auto &store = *m_store;
    {
        RecordFields f;
        f.tNs = 1000;
        f.thread = intern("app1");
        f.kind = Kind::Win32;
        f.phase = Phase::Call;
        f.from = intern("app1");
        f.to = intern("kernel");
        f.device = intern("ROOT\\ECHO\\0000");
        f.iface = intern("kernel32");
        f.method = intern("WriteFile");
        f.call = 5;
        f.request = 3;
        ArgsWriter w;
        w.string("hFile", "h1").bytes("lpBuffer", asBytes("hello")).u64("nNumberOfBytesToWrite", 5);
        QCOMPARE(store.append(f, &w), std::uint64_t(WriteFileCall));
    }
    {
        RecordFields f;
        f.tNs = 2500;
        f.thread = intern("host1.dispatch");
        f.kind = Kind::Callback;
        f.phase = Phase::Return;
        f.from = intern("echo");
        f.to = intern("framework");
        f.device = intern("ROOT\\ECHO\\0000");
        f.iface = intern("IQueueCallbackWrite");
        f.method = intern("OnWrite");
        f.object = 7;
        f.hr = 0;
        f.hasHr = true;
        f.call = 6;
        f.request = 3;
        QCOMPARE(store.append(f), std::uint64_t(OnWriteReturn));
    }
    {
        RecordFields f;
        f.kind = Kind::Pnp;
        f.phase = Phase::Event;
        QCOMPARE(store.append(f), std::uint64_t(PnpEventNothingSet));
    }
    {
        RecordFields f;
        f.tNs = 1'234'567'890'123;
        f.thread = intern("host1.dispatch");
        f.kind = Kind::Ddi;
        f.phase = Phase::Call;
        f.from = intern("echo");
        f.to = intern("framework");
        f.iface = intern("IWDFDevice");
        f.method = intern("CreateDeviceInterface");
        f.object = 2;
        f.call = 11;
        std::string binary("\x00\x01\xff", 3);
        ArgsWriter w;
        w.guid("pDeviceInterfaceGuid", kEchoGuid)
            .hex32("Flags", 0xC0000001u)
            .objectRef("pParent", 1)
            .boolean("fEnabled", false)
            .i64("delta", -42)
            .bytes("raw", asBytes(binary));
        QCOMPARE(store.append(f, &w), std::uint64_t(DdiWithEveryArgType));
    }
    {
        RecordFields f;
        f.tNs = 1'000'000'000;
        f.thread = intern("app\t2");
        f.kind = Kind::Log;
        f.phase = Phase::Event;
        f.from = intern("say \"hi\"");
        f.device = intern("ROOT\\WEIRD\\0000");
        f.method = intern("Note");
        ArgsWriter w;
        w.string("text", "a\"b\\c\n\x01\x1f\x7f \xC3\xA9 \xFF end");
        QCOMPARE(store.append(f, &w), std::uint64_t(Escaping));
    }
    {
        RecordFields f;
        f.tNs = 3000;
        f.thread = intern("app1");
        f.kind = Kind::Win32;
        f.phase = Phase::Return;
        f.from = intern("kernel");
        f.to = intern("app1");
        f.iface = intern("kernel32");
        f.method = intern("ReadFile");
        f.hr = 0x800703E5; // HRESULT_FROM_WIN32(ERROR_IO_PENDING)
        f.hasHr = true;
        f.request = 4;
        ArgsWriter w;
        w.string("note", std::string(ArgsWriter::kCapacity, 'x')).u64("lost", 1).u64("lost2", 2);
        QCOMPARE(store.append(f, &w), std::uint64_t(CutAndDropped));
    }
    {
        RecordFields f;
        f.tNs = 4000;
        f.thread = intern("user");
        f.kind = Kind::Action;
        f.phase = Phase::Event;
        f.from = intern("user");
        f.method = intern("write");
        ArgsWriter w;
        w.string("text", "write h1 \"hello\"");
        QCOMPARE(store.append(f, &w), std::uint64_t(ActionRecord));
    }
    QCOMPARE(store.size(), std::size_t(SampleCount));
}

void tst_TraceFormat::jsonLine_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("expected");
    QTest::addRow("win32 call with args")
        << int(WriteFileCall)
        << QStringLiteral(
               R"({"seq":0,"t_ns":1000,"thread":"app1","kind":"win32","phase":"call",)"
               R"("from":"app1","to":"kernel","device":"ROOT\\ECHO\\0000","iface":"kernel32",)"
               R"("method":"WriteFile",)"
               R"("object":null,"args":{"hFile":"h1","lpBuffer":{"len":5,"hex":"68656c6c6f"},)"
               R"("nNumberOfBytesToWrite":5},"hr":null,"call":5,"request":3})");
    QTest::addRow("callback return with hr")
        << int(OnWriteReturn)
        << QStringLiteral(
               R"({"seq":1,"t_ns":2500,"thread":"host1.dispatch","kind":"callback",)"
               R"("phase":"return",)"
               R"("from":"echo","to":"framework","device":"ROOT\\ECHO\\0000",)"
               R"("iface":"IQueueCallbackWrite","method":"OnWrite","object":7,"args":{},)"
               R"("hr":"0x00000000","call":6,"request":3})");
    QTest::addRow("nothing set: strings empty, optional fields null")
        << int(PnpEventNothingSet)
        << QStringLiteral(
               R"({"seq":2,"t_ns":0,"thread":"","kind":"pnp","phase":"event","from":"","to":"",)"
               R"("device":null,"iface":"","method":"","object":null,"args":{},"hr":null,)"
               R"("call":null,"request":null})");
    QTest::addRow("every other arg type")
        << int(DdiWithEveryArgType)
        << QStringLiteral(
               R"({"seq":3,"t_ns":1234567890123,"thread":"host1.dispatch","kind":"ddi",)"
               R"("phase":"call","from":"echo","to":"framework","device":null,)"
               R"("iface":"IWDFDevice","method":"CreateDeviceInterface","object":2,)"
               R"("args":{"pDeviceInterfaceGuid":"{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}",)"
               R"("Flags":"0xc0000001","pParent":1,"fEnabled":false,"delta":-42,)"
               R"("raw":{"len":3,"hex":"0001ff"}},"hr":null,"call":11,"request":null})");
    QTest::addRow("escaping")
        << int(Escaping)
        << QStringLiteral(
               R"({"seq":4,"t_ns":1000000000,"thread":"app\t2","kind":"log","phase":"event",)"
               R"("from":"say \"hi\"","to":"","device":"ROOT\\WEIRD\\0000","iface":"",)"
               R"("method":"Note","object":null,)"
               R"("args":{"text":"a\"b\\c\n\u0001\u001f)"
               "\x7f \u00e9 "
               R"(\ufffd end"},"hr":null,"call":null,"request":null})");
    const QString xs(int(ArgsWriter::kCapacity) - 7 - 11, QLatin1Char('x'));
    QTest::addRow("cut string and dropped args")
        << int(CutAndDropped)
        << QStringLiteral(R"({"seq":5,"t_ns":3000,"thread":"app1","kind":"win32","phase":"return",)"
                          R"("from":"kernel","to":"app1","device":null,"iface":"kernel32",)"
                          R"("method":"ReadFile",)"
                          R"("object":null,"args":{"note":")")
            + xs
            + QStringLiteral(
                u"…\",\"(dropped)\":2},\"hr\":\"0x800703e5\",\"call\":null,\"request\":4}");
    QTest::addRow("action")
        << int(ActionRecord)
        << QStringLiteral(
               R"({"seq":6,"t_ns":4000,"thread":"user","kind":"action","phase":"event",)"
               R"("from":"user","to":"","device":null,"iface":"","method":"write","object":null,)"
               R"("args":{"text":"write h1 \"hello\""},"hr":null,"call":null,"request":null})");
}

void tst_TraceFormat::jsonLine()
{
    QFETCH(int, index);
    QFETCH(QString, expected);
    const std::string line = toJsonLine(*m_store, m_store->at(std::size_t(index)), false);
    QCOMPARE(toQString(line), expected);
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(line), &error);
    QVERIFY2(doc.isObject(), qPrintable(error.errorString()));
    QCOMPARE(doc.object().size(), 15);
    QVERIFY(line.find('\n') == std::string::npos);
    // A store without wall time says so with null, as the last key.
    const std::string withWall = toJsonLine(*m_store, m_store->at(std::size_t(index)), true);
    QCOMPARE(toQString(withWall), expected.chopped(1) + QStringLiteral(",\"wall_ns\":null}"));
}

void tst_TraceFormat::textLine_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("expected");
    // Columns: seq, seconds, thread (14), lanes (24), kind (8), phase (6), name (40), then hr,
    // device, obj/req, args.
    QTest::addRow("win32 call with args")
        << int(WriteFileCall)
        << QStringLiteral("     0     0.000001000  app1            app1 -> kernel            "
                          "win32     call    kernel32::WriteFile                       "
                          "ROOT\\ECHO\\0000  req=3  hFile=\"h1\" lpBuffer=\"hello\" "
                          "nNumberOfBytesToWrite=5");
    QTest::addRow("callback return with hr")
        << int(OnWriteReturn)
        << QStringLiteral("     1     0.000002500  host1.dispatch  echo -> framework         "
                          "callback  return  IQueueCallbackWrite::OnWrite              "
                          "hr=0x00000000  ROOT\\ECHO\\0000  obj=7 req=3");
    QTest::addRow("nothing set")
        << int(PnpEventNothingSet)
        << QStringLiteral("     2     0.000000000  -               -                         "
                          "pnp       event   -");
    QTest::addRow("every other arg type")
        << int(DdiWithEveryArgType)
        << QStringLiteral("     3  1234.567890123  host1.dispatch  echo -> framework         "
                          "ddi       call    IWDFDevice::CreateDeviceInterface         "
                          "obj=2  pDeviceInterfaceGuid={cdc35b6e-0be4-4936-bf5f-5537380a7c1a} "
                          "Flags=0xc0000001 pParent=1 fEnabled=false delta=-42 raw=hex:0001ff");
    QTest::addRow("escaping")
        << int(Escaping)
        << QStringLiteral("     4     1.000000000  app\t2           say \"hi\"                  "
                          "log       event   Note                                      "
                          "ROOT\\WEIRD\\0000  text=\"a\\\"b\\c\\n\\x01\\x1f\\x7f \u00e9 ")
            + QChar(0xFFFD) + QStringLiteral(" end\"");
    const QString xs(int(ArgsWriter::kCapacity) - 7 - 11, QLatin1Char('x'));
    QTest::addRow("cut string and dropped args")
        << int(CutAndDropped)
        << QStringLiteral("     5     0.000003000  app1            kernel -> app1            "
                          "win32     return  kernel32::ReadFile                        "
                          "hr=0x800703e5  req=4  note=\"")
            + xs + QStringLiteral(u"\"… (dropped)=2");
    QTest::addRow("action")
        << int(ActionRecord)
        << QStringLiteral("     6     0.000004000  user            user                      "
                          "action    event   write                                     "
                          "text=\"write h1 \\\"hello\\\"\"");
}

void tst_TraceFormat::textLine()
{
    QFETCH(int, index);
    QFETCH(QString, expected);
    const std::string line = toTextLine(*m_store, m_store->at(std::size_t(index)));
    // The text line keeps bytes as they are; the invalid byte shows as U+FFFD once decoded here.
    QCOMPARE(toQString(line), expected);
    QVERIFY(line.find('\n') == std::string::npos);
}

void tst_TraceFormat::wallTimeIsLastInJson()
{
    TraceStore store(true);
    store.append(RecordFields {});
    const QString line = toQString(toJsonLine(store, store.at(0), true));
    static const QRegularExpression tail(QStringLiteral(R"(,"request":null,"wall_ns":(\d+)\}$)"));
    const auto match = tail.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    QCOMPARE(quint64(match.captured(1).toULongLong()), quint64(store.wallNs(store.at(0))));
    QVERIFY(!toQString(toJsonLine(store, store.at(0), false)).contains(QStringLiteral("wall_ns")));
}

void tst_TraceFormat::jsonString_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("plain") << QByteArray("OnWrite") << QByteArray(R"("OnWrite")");
    QTest::addRow("empty") << QByteArray() << QByteArray(R"("")");
    QTest::addRow("backslashes") << QByteArray(R"(ROOT\ECHO\0000)")
                                 << QByteArray(R"("ROOT\\ECHO\\0000")");
    QTest::addRow("quote") << QByteArray(R"(a"b)") << QByteArray(R"("a\"b")");
    QTest::addRow("short escapes") << QByteArray("\n\r\t\b\f") << QByteArray(R"("\n\r\t\b\f")");
    QTest::addRow("other controls") << QByteArray("\x01\x1f", 2) << QByteArray(R"("\u0001\u001f")");
    QTest::addRow("NUL") << QByteArray("a\0b", 3) << QByteArray(R"("a\u0000b")");
    QTest::addRow("DEL and slash pass") << QByteArray("\x7f/") << QByteArray("\"\x7f/\"");
    QTest::addRow("utf-8 of every length")
        << QByteArray("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80")
        << QByteArray("\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
    QTest::addRow("lone continuation byte") << QByteArray("a\x80z") << QByteArray(R"("a\ufffdz")");
    QTest::addRow("sequence cut short")
        << QByteArray("\xE2\x82") << QByteArray(R"("\ufffd\ufffd")");
    QTest::addRow("overlong") << QByteArray("\xC0\xAF") << QByteArray(R"("\ufffd\ufffd")");
    QTest::addRow("surrogate") << QByteArray("\xED\xA0\x80")
                               << QByteArray(R"("\ufffd\ufffd\ufffd")");
    QTest::addRow("above U+10FFFF")
        << QByteArray("\xF4\x90\x80\x80") << QByteArray(R"("\ufffd\ufffd\ufffd\ufffd")");
}

void tst_TraceFormat::jsonString()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    std::string out;
    appendJsonString(out, std::string_view(input.constData(), std::size_t(input.size())));
    QCOMPARE(QByteArray::fromStdString(out), expected);
    // Whatever went in, what comes out parses as JSON.
    const QByteArray doc = "[" + QByteArray::fromStdString(out) + "]";
    QVERIFY(QJsonDocument::fromJson(doc).isArray());
}

void tst_TraceFormat::argValueText_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("expected");
    QTest::addRow("u64") << 0 << QStringLiteral("18446744073709551615");
    QTest::addRow("i64") << 1 << QStringLiteral("-9223372036854775808");
    QTest::addRow("hex32") << 2 << QStringLiteral("0x0000002a");
    QTest::addRow("bool") << 3 << QStringLiteral("true");
    QTest::addRow("string keeps backslashes") << 4 << QStringLiteral("\"C:\\dir\\x \\\"q\\\"\"");
    QTest::addRow("printable bytes") << 5 << QStringLiteral("\"hi t\"");
    QTest::addRow("binary bytes") << 6 << QStringLiteral("hex:00ff");
    QTest::addRow("bytes over the cap") << 7 << QStringLiteral(u"\"abcd\"…(10 bytes)");
    QTest::addRow("empty bytes") << 8 << QStringLiteral("\"\"");
    QTest::addRow("guid") << 9 << QStringLiteral("{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}");
    QTest::addRow("object") << 10 << QStringLiteral("12");
}

void tst_TraceFormat::argValueText()
{
    QFETCH(int, which);
    QFETCH(QString, expected);
    const std::size_t savedCap = ArgsWriter::bytesCap();
    ArgsWriter::setBytesCap(4);
    ArgsWriter w;
    w.u64("v", 0xFFFFFFFFFFFFFFFFull)
        .i64("v", std::numeric_limits<std::int64_t>::min())
        .hex32("v", 42)
        .boolean("v", true)
        .string("v", "C:\\dir\\x \"q\"")
        .bytes("v", asBytes("hi t"))
        .bytes("v", asBytes(std::string_view("\x00\xff", 2)))
        .bytes("v", asBytes("abcdefghij"))
        .bytes("v", {})
        .guid("v", kEchoGuid)
        .objectRef("v", 12);
    ArgsWriter::setBytesCap(savedCap);
    ArgsView view(w.data());
    ArgValue v;
    for (int i = 0; i <= which; ++i)
        QVERIFY(view.next(v));
    QCOMPARE(toQString(argValueToText(v)), expected);
}

void tst_TraceFormat::argsText()
{
    QCOMPARE(toQString(argsToText(*m_store, m_store->at(WriteFileCall))),
        QStringLiteral("hFile=\"h1\" lpBuffer=\"hello\" nNumberOfBytesToWrite=5"));
    QVERIFY(argsToText(*m_store, m_store->at(PnpEventNothingSet)).empty());
}

void tst_TraceFormat::guidText()
{
    std::array<std::byte, 16> raw {};
    for (std::size_t i = 0; i < 16; ++i)
        raw[i] = static_cast<std::byte>(kEchoGuid[i]);
    QCOMPARE(toQString(guidToText(raw)), QStringLiteral("{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}"));
    QCOMPARE(
        toQString(guidToText(std::span<const std::byte>(raw).first(15))), QStringLiteral("{?}"));
    raw.fill(std::byte { 0xAB });
    QCOMPARE(toQString(guidToText(raw)), QStringLiteral("{abababab-abab-abab-abab-abababababab}"));
}

QTEST_APPLESS_MAIN(tst_TraceFormat)
#include "tst_traceformat.moc"
