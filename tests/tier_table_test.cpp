// Tier tables (tariff/tier_table.hpp): every validation rule, with the tier and field it names
// and a message that names the bad value; constexpr tables checked at compile time; accessors.
//
// An invalid table declared constexpr does not compile: validation throws, and a throw is not a
// constant expression. doctest cannot check a compile failure, so ctest does it:
// tests/compile_fail/invalid_constexpr_table.cpp must fail to compile, and its twin
// valid_constexpr_table.cpp (the same code with one bound corrected) must compile.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <tariff/tier_table.hpp>
#include <vector>

namespace {

using tariff::decimal;
using tariff::invalid_table_rule;
using tariff::tier_mode;
using tariff::unbounded;
using usd_table = tariff::tier_table<tariff::iso::USD, decimal<2>>;
using usd_tier = usd_table::tier_type;
using runtime_table = tariff::tier_table<tariff::runtime_currency, decimal<4>>;

/// The invalid_table_rule that `build` throws; fails the test when it throws nothing.
template <class F>
invalid_table_rule rule_broken_by(F build) {
    try {
        build();
    } catch (const invalid_table_rule& e) {
        return e;
    }
    FAIL("no invalid_table_rule thrown");
    return invalid_table_rule(std::nullopt, "", "");
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// --- Compile-time tables -----------------------------------------------------------------------

// The seed's table (DESIGN section 1), written in code.
constexpr usd_table faceid(tier_mode::volume, {{1000, "0.40"},
                                               {10000, "0.35"},
                                               {100000, "0.30"},
                                               {200000, "0.25"},
                                               {unbounded, tariff::contact_sales}});
static_assert(faceid.size() == 5);
static_assert(faceid.mode() == tier_mode::volume);
static_assert(faceid.has_quote_tier());
static_assert(faceid.currency_info().minor_units == 2);
static_assert(faceid[1].up_to == 10000 && faceid[1].unit_price == decimal<2>::parse("0.35"));
static_assert(faceid[4].is_unbounded && faceid[4].quote);
static_assert(faceid.lower_bound(0) == 0 && faceid.lower_bound(1) == 1000 &&
              faceid.lower_bound(4) == 200000);
// Inclusive upper bounds: 1,000 is in the first tier, 1,001 in the second.
static_assert(faceid.tier_index(1) == 0);
static_assert(faceid.tier_index(1000) == 0);
static_assert(faceid.tier_index(1001) == 1);
static_assert(faceid.tier_index(10000) == 1);
static_assert(faceid.tier_index(200000) == 3);
static_assert(faceid.tier_index(200001) == 4);
static_assert(faceid.tier_index(INT64_MAX) == 4);
static_assert(faceid.billable(1234) == 1234 && faceid.package_size() == 1);
static_assert(faceid.rounding_mode() == tariff::rounding::half_up);
static_assert(faceid.scope() == tariff::rounding_scope::line);
static_assert(!faceid.minimum() && !faceid.maximum());

// Every option applied at compile time.
constexpr usd_table faceid_options =
    faceid.with_package(100, tariff::package_rounding::down)
        .with_rounding(tariff::rounding::half_even, tariff::rounding_scope::total)
        .with_minimum("10.00")
        .with_maximum("50000.00");
static_assert(faceid_options.package_size() == 100);
static_assert(faceid_options.package_round() == tariff::package_rounding::down);
static_assert(faceid_options.billable(250) == 2 && faceid_options.billable(99) == 0);
static_assert(faceid.with_package(100).billable(201) == 3 &&
              faceid.with_package(100).billable(200) == 2);
static_assert(faceid_options.rounding_mode() == tariff::rounding::half_even);
static_assert(faceid_options.scope() == tariff::rounding_scope::total);
static_assert(*faceid_options.minimum() == decimal<2>::parse("10.00"));
static_assert(*faceid_options.maximum() == decimal<2>::parse("50000.00"));

// A finer price type: amounts keep the price's scale and are rounded to the currency's digits.
constexpr tariff::tier_table<tariff::iso::USD, decimal<4>> fine(tier_mode::graduated,
                                                                {{unbounded, "0.0125"}});
static_assert(fine.round_amount(decimal<4>::parse("1.0050")) == decimal<4>::parse("1.0100"));
static_assert(fine.with_rounding(tariff::rounding::half_even)
                  .round_amount(decimal<4>::parse("1.0050")) == decimal<4>::parse("1.0000"));
static_assert(fine.with_rounding(tariff::rounding::down)
                  .round_amount(decimal<4>::parse("1.0099")) == decimal<4>::parse("1.0000"));

// A decimal quantity (gigabytes, three fraction digits) with a constructed bound.
using gb = decimal<3>;
// Whole-number and widening decimal constructors are constant expressions in C++17 too.
static_assert(gb(50) == gb::parse("50.000"));
static_assert(decimal<4>(decimal<2>::parse("1.25")) == decimal<4>::parse("1.25"));
using storage_table = tariff::tier_table<tariff::iso::EUR, decimal<6>, gb>;
constexpr storage_table storage(tier_mode::graduated, {{gb(50), "0.023"},
                                                       {gb::parse("450.5"), "0.022"},
                                                       {unbounded, "0.021"}});
static_assert(std::is_same_v<storage_table::amount_type, decimal<9>>);
static_assert(storage.tier_index(gb::parse("50")) == 0);
static_assert(storage.tier_index(gb::parse("50.001")) == 1);
static_assert(storage.tier_index(gb::parse("450.500")) == 1);
static_assert(storage.tier_index(gb::parse("450.501")) == 2);
static_assert(storage.lower_bound(2) == gb::parse("450.5"));
static_assert(storage.with_package(10).billable(gb::parse("10.001")) == gb(2));
static_assert(storage.with_package(10, tariff::package_rounding::down)
                  .billable(gb::parse("19.999")) == gb(1));
// A package of one whole gigabyte still makes whole gigabytes of a decimal quantity.
static_assert(storage.with_package(1).has_package() && !storage.has_package());
static_assert(storage.billable(gb::parse("0.5")) == gb::parse("0.5"));
static_assert(storage.with_package(1).billable(gb::parse("0.5")) == gb(1));
static_assert(storage.with_package(1).billable(gb::parse("123.456")) == gb(124));
static_assert(storage.with_package(1, tariff::package_rounding::down)
                  .billable(gb::parse("123.456")) == gb(123));

// A runtime-currency table can be constexpr too.
constexpr runtime_table bahrain(tariff::iso::BHD::info, tier_mode::volume,
                                {{10, "1.2345"}, {unbounded, "1"}});
static_assert(bahrain.currency_info().code == "BHD");
static_assert(bahrain.round_amount(decimal<4>::parse("2.4690")) == decimal<4>::parse("2.4690"));
static_assert(bahrain.round_amount(decimal<4>::parse("2.4695")) == decimal<4>::parse("2.4700"));

}  // namespace

TEST_CASE("tier_table: bounds must strictly increase") {
    const auto equal = rule_broken_by([] {
        return usd_table(tier_mode::volume,
                         {{1000, "0.40"}, {10000, "0.35"}, {10000, "0.30"}, {unbounded, "0.25"}});
    });
    CHECK(equal.tier() == 2u);
    CHECK(equal.field() == "up_to");
    CHECK(std::string(equal.what()) ==
          "invalid table: tiers[2].up_to: must be greater than 10000, not 10000");

    const auto lower = rule_broken_by([] {
        return usd_table(tier_mode::graduated,
                         {{1000, "0.40"}, {999, "0.35"}, {unbounded, "0.30"}});
    });
    CHECK(lower.tier() == 1u);
    CHECK(lower.field() == "up_to");
    CHECK(lower.rule() == "must be greater than 1000, not 999");
}

TEST_CASE("tier_table: the first bound must be above zero") {
    for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-5}, INT64_MIN}) {
        CAPTURE(bad);
        const auto e = rule_broken_by([bad] {
            return usd_table(tier_mode::volume, {{bad, "0.40"}, {unbounded, "0.35"}});
        });
        CHECK(e.tier() == 0u);
        CHECK(e.field() == "up_to");
        CHECK(e.rule() == "must be greater than 0, not " + std::to_string(bad));
    }
    const auto decimal_bound = rule_broken_by([] {
        return storage_table(tier_mode::volume, {{gb::parse("0.000"), "1"}, {unbounded, "1"}});
    });
    CHECK(decimal_bound.tier() == 0u);
    CHECK(decimal_bound.rule() == "must be greater than 0, not 0.000");
    // The smallest positive decimal bound is fine.
    CHECK(storage_table(tier_mode::volume, {{gb::parse("0.001"), "1"}, {unbounded, "1"}}).size() ==
          2);
}

