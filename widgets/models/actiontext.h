#pragma once
// Building action-language lines from what a person typed (docs/action-language.md): every GUI
// button produces a line, so the words must be quoted exactly as the parser reads them.

#include <QString>

namespace umdfx::gui {

// A word as a token: as it is when it needs no quotes, else "…" with \\ and \" escaped.
QString actionWord(const QString &word);
// Text as a DATA token: "…" with \\ \" \n \t \r \0 and \xHH for other control bytes (UTF-8).
QString actionTextData(const QString &text);
// Hex digits (blanks, commas and a 0x prefix allowed) as a DATA token "hex:…"; sets *error and
// returns "" when they are not whole bytes of hex.
QString actionHexData(const QString &hex, QString *error);

} // namespace umdfx::gui
