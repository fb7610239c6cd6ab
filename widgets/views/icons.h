#pragma once
// The explorer's SVG icons (resources/qt/icons), by meaning.

#include <QIcon>
#include <QString>

namespace umdfx::gui {

// ":/icons/NAME.svg", cached; an empty icon when there is no such file.
QIcon themeIcon(const QString &name);
// A device's PnP state as Device Manager marks it: started, stopped (not started yet, or in a
// transition), disabled (removed), surprise-removed / not present, failed host, and a problem
// (start failed, no driver).
QIcon deviceStateIcon(const QString &stateWord, bool hostFailed);
QString deviceStateIconName(const QString &stateWord, bool hostFailed);

} // namespace umdfx::gui
