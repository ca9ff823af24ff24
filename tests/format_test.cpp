// {fmt} formatters (<tariff/format.hpp>) and the one formatting code under them
// (detail/formatting.hpp): exact output, width, fill, alignment, sign, grouping, precision,
// money codes, charges, and bad specs, over every representation and several scales and
// currencies (JPY 0, USD 2, BHD 3, CLF 4 minor digits).

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>
#include <tariff/format.hpp>
#include <vector>

#include "support/reference.hpp"
#include "support/reps.hpp"

namespace iso = tariff::iso;
using tariff::detail::format_spec_error;

namespace {

/// What formatting `value` with "{:" + spec + "}" throws, or "" when it formats.
template <class T>
std::string format_refusal(std::string_view spec, const T& value) {
    try {
        (void)fmt::format(fmt::runtime("{:" + std::string(spec) + "}"), value);
    } catch (const fmt::format_error& e) {
        return e.what();
    }
    return "";
}

/// The message of a refusal of `spec` for `error` at the 1-based byte `at`.
std::string refusal(std::string_view spec, format_spec_error error, int at) {
    return "format spec \"" + std::string(spec) + "\" at byte " + std::to_string(at) + ": " +
           tariff::detail::format_spec_message(error);
}

/// Groups of three digits in the whole part of a plain number, written here without the
/// library: the digits are copied from the right and a separator goes before every third one.
std::string grouped(const std::string& plain, char separator) {
    const std::size_t dot = plain.find('.');
    const std::string whole = plain.substr(0, dot);
    const std::string rest = dot == std::string::npos ? "" : plain.substr(dot);
    const bool negative = !whole.empty() && whole[0] == '-';
    const std::string digits = negative ? whole.substr(1) : whole;
    std::string out;
    int count = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (count > 0 && count % 3 == 0) out.insert(out.begin(), separator);
        out.insert(out.begin(), *it);
        ++count;
    }
    return (negative ? "-" : "") + out + rest;
}

/// Random raw values with up to `max_digits` digits (fixed seed), both signs, and zero.
std::vector<reference::integer> random_raws(std::uint64_t seed, int max_digits, int count) {
    std::mt19937_64 rng(seed);
    std::vector<reference::integer> out{reference::integer::from_int64(0)};
    for (int i = 0; i < count; ++i) {
        const int length = std::uniform_int_distribution<int>(1, max_digits)(rng);
        std::string text = rng() % 2 == 0 ? "-" : "";
        for (int k = 0; k < length; ++k)
            text.push_back(static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng)));
        out.push_back(reference::integer::from_text(text));
    }
    return out;
}

/// The most digits a raw value of Rep always has room for; 60 for the unbounded cpp_int.
template <class Rep>
int max_digits() {
    using ops = tariff::detail::rep_ops<Rep>;
    return ops::bounded ? ops::max_pow10 : 60;
}

/// Checks `{}`, `{:,}`, `{:_}`, `{:+}`, `{: }` and a padded width against texts built from the
/// reference digits, for random values of decimal<Scale, Rep>.
template <int Scale, class Rep>
void check_random_decimals(std::uint64_t seed) {
    using D = tariff::decimal<Scale, Rep>;
    int checked = 0;
    for (const auto& raw : random_raws(seed, max_digits<Rep>(), 300)) {
        const std::string plain = reference::format_fixed(raw, Scale);
        const D d = D::parse(plain);
        const bool negative = plain[0] == '-';
        CHECK(fmt::format("{}", d) == plain);
        CHECK(fmt::format("{}", d) == tariff::to_string(d));
        CHECK(fmt::format("{:,}", d) == grouped(plain, ','));
        CHECK(fmt::format("{:_}", d) == grouped(plain, '_'));
        CHECK(fmt::format("{:+}", d) == (negative ? plain : "+" + plain));
        CHECK(fmt::format("{: }", d) == (negative ? plain : " " + plain));
        const std::string padded = fmt::format("{:*>70}", d);
        CHECK(padded.size() == 70);
        CHECK(padded == std::string(70 - plain.size(), '*') + plain);
        CHECK(fmt::format("{:.{}}", d, Scale + 3) ==
              plain + (Scale == 0 ? "." : "") + std::string(3, '0'));
        ++checked;
    }
    CHECK(checked == 301);
}

}  // namespace

