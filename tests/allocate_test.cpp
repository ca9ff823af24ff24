// tariff::allocate: splitting an amount by ratios, exactly, with the largest-remainder rule.

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <tariff/allocate.hpp>
#include <type_traits>
#include <vector>

#include "support/reference.hpp"
#include "support/reps.hpp"

namespace {

template <int Scale, class Rep>
std::vector<std::string> texts(const std::vector<tariff::decimal<Scale, Rep>>& parts) {
    std::vector<std::string> out;
    for (const auto& p : parts) out.push_back(tariff::to_string(p));
    return out;
}

using strings = std::vector<std::string>;

}  // namespace

TEST_CASE_TEMPLATE("allocate: examples, and ties go to the earlier ratio", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    CHECK(texts(tariff::allocate(D2::parse("100.00"), std::vector<int>{1, 1, 1})) ==
          strings{"33.34", "33.33", "33.33"});
    CHECK(texts(tariff::allocate(D2::parse("100.00"), std::vector<int>{1, 1})) ==
          strings{"50.00", "50.00"});
    CHECK(texts(tariff::allocate(D2::parse("0.05"), std::vector<int>{3, 7})) ==
          strings{"0.02", "0.03"});
    CHECK(texts(tariff::allocate(D2::parse("0.01"), std::vector<int>{1, 1, 1})) ==
          strings{"0.01", "0.00", "0.00"});
    CHECK(texts(tariff::allocate(D2::parse("0.02"), std::vector<int>{1, 1, 1})) ==
          strings{"0.01", "0.01", "0.00"});
    // The largest remainder wins before the index does: 0.10 x 1/6 = 0.0166.., x 5/6 = 0.0833..
    CHECK(texts(tariff::allocate(D2::parse("0.10"), std::vector<int>{1, 5})) ==
          strings{"0.02", "0.08"});
    CHECK(texts(tariff::allocate(D2::parse("1.00"), std::vector<int>{1, 2, 3})) ==
          strings{"0.17", "0.33", "0.50"});
    CHECK(texts(tariff::allocate(D2::parse("6000.00"), std::vector<int>{5})) == strings{"6000.00"});
    CHECK(texts(tariff::allocate(D2(), std::vector<int>{1, 2})) == strings{"0.00", "0.00"});
}

TEST_CASE_TEMPLATE("allocate: negative totals are split as their magnitude, then negated", Rep,
                   TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    CHECK(texts(tariff::allocate(D2::parse("-100.00"), std::vector<int>{1, 1, 1})) ==
          strings{"-33.34", "-33.33", "-33.33"});
    CHECK(texts(tariff::allocate(D2::parse("-0.01"), std::vector<int>{1, 1})) ==
          strings{"-0.01", "0.00"});
    CHECK(texts(tariff::allocate(D2::parse("-0.05"), std::vector<int>{3, 7})) ==
          strings{"-0.02", "-0.03"});
}

TEST_CASE_TEMPLATE("allocate: zero ratios get nothing", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    CHECK(texts(tariff::allocate(D2::parse("9.99"), std::vector<int>{0, 1, 0})) ==
          strings{"0.00", "9.99", "0.00"});
    CHECK(texts(tariff::allocate(D2::parse("0.03"), std::vector<int>{0, 1, 1, 0})) ==
          strings{"0.00", "0.02", "0.01", "0.00"});
}

TEST_CASE_TEMPLATE("allocate: any container of any integer type, other scales, money", Rep,
                   TARIFF_TEST_REPS) {
    using D0 = tariff::decimal<0, Rep>;
    using D4 = tariff::decimal<4, Rep>;
    CHECK(texts(tariff::allocate(D0::parse("10"), std::array<std::int64_t, 3>{1, 1, 1})) ==
          strings{"4", "3", "3"});
    CHECK(texts(tariff::allocate(D4::parse("1.0000"), std::vector<unsigned>{1, 2})) ==
          strings{"0.3333", "0.6667"});
    const std::vector<short> ratios = {2, 1};
    CHECK(texts(tariff::allocate(D4::parse("-0.0001"), ratios)) == strings{"-0.0001", "0.0000"});

    using usd = tariff::money<tariff::iso::USD, Rep>;
    const auto parts = tariff::allocate(usd::parse("10.00"), std::vector<int>{1, 1, 1});
    static_assert(std::is_same_v<typename decltype(parts)::value_type, usd>);
    REQUIRE(parts.size() == 3);
    CHECK(tariff::to_string(parts[0]) == "3.34 USD");
    CHECK(tariff::to_string(parts[1]) == "3.33 USD");
    CHECK(parts[0] + parts[1] + parts[2] == usd::parse("10.00"));
    using jpy = tariff::money<tariff::iso::JPY, Rep>;
    const auto yen = tariff::allocate(jpy::parse("100"), std::vector<int>{1, 1, 1});
    CHECK(tariff::to_string(yen[0]) == "34 JPY");
    CHECK(tariff::to_string(yen[2]) == "33 JPY");
}

