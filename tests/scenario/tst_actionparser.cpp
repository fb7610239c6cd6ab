// The action language: every verb parses into its typed form, prints back to its canonical line
// (and parses again to the same action), and every mistake is reported with its exact message at
// the column of the offending token or character.
#include "core/scenario/actionparser.h"

#include <QtTest/QtTest>

using namespace umdfx::scenario;

namespace {

const std::string kEcho = "{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}";
// GUID_DEVINTERFACE_ECHO in Windows memory layout (Data1..3 little-endian).
const GuidBytes kEchoBytes = { 0x6e, 0x5b, 0xc3, 0xcd, 0xe4, 0x0b, 0x36, 0x49, 0xbf, 0x5f, 0x55,
    0x37, 0x38, 0x0a, 0x7c, 0x1a };

Action parseOrFail(const std::string &line)
{
    auto parsed = parseActionLine(line, "t", 1);
    if (auto *err = std::get_if<LoadError>(&parsed)) {
        qWarning("%s", err->toString().c_str());
        return {};
    }
    return std::get<Action>(std::move(parsed));
}

template<class T> T opOf(const std::string &line)
{
    const Action a = parseOrFail(line);
    const T *op = std::get_if<T>(&a.op);
    if (!op) {
        qWarning("'%s' did not parse into the expected action", line.c_str());
        return {};
    }
    return *op;
}

std::vector<std::byte> bytes(std::initializer_list<int> values)
{
    std::vector<std::byte> out;
    for (int v : values)
        out.push_back(static_cast<std::byte>(v));
    return out;
}

} // namespace

class tst_ActionParser : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void open();
    void writeAndRead();
    void ioctl();
    void handleActions();
    void interfaceState();
    void deviceActions();
    void events();
    void advance();
    void expectations();
    void application();
    void whereAndText();
    void formatsBuiltActions();
    void errors_data();
    void errors();
    void script();
    void scriptStopsAtTheFirstError();
};

void tst_ActionParser::roundTrip_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("canonical"); // empty: the line is canonical already
    const QString g = QString::fromStdString(kEcho);
    const QString G = g.toUpper();
    const auto same = [](const QString &l) { return std::make_pair(l, QString()); };
    const std::pair<QString, QString> rows[] = {
        same("open h1 " + g),
        same("open h1 " + g + "\\Port1"),
        same("open h1 " + g + "\\Port1 async"),
        same("open h1 " + G + "\\Port1"), // GUIDs keep the case they were written in
        same("open h1 \\\\?\\ROOT#ECHO#0000#" + g + "\\Port1"),
        same("open h1 \\\\?\\ROOT#ECHO#0000#" + g + "\\Port1\\extra"),
        same("open h1 \"" + g + "\\\\My Port\""),
        same(R"(write h1 "hello")"),
        same(R"(write h1 "")"),
        same("write h1 hex:00ff10 repeat 3"),
        same("write h1 hex:"),
        same(R"(writeex h1 "a\"b\\c\n\t\r")"),
        same("write h1 \"\xc3\xa9t\xc3\xa9\""), // UTF-8 text stays readable
        { R"(write h1 "\x41\x00\xff\x7f")", R"(write h1 "A\x00\xff\x7f")" },
        { R"(write h1 "\0")", R"(write h1 "\x00")" },
        { "write h1 hex:00FF", "write h1 hex:00ff" },
        { R"(write h1 "x" repeat 1)", R"(write h1 "x")" },
        same("read h1 16"),
        same("readex h1 4"),
        same("ioctl h1 0x222004"),
        same("ioctl h1 0x222004 hex:01 out 8"),
        same("ioctl h1 0x1 \"out\""),
        { "ioctl h1 2236420 out 8", "ioctl h1 0x222004 out 8" },
        { "ioctl h1 0x10 \"\" out 0", "ioctl h1 0x10" },
        same("cancel h1"),
        same("close h1"),
        same("disable ROOT\\ECHO\\0000 " + g + " Port1"),
        same("disable ROOT\\ECHO\\0000 " + g + " \"My Port\""),
        same("enable ROOT\\ECHO\\0000 " + g),
        same("start ROOT\\ECHO\\0000"),
        same("stop ROOT\\ECHO\\0000"),
        same("remove ROOT\\ECHO\\0000"),
        same("query-remove ROOT\\ECHO\\0000"),
        same("surprise-remove ROOT\\ECHO\\0000"),
        same("post-event ROOT\\ECHO\\0000 " + g),
        same("post-event ROOT\\ECHO\\0000 " + g + " hex:0102"),
        same("disable-device ROOT\\ECHO\\0000"),
        same("enable-device ROOT\\ECHO\\0000"),
        same("register-notification " + g),
        same("register-notification h1"),
        { "register-notify " + g, "register-notification " + g },
        { "register-notify-handle h1", "register-notification h1" },
        same("advance 100ms"),
        same("advance 1500ms"),
        { "advance 1000ms", "advance 1s" },
        { "advance 0ns", "advance 0s" },
        same("advance 250us"),
        same("advance 10ns"),
        same("record-limit 10000000"),
        same("record-limit 0"),
        same("unregister-notification h1"),
        same("unregister-notification " + g),
        same("@app2 close h2"),
        { "@app1 close h1", "close h1" },
        same("expect result ok"),
        same("expect result error ERROR_MORE_DATA"),
        { "expect result error 234", "expect result error ERROR_MORE_DATA" },
        { "expect result error 0x3E3", "expect result error ERROR_OPERATION_ABORTED" },
        same("expect result error 9999"),
        same("expect bytes 5"),
        same(R"(expect data "hello")"),
        same("expect data hex:0a0b"),
        same("expect trace IQueueCallbackWrite::OnWrite"),
        same("expect trace IQueueCallbackWrite::OnWrite count 2"),
        same("expect trace WM_DEVICECHANGE::DBT_DEVICEARRIVAL count 0"),
        same("expect no-trace IPnpCallback::OnD0Exit"),
        same("expect interface " + g + "\\Port1 disabled"),
        same("expect interface \\\\?\\ROOT#ECHO#0000#" + g + " absent"),
        same("expect device ROOT\\ECHO\\0000 surprise-removed"),
        same("expect handle h1 pending"),
        { "  write   h1\t\"x\"   # comment", R"(write h1 "x")" },
    };
    for (const auto &[line, canonical] : rows)
        QTest::addRow("%s", qPrintable(line)) << line << canonical;
}

