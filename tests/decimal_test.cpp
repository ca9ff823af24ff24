// tariff::decimal: parsing, printing, conversions, rounding and arithmetic over every
// representation, first by example, then by property against the independent reference in
// support/reference.hpp.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <tariff/decimal.hpp>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/reference.hpp"
#include "support/reps.hpp"

namespace {

using tariff::rounding;

constexpr rounding all_modes[] = {rounding::half_up, rounding::half_even, rounding::half_down,
                                  rounding::up,      rounding::down,      rounding::ceiling,
                                  rounding::floor};

reference::mode ref_mode(rounding m) {
    switch (m) {
        case rounding::half_up:
            return reference::mode::half_up;
        case rounding::half_even:
            return reference::mode::half_even;
        case rounding::half_down:
            return reference::mode::half_down;
        case rounding::up:
            return reference::mode::up;
        case rounding::down:
            return reference::mode::down;
        case rounding::ceiling:
            return reference::mode::ceiling;
        case rounding::floor:
            return reference::mode::floor;
    }
    return reference::mode::down;
}

const reference::integer& int64_min() {
    static const reference::integer v = reference::int64_min();
    return v;
}
const reference::integer& int64_max() {
    static const reference::integer v = reference::int64_max();
    return v;
}
const reference::integer& int128_max() {
    static const reference::integer v = reference::int128_magnitude_max();
    return v;
}
const reference::integer& native_int128_max() {
    static const reference::integer v = reference::int128_max();
    return v;
}

using test_reps::fits;
using test_reps::max_scale;

/// Checks a library result against the reference: the exact digits when `expected` fits Rep,
/// otherwise an overflow_error (and no other exception). Returns whether it behaved.
template <class Rep, class F>
bool check_result(const reference::integer& expected, int scale, F&& compute) {
    if (fits<Rep>(expected)) {
        try {
            const std::string got = tariff::to_string(compute());
            const std::string want = reference::format_fixed(expected, scale);
            CHECK(got == want);
            return got == want;
        } catch (const std::exception& e) {
            FAIL_CHECK("unexpected exception: " << std::string(e.what()) << " (expected "
                                                << reference::format_fixed(expected, scale) << ")");
            return false;
        }
    }
    try {
        const std::string got = tariff::to_string(compute());
        FAIL_CHECK("expected overflow_error, got " << got << " (exact result " << expected.to_text()
                                                   << ")");
    } catch (const tariff::overflow_error&) {
        return true;
    } catch (const std::exception& e) {
        FAIL_CHECK("expected overflow_error, got another exception: " << std::string(e.what()));
    }
    return false;
}

/// The raw integer of a library decimal, read back through its text.
template <int Scale, class Rep>
reference::integer raw_of(const tariff::decimal<Scale, Rep>& d) {
    return *reference::parse_fixed(tariff::to_string(d), Scale);
}

template <class E, class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Parsing

TEST_CASE_TEMPLATE("decimal: parse accepts [sign] digits [. digits]", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    using D0 = tariff::decimal<0, Rep>;
    using D4 = tariff::decimal<4, Rep>;
    CHECK(tariff::to_string(D2::parse("0")) == "0.00");
    CHECK(tariff::to_string(D2::parse("12")) == "12.00");
    CHECK(tariff::to_string(D2::parse("12.3")) == "12.30");
    CHECK(tariff::to_string(D2::parse("12.34")) == "12.34");
    CHECK(tariff::to_string(D2::parse("-12.34")) == "-12.34");
    CHECK(tariff::to_string(D2::parse("+12.34")) == "12.34");
    CHECK(tariff::to_string(D2::parse("-0")) == "0.00");
    CHECK(tariff::to_string(D2::parse("-0.00")) == "0.00");
    CHECK(tariff::to_string(D2::parse("007.50")) == "7.50");
    CHECK(tariff::to_string(D2::parse("0.30")) == "0.30");
    CHECK(tariff::to_string(D2::parse("1.2300")) == "1.23");  // extra zeros are not digits lost
    CHECK(tariff::to_string(D2::parse("-1.200000000000000000000000000000")) == "-1.20");
    CHECK(D2::parse("1.23").raw_value() == Rep(123));
    CHECK(D2::parse("-0.05").raw_value() == Rep(-5));
    CHECK(tariff::to_string(D0::parse("5")) == "5");
    CHECK(tariff::to_string(D0::parse("5.000")) == "5");
    CHECK(tariff::to_string(D0::parse("-5.0")) == "-5");
    CHECK(tariff::to_string(D4::parse("1.2345")) == "1.2345");
    CHECK(tariff::to_string(D4::parse("0.0001")) == "0.0001");

    D2 out = D2::parse("9.99");
    CHECK(D2::try_parse("1.50", out) == tariff::parse_status::ok);
    CHECK(out == D2::parse("1.5"));
}

TEST_CASE_TEMPLATE("decimal: parse rejects everything else with a parse_error naming the input",
                   Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    const std::vector<std::string> bad = {
        "",
        "-",
        "+",
        ".5",
        "-.5",
        "5.",
        "-5.",
        "1e3",
        "1E3",
        "1,000",
        "1_000",
        " 1",
        "1 ",
        "\t1",
        "1\n",
        "0x10",
        "--1",
        "+-1",
        "-+1",
        "1.2.3",
        "1..2",
        ".",
        "abc",
        "1a",
        "nan",
        "inf",
        "1/2",
        "1-",
        "1+",
        "\xD9\xA1",      // ARABIC-INDIC DIGIT ONE
        "\xEF\xBC\x91",  // FULLWIDTH DIGIT ONE
        "1\xC2\xA0"
        "000",                  // NO-BREAK SPACE as a group separator
        std::string("1\0", 2),  // an embedded NUL is not the end of the text
    };
    for (const std::string& text : bad) {
        INFO("input: \"" << text << "\"");
        CHECK_THROWS_AS(D2::parse(text), tariff::parse_error);
        // what() is a C string: text with an embedded NUL can only be named up to the NUL.
        std::string named(1, '"');
        if (text.find('\0') == std::string::npos)
            named.append(text).append(1, '"');
        else
            named.append(text, 0, text.find('\0'));
        const std::string what = message_of<tariff::parse_error>([&] { D2::parse(text); });
        CHECK(what.find(named) != std::string::npos);
        D2 out;
        CHECK(D2::try_parse(text, out) == tariff::parse_status::syntax);
    }
    // parse_error is a tariff::error and a std::runtime_error.
    CHECK_THROWS_AS(D2::parse("x"), tariff::error);
    CHECK_THROWS_AS(D2::parse("x"), std::runtime_error);
}

TEST_CASE_TEMPLATE("decimal: more fraction digits than Scale are an error unless they are zeros",
                   Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    using D0 = tariff::decimal<0, Rep>;
    CHECK_THROWS_AS(D2::parse("1.234"), tariff::parse_error);
    CHECK_THROWS_AS(D2::parse("1.2301"), tariff::parse_error);
    CHECK_THROWS_AS(D2::parse("-0.001"), tariff::parse_error);
    CHECK_THROWS_AS(D0::parse("0.5"), tariff::parse_error);
    const std::string what = message_of<tariff::parse_error>([] { D2::parse("1.234"); });
    CHECK(what.find("\"1.234\"") != std::string::npos);
    CHECK(what.find("fraction digits") != std::string::npos);
    D2 out;
    CHECK(D2::try_parse("1.234", out) == tariff::parse_status::too_many_fraction_digits);
    CHECK(tariff::to_string(D2::parse("1.230")) == "1.23");
    CHECK(tariff::to_string(D0::parse("7.00")) == "7");
}

TEST_CASE_TEMPLATE("decimal: a number too large for Rep is an overflow_error, not a parse_error",
                   Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    const std::string huge = "1" + std::string(60, '0');
    const std::string huge_negative = "-" + std::string(45, '9') + ".99";
    if constexpr (std::is_same_v<Rep, tariff::cpp_int>) {
        CHECK(tariff::to_string(D2::parse(huge)) == huge + ".00");
        CHECK(tariff::to_string(D2::parse(huge_negative)) == huge_negative);
    } else {
        CHECK_THROWS_AS(D2::parse(huge), tariff::overflow_error);
        CHECK_THROWS_AS(D2::parse(huge_negative), tariff::overflow_error);
        const std::string what = message_of<tariff::overflow_error>([&] { D2::parse(huge); });
        CHECK(what.find("\"" + huge + "\"") != std::string::npos);
        D2 out;
        CHECK(D2::try_parse(huge, out) == tariff::parse_status::overflow);
    }
    // Leading zeros do not count towards the size.
    CHECK(tariff::to_string(D2::parse(std::string(80, '0') + "1.5")) == "1.50");
}

TEST_CASE("decimal: messages start with their subject, without a library prefix") {
    using D2 = tariff::decimal<2>;
    CHECK_THROWS_WITH_AS(D2::parse("1e3"),
                         "\"1e3\" is not a decimal<2, int64>: unexpected 'e' at position 2",
                         tariff::parse_error);
    CHECK_THROWS_WITH_AS(D2::parse("92233720368547758.08"),
                         "\"92233720368547758.08\" does not fit decimal<2, int64>",
                         tariff::overflow_error);
    CHECK_THROWS_WITH_AS(D2::from_raw(std::numeric_limits<std::int64_t>::max()) + D2::parse("0.01"),
                         "overflow: 92233720368547758.07 + 0.01 in decimal<2, int64>",
                         tariff::overflow_error);
    using D2_128 = tariff::decimal<2, tariff::int128>;
    CHECK_THROWS_WITH_AS(D2_128::parse("1.234"),
                         "\"1.234\" is not a decimal<2, int128>: more than 2 fraction digits "
                         "(round it explicitly)",
                         tariff::parse_error);
}

// ---------------------------------------------------------------------------------------------
// Printing

TEST_CASE_TEMPLATE("decimal: to_string prints exactly Scale fraction digits, never -0", Rep,
                   TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    using D0 = tariff::decimal<0, Rep>;
    using D3 = tariff::decimal<3, Rep>;
    CHECK(tariff::to_string(D2()) == "0.00");
    CHECK(tariff::to_string(D2::from_raw(Rep(-5))) == "-0.05");
    CHECK(tariff::to_string(D2::from_raw(Rep(5))) == "0.05");
    CHECK(tariff::to_string(D2::from_raw(Rep(-100))) == "-1.00");
    CHECK(tariff::to_string(D2::from_raw(Rep(600000))) == "6000.00");
    CHECK(tariff::to_string(-D2()) == "0.00");
    CHECK(tariff::to_string(D0::from_raw(Rep(-7))) == "-7");
    CHECK(tariff::to_string(D0()) == "0");
    CHECK(tariff::to_string(D3::from_raw(Rep(-1))) == "-0.001");
    // A negative amount that rounds to zero prints as zero.
    for (rounding m : {rounding::half_up, rounding::half_even, rounding::half_down, rounding::down,
                       rounding::ceiling}) {
        CHECK(tariff::to_string(tariff::round<2>(D3::parse("-0.004"), m)) == "0.00");
    }
    std::ostringstream os;
    os << D2::parse("-12.5") << ' ' << D0::parse("3");
    CHECK(os.str() == "-12.50 3");
}

// ---------------------------------------------------------------------------------------------
// Construction and conversion

TEST_CASE_TEMPLATE("decimal: whole units and raw values", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    CHECK(tariff::to_string(D2(5)) == "5.00");
    CHECK(tariff::to_string(D2(-3)) == "-3.00");
    CHECK(tariff::to_string(D2(std::uint64_t{7})) == "7.00");
    CHECK(tariff::to_string(D2(static_cast<short>(-2))) == "-2.00");
    CHECK(tariff::to_string(D2::from_raw(Rep(123))) == "1.23");
    CHECK(D2::unit() == Rep(100));
    CHECK(tariff::decimal<0, Rep>::unit() == Rep(1));
    CHECK(D2(1).raw_value() == D2::unit());
    CHECK(D2().is_zero());
    CHECK(D2::parse("-0.01").is_negative());
    CHECK_FALSE(D2::parse("0.00").is_negative());
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        CHECK_THROWS_AS(static_cast<void>(D2(std::numeric_limits<std::int64_t>::max())),
                        tariff::overflow_error);
        CHECK_THROWS_AS(static_cast<void>(D2(std::numeric_limits<std::uint64_t>::max())),
                        tariff::overflow_error);
        CHECK(tariff::to_string(tariff::decimal<0>(std::numeric_limits<std::int64_t>::min())) ==
              "-9223372036854775808");
        CHECK_THROWS_AS(static_cast<void>(tariff::decimal<0>(std::uint64_t{1} << 63)),
                        tariff::overflow_error);
    } else {
        CHECK(tariff::to_string(D2(std::numeric_limits<std::uint64_t>::max())) ==
              "18446744073709551615.00");
        CHECK(tariff::to_string(D2(std::numeric_limits<std::int64_t>::min())) ==
              "-9223372036854775808.00");
    }
}

