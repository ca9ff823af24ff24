// Tests for include/tariff/billing_run.hpp: one month's bills per account, and their CSV and
// JSON rows. Expected amounts are worked out by hand from the FaceID table (DESIGN section 1).
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <tariff/billing_run.hpp>
#include <vector>

#include "support/billing_strings.hpp"
#include "support/reps.hpp"

namespace {

template <class Rep>
using faceid_table = tariff::tier_table<tariff::iso::USD, tariff::decimal<2, Rep>>;

template <class Rep>
faceid_table<Rep> faceid() {
    return faceid_table<Rep>(tariff::tier_mode::volume,
                             {{1000, "0.40"},
                              {10000, "0.35"},
                              {100000, "0.30"},
                              {200000, "0.25"},
                              {tariff::unbounded, tariff::contact_sales}});
}

tariff::instant at(const char* text) { return tariff::parse_instant(text); }

// All bills as CSV rows, header first.
template <class Run>
std::string csv(const Run& run) {
    std::string out(tariff::bill_csv_header);
    out += '\n';
    for (const auto& bill : run.bills()) tariff::append_csv(out, bill);
    return out;
}

}  // namespace

TEST_CASE_TEMPLATE("billing_run bills the month's calls of every account it saw", Rep,
                   TARIFF_TEST_REPS) {
    using tariff::event_placement;
    using amount = typename faceid_table<Rep>::amount_type;
    tariff::billing_run<faceid_table<Rep>> run(faceid<Rep>(), tariff::billing_period(2024, 2));

    // The first and last second of February (UTC) count; the seconds around them do not.
    CHECK(run.add("bob", at("2024-01-31T23:59:59Z"), 7) == event_placement::before);
    CHECK(run.add("bob", at("2024-02-01T00:00:00Z"), 600) == event_placement::in_period);
    CHECK(run.add("bob", at("2024-02-29T23:59:59Z"), 401) == event_placement::in_period);
    CHECK(run.add("bob", at("2024-03-01T00:00:00Z"), 9) == event_placement::after);
    // Offsets of the events: 2024-02-01T00:30:00Z and 2024-02-29T23:30:00Z.
    CHECK(run.add("alice", at("2024-01-31T23:30:00-01:00"), 20000) == event_placement::in_period);
    CHECK(run.add("alice", at("2024-03-01T05:15:00+05:45"), 0) == event_placement::in_period);
    // An account whose usage all falls outside the month still gets its (zero) bill.
    CHECK(run.add("zed", at("2024-03-15T00:00:00Z"), 50) == event_placement::after);
    CHECK(run.add("Zoe", at("2024-02-10T00:00:00Z"), 200001) == event_placement::in_period);
    run.set_balance("alice", amount::parse("6000.00"));
    run.set_balance("bob", amount::parse("300.00"));
    run.set_balance("carol", amount::parse("-0.01"));  // named by its balance only
    run.set_balance("Zoe", amount::parse("-5.00"));

    CHECK(run.events_in_period() == 5);
    CHECK(run.events_before() == 1);
    CHECK(run.events_after() == 2);
    CHECK(run.account_count() == 5);
    CHECK(run.calls("bob") == 1001);
    CHECK(run.calls("nobody") == 0);

    // Byte order: upper case before lower case. bob: 1001 calls x 0.35 = 350.35, from 300.00.
    // alice: 20000 x 0.30 = 6000.00, exactly her balance. Zoe: contact sales, nothing deducted.
    CHECK(csv(run) ==
          "account,period,calls,status,currency,total,balance_before,balance_after,service\n"
          "Zoe,2024-02,200001,quote_required,USD,,-5.00,-5.00,suspended\n"
          "alice,2024-02,20000,priced,USD,6000.00,6000.00,0.00,active\n"
          "bob,2024-02,1001,priced,USD,350.35,300.00,-50.35,suspended\n"
          "carol,2024-02,0,priced,USD,0.00,-0.01,-0.01,suspended\n"
          "zed,2024-02,0,priced,USD,0.00,0.00,0.00,active\n");

    const auto bills = run.bills();
    REQUIRE(bills.size() == 5);
    CHECK(bills[0].status == tariff::charge_status::quote_required);
    CHECK(!bills[0].total);
    CHECK(bills[2].total == amount::parse("350.35"));
    CHECK(bills[2].balance_after == amount::parse("-50.35"));
    CHECK(bills[2].service == tariff::service_state::suspended);
    CHECK(bills[2].period == tariff::billing_period(2024, 2));
}

