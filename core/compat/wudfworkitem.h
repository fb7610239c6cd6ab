#pragma once
// wudfworkitem.h: WUDF_WORKITEM_CONFIG and IWDFWorkItem (UMDF 1.11), in core/wudf.
#include "core/compat/wudfddi.h"
