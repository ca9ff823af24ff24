// Price books as JSON: every refusal names the JSON path, numbers are read exactly from their
// text, and the embedded FaceID book rates the seed's values.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <tariff/charge.hpp>
#include <tariff/json.hpp>
#include <tariff/stripe.hpp>
#include <vector>

namespace {

using tariff::book_price;

/// The message of the invalid_book that reading `json` throws, or "(accepted)".
std::string refusal(std::string_view json) {
    try {
        (void)tariff::read_price_book(json, "book.json");
    } catch (const tariff::invalid_book& e) {
        return e.what();
    }
    return "(accepted)";
}

constexpr std::string_view two_tiers =
    R"("tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": "inf", "unit_price": "0.35"}])";

/// A USD volume book with `tiers` (a "tiers" member) and `extra` members before it.
std::string book(std::string_view extra, std::string_view tiers = two_tiers) {
    return "{\"currency\": \"USD\", \"mode\": \"volume\", " + std::string(extra) +
           std::string(tiers) + "}";
}

/// A book whose first tier's unit price is written as `price` (JSON text).
std::string priced(std::string_view price) {
    return book("",
                "\"tiers\": [{\"up_to\": \"inf\", \"unit_price\": " + std::string(price) + "}]");
}

book_price price(std::string_view text) { return book_price::parse(text); }

std::string total_text(const tariff::price_book& b, std::int64_t quantity) {
    const auto c = tariff::rate(b.table, quantity);
    return c.total ? tariff::format_amount(*c.total, c.currency) : "quote required";
}

}  // namespace

TEST_CASE("the embedded FaceID book rates the seed's values") {
    const tariff::price_book faceid = tariff::faceid_price_book();
    CHECK(faceid.name == "FaceID liveness face comparison");
    CHECK(faceid.unit == "call");
    CHECK(faceid.table.currency_info().code == "USD");
    CHECK(faceid.table.mode() == tariff::tier_mode::volume);
    CHECK(faceid.table.size() == 5);
    CHECK(total_text(faceid, 0) == "0.00");
    CHECK(total_text(faceid, 1) == "0.40");
    CHECK(total_text(faceid, 1000) == "400.00");
    CHECK(total_text(faceid, 1001) == "350.35");
    CHECK(total_text(faceid, 10000) == "3500.00");
    CHECK(total_text(faceid, 20000) == "6000.00");
    CHECK(total_text(faceid, 200000) == "50000.00");
    CHECK(total_text(faceid, 200001) == "quote required");
    const auto quote = tariff::rate(faceid.table, std::int64_t{200001});
    CHECK(quote.status == tariff::charge_status::quote_required);
    CHECK_FALSE(quote.total.has_value());
}

TEST_CASE("every key of the format is read") {
    const auto b = tariff::read_price_book(R"({
        "name": "Storage", "unit": "request",
        "currency": "JPY", "mode": "graduated",
        "rounding": "half_even", "rounding_scope": "total",
        "package": {"size": 100, "round": "down"},
        "minimum": "10", "maximum": 50000,
        "tiers": [ {"up_to": 1000, "unit_price": "0.40", "flat_fee": 5},
                   {"up_to": 9223372036854775807, "unit_price": 0.25, "flat_fee": "0"},
                   {"up_to": "inf", "quote": true} ] })",
                                           "book.json");
    CHECK(b.name == "Storage");
    CHECK(b.unit == "request");
    const auto& t = b.table;
    CHECK(t.currency_info().code == "JPY");
    CHECK(t.currency_info().minor_units == 0);
    CHECK(t.mode() == tariff::tier_mode::graduated);
    CHECK(t.rounding_mode() == tariff::rounding::half_even);
    CHECK(t.scope() == tariff::rounding_scope::total);
    CHECK(t.package_size() == 100);
    CHECK(t.package_round() == tariff::package_rounding::down);
    REQUIRE(t.minimum().has_value());
    CHECK(*t.minimum() == price("10"));
    REQUIRE(t.maximum().has_value());
    CHECK(*t.maximum() == price("50000"));
    REQUIRE(t.size() == 3);
    CHECK(t[0].up_to == 1000);
    CHECK(t[0].unit_price == price("0.40"));
    CHECK(t[0].flat_fee == price("5"));
    CHECK(t[1].up_to == INT64_MAX);
    CHECK(t[1].unit_price == price("0.25"));
    CHECK(t[1].flat_fee.is_zero());
    CHECK(t[2].is_unbounded);
    CHECK(t[2].quote);
}

TEST_CASE("defaults: no name or unit, half_up, line scope, no package, no limits, no fee") {
    const auto b = tariff::read_price_book(book(""), "book.json");
    CHECK(b.name.empty());
    CHECK(b.unit.empty());
    CHECK(b.table.rounding_mode() == tariff::rounding::half_up);
    CHECK(b.table.scope() == tariff::rounding_scope::line);
    CHECK(b.table.package_size() == 1);
    CHECK_FALSE(b.table.minimum().has_value());
    CHECK_FALSE(b.table.maximum().has_value());
    CHECK(b.table[0].flat_fee.is_zero());
    CHECK_FALSE(b.table[1].quote);
}

TEST_CASE("the design's example book: packages, then the minimum") {
    const auto b =
        tariff::read_price_book(R"({ "name": "FaceID liveness face comparison", "unit": "call",
  "currency": "USD", "mode": "volume",
  "rounding": "half_up", "rounding_scope": "line",
  "package": {"size": 100, "round": "up"},
  "minimum": "10.00", "maximum": "50000.00",
  "tiers": [ {"up_to": 1000, "unit_price": "0.40", "flat_fee": "0"},
             {"up_to": "inf", "quote": true} ] })",
                                "book.json");
    // 150 calls are 2 packages at 0.40: 0.80, raised to the 10.00 minimum.
    const auto c = tariff::rate(b.table, std::int64_t{150});
    CHECK(c.billable == 2);
    REQUIRE(c.subtotal.has_value());
    CHECK(*c.subtotal == price("0.80"));
    REQUIRE(c.total.has_value());
    CHECK(*c.total == price("10.00"));
    REQUIRE(c.adjustment.has_value());
    CHECK(c.adjustment->amount == price("9.20"));
    // 100,001 calls are 1,001 packages: the quote tier.
    CHECK(total_text(b, 100001) == "quote required");
    CHECK(total_text(b, 100000) == "400.00");
}

