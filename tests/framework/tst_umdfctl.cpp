// umdfctl as a user runs it: exit statuses 0/1/2/3 and error messages that say where and what;
// hostile input (devices, FIFOs, huge files and words) ends quickly with a message.
#include "core/trace/tracefile.h"
#include "tests/trace/hostilestores.h"

#include <QtTest/QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <sys/stat.h>

class tst_Umdfctl : public QObject
{
    Q_OBJECT
private slots:
    void exitStatus_data();
    void exitStatus();
    void captureShowReplayDiffExport();
    void hostileTraceExportsValid_data();
    void hostileTraceExportsValid();
    void diffSeesArguments();
    void killedCaptureOpens();
    void badInput_data();
    void badInput();
    void endlessInputUnderMemoryLimit_data();
    void endlessInputUnderMemoryLimit();
    void damagedTraceExitsThree();
    void replayOfATraceWithoutRecordsFails();
    void marksShownAndExported();
    void moduleFoundButNotLoadable();
    void helpListsExitStatuses();
    void limitReachedClosesTheCapture_data();
    void limitReachedClosesTheCapture();
    void signalEndsTheRunCleanly_data();
    void signalEndsTheRunCleanly();
    void captureThatCannotBeWrittenExitsOne();

private:
    struct Result
    {
        int exitCode;
        QString out, err;
    };
    Result run(const QStringList &args, const QByteArray &input = {});
    // Any program, killed after `timeoutMs` (exit code -1 then): a hang fails the test instead
    // of stopping the suite.
    Result runProgram(const QString &program, const QStringList &args, int timeoutMs);
    QString tempPath(const QString &name) const { return m_dir.filePath(name); }
    // A scenario with one device whose stack is driver "d" from `module`.
    QString writeScenario(const QString &name, const QString &module);
    QString captureTrace(); // a complete capture of a short run, made once

    QTemporaryDir m_dir;
    QString m_capture;
};

tst_Umdfctl::Result tst_Umdfctl::runProgram(
    const QString &program, const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(program, args);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return { -1, QString(), QStringLiteral("did not finish within %1 ms").arg(timeoutMs) };
    }
    return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError()) };
}

QString tst_Umdfctl::writeScenario(const QString &name, const QString &module)
{
    const QString path = tempPath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(QStringLiteral("{ \"name\": \"x\",\n"
                           "  \"drivers\": [ { \"name\": \"d\", \"module\": \"%1\" } ],\n"
                           "  \"devices\": [ { \"instanceId\": \"ROOT\\\\BAD\\\\0000\", "
                           "\"hardwareIds\": [\"X\"], \"drivers\": [\"d\"] } ] }\n")
                .arg(module)
                .toUtf8());
    return path;
}

QString tst_Umdfctl::captureTrace()
{
    if (m_capture.isEmpty()) {
        m_capture = tempPath(QStringLiteral("complete.umdftrace"));
        const Result r = run({ "run", "--trace", m_capture, "--actions", "-" },
            "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nwrite h1 \"hi\"\n");
        if (r.exitCode != 0)
            qFatal("capture failed: %s", qPrintable(r.err));
    }
    return m_capture;
}

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
        differ.out.contains(QStringLiteral("first divergence at A line")), qPrintable(differ.out));
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
    const QString perfetto = dir.filePath(QStringLiteral("a.perfetto-trace"));
    QCOMPARE(run({ "export", a, "--format", "perfetto", "-o", perfetto }).exitCode, 0);
    QFile p(perfetto);
    QVERIFY(p.open(QIODevice::ReadOnly));
    const QByteArray packets = p.readAll();
    QVERIFY(packets.size() > 1000);
    QCOMPARE(packets.at(0), char(0x0A)); // Trace.packet, length-delimited
    QVERIFY(packets.contains("IQueueCallbackWrite::OnWrite"));
    const QString text = dir.filePath(QStringLiteral("a.txt"));
    QCOMPARE(run({ "export", a, "--format", "text", "-o", text }).exitCode, 0);
    QVERIFY(QFileInfo(text).size() > 1000);
    const Result badFormat = run({ "export", a, "--format", "pdf", "-o", text });
    QCOMPARE(badFormat.exitCode, 2);
    QVERIFY(badFormat.err.contains(QStringLiteral("unknown export format 'pdf'")));
    QVERIFY(badFormat.err.contains(QStringLiteral("(chrome, perfetto, ctf, jsonl, text)")));
    QVERIFY(
        run({ "--help" }).out.contains(QStringLiteral("export FILE --format chrome|perfetto|ctf")));

    // A file that is not a trace is refused, with its name.
    const Result notTrace = run({ "show", QStringLiteral(UMDFX_SOURCE_DIR "/README.md") });
    QCOMPARE(notTrace.exitCode, 2);
    QVERIFY2(notTrace.err.contains(QStringLiteral("README.md: not a trace file")),
        qPrintable(notTrace.err));
}

