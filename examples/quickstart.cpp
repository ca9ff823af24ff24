// The README's first example: the FaceID price table written in code, one month rated.
#include <iostream>
#include <tariff/tariff.hpp>

using usd = tariff::decimal<2>;  // exact: an int64 count of cents, never a double

constexpr tariff::tier_table<tariff::iso::USD, usd> faceid{
    tariff::tier_mode::volume,  // the month's total picks one tier for every call
    {{1'000, "0.40"},
     {10'000, "0.35"},
     {100'000, "0.30"},
     {200'000, "0.25"},
     {tariff::unbounded, tariff::contact_sales}}};  // checked while compiling

int main() {
    const auto bill = tariff::rate(faceid, 20'000);
    for (const auto& line : bill) {
        std::cout << "tiers[" << line.tier << "] " << line.units << " x " << line.unit_price
                  << " = " << line.amount << '\n';
    }
    std::cout << "total " << *bill.total << ' ' << bill.currency.code << '\n';

    const auto big = tariff::rate(faceid, 250'000);  // beyond the last published price
    std::cout << "250000 calls: " << tariff::to_string_view(big.status) << '\n';

    std::cout << tariff::to_text(tariff::rate(faceid, 1'001), {"FaceID", "call"});
}
