// The trace filter language (core/trace/tracequery.h): which records each filter keeps, and
// the message of each kind of mistake.
#include "tests/trace/syntheticstore.h"

#include "core/trace/tracequery.h"

#include <QtTest/QtTest>

using testing::Rec;
using umdfx::trace::Kind;
using umdfx::trace::Phase;
using umdfx::trace::TraceQuery;

class tst_TraceQuery : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void matches_data();
    void matches();
    void errors_data();
    void errors();
    void emptyMatchesEverything();

private:
    umdfx::trace::TraceStore m_store;
};

void tst_TraceQuery::initTestCase()
{
    using namespace testing;
    umdfx::trace::ArgsWriter writeArgs;
    writeArgs.bytes("lpBuffer", std::as_bytes(std::span("hello", 5)));
    add(m_store,
        { Kind::Win32, Phase::Call, "kernel32", "WriteFile", "ROOT\\ECHO\\0000", "app1", "app1",
            "kernel", 0, 7, 1 },
        &writeArgs); // 0
    add(m_store,
        { Kind::Callback, Phase::Call, "IQueueCallbackWrite", "OnWrite", "ROOT\\ECHO\\0000",
            "host1", "framework", "echo", 5, 7, 2 }); // 1
    add(m_store,
        { Kind::Ddi, Phase::Call, "IWDFIoRequest", "CompleteWithInformation", "ROOT\\ECHO\\0000",
            "host1", "echo", "framework", 8, 7, 3 }); // 2
    add(m_store,
        { Kind::Ddi, Phase::Return, "IWDFIoRequest", "CompleteWithInformation", "ROOT\\ECHO\\0000",
            "host1", "framework", "echo", 8, 7, 3 }); // 3
    add(m_store,
        { Kind::Callback, Phase::Return, "IQueueCallbackWrite", "OnWrite", "ROOT\\ECHO\\0000",
            "host1", "echo", "framework", 5, 7, 2 }); // 4
    add(m_store,
        { Kind::Win32, Phase::Return, "kernel32", "WriteFile", "ROOT\\ECHO\\0000", "app1", "kernel",
            "app1", 0, 7, 1, true, 0 }); // 5
    add(m_store,
        { Kind::Callback, Phase::Return, "IUnknown", "QueryInterface", "ROOT\\ECHO\\0000", "host1",
            "echo", "framework", 4, 0, 9, true, 0x80004002u }); // 6
    add(m_store,
        { Kind::Win32, Phase::Return, "kernel32", "CreateFile", "ROOT\\SENSOR\\0000", "app2",
            "kernel", "app2", 0, 8, 10, true, 0x80070002u }); // 7
    add(m_store,
        { Kind::Verifier, Phase::Event, "UMDFVerifier", "V5", "ROOT\\SENSOR\\0000", "host2",
            "verifier", "sensor", 12, 0, 0 }); // 8
}

