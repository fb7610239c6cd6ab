// umdf-explorer: the UMDF Explorer desktop application.

#include "app/explorer/comparecontroller.h"
#include "app/explorer/mainwindow.h"

#include "widgets/views/icons.h"
#include "widgets/views/palette.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("UMDF Explorer"));
    QApplication::setOrganizationName(QStringLiteral("umdf-explorer"));
    QApplication::setApplicationVersion(QStringLiteral(UMDFX_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("umdf-explorer"));
    QApplication::setWindowIcon(umdfx::gui::themeIcon(QStringLiteral("app")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Explore UMDF 1 device stacks: the PnP tree, the application side and the trace."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
        QStringLiteral("A scenario file or embedded:NAME (default: the embedded default), or a "
                       ".umdftrace trace file to show read-only."));
    const QCommandLineOption actions(QStringLiteral("actions"),
        QStringLiteral("Run this action script once the scenario is up."), QStringLiteral("file"));
    const QCommandLineOption noClock(QStringLiteral("no-clock"),
        QStringLiteral("Start with virtual time paused (it moves only with advance actions)."));
    const QCommandLineOption ready(QStringLiteral("ready-file"),
        QStringLiteral("Write this file once the startup script has run."), QStringLiteral("file"));
    const QCommandLineOption settingsFile(QStringLiteral("settings"),
        QStringLiteral("Keep the window layout in this INI file instead of the user's settings."),
        QStringLiteral("file"));
    const QCommandLineOption select(QStringLiteral("select"),
        QStringLiteral("Select the first trace record this filter matches once the startup "
                       "script has run."),
        QStringLiteral("filter"));
    const QCommandLineOption dark(QStringLiteral("dark"),
        QStringLiteral("Use a dark palette (Fusion style) whatever the desktop's theme."));
    const QCommandLineOption breakpoint(QStringLiteral("break"),
        QStringLiteral("Stop before this callback: OnWrite, IQueueCallbackWrite::OnWrite, "
                       "device:ROOT\\ECHO\\0000, finding, finding:V5 (repeatable)."),
        QStringLiteral("breakpoint"));
    const QCommandLineOption sequence(QStringLiteral("sequence"),
        QStringLiteral("Show the sequence diagram rather than the trace table."));
    const QCommandLineOption lesson(QStringLiteral("lesson"),
        QStringLiteral("Start this guided lesson: its number (1, 2, ...) or its id "
                       "(02-s2-open-write-close); its scenario replaces the one given."),
        QStringLiteral("lesson"));
    const QCommandLineOption compare(QStringLiteral("compare"),
        QStringLiteral("Compare the .umdftrace given with this one (File > Compare with…)."),
        QStringLiteral("trace"));
    parser.addOptions({ actions, noClock, ready, settingsFile, select, dark, breakpoint, sequence,
        lesson, compare });
    parser.process(app);

    umdfx::gui::ExplorerOptions options;
    for (const QString &arg : parser.positionalArguments()) {
        if (arg.endsWith(QLatin1String(".umdftrace"), Qt::CaseInsensitive))
            options.traceFile = arg;
        else
            options.scenario = arg;
    }
    options.actionsFile = parser.value(actions);
    options.readyFile = parser.value(ready);
    options.realTimeClock = !parser.isSet(noClock);
    options.select = parser.value(select);
    options.breakpoints = parser.values(breakpoint);
    options.showSequence = parser.isSet(sequence);
    options.lesson = parser.value(lesson);
    if (parser.isSet(dark))
        umdfx::gui::applyDarkPalette(app);

    std::unique_ptr<QSettings> settings = parser.isSet(settingsFile)
        ? std::make_unique<QSettings>(parser.value(settingsFile), QSettings::IniFormat)
        : std::make_unique<QSettings>();
    umdfx::gui::MainWindow window(settings.get(), options);
    window.show();
    if (parser.isSet(compare)) {
        if (options.traceFile.isEmpty()) {
            std::fprintf(stderr, "umdf-explorer: --compare needs a .umdftrace file to compare\n");
            return 2;
        }
        QTimer::singleShot(0, &window, [&window, a = options.traceFile, b = parser.value(compare)] {
            window.compares()->compare(a, b);
        });
    }
    return app.exec();
}
