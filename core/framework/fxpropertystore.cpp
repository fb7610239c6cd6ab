#include "core/framework/fxpropertystore.h"

#include "core/common/text.h"
#include "core/framework/fxnames.h"
#include "core/host/driverhost.h"

#include <cstring>

namespace umdfx::fx {

namespace {
LPWSTR allocString(const std::string &utf8)
{
    const std::u16string s = toUtf16(utf8);
    auto *p = static_cast<LPWSTR>(CoTaskMemAlloc((s.size() + 1) * sizeof(WCHAR)));
    if (!p)
        return nullptr;
    std::memcpy(p, s.data(), s.size() * sizeof(WCHAR));
    p[s.size()] = 0;
    return p;
}
} // namespace

FxPropertyStore::FxPropertyStore(DriverHost &host, trace::StrId driverLane, std::string instanceId,
    std::map<std::string, DeviceParameter> values)
    : m_host(host)
    , m_lane(driverLane)
    , m_instanceId(std::move(instanceId))
    , m_values(std::move(values))
    , m_id(host.world().newObjectId())
{ }

ULONG STDMETHODCALLTYPE FxPropertyStore::Release()
{
    const ULONG left = --m_refs;
    if (left == 0)
        delete this;
    return left;
}

Tracer::Site FxPropertyStore::site(trace::StrId method) const
{
    return { trace::Kind::Ddi, m_lane, lanes::framework(), trace::intern(m_instanceId),
        UMDFX_STR("IWDFNamedPropertyStore"), method, m_id, 0 };
}

HRESULT STDMETHODCALLTYPE FxPropertyStore::QueryInterface(REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (riid == IID_IUnknown || riid == IID_IWDFNamedPropertyStore) {
        *ppv = static_cast<IWDFNamedPropertyStore *>(this);
        AddRef();
        return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
}

HRESULT STDMETHODCALLTYPE FxPropertyStore::GetNamedValue(LPCWSTR pszName, PROPVARIANT *pv)
{
    std::lock_guard lock(m_host.world().lock);
    const std::string name = pszName ? toUtf8(pszName) : std::string();
    trace::ArgsWriter args;
    args.string("pszName", name);
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("GetNamedValue")), &args);
    HRESULT hr = S_OK;
    trace::ArgsWriter out;
    if (!pszName || !pv) {
        hr = E_POINTER;
    } else {
        PropVariantInit(pv);
        auto it = m_values.end();
        for (auto i = m_values.begin(); i != m_values.end(); ++i) {
            if (equalsIgnoreCase(i->first, name)) // registry value names ignore case
                it = i;
        }
        if (it == m_values.end()) {
            hr = HRESULT_FROM_WIN32(
                ERROR_FILE_NOT_FOUND); // RegQueryValueEx's answer for a missing value
        } else if (const auto *u = std::get_if<std::uint32_t>(&it->second)) {
            pv->vt = VT_UI4;
            pv->ulVal = *u;
            out.u64("value", *u);
        } else if (const auto *s = std::get_if<std::string>(&it->second)) {
            pv->vt = VT_LPWSTR;
            pv->pwszVal = allocString(*s);
            out.string("value", *s);
        } else {
            const auto &list = std::get<std::vector<std::string>>(it->second);
            pv->vt = VT_VECTOR | VT_LPWSTR;
            pv->calpwstr.cElems = static_cast<ULONG>(list.size());
            pv->calpwstr.pElems
                = static_cast<LPWSTR *>(CoTaskMemAlloc(list.size() * sizeof(LPWSTR) + 1));
            std::string joined;
            for (std::size_t i = 0; i < list.size(); ++i) {
                pv->calpwstr.pElems[i] = allocString(list[i]);
                joined += (i ? ";" : "") + list[i];
            }
            out.string("value", joined);
        }
    }
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

HRESULT STDMETHODCALLTYPE FxPropertyStore::SetNamedValue(LPCWSTR pszName, const PROPVARIANT *pv)
{
    std::lock_guard lock(m_host.world().lock);
    const std::string name = pszName ? toUtf8(pszName) : std::string();
    trace::ArgsWriter args;
    args.string("pszName", name);
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("SetNamedValue")), &args);
    HRESULT hr = S_OK;
    if (!pszName || !pv)
        hr = E_POINTER;
    else if (pv->vt == VT_UI4)
        m_values[name] = static_cast<std::uint32_t>(pv->ulVal);
    else if (pv->vt == VT_LPWSTR && pv->pwszVal)
        m_values[name] = toUtf8(pv->pwszVal);
    else
        hr = E_INVALIDARG;
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxPropertyStore::GetNameCount(DWORD *pdwCount)
{
    std::lock_guard lock(m_host.world().lock);
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("GetNameCount")));
    HRESULT hr = S_OK;
    if (!pdwCount)
        hr = E_POINTER;
    else
        *pdwCount = static_cast<DWORD>(m_values.size());
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxPropertyStore::GetNameAt(DWORD index, PROPVARIANT *pv)
{
    std::lock_guard lock(m_host.world().lock);
    TracedCall call(m_host.world().tracer, site(UMDFX_STR("GetNameAt")));
    HRESULT hr = S_OK;
    if (!pv) {
        hr = E_POINTER;
    } else if (index >= m_values.size()) {
        hr = HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS);
    } else {
        auto it = m_values.begin();
        std::advance(it, index);
        PropVariantInit(pv);
        pv->vt = VT_LPWSTR;
        pv->pwszVal = allocString(it->first);
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

} // namespace umdfx::fx
