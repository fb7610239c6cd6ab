// The guided lessons: every embedded lesson loads, follows one of the reference's scenarios,
// names only records the catalog explains, and runs headless: its scenario in a real Simulation,
// each step's action performed as the Lessons dock would, each step's expected records checked
// against the real run through LessonProgress. The lesson loader's error paths give their
// message at the exact line:column (inside an action's string, at the offending character).
#include "core/runtime/log.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/goldentrace.h"
#include "core/simulation/simulation.h"
#include "core/teaching/explanationcatalog.h"
#include "core/teaching/lessonloader.h"
#include "core/teaching/lessonprogress.h"
#include "core/trace/stringtable.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <set>

using namespace umdfx;
using teaching::Lesson;
using teaching::LessonProgress;

// Declared first: moc stops reading at the raw string literals below.
class tst_Lessons : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void embeddedLessonsLoad();
    void lessonsCoverTheReferenceScenarios();
    void lessonScenariosLoad();
    void expectedRecordsAreExplained();
    void runHeadless_data();
    void runHeadless();
    void runHeadlessCatchesWrongExpectations();
    void errors_data();
    void errors();
    void actionPosition();
    void actionErrorColumns_data();
    void actionErrorColumns();
    void truncatedLessonsFailCleanly();
};

namespace {

const std::vector<Lesson> &lessons()
{
    static const std::vector<Lesson> all = [] {
        auto loaded = teaching::loadEmbeddedLessons();
        if (auto *err = std::get_if<scenario::LoadError>(&loaded))
            qFatal("%s", err->toString().c_str());
        return std::get<std::vector<Lesson>>(std::move(loaded));
    }();
    return all;
}

QString errorOf(std::string_view text)
{
    const auto loaded = teaching::loadLesson(text, "f", "f");
    if (!std::holds_alternative<scenario::LoadError>(loaded))
        return QStringLiteral("<accepted>");
    return QString::fromStdString(std::get<scenario::LoadError>(loaded).toString());
}

// A lesson whose only step has these members (JSON text), on one line.
std::string withStep(const std::string &members)
{
    return R"({"title": "t", "reference": "S2", "scenario": "embedded:echo", "introduction": "i", "steps": [{)"
        + members + "}]}";
}

// Runs a lesson headless the way the Lessons dock drives it: its scenario in a real Simulation,
// each step's action performed through the action runner, each step checked by LessonProgress.
// Returns "" when every step completes, else what is missing and the records the step watched.
std::string runLesson(const Lesson &lesson)
{
    const auto text = teaching::lessonScenarioText(lesson.scenario);
    if (!text)
        return "no scenario " + lesson.scenario;
    auto loaded = scenario::loadScenario(*text, lesson.scenario);
    if (auto *err = std::get_if<scenario::LoadError>(&loaded))
        return err->toString();
    Simulation sim(std::get<scenario::Scenario>(loaded), builtinDrivers());
    sim.powerOn();
    ActionRunner runner(sim);
    const auto &store = sim.world().trace;

    LessonProgress progress(lesson, 0);
    while (!progress.finished()) {
        const auto &step = *progress.step();
        if (progress.awaitingAction()) {
            progress.actionStarted(store.size());
            const auto result = runner.run(*step.action);
            if (!result.ok)
                return result.message;
        }
        progress.update(store);
        if (!progress.stepComplete()) {
            std::string why = step.where.toString() + ": step "
                + std::to_string(progress.stepIndex() + 1) + " is not complete\n";
            for (const auto &t : progress.expected())
                why += std::string(t.seen ? "  seen    " : "  MISSING ") + t.name + "\n";
            for (const auto &t : progress.absent())
                why += std::string(t.seen ? "  PRESENT " : "  absent  ") + t.name + "\n";
            why += "the records it watched:\n";
            for (const auto &line : goldenLines(store, *progress.windowStart()))
                why += "  " + line + "\n";
            return why;
        }
        progress.advance();
    }
    return {};
}

} // namespace

void tst_Lessons::initTestCase()
{
    // The S9 lesson ends a host on purpose; its warning is expected, not news.
    log()->set_level(spdlog::level::err);
}

void tst_Lessons::embeddedLessonsLoad()
{
    QVERIFY(lessons().size() >= 6);
    std::set<std::string> ids;
    for (const auto &l : lessons()) {
        QVERIFY2(ids.insert(l.id).second, l.id.c_str());
        QVERIFY(!l.title.empty() && !l.introduction.empty() && !l.steps.empty());
        QVERIFY(teaching::lessonScenarioText(l.scenario).has_value());
        QVERIFY(l.where.file == "lessons/" + l.id + ".json");
        for (const auto &s : l.steps) {
            QVERIFY(!s.text.empty() && !s.expect.empty());
            QCOMPARE(s.action.has_value(), !s.actionLine.empty());
        }
    }
}