void tst_Umdfctl::hostileTraceExportsValid_data()
{
    QTest::addColumn<int>("index");
    const auto stores = testing::hostileStores();
    for (std::size_t i = 0; i < stores.size(); ++i)
        QTest::addRow("%s", stores[i].name.c_str()) << int(i);
}

void tst_Umdfctl::hostileTraceExportsValid()
{
    // A trace file whose records hold extreme values (virtual time at the ends of i64, calls
    // that pair badly, text that is not UTF-8) exports to valid output with exit 0 in every
    // format: an overflowed time once gave "ts":-9223372036854775.-689.
    QFETCH(int, index);
    const auto stores = testing::hostileStores();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("hostile.umdftrace"));
    {
        umdfx::trace::TraceFileWriter writer(*stores[std::size_t(index)].store, {});
        auto err = writer.open(file.toStdString());
        QVERIFY2(!err, err ? err->c_str() : "");
        err = writer.close();
        QVERIFY2(!err, err ? err->c_str() : "");
    }
    const QString chrome = dir.filePath(QStringLiteral("out.json"));
    const Result c = run({ "export", file, "--format", "chrome", "-o", chrome });
    QVERIFY2(c.exitCode == 0, qPrintable(c.err));
    QFile f(chrome);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    for (const auto &e : doc.object().value(QStringLiteral("traceEvents")).toArray())
        QVERIFY(e.toObject().value(QStringLiteral("ts")).toDouble(0) >= 0);
    const QString perfetto = dir.filePath(QStringLiteral("out.pftrace"));
    const Result p = run({ "export", file, "--format", "perfetto", "-o", perfetto });
    QVERIFY2(p.exitCode == 0, qPrintable(p.err));
    QVERIFY(QFileInfo(perfetto).size() > 100);
    const Result ctf
        = run({ "export", file, "--format", "ctf", "-o", dir.filePath(QStringLiteral("ctf")) });
    QVERIFY2(ctf.exitCode == 0, qPrintable(ctf.err));
}

