// tariff's values through {fmt} (<tariff/format.hpp>, CMake target tariff::format): decimals,
// money and charges, with width, fill, alignment, sign, digit grouping and precision.
#include <tariff/format.hpp>

using usd = tariff::money<tariff::iso::USD>;

constexpr tariff::tier_table<tariff::iso::USD, tariff::decimal<2>> faceid{
    tariff::tier_mode::volume,
    {{1'000, "0.40"},
     {10'000, "0.35"},
     {100'000, "0.30"},
     {200'000, "0.25"},
     {tariff::unbounded, tariff::contact_sales}}};

int main() {
    const auto price = tariff::decimal<4>::parse("0.3");
    const usd total = usd::parse("6000");
    fmt::print("[{}] [{:.6}] [{:>10}]\n", price, price, price);
    fmt::print("[{}] [{:c}] [{:a}]\n", total, total, total);
    fmt::print("[{:,}] [{:>14,c}] [{:+_a}]\n", total, total, total);
    fmt::print("[{:*^12}] [{:08a}] [{:+}]\n", -usd::parse("0.05"), -total, usd());
    fmt::print("{}", tariff::rate(faceid, 20'000));  // the invoice, as tariff::to_text prints it

    // fmt::print("{:.2}", price) does not compile: two digits would drop one of price's four.
    // Checked at run time, the same spec throws.
    try {
        fmt::print(fmt::runtime("{:.2}"), price);
    } catch (const fmt::format_error& e) {
        fmt::print("{}\n", e.what());
    }
}
