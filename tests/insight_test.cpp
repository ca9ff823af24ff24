// Pricing insight (tariff/insight.hpp) and the rating guard: the FaceID cliffs and budgets worked
// out by hand, and cliffs, max_quantity_within and the guard checked against brute force (rate()
// at every quantity up to past the last bound) on thousands of random small tables with fees,
// packages, quote tiers, minimum, maximum, every rounding mode and scope, over every
// representation.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <tariff/insight.hpp>
#include <tariff/money.hpp>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/reps.hpp"

namespace {

using tariff::budget_fit;
using tariff::decimal;
using tariff::rounding;
using tariff::tier_mode;
using tariff::unbounded;

template <class Rep>
using usd_table = tariff::tier_table<tariff::iso::USD, decimal<2, Rep>>;

template <class Rep>
usd_table<Rep> faceid() {
    return usd_table<Rep>(tier_mode::volume, {{1000, "0.40"},
                                              {10000, "0.35"},
                                              {100000, "0.30"},
                                              {200000, "0.25"},
                                              {unbounded, tariff::contact_sales}});
}

template <class Rep>
decimal<2, Rep> usd(const char* text) {
    return decimal<2, Rep>::parse(text);
}

}  // namespace

TEST_CASE_TEMPLATE("insight: the FaceID cliffs, listed exactly", Rep, TARIFF_TEST_REPS) {
    const auto list = tariff::cliffs(faceid<Rep>());
    // Four tier bounds: 1,000, 10,000 and 100,000 drop; 200,000 leads into contact sales, which
    // has no price, so it is no cliff.
    REQUIRE(list.size() == 3);

    // 1,000 x 0.40 = 400.00; 1,001 x 0.35 = 350.35; 1,142 x 0.35 = 399.70 < 400.00 <= 400.05 =
    // 1,143 x 0.35.
    CHECK(list[0].at == 1000);
    CHECK(list[0].charge_at == usd<Rep>("400.00"));
    CHECK(list[0].charge_after == usd<Rep>("350.35"));
    CHECK(list[0].drop == usd<Rep>("49.65"));
    CHECK(list[0].cheaper_until == std::optional<std::int64_t>(1142));

    // 10,000 x 0.35 = 3,500.00; 10,001 x 0.30 = 3,000.30; 11,666 x 0.30 = 3,499.80, 11,667 x 0.30 =
    // 3,500.10.
    CHECK(list[1].at == 10000);
    CHECK(list[1].charge_at == usd<Rep>("3500.00"));
    CHECK(list[1].charge_after == usd<Rep>("3000.30"));
    CHECK(list[1].drop == usd<Rep>("499.70"));
    CHECK(list[1].cheaper_until == std::optional<std::int64_t>(11666));

    // 100,000 x 0.30 = 30,000.00; 100,001 x 0.25 = 25,000.25; 120,000 x 0.25 = 30,000.00 is not
    // cheaper.
    CHECK(list[2].at == 100000);
    CHECK(list[2].charge_at == usd<Rep>("30000.00"));
    CHECK(list[2].charge_after == usd<Rep>("25000.25"));
    CHECK(list[2].drop == usd<Rep>("4999.75"));
    CHECK(list[2].cheaper_until == std::optional<std::int64_t>(119999));
}