TEST_CASE("numbers are read exactly from their text, never through a double") {
    SUBCASE("0.1 is one tenth") {
        const auto b = tariff::read_price_book(priced("0.1"), "book.json");
        CHECK(b.table[0].unit_price.raw_value() == tariff::cpp_int("100000000000000000"));
    }
    SUBCASE("0.30000000000000004 keeps every digit (a double would make it ...044)") {
        const auto b = tariff::read_price_book(priced("0.30000000000000004"), "book.json");
        CHECK(b.table[0].unit_price.raw_value() == tariff::cpp_int("300000000000000040"));
        // 10^17 calls at that price: exactly 30000000000000004.00.
        CHECK(total_text(b, 100000000000000000) == "30000000000000004.00");
    }
    SUBCASE("12345678901234567890.5 is beyond a double's 53 bits, and exact") {
        const auto b = tariff::read_price_book(priced("12345678901234567890.5"), "book.json");
        CHECK(b.table[0].unit_price.raw_value() ==
              tariff::cpp_int("12345678901234567890500000000000000000"));
        CHECK(total_text(b, 2) == "24691357802469135781.00");
    }
    SUBCASE("an integer beyond 64 bits") {
        const auto b =
            tariff::read_price_book(priced("123456789012345678901234567890"), "book.json");
        CHECK(b.table[0].unit_price == price("123456789012345678901234567890"));
    }
    SUBCASE("18 fraction digits, as a number and as a string") {
        const auto n = tariff::read_price_book(priced("0.123456789012345678"), "book.json");
        CHECK(n.table[0].unit_price.raw_value() == tariff::cpp_int("123456789012345678"));
        const auto s = tariff::read_price_book(priced("\"0.000000000000000001\""), "book.json");
        CHECK(s.table[0].unit_price.raw_value() == tariff::cpp_int(1));
    }
    SUBCASE("zeros beyond the 18th fraction digit change nothing and are accepted") {
        const auto b = tariff::read_price_book(priced("0.2500000000000000000000"), "book.json");
        CHECK(b.table[0].unit_price == price("0.25"));
    }
    SUBCASE("an exponent is refused, not rounded") {
        CHECK(refusal(priced("1e-7")) ==
              "book.json: tiers[0].unit_price: 1e-7 has an exponent; write the price with plain "
              "digits, e.g. "
              "\"0.0000001\"");
        CHECK(refusal(priced("2.5E3")) ==
              "book.json: tiers[0].unit_price: 2.5E3 has an exponent; write the price with plain "
              "digits, e.g. "
              "\"0.0000001\"");
        // Beyond a double's range too: the same refusal as any other exponent, not a lexer
        // error (nlohmann alone refuses it as "number overflow").
        CHECK(refusal(priced("1e400")) ==
              "book.json: tiers[0].unit_price: 1e400 has an exponent; write the price with plain "
              "digits, e.g. \"0.0000001\"");
    }
    SUBCASE("a 19th significant fraction digit is refused, not rounded") {
        CHECK(refusal(priced("0.1234567890123456789")) ==
              "book.json: tiers[0].unit_price: 0.1234567890123456789 has more than 18 fraction "
              "digits");
        CHECK(refusal(priced("\"0.0000000000000000001\"")) ==
              "book.json: tiers[0].unit_price: \"0.0000000000000000001\" has more than 18 fraction "
              "digits");
    }
}

TEST_CASE("unknown keys are refused, with their path") {
    CHECK(refusal(book("\"colour\": \"red\", ")) ==
          "book.json: colour: unknown key (a price book has name, unit, unit_plural, currency, "
          "mode, rounding, rounding_scope, package, minimum, maximum, tiers, guard, "
          "free_units, flat_fee_at_zero, quantity_scale)");
    CHECK(refusal(book("\"a b\": 1, ")).rfind("book.json: [\"a b\"]: unknown key", 0) == 0);
    CHECK(
        refusal(book(
            "",
            R"("tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": "inf", "price": "0.35"}])")) ==
        "book.json: tiers[1].price: unknown key (a tier has up_to, unit_price, flat_fee, quote)");
    CHECK(refusal(book("\"package\": {\"size\": 10, \"mode\": \"up\"}, ")) ==
          "book.json: package.mode: unknown key (a package has size and round)");
}

TEST_CASE("duplicate keys are refused") {
    CHECK(refusal(R"({"currency": "USD", "mode": "volume", "mode": "graduated", "tiers": []})") ==
          "book.json: mode: duplicate key");
    CHECK(refusal(book(
              "", R"("tiers": [{"up_to": "inf", "unit_price": "0.40", "unit_price": "0.30"}])")) ==
          "book.json: tiers[0].unit_price: duplicate key");
}

TEST_CASE("required keys") {
    CHECK(refusal(R"({"mode": "volume", "tiers": []})") ==
          "book.json: currency: is required but missing");
    CHECK(refusal(R"({"currency": "USD", "tiers": []})") ==
          "book.json: mode: is required but missing");
    CHECK(refusal(R"({"currency": "USD", "mode": "volume"})") ==
          "book.json: tiers: is required but missing");
    CHECK(refusal(book("", R"("tiers": [{"unit_price": "0.40"}])")) ==
          "book.json: tiers[0].up_to: is required but missing (an integer >= 1, or \"inf\" for the "
          "last tier)");
    CHECK(refusal(book("", R"("tiers": [{"up_to": 5}, {"up_to": "inf", "quote": true}])")) ==
          "book.json: tiers[0].unit_price: is required but missing (or \"quote\": true for contact "
          "sales)");
    CHECK(refusal(book("\"package\": {\"round\": \"up\"}, ")) ==
          "book.json: package.size: is required but missing");
}

