#pragma once
// The int64 loops behind tariff::bulk_rater. A table whose prices, fees, bounds and limits fit
// std::int64_t (at the coarsest scale that holds them all exactly) is reduced to a "plan": one
// slot per tier (plus slot 0 for zero billable units), the cut points between slots, and per slot
// a price and a base such that
//
//     total = clamp(cum[slot] + round(base[slot] + price[slot] x billable))
//
// with every intermediate provably inside int64 for billable quantities up to a bound computed
// once per table. The loops compute in wrapping uint64 (the true value is known to fit, so the
// wrapped arithmetic is exact) and OR the raw quantities of each chunk together: one test per
// chunk then proves that every quantity in it was non-negative and below the bound. A chunk that
// fails is handed back to the exact per-element path. Nothing here throws or allocates.
//
// The vector loops use GCC/Clang vector extensions (and, for the table lookups of the search
// over many tiers, the compilers' AVX-512 permute builtins), compiled for AVX-512 and AVX2
// through target attributes and chosen at run time, so a default (x86-64 baseline) build still
// gets them and the header needs no <immintrin.h>. Other CPUs (and TARIFF_BULK_NO_VECTOR) run the
// scalar loop.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "../rounding.hpp"

namespace tariff::detail::bulk {

__extension__ typedef unsigned __int128 uint128;

inline constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

/// x / d for 0 <= x < 2^63 and a divisor d >= 1 fixed in advance, with one 64x64->128 multiply:
/// m = ceil(2^(63+l) / d), l = ceil(log2 d), gives floor(x / d) = (x * m) >> (63 + l) exactly
/// (Granlund and Montgomery, "Division by invariant integers using multiplication", thm 4.2:
/// m * d - 2^(63+l) < d <= 2^l).
struct divisor {
    std::uint64_t value = 1;
    std::uint64_t magic = std::uint64_t{1} << 63;
    unsigned shift = 63;

    constexpr divisor() = default;
    constexpr explicit divisor(std::uint64_t d) : value(d) {
        unsigned l = 0;
        while ((uint128{1} << l) < d) ++l;
        magic = static_cast<std::uint64_t>(((uint128{1} << (63 + l)) + d - 1) / d);
        shift = 63 + l;
    }
    constexpr std::uint64_t quotient(std::uint64_t x) const noexcept {
        return static_cast<std::uint64_t>((static_cast<uint128>(x) * magic) >> shift);
    }
};

/// Rounding of a non-negative amount to a multiple of 10^drop. The seven modes reduce, for
/// x >= 0, to "round up when the remainder exceeds a threshold", where half_even lowers the
/// threshold by one when the truncated quotient is odd.
struct rounder {
    bool active = false;
    divisor div{};
    std::uint64_t threshold = 0;  ///< round away when remainder > threshold (- odd quotient)
    std::uint64_t odd_bias = 0;   ///< 1 for half_even, else 0

    constexpr rounder() = default;
    /// Rounding to multiples of p (>= 2) by `mode`, read off detail::round_away itself: the
    /// smallest remainder that moves an even and an odd quotient away from zero (round_away is
    /// monotone in the remainder, so a binary search finds it).
    constexpr rounder(std::uint64_t p, rounding mode) : active(true), div(p) {
        auto first_away = [&](std::uint64_t q) {
            std::uint64_t lo = 1, hi = p;  // p: no remainder rounds away
            while (lo < hi) {
                const std::uint64_t mid = lo + (hi - lo) / 2;
                if (round_away(mode, false, q, mid, p))
                    hi = mid;
                else
                    lo = mid + 1;
            }
            return lo;
        };
        const std::uint64_t even = first_away(0), odd = first_away(1);
        threshold = even - 1;
        odd_bias = even - odd;
    }

