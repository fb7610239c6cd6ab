#pragma once
// wudfwdm.h: the WDM types UMDF 1 uses (DEVICE_POWER_STATE, POWER_ACTION, ...), in core/wudf.
#include "core/compat/umdfx_compat.h"
#include "core/wudf/wudfddi_types.h"
