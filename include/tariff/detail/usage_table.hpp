#pragma once
// The one table behind every usage aggregation (monthly_usage for billing, usage_meter for the
// billing cycle): account names numbered densely in the order they were first named, found
// through an open-addressing hash index, and the one cell a usage total is summed in, with the
// one rule that a total never passes 2^63-1. Per event it costs a hash of the name (sixteen bytes
// per multiply), a probe or two in a table at most half full and a comparison: no allocation once
// an account is known.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "../error.hpp"
#include "words.hpp"  // load_little_endian

namespace tariff::detail {

/// A 64-bit hash of a short text, for the account index. Reads the text sixteen bytes at a time
/// as two words (the last pair overlapping the one before it), never past its end, and mixes
/// each pair, with the length and what came before, by one 64x64->128-bit multiply whose halves
/// are folded together: every bit of the result then depends on every bit read.
inline std::uint64_t hash_text(std::string_view text) noexcept {
    __extension__ typedef unsigned __int128 uint128;
    constexpr std::uint64_t odd = 0x9E3779B97F4A7C15ull;  // 2^64 / the golden ratio, rounded odd
    constexpr std::uint64_t mixer = 0xFF51AFD7ED558CCDull;
    const auto mix = [](std::uint64_t a, std::uint64_t b) {
        const uint128 product = uint128{a} * b;
        return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
    };
    const char* p = text.data();
    std::size_t n = text.size();
    std::uint64_t h = (n + 1) * odd;
    std::uint64_t first = 0, second = 0;
    if (n > 16) {
        for (; n > 16; p += 16, n -= 16) {
            h = mix(load_little_endian(p) ^ mixer, load_little_endian(p + 8) ^ h);
        }
        p += n;  // the last sixteen bytes, overlapping the pair before
        first = load_little_endian(p - 16);
        second = load_little_endian(p - 8);
    } else if (n > 8) {
        first = load_little_endian(p);
        second = load_little_endian(p + n - 8);
    } else if (n >= 4) {
        std::uint32_t head, tail;
        std::memcpy(&head, p, 4);
        std::memcpy(&tail, p + n - 4, 4);
        first = head | std::uint64_t{tail} << 32;
    } else if (n > 0) {
        first = static_cast<unsigned char>(p[0]) |
                std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
                std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
    }
    return mix(first ^ mixer, second ^ h);
}

/// Whether the `size` bytes at `a` and `b` are equal: eight bytes at a time, inline, for the
/// short names an index compares once per event.
inline bool same_bytes(const char* a, const char* b, std::size_t size) noexcept {
    if (size >= 8) {
        for (; size > 8; a += 8, b += 8, size -= 8) {
            if (load_little_endian(a) != load_little_endian(b)) return false;
        }
        return load_little_endian(a + size - 8) == load_little_endian(b + size - 8);
    }
    for (std::size_t i = 0; i < size; ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

/// Account names, each numbered once, in the order first added: number i is name(i). Names live
/// back to back in one buffer, so forgetting them all (clear) keeps the memory for the next use.
/// Holds fewer than 2^32 accounts of 4 GiB of names in all (add_new throws overflow_error).
class account_index {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// Accounts added so far.
    std::size_t size() const noexcept { return names_.size(); }
    bool empty() const noexcept { return names_.empty(); }

    /// The name of account number `i`; valid until the next add or clear.
    std::string_view name(std::size_t i) const noexcept {
        return std::string_view(text_.data() + names_[i].begin, names_[i].size);
    }

    /// The number of `name`, or npos.
    std::size_t find(std::string_view name) const noexcept {
        if (slots_.empty()) return npos;
        const std::uint64_t h = hash_text(name);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t s = static_cast<std::size_t>(h) & mask;; s = (s + 1) & mask) {
            const slot& at = slots_[s];
            if (at.number == 0) return npos;
            if (at.tag == tag && at.size == name.size() &&
                same_bytes(text_.data() + at.begin, name.data(), name.size())) {
                return at.number - 1;
            }
        }
    }

    /// Adds `name`, which find() does not know, and returns its number. On an exception
    /// (allocation, or overflow_error past the limits) nothing changes.
    std::size_t add_new(std::string_view name) {
        constexpr std::size_t limit = 0xFFFFFFFF;
        if (names_.size() + 1 >= limit || name.size() > limit - text_.size()) {
            throw overflow_error("more than 2^32 accounts or 4 GiB of account names");
        }
        if (2 * (names_.size() + 1) > slots_.size()) {
            // At most half full, so probes stay short; a failed allocation leaves the old table.
            std::vector<slot> grown(slots_.empty() ? 64 : 2 * slots_.size());
            for (std::size_t i = 0; i < names_.size(); ++i) place(grown, i);
            slots_.swap(grown);
        }
        const entry added{hash_text(name), static_cast<std::uint32_t>(text_.size()),
                          static_cast<std::uint32_t>(name.size())};
        text_.append(name);
        try {
            names_.push_back(added);
        } catch (...) {
            text_.resize(added.begin);
            throw;
        }
        place(slots_, names_.size() - 1);
        return names_.size() - 1;
    }

    /// Forgets the last account added (undoing an add when a later step of the caller failed).
    void remove_last() noexcept {
        // The last name added took the first free slot on its probe path, and every name added
        // before it that probed that far stopped earlier, so emptying its slot breaks no path.
        const std::size_t i = names_.size() - 1;
        const std::size_t mask = slots_.size() - 1;
        std::size_t s = static_cast<std::size_t>(names_[i].hash) & mask;
        while (slots_[s].number != i + 1) s = (s + 1) & mask;
        slots_[s] = slot{};
        text_.resize(names_[i].begin);
        names_.pop_back();
    }

    /// Forgets every account, keeping the memory.
    void clear() noexcept {
        std::fill(slots_.begin(), slots_.end(), slot{});
        names_.clear();
        text_.clear();
    }

    /// Account numbers sorted by name (byte order).
    std::vector<std::size_t> by_name() const {
        std::vector<std::size_t> order(names_.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [this](std::size_t a, std::size_t b) { return name(a) < name(b); });
        return order;
    }

private:
    // A slot holds what a probe compares, so that a lookup reads the slot and the name only.
    struct slot {
        std::uint32_t tag = 0;     // the high half of the name's hash
        std::uint32_t number = 0;  // account number + 1; 0 marks an empty slot
        std::uint32_t begin = 0;   // the name is text_[begin, begin + size)
        std::uint32_t size = 0;
    };
    struct entry {
        std::uint64_t hash;
        std::uint32_t begin;
        std::uint32_t size;
    };

    // Puts account number `i` into an empty slot of `slots` (a power of two, never full).
    void place(std::vector<slot>& slots, std::size_t i) const noexcept {
        const entry& e = names_[i];
        const std::size_t mask = slots.size() - 1;
        std::size_t s = static_cast<std::size_t>(e.hash) & mask;
        while (slots[s].number != 0) s = (s + 1) & mask;
        slots[s] = slot{static_cast<std::uint32_t>(e.hash >> 32), static_cast<std::uint32_t>(i + 1),
                        e.begin, e.size};
    }

    std::string text_;          // every name, back to back
    std::vector<entry> names_;  // account number -> its name and hash
    std::vector<slot> slots_;   // open addressing over names_, linear probing
};

/// A usage total: the quantity summed and the number of events it came from.
struct usage_cell {
    std::int64_t quantity = 0;
    std::int64_t events = 0;
};

/// The largest a usage total may reach: 2^63-1, the largest quantity a tier table rates.
inline constexpr std::int64_t max_usage = std::numeric_limits<std::int64_t>::max();

/// Adds `quantity` and `events` (both >= 0) to `cell` unless either sum would pass 2^63-1;
/// returns whether it did (otherwise `cell` is unchanged).
constexpr bool add_usage(usage_cell& cell, std::int64_t quantity, std::int64_t events) noexcept {
    std::int64_t q = 0, e = 0;
    if (__builtin_add_overflow(cell.quantity, quantity, &q) ||
        __builtin_add_overflow(cell.events, events, &e)) {
        return false;
    }
    cell.quantity = q;
    cell.events = e;
    return true;
}

}  // namespace tariff::detail
