// The action language: every verb parses into its typed form, prints back to the same line, and
// every mistake is reported at the column of the offending token.
#include "core/scenario/actionparser.h"
#include "core/scenario/win32errors.h"

#include <QtTest/QtTest>

using namespace umdfx::scenario;

class tst_ActionParser : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void typedFields();
    void errors_data();
    void errors();
    void scriptSkipsCommentsAndBlankLines();
    void win32Errors();
};

void tst_ActionParser::roundTrip_data()
{
    QTest::addColumn<QString>("line");
    const QString g = QStringLiteral("{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}");
    for (const QString &l : { "open h1 " + g + "\\Port1", "open h1 " + g + " async",
             "open h1 \\\\?\\ROOT#ECHO#0000#" + g + "\\Port1", QString("write h1 \"hello\""),
             QString("write h1 hex:00ff10 repeat 3"), QString("writeex h1 \"a\\\"b\\\\c\\n\""),
             QString("read h1 16"), QString("readex h1 4"),
             QString("ioctl h1 0x222004 hex:01 out 8"), QString("cancel h1"), QString("close h1"),
             "disable ROOT\\ECHO\\0000 " + g + " Port1", "enable ROOT\\ECHO\\0000 " + g,
             QString("start ROOT\\ECHO\\0000"), QString("remove ROOT\\ECHO\\0000"),
             QString("query-remove ROOT\\ECHO\\0000"), QString("surprise-remove ROOT\\ECHO\\0000"),
             "post-event ROOT\\ECHO\\0000 " + g + " hex:0102", "register-notify " + g,
             QString("register-notify-handle h1"), QString("advance 100ms"),
             QString("@app2 close h2"), QString("expect result ok"),
             QString("expect result error ERROR_MORE_DATA"), QString("expect result error 9999"),
             QString("expect bytes 5"), QString("expect data \"hello\""),
             QString("expect trace IQueueCallbackWrite::OnWrite count 2"),
             QString("expect no-trace IPnpCallback::OnD0Exit"),
             "expect interface " + g + "\\Port1 disabled",
             QString("expect device ROOT\\ECHO\\0000 surprise-removed"),
             QString("expect handle h1 pending") })
        QTest::addRow("%s", qPrintable(l)) << l;
}

void tst_ActionParser::roundTrip()
{
    QFETCH(QString, line);
    const auto parsed = parseActionLine(line.toStdString(), "t", 1);
    if (auto *err = std::get_if<LoadError>(&parsed))
        QFAIL(err->toString().c_str());
    const Action &a = std::get<Action>(parsed);
    QCOMPARE(QString::fromStdString(formatAction(a)), line);
    QCOMPARE(QString::fromStdString(a.text), line);
}

void tst_ActionParser::typedFields()
{
    const auto w = std::get<Action>(
        parseActionLine("  @tool write h7 hex:00FF repeat 2   # two writes", "t", 3));
    QCOMPARE(QString::fromStdString(w.app), QStringLiteral("tool"));
    QCOMPARE(w.where.line, 3);
    QCOMPARE(w.where.column, 3);
    QCOMPARE(QString::fromStdString(w.text), QStringLiteral("@tool write h7 hex:00FF repeat 2"));
    const auto &op = std::get<WriteAction>(w.op);
    QCOMPARE(QString::fromStdString(op.handle), QStringLiteral("h7"));
    QCOMPARE(op.data.bytes, (std::vector<std::byte> { std::byte { 0x00 }, std::byte { 0xFF } }));
    QCOMPARE(op.repeat, 2u);

    const auto o = std::get<Action>(
        parseActionLine("open h1 {CDC35B6E-0BE4-4936-BF5F-5537380A7C1A}\\Port1", "t", 1));
    const auto &path = std::get<OpenAction>(o.op).path;
    QVERIFY(path.isShortForm && path.hasReference);
    QCOMPARE(QString::fromStdString(path.reference), QStringLiteral("Port1"));
    QCOMPARE(path.guid[0], std::uint8_t(0x6E)); // Data1 little-endian in memory
    QCOMPARE(path.guid[3], std::uint8_t(0xCD));

    const auto adv = std::get<Action>(parseActionLine("advance 2s", "t", 1));
    QCOMPARE(std::get<AdvanceAction>(adv.op).ns, std::int64_t(2000000000));
    const auto e
        = std::get<Action>(parseActionLine("expect result error ERROR_FILE_NOT_FOUND", "t", 1));
    QCOMPARE(std::get<ExpectAction>(e.op).error, 2u);
}

