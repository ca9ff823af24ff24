// tariff::money: amounts in a compile-time currency, over every representation.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <tariff/money.hpp>
#include <type_traits>

#include "support/reference.hpp"
#include "support/reps.hpp"

namespace iso = tariff::iso;
using tariff::rounding;

TEST_CASE_TEMPLATE("money: the FaceID example, 20,000 calls x 0.30 USD", Rep, TARIFF_TEST_REPS) {
    using usd = tariff::money<iso::USD, Rep>;
    const usd price = usd::parse("0.30");
    CHECK(tariff::to_string(price * 20000) == "6000.00 USD");
    CHECK(tariff::to_string(20000 * price) == "6000.00 USD");
    CHECK(price * 20000 == usd::parse("6000.00"));
    // The volume-pricing cliff: 1,000 calls at 0.40 cost more than 1,001 at 0.35.
    CHECK(tariff::to_string(usd::parse("0.40") * 1000) == "400.00 USD");
    CHECK(tariff::to_string(usd::parse("0.35") * 1001) == "350.35 USD");
    std::ostringstream os;
    os << price * 20000;
    CHECK(os.str() == "6000.00 USD");
}

TEST_CASE_TEMPLATE("money: arithmetic and comparisons in one currency", Rep, TARIFF_TEST_REPS) {
    using usd = tariff::money<iso::USD, Rep>;
    const usd a = usd::parse("10.25"), b = usd::parse("-0.30");
    CHECK(tariff::to_string(usd()) == "0.00 USD");
    CHECK(tariff::to_string(a + b) == "9.95 USD");
    CHECK(tariff::to_string(a - b) == "10.55 USD");
    CHECK(tariff::to_string(-a) == "-10.25 USD");
    CHECK(tariff::to_string(+b) == "-0.30 USD");
    CHECK(tariff::to_string(b * -2) == "0.60 USD");
    CHECK(tariff::to_string(a * std::uint64_t{3}) == "30.75 USD");
    usd c = a;
    c += b;
    CHECK(c == usd::parse("9.95"));
    c -= a;
    CHECK(c == b);
    CHECK(b < a);
    CHECK(b <= a);
    CHECK(a > b);
    CHECK(a >= b);
    CHECK(a != b);
    CHECK_FALSE(a == b);
    CHECK(a >= usd::parse("10.25"));
}

TEST_CASE_TEMPLATE("money: minor units, amount and currency", Rep, TARIFF_TEST_REPS) {
    using usd = tariff::money<iso::USD, Rep>;
    const usd m = usd::from_minor_units(Rep(1234));
    CHECK(tariff::to_string(m) == "12.34 USD");
    CHECK(m.minor_units() == Rep(1234));
    static_assert(std::is_same_v<typename usd::amount_type, tariff::decimal<2, Rep>>);
    CHECK(tariff::to_string(m.amount()) == "12.34");
    CHECK(usd::currency_info().code == "USD");
    CHECK(usd::currency_info().minor_units == 2);
    CHECK(usd::currency_info().numeric == 840);
    CHECK(tariff::to_string(usd(tariff::decimal<2, Rep>::parse("-0.05"))) == "-0.05 USD");
    // Lossless widening of the representation, same currency.
    const tariff::money<iso::USD, tariff::cpp_int> wide = m;
    CHECK(tariff::to_string(wide) == "12.34 USD");
}

TEST_CASE_TEMPLATE("money: each currency's own number of minor digits", Rep, TARIFF_TEST_REPS) {
    using jpy = tariff::money<iso::JPY, Rep>;
    using bhd = tariff::money<iso::BHD, Rep>;
    using clf = tariff::money<iso::CLF, Rep>;
    CHECK(tariff::to_string(jpy::parse("1500")) == "1500 JPY");
    CHECK(tariff::to_string(jpy::parse("1500.00")) == "1500 JPY");
    CHECK(tariff::to_string(jpy::parse("-3") * 7) == "-21 JPY");
    CHECK_THROWS_AS(jpy::parse("1500.5"), tariff::parse_error);
    CHECK(tariff::to_string(jpy::from_minor_units(Rep(1500))) == "1500 JPY");
    CHECK(tariff::to_string(bhd::parse("1.234")) == "1.234 BHD");
    CHECK(tariff::to_string(bhd::parse("1.2")) == "1.200 BHD");
    CHECK(tariff::to_string(bhd::from_minor_units(Rep(-5))) == "-0.005 BHD");
    CHECK_THROWS_AS(bhd::parse("1.2345"), tariff::parse_error);
    CHECK(tariff::to_string(clf::parse("0.1234")) == "0.1234 CLF");
    CHECK(tariff::to_string(clf::parse("12")) == "12.0000 CLF");
    CHECK_THROWS_AS(clf::parse("0.12345"), tariff::parse_error);
    CHECK_THROWS_AS(clf::parse("1e3"), tariff::parse_error);
}

