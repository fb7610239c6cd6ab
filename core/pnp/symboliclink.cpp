#include "core/pnp/symboliclink.h"

#include "core/wudf/guid.h"

namespace umdfx {

std::string makeSymbolicLink(
    std::string_view instanceId, const GUID &interfaceClass, std::string_view reference)
{
    std::string link = "\\\\?\\";
    for (char c : instanceId)
        link.push_back(c == '\\' ? '#' : c);
    link.push_back('#');
    link += wudf::guidToString(interfaceClass);
    if (!reference.empty()) {
        link.push_back('\\');
        link += reference;
    }
    return link;
}

std::optional<ParsedSymbolicLink> parseSymbolicLink(std::string_view path)
{
    constexpr std::string_view userPrefix = "\\\\?\\";
    constexpr std::string_view kernelPrefix = "\\??\\";
    std::string_view rest;
    if (path.substr(0, userPrefix.size()) == userPrefix)
        rest = path.substr(userPrefix.size());
    else if (path.substr(0, kernelPrefix.size()) == kernelPrefix)
        rest = path.substr(kernelPrefix.size());
    else
        return std::nullopt;

    // The link part ends at the first '\' (the munged instance ID contains none); the GUID is the
    // 38 characters before that, preceded by '#'.
    const auto slash = rest.find('\\');
    const std::string_view link = rest.substr(0, slash);
    constexpr std::size_t guidLength = 38;
    if (link.size() < guidLength + 2 || link[link.size() - guidLength - 1] != '#')
        return std::nullopt;
    const auto guidText = link.substr(link.size() - guidLength);
    const auto guid = wudf::parseGuid(guidText);
    if (!guid || guidText.front() != '{')
        return std::nullopt;

    ParsedSymbolicLink parsed;
    parsed.mungedInstance = std::string(link.substr(0, link.size() - guidLength - 1));
    if (parsed.mungedInstance.empty())
        return std::nullopt;
    parsed.interfaceClass = *guid;
    parsed.linkName = std::string(userPrefix) + std::string(link);
    if (slash != std::string_view::npos) {
        parsed.remainder = std::string(rest.substr(slash));
        const auto first = rest.substr(slash + 1);
        parsed.firstComponent = std::string(first.substr(0, first.find('\\')));
    }
    return parsed;
}

} // namespace umdfx
