// Rating (tariff/charge.hpp): the seed's table and fee example, line contents, graduated
// sums, fees, packages, quote tiers, minimum and maximum, rounding modes and scopes, decimal
// quantities, bad quantities and overflow, over every representation. Expected values are
// worked out by hand from DESIGN sections 1 and 4. The randomised comparison with an
// independent reference is in charge_property_test.cpp.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tariff/charge.hpp>
#include <tariff/money.hpp>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/reps.hpp"

namespace {

using tariff::charge_status;
using tariff::decimal;
using tariff::tier_mode;
using tariff::unbounded;

template <class Price>
using usd_table = tariff::tier_table<tariff::iso::USD, Price>;

/// The seed's price list (DESIGN section 1).
template <class Price>
usd_table<Price> faceid() {
    return usd_table<Price>(tier_mode::volume, {{1000, "0.40"},
                                                {10000, "0.35"},
                                                {100000, "0.30"},
                                                {200000, "0.25"},
                                                {unbounded, tariff::contact_sales}});
}

template <class Table>
typename Table::amount_type amount(const Table&, const char* text) {
    return Table::amount_type::parse(text);
}

/// Runs `check` with Price = decimal<2, Rep>, and decimal<18, Rep> where Rep holds 0.40 x 10^6
/// at 18 digits (not int64).
template <class Rep, class F>
void for_price_types(F check) {
    check(decimal<2, Rep>());
    if constexpr (!std::is_same_v<Rep, std::int64_t>) check(decimal<18, Rep>());
}

template <class Charge>
std::vector<std::size_t> tiers_of(const Charge& c) {
    std::vector<std::size_t> out;
    for (const auto& line : c) out.push_back(line.tier);
    return out;
}

}  // namespace

TEST_CASE_TEMPLATE("charge: the seed's table, every value", Rep, TARIFF_TEST_REPS) {
    for_price_types<Rep>([](auto price) {
        using Price = decltype(price);
        const auto table = faceid<Price>();
        struct row {
            std::int64_t calls;
            const char* total;
            std::size_t tier;
        };
        // DESIGN section 1: cliffs at every bound, the 20,000-call fee example.
        const row rows[] = {
            {1, "0.40", 0},          {1000, "400.00", 0},     {1001, "350.35", 1},
            {10000, "3500.00", 1},   {10001, "3000.30", 2},   {20000, "6000.00", 2},
            {100000, "30000.00", 2}, {100001, "25000.25", 3}, {200000, "50000.00", 3},
        };
        for (const row& r : rows) {
            CAPTURE(r.calls);
            const auto c = tariff::rate(table, r.calls);
            REQUIRE(c.status == charge_status::priced);
            CHECK(c.priced());
            CHECK(c.currency.code == "USD");
            CHECK(c.mode == tier_mode::volume);
            CHECK(c.quantity == r.calls);
            CHECK(c.billable == r.calls);
            REQUIRE(c.total);
            CHECK(*c.total == amount(table, r.total));
            CHECK(*c.subtotal == *c.total);
            CHECK(!c.adjustment);
            CHECK(tariff::format_amount(*c.total, c.currency) == r.total);
            // Volume: exactly one line, the tier reached, pricing every unit.
            REQUIRE(c.line_count() == 1);
            const auto& line = c.line(0);
            CHECK(line.tier == r.tier);
            CHECK(line.units == r.calls);
            CHECK(line.amount == *c.total);
            CHECK(!line.quote);
        }

        SUBCASE("zero calls: no line, 0.00") {
            const auto c = tariff::rate(table, 0);
            CHECK(c.status == charge_status::priced);
            CHECK(c.line_count() == 0);
            CHECK(c.begin() == c.end());
            REQUIRE(c.total);
            CHECK(c.total->is_zero());
            CHECK(c.subtotal->is_zero());
            CHECK(tariff::format_amount(*c.total, c.currency) == "0.00");
        }
        SUBCASE("over 200,000 calls: contact sales, no total") {
            for (std::int64_t calls : {std::int64_t{200001}, std::int64_t{5000000}, INT64_MAX}) {
                CAPTURE(calls);
                const auto c = tariff::rate(table, calls);
                CHECK(c.status == charge_status::quote_required);
                CHECK(!c.priced());
                CHECK(!c.total);
                CHECK(!c.subtotal);
                CHECK(!c.adjustment);
                REQUIRE(c.line_count() == 1);
                const auto& line = c.line(0);
                CHECK(line.tier == 4u);
                CHECK(line.quote);
                CHECK(line.from == 200000);
                CHECK(!line.up_to);
                CHECK(line.units == calls);
                CHECK(line.amount.is_zero());
            }
        }
    });
}