void tst_ActionParser::roundTrip()
{
    QFETCH(QString, line);
    QFETCH(QString, canonical);
    const std::string expected = (canonical.isEmpty() ? line : canonical).toStdString();
    const auto parsed = parseActionLine(line.toStdString(), "t", 1);
    if (auto *err = std::get_if<LoadError>(&parsed))
        QFAIL(err->toString().c_str());
    const Action &a = std::get<Action>(parsed);
    const std::string formatted = formatAction(a);
    QCOMPARE(formatted, expected);
    const auto again = parseActionLine(formatted, "t", 1);
    if (auto *err = std::get_if<LoadError>(&again))
        QFAIL(err->toString().c_str());
    const Action &b = std::get<Action>(again);
    QVERIFY(b.op == a.op);
    QCOMPARE(b.app, a.app);
    QCOMPARE(formatAction(b), formatted);
}

void tst_ActionParser::open()
{
    const auto shortForm
        = opOf<OpenAction>("open h1 {CDC35B6E-0BE4-4936-BF5F-5537380A7C1A}\\Port1");
    QCOMPARE(shortForm.handle, std::string("h1"));
    QVERIFY(shortForm.path.isShortForm);
    QVERIFY(shortForm.path.guid == kEchoBytes);
    QVERIFY(shortForm.path.hasReference);
    QCOMPARE(shortForm.path.reference, std::string("Port1"));
    QCOMPARE(shortForm.path.text, std::string("{CDC35B6E-0BE4-4936-BF5F-5537380A7C1A}\\Port1"));
    QVERIFY(shortForm.path.instanceId.empty());
    QVERIFY(!shortForm.async);

    const auto noRef = opOf<OpenAction>("open h2 " + kEcho + " async");
    QVERIFY(noRef.path.isShortForm);
    QVERIFY(!noRef.path.hasReference);
    QVERIFY(noRef.async);

    const std::string link = "\\\\?\\ROOT#ECHO#0000#" + kEcho + "\\Port1\\extra";
    const auto full = opOf<OpenAction>("open h3 " + link);
    QVERIFY(!full.path.isShortForm);
    QCOMPARE(full.path.text, link);
    QCOMPARE(full.path.instanceId, std::string("ROOT\\ECHO\\0000"));
    QVERIFY(full.path.guid == kEchoBytes);
    QVERIFY(full.path.hasReference);
    QCOMPARE(full.path.reference, std::string("Port1\\extra"));

    const auto quoted = opOf<OpenAction>("open h4 \"" + kEcho + "\\\\My Port\"");
    QCOMPARE(quoted.path.reference, std::string("My Port"));
}

