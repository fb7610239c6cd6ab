// guiddef.h: GUID and DEFINE_GUID. As Windows' guiddef.h, DEFINE_GUID is chosen again at each
// inclusion (no include guard for it): a definition when INITGUID is defined (MIDL's _i.c files
// include guiddef.h that way), else a declaration.
#include "core/compat/umdfx_compat.h"
#undef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                               \
    extern DECLSPEC_SELECTANY const GUID name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) extern const GUID name
#endif
