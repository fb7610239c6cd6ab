// The Chrome Trace Event export checked against the format's rules, on a real run of the default
// scenario: every event has the fields its phase requires, each flow starts once, ends once and
// steps in between in time order, timestamps never go back on a track, and every track is named.
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/chromeexport.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <sstream>

using namespace umdfx;

class tst_ChromeExport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void requiredFieldsPerPhase();
    void flowsMatch();
    void timestampsRisePerTrack();
    void tracksAreNamed();
    void callsBecomeSlicesWithTheirDuration();

private:
    nlohmann::json m_doc;
    std::vector<nlohmann::json> m_events;
    std::size_t m_records = 0;
};

void tst_ChromeExport::initTestCase()
{
    auto loaded = scenario::loadScenario(resources::defaultScenario(), "default");
    Simulation sim(std::get<scenario::Scenario>(loaded), builtinDrivers());
    sim.powerOn();
    ActionRunner runner(sim);
    const auto parsed
        = scenario::parseActions("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1 async\n"
                                 "write h1 \"hello\"\nread h1 16\nadvance 2s\ncancel h1\nclose h1\n"
                                 "surprise-remove ROOT\\ECHO\\0000\n",
            "script");
    for (const auto &a : std::get<std::vector<scenario::Action>>(parsed))
        QVERIFY(runner.run(a).ok);
    std::ostringstream out;
    const auto stats = trace::writeChromeTrace(sim.world().trace, out);
    m_records = sim.world().trace.size();
    QVERIFY(stats.flows > 0);
    m_doc = nlohmann::json::parse(out.str()); // throws (fails the test) on invalid JSON
    QVERIFY(m_doc.contains("traceEvents"));
    for (const auto &e : m_doc["traceEvents"])
        m_events.push_back(e);
    QCOMPARE(m_events.size(), std::size_t(stats.events));
}

void tst_ChromeExport::requiredFieldsPerPhase()
{
    const std::set<std::string> known = { "X", "i", "s", "t", "f", "M" };
    for (const auto &e : m_events) {
        QVERIFY(e.contains("ph") && e["ph"].is_string());
        const std::string ph = e["ph"];
        QVERIFY2(known.count(ph), ph.c_str());
        QVERIFY(e.contains("name") && e["name"].is_string());
        QVERIFY(e.contains("pid") && e["pid"].is_number_integer());
        QVERIFY(e.contains("tid") && e["tid"].is_number_integer());
        if (ph == "M") {
            QVERIFY(e.contains("args") && e["args"].is_object());
            continue;
        }
        QVERIFY(e.contains("ts") && e["ts"].is_number());
        if (ph == "X")
            QVERIFY(e.contains("dur") && e["dur"].is_number() && e["dur"].get<double>() >= 0);
        if (ph == "i")
            QVERIFY(e.contains("s") && e["s"] == "t");
        if (ph == "s" || ph == "t" || ph == "f")
            QVERIFY(e.contains("id") && e["id"].is_number_integer());
        if (ph == "f")
            QVERIFY(e.contains("bp") && e["bp"] == "e");
    }
}

void tst_ChromeExport::flowsMatch()
{
    struct Flow
    {
        int starts = 0, finishes = 0;
        double start = -1, finish = -1;
        std::vector<double> steps;
    };
    std::map<long long, Flow> flows;
    for (const auto &e : m_events) {
        const std::string ph = e["ph"];
        if (ph != "s" && ph != "t" && ph != "f")
            continue;
        Flow &f = flows[e["id"].get<long long>()];
        const double ts = e["ts"];
        if (ph == "s") {
            ++f.starts;
            f.start = ts;
        } else if (ph == "f") {
            ++f.finishes;
            f.finish = ts;
        } else {
            f.steps.push_back(ts);
        }
    }
    QVERIFY(!flows.empty());
    for (const auto &[id, f] : flows) {
        const std::string which = "flow " + std::to_string(id);
        QVERIFY2(f.starts == 1 && f.finishes == 1, which.c_str());
        QVERIFY2(f.start < f.finish, which.c_str());
        for (const double t : f.steps)
            QVERIFY2(t > f.start && t < f.finish, which.c_str());
    }
}

void tst_ChromeExport::timestampsRisePerTrack()
{
    std::map<std::pair<int, int>, double> last;
    for (const auto &e : m_events) {
        if (e["ph"] == "M")
            continue;
        const auto track = std::make_pair(e["pid"].get<int>(), e["tid"].get<int>());
        const double ts = e["ts"];
        auto it = last.find(track);
        if (it != last.end())
            QVERIFY2(ts >= it->second, ("track " + std::to_string(track.second)).c_str());
        last[track] = ts;
    }
}

void tst_ChromeExport::tracksAreNamed()
{
    std::map<int, std::string> names;
    std::set<int> used;
    for (const auto &e : m_events) {
        if (e["ph"] == "M" && e["name"] == "thread_name")
            names[e["tid"].get<int>()] = e["args"]["name"];
        else if (e["ph"] != "M")
            used.insert(e["tid"].get<int>());
    }
    for (const int tid : used)
        QVERIFY2(names.count(tid), ("unnamed track " + std::to_string(tid)).c_str());
    std::set<std::string> parties;
    for (const auto &[tid, name] : names)
        parties.insert(name);
    for (const char *p : { "app1", "pnp", "framework", "echo", "consumer", "sensor" })
        QVERIFY2(parties.count(p), p);
}

void tst_ChromeExport::callsBecomeSlicesWithTheirDuration()
{
    // OnWrite runs on echo's track and lasts until its return, after the completion it makes.
    bool found = false;
    for (const auto &e : m_events) {
        if (e["ph"] == "X" && e["name"] == "IQueueCallbackWrite::OnWrite") {
            found = true;
            QVERIFY(e["dur"].get<double>() > 0);
            QCOMPARE(e["cat"].get<std::string>(), std::string("callback"));
            QVERIFY(e["args"].contains("request"));
        }
    }
    QVERIFY(found);
}

QTEST_APPLESS_MAIN(tst_ChromeExport)
#include "tst_chromeexport.moc"
