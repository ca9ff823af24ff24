#pragma once
/// tariff::decimal<Scale, Rep>: an exact fixed-point number, value = integer x 10^-Scale.
/// Modelled on std::chrono::duration: widening to a larger Scale (or a wider Rep) is
/// implicit and lossless; dropping digits needs tariff::round<S>(d, mode). There is no
/// conversion from floating point, and every operation that would not fit Rep throws
/// tariff::overflow_error instead of wrapping.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <type_traits>

#include "detail/number.hpp"  // parse_number, parse_result: the one exact number reader
#include "detail/rep.hpp"
#include "error.hpp"
#include "rounding.hpp"

namespace tariff {

template <int Scale, class Rep = std::int64_t>
class decimal;

namespace detail {

template <class T>
struct is_decimal : std::false_type {};
template <int S, class R>
struct is_decimal<decimal<S, R>> : std::true_type {};

template <class I>
inline constexpr bool is_character_v =
#if defined(__cpp_char8_t)
    std::is_same_v<I, char8_t> ||  // C++20
#endif
    std::is_same_v<I, char> || std::is_same_v<I, wchar_t> || std::is_same_v<I, char16_t> ||
    std::is_same_v<I, char32_t>;

/// An integer that may multiply a decimal: any built-in integer but bool and character types,
/// or the decimal's own representation.
template <class I, class Rep>
inline constexpr bool is_quantity_v = (std::is_integral_v<I> && !std::is_same_v<I, bool> &&
                                       !is_character_v<I>) ||
                                      std::is_same_v<I, Rep>;

template <class Rep>
std::string rep_name() {
    if constexpr (std::is_same_v<Rep, std::int64_t>)
        return "int64";
    else if constexpr (std::is_integral_v<Rep>)
        return "int" + std::to_string(rep_ops<Rep>::digits + 1);
    else if constexpr (rep_ops<Rep>::bounded)
        return "checked_int" + std::to_string(rep_ops<Rep>::digits);
    else
        return "cpp_int";
}

template <int Scale, class Rep>
std::string decimal_name() {
    return "decimal<" + std::to_string(Scale) + ", " + rep_name<Rep>() + ">";
}

/// Decimal digits of an integer, with a leading '-' when negative; works for every Rep
/// without negating it (the most negative int64 has no positive counterpart).
template <class Rep>
std::string integer_digits(const Rep& value) {
    std::string out;
    Rep v = value;
    const bool negative = v < 0;
    const Rep ten = rep_ops<Rep>::from_int64(10);
    do {
        Rep digit = v % ten;
        if (digit < 0) digit = -digit;
        out.push_back(static_cast<char>('0' + static_cast<int>(digit)));
        v /= ten;
    } while (v != 0);
    if (negative) out.push_back('-');
    return std::string(out.rbegin(), out.rend());
}

/// An integer quantity as text, for messages.
template <class I>
std::string quantity_text(const I& q) {
    if constexpr (std::is_integral_v<I>)
        return std::to_string(q);
    else
        return integer_digits(q);
}

template <class Rep>
std::string fixed_digits(const Rep& raw, int scale) {
    std::string digits = integer_digits(raw);
    const bool negative = !digits.empty() && digits[0] == '-';
    if (negative) digits.erase(0, 1);
    if (scale > 0) {
        if (digits.size() <= static_cast<std::size_t>(scale)) {
            digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
        }
        digits.insert(digits.size() - static_cast<std::size_t>(scale), 1, '.');
    }
    if (negative) digits.insert(0, 1, '-');
    return digits;
}

[[noreturn]] inline void throw_parse_error(std::string_view text, std::string_view type,
                                           std::string_view reason) {
    throw parse_error("tariff: \"" + std::string(text) + "\" is not a " + std::string(type) + ": " +
                      std::string(reason));
}

[[noreturn]] inline void throw_overflow(const std::string& what) {
    throw overflow_error("tariff: overflow: " + what);
}

template <int Scale, class Rep>
[[noreturn]] void throw_parse_overflow(std::string_view text) {
    throw overflow_error("tariff: \"" + std::string(text) + "\" does not fit " +
                         decimal_name<Scale, Rep>());
}

template <int Scale, class Rep>
[[noreturn]] void throw_parse(std::string_view text, std::string_view reason) {
    throw_parse_error(text, decimal_name<Scale, Rep>(), reason);
}

template <int Scale, class Rep>
[[noreturn]] void throw_parse_at(std::string_view text, std::size_t pos) {
    throw_parse_error(
        text, decimal_name<Scale, Rep>(),
        "unexpected '" + std::string(1, text[pos]) + "' at position " + std::to_string(pos + 1));
}

template <int Scale, class Rep>
[[noreturn]] void throw_fraction_digits(std::string_view text) {
    throw_parse_error(
        text, decimal_name<Scale, Rep>(),
        "more than " + std::to_string(Scale) + " fraction digits (round it explicitly)");
}

}  // namespace detail

template <int Scale, class Rep>
class decimal {
    static_assert(!std::is_floating_point_v<Rep>, "tariff::decimal never uses floating point");
    static_assert(detail::is_supported_rep<Rep>::value,
                  "unsupported Rep: use std::int64_t, or include <tariff/multiprecision.hpp> for "
                  "tariff::checked_int128_t and tariff::cpp_int");
    static_assert(Scale >= 0, "Scale is a number of fraction digits");
    static_assert(!detail::rep_ops<Rep>::bounded || Scale <= detail::rep_ops<Rep>::max_pow10,
                  "10^Scale must fit Rep (int64: Scale <= 18)");
    using ops = detail::rep_ops<Rep>;

public:
    using rep = Rep;
    static constexpr int scale = Scale;

