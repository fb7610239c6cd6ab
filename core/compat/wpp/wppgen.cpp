// umdfx_wppgen: writes the .tmh file a UMDF 1 driver source includes ("#include "device.tmh""),
// from the driver's WPP configuration — the FUNC lines of its "begin_wpp config … end_wpp"
// comment, normally in internal.h — as Microsoft's WPP preprocessor would, but for the simulated
// host: each trace macro becomes a call of umdfx_wpp_trace (core/compat/compatruntime.h).
//
//   umdfx_wppgen --config internal.h --output device.tmh [--source device.cpp]
//
// Understood: FUNC Name(LEVEL, MSG, ...); FUNC Name(LEVEL, FLAGS, MSG, ...); FUNC Name{FLAG=X}(…)
// and {LEVEL=Y} for fixed values; USEPREFIX/USESUFFIX and CUSTOM_TYPE lines are accepted and
// ignored. Anything else in the block is an error with its line. Exit status 0, or 2 with a
// message "file:line: what is wrong".
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Func
{
    std::string name;
    std::vector<std::string> params; // LEVEL, FLAGS, MSG, ...
    std::map<std::string, std::string> fixed; // FLAG=X, LEVEL=Y
    int line = 0;
};

std::string trim(const std::string &s)
{
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return s.substr(b, e - b);
}

std::vector<std::string> split(const std::string &s, char sep)
{
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(s);
    while (std::getline(in, part, sep))
        out.push_back(trim(part));
    return out;
}

[[noreturn]] void die(const std::string &message)
{
    std::fprintf(stderr, "umdfx_wppgen: %s\n", message.c_str());
    std::exit(2);
}

