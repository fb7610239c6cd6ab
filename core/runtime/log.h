#pragma once
// Diagnostics for people (spdlog): what the simulator noticed, never trace data. The logger is
// named "umdfx"; it writes to standard error so that trace output on standard output stays
// clean. The GUI adds its own sink (its Log dock); tests may add a recording sink.

#include <spdlog/logger.h>

#include <memory>

namespace umdfx {

std::shared_ptr<spdlog::logger> log();

} // namespace umdfx
