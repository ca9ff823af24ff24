// Catalogues: products with dated versions, the version in force for a period, and the strict
// JSON reader whose every refusal names its JSON path.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <tariff/catalogue.hpp>
#include <tariff/charge.hpp>
#include <tariff/json.hpp>

namespace {

using tariff::billing_period;

/// The message of the invalid_book that reading `json` throws, or "(accepted)".
std::string refusal(std::string_view json) {
    try {
        (void)tariff::read_catalogue(json, "catalogue.json");
    } catch (const tariff::invalid_book& e) {
        return e.what();
    }
    return "(accepted)";
}

constexpr std::string_view volume_tiers =
    R"("mode": "volume", "tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": "inf", "unit_price": "0.35"}])";

/// A USD catalogue with one product `id` whose versions are `versions` (JSON array text).
std::string one_product(std::string_view versions, std::string_view id = "ocr",
                        std::string_view product_extra = "") {
    return R"({"name": "FaceID", "currency": "USD", "products": {")" + std::string(id) + R"(": {)" +
           std::string(product_extra) + R"("versions": )" + std::string(versions) + "}}}";
}

std::string version(std::string_view extra = "") {
    return "{" + std::string(extra) + std::string(volume_tiers) + "}";
}

const std::string three_versions =
    "[" + version() + ", " + version(R"("effective_from": "2025-01", "free_units": 1000, )") +
    ", " + version(R"("effective_from": "2025-07", "flat_fee_at_zero": true, )") + "]";

std::string total_text(const tariff::book_table& table, std::int64_t q) {
    const auto c = tariff::rate(table, q);
    return c.total ? tariff::format_amount(*c.total, c.currency) : "quote required";
}

}  // namespace

TEST_CASE("catalogue: the version in force is the latest with effective_from <= period") {
    const std::string json =
        R"({"currency": "USD", "products": {"ocr": {"unit": "call", "versions": [
            {"mode": "volume", "tiers": [{"up_to": "inf", "unit_price": "0.40"}]},
            {"effective_from": "2025-01", "mode": "volume", "free_units": 1000,
             "tiers": [{"up_to": "inf", "unit_price": "0.40"}]},
            {"effective_from": "2025-07", "mode": "volume",
             "tiers": [{"up_to": "inf", "unit_price": "0.30"}]}]}}})";
    const tariff::book_catalogue c = tariff::read_catalogue(json, "catalogue.json");
    CHECK(c.currency_info().code == "USD");
    REQUIRE(c.products().size() == 1);
    const auto& ocr = c.at("ocr");
    CHECK(ocr.unit == "call");
    CHECK(ocr.versions.size() == 3);
    CHECK_FALSE(ocr.versions[0].effective_from);
    // The first version applies from the beginning of time.
    CHECK(total_text(c.price_for("ocr", billing_period(1970, 1)), 2000) == "800.00");
    CHECK(total_text(c.price_for("ocr", billing_period(2024, 12)), 2000) == "800.00");
    CHECK(total_text(c.price_for("ocr", billing_period(2025, 1)), 2000) == "400.00");
    CHECK(total_text(c.price_for("ocr", billing_period(2025, 6)), 2000) == "400.00");
    CHECK(total_text(c.price_for("ocr", billing_period(2025, 7)), 2000) == "600.00");
    CHECK(total_text(c.price_for("ocr", billing_period(9999, 12)), 2000) == "600.00");
    CHECK(c.version_for(ocr, billing_period(2025, 6)) == &ocr.versions[1]);
    // Unknown products and periods before the first version are errors naming both.
    CHECK_THROWS_WITH_AS(c.price_for("liveness", billing_period(2025, 1)),
                         "no product \"liveness\" in the catalogue", tariff::invalid_argument);
    const tariff::book_catalogue dated = tariff::read_catalogue(
        R"({"currency": "USD", "products": {"ocr": {"versions": [
            {"effective_from": "2025-03", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": "1"}]}]}}})",
        "c.json");
    CHECK_THROWS_WITH_AS(dated.price_for("ocr", billing_period(2025, 2)),
                         "product \"ocr\" has no price in 2025-02: its first version is in force "
                         "from 2025-03",
                         tariff::invalid_argument);
    CHECK(total_text(dated.price_for("ocr", billing_period(2025, 3)), 2) == "2.00");
}

