#include "app/umdfctl/commands.h"

#include "app/umdfctl/explaincommand.h"

#include "app/umdfctl/output.h"
#include "app/umdfctl/tracecommands.h"

#include "core/common/boundedread.h"
#include "core/common/messagetext.h"
#include "core/host/debugger.h"
#include "core/runtime/log.h"
#include "core/scenario/actionparser.h"
#include "core/scenario/jsondocument.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/simulation/snapshot.h"
#include "core/trace/tracefile.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QCommandLineParser>

#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include <unistd.h> // alarm

namespace umdfctl {

namespace {

// The first record of a host the simulator ended for hanging (WUDFHost::Deadlock,
// WUDFHost::ThreadSpinning), as a message: "host1 deadlocked: host1 waits on ... (record #42)".
std::optional<std::string> hostHang(umdfx::Simulation &sim)
{
    std::lock_guard lock(sim.world().lock);
    const auto &store = sim.world().trace;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const umdfx::trace::TraceRecord &r = store.at(i);
        if (r.kind != umdfx::trace::Kind::Host || umdfx::trace::str(r.iface) != "WUDFHost")
            continue;
        const std::string_view method = umdfx::trace::str(r.method);
        if (method != "Deadlock" && method != "ThreadSpinning")
            continue;
        const umdfx::trace::ArgsView args = store.args(r);
        umdfx::trace::ArgValue host, threads, thread;
        args.find("host", host);
        args.find("threads", threads);
        args.find("thread", thread);
        const std::string what = method == "Deadlock"
            ? std::string(host.text) + " deadlocked: " + std::string(threads.text)
            : std::string(host.text) + ": thread " + std::string(thread.text)
                + " never reached a switch point (knob spinLimitMs)";
        return what + " (record #" + std::to_string(i) + ", WUDFHost::" + std::string(method)
            + "); the host was terminated";
    }
    return std::nullopt;
}

// The run SIGINT/SIGTERM stop. The handler only does a lock-free compare-and-swap on the
// scheduler's stop flag (async-signal-safe); the simulation sees it at its next task boundary, and
// the run ends as a reached limit does: the trace so far printed and captured, the End chunk
// written. The handler then puts the default action back, so a second Ctrl+C ends the process at
// once, and sets an alarm: a run that does not reach a task boundary within kSignalGraceSeconds
// (a driver stuck inside one task) is ended by SIGALRM's default action, its capture then holding
// what the last flush wrote, as after SIGKILL.
constexpr unsigned kSignalGraceSeconds = 10;
std::atomic<umdfx::Scheduler *> g_signalled { nullptr };
static_assert(std::atomic<umdfx::Scheduler *>::is_always_lock_free);

extern "C" void stopOnSignal(int signo)
{
    if (umdfx::Scheduler *s = g_signalled.load(std::memory_order_relaxed))
        s->requestStop(
            signo == SIGINT ? umdfx::StopReason::Interrupted : umdfx::StopReason::Terminated);
    std::signal(signo, SIG_DFL); // both async-signal-safe
    alarm(kSignalGraceSeconds);
}

class SignalStop
{
public:
    explicit SignalStop(umdfx::Scheduler &s)
    {
        g_signalled.store(&s);
        struct sigaction action
        { };
        action.sa_handler = stopOnSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, &m_oldInt);
        sigaction(SIGTERM, &action, &m_oldTerm);
    }
    ~SignalStop()
    {
        alarm(0);
        sigaction(SIGINT, &m_oldInt, nullptr);
        sigaction(SIGTERM, &m_oldTerm, nullptr);
        g_signalled.store(nullptr);
    }
    SignalStop(const SignalStop &) = delete;
    SignalStop &operator=(const SignalStop &) = delete;

private:
    struct sigaction m_oldInt
    { };
    struct sigaction m_oldTerm
    { };
};

// The exit status of a run that was stopped: 128 + the signal's number for SIGINT/SIGTERM, as a
// shell reports a process a signal ended (a script can tell "interrupted" from "failed"); 1 for
// a limit reached, as for an action that failed.
int stoppedStatus(umdfx::StopReason why)
{
    switch (why) {
    case umdfx::StopReason::Interrupted:
        return 128 + SIGINT;
    case umdfx::StopReason::Terminated:
        return 128 + SIGTERM;
    default:
        return ExitFailed;
    }
}

