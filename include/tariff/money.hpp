#pragma once
/// tariff::money<Currency, Rep>: an amount in a compile-time currency, exact to the currency's
/// minor unit. USD + EUR does not compile; finer amounts become money only through a rounding.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <type_traits>

#include "currency.hpp"
#include "decimal.hpp"

namespace tariff {

template <class Currency, class Rep = std::int64_t>
class money {
public:
    using currency_type = Currency;
    using rep = Rep;
    /// The amount's decimal type: exactly the currency's minor units (USD: decimal<2>).
    using amount_type = decimal<Currency::minor_units, Rep>;

    /// Zero.
    constexpr money() = default;
    /// An exact amount at the currency's precision.
    constexpr explicit money(const amount_type& amount) : amount_(amount) {}
    /// Lossless widening of the representation (int64 -> cpp_int); same currency only.
    template <
        class R2,
        std::enable_if_t<!std::is_same_v<R2, Rep> && detail::is_lossless_rep_v<Rep, R2>, int> = 0>
    constexpr money(const money<Currency, R2>& other) : amount_(other.amount()) {}  // NOLINT

    /// Parses "12.34" at the currency's precision (strict, see decimal::parse).
    static constexpr money parse(std::string_view text) { return money(amount_type::parse(text)); }
    /// `raw` minor units: money<iso::USD>::from_minor_units(1234) is 12.34 USD.
    static constexpr money from_minor_units(const Rep& raw) {
        return money(amount_type::from_raw(raw));
    }

    constexpr const amount_type& amount() const noexcept { return amount_; }
    constexpr const Rep& minor_units() const noexcept { return amount_.raw_value(); }
    static constexpr currency currency_info() noexcept { return Currency::info; }

    constexpr money operator+() const { return *this; }
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

    friend constexpr bool operator==(const money& a, const money& b) {
        return a.amount_ == b.amount_;
    }
    friend constexpr bool operator!=(const money& a, const money& b) {
        return a.amount_ != b.amount_;
    }
    friend constexpr bool operator<(const money& a, const money& b) {
        return a.amount_ < b.amount_;
    }
    friend constexpr bool operator<=(const money& a, const money& b) {
        return a.amount_ <= b.amount_;
    }
    friend constexpr bool operator>(const money& a, const money& b) {
        return a.amount_ > b.amount_;
    }
    friend constexpr bool operator>=(const money& a, const money& b) {
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

/// "6000.00 USD": the amount with exactly the currency's minor digits, then the code.
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

}  // namespace tariff
