#include "widgets/models/loadedtrace.h"

#include <QFileInfo>

namespace umdfx::gui {

std::shared_ptr<const trace::TraceStore> LoadedTrace::store() const
{
    if (!file)
        return {};
    return std::shared_ptr<const trace::TraceStore>(file, file->store.get());
}

QString LoadedTrace::fileName() const
{
    return QFileInfo(path).fileName();
}

QString LoadedTrace::problem() const
{
    if (!file || (file->complete && !file->damage))
        return {};
    return QString::fromStdString(file->summary(fileName().toStdString()));
}

bool LoadedTrace::isBugReport() const
{
    return file && file->info.meta.count("report.format") > 0;
}

QString LoadedTrace::meta(const std::string &key) const
{
    if (!file)
        return {};
    const auto it = file->info.meta.find(key);
    return it == file->info.meta.end() ? QString() : QString::fromStdString(it->second);
}

std::variant<LoadedTrace, QString> loadTraceFile(const QString &path)
{
    auto read = trace::readTraceFile(path.toStdString());
    if (auto *err = std::get_if<std::string>(&read))
        return QString::fromStdString(*err);
    LoadedTrace loaded;
    loaded.path = path;
    loaded.file
        = std::make_shared<const trace::TraceFile>(std::get<trace::TraceFile>(std::move(read)));
    return loaded;
}

} // namespace umdfx::gui
