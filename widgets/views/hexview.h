#pragma once

#include <QAbstractScrollArea>
#include <QByteArray>

namespace umdfx::gui {

// A read-only hex/ASCII view of a buffer: offset, 16 bytes in hex, the same bytes as ASCII
// ('.' for what is not printable). Click and drag (or Shift+click) selects bytes; Ctrl+C copies
// them as hex. Painted line by line, only what is visible.
// Threads: GUI thread. Ownership: copies the bytes (buffers are at most the trace's byte cap).
class HexView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit HexView(QWidget *parent = nullptr);

    void setData(const QByteArray &data);
    QByteArray data() const { return m_data; }
    // "68 65 6c 6c 6f" for the selection (all bytes when nothing is selected).
    QString selectedHex() const;
    QSize sizeHint() const override;

Q_SIGNALS:
    void selectionChanged(qsizetype first, qsizetype count);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    qsizetype byteAt(const QPoint &pos) const;
    void updateScrollBars();
    int lineHeight() const;
    int charWidth() const;

    QByteArray m_data;
    qsizetype m_anchor = -1;
    qsizetype m_cursor = -1;
};

} // namespace umdfx::gui
