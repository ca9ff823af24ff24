#pragma once
// What a tier table needs of its quantity type: an integer count (std::int64_t) or a decimal
// quantity such as gigabytes (tariff::decimal<3>). Both are exact; neither is floating point.

#include <cstdint>
#include <string>
#include <type_traits>

#include "../decimal.hpp"

namespace tariff::detail {

/// The most fraction digits an integer quantity may count (quantity scale 0-6: steps of 10^-s).
inline constexpr int max_quantity_scale = 6;

template <class Q, class = void>
struct quantity_traits;

template <class Q>
struct quantity_traits<Q, std::enable_if_t<std::is_integral_v<Q> && std::is_signed_v<Q>>> {
    static constexpr Q zero() noexcept { return 0; }
    static std::string text(Q q) { return std::to_string(q); }
    /// ceil or floor of q / size, q >= 0, size >= 1, as that many whole units of `unit` steps
    /// each (1 for whole-unit counts: always fits). False when they do not fit Q.
    static constexpr bool packages(Q q, std::int64_t size, bool round_up, Q& out,
                                   Q unit = 1) noexcept {
        Q per{}, whole{};
        if (__builtin_mul_overflow(size, unit, &per)) {
            whole = round_up && q != 0 ? 1 : 0;  // a package larger than any quantity
        } else {
            whole = static_cast<Q>(q / per);
            if (round_up && q % per != 0) ++whole;
        }
        return !__builtin_mul_overflow(whole, unit, &out);
    }
    static std::string packages_overflow(Q q) {
        return "whole packages of " + text(q) + " do not fit the quantity type";
    }
    /// The exact amount of a price times a quantity: the price's own type.
    template <int S, class R>
    using amount_t = decimal<S, R>;
};

template <int QS, class QR>
struct quantity_traits<decimal<QS, QR>> {
    using Q = decimal<QS, QR>;
    static constexpr Q zero() noexcept(std::is_nothrow_default_constructible_v<Q>) { return Q(); }
    static std::string text(const Q& q) { return to_string(q); }
    /// q / size in whole packages, as that many whole units: q.raw / (size x 10^QS), rounded up
    /// or down. False when the whole units do not fit Q (the top of decimal<3> rounded up).
    static constexpr bool packages(const Q& q, std::int64_t size, bool round_up, Q& out) {
        QR per{}, sz{}, whole{}, raw{};
        if (!convert_rep(size, sz) || !rep_ops<QR>::mul(sz, Q::unit(), per)) {
            // A package larger than any quantity of the type: none is ever full.
            whole = rep_ops<QR>::from_int64(round_up && q.raw_value() != 0 ? 1 : 0);
        } else {
            whole = q.raw_value() / per;
            if (round_up && q.raw_value() % per != 0) whole += 1;
        }
        if (!rep_ops<QR>::mul(whole, Q::unit(), raw)) return false;
        out = Q::from_raw(raw);
        return true;
    }
    /// Why packages() said no, for messages.
    static std::string packages_overflow(const Q& q) {
        return "whole packages of " + text(q) + " do not fit " + decimal_name<QS, QR>();
    }
    /// The exact amount of a price times a quantity: the scales add, in the wider representation.
    template <int S, class R>
    using amount_t = decimal<S + QS, std::conditional_t<is_lossless_rep_v<R, QR>, R, QR>>;
};

}  // namespace tariff::detail