TEST_CASE_TEMPLATE("charge: line contents", Rep, TARIFF_TEST_REPS) {
    for_price_types<Rep>([](auto price) {
        using Price = decltype(price);
        const auto table = faceid<Price>();
        const auto c = tariff::rate(table, 1001);
        REQUIRE(c.line_count() == 1);
        const auto& line = c.line(0);
        CHECK(line.tier == 1u);
        CHECK(line.from == 1000);
        REQUIRE(line.up_to);
        CHECK(*line.up_to == 10000);
        CHECK(line.units == 1001);
        CHECK(line.unit_price == Price::parse("0.35"));
        CHECK(line.flat_fee.is_zero());
        CHECK(line.amount == amount(table, "350.35"));
        CHECK(tariff::format_price(line.unit_price, c.currency) == "0.35");

        const auto first = tariff::rate(table, 1).line(0);
        CHECK(first.from == 0);
        CHECK(*first.up_to == 1000);
    });
}

TEST_CASE_TEMPLATE("charge: graduated tiers with flat fees", Rep, TARIFF_TEST_REPS) {
    for_price_types<Rep>([](auto price) {
        using Price = decltype(price);
        const usd_table<Price> table(
            tier_mode::graduated,
            {{1000, "0.40", "5.00"}, {10000, "0.35"}, {unbounded, "0.30", "1.00"}});
        SUBCASE("three tiers used") {
            const auto c = tariff::rate(table, 20000);
            REQUIRE(c.line_count() == 3);
            CHECK(tiers_of(c) == std::vector<std::size_t>{0, 1, 2});
            // 1,000 x 0.40 + 5.00; 9,000 x 0.35; 10,000 x 0.30 + 1.00.
            CHECK(c.line(0).units == 1000);
            CHECK(c.line(0).flat_fee == Price::parse("5.00"));
            CHECK(c.line(0).amount == amount(table, "405.00"));
            CHECK(c.line(1).from == 1000);
            CHECK(c.line(1).units == 9000);
            CHECK(c.line(1).amount == amount(table, "3150.00"));
            CHECK(c.line(2).from == 10000);
            CHECK(!c.line(2).up_to);
            CHECK(c.line(2).units == 10000);
            CHECK(c.line(2).amount == amount(table, "3001.00"));
            CHECK(*c.total == amount(table, "6556.00"));
            typename usd_table<Price>::amount_type sum{};
            for (const auto& line : c) sum += line.amount;
            CHECK(sum == *c.subtotal);
        }
        SUBCASE("exactly on a bound: the next tier (and its fee) is not used") {
            const auto c = tariff::rate(table, 10000);
            CHECK(tiers_of(c) == std::vector<std::size_t>{0, 1});
            CHECK(*c.total == amount(table, "3555.00"));
            const auto one_more = tariff::rate(table, 10001);
            CHECK(tiers_of(one_more) == std::vector<std::size_t>{0, 1, 2});
            CHECK(*one_more.total == amount(table, "3556.30"));
        }
        SUBCASE("the fee comes with the first unit") {
            CHECK(*tariff::rate(table, 1).total == amount(table, "5.40"));
            CHECK(tariff::rate(table, 0).total->is_zero());
        }
        SUBCASE("volume pays only the reached tier's fee") {
            const usd_table<Price> volume(
                tier_mode::volume,
                {{1000, "0.40", "5.00"}, {10000, "0.35"}, {unbounded, "0.30", "1.00"}});
            CHECK(*tariff::rate(volume, 1000).total == amount(volume, "405.00"));
            CHECK(*tariff::rate(volume, 1001).total == amount(volume, "350.35"));
            CHECK(*tariff::rate(volume, 20000).total == amount(volume, "6001.00"));
        }
    });
}

