#pragma once

#include <QStringList>

namespace umdfctl {

// umdfctl explain [NAME]: the explanation catalog's entry for a traced Interface::Method
// (docs/teaching.md) — what it is for, when it comes, what must be done, the common mistakes and
// its Microsoft page — in a terminal. NAME is Interface::Method, a method alone (every entry of
// that method) or a verifier rule (V5); without NAME, every entry with its summary. An unknown
// name exits 2 with the names that contain it.
int commandExplain(const QStringList &positional);

} // namespace umdfctl
