// The scenario loader: the embedded scenarios load into the documented model; every error path
// gives its exact message at the exact line:column of the offending key or value.
#include "core/scenario/knobs.h"
#include "core/scenario/scenarioloader.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>

#include <algorithm>

using namespace umdfx::scenario;

namespace {

const QString kSource = QStringLiteral(UMDFX_SOURCE_DIR);

Scenario loadOrFail(std::string_view text)
{
    auto loaded = loadScenario(text, "t");
    if (auto *err = std::get_if<LoadError>(&loaded)) {
        qWarning("%s", err->toString().c_str());
        return {};
    }
    return std::get<Scenario>(std::move(loaded));
}

QString errorOf(std::string_view text)
{
    const auto loaded = loadScenario(text, "f");
    if (!std::holds_alternative<LoadError>(loaded))
        return QStringLiteral("<accepted>");
    return QString::fromStdString(std::get<LoadError>(loaded).toString());
}

} // namespace

class tst_ScenarioLoader : public QObject
{
    Q_OBJECT
private slots:
    void embeddedScenariosLoad();
    void embeddedLookup();
    void defaultScenarioContent();
    void echoScenarioContent();
    void parentsComeFirst();
    void parentMatchesWithoutCase();
    void parameterTypes();
    void knobValues();
    void locations();
    void errors_data();
    void errors();
    void errorDeepInALargeFile();
    void fileErrors_data();
    void fileErrors();
};

void tst_ScenarioLoader::embeddedScenariosLoad()
{
    QVERIFY(!umdfx::resources::embeddedScenarios().empty());
    for (const auto &f : umdfx::resources::embeddedScenarios()) {
        const auto loaded = loadScenario(f.text, f.name);
        if (auto *err = std::get_if<LoadError>(&loaded))
            QFAIL(err->toString().c_str());
        QCOMPARE(std::get<Scenario>(loaded).sourceText, std::string(f.text));
    }
}

void tst_ScenarioLoader::embeddedLookup()
{
    const auto names = umdfx::resources::scenarioNames();
    QVERIFY(std::find(names.begin(), names.end(), "default") != names.end());
    QCOMPARE(names.size(), umdfx::resources::embeddedScenarios().size());
    QVERIFY(umdfx::resources::scenario("default").has_value());
    QVERIFY(*umdfx::resources::scenario("default") == umdfx::resources::defaultScenario());
    QVERIFY(!umdfx::resources::scenario("no-such-scenario").has_value());
    // The embedded bytes are the file's bytes.
    QFile file(kSource + "/resources/scenarios/default.json");
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(std::string_view(bytes.constData(), std::size_t(bytes.size()))
        == umdfx::resources::defaultScenario());
}

void tst_ScenarioLoader::defaultScenarioContent()
{
    // The tour: echo, its consumer, the software device enumerator and its sensor child.
    const auto loaded = loadScenario(umdfx::resources::defaultScenario(), "default");
    QVERIFY(std::holds_alternative<Scenario>(loaded));
    const auto &s = std::get<Scenario>(loaded);
    QCOMPARE(s.devices.size(), std::size_t(4));
    std::vector<std::string> ids;
    for (const auto &d : s.devices)
        ids.push_back(d.instanceId);
    QCOMPARE(ids,
        (std::vector<std::string> { "ROOT\\ECHO\\0000", "ROOT\\CONSUMER\\0000",
            "ROOT\\SWENUM\\0000", "SW\\{6c0a3f52-8d1e-4b7a-a2c9-5e4f3d2b1a09}\\0000" }));
    QCOMPARE(s.devices[2].kernelService, std::string("swenum"));
    QVERIFY(s.devices[2].drivers.empty());
    QCOMPARE(s.devices[3].parent, std::string("ROOT\\SWENUM\\0000"));
    QCOMPARE(s.devices[3].enumerator, std::string("SW"));
    QCOMPARE(s.devices[3].drivers, std::vector<std::string> { "sensor" });
    QCOMPARE(std::get<std::uint32_t>(s.devices[3].parameters.at("IntervalMs")), 1000u);
    QCOMPARE(
        std::get<std::vector<std::string>>(s.devices[1].parameters.at("InterfaceClasses")).size(),
        std::size_t(2));
}

