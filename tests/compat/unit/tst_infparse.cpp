// driverClsidFromInf (core/host/drivermodule.h): the DriverCLSID a plugin's INF names, which the
// host asks the class factory for, as WUDFHost reads it from the INF's registry settings — in the
// spellings real INFs use, and the reasons given when there is none.
#include "core/host/drivermodule.h"
#include "core/wudf/guid.h"

#include <QtTest/QtTest>

class tst_InfParse : public QObject
{
    Q_OBJECT
private slots:
    void clsid_data();
    void clsid();
    void noClsid_data();
    void noClsid();
    void nullErrorIsAllowed();
    void encodings_data();
    void encodings();
};

namespace {

const char kClsid[] = "{5d1c8a3b-7e2f-4b69-9c0d-1e2f3a4b5c6d}";

// The install section of a UMDF 1 INF, around one DriverCLSID line.
QByteArray inf(const QByteArray &clsidLine, const QByteArray &eol = "\n")
{
    QByteArray text = "[Version]\nSignature=\"$Windows NT$\"\n\n[Sample_Install]\n"
                      "UmdfLibraryVersion=1.11.0\nServiceBinary=%12%\\UMDF\\Sample.dll\n"
        + clsidLine + "\n\n[Strings]\nProviderString=\"UMDF Explorer\"\n";
    text.replace("\n", eol);
    return text;
}

// The same text as Windows' tools save it: UTF-16LE with a byte-order mark.
QByteArray utf16le(const QByteArray &utf8)
{
    const QString text = QString::fromUtf8(utf8);
    QByteArray bytes("\xFF\xFE", 2);
    for (const QChar c : text) {
        bytes.append(static_cast<char>(c.unicode() & 0xFF));
        bytes.append(static_cast<char>(c.unicode() >> 8));
    }
    return bytes;
}

} // namespace