void tst_ActionParser::writeAndRead()
{
    const auto w = opOf<WriteAction>("write h7 hex:00FF repeat 2");
    QCOMPARE(w.handle, std::string("h7"));
    QVERIFY(w.data.bytes == bytes({ 0x00, 0xFF }));
    QVERIFY(w.data.hex);
    QCOMPARE(w.repeat, 2u);
    QVERIFY(!w.ex);

    const auto text = opOf<WriteAction>(R"(write h1 "a\\b\"c\n\t\r\0\x41")");
    QVERIFY(text.data.bytes == bytes({ 'a', '\\', 'b', '"', 'c', '\n', '\t', '\r', 0, 'A' }));
    QVERIFY(!text.data.hex);
    QCOMPARE(text.repeat, 1u);

    const auto ex = opOf<WriteAction>(R"(writeex h1 "x")");
    QVERIFY(ex.ex);
    QVERIFY(ex.data.bytes == bytes({ 'x' }));

    const auto r = opOf<ReadAction>("read h1 100");
    QCOMPARE(r.handle, std::string("h1"));
    QCOMPARE(r.size, 100u);
    QVERIFY(!r.ex);
    QVERIFY(opOf<ReadAction>("readex h1 0").ex);
    QCOMPARE(opOf<ReadAction>("read h1 0x10").size, 16u);
}

void tst_ActionParser::ioctl()
{
    const auto full = opOf<IoctlAction>("ioctl h1 0x222004 hex:0102 out 64");
    QCOMPARE(full.handle, std::string("h1"));
    QCOMPARE(full.code, 0x222004u);
    QVERIFY(full.input.bytes == bytes({ 1, 2 }));
    QCOMPARE(full.outputSize, 64u);

    const auto bare = opOf<IoctlAction>("ioctl h1 7");
    QCOMPARE(bare.code, 7u);
    QVERIFY(bare.input.bytes.empty());
    QCOMPARE(bare.outputSize, 0u);

    const auto outOnly = opOf<IoctlAction>("ioctl h1 7 out 4");
    QVERIFY(outOnly.input.bytes.empty());
    QCOMPARE(outOnly.outputSize, 4u);

    // A quoted "out" is input data, not the keyword.
    const auto quotedOut = opOf<IoctlAction>(R"(ioctl h1 7 "out")");
    QVERIFY(quotedOut.input.bytes == bytes({ 'o', 'u', 't' }));
    QCOMPARE(quotedOut.outputSize, 0u);
    QCOMPARE(opOf<IoctlAction>("ioctl h1 0xFFFFFFFF").code, 0xFFFFFFFFu);
}

void tst_ActionParser::handleActions()
{
    QCOMPARE(opOf<CancelAction>("cancel h_1-x").handle, std::string("h_1-x"));
    QCOMPARE(opOf<CloseAction>("close H2").handle, std::string("H2"));
    const auto r = opOf<RegisterNotifyAction>("register-notify-handle h3");
    QVERIFY(r.handleNotification);
    QCOMPARE(r.handle, std::string("h3"));
}

void tst_ActionParser::interfaceState()
{
    const auto d = opOf<InterfaceStateAction>("disable root\\echo\\0000 " + kEcho + " Port1");
    QVERIFY(!d.enable);
    QCOMPARE(d.instanceId, std::string("root\\echo\\0000")); // case kept
    QVERIFY(d.guid == kEchoBytes);
    QCOMPARE(d.guidText, kEcho);
    QVERIFY(d.hasReference);
    QCOMPARE(d.reference, std::string("Port1"));
    const auto e = opOf<InterfaceStateAction>("enable ROOT\\ECHO\\0000 " + kEcho);
    QVERIFY(e.enable);
    QVERIFY(!e.hasReference);
}

