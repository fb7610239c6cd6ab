#pragma once

#include <QMetaType>
#include <QString>

namespace umdfx::gui {

// Where the simulation stands stopped by its debugger (core/host/debugger.h, Debugger::Stop in Qt
// types): before a framework->driver callback (or, for a finding breakpoint, just after the
// finding). A plain value handed from the simulation thread to the GUI thread.
struct DebugStop
{
    bool beforeCallback = true; // false: stopped after a verifier finding
    qint64 seq = -1; // the record to come (or the finding's record); -1 = not stopped
    QString kind, phase; // of that record: "callback", "call"
    QString iface, method, device; // "IQueueCallbackWrite", "OnWrite", "ROOT\ECHO\0000"
    quint32 request = 0; // 0 = none
    QString reason; // "breakpoint OnWrite", "step", "paused", "record 120 reached", …
    // "next: IQueueCallbackWrite::OnWrite on ROOT\ECHO\0000, request 7 (record #41, step)"
    QString description;

    bool isValid() const { return seq >= 0; }
    // "IQueueCallbackWrite::OnWrite"
    QString call() const { return iface + QLatin1String("::") + method; }
};

// What the debugger of the running simulation is doing.
enum class DebugState {
    Running, // no stop asked for: only a breakpoint stops it
    Breaking, // a pause, step, step over or run-to-record was asked for: it stops at the next
              // callback that qualifies
    Stopped // the simulation thread waits, before `DebugStop::seq`
};

} // namespace umdfx::gui

Q_DECLARE_METATYPE(umdfx::gui::DebugStop)
