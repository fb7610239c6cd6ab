#include "widgets/models/actiontext.h"

#include <QObject>
#include <QRegularExpression>

namespace umdfx::gui {

QString actionWord(const QString &w)
{
    bool plain = !w.isEmpty() && !w.startsWith(u'#') && !w.startsWith(u'"');
    for (QChar c : w)
        plain = plain && !c.isSpace() && c != u'"';
    if (plain)
        return w;
    QString q = w;
    q.replace(QLatin1String("\\"), QLatin1String("\\\\"))
        .replace(QLatin1String("\""), QLatin1String("\\\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString actionTextData(const QString &text)
{
    QString out = QStringLiteral("\"");
    const QByteArray utf8 = text.toUtf8();
    QByteArray run; // printable bytes, kept as UTF-8
    const auto flush = [&] {
        out += QString::fromUtf8(run);
        run.clear();
    };
    for (char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        const char *esc = nullptr;
        switch (ch) {
        case '\\':
            esc = "\\\\";
            break;
        case '"':
            esc = "\\\"";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\0':
            esc = "\\0";
            break;
        default:
            break;
        }
        if (esc) {
            flush();
            out += QLatin1String(esc);
        } else if (c < 0x20 || c == 0x7f) {
            flush();
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
        } else {
            run.append(ch);
        }
    }
    flush();
    return out + QLatin1Char('"');
}

QString actionHexData(const QString &hex, QString *error)
{
    QString digits;
    QString s = hex.trimmed();
    if (s.startsWith(QLatin1String("hex:"), Qt::CaseInsensitive))
        s = s.mid(4);
    for (const QString &part :
        s.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts)) {
        QString p = part;
        if (p.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
            p = p.mid(2);
        digits += p;
    }
    for (QChar c : digits) {
        if (!c.isDigit() && !(c.toLower() >= u'a' && c.toLower() <= u'f')) {
            if (error)
                *error = QObject::tr("'%1' is not a hex digit").arg(c);
            return {};
        }
    }
    if (digits.size() % 2) {
        if (error)
            *error = QObject::tr("odd number of hex digits: bytes take two each");
        return {};
    }
    return QStringLiteral("hex:") + digits.toLower();
}

} // namespace umdfx::gui
