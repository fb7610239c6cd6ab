// The explanation catalog: the embedded files load; every entry is well-formed (its fields, a
// one-line summary, a learn.microsoft.com link whose page name follows Microsoft's pattern for
// the name it explains); lookups by name, alias and trace record; every loader error path gives
// its message at the exact line:column.
#include "core/teaching/explanationcatalog.h"
#include "core/trace/stringtable.h"
#include "resources/embeddedresources.h"

#include <QtCore/QRegularExpression>
#include <QtTest/QtTest>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <set>
#include <thread>

using namespace umdfx;
using teaching::Explanation;
using teaching::ExplanationCatalog;

// Declared first: moc stops reading at the raw string literals below.
class tst_ExplanationCatalog : public QObject
{
    Q_OBJECT
private slots:
    void embeddedCatalogLoads();
    void entriesAreWellFormed();
    void docsLinksFollowThePagePattern();
    void verifierRulesAreTheReferences();
    void findByName();
    void findByRecord();
    void findFromManyThreads();
    void errors_data();
    void errors();
    void duplicateAcrossFiles();
    void truncatedFilesFailCleanly();
};

namespace {

const ExplanationCatalog &catalog()
{
    return ExplanationCatalog::embedded();
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

QString errorOf(std::string_view text)
{
    const auto loaded = ExplanationCatalog::load(text, "f");
    if (!std::holds_alternative<scenario::LoadError>(loaded))
        return QStringLiteral("<accepted>");
    return QString::fromStdString(std::get<scenario::LoadError>(loaded).toString());
}

// A valid entry with one field replaced or added: `field` is the JSON of the member, inserted
// before "docs" (a key already present is replaced by dropping the original).
std::string entry(const std::string &replace = {}, const std::string &with = {})
{
    std::vector<std::pair<std::string, std::string>> members = {
        { "interface", R"("IQueueCallbackWrite")" },
        { "method", R"("OnWrite")" },
        { "kinds", R"(["callback"])" },
        { "summary", R"("A write request arrives.")" },
        { "purpose", R"("p")" },
        { "when", R"("w")" },
        { "mustDo", R"("m")" },
        { "mistakes", R"("x")" },
        { "docs",
            R"("https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/wudfddi/nf-wudfddi-iqueuecallbackwrite-onwrite")" },
    };
    std::string out = "{";
    bool replaced = false;
    for (const auto &[k, v] : members) {
        if (k == replace) {
            replaced = true;
            if (!with.empty())
                out += "\"" + k + "\": " + with + ", ";
            continue;
        }
        out += "\"" + k + "\": " + v + ", ";
    }
    if (!replaced && !replace.empty())
        out += "\"" + replace + "\": " + with + ", ";
    out.resize(out.size() - 2);
    return out + "}";
}

std::string file(const std::string &entries)
{
    return "{\"entries\": [" + entries + "]}";
}

} // namespace

void tst_ExplanationCatalog::embeddedCatalogLoads()
{
    QVERIFY(!resources::embeddedExplanations().empty());
    const auto loaded = ExplanationCatalog::load(ExplanationCatalog::embeddedFiles());
    if (auto *err = std::get_if<scenario::LoadError>(&loaded))
        QFAIL(err->toString().c_str());
    const auto &c = std::get<ExplanationCatalog>(loaded);
    QCOMPARE(c.size(), catalog().size());
    QVERIFY2(c.size() >= 200, std::to_string(c.size()).c_str());
    // Error messages name the embedded file as it is in the source tree.
    QVERIFY(catalog().entries().front().where.file.starts_with("explanations/"));
    qInfo("%zu entries in %zu files", c.size(), resources::embeddedExplanations().size());
}

void tst_ExplanationCatalog::entriesAreWellFormed()
{
    // The loader refuses empty fields; these are the content rules on top: short entries ("a few
    // sentences per field"), sentences that end, no placeholder text.
    constexpr std::size_t kMaxField = 900; // characters
    // QRegularExpression rather than <regex>: GCC 12's <regex> trips -Wmaybe-uninitialized in the
    // sanitizer build.
    const QRegularExpression placeholder(QStringLiteral(R"(\b(TODO|TBD|FIXME|XXX|lorem)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    for (const Explanation &x : catalog().entries()) {
        const std::string at = x.name() + " (" + x.where.toString() + ")";
        QVERIFY2(!x.kinds.empty(), at.c_str());
        for (const auto *field : { &x.summary, &x.purpose, &x.when, &x.mustDo, &x.mistakes }) {
            QVERIFY2(!field->empty(), at.c_str());
            QVERIFY2(field->size() <= kMaxField, (at + ": a field is too long").c_str());
            const char last = field->back();
            QVERIFY2(last == '.' || last == ')' || last == '?',
                (at + ": a field does not end its sentence: " + *field).c_str());
            QVERIFY2(!placeholder.match(QString::fromStdString(*field)).hasMatch(),
                (at + ": placeholder").c_str());
        }
        QVERIFY2(x.summary.size() <= 160, at.c_str());
        QVERIFY2(x.docs.starts_with("https://learn.microsoft.com/en-us/"), at.c_str());
        if (!x.byFramework.empty())
            QVERIFY2(x.explainsKind(trace::Kind::Host),
                (at + ": byFramework explains host records; list the host kind").c_str());
        if (x.interfaceName == "*")
            QVERIFY2(x.kinds == std::vector<trace::Kind> { trace::Kind::Host },
                (at + ": only the host's per-module records are wildcards").c_str());
    }
}

void tst_ExplanationCatalog::docsLinksFollowThePagePattern()
{
    // Microsoft's page names are derived from the header and the name: checking the pattern
    // catches a link pasted under the wrong entry.
    const std::string ddi = "https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/";
    const QRegularExpression umdfInterface(QStringLiteral(
        R"(^I(WDF|Pnp|Queue|Request|File|Remote|Object|Driver|Impersonate|Power)[A-Za-z0-9]*$)"));
    const auto dashed = [](std::string s) {
        std::replace(s.begin(), s.end(), '_', '-');
        return lower(s);
    };
    int checked = 0;
    for (const Explanation &x : catalog().entries()) {
        const std::string at = x.name() + " (" + x.where.toString() + ")";
        std::string want;
        if (umdfInterface.match(QString::fromStdString(x.interfaceName)).hasMatch())
            want = ddi + "wudfddi/nf-wudfddi-" + lower(x.interfaceName) + "-" + lower(x.method);
        else if (x.interfaceName == "WUDF_WORKITEM_FUNCTION")
            want = ddi + "wudfworkitem/nc-wudfworkitem-wudf_workitem_function";
        else if (x.interfaceName == "WM_DEVICECHANGE")
            want = "https://learn.microsoft.com/en-us/windows/win32/devio/" + dashed(x.method);
        else if (x.interfaceName == "PnP" && x.method.starts_with("IRP_MN_"))
            want = "https://learn.microsoft.com/en-us/windows-hardware/drivers/kernel/"
                + dashed(x.method);
        else if (x.interfaceName == "kernel32" || x.interfaceName == "setupapi"
            || x.interfaceName == "user32")
            QVERIFY2(x.docs.starts_with("https://learn.microsoft.com/en-us/windows/win32/api/")
                    || x.docs.starts_with("https://learn.microsoft.com/en-us/previous-versions/"),
                at.c_str());
        if (want.empty())
            continue;
        ++checked;
        QVERIFY2(x.docs == want, (at + ": docs is " + x.docs + ", expected " + want).c_str());
    }
    QVERIFY(checked > 150);
}

void tst_ExplanationCatalog::verifierRulesAreTheReferences()
{
    // UMDFVerifier::V<n>, n from the reference's §9 table (V1-V30); each says how to fix the
    // driver.
    const QRegularExpression rule(QStringLiteral(R"(^V([1-9]|[12][0-9]|30)$)"));
    int rules = 0;
    for (const Explanation &x : catalog().entries()) {
        if (x.interfaceName != "UMDFVerifier")
            continue;
        ++rules;
        QVERIFY2(rule.match(QString::fromStdString(x.method)).hasMatch(), x.name().c_str());
        QVERIFY(x.kinds == std::vector<trace::Kind> { trace::Kind::Verifier });
    }
    QVERIFY(rules >= 18);
}

void tst_ExplanationCatalog::findByName()
{
    const Explanation *w = catalog().find("IQueueCallbackWrite", "OnWrite");
    QVERIFY(w);
    QCOMPARE(w->name(), std::string("IQueueCallbackWrite::OnWrite"));
    QVERIFY(w->explainsKind(trace::Kind::Callback));
    QCOMPARE(catalog().find("IQueueCallbackWrite::OnWrite"), w);
    // An alias finds its entry: the trace records IWDFDeviceInitialize2's method under
    // IWDFDeviceInitialize.
    const Explanation *io = catalog().find("IWDFDeviceInitialize::SetIoTypePreference");
    QVERIFY(io);
    QCOMPARE(io->name(), std::string("IWDFDeviceInitialize2::SetIoTypePreference"));
    QVERIFY(!catalog().find("IQueueCallbackWrite::OnWrote"));
    QVERIFY(!catalog().find("no separator"));
    // A name no entry has falls back to a wildcard entry for its method: the host's per-module
    // records, whose interface is the module's file name.
    const Explanation *module = catalog().find("WUDFEchoDriver.dll::DllGetClassObject");
    QVERIFY(module);
    QCOMPARE(module->interfaceName, std::string("*"));
    QVERIFY(!catalog().find("WUDFEchoDriver.dll::NoSuchExport"));
}

void tst_ExplanationCatalog::findByRecord()
{
    trace::TraceRecord r {};
    r.kind = trace::Kind::Callback;
    r.iface = trace::intern("IQueueCallbackCreate");
    r.method = trace::intern("OnCreateFile");
    const Explanation *x = catalog().find(r);
    QVERIFY(x);
    QCOMPARE(x->name(), std::string("IQueueCallbackCreate::OnCreateFile"));

    // The host's per-module records: the interface is the driver's file name.
    r.kind = trace::Kind::Host;
    r.iface = trace::intern("SomePlugin.so");
    r.method = trace::intern("DllGetClassObject");
    x = catalog().find(r);
    QVERIFY(x);
    QCOMPARE(x->interfaceName, std::string("*"));
    r.kind = trace::Kind::Ddi; // a wildcard explains only its kinds
    QVERIFY(!catalog().find(r));

    // Both directions of QueryInterface have one entry.
    r.iface = trace::intern("IUnknown");
    r.method = trace::intern("QueryInterface");
    r.kind = trace::Kind::Ddi;
    QVERIFY(catalog().find(r) && catalog().find(r)->explainsKind(trace::Kind::Ddi));
    QVERIFY(catalog().find(r)->explainsKind(trace::Kind::Callback));

    // Actions and unknown names are not explained.
    r.kind = trace::Kind::Action;
    r.iface = trace::intern("action");
    r.method = trace::intern("write");
    QVERIFY(!catalog().find(r));
}

void tst_ExplanationCatalog::findFromManyThreads()
{
    // Immutable after load: concurrent lookups need no lock (run under tsan in the tsan preset).
    const auto &c = catalog();
    std::vector<trace::TraceRecord> records;
    for (const auto &x : c.entries()) {
        trace::TraceRecord r {};
        r.kind = x.kinds.front();
        r.iface = trace::intern(x.interfaceName == "*" ? "Module.dll" : x.interfaceName);
        r.method = trace::intern(x.method);
        records.push_back(r);
    }
    std::atomic<int> found { 0 };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (const auto &r : records)
                if (c.find(r))
                    found.fetch_add(1, std::memory_order_relaxed);
        });
    for (auto &t : threads)
        t.join();
    QCOMPARE(found.load(), int(4 * records.size()));
}

