#include "core/win32/hresulttext.h"

#include "core/scenario/win32errors.h"
#include "core/win32/statusmapping.h"
#include "core/wudf/wudfstatus.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <string_view>

namespace umdfx {

namespace {

struct Named
{
    std::uint32_t value;
    std::string_view name;
};

// HRESULTs with names of their own (checked before the facility decoding: E_ACCESSDENIED is
// also HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED), and UMDF documentation uses the E_ name).
constexpr std::array kHresults {
    Named { 0x00000000u, "S_OK" },
    Named { 0x00000001u, "S_FALSE" },
    Named { 0x80004001u, "E_NOTIMPL" },
    Named { 0x80004002u, "E_NOINTERFACE" },
    Named { 0x80004003u, "E_POINTER" },
    Named { 0x80004005u, "E_FAIL" },
    Named { 0x8000FFFFu, "E_UNEXPECTED" },
    Named { 0x80070005u, "E_ACCESSDENIED" },
    Named { 0x8007000Eu, "E_OUTOFMEMORY" },
    Named { 0x80070057u, "E_INVALIDARG" },
    Named { 0x8007007Au, "E_NOT_SUFFICIENT_BUFFER" },
    Named { 0x80040111u, "CLASS_E_CLASSNOTAVAILABLE" },
    Named { 0x80040110u, "CLASS_E_NOAGGREGATION" },
};

constexpr std::array kNtStatus {
    Named { 0x00000000u, "STATUS_SUCCESS" },
    Named { 0x00000103u, "STATUS_PENDING" },
    Named { 0xC0000001u, "STATUS_UNSUCCESSFUL" },
    Named { 0xC0000010u, "STATUS_INVALID_DEVICE_REQUEST" },
    Named { 0xC000000Du, "STATUS_INVALID_PARAMETER" },
    Named { 0xC0000022u, "STATUS_ACCESS_DENIED" },
    Named { 0xC0000023u, "STATUS_BUFFER_TOO_SMALL" },
    Named { 0xC0000034u, "STATUS_OBJECT_NAME_NOT_FOUND" },
    Named { 0xC000009Au, "STATUS_INSUFFICIENT_RESOURCES" },
    Named { 0xC00000BBu, "STATUS_NOT_SUPPORTED" },
    Named { 0xC0000120u, "STATUS_CANCELLED" },
    Named { 0xC0000184u, "STATUS_INVALID_DEVICE_STATE" },
    Named { 0xC000009Du, "STATUS_DEVICE_NOT_CONNECTED" },
    Named { 0xC0000450u, "STATUS_DRIVER_PROCESS_TERMINATED" },
    Named { 0xC0200203u, "STATUS_WDF_PAUSED" },
    Named { 0xC0200204u, "STATUS_WDF_BUSY" },
};

template<std::size_t N>
std::string_view lookup(const std::array<Named, N> &table, std::uint32_t value)
{
    for (const Named &n : table)
        if (n.value == value)
            return n.name;
    return {};
}

constexpr std::uint32_t kFacilityNtBit = 0x10000000u;

std::string hex(std::uint32_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

bool isWin32Shaped(std::uint32_t hr)
{
    return (hr & 0xFFFF0000u) == 0x80070000u;
}

bool isNtShaped(std::uint32_t hr)
{
    // HRESULT_FROM_NT sets the N bit of a failure (0xC... -> 0xD...) or a warning.
    return (hr & kFacilityNtBit) != 0 && (hr & 0x80000000u) != 0;
}

} // namespace

std::string hresultName(std::uint32_t hr)
{
    if (auto n = lookup(kHresults, hr); !n.empty())
        return std::string(n);
    if (isWin32Shaped(hr)) {
        if (auto n = scenario::win32ErrorName(hr & 0xFFFFu); !n.empty())
            return std::string(n);
        return {};
    }
    if (isNtShaped(hr))
        return std::string(lookup(kNtStatus, hr & ~kFacilityNtBit));
    return std::string(lookup(kNtStatus, hr));
}

std::string hresultShort(std::uint32_t hr)
{
    if (hr == 0)
        return "S_OK";
    const std::string name = hresultName(hr);
    return name.empty() ? hex(hr) : hex(hr) + " " + name;
}

std::string hresultDecoded(std::uint32_t hr)
{
    const std::string h = hex(hr);
    if (auto n = lookup(kHresults, hr); !n.empty())
        return h + " = " + std::string(n);
    if (isWin32Shaped(hr)) {
        const std::uint32_t code = hr & 0xFFFFu;
        const auto n = scenario::win32ErrorName(code);
        return h + " = HRESULT_FROM_WIN32(" + (n.empty() ? std::to_string(code) : std::string(n))
            + ")";
    }
    if (isNtShaped(hr)) {
        const std::uint32_t status = hr & ~kFacilityNtBit;
        const auto n = lookup(kNtStatus, status);
        return h + " = HRESULT_FROM_NT(" + (n.empty() ? hex(status) : std::string(n)) + ")";
    }
    if (auto n = lookup(kNtStatus, hr); !n.empty())
        return h + " = " + std::string(n) + " (an NTSTATUS, not an HRESULT)";
    if ((hr & 0x80000000u) == 0)
        return h + " (success code)";
    return h + " (facility " + std::to_string((hr >> 16) & 0x7FFu) + ", code "
        + std::to_string(hr & 0xFFFFu) + ")";
}

std::string win32ErrorText(std::uint32_t code)
{
    const auto n = scenario::win32ErrorName(code);
    if (code == 0)
        return "0 ERROR_SUCCESS";
    return n.empty() ? std::to_string(code) : std::to_string(code) + " " + std::string(n);
}

std::string win32ErrorForStatus(std::uint32_t hr)
{
    return win32ErrorText(win32ErrorFromStatus(static_cast<HRESULT>(hr)));
}

bool isFailureHresult(std::uint32_t hr)
{
    if ((hr & 0x80000000u) == 0)
        return false;
    return hr != static_cast<std::uint32_t>(HRESULT_FROM_WIN32(ERROR_IO_PENDING));
}

} // namespace umdfx

namespace umdfx {

namespace {
bool equalsNoCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
        if (std::tolower(x) != std::tolower(y))
            return false;
    }
    return true;
}
} // namespace

std::optional<std::uint32_t> hresultByName(std::string_view name)
{
    for (const Named &n : kHresults)
        if (equalsNoCase(n.name, name))
            return n.value;
    for (const scenario::Win32Error &e : scenario::win32Errors())
        if (equalsNoCase(e.name, name))
            return static_cast<std::uint32_t>(HRESULT_FROM_WIN32(e.code));
    for (const Named &n : kNtStatus)
        if (equalsNoCase(n.name, name))
            return n.value == 0 ? 0 : n.value | kFacilityNtBit;
    return std::nullopt;
}

} // namespace umdfx