    /// Zero.
    constexpr decimal() noexcept(std::is_nothrow_default_constructible_v<Rep>)
        : raw_(ops::from_int64(0)) {}

    /// A whole number of units: decimal<2>(5) is 5.00. Throws overflow_error if it does not fit.
    template <class I, std::enable_if_t<detail::is_quantity_v<I, Rep>, int> = 0>
    constexpr explicit decimal(const I& whole) {
        Rep w{};
        if (!detail::convert_rep(whole, w) || !ops::mul(w, unit(), raw_)) {
            detail::throw_overflow(detail::quantity_text(whole) + " units do not fit " +
                                   detail::decimal_name<Scale, Rep>());
        }
    }

    /// Lossless widening: more fraction digits and/or a wider Rep. Implicit, like chrono's.
    template <int S2, class R2,
              std::enable_if_t<(S2 <= Scale) && detail::is_lossless_rep_v<Rep, R2> &&
                                   !(S2 == Scale && std::is_same_v<R2, Rep>),
                               int> = 0>
    constexpr decimal(const decimal<S2, R2>& other) {  // NOLINT(google-explicit-constructor)
        Rep r{}, factor{};
        if (!detail::convert_rep(other.raw_value(), r) || !detail::pow10<Rep>(Scale - S2, factor) ||
            !ops::mul(r, factor, raw_)) {
            detail::throw_overflow(to_string_impl(other) + " does not fit " +
                                   detail::decimal_name<Scale, Rep>());
        }
    }

    /// Floating point is never a source of money.
    template <class F, std::enable_if_t<std::is_floating_point_v<F>, int> = 0>
    decimal(F) = delete;

    /// The value raw x 10^-Scale: decimal<2>::from_raw(123) is 1.23.
    static constexpr decimal from_raw(const Rep& raw) noexcept(
        std::is_nothrow_copy_constructible_v<Rep>) {
        decimal d;
        d.raw_ = raw;
        return d;
    }

    /// The underlying integer (value x 10^Scale). Named so that it is not reached by accident.
    constexpr const Rep& raw_value() const noexcept { return raw_; }

    /// Strict parse: [+|-]digits[.digits]. More than Scale fraction digits only if the extra
    /// ones are zeros. Throws parse_error (bad text) or overflow_error (too large), naming it.
    static constexpr decimal parse(std::string_view text) {
        decimal out;
        const parse_result read = try_parse(text, out);
        switch (read.status) {
            case parse_status::ok:
                return out;
            case parse_status::too_many_fraction_digits:
                detail::throw_fraction_digits<Scale, Rep>(text);
            case parse_status::overflow:
                detail::throw_parse_overflow<Scale, Rep>(text);
            default:  // syntax: the only other status of a signed decimal
                break;
        }
        if (text.empty()) detail::throw_parse<Scale, Rep>(text, "empty");
        if (read.position >= text.size())
            detail::throw_parse<Scale, Rep>(text, "digits expected at the end");
        detail::throw_parse_at<Scale, Rep>(text, read.position);
    }

