#pragma once
// initguid.h: DEFINE_GUID after this defines its GUIDs (once for the whole module: selectany; C++
// linkage, see umdfx_compat.h).
#define INITGUID
#include "core/compat/umdfx_compat.h"
#undef DEFINE_GUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                               \
    extern DECLSPEC_SELECTANY const GUID name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
