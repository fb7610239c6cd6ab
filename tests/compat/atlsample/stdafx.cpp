/*++

Module Name:

    stdafx.cpp

Abstract:

    Defines the GUIDs that public.h declares.

--*/

#include "StdAfx.h"

#include "initguid.h"
#include "Public.h"