void tst_Umdfctl::diffSeesArguments()
{
    // Issue 15: two echo runs whose driver read MaxWriteLength 4096 and 4095 made the same calls
    // with the same results; diff must still tell them apart, and show the value.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile source(QStringLiteral(UMDFX_SOURCE_DIR "/resources/scenarios/echo.json"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray echo = source.readAll();
    QVERIFY(echo.contains("\"MaxWriteLength\": 4096"));
    QByteArray smaller = echo;
    smaller.replace("\"MaxWriteLength\": 4096", "\"MaxWriteLength\": 4095");
    const QString scenarioA = dir.filePath(QStringLiteral("echo4096.json"));
    const QString scenarioB = dir.filePath(QStringLiteral("echo4095.json"));
    for (const auto &[path, text] : { std::pair { scenarioA, echo }, { scenarioB, smaller } }) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    const QByteArray script = "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
                              "write h1 \"hello\"\nread h1 16\nclose h1\n";
    const QString a = dir.filePath(QStringLiteral("a.umdftrace"));
    const QString a2 = dir.filePath(QStringLiteral("a2.umdftrace"));
    const QString b = dir.filePath(QStringLiteral("b.umdftrace"));
    QCOMPARE(run({ "run", scenarioA, "--actions", "-", "--trace", a }, script).exitCode, 0);
    QCOMPARE(run({ "run", scenarioA, "--actions", "-", "--trace", a2 }, script).exitCode, 0);
    QCOMPARE(run({ "run", scenarioB, "--actions", "-", "--trace", b }, script).exitCode, 0);

    // Two runs of the same scenario match, arguments and all.
    const Result again = run({ "diff", a, a2 });
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.startsWith(QStringLiteral("the traces match:")), qPrintable(again.out));

    const Result differ = run({ "diff", a, b });
    QCOMPARE(differ.exitCode, 1);
    const QString shape = QStringLiteral("    ddi echo->framework "
                                         "IWDFNamedPropertyStore::GetNamedValue => 0x00000000  "
                                         "pszName=\"MaxWriteLength\"  out: value=");
    QVERIFY2(differ.out.contains(QStringLiteral("\n-") + shape + QStringLiteral("4096\n+") + shape
                 + QStringLiteral("4095\n")),
        qPrintable(differ.out));
    QVERIFY2(differ.out.contains(QStringLiteral("0 lines only in A, 0 only in B, 1 with other "
                                                "arguments")),
        qPrintable(differ.out));
    // Exactly one changed pair: no other line of the two runs differs.
    QCOMPARE(differ.out.count(QStringLiteral("\n- ")), 1);
    QCOMPARE(differ.out.count(QStringLiteral("\n+ ")), 1);

    // The value can be left out, on its method or everywhere; * leaves out every argument.
    for (const char *ignored : { "GetNamedValue.value", "value", "*" }) {
        const Result without = run({ "diff", a, b, "--ignore-arg", ignored });
        QCOMPARE(without.exitCode, 0);
    }
    QCOMPARE(run({ "diff", a, b, "--ignore-arg", "OnWrite.value" }).exitCode, 1);
    const Result bad = run({ "diff", a, b, "--ignore-arg", "value=4096" });
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("--ignore-arg: 'value=4096' is not an argument key")),
        qPrintable(bad.err));
    const Result misplaced = run({ "show", a, "--ignore-arg", "value" });
    QCOMPARE(misplaced.exitCode, 2);
    QVERIFY2(misplaced.err.contains(QStringLiteral("--ignore-arg belongs to the diff command")),
        qPrintable(misplaced.err));
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
    QCOMPARE(shown.exitCode, 3); // read up to the damage: shown, and said so
    QVERIFY2(shown.err.contains(QStringLiteral("records) read")), qPrintable(shown.err));
    QVERIFY(shown.err.contains(QStringLiteral("no End chunk: the capture was cut off"))
        || shown.err.contains(QStringLiteral("truncated")));
    QVERIFY(shown.out.contains(QStringLiteral("kernel32::WriteFile")));
}

