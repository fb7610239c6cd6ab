#pragma once
// Colours that read in light and dark palettes alike. Qt 6.4 has no QStyleHints::colorScheme,
// so darkness is derived from the palette itself, and every tint is a blend of a fixed hue into
// the palette's own base colour rather than a fixed colour.

#include "core/trace/tracerecord.h"

#include <QColor>
#include <QPalette>

class QApplication;

namespace umdfx::gui {

bool isDarkPalette(const QPalette &palette);
// The hue of a record kind (applications blue, callbacks green, DDIs violet, PnP orange,
// notifications teal, verifier red, host brown, actions gold, log grey).
QColor kindHue(trace::Kind kind);
// A row background for the kind: its hue blended faintly into the base colour.
QColor kindBackground(trace::Kind kind, const QPalette &palette);
// Text of a failure: a red that keeps its contrast on the palette's base.
QColor failureText(const QPalette &palette);
// Text of routine, expected noise (QueryInterface probes): the text colour faded toward the base.
QColor quietText(const QPalette &palette);
// Success text (results): a green with contrast on the base.
QColor successText(const QPalette &palette);
QColor blend(const QColor &a, const QColor &b, qreal amountOfB);
// Fusion with a dark palette, for people (and screenshots) that want one whatever the desktop.
void applyDarkPalette(QApplication &app);

} // namespace umdfx::gui
