#pragma once
// The one exact number reader. Every number tariff reads from text goes through parse_number:
// decimals (decimal::parse and try_parse, price books, Stripe amounts, balances, budgets) and
// whole counts (tier bounds, package sizes, calls, quantities) alike. It never goes through
// floating point: digits are accumulated into the target integer with overflow checks.
//
// Grammar: [sign] digit+ [ '.' digit+ ]. What a caller may vary is the scale (the number of
// fraction digits the result keeps, at run time), whether a sign is allowed, and whether
// fraction digits beyond the scale are accepted when they are zeros. A count of quantity steps
// ("1.5" at scale 3 is 1500 steps) is one call, parse_steps; a plain integer is parse_steps at
// scale 0.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <type_traits>

#include "parse_result.hpp"
#include "rep.hpp"
#include "words.hpp"  // load_little_endian: read_digits reads eight bytes at a time

namespace tariff::detail {

/// How parse_number reads a text.
struct number_format {
    int scale = 0;            ///< fraction digits kept: the result is value x 10^scale (>= 0)
    bool sign = true;         ///< whether a leading '+' or '-' is part of the grammar
    bool extra_zeros = true;  ///< whether fraction digits beyond `scale` may appear (zeros only)
};

/// Reads the ASCII digits at the start of `text`, at most 18 of them (so that no int64
/// overflows): returns how many it read and sets `value` to theirs. parse_number's fast path,
/// and the events reader's for a count at the end of a row.
constexpr std::size_t read_digits(std::string_view text, std::int64_t& value) noexcept {
    if (!__builtin_is_constant_evaluated() && text.size() >= 8) {
        // Eight bytes at once, for the short counts of an events file. A byte below '0', above
        // '9' or from 0x80 sets its lane's high bit; borrows and carries only run upward, so the
        // lowest lane set is the first byte that is not a digit. Fewer than eight digits then
        // read, as leading zeros shifted in below them, with three multiplies.
        const std::uint64_t word = load_little_endian(text.data());
        const std::uint64_t stop =
            (word | (word - 0x3030303030303030ull) | (word + 0x4646464646464646ull)) &
            0x8080808080808080ull;
        if (stop != 0) {
            const auto length = static_cast<std::size_t>(__builtin_ctzll(stop)) / 8;
            if (length == 0) {
                value = 0;
                return 0;
            }
            std::uint64_t digits = (word & 0x0F0F0F0F0F0F0F0Full) << (8 * (8 - length));
            digits = (digits * 10 + (digits >> 8)) & 0x00FF00FF00FF00FFull;
            digits = (digits * 100 + (digits >> 16)) & 0x0000FFFF0000FFFFull;
            digits = (digits * 10000 + (digits >> 32)) & 0xFFFFFFFFull;
            value = static_cast<std::int64_t>(digits);
            return length;
        }
    }
    const std::size_t n = text.size() < 18 ? text.size() : 18;
    std::int64_t sum = 0;
    std::size_t k = 0;
    for (; k < n; ++k) {
        const unsigned digit = static_cast<unsigned char>(text[k]) - unsigned{'0'};
        if (digit > 9) break;
        sum = sum * 10 + digit;
    }
    value = sum;
    return k;
}

/// Reads `text` exactly into `out` = value x 10^format.scale; `out` is left alone unless ok.
/// Where no sign is allowed, a '-' before a well-formed value below zero is `negative`; any
/// other sign ('+', or "-0") is `syntax` at position 0, as is empty text. The checks run in
/// this order: syntax, sign, fraction digits, overflow, so that a stray character is reported
/// as such however many digits precede it.
template <class Rep>
constexpr parse_result parse_number(std::string_view text, const number_format& format,
                                    Rep& out) noexcept {
    const std::size_t n = text.size();
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        // The common case of a count: at most 18 digits and nothing else, at scale 0, which no
        // check refuses and no int64 overflows; anything else is read below.
        if (std::int64_t value = 0;
            format.scale <= 0 && n > 0 && n <= 18 && read_digits(text, value) == n) {
            out = value;
            return {parse_status::ok, n};
        }
    }
    std::size_t i = 0;
    bool negative = false;
    const bool signed_text = n > 0 && (text[0] == '+' || text[0] == '-');
    if (signed_text) {
        negative = text[0] == '-';
        ++i;
    }
    const std::size_t int_begin = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
    const std::size_t int_end = i;
    if (int_begin == int_end) return {parse_status::syntax, i};
    std::size_t frac_begin = i, frac_end = i;
    if (i < n && text[i] == '.') {
        frac_begin = ++i;
        while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
        frac_end = i;
        if (frac_begin == frac_end) return {parse_status::syntax, i};
    }
    if (i != n) return {parse_status::syntax, i};
    if (signed_text && !format.sign) {
        bool zero = true;
        for (std::size_t k = int_begin; k < n; ++k)
            zero = zero && (text[k] == '0' || text[k] == '.');
        return {negative && !zero ? parse_status::negative : parse_status::syntax, 0};
    }
    const std::size_t scale = format.scale > 0 ? static_cast<std::size_t>(format.scale) : 0;
    const std::size_t frac_count = frac_end - frac_begin;
    if (frac_count > scale) {
        if (!format.extra_zeros)
            return {parse_status::too_many_fraction_digits, frac_begin + scale};
        for (std::size_t k = frac_begin + scale; k < frac_end; ++k) {
            if (text[k] != '0') return {parse_status::too_many_fraction_digits, k};
        }
    }
    // The sign goes onto every digit, so that the most negative value of a Rep reads too.
    using ops = rep_ops<Rep>;
    const Rep ten = ops::from_int64(10);
    Rep value = ops::from_int64(0);
    auto push = [&](char c) {
        const Rep digit = ops::from_int64(negative ? -(c - '0') : (c - '0'));
        return ops::mul(value, ten, value) && ops::add(value, digit, value);
    };
    for (std::size_t k = int_begin; k < int_end; ++k) {
        if (!push(text[k])) return {parse_status::overflow, n};
    }
    for (std::size_t k = 0; k < scale; ++k) {
        if (!push(k < frac_count ? text[frac_begin + k] : '0')) return {parse_status::overflow, n};
    }
    out = value;
    return {parse_status::ok, n};
}

/// Reads a count of steps of 10^-scale: "1.5" at scale 3 is 1500. Plain digits, then at most
/// `scale` fraction digits (none at scale 0), no sign; minimum <= steps <= maximum, else
/// too_small or overflow. Quantities, tier bounds, calls and package sizes are read with it.
constexpr parse_result parse_steps(
    std::string_view text, int scale, std::int64_t& out, std::int64_t minimum = 0,
    std::int64_t maximum = std::numeric_limits<std::int64_t>::max()) noexcept {
    std::int64_t steps = 0;
    const parse_result read = parse_number(text, number_format{scale, false, false}, steps);
    if (!read) return read;
    if (steps > maximum) return {parse_status::overflow, text.size()};
    if (steps < minimum) return {parse_status::too_small, text.size()};
    out = steps;
    return read;
}

/// Reads a plain integer, digits only, minimum <= value <= maximum: parse_steps at scale 0.
constexpr parse_result parse_integer(
    std::string_view text, std::int64_t& out, std::int64_t minimum = 0,
    std::int64_t maximum = std::numeric_limits<std::int64_t>::max()) noexcept {
    return parse_steps(text, 0, out, minimum, maximum);
}

}  // namespace tariff::detail
