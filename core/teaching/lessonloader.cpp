#include "core/teaching/lessonloader.h"

#include "core/scenario/actionparser.h"
#include "core/teaching/jsonreader.h"
#include "resources/embeddedresources.h"

#include <cctype>

namespace umdfx::teaching {

using scenario::JsonDocument;
using scenario::JsonValue;
using scenario::LoadError;

namespace {

constexpr std::string_view kEmbedded = "embedded:";
constexpr std::string_view kLesson = "lesson:";

// "S1" .. "S12": the reference's §10 scenarios.
bool referenceScenario(std::string_view s)
{
    if (s.size() < 2 || s.size() > 3 || s[0] != 'S')
        return false;
    int n = 0;
    for (const char c : s.substr(1)) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
        n = n * 10 + (c - '0');
    }
    return n >= 1 && n <= 12 && s[1] != '0';
}

class LessonReader
{
public:
    LessonReader(const detail::JsonReader &json, std::string_view fileName)
        : m_json(json)
        , m_fileName(fileName)
    { }

    Lesson read() const
    {
        const JsonValue &root = m_json.root();
        m_json.expectType(root, JsonValue::Type::Object, "a lesson");
        m_json.checkKeys(
            root, { "title", "reference", "scenario", "introduction", "steps" }, "a lesson");
        Lesson lesson;
        lesson.where = m_json.where(root);
        lesson.title = m_json.requiredText(root, "title", "a lesson");
        lesson.reference = m_json.requiredText(root, "reference", "a lesson");
        if (!referenceScenario(lesson.reference))
            m_json.fail(root.member("reference")->offset,
                "\"reference\" must name a scenario of the reference's §10, S1 to S12, not \""
                    + lesson.reference + "\"");
        lesson.scenario = m_json.requiredText(root, "scenario", "a lesson");
        if (!lessonScenarioText(lesson.scenario))
            m_json.fail(root.member("scenario")->offset,
                "unknown scenario \"" + lesson.scenario
                    + "\" (expected embedded:NAME for resources/scenarios/NAME.json or "
                      "lesson:NAME for resources/lessons/scenarios/NAME.json)");
        lesson.introduction = m_json.requiredText(root, "introduction", "a lesson");
        const JsonValue &steps = m_json.required(root, "steps", "a lesson");
        m_json.expectType(steps, JsonValue::Type::Array, "\"steps\"");
        if (steps.items.empty())
            m_json.fail(steps.offset, "a lesson needs at least one step");
        for (const auto &s : steps.items)
            lesson.steps.push_back(step(s));
        return lesson;
    }

private:
    LessonStep step(const JsonValue &s) const
    {
        m_json.expectType(s, JsonValue::Type::Object, "a step");
        m_json.checkKeys(s, { "text", "action", "expect", "inOrder", "absent", "note" }, "a step");
        LessonStep step;
        step.where = m_json.where(s);
        step.text = m_json.requiredText(s, "text", "a step");
        step.note = m_json.optionalText(s, "note");
        // No "action" (or null): a "just look" step.
        if (const JsonValue *a = s.member("action"); a && a->type != JsonValue::Type::Null) {
            step.actionLine = m_json.optionalText(s, "action");
            step.action = action(*a);
        }
        step.expect = expectations(m_json.required(s, "expect", "a step"), "\"expect\"", true);
        if (const JsonValue *o = s.member("inOrder")) {
            m_json.expectType(*o, JsonValue::Type::Bool, "\"inOrder\"");
            step.inOrder = o->boolean;
        }
        if (const JsonValue *a = s.member("absent"))
            step.absent = expectations(*a, "\"absent\"", true);
        return step;
    }

    scenario::Action action(const JsonValue &a) const
    {
        if (a.text.find('\n') != std::string::npos)
            m_json.fail(a.offset, "\"action\" is one action-language line");
        auto parsed = scenario::parseActionLine(a.text, m_fileName, m_json.where(a).line);
        if (auto *err = std::get_if<LoadError>(&parsed))
            m_json.fail(m_json.whereInString(a, err->where.column - 1), err->message);
        auto action = std::get<scenario::Action>(std::move(parsed));
        if (std::holds_alternative<scenario::ExpectAction>(action.op))
            m_json.fail(a.offset,
                "a step's action is something the learner does; `expect` lines are for tests "
                "(list what the learner should see in \"expect\")");
        // The action's position is the string's in the lesson file.
        action.where = m_json.whereInString(a, action.where.column - 1);
        return action;
    }

    std::vector<Expectation> expectations(
        const JsonValue &v, const std::string &what, bool nonEmpty) const
    {
        std::vector<Expectation> out;
        for (const JsonValue *item : m_json.stringArray(v, what, nonEmpty)) {
            Expectation e;
            if (!detail::splitName(item->text, e.interfaceName, e.method) || e.interfaceName == "*")
                m_json.fail(item->offset,
                    "\"" + item->text
                        + "\" is not a record name of the form Interface::Method (e.g. "
                          "IQueueCallbackWrite::OnWrite)");
            e.where = m_json.where(*item);
            out.push_back(std::move(e));
        }
        return out;
    }

    const detail::JsonReader &m_json;
    std::string m_fileName;
};

} // namespace

std::variant<Lesson, LoadError> loadLesson(
    std::string_view text, std::string_view fileName, std::string_view id)
{
    auto parsed = JsonDocument::parse(text, fileName);
    if (auto *err = std::get_if<LoadError>(&parsed))
        return *err;
    const auto &doc = std::get<JsonDocument>(parsed);
    const detail::JsonReader json(doc, text);
    try {
        Lesson lesson = LessonReader(json, fileName).read();
        lesson.id = std::string(id);
        return lesson;
    } catch (const detail::LoadFailure &f) {
        return f.error;
    }
}

std::variant<std::vector<Lesson>, LoadError> loadEmbeddedLessons()
{
    std::vector<Lesson> lessons;
    for (const auto &f : resources::embeddedLessons()) {
        auto loaded = loadLesson(f.text, "lessons/" + std::string(f.name) + ".json", f.name);
        if (auto *err = std::get_if<LoadError>(&loaded))
            return *err;
        lessons.push_back(std::get<Lesson>(std::move(loaded)));
    }
    return lessons;
}

std::optional<std::string_view> lessonScenarioText(std::string_view reference)
{
    if (reference.starts_with(kEmbedded))
        return resources::scenario(reference.substr(kEmbedded.size()));
    if (reference.starts_with(kLesson))
        return resources::lessonScenario(reference.substr(kLesson.size()));
    return std::nullopt;
}

} // namespace umdfx::teaching