TEST_CASE_TEMPLATE("allocate: errors", Rep, TARIFF_TEST_REPS) {
    using D2 = tariff::decimal<2, Rep>;
    const D2 total = D2::parse("10.00");
    CHECK_THROWS_AS(tariff::allocate(total, std::vector<int>{}), tariff::invalid_argument);
    CHECK_THROWS_AS(tariff::allocate(total, std::vector<int>{0, 0}), tariff::invalid_argument);
    CHECK_THROWS_AS(tariff::allocate(total, std::vector<int>{1, -1}), tariff::invalid_argument);
    try {
        tariff::allocate(total, std::vector<int>{3, 4, -2});
        FAIL("no exception");
    } catch (const tariff::invalid_argument& e) {
        const std::string what = e.what();
        CHECK(what.find("-2") != std::string::npos);
        CHECK(what.find("index 2") != std::string::npos);
    }
    CHECK_THROWS_WITH_AS(tariff::allocate(total, std::vector<int>{0, 0}),
                         "allocate: the ratios are empty or all zero", tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(tariff::allocate(total, std::vector<int>{3, 4, -2}),
                         "allocate: ratio -2 at index 2 is negative", tariff::invalid_argument);
    const D2 big = D2::from_raw(Rep(std::numeric_limits<std::int64_t>::max()));
    CHECK(texts(tariff::allocate(big, std::vector<int>{1, 1})) ==
          strings{"46116860184273879.04", "46116860184273879.03"});
    // The one overflow left: ratios beyond 128 bits with a bounded Rep (cpp_int has no bound).
    using u128 = tariff::detail::uint128;
    const std::vector<u128> halves = {u128(1) << 127, u128(1) << 127};
    const std::vector<tariff::cpp_int> beyond = {tariff::cpp_int(1) << 128};
    if constexpr (tariff::detail::rep_ops<Rep>::bounded) {
        CHECK_THROWS_WITH_AS(tariff::allocate(total, halves),
                             "overflow: allocate: the sum of the ratios exceeds 2^128 - 1",
                             tariff::overflow_error);
        CHECK_THROWS_WITH_AS(tariff::allocate(total, beyond),
                             "overflow: allocate: ratio 340282366920938463463374607431768211456 at "
                             "index 0 exceeds 2^128 - 1",
                             tariff::overflow_error);
    } else {
        CHECK(texts(tariff::allocate(total, halves)) == strings{"5.00", "5.00"});
        CHECK(texts(tariff::allocate(total, beyond)) == strings{"10.00"});
    }
}

TEST_CASE_TEMPLATE(
    "allocate: every part that fits is given, whatever total x ratio needs (regression)", Rep,
    TARIFF_TEST_REPS) {
    // These threw overflow_error: total x ratio was formed in Rep.
    using usd = tariff::money<tariff::iso::USD, Rep>;
    const auto bill = tariff::allocate(
        usd::parse("1000000.00"), std::vector<std::int64_t>{3'000'000'000'000, 1'000'000'000'000});
    REQUIRE(bill.size() == 2);
    CHECK(tariff::to_string(bill[0]) == "750000.00 USD");
    CHECK(tariff::to_string(bill[1]) == "250000.00 USD");

    using D2 = tariff::decimal<2>;
    constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    using Wide = tariff::decimal<2, Rep>;
    const Wide lowest = D2::from_raw(min), highest = D2::from_raw(max);
    CHECK(texts(tariff::allocate(lowest, std::vector<int>{1, 1})) ==
          strings{"-46116860184273879.04", "-46116860184273879.04"});
    CHECK(texts(tariff::allocate(highest, std::vector<int>{2, 1})) ==
          strings{"61489146912365172.05", "30744573456182586.02"});
    CHECK(texts(tariff::allocate(lowest, std::vector<int>{1})) == strings{"-92233720368547758.08"});
    CHECK(texts(tariff::allocate(lowest, std::vector<std::uint64_t>{0, std::uint64_t{1} << 63})) ==
          strings{"0.00", "-92233720368547758.08"});
    CHECK(texts(tariff::allocate(D2::parse("10.00"),
                                 std::vector<std::uint64_t>{std::uint64_t{1} << 63, 1})) ==
          strings{"10.00", "0.00"});
    CHECK(texts(tariff::allocate(
              highest, std::vector<std::uint64_t>{~std::uint64_t{0}, ~std::uint64_t{0} - 1, 3})) ==
          strings{"46116860184273879.03", "46116860184273879.03", "0.01"});  // remainders decide
    // At the edges of the 128-bit Reps, with 128-bit ratios.
    if constexpr (std::is_same_v<Rep, tariff::int128>) {
        const auto d = tariff::decimal<0, Rep>::from_raw(std::numeric_limits<Rep>::min());
        const Rep r = std::numeric_limits<Rep>::max();
        CHECK(texts(tariff::allocate(d, std::vector<Rep>{r, r})) ==
              strings{"-85070591730234615865843651857942052864",
                      "-85070591730234615865843651857942052864"});
        CHECK(texts(tariff::allocate(d, std::vector<Rep>{r, 1, r - 5})) ==
              strings{"-85070591730234615865843651857942052865", "-1",
                      "-85070591730234615865843651857942052862"});
    }
    if constexpr (std::is_same_v<Rep, tariff::checked_int128_t>) {
        const auto d = tariff::decimal<0, Rep>::from_raw(std::numeric_limits<Rep>::max());
        const Rep r = Rep(1) << 126;  // the sum, 3 x 2^126, fits 128 bits
        CHECK(texts(tariff::allocate(d, std::vector<Rep>{r, r, r})) ==
              strings{"113427455640312821154458202477256070485",
                      "113427455640312821154458202477256070485",
                      "113427455640312821154458202477256070485"});
    }
}

// ---------------------------------------------------------------------------------------------
// Property: the parts are the reference's largest-remainder split exactly; they sum to the total,
// each is within one step of its exact share, the leftover steps go to the largest remainders,
// earlier first; and nothing overflows, whatever total x ratio needs.

namespace {

using reference::integer;

/// The largest-remainder split by the reference's arithmetic: floor(|total| x r / sum) each, then
/// one step more for the parts with the largest remainders (the earlier on ties).
std::vector<integer> reference_allocation(const integer& total,
                                          const std::vector<integer>& ratios) {
    integer sum;
    for (const integer& r : ratios) sum = sum + r;
    const integer magnitude = total.abs();
    std::vector<integer> parts, remainders;
    integer given;
    for (const integer& r : ratios) {
        auto [part, remainder] = divmod_magnitudes(magnitude * r, sum);
        given = given + part;
        parts.push_back(part);
        remainders.push_back(remainder);
    }
    std::vector<bool> bumped(parts.size(), false);
    for (integer left = magnitude - given; !left.is_zero(); left = left - integer::from_int64(1)) {
        std::size_t best = parts.size();
        for (std::size_t k = 0; k < parts.size(); ++k) {
            if (!bumped[k] && (best == parts.size() || remainders[k] > remainders[best])) best = k;
        }
        bumped[best] = true;
        parts[best] = parts[best] + integer::from_int64(1);
    }
    if (total.is_negative()) {
        for (integer& p : parts) p = -p;
    }
    return parts;
}

/// A value of Rep from the reference's digits.
template <class Rep>
Rep rep_of(const integer& x) {
    return tariff::decimal<0, Rep>::parse(x.to_text()).raw_value();
}

std::uint64_t uint64_of(const integer& x) { return std::stoull(x.to_text()); }

template <class Rep, int Scale>
void check_allocation_properties(std::uint64_t seed, int cases, long& checked, long& wide) {
    using D = tariff::decimal<Scale, Rep>;
    std::mt19937_64 rng(seed);
    auto below = [&](std::uint64_t n) { return rng() % n; };
    // Ratios of up to 64 bits for every Rep, as std::uint64_t; up to 126 bits, as the Rep, for
    // the wider ones.
    const bool wide_ratios_possible = !std::is_same_v<Rep, std::int64_t>;
    for (int i = 0; i < cases; ++i) {
        // The total: a few digits, many digits, or an extreme of the Rep (give or take a step).
        std::string digits;
        const std::uint64_t size =
            below(4) == 0 ? 1 + below(3) : 1 + below(std::is_same_v<Rep, std::int64_t> ? 19 : 39);
        for (std::uint64_t d = 0; d < size; ++d)
            digits.push_back(static_cast<char>('0' + below(10)));
        integer total = integer::from_text(digits);
        if (below(8) == 0) {
            const integer edges[] = {reference::int64_min(),
                                     reference::int64_max(),
                                     reference::int128_min(),
                                     reference::int128_max(),
                                     reference::int128_magnitude_max(),
                                     -reference::int128_magnitude_max()};
            total = edges[below(6)] + integer::from_int64(static_cast<std::int64_t>(below(3)) - 1);
        }
        if (below(2) == 0) total = -total;
        if (!test_reps::fits<Rep>(total)) continue;

        // The ratios: 1 to 9 of them, small or large, with zeros; never all zero.
        const bool wide_ratios = wide_ratios_possible && below(3) == 0;
        std::vector<integer> ratios(1 + below(9));
        for (auto& r : ratios) {
            switch (below(5)) {
                case 0:
                    r = integer();
                    break;
                case 1:
                    r = integer::from_uint64(1 + below(3));
                    break;
                case 2:
                    r = integer::from_uint64(below(1000));
                    break;
                case 3:
                    r = integer::from_uint64(below(std::uint64_t{1} << (1 + below(40))));
                    break;
                default:
                    r = integer::from_uint64(rng() >> below(64));
                    if (wide_ratios)  // below 2^64 x 2^63: any 128-bit Rep holds it
                        r = r * integer::from_uint64(1 + (rng() >> (1 + below(63))));
                    break;
            }
        }
        if (below(3) == 0) ratios.assign(ratios.size(), ratios[0]);  // all equal: nothing but ties
        integer sum;
        for (const integer& r : ratios) sum = sum + r;
        if (sum.is_zero()) ratios[0] = integer::from_int64(1), sum = integer::from_int64(1);

        const D d = D::parse(reference::format_fixed(total, Scale));
        std::string ratio_text;
        for (const integer& r : ratios) ratio_text.append(r.to_text()).append(" ");
        INFO("allocate(" << tariff::to_string(d) << ", { " << ratio_text << "})");

        std::vector<D> parts;
        if (wide_ratios) {
            std::vector<Rep> as_rep;
            for (const integer& r : ratios) as_rep.push_back(rep_of<Rep>(r));
            REQUIRE_NOTHROW(parts = tariff::allocate(d, as_rep));
            ++wide;
        } else {
            std::vector<std::uint64_t> as_u64;
            for (const integer& r : ratios) as_u64.push_back(uint64_of(r));
            REQUIRE_NOTHROW(parts = tariff::allocate(d, as_u64));
        }
        REQUIRE(parts.size() == ratios.size());
        ++checked;

        std::vector<integer> got;
        for (const D& part : parts)
            got.push_back(*reference::parse_fixed(tariff::to_string(part), Scale));
        CHECK(got == reference_allocation(total, ratios));

        const integer magnitude = total.abs();
        integer parts_sum;
        std::vector<integer> remainders;
        std::vector<bool> bumped;
        for (std::size_t k = 0; k < got.size(); ++k) {
            const integer& part = got[k];
            parts_sum = parts_sum + part;
            // Same sign as the total (or zero).
            CHECK((part.is_zero() || part.is_negative() == total.is_negative()));
            // Within one step of the exact share total x r / sum: |part x sum - total x r| < sum.
            CHECK((part * sum - total * ratios[k]).abs() < sum);
            // floor(|share|) is |part| or |part| - 1; which one tells whether it got a leftover
            // step.
            const integer exact = magnitude * ratios[k];
            integer floor = part.abs();
            if (floor * sum > exact) floor = floor - integer::from_int64(1);
            CHECK(floor * sum <= exact);
            CHECK(exact < (floor + integer::from_int64(1)) * sum);
            remainders.push_back(exact - floor * sum);
            bumped.push_back(floor != part.abs());
        }
        CHECK(parts_sum == total);
        // Every part that got a step has a larger remainder than every part that did not, or
        // the same remainder and an earlier position.
        for (std::size_t a = 0; a < got.size(); ++a) {
            for (std::size_t b = 0; b < got.size(); ++b) {
                if (!bumped[a] || bumped[b]) continue;
                INFO("part " << a << " got a step, part " << b << " did not");
                CHECK((remainders[a] > remainders[b] || (remainders[a] == remainders[b] && a < b)));
            }
        }
    }
}

}  // namespace

TEST_CASE_TEMPLATE(
    "allocate properties: the reference's split, exact sum, largest remainder first, no overflow",
    Rep, TARIFF_TEST_REPS) {
    long checked = 0, wide = 0;
    check_allocation_properties<Rep, 2>(31, 1500, checked, wide);
    check_allocation_properties<Rep, 0>(32, 500, checked, wide);
    check_allocation_properties<Rep, 6>(33, 500, checked, wide);
    MESSAGE(test_reps::label<Rep>()
            << ": " << checked << " allocations checked, " << wide << " with ratios as the Rep");
    CHECK(checked > 1000);
    if constexpr (!std::is_same_v<Rep, std::int64_t>) CHECK(wide > 200);
}
