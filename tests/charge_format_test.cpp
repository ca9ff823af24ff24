// A charge as JSON and as invoice text: field names and order, exact money strings, nulls for
// quote tiers and unbounded bounds, adjustments, decimal quantities, and JSON string escaping.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <string>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>

#include "support/reps.hpp"

namespace {

template <class Rep>
using usd_price = tariff::decimal<2, Rep>;

/// The seed's FaceID table, written in code.
template <class Rep>
tariff::tier_table<tariff::iso::USD, usd_price<Rep>> faceid() {
    return {tariff::tier_mode::volume,
            {{1000, "0.40"},
             {10000, "0.35"},
             {100000, "0.30"},
             {200000, "0.25"},
             {tariff::unbounded, tariff::contact_sales}}};
}

/// Graduated, with a flat fee on the second tier.
template <class Rep>
tariff::tier_table<tariff::iso::USD, usd_price<Rep>> graduated() {
    return {tariff::tier_mode::graduated,
            {{1000, "0.40"}, {10000, "0.35", "5.00"}, {tariff::unbounded, "0.30"}}};
}

}  // namespace

TEST_CASE_TEMPLATE("to_json: a priced volume charge", Rep, TARIFF_TEST_REPS) {
    CHECK(
        tariff::to_json(tariff::rate(faceid<Rep>(), 20000)) ==
        R"({"quantity": 20000, "status": "priced", "currency": "USD", "total": "6000.00", "mode": "volume", )"
        R"("billable": 20000, "subtotal": "6000.00", "adjustment": null, "lines": [{"tier": 2, "from": 10000, )"
        R"("up_to": 100000, "units": 20000, "quote": false, "unit_price": "0.30", "flat_fee": "0.00", )"
        R"("amount": "6000.00"}]})");
}

TEST_CASE_TEMPLATE("to_json: zero usage has no line and a total of 0.00", Rep, TARIFF_TEST_REPS) {
    CHECK(
        tariff::to_json(tariff::rate(faceid<Rep>(), 0)) ==
        R"({"quantity": 0, "status": "priced", "currency": "USD", "total": "0.00", "mode": "volume", )"
        R"("billable": 0, "subtotal": "0.00", "adjustment": null, "lines": []})");
}

TEST_CASE_TEMPLATE("to_json: quote_required has a null total and a quote line", Rep,
                   TARIFF_TEST_REPS) {
    CHECK(
        tariff::to_json(tariff::rate(faceid<Rep>(), 200001)) ==
        R"({"quantity": 200001, "status": "quote_required", "currency": "USD", "total": null, "mode": "volume", )"
        R"("billable": 200001, "subtotal": null, "adjustment": null, "lines": [{"tier": 4, "from": 200000, )"
        R"("up_to": null, "units": 200001, "quote": true, "unit_price": null, "flat_fee": null, "amount": null}]})");
}

TEST_CASE_TEMPLATE("to_json: graduated lines with a flat fee and an unbounded last tier", Rep,
                   TARIFF_TEST_REPS) {
    // 1000 x 0.40 = 400.00; 9000 x 0.35 + 5.00 = 3155.00; 10000 x 0.30 = 3000.00; 6555.00 in all.
    CHECK(
        tariff::to_json(tariff::rate(graduated<Rep>(), 20000)) ==
        R"({"quantity": 20000, "status": "priced", "currency": "USD", "total": "6555.00", "mode": "graduated", )"
        R"("billable": 20000, "subtotal": "6555.00", "adjustment": null, "lines": [)"
        R"({"tier": 0, "from": 0, "up_to": 1000, "units": 1000, "quote": false, "unit_price": "0.40", )"
        R"("flat_fee": "0.00", "amount": "400.00"}, )"
        R"({"tier": 1, "from": 1000, "up_to": 10000, "units": 9000, "quote": false, "unit_price": "0.35", )"
        R"("flat_fee": "5.00", "amount": "3155.00"}, )"
        R"({"tier": 2, "from": 10000, "up_to": null, "units": 10000, "quote": false, "unit_price": "0.30", )"
        R"("flat_fee": "0.00", "amount": "3000.00"}]})");
}

