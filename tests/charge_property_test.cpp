// Randomised comparison of tariff::rate with the independent reference rater in
// support/rating_reference.hpp. With fixed seeds, thousands of random tables of every shape
// (volume and graduated, 1-10 tiers, flat fees, packages, quote tiers, minimum and maximum,
// all seven rounding modes, both scopes, currencies with 0, 2, 3 and 4 minor digits, prices
// with up to 12 fraction digits, integer quantities up to 10^12 and decimal ones) are rated by
// both, over every representation, and compared line by line and to the minor unit.
//
// With a bounded representation tariff must agree exactly, or throw overflow_error exactly
// when the reference says that one of the exact values the rating has to hold does not fit:
// a line's price x units, that plus the fee, the rounded line (line scope), the sum of the
// lines, its rounding (total scope), and the total (see rating_reference::result::held).

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <tariff/charge.hpp>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/random_tables.hpp"
#include "support/rating_reference.hpp"
#include "support/reps.hpp"

namespace {

namespace ref = rating_reference;

// --- Random tables -----------------------------------------------------------------------------

using random_tables::random_source;

/// A random table (support/random_tables.hpp), the quantities to rate with it, and the
/// reference's rating of each.
struct random_case : random_tables::random_case {
    std::vector<ref::result> expected;
};

/// A random case of decimal (three fraction digits) or whole quantities; `new_keys` adds free
/// units and the first tier's fee at zero, `step_scale` counts whole quantities in steps of
/// 10^-step_scale units.
random_case make_case(random_source& rnd, bool decimal_quantity, bool new_keys = false,
                      int step_scale = 0) {
    random_tables::options o;
    o.decimal_quantity = decimal_quantity;
    o.new_keys = new_keys;
    o.step_scale = step_scale;
    random_case rc{random_tables::make_case(rnd, o), {}};
    for (const ref::number& q : rc.quantities) rc.expected.push_back(ref::rate(rc.spec, q));
    return rc;
}

// --- Building tariff's table from the same description -----------------------------------------

/// A reference quantity as the table's: raw steps of 10^-step_scale for integer quantities.
template <class Quantity>
Quantity to_quantity(const ref::number& n, int step_scale = 0) {
    if constexpr (std::is_integral_v<Quantity>) {
        return static_cast<Quantity>(std::stoll(n.raw_at(step_scale).value().to_text()));
    } else {
        return Quantity::parse(n.to_text());
    }
}

template <class Table>
Table build_table(const random_case& rc) {
    using tier_type = typename Table::tier_type;
    using price = typename Table::price_type;
    using quantity = typename Table::quantity_type;
    std::vector<tier_type> tiers;
    for (const ref::tier_spec& t : rc.spec.tiers) {
        if (t.quote) {
            tiers.emplace_back(tariff::unbounded, tariff::contact_sales);
        } else if (!t.up_to) {
            tiers.emplace_back(tariff::unbounded, price::parse(t.unit_price.to_text()),
                               price::parse(t.flat_fee.to_text()));
        } else {
            tiers.emplace_back(to_quantity<quantity>(*t.up_to, rc.step_scale),
                               price::parse(t.unit_price.to_text()),
                               price::parse(t.flat_fee.to_text()));
        }
    }
    const tariff::tier_mode mode =
        rc.spec.graduated ? tariff::tier_mode::graduated : tariff::tier_mode::volume;
    tariff::rounding rounding{};
    REQUIRE(tariff::rounding_from_name(ref::name(rc.spec.rounding), rounding));
    Table table =
        Table(tariff::currency_from_code(rc.currency_code), mode, tiers.data(), tiers.size())
            .with_rounding(rounding, rc.spec.round_total ? tariff::rounding_scope::total
                                                         : tariff::rounding_scope::line);
    if (rc.spec.package_size) {
        table = table.with_package(*rc.spec.package_size, rc.spec.package_up
                                                              ? tariff::package_rounding::up
                                                              : tariff::package_rounding::down);
    }
    if (rc.spec.minimum) table = table.with_minimum(rc.spec.minimum->to_text());
    if (rc.spec.maximum) table = table.with_maximum(rc.spec.maximum->to_text());
    if constexpr (std::is_integral_v<quantity>) {
        if (rc.step_scale > 0) table = table.with_quantity_scale(rc.step_scale);
    }
    if (rc.spec.free_units)
        table = table.with_free_units(to_quantity<quantity>(*rc.spec.free_units, rc.step_scale));
    if (rc.spec.flat_fee_at_zero) table = table.with_flat_fee_at_zero();
    return table;
}

// --- Comparison --------------------------------------------------------------------------------

template <int S, class R>
ref::number as_number(const tariff::decimal<S, R>& d) {
    return ref::number::parse(tariff::to_string(d));
}
/// A charge's quantity: steps of 10^-scale units for integer quantities.
template <class Q>
ref::number quantity_as_number(const Q& q, int scale) {
    if constexpr (std::is_integral_v<Q>)
        return ref::number(ref::integer::from_int64(q), scale);
    else
        return as_number(q);
}

/// The largest raw magnitude of a representation; none when it is unbounded.
template <class Rep>
std::optional<ref::integer> max_raw() {
    if constexpr (std::is_same_v<Rep, std::int64_t>)
        return ref::integer::max_of_bits(63);
    else if constexpr (std::is_same_v<Rep, tariff::int128>)
        return ref::integer::max_of_bits(127);
    else if constexpr (std::is_same_v<Rep, tariff::checked_int128_t>)
        return ref::integer::max_of_bits(128);  // sign-magnitude
    else
        return std::nullopt;
}

/// What the reference says about a value, for messages.
std::string text(const std::optional<ref::number>& n) { return n ? n->to_text() : "none"; }

/// Counts what the comparison exercised, so the test can show it covered every path.
struct coverage {
    long rated = 0, overflowed = 0, quotes = 0, minimums = 0, maximums = 0, scope_differs = 0;
};

/// Rates every quantity of `rc` with tariff and the reference; returns the first difference.
template <class Table>
std::string compare_case(const random_case& rc, coverage& seen) {
    using amount_type = typename Table::amount_type;
    using rep = typename amount_type::rep;
    const std::optional<ref::integer> limit = max_raw<rep>();
    const ref::number minor_unit(ref::integer::from_int64(1), rc.spec.minor_units);

    const Table table = build_table<Table>(rc);
    for (std::size_t k = 0; k < rc.quantities.size(); ++k) {
        const ref::number& q = rc.quantities[k];
        const ref::result& want = rc.expected[k];
        const std::string where = "quantity " + q.to_text() + ": ";
        const bool fits = !limit || ref::all_fit(want.held, amount_type::scale, *limit);
        std::optional<tariff::charge<Table>> got;
        try {
            got = tariff::rate(table, to_quantity<typename Table::quantity_type>(q, rc.step_scale));
        } catch (const tariff::overflow_error& e) {
            if (fits) return where + "unexpected overflow_error: " + e.what();
            ++seen.overflowed;
            continue;
        }
        if (!fits) return where + "no overflow_error, but an exact value does not fit";
        ++seen.rated;
        const tariff::charge<Table>& c = *got;

        if ((c.status == tariff::charge_status::quote_required) != want.quote_required)
            return where + "status differs";
        auto quantity_of = [&](const auto& x) { return quantity_as_number(x, c.quantity_scale); };
        if (c.quantity_scale != rc.step_scale) return where + "quantity scale differs";
        if (quantity_of(c.quantity) != q) return where + "quantity differs";
        if (c.free.has_value() != want.free.has_value() ||
            (c.free && quantity_of(*c.free) != *want.free)) {
            return where + "free " + (c.free ? quantity_of(*c.free).to_text() : "none") +
                   ", want " + text(want.free);
        }
        if (quantity_of(c.billable) != want.billable)
            return where + "billable " + quantity_of(c.billable).to_text() + ", want " +
                   want.billable.to_text();
        if (c.line_count() != want.lines.size()) {
            return where + std::to_string(c.line_count()) + " lines, want " +
                   std::to_string(want.lines.size());
        }
        ref::number line_sum, exact_sum, rounded_sum;
        for (std::size_t i = 0; i < want.lines.size(); ++i) {
            const auto& a = c.line(i);
            const ref::line& b = want.lines[i];
            const std::string at = where + "line " + std::to_string(i) + ": ";
            if (a.tier != b.tier)
                return at + "tier " + std::to_string(a.tier) + ", want " + std::to_string(b.tier);
            if (quantity_of(a.from) != b.from) return at + "from differs";
            if (a.up_to.has_value() != b.up_to.has_value() ||
                (b.up_to && quantity_of(*a.up_to) != *b.up_to)) {
                return at + "up_to differs";
            }
            if (quantity_of(a.units) != b.units)
                return at + "units " + quantity_of(a.units).to_text() + ", want " +
                       b.units.to_text();
            if (a.quote != b.quote) return at + "quote differs";
            if (b.quote) continue;
            if (as_number(a.unit_price) != b.unit_price || as_number(a.flat_fee) != b.flat_fee)
                return at + "price or fee differs";
            const ref::number amount = as_number(a.amount);
            if (amount != b.amount)
                return at + "amount " + amount.to_text() + ", want " + b.amount.to_text();
            // Property: rounding moves a line by less than one minor unit (line scope).
            if ((amount - b.exact).is_negative() ? b.exact - amount >= minor_unit
                                                 : amount - b.exact >= minor_unit) {
                return at + "rounded by a minor unit or more";
            }
            line_sum = line_sum + amount;
            exact_sum = exact_sum + b.exact;
            rounded_sum = rounded_sum + ref::round(b.exact, rc.spec.minor_units, rc.spec.rounding);
        }
        if (want.quote_required) {
            ++seen.quotes;
            if (c.total || c.subtotal || c.adjustment) return where + "a quote has a total";
            continue;
        }
        if (!c.total || !c.subtotal) return where + "priced without a total";
        const ref::number subtotal = as_number(*c.subtotal);
        const ref::number total = as_number(*c.total);
        if (subtotal != *want.subtotal)
            return where + "subtotal " + subtotal.to_text() + ", want " + text(want.subtotal);
        if (total != *want.total)
            return where + "total " + total.to_text() + ", want " + text(want.total);
        // Property: in line scope the subtotal is the sum of the (rounded) lines, so the invoice
        // adds up; in total scope it is the exact sum rounded once, less than a minor unit away.
        if (!rc.spec.round_total && subtotal != line_sum)
            return where + "lines do not add up to the subtotal";
        if (rc.spec.round_total) {
            const ref::number moved = subtotal - exact_sum;
            if ((moved.is_negative() ? -moved : moved) >= minor_unit)
                return where + "total rounded by a minor unit or more";
            if (rounded_sum != subtotal) ++seen.scope_differs;
        }
        // The total is at the currency's precision.
        if (!total.raw_at(rc.spec.minor_units)) return where + "total finer than the minor unit";
        if (c.adjustment.has_value() != want.adjusted.has_value())
            return where + "adjustment differs";
        if (want.adjusted) {
            const bool is_minimum = c.adjustment->kind == tariff::adjustment_kind::minimum;
            if (is_minimum != want.adjusted->is_minimum ||
                as_number(c.adjustment->limit) != want.adjusted->limit ||
                as_number(c.adjustment->amount) != want.adjusted->amount) {
                return where + "adjustment differs";
            }
            ++(is_minimum ? seen.minimums : seen.maximums);
        }
        if (subtotal + (c.adjustment ? as_number(c.adjustment->amount) : ref::number()) != total) {
            return where + "subtotal + adjustment != total";
        }
    }
    return "";
}

/// A description of a case for failure messages.
std::string describe(const random_case& rc) {
    std::string s = std::string(rc.spec.graduated ? "graduated" : "volume") + " " +
                    rc.currency_code + " " + ref::name(rc.spec.rounding) +
                    (rc.spec.round_total ? "/total" : "/line");
    if (rc.spec.package_size)
        s += " package " + std::to_string(*rc.spec.package_size) +
             (rc.spec.package_up ? " up" : " down");
    if (rc.spec.minimum) s += " min " + rc.spec.minimum->to_text();
    if (rc.spec.maximum) s += " max " + rc.spec.maximum->to_text();
    if (rc.spec.free_units) s += " free " + rc.spec.free_units->to_text();
    if (rc.spec.flat_fee_at_zero) s += " fee at zero";
    if (rc.step_scale > 0) s += " scale " + std::to_string(rc.step_scale);
    s += " tiers:";
    for (const ref::tier_spec& t : rc.spec.tiers) {
        s += " [" + (t.up_to ? t.up_to->to_text() : std::string("inf")) +
             (t.quote ? " quote" : " " + t.unit_price.to_text() + " +" + t.flat_fee.to_text()) +
             "]";
    }
    return s;
}

/// Price types under test: 12 fraction digits with int64 (so that amounts still fit often),
/// 18 with the wide representations.
template <class Rep>
using price_for = tariff::decimal<std::is_same_v<Rep, std::int64_t> ? 12 : 18, Rep>;

/// The random cases of one seed, made (and rated by the reference) once per run and shared by
/// the tests of every representation.
const std::vector<random_case>& random_cases(std::uint64_t seed, int count, bool decimal_quantity,
                                             bool new_keys = false, int step_scale = 0) {
    static std::vector<std::pair<std::uint64_t, std::vector<random_case>>> made;
    for (const auto& m : made) {
        if (m.first == seed) return m.second;
    }
    random_source rnd(seed);
    std::vector<random_case> cases;
    for (int i = 0; i < count; ++i)
        cases.push_back(make_case(rnd, decimal_quantity, new_keys, step_scale));
    made.emplace_back(seed, std::move(cases));
    return made.back().second;
}

template <class Rep>
void run_random_tables(std::uint64_t seed, int count, bool decimal_quantity, coverage& seen,
                       bool new_keys = false, int step_scale = 0) {
    using integer_table = tariff::tier_table<tariff::runtime_currency, price_for<Rep>>;
    using decimal_table =
        tariff::tier_table<tariff::runtime_currency, price_for<Rep>,
                           tariff::decimal<random_tables::options{}.quantity_scale>>;
    const std::vector<random_case>& cases =
        random_cases(seed, count, decimal_quantity, new_keys, step_scale);
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const random_case& rc = cases[i];
        const std::string mismatch = decimal_quantity ? compare_case<decimal_table>(rc, seen)
                                                      : compare_case<integer_table>(rc, seen);
        if (!mismatch.empty()) {
            FAIL_CHECK("seed " << seed << ", table " << i << " (" << describe(rc)
                               << "): " << mismatch);
            return;
        }
    }
}

}  // namespace