void tst_Lessons::lessonsCoverTheReferenceScenarios()
{
    // Issue 6: S1 load and start, S2 open/write/close with a reference string, S4 disabling an
    // interface under an open handle, S5 custom events, S7 remote targets and surprise removal,
    // S9 the SWENUM work-item rule.
    std::set<std::string> covered;
    for (const auto &l : lessons())
        covered.insert(l.reference);
    for (const char *s : { "S1", "S2", "S4", "S5", "S7", "S9" })
        QVERIFY2(covered.count(s), (std::string("no lesson follows ") + s).c_str());
}

void tst_Lessons::lessonScenariosLoad()
{
    for (const auto &f : resources::embeddedLessonScenarios()) {
        const auto loaded = scenario::loadScenario(f.text, std::string(f.name));
        if (auto *err = std::get_if<scenario::LoadError>(&loaded))
            QFAIL(err->toString().c_str());
    }
    QVERIFY(teaching::lessonScenarioText("embedded:echo").has_value());
    QVERIFY(teaching::lessonScenarioText("embedded:default").has_value());
    QVERIFY(!teaching::lessonScenarioText("embedded:nope").has_value());
    QVERIFY(!teaching::lessonScenarioText("echo.json").has_value());
    for (const auto &f : resources::embeddedLessonScenarios())
        QVERIFY(teaching::lessonScenarioText("lesson:" + std::string(f.name)).has_value());
}

void tst_Lessons::expectedRecordsAreExplained()
{
    // The dock shows each expected record with its catalog summary.
    const auto &catalog = teaching::ExplanationCatalog::embedded();
    for (const auto &l : lessons()) {
        for (const auto &s : l.steps) {
            std::vector<teaching::Expectation> all = s.expect;
            all.insert(all.end(), s.absent.begin(), s.absent.end());
            for (const auto &e : all)
                QVERIFY2(catalog.find(e.name()),
                    (e.where.toString() + ": " + e.name() + " has no catalog entry").c_str());
        }
    }
}

void tst_Lessons::runHeadless_data()
{
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < lessons().size(); ++i)
        QTest::newRow(lessons()[i].id.c_str()) << int(i);
}

void tst_Lessons::runHeadless()
{
    QFETCH(int, index);
    const std::string failure = runLesson(lessons()[static_cast<std::size_t>(index)]);
    QVERIFY2(failure.empty(), failure.c_str());
}

void tst_Lessons::runHeadlessCatchesWrongExpectations()
{
    // The headless run must be able to fail: a step expecting a record the action does not
    // cause, and a step whose forbidden record appears.
    const auto lessonWith = [](const std::string &step) {
        auto loaded = teaching::loadLesson(withStep(step), "wrong.json", "wrong");
        if (auto *err = std::get_if<scenario::LoadError>(&loaded))
            qFatal("%s", err->toString().c_str());
        return std::get<Lesson>(std::move(loaded));
    };
    const std::string missing = runLesson(lessonWith(
        R"("text": "t", "action": "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1", "expect": ["kernel32::CreateFile", "IQueueCallbackRead::OnRead"])"));
    QVERIFY2(
        missing.find("MISSING IQueueCallbackRead::OnRead") != std::string::npos, missing.c_str());
    QVERIFY2(missing.find("seen    kernel32::CreateFile") != std::string::npos, missing.c_str());
    const std::string present = runLesson(lessonWith(
        R"("text": "t", "action": "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1", "expect": ["kernel32::CreateFile"], "absent": ["IQueueCallbackCreate::OnCreateFile"])"));
    QVERIFY2(present.find("PRESENT IQueueCallbackCreate::OnCreateFile") != std::string::npos,
        present.c_str());
    // The report shows the records the step watched.
    QVERIFY2(present.find("callback framework->echo IQueueCallbackCreate::OnCreateFile")
            != std::string::npos,
        present.c_str());
}

