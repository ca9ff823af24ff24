// Stripe Price import and export (tariff/stripe.hpp): Stripe's documented examples reproduced
// from imported JSON, import -> export -> import round trips, and refusals that name the JSON
// path (import) or the reason (export).
//
// The examples come from Stripe's documentation: the tiered-pricing page (tiers up to 5 at $5,
// 10 at $4, 15 at $3, 20 at $2, then $1; volume totals 1 -> $5, 5 -> $25, 6 -> $24, 20 -> $40,
// 25 -> $25; graduated 6 -> $29), the decimal-amounts page (0.05 cents x 30 = 1.5 cents, rounded
// up to 2 cents) and the quantity-transformation page ($10 per 5 users rounded up: 1, 3, 5 users
// -> $10; 6, 7 users -> $20).

#include <doctest/doctest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <tariff/charge.hpp>
#include <tariff/stripe.hpp>

namespace {

using tariff::book_price;
using tariff::tier_mode;

/// The Stripe documentation's five tiers in a Price object, as the API returns it.
std::string documented_tiers(std::string_view mode) {
    return R"({
      "id": "price_1", "object": "price", "active": true, "billing_scheme": "tiered",
      "created": 1700000000, "currency": "usd", "currency_options": null, "custom_unit_amount": null,
      "livemode": false, "lookup_key": null, "metadata": {}, "nickname": "Fonts",
      "product": "prod_1", "recurring": {"interval": "month", "interval_count": 1, "usage_type": "metered"},
      "tax_behavior": "unspecified", "tiers_mode": ")" +
           std::string(mode) + R"(",
      "tiers": [
        {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": 500, "unit_amount_decimal": "500", "up_to": 5},
        {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": 400, "unit_amount_decimal": "400", "up_to": 10},
        {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": 300, "unit_amount_decimal": "300", "up_to": 15},
        {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": 200, "unit_amount_decimal": "200", "up_to": 20},
        {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": 100, "unit_amount_decimal": "100", "up_to": null}
      ],
      "transform_quantity": null, "type": "recurring", "unit_amount": null, "unit_amount_decimal": null
    })";
}

std::string total(const tariff::price_book& book, std::int64_t quantity) {
    const auto c = tariff::rate(book.table, quantity);
    return c.total ? tariff::format_amount(*c.total, c.currency) : "quote required";
}

std::string import_refusal(std::string_view json) {
    try {
        (void)tariff::read_stripe_price(json, "price.json");
    } catch (const tariff::invalid_book& e) {
        return e.what();
    }
    return "(accepted)";
}

template <class Table>
std::string export_refusal(const Table& table) {
    try {
        (void)tariff::write_stripe_price(table);
    } catch (const tariff::invalid_argument& e) {
        return e.what();
    }
    return "(accepted)";
}

/// Both books price every tier the same way.
void check_same_table(const tariff::book_table& a, const tariff::book_table& b) {
    CHECK(a.currency_info() == b.currency_info());
    CHECK(a.mode() == b.mode());
    CHECK(a.rounding_mode() == b.rounding_mode());
    CHECK(a.scope() == b.scope());
    CHECK(a.has_package() == b.has_package());
    CHECK(a.package_size() == b.package_size());
    CHECK(a.package_round() == b.package_round());
    CHECK(a.flat_fee_at_zero() == b.flat_fee_at_zero());
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].is_unbounded == b[i].is_unbounded);
        if (!a[i].is_unbounded) CHECK(a[i].up_to == b[i].up_to);
        CHECK(a[i].unit_price == b[i].unit_price);
        CHECK(a[i].flat_fee == b[i].flat_fee);
    }
}

/// One-object Price with `tiers` (JSON text) and `extra` members.
std::string tiered(std::string_view tiers, std::string_view extra = "",
                   std::string_view currency = "usd") {
    return "{\"object\": \"price\", \"billing_scheme\": \"tiered\", \"currency\": \"" +
           std::string(currency) + "\", \"tiers_mode\": \"volume\", " + std::string(extra) +
           "\"tiers\": " + std::string(tiers) + "}";
}

std::string per_unit(std::string_view amount, std::string_view extra = "",
                     std::string_view currency = "usd") {
    return "{\"billing_scheme\": \"per_unit\", \"currency\": \"" + std::string(currency) + "\", " +
           std::string(extra) + std::string(amount) + "}";
}

}  // namespace