void tst_ActionParser::deviceActions()
{
    const std::pair<const char *, DeviceAction::Op> verbs[] = {
        { "start", DeviceAction::Op::Start },
        { "stop", DeviceAction::Op::Stop },
        { "remove", DeviceAction::Op::Remove },
        { "query-remove", DeviceAction::Op::QueryRemove },
        { "disable-device", DeviceAction::Op::DisableDevice },
        { "enable-device", DeviceAction::Op::EnableDevice },
        { "surprise-remove", DeviceAction::Op::SurpriseRemove },
    };
    for (const auto &[verb, op] : verbs) {
        const auto d = opOf<DeviceAction>(std::string(verb) + " SWENUM\\CHILD\\1&2");
        QCOMPARE(d.op, op);
        QCOMPARE(d.instanceId, std::string("SWENUM\\CHILD\\1&2"));
        QCOMPARE(std::string(deviceOpWord(op)), std::string(verb));
    }
}

void tst_ActionParser::events()
{
    const auto p = opOf<PostEventAction>("post-event ROOT\\SENSOR\\0000 " + kEcho + " \"hi\"");
    QCOMPARE(p.instanceId, std::string("ROOT\\SENSOR\\0000"));
    QVERIFY(p.guid == kEchoBytes);
    QVERIFY(p.data.bytes == bytes({ 'h', 'i' }));
    QVERIFY(opOf<PostEventAction>("post-event ROOT\\S\\0 " + kEcho).data.bytes.empty());

    const auto r = opOf<RegisterNotifyAction>("register-notify " + kEcho);
    QVERIFY(!r.handleNotification);
    QVERIFY(r.guid == kEchoBytes);
    QCOMPARE(r.guidText, kEcho);
}

void tst_ActionParser::advance()
{
    QCOMPARE(opOf<AdvanceAction>("advance 10ns").ns, std::int64_t(10));
    QCOMPARE(opOf<AdvanceAction>("advance 250us").ns, std::int64_t(250000));
    QCOMPARE(opOf<AdvanceAction>("advance 100ms").ns, std::int64_t(100000000));
    QCOMPARE(opOf<AdvanceAction>("advance 5s").ns, std::int64_t(5000000000));
    QCOMPARE(opOf<AdvanceAction>("advance 9223372036s").ns, std::int64_t(9223372036000000000));
}

void tst_ActionParser::expectations()
{
    using W = ExpectAction::What;
    QCOMPARE(opOf<ExpectAction>("expect result ok").what, W::ResultOk);
    const auto err = opOf<ExpectAction>("expect result error ERROR_FILE_NOT_FOUND");
    QCOMPARE(err.what, W::ResultError);
    QCOMPARE(err.error, 2u);
    QCOMPARE(opOf<ExpectAction>("expect result error 1291").error, 1291u);

    const auto b = opOf<ExpectAction>("expect bytes 4294967295");
    QCOMPARE(b.what, W::Bytes);
    QCOMPARE(b.number, std::uint64_t(4294967295u));

    const auto d = opOf<ExpectAction>("expect data hex:0102");
    QCOMPARE(d.what, W::ReadData);
    QVERIFY(d.data.bytes == bytes({ 1, 2 }));

    const auto t = opOf<ExpectAction>("expect trace WUDFEchoDriver.dll::DllGetClassObject count 1");
    QCOMPARE(t.what, W::Trace);
    QCOMPARE(t.iface, std::string("WUDFEchoDriver.dll"));
    QCOMPARE(t.method, std::string("DllGetClassObject"));
    QVERIFY(t.hasCount);
    QCOMPARE(t.number, std::uint64_t(1));
    const auto any = opOf<ExpectAction>("expect trace IPnpCallback::OnD0Entry");
    QVERIFY(!any.hasCount);

    const auto n = opOf<ExpectAction>("expect no-trace IPnpCallback::OnD0Exit");
    QCOMPARE(n.what, W::NoTrace);
    QCOMPARE(n.iface, std::string("IPnpCallback"));
    QCOMPARE(n.method, std::string("OnD0Exit"));

    const auto i = opOf<ExpectAction>("expect interface " + kEcho + "\\Port2 enabled");
    QCOMPARE(i.what, W::Interface);
    QVERIFY(i.path.isShortForm);
    QCOMPARE(i.path.reference, std::string("Port2"));
    QCOMPARE(i.state, std::string("enabled"));

    for (const auto &state : deviceStateWords()) {
        const auto dev = opOf<ExpectAction>("expect device ROOT\\ECHO\\0000 " + state);
        QCOMPARE(dev.what, W::Device);
        QCOMPARE(dev.subject, std::string("ROOT\\ECHO\\0000"));
        QCOMPARE(dev.state, state);
    }

    const auto h = opOf<ExpectAction>("expect handle h1 closed");
    QCOMPARE(h.what, W::Handle);
    QCOMPARE(h.subject, std::string("h1"));
    QCOMPARE(h.state, std::string("closed"));
}