TEST_CASE_TEMPLATE("insight: what a FaceID budget buys", Rep, TARIFF_TEST_REPS) {
    const auto table = faceid<Rep>();
    auto largest = [&](const char* budget) {
        return tariff::max_quantity_within(table, budget).largest();
    };
    CHECK(largest("400.00") ==
          std::optional<std::int64_t>(1142));  // 399.70; 1,000 calls cost 400.00 too
    CHECK(largest("399.69") == std::optional<std::int64_t>(1141));  // 399.35
    CHECK(largest("350.34") ==
          std::optional<std::int64_t>(875));  // 875 x 0.40 = 350.00; 1,001 costs 350.35
    CHECK(largest("350.35") == std::optional<std::int64_t>(1001));
    CHECK(largest("6000.00") == std::optional<std::int64_t>(20000));  // the seed's worked example
    CHECK(largest("0.39") == std::optional<std::int64_t>(0));
    CHECK(largest("0.40") == std::optional<std::int64_t>(1));
    CHECK(largest("0") == std::optional<std::int64_t>(0));
    // A budget finer than a cent: charges are whole cents.
    CHECK(tariff::max_quantity_within(table, decimal<2, Rep>::parse("400.00")).quantity == 1142);
    // The quote tier is never affordable: the largest priced quantity is 200,000 (50,000.00).
    CHECK(largest("50000.00") == std::optional<std::int64_t>(200000));
    CHECK(largest("1000000000.00") == std::optional<std::int64_t>(200000));
    CHECK(largest("49999.99") == std::optional<std::int64_t>(199999));
    // Negative: not even zero usage.
    const auto none = tariff::max_quantity_within(table, "-0.01");
    CHECK(none.fit == budget_fit::nothing);
    CHECK_FALSE(none);
    CHECK_FALSE(none.largest());

    // A minimum above the budget: nothing fits; at or below it, zero usage fits at least.
    const auto with_minimum = table.with_minimum("10.00");
    CHECK(tariff::max_quantity_within(with_minimum, "9.99").fit == budget_fit::nothing);
    CHECK(tariff::max_quantity_within(with_minimum, "10.00").largest() ==
          std::optional<std::int64_t>(25));
    // A maximum at or below the budget: every priced quantity fits, up to the quote tier.
    const auto capped = table.with_maximum("1000.00");
    CHECK(tariff::max_quantity_within(capped, "1000.00").largest() ==
          std::optional<std::int64_t>(200000));
    CHECK(tariff::max_quantity_within(capped, "999.99").largest() ==
          std::optional<std::int64_t>(2857));  // 999.95
}

namespace {

template <class Table, class Budget, class = void>
struct takes_budget : std::false_type {};
template <class Table, class Budget>
struct takes_budget<Table, Budget,
                    std::void_t<decltype(tariff::max_quantity_within(
                        std::declval<const Table&>(), std::declval<Budget>()))>> : std::true_type {
};

}  // namespace

TEST_CASE_TEMPLATE("insight: budgets as money, and as decimals of any scale", Rep,
                   TARIFF_TEST_REPS) {
    const auto table = faceid<Rep>();
    using usd = tariff::money<tariff::iso::USD, Rep>;
    // 1,142 x 0.35 = 399.70 is the most 400.00 buys (see above), whatever spells the 400.00.
    CHECK(tariff::max_quantity_within(table, usd::parse("400.00")).largest() ==
          std::optional<std::int64_t>(1142));
    CHECK(tariff::max_quantity_within(table, decimal<0, Rep>(400)).largest() ==
          std::optional<std::int64_t>(1142));
    CHECK(tariff::max_quantity_within(table, decimal<2>::parse("400.00")).largest() ==
          std::optional<std::int64_t>(1142));
    // Finer than a cent counts as rounded down: 399.699999 buys what 399.69 does.
    CHECK(tariff::max_quantity_within(table, decimal<6, Rep>::parse("399.699999")).largest() ==
          std::optional<std::int64_t>(1141));
    CHECK(tariff::max_quantity_within(table, decimal<4, Rep>::parse("400.0099")).largest() ==
          std::optional<std::int64_t>(1142));
    CHECK(tariff::max_quantity_within(table, decimal<6, Rep>::parse("-0.000001")).fit ==
          budget_fit::nothing);
    // A budget beyond every amount the table's representation holds buys what the largest does.
    const usd_table<Rep> cent(tier_mode::volume, {{unbounded, "0.01"}});
    CHECK(tariff::max_quantity_within(
              cent, decimal<2, tariff::cpp_int>::parse("1000000000000000000000000.00"))
              .largest() == std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::max()));

    // A table in a runtime currency (a price book's) takes money in that currency only.
    using book_table = tariff::tier_table<tariff::runtime_currency, decimal<4, Rep>>;
    const book_table book(tariff::iso::USD::info, tier_mode::volume,
                          {{1000, "0.40"}, {unbounded, "0.35"}});
    CHECK(tariff::max_quantity_within(book, usd::parse("400.00")).largest() ==
          std::optional<std::int64_t>(1142));
    CHECK_THROWS_WITH_AS(
        tariff::max_quantity_within(book, tariff::money<tariff::iso::EUR, Rep>::parse("400.00")),
        "a budget in EUR for a table in USD", tariff::invalid_argument);
    // A table in a compile-time currency does not compile with money in another.
    static_assert(takes_budget<usd_table<Rep>, usd>::value);
    static_assert(!takes_budget<usd_table<Rep>, tariff::money<tariff::iso::EUR, Rep>>::value);
    static_assert(takes_budget<usd_table<Rep>, decimal<7, Rep>>::value);
}