TEST_CASE_TEMPLATE("money: to_money rounds an exact amount to the currency's minor unit", Rep,
                   TARIFF_TEST_REPS) {
    using D4 = tariff::decimal<4, Rep>;
    CHECK(tariff::to_string(tariff::to_money<iso::USD>(D4::parse("1.2345"), rounding::half_up)) ==
          "1.23 USD");
    CHECK(tariff::to_string(tariff::to_money<iso::USD>(D4::parse("1.2350"), rounding::half_even)) ==
          "1.24 USD");
    CHECK(tariff::to_string(tariff::to_money<iso::USD>(D4::parse("1.2250"), rounding::half_even)) ==
          "1.22 USD");
    CHECK(tariff::to_string(tariff::to_money<iso::USD>(D4::parse("-1.2350"), rounding::half_up)) ==
          "-1.24 USD");
    CHECK(tariff::to_string(tariff::to_money<iso::USD>(D4::parse("-1.2301"), rounding::floor)) ==
          "-1.24 USD");
    CHECK(tariff::to_string(tariff::to_money<iso::USD>(D4::parse("-0.0049"), rounding::half_up)) ==
          "0.00 USD");
    CHECK(tariff::to_string(tariff::to_money<iso::JPY>(D4::parse("1499.5000"),
                                                       rounding::half_even)) == "1500 JPY");
    CHECK(tariff::to_string(tariff::to_money<iso::JPY>(D4::parse("1498.5000"),
                                                       rounding::half_even)) == "1498 JPY");
    CHECK(tariff::to_string(tariff::to_money<iso::JPY>(D4::parse("-0.5"), rounding::half_down)) ==
          "0 JPY");
    CHECK(tariff::to_string(tariff::to_money<iso::BHD>(D4::parse("2.0005"), rounding::half_down)) ==
          "2.000 BHD");
    CHECK(tariff::to_string(tariff::to_money<iso::BHD>(D4::parse("2.0005"), rounding::up)) ==
          "2.001 BHD");
    // Fewer digits than the currency: exact, whatever the mode.
    using D2 = tariff::decimal<2, Rep>;
    CHECK(tariff::to_string(tariff::to_money<iso::CLF>(D2::parse("1.23"), rounding::up)) ==
          "1.2300 CLF");
    CHECK(tariff::to_string(tariff::to_money<iso::USD>(D2::parse("1.23"), rounding::floor)) ==
          "1.23 USD");
    // The unit price x quantity of the README, rounded once.
    const auto exact = tariff::decimal<3, Rep>::parse("0.125") * 3;
    CHECK(tariff::to_string(tariff::to_money<iso::USD>(exact, rounding::half_up)) == "0.38 USD");
    static_assert(std::is_same_v<decltype(tariff::to_money<iso::USD>(exact, rounding::up)),
                                 tariff::money<iso::USD, Rep>>);
}

TEST_CASE_TEMPLATE("money: parse reads what to_string prints", Rep, TARIFF_TEST_REPS) {
    using usd = tariff::money<iso::USD, Rep>;
    using jpy = tariff::money<iso::JPY, Rep>;
    using clf = tariff::money<iso::CLF, Rep>;
    // Regression: parse refused to_string's own output because of the currency code.
    for (const char* text : {"6000.00", "-0.05", "0.00", "92233720368547758.07", "-1.50"}) {
        const usd m = usd::parse(text);
        CHECK(usd::parse(tariff::to_string(m)) == m);
    }
    CHECK(jpy::parse(tariff::to_string(jpy::parse("-1500"))) == jpy::parse("-1500"));
    CHECK(clf::parse(tariff::to_string(clf::parse("0.0001"))) == clf::parse("0.0001"));
    CHECK(tariff::to_string(usd::parse("6000.00 USD")) == "6000.00 USD");
    CHECK(tariff::to_string(usd::parse("6000 USD")) == "6000.00 USD");
    CHECK(tariff::to_string(usd::parse("6000.00USD")) == "6000.00 USD");
    CHECK(tariff::to_string(usd::parse("-0.5 USD")) == "-0.50 USD");
    CHECK(tariff::to_string(jpy::parse("1500 JPY")) == "1500 JPY");
    // Another currency's code is refused, naming both.
    CHECK_THROWS_WITH_AS(usd::parse("6000.00 EUR"), "\"6000.00 EUR\" is an amount in EUR, not USD",
                         tariff::parse_error);
    CHECK_THROWS_WITH_AS(jpy::parse("1500USD"), "\"1500USD\" is an amount in USD, not JPY",
                         tariff::parse_error);
    // The amount stays strict: one space at most, no lower case, no code in front, no digits
    // finer than the currency's.
    CHECK_THROWS_AS(usd::parse("6000.00  USD"), tariff::parse_error);
    CHECK_THROWS_AS(usd::parse("6000.00 usd"), tariff::parse_error);
    CHECK_THROWS_AS(usd::parse("USD 6000.00"), tariff::parse_error);
    CHECK_THROWS_AS(usd::parse("USD"), tariff::parse_error);
    CHECK_THROWS_AS(usd::parse(" USD"), tariff::parse_error);
    CHECK_THROWS_AS(usd::parse("6000.001 USD"), tariff::parse_error);
    CHECK_THROWS_AS(jpy::parse("1500.5 JPY"), tariff::parse_error);
}