// "1048576", "512M", "2G" (K, M, G: powers of 1024) -> bytes; nullopt when it is not one.
std::optional<std::uint64_t> parseByteCount(const std::string &text)
{
    std::uint64_t v = 0;
    const char *end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || p == text.data())
        return std::nullopt;
    unsigned shift = 0;
    if (p != end) {
        if (p + 1 != end)
            return std::nullopt;
        switch (*p) {
        case 'k':
        case 'K':
            shift = 10;
            break;
        case 'm':
        case 'M':
            shift = 20;
            break;
        case 'g':
        case 'G':
            shift = 30;
            break;
        default:
            return std::nullopt;
        }
    }
    if (v > (~std::uint64_t(0) >> shift))
        return std::nullopt;
    return v << shift;
}

constexpr std::uint64_t kDefaultMaxTraceBytes = std::uint64_t(1) << 30; // 1 GiB

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
                printError("no embedded scenario named '" + umdfx::excerpt(name)
                    + "' (see: umdfctl scenarios)");
                return std::nullopt;
            }
            text = std::string(*embedded);
            fileName = arg.toStdString();
        } else {
            fileName = arg.toStdString();
            if (fileName == "-") {
                printError("-: a scenario is read from a file, not from standard input (- is for "
                           "--actions)");
                return std::nullopt;
            }
            // Read with the scenario's limit, checked while reading: /dev/zero or a FIFO named
            // here ends with a message, not with the machine's memory or a hang.
            std::string error;
            if (!umdfx::readBoundedFile(
                    fileName, umdfx::scenario::JsonDocument::kMaxSize, "a scenario", text, error)) {
                printError(fileName + ": " + error);
                return std::nullopt;
            }
        }
    }
    auto loaded = umdfx::scenario::loadScenario(text, fileName);
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded)) {
        printError(err->toString());
        return std::nullopt;
    }
    // A driver module that does not exist is bad input, like an unknown key: nothing runs.
    auto scenario = std::get<umdfx::scenario::Scenario>(std::move(loaded));
    if (auto missing = umdfx::findDriverModules(scenario, umdfx::builtinDrivers())) {
        printError(missing->toString());
        return std::nullopt;
    }
    return scenario;
}

