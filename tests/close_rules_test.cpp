// Tests for include/tariff/close_rules.hpp: how prepaid packs cover what a month's free units
// left (against an independent unit-by-unit model), the calendar order of closes and when
// a period has ended in the billing offset.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <tariff/close_rules.hpp>
#include <tariff/period.hpp>
#include <vector>

using tariff::billing_period;
using tariff::close_order;
using tariff::close_timing;
using tariff::prepaid_pack;

namespace {

prepaid_pack make_pack(std::int64_t id, std::string product, std::int64_t remaining,
                       billing_period from, billing_period until) {
    return prepaid_pack{id,   "acme", std::move(product), remaining + 5, remaining, 0,
                        from, until,  std::nullopt};
}

// The model: hands out the units one at a time. Each goes to the usable pack that ends first
// (then was added first), found by a linear scan, else it is rated.
tariff::quantity_split model_split(std::int64_t units, const std::string& product,
                                   billing_period period, std::vector<prepaid_pack> packs) {
    tariff::quantity_split out;
    out.quantity = units;
    for (std::int64_t unit = 0; unit < units; ++unit) {
        prepaid_pack* best = nullptr;
        for (prepaid_pack& p : packs) {
            const bool usable =
                p.product == product && p.from <= period && period <= p.until && p.remaining > 0;
            if (usable && (best == nullptr || p.until < best->until ||
                           (p.until == best->until && p.id < best->id))) {
                best = &p;
            }
        }
        if (best == nullptr) {
            ++out.rest;
            continue;
        }
        --best->remaining;
        ++out.from_packs;
        if (out.draws.empty() || out.draws.back().pack_id != best->id) {
            out.draws.push_back(tariff::pack_draw{best->id, 0});
        }
        ++out.draws.back().units;
    }
    return out;
}

bool same_split(const tariff::quantity_split& a, const tariff::quantity_split& b) {
    if (a.quantity != b.quantity || a.from_packs != b.from_packs || a.rest != b.rest ||
        a.draws.size() != b.draws.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.draws.size(); ++i) {
        if (a.draws[i].pack_id != b.draws[i].pack_id || a.draws[i].units != b.draws[i].units) {
            return false;
        }
    }
    return true;
}

std::string show(const tariff::quantity_split& s) {
    std::string out = "packs " + std::to_string(s.from_packs) + " [";
    for (const auto& d : s.draws) {
        out += " #" + std::to_string(d.pack_id) + ":" + std::to_string(d.units);
    }
    return out + " ], rest " + std::to_string(s.rest);
}

}  // namespace

TEST_CASE("packs by earliest until, then earliest added, then the rest") {
    const billing_period jan(2024, 1);
    const billing_period feb(2024, 2);
    const billing_period jun(2024, 6);
    const std::vector<prepaid_pack> packs = {
        make_pack(1, "calls", 100, jan, jun),  // ends last
        make_pack(2, "calls", 40, jan, feb),   // ends first, added before pack 4
        make_pack(3, "ocr", 500, jan, jun),    // another product
        make_pack(4, "calls", 30, feb, feb),   // ends first too, added after pack 2
        make_pack(5, "calls", 0, jan, jun),    // used up
        make_pack(6, "calls", 70, jan, jan),   // expired in February
        make_pack(7, "calls", 80, billing_period(2024, 3), jun),  // not valid yet
    };
    const tariff::quantity_split s = tariff::split_quantity(900, "calls", feb, packs);
    CHECK(s.quantity == 900);
    REQUIRE(s.draws.size() == 3);
    CHECK(s.draws[0].pack_id == 2);
    CHECK(s.draws[0].units == 40);
    CHECK(s.draws[1].pack_id == 4);
    CHECK(s.draws[1].units == 30);
    CHECK(s.draws[2].pack_id == 1);
    CHECK(s.draws[2].units == 100);
    CHECK(s.from_packs == 170);
    CHECK(s.rest == 730);

    // Nothing left by the free units touches no pack.
    const tariff::quantity_split covered = tariff::split_quantity(0, "calls", feb, packs);
    CHECK(covered.draws.empty());
    CHECK(covered.from_packs == 0);
    CHECK(covered.rest == 0);

    // Partly drawn: the first pack gives what is needed and keeps the rest.
    const tariff::quantity_split part = tariff::split_quantity(25, "calls", feb, packs);
    REQUIRE(part.draws.size() == 1);
    CHECK(part.draws[0].pack_id == 2);
    CHECK(part.draws[0].units == 25);
    CHECK(part.rest == 0);

    // No packs: everything is rated.
    const tariff::quantity_split none = tariff::split_quantity(70, "calls", feb, {});
    CHECK(none.from_packs == 0);
    CHECK(none.rest == 70);
}

TEST_CASE("split_quantity refuses negative quantities and never overflows") {
    const billing_period jan(2024, 1);
    CHECK_THROWS_WITH_AS(tariff::split_quantity(-1, "calls", jan, {}),
                         "product \"calls\" in 2024-01: quantity -1 is negative",
                         tariff::invalid_argument);

    constexpr std::int64_t most = std::numeric_limits<std::int64_t>::max();
    const std::vector<prepaid_pack> big = {make_pack(1, "calls", most - 5, jan, jan),
                                           make_pack(2, "calls", most - 5, jan, jan)};
    const tariff::quantity_split s = tariff::split_quantity(most - 3, "calls", jan, big);
    CHECK(s.from_packs == most - 3);
    REQUIRE(s.draws.size() == 2);
    CHECK(s.draws[0].units == most - 5);
    CHECK(s.draws[1].units == 2);
    CHECK(s.rest == 0);
}

