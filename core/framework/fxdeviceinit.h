#pragma once

#include "core/framework/fxobject.h"
#include "core/host/hostport.h"

#include <atomic>
#include <map>
#include <string>

namespace umdfx::fx {

// IWDFDeviceInitialize(2): the settings a driver chooses in OnDeviceAdd before CreateDevice
// (reference §1.2, §2.3). Not an IWDFObject; valid only until CreateDevice consumes it.
//
// Threads: world lock. Created by the host for one OnDeviceAdd call; reference counted.
class FxDeviceInit final : public IWDFDeviceInitialize2
{
public:
    FxDeviceInit(DriverHost &host, FxDriver &driver, DevNodeId node, std::string instanceId,
        const std::map<std::string, DeviceParameter> &parameters);

    static FxDeviceInit *from(IWDFDeviceInitialize *p);

    std::uint32_t id() const { return m_id; }
    FxDriver *driver() const { return &m_driver; }
    DevNodeId node() const { return m_node; }
    const std::string &instanceId() const { return m_instanceId; }
    bool used() const { return m_device != nullptr; }
    void markUsed(FxDevice *device) { m_device = device; }
    FxDevice *createdDevice() const { return m_device; }
    const std::map<std::string, DeviceParameter> &parameters() const { return m_parameters; }

    bool isFilter() const { return m_filter; }
    WDF_CALLBACK_CONSTRAINT lockingConstraint() const { return m_locking; }
    bool powerPolicyOwner() const { return m_ppo; }
    WDF_TRI_STATE autoForward() const { return m_autoForward; }

    // IUnknown
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override { return ++m_refs; }
    ULONG STDMETHODCALLTYPE Release() override;
    // IWDFDeviceInitialize
    void STDMETHODCALLTYPE SetFilter() override;
    void STDMETHODCALLTYPE SetLockingConstraint(WDF_CALLBACK_CONSTRAINT LockType) override;
    HRESULT STDMETHODCALLTYPE RetrieveDevicePropertyStore(PCWSTR pcwszServiceName,
        WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore,
        WDF_PROPERTY_STORE_DISPOSITION *pDisposition) override;
    void STDMETHODCALLTYPE SetPowerPolicyOwnership(BOOL fTrue) override;
    void STDMETHODCALLTYPE AutoForwardCreateCleanupClose(WDF_TRI_STATE State) override;
    HRESULT STDMETHODCALLTYPE RetrieveDeviceInstanceId(
        PWSTR Buffer, DWORD *pdwSizeInChars) override;
    void STDMETHODCALLTYPE SetPnpCapability(
        WDF_PNP_CAPABILITY Capability, WDF_TRI_STATE Value) override;
    WDF_TRI_STATE STDMETHODCALLTYPE GetPnpCapability(WDF_PNP_CAPABILITY Capability) override;
    // IWDFDeviceInitialize2
    void STDMETHODCALLTYPE SetIoTypePreference(WDF_DEVICE_IO_BUFFER_RETRIEVAL RetrievalMode,
        WDF_DEVICE_IO_TYPE ReadWritePreference, WDF_DEVICE_IO_TYPE IoControlPreference) override;

protected:
    ~FxDeviceInit() = default;

private:
    Tracer::Site site(trace::StrId method) const;

    DriverHost &m_host;
    FxDriver &m_driver;
    DevNodeId m_node;
    std::string m_instanceId;
    std::map<std::string, DeviceParameter> m_parameters;
    std::uint32_t m_id;
    std::atomic<ULONG> m_refs { 1 };
    FxDevice *m_device = nullptr;
    bool m_filter = false;
    WDF_CALLBACK_CONSTRAINT m_locking = WdfDeviceLevel;
    bool m_ppo = false;
    WDF_TRI_STATE m_autoForward = WdfUseDefault;
    std::map<int, WDF_TRI_STATE> m_capabilities;
};

// Writes a UMDF-style string result: the size protocol of RetrieveDeviceInstanceId,
// RetrieveFileName and friends (size in characters including the NUL; NULL buffer or too small
// => the size, and ERROR_INSUFFICIENT_BUFFER when a buffer was given).
HRESULT copyStringOut(const std::u16string &text, PWSTR buffer, DWORD *sizeInChars);

} // namespace umdfx::fx
