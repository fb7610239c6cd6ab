#include "widgets/models/explanations.h"

#include "core/teaching/explanationcatalog.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace umdfx::gui {

namespace {

const teaching::ExplanationCatalog *catalog()
{
    static const teaching::ExplanationCatalog *loaded
        = []() -> const teaching::ExplanationCatalog * {
        try {
            return &teaching::ExplanationCatalog::embedded();
        } catch (const std::exception &e) {
            spdlog::error("the explanation catalog does not load, no explanations: {}", e.what());
            return nullptr;
        }
    }();
    return loaded;
}

QString html(const std::string &text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

} // namespace

const teaching::Explanation *explanationOf(const trace::TraceRecord &record)
{
    const teaching::ExplanationCatalog *c = catalog();
    return c ? c->find(record) : nullptr;
}

const teaching::Explanation *explanationOf(
    std::string_view iface, std::string_view method, trace::Kind kind)
{
    const teaching::ExplanationCatalog *c = catalog();
    if (!c)
        return nullptr;
    const teaching::Explanation *e = c->find(iface, method);
    if (e && e->interfaceName == "*" && !e->explainsKind(kind))
        return nullptr;
    return e;
}

QString explanationToolTipHtml(const teaching::Explanation *entry)
{
    if (!entry)
        return {};
    // A wildcard entry (the host's per-module records) is named by its method alone.
    const std::string name = entry->interfaceName == "*" ? entry->method : entry->name();
    QString text = QStringLiteral("<p><b>") + html(name) + QStringLiteral("</b>: ")
        + html(entry->summary) + QStringLiteral("</p>");
    if (!entry->when.empty())
        text += QStringLiteral("<p><i>When:</i> ") + html(entry->when) + QStringLiteral("</p>");
    if (!entry->mustDo.empty())
        text
            += QStringLiteral("<p><i>Must do:</i> ") + html(entry->mustDo) + QStringLiteral("</p>");
    return text;
}

} // namespace umdfx::gui
