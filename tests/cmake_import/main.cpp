// Uses the installed headers the way a billing back end would: the FaceID worked example.
#include <iostream>
#include <string>
#include <tariff/tariff.hpp>

int main() {
    const auto unit_price = tariff::decimal<2>::parse("0.30");
    const std::string total = tariff::to_string(unit_price * 20000);
    std::cout << total << '\n';
    return total == "6000.00" ? 0 : 1;
}
