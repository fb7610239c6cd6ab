#include "widgets/views/messagebar.h"

#include "widgets/views/icons.h"
#include "widgets/views/palette.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QStyle>
#include <QToolButton>

namespace umdfx::gui {

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBar"));
    m_icon = new QLabel(this);
    m_icon->setObjectName(QStringLiteral("messageBarIcon"));
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("messageBarText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_close = new QToolButton(this);
    m_close->setObjectName(QStringLiteral("messageBarClose"));
    m_close->setAutoRaise(true);
    m_close->setText(QStringLiteral("\u2715"));
    m_close->setToolTip(tr("Close"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->setSpacing(8);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    m_buttons = new QHBoxLayout;
    m_buttons->setSpacing(4);
    layout->addLayout(m_buttons);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, [this] {
        hide();
        Q_EMIT closed();
    });
    hide();
}

void MessageBar::showMessage(Kind kind, const QString &text, const QList<QAction *> &actions)
{
    m_kind = kind;
    const char *icon = "message-info";
    switch (kind) {
    case Kind::Information:
        break;
    case Kind::Positive:
        icon = "result-ok";
        break;
    case Kind::Warning:
        icon = "message-warning";
        break;
    case Kind::Error:
        icon = "result-error";
        break;
    case Kind::Stopped:
        icon = "debug-pause";
        break;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(themeIcon(QString::fromLatin1(icon)).pixmap(size, size));
    m_text->setText(text);
    setButtons(actions);
    show();
    update();
}

void MessageBar::setText(const QString &text)
{
    m_text->setText(text);
}

QString MessageBar::text() const
{
    return m_text->text();
}

void MessageBar::setCloseButtonVisible(bool visible)
{
    m_close->setVisible(visible);
}

void MessageBar::setButtons(const QList<QAction *> &actions)
{
    while (QLayoutItem *item = m_buttons->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (QAction *a : actions) {
        auto *b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setAutoRaise(false);
        m_buttons->addWidget(b);
    }
}

QColor MessageBar::accent() const
{
    switch (m_kind) {
    case Kind::Information:
        return QColor(0x3a, 0x7b, 0xd5);
    case Kind::Positive:
        return QColor(0x2e, 0x9d, 0x5b);
    case Kind::Warning:
        return QColor(0xd9, 0x8b, 0x1f);
    case Kind::Error:
        return QColor(0xd6, 0x45, 0x45);
    case Kind::Stopped:
        return QColor(0xe0, 0xa0, 0x21);
    }
    return QColor(0x3a, 0x7b, 0xd5);
}

void MessageBar::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const QPalette &pal = palette();
    const QColor hue = accent();
    const QRectF box = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    p.setPen(QPen(blend(pal.color(QPalette::Window), hue, 0.75), 1));
    p.setBrush(blend(pal.color(QPalette::Window), hue, isDarkPalette(pal) ? 0.22 : 0.14));
    p.drawRoundedRect(box, 4, 4);
    // A strip of the accent on the left, as the eye finds it first.
    p.setPen(Qt::NoPen);
    p.setBrush(hue);
    p.drawRoundedRect(QRectF(box.left(), box.top(), 4, box.height()), 2, 2);
    QFrame::paintEvent(event);
}

void MessageBar::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        update();
}

} // namespace umdfx::gui
