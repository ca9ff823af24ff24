// The FaceID liveness face comparison price table, written in code as a constexpr table, rating
// the seed's monthly call counts. Volume pricing: the month's total picks one tier and every call
// is billed at its price, so 1,000 calls cost 400.00 but 1,001 cost 350.35.
#include <cstdint>
#include <iostream>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>

namespace {

using usd = tariff::decimal<2>;

// Validated while compiling: a bound out of order or a quote tier that is not last would make
// this definition a compile error.
constexpr tariff::tier_table<tariff::iso::USD, usd> faceid{
    tariff::tier_mode::volume,
    {{1000, "0.40"},
     {10000, "0.35"},
     {100000, "0.30"},
     {200000, "0.25"},
     {tariff::unbounded, tariff::contact_sales}}};

// What the compiler can already tell about the table: which tier a month falls in, the seed's
// worked example, and the cliff at 1,000 calls.
constexpr usd volume_price(std::int64_t calls) {
    return faceid[faceid.tier_index(calls)].unit_price;
}
static_assert(faceid.size() == 5 && faceid.has_quote_tier());
static_assert(faceid.tier_index(1000) == 0 && faceid.tier_index(1001) == 1);
static_assert(faceid.tier_index(200000) == 3 && faceid.tier_index(200001) == 4);
static_assert(volume_price(20000) * 20000 == usd::parse("6000.00"));
static_assert(volume_price(1000) * 1000 == usd::parse("400.00"));
static_assert(volume_price(1001) * 1001 == usd::parse("350.35"));
static_assert(volume_price(1001) * 1001 < volume_price(1000) * 1000, "the volume cliff");

}  // namespace

int main() {
    const tariff::text_options invoice{"FaceID liveness face comparison", "call"};
    for (const std::int64_t calls : {0, 1000, 1001, 20000, 200000, 200001}) {
        std::cout << tariff::to_text(tariff::rate(faceid, calls), invoice) << '\n';
    }

    const auto at_1000 = tariff::rate(faceid, 1000);
    const auto at_1001 = tariff::rate(faceid, 1001);
    std::cout << "The cliff: 1000 calls cost " << *at_1000.total << " USD, 1001 calls cost "
              << *at_1001.total << " USD.\n\n";

    std::cout << tariff::to_json(tariff::rate(faceid, 20000)) << '\n';
}