TEST_CASE_TEMPLATE("decimal: widening to more fraction digits or a wider Rep is implicit and exact",
                   Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    using D4 = tariff::decimal<4, Rep>;
    const D4 wide = D2::parse("1.25");
    CHECK(tariff::to_string(wide) == "1.2500");
    const tariff::decimal<2, tariff::cpp_int> big = D2::parse("-7.05");
    CHECK(tariff::to_string(big) == "-7.05");
    const tariff::decimal<6, tariff::cpp_int> both = D2::parse("-7.05");
    CHECK(tariff::to_string(both) == "-7.050000");
    // Mixed scales meet at the finer one.
    CHECK(tariff::to_string(D4::parse("0.0001") + D4(D2::parse("1.00"))) == "1.0001");
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        const tariff::decimal<2, tariff::checked_int128_t> mid = D2::parse("3.10");
        CHECK(tariff::to_string(mid) == "3.10");
        // 92233720368547758.07 has no room for two more digits in an int64.
        const D2 max = D2::from_raw(std::numeric_limits<std::int64_t>::max());
        CHECK_THROWS_AS(static_cast<void>(D4(max)), tariff::overflow_error);
        CHECK(tariff::to_string(tariff::decimal<4, tariff::cpp_int>(max)) ==
              "92233720368547758.0700");
    }
}