void tst_ScenarioLoader::echoScenarioContent()
{
    const auto loaded = loadScenario(*umdfx::resources::scenario("echo"), "echo");
    QVERIFY(std::holds_alternative<Scenario>(loaded));
    const auto &s = std::get<Scenario>(loaded);
    QCOMPARE(s.name, std::string("echo"));
    QCOMPARE(s.drivers.size(), std::size_t(1));
    QCOMPARE(s.drivers[0].name, std::string("echo"));
    QCOMPARE(s.drivers[0].module, std::string("builtin:echo"));
    QCOMPARE(s.devices.size(), std::size_t(1));
    const auto &d = s.devices.front();
    QCOMPARE(d.instanceId, std::string("ROOT\\ECHO\\0000"));
    QCOMPARE(d.parent, std::string());
    QCOMPARE(d.hardwareIds, std::vector<std::string> { "WUDF\\Echo" });
    QCOMPARE(d.description, std::string("UMDF Echo Sample"));
    QCOMPARE(d.enumerator, std::string("ROOT"));
    QCOMPARE(d.drivers, std::vector<std::string> { "echo" });
    QVERIFY(d.startOnLoad);
    QCOMPARE(d.parameters.size(), std::size_t(2));
    const auto refs = std::get<std::vector<std::string>>(d.parameters.at("ReferenceStrings"));
    QCOMPARE(refs, (std::vector<std::string> { "Port1", "Port2" }));
    QCOMPARE(std::get<std::uint32_t>(d.parameters.at("MaxWriteLength")), 4096u);
    QVERIFY(s.knobs.empty());
    QVERIFY(s.sourceText == *umdfx::resources::scenario("echo"));
}

void tst_ScenarioLoader::parentsComeFirst()
{
    const Scenario s = loadOrFail(R"({"name":"n","drivers":[],"devices":[
        {"instanceId":"SWENUM\\LEAF\\1","parent":"SWENUM\\CHILD\\1","hardwareIds":["l"]},
        {"instanceId":"SWENUM\\CHILD\\1","parent":"ROOT\\BUS\\0000","hardwareIds":["c"]},
        {"instanceId":"ROOT\\OTHER\\0000","hardwareIds":["o"]},
        {"instanceId":"ROOT\\BUS\\0000","hardwareIds":["b"],"startOnLoad":false}]})");
    std::vector<std::string> order;
    for (const auto &d : s.devices)
        order.push_back(d.instanceId);
    QCOMPARE(order,
        (std::vector<std::string> {
            "ROOT\\BUS\\0000", "SWENUM\\CHILD\\1", "SWENUM\\LEAF\\1", "ROOT\\OTHER\\0000" }));
    QCOMPARE(s.devices[1].enumerator, std::string("SWENUM"));
    QVERIFY(!s.devices[0].startOnLoad);
    QVERIFY(s.devices[1].startOnLoad);
}

void tst_ScenarioLoader::parentMatchesWithoutCase()
{
    // Windows compares instance IDs without case; the loader keeps the case as written.
    const Scenario s = loadOrFail(R"({"name":"n","drivers":[],"devices":[
        {"instanceId":"SWENUM\\Child\\1","parent":"root\\bus\\0000","hardwareIds":["c"]},
        {"instanceId":"ROOT\\BUS\\0000","hardwareIds":["b"],"enumerator":"MyBus"}]})");
    QCOMPARE(s.devices.size(), std::size_t(2));
    QCOMPARE(s.devices[0].instanceId, std::string("ROOT\\BUS\\0000"));
    QCOMPARE(s.devices[0].enumerator, std::string("MyBus"));
    QCOMPARE(s.devices[1].instanceId, std::string("SWENUM\\Child\\1"));
    QCOMPARE(s.devices[1].parent, std::string("root\\bus\\0000"));
}