void tst_Umdfctl::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("prepare"); // what the temporary directory holds
    QTest::addColumn<QString>("expectErr"); // substring of stderr; TMP: the temporary directory
    QTest::addRow("scenario /dev/zero")
        << QStringList { "run", "/dev/zero" } << QString()
        << "umdfctl: /dev/zero: it is a character device, not a regular file";
    QTest::addRow("actions /dev/zero")
        << QStringList { "run", "--actions", "/dev/zero" } << QString()
        << "umdfctl: /dev/zero: it is a character device, not a regular file";
    QTest::addRow("tree of a directory") << QStringList { "tree", "/tmp" } << QString()
                                         << "/tmp: it is a directory, not a regular file";
    QTest::addRow("scenario FIFO without a writer") << QStringList { "run", "TMP/fifo" } << "fifo"
                                                    << "TMP/fifo: it is a FIFO, not a regular file";
    QTest::addRow("actions FIFO without a writer")
        << QStringList { "run", "--actions", "TMP/fifo" } << "fifo"
        << "TMP/fifo: it is a FIFO, not a regular file";
    QTest::addRow("show a FIFO without a writer") << QStringList { "show", "TMP/fifo" } << "fifo"
                                                  << "TMP/fifo: it is a FIFO, not a regular file";
    QTest::addRow("show /dev/zero") << QStringList { "show", "/dev/zero" } << QString()
                                    << "/dev/zero: it is a character device";
    QTest::addRow("a 17 MiB scenario")
        << QStringList { "run", "TMP/big.json" } << "big"
        << "TMP/big.json: larger than the 16 MiB a scenario may have; read stopped there";
    QTest::addRow("a 17 MiB action script")
        << QStringList { "run", "--actions", "TMP/big.json" } << "big"
        << "TMP/big.json: larger than the 16 MiB an action script may have; read stopped there";
    QTest::addRow("an unknown built-in module")
        << QStringList { "run", "TMP/builtin.json" } << "builtin:nosuch"
        << "TMP/builtin.json:2:41: driver module \"builtin:nosuch\" not found: no built-in "
           "driver named \"nosuch\" (built in: echo,";
    QTest::addRow("an unknown plugin")
        << QStringList { "tree", "TMP/plugin.json" } << "nosuch.so"
        << "TMP/plugin.json:2:41: driver module \"nosuch.so\" not found: no plugin file nosuch.so "
           "in the scenario's directory, then UMDFX_PLUGIN_PATH's and the program's plugins/ "
           "directories; searched: TMP, ";
    QTest::addRow("a plugin path that is not there")
        << QStringList { "interfaces", "TMP/path.json" } << "sub/nosuch.so"
        << "TMP/path.json:2:41: driver module \"TMP/sub/nosuch.so\" not found: no such plugin "
           "file: TMP/sub/nosuch.so";
    QTest::addRow("a 5 MB word is quoted, not echoed")
        << QStringList { "run", "--actions", "TMP/word.actions" } << "word"
        << "TMP/word.actions:1:1: unknown action '" + QString(80, QLatin1Char('x'))
            + QStringLiteral("\u2026'\n");
    QTest::addRow("a NUL inside a verb")
        << QStringList { "run", "--actions", "TMP/nul.actions" } << "nul"
        << "TMP/nul.actions:1:1: unknown action 'wr\\0te' (did you mean 'write'?)";
    QTest::addRow("replay a trace without a scenario")
        << QStringList { "replay", "TMP/header.umdftrace" } << "header"
        << "the trace holds no scenario (no Scenario chunk, or an empty one): there is nothing "
           "to replay";
    QTest::addRow("CTF export onto a file")
        << QStringList { "export", "CAPTURE", "--format", "ctf", "-o", "TMP/existing" }
        << "existing"
        << "TMP/existing: exists and is not a directory; a CTF trace is a directory, and export "
           "never overwrites: name a new or empty directory";
    QTest::addRow("CTF export into a full directory")
        << QStringList { "export", "CAPTURE", "--format", "ctf", "-o", "TMP/full" } << "full"
        << "TMP/full: exists and is not empty; export never overwrites: name a new or empty "
           "directory, or remove this one first";
}

void tst_Umdfctl::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, prepare);
    QFETCH(QString, expectErr);
    QVERIFY(m_dir.isValid());
    const QString tmp = m_dir.path();
    const auto write = [&](const QString &name, const QByteArray &bytes) {
        QFile f(tempPath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(bytes), qint64(bytes.size()));
    };
    if (prepare == QLatin1String("fifo") && !QFileInfo::exists(tempPath(QStringLiteral("fifo"))))
        QCOMPARE(::mkfifo(qPrintable(tempPath(QStringLiteral("fifo"))), 0600), 0);
    if (prepare == QLatin1String("big"))
        write(QStringLiteral("big.json"), QByteArray((17 << 20), ' '));
    if (prepare == QLatin1String("builtin:nosuch"))
        writeScenario(QStringLiteral("builtin.json"), prepare);
    if (prepare == QLatin1String("nosuch.so"))
        writeScenario(QStringLiteral("plugin.json"), prepare);
    if (prepare == QLatin1String("sub/nosuch.so"))
        writeScenario(QStringLiteral("path.json"), prepare);
    if (prepare == QLatin1String("word"))
        write(QStringLiteral("word.actions"), QByteArray(5 << 20, 'x') + " h1\n");
    if (prepare == QLatin1String("nul"))
        write(QStringLiteral("nul.actions"), QByteArray("wr\0te h1 \"x\"\n", 13));
    if (prepare == QLatin1String("header")) {
        QFile f(captureTrace());
        QVERIFY(f.open(QIODevice::ReadOnly));
        write(QStringLiteral("header.umdftrace"), f.read(32));
    }
    if (prepare == QLatin1String("existing"))
        write(QStringLiteral("existing"), "something\n");
    if (prepare == QLatin1String("full")) {
        QVERIFY(QDir(tmp).mkpath(QStringLiteral("full")));
        write(QStringLiteral("full/keep"), "something\n");
    }
    for (QString &a : args) {
        a.replace(QLatin1String("TMP"), tmp);
        if (a == QLatin1String("CAPTURE"))
            a = captureTrace();
    }
    QElapsedTimer timer;
    timer.start();
    const Result r = runProgram(QStringLiteral(UMDFCTL_PATH), args, 20000);
    QVERIFY2(r.exitCode == 2,
        qPrintable(QStringLiteral("exit %1, stderr: %2").arg(r.exitCode).arg(r.err.left(2000))));
    QVERIFY2(r.err.contains(QString(expectErr).replace(QLatin1String("TMP"), tmp)),
        qPrintable(r.err.left(2000)));
    QVERIFY2(r.err.size() < 2000, qPrintable(r.err.left(2000))); // no input echoed back whole
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    if (prepare == QLatin1String("existing")) { // left as it was
        QFile f(tempPath(QStringLiteral("existing")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("something\n"));
    }
}