TEST_CASE_TEMPLATE("decimal: rep_cast converts the representation, checked", Rep,
                   TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    CHECK(tariff::to_string(tariff::rep_cast<std::int64_t>(D2::parse("-1.23"))) == "-1.23");
    CHECK(tariff::to_string(tariff::rep_cast<tariff::cpp_int>(D2::parse("-1.23"))) == "-1.23");
    CHECK(tariff::to_string(tariff::rep_cast<tariff::checked_int128_t>(D2::parse("1.23"))) ==
          "1.23");
    if constexpr (!std::is_same_v<Rep, std::int64_t>) {
        const D2 big = D2::parse("92233720368547758.08");  // one step above int64
        CHECK_THROWS_AS(tariff::rep_cast<std::int64_t>(big), tariff::overflow_error);
        CHECK_THROWS_AS(tariff::rep_cast<std::int64_t>(-big - D2::parse("0.01")),
                        tariff::overflow_error);
        CHECK(tariff::to_string(tariff::rep_cast<std::int64_t>(-big)) == "-92233720368547758.08");
    }
    if constexpr (std::is_same_v<Rep, tariff::cpp_int>) {
        const D2 big = D2::parse("3402823669209384634633746074317682114.56");  // 2^128 minor units
        CHECK_THROWS_AS(tariff::rep_cast<tariff::checked_int128_t>(big), tariff::overflow_error);
        CHECK(tariff::to_string(tariff::rep_cast<tariff::checked_int128_t>(
                  big - D2::parse("0.01"))) == "3402823669209384634633746074317682114.55");
    }
}

// ---------------------------------------------------------------------------------------------
// Rounding

namespace {

/// Java's RoundingMode table: value -> result at 0 fraction digits, for each mode in the
/// order half_up, half_even, half_down, up, down, ceiling, floor.
struct rounding_row {
    const char* value;
    int results[7];
};
// clang-format off
constexpr rounding_row rounding_table[] = {
    //         half_up half_even half_down up down ceiling floor
    {"5.5",  { 6,  6,  5,  6,  5,  6,  5}},
    {"2.5",  { 3,  2,  2,  3,  2,  3,  2}},
    {"1.6",  { 2,  2,  2,  2,  1,  2,  1}},
    {"1.1",  { 1,  1,  1,  2,  1,  2,  1}},
    {"1.0",  { 1,  1,  1,  1,  1,  1,  1}},
    {"-1.0", {-1, -1, -1, -1, -1, -1, -1}},
    {"-1.1", {-1, -1, -1, -2, -1, -1, -2}},
    {"-1.6", {-2, -2, -2, -2, -1, -1, -2}},
    {"-2.5", {-3, -2, -2, -3, -2, -2, -3}},
    {"-5.5", {-6, -6, -5, -6, -5, -5, -6}},
};
// clang-format on

}  // namespace

TEST_CASE_TEMPLATE("rounding: Java's RoundingMode table", Rep, TARIFF_TEST_REPS) {
    using D1 = tariff::decimal<1, Rep>;
    for (const rounding_row& row : rounding_table) {
        for (std::size_t m = 0; m < 7; ++m) {
            INFO(row.value << " " << tariff::to_string_view(all_modes[m]));
            const auto rounded = tariff::round<0>(D1::parse(row.value), all_modes[m]);
            CHECK(tariff::to_string(rounded) == std::to_string(row.results[m]));
            // The reference agrees with the table too.
            CHECK(reference::divide_pow10(*reference::parse_fixed(row.value, 1), 1,
                                          ref_mode(all_modes[m]))
                      .to_text() == std::to_string(row.results[m]));
        }
    }
}

TEST_CASE_TEMPLATE("rounding: to fewer fraction digits, positive and negative", Rep,
                   TARIFF_TEST_REPS) {
    using D4 = tariff::decimal<4, Rep>;
    using D2 = tariff::decimal<2, Rep>;
    auto r2 = [](const char* text, rounding m) {
        return tariff::to_string(tariff::round<2>(D4::parse(text), m));
    };
    CHECK(r2("1.2345", rounding::half_up) == "1.23");
    CHECK(r2("1.2350", rounding::half_up) == "1.24");
    CHECK(r2("1.2350", rounding::half_even) == "1.24");
    CHECK(r2("1.2250", rounding::half_even) == "1.22");
    CHECK(r2("1.2250", rounding::half_down) == "1.22");
    CHECK(r2("1.2251", rounding::half_down) == "1.23");
    CHECK(r2("-1.2350", rounding::half_up) == "-1.24");
    CHECK(r2("-1.2250", rounding::half_even) == "-1.22");
    CHECK(r2("-1.2350", rounding::half_even) == "-1.24");
    CHECK(r2("-1.2250", rounding::half_down) == "-1.22");
    CHECK(r2("-1.2201", rounding::up) == "-1.23");
    CHECK(r2("-1.2299", rounding::down) == "-1.22");
    CHECK(r2("-1.2201", rounding::ceiling) == "-1.22");
    CHECK(r2("-1.2201", rounding::floor) == "-1.23");
    CHECK(r2("1.2201", rounding::ceiling) == "1.23");
    CHECK(r2("1.2299", rounding::floor) == "1.22");
    CHECK(r2("0.0050", rounding::half_even) == "0.00");
    CHECK(r2("0.0150", rounding::half_even) == "0.02");
    CHECK(r2("-0.0050", rounding::half_up) == "-0.01");
    for (rounding m : all_modes) CHECK(r2("7.1200", m) == "7.12");  // exact: every mode agrees
    // To the same or a larger scale nothing is lost, whatever the mode.
    CHECK(tariff::to_string(tariff::round<4>(D2::parse("1.23"), rounding::up)) == "1.2300");
    CHECK(tariff::to_string(tariff::round<2>(D2::parse("-1.23"), rounding::floor)) == "-1.23");
    static_assert(
        std::is_same_v<decltype(tariff::round<0>(D4(), rounding::up)), tariff::decimal<0, Rep>>);
}

TEST_CASE_TEMPLATE("quantize: rounds to fewer digits and keeps the type", Rep, TARIFF_TEST_REPS) {
    using D4 = tariff::decimal<4, Rep>;
    CHECK(tariff::to_string(tariff::quantize(D4::parse("1.2345"), 2, rounding::half_up)) ==
          "1.2300");
    CHECK(tariff::to_string(tariff::quantize(D4::parse("-1.2350"), 2, rounding::half_even)) ==
          "-1.2400");
    CHECK(tariff::to_string(tariff::quantize(D4::parse("-1.2350"), 0, rounding::ceiling)) ==
          "-1.0000");
    CHECK(tariff::to_string(tariff::quantize(D4::parse("1.2345"), 4, rounding::up)) == "1.2345");
    CHECK(tariff::to_string(tariff::quantize(D4::parse("1.2345"), 9, rounding::up)) == "1.2345");
    CHECK_THROWS_AS(tariff::quantize(D4::parse("1.2345"), -1, rounding::up),
                    tariff::invalid_argument);
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        const auto max = tariff::decimal<2>::from_raw(std::numeric_limits<std::int64_t>::max());
        CHECK_THROWS_AS(tariff::quantize(max, 0, rounding::up), tariff::overflow_error);
        CHECK(tariff::to_string(tariff::quantize(max, 0, rounding::down)) ==
              "92233720368547758.00");
    }
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

TEST_CASE_TEMPLATE("decimal: + - and unary minus", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    const D2 a = D2::parse("10.25"), b = D2::parse("-0.30");
    CHECK(tariff::to_string(a + b) == "9.95");
    CHECK(tariff::to_string(a - b) == "10.55");
    CHECK(tariff::to_string(b - a) == "-10.55");
    CHECK(tariff::to_string(-a) == "-10.25");
    CHECK(tariff::to_string(-b) == "0.30");
    CHECK(tariff::to_string(+b) == "-0.30");
    D2 c = a;
    c += b;
    CHECK(c == D2::parse("9.95"));
    c -= a;
    CHECK(c == b);
}

