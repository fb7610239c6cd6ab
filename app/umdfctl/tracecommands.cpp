#include "app/umdfctl/tracecommands.h"

#include "app/umdfctl/commands.h"
#include "app/umdfctl/output.h"
#include "core/common/messagetext.h"
#include "core/simulation/goldentrace.h"
#include "core/simulation/replay.h"
#include "core/simulation/tracediff.h"
#include "core/trace/chromeexport.h"
#include "core/trace/ctfexport.h"
#include "core/trace/perfettoexport.h"
#include "core/trace/tracefile.h"
#include "core/trace/tracequery.h"
#include "drivers/builtin/builtindrivers.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>

namespace umdfctl {

namespace {

// Reads a trace file; says on standard error how much of a damaged or cut-off file it recovered,
// and sets `damaged` for such a file (the command then ends with ExitDamaged).
std::optional<umdfx::trace::TraceFile> openTrace(const QString &path, bool &damaged)
{
    const std::string name = path.toStdString();
    auto read = umdfx::trace::readTraceFile(name);
    if (auto *err = std::get_if<std::string>(&read)) {
        printError(*err);
        return std::nullopt;
    }
    auto file = std::get<umdfx::trace::TraceFile>(std::move(read));
    if (file.damage || !file.complete) {
        printError(file.summary(name));
        damaged = true;
    }
    return file;
}

bool oneArgument(const QStringList &positional, const char *what)
{
    if (positional.size() == 1)
        return true;
    printError(positional.isEmpty() ? std::string("missing ") + what
                                    : "too many arguments: "
                + umdfx::excerpt(positional.mid(1).join(QLatin1Char(' ')).toStdString()));
    return false;
}

// A trace file's marks as the printer wants them: note by sequence number.
std::map<std::uint64_t, std::string> notesOf(const umdfx::trace::TraceFile &file)
{
    std::map<std::uint64_t, std::string> notes;
    for (const auto &m : file.marks)
        notes.emplace(m.seq, m.note);
    return notes;
}

Format formatOf(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("jsonl")))
        return Format::Jsonl;
    if (parser.isSet(QStringLiteral("golden")))
        return Format::Golden;
    return Format::Text;
}

} // namespace

int commandShow(const QStringList &positional, const QCommandLineParser &parser)
{
    if (!oneArgument(positional, "trace file (umdfctl show FILE)"))
        return ExitBadInput;
    // --filter: the explorer's filter language (core/trace/tracequery.h), checked before the file
    // is read.
    umdfx::trace::TraceQuery query;
    if (parser.isSet(QStringLiteral("filter"))) {
        const std::string text = parser.value(QStringLiteral("filter")).toStdString();
        auto parsed = umdfx::trace::TraceQuery::parse(text);
        if (auto *err = std::get_if<umdfx::trace::TraceQuery::Error>(&parsed)) {
            printError("--filter:" + std::to_string(err->position + 1) + ": " + err->message);
            return ExitBadInput;
        }
        query = std::get<umdfx::trace::TraceQuery>(std::move(parsed));
    }
    bool damaged = false;
    const auto file = openTrace(positional.first(), damaged);
    if (!file)
        return ExitBadInput;
    const Format format = formatOf(parser);
    const bool markedOnly = parser.isSet(QStringLiteral("marked"));
    if (format == Format::Golden && (!query.isEmpty() || markedOnly)) {
        printError(std::string(markedOnly ? "--marked" : "--filter")
            + " and --golden do not go together (golden lines nest whole calls)");
        return ExitBadInput;
    }
    const auto notes = notesOf(*file);
    TracePrinter printer(*file->store, format);
    printer.setNotes(&notes);
    const umdfx::trace::TraceStore &store = *file->store;
    printer.flush([&](const umdfx::trace::TraceRecord &r) {
        return (!markedOnly || notes.count(r.seq)) && query.matches(store, r);
    });
    printer.finish();
    std::fflush(stdout);
    return damaged ? ExitDamaged : ExitOk;
}

int commandReplay(const QStringList &positional)
{
    if (!oneArgument(positional, "trace file (umdfctl replay FILE)"))
        return ExitBadInput;
    bool damaged = false;
    const auto file = openTrace(positional.first(), damaged);
    if (!file)
        return ExitBadInput;
    const auto result = umdfx::replayTrace(*file, umdfx::builtinDrivers());
    if (result.error) {
        printError(*result.error);
        return ExitBadInput;
    }
    if (result.compared == 0) {
        // Comparing nothing is not a match: a file without records proves nothing about the
        // run. Status 3 when the file is cut off or damaged (that is why it holds none), else 1,
        // as for traces that differ.
        printError(positional.first().toStdString()
            + ": the trace holds no records: nothing to compare, so the replay cannot match ("
            + umdfx::trace::withThousands(result.replayed) + " records replayed)");
        return damaged ? ExitDamaged : ExitFailed;
    }
    std::printf("%s\n", result.summary.c_str());
    if (!result.matches) {
        std::printf(
            "  recorded: %s\n  replayed: %s\n", result.expected.c_str(), result.actual.c_str());
        return damaged ? ExitDamaged : ExitFailed;
    }
    return damaged ? ExitDamaged : ExitOk;
}