TEST_CASE("wrong types are refused, naming what was found") {
    CHECK(refusal("[1, 2]") == "book.json: a price book must be a JSON object, not an array");
    CHECK(refusal(book("\"name\": 5, ")) == "book.json: name: must be a string, not 5");
    CHECK(refusal(book("\"unit\": null, ")) == "book.json: unit: must be a string, not null");
    CHECK(refusal(R"({"currency": 840, "mode": "volume", "tiers": []})") ==
          "book.json: currency: must be a string, not 840");
    CHECK(refusal(book("", R"("tiers": {"up_to": "inf"})")) ==
          "book.json: tiers: must be an array of tiers, not an object");
    CHECK(refusal(book("", R"("tiers": ["0.40"])")) ==
          "book.json: tiers[0]: must be an object such as {\"up_to\": 1000, \"unit_price\": "
          "\"0.40\"}, not \"0.40\"");
    CHECK(refusal(priced("true")) ==
          "book.json: tiers[0].unit_price: must be a decimal (a string such as \"0.40\" or a "
          "number), not true");
    CHECK(refusal(book("", R"("tiers": [{"up_to": "inf", "unit_price": "1", "flat_fee": [1]}])")) ==
          "book.json: tiers[0].flat_fee: must be a decimal (a string such as \"0.40\" or a "
          "number), not an array");
    CHECK(refusal(book("", R"("tiers": [{"up_to": "inf", "quote": "yes"}])")) ==
          "book.json: tiers[0].quote: must be true or false, not \"yes\"");
    CHECK(refusal(book("\"package\": 100, ")) ==
          "book.json: package: must be an object such as {\"size\": 100, \"round\": \"up\"}, not "
          "100");
    CHECK(
        refusal(book("\"minimum\": null, ")) ==
        "book.json: minimum: must be a decimal (a string such as \"0.40\" or a number), not null");
}

TEST_CASE("decimals that are not decimals") {
    for (const char* bad :
         {"\"abc\"", "\".5\"", "\"1.\"", "\" 1\"", "\"\"", "\"1,000\"", "\"1e3\"", "\"0x10\""}) {
        CAPTURE(bad);
        CHECK(refusal(priced(bad)) ==
              "book.json: tiers[0].unit_price: " + std::string(bad) +
                  " is not a decimal number (digits, optionally '.' and more digits)");
    }
}

TEST_CASE("bounds: integers >= 1 or \"inf\", strictly increasing, only the last unbounded") {
    auto with_first_bound = [](std::string_view bound) {
        return book(
            "", "\"tiers\": [{\"up_to\": " + std::string(bound) +
                    ", \"unit_price\": \"0.40\"}, {\"up_to\": \"inf\", \"unit_price\": \"0.35\"}]");
    };
    for (const char* bad :
         {"0", "-5", "1000.5", "1000.0", "1e3", "\"1000\"", "\"infinity\"", "null"}) {
        CAPTURE(bad);
        CHECK(refusal(with_first_bound(bad)) ==
              "book.json: tiers[0].up_to: must be an integer >= 1 or \"inf\", not " +
                  std::string(bad));
    }
    CHECK(refusal(with_first_bound("9223372036854775808")) ==
          "book.json: tiers[0].up_to: 9223372036854775808 is too large (the largest is "
          "9223372036854775807)");
    CHECK(refusal(with_first_bound("123456789012345678901234567890")) ==
          "book.json: tiers[0].up_to: 123456789012345678901234567890 is too large (the largest is "
          "9223372036854775807)");
    CHECK(
        refusal(book(
            "",
            R"("tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": 10000, "unit_price": "0.35"},
                                        {"up_to": 10000, "unit_price": "0.30"}, {"up_to": "inf", "unit_price": "0.25"}])")) ==
        "book.json: tiers[2].up_to: must be greater than 10000, not 10000");
    CHECK(
        refusal(book(
            "",
            R"("tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": 500, "unit_price": "0.35"},
                                        {"up_to": "inf", "unit_price": "0.25"}])")) ==
        "book.json: tiers[1].up_to: must be greater than 1000, not 500");
    CHECK(
        refusal(book(
            "",
            R"("tiers": [{"up_to": "inf", "unit_price": "0.40"}, {"up_to": "inf", "unit_price": "0.35"}])")) ==
        "book.json: tiers[0].up_to: only the last tier may be unbounded");
    CHECK(
        refusal(book(
            "",
            R"("tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": 5000, "unit_price": "0.35"}])")) ==
        "book.json: tiers[1].up_to: the last tier must be unbounded (\"inf\"), not 5000");
    CHECK(refusal(book("", R"("tiers": [])")) == "book.json: tiers: must list at least one tier");
}

TEST_CASE("more tiers than a book table holds") {
    std::string tiers = "\"tiers\": [";
    for (int i = 1; i <= 64; ++i)
        tiers += "{\"up_to\": " + std::to_string(i) + ", \"unit_price\": \"1\"}, ";
    tiers += "{\"up_to\": \"inf\", \"unit_price\": \"1\"}]";
    CHECK(refusal(book("", tiers)) ==
          "book.json: tiers: 65 tiers, more than this table holds (64)");
}

TEST_CASE("negative prices, fees and limits") {
    CHECK(refusal(priced("\"-0.40\"")) ==
          "book.json: tiers[0].unit_price: must not be negative, not -0.40");
    CHECK(refusal(priced("-1")) == "book.json: tiers[0].unit_price: must not be negative, not -1");
    CHECK(
        refusal(book("", R"("tiers": [{"up_to": "inf", "unit_price": "1", "flat_fee": -0.5}])")) ==
        "book.json: tiers[0].flat_fee: must not be negative, not -0.5");
    CHECK(refusal(book("\"minimum\": \"-1.00\", ")) ==
          "book.json: minimum: must not be negative, not -1.00");
    CHECK(refusal(book("\"maximum\": -3, ")) == "book.json: maximum: must not be negative, not -3");
    // Negative zero is zero.
    CHECK(refusal(priced("\"-0.00\"")) == "(accepted)");
}