// --- decimal -----------------------------------------------------------------------------------

TEST_CASE_TEMPLATE("format: {} of a decimal is to_string at every scale", Rep, TARIFF_TEST_REPS) {
    check_random_decimals<0, Rep>(0x5eed0000);
    check_random_decimals<2, Rep>(0x5eed0002);
    check_random_decimals<3, Rep>(0x5eed0003);
    check_random_decimals<4, Rep>(0x5eed0004);
    check_random_decimals<9, Rep>(0x5eed0009);
}

TEST_CASE_TEMPLATE("format: width, fill and alignment of a decimal", Rep, TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    const D total = D::parse("6000");
    CHECK(fmt::format("{:12}", total) == "     6000.00");  // numbers align right
    CHECK(fmt::format("{:>12}", total) == "     6000.00");
    CHECK(fmt::format("{:<12}|", total) == "6000.00     |");
    CHECK(fmt::format("{:^12}|", total) == "  6000.00   |");  // the odd column on the right
    CHECK(fmt::format("{:*^13}", total) == "***6000.00***");
    CHECK(fmt::format("{:.<10}", D::parse("-0.05")) == "-0.05.....");
    CHECK(fmt::format("{:\u2605>9}", D::parse("1.5")) == "\u2605\u2605\u2605\u2605\u26051.50");
    CHECK(fmt::format("{:3}", total) == "6000.00");  // never cut
    CHECK(fmt::format("{:0}", total) == "6000.00");
    // Width from an argument, automatic and numbered.
    CHECK(fmt::format("{:>{}}", total, 10) == "   6000.00");
    CHECK(fmt::format("{0:_<{1}}|{1}", total, 9) == "6000.00__|9");
    CHECK(fmt::format("{:{}}", total, 0U) == "6000.00");
}

TEST_CASE_TEMPLATE("format: sign and zero padding of a decimal; never -0.00", Rep,
                   TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    CHECK(fmt::format("{:+}", D::parse("5")) == "+5.00");
    CHECK(fmt::format("{:+}", D::parse("-5")) == "-5.00");
    CHECK(fmt::format("{:-}", D::parse("5")) == "5.00");
    CHECK(fmt::format("{: }", D::parse("5")) == " 5.00");
    CHECK(fmt::format("{: }", D::parse("-5")) == "-5.00");
    CHECK(fmt::format("{:08}", D::parse("-5")) == "-0005.00");  // zeros after the sign
    CHECK(fmt::format("{:+08}", D::parse("5")) == "+0005.00");
    CHECK(fmt::format("{:<08}|", D::parse("-5")) == "-5.00   |");  // an align wins over '0'
    CHECK(fmt::format("{:*>+8}", D::parse("5")) == "***+5.00");

    // Zero is never negative, however it was reached.
    const D minus_zero = D::parse("-0.00");
    const D difference = D::parse("-1.25") + D::parse("1.25");
    const auto rounded =
        tariff::round<2>(tariff::decimal<3, Rep>::parse("-0.004"), tariff::rounding::half_up);
    for (const D& zero : {minus_zero, difference, D(rounded), -D()}) {
        CHECK(fmt::format("{}", zero) == "0.00");
        CHECK(fmt::format("{:,.4}", zero) == "0.0000");
        CHECK(fmt::format("{:+}", zero) == "+0.00");
        CHECK(fmt::format("{:06}", zero) == "000.00");
        CHECK(fmt::format("{:>8}", zero) == "    0.00");
    }
    CHECK(fmt::format("{:+}", tariff::decimal<0, Rep>()) == "+0");
}

