// Must NOT compile: a constexpr tier table whose third bound does not exceed the second.
// Validation throws tariff::invalid_table_rule, and a throw is not a constant expression, so
// the compiler rejects the table. valid_constexpr_table.cpp compiles this same file with the
// bound corrected, which shows that the bound, and nothing else, is what fails.

#include <tariff/tier_table.hpp>

#ifndef TARIFF_THIRD_BOUND
#define TARIFF_THIRD_BOUND 10000  // not greater than the second bound: invalid
#endif

constexpr tariff::tier_table<tariff::iso::USD, tariff::decimal<2>> faceid(
    tariff::tier_mode::volume, {{1000, "0.40"},
                                {10000, "0.35"},
                                {TARIFF_THIRD_BOUND, "0.30"},
                                {tariff::unbounded, tariff::contact_sales}});

static_assert(faceid.size() == 4);

int main() { return faceid.tier_index(20000) == 2 ? 0 : 1; }
