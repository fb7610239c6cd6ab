#pragma once

#include <QStringList>

namespace umdfctl {

enum ExitStatus { ExitOk = 0, ExitFailed = 1, ExitBadInput = 2 };

// Parses the command line and runs one command; returns the process exit status.
int runCommandLine(const QStringList &arguments);

} // namespace umdfctl
