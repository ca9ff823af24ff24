#pragma once
/// Splitting an amount across ratios without losing or inventing a minor unit.

#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "decimal.hpp"
#include "money.hpp"

namespace tariff {
namespace detail {

/// The unsigned type in which allocate works: 128 bits for the bounded Reps (every magnitude of
/// int64, int128 and checked_int128_t fits), the Rep itself when it is unbounded.
template <class Rep>
using allocation_t = std::conditional_t<rep_ops<Rep>::bounded, uint128, Rep>;

/// floor(a x b / c) and (a x b) mod c for 0 <= a < c and 0 <= b <= c, in 128 bits even when
/// a x b needs 256: by doubling, one bit of b at a time, keeping the remainder below c.
inline void multiply_divide(uint128 a, uint128 b, uint128 c, uint128& quotient,
                            uint128& remainder) noexcept {
    uint128 product = 0;
    if (!__builtin_mul_overflow(a, b, &product)) {
        quotient = product / c;
        remainder = product % c;
        return;
    }
    uint128 q = 0, r = 0;  // a x (the bits of b seen so far) == q x c + r, r < c
    for (int bit = 127; bit >= 0; --bit) {
        q <<= 1;  // q never exceeds the final quotient, which is below c
        if (r >= c - r) {
            r -= c - r;
            q += 1;
        } else {
            r += r;
        }
        if (((b >> bit) & 1u) != 0) {
            if (r >= c - a) {
                r -= c - a;
                q += 1;
            } else {
                r += a;
            }
        }
    }
    quotient = q;
    remainder = r;
}

/// The same for an unbounded type: a x b always fits.
template <class W>
void multiply_divide(const W& a, const W& b, const W& c, W& quotient, W& remainder) {
    const W product = a * b;
    quotient = product / c;
    remainder = product % c;
}

template <class I>
constexpr bool is_below_zero(const I& value) {
    if constexpr (is_builtin_integer_v<I> && !is_builtin_signed_v<I>)
        return false;  // no comparison that is always false (-Wtype-limits)
    else
        return value < 0;
}

/// |value| in W, for a Rep value (the most negative int64 included).
template <class W, class Rep>
W magnitude_of(const Rep& value) {
    if constexpr (is_builtin_integer_v<Rep>) {
        const auto wide = static_cast<W>(value);  // modulo 2^128: negation below gives |value|
        return value < 0 ? W(0) - wide : wide;
    } else {
        W out{};
        convert_rep(value < 0 ? Rep(-value) : value, out);  // sign-magnitude: -value is exact
        return out;
    }
}

/// -m (negative) or m in Rep, for m <= the magnitude of a Rep value; -m is formed as
/// -(m - 1) - 1, so that the most negative int64 needs no positive counterpart.
template <class Rep, class W>
Rep signed_part(const W& m, bool negative) {
    Rep out{};
    if (!negative || m == 0) {
        convert_rep(m, out);
        return out;
    }
    convert_rep(W(m - 1), out);
    return Rep(Rep(-out) - rep_ops<Rep>::from_int64(1));
}

}  // namespace detail

/// Splits `total` into parts proportional to `ratios` (non-negative integers, not all zero),
/// exactly: the parts sum to `total`, and each is within one step (10^-Scale) of its exact
/// share. Largest remainder: every part first gets its share rounded toward zero; the steps
/// left over go one each to the parts with the largest dropped remainders, ties to the
/// earlier ratio. A negative total is split as its magnitude, then negated.
/// Works in a wide intermediate (128 bits, or the unbounded Rep), so that any ratios of up to
/// 128 bits split any total: a part is never larger than the total, so it always fits.
/// Throws invalid_argument for a negative ratio or all-zero ratios, overflow_error only when a
/// ratio or the sum of the ratios exceeds 2^128 - 1 (with a bounded Rep).
template <int Scale, class Rep, class Ratios>
std::vector<decimal<Scale, Rep>> allocate(const decimal<Scale, Rep>& total, const Ratios& ratios) {
    static_assert(!detail::rep_ops<Rep>::bounded || detail::rep_ops<Rep>::digits <= 128,
                  "a bounded Rep's magnitudes must fit the 128 bits allocate works in");
    using W = detail::allocation_t<Rep>;
    std::vector<W> weights;
    W sum = W(0);
    std::size_t index = 0;
    for (const auto& ratio : ratios) {
        if (detail::is_below_zero(ratio)) {
            throw invalid_argument("allocate: ratio " + detail::quantity_text(ratio) +
                                   " at index " + std::to_string(index) + " is negative");
        }
        W w{};
        if (!detail::convert_rep(ratio, w)) {
            detail::throw_overflow("allocate: ratio " + detail::quantity_text(ratio) +
                                   " at index " + std::to_string(index) + " exceeds 2^128 - 1");
        }
        if constexpr (std::is_same_v<W, detail::uint128>) {
            if (__builtin_add_overflow(sum, w, &sum))
                detail::throw_overflow("allocate: the sum of the ratios exceeds 2^128 - 1");
        } else {
            sum += w;
        }
        weights.push_back(w);
        ++index;
    }
    if (weights.empty() || sum == 0)
        throw invalid_argument("allocate: the ratios are empty or all zero");

    // |total| x w / sum = q x w + r x w / sum, with |total| = q x sum + r: q x w <= |total| and
    // r x w < sum^2, which multiply_divide handles without forming it.
    const bool negative = total.is_negative();
    const W whole = detail::magnitude_of<W>(total.raw_value());
    const W per_unit = whole / sum, rest = whole % sum;

    std::vector<W> parts(weights.size()), remainders(weights.size());
    W given = W(0);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        W share{};
        detail::multiply_divide(rest, weights[i], sum, share, remainders[i]);
        parts[i] = per_unit * weights[i] + share;  // <= whole
        given += parts[i];                         // <= whole
    }
    // whole - given < number of parts: hand out the leftover steps by largest remainder.
    W left = whole - given;
    std::vector<bool> bumped(parts.size(), false);
    while (left > 0) {
        std::size_t best = parts.size();
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (bumped[i]) continue;
            if (best == parts.size() || remainders[i] > remainders[best]) best = i;
        }
        bumped[best] = true;
        parts[best] += 1;
        left -= 1;
    }
    std::vector<decimal<Scale, Rep>> out;
    out.reserve(parts.size());
    for (const W& p : parts)
        out.push_back(decimal<Scale, Rep>::from_raw(detail::signed_part<Rep>(p, negative)));
    return out;
}

/// Money version: the parts are in the same currency and sum to `total` exactly.
template <class Currency, class Rep, class Ratios>
std::vector<money<Currency, Rep>> allocate(const money<Currency, Rep>& total,
                                           const Ratios& ratios) {
    std::vector<money<Currency, Rep>> out;
    for (const auto& part : allocate(total.amount(), ratios))
        out.push_back(money<Currency, Rep>(part));
    return out;
}

}  // namespace tariff