TEST_CASE_TEMPLATE("to_json: minimum and maximum adjustments", Rep, TARIFF_TEST_REPS) {
    const auto table = faceid<Rep>().with_minimum("10.00").with_maximum("500.00");
    CHECK(
        tariff::to_json(tariff::rate(table, 0)) ==
        R"({"quantity": 0, "status": "priced", "currency": "USD", "total": "10.00", "mode": "volume", )"
        R"("billable": 0, "subtotal": "0.00", "adjustment": {"kind": "minimum", "limit": "10.00", )"
        R"("amount": "10.00"}, "lines": []})");
    CHECK(
        tariff::to_json(tariff::rate(table, 20000)) ==
        R"({"quantity": 20000, "status": "priced", "currency": "USD", "total": "500.00", "mode": "volume", )"
        R"("billable": 20000, "subtotal": "6000.00", "adjustment": {"kind": "maximum", "limit": "500.00", )"
        R"("amount": "-5500.00"}, "lines": [{"tier": 2, "from": 10000, "up_to": 100000, "units": 20000, )"
        R"("quote": false, "unit_price": "0.30", "flat_fee": "0.00", "amount": "6000.00"}]})");
}

TEST_CASE_TEMPLATE("to_json: total scope keeps lines exact and rounds the total once", Rep,
                   TARIFF_TEST_REPS) {
    using price = tariff::decimal<4, Rep>;
    const tariff::tier_table<tariff::iso::USD, price> table =
        tariff::tier_table<tariff::iso::USD, price>(tariff::tier_mode::graduated,
                                                    {{2, "0.3330"}, {tariff::unbounded, "0.1235"}})
            .with_rounding(tariff::rounding::half_up, tariff::rounding_scope::total);
    // 2 x 0.333 = 0.666 and 1 x 0.1235 = 0.1235: 0.7895, rounded once to 0.79.
    CHECK(
        tariff::to_json(tariff::rate(table, 3)) ==
        R"({"quantity": 3, "status": "priced", "currency": "USD", "total": "0.79", "mode": "graduated", )"
        R"("billable": 3, "subtotal": "0.79", "adjustment": null, "lines": [)"
        R"({"tier": 0, "from": 0, "up_to": 2, "units": 2, "quote": false, "unit_price": "0.333", )"
        R"("flat_fee": "0.00", "amount": "0.666"}, )"
        R"({"tier": 1, "from": 2, "up_to": null, "units": 1, "quote": false, "unit_price": "0.1235", )"
        R"("flat_fee": "0.00", "amount": "0.1235"}]})");
}

TEST_CASE_TEMPLATE("to_json: a currency without minor digits, and packages", Rep,
                   TARIFF_TEST_REPS) {
    using price = tariff::decimal<2, Rep>;
    const auto table = tariff::tier_table<tariff::iso::JPY, price>(tariff::tier_mode::volume,
                                                                   {{tariff::unbounded, "0.50"}})
                           .with_package(100, tariff::package_rounding::up);
    // 250 units are 3 packages of 100: 3 x 0.50 = 1.50, rounded half_up to 2 yen.
    CHECK(
        tariff::to_json(tariff::rate(table, 250)) ==
        R"({"quantity": 250, "status": "priced", "currency": "JPY", "total": "2", "mode": "volume", )"
        R"("billable": 3, "subtotal": "2", "adjustment": null, "lines": [{"tier": 0, "from": 0, "up_to": null, )"
        R"("units": 3, "quote": false, "unit_price": "0.5", "flat_fee": "0", "amount": "2"}]})");
}

TEST_CASE_TEMPLATE("to_json: decimal quantities are strings", Rep, TARIFF_TEST_REPS) {
    using gb = tariff::decimal<3, Rep>;
    using price = tariff::decimal<4, Rep>;
    const tariff::tier_table<tariff::iso::USD, price, gb> table(
        tariff::tier_mode::graduated,
        {{gb::parse("1024"), "0.0250"}, {tariff::unbounded, "0.0200"}});
    // 1024 GB x 0.025 = 25.60; 476.25 GB x 0.02 = 9.525 -> 9.53 (half_up); 35.13.
    CHECK(
        tariff::to_json(tariff::rate(table, gb::parse("1500.25"))) ==
        R"({"quantity": "1500.250", "status": "priced", "currency": "USD", "total": "35.13", )"
        R"("mode": "graduated", "billable": "1500.250", "subtotal": "35.13", "adjustment": null, "lines": [)"
        R"({"tier": 0, "from": "0.000", "up_to": "1024.000", "units": "1024.000", "quote": false, )"
        R"("unit_price": "0.025", "flat_fee": "0.00", "amount": "25.60"}, )"
        R"({"tier": 1, "from": "1024.000", "up_to": null, "units": "476.250", "quote": false, )"
        R"("unit_price": "0.02", "flat_fee": "0.00", "amount": "9.53"}]})");
}

