#pragma once
// HRESULT, NTSTATUS and Win32 error values the UMDF 1 API and its callers use (reference §0.4),
// and the conversion macros, as constexpr functions.

#include "core/wudf/wudftypes.h"

constexpr bool SUCCEEDED(HRESULT hr)
{
    return hr >= 0;
}
constexpr bool FAILED(HRESULT hr)
{
    return hr < 0;
}
constexpr HRESULT HRESULT_FROM_WIN32(DWORD x)
{
    return static_cast<HRESULT>(x) <= 0 ? static_cast<HRESULT>(x)
                                        : static_cast<HRESULT>((x & 0x0000FFFFu) | 0x80070000u);
}
constexpr HRESULT HRESULT_FROM_NT(std::uint32_t s)
{
    return static_cast<HRESULT>(s | 0x10000000u);
}

// Win32 errors.
inline constexpr DWORD ERROR_SUCCESS = 0;
inline constexpr DWORD ERROR_INVALID_FUNCTION = 1;
inline constexpr DWORD ERROR_FILE_NOT_FOUND = 2;
inline constexpr DWORD ERROR_PATH_NOT_FOUND = 3;
inline constexpr DWORD ERROR_ACCESS_DENIED = 5;
inline constexpr DWORD ERROR_INVALID_HANDLE = 6;
inline constexpr DWORD ERROR_NOT_ENOUGH_MEMORY = 8;
inline constexpr DWORD ERROR_OUTOFMEMORY = 14;
inline constexpr DWORD ERROR_BAD_COMMAND = 22;
inline constexpr DWORD ERROR_GEN_FAILURE = 31;
inline constexpr DWORD ERROR_NOT_SUPPORTED = 50;
inline constexpr DWORD ERROR_INVALID_PARAMETER = 87;
inline constexpr DWORD ERROR_INSUFFICIENT_BUFFER = 122;
inline constexpr DWORD ERROR_BUSY = 170;
inline constexpr DWORD ERROR_MORE_DATA = 234;
inline constexpr DWORD ERROR_NO_MORE_ITEMS = 259;
inline constexpr DWORD ERROR_MR_MID_NOT_FOUND = 317;
inline constexpr DWORD ERROR_OPERATION_ABORTED = 995;
inline constexpr DWORD ERROR_IO_PENDING = 997;
inline constexpr DWORD ERROR_NOT_FOUND = 1168;
inline constexpr DWORD ERROR_NOT_OWNER = 288;
inline constexpr DWORD ERROR_TOO_MANY_POSTS = 298;
inline constexpr DWORD ERROR_CANCELLED = 1223;
inline constexpr DWORD ERROR_DRIVER_PROCESS_TERMINATED = 1291;
inline constexpr DWORD ERROR_TIMEOUT = 1460;
inline constexpr DWORD ERROR_BAD_CONFIGURATION = 1610;
inline constexpr DWORD ERROR_INVALID_OPERATION = 4317;

// HRESULTs.
inline constexpr HRESULT S_OK = 0;
inline constexpr HRESULT S_FALSE = 1;
inline constexpr HRESULT E_NOTIMPL = static_cast<HRESULT>(0x80004001u);
inline constexpr HRESULT E_NOINTERFACE = static_cast<HRESULT>(0x80004002u);
inline constexpr HRESULT E_POINTER = static_cast<HRESULT>(0x80004003u);
inline constexpr HRESULT E_FAIL = static_cast<HRESULT>(0x80004005u);
inline constexpr HRESULT E_ACCESSDENIED = static_cast<HRESULT>(0x80070005u);
inline constexpr HRESULT E_OUTOFMEMORY = static_cast<HRESULT>(0x8007000Eu);
inline constexpr HRESULT E_INVALIDARG = static_cast<HRESULT>(0x80070057u);
inline constexpr HRESULT E_NOT_SUFFICIENT_BUFFER = static_cast<HRESULT>(0x8007007Au);
inline constexpr HRESULT CLASS_E_CLASSNOTAVAILABLE = static_cast<HRESULT>(0x80040111u);

// NTSTATUS values (as unsigned, the way they are written).
inline constexpr std::uint32_t STATUS_SUCCESS = 0x00000000u;
inline constexpr std::uint32_t STATUS_PENDING = 0x00000103u;
inline constexpr std::uint32_t STATUS_INVALID_PARAMETER = 0xC000000Du;
inline constexpr std::uint32_t STATUS_INVALID_DEVICE_REQUEST = 0xC0000010u;
inline constexpr std::uint32_t STATUS_POWER_STATE_INVALID = 0xC00002D3u;
inline constexpr std::uint32_t STATUS_NOT_SUPPORTED = 0xC00000BBu;
inline constexpr std::uint32_t STATUS_CANCELLED = 0xC0000120u;
inline constexpr std::uint32_t STATUS_INVALID_DEVICE_STATE = 0xC0000184u;
inline constexpr std::uint32_t STATUS_DRIVER_PROCESS_TERMINATED = 0xC0000450u;
inline constexpr std::uint32_t STATUS_WDF_PAUSED = 0xC0200203u;
inline constexpr std::uint32_t STATUS_WDF_BUSY = 0xC0200204u;
