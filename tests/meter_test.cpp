// Tests for include/tariff/meter.hpp: monthly totals, late events, overflow and merging.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <tariff/meter.hpp>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "support/billing_strings.hpp"

using tariff::billing_period;
using tariff::usage_count;
using tariff::usage_meter;
using tariff::utc_offset;

namespace {

tariff::instant at(const char* text) { return tariff::parse_instant(text); }

utc_offset offset(const char* text) { return utc_offset::parse(text); }

const usage_count max_count = usage_meter::max_total;

// Everything observable about a meter, to check that a failed call changed nothing.
struct snapshot {
    std::vector<billing_period> periods;
    std::vector<std::pair<std::string, usage_count>> totals;
    std::vector<std::tuple<std::string, billing_period, usage_count, std::int64_t>> late;
    std::vector<bool> billed;

    explicit snapshot(const usage_meter& m) : periods(m.periods()) {
        for (const billing_period p : periods) {
            billed.push_back(m.is_billed(p));
            for (const std::string& a : m.accounts(p)) {
                totals.emplace_back(a + "@" + tariff::to_string(p), m.total(a, p));
            }
        }
        for (const tariff::late_usage& l : m.late()) {
            late.emplace_back(l.account, l.period, l.count, l.events);
        }
    }
    bool operator==(const snapshot& o) const {
        return periods == o.periods && totals == o.totals && late == o.late && billed == o.billed;
    }
};

}  // namespace

TEST_CASE("usage_meter totals calls per account and month") {
    usage_meter m;
    CHECK(m.add("acme", at("2024-01-31T23:59:59Z"), 10).period == billing_period(2024, 1));
    CHECK(m.add("acme", at("2024-02-01T00:00:00Z"), 5).period == billing_period(2024, 2));
    CHECK(m.add("acme", at("2024-01-15T08:00:00+05:45"), 7).period == billing_period(2024, 1));
    CHECK(m.add("zeta", at("2024-01-02T00:00:00Z"), 0).period == billing_period(2024, 1));
    CHECK(m.add("beta", at("2024-01-03T00:00:00Z"), 2).late == false);

    CHECK(m.total("acme", billing_period(2024, 1)) == 17);
    CHECK(m.total("acme", billing_period(2024, 2)) == 5);
    CHECK(m.total("zeta", billing_period(2024, 1)) == 0);
    CHECK(m.total("beta", billing_period(2024, 1)) == 2);
    CHECK(m.total("nobody", billing_period(2024, 1)) == 0);
    CHECK(m.total("acme", billing_period(2023, 12)) == 0);

    // An account with a zero count is still seen; the list is sorted.
    CHECK(m.accounts(billing_period(2024, 1)) == std::vector<std::string>{"acme", "beta", "zeta"});
    CHECK(m.accounts(billing_period(2024, 2)) == std::vector<std::string>{"acme"});
    CHECK(m.accounts(billing_period(2024, 3)).empty());
    CHECK(m.periods() ==
          std::vector<billing_period>{billing_period(2024, 1), billing_period(2024, 2)});
    CHECK(m.late().empty());
}

TEST_CASE("usage_meter assigns months in its billing offset") {
    // One instant, three meters: each offset puts it in a different month or not.
    const tariff::instant t = at("2024-02-29T20:00:00Z");
    usage_meter utc(offset("+00:00"));
    usage_meter kathmandu(offset("+05:45"));
    usage_meter marquesas(offset("-09:30"));
    CHECK(utc.billing_offset() == utc_offset());
    CHECK(kathmandu.billing_offset() == offset("+05:45"));
    CHECK(utc.add("a", t, 1).period == billing_period(2024, 2));
    CHECK(kathmandu.add("a", t, 1).period == billing_period(2024, 3));
    CHECK(marquesas.add("a", t, 1).period == billing_period(2024, 2));

    usage_meter kiritimati(offset("+14:00"));
    usage_meter baker(offset("-12:00"));
    CHECK(kiritimati.add("a", at("2024-12-31T10:00:00Z"), 1).period == billing_period(2025, 1));
    CHECK(baker.add("a", at("2025-01-01T11:59:59Z"), 1).period == billing_period(2024, 12));
}