int commandDiff(const QStringList &positional, const QCommandLineParser &parser)
{
    if (positional.size() != 2) {
        printError("diff compares two trace files: umdfctl diff A B");
        return ExitBadInput;
    }
    // --ignore-arg: checked before the files are read.
    umdfx::DiffOptions options;
    for (const QString &value : parser.values(QStringLiteral("ignore-arg"))) {
        const std::string key = value.toStdString();
        if (key == "*") {
            options.compareArgs = false;
            continue;
        }
        const bool word = !key.empty() && key.front() != '.' && key.back() != '.'
            && std::count(key.begin(), key.end(), '.') <= 1
            && std::all_of(key.begin(), key.end(), [](char ch) {
                   return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.';
               });
        if (!word) {
            printError("--ignore-arg: '" + umdfx::excerpt(key)
                + "' is not an argument key (KEY, Method.KEY, or * for all arguments)");
            return ExitBadInput;
        }
        options.ignoredArgs.push_back(key);
    }
    bool damaged = false;
    const auto a = openTrace(positional[0], damaged);
    const auto b = a ? openTrace(positional[1], damaged) : std::nullopt;
    if (!a || !b)
        return ExitBadInput;
    const auto c = umdfx::compareTraces(*a->store, *b->store, options);
    for (const auto &line :
        umdfx::unifiedDiff(c, positional[0].toStdString(), positional[1].toStdString()))
        std::printf("%s\n", line.c_str());
    std::printf("%s\n", umdfx::diffSummary(c).c_str());
    if (damaged)
        return ExitDamaged;
    return c.identical ? ExitOk : ExitFailed;
}

int commandExport(const QStringList &positional, const QCommandLineParser &parser)
{
    if (!oneArgument(positional, "trace file (umdfctl export FILE --format F -o OUT)"))
        return ExitBadInput;
    const QString format = parser.value(QStringLiteral("format"));
    const QString output = parser.value(QStringLiteral("output"));
    if (format.isEmpty() || output.isEmpty()) {
        printError("export needs --format chrome|perfetto|ctf|jsonl|text and -o OUT");
        return ExitBadInput;
    }
    const bool timeline
        = format == QStringLiteral("chrome") || format == QStringLiteral("perfetto");
    if (!timeline && format != QStringLiteral("ctf") && format != QStringLiteral("jsonl")
        && format != QStringLiteral("text")) {
        printError("unknown export format '" + umdfx::excerpt(format.toStdString())
            + "' (chrome, perfetto, ctf, jsonl, text)");
        return ExitBadInput;
    }
    bool damaged = false;
    const auto file = openTrace(positional.first(), damaged);
    if (!file)
        return ExitBadInput;
    const int done = damaged ? ExitDamaged : ExitOk;
    const std::string out = output.toStdString();
    if (format == QStringLiteral("ctf")) {
        // A directory: metadata and stream (CTF 1.8). An existing one is never written over:
        // like an output that cannot be created, bad input.
        if (auto err = umdfx::trace::writeCtfTrace(*file->store, out)) {
            printError(*err);
            return ExitBadInput;
        }
        return done;
    }
    // Written beside the target and renamed over it: a failed export leaves no half file.
    const std::string temporary = out + ".part";
    if (timeline) {
        std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
        if (!stream) {
            printError(out + ": cannot create");
            return ExitBadInput;
        }
        if (format == QStringLiteral("chrome"))
            umdfx::trace::writeChromeTrace(*file->store, stream);
        else
            umdfx::trace::writePerfettoTrace(*file->store, stream);
        stream.close();
        if (!stream) {
            std::remove(temporary.c_str());
            printError(out + ": cannot write");
            return ExitBadInput;
        }
    } else {
        std::FILE *f = std::fopen(temporary.c_str(), "wb");
        if (!f) {
            printError(out + ": cannot create");
            return ExitBadInput;
        }
        TracePrinter printer(
            *file->store, format == QStringLiteral("jsonl") ? Format::Jsonl : Format::Text, f);
        const auto notes = notesOf(*file);
        printer.setNotes(&notes);
        printer.finish();
        if (std::fclose(f) != 0) {
            std::remove(temporary.c_str());
            printError(out + ": cannot write");
            return ExitBadInput;
        }
    }
    if (std::rename(temporary.c_str(), out.c_str()) != 0) {
        std::remove(temporary.c_str());
        printError(out + ": cannot write");
        return ExitBadInput;
    }
    return done;
}

} // namespace umdfctl
