// umdfctl as a user runs it: exit statuses 0/1/2 and error messages that say where and what.
#include <QtTest/QtTest>

class tst_Umdfctl : public QObject
{
    Q_OBJECT
private slots:
    void exitStatus_data();
    void exitStatus();

private:
    struct Result
    {
        int exitCode;
        QString out, err;
    };
    Result run(const QStringList &args, const QByteArray &input = {});
};

tst_Umdfctl::Result tst_Umdfctl::run(const QStringList &args, const QByteArray &input)
{
    QProcess p;
    p.start(QStringLiteral(UMDFCTL_PATH), args);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        qFatal("umdfctl did not finish");
    return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError()) };
}

void tst_Umdfctl::exitStatus_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("stdinText");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("expectOut"); // substring of stdout
    QTest::addColumn<QString>("expectErr"); // substring of stderr
    const QString data = QStringLiteral(UMDFX_SOURCE_DIR "/tests/data/");
    QTest::addRow("default scenario runs")
        << QStringList { "run" } << QByteArray() << 0 << "IDriverEntry::OnDeviceAdd"
        << "";
    QTest::addRow("jsonl") << QStringList { "run", "--jsonl" } << QByteArray() << 0
                           << "\"kind\":\"callback\""
                           << "";
    QTest::addRow("actions from stdin")
        << QStringList { "run", "--actions", "-" }
        << QByteArray("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port2\n"
                      "write h1 \"hi\"\nexpect bytes 2\n")
        << 0 << "IQueueCallbackWrite::OnWrite"
        << "";
    QTest::addRow("failed expect")
        << QStringList { "run", "--actions", "-" }
        << QByteArray("expect device ROOT\\ECHO\\0000 removed\n") << 1 << ""
        << "<stdin>:1:1: expected device ROOT\\ECHO\\0000 removed, it is started";
    QTest::addRow("bad action line")
        << QStringList { "run", "--actions", "-" } << QByteArray("\n  wirte h1 \"x\"\n") << 2 << ""
        << "<stdin>:2:3: unknown action 'wirte' (did you mean 'write'?)";
    QTest::addRow("bad scenario") << QStringList { "run", data + "regress/bad-syntax.json" }
                                  << QByteArray() << 2 << ""
                                  << "bad-syntax.json:4:";
    QTest::addRow("missing scenario file")
        << QStringList { "tree", data + "nope.json" } << QByteArray() << 2 << ""
        << "cannot open";
    QTest::addRow("unknown command") << QStringList { "frobnicate" } << QByteArray() << 2 << ""
                                     << "unknown command 'frobnicate'";
    QTest::addRow("tree") << QStringList { "tree" } << QByteArray() << 0
                          << "ROOT\\ECHO\\0000  \"UMDF Echo Sample\"  [started]"
                          << "";
    QTest::addRow("interfaces")
        << QStringList { "interfaces" } << QByteArray() << 0
        << "enabled   \\\\?\\ROOT#ECHO#0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1"
        << "";
}

void tst_Umdfctl::exitStatus()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, stdinText);
    QFETCH(int, status);
    QFETCH(QString, expectOut);
    QFETCH(QString, expectErr);
    const Result r = run(args, stdinText);
    QVERIFY2(r.exitCode == status,
        qPrintable(QStringLiteral("exit %1, stderr: %2").arg(r.exitCode).arg(r.err)));
    if (!expectOut.isEmpty())
        QVERIFY2(r.out.contains(expectOut), qPrintable(r.out.left(2000)));
    if (!expectErr.isEmpty())
        QVERIFY2(r.err.contains(expectErr), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(tst_Umdfctl)
#include "tst_umdfctl.moc"
