// The scenario loader: the embedded scenarios load; every error path names file:line:column.
#include "core/scenario/scenarioloader.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>

class tst_ScenarioLoader : public QObject
{
    Q_OBJECT
private slots:
    void embeddedScenariosLoad();
    void defaultScenarioContent();
    void parentsComeFirst();
    void errors_data();
    void errors();
};

void tst_ScenarioLoader::embeddedScenariosLoad()
{
    QVERIFY(!umdfx::resources::embeddedScenarios().empty());
    for (const auto &f : umdfx::resources::embeddedScenarios()) {
        const auto loaded = umdfx::scenario::loadScenario(f.text, f.name);
        if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
            QFAIL(err->toString().c_str());
    }
}

void tst_ScenarioLoader::defaultScenarioContent()
{
    const auto loaded
        = umdfx::scenario::loadScenario(umdfx::resources::defaultScenario(), "default");
    QVERIFY(std::holds_alternative<umdfx::scenario::Scenario>(loaded));
    const auto &s = std::get<umdfx::scenario::Scenario>(loaded);
    QCOMPARE(s.devices.size(), std::size_t(1));
    const auto &d = s.devices.front();
    QCOMPARE(QString::fromStdString(d.instanceId), QStringLiteral("ROOT\\ECHO\\0000"));
    QCOMPARE(QString::fromStdString(d.enumerator), QStringLiteral("ROOT"));
    QCOMPARE(d.drivers, std::vector<std::string> { "echo" });
    const auto refs = std::get<std::vector<std::string>>(d.parameters.at("ReferenceStrings"));
    QCOMPARE(refs, (std::vector<std::string> { "Port1", "Port2" }));
    QCOMPARE(std::get<std::uint32_t>(d.parameters.at("MaxWriteLength")), 4096u);
    QVERIFY(s.sourceText == umdfx::resources::defaultScenario());
}

void tst_ScenarioLoader::parentsComeFirst()
{
    const char *text = R"({"name":"n","drivers":[],"devices":[
        {"instanceId":"SWENUM\\CHILD\\1","parent":"ROOT\\BUS\\0000","hardwareIds":["c"]},
        {"instanceId":"ROOT\\BUS\\0000","hardwareIds":["b"],"startOnLoad":false}]})";
    const auto loaded = umdfx::scenario::loadScenario(text, "t");
    QVERIFY(std::holds_alternative<umdfx::scenario::Scenario>(loaded));
    const auto &s = std::get<umdfx::scenario::Scenario>(loaded);
    QCOMPARE(QString::fromStdString(s.devices[0].instanceId), QStringLiteral("ROOT\\BUS\\0000"));
    QCOMPARE(QString::fromStdString(s.devices[1].enumerator), QStringLiteral("SWENUM"));
    QVERIFY(!s.devices[0].startOnLoad);
}

