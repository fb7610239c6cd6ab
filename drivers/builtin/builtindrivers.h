#pragma once

#include "core/host/drivermodule.h"

namespace umdfx {

// Every sample driver in drivers/, as modules "builtin:<name>" (echo, …).
const DriverModuleRegistry &builtinDrivers();

} // namespace umdfx
