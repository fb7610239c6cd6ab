#pragma once
// wudfddi.h for UMDF 1 driver sources built on Linux: the UMDF 1 interfaces of core/wudf (names,
// method order, parameter types and IIDs as UMDF 1.11 has them), plus what the Windows header
// adds that driver code relies on: __uuidof() of every interface (the attributes below, generated
// from core/wudf/wudfiids.h), the IID_* names, and the Windows base environment.
#include "core/compat/rpcndr.h"
#include "core/compat/umdfx_compat.h"
#include "core/wudf/wudfddi.h"

struct __declspec(uuid("64275C66-2E71-4060-B5F4-3A76DF96ED3C")) IWDFObject;
struct __declspec(uuid("AD368EBE-4139-43E3-A875-69B266A9139C")) IWDFDriver;
struct __declspec(uuid("74CC381C-0871-43C1-878B-3F7C9D16933D")) IWDFDeviceInitialize;
struct __declspec(uuid("424C00BA-FCD0-4C52-BD4A-6C5D3EC0DFD9")) IWDFDeviceInitialize2;
struct __declspec(uuid("D657FE45-460A-49C3-8219-766AE8032A80")) IWDFDevice;
struct __declspec(uuid("1B0D07B1-F596-4A76-99B3-B9492AD8DF9F")) IWDFDevice2;
struct __declspec(uuid("863D943A-C9CD-4655-A8D6-C84EF411CC0D")) IWDFDevice3;
struct __declspec(uuid("AE1162B9-8B11-4714-993D-93DC48CC9E8A")) IWDFIoQueue;
struct __declspec(uuid("896DF312-22B4-4A9D-95DD-A364AAF59769")) IWDFIoRequest;
struct __declspec(uuid("1B67F4CD-B278-4085-93E7-57970D98B92B")) IWDFIoRequest2;
struct __declspec(uuid("92795040-B8AA-487A-B110-B80EBBD40B44")) IWDFIoRequest3;
struct __declspec(uuid("707A2B42-69B8-4971-A49C-4031861E7AFF")) IWDFRequestCompletionParams;
struct __declspec(uuid("723D4F3C-7722-4C49-99AE-195937BD9582")) IWDFIoRequestCompletionParams;
struct __declspec(uuid("CC8FE04B-FE8B-4245-AFD6-C31BC830C791")) IWDFFile;
struct __declspec(uuid("97893137-CE7F-4918-BC43-A91AEF84B043")) IWDFFile2;
struct __declspec(uuid("7188CA4F-1BD4-4FBC-A34A-2DC7B57F17CC")) IWDFFile3;
struct __declspec(uuid("B7615D26-494B-47A6-B4CF-0271BCC3DA4B")) IWDFDriverCreatedFile;
struct __declspec(uuid("AB098F88-8F16-472A-B0BC-ECA46486C102")) IWDFMemory;
struct __declspec(uuid("CC060D79-C0C2-407F-8B10-A5E900FC3474")) IWDFIoTarget;
struct __declspec(uuid("EAEBCBBB-DEB5-4849-8ACF-FB38336B94C7")) IWDFIoTarget2;
struct __declspec(uuid("88B077AA-EFF6-4EBA-9E4D-064C70822B98")) IWDFIoTargetStateManagement;
struct __declspec(uuid("1427B7E8-E365-400B-9B92-5ACE55168E25")) IWDFFileHandleTargetFactory;
struct __declspec(uuid("D3DDB29D-BB46-48DE-901B-96BED7B1D350")) IWDFRemoteTarget;
struct __declspec(uuid("8073D34C-4A21-4321-B6C7-A963FBECB6AD")) IWDFRemoteInterfaceInitialize;
struct __declspec(uuid("49CBAB14-E7CF-490B-8CDD-E0E6B2AC0247")) IWDFRemoteInterface;
struct __declspec(uuid("E3142542-5259-4F20-A1ED-F57055AF9265")) IWDFWorkItem;
struct __declspec(uuid("394B48C9-BCA0-498F-8E2C-01225464A932")) IWDFNamedPropertyStore;
struct __declspec(uuid("1BEC7499-8881-4F2B-B01C-A1A907304AFC")) IDriverEntry;
struct __declspec(uuid("244ABE3A-ABBC-43B1-A877-F00077550E6A")) IObjectCleanup;
struct __declspec(uuid("27C32374-CC45-4840-857E-8E5EF7C0EBFF")) IPnpCallback;
struct __declspec(uuid("51433BD3-C7C1-4BD8-B4C1-AB1E034626CC")) IPnpCallbackHardware;
struct __declspec(uuid("1493CD1B-C546-46BB-BF47-B27465093393")) IPnpCallbackHardware2;
struct __declspec(uuid("D1C9CA4C-46AA-46F8-BD8C-6CA9DEB13340")) IPnpCallbackSelfManagedIo;
struct __declspec(uuid("3856FEF1-A858-41FD-9BE4-FA90010999B1")) IPnpCallbackHardwareInterrupt;
struct __declspec(uuid("7EE9F0FA-5A1A-48DF-A35E-8DB42F519B66")) IPowerPolicyCallbackWakeFromS0;
struct __declspec(uuid("3AB1426D-689C-4220-901E-03C6D909B5F5")) IPowerPolicyCallbackWakeFromSx;
struct __declspec(uuid("7D8899F0-8DA9-435F-983C-7E17D4356997")) IQueueCallbackCreate;
struct __declspec(uuid("C3072620-1DA6-48FB-B4FE-ED652B16AEB2")) IQueueCallbackRead;
struct __declspec(uuid("4888CBC5-3FA2-4EA3-89A3-C20ED6E04778")) IQueueCallbackWrite;
struct __declspec(uuid("C5411408-0F1E-4ED6-A412-36DD15EEE707")) IQueueCallbackDeviceIoControl;
struct __declspec(uuid("15FB6D38-FDD8-4005-8E55-EB0B98313499")) IQueueCallbackDefaultIoHandler;
struct __declspec(uuid("E7ECE381-7CB1-468A-BC43-ABD5948FFC75")) IQueueCallbackStateChange;
struct __declspec(uuid("3DE3B961-88FB-435A-9C14-0868FB4FC623")) IQueueCallbackIoStop;
struct __declspec(uuid("BEE9FD3C-3DDA-4D9D-A8FC-02C38D79F663")) IQueueCallbackIoResume;
struct __declspec(uuid("746383C4-00A7-4200-8073-C02D076976BE")) IQueueCallbackIoCanceledOnQueue;
struct __declspec(uuid("4E9F1A77-4587-4235-81C4-E6D24545A656")) IRequestCallbackCancel;
struct __declspec(uuid("8A7CC8CB-CEB2-46F6-9851-77BD347A15C2")) IRequestCallbackRequestCompletion;
struct __declspec(uuid("35C5F79C-6D81-4819-AA64-D6A8939D94D6")) IFileCallbackCleanup;
struct __declspec(uuid("C28FD731-F3F1-4573-97DC-620F72D013A6")) IFileCallbackClose;
struct __declspec(uuid("99B01D17-9FBD-4AA6-B16D-82DAB6A4107F")) IImpersonateCallback;
struct __declspec(
    uuid("F9D48F27-BDBE-4A96-AF96-0E53E2A436EC")) IPnpCallbackRemoteInterfaceNotification;
struct __declspec(uuid("EE9BAEED-B8D7-4097-BE80-042DF78FFBFD")) IRemoteInterfaceCallbackRemoval;
struct __declspec(uuid("C50A4804-7A31-4C81-9AB7-E66082F79956")) IRemoteInterfaceCallbackEvent;
struct __declspec(uuid("B3A0D163-C4DD-49CC-AED2-FF5205C67CE1")) IRemoteTargetCallbackRemoval;

// Every interface's __uuidof is its IID_ (core/wudf/wudfiids.h): checked where this compiles.
static_assert(__uuidof(IWDFDevice) == IID_IWDFDevice);
static_assert(__uuidof(IQueueCallbackWrite) == IID_IQueueCallbackWrite);
static_assert(__uuidof(IRemoteTargetCallbackRemoval) == IID_IRemoteTargetCallbackRemoval);
