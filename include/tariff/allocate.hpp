#pragma once
/// Splitting an amount across ratios without losing or inventing a minor unit.

#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "decimal.hpp"
#include "money.hpp"

namespace tariff {

/// Splits `total` into parts proportional to `ratios` (non-negative integers, not all zero),
/// exactly: the parts sum to `total`, and each is within one step (10^-Scale) of its exact
/// share. Largest remainder: every part first gets its share rounded toward zero; the steps
/// left over go one each to the parts with the largest dropped remainders, ties to the
/// earlier ratio. A negative total is split as its magnitude, then negated.
/// Throws invalid_argument for a negative ratio or all-zero ratios, overflow_error if
/// total x ratio does not fit Rep.
template <int Scale, class Rep, class Ratios>
std::vector<decimal<Scale, Rep>> allocate(const decimal<Scale, Rep>& total, const Ratios& ratios) {
    using ops = detail::rep_ops<Rep>;
    std::vector<Rep> weights;
    Rep sum = ops::from_int64(0);
    std::size_t index = 0;
    for (const auto& ratio : ratios) {
        Rep w{};
        if (!detail::convert_rep(ratio, w)) {
            detail::throw_overflow("ratio " + detail::quantity_text(ratio) + " at index " +
                                   std::to_string(index));
        }
        if (w < 0) {
            throw invalid_argument("tariff: allocate: ratio " + detail::quantity_text(ratio) +
                                   " at index " + std::to_string(index) + " is negative");
        }
        if (!ops::add(sum, w, sum)) detail::throw_overflow("sum of allocation ratios");
        weights.push_back(w);
        ++index;
    }
    if (weights.empty() || sum == 0)
        throw invalid_argument("tariff: allocate: the ratios are empty or all zero");

    const bool negative = total.raw_value() < 0;
    Rep whole = total.raw_value();
    if (negative && !ops::sub(ops::from_int64(0), whole, whole))
        detail::throw_overflow("allocate " + to_string(total));

    std::vector<Rep> parts(weights.size()), remainders(weights.size());
    Rep given = ops::from_int64(0);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        Rep product{};
        if (!ops::mul(whole, weights[i], product)) {
            detail::throw_overflow("allocate " + to_string(total) + " x ratio " +
                                   detail::integer_digits(weights[i]));
        }
        parts[i] = product / sum;
        remainders[i] = product % sum;
        given += parts[i];  // <= whole: cannot overflow
    }
    // whole - given < number of parts: hand out the leftover steps by largest remainder.
    Rep left = whole - given;
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
    for (const Rep& p : parts) {
        out.push_back(decimal<Scale, Rep>::from_raw(negative ? Rep(-p) : p));
    }
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
