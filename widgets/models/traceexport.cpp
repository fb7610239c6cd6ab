#include "widgets/models/traceexport.h"

#include "core/trace/chromeexport.h"
#include "core/trace/ctfexport.h"
#include "core/trace/perfettoexport.h"
#include "core/trace/traceformat.h"
#include "drivers/builtin/builtindrivers.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QUuid>

#include <filesystem>
#include <ostream>
#include <streambuf>
#include <system_error>

namespace umdfx::gui {

namespace {

constexpr qint64 kProgressStep = 4096; // records between progress updates

QString cancelledText()
{
    return QObject::tr("cancelled");
}

// A std::streambuf that writes into a QIODevice (a QSaveFile), counts the bytes into the job's
// progress and fails once the job is cancelled, so that a std::ostream writer stops cheaply.
class DeviceStreamBuf : public std::streambuf
{
public:
    DeviceStreamBuf(QIODevice &device, JobProgress &progress)
        : m_device(device)
        , m_progress(progress)
        , m_buffer(1 << 16)
    {
        setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
    }
    ~DeviceStreamBuf() override { sync(); }
    bool failed() const { return m_failed; }

protected:
    int_type overflow(int_type ch) override
    {
        if (!drain())
            return traits_type::eof();
        if (!traits_type::eq_int_type(ch, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(ch);
            pbump(1);
        }
        return traits_type::not_eof(ch);
    }
    int sync() override { return drain() ? 0 : -1; }

private:
    bool drain()
    {
        if (m_failed)
            return false;
        if (m_progress.cancelled()) {
            m_failed = true;
            return false;
        }
        const qint64 n = pptr() - pbase();
        if (n > 0 && m_device.write(pbase(), n) != n) {
            m_failed = true;
            return false;
        }
        m_progress.done.fetch_add(n, std::memory_order_relaxed);
        setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
        return true;
    }

    QIODevice &m_device;
    JobProgress &m_progress;
    std::vector<char> m_buffer;
    bool m_failed = false;
};

// A timeline export (Chrome JSON, Perfetto) through a std::ostream into a QSaveFile.
template<class Writer>
QString exportStream(const QString &path, JobProgress &progress, Writer write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QObject::tr("%1: %2").arg(path, file.errorString());
    progress.total = 0; // bytes, total unknown
    {
        DeviceStreamBuf buffer(file, progress);
        std::ostream out(&buffer);
        write(out);
        out.flush();
        if (progress.cancelled()) {
            file.cancelWriting();
            return cancelledText();
        }
        if (!out || buffer.failed()) {
            file.cancelWriting();
            return QObject::tr("%1: cannot write: %2").arg(path, file.errorString());
        }
    }
    if (!file.commit())
        return QObject::tr("%1: cannot write: %2").arg(path, file.errorString());
    return {};
}

QString exportLines(
    const trace::TraceStore &store, bool jsonl, const QString &path, JobProgress &progress)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QObject::tr("%1: %2").arg(path, file.errorString());
    const std::size_t n = store.size();
    progress.total = qint64(n);
    std::string chunk;
    chunk.reserve(1 << 20);
    for (std::size_t i = 0; i < n; ++i) {
        const trace::TraceRecord &r = store.at(i);
        chunk += jsonl ? trace::toJsonLine(store, r, false) : trace::toTextLine(store, r);
        chunk += '\n';
        if (chunk.size() >= (1u << 20) || i + 1 == n) {
            if (file.write(chunk.data(), qint64(chunk.size())) != qint64(chunk.size())) {
                file.cancelWriting();
                return QObject::tr("%1: cannot write: %2").arg(path, file.errorString());
            }
            chunk.clear();
        }
        if (i % kProgressStep == 0) {
            progress.done = qint64(i);
            if (progress.cancelled()) {
                file.cancelWriting();
                return cancelledText();
            }
        }
    }
    progress.done = qint64(n);
    if (!file.commit())
        return QObject::tr("%1: cannot write: %2").arg(path, file.errorString());
    return {};
}

// A name beside the target that nothing else uses: "out.json.part-1a2b3c4d".
QString asideName(const QString &path)
{
    return path + QStringLiteral(".part-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
}

bool renameOver(const QString &from, const QString &to, QString *error)
{
    std::error_code ec;
    std::filesystem::rename(from.toStdString(), to.toStdString(), ec); // replaces atomically
    if (ec && error)
        *error = QObject::tr("%1: cannot rename into place: %2")
                     .arg(to, QString::fromStdString(ec.message()));
    return !ec;
}

QString exportCtf(const trace::TraceStore &store, const QString &path, JobProgress &progress)
{
    const QFileInfo target(path);
    if (target.exists() && !target.isDir())
        return QObject::tr("%1 is a file; a CTF trace is a directory").arg(path);
    const QString aside = asideName(path);
    progress.total = 0;
    if (auto err = trace::writeCtfTrace(store, aside.toStdString()))
        return QString::fromStdString(*err);
    if (progress.cancelled()) {
        QDir(aside).removeRecursively();
        return cancelledText();
    }
    // A directory cannot be renamed over a non-empty one: the old one goes aside first, and
    // comes back if the new one cannot take its place.
    QString old;
    if (target.exists() && !QDir(path).isEmpty()) {
        old = asideName(path);
        QString error;
        if (!renameOver(path, old, &error)) {
            QDir(aside).removeRecursively();
            return error;
        }
    } else if (target.exists()) {
        QDir().rmdir(path);
    }
    QString error;
    if (!renameOver(aside, path, &error)) {
        QDir(aside).removeRecursively();
        if (!old.isEmpty())
            renameOver(old, path, nullptr);
        return error;
    }
    if (!old.isEmpty())
        QDir(old).removeRecursively();
    return {};
}

QString writeTraceFileTo(const trace::TraceStore &store, const trace::TraceFileInfo &info,
    const QString &path, JobProgress &progress)
{
    trace::TraceFileWriter writer(store, info);
    progress.total = 0;
    if (auto err = writer.open(path.toStdString()))
        return QString::fromStdString(*err);
    const auto err = writer.close();
    progress.done = qint64(writer.bytesWritten());
    if (err)
        return QString::fromStdString(*err);
    return {};
}

} // namespace

const std::vector<ExportFormatInfo> &exportFormats()
{
    static const std::vector<ExportFormatInfo> formats {
        { ExportFormat::Chrome, QObject::tr("Chrome Trace Event JSON (Perfetto, speedscope)"),
            QStringLiteral("json"), {}, QObject::tr("Chrome Trace Event JSON (*.json)"), false },
        { ExportFormat::Perfetto, QObject::tr("Perfetto trace (Perfetto UI, trace_processor)"),
            QStringLiteral("perfetto-trace"), { QStringLiteral("pftrace") },
            QObject::tr("Perfetto trace (*.perfetto-trace *.pftrace)"), false },
        { ExportFormat::Ctf, QObject::tr("CTF 1.8 directory (babeltrace2, Trace Compass)"),
            QString(), {}, QObject::tr("CTF trace directory (*)"), true },
        { ExportFormat::Jsonl, QObject::tr("JSON Lines (one record per line)"),
            QStringLiteral("jsonl"), {}, QObject::tr("JSON Lines (*.jsonl)"), false },
        { ExportFormat::Text, QObject::tr("Text (as umdfctl show prints it)"),
            QStringLiteral("txt"), {}, QObject::tr("Text (*.txt)"), false },
    };
    return formats;
}

QString exportTrace(
    const trace::TraceStore &store, ExportFormat format, const QString &path, JobProgress &progress)
{
    switch (format) {
    case ExportFormat::Chrome:
        return exportStream(
            path, progress, [&store](std::ostream &out) { trace::writeChromeTrace(store, out); });
    case ExportFormat::Perfetto:
        return exportStream(
            path, progress, [&store](std::ostream &out) { trace::writePerfettoTrace(store, out); });
    case ExportFormat::Ctf:
        return exportCtf(store, path, progress);
    case ExportFormat::Jsonl:
        return exportLines(store, true, path, progress);
    case ExportFormat::Text:
        return exportLines(store, false, path, progress);
    }
    return QObject::tr("unknown export format");
}

QString saveTraceFile(const trace::TraceStore &store, const trace::TraceFileInfo &info,
    const QString &path, JobProgress &progress)
{
    const QString aside = asideName(path);
    QString error = writeTraceFileTo(store, info, aside, progress);
    if (error.isEmpty() && progress.cancelled())
        error = cancelledText();
    if (error.isEmpty())
        renameOver(aside, path, &error);
    if (!error.isEmpty())
        QFile::remove(aside);
    return error;
}

QString saveBugReport(const trace::TraceStore &store, const trace::TraceFileInfo &info,
    const QString &path, JobProgress &progress)
{
    // TraceFileWriter writes to a path of its own; QSaveFile then puts the bytes in place.
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return QObject::tr("cannot create a temporary directory: %1").arg(scratch.errorString());
    const QString temporary = scratch.filePath(QStringLiteral("report.umdftrace"));
    if (QString error = writeTraceFileTo(store, info, temporary, progress); !error.isEmpty())
        return error;
    QFile in(temporary);
    if (!in.open(QIODevice::ReadOnly))
        return QObject::tr("%1: %2").arg(temporary, in.errorString());
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return QObject::tr("%1: %2").arg(path, out.errorString());
    progress.total = in.size();
    progress.done = 0;
    while (!in.atEnd()) {
        const QByteArray block = in.read(1 << 20);
        if (block.isEmpty() && in.error() != QFileDevice::NoError)
            break;
        if (out.write(block) != block.size()) {
            out.cancelWriting();
            return QObject::tr("%1: cannot write: %2").arg(path, out.errorString());
        }
        progress.done += block.size();
        if (progress.cancelled()) {
            out.cancelWriting();
            return cancelledText();
        }
    }
    if (in.error() != QFileDevice::NoError) {
        out.cancelWriting();
        return QObject::tr("%1: %2").arg(temporary, in.errorString());
    }
    if (!out.commit())
        return QObject::tr("%1: cannot write: %2").arg(path, out.errorString());
    return {};
}

QString sha256OfFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = f.errorString();
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f)) {
        if (error)
            *error = f.errorString();
        return {};
    }
    return QString::fromLatin1(hash.result().toHex());
}

