#pragma once
// rpcndr.h for UMDF 1 driver sources built on Linux: the Windows environment of core/compat.
#include "core/compat/umdfx_compat.h"
// The MIDL-generated wudfddi.h checks this.
#ifndef __RPCNDR_H_VERSION__
#define __RPCNDR_H_VERSION__ 500
#endif