TEST_CASE("billing_run: the month begins and ends in the billing offset") {
    using table = faceid_table<std::int64_t>;
    using tariff::event_placement;
    const auto offset = tariff::utc_offset::parse("+05:45");
    tariff::billing_run<table> run(faceid<std::int64_t>(), tariff::billing_period(2024, 2), offset);
    // Local midnight starting 1 February at +05:45 is 2024-01-31T18:15:00Z.
    CHECK(run.range().start == at("2024-01-31T18:15:00Z"));
    CHECK(run.range().end == at("2024-02-29T18:15:00Z"));
    CHECK(run.add("a", at("2024-01-31T18:14:59Z"), 1) == event_placement::before);
    CHECK(run.add("a", at("2024-01-31T18:15:00Z"), 2) == event_placement::in_period);
    CHECK(run.add("a", at("2024-02-29T23:59:59+05:45"), 4) == event_placement::in_period);
    CHECK(run.add("a", at("2024-02-29T18:15:00Z"), 8) == event_placement::after);
    CHECK(run.calls("a") == 6);

    tariff::billing_run<table> west(faceid<std::int64_t>(), tariff::billing_period(2024, 2),
                                    tariff::utc_offset::parse("-23:59"));
    CHECK(west.add("a", at("2024-02-01T23:58:59Z"), 1) == event_placement::before);
    CHECK(west.add("a", at("2024-02-01T23:59:00Z"), 1) == event_placement::in_period);
    CHECK(west.add("a", at("2024-03-01T23:58:59Z"), 1) == event_placement::in_period);
    CHECK(west.add("a", at("2024-03-01T23:59:00Z"), 1) == event_placement::after);
}

TEST_CASE("billing_run refuses bad input and changes nothing") {
    using table = faceid_table<std::int64_t>;
    using amount = table::amount_type;
    tariff::billing_run<table> run(faceid<std::int64_t>(), tariff::billing_period(2024, 2));
    const auto feb = at("2024-02-10T00:00:00Z");
    run.add("a", feb, std::numeric_limits<std::int64_t>::max() - 1);
    CHECK_THROWS_WITH_AS(run.add("a", feb, 2),
                         "calls of account \"a\" in 2024-02 exceed 9223372036854775807: "
                         "9223372036854775806 + 2",
                         tariff::overflow_error);
    CHECK(run.calls("a") == std::numeric_limits<std::int64_t>::max() - 1);
    CHECK(run.events_in_period() == 1);
    run.add("a", feb, 1);  // exactly the largest count still fits
    CHECK(run.calls("a") == std::numeric_limits<std::int64_t>::max());

    CHECK_THROWS_AS(run.add("b", feb, -1), tariff::invalid_argument);
    CHECK_THROWS_AS(run.add("", feb, 1), tariff::invalid_argument);
    CHECK_THROWS_AS(run.set_balance("", amount()), tariff::invalid_argument);
    CHECK(run.account_count() == 1);

    run.set_balance("c", amount::parse("1.00"));
    CHECK_THROWS_WITH_AS(run.set_balance("c", amount::parse("2.00")),
                         "account \"c\" already has a balance (1.00)", tariff::refused);
    run.set_balance("a", amount::parse("3.00"));  // an account seen in the events first
    CHECK_THROWS_AS(run.set_balance("a", amount::parse("3.00")), tariff::refused);
    const auto bills = run.bills();
    REQUIRE(bills.size() == 2);
    CHECK(bills[0].status == tariff::charge_status::quote_required);
    CHECK(bills[0].balance_after == amount::parse("3.00"));
    CHECK(bills[1].balance_after == amount::parse("1.00"));
}

