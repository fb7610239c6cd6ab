#pragma once
// Interned names for the trace, looked up once per call site: the recording path never hashes
// a string after the first call.

#include "core/trace/stringtable.h"

#define UMDFX_STR(literal)                                                                         \
    ([]() -> ::umdfx::trace::StrId {                                                               \
        static const ::umdfx::trace::StrId umdfxInternedId = ::umdfx::trace::intern(literal);      \
        return umdfxInternedId;                                                                    \
    }())