    constexpr std::uint64_t apply(std::uint64_t x) const noexcept {
        const std::uint64_t q = div.quotient(x);
        const std::uint64_t r = x - q * div.value;
        const std::uint64_t away = r > threshold - (odd_bias & q) ? 1 : 0;
        return (q + away) * div.value;
    }
};

struct search_tables;

/// Everything a loop needs, with the table's types erased. Arrays are owned by the rater.
struct plan_view {
    const std::int64_t* cut = nullptr;  ///< `cuts` ascending cut points: slot = #{k : b > cut[k]}
    std::size_t cuts = 0;
    const std::uint64_t* price = nullptr;  ///< cuts + 1 slots
    const std::uint64_t* base = nullptr;   ///< cuts + 1 slots (wrapping: may stand for a negative)
    const std::uint64_t* cum = nullptr;    ///< cuts + 1 slots; non-zero only with per-line rounding
    bool has_base = false;
    bool has_cum = false;
    bool clamp = false;
    std::int64_t low = 0;               ///< monthly minimum (0 without one)
    std::int64_t high = int64_max;      ///< monthly maximum
    bool quote_last = false;            ///< the last slot is a quote ("contact sales") tier
    const std::int64_t* cap = nullptr;  ///< cuts + 1 slots: the volume guard's cap, or nullptr
    bool has_package = false;
    std::int64_t package = 1;  ///< package size in raw quantity units (size x unit)
    std::int64_t unit = 1;     ///< one whole quantity in raw units (10^QS for decimals)
    bool package_up = true;
    divisor package_div{};
    rounder round{};
    /// A raw quantity q is handled by the plan when (q & fast_mask) == 0: 0 <= q < 2^k <= bound
    /// + 1.
    std::uint64_t fast_mask = ~std::uint64_t{0};
    /// Every slot's price fits 32 bits and its base 32 signed bits, so chunks of quantities
    /// below 2^31 can be searched in 32-bit lanes (twice as many per instruction).
    bool narrow = false;
    /// Totals are written as 16 bytes (a 128-bit integer: the total, then a zero high half; totals
    /// are never negative) instead of 8.
    bool wide_totals = false;
    /// The lookup tables of the search over 15, 31 or 63 cut points (search_tables), or nullptr.
    const search_tables* search = nullptr;
};

/// The tables behind the vector search over 16, 32 or 64 slots (15, 31 or 63 cut points): a
/// 4-ary search in three levels. Level 1 compares with the cut points between blocks of 16 slots,
/// level 2 with the 3 cut points between the quads of the block found (looked up by block), level
/// 3 with the 3 cut points inside the quad found (looked up by quad); slot = 16 x block + 4 x quad
/// in block + slot in quad. Each lookup is one register permute, so that 63 cut points cost 9
/// compares instead of 63. Worked out once per plan (build_search_tables).
struct search_tables {
    std::int32_t cut32[64] = {};         ///< the cut points, clamped to 32 bits
    std::int32_t level2[3][16] = {};     ///< [j][block] = cut[16 block + 4 j + 3]
    std::int32_t level3[3][16] = {};     ///< [l][quad] = cut[4 quad + l]
    std::uint32_t price32[64] = {};      ///< per slot, when the plan is narrow
    std::int32_t base32[64] = {};        ///< per slot, when the plan is narrow
    std::int64_t level2_64[3][8] = {};   ///< the same as level2 in 64 bits
    std::int64_t level3_64[3][16] = {};  ///< the same as level3 in 64 bits
};

/// Fills `t` from a plan of 15, 31 or 63 (padded) cut points.
inline void build_search_tables(const plan_view& p, search_tables& t) noexcept {
    constexpr std::int64_t lo32 = -0x7fffffffLL - 1, hi32 = 0x7fffffffLL;
    const std::size_t slots = p.cuts + 1;
    t = search_tables{};
    for (std::size_t k = 0; k < p.cuts; ++k) {
        // Cut points outside 32 bits compare alike with every quantity below 2^31.
        const std::int64_t c = p.cut[k] < lo32 ? lo32 : p.cut[k] > hi32 ? hi32 : p.cut[k];
        t.cut32[k] = static_cast<std::int32_t>(c);
    }
    for (std::size_t s = 0; s < slots; ++s) {
        t.price32[s] = static_cast<std::uint32_t>(p.price[s]);
        t.base32[s] = static_cast<std::int32_t>(static_cast<std::int64_t>(p.base[s]));
    }
    for (std::size_t j = 0; j < 3; ++j) {
        for (std::size_t block = 0; block < slots / 16; ++block) {
            t.level2[j][block] = t.cut32[16 * block + 4 * j + 3];
            t.level2_64[j][block] = p.cut[16 * block + 4 * j + 3];
        }
        for (std::size_t quad = 0; quad < slots / 4; ++quad) {
            t.level3[j][quad] = t.cut32[4 * quad + j];
            t.level3_64[j][quad] = p.cut[4 * quad + j];
        }
    }
}

/// How many cut points the vector loops of a CPU's level (vector_level: 2 AVX-512, 1 AVX2, 0
/// neither) run for `cuts` real ones: a few loop shapes instead of one per tier count. AVX-512
/// searches 16 or 64 slots (15 or 63 cut points, search_tables); AVX2 compares with 7 or 31 cut
/// points one by one. More (64 tiers and a separate slot for zero units; 32 tiers with AVX2) run
/// the scalar loop. Padding cuts come first and lie below every quantity.
constexpr std::size_t padded_cuts(std::size_t cuts, int level) noexcept {
    if (level >= 2) return cuts <= 7 ? 7 : cuts <= 15 ? 15 : cuts <= 63 ? 63 : cuts;
    if (level == 1) return cuts <= 7 ? 7 : cuts <= 31 ? 31 : cuts;
    return cuts;
}
/// The most cut points any padding makes of a table of `tiers` tiers (at most `tiers` cuts).
constexpr std::size_t max_padded_cuts(std::size_t tiers) noexcept {
    return tiers <= 63 ? 63 : tiers;
}

/// What a loop reports for one chunk: the OR of its raw quantities (checked against fast_mask
/// by the caller) and how many elements it found in the quote tier.
struct chunk_result {
    std::uint64_t bits = 0;
    std::size_t quotes = 0;
};

using kernel_fn = chunk_result (*)(const plan_view&, const unsigned char* quantities,
                                   unsigned char* totals, unsigned char* status,
                                   std::size_t n) noexcept;

/// The loops for one chunk: `first`; when its bits hit `first_mask` (a quantity of 2^31 or more
/// for the 32-bit loop), `second` redoes the chunk. Both empty: use the scalar loop.
struct kernel_choice {
    kernel_fn first = nullptr;
    kernel_fn second = nullptr;
    std::uint64_t first_mask = 0;
};

inline std::int64_t load_int64(const unsigned char* p) noexcept {
    std::int64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

/// Bytes per total: 8, or 16 for 128-bit totals.
inline std::size_t total_bytes(const plan_view& p) noexcept { return p.wide_totals ? 16 : 8; }

/// Stores a total >= 0 as int64, or as a 128-bit integer when the plan says so.
inline void store_total(const plan_view& p, unsigned char* at, std::int64_t v) noexcept {
    std::memcpy(at, &v, sizeof v);
    if (p.wide_totals) {
        const std::int64_t high = 0;
        std::memcpy(at + 8, &high, sizeof high);
    }
}

/// The billable quantity of raw quantity q (0 <= q, within the plan's bound).
inline std::int64_t plan_billable(const plan_view& p, std::int64_t q) noexcept {
    if (!p.has_package) return q;
    const auto uq = static_cast<std::uint64_t>(q);
    const std::uint64_t whole = p.package_div.quotient(uq);
    const bool partial = uq - whole * p.package_div.value != 0;
    return static_cast<std::int64_t>((whole + (p.package_up && partial ? 1 : 0)) *
                                     static_cast<std::uint64_t>(p.unit));
}

/// Slots of G billable quantities: how many cut points lie below each. A branch-free binary
/// search, run level by level over the group so that the G searches overlap in the CPU.
template <std::size_t G>
inline void find_slots(const plan_view& p, const std::int64_t (&b)[G],
                       std::size_t (&slot)[G]) noexcept {
    for (std::size_t j = 0; j < G; ++j) slot[j] = 0;
    std::size_t n = p.cuts;
    if (n == 0) return;
    while (n > 1) {
        const std::size_t half = n / 2;
        for (std::size_t j = 0; j < G; ++j)
            slot[j] += static_cast<std::size_t>(p.cut[slot[j] + half - 1] < b[j]) * half;
        n -= half;
    }
    for (std::size_t j = 0; j < G; ++j) slot[j] += static_cast<std::size_t>(p.cut[slot[j]] < b[j]);
}

/// The total for billable quantity b in `slot`; sets `quote` when that is a quote tier (total 0).
inline std::int64_t plan_total(const plan_view& p, std::int64_t b, std::size_t slot,
                               bool& quote) noexcept {
    std::uint64_t x = p.base[slot] + p.price[slot] * static_cast<std::uint64_t>(b);
    if (p.round.active) x = p.round.apply(x);
    x += p.cum[slot];
    auto total = static_cast<std::int64_t>(x);
    if (p.clamp) {
        total = total < p.low ? p.low : total;
        total = total > p.high ? p.high : total;
    }
    if (p.cap != nullptr && p.cap[slot] < total) total = p.cap[slot];
    quote = p.quote_last && slot == p.cuts;
    return quote ? 0 : total;
}

/// G elements through the plan. Quantities outside the plan's range are masked into it (their
/// results are discarded by the caller) so that nothing here can misbehave.
template <std::size_t G>
inline void plan_group(const plan_view& p, const unsigned char* quantities, unsigned char* totals,
                       unsigned char* status, chunk_result& r) noexcept {
    std::int64_t b[G];
    std::size_t slot[G];
    for (std::size_t j = 0; j < G; ++j) {
        const std::int64_t q = load_int64(quantities + j * 8);
        r.bits |= static_cast<std::uint64_t>(q);
        b[j] = plan_billable(p, q & static_cast<std::int64_t>(~p.fast_mask));
    }
    find_slots(p, b, slot);
    for (std::size_t j = 0; j < G; ++j) {
        bool quote = false;
        store_total(p, totals + j * total_bytes(p), plan_total(p, b[j], slot[j], quote));
        status[j] = quote ? 1 : 0;
        r.quotes += quote ? 1 : 0;
    }
}

/// The general loop: packages, rounding, the guard, any number of tiers.
inline chunk_result scalar_kernel(const plan_view& p, const unsigned char* quantities,
                                  unsigned char* totals, unsigned char* status,
                                  std::size_t n) noexcept {
    constexpr std::size_t group = 8;
    chunk_result r;
    std::size_t i = 0;
    for (; i + group <= n; i += group)
        plan_group<group>(p, quantities + i * 8, totals + i * total_bytes(p), status + i, r);
    for (; i < n; ++i)
        plan_group<1>(p, quantities + i * 8, totals + i * total_bytes(p), status + i, r);
    return r;
}

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__) && \
    !defined(TARIFF_BULK_NO_VECTOR)
#define TARIFF_BULK_VECTOR 1

template <int Width>
struct lanes {
    typedef std::int64_t int64 __attribute__((vector_size(Width * 8)));
    typedef std::uint64_t uint64 __attribute__((vector_size(Width * 8)));
    typedef std::uint8_t byte __attribute__((vector_size(Width)));
    typedef std::int32_t int32 __attribute__((vector_size(Width * 8)));
    typedef std::uint32_t uint32 __attribute__((vector_size(Width * 8)));
};

#define TARIFF_BULK_AVX512 "avx512f,avx512vl,avx512dq,avx512bw"

/// The AVX-512 instructions that vector extensions do not reach: register table lookups
/// (permutes), t[i] for every lane, and the 32 x 32 -> 64-bit multiply. GCC and Clang name the
/// builtins differently; these are the only builtins the loops use.
namespace avx512 {
typedef int v16si __attribute__((vector_size(64)));
typedef long long v8di __attribute__((vector_size(64)));

#if defined(__clang__)
#define TARIFF_BULK_BUILTIN(clang, gcc) return clang
#else
#define TARIFF_BULK_BUILTIN(clang, gcc) return gcc
#endif
#define TARIFF_BULK_INLINE __attribute__((target(TARIFF_BULK_AVX512), always_inline)) inline

/// t[i & 15], 16 lanes of 32 bits (vpermd).
TARIFF_BULK_INLINE v16si lookup(v16si t, v16si i) noexcept {
    TARIFF_BULK_BUILTIN(
        (__builtin_ia32_permvarsi512(t, i)),
        (__builtin_ia32_permvarsi512_mask(t, i, t, static_cast<unsigned short>(0xffff))));
}
/// (a, b)[i & 31], 16 lanes of 32 bits (vpermt2d).
TARIFF_BULK_INLINE v16si lookup(v16si a, v16si b, v16si i) noexcept {
    TARIFF_BULK_BUILTIN(
        (__builtin_ia32_vpermi2vard512(a, i, b)),
        (__builtin_ia32_vpermt2vard512_mask(i, a, b, static_cast<unsigned short>(0xffff))));
}
/// t[i & 7], 8 lanes of 64 bits (vpermq).
TARIFF_BULK_INLINE v8di lookup(v8di t, v8di i) noexcept {
    TARIFF_BULK_BUILTIN(
        (__builtin_ia32_permvardi512(t, i)),
        (__builtin_ia32_permvardi512_mask(t, i, t, static_cast<unsigned char>(0xff))));
}
/// (a, b)[i & 15], 8 lanes of 64 bits (vpermt2q).
TARIFF_BULK_INLINE v8di lookup(v8di a, v8di b, v8di i) noexcept {
    TARIFF_BULK_BUILTIN(
        (__builtin_ia32_vpermi2varq512(a, i, b)),
        (__builtin_ia32_vpermt2varq512_mask(i, a, b, static_cast<unsigned char>(0xff))));
}
/// The low 32 bits of each 64-bit lane of a times those of b, unsigned, as 64 bits (vpmuludq).
TARIFF_BULK_INLINE v8di multiply_low(v16si a, v16si b) noexcept {
    TARIFF_BULK_BUILTIN(
        (__builtin_ia32_pmuludq512(a, b)),
        (__builtin_ia32_pmuludq512_mask(a, b, v8di{}, static_cast<unsigned char>(0xff))));
}
#undef TARIFF_BULK_INLINE
#undef TARIFF_BULK_BUILTIN
}  // namespace avx512

/// Loads a vector from memory that may be unaligned (a function returning one by value would
/// change the ABI outside the target-attributed loops).
template <class V>
__attribute__((always_inline)) inline void load(V& v, const void* p) noexcept {
    std::memcpy(&v, p, sizeof v);
}

/// Stores Width totals >= 0 as int64, or (wide) as 128-bit integers: each with a zero high half.
template <class V>
__attribute__((always_inline)) inline void store_totals(const V& t, unsigned char* at,
                                                        bool wide) noexcept {
    if (!wide) {
        std::memcpy(at, &t, sizeof t);
        return;
    }
    const V zero{};
    if constexpr (sizeof(V) == 64) {
        const V lo = __builtin_shufflevector(t, zero, 0, 8, 1, 8, 2, 8, 3, 8);
        const V hi = __builtin_shufflevector(t, zero, 4, 8, 5, 8, 6, 8, 7, 8);
        std::memcpy(at, &lo, sizeof lo);
        std::memcpy(at + sizeof lo, &hi, sizeof hi);
    } else {
        static_assert(sizeof(V) == 32);
        const V lo = __builtin_shufflevector(t, zero, 0, 4, 1, 4);
        const V hi = __builtin_shufflevector(t, zero, 2, 4, 3, 4);
        std::memcpy(at, &lo, sizeof lo);
        std::memcpy(at + sizeof lo, &hi, sizeof hi);
    }
}

/// The end of every 64-bit-lane loop: total = clamp(base + price x q), 0 in quote lanes; stores
/// totals and statuses. `quote` is 1 in quote lanes, else 0.
template <int Width, bool Base, bool Clamp>
__attribute__((always_inline)) inline void finish(
    const typename lanes<Width>::int64& q, const typename lanes<Width>::uint64& price,
    const typename lanes<Width>::uint64& base, const typename lanes<Width>::int64& quote,
    const typename lanes<Width>::int64& low, const typename lanes<Width>::int64& high,
    unsigned char* totals, unsigned char* status, bool wide) noexcept {
    using sv = typename lanes<Width>::int64;
    using uv = typename lanes<Width>::uint64;
    using bv = typename lanes<Width>::byte;
    uv x = price * (uv)q;
    if constexpr (Base) x += base;
    sv total = (sv)x;
    if constexpr (Clamp) {
        total = total < low ? low : total;
        total = total > high ? high : total;
        total = quote != 0 ? sv{} : total;
    }
    store_totals(total, totals, wide);
    const bv s = __builtin_convertvector(quote, bv);
    std::memcpy(status, &s, sizeof s);
}

/// 16 quantities below 2^31 in 32-bit lanes, from their 64-bit values: q0 | q1 << 32, so lane 2k
/// holds quantity k and lane 2k + 1 quantity 8 + k. No lane crosses, and the 64-bit halves
/// need no shuffle to be widened again (finish_narrow).
__attribute__((target(TARIFF_BULK_AVX512), always_inline)) inline typename lanes<8>::int32
interleave(const typename lanes<8>::int64& q0, const typename lanes<8>::int64& q1) noexcept {
    using uv = typename lanes<8>::uint64;
    return (typename lanes<8>::int32)((uv)q0 | ((uv)q1 << 32));
}

/// The end of every 32-bit-lane loop: 16 quantities (q0, q1: their 64-bit values; in 32-bit
/// lanes as interleave gives them), prices and bases selected in 32-bit lanes, then multiplied
/// and added in 64 bits: the even lanes with q0, the odd ones with q1. `quote` is 1 in quote
/// lanes.
template <bool Base, bool Clamp>
__attribute__((target(TARIFF_BULK_AVX512), always_inline)) inline void finish_narrow(
    const typename lanes<8>::int64& q0, const typename lanes<8>::int64& q1,
    const typename lanes<8>::uint32& price, const typename lanes<8>::int32& base,
    const typename lanes<8>::int32& quote, const typename lanes<8>::int64& low,
    const typename lanes<8>::int64& high, unsigned char* totals, unsigned char* status,
    bool wide) noexcept {
    using sv = typename lanes<8>::int64;
    using uv = typename lanes<8>::uint64;
    using bv = typename lanes<8>::byte;
    using avx512::v16si;
    // price < 2^32 and q < 2^31: the 32 x 32 -> 64 multiply is exact.
    uv x0 = (uv)avx512::multiply_low((v16si)price, (v16si)q0);
    uv x1 = (uv)avx512::multiply_low((v16si)((uv)price >> 32), (v16si)q1);
    if constexpr (Base) {
        x0 += (uv)(((sv)base << 32) >> 32);  // the even lanes, sign-extended
        x1 += (uv)((sv)base >> 32);
    }
    sv t0 = (sv)x0, t1 = (sv)x1;
    if constexpr (Clamp) {
        const sv m0 = (sv)((uv)quote & 0xffffffffu), m1 = (sv)((uv)quote >> 32);
        t0 = t0 < low ? low : t0;
        t0 = t0 > high ? high : t0;
        t0 = m0 != 0 ? sv{} : t0;
        t1 = t1 < low ? low : t1;
        t1 = t1 > high ? high : t1;
        t1 = m1 != 0 ? sv{} : t1;
    }
    store_totals(t0, totals, wide);
    store_totals(t1, totals + (wide ? 128 : 64), wide);
    const bv s0 = __builtin_convertvector((uv)quote & 0xffffffffu, bv);
    const bv s1 = __builtin_convertvector((uv)quote >> 32, bv);
    std::memcpy(status, &s0, sizeof s0);
    std::memcpy(status + 8, &s1, sizeof s1);
}

/// What a vector loop found, plus the scalar loop's for the tail of fewer than a step.
template <class Bits, class Quotes>
__attribute__((always_inline)) inline chunk_result reduce(
    const plan_view& p, const Bits& bits, const Quotes& quotes, int lanes_of_bits,
    int lanes_of_quotes, const unsigned char* quantities, unsigned char* totals,
    unsigned char* status, std::size_t i, std::size_t n) noexcept {
    chunk_result r;
    for (int l = 0; l < lanes_of_bits; ++l) r.bits |= static_cast<std::uint64_t>(bits[l]);
    for (int l = 0; l < lanes_of_quotes; ++l) r.quotes += static_cast<std::size_t>(quotes[l]);
    if (i < n) {
        const chunk_result tail =
            scalar_kernel(p, quantities + i * 8, totals + i * total_bytes(p), status + i, n - i);
        r.bits |= tail.bits;
        r.quotes += tail.quotes;
    }
    return r;
}

/// How many of the plan's first `cuts` cut points are padding (below every quantity: real cut
/// points are never negative).
inline std::size_t padding(const plan_view& p, std::size_t cuts) noexcept {
    std::size_t pad = 0;
    while (pad < cuts && p.cut[pad] < 0) ++pad;
    return pad;
}

/// step(k) for k = pad .. Cuts - 1, unrolled: the compares with Cuts padded cut points skip the
/// padding (every quantity lies above it), so that a table of 4 cut points costs 4 compares in
/// the loop shape of 7.
template <std::size_t Cuts, class Step>
__attribute__((always_inline)) inline void compare_from(std::size_t pad, const Step& step) {
    static_assert(Cuts <= 7 || Cuts == 15 || Cuts == 31);
    if constexpr (Cuts == 7) {
        switch (pad) {
            case 0:
                step(0);
                [[fallthrough]];
            case 1:
                step(1);
                [[fallthrough]];
            case 2:
                step(2);
                [[fallthrough]];
            case 3:
                step(3);
                [[fallthrough]];
            case 4:
                step(4);
                [[fallthrough]];
            case 5:
                step(5);
                [[fallthrough]];
            case 6:
                step(6);
                [[fallthrough]];
            default:
                break;
        }
    } else {
        for (std::size_t k = pad; k < Cuts; ++k) step(k);
    }
}

/// Volume or graduated without packages or rounding, Cuts cut points known at compile time:
/// each element costs Cuts compares and selects, one multiply and (graduated) one add.
template <int Width, std::size_t Cuts, bool Base, bool Clamp>
__attribute__((always_inline)) inline chunk_result vector_body(const plan_view& p,
                                                               const unsigned char* quantities,
                                                               unsigned char* totals,
                                                               unsigned char* status,
                                                               std::size_t n) noexcept {
    using sv = typename lanes<Width>::int64;
    using uv = typename lanes<Width>::uint64;
    sv cut[Cuts > 0 ? Cuts : 1];
    uv price[Cuts + 1];
    uv base[Cuts + 1];
    for (std::size_t k = 0; k < Cuts; ++k) cut[k] = sv{} + p.cut[k];
    for (std::size_t k = 0; k <= Cuts; ++k) {
        price[k] = uv{} + p.price[k];
        base[k] = uv{} + (Base ? p.base[k] : 0);
    }
    const sv low = sv{} + p.low;
    const sv high = sv{} + p.high;
    const sv quote_flag = sv{} + (p.quote_last ? 1 : 0);
    const std::size_t pad = padding(p, Cuts);
    const uv first_price = price[pad];
    const uv first_base = base[pad];
    const sv padded_last = sv{} + (Cuts > 0 && pad == Cuts ? -1 : 0);
    uv bits{};
    sv quotes{};
    std::size_t i = 0;
    for (; i + Width <= n; i += Width) {
        sv q;
        load(q, quantities + i * 8);
        bits |= (uv)q;
        uv pr = first_price;
        uv bs = first_base;
        sv last = padded_last;  // as if compared with the padding
        compare_from<Cuts>(pad, [&](std::size_t k) {
            last = q > cut[k];
            pr = last ? price[k + 1] : pr;
            if constexpr (Base) bs = last ? base[k + 1] : bs;
        });
        const sv quote = last & quote_flag;  // 1 in quote lanes (the last slot), else 0
        finish<Width, Base, Clamp>(q, pr, bs, quote, low, high, totals + i * total_bytes(p),
                                   status + i, p.wide_totals);
        quotes += quote;
    }
    return reduce(p, bits, quotes, Width, Width, quantities, totals, status, i, n);
}

/// The same for chunks whose quantities are all below 2^31 (checked by the caller through the
/// returned bits): 16 quantities per step, compared in 32-bit lanes. AVX-512 only.
template <std::size_t Cuts, bool Base, bool Clamp>
__attribute__((target(TARIFF_BULK_AVX512), always_inline)) inline chunk_result narrow_body(
    const plan_view& p, const unsigned char* quantities, unsigned char* totals,
    unsigned char* status, std::size_t n) noexcept {
    using sv = typename lanes<8>::int64;
    using uv = typename lanes<8>::uint64;
    using s32 = typename lanes<8>::int32;
    using u32 = typename lanes<8>::uint32;
    constexpr std::int64_t lo32 = -0x7fffffffLL - 1, hi32 = 0x7fffffffLL;
    s32 cut[Cuts > 0 ? Cuts : 1];
    u32 price[Cuts + 1];
    s32 base[Cuts + 1];
    for (std::size_t k = 0; k < Cuts; ++k) {
        // Cut points outside 32 bits compare alike with every quantity below 2^31.
        const std::int64_t c = p.cut[k] < lo32 ? lo32 : p.cut[k] > hi32 ? hi32 : p.cut[k];
        cut[k] = s32{} + static_cast<std::int32_t>(c);
    }
    for (std::size_t k = 0; k <= Cuts; ++k) {
        price[k] = u32{} + static_cast<std::uint32_t>(p.price[k]);
        base[k] =
            s32{} + (Base ? static_cast<std::int32_t>(static_cast<std::int64_t>(p.base[k])) : 0);
    }
    const s32 quote_flag = s32{} + (p.quote_last ? 1 : 0);
    const std::size_t pad = padding(p, Cuts);
    const u32 first_price = price[pad];
    const s32 first_base = base[pad];
    const s32 padded_last = s32{} + (Cuts > 0 && pad == Cuts ? -1 : 0);
    const sv low = sv{} + p.low;
    const sv high = sv{} + p.high;
    uv bits{};
    s32 quotes{};
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        sv q0;
        load(q0, quantities + i * 8);
        sv q1;
        load(q1, quantities + i * 8 + 64);
        bits |= (uv)q0 | (uv)q1;
        const s32 q = interleave(q0, q1);
        u32 pr = first_price;
        s32 bs = first_base;
        s32 last = padded_last;  // as if compared with the padding
        compare_from<Cuts>(pad, [&](std::size_t k) {
            last = q > cut[k];
            pr = last ? price[k + 1] : pr;
            if constexpr (Base) bs = last ? base[k + 1] : bs;
        });
        const s32 quote = last & quote_flag;
        finish_narrow<Base, Clamp>(q0, q1, pr, bs, quote, low, high, totals + i * total_bytes(p),
                                   status + i, p.wide_totals);
        quotes += quote;
    }
    return reduce(p, bits, quotes, 8, 16, quantities, totals, status, i, n);
}