void tst_Umdfctl::endlessInputUnderMemoryLimit_data()
{
    QTest::addColumn<QString>("command"); // a shell command; UMDFCTL is the program
    QTest::addColumn<QString>("expectErr");
    QTest::addRow("cat /dev/zero | run --actions -")
        << "cat /dev/zero | UMDFCTL run --actions -"
        << "umdfctl: <stdin>: larger than the 16 MiB an action script may have; read stopped "
           "there";
    QTest::addRow("run --actions - < /dev/zero")
        << "UMDFCTL run --actions - < /dev/zero"
        << "umdfctl: <stdin>: larger than the 16 MiB an action script may have";
    QTest::addRow("run /dev/zero") << "UMDFCTL run /dev/zero"
                                   << "umdfctl: /dev/zero: it is a character device";
}

void tst_Umdfctl::endlessInputUnderMemoryLimit()
{
    // Before the bounded reader these grew without end (11 GB in 12 s; under a 3 GB address-space
    // limit std::bad_alloc, exit 134). Under 1.5 GB of address space (ASan builds reserve far more
    // than that, so the limit applies to ordinary builds only) they end with a message.
    QFETCH(QString, command);
    QFETCH(QString, expectErr);
    const QString prlimit = QStandardPaths::findExecutable(QStringLiteral("prlimit"));
    QString program = QStringLiteral(UMDFCTL_PATH);
#if !defined(__SANITIZE_ADDRESS__)
    if (!prlimit.isEmpty())
        program = prlimit + QStringLiteral(" --as=1500000000 ") + program;
#endif
    const Result r = runProgram(QStringLiteral("/bin/sh"),
        { QStringLiteral("-c"), QString(command).replace(QLatin1String("UMDFCTL"), program) },
        30000);
    QVERIFY2(r.exitCode == 2,
        qPrintable(QStringLiteral("exit %1, stderr: %2").arg(r.exitCode).arg(r.err.left(2000))));
    QVERIFY2(r.err.contains(expectErr), qPrintable(r.err.left(2000)));
}

void tst_Umdfctl::damagedTraceExitsThree()
{
    // A file cut off in its middle is read up to the cut: every command does its work on that
    // part, says where the damage is, and ends with 3 so that scripts can tell.
    QVERIFY(m_dir.isValid());
    QFile complete(captureTrace());
    QVERIFY(complete.open(QIODevice::ReadOnly));
    const QByteArray bytes = complete.readAll();
    const QString cut = tempPath(QStringLiteral("cut.umdftrace"));
    {
        QFile f(cut);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes.left(bytes.size() - 10)); // into the End chunk: the records stay
    }
    const QString ctf = tempPath(QStringLiteral("cut-ctf"));
    const QString text = tempPath(QStringLiteral("cut.txt"));
    const QList<QStringList> commands { { "show", cut }, { "replay", cut },
        { "diff", cut, captureTrace() }, { "export", cut, "--format", "text", "-o", text },
        { "export", cut, "--format", "ctf", "-o", ctf } };
    for (const QStringList &args : commands) {
        const Result r = run(args);
        QVERIFY2(r.exitCode == 3,
            qPrintable(args.join(QLatin1Char(' '))
                + QStringLiteral(": exit %1, stderr: %2").arg(r.exitCode).arg(r.err)));
        QVERIFY2(
            r.err.contains(cut + QStringLiteral(": ")) && r.err.contains(QStringLiteral("read")),
            qPrintable(r.err));
    }
    QVERIFY(QFileInfo(text).size() > 0); // the export was written
    QVERIFY(QFileInfo::exists(ctf + QStringLiteral("/metadata")));
    // The complete file: 0 for each.
    QCOMPARE(run({ "show", captureTrace() }).exitCode, 0);
    QCOMPARE(run({ "replay", captureTrace() }).exitCode, 0);
}

