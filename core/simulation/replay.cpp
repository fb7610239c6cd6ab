#include "core/simulation/replay.h"

#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/traceformat.h"

#include <algorithm>

namespace umdfx {

bool sameRecord(const trace::TraceStore &a, const trace::TraceRecord &ra,
    const trace::TraceStore &b, const trace::TraceRecord &rb)
{
    // String ids are this process's in both stores (a file's are re-interned when it is read), so
    // equal ids are equal text.
    if (ra.tNs != rb.tNs || ra.thread != rb.thread || ra.kind != rb.kind || ra.phase != rb.phase
        || ra.from != rb.from || ra.to != rb.to || ra.device != rb.device || ra.iface != rb.iface
        || ra.method != rb.method || ra.object != rb.object || ra.hasHr != rb.hasHr
        || (ra.hasHr && ra.hr != rb.hr) || ra.call != rb.call || ra.request != rb.request)
        return false;
    const auto ba = a.args(ra).blob();
    const auto bb = b.args(rb).blob();
    return std::equal(ba.begin(), ba.end(), bb.begin(), bb.end());
}

namespace {

// "file:3:7" back into a location (the file name may hold colons itself).
std::optional<scenario::SourceLocation> parseWhere(std::string_view text)
{
    const auto second = text.rfind(':');
    if (second == std::string_view::npos || second == 0)
        return std::nullopt;
    const auto first = text.rfind(':', second - 1);
    if (first == std::string_view::npos)
        return std::nullopt;
    scenario::SourceLocation at;
    at.file = std::string(text.substr(0, first));
    try {
        at.line = std::stoi(std::string(text.substr(first + 1, second - first - 1)));
        at.column = std::stoi(std::string(text.substr(second + 1)));
    } catch (const std::exception &) {
        return std::nullopt;
    }
    return at;
}

} // namespace

std::variant<PreparedReplay, std::string> prepareReplay(const trace::TraceFile &file)
{
    const auto name = file.info.meta.find("scenario.file");
    const std::string scenarioName
        = name != file.info.meta.end() ? name->second : std::string("scenario");
    // Parsing the empty text would say "scenario:1:1: syntax error": say what is missing.
    if (file.info.scenarioText.empty())
        return std::string("the trace holds no scenario (no Scenario chunk, or an empty one): "
                           "there is nothing to replay");
    auto loaded = scenario::loadScenario(file.info.scenarioText, scenarioName);
    if (auto *err = std::get_if<scenario::LoadError>(&loaded))
        return "the trace's scenario does not load: " + err->toString();
    PreparedReplay prepared;
    prepared.scenario = std::get<scenario::Scenario>(std::move(loaded));
    int lineNo = 0;
    for (const auto &[seq, line] : file.actions) {
        auto parsed = scenario::parseActionLine(line, "action log", ++lineNo);
        if (auto *err = std::get_if<scenario::LoadError>(&parsed))
            return "the trace's action log does not parse: " + err->toString();
        auto action = std::get<scenario::Action>(std::move(parsed));
        // Where the action was written (its record says): part of the record being compared.
        if (seq < file.store->size()) {
            trace::ArgValue where;
            if (file.store->args(file.store->at(seq)).find("where", where))
                if (auto at = parseWhere(where.text))
                    action.where = *at;
        }
        prepared.actions.push_back(std::move(action));
    }
    return prepared;
}

ReplayResult replayTrace(const trace::TraceFile &file, const DriverModuleRegistry &modules)
{
    ReplayResult result;
    auto prepared = prepareReplay(file);
    if (auto *err = std::get_if<std::string>(&prepared)) {
        result.error = *err;
        result.summary = *err;
        return result;
    }
    const auto &[scenarioToRun, actions] = std::get<PreparedReplay>(prepared);
    if (auto missing = findDriverModules(scenarioToRun, modules)) {
        result.error = "the trace's scenario does not load here: " + missing->toString();
        result.summary = *result.error;
        return result;
    }

    Simulation sim(scenarioToRun, modules);
    sim.powerOn();
    ActionRunner runner(sim);
    for (const auto &a : actions)
        runner.run(a);

    std::lock_guard lock(sim.world().lock);
    const trace::TraceStore &mine = sim.world().trace;
    const trace::TraceStore &theirs = *file.store;
    result.recorded = theirs.size();
    result.replayed = mine.size();
    const std::uint64_t n = std::min(result.recorded, result.replayed);
    for (std::uint64_t i = 0; i < n; ++i) {
        ++result.compared;
        if (!sameRecord(theirs, theirs.at(i), mine, mine.at(i))) {
            result.firstDifference = i;
            result.expected = trace::toTextLine(theirs, theirs.at(i));
            result.actual = trace::toTextLine(mine, mine.at(i));
            break;
        }
    }
    if (!result.firstDifference && result.replayed < result.recorded) {
        result.firstDifference = result.replayed;
        result.expected = trace::toTextLine(theirs, theirs.at(result.replayed));
        result.actual = "(the replay ends here)";
    }
    // A capture cut off (no End chunk) holds a prefix of the run: more replayed records are fine.
    if (!result.firstDifference && result.replayed > result.recorded && file.complete) {
        result.firstDifference = result.recorded;
        result.expected = "(the trace ends here)";
        result.actual = trace::toTextLine(mine, mine.at(result.recorded));
    }
    result.matches = !result.firstDifference;
    const std::string counts = trace::withThousands(result.compared) + " records";
    if (result.matches) {
        result.summary = "the replay matches: " + counts + " compared"
            + (file.complete ? std::string()
                             : " (the capture was cut off; the replay went on to "
                        + trace::withThousands(result.replayed) + ")");
    } else {
        result.summary = "the replay differs at record #"
            + trace::withThousands(*result.firstDifference) + " ("
            + trace::withThousands(result.recorded) + " recorded, "
            + trace::withThousands(result.replayed) + " replayed)";
    }
    return result;
}

} // namespace umdfx