TEST_CASE_TEMPLATE("charge: quote tier in a graduated table", Rep, TARIFF_TEST_REPS) {
    using Price = decimal<2, Rep>;
    const usd_table<Price> table(
        tier_mode::graduated,
        {{1000, "0.40"}, {10000, "0.35"}, {unbounded, tariff::contact_sales}});
    const auto c = tariff::rate(table, 12000);
    CHECK(c.status == charge_status::quote_required);
    CHECK(!c.total);
    CHECK(!c.subtotal);
    REQUIRE(c.line_count() == 3);
    // The tiers below are still priced, line by line; no total is made up from them.
    CHECK(c.line(0).amount == amount(table, "400.00"));
    CHECK(c.line(1).amount == amount(table, "3150.00"));
    CHECK(c.line(2).quote);
    CHECK(c.line(2).units == 2000);
    CHECK(c.line(2).from == 10000);

    const auto below = tariff::rate(table, 10000);
    CHECK(below.status == charge_status::priced);
    CHECK(*below.total == amount(table, "3550.00"));
    CHECK(below.line_count() == 2);

    // A minimum does not turn a quote into a number.
    const auto with_minimum = tariff::rate(table.with_minimum("10000.00"), 12000);
    CHECK(with_minimum.status == charge_status::quote_required);
    CHECK(!with_minimum.total);
    CHECK(!with_minimum.adjustment);
}

TEST_CASE_TEMPLATE("charge: monthly minimum and maximum", Rep, TARIFF_TEST_REPS) {
    using Price = decimal<2, Rep>;
    const auto table = faceid<Price>().with_minimum("10.00").with_maximum("5000.00");

    SUBCASE("minimum at zero usage") {
        const auto c = tariff::rate(table, 0);
        CHECK(c.status == charge_status::priced);
        CHECK(c.line_count() == 0);
        CHECK(c.subtotal->is_zero());
        CHECK(*c.total == amount(table, "10.00"));
        REQUIRE(c.adjustment);
        CHECK(c.adjustment->kind == tariff::adjustment_kind::minimum);
        CHECK(c.adjustment->limit == amount(table, "10.00"));
        CHECK(c.adjustment->amount == amount(table, "10.00"));
    }
    SUBCASE("minimum tops up a small month") {
        const auto c = tariff::rate(table, 20);
        CHECK(*c.subtotal == amount(table, "8.00"));
        CHECK(*c.total == amount(table, "10.00"));
        REQUIRE(c.adjustment);
        CHECK(c.adjustment->amount == amount(table, "2.00"));
    }
    SUBCASE("at the minimum, nothing is added") {
        const auto c = tariff::rate(table, 25);
        CHECK(*c.total == amount(table, "10.00"));
        CHECK(!c.adjustment);
    }
    SUBCASE("maximum caps") {
        const auto c = tariff::rate(table, 20000);
        CHECK(*c.subtotal == amount(table, "6000.00"));
        CHECK(*c.total == amount(table, "5000.00"));
        REQUIRE(c.adjustment);
        CHECK(c.adjustment->kind == tariff::adjustment_kind::maximum);
        CHECK(c.adjustment->limit == amount(table, "5000.00"));
        CHECK(c.adjustment->amount == amount(table, "-1000.00"));
        CHECK(c.line_count() == 1);
    }
    SUBCASE("below the maximum, nothing is taken off") {
        const auto c = tariff::rate(table, 12500);
        CHECK(*c.total == amount(table, "3750.00"));
        CHECK(!c.adjustment);
    }
    SUBCASE("a maximum does not price a quote") {
        const auto c = tariff::rate(table, 200001);
        CHECK(c.status == charge_status::quote_required);
        CHECK(!c.total);
    }
}

