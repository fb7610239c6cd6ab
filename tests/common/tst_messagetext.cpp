// core/common/messagetext: what a message shows of user text, and the article of a computed word.
#include "core/common/messagetext.h"

#include <QtTest/QtTest>

class tst_MessageText : public QObject
{
    Q_OBJECT
private slots:
    void excerpt_data();
    void excerpt();
    void hugeWordIsCheap();
    void withArticle_data();
    void withArticle();
};

void tst_MessageText::excerpt_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("max");
    QTest::addColumn<QByteArray>("shown");
    QTest::addRow("plain") << QByteArray("write") << 80 << QByteArray("write");
    QTest::addRow("a NUL does not cut it")
        << QByteArray("wr\0te", 5) << 80 << QByteArray("wr\\0te");
    QTest::addRow("control characters")
        << QByteArray("a\nb\tc\rd\x01\x7f") << 80 << QByteArray("a\\nb\\tc\\rd\\x01\\x7f");
    QTest::addRow("exactly the limit") << QByteArray("abcd") << 4 << QByteArray("abcd");
    QTest::addRow("over the limit") << QByteArray("abcde") << 4 << QByteArray("abcd\u2026");
    QTest::addRow("UTF-8 counts characters, never cut")
        << QByteArray("\xc3\xa9\xc3\xa9\xc3\xa9") << 2 << QByteArray("\xc3\xa9\xc3\xa9\u2026");
    QTest::addRow("invalid UTF-8 shown as bytes")
        << QByteArray("\xff\xc3") << 80 << QByteArray("\\xff\\xc3");
    QTest::addRow("an escape counts as one character")
        << QByteArray("\0\0\0", 3) << 2 << QByteArray("\\0\\0\u2026");
}

void tst_MessageText::excerpt()
{
    QFETCH(QByteArray, text);
    QFETCH(int, max);
    QFETCH(QByteArray, shown);
    QCOMPARE(QByteArray::fromStdString(umdfx::excerpt(
                 std::string_view(text.constData(), std::size_t(text.size())), std::size_t(max))),
        shown);
}

void tst_MessageText::hugeWordIsCheap()
{
    // A 5 MB word: 80 characters and the ellipsis, not 5 MB, and not a pass over all of it.
    const std::string word(5 * 1024 * 1024, 'x');
    QElapsedTimer timer;
    timer.start();
    const std::string shown = umdfx::excerpt(word);
    QVERIFY(timer.elapsed() < 100);
    QCOMPARE(shown, std::string(80, 'x') + "\u2026");
}

void tst_MessageText::withArticle_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("phrase");
    QTest::addRow("interface") << "IWDFDevice"
                               << "an IWDFDevice";
    QTest::addRow("unknown") << "unknown"
                             << "an unknown";
    QTest::addRow("End") << "End"
                         << "an End";
    QTest::addRow("Records") << "Records"
                             << "a Records";
    QTest::addRow("Meta") << "Meta"
                          << "a Meta";
}

void tst_MessageText::withArticle()
{
    QFETCH(QString, word);
    QFETCH(QString, phrase);
    QCOMPARE(QString::fromStdString(umdfx::withArticle(word.toStdString())), phrase);
}

QTEST_APPLESS_MAIN(tst_MessageText)
#include "tst_messagetext.moc"
