#pragma once
// atlcom.h: only what atlbase.h provides (the COM maps of full ATL are not supported).
#include "core/compat/atlbase.h"
