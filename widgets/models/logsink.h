#pragma once

#include <spdlog/sinks/base_sink.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace umdfx::gui {

// Where the "umdfx" logger's messages wait for the Log dock (spdlog's sink shape: base_sink's
// final log() locks and calls sink_it_, which only copies the message into a bounded buffer; no
// Qt, no signal per message). The GUI drains the buffer on a timer, in batches. When the buffer
// is full the oldest entries are dropped and counted — never silently.
//
// Threads: any thread may log; drain() may be called from any thread (the GUI's). Shared
// (std::shared_ptr) between the logger and the model.
class LogSink final : public spdlog::sinks::base_sink<std::mutex>
{
public:
    struct Entry
    {
        std::uint64_t number = 0; // 1, 2, 3, ... in arrival order, drops included
        std::int64_t msecsSinceEpoch = 0; // wall time of the message
        int level = 0; // spdlog::level::level_enum
        std::string logger;
        std::string text;
    };

    explicit LogSink(std::size_t capacity = 10000);

    // Takes every buffered entry; *dropped gets how many were lost since the last drain.
    std::vector<Entry> drain(std::uint64_t *dropped = nullptr);

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override;
    void flush_() override { }

private:
    const std::size_t m_capacity;
    std::deque<Entry> m_entries; // guarded by base_sink::mutex_
    std::uint64_t m_next = 1; // guarded by mutex_
    std::uint64_t m_dropped = 0; // guarded by mutex_
};

} // namespace umdfx::gui

namespace umdfx::gui {
// The explorer's one sink on the "umdfx" logger, attached on first use (and never detached, so
// no thread ever logs into a sink vector being changed). The first call also lets info
// messages through the logger while keeping its other sinks (standard error) at warnings.
std::shared_ptr<LogSink> explorerLogSink();
} // namespace umdfx::gui
