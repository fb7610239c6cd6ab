#pragma once
// driverspecs.h: the annotations of sal.h (no-ops).
#include "core/compat/sal.h"
