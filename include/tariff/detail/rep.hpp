#pragma once
// Checked arithmetic on the integer representation of a decimal. Every operation reports
// overflow instead of wrapping; the throwing wrappers live in decimal.hpp. Built-in signed
// integers use the compiler's overflow builtins; Boost.Multiprecision types are added by
// <tariff/multiprecision.hpp> through further specialisations of rep_ops.

#include <cstdint>
#include <limits>
#include <type_traits>

namespace tariff::detail {

/// rep_ops<Rep> is specialised for every supported representation; the primary is undefined.
template <class Rep, class = void>
struct rep_ops;

template <class Rep, class = void>
struct is_supported_rep : std::false_type {};
template <class Rep>
struct is_supported_rep<Rep, std::void_t<decltype(rep_ops<Rep>::bounded)>> : std::true_type {};

template <class T>
struct rep_ops<T, std::enable_if_t<std::is_integral_v<T> && std::is_signed_v<T> &&
                                   (sizeof(T) >= sizeof(std::int64_t))>> {
    static constexpr bool bounded = true;
    static constexpr int digits = std::numeric_limits<T>::digits;
    /// Largest n with 10^n representable.
    static constexpr int max_pow10 = std::numeric_limits<T>::digits10;
    static constexpr bool add(T a, T b, T& out) noexcept {
        return !__builtin_add_overflow(a, b, &out);
    }
    static constexpr bool sub(T a, T b, T& out) noexcept {
        return !__builtin_sub_overflow(a, b, &out);
    }
    static constexpr bool mul(T a, T b, T& out) noexcept {
        return !__builtin_mul_overflow(a, b, &out);
    }
    static constexpr T from_int64(std::int64_t v) noexcept { return static_cast<T>(v); }
};

/// Converts between representations; false when the value does not fit `To`.
template <class To, class From>
constexpr bool convert_rep(const From& from, To& out) {
    if constexpr (std::is_same_v<To, From>) {
        out = from;
        return true;
    } else if constexpr (std::is_integral_v<From> && std::is_integral_v<To>) {
        if constexpr (std::is_signed_v<From>) {
            if (from < 0) {
                if (static_cast<std::intmax_t>(from) <
                    static_cast<std::intmax_t>(std::numeric_limits<To>::min()))
                    return false;
                out = static_cast<To>(from);
                return true;
            }
        }
        if (static_cast<std::uintmax_t>(from) >
            static_cast<std::uintmax_t>(std::numeric_limits<To>::max()))
            return false;
        out = static_cast<To>(from);
        return true;
    } else {
        // At least one side is a multiprecision type: compare against To's limits in the
        // wider of the two types, then convert.
        if constexpr (!rep_ops<To>::bounded) {
            if constexpr (std::is_integral_v<From> && std::is_unsigned_v<From>) {
                out = To(static_cast<std::uint64_t>(from));
            } else {
                out = To(from);
            }
            return true;
        } else if constexpr (std::is_integral_v<From> &&
                             std::numeric_limits<From>::digits <= rep_ops<To>::digits) {
            out = To(from);
            return true;
        } else if constexpr (!std::is_integral_v<From> && rep_ops<From>::bounded &&
                             rep_ops<From>::digits <= rep_ops<To>::digits) {
            out = To(from);
            return true;
        } else {
            if (from > From(std::numeric_limits<To>::max()) ||
                from < From(std::numeric_limits<To>::min()))
                return false;
            out = static_cast<To>(from);
            return true;
        }
    }
}

template <class To, class From>
inline constexpr bool is_lossless_rep_v = [] {
    if constexpr (std::is_same_v<To, From>)
        return true;
    else if constexpr (!rep_ops<To>::bounded)
        return true;
    else if constexpr (!rep_ops<From>::bounded)
        return false;
    else
        return rep_ops<From>::digits <= rep_ops<To>::digits;
}();

/// 10^n in Rep, or false on overflow.
template <class Rep>
constexpr bool pow10(int n, Rep& out) {
    if constexpr (std::is_integral_v<Rep>) {
        if (n < 0 || n > std::numeric_limits<Rep>::digits10) return false;
        Rep r = 1;
        for (int i = 0; i < n; ++i) r = static_cast<Rep>(r * 10);
        out = r;
        return true;
    }
    Rep r = rep_ops<Rep>::from_int64(1);
    const Rep ten = rep_ops<Rep>::from_int64(10);
    for (int i = 0; i < n; ++i) {
        if (!rep_ops<Rep>::mul(r, ten, r)) return false;
    }
    out = r;
    return true;
}

}  // namespace tariff::detail
