#include "resources/qt/qtresources.h"

namespace umdfx::resources {

const char *iconPrefix()
{
    return ":/icons/";
}

} // namespace umdfx::resources