TEST_CASE_TEMPLATE("insight: no largest quantity, and the largest the type holds", Rep,
                   TARIFF_TEST_REPS) {
    // A maximum without a quote tier: no quantity costs more than 100.00.
    const usd_table<Rep> open(tier_mode::volume, {{100, "1.00"}, {unbounded, "0.50"}});
    const auto capped = tariff::max_quantity_within(open.with_maximum("100.00"), "100.00");
    CHECK(capped.fit == budget_fit::unbounded);
    CHECK(capped.unbounded());
    CHECK(bool(capped));
    CHECK_FALSE(capped.largest());
    CHECK(tariff::max_quantity_within(open.with_maximum("100.00"), "99.99").largest() ==
          std::optional<std::int64_t>(199));

    // Free units above 10, after a 5.00 fee: any quantity costs at most 10.00 + 5.00.
    const usd_table<Rep> free_tail(tier_mode::graduated, {{10, "1.00"}, {unbounded, "0", "5.00"}});
    CHECK(tariff::max_quantity_within(free_tail, "15.00").unbounded());
    CHECK(tariff::max_quantity_within(free_tail, "14.99").largest() ==
          std::optional<std::int64_t>(10));

    // One cent a unit and a budget of every cent an int64 holds: the largest int64 quantity.
    const usd_table<Rep> cent(tier_mode::volume, {{unbounded, "0.01"}});
    const auto all = tariff::max_quantity_within(
        cent, decimal<2, Rep>::from_raw(Rep(std::numeric_limits<std::int64_t>::max())));
    CHECK(all.largest() == std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::max()));
    const auto one_less = tariff::max_quantity_within(
        cent, decimal<2, Rep>::from_raw(Rep(std::numeric_limits<std::int64_t>::max() - 1)));
    CHECK(one_less.largest() ==
          std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::max() - 1));
}

