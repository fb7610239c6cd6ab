#include "app/umdfctl/commands.h"

#include "core/runtime/log.h"
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/goldentrace.h"
#include "core/simulation/simulation.h"
#include "core/simulation/snapshot.h"
#include "core/trace/traceformat.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QCommandLineParser>
#include <QFile>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>

namespace umdfctl {

namespace {

void printError(const std::string &message)
{
    std::fprintf(stderr, "umdfctl: %s\n", message.c_str());
}

struct LoadedScenario
{
    umdfx::scenario::Scenario scenario;
};

// SCENARIO is a file path, or "embedded:NAME" for one compiled in; none = the embedded default.
std::optional<umdfx::scenario::Scenario> loadScenarioArgument(const QStringList &positional)
{
    std::string text;
    std::string fileName;
    if (positional.isEmpty()) {
        text = std::string(umdfx::resources::defaultScenario());
        fileName = "embedded:default";
    } else {
        const QString arg = positional.first();
        if (arg.startsWith(QStringLiteral("embedded:"))) {
            const std::string name = arg.mid(9).toStdString();
            const auto embedded = umdfx::resources::scenario(name);
            if (!embedded) {
                printError("no embedded scenario named '" + name + "' (see: umdfctl scenarios)");
                return std::nullopt;
            }
            text = std::string(*embedded);
            fileName = arg.toStdString();
        } else {
            QFile f(arg);
            if (!f.open(QIODevice::ReadOnly)) {
                printError(arg.toStdString() + ": cannot open: " + f.errorString().toStdString());
                return std::nullopt;
            }
            const QByteArray bytes = f.readAll();
            text.assign(bytes.constData(), static_cast<std::size_t>(bytes.size()));
            fileName = arg.toStdString();
        }
    }
    auto loaded = umdfx::scenario::loadScenario(text, fileName);
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded)) {
        printError(err->toString());
        return std::nullopt;
    }
    return std::get<umdfx::scenario::Scenario>(std::move(loaded));
}

enum class Format { Text, Jsonl, Golden };

class TracePrinter
{
public:
    TracePrinter(const umdfx::trace::TraceStore &store, Format format)
        : m_store(store)
        , m_format(format)
    { }
    // Prints what was appended since the last call (golden: everything at the end).
    void flush()
    {
        if (m_format == Format::Golden)
            return;
        const std::size_t n = m_store.size();
        for (; m_next < n; ++m_next) {
            const auto &r = m_store.at(m_next);
            const std::string line = m_format == Format::Jsonl
                ? umdfx::trace::toJsonLine(m_store, r, false)
                : umdfx::trace::toTextLine(m_store, r);
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fputc('\n', stdout);
        }
    }
    void finish()
    {
        if (m_format != Format::Golden) {
            flush();
            return;
        }
        for (const auto &line : umdfx::goldenLines(m_store))
            std::printf("%s\n", line.c_str());
    }

private:
    const umdfx::trace::TraceStore &m_store;
    Format m_format;
    std::size_t m_next = 0;
};

int commandRun(const QStringList &positional, const QCommandLineParser &parser)
{
    auto scenario = loadScenarioArgument(positional);
    if (!scenario)
        return ExitBadInput;

    std::vector<umdfx::scenario::Action> actions;
    if (parser.isSet(QStringLiteral("actions"))) {
        const QString path = parser.value(QStringLiteral("actions"));
        std::string text;
        std::string fileName = path.toStdString();
        if (path == QStringLiteral("-")) {
            text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
            fileName = "<stdin>";
        } else {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                printError(fileName + ": cannot open: " + f.errorString().toStdString());
                return ExitBadInput;
            }
            const QByteArray bytes = f.readAll();
            text.assign(bytes.constData(), static_cast<std::size_t>(bytes.size()));
        }
        auto parsed = umdfx::scenario::parseActions(text, fileName);
        if (auto *err = std::get_if<umdfx::scenario::LoadError>(&parsed)) {
            printError(err->toString());
            return ExitBadInput;
        }
        actions = std::get<std::vector<umdfx::scenario::Action>>(std::move(parsed));
    }

    Format format = Format::Text;
    if (parser.isSet(QStringLiteral("jsonl")))
        format = Format::Jsonl;
    else if (parser.isSet(QStringLiteral("golden")))
        format = Format::Golden;

    umdfx::Simulation sim(*scenario, umdfx::builtinDrivers());
    TracePrinter printer(sim.world().trace, format);
    sim.powerOn();
    printer.flush();

    umdfx::ActionRunner runner(sim);
    int status = ExitOk;
    for (const auto &action : actions) {
        const auto result = runner.run(action);
        printer.flush();
        if (!result.ok) {
            printError(result.message);
            status = ExitFailed;
            break;
        }
    }
    printer.finish();
    std::fflush(stdout);
    return status;
}

