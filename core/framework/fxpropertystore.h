#pragma once

#include "core/host/hostport.h"
#include "core/runtime/tracer.h"
#include "core/wudf/wudfddi.h"

#include <atomic>
#include <map>
#include <string>

namespace umdfx {
class DriverHost;
}

namespace umdfx::fx {

// IWDFNamedPropertyStore over a device's hardware key: how INF/registry settings (in the
// simulator: the scenario's device parameters) reach a UMDF 1 driver. REG_DWORD values read as
// VT_UI4, REG_SZ as VT_LPWSTR, REG_MULTI_SZ as VT_VECTOR|VT_LPWSTR; strings are allocated with
// CoTaskMemAlloc for the caller to free with PropVariantClear. SetNamedValue changes only this
// store's copy (the simulated registry is not persisted).
//
// Threads: world lock. Reference counted; deleted on the last Release.
class FxPropertyStore final : public IWDFNamedPropertyStore
{
public:
    FxPropertyStore(DriverHost &host, trace::StrId driverLane, std::string instanceId,
        std::map<std::string, DeviceParameter> values);

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override { return ++m_refs; }
    ULONG STDMETHODCALLTYPE Release() override;

    HRESULT STDMETHODCALLTYPE GetNamedValue(LPCWSTR pszName, PROPVARIANT *pv) override;
    HRESULT STDMETHODCALLTYPE SetNamedValue(LPCWSTR pszName, const PROPVARIANT *pv) override;
    HRESULT STDMETHODCALLTYPE GetNameCount(DWORD *pdwCount) override;
    HRESULT STDMETHODCALLTYPE GetNameAt(DWORD index, PROPVARIANT *pv) override;

protected:
    ~FxPropertyStore() = default;

private:
    Tracer::Site site(trace::StrId method) const;

    DriverHost &m_host;
    trace::StrId m_lane;
    std::string m_instanceId;
    std::map<std::string, DeviceParameter> m_values;
    std::uint32_t m_id;
    std::atomic<ULONG> m_refs { 1 };
};

} // namespace umdfx::fx
