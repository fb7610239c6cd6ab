#include "widgets/models/devicetreemodel.h"

#include "widgets/models/knownguids.h"
#include "widgets/models/threadcheck.h"

#include <QSet>

#include <functional>

namespace umdfx::gui {

struct DeviceTreeModel::Node
{
    NodeKind kind = ComputerNode;
    QString key;
    QString name;
    QString details;
    QString instanceId;
    QString state;
    QString problem;
    QString interfaceClass;
    QString reference;
    bool hasReference = false;
    QString symbolicLink;
    uint objectId = 0;
    bool checkable = false;
    bool checked = false;
    bool hostFailed = false;
    QVariantList properties;
    Node *parent = nullptr; // not owned
    std::vector<std::unique_ptr<Node>> children;

    int row() const
    {
        if (!parent)
            return 0;
        for (std::size_t i = 0; i < parent->children.size(); ++i)
            if (parent->children[i].get() == this)
                return int(i);
        return 0;
    }
    Node *add(std::unique_ptr<Node> child)
    {
        child->parent = this;
        children.push_back(std::move(child));
        return children.back().get();
    }
    bool sameData(const Node &o) const
    {
        return kind == o.kind && name == o.name && details == o.details && state == o.state
            && problem == o.problem && symbolicLink == o.symbolicLink && checked == o.checked
            && objectId == o.objectId && hostFailed == o.hostFailed && properties == o.properties
            && interfaceClass == o.interfaceClass && reference == o.reference;
    }
    void takeData(const Node &o)
    {
        name = o.name;
        details = o.details;
        instanceId = o.instanceId;
        state = o.state;
        problem = o.problem;
        interfaceClass = o.interfaceClass;
        reference = o.reference;
        hasReference = o.hasReference;
        symbolicLink = o.symbolicLink;
        objectId = o.objectId;
        checkable = o.checkable;
        checked = o.checked;
        hostFailed = o.hostFailed;
        properties = o.properties;
    }
};

namespace {

using Node = DeviceTreeModel::Node;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

void prop(Node &n, const QString &name, const QString &value)
{
    n.properties.append(QVariant(QStringList { name, value }));
}

QString yesNo(bool b)
{
    return b ? QStringLiteral("yes") : QStringLiteral("no");
}

// "started" -> "Started"; state words are the PnP manager's (deviceStateName()).
QString stateLabel(const std::string &state)
{
    QString s = qs(state);
    s.replace(u'-', u' ');
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

QString queueStateText(std::uint32_t bits)
{
    // WDF_IO_QUEUE_STATE: WdfIoQueueAcceptRequests 0x1, WdfIoQueueDispatchRequests 0x2,
    // WdfIoQueueNoRequests 0x4, WdfIoQueueDriverNoRequests 0x8, WdfIoQueuePnpHeld 0x10.
    QStringList parts;
    if (bits & 0x1)
        parts << QStringLiteral("accepting");
    if (bits & 0x2)
        parts << QStringLiteral("dispatching");
    if (bits & 0x10)
        parts << QStringLiteral("held by PnP");
    return parts.isEmpty() ? QStringLiteral("stopped") : parts.join(QStringLiteral(", "));
}

std::unique_ptr<Node> layerNode(
    const DeviceSnapshot &d, std::size_t i, const DriverLayerSnapshot &l)
{
    auto n = std::make_unique<Node>();
    n->kind = DeviceTreeModel::DriverNode;
    n->key = QStringLiteral("drv:%1:%2").arg(i).arg(qs(l.name));
    n->instanceId = qs(d.instanceId);
    n->name = qs(l.name);
    n->objectId = l.deviceObject;
    if (l.deviceObject) {
        n->details = (l.fileName.empty() ? qs(l.module)
                                         : qs(l.fileName) + QStringLiteral(" (") + qs(l.module)
                                 + QStringLiteral(")"))
            + QStringLiteral(" \u00b7 device object #%1").arg(l.deviceObject);
        n->state = QStringLiteral("loaded");
    } else {
        n->details = qs(l.module) + QStringLiteral(" \u00b7 not loaded");
        n->state = QStringLiteral("not loaded");
    }
    prop(*n, QStringLiteral("Service name"), qs(l.name));
    prop(*n, QStringLiteral("Module"), qs(l.module));
    prop(*n, QStringLiteral("Driver file"),
        l.fileName.empty() ? QStringLiteral("-") : qs(l.fileName));
    prop(*n, QStringLiteral("Stack position"),
        i == 0 ? QStringLiteral("%1 (lowest)").arg(i) : QString::number(i));
    prop(*n, QStringLiteral("IWDFDevice object"),
        l.deviceObject ? QStringLiteral("#%1").arg(l.deviceObject)
                       : QStringLiteral("none (not loaded)"));
    prop(*n, QStringLiteral("Framework objects"), QString::number(l.objects.size()));
    for (const ObjectSnapshot &o : l.objects)
        prop(*n, QStringLiteral("  #%1").arg(o.id),
            QStringLiteral("%1, parent #%2, %3 reference(s), %4%5")
                .arg(qs(o.type))
                .arg(o.parent)
                .arg(o.refCount)
                .arg(qs(o.lifecycle), o.hasContext ? QStringLiteral(", context") : QString()));

    for (const QueueSnapshot &q : l.queues) {
        auto c = std::make_unique<Node>();
        c->kind = DeviceTreeModel::QueueNode;
        c->key = QStringLiteral("q:%1").arg(q.id);
        c->instanceId = n->instanceId;
        c->objectId = q.id;
        c->name = QStringLiteral("Queue #%1").arg(q.id)
            + (q.isDefault ? QStringLiteral(" (default)") : QString());
        c->details = qs(q.dispatchType)
            + (q.powerManaged ? QStringLiteral(", power-managed") : QString())
            + QStringLiteral(" \u00b7 %1 queued \u00b7 %2 in driver").arg(q.queued).arg(q.inDriver);
        c->state = queueStateText(q.state);
        prop(*c, QStringLiteral("IWDFIoQueue object"), QStringLiteral("#%1").arg(q.id));
        prop(*c, QStringLiteral("Default queue"), yesNo(q.isDefault));
        prop(*c, QStringLiteral("Dispatch type"), qs(q.dispatchType));
        prop(*c, QStringLiteral("Power-managed"), yesNo(q.powerManaged));
        prop(*c, QStringLiteral("Allows zero-length requests"), yesNo(q.allowZeroLength));
        prop(*c, QStringLiteral("Requests queued"), QString::number(q.queued));
        prop(*c, QStringLiteral("Requests in the driver"), QString::number(q.inDriver));
        prop(*c, QStringLiteral("State (WDF_IO_QUEUE_STATE)"),
            QStringLiteral("0x%1 %2").arg(q.state, 2, 16, QLatin1Char('0')).arg(c->state));
        n->add(std::move(c));
    }
    for (const FileSnapshot &f : l.files) {
        auto c = std::make_unique<Node>();
        c->kind = DeviceTreeModel::FileNode;
        c->key = QStringLiteral("f:%1").arg(f.id);
        c->instanceId = n->instanceId;
        c->objectId = f.id;
        c->name = QStringLiteral("File #%1 %2")
                      .arg(f.id)
                      .arg(f.name.empty() ? QStringLiteral("(no file name)") : qs(f.name));
        c->details = QStringLiteral("open \u00b7 kernel file %1").arg(f.kernelFile);
        prop(*c, QStringLiteral("IWDFFile object"), QStringLiteral("#%1").arg(f.id));
        prop(*c, QStringLiteral("File name (RetrieveFileName)"),
            f.name.empty() ? QStringLiteral("\"\"") : qs(f.name));
        prop(*c, QStringLiteral("Kernel file object"), QString::number(f.kernelFile));
        n->add(std::move(c));
    }
    for (const RemoteInterfaceSnapshot &ri : l.remoteInterfaces) {
        auto c = std::make_unique<Node>();
        c->kind = DeviceTreeModel::RemoteInterfaceNode;
        c->key = QStringLiteral("ri:%1").arg(ri.id);
        c->instanceId = n->instanceId;
        c->objectId = ri.id;
        c->interfaceClass = qs(ri.interfaceClass);
        c->symbolicLink = qs(ri.symbolicLink);
        const auto friendly = guidFriendlyName(ri.interfaceClass);
        c->name = QStringLiteral("Remote interface #%1 %2")
                      .arg(ri.id)
                      .arg(friendly.empty()
                              ? c->interfaceClass
                              : QString::fromUtf8(friendly.data(), qsizetype(friendly.size())));
        c->details = c->symbolicLink;
        prop(*c, QStringLiteral("IWDFRemoteInterface object"), QStringLiteral("#%1").arg(ri.id));
        prop(*c, QStringLiteral("Interface class"), qs(guidWithName(ri.interfaceClass)));
        prop(*c, QStringLiteral("Symbolic link"), c->symbolicLink);
        n->add(std::move(c));
    }
    for (const RemoteTargetSnapshot &rt : l.remoteTargets) {
        auto c = std::make_unique<Node>();
        c->kind = DeviceTreeModel::RemoteTargetNode;
        c->key = QStringLiteral("rt:%1").arg(rt.id);
        c->instanceId = n->instanceId;
        c->objectId = rt.id;
        c->state = qs(rt.state);
        c->symbolicLink = qs(rt.path);
        c->name = QStringLiteral("Remote target #%1").arg(rt.id);
        c->details = stateLabel(rt.state)
            + (rt.path.empty() ? QStringLiteral(" \u00b7 never opened")
                               : QStringLiteral(" \u00b7 ") + c->symbolicLink);
        prop(*c, QStringLiteral("IWDFRemoteTarget object"), QStringLiteral("#%1").arg(rt.id));
        prop(*c, QStringLiteral("State (WDF_IO_TARGET_STATE)"), qs(rt.state));
        prop(*c, QStringLiteral("Opened on"),
            rt.path.empty() ? QStringLiteral("-") : c->symbolicLink);
        prop(*c, QStringLiteral("Holds a file on the target"), yesNo(rt.fileOpen));
        n->add(std::move(c));
    }
    return n;
}

std::unique_ptr<Node> deviceNode(const DeviceTreeSnapshot &tree, std::size_t index)
{
    const DeviceSnapshot &d = tree.devices[index];
    auto n = std::make_unique<Node>();
    n->kind = DeviceTreeModel::DeviceNode;
    n->key = QStringLiteral("dev:") + qs(d.instanceId);
    n->instanceId = qs(d.instanceId);
    n->name = d.description.empty() ? n->instanceId : qs(d.description);
    n->state = qs(d.state);
    n->problem = qs(d.problem);
    n->hostFailed = d.hostFailed;
    n->details = stateLabel(d.state) + QStringLiteral(" \u00b7 ") + n->instanceId;
    if (!d.problem.empty())
        n->details += QStringLiteral(" \u00b7 ") + n->problem;
    prop(*n, QStringLiteral("Device instance ID"), n->instanceId);
    prop(*n, QStringLiteral("Description"), qs(d.description));
    prop(*n, QStringLiteral("Hardware IDs"), [&] {
        QStringList ids;
        for (const auto &h : d.hardwareIds)
            ids << qs(h);
        return ids.join(QStringLiteral(", "));
    }());
    prop(*n, QStringLiteral("Enumerator"), qs(d.enumerator));
    prop(*n, QStringLiteral("PnP state"), stateLabel(d.state));
    prop(*n, QStringLiteral("Device power state"),
        d.powerState.empty() ? QStringLiteral("none") : qs(d.powerState));
    prop(*n, QStringLiteral("Problem"), d.problem.empty() ? QStringLiteral("none") : n->problem);
    prop(*n, QStringLiteral("Driver host"), d.host.empty() ? QStringLiteral("none") : qs(d.host));
    prop(*n, QStringLiteral("Host failed"), yesNo(d.hostFailed));
    prop(*n, QStringLiteral("Host restarts"), QString::number(d.hostRestarts));
    prop(*n, QStringLiteral("Driver stack (lowest first)"), [&] {
        QStringList names;
        for (const auto &l : d.stack)
            names << qs(l.name);
        return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(" \u2192 "));
    }());

    for (std::size_t i = 0; i < d.stack.size(); ++i)
        n->add(layerNode(d, i, d.stack[i]));
    for (const InterfaceSnapshot &i : d.interfaces) {
        auto c = std::make_unique<Node>();
        c->kind = DeviceTreeModel::InterfaceNode;
        c->key = QStringLiteral("if:") + qs(i.interfaceClass)
            + (i.hasReference ? QStringLiteral("\\") + qs(i.reference) : QString());
        c->instanceId = n->instanceId;
        c->interfaceClass = qs(i.interfaceClass);
        c->hasReference = i.hasReference;
        c->reference = qs(i.reference);
        c->symbolicLink = qs(i.symbolicLink);
        c->checkable = true;
        c->checked = i.enabled;
        c->state = i.enabled ? QStringLiteral("enabled") : QStringLiteral("disabled");
        const auto friendly = guidFriendlyName(i.interfaceClass);
        c->name
            = (friendly.empty() ? c->interfaceClass
                                : QString::fromUtf8(friendly.data(), qsizetype(friendly.size())))
            + (i.hasReference ? QStringLiteral(" \\") + c->reference : QString());
        c->details = (i.enabled ? QString() : QStringLiteral("disabled \u00b7 ")) + c->symbolicLink;
        prop(*c, QStringLiteral("Interface class"), qs(guidWithName(i.interfaceClass)));
        prop(*c, QStringLiteral("Reference string"),
            i.hasReference ? c->reference : QStringLiteral("(none)"));
        prop(*c, QStringLiteral("Symbolic link"), c->symbolicLink);
        prop(*c, QStringLiteral("Enabled (AssignDeviceInterfaceState)"), yesNo(i.enabled));
        n->add(std::move(c));
    }
    for (std::size_t child : d.children)
        n->add(deviceNode(tree, child));
    return n;
}

std::unique_ptr<Node> buildTree(const DeviceTreeSnapshot *tree)
{
    auto root = std::make_unique<Node>();
    auto computer = std::make_unique<Node>();
    computer->kind = DeviceTreeModel::ComputerNode;
    computer->key = QStringLiteral("root");
    computer->name = QStringLiteral("HTREE\\ROOT\\0");
    computer->details = QStringLiteral("root enumerator");
    prop(*computer, QStringLiteral("Device instance ID"), computer->name);
    prop(*computer, QStringLiteral("Devices"), QString::number(tree ? tree->devices.size() : 0));
    if (tree) {
        for (std::size_t r : tree->roots)
            computer->add(deviceNode(*tree, r));
    }
    root->add(std::move(computer));
    return root;
}

} // namespace

DeviceTreeModel::DeviceTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(buildTree(nullptr))
{ }

DeviceTreeModel::~DeviceTreeModel() = default;

void DeviceTreeModel::setSnapshot(std::shared_ptr<const DeviceTreeSnapshot> snapshot)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    m_snapshot = std::move(snapshot);
    std::unique_ptr<Node> fresh = buildTree(m_snapshot.get());
    merge(m_root.get(), *fresh, QModelIndex());
}