TEST_CASE_TEMPLATE("format: digit grouping of a decimal", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    using D3 = tariff::decimal<3, Rep>;
    using D0 = tariff::decimal<0, Rep>;
    CHECK(fmt::format("{:,}", D2::parse("6000")) == "6,000.00");
    CHECK(fmt::format("{:>12,}", D2::parse("6000")) == "    6,000.00");
    CHECK(fmt::format("{:,}", D2::parse("-6000")) == "-6,000.00");
    CHECK(fmt::format("{:,}", D2::parse("999.99")) == "999.99");
    CHECK(fmt::format("{:,}", D2::parse("-999")) == "-999.00");
    CHECK(fmt::format("{:,}", D2::parse("1000")) == "1,000.00");
    CHECK(fmt::format("{:_}", D3::parse("1234567.891")) == "1_234_567.891");
    CHECK(fmt::format("{:,}", D3::parse("0.001")) == "0.001");  // fraction digits never grouped
    CHECK(fmt::format("{:,}", D0::parse("-100000")) == "-100,000");
    CHECK(fmt::format("{:+,.4}", D2::parse("1234.5")) == "+1,234.5000");
    CHECK(fmt::format("{:*^+14,}", D2::parse("1234.5")) == "**+1,234.50***");
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        CHECK(fmt::format("{:,}", D2::from_raw(INT64_MIN)) == "-92,233,720,368,547,758.08");
        CHECK(fmt::format("{:,}", D0::from_raw(INT64_MAX)) == "9,223,372,036,854,775,807");
    } else {
        const auto big = tariff::decimal<4, Rep>::parse("-123456789012345678901234567.8901");
        CHECK(fmt::format("{:,}", big) == "-123,456,789,012,345,678,901,234,567.8901");
    }
}

TEST_CASE_TEMPLATE("format: precision adds zeros and never drops digits", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    using D0 = tariff::decimal<0, Rep>;
    using D4 = tariff::decimal<4, Rep>;
    CHECK(fmt::format("{:.2}", D2::parse("1.5")) == "1.50");
    CHECK(fmt::format("{:.5}", D2::parse("1.5")) == "1.50000");
    CHECK(fmt::format("{:.2}", D0::parse("7")) == "7.00");
    CHECK(fmt::format("{:.0}", D0::parse("-7")) == "-7");
    CHECK(fmt::format("{:>10.{}}", D2::parse("-0.3"), 4) == "   -0.3000");
    // Fewer digits than the scale would round or cut: refused, even where they are zeros.
    CHECK(format_refusal(".1", D2::parse("1.5")) ==
          refusal(".1", format_spec_error::precision_below_scale, 2));
    CHECK(format_refusal(".3", D4::parse("1.5")) ==
          refusal(".3", format_spec_error::precision_below_scale, 2));
    CHECK(format_refusal(".0", D2::parse("2")) ==
          refusal(".0", format_spec_error::precision_below_scale, 2));
    CHECK(format_refusal(".{}", D4::parse("0.0001")) != "");  // the argument is missing
    try {
        (void)fmt::format(fmt::runtime("{:.{}}"), D4::parse("0.0001"), 3);
        FAIL("a precision argument below the scale was accepted");
    } catch (const fmt::format_error& e) {
        CHECK(std::string(e.what()) ==
              "precision argument 3: " + std::string(tariff::detail::format_spec_message(
                                             format_spec_error::precision_below_scale)));
    }
}

// --- money -------------------------------------------------------------------------------------

namespace {

/// `{}` is to_string; the code's position and the numeric options, for one currency.
template <class Currency, class Rep>
void check_money(std::string_view text, std::string_view plain, std::string_view grouped_text) {
    using M = tariff::money<Currency, Rep>;
    const M m = M::parse(text);
    const std::string code(Currency::code);
    CHECK(fmt::format("{}", m) == tariff::to_string(m));
    CHECK(fmt::format("{}", m) == std::string(plain) + " " + code);
    CHECK(fmt::format("{:a}", m) == plain);
    CHECK(fmt::format("{:c}", m) == code + " " + std::string(plain));
    CHECK(fmt::format("{:,}", m) == std::string(grouped_text) + " " + code);
    CHECK(fmt::format("{:,c}", m) == code + " " + std::string(grouped_text));
    const std::string right = fmt::format("{:>30,}", m);
    CHECK(right.size() == 30);
    CHECK(right.substr(30 - grouped_text.size() - 4) == std::string(grouped_text) + " " + code);
    CHECK(fmt::format("{:<30c}|", m) ==
          code + " " + std::string(plain) + std::string(26 - plain.size(), ' ') + "|");
    CHECK(format_refusal("x", m) == refusal("x", format_spec_error::money_type, 1));
    if (Currency::minor_units > 0) {
        CHECK(format_refusal(".0", m) ==
              refusal(".0", format_spec_error::precision_below_scale, 2));
    }
}

}  // namespace

