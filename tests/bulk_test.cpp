// Tests for include/tariff/bulk.hpp: every loop (vector, scalar, exact) must give, element by
// element, what tariff::rate gives one quantity at a time -- on random tables of every shape
// (volume and graduated, fees, packages, quote tiers, minimum and maximum, the guard, all
// rounding modes and scopes, 0-4 minor digits, integer and decimal quantities, up to 64 tiers,
// prices finer than the currency and prices that only look fine: 0.40 at 18 digits) and random
// quantities (zero, negative, on and next to every bound, and large enough to overflow), over
// every representation, in the amount type and in minor units.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <tariff/bulk.hpp>
#include <tariff/charge.hpp>
#include <tariff/json.hpp>
#include <thread>
#include <vector>

#include "support/random_tables.hpp"
#include "support/reps.hpp"

using tariff::bulk_path;
using tariff::bulk_status;

namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

using random_tables::random_source;

template <class Q>
Q quantity_from_raw(std::int64_t raw) {
    if constexpr (std::is_integral_v<Q>)
        return raw;
    else
        return Q::from_raw(raw);
}

template <class Q>
std::int64_t raw_of(const Q& q) {
    if constexpr (std::is_integral_v<Q>)
        return q;
    else
        return q.raw_value();
}

/// A random raw price or fee at the price's scale: mostly small, sometimes huge; `coarse` ones
/// have at most `coarse` fraction digits (0.40 at scale 18), so that the plan's common scale is
/// coarser than the price's.
template <class Price>
Price random_price(random_source& rng, bool allow_zero, int coarse = Price::scale) {
    if (allow_zero && rng.chance(15)) return Price();
    const int kept = coarse < Price::scale ? coarse : Price::scale;
    int digits =
        rng.chance(10) ? 17 - (Price::scale - kept) : static_cast<int>(rng.between(1, kept + 4));
    if constexpr (std::is_same_v<typename Price::rep, std::int64_t>)
        digits = std::min(digits, 18 - (Price::scale - kept));
    typename Price::rep raw(rng.magnitude(digits < 1 ? 1 : digits));
    for (int i = kept; i < Price::scale; ++i) raw *= 10;
    // Wider representations also get prices beyond int64, which the int64 plan must decline.
    if constexpr (!std::is_same_v<typename Price::rep, std::int64_t>) {
        if (rng.chance(10)) raw *= typename Price::rep(rng.magnitude(6));
    }
    return Price::from_raw(raw);
}

constexpr const char* currency_codes[] = {"JPY", "USD", "BHD", "CLF"};

template <class Table>
Table random_table(random_source& rng, std::size_t max_tiers) {
    using tier_type = typename Table::tier_type;
    using price_type = typename Table::price_type;
    using quantity_type = typename Table::quantity_type;
    const auto count =
        static_cast<std::size_t>(rng.between(1, static_cast<std::int64_t>(max_tiers)));
    std::vector<tier_type> tiers(count);
    std::int64_t bound = 0;
    const int bound_digits = static_cast<int>(rng.between(1, 12));
    // Half the tables have prices with at most 0-4 fraction digits, whatever their scale.
    const int coarse = rng.chance(50) ? static_cast<int>(rng.between(0, 4)) : price_type::scale;
    for (std::size_t i = 0; i < count; ++i) {
        tier_type& t = tiers[i];
        if (i + 1 < count) {
            bound += rng.magnitude(bound_digits);
            t.up_to = quantity_from_raw<quantity_type>(bound);
        } else {
            t.is_unbounded = true;
        }
        if (i + 1 == count && rng.chance(35)) {
            t.quote = true;
        } else {
            t.unit_price = random_price<price_type>(rng, true, coarse);
            if (rng.chance(30)) t.flat_fee = random_price<price_type>(rng, false, coarse);
        }
    }
    const auto mode = rng.chance(50) ? tariff::tier_mode::volume : tariff::tier_mode::graduated;
    Table table = [&] {
        if constexpr (std::is_same_v<typename Table::currency_tag, tariff::runtime_currency>) {
            const auto* cur = tariff::find_currency(currency_codes[rng.between(0, 3)]);
            return Table(*cur, mode, tiers.data(), tiers.size());
        } else {
            return Table(mode, tiers.data(), tiers.size());
        }
    }();
    const auto modes = {tariff::rounding::half_up,   tariff::rounding::half_even,
                        tariff::rounding::half_down, tariff::rounding::up,
                        tariff::rounding::down,      tariff::rounding::ceiling,
                        tariff::rounding::floor};
    const auto pick = static_cast<std::size_t>(rng.between(0, 6));
    table = table.with_rounding(*(modes.begin() + pick), rng.chance(50)
                                                             ? tariff::rounding_scope::line
                                                             : tariff::rounding_scope::total);
    if (rng.chance(25)) {
        table =
            table.with_package(rng.magnitude(4), rng.chance(50) ? tariff::package_rounding::up
                                                                : tariff::package_rounding::down);
    }
    // Limits at currency precision: whole amounts scaled to the minor unit.
    using amount_type = typename Table::amount_type;
    const int minor = table.currency_info().minor_units;
    auto limit = [&](std::int64_t minor_units) {
        typename amount_type::rep raw(minor_units);
        for (int i = minor; i < amount_type::scale; ++i) raw *= 10;
        return amount_type::from_raw(raw);
    };
    std::int64_t low = 0;
    if (rng.chance(25)) {
        low = rng.magnitude(6);
        table = table.with_minimum(limit(low));
    }
    if (rng.chance(25)) table = table.with_maximum(limit(low + rng.magnitude(9)));
    if (rng.chance(20)) table = table.with_guard();
    return table;
}

