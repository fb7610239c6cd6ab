#include "widgets/models/snapshotlistmodels.h"

#include "widgets/models/knownguids.h"

namespace umdfx::gui {

namespace {
QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

HandleListModel::HandleListModel(QObject *parent)
    : RowListModel(
        { tr("Handle"), tr("Application"), tr("HANDLE"), tr("Device"), tr("State"), tr("Path") },
        parent)
{ }

void HandleListModel::setSnapshot(const DeviceTreeSnapshot *snapshot)
{
    std::vector<Row> rows;
    if (snapshot) {
        for (const ApplicationSnapshot &a : snapshot->applications) {
            for (const HandleSnapshot &h : a.handles) {
                Row r;
                const QString app = qs(a.name);
                const QString value = QStringLiteral("0x%1").arg(h.value, 0, 16);
                r.key = app + QLatin1Char('/') + value;
                const QString state
                    = h.pending ? tr("%n request(s) pending", nullptr, int(h.pending)) : tr("open");
                r.cells = QStringList { h.name.empty() ? QStringLiteral("-") : qs(h.name), app,
                    value, qs(h.instanceId),
                    state + (h.overlapped ? tr(", overlapped") : QString()), qs(h.path) };
                r.roles.insert(HandleNameRole, qs(h.name));
                r.roles.insert(AppRole, app);
                r.roles.insert(ValueRole, qulonglong(h.value));
                r.roles.insert(PathRole, qs(h.path));
                r.roles.insert(InstanceIdRole, qs(h.instanceId));
                r.roles.insert(PendingRole, int(h.pending));
                r.roles.insert(OverlappedRole, h.overlapped);
                rows.push_back(std::move(r));
            }
        }
    }
    setRows(std::move(rows));
}

int HandleListModel::rowForHandle(const QString &app, const QString &name) const
{
    for (int i = 0; i < rowCount(); ++i) {
        const Row &r = rowAt(i);
        if (r.roles.value(AppRole).toString() == app
            && r.roles.value(HandleNameRole).toString() == name)
            return i;
    }
    return -1;
}

InterfaceListModel::InterfaceListModel(QObject *parent)
    : RowListModel(
        { tr("Interface class"), tr("Reference"), tr("Device"), tr("Symbolic link") }, parent)
{ }

void InterfaceListModel::setSnapshot(const DeviceTreeSnapshot *snapshot)
{
    std::vector<Row> rows;
    if (snapshot) {
        for (const DeviceSnapshot &d : snapshot->devices) {
            for (const InterfaceSnapshot &i : d.interfaces) {
                if (!i.enabled)
                    continue;
                Row r;
                r.key = qs(i.symbolicLink);
                const auto friendly = guidFriendlyName(i.interfaceClass);
                r.cells = QStringList { friendly.empty()
                        ? qs(i.interfaceClass)
                        : QString::fromUtf8(friendly.data(), qsizetype(friendly.size())),
                    i.hasReference ? qs(i.reference) : tr("(none)"), qs(d.instanceId),
                    qs(i.symbolicLink) };
                r.roles.insert(SymbolicLinkRole, qs(i.symbolicLink));
                r.roles.insert(InterfaceClassRole, qs(i.interfaceClass));
                r.roles.insert(ReferenceRole, qs(i.reference));
                r.roles.insert(HasReferenceRole, i.hasReference);
                r.roles.insert(InstanceIdRole, qs(d.instanceId));
                rows.push_back(std::move(r));
            }
        }
    }
    setRows(std::move(rows));
}

ThreadListModel::ThreadListModel(QObject *parent)
    : RowListModel({ tr("Thread"), tr("State"), tr("Waiting on"), tr("Kind"), tr("Host") }, parent)
{ }

void ThreadListModel::setSnapshot(const DeviceTreeSnapshot *snapshot)
{
    std::vector<Row> rows;
    if (snapshot) {
        for (const ThreadSnapshot &t : snapshot->threads) {
            Row r;
            r.key = qs(t.name);
            QString wait = qs(t.waitingOn);
            if (t.wakeAtNs >= 0)
                wait += tr(" until %1 s").arg(double(t.wakeAtNs) / 1e9, 0, 'f', 3);
            r.cells = QStringList { qs(t.name), qs(t.state), wait,
                t.kind == "dispatcher"        ? tr("dispatcher")
                    : t.kind == "thread pool" ? tr("thread pool")
                                              : tr("driver thread"),
                qs(t.host) };
            r.roles.insert(StateRole, qs(t.state));
            r.roles.insert(WakeAtRole, qlonglong(t.wakeAtNs));
            rows.push_back(std::move(r));
        }
    }
    setRows(std::move(rows));
}

} // namespace umdfx::gui