/// A slot's value in 32-bit lanes: table[slot] over Blocks registers of 16 slots.
template <std::size_t Blocks>
__attribute__((target(TARIFF_BULK_AVX512), always_inline)) inline typename lanes<8>::int32
slot_values(const typename lanes<8>::int32 (&table)[Blocks],
            const typename lanes<8>::int32& slot) noexcept {
    if constexpr (Blocks == 1) {
        return avx512::lookup(table[0], slot);
    } else {
        const typename lanes<8>::int32 lo = avx512::lookup(table[0], table[1], slot);
        if constexpr (Blocks == 2) {
            return lo;
        } else {
            const typename lanes<8>::int32 hi = avx512::lookup(table[2], table[3], slot);
            return (slot & 32) != 0 ? hi : lo;
        }
    }
}

/// A slot's value in 64-bit lanes: table[slot] over Registers registers of 8 slots.
template <std::size_t Registers>
__attribute__((target(TARIFF_BULK_AVX512), always_inline)) inline typename lanes<8>::uint64
slot_values(const typename lanes<8>::uint64 (&table)[Registers],
            const typename lanes<8>::int64& slot) noexcept {
    using sv = typename lanes<8>::int64;
    using uv = typename lanes<8>::uint64;
    using v8di = avx512::v8di;
    uv r[Registers / 2];
    for (std::size_t k = 0; k < Registers / 2; ++k)
        r[k] = (uv)avx512::lookup((v8di)table[2 * k], (v8di)table[2 * k + 1], (v8di)slot);
    if constexpr (Registers == 2) {
        return r[0];
    } else {
        const sv odd = (slot & 16) != 0;
        const uv lo = odd ? r[1] : r[0];
        if constexpr (Registers == 4) {
            return lo;
        } else {
            const uv hi = odd ? r[3] : r[2];
            return (slot & 32) != 0 ? hi : lo;
        }
    }
}