TEST_CASE("stripe: the documented volume tiers") {
    const auto book = tariff::read_stripe_price(documented_tiers("volume"), "price.json");
    CHECK(book.name == "Fonts");
    CHECK(book.table.currency_info().code == "USD");
    CHECK(book.table.mode() == tier_mode::volume);
    CHECK(book.table.size() == 5);
    CHECK(book.table[0].unit_price == book_price::parse("5"));
    CHECK(book.table[4].is_unbounded);
    CHECK(book.table.rounding_mode() == tariff::rounding::half_up);
    CHECK(book.table.scope() == tariff::rounding_scope::total);
    CHECK(total(book, 1) == "5.00");
    CHECK(total(book, 5) == "25.00");
    CHECK(total(book, 6) == "24.00");
    CHECK(total(book, 20) == "40.00");
    CHECK(total(book, 25) == "25.00");
}

TEST_CASE("stripe: the documented graduated tiers") {
    const auto book = tariff::read_stripe_price(documented_tiers("graduated"), "price.json");
    CHECK(book.table.mode() == tier_mode::graduated);
    CHECK(total(book, 6) == "29.00");  // 5 x $5 + 1 x $4
    CHECK(total(book, 5) == "25.00");
    CHECK(total(book, 25) == "75.00");  // 25 + 20 + 15 + 10 + 5 x $1
}

TEST_CASE("stripe: decimal amounts and rounding at the line item") {
    // 0.05 cents per unit, 30 units: 1.5 cents, rounded up to 2.
    const auto book = tariff::read_stripe_price(
        per_unit(R"("unit_amount": null, "unit_amount_decimal": "0.05")"), "p");
    CHECK(book.table.size() == 1);
    CHECK(book.table[0].unit_price == book_price::parse("0.0005"));
    CHECK(total(book, 30) == "0.02");
    CHECK(total(book, 29) == "0.01");  // 1.45 cents
    // Twelve fraction digits of a cent are kept exactly.
    const auto fine =
        tariff::read_stripe_price(per_unit(R"("unit_amount_decimal": "0.000000000001")"), "p");
    CHECK(fine.table[0].unit_price == book_price::parse("0.00000000000001"));
    // Graduated tiers are rounded once, not per tier: 3 x 0.5 cents + 1 x 0.5 cents = 2 cents.
    const auto graduated = tariff::read_stripe_price(
        R"({"billing_scheme": "tiered", "tiers_mode": "graduated", "currency": "usd", "tiers": [
            {"up_to": 3, "unit_amount_decimal": "0.5"}, {"up_to": null, "unit_amount_decimal": "0.5"}]})",
        "p");
    CHECK(total(graduated, 4) == "0.02");
}

TEST_CASE("stripe: transform_quantity on a per-unit price") {
    // $10 for every 5 users, rounded up.
    const auto book = tariff::read_stripe_price(
        per_unit(R"("unit_amount": 1000)",
                 R"("transform_quantity": {"divide_by": 5, "round": "up"}, )"),
        "p");
    CHECK(book.table.has_package());
    CHECK(total(book, 1) == "10.00");
    CHECK(total(book, 3) == "10.00");
    CHECK(total(book, 5) == "10.00");
    CHECK(total(book, 6) == "20.00");
    CHECK(total(book, 7) == "20.00");
    const auto down = tariff::read_stripe_price(
        per_unit(R"("unit_amount": 1000)",
                 R"("transform_quantity": {"divide_by": 5, "round": "down"}, )"),
        "p");
    CHECK(total(down, 4) == "0.00");
    CHECK(total(down, 9) == "10.00");
}

