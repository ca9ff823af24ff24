// The one exact number reader (tariff/detail/number.hpp) and the one result shape of every
// non-throwing parser (tariff/detail/parse_result.hpp): grammar, scales, signs, bounds, the
// position of each refusal, and agreement with decimal::try_parse over every representation.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <tariff/decimal.hpp>
#include <tariff/detail/number.hpp>
#include <tariff/multiprecision.hpp>

#include "support/reps.hpp"

namespace {

using tariff::parse_result;
using tariff::parse_status;
using tariff::detail::number_format;
using tariff::detail::parse_integer;
using tariff::detail::parse_number;
using tariff::detail::parse_steps;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

/// The status and position of reading `text` as steps at `scale`; `out` the steps if ok.
parse_result steps(std::string_view text, int scale, std::int64_t& out, std::int64_t minimum = 0,
                   std::int64_t maximum = int64_max) {
    out = -1;
    return parse_steps(text, scale, out, minimum, maximum);
}

// Compile time: the reader and its result are constexpr.
constexpr std::int64_t steps_of(std::string_view text, int scale) {
    std::int64_t out = -1;
    return parse_steps(text, scale, out) ? out : -1;
}
static_assert(steps_of("1.5", 3) == 1500);
static_assert(steps_of("1.5", 0) == -1);
static_assert(steps_of("42", 0) == 42);
static_assert(parse_result{parse_status::ok, 2} == parse_status::ok);
static_assert(!parse_result{parse_status::syntax, 0});

}  // namespace

TEST_CASE("parse_steps: quantities in steps of 10^-scale, one call") {
    std::int64_t out = 0;
    CHECK(steps("1.5", 3, out) == parse_status::ok);
    CHECK(out == 1500);
    CHECK(steps("1.5", 1, out));
    CHECK(out == 15);
    CHECK(steps("0.000001", 6, out));
    CHECK(out == 1);
    CHECK(steps("7", 6, out));
    CHECK(out == 7000000);
    CHECK(steps("007.250", 3, out));
    CHECK(out == 7250);
    // At most `scale` fraction digits, zeros included: "1.50" is not a quantity at scale 1.
    const parse_result extra = steps("1.50", 1, out);
    CHECK(extra.status == parse_status::too_many_fraction_digits);
    CHECK(extra.position == 3);
    CHECK(out == -1);  // left alone
    CHECK(steps("1.0", 0, out).status == parse_status::too_many_fraction_digits);
    CHECK(steps("1.0", 0, out).position == 2);
    // Up to 2^63-1 steps.
    CHECK(steps("9223372036854.775807", 6, out));
    CHECK(out == int64_max);
    CHECK(steps("9223372036854.775808", 6, out).status == parse_status::overflow);
    CHECK(steps("9223372036854775807", 0, out));
    CHECK(out == int64_max);
    CHECK(steps("9223372036854775808", 0, out).status == parse_status::overflow);
    CHECK(steps("9223372036854775808", 0, out).position == 19);
    CHECK(steps(std::string(80, '0') + "1", 0, out));
    CHECK(out == 1);
}

TEST_CASE("parse_steps: the grammar, with where and why it stops") {
    std::int64_t out = 0;
    struct refusal {
        std::string_view text;
        parse_status status;
        std::size_t position;
    };
    for (const refusal& r : {
             refusal{"", parse_status::syntax, 0},
             refusal{" 1", parse_status::syntax, 0},
             refusal{"1 ", parse_status::syntax, 1},
             refusal{"+1", parse_status::syntax, 0},
             refusal{"-1", parse_status::negative, 0},
             refusal{"-0", parse_status::syntax, 0},  // a signed zero is no quantity, not below 0
             refusal{"-0.000", parse_status::syntax, 0},
             refusal{"-0.001", parse_status::negative, 0},
             refusal{"-", parse_status::syntax, 1},
             refusal{"-x", parse_status::syntax, 1},
             refusal{".5", parse_status::syntax, 0},
             refusal{"5.", parse_status::syntax, 2},
             refusal{"1e3", parse_status::syntax, 1},
             refusal{"1,000", parse_status::syntax, 1},
             refusal{"1.2.3", parse_status::syntax, 3},
             refusal{"0x10", parse_status::syntax, 1},
             refusal{"\xEF\xBC\x91", parse_status::syntax, 0},  // FULLWIDTH DIGIT ONE
             refusal{std::string_view("1\0", 2), parse_status::syntax, 1},
             // A stray character is reported as such however many digits come first.
             refusal{"99999999999999999999x", parse_status::syntax, 20},
             refusal{"-99999999999999999999", parse_status::negative, 0},
         }) {
        CAPTURE(r.text);
        const parse_result got = steps(r.text, 3, out);
        CHECK(got.status == r.status);
        CHECK(got.position == r.position);
        CHECK(out == -1);
    }
}

TEST_CASE("parse_integer: plain digits within bounds") {
    std::int64_t out = -1;
    CHECK(parse_integer("1000", out));
    CHECK(out == 1000);
    CHECK(parse_integer("0", out, 1).status == parse_status::too_small);
    CHECK(parse_integer("1", out, 1));
    CHECK(parse_integer("100", out, 0, 99).status == parse_status::overflow);
    CHECK(parse_integer("99", out, 0, 99));
    CHECK(out == 99);
    CHECK(parse_integer("1.5", out).status == parse_status::too_many_fraction_digits);
    CHECK(parse_integer("123456789012345678901234567890", out).status == parse_status::overflow);
}

