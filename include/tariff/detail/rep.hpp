#pragma once
// Checked arithmetic on the integer representation of a decimal. Every operation reports
// overflow instead of wrapping; the throwing wrappers live in decimal.hpp. Built-in signed
// integers (std::int64_t, tariff::int128) use the compiler's overflow builtins;
// Boost.Multiprecision types are added by <tariff/multiprecision.hpp> through further
// specialisations of rep_ops.

#include <cstdint>
#include <limits>
#include <type_traits>

#if !defined(__GNUC__) || !defined(__SIZEOF_INT128__)
#error "tariff needs GCC or Clang: it relies on their overflow builtins and __int128"
#endif

namespace tariff {

/// A native, checked 128-bit Rep for decimal and money: 16 bytes, trivially copyable, range
/// [-2^127, 2^127 - 1], Scale <= 38. A plain built-in integer (like std::int64_t), so that
/// arrays of it are what the hardware moves; decimal's arithmetic checks every step with the
/// compiler's overflow builtins. Print it with tariff::to_string(decimal) (iostreams do not
/// know __int128).
__extension__ typedef __int128 int128;

namespace detail {

__extension__ typedef unsigned __int128 uint128;

/// The compiler's integer types, including the 128-bit ones that strict -std=c++17 does not call
/// integral (std::is_integral_v<__int128> depends on -std=gnu++17 vs c++17; this does not).
template <class T>
inline constexpr bool is_builtin_integer_v =
    std::is_integral_v<T> || std::is_same_v<T, int128> || std::is_same_v<T, uint128>;

template <class T>
inline constexpr bool is_builtin_signed_v = is_builtin_integer_v<T> && (T(-1) < T(0));

/// rep_ops<Rep> is specialised for every supported representation; the primary is undefined.
template <class Rep, class = void>
struct rep_ops;

template <class Rep, class = void>
struct is_supported_rep : std::false_type {};
template <class Rep>
struct is_supported_rep<Rep, std::void_t<decltype(rep_ops<Rep>::bounded)>> : std::true_type {};

template <class T>
struct rep_ops<T, std::enable_if_t<is_builtin_signed_v<T> && (sizeof(T) >= sizeof(std::int64_t))>> {
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

/// Whether every value of From is a value of To: built-in integers by their limits, the
/// representations by rep_ops (Boost's checked_int128_t is sign-magnitude, +-(2^128 - 1)).
template <class To, class From>
constexpr bool always_fits() {
    if constexpr (std::is_same_v<To, From>) {
        return true;
    } else if constexpr (is_builtin_integer_v<To> && is_builtin_integer_v<From>) {
        using to_limits = std::numeric_limits<To>;
        using from_limits = std::numeric_limits<From>;
        return (to_limits::is_signed || !from_limits::is_signed) &&
               from_limits::digits <= to_limits::digits;
    } else if constexpr (is_builtin_integer_v<To>) {
        return false;  // From is a multiprecision type, wider than any built-in integer
    } else if constexpr (!rep_ops<To>::bounded) {
        return true;
    } else if constexpr (is_builtin_integer_v<From>) {
        return std::numeric_limits<From>::digits <= rep_ops<To>::digits;
    } else {
        return rep_ops<From>::bounded && rep_ops<From>::digits <= rep_ops<To>::digits;
    }
}

/// Converts between representations and built-in integers; false when the value does not fit
/// `To`. Never throws for built-in integers.
template <class To, class From>
constexpr bool convert_rep(const From& from, To& out) noexcept(
    is_builtin_integer_v<To>&& is_builtin_integer_v<From>) {
    if constexpr (always_fits<To, From>()) {
        out = static_cast<To>(from);
        return true;
    } else if constexpr (is_builtin_integer_v<From> && is_builtin_integer_v<To>) {
        // Compare in the widest type of the sign that cannot lose the value.
        if constexpr (std::numeric_limits<From>::is_signed) {
            if (from < 0) {
                if (!std::numeric_limits<To>::is_signed ||
                    static_cast<int128>(from) < static_cast<int128>(std::numeric_limits<To>::min()))
                    return false;
                out = static_cast<To>(from);
                return true;
            }
        }
        if (static_cast<uint128>(from) > static_cast<uint128>(std::numeric_limits<To>::max()))
            return false;
        out = static_cast<To>(from);
        return true;
    } else if constexpr (is_builtin_integer_v<To>) {
        // A multiprecision value into a built-in integer: every limit of To is a value of From.
        if (from > From(std::numeric_limits<To>::max()) ||
            from < From(std::numeric_limits<To>::min()))
            return false;
        out = static_cast<To>(from);
        return true;
    } else {
        static_assert(
            !is_builtin_integer_v<From>,
            "a bounded multiprecision Rep must hold every value of the built-in integers");
        // Two multiprecision types, From the wider: compare against To's limits in From.
        if (from > From(std::numeric_limits<To>::max()) ||
            from < From(std::numeric_limits<To>::min()))
            return false;
        out = static_cast<To>(from);
        return true;
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
    if constexpr (is_builtin_integer_v<Rep>) {
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

}  // namespace detail
}  // namespace tariff
