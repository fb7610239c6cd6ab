// The native Perfetto export decoded by protoc (Debian's protobuf-compiler, installed by
// scripts/bootstrap) with perfetto_subset.proto, our own description of the Perfetto messages we
// emit (field numbers from Perfetto's protos): the decode must succeed, the interned names must
// resolve to the records' Interface::Method and kinds, every track must be described and nest,
// and every request must be one flow through its records. On a real capture of the default
// scenario and on stores with the values a hostile file can hold.
#include "core/trace/perfettoexport.h"

#include "exportcapture.h"
#include "hostilestores.h"

#include <QtTest/QtTest>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace umdfx;

namespace {

// One node of protoc's text output: "key: value" or "key { children }".
struct Node
{
    std::string key, value;
    std::vector<Node> children;

    const Node *child(const std::string &k) const
    {
        for (const Node &c : children)
            if (c.key == k)
                return &c;
        return nullptr;
    }
    std::vector<const Node *> all(const std::string &k) const
    {
        std::vector<const Node *> out;
        for (const Node &c : children)
            if (c.key == k)
                out.push_back(&c);
        return out;
    }
    std::string text(const std::string &k) const
    {
        const Node *c = child(k);
        return c ? c->value : std::string();
    }
    std::uint64_t number(const std::string &k) const
    {
        const Node *c = child(k);
        return c ? std::stoull(c->value) : 0;
    }
};

// A text-format string literal's value: C escapes and octal bytes undone.
std::string unquote(const std::string &v)
{
    if (v.size() < 2 || v.front() != '"')
        return v;
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
        if (v[i] != '\\') {
            out.push_back(v[i]);
            continue;
        }
        const char e = v[++i];
        if (e >= '0' && e <= '7') {
            int code = 0, digits = 0;
            while (digits < 3 && i < v.size() - 1 && v[i] >= '0' && v[i] <= '7') {
                code = code * 8 + (v[i++] - '0');
                ++digits;
            }
            --i;
            out.push_back(static_cast<char>(code));
        } else {
            out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
        }
    }
    return out;
}

Node parseText(const std::string &text)
{
    Node root;
    std::vector<Node *> stack { &root };
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const auto start = line.find_first_not_of(' ');
        if (start == std::string::npos)
            continue;
        line = line.substr(start);
        if (line == "}") {
            stack.pop_back();
        } else if (line.size() > 2 && line.compare(line.size() - 2, 2, " {") == 0) {
            stack.back()->children.push_back({ line.substr(0, line.size() - 2), {}, {} });
            stack.push_back(&stack.back()->children.back());
        } else if (const auto colon = line.find(": "); colon != std::string::npos) {
            stack.back()->children.push_back(
                { line.substr(0, colon), unquote(line.substr(colon + 2)), {} });
        }
    }
    return root;
}

struct Decoded
{
    bool ok = false;
    QString error;
    Node trace;
};

Decoded decode(
    const trace::TraceStore &store, const QString &dir, trace::PerfettoExportStats *stats)
{
    Decoded d;
    const QString file = dir + QStringLiteral("/out.perfetto-trace");
    {
        std::ofstream out(file.toStdString(), std::ios::binary | std::ios::trunc);
        const auto s = trace::writePerfettoTrace(store, out);
        if (stats)
            *stats = s;
    }
    QProcess p;
    p.setStandardInputFile(file);
    p.start(QStringLiteral("protoc"),
        { QStringLiteral("--proto_path=" UMDFX_SOURCE_DIR "/tests/trace"),
            QStringLiteral("--decode=umdfx_perfetto.Trace"),
            QStringLiteral("perfetto_subset.proto") });
    if (!p.waitForFinished(120000)) {
        d.error = QStringLiteral("protoc did not finish");
        return d;
    }
    const QByteArray err = p.readAllStandardError();
    if (p.exitCode() != 0 || !err.isEmpty()) {
        d.error = QStringLiteral("protoc: ") + QString::fromUtf8(err);
        return d;
    }
    d.trace = parseText(p.readAllStandardOutput().toStdString());
    d.ok = true;
    return d;
}