TEST_CASE("stripe: flat amounts and the currencies' minor units") {
    const auto book =
        tariff::read_stripe_price(tiered(R"([{"up_to": 10, "unit_amount": 0, "flat_amount": 2500},
                   {"up_to": null, "unit_amount": 150, "flat_amount_decimal": "99.5"}])"),
                                  "p");
    CHECK(book.table[0].flat_fee == book_price::parse("25"));
    CHECK(book.table[1].flat_fee == book_price::parse("0.995"));
    CHECK(total(book, 10) == "25.00");
    CHECK(total(book, 11) == "17.50");  // 11 x 1.50 + 0.995 = 17.495, half up
    // JPY has no minor unit; Stripe counts ISK in hundredths and MGA in whole ariary.
    CHECK(tariff::read_stripe_price(per_unit(R"("unit_amount": 500)", "", "jpy"), "p")
              .table[0]
              .unit_price == book_price::parse("500"));
    CHECK(tariff::read_stripe_price(per_unit(R"("unit_amount": 500)", "", "isk"), "p")
              .table[0]
              .unit_price == book_price::parse("5"));
    CHECK(tariff::read_stripe_price(per_unit(R"("unit_amount": 500)", "", "mga"), "p")
              .table[0]
              .unit_price == book_price::parse("500"));
    CHECK(tariff::read_stripe_price(per_unit(R"("unit_amount": 5000)", "", "bhd"), "p")
              .table[0]
              .unit_price == book_price::parse("5"));
    // "inf" (as the create API writes it) is the last tier too; a JSON number is read from its
    // text.
    const auto inf =
        tariff::read_stripe_price(tiered(R"([{"up_to": "inf", "unit_amount_decimal": 0.1}])"), "p");
    CHECK(inf.table[0].is_unbounded);
    CHECK(inf.table[0].unit_price == book_price::parse("0.001"));
}

TEST_CASE("stripe: import, export, import") {
    for (const char* mode : {"volume", "graduated"}) {
        CAPTURE(mode);
        const auto first = tariff::read_stripe_price(documented_tiers(mode), "price.json");
        const std::string written = tariff::write_stripe_price(first);
        const auto second = tariff::read_stripe_price(written, "written");
        check_same_table(first.table, second.table);
        CHECK(second.name == "Fonts");
        CHECK(tariff::write_stripe_price(second) == written);
        for (std::int64_t q : {0, 1, 5, 6, 20, 25}) CHECK(total(first, q) == total(second, q));
    }
    // The shape Stripe uses: amounts as integer and decimal text, null for what is absent.
    const auto volume = tariff::read_stripe_price(documented_tiers("volume"), "price.json");
    const auto json = tariff::stripe_price_json(volume.table);
    CHECK(json["object"] == "price");
    CHECK(json["billing_scheme"] == "tiered");
    CHECK(json["currency"] == "usd");
    CHECK(json["tiers_mode"] == "volume");
    CHECK(json["tiers"].size() == 5);
    CHECK(json["tiers"][0]["up_to"] == 5);
    CHECK(json["tiers"][0]["unit_amount"] == 500);
    CHECK(json["tiers"][0]["unit_amount_decimal"] == "500");
    CHECK(json["tiers"][0]["flat_amount"].is_null());
    CHECK(json["tiers"][4]["up_to"].is_null());
    CHECK(
        tariff::write_stripe_price(volume.table, -1) ==
        R"({"object":"price","billing_scheme":"tiered","currency":"usd","tiers_mode":"volume","tiers":[)"
        R"({"up_to":5,"flat_amount":null,"flat_amount_decimal":null,"unit_amount":500,"unit_amount_decimal":"500"},)"
        R"({"up_to":10,"flat_amount":null,"flat_amount_decimal":null,"unit_amount":400,"unit_amount_decimal":"400"},)"
        R"({"up_to":15,"flat_amount":null,"flat_amount_decimal":null,"unit_amount":300,"unit_amount_decimal":"300"},)"
        R"({"up_to":20,"flat_amount":null,"flat_amount_decimal":null,"unit_amount":200,"unit_amount_decimal":"200"},)"
        R"({"up_to":null,"flat_amount":null,"flat_amount_decimal":null,"unit_amount":100,"unit_amount_decimal":"100"}],)"
        R"("transform_quantity":null,"unit_amount":null,"unit_amount_decimal":null})");

    // Decimal amounts, fees and packages survive too.
    for (const std::string& text :
         {per_unit(R"("unit_amount_decimal": "0.000000000001")"),
          per_unit(R"("unit_amount": 1000)",
                   R"("transform_quantity": {"divide_by": 5, "round": "down"}, )"),
          tiered(R"([{"up_to": 10, "unit_amount": 0, "flat_amount": 2500},
                     {"up_to": null, "unit_amount_decimal": "150.25", "flat_amount_decimal": "99.5"}])"),
          tiered(R"([{"up_to": null, "unit_amount": 100, "flat_amount": 1}])", "", "jpy")}) {
        CAPTURE(text);
        const auto a = tariff::read_stripe_price(text, "a");
        const auto b = tariff::read_stripe_price(tariff::write_stripe_price(a), "b");
        check_same_table(a.table, b.table);
    }
    const auto per = tariff::stripe_price_json(
        tariff::read_stripe_price(per_unit(R"("unit_amount_decimal": "0.05")"), "p").table);
    CHECK(per["billing_scheme"] == "per_unit");
    CHECK(per["unit_amount"].is_null());  // not a whole number of cents
    CHECK(per["unit_amount_decimal"] == "0.05");
}