TEST_CASE("catalogue: the embedded default is the seed's one product") {
    const tariff::book_catalogue c = tariff::faceid_catalogue();
    CHECK(c.name() == "FaceID");
    REQUIRE(c.products().size() == 1);
    const auto& product = c.at("liveness_face_comparison");
    CHECK(product.unit == "call");
    REQUIRE(product.versions.size() == 1);
    CHECK_FALSE(product.versions[0].effective_from);
    const auto& table = c.price_for("liveness_face_comparison", billing_period(2026, 5));
    CHECK(total_text(table, 20000) == "6000.00");
    CHECK(total_text(table, 1001) == "350.35");
    CHECK(total_text(table, 200001) == "quote required");
}

TEST_CASE("catalogue: the C++ type keeps the catalogue's rules") {
    using table_type = tariff::book_table;
    const tariff::book_table usd(tariff::currency_from_code("USD"), tariff::tier_mode::volume,
                                 {{tariff::unbounded, tariff::book_price::parse("1")}});
    const tariff::book_table eur(tariff::currency_from_code("EUR"), tariff::tier_mode::volume,
                                 {{tariff::unbounded, tariff::book_price::parse("1")}});
    tariff::catalogue<table_type> c("", tariff::currency_from_code("USD"));
    auto refused = [&](tariff::product<table_type> p) -> std::string {
        try {
            c.add(std::move(p));
        } catch (const tariff::catalogue_rule& e) {
            return e.what();
        }
        return "(accepted)";
    };
    CHECK(refused({"Bad", "", "", "", {{std::nullopt, usd}}}) ==
          "products[\"Bad\"]: \"Bad\" is not a product id (1 to 64 characters of a-z, 0-9, '_', "
          "'.' and '-')");
    CHECK(refused({std::string(65, 'a'), "", "", "", {{std::nullopt, usd}}})
              .find("is not a product id") != std::string::npos);
    CHECK(refused({"a", "", "", "", {}}) == "products.a.versions: a product needs a version");
    CHECK(refused({"a", "", "", "", {{std::nullopt, eur}}}) ==
          "products.a.versions[0]: its table is in EUR, the catalogue in USD");
    CHECK(refused({"a", "", "", "", {{std::nullopt, usd}, {std::nullopt, usd}}}) ==
          "products.a.versions[1].effective_from: is required on every version but the first "
          "(YYYY-MM)");
    CHECK(
        refused(
            {"a", "", "", "", {{billing_period(2025, 2), usd}, {billing_period(2025, 2), usd}}}) ==
        "products.a.versions[1].effective_from: must be after 2025-02 (versions[0]), not "
        "2025-02");
    CHECK(refused({"a",
                   "",
                   "",
                   "",
                   {{std::nullopt, usd}, {billing_period(2025, 2), usd.with_quantity_scale(2)}}}) ==
          "products.a.versions[1].quantity_scale: 2 differs from versions[0]'s 0: every version "
          "of a product counts quantities alike");
    CHECK(c.products().empty());  // nothing refused was added
    CHECK(refused({"id.card-ocr_2", "", "", "", {{std::nullopt, usd}}}) == "(accepted)");
    CHECK(refused({"id.card-ocr_2", "", "", "", {{std::nullopt, usd}}}) ==
          "products[\"id.card-ocr_2\"]: the catalogue has a product \"id.card-ocr_2\" already");
    CHECK(c.products().size() == 1);
}

