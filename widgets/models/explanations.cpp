#include "widgets/models/explanations.h"

namespace umdfx::gui {

namespace {
ExplanationLookup &lookup()
{
    static ExplanationLookup installed;
    return installed;
}
} // namespace

void setExplanationLookup(ExplanationLookup l)
{
    lookup() = std::move(l);
}

QString explanationFor(const QString &iface, const QString &method)
{
    const ExplanationLookup &l = lookup();
    return l ? l(iface, method) : QString();
}

} // namespace umdfx::gui
