#pragma once
// Writing a trace out of the explorer: the native file (.umdftrace), the exports real tools open
// (Chrome Trace Event JSON for Perfetto and speedscope, a native Perfetto trace, a CTF 1.8
// directory for babeltrace2 and Trace Compass, JSON Lines, text with umdfctl's fields) and the
// bug report. Every write is
// atomic: the output is written beside the target under another name and renamed over it once it
// is complete, so a failure or a cancel leaves the target as it was and no half file.
//
// Threads: meant to run in a BackgroundJob (any thread); they read the store lock-free and report
// through JobProgress. They write what the store holds when they start (records appended later
// are not part of the output).

#include "widgets/models/backgroundjob.h"

#include "core/scenario/scenario.h"
#include "core/trace/tracefile.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace umdfx::gui {

enum class ExportFormat { Chrome, Perfetto, Ctf, Jsonl, Text };

struct ExportFormatInfo
{
    ExportFormat format;
    QString name; // "Chrome Trace Event JSON (Perfetto, speedscope)"
    QString suffix; // "json", "" for a directory
    QStringList otherSuffixes; // also accepted as they are: "pftrace" beside "perfetto-trace"
    QString filter; // a QFileDialog filter
    bool directory = false;
};
const std::vector<ExportFormatInfo> &exportFormats();

// "" on success, else the error (or "cancelled").
QString exportTrace(const trace::TraceStore &store, ExportFormat format, const QString &path,
    JobProgress &progress);

// The store as a .umdftrace file (TraceFileWriter), written beside `path` and renamed over it.
QString saveTraceFile(const trace::TraceStore &store, const trace::TraceFileInfo &info,
    const QString &path, JobProgress &progress);

// What a person receiving a bug report needs besides the trace (docs/explorer.md "Bug reports").
struct BugReportInput
{
    QString summary; // one line: what went wrong
    QString description; // what was done, what was expected
    QString appVersion; // "0.1.0"
    QString executable; // the running program: the built-in drivers are compiled into it
    QString scenarioName, scenarioFile;
    QByteArray scenarioText;
    std::vector<scenario::DriverSpec> drivers;
    QStringList findings; // one line per verifier finding: "#412 V5 DoubleCompletion: …"
    qint64 records = 0;
    QString source; // "live simulation", "trace file capture.umdftrace"
    std::map<std::string, std::string> baseMeta; // the opened trace's own metadata, kept
};

// The metadata of a bug report: the producer and scenario keys every trace has, and report.*
// keys (format, time, summary, description, versions, OS, executable and scenario SHA-256, each
// driver module with the SHA-256 of what identifies it, the findings). Hashes files: call it on a
// job thread. Errors reading a file are recorded in the report, not raised.
trace::TraceFileInfo bugReportInfo(const BugReportInput &input);

// A bug report: a .umdftrace with the report's metadata, saved with QSaveFile (written aside,
// committed by a rename). A receiver opens it with File > Open trace, or with umdfctl.
QString saveBugReport(const trace::TraceStore &store, const trace::TraceFileInfo &info,
    const QString &path, JobProgress &progress);

// Lower-case hex SHA-256 of a file's bytes; "" and *error when it cannot be read.
QString sha256OfFile(const QString &path, QString *error);

} // namespace umdfx::gui
