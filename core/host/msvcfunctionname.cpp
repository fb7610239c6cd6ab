#include "core/host/msvcfunctionname.h"

namespace umdfx {

namespace {

bool isIdentifierChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
        || c == '$';
}

bool isOperatorSymbol(char c)
{
    switch (c) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '^':
    case '&':
    case '|':
    case '~':
    case '!':
    case '=':
    case '<':
    case '>':
    case ',':
        return true;
    default:
        return false;
    }
}

bool startsWith(std::string_view text, std::size_t at, std::string_view prefix)
{
    return text.substr(at, prefix.size()) == prefix;
}

// The ')' that closes the '(' at open (nested parentheses counted), or npos.
std::size_t matchingParen(std::string_view text, std::size_t open)
{
    int depth = 0;
    for (std::size_t i = open; i < text.size(); ++i) {
        if (text[i] == '(') {
            ++depth;
        } else if (text[i] == ')' && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

// "operator" as a keyword at i (not part of a longer identifier).
bool isOperatorKeyword(std::string_view text, std::size_t i)
{
    return startsWith(text, i, "operator") && (i == 0 || !isIdentifierChar(text[i - 1]))
        && (i + 8 == text.size() || !isIdentifierChar(text[i + 8]));
}

// The end of the operator's name that starts at "operator" (at i): "operator()", "operator<<=",
// "operator new[]", "operator const char *" (a conversion: the type, up to its parameter list).
std::size_t operatorNameEnd(std::string_view text, std::size_t i)
{
    std::size_t j = i + 8;
    if (startsWith(text, j, "()") || startsWith(text, j, "[]"))
        return j + 2;
    if (j < text.size() && isOperatorSymbol(text[j])) {
        while (j < text.size() && isOperatorSymbol(text[j]))
            ++j;
        return j;
    }
    // new, delete, co_await, a literal operator or a conversion: up to the '(' outside template
    // arguments, without the blank before it.
    int angle = 0;
    while (j < text.size() && !(text[j] == '(' && angle == 0)) {
        if (text[j] == '<')
            ++angle;
        else if (text[j] == '>' && angle > 0)
            --angle;
        ++j;
    }
    while (j > i + 8 && text[j - 1] == ' ')
        --j;
    return j;
}

} // namespace

std::string msvcFunctionName(std::string_view pretty)
{
    // Read clang's signature left to right, keeping the qualified name seen last: a blank, '*' or
    // '&' outside template arguments ends the return type or a declarator and starts a new name.
    // The name wanted is the one before the parameter list: the first '(' after a name whose ')'
    // is not followed by "::" (that one is an enclosing function's, "f()::(anonymous class)::").
    // A '(' followed by '*' or '&' opens a declarator ("int (*N::h(int))(int)"). Operators keep
    // their symbols ("operator()", "operator<"); clang's "(anonymous namespace)" and
    // "(anonymous class)" (a lambda) become MSVC's "`anonymous-namespace'" and "<lambda>".
    std::string name;
    int angle = 0;
    bool found = false;
    for (std::size_t i = 0; i < pretty.size();) {
        const char c = pretty[i];
        if (angle == 0 && isOperatorKeyword(pretty, i)) {
            const std::size_t end = operatorNameEnd(pretty, i);
            name.append(pretty.substr(i, end - i));
            if (end < pretty.size() && pretty[end] == '(') {
                const std::size_t close = matchingParen(pretty, end);
                if (close == std::string_view::npos)
                    break;
                if (!startsWith(pretty, close + 1, "::")) {
                    found = true;
                    break;
                }
                i = close + 1; // an operator that encloses a local class or a lambda
                continue;
            }
            i = end;
            continue;
        }
        if (c == '<') {
            ++angle;
        } else if (c == '>' && angle > 0) {
            --angle;
        } else if (angle == 0 && c == '(') {
            const char next = i + 1 < pretty.size() ? pretty[i + 1] : '\0';
            if (next == '*' || next == '&') {
                name.clear();
                ++i;
                continue;
            }
            const std::size_t close = matchingParen(pretty, i);
            if (close == std::string_view::npos)
                break;
            const char before = i > 0 ? pretty[i - 1] : '\0';
            if (isIdentifierChar(before) || before == '>') {
                if (!startsWith(pretty, close + 1, "::")) {
                    found = true;
                    break;
                }
                i = close + 1; // an enclosing function: MSVC names it without its parameters
                continue;
            }
            // A parenthesised part of a name: clang's spelling of an unnamed scope.
            const std::string_view group = pretty.substr(i, close + 1 - i);
            if (group == "(anonymous namespace)")
                name += "`anonymous-namespace'";
            else if (group == "(anonymous class)" || startsWith(group, 0, "(lambda at "))
                name += "<lambda>";
            else
                name.append(group);
            i = close + 1;
            continue;
        } else if (angle == 0 && (c == ' ' || c == '*' || c == '&')) {
            name.clear();
            ++i;
            continue;
        }
        name.push_back(c);
        ++i;
    }
    if (!found || name.empty())
        return std::string(pretty);
    return name;
}

} // namespace umdfx