TEST_CASE("billing_run: many accounts keep their own totals") {
    using table = faceid_table<std::int64_t>;
    tariff::billing_run<table> run(faceid<std::int64_t>(), tariff::billing_period(2024, 2));
    const auto feb = at("2024-02-10T00:00:00Z");
    for (int round = 1; round <= 3; ++round) {
        for (int i = 0; i < 5000; ++i) run.add("acct-" + std::to_string(i), feb, i);
    }
    CHECK(run.account_count() == 5000);
    for (int i = 0; i < 5000; i += 37) CHECK(run.calls("acct-" + std::to_string(i)) == 3 * i);
    const auto bills = run.bills();
    CHECK(bills.front().account == "acct-0");
    CHECK(bills.back().account == "acct-999");
    CHECK(bills.back().calls == 2997);
    CHECK(tariff::to_string(*bills.back().total) == "1048.95");  // 2997 x 0.35
}

TEST_CASE("bills as CSV and JSON: quoting, minor digits, a monthly minimum") {
    // JPY has no minor digits; the table bills a 100 JPY minimum even at zero usage.
    using table = tariff::tier_table<tariff::iso::JPY, tariff::decimal<2>>;
    const table yen =
        table(tariff::tier_mode::graduated, {{100, "1.5"}, {tariff::unbounded, "1.25"}})
            .with_rounding(tariff::rounding::half_even)
            .with_minimum("100");
    tariff::billing_run<table> run(yen, tariff::billing_period(2023, 12),
                                   tariff::utc_offset::parse("+09:00"));
    run.add("Acme, \"East\"", at("2023-12-31T23:59:59+09:00"), 102);
    run.add("idle", at("2024-01-01T00:00:00+09:00"), 5);
    run.set_balance("Acme, \"East\"", table::amount_type::parse("200"));
    // Lines rounded to whole yen: 100 x 1.5 = 150; 2 x 1.25 = 2.50 -> 2 (half_even); 152.
    CHECK(csv(run) ==
          "account,period,calls,status,currency,total,balance_before,balance_after,service\n"
          "\"Acme, \"\"East\"\"\",2023-12,102,priced,JPY,152,200,48,active\n"
          "idle,2023-12,0,priced,JPY,100,0,-100,suspended\n");
    std::string json;
    for (const auto& bill : run.bills()) tariff::append_json(json, bill);
    CHECK(json ==
          "{\"account\": \"Acme, \\\"East\\\"\", \"period\": \"2023-12\", \"calls\": 102, "
          "\"status\": \"priced\", \"currency\": \"JPY\", \"total\": \"152\", \"balance_before\": "
          "\"200\", \"balance_after\": \"48\", \"service\": \"active\"}\n"
          "{\"account\": \"idle\", \"period\": \"2023-12\", \"calls\": 0, \"status\": "
          "\"priced\", \"currency\": \"JPY\", \"total\": \"100\", \"balance_before\": \"0\", "
          "\"balance_after\": \"-100\", \"service\": \"suspended\"}\n");

    tariff::billing_run<faceid_table<std::int64_t>> quote(faceid<std::int64_t>(),
                                                          tariff::billing_period(2024, 2));
    quote.add("big", at("2024-02-10T00:00:00Z"), 250000);
    json.clear();
    for (const auto& bill : quote.bills()) tariff::append_json(json, bill);
    CHECK(json ==
          "{\"account\": \"big\", \"period\": \"2024-02\", \"calls\": 250000, \"status\": "
          "\"quote_required\", \"currency\": \"USD\", \"total\": null, \"balance_before\": "
          "\"0.00\", \"balance_after\": \"0.00\", \"service\": \"active\"}\n");

    // An account handed over in C++ (the CSV reader refuses controls) is escaped in JSON, C1
    // controls included, and bytes that are not UTF-8 become U+FFFD.
    tariff::billing_run<faceid_table<std::int64_t>> odd(faceid<std::int64_t>(),
                                                        tariff::billing_period(2024, 2));
    odd.add("a\x1b\xC2\x85\xFF", at("2024-02-10T00:00:00Z"), 1);
    json.clear();
    for (const auto& bill : odd.bills()) tariff::append_json(json, bill);
    CHECK(json.rfind("{\"account\": \"a\\u001b\\u0085\\ufffd\", ", 0) == 0);
}
