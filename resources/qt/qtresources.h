#pragma once
// The explorer's Qt resources (icons, the app icon) are compiled into umdfx_qt_resources and
// reached as ":/icons/NAME.svg". Any thread.

namespace umdfx::resources {

// ":/icons/" — where every icon of resources/qt/icons/ is found.
const char *iconPrefix();

} // namespace umdfx::resources
