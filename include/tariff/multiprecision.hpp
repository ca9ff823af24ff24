#pragma once
/// Opt-in wide representations for tariff::decimal, from Boost.Multiprecision:
/// - tariff::checked_int128_t: 128-bit magnitude (sign-magnitude, +-(2^128 - 1), 32 bytes); throws
///   (as tariff::overflow_error) instead of wrapping. The native 16-byte tariff::int128 needs no
///   Boost and is the faster 128-bit Rep.
/// - tariff::cpp_int: arbitrary precision; a decimal<S, cpp_int> never overflows.
/// Kept out of <tariff/tariff.hpp> because Boost.Multiprecision is heavy to compile.

// g++ 12 at -O2 can take the pointer branch of cpp_int's limbs() for uninitialised when a small
// (inline) cpp_int is copied inside a larger inlined function: a false -Wmaybe-uninitialized in
// Boost's header, silenced there only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/multiprecision/cpp_int.hpp>  // checked_int128_t, cpp_int
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
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
