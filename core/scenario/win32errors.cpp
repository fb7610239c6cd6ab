#include "core/scenario/win32errors.h"

#include "core/wudf/wudfstatus.h"

namespace umdfx::scenario {

namespace {

// The numbers come from core/wudf/wudfstatus.h, so a name can never drift from its value.
#define UMDFX_WIN32_ERROR(name)                                                                    \
    Win32Error                                                                                     \
    {                                                                                              \
        name, #name                                                                                \
    }
constexpr Win32Error kErrors[] = {
    UMDFX_WIN32_ERROR(ERROR_SUCCESS),
    UMDFX_WIN32_ERROR(ERROR_INVALID_FUNCTION),
    UMDFX_WIN32_ERROR(ERROR_FILE_NOT_FOUND),
    UMDFX_WIN32_ERROR(ERROR_PATH_NOT_FOUND),
    UMDFX_WIN32_ERROR(ERROR_ACCESS_DENIED),
    UMDFX_WIN32_ERROR(ERROR_INVALID_HANDLE),
    UMDFX_WIN32_ERROR(ERROR_NOT_ENOUGH_MEMORY),
    UMDFX_WIN32_ERROR(ERROR_OUTOFMEMORY),
    UMDFX_WIN32_ERROR(ERROR_BAD_COMMAND),
    UMDFX_WIN32_ERROR(ERROR_GEN_FAILURE),
    UMDFX_WIN32_ERROR(ERROR_NOT_SUPPORTED),
    UMDFX_WIN32_ERROR(ERROR_INVALID_PARAMETER),
    UMDFX_WIN32_ERROR(ERROR_INSUFFICIENT_BUFFER),
    UMDFX_WIN32_ERROR(ERROR_BUSY),
    UMDFX_WIN32_ERROR(ERROR_MORE_DATA),
    UMDFX_WIN32_ERROR(ERROR_NO_MORE_ITEMS),
    UMDFX_WIN32_ERROR(ERROR_MR_MID_NOT_FOUND),
    UMDFX_WIN32_ERROR(ERROR_OPERATION_ABORTED),
    UMDFX_WIN32_ERROR(ERROR_IO_PENDING),
    UMDFX_WIN32_ERROR(ERROR_NOT_FOUND),
    UMDFX_WIN32_ERROR(ERROR_CANCELLED),
    UMDFX_WIN32_ERROR(ERROR_DRIVER_PROCESS_TERMINATED),
    UMDFX_WIN32_ERROR(ERROR_BAD_CONFIGURATION),
    UMDFX_WIN32_ERROR(ERROR_INVALID_OPERATION),
};
#undef UMDFX_WIN32_ERROR

constexpr bool ascendingAndUnique()
{
    for (std::size_t i = 1; i < std::size(kErrors); ++i)
        if (kErrors[i - 1].code >= kErrors[i].code)
            return false;
    return true;
}
static_assert(ascendingAndUnique(), "keep kErrors sorted by code, one name per code");

} // namespace

std::span<const Win32Error> win32Errors()
{
    return kErrors;
}

std::optional<std::uint32_t> win32ErrorByName(std::string_view name)
{
    for (const auto &e : kErrors)
        if (e.name == name)
            return e.code;
    return std::nullopt;
}

std::string_view win32ErrorName(std::uint32_t code)
{
    for (const auto &e : kErrors)
        if (e.code == code)
            return e.name;
    return {};
}

} // namespace umdfx::scenario
