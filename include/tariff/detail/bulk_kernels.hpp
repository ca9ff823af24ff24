#pragma once
// The int64 loops behind tariff::bulk_rater. A table whose prices, fees, bounds and limits fit
// std::int64_t is reduced to a "plan": one slot per tier (plus slot 0 for zero billable units),
// the cut points between slots, and per slot a price and a base such that
//
//     total = clamp(cum[slot] + round(base[slot] + price[slot] x billable))
//
// with every intermediate provably inside int64 for billable quantities up to a bound computed
// once per table. The loops compute in wrapping uint64 (the true value is known to fit, so the
// wrapped arithmetic is exact) and OR the raw quantities of each chunk together: one test per
// chunk then proves that every quantity in it was non-negative and below the bound. A chunk that
// fails is handed back to the exact per-element path. Nothing here throws or allocates.
//
// The vector loop uses GCC/Clang vector extensions, compiled for AVX-512 and AVX2 through target
// attributes and chosen at run time, so a default (x86-64 baseline) build still gets them and the
// header needs no <immintrin.h>. Other CPUs (and TARIFF_BULK_NO_VECTOR) run the scalar loop.

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
};

/// How many cut points the vector loop runs for `cuts` real ones: exact up to 7, then 15 or 31
/// (a few loop shapes instead of one per tier count). Beyond 31 the grouped binary search of
/// the scalar loop is as fast. Padding cuts come first and lie below every quantity.
constexpr std::size_t padded_cuts(std::size_t cuts) noexcept {
    return cuts <= 7 ? cuts : cuts <= 15 ? 15 : cuts <= 31 ? 31 : cuts;
}
inline constexpr std::size_t max_vector_cuts = 31;

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

inline void store_int64(unsigned char* p, std::int64_t v) noexcept { std::memcpy(p, &v, sizeof v); }

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
        store_int64(totals + j * 8, plan_total(p, b[j], slot[j], quote));
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
        plan_group<group>(p, quantities + i * 8, totals + i * 8, status + i, r);
    for (; i < n; ++i) plan_group<1>(p, quantities + i * 8, totals + i * 8, status + i, r);
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
    typedef std::uint8_t byte2 __attribute__((vector_size(Width * 2)));
};

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
    using bv = typename lanes<Width>::byte;
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
    uv bits{};
    sv quotes{};
    std::size_t i = 0;
    for (; i + Width <= n; i += Width) {
        sv q;
        std::memcpy(&q, quantities + i * 8, sizeof q);
        bits |= (uv)q;
        uv pr = price[0];
        uv bs = base[0];
        sv last{};
        for (std::size_t k = 0; k < Cuts; ++k) {
            last = q > cut[k];
            pr = last ? price[k + 1] : pr;
            if constexpr (Base) bs = last ? base[k + 1] : bs;
        }
        uv x = pr * (uv)q;
        if constexpr (Base) x += bs;
        sv total = (sv)x;
        const sv quote = last & quote_flag;  // 1 in quote lanes (the last slot), else 0
        if constexpr (Clamp) {
            total = total < low ? low : total;
            total = total > high ? high : total;
            total = quote != 0 ? sv{} : total;
        }
        std::memcpy(totals + i * 8, &total, sizeof total);
        const bv s = __builtin_convertvector(quote, bv);
        std::memcpy(status + i, &s, sizeof s);
        quotes += quote;
    }
    chunk_result r;
    for (int l = 0; l < Width; ++l) {
        r.bits |= bits[l];
        r.quotes += static_cast<std::size_t>(quotes[l]);
    }
    if (i < n) {
        const chunk_result tail =
            scalar_kernel(p, quantities + i * 8, totals + i * 8, status + i, n - i);
        r.bits |= tail.bits;
        r.quotes += tail.quotes;
    }
    return r;
}

