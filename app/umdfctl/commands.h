#pragma once

#include <QStringList>

namespace umdfctl {

// The same for every command (README "Exit status"; umdfctl --help):
//   0 success;
//   1 an action or expect failed, a run limit was reached, a host hung (run); the traces differ
//     (replay, diff);
//   2 bad input: nothing usable to work on (a command line, scenario, action script or trace
//     file that cannot be used, a driver module that does not exist, an export output that
//     cannot be created or written);
//   3 a trace file was damaged or cut off: it was read up to the damage, the command did its work
//     on what was read, and standard error says where (show, export, replay, diff). It outranks
//     1: a replay or diff of a damaged file differs for that reason first.
enum ExitStatus { ExitOk = 0, ExitFailed = 1, ExitBadInput = 2, ExitDamaged = 3 };

// Parses the command line and runs one command; returns the process exit status.
int runCommandLine(const QStringList &arguments);

} // namespace umdfctl
