#pragma once
// The representations every numeric test runs over.
#include <cstdint>
#include <tariff/multiprecision.hpp>

#define TARIFF_TEST_REPS std::int64_t, tariff::checked_int128_t, tariff::cpp_int