// "FUNC Trace{FLAG=MYDRIVER_ALL_INFO}(LEVEL, MSG, ...);" (the "//" already removed)
Func parseFunc(const std::string &text, const std::string &where)
{
    Func f;
    std::string rest = trim(text.substr(4));
    std::size_t i = 0;
    while (i < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[i])) || rest[i] == '_'))
        ++i;
    f.name = rest.substr(0, i);
    if (f.name.empty())
        die(where + ": FUNC needs a macro name");
    rest = trim(rest.substr(i));
    if (!rest.empty() && rest[0] == '{') {
        const auto close = rest.find('}');
        if (close == std::string::npos)
            die(where + ": '{' without '}' in FUNC " + f.name);
        for (const auto &kv : split(rest.substr(1, close - 1), ',')) {
            const auto eq = kv.find('=');
            if (eq == std::string::npos)
                die(where + ": expected KEY=VALUE in {…} of FUNC " + f.name + ", got '" + kv + "'");
            const std::string key = trim(kv.substr(0, eq));
            // The keys WPP gives a fixed value: a misspelt one would silently drop the value.
            if (key != "FLAG" && key != "FLAGS" && key != "LEVEL")
                die(where + ": FUNC " + f.name + ": unknown key '" + key
                    + "' in {…} (FLAG, FLAGS, LEVEL)");
            f.fixed[key == "FLAGS" ? std::string("FLAG") : key] = trim(kv.substr(eq + 1));
        }
        rest = trim(rest.substr(close + 1));
    }
    if (rest.empty() || rest[0] != '(')
        die(where + ": expected '(' after FUNC " + f.name);
    const auto close = rest.find(')');
    if (close == std::string::npos)
        die(where + ": '(' without ')' in FUNC " + f.name);
    f.params = split(rest.substr(1, close - 1), ',');
    bool hasMsg = false, hasDots = false;
    for (const auto &p : f.params) {
        hasMsg |= p == "MSG";
        hasDots |= p == "...";
        if (p != "LEVEL" && p != "FLAGS" && p != "MSG" && p != "...")
            die(where + ": FUNC " + f.name + ": unknown parameter '" + p
                + "' (LEVEL, FLAGS, MSG, ...)");
    }
    if (!hasMsg || !hasDots || f.params.back() != "...")
        die(where + ": FUNC " + f.name + " needs MSG and a final ...");
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    std::string config, output, source;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if ((a == "--config" || a == "--output" || a == "--source") && i + 1 < argc) {
            (a == "--config" ? config : a == "--output" ? output : source) = argv[++i];
        } else {
            die("usage: umdfx_wppgen --config FILE --output FILE.tmh [--source FILE]");
        }
    }
    if (config.empty() || output.empty())
        die("usage: umdfx_wppgen --config FILE --output FILE.tmh [--source FILE]");
    std::ifstream in(config);
    if (!in)
        die(config + ": cannot open");
    std::vector<Func> funcs;
    std::string line;
    int lineNo = 0;
    bool inBlock = false, sawBlock = false;
    int blockLine = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        std::string t = trim(line);
        if (t.rfind("//", 0) == 0)
            t = trim(t.substr(2));
        if (!inBlock) {
            if (t.find("begin_wpp config") != std::string::npos) {
                inBlock = sawBlock = true;
                blockLine = lineNo;
            }
            continue;
        }
        if (t.find("end_wpp") != std::string::npos) {
            inBlock = false;
            continue;
        }
        if (t.empty())
            continue;
        const std::string where = config + ":" + std::to_string(lineNo);
        if (t.rfind("FUNC ", 0) == 0)
            funcs.push_back(parseFunc(t, where));
        else if (t.rfind("USEPREFIX", 0) == 0 || t.rfind("USESUFFIX", 0) == 0
            || t.rfind("CUSTOM_TYPE", 0) == 0)
            continue; // formatting details of the real WPP: not needed here
        else
            die(where + ": not understood in the WPP configuration: '" + t + "'");
        funcs.back().line = lineNo;
    }
    if (inBlock)
        die(config + ":" + std::to_string(blockLine) + ": 'begin_wpp config' without 'end_wpp'");
    if (!sawBlock)
        die(config + ": no 'begin_wpp config' block");

    std::ostringstream tmh;
    tmh << "// Generated by umdfx_wppgen from " << config
        << (source.empty() ? std::string() : " for " + source) << ". Do not edit.\n"
        << "#pragma once\n#include \"core/compat/wpp/wppruntime.h\"\n\n"
        << "// The control GUID's flags as names (WPP_DEFINE_BIT), for code that uses them.\n"
        << "#if defined(WPP_CONTROL_GUIDS) && !defined(UMDFX_WPP_BITS_DEFINED)\n"
        << "#define UMDFX_WPP_BITS_DEFINED\n"
        << "#define WPP_DEFINE_CONTROL_GUID(name, guid, bits) bits\n"
        << "#define WPP_DEFINE_BIT(name) WPP_BIT_##name,\n"
        << "enum UmdfxWppBits { WPP_CONTROL_GUIDS UmdfxWppBitsEnd };\n"
        << "#undef WPP_DEFINE_CONTROL_GUID\n#undef WPP_DEFINE_BIT\n#endif\n\n";
    for (const auto &f : funcs) {
        std::string params;
        for (const auto &p : f.params)
            params += (params.empty() ? "" : ", ") + p;
        const auto fixedLevel = f.fixed.find("LEVEL");
        const auto fixedFlag = f.fixed.find("FLAG");
        const bool hasLevel
            = std::find(f.params.begin(), f.params.end(), "LEVEL") != f.params.end();
        const bool hasFlags
            = std::find(f.params.begin(), f.params.end(), "FLAGS") != f.params.end();
        const std::string level = hasLevel ? "(LEVEL)"
            : fixedLevel != f.fixed.end()  ? "(" + fixedLevel->second + ")"
                                           : "TRACE_LEVEL_INFORMATION";
        const std::string flag = hasFlags ? "#FLAGS"
            : fixedFlag != f.fixed.end()  ? "\"" + fixedFlag->second + "\""
                                          : "\"\"";
        tmh << "// " << config << ":" << f.line << "\n#undef " << f.name << "\n#define " << f.name
            << "(" << params << ") umdfx_wpp_trace(__FILE__, __LINE__, __PRETTY_FUNCTION__, "
            << level << ", " << flag << ", \"" << f.name << "\", MSG, ##__VA_ARGS__)\n";
    }
    std::ofstream out(output, std::ios::trunc);
    out << tmh.str();
    if (!out)
        die(output + ": cannot write");
    return 0;
}
