// Regression tests for what the fuzzers (fuzz/fuzz_*.cpp) found. Each case is the smallest
// input that showed the bug, with the expected results worked out by hand.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tariff/bulk.hpp>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>
#include <tariff/currency.hpp>
#include <tariff/insight.hpp>

#include "support/reps.hpp"

namespace {

using gb = tariff::decimal<3>;

// 1 GB packages, rounded up, on decimal<3> quantities: the largest quantity's whole packages
// (9223372036854775.807 GB -> 9223372036854776 GB) do not fit decimal<3>, so that quantity
// cannot be rated. Working out the table's quantity domain asked for exactly that, and every
// guarded rate(), bulk_rater, cliffs() and max_quantity_within() threw overflow_error for
// any quantity at all.
const auto whole_gb_table =
    tariff::tier_table<tariff::iso::USD, tariff::decimal<6>, gb>(
        tariff::tier_mode::volume, {{gb::parse("10"), "1.00"}, {tariff::unbounded, "0.50"}})
        .with_package(1, tariff::package_rounding::up);

}  // namespace

TEST_CASE("regression: a guarded table of whole decimal units rates small quantities") {
    const auto table = whole_gb_table.with_guard();
    const auto five = tariff::rate(table, gb::parse("5"));
    REQUIRE(five.total);
    CHECK(tariff::to_string(*five.total) == "5.000000000");  // 5 GB x 1.00
    CHECK(!five.guard);
    const auto over = tariff::rate(table, gb::parse("10.5"));  // 11 whole GB x 0.50
    REQUIRE(over.total);
    CHECK(tariff::to_string(*over.total) == "5.500000000");
    // The top of decimal<3> is still refused, as before.
    CHECK_THROWS_AS(tariff::rate(table, gb::from_raw(std::numeric_limits<std::int64_t>::max())),
                    tariff::overflow_error);
}

TEST_CASE("regression: bulk rating a guarded table of whole decimal units") {
    const auto table = whole_gb_table.with_guard();
    const tariff::bulk_rater<decltype(whole_gb_table)> rater(table);
    const gb quantities[] = {gb::parse("5"), gb::parse("10.5"),
                             gb::from_raw(std::numeric_limits<std::int64_t>::max())};
    tariff::decimal<9> totals[3];
    tariff::bulk_status status[3];
    rater.rate(quantities, 3, totals, status);
    CHECK(status[0] == tariff::bulk_status::priced);
    CHECK(tariff::to_string(totals[0]) == "5.000000000");
    CHECK(status[1] == tariff::bulk_status::priced);
    CHECK(tariff::to_string(totals[1]) == "5.500000000");
    CHECK(status[2] == tariff::bulk_status::overflow);
}

TEST_CASE("regression: insight on a table of whole decimal units") {
    // 10 GB cost 10.00; 10.001 GB bill 11 GB at 0.50 = 5.50, and more stays cheaper up to 19 GB
    // (9.50); 19.001 GB bill 20 GB = 10.00.
    const auto found = tariff::cliffs(whole_gb_table);
    REQUIRE(found.size() == 1);
    CHECK(tariff::to_string(found[0].at) == "10.000");
    REQUIRE(found[0].cheaper_until);
    CHECK(tariff::to_string(*found[0].cheaper_until) == "19.000");
    // 7.00 buys 7 GB in the first tier, and 14 GB (14 x 0.50) in the second.
    const auto within = tariff::max_quantity_within(whole_gb_table, tariff::decimal<9>::parse("7"));
    REQUIRE(within.largest());
    CHECK(tariff::to_string(*within.largest()) == "14.000");
}

TEST_CASE("regression: printing a quote whose priced lines would not fit their sum") {
    // Two graduated lines of 5e16 USD each fit int64 cents; their sum (1e19 cents) does not.
    // rate() stops at the quote tier without adding them, but to_text() added them anyway and
    // threw overflow_error.
    using usd = tariff::decimal<2>;
    const auto fee = usd::parse("50000000000000000.00");
    const tariff::tier_table<tariff::iso::USD, usd> table(
        tariff::tier_mode::graduated,
        {{10, usd(), fee}, {20, usd(), fee}, {tariff::unbounded, tariff::contact_sales}});
    const auto c = tariff::rate(table, 25);
    REQUIRE(c.status == tariff::charge_status::quote_required);
    std::string text;
    REQUIRE_NOTHROW(text = tariff::to_text(c));
    CHECK(text.find("50000000000000000.00") != std::string::npos);
    CHECK(text.find("quote required (contact sales)") != std::string::npos);
}

TEST_CASE_TEMPLATE("regression: a cliff after which every larger quantity costs less has no end",
                   Rep, TARIFF_TEST_REPS) {
    // Packages of 1,000 calls: one costs 10^14 USD, and any number beyond one 0.01 each, so that
    // even the largest int64 quantity (9,223,372,036,854,776 packages) costs less than one:
    // cheaper_until is empty, as it is when the cheaper range would run forever. It was
    // 2^63 - 1, the largest int64 quantity.
    using price = tariff::decimal<2, Rep>;
    const auto table =
        tariff::tier_table<tariff::iso::USD, price>(
            tariff::tier_mode::volume, {{1, "100000000000000.00"}, {tariff::unbounded, "0.01"}})
            .with_package(1000);
    const auto found = tariff::cliffs(table);
    REQUIRE(found.size() == 1);
    CHECK(found[0].at == 1000);
    CHECK(tariff::to_string(found[0].charge_after) == "0.02");
    CHECK_FALSE(found[0].cheaper_until);
    CHECK(tariff::to_string(*tariff::rate(table, std::numeric_limits<std::int64_t>::max()).total) ==
          "92233720368547.76");
    // Where a larger quantity costs as much again, the range ends before it: 10 calls cost 10.00,
    // 999,499,999,999,999,999 x 10^-17 = 9.99499... is 9.99, and one more is 9.995 -> 10.00.
    const tariff::tier_table<tariff::iso::USD, tariff::decimal<17, Rep>> reaching(
        tariff::tier_mode::volume, {{10, "1.00"}, {tariff::unbounded, "0.00000000000000001"}});
    const auto ends = tariff::cliffs(reaching);
    REQUIRE(ends.size() == 1);
    CHECK(ends[0].cheaper_until == std::optional<std::int64_t>(std::int64_t{999499999999999999}));
}