/// The search over Slots = 16, 32 or 64 slots (search_tables) in 32-bit lanes, 16 quantities per
/// step, for chunks whose quantities are all below 2^31.
template <std::size_t Slots, bool Base, bool Clamp>
__attribute__((target(TARIFF_BULK_AVX512))) chunk_result avx512_narrow_search(
    const plan_view& p, const unsigned char* quantities, unsigned char* totals,
    unsigned char* status, std::size_t n) noexcept {
    using sv = typename lanes<8>::int64;
    using uv = typename lanes<8>::uint64;
    using s32 = typename lanes<8>::int32;
    using u32 = typename lanes<8>::uint32;
    constexpr std::size_t blocks = Slots / 16;
    const search_tables& t = *p.search;
    s32 top[blocks > 1 ? blocks - 1 : 1];
    for (std::size_t b = 1; b < blocks; ++b) top[b - 1] = s32{} + t.cut32[16 * b - 1];
    s32 level2[3], level3[3];
    for (std::size_t j = 0; j < 3; ++j) {
        if constexpr (blocks == 1)
            level2[j] = s32{} + t.level2[j][0];
        else
            load(level2[j], t.level2[j]);
        load(level3[j], t.level3[j]);
    }
    s32 price[blocks], base[blocks];
    for (std::size_t b = 0; b < blocks; ++b) {
        load(price[b], t.price32 + 16 * b);
        load(base[b], t.base32 + 16 * b);
    }
    const s32 quote_flag = s32{} + (p.quote_last ? 1 : 0);
    const sv low = sv{} + p.low;
    const sv high = sv{} + p.high;
    uv bits{};
    s32 quotes{};
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        sv q0;
        load(q0, quantities + i * 8);
        sv q1;
        load(q1, quantities + i * 8 + 64);
        bits |= (uv)q0 | (uv)q1;
        const s32 q = interleave(q0, q1);
        s32 slot{};
        for (std::size_t k = 0; k + 1 < blocks; ++k) slot += (q > top[k]) & 16;
        const s32 block = slot >> 4;
        for (std::size_t j = 0; j < 3; ++j) {
            const s32 c = blocks == 1 ? level2[j] : avx512::lookup(level2[j], block);
            slot += (q > c) & 4;
        }
        const s32 quad = slot >> 2;
        for (std::size_t j = 0; j < 3; ++j) slot += (q > avx512::lookup(level3[j], quad)) & 1;
        const s32 quote = (slot == static_cast<std::int32_t>(Slots - 1)) & quote_flag;
        finish_narrow<Base, Clamp>(q0, q1, (u32)slot_values(price, slot), slot_values(base, slot),
                                   quote, low, high, totals + i * total_bytes(p), status + i,
                                   p.wide_totals);
        quotes += quote;
    }
    return reduce(p, bits, quotes, 8, 16, quantities, totals, status, i, n);
}

