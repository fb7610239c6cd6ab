#include "core/scenario/instanceid.h"

#include <cstdio>

namespace umdfx::scenario {

namespace {

char upper(char c)
{
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string shown(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u > 0x20 && u < 0x7F)
        return std::string("'") + c + "'";
    if (c == ' ')
        return "a space";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02x", u);
    return buf;
}

std::optional<IdProblem> characterProblem(std::string_view id, bool forbidLinkCharacters)
{
    if (id.size() >= kMaxDeviceIdLength)
        return IdProblem { 0,
            "is " + std::to_string(id.size()) + " characters long (MAX_DEVICE_ID_LEN allows "
                + std::to_string(kMaxDeviceIdLength - 1) + ")" };
    for (std::size_t i = 0; i < id.size(); ++i) {
        const auto u = static_cast<unsigned char>(id[i]);
        const bool illegal = u <= 0x20 || u >= 0x7F || u == ','
            || (forbidLinkCharacters && (u == '#' || u == '/'));
        if (illegal)
            return IdProblem { i,
                "contains " + shown(id[i]) + " (allowed: printable ASCII except space"
                    + (forbidLinkCharacters ? ", ',', '#' and '/')" : " and ',')") };
    }
    return std::nullopt;
}

} // namespace

std::optional<IdProblem> instanceIdProblem(std::string_view id)
{
    if (id.empty())
        return IdProblem { 0, "is empty (expected ENUMERATOR\\DEVICE\\INSTANCE)" };
    if (auto p = characterProblem(id, true))
        return p;
    int parts = 1;
    bool emptyPart = id.front() == '\\' || id.back() == '\\';
    for (std::size_t i = 0; i < id.size(); ++i) {
        if (id[i] != '\\')
            continue;
        ++parts;
        if (i + 1 < id.size() && id[i + 1] == '\\')
            emptyPart = true;
    }
    if (parts != 3 || emptyPart)
        return IdProblem { 0, "must have the form ENUMERATOR\\DEVICE\\INSTANCE" };
    return std::nullopt;
}

std::optional<IdProblem> hardwareIdProblem(std::string_view id)
{
    if (id.empty())
        return IdProblem { 0, "is empty" };
    return characterProblem(id, false);
}

bool sameInstanceId(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (upper(a[i]) != upper(b[i]))
            return false;
    return true;
}

std::string instanceIdKey(std::string_view id)
{
    std::string key(id);
    for (char &c : key)
        c = upper(c);
    return key;
}

} // namespace umdfx::scenario