TEST_CASE_TEMPLATE("charge property: random tables agree with the reference rater", Rep,
                   TARIFF_TEST_REPS) {
    coverage seen;
    run_random_tables<Rep>(20260101, 2000, false, seen);
    run_random_tables<Rep>(20260202, 500, true, seen);
    MESSAGE("rated " << seen.rated << ", overflow_error " << seen.overflowed << ", quotes "
                     << seen.quotes << ", minimums " << seen.minimums << ", maximums "
                     << seen.maximums << ", scopes differ " << seen.scope_differs);
    // The random tables reach every path.
    CHECK(seen.rated > 10000);
    CHECK(seen.quotes > 100);
    CHECK(seen.minimums > 100);
    CHECK(seen.maximums > 100);
    CHECK(seen.scope_differs > 10);
    if (!std::is_same_v<Rep, tariff::cpp_int>) CHECK(seen.overflowed > 100);
    if (std::is_same_v<Rep, tariff::cpp_int>) CHECK(seen.overflowed == 0);
}

TEST_CASE_TEMPLATE(
    "charge property: free units, the fee at zero and quantity scales agree with the reference",
    Rep, TARIFF_TEST_REPS) {
    coverage seen;
    // Integer quantities at every quantity scale, and decimal quantities (GB).
    for (int scale = 0; scale <= 6; ++scale)
        run_random_tables<Rep>(20261100 + static_cast<std::uint64_t>(scale), 300, false, seen, true,
                               scale);
    run_random_tables<Rep>(20261111, 300, true, seen, true);
    MESSAGE("rated " << seen.rated << ", overflow_error " << seen.overflowed << ", quotes "
                     << seen.quotes << ", minimums " << seen.minimums << ", maximums "
                     << seen.maximums);
    CHECK(seen.rated > 10000);
    CHECK(seen.quotes > 100);
    CHECK(seen.minimums > 100);
    CHECK(seen.maximums > 100);
}

