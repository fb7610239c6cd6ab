// umdfctl: run UMDF Explorer scenarios headless and capture their traces.
//
//   umdfctl run [SCENARIO] [--actions FILE|-] [--jsonl|--text|--golden]
//   umdfctl tree [SCENARIO]
//   umdfctl interfaces [SCENARIO]
//   umdfctl scenarios
//
// Exit status (every command; commands.h): 0 success; 1 an action or expect failed, a run limit
// was reached, a host hung, the traces differ; 2 bad input; 3 a trace file was read only up to
// damage.

#include "app/umdfctl/commands.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("umdfctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(UMDFX_VERSION));
    return umdfctl::runCommandLine(QCoreApplication::arguments());
}