TEST_CASE("insight: cliffs and budgets on a decimal quantity (GB)") {
    using gb = decimal<1>;
    using table_type = tariff::tier_table<tariff::iso::USD, decimal<2>, gb>;
    const table_type table(tier_mode::volume, {{gb::parse("10.5"), "1.00"}, {unbounded, "0.50"}});
    const auto list = tariff::cliffs(table);
    REQUIRE(list.size() == 1);
    CHECK(list[0].at == gb::parse("10.5"));
    CHECK(list[0].charge_at == decimal<3>::parse("10.500"));
    CHECK(list[0].charge_after == decimal<3>::parse("5.300"));             // 10.6 GB x 0.50
    CHECK(list[0].cheaper_until == std::optional<gb>(gb::parse("20.9")));  // 21.0 x 0.50 = 10.50
    CHECK(tariff::max_quantity_within(table, "10.00").largest() ==
          std::optional<gb>(gb::parse("20.0")));
    CHECK(tariff::max_quantity_within(table, "10.49").largest() ==
          std::optional<gb>(gb::parse("20.9")));
    // Whole packages of 2 GB, rounded up: 10.5 GB bills 6 packages, and a package is what tiers
    // count.
    const auto packaged =
        table_type(tier_mode::volume, {{gb::parse("5"), "1.00"}, {unbounded, "0.50"}})
            .with_package(2);
    const auto pl = tariff::cliffs(packaged);
    REQUIRE(pl.size() == 1);
    CHECK(pl[0].at == gb::parse("10.0"));
    CHECK(pl[0].cheaper_until == std::optional<gb>(gb::parse("18.0")));  // 9 packages: 4.50 < 5.00
    CHECK(tariff::max_quantity_within(packaged, "4.99").largest() ==
          std::optional<gb>(gb::parse("18.0")));
}

TEST_CASE("insight: a package larger than any quantity of the type") {
    // 922337203685477 packages of whole GB do not fit decimal<3, int64> in thousandths: no
    // quantity fills one, so up bills one package for any non-zero quantity and down bills none.
    using gb = decimal<3>;
    using table_type = tariff::tier_table<tariff::iso::USD, decimal<2>, gb>;
    const table_type plain(tier_mode::volume, {{unbounded, "1.00"}});
    const std::int64_t size = std::numeric_limits<std::int64_t>::max() / 10;
    const gb largest_gb = gb::from_raw(std::numeric_limits<std::int64_t>::max());
    const auto up = plain.with_package(size, tariff::package_rounding::up);
    CHECK(tariff::max_quantity_within(up, "0.99").largest() == std::optional<gb>(gb()));
    CHECK(tariff::max_quantity_within(up, "1.00").largest() == std::optional<gb>(largest_gb));
    const auto down = plain.with_package(size, tariff::package_rounding::down);
    CHECK(tariff::max_quantity_within(down, "0").largest() == std::optional<gb>(largest_gb));
}

TEST_CASE_TEMPLATE("guard: never charge more for less", Rep, TARIFF_TEST_REPS) {
    const auto table = faceid<Rep>();
    const auto guarded = table.with_guard();
    CHECK_FALSE(table.guarded());
    CHECK(guarded.guarded());

    // 1,000 calls cost what 1,001 do.
    const auto c = tariff::rate(guarded, 1000);
    REQUIRE(c.total);
    CHECK(*c.subtotal == usd<Rep>("400.00"));
    CHECK(*c.total == usd<Rep>("350.35"));
    REQUIRE(c.guard);
    CHECK(c.guard->quantity == 1001);
    CHECK(c.guard->limit == usd<Rep>("350.35"));
    CHECK(c.guard->amount == usd<Rep>("-49.65"));
    // 876 x 0.40 = 350.40 is capped too; 875 x 0.40 = 350.00 is not.
    CHECK(*tariff::rate(guarded, 876).total == usd<Rep>("350.35"));
    CHECK_FALSE(tariff::rate(guarded, 875).guard);
    CHECK(*tariff::rate(guarded, 875).total == usd<Rep>("350.00"));
    // 9,999 x 0.35 = 3,499.65 > 3,000.30 (10,001 calls), but 1,001 .. 8,572 are not touched.
    CHECK(tariff::rate(guarded, 9999).guard->quantity == 10001);
    CHECK_FALSE(tariff::rate(guarded, 8572).guard);
    // The quote tier has no price, so it caps nothing, and a quote stays a quote.
    CHECK_FALSE(tariff::rate(guarded, 200000).guard);
    CHECK_FALSE(tariff::rate(guarded, 200001).total);
    // Off: rate() is unchanged.
    CHECK_FALSE(tariff::rate(table, 1000).guard);
    CHECK(*tariff::rate(table, 1000).total == usd<Rep>("400.00"));
    // A guarded table has no cliffs; the budget answer does not change.
    CHECK(tariff::cliffs(guarded).empty());
    CHECK(tariff::max_quantity_within(guarded, "400.00").largest() ==
          std::optional<std::int64_t>(1142));
}

