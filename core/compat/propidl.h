#pragma once
// PROPVARIANT, as the UMDF property stores use it.
#include "core/compat/umdfx_compat.h"
#include "core/wudf/propvariant.h"
