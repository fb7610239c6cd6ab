#pragma once

#include "widgets/models/recordtext.h"

#include "core/trace/tracestore.h"

#include <QAbstractItemModel>
#include <QByteArray>
#include <QStringList>

#include <vector>

namespace umdfx::gui {

// What the inspector lists: every field of one trace record (the record itself, its result with
// the HRESULT decoded, its arguments, the documentation of its method) or of one device-tree
// item, as sections of (field, value) rows. Buffer arguments carry their bytes for a hex view;
// rows that name another record (the paired call/return) carry its index.
// Threads: GUI thread (asserted in every mutator). Ownership: copies what it shows.
class InspectorModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { FieldColumn, ValueColumn, ColumnCount };
    enum Role {
        BytesRole = Qt::UserRole + 1, // QByteArray: a buffer argument's kept bytes
        LinkedRecordRole, // qint64: a record this row names, -1 = none
        UrlRole, // QString: a documentation link
        SectionRole // bool: a section header row
    };

    explicit InspectorModel(QObject *parent = nullptr);

    void clear();
    void showRecord(const trace::TraceStore &store, qint64 record, const CallPairs *pairs);
    // Rows of {name, value} QStringLists (DeviceTreeModel::PropertiesRole).
    void showProperties(const QString &title, const QVariantList &properties);

    qint64 record() const { return m_record; } // -1 when not showing a record
    // The first buffer shown (the hex view's default), empty if none.
    QByteArray firstBuffer() const;
    // The value of a field, searched in every section; "" if absent (tests, copy).
    QString value(const QString &field) const;

    QModelIndex index(
        int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Item
    {
        QString field;
        QString value;
        QString toolTip;
        QByteArray bytes;
        qint64 linkedRecord = -1;
        QString url;
    };
    struct Section
    {
        QString title;
        std::vector<Item> items;
    };
    void setSections(std::vector<Section> sections, qint64 record);

    std::vector<Section> m_sections;
    qint64 m_record = -1;
};

} // namespace umdfx::gui