void tst_Umdfctl::replayOfATraceWithoutRecordsFails()
{
    // Issue 15: a capture cut after its first chunks (header, Meta, Scenario: what the writer
    // writes before any record) replayed as "matches: 0 records compared". Comparing nothing is
    // not a match: a message, and 3, since the file is cut off (README's table: a damaged or
    // cut-off file read up to the damage).
    QFile complete(captureTrace());
    QVERIFY(complete.open(QIODevice::ReadOnly));
    const QByteArray bytes = complete.readAll();
    qsizetype at = 32;
    for (int chunk = 0; chunk < 2; ++chunk) { // Meta, Scenario
        quint32 size = 0;
        std::memcpy(&size, bytes.constData() + at + 4, 4);
        at += 16 + qsizetype(size);
    }
    const QString cut = tempPath(QStringLiteral("norecords.umdftrace"));
    {
        QFile f(cut);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes.left(at));
    }
    const Result r = run({ "replay", cut });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(!r.out.contains(QStringLiteral("matches")), qPrintable(r.out));
    QVERIFY2(r.err.contains(cut
                 + QStringLiteral(": the trace holds no records: nothing to compare, so the "
                                  "replay cannot match")),
        qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("no End chunk: the capture was cut off; 2 chunks (0 "
                                           "records) read")),
        qPrintable(r.err));
}

void tst_Umdfctl::marksShownAndExported()
{
    // Marks saved into a capture: show --marked prints those records alone, each with its note;
    // show and export text/jsonl add the note to marked records and leave the others as they
    // were.
    const QString marked = tempPath(QStringLiteral("marked.umdftrace"));
    QFile::remove(marked);
    QVERIFY(QFile::copy(captureTrace(), marked));
    const Result plain = run({ "show", marked });
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(!plain.out.contains(QStringLiteral("note=")));
    const Result plainJson = run({ "show", "--jsonl", marked });
    QVERIFY(!plainJson.out.contains(QStringLiteral("\"note\"")));
    const std::vector<umdfx::trace::TraceMark> marks { { 3, "the \"first\" note" }, { 7, "" } };
    if (auto err = umdfx::trace::saveTraceMarks(marked.toStdString(), marks))
        QFAIL(err->c_str());

    const Result only = run({ "show", "--marked", marked });
    QCOMPARE(only.exitCode, 0);
    const QStringList lines = only.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QStringList all = plain.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0], all[3] + QStringLiteral("  note=\"the \\\"first\\\" note\""));
    QCOMPARE(lines[1], all[7] + QStringLiteral("  note=\"\""));

    // Every line: the marked ones with their note, the rest exactly as before.
    const Result full = run({ "show", marked });
    const QStringList fullLines = full.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(fullLines.size(), all.size());
    for (int i = 0; i < all.size(); ++i)
        if (i != 3 && i != 7)
            QCOMPARE(fullLines[i], all[i]);

    const QString jsonl = tempPath(QStringLiteral("marked.jsonl"));
    QCOMPARE(run({ "export", marked, "--format", "jsonl", "-o", jsonl }).exitCode, 0);
    QFile f(jsonl);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> json = f.readAll().split('\n');
    const QStringList plainJsonLines = plainJson.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    int notes = 0;
    for (int i = 0; i < plainJsonLines.size(); ++i) {
        const QJsonObject o = QJsonDocument::fromJson(json[i]).object();
        QVERIFY(!o.isEmpty());
        if (i == 3 || i == 7) {
            QCOMPARE(o.value(QStringLiteral("seq")).toInt(), i);
            QCOMPARE(o.value(QStringLiteral("note")).toString(),
                QString::fromStdString(i == 3 ? marks[0].note : marks[1].note));
            ++notes;
        } else {
            QCOMPARE(QString::fromUtf8(json[i]), plainJsonLines[i]);
        }
    }
    QCOMPARE(notes, 2);

    const QString text = tempPath(QStringLiteral("marked.txt"));
    QCOMPARE(run({ "export", marked, "--format", "text", "-o", text }).exitCode, 0);
    QFile t(text);
    QVERIFY(t.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(t.readAll()), full.out);

    // --marked belongs to show, and not with --golden.
    QCOMPARE(run({ "show", "--marked", "--golden", marked }).exitCode, 2);
    QCOMPARE(run({ "replay", "--marked", marked }).exitCode, 2);
}

