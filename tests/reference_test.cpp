// Checks of the test reference itself (tests/support/reference.hpp): its results on values
// small enough for std::int64_t are compared with the built-in arithmetic, and its rounding
// with a second, arithmetic definition of every mode.

#include "support/reference.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>

using reference::integer;

namespace {

integer ref(std::int64_t v) { return integer::from_int64(v); }

/// v / p rounded by the mode, computed with floor division and comparing 2r with p
/// (p <= 10^6 and |v| < 2^40, so nothing overflows).
std::int64_t rounded_quotient(std::int64_t v, std::int64_t p, reference::mode m) {
    std::int64_t f = v / p;  // floor division
    if (v % p != 0 && v < 0) f -= 1;
    const std::int64_t r = v - f * p;  // 0 <= r < p, v = f * p + r
    if (r == 0) return f;
    const std::int64_t c = f + 1;  // ceiling
    const std::int64_t toward_zero = v < 0 ? c : f;
    const std::int64_t away = v < 0 ? f : c;
    const std::int64_t nearest_below_vs_above = 2 * r - p;  // < 0: f is nearer, > 0: c is nearer
    switch (m) {
        case reference::mode::floor:
            return f;
        case reference::mode::ceiling:
            return c;
        case reference::mode::down:
            return toward_zero;
        case reference::mode::up:
            return away;
        case reference::mode::half_up:
            if (nearest_below_vs_above != 0) return nearest_below_vs_above < 0 ? f : c;
            return away;
        case reference::mode::half_down:
            if (nearest_below_vs_above != 0) return nearest_below_vs_above < 0 ? f : c;
            return toward_zero;
        case reference::mode::half_even:
            if (nearest_below_vs_above != 0) return nearest_below_vs_above < 0 ? f : c;
            return f % 2 == 0 ? f : c;
    }
    return 0;
}

constexpr reference::mode all_modes[] = {reference::mode::half_up,   reference::mode::half_even,
                                         reference::mode::half_down, reference::mode::up,
                                         reference::mode::down,      reference::mode::ceiling,
                                         reference::mode::floor};

}  // namespace

TEST_CASE("reference: text round trip and normalisation") {
    CHECK(integer().to_text() == "0");
    CHECK(integer::from_text("-0").to_text() == "0");
    CHECK_FALSE(integer::from_text("-0").is_negative());
    CHECK(integer::from_text("000123").to_text() == "123");
    CHECK(integer::from_text("-000123").to_text() == "-123");
    CHECK_THROWS_AS(integer::from_text(""), std::invalid_argument);
    CHECK_THROWS_AS(integer::from_text("-"), std::invalid_argument);
    CHECK_THROWS_AS(integer::from_text("+1"), std::invalid_argument);
    CHECK_THROWS_AS(integer::from_text("1.0"), std::invalid_argument);
    CHECK(integer::from_int64(INT64_MIN).to_text() == "-9223372036854775808");
    CHECK(integer::from_uint64(UINT64_MAX).to_text() == "18446744073709551615");
    CHECK(reference::int64_min().to_text() == "-9223372036854775808");
    CHECK(reference::int64_max().to_text() == "9223372036854775807");
    CHECK(reference::int128_magnitude_max().to_text() == "340282366920938463463374607431768211455");
    CHECK((-ref(0)).to_text() == "0");
}

TEST_CASE("reference: arithmetic agrees with int64 on small values") {
    std::mt19937_64 rng(20240601);
    std::uniform_int_distribution<std::int64_t> small(-(std::int64_t{1} << 31),
                                                      std::int64_t{1} << 31);
    for (int i = 0; i < 3000; ++i) {
        const std::int64_t a = i % 10 == 0 ? small(rng) % 10 : small(rng);
        const std::int64_t b = i % 7 == 0 ? small(rng) % 10 : small(rng);
        INFO(a << ", " << b);
        CHECK((ref(a) + ref(b)).to_text() == std::to_string(a + b));
        CHECK((ref(a) - ref(b)).to_text() == std::to_string(a - b));
        CHECK((ref(a) * ref(b)).to_text() == std::to_string(a * b));
        CHECK((-ref(a)).to_text() == std::to_string(-a));
        CHECK(compare(ref(a), ref(b)) == (a < b ? -1 : (a > b ? 1 : 0)));
        CHECK(ref(a).abs().to_text() == std::to_string(a < 0 ? -a : a));
    }
}

TEST_CASE("reference: big products and powers") {
    CHECK(integer::power(10, 30).to_text() == "1" + std::string(30, '0'));
    CHECK((integer::power(2, 64) - ref(1)).to_text() == "18446744073709551615");
    CHECK((integer::from_text("99999999999999999999") * integer::from_text("99999999999999999999"))
              .to_text() == "9999999999999999999800000000000000000001");
    CHECK((integer::from_text("-123456789012345678901234567890") * ref(-1)).to_text() ==
          "123456789012345678901234567890");
    CHECK((integer::from_text("100000000000000000000") - ref(1)).to_text() ==
          "99999999999999999999");
    CHECK((ref(1) - integer::from_text("100000000000000000000")).to_text() ==
          "-99999999999999999999");
}

TEST_CASE("reference: divide_pow10 agrees with an arithmetic definition of each mode") {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::int64_t> value(-(std::int64_t{1} << 40),
                                                      std::int64_t{1} << 40);
    std::uniform_int_distribution<int> digits(1, 6);
    for (int i = 0; i < 4000; ++i) {
        const int k = digits(rng);
        std::int64_t p = 1;
        for (int j = 0; j < k; ++j) p *= 10;
        // Every fourth value is an exact tie, every fifth a multiple of p.
        std::int64_t v = value(rng);
        if (i % 4 == 0) v = (v / p) * p + (v < 0 ? -p / 2 : p / 2);
        if (i % 5 == 0) v = (v / p) * p;
        if (i % 9 == 0) v = v % 1000;
        for (reference::mode m : all_modes) {
            INFO(v << " / 10^" << k << " mode " << static_cast<int>(m));
            CHECK(reference::divide_pow10(ref(v), k, m).to_text() ==
                  std::to_string(rounded_quotient(v, p, m)));
        }
    }
    CHECK(reference::divide_pow10(ref(12345), 0, reference::mode::up).to_text() == "12345");
}

TEST_CASE("reference: fixed-point text") {
    CHECK(reference::format_fixed(ref(-5), 2) == "-0.05");
    CHECK(reference::format_fixed(ref(0), 2) == "0.00");
    CHECK(reference::format_fixed(ref(600000), 2) == "6000.00");
    CHECK(reference::format_fixed(ref(-7), 0) == "-7");
    CHECK(reference::parse_fixed("1.2300", 2)->to_text() == "123");
    CHECK(reference::parse_fixed("-0.5", 3)->to_text() == "-500");
    CHECK(reference::parse_fixed("+7", 1)->to_text() == "70");
    CHECK_FALSE(reference::parse_fixed("1.234", 2).has_value());
    for (const char* bad :
         {"", "-", "+", ".5", "5.", "1e3", "1,000", " 1", "1 ", "0x10", "--1", "1.2.3", "+-1"}) {
        INFO(bad);
        CHECK_FALSE(reference::parse_fixed(bad, 2).has_value());
    }
}
