#include "widgets/models/comparedtraces.h"

namespace umdfx::gui {

std::variant<ComparedTraces, QString> compareTraceFiles(const LoadedTrace &knownA,
    const QString &pathA, const QString &pathB, const DiffOptions &options, JobProgress &progress)
{
    progress.total = 5;
    const QString cancelled = QStringLiteral("cancelled");
    ComparedTraces out;
    const auto load = [&](const QString &path, LoadedTrace &into) -> QString {
        auto read = loadTraceFile(path);
        if (auto *error = std::get_if<QString>(&read))
            return *error;
        into = std::get<LoadedTrace>(std::move(read));
        return {};
    };
    if (knownA.isValid()) {
        out.a = knownA;
    } else if (QString error = load(pathA, out.a); !error.isEmpty()) {
        return error;
    }
    progress.done = 1;
    if (progress.cancelled())
        return cancelled;
    if (QString error = load(pathB, out.b); !error.isEmpty())
        return error;
    progress.done = 2;
    if (progress.cancelled())
        return cancelled;
    auto linesA = diffLines(*out.a.store(), options);
    progress.done = 3;
    if (progress.cancelled())
        return cancelled;
    auto linesB = diffLines(*out.b.store(), options);
    progress.done = 4;
    if (progress.cancelled())
        return cancelled;
    out.comparison = std::make_shared<const TraceComparison>(
        compareLines(std::move(linesA), std::move(linesB), options));
    progress.done = 5;
    return out;
}

} // namespace umdfx::gui