TEST_CASE_TEMPLATE("charge: packages", Rep, TARIFF_TEST_REPS) {
    using Price = decimal<2, Rep>;
    SUBCASE("rounded up") {
        const auto table = faceid<Price>().with_package(100);
        struct row {
            std::int64_t calls, packages;
            const char* total;
        };
        const row rows[] = {{0, 0, "0.00"},
                            {1, 1, "0.40"},
                            {100, 1, "0.40"},
                            {101, 2, "0.80"},
                            {100000, 1000, "400.00"},
                            {100001, 1001, "350.35"},
                            {20000000, 200000, "50000.00"}};
        for (const row& r : rows) {
            CAPTURE(r.calls);
            const auto c = tariff::rate(table, r.calls);
            CHECK(c.quantity == r.calls);
            CHECK(c.billable == r.packages);
            CHECK(*c.total == amount(table, r.total));
            if (r.packages > 0) CHECK(c.line(0).units == r.packages);
        }
        CHECK(tariff::rate(table, 20000001).status == charge_status::quote_required);
    }
    SUBCASE("rounded down") {
        const auto table = faceid<Price>().with_package(100, tariff::package_rounding::down);
        CHECK(tariff::rate(table, 99).billable == 0);
        CHECK(tariff::rate(table, 99).line_count() == 0);
        CHECK(tariff::rate(table, 99).total->is_zero());
        CHECK(*tariff::rate(table, 199).total == amount(table, "0.40"));
        CHECK(*tariff::rate(table, 100199).total == amount(table, "350.35"));
        CHECK(tariff::rate(table, 20000099).status == charge_status::priced);
    }
    SUBCASE("a minimum still applies when packages round down to nothing") {
        const auto table =
            faceid<Price>().with_package(100, tariff::package_rounding::down).with_minimum("1.00");
        CHECK(*tariff::rate(table, 99).total == amount(table, "1.00"));
    }
}

TEST_CASE_TEMPLATE("charge: rounding modes and scopes", Rep, TARIFF_TEST_REPS) {
    using Price = decimal<3, Rep>;
    const usd_table<Price> half_cent(tier_mode::volume, {{unbounded, "0.005"}});
    struct row {
        tariff::rounding mode;
        const char* one;    // 1 x 0.005
        const char* three;  // 3 x 0.005 = 0.015
    };
    const row rows[] = {
        {tariff::rounding::half_up, "0.01", "0.02"},
        {tariff::rounding::half_even, "0.00", "0.02"},
        {tariff::rounding::half_down, "0.00", "0.01"},
        {tariff::rounding::up, "0.01", "0.02"},
        {tariff::rounding::down, "0.00", "0.01"},
        {tariff::rounding::ceiling, "0.01", "0.02"},
        {tariff::rounding::floor, "0.00", "0.01"},
    };
    for (const row& r : rows) {
        CAPTURE(tariff::to_string_view(r.mode));
        const auto table = half_cent.with_rounding(r.mode);
        CHECK(*tariff::rate(table, 1).total == amount(table, r.one));
        CHECK(*tariff::rate(table, 3).total == amount(table, r.three));
        CHECK(tariff::rate(table, 3).line(0).amount == amount(table, r.three));
    }

    // Two lines of half a cent each: line scope rounds each (0.01 + 0.01), total scope the sum.
    const usd_table<Price> two(tier_mode::graduated, {{1, "0.005"}, {unbounded, "0.005"}});
    const auto by_line = tariff::rate(two, 2);
    CHECK(by_line.line(0).amount == amount(two, "0.010"));
    CHECK(*by_line.total == amount(two, "0.02"));
    const auto by_total = tariff::rate(
        two.with_rounding(tariff::rounding::half_up, tariff::rounding_scope::total), 2);
    CHECK(by_total.line(0).amount == amount(two, "0.005"));
    CHECK(by_total.line(1).amount == amount(two, "0.005"));
    CHECK(*by_total.subtotal == amount(two, "0.01"));
    CHECK(*by_total.total == amount(two, "0.01"));
}

TEST_CASE_TEMPLATE("charge: currencies with 0, 3 and 4 minor digits", Rep, TARIFF_TEST_REPS) {
    using Price = decimal<4, Rep>;
    using table_type = tariff::tier_table<tariff::runtime_currency, Price>;
    const table_type yen(tariff::currency_from_code("JPY"), tier_mode::volume,
                         {{unbounded, "1.5"}});
    CHECK(*tariff::rate(yen, 3).total == amount(yen, "5"));  // 4.5 -> 5
    CHECK(tariff::format_amount(*tariff::rate(yen, 3).total, tariff::currency_from_code("JPY")) ==
          "5");
    CHECK(*tariff::rate(yen.with_rounding(tariff::rounding::half_even), 3).total ==
          amount(yen, "4"));

    const table_type dinar(tariff::currency_from_code("BHD"), tier_mode::volume,
                           {{unbounded, "0.0125"}});
    CHECK(*tariff::rate(dinar, 3).total == amount(dinar, "0.038"));  // 0.0375
    CHECK(tariff::format_amount(*tariff::rate(dinar, 3).total, dinar.currency_info()) == "0.038");

    const table_type unidad(tariff::currency_from_code("CLF"), tier_mode::volume,
                            {{unbounded, "0.0125"}});
    CHECK(*tariff::rate(unidad, 3).total == amount(unidad, "0.0375"));  // exact at 4 digits
    CHECK(tariff::format_amount(*tariff::rate(unidad, 3).total, unidad.currency_info()) ==
          "0.0375");
}

