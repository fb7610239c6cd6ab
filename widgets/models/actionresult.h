#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace umdfx::gui {

// What one action line came to, as the simulation worker reports it: a plain value copied from
// the worker's thread to the GUI thread (InteractiveSession::Outcome in Qt types).
struct ActionResult
{
    quint64 ticket = 0; // SimulationBridge::submit()'s number for the line
    QString line; // as submitted
    QString canonical; // formatAction() of it: what a script replays
    QString app; // "app1"
    QString verb; // "open", "write", ...
    QString handle; // the handle the line names ("" = none)
    bool parsed = false; // false: refused, nothing ran (message says why)
    bool ok = false; // the runner performed it
    bool cancelled = false; // dropped from the queue before it ran
    QString message;
    bool madeWin32Call = false; // the fields below are this line's Win32 result
    bool returned = true; // false: the synchronous call is still blocked in the driver
    bool result = false; // the BOOL (CreateFile: a valid handle)
    quint32 error = 0; // GetLastError()
    quint64 bytes = 0; // bytes transferred
    QByteArray data; // what a read or an IOCTL returned
    qint64 firstRecord = 0; // the line's trace records are [firstRecord, endRecord)
    qint64 endRecord = 0;
    qint64 virtualTimeBefore = 0; // ns
    qint64 virtualTimeAfter = 0; // ns
    // The knob maxRecords when the run stood stopped at it after this line (0: it did not);
    // `record-limit N` raises it and lets the run go on.
    quint64 recordLimitReached = 0;

    // As Windows shows it: "TRUE, 5 bytes transferred", "FALSE, GetLastError() = 2
    // ERROR_FILE_NOT_FOUND", "handle h1 opened", or why the line did not run.
    QString summary() const;
    // "2 ERROR_FILE_NOT_FOUND"
    QString errorText() const;
    // Whether it succeeded as a person would judge it (ran, and any Win32 call returned TRUE or
    // is pending as overlapped I/O is).
    bool succeeded() const;
};

} // namespace umdfx::gui

Q_DECLARE_METATYPE(umdfx::gui::ActionResult)
