#pragma once
// What a tier table needs of its quantity type: an integer count (std::int64_t) or a decimal
// quantity such as gigabytes (tariff::decimal<3>). Both are exact; neither is floating point.

#include <cstdint>
#include <string>
#include <type_traits>

#include "../decimal.hpp"

namespace tariff::detail {

template <class Q, class = void>
struct quantity_traits;

template <class Q>
struct quantity_traits<Q, std::enable_if_t<std::is_integral_v<Q> && std::is_signed_v<Q>>> {
    static constexpr Q zero() noexcept { return 0; }
    static std::string text(Q q) { return std::to_string(q); }
    /// ceil or floor of q / size, q >= 0, size >= 1: a whole number of packages.
    static constexpr Q packages(Q q, std::int64_t size, bool round_up) noexcept {
        const Q whole = static_cast<Q>(q / size);
        return (round_up && q % size != 0) ? static_cast<Q>(whole + 1) : whole;
    }
    /// price x units, checked.
    template <int S, class R>
    static constexpr bool multiply(const decimal<S, R>& price, Q units,
                                   decimal<S, R>& out) noexcept {
        R u{}, r{};
        if (!convert_rep(units, u) || !rep_ops<R>::mul(price.raw_value(), u, r)) return false;
        out = decimal<S, R>::from_raw(r);
        return true;
    }
    template <int S, class R>
    using amount_t = decimal<S, R>;
};

template <int QS, class QR>
struct quantity_traits<decimal<QS, QR>> {
    using Q = decimal<QS, QR>;
    static constexpr Q zero() { return Q(); }
    static std::string text(const Q& q) { return to_string(q); }
    static constexpr Q packages(const Q& q, std::int64_t size, bool round_up) {
        // q / size in whole packages; q.raw / (size x 10^QS), then back to a whole quantity.
        QR per{}, sz{};
        if (!convert_rep(size, sz) || !rep_ops<QR>::mul(sz, Q::unit(), per)) {
            // A package larger than any quantity of the type: none is ever full.
            return Q(rep_ops<QR>::from_int64(round_up && q.raw_value() != 0 ? 1 : 0));
        }
        QR whole = q.raw_value() / per;
        if (round_up && q.raw_value() % per != 0) whole += 1;
        return Q(whole);
    }
    template <int S, class R>
    using amount_t = decimal<S + QS, std::conditional_t<is_lossless_rep_v<R, QR>, R, QR>>;
    template <int S, class R>
    static constexpr bool multiply(const decimal<S, R>& price, const Q& units,
                                   amount_t<S, R>& out) noexcept {
        using A = amount_t<S, R>;
        typename A::rep p{}, u{}, r{};
        if (!convert_rep(price.raw_value(), p) || !convert_rep(units.raw_value(), u) ||
            !rep_ops<typename A::rep>::mul(p, u, r)) {
            return false;
        }
        out = A::from_raw(r);
        return true;
    }
};

}  // namespace tariff::detail
