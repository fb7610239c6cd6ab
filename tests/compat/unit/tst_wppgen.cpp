// umdfx_wppgen (core/compat/wpp/wppgen.cpp) as the build runs it: the FUNC forms of a driver's
// "begin_wpp config" block become the #define lines of its .tmh, and a configuration it cannot
// read stops the build with exit status 2 and "umdfx_wppgen: file:line: what is wrong".
#include <QtTest/QtTest>

class tst_WppGen : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void generates_data();
    void generates();
    void sourceNamedInHeader();
    void rejects_data();
    void rejects();
    void commandLine_data();
    void commandLine();

private:
    struct Result
    {
        int exitCode = -1;
        QByteArray out, err;
    };
    static Result run(const QStringList &args);
    // Writes the configuration header; its absolute path.
    QString writeConfig(const QByteArray &text);

    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

// What each line of a trace macro's definition holds, for the macro named and its arguments.
QByteArray define(const char *name, const char *params, const char *level, const char *flag)
{
    return QByteArray("#define ") + name + "(" + params
        + ") umdfx_wpp_trace(__FILE__, __LINE__, __PRETTY_FUNCTION__, " + level + ", " + flag
        + ", \"" + name + "\", MSG, ##__VA_ARGS__)";
}

// A header with the configuration block as drivers write it (a // comment, line 3 onwards).
QByteArray config(const QByteArray &funcLines)
{
    QByteArray lines;
    for (const QByteArray &l : funcLines.split('\n'))
        lines += "// " + l + "\n";
    return "#pragma once\n//\n// begin_wpp config\n" + lines + "// end_wpp\n//\n";
}

} // namespace