template <class Table>
std::vector<typename Table::quantity_type> random_quantities(random_source& rng, const Table& table,
                                                             std::size_t n) {
    using quantity_type = typename Table::quantity_type;
    std::vector<std::int64_t> bounds{0};
    for (const auto& t : table) {
        if (!t.is_unbounded) bounds.push_back(raw_of(t.up_to));
    }
    const bool wild = rng.chance(30);  // some batches only have quantities the fast loops take
    std::vector<quantity_type> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::int64_t raw = 0;
        const auto kind = rng.between(0, wild ? 9 : 5);
        const auto b = bounds[static_cast<std::size_t>(
            rng.between(0, static_cast<std::int64_t>(bounds.size()) - 1))];
        switch (kind) {
            case 0:
                raw = 0;
                break;
            case 1:
            case 2:
                raw = b + rng.between(-1, 1) * (rng.chance(50) ? 1 : table.package_size());
                break;
            case 3:
            case 4:
            case 5:
                raw = b + rng.magnitude(static_cast<int>(rng.between(0, 12)));
                break;
            case 6:
                raw = -rng.magnitude(18);
                break;
            case 7:
                raw = rng.between(0, int64_max);
                break;
            case 8:
                raw = int64_max - rng.between(0, 1000);
                break;
            default:
                raw = rng.magnitude(18);
                break;
        }
        out.push_back(quantity_from_raw<quantity_type>(raw < 0 && kind != 6 ? 0 : raw));
    }
    return out;
}

/// What rate() says about one quantity, in bulk terms.
template <class Table>
bulk_status expected(const Table& table, const typename Table::quantity_type& q,
                     typename Table::amount_type& total) {
    total = typename Table::amount_type();
    try {
        const auto c = tariff::rate(table, q);
        if (!c.priced()) return bulk_status::quote_required;
        total = *c.total;
        return bulk_status::priced;
    } catch (const tariff::overflow_error&) {
        return bulk_status::overflow;
    } catch (const tariff::invalid_argument&) {
        return bulk_status::negative_quantity;
    }
}

/// A total as whole minor units, read off its printed digits (independent of the library's
/// arithmetic): false when it does not fit int64.
template <class Amount>
bool minor_units_of(const Amount& total, int minor, std::int64_t& out) {
    const std::string text = tariff::to_string(total);
    const auto dot = text.find('.');
    std::string digits = text.substr(0, dot);
    const std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
    for (std::size_t i = 0; i < fraction.size(); ++i) {
        if (i < static_cast<std::size_t>(minor))
            digits += fraction[i];
        else if (fraction[i] != '0')
            CHECK(fraction[i] == '0');  // totals are whole minor units
    }
    for (std::size_t i = fraction.size(); i < static_cast<std::size_t>(minor); ++i) digits += '0';
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return r.ec == std::errc() && r.ptr == digits.data() + digits.size();
}

template <class Table>
void check_against_rate(const Table& table,
                        const std::vector<typename Table::quantity_type>& quantities,
                        bulk_path path) {
    using amount_type = typename Table::amount_type;
    const std::size_t n = quantities.size();
    std::vector<amount_type> want(n);
    std::vector<bulk_status> want_status(n);
    tariff::bulk_summary want_summary;
    for (std::size_t i = 0; i < n; ++i) {
        want_status[i] = expected(table, quantities[i], want[i]);
        want_summary.add(want_status[i]);
    }
    const tariff::bulk_rater<Table> rater(table, path);
    if (path == bulk_path::exact) CHECK(rater.path() == bulk_path::exact);
    if (path == bulk_path::scalar) CHECK(rater.path() != bulk_path::vector);
    // Poison the outputs: every element must be written.
    std::vector<amount_type> got(n, amount_type::from_raw(typename amount_type::rep(7)));
    std::vector<bulk_status> got_status(n, static_cast<bulk_status>(9));
    const auto summary = rater.rate(quantities.data(), n, got.data(), got_status.data());
    CHECK(summary == want_summary);
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < n && mismatches < 5; ++i) {
        if (got_status[i] != want_status[i] || got[i] != want[i]) {
            ++mismatches;
            INFO("path ", tariff::to_string_view(rater.path()), ", element ", i, ", quantity ",
                 raw_of(quantities[i]));
            CHECK(tariff::to_string_view(got_status[i]) == tariff::to_string_view(want_status[i]));
            CHECK(tariff::to_string(got[i]) == tariff::to_string(want[i]));
        }
    }
    CHECK(mismatches == 0);

    // The same in minor units: a priced total that does not fit int64 is an overflow there.
    tariff::bulk_summary want_minor_summary;
    std::vector<std::int64_t> want_minor(n, 0);
    std::vector<bulk_status> want_minor_status = want_status;
    const int minor = table.currency_info().minor_units;
    for (std::size_t i = 0; i < n; ++i) {
        if (want_status[i] == bulk_status::priced &&
            !minor_units_of(want[i], minor, want_minor[i])) {
            want_minor_status[i] = bulk_status::overflow;
            want_minor[i] = 0;
        }
        want_minor_summary.add(want_minor_status[i]);
    }
    std::vector<std::int64_t> got_minor(n, 7);
    std::fill(got_status.begin(), got_status.end(), static_cast<bulk_status>(9));
    const auto minor_summary =
        rater.rate_minor_units(quantities.data(), n, got_minor.data(), got_status.data());
    CHECK(minor_summary == want_minor_summary);
    mismatches = 0;
    for (std::size_t i = 0; i < n && mismatches < 5; ++i) {
        if (got_status[i] != want_minor_status[i] || got_minor[i] != want_minor[i]) {
            ++mismatches;
            INFO("minor units, path ", tariff::to_string_view(rater.path()), ", element ", i,
                 ", quantity ", raw_of(quantities[i]), ", total ", tariff::to_string(want[i]));
            CHECK(tariff::to_string_view(got_status[i]) ==
                  tariff::to_string_view(want_minor_status[i]));
            CHECK(got_minor[i] == want_minor[i]);
        }
    }
    CHECK(mismatches == 0);
}