void tst_ScenarioLoader::parameterTypes()
{
    const Scenario s = loadOrFail(R"({"name":"n","drivers":[],"devices":[
        {"instanceId":"ROOT\\E\\0","hardwareIds":["h"],"parameters":{
          "Dword":4294967295,"Zero":0,"Sz":"text","MultiSz":["a","b"],"EmptyMultiSz":[]}}]})");
    QCOMPARE(s.devices.size(), std::size_t(1));
    const auto &p = s.devices[0].parameters;
    QCOMPARE(std::get<std::uint32_t>(p.at("Dword")), 4294967295u);
    QCOMPARE(std::get<std::uint32_t>(p.at("Zero")), 0u);
    QCOMPARE(std::get<std::string>(p.at("Sz")), std::string("text"));
    QCOMPARE(std::get<std::vector<std::string>>(p.at("MultiSz")),
        (std::vector<std::string> { "a", "b" }));
    QVERIFY(std::get<std::vector<std::string>>(p.at("EmptyMultiSz")).empty());
}

void tst_ScenarioLoader::knobValues()
{
    const Scenario s = loadOrFail(R"({"name":"n","drivers":[],"devices":[],
        "knobs":{"surpriseRemovalPosition":"last","traceBufferBytes":1024}})");
    QCOMPARE(s.knobs,
        (std::map<std::string, std::string> {
            { "surpriseRemovalPosition", "last" }, { "traceBufferBytes", "1024" } }));
}

void tst_ScenarioLoader::locations()
{
    const Scenario s
        = loadOrFail("{\n"
                     "  \"name\": \"n\",\n"
                     "  \"drivers\": [ {\"name\": \"e\", \"module\": \"builtin:e\"} ],\n"
                     "  \"devices\": [\n"
                     "    {\"instanceId\": \"ROOT\\\\E\\\\0\", \"hardwareIds\": [\"h\"]}\n"
                     "  ]\n"
                     "}\n");
    QCOMPARE(s.drivers.at(0).where.toString(), std::string("t:3:16"));
    QCOMPARE(s.devices.at(0).where.toString(), std::string("t:5:5"));
}