TEST_CASE("tier_table: only the last tier is unbounded, and it must be") {
    const auto early = rule_broken_by([] {
        return usd_table(tier_mode::volume,
                         {{1000, "0.40"}, {unbounded, "0.35"}, {unbounded, "0.30"}});
    });
    CHECK(early.tier() == 1u);
    CHECK(early.field() == "up_to");
    CHECK(contains(early.what(), "tiers[1].up_to: only the last tier may be unbounded"));

    const auto bounded_last = rule_broken_by([] {
        return usd_table(tier_mode::volume, {{1000, "0.40"}, {20000, "0.35"}});
    });
    CHECK(bounded_last.tier() == 1u);
    CHECK(bounded_last.field() == "up_to");
    CHECK(contains(bounded_last.rule(), "20000"));
    CHECK(contains(bounded_last.what(), "tiers[1].up_to: the last tier must be unbounded"));

    const auto single = rule_broken_by([] { return usd_table(tier_mode::volume, {{5, "1.00"}}); });
    CHECK(single.tier() == 0u);
    CHECK(contains(single.rule(), "5"));
}

TEST_CASE("tier_table: a quote tier is last and has no price or fee") {
    // A bounded quote tier in the middle (possible when tiers are built field by field).
    usd_tier middle_quote(5000, decimal<2>());
    middle_quote.quote = true;
    const std::vector<usd_tier> middle = {usd_tier(1000, "0.40"), middle_quote,
                                          usd_tier(unbounded, "0.30")};
    const auto e =
        rule_broken_by([&] { return usd_table(tier_mode::volume, middle.data(), middle.size()); });
    CHECK(e.tier() == 1u);
    CHECK(e.field() == "quote");
    CHECK(contains(e.rule(), "only the last tier"));

    // The contact_sales tier is unbounded, so out of place it breaks both rules; either names it.
    const auto early = rule_broken_by([] {
        return usd_table(tier_mode::graduated,
                         {{1000, "0.40"}, {unbounded, tariff::contact_sales}, {unbounded, "0.30"}});
    });
    CHECK(early.tier() == 1u);
    CHECK((early.field() == "up_to" || early.field() == "quote"));

    usd_tier priced_quote(unbounded, tariff::contact_sales);
    priced_quote.unit_price = decimal<2>::parse("0.25");
    const auto priced = rule_broken_by([&] {
        return usd_table(tier_mode::volume, {usd_tier(1000, "0.40"), priced_quote});
    });
    CHECK(priced.tier() == 1u);
    CHECK(priced.field() == "quote");
    CHECK(std::string(priced.what()) ==
          "invalid table: tiers[1].quote: a quote tier has no unit price, not 0.25");

    usd_tier fee_quote(unbounded, tariff::contact_sales);
    fee_quote.flat_fee = decimal<2>::parse("5.00");
    const auto fee = rule_broken_by([&] {
        return usd_table(tier_mode::volume, {usd_tier(1000, "0.40"), fee_quote});
    });
    CHECK(fee.tier() == 1u);
    CHECK(fee.field() == "quote");
    CHECK(fee.rule() == "a quote tier has no flat fee, not 5.00");

    // A table that is nothing but a quote tier is valid: every positive quantity needs a quote.
    CHECK(usd_table(tier_mode::volume, {{unbounded, tariff::contact_sales}}).has_quote_tier());
}