// What the packets say, resolved: events in order with their interned names, tracks, flows.
struct Resolved
{
    struct Ev
    {
        std::uint64_t ts;
        std::string type, name, category;
        std::uint64_t track;
        std::map<std::string, std::string> annotations;
        std::vector<std::uint64_t> flows, terminating;
    };
    std::vector<Ev> events;
    std::map<std::uint64_t, std::string> threadTracks; // uuid -> name
    std::string problem; // "" when every interned id resolved, once defined
};

Resolved resolve(const Node &trace)
{
    Resolved r;
    std::map<std::uint64_t, std::string> names, categories, annotationNames;
    const auto intern = [&r](std::map<std::uint64_t, std::string> &table, const Node &entry) {
        const auto [it, fresh] = table.try_emplace(entry.number("iid"), entry.text("name"));
        if (!fresh && it->second != entry.text("name"))
            r.problem = "iid " + std::to_string(it->first) + " defined twice";
    };
    bool firstPacket = true;
    std::uint64_t processUuid = 0;
    for (const Node *packet : trace.all("packet")) {
        if (packet->number("trusted_packet_sequence_id") != 1)
            r.problem = "a packet off the sequence";
        if (firstPacket && packet->number("sequence_flags") != 1)
            r.problem = "the first packet does not clear the incremental state";
        firstPacket = false;
        if (const Node *track = packet->child("track_descriptor")) {
            if (track->child("process"))
                processUuid = track->number("uuid");
            else if (const Node *thread = track->child("thread")) {
                if (track->number("parent_uuid") != processUuid)
                    r.problem = "a thread track outside the process";
                r.threadTracks[track->number("uuid")] = thread->text("thread_name");
            }
        }
        if (const Node *data = packet->child("interned_data")) {
            for (const Node *e : data->all("event_names"))
                intern(names, *e);
            for (const Node *e : data->all("event_categories"))
                intern(categories, *e);
            for (const Node *e : data->all("debug_annotation_names"))
                intern(annotationNames, *e);
        }
        const Node *te = packet->child("track_event");
        if (!te)
            continue;
        if (packet->number("sequence_flags") != 2)
            r.problem = "an event packet that does not say it needs the interned state";
        Resolved::Ev ev { packet->number("timestamp"), te->text("type"), {}, {},
            te->number("track_uuid"), {}, {}, {} };
        if (te->child("name_iid")) {
            const auto it = names.find(te->number("name_iid"));
            if (it == names.end())
                r.problem = "name iid " + te->text("name_iid") + " used before it is defined";
            else
                ev.name = it->second;
        }
        if (te->child("category_iids")) {
            const auto it = categories.find(te->number("category_iids"));
            if (it == categories.end())
                r.problem = "category iid used before it is defined";
            else
                ev.category = it->second;
        }
        for (const Node *a : te->all("debug_annotations")) {
            const auto it = annotationNames.find(a->number("name_iid"));
            if (it == annotationNames.end())
                r.problem = "annotation name iid used before it is defined";
            else
                ev.annotations[it->second]
                    = a->child("string_value") ? a->text("string_value") : a->text("uint_value");
        }
        for (const Node *f : te->all("flow_ids"))
            ev.flows.push_back(std::stoull(f->value));
        for (const Node *f : te->all("terminating_flow_ids"))
            ev.terminating.push_back(std::stoull(f->value));
        r.events.push_back(std::move(ev));
    }
    return r;
}