/// The same search in 64-bit lanes, 8 quantities per step: any quantity within the plan's bound.
template <std::size_t Slots, bool Base, bool Clamp>
__attribute__((target(TARIFF_BULK_AVX512))) chunk_result avx512_search(
    const plan_view& p, const unsigned char* quantities, unsigned char* totals,
    unsigned char* status, std::size_t n) noexcept {
    using sv = typename lanes<8>::int64;
    using uv = typename lanes<8>::uint64;
    using v8di = avx512::v8di;
    constexpr std::size_t blocks = Slots / 16;
    const search_tables& t = *p.search;
    sv top[blocks > 1 ? blocks - 1 : 1];
    for (std::size_t b = 1; b < blocks; ++b) top[b - 1] = sv{} + p.cut[16 * b - 1];
    sv level2[3], level3[3][2];
    for (std::size_t j = 0; j < 3; ++j) {
        if constexpr (blocks == 1)
            level2[j] = sv{} + t.level2_64[j][0];
        else
            load(level2[j], t.level2_64[j]);
        load(level3[j][0], t.level3_64[j]);
        load(level3[j][1], t.level3_64[j] + 8);
    }
    uv price[Slots / 8], base[Slots / 8];
    for (std::size_t r = 0; r < Slots / 8; ++r) {
        load(price[r], p.price + 8 * r);
        load(base[r], p.base + 8 * r);
    }
    const sv quote_flag = sv{} + (p.quote_last ? 1 : 0);
    const sv low = sv{} + p.low;
    const sv high = sv{} + p.high;
    uv bits{};
    sv quotes{};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        sv q;
        load(q, quantities + i * 8);
        bits |= (uv)q;
        sv slot{};
        for (std::size_t k = 0; k + 1 < blocks; ++k) slot += (q > top[k]) & 16;
        const sv block = slot >> 4;
        for (std::size_t j = 0; j < 3; ++j) {
            const sv c = blocks == 1 ? level2[j] : (sv)avx512::lookup((v8di)level2[j], (v8di)block);
            slot += (q > c) & 4;
        }
        const sv quad = slot >> 2;
        for (std::size_t j = 0; j < 3; ++j)
            slot +=
                (q > (sv)avx512::lookup((v8di)level3[j][0], (v8di)level3[j][1], (v8di)quad)) & 1;
        const sv quote = (slot == static_cast<std::int64_t>(Slots - 1)) & quote_flag;
        finish<8, Base, Clamp>(q, slot_values(price, slot), slot_values(base, slot), quote, low,
                               high, totals + i * total_bytes(p), status + i, p.wide_totals);
        quotes += quote;
    }
    return reduce(p, bits, quotes, 8, 8, quantities, totals, status, i, n);
}

