#pragma once
// initguid.h: DEFINE_GUID after this defines its GUIDs (once for the whole module: selectany).
#define INITGUID
#include "core/compat/umdfx_compat.h"
#undef DEFINE_GUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                               \
    EXTERN_C DECLSPEC_SELECTANY const GUID name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