TEST_CASE("split_quantity agrees with a unit-by-unit model") {
    std::mt19937_64 random(20240601);
    const auto pick = [&](std::uint64_t n) { return static_cast<std::int64_t>(random() % n); };
    const char* products[] = {"calls", "ocr"};
    for (int trial = 0; trial < 3000; ++trial) {
        CAPTURE(trial);
        std::vector<prepaid_pack> packs;
        const std::int64_t count = pick(7);
        for (std::int64_t i = 0; i < count; ++i) {
            const int from = 1 + static_cast<int>(pick(6));
            const int until = from + static_cast<int>(pick(static_cast<std::uint64_t>(7 - from)));
            packs.push_back(make_pack(i + 1, products[pick(2)], pick(80),
                                      billing_period(2024, from), billing_period(2024, until)));
        }
        // The rule may not depend on the order the packs come in.
        for (std::size_t i = packs.size(); i > 1; --i) {
            std::swap(packs[i - 1], packs[static_cast<std::size_t>(pick(i))]);
        }
        const std::int64_t units = pick(400);
        const billing_period period(2024, 1 + static_cast<int>(pick(6)));
        const tariff::quantity_split got = tariff::split_quantity(units, "calls", period, packs);
        const tariff::quantity_split expected = model_split(units, "calls", period, packs);
        INFO("got      ", show(got));
        INFO("expected ", show(expected));
        CHECK(same_split(got, expected));
        CHECK(got.from_packs + got.rest == units);
    }
}

TEST_CASE("periods are closed in calendar order; the latest may be closed again") {
    const billing_period mar(2024, 3);
    // A new ledger may start with any month.
    CHECK(tariff::check_close_order(std::nullopt, mar) == close_order::first);
    CHECK(tariff::check_close_order(std::nullopt, billing_period(0, 1)) == close_order::first);
    CHECK(tariff::check_close_order(std::nullopt, billing_period(9999, 12)) == close_order::first);

    CHECK(tariff::check_close_order(mar, billing_period(2024, 4)) == close_order::next);
    CHECK(tariff::check_close_order(billing_period(2024, 12), billing_period(2025, 1)) ==
          close_order::next);
    CHECK(tariff::check_close_order(mar, mar) == close_order::again);
    CHECK(tariff::check_close_order(billing_period(9999, 12), billing_period(9999, 12)) ==
          close_order::again);

    CHECK_THROWS_WITH_AS(tariff::check_close_order(mar, billing_period(2024, 2)),
                         "period 2024-02 comes before 2024-03, the latest closed period: periods "
                         "are closed in calendar order and only 2024-03 may be closed again",
                         tariff::refused);
    CHECK_THROWS_WITH_AS(tariff::check_close_order(mar, billing_period(2024, 5)),
                         "period 2024-05 skips 2024-04: the latest closed period is 2024-03, so "
                         "the next one to close is 2024-04",
                         tariff::refused);
    CHECK_THROWS_AS(tariff::check_close_order(billing_period(2024, 12), billing_period(2025, 2)),
                    tariff::refused);
    CHECK_THROWS_AS(tariff::check_close_order(mar, billing_period(2023, 4)), tariff::refused);
}

TEST_CASE("a period may be closed once it has ended in the billing offset; after the 3rd is late") {
    using tariff::parse_instant;
    const billing_period mar(2024, 3);
    const tariff::utc_offset plus8 = tariff::utc_offset::parse("+08:00");

    // 2024-04-01T00:00:00+08:00 is 2024-03-31T16:00:00Z.
    CHECK_THROWS_WITH_AS(
        tariff::check_period_ended(mar, plus8, parse_instant("2024-03-31T15:59:59Z")),
        "period 2024-03 has not ended in UTC offset +08:00: it may be closed from "
        "2024-04-01T00:00:00+08:00 on, and it is 2024-03-31T23:59:59+08:00",
        tariff::refused);
    CHECK(tariff::check_period_ended(mar, plus8, parse_instant("2024-03-31T16:00:00Z")) ==
          close_timing::in_window);
    CHECK(tariff::check_period_ended(mar, plus8, parse_instant("2024-04-03T23:59:59+08:00")) ==
          close_timing::in_window);
    CHECK(tariff::check_period_ended(mar, plus8, parse_instant("2024-04-04T00:00:00+08:00")) ==
          close_timing::late);
    CHECK(tariff::check_period_ended(mar, plus8, parse_instant("2025-01-01T00:00:00Z")) ==
          close_timing::late);

    // In UTC the same instant is still March.
    CHECK_THROWS_AS(tariff::check_period_ended(mar, tariff::utc_offset(),
                                               parse_instant("2024-03-31T16:00:00Z")),
                    tariff::refused);
    // West of UTC the month ends later; December ends in the next year.
    const tariff::utc_offset minus5 = tariff::utc_offset::parse("-05:00");
    const billing_period dec(2024, 12);
    CHECK_THROWS_AS(tariff::check_period_ended(dec, minus5, parse_instant("2025-01-01T04:59:59Z")),
                    tariff::refused);
    CHECK(tariff::check_period_ended(dec, minus5, parse_instant("2025-01-01T05:00:00Z")) ==
          close_timing::in_window);
    CHECK(tariff::check_period_ended(dec, minus5, parse_instant("2025-01-04T05:00:00Z")) ==
          close_timing::late);
}
