// umdfctl: run UMDF Explorer scenarios headless and capture their traces.
//
//   umdfctl run [SCENARIO] [--actions FILE|-] [--jsonl|--text|--golden]
//   umdfctl tree [SCENARIO]
//   umdfctl interfaces [SCENARIO]
//   umdfctl scenarios
//
// Exit status: 0 every action ran and every expect held; 1 one failed; 2 bad input.

#include "app/umdfctl/commands.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("umdfctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(UMDFX_VERSION));
    return umdfctl::runCommandLine(QCoreApplication::arguments());
}
