#pragma once
// The part of PROPVARIANT a UMDF 1 driver needs to read its property store (VT_* values are
// Windows'): 32-bit numbers, booleans, strings and string vectors.

#include "core/wudf/wudftypes.h"

using VARTYPE = USHORT;
enum VARENUM : VARTYPE {
    VT_EMPTY = 0,
    VT_I4 = 3,
    VT_BOOL = 11,
    VT_UI4 = 19,
    VT_LPWSTR = 31,
    VT_VECTOR = 0x1000
};

struct CALPWSTR
{
    ULONG cElems;
    LPWSTR *pElems;
};

struct PROPVARIANT
{
    VARTYPE vt;
    USHORT wReserved1;
    USHORT wReserved2;
    USHORT wReserved3;
    union {
        LONG lVal;
        ULONG ulVal;
        short boolVal; // VARIANT_BOOL
        LPWSTR pwszVal;
        CALPWSTR calpwstr;
        ULONGLONG uhVal;
    };
};

inline void PropVariantInit(PROPVARIANT *pv)
{
    *pv = PROPVARIANT {};
}

inline HRESULT PropVariantClear(PROPVARIANT *pv)
{
    if (!pv)
        return 0;
    if (pv->vt == VT_LPWSTR) {
        CoTaskMemFree(pv->pwszVal);
    } else if (pv->vt == (VT_VECTOR | VT_LPWSTR)) {
        for (ULONG i = 0; i < pv->calpwstr.cElems; ++i)
            CoTaskMemFree(pv->calpwstr.pElems[i]);
        CoTaskMemFree(pv->calpwstr.pElems);
    }
    PropVariantInit(pv);
    return 0;
}
