#pragma once
// The representations every numeric test runs over, and what the reference knows of them.
#include <cstdint>
#include <string>
#include <tariff/multiprecision.hpp>
#include <type_traits>

#include "reference.hpp"

#define TARIFF_TEST_REPS std::int64_t, tariff::int128, tariff::checked_int128_t, tariff::cpp_int

namespace test_reps {

/// A short name for messages.
template <class Rep>
std::string label() {
    if constexpr (std::is_same_v<Rep, std::int64_t>)
        return "int64";
    else if constexpr (std::is_same_v<Rep, tariff::int128>)
        return "int128";
    else if constexpr (std::is_same_v<Rep, tariff::checked_int128_t>)
        return "checked_int128";
    else {
        static_assert(std::is_same_v<Rep, tariff::cpp_int>);
        return "cpp_int";
    }
}

/// Whether the raw integer x is representable in Rep, by the reference's arithmetic.
template <class Rep>
bool fits(const reference::integer& x) {
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        static const reference::integer min = reference::int64_min(), max = reference::int64_max();
        return x >= min && x <= max;
    } else if constexpr (std::is_same_v<Rep, tariff::int128>) {
        static const reference::integer min = reference::int128_min(),
                                        max = reference::int128_max();
        return x >= min && x <= max;
    } else if constexpr (std::is_same_v<Rep, tariff::checked_int128_t>) {
        static const reference::integer max = reference::int128_magnitude_max();
        return x.abs() <= max;
    } else {
        static_assert(std::is_same_v<Rep, tariff::cpp_int>);
        return true;
    }
}

/// The largest scale of a decimal over Rep (unbounded: one to test with).
template <class Rep>
constexpr int max_scale() {
    if constexpr (std::is_same_v<Rep, std::int64_t>)
        return 18;
    else if constexpr (std::is_same_v<Rep, tariff::cpp_int>)
        return 60;
    else
        return 38;
}

}  // namespace test_reps
