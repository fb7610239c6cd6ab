// core/common/boundedread: what a user names is read up to its limit, checked while reading, and
// FIFOs, devices and directories are refused without blocking.
#include "core/common/boundedread.h"

#include <QtTest/QtTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

class tst_BoundedRead : public QObject
{
    Q_OBJECT
private slots:
    void regularFiles_data();
    void regularFiles();
    void refusedKinds_data();
    void refusedKinds();
    void fifoWithoutWriterDoesNotBlock();
    void deviceReadStopsAtTheLimit();
    void sizeText_data();
    void sizeText();

private:
    QTemporaryDir m_dir;
};

void tst_BoundedRead::regularFiles_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("limit");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("error");
    QTest::addRow("empty") << 0 << 16 << true << QString();
    QTest::addRow("below the limit") << 15 << 16 << true << QString();
    QTest::addRow("exactly the limit") << 16 << 16 << true << QString();
    QTest::addRow("one byte over")
        << 17 << 16 << false << "larger than the 16 bytes a test file may have; read stopped there";
    QTest::addRow("a MiB limit, far over")
        << (3 << 20) << (1 << 20) << false
        << "larger than the 1 MiB a test file may have; read stopped there";
    QTest::addRow("many blocks, within") << (1 << 20) + 5 << (2 << 20) << true << QString();
}

void tst_BoundedRead::regularFiles()
{
    QFETCH(int, size);
    QFETCH(int, limit);
    QFETCH(bool, ok);
    QFETCH(QString, error);
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("f%1").arg(size));
    QByteArray bytes(size, 'x');
    for (int i = 0; i < size; ++i)
        bytes[i] = char('a' + i % 26);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(bytes), qint64(size));
    }
    std::string out = "left over", why;
    const bool read
        = umdfx::readBoundedFile(path.toStdString(), std::size_t(limit), "a test file", out, why);
    QCOMPARE(read, ok);
    if (ok) {
        QCOMPARE(QByteArray::fromStdString(out), bytes);
        QVERIFY(why.empty());
    } else {
        QCOMPARE(QString::fromStdString(why), error);
        QVERIFY(out.empty()); // nothing half-read is handed on
    }
}

void tst_BoundedRead::refusedKinds_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("error");
    QTest::addRow("a directory") << QStringLiteral("/tmp")
                                 << QStringLiteral("it is a directory, not a regular file");
    QTest::addRow("a character device") << QStringLiteral(
        "/dev/zero") << QStringLiteral("it is a character device, not a regular file");
    QTest::addRow("missing") << QStringLiteral("/nonexistent/x.json")
                             << QStringLiteral("cannot open: No such file or directory");
}

void tst_BoundedRead::refusedKinds()
{
    QFETCH(QString, path);
    QFETCH(QString, error);
    std::string out, why;
    QVERIFY(!umdfx::readBoundedFile(path.toStdString(), 1 << 20, "a test file", out, why));
    QCOMPARE(QString::fromStdString(why), error);
    why.clear();
    QCOMPARE(umdfx::openRegularFile(path.toStdString(), why), -1);
    QCOMPARE(QString::fromStdString(why), error);
}

void tst_BoundedRead::fifoWithoutWriterDoesNotBlock()
{
    // An ordinary open() of a FIFO for reading waits for a writer: for ever, here.
    QVERIFY(m_dir.isValid());
    const std::string fifo = m_dir.filePath(QStringLiteral("fifo")).toStdString();
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    const auto start = std::chrono::steady_clock::now();
    std::string out, why;
    QVERIFY(!umdfx::readBoundedFile(fifo, 1 << 20, "a test file", out, why));
    QCOMPARE(QString::fromStdString(why), QStringLiteral("it is a FIFO, not a regular file"));
    QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

void tst_BoundedRead::deviceReadStopsAtTheLimit()
{
    // A descriptor with no end (standard input from /dev/zero) is read one byte past the limit
    // and no further (umdfctl's test runs this under prlimit --as).
    const int fd = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
    QVERIFY(fd >= 0);
    std::string out, why;
    const bool ok = umdfx::readBoundedDescriptor(fd, 16u << 20, "an action script", out, why);
    ::close(fd);
    QVERIFY(!ok);
    QCOMPARE(QString::fromStdString(why),
        QStringLiteral("larger than the 16 MiB an action script may have; read stopped there"));
    QVERIFY(out.empty());
    QVERIFY(out.capacity() < (1u << 20)); // the bytes read are given back
}

void tst_BoundedRead::sizeText_data()
{
    QTest::addColumn<qulonglong>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addRow("1") << 1ull << "1 byte";
    QTest::addRow("1000") << 1000ull << "1000 bytes";
    QTest::addRow("4 KiB") << 4096ull << "4 KiB";
    QTest::addRow("16 MiB") << qulonglong(16u << 20) << "16 MiB";
    QTest::addRow("2 GiB") << (2ull << 30) << "2 GiB";
    QTest::addRow("not round") << qulonglong((16u << 20) + 1) << "16777217 bytes";
}

void tst_BoundedRead::sizeText()
{
    QFETCH(qulonglong, bytes);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(umdfx::byteSizeText(bytes)), text);
}

QTEST_APPLESS_MAIN(tst_BoundedRead)
#include "tst_boundedread.moc"
