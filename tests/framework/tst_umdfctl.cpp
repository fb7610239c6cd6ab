// umdfctl as a user runs it: exit statuses 0/1/2 and error messages that say where and what.
#include <QtTest/QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>

class tst_Umdfctl : public QObject
{
    Q_OBJECT
private slots:
    void exitStatus_data();
    void exitStatus();
    void captureShowReplayDiffExport();
    void killedCaptureOpens();
    void limitReachedClosesTheCapture_data();
    void limitReachedClosesTheCapture();
    void signalEndsTheRunCleanly_data();
    void signalEndsTheRunCleanly();

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
    QTest::addRow("a synchronous read that never completes")
        << QStringList { "run", data + "scenarios/echo-pending-reads.json", "--actions", "-" }
        << QByteArray("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nread h1 16\n") << 1
        << ""
        << "<stdin>:2:1: request 2 still pending in the driver after 30 s of virtual time "
           "(IQueueCallbackRead::OnRead returned without completing it; knob waitLimitMs)";
    QTest::addRow("a deadlock the simulator finds")
        << QStringList { "run", data + "scenarios/threadecho-deadlock.json", "--actions", "-" }
        << QByteArray("surprise-remove ROOT\\THREADECHO\\0000\n") << 1 << "WUDFHost::Deadlock"
        << "host1 deadlocked: host1 waits on WaitForSingleObject(thread host1.t1); host1.t1 waits "
           "on Sleep(100)";
    QTest::addRow("bad action line")
        << QStringList { "run", "--actions", "-" } << QByteArray("\n  wirte h1 \"x\"\n") << 2 << ""
        << "<stdin>:2:3: unknown action 'wirte' (did you mean 'write'?)";
    QTest::addRow("advances past the end of virtual time")
        << QStringList { "run", "--actions", "-" }
        << QByteArray("advance 1ns\nadvance 9223372036854775807ns\n") << 2 << ""
        << "<stdin>:2:9: the script's advances add up to more than virtual time may run: at most "
           "1000000000000000000 ns (about 31.7 years) in a run, and 1 ns come before this one";
    QTest::addRow("a bad --max-trace-bytes")
        << QStringList { "run", "--trace", "/nonexistent/x.umdftrace", "--max-trace-bytes", "12X" }
        << QByteArray() << 2 << ""
        << "--max-trace-bytes 12X: not a byte count (a number, optionally followed by K, M or G)";
    QTest::addRow("bad scenario") << QStringList { "run", data + "regress/bad-syntax.json" }
                                  << QByteArray() << 2 << ""
                                  << "bad-syntax.json:4:";
    QTest::addRow("missing scenario file")
        << QStringList { "tree", data + "nope.json" } << QByteArray() << 2 << ""
        << "cannot open";
    QTest::addRow("unknown command") << QStringList { "frobnicate" } << QByteArray() << 2 << ""
                                     << "unknown command 'frobnicate'";
    QTest::addRow("break stops before the callback and prints it")
        << QStringList { "run", "embedded:echo", "--actions", "-", "--break", "OnWrite" }
        << QByteArray("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nwrite h1 \"x\"\n")
        << 0 << "stopped: next: IQueueCallbackWrite::OnWrite on ROOT\\ECHO\\0000, request 2"
        << "";
    QTest::addRow("bad breakpoint")
        << QStringList { "run", "--break", "finding:x" } << QByteArray() << 2 << ""
        << "--break finding:x: a finding breakpoint names a rule";
    QTest::addRow("explain a method")
        << QStringList { "explain", "IQueueCallbackWrite::OnWrite" } << QByteArray() << 0
        << "IQueueCallbackWrite::OnWrite  (callback)"
        << "";
    QTest::addRow("explain links Microsoft's page")
        << QStringList { "explain", "onwrite" } << QByteArray() << 0
        << "https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/wudfddi/"
           "nf-wudfddi-iqueuecallbackwrite-onwrite"
        << "";
    QTest::addRow("explain a verifier rule")
        << QStringList { "explain", "V5" } << QByteArray() << 0 << "UMDFVerifier::V5  (verifier)"
        << "";
    QTest::addRow("explain lists every entry")
        << QStringList { "explain" } << QByteArray() << 0 << "kernel32::WriteFile"
        << "";
    QTest::addRow("explain an unknown name suggests")
        << QStringList { "explain", "Write" } << QByteArray() << 2 << ""
        << "no explanation for 'Write'; names that contain it: IQueueCallbackWrite::OnWrite";
    QTest::addRow("explain nothing like it")
        << QStringList { "explain", "zzz" } << QByteArray() << 2 << ""
        << "no explanation for 'zzz' (names look like IQueueCallbackWrite::OnWrite";
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

void tst_Umdfctl::captureShowReplayDiffExport()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString a = dir.filePath(QStringLiteral("a.umdftrace"));
    const QString b = dir.filePath(QStringLiteral("b.umdftrace"));
    const QByteArray script = "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
                              "write h1 \"hello\"\nread h1 16\nclose h1\n";
    // A capture prints the same trace as a run without one, and the file shows it again.
    const Result plain = run({ "run", "--jsonl", "--actions", "-" }, script);
    const Result captured = run({ "run", "--jsonl", "--actions", "-", "--trace", a }, script);
    QCOMPARE(captured.exitCode, 0);
    QCOMPARE(captured.out, plain.out);
    const Result shown = run({ "show", a, "--jsonl" });
    QCOMPARE(shown.exitCode, 0);
    QCOMPARE(shown.out, plain.out);
    QVERIFY2(shown.err.isEmpty(), qPrintable(shown.err)); // a complete file: nothing to report