void tst_ScenarioLoader::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const QString head
        = QStringLiteral(R"({"name":"n","drivers":[{"name":"echo","module":"builtin:echo"}],)");
    QTest::addRow("empty file") << ""
                                << "f:1:1: ";
    QTest::addRow("syntax error") << "{\n  \"name\": \"n\",\n  \"drivers\": [\n}"
                                  << "f:4:1: syntax error";
    QTest::addRow("not an object") << "[1]"
                                   << "f:1:1: the scenario must be an object, not an array";
    QTest::addRow("missing name") << R"({"drivers":[],"devices":[]})"
                                  << "f:1:1: the scenario needs \"name\"";
    QTest::addRow("unknown top-level key") << R"({"name":"n","drivers":[],"devices":[],"extra":1})"
                                           << "f:1:39: unknown key \"extra\" in the scenario";
    QTest::addRow("duplicate key") << R"({"name":"n","name":"m","drivers":[],"devices":[]})"
                                   << "f:1:13: duplicate key \"name\"";
    QTest::addRow("wrong type") << R"({"name":5,"drivers":[],"devices":[]})"
                                << "f:1:9: \"name\" must be a string, not a number";
    QTest::addRow("bad module")
        << R"({"name":"n","drivers":[{"name":"e","module":"echo"}],"devices":[]})"
        << "f:1:45: module \"echo\" must be builtin:<name> or a path to a plugin .so";
    QTest::addRow("duplicate driver")
        << R"({"name":"n","drivers":[{"name":"e","module":"builtin:e"},{"name":"e","module":"builtin:e"}],"devices":[]})"
        << "f:1:66: duplicate driver name \"e\"";
    QTest::addRow("instance id with two parts")
        << head + R"("devices":[{"instanceId":"ROOT\\ECHO","hardwareIds":["h"]}]})"
        << "f:1:90: instance ID \"ROOT\\ECHO\" must have the form";
    QTest::addRow("instance id with #")
        << head + R"("devices":[{"instanceId":"ROOT\\E#C\\0","hardwareIds":["h"]}]})"
        << "f:1:90: instance ID \"ROOT\\E#C\\0\" contains '#'";
    QTest::addRow("no hardware ids")
        << head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":[]}]})"
        << "f:1:117: \"hardwareIds\" needs at least one hardware ID";
    QTest::addRow("unknown driver") << head
            + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"],"drivers":["nope"]}]})"
                                    << "f:1:134: unknown driver \"nope\"";
    QTest::addRow("duplicate instance id, other case")
        << head
            + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"]},{"instanceId":"root\\e\\0","hardwareIds":["h"]}]})"
        << "f:1:138: duplicate instance ID \"root\\e\\0\"";
    QTest::addRow("unknown parent") << head
            + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"],"parent":"ROOT\\X\\0"}]})"
                                    << "f:1:132: unknown parent \"ROOT\\X\\0\"";
    QTest::addRow("parent cycle") << head
            + R"("devices":[{"instanceId":"ROOT\\A\\0","hardwareIds":["h"],"parent":"ROOT\\B\\0"},{"instanceId":"ROOT\\B\\0","hardwareIds":["h"],"parent":"ROOT\\A\\0"}]})"
                                  << "parent cycle";
    QTest::addRow("negative parameter")
        << head
            + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"],"parameters":{"X":-1}}]})"
        << "f:1:141: parameter \"X\" must be an unsigned 32-bit integer (REG_DWORD)";
    QTest::addRow("object parameter") << head
            + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"],"parameters":{"X":{}}}]})"
                                      << "f:1:141: parameter \"X\" must be a number, a string or "
                                         "an array of strings, not an object";
    QTest::addRow("unknown device key")
        << head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"],"driver":"echo"}]})"
        << "f:1:123: unknown key \"driver\" in a device";
    QTest::addRow("missing drivers") << R"({"name":"n","devices":[]})"
                                     << "f:1:1: the scenario needs \"drivers\"";
    QTest::addRow("missing devices") << R"({"name":"n","drivers":[]})"
                                     << "f:1:1: the scenario needs \"devices\"";
    QTest::addRow("drivers not an array") << R"({"name":"n","drivers":{},"devices":[]})"
                                          << "f:1:23: \"drivers\" must be an array, not an object";
    QTest::addRow("empty name") << R"({"name":"","drivers":[],"devices":[]})"
                                << "f:1:9: \"name\" must not be empty";
    QTest::addRow("driver not an object") << R"({"name":"n","drivers":["echo"],"devices":[]})"
                                          << "f:1:24: a driver must be an object, not a string";
    QTest::addRow("instance id with a space")
        << head + R"("devices":[{"instanceId":"ROOT\\E X\\0","hardwareIds":["h"]}]})"
        << "f:1:90: instance ID \"ROOT\\E X\\0\" contains ' '";
    QTest::addRow("empty hardware id")
        << head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":[""]}]})"
        << "f:1:118: a hardware ID must not be empty";
    QTest::addRow("empty enumerator")
        << head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"],"enumerator":""}]})"
        << "f:1:136: \"enumerator\" must not be empty";
    QTest::addRow("startOnLoad not a boolean")
        << head + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"],"startOnLoad":1}]})"
        << "f:1:137: \"startOnLoad\" must be a boolean, not a number";
    QTest::addRow("string list with a number") << head
            + R"("devices":[{"instanceId":"ROOT\\E\\0","hardwareIds":["h"],"parameters":{"R":["a",2]}}]})"
                                               << "f:1:146: \"R\" must be a string, not a number";
    QTest::addRow("knobs not an object") << R"({"name":"n","drivers":[],"devices":[],"knobs":[]})"
                                         << "f:1:47: \"knobs\" must be an object, not an array";
    QTest::addRow("unknown knob")
        << R"({"name":"n","drivers":[],"devices":[],"knobs":{"speed":"fast"}})"
        << "f:1:48: unknown knob \"speed\"";
    QTest::addRow("bad knob value")
        << R"({"name":"n","drivers":[],"devices":[],"knobs":{"surpriseRemovalPosition":"middle"}})"
        << "f:1:74: knob \"surpriseRemovalPosition\" cannot be \"middle\"";
    QTest::addRow("knob needs a number")
        << R"({"name":"n","drivers":[],"devices":[],"knobs":{"traceBufferBytes":"x"}})"
        << "f:1:67: knob \"traceBufferBytes\" must be an unsigned integer";
}

void tst_ScenarioLoader::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::string input = text.toStdString();
    const auto loaded = umdfx::scenario::loadScenario(input, "f");
    QVERIFY2(std::holds_alternative<umdfx::scenario::LoadError>(loaded), "the input was accepted");
    const QString message
        = QString::fromStdString(std::get<umdfx::scenario::LoadError>(loaded).toString());
    QVERIFY2(message.contains(expected), qPrintable(message));
}

QTEST_APPLESS_MAIN(tst_ScenarioLoader)
#include "tst_scenarioloader.moc"
