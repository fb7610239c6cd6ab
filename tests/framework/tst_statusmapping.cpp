// HRESULT -> Win32 error as the application sees it (reference §0.4).
#include "core/win32/statusmapping.h"
#include "core/wudf/wudfstatus.h"

#include <QtTest/QtTest>

class tst_StatusMapping : public QObject
{
    Q_OBJECT
private slots:
    void mapping_data();
    void mapping();
};

void tst_StatusMapping::mapping_data()
{
    QTest::addColumn<quint32>("status");
    QTest::addColumn<quint32>("win32");
    QTest::addColumn<bool>("translatable");
    QTest::addRow("S_OK") << quint32(S_OK) << 0u << true;
    QTest::addRow("S_FALSE is success") << quint32(S_FALSE) << 0u << true;
    QTest::addRow("ERROR_MORE_DATA")
        << quint32(HRESULT_FROM_WIN32(ERROR_MORE_DATA)) << 234u << true;
    QTest::addRow("ERROR_OPERATION_ABORTED") << 0x800703E3u << 995u << true;
    QTest::addRow("E_OUTOFMEMORY is win32-shaped") << quint32(E_OUTOFMEMORY) << 14u << true;
    QTest::addRow("E_INVALIDARG is win32-shaped") << quint32(E_INVALIDARG) << 87u << true;
    QTest::addRow("NT invalid device request")
        << quint32(HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST)) << 1u << true;
    QTest::addRow("NT invalid device state") << 0xD0000184u << 22u << true;
    QTest::addRow("NT not supported") << 0xD00000BBu << 50u << true;
    QTest::addRow("NT cancelled") << quint32(HRESULT_FROM_NT(STATUS_CANCELLED)) << 995u << true;
    QTest::addRow("NT driver process terminated")
        << quint32(HRESULT_FROM_NT(STATUS_DRIVER_PROCESS_TERMINATED)) << 1291u << true;
    QTest::addRow("unmapped NT status")
        << quint32(HRESULT_FROM_NT(STATUS_WDF_PAUSED)) << 317u << true;
    QTest::addRow("E_FAIL cannot be translated") << quint32(E_FAIL) << 31u << false;
    QTest::addRow("bare NTSTATUS is not HRESULT-shaped") << 0xC0000010u << 31u << false;
}

void tst_StatusMapping::mapping()
{
    QFETCH(quint32, status);
    QFETCH(quint32, win32);
    QFETCH(bool, translatable);
    QCOMPARE(umdfx::win32ErrorFromStatus(static_cast<HRESULT>(status)), win32);
    QCOMPARE(umdfx::isTranslatableStatus(static_cast<HRESULT>(status)), translatable);
}

QTEST_APPLESS_MAIN(tst_StatusMapping)
#include "tst_statusmapping.moc"
