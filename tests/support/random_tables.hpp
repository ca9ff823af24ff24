#pragma once
// Random tier tables for property tests, described for the reference rater
// (rating_reference::table_spec), with quantities that reach every tier: volume and graduated,
// 1-10 tiers, flat fees, packages, quote tiers, minimum and maximum, all seven rounding modes,
// both scopes, currencies with 0, 2, 3 and 4 minor digits, integer or decimal quantities.
//
// Deterministic everywhere: mt19937_64's output is fixed by the standard, and nothing here uses
// the (implementation-defined) standard distributions. Like the reference, nothing here uses
// tariff.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "rating_reference.hpp"

namespace random_tables {

class random_source {
public:
    explicit random_source(std::uint64_t seed) : engine_(seed) {}
    /// Uniform in [lo, hi], the whole int64 range included (the slight modulo bias is
    /// irrelevant here).
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
        if (span == std::numeric_limits<std::uint64_t>::max())
            return static_cast<std::int64_t>(engine_());
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + engine_() % (span + 1));
    }
    bool chance(int percent) { return between(1, 100) <= percent; }
    /// A decimal with up to `int_digits` integer and exactly `fraction_digits` fraction digits.
    std::string decimal_text(int int_digits, int fraction_digits) {
        std::string s = int_digits == 0 ? "0" : std::to_string(between(0, pow10(int_digits) - 1));
        if (fraction_digits > 0) {
            s += '.';
            for (int i = 0; i < fraction_digits; ++i) s += static_cast<char>('0' + between(0, 9));
        }
        return s;
    }
    /// Roughly log-uniform in [1, 10^max_digits]; digits beyond 18 count as 18 (int64's reach).
    std::int64_t magnitude(int max_digits) {
        return between(1, pow10(static_cast<int>(between(0, std::min(max_digits, 18)))));
    }

    static std::int64_t pow10(int n) {
        std::int64_t r = 1;
        for (int i = 0; i < n; ++i) r *= 10;
        return r;
    }

private:
    std::mt19937_64 engine_;
};

struct currency_choice {
    const char* code;
    int minor_units;
};
inline constexpr currency_choice currencies[] = {{"JPY", 0}, {"USD", 2}, {"BHD", 3}, {"CLF", 4}};

/// What kind of table make_case draws.
struct options {
    /// Decimal quantities (gigabytes) with `quantity_scale` fraction digits; whole ones else.
    bool decimal_quantity = false;
    int quantity_scale = 3;
    /// Unit prices and fees have up to this many fraction digits.
    int price_fraction_digits = 12;
    /// Whole quantities counted in steps of 10^-step_scale units (a table's quantity scale);
    /// unit prices then have at most price_fraction_digits - step_scale fraction digits, so that
    /// a step's price stays exact.
    int step_scale = 0;
    /// Free units and the first tier's fee at zero: drawn after everything else, so that the
    /// other draws of a seed stay what they were without them.
    bool new_keys = false;
};

/// A random table and the quantities to rate with it.
struct random_case {
    rating_reference::table_spec spec;
    const char* currency_code = "USD";
    bool decimal_quantity = false;
    int step_scale = 0;  ///< options::step_scale
    /// Raw tier bounds (units, or 10^-quantity_scale steps), one per bounded tier.
    std::vector<std::int64_t> bounds;
    std::vector<rating_reference::number> quantities;
};

/// The quantity `raw` x 10^-scale as a reference number (raw steps of 10^-step_scale for whole
/// quantities).
inline rating_reference::number quantity_number(std::int64_t raw, const options& o) {
    return rating_reference::number(rating_reference::integer::from_int64(raw),
                                    o.decimal_quantity ? o.quantity_scale : o.step_scale);
}