void tst_ScenarioLoader::errors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    const QByteArray head = R"({"name":"n","drivers":[{"name":"echo","module":"builtin:echo"}],)";
    const auto device = [&](const QByteArray &members) {
        return head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"],)" + members
            + "}]}";
    };
    const auto knobs = [](const QByteArray &k) {
        return R"({"name":"n","drivers":[],"devices":[],"knobs":)" + k + "}";
    };

    // Syntax.
    QTest::addRow("empty file") << QByteArray()
                                << "f:1:1: syntax error while parsing value - unexpected end of "
                                   "input; expected '[', '{', or a literal";
    QTest::addRow("blank file") << QByteArray("\n  \n")
                                << "f:3:1: syntax error while parsing value - unexpected end of "
                                   "input; expected '[', '{', or a literal";
    QTest::addRow("unclosed array") << QByteArray("{\n  \"name\": \"n\",\n  \"drivers\": [\n}")
                                    << "f:4:1: syntax error while parsing value - unexpected '}'; "
                                       "expected '[', '{', or a literal";
    QTest::addRow("trailing comma") << QByteArray(R"({"name":"n",})")
                                    << "f:1:13: syntax error while parsing object key - unexpected "
                                       "'}'; expected string literal";
    QTest::addRow("missing colon")
        << QByteArray(R"({"name" "n"})")
        << "f:1:9: syntax error while parsing object separator - unexpected string literal; "
           "expected ':'";
    QTest::addRow("bad literal") << QByteArray("{\"name\": tru}")
                                 << "f:1:10: syntax error while parsing value - invalid literal";
    QTest::addRow("unterminated string")
        << QByteArray("{\"name\":\n  \"abc")
        << "f:2:3: syntax error while parsing value - invalid string: missing closing quote";
    QTest::addRow("raw line break in a string")
        << QByteArray("{\"name\": \"x\ny\"}")
        << "f:1:12: syntax error while parsing value - invalid string: control character U+000A "
           "(LF) must be escaped to \\u000A or \\n";
    QTest::addRow("bad unicode escape")
        << QByteArray(R"({"name":"\u00zz"})")
        << "f:1:14: syntax error while parsing value - invalid string: '\\u' must be followed by 4 "
           "hex digits";
    QTest::addRow("number out of range")
        << QByteArray("{\n\"name\": 1.5e999}") << "f:2:9: number 1.5e999 is out of range";
    QTest::addRow("text after the object")
        << QByteArray(R"({"name":"n","drivers":[],"devices":[]} x)")
        << "f:1:40: syntax error while parsing value - invalid literal; expected end of input";
    QTest::addRow("nested too deep")
        << QByteArray(100, '[') << "f:1:65: nested deeper than 64 levels";
    QTest::addRow("duplicate key")
        << QByteArray(R"({"name":"n","name":"m","drivers":[],"devices":[]})")
        << "f:1:13: duplicate key \"name\"";
    QTest::addRow("columns count characters")
        << QByteArray("{\"description\":\"\xc3\xa9\xe2\x82\xac\", \"x\" 1}")
        << "f:1:26: syntax error while parsing object separator - unexpected number literal; "
           "expected ':'";
    QTest::addRow("byte order mark takes no column")
        << QByteArray("\xef\xbb\xbf{\"name\":\"n\",\"drivers\":[],\"devices\":[],\"q\":1}")
        << "f:1:39: unknown key \"q\" in the scenario (expected one of: name, description, "
           "drivers, devices, knobs)";

    // The top level.
    QTest::addRow("not an object")
        << QByteArray("[1]") << "f:1:1: the scenario must be an object, not an array";
    QTest::addRow("missing name") << QByteArray(R"({"drivers":[],"devices":[]})")
                                  << "f:1:1: the scenario needs \"name\"";
    QTest::addRow("missing drivers")
        << QByteArray(R"({"name":"n","devices":[]})") << "f:1:1: the scenario needs \"drivers\"";
    QTest::addRow("missing devices")
        << QByteArray(R"({"name":"n","drivers":[]})") << "f:1:1: the scenario needs \"devices\"";
    QTest::addRow("unknown top-level key")
        << QByteArray(R"({"name":"n","drivers":[],"devices":[],"extra":1})")
        << "f:1:39: unknown key \"extra\" in the scenario (expected one of: name, description, "
           "drivers, devices, knobs)";
    QTest::addRow("name not a string") << QByteArray(R"({"name":5,"drivers":[],"devices":[]})")
                                       << "f:1:9: \"name\" must be a string, not a number";
    QTest::addRow("empty name") << QByteArray(R"({"name":"","drivers":[],"devices":[]})")
                                << "f:1:9: \"name\" must not be empty";
    QTest::addRow("description null")
        << QByteArray(R"({"name":"n","description":null,"drivers":[],"devices":[]})")
        << "f:1:27: \"description\" must be a string, not null";
    QTest::addRow("drivers not an array") << QByteArray(R"({"name":"n","drivers":{},"devices":[]})")
                                          << "f:1:23: \"drivers\" must be an array, not an object";
    QTest::addRow("devices not an array")
        << QByteArray(R"({"name":"n","drivers":[],"devices":"ROOT\\E\\0"})")
        << "f:1:36: \"devices\" must be an array, not a string";

    // Drivers.
    QTest::addRow("driver not an object")
        << QByteArray(R"({"name":"n","drivers":["echo"],"devices":[]})")
        << "f:1:24: a driver must be an object, not a string";
    QTest::addRow("driver without module")
        << QByteArray(R"({"name":"n","drivers":[{"name":"e"}],"devices":[]})")
        << "f:1:24: a driver needs \"module\"";
    QTest::addRow("unknown driver key") << QByteArray(
        R"({"name":"n","drivers":[{"name":"e","module":"builtin:e","path":"x"}],"devices":[]})")
                                        << "f:1:57: unknown key \"path\" in a driver (expected one "
                                           "of: name, module)";
    QTest::addRow("bad module")
        << QByteArray(R"({"name":"n","drivers":[{"name":"e","module":"echo"}],"devices":[]})")
        << "f:1:45: module \"echo\" must be builtin:<name> or a path to a plugin .so";
    QTest::addRow("empty builtin name")
        << QByteArray(R"({"name":"n","drivers":[{"name":"e","module":"builtin:"}],"devices":[]})")
        << "f:1:45: module \"builtin:\" must be builtin:<name> or a path to a plugin .so";
    QTest::addRow("duplicate driver") << QByteArray(
        R"({"name":"n","drivers":[{"name":"e","module":"builtin:e"},{"name":"e","module":"builtin:e"}],"devices":[]})")
                                      << "f:1:66: duplicate driver name \"e\"";

    // Devices.
    QTest::addRow("device not an object") << head + R"("devices":[7]})"
                                          << "f:1:76: a device must be an object, not a number";
    QTest::addRow("device without instance id") << head + R"("devices":[{"hardwareIds":["h"]}]})"
                                                << "f:1:76: a device needs \"instanceId\"";
    QTest::addRow("unknown device key")
        << device(R"("driver":"echo")")
        << "f:1:123: unknown key \"driver\" in a device (expected one of: instanceId, parent, "
           "hardwareIds, description, enumerator, drivers, kernelService, parameters, "
           "startOnLoad)";
    QTest::addRow("instance id not a string")
        << head + R"("devices":[{"instanceId":0,"hardwareIds":["h"]}]})"
        << "f:1:90: \"instanceId\" must be a string, not a number";
    QTest::addRow("instance id with two parts")
        << head + R"("devices":[{"instanceId":"ROOT\\ECHO","hardwareIds":["h"]}]})"
        << "f:1:90: instance ID \"ROOT\\ECHO\" must have the form ENUMERATOR\\DEVICE\\INSTANCE";
    QTest::addRow("instance id with an empty part")
        << head + R"("devices":[{"instanceId":"ROOT\\\\0000","hardwareIds":["h"]}]})"
        << "f:1:90: instance ID \"ROOT\\\\0000\" must have the form ENUMERATOR\\DEVICE\\INSTANCE";
    QTest::addRow("empty instance id")
        << head + R"("devices":[{"instanceId":"","hardwareIds":["h"]}]})"
        << "f:1:90: instance ID \"\" is empty (expected ENUMERATOR\\DEVICE\\INSTANCE)";
    QTest::addRow("instance id with #")
        << head + R"("devices":[{"instanceId":"ROOT\\E#C\\0","hardwareIds":["h"]}]})"
        << "f:1:90: instance ID \"ROOT\\E#C\\0\" contains '#' (allowed: printable ASCII except "
           "space, ',', '#' and '/')";
    QTest::addRow("instance id with a space")
        << head + R"("devices":[{"instanceId":"ROOT\\E X\\0","hardwareIds":["h"]}]})"
        << "f:1:90: instance ID \"ROOT\\E X\\0\" contains a space (allowed: printable ASCII "
           "except space, ',', '#' and '/')";
    QTest::addRow("instance id with a comma")
        << head + R"("devices":[{"instanceId":"ROOT\\E,X\\0","hardwareIds":["h"]}]})"
        << "f:1:90: instance ID \"ROOT\\E,X\\0\" contains ',' (allowed: printable ASCII except "
           "space, ',', '#' and '/')";
    QTest::addRow("instance id not ASCII")
        << head
            + "\"devices\":[{\"instanceId\":\"ROOT\\\\\xc3\xa9\\\\0\",\"hardwareIds\":[\"h\"]}]}"
        << "f:1:90: instance ID \"ROOT\\\xc3\xa9\\0\" contains byte 0xc3 (allowed: printable ASCII "
           "except space, ',', '#' and '/')";
    QTest::addRow("instance id too long") << head + R"("devices":[{"instanceId":"ROOT\\E\\)"
            + QByteArray(193, '0') + R"(","hardwareIds":["h"]}]})"
                                          << "f:1:90: instance ID \"ROOT\\E\\" + QString(73, '0')
            + QStringLiteral("\u2026") // messages quote at most 80 characters of a value
            + "\" is 200 characters long (MAX_DEVICE_ID_LEN allows 199)";
    QTest::addRow("duplicate instance id, other case")
        << head
            + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"]},{"instanceId":"root\\e\\0","hardwareIds":["h"]}]})"
        << "f:1:138: duplicate instance ID \"root\\e\\0\"";
    QTest::addRow("missing hardware ids") << head + R"("devices":[{"instanceId":"ROOT\\E\\0"}]})"
                                          << "f:1:76: a device needs \"hardwareIds\"";
    QTest::addRow("hardware ids not an array")
        << head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":"h"}]})"
        << "f:1:117: \"hardwareIds\" must be an array, not a string";
    QTest::addRow("no hardware ids")
        << head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":[]}]})"
        << "f:1:117: \"hardwareIds\" needs at least one hardware ID";
    QTest::addRow("empty hardware id")
        << head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":[""]}]})"
        << "f:1:118: a hardware ID must not be empty";
    QTest::addRow("hardware id with a space")
        << head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h","WUDF\\My Echo"]}]})"
        << "f:1:122: hardware ID \"WUDF\\My Echo\" contains a space (allowed: printable ASCII "
           "except space and ',')";
    QTest::addRow("hardware id not a string")
        << head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":[1]}]})"
        << "f:1:118: \"hardwareIds\" must be a string, not a number";
    QTest::addRow("unknown driver") << device(R"("drivers":["nope"])")
                                    << "f:1:134: unknown driver \"nope\" (not in the scenario's "
                                       "\"drivers\")";
    QTest::addRow("driver twice in a stack")
        << device(R"("drivers":["echo","echo"])")
        << "f:1:141: driver \"echo\" is already in this device's stack";
    QTest::addRow("drivers not an array")
        << device(R"("drivers":"echo")") << "f:1:133: \"drivers\" must be an array, not a string";
    QTest::addRow("unknown parent") << device(R"("parent":"ROOT\\X\\0")")
                                    << "f:1:132: unknown parent \"ROOT\\X\\0\" (no device has that "
                                       "instance ID)";
    QTest::addRow("parent not a string")
        << device(R"("parent":null)") << "f:1:132: \"parent\" must be a string, not null";
    QTest::addRow("own parent") << device(R"("parent":"root\\e\\0")")
                                << "f:1:132: device \"ROOT\\E\\0\" is its own ancestor (parent "
                                   "cycle)";
    QTest::addRow("parent cycle")
        << head
            + "\"devices\":[\n"
              "{\"instanceId\":\"ROOT\\\\A\\\\0\",\"hardwareIds\":[\"h\"],\"parent\":"
              "\"ROOT\\\\B\\\\0\"},\n"
              "{\"instanceId\":\"ROOT\\\\B\\\\0\",\"hardwareIds\":[\"h\"],\"parent\":"
              "\"ROOT\\\\A\\\\0\"}]}"
        << "f:2:57: device \"ROOT\\A\\0\" is its own ancestor (parent cycle)";
    QTest::addRow("empty enumerator")
        << device(R"("enumerator":"")") << "f:1:136: \"enumerator\" must not be empty";
    QTest::addRow("startOnLoad not a boolean") << device(
        R"("startOnLoad":"yes")") << "f:1:137: \"startOnLoad\" must be a boolean, not a string";
    QTest::addRow("description not a string") << device(R"("description":["d"])")
                                              << "f:1:137: \"description\" must be a string, not "
                                                 "an array";

    // Parameters.
    QTest::addRow("parameters not an object") << device(R"("parameters":[])")
                                              << "f:1:136: \"parameters\" must be an object, not "
                                                 "an array";
    QTest::addRow("negative parameter")
        << device(R"("parameters":{"X":-1})")
        << "f:1:141: parameter \"X\" must be an unsigned 32-bit integer (REG_DWORD)";
    QTest::addRow("parameter above 32 bits")
        << device(R"("parameters":{"X":4294967296})")
        << "f:1:141: parameter \"X\" must be an unsigned 32-bit integer (REG_DWORD)";
    QTest::addRow("fractional parameter")
        << device(R"("parameters":{"X":1.5})")
        << "f:1:141: parameter \"X\" must be an unsigned 32-bit integer (REG_DWORD)";
    QTest::addRow("boolean parameter")
        << device(R"("parameters":{"X":true})")
        << "f:1:141: parameter \"X\" must be a number, a string or an array of strings, not a "
           "boolean";
    QTest::addRow("object parameter")
        << device(R"("parameters":{"X":{}})")
        << "f:1:141: parameter \"X\" must be a number, a string or an array of strings, not an "
           "object";
    QTest::addRow("null parameter")
        << device(R"("parameters":{"X":null})")
        << "f:1:141: parameter \"X\" must be a number, a string or an array of strings, not null";
    QTest::addRow("string list with a number") << device(R"("parameters":{"R":["a",2]})")
                                               << "f:1:146: \"R\" must be a string, not a number";
    QTest::addRow("duplicate parameter")
        << device(R"("parameters":{"X":1,"X":2})") << "f:1:143: duplicate key \"X\"";

    // Knobs.
    QTest::addRow("knobs not an object")
        << knobs("[]") << "f:1:47: \"knobs\" must be an object, not an array";
    QTest::addRow("unknown knob") << knobs(R"({"speed":"fast"})")
                                  << "f:1:48: unknown knob \"speed\" (known: "
            + QString::fromStdString([] {
                  std::string list;
                  for (const auto &k : umdfx::knobSpecs())
                      list += (list.empty() ? "" : ", ") + k.name;
                  return list;
              }())
            + ")";
    QTest::addRow("bad knob value")
        << knobs(R"({"surpriseRemovalPosition":"middle"})")
        << "f:1:74: knob \"surpriseRemovalPosition\" cannot be \"middle\" (allowed: first, "
           "afterD0Exit, last)";
    QTest::addRow("knob value not a string") << knobs(R"({"surpriseRemovalPosition":1})")
                                             << "f:1:74: \"surpriseRemovalPosition\" must be a "
                                                "string, not a number";
    QTest::addRow("knob needs a number") << knobs(R"({"traceBufferBytes":"x"})")
                                         << "f:1:67: knob \"traceBufferBytes\" must be an unsigned "
                                            "integer";
    QTest::addRow("negative knob") << knobs(R"({"traceBufferBytes":-4})")
                                   << "f:1:67: knob \"traceBufferBytes\" must be an unsigned "
                                      "integer";
}

