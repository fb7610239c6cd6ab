#pragma once

#include "core/trace/tracefile.h"

#include <QString>

#include <memory>
#include <variant>

namespace umdfx::gui {

// A trace file opened in the explorer (File > Open trace): what the reader recovered, shared by
// the views that show it read-only and by the replay that rebuilds its device trees.
// Plain value; any thread once made.
struct LoadedTrace
{
    QString path;
    std::shared_ptr<const trace::TraceFile> file;

    bool isValid() const { return file != nullptr; }
    // The records, sharing the file's lifetime.
    std::shared_ptr<const trace::TraceStore> store() const;
    QString fileName() const;
    // The reader's one line when the file was damaged or cut off ("x.umdftrace: chunk 12 at
    // offset 0x3f00: checksum mismatch; 11 chunks (45,056 records) read"); "" when complete.
    QString problem() const;
    // Saved with Help > Save bug report (it has report.* metadata).
    bool isBugReport() const;
    QString meta(const std::string &key) const; // "" when absent
};

// Reads a trace file as hostile input (tracefile.h): the trace, or why it was refused. Blocks for
// as long as the file takes to read: call it on a job thread.
std::variant<LoadedTrace, QString> loadTraceFile(const QString &path);

} // namespace umdfx::gui
