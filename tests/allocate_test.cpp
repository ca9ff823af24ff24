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
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        const D2 big = D2::from_raw(std::numeric_limits<std::int64_t>::max() / 2 + 1);
        CHECK_THROWS_AS(tariff::allocate(big, std::vector<int>{2, 1}), tariff::overflow_error);
        CHECK_THROWS_AS(tariff::allocate(total, std::vector<std::uint64_t>{std::uint64_t{1} << 63}),
                        tariff::overflow_error);
    } else {
        const D2 big = D2::from_raw(Rep(std::numeric_limits<std::int64_t>::max()));
        CHECK(texts(tariff::allocate(big, std::vector<int>{1, 1})) ==
              strings{"46116860184273879.04", "46116860184273879.03"});
    }
}

// ---------------------------------------------------------------------------------------------
// Property: parts sum to the total, each is within one step of its exact share, and the
// steps left over after rounding toward zero go to the largest remainders, earlier first.

namespace {

template <class Rep>
bool fits(const reference::integer& x) {
    static const reference::integer int64_min = reference::int64_min(),
                                    int64_max = reference::int64_max();
    static const reference::integer int128_max = reference::int128_magnitude_max();
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        return x >= int64_min && x <= int64_max;
    } else if constexpr (std::is_same_v<Rep, tariff::checked_int128_t>) {
        return x.abs() <= int128_max;
    } else {
        return true;
    }
}

template <class Rep, int Scale>
void check_allocation_properties(std::uint64_t seed, int cases, long& checked, long& overflowed) {
    using D = tariff::decimal<Scale, Rep>;
    std::mt19937_64 rng(seed);
    auto below = [&](std::uint64_t n) { return rng() % n; };
    for (int i = 0; i < cases; ++i) {
        // The total: a few digits, many digits, or (int64) close to the edge of the range.
        std::string digits;
        const std::uint64_t size =
            below(4) == 0 ? 1 + below(3) : 1 + below(std::is_same_v<Rep, std::int64_t> ? 19 : 30);
        for (std::uint64_t d = 0; d < size; ++d)
            digits.push_back(static_cast<char>('0' + below(10)));
        reference::integer total = reference::integer::from_text(digits);
        if (below(10) == 0)
            total = reference::int64_max() - reference::integer::from_uint64(below(3));
        if (below(2) == 0) total = -total;
        if (!fits<Rep>(total)) continue;

        // The ratios: 1 to 9 of them, small or large, with zeros; never all zero.
        std::vector<std::int64_t> ratios(1 + below(9));
        for (auto& r : ratios) {
            switch (below(4)) {
                case 0:
                    r = 0;
                    break;
                case 1:
                    r = static_cast<std::int64_t>(1 + below(3));
                    break;
                case 2:
                    r = static_cast<std::int64_t>(below(1000));
                    break;
                default:
                    r = static_cast<std::int64_t>(below(std::uint64_t{1} << (1 + below(40))));
                    break;
            }
        }
        if (below(3) == 0) ratios.assign(ratios.size(), ratios[0]);  // all equal: nothing but ties
        reference::integer sum;
        for (std::int64_t r : ratios) sum = sum + reference::integer::from_int64(r);
        if (sum.is_zero()) ratios[0] = 1, sum = reference::integer::from_int64(1);

        const D d = D::parse(reference::format_fixed(total, Scale));
        INFO("allocate(" << tariff::to_string(d) << ", " << doctest::toString(ratios) << ")");

        // The documented overflow: |total| x ratio must fit Rep.
        bool overflows = !fits<Rep>(total.abs());
        for (std::int64_t r : ratios)
            overflows = overflows || !fits<Rep>(total.abs() * reference::integer::from_int64(r));
        if (overflows) {
            CHECK_THROWS_AS(tariff::allocate(d, ratios), tariff::overflow_error);
            ++overflowed;
            continue;
        }
        std::vector<D> parts;
        REQUIRE_NOTHROW(parts = tariff::allocate(d, ratios));
        REQUIRE(parts.size() == ratios.size());
        ++checked;

        const reference::integer magnitude = total.abs();
        reference::integer parts_sum;
        std::vector<reference::integer> floors, remainders;
        std::vector<bool> bumped;
        for (std::size_t k = 0; k < parts.size(); ++k) {
            const reference::integer part =
                *reference::parse_fixed(tariff::to_string(parts[k]), Scale);
            parts_sum = parts_sum + part;
            // Same sign as the total (or zero).
            CHECK((part.is_zero() || part.is_negative() == total.is_negative()));
            // Within one step of the exact share total x r / sum: |part x sum - total x r| < sum.
            const reference::integer share_times_sum =
                total * reference::integer::from_int64(ratios[k]);
            CHECK((part * sum - share_times_sum).abs() < sum);
            // floor(|share|) is |part| or |part| - 1; which one tells whether it got a leftover
            // step.
            const reference::integer exact = magnitude * reference::integer::from_int64(ratios[k]);
            reference::integer floor = part.abs();
            if (floor * sum > exact) floor = floor - reference::integer::from_int64(1);
            CHECK(floor * sum <= exact);
            CHECK(exact < (floor + reference::integer::from_int64(1)) * sum);
            floors.push_back(floor);
            remainders.push_back(exact - floor * sum);
            bumped.push_back(floor != part.abs());
        }
        CHECK(parts_sum == total);
        // Every part that got a step has a larger remainder than every part that did not, or
        // the same remainder and an earlier position.
        for (std::size_t a = 0; a < parts.size(); ++a) {
            for (std::size_t b = 0; b < parts.size(); ++b) {
                if (!bumped[a] || bumped[b]) continue;
                INFO("part " << a << " got a step, part " << b << " did not");
                CHECK((remainders[a] > remainders[b] || (remainders[a] == remainders[b] && a < b)));
            }
        }
        // A negative total is the mirror image of the positive one.
        if (total.is_negative()) {
            const std::vector<D> mirrored = tariff::allocate(-d, ratios);
            for (std::size_t k = 0; k < parts.size(); ++k) CHECK(parts[k] == -mirrored[k]);
        }
    }
}

}  // namespace

TEST_CASE_TEMPLATE(
    "allocate properties: exact sum, one step from the share, largest remainder first", Rep,
    TARIFF_TEST_REPS) {
    long checked = 0, overflowed = 0;
    check_allocation_properties<Rep, 2>(31, 1500, checked, overflowed);
    check_allocation_properties<Rep, 0>(32, 500, checked, overflowed);
    check_allocation_properties<Rep, 6>(33, 500, checked, overflowed);
    const std::string rep = std::is_same_v<Rep, std::int64_t>               ? "int64"
                            : std::is_same_v<Rep, tariff::checked_int128_t> ? "checked_int128"
                                                                            : "cpp_int";
    MESSAGE(rep << ": " << checked << " allocations checked, " << overflowed
                << " expected to overflow");
    CHECK(checked > 1000);
    if constexpr (std::is_same_v<Rep, std::int64_t>) CHECK(overflowed > 0);
}
