#include "drivers/builtin/builtindrivers.h"

#include "drivers/consumer/consumerdriver.h"
#include "drivers/echo/echodriver.h"

namespace umdfx {

const DriverModuleRegistry &builtinDrivers()
{
    static const DriverModuleRegistry registry = [] {
        DriverModuleRegistry r;
        r.add({ "echo", "WUDFEchoDriver.dll", CLSID_EchoDriver, &EchoDllGetClassObject, nullptr });
        r.add({ "consumer", "UmdfConsumer.dll", CLSID_ConsumerDriver, &ConsumerDllGetClassObject,
            nullptr });
        return r;
    }();
    return registry;
}

} // namespace umdfx
