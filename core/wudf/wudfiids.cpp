#include "core/wudf/wudfiids.h"

namespace umdfx::wudf {

#define UMDFX_KNOWN_INTERFACE(Name, ...) KnownInterface { #Name, IID_##Name },

std::span<const KnownInterface> allKnownInterfaces()
{
    static const KnownInterface table[] = { UMDFX_WUDF_INTERFACES(UMDFX_KNOWN_INTERFACE) };
    return table;
}

const char *interfaceName(const IID &iid)
{
    for (const auto &k : allKnownInterfaces()) {
        if (k.iid == iid)
            return k.name;
    }
    return nullptr;
}

} // namespace umdfx::wudf