TEST_CASE_TEMPLATE("format: money in JPY, USD, BHD and CLF", Rep, TARIFF_TEST_REPS) {
    check_money<iso::JPY, Rep>("600000", "600000", "600,000");
    check_money<iso::JPY, Rep>("-1234", "-1234", "-1,234");
    check_money<iso::USD, Rep>("6000", "6000.00", "6,000.00");
    check_money<iso::USD, Rep>("-0.05", "-0.05", "-0.05");
    check_money<iso::BHD, Rep>("1234.567", "1234.567", "1,234.567");
    check_money<iso::CLF, Rep>("-98765.4321", "-98765.4321", "-98,765.4321");
    check_money<iso::CLF, Rep>("0", "0.0000", "0.0000");

    using usd = tariff::money<iso::USD, Rep>;
    const usd total = usd::parse("0.30") * 20000;
    CHECK(fmt::format("{}", total) == "6000.00 USD");
    CHECK(fmt::format("{:>16,c}", total) == "    USD 6,000.00");
    CHECK(fmt::format("{:+c}", total) == "USD +6000.00");
    CHECK(fmt::format("{:c}", -total) == "USD -6000.00");
    CHECK(fmt::format("{:.4a}", total) == "6000.0000");
    CHECK(fmt::format("{:010a}", -total) == "-006000.00");
    CHECK(fmt::format("{:+}", usd()) == "+0.00 USD");
    CHECK(fmt::format("{}", -usd()) == "0.00 USD");
    CHECK(format_refusal("08", total) ==
          refusal("08", format_spec_error::zero_padding_with_code, 1));
    CHECK(format_refusal("08c", total) ==
          refusal("08c", format_spec_error::zero_padding_with_code, 1));
    CHECK(format_refusal("ca", total) == refusal("ca", format_spec_error::unexpected_character, 2));
    CHECK(fmt::format("{:<08c}|", total) == "USD 6000.00|");  // '0' after an align is ignored
}

// --- charge ------------------------------------------------------------------------------------

namespace {

template <class Rep>
tariff::tier_table<iso::USD, tariff::decimal<2, Rep>> faceid() {
    return {tariff::tier_mode::volume,
            {{1000, "0.40"},
             {10000, "0.35"},
             {100000, "0.30"},
             {200000, "0.25"},
             {tariff::unbounded, tariff::contact_sales}}};
}

template <class Rep>
tariff::tier_table<iso::JPY, tariff::decimal<1, Rep>> yen_graduated() {
    return tariff::tier_table<iso::JPY, tariff::decimal<1, Rep>>{
        tariff::tier_mode::graduated, {{100, "2.5"}, {tariff::unbounded, "1.5", "300"}}}
        .with_minimum(tariff::decimal<0, Rep>(500));
}

}  // namespace

TEST_CASE_TEMPLATE("format: {} of a charge is its invoice text", Rep, TARIFF_TEST_REPS) {
    const auto c = tariff::rate(faceid<Rep>(), 20000);
    CHECK(fmt::format("{}", c) == tariff::to_text(c));
    CHECK(fmt::format("{}", c) ==
          "20000 (volume, USD)\n"
          "  tiers[2]  over 10000 up to 100000  20000 x 0.30  6000.00\n"
          "  total                                            6000.00 USD\n");
    for (const std::int64_t q : {0, 1, 1000, 1001, 200000, 200001}) {
        const auto each = tariff::rate(faceid<Rep>(), q);
        CHECK(fmt::format("{}", each) == tariff::to_text(each));
    }
    for (const std::int64_t q : {0, 99, 100, 101, 5000}) {
        const auto each = tariff::rate(yen_graduated<Rep>(), q);
        CHECK(fmt::format("{}", each) == tariff::to_text(each));
    }
    CHECK(fmt::format("{}|{:>8,}", c, *c.total) == tariff::to_text(c) + "|6,000.00");
    CHECK(format_refusal(">80", c) == refusal(">80", format_spec_error::charge_spec, 1));
}

