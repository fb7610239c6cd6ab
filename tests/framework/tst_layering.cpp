// core/ must never include Qt: linking alone would not notice a header-only include.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <regex>

class tst_Layering : public QObject
{
    Q_OBJECT
private slots:
    void coreIncludesNoQt();
    void driversIncludeOnlyWudf();
};

static std::vector<std::string> offendingIncludes(
    const std::filesystem::path &root, const std::regex &bad)
{
    std::vector<std::string> found;
    for (const auto &entry : std::filesystem::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".h" && ext != ".cpp" && ext != ".inc"))
            continue;
        std::ifstream in(entry.path());
        std::string line;
        int lineNo = 0;
        while (std::getline(in, line)) {
            ++lineNo;
            if (std::regex_search(line, bad))
                found.push_back(entry.path().string() + ":" + std::to_string(lineNo) + ": " + line);
        }
    }
    return found;
}

void tst_Layering::coreIncludesNoQt()
{
    const std::regex qtInclude(R"(^\s*#\s*include\s*[<"](Q[A-Za-z]|qt))");
    const auto found
        = offendingIncludes(std::filesystem::path(UMDFX_SOURCE_DIR) / "core", qtInclude);
    for (const auto &f : found)
        qWarning("%s", f.c_str());
    QVERIFY(found.empty());
    // The check itself must be able to fail: a Qt include line matches.
    QVERIFY(std::regex_search(std::string("#include <QtCore/QString>"), qtInclude));
}

void tst_Layering::driversIncludeOnlyWudf()
{
    // A driver sees only the UMDF API (core/wudf) and its own headers, never the simulator.
    const std::regex projectInclude(R"(^\s*#\s*include\s*"core/(?!wudf/))");
    std::vector<std::string> found;
    for (const char *driver : { "echo", "consumer" }) {
        for (auto &f : offendingIncludes(
                 std::filesystem::path(UMDFX_SOURCE_DIR) / "drivers" / driver, projectInclude))
            found.push_back(f);
    }
    for (const auto &f : found)
        qWarning("%s", f.c_str());
    QVERIFY(found.empty());
    QVERIFY(std::regex_search(std::string("#include \"core/host/driverhost.h\""), projectInclude));
}

QTEST_APPLESS_MAIN(tst_Layering)
#include "tst_layering.moc"
