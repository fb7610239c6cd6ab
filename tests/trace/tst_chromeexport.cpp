// The Chrome Trace Event export checked against the format's rules, on real runs of the embedded
// scenarios: every event has the fields its phase requires, each flow starts once, ends once and
// steps in between in time order, timestamps never go back on a track, every track is named,
// every track's slices nest strictly, and slices carry nothing but their Interface::Method name
// (so speedscope aggregates them). And on stores with the values a hostile file can hold: the
// output is still valid JSON (parsed by nlohmann-json) with the same properties.
#include "core/trace/chromeexport.h"

#include "exportcapture.h"
#include "hostilestores.h"

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <variant>

using namespace umdfx;

namespace {

// An event as parsed, with its times in exact ns read from its own line of the text (every event
// is one line; a double would lose the ns digits of large times).
struct Event
{
    nlohmann::json json;
    std::uint64_t tsNs = 0, durNs = 0;
    bool hasTs = false;
};

std::uint64_t nsOf(const std::smatch &m)
{
    return std::stoull(m[1].str()) * 1000 + std::stoull(m[2].str());
}

// Parses the export with nlohmann-json (a std::string error when it is not valid JSON) and reads
// the exact times.
std::variant<std::vector<Event>, std::string> parseExport(const std::string &text)
{
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception &e) {
        return std::string("not valid JSON: ") + e.what();
    }
    if (!doc.contains("traceEvents") || !doc["traceEvents"].is_array())
        return std::string("no traceEvents array");
    std::vector<Event> events;
    const std::regex ts(R"re("ts":([0-9]+)\.([0-9]{3})[,}])re");
    const std::regex dur(R"re("dur":([0-9]+)\.([0-9]{3})[,}])re");
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line); // the header line
    for (const auto &e : doc["traceEvents"]) {
        if (!std::getline(lines, line))
            return std::string("fewer lines than events");
        Event ev { e };
        std::smatch m;
        if (std::regex_search(line, m, ts)) {
            ev.tsNs = nsOf(m);
            ev.hasTs = true;
        }
        if (std::regex_search(line, m, dur))
            ev.durNs = nsOf(m);
        if (e.contains("ts") != ev.hasTs)
            return "ts is not µs with three decimals: " + line;
        events.push_back(std::move(ev));
    }
    return events;
}

// "" when the export's slices nest on every track, its timestamps never go back on a track and
// it has one slice per call record; else what is wrong.
std::string checkTimeline(const std::vector<Event> &events, const trace::TraceStore &store)
{
    std::map<std::string, std::vector<testing::Slice>> tracks;
    std::map<long long, std::uint64_t> last;
    std::size_t calls = 0, slices = 0;
    for (std::size_t i = 0; i < store.size(); ++i)
        calls += store.at(i).phase == trace::Phase::Call;
    for (const Event &e : events) {
        if (e.json["ph"] == "M")
            continue;
        const long long tid = e.json["tid"];
        if (!e.hasTs)
            return "an event without ts";
        if (auto it = last.find(tid); it != last.end() && e.tsNs < it->second)
            return "time goes back on track " + std::to_string(tid);
        last[tid] = e.tsNs;
        if (e.json["ph"] == "X") {
            ++slices;
            tracks[std::to_string(tid)].push_back(
                { e.tsNs, e.tsNs + e.durNs, e.json["name"].get<std::string>() });
        }
    }
    if (slices != calls)
        return std::to_string(slices) + " slices for " + std::to_string(calls) + " calls";
    return testing::nestingViolation(std::move(tracks));
}

} // namespace

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
    void slicesAggregateByInterfaceMethod();
    void overlappingCallsGetTracksOfTheirOwn();
    void everyTrackNests_data();
    void everyTrackNests();
    void hostileValuesStayValid_data();
    void hostileValuesStayValid();

private:
    std::unique_ptr<Simulation> m_sim;
    std::vector<nlohmann::json> m_events;
};

void tst_ChromeExport::initTestCase()
{
    std::string error;
    m_sim = testing::capture("default", testing::captureScripts().front().second, &error);
    QVERIFY2(m_sim, error.c_str());
    std::ostringstream out;
    const auto stats = trace::writeChromeTrace(m_sim->world().trace, out);
    QVERIFY(stats.flows > 0);
    const auto doc = nlohmann::json::parse(out.str()); // throws (fails the test) on invalid JSON
    QVERIFY(doc.contains("traceEvents"));
    for (const auto &e : doc["traceEvents"])
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
    // Tracks are the logical threads: the application, the PnP manager, each host and its
    // threads.
    for (const char *p : { "app1", "pnp", "host1", "host2", "host3", "host2.notify" })
        QVERIFY2(parties.count(p), p);
}