void tst_ActionParser::errors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");
    QTest::addRow("unknown verb") << "wirte h1 \"x\""
                                  << "t:4:1: unknown action 'wirte' (did you mean 'write'?)";
    QTest::addRow("unknown verb, no suggestion") << "frobnicate"
                                                 << "t:4:1: unknown action 'frobnicate'";
    QTest::addRow("missing handle") << "write"
                                    << "t:4:6: missing handle name";
    QTest::addRow("missing data") << "write h1"
                                  << "t:4:9: missing data to write";
    QTest::addRow("bad hex digit") << "write h1 hex:0g"
                                   << "t:4:15: bad hex digit 'g'";
    QTest::addRow("odd hex") << "write h1 hex:abc"
                             << "t:4:14: hex data needs an even number of digits";
    QTest::addRow("unterminated string") << "write h1 \"abc"
                                         << "t:4:10: unterminated string";
    QTest::addRow("unknown escape") << "write h1 \"a\\qb\""
                                    << "t:4:12: unknown escape '\\q'";
    QTest::addRow("extra token") << "close h1 now"
                                 << "t:4:10: unexpected 'now' at the end of the action";
    QTest::addRow("bad handle name") << "close h/1"
                                     << "t:4:7: handle name 'h/1' may contain only";
    QTest::addRow("not a number") << "read h1 ten"
                                  << "t:4:9: expected byte count (a number), got 'ten'";
    QTest::addRow("duration without unit") << "advance 100"
                                           << "t:4:12: duration needs a unit (ns, us, ms, s)";
    QTest::addRow("duration unit") << "advance 5min"
                                   << "t:4:10: unknown duration unit 'min'";
    QTest::addRow("bad GUID") << "disable ROOT\\E\\0 {not-a-guid}"
                              << "t:4:18: expected interface class GUID in braces";
    QTest::addRow("bad interface path") << "open h1 COM5"
                                        << "t:4:9: expected an interface path";
    QTest::addRow("path without #{") << "open h1 \\\\?\\COM5"
                                     << "t:4:9: '\\\\?\\COM5' is not a device interface path";
    QTest::addRow("not an instance id") << "start ECHO"
                                        << "t:4:7: 'ECHO' is not a device instance ID";
    QTest::addRow("unknown error name") << "expect result error ERROR_NOPE"
                                        << "t:4:21: unknown Win32 error name 'ERROR_NOPE'";
    QTest::addRow("unknown expectation") << "expect weather sunny"
                                         << "t:4:8: unknown expectation 'weather'";
    QTest::addRow("bad method name") << "expect trace OnWrite"
                                     << "t:4:14: expected Interface::Method";
    QTest::addRow("unknown device state") << "expect device ROOT\\E\\0 happy"
                                          << "t:4:24: unknown device state 'happy'";
    QTest::addRow("bad interface state")
        << "expect interface {cdc35b6e-0be4-4936-bf5f-5537380a7c1a} on"
        << "t:4:57: expected interface state (enabled, disabled, absent), got 'on'";
    QTest::addRow("repeat zero") << "write h1 \"x\" repeat 0"
                                 << "t:4:21: repeat count must be at least 1";
    QTest::addRow("empty app") << "@ close h1"
                               << "t:4:1: '@' must be followed by an application name";
}

void tst_ActionParser::errors()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);
    const auto parsed = parseActionLine(line.toStdString(), "t", 4);
    QVERIFY2(std::holds_alternative<LoadError>(parsed), "the line was accepted");
    const QString message = QString::fromStdString(std::get<LoadError>(parsed).toString());
    QVERIFY2(message.startsWith(expected), qPrintable(message));
}

void tst_ActionParser::scriptSkipsCommentsAndBlankLines()
{
    const auto parsed
        = parseActions("# comment\n\n   \nclose h1\n  # indented comment\nclose h2\n", "s");
    QVERIFY(std::holds_alternative<std::vector<Action>>(parsed));
    const auto &actions = std::get<std::vector<Action>>(parsed);
    QCOMPARE(actions.size(), std::size_t(2));
    QCOMPARE(actions[1].where.line, 6);
    const auto bad = parseActions("close h1\nclose\n", "s");
    QCOMPARE(QString::fromStdString(std::get<LoadError>(bad).toString()),
        QStringLiteral("s:2:6: missing handle name"));
}

void tst_ActionParser::win32Errors()
{
    QCOMPARE(win32ErrorByName("ERROR_MORE_DATA").value(), 234u);
    QCOMPARE(win32ErrorByName("ERROR_DRIVER_PROCESS_TERMINATED").value(), 1291u);
    QVERIFY(!win32ErrorByName("MORE_DATA"));
    QCOMPARE(QString::fromLatin1(win32ErrorName(2).data(), int(win32ErrorName(2).size())),
        QStringLiteral("ERROR_FILE_NOT_FOUND"));
    QVERIFY(win32ErrorName(424242).empty());
}

QTEST_APPLESS_MAIN(tst_ActionParser)
#include "tst_actionparser.moc"
