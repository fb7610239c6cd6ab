#include "core/common/boundedread.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace umdfx {

namespace {

std::string kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

} // namespace

std::string byteSizeText(std::size_t bytes)
{
    constexpr std::size_t kKiB = 1024, kMiB = kKiB * 1024, kGiB = kMiB * 1024;
    if (bytes >= kGiB && bytes % kGiB == 0)
        return std::to_string(bytes / kGiB) + " GiB";
    if (bytes >= kMiB && bytes % kMiB == 0)
        return std::to_string(bytes / kMiB) + " MiB";
    if (bytes >= kKiB && bytes % kKiB == 0)
        return std::to_string(bytes / kKiB) + " KiB";
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

int openRegularFile(const std::string &path, std::string &error)
{
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for ever.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        error = std::string("cannot open: ") + std::strerror(errno);
        return -1;
    }
    struct stat st = {};
    if (::fstat(fd, &st) != 0) {
        error = std::string("cannot open: ") + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        const std::string kind = kindOf(st.st_mode);
        error = kind.rfind("a ", 0) == 0 ? "it is " + kind + ", not a regular file"
                                         : "it is not a regular file";
        ::close(fd);
        return -1;
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

bool readBoundedDescriptor(
    int fd, std::size_t limit, std::string_view what, std::string &out, std::string &error)
{
    out.clear();
    constexpr std::size_t kBlock = 64 * 1024;
    char block[kBlock];
    for (;;) {
        // One byte past the limit tells "exactly the limit" from "more".
        const std::size_t room = limit + 1 - out.size();
        const ssize_t n = ::read(fd, block, std::min(kBlock, room));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            error = std::string("cannot read: ") + std::strerror(errno);
            out.clear();
            return false;
        }
        if (n == 0)
            return true;
        out.append(block, static_cast<std::size_t>(n));
        if (out.size() > limit) {
            error = "larger than the " + byteSizeText(limit) + " " + std::string(what)
                + " may have; read stopped there";
            out.clear();
            out.shrink_to_fit();
            return false;
        }
    }
}

bool readBoundedFile(const std::string &path, std::size_t limit, std::string_view what,
    std::string &out, std::string &error)
{
    if (path == "-")
        return readBoundedDescriptor(STDIN_FILENO, limit, what, out, error);
    const int fd = openRegularFile(path, error);
    if (fd < 0)
        return false;
    struct stat st = {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0)
        out.reserve(std::min<std::size_t>(static_cast<std::size_t>(st.st_size), limit + 1));
    const bool ok = readBoundedDescriptor(fd, limit, what, out, error);
    ::close(fd);
    return ok;
}

} // namespace umdfx