TEST_CASE("stripe: a native table exported, and the FaceID book refused for its quote tier") {
    using table_type = tariff::tier_table<tariff::iso::USD, tariff::decimal<2>>;
    const table_type faceid_priced(tier_mode::volume,
                                   {{1000, "0.40"}, {10000, "0.35"}, {tariff::unbounded, "0.30"}});
    const auto json = tariff::stripe_price_json(faceid_priced);
    CHECK(json["tiers"][0]["unit_amount"] == 40);
    CHECK(json["tiers"][1]["unit_amount_decimal"] == "35");
    const auto back = tariff::read_stripe_price(json.dump(), "back");
    for (std::int64_t q : {1000, 1001, 20000}) {
        CHECK(tariff::format_amount(*tariff::rate(faceid_priced, q).total,
                                    tariff::iso::USD::info) == total(back, q));
    }
    CHECK(export_refusal(tariff::faceid_price_book().table) ==
          "cannot write a Stripe price: tiers[4]: a quote (contact sales) tier has no "
          "Stripe equivalent");
}

TEST_CASE("stripe: what export refuses, and why") {
    using table_type = tariff::tier_table<tariff::iso::USD, tariff::decimal<16, tariff::cpp_int>>;
    const table_type plain(tier_mode::graduated, {{10, "0.40"}, {tariff::unbounded, "0.35"}});
    CHECK(export_refusal(plain) == "(accepted)");
    CHECK(export_refusal(plain.with_minimum("1.00")) ==
          "cannot write a Stripe price: minimum: a Stripe price has no monthly minimum");
    CHECK(export_refusal(plain.with_maximum("1.00")) ==
          "cannot write a Stripe price: maximum: a Stripe price has no monthly maximum");
    CHECK(export_refusal(plain.with_guard()).find("guard:") != std::string::npos);
    CHECK(export_refusal(plain.with_package(5))
              .find("package: Stripe's transform_quantity applies to a per-unit price") !=
          std::string::npos);
    // Line-scope rounding matters only when amounts are finer than a cent.
    const table_type fine(tier_mode::graduated, {{10, "0.405"}, {tariff::unbounded, "0.35"}});
    CHECK(export_refusal(fine) ==
          "cannot write a Stripe price: rounding: Stripe rounds a price's amount once, "
          "half up; this table "
          "rounds half_up per line and has amounts finer than the minor unit");
    CHECK(export_refusal(fine.with_rounding(tariff::rounding::half_up,
                                            tariff::rounding_scope::total)) == "(accepted)");
    CHECK(export_refusal(
              fine.with_rounding(tariff::rounding::half_even, tariff::rounding_scope::total))
              .find("rounds half_even") != std::string::npos);
    CHECK(export_refusal(plain.with_rounding(tariff::rounding::floor)) ==
          "(accepted)");  // nothing is ever rounded
    // 13 fraction digits of a cent.
    const table_type finest(tier_mode::volume, {{tariff::unbounded, "0.000000000000001"}});
    CHECK(export_refusal(
              finest.with_rounding(tariff::rounding::half_up, tariff::rounding_scope::total)) ==
          "cannot write a Stripe price: tiers[0].unit_price: 0.0000000000000010 USD needs "
          "more than 12 "
          "fraction digits in minor units");
}

