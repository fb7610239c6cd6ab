#pragma once
// wudfddi_types.h: the UMDF 1 enumerations and structures (core/wudf), for driver sources.
#include "core/compat/umdfx_compat.h"
#include "core/wudf/wudfddi_types.h"