void tst_ExplanationCatalog::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const std::string &text, const char *message) {
        QTest::newRow(name) << QString::fromStdString(text) << QString::fromUtf8(message);
    };
    row("syntax", "{\"entries\": [",
        "f:1:14: syntax error while parsing value - unexpected end of input; expected '[', '{', or "
        "a literal");
    row("root not an object", "[]", "f:1:1: an explanation file must be an object, not an array");
    row("unknown top-level key", "{\"entries\": [], \"extra\": 1}",
        "f:1:17: unknown key \"extra\" in an explanation file (expected one of: entries)");
    row("no entries", "{}", "f:1:1: an explanation file needs \"entries\"");
    row("entries not an array", "{\"entries\": {}}",
        "f:1:13: \"entries\" must be an array, not an object");
    row("entry not an object", file("1"), "f:1:14: an entry must be an object, not a number");
    row("unknown entry key", file(entry("summery", "\"s\"")),
        "f:1:316: unknown key \"summery\" in an entry (expected one of: interface, method, kinds, "
        "aliases, summary, purpose, when, mustDo, mistakes, byFramework, docs)");
    row("missing method", file(entry("method")), "f:1:14: an entry needs \"method\"");
    row("empty purpose", file(entry("purpose", "\"  \"")),
        "f:1:145: \"purpose\" must not be empty");
    row("purpose not a string", file(entry("purpose", "7")),
        "f:1:145: \"purpose\" must be a string, not a number");
    row("name with a separator", file(entry("method", "\"On::Write\"")),
        "f:1:28: \"IQueueCallbackWrite::On::Write\" is not a name of the form Interface::Method");
    row("method with a blank", file(entry("method", "\"On Write\"")),
        "f:1:28: \"IQueueCallbackWrite::On Write\" is not a name of the form Interface::Method");
    row("unknown kind", file(entry("kinds", "[\"callback\", \"action\"]")),
        "f:1:94: unknown record kind \"action\" (expected one of: win32, callback, ddi, pnp, "
        "notify, verifier, host)");
    row("kind twice", file(entry("kinds", "[\"ddi\", \"ddi\"]")),
        "f:1:89: record kind \"ddi\" is listed twice");
    row("no kinds", file(entry("kinds", "[]")), "f:1:81: \"kinds\" must not be empty");
    row("bad alias", file(entry("aliases", "[\"OnWrite\"]")),
        "f:1:328: alias \"OnWrite\" is not a name of the form Interface::Method");
    row("alias of itself", file(entry("aliases", "[\"IQueueCallbackWrite::OnWrite\"]")),
        "f:1:328: alias \"IQueueCallbackWrite::OnWrite\" is the entry's own name");
    row("two-line summary", file(entry("summary", "\"one\\ntwo\"")),
        "f:1:106: \"summary\" must be one line (it is the tooltip)");
    row("long summary", file(entry("summary", "\"" + std::string(161, 'a') + "\"")),
        "f:1:106: \"summary\" is longer than 160 characters (it is the tooltip; the other fields "
        "say the rest)");
    row("docs elsewhere", file(entry("docs", "\"https://example.com/onwrite\"")),
        "f:1:203: \"docs\" must be a link to the Microsoft documentation page, starting with "
        "https://learn.microsoft.com/");
    row("docs with a blank", file(entry("docs", "\"https://learn.microsoft.com/a b\"")),
        "f:1:203: \"docs\" must be a link to the Microsoft documentation page, starting with "
        "https://learn.microsoft.com/");
    row("empty byFramework", file(entry("byFramework", "\"\"")),
        "f:1:331: \"byFramework\" must not be empty (leave the key out)");
    row("entry twice", file(entry() + ",\n" + entry()),
        "f:2:15: IQueueCallbackWrite::OnWrite is already explained at f:1:28 (one entry per "
        "Interface::Method)");
    row("alias taken",
        file(entry() + ",\n"
            + entry("method", "\"OnRead\"")
                  .replace(1, 0, "\"aliases\": [\"IQueueCallbackWrite::OnWrite\"], ")),
        "f:2:14: IQueueCallbackWrite::OnWrite is already explained at f:1:28 (one entry per "
        "Interface::Method)");
}