TEST_CASE("usage_meter refuses bad events and stays unchanged") {
    usage_meter m;
    m.add("acme", at("2024-01-10T00:00:00Z"), 3);
    const snapshot before(m);

    CHECK_THROWS_WITH_AS(m.add("acme", at("2024-01-10T00:00:00Z"), -1),
                         "usage count -1 for account \"acme\" at 2024-01-10T00:00:00Z is negative",
                         tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(m.add("", at("2024-01-10T00:00:00Z"), 1),
                         doctest::Contains("names no account"), tariff::invalid_argument);
    usage_meter west(offset("-00:01"));
    CHECK_THROWS_AS(west.add("acme", at("0000-01-01T00:00:00Z"), 1), tariff::invalid_argument);
    CHECK(west.periods().empty());
    // The message shows the time in the meter's offset, where it is always printable.
    usage_meter east(offset("+01:00"));
    CHECK_THROWS_WITH_AS(east.add("acme", at("0000-01-01T00:30:00+01:00"), -2),
                         doctest::Contains("at 0000-01-01T00:30:00+01:00 is negative"),
                         tariff::invalid_argument);
    CHECK(snapshot(m) == before);
}

TEST_CASE("usage_meter overflow names the account and period and changes nothing") {
    usage_meter m;
    m.add("big", at("2024-05-01T00:00:00Z"), max_count - 1);
    m.add("big", at("2024-05-02T00:00:00Z"), 1);
    CHECK(m.total("big", billing_period(2024, 5)) == max_count);
    const snapshot before(m);

    CHECK_THROWS_WITH_AS(m.add("big", at("2024-05-31T23:59:59Z"), 1),
                         doctest::Contains("usage of account \"big\" in 2024-05 overflows"),
                         tariff::overflow_error);
    CHECK(snapshot(m) == before);
    // A zero count still fits, and other months are independent.
    CHECK_NOTHROW(m.add("big", at("2024-05-31T23:59:59Z"), 0));
    CHECK_NOTHROW(m.add("big", at("2024-06-01T00:00:00Z"), max_count));
    CHECK(m.total("big", billing_period(2024, 6)) == max_count);

    // The late bucket is checked the same way.
    m.mark_billed(billing_period(2024, 4));
    m.add("big", at("2024-04-30T00:00:00Z"), max_count);
    const snapshot with_late(m);
    CHECK_THROWS_WITH_AS(m.add("big", at("2024-04-30T00:00:00Z"), 1),
                         doctest::Contains("late usage of account \"big\" in 2024-04 overflows"),
                         tariff::overflow_error);
    CHECK(snapshot(m) == with_late);
}

TEST_CASE("events for a billed month are late: reported, kept, never counted twice") {
    usage_meter m(offset("+05:45"));
    m.add("acme", at("2024-02-10T00:00:00Z"), 100);
    m.add("beta", at("2024-02-11T00:00:00Z"), 50);
    CHECK(!m.is_billed(billing_period(2024, 2)));
    CHECK(m.mark_billed(billing_period(2024, 2)));
    CHECK(m.is_billed(billing_period(2024, 2)));
    CHECK(!m.mark_billed(billing_period(2024, 2)));  // already billed
    CHECK(!m.is_billed(billing_period(2024, 3)));

    // 2024-02-29T18:14:59Z is still February in +05:45; a second later it is March.
    const tariff::usage_added late = m.add("acme", at("2024-02-29T18:14:59Z"), 7);
    CHECK(late.late);
    CHECK(late.period == billing_period(2024, 2));
    const tariff::usage_added on_time = m.add("acme", at("2024-02-29T18:15:00Z"), 9);
    CHECK(!on_time.late);
    CHECK(on_time.period == billing_period(2024, 3));
    m.add("acme", at("2024-02-01T00:00:00+05:45"), 3);
    m.add("zulu", at("2024-02-20T00:00:00Z"), 0);

    // The billed totals do not move; the late usage is aggregated per account and month.
    CHECK(m.total("acme", billing_period(2024, 2)) == 100);
    CHECK(m.total("acme", billing_period(2024, 3)) == 9);
    CHECK(m.accounts(billing_period(2024, 2)) == std::vector<std::string>{"acme", "beta"});
    const std::vector<tariff::late_usage> pending = m.late();
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].account == "acme");
    CHECK(pending[0].period == billing_period(2024, 2));
    CHECK(pending[0].count == 10);
    CHECK(pending[0].events == 2);
    CHECK(pending[1].account == "zulu");
    CHECK(pending[1].count == 0);
    CHECK(pending[1].events == 1);

    // Draining hands them over once.
    const std::vector<tariff::late_usage> drained = m.drain_late();
    CHECK(drained.size() == 2);
    CHECK(m.late().empty());
    CHECK(m.drain_late().empty());
    CHECK(m.total("acme", billing_period(2024, 2)) == 100);

    // A billed month with no usage yet: its first event is late too.
    m.mark_billed(billing_period(2023, 11));
    CHECK(m.add("new", at("2023-11-05T00:00:00Z"), 4).late);
    CHECK(m.accounts(billing_period(2023, 11)).empty());
    const std::vector<tariff::late_usage> again = m.late();
    REQUIRE(again.size() == 1);
    CHECK(again[0].account == "new");
    CHECK(again[0].period == billing_period(2023, 11));
    CHECK(again[0].count == 4);
    CHECK(m.periods() == std::vector<billing_period>{billing_period(2023, 11),
                                                     billing_period(2024, 2),
                                                     billing_period(2024, 3)});
}