TEST_CASE("tier_table: prices and fees are not negative") {
    const auto price = rule_broken_by([] {
        return usd_table(tier_mode::volume, {{1000, "0.40"}, {unbounded, "-0.01"}});
    });
    CHECK(price.tier() == 1u);
    CHECK(price.field() == "unit_price");
    CHECK(price.rule() == "must not be negative, not -0.01");
    CHECK(std::string(price.what()) ==
          "invalid table: tiers[1].unit_price: must not be negative, not -0.01");

    const auto fee = rule_broken_by([] {
        return usd_table(tier_mode::graduated, {{1000, "0.40", "-5.00"}, {unbounded, "0.35"}});
    });
    CHECK(fee.tier() == 0u);
    CHECK(fee.field() == "flat_fee");
    CHECK(contains(fee.rule(), "-5.00"));

    // Zero is a price (free tiers exist).
    CHECK(usd_table(tier_mode::graduated, {{100, "0"}, {unbounded, "0.10", "0"}})[0]
              .unit_price.is_zero());
}

TEST_CASE("tier_table: a package holds at least one unit") {
    for (std::int64_t size : {std::int64_t{0}, std::int64_t{-3}, INT64_MIN}) {
        CAPTURE(size);
        const auto e = rule_broken_by([size] { return faceid.with_package(size); });
        CHECK(!e.tier());
        CHECK(e.field() == "package.size");
        CHECK(contains(e.rule(), std::to_string(size)));
        CHECK(contains(e.what(), "package.size: "));
    }
    CHECK(faceid.with_package(1).billable(7) == 7);
    CHECK(faceid.with_package(INT64_MAX).billable(INT64_MAX) == 1);
    CHECK(faceid.with_package(INT64_MAX).billable(1) == 1);
    CHECK(faceid.with_package(INT64_MAX, tariff::package_rounding::down).billable(INT64_MAX - 1) ==
          0);
    // A package of more units than a decimal quantity's representation holds (size x 1000 > 2^63).
    const storage_table huge = storage.with_package(INT64_MAX / 10);
    CHECK(huge.billable(gb::parse("123.456")) == gb(1));
    CHECK(huge.billable(gb(0)) == gb(0));
    CHECK(storage.with_package(INT64_MAX, tariff::package_rounding::down)
              .billable(gb::parse("123.456")) == gb(0));
    CHECK(storage.with_package(INT64_MAX).billable(gb::from_raw(INT64_MAX)) == gb(1));
}

