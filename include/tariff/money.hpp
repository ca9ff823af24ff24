#pragma once
/// tariff::money<Currency, Rep>: an amount in a compile-time currency, exact to the currency's
/// minor unit. USD + EUR does not compile; finer amounts become money through a rounding
/// (to_money) or, when they are whole minor units, through the checked money_cast.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <type_traits>

#include "currency.hpp"
#include "decimal.hpp"
#include "error.hpp"
#include "rounding.hpp"

namespace tariff {

namespace detail {

/// The amount of "12.34 USD", "12.34USD" or "12.34" read as `code`: a trailing ISO-style code
/// (three letters A-Z) must be `code`, and one space may separate it from the amount.
constexpr std::string_view amount_text(std::string_view text, std::string_view code) {
    if (text.size() < 3) return text;
    const std::string_view tail = text.substr(text.size() - 3);
    for (const char c : tail) {
        if (c < 'A' || c > 'Z') return text;
    }
    if (tail != code) {
        throw parse_error("\"" + std::string(text) + "\" is an amount in " + std::string(tail) +
                          ", not " + std::string(code));
    }
    text.remove_suffix(3);
    if (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

}  // namespace detail

template <class Currency, class Rep = std::int64_t>
class money {
    /// What cannot throw with a built-in Rep may allocate (and so throw) with cpp_int.
    static constexpr bool nothrow = detail::is_builtin_integer_v<Rep>;

public:
    using currency_type = Currency;
    using rep = Rep;
    /// The amount's decimal type: exactly the currency's minor units (USD: decimal<2>).
    using amount_type = decimal<Currency::minor_units, Rep>;

    /// Zero.
    constexpr money() = default;
    /// An exact amount at the currency's precision.
    constexpr explicit money(const amount_type& amount) noexcept(
        std::is_nothrow_copy_constructible_v<Rep>)
        : amount_(amount) {}
    /// Lossless widening of the representation (int64 -> cpp_int); same currency only.
    template <
        class R2,
        std::enable_if_t<!std::is_same_v<R2, Rep> && detail::is_lossless_rep_v<Rep, R2>, int> = 0>
    constexpr money(const money<Currency, R2>& other) : amount_(other.amount()) {}  // NOLINT

    /// Parses "12.34", or what to_string prints ("12.34 USD"; "12.34USD" too), at the currency's
    /// precision (strict, see decimal::parse): parse(to_string(m)) == m. Another currency's code
    /// is a parse_error naming both.
    static constexpr money parse(std::string_view text) {
        return money(amount_type::parse(detail::amount_text(text, Currency::code)));
    }
    /// `raw` minor units: money<iso::USD>::from_minor_units(1234) is 12.34 USD.
    static constexpr money from_minor_units(const Rep& raw) noexcept(
        std::is_nothrow_copy_constructible_v<Rep>) {
        return money(amount_type::from_raw(raw));
    }

    constexpr const amount_type& amount() const noexcept { return amount_; }
    constexpr const Rep& minor_units() const noexcept { return amount_.raw_value(); }
    static constexpr currency currency_info() noexcept { return Currency::info; }

    constexpr money operator+() const noexcept(nothrow) { return *this; }
    constexpr money operator-() const { return money(-amount_); }
    friend constexpr money operator+(const money& a, const money& b) {
        return money(a.amount_ + b.amount_);
    }
    friend constexpr money operator-(const money& a, const money& b) {
        return money(a.amount_ - b.amount_);
    }
    constexpr money& operator+=(const money& b) { return *this = *this + b; }
    constexpr money& operator-=(const money& b) { return *this = *this - b; }
    template <class I, std::enable_if_t<detail::is_quantity_v<I, Rep>, int> = 0>
    friend constexpr money operator*(const money& a, const I& q) {
        return money(a.amount_ * q);
    }
    template <class I, std::enable_if_t<detail::is_quantity_v<I, Rep>, int> = 0>
    friend constexpr money operator*(const I& q, const money& a) {
        return money(a.amount_ * q);
    }

    friend constexpr bool operator==(const money& a, const money& b) noexcept(nothrow) {
        return a.amount_ == b.amount_;
    }
    friend constexpr bool operator!=(const money& a, const money& b) noexcept(nothrow) {
        return a.amount_ != b.amount_;
    }
    friend constexpr bool operator<(const money& a, const money& b) noexcept(nothrow) {
        return a.amount_ < b.amount_;
    }
    friend constexpr bool operator<=(const money& a, const money& b) noexcept(nothrow) {
        return a.amount_ <= b.amount_;
    }
    friend constexpr bool operator>(const money& a, const money& b) noexcept(nothrow) {
        return a.amount_ > b.amount_;
    }
    friend constexpr bool operator>=(const money& a, const money& b) noexcept(nothrow) {
        return a.amount_ >= b.amount_;
    }

    /// "6000.00 USD".
    template <class CharT, class Traits>
    friend std::basic_ostream<CharT, Traits>& operator<<(std::basic_ostream<CharT, Traits>& os,
                                                         const money& m) {
        return os << to_string(m).c_str();
    }

private:
    amount_type amount_;
};

/// "6000.00 USD": the amount with exactly the currency's minor digits, then the code; money::parse
/// reads it back.
template <class Currency, class Rep>
std::string to_string(const money<Currency, Rep>& m) {
    return to_string(m.amount()) + " " + std::string(Currency::code);
}

/// Rounds an exact amount (any scale) to the currency's minor unit; lossless when the
/// amount has no more digits than the currency, whatever the mode.
template <class Currency, int Scale, class Rep>
constexpr money<Currency, Rep> to_money(const decimal<Scale, Rep>& amount, rounding mode) {
    return money<Currency, Rep>(round<Currency::minor_units>(amount, mode));
}

namespace detail {

/// money_cast's result: Target is a currency tag (the Rep is To, or the source's Rep when To is
/// void) or a money type.
template <class Target, class To, class SourceRep>
struct money_cast_result {
    using type = money<Target, std::conditional_t<std::is_void_v<To>, SourceRep, To>>;
};
template <class C, class R, class To, class SourceRep>
struct money_cast_result<money<C, R>, To, SourceRep> {
    static_assert(std::is_void_v<To> || std::is_same_v<To, R>,
                  "money_cast<money<C, R>, To>: give the Rep once");
    using type = money<C, R>;
};

}  // namespace detail

/// Converts an exact amount of any scale and Rep to money, exactly or not at all:
///   money_cast<iso::EUR>(d)              money<EUR, same Rep as d>
///   money_cast<iso::EUR, std::int64_t>(d) or money_cast<money<iso::EUR>>(d)   another Rep
/// An amount with non-zero digits finer than the currency's minor unit is an invalid_argument
/// naming the value and the currency (round it with to_money instead); one that does not fit
/// the money's Rep is an overflow_error. Nothing is ever rounded.
template <class Target, class To = void, int Scale, class Rep>
constexpr typename detail::money_cast_result<Target, To, Rep>::type money_cast(
    const decimal<Scale, Rep>& amount) {
    using result = typename detail::money_cast_result<Target, To, Rep>::type;
    using currency_type = typename result::currency_type;
    using result_rep = typename result::rep;
    constexpr int minor = currency_type::minor_units;
    result_rep raw{};
    bool fits = false;
    if constexpr (Scale > minor) {
        // Exact or refused: the digits beyond the minor unit must all be zero.
        const decimal<minor, Rep> whole = round<minor>(amount, rounding::down);
        if (whole != amount) {
            throw invalid_argument(to_string(amount) + " is not a whole number of " +
                                   std::string(currency_type::code) + " minor units (" +
                                   std::to_string(minor) +
                                   " fraction digits): round it with to_money");
        }
        fits = detail::convert_rep(whole.raw_value(), raw);
    } else {
        // Change the Rep first: the wider target may hold what the source's Rep cannot.
        result_rep factor{};
        fits = detail::convert_rep(amount.raw_value(), raw) &&
               detail::pow10<result_rep>(minor - Scale, factor) &&
               detail::rep_ops<result_rep>::mul(raw, factor, raw);
    }
    if (!fits) {
        detail::throw_overflow(to_string(amount) + " " + std::string(currency_type::code) +
                               " does not fit " + detail::decimal_name<minor, result_rep>());
    }
    return result::from_minor_units(raw);
}

/// The same for money in the same currency and another Rep: money_cast<money<iso::EUR>>(m)
/// narrows a money<EUR, cpp_int> to int64, or throws overflow_error.
template <class Target, class To = void, class Currency, class Rep>
constexpr typename detail::money_cast_result<Target, To, Rep>::type money_cast(
    const money<Currency, Rep>& m) {
    static_assert(
        std::is_same_v<typename detail::money_cast_result<Target, To, Rep>::type::currency_type,
                       Currency>,
        "money_cast does not change the currency");
    return money_cast<Target, To>(m.amount());
}

}  // namespace tariff
