#pragma once

#include "core/framework/fxobject.h"
#include "core/host/drivermodule.h"

#include <string>

namespace umdfx::fx {

// IWDFDriver: the framework's object for one loaded driver module in a host (reference §1.2,
// §2.2). Holds the driver's IDriverEntry and the devices it created.
//
// Threads: world lock. Owned by the host (tree root), referenced by the driver's callbacks.
class FxDriver final : public FxObjectImpl<IWDFDriver>
{
public:
    FxDriver(DriverHost &host, const DriverModule &module, std::string serviceName);
    ~FxDriver() override;

    const DriverModule &module() const { return m_module; }
    const std::string &serviceName() const { return m_serviceName; }
    trace::StrId lane() const { return m_lane; }
    IDriverEntry *entry() const { return m_entry; }
    void setEntry(IDriverEntry *entry) { m_entry = entry; } // takes the reference
    int deviceCount() const { return m_devices; }
    void deviceAdded() { ++m_devices; }
    void deviceRemoved() { --m_devices; }

    // IWDFDriver
    HRESULT STDMETHODCALLTYPE CreateDevice(IWDFDeviceInitialize *pDeviceInit,
        IUnknown *pCallbackInterface, IWDFDevice **ppDevice) override;
    HRESULT STDMETHODCALLTYPE CreateWdfObject(
        IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFObject **ppWdfObject) override;
    HRESULT STDMETHODCALLTYPE CreatePreallocatedWdfMemory(BYTE *pBuff, SIZE_T BufferSize,
        IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFMemory **ppWdfMemory) override;
    HRESULT STDMETHODCALLTYPE CreateWdfMemory(SIZE_T BufferSize, IUnknown *pCallbackInterface,
        IWDFObject *pParentObject, IWDFMemory **ppWdfMemory) override;
    BOOL STDMETHODCALLTYPE IsVersionAvailable(UMDF_VERSION_DATA *pMinimumVersion) override;
    HRESULT STDMETHODCALLTYPE RetrieveVersionString(
        PWSTR pVersion, DWORD *pdwVersionLength) override;

protected:
    bool answersInterface(REFIID riid) const override { return riid == IID_IWDFDriver; }
    void dropCallbacks() override;

private:
    const DriverModule &m_module;
    std::string m_serviceName;
    trace::StrId m_lane;
    IDriverEntry *m_entry = nullptr;
    int m_devices = 0;
};

// Resolves an IWDFObject* a driver passes as a parent back to our object (nullptr if foreign).
FxObjectBase *fromWdfObject(IWDFObject *o);

} // namespace umdfx::fx