int commandRun(const QStringList &positional, const QCommandLineParser &parser)
{
    auto scenario = loadScenarioArgument(positional);
    if (!scenario)
        return ExitBadInput;

    std::vector<umdfx::scenario::Action> actions;
    if (parser.isSet(QStringLiteral("actions"))) {
        // "-" is standard input; either is read with the script's limit, checked while reading.
        auto parsed = umdfx::scenario::parseActionsFile(
            parser.value(QStringLiteral("actions")).toStdString());
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

    // --break: where the run stops. The breakpoints are checked before anything runs.
    std::vector<umdfx::Debugger::Breakpoint> breakpoints;
    for (const QString &b : parser.values(QStringLiteral("break"))) {
        std::string why;
        auto parsed = umdfx::Debugger::parseBreakpoint(b.toStdString(), &why);
        if (!parsed) {
            printError("--break " + umdfx::excerpt(b.toStdString()) + ": " + why);
            return ExitBadInput;
        }
        breakpoints.push_back(*parsed);
    }
    // A script whose advances add up past the end of virtual time is bad input, refused before
    // anything runs (it would overflow the clock).
    if (auto err = umdfx::checkVirtualTime(actions)) {
        printError(err->toString());
        return ExitBadInput;
    }
    std::uint64_t maxTraceBytes = kDefaultMaxTraceBytes;
    if (parser.isSet(QStringLiteral("max-trace-bytes"))) {
        const std::string text = parser.value(QStringLiteral("max-trace-bytes")).toStdString();
        const auto parsed = parseByteCount(text);
        if (!parsed) {
            printError("--max-trace-bytes " + text
                + ": not a byte count (a number, optionally followed by K, M or G)");
            return ExitBadInput;
        }
        maxTraceBytes = *parsed;
    }

    umdfx::Simulation sim(*scenario, umdfx::builtinDrivers());
    TracePrinter printer(sim.world().trace, format);
    // --trace: the capture streams to the file while the simulation runs.
    std::optional<umdfx::trace::TraceFileWriter> capture;
    if (parser.isSet(QStringLiteral("trace"))) {
        umdfx::trace::TraceFileInfo info;
        info.meta["producer"] = std::string("umdfctl ") + UMDFX_VERSION;
        info.meta["scenario.name"] = scenario->name;
        info.meta["scenario.file"]
            = positional.isEmpty() ? "embedded:default" : positional.first().toStdString();
        info.scenarioText = scenario->sourceText;
        capture.emplace(sim.world().trace, std::move(info));
        if (maxTraceBytes != 0) {
            umdfx::Scheduler &scheduler = sim.world().scheduler;
            capture->setSizeLimit(maxTraceBytes,
                [&scheduler] { scheduler.requestStop(umdfx::StopReason::TraceFileLimit); });
        }
        if (auto err = capture->open(parser.value(QStringLiteral("trace")).toStdString())) {
            printError(*err);
            return ExitBadInput;
        }
    }
    // A breakpoint stops the run where it is: the trace so far and the pending call are printed,
    // the capture (if any) is closed, and the process ends — nothing after it runs.
    umdfx::Debugger debugger;
    if (!breakpoints.empty()) {
        debugger.setBreakpoints(breakpoints);
        debugger.setStoppedHook([&](const umdfx::Debugger::Stop &stop) {
            printer.finish();
            std::printf("stopped: %s\n", stop.description().c_str());
            std::fflush(stdout);
            if (capture)
                capture->close();
            std::fflush(stderr);
            std::_Exit(ExitOk);
        });
        sim.world().tracer.setGate(&debugger);
    }
    SignalStop signalStop(sim.world().scheduler);
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
    // A limit reached or a signal: the run ended early. Everything recorded is kept (printed
    // above, captured below with the End chunk); say how far it got (and why, unless the action
    // it cut short said so already; the file's size limit with its figures).
    const umdfx::StopReason stopped = sim.world().scheduler.stopReason();
    if (stopped != umdfx::StopReason::None) {
        std::string why;
        if (stopped == umdfx::StopReason::TraceFileLimit) {
            why = ": " + parser.value(QStringLiteral("trace")).toStdString() + " reached "
                + umdfx::trace::withThousands(capture->bytesWritten()) + " bytes, its size limit ("
                + umdfx::trace::withThousands(maxTraceBytes)
                + " bytes; raise it with --max-trace-bytes, 0 for no limit)";
        } else if (status == ExitOk) {
            std::lock_guard lock(sim.world().lock);
            why = ": " + umdfx::describeStop(sim.world());
        }
        printError("the run was stopped" + why + "; the trace keeps every record made, "
            + umdfx::trace::withThousands(sim.world().trace.size()) + ", up to virtual time "
            + std::to_string(sim.world().scheduler.now()) + " ns");
        status = stoppedStatus(stopped);
    }
    // A hang the simulator found (a deadlock, a spinning thread) fails the run as a failed
    // action does: on Windows the run would never have ended.
    if (status == ExitOk) {
        if (auto hang = hostHang(sim)) {
            printError(*hang);
            status = ExitFailed;
        }
    }
    printer.finish();
    std::fflush(stdout);
    if (capture) {
        if (auto err = capture->close()) {
            printError(*err);
            return ExitFailed;
        }
    }
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
        "  scenarios              list the embedded scenarios\n"
        "  show FILE [--filter F] [--marked]\n"
        "                         print a captured trace (.umdftrace)\n"
        "  replay FILE            run a trace's scenario and actions again and compare\n"
        "  diff A B [--ignore-arg KEY]\n"
        "                         compare two traces: calls, results and arguments,\n"
        "                         each request's path beside the same request\n"
        "  export FILE --format chrome|perfetto|ctf|jsonl|text -o OUT\n"
        "  explain [NAME]         what a traced Interface::Method (or OnWrite, V5) is for\n\n"
        "SCENARIO is a scenario file (JSON) or embedded:NAME; without it, the embedded default.\n\n"
        "Exit status, the same for every command:\n"
        "  0  success\n"
        "  1  run: an action or expect failed, a run limit was reached, a host hung, or\n"
        "     the --trace capture could not be written to its end; replay, diff: the\n"
        "     traces differ\n"
        "  2  bad input: a command line, scenario, action script, driver module or trace file\n"
        "     that cannot be used (file:line:column: what is wrong), or an export output that\n"
        "     cannot be written; nothing was run\n"
        "  3  show, export, replay, diff: a trace file is damaged or cut off; it was read up to\n"
        "     the damage, the command worked on that part, and standard error says where\n"
        "  130, 143  run: ended by SIGINT (Ctrl+C) or SIGTERM; the capture so far is kept"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"),
        QStringLiteral("run | tree | interfaces | scenarios | show | replay | diff | export"));
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
    parser.addOption({ QStringLiteral("trace"),
        QStringLiteral("Capture the trace to FILE (.umdftrace) while running."),
        QStringLiteral("FILE") });
    parser.addOption({ QStringLiteral("max-trace-bytes"),
        QStringLiteral("run --trace: stop the run (exit status 1) once the trace file reaches N "
                       "bytes (K, M, G suffixes; default 1G; 0: no limit). The file is closed "
                       "properly a little past N. The scenario knob maxRecords caps the records "
                       "(default 5000000); SIGINT/SIGTERM stop a run the same way, exit status "
                       "130/143."),
        QStringLiteral("N") });
    parser.addOption({ QStringLiteral("filter"),
        QStringLiteral("show: only the records the filter matches, in the explorer's filter "
                       "language (method:OnWrite device:ECHO request:7 kind:callback hr:!0)."),
        QStringLiteral("FILTER") });
    parser.addOption({ QStringLiteral("marked"),
        QStringLiteral("show: only the records that carry a mark, each with its note.") });
    parser.addOption({ QStringLiteral("break"),
        QStringLiteral("Stop before a callback and print it: a method (OnWrite, "
                       "IQueueCallbackWrite::OnWrite), device:INSTANCE-ID, finding or finding:V5. "
                       "Repeatable."),
        QStringLiteral("WHERE") });
    parser.addOption({ QStringLiteral("format"),
        QStringLiteral("Export format: chrome (Trace Event JSON), perfetto (.perfetto-trace), "
                       "ctf (a directory), jsonl, text."),
        QStringLiteral("FORMAT") });
    parser.addOption({ { QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Export to FILE."), QStringLiteral("FILE") });
    parser.addOption({ QStringLiteral("ignore-arg"),
        QStringLiteral("diff: neither compare nor show this argument: KEY on every record, "
                       "Method.KEY on one method (GetNamedValue.value), * for all arguments. "
                       "Repeatable."),
        QStringLiteral("KEY") });
    parser.addOption({ QStringLiteral("golden"),
        QStringLiteral("Print the nested call/result lines the golden tests compare.") });
    if (!parser.parse(arguments)) {
        // Qt's message quotes the option whole: a 5 MB one is not echoed back.
        printError(umdfx::excerpt(parser.errorText().toStdString(), 200));
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
            printError("unknown log level '" + umdfx::excerpt(level)
                + "' (trace, debug, info, warn, error, off)");
            return ExitBadInput;
        }
        umdfx::log()->set_level(parsed);
    }
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        printError("missing command (run, tree, interfaces, scenarios, show, replay, diff, export, "
                   "explain); "
                   "see umdfctl --help");
        return ExitBadInput;
    }
    const QString command = positional.takeFirst();
    const bool exporting
        = parser.isSet(QStringLiteral("format")) || parser.isSet(QStringLiteral("output"));
    if (exporting && command != QStringLiteral("export")) {
        printError("--format and -o belong to the export command");
        return ExitBadInput;
    }
    if ((parser.isSet(QStringLiteral("filter")) || parser.isSet(QStringLiteral("marked")))
        && command != QStringLiteral("show")) {
        printError("--filter and --marked belong to the show command");
        return ExitBadInput;
    }
    if ((parser.isSet(QStringLiteral("trace")) || parser.isSet(QStringLiteral("break")))
        && command != QStringLiteral("run")) {
        printError("--trace and --break belong to the run command");
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("max-trace-bytes")) && !parser.isSet(QStringLiteral("trace"))) {
        printError("--max-trace-bytes belongs to run --trace");
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("ignore-arg")) && command != QStringLiteral("diff")) {
        printError("--ignore-arg belongs to the diff command");
        return ExitBadInput;
    }
    if (command == QStringLiteral("diff"))
        return commandDiff(positional, parser);
    if (positional.size() > 1) {
        printError("too many arguments: "
            + umdfx::excerpt(positional.join(QLatin1Char(' ')).toStdString()));
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
    if (command == QStringLiteral("show"))
        return commandShow(positional, parser);
    if (parser.isSet(QStringLiteral("actions")) || formats > 0) {
        printError("--actions belongs to the run command; --jsonl, --text and --golden to run and "
                   "show");
        return ExitBadInput;
    }
    if (command == QStringLiteral("tree"))
        return commandTree(positional, false);
    if (command == QStringLiteral("interfaces"))
        return commandTree(positional, true);
    if (command == QStringLiteral("scenarios") && positional.isEmpty())
        return commandScenarios();
    if (command == QStringLiteral("replay"))
        return commandReplay(positional);
    if (command == QStringLiteral("export"))
        return commandExport(positional, parser);
    if (command == QStringLiteral("explain"))
        return commandExplain(positional);
    printError("unknown command '" + umdfx::excerpt(command.toStdString())
        + "' (run, tree, interfaces, scenarios, show, replay, diff, export, explain)");
    return ExitBadInput;
}

} // namespace umdfctl