// --- bad specs ---------------------------------------------------------------------------------

TEST_CASE_TEMPLATE("format: bad specs are refused with the reason", Rep, TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    const D d = D::parse("6000");
    using e = format_spec_error;
    const struct {
        const char* spec;
        format_spec_error error;
        int at;                       // 1-based byte of the spec the refusal names
        const char* shown = nullptr;  // the spec as the message quotes it; the spec when null
    } cases[] = {
        {"{<5", e::fill_is_brace, 1, "{<5"},
        {"#", e::alternate_form, 1},
        {"+#", e::alternate_form, 2},
        {"{x}", e::malformed_argument, 2, "{x"},
        {"{1x}", e::malformed_argument, 3, "{1x"},
        {".{x}", e::malformed_argument, 3, ".{x"},
        {"99999999999", e::too_large, 1},
        {".2147483648", e::too_large, 2},
        {"{2147483648}", e::too_large, 2, "{2147483648"},
        {"0,", e::zero_padding_with_grouping, 1},
        {"08_", e::zero_padding_with_grouping, 1},
        {".", e::precision_expected, 1},
        {".x", e::precision_expected, 1},
        {".1", e::precision_below_scale, 2},
        {"L", e::locale_grouping, 1},
        {",L", e::locale_grouping, 2},
        {"f", e::decimal_type, 1},
        {".2f", e::decimal_type, 3},
        {"d", e::decimal_type, 1},
        {"a", e::decimal_type, 1},  // the money types are not a decimal's
        {"c", e::decimal_type, 1},
        {",,", e::unexpected_character, 2},
        {"5.2.", e::unexpected_character, 4},
        {"=", e::unexpected_character, 1},
        {"++", e::unexpected_character, 2},
        {"%", e::unexpected_character, 1},
        {"\x1b[31m", e::unexpected_character, 1, "\\x1b[31m"},  // escaped in the message
    };
    for (const auto& c : cases) {
        CAPTURE(c.spec);
        CHECK(format_refusal(c.spec, d) == refusal(c.shown ? c.shown : c.spec, c.error, c.at));
    }
    // Bad width and precision arguments, found while formatting.
    CHECK_THROWS_WITH_AS((void)fmt::format(fmt::runtime("{:{}}"), d, -1),
                         "width argument -1 is negative", fmt::format_error);
    CHECK_THROWS_WITH_AS((void)fmt::format(fmt::runtime("{:.{}}"), d, -1),
                         "precision argument -1 is negative", fmt::format_error);
    CHECK_THROWS_WITH_AS((void)fmt::format(fmt::runtime("{:{}}"), d, "9"),
                         "width argument is not an integer", fmt::format_error);
    CHECK_THROWS_WITH_AS((void)fmt::format(fmt::runtime("{:.{}}"), d, true),
                         "precision argument is not an integer", fmt::format_error);
    CHECK_THROWS_WITH_AS((void)fmt::format(fmt::runtime("{:{}}"), d, 3000000000LL),
                         "width argument 3000000000 is too large", fmt::format_error);
    // 128-bit arguments count too (std::is_integral leaves them out in strict ISO mode).
    __extension__ typedef __int128 int128;
    __extension__ typedef unsigned __int128 uint128;
    CHECK(fmt::format("{:>{}}|{:.{}}", d, int128{9}, d, uint128{3}) == "  6000.00|6000.000");
    CHECK_THROWS_WITH_AS((void)fmt::format(fmt::runtime("{:{}}"), d, int128{-1}),
                         "width argument is negative", fmt::format_error);
    CHECK_THROWS_WITH_AS((void)fmt::format(fmt::runtime("{:{}}"), d, (uint128{1} << 64) + 5),
                         "width argument is too large", fmt::format_error);
    CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:{5}}"), d, 1), fmt::format_error);
    CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:{}}"), d), fmt::format_error);
    // {fmt}'s own rule: automatic and numbered arguments do not mix.
    CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:{1}}"), d, 5), fmt::format_error);
}

