#pragma once
/// The seven rounding modes (the same as Java's RoundingMode) and the rule that applies them.

#include <limits>
#include <string_view>

#include "detail/config.hpp"
#include "detail/enum_names.hpp"

namespace tariff {

/// How digits are dropped when a value is rounded to fewer fraction digits.
enum class rounding {
    half_up,    ///< to nearest; a tie goes away from zero (2.5 -> 3, -2.5 -> -3)
    half_even,  ///< to nearest; a tie goes to the even neighbour (2.5 -> 2, 3.5 -> 4)
    half_down,  ///< to nearest; a tie goes toward zero (2.5 -> 2, -2.5 -> -2)
    up,         ///< away from zero (2.1 -> 3, -2.1 -> -3)
    down,       ///< toward zero, truncation (2.9 -> 2, -2.9 -> -2)
    ceiling,    ///< toward positive infinity (2.1 -> 3, -2.9 -> -2)
    floor,      ///< toward negative infinity (2.9 -> 2, -2.1 -> -3)
};

namespace detail {
template <>
struct enum_names<rounding> {
    static constexpr std::string_view names[] = {"half_up", "half_even", "half_down", "up",
                                                 "down",    "ceiling",   "floor"};
};
}  // namespace detail

/// Looks a mode up by its name ("half_up", ...): from_name for rounding, under the name it has
/// always had.
constexpr parse_result rounding_from_name(std::string_view name, rounding& out) noexcept {
    return from_name(name, out);
}

namespace detail {

/// Whether truncated quotient q (of a value with the given sign) moves one step away from
/// zero, given the dropped remainder's magnitude r and the divisor p (0 <= r < p). The one
/// definition of the seven modes; everything that rounds asks it.
template <class Rep>
constexpr bool round_away(rounding mode, bool negative, const Rep& q, const Rep& r, const Rep& p) {
    if (r == 0) return false;
    // Compare r with p - r rather than 2r with p: 2r can overflow when p is the largest power.
    const Rep rest = p - r;
    switch (mode) {
        case rounding::down:
            return false;
        case rounding::up:
            return true;
        case rounding::ceiling:
            return !negative;
        case rounding::floor:
            return negative;
        case rounding::half_up:
            return r >= rest;
        case rounding::half_down:
            return r > rest;
        case rounding::half_even:
            return r > rest || (r == rest && q % 2 != 0);
    }
    return false;
}

/// x / p (p >= 1) rounded by `mode`: the truncated quotient, one step further from zero when
/// round_away says so. decimal's round and quantize, rating, bulk rating and budgets all round
/// here. The step cannot overflow: |x / p| is at most half the largest value when p >= 2.
template <class Rep>
constexpr Rep divide_rounded(const Rep& x, const Rep& p, rounding mode) {
    Rep q = x / p;  // truncates toward zero, as does %
    Rep r = x % p;
    bool negative = false;
    if constexpr (std::numeric_limits<Rep>::is_signed) {
        negative = x < 0;
        if (r < 0) r = -r;
    }
    if (round_away(mode, negative, q, r, p)) q = negative ? Rep(q - 1) : Rep(q + 1);
    return q;
}

}  // namespace detail
}  // namespace tariff