void tst_TraceQuery::matches_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("expected"); // record indexes, space-separated

    QTest::addRow("method substring") << "method:OnWrite"
                                      << "1 4";
    QTest::addRow("method exact") << "method:=Write"
                                  << "";
    QTest::addRow("method wildcard") << "method:*File"
                                     << "0 5 7";
    QTest::addRow("iface::method") << "method:IWDFIoRequest::Complete*"
                                   << "2 3";
    QTest::addRow("device") << "device:ECHO"
                            << "0 1 2 3 4 5 6";
    QTest::addRow("request") << "request:7"
                             << "0 1 2 3 4 5";
    QTest::addRow("request range") << "request:7-8"
                                   << "0 1 2 3 4 5 7";
    QTest::addRow("kind") << "kind:callback"
                          << "1 4 6";
    QTest::addRow("kind alternatives") << "kind:callback,ddi"
                                       << "1 2 3 4 6";
    QTest::addRow("phase") << "phase:return"
                           << "3 4 5 6 7";
    QTest::addRow("hr not S_OK") << "hr:!0"
                                 << "6 7";
    QTest::addRow("hr by Win32 name") << "hr:ERROR_FILE_NOT_FOUND"
                                      << "7";
    QTest::addRow("hr by HRESULT name") << "hr:E_NOINTERFACE"
                                        << "6";
    QTest::addRow("hr failed") << "hr:failed"
                               << "6 7";
    QTest::addRow("the issue's example") << "method:OnWrite device:ECHO request:7 kind:callback"
                                         << "1 4";
    QTest::addRow("negated term") << "kind:callback -QueryInterface"
                                  << "1 4";
    QTest::addRow("negated value") << "kind:!win32 device:ECHO"
                                   << "1 2 3 4 6";
    QTest::addRow("free word in names") << "sensor"
                                        << "7 8";
    QTest::addRow("free word in buffers") << "hello"
                                          << "0";
    QTest::addRow("free IFACE::METHOD") << "IUnknown::QueryInterface"
                                        << "6";
    QTest::addRow("quoted free text") << "\"IWDFIoRequest\""
                                      << "2 3";
    QTest::addRow("thread") << "thread:app"
                            << "0 5 7";
    QTest::addRow("lane") << "lane:kernel"
                          << "0 5 7";
    QTest::addRow("object") << "object:>7"
                            << "2 3 8";
    QTest::addRow("seq") << "seq:<=1"
                         << "0 1";
    QTest::addRow("arg key") << "arg:lpBuffer"
                             << "0";
    QTest::addRow("quoted exact device") << "device:=\"ROOT\\SENSOR\\0000\""
                                         << "7 8";
}

void tst_TraceQuery::matches()
{
    QFETCH(QString, filter);
    QFETCH(QString, expected);
    auto parsed = TraceQuery::parse(filter.toStdString());
    if (auto *err = std::get_if<TraceQuery::Error>(&parsed))
        QFAIL(err->message.c_str());
    TraceQuery q = std::get<TraceQuery>(parsed);
    QStringList got;
    for (std::size_t i = 0; i < m_store.size(); ++i)
        if (q.matches(m_store, m_store.at(i)))
            got << QString::number(i);
    QCOMPARE(got.join(QLatin1Char(' ')), expected);
}

void tst_TraceQuery::errors_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("message");
    QTest::addRow("unknown field") << "metod:OnWrite" << 0 << "unknown field 'metod'";
    QTest::addRow("after a good term") << "kind:ddi requst:1" << 9 << "unknown field 'requst'";
    QTest::addRow("unknown kind") << "kind:calback" << 5 << "unknown kind 'calback'";
    QTest::addRow("not a number") << "request:seven" << 8 << "takes numbers";
    QTest::addRow("empty value") << "method:" << 7 << "needs a value";
    QTest::addRow("bad hr") << "hr:E_BOGUS" << 3 << "'hr:' takes";
    QTest::addRow("unterminated quote") << "device:\"ROOT" << 7 << "unterminated quote";
    QTest::addRow("empty range") << "seq:9-3" << 4 << "empty range";
}

void tst_TraceQuery::errors()
{
    QFETCH(QString, filter);
    QFETCH(int, position);
    QFETCH(QString, message);
    auto parsed = TraceQuery::parse(filter.toStdString());
    auto *err = std::get_if<TraceQuery::Error>(&parsed);
    QVERIFY2(err, "the filter should have been refused");
    QCOMPARE(int(err->position), position);
    QVERIFY2(QString::fromStdString(err->message).contains(message), err->message.c_str());
}

void tst_TraceQuery::emptyMatchesEverything()
{
    auto parsed = TraceQuery::parse("   ");
    TraceQuery q = std::get<TraceQuery>(parsed);
    QVERIFY(q.isEmpty());
    for (std::size_t i = 0; i < m_store.size(); ++i)
        QVERIFY(q.matches(m_store, m_store.at(i)));
    TraceQuery none = TraceQuery::nothing();
    for (std::size_t i = 0; i < m_store.size(); ++i)
        QVERIFY(!none.matches(m_store, m_store.at(i)));
}

QTEST_GUILESS_MAIN(tst_TraceQuery)
#include "tst_tracequery.moc"
