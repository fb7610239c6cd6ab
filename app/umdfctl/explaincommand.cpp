#include "app/umdfctl/explaincommand.h"

#include "app/umdfctl/commands.h"
#include "app/umdfctl/output.h"

#include "core/common/messagetext.h"
#include "core/teaching/explanationcatalog.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace umdfctl {

namespace {

using umdfx::teaching::Explanation;
using umdfx::teaching::ExplanationCatalog;

constexpr std::size_t kWidth = 100; // a terminal's readable width

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// "Must do:    text…" wrapped at kWidth, continuation lines under the text.
void printField(std::string_view label, const std::string &text)
{
    if (text.empty())
        return;
    constexpr std::size_t indent = 18;
    std::string line(label);
    line.resize(indent, ' ');
    std::size_t column = indent;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t space = text.find(' ', i);
        const std::size_t end = space == std::string::npos ? text.size() : space;
        const std::string_view word(text.data() + i, end - i);
        if (column > indent && column + 1 + word.size() > kWidth) {
            std::printf("%s\n", line.c_str());
            line.assign(indent, ' ');
            column = indent;
        } else if (column > indent) {
            line += ' ';
            ++column;
        }
        line += word;
        column += word.size();
        i = end + 1;
    }
    std::printf("%s\n", line.c_str());
}

std::string displayName(const Explanation &e)
{
    return e.interfaceName == "*" ? "<module>::" + e.method : e.name();
}

void print(const Explanation &e)
{
    std::string kinds;
    for (const auto kind : e.kinds)
        kinds += (kinds.empty() ? "" : ", ") + std::string(umdfx::trace::kindName(kind));
    std::printf("%s  (%s)\n", displayName(e).c_str(), kinds.c_str());
    printField("", e.summary);
    printField("What for:", e.purpose);
    printField("When:", e.when);
    printField("Must do:", e.mustDo);
    printField("Mistakes:", e.mistakes);
    printField("By the framework:", e.byFramework);
    printField("Documentation:", e.docs);
    if (!e.aliases.empty()) {
        std::string aliases;
        for (const auto &a : e.aliases)
            aliases += (aliases.empty() ? "" : ", ") + a;
        printField("Also traced as:", aliases);
    }
}

} // namespace

int commandExplain(const QStringList &positional)
{
    const ExplanationCatalog *catalog = nullptr;
    try {
        catalog = &ExplanationCatalog::embedded();
    } catch (const std::exception &e) {
        printError(std::string("the explanation catalog does not load: ") + e.what());
        return ExitFailed;
    }
    if (positional.isEmpty()) {
        for (const Explanation &e : catalog->entries())
            std::printf("%-52s %s\n", displayName(e).c_str(), e.summary.c_str());
        return ExitOk;
    }
    const std::string name = positional.first().toStdString();
    std::vector<const Explanation *> found;
    if (name.find("::") != std::string::npos) {
        if (const Explanation *e = catalog->find(name))
            found.push_back(e);
    } else {
        // A method alone, or a verifier rule (its entries are UMDFVerifier::V5).
        const std::string wanted = lower(name);
        for (const Explanation &e : catalog->entries())
            if (lower(e.method) == wanted)
                found.push_back(&e);
    }
    if (found.empty()) {
        std::vector<std::string> similar;
        const std::string wanted = lower(name);
        for (const Explanation &e : catalog->entries())
            if (lower(e.name()).find(wanted) != std::string::npos && similar.size() < 8)
                similar.push_back(displayName(e));
        std::string message = "no explanation for '" + umdfx::excerpt(name) + "'";
        if (!similar.empty()) {
            message += "; names that contain it:";
            for (const auto &s : similar)
                message += " " + s;
        } else {
            message += " (names look like IQueueCallbackWrite::OnWrite, OnWrite or V5; "
                       "'umdfctl explain' lists them all)";
        }
        printError(message);
        return ExitBadInput;
    }
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (i > 0)
            std::printf("\n");
        print(*found[i]);
    }
    return ExitOk;
}

} // namespace umdfctl