/// `table` with the keys of the second version drawn at random: a quantity scale (prices made
/// 10^s times larger so that a step's price stays exact; integer quantities only), free units
/// and the first tier's fee at zero.
template <class Table>
Table with_new_keys(random_source& rng, Table table) {
    using price_type = typename Table::price_type;
    using quantity_type = typename Table::quantity_type;
    if constexpr (std::is_integral_v<quantity_type>) {
        const int scale = rng.chance(50) ? static_cast<int>(rng.between(1, 6)) : 0;
        std::vector<typename Table::tier_type> tiers(table.begin(), table.end());
        bool fits = true;
        for (auto& t : tiers) {
            typename price_type::rep raw = t.unit_price.raw_value();
            for (int i = 0; i < scale && fits; ++i)
                fits = tariff::detail::rep_ops<typename price_type::rep>::mul(
                    raw, typename price_type::rep(10), raw);
            t.unit_price = price_type::from_raw(raw);
        }
        if (fits && scale > 0)
            table = table.with_tiers(tiers.data(), tiers.size()).with_quantity_scale(scale);
    }
    if (rng.chance(40))
        table = table.with_free_units(quantity_from_raw<quantity_type>(rng.magnitude(6)));
    if (rng.chance(50)) table = table.with_flat_fee_at_zero();
    return table;
}

template <class Table>
void random_rounds(std::uint64_t seed, int rounds, std::size_t max_tiers, bool new_keys = false) {
    random_source rng(seed);
    for (int round = 0; round < rounds; ++round) {
        Table table = random_table<Table>(rng, max_tiers);
        if (new_keys) table = with_new_keys(rng, table);
        // Free units are rated on the exact path, whatever is asked for.
        if (table.free_units() > quantity_from_raw<typename Table::quantity_type>(0))
            CHECK(tariff::bulk_rater<Table>(table).path() == bulk_path::exact);
        const auto n =
            static_cast<std::size_t>(rng.chance(20) ? rng.between(1000, 3000) : rng.between(0, 80));
        const auto quantities = random_quantities(rng, table, n);
        CAPTURE(round);
        for (bulk_path path :
             {bulk_path::automatic, bulk_path::vector, bulk_path::scalar, bulk_path::exact}) {
            check_against_rate(table, quantities, path);
        }
    }
}

using face_id_table = tariff::tier_table<tariff::iso::USD, tariff::decimal<2>>;

face_id_table face_id() {
    return face_id_table(tariff::tier_mode::volume, {{1000, "0.40"},
                                                     {10000, "0.35"},
                                                     {100000, "0.30"},
                                                     {200000, "0.25"},
                                                     {tariff::unbounded, tariff::contact_sales}});
}

}  // namespace

TEST_CASE("bulk: the FaceID table, by hand") {
    const auto table = face_id();
    const std::vector<std::int64_t> q{20000, 1000, 1001, 0, 200000, 200001, -1, 1, 10000, 100001};
    std::vector<face_id_table::amount_type> totals(q.size());
    std::vector<bulk_status> status(q.size());
    const auto summary = tariff::rate_many(table, q.data(), q.size(), totals.data(), status.data());
    const char* want[] = {"6000.00", "400.00", "350.35", "0.00",    "50000.00",
                          "0.00",    "0.00",   "0.40",   "3500.00", "25000.25"};
    for (std::size_t i = 0; i < q.size(); ++i) {
        CAPTURE(q[i]);
        CHECK(tariff::to_string(totals[i]) == want[i]);
    }
    CHECK(status[0] == bulk_status::priced);
    CHECK(status[4] == bulk_status::priced);
    CHECK(status[5] == bulk_status::quote_required);
    CHECK(status[6] == bulk_status::negative_quantity);
    CHECK(summary.priced == 8);
    CHECK(summary.quote_required == 1);
    CHECK(summary.negative_quantity == 1);
    CHECK(summary.overflow == 0);
    CHECK(summary.size() == q.size());
    CHECK_FALSE(summary.all_priced());
}