void tst_Umdfctl::moduleFoundButNotLoadable()
{
    // Found, but not a shared object: not bad input (the run goes on, exit 0), a device that
    // failed to start whose reason says the module did not load, not that OnDeviceAdd failed.
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("junk")));
    {
        QFile so(tempPath(QStringLiteral("junk/bad.so")));
        QVERIFY(so.open(QIODevice::WriteOnly));
        so.write("this is not an ELF file\n");
        QFile inf(tempPath(QStringLiteral("junk/bad.inf")));
        QVERIFY(inf.open(QIODevice::WriteOnly));
        inf.write("[X]\nDriverCLSID = {11111111-2222-3333-4444-555555555555}\n");
    }
    const QString scenario = writeScenario(QStringLiteral("junk/s.json"), QStringLiteral("bad.so"));
    const Result tree = run({ "tree", scenario });
    QCOMPARE(tree.exitCode, 0);
    QVERIFY2(tree.out.contains(QStringLiteral("[start-failed]  (AddDevice failed: driver d's "
                                              "module ")),
        qPrintable(tree.out));
    QVERIFY2(tree.out.contains(QStringLiteral("bad.so could not be loaded: cannot load: ")),
        qPrintable(tree.out));
    QVERIFY(!tree.out.contains(QStringLiteral("OnDeviceAdd returned an error")));
    const Result jsonl = run({ "run", scenario, "--jsonl", "--log-level", "off" });
    QCOMPARE(jsonl.exitCode, 0);
    QVERIFY2(
        jsonl.out.contains(QStringLiteral("\"method\":\"LoadLibrary\"")), qPrintable(jsonl.out));
    QVERIFY2(jsonl.out.contains(QStringLiteral("could not be loaded")), qPrintable(jsonl.out));
}

void tst_Umdfctl::helpListsExitStatuses()
{
    // The same text for every command's --help: scripts read the statuses there.
    for (const QStringList &args : QList<QStringList> {
             { "--help" }, { "run", "--help" }, { "show", "--help" }, { "diff", "--help" } }) {
        const Result r = run(args);
        QCOMPARE(r.exitCode, 0);
        for (const char *line : { "Exit status, the same for every command:",
                 "  1  run: an action or expect failed, a run limit was reached, a host hung, or",
                 "  2  bad input:", "  3  show, export, replay, diff: a trace file is damaged" })
            QVERIFY2(r.out.contains(QLatin1String(line)), qPrintable(r.out));
    }
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

void tst_Umdfctl::captureThatCannotBeWrittenExitsOne()
{
    // The --trace file opens, the run goes on, and then the file may grow no more (a full disk;
    // here a file-size limit with SIGXFSZ ignored, so that writes fail with EFBIG): the run
    // happened, its record is incomplete, so exit 1 with the reason (2 is for nothing run).
    const QString prlimit = QStandardPaths::findExecutable(QStringLiteral("prlimit"));
    if (prlimit.isEmpty())
        QSKIP("prlimit (util-linux) is not installed");
    QVERIFY(m_dir.isValid());
    const QString trace = tempPath(QStringLiteral("full.umdftrace"));
    const Result r = runProgram(QStringLiteral("/bin/sh"),
        { QStringLiteral("-c"),
            QStringLiteral("trap '' XFSZ; echo 'advance 300s' | %1 --fsize=3000 %2 run --actions "
                           "- --trace %3 > /dev/null")
                .arg(prlimit, QStringLiteral(UMDFCTL_PATH), trace) },
        30000);
    QVERIFY2(r.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(r.err.contains(trace + QStringLiteral(": cannot write: File too large")),
        qPrintable(r.err));
    QCOMPARE(QFileInfo(trace).size(), 3000);
}

QTEST_GUILESS_MAIN(tst_Umdfctl)
#include "tst_umdfctl.moc"
