#pragma once

#include "core/framework/fxobject.h"

#include <atomic>
#include <string>
#include <vector>

namespace umdfx::fx {

class FxDevice;

// IWDFRemoteInterfaceInitialize: what OnRemoteInterfaceArrival is given (reference §6.1). Valid
// only during that callback; afterwards every method fails and CreateRemoteInterface refuses it.
//
// Threads: world lock. Reference counted; the host creates one per arrival.
class FxRemoteInterfaceInit final : public IWDFRemoteInterfaceInitialize
{
public:
    FxRemoteInterfaceInit(FxDevice &device, const GUID &cls, std::string symbolicLink);

    static FxRemoteInterfaceInit *from(IWDFRemoteInterfaceInitialize *p);
    bool valid() const { return m_valid; }
    void invalidate() { m_valid = false; }
    const GUID &interfaceClass() const { return m_class; }
    const std::string &symbolicLink() const { return m_link; }
    std::uint32_t id() const { return m_id; }

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override { return ++m_refs; }
    ULONG STDMETHODCALLTYPE Release() override;
    void STDMETHODCALLTYPE GetInterfaceGuid(LPGUID pDeviceInterfaceGuid) override;
    HRESULT STDMETHODCALLTYPE RetrieveSymbolicLink(
        PWSTR pSymbolicLink, DWORD *pdwSymbolicLinkLengthInChars) override;

protected:
    ~FxRemoteInterfaceInit() = default;

private:
    Tracer::Site site(trace::StrId method) const;

    FxDevice &m_device;
    GUID m_class;
    std::string m_link;
    std::uint32_t m_id;
    std::atomic<ULONG> m_refs { 1 };
    bool m_valid = true;
};

// IWDFRemoteInterface: the driver's handle on another device's interface (reference §6.1, §6.3).
// It has no methods of its own; the framework keeps the class and symbolic link for views and
// for the removal notification, and the callbacks found by QueryInterface at creation.
//
// Threads: world lock. Owned by the tree (parent: the device).
class FxRemoteInterface final : public FxObjectImpl<IWDFRemoteInterface>
{
public:
    FxRemoteInterface(
        DriverHost &host, FxDevice &device, const FxRemoteInterfaceInit &init, IUnknown *callback);
    ~FxRemoteInterface() override;

    FxDevice *device() const override { return m_device; }
    const GUID &interfaceClass() const { return m_class; }
    const std::string &symbolicLink() const { return m_link; }
    // The interface went away (§6.3): OnRemoteInterfaceRemoval, or the framework's default.
    void interfaceRemoved();
    // OnRemoteInterfaceEvent for a custom event of the device (§5.2).
    void customEvent(const GUID &event, const std::vector<std::byte> &data);

protected:
    bool answersInterface(REFIID riid) const override { return riid == IID_IWDFRemoteInterface; }
    void dropCallbacks() override;

private:
    FxDevice *m_device;
    GUID m_class;
    std::string m_link;
    IRemoteInterfaceCallbackEvent *m_event = nullptr; // referenced
    IRemoteInterfaceCallbackRemoval *m_removal = nullptr; // referenced
};

} // namespace umdfx::fx
