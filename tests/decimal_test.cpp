// tariff::decimal: parsing, printing, conversions, rounding and arithmetic over every
// representation.

#include <doctest/doctest.h>

#include <tariff/decimal.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "support/reps.hpp"

TEST_CASE_TEMPLATE("decimal: * by an unsigned 64-bit quantity above INT64_MAX is exact", Rep, TARIFF_TEST_REPS) {
    // Regression: the quantity was converted to Rep before multiplying, so with int64 any
    // quantity above INT64_MAX threw overflow_error, even 0 x 2^63 whose result is 0.
    using D2 = tariff::decimal<2, Rep>;
    constexpr std::uint64_t two_63 = std::uint64_t{1} << 63;
    constexpr std::uint64_t u64_max = std::numeric_limits<std::uint64_t>::max();
    CHECK(tariff::to_string(D2() * u64_max) == "0.00");
    CHECK(tariff::to_string(two_63 * D2()) == "0.00");
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        CHECK(tariff::to_string(D2::parse("-0.01") * two_63) == "-92233720368547758.08");
        CHECK_THROWS_AS(D2::parse("0.01") * two_63, tariff::overflow_error);
        CHECK_THROWS_AS(D2::parse("-0.01") * (two_63 + 1), tariff::overflow_error);
        CHECK_THROWS_AS(D2::parse("0.01") * u64_max, tariff::overflow_error);
    } else {
        CHECK(tariff::to_string(D2::parse("0.01") * two_63) == "92233720368547758.08");
        CHECK(tariff::to_string(D2::parse("-1.00") * u64_max) == "-18446744073709551615.00");
    }
}