void tst_InfParse::clsid_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected"); // guidToString of the result

    const QByteArray upper = "5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D";
    QTest::addRow("braces") << inf("DriverCLSID={" + upper + "}") << QByteArray(kClsid);
    QTest::addRow("no braces") << inf("DriverCLSID=" + upper) << QByteArray(kClsid);
    QTest::addRow("lower-case GUID")
        << inf("DriverCLSID=" + QByteArray(kClsid)) << QByteArray(kClsid);
    QTest::addRow("quoted") << inf("DriverCLSID=\"{" + upper + "}\"") << QByteArray(kClsid);
    QTest::addRow("quoted, no braces")
        << inf("DriverCLSID=\"" + upper + "\"") << QByteArray(kClsid);
    QTest::addRow("key in lower case") << inf("driverclsid={" + upper + "}") << QByteArray(kClsid);
    QTest::addRow("key in upper case") << inf("DRIVERCLSID={" + upper + "}") << QByteArray(kClsid);
    QTest::addRow("spaces around =") << inf("DriverCLSID = {" + upper + "}") << QByteArray(kClsid);
    QTest::addRow("tabs and leading blanks")
        << inf("\t  DriverCLSID\t=\t{" + upper + "}\t") << QByteArray(kClsid);
    QTest::addRow("comment after the value")
        << inf("DriverCLSID={" + upper + "} ; must match the class factory") << QByteArray(kClsid);
    QTest::addRow("comment right after the value")
        << inf("DriverCLSID={" + upper + "};comment") << QByteArray(kClsid);
    QTest::addRow("CRLF line ends")
        << inf("DriverCLSID = {" + upper + "}", "\r\n") << QByteArray(kClsid);
    QTest::addRow("CRLF after a quoted value")
        << inf("DriverCLSID=\"{" + upper + "}\"", "\r\n") << QByteArray(kClsid);
    QTest::addRow("last line without a line end")
        << QByteArray("[Sample_Install]\nDriverCLSID={" + upper + "}") << QByteArray(kClsid);
    QTest::addRow("a commented-out line is skipped")
        << inf("; DriverCLSID={00000000-0000-0000-0000-000000000001}\nDriverCLSID={" + upper + "}")
        << QByteArray(kClsid);
    QTest::addRow("first one wins")
        << inf("DriverCLSID={" + upper + "}\nDriverCLSID={00000000-0000-0000-0000-000000000001}")
        << QByteArray(kClsid);
    QTest::addRow("similar keys are not it") << inf(
        "MyDriverCLSID={00000000-0000-0000-0000-000000000001}\n"
        "DriverCLSIDs={00000000-0000-0000-0000-000000000002}\nDriverCLSID={"
        + upper + "}") << QByteArray(kClsid);
    // The header promises any section: WUDFHost reads the install section's registry value, but
    // the simulator does not track sections.
    QTest::addRow("inside [Strings]") << QByteArray(
        "[Version]\nSignature=\"$Windows NT$\"\n[Strings]\nDriverCLSID=\"{" + upper + "}\"\n")
                                      << QByteArray(kClsid);
    // INF string substitution, as Windows does it: %key% is the [Strings] section's value.
    QTest::newRow("%strkey% from [Strings]") << QByteArray(
        "[Sample_Install]\nDriverCLSID=%SampleClsid%\n\n[Strings]\n"
        "SampleClsid=\"{"
        + upper + "}\"\n") << QByteArray(kClsid);
    QTest::newRow("%strkey% without case, [strings] too") << QByteArray(
        "[Sample_Install]\nDriverCLSID = %sampleclsid% ; from Strings\n"
        "[ strings ]\nSAMPLECLSID = {"
        + upper + "}\n") << QByteArray(kClsid);
    QTest::addRow("UTF-16LE with a BOM, CRLF")
        << utf16le(inf("DriverCLSID={" + upper + "}", "\r\n")) << QByteArray(kClsid);
    QTest::newRow("UTF-16LE with a BOM, %strkey% and non-ASCII strings") << utf16le(
        "[Sample_Install]\r\nDriverCLSID=%SampleClsid%\r\n[Strings]\r\n"
        "Vendor=\"Caf\xC3\xA9 \xE2\x84\xA2\"\r\nSampleClsid=\"{"
        + upper + "}\"\r\n") << QByteArray(kClsid);
    QTest::addRow("UTF-8 with a BOM, the key on the first line") << QByteArray("\xEF\xBB\xBF"
                                                                               "DriverCLSID={"
        + upper + "}\n") << QByteArray(kClsid);
    QTest::newRow("%strkey% defined before its use") << QByteArray("[Strings]\nSampleClsid=\"{"
        + upper + "}\"\n[Sample_Install]\nDriverCLSID=\"%SampleClsid%\"\n")
                                                     << QByteArray(kClsid);
    QTest::addRow("the classic sample's INF") << [] {
        QFile f(QStringLiteral(UMDFX_SOURCE_DIR "/drivers/classic/classic.inx"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }() << QByteArray(kClsid);
}

void tst_InfParse::clsid()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    std::string error = "untouched";
    const auto clsid = umdfx::driverClsidFromInf(text.toStdString(), &error);
    QVERIFY2(clsid.has_value(), error.c_str());
    QCOMPARE(QByteArray::fromStdString(umdfx::wudf::guidToString(*clsid)), expected);
}

