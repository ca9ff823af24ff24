// Compile-time checks: this file passes by compiling. What must not compile is detected with
// traits, what must work at compile time is used in constant expressions.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string_view>
#include <tariff/allocate.hpp>
#include <tariff/currency.hpp>
#include <tariff/decimal.hpp>
#include <tariff/money.hpp>
#include <tariff/rounding.hpp>
#include <type_traits>
#include <utility>

#include "support/reps.hpp"

namespace {

using tariff::decimal;
using tariff::money;
using tariff::rounding;
namespace iso = tariff::iso;

template <class A, class B, class = void>
struct can_add : std::false_type {};
template <class A, class B>
struct can_add<A, B, std::void_t<decltype(std::declval<A>() + std::declval<B>())>>
    : std::true_type {};

template <class A, class B, class = void>
struct can_subtract : std::false_type {};
template <class A, class B>
struct can_subtract<A, B, std::void_t<decltype(std::declval<A>() - std::declval<B>())>>
    : std::true_type {};

template <class A, class B, class = void>
struct can_multiply : std::false_type {};
template <class A, class B>
struct can_multiply<A, B, std::void_t<decltype(std::declval<A>() * std::declval<B>())>>
    : std::true_type {};

template <class A, class B, class = void>
struct can_compare : std::false_type {};
template <class A, class B>
struct can_compare<A, B, std::void_t<decltype(std::declval<A>() == std::declval<B>())>>
    : std::true_type {};

template <class T, class = void>
struct can_parse : std::false_type {};
template <class T>
struct can_parse<T, std::void_t<decltype(T::parse(std::string_view()))>> : std::true_type {};

using d2 = decimal<2>;
using d4 = decimal<4>;
using usd = money<iso::USD>;
using eur = money<iso::EUR>;

// --- No floating point, ever ---------------------------------------------------------------
static_assert(!std::is_constructible_v<d2, double>);
static_assert(!std::is_constructible_v<d2, float>);
static_assert(!std::is_constructible_v<d2, long double>);
static_assert(!std::is_convertible_v<double, d2>);
static_assert(!std::is_convertible_v<float, d2>);
static_assert(!std::is_constructible_v<decimal<2, tariff::cpp_int>, double>);
static_assert(!std::is_constructible_v<decimal<2, tariff::checked_int128_t>, float>);
static_assert(!std::is_assignable_v<d2&, double>);
static_assert(!can_add<d2, double>::value);
static_assert(!can_subtract<d2, float>::value);
static_assert(!can_compare<d2, double>::value);
static_assert(!std::is_constructible_v<usd, double>);
static_assert(!std::is_convertible_v<d2, double>);  // and no way back to floating point either
static_assert(!std::is_convertible_v<d2, std::int64_t>);

// --- The quantity of a multiplication is an integer -----------------------------------------
static_assert(!can_multiply<d2, double>::value);
static_assert(!can_multiply<double, d2>::value);
static_assert(!can_multiply<d2, float>::value);
static_assert(!can_multiply<d2, bool>::value);
static_assert(!can_multiply<d2, char>::value);
static_assert(!can_multiply<d2, wchar_t>::value);
static_assert(!can_multiply<d2, char16_t>::value);
static_assert(!can_multiply<d2, char32_t>::value);
static_assert(!std::is_constructible_v<d2, char>);
static_assert(!std::is_constructible_v<d2, bool>);
#if defined(__cpp_char8_t)
// Regression: C++20's char8_t was taken for an integer quantity and a count of whole units.
static_assert(!can_multiply<d2, char8_t>::value);
static_assert(!can_multiply<usd, char8_t>::value);
static_assert(!std::is_constructible_v<d2, char8_t>);
#endif
static_assert(!can_multiply<usd, double>::value);
static_assert(!can_multiply<usd, usd>::value);
static_assert(can_multiply<d2, int>::value);
static_assert(can_multiply<int, d2>::value);
static_assert(can_multiply<d2, std::int64_t>::value);
static_assert(can_multiply<d2, std::uint64_t>::value);
static_assert(can_multiply<d2, unsigned short>::value);
static_assert(can_multiply<usd, std::int64_t>::value);
static_assert(can_multiply<decimal<2, tariff::cpp_int>, tariff::cpp_int>::value);
// A decimal times a decimal is exact, at the sum of the scales.
static_assert(
    std::is_same_v<decltype(std::declval<d2>() * std::declval<decimal<3>>()), decimal<5>>);

// --- Integers convert only explicitly -------------------------------------------------------
static_assert(std::is_constructible_v<d2, int>);
static_assert(!std::is_convertible_v<int, d2>);
static_assert(!can_add<d2, int>::value);
static_assert(!can_compare<d2, int>::value);

// --- Scales: widening is implicit, narrowing needs round<S> ----------------------------------
static_assert(std::is_convertible_v<d2, d4>);
static_assert(std::is_convertible_v<decimal<0>, decimal<18>>);
static_assert(!std::is_convertible_v<d4, d2>);
static_assert(!std::is_constructible_v<d2, d4>);
static_assert(!std::is_assignable_v<d2&, d4>);
static_assert(
    std::is_same_v<decltype(std::declval<d2>() + std::declval<d4>()), d4>);  // they meet at d4
// Representations: only lossless ones are implicit.
static_assert(std::is_convertible_v<d2, decimal<2, tariff::checked_int128_t>>);
static_assert(std::is_convertible_v<d2, decimal<2, tariff::cpp_int>>);
static_assert(
    std::is_convertible_v<decimal<2, tariff::checked_int128_t>, decimal<4, tariff::cpp_int>>);
static_assert(!std::is_convertible_v<decimal<2, tariff::cpp_int>, d2>);
static_assert(!std::is_convertible_v<decimal<2, tariff::checked_int128_t>, d2>);
static_assert(
    !std::is_convertible_v<decimal<2, tariff::cpp_int>, decimal<2, tariff::checked_int128_t>>);

// --- The native 128-bit Rep: 16 bytes, a built-in integer, between int64 and Boost's types ---
using i128 = tariff::int128;
static_assert(sizeof(i128) == 16 && std::is_trivially_copyable_v<i128>);
static_assert(sizeof(decimal<2, i128>) == 16 && std::is_trivially_copyable_v<decimal<2, i128>>);
static_assert(sizeof(money<iso::USD, i128>) == 16);
static_assert(std::is_convertible_v<d2, decimal<2, i128>>);
static_assert(std::is_convertible_v<decimal<2, i128>, decimal<2, tariff::checked_int128_t>>);
static_assert(std::is_convertible_v<decimal<2, i128>, decimal<4, tariff::cpp_int>>);
static_assert(!std::is_convertible_v<decimal<2, i128>, d2>);
static_assert(!std::is_convertible_v<decimal<2, tariff::checked_int128_t>, decimal<2, i128>>);
static_assert(can_multiply<d2, i128>::value && can_multiply<decimal<2, i128>, int>::value);
static_assert(can_multiply<decimal<2, i128>, std::uint64_t>::value);
static_assert(!can_multiply<decimal<2, i128>, double>::value);
static_assert(!std::is_constructible_v<decimal<2, i128>, double>);
static_assert(can_add<usd, money<iso::USD, i128>>::value);
constexpr auto largest128 = decimal<2, i128>::parse("1701411834604692317316873037158841057.27");
static_assert(largest128.raw_value() == std::numeric_limits<i128>::max());
static_assert(decimal<2, i128>::parse("0.30") * 20000 == decimal<2, i128>::parse("6000"));
static_assert(decimal<38, i128>::parse("1.5").raw_value() / decimal<38, i128>::unit() == 1);

// --- Comparisons take any two decimals: exact, and at compile time ----------------------------
static_assert(can_compare<d2, d4>::value && can_compare<d4, d2>::value);
static_assert(can_compare<d2, decimal<2, tariff::cpp_int>>::value);
static_assert(can_compare<decimal<2, tariff::cpp_int>, d4>::value);  // neither converts
static_assert(can_compare<decimal<3, i128>, decimal<1, tariff::checked_int128_t>>::value);
static_assert(decimal<2>::parse("100000000000000.00") > decimal<6>::parse("0.000001"));
static_assert(decimal<2>::from_raw(INT64_MIN) < decimal<4>());
static_assert(!(decimal<0>::from_raw(INT64_MAX) == decimal<18>::from_raw(1)));
static_assert(decimal<2, i128>::parse("1.5") == decimal<1>::parse("1.5"));

// --- noexcept where nothing can throw; cpp_int may allocate, so it promises nothing -----------
static_assert(noexcept(std::declval<const d2&>() < std::declval<const d4&>()));
static_assert(noexcept(std::declval<const d2&>() == std::declval<const d2&>()));
static_assert(noexcept(std::declval<const decimal<2, i128>&>() >= std::declval<const d4&>()));
static_assert(noexcept(std::declval<const d2&>().is_zero()));
static_assert(noexcept(std::declval<const d2&>().is_negative()));
static_assert(noexcept(std::declval<const d2&>().raw_value()));
static_assert(noexcept(d2::from_raw(1)));
static_assert(noexcept(+std::declval<const d2&>()));
static_assert(noexcept(std::declval<const usd&>() < std::declval<const usd&>()));
static_assert(noexcept(std::declval<const usd&>().amount()));
static_assert(noexcept(std::declval<const usd&>().minor_units()));
static_assert(noexcept(usd::currency_info()));
static_assert(noexcept(usd::from_minor_units(1)));
static_assert(noexcept(tariff::find_currency("USD")));
static_assert(noexcept(tariff::currencies_begin()) && noexcept(tariff::currencies_end()));
static_assert(noexcept(iso::USD::info == iso::EUR::info));
static_assert(!noexcept(std::declval<const decimal<2, tariff::cpp_int>&>() <
                        std::declval<const d4&>()));
static_assert(!noexcept(std::declval<const decimal<2, tariff::cpp_int>&>().is_zero()));

// --- money_cast: exact conversion to money, the Rep kept or given ----------------------------
static_assert(std::is_same_v<
              decltype(tariff::money_cast<iso::EUR>(std::declval<decimal<18, tariff::cpp_int>>())),
              money<iso::EUR, tariff::cpp_int>>);
static_assert(
    std::is_same_v<decltype(tariff::money_cast<eur>(std::declval<decimal<18, tariff::cpp_int>>())),
                   eur>);
static_assert(std::is_same_v<decltype(tariff::money_cast<iso::EUR, std::int64_t>(
                                 std::declval<decimal<18, tariff::cpp_int>>())),
                             eur>);
static_assert(tariff::money_cast<iso::USD>(decimal<4>::parse("12.3400")) == usd::parse("12.34"));
static_assert(tariff::money_cast<iso::CLF>(decimal<0>(3)) == money<iso::CLF>::parse("3"));

// --- Currencies do not mix -------------------------------------------------------------------
static_assert(can_add<usd, usd>::value);
static_assert(can_subtract<usd, usd>::value);
static_assert(can_compare<usd, usd>::value);
static_assert(!can_add<usd, eur>::value);
static_assert(!can_subtract<usd, eur>::value);
static_assert(!can_compare<usd, eur>::value);
static_assert(!can_add<money<iso::JPY>, money<iso::CNY>>::value);
static_assert(!std::is_convertible_v<usd, eur>);
static_assert(!std::is_constructible_v<eur, usd>);
static_assert(!can_add<usd, d2>::value);  // money and a bare decimal neither
static_assert(!std::is_convertible_v<d2, usd>);
static_assert(!std::is_convertible_v<usd, d2>);
static_assert(can_add<usd, money<iso::USD, tariff::cpp_int>>::value);  // same currency, wider Rep
static_assert(!can_add<money<iso::USD, tariff::cpp_int>, eur>::value);
static_assert(std::is_same_v<usd::amount_type, d2>);
static_assert(std::is_same_v<money<iso::JPY>::amount_type, decimal<0>>);
static_assert(std::is_same_v<money<iso::BHD>::amount_type, decimal<3>>);
static_assert(std::is_same_v<money<iso::CLF>::amount_type, decimal<4>>);
static_assert(can_parse<usd>::value && can_parse<d2>::value);

// --- Constant expressions --------------------------------------------------------------------
constexpr auto fee = tariff::decimal<2>::parse("0.30") * 20000;
static_assert(fee == tariff::decimal<2>::parse("6000.00"));
static_assert(fee.raw_value() == 600000);
static_assert(20000 * tariff::decimal<2>::parse("0.30") == fee);
static_assert(tariff::decimal<2>::parse("0.35") * 1001 == tariff::decimal<2>::parse("350.35"));
static_assert(tariff::decimal<2>::parse("-1.5") + tariff::decimal<2>::parse("0.25") ==
              tariff::decimal<2>::parse("-1.25"));
static_assert(tariff::decimal<2>::parse("1") - tariff::decimal<2>::parse("1.01") <
              tariff::decimal<2>());
static_assert(-tariff::decimal<2>::parse("0.01") == tariff::decimal<2>::from_raw(-1));
static_assert(tariff::decimal<2>(5) == tariff::decimal<2>::parse("5.00"));
static_assert(tariff::decimal<4>(tariff::decimal<2>::parse("1.25")) ==
              tariff::decimal<4>::parse("1.2500"));
static_assert(tariff::decimal<2>::parse("0.30") * tariff::decimal<1>::parse("1.5") ==
              tariff::decimal<3>::parse("0.450"));
static_assert(tariff::decimal<0>::parse("-9223372036854775808").raw_value() == INT64_MIN);
static_assert(tariff::decimal<2>::parse("1.2300") == tariff::decimal<2>::parse("1.23"));
static_assert(tariff::decimal<2>() * (std::uint64_t{1} << 63) == tariff::decimal<2>());

// Rounding, at compile time, in every mode.
constexpr auto r(const char* text, rounding mode) {
    return tariff::round<0>(tariff::decimal<1>::parse(text), mode);
}
static_assert(r("2.5", rounding::half_up) == tariff::decimal<0>(3));
static_assert(r("2.5", rounding::half_even) == tariff::decimal<0>(2));
static_assert(r("2.5", rounding::half_down) == tariff::decimal<0>(2));
static_assert(r("-2.5", rounding::half_up) == tariff::decimal<0>(-3));
static_assert(r("-2.5", rounding::half_even) == tariff::decimal<0>(-2));
static_assert(r("-1.1", rounding::up) == tariff::decimal<0>(-2));
static_assert(r("-1.9", rounding::down) == tariff::decimal<0>(-1));
static_assert(r("-1.1", rounding::ceiling) == tariff::decimal<0>(-1));
static_assert(r("-1.1", rounding::floor) == tariff::decimal<0>(-2));
static_assert(r("5.5", rounding::half_even) == tariff::decimal<0>(6));
static_assert(tariff::quantize(tariff::decimal<4>::parse("1.2345"), 2, rounding::half_up) ==
              tariff::decimal<4>::parse("1.2300"));
static_assert(tariff::round<2>(tariff::decimal<2>::parse("1.23"), rounding::up) ==
              tariff::decimal<2>::parse("1.23"));

// Parse failures are reported without exceptions by try_parse, also at compile time.
constexpr tariff::parse_status status_of(std::string_view text) {
    tariff::decimal<2> out;
    return tariff::decimal<2>::try_parse(text, out);
}
static_assert(status_of("12.34") == tariff::parse_status::ok);
static_assert(status_of("1e3") == tariff::parse_status::syntax);
static_assert(status_of(".5") == tariff::parse_status::syntax);
static_assert(status_of("1.234") == tariff::parse_status::too_many_fraction_digits);
static_assert(status_of("92233720368547758.08") == tariff::parse_status::overflow);

// Money and currencies.
static_assert(usd::parse("0.30") * 20000 == usd::parse("6000.00"));
static_assert(usd::from_minor_units(600000) == usd::parse("6000"));
static_assert(tariff::to_money<iso::USD>(tariff::decimal<3>::parse("0.125"), rounding::half_even) ==
              usd::parse("0.12"));
static_assert(iso::USD::minor_units == 2 && iso::JPY::minor_units == 0 &&
              iso::BHD::minor_units == 3 && iso::CLF::minor_units == 4);
static_assert(iso::USD::code == "USD" && iso::USD::numeric == 840);
static_assert(tariff::find_currency("EUR") != nullptr &&
              tariff::find_currency("EUR")->minor_units == 2);
static_assert(tariff::find_currency("usd") == nullptr);
static_assert(usd::currency_info() == iso::USD::info);
static_assert(usd::parse("6000.00 USD") == usd::parse("6000"));  // what to_string prints

// Rounding-mode names.
static_assert(tariff::to_string_view(rounding::half_even) == "half_even");
constexpr rounding mode_named(std::string_view name) {
    rounding m = rounding::up;
    tariff::rounding_from_name(name, m);
    return m;
}
static_assert(mode_named("ceiling") == rounding::ceiling);
static_assert(mode_named("floor") == rounding::floor);

}  // namespace

TEST_CASE("compile-time checks: this translation unit compiled") {
    CHECK(fee == tariff::decimal<2>::parse("6000.00"));
}
