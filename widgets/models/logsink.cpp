#include "widgets/models/logsink.h"

#include <chrono>

namespace umdfx::gui {

LogSink::LogSink(std::size_t capacity)
    : m_capacity(capacity ? capacity : 1)
{ }

void LogSink::sink_it_(const spdlog::details::log_msg &msg)
{
    Entry e;
    e.number = m_next++;
    e.msecsSinceEpoch
        = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch())
              .count();
    e.level = int(msg.level);
    e.logger.assign(msg.logger_name.data(), msg.logger_name.size());
    e.text.assign(msg.payload.data(), msg.payload.size());
    if (m_entries.size() == m_capacity) {
        m_entries.pop_front();
        ++m_dropped;
    }
    m_entries.push_back(std::move(e));
}

std::vector<LogSink::Entry> LogSink::drain(std::uint64_t *dropped)
{
    std::lock_guard lock(mutex_);
    std::vector<Entry> out(
        std::make_move_iterator(m_entries.begin()), std::make_move_iterator(m_entries.end()));
    m_entries.clear();
    if (dropped)
        *dropped = m_dropped;
    m_dropped = 0;
    return out;
}

} // namespace umdfx::gui

#include "core/runtime/log.h"

namespace umdfx::gui {

std::shared_ptr<LogSink> explorerLogSink()
{
    static const std::shared_ptr<LogSink> sink = [] {
        auto s = std::make_shared<LogSink>();
        const auto logger = umdfx::log();
        for (const auto &other : logger->sinks())
            other->set_level(std::max(logger->level(), spdlog::level::warn));
        s->set_level(spdlog::level::trace);
        logger->sinks().push_back(s);
        logger->set_level(std::min(logger->level(), spdlog::level::info));
        return s;
    }();
    return sink;
}

} // namespace umdfx::gui