TEST_CASE("late usage is listed by month, then account") {
    usage_meter m;
    for (const char* month : {"2024-03", "2024-01"}) {
        m.mark_billed(billing_period::parse(month));
    }
    m.add("c", at("2024-03-05T00:00:00Z"), 1);
    m.add("a", at("2024-03-05T00:00:00Z"), 2);
    m.add("b", at("2024-01-05T00:00:00Z"), 3);
    m.add("d", at("2024-01-05T00:00:00Z"), 4);
    const std::vector<tariff::late_usage> l = m.late();
    REQUIRE(l.size() == 4);
    CHECK(l[0].account == "b");
    CHECK(l[1].account == "d");
    CHECK(l[2].account == "a");
    CHECK(l[3].account == "c");
    CHECK(l[2].period == billing_period(2024, 3));
}

TEST_CASE("usage_meter copies, moves and swaps as a value") {
    usage_meter a(offset("-09:30"));
    // Long names do not fit a string's small buffer; short ones do: both must survive copies.
    const std::string long_name(100, 'x');
    a.add(long_name, at("2024-07-01T12:00:00Z"), 5);
    a.add("s", at("2024-07-01T12:00:00Z"), 6);

    usage_meter b(a);
    a.add(long_name, at("2024-07-01T12:00:00Z"), 1);
    CHECK(a.total(long_name, billing_period(2024, 7)) == 6);
    CHECK(b.total(long_name, billing_period(2024, 7)) == 5);
    CHECK(b.total("s", billing_period(2024, 7)) == 6);
    CHECK(b.billing_offset() == offset("-09:30"));

    usage_meter c;
    c = b;
    b = usage_meter();
    CHECK(c.total(long_name, billing_period(2024, 7)) == 5);
    CHECK(b.periods().empty());

    usage_meter d(std::move(c));
    CHECK(d.total(long_name, billing_period(2024, 7)) == 5);
    d.add("s", at("2024-07-02T00:00:00Z"), 1);
    CHECK(d.total("s", billing_period(2024, 7)) == 7);

    usage_meter e;
    e = std::move(d);
    CHECK(e.total("s", billing_period(2024, 7)) == 7);
    e.swap(a);
    CHECK(e.total(long_name, billing_period(2024, 7)) == 6);
    CHECK(a.total("s", billing_period(2024, 7)) == 7);
}