TEST_CASE("currencies") {
    CHECK(refusal(R"({"currency": "XYZ", "mode": "volume", "tiers": []})") ==
          "book.json: currency: \"XYZ\" is not an active ISO 4217 currency code (upper case, e.g. "
          "\"USD\")");
    CHECK(refusal(R"({"currency": "usd", "mode": "volume", "tiers": []})") ==
          "book.json: currency: \"usd\" is not an active ISO 4217 currency code (upper case, e.g. "
          "\"USD\")");
    for (const char* code : {"JPY", "BHD", "CLF", "EUR"}) {
        CAPTURE(code);
        const auto b =
            tariff::read_price_book("{\"currency\": \"" + std::string(code) +
                                        "\", \"mode\": \"volume\", " + std::string(two_tiers) + "}",
                                    "b");
        CHECK(b.table.currency_info().code == code);
    }
}

TEST_CASE("minimum and maximum: at the currency's precision, minimum not above maximum") {
    CHECK(refusal(book("\"minimum\": \"100.00\", \"maximum\": \"50.00\", ")) ==
          "book.json: minimum: 100.00 is above the maximum 50.00");
    CHECK(refusal(book("\"minimum\": \"10.005\", ")) ==
          "book.json: minimum: 10.005 is finer than USD's minor unit (2 fraction digits)");
    CHECK(refusal(book("\"maximum\": 0.001, ")) ==
          "book.json: maximum: 0.001 is finer than USD's minor unit (2 fraction digits)");
    CHECK(refusal(R"({"currency": "JPY", "mode": "volume", "minimum": "1.5", )" +
                  std::string(two_tiers) + "}") ==
          "book.json: minimum: 1.5 is finer than JPY's minor unit (0 fraction digits)");
    CHECK(refusal(R"({"currency": "BHD", "mode": "volume", "minimum": "1.234", )" +
                  std::string(two_tiers) + "}") == "(accepted)");
    CHECK(refusal(book("\"minimum\": \"10.00\", \"maximum\": \"10.000\", ")) == "(accepted)");
}

TEST_CASE("quote tiers: last only, without price or fee") {
    CHECK(
        refusal(book(
            "", R"("tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": 5000, "quote": true},
                                        {"up_to": "inf", "unit_price": "0.30"}])")) ==
        "book.json: tiers[1].quote: only the last tier may be a quote (contact sales) tier");
    CHECK(
        refusal(book(
            "",
            R"("tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": "inf", "quote": true, "unit_price": "0"}])")) ==
        "book.json: tiers[1].unit_price: a quote (contact sales) tier has no unit price");
    CHECK(
        refusal(book(
            "",
            R"("tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": "inf", "quote": true, "flat_fee": "5"}])")) ==
        "book.json: tiers[1].flat_fee: a quote (contact sales) tier has no flat fee");
    // "quote": false is an ordinary tier.
    CHECK(refusal(book("", R"("tiers": [{"up_to": "inf", "quote": false, "unit_price": "1"}])")) ==
          "(accepted)");
}

TEST_CASE("names: mode, rounding, rounding_scope, package round and size") {
    CHECK(refusal(R"({"currency": "USD", "mode": "tiered", "tiers": []})") ==
          "book.json: mode: \"tiered\" is not a mode (volume or graduated)");
    CHECK(refusal(book("\"rounding\": \"half_odd\", ")) ==
          "book.json: rounding: \"half_odd\" is not a rounding mode (half_up, half_even, "
          "half_down, up, down, "
          "ceiling, floor)");
    CHECK(refusal(book("\"rounding_scope\": \"invoice\", ")) ==
          "book.json: rounding_scope: \"invoice\" is not a rounding scope (line or total)");
    CHECK(refusal(book("\"package\": {\"size\": 10, \"round\": \"nearest\"}, ")) ==
          "book.json: package.round: \"nearest\" is not a package rounding (up or down)");
    CHECK(refusal(book("\"package\": {\"size\": 0}, ")) ==
          "book.json: package.size: must be an integer >= 1, not 0");
    CHECK(refusal(book("\"package\": {\"size\": 2.5}, ")) ==
          "book.json: package.size: must be an integer >= 1, not 2.5");
    CHECK(refusal(book("\"package\": {\"size\": \"10\"}, ")) ==
          "book.json: package.size: must be an integer >= 1, not \"10\"");
    for (const char* mode :
         {"half_up", "half_even", "half_down", "up", "down", "ceiling", "floor"}) {
        CAPTURE(mode);
        CHECK(refusal(book("\"rounding\": \"" + std::string(mode) + "\", ")) == "(accepted)");
    }
}

TEST_CASE("malformed JSON") {
    CHECK(refusal("{").rfind("book.json: malformed JSON: parse error at line 1, column 2: ", 0) ==
          0);
    CHECK(refusal("").rfind("book.json: malformed JSON: parse error at line 1, column 1: ", 0) ==
          0);
    CHECK(refusal(R"({"currency": "USD",})")
              .rfind("book.json: malformed JSON: parse error at line 1, column 20: ", 0) == 0);
    CHECK(refusal(book("") + " {}").rfind("book.json: malformed JSON: ", 0) == 0);
    CHECK(refusal("{\"name\": \"\xff\"}").rfind("book.json: malformed JSON: ", 0) == 0);
    std::string deep = "{\"name\": " + std::string(100, '[') + std::string(100, ']') + "}";
    const std::string message = refusal(deep);
    CHECK(message.rfind("book.json: name[0][0]", 0) == 0);
    CHECK(message.find(": nested more than 64 levels deep") != std::string::npos);
}

TEST_CASE("a book from a file; a missing file") {
    // A name of its own, so that test runs side by side do not share the file.
    const auto path = (std::filesystem::temp_directory_path() /
                       ("tariff_json_test_" + std::to_string(std::random_device{}()) + ".json"))
                          .string();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    const std::string text = book("\"name\": \"file\", ");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    const auto b = tariff::read_price_book_file(path);
    CHECK(b.name == "file");
    CHECK(total_text(b, 1001) == "350.35");
    std::remove(path.c_str());

    try {
        (void)tariff::read_price_book_file(path);
        FAIL("a missing file was read");
    } catch (const tariff::invalid_book& e) {
        CHECK(std::string(e.what()).rfind(path + ": cannot open: ", 0) == 0);
    }
    // A book error names the file it came from.
    CHECK_THROWS_WITH_AS(
        tariff::read_price_book(R"({"currency": 1, "mode": "volume", "tiers": []})",
                                "prices/faceid.json"),
        "prices/faceid.json: currency: must be a string, not 1", tariff::invalid_book);
}