/// The same for chunks whose quantities are all below 2^31 (checked by the caller through the
/// returned bits): 16 quantities per step, compared in 32-bit lanes, prices and bases selected
/// in 32-bit lanes, then widened for the 64-bit multiply. AVX-512 only.
template <std::size_t Cuts, bool Base, bool Clamp>
__attribute__((always_inline)) inline chunk_result narrow_body(const plan_view& p,
                                                               const unsigned char* quantities,
                                                               unsigned char* totals,
                                                               unsigned char* status,
                                                               std::size_t n) noexcept {
    using sv = typename lanes<8>::int64;
    using uv = typename lanes<8>::uint64;
    using s32 = typename lanes<8>::int32;
    using u32 = typename lanes<8>::uint32;
    using b16 = typename lanes<8>::byte2;
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
    const sv quote_mask = sv{} + (p.quote_last ? -1 : 0);
    const sv low = sv{} + p.low;
    const sv high = sv{} + p.high;
    const u32 zero{};
    uv bits{};
    s32 quotes{};
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        sv q0, q1;
        std::memcpy(&q0, quantities + i * 8, sizeof q0);
        std::memcpy(&q1, quantities + i * 8 + 64, sizeof q1);
        bits |= (uv)q0 | (uv)q1;
        const s32 a = (s32)q0, b = (s32)q1;
        const s32 q = __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24,
                                              26, 28, 30);
        u32 pr = price[0];
        s32 bs = base[0];
        s32 last{};
        for (std::size_t k = 0; k < Cuts; ++k) {
            last = q > cut[k];
            pr = last ? price[k + 1] : pr;
            if constexpr (Base) bs = last ? base[k + 1] : bs;
        }
        // Widen: each price into the low half of a 64-bit lane, zero above.
        uv x0 = (uv)__builtin_shufflevector(pr, zero, 0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6,
                                            16, 7, 16) *
                (uv)q0;
        uv x1 = (uv)__builtin_shufflevector(pr, zero, 8, 16, 9, 16, 10, 16, 11, 16, 12, 16, 13, 16,
                                            14, 16, 15, 16) *
                (uv)q1;
        if constexpr (Base) {
            const s32 sign = bs >> 31;
            x0 += (uv)__builtin_shufflevector(bs, sign, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6,
                                              22, 7, 23);
            x1 += (uv)__builtin_shufflevector(bs, sign, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13,
                                              29, 14, 30, 15, 31);
        }
        sv t0 = (sv)x0, t1 = (sv)x1;
        if constexpr (Clamp) {
            const sv m0 = (sv)__builtin_shufflevector(last, last, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5,
                                                      5, 6, 6, 7, 7) &
                          quote_mask;
            const sv m1 = (sv)__builtin_shufflevector(last, last, 8, 8, 9, 9, 10, 10, 11, 11, 12,
                                                      12, 13, 13, 14, 14, 15, 15) &
                          quote_mask;
            t0 = t0 < low ? low : t0;
            t0 = t0 > high ? high : t0;
            t0 = m0 != 0 ? sv{} : t0;
            t1 = t1 < low ? low : t1;
            t1 = t1 > high ? high : t1;
            t1 = m1 != 0 ? sv{} : t1;
        }
        std::memcpy(totals + i * 8, &t0, sizeof t0);
        std::memcpy(totals + i * 8 + 64, &t1, sizeof t1);
        const s32 quote = last & quote_flag;
        const b16 st = __builtin_convertvector(quote, b16);
        std::memcpy(status + i, &st, sizeof st);
        quotes += quote;
    }
    chunk_result r;
    for (int l = 0; l < 8; ++l) r.bits |= bits[l];
    for (int l = 0; l < 16; ++l) r.quotes += static_cast<std::size_t>(quotes[l]);
    if (i < n) {
        const chunk_result tail =
            scalar_kernel(p, quantities + i * 8, totals + i * 8, status + i, n - i);
        r.bits |= tail.bits;
        r.quotes += tail.quotes;
    }
    return r;
}

template <std::size_t Cuts, bool Base, bool Clamp>
__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw"))) chunk_result avx512_kernel(
    const plan_view& p, const unsigned char* q, unsigned char* t, unsigned char* s,
    std::size_t n) noexcept {
    return vector_body<8, Cuts, Base, Clamp>(p, q, t, s, n);
}
template <std::size_t Cuts, bool Base, bool Clamp>
__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw"))) chunk_result avx512_narrow_kernel(
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

template <std::size_t Cuts, bool Base, bool Clamp>
kernel_choice pick_vector(const plan_view& p, int level) noexcept {
    kernel_choice k;
    if (level >= 2) {
        k.first = &avx512_kernel<Cuts, Base, Clamp>;
        if constexpr (Cuts <= 31) {
            if (p.narrow) {
                k.second = k.first;
                k.first = &avx512_narrow_kernel<Cuts, Base, Clamp>;
                k.first_mask = ~std::uint64_t{0x7fffffff};
            }
        }
    } else if (level == 1) {
        k.first = &avx2_kernel<Cuts, Base, Clamp>;
    }
    return k;
}

template <std::size_t Cuts>
kernel_choice pick_vector(const plan_view& p, int level) noexcept {
    if (p.has_base) {
        return p.clamp ? pick_vector<Cuts, true, true>(p, level)
                       : pick_vector<Cuts, true, false>(p, level);
    }
    return p.clamp ? pick_vector<Cuts, false, true>(p, level)
                   : pick_vector<Cuts, false, false>(p, level);
}

/// The vector loops for this plan, or none when the plan needs the scalar one (packages,
/// rounding, the guard, more than 31 cut points) or the CPU has no vector unit worth using.
template <class = void>
kernel_choice vector_kernel_for(const plan_view& p) noexcept {
    if (p.has_package || p.round.active || p.has_cum || p.cap != nullptr) return {};
    const int level = vector_level();
    if (level == 0) return {};
    switch (p.cuts) {
        case 0:
            return pick_vector<0>(p, level);
        case 1:
            return pick_vector<1>(p, level);
        case 2:
            return pick_vector<2>(p, level);
        case 3:
            return pick_vector<3>(p, level);
        case 4:
            return pick_vector<4>(p, level);
        case 5:
            return pick_vector<5>(p, level);
        case 6:
            return pick_vector<6>(p, level);
        case 7:
            return pick_vector<7>(p, level);
        case 15:  // the caller pads 8-15 cut points to 15 and 16-31 to 31 (see padded_cuts)
            return pick_vector<15>(p, level);
        case 31:
            return pick_vector<31>(p, level);
        default:
            return {};
    }
}
#else
template <class = void>
kernel_choice vector_kernel_for(const plan_view&) noexcept {
    return {};
}
#endif

}  // namespace tariff::detail::bulk