template <std::size_t Cuts, bool Base, bool Clamp>
__attribute__((target(TARIFF_BULK_AVX512))) chunk_result avx512_kernel(const plan_view& p,
                                                                       const unsigned char* q,
                                                                       unsigned char* t,
                                                                       unsigned char* s,
                                                                       std::size_t n) noexcept {
    return vector_body<8, Cuts, Base, Clamp>(p, q, t, s, n);
}
template <std::size_t Cuts, bool Base, bool Clamp>
__attribute__((target(TARIFF_BULK_AVX512))) chunk_result avx512_narrow_kernel(
    const plan_view& p, const unsigned char* q, unsigned char* t, unsigned char* s,
    std::size_t n) noexcept {
    return narrow_body<Cuts, Base, Clamp>(p, q, t, s, n);
}
template <std::size_t Cuts, bool Base, bool Clamp>
__attribute__((target("avx2"))) chunk_result avx2_kernel(const plan_view& p, const unsigned char* q,
                                                         unsigned char* t, unsigned char* s,
                                                         std::size_t n) noexcept {
    return vector_body<4, Cuts, Base, Clamp>(p, q, t, s, n);
}

/// The widest vector unit this CPU offers: 2 AVX-512, 1 AVX2, 0 neither.
template <class = void>
int vector_level() noexcept {
    static const int level = [] {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
            __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw")) {
            return 2;
        }
        return __builtin_cpu_supports("avx2") ? 1 : 0;
    }();
    return level;
}