void tst_ActionParser::application()
{
    QCOMPARE(parseOrFail("close h1").app, std::string("app1"));
    QCOMPARE(parseOrFail("@tool-2 close h1").app, std::string("tool-2"));
}

void tst_ActionParser::whereAndText()
{
    const auto parsed
        = parseActionLine("  @tool write h7 \"a # b\" repeat 2   # two writes", "t", 3);
    QVERIFY(std::holds_alternative<Action>(parsed));
    const Action &a = std::get<Action>(parsed);
    QCOMPARE(a.where.toString(), std::string("t:3:3"));
    QCOMPARE(a.text, std::string("@tool write h7 \"a # b\" repeat 2"));
}

void tst_ActionParser::formatsBuiltActions()
{
    // The GUI builds actions without the as-written text fields; the canonical forms fill in.
    Action a;
    a.op = RegisterNotifyAction { false, kEchoBytes, {}, {} };
    QCOMPARE(formatAction(a), "register-notification " + kEcho);
    InterfacePath full;
    full.guid = kEchoBytes;
    full.instanceId = "ROOT\\ECHO\\0000";
    full.hasReference = true;
    full.reference = "Port1";
    a.op = OpenAction { "h1", full, false };
    QCOMPARE(formatAction(a), "open h1 \\\\?\\ROOT#ECHO#0000#" + kEcho + "\\Port1");
    InterfacePath shortForm;
    shortForm.isShortForm = true;
    shortForm.guid = kEchoBytes;
    a.app = "app2";
    a.op = OpenAction { "h2", shortForm, true };
    QCOMPARE(formatAction(a), "@app2 open h2 " + kEcho + " async");
    a.op = InterfaceStateAction { true, "ROOT\\ECHO\\0000", kEchoBytes, {}, true, "Port 2" };
    QCOMPARE(formatAction(a), "@app2 enable ROOT\\ECHO\\0000 " + kEcho + " \"Port 2\"");
}

