#pragma once
// NTSTATUS values (the ones core/wudf/wudfstatus.h has) for drivers that include ntstatus.h.
#include "core/compat/umdfx_compat.h"
#ifndef NT_SUCCESS
#define NT_SUCCESS(status) (((NTSTATUS)(status)) >= 0)
#endif
