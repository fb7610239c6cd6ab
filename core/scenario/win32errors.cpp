#include "core/scenario/win32errors.h"

namespace umdfx::scenario {

namespace {
struct Entry
{
    std::uint32_t code;
    std::string_view name;
};
constexpr Entry kErrors[] = {
    { 0, "ERROR_SUCCESS" },
    { 1, "ERROR_INVALID_FUNCTION" },
    { 2, "ERROR_FILE_NOT_FOUND" },
    { 3, "ERROR_PATH_NOT_FOUND" },
    { 5, "ERROR_ACCESS_DENIED" },
    { 6, "ERROR_INVALID_HANDLE" },
    { 8, "ERROR_NOT_ENOUGH_MEMORY" },
    { 14, "ERROR_OUTOFMEMORY" },
    { 22, "ERROR_BAD_COMMAND" },
    { 31, "ERROR_GEN_FAILURE" },
    { 50, "ERROR_NOT_SUPPORTED" },
    { 87, "ERROR_INVALID_PARAMETER" },
    { 122, "ERROR_INSUFFICIENT_BUFFER" },
    { 234, "ERROR_MORE_DATA" },
    { 259, "ERROR_NO_MORE_ITEMS" },
    { 317, "ERROR_MR_MID_NOT_FOUND" },
    { 995, "ERROR_OPERATION_ABORTED" },
    { 997, "ERROR_IO_PENDING" },
    { 1168, "ERROR_NOT_FOUND" },
    { 1223, "ERROR_CANCELLED" },
    { 1291, "ERROR_DRIVER_PROCESS_TERMINATED" },
    { 1610, "ERROR_BAD_CONFIGURATION" },
    { 4317, "ERROR_INVALID_OPERATION" },
};
} // namespace

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