// --- The reference itself ----------------------------------------------------------------------

TEST_CASE("rating_reference: integer arithmetic agrees with int64 where int64 is exact") {
    random_source rnd(7);
    for (int i = 0; i < 2000; ++i) {
        const std::int64_t a = rnd.between(-3037000499, 3037000499);  // |a x b| < 2^63
        const std::int64_t b = rnd.between(-3037000499, 3037000499);
        const ref::integer x = ref::integer::from_int64(a), y = ref::integer::from_int64(b);
        REQUIRE((x + y).to_text() == std::to_string(a + b));
        REQUIRE((x - y).to_text() == std::to_string(a - b));
        REQUIRE((x * y).to_text() == std::to_string(a * b));
        REQUIRE((x < y) == (a < b));
        if (b != 0) {
            ref::integer q, r;
            ref::integer::divide_magnitudes(x, y, q, r);
            const std::int64_t ua = a < 0 ? -a : a, ub = b < 0 ? -b : b;
            REQUIRE(q.to_text() == std::to_string(ua / ub));
            REQUIRE(r.to_text() == std::to_string(ua % ub));
        }
        const int k = static_cast<int>(rnd.between(0, 12));
        ref::integer q, r;
        ref::integer::split_pow10(x, k, q, r);
        const std::int64_t ua = a < 0 ? -a : a, p = random_source::pow10(k);
        REQUIRE(q.to_text() == std::to_string(ua / p));
        REQUIRE(r.to_text() == std::to_string(ua % p));
    }
    CHECK(ref::integer::from_int64(INT64_MIN).to_text() == "-9223372036854775808");
    CHECK(ref::integer::max_of_bits(63).to_text() == "9223372036854775807");
    CHECK(ref::integer::max_of_bits(128).to_text() == "340282366920938463463374607431768211455");
    CHECK((ref::integer::from_text("999999999999999999") + ref::integer::from_int64(1)).to_text() ==
          "1000000000000000000");
    CHECK((ref::integer::pow10(20) * ref::integer::pow10(20)).to_text() ==
          "1" + std::string(40, '0'));
}