TEST_CASE("bulk: overflow is reported per element, and the other elements are still rated") {
    using table_type = tariff::tier_table<tariff::iso::USD, tariff::decimal<2>>;
    const table_type table(tariff::tier_mode::volume,
                           {{10, "1000.00"}, {tariff::unbounded, "999.00", "5.00"}});
    // 999.00 x q + 5.00 fits int64 (raw, cents) up to q = (2^63 - 1 - 500) / 99900.
    const std::int64_t last_fit = (int64_max - 500) / 99900;
    const std::vector<std::int64_t> q{last_fit, last_fit + 1, 5, int64_max};
    std::vector<table_type::amount_type> totals(q.size());
    std::vector<bulk_status> status(q.size());
    for (bulk_path path : {bulk_path::automatic, bulk_path::scalar, bulk_path::exact}) {
        const auto summary = tariff::bulk_rater<table_type>(table, path)
                                 .rate(q.data(), q.size(), totals.data(), status.data());
        CHECK(status[0] == bulk_status::priced);
        CHECK(totals[0].raw_value() == last_fit * 99900 + 500);
        CHECK(status[1] == bulk_status::overflow);
        CHECK(totals[1].is_zero());
        CHECK(status[2] == bulk_status::priced);
        CHECK(tariff::to_string(totals[2]) == "5000.00");
        CHECK(status[3] == bulk_status::overflow);
        CHECK(summary.overflow == 2);
    }
}

TEST_CASE("bulk: a large quantity among small ones takes the 64-bit loop, not a wrong answer") {
    using table_type = tariff::tier_table<tariff::iso::USD, tariff::decimal<2>>;
    for (auto mode : {tariff::tier_mode::volume, tariff::tier_mode::graduated}) {
        const table_type table(mode, {{1000, "0.40"}, {tariff::unbounded, "0.35", "2.00"}});
        std::vector<std::int64_t> q(100);
        for (std::size_t i = 0; i < q.size(); ++i) q[i] = static_cast<std::int64_t>(i * 37);
        q[50] = (std::int64_t{1} << 31) + 3;  // 32-bit lanes cannot hold it
        q[51] = std::int64_t{1} << 40;
        check_against_rate(table, q, bulk_path::automatic);
        check_against_rate(table, q, bulk_path::vector);
        check_against_rate(table, q, bulk_path::scalar);
    }
}

TEST_CASE("bulk: a minimum applies to zero usage, never to a quote") {
    const auto table = face_id().with_minimum("10.00").with_maximum("60000.00");
    const std::vector<std::int64_t> q{0, 10, 300000, 200000};
    std::vector<face_id_table::amount_type> totals(q.size());
    std::vector<bulk_status> status(q.size());
    for (bulk_path path : {bulk_path::automatic, bulk_path::scalar, bulk_path::exact}) {
        tariff::bulk_rater<face_id_table>(table, path)
            .rate(q.data(), q.size(), totals.data(), status.data());
        CHECK(tariff::to_string(totals[0]) == "10.00");
        CHECK(tariff::to_string(totals[1]) == "10.00");
        CHECK(status[2] == bulk_status::quote_required);
        CHECK(totals[2].is_zero());
        CHECK(tariff::to_string(totals[3]) == "50000.00");
    }
}

TEST_CASE("bulk: the int64 loops apply to int64 tables; exact and scalar can be asked for") {
    CHECK(tariff::bulk_rater<face_id_table>(face_id()).path() != bulk_path::exact);
    CHECK(tariff::bulk_rater<face_id_table>(face_id(), bulk_path::scalar).path() ==
          bulk_path::scalar);
    CHECK(tariff::bulk_rater<face_id_table>(face_id(), bulk_path::exact).path() ==
          bulk_path::exact);
    // Packages and rounding need the scalar loop.
    CHECK(tariff::bulk_rater<face_id_table>(face_id().with_package(100)).path() ==
          bulk_path::scalar);
    using fine = tariff::tier_table<tariff::iso::USD, tariff::decimal<4>>;
    const fine per_mille(tariff::tier_mode::graduated,
                         {{10, "0.1234"}, {tariff::unbounded, "0.0001"}});
    CHECK(tariff::bulk_rater<fine>(per_mille).path() == bulk_path::scalar);
#if defined(TARIFF_BULK_VECTOR)
    if (tariff::detail::bulk::vector_level() > 0) {
        CHECK(tariff::bulk_rater<face_id_table>(face_id()).path() == bulk_path::vector);
    }
#endif
}

