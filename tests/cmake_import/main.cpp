// Uses the installed headers the way a billing back end would: the FaceID worked example.
#include <iostream>
#include <string>
#include <tariff/tariff.hpp>
#ifdef TARIFF_IMPORT_FORMAT
#include <tariff/format.hpp>
#endif

int main() {
    const auto unit_price = tariff::decimal<2>::parse("0.30");
    const std::string total = tariff::to_string(unit_price * 20000);
    std::cout << total << '\n';
#ifdef TARIFF_IMPORT_FORMAT
    const std::string formatted = fmt::format("{:>10,}", unit_price * 20000);
    std::cout << formatted << '\n';
    if (formatted != "  6,000.00") return 1;
#endif
    return total == "6000.00" ? 0 : 1;
}