// --- the spec reader itself, while compiling ---------------------------------------------------

namespace {

struct spec_reading {
    tariff::parse_result result;
    tariff::detail::format_spec spec;
    format_spec_error error = format_spec_error::none;
};

constexpr spec_reading read_spec(
    std::string_view text, int scale,
    tariff::detail::format_subject subject = tariff::detail::format_subject::decimal) {
    spec_reading r{};
    r.result = tariff::detail::parse_format_spec(text, subject, scale, r.spec, r.error);
    return r;
}

}  // namespace

TEST_CASE("format: parse_format_spec is a constexpr reader with one result shape") {
    using tariff::parse_status;
    using tariff::detail::text_align;
    // Read while compiling, as {fmt} does when it checks a format string.
    constexpr spec_reading full = read_spec("*^+12,.4}", 2);
    static_assert(full.result.status == parse_status::ok && full.result.position == 8);
    static_assert(full.spec.fill[0] == '*' && full.spec.align == text_align::center);
    static_assert(full.spec.width == 12 && full.spec.grouping == ',' && full.spec.precision == 4);
    static_assert(read_spec("", 2).result.position == 0);
    static_assert(read_spec("}", 2).result.position == 0);
    static_assert(read_spec("{}.{3}", 2).spec.width_argument == tariff::detail::next_argument);
    static_assert(read_spec("{}.{3}", 2).spec.precision_argument == 3);
    constexpr spec_reading below = read_spec(">9.1}", 2);
    static_assert(below.result.status == parse_status::syntax && below.result.position == 3);
    static_assert(below.error == format_spec_error::precision_below_scale);
    static_assert(read_spec("99999999999", 2).result.status == parse_status::overflow);
    static_assert(read_spec("8c", 2, tariff::detail::format_subject::money).spec.type == 'c');
    static_assert(read_spec("8c", 2).error == format_spec_error::decimal_type);
    // Format strings checked while compiling (FMT_STRING also in C++17).
    CHECK(fmt::format(FMT_STRING("{:>{}.{}}|{:,c}"), tariff::decimal<2>::parse("1.5"), 8, 3,
                      tariff::money<iso::BHD>::parse("1234.5")) == "   1.500|BHD 1,234.500");
}

// --- the one formatting code under to_text and format_amount ---------------------------------

TEST_CASE("format: append_aligned and set_fraction_digits, as to_text and format_amount use them") {
    using tariff::detail::append_aligned;
    using tariff::detail::text_align;
    std::string out;
    append_aligned(out, "ab", 5, text_align::left);
    append_aligned(out, "|", 0, text_align::right);
    append_aligned(out, "cd", 5, text_align::right);
    append_aligned(out, "toolong", 3, text_align::center);
    CHECK(out == "ab   |   cdtoolong");
    std::string fixed = "6000.00";
    CHECK(tariff::detail::set_fraction_digits(fixed, 2, 0));
    CHECK(fixed == "6000");
    fixed = "-0.50";
    CHECK(tariff::detail::set_fraction_digits(fixed, 2, 1));
    CHECK(fixed == "-0.5");
    fixed = "-0.05";
    CHECK_FALSE(tariff::detail::set_fraction_digits(fixed, 2, 1));  // would round: refused
    CHECK(fixed == "-0.05");
    fixed = "7";
    CHECK(tariff::detail::set_fraction_digits(fixed, 0, 3));
    CHECK(fixed == "7.000");
    // format_amount refuses a finer amount with the same rule.
    CHECK_THROWS_WITH_AS(tariff::format_amount(tariff::decimal<3>::parse("1.005"), iso::USD::info),
                         "1.005 is finer than USD's minor unit", tariff::invalid_argument);
    CHECK(tariff::format_amount(tariff::decimal<3>::parse("-1.250"), iso::USD::info) == "-1.25");
    CHECK(tariff::format_amount(tariff::decimal<0>::parse("12"), iso::CLF::info) == "12.0000");
}