TEST_CASE_TEMPLATE("to_text: an invoice with a title, a unit and a cliff", Rep, TARIFF_TEST_REPS) {
    const auto table = faceid<Rep>();
    const tariff::text_options options{"FaceID", "call"};
    CHECK(tariff::to_text(tariff::rate(table, 1000), options) ==
          "FaceID: 1000 calls (volume, USD)\n"
          "  tiers[0]  up to 1000  1000 x 0.40  400.00\n"
          "  total                              400.00 USD\n");
    CHECK(tariff::to_text(tariff::rate(table, 1001), options) ==
          "FaceID: 1001 calls (volume, USD)\n"
          "  tiers[1]  over 1000 up to 10000  1001 x 0.35  350.35\n"
          "  total                                         350.35 USD\n");
    CHECK(tariff::to_text(tariff::rate(table, 1), options) ==
          "FaceID: 1 call (volume, USD)\n"
          "  tiers[0]  up to 1000  1 x 0.40  0.40\n"
          "  total                           0.40 USD\n");
    CHECK(tariff::to_text(tariff::rate(table, 0)) ==
          "0 (volume, USD)\n"
          "  total    0.00 USD\n");
}

TEST_CASE_TEMPLATE("to_text: quote required", Rep, TARIFF_TEST_REPS) {
    CHECK(tariff::to_text(tariff::rate(faceid<Rep>(), 200001), {"", "call"}) ==
          "200001 calls (volume, USD)\n"
          "  tiers[4]  over 200000  200001 x contact sales  -\n"
          "  total     quote required (contact sales)\n");
}

TEST_CASE_TEMPLATE("to_text: graduated lines, fee, subtotal and maximum", Rep, TARIFF_TEST_REPS) {
    CHECK(tariff::to_text(tariff::rate(graduated<Rep>().with_maximum("6000.00"), 20000),
                          {"API", "GB"}) ==
          "API: 20000 GB (graduated, USD)\n"
          "  tiers[0]  up to 1000             1000 x 0.40          400.00\n"
          "  tiers[1]  over 1000 up to 10000  9000 x 0.35 + 5.00  3155.00\n"
          "  tiers[2]  over 10000             10000 x 0.30        3000.00\n"
          "  subtotal                                             6555.00\n"
          "  maximum   monthly maximum 6000.00                    -555.00\n"
          "  total                                                6000.00 USD\n");
}

TEST_CASE_TEMPLATE("to_text: packages and a minimum", Rep, TARIFF_TEST_REPS) {
    const auto table =
        faceid<Rep>().with_package(100, tariff::package_rounding::up).with_minimum("10.00");
    CHECK(tariff::to_text(tariff::rate(table, 150), {"", "call"}) ==
          "150 calls (volume, USD)\n"
          "  billable 2 (whole packages)\n"
          "  tiers[0]  up to 1000  2 x 0.40    0.80\n"
          "  subtotal                          0.80\n"
          "  minimum   monthly minimum 10.00  +9.20\n"
          "  total                            10.00 USD\n");
}