TEST_CASE("bulk: a price book gets the int64 plan when its prices fit int64 at some scale") {
    const tariff::price_book faceid = tariff::faceid_price_book();
    const tariff::bulk_rater<tariff::book_table> rater(faceid.table);
    CHECK(rater.path() != bulk_path::exact);
#if defined(TARIFF_BULK_VECTOR)
    if (tariff::detail::bulk::vector_level() > 0) CHECK(rater.path() == bulk_path::vector);
#endif
    const std::vector<std::int64_t> q{20000, 1001, 0, 200001, -1, int64_max};
    std::vector<std::int64_t> cents(q.size());
    std::vector<bulk_status> status(q.size());
    const auto summary = rater.rate_minor_units(q.data(), q.size(), cents.data(), status.data());
    CHECK(cents == std::vector<std::int64_t>{600000, 35035, 0, 0, 0, 0});
    CHECK(status == std::vector<bulk_status>{bulk_status::priced, bulk_status::priced,
                                             bulk_status::priced, bulk_status::quote_required,
                                             bulk_status::negative_quantity,
                                             bulk_status::quote_required});
    CHECK(summary.priced == 3);
    std::vector<tariff::book_table::amount_type> totals(q.size());
    rater.rate(q.data(), q.size(), totals.data(), status.data());
    CHECK(tariff::to_string(totals[0]) == "6000.000000000000000000");
    CHECK(tariff::to_string(totals[1]) == "350.350000000000000000");

    // A price of 18 significant fraction digits still fits int64 (at scale 18); one of 10^20
    // does not fit at any scale: the exact path, with totals beyond int64 in the book's cpp_int
    // and an overflow in minor units.
    const auto fine = tariff::read_price_book(
        R"({"currency": "USD", "mode": "graduated", "tiers": [
            {"up_to": 10, "unit_price": "0.000000000000000001"},
            {"up_to": "inf", "unit_price": "0.25", "flat_fee": "1"}]})",
        "fine");
    CHECK(tariff::bulk_rater<tariff::book_table>(fine.table).path() != bulk_path::exact);
    const auto huge = tariff::read_price_book(
        R"({"currency": "USD", "mode": "volume", "tiers": [
            {"up_to": "inf", "unit_price": "100000000000000000000"}]})",
        "huge");
    const tariff::bulk_rater<tariff::book_table> exact(huge.table);
    CHECK(exact.path() == bulk_path::exact);
    const std::int64_t two = 2;
    tariff::book_table::amount_type total;
    std::int64_t minor = 7;
    bulk_status one = bulk_status::priced;
    exact.rate(&two, 1, &total, &one);
    CHECK(tariff::to_string(total) == "200000000000000000000.000000000000000000");
    exact.rate_minor_units(&two, 1, &minor, &one);
    CHECK(one == bulk_status::overflow);
    CHECK(minor == 0);
    for (const auto* book : {&faceid, &fine, &huge}) {
        random_source rng(0x5eed000c);
        const auto many = random_quantities(rng, book->table, 3000);
        for (bulk_path path : {bulk_path::automatic, bulk_path::scalar, bulk_path::exact})
            check_against_rate(book->table, many, path);
    }
}

TEST_CASE("bulk: a copy of a rater does not depend on the original") {
    const auto table = face_id().with_minimum("1.00");
    std::vector<tariff::bulk_rater<face_id_table>> copies;
    for (bulk_path path : {bulk_path::vector, bulk_path::scalar, bulk_path::exact}) {
        const tariff::bulk_rater<face_id_table> original(table, path);
        copies.push_back(original);
    }
    std::vector<std::int64_t> q(100);
    for (std::size_t i = 0; i < q.size(); ++i) q[i] = static_cast<std::int64_t>(i * i * 23);
    for (const auto& rater : copies) {
        std::vector<face_id_table::amount_type> totals(q.size());
        std::vector<bulk_status> status(q.size());
        rater.rate(q.data(), q.size(), totals.data(), status.data());
        for (std::size_t i = 0; i < q.size(); ++i) {
            face_id_table::amount_type want;
            CHECK(status[i] == expected(table, q[i], want));
            CHECK(totals[i] == want);
        }
    }
}

TEST_CASE_TEMPLATE("bulk: same results as rate(), random tables, integer quantities", Rep,
                   TARIFF_TEST_REPS) {
    using coarse = tariff::tier_table<tariff::runtime_currency, tariff::decimal<2, Rep>>;
    using fine = tariff::tier_table<tariff::runtime_currency, tariff::decimal<4, Rep>>;
    random_rounds<coarse>(0x5eed0001, 120, 6);
    random_rounds<fine>(0x5eed0002, 120, 6);
}

TEST_CASE_TEMPLATE("bulk: same results as rate(), random tables, decimal quantities", Rep,
                   TARIFF_TEST_REPS) {
    using gigabytes =
        tariff::tier_table<tariff::iso::USD, tariff::decimal<2, Rep>, tariff::decimal<3>>;
    random_rounds<gigabytes>(0x5eed0003, 120, 6);
}

