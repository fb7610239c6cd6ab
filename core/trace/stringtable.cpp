#include "core/trace/stringtable.h"

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace umdfx::trace {

namespace {

// Strings live in fixed-size chunks reached through a fixed array of atomic chunk pointers, so
// a reader never sees a container reallocate under it.
constexpr std::size_t kChunkBits = 12;
constexpr std::size_t kChunkSize = std::size_t(1) << kChunkBits;
constexpr std::size_t kMaxChunks = 1 << 14; // 67M distinct strings

struct Chunk
{
    std::array<std::string_view, kChunkSize> views {};
};

class StringTable
{
public:
    StringTable()
    {
        m_chunks[0].store(new Chunk, std::memory_order_release);
        m_count = 1; // id 0 = ""
    }

    StrId intern(std::string_view s)
    {
        if (s.empty())
            return 0;
        std::lock_guard lock(m_mutex);
        if (auto it = m_ids.find(s); it != m_ids.end())
            return it->second;
        const auto id = static_cast<StrId>(m_count);
        const std::size_t chunk = id >> kChunkBits;
        if (chunk >= kMaxChunks)
            return 0;
        Chunk *c = m_chunks[chunk].load(std::memory_order_relaxed);
        if (!c) {
            c = new Chunk;
            m_chunks[chunk].store(c, std::memory_order_release);
        }
        m_storage.push_back(std::make_unique<std::string>(s));
        const std::string_view stored = *m_storage.back();
        c->views[id & (kChunkSize - 1)] = stored;
        m_ids.emplace(stored, id);
        ++m_count;
        return id;
    }

    std::string_view str(StrId id) const
    {
        const std::size_t chunk = id >> kChunkBits;
        if (chunk >= kMaxChunks)
            return {};
        const Chunk *c = m_chunks[chunk].load(std::memory_order_acquire);
        return c ? c->views[id & (kChunkSize - 1)] : std::string_view();
    }

    std::size_t count()
    {
        std::lock_guard lock(m_mutex);
        return m_count;
    }

private:
    std::mutex m_mutex;
    std::unordered_map<std::string_view, StrId> m_ids;
    std::vector<std::unique_ptr<std::string>> m_storage;
    std::array<std::atomic<Chunk *>, kMaxChunks> m_chunks {};
    std::size_t m_count = 0;
};

StringTable &table()
{
    // Never destroyed: ids and views must stay valid through static destruction of the process.
    static StringTable *t = new StringTable;
    return *t;
}

} // namespace

StrId intern(std::string_view s)
{
    return table().intern(s);
}
std::string_view str(StrId id)
{
    return table().str(id);
}
std::size_t internedCount()
{
    return table().count();
}

} // namespace umdfx::trace