TEST_CASE("json_string escapes what JSON requires and keeps valid UTF-8") {
    CHECK(tariff::json_string("abc") == "\"abc\"");
    CHECK(tariff::json_string("") == "\"\"");
    CHECK(tariff::json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(tariff::json_string("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
    CHECK(tariff::json_string(std::string("a\0b", 3)) == "\"a\\u0000b\"");
    CHECK(tariff::json_string("\x01\x1f\x7f") == "\"\\u0001\\u001f\x7f\"");
    CHECK(tariff::json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") ==
          "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
}

TEST_CASE("json_string replaces bytes that are not UTF-8 with U+FFFD") {
    CHECK(tariff::json_string("a\xff") == "\"a\\ufffd\"");
    CHECK(tariff::json_string("\xc0\xaf") == "\"\\ufffd\\ufffd\"");             // overlong '/'
    CHECK(tariff::json_string("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");  // a surrogate
    CHECK(tariff::json_string("\xe2\x82") == "\"\\ufffd\\ufffd\"");  // truncated at the end
    CHECK(tariff::json_string("\xe2\x82x") == "\"\\ufffd\\ufffdx\"");
    CHECK(tariff::json_string("\xf4\x90\x80\x80") ==
          "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // above U+10FFFF
    CHECK(tariff::json_string("\x80") == "\"\\ufffd\"");
}

TEST_CASE_TEMPLATE("the guard's cap shows in JSON and in the invoice", Rep, TARIFF_TEST_REPS) {
    const auto table = faceid<Rep>().with_guard();
    const auto c = tariff::rate(table, 1000);
    CHECK(
        tariff::to_json(c) ==
        R"({"quantity": 1000, "status": "priced", "currency": "USD", "total": "350.35", "mode": "volume", )"
        R"("billable": 1000, "subtotal": "400.00", "adjustment": null, )"
        R"("guard": {"quantity": 1001, "limit": "350.35", "amount": "-49.65"}, )"
        R"("lines": [{"tier": 0, "from": 0, "up_to": 1000, "units": 1000, "quote": false, )"
        R"("unit_price": "0.40", "flat_fee": "0.00", "amount": "400.00"}]})");
    CHECK(tariff::to_text(c, {"FaceID", "call"}) ==
          "FaceID: 1000 calls (volume, USD)\n"
          "  tiers[0]  up to 1000  1000 x 0.40              400.00\n"
          "  subtotal                                       400.00\n"
          "  guard     capped at the charge for 1001 calls  -49.65\n"
          "  total                                          350.35 USD\n");
    // Unguarded, and where the guard does not lower the total, there is no "guard" member.
    CHECK(tariff::to_json(tariff::rate(faceid<Rep>(), 1000)).find("guard") == std::string::npos);
    CHECK(tariff::to_json(tariff::rate(table, 20000)).find("guard") == std::string::npos);
}

TEST_CASE("json_string escapes C1 controls, which terminals may act on") {
    CHECK(tariff::json_string("a\xC2\x85"
                              "b\xC2\x9b"
                              "2J") == "\"a\\u0085b\\u009b2J\"");
    CHECK(tariff::json_string("\xC2\x80\xC2\x9f\xC2\xA0") == "\"\\u0080\\u009f\xC2\xA0\"");
}

TEST_CASE("input echoed in JSON is a bounded prefix, cut on a character boundary") {
    using tariff::detail::json_quote_for_message;
    CHECK(json_quote_for_message("abc\x01") == "\"abc\\u0001\"");
    CHECK(json_quote_for_message(std::string(64, 'x')) == "\"" + std::string(64, 'x') + "\"");
    CHECK(json_quote_for_message(std::string(20000000, 'x')) ==
          "\"" + std::string(64, 'x') + "\xE2\x80\xA6\"");
    // A euro sign (3 bytes) across byte 64 is left out whole.
    CHECK(json_quote_for_message(std::string(62, 'x') + "\xE2\x82\xAC" + "yz") ==
          "\"" + std::string(62, 'x') + "\xE2\x80\xA6\"");
    CHECK(json_quote_for_message(std::string(63, 'x') + "\xff\xff") ==
          "\"" + std::string(63, 'x') + "\\ufffd\xE2\x80\xA6\"");
}

TEST_CASE("unit names: the book's plural, or the regular English one") {
    using tariff::detail::unit_text;
    // Issue 16: "5 boxs", "querys".
    CHECK(unit_text("box", false) == "boxes");
    CHECK(unit_text("query", false) == "queries");
    CHECK(unit_text("query", true) == "query");
    CHECK(unit_text("call", false) == "calls");
    CHECK(unit_text("day", false) == "days");
    CHECK(unit_text("batch", false) == "batches");
    CHECK(unit_text("flash", false) == "flashes");
    CHECK(unit_text("bus", false) == "buses");
    CHECK(unit_text("request", false) == "requests");
    CHECK(unit_text("API call", false) == "API calls");
    CHECK(unit_text("GB-hour", false) == "GB-hours");
    CHECK(unit_text("GB", false) == "GB");  // a symbol stays as it is
    CHECK(unit_text("m\xC2\xB3", false) == "m\xC2\xB3");
    CHECK(unit_text("y", false) == "ys");
    // A plural the book gives wins over any rule; the singular is the unit itself.
    CHECK(unit_text("person", false, "people") == "people");
    CHECK(unit_text("person", true, "people") == "person");
    CHECK(unit_text("", false, "people").empty());
}

TEST_CASE_TEMPLATE("to_text uses the plural in the heading and the guard row", Rep,
                   TARIFF_TEST_REPS) {
    CHECK(tariff::to_text(tariff::rate(faceid<Rep>(), 5), {"", "box"}) ==
          "5 boxes (volume, USD)\n"
          "  tiers[0]  up to 1000  5 x 0.40  2.00\n"
          "  total                           2.00 USD\n");
    CHECK(tariff::to_text(tariff::rate(faceid<Rep>(), 1), {"", "query"}).rfind("1 query (", 0) ==
          0);
    const tariff::text_options people{"", "person", "people"};
    CHECK(tariff::to_text(tariff::rate(faceid<Rep>(), 2), people).rfind("2 people (", 0) == 0);
    CHECK(tariff::to_text(tariff::rate(faceid<Rep>().with_guard(), 1000), people)
              .find("capped at the charge for 1001 people") != std::string::npos);
}

TEST_CASE_TEMPLATE("free units: \"free\" in JSON and a line of its own in text", Rep,
                   TARIFF_TEST_REPS) {
    const auto table = graduated<Rep>().with_free_units(1500);
    const auto c = tariff::rate(table, 2000);
    CHECK(
        tariff::to_json(c) ==
        R"({"quantity": 2000, "status": "priced", "currency": "USD", "total": "200.00", "mode": "graduated", )"
        R"("free": 1500, "billable": 500, "subtotal": "200.00", "adjustment": null, "lines": [)"
        R"({"tier": 0, "from": 0, "up_to": 1000, "units": 500, "quote": false, "unit_price": "0.40", )"
        R"("flat_fee": "0.00", "amount": "200.00"}]})");
    CHECK(tariff::to_text(c, {"Calls", "call"}) ==
          "Calls: 2000 calls (graduated, USD)\n"
          "  free 1500 (monthly allowance)\n"
          "  billable 500\n"
          "  tiers[0]  up to 1000  500 x 0.40  200.00\n"
          "  total                             200.00 USD\n");
    // Within the allowance: everything free, no tier used.
    CHECK(tariff::to_text(tariff::rate(table, 700)) ==
          "700 (graduated, USD)\n"
          "  free 700 (monthly allowance)\n"
          "  billable 0\n"
          "  total    0.00 USD\n");
    // With a package, the billable line says so.
    CHECK(tariff::to_text(tariff::rate(table.with_package(100), 1550)) ==
          "1550 (graduated, USD)\n"
          "  free 1500 (monthly allowance)\n"
          "  billable 1 (whole packages)\n"
          "  tiers[0]  up to 1000  1 x 0.40  0.40\n"
          "  total                           0.40 USD\n");
    // Tables without free units say nothing of them.
    CHECK(tariff::to_json(tariff::rate(graduated<Rep>(), 5)).find("free") == std::string::npos);
}

TEST_CASE_TEMPLATE("quantity scale: quantities with exactly that many fraction digits", Rep,
                   TARIFF_TEST_REPS) {
    using price = tariff::decimal<4, Rep>;
    const tariff::tier_table<tariff::iso::USD, price> gb(
        tariff::tier_mode::volume, {{1500, "0.40"}, {tariff::unbounded, "0.30", "1.00"}});
    const auto table = gb.with_quantity_scale(3).with_flat_fee_at_zero();
    CHECK(
        tariff::to_json(tariff::rate(table, 2250)) ==
        R"({"quantity": 2.250, "status": "priced", "currency": "USD", "total": "1.68", "mode": "volume", )"
        R"("billable": 2.250, "subtotal": "1.68", "adjustment": null, "lines": [)"
        R"({"tier": 1, "from": 1.500, "up_to": null, "units": 2.250, "quote": false, "unit_price": "0.30", )"
        R"("flat_fee": "1.00", "amount": "1.68"}]})");
    CHECK(tariff::to_text(tariff::rate(table, 1), {"", "GB"}) ==
          "0.001 GB (volume, USD)\n"
          "  tiers[0]  up to 1.500  0.001 x 0.40  0.00\n"
          "  total                                0.00 USD\n");
    // Zero usage uses the first tier with 0 units when its fee is billed at zero.
    const auto fee = gb.with_quantity_scale(3).with_tiers(
        std::array<typename decltype(gb)::tier_type, 2>{
            {{1500, price::parse("0.40"), price::parse("2.50")},
             {tariff::unbounded, price::parse("0.30")}}}
            .data(),
        2);
    CHECK(tariff::to_text(tariff::rate(fee.with_flat_fee_at_zero(), 0)) ==
          "0.000 (volume, USD)\n"
          "  tiers[0]  up to 1.500  0.000 x 0.40 + 2.50  2.50\n"
          "  total                                       2.50 USD\n");
    CHECK(tariff::rate(fee, 0).line_count() == 0u);
}