TEST_CASE_TEMPLATE("money_cast: an exact amount of any scale and Rep becomes money, or throws", Rep,
                   TARIFF_TEST_REPS) {
    using eur = tariff::money<iso::EUR>;
    // A book charge's total is a decimal<18, cpp_int>; money<EUR> is int64.
    const tariff::decimal<18, tariff::cpp_int> total =
        tariff::decimal<18, tariff::cpp_int>::parse("6000.000000000000000000");
    const eur m = tariff::money_cast<eur>(total);
    CHECK(tariff::to_string(m) == "6000.00 EUR");
    CHECK(tariff::money_cast<iso::EUR, std::int64_t>(total) == m);

    using D6 = tariff::decimal<6, Rep>;
    using D0 = tariff::decimal<0, Rep>;
    const auto same_rep = tariff::money_cast<iso::EUR>(D6::parse("-12.340000"));
    static_assert(std::is_same_v<std::decay_t<decltype(same_rep)>, tariff::money<iso::EUR, Rep>>);
    CHECK(tariff::to_string(same_rep) == "-12.34 EUR");
    // Fewer digits than the currency: always exact.
    CHECK(tariff::to_string(tariff::money_cast<iso::CLF>(D0::parse("-7"))) == "-7.0000 CLF");
    CHECK(tariff::to_string(tariff::money_cast<iso::JPY>(D6::parse("1500"))) == "1500 JPY");
    CHECK(tariff::to_string(tariff::money_cast<iso::BHD, tariff::cpp_int>(D0::parse("3"))) ==
          "3.000 BHD");
    // Digits finer than the minor unit: refused, naming the value and the currency.
    CHECK_THROWS_WITH_AS(tariff::money_cast<iso::EUR>(D6::parse("12.345000")),
                         "12.345000 is not a whole number of EUR minor units (2 fraction digits): "
                         "round it with to_money",
                         tariff::invalid_argument);
    CHECK_THROWS_AS(tariff::money_cast<iso::JPY>(D6::parse("-0.000001")), tariff::invalid_argument);
    CHECK_THROWS_AS(tariff::money_cast<eur>(tariff::decimal<18, tariff::cpp_int>::parse("0.001")),
                    tariff::invalid_argument);
    // Too large for the money's Rep: overflow_error, naming the value and the type.
    const auto huge = tariff::decimal<18, tariff::cpp_int>::parse("92233720368547758.08");
    CHECK_THROWS_WITH_AS(tariff::money_cast<eur>(huge),
                         "overflow: 92233720368547758.080000000000000000 EUR does not fit "
                         "decimal<2, int64>",
                         tariff::overflow_error);
    CHECK(tariff::to_string(tariff::money_cast<iso::EUR, tariff::int128>(huge)) ==
          "92233720368547758.08 EUR");
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        // The widening happens in the target's Rep: int64 cannot hold 9223372036854775807.000.
        const D0 max = D0::from_raw(std::numeric_limits<std::int64_t>::max());
        CHECK_THROWS_AS(tariff::money_cast<iso::BHD>(max), tariff::overflow_error);
        CHECK(tariff::to_string(tariff::money_cast<iso::BHD, tariff::int128>(max)) ==
              "9223372036854775807.000 BHD");
    }
    // money to money of another Rep, same currency.
    const tariff::money<iso::EUR, Rep> in_rep = tariff::money_cast<iso::EUR>(D0::parse("5"));
    CHECK(tariff::money_cast<eur>(in_rep) == eur::parse("5.00"));
    CHECK(tariff::money_cast<tariff::money<iso::EUR, tariff::cpp_int>>(in_rep) ==
          tariff::money<iso::EUR, tariff::cpp_int>::parse("5"));
}

