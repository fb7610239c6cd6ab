#pragma once
// HRESULT, NTSTATUS and Win32 results as people read them (reference §0.4), for the trace table's
// Result column and the inspector. Pure functions; any thread may call them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace umdfx {

// A short name: "S_OK", "E_NOINTERFACE", "ERROR_FILE_NOT_FOUND" (for HRESULT_FROM_WIN32 values),
// "STATUS_CANCELLED" (for HRESULT_FROM_NT values and bare NTSTATUS); "" when there is none.
std::string hresultName(std::uint32_t hr);

// "0x80070002 ERROR_FILE_NOT_FOUND", "S_OK", "0x80004002 E_NOINTERFACE", "0x12345678".
std::string hresultShort(std::uint32_t hr);

// The full decoding, as the inspector shows it:
//   "0x80070002 = HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)"
//   "0xd0000120 = HRESULT_FROM_NT(STATUS_CANCELLED)"
//   "0x80004002 = E_NOINTERFACE"
//   "0x00000000 = S_OK"
std::string hresultDecoded(std::uint32_t hr);

// What an application's GetLastError() shows for a request completed with this status, as
// "2 ERROR_FILE_NOT_FOUND" ("0 ERROR_SUCCESS" for success codes).
std::string win32ErrorForStatus(std::uint32_t hr);

// "2 ERROR_FILE_NOT_FOUND", "0 ERROR_SUCCESS", "4242" for a code without a name.
std::string win32ErrorText(std::uint32_t code);

// A failure a person should notice: FAILED(hr), except the outcomes that are part of normal
// operation (overlapped I/O reporting ERROR_IO_PENDING).
bool isFailureHresult(std::uint32_t hr);

} // namespace umdfx

namespace umdfx {
// The value of a name hresultName() gives ("E_NOINTERFACE", "ERROR_FILE_NOT_FOUND" as its
// HRESULT_FROM_WIN32, "STATUS_CANCELLED"), any case; nullopt for a name we do not know.
std::optional<std::uint32_t> hresultByName(std::string_view name);
} // namespace umdfx