TEST_CASE_TEMPLATE("charge: decimal quantities (gigabytes)", Rep, TARIFF_TEST_REPS) {
    using gb = decimal<3, Rep>;
    using Price = decimal<6, Rep>;
    using table_type = tariff::tier_table<tariff::iso::EUR, Price, gb>;
    static_assert(std::is_same_v<typename table_type::amount_type, decimal<9, Rep>>);
    const table_type storage(tier_mode::graduated,
                             {{gb(50), "0.023"}, {gb(500), "0.022"}, {unbounded, "0.021"}});

    SUBCASE("graduated, line scope") {
        // 50 x 0.023 = 1.15; 73.456 x 0.022 = 1.616032 -> 1.62.
        const auto c = tariff::rate(storage, gb::parse("123.456"));
        REQUIRE(c.line_count() == 2);
        CHECK(c.line(0).units == gb(50));
        CHECK(c.line(0).amount == amount(storage, "1.15"));
        CHECK(c.line(1).from == gb(50));
        CHECK(c.line(1).units == gb::parse("73.456"));
        CHECK(c.line(1).amount == amount(storage, "1.62"));
        CHECK(*c.total == amount(storage, "2.77"));
        CHECK(tariff::format_amount(*c.total, c.currency) == "2.77");
    }
    SUBCASE("total scope keeps the lines exact") {
        const auto c = tariff::rate(
            storage.with_rounding(tariff::rounding::down, tariff::rounding_scope::total),
            gb::parse("123.456"));
        CHECK(c.line(1).amount == amount(storage, "1.616032"));
        CHECK(*c.total == amount(storage, "2.76"));  // 2.766032 rounded down once
    }
    SUBCASE("a thousandth of a gigabyte past a bound") {
        const auto c = tariff::rate(storage, gb::parse("500.001"));
        REQUIRE(c.line_count() == 3);
        CHECK(c.line(2).units == gb::parse("0.001"));
        CHECK(c.line(2).amount.is_zero());            // 0.000021 rounds to 0.00
        CHECK(*c.total == amount(storage, "11.05"));  // 1.15 + 9.90 + 0.00
    }
    SUBCASE("packages of 10 GB") {
        const auto up = tariff::rate(storage.with_package(10), gb::parse("123.456"));
        CHECK(up.billable == gb(13));
        CHECK(*up.total == amount(storage, "0.30"));  // 13 x 0.023 = 0.299
        const auto down = tariff::rate(storage.with_package(10, tariff::package_rounding::down),
                                       gb::parse("9.999"));
        CHECK(down.billable == gb(0));
        CHECK(down.line_count() == 0);
        // A package of one: whole gigabytes, each started one billed (or only full ones).
        const auto whole = tariff::rate(storage.with_package(1), gb::parse("0.5"));
        CHECK(whole.billable == gb(1));
        CHECK(*whole.total == amount(storage, "0.02"));  // 0.023
        CHECK(
            tariff::rate(storage.with_package(1, tariff::package_rounding::down), gb::parse("0.5"))
                .billable == gb(0));
    }
    SUBCASE("negative quantity") {
        CHECK_THROWS_WITH_AS(tariff::rate(storage, gb::parse("-0.001")),
                             doctest::Contains("-0.001"), tariff::invalid_argument);
    }
}

TEST_CASE_TEMPLATE("charge: bad quantities", Rep, TARIFF_TEST_REPS) {
    const auto table = faceid<decimal<2, Rep>>();
    CHECK_THROWS_WITH_AS(tariff::rate(table, -1), doctest::Contains("-1"),
                         tariff::invalid_argument);
    CHECK_THROWS_AS(tariff::rate(table, INT64_MIN), tariff::invalid_argument);
    // An integer that does not fit the table's quantity type is refused, not wrapped.
    CHECK_THROWS_WITH_AS(tariff::rate(table, std::numeric_limits<std::uint64_t>::max()),
                         doctest::Contains("18446744073709551615"), tariff::overflow_error);
    CHECK(tariff::rate(table, std::uint64_t{20000}).total == amount(table, "6000.00"));
}