TEST_CASE("guard: never charge more for less, off unless asked for") {
    CHECK_FALSE(tariff::read_price_book(book(""), "book.json").table.guarded());
    const auto guarded = tariff::read_price_book(book("\"guard\": true, "), "book.json");
    CHECK(guarded.table.guarded());
    // 1000 at 0.40 is 400.00, but 1001 at 0.35 is 350.35: the guard caps 1000 at 350.35.
    CHECK(total_text(guarded, 1000) == "350.35");
    CHECK(total_text(tariff::read_price_book(book("\"guard\": false, "), "book.json"), 1000) ==
          "400.00");
    CHECK(refusal(book("\"guard\": \"yes\", ")) ==
          "book.json: guard: must be true or false, not \"yes\"");
}

// ---------------------------------------------------------------------------------------------
// Writing books back: write_price_book

namespace {

/// Whether two books are the same in every key a book has.
void check_same_book(const tariff::price_book& a, const tariff::price_book& b) {
    CHECK(a.name == b.name);
    CHECK(a.unit == b.unit);
    CHECK(a.unit_plural == b.unit_plural);
    const tariff::book_table &x = a.table, &y = b.table;
    CHECK(x.currency_info() == y.currency_info());
    CHECK(x.mode() == y.mode());
    CHECK(x.rounding_mode() == y.rounding_mode());
    CHECK(x.scope() == y.scope());
    CHECK(x.has_package() == y.has_package());
    CHECK(x.package_size() == y.package_size());
    CHECK(x.package_round() == y.package_round());
    CHECK(x.minimum() == y.minimum());
    CHECK(x.maximum() == y.maximum());
    CHECK(x.guarded() == y.guarded());
    CHECK(x.quantity_scale() == y.quantity_scale());
    CHECK(x.free_units() == y.free_units());
    CHECK(x.flat_fee_at_zero() == y.flat_fee_at_zero());
    REQUIRE(x.size() == y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        CAPTURE(i);
        CHECK(x[i].is_unbounded == y[i].is_unbounded);
        CHECK(x[i].up_to == y[i].up_to);
        CHECK(x[i].quote == y[i].quote);
        CHECK(x[i].unit_price == y[i].unit_price);
        CHECK(x[i].flat_fee == y[i].flat_fee);
    }
}

/// Writes `book`, reads it back, and checks that nothing changed; a second write is the same
/// text.
void check_round_trip(const tariff::price_book& book) {
    const std::string written = tariff::write_price_book(book);
    CAPTURE(written);
    const tariff::price_book back = tariff::read_price_book(written, "written.json");
    check_same_book(book, back);
    CHECK(tariff::write_price_book(back) == written);
}

}  // namespace

TEST_CASE("write_price_book writes the embedded FaceID book as it is embedded") {
    CHECK(tariff::write_price_book(tariff::faceid_price_book()) == tariff::faceid_price_book_json);
    check_round_trip(tariff::faceid_price_book());
}

TEST_CASE("write_price_book: every key round-trips exactly") {
    const std::string every_key = R"({
        "name": "Storage \"A\\B\" caf\u00e9", "unit": "person", "unit_plural": "people",
        "currency": "BHD", "mode": "graduated",
        "rounding": "half_even", "rounding_scope": "total",
        "package": {"size": 7, "round": "down"},
        "minimum": "1.250", "maximum": "900000000000000000000.000", "guard": true,
        "tiers": [ {"up_to": 3, "unit_price": "0.000000000000000001", "flat_fee": 0.5},
                   {"up_to": 9223372036854775806, "unit_price": 12345678901234567890.123456789012345678},
                   {"up_to": "inf", "quote": true} ] })";
    const auto all = tariff::read_price_book(every_key, "book.json");
    CHECK(all.unit_plural == "people");
    check_round_trip(all);
    CHECK(tariff::write_price_book(all) ==
          "{\n"
          "  \"name\": \"Storage \\\"A\\\\B\\\" caf\xC3\xA9\",\n"
          "  \"unit\": \"person\",\n"
          "  \"unit_plural\": \"people\",\n"
          "  \"currency\": \"BHD\",\n"
          "  \"mode\": \"graduated\",\n"
          "  \"rounding\": \"half_even\",\n"
          "  \"rounding_scope\": \"total\",\n"
          "  \"package\": {\"size\": 7, \"round\": \"down\"},\n"
          "  \"minimum\": \"1.250\",\n"
          "  \"maximum\": \"900000000000000000000.000\",\n"
          "  \"guard\": true,\n"
          "  \"tiers\": [\n"
          "    {\"up_to\": 3, \"unit_price\": \"0.000000000000000001\", \"flat_fee\": \"0.500\"},\n"
          "    {\"up_to\": 9223372036854775806, \"unit_price\": "
          "\"12345678901234567890.123456789012345678\"},\n"
          "    {\"up_to\": \"inf\", \"quote\": true}\n"
          "  ]\n"
          "}\n");
    // Defaults are written too, so the text says what the book does; a package of 1 is kept.
    const auto plain = tariff::read_price_book(book("\"package\": {\"size\": 1}, "), "book.json");
    check_round_trip(plain);
    CHECK(tariff::write_price_book(plain).find("\"package\": {\"size\": 1, \"round\": \"up\"}") !=
          std::string::npos);
    check_round_trip(tariff::read_price_book(book(""), "book.json"));
}

