#include "core/trace/stringtable.h"

#include <atomic>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace umdfx::trace {

namespace {

// id -> text: fixed-size chunks of views reached through a fixed array of chunk pointers, so a
// reader never sees a container reallocate under it.
constexpr std::size_t kViewChunkBits = 12;
constexpr std::size_t kViewChunkSize = std::size_t(1) << kViewChunkBits;
constexpr std::size_t kMaxViewChunks = std::size_t(1) << 14; // 67M distinct strings
// The text itself: copied into 64 KiB blocks; a long string gets a block of its own.
constexpr std::size_t kTextBlockBytes = 64 * 1024;
constexpr std::size_t kOwnBlockBytes = 4 * 1024;
constexpr std::size_t kInitialIndexSlots = 4096;

struct ViewChunk
{
    std::string_view views[kViewChunkSize];
};

// text -> id: open addressing with linear probing, at most half full. A slot holds the upper 32
// bits of the string's hash (to skip most string compares) and the id; 0 = empty. Slots go from
// empty to filled exactly once, so a reader probing without the lock sees either the entry or an
// empty slot, and an empty slot means "not here (yet)": the caller then takes the lock. When the
// index grows, the old one stays alive (readers may still be probing it) until the process ends.
struct Index
{
    explicit Index(std::size_t capacity)
        : mask(capacity - 1)
        , slots(new std::atomic<std::uint64_t>[capacity]())
    { }
    std::size_t capacity() const { return mask + 1; }

    std::size_t mask;
    std::unique_ptr<std::atomic<std::uint64_t>[]> slots;
};

std::uint64_t hashOf(std::string_view s)
{
    return static_cast<std::uint64_t>(std::hash<std::string_view> {}(s));
}

class StringTable
{
public:
    StringTable()
        : m_views(new std::atomic<ViewChunk *>[kMaxViewChunks]())
    {
        m_views[0].store(new ViewChunk, std::memory_order_relaxed); // id 0 is "" (a null view)
        m_indexes.push_back(std::make_unique<Index>(kInitialIndexSlots));
        m_index.store(m_indexes.back().get(), std::memory_order_release);
        m_count.store(1, std::memory_order_release);
    }

    StrId intern(std::string_view s)
    {
        if (s.empty())
            return 0;
        const std::uint64_t h = hashOf(s);
        if (const StrId id = find(*m_index.load(std::memory_order_acquire), s, h))
            return id;
        return insert(s, h);
    }

    std::string_view str(StrId id) const
    {
        // The count is published after the view is written: an id below it has its text.
        if (id >= m_count.load(std::memory_order_acquire))
            return {};
        return view(id);
    }

    std::size_t count() const { return m_count.load(std::memory_order_acquire); }

private:
    std::string_view view(StrId id) const
    {
        return m_views[id >> kViewChunkBits]
            .load(std::memory_order_acquire)
            ->views[id & (kViewChunkSize - 1)];
    }

    StrId find(const Index &index, std::string_view s, std::uint64_t h) const
    {
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::size_t i = h & index.mask;; i = (i + 1) & index.mask) {
            const std::uint64_t slot = index.slots[i].load(std::memory_order_acquire);
            if (slot == 0)
                return 0;
            if (static_cast<std::uint32_t>(slot >> 32) == tag) {
                const auto id = static_cast<StrId>(slot);
                if (view(id) == s)
                    return id;
            }
        }
    }

    static void place(Index &index, std::uint64_t h, StrId id, std::memory_order order)
    {
        const std::uint64_t slot = (h >> 32 << 32) | id;
        for (std::size_t i = h & index.mask;; i = (i + 1) & index.mask) {
            if (index.slots[i].load(std::memory_order_relaxed) == 0) {
                index.slots[i].store(slot, order);
                return;
            }
        }
    }

    StrId insert(std::string_view s, std::uint64_t h)
    {
        std::lock_guard lock(m_mutex);
        Index *index = m_index.load(std::memory_order_relaxed);
        // Someone may have added it between our lock-free look and taking the lock.
        if (const StrId id = find(*index, s, h))
            return id;
        const std::size_t next = m_count.load(std::memory_order_relaxed);
        if (next >= kMaxViewChunks * kViewChunkSize)
            throw std::length_error("umdfx::trace::intern: too many distinct strings");
        const auto id = static_cast<StrId>(next);
        auto &chunkSlot = m_views[id >> kViewChunkBits];
        ViewChunk *chunk = chunkSlot.load(std::memory_order_relaxed);
        if (!chunk) {
            chunk = new ViewChunk;
            chunkSlot.store(chunk, std::memory_order_release);
        }
        chunk->views[id & (kViewChunkSize - 1)] = copyText(s);
        if ((next + 1) * 2 > index->capacity())
            index = grow(*index, next);
        m_count.store(next + 1, std::memory_order_release);
        place(*index, h, id, std::memory_order_release);
        return id;
    }

    // A twice-as-large index holding ids 1..count-1, published before it is returned.
    Index *grow(const Index &old, std::size_t count)
    {
        auto bigger = std::make_unique<Index>(old.capacity() * 2);
        for (std::size_t id = 1; id < count; ++id)
            place(*bigger, hashOf(view(static_cast<StrId>(id))), static_cast<StrId>(id),
                std::memory_order_relaxed);
        Index *raw = bigger.get();
        m_indexes.push_back(std::move(bigger));
        m_index.store(raw, std::memory_order_release);
        return raw;
    }

    std::string_view copyText(std::string_view s)
    {
        char *dest = nullptr;
        if (s.size() > kOwnBlockBytes) {
            m_blocks.emplace_back(new char[s.size()]);
            dest = m_blocks.back().get();
        } else {
            if (!m_block || m_blockUsed + s.size() > kTextBlockBytes) {
                m_blocks.emplace_back(new char[kTextBlockBytes]);
                m_block = m_blocks.back().get();
                m_blockUsed = 0;
            }
            dest = m_block + m_blockUsed;
            m_blockUsed += s.size();
        }
        std::memcpy(dest, s.data(), s.size());
        return { dest, s.size() };
    }

    std::unique_ptr<std::atomic<ViewChunk *>[]> m_views; // chunks are never freed
    std::atomic<Index *> m_index { nullptr }; // the current index; owned by m_indexes
    std::atomic<std::size_t> m_count { 0 }; // ids handed out, 0 included

    std::mutex m_mutex; // guards everything below, and every write above
    std::vector<std::unique_ptr<Index>> m_indexes; // current and retired indexes
    std::vector<std::unique_ptr<char[]>> m_blocks; // the text of every string
    char *m_block = nullptr; // the block being filled
    std::size_t m_blockUsed = 0;
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
