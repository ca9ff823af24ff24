// Price books as JSON: every refusal names the JSON path, numbers are read exactly from their
// text, and the embedded FaceID book rates the seed's values.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <tariff/charge.hpp>
#include <tariff/json.hpp>

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
        CHECK(refusal(priced("1e400"))
                  .rfind("book.json: malformed JSON: number overflow parsing '1e400'", 0) == 0);
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
          "book.json: colour: unknown key (a price book has name, unit, currency, mode, rounding, "
          "rounding_scope, "
          "package, minimum, maximum, tiers, guard)");
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
