#include "widgets/views/palette.h"

#include <QApplication>
#include <QStyleFactory>

namespace umdfx::gui {

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor blend(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
        float(a.greenF() + (b.greenF() - a.greenF()) * t),
        float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QColor kindHue(trace::Kind kind)
{
    switch (kind) {
    case trace::Kind::Win32:
        return QColor(0x3a, 0x7b, 0xd5);
    case trace::Kind::Callback:
        return QColor(0x2e, 0x9d, 0x5b);
    case trace::Kind::Ddi:
        return QColor(0x8e, 0x5c, 0xc2);
    case trace::Kind::Pnp:
        return QColor(0xd9, 0x8b, 0x1f);
    case trace::Kind::Notify:
        return QColor(0x1f, 0xa5, 0xa5);
    case trace::Kind::Verifier:
        return QColor(0xd6, 0x45, 0x45);
    case trace::Kind::Host:
        return QColor(0x9a, 0x74, 0x52);
    case trace::Kind::Action:
        return QColor(0xc9, 0xa4, 0x00);
    case trace::Kind::Log:
        return QColor(0x80, 0x80, 0x80);
    }
    return QColor(0x80, 0x80, 0x80);
}

QColor kindBackground(trace::Kind kind, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    // Findings and actions stand out more: they are what a person scans the trace for.
    qreal amount = dark ? 0.16 : 0.10;
    if (kind == trace::Kind::Verifier)
        amount = dark ? 0.38 : 0.26;
    else if (kind == trace::Kind::Action)
        amount = dark ? 0.26 : 0.20;
    return blend(palette.color(QPalette::Base), kindHue(kind), amount);
}

QColor failureText(const QPalette &palette)
{
    return isDarkPalette(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xb4, 0x1c, 0x1c);
}

QColor successText(const QPalette &palette)
{
    return isDarkPalette(palette) ? QColor(0x7e, 0xe7, 0x87) : QColor(0x1a, 0x7f, 0x37);
}

QColor quietText(const QPalette &palette)
{
    return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
}

void applyDarkPalette(QApplication &app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xdc, 0xdf, 0xe4);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x27, 0x2b));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8f, 0x98));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x5d, 0x9a));
    p.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x70, 0x78));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x70, 0x78));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6b, 0x70, 0x78));
    app.setPalette(p);
}

} // namespace umdfx::gui
