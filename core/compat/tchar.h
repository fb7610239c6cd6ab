#pragma once
#include "core/compat/umdfx_compat.h"