TEST_CASE("tier_table: minimum and maximum") {
    SUBCASE("minimum above maximum, set in either order") {
        const auto a =
            rule_broken_by([] { return faceid.with_minimum("100.00").with_maximum("99.99"); });
        const auto b =
            rule_broken_by([] { return faceid.with_maximum("99.99").with_minimum("100.00"); });
        for (const auto& e : {a, b}) {
            CHECK(!e.tier());
            CHECK(e.field() == "minimum");
            CHECK(contains(e.rule(), "100.00"));
            CHECK(contains(e.rule(), "99.99"));
        }
        // Equal limits are allowed: a fixed monthly price.
        CHECK(*faceid.with_minimum("25.00").with_maximum("25.00").maximum() ==
              decimal<2>::parse("25.00"));
    }
    SUBCASE("negative") {
        const auto min = rule_broken_by([] { return faceid.with_minimum("-1.00"); });
        CHECK(min.field() == "minimum");
        CHECK(min.rule() == "must not be negative, not -1.00");
        const auto max =
            rule_broken_by([] { return faceid.with_maximum(decimal<2>::parse("-0.01")); });
        CHECK(max.field() == "maximum");
        CHECK(contains(max.rule(), "-0.01"));
    }
    SUBCASE("finer than the currency's minor unit") {
        const auto usd = rule_broken_by([] { return fine.with_minimum("10.005"); });
        CHECK(usd.field() == "minimum");
        CHECK(contains(usd.rule(), "10.0050"));
        CHECK(contains(usd.rule(), "USD"));
        CHECK(fine.with_minimum("10.01").minimum()->raw_value() == 100100);

        // JPY has no minor unit.
        const auto yen = tariff::tier_table<tariff::runtime_currency, decimal<2>>(
            tariff::currency_from_code("JPY"), tier_mode::volume, {{unbounded, "1.5"}});
        const auto jpy = rule_broken_by([&] { return yen.with_maximum("1000.50"); });
        CHECK(jpy.field() == "maximum");
        CHECK(contains(jpy.rule(), "1000.50"));
        CHECK(contains(jpy.rule(), "JPY"));
        CHECK(yen.with_maximum("1000").maximum()->raw_value() == 100000);

        // CLF has four: a decimal<4> limit with all four digits is fine, a fifth would not parse.
        const runtime_table clf(tariff::currency_from_code("CLF"), tier_mode::volume,
                                {{unbounded, "0.0001"}});
        CHECK(clf.with_minimum("0.0001").minimum()->raw_value() == 1);
        CHECK_THROWS_AS(clf.with_minimum("0.00001"), tariff::parse_error);
    }
}