void tst_InfParse::noClsid_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("error"); // exactly

    const QByteArray none = "it names no DriverCLSID";
    QTest::addRow("empty") << QByteArray() << none;
    QTest::addRow("no DriverCLSID line") << inf("UmdfService=Sample,Sample_Install") << none;
    QTest::addRow("only in a comment")
        << inf("; DriverCLSID={5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D}") << none;
    QTest::addRow("key without =")
        << inf("DriverCLSID {5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D}") << none;
    QTest::addRow("only a similar key")
        << inf("MyDriverCLSID={5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D}") << none;
    QTest::addRow("not a GUID") << inf("DriverCLSID=hello")
                                << QByteArray("its DriverCLSID is not a GUID: 'hello'");
    QTest::addRow("empty value") << inf("DriverCLSID=  ; to do")
                                 << QByteArray("its DriverCLSID is not a GUID: ''");
    QTest::addRow("a digit short")
        << inf("DriverCLSID={5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6}")
        << QByteArray("its DriverCLSID is not a GUID: '{5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6}'");
    QTest::addRow("not hex")
        << inf("DriverCLSID={5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6G}")
        << QByteArray("its DriverCLSID is not a GUID: '{5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6G}'");
    QTest::addRow("an unclosed brace")
        << inf("DriverCLSID={5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D")
        << QByteArray("its DriverCLSID is not a GUID: '{5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D'");
    QTest::addRow("one quote")
        << inf("DriverCLSID=\"{5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D}")
        << QByteArray("its DriverCLSID is not a GUID: '\"{5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D}'");
    QTest::newRow("a %strkey% [Strings] does not define")
        << QByteArray("[Sample_Install]\nDriverCLSID=%SampleClsid%\n[Strings]\n"
                      "OtherClsid=\"{5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D}\"\n")
        << QByteArray(
               "its DriverCLSID is %SampleClsid%, which its [Strings] section does not define");
    QTest::newRow("a %strkey% defined in another section only")
        << QByteArray("[Sample_Install]\nDriverCLSID=%SampleClsid%\n[Other]\n"
                      "SampleClsid=\"{5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D}\"\n")
        << QByteArray(
               "its DriverCLSID is %SampleClsid%, which its [Strings] section does not define");
    QTest::newRow("a %strkey% whose string is no GUID") << QByteArray(
        "[Sample_Install]\nDriverCLSID=%SampleClsid%\n[Strings]\n"
        "SampleClsid=\"later\"\n") << QByteArray("its DriverCLSID is not a GUID: 'later'");
    QTest::addRow("first one wins, even when bad")
        << inf("DriverCLSID=TODO\nDriverCLSID={5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D}")
        << QByteArray("its DriverCLSID is not a GUID: 'TODO'");
}

void tst_InfParse::noClsid()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, error);
    std::string why;
    const auto clsid = umdfx::driverClsidFromInf(text.toStdString(), &why);
    QVERIFY2(!clsid.has_value(), umdfx::wudf::guidToString(clsid.value_or(GUID {})).c_str());
    QCOMPARE(QByteArray::fromStdString(why), error);
}

void tst_InfParse::nullErrorIsAllowed()
{
    QVERIFY(!umdfx::driverClsidFromInf("DriverCLSID=x", nullptr));
    QVERIFY(!umdfx::driverClsidFromInf("", nullptr));
    QVERIFY(umdfx::driverClsidFromInf(std::string("DriverCLSID=") + kClsid, nullptr));
}

void tst_InfParse::encodings_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("utf8");

    QTest::addRow("ASCII as it is") << QByteArray("[Version]\r\n") << QByteArray("[Version]\r\n");
    QTest::addRow("UTF-8 BOM dropped")
        << QByteArray("\xEF\xBB\xBF[Version]") << QByteArray("[Version]");
    QTest::addRow("UTF-8 without BOM as it is")
        << QByteArray("Caf\xC3\xA9") << QByteArray("Caf\xC3\xA9");
    QTest::addRow("UTF-16LE BOM: BMP characters")
        << utf16le("Caf\xC3\xA9 \xE2\x84\xA2") << QByteArray("Caf\xC3\xA9 \xE2\x84\xA2");
    QTest::addRow("UTF-16LE BOM: a surrogate pair")
        << QByteArray("\xFF\xFE\x3D\xD8\x00\xDE", 6) << QByteArray("\xF0\x9F\x98\x80");
    QTest::addRow("UTF-16LE BOM alone") << QByteArray("\xFF\xFE") << QByteArray();
    // Without a BOM, UTF-16 is not recognised (Setup needs the BOM too): the bytes stay.
    QTest::addRow("UTF-16BE BOM is not UTF-16LE")
        << QByteArray("\xFE\xFF\x00\x41", 4) << QByteArray("\xFE\xFF\x00\x41", 4);
}

void tst_InfParse::encodings()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, utf8);
    QCOMPARE(QByteArray::fromStdString(umdfx::infTextAsUtf8(bytes.toStdString())), utf8);
}

QTEST_APPLESS_MAIN(tst_InfParse)
#include "tst_infparse.moc"