tst_WppGen::Result tst_WppGen::run(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(UMDFX_WPPGEN_PATH), args);
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    Result r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString tst_WppGen::writeConfig(const QByteArray &text)
{
    const QString path = m_dir->filePath(QStringLiteral("internal.h"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void tst_WppGen::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
}

void tst_WppGen::generates_data()
{
    QTest::addColumn<QByteArray>("configText");
    QTest::addColumn<QList<QByteArray>>("lines"); // each a whole line of the .tmh
    QTest::addColumn<QList<QByteArray>>("absent"); // substrings the .tmh must not have

    QTest::addRow("fixed flag") << config("FUNC Trace{FLAG=MYDRIVER_ALL_INFO}(LEVEL, MSG, ...);")
                                << QList<QByteArray> { "#undef Trace",
                                       define("Trace", "LEVEL, MSG, ...", "(LEVEL)",
                                           "\"MYDRIVER_ALL_INFO\"") }
                                << QList<QByteArray> {};
    QTest::addRow("flags parameter") << config("FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);")
                                     << QList<QByteArray> { define("TraceEvents",
                                            "LEVEL, FLAGS, MSG, ...", "(LEVEL)", "#FLAGS") }
                                     << QList<QByteArray> {};
    QTest::addRow("fixed level") << config(
        "FUNC TraceError{LEVEL=TRACE_LEVEL_ERROR}(FLAGS, MSG, ...);")
                                 << QList<QByteArray> { define("TraceError", "FLAGS, MSG, ...",
                                        "(TRACE_LEVEL_ERROR)", "#FLAGS") }
                                 << QList<QByteArray> {};
    QTest::addRow("fixed level and flag")
        << config("FUNC Info{LEVEL=TRACE_LEVEL_VERBOSE, FLAG=TRACE_DRIVER}(MSG, ...);")
        << QList<QByteArray> { define(
               "Info", "MSG, ...", "(TRACE_LEVEL_VERBOSE)", "\"TRACE_DRIVER\"") }
        << QList<QByteArray> {};
    QTest::addRow("message only: information, no flag")
        << config("FUNC DoTrace(MSG, ...);")
        << QList<QByteArray> { define("DoTrace", "MSG, ...", "TRACE_LEVEL_INFORMATION", "\"\"") }
        << QList<QByteArray> {};
    QTest::addRow("a flags parameter wins over a fixed flag")
        << config("FUNC T{FLAG=X}(LEVEL, FLAGS, MSG, ...);")
        << QList<QByteArray> { define("T", "LEVEL, FLAGS, MSG, ...", "(LEVEL)", "#FLAGS") }
        << QList<QByteArray> { "\"X\"" };
    QTest::addRow("blanks inside the FUNC line")
        << config("FUNC   Trace { FLAG = ALL } ( LEVEL ,MSG,  ... )  ;")
        << QList<QByteArray> { define("Trace", "LEVEL, MSG, ...", "(LEVEL)", "\"ALL\"") }
        << QList<QByteArray> {};
    QTest::addRow("two macros, each with its line")
        << config(
               "FUNC Trace{FLAG=ALL}(LEVEL, MSG, ...);\nFUNC TraceEvents(LEVEL, FLAGS, MSG, ...);")
        << QList<QByteArray> { "#undef Trace", "#undef TraceEvents",
               define("Trace", "LEVEL, MSG, ...", "(LEVEL)", "\"ALL\""),
               define("TraceEvents", "LEVEL, FLAGS, MSG, ...", "(LEVEL)", "#FLAGS") }
        << QList<QByteArray> {};
    QTest::addRow("prefix, suffix and custom types are accepted")
        << config("USEPREFIX (Trace, \"%!STDPREFIX! [%!FUNC!]\");\n"
                  "USESUFFIX (Trace, \" [%!HRESULT!]\", hr);\n"
                  "CUSTOM_TYPE(state, ItemEnum(STATE));\nFUNC Trace(LEVEL, MSG, ...);")
        << QList<QByteArray> { define("Trace", "LEVEL, MSG, ...", "(LEVEL)", "\"\"") }
        << QList<QByteArray> { "USEPREFIX", "USESUFFIX", "CUSTOM_TYPE" };
    QTest::addRow("a block comment without //")
        << QByteArray(
               "/*\n   begin_wpp config\n   FUNC Trace(LEVEL, MSG, ...);\n\n   end_wpp\n*/\n")
        << QList<QByteArray> { define("Trace", "LEVEL, MSG, ...", "(LEVEL)", "\"\"") }
        << QList<QByteArray> {};
    QTest::addRow("blank and empty comment lines in the block")
        << config("\n\nFUNC Trace(LEVEL, MSG, ...);\n")
        << QList<QByteArray> { define("Trace", "LEVEL, MSG, ...", "(LEVEL)", "\"\"") }
        << QList<QByteArray> {};
    QTest::addRow("FUNC lines outside the block are not read")
        << QByteArray("// FUNC Outside(\n" + config("FUNC Trace(LEVEL, MSG, ...);")
               + "// FUNC After(LEVEL, MSG, ...);\n")
        << QList<QByteArray> { define("Trace", "LEVEL, MSG, ...", "(LEVEL)", "\"\"") }
        << QList<QByteArray> { "Outside", "After" };
    QTest::addRow("the classic sample's configuration")
        <<
        [] {
            QFile f(QStringLiteral(UMDFX_SOURCE_DIR "/drivers/classic/internal.h"));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }()
        << QList<QByteArray> { define(
                                   "Trace", "LEVEL, MSG, ...", "(LEVEL)", "\"CLASSIC_ALL_INFO\""),
               define("TraceEvents", "LEVEL, FLAGS, MSG, ...", "(LEVEL)", "#FLAGS") }
        << QList<QByteArray> {};
}

void tst_WppGen::generates()
{
    QFETCH(QByteArray, configText);
    QFETCH(QList<QByteArray>, lines);
    QFETCH(QList<QByteArray>, absent);
    const QString cfg = writeConfig(configText);
    const QString tmh = m_dir->filePath(QStringLiteral("device.tmh"));
    const Result r = run({ QStringLiteral("--config"), cfg, QStringLiteral("--output"), tmh });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QFile f(tmh);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    const QList<QByteArray> have = text.split('\n');
    // What every .tmh has: the runtime and the flag bits as names.
    QVERIFY2(have.contains("#include \"core/compat/wpp/wppruntime.h\""), text.constData());
    QVERIFY2(have.contains("enum UmdfxWppBits { WPP_CONTROL_GUIDS UmdfxWppBitsEnd };"),
        text.constData());
    for (const QByteArray &line : lines)
        QVERIFY2(have.contains(line), (line + "\nnot in\n" + text).constData());
    for (const QByteArray &s : absent)
        QVERIFY2(!text.contains(s), (s + "\nin\n" + text).constData());
    // Each definition is announced with the configuration line it comes from.
    for (const QByteArray &line : have) {
        if (!line.startsWith("#define ") || line.startsWith("#define WPP_")
            || line.startsWith("#define UMDFX_"))
            continue;
        const int at = int(have.indexOf(line));
        QVERIFY2(at >= 2 && have[at - 2].startsWith("// " + cfg.toUtf8() + ":"),
            (line + "\nwithout its // file:line\n" + text).constData());
    }
}

void tst_WppGen::sourceNamedInHeader()
{
    const QString cfg = writeConfig(config("FUNC Trace(LEVEL, MSG, ...);\nFUNC Second(MSG, ...);"));
    const QString tmh = m_dir->filePath(QStringLiteral("queue.tmh"));
    const Result r = run({ QStringLiteral("--config"), cfg, QStringLiteral("--source"),
        QStringLiteral("/src/queue.cpp"), QStringLiteral("--output"), tmh });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(tmh);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> have = f.readAll().split('\n');
    QCOMPARE(have.value(0),
        "// Generated by umdfx_wppgen from " + cfg.toUtf8() + " for /src/queue.cpp. Do not edit.");
    // The FUNC lines are lines 4 and 5 of the header (config() starts the block on line 3).
    QVERIFY(have.contains("// " + cfg.toUtf8() + ":4"));
    QVERIFY(have.contains("// " + cfg.toUtf8() + ":5"));
}

void tst_WppGen::rejects_data()
{
    QTest::addColumn<QByteArray>("configText");
    QTest::addColumn<QByteArray>("message"); // after "umdfx_wppgen: "; FILE is the config's path

    QTest::addRow("no end_wpp") << QByteArray(
        "// begin_wpp config\n// FUNC Trace(LEVEL, MSG, ...);\n")
                                << QByteArray("FILE:1: 'begin_wpp config' without 'end_wpp'");
    QTest::addRow("a misspelt key in {}")
        << config("FUNC Trace{LEVLE=3}(MSG, ...);")
        << QByteArray("FILE:4: FUNC Trace: unknown key 'LEVLE' in {…} (FLAG, FLAGS, LEVEL)");
    QTest::addRow("no block") << QByteArray("#pragma once\n// FUNC Trace(LEVEL, MSG, ...);\n")
                              << QByteArray("FILE: no 'begin_wpp config' block");
    QTest::addRow("empty file") << QByteArray() << QByteArray("FILE: no 'begin_wpp config' block");
    QTest::addRow("FUNC without (")
        << config("FUNC Trace;") << QByteArray("FILE:4: expected '(' after FUNC Trace");
    QTest::addRow("FUNC without ( after {}") << config("FUNC Trace{FLAG=X} LEVEL, MSG, ...;")
                                             << QByteArray("FILE:4: expected '(' after FUNC Trace");
    QTest::addRow("FUNC without a name")
        << config("FUNC (LEVEL, MSG, ...);") << QByteArray("FILE:4: FUNC needs a macro name");
    QTest::addRow("FUNC alone") << config(
        "FUNC") << QByteArray("FILE:4: not understood in the WPP configuration: 'FUNC'");
    QTest::addRow("( without )") << config("FUNC Trace(LEVEL, MSG, ...;")
                                 << QByteArray("FILE:4: '(' without ')' in FUNC Trace");
    QTest::addRow("unknown parameter")
        << config("FUNC Trace(COMPID, LEVEL, MSG, ...);")
        << QByteArray("FILE:4: FUNC Trace: unknown parameter 'COMPID' (LEVEL, FLAGS, MSG, ...)");
    QTest::addRow("FLAG is not a parameter")
        << config("FUNC Trace(FLAG, MSG, ...);")
        << QByteArray("FILE:4: FUNC Trace: unknown parameter 'FLAG' (LEVEL, FLAGS, MSG, ...)");
    QTest::addRow("unterminated {") << config("FUNC Trace{FLAG=X(LEVEL, MSG, ...);")
                                    << QByteArray("FILE:4: '{' without '}' in FUNC Trace");
    QTest::addRow("{} entry without =")
        << config("FUNC Trace{FLAG}(LEVEL, MSG, ...);")
        << QByteArray("FILE:4: expected KEY=VALUE in {\xE2\x80\xA6} of FUNC Trace, got 'FLAG'");
    QTest::addRow("no MSG") << config("FUNC Trace(LEVEL, ...);")
                            << QByteArray("FILE:4: FUNC Trace needs MSG and a final ...");
    QTest::addRow("no ...") << config("FUNC Trace(LEVEL, MSG);")
                            << QByteArray("FILE:4: FUNC Trace needs MSG and a final ...");
    QTest::addRow("... not last") << config("FUNC Trace(MSG, ..., LEVEL);")
                                  << QByteArray("FILE:4: FUNC Trace needs MSG and a final ...");
    QTest::addRow("a line that is no FUNC")
        << config("FUNC Trace(LEVEL, MSG, ...);\nTRACE Other(LEVEL, MSG, ...);")
        << QByteArray(
               "FILE:5: not understood in the WPP configuration: 'TRACE Other(LEVEL, MSG, ...);'");
    QTest::addRow("the line counts what precedes the block")
        << QByteArray("#pragma once\n\n#include <windows.h>\n\n" + config("FUNC Trace;"))
        << QByteArray("FILE:8: expected '(' after FUNC Trace");
    QTest::addRow("the first error stops it")
        << config("FUNC A;\nFUNC B(LEVEL);") << QByteArray("FILE:4: expected '(' after FUNC A");
}

void tst_WppGen::rejects()
{
    QFETCH(QByteArray, configText);
    QFETCH(QByteArray, message);
    const QString cfg = writeConfig(configText);
    const QString tmh = m_dir->filePath(QStringLiteral("device.tmh"));
    const Result r = run({ QStringLiteral("--config"), cfg, QStringLiteral("--output"), tmh });
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, "umdfx_wppgen: " + QByteArray(message).replace("FILE", cfg.toUtf8()) + "\n");
    QVERIFY2(!QFile::exists(tmh), "a .tmh was written for a configuration with an error");
}

void tst_WppGen::commandLine_data()
{
    QTest::addColumn<QStringList>("args"); // CFG: a valid configuration, DIR: the temporary dir
    QTest::addColumn<QByteArray>("message");
    const QByteArray usage = "usage: umdfx_wppgen --config FILE --output FILE.tmh [--source FILE]";
    QTest::addRow("no arguments") << QStringList {} << usage;
    QTest::addRow("no --output") << QStringList { QStringLiteral("--config"),
        QStringLiteral("CFG") } << usage;
    QTest::addRow("no --config") << QStringList { QStringLiteral("--output"),
        QStringLiteral("DIR/x.tmh") }
                                 << usage;
    QTest::addRow("an option without its value") << QStringList { QStringLiteral("--output"),
        QStringLiteral("DIR/x.tmh"), QStringLiteral("--config") }
                                                 << usage;
    QTest::addRow("an unknown option") << QStringList { QStringLiteral("--config"),
        QStringLiteral("CFG"), QStringLiteral("--output"), QStringLiteral("DIR/x.tmh"),
        QStringLiteral("-v") } << usage;
    QTest::addRow("a missing config file") << QStringList { QStringLiteral("--config"),
        QStringLiteral("DIR/missing.h"), QStringLiteral("--output"), QStringLiteral("DIR/x.tmh") }
                                           << QByteArray("DIR/missing.h: cannot open");
    QTest::addRow("an output that cannot be written")
        << QStringList { QStringLiteral("--config"), QStringLiteral("CFG"),
               QStringLiteral("--output"), QStringLiteral("DIR/no/such/dir/x.tmh") }
        << QByteArray("DIR/no/such/dir/x.tmh: cannot write");
}

void tst_WppGen::commandLine()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    const QString cfg = writeConfig(config("FUNC Trace(LEVEL, MSG, ...);"));
    const QString dir = m_dir->path();
    for (QString &a : args)
        a.replace(QStringLiteral("CFG"), cfg).replace(QStringLiteral("DIR"), dir);
    const Result r = run(args);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err,
        "umdfx_wppgen: "
            + QByteArray(message).replace("CFG", cfg.toUtf8()).replace("DIR", dir.toUtf8()) + "\n");
    QVERIFY2(!QFile::exists(m_dir->filePath(QStringLiteral("x.tmh"))), "wrote a .tmh anyway");
}

QTEST_APPLESS_MAIN(tst_WppGen)
#include "tst_wppgen.moc"