inline random_case make_case(random_source& rnd, const options& o = {}) {
    namespace ref = rating_reference;
    const bool decimal_quantity = o.decimal_quantity;
    random_case rc;
    rc.decimal_quantity = decimal_quantity;
    rc.step_scale = o.step_scale;
    ref::table_spec& spec = rc.spec;
    const currency_choice& cur = currencies[rnd.between(0, 3)];
    rc.currency_code = cur.code;
    spec.minor_units = cur.minor_units;
    spec.graduated = rnd.chance(50);
    spec.rounding = ref::all_round_modes[rnd.between(0, 6)];
    spec.round_total = rnd.chance(50);

    // Bounds as raw quantities (units, or steps for decimal quantities): increments of one
    // magnitude, so that random quantities reach every tier.
    const auto tiers = static_cast<std::size_t>(rnd.between(1, 10));
    const int bound_digits = decimal_quantity ? static_cast<int>(rnd.between(0, 9))
                                              : static_cast<int>(rnd.between(0, 11));
    std::vector<std::int64_t>& bounds = rc.bounds;
    std::int64_t bound = 0;
    for (std::size_t i = 0; i + 1 < tiers; ++i) {
        bound += rnd.between(1, random_source::pow10(bound_digits));
        bounds.push_back(bound);
    }
    const bool quote = rnd.chance(25);
    for (std::size_t i = 0; i < tiers; ++i) {
        ref::tier_spec t;
        if (i < bounds.size()) t.up_to = quantity_number(bounds[i], o);
        if (i + 1 == tiers && quote) {
            t.quote = true;
        } else {
            // Prices of every size: up to 4 integer digits and the fraction digits asked for,
            // sometimes zero.
            t.unit_price = rnd.chance(5) ? ref::number()
                                         : ref::number::parse(rnd.decimal_text(
                                               static_cast<int>(rnd.between(0, 4)),
                                               static_cast<int>(rnd.between(
                                                   0, o.price_fraction_digits - o.step_scale))));
            if (rnd.chance(40)) {
                t.flat_fee = ref::number::parse(
                    rnd.decimal_text(static_cast<int>(rnd.between(0, 4)),
                                     static_cast<int>(rnd.between(0, o.price_fraction_digits))));
            }
        }
        spec.tiers.push_back(t);
    }
    if (rnd.chance(30)) {
        spec.package_size = rnd.chance(20) ? 1 + rnd.between(0, 1) : rnd.magnitude(3) % 1000 + 1;
        spec.package_up = rnd.chance(50);
    }
    // Limits at the currency's precision; small enough to fit every amount type the C++ tests
    // use.
    auto limit = [&] {
        return ref::number::parse(
            rnd.decimal_text(static_cast<int>(rnd.between(0, decimal_quantity ? 3 : 6)),
                             static_cast<int>(rnd.between(0, cur.minor_units))));
    };
    if (rnd.chance(30)) spec.minimum = limit();
    if (rnd.chance(30)) spec.maximum = limit();
    if (spec.minimum && spec.maximum && *spec.minimum > *spec.maximum)
        std::swap(spec.minimum, spec.maximum);

    // Quantities: zero, one, a random bound and its neighbours, random ones below the last bound
    // and up to 10^12, and (for packages) bounds scaled by the package size.
    const std::int64_t one = 1;  // the smallest step, raw
    const std::int64_t max_raw = random_source::pow10(12);
    std::vector<std::int64_t> raws = {0, one};
    if (!bounds.empty()) {
        const std::int64_t b = bounds[static_cast<std::size_t>(
            rnd.between(0, static_cast<std::int64_t>(bounds.size()) - 1))];
        raws.insert(raws.end(), {b - one, b, b + one});
        if (spec.package_size && !decimal_quantity && o.step_scale == 0 &&
            b <= max_raw / *spec.package_size) {
            const std::int64_t scaled = b * *spec.package_size;
            raws.insert(raws.end(), {scaled - 1, scaled, scaled + 1});
        }
        raws.push_back(rnd.between(0, bounds.back() + bounds.back() / 2));
    }
    raws.push_back(rnd.between(0, max_raw));
    raws.push_back(rnd.magnitude(12));
    // Now and then a count near the top of int64, where the wide representations are needed.
    if (!decimal_quantity && rnd.chance(20))
        raws.push_back(rnd.between(std::numeric_limits<std::int64_t>::max() / 2,
                                   std::numeric_limits<std::int64_t>::max()));
    if (o.new_keys) {
        // Free units of any size, some of them not a multiple of the package, and quantities
        // around them; the first tier's fee at zero now and then.
        if (rnd.chance(70)) {
            const std::int64_t free = rnd.chance(20) ? rnd.between(1, 3) : rnd.magnitude(9);
            spec.free_units = quantity_number(free, o);
            for (const std::int64_t near : {free - 1, free, free + 1}) raws.push_back(near);
            if (!bounds.empty() && free <= max_raw) raws.push_back(free + bounds.front());
        }
        spec.flat_fee_at_zero = rnd.chance(50);
    }
    for (std::int64_t raw : raws) {
        if (raw >= 0) rc.quantities.push_back(quantity_number(raw, o));
    }
    return rc;
}

}  // namespace random_tables