void DeviceTreeModel::merge(Node *old, Node &fresh, const QModelIndex &oldIndex)
{
    if (old != m_root.get() && !old->sameData(fresh)) {
        old->takeData(fresh);
        Q_EMIT dataChanged(oldIndex, oldIndex.siblingAtColumn(ColumnCount - 1));
    }
    QSet<QString> freshKeys;
    for (const auto &c : fresh.children)
        freshKeys.insert(c->key);
    // Rows that are gone, in runs from the end (one signal per run).
    for (int i = int(old->children.size()) - 1; i >= 0;) {
        if (freshKeys.contains(old->children[std::size_t(i)]->key)) {
            --i;
            continue;
        }
        int first = i;
        while (first > 0 && !freshKeys.contains(old->children[std::size_t(first - 1)]->key))
            --first;
        beginRemoveRows(oldIndex, first, i);
        old->children.erase(old->children.begin() + first, old->children.begin() + i + 1);
        endRemoveRows();
        i = first - 1;
    }
    // What stays is a subsequence of the fresh children unless something moved.
    std::size_t o = 0;
    for (std::size_t f = 0; f < fresh.children.size(); ++f) {
        Node &fc = *fresh.children[f];
        if (o < old->children.size() && old->children[o]->key == fc.key) {
            Node *oc = old->children[o].get();
            merge(oc, fc, index(int(o), 0, oldIndex));
            ++o;
            continue;
        }
        bool movedLater = false;
        for (std::size_t k = o + 1; k < old->children.size(); ++k)
            movedLater = movedLater || old->children[k]->key == fc.key;
        if (movedLater) {
            // The order changed (never expected from one simulation): replace the rest.
            beginRemoveRows(oldIndex, int(o), int(old->children.size()) - 1);
            old->children.erase(old->children.begin() + std::ptrdiff_t(o), old->children.end());
            endRemoveRows();
        }
        beginInsertRows(oldIndex, int(o), int(o));
        std::unique_ptr<Node> taken = std::move(fresh.children[f]);
        taken->parent = old;
        old->children.insert(old->children.begin() + std::ptrdiff_t(o), std::move(taken));
        endInsertRows();
        ++o;
    }
}