TEST_CASE("catalogue JSON: every refusal names its JSON path") {
    CHECK(refusal(one_product("[" + version() + "]")) == "(accepted)");
    CHECK(refusal(one_product(three_versions)) == "(accepted)");
    const struct {
        std::string json;
        std::string message;
    } cases[] = {
        {"[]", "catalogue.json: a catalogue must be a JSON object, not an array"},
        {"{\"currency\": \"USD\", \"products\": {}, \"colour\": 1}",
         "catalogue.json: colour: unknown key (a catalogue has name, currency, products)"},
        {"{\"products\": {}}", "catalogue.json: currency: is required but missing"},
        {"{\"currency\": \"USD\"}", "catalogue.json: products: is required but missing"},
        {"{\"currency\": \"usd\", \"products\": {}}",
         "catalogue.json: currency: \"usd\" is not an active ISO 4217 currency code (upper case, "
         "e.g. \"USD\")"},
        {"{\"currency\": \"USD\", \"products\": []}",
         "catalogue.json: products: must be an object of products by id, not an array"},
        {"{\"currency\": \"USD\", \"products\": {}}",
         "catalogue.json: products: must have at least one product"},
        {"{\"name\": \"a\\u001bb\", \"currency\": \"USD\", \"products\": {}}",
         "catalogue.json: name: \"a\\x1bb\" has a control character at byte 2 (names and units "
         "are printed: no C0, DEL or C1 controls)"},
        {one_product("[" + version() + "]", "Bad Id"),
         "catalogue.json: products[\"Bad Id\"]: \"Bad Id\" is not a product id (1 to 64 "
         "characters of a-z, 0-9, '_', '.' and '-')"},
        {one_product("[" + version() + "]", std::string(65, 'x')),
         "catalogue.json: products[\"" + std::string(64, 'x') + "\"…]: \"" + std::string(64, 'x') +
             "\"… is not a product id (1 to 64 characters of a-z, 0-9, '_', '.' and '-')"},
        {R"({"currency": "USD", "products": {"ocr": 5}})",
         "catalogue.json: products.ocr: must be an object such as {\"unit\": \"call\", "
         "\"versions\": [...]}, not 5"},
        {one_product("[" + version() + "]", "ocr", R"("colour": 1, )"),
         "catalogue.json: products.ocr.colour: unknown key (a product has name, unit, "
         "unit_plural, versions)"},
        {R"({"currency": "USD", "products": {"ocr": {}}})",
         "catalogue.json: products.ocr.versions: is required but missing"},
        {one_product("{}"),
         "catalogue.json: products.ocr.versions: must be an array of versions, "
         "not an object"},
        {one_product("[]"),
         "catalogue.json: products.ocr.versions: must list at least one version"},
        {one_product("[" + version() + "]", "ocr", R"("unit_plural": "calls", )"),
         "catalogue.json: products.ocr.unit_plural: is the plural of the unit: give a unit (the "
         "singular) too"},
        {one_product("[1]"),
         "catalogue.json: products.ocr.versions[0]: must be an object with a version's pricing "
         "(mode, tiers, ...), not 1"},
        {one_product("[" + version(R"("currency": "USD", )") + "]"),
         "catalogue.json: products.ocr.versions[0].currency: unknown key (a version has mode, "
         "rounding, rounding_scope, package, minimum, maximum, tiers, guard, free_units, "
         "flat_fee_at_zero, quantity_scale, effective_from)"},
        {one_product(R"([{"tiers": []}])"),
         "catalogue.json: products.ocr.versions[0].mode: is required but missing"},
        {one_product(R"([{"mode": "volume"}])"),
         "catalogue.json: products.ocr.versions[0].tiers: is required but missing"},
        {one_product("[" + version() + ", " + version() + "]"),
         "catalogue.json: products.ocr.versions[1].effective_from: is required on every version "
         "but the first (YYYY-MM)"},
        {one_product("[" + version() + ", " + version(R"("effective_from": "2025-13", )") + "]"),
         "catalogue.json: products.ocr.versions[1].effective_from: invalid billing period "
         "\"2025-13\": month 13 is not 01-12"},
        {one_product("[" + version() + ", " + version(R"("effective_from": 202501, )") + "]"),
         "catalogue.json: products.ocr.versions[1].effective_from: must be a string, not 202501"},
        {one_product("[" + version(R"("effective_from": "2025-03", )") + ", " +
                     version(R"("effective_from": "2025-03", )") + "]"),
         "catalogue.json: products.ocr.versions[1].effective_from: must be after 2025-03 "
         "(versions[0]), not 2025-03"},
        {one_product("[" + version(R"("effective_from": "2025-03", )") + ", " +
                     version(R"("effective_from": "2024-03", )") + "]"),
         "catalogue.json: products.ocr.versions[1].effective_from: must be after 2025-03 "
         "(versions[0]), not 2024-03"},
        {one_product("[" + version() + ", " +
                     version(R"("effective_from": "2025-03", "quantity_scale": 3, )") + "]"),
         "catalogue.json: products.ocr.versions[1].quantity_scale: 3 differs from versions[0]'s "
         "0: every version of a product counts quantities alike"},
        {one_product(R"([{"mode": "volume", "tiers": [{"up_to": 0, "unit_price": "1"}]}])"),
         "catalogue.json: products.ocr.versions[0].tiers[0].up_to: must be an integer >= 1 or "
         "\"inf\", not 0"},
        {one_product(
             R"([{"mode": "volume", "minimum": "0.001", "tiers": [{"up_to": "inf", "unit_price": "1"}]}])"),
         "catalogue.json: products.ocr.versions[0].minimum: 0.001 is finer than USD's minor unit "
         "(2 fraction digits)"},
        {one_product(
             R"([{"mode": "volume", "free_units": -3, "tiers": [{"up_to": "inf", "unit_price": "1"}]}])"),
         "catalogue.json: products.ocr.versions[0].free_units: must be an integer >= 0, not -3"},
        {R"({"currency": "USD", "products": {"a": {"versions": [)" + version() +
             R"(]}, "a": {"versions": []}}})",
         "catalogue.json: products.a: duplicate key"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        CHECK(refusal(c.json) == c.message);
    }
}