TEST_CASE("usage_meter merge adds usage and keeps billed months billed") {
    usage_meter main_meter;
    main_meter.add("acme", at("2024-01-10T00:00:00Z"), 10);
    main_meter.mark_billed(billing_period(2024, 1));
    main_meter.add("acme", at("2024-01-11T00:00:00Z"), 1);  // late

    usage_meter shard;
    shard.add("acme", at("2024-01-12T00:00:00Z"), 2);  // on time in the shard, late after merging
    shard.add("acme", at("2024-02-12T00:00:00Z"), 3);
    shard.add("beta", at("2024-02-13T00:00:00Z"), 4);

    main_meter.merge(shard);
    CHECK(main_meter.total("acme", billing_period(2024, 1)) == 10);
    CHECK(main_meter.total("acme", billing_period(2024, 2)) == 3);
    CHECK(main_meter.total("beta", billing_period(2024, 2)) == 4);
    const std::vector<tariff::late_usage> l = main_meter.late();
    REQUIRE(l.size() == 1);
    CHECK(l[0].count == 3);
    CHECK(l[0].events == 2);
    CHECK(shard.total("acme", billing_period(2024, 1)) == 2);  // the source is untouched

    // Refusals leave the target as it was.
    const snapshot before(main_meter);
    usage_meter other_offset(offset("+05:45"));
    CHECK_THROWS_WITH_AS(main_meter.merge(other_offset),
                         "cannot merge usage metered at UTC offset +05:45 into a meter at +00:00",
                         tariff::invalid_argument);
    usage_meter billed_shard;
    billed_shard.mark_billed(billing_period(2024, 2));
    CHECK_THROWS_AS(main_meter.merge(billed_shard), tariff::refused);
    usage_meter huge;
    huge.add("zzz", at("2024-02-01T00:00:00Z"), 1);           // would be added first ...
    huge.add("beta", at("2024-02-01T00:00:00Z"), max_count);  // ... before this overflows
    CHECK_THROWS_WITH_AS(main_meter.merge(huge),
                         doctest::Contains("account \"beta\" in 2024-02 overflows"),
                         tariff::overflow_error);
    CHECK(snapshot(main_meter) == before);
}