// Stripe's numbers at quantity 0. The API reference (https://docs.stripe.com/api/prices/object,
// tiers.flat_amount) says: "Price for the entire tier." and, for creating a price
// (https://docs.stripe.com/api/prices/create, tiers.flat_amount): "The flat billing amount for an
// entire tier, regardless of the number of units in the tier." Stripe's own tier tables start
// the first tier at unit 0
// (https://docs.stripe.com/billing/subscriptions/usage-based/pricing-models:
// "| For the first | 0 | 100,000 |", First unit 0), so zero usage is in the first tier and owes
// its flat amount.
TEST_CASE("stripe: a first tier's flat amount is charged at quantity 0, as Stripe charges it") {
    for (const char* mode : {"volume", "graduated"}) {
        CAPTURE(mode);
        const std::string price =
            "{\"object\": \"price\", \"billing_scheme\": \"tiered\", \"currency\": \"usd\", "
            "\"tiers_mode\": \"" +
            std::string(mode) +
            "\", \"tiers\": [{\"up_to\": 1000, \"unit_amount\": 0, \"flat_amount\": 2000}, "
            "{\"up_to\": null, \"unit_amount_decimal\": \"0.5\"}]}";
        const auto book = tariff::read_stripe_price(price, "price.json");
        CHECK(book.table.flat_fee_at_zero());
        CHECK(total(book, 0) == "20.00");
        CHECK(total(book, 1) == "20.00");
        CHECK(total(book, 1000) == "20.00");
        const auto zero = tariff::rate(book.table, 0);
        REQUIRE(zero.line_count() == 1);
        CHECK(zero.line(0).tier == 0u);
        CHECK(zero.line(0).units == 0);
        // Written back as Stripe has it, and read again to the same table.
        const auto again = tariff::read_stripe_price(tariff::write_stripe_price(book), "again");
        check_same_table(book.table, again.table);
        CHECK(total(again, 0) == "20.00");
    }
    // Without a first-tier flat amount, quantity 0 costs nothing and uses no tier, as before.
    const auto plain = tariff::read_stripe_price(documented_tiers("volume"), "price.json");
    CHECK_FALSE(plain.table.flat_fee_at_zero());
    CHECK(total(plain, 0) == "0.00");
    CHECK(tariff::rate(plain.table, 0).line_count() == 0u);
}