TEST_CASE_TEMPLATE("money_cast properties: exact where the reference says so", Rep,
                   TARIFF_TEST_REPS) {
    using D6 = tariff::decimal<6, Rep>;
    using usd = tariff::money<iso::USD>;
    std::mt19937_64 rng(1217);
    int exact = 0, finer = 0, too_large = 0;
    for (int i = 0; i < 600; ++i) {
        // Up to 24 digits, every other one a whole number of cents.
        std::string digits = std::to_string(rng() % 1000000000000ULL);
        if (rng() % 3 == 0) digits += std::to_string(rng() % 1000000000000ULL);
        if (i % 2 == 0) digits.append(4, '0');
        const reference::integer magnitude = reference::integer::from_text(digits);
        const reference::integer raw = rng() % 2 == 0 ? -magnitude : magnitude;
        if (!test_reps::fits<Rep>(raw)) continue;
        const D6 amount = D6::parse(reference::format_fixed(raw, 6));
        INFO("money_cast<money<USD>>(" << tariff::to_string(amount) << ")");
        const reference::integer cents = reference::divide_pow10(raw, 4, reference::mode::down);
        if (cents * reference::pow10(4) != raw) {
            CHECK_THROWS_AS(tariff::money_cast<usd>(amount), tariff::invalid_argument);
            ++finer;
        } else if (!test_reps::fits<std::int64_t>(cents)) {
            CHECK_THROWS_AS(tariff::money_cast<usd>(amount), tariff::overflow_error);
            ++too_large;
        } else {
            CHECK(tariff::to_string(tariff::money_cast<usd>(amount)) ==
                  reference::format_fixed(cents, 2) + " USD");
            ++exact;
        }
    }
    CHECK(exact > 100);
    CHECK(finer > 100);
    if constexpr (!std::is_same_v<Rep, std::int64_t>) CHECK(too_large > 10);
}

TEST_CASE("money<int64>: overflow throws, nothing wraps") {
    using usd = tariff::money<iso::USD>;
    const usd max = usd::from_minor_units(std::numeric_limits<std::int64_t>::max());
    const usd min = usd::from_minor_units(std::numeric_limits<std::int64_t>::min());
    CHECK(tariff::to_string(max) == "92233720368547758.07 USD");
    CHECK(tariff::to_string(min) == "-92233720368547758.08 USD");
    CHECK_THROWS_AS(max + usd::parse("0.01"), tariff::overflow_error);
    CHECK_THROWS_AS(min - usd::parse("0.01"), tariff::overflow_error);
    CHECK_THROWS_AS(-min, tariff::overflow_error);
    CHECK_THROWS_AS(max * 2, tariff::overflow_error);
    CHECK_THROWS_AS(usd::parse("92233720368547758.08"), tariff::overflow_error);
    CHECK(tariff::to_string(tariff::money<iso::USD, tariff::cpp_int>(max) * 2) ==
          "184467440737095516.14 USD");
}

namespace {

template <class Currency, class Rep>
void check_to_money_against_reference(std::mt19937_64& rng, int cases) {
    using D6 = tariff::decimal<6, Rep>;
    constexpr rounding modes[] = {rounding::half_up, rounding::half_even, rounding::half_down,
                                  rounding::up,      rounding::down,      rounding::ceiling,
                                  rounding::floor};
    constexpr reference::mode ref_modes[] = {reference::mode::half_up,   reference::mode::half_even,
                                             reference::mode::half_down, reference::mode::up,
                                             reference::mode::down,      reference::mode::ceiling,
                                             reference::mode::floor};
    for (int i = 0; i < cases; ++i) {
        // Up to 12 digits (18 with the tie), and every third one a tie at the currency's precision.
        std::string digits = std::to_string(rng() % 1000000000000ULL);
        if (i % 3 == 0) {
            digits += '5';
            digits.append(static_cast<std::size_t>(5 - Currency::minor_units), '0');
        }
        const reference::integer magnitude = reference::integer::from_text(digits);
        const reference::integer raw = rng() % 2 == 0 ? -magnitude : magnitude;
        const std::string text = reference::format_fixed(raw, 6);
        INFO(text << " in " << Currency::code);
        const D6 amount = D6::parse(text);
        for (std::size_t m = 0; m < 7; ++m) {
            const reference::integer expected =
                reference::divide_pow10(raw, 6 - Currency::minor_units, ref_modes[m]);
            CHECK(tariff::to_string(tariff::to_money<Currency>(amount, modes[m])) ==
                  reference::format_fixed(expected, Currency::minor_units) + " " +
                      std::string(Currency::code));
        }
    }
}

}  // namespace

TEST_CASE_TEMPLATE("money properties: to_money agrees with the reference in USD, JPY, BHD and CLF",
                   Rep, TARIFF_TEST_REPS) {
    std::mt19937_64 rng(4217);
    check_to_money_against_reference<iso::USD, Rep>(rng, 300);
    check_to_money_against_reference<iso::JPY, Rep>(rng, 300);
    check_to_money_against_reference<iso::BHD, Rep>(rng, 300);
    check_to_money_against_reference<iso::CLF, Rep>(rng, 300);
}