namespace {

// An event written in its own offset, as local fields, for the independent reference below.
struct local_event {
    std::string account;
    int year, month, day, hour, minute, second;
    int offset_minutes;
    usage_count count;
};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int month_length(int y, int m) {
    static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : lengths[m - 1];
}

// The billing month of an event by carrying minutes through the local fields: no day counts.
billing_period reference_period(const local_event& e, int billing_offset_minutes) {
    int y = e.year, mo = e.month, d = e.day;
    int minute_of_day = e.hour * 60 + e.minute + billing_offset_minutes - e.offset_minutes;
    while (minute_of_day < 0) {
        minute_of_day += 1440;
        if (--d == 0) {
            if (--mo == 0) {
                mo = 12;
                --y;
            }
            d = month_length(y, mo);
        }
    }
    while (minute_of_day >= 1440) {
        minute_of_day -= 1440;
        if (++d > month_length(y, mo)) {
            d = 1;
            if (++mo == 13) {
                mo = 1;
                ++y;
            }
        }
    }
    return billing_period(y, mo);
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string rfc3339(const local_event& e) {
    const int magnitude = e.offset_minutes < 0 ? -e.offset_minutes : e.offset_minutes;
    return std::to_string(e.year) + "-" + two(e.month) + "-" + two(e.day) + "T" + two(e.hour) +
           ":" + two(e.minute) + ":" + two(e.second) + (e.offset_minutes < 0 ? "-" : "+") +
           two(magnitude / 60) + ":" + two(magnitude % 60);
}

// Random events within hours of month boundaries (fixed seed), around leap-year February.
std::vector<local_event> random_events(std::uint64_t seed, int n) {
    std::mt19937_64 random(seed);
    const int offsets[] = {0, 345, -570, 840, -720, 330, -180, 60, 525, -45};
    const char* accounts[] = {"acme", "beta", "gamma", "delta", "epsilon"};
    std::vector<local_event> events;
    for (int i = 0; i < n; ++i) {
        local_event e;
        e.account = accounts[random() % 5];
        e.offset_minutes = offsets[random() % 10];
        e.year = 2023 + static_cast<int>(random() % 3);  // 2023, 2024 (leap), 2025
        e.month = 1 + static_cast<int>(random() % 12);
        // Either the first or the last day of the month, at any hour: near a boundary in most
        // offsets.
        e.day = random() % 2 == 0 ? 1 : month_length(e.year, e.month);
        e.hour = static_cast<int>(random() % 24);
        e.minute = static_cast<int>(random() % 60);
        e.second = static_cast<int>(random() % 60);
        e.count = static_cast<usage_count>(random() % 1000);
        events.push_back(e);
    }
    return events;
}

}  // namespace

TEST_CASE("usage_meter totals agree with an independent reference in several offsets") {
    const std::vector<local_event> events = random_events(424242, 20'000);
    for (const int billing_minutes : {0, 345, -570, 840, -720}) {
        CAPTURE(billing_minutes);
        usage_meter m{utc_offset(std::chrono::minutes(billing_minutes))};
        std::map<std::pair<std::string, billing_period>, usage_count> expected;
        for (const local_event& e : events) {
            const tariff::usage_added added = m.add(e.account, at(rfc3339(e).c_str()), e.count);
            const billing_period p = reference_period(e, billing_minutes);
            REQUIRE(added.period == p);
            expected[{e.account, p}] += e.count;
        }
        std::size_t cells = 0;
        for (const billing_period p : m.periods()) {
            for (const std::string& a : m.accounts(p)) {
                CHECK(m.total(a, p) == expected.at({a, p}));
                ++cells;
            }
        }
        CHECK(cells == expected.size());
    }
}

TEST_SUITE("threads") {
    TEST_CASE("per-thread meters merged equal one meter fed everything") {
        const std::vector<local_event> events = random_events(777, 40'000);
        std::vector<tariff::instant> times;
        for (const local_event& e : events) {
            times.push_back(at(rfc3339(e).c_str()));
        }
        const utc_offset billing = offset("+05:45");
        usage_meter single(billing);
        for (std::size_t i = 0; i < events.size(); ++i) {
            single.add(events[i].account, times[i], events[i].count);
        }

        constexpr std::size_t thread_count = 4;
        std::vector<usage_meter> shards(thread_count, usage_meter(billing));
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < thread_count; ++t) {
            threads.emplace_back([&, t] {
                for (std::size_t i = t; i < events.size(); i += thread_count) {
                    shards[t].add(events[i].account, times[i], events[i].count);
                }
            });
        }
        for (std::thread& th : threads) {
            th.join();
        }
        usage_meter merged(billing);
        for (const usage_meter& s : shards) {
            merged.merge(s);
        }
        CHECK(snapshot(merged) == snapshot(single));
    }

    TEST_CASE("concurrent const queries on one meter") {
        usage_meter m;
        for (const local_event& e : random_events(99, 5'000)) {
            m.add(e.account, at(rfc3339(e).c_str()), e.count);
        }
        m.mark_billed(billing_period(2024, 2));
        const snapshot expected(m);
        std::vector<std::thread> readers;
        std::vector<int> agreed(4, 0);
        for (std::size_t t = 0; t < agreed.size(); ++t) {
            readers.emplace_back([&, t] {
                for (int i = 0; i < 20; ++i) {
                    agreed[t] += snapshot(m) == expected ? 1 : 0;
                }
            });
        }
        for (std::thread& th : readers) {
            th.join();
        }
        CHECK(agreed == std::vector<int>(4, 20));
    }
}