// "" when time never goes back, every BEGIN has its END on its track, slices nest, and there is
// a slice per call and an instant per event record, in record order with their names and kinds.
std::string checkEvents(const Resolved &r, const trace::TraceStore &store)
{
    if (!r.problem.empty())
        return r.problem;
    std::map<std::string, std::vector<testing::Slice>> tracks;
    std::map<std::uint64_t, std::vector<std::size_t>> open; // track -> slices open
    std::vector<testing::Slice> slices;
    std::uint64_t last = 0;
    std::size_t record = 0;
    for (const auto &e : r.events) {
        if (e.ts < last)
            return "time goes back";
        last = e.ts;
        if (!r.threadTracks.count(e.track))
            return "an event on an undescribed track " + std::to_string(e.track);
        if (e.type == "TYPE_SLICE_END") {
            auto &stack = open[e.track];
            if (stack.empty())
                return "an END with no open slice on its track";
            slices[stack.back()].end = e.ts;
            tracks[std::to_string(e.track)].push_back(slices[stack.back()]);
            stack.pop_back();
            continue;
        }
        while (record < store.size() && store.at(record).phase == trace::Phase::Return)
            ++record;
        if (record == store.size())
            return "more events than records";
        const auto &rec = store.at(record++);
        const std::string expected
            = std::string(trace::str(rec.iface)) + "::" + std::string(trace::str(rec.method));
        if (e.name != expected)
            return "event '" + e.name + "' for the record '" + expected + "'";
        if (e.category != trace::kindName(rec.kind))
            return "category '" + e.category + "' for a " + std::string(trace::kindName(rec.kind));
        if (e.annotations.count("seq") == 0 || e.annotations.at("seq") != std::to_string(rec.seq))
            return "no seq annotation, or the wrong one, on " + expected;
        const bool call = rec.phase == trace::Phase::Call;
        if (e.type != (call ? "TYPE_SLICE_BEGIN" : "TYPE_INSTANT"))
            return e.type + " for " + std::string(trace::phaseName(rec.phase)) + " " + expected;
        if (call) {
            open[e.track].push_back(slices.size());
            slices.push_back({ e.ts, e.ts, e.name });
        }
    }
    while (record < store.size() && store.at(record).phase == trace::Phase::Return)
        ++record;
    if (record != store.size())
        return "fewer events than records";
    for (const auto &[track, stack] : open)
        if (!stack.empty())
            return "a slice never ends on track " + std::to_string(track);
    return testing::nestingViolation(std::move(tracks));
}

} // namespace

class tst_PerfettoExport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void decodesWithTheProtos();
    void namesResolveAndSlicesNest();
    void tracksAreThreads();
    void callsCarryTheirResult();
    void flowsFollowRequests();
    void hostileValuesDecode_data();
    void hostileValuesDecode();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Simulation> m_sim;
    trace::PerfettoExportStats m_stats;
    Decoded m_decoded;
    Resolved m_resolved;
};

void tst_PerfettoExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (QStandardPaths::findExecutable(QStringLiteral("protoc")).isEmpty())
        QFAIL("protoc is not installed (scripts/bootstrap installs protobuf-compiler)");
    std::string error;
    m_sim = testing::capture("default", testing::captureScripts().front().second, &error);
    QVERIFY2(m_sim, error.c_str());
    m_decoded = decode(m_sim->world().trace, m_dir.path(), &m_stats);
    QVERIFY2(m_decoded.ok, qPrintable(m_decoded.error));
    m_resolved = resolve(m_decoded.trace);
}

void tst_PerfettoExport::decodesWithTheProtos()
{
    QCOMPARE(m_decoded.trace.all("packet").size(), std::size_t(m_stats.packets));
    QVERIFY(m_stats.slices > 100);
    QVERIFY(m_stats.instants > 10);
    // Every slice has a begin and an end packet, every instant one, every track a descriptor.
    QCOMPARE(m_stats.packets, 1 + m_stats.tracks + 2 * m_stats.slices + m_stats.instants);
}

void tst_PerfettoExport::namesResolveAndSlicesNest()
{
    const std::string problem = checkEvents(m_resolved, m_sim->world().trace);
    QVERIFY2(problem.empty(), problem.c_str());
    // Interned: each name is sent once, however many events use it.
    std::size_t definitions = 0;
    for (const Node *packet : m_decoded.trace.all("packet"))
        if (const Node *data = packet->child("interned_data"))
            definitions += data->all("event_names").size();
    std::set<std::string> used;
    for (const auto &e : m_resolved.events)
        if (!e.name.empty())
            used.insert(e.name);
    QCOMPARE(definitions, used.size());
    QVERIFY(m_resolved.events.size() > 2 * used.size());
}

void tst_PerfettoExport::tracksAreThreads()
{
    std::set<std::string> names;
    for (const auto &[uuid, name] : m_resolved.threadTracks)
        names.insert(name);
    QCOMPARE(names.size(), m_resolved.threadTracks.size());
    QCOMPARE(std::size_t(m_stats.tracks), names.size());
    for (const char *t : { "app1", "pnp", "pnp [2]", "pnp [3]", "host1", "host2.notify" })
        QVERIFY2(names.count(t), t);
    // The three AddDevice calls overlap: one on each pnp track.
    std::set<std::string> addDevice;
    for (const auto &e : m_resolved.events)
        if (e.name == "PnP::AddDevice")
            addDevice.insert(m_resolved.threadTracks.at(e.track));
    QCOMPARE(addDevice, (std::set<std::string> { "pnp", "pnp [2]", "pnp [3]" }));
}