void tst_ScenarioLoader::errors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QCOMPARE(errorOf(std::string_view(text.constData(), std::size_t(text.size()))), expected);
}

void tst_ScenarioLoader::errorDeepInALargeFile()
{
    // Positions of a large file are found through checkpoints; they must agree with a plain count.
    std::string text = "{\"name\":\"n\",\"drivers\":[],\"devices\":[\n";
    for (int i = 0; i < 3000; ++i)
        text += "  {\"instanceId\":\"ROOT\\\\D\\\\" + std::to_string(i)
            + "\",\"hardwareIds\":[\"h\"],\"description\":\"\xc3\xa9\"},\n";
    text += "  {\"instanceId\":\"ROOT\\\\D\\\\7\",\"hardwareIds\":[\"h\"]}]}";
    QCOMPARE(errorOf(text), QStringLiteral("f:3002:17: duplicate instance ID \"ROOT\\D\\7\""));
    const Scenario s = loadOrFail(text.substr(0, text.rfind(",\n")) + "]}");
    QCOMPARE(s.devices.size(), std::size_t(3000));
    QCOMPARE(s.devices[2999].where.toString(), std::string("t:3001:3"));
}

void tst_ScenarioLoader::fileErrors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    const QString data = kSource + "/tests/data/";
    QTest::addRow("syntax error in a file") << data + "regress/bad-syntax.json"
                                            << data
            + "regress/bad-syntax.json:4:48: syntax error while parsing object - unexpected ']'; "
              "expected '}'";
    QTest::addRow("missing file") << data + "no-such-file.json"
                                  << data
            + "no-such-file.json: cannot open: No such file "
              "or directory";
    QTest::addRow("directory") << data + "regress"
                               << data + "regress: it is a directory, not a regular file";
    // Read no further than a scenario may be, and not at all when it is no regular file.
    QTest::addRow("a character device")
        << "/dev/zero"
        << "/dev/zero: it is a character device, not a regular file";
}

void tst_ScenarioLoader::fileErrors()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const auto loaded = loadScenarioFile(path.toStdString());
    QVERIFY(std::holds_alternative<LoadError>(loaded));
    QCOMPARE(QString::fromStdString(std::get<LoadError>(loaded).toString()), expected);
}

QTEST_APPLESS_MAIN(tst_ScenarioLoader)
#include "tst_scenarioloader.moc"