TEST_CASE("stripe: export refuses free units, quantity scales and a fee Stripe would charge at 0") {
    using table_type = tariff::tier_table<tariff::iso::USD, tariff::decimal<16, tariff::cpp_int>>;
    const table_type plain(tier_mode::graduated, {{10, "0.40"}, {tariff::unbounded, "0.35"}});
    CHECK(export_refusal(plain.with_free_units(5)) ==
          "cannot write a Stripe price: free_units: a Stripe price has no free units (a graduated "
          "price can start with a tier at 0)");
    CHECK(export_refusal(plain.with_quantity_scale(3)) ==
          "cannot write a Stripe price: quantity_scale: Stripe quantities are whole numbers, this "
          "table counts steps of 10^-3 units");
    const table_type fee(tier_mode::volume,
                         {{10, "0.40", "5.00"}, {tariff::unbounded, "0.35", "1.00"}});
    CHECK(export_refusal(fee) ==
          "cannot write a Stripe price: flat_fee_at_zero: Stripe charges the first tier's flat "
          "amount at quantity 0 too; this table charges nothing there (set flat_fee_at_zero to "
          "write it)");
    CHECK(export_refusal(fee.with_flat_fee_at_zero()) == "(accepted)");
    // A fee only on a later tier, or the switch on without a first-tier fee: Stripe agrees.
    const table_type later_fee(tier_mode::volume,
                               {{10, "0.40"}, {tariff::unbounded, "0.35", "1.00"}});
    CHECK(export_refusal(later_fee) == "(accepted)");
    CHECK(export_refusal(plain.with_flat_fee_at_zero()) == "(accepted)");
}

TEST_CASE("stripe: import refusals name the JSON path") {
    CHECK(
        import_refusal(tiered(
            R"([{"up_to": 10, "unit_amount": 1}, {"up_to": 5, "unit_amount": 1}, {"up_to": null}])")) ==
        "price.json: tiers[1].up_to: must be greater than 10, not 5");
    CHECK(import_refusal(tiered(R"([{"up_to": 10, "unit_amount": 1}])")) ==
          "price.json: tiers[0].up_to: the last tier must be unbounded (\"inf\"), not 10");
    CHECK(
        import_refusal(tiered(R"([{"up_to": null, "unit_amount_decimal": "0.0000000000001"}])")) ==
        "price.json: tiers[0].unit_amount_decimal: \"0.0000000000001\" has more than 12 fraction "
        "digits (Stripe allows 12)");
    CHECK(import_refusal(tiered(R"([{"up_to": null, "unit_amount": 5.5}])")) ==
          "price.json: tiers[0].unit_amount: must be a whole number of minor units >= 0 (e.g. 500 "
          "for 5.00 USD), not 5.5");
    CHECK(import_refusal(tiered(R"([{"up_to": null, "unit_amount": -5}])"))
              .find("tiers[0].unit_amount: must be a whole") != std::string::npos);
    CHECK(import_refusal(tiered(R"([{"up_to": null, "flat_amount_decimal": "-1"}])")) ==
          "price.json: tiers[0].flat_amount_decimal: \"-1\" is negative");
    CHECK(import_refusal(
              tiered(R"([{"up_to": null, "unit_amount": 500, "unit_amount_decimal": "500.5"}])")) ==
          "price.json: tiers[0].unit_amount_decimal: \"500.5\" disagrees with unit_amount 500");
    CHECK(import_refusal(tiered(R"([{"up_to": null, "unit_amount": 1, "tax": 2}])"))
              .find("tiers[0].tax: unknown key") != std::string::npos);
    CHECK(import_refusal(tiered(R"([{"unit_amount": 1}])")) ==
          "price.json: tiers[0].up_to: is required but missing (an integer >= 1, or null for the "
          "last tier)");
    CHECK(import_refusal(tiered(R"([{"up_to": 0, "unit_amount": 1}, {"up_to": null}])")) ==
          "price.json: tiers[0].up_to: must be greater than 0, not 0");
    CHECK(import_refusal(tiered("[]")) == "price.json: tiers: must list at least one tier");
    CHECK(import_refusal(tiered(R"([{"up_to": null}])", R"("discount": 5, )"))
              .find("price.json: discount: unknown key") != std::string::npos);
    CHECK(import_refusal(tiered(R"([{"up_to": null}])", "", "USD"))
              .find("currency: \"USD\" is not an active ISO 4217 code in lower case") !=
          std::string::npos);
    CHECK(import_refusal(tiered(R"([{"up_to": null}])", "", "xyz")).find("price.json: currency:") !=
          std::string::npos);
    CHECK(
        import_refusal(tiered(R"([{"up_to": null}])",
                              R"("transform_quantity": {"divide_by": 5, "round": "up"}, )")) ==
        "price.json: transform_quantity: Stripe applies it to per_unit prices only, not to tiers");
    CHECK(import_refusal(
              tiered(R"([{"up_to": null}])", R"("custom_unit_amount": {"minimum": 100}, )"))
              .find("price.json: custom_unit_amount:") != std::string::npos);
    CHECK(
        import_refusal(
            R"({"object": "price", "billing_scheme": "tiered", "currency": "usd", "tiers_mode": "volume"})")
            .find("price.json: tiers: is required for a tiered price") != std::string::npos);
    CHECK(
        import_refusal(
            R"({"object": "product", "billing_scheme": "per_unit", "currency": "usd", "unit_amount": 1})") ==
        "price.json: object: must be \"price\", not \"product\"");
    CHECK(import_refusal(R"({"billing_scheme": "licensed", "currency": "usd"})")
              .find("billing_scheme: \"licensed\" is not") != std::string::npos);
    CHECK(import_refusal(per_unit(R"("unit_amount": null)")) ==
          "price.json: unit_amount: a per_unit price needs unit_amount or unit_amount_decimal");
    CHECK(import_refusal(per_unit(R"("unit_amount": 5)",
                                  R"("transform_quantity": {"divide_by": 0, "round": "up"}, )")) ==
          "price.json: transform_quantity.divide_by: must be at least 1, not 0");
    CHECK(
        import_refusal(
            per_unit(R"("unit_amount": 5)",
                     R"("transform_quantity": {"divide_by": 5, "round": "nearest"}, )")) ==
        "price.json: transform_quantity.round: \"nearest\" is not a rounding (\"up\" or \"down\")");
    CHECK(import_refusal(per_unit(R"("unit_amount": 5)", R"("tiers_mode": "volume", )")) ==
          "price.json: tiers_mode: a per_unit price has no tiers mode");
    CHECK(import_refusal("[1]") ==
          "price.json: a Stripe Price must be a JSON object, not an array");
    CHECK(import_refusal("{\"billing_scheme\": ").find("price.json: malformed JSON") !=
          std::string::npos);
}

