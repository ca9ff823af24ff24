#pragma once
// Text eight bytes at a time, for the per-event paths of billing (timestamps, CSV fields,
// account names, counts): a word loaded so that its lowest byte is the first on any byte order,
// and byte masks computed on it without a branch per character.

#include <cstdint>
#include <cstring>

namespace tariff::detail {

/// The eight bytes at `p` as a word whose lowest byte is p[0], whatever the machine's byte order.
inline std::uint64_t load_little_endian(const char* p) noexcept {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word = __builtin_bswap64(word);
#endif
    return word;
}

inline constexpr std::uint64_t every_byte = 0x0101010101010101ull;
inline constexpr std::uint64_t high_bits = 0x8080808080808080ull;

/// The high bit of each byte of `word` equal to `c`, and no other bit (exact: no false hits
/// from borrows, unlike the shorter has-zero-byte test).
constexpr std::uint64_t bytes_equal(std::uint64_t word, unsigned char c) noexcept {
    constexpr std::uint64_t low_bits = ~high_bits;
    const std::uint64_t x = word ^ (every_byte * c);
    return ~(((x & low_bits) + low_bits) | x) & high_bits;
}

/// The high bit of each byte of `word` below `limit` (at most 0x80), and no other bit.
constexpr std::uint64_t bytes_below(std::uint64_t word, unsigned char limit) noexcept {
    constexpr std::uint64_t low_bits = ~high_bits;
    // A byte under 0x80 plus (0x80 - limit) reaches the high bit exactly when it is >= limit.
    return ~((word & low_bits) + every_byte * (0x80u - limit)) & ~word & high_bits;
}

}  // namespace tariff::detail