    // The explorer's filter terms narrow what show prints.
    const Result filtered
        = run({ "show", a, "--filter", "method:OnWrite kind:callback phase:call" });
    QCOMPARE(filtered.exitCode, 0);
    // Three writes reach echo: the application's, and the consumer's to Port1 and Port2.
    const auto lines = filtered.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    for (const QString &line : lines)
        QVERIFY2(line.contains(QStringLiteral("callback  call    IQueueCallbackWrite::OnWrite")),
            qPrintable(line));
    const Result badFilter = run({ "show", a, "--filter", "kind:nonsense" });
    QCOMPARE(badFilter.exitCode, 2);
    QVERIFY2(badFilter.err.contains(QStringLiteral("--filter:")), qPrintable(badFilter.err));

    const Result replayed = run({ "replay", a });
    QCOMPARE(replayed.exitCode, 0);
    QVERIFY2(
        replayed.out.startsWith(QStringLiteral("the replay matches:")), qPrintable(replayed.out));

    // A second capture that writes something else: diff finds where they part.
    const QByteArray other = "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
                             "write h1 \"hello, world\"\nclose h1\n";
    QCOMPARE(run({ "run", "--actions", "-", "--trace", b }, other).exitCode, 0);
    const Result same = run({ "diff", a, a });
    QCOMPARE(same.exitCode, 0);
    QVERIFY(same.out.contains(QStringLiteral("the traces match")));
    const Result differ = run({ "diff", a, b });
    QCOMPARE(differ.exitCode, 1);
    QVERIFY2(
        differ.out.contains(QStringLiteral("first divergence at line")), qPrintable(differ.out));
    QVERIFY(differ.out.contains(QStringLiteral("\n-> read h1 16")));
    QVERIFY(differ.out.contains(QStringLiteral("@@ -")));

    // Exports.
    const QString chrome = dir.filePath(QStringLiteral("a.json"));
    QCOMPARE(run({ "export", a, "--format", "chrome", "-o", chrome }).exitCode, 0);
    QFile f(chrome);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(doc.object().value(QStringLiteral("traceEvents")).toArray().size() > 100);
    const QString text = dir.filePath(QStringLiteral("a.txt"));
    QCOMPARE(run({ "export", a, "--format", "text", "-o", text }).exitCode, 0);
    QVERIFY(QFileInfo(text).size() > 1000);
    const Result badFormat = run({ "export", a, "--format", "pdf", "-o", text });
    QCOMPARE(badFormat.exitCode, 2);
    QVERIFY(badFormat.err.contains(QStringLiteral("unknown export format 'pdf'")));

    // A file that is not a trace is refused, with its name.
    const Result notTrace = run({ "show", QStringLiteral(UMDFX_SOURCE_DIR "/README.md") });
    QCOMPARE(notTrace.exitCode, 2);
    QVERIFY2(notTrace.err.contains(QStringLiteral("README.md: not a trace file")),
        qPrintable(notTrace.err));
}

void tst_Umdfctl::killedCaptureOpens()
{
    // A capture killed with SIGKILL mid-run leaves a file that opens with every record up to
    // the last flush (at least every 100 ms), and says how much it recovered.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("killed.umdftrace"));
    QProcess p;
    p.start(QStringLiteral(UMDFCTL_PATH),
        { "run", "--actions", "-", "--trace", path, "--log-level", "off", "--golden" });
    QVERIFY(p.waitForStarted());
    QByteArray script = "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n";
    for (int i = 0; i < 20; ++i)
        script += "write h1 \"x\" repeat 1000000\n";
    p.write(script);
    p.closeWriteChannel();
    // Wait until a few flushes have reached the file, then kill it without warning.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(path).size() > 2 * 1024 * 1024, 30000);
    QCOMPARE(p.state(), QProcess::Running);
    p.kill(); // SIGKILL
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);

    const Result shown = run({ "show", path });
    QCOMPARE(shown.exitCode, 0);
    QVERIFY2(shown.err.contains(QStringLiteral("records) read")), qPrintable(shown.err));
    QVERIFY(shown.err.contains(QStringLiteral("no End chunk: the capture was cut off"))
        || shown.err.contains(QStringLiteral("truncated")));
    QVERIFY(shown.out.contains(QStringLiteral("kernel32::WriteFile")));
}

