// Randomized reference test of a billing run: CSV text -> usage_csv_reader / balances_csv_reader
// -> billing_run -> CSV rows, against a reference written from scratch here. The reference has
// its own calendar (days counted year by year and month by month) and its own money (integer
// cents: the FaceID volume prices are whole cents, so a month costs calls x price exactly).
// Event times cluster within hours of month boundaries, in many UTC offsets, and are billed in
// several billing offsets, for months around the leap-year February 2024.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <tariff/billing_run.hpp>
#include <tariff/multiprecision.hpp>
#include <tariff/usage_csv.hpp>
#include <vector>

namespace {

// ---- The reference ------------------------------------------------------------------------

bool ref_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int ref_month_days(int year, int month) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && ref_leap(year) ? 29 : days[month - 1];
}

// Days from 2000-01-01 to the date (year >= 2000): whole years, then whole months, then days.
std::int64_t ref_days_since_2000(int year, int month, int day) {
    std::int64_t days = 0;
    for (int y = 2000; y < year; ++y) days += ref_leap(y) ? 366 : 365;
    for (int m = 1; m < month; ++m) days += ref_month_days(year, m);
    return days + day - 1;
}

// Seconds since 2000-01-01T00:00:00Z of a local time at `offset` minutes east of UTC.
std::int64_t ref_seconds(int year, int month, int day, int hour, int minute, int second,
                         int offset) {
    return ref_days_since_2000(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
           std::int64_t{offset} * 60;
}

// FaceID volume price in cents for a month's calls, or -1 for contact sales.
std::int64_t ref_price_cents(std::int64_t calls) {
    if (calls <= 1000) return 40;
    if (calls <= 10000) return 35;
    if (calls <= 100000) return 30;
    if (calls <= 200000) return 25;
    return -1;
}

std::string ref_money(std::int64_t cents) {
    const std::int64_t magnitude = cents < 0 ? -cents : cents;
    const std::int64_t fraction = magnitude % 100;
    return (cents < 0 ? "-" : "") + std::to_string(magnitude / 100) + "." +
           (fraction < 10 ? "0" : "") + std::to_string(fraction);
}

std::string ref_csv_field(const std::string& text) {
    if (text.find_first_of(",\"") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string two_digits(int value) { return (value < 10 ? "0" : "") + std::to_string(value); }

std::string ref_offset_text(int minutes) {
    const int magnitude = minutes < 0 ? -minutes : minutes;
    return (minutes < 0 ? "-" : "+") + two_digits(magnitude / 60) + ":" +
           two_digits(magnitude % 60);
}

struct ref_event {
    std::string account;
    std::string timestamp;
    std::int64_t seconds;
    std::int64_t calls;
};

struct ref_file {
    std::string events_csv;
    std::string balances_csv;
    std::vector<ref_event> events;
    std::map<std::string, std::int64_t> balances;  // cents
};

// ---- Random input -------------------------------------------------------------------------

class generator {
public:
    explicit generator(std::uint64_t seed) : rng_(seed) {}

    std::int64_t below(std::int64_t n) {
        return static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(n));
    }
    bool chance(int percent) { return below(100) < percent; }

    ref_file file() {
        ref_file f;
        const std::vector<std::string> names = accounts();
        std::vector<int> size_class;
        for (std::size_t i = 0; i < names.size(); ++i)
            size_class.push_back(static_cast<int>(below(5)));
        const std::int64_t count = 20 + below(300);
        for (std::int64_t i = 0; i < count; ++i) {
            const std::size_t who =
                static_cast<std::size_t>(below(static_cast<std::int64_t>(names.size())));
            f.events.push_back(event(names[who], size_class[who]));
        }
        f.events_csv = chance(50) ? "account,timestamp,calls\n" : "account,timestamp,calls\r\n";
        for (const ref_event& e : f.events) {
            f.events_csv += ref_csv_field(e.account) + "," + e.timestamp + "," +
                            std::to_string(e.calls) + (chance(80) ? "\n" : "\r\n");
            if (chance(3)) f.events_csv += "\n";  // empty lines are skipped
        }
        if (chance(30)) f.events_csv.pop_back();  // no final line ending

        // Balances for some of the accounts, and for some that have no events.
        f.balances_csv = "account,balance\n";
        for (std::size_t i = 0; i < names.size() + 3; ++i) {
            if (!chance(70)) continue;
            const std::string name =
                i < names.size() ? names[i] : "only-balance-" + std::to_string(i);
            const std::int64_t cents = chance(10) ? 0 : below(6'000'000) - 500'000;
            f.balances[name] = cents;
            f.balances_csv += ref_csv_field(name) + "," + balance_text(cents) + "\n";
        }
        return f;
    }

private:
    std::vector<std::string> accounts() {
        std::vector<std::string> names = {"acme", "Acme", "beta, inc.", "o\"brien", "zz-top"};
        const std::int64_t extra = below(12);
        for (std::int64_t i = 0; i < extra; ++i)
            names.push_back("acct-" + std::to_string(below(1000)));
        // Duplicates are harmless: the events of both entries add up.
        return names;
    }

    ref_event event(const std::string& account, int size_class) {
        static const std::int64_t max_calls[5] = {5, 60, 2000, 20000, 150000};
        static const int offsets[] = {0,   0,    0,    345,   -210, 330, -480,
                                      840, -720, 1439, -1439, 60,   -570};
        // Months that begin near the billed ones; 2024-03-01 follows the leap day.
        static const int starts[][2] = {{2023, 12}, {2024, 1}, {2024, 2}, {2024, 3}, {2024, 4}};
        const auto& start = starts[below(5)];
        int year = start[0], month = start[1], day = 1;
        const int side = static_cast<int>(below(5));
        if (side < 2) {  // one of the last two days of the month before
            month = month == 1 ? 12 : month - 1;
            year = start[1] == 1 ? year - 1 : year;
            day = ref_month_days(year, month) - side;
        } else if (side < 4) {  // the 1st or the 2nd
            day = side - 1;
        } else {  // mid-month
            day = 10 + static_cast<int>(below(10));
        }
        const int hour = static_cast<int>(below(24));
        const int minute = static_cast<int>(below(60));
        const int second = static_cast<int>(below(60));
        const std::size_t pick =
            static_cast<std::size_t>(below(sizeof offsets / sizeof offsets[0]));
        const int offset =
            chance(10) ? static_cast<int>(below(2 * 1439 + 1)) - 1439 : offsets[pick];

        std::string stamp = std::to_string(year) + "-" + two_digits(month) + "-" + two_digits(day) +
                            (chance(5) ? "t" : "T") + two_digits(hour) + ":" + two_digits(minute) +
                            ":" + two_digits(second);
        if (chance(10)) stamp += ".999";  // a fraction is floored to the second
        if (offset == 0 && pick == 0) {
            stamp += chance(10) ? "z" : "Z";
        } else if (offset == 0 && pick == 2) {
            stamp += "-00:00";
        } else {
            stamp += ref_offset_text(offset);
        }
        return ref_event{account, stamp,
                         ref_seconds(year, month, day, hour, minute, second, offset),
                         below(max_calls[size_class] + 1)};
    }

    std::string balance_text(std::int64_t cents) {
        const std::int64_t magnitude = cents < 0 ? -cents : cents;
        std::string text = std::to_string(magnitude / 100);
        if (magnitude % 100 != 0 || chance(50)) {
            const std::int64_t fraction = magnitude % 100;
            if (fraction % 10 == 0 && chance(50)) {
                text += "." + std::to_string(fraction / 10);
            } else {
                text += "." + std::string(fraction < 10 ? "0" : "") + std::to_string(fraction);
            }
        }
        if (cents < 0) return "-" + text;
        return chance(10) ? "+" + text : text;
    }

    std::mt19937_64 rng_;
};

// The CSV rows a run of `period` (year, month) at `offset` minutes must print, and the number
// of events before and after the month.
struct ref_result {
    std::string rows;
    std::uint64_t before = 0;
    std::uint64_t after = 0;
    std::map<std::int64_t, int> prices;  // how many accounts at each price (-1: quote)
};

ref_result reference(const ref_file& f, int year, int month, int offset) {
    const std::int64_t start = ref_seconds(year, month, 1, 0, 0, 0, offset);
    const std::int64_t end = month == 12 ? ref_seconds(year + 1, 1, 1, 0, 0, 0, offset)
                                         : ref_seconds(year, month + 1, 1, 0, 0, 0, offset);
    ref_result r;
    std::map<std::string, std::int64_t> calls;
    for (const ref_event& e : f.events) {
        calls[e.account] += 0;
        if (e.seconds < start) {
            ++r.before;
        } else if (e.seconds >= end) {
            ++r.after;
        } else {
            calls[e.account] += e.calls;
        }
    }
    for (const auto& b : f.balances) calls[b.first] += 0;
    const std::string period = std::to_string(year) + "-" + two_digits(month);
    for (const auto& [account, n] : calls) {
        const auto found = f.balances.find(account);
        const std::int64_t before = found == f.balances.end() ? 0 : found->second;
        const std::int64_t price = ref_price_cents(n);
        ++r.prices[price];
        const std::int64_t after = price < 0 ? before : before - n * price;
        r.rows += ref_csv_field(account) + "," + period + "," + std::to_string(n) + "," +
                  (price < 0 ? "quote_required" : "priced") + ",USD," +
                  (price < 0 ? "" : ref_money(n * price)) + "," + ref_money(before) + "," +
                  ref_money(after) + "," + (after < 0 ? "suspended" : "active") + "\n";
    }
    return r;
}

// ---- The system under test ----------------------------------------------------------------

template <class Rep>
struct code_table {
    using table = tariff::tier_table<tariff::iso::USD, tariff::decimal<2, Rep>>;
    static table make() {
        return table(tariff::tier_mode::volume, {{1000, "0.40"},
                                                 {10000, "0.35"},
                                                 {100000, "0.30"},
                                                 {200000, "0.25"},
                                                 {tariff::unbounded, tariff::contact_sales}});
    }
};

// The type the command line reads price books into (tariff::book_table), built in code here.
struct book_like_table {
    using table = tariff::tier_table<tariff::runtime_currency, tariff::decimal<18, tariff::cpp_int>,
                                     std::int64_t, 64>;
    static table make() {
        return table(tariff::currency_from_code("USD"), tariff::tier_mode::volume,
                     {{1000, "0.40"},
                      {10000, "0.35"},
                      {100000, "0.30"},
                      {200000, "0.25"},
                      {tariff::unbounded, tariff::contact_sales}});
    }
};

// Feeds `text` to `reader` in random chunks.
template <class Reader, class OnRow>
void feed_in_chunks(Reader& reader, std::string_view text, generator& g, OnRow&& on_row) {
    while (!text.empty()) {
        const std::size_t n = static_cast<std::size_t>(1 + g.below(g.chance(50) ? 64 : 4096));
        const std::size_t take = n < text.size() ? n : text.size();
        reader.feed(text.substr(0, take), on_row);
        text.remove_prefix(take);
    }
    reader.finish(on_row);
}

}  // namespace

TEST_CASE_TEMPLATE("a billing run agrees with an independent reference", Source,
                   code_table<std::int64_t>, code_table<tariff::checked_int128_t>,
                   code_table<tariff::cpp_int>, book_like_table) {
    using table = typename Source::table;
    using amount = typename table::amount_type;
    const table faceid = Source::make();
    const int periods[][2] = {{2024, 2}, {2024, 1}, {2024, 3}, {2023, 12}};
    const int billing_offsets[] = {0, 345, -480, 840, -720, 1439, -1439, -210};

    generator g(0x7a1ff);
    int runs = 0;
    // What the random files covered, so that a generator change cannot quietly make this easy.
    std::map<std::string, int> seen;
    for (int file_number = 0; file_number < 12; ++file_number) {
        const ref_file f = g.file();
        for (const auto& p : periods) {
            for (const int offset : billing_offsets) {
                CAPTURE(file_number);
                CAPTURE(p[0]);
                CAPTURE(p[1]);
                CAPTURE(offset);
                const ref_result expected = reference(f, p[0], p[1], offset);

                tariff::billing_run<table> run(faceid, tariff::billing_period(p[0], p[1]),
                                               tariff::utc_offset(std::chrono::minutes(offset)));
                tariff::balances_csv_reader<amount> balances("balances.csv",
                                                             tariff::currency_from_code("USD"));
                feed_in_chunks(balances, f.balances_csv, g,
                               [&](const tariff::balance_row<amount>& row) {
                                   run.set_balance(row.account, row.balance);
                               });
                tariff::usage_csv_reader events("events.csv");
                feed_in_chunks(events, f.events_csv, g, [&](const tariff::usage_event& e) {
                    run.add(e.account, e.at, e.calls);
                });

                std::string rows;
                for (const auto& bill : run.bills()) tariff::append_csv(rows, bill);
                CHECK(rows == expected.rows);
                CHECK(run.events_before() == expected.before);
                CHECK(run.events_after() == expected.after);
                CHECK(events.rows() == f.events.size());
                ++runs;
                for (const char* what : {",quote_required,", ",active\n", ",suspended\n",
                                         ",priced,USD,0.00,", "\"", ",-"}) {
                    if (expected.rows.find(what) != std::string::npos) ++seen[what];
                }
                for (const auto& price : expected.prices)
                    ++seen["price " + std::to_string(price.first)];
                seen["before"] += expected.before > 0;
                seen["after"] += expected.after > 0;
            }
        }
    }
    CHECK(runs == 12 * 4 * 8);
    for (const char* what :
         {",quote_required,", ",active\n", ",suspended\n", ",priced,USD,0.00,", "\"", ",-",
          "before", "after", "price 40", "price 35", "price 30", "price 25"}) {
        const std::string covered = what;
        CAPTURE(covered);
        CHECK(seen[what] > runs / 4);
    }
}

TEST_CASE("the reference calendar knows the leap day and the month lengths") {
    // Checks of the reference itself, against dates known by heart.
    CHECK(ref_days_since_2000(2000, 3, 1) == 31 + 29);
    CHECK(ref_days_since_2000(2001, 1, 1) == 366);
    CHECK(ref_days_since_2000(2024, 3, 1) - ref_days_since_2000(2024, 2, 1) == 29);
    CHECK(ref_days_since_2000(2023, 3, 1) - ref_days_since_2000(2023, 2, 1) == 28);
    CHECK(ref_days_since_2000(2024, 1, 1) - ref_days_since_2000(2023, 12, 1) == 31);
    // 2000-01-01 is 10957 days after 1970-01-01, 2024-02-01T00:00:00Z is 1706745600 s.
    CHECK((10957 + ref_days_since_2000(2024, 2, 1)) * 86400 == 1706745600);
    CHECK(ref_seconds(2024, 2, 1, 5, 45, 0, 345) == ref_seconds(2024, 2, 1, 0, 0, 0, 0));
    CHECK(ref_money(-5) == "-0.05");
    CHECK(ref_money(600000) == "6000.00");
}
