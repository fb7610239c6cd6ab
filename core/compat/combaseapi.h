#pragma once
// combaseapi.h for UMDF 1 driver sources built on Linux: the Windows environment of core/compat.
#include "core/compat/umdfx_compat.h"