    /// Like parse, without exceptions: ok, or why not and where (`out` is left alone then).
    static constexpr parse_result try_parse(std::string_view text, decimal& out) noexcept {
        return detail::parse_number(text, detail::number_format{Scale, true, true}, out.raw_);
    }

    /// One unit (1.00...) as a raw value: 10^Scale.
    static constexpr Rep unit() {
        Rep u{};
        detail::pow10<Rep>(Scale, u);
        return u;
    }

    constexpr bool is_zero() const { return raw_ == 0; }
    constexpr bool is_negative() const { return raw_ < 0; }

    constexpr decimal operator+() const { return *this; }
    constexpr decimal operator-() const {
        Rep r{};
        if (!ops::sub(ops::from_int64(0), raw_, r))
            detail::throw_overflow("-(" + to_string_impl(*this) + ")");
        return from_raw(r);
    }

    friend constexpr decimal operator+(const decimal& a, const decimal& b) {
        Rep r{};
        if (!ops::add(a.raw_, b.raw_, r)) {
            detail::throw_overflow(to_string_impl(a) + " + " + to_string_impl(b) + " in " +
                                   detail::decimal_name<Scale, Rep>());
        }
        return from_raw(r);
    }
    friend constexpr decimal operator-(const decimal& a, const decimal& b) {
        Rep r{};
        if (!ops::sub(a.raw_, b.raw_, r)) {
            detail::throw_overflow(to_string_impl(a) + " - " + to_string_impl(b) + " in " +
                                   detail::decimal_name<Scale, Rep>());
        }
        return from_raw(r);
    }
    constexpr decimal& operator+=(const decimal& b) { return *this = *this + b; }
    constexpr decimal& operator-=(const decimal& b) { return *this = *this - b; }

    /// Multiplication by an integer quantity: exact, or overflow_error.
    template <class I, std::enable_if_t<detail::is_quantity_v<I, Rep>, int> = 0>
    friend constexpr decimal operator*(const decimal& a, const I& q) {
        Rep r{};
        bool ok = false;
        if constexpr (std::is_integral_v<Rep> && std::is_integral_v<I>) {
            // The builtin multiplies mixed types exactly: 0 x 2^64-1 fits an int64 although
            // 2^64-1 does not, so the quantity must not be converted to Rep first.
            ok = !__builtin_mul_overflow(a.raw_, q, &r);
        } else {
            Rep qr{};
            ok = detail::convert_rep(q, qr) && ops::mul(a.raw_, qr, r);
        }
        if (!ok) {
            detail::throw_overflow(to_string_impl(a) + " * " + detail::quantity_text(q) + " in " +
                                   detail::decimal_name<Scale, Rep>());
        }
        return from_raw(r);
    }
    template <class I, std::enable_if_t<detail::is_quantity_v<I, Rep>, int> = 0>
    friend constexpr decimal operator*(const I& q, const decimal& a) {
        return a * q;
    }
    template <class I, std::enable_if_t<detail::is_quantity_v<I, Rep>, int> = 0>
    constexpr decimal& operator*=(const I& q) {
        return *this = *this * q;
    }

    friend constexpr bool operator==(const decimal& a, const decimal& b) {
        return a.raw_ == b.raw_;
    }
    friend constexpr bool operator!=(const decimal& a, const decimal& b) {
        return a.raw_ != b.raw_;
    }
    friend constexpr bool operator<(const decimal& a, const decimal& b) { return a.raw_ < b.raw_; }
    friend constexpr bool operator<=(const decimal& a, const decimal& b) {
        return a.raw_ <= b.raw_;
    }
    friend constexpr bool operator>(const decimal& a, const decimal& b) { return a.raw_ > b.raw_; }
    friend constexpr bool operator>=(const decimal& a, const decimal& b) {
        return a.raw_ >= b.raw_;
    }