TEST_CASE("stripe: telling a Stripe Price from a native book") {
    const std::string stripe = documented_tiers("volume");
    CHECK(tariff::is_stripe_price(stripe));
    CHECK(tariff::is_stripe_price(per_unit(R"("unit_amount": 5)")));
    CHECK_FALSE(tariff::is_stripe_price(tariff::faceid_price_book_json));
    CHECK_FALSE(tariff::is_stripe_price("not json"));
    CHECK(total(tariff::read_any_price_book(stripe, "s"), 6) == "24.00");
    CHECK(total(tariff::read_any_price_book(tariff::faceid_price_book_json, "n"), 1001) ==
          "350.35");
    // A native book's own errors still read as native ones.
    try {
        (void)tariff::read_any_price_book(
            R"({"currency": "USD", "mode": "volume", "tiers": [], "x": 1})", "book.json");
        FAIL("accepted");
    } catch (const tariff::invalid_book& e) {
        CHECK(std::string(e.what()).find("book.json: x: unknown key") == 0);
    }
}

TEST_CASE("stripe: export is laid out as nlohmann/json lays it out, at every indent") {
    const auto tiered_book = tariff::read_stripe_price(documented_tiers("graduated"), "p");
    const auto per_unit_book = tariff::read_stripe_price(
        per_unit(
            R"("unit_amount": 1000)",
            R"("nickname": "per \"seat\"", "transform_quantity": {"divide_by": 5, "round": "down"}, )"),
        "p");
    const auto fees =
        tariff::read_stripe_price(tiered(R"([{"up_to": 10, "unit_amount": 0, "flat_amount": 2500},
                   {"up_to": null, "unit_amount_decimal": "150.25", "flat_amount_decimal": "99.5"}])"),
                                  "p");
    for (const tariff::price_book* b : {&tiered_book, &per_unit_book, &fees}) {
        for (const int indent : {-1, 0, 1, 2, 4}) {
            CAPTURE(indent);
            const std::string written = tariff::write_stripe_price(*b, indent);
            // nlohmann's own dump of the same object, as the export wrote it before.
            CHECK(nlohmann::ordered_json::parse(written).dump(indent) == written);
        }
    }
    CHECK(tariff::write_stripe_price(per_unit_book, 2) ==
          "{\n"
          "  \"object\": \"price\",\n"
          "  \"nickname\": \"per \\\"seat\\\"\",\n"
          "  \"billing_scheme\": \"per_unit\",\n"
          "  \"currency\": \"usd\",\n"
          "  \"tiers_mode\": null,\n"
          "  \"transform_quantity\": {\n"
          "    \"divide_by\": 5,\n"
          "    \"round\": \"down\"\n"
          "  },\n"
          "  \"unit_amount\": 1000,\n"
          "  \"unit_amount_decimal\": \"1000\"\n"
          "}");
}