TEST_CASE_TEMPLATE("decimal: * by an integer quantity of any integer type", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    const D2 price = D2::parse("0.30");
    CHECK(tariff::to_string(price * 20000) == "6000.00");
    CHECK(tariff::to_string(20000 * price) == "6000.00");
    CHECK(tariff::to_string(price * -3) == "-0.90");
    CHECK(tariff::to_string(price * 0) == "0.00");
    CHECK(tariff::to_string(price * std::int64_t{1000000}) == "300000.00");
    CHECK(tariff::to_string(price * 7u) == "2.10");
    CHECK(tariff::to_string(price * std::uint64_t{20000}) == "6000.00");
    CHECK(tariff::to_string(price * static_cast<unsigned short>(3)) == "0.90");
    CHECK(tariff::to_string(price * static_cast<signed char>(-1)) == "-0.30");
    CHECK(tariff::to_string(price * Rep(3)) == "0.90");
    D2 c = price;
    c *= 4;
    CHECK(c == D2::parse("1.20"));
}

TEST_CASE_TEMPLATE("decimal: * by an unsigned 64-bit quantity above INT64_MAX is exact", Rep,
                   TARIFF_TEST_REPS) {
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

TEST_CASE_TEMPLATE("decimal: the exact product of two decimals adds the scales", Rep,
                   TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    using D1 = tariff::decimal<1, Rep>;
    const auto p = D2::parse("0.30") * D1::parse("1.5");
    static_assert(std::is_same_v<std::decay_t<decltype(p)>, tariff::decimal<3, Rep>>);
    CHECK(tariff::to_string(p) == "0.450");
    CHECK(tariff::to_string(D2::parse("-0.30") * D1::parse("-1.5")) == "0.450");
}

TEST_CASE_TEMPLATE("decimal: comparisons", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    const D2 a = D2::parse("-1.50"), b = D2::parse("0.25"), c = D2::parse("0.25");
    CHECK(a < b);
    CHECK(a <= b);
    CHECK(b > a);
    CHECK(b >= a);
    CHECK(a != b);
    CHECK(b == c);
    CHECK(b <= c);
    CHECK(b >= c);
    CHECK_FALSE(b < c);
    CHECK_FALSE(b > c);
    CHECK_FALSE(b != c);
    CHECK_FALSE(a == b);
}

TEST_CASE("decimal: comparisons across scales never overflow (regression)") {
    // Each of these widened the value with fewer fraction digits first, and the widening threw.
    using tariff::decimal;
    constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    const auto big = decimal<2>::parse("100000000000000.00");
    const auto tiny = decimal<6>::parse("0.000001");
    CHECK(big > tiny);
    CHECK(big >= tiny);
    CHECK(big != tiny);
    CHECK_FALSE(big < tiny);
    CHECK_FALSE(big <= tiny);
    CHECK_FALSE(big == tiny);
    CHECK(tiny < big);
    CHECK(decimal<2>::from_raw(min) < decimal<4>());
    CHECK(decimal<4>() > decimal<2>::from_raw(min));
    CHECK(decimal<2>::from_raw(min) < decimal<18>::from_raw(min));
    CHECK(decimal<0>::from_raw(max) != decimal<18>::from_raw(1));
    CHECK_FALSE(decimal<0>::from_raw(max) == decimal<18>::from_raw(1));
    CHECK(decimal<0>::from_raw(max) > decimal<18>::from_raw(max));
    CHECK(decimal<18>::from_raw(min) < decimal<0>::from_raw(max));
    // Equal values at different scales are equal; one step of the finer scale is not.
    CHECK(decimal<0>::from_raw(-9) == decimal<18>::from_raw(-9'000'000'000'000'000'000));
    CHECK(decimal<0>::from_raw(-9) < decimal<18>::from_raw(-8'999'999'999'999'999'999));
    CHECK(decimal<0>::from_raw(-9) > decimal<18>::from_raw(-9'000'000'000'000'000'001));
    CHECK(decimal<2>::parse("1.50") == decimal<4>::parse("1.5000"));
    CHECK(decimal<2>::parse("1.50") < decimal<4>::parse("1.5001"));
    CHECK(decimal<2>::parse("-1.50") > decimal<4>::parse("-1.5001"));
    static_assert(noexcept(decimal<2>() < decimal<6>()));
    static_assert(noexcept(decimal<2>() == decimal<2>()));
    static_assert(noexcept(decimal<2, tariff::int128>() >= decimal<6>()));
}

TEST_CASE_TEMPLATE("decimal: comparisons across scales and Reps are exact at the edges", Rep,
                   TARIFF_TEST_REPS) {
    using D0 = tariff::decimal<0, Rep>;
    using Dmax = tariff::decimal<max_scale<Rep>(), Rep>;
    using D2 = tariff::decimal<2, Rep>;
    // The extremes of Rep, or a 60-digit number for cpp_int.
    Rep highest{}, lowest{};
    if constexpr (tariff::detail::rep_ops<Rep>::bounded) {
        highest = std::numeric_limits<Rep>::max();
        lowest = std::numeric_limits<Rep>::min();
    } else {
        highest = D0::parse(std::string(60, '9')).raw_value();
        lowest = -highest;
    }
    const Rep one = tariff::detail::rep_ops<Rep>::from_int64(1);
    CHECK(D0::from_raw(highest) > Dmax::from_raw(highest));
    CHECK(D0::from_raw(lowest) < Dmax::from_raw(lowest));
    CHECK(Dmax::from_raw(one) < D0::from_raw(highest));
    CHECK(Dmax::from_raw(one) > D0::from_raw(lowest));
    CHECK(D0::from_raw(highest) != Dmax::from_raw(one));
    CHECK(D0() == Dmax());
    CHECK(D0() < Dmax::from_raw(one));
    CHECK(D0() > -Dmax::from_raw(one));
    CHECK(D2::parse("-3.10") == tariff::decimal<7, Rep>::parse("-3.1"));
    // Against other Reps: the wider one holds both values.
    CHECK(D0::from_raw(lowest) < tariff::decimal<18>::from_raw(1));
    CHECK(D0::from_raw(highest) > tariff::decimal<18>::from_raw(1));
    CHECK(tariff::decimal<18>::from_raw(std::numeric_limits<std::int64_t>::min()) >
          D0::from_raw(lowest));
    CHECK(D2::parse("12.34") == tariff::decimal<2, tariff::cpp_int>::parse("12.34"));
    CHECK(D2::parse("12.34") == tariff::decimal<5>::parse("12.34"));
    CHECK(D2::parse("12.34") < tariff::decimal<5, tariff::checked_int128_t>::parse("12.34001"));
    CHECK(D2::parse("12.34") > tariff::decimal<20, tariff::int128>::parse("12.33999999999"));
    CHECK(tariff::decimal<40, tariff::cpp_int>::from_raw(tariff::cpp_int(1)) > D0());
    static_assert(noexcept(std::declval<const D0&>() < std::declval<const tariff::decimal<4>&>()) ==
                  tariff::detail::is_builtin_integer_v<Rep>);
    static_assert(noexcept(std::declval<const D0&>() == std::declval<const D0&>()) ==
                  tariff::detail::is_builtin_integer_v<Rep>);
}

TEST_CASE("decimal<int64>: the edges of the range") {
    using D0 = tariff::decimal<0>;
    using D2 = tariff::decimal<2>;
    constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    CHECK(D0::parse("-9223372036854775808").raw_value() == min);
    CHECK(D0::parse("9223372036854775807").raw_value() == max);
    CHECK(D2::parse("-92233720368547758.08").raw_value() == min);
    CHECK(D2::parse("92233720368547758.07").raw_value() == max);
    CHECK_THROWS_AS(D0::parse("-9223372036854775809"), tariff::overflow_error);
    CHECK_THROWS_AS(D0::parse("9223372036854775808"), tariff::overflow_error);
    CHECK_THROWS_AS(D2::parse("92233720368547758.08"), tariff::overflow_error);
    CHECK_THROWS_AS(D2::parse("-92233720368547758.09"), tariff::overflow_error);
    CHECK(tariff::to_string(D0::from_raw(min)) == "-9223372036854775808");
    CHECK(tariff::to_string(D2::from_raw(min)) == "-92233720368547758.08");
    CHECK(tariff::to_string(tariff::decimal<18>::from_raw(min)) == "-9.223372036854775808");

    const D2 lowest = D2::from_raw(min), highest = D2::from_raw(max), step = D2::from_raw(1);
    CHECK_THROWS_AS(-lowest, tariff::overflow_error);
    CHECK(-highest == D2::from_raw(min + 1));
    CHECK_THROWS_AS(lowest - step, tariff::overflow_error);
    CHECK_THROWS_AS(highest + step, tariff::overflow_error);
    CHECK_THROWS_AS(lowest + lowest, tariff::overflow_error);
    CHECK_THROWS_AS(highest - lowest, tariff::overflow_error);
    CHECK(lowest + highest == D2::from_raw(-1));
    CHECK(highest - highest == D2());
    CHECK_THROWS_AS(lowest * -1, tariff::overflow_error);
    CHECK(lowest * 1 == lowest);
    CHECK(highest * -1 == D2::from_raw(min + 1));
    CHECK_THROWS_AS(highest * 2, tariff::overflow_error);
    CHECK_THROWS_AS(lowest * std::int64_t{2}, tariff::overflow_error);
    CHECK_THROWS_AS(step * min * -1, tariff::overflow_error);
    CHECK(tariff::to_string(tariff::round<0>(lowest, rounding::floor)) == "-92233720368547759");
    CHECK(tariff::to_string(tariff::round<0>(highest, rounding::ceiling)) == "92233720368547759");
    CHECK(tariff::to_string(
              tariff::round<0>(tariff::decimal<18>::from_raw(min), rounding::half_up)) == "-9");
    // The overflow message names the operation.
    const std::string what = message_of<tariff::overflow_error>([&] { (void)(highest + step); });
    CHECK(what.find("92233720368547758.07 + 0.01") != std::string::npos);
}

TEST_CASE("decimal<int128>: a native 16-byte Rep over [-2^127, 2^127 - 1]") {
    using Rep = tariff::int128;
    using D0 = tariff::decimal<0, Rep>;
    using D2 = tariff::decimal<2, Rep>;
    using D38 = tariff::decimal<38, Rep>;
    static_assert(sizeof(D2) == 16);
    static_assert(std::is_trivially_copyable_v<D2>);
    static_assert(std::is_trivially_copyable_v<Rep>);
    const Rep min = std::numeric_limits<Rep>::min(), max = std::numeric_limits<Rep>::max();
    const std::string min_text = reference::int128_min().to_text();
    const std::string max_text = reference::int128_max().to_text();
    CHECK(max_text == "170141183460469231731687303715884105727");
    CHECK(tariff::to_string(D0::from_raw(max)) == max_text);
    CHECK(tariff::to_string(D0::from_raw(min)) == min_text);
    CHECK(D0::parse(max_text).raw_value() == max);
    CHECK(D0::parse(min_text).raw_value() == min);
    CHECK(tariff::to_string(D2::from_raw(min)) == "-1701411834604692317316873037158841057.28");
    CHECK_THROWS_AS(D0::parse("170141183460469231731687303715884105728"), tariff::overflow_error);
    CHECK_THROWS_AS(D0::parse("-170141183460469231731687303715884105729"), tariff::overflow_error);
    CHECK(tariff::to_string(D38::parse("1.70141183460469231731687303715884105727")) ==
          "1.70141183460469231731687303715884105727");
    CHECK_THROWS_AS(D38::parse("1.8"), tariff::overflow_error);
    const std::string what = message_of<tariff::overflow_error>(
        [] { D2::parse("10000000000000000000000000000000000000000"); });
    CHECK(what.find("decimal<2, int128>") != std::string::npos);

    const D0 lowest = D0::from_raw(min), highest = D0::from_raw(max), step = D0(1);
    CHECK_THROWS_AS(-lowest, tariff::overflow_error);
    CHECK(-highest == D0::from_raw(min + 1));
    CHECK_THROWS_AS(lowest - step, tariff::overflow_error);
    CHECK_THROWS_AS(highest + step, tariff::overflow_error);
    CHECK_THROWS_AS(highest * 2, tariff::overflow_error);
    CHECK_THROWS_AS(lowest * -1, tariff::overflow_error);
    CHECK(lowest + highest == D0::from_raw(-1));
    CHECK(tariff::to_string(tariff::round<0>(D2::from_raw(min), rounding::floor)) ==
          "-1701411834604692317316873037158841058");
    // 128-bit quantities multiply any decimal; unsigned ones beyond int128 are exact too.
    const Rep big_quantity = Rep(1) << 100;
    CHECK(tariff::to_string(D2::parse("0.01") * big_quantity) ==
          "12676506002282294014967032053.76");
    CHECK(tariff::to_string(tariff::decimal<2>() * big_quantity) == "0.00");
    CHECK_THROWS_AS(tariff::decimal<2>::parse("0.01") * big_quantity, tariff::overflow_error);
    const tariff::detail::uint128 u128_max = ~tariff::detail::uint128(0);
    CHECK(tariff::to_string(D0() * u128_max) == "0");
    CHECK_THROWS_AS(step * u128_max, tariff::overflow_error);

    // Conversions to and from the other Reps, checked.
    const tariff::decimal<2> narrow = tariff::decimal<2>::parse("-92233720368547758.08");
    const D2 widened = narrow;  // int64 -> int128 is implicit
    CHECK(tariff::to_string(widened) == "-92233720368547758.08");
    CHECK(tariff::rep_cast<std::int64_t>(widened) == narrow);
    CHECK_THROWS_AS(tariff::rep_cast<std::int64_t>(widened - D2::parse("0.01")),
                    tariff::overflow_error);
    const tariff::decimal<0, tariff::checked_int128_t> checked = highest;  // implicit
    CHECK(tariff::to_string(checked) == max_text);
    CHECK(tariff::rep_cast<Rep>(checked) == highest);
    CHECK_THROWS_AS(tariff::rep_cast<Rep>(checked + checked), tariff::overflow_error);
    const tariff::decimal<0, tariff::cpp_int> huge = lowest;  // implicit
    CHECK(tariff::to_string(huge) == min_text);
    CHECK(tariff::rep_cast<Rep>(huge) == lowest);
    CHECK_THROWS_AS(tariff::rep_cast<Rep>(huge - tariff::decimal<0, tariff::cpp_int>(1)),
                    tariff::overflow_error);
}

TEST_CASE("decimal<checked_int128_t>: Boost's sign-magnitude range is +-(2^128 - 1)") {
    using Rep = tariff::checked_int128_t;
    using D0 = tariff::decimal<0, Rep>;
    const std::string max_text = reference::int128_magnitude_max().to_text();
    CHECK(tariff::to_string(D0::from_raw(std::numeric_limits<Rep>::max())) == max_text);
    CHECK(tariff::to_string(D0::from_raw(std::numeric_limits<Rep>::min())) == "-" + max_text);
    CHECK(tariff::to_string(D0::parse(max_text)) == max_text);
    CHECK(tariff::to_string(D0::parse("-" + max_text)) == "-" + max_text);
    CHECK_THROWS_AS(D0::parse("340282366920938463463374607431768211456"), tariff::overflow_error);
    CHECK_THROWS_AS(D0::parse("-340282366920938463463374607431768211456"), tariff::overflow_error);
    const D0 highest = D0::parse(max_text);
    CHECK(tariff::to_string(-highest) == "-" + max_text);
    CHECK_THROWS_AS(highest + D0(1), tariff::overflow_error);
    CHECK_THROWS_AS(-highest - D0(1), tariff::overflow_error);
    CHECK_THROWS_AS(highest * 2, tariff::overflow_error);
    using D38 = tariff::decimal<38, Rep>;
    CHECK(tariff::to_string(D38::parse("3.40282366920938463463374607431768211455")) ==
          "3.40282366920938463463374607431768211455");
    CHECK(tariff::to_string(tariff::round<0>(D38::parse("1.5"), rounding::half_even)) == "2");
    CHECK_THROWS_AS(D38::parse("3.5"), tariff::overflow_error);  // 3.5 x 10^38 > 2^128 - 1
    CHECK(tariff::to_string(tariff::round<0>(
              D38::parse("-2.50000000000000000000000000000000000000"), rounding::half_even)) ==
          "-2");
}

TEST_CASE("decimal<cpp_int>: never overflows") {
    using D2 = tariff::decimal<2, tariff::cpp_int>;
    const std::string big = std::string(70, '9') + ".99";
    const D2 a = D2::parse(big);
    CHECK(tariff::to_string(a + D2::parse("0.01")) == "1" + std::string(70, '0') + ".00");
    CHECK(tariff::to_string(-a - a) == "-1" + std::string(70, '9') + ".98");
    CHECK(tariff::to_string(a * std::numeric_limits<std::int64_t>::min()) ==
          reference::format_fixed(*reference::parse_fixed(big, 2) * reference::int64_min(), 2));
    using D60 = tariff::decimal<60, tariff::cpp_int>;
    CHECK(tariff::to_string(tariff::round<0>(D60::parse("0.5"), rounding::half_even)) == "0");
}

TEST_CASE("decimal<cpp_int>: a 200,000-digit value prints in well under a second") {
    // Regression: printing peeled one digit at a time off the cpp_int, a division of the whole
    // number per digit: 57 s for 200,000 digits.
    std::string digits;
    for (int i = 0; i < 20'000; ++i) digits += "9081726354";
    digits.replace(100'000, 60, std::string(60, '0'));  // zeros across the printing's chunks
    const tariff::cpp_int raw(digits);                  // Boost's own reading, not ours
    using D = tariff::decimal<2, tariff::cpp_int>;
    const D value = D::from_raw(-raw);
    const auto start = std::chrono::steady_clock::now();
    const std::string text = tariff::to_string(value);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::string expected(1, '-');
    expected += digits;
    expected.insert(expected.size() - 2, 1, '.');
    CHECK(text.size() == 200'002);
    CHECK(text == expected);
    // Generous, for unoptimised and sanitizer builds: an optimised build takes about 0.3 s.
    CHECK(took.count() < 10.0);
    MESSAGE("to_string of a 200,000-digit decimal<2, cpp_int>: " << took.count() << " s");
    // Every printed number parses back (cpp_int's printing divides and conquers from 10^18).
    for (const char* text_of : {"0", "-1", "999999999999999999", "1000000000000000000",
                                "-1000000000000000000000000000000000000",
                                "123456789012345678901234567890123456789012345678901234567890"}) {
        CHECK(tariff::to_string(tariff::decimal<0, tariff::cpp_int>::parse(text_of)) == text_of);
    }
}

// ---------------------------------------------------------------------------------------------
// Properties against the reference, with fixed seeds.

namespace {

/// Random raw integers aimed at the interesting places: all sizes of magnitude, the edges of
/// int64 and of checked_int128_t, exact ties for rounding, and small values. Every draw is a
/// statement of its own, so that the cases do not depend on a compiler's evaluation order.
class raw_generator {
public:
    explicit raw_generator(std::uint64_t seed, int max_digits)
        : rng_(seed), max_digits_(max_digits) {}

    std::uint64_t next() { return rng_(); }
    int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
    bool chance(int one_in) { return below(one_in) == 0; }

    reference::integer digits(int count) {
        std::string s;
        for (int i = 0; i < count; ++i) s.push_back(static_cast<char>('0' + below(10)));
        return reference::integer::from_text(s);
    }

    reference::integer small_delta(int limit) {
        return reference::integer::from_int64(below(2 * limit + 1) - limit);
    }

    /// A raw integer (value x 10^scale).
    reference::integer raw(int scale) {
        reference::integer r;
        switch (below(6)) {
            case 0:  // small, often zero or a few minor units
                r = small_delta(below(3) == 0 ? 3 : 1000);
                break;
            case 1:  // near an edge of a representation
                r = edge();
                r = r + small_delta(below(2) == 0 ? 2 : 100000);
                break;
            case 2:  // a tie below the last few digits: ...d5000
            {
                const int k = 1 + below(scale + 2);
                r = digits(1 + below(max_digits_ - k)) * reference::pow10(k) +
                    reference::integer::from_int64(5) * reference::pow10(k - 1);
                break;
            }
            case 3:  // near an edge divided by a power of ten, for products and widening
                r = edge();
                r = reference::divide_pow10(r, 1 + below(18), reference::mode::down);
                r = r + small_delta(3);
                break;
            default:  // any size
                r = digits(1 + below(max_digits_));
                break;
        }
        return chance(2) ? -r : r;
    }

    reference::integer edge() {
        switch (below(6)) {
            case 0:
                return int64_max();
            case 1:
                return int64_min();
            case 2:
                return int128_max();
            case 3:
                return -int128_max();
            case 4:  // the native int128: -2^127 and 2^127 - 1
                return chance(2) ? native_int128_max()
                                 : -native_int128_max() - reference::integer::from_int64(1);
            default:
                return reference::integer::power(2, 62 + below(66));
        }
    }

    /// One of the texts that denote raw x 10^-scale: canonical, with '+', with leading zeros,
    /// with extra trailing zeros, or with trailing zeros dropped.
    std::string spell(const reference::integer& raw, int scale) {
        std::string text = reference::format_fixed(raw, scale);
        const bool negative = raw.is_negative();
        std::string body = negative ? text.substr(1) : text;
        switch (below(6)) {
            case 0:
                body = std::string(static_cast<std::size_t>(1 + below(3)), '0') + body;
                break;
            case 1:
                body += scale == 0 ? "." + std::string(static_cast<std::size_t>(1 + below(3)), '0')
                                   : std::string(static_cast<std::size_t>(1 + below(3)), '0');
                break;
            case 2:
                if (scale > 0) {
                    while (body.back() == '0') body.pop_back();
                    if (body.back() == '.') {
                        if (chance(2))
                            body.pop_back();
                        else
                            body += '0';
                    }
                }
                break;
            default:
                break;
        }
        if (negative) return "-" + body;
        if (raw.is_zero() && chance(4)) return "-" + body;  // "-0.00" is zero
        return chance(5) ? "+" + body : body;
    }

    /// A quantity for `*`: small, any int64, or near a power of two or ten.
    std::int64_t quantity() {
        switch (below(4)) {
            case 0:
                return below(2001) - 1000;
            case 1:
                return static_cast<std::int64_t>(next());
            case 2: {
                const std::int64_t p = std::int64_t{1} << below(63);
                const std::int64_t signed_p = chance(2) ? p : -p;
                return signed_p + (below(5) - 2);
            }
            default: {
                std::int64_t p = 1;
                for (int i = below(19); i > 0; --i) p *= 10;
                const std::int64_t signed_p = chance(2) ? p : -p;
                return signed_p + (below(7) - 3);
            }
        }
    }
    std::uint64_t unsigned_quantity() {
        switch (below(3)) {
            case 0:
                return static_cast<std::uint64_t>(below(1000));
            case 1:
                return next();
            default:
                return (std::uint64_t{1} << below(64)) + static_cast<std::uint64_t>(below(3));
        }
    }

private:
    std::mt19937_64 rng_;
    int max_digits_;
};

/// Counts of what the property runs checked, reported once per representation.
struct tally {
    long values = 0;
    long operations = 0;
    long overflows = 0;
};

template <class Rep>
void count(tally& t, const reference::integer& expected) {
    ++t.operations;
    if (!fits<Rep>(expected)) ++t.overflows;
}

/// The six comparisons of a and b, and two with the operands swapped, against the order of their
/// values by the reference (-1, 0, 1).
template <class A, class B>
void check_comparisons(const A& a, const B& b, int order) {
    CHECK((a == b) == (order == 0));
    CHECK((a != b) == (order != 0));
    CHECK((a < b) == (order < 0));
    CHECK((a <= b) == (order <= 0));
    CHECK((a > b) == (order > 0));
    CHECK((a >= b) == (order >= 0));
    CHECK((b < a) == (order > 0));
    CHECK((b >= a) == (order <= 0));
}

template <int S, int Scale, class Rep>
void check_round_to(const tariff::decimal<Scale, Rep>& a, const reference::integer& a_raw,
                    tally& t) {
    if constexpr (S >= 0 && S < Scale) {
        const int k = Scale - S;
        const reference::integer step = reference::pow10(k);
        for (rounding m : all_modes) {
            INFO("round<" << S << ">(" << tariff::to_string(a) << ", " << tariff::to_string_view(m)
                          << ")");
            const reference::integer expected = reference::divide_pow10(a_raw, k, ref_mode(m));
            count<Rep>(t, expected);
            const auto r = tariff::round<S>(a, m);
            if (!check_result<Rep>(expected, S, [&] { return r; })) continue;
            // Rounding never moves a value by a minor unit or more, and moves it the right way.
            const reference::integer back = raw_of(r) * step;  // the rounded value in a's units
            const reference::integer moved = back - a_raw;
            CHECK(moved.abs() < step);
            switch (m) {
                case rounding::floor:
                    CHECK(moved <= reference::integer());
                    break;
                case rounding::ceiling:
                    CHECK(moved >= reference::integer());
                    break;
                case rounding::down:
                    CHECK(back.abs() <= a_raw.abs());
                    break;
                case rounding::up:
                    CHECK(back.abs() >= a_raw.abs());
                    break;
                default:
                    CHECK(moved.abs() * reference::integer::from_int64(2) <= step);
                    break;
            }
        }
    }
}

template <class Rep, int Scale>
void check_properties(std::uint64_t seed, int cases, tally& t) {
    using D = tariff::decimal<Scale, Rep>;
    constexpr int wider = Scale + 3 <= max_scale<Rep>() ? Scale + 3 : Scale;
    raw_generator gen(seed, std::is_same_v<Rep, std::int64_t>
                                ? 21
                                : (std::is_same_v<Rep, tariff::cpp_int> ? 48 : 41));
    const reference::integer zero;

    for (int i = 0; i < cases; ++i) {
        const reference::integer a_raw = gen.raw(Scale), b_raw = gen.raw(Scale);
        const std::string a_text = gen.spell(a_raw, Scale), b_text = gen.spell(b_raw, Scale);
        INFO(test_reps::label<Rep>()
             << " scale " << Scale << " case " << i << ": a = " << a_text << ", b = " << b_text);
        t.values += 2;

        // parse, to_string
        REQUIRE(reference::parse_fixed(a_text, Scale) ==
                a_raw);  // the generator spells what it means
        count<Rep>(t, a_raw);
        count<Rep>(t, b_raw);
        const bool a_ok =
            check_result<Rep>(a_raw, Scale, [&] { return D::parse(a_text); }) && fits<Rep>(a_raw);
        const bool b_ok =
            check_result<Rep>(b_raw, Scale, [&] { return D::parse(b_text); }) && fits<Rep>(b_raw);
        if (!a_ok || !b_ok) continue;
        const D a = D::parse(a_text), b = D::parse(b_text);

        // + - unary minus
        count<Rep>(t, a_raw + b_raw);
        check_result<Rep>(a_raw + b_raw, Scale, [&] { return a + b; });
        count<Rep>(t, a_raw - b_raw);
        check_result<Rep>(a_raw - b_raw, Scale, [&] { return a - b; });
        count<Rep>(t, -a_raw);
        check_result<Rep>(-a_raw, Scale, [&] { return -a; });
        check_result<Rep>(a_raw + b_raw, Scale, [&] {
            D c = a;
            c += b;
            return c;
        });

        // comparisons
        check_comparisons(a, b, compare(a_raw, b_raw));
        CHECK(a.is_negative() == (a_raw < zero));
        CHECK(a.is_zero() == a_raw.is_zero());
        t.operations += 6;

        // * by signed and unsigned 64-bit quantities, on either side
        const std::int64_t q = gen.quantity();
        const std::uint64_t u = gen.unsigned_quantity();
        const reference::integer by_q = a_raw * reference::integer::from_int64(q);
        const reference::integer by_u = a_raw * reference::integer::from_uint64(u);
        {
            INFO("q = " << q << ", u = " << u);
            count<Rep>(t, by_q);
            check_result<Rep>(by_q, Scale, [&] { return a * q; });
            check_result<Rep>(by_q, Scale, [&] { return q * a; });
            count<Rep>(t, by_u);
            check_result<Rep>(by_u, Scale, [&] { return a * u; });
            check_result<Rep>(by_u, Scale, [&] { return u * a; });
            const int small = static_cast<int>(q % 100000);
            count<Rep>(t, a_raw * reference::integer::from_int64(small));
            check_result<Rep>(a_raw * reference::integer::from_int64(small), Scale,
                              [&] { return a * small; });
        }

        // decimal x decimal: the scales add
        if constexpr (2 * Scale <= max_scale<Rep>()) {
            count<Rep>(t, a_raw * b_raw);
            check_result<Rep>(a_raw * b_raw, 2 * Scale, [&] { return a * b; });
        }

        // round<S> to several smaller scales, every mode
        check_round_to<0>(a, a_raw, t);
        check_round_to<1>(a, a_raw, t);
        check_round_to<2>(a, a_raw, t);
        check_round_to<Scale - 1>(a, a_raw, t);

        // quantize to a runtime digit count
        const int digits = gen.below(Scale + 2);
        for (rounding m : all_modes) {
            INFO("quantize(a, " << digits << ", " << tariff::to_string_view(m) << ")");
            const int k = digits >= Scale ? 0 : Scale - digits;
            const reference::integer expected =
                reference::divide_pow10(a_raw, k, ref_mode(m)) * reference::pow10(k);
            count<Rep>(t, expected);
            check_result<Rep>(expected, Scale, [&] { return tariff::quantize(a, digits, m); });
        }

        // widening: implicit to a larger scale (checked), and to cpp_int (always exact)
        if constexpr (wider > Scale) {
            const reference::integer expected = a_raw * reference::pow10(wider - Scale);
            count<Rep>(t, expected);
            check_result<Rep>(expected, wider, [&] {
                const tariff::decimal<wider, Rep> w = a;
                return w;
            });
        }
        check_result<tariff::cpp_int>(a_raw, Scale, [&] {
            const tariff::decimal<Scale, tariff::cpp_int> w = a;
            return w;
        });
        if constexpr (Scale <= 18) {
            check_result<std::int64_t>(a_raw, Scale,
                                       [&] { return tariff::rep_cast<std::int64_t>(a); });
        }
        check_result<tariff::checked_int128_t>(
            a_raw, Scale, [&] { return tariff::rep_cast<tariff::checked_int128_t>(a); });
        check_result<tariff::int128>(a_raw, Scale,
                                     [&] { return tariff::rep_cast<tariff::int128>(a); });
    }
}

/// Random text, mostly near-misses of the grammar, parsed by the library and the reference.
template <class Rep, int Scale>
void check_parse_of_random_text(std::uint64_t seed, int cases, tally& t) {
    using D = tariff::decimal<Scale, Rep>;
    static constexpr char alphabet[] = "0123456789000000.-+ e,x_";
    std::mt19937_64 rng(seed);
    for (int i = 0; i < cases; ++i) {
        std::string text;
        const auto length = rng() % 9;
        for (std::uint64_t j = 0; j < length; ++j)
            text.push_back(alphabet[rng() % (sizeof alphabet - 1)]);
        INFO(test_reps::label<Rep>() << " scale " << Scale << " text \"" << text << "\"");
        ++t.values;
        ++t.operations;
        const std::optional<reference::integer> expected = reference::parse_fixed(text, Scale);
        if (expected) {
            check_result<Rep>(*expected, Scale, [&] { return D::parse(text); });
        } else {
            const std::string what = message_of<tariff::parse_error>([&] { D::parse(text); });
            CHECK(what.find("\"" + text + "\"") != std::string::npos);
        }
    }
}

/// A raw value of a decimal over Rep: the generator's, until one fits, or an extreme of Rep.
template <class Rep>
reference::integer fitting_raw(raw_generator& gen, int scale) {
    if constexpr (tariff::detail::rep_ops<Rep>::bounded) {
        if (gen.chance(10)) {
            const bool low = gen.chance(2);
            reference::integer extreme;
            if constexpr (std::is_same_v<Rep, std::int64_t>)
                extreme = low ? int64_min() : int64_max();
            else if constexpr (std::is_same_v<Rep, tariff::int128>)
                extreme = low ? reference::int128_min() : reference::int128_max();
            else
                extreme = low ? -int128_max() : int128_max();
            const reference::integer inward = gen.small_delta(2).abs();
            return low ? extreme + inward : extreme - inward;
        }
    }
    for (;;) {
        const reference::integer r = gen.raw(scale);
        if (fits<Rep>(r)) return r;
    }
}

/// a x 10^-S1 against b x 10^-S2, for random a and b, half of them close to each other.
template <int S1, class R1, int S2, class R2>
void check_mixed_comparisons(std::uint64_t seed, int cases, long& checked) {
    using A = tariff::decimal<S1, R1>;
    using B = tariff::decimal<S2, R2>;
    raw_generator gen(seed, 80);  // more digits than the largest scale, 60, needs for its ties
    constexpr int top = S1 > S2 ? S1 : S2;
    for (int i = 0; i < cases; ++i) {
        const reference::integer a_raw = fitting_raw<R1>(gen, S1);
        reference::integer b_raw;
        if (gen.chance(2)) {
            // a's value at b's scale, give or take a step: where the remainder's sign decides.
            b_raw = S2 >= S1 ? a_raw * reference::pow10(S2 - S1)
                             : reference::divide_pow10(a_raw, S1 - S2, reference::mode::down);
            b_raw = b_raw + gen.small_delta(1);
        }
        if (b_raw.is_zero() || !fits<R2>(b_raw)) b_raw = fitting_raw<R2>(gen, S2);
        const A a = A::parse(reference::format_fixed(a_raw, S1));
        const B b = B::parse(reference::format_fixed(b_raw, S2));
        INFO(tariff::detail::decimal_name<S1, R1>()
             << " " << tariff::to_string(a) << " against " << tariff::detail::decimal_name<S2, R2>()
             << " " << tariff::to_string(b));
        const int order =
            compare(a_raw * reference::pow10(top - S1), b_raw * reference::pow10(top - S2));
        check_comparisons(a, b, order);
        ++checked;
    }
}

template <class R1, class R2>
void check_mixed_comparisons_of(long& checked) {
    constexpr int cases = 400;
    check_mixed_comparisons<0, R1, max_scale<R2>(), R2>(3001, cases, checked);
    check_mixed_comparisons<max_scale<R1>(), R1, 0, R2>(3002, cases, checked);
    check_mixed_comparisons<2, R1, 6, R2>(3003, cases, checked);
    check_mixed_comparisons<9, R1, 1, R2>(3004, cases, checked);
    check_mixed_comparisons<4, R1, 4, R2>(3005, cases, checked);
}

template <class R1, class... R2s>
void check_mixed_comparisons_with(long& checked) {
    (check_mixed_comparisons_of<R1, R2s>(checked), ...);
}

template <class Rep>
void run_properties(tally& t) {
    // Boost's types are slow without optimisation, so they get fewer cases per scale (but
    // more scales); every representation still sees thousands of values.
    constexpr int cases = std::is_same_v<Rep, std::int64_t>
                              ? 1500
                              : (std::is_same_v<Rep, tariff::int128>
                                     ? 1000
                                     : (std::is_same_v<Rep, tariff::checked_int128_t> ? 500 : 400));
    check_properties<Rep, 0>(1001, cases, t);
    check_properties<Rep, 2>(1002, cases, t);
    check_properties<Rep, 4>(1004, cases, t);
    check_properties<Rep, 9>(1009, cases, t);
    check_properties<Rep, 18>(1018, cases, t);
    if constexpr (max_scale<Rep>() > 18) {
        check_properties<Rep, 30>(1030, cases, t);
        check_properties<Rep, 38>(1038, cases, t);
    }
    check_parse_of_random_text<Rep, 0>(2000, 3000, t);
    check_parse_of_random_text<Rep, 2>(2002, 3000, t);
}

}  // namespace

TEST_CASE_TEMPLATE(
    "decimal properties: parse, print, round, quantize, + - * and widening agree with the "
    "reference",
    Rep, TARIFF_TEST_REPS) {
    tally t;
    run_properties<Rep>(t);
    MESSAGE(test_reps::label<Rep>()
            << ": " << t.values << " random values, " << t.operations << " operations checked, "
            << t.overflows << " of them expected to overflow");
    if constexpr (std::is_same_v<Rep, tariff::cpp_int>) {
        CHECK(t.overflows == 0);
    } else {
        // The generator must actually reach the edges of the range.
        CHECK(t.overflows > 1000);
    }
}

TEST_CASE_TEMPLATE(
    "decimal properties: comparisons across scales and Reps agree with the reference, and never "
    "throw",
    Rep, TARIFF_TEST_REPS) {
    long checked = 0;
    check_mixed_comparisons_with<Rep, TARIFF_TEST_REPS>(checked);
    MESSAGE(test_reps::label<Rep>() << ": " << checked << " mixed comparisons checked");
    CHECK(checked == 4 * 5 * 400);
}