trace::TraceFileInfo bugReportInfo(const BugReportInput &in)
{
    trace::TraceFileInfo info;
    info.meta = in.baseMeta;
    auto &m = info.meta;
    const auto put
        = [&m](const std::string &key, const QString &value) { m[key] = value.toStdString(); };
    const QString product = QStringLiteral("umdf-explorer ") + in.appVersion;
    if (!m.count("producer"))
        put("producer", product);
    put("scenario.name", in.scenarioName);
    put("scenario.file", in.scenarioFile);
    info.scenarioText = in.scenarioText.toStdString();

    put("report.format", QStringLiteral("1"));
    put("report.created", QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    put("report.summary", in.summary);
    put("report.description", in.description);
    put("report.app", product);
    put("report.qt", QString::fromLatin1(qVersion()));
    put("report.os",
        QSysInfo::prettyProductName() + QStringLiteral(" (") + QSysInfo::kernelType()
            + QLatin1Char(' ') + QSysInfo::kernelVersion() + QStringLiteral(", ")
            + QSysInfo::currentCpuArchitecture() + QLatin1Char(')'));
    put("report.source", in.source);
    put("report.trace.records", QString::number(in.records));
    put("report.scenario.sha256",
        QString::fromLatin1(
            QCryptographicHash::hash(in.scenarioText, QCryptographicHash::Sha256).toHex()));

    QString exeError;
    const QString exeHash = sha256OfFile(in.executable, &exeError);
    put("report.executable", in.executable);
    put("report.executable.sha256",
        exeHash.isEmpty() ? QStringLiteral("unreadable: ") + exeError : exeHash);

    put("report.drivers", QString::number(in.drivers.size()));
    int n = 0;
    for (const scenario::DriverSpec &d : in.drivers) {
        const std::string key = "report.driver." + std::to_string(++n);
        const QString module = QString::fromStdString(d.module);
        put(key + ".name", QString::fromStdString(d.name));
        put(key + ".module", module);
        if (module.startsWith(QLatin1String("builtin:"))) {
            // A built-in driver is code compiled into the program: what identifies it is the
            // program's own bytes (and the module name it registers under).
            const DriverModule *builtin = builtinDrivers().find(d.module);
            put(key + ".file",
                builtin ? QString::fromStdString(builtin->fileName) : QStringLiteral("(unknown)"));
            put(key + ".sha256", exeHash.isEmpty() ? QStringLiteral("unreadable") : exeHash);
            put(key + ".sha256.of",
                QStringLiteral("the executable %1 (built-in drivers are compiled into it)")
                    .arg(in.executable));
        } else {
            QString error;
            const QString hash = sha256OfFile(module, &error);
            put(key + ".file", QFileInfo(module).fileName());
            put(key + ".sha256", hash.isEmpty() ? QStringLiteral("unreadable: ") + error : hash);
            put(key + ".sha256.of", QStringLiteral("the plugin file %1").arg(module));
        }
    }

    put("report.findings", QString::number(in.findings.size()));
    for (int i = 0; i < in.findings.size(); ++i)
        put("report.finding." + std::to_string(i + 1), in.findings[i]);
    return info;
}

} // namespace umdfx::gui
