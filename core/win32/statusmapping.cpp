#include "core/win32/statusmapping.h"

#include "core/wudf/wudfstatus.h"

namespace umdfx {

namespace {
constexpr std::uint32_t kErrorMrMidNotFound = 317;
constexpr std::uint32_t kErrorGenFailure = 31;
constexpr std::uint32_t kFacilityNtBit = 0x10000000u;
} // namespace

std::uint32_t win32ErrorFromNtStatus(std::uint32_t s)
{
    struct Entry
    {
        std::uint32_t status, error;
    };
    static constexpr Entry table[] = {
        { 0x00000000u, 0 }, // STATUS_SUCCESS
        { 0xC0000010u, 1 }, // STATUS_INVALID_DEVICE_REQUEST -> ERROR_INVALID_FUNCTION
        { 0xC0000184u, 22 }, // STATUS_INVALID_DEVICE_STATE -> ERROR_BAD_COMMAND
        { 0xC00000BBu, 50 }, // STATUS_NOT_SUPPORTED -> ERROR_NOT_SUPPORTED
        { 0xC0000120u, 995 }, // STATUS_CANCELLED -> ERROR_OPERATION_ABORTED
        { 0xC0000450u, 1291 }, // STATUS_DRIVER_PROCESS_TERMINATED
        { 0xC0000034u, 2 }, // STATUS_OBJECT_NAME_NOT_FOUND -> ERROR_FILE_NOT_FOUND
        { 0xC000003Au, 3 }, // STATUS_OBJECT_PATH_NOT_FOUND -> ERROR_PATH_NOT_FOUND
        { 0xC0000022u, 5 }, // STATUS_ACCESS_DENIED
        { 0xC0000017u, 8 }, // STATUS_NO_MEMORY -> ERROR_NOT_ENOUGH_MEMORY
        { 0xC0000023u, 122 }, // STATUS_BUFFER_TOO_SMALL -> ERROR_INSUFFICIENT_BUFFER
        { 0x80000005u, 234 }, // STATUS_BUFFER_OVERFLOW -> ERROR_MORE_DATA
        { 0xC000000Du, 87 }, // STATUS_INVALID_PARAMETER
        { 0xC0000008u, 6 }, // STATUS_INVALID_HANDLE
    };
    for (const auto &e : table) {
        if (e.status == s)
            return e.error;
    }
    return kErrorMrMidNotFound;
}

bool isTranslatableStatus(HRESULT status)
{
    const auto u = static_cast<std::uint32_t>(status);
    if (status >= 0)
        return true;
    if ((u & 0xFFFF0000u) == 0x80070000u)
        return true; // HRESULT_FROM_WIN32
    if ((u & kFacilityNtBit) != 0)
        return true; // HRESULT_FROM_NT
    return false;
}

std::uint32_t win32ErrorFromStatus(HRESULT status)
{
    const auto u = static_cast<std::uint32_t>(status);
    if (status >= 0)
        return 0;
    if ((u & 0xFFFF0000u) == 0x80070000u)
        return u & 0xFFFFu;
    if ((u & kFacilityNtBit) != 0)
        return win32ErrorFromNtStatus(u & ~kFacilityNtBit);
    // Not translatable: a status from another facility (E_FAIL, E_POINTER, ...). What Windows
    // shows the application is undocumented; ERROR_GEN_FAILURE (inferred), and the verifier flags
    // it.
    return kErrorGenFailure;
}

} // namespace umdfx