namespace {

template <class Rep>
using random_table = tariff::tier_table<tariff::runtime_currency, decimal<4, Rep>, std::int64_t, 8>;

/// A random small table: at most 5 tiers with bounds below 200, prices with 4 fraction digits in a
/// currency of 0, 2, 3 or 4 minor digits, and any mix of fees, packages, a quote tier, minimum,
/// maximum, rounding mode and scope, the guard, free units, the first tier's fee at zero, and
/// quantities counted in steps of 10^-1 to 10^-3 units (bounds below 200 steps).
template <class Rep>
random_table<Rep> make_random_table(std::mt19937_64& rng) {
    using price = decimal<4, Rep>;
    auto pick = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    static const char* const codes[] = {"USD", "JPY", "BHD", "CLF"};
    const tariff::currency cur = tariff::currency_from_code(codes[pick(0, 3)]);
    // A quantity scale s: bounds count steps, and a step costs what a unit cost, so unit prices
    // are 10^s times larger.
    const int scale = pick(0, 3) == 0 ? static_cast<int>(pick(1, 3)) : 0;
    std::int64_t unit = 1;
    for (int i = 0; i < scale; ++i) unit *= 10;
    const auto count = static_cast<std::size_t>(pick(1, 5));
    std::vector<std::int64_t> bounds;
    while (bounds.size() + 1 < count) {
        const std::int64_t b = pick(1, 199);
        bool seen = false;
        for (std::int64_t x : bounds) seen = seen || x == b;
        if (!seen) bounds.push_back(b);
    }
    std::sort(bounds.begin(), bounds.end());
    std::vector<std::int64_t> prices;
    for (std::size_t i = 0; i < count; ++i) prices.push_back(pick(0, 9) == 0 ? 0 : pick(1, 6000));
    if (pick(0, 9) < 6) std::sort(prices.rbegin(), prices.rend());  // falling prices: cliffs
    const bool quote = count >= 2 && pick(0, 3) == 0;
    std::vector<typename random_table<Rep>::tier_type> tiers;
    for (std::size_t i = 0; i < count; ++i) {
        typename random_table<Rep>::tier_type t;
        if (i + 1 == count) {
            t.is_unbounded = true;
            if (quote) {
                t.quote = true;
                tiers.push_back(t);
                break;
            }
        } else {
            t.up_to = bounds[i];
        }
        t.unit_price = price::from_raw(Rep(prices[i] * unit));
        if (pick(0, 9) < 3) t.flat_fee = price::from_raw(Rep(pick(0, 50000)));
        tiers.push_back(t);
    }
    static const rounding modes[] = {rounding::half_up, rounding::half_even, rounding::half_down,
                                     rounding::up,      rounding::down,      rounding::ceiling,
                                     rounding::floor};
    // One draw per statement, so that every compiler builds the same tables.
    const tier_mode mode = pick(0, 1) == 0 ? tier_mode::volume : tier_mode::graduated;
    random_table<Rep> table(cur, mode, tiers.data(), tiers.size());
    if (scale > 0) table = table.with_quantity_scale(scale);
    const rounding round_mode = modes[pick(0, 6)];
    const auto scope =
        pick(0, 1) == 0 ? tariff::rounding_scope::line : tariff::rounding_scope::total;
    table = table.with_rounding(round_mode, scope);
    if (pick(0, 9) < 3 && scale <= 1) {  // a package counts size x 10^s steps: scans stay short
        const std::int64_t size = pick(2, 6);
        table = table.with_package(
            size, pick(0, 1) == 0 ? tariff::package_rounding::up : tariff::package_rounding::down);
    }
    // Limits on the currency's grid: raw multiples of 10^(4 - minor units).
    std::int64_t grid = 1;
    for (int i = cur.minor_units; i < 4; ++i) grid *= 10;
    std::optional<std::int64_t> minimum;
    if (pick(0, 9) < 2) {
        minimum = pick(0, 300) * grid * 10;
        table = table.with_minimum(price::from_raw(Rep(*minimum)));
    }
    if (pick(0, 9) < 2)
        table = table.with_maximum(
            price::from_raw(Rep(minimum.value_or(0) + pick(0, 3000) * grid * 10)));
    if (pick(0, 9) < 3) table = table.with_guard();
    if (pick(0, 9) < 3) table = table.with_free_units(pick(1, 250));
    if (pick(0, 9) < 3) table = table.with_flat_fee_at_zero();
    return table;
}

/// Quantities scanned: past the last bound, in packages, after the free units, so beyond them
/// the charge only grows (the last tier) or is a quote.
template <class Table>
std::int64_t scan_limit(const Table& table) {
    std::int64_t last = 0;
    for (const auto& t : table) {
        if (!t.is_unbounded) last = t.up_to;
    }
    const std::int64_t package =
        table.has_package() ? table.package_size() * table.quantity_unit() : 1;
    return (last + 3) * package + table.free_units() + 3;
}

template <class Table>
std::optional<typename Table::amount_type> total_at(const Table& table, std::int64_t q) {
    return tariff::rate(table, q).total;
}

}  // namespace