TEST_CASE("rating_reference: rounding, by hand") {
    struct row {
        const char* value;
        const char* half_up;
        const char* half_even;
        const char* half_down;
        const char* up;
        const char* down;
        const char* ceiling;
        const char* floor;
    };
    // To one fraction digit.
    const row rows[] = {
        {"2.25", "2.3", "2.2", "2.2", "2.3", "2.2", "2.3", "2.2"},
        {"2.35", "2.4", "2.4", "2.3", "2.4", "2.3", "2.4", "2.3"},
        {"-2.25", "-2.3", "-2.2", "-2.2", "-2.3", "-2.2", "-2.2", "-2.3"},
        {"2.251", "2.3", "2.3", "2.3", "2.3", "2.2", "2.3", "2.2"},
        {"2.249", "2.2", "2.2", "2.2", "2.3", "2.2", "2.3", "2.2"},
        {"2.2", "2.2", "2.2", "2.2", "2.2", "2.2", "2.2", "2.2"},
        {"0.05", "0.1", "0.0", "0.0", "0.1", "0.0", "0.1", "0.0"},
        {"-0.05", "-0.1", "0.0", "0.0", "-0.1", "0.0", "0.0", "-0.1"},
    };
    for (const row& r : rows) {
        CAPTURE(r.value);
        const ref::number v = ref::number::parse(r.value);
        const char* want[] = {r.half_up, r.half_even, r.half_down, r.up,
                              r.down,    r.ceiling,   r.floor};
        for (int m = 0; m < 7; ++m) {
            CAPTURE(ref::name(ref::all_round_modes[m]));
            CHECK(ref::round(v, 1, ref::all_round_modes[m]).to_text() == want[m]);
        }
    }
    CHECK(ref::round(ref::number::parse("0.4"), 0, ref::round_mode::half_up).to_text() == "0");
    CHECK(ref::round(ref::number::parse("1.5"), 3, ref::round_mode::down).to_text() == "1.5");
}

