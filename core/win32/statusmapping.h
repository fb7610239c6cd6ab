#pragma once
// How a driver's completion status reaches an application (reference §0.4): the host turns the
// HRESULT into an NTSTATUS for the reflector, and the I/O manager turns that into the Win32 error
// GetLastError returns. Modelled as: HRESULT_FROM_WIN32(x) => x; HRESULT_FROM_NT(s) and bare
// NTSTATUS values => RtlNtStatusToDosError(s); success codes => ERROR_SUCCESS (inferred).

#include "core/wudf/wudftypes.h"

#include <cstdint>

namespace umdfx {

// The Win32 error an application sees for a request completed with this status.
std::uint32_t win32ErrorFromStatus(HRESULT status);
// RtlNtStatusToDosError for the NTSTATUS values the simulator produces; unknown codes give
// ERROR_MR_MID_NOT_FOUND (317), as Windows does.
std::uint32_t win32ErrorFromNtStatus(std::uint32_t ntStatus);
// True when the status is S_OK-like, HRESULT_FROM_WIN32-shaped or HRESULT_FROM_NT-shaped: what the
// host can translate (verifier rule V28 flags the rest).
bool isTranslatableStatus(HRESULT status);

} // namespace umdfx
