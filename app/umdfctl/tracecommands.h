#pragma once
// The commands that work on captured trace files (.umdftrace): show, replay, diff, export.

#include <QCommandLineParser>
#include <QStringList>

namespace umdfctl {

int commandShow(const QStringList &positional, const QCommandLineParser &parser);
int commandReplay(const QStringList &positional);
int commandDiff(const QStringList &positional, const QCommandLineParser &parser);
int commandExport(const QStringList &positional, const QCommandLineParser &parser);

} // namespace umdfctl
