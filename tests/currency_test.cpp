// Currencies: the compile-time tags and the runtime ISO 4217 table.

#include <doctest/doctest.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <tariff/currency.hpp>

namespace {

std::size_t table_size() {
    return static_cast<std::size_t>(tariff::currencies_end() - tariff::currencies_begin());
}

template <class Tag>
void check_tag_matches_table() {
    INFO(Tag::code);
    const tariff::currency* found = tariff::find_currency(Tag::code);
    REQUIRE(found != nullptr);
    CHECK(found->code == Tag::code);
    CHECK(found->numeric == Tag::numeric);
    CHECK(found->minor_units == Tag::minor_units);
    CHECK(Tag::info.code == Tag::code);
    CHECK(Tag::info.numeric == Tag::numeric);
    CHECK(Tag::info.minor_units == Tag::minor_units);
    CHECK(*found == Tag::info);
}

}  // namespace

TEST_CASE("currency table: sorted by code, codes and numbers unique, values well formed") {
    REQUIRE(table_size() > 150);
    std::set<int> numbers;
    for (const tariff::currency* c = tariff::currencies_begin(); c != tariff::currencies_end();
         ++c) {
        INFO(c->code);
        if (c != tariff::currencies_begin())
            CHECK((c - 1)->code < c->code);  // strictly: sorted and unique
        REQUIRE(c->code.size() == 3);
        for (char ch : c->code) CHECK((ch >= 'A' && ch <= 'Z'));
        CHECK(c->numeric >= 1);
        CHECK(c->numeric <= 999);
        CHECK(numbers.insert(c->numeric).second);
        CHECK((c->minor_units == 0 || c->minor_units == 2 || c->minor_units == 3 ||
               c->minor_units == 4));
        CHECK(tariff::find_currency(c->code) == c);
    }
}

TEST_CASE("currency tags: every tag's info matches the runtime table, and there is a tag per row") {
    std::size_t tags = 0;
#define TARIFF_TEST_CHECK_TAG(c, n, m)         \
    check_tag_matches_table<tariff::iso::c>(); \
    ++tags;
    TARIFF_ISO4217_CURRENCIES(TARIFF_TEST_CHECK_TAG)
#undef TARIFF_TEST_CHECK_TAG
    CHECK(tags == table_size());
}

TEST_CASE("currency: known codes, numbers and minor units") {
    struct known {
        const char* code;
        int numeric;
        int minor_units;
    };
    const known expected[] = {
        {"USD", 840, 2}, {"EUR", 978, 2}, {"GBP", 826, 2}, {"CHF", 756, 2}, {"CNY", 156, 2},
        {"INR", 356, 2}, {"JPY", 392, 0}, {"KRW", 410, 0}, {"ISK", 352, 0}, {"VND", 704, 0},
        {"XOF", 952, 0}, {"CLP", 152, 0}, {"BHD", 48, 3},  {"KWD", 414, 3}, {"JOD", 400, 3},
        {"OMR", 512, 3}, {"TND", 788, 3}, {"IQD", 368, 3}, {"LYD", 434, 3}, {"CLF", 990, 4},
        {"UYW", 927, 4}, {"AED", 784, 2}, {"ZAR", 710, 2},
    };
    for (const known& k : expected) {
        INFO(k.code);
        const tariff::currency* c = tariff::find_currency(k.code);
        REQUIRE(c != nullptr);
        CHECK(c->numeric == k.numeric);
        CHECK(c->minor_units == k.minor_units);
        CHECK(tariff::currency_from_code(k.code).minor_units == k.minor_units);
    }
    CHECK(tariff::iso::USD::minor_units == 2);
    CHECK(tariff::iso::JPY::minor_units == 0);
    CHECK(tariff::iso::BHD::minor_units == 3);
    CHECK(tariff::iso::CLF::minor_units == 4);
    CHECK(tariff::iso::USD::code == "USD");
    CHECK(tariff::iso::EUR::numeric == 978);
}

TEST_CASE("currency: unknown, malformed and withdrawn codes are not found") {
    for (std::string_view code : {"XYZ", "usd", "Usd", "", "US", "USDX", " USD", "USD ", "AAA",
                                  "ZZZ", "HRK", "XAU", "XXX"}) {
        INFO("\"" << std::string(code) << "\"");
        CHECK(tariff::find_currency(code) == nullptr);
        CHECK_THROWS_AS(tariff::currency_from_code(code), tariff::invalid_argument);
    }
    try {
        tariff::currency_from_code("ABC");
        FAIL("no exception");
    } catch (const tariff::invalid_argument& e) {
        CHECK(std::string(e.what()).find("\"ABC\"") != std::string::npos);
    }
    try {
        tariff::currency_from_code("usd");
        FAIL("no exception");
    } catch (const tariff::error& e) {
        CHECK(std::string(e.what()).find("\"usd\"") != std::string::npos);
    }
}

TEST_CASE("currency: the message starts with the code it refuses") {
    CHECK_THROWS_WITH_AS(tariff::currency_from_code("ABC"),
                         "\"ABC\" is not an active ISO 4217 currency code",
                         tariff::invalid_argument);
}

TEST_CASE("currency: equality is by code") {
    CHECK(tariff::currency_from_code("USD") == tariff::iso::USD::info);
    CHECK(tariff::currency_from_code("USD") != tariff::iso::EUR::info);
    CHECK(tariff::iso::JPY::info == *tariff::find_currency("JPY"));
}