TEST_CASE_TEMPLATE("insight: cliffs, budgets and the guard agree with brute force on random tables",
                   Rep, TARIFF_TEST_REPS) {
    using table_type = random_table<Rep>;
    using amount = typename table_type::amount_type;
    std::mt19937_64 rng(20240607u + sizeof(Rep));
    const int tables = std::is_same_v<Rep, std::int64_t> ? 3000 : 1000;
    constexpr std::int64_t far = 1000000000000;  // well past any scan: the last tier's behaviour
    int cliffs_seen = 0, budgets_checked = 0, unbounded_seen = 0, guarded_seen = 0,
        nothing_seen = 0;
    for (int n = 0; n < tables; ++n) {
        const table_type table = make_random_table<Rep>(rng);
        const std::int64_t limit = scan_limit(table);
        std::vector<std::optional<amount>> charge;
        for (std::int64_t q = 0; q <= limit; ++q) charge.push_back(total_at(table, q));
        auto at = [&](std::int64_t q) -> const std::optional<amount>& {
            return charge[static_cast<std::size_t>(q)];
        };
        const amount grid = amount::from_raw(Rep(table.currency_info().minor_units == 4   ? 1
                                                 : table.currency_info().minor_units == 3 ? 10
                                                 : table.currency_info().minor_units == 2 ? 100
                                                                                          : 10000));
        INFO("table " << n << ": " << to_string_view(table.mode()) << ", " << table.size()
                      << " tiers, " << table.currency_info().code << ", package "
                      << table.package_size() << ", guard " << table.guarded() << ", free "
                      << table.free_units() << ", fee at zero " << table.flat_fee_at_zero()
                      << ", scale " << table.quantity_scale());

        // --- cliffs: every q with charge(q + 1) < charge(q), and how far the cheaper range runs.
        const auto list = tariff::cliffs(table);
        std::size_t next = 0;
        for (std::int64_t q = 0; q < limit; ++q) {
            if (!at(q) || !at(q + 1) || !(*at(q + 1) < *at(q))) continue;
            ++cliffs_seen;
            REQUIRE(next < list.size());
            const auto& c = list[next++];
            CHECK(c.at == q);
            CHECK(c.charge_at == *at(q));
            CHECK(c.charge_after == *at(q + 1));
            CHECK(c.drop == *at(q) - *at(q + 1));
            std::int64_t r = q + 1;
            while (r <= limit && at(r) && *at(r) < *at(q)) ++r;
            if (r <= limit) {
                CHECK(c.cheaper_until == std::optional<std::int64_t>(r - 1));
            } else if (c.cheaper_until) {
                // The range runs on in the last tier, where charges only grow: check its end.
                CHECK(*c.cheaper_until >= limit);
                CHECK(*total_at(table, *c.cheaper_until) < *at(q));
                const auto beyond = total_at(table, *c.cheaper_until + 1);
                CHECK((!beyond || !(*beyond < *at(q))));
            } else {
                CHECK(*total_at(table, far) < *at(q));
            }
        }
        CHECK(next == list.size());
        if (table.mode() == tier_mode::graduated || table.guarded()) CHECK(list.empty());

        // --- max_quantity_within: budgets at, around and between charges.
        std::vector<amount> budgets = {amount(), amount() - grid, amount::from_raw(Rep(1))};
        for (int b = 0; b < 6; ++b) {
            const auto q = std::uniform_int_distribution<std::int64_t>(0, limit)(rng);
            if (!at(q)) continue;
            budgets.push_back(*at(q));
            budgets.push_back(*at(q) - grid);
            budgets.push_back(*at(q) + grid);
        }
        if (table.minimum()) budgets.push_back(*table.minimum() - grid);
        if (table.maximum()) budgets.push_back(*table.maximum());
        for (const amount& budget : budgets) {
            ++budgets_checked;
            INFO("budget " << to_string(budget));
            const auto got = tariff::max_quantity_within(table, budget);
            std::optional<std::int64_t> brute;
            for (std::int64_t q = 0; q <= limit; ++q) {
                if (at(q) && !(budget < *at(q))) brute = q;
            }
            if (!brute) {
                ++nothing_seen;
                CHECK(got.fit == budget_fit::nothing);
            } else if (*brute < limit) {
                CHECK(got.fit == budget_fit::bounded);
                CHECK(got.quantity == *brute);
            } else if (got.fit == budget_fit::unbounded) {
                ++unbounded_seen;
                CHECK_FALSE(table.has_quote_tier());
                CHECK_FALSE(budget < *total_at(table, far));
            } else {
                REQUIRE(got.fit == budget_fit::bounded);
                CHECK(got.quantity >= limit);
                CHECK_FALSE(budget < *total_at(table, got.quantity));
                const auto beyond = total_at(table, got.quantity + 1);
                CHECK((!beyond || budget < *beyond));
            }
        }

        // --- the guard: the charge is the cheapest of any quantity at or above it.
        if (table.guarded()) {
            ++guarded_seen;
            const table_type plain = table.with_guard(false);
            std::optional<amount> cheapest;  // of the unguarded charges at q and above
            std::int64_t cheapest_at = 0;    // the smallest quantity >= q that costs it
            for (std::int64_t q = limit; q >= 0; --q) {
                const auto c = tariff::rate(plain, q);
                if (c.total && (!cheapest || !(*cheapest < *c.total))) {
                    cheapest = c.total;
                    cheapest_at = q;
                }
                const auto g = tariff::rate(table, q);
                if (!c.total) {
                    CHECK_FALSE(g.total);
                    continue;
                }
                CHECK(*g.total == *cheapest);
                CHECK(g.guard.has_value() == (*cheapest < *c.total));
                if (g.guard) {
                    CHECK(g.guard->quantity == cheapest_at);
                    CHECK(g.guard->amount == *cheapest - *c.total);
                }
            }
        }
    }
    // The random tables exercise every branch.
    CHECK(cliffs_seen > 100);
    CHECK(unbounded_seen > 10);
    CHECK(nothing_seen > 10);
    CHECK(guarded_seen > 100);
    MESSAGE("cliffs: " << cliffs_seen << ", budgets: " << budgets_checked
                       << ", unbounded: " << unbounded_seen);
}
