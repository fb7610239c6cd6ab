#include "core/runtime/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace umdfx {

std::shared_ptr<spdlog::logger> log()
{
    static const std::shared_ptr<spdlog::logger> logger = [] {
        auto existing = spdlog::get("umdfx");
        if (existing)
            return existing;
        auto l = spdlog::stderr_color_mt("umdfx");
        l->set_level(spdlog::level::warn);
        l->set_pattern("umdfx %^%l%$: %v");
        return l;
    }();
    return logger;
}

} // namespace umdfx
