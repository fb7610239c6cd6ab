#include "widgets/views/icons.h"

#include "resources/qt/qtresources.h"

#include <QFile>
#include <QHash>

namespace umdfx::gui {

QIcon themeIcon(const QString &name)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(name);
    if (it != cache.end())
        return *it;
    const QString path
        = QString::fromLatin1(resources::iconPrefix()) + name + QStringLiteral(".svg");
    QIcon icon = QFile::exists(path) ? QIcon(path) : QIcon();
    cache.insert(name, icon);
    return icon;
}

QString deviceStateIconName(const QString &state, bool hostFailed)
{
    if (hostFailed || state == QLatin1String("host-failed"))
        return QStringLiteral("device-host-failed");
    if (state == QLatin1String("started"))
        return QStringLiteral("device-started");
    if (state == QLatin1String("removed"))
        return QStringLiteral("device-disabled");
    if (state == QLatin1String("surprise-removed") || state == QLatin1String("not-present"))
        return QStringLiteral("device-surprise-removed");
    if (state == QLatin1String("start-failed") || state == QLatin1String("no-driver"))
        return QStringLiteral("device-problem");
    // not-started, starting, query-remove, removing, query-stop, stopped (a rebalance)
    return QStringLiteral("device-stopped");
}

QIcon deviceStateIcon(const QString &state, bool hostFailed)
{
    return themeIcon(deviceStateIconName(state, hostFailed));
}

} // namespace umdfx::gui