TEST_CASE("tier_table: tier count") {
    using small = tariff::tier_table<tariff::iso::USD, decimal<2>, std::int64_t, 3>;
    const auto many = rule_broken_by([] {
        return small(tier_mode::volume, {{1, "1"}, {2, "1"}, {3, "1"}, {unbounded, "1"}});
    });
    CHECK(!many.tier());
    CHECK(many.field() == "tiers");
    CHECK(contains(many.rule(), "4 tiers"));
    CHECK(contains(many.rule(), "3"));
    CHECK(small(tier_mode::volume, {{1, "1"}, {2, "1"}, {unbounded, "1"}}).size() == 3);

    const auto none = rule_broken_by([] { return usd_table(tier_mode::volume, {}); });
    CHECK(none.field() == "tiers");

    // Data-driven: the pointer + count constructor, at full capacity.
    std::vector<usd_tier> tiers;
    for (std::int64_t i = 1; i < 16; ++i) tiers.emplace_back(i * 10, "0.10");
    tiers.emplace_back(unbounded, "0.05");
    CHECK(usd_table(tier_mode::graduated, tiers.data(), tiers.size()).size() == 16);
    tiers.insert(tiers.begin(), usd_tier(5, "0.20"));
    const auto seventeen =
        rule_broken_by([&] { return usd_table(tier_mode::graduated, tiers.data(), tiers.size()); });
    CHECK(contains(seventeen.rule(), "17 tiers"));
}

TEST_CASE("tier_table: invalid_table_rule is an invalid_table and a tariff::error") {
    CHECK_THROWS_AS(usd_table(tier_mode::volume, {{1000, "0.40"}}), tariff::invalid_table);
    CHECK_THROWS_AS(usd_table(tier_mode::volume, {{1000, "0.40"}}), tariff::error);
    CHECK_THROWS_WITH_AS(usd_table(tier_mode::volume, {{0, "0.40"}, {unbounded, "1"}}),
                         "invalid table: tiers[0].up_to: must be greater than 0, not 0",
                         tariff::invalid_table);
    // A price with more digits than the price type holds is refused when the tier is written.
    CHECK_THROWS_AS(usd_table(tier_mode::volume, {{unbounded, "0.405"}}), tariff::parse_error);
}

TEST_CASE("tier_table: runtime currency and iteration") {
    const runtime_table t(tariff::currency_from_code("CLF"), tier_mode::graduated,
                          {{100, "0.5", "2"}, {1000, "0.25"}, {unbounded, tariff::contact_sales}});
    CHECK(t.currency_info().code == "CLF");
    CHECK(t.currency_info().minor_units == 4);
    CHECK(t.mode() == tier_mode::graduated);
    std::vector<std::int64_t> bounds;
    for (const auto& tier : t) {
        if (!tier.is_unbounded) bounds.push_back(tier.up_to);
    }
    CHECK(bounds == std::vector<std::int64_t>{100, 1000});
    CHECK(t.end() - t.begin() == 3);
    CHECK(t[0].flat_fee == decimal<4>::parse("2"));
    CHECK(t.has_quote_tier());
    CHECK(t.tier_index(100) == 0);
    CHECK(t.tier_index(101) == 1);
    CHECK(t.tier_index(1001) == 2);
    // Options return a new table and leave the original alone.
    const runtime_table packaged = t.with_package(12);
    CHECK(packaged.package_size() == 12);
    CHECK(t.package_size() == 1);
    CHECK(packaged.billable(25) == 3);
}