TEST_CASE_TEMPLATE("charge: overflow throws with int64, cpp_int gives the exact number", Rep,
                   TARIFF_TEST_REPS) {
    constexpr bool narrow = std::is_same_v<Rep, std::int64_t>;
    // Each case, worked by hand: the exact total, and whether it needs more than int64's
    // 9,223,372,036,854,775,807 raw units on the way.
    SUBCASE("price x units") {
        using table_type = usd_table<decimal<2, Rep>>;
        const table_type table(tier_mode::volume, {{unbounded, "0.40"}});
        // 0.40 x (2^63 - 1) = 3,689,348,814,741,910,322.80, raw 368934881474191032280.
        if constexpr (narrow) {
            CHECK_THROWS_WITH_AS(tariff::rate(table, INT64_MAX),
                                 doctest::Contains("9223372036854775807"), tariff::overflow_error);
        } else {
            CHECK(*tariff::rate(table, INT64_MAX).total == amount(table, "3689348814741910322.80"));
        }
        // Just inside int64: 0.40 x 23,058,430,092,136,939 = 9,223,372,036,854,775.60.
        CHECK(*tariff::rate(table, 23058430092136939).total ==
              amount(table, "9223372036854775.60"));
    }
    SUBCASE("adding the flat fee") {
        using table_type = usd_table<decimal<2, Rep>>;
        const table_type table(tier_mode::volume, {{unbounded, "0.01", "92233720368547758.07"}});
        if constexpr (narrow) {
            CHECK_THROWS_WITH_AS(
                tariff::rate(table, 1),
                doctest::Contains(
                    "92233720368547758.07 in decimal<2, int64> (adding the flat fee in tiers[0])"),
                tariff::overflow_error);
        } else {
            CHECK(*tariff::rate(table, 1).total == amount(table, "92233720368547758.08"));
        }
        CHECK(*tariff::rate(table, 0).total == amount(table, "0.00"));
    }
    SUBCASE("summing the lines") {
        using table_type = usd_table<decimal<2, Rep>>;
        const table_type table(tier_mode::graduated,
                               {{1, "50000000000000000.00"}, {unbounded, "50000000000000000.00"}});
        CHECK(*tariff::rate(table, 1).total == amount(table, "50000000000000000.00"));
        if constexpr (narrow) {
            CHECK_THROWS_WITH_AS(tariff::rate(table, 2), doctest::Contains("(adding up the lines)"),
                                 tariff::overflow_error);
        } else {
            CHECK(*tariff::rate(table, 2).total == amount(table, "100000000000000000.00"));
        }
    }
    SUBCASE("rounding up past the largest value") {
        using table_type = usd_table<decimal<4, Rep>>;
        const table_type table =
            table_type(tier_mode::volume, {{unbounded, "922337203685477.5807"}})
                .with_rounding(tariff::rounding::up);
        if constexpr (narrow) {
            CHECK_THROWS_WITH_AS(
                tariff::rate(table, 1),
                doctest::Contains(
                    "922337203685477.5807 to 2 digits (rounding the amount in tiers[0])"),
                tariff::overflow_error);
        } else {
            CHECK(*tariff::rate(table, 1).total == amount(table, "922337203685477.59"));
        }
        // In total scope the lines fit and the subtotal's rounding overflows.
        const table_type two =
            table_type(tier_mode::graduated, {{1, "922337203685477.5800"}, {unbounded, "0.0007"}})
                .with_rounding(tariff::rounding::up, tariff::rounding_scope::total);
        if constexpr (narrow) {
            CHECK_THROWS_WITH_AS(tariff::rate(two, 2), doctest::Contains("(rounding the subtotal)"),
                                 tariff::overflow_error);
        } else {
            CHECK(*tariff::rate(two, 2).total == amount(two, "922337203685477.59"));
        }
        // Rounded down it fits.
        CHECK(*tariff::rate(table.with_rounding(tariff::rounding::down), 1).total ==
              amount(table, "922337203685477.58"));
    }
    SUBCASE("checked_int128_t overflows too, far later") {
        if constexpr (std::is_same_v<Rep, tariff::checked_int128_t>) {
            using table_type = usd_table<decimal<18, Rep>>;
            // 10^20 at 18 digits is raw 10^38; x (2^63 - 1) is far beyond 2^128.
            const table_type table(tier_mode::volume, {{unbounded, "100000000000000000000"}});
            CHECK_THROWS_AS(tariff::rate(table, INT64_MAX), tariff::overflow_error);
            CHECK(*tariff::rate(table, 3).total == amount(table, "300000000000000000000"));
        }
    }
}

