#pragma once
// driverspecs.h: the annotations of sal.h (no-ops).
#include "core/compat/umdfx_compat.h"
