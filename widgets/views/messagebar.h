#pragma once

#include <QFrame>
#include <QList>

class QAction;
class QHBoxLayout;
class QLabel;
class QToolButton;

namespace umdfx::gui {

// A message shown inline above what it is about (KDE's KMessageWidget idea, Qt Creator's info
// bars): an icon, one or two lines of text, the buttons that act on it, and a close button. Used
// for what a person must see without a dialog in the way: "Viewing capture.umdftrace (read-only)
// — Back to the live simulation", a damaged trace file's message, the debugger's stop with the
// pending callback. Colours are blended from the palette, so it reads in dark themes too.
// Threads: GUI thread. Ownership: the actions are not owned (buttons are made for them).
class MessageBar : public QFrame
{
    Q_OBJECT
public:
    enum class Kind { Information, Positive, Warning, Error, Stopped };

    explicit MessageBar(QWidget *parent = nullptr);

    // Shows the bar with this text (plain text) and one button per action.
    void showMessage(Kind kind, const QString &text, const QList<QAction *> &actions = {});
    void setText(const QString &text);
    QString text() const;
    Kind kind() const { return m_kind; }
    void setCloseButtonVisible(bool visible);

Q_SIGNALS:
    void closed(); // the person closed it

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void setButtons(const QList<QAction *> &actions);
    QColor accent() const;

    Kind m_kind = Kind::Information;
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QHBoxLayout *m_buttons = nullptr;
    QToolButton *m_close = nullptr;
};

} // namespace umdfx::gui