void tst_ExplanationCatalog::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QCOMPARE(errorOf(text.toStdString()), message);
}

void tst_ExplanationCatalog::duplicateAcrossFiles()
{
    const std::string a = file(entry()), b = file(entry());
    const auto loaded = ExplanationCatalog::load(
        std::vector<ExplanationCatalog::SourceFile> { { "a.json", a }, { "b.json", b } });
    QVERIFY(std::holds_alternative<scenario::LoadError>(loaded));
    QCOMPARE(QString::fromStdString(std::get<scenario::LoadError>(loaded).toString()),
        QStringLiteral("b.json:1:28: IQueueCallbackWrite::OnWrite is already explained at "
                       "a.json:1:28 (one entry per Interface::Method)"));
    // Without the duplicate both files form one catalog.
    const std::string c = file(entry("method", "\"OnRead\""));
    const auto both = ExplanationCatalog::load(
        std::vector<ExplanationCatalog::SourceFile> { { "a.json", a }, { "c.json", c } });
    QVERIFY(std::holds_alternative<ExplanationCatalog>(both));
    QCOMPARE(std::get<ExplanationCatalog>(both).size(), std::size_t(2));
}

void tst_ExplanationCatalog::truncatedFilesFailCleanly()
{
    // Every prefix of a real explanation file is refused with a located error (never accepted,
    // never a crash), the location inside the text.
    for (const auto &f : resources::embeddedExplanations()) {
        const std::string_view text = f.text;
        const auto lines = 1 + std::count(text.begin(), text.end(), '\n');
        for (std::size_t cut = 0; cut + 1 < text.size(); cut += 211) {
            const auto loaded = ExplanationCatalog::load(text.substr(0, cut), "cut");
            QVERIFY2(std::holds_alternative<scenario::LoadError>(loaded),
                (std::string(f.name) + " accepted when cut at " + std::to_string(cut)).c_str());
            const auto &where = std::get<scenario::LoadError>(loaded).where;
            QVERIFY(where.line >= 1 && where.line <= lines && where.column >= 1);
        }
    }
}

QTEST_APPLESS_MAIN(tst_ExplanationCatalog)
#include "tst_explanationcatalog.moc"