/// The AVX-512 loops for a plan: `wide` (64-bit lanes) takes every chunk; for narrow plans one
/// of `narrow` (32-bit lanes; [base][limits]) is tried first. Only the 32-bit loops, which nearly
/// every table runs, come in a version per shape of total; the 64-bit ones always add the base
/// and apply the limits (the same result: a zero base, no limit).
inline kernel_choice avx512_choice(const plan_view& p, kernel_fn wide,
                                   const kernel_fn (&narrow)[2][2]) noexcept {
    kernel_choice k;
    k.first = wide;
    if (p.narrow) {
        k.second = wide;
        k.first = narrow[p.has_base ? 1 : 0][p.clamp ? 1 : 0];
        k.first_mask = ~std::uint64_t{0x7fffffff};
    }
    return k;
}

/// Up to 7 cut points: compared one by one.
template <class = void>
kernel_choice avx512_compare(const plan_view& p) noexcept {
    static constexpr kernel_fn narrow[2][2] = {
        {&avx512_narrow_kernel<7, false, false>, &avx512_narrow_kernel<7, false, true>},
        {&avx512_narrow_kernel<7, true, false>, &avx512_narrow_kernel<7, true, true>}};
    return avx512_choice(p, &avx512_kernel<7, true, true>, narrow);
}

