// One name table per enum, read both ways (tariff/detail/enum_names.hpp): every enumerator's name
// reads back as it, unknown names are refused with the one result shape, and the names are the
// ones price books, Stripe prices, charges and bills spell.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>
#include <tariff/billing_run.hpp>
#include <tariff/bulk.hpp>
#include <tariff/charge.hpp>
#include <tariff/ledger.hpp>
#include <tariff/rounding.hpp>
#include <tariff/tier_table.hpp>

namespace {

/// Every enumerator's name reads back as it; names are distinct; a wrong name leaves `out` alone.
template <class E>
void check_both_ways(std::initializer_list<std::string_view> expected) {
    const auto& names = tariff::detail::enum_names<E>::names;
    REQUIRE(std::size(names) == expected.size());
    std::set<std::string_view> seen;
    std::size_t i = 0;
    for (const std::string_view name : expected) {
        const auto e = static_cast<E>(i++);
        CHECK(tariff::to_string_view(e) == name);
        E back = static_cast<E>(std::size(names) - 1 - (i - 1));
        const tariff::parse_result read = tariff::from_name(name, back);
        CHECK(read);
        CHECK(read.position == name.size());
        CHECK(back == e);
        CHECK(seen.insert(name).second);
    }
    E out = static_cast<E>(0);
    for (const std::string_view wrong : {"", "?", "Volume", "half-up", " up"}) {
        const tariff::parse_result read = tariff::from_name(wrong, out);
        CHECK(read.status == tariff::parse_status::syntax);
        CHECK(read.position == 0);
        CHECK(out == static_cast<E>(0));
    }
    CHECK(tariff::to_string_view(static_cast<E>(std::size(names))) == "?");
}

// The tables work at compile time.
static_assert(tariff::to_string_view(tariff::rounding::ceiling) == "ceiling");
constexpr tariff::tier_mode mode_named(std::string_view name) {
    tariff::tier_mode m = tariff::tier_mode::volume;
    tariff::from_name(name, m);
    return m;
}
static_assert(mode_named("graduated") == tariff::tier_mode::graduated);

}  // namespace

TEST_CASE("every enum with names reads and prints through its one table") {
    check_both_ways<tariff::rounding>(
        {"half_up", "half_even", "half_down", "up", "down", "ceiling", "floor"});
    check_both_ways<tariff::tier_mode>({"volume", "graduated"});
    check_both_ways<tariff::rounding_scope>({"line", "total"});
    check_both_ways<tariff::package_rounding>({"up", "down"});
    check_both_ways<tariff::charge_status>({"priced", "quote_required"});
    check_both_ways<tariff::adjustment_kind>({"minimum", "maximum"});
    check_both_ways<tariff::bulk_status>(
        {"priced", "quote_required", "negative_quantity", "overflow"});
    check_both_ways<tariff::bulk_path>({"automatic", "vector", "scalar", "exact"});
    check_both_ways<tariff::service_state>({"inactive", "active", "suspended"});
    check_both_ways<tariff::settlement_status>({"charged", "quote_required"});
    CHECK(tariff::to_string(tariff::service_state::suspended) == "suspended");
    CHECK(tariff::to_string(tariff::settlement_status::charged) == "charged");
}

TEST_CASE("name lists for messages come from the same tables") {
    using tariff::detail::name_list;
    CHECK(name_list<tariff::tier_mode>() == "volume or graduated");
    CHECK(name_list<tariff::package_rounding>(true) == "\"up\" or \"down\"");
    CHECK(name_list<tariff::rounding>(false, ", ") ==
          "half_up, half_even, half_down, up, down, ceiling, floor");
    CHECK(name_list<tariff::service_state>() == "inactive, active or suspended");
    // rounding_from_name is from_name under its old name, with the same result shape.
    tariff::rounding m = tariff::rounding::up;
    CHECK(tariff::rounding_from_name("floor", m));
    CHECK(m == tariff::rounding::floor);
    CHECK_FALSE(tariff::rounding_from_name("nearest", m));
}
