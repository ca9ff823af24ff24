// Tests for include/tariff/detail/usage_table.hpp (the account index and usage cell behind every
// usage aggregation) and for monthly_usage, which bills on it: numbering, lookups, undo, merge.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <tariff/decimal.hpp>
#include <tariff/detail/usage_table.hpp>
#include <tariff/monthly_usage.hpp>
#include <vector>

#include "support/reps.hpp"

using tariff::detail::account_index;

namespace {

tariff::instant at(const char* text) { return tariff::parse_instant(text); }

const tariff::billing_period june = tariff::billing_period::parse("2026-06");

}  // namespace

TEST_CASE("account_index numbers names in the order first added and finds them again") {
    account_index index;
    CHECK(index.find("a") == account_index::npos);
    std::vector<std::string> names;
    // Every length from 0 to 40 bytes (the hash and comparison read eight bytes at a time, with
    // a partial last word), and names that differ only in their last byte.
    for (std::size_t length = 1; length <= 40; ++length) {
        names.push_back(std::string(length, 'x'));
        names.push_back(std::string(length - 1, 'x') + 'y');
    }
    for (int i = 0; i < 500; ++i) names.push_back("acct-" + std::to_string(i));
    for (std::size_t i = 0; i < names.size(); ++i) {
        REQUIRE(index.find(names[i]) == account_index::npos);
        CHECK(index.add_new(names[i]) == i);
    }
    REQUIRE(index.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        CHECK(index.find(names[i]) == i);
        CHECK(index.name(i) == names[i]);
    }
    CHECK(index.find("acct-500") == account_index::npos);
    CHECK(index.find("") == account_index::npos);

    const std::vector<std::size_t> order = index.by_name();
    REQUIRE(order.size() == names.size());
    for (std::size_t i = 1; i < order.size(); ++i) {
        CHECK(index.name(order[i - 1]) < index.name(order[i]));
    }
}

TEST_CASE("account_index remove_last undoes the last add and clear forgets everything") {
    account_index index;
    for (int i = 0; i < 100; ++i) index.add_new("account " + std::to_string(i));
    index.remove_last();
    CHECK(index.size() == 99);
    CHECK(index.find("account 99") == account_index::npos);
    CHECK(index.find("account 98") == 98);
    CHECK(index.add_new("account 99") == 99);
    CHECK(index.find("account 99") == 99);

    index.clear();
    CHECK(index.empty());
    CHECK(index.find("account 0") == account_index::npos);
    CHECK(index.add_new("account 7") == 0);
    CHECK(index.find("account 7") == 0);
}

TEST_CASE("add_usage sums quantity and events and refuses to pass 2^63-1 without a change") {
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    tariff::detail::usage_cell cell;
    CHECK(tariff::detail::add_usage(cell, 5, 1));
    CHECK(tariff::detail::add_usage(cell, max - 5, 1));
    CHECK(cell.quantity == max);
    CHECK(cell.events == 2);
    CHECK_FALSE(tariff::detail::add_usage(cell, 1, 1));
    CHECK(cell.quantity == max);
    CHECK(cell.events == 2);
    CHECK(tariff::detail::add_usage(cell, 0, 1));
    CHECK(cell.events == 3);
}

TEST_CASE_TEMPLATE("monthly_usage merge equals one usage fed every event", Rep, TARIFF_TEST_REPS) {
    using amount = tariff::decimal<2, Rep>;
    const std::vector<tariff::usage_product> products{{"api", 0, {}}, {"storage", 3, {}}};
    tariff::monthly_usage<amount> whole(june, tariff::utc_offset(), products);
    tariff::monthly_usage<amount> first(june, tariff::utc_offset(), products);
    tariff::monthly_usage<amount> second(june, tariff::utc_offset(), products);
    struct event {
        const char* account;
        std::size_t product;
        const char* at;
        std::int64_t quantity;
    };
    const std::vector<event> events{
        {"bob", 0, "2026-06-01T00:00:00Z", 3},   {"alice", 1, "2026-06-30T23:59:59Z", 1500},
        {"bob", 1, "2026-05-31T23:59:59Z", 9},   {"carol", 0, "2026-06-15T12:00:00Z", 0},
        {"alice", 0, "2026-06-02T00:00:00Z", 4}, {"dave", 0, "2026-07-01T00:00:00Z", 1},
        {"bob", 0, "2026-06-03T00:00:00Z", 5},
    };
    for (std::size_t i = 0; i < events.size(); ++i) {
        const event& e = events[i];
        whole.add(e.account, e.product, at(e.at), e.quantity);
        (i < 3 ? first : second).add(e.account, e.product, at(e.at), e.quantity);
    }
    second.set_balance("erin", amount::parse("12.50"));
    whole.set_balance("erin", amount::parse("12.50"));
    first.merge(second);

    REQUIRE(first.account_count() == whole.account_count());
    for (std::size_t a = 0; a < whole.account_count(); ++a) {
        CHECK(first.name(a) == whole.name(a));
        CHECK(first.balance(a) == whole.balance(a));
        for (std::size_t p = 0; p < 2; ++p) {
            CHECK(first.quantity(a, p) == whole.quantity(a, p));
            CHECK(first.events(a, p) == whole.events(a, p));
        }
    }
    CHECK(first.quantity(first.find("bob"), 0) == 8);
    CHECK(first.events(first.find("bob"), 0) == 2);
    CHECK(first.used(first.find("carol"), 0));
    CHECK_FALSE(first.used(first.find("dave"), 0));
    CHECK(first.events_in_period() == 5);
    CHECK(first.events_before() == 1);
    CHECK(first.events_after() == 1);

    // A balance on both sides, or a total past 2^63-1, is refused and changes nothing.
    tariff::monthly_usage<amount> clash(june, tariff::utc_offset(), products);
    clash.set_balance("erin", amount::parse("1.00"));
    clash.add("zed", 0, at("2026-06-05T00:00:00Z"), 1);
    CHECK_THROWS_AS(first.merge(clash), tariff::refused);
    tariff::monthly_usage<amount> huge(june, tariff::utc_offset(), products);
    huge.add("bob", 0, at("2026-06-05T00:00:00Z"), std::numeric_limits<std::int64_t>::max());
    huge.add("zed", 0, at("2026-06-05T00:00:00Z"), 1);
    CHECK_THROWS_AS(first.merge(huge), tariff::overflow_error);
    CHECK(first.find("zed") == first.npos);
    CHECK(first.quantity(first.find("bob"), 0) == 8);
    CHECK(first.account_count() == whole.account_count());

    tariff::monthly_usage<amount> other_month(tariff::billing_period::parse("2026-07"),
                                              tariff::utc_offset(), products);
    CHECK_THROWS_AS(first.merge(other_month), tariff::invalid_argument);
}