DeviceTreeModel::Node *DeviceTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex DeviceTreeModel::indexFor(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), column, const_cast<Node *>(node));
}

QModelIndex DeviceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node *p = nodeFor(parent);
    return createIndex(row, column, p->children[std::size_t(row)].get());
}

QModelIndex DeviceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *n = nodeFor(child);
    return indexFor(n->parent);
}

int DeviceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int DeviceTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant DeviceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == NameColumn ? n->name : n->details;
    case Qt::ToolTipRole:
        return n->details.isEmpty() ? n->name : n->name + QLatin1Char('\n') + n->details;
    case Qt::CheckStateRole:
        if (n->checkable && index.column() == NameColumn)
            return n->checked ? Qt::Checked : Qt::Unchecked;
        return {};
    case NodeKindRole:
        return int(n->kind);
    case KeyRole:
        return n->key;
    case InstanceIdRole:
        return n->instanceId;
    case StateRole:
        return n->state;
    case ProblemRole:
        return n->problem;
    case InterfaceClassRole:
        return n->interfaceClass;
    case ReferenceRole:
        return n->reference;
    case HasReferenceRole:
        return n->hasReference;
    case SymbolicLinkRole:
        return n->symbolicLink;
    case ObjectIdRole:
        return n->objectId;
    case HostFailedRole:
        return n->hostFailed;
    case PropertiesRole:
        return n->properties;
    default:
        return {};
    }
}