TEST_CASE("write_price_book: random books round-trip exactly") {
    std::mt19937_64 random(20240229);
    auto pick = [&](std::uint64_t n) { return random() % n; };
    const char* const codes[] = {"USD", "JPY", "BHD", "CLF", "EUR", "KWD"};
    const char* const names[] = {"", "FaceID", "caf\xC3\xA9 \xE2\x82\xAC \"quoted\" back\\slash",
                                 "\xF0\x9F\x98\x80 emoji", "tab-free, comma, colon: {}"};
    // A decimal with up to 30 integer digits and up to 18 fraction digits, as text.
    auto decimal_text = [&](bool whole_minor, int minor_units) {
        std::string out = std::to_string(pick(1000));
        for (std::uint64_t i = pick(4); i > 0; --i) out += std::to_string(pick(10000000));
        const int digits = whole_minor ? minor_units : static_cast<int>(pick(19));
        if (digits > 0) {
            out += '.';
            for (int i = 0; i < digits; ++i) out += static_cast<char>('0' + pick(10));
        }
        return out;
    };
    for (int round = 0; round < 300; ++round) {
        CAPTURE(round);
        // Half the books count quantities in steps of 10^-scale units; their prices then have at
        // most 18 - scale fraction digits.
        const int scale = pick(2) ? static_cast<int>(pick(7)) : 0;
        auto price_text = [&](int minor_units) {
            std::string text = decimal_text(false, minor_units);
            const std::size_t dot = text.find('.');
            if (dot != std::string::npos && text.size() - dot - 1 > std::size_t(18 - scale))
                text.resize(dot + 1 + std::size_t(18 - scale));
            if (text.back() == '.') text.pop_back();
            return text;
        };
        const tariff::currency cur = *tariff::find_currency(codes[pick(std::size(codes))]);
        const std::size_t count = 1 + pick(round % 10 == 0 ? 64 : 6);
        std::vector<tariff::book_table::tier_type> tiers(count);
        std::int64_t bound = 0;
        for (std::size_t i = 0; i < count; ++i) {
            auto& t = tiers[i];
            if (i + 1 == count) {
                t.is_unbounded = true;
                if (pick(3) == 0) {
                    t.quote = true;
                    continue;
                }
            } else {
                bound += 1 + static_cast<std::int64_t>(pick(i % 2 ? 1000 : 1000000000000));
                t.up_to = bound;
            }
            t.unit_price = book_price::parse(price_text(cur.minor_units));
            if (pick(2)) t.flat_fee = book_price::parse(decimal_text(false, cur.minor_units));
        }
        tariff::book_table table(cur,
                                 pick(2) ? tariff::tier_mode::volume : tariff::tier_mode::graduated,
                                 tiers.data(), tiers.size());
        if (scale > 0) table = table.with_quantity_scale(scale);
        if (pick(2)) table = table.with_free_units(static_cast<std::int64_t>(pick(1000000000)));
        if (pick(2)) table = table.with_flat_fee_at_zero();
        table = table.with_rounding(
            static_cast<tariff::rounding>(pick(7)),
            pick(2) ? tariff::rounding_scope::line : tariff::rounding_scope::total);
        if (pick(2)) {
            table = table.with_package(
                1 + static_cast<std::int64_t>(pick(1000)),
                pick(2) ? tariff::package_rounding::up : tariff::package_rounding::down);
        }
        const auto low = book_price::parse(decimal_text(true, cur.minor_units));
        const auto high = low + book_price::parse(decimal_text(true, cur.minor_units));
        if (pick(2)) table = table.with_minimum(low);
        if (pick(2)) table = table.with_maximum(high);
        if (pick(2)) table = table.with_guard();
        tariff::price_book b{names[pick(std::size(names))], "", table};
        if (pick(2)) b.unit = pick(2) ? "call" : "GB-hour";
        if (!b.unit.empty() && pick(2)) b.unit_plural = "calls, counted";
        check_round_trip(b);
    }
}