    /// Prints exactly Scale fraction digits ("6000.00", "-0.05"); never "-0.00".
    template <class CharT, class Traits>
    friend std::basic_ostream<CharT, Traits>& operator<<(std::basic_ostream<CharT, Traits>& os,
                                                         const decimal& d) {
        return os << to_string_impl(d).c_str();
    }

private:
    template <int S2, class R2>
    static std::string to_string_impl(const decimal<S2, R2>& d) {
        return detail::fixed_digits(d.raw_value(), S2);
    }

    Rep raw_{};  // initialised here too: C++17 constexpr constructors must initialise every member
};

/// Exactly Scale fraction digits ("6000.00", "-0.05", "3"); never "-0.00".
template <int Scale, class Rep>
std::string to_string(const decimal<Scale, Rep>& d) {
    return detail::fixed_digits(d.raw_value(), Scale);
}

/// The exact product of two decimals: the scales add (0.30 x 1.5 = 0.450).
template <int S1, class R1, int S2, class R2,
          class R = std::conditional_t<detail::is_lossless_rep_v<R1, R2>, R1, R2>>
constexpr decimal<S1 + S2, R> operator*(const decimal<S1, R1>& a, const decimal<S2, R2>& b) {
    R x{}, y{}, r{};
    if (!detail::convert_rep(a.raw_value(), x) || !detail::convert_rep(b.raw_value(), y) ||
        !detail::rep_ops<R>::mul(x, y, r)) {
        detail::throw_overflow(to_string(a) + " * " + to_string(b) + " in " +
                               detail::decimal_name<S1 + S2, R>());
    }
    return decimal<S1 + S2, R>::from_raw(r);
}

namespace detail {

/// raw / 10^digits rounded by mode; digits > 0.
template <class Rep>
constexpr Rep divide_pow10(const Rep& raw, int digits, rounding mode) {
    Rep p{};
    if (!pow10<Rep>(digits, p))
        throw_overflow("10^" + std::to_string(digits));  // excluded by decimal's Scale bound
    return divide_rounded(raw, p, mode);
}

}  // namespace detail

/// Rounds to S fraction digits with the given mode; lossless (mode unused) when S >= Scale.
template <int S, int Scale, class Rep>
constexpr decimal<S, Rep> round(const decimal<Scale, Rep>& d, rounding mode) {
    if constexpr (S >= Scale) {
        return decimal<S, Rep>(d);
    } else {
        return decimal<S, Rep>::from_raw(detail::divide_pow10(d.raw_value(), Scale - S, mode));
    }
}

/// Rounds to `digits` fraction digits (a runtime count, e.g. a currency's minor units) and
/// keeps the type: quantize(1.2345 as decimal<4>, 2, half_up) is 1.2300. Throws overflow_error
/// if rounding up does not fit.
template <int Scale, class Rep>
constexpr decimal<Scale, Rep> quantize(const decimal<Scale, Rep>& d, int digits, rounding mode) {
    if (digits >= Scale) return d;
    if (digits < 0) throw invalid_argument("quantize to " + std::to_string(digits) + " digits");
    const int drop = Scale - digits;
    Rep p{}, r{};
    detail::pow10<Rep>(drop, p);
    if (!detail::rep_ops<Rep>::mul(detail::divide_pow10(d.raw_value(), drop, mode), p, r)) {
        detail::throw_overflow("rounding " + to_string(d) + " to " + std::to_string(digits) +
                               " digits");
    }
    return decimal<Scale, Rep>::from_raw(r);
}

/// Converts to another Rep at the same scale; throws overflow_error if the value does not fit.
template <class To, int Scale, class Rep>
constexpr decimal<Scale, To> rep_cast(const decimal<Scale, Rep>& d) {
    To r{};
    if (!detail::convert_rep(d.raw_value(), r)) {
        detail::throw_overflow(to_string(d) + " does not fit " + detail::decimal_name<Scale, To>());
    }
    return decimal<Scale, To>::from_raw(r);
}

}  // namespace tariff