void tst_Lessons::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const std::string &text, const char *message) {
        QTest::newRow(name) << QString::fromStdString(text) << QString::fromUtf8(message);
    };
    row("syntax", "{\"title\": }",
        "f:1:11: syntax error while parsing value - unexpected '}'; expected '[', '{', or a "
        "literal");
    row("not an object", "[]", "f:1:1: a lesson must be an object, not an array");
    row("unknown key", R"({"titel": "t"})",
        "f:1:2: unknown key \"titel\" in a lesson (expected one of: title, reference, scenario, "
        "introduction, steps)");
    row("no title", R"({"reference": "S1"})", "f:1:1: a lesson needs \"title\"");
    row("bad reference", R"({"title": "t", "reference": "S13"})",
        "f:1:29: \"reference\" must name a scenario of the reference's §10, S1 to S12, not "
        "\"S13\"");
    row("unknown scenario", R"({"title": "t", "reference": "S1", "scenario": "echo.json"})",
        "f:1:47: unknown scenario \"echo.json\" (expected embedded:NAME for "
        "resources/scenarios/NAME.json or lesson:NAME for resources/lessons/scenarios/NAME.json)");
    row("no steps",
        R"({"title": "t", "reference": "S1", "scenario": "embedded:echo", "introduction": "i", "steps": []})",
        "f:1:94: a lesson needs at least one step");
    row("step not an object",
        R"({"title": "t", "reference": "S1", "scenario": "embedded:echo", "introduction": "i", "steps": [1]})",
        "f:1:95: a step must be an object, not a number");
    row("step without text", withStep(R"("expect": ["A::a"])"), "f:1:95: a step needs \"text\"");
    row("unknown step key", withStep(R"("text": "t", "expected": ["A::a"])"),
        "f:1:109: unknown key \"expected\" in a step (expected one of: text, action, expect, "
        "inOrder, absent, note)");
    row("no expectations", withStep(R"("text": "t", "expect": [])"),
        "f:1:119: \"expect\" must not be empty");
    row("expectation without separator", withStep(R"("text": "t", "expect": ["OnWrite"])"),
        "f:1:120: \"OnWrite\" is not a record name of the form Interface::Method (e.g. "
        "IQueueCallbackWrite::OnWrite)");
    row("wildcard expectation", withStep(R"("text": "t", "expect": ["*::DllMain"])"),
        "f:1:120: \"*::DllMain\" is not a record name of the form Interface::Method (e.g. "
        "IQueueCallbackWrite::OnWrite)");
    row("bad absent", withStep(R"("text": "t", "expect": ["A::a"], "absent": ["B"])"),
        "f:1:140: \"B\" is not a record name of the form Interface::Method (e.g. "
        "IQueueCallbackWrite::OnWrite)");
    row("inOrder not a boolean", withStep(R"("text": "t", "expect": ["A::a"], "inOrder": "yes")"),
        "f:1:140: \"inOrder\" must be a boolean, not a string");
    row("unknown action",
        withStep(R"("text": "t", "action": "wirte h1 \"x\"", "expect": ["A::a"])"),
        "f:1:120: unknown action 'wirte' (did you mean 'write'?)");
    row("bad action argument after an escape",
        withStep(
            R"("text": "t", "action": "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1 sync", "expect": ["A::a"])"),
        "f:1:174: unexpected 'sync' at the end of the action (did you mean 'async'?)");
    // Inside the JSON string the column is the offending character's: escapes (\", \u00e9, a
    // surrogate pair) are several characters in the file but one in the action line.
    row("error after a \\u escape",
        withStep(R"("text": "t", "action": "write h1 \"\u00e9\" twice", "expect": ["A::a"])"),
        "f:1:140: unexpected 'twice' at the end of the action");
    row("error after a surrogate pair",
        withStep(R"("text": "t", "action": "write h1 \"\ud83d\ude00\" twice", "expect": ["A::a"])"),
        "f:1:146: unexpected 'twice' at the end of the action");
    row("error after raw UTF-8",
        withStep("\"text\": \"t\", \"action\": \"write h1 \\\"\xc3\xa9\\\" twice\", \"expect\": "
                 "[\"A::a\"]"),
        "f:1:135: unexpected 'twice' at the end of the action");
    row("expect action",
        withStep(R"("text": "t", "action": "expect result ok", "expect": ["A::a"])"),
        "f:1:119: a step's action is something the learner does; `expect` lines are for tests "
        "(list what the learner should see in \"expect\")");
    row("two lines", withStep(R"("text": "t", "action": "close h1\nclose h2", "expect": ["A::a"])"),
        "f:1:119: \"action\" is one action-language line");
    row("empty action", withStep(R"("text": "t", "action": "", "expect": ["A::a"])"),
        "f:1:119: \"action\" must not be empty (leave the key out)");
}