TEST_CASE_TEMPLATE("parse_number: decimals at a run-time scale, exactly", Rep, TARIFF_TEST_REPS) {
    using ops = tariff::detail::rep_ops<Rep>;
    Rep out = ops::from_int64(-7);
    const number_format decimal4{4, true, true};
    CHECK(parse_number("-12.5", decimal4, out));
    CHECK(out == ops::from_int64(-125000));
    CHECK(parse_number("+0.0001", decimal4, out));
    CHECK(out == ops::from_int64(1));
    CHECK(parse_number("1.234500", decimal4, out));  // extra zeros are allowed here
    CHECK(out == ops::from_int64(12345));
    const parse_result fine = parse_number("1.23456", decimal4, out);
    CHECK(fine.status == parse_status::too_many_fraction_digits);
    CHECK(fine.position == 6);
    // No sign allowed: below zero is `negative`, -0 and + are syntax.
    const number_format unsigned4{4, false, true};
    CHECK(parse_number("-1", unsigned4, out).status == parse_status::negative);
    CHECK(parse_number("-0.00", unsigned4, out).status == parse_status::syntax);
    CHECK(parse_number("+1", unsigned4, out).status == parse_status::syntax);
    // The most negative value of a bounded Rep reads; one more is overflow.
    if constexpr (ops::bounded) {
        const std::string min = std::to_string(std::numeric_limits<std::int64_t>::min());
        std::int64_t small = 0;
        CHECK(parse_number(min, number_format{0, true, true}, small));
        CHECK(small == std::numeric_limits<std::int64_t>::min());
        const std::string huge = "1" + std::string(60, '0');
        CHECK(parse_number(huge, number_format{0, true, true}, out).status ==
              parse_status::overflow);
        CHECK(parse_number(huge, number_format{0, true, true}, out).position == huge.size());
    } else {
        const std::string huge(400, '9');
        CHECK(parse_number(huge, number_format{2, true, true}, out));
        CHECK(out == Rep(huge + "00"));
    }
}

TEST_CASE_TEMPLATE("decimal::try_parse returns the reader's result", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    D2 out;
    const parse_result ok = D2::try_parse("12.34", out);
    CHECK(ok);
    CHECK(ok.position == 5);
    CHECK(out == D2::parse("12.34"));
    const parse_result bad = D2::try_parse("12.3x", out);
    CHECK(bad == parse_status::syntax);
    CHECK(bad.position == 4);
    CHECK(out == D2::parse("12.34"));  // left alone
    // The status alone still reads as before.
    const parse_status status = D2::try_parse("1.234", out);
    CHECK(status == parse_status::too_many_fraction_digits);
    // The throwing parse names the same position.
    try {
        (void)D2::parse("12.3x");
        FAIL("accepted");
    } catch (const tariff::parse_error& e) {
        CHECK(std::string(e.what()).find("unexpected 'x' at position 5") != std::string::npos);
    }
}

TEST_CASE_TEMPLATE("parse_number agrees with printing at every scale (fixed seed)", Rep,
                   TARIFF_TEST_REPS) {
    using ops = tariff::detail::rep_ops<Rep>;
    std::mt19937_64 random(7);
    for (int i = 0; i < 20000; ++i) {
        const auto raw = static_cast<std::int64_t>(random());
        const int scale = static_cast<int>(random() % 19);
        const std::string text = tariff::detail::fixed_digits(raw, scale);
        CAPTURE(text);
        Rep out = ops::from_int64(0);
        REQUIRE(parse_number(text, number_format{scale, true, false}, out));
        CHECK(out == ops::from_int64(raw));
        if (raw >= 0) {
            std::int64_t got = -1;
            CHECK(parse_steps(text, scale, got));
            CHECK(got == raw);
        }
    }
}

TEST_CASE("read_digits reads the leading digits, eight bytes at a time or one by one alike") {
    // Every run of 0 to 20 digits, ended by every byte that is not a digit (or by the text's
    // end), then nothing, more digits, or a line feed and more: the count and value are those of
    // a plain loop, at most 18 digits. Texts of eight bytes or more take the word-at-a-time path.
    std::mt19937_64 rng(8);
    for (std::size_t length = 0; length <= 20; ++length) {
        for (int stop = -1; stop < 256; ++stop) {
            if (stop >= '0' && stop <= '9') continue;
            for (const char* tail : {"", "77777777", "\n1234567"}) {
                std::string text;
                for (std::size_t i = 0; i < length; ++i) {
                    text += static_cast<char>('0' + (i == 0 ? 1 + rng() % 9 : rng() % 10));
                }
                if (stop >= 0) text += static_cast<char>(stop) + std::string(tail);
                CAPTURE(text);
                const std::size_t expected_count = length < 18 ? length : 18;
                std::int64_t expected = 0;
                for (std::size_t i = 0; i < expected_count; ++i) {
                    expected = expected * 10 + (text[i] - '0');
                }
                std::int64_t value = -1;
                CHECK(tariff::detail::read_digits(text, value) == expected_count);
                CHECK(value == expected);
            }
        }
    }
    // Leading zeros, and a constant expression (the one-by-one path).
    std::int64_t value = -1;
    CHECK(tariff::detail::read_digits("0000007\n", value) == 7);
    CHECK(value == 7);
    static_assert([] {
        std::int64_t v = 0;
        return tariff::detail::read_digits("1234567,", v) == 7 && v == 1234567;
    }());
}
