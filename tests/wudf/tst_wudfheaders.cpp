// Our UMDF 1 declarations against the reference's facts: sizes, IIDs, codes, enum values.
#include "core/wudf/guid.h"
#include "core/wudf/wudfddi.h"

#include <QtTest/QtTest>

#include <set>

class tst_WudfHeaders : public QObject
{
    Q_OBJECT
private slots:
    void sizes();
    void iids_data();
    void iids();
    void iidsAreDistinctAndNamed();
    void statusCodes();
    void enumValues();
    void guidParsing_data();
    void guidParsing();
};

void tst_WudfHeaders::sizes()
{
    QCOMPARE(sizeof(ULONG), std::size_t(4));
    QCOMPARE(sizeof(LONG), std::size_t(4));
    QCOMPARE(sizeof(DWORD), std::size_t(4));
    QCOMPARE(sizeof(BOOL), std::size_t(4));
    QCOMPARE(sizeof(WCHAR), std::size_t(2));
    QCOMPARE(sizeof(GUID), std::size_t(16));
    QCOMPARE(sizeof(SIZE_T), sizeof(void *));
    QCOMPARE(sizeof(LONGLONG), std::size_t(8));
    QCOMPARE(sizeof(WDFMEMORY_OFFSET), 2 * sizeof(ULONG_PTR));
}

void tst_WudfHeaders::iids_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("iid"); // as the reference writes it
    QTest::addRow("IWDFObject") << "IWDFObject"
                                << "64275C66-2E71-4060-B5F4-3A76DF96ED3C";
    QTest::addRow("IWDFDriver") << "IWDFDriver"
                                << "AD368EBE-4139-43e3-A875-69B266A9139C";
    QTest::addRow("IWDFDevice") << "IWDFDevice"
                                << "D657FE45-460A-49c3-8219-766AE8032A80";
    QTest::addRow("IWDFDevice2") << "IWDFDevice2"
                                 << "1B0D07B1-F596-4A76-99B3-B9492AD8DF9F";
    QTest::addRow("IWDFDevice3") << "IWDFDevice3"
                                 << "863D943A-C9CD-4655-A8D6-C84EF411CC0D";
    QTest::addRow("IWDFIoQueue") << "IWDFIoQueue"
                                 << "AE1162B9-8B11-4714-993D-93DC48CC9E8A";
    QTest::addRow("IWDFIoRequest") << "IWDFIoRequest"
                                   << "896DF312-22B4-4a9d-95DD-A364AAF59769";
    QTest::addRow("IWDFIoRequest2") << "IWDFIoRequest2"
                                    << "1B67F4CD-B278-4085-93E7-57970D98B92B";
    QTest::addRow("IWDFFile") << "IWDFFile"
                              << "CC8FE04B-FE8B-4245-AFD6-C31BC830C791";
    QTest::addRow("IWDFMemory") << "IWDFMemory"
                                << "AB098F88-8F16-472a-B0BC-ECA46486C102";
    QTest::addRow("IWDFRemoteTarget") << "IWDFRemoteTarget"
                                      << "d3ddb29d-bb46-48de-901b-96bed7b1d350";
    QTest::addRow("IWDFWorkItem") << "IWDFWorkItem"
                                  << "E3142542-5259-4f20-A1ED-F57055AF9265";
    QTest::addRow("IDriverEntry") << "IDriverEntry"
                                  << "1bec7499-8881-4f2b-b01c-a1a907304afc";
    QTest::addRow("IPnpCallback") << "IPnpCallback"
                                  << "27C32374-CC45-4840-857E-8E5EF7C0EBFF";
    QTest::addRow("IPnpCallbackSelfManagedIo") << "IPnpCallbackSelfManagedIo"
                                               << "D1C9CA4C-46AA-46f8-BD8C-6CA9DEB13340";
    QTest::addRow("IQueueCallbackWrite") << "IQueueCallbackWrite"
                                         << "4888CBC5-3FA2-4ea3-89A3-C20ED6E04778";
    QTest::addRow("IQueueCallbackRead") << "IQueueCallbackRead"
                                        << "C3072620-1DA6-48fb-B4FE-ED652B16AEB2";
    QTest::addRow("IRequestCallbackCancel") << "IRequestCallbackCancel"
                                            << "4E9F1A77-4587-4235-81C4-E6D24545A656";
    QTest::addRow("IFileCallbackCleanup") << "IFileCallbackCleanup"
                                          << "35C5F79C-6D81-4819-AA64-D6A8939D94D6";
    QTest::addRow("IPnpCallbackRemoteInterfaceNotification")
        << "IPnpCallbackRemoteInterfaceNotification"
        << "F9D48F27-BDBE-4A96-AF96-0E53E2A436EC";
    QTest::addRow("IRemoteTargetCallbackRemoval") << "IRemoteTargetCallbackRemoval"
                                                  << "B3A0D163-C4DD-49CC-AED2-FF5205C67CE1";
    QTest::addRow("IUnknown") << "IUnknown"
                              << "00000000-0000-0000-C000-000000000046";
}