TEST_CASE("write_price_book refuses a book that would not read back") {
    tariff::price_book b = tariff::faceid_price_book();
    b.name = "a\x1b[2J";
    CHECK_THROWS_WITH_AS(tariff::write_price_book(b),
                         "cannot write a price book: name: \"a\\x1b[2J\" has a control character "
                         "at byte 2",
                         tariff::invalid_argument);
    b = tariff::faceid_price_book();
    b.unit.clear();
    b.unit_plural = "calls";
    CHECK_THROWS_WITH_AS(tariff::write_price_book(b),
                         "cannot write a price book: unit_plural: a plural without a unit",
                         tariff::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Hostile input

TEST_CASE("names and units with control characters are refused, naming the path") {
    // Issue 16: a name that clears the terminal and forges an invoice line.
    CHECK(refusal(book(R"("name": "\u001b[2J\nTOTAL DUE 0.00\u0000", )")) ==
          "book.json: name: \"\\x1b[2J\\x0aTOTAL DUE 0.00\\x00\" has a control character at "
          "byte 1 (names and units are printed: no C0, DEL or C1 controls)");
    CHECK(refusal(book(R"("unit": "call\u0085", )")) ==
          "book.json: unit: \"call\\xc2\\x85\" has a control character at byte 5 (names and "
          "units are printed: no C0, DEL or C1 controls)");
    CHECK(refusal(book(R"("unit": "call\u009b2J", )")).rfind("book.json: unit: ", 0) == 0);
    CHECK(refusal(book(R"("name": "tab\there", )")).rfind("book.json: name: ", 0) == 0);
    CHECK(refusal(book(R"("name": "del\u007f", )")).rfind("book.json: name: ", 0) == 0);
    CHECK(refusal(book(R"("unit": "x", "unit_plural": "xs\r", )"))
              .rfind("book.json: unit_plural: ", 0) == 0);
    // Printable text beyond ASCII is a name like any other, U+00A0 and U+2028 included.
    CHECK(refusal(book(R"("name": "caf\u00e9\u00a0\u2028", "unit": "\u20ac", )")) == "(accepted)");
}

TEST_CASE("unit_plural: a string with a unit, read strictly") {
    const auto b =
        tariff::read_price_book(book(R"("unit": "person", "unit_plural": "people", )"), "b");
    CHECK(b.unit == "person");
    CHECK(b.unit_plural == "people");
    CHECK(tariff::read_price_book(book(R"("unit": "call", )"), "b").unit_plural.empty());
    CHECK(refusal(book(R"("unit_plural": "people", )")) ==
          "book.json: unit_plural: is the plural of the unit: give a unit (the singular) too");
    CHECK(refusal(book(R"("unit": "person", "unit_plural": 2, )")) ==
          "book.json: unit_plural: must be a string, not 2");
}

TEST_CASE("a number beyond a double's range reads as its string form does") {
    // Issue 16: a 400-digit price as a JSON number was "number overflow", as a string a price.
    const std::string digits(400, '1');
    const auto number = tariff::read_price_book(priced(digits), "book.json");
    const auto string = tariff::read_price_book(priced("\"" + digits + "\""), "book.json");
    CHECK(number.table[0].unit_price == string.table[0].unit_price);
    CHECK(tariff::to_string(number.table[0].unit_price) == digits + "." + std::string(18, '0'));
    // With a fraction, in a bound, in a fee; error positions after it stay right.
    const std::string fraction = digits + ".25";
    CHECK(tariff::read_price_book(priced(fraction), "b").table[0].unit_price == price(fraction));
    CHECK(refusal(book("", "\"tiers\": [{\"up_to\": " + digits +
                               ", \"unit_price\": 1}, {\"up_to\": \"inf\", \"unit_price\": 1}]")) ==
          "book.json: tiers[0].up_to: " + std::string(64, '1') +
              "\xE2\x80\xA6 is too large (the largest is 9223372036854775807)");
    // nlohmann quotes what it read since the last number or string: the number's own text.
    CHECK(refusal("[" + digits + ", x]") ==
          "book.json: malformed JSON: parse error at line 1, column 404: syntax error while "
          "parsing value - invalid literal; last read: '" +
              std::string(64, '1') + "\xE2\x80\xA6'");
    CHECK(refusal("[1e999 x]") ==
          "book.json: malformed JSON: parse error at line 1, column 8: syntax error while parsing "
          "array - invalid literal; last read: '1e999 x'; expected ']'");
}

TEST_CASE("messages quote a bounded, escaped prefix of any input") {
    const std::size_t bound = 200;  // path, rule and a 64-byte prefix fit easily
    const std::string long_digits(100000, '7');
    for (const std::string& bad : {
             priced(long_digits + ".0000000000000000001"),        // too many fraction digits
             priced("\"" + long_digits + "x\""),                  // not a decimal
             priced("-" + long_digits),                           // negative
             priced(long_digits + "e5"),                          // an exponent
             book("\"" + long_digits + "\": 1, "),                // an unknown key
             book("\"name\": \"" + long_digits + "\\u0001\", "),  // a control character
             "[\"" + long_digits + "\n\"]",                       // malformed: a raw line feed
             "[" + long_digits + "x]",                            // malformed: after a number
             "[" + long_digits + " tru]",                         // malformed literal
             // nlohmann's own words inside the input it quotes (found by fuzz_price_book)
             "[\"'; expected " + long_digits + "\xff\"]",
         }) {
        const std::string message = refusal(bad);
        CAPTURE(message);
        CHECK(message.rfind("book.json: ", 0) == 0);
        CHECK(message.size() < bound + 100);
        CHECK(message.find("\xE2\x80\xA6") != std::string::npos);  // marked as cut
        for (const char c : message) CHECK((static_cast<unsigned char>(c) >= 0x20 && c != 0x7f));
    }
}

TEST_CASE("a book file is at most 16 MiB") {
    // Issue 16: /dev/zero was read until std::bad_alloc.
    CHECK_THROWS_WITH_AS(tariff::read_price_book_file("/dev/zero"),
                         "/dev/zero: larger than 16777216 bytes (16 MiB), the most a price book "
                         "may be",
                         tariff::invalid_book);
    CHECK(tariff::max_book_file_size == 16u * 1024 * 1024);
    const auto path = (std::filesystem::temp_directory_path() /
                       ("tariff_json_cap_" + std::to_string(std::random_device{}()) + ".json"))
                          .string();
    auto write = [&](const std::string& text) {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f != nullptr);
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
    };
    std::string text = book("");
    text.resize(tariff::max_book_file_size, ' ');  // exactly at the cap: read
    write(text);
    CHECK(tariff::read_price_book_file(path).table.size() == 2);
    write(text + " ");  // one byte more: refused
    CHECK_THROWS_WITH_AS(tariff::read_price_book_file(path),
                         (path + ": larger than 16777216 bytes (16 MiB), the most a price book "
                                 "may be")
                             .c_str(),
                         tariff::invalid_book);
    std::remove(path.c_str());
}

namespace {

/// The source tree: this file's tree, found from __FILE__ (absolute, or relative to a directory
/// above the one the test runs in), or the first directory above that holds tests/cli/books.
std::filesystem::path source_tree() {
    namespace fs = std::filesystem;
    const fs::path file(__FILE__);
    for (fs::path at = fs::current_path();; at = at.parent_path()) {
        for (const fs::path& root :
             {(file.is_absolute() ? file : at / file).parent_path() / "..", at}) {
            if (fs::is_directory(root / "tests" / "cli" / "books")) return root;
        }
        if (at == at.parent_path()) return {};
    }
}

}  // namespace

TEST_CASE("write_price_book: the repository's test books round-trip exactly") {
    // The books of the CLI tests and the fuzz seeds.
    namespace fs = std::filesystem;
    const fs::path root = source_tree();
    REQUIRE_MESSAGE(!root.empty(), "run the tests from a directory inside the source tree");
    int read = 0;
    for (const char* dir :
         {"tests/cli/books", "tests/cli/insight_books", "fuzz/corpus/fuzz_price_book"}) {
        for (const auto& entry : fs::directory_iterator(root / dir)) {
            if (entry.path().extension() != ".json") continue;
            CAPTURE(entry.path().string());
            std::optional<tariff::price_book> book;
            try {
                book = tariff::read_any_price_book_file(entry.path().string());
            } catch (const tariff::invalid_book&) {
                continue;  // the books that test refusals
            }
            ++read;
            check_round_trip(*book);
        }
    }
    CHECK(read >= 20);
}

TEST_CASE("second-version keys: free_units, flat_fee_at_zero and quantity_scale") {
    const auto b = tariff::read_price_book(
        book(R"("quantity_scale": 3, "free_units": "1.5", "flat_fee_at_zero": true, )",
             R"("tiers": [{"up_to": 2.5, "unit_price": "0.40", "flat_fee": "1"},
                          {"up_to": "inf", "unit_price": "0.30"}])"),
        "book.json");
    CHECK(b.table.quantity_scale() == 3);
    CHECK(b.table.quantity_unit() == 1000);
    CHECK(b.table.free_units() == 1500);
    CHECK(b.table.flat_fee_at_zero());
    CHECK(b.table[0].up_to == 2500);
    // 0 units: the first tier's fee; 1.5 free; 4.000 - 1.500 = 2.500 billable, all in tier 0.
    CHECK(total_text(b, 0) == "1.00");
    CHECK(total_text(b, 1500) == "1.00");
    CHECK(total_text(b, 4000) == "2.00");  // volume: 2.5 x 0.40 + 1
    CHECK(total_text(b, 4001) == "0.75");  // 2.501 x 0.30 = 0.7503
    CHECK(tariff::rate(b.table, 4000).free == std::optional<std::int64_t>(1500));
    CHECK(tariff::rate(b.table, 1000).free == std::optional<std::int64_t>(1000));
    // Defaults: none of them, and charges say nothing about free units.
    const auto plain = tariff::read_price_book(book(""), "book.json");
    CHECK(plain.table.quantity_scale() == 0);
    CHECK(plain.table.free_units() == 0);
    CHECK_FALSE(plain.table.flat_fee_at_zero());
    CHECK_FALSE(tariff::rate(plain.table, 5).free.has_value());
    // Whole-unit books take free units as JSON integers, as bounds.
    CHECK(tariff::read_price_book(book(R"("free_units": 100, )"), "book.json").table.free_units() ==
          100);
    check_round_trip(b);
    CHECK(tariff::write_price_book(b).find("\"quantity_scale\": 3,\n  \"free_units\": 1.500,\n"
                                           "  \"flat_fee_at_zero\": true,\n") != std::string::npos);
    CHECK(tariff::write_price_book(b).find("{\"up_to\": 2.500, ") != std::string::npos);
}

TEST_CASE("second-version keys are refused with their path") {
    CHECK(refusal(book(R"("free_units": -1, )")) ==
          "book.json: free_units: must be an integer >= 0, not -1");
    CHECK(refusal(book(R"("free_units": "10", )")) ==
          "book.json: free_units: must be an integer >= 0, not \"10\"");
    CHECK(refusal(book(R"("free_units": 1.5, )")) ==
          "book.json: free_units: must be an integer >= 0, not 1.5");
    CHECK(refusal(book(R"("quantity_scale": 2, "free_units": 1.125, )")) ==
          "book.json: free_units: 1.125 has more than 2 fraction digits (the book's "
          "quantity_scale)");
    CHECK(refusal(book(R"("quantity_scale": 2, "free_units": "-1", )")) ==
          "book.json: free_units: must be a quantity >= 0 with at most 2 fraction digits, not "
          "\"-1\"");
    CHECK(refusal(book(R"("flat_fee_at_zero": "yes", )")) ==
          "book.json: flat_fee_at_zero: must be true or false, not \"yes\"");
    CHECK(refusal(book(R"("quantity_scale": 7, )")) ==
          "book.json: quantity_scale: must be an integer from 0 to 6, not 7");
    CHECK(refusal(book(R"("quantity_scale": "3", )")) ==
          "book.json: quantity_scale: must be an integer from 0 to 6, not \"3\"");
    CHECK(
        refusal(book(
            R"("quantity_scale": 1, )",
            R"("tiers": [{"up_to": 0.05, "unit_price": "1"}, {"up_to": "inf", "unit_price": "1"}])")) ==
        "book.json: tiers[0].up_to: 0.05 has more than 1 fraction digits (the book's "
        "quantity_scale)");
    CHECK(
        refusal(book(
            R"("quantity_scale": 1, )",
            R"("tiers": [{"up_to": 0.0, "unit_price": "1"}, {"up_to": "inf", "unit_price": "1"}])")) ==
        "book.json: tiers[0].up_to: must be a quantity > 0 with at most 1 fraction digits, or "
        "\"inf\", not 0.0");
    CHECK(
        refusal(book(
            R"("quantity_scale": 1, )",
            R"("tiers": [{"up_to": "2.5", "unit_price": "1"}, {"up_to": 2.5, "unit_price": "1"}, {"up_to": "inf", "unit_price": "1"}])")) ==
        "book.json: tiers[1].up_to: must be greater than 2.5, not 2.5");
    // A step's price must be exact with 18 digits: at most 18 - scale fraction digits.
    CHECK(refusal(book(R"("quantity_scale": 6, )",
                       R"("tiers": [{"up_to": "inf", "unit_price": "0.0000000000001"}])")) ==
          "book.json: tiers[0].unit_price: 0.000000000000100000 has more than 12 fraction digits: "
          "at quantity_scale 6 the price of one step (10^-6 units) must be exact in "
          "decimal<18, cpp_int>");
    CHECK(refusal(book(R"("quantity_scale": 6, )",
                       R"("tiers": [{"up_to": "inf", "unit_price": "0.000000000001"}])")) ==
          "(accepted)");
}

// Lago's package charge model with free units
// (https://getlago.com/docs/guide/plans/charges/charge-models/package): "You may want to charge
// $5 per 100 units and offer the first 100 units. In this example, 201 units would cost $0
// (first 100 units) + $5 (next 100 units) + $5 (last unit) = $10."
TEST_CASE("free units before the package: Lago's documented package example") {
    const auto lago = tariff::read_price_book(
        book(R"("free_units": 100, "package": {"size": 100, "round": "up"}, )",
             R"("tiers": [{"up_to": "inf", "unit_price": "5.00"}])"),
        "book.json");
    CHECK(total_text(lago, 201) == "10.00");
    CHECK(total_text(lago, 100) == "0.00");
    CHECK(total_text(lago, 101) == "5.00");
    CHECK(total_text(lago, 200) == "5.00");
    // Free units that are not a multiple of the package size.
    const auto odd = tariff::read_price_book(
        book(R"("free_units": 150, "package": {"size": 100, "round": "up"}, )",
             R"("tiers": [{"up_to": "inf", "unit_price": "5.00"}])"),
        "book.json");
    CHECK(total_text(odd, 250) == "5.00");
    CHECK(total_text(odd, 251) == "10.00");
}