void tst_PerfettoExport::callsCarryTheirResult()
{
    // A call's slice carries its HRESULT (from its return) and the record's fields.
    bool found = false;
    for (const auto &e : m_resolved.events) {
        if (e.name != "IQueueCallbackWrite::OnWrite")
            continue;
        found = true;
        QCOMPARE(e.type, std::string("TYPE_SLICE_BEGIN"));
        QCOMPARE(e.annotations.at("thread"), std::string("host1"));
        QCOMPARE(e.annotations.at("to"), std::string("echo"));
        QCOMPARE(e.annotations.at("device"), std::string("ROOT\\ECHO\\0000"));
        QVERIFY(e.annotations.count("request"));
    }
    QVERIFY(found);
    found = false;
    for (const auto &e : m_resolved.events)
        if (e.name == "IDriverEntry::OnDeviceAdd")
            found = e.annotations.count("hr") && e.annotations.at("hr") == "0x00000000";
    QVERIFY(found);
}

void tst_PerfettoExport::flowsFollowRequests()
{
    // Expected: per request with two or more records (returns aside), their names in order.
    const auto &store = m_sim->world().trace;
    std::map<std::uint64_t, std::vector<std::string>> expected;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto &r = store.at(i);
        if (r.request && r.phase != trace::Phase::Return)
            expected[r.request].push_back(
                std::string(trace::str(r.iface)) + "::" + std::string(trace::str(r.method)));
    }
    for (auto it = expected.begin(); it != expected.end();)
        it = it->second.size() < 2 ? expected.erase(it) : std::next(it);
    QVERIFY(!expected.empty());
    std::map<std::uint64_t, std::vector<std::string>> flows;
    std::map<std::uint64_t, int> terminated;
    for (const auto &e : m_resolved.events) {
        for (const auto id : e.flows) {
            QVERIFY2(!terminated.count(id), "a flow continues after it terminated");
            flows[id].push_back(e.name);
        }
        for (const auto id : e.terminating) {
            ++terminated[id];
            flows[id].push_back(e.name);
        }
    }
    QCOMPARE(flows, expected);
    QCOMPARE(terminated.size(), expected.size());
    QCOMPARE(std::size_t(m_stats.flows), expected.size());
    for (const auto &[id, n] : terminated)
        QCOMPARE(n, 1);
    // The write's flow runs from the Win32 call through the driver's callback.
    bool write = false;
    for (const auto &[id, names] : flows)
        write = write
            || (names.front() == "kernel32::WriteFile"
                && std::find(names.begin(), names.end(), "IQueueCallbackWrite::OnWrite")
                    != names.end());
    QVERIFY(write);
}

void tst_PerfettoExport::hostileValuesDecode_data()
{
    QTest::addColumn<int>("index");
    const auto stores = testing::hostileStores();
    for (std::size_t i = 0; i < stores.size(); ++i)
        QTest::addRow("%s", stores[i].name.c_str()) << int(i);
}

void tst_PerfettoExport::hostileValuesDecode()
{
    QFETCH(int, index);
    const auto stores = testing::hostileStores();
    const trace::TraceStore &store = *stores[std::size_t(index)].store;
    // Names in a damaged file need not be UTF-8: the export's are (U+FFFD instead), so the
    // expected names here go through the same replacement by comparing only valid-text rows.
    const Decoded d = decode(store, m_dir.path(), nullptr);
    QVERIFY2(d.ok, qPrintable(d.error));
    const Resolved r = resolve(d.trace);
    if (stores[std::size_t(index)].name == "strings that are not text") {
        QVERIFY2(r.problem.empty(), r.problem.c_str());
        QCOMPARE(r.events.size(), std::size_t(3)); // begin, instant, end
        QVERIFY(r.events[0].name.find("\xEF\xBF\xBD") != std::string::npos);
        return;
    }
    const std::string problem = checkEvents(r, store);
    QVERIFY2(problem.empty(), problem.c_str());
}

QTEST_GUILESS_MAIN(tst_PerfettoExport)
#include "tst_perfettoexport.moc"