void tst_WudfHeaders::iids()
{
    QFETCH(QString, name);
    QFETCH(QString, iid);
    const IID *found = nullptr;
    for (const auto &k : umdfx::wudf::allKnownInterfaces())
        if (name == QLatin1String(k.name))
            found = &k.iid;
    QVERIFY2(found, qPrintable(name));
    QCOMPARE(QString::fromStdString(umdfx::wudf::guidToString(*found)), "{" + iid.toLower() + "}");
    QCOMPARE(QString::fromLatin1(umdfx::wudf::interfaceName(*found)), name);
}

void tst_WudfHeaders::iidsAreDistinctAndNamed()
{
    std::set<std::string> seen;
    for (const auto &k : umdfx::wudf::allKnownInterfaces())
        QVERIFY2(seen.insert(umdfx::wudf::guidToString(k.iid)).second, k.name);
    QVERIFY(seen.size() >= 50);
    QVERIFY(umdfx::wudf::uuidOf<IQueueCallbackWrite>() == IID_IQueueCallbackWrite);
    QVERIFY(umdfx::wudf::uuidOf<IWDFDevice3>() == IID_IWDFDevice3);
    const GUID unknown = { 1, 2, 3, { 4, 5, 6, 7, 8, 9, 10, 11 } };
    QVERIFY(umdfx::wudf::interfaceName(unknown) == nullptr);
}

void tst_WudfHeaders::statusCodes()
{
    QCOMPARE(quint32(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)), 0x80070002u);
    QCOMPARE(quint32(HRESULT_FROM_WIN32(ERROR_MORE_DATA)), 0x800700EAu);
    QCOMPARE(quint32(HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED)), 0x800703E3u);
    QCOMPARE(quint32(HRESULT_FROM_WIN32(ERROR_BAD_CONFIGURATION)), 0x8007064Au);
    QCOMPARE(quint32(HRESULT_FROM_WIN32(ERROR_INVALID_OPERATION)), 0x800710DDu);
    QCOMPARE(HRESULT_FROM_WIN32(0), S_OK);
    QCOMPARE(quint32(HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE)), 0xD0000184u);
    QCOMPARE(quint32(HRESULT_FROM_NT(STATUS_WDF_PAUSED)), 0xD0200203u);
    QCOMPARE(E_INVALIDARG, HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER));
    QCOMPARE(E_NOT_SUFFICIENT_BUFFER, HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    QCOMPARE(quint32(E_NOINTERFACE), 0x80004002u);
    QCOMPARE(quint32(CLASS_E_CLASSNOTAVAILABLE), 0x80040111u);
    QVERIFY(FAILED(E_FAIL) && SUCCEEDED(S_FALSE));
}

void tst_WudfHeaders::enumValues()
{
    QCOMPARE(int(WdfDeviceLevel), 1);
    QCOMPARE(int(WdfIoQueueDispatchManual), 3);
    QCOMPARE(int(WdfIoQueuePnpHeld), 0x10);
    QCOMPARE(int(WdfRequestWrite), 4);
    QCOMPARE(int(WdfRequestDeviceIoControl), 5);
    QCOMPARE(int(WdfRequestStopRequestCancelable), 0x10000000);
    QCOMPARE(int(WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET), 8);
    QCOMPARE(int(WdfIoTargetClosedForQueryRemove), 3);
    QCOMPARE(int(WdfTrue), 2);
    QCOMPARE(int(WdfPowerDeviceD3Final), 5);
    QCOMPARE(int(WdfEventBroadcast), 1);
    QCOMPARE(int(WdfPropertyStoreOpenedExistingStore), 2);
    QCOMPARE(int(PowerDeviceD3), 4);
    QCOMPARE(Microsoft_WDF_UMDF_Version.MinorNumber, 11u);
    WUDF_WORKITEM_CONFIG cfg;
    WUDF_WORKITEM_CONFIG_INIT(&cfg, nullptr);
    QCOMPARE(cfg.AutomaticSerialization, TRUE);
    QCOMPARE(cfg.Size, ULONG(sizeof(WUDF_WORKITEM_CONFIG)));
}

void tst_WudfHeaders::guidParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addRow("braces, upper") << "{CDC35B6E-0BE4-4936-BF5F-5537380A7C1A}" << true;
    QTest::addRow("no braces") << "cdc35b6e-0be4-4936-bf5f-5537380a7c1a" << true;
    QTest::addRow("one brace") << "{cdc35b6e-0be4-4936-bf5f-5537380a7c1a" << false;
    QTest::addRow("bad digit") << "{cdc35b6e-0be4-4936-bf5f-5537380a7c1g}" << false;
    QTest::addRow("dash misplaced") << "{cdc35b6e0-be4-4936-bf5f-5537380a7c1a}" << false;
    QTest::addRow("empty") << "" << false;
}

void tst_WudfHeaders::guidParsing()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto g = umdfx::wudf::parseGuid(text.toStdString());
    QCOMPARE(g.has_value(), valid);
    if (valid)
        QCOMPARE(QString::fromStdString(umdfx::wudf::guidToString(*g)),
            QStringLiteral("{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}"));
}

QTEST_APPLESS_MAIN(tst_WudfHeaders)
#include "tst_wudfheaders.moc"