void tst_ActionParser::errors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");
    const QString g = QString::fromStdString(kEcho);
    const struct
    {
        const char *name;
        QString line;
        QString expected;
    } rows[] = {
        // Tokens.
        { "unterminated string", "write h1 \"abc", "t:4:10: unterminated string" },
        { "unterminated by a final backslash", "write h1 \"abc\\", "t:4:10: unterminated string" },
        { "unknown escape", "write h1 \"a\\qb\"",
            "t:4:12: unknown escape '\\q' (known: \\\\ \\\" \\n \\t \\r \\0 \\xHH)" },
        { "short \\x escape", "write h1 \"\\x4\"", "t:4:14: \\x needs two hex digits" },
        { "bad \\x digit", "write h1 \"\\x4g\"", "t:4:14: bad hex digit 'g' in \\x escape" },
        { "text glued to a string", "write h1 \"ab\"cd",
            "t:4:14: expected a space after the closing quote" },
        { "columns count characters", "write h1 \"\xc3\xa9\xc3\xa9\" x",
            "t:4:15: unexpected 'x' at the end of the action" },
        // Verbs and applications.
        { "unknown verb", "wirte h1 \"x\"",
            "t:4:1: unknown action 'wirte' (did you mean 'write'?)" },
        { "unknown verb, no suggestion", "frobnicate", "t:4:1: unknown action 'frobnicate'" },
        { "quoted verb", "\"open\" h1", "t:4:1: expected a verb, got the quoted string \"open\"" },
        { "missing verb", "@app2",
            "t:4:6: missing verb (open, write, writeex, read, readex, ioctl, cancel, close, "
            "disable, enable, start, stop, remove, query-remove, surprise-remove, disable-device, "
            "enable-device, post-event, register-notification, register-notify, "
            "register-notify-handle, unregister-notification, advance, record-limit, expect)" },
        { "unregister-notification without what", "unregister-notification",
            "t:4:24: missing handle name" },
        { "record-limit past the knob's range", "record-limit 4294967296",
            "t:4:14: record count (0: no limit) 4294967296 is too large (at most 4294967295)" },
        { "record-limit without a count", "record-limit",
            "t:4:13: missing record count (0: no limit)" },
        { "empty application", "@ close h1", "t:4:1: '@' must be followed by an application name" },
        { "bad application name", "@ap/p close h1",
            "t:4:4: application name 'ap/p' may contain only letters, digits, '_' and '-'" },
        { "blank line", "   # only a comment",
            "t:4:1: no action (the line is blank or a comment)" },
        // Handles and numbers.
        { "missing handle", "write", "t:4:6: missing handle name" },
        { "bad handle name", "close h/1",
            "t:4:8: handle name 'h/1' may contain only letters, digits, '_' and '-'" },
        { "quoted handle", "close \"h1\"",
            "t:4:7: handle name must be a plain word, not a quoted string" },
        { "extra token", "close h1 now", "t:4:10: unexpected 'now' at the end of the action" },
        { "not a number", "read h1 ten", "t:4:9: expected byte count (a number), got 'ten'" },
        { "negative number", "read h1 -1", "t:4:9: expected byte count (a number), got '-1'" },
        { "bare 0x", "ioctl h1 0x", "t:4:10: expected IOCTL code (a number), got '0x'" },
        { "read too large", "read h1 67108865",
            "t:4:9: byte count 67108865 is too large (at most 67108864)" },
        { "number beyond 64 bits", "read h1 99999999999999999999999",
            "t:4:9: byte count 99999999999999999999999 is too large (at most 67108864)" },
        { "ioctl code beyond 32 bits", "ioctl h1 0x100000000",
            "t:4:10: IOCTL code 0x100000000 is too large (at most 4294967295)" },
        { "ioctl out without size", "ioctl h1 1 out", "t:4:15: missing output size" },
        // Data.
        { "missing data", "write h1", "t:4:9: missing data to write" },
        { "bare word as data", "write h1 hello",
            "t:4:10: expected data to write: \"text\" or hex:00ff…, got 'hello'" },
        { "bad hex digit", "write h1 hex:0g", "t:4:15: bad hex digit 'g'" },
        { "odd hex", "write h1 hex:abc", "t:4:14: hex data needs an even number of digits" },
        { "repeat zero", "write h1 \"x\" repeat 0", "t:4:21: repeat count must be at least 1" },
        { "repeat misspelt", "write h1 \"x\" repaet 2",
            "t:4:14: unexpected 'repaet' at the end of the action (did you mean 'repeat'?)" },
        { "writeex has no repeat", "writeex h1 \"x\" repeat 2",
            "t:4:16: unexpected 'repeat' at the end of the action" },
        // GUIDs and interface paths.
        { "bad GUID", "disable ROOT\\E\\0 {not-a-guid}",
            "t:4:18: expected interface class GUID in braces, e.g. "
            "{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}" },
        { "GUID without braces", "register-notify cdc35b6e-0be4-4936-bf5f-5537380a7c1a",
            "t:4:17: expected interface class GUID in braces, e.g. "
            "{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}" },
        { "bad hex digit in a GUID", "register-notify {cdc35b6e-0be4-4936-bf5f-5537380a7c1z}",
            "t:4:53: bad hex digit 'z' in the GUID" },
        { "text after a GUID", "register-notify " + g + "x",
            "t:4:55: unexpected 'x' after the GUID" },
        { "missing GUID", "post-event ROOT\\E\\0", "t:4:20: missing event GUID" },
        { "bad interface path", "open h1 COM5",
            "t:4:9: expected an interface path: {guid}, {guid}\\Ref or a \\\\?\\… symbolic link, "
            "got 'COM5'" },
        { "link without a GUID", "open h1 \\\\?\\COM5",
            "t:4:9: '\\\\?\\COM5' is not a device interface path "
            "(\\\\?\\ENUMERATOR#DEVICE#INSTANCE#{class guid}[\\Ref])" },
        { "link with a short instance ID", "open h1 \\\\?\\ROOT#ECHO#" + g,
            "t:4:9: '\\\\?\\ROOT#ECHO#" + g
                + "' is not a device interface path "
                  "(\\\\?\\ENUMERATOR#DEVICE#INSTANCE#{class guid}[\\Ref])" },
        { "bad character in a link's instance ID", "open h1 \\\\?\\ROOT#EC,HO#0000#" + g,
            "t:4:20: instance ID 'ROOT\\EC,HO\\0000' in the path contains ',' (allowed: printable "
            "ASCII except space, ',', '#' and '/')" },
        { "bad GUID in a link", "open h1 \\\\?\\ROOT#ECHO#0000#{cdc35b6e}",
            "t:4:28: expected interface class GUID in braces, e.g. "
            "{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}" },
        { "junk after the GUID", "open h1 " + g + "x",
            "t:4:47: after the GUID comes \\ and a reference string" },
        { "nothing after the backslash", "open h1 " + g + "\\",
            "t:4:47: a reference string must follow '\\'" },
        { "path in a short form", "open h1 " + g + "\\Port1\\x",
            "t:4:53: a reference string cannot contain '\\' (to open a name below an interface, "
            "give the full \\\\?\\… path)" },
        { "async misspelt", "open h1 " + g + " asnyc",
            "t:4:48: unexpected 'asnyc' at the end of the action (did you mean 'async'?)" },
        { "reference with a slash", "disable ROOT\\E\\0 " + g + " a/b",
            "t:4:58: a reference string cannot contain '/' (to open a name below an interface, "
            "give the full \\\\?\\… path)" },
        { "empty reference", "disable ROOT\\E\\0 " + g + " \"\"",
            "t:4:57: a reference string cannot be empty" },
        // Instance IDs.
        { "not an instance ID", "start ECHO",
            "t:4:7: instance ID 'ECHO' must have the form ENUMERATOR\\DEVICE\\INSTANCE" },
        { "instance ID with #", "stop ROOT\\E#1\\0",
            "t:4:12: instance ID 'ROOT\\E#1\\0' contains '#' (allowed: printable ASCII except "
            "space, ',', '#' and '/')" },
        { "missing instance ID", "surprise-remove",
            "t:4:16: missing device instance ID (e.g. ROOT\\ECHO\\0000)" },
        // Durations.
        { "duration without unit", "advance 100", "t:4:12: duration needs a unit (ns, us, ms, s)" },
        { "duration unit", "advance 5min", "t:4:10: unknown duration unit 'min' (ns, us, ms, s)" },
        { "duration without digits", "advance ms",
            "t:4:9: expected a duration such as 100ms, got 'ms'" },
        { "duration too long", "advance 9223372037s", "t:4:9: duration 9223372037s is too long" },
        { "missing duration", "advance", "t:4:8: missing duration (e.g. 100ms)" },
        // Expectations.
        { "missing expectation", "expect",
            "t:4:7: missing what to expect (result, bytes, data, trace, no-trace, interface, "
            "device, handle)" },
        { "unknown expectation", "expect weather sunny",
            "t:4:8: unknown expectation 'weather' (expected result, bytes, data, trace, no-trace, "
            "interface, device, handle)" },
        { "misspelt expectation", "expect reslt ok",
            "t:4:8: unknown expectation 'reslt' (did you mean 'result'?)" },
        { "bad result", "expect result fine", "t:4:15: expected result (ok, error), got 'fine'" },
        { "unknown error name", "expect result error ERROR_NOPE",
            "t:4:21: unknown Win32 error name 'ERROR_NOPE'" },
        { "misspelt error name", "expect result error ERROR_FILE_NOT_FOND",
            "t:4:21: unknown Win32 error name 'ERROR_FILE_NOT_FOND' (did you mean "
            "'ERROR_FILE_NOT_FOUND'?)" },
        { "missing error", "expect result error", "t:4:20: missing error number or ERROR_NAME" },
        { "bad method name", "expect trace OnWrite",
            "t:4:14: expected Interface::Method (e.g. IQueueCallbackWrite::OnWrite), got "
            "'OnWrite'" },
        { "count without number", "expect trace I::M count", "t:4:24: missing count" },
        { "no-trace has no count", "expect no-trace I::M count 1",
            "t:4:22: unexpected 'count' at the end of the action" },
        { "unknown device state", "expect device ROOT\\E\\0 happy",
            "t:4:24: expected device state (not-started, starting, started, start-failed, "
            "query-remove, removing, removed, surprise-removed, not-present, no-driver, "
            "host-failed, query-stop, stopped), got 'happy'" },
        { "misspelt device state", "expect device ROOT\\E\\0 stared",
            "t:4:24: expected device state (not-started, starting, started, start-failed, "
            "query-remove, removing, removed, surprise-removed, not-present, no-driver, "
            "host-failed, query-stop, stopped), got 'stared' (did you mean 'started'?)" },
        { "bad interface state", "expect interface " + g + " on",
            "t:4:57: expected interface state (enabled, disabled, absent), got 'on'" },
        { "bad handle state", "expect handle h1 opn",
            "t:4:18: expected handle state (open, closed, pending), got 'opn' (did you mean "
            "'open'?)" },
        { "expect data as a word", "expect data x",
            "t:4:13: expected expected data: \"text\" or hex:00ff…, got 'x'" },
        { "bytes beyond 32 bits", "expect bytes 4294967296",
            "t:4:14: byte count 4294967296 is too large (at most 4294967295)" },
    };
    for (const auto &r : rows)
        QTest::addRow("%s", r.name) << r.line << r.expected;
}