TEST_CASE_TEMPLATE("bulk: same results as rate(), free units, the fee at zero, quantity scales",
                   Rep, TARIFF_TEST_REPS) {
    using coarse = tariff::tier_table<tariff::runtime_currency, tariff::decimal<2, Rep>>;
    using fine = tariff::tier_table<tariff::runtime_currency, tariff::decimal<8, Rep>>;
    using gigabytes =
        tariff::tier_table<tariff::iso::USD, tariff::decimal<2, Rep>, tariff::decimal<3>>;
    random_rounds<coarse>(0x5eed0011, 120, 6, true);
    random_rounds<fine>(0x5eed0012, 120, 6, true);
    random_rounds<gigabytes>(0x5eed0013, 60, 6, true);
    // A table counting steps keeps the int64 loops: the plan prices a step.
    const auto scaled = face_id()
                            .with_tiers(
                                std::array<face_id_table::tier_type, 2>{
                                    {{100000, tariff::decimal<2>::parse("40.00")},
                                     {tariff::unbounded, tariff::decimal<2>::parse("35.00")}}}
                                    .data(),
                                2)
                            .with_quantity_scale(2);
    const tariff::bulk_rater<face_id_table> rater(scaled);
    CHECK(rater.path() != bulk_path::exact);
    tariff::decimal<2> total;
    CHECK(rater.rate_one(150, total) == bulk_status::priced);  // 1.50 units x 40.00
    CHECK(tariff::to_string(total) == "60.00");
}

TEST_CASE_TEMPLATE("bulk: same results as rate(), many tiers", Rep, TARIFF_TEST_REPS) {
    using wide =
        tariff::tier_table<tariff::runtime_currency, tariff::decimal<2, Rep>, std::int64_t, 40>;
    random_rounds<wide>(0x5eed0004, 40, 40);
    // Up to 64 tiers: 32-63 cut points take the widest search, 64 the scalar loop.
    using widest =
        tariff::tier_table<tariff::runtime_currency, tariff::decimal<2, Rep>, std::int64_t, 64>;
    random_rounds<widest>(0x5eed000a, 40, 64);
}

TEST_CASE_TEMPLATE("bulk: same results as rate(), prices at 18 digits", Rep, TARIFF_TEST_REPS) {
    // Most of these prices have few significant fraction digits: the plan runs at the coarsest
    // scale that holds them (and int64 amounts must still fit when scaled back).
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        using fine = tariff::tier_table<tariff::runtime_currency, tariff::decimal<12, Rep>>;
        random_rounds<fine>(0x5eed000b, 80, 8);
    } else {
        using fine = tariff::tier_table<tariff::runtime_currency, tariff::decimal<18, Rep>,
                                        std::int64_t, 64>;
        random_rounds<fine>(0x5eed000b, 80, 20);
    }
}

TEST_CASE_TEMPLATE("bulk: the FaceID table in every representation", Rep, TARIFF_TEST_REPS) {
    using table_type = tariff::tier_table<tariff::iso::USD, tariff::decimal<2, Rep>>;
    for (auto mode : {tariff::tier_mode::volume, tariff::tier_mode::graduated}) {
        const table_type table(mode, {{1000, "0.40"},
                                      {10000, "0.35"},
                                      {100000, "0.30"},
                                      {200000, "0.25"},
                                      {tariff::unbounded, tariff::contact_sales}});
        CHECK(tariff::bulk_rater<table_type>(table).path() != bulk_path::exact);
        random_source rng(0x5eed0005);
        std::vector<std::int64_t> q(4099);
        for (auto& x : q) x = rng.between(0, 250000);
        for (bulk_path path :
             {bulk_path::automatic, bulk_path::vector, bulk_path::scalar, bulk_path::exact}) {
            check_against_rate(table, q, path);
        }
    }
}

TEST_CASE("bulk: invariant division is exact") {
    random_source rng(0x5eed0006);
    std::vector<std::uint64_t> divisors{
        1, 2, 3, 7, 10, 64, 1000, 1000000007, std::uint64_t{1} << 62, (std::uint64_t{1} << 63) - 1};
    for (int k = 1; k <= 18; ++k)
        divisors.push_back(static_cast<std::uint64_t>(random_source::pow10(k)));
    for (std::uint64_t d : divisors) {
        const tariff::detail::bulk::divisor div(d);
        for (int i = 0; i < 2000; ++i) {
            const auto x = static_cast<std::uint64_t>(
                i < 20 ? (int64_max - i) : rng.between(0, int64_max >> rng.between(0, 62)));
            if (div.quotient(x) != x / d) {
                CAPTURE(d);
                CAPTURE(x);
                CHECK(div.quotient(x) == x / d);
            }
        }
        const std::uint64_t edges[] = {0, d - 1, d, d + 1, 2 * d - 1};
        for (std::uint64_t x : edges) {
            if (x <= static_cast<std::uint64_t>(int64_max)) CHECK(div.quotient(x) == x / d);
        }
    }
}