int commandTree(const QStringList &positional, bool interfacesOnly)
{
    auto scenario = loadScenarioArgument(positional);
    if (!scenario)
        return ExitBadInput;
    umdfx::Simulation sim(*scenario, umdfx::builtinDrivers());
    sim.powerOn();
    std::lock_guard lock(sim.world().lock);
    const auto tree = umdfx::takeSnapshot(sim);
    const std::string text
        = interfacesOnly ? umdfx::formatInterfaces(tree) : umdfx::formatTree(tree);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return ExitOk;
}

int commandScenarios()
{
    for (const auto &name : umdfx::resources::scenarioNames())
        std::printf("embedded:%s\n", std::string(name).c_str());
    return ExitOk;
}

} // namespace

int runCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs UMDF 1 scenarios headless and prints their callback traces.\n\n"
        "Commands:\n"
        "  run [SCENARIO]         start the scenario's devices, run the actions, print the trace\n"
        "  tree [SCENARIO]        print the PnP device tree after start-up\n"
        "  interfaces [SCENARIO]  list every device interface instance\n"
        "  scenarios              list the embedded scenarios\n\n"
        "SCENARIO is a scenario file (JSON) or embedded:NAME; without it, the embedded default.\n"
        "Exit status: 0 success, 1 an action or expect failed, 2 bad input."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("command"), QStringLiteral("run | tree | interfaces | scenarios"));
    parser.addPositionalArgument(QStringLiteral("scenario"),
        QStringLiteral("scenario file or embedded:NAME"), QStringLiteral("[SCENARIO]"));
    parser.addOption({ QStringLiteral("actions"),
        QStringLiteral("Action script to run (- for standard input)."), QStringLiteral("FILE") });
    parser.addOption(
        { QStringLiteral("jsonl"), QStringLiteral("Print one JSON object per trace record.") });
    parser.addOption(
        { QStringLiteral("text"), QStringLiteral("Print one line per trace record (default).") });
    parser.addOption({ QStringLiteral("log-level"),
        QStringLiteral(
            "Diagnostics on standard error: trace, debug, info, warn (default), error, off."),
        QStringLiteral("LEVEL") });
    parser.addOption({ QStringLiteral("golden"),
        QStringLiteral("Print the nested call/result lines the golden tests compare.") });
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", parser.helpText().toStdString().c_str());
        return ExitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("umdfctl %s\n", UMDFX_VERSION);
        return ExitOk;
    }
    if (parser.isSet(QStringLiteral("log-level"))) {
        const std::string level = parser.value(QStringLiteral("log-level")).toStdString();
        const auto parsed = spdlog::level::from_str(level);
        if (parsed == spdlog::level::off && level != "off") {
            printError("unknown log level '" + level + "' (trace, debug, info, warn, error, off)");
            return ExitBadInput;
        }
        umdfx::log()->set_level(parsed);
    }
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        printError("missing command (run, tree, interfaces, scenarios); see umdfctl --help");
        return ExitBadInput;
    }
    const QString command = positional.takeFirst();
    if (positional.size() > 1) {
        printError("too many arguments: " + positional.join(QLatin1Char(' ')).toStdString());
        return ExitBadInput;
    }
    const int formats = int(parser.isSet(QStringLiteral("jsonl")))
        + int(parser.isSet(QStringLiteral("text"))) + int(parser.isSet(QStringLiteral("golden")));
    if (formats > 1) {
        printError("choose one of --jsonl, --text, --golden");
        return ExitBadInput;
    }
    if (command == QStringLiteral("run"))
        return commandRun(positional, parser);
    if (parser.isSet(QStringLiteral("actions")) || formats > 0) {
        printError("--actions, --jsonl, --text and --golden belong to the run command");
        return ExitBadInput;
    }
    if (command == QStringLiteral("tree"))
        return commandTree(positional, false);
    if (command == QStringLiteral("interfaces"))
        return commandTree(positional, true);
    if (command == QStringLiteral("scenarios") && positional.isEmpty())
        return commandScenarios();
    printError(
        "unknown command '" + command.toStdString() + "' (run, tree, interfaces, scenarios)");
    return ExitBadInput;
}

} // namespace umdfctl
