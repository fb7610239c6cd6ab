#pragma once
// Reading what a user names (a scenario, an action script, standard input, an INF beside a
// plugin, a trace file) as hostile input: never more than a limit, never blocked in open() by a
// FIFO with no writer, never reading a device (/dev/zero) until memory runs out. The limit is
// checked while reading, so memory stays bounded by it whatever the file is.
//
// Pure functions over the file system; any thread may call them.

#include <cstddef>
#include <string>
#include <string_view>

namespace umdfx {

// "16 MiB", "64 KiB", "100 bytes": a limit as messages state it.
std::string byteSizeText(std::size_t bytes);

// Opens `path` for reading if it is a regular file: O_NONBLOCK so that a FIFO cannot block the
// open, then fstat. Returns the descriptor (blocking again, close-on-exec), or -1 with `error` set
// to what is wrong ("it is a FIFO, not a regular file", "cannot open: No such file or
// directory"); messages name the file first: "PATH: " + error.
int openRegularFile(const std::string &path, std::string &error);

// Reads a whole regular file into `out`, at most `limit` bytes. `what` names the content with its
// article for the message ("a scenario"). False with `error` set on failure, e.g. "larger than
// the 16 MiB a scenario may have; read stopped there" (shown as "scenario.json: " + error).
// "-" means standard input, read with the same limit (its messages call it <stdin>).
bool readBoundedFile(const std::string &path, std::size_t limit, std::string_view what,
    std::string &out, std::string &error);

// The same for an open descriptor (standard input, a pipe): reads to its end or one byte past
// `limit`, whichever comes first.
bool readBoundedDescriptor(
    int fd, std::size_t limit, std::string_view what, std::string &out, std::string &error);

// How a message names a path given to readBoundedFile: "-" is "<stdin>".
inline std::string inputName(const std::string &path)
{
    return path == "-" ? std::string("<stdin>") : path;
}

} // namespace umdfx