TEST_CASE("bulk: the plan's rounding is the core's, in every mode") {
    // The int64 plan rounds by a threshold on the remainder, read off detail::round_away; it must
    // give what the core's rounding (detail::divide_rounded) gives for every amount >= 0.
    random_source rng(0x5eed0009);
    const tariff::rounding modes[] = {tariff::rounding::half_up,   tariff::rounding::half_even,
                                      tariff::rounding::half_down, tariff::rounding::up,
                                      tariff::rounding::down,      tariff::rounding::ceiling,
                                      tariff::rounding::floor};
    for (const tariff::rounding mode : modes) {
        for (int k = 1; k <= 18; ++k) {
            const std::int64_t p = random_source::pow10(k);
            const tariff::detail::bulk::rounder rounder(static_cast<std::uint64_t>(p), mode);
            std::vector<std::int64_t> amounts = {
                0, 1,         p / 2 - 1,     p / 2,         p / 2 + 1, p - 1,
                p, p + p / 2, 2 * p + p / 2, 3 * p + p / 2, int64_max, int64_max - p / 2};
            for (int i = 0; i < 300; ++i) amounts.push_back(rng.between(0, int64_max));
            for (int i = 0; i < 300; ++i)  // near ties
                amounts.push_back(rng.between(0, int64_max / p - 1) * p + p / 2 +
                                  rng.between(-1, 1));
            for (const std::int64_t x : amounts) {
                CAPTURE(to_string_view(mode));
                CAPTURE(k);
                CAPTURE(x);
                // At most 2^63 - 1 + p / 2 rounded up to a multiple of p: below 2^64.
                const std::uint64_t want =
                    static_cast<std::uint64_t>(tariff::detail::divide_rounded(x, p, mode)) *
                    static_cast<std::uint64_t>(p);
                const std::uint64_t got = rounder.apply(static_cast<std::uint64_t>(x));
                if (want != got) CHECK(got == want);
            }
        }
    }
}

#if defined(TARIFF_BULK_VECTOR)
namespace {

/// Runs every vector loop this CPU has for a plan of Cuts cut points against the scalar loop, on
/// random plans: the loops must agree bit for bit (the rater is held to rate() elsewhere; this
/// reaches the AVX2 loops too, which the rater only picks on CPUs without AVX-512, and the search
/// loops on quantities on and next to every cut point).
template <std::size_t Cuts, bool Base, bool Clamp>
void check_vector_loops(random_source& rng) {
    namespace bulk = tariff::detail::bulk;
    for (int round = 0; round < 20; ++round) {
        const bool narrow = rng.chance(50);
        std::vector<std::int64_t> cut(Cuts + 1);
        std::vector<std::uint64_t> price(Cuts + 1), base(Cuts + 1), cum(Cuts + 1, 0);
        // Padding (cut points below every quantity) comes first, as the rater lays it out.
        const auto pad = static_cast<std::size_t>(rng.chance(30) ? rng.between(0, Cuts) : 0);
        std::int64_t c = 0;
        for (std::size_t k = 0; k < Cuts; ++k) {
            if (k < pad) {
                cut[k] = std::numeric_limits<std::int64_t>::min();
                continue;
            }
            c = (k == pad && rng.chance(50)) ? c : c + rng.magnitude(narrow ? 8 : 15);
            cut[k] = c;
        }
        for (std::size_t k = 0; k <= Cuts; ++k) {
            price[k] = static_cast<std::uint64_t>(rng.between(0, narrow ? 0xffffffff : int64_max));
            base[k] =
                Base ? static_cast<std::uint64_t>(narrow ? rng.between(-0x80000000LL, 0x7fffffff)
                                                         : rng.between(-int64_max, int64_max))
                     : 0;
        }
        bulk::plan_view p;
        p.cut = cut.data();
        p.cuts = Cuts;
        p.price = price.data();
        p.base = base.data();
        p.cum = cum.data();
        p.has_base = Base;
        p.clamp = Clamp;
        p.low = rng.between(0, 1000000);
        p.high = p.low + rng.between(0, int64_max - p.low);
        // As in every plan: a quote tier is the last slot, after at least one cut, and its price
        // and base are zero.
        p.quote_last = Cuts > 0 && rng.chance(50);
        if (p.quote_last) price[Cuts] = base[Cuts] = 0;
        p.fast_mask = 0;
        p.narrow = narrow;
        bulk::search_tables tables;
        if (Cuts > 7) {
            bulk::build_search_tables(p, tables);
            p.search = &tables;
        }
        const std::size_t n = static_cast<std::size_t>(rng.between(0, 300));
        const std::int64_t most = narrow ? 0x7fffffff : int64_max;
        std::vector<std::int64_t> q(n);
        for (auto& x : q) {
            if (Cuts > pad && rng.chance(50)) {  // on or next to a cut point
                const auto k = static_cast<std::size_t>(rng.between(
                    static_cast<std::int64_t>(pad), static_cast<std::int64_t>(Cuts) - 1));
                x = std::clamp<std::int64_t>(cut[k] + rng.between(-1, 1), 0, most);
            } else {
                x = rng.between(0, most);
            }
        }
        const auto* in = reinterpret_cast<const unsigned char*>(q.data());
        std::vector<std::int64_t> want(n), got(n);
        std::vector<unsigned char> want_status(n), got_status(n);
        const auto want_r = bulk::scalar_kernel(
            p, in, reinterpret_cast<unsigned char*>(want.data()), want_status.data(), n);
        std::vector<bulk::kernel_fn> loops;
        if constexpr (Cuts == 7 || Cuts == 31) {
            if (bulk::vector_level() >= 1) loops.push_back(&bulk::avx2_kernel<Cuts, Base, Clamp>);
            if constexpr (Cuts == 7) {
                if (bulk::vector_level() >= 2) {
                    loops.push_back(&bulk::avx512_kernel<Cuts, Base, Clamp>);
                    if (narrow) loops.push_back(&bulk::avx512_narrow_kernel<Cuts, Base, Clamp>);
                }
            }
        } else {
            if (bulk::vector_level() >= 2) {
                loops.push_back(&bulk::avx512_search<Cuts + 1, Base, Clamp>);
                if (narrow) loops.push_back(&bulk::avx512_narrow_search<Cuts + 1, Base, Clamp>);
            }
        }
        for (std::size_t l = 0; l < loops.size(); ++l) {
            std::fill(got.begin(), got.end(), -7);
            const auto r =
                loops[l](p, in, reinterpret_cast<unsigned char*>(got.data()), got_status.data(), n);
            CAPTURE(Cuts);
            CAPTURE(l);
            CHECK(got == want);
            CHECK(got_status == want_status);
            CHECK(r.bits == want_r.bits);
            CHECK(r.quotes == want_r.quotes);
        }
    }
}

template <std::size_t Cuts>
void check_vector_loops(random_source& rng) {
    check_vector_loops<Cuts, false, false>(rng);
    check_vector_loops<Cuts, false, true>(rng);
    check_vector_loops<Cuts, true, false>(rng);
    check_vector_loops<Cuts, true, true>(rng);
}

}  // namespace

