#include "widgets/models/traceinfomodel.h"

#include "widgets/models/loadedtrace.h"

#include <QFileInfo>
#include <QLocale>

namespace umdfx::gui {

namespace {

// report.driver.2.sha256 -> "Driver 2 SHA-256"; the fixed keys by name.
QString fieldName(const QString &key)
{
    static const std::pair<const char *, const char *> names[] = {
        { "producer", "Producer" },
        { "scenario.name", "Scenario" },
        { "scenario.file", "Scenario file" },
        { "report.format", "Bug report format" },
        { "report.created", "Reported at (UTC)" },
        { "report.summary", "Summary" },
        { "report.description", "Description" },
        { "report.app", "Application" },
        { "report.qt", "Qt" },
        { "report.os", "System" },
        { "report.source", "Trace of" },
        { "report.trace.records", "Records reported" },
        { "report.scenario.sha256", "Scenario SHA-256" },
        { "report.executable", "Executable" },
        { "report.executable.sha256", "Executable SHA-256" },
        { "report.drivers", "Drivers" },
        { "report.findings", "Verifier findings" },
    };
    for (const auto &[k, n] : names)
        if (key == QLatin1String(k))
            return QObject::tr(n);
    const QStringList parts = key.split(QLatin1Char('.'));
    if (parts.size() >= 4 && parts[0] == QLatin1String("report")
        && parts[1] == QLatin1String("driver")) {
        const QString what = parts.mid(3).join(QLatin1Char('.'));
        static const std::pair<const char *, const char *> fields[]
            = { { "name", "name" }, { "module", "module" }, { "file", "file" },
                  { "sha256", "SHA-256" }, { "sha256.of", "SHA-256 of" } };
        for (const auto &[k, n] : fields)
            if (what == QLatin1String(k))
                return QObject::tr("Driver %1 %2").arg(parts[2], QObject::tr(n));
    }
    if (parts.size() == 3 && parts[0] == QLatin1String("report")
        && parts[1] == QLatin1String("finding"))
        return QObject::tr("Finding %1").arg(parts[2]);
    return key;
}

} // namespace

TraceInfoModel::TraceInfoModel(QObject *parent)
    : RowListModel({ tr("Field"), tr("Value") }, parent)
{ }

void TraceInfoModel::clear()
{
    clearRows();
}

void TraceInfoModel::setTrace(const LoadedTrace &t)
{
    std::vector<Row> rows;
    const auto add = [&rows](const QString &key, const QString &field, const QString &value) {
        rows.push_back(Row { key, { field, value }, {} });
    };
    if (t.file) {
        const QLocale locale;
        add(QStringLiteral("file"), tr("File"), t.path);
        add(QStringLiteral("size"), tr("Size"), locale.formattedDataSize(QFileInfo(t.path).size()));
        add(QStringLiteral("records"), tr("Records"),
            locale.toString(qulonglong(t.file->recordsRead)));
        add(QStringLiteral("chunks"), tr("Chunks read"),
            locale.toString(qulonglong(t.file->chunksRead)));
        add(QStringLiteral("actions"), tr("Actions"),
            locale.toString(qulonglong(t.file->actions.size())));
        add(QStringLiteral("state"), tr("State"),
            t.problem().isEmpty() ? tr("complete (the capture ended cleanly)") : t.problem());
        add(QStringLiteral("version"), tr("Format version"),
            QStringLiteral("%1.%2").arg(t.file->versionMajor).arg(t.file->versionMinor));
        for (const auto &[k, v] : t.file->info.meta) {
            const QString key = QString::fromStdString(k);
            add(QStringLiteral("meta:") + key, fieldName(key), QString::fromStdString(v));
        }
    }
    setRows(std::move(rows));
}

QString TraceInfoModel::value(const QString &field) const
{
    for (int r = 0; r < rowCount(); ++r)
        if (rowAt(r).cells.value(FieldColumn) == field)
            return rowAt(r).cells.value(ValueColumn);
    return {};
}

} // namespace umdfx::gui