void tst_ChromeExport::callsBecomeSlicesWithTheirDuration()
{
    // OnWrite runs on the echo host's thread and lasts until its return, after the completion
    // it makes.
    std::map<int, std::string> names;
    for (const auto &e : m_events)
        if (e["ph"] == "M" && e["name"] == "thread_name")
            names[e["tid"].get<int>()] = e["args"]["name"];
    bool found = false;
    for (const auto &e : m_events) {
        if (e["ph"] == "X" && e["name"] == "IQueueCallbackWrite::OnWrite") {
            found = true;
            QVERIFY(e["dur"].get<double>() > 0);
            QCOMPARE(e["cat"].get<std::string>(), std::string("callback"));
            QCOMPARE(names[e["tid"].get<int>()], std::string("host1"));
        }
    }
    QVERIFY(found);
}

void tst_ChromeExport::slicesAggregateByInterfaceMethod()
{
    // speedscope names a frame by name + args: slices carry no args, so their frames are exactly
    // the distinct Interface::Method names of the calls.
    std::set<std::string> sliceNames;
    for (const auto &e : m_events) {
        if (e["ph"] != "X")
            continue;
        QVERIFY2(!e.contains("args"), e.dump().c_str());
        sliceNames.insert(e["name"].get<std::string>());
    }
    QCOMPARE(sliceNames, testing::callNames(m_sim->world().trace));
    QVERIFY(sliceNames.size() > 10);
}

void tst_ChromeExport::overlappingCallsGetTracksOfTheirOwn()
{
    // The PnP manager's AddDevice messages to three hosts overlap without nesting: each goes on
    // a track of the pnp thread of its own.
    std::map<int, std::string> names;
    for (const auto &e : m_events)
        if (e["ph"] == "M" && e["name"] == "thread_name")
            names[e["tid"].get<int>()] = e["args"]["name"];
    std::set<std::string> addDeviceTracks;
    for (const auto &e : m_events)
        if (e["ph"] == "X" && e["name"] == "PnP::AddDevice")
            addDeviceTracks.insert(names[e["tid"].get<int>()]);
    QCOMPARE(addDeviceTracks, (std::set<std::string> { "pnp", "pnp [2]", "pnp [3]" }));
}

void tst_ChromeExport::everyTrackNests_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("actions");
    for (const auto &[name, actions] : testing::captureScripts())
        QTest::addRow("%s", name.c_str())
            << QString::fromStdString(name) << QString::fromStdString(actions);
}

void tst_ChromeExport::everyTrackNests()
{
    QFETCH(QString, scenario);
    QFETCH(QString, actions);
    std::string error;
    const auto sim = testing::capture(scenario.toStdString(), actions.toStdString(), &error);
    QVERIFY2(sim, error.c_str());
    std::ostringstream out;
    trace::writeChromeTrace(sim->world().trace, out);
    auto parsed = parseExport(out.str());
    if (auto *err = std::get_if<std::string>(&parsed))
        QFAIL(err->c_str());
    const std::string problem
        = checkTimeline(std::get<std::vector<Event>>(parsed), sim->world().trace);
    QVERIFY2(problem.empty(), problem.c_str());
}

void tst_ChromeExport::hostileValuesStayValid_data()
{
    QTest::addColumn<int>("index");
    const auto stores = testing::hostileStores();
    for (std::size_t i = 0; i < stores.size(); ++i)
        QTest::addRow("%s", stores[i].name.c_str()) << int(i);
}

void tst_ChromeExport::hostileValuesStayValid()
{
    QFETCH(int, index);
    const auto stores = testing::hostileStores();
    const trace::TraceStore &store = *stores[std::size_t(index)].store;
    std::ostringstream out;
    const auto stats = trace::writeChromeTrace(store, out);
    auto parsed = parseExport(out.str());
    if (auto *err = std::get_if<std::string>(&parsed))
        QFAIL((*err + "\n" + out.str().substr(0, 4000)).c_str());
    const auto &events = std::get<std::vector<Event>>(parsed);
    QCOMPARE(events.size(), std::size_t(stats.events));
    const std::string problem = checkTimeline(events, store);
    QVERIFY2(problem.empty(), problem.c_str());
    for (const Event &e : events) {
        if (e.json["ph"] == "M")
            continue;
        QVERIFY(e.json["ts"].is_number() && e.json["ts"].get<double>() >= 0);
        if (e.json.contains("dur"))
            QVERIFY(e.json["dur"].is_number() && e.json["dur"].get<double>() >= 0);
    }
}

QTEST_APPLESS_MAIN(tst_ChromeExport)
#include "tst_chromeexport.moc"
