// Must NOT compile: a format string with a bad spec for a tariff type, where {fmt} checks format
// strings while compiling (plain strings in C++20, FMT_STRING in C++17). The formatters' parse()
// is constexpr and refuses through a function that is not, which the compiler names with the rule
// broken. TARIFF_FORMAT_CASE picks the spec; case 0 has good specs and must compile, which shows
// that the spec, and nothing else, is what fails.

#include <string>
#include <tariff/format.hpp>

#if __cplusplus >= 202002L
#define TARIFF_CHECKED(s) s
#else
#define TARIFF_CHECKED(s) FMT_STRING(s)
#endif

#ifndef TARIFF_FORMAT_CASE
#define TARIFF_FORMAT_CASE 1
#endif

using usd = tariff::decimal<2>;

constexpr tariff::tier_table<tariff::iso::USD, usd> faceid(tariff::tier_mode::volume,
                                                           {{tariff::unbounded, "0.30"}});

std::string render() {
    const usd total = usd::parse("6000");
    const tariff::money<tariff::iso::USD> money(total);
    const auto charge = tariff::rate(faceid, 20000);
#if TARIFF_FORMAT_CASE == 0
    return fmt::format(TARIFF_CHECKED("{:>12,.4}|{:08a}|{:c}|{}"), total, money, money, charge);
#elif TARIFF_FORMAT_CASE == 1
    return fmt::format(TARIFF_CHECKED("{:.1}"), total);  // precision_below_scale
#elif TARIFF_FORMAT_CASE == 2
    return fmt::format(TARIFF_CHECKED("{:x}"), money);  // money_type
#elif TARIFF_FORMAT_CASE == 3
    return fmt::format(TARIFF_CHECKED("{:08,}"), total);  // zero_padding_with_grouping
#elif TARIFF_FORMAT_CASE == 4
    return fmt::format(TARIFF_CHECKED("{:>80}"), charge);  // charge_spec
#endif
}

int main() { return render().empty() ? 1 : 0; }
