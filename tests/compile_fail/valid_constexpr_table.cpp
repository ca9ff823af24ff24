// Must compile: invalid_constexpr_table.cpp with its third bound corrected.
#define TARIFF_THIRD_BOUND 100000
#include "invalid_constexpr_table.cpp"