namespace {

template <class Charge, class = void>
struct has_total_money : std::false_type {};
template <class Charge>
struct has_total_money<Charge, std::void_t<decltype(std::declval<Charge>().total_money())>>
    : std::true_type {};

}  // namespace

TEST_CASE_TEMPLATE("charge: the total as money in the table's currency", Rep, TARIFF_TEST_REPS) {
    using usd = tariff::money<tariff::iso::USD, Rep>;
    const auto table = faceid<decimal<2, Rep>>();
    const auto priced = tariff::rate(table, 20000);
    static_assert(std::is_same_v<decltype(priced.total_money()), std::optional<usd>>);
    REQUIRE(priced.total_money());
    CHECK(*priced.total_money() == usd::parse("6000.00"));
    CHECK_FALSE(tariff::rate(table, 200001).total_money());  // quote_required: no total
    // Amounts finer than the currency are rounded to it by rating, so the money is exact.
    using fine_table = usd_table<decimal<4, Rep>>;
    const fine_table fine(tier_mode::volume, {{unbounded, "0.0125"}});
    CHECK(*tariff::rate(fine, 3).total_money() == usd::parse("0.04"));  // 0.0375
    // Coarser amounts widen: whole dollars become cents.
    using whole_table = usd_table<decimal<0, Rep>>;
    const whole_table whole(tier_mode::volume, {{unbounded, "5"}});
    CHECK(*tariff::rate(whole, 3).total_money() == usd::parse("15.00"));
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        // ... which may not fit: 2^63 - 1 dollars have no int64 count of cents.
        const whole_table one(tier_mode::volume, {{unbounded, "1"}});
        CHECK_THROWS_AS(tariff::rate(one, INT64_MAX).total_money(), tariff::overflow_error);
    }
    // A table in a currency chosen at run time has no compile-time currency to give.
    using book_table = tariff::tier_table<tariff::runtime_currency, decimal<2, Rep>>;
    static_assert(has_total_money<tariff::charge<usd_table<decimal<2, Rep>>>>::value);
    static_assert(!has_total_money<tariff::charge<book_table>>::value);
}

TEST_CASE("charge: format_amount and format_price") {
    const tariff::currency usd = tariff::iso::USD::info, jpy = tariff::iso::JPY::info,
                           clf = tariff::iso::CLF::info;
    // Amounts: exactly the currency's minor digits, padded when the type has fewer.
    CHECK(tariff::format_amount(decimal<2>::parse("6000"), usd) == "6000.00");
    CHECK(tariff::format_amount(decimal<2>::parse("6000"), jpy) == "6000");
    CHECK(tariff::format_amount(decimal<0>(6000), usd) == "6000.00");
    CHECK(tariff::format_amount(decimal<2>::parse("0.4"), clf) == "0.4000");
    CHECK(tariff::format_amount(decimal<4>::parse("-1.23"), usd) == "-1.23");
    CHECK(tariff::format_amount(decimal<9>::parse("-0.05"), usd) == "-0.05");
    CHECK(tariff::format_amount(decimal<2>(), usd) == "0.00");
    // An unrounded amount is refused rather than silently cut.
    CHECK_THROWS_WITH_AS(tariff::format_amount(decimal<3>::parse("1.005"), usd),
                         doctest::Contains("1.005"), tariff::invalid_argument);
    // Prices: every significant digit, and at least the currency's minor digits.
    CHECK(tariff::format_price(decimal<6>::parse("0.000125"), usd) == "0.000125");
    CHECK(tariff::format_price(decimal<6>::parse("0.4"), usd) == "0.40");
    CHECK(tariff::format_price(decimal<6>::parse("5"), jpy) == "5");
    CHECK(tariff::format_price(decimal<6>::parse("1.5"), jpy) == "1.5");
    CHECK(tariff::format_price(decimal<0>(5), usd) == "5.00");
    CHECK(tariff::format_price(decimal<2>::parse("0.4"), clf) == "0.4000");
    CHECK(tariff::format_price(decimal<18>::parse("0.000000000000000001"), usd) ==
          "0.000000000000000001");
}