void tst_ActionParser::errors()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);
    const auto parsed = parseActionLine(line.toStdString(), "t", 4);
    QVERIFY2(std::holds_alternative<LoadError>(parsed), "the line was accepted");
    QCOMPARE(QString::fromStdString(std::get<LoadError>(parsed).toString()), expected);
}

void tst_ActionParser::script()
{
    const auto parsed = parseActions("\xef\xbb\xbf# comment\r\n\r\n   \nclose h1\r\n  # indented "
                                     "comment\n\tclose h2 # trailing\nclose h3",
        "s");
    QVERIFY(std::holds_alternative<std::vector<Action>>(parsed));
    const auto &actions = std::get<std::vector<Action>>(parsed);
    QCOMPARE(actions.size(), std::size_t(3));
    QCOMPARE(actions[0].where.toString(), std::string("s:4:1"));
    QCOMPARE(actions[0].text, std::string("close h1"));
    QCOMPARE(actions[1].where.toString(), std::string("s:6:2"));
    QCOMPARE(actions[1].text, std::string("close h2"));
    QCOMPARE(std::get<CloseAction>(actions[2].op).handle, std::string("h3"));
    QCOMPARE(actions[2].where.line, 7);
    QVERIFY(std::get<std::vector<Action>>(parseActions("", "s")).empty());
    QVERIFY(std::get<std::vector<Action>>(parseActions("\n# c\n\n", "s")).empty());
}

void tst_ActionParser::scriptStopsAtTheFirstError()
{
    const auto bad = parseActions("close h1\n\n  clse h2\nclose\n", "actions.txt");
    QVERIFY(std::holds_alternative<LoadError>(bad));
    QCOMPARE(std::get<LoadError>(bad).toString(),
        std::string("actions.txt:3:3: unknown action 'clse' (did you mean 'close'?)"));
    // A byte order mark takes no column.
    const auto bom = parseActions("\xef\xbb\xbfwirte h1", "a");
    QCOMPARE(std::get<LoadError>(bom).toString(),
        std::string("a:1:1: unknown action 'wirte' (did you mean 'write'?)"));
    // A line break inside one line is refused, not split.
    const auto twoLines = parseActionLine("close h1\nclose h2", "a", 1);
    QCOMPARE(
        std::get<LoadError>(twoLines).toString(), std::string("a:1:9: an action is a single line"));
}

QTEST_APPLESS_MAIN(tst_ActionParser)
#include "tst_actionparser.moc"