/// 15 or 63 cut points: the search over search_tables.
template <std::size_t Slots>
kernel_choice avx512_search_for(const plan_view& p) noexcept {
    static constexpr kernel_fn narrow[2][2] = {
        {&avx512_narrow_search<Slots, false, false>, &avx512_narrow_search<Slots, false, true>},
        {&avx512_narrow_search<Slots, true, false>, &avx512_narrow_search<Slots, true, true>}};
    return avx512_choice(p, &avx512_search<Slots, true, true>, narrow);
}

/// The vector loops for this plan, or none when the plan needs the scalar one (packages,
/// rounding, the guard, more cut points than the CPU's loops take) or the CPU has no vector unit
/// worth using. The plan's cut points are padded for this CPU (padded_cuts); AVX-512 plans need
/// their search_tables. Every loop here is compiled into each program that rates in bulk, so
/// there are few of them (a dozen): their instantiations are most of what bulk.hpp costs to
/// compile.
template <class = void>
kernel_choice vector_kernel_for(const plan_view& p) noexcept {
    if (p.has_package || p.round.active || p.has_cum || p.cap != nullptr) return {};
    const int level = vector_level();
    kernel_choice k;
    if (level >= 2) {
        if (p.cuts == 7) return avx512_compare(p);
        if (p.cuts == 15 && p.search != nullptr) return avx512_search_for<16>(p);
        if (p.cuts == 63 && p.search != nullptr) return avx512_search_for<64>(p);
    } else if (level == 1) {
        // The base and the limits are always applied: a zero base and no limit change nothing.
        if (p.cuts == 7) k.first = &avx2_kernel<7, true, true>;
        if (p.cuts == 31) k.first = &avx2_kernel<31, true, true>;
    }
    return k;
}
#else
template <class = void>
int vector_level() noexcept {
    return 0;
}
template <class = void>
kernel_choice vector_kernel_for(const plan_view&) noexcept {
    return {};
}
#endif

}  // namespace tariff::detail::bulk