void tst_Umdfctl::limitReachedClosesTheCapture_data()
{
    QTest::addColumn<QString>("scenarioKnobs"); // added to the default scenario; empty: none
    QTest::addColumn<QStringList>("extraArgs");
    QTest::addColumn<QString>("expectErr");
    QTest::addRow("record cap (knob maxRecords)")
        << QStringLiteral("\"maxRecords\": 20000") << QStringList()
        << "<stdin>:1:1: stopped: the run reached its record limit, 20,000 trace records (knob "
           "maxRecords: raise it in the scenario's \"knobs\", 0 for no limit)";
    QTest::addRow("trace file size (--max-trace-bytes)")
        << QString() << QStringList { "--max-trace-bytes", "256K" }
        << "<stdin>:1:1: stopped: the trace file reached its size limit (umdfctl "
           "--max-trace-bytes)";
}

void tst_Umdfctl::limitReachedClosesTheCapture()
{
    // The runaway: a huge but legal advance over the sensor's 1 s timer. It stops at the
    // limit with exit status 1 and a message, and the capture is a complete file.
    QFETCH(QString, scenarioKnobs);
    QFETCH(QStringList, extraArgs);
    QFETCH(QString, expectErr);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("limit.umdftrace"));
    QStringList args { "run" };
    if (!scenarioKnobs.isEmpty()) {
        QFile in(QStringLiteral(UMDFX_SOURCE_DIR "/resources/scenarios/default.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        text.truncate(text.lastIndexOf('}'));
        text += ", \"knobs\": {" + scenarioKnobs.toUtf8() + "}\n}\n";
        const QString scenario = dir.filePath(QStringLiteral("capped.json"));
        QFile out(scenario);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
        out.close();
        args << scenario;
    }
    args << QStringList { "--actions", "-", "--golden", "--trace", path } << extraArgs;
    QElapsedTimer timer;
    timer.start();
    const Result r = run(args, "advance 999999999s\n");
    QVERIFY2(r.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(r.err.contains(expectErr), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("the run was stopped")), qPrintable(r.err));
    if (!extraArgs.isEmpty())
        QVERIFY2(r.err.contains(path + " reached ")
                && r.err.contains(QStringLiteral(" bytes, its size limit (262,144 bytes; raise it "
                                                 "with --max-trace-bytes, 0 for no limit)")),
            qPrintable(r.err));
    QVERIFY(timer.elapsed() < 30000);

    const Result shown = run({ "show", path, "--golden" });
    QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
    QVERIFY2(!shown.err.contains(QStringLiteral("cut off")), qPrintable(shown.err));
    QVERIFY(shown.out.contains(QStringLiteral("OnRemoteInterfaceEvent")));
    // Every record made is in the file: the show prints what the run printed.
    QCOMPARE(shown.out, r.out);
}

void tst_Umdfctl::signalEndsTheRunCleanly_data()
{
    QTest::addColumn<int>("signo");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("name");
    QTest::addRow("SIGINT") << int(SIGINT) << 130 << "interrupted (SIGINT)";
    QTest::addRow("SIGTERM") << int(SIGTERM) << 143 << "terminated (SIGTERM)";
}

void tst_Umdfctl::signalEndsTheRunCleanly()
{
    // Ctrl+C during a long advance: the run ends at a task boundary, with the End chunk written
    // and every record so far in the file, and says so; exit status 128 + the signal.
    QFETCH(int, signo);
    QFETCH(int, status);
    QFETCH(QString, name);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("interrupted.umdftrace"));
    QProcess p;
    p.start(QStringLiteral(UMDFCTL_PATH), { "run", "--actions", "-", "--trace", path, "--golden" });
    QVERIFY(p.waitForStarted());
    p.write("advance 999999999s\n");
    p.closeWriteChannel();
    // Running well into the advance: a few flushes have reached the file.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(path).size() > 512 * 1024, 30000);
    QCOMPARE(p.state(), QProcess::Running);
    QCOMPARE(::kill(static_cast<pid_t>(p.processId()), signo), 0);
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), status);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("<stdin>:1:1: stopped: ") + name), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("the run was stopped; the trace keeps every record made")),
        qPrintable(err));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());

    const Result shown = run({ "show", path, "--golden" });
    QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
    QVERIFY2(!shown.err.contains(QStringLiteral("cut off")), qPrintable(shown.err));
    QCOMPARE(shown.out, out);
}

QTEST_GUILESS_MAIN(tst_Umdfctl)
#include "tst_umdfctl.moc"
