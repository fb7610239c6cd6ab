#include "drivers/builtin/builtindrivers.h"

#include "drivers/buggy/buggydriver.h"
#include "drivers/consumer/consumerdriver.h"
#include "drivers/echo/echodriver.h"
#include "drivers/sensor/sensordriver.h"

namespace umdfx {

const DriverModuleRegistry &builtinDrivers()
{
    static const DriverModuleRegistry registry = [] {
        DriverModuleRegistry r;
        r.add({ "echo", "WUDFEchoDriver.dll", CLSID_EchoDriver, &EchoDllGetClassObject, nullptr });
        r.add({ "consumer", "UmdfConsumer.dll", CLSID_ConsumerDriver, &ConsumerDllGetClassObject,
            nullptr });
        r.add(
            { "sensor", "UmdfSensor.dll", CLSID_SensorDriver, &SensorDllGetClassObject, nullptr });
        r.add({ "buggy", "UmdfBuggy.dll", CLSID_BuggyDriver, &BuggyDllGetClassObject, nullptr });
        return r;
    }();
    return registry;
}

} // namespace umdfx