TEST_CASE("rating_reference: the seed's table, by hand") {
    ref::table_spec faceid;
    const char* const tiers[][2] = {
        {"1000", "0.40"}, {"10000", "0.35"}, {"100000", "0.30"}, {"200000", "0.25"}};
    for (const auto& t : tiers) {
        faceid.tiers.push_back(
            {ref::number::parse(t[0]), false, ref::number::parse(t[1]), ref::number()});
    }
    faceid.tiers.push_back({std::nullopt, true, ref::number(), ref::number()});
    const std::pair<std::int64_t, const char*> rows[] = {
        {1, "0.40"},        {1000, "400.00"},   {1001, "350.35"},     {10000, "3500.00"},
        {10001, "3000.30"}, {20000, "6000.00"}, {100001, "25000.25"}, {200000, "50000.00"}};
    for (const auto& row : rows) {
        CAPTURE(row.first);
        const ref::result r = ref::rate(faceid, ref::number::whole(row.first));
        CHECK(!r.quote_required);
        REQUIRE(r.lines.size() == 1);
        CHECK(r.total->to_text() == row.second);
    }
    CHECK(ref::rate(faceid, ref::number::whole(0)).lines.empty());
    CHECK(ref::rate(faceid, ref::number::whole(0)).total->is_zero());
    const ref::result quote = ref::rate(faceid, ref::number::whole(200001));
    CHECK(quote.quote_required);
    CHECK(!quote.total);
    CHECK(quote.lines.at(0).tier == 4u);

    faceid.graduated = true;
    // 1,000 x 0.40 + 9,000 x 0.35 + 10,000 x 0.30.
    CHECK(ref::rate(faceid, ref::number::whole(20000)).total->to_text() == "6550.00");
    faceid.package_size = 100;
    CHECK(ref::rate(faceid, ref::number::whole(101)).billable.to_text() == "2");
    faceid.package_up = false;
    CHECK(ref::rate(faceid, ref::number::whole(199)).billable.to_text() == "1");
    faceid.minimum = ref::number::parse("10.00");
    CHECK(ref::rate(faceid, ref::number::whole(0)).total->to_text() == "10.00");
    CHECK(ref::rate(faceid, ref::number::whole(0)).adjusted->amount.to_text() == "10.00");
}
