// The one table of Win32 error names: every name the action language and the GUI need maps to the
// number Windows uses, both ways.
#include "core/scenario/win32errors.h"

#include <QtTest/QtTest>

#include <set>

using namespace umdfx::scenario;

class tst_Win32Errors : public QObject
{
    Q_OBJECT
private slots:
    void knownErrors_data();
    void knownErrors();
    void tableIsConsistent();
    void unknown();
};

void tst_Win32Errors::knownErrors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<uint>("code");
    // Reference §0.4, plus the errors of the Win32 calls the simulator makes.
    const std::pair<const char *, uint> rows[] = {
        { "ERROR_SUCCESS", 0 },
        { "ERROR_INVALID_FUNCTION", 1 },
        { "ERROR_FILE_NOT_FOUND", 2 },
        { "ERROR_PATH_NOT_FOUND", 3 },
        { "ERROR_ACCESS_DENIED", 5 },
        { "ERROR_INVALID_HANDLE", 6 },
        { "ERROR_NOT_ENOUGH_MEMORY", 8 },
        { "ERROR_OUTOFMEMORY", 14 },
        { "ERROR_BAD_COMMAND", 22 },
        { "ERROR_NOT_SUPPORTED", 50 },
        { "ERROR_INVALID_PARAMETER", 87 },
        { "ERROR_INSUFFICIENT_BUFFER", 122 },
        { "ERROR_MORE_DATA", 234 },
        { "ERROR_NO_MORE_ITEMS", 259 },
        { "ERROR_OPERATION_ABORTED", 995 },
        { "ERROR_IO_PENDING", 997 },
        { "ERROR_NOT_FOUND", 1168 },
        { "ERROR_CANCELLED", 1223 },
        { "ERROR_DRIVER_PROCESS_TERMINATED", 1291 },
        { "ERROR_BAD_CONFIGURATION", 1610 },
        { "ERROR_INVALID_OPERATION", 4317 },
    };
    for (const auto &[name, code] : rows)
        QTest::addRow("%s", name) << QString::fromLatin1(name) << code;
}

void tst_Win32Errors::knownErrors()
{
    QFETCH(QString, name);
    QFETCH(uint, code);
    const std::string n = name.toStdString();
    QCOMPARE(win32ErrorByName(n), std::optional<std::uint32_t>(code));
    QCOMPARE(std::string(win32ErrorName(code)), n);
}

void tst_Win32Errors::tableIsConsistent()
{
    const auto all = win32Errors();
    QVERIFY(all.size() >= 21);
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < all.size(); ++i) {
        QVERIFY2(all[i].name.rfind("ERROR_", 0) == 0, all[i].name.data());
        QVERIFY2(names.insert(all[i].name).second, all[i].name.data());
        if (i > 0)
            QVERIFY(all[i - 1].code < all[i].code);
        QCOMPARE(win32ErrorByName(all[i].name), std::optional<std::uint32_t>(all[i].code));
        QCOMPARE(win32ErrorName(all[i].code), all[i].name);
    }
}

void tst_Win32Errors::unknown()
{
    QVERIFY(!win32ErrorByName("MORE_DATA"));
    QVERIFY(!win32ErrorByName("error_more_data")); // the names are written as Windows spells them
    QVERIFY(!win32ErrorByName(""));
    QVERIFY(win32ErrorName(424242).empty());
    QVERIFY(win32ErrorName(4).empty());
}

QTEST_APPLESS_MAIN(tst_Win32Errors)
#include "tst_win32errors.moc"