TEST_CASE("stripe: a nickname with control characters is refused, as a book's name is") {
    CHECK(import_refusal(per_unit(R"("unit_amount": 5)", R"("nickname": "x\u001b[2J", )")) ==
          "price.json: nickname: \"x\\x1b[2J\" has a control character at byte 2 (names and "
          "units are printed: no C0, DEL or C1 controls)");
    CHECK(import_refusal(per_unit(R"("unit_amount": 5)", R"("nickname": "\u0085", )"))
              .rfind("price.json: nickname: ", 0) == 0);
    CHECK(import_refusal(per_unit(R"("unit_amount": 5)", R"("nickname": "caf\u00e9", )")) ==
          "(accepted)");
}

TEST_CASE("stripe: amounts of any length, as JSON numbers or strings") {
    const std::string digits(400, '9');
    const auto number = tariff::read_stripe_price(per_unit("\"unit_amount\": " + digits), "p");
    const auto string =
        tariff::read_stripe_price(per_unit("\"unit_amount_decimal\": \"" + digits + "\""), "p");
    CHECK(number.table[0].unit_price == string.table[0].unit_price);
    CHECK(number.table[0].unit_price == book_price::parse(digits.substr(2) + ".99"));
    CHECK(import_refusal(per_unit("\"unit_amount\": 1e3")) ==
          "price.json: unit_amount: must be a whole number of minor units >= 0 (e.g. 500 for "
          "5.00 USD), not 1e3");
    CHECK(import_refusal(tiered("[{\"up_to\": " + digits + ", \"unit_amount\": 1}]")) ==
          "price.json: tiers[0].up_to: " + std::string(64, '9') +
              "\xE2\x80\xA6 is too large (the largest is 9223372036854775807)");
    CHECK(import_refusal(
              per_unit(R"("unit_amount": 5)",
                       R"("transform_quantity": {"divide_by": 1e400, "round": "up"}, )")) ==
          "price.json: transform_quantity.divide_by: must be an integer >= 1, not 1e400");
    // A signed zero is no amount; a negative one is called negative.
    CHECK(import_refusal(per_unit(R"("unit_amount_decimal": "-0")")) ==
          "price.json: unit_amount_decimal: \"-0\" is not a plain decimal (digits, optionally '.' "
          "and digits)");
    CHECK(import_refusal(per_unit(R"("unit_amount_decimal": -0.5)")) ==
          "price.json: unit_amount_decimal: -0.5 is negative");
}
