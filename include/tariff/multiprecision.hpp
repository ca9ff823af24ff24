#pragma once
/// Opt-in wide representations for tariff::decimal, from Boost.Multiprecision:
///   tariff::checked_int128_t  128-bit magnitude, throws (as tariff::overflow_error) instead of
///   wrapping tariff::cpp_int           arbitrary precision: a decimal<S, cpp_int> never overflows
/// Kept out of <tariff/tariff.hpp> because Boost.Multiprecision is heavy to compile.

#include <boost/multiprecision/cpp_int.hpp>  // checked_int128_t, cpp_int
#include <cstdint>
#include <stdexcept>

#include "decimal.hpp"

namespace tariff {

using checked_int128_t = boost::multiprecision::checked_int128_t;
using cpp_int = boost::multiprecision::cpp_int;

namespace detail {

template <>
struct rep_ops<checked_int128_t> {
    static constexpr bool bounded = true;
    static constexpr int digits = 128;  // signed magnitude: +-(2^128 - 1)
    static constexpr int max_pow10 = 38;
    // Boost's checked arithmetic throws std::overflow_error; turn that into a status so that
    // bulk paths can report per element.
    static bool add(const checked_int128_t& a, const checked_int128_t& b,
                    checked_int128_t& out) noexcept {
        try {
            out = a + b;
            return true;
        } catch (const std::exception&) {
            return false;
        }
    }
    static bool sub(const checked_int128_t& a, const checked_int128_t& b,
                    checked_int128_t& out) noexcept {
        try {
            out = a - b;
            return true;
        } catch (const std::exception&) {
            return false;
        }
    }
    static bool mul(const checked_int128_t& a, const checked_int128_t& b,
                    checked_int128_t& out) noexcept {
        try {
            out = a * b;
            return true;
        } catch (const std::exception&) {
            return false;
        }
    }
    static checked_int128_t from_int64(std::int64_t v) noexcept { return checked_int128_t(v); }
};

template <>
struct rep_ops<cpp_int> {
    static constexpr bool bounded = false;
    static constexpr int digits = 0;  // unbounded
    static constexpr int max_pow10 = 0;
    static bool add(const cpp_int& a, const cpp_int& b, cpp_int& out) {
        out = a + b;
        return true;
    }
    static bool sub(const cpp_int& a, const cpp_int& b, cpp_int& out) {
        out = a - b;
        return true;
    }
    static bool mul(const cpp_int& a, const cpp_int& b, cpp_int& out) {
        out = a * b;
        return true;
    }
    static cpp_int from_int64(std::int64_t v) { return cpp_int(v); }
};

}  // namespace detail
}  // namespace tariff