TEST_CASE("bulk: every vector loop agrees with the scalar loop") {
    random_source rng(0x5eed0008);
    check_vector_loops<7>(rng);
    check_vector_loops<15>(rng);
    check_vector_loops<31>(rng);
    check_vector_loops<63>(rng);
}
#endif

#if defined(__cpp_lib_span)
TEST_CASE("bulk: spans (C++20), and a size mismatch is refused before anything is rated") {
    const auto table = face_id();
    std::vector<std::int64_t> q{20000, 1001};
    std::vector<face_id_table::amount_type> totals(2);
    std::vector<bulk_status> status(2, bulk_status::overflow);
    const auto summary = tariff::rate_many(table, q, totals, status);
    CHECK(summary.priced == 2);
    CHECK(tariff::to_string(totals[0]) == "6000.00");
    std::vector<face_id_table::amount_type> short_totals(1);
    std::vector<bulk_status> fresh(2, bulk_status::overflow);
    CHECK_THROWS_AS(tariff::rate_many(table, q, short_totals, fresh), tariff::invalid_argument);
    CHECK(fresh[0] == bulk_status::overflow);
    CHECK(short_totals[0].is_zero());
    CHECK_THROWS_WITH(tariff::rate_many(table, q, totals, std::span<bulk_status>(fresh.data(), 1)),
                      "rate_many: 2 quantities but 2 totals and 1 statuses");
}
#endif

TEST_SUITE("threads") {
    TEST_CASE_TEMPLATE("bulk: threads sharing one rater get the single-threaded results", Rep,
                       TARIFF_TEST_REPS) {
        using table_type = tariff::tier_table<tariff::iso::USD, tariff::decimal<2, Rep>>;
        const table_type table =
            table_type(tariff::tier_mode::graduated, {{1000, "0.40"},
                                                      {10000, "0.35", "1.00"},
                                                      {100000, "0.30"},
                                                      {200000, "0.25"},
                                                      {tariff::unbounded, tariff::contact_sales}})
                .with_minimum("5.00");
        random_source rng(0x5eed0007);
        std::vector<std::int64_t> q(20000);
        for (auto& x : q) x = rng.chance(1) ? -x - 1 : rng.between(0, 210000);
        q[77] = int64_max;
        const tariff::bulk_rater<table_type> rater(table);
        std::vector<typename table_type::amount_type> want(q.size());
        std::vector<bulk_status> want_status(q.size());
        const auto want_summary = rater.rate(q.data(), q.size(), want.data(), want_status.data());

        constexpr int thread_count = 4;
        std::vector<std::vector<typename table_type::amount_type>> got(thread_count, want);
        std::vector<std::vector<bulk_status>> got_status(thread_count,
                                                         std::vector<bulk_status>(q.size()));
        std::vector<tariff::bulk_summary> summaries(thread_count);
        for (auto& g : got) {
            for (auto& t : g) t = typename table_type::amount_type();
        }
        std::vector<std::thread> threads;
        for (int t = 0; t < thread_count; ++t) {
            threads.emplace_back([&, t] {
                const auto i = static_cast<std::size_t>(t);
                for (int repeat = 0; repeat < 3; ++repeat) {
                    summaries[i] =
                        rater.rate(q.data(), q.size(), got[i].data(), got_status[i].data());
                }
            });
        }
        for (auto& th : threads) th.join();
        for (std::size_t t = 0; t < thread_count; ++t) {
            CHECK(summaries[t] == want_summary);
            CHECK(got[t] == want);
            CHECK(got_status[t] == want_status);
        }
        CHECK(want_summary.overflow == 0);
        CHECK(want_summary.negative_quantity > 0);
    }
}