bool DeviceTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!index.isValid() || role != Qt::CheckStateRole)
        return false;
    const Node *n = nodeFor(index);
    if (!n->checkable || m_readOnly)
        return false;
    const bool enable = value.toInt() == Qt::Checked;
    if (enable == n->checked)
        return false;
    Q_EMIT interfaceStateRequested(
        n->instanceId, n->interfaceClass, n->hasReference, n->reference, enable);
    return true;
}

Qt::ItemFlags DeviceTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (m_readOnly)
        return f; // a tree replayed from a trace file: it shows, it does not act
    if (nodeFor(index)->checkable && index.column() == NameColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant DeviceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Device") : tr("Details");
}

QModelIndex DeviceTreeModel::indexForPath(const QStringList &keys) const
{
    const Node *n = m_root.get();
    for (const QString &k : keys) {
        const Node *next = nullptr;
        for (const auto &c : n->children)
            if (c->key == k)
                next = c.get();
        if (!next)
            return {};
        n = next;
    }
    return indexFor(n);
}

QModelIndex DeviceTreeModel::deviceIndex(const QString &instanceId) const
{
    const QString key = QStringLiteral("dev:") + instanceId;
    std::function<const Node *(const Node *)> find = [&](const Node *n) -> const Node * {
        for (const auto &c : n->children) {
            if (c->key.compare(key, Qt::CaseInsensitive) == 0)
                return c.get();
            if (const Node *f = find(c.get()))
                return f;
        }
        return nullptr;
    };
    return indexFor(find(m_root.get()));
}

QString DeviceTreeModel::treeString() const
{
    std::function<QString(const Node *)> print = [&](const Node *n) {
        QString s = n->name;
        if (!n->children.empty()) {
            QStringList parts;
            for (const auto &c : n->children)
                parts << print(c.get());
            s += QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
        }
        return s;
    };
    return m_root->children.empty() ? QString() : print(m_root->children.front().get());
}

} // namespace umdfx::gui