void tst_Lessons::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QCOMPARE(errorOf(text.toStdString()), message);
}

void tst_Lessons::actionPosition()
{
    // A parsed action is located in the lesson file, at its string; null means no action.
    const std::string text
        = "{\"title\": \"t\", \"reference\": \"S2\", \"scenario\": \"embedded:echo\",\n"
          " \"introduction\": \"i\", \"steps\": [\n"
          "  {\"text\": \"t\", \"action\": \"@app2 write h1 \\\"x\\\"\", \"expect\": [\"A::a\"]},\n"
          "  {\"text\": \"t\", \"action\": null, \"expect\": [\"A::a\"], \"inOrder\": false}]}";
    const auto loaded = teaching::loadLesson(text, "f", "f");
    if (auto *err = std::get_if<scenario::LoadError>(&loaded))
        QFAIL(err->toString().c_str());
    const Lesson &l = std::get<Lesson>(loaded);
    QCOMPARE(l.steps.size(), std::size_t(2));
    QVERIFY(l.steps[0].action.has_value());
    QCOMPARE(l.steps[0].action->app, std::string("app2"));
    QCOMPARE(l.steps[0].actionLine, std::string("@app2 write h1 \"x\""));
    QCOMPARE(l.steps[0].action->where.toString(), std::string("f:3:28"));
    QVERIFY(!l.steps[1].action.has_value());
    QVERIFY(!l.steps[1].inOrder);
    QCOMPARE(l.steps[1].where.toString(), std::string("f:4:3"));
    QCOMPARE(l.steps[0].expect[0].where.toString(), std::string("f:3:62"));
}

void tst_Lessons::actionErrorColumns_data()
{
    QTest::addColumn<QString>("data"); // the write's payload, before JSON encoding
    QTest::addColumn<bool>("asciiOnly"); // encode non-ASCII as \uXXXX escapes
    QTest::newRow("plain") << QStringLiteral("hello") << true;
    QTest::newRow("quote and backslash") << QStringLiteral("a\\\"b\\\\c") << true;
    QTest::newRow("action-language escapes") << QStringLiteral("a\\tb\\nc") << true;
    QTest::newRow("a tab, \\t in the JSON") << QStringLiteral("a\tb") << true;
    QTest::newRow("\\u00e9") << QStringLiteral("caf\u00e9") << true;
    QTest::newRow("raw UTF-8") << QStringLiteral("caf\u00e9 \u4e2d") << false;
    QTest::newRow("surrogate pair") << QString::fromUtf8("x\xf0\x9f\x98\x80y") << true;
    QTest::newRow("raw astral") << QString::fromUtf8("x\xf0\x9f\x98\x80y") << false;
}

void tst_Lessons::actionErrorColumns()
{
    // A bad token after data full of escapes is reported at its own column in the file: the
    // column of its first character in the JSON text, however the string before it is encoded.
    QFETCH(QString, data);
    QFETCH(bool, asciiOnly);
    const std::string action = "write h1 \"" + data.toStdString() + "\" ~bad";
    const std::string encoded = nlohmann::json(action).dump(-1, ' ', asciiOnly);
    const std::string text
        = withStep("\"text\": \"t\", \"action\": " + encoded + ", \"expect\": [\"A::a\"]");
    const auto at = text.find("~bad");
    QVERIFY(at != std::string::npos);
    const auto column = 1
        + std::count_if(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at),
            [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    QCOMPARE(errorOf(text),
        QStringLiteral("f:1:%1: unexpected '~bad' at the end of the action").arg(column));
}

void tst_Lessons::truncatedLessonsFailCleanly()
{
    // Every prefix of a real lesson is refused with a located error (never accepted, never a
    // crash), the location inside the text.
    for (const auto &f : resources::embeddedLessons()) {
        const std::string_view text = f.text;
        const auto lines = 1 + std::count(text.begin(), text.end(), '\n');
        for (std::size_t cut = 0; cut + 1 < text.size(); cut += 53) {
            const auto loaded = teaching::loadLesson(text.substr(0, cut), "cut", "cut");
            QVERIFY2(std::holds_alternative<scenario::LoadError>(loaded),
                (std::string(f.name) + " accepted when cut at " + std::to_string(cut)).c_str());
            const auto &where = std::get<scenario::LoadError>(loaded).where;
            QVERIFY(where.line >= 1 && where.line <= lines && where.column >= 1);
        }
    }
}

QTEST_APPLESS_MAIN(tst_Lessons)
#include "tst_lessons.moc"
